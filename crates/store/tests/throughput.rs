//! Save throughput on a synthetic corpus. Run with
//! `cargo test --release -p chronicle-store --test throughput -- --ignored --nocapture`.

mod common;

use std::time::Instant;

use chronicle_core::{Anchor, BlockKind, Document, Format, MappedText, Paragraph, Sentence, Span};
use chronicle_store::{SaveOutcome, Store};

/// A document of about `bytes` bytes: paragraphs of five sentences each with
/// a citation anchor, in mixed scripts.
fn synthetic(i: usize, bytes: usize) -> Document {
    let sentence = [
        "Шуша была основана Панах-ханом в 1752 году как крепость. ",
        "Şəhər Qarabağ xanlığının paytaxtı idi və ticarət mərkəzi kimi tanınırdı. ",
        "In 1805 the khanate came under Russian rule by the Kurekchay treaty. ",
        "Năm 1802 Gia Long lên ngôi và đặt kinh đô tại Phú Xuân. ",
        "Die Stadt war im 19. Jahrhundert ein Zentrum der Musik und Dichtung. ",
    ];
    let mut src = String::with_capacity(bytes + 1024);
    let mut paragraphs = Vec::new();
    while src.len() < bytes {
        let start = src.len();
        let mut sentences = Vec::new();
        for s in sentence {
            let a = src.len();
            src.push_str(s);
            sentences.push(Sentence {
                span: Span::new(a, src.len() - 1),
                start: a - start,
                end: src.len() - 1 - start,
                lang: "ru".into(),
                lang_confidence: 0.93,
            });
        }
        let text = src[start..].to_string();
        src.push_str("\n\n");
        paragraphs.push(Paragraph {
            kind: BlockKind::Narrative,
            span: Span::new(start, start + text.len()),
            text: MappedText::identity(&text, start),
            lang: "ru".into(),
            lang_confidence: 0.9,
            sentences: if std::env::var("NOSENT").is_ok() {
                vec![]
            } else {
                sentences
            },
            anchors: vec![Anchor {
                label: "12".into(),
                span: Span::new(start + 10, start + 14),
                offset: 10,
            }],
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
        references: vec![],
    }
}

#[test]
#[ignore = "benchmark: run in release with --ignored"]
fn save_throughput() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let docs: Vec<Document> = (0..400).map(|i| synthetic(i, 128 * 1024)).collect();
    let total: usize = docs.iter().map(|d| d.source_text.len()).sum();
    let started = Instant::now();
    for d in &docs {
        assert!(matches!(store.save(d).unwrap(), SaveOutcome::New(_)));
    }
    let secs = started.elapsed().as_secs_f64();
    let rate = total as f64 / secs / 1e6;
    println!(
        "saved {:.1} MB in {secs:.2} s: {rate:.1} MB/s",
        total as f64 / 1e6
    );
    let started = Instant::now();
    for d in &docs {
        assert!(matches!(store.save(d).unwrap(), SaveOutcome::Unchanged(_)));
    }
    println!("unchanged pass: {:.3} s", started.elapsed().as_secs_f64());
    if !cfg!(debug_assertions) {
        assert!(rate >= 50.0, "{rate:.1} MB/s is below 50 MB/s");
    }
}
