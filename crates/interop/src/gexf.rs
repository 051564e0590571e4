//! GEXF 1.3 (<https://gexf.net/>, the Graph Exchange XML Format of Gephi):
//! the entities and events of a [`Dataset`] as one undirected graph.
//!
//! Version: GEXF 1.3 (namespace `http://gexf.net/1.3`), which Gephi 0.9.3
//! and later read and write; NetworkX (3.x) reads it too: its reader knows
//! the 1.1draft, 1.2draft and 1.3 namespaces, although its documentation
//! names only the first two (`read_gexf` tries every namespace it knows).
//!
//! Nodes (static attributes `kind`, `type`, `mentions`, `documents`,
//! `tellings`, `lat`, `lon`, `classes`, `first_day`, `last_day`, `iri`):
//! - `entity:ID` for every entity: its canonical name as label, its type
//!   (`PERSON`, `PLACE`, `ORG`), how often and in how many documents it is
//!   mentioned, and the gazetteer's coordinates where it has them;
//! - `event:ID` for every event: its label, type `EVENT`, its classes,
//!   tellings and documents, and for a dated event its first and last day,
//!   also as the node's `start`/`end` so that Gephi's timeline shows it
//!   on those days (the graph is `mode="dynamic"`, `timeformat="date"`;
//!   entities have no interval and are always present).
//!
//! Edges (undirected; attribute `kind`):
//! - `cooccurrence` between two entities named in one sentence, weight =
//!   the sentences they share ([`Dataset::cooccurrence`]);
//! - `place` / `participant` between an entity and an event, weight = the
//!   tellings of the event that name it (`place` when one names it as the
//!   place); it has the event's interval.
//!
//! Every text is XML-escaped and characters XML 1.0 forbids (C0 controls
//! other than tab, newline and carriage return; U+FFFE, U+FFFF) are
//! dropped. Left out: mentions and sentences themselves (the graph is an
//! overview; the other exports carry the text), colours and positions
//! (Gephi's layouts compute them), attributions and cited works.

use std::collections::BTreeMap;
use std::io::Write;

use crate::{Dataset, ExportError, escape_markup as escape};

/// Node attributes: id (= title) and GEXF type.
const NODE_ATTRIBUTES: [(&str, &str); 11] = [
    ("kind", "string"),
    ("type", "string"),
    ("mentions", "integer"),
    ("documents", "integer"),
    ("tellings", "integer"),
    ("lat", "double"),
    ("lon", "double"),
    ("classes", "string"),
    ("first_day", "string"),
    ("last_day", "string"),
    ("iri", "anyURI"),
];

