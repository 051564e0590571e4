//! W3C Web Annotations (Web Annotation Data Model, W3C Recommendation of
//! 23 February 2017; JSON-LD with the context
//! `http://www.w3.org/ns/anno.jsonld`) of every entity mention and every
//! date of the documents a [`Dataset`] covers.
//!
//! The file is one `AnnotationCollection` (`id`, `label`, `total`) whose
//! `first` (and only) `AnnotationPage` is embedded with its `items`. Each
//! Annotation has `creator` and `generator` = Chronicle (a `Software` agent
//! whose id is the export's base), a `motivation` set, bodies, and a target:
//!
//! - an entity mention: motivation `identifying` and `tagging`; bodies: a
//!   `SpecificResource` whose `source` is the entity's IRI, purpose
//!   `identifying`, and a `TextualBody` with the entity's type (`PERSON`,
//!   `PLACE`, `ORG`), purpose `tagging`;
//! - a date or other temporal expression: motivation `describing` and
//!   `tagging`; bodies: a `TextualBody` with the EDTF value (or ISO 8601
//!   duration), purpose `describing`, and one with its type (`DATE`,
//!   `TIME`, `DURATION`, `SET`), purpose `tagging`.
//!
//! The target is a `SpecificResource` whose `source` is the document's IRI
//! (`…/api/documents/NAME`; when the store has the document's original URL
//! it is the target's `scope`, the resource the text was found in) with two
//! selectors: a `TextPositionSelector` whose `start`/`end` count Unicode
//! code points of the document's source text (the original file decoded to
//! UTF-8, as stored; Chronicle's spans are UTF-8 byte offsets and are
//! converted), and a `TextQuoteSelector` with the `exact` text of that
//! range and up to [`CONTEXT_CHARS`] characters of `prefix` and `suffix`.
//! For an HTML document the source text is the markup, so positions,
//! prefixes and suffixes count and may contain tags (the model asks for
//! normalised text; the stored source is what the positions refer to).
//!
//! Only mentions the resolver linked to an entity are annotated (the ones
//! `chronicle export mentions` lists): an unlinked mention has no entity to
//! identify. Filters: `--doc` and `--lang` narrow mentions and dates;
//! `--entity`, `--from` and `--to` narrow the mentions to the entities the
//! dataset keeps (those its events name) and leave the dates as they are. Left out: a date's modifier, anchor
//! and Old Style value, a mention's cue, the collection's `created` time
//! (the export is the same for the same store), and `State`s (the position
//! selector is kept with the quote, which survives edits).

use std::io::Write;

use serde_json::{Value, json};

use crate::iri::segment;
use crate::{Dataset, ExportError};

/// Characters of context in a quote's `prefix` and `suffix`.
pub const CONTEXT_CHARS: usize = 32;

/// Writes the annotations of `ds` as one collection; returns the number
/// of annotations.
pub fn write(ds: &Dataset<'_>, w: &mut dyn Write) -> Result<u64, ExportError> {
    let chronicle = json!({
        "id": ds.base,
        "type": "Software",
        "name": format!("Chronicle {}", env!("CARGO_PKG_VERSION")),
    });
    let mut items = Vec::new();
    for doc in ds.annotated() {
        let doc = doc?;
        let name = &doc.summary.name;
        let text = Positions::new(&doc.doc.source_text);
        let doc_iri = ds.doc_iri(name);
        let scope = doc.summary.url.as_deref();
        let target = |start: usize, end: usize| -> Result<Value, ExportError> {
            let q = text.quote(start, end).ok_or_else(|| {
                ExportError::Invalid(format!(
                    "{name}: the span {start}..{end} does not fall on character boundaries of the source text"
                ))
            })?;
            let mut t = json!({
                "type": "SpecificResource",
                "source": doc_iri,
                "selector": [
                    { "type": "TextPositionSelector", "start": q.start, "end": q.end },
                    { "type": "TextQuoteSelector", "exact": q.exact, "prefix": q.prefix, "suffix": q.suffix },
                ],
            });
            if let Some(url) = scope {
                t["scope"] = json!(url);
            }
            Ok(t)
        };
        for (m, entity) in doc.doc.mentions.iter().zip(&doc.entities) {
            let Some(entity) = entity.as_deref() else {
                continue;
            };
            let Some(kind) = ds.entity(entity).map(|e| e.record.kind.as_str()) else {
                continue;
            };
            items.push(json!({
                "id": format!("{doc_iri}/annotations#mention-{}-{}", m.span.start, m.span.end),
                "type": "Annotation",
                "motivation": ["identifying", "tagging"],
                "creator": chronicle,
                "generator": chronicle,
                "body": [
                    { "type": "SpecificResource", "source": ds.entity_iri(entity), "purpose": "identifying" },
                    { "type": "TextualBody", "value": kind, "format": "text/plain", "purpose": "tagging" },
                ],
                "target": target(m.span.start, m.span.end)?,
            }));
        }
        for t in &doc.doc.timexes {
            items.push(json!({
                "id": format!("{doc_iri}/annotations#date-{}-{}", t.span.start, t.span.end),
                "type": "Annotation",
                "motivation": ["describing", "tagging"],
                "creator": chronicle,
                "generator": chronicle,
                "body": [
                    { "type": "TextualBody", "value": t.value, "format": "text/plain", "purpose": "describing" },
                    { "type": "TextualBody", "value": t.kind.as_str(), "format": "text/plain", "purpose": "tagging" },
                ],
                "target": target(t.span.start, t.span.end)?,
            }));
        }
    }
    let total = items.len() as u64;
    let id = collection_id(ds);
    let page = format!("{id}#page-1");
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": id,
        "type": "AnnotationCollection",
        "label": format!(
            "Chronicle: entity mentions and dates in {} document{}",
            ds.documents.len(),
            if ds.documents.len() == 1 { "" } else { "s" }
        ),
        "total": total,
        "first": {
            "id": page,
            "type": "AnnotationPage",
            "partOf": id,
            "startIndex": 0,
            "items": items,
        },
        "last": page,
    });
    serde_json::to_writer_pretty(&mut *w, &collection)?;
    writeln!(w)?;
    Ok(total)
}

