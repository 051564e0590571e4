//! JSON-LD (1.1; the context uses only 1.0 features) with the schema.org
//! vocabulary: the events, places, people, organisations, claims, source
//! sentences, documents, disagreements and cited works of a [`Dataset`] as
//! one `@graph`.
//!
//! The `@context` is written inline (schema.org as `@vocab`, plus the few
//! terms below), so the file expands, compacts and converts to RDF without
//! fetching anything. Identifiers are the HTTP API's addresses under the
//! export's base (see [`crate::iri`]).
//!
//! | Chronicle | JSON-LD node |
//! |---|---|
//! | event | `Event`: `name` (label), `startDate`/`endDate` (`xsd:date`, the earliest and latest day told), `location` → its places, `attendee` → its people and organisations (by each entity's resolved type), `eventClass` |
//! | entity | `Place` (`geo` `GeoCoordinates`, `sameAs` `https://sws.geonames.org/N/` for a `geonames:N` place, `gazetteerId`, `placeKind`), `Person`, `Organization`; `alternateName` holds every name form with its language tag |
//! | telling | `Claim`: `text` (the sentence), `inLanguage`, `about` → the event, `appearance` → the source sentence, `author` → who the text says the claim comes from ("according to Druganov's memoirs": Druganov, not the document) with the wording in an `Attribution` node, `citation` → the works cited at the sentence (or the reference text when no work was parsed), `timeValue` (EDTF), `mentions` → the places and participants named, `statedQuantity` (`QuantitativeValue`s) |
//! | sentence | `CreativeWork` + `SourceSentence`, `@id` = the sentence's byte span (`…/api/documents/NAME#bytes=S-E`), `isPartOf` → the document, `url` → the web UI's reader at that place, `byteStart`/`byteEnd` |
//! | document | `CreativeWork`: `name` (title, else file name), `identifier` (the name exports use), `inLanguage`, `url` (reader), `isBasedOn` (the original URL when the store has one), `encodingFormat` |
//! | disagreement | `Disagreement`: `about` → the event, `slot`, `description`, `lowValue`/`highValue`, `competingClaim` → one `Claim` per source, each with `claimValue`, `wording`, its document (via `appearance`), `author` and `citation`, and `isBasedOn` → the telling's `Claim`. No side is marked right. |
//! | cited work | `CreativeWork` (plus `Book`, `ScholarlyArticle`, `Chapter`, … when the kind is known): `name` (title), `author` (`Person` names), `datePublished` (`xsd:gYear`), `publisher`, `locationCreated`, `inLanguage`, `isPartOf` (journal or book), `url`, `identifier` (DOI as a `PropertyValue`) and `sameAs` `https://doi.org/…`, `referenceEntry` → each reference entry (`ReferenceEntry` nodes with byte spans) |
//!
//! An event's people and organisations go to `attendee` ("a person or
//! organization attending the event"): schema.org's `actor` is for
//! performers, and `organizer`, `performer` and `contributor` claim more
//! than Chronicle knows (a participant's role as agent or target is per
//! telling and not exported). Which of `location` and `attendee` an entity
//! goes to follows its resolved type, so each stays in schema.org's range.
//! Links to entities (places, participants, authors) name only the entities
//! the dataset keeps, so a filtered export has no link out of its graph.
//!
//! The Chronicle vocabulary ([`VOCAB`]) holds what schema.org lacks:
//! classes `SourceSentence`, `ReferenceEntry`, `Attribution`,
//! `Disagreement`; properties `byteStart`/`byteEnd` (UTF-8 byte offsets
//! into the document's source text, the original file decoded), `eventClass`,
//! `predicate`, `timeValue` (typed `http://id.loc.gov/datatypes/edtf/EDTF`;
//! Chronicle writes times to the minute, `1920-04-27T23:00`, where EDTF
//! level 0 asks for seconds), `timeText`, `timeStated` (false when the
//! sentence has no date and the narrative's is inherited), `timeModifier`,
//! `continuation`, `attribution`, `cue`, `sourceNoun`, `statedQuantity`,
//! `counts`, `quantityKind`, `slot`, `lowValue`, `highValue`,
//! `competingClaim`, `claimValue`, `wording`, `referenceEntry`,
//! `gazetteerId`, `placeKind`.
//!
//! Left out: mentions one by one and dates outside tellings (the
//! `web-annotation` export has them), anachronism notes on single tellings
//! (the `anachronism` disagreements carry them), participants' roles,
//! aliases' counts, reference entries' page numbers.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;

