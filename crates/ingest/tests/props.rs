//! Property tests of the whole per-document pipeline on hostile text.
//!
//! Random documents are built from pieces of real trouble: mixed scripts,
//! combining marks, right-to-left controls, NUL and control characters, HTML
//! and Markdown syntax fragments, footnote-marker shapes, digits and the
//! month, season and weekday words of every language's data. Each is written
//! to a file (sometimes gzip-compressed; for JSONL as the `text` of a
//! record), read with [`read_input`] and analysed with [`analyse`], the same
//! entry points `chronicle ingest` uses. Then:
//!
//! * every span (paragraph, sentence, anchor, reference, timex, mention) lies
//!   inside the source text on UTF-8 character boundaries, sentences, dates
//!   and names inside their paragraph and sentence;
//! * cleaning keeps the way back: every copy segment of a cleaned text is
//!   byte-for-byte its source range, every cleaned offset maps into the
//!   source range of its paragraph, and the text of a date or name is the
//!   paragraph text at its range.
//!
//! * re-ingest is idempotent: an analysed document saved twice into a fresh
//!   store is reported unchanged the second time, every row stays as it was,
//!   it loads back equal and the store verifies.
//!
//! `PROPTEST_CASES` raises the number of cases.

use std::io::Write;
use std::path::Path;

use chronicle_core::{Bias, Document, Format, MappedText, Span};
use chronicle_ingest::clean::Cleaner;
use chronicle_ingest::{AnalyseOptions, Input, RawDoc, ReadOptions, analyse, read_input};
use proptest::prelude::*;

fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const PIECES: &[&str] = &[
    // Letters and words of many scripts, lookalikes, combining marks.
    "a",
    "Б",
    "ə",
    "ệ",
    "Baku",
    "Bаku",
    "Шуша",
    "Şuşa",
    "Gəncə",
    "Нахчыван",
    "Hà Nội",
    "Երևան",
    "თბილისი",
    "تبریز",
    "עברית",
    "ĳ",
    "ß",
    "İ",
    "ı",
    "e\u{301}",
    "a\u{327}\u{301}",
    "\u{301}",
    "\u{20dd}",
    "👩\u{200d}💻",
    "🇦🇿",
    // Bidi controls, invisible and odd whitespace, control characters.
    "\u{202e}",
    "\u{202d}",
    "\u{202c}",
    "\u{200f}",
    "\u{200e}",
    "\u{2067}",
    "\u{2069}",
    "\u{200b}",
    "\u{feff}",
    "\u{ad}",
    "\0",
    "\u{1}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{a0}",
    "\u{3000}",
    "\u{b}",
    "\u{c}",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    // Sentence punctuation and quotes.
    ".",
    ". ",
    "!",
    "?",
    "…",
    "։",
    "؟",
    "。",
    ":",
    ";",
    ",",
    "«",
    "»",
    "\"",
    "„",
    "“",
    "”",
    "'",
    "(",
    ")",
    "-",
    "–",
    "—",
    "/",
    // HTML fragments.
    "<",
    ">",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<span>",
    "<br/>",
    "<h2>",
    "</h2>",
    "<li>",
    "<ol>",
    "<table><tr><td>",
    "</td>",
    "<sup>[3]</sup>",
    "<a href=\"x>y\">",
    "</a>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?xml ?>",
    "<!DOCTYPE html>",
    "<title>",
    "</title>",
    "&amp;",
    "&nbsp;",
    "&#1041;",
    "&#x1F600;",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "&bogus;",
    "&",
    "</pr",
    // Markdown fragments.
    "# ",
    "## ",
    "> ",
    "* ",
    "- ",
    "1. ",
    "```",
    "~~~",
    "    ",
    "**",
    "_",
    "`",
    "|",
    "|---|",
    "[link](http://x)",
    "![img](x)",
    "[^1]",
    "[^1]: note",
    "\\",
    "***",
    "<br>",
    // Footnote-marker shapes and reference debris.
    "[",
    "]",
    "[12]",
    "[a]",
    "[1][2]",
    "[1, 2]",
    "[note 3]",
    "[citation needed]",
    "[edit]",
    "^",
    "^ a b",
    " 28 .",
    "1  2 ,",
    "¹",
    "²³",
    "edit",
    "References",
    "Литература",
    "Ədəbiyyat",
    "1. ^ ",
    "p.",
    "М.",
    "Иванов И. ",
    "Баку, 1980.",
    "sfn error",
    // Digits in several scripts and with glued suffixes.
    "1",
    "27",
    "1918",
    "1920",
    "0",
    "99999999999999999999",
    "1918-ci",
    "1920-х",
    "27th",
    "XIX",
    "٢٠٢٠",
    "۱۳۹۹",
    "१९२०",
    "1920年",
    "12:30",
    "23:00",
    "1.5",
    "-490",
];

