//! CSV tables for spreadsheets and pandas: `events`, `claims` (one row per
//! telling), `entities`, `mentions` and `disagreements` (one row per claim
//! of a disagreement).
//!
//! RFC 4180 CSV in UTF-8 with a header row; list cells (ids, languages,
//! labels) are joined with `|`. Offsets are UTF-8 byte offsets into the
//! document's source text, as everywhere in Chronicle, so a row can be
//! joined with the scorers' JSON lines and the API. A free-text cell (a
//! sentence, a name, a wording) that begins with `=`, `+`, `-`, `@`, a tab
//! or a carriage return gets a leading `'`, so a spreadsheet shows it as
//! text instead of running it as a formula; value columns (EDTF dates,
//! numbers, ids) are written as they are.

use std::collections::BTreeSet;
use std::io::Write;

use crate::{Dataset, ExportError};

/// One of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Events,
    Claims,
    Entities,
    Mentions,
    Disagreements,
}

impl Table {
    pub const ALL: [Table; 5] = [
        Table::Events,
        Table::Claims,
        Table::Entities,
        Table::Mentions,
        Table::Disagreements,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Events => "events",
            Table::Claims => "claims",
            Table::Entities => "entities",
            Table::Mentions => "mentions",
            Table::Disagreements => "disagreements",
        }
    }

    pub fn parse(s: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == s)
    }

    pub fn names() -> Vec<&'static str> {
        Table::ALL.iter().map(|t| t.name()).collect()
    }

    /// The header row.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Events => &[
                "event",
                "label",
                "classes",
                "first_day",
                "last_day",
                "places",
                "participants",
                "languages",
                "documents",
                "tellings",
                "disagreements",
                "iri",
            ],
            Table::Claims => &[
                "event",
                "doc",
                "lang",
                "start",
                "end",
                "sentence_start",
                "sentence_end",
                "time",
                "time_mod",
                "time_text",
                "time_explicit",
                "classes",
                "predicate",
                "places",
                "participants",
                "quantities",
                "attributed_to",
                "attribution_entity",
                "attribution_cue",
                "reference_labels",
                "works",
                "continuation",
                "sentence",
            ],
            Table::Entities => &[
                "entity",
                "type",
                "name",
                "place",
                "place_kind",
                "lat",
                "lon",
                "mentions",
                "documents",
                "names",
                "iri",
            ],
            Table::Mentions => &[
                "doc",
                "start",
                "end",
                "text",
                "entity",
                "entity_type",
                "cue_type",
                "lang",
                "paragraph",
                "sentence",
            ],
            Table::Disagreements => &[
                "disagreement",
                "event",
                "slot",
                "about",
                "low",
                "high",
                "doc",
                "lang",
                "start",
                "end",
                "value",
                "wording",
                "attributed_to",
                "works",
                "sentence",
            ],
        }
    }
}

