//! What gets indexed: sentences and paragraphs with the entities, events and
//! times the rest of the pipeline found in them.

use chronicle_core::{Document, Event, MappedText};
use chronicle_events::when::When;
use chronicle_store::codec;
use rustc_hash::{FxHashMap, FxHashSet};
use sha2::{Digest, Sha256};

/// One searchable unit: a sentence, or a whole paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Unit {
    /// `None` for a paragraph.
    pub sentence: Option<u32>,
    pub doc_id: u64,
    pub doc: String,
    pub paragraph: u32,
    /// Source byte span.
    pub start: u64,
    pub end: u64,
    /// Cleaned text.
    pub text: String,
    /// Encoded clean-to-source map when the text is not a plain copy of the
    /// source span, in the store's text-map encoding
    /// ([`chronicle_store::codec`]).
    pub map: Option<Vec<u8>>,
    pub lang: String,
    pub entities: Vec<String>,
    pub places: Vec<String>,
    pub classes: Vec<String>,
    pub events: Vec<String>,
    /// EDTF values of the event times told here.
    pub times: Vec<String>,
}

impl Unit {
    /// The hull of [`Unit::times`] in days since 1970-01-01 (inclusive).
    pub fn day_range(&self) -> Option<(i64, i64)> {
        let mut out: Option<(i64, i64)> = None;
        for t in &self.times {
            if let Some((lo, hi)) = day_range(t) {
                out = Some(match out {
                    None => (lo, hi),
                    Some((a, b)) => (a.min(lo), b.max(hi)),
                });
            }
        }
        out
    }
}

const MINUTES_PER_DAY: i64 = 1440;

/// An EDTF date, season or interval as an inclusive range of days since
/// 1970-01-01; `None` for unspecified digits and durations.
pub fn day_range(value: &str) -> Option<(i64, i64)> {
    let w = When::parse(value)?;
    let lo = w.start.div_euclid(MINUTES_PER_DAY);
    let hi = (w.end - 1).div_euclid(MINUTES_PER_DAY).max(lo);
    Some((lo, hi))
}

/// What the events stage says of one sentence.
#[derive(Debug, Default, Clone)]
pub struct SentenceEvents {
    pub events: Vec<String>,
    pub classes: Vec<String>,
    pub times: Vec<String>,
}

/// Tellings of every event by `(doc_id, paragraph, sentence)`.
pub fn events_by_sentence(events: &[Event]) -> FxHashMap<(i64, usize, usize), SentenceEvents> {
    let mut out: FxHashMap<(i64, usize, usize), SentenceEvents> = FxHashMap::default();
    for e in events {
        for t in &e.tellings {
            let s = out.entry((t.doc_id, t.paragraph, t.sentence)).or_default();
            push_new(&mut s.events, &e.id);
            for c in &t.classes {
                push_new(&mut s.classes, c);
            }
            if let Some(time) = &t.time {
                push_new(&mut s.times, &time.value);
            }
        }
    }
    out
}

fn push_new(list: &mut Vec<String>, s: &str) {
    if !list.iter().any(|x| x == s) {
        list.push(s.to_string());
    }
}

