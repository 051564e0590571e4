//! GeoJSON in the Linked Places format (LPF v1.1, the contribution format
//! of the World Historical Gazetteer and Pelagios; spec:
//! <https://github.com/LinkedPasts/linked-places>), for QGIS, geojson.io
//! and a WHG upload.
//!
//! The export is one RFC 7946 `FeatureCollection` with the LPF JSON-LD
//! `@context` (`linkedplaces-context-v1.1.jsonld`) and one `Feature` per
//! place entity of the [`Dataset`]:
//!
//! | LPF | Chronicle |
//! |---|---|
//! | `@id` | the entity's IRI ([`Dataset::entity_iri`]) |
//! | `properties.title` | the entity's canonical name; beside it `mentions`, `documents`, `events` (dated events told at the place), `place_kind`, `place` (gazetteer id) and `location`, which says what the point is |
//! | `geometry` | a `Point` `[lon, lat]` where the gazetteer gave coordinates, with LPF's `certainty`: `certain` for a settlement, `less-certain` for a region (a representative point) and a country (its capital's point); `null` (a GeoJSON feature without location) where the gazetteer had no coordinates |
//! | `names[]` | every name form (`toponym`) as written in the documents covered, with its language (`lang`) and `citations`: the documents it is attested in (`label` = title, `@id` = the document's IRI) |
//! | `types[]` | `settlement`, `region`, `country` as Getty AAT concepts (inhabited place, region (geographic), country), with Chronicle's word as `sourceLabels` |
//! | `when.timespans` | one timespan from the first to the last day of the dated events told at the place |
//! | `links[]` | `closeMatch` to GeoNames (`geonames:147105` → `https://sws.geonames.org/147105/`) |
//!
//! Left out: LPF's GeometryCollection wrapper (the spec's example wraps
//! points in one; a plain `Point` is equally valid GeoJSON and is what QGIS
//! loads as a point layer; and for an unknown location the spec's
//! `"geometries": ["null"]` is not valid GeoJSON, so the geometry is
//! `null`), name forms not attested in the documents covered, `ccodes` (the gazetteer extract has no country
//! codes), `relations` (Chronicle knows no part-of relations) and
//! `descriptions`. Places of the curated list (`chronicle:zangezur`) have
//! no GeoNames id and so no link.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chronicle_core::EntityType;
use serde_json::{Value, json};

use crate::{Dataset, EntityData, ExportError};

/// The LPF v1.1 JSON-LD context.
pub const CONTEXT: &str = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld";

pub fn write(ds: &Dataset<'_>, w: &mut dyn Write) -> Result<u64, ExportError> {
    let attested = attestations(ds)?;
    let titles = doc_titles(ds);
    let features: Vec<Value> = ds
        .entities
        .iter()
        .filter(|e| e.record.kind == EntityType::Place)
        .map(|e| feature(ds, e, &attested, &titles))
        .collect();
    let n = features.len() as u64;
    let collection = json!({
        "type": "FeatureCollection",
        "@context": CONTEXT,
        "features": features,
    });
    serde_json::to_writer_pretty(&mut *w, &collection)?;
    writeln!(w)?;
    Ok(n)
}

/// Document name → its title (the name when it has none), for labels.
pub(crate) fn doc_titles<'d>(ds: &'d Dataset<'_>) -> BTreeMap<&'d str, &'d str> {
    ds.documents
        .iter()
        .map(|d| (d.name.as_str(), d.title.as_deref().unwrap_or(&d.name)))
        .collect()
}

/// `(entity, name form, language)` → the documents the form is written in.
type Attested = BTreeMap<(String, String, String), BTreeSet<String>>;

fn attestations(ds: &Dataset<'_>) -> Result<Attested, ExportError> {
    let mut out = Attested::new();
    for doc in ds.annotated() {
        let doc = doc?;
        for (m, e) in doc.doc.mentions.iter().zip(&doc.entities) {
            if let Some(e) = e {
                out.entry((e.clone(), m.text.clone(), m.lang.clone()))
                    .or_default()
                    .insert(doc.summary.name.clone());
            }
        }
    }
    Ok(out)
}

fn feature(
    ds: &Dataset<'_>,
    e: &EntityData,
    attested: &Attested,
    titles: &BTreeMap<&str, &str>,
) -> Value {
    let r = &e.record;
    let kind = r.place_kind.as_deref();
    let (certainty, location) = match kind {
        Some("region") => ("less-certain", "a representative point of the region"),
        Some("country") => ("less-certain", "the point of the country's capital"),
        _ => ("certain", "the settlement's point"),
    };
    let geometry = match (r.lat, r.lon) {
        (Some(lat), Some(lon)) => {
            json!({ "type": "Point", "coordinates": [lon, lat], "certainty": certainty })
        }
        _ => Value::Null,
    };
    let names: Vec<Value> = e
        .aliases
        .iter()
        .filter_map(|a| {
            let docs = attested.get(&(r.id.clone(), a.text.clone(), a.lang.clone()))?;
            let citations: Vec<Value> = docs
                .iter()
                .map(|d| json!({ "label": titles.get(d.as_str()).copied().unwrap_or(d), "@id": ds.doc_iri(d) }))
                .collect();
            Some(json!({ "toponym": a.text, "lang": a.lang, "citations": citations }))
        })
        .collect();
    let dated: Vec<(&str, &str)> = ds
        .events
        .iter()
        .filter(|ev| ev.places.contains(&r.id))
        .filter_map(|ev| Some((ev.start.as_deref()?, ev.end.as_deref()?)))
        .collect();
    let mut f = json!({
        "type": "Feature",
        "@id": ds.entity_iri(&r.id),
        "properties": {
            "title": r.name,
            "mentions": r.mentions,
            "documents": r.documents,
            "events": dated.len(),
            "place_kind": kind,
            "place": r.place,
            "location": geometry.is_object().then_some(location),
        },
        "geometry": geometry,
        "names": names,
    });
    if let Some((identifier, label)) = kind.and_then(aat_type) {
        f["types"] = json!([{
            "identifier": identifier,
            "label": label,
            "sourceLabels": [{ "label": kind, "lang": "en" }],
        }]);
    }
    let first = dated.iter().map(|d| d.0).min();
    let last = dated.iter().map(|d| d.1).max();
    if let (Some(first), Some(last)) = (first, last) {
        f["when"] = json!({
            "timespans": [{ "start": { "in": first }, "end": { "in": last } }],
            "label": format!("the days of the {} dated events told at this place", dated.len()),
        });
    }
    if let Some(id) = r.place.as_deref().and_then(|p| p.strip_prefix("geonames:")) {
        f["links"] = json!([{ "type": "closeMatch", "identifier": format!("https://sws.geonames.org/{id}/") }]);
    }
    f
}

/// The Getty AAT concept (WHG's place type subset) of a gazetteer kind.
fn aat_type(kind: &str) -> Option<(&'static str, &'static str)> {
    match kind {
        "settlement" => Some(("aat:300008347", "inhabited place")),
        "region" => Some(("aat:300182722", "region (geographic)")),
        "country" => Some(("aat:300387506", "country")),
        _ => None,
    }
}