/// `{base}api/export/web-annotation`, with the filter as its query.
fn collection_id(ds: &Dataset<'_>) -> String {
    let f = &ds.filter;
    let mut query: Vec<String> = f
        .docs
        .iter()
        .map(|d| format!("doc={}", segment(d)))
        .collect();
    for (key, value) in [("from", &f.from), ("to", &f.to), ("lang", &f.lang)] {
        if let Some(v) = value {
            query.push(format!("{key}={}", segment(v)));
        }
    }
    query.extend(f.entities.iter().map(|e| format!("entity={}", segment(e))));
    let mut id = format!("{}api/export/web-annotation", ds.base);
    if !query.is_empty() {
        id.push('?');
        id.push_str(&query.join("&"));
    }
    id
}

/// A source text with the byte offset of each of its characters, to turn
/// byte spans into code-point positions and quotes.
struct Positions<'t> {
    text: &'t str,
    /// Byte offset of every character, then the text's length.
    offsets: Vec<usize>,
}

/// A span as the Text Position and Text Quote selectors give it.
struct Quote<'t> {
    start: usize,
    end: usize,
    exact: &'t str,
    prefix: &'t str,
    suffix: &'t str,
}

impl<'t> Positions<'t> {
    fn new(text: &'t str) -> Positions<'t> {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        Positions { text, offsets }
    }

    /// The character index of a byte offset, if it is a boundary.
    fn index(&self, byte: usize) -> Option<usize> {
        self.offsets.binary_search(&byte).ok()
    }

    fn quote(&self, start: usize, end: usize) -> Option<Quote<'t>> {
        let (s, e) = (self.index(start)?, self.index(end)?);
        if s > e {
            return None;
        }
        let before = self.offsets[s.saturating_sub(CONTEXT_CHARS)];
        let after = self.offsets[(e + CONTEXT_CHARS).min(self.offsets.len() - 1)];
        Some(Quote {
            start: s,
            end: e,
            exact: &self.text[start..end],
            prefix: &self.text[before..start],
            suffix: &self.text[end..after],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_spans_become_code_point_positions_with_context() {
        let text = "У 1918 годзе ў Шушы — 😀 end";
        let p = Positions::new(text);
        let start = text.find("Шушы").unwrap();
        let q = p.quote(start, start + "Шушы".len()).unwrap();
        assert_eq!(q.start, text[..start].chars().count());
        assert_eq!(q.end - q.start, 4);
        assert_eq!(q.exact, "Шушы");
        assert_eq!(q.prefix, "У 1918 годзе ў ");
        assert_eq!(q.suffix, " — 😀 end");
        // Not a character boundary.
        assert!(p.quote(start + 1, start + 4).is_none());
        let long = "x".repeat(100);
        let q = Positions::new(&long).quote(50, 51).unwrap();
        assert_eq!(
            (q.prefix.len(), q.suffix.len()),
            (CONTEXT_CHARS, CONTEXT_CHARS)
        );
    }
}
