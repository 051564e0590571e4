//! Property tests of `MappedText`: whatever edits, slices and compositions
//! are applied to a paragraph of hostile text (mixed scripts, combining
//! marks, right-to-left controls, NUL and other control characters, markup
//! and footnote shapes), the map still leads back to the original bytes.
//!
//! * every copy segment is byte-for-byte the source range it names, so a
//!   word copied from the source maps to exactly its source bytes;
//! * every offset of the text (on a character boundary) maps to a character
//!   boundary inside the paragraph's source range, and a range maps to a span
//!   that covers the source of each of its characters;
//! * the parts rebuild the same text (`from_parts`).
//!
//! `PROPTEST_CASES` raises the number of cases (default 1024 here).

use std::ops::Range;

use chronicle_core::{Bias, Edit, MappedText};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    ProptestConfig {
        cases,
        // Failures are kept as plain regression tests, not as files.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces of hostile text: scripts, combining marks, bidi controls, NUL and
/// control characters, markup, footnote markers, whitespace of every kind.
const PIECES: &[&str] = &[
    "a",
    "Baku",
    "Шуша",
    "Bаku", // Cyrillic а
    "Şuşa",
    "Nguyễn",
    "Hà Nội",
    "Երևան",
    "თბილისი",
    "تبریز",
    "עברית",
    "e\u{301}",
    "a\u{327}\u{301}\u{308}",
    "\u{202e}",
    "\u{202d}",
    "\u{200f}",
    "\u{2066}",
    "\u{2069}",
    "\u{200d}",
    "\u{feff}",
    "👩\u{200d}💻",
    "\0",
    "\u{1}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    " ",
    "  ",
    "\u{a0}",
    "\t",
    "\n",
    "\r\n",
    "[12]",
    "^",
    " 28 .",
    "¹",
    "&amp;",
    "&#1041;",
    "<p>",
    "</div>",
    "**",
    "[^1]",
    "1920",
    "27-ci",
    "апреля",
    ".",
    "…",
];

fn hostile(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|v| v.concat())
}

