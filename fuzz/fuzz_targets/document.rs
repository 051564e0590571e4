//! The whole per-document analysis on any bytes, read as text, Markdown,
//! HTML or a JSONL record's text (the first byte picks the format, whether
//! the bytes go through encoding detection, and whether languages and
//! mentions are found). Checks every span invariant of the document
//! (`chronicle_fuzz::check_document`: paragraphs, cleaned text mapped back
//! to the source byte for byte, sentences, anchors, references, dates with
//! valid EDTF, mentions) and the spans of the citations made from it.
#![no_main]

use chronicle_core::Format;
use chronicle_fuzz::{check_document, check_span};
use chronicle_ingest::source::content_hash;
use chronicle_ingest::{AnalyseOptions, RawDoc, analyse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // The language models, the gazetteer and the lexicons load on first
        // use, which takes seconds: before fuzzing, not inside the first
        // input's time limit.
        let raw = RawDoc {
            source: "/fuzz/warm-up".into(),
            name: "warm-up".into(),
            content_hash: content_hash(b""),
            encoding: "UTF-8".into(),
            format: Format::Text,
            text: "Warm-up text of 27 April 1920 in Baku. Second sentence here.".into(),
            title: None,
            url: None,
            declared_lang: None,
            raw_bytes: 0,
        };
        analyse(raw, &AnalyseOptions::default());
    },
    |data: &[u8]| {
        let Some((&mode, bytes)) = data.split_first() else {
            return;
        };
        let format = [Format::Text, Format::Markdown, Format::Html, Format::Jsonl][(mode & 3) as usize];
        let (text, encoding) = if mode & 4 != 0 {
            match chronicle_ingest::decode::decode_owned(bytes.to_vec(), None) {
                Ok(d) => (d.text, d.encoding),
                Err(_) => return,
            }
        } else {
            (
                String::from_utf8_lossy(bytes).into_owned(),
                "UTF-8".to_string(),
            )
        };
        let raw = RawDoc {
            source: "/fuzz/doc".into(),
            name: "doc".into(),
            content_hash: content_hash(bytes),
            encoding,
            format,
            text: text.clone(),
            title: None,
            url: None,
            declared_lang: (mode & 32 != 0).then(|| "ru".to_string()),
            raw_bytes: bytes.len() as u64,
        };
        let opts = AnalyseOptions {
            // Language identification is slow; only on short inputs.
            identify_languages: mode & 8 != 0 && bytes.len() <= 2048,
            tag_times: true,
            find_mentions: mode & 16 != 0,
        };
        let doc = analyse(raw, &opts);
        assert_eq!(doc.source_text, text, "source text changed");
        check_document(&doc);
        let (citations, _) = chronicle_events::citations::document_citations(&doc);
        for (key, c) in &citations {
            assert!(!key.is_empty());
            check_span(
                &doc.source_text,
                chronicle_core::Span::new(c.start, c.end),
                "citation",
            );
        }
    }
);
