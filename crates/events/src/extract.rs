//! Tellings of events in one document.
//!
//! Every sentence of a narrative paragraph with an event trigger, a date of
//! its own or a counted number becomes a telling (one per clause when the
//! sentence tells several dated events: `In July 1918 … was overthrown, and
//! in September, following its capture …`). A telling gets:
//! - its classes from the trigger words (`[events.triggers]`);
//! - its time: the first date or clock time of its clause that is not the
//!   date of a report (`Izvestiya reported on April 29 that …`) or of a
//!   document (`directive dated April 1921`); a clock time that the tagger
//!   completed from such a date takes the narrative's day instead; without
//!   a date of its own it inherits the narrative's (`explicit: false`);
//! - places and participants from the linked name mentions of the clause
//!   (with `agent`/`target` roles around capture and attack words);
//! - quantities, the attribution and the cited references (footnote
//!   markers of the sentence, linked to their entries' works).
//!
//! A telling without a date of its own that has no class, or no place, and
//! follows a telling with a class in the same paragraph, continues that
//! telling ("During the two-hour battle, six … were killed").
//!
//! **Anachronism.** A date whose year differs from the year of the nearest
//! complete dates before and after it in the document (which agree), and
//! which either names a document's date (`dated`, `tarixli`) or completed a
//! partial date in its own sentence, is flagged; the partial dates it
//! completed take the narrative year instead.

use std::ops::Range;

use chronicle_core::{
    Anachronism, Attribution, BlockKind, CitedReference, Document, EventTime, Participant,
    Quantity, Telling, Timex, TimexType,
};
use chronicle_time::token::{Kind, Tokens, tokenize_into};
use rustc_hash::FxHashMap;

use crate::attribution::{self, Name};
use crate::lexicon::{Lexicon, Lexicons, token_span};
use crate::quantity;
use crate::when::{Precision, When, with_year};

/// A telling plus what alignment needs and does not store.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub telling: Telling,
    /// Class ids.
    pub classes: Vec<u16>,
    pub when: Option<When>,
    /// Index (in this document's list) of the telling this one continues.
    pub continues: Option<usize>,
    /// Country codes of the places (for containment: Baku is in Azerbaijan).
    pub place_countries: Vec<(String, Option<String>, bool)>,
}

/// Gazetteer place id → (country code, whether a country or region).
pub type PlaceLookup = dyn Fn(&str) -> Option<(Option<String>, bool)> + Sync;

/// What the document stage needs besides the document.
pub struct DocInput<'a> {
    pub doc_id: i64,
    pub doc: &'a Document,
    /// The entity of each mention (same order as `doc.mentions`).
    pub entities: &'a [Option<String>],
    /// Footnote label → (work key, entry text).
    pub labels: &'a FxHashMap<String, (String, String)>,
    /// Gazetteer place id → (country code, is a country or region).
    pub place_info: &'a PlaceLookup,
}

fn explicit_year(t: &Timex) -> Option<i32> {
    if t.anchor.is_some() || !matches!(t.kind, TimexType::Date | TimexType::Time) {
        return None;
    }
    let w = When::parse(&t.value)?;
    (w.precision >= Precision::Month).then(|| w.year())
}