pub fn write(ds: &Dataset<'_>, w: &mut dyn Write) -> Result<u64, ExportError> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(
        w,
        "  <meta><creator>Chronicle</creator><description>Entities and events of {} documents: co-occurrence in sentences and participation in events</description></meta>",
        ds.documents.len()
    )?;
    writeln!(
        w,
        r#"  <graph defaultedgetype="undirected" mode="dynamic" timeformat="date">"#
    )?;
    writeln!(w, r#"    <attributes class="node" mode="static">"#)?;
    for (id, ty) in NODE_ATTRIBUTES {
        writeln!(
            w,
            r#"      <attribute id="{id}" title="{id}" type="{ty}"/>"#
        )?;
    }
    writeln!(w, "    </attributes>")?;
    writeln!(w, r#"    <attributes class="edge" mode="static">"#)?;
    writeln!(
        w,
        r#"      <attribute id="kind" title="kind" type="string"/>"#
    )?;
    writeln!(w, "    </attributes>")?;

    let mut n = 0u64;
    writeln!(w, "    <nodes>")?;
    for e in &ds.entities {
        let r = &e.record;
        let mut values = vec![
            ("kind", "entity".to_string()),
            ("type", r.kind.as_str().to_string()),
            ("mentions", r.mentions.to_string()),
            ("documents", r.documents.to_string()),
        ];
        if let (Some(lat), Some(lon)) = (r.lat, r.lon) {
            values.push(("lat", lat.to_string()));
            values.push(("lon", lon.to_string()));
        }
        values.push(("iri", ds.entity_iri(&r.id)));
        node(w, &format!("entity:{}", r.id), &r.name, None, &values)?;
        n += 1;
    }
    for e in &ds.events {
        let mut values = vec![
            ("kind", "event".to_string()),
            ("type", "EVENT".to_string()),
            ("documents", e.documents.len().to_string()),
            ("tellings", e.tellings.len().to_string()),
            ("classes", e.classes.join(", ")),
        ];
        let span = e.start.as_deref().zip(e.end.as_deref());
        if let Some((first, last)) = span {
            values.push(("first_day", first.to_string()));
            values.push(("last_day", last.to_string()));
        }
        values.push(("iri", ds.event_iri(&e.id)));
        node(w, &format!("event:{}", e.id), &e.label, span, &values)?;
        n += 1;
    }
    writeln!(w, "    </nodes>")?;

    writeln!(w, "    <edges>")?;
    for (i, (a, b, shared)) in ds.cooccurrence()?.iter().enumerate() {
        edge(
            w,
            &format!("c{i}"),
            (&format!("entity:{a}"), &format!("entity:{b}")),
            *shared,
            "cooccurrence",
            None,
        )?;
        n += 1;
    }
    let mut i = 0;
    for e in &ds.events {
        // Entity → (tellings naming it, named as a place by one).
        let mut named: BTreeMap<&str, (u64, bool)> = BTreeMap::new();
        for t in &e.tellings {
            let mut seen: BTreeMap<&str, bool> = BTreeMap::new();
            for (p, is_place) in t
                .places
                .iter()
                .map(|p| (p, true))
                .chain(t.participants.iter().map(|p| (p, false)))
            {
                if let Some(id) = p.entity.as_deref() {
                    *seen.entry(id).or_default() |= is_place;
                }
            }
            for (id, is_place) in seen {
                let entry = named.entry(id).or_default();
                entry.0 += 1;
                entry.1 |= is_place;
            }
        }
        let span = e.start.as_deref().zip(e.end.as_deref());
        for (id, (tellings, is_place)) in named {
            if ds.entity(id).is_none() {
                continue;
            }
            let kind = if is_place { "place" } else { "participant" };
            let (source, target) = (format!("entity:{id}"), format!("event:{}", e.id));
            edge(
                w,
                &format!("p{i}"),
                (&source, &target),
                tellings,
                kind,
                span,
            )?;
            i += 1;
            n += 1;
        }
    }
    writeln!(w, "    </edges>")?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</gexf>")?;
    Ok(n)
}

/// ` start="…" end="…"` for an interval.
fn interval(span: Option<(&str, &str)>) -> String {
    span.map(|(s, e)| format!(r#" start="{}" end="{}""#, escape(s), escape(e)))
        .unwrap_or_default()
}

fn node(
    w: &mut dyn Write,
    id: &str,
    label: &str,
    span: Option<(&str, &str)>,
    values: &[(&str, String)],
) -> Result<(), ExportError> {
    writeln!(
        w,
        r#"      <node id="{}" label="{}"{}>"#,
        escape(id),
        escape(label),
        interval(span)
    )?;
    writeln!(w, "        <attvalues>")?;
    for (key, value) in values {
        writeln!(
            w,
            r#"          <attvalue for="{key}" value="{}"/>"#,
            escape(value)
        )?;
    }
    writeln!(w, "        </attvalues>")?;
    writeln!(w, "      </node>")?;
    Ok(())
}

fn edge(
    w: &mut dyn Write,
    id: &str,
    (source, target): (&str, &str),
    weight: u64,
    kind: &str,
    span: Option<(&str, &str)>,
) -> Result<(), ExportError> {
    writeln!(
        w,
        r#"      <edge id="{id}" source="{}" target="{}" weight="{weight}"{}><attvalues><attvalue for="kind" value="{kind}"/></attvalues></edge>"#,
        escape(source),
        escape(target),
        interval(span)
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {}