use chronicle_core::{Conflict, EntityType, Event, Quantity, Telling, Work};
use chronicle_store::DocSummary;
use serde_json::{Map, Value, json};

use crate::iri::segment;
use crate::{Dataset, EntityData, ExportError};

/// Namespace of the Chronicle terms. It is a fixed name (the same in every
/// export, whatever the base), not an address that answers.
pub const VOCAB: &str = "https://chronicle.invalid/vocab#";

/// The Library of Congress datatype namespace for EDTF literals.
const EDTF: &str = "http://id.loc.gov/datatypes/edtf/";

/// The inline `@context` of the export.
pub fn context() -> Value {
    let id = |term: &str| json!({ "@id": term, "@type": "@id" });
    let typed = |term: &str, ty: &str| json!({ "@id": term, "@type": ty });
    let mut c = Map::new();
    c.insert("@vocab".into(), "https://schema.org/".into());
    c.insert("schema".into(), "https://schema.org/".into());
    c.insert("xsd".into(), "http://www.w3.org/2001/XMLSchema#".into());
    c.insert("edtf".into(), EDTF.into());
    c.insert("chronicle".into(), VOCAB.into());
    for p in [
        "about",
        "appearance",
        "isPartOf",
        "location",
        "attendee",
        "mentions",
        "sameAs",
        "url",
        "isBasedOn",
    ] {
        c.insert(p.into(), id(&format!("schema:{p}")));
    }
    c.insert("startDate".into(), typed("schema:startDate", "xsd:date"));
    c.insert("endDate".into(), typed("schema:endDate", "xsd:date"));
    c.insert(
        "datePublished".into(),
        typed("schema:datePublished", "xsd:gYear"),
    );
    for class in [
        "SourceSentence",
        "ReferenceEntry",
        "Attribution",
        "Disagreement",
    ] {
        c.insert(class.into(), format!("chronicle:{class}").into());
    }
    for p in ["byteStart", "byteEnd"] {
        c.insert(
            p.into(),
            typed(&format!("chronicle:{p}"), "xsd:nonNegativeInteger"),
        );
    }
    c.insert(
        "timeValue".into(),
        typed("chronicle:timeValue", "edtf:EDTF"),
    );
    for p in ["competingClaim", "referenceEntry"] {
        c.insert(p.into(), id(&format!("chronicle:{p}")));
    }
    for p in [
        "eventClass",
        "predicate",
        "timeText",
        "timeStated",
        "timeModifier",
        "continuation",
        "attribution",
        "cue",
        "sourceNoun",
        "statedQuantity",
        "counts",
        "quantityKind",
        "slot",
        "lowValue",
        "highValue",
        "claimValue",
        "wording",
        "gazetteerId",
        "placeKind",
    ] {
        c.insert(p.into(), format!("chronicle:{p}").into());
    }
    Value::Object(c)
}

/// Writes `ds` as one JSON-LD document; returns the number of nodes in its
/// `@graph`.
pub fn write(ds: &Dataset<'_>, w: &mut dyn Write) -> Result<u64, ExportError> {
    let mut g = Graph::default();
    for d in &ds.documents {
        g.push(document(ds, d));
    }
    for e in &ds.entities {
        g.push(entity(ds, e));
    }
    let mut telling_ids: TellingIds = HashMap::new();
    for e in &ds.events {
        g.push(event(ds, e));
        for t in &e.tellings {
            let id = g.unique(format!(
                "{}#{}:{}-{}",
                ds.event_iri(&e.id),
                segment(&t.doc),
                t.start,
                t.end
            ));
            telling_ids.insert((&e.id, &t.doc, t.start, t.end), id.clone());
            let sentence = (t.doc.as_str(), t.sentence_start, t.sentence_end);
            g.span(ds, "SourceSentence", sentence, &t.text, Some(&t.lang));
            g.push(claim(ds, e, t, id));
        }
    }
    for c in &ds.conflicts {
        disagreement(ds, c, &telling_ids, &mut g);
    }
    for work in &ds.works {
        let node = cited_work(ds, work, &mut g);
        g.push(node);
    }
    let nodes = g.nodes.len() as u64;
    let doc = json!({ "@context": context(), "@graph": g.nodes });
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)?;
    Ok(nodes)
}