/// The units of one stored document: each sentence, then each paragraph
/// with the union of its sentences' annotations.
///
/// `entities` holds the entity of each of the document's mentions (in
/// mention order), `places` the ids of place entities.
pub fn document_units(
    doc_id: i64,
    doc: &Document,
    entities: &[Option<String>],
    places: &FxHashSet<String>,
    events: &FxHashMap<(i64, usize, usize), SentenceEvents>,
) -> Vec<Unit> {
    let mut by_sentence: FxHashMap<(usize, usize), Vec<&str>> = FxHashMap::default();
    for (m, e) in doc.mentions.iter().zip(entities) {
        if let Some(e) = e {
            let list = by_sentence.entry((m.paragraph, m.sentence)).or_default();
            if !list.contains(&e.as_str()) {
                list.push(e);
            }
        }
    }
    let mut out = Vec::new();
    let none = SentenceEvents::default();
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        let mut para = Unit {
            sentence: None,
            doc_id: doc_id as u64,
            doc: doc.name.clone(),
            paragraph: pi as u32,
            start: p.span.start as u64,
            end: p.span.end as u64,
            text: p.text.text().to_string(),
            map: map_of(&doc.source_text, &p.text),
            lang: p.lang.clone(),
            ..Unit::default()
        };
        for (si, s) in p.sentences.iter().enumerate() {
            let text = p.text.slice(s.start..s.end);
            let ents = by_sentence.get(&(pi, si)).cloned().unwrap_or_default();
            let ev = events.get(&(doc_id, pi, si)).unwrap_or(&none);
            let unit = Unit {
                sentence: Some(si as u32),
                doc_id: doc_id as u64,
                doc: doc.name.clone(),
                paragraph: pi as u32,
                start: s.span.start as u64,
                end: s.span.end as u64,
                text: text.text().to_string(),
                map: map_of(&doc.source_text, &text),
                lang: s.lang.clone(),
                entities: ents.iter().map(|e| e.to_string()).collect(),
                places: ents
                    .iter()
                    .filter(|e| places.contains(**e))
                    .map(|e| e.to_string())
                    .collect(),
                classes: ev.classes.clone(),
                events: ev.events.clone(),
                times: ev.times.clone(),
            };
            for (from, to) in [
                (&unit.entities, &mut para.entities),
                (&unit.places, &mut para.places),
                (&unit.classes, &mut para.classes),
                (&unit.events, &mut para.events),
                (&unit.times, &mut para.times),
            ] {
                for x in from {
                    push_new(to, x);
                }
            }
            out.push(unit);
        }
        out.push(para);
    }
    out
}

/// A fingerprint of everything the index holds of one document, so that an
/// update re-indexes exactly the documents whose units would change.
pub fn fingerprint(
    content_hash: &str,
    entities: &[Option<String>],
    events: &[(usize, usize, &SentenceEvents)],
) -> String {
    let mut h = Sha256::new();
    h.update(content_hash.as_bytes());
    for e in entities {
        h.update([0]);
        h.update(e.as_deref().unwrap_or("").as_bytes());
    }
    for (p, s, ev) in events {
        h.update([1]);
        h.update(format!("{p}:{s}:{:?}:{:?}:{:?}", ev.events, ev.classes, ev.times).as_bytes());
    }
    let digest = h.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `None` when the text is a plain copy of its source span; else the
/// segments, encoded.
fn map_of(source: &str, text: &MappedText) -> Option<Vec<u8>> {
    let span = text.source_span();
    if source.get(span.start..span.end) == Some(text.text()) {
        return None;
    }
    let mut out = Vec::new();
    codec::encode(text, &mut out);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_core::Edit;

    #[test]
    fn only_changed_text_keeps_a_map_and_it_leads_to_the_source() {
        let source = "ab<i>cd</i>ef";
        let m = MappedText::identity(source, 0).apply(&[Edit::delete(2..5), Edit::delete(7..11)]);
        let bytes = map_of(source, &m).expect("cleaned text keeps its map");
        let back = codec::decode(m.text().to_string(), &bytes).unwrap();
        let span = back.span_to_source(2..4);
        assert_eq!(&source[span.start..span.end], "cd");
        assert!(map_of(source, &MappedText::identity("cd", 5)).is_none());
    }

    #[test]
    fn days_cover_the_stated_precision() {
        let (lo, hi) = day_range("1920-04").unwrap();
        assert_eq!(hi - lo, 29);
        let (d, e) = day_range("1920-04-27").unwrap();
        assert_eq!(d, e);
        assert!(lo <= d && d <= hi);
        let (a, b) = day_range("1918/1920").unwrap();
        assert!(b - a > 365 * 2);
        assert!(day_range("192X").is_none());
        let (bc, _) = day_range("-0489").unwrap();
        assert!(bc < a);
    }
}
