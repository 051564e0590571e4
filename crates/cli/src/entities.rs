//! `chronicle entities` and `chronicle entity NAME`.

use anyhow::{Result, bail};
use chronicle_core::EntityType;
use chronicle_gazetteer::{ATTRIBUTION, Gazetteer};
use chronicle_store::{Alias, EntityMention, EntityRecord, Store};
use serde::Serialize;

use crate::exit;

#[derive(clap::Args, Debug)]
pub struct EntitiesArgs {
    /// Only entities of this type: person, place or org.
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    kind: Option<EntityType>,
    /// Show at most N entities (most mentioned first); 0 = all.
    #[arg(long, default_value_t = 0)]
    limit: usize,
}

#[derive(clap::Args, Debug)]
pub struct EntityArgs {
    /// An entity id (`shusha`), its name, or any name form in any script
    /// (`Шуша`, `Şuşa`, `Shushi`); every matching entity is shown, so a
    /// surname shows all namesakes.
    name: String,
    /// Show at most N mentions per entity; 0 = all.
    #[arg(long, default_value_t = 0)]
    mentions: usize,
}

fn parse_type(s: &str) -> Result<EntityType, String> {
    EntityType::parse(s)
        .ok_or_else(|| format!("unknown entity type {s:?} (use person, place or org)"))
}

fn coords(e: &EntityRecord) -> String {
    match (e.lat, e.lon) {
        (Some(lat), Some(lon)) => {
            let kind = match e.place_kind.as_deref() {
                Some("region") => " (region: representative point)",
                Some("country") => " (country: its capital)",
                _ => "",
            };
            format!("{lat:.4}, {lon:.4}{kind}")
        }
        _ => "-".to_string(),
    }
}

pub fn list(store: &Store, json: bool, args: EntitiesArgs) -> Result<u8> {
    let mut all = store.entities(args.kind)?;
    if args.limit > 0 {
        all.truncate(args.limit);
    }
    if json {
        for e in &all {
            out!("{}", serde_json::to_string(e)?);
        }
        return Ok(exit::OK);
    }
    if all.is_empty() {
        out!("no entities (ingest documents first, or try another --type)");
        return Ok(exit::OK);
    }
    out!(
        "{:<32} {:<7} {:>8} {:>5}  coordinates",
        "id",
        "type",
        "mentions",
        "docs"
    );
    for e in &all {
        let id = if same_words(&e.name, &e.id) {
            e.id.clone()
        } else {
            format!("{} ({})", e.id, e.name)
        };
        out!(
            "{:<32} {:<7} {:>8} {:>5}  {}",
            id,
            e.kind.as_str(),
            e.mentions,
            e.documents,
            coords(e)
        );
    }
    Ok(exit::OK)
}

fn same_words(name: &str, id: &str) -> bool {
    chronicle_entities::slug(name) == id
}

#[derive(Serialize)]
struct EntityView<'a> {
    #[serde(flatten)]
    entity: &'a EntityRecord,
    aliases: Vec<Alias>,
    /// Names the gazetteer knows for the place (other languages, historical).
    gazetteer_names: Vec<String>,
    mentions: Vec<EntityMention>,
}

/// Entities whose id, name or any mention form matches `query` by one of the
/// name keys (folded, romanised stem, or skeleton with similar keys).
pub(crate) fn matching(store: &Store, query: &str) -> Result<Vec<EntityRecord>> {
    Ok(chronicle_search::aliases::entities_named(store, query)?)
}

pub fn show(store: &Store, json: bool, args: EntityArgs) -> Result<u8> {
    let found = matching(store, args.name.trim())?;
    if found.is_empty() {
        bail!(
            "no entity matches {:?}; `chronicle entities` lists them all",
            args.name
        );
    }
    let gazetteer = Gazetteer::shared();
    for e in &found {
        let mut mentions = store.entity_mentions(&e.id)?;
        if args.mentions > 0 {
            mentions.truncate(args.mentions);
        }
        let gazetteer_names = e
            .place
            .as_deref()
            .and_then(|p| gazetteer.by_id(p))
            .map(|p| p.names.iter().take(60).cloned().collect())
            .unwrap_or_default();
        let view = EntityView {
            entity: e,
            aliases: store.entity_aliases(&e.id)?,
            gazetteer_names,
            mentions,
        };
        if json {
            out!("{}", serde_json::to_string(&view)?);
            continue;
        }
        out!("{}  [{}]  id {}", e.name, e.kind.as_str(), e.id);
        out!("  mentions: {} in {} document(s)", e.mentions, e.documents);
        if e.lat.is_some() {
            out!(
                "  coordinates: {}  ({})",
                coords(e),
                e.place.as_deref().unwrap_or("")
            );
        }
        let aliases: Vec<String> = view
            .aliases
            .iter()
            .map(|a| format!("{} ({} ×{})", a.text, a.lang, a.count))
            .collect();
        out!("  names in the sources: {}", aliases.join(", "));
        if !view.gazetteer_names.is_empty() {
            out!("  gazetteer names: {}", view.gazetteer_names.join(", "));
        }
        for m in &view.mentions {
            out!(
                "  {}@{}-{} [{}] {}: {}",
                m.doc,
                m.start,
                m.end,
                m.lang,
                m.text,
                m.sentence.trim()
            );
        }
        out!("");
    }
    if !json && found.iter().any(|e| e.lat.is_some()) {
        out!("{ATTRIBUTION}");
    }
    Ok(exit::OK)
}