/// The ids of the tellings' claims by event, document and span.
type TellingIds<'d> = HashMap<(&'d str, &'d str, usize, usize), String>;

/// Adds a disagreement: one `Claim` per source, linked to the telling's
/// claim it restates, and the `Disagreement` listing them all.
fn disagreement(ds: &Dataset<'_>, c: &Conflict, telling_ids: &TellingIds<'_>, g: &mut Graph) {
    let event = ds.events.iter().find(|e| e.id == c.event);
    let conflict_iri = ds.conflict_iri(&c.id);
    let mut competing = Vec::new();
    for (i, cl) in c.claims.iter().enumerate() {
        let telling = event.and_then(|e| {
            e.tellings
                .iter()
                .find(|t| t.doc == cl.doc && t.start == cl.start && t.end == cl.end)
        });
        let (start, end) =
            telling.map_or((cl.start, cl.end), |t| (t.sentence_start, t.sentence_end));
        let sentence = (cl.doc.as_str(), start, end);
        let appearance = g.span(ds, "SourceSentence", sentence, &cl.sentence, Some(&cl.lang));
        let author = match telling.and_then(|t| t.attribution.as_ref()) {
            Some(a) => Some(author(ds, a.entity.as_deref(), &a.source)),
            None => cl.attributed_to.as_deref().map(|s| author(ds, None, s)),
        };
        let based_on = telling_ids.get(&(c.event.as_str(), cl.doc.as_str(), cl.start, cl.end));
        let id = format!("{conflict_iri}#claim-{}", i + 1);
        competing.push(Value::String(id.clone()));
        g.push(
            Node::new(id, "Claim")
                .set("text", cl.sentence.as_str())
                .set("inLanguage", cl.lang.as_str())
                .set("about", ds.event_iri(&c.event))
                .set("appearance", appearance)
                .set("byteStart", cl.start)
                .set("byteEnd", cl.end)
                .set("claimValue", cl.value.as_str())
                .set("wording", cl.wording.as_str())
                .opt("isBasedOn", based_on.cloned())
                .opt("author", author)
                .list(
                    "citation",
                    cl.references
                        .iter()
                        .map(|r| json!({ "@id": ds.work_iri(r) }))
                        .collect(),
                )
                .done(),
        );
    }
    g.push(
        Node::new(conflict_iri, "Disagreement")
            .set("identifier", c.id.as_str())
            .set("about", ds.event_iri(&c.event))
            .set("slot", c.slot.as_str())
            .set("description", c.about.as_str())
            .opt("lowValue", c.low.clone())
            .opt("highValue", c.high.clone())
            .list("competingClaim", competing)
            .done(),
    );
}

/// The graph being written, with the ids already used.
#[derive(Default)]
struct Graph {
    nodes: Vec<Value>,
    ids: HashSet<String>,
}

impl Graph {
    fn push(&mut self, node: Value) {
        if let Some(id) = node.get("@id").and_then(Value::as_str) {
            self.ids.insert(id.to_string());
        }
        self.nodes.push(node);
    }

    /// `id`, or `id` with `~2`, `~3`… when a node already has it.
    fn unique(&mut self, id: String) -> String {
        let mut candidate = id.clone();
        let mut n = 1;
        while self.ids.contains(&candidate) {
            n += 1;
            candidate = format!("{id}~{n}");
        }
        self.ids.insert(candidate.clone());
        candidate
    }