/// Timex indices flagged as anachronisms, with the narrative year.
fn anachronisms(
    doc: &Document,
    lex_of: &dyn Fn(&str) -> &'static Lexicon,
    toks: &mut Tokens,
) -> FxHashMap<usize, i32> {
    let mut out = FxHashMap::default();
    let narrative: Vec<(usize, i32)> = doc
        .timexes
        .iter()
        .enumerate()
        .filter(|(_, t)| doc.paragraphs[t.paragraph].kind == BlockKind::Narrative)
        .filter_map(|(i, t)| explicit_year(t).map(|y| (i, y)))
        .collect();
    for (k, &(i, y)) in narrative.iter().enumerate() {
        let t = &doc.timexes[i];
        let before = narrative[..k]
            .iter()
            .rev()
            .find(|(j, _)| {
                let o = &doc.timexes[*j];
                (o.paragraph, o.sentence) != (t.paragraph, t.sentence)
            })
            .map(|x| x.1);
        let after = narrative[k + 1..]
            .iter()
            .find(|(j, _)| {
                let o = &doc.timexes[*j];
                (o.paragraph, o.sentence) != (t.paragraph, t.sentence)
            })
            .map(|x| x.1);
        let (Some(b), Some(a)) = (before, after) else {
            continue;
        };
        if a != b || y == b || (y - b).abs() > 5 {
            continue;
        }
        let completed_here = doc.timexes.iter().any(|o| {
            (o.paragraph, o.sentence) == (t.paragraph, t.sentence)
                && o.anchor.is_some()
                && o.value.starts_with(&y.to_string())
        });
        let para = &doc.paragraphs[t.paragraph];
        let s = &para.sentences[t.sentence];
        let text = para.sentence_text(s);
        let lex = lex_of(&s.lang);
        chronicle_time::token::tokenize_into(text, toks);
        let (a_tok, b_tok) = token_span(toks, t.start - s.start, t.end - s.start);
        let dated = lex.dated_before.ending_at(toks, a_tok).is_some()
            || (b_tok < toks.len() && lex.dated_after.at(toks, b_tok).is_some());
        if dated || completed_here {
            out.insert(i, b);
        }
    }
    out
}

/// Replaces the day of a date-time value with `day` (EDTF `YYYY-MM-DD`).
fn with_day(value: &str, day: &str) -> String {
    match value.split_once('T') {
        Some((_, time)) => format!("{day}T{time}"),
        None => day.to_string(),
    }
}

struct SentenceParts<'a> {
    timexes: Vec<&'a Timex>,
    timex_ids: Vec<usize>,
    mentions: Vec<usize>,
    anchors: Vec<&'a chronicle_core::Anchor>,
}