/// The month, season and weekday words of every language's data, and its
/// year words and number words.
fn data_words() -> Vec<String> {
    let mut out = Vec::new();
    for l in chronicle_lang::all() {
        let t = &l.time;
        out.extend(t.months.iter().flatten().cloned());
        out.extend(t.weekdays.iter().flatten().cloned());
        for s in [
            &t.seasons.spring,
            &t.seasons.summer,
            &t.seasons.autumn,
            &t.seasons.winter,
        ] {
            out.extend(s.iter().cloned());
        }
        out.extend(t.year_words.before.iter().cloned());
        out.extend(t.year_words.after.iter().cloned());
        out.extend(t.numbers.keys().cloned());
        out.extend(l.names.person_titles.iter().cloned());
    }
    out.sort();
    out.dedup();
    out
}

fn hostile_text(max_pieces: usize) -> impl Strategy<Value = String> {
    let fixed: Vec<String> = PIECES.iter().map(|s| s.to_string()).collect();
    let words = data_words();
    let piece = prop_oneof![
        6 => prop::sample::select(fixed),
        2 => prop::sample::select(words).prop_flat_map(|w| {
            // Sometimes capitalised, as at the start of a sentence.
            prop::bool::ANY.prop_map(move |cap| {
                if cap {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
                } else {
                    w.clone()
                }
            })
        }),
        1 => "[a-zA-Z]{1,12}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..max_pieces).prop_map(|v| v.concat())
}

fn format() -> impl Strategy<Value = Format> {
    prop::sample::select(vec![
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Jsonl,
    ])
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Writes `text` as a file of `format` (a JSONL record's `text` for JSONL)
/// and reads it back as `chronicle ingest` does.
fn read(dir: &Path, text: &str, format: Format, gzip: bool) -> Vec<RawDoc> {
    let ext = match format {
        Format::Text => "txt",
        Format::Markdown => "md",
        Format::Html => "html",
        Format::Jsonl => "jsonl",
    };
    let mut bytes = if format == Format::Jsonl {
        let rec = serde_json::json!({ "id": "r", "text": text, "lang": "en" });
        format!("{rec}\n").into_bytes()
    } else {
        text.as_bytes().to_vec()
    };
    let mut name = format!("doc.{ext}");
    if gzip {
        bytes = gz(&bytes);
        name.push_str(".gz");
    }
    let path = dir.join(name);
    std::fs::write(&path, &bytes).unwrap();
    let input = Input {
        path,
        format,
        gzip,
        size: bytes.len() as u64,
    };
    let mut docs = Vec::new();
    read_input(&input, &ReadOptions::default(), &mut |r| match r {
        Ok(d) => docs.push(d),
        // Refusals (binary data, an empty record) are fine; a refusal must
        // name the file.
        Err(e) => assert!(e.to_string().contains("doc."), "{e}"),
    });
    docs
}

fn check_span(src: &str, s: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        s.start <= s.end
            && s.end <= src.len()
            && src.is_char_boundary(s.start)
            && src.is_char_boundary(s.end),
        "{} span {:?} is not a character range of the {}-byte source",
        what,
        s,
        src.len()
    );
    Ok(())
}

fn within(inner: Span, outer: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// The map of a cleaned text leads back into `range` of `src`, copies are
/// exact, and every offset maps to a character boundary inside `range`.
fn check_map(m: &MappedText, src: &str, range: Span) -> Result<(), TestCaseError> {
    let text = m.text();
    for s in m.segments() {
        let seg = Span::new(s.src_start, s.src_start + s.src_len);
        check_span(src, seg, "segment")?;
        prop_assert!(within(seg, range), "segment {:?} outside {:?}", s, range);
        if s.copy {
            prop_assert_eq!(
                &text[s.text_start..s.text_start + s.text_len],
                &src[seg.start..seg.end]
            );
        }
    }
    for o in text.char_indices().map(|(i, _)| i).chain([text.len()]) {
        for bias in [Bias::Start, Bias::End] {
            let at = m.to_source(o, bias);
            prop_assert!(
                range.start <= at && at <= range.end && src.is_char_boundary(at),
                "offset {} of {:?} maps to {} outside {:?}",
                o,
                text,
                at,
                range
            );
        }
    }
    Ok(())
}

/// Every invariant of an analysed document.
fn check_doc(doc: &Document) -> Result<(), TestCaseError> {
    let src = doc.source_text.as_str();
    for p in &doc.paragraphs {
        check_span(src, p.span, "paragraph")?;
        check_map(&p.text, src, p.span)?;
        let t = p.text.text();
        for s in &p.sentences {
            check_span(src, s.span, "sentence")?;
            prop_assert!(within(s.span, p.span), "sentence outside its paragraph");
            prop_assert!(s.start <= s.end && s.end <= t.len());
            prop_assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
            prop_assert_eq!(s.span, p.text.span_to_source(s.start..s.end));
        }
        for a in &p.anchors {
            check_span(src, a.span, "anchor")?;
            prop_assert!(within(a.span, p.span), "anchor outside its paragraph");
            prop_assert!(a.offset <= t.len() && t.is_char_boundary(a.offset));
        }
    }
    for r in &doc.references {
        check_span(src, r.span, "reference")?;
        let p = &doc.paragraphs[r.paragraph];
        prop_assert_eq!(r.span, p.span);
        prop_assert_eq!(r.text.as_str(), p.text.text());
    }
    let located = |what: &str, pi: usize, si: usize, span: Span, a: usize, b: usize, text: &str| {
        let p = doc
            .paragraphs
            .get(pi)
            .ok_or_else(|| TestCaseError::fail(format!("{what} in paragraph {pi}")))?;
        let s = p
            .sentences
            .get(si)
            .ok_or_else(|| TestCaseError::fail(format!("{what} in sentence {si}")))?;
        check_span(src, span, what)?;
        prop_assert!(
            s.start <= a && a <= b && b <= s.end,
            "{} outside its sentence",
            what
        );
        prop_assert_eq!(&p.text.text()[a..b], text);
        prop_assert!(within(span, s.span), "{} span outside its sentence", what);
        prop_assert_eq!(span, p.text.span_to_source(a..b));
        Ok(())
    };
    for t in &doc.timexes {
        located(
            "timex",
            t.paragraph,
            t.sentence,
            t.span,
            t.start,
            t.end,
            &t.text,
        )?;
        prop_assert!(!t.value.is_empty(), "timex {:?} without a value", t.text);
    }
    for m in &doc.mentions {
        located(
            "mention",
            m.paragraph,
            m.sentence,
            m.span,
            m.start,
            m.end,
            &m.text,
        )?;
    }
    Ok(())
}

fn options(identify: bool) -> AnalyseOptions {
    AnalyseOptions {
        identify_languages: identify,
        ..AnalyseOptions::default()
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Files of every format, plain or gzip-compressed, through the reader and
    /// the whole analysis.
    #[test]
    fn analysed_files_keep_every_span_invariant(
        text in hostile_text(80),
        format in format(),
        gzip in prop::bool::weighted(0.2),
        identify in prop::bool::weighted(0.1),
    ) {
        let dir = tempfile::tempdir().unwrap();
        for raw in read(dir.path(), &text, format, gzip) {
            if format != Format::Jsonl && raw.encoding == "UTF-8" {
                prop_assert_eq!(raw.text.as_str(), text.as_str());
            }
            let doc = analyse(raw, &options(identify));
            check_doc(&doc)?;
        }
    }

    /// The cleaner alone, on a paragraph at some offset of a larger source:
    /// the cleaned text maps back into the paragraph's bytes, copies exactly.
    #[test]
    fn cleaning_maps_back_to_the_original_bytes(
        before in hostile_text(4),
        para in hostile_text(40),
        after in hostile_text(4),
    ) {
        let src = format!("{before}{para}{after}");
        let range = Span::new(before.len(), before.len() + para.len());
        let raw = MappedText::identity(&para, range.start);
        let (clean, anchors) = Cleaner::shared().clean(&raw);
        check_map(&clean, &src, range)?;
        for a in &anchors {
            check_span(&src, a.span, "anchor")?;
            prop_assert!(within(a.span, range));
            prop_assert!(a.offset <= clean.len() && clean.text().is_char_boundary(a.offset));
        }
        // A word the cleaner left whole maps to exactly its source bytes.
        let t = clean.text();
        for (i, w) in t.split(' ').scan(0, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        }) {
            let whole = clean.segments().iter().any(|s| {
                s.copy && s.text_start <= i && i + w.len() <= s.text_start + s.text_len
            });
            if whole && !w.is_empty() {
                let sp = clean.span_to_source(i..i + w.len());
                prop_assert_eq!(&src[sp.start..sp.end], w);
            }
        }
    }
}

/// The bytes of every file of the store in `dir` (the database and its
/// write-ahead log; not the shared-memory index): unchanged bytes mean
/// unchanged rows.
fn store_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with("-shm"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

proptest! {
    // Each case opens a SQLite store: few cases by default.
    #![proptest_config(config(32))]

    #[test]
    fn saving_an_analysed_document_twice_writes_nothing(
        text in hostile_text(80),
        format in format(),
    ) {
        use chronicle_store::{SaveOutcome, Store};
        let dir = tempfile::tempdir().unwrap();
        let store_dir = dir.path().join("store");
        let mut store = Store::open(&store_dir).unwrap();
        for raw in read(dir.path(), &text, format, false) {
            let doc = analyse(raw, &options(false));
            let outcome = store.save(&doc).unwrap();
            prop_assert!(matches!(outcome, SaveOutcome::New(_)), "{:?}", outcome);
            let before = store_files(&store_dir);
            prop_assert_eq!(store.save(&doc).unwrap(), SaveOutcome::Unchanged(outcome.id()));
            prop_assert!(store_files(&store_dir) == before, "a second save wrote to the store");
            prop_assert_eq!(store.load_document(outcome.id()).unwrap(), doc);
            let report = store.verify().unwrap();
            prop_assert!(report.is_ok(), "{:?}", report.problems);
        }
    }
}