    /// Adds a node for a byte span `(doc, start, end)` of a document once
    /// (class `SourceSentence` or `ReferenceEntry`); returns its id.
    fn span(
        &mut self,
        ds: &Dataset<'_>,
        class: &str,
        (doc, start, end): (&str, usize, usize),
        text: &str,
        lang: Option<&str>,
    ) -> String {
        let id = ds.span_iri(doc, start, end);
        if !self.ids.contains(&id) {
            self.push(
                Node::new(id.clone(), json!(["CreativeWork", class]))
                    .set("text", text)
                    .opt("inLanguage", lang)
                    .set("isPartOf", ds.doc_iri(doc))
                    .set("url", ds.reader_url(doc, start))
                    .set("byteStart", start)
                    .set("byteEnd", end)
                    .done(),
            );
        }
        id
    }
}

/// A node being built: keys with no value are left out.
struct Node(Map<String, Value>);

impl Node {
    fn new(id: String, ty: impl Into<Value>) -> Node {
        let mut m = Map::new();
        m.insert("@id".into(), id.into());
        m.insert("@type".into(), ty.into());
        Node(m)
    }

    fn blank(ty: &str) -> Node {
        let mut m = Map::new();
        m.insert("@type".into(), ty.into());
        Node(m)
    }

    fn set(mut self, key: &str, value: impl Into<Value>) -> Node {
        self.0.insert(key.into(), value.into());
        self
    }

