//! The corpus stage against the store: read every mention, resolve, and
//! write entities and links back in one transaction.

use chronicle_core::EntityType;
use chronicle_core::corrections::{Correction, CorrectionStatus};
use chronicle_gazetteer::Gazetteer;
use chronicle_store::{
    DocSummary, EntityRecord, ResolutionWrite, Store, StoreError, StoredMention,
};

use crate::resolve::{MentionRef, Resolution, resolve};

/// The entity links of one stored mention: row id, the resolver's own
/// entity, and the entity after the user's corrections.
pub type Link = (i64, Option<String>, Option<String>);

/// Resolves stored mentions into entity records and per-mention links, and
/// applies the user's entity corrections (`list`, naming documents of
/// `docs`); returns the records, the links and the corrections' statuses.
pub fn resolve_stored(
    stored: &[StoredMention],
    docs: &[DocSummary],
    list: &[Correction],
) -> (Vec<EntityRecord>, Vec<Link>, Vec<CorrectionStatus>) {
    let refs: Vec<MentionRef<'_>> = stored
        .iter()
        .map(|m| MentionRef {
            doc: m.doc_id,
            text: &m.text,
            lang: &m.lang,
            kind: m.kind,
            cue: m.cue,
            place: m.place.as_deref(),
            previous: m.raw_entity.as_deref(),
        })
        .collect();
    let mut res = resolve(&refs);
    let raw: Vec<Option<String>> = res
        .assignment
        .iter()
        .map(|a| a.map(|e| res.entities[e].id.clone()))
        .collect();
    let statuses = crate::corrections::apply(&mut res, stored, docs, list);
    let Resolution {
        entities,
        assignment,
    } = res;
    let gazetteer = Gazetteer::shared();
    let records = entities
        .iter()
        .map(|e| {
            let place = e.place.as_deref().and_then(|p| gazetteer.by_id(p));
            let mut docs: Vec<i64> = e.mentions.iter().map(|&i| stored[i].doc_id).collect();
            docs.sort_unstable();
            docs.dedup();
            EntityRecord {
                id: e.id.clone(),
                kind: e.kind,
                name: e.name.clone(),
                place: e.place.clone(),
                place_kind: place
                    .filter(|_| e.kind == EntityType::Place)
                    .map(|p| p.kind.as_str().to_string()),
                lat: place.map(|p| p.lat),
                lon: place.map(|p| p.lon),
                mentions: e.mentions.len() as u64,
                documents: docs.len() as u64,
            }
        })
        .collect();
    let links = stored
        .iter()
        .zip(raw)
        .zip(&assignment)
        .map(|((m, raw), a)| (m.id, raw, a.map(|e| entities[e].id.clone())))
        .collect();
    (records, links, statuses)
}

/// Re-resolves the whole store (after an ingest or a new corrections
/// file), applying the stored corrections. Writes only what changed;
/// returns what it wrote and the entity corrections' statuses.
pub fn resolve_store(
    store: &mut Store,
) -> Result<(ResolutionWrite, Vec<CorrectionStatus>), StoreError> {
    let stored = store.mentions_for_resolution()?;
    let docs = store.list_documents()?;
    let list = store.corrections()?;
    let (records, links, statuses) = resolve_stored(&stored, &docs, &list);
    let links: Vec<(i64, Option<&str>, Option<&str>)> = links
        .iter()
        .map(|(id, raw, e)| (*id, raw.as_deref(), e.as_deref()))
        .collect();
    Ok((store.save_resolution(&records, &links)?, statuses))
}
