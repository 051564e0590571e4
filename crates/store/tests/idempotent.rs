//! Property test: saving is idempotent. A random document (hostile text:
//! mixed scripts, combining marks, bidi controls, NUL and control characters
//! in the source, the cleaned text, labels, values and names; cleaned texts
//! with deletions and replacements so that their offset maps are not
//! trivial; every kind of annotation) is saved into a fresh store; saving it
//! again reports `Unchanged` and leaves every row of every table identical;
//! it loads back equal, and the store verifies. A changed version replaces it
//! under the same id, and saving that twice is again a no-op.
//!
//! Each case opens a SQLite store, so the default number of cases is small;
//! `PROPTEST_CASES` raises it.

use chronicle_core::{
    Anchor, BlockKind, Document, Edit, EntityType, Format, MappedText, Mention, Paragraph,
    Reference, Sentence, Span, Timex, TimexMod, TimexType,
};
use chronicle_store::{DB_FILE, SaveOutcome, Store};
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
    "a",
    "Baku",
    "Bаku",
    "Шуша",
    "Şuşa",
    "Nguyễn",
    "Երևան",
    "თბილისი",
    "تبریز",
    "עברית",
    "e\u{301}",
    "\u{202e}",
    "\u{200f}",
    "\u{2066}",
    "\u{feff}",
    "\0",
    "\u{1}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "👩\u{200d}💻",
    " ",
    "  ",
    "\t",
    "\u{a0}",
    ".",
    ". ",
    "[12]",
    "'",
    "\"",
    "''",
    "%",
    "_",
    "\\",
    ";--",
    "NULL",
    "1920",
    "27 April",
    "&amp;",
    "<p>",
];

fn hostile(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|v| v.concat())
}

/// Draws choices from a list of random numbers, round and round.
struct Dice<'a> {
    n: &'a [u32],
    i: usize,
}

impl Dice<'_> {
    fn roll(&mut self, below: usize) -> usize {
        let v = self.n[self.i % self.n.len()] as usize;
        self.i += 1;
        if below == 0 { 0 } else { v % below }
    }

    fn coin(&mut self) -> bool {
        self.roll(2) == 0
    }

    /// A character boundary of `text` in `lo..=hi`.
    fn boundary(&mut self, text: &str, lo: usize, hi: usize) -> usize {
        let mut i = lo + self.roll(hi - lo + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i.max(lo)
    }

    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.roll(from.len())]
    }

    fn text(&mut self, words: &[String]) -> String {
        words[self.roll(words.len())].clone()
    }
}