/// Extracts the tellings of one document.
pub fn extract(input: &DocInput<'_>, lexicons: &'static Lexicons) -> Vec<Extracted> {
    let doc = input.doc;
    let lex_of = |code: &str| -> &'static Lexicon { lexicons.get(code) };
    let mut toks = Tokens::default();
    let flagged = anachronisms(doc, &lex_of, &mut toks);
    // Group annotations by sentence.
    let mut parts: FxHashMap<(usize, usize), SentenceParts<'_>> = FxHashMap::default();
    let entry = |parts: &mut FxHashMap<(usize, usize), SentenceParts<'_>>, k| {
        parts.entry(k).or_insert_with(|| SentenceParts {
            timexes: Vec::new(),
            timex_ids: Vec::new(),
            mentions: Vec::new(),
            anchors: Vec::new(),
        });
    };
    for (i, t) in doc.timexes.iter().enumerate() {
        entry(&mut parts, (t.paragraph, t.sentence));
        let p = parts.get_mut(&(t.paragraph, t.sentence)).expect("inserted");
        p.timexes.push(t);
        p.timex_ids.push(i);
    }
    for (i, m) in doc.mentions.iter().enumerate() {
        entry(&mut parts, (m.paragraph, m.sentence));
        parts
            .get_mut(&(m.paragraph, m.sentence))
            .expect("inserted")
            .mentions
            .push(i);
    }
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        for a in &p.anchors {
            // A marker belongs to the last sentence starting at or before it.
            let si = p
                .sentences
                .iter()
                .rposition(|s| s.start <= a.offset)
                .unwrap_or(0);
            if p.sentences.is_empty() {
                continue;
            }
            entry(&mut parts, (pi, si));
            parts.get_mut(&(pi, si)).expect("inserted").anchors.push(a);
        }
    }
    let empty = SentenceParts {
        timexes: Vec::new(),
        timex_ids: Vec::new(),
        mentions: Vec::new(),
        anchors: Vec::new(),
    };
    let mut out: Vec<Extracted> = Vec::new();
    // The narrative's time: the last explicit time of a telling.
    let mut narrative: Option<(String, Option<String>, usize)> = None;
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        if para.kind != BlockKind::Narrative {
            continue;
        }
        let ptext = para.text.text();
        let mut last_classed: Option<usize> = None;
        for (si, s) in para.sentences.iter().enumerate() {
            let sp = match parts.get(&(pi, si)) {
                Some(sp) => sp,
                None => {
                    // No date, name or marker: only a trigger can make it a
                    // telling.
                    let lex = lex_of(&s.lang);
                    tokenize_into(&ptext[s.start..s.end], &mut toks);
                    if lex.triggers.find(&toks, 0..toks.len()).is_empty() {
                        continue;
                    }
                    &empty
                }
            };
            sentence_tellings(
                input,
                lexicons,
                pi,
                si,
                sp,
                &flagged,
                &mut toks,
                &mut narrative,
                &mut last_classed,
                &mut out,
            );
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn sentence_tellings(
    input: &DocInput<'_>,
    lexicons: &'static Lexicons,
    pi: usize,
    si: usize,
    sp: &SentenceParts<'_>,
    flagged: &FxHashMap<usize, i32>,
    toks: &mut Tokens,
    narrative: &mut Option<(String, Option<String>, usize)>,
    last_classed: &mut Option<usize>,
    out: &mut Vec<Extracted>,
) {
    let doc = input.doc;
    let para = &doc.paragraphs[pi];
    let s = &para.sentences[si];
    let stext = para.sentence_text(s);
    let lex = lexicons.get(&s.lang);
    tokenize_into(stext, toks);
    let rel = |a: usize| a - s.start;
    // Names of the sentence.
    let names: Vec<Name<'_>> = sp
        .mentions
        .iter()
        .map(|&i| {
            let m = &doc.mentions[i];
            Name {
                range: rel(m.start)..rel(m.end),
                entity: input.entities.get(i).and_then(|e| e.as_deref()),
                kind: m.kind.map(|k| k.as_str()),
            }
        })
        .collect();
    let found = attribution::find(stext, toks, lex, &names);
    let triggers = lex.triggers.find(toks, 0..toks.len());
    // Dates of the sentence that can be the event's time.
    let mut report_days: Vec<String> = Vec::new();
    let mut anachronism: Option<Anachronism> = None;
    let mut times: Vec<(Range<usize>, EventTime, Option<When>)> = Vec::new();
    for (k, t) in sp.timexes.iter().enumerate() {
        if !matches!(t.kind, TimexType::Date | TimexType::Time) {
            continue;
        }
        let r = rel(t.start)..rel(t.end);
        if let Some(f) = &found
            && r.start >= f.clause.start
            && r.end <= f.clause.end
        {
            report_days.push(t.value.split('T').next().unwrap_or("").to_string());
            continue;
        }
        let id = sp.timex_ids[k];
        if let Some(&year) = flagged.get(&id) {
            anachronism = Some(Anachronism {
                text: t.text.clone(),
                value: t.value.clone(),
                narrative_year: year,
                start: t.span.start,
                end: t.span.end,
            });
            continue;
        }
        let (a_tok, b_tok) = token_span(toks, r.start, r.end);
        if lex.dated_before.ending_at(toks, a_tok).is_some()
            || (b_tok < toks.len() && lex.dated_after.at(toks, b_tok).is_some())
        {
            continue;
        }
        let mut value = t.value.clone();
        if let (Some(a), Some(f)) = (&t.anchor, &anachronism)
            && value.starts_with(&f.value[..4.min(f.value.len())])
            && a.starts_with(&f.value[..4.min(f.value.len())])
        {
            value = with_year(&value, f.narrative_year);
        }
        if let Some(a) = &t.anchor
            && report_days.iter().any(|d| a.starts_with(d.as_str()))
            && let Some((nv, _, _)) = narrative.as_ref()
            && let Some(day) = nv.get(..10).filter(|d| d.len() == 10)
        {
            value = with_day(&value, day);
        }
        let when = When::parse(&value);
        times.push((
            r,
            EventTime {
                value,
                modifier: t.modifier.map(|m| m.as_str().to_string()),
                text: t.text.clone(),
                explicit: true,
            },
            when,
        ));
    }
    let excluded: Vec<Range<usize>> = sp
        .timexes
        .iter()
        .map(|t| rel(t.start)..rel(t.end))
        .collect();
    let qcx = quantity::Context {
        text: stext,
        toks,
        lex,
        excluded: &excluded,
    };
    let quantities: Vec<quantity::Parsed> = quantity::find(&qcx, lexicons)
        .into_iter()
        .filter(|q| q.counts.is_some())
        .collect();
    // Clauses: one per distinct dated group when the sentence has several
    // dates and several triggers.
    let mut distinct: Vec<&(Range<usize>, EventTime, Option<When>)> = Vec::new();
    for t in &times {
        if !distinct.iter().any(|d| d.1.value == t.1.value) {
            distinct.push(t);
        }
    }
    let trig_spans: Vec<(Range<usize>, u16)> = triggers
        .iter()
        .map(|h| {
            (
                toks.toks[h.first].start..toks.toks[h.end - 1].end,
                h.meaning,
            )
        })
        .collect();
    let mut cuts: Vec<usize> = vec![0];
    if distinct.len() >= 2 && trig_spans.len() >= 2 {
        for w in distinct.windows(2) {
            let (prev, next) = (&w[0].0, &w[1].0);
            // A trigger between the two dates, or before the first: cut at
            // the last comma or semicolon before the next date's clause.
            let between = trig_spans.iter().any(|(r, _)| r.start < next.start);
            if !between {
                continue;
            }
            let region = &stext[prev.end..next.start];
            let cut = region
                .rfind([',', ';'])
                .map_or(next.start, |p| prev.end + p + 1);
            if cut > *cuts.last().unwrap_or(&0) {
                cuts.push(cut);
            }
        }
    }
    cuts.push(stext.len());
    let before_count = out.len();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let inside = |r: &Range<usize>| r.start >= a && r.start < b;
        let mut classes: Vec<u16> = Vec::new();
        let mut predicate: Vec<&str> = Vec::new();
        for (r, c) in &trig_spans {
            if inside(r) {
                if !classes.contains(c) {
                    classes.push(*c);
                }
                predicate.push(&stext[r.clone()]);
            }
        }
        let own_time = times.iter().find(|t| inside(&t.0));
        let qs: Vec<&quantity::Parsed> = quantities
            .iter()
            .filter(|q| inside(&(q.start..q.end)))
            .collect();
        if classes.is_empty() && own_time.is_none() && qs.is_empty() {
            continue;
        }
        let mut places = Vec::new();
        let mut participants = Vec::new();
        let mut place_countries = Vec::new();
        let first_trigger = trig_spans
            .iter()
            .find(|(r, _)| inside(r))
            .map(|(r, _)| r.start);
        let directional = classes
            .iter()
            .any(|&c| matches!(lexicons.class_name(c), "capture" | "attack" | "invade"));
        for (k, &mi) in sp.mentions.iter().enumerate() {
            let n = &names[k];
            if !inside(&n.range) {
                continue;
            }
            if found.as_ref().is_some_and(|f| f.source == n.range) {
                continue;
            }
            let m = &doc.mentions[mi];
            let role = match (directional, first_trigger) {
                (true, Some(t)) if n.range.start > t && n.kind != Some("PERSON") => Some("target"),
                (true, Some(t)) if n.range.start < t && n.kind != Some("PLACE") => Some("agent"),
                _ => None,
            };
            let p = Participant {
                entity: n.entity.map(str::to_string),
                text: m.text.clone(),
                kind: n.kind.map(str::to_string),
                role: role.map(str::to_string),
                start: m.span.start,
                end: m.span.end,
            };
            if n.kind == Some("PLACE") {
                if let Some(e) = &p.entity {
                    let info = m.place.as_deref().and_then(|pl| (input.place_info)(pl));
                    let (country, broad) = info.unwrap_or((None, false));
                    place_countries.push((e.clone(), country, broad));
                }
                places.push(p);
            } else {
                participants.push(p);
            }
        }
        let (time, when) = match own_time {
            Some((_, t, w)) => (Some(t.clone()), *w),
            None => match narrative.as_ref() {
                Some((v, m, _)) => (
                    Some(EventTime {
                        value: v.clone(),
                        modifier: m.clone(),
                        text: String::new(),
                        explicit: false,
                    }),
                    When::parse(v),
                ),
                None => (None, None),
            },
        };
        let continuation = own_time.is_none() && (classes.is_empty() || places.is_empty());
        let continues = if continuation { *last_classed } else { None };
        let span = para.text.span_to_source(s.start + a..s.start + b);
        let pred = if predicate.is_empty() {
            short_predicate(stext, toks, a, b, &excluded, &names)
        } else {
            predicate.join(" … ")
        };
        let references = sp
            .anchors
            .iter()
            .map(|an| {
                let hit = input.labels.get(&an.label);
                CitedReference {
                    label: an.label.clone(),
                    text: hit.map(|h| h.1.clone()),
                    work: hit.map(|h| h.0.clone()),
                }
            })
            .collect();
        let attribution = found.as_ref().map(|f| Attribution {
            source: without_apostrophe_suffix(&stext[f.source.clone()], &s.lang).to_string(),
            entity: f.entity.clone(),
            cue: f.cue.clone(),
            noun: f.noun.clone(),
            start: para
                .text
                .span_to_source(s.start + f.clause.start..s.start + f.clause.end)
                .start,
            end: para
                .text
                .span_to_source(s.start + f.clause.start..s.start + f.clause.end)
                .end,
        });
        let telling = Telling {
            doc: doc.name.clone(),
            doc_id: input.doc_id,
            paragraph: pi,
            sentence: si,
            start: span.start,
            end: span.end,
            sentence_start: s.span.start,
            sentence_end: s.span.end,
            lang: s.lang.clone(),
            text: stext.to_string(),
            classes: classes
                .iter()
                .map(|&c| lexicons.class_name(c).to_string())
                .collect(),
            predicate: pred,
            time,
            places,
            participants,
            quantities: qs
                .iter()
                .map(|q| Quantity {
                    low: q.low,
                    high: q.high,
                    value: q.value(),
                    kind: q.kind.to_string(),
                    counts: q.counts.clone(),
                    what: q.what.clone(),
                    text: stext[q.start..q.end].to_string(),
                    start: para
                        .text
                        .span_to_source(s.start + q.start..s.start + q.end)
                        .start,
                    end: para
                        .text
                        .span_to_source(s.start + q.start..s.start + q.end)
                        .end,
                })
                .collect(),
            attribution,
            references,
            continuation: continues.is_some(),
            anachronism: anachronism.clone(),
        };
        let when = if continues.is_some() { None } else { when };
        out.push(Extracted {
            telling,
            classes: classes.clone(),
            when,
            continues,
            place_countries,
        });
        // The narrative moves with the dates of what is told, but not back
        // to background dates inside a paragraph ("… friction marked by
        // strife in 1905 and, more recently, in March 1918").
        if let Some((_, t, w)) = own_time {
            let flashback = narrative
                .as_ref()
                .filter(|(_, _, p)| *p == pi)
                .and_then(|(v, _, _)| When::parse(v))
                .zip(*w)
                .is_some_and(|(cur, new)| new.end <= cur.start);
            if !flashback {
                *narrative = Some((t.value.clone(), t.modifier.clone(), pi));
            }
        }
        if !classes.is_empty() && continues.is_none() {
            *last_classed = Some(out.len() - 1);
        }
    }
    // A sentence that told nothing keeps the paragraph's chain going.
    let _ = before_count;
}

/// Up to six words of the clause that are not dates or names.
fn short_predicate(
    text: &str,
    toks: &Tokens,
    a: usize,
    b: usize,
    dates: &[Range<usize>],
    names: &[Name<'_>],
) -> String {
    let mut words = Vec::new();
    for t in &toks.toks {
        if t.start < a || t.end > b || t.kind != Kind::Word {
            continue;
        }
        if dates.iter().any(|r| t.start < r.end && t.end > r.start)
            || names
                .iter()
                .any(|n| t.start < n.range.end && t.end > n.range.start)
        {
            continue;
        }
        words.push(&text[t.start..t.end]);
        if words.len() == 6 {
            break;
        }
    }
    words.join(" ")
}

/// A source name without the suffix its language writes after an
/// apostrophe (`[names] apostrophe_suffix`: `Druganov's` → `Druganov`).
fn without_apostrophe_suffix<'t>(s: &'t str, lang: &str) -> &'t str {
    if !chronicle_lang::get(lang).is_some_and(|d| d.names.apostrophe_suffix) {
        return s;
    }
    let last = s.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    match s[last..].find(['\'', '’']) {
        Some(k) if k > 0 => &s[..last + k],
        _ => s,
    }
}