    fn opt<T: Into<Value>>(self, key: &str, value: Option<T>) -> Node {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    fn list(self, key: &str, values: Vec<Value>) -> Node {
        if values.is_empty() {
            self
        } else {
            self.set(key, values)
        }
    }

    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

fn document(ds: &Dataset<'_>, d: &DocSummary) -> Value {
    let format = match d.format {
        chronicle_core::Format::Text | chronicle_core::Format::Jsonl => "text/plain",
        chronicle_core::Format::Markdown => "text/markdown",
        chronicle_core::Format::Html => "text/html",
    };
    Node::new(ds.doc_iri(&d.name), "CreativeWork")
        .set("name", d.title.as_deref().unwrap_or(&d.name))
        .set("identifier", d.name.as_str())
        .opt("inLanguage", d.main_lang.as_deref())
        .set("url", ds.reader_url(&d.name, 0))
        .opt("isBasedOn", d.url.as_deref().filter(|u| iri_like(u)))
        .set("encodingFormat", format)
        .done()
}

fn entity(ds: &Dataset<'_>, e: &EntityData) -> Value {
    let r = &e.record;
    let ty = match r.kind {
        EntityType::Person => "Person",
        EntityType::Place => "Place",
        EntityType::Org => "Organization",
    };
    let mut seen = HashSet::new();
    let names: Vec<Value> = e
        .aliases
        .iter()
        .filter(|a| seen.insert((a.text.as_str(), a.lang.as_str())))
        .map(|a| {
            if a.lang == chronicle_core::UNDETERMINED {
                Value::String(a.text.clone())
            } else {
                json!({ "@value": a.text, "@language": a.lang })
            }
        })
        .collect();
    let geo = match (r.lat, r.lon) {
        (Some(lat), Some(lon)) => Some(
            Node::blank("GeoCoordinates")
                .set("latitude", lat)
                .set("longitude", lon)
                .done(),
        ),
        _ => None,
    };
    let geonames = r
        .place
        .as_deref()
        .and_then(|p| p.strip_prefix("geonames:"))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .map(|n| format!("https://sws.geonames.org/{n}/"));
    Node::new(ds.entity_iri(&r.id), ty)
        .set("name", r.name.as_str())
        .set("identifier", r.id.as_str())
        .list("alternateName", names)
        .opt("geo", geo)
        .opt("sameAs", geonames)
        .opt("gazetteerId", r.place.as_deref())
        .opt("placeKind", r.place_kind.as_deref())
        .done()
}

/// The IRIs of the entities among `ids` that the dataset keeps (a filtered
/// export keeps fewer), so that no link leads out of the graph.
fn entity_links<'a>(ds: &Dataset<'_>, ids: impl IntoIterator<Item = &'a str>) -> Vec<Value> {
    ids.into_iter()
        .filter(|id| ds.entity(id).is_some())
        .map(|id| Value::String(ds.entity_iri(id)))
        .collect()
}

fn event(ds: &Dataset<'_>, e: &Event) -> Value {
    // By the entity's own type: schema.org's `location` is a Place and
    // `attendee` a Person or Organization, whichever list the extraction put
    // the entity in.
    let mut seen = HashSet::new();
    let (places, others): (Vec<&str>, Vec<&str>) = e
        .places
        .iter()
        .chain(&e.participants)
        .map(String::as_str)
        .filter(|id| seen.insert(*id))
        .partition(|id| {
            ds.entity(id)
                .is_some_and(|x| x.record.kind == EntityType::Place)
        });
    Node::new(ds.event_iri(&e.id), "Event")
        .set("identifier", e.id.as_str())
        .set("name", e.label.as_str())
        .opt("startDate", e.start.as_deref().filter(|d| is_day(d)))
        .opt("endDate", e.end.as_deref().filter(|d| is_day(d)))
        .list("location", entity_links(ds, places))
        .list("attendee", entity_links(ds, others))
        .list("eventClass", e.classes.iter().map(|c| json!(c)).collect())
        .done()
}

fn claim(ds: &Dataset<'_>, e: &Event, t: &Telling, id: String) -> Value {
    let named: BTreeSet<&str> = t
        .places
        .iter()
        .chain(&t.participants)
        .filter_map(|p| p.entity.as_deref())
        .collect();
    let mut citations = Vec::new();
    for r in &t.references {
        let c = match (&r.work, &r.text) {
            (Some(w), _) => json!({ "@id": ds.work_iri(w) }),
            (None, Some(text)) => json!(text),
            (None, None) => continue,
        };
        if !citations.contains(&c) {
            citations.push(c);
        }
    }
    let mut node = Node::new(id, "Claim")
        .set("text", t.text.as_str())
        .set("inLanguage", t.lang.as_str())
        .set("about", ds.event_iri(&e.id))
        .set(
            "appearance",
            ds.span_iri(&t.doc, t.sentence_start, t.sentence_end),
        )
        .set("byteStart", t.start)
        .set("byteEnd", t.end)
        .list("eventClass", t.classes.iter().map(|c| json!(c)).collect())
        .set("predicate", t.predicate.as_str())
        .set("continuation", t.continuation)
        .list("mentions", entity_links(ds, named))
        .list("citation", citations)
        .list(
            "statedQuantity",
            t.quantities.iter().map(quantity).collect(),
        );
    if let Some(time) = &t.time {
        node = node
            .set("timeValue", time.value.as_str())
            .opt(
                "timeText",
                Some(time.text.as_str()).filter(|s| !s.is_empty()),
            )
            .set("timeStated", time.explicit)
            .opt("timeModifier", time.modifier.as_deref());
    }
    if let Some(a) = &t.attribution {
        node = node
            .set("author", author(ds, a.entity.as_deref(), &a.source))
            .set(
                "attribution",
                Node::blank("Attribution")
                    .set("name", a.source.as_str())
                    .set("cue", a.cue.as_str())
                    .opt("sourceNoun", a.noun.as_deref())
                    .set("byteStart", a.start)
                    .set("byteEnd", a.end)
                    .done(),
            );
    }
    node.done()
}

/// Who a claim comes from: the linked entity (when the dataset keeps it),
/// else a node with the name as written.
fn author(ds: &Dataset<'_>, entity: Option<&str>, name: &str) -> Value {
    match entity.filter(|id| ds.entity(id).is_some()) {
        Some(id) => json!({ "@id": ds.entity_iri(id) }),
        None => json!({ "name": name }),
    }
}

fn quantity(q: &Quantity) -> Value {
    let exact = match (q.low, q.high) {
        (Some(l), Some(h)) if l == h => Some(number(l)),
        _ => None,
    };
    Node::blank("QuantitativeValue")
        .opt("value", exact)
        .opt("minValue", q.low.map(number))
        .opt("maxValue", q.high.map(number))
        .opt("unitText", q.what.as_deref())
        .set("description", q.text.as_str())
        .set("claimValue", q.value.as_str())
        .set("quantityKind", q.kind.as_str())
        .opt("counts", q.counts.as_deref())
        .set("byteStart", q.start)
        .set("byteEnd", q.end)
        .done()
}

/// A figure as a JSON integer when it is whole.
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

fn cited_work(ds: &Dataset<'_>, work: &Work, g: &mut Graph) -> Value {
    let f = &work.fields;
    let specific = match f.kind.as_deref() {
        Some("book") => Some("Book"),
        Some("chapter") => Some("Chapter"),
        Some("article-journal") => Some("ScholarlyArticle"),
        Some("article-newspaper") => Some("NewsArticle"),
        Some("article" | "article-magazine") => Some("Article"),
        Some("thesis") => Some("Thesis"),
        Some("report") => Some("Report"),
        Some("webpage") => Some("WebPage"),
        _ => None,
    };
    let ty = match specific {
        Some(s) => json!(["CreativeWork", s]),
        None => json!("CreativeWork"),
    };
    let entries: Vec<Value> = work
        .citations
        .iter()
        .filter(|c| c.kind == "entry")
        .map(|c| {
            json!(g.span(
                ds,
                "ReferenceEntry",
                (&c.doc, c.start, c.end),
                &c.text,
                None
            ))
        })
        .collect();
    let year = f.year.map(|y| {
        if y < 0 {
            format!("-{:04}", -i64::from(y))
        } else {
            format!("{y:04}")
        }
    });
    let doi = f.doi.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let doi_url = doi
        .map(|d| format!("https://doi.org/{d}"))
        .filter(|u| iri_like(u));
    Node::new(ds.work_iri(&work.id), ty)
        .opt("name", f.title.as_deref())
        .opt(
            "description",
            f.title
                .is_none()
                .then(|| work.citations.iter().find(|c| c.kind == "entry"))
                .flatten()
                .map(|c| c.text.as_str()),
        )
        .list(
            "author",
            f.authors
                .iter()
                .map(|a| Node::blank("Person").set("name", a.as_str()).done())
                .collect(),
        )
        .opt("datePublished", year)
        .opt(
            "publisher",
            f.publisher
                .as_deref()
                .map(|p| Node::blank("Organization").set("name", p).done()),
        )
        .opt(
            "locationCreated",
            f.place
                .as_deref()
                .map(|p| Node::blank("Place").set("name", p).done()),
        )
        .opt(
            "isPartOf",
            f.container
                .as_deref()
                .map(|c| Node::blank("CreativeWork").set("name", c).done()),
        )
        .opt("inLanguage", f.lang.as_deref())
        .opt("url", f.url.as_deref().filter(|u| iri_like(u)))
        .opt(
            "identifier",
            doi.map(|d| {
                Node::blank("PropertyValue")
                    .set("propertyID", "DOI")
                    .set("value", d)
                    .done()
            }),
        )
        .opt("sameAs", doi_url)
        .list("referenceEntry", entries)
        .done()
}

/// An EDTF day that is also an `xsd:date`: `1920-04-27`, `-0489-01-01`.
fn is_day(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let parts: Vec<&str> = body.split('-').collect();
    matches!(parts.as_slice(), [y, m, d]
        if y.len() >= 4 && m.len() == 2 && d.len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())))
}

/// An absolute http(s) address without characters an IRI cannot hold.
fn iri_like(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://"))
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_addresses() {
        assert!(is_day("1920-04-27"));
        assert!(is_day("-0489-01-01"));
        assert!(!is_day("1920-04"));
        assert!(!is_day("1920-04-27T23:00"));
        assert!(!is_day("192X-01-01"));
        assert!(iri_like("https://doi.org/10.1000/x(1)"));
        assert!(!iri_like("https://example.org/a b"));
        assert!(!iri_like("javascript:alert(1)"));
        assert_eq!(number(3000.0), json!(3000));
        assert_eq!(number(2.5), json!(2.5));
    }

    #[test]
    fn context_maps_every_chronicle_term_into_the_vocabulary() {
        let c = context();
        let c = c.as_object().unwrap();
        assert_eq!(c["@vocab"], "https://schema.org/");
        for term in ["byteStart", "timeValue", "competingClaim", "Disagreement"] {
            let def = &c[term];
            let id = def.get("@id").unwrap_or(def).as_str().unwrap();
            assert!(id.starts_with("chronicle:"), "{term}: {id}");
        }
    }
}