/// Builds a consistent document: every line of `lines` a paragraph whose
/// cleaned text is the line with a few edits, split into sentences, with
/// anchors, references, dates and names at ranges inside its sentences.
fn document(source: String, lines: &[String], words: &[String], dice: &[u32]) -> Document {
    let mut d = Dice { n: dice, i: 0 };
    let source_text = lines.join("\n");
    let mut paragraphs = Vec::new();
    let mut references = Vec::new();
    let mut timexes = Vec::new();
    let mut mentions = Vec::new();
    let mut at = 0;
    for line in lines {
        let start = at;
        at += line.len() + 1;
        if line.is_empty() {
            continue;
        }
        let raw = MappedText::identity(line, start);
        let mut edits = Vec::new();
        if d.coin() {
            let a = d.boundary(line, 0, line.len());
            let b = d.boundary(line, a, line.len());
            let rep = d.pick(&["", " ", "&", "é", "\u{202e}"]);
            edits.push(Edit::replace(a..b, rep));
        }
        let text = raw.apply(&edits);
        if text.is_empty() {
            continue;
        }
        let t = text.text().to_string();
        let pi = paragraphs.len();
        let kind = [
            BlockKind::Narrative,
            BlockKind::Heading,
            BlockKind::Fragment,
            BlockKind::Reference,
        ][d.roll(4)];
        // Sentences tile the text at random boundaries.
        let mut cuts = vec![0, t.len()];
        for _ in 0..d.roll(3) {
            cuts.push(d.boundary(&t, 0, t.len()));
        }
        cuts.sort();
        cuts.dedup();
        let sentences: Vec<Sentence> = cuts
            .windows(2)
            .map(|w| Sentence {
                span: text.span_to_source(w[0]..w[1]),
                start: w[0],
                end: w[1],
                lang: d.pick(&["en", "ru", "az", "und", "fa"]).to_string(),
                lang_confidence: d.roll(1001) as f32 / 1000.0,
            })
            .collect();
        for (si, s) in sentences.iter().enumerate() {
            for _ in 0..d.roll(3) {
                let a = d.boundary(&t, s.start, s.end);
                let b = d.boundary(&t, a, s.end);
                let span = text.span_to_source(a..b);
                if d.coin() {
                    timexes.push(Timex {
                        paragraph: pi,
                        sentence: si,
                        span,
                        start: a,
                        end: b,
                        text: t[a..b].to_string(),
                        kind: [
                            TimexType::Date,
                            TimexType::Time,
                            TimexType::Duration,
                            TimexType::Set,
                        ][d.roll(4)],
                        value: d
                            .pick(&["1920-04-27", "192X", "-0489", "1918/1920", "PT2H40M"])
                            .to_string(),
                        modifier: [None, Some(TimexMod::Start), Some(TimexMod::End)][d.roll(3)],
                        anchor: d.coin().then(|| d.text(words)),
                        calendar: d.coin().then(|| "julian".to_string()),
                        alt_value: d.coin().then(|| d.text(words)),
                    });
                } else {
                    mentions.push(Mention {
                        paragraph: pi,
                        sentence: si,
                        span,
                        start: a,
                        end: b,
                        text: t[a..b].to_string(),
                        lang: s.lang.clone(),
                        kind: [
                            None,
                            Some(EntityType::Person),
                            Some(EntityType::Place),
                            Some(EntityType::Org),
                        ][d.roll(4)],
                        cue: d.roll(4) as u8,
                        place: d.coin().then(|| format!("geonames:{}", d.roll(1_000_000))),
                        role: d.coin().then(|| d.text(words)),
                    });
                }
            }
        }
        let anchors = (0..d.roll(3))
            .map(|_| {
                let a = d.boundary(line, 0, line.len());
                let b = d.boundary(line, a, line.len());
                Anchor {
                    label: d.text(words),
                    span: Span::new(start + a, start + b),
                    offset: d.boundary(&t, 0, t.len()),
                }
            })
            .collect();
        if kind == BlockKind::Reference {
            references.push(Reference {
                paragraph: pi,
                label: d.coin().then(|| d.text(words)),
                span: text.source_span(),
                text: t.clone(),
            });
        }
        paragraphs.push(Paragraph {
            kind,
            span: text.source_span(),
            text,
            lang: d.pick(&["en", "ru", "und"]).to_string(),
            lang_confidence: d.roll(1001) as f32 / 1000.0,
            sentences,
            anchors,
        });
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source.bytes().chain(source_text.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    Document {
        name: source.rsplit('/').next().unwrap_or("").to_string(),
        source,
        url: d.coin().then(|| d.text(words)),
        title: d.coin().then(|| d.text(words)),
        declared_lang: d.coin().then(|| "ru".to_string()),
        content_hash: format!("sha256:{h:016x}"),
        encoding: d.pick(&["UTF-8", "windows-1251", "UTF-16LE"]).to_string(),
        format: [Format::Text, Format::Markdown, Format::Html, Format::Jsonl][d.roll(4)],
        source_text,
        paragraphs,
        references,
        timexes,
        mentions,
    }
}

fn arb_document() -> impl Strategy<Value = Document> {
    (
        hostile(4),
        prop::collection::vec(hostile(12), 0..8),
        prop::collection::vec(hostile(4), 1..8),
        prop::collection::vec(any::<u32>(), 1..64),
    )
        .prop_map(|(name, lines, words, dice)| {
            document(format!("/corpus/{name}.txt"), &lines, &words, &dice)
        })
}

/// Every row of every table, as text, sorted: what "the rows are identical"
/// compares.
fn rows(dir: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join(DB_FILE)).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}: {}", cells.join(" | ")));
        }
    }
    out.sort();
    out
}

/// `doc` was just saved: saving it again reports it unchanged and leaves
/// every row as it was; it loads back equal and the store verifies.
fn save_again(
    store: &mut Store,
    dir: &std::path::Path,
    doc: &Document,
) -> Result<(), TestCaseError> {
    let after_first = rows(dir);
    let id = store.save(doc).unwrap().id();
    prop_assert_eq!(store.save(doc).unwrap(), SaveOutcome::Unchanged(id));
    prop_assert_eq!(&rows(dir), &after_first, "a second save changed rows");
    prop_assert_eq!(&store.load_document(id).unwrap(), doc);
    let report = store.verify().unwrap();
    prop_assert!(report.is_ok(), "{:?}", report.problems);
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn saving_twice_writes_nothing(doc in arb_document(), other in arb_document()) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let outcome = store.save(&doc).unwrap();
        prop_assert!(matches!(outcome, SaveOutcome::New(_)), "{:?}", outcome);
        let id = outcome.id();
        save_again(&mut store, dir.path(), &doc)?;

        // A changed version under the same source replaces it, keeping the id.
        let mut changed = other;
        changed.source = doc.source.clone();
        changed.name = doc.name.clone();
        if changed.content_hash == doc.content_hash {
            changed.content_hash.push('0');
        }
        prop_assert_eq!(store.save(&changed).unwrap(), SaveOutcome::Changed(id));
        save_again(&mut store, dir.path(), &changed)?;
    }
}