/// A free-text cell, defused for spreadsheets.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    items
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join("|")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Writes one table with its header; returns the number of data rows.
pub fn write(ds: &Dataset<'_>, table: Table, w: &mut dyn Write) -> Result<u64, ExportError> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(table.columns())?;
    let mut n = 0u64;
    let mut row = |out: &mut csv::Writer<&mut dyn Write>, cells: Vec<String>| {
        n += 1;
        out.write_record(&cells)
    };
    match table {
        Table::Events => {
            for e in &ds.events {
                let disputed = ds.conflicts.iter().filter(|c| c.event == e.id).count();
                row(
                    &mut out,
                    vec![
                        e.id.clone(),
                        text(&e.label),
                        list(&e.classes),
                        opt(e.start.as_ref()),
                        opt(e.end.as_ref()),
                        list(&e.places),
                        list(&e.participants),
                        list(&e.langs),
                        list(&e.documents),
                        e.tellings.len().to_string(),
                        disputed.to_string(),
                        ds.event_iri(&e.id),
                    ],
                )?;
            }
        }
        Table::Claims => {
            for e in &ds.events {
                for t in &e.tellings {
                    let ids = |ps: &[chronicle_core::Participant]| {
                        list(
                            ps.iter()
                                .map(|p| p.entity.clone().unwrap_or_else(|| text(&p.text))),
                        )
                    };
                    let works: BTreeSet<&str> = t
                        .references
                        .iter()
                        .filter_map(|r| r.work.as_deref())
                        .collect();
                    row(
                        &mut out,
                        vec![
                            e.id.clone(),
                            t.doc.clone(),
                            t.lang.clone(),
                            t.start.to_string(),
                            t.end.to_string(),
                            t.sentence_start.to_string(),
                            t.sentence_end.to_string(),
                            opt(t.time.as_ref().map(|x| &x.value)),
                            opt(t.time.as_ref().and_then(|x| x.modifier.as_ref())),
                            text(t.time.as_ref().map_or("", |x| x.text.as_str())),
                            opt(t.time.as_ref().map(|x| x.explicit)),
                            list(&t.classes),
                            text(&t.predicate),
                            ids(&t.places),
                            ids(&t.participants),
                            list(t.quantities.iter().map(|q| match &q.counts {
                                Some(c) => format!("{}:{c}", q.value),
                                None => q.value.clone(),
                            })),
                            text(t.attribution.as_ref().map_or("", |a| a.source.as_str())),
                            opt(t.attribution.as_ref().and_then(|a| a.entity.as_ref())),
                            text(t.attribution.as_ref().map_or("", |a| a.cue.as_str())),
                            list(t.references.iter().map(|r| text(&r.label))),
                            list(works),
                            t.continuation.to_string(),
                            text(&t.text),
                        ],
                    )?;
                }
            }
        }
        Table::Entities => {
            for e in &ds.entities {
                let r = &e.record;
                row(
                    &mut out,
                    vec![
                        r.id.clone(),
                        r.kind.as_str().to_string(),
                        text(&r.name),
                        opt(r.place.as_ref()),
                        opt(r.place_kind.as_ref()),
                        opt(r.lat),
                        opt(r.lon),
                        r.mentions.to_string(),
                        r.documents.to_string(),
                        list(
                            e.aliases
                                .iter()
                                .map(|a| text(&format!("{}@{}", a.text, a.lang))),
                        ),
                        ds.entity_iri(&r.id),
                    ],
                )?;
            }
        }
        Table::Mentions => {
            for doc in ds.annotated() {
                let doc = doc?;
                for (m, entity) in doc.doc.mentions.iter().zip(&doc.entities) {
                    // Only mentions of the entities kept (and, without a
                    // date or entity filter, unlinked ones too).
                    let kept = entity.as_deref().map(|id| ds.entity(id));
                    let kind = match kept {
                        Some(None) => continue,
                        None if ds.narrowed_to_events() => continue,
                        Some(Some(e)) => Some(e.record.kind.as_str()),
                        None => None,
                    };
                    let sentence = doc
                        .doc
                        .paragraphs
                        .get(m.paragraph)
                        .and_then(|p| p.sentences.get(m.sentence).map(|s| s.span));
                    row(
                        &mut out,
                        vec![
                            doc.summary.name.clone(),
                            m.span.start.to_string(),
                            m.span.end.to_string(),
                            text(&m.text),
                            opt(entity.as_ref()),
                            opt(kind),
                            opt(m.kind.map(|k| k.as_str())),
                            m.lang.clone(),
                            m.paragraph.to_string(),
                            opt(sentence.map(|s| format!("{}-{}", s.start, s.end))),
                        ],
                    )?;
                }
            }
        }
        Table::Disagreements => {
            for c in &ds.conflicts {
                for cl in &c.claims {
                    row(
                        &mut out,
                        vec![
                            c.id.clone(),
                            c.event.clone(),
                            c.slot.clone(),
                            text(&c.about),
                            opt(c.low.as_ref()),
                            opt(c.high.as_ref()),
                            cl.doc.clone(),
                            cl.lang.clone(),
                            cl.start.to_string(),
                            cl.end.to_string(),
                            cl.value.clone(),
                            text(&cl.wording),
                            text(cl.attributed_to.as_deref().unwrap_or("")),
                            list(&cl.references),
                            text(&cl.sentence),
                        ],
                    )?;
                }
            }
        }
    }
    out.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_values_kept() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("@cmd"), "'@cmd");
        assert_eq!(text("Shusha"), "Shusha");
        assert_eq!(list(["a", "b"]), "a|b");
    }

    #[test]
    fn every_table_has_a_unique_header() {
        for t in Table::ALL {
            let cols: BTreeSet<_> = t.columns().iter().collect();
            assert_eq!(cols.len(), t.columns().len(), "{}", t.name());
            assert_eq!(Table::parse(t.name()), Some(t));
        }
    }
}
