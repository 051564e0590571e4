//! Save throughput on synthetic corpora: `cargo bench -p chronicle-store`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use chronicle_core::{
    Anchor, BlockKind, Document, Format, MappedText, Paragraph, Reference, Sentence, Span,
};
use chronicle_store::{SaveOutcome, Store};

const ENCYCLOPEDIC: [&str; 5] = [
    "Шуша была основана Панах-ханом Джаванширом в 1752 году как неприступная крепость \
     на горном плато, и вскоре город стал столицей Карабахского ханства. ",
    "Şəhər Qarabağ xanlığının paytaxtı idi və XIX əsrdə Cənubi Qafqazın ən böyük \
     ticarət və mədəniyyət mərkəzlərindən biri kimi tanınırdı. ",
    "In 1805 the khanate came under Russian rule by the Kurekchay treaty, and the town \
     became the centre of the Shusha uezd of the Elizavetpol governorate. ",
    "Năm 1802 Gia Long lên ngôi hoàng đế, đặt niên hiệu và chọn Phú Xuân làm kinh đô \
     của triều Nguyễn trong suốt hơn một thế kỷ. ",
    "Die Stadt war im 19. Jahrhundert ein Zentrum der Musik und Dichtung, aus dem viele \
     bekannte Sänger und Dichter des Kaukasus stammten. ",
];

const TERSE: [&str; 5] = [
    "Шуша основана в 1752 году как крепость. ",
    "Şəhər Qarabağ xanlığının paytaxtı idi. ",
    "In 1805 the khanate came under Russian rule. ",
    "Năm 1802 Gia Long lên ngôi. ",
    "Die Stadt war ein Zentrum der Musik. ",
];

/// A document of about `bytes` bytes: paragraphs of five sentences, each
/// with a citation anchor, a heading every sixth paragraph and a reference
/// list of 40 entries at the end.
fn synthetic(i: usize, bytes: usize, sentences_of: &[&str; 5]) -> Document {
    let mut src = String::with_capacity(bytes + 4096);
    let mut paragraphs = Vec::new();
    let mut references = Vec::new();
    let paragraph = |src: &mut String, kind, text: &str, sentences: bool| {
        let start = src.len();
        src.push_str(text);
        let end = src.len();
        src.push_str("\n\n");
        let sentences = if sentences {
            let mut out = Vec::new();
            let mut pos = start;
            for s in text.split_inclusive(". ") {
                let trimmed = s.trim_end();
                out.push(Sentence {
                    span: Span::new(pos, pos + trimmed.len()),
                    start: pos - start,
                    end: pos - start + trimmed.len(),
                    lang: "ru".into(),
                    lang_confidence: 0.93,
                });
                pos += s.len();
            }
            out
        } else {
            vec![]
        };
        Paragraph {
            kind,
            span: Span::new(start, end),
            text: MappedText::identity(text, start),
            lang: "ru".into(),
            lang_confidence: 0.9,
            anchors: if !sentences.is_empty() {
                vec![Anchor {
                    label: "12".into(),
                    span: Span::new(start + 10, start + 14),
                    offset: 10,
                }]
            } else {
                vec![]
            },
            sentences,
        }
    };
    let body_limit = bytes * 9 / 10;
    let mut n = 0;
    while src.len() < body_limit {
        if n % 6 == 0 {
            paragraphs.push(paragraph(&mut src, BlockKind::Heading, "История", false));
        }
        n += 1;
        paragraphs.push(paragraph(
            &mut src,
            BlockKind::Narrative,
            sentences_of.concat().trim_end(),
            true,
        ));
    }
    let mut k = 0;
    while src.len() < bytes {
        k += 1;
        let entry = format!("{k}. ^ Бакиханов А. Гюлистан-и Ирам. Баку, 1841. С. {k}.");
        paragraphs.push(paragraph(&mut src, BlockKind::Reference, &entry, false));
        let p = &paragraphs[paragraphs.len() - 1];
        references.push(Reference {
            paragraph: paragraphs.len() - 1,
            label: Some(k.to_string()),
            span: p.span,
            text: entry,
        });
    }
    Document {
        source: format!("/corpus/doc{i}.txt"),
        name: format!("doc{i}.txt"),
        url: None,
        title: None,
        declared_lang: None,
        content_hash: format!("{}-{i}", common::hash_of(&src)),
        encoding: "utf-8".into(),
        format: Format::Text,
        source_text: src,
        paragraphs,
        references,
        timexes: Vec::new(),
        mentions: Vec::new(),
    }
}

/// Best of three rounds, each into a fresh store; returns MB/s.
fn measure(label: &str, docs: &[Document]) -> f64 {
    let total: usize = docs.iter().map(|d| d.source_text.len()).sum();
    let rows: usize = docs
        .iter()
        .map(|d| d.paragraphs.len() + d.sentence_count() + d.anchor_count() + d.references.len())
        .sum();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let started = Instant::now();
        for d in docs {
            assert!(matches!(store.save(d).unwrap(), SaveOutcome::New(_)));
        }
        best = best.min(started.elapsed().as_secs_f64());
        let started = Instant::now();
        for d in docs {
            assert!(matches!(store.save(d).unwrap(), SaveOutcome::Unchanged(_)));
        }
        assert!(started.elapsed().as_secs_f64() < best);
    }
    let rate = total as f64 / best / 1e6;
    println!(
        "{label}: saved {:.1} MB ({rows} rows, {:.0} bytes/sentence) in {best:.2} s: {rate:.1} MB/s",
        total as f64 / 1e6,
        total as f64 / docs.iter().map(|d| d.sentence_count()).sum::<usize>() as f64,
    );
    rate
}

fn main() {
    let docs: Vec<Document> = (0..400)
        .map(|i| synthetic(i, 128 * 1024, &ENCYCLOPEDIC))
        .collect();
    measure("encyclopedic", &docs);
    let docs: Vec<Document> = (0..400).map(|i| synthetic(i, 128 * 1024, &TERSE)).collect();
    measure("terse (many short sentences)", &docs);
}
