//! The corpus stage against the store: read every mention, resolve, and
//! write entities and links back in one transaction.

use chronicle_core::EntityType;
use chronicle_gazetteer::Gazetteer;
use chronicle_store::{EntityRecord, ResolutionWrite, Store, StoreError, StoredMention};

use crate::resolve::{MentionRef, Resolution, resolve};

/// Resolves stored mentions into entity records and per-mention links
/// (mention row id, entity id).
pub fn resolve_stored(stored: &[StoredMention]) -> (Vec<EntityRecord>, Vec<(i64, Option<String>)>) {
    let refs: Vec<MentionRef<'_>> = stored
        .iter()
        .map(|m| MentionRef {
            doc: m.doc_id,
            text: &m.text,
            lang: &m.lang,
            kind: m.kind,
            cue: m.cue,
            place: m.place.as_deref(),
            previous: m.entity.as_deref(),
        })
        .collect();
    let Resolution {
        entities,
        assignment,
    } = resolve(&refs);
    let gazetteer = Gazetteer::shared();
    let records = entities
        .iter()
        .map(|e| {
            let place = e.place.as_deref().and_then(|p| gazetteer.by_id(p));
            let mut docs: Vec<i64> = e.mentions.iter().map(|&i| stored[i].doc_id).collect();
            docs.dedup();
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
        .zip(&assignment)
        .map(|(m, a)| (m.id, a.map(|e| entities[e].id.clone())))
        .collect();
    (records, links)
}

/// Re-resolves the whole store (after an ingest). Writes only what changed.
pub fn resolve_store(store: &mut Store) -> Result<ResolutionWrite, StoreError> {
    let stored = store.mentions_for_resolution()?;
    let (records, links) = resolve_stored(&stored);
    let links: Vec<(i64, Option<&str>)> = links.iter().map(|(id, e)| (*id, e.as_deref())).collect();
    store.save_resolution(&records, &links)
}