/// An edit given by positions relative to the text's length, so that it
/// applies to any text: `(start, len, replacement)`.
#[derive(Debug, Clone)]
enum Op {
    Edit(Vec<(u16, u16, Option<&'static str>)>),
    Slice(u16, u16),
}

fn op() -> impl Strategy<Value = Op> {
    let edit = (
        any::<u16>(),
        0u16..2000,
        prop::option::of(prop::sample::select(
            &[
                "", " ", "&", "ё", "e\u{301}", "é", "«", "\u{202e}", "[", "\n",
            ][..],
        )),
    );
    prop_oneof![
        4 => prop::collection::vec(edit, 0..4).prop_map(Op::Edit),
        1 => (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Op::Slice(a, b)),
    ]
}

/// `frac` of the way into `text` (`frac / 65535`), moved back to a
/// character boundary.
fn at(text: &str, frac: u16) -> usize {
    let mut i = text.len() * frac as usize / u16::MAX as usize;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn boundary_after(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn apply(m: &MappedText, op: &Op) -> MappedText {
    let t = m.text();
    match op {
        Op::Slice(a, b) => {
            let (a, b) = (at(t, *a), at(t, *b));
            m.slice(a.min(b)..a.max(b))
        }
        Op::Edit(list) => {
            // Non-overlapping edits: sorted by start, each clipped to begin
            // after the previous one ends.
            let mut ranges: Vec<(Range<usize>, &str)> = list
                .iter()
                .map(|(s, len, rep)| {
                    let s = at(t, *s);
                    (
                        s..boundary_after(t, s + *len as usize % 64),
                        rep.unwrap_or(""),
                    )
                })
                .collect();
            ranges.sort_by_key(|(r, _)| r.start);
            let mut edits = Vec::new();
            let mut end = 0;
            for (r, rep) in ranges {
                if r.start < end {
                    continue;
                }
                end = r.end;
                edits.push(Edit::replace(r, rep));
            }
            m.apply(&edits)
        }
    }
}

/// Checks every invariant of `m`, a text derived from `source[para]`.
fn check(m: &MappedText, source: &str, para: &Range<usize>) -> Result<(), TestCaseError> {
    let text = m.text();
    let inside = |o: usize| para.start <= o && o <= para.end && source.is_char_boundary(o);
    let mut pos = 0;
    for s in m.segments() {
        prop_assert_eq!(s.text_start, pos, "segments tile the text");
        pos += s.text_len;
        let (ts, te) = (s.text_start, s.text_start + s.text_len);
        let (ss, se) = (s.src_start, s.src_start + s.src_len);
        prop_assert!(text.is_char_boundary(ts) && text.is_char_boundary(te));
        prop_assert!(
            inside(ss) && inside(se),
            "segment {:?} outside {:?}",
            s,
            para
        );
        if s.copy {
            // A copied run is exactly its source bytes.
            prop_assert_eq!(&text[ts..te], &source[ss..se]);
        }
    }
    prop_assert_eq!(pos, text.len());
    let span = m.source_span();
    prop_assert!(inside(span.start) && inside(span.end) && span.start <= span.end);

    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    for &o in &offsets {
        for bias in [Bias::Start, Bias::End] {
            let s = m.to_source(o, bias);
            prop_assert!(inside(s), "offset {} maps to {} outside {:?}", o, s, para);
        }
    }
    // Each character's source lies inside the span of any range holding it.
    for w in offsets.windows(2) {
        let (a, b) = (w[0], w[1]);
        let one = m.span_to_source(a..b);
        let whole = m.span_to_source(0..text.len());
        prop_assert!(one.start <= one.end);
        prop_assert!(whole.start <= one.start && one.end <= whole.end);
    }
    // A word inside one copy segment maps to exactly its bytes.
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(a)) => {
                start = None;
                let copied = m
                    .segments()
                    .iter()
                    .any(|s| s.copy && s.text_start <= a && i <= s.text_start + s.text_len);
                if copied {
                    let sp = m.span_to_source(a..i);
                    prop_assert_eq!(&source[sp.start..sp.end], &text[a..i]);
                }
            }
            _ => {}
        }
    }
    let rebuilt = MappedText::from_parts(text.to_string(), m.segments().to_vec(), m.anchor());
    prop_assert_eq!(rebuilt.as_ref(), Ok(m));
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Edits and slices composed in any order keep the way back.
    #[test]
    fn edits_and_slices_keep_the_map(
        before in hostile(6),
        para_text in hostile(40),
        after in hostile(6),
        ops in prop::collection::vec(op(), 0..6),
    ) {
        let source = format!("{before}{para_text}{after}");
        let para = before.len()..before.len() + para_text.len();
        let mut m = MappedText::identity(&para_text, para.start);
        check(&m, &source, &para)?;
        prop_assert_eq!(m.text(), &source[para.clone()]);
        for op in &ops {
            m = apply(&m, op);
            check(&m, &source, &para)?;
        }
        // No edit at all changes nothing.
        prop_assert_eq!(&m.apply(&[]), &m);
    }

    /// Deleting only (as the cleaner does with markers and debris) leaves
    /// every byte of the text a copy of the source, in source order.
    #[test]
    fn deletions_leave_a_subsequence_of_the_source(
        para_text in hostile(40),
        cuts in prop::collection::vec((any::<u16>(), 0u16..40), 0..6),
    ) {
        let m0 = MappedText::identity(&para_text, 0);
        let op = Op::Edit(cuts.into_iter().map(|(s, l)| (s, l, None)).collect());
        let m = apply(&m0, &op);
        check(&m, &para_text, &(0..para_text.len()))?;
        prop_assert!(m.segments().iter().all(|s| s.copy));
        let mut last = 0;
        for s in m.segments() {
            prop_assert!(s.src_start >= last, "segments keep source order");
            last = s.src_start + s.src_len;
        }
        let kept: String = m
            .segments()
            .iter()
            .map(|s| &para_text[s.src_start..s.src_start + s.src_len])
            .collect();
        prop_assert_eq!(kept.as_str(), m.text());
    }
}
