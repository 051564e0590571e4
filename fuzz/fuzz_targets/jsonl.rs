//! JSONL corpus reading from memory (the first byte picks the line limit and
//! whether the same bytes are also read gzip-compressed). Checked against an
//! independent reading of the lines: one result per non-blank line, in
//! order, each error naming its line; a line over the limit is refused; a
//! document is exactly the `text` string of its line's JSON object, hashed
//! from its line; compressed or not, the results are the same.
#![no_main]

use std::io::Write;

use chronicle_ingest::source::{content_hash, read_jsonl_bytes};
use chronicle_ingest::{InputError, InputErrorKind, RawDoc, ReadOptions};
use flate2::Compression;
use flate2::write::GzEncoder;
use libfuzzer_sys::fuzz_target;

const LIMITS: &[u64] = &[8, 64, 1 << 20];

fn read(bytes: &[u8], opts: &ReadOptions) -> Vec<Result<RawDoc, InputError>> {
    let mut got = Vec::new();
    read_jsonl_bytes(bytes, "mem.jsonl", opts, &mut |r| got.push(r));
    got
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let limit = LIMITS[(mode & 0x7f) as usize % LIMITS.len()];
    let opts = ReadOptions {
        max_doc_bytes: limit,
        ..Default::default()
    };
    let got = read(rest, &opts);
    if rest.starts_with(&[0x1f, 0x8b]) {
        return;
    }
    if mode & 0x80 != 0 {
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(rest).unwrap();
        let gz = enc.finish().unwrap();
        let mut zipped = read(&gz, &opts);
        // Highly compressible input may be refused as a zip bomb part way.
        if let Some(Err(e)) = zipped.last()
            && matches!(e.kind, InputErrorKind::GzipBomb { .. })
        {
            zipped.pop();
            assert!(zipped.len() <= got.len());
            assert_eq!(
                zipped,
                got[..zipped.len()],
                "gzip-compressed corpus read differently"
            );
        } else {
            assert_eq!(zipped, got, "gzip-compressed corpus read differently");
        }
    }
    if rest.is_empty() {
        assert_eq!(got.len(), 1);
        let e = got[0].as_ref().unwrap_err();
        assert_eq!(e.kind, InputErrorKind::Empty);
        return;
    }
    // The lines that give a result: not blank, or over the limit.
    // (A line's `\r` counts against the limit; its `\n` does not.)
    let mut lines: Vec<(u64, &[u8], bool)> = Vec::new();
    let pieces: Vec<&[u8]> = rest.split(|b| *b == b'\n').collect();
    let n = pieces.len() - usize::from(rest.ends_with(b"\n"));
    for (i, line) in pieces[..n].iter().enumerate() {
        let too_long = line.len() as u64 > limit;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if too_long || !line.iter().all(u8::is_ascii_whitespace) {
            lines.push((i as u64 + 1, line, too_long));
        }
    }
    assert_eq!(
        got.len(),
        lines.len(),
        "{} results for {} non-blank lines",
        got.len(),
        lines.len()
    );
    for (r, &(no, line, too_long)) in got.iter().zip(&lines) {
        match r {
            Err(e) => {
                assert_eq!(e.line, Some(no), "error {e} on the wrong line");
                assert_eq!(e.path, "mem.jsonl");
                match &e.kind {
                    InputErrorKind::TooLarge { limit: l, .. } => {
                        assert!(
                            too_long,
                            "line {no} of {} bytes refused as too large",
                            line.len()
                        );
                        assert_eq!(*l, limit);
                    }
                    _ if too_long => panic!("line {no} over the limit not refused: {e}"),
                    InputErrorKind::InvalidUtf8(o) => {
                        assert_eq!(
                            std::str::from_utf8(line).map_err(|e| e.valid_up_to() as u64),
                            Err(*o)
                        );
                    }
                    InputErrorKind::Json(_) => {}
                    InputErrorKind::MissingText => {
                        // (serde skips unknown fields without checking their
                        // escapes, so the line need not be JSON to a parser
                        // that reads every value.)
                        let text = value(line).and_then(|v| v.get("text").cloned());
                        assert!(!text.is_some_and(|t| t.is_string()), "line {no} has a text");
                    }
                    InputErrorKind::Empty => {
                        if let Some(v) = value(line) {
                            assert!(v["text"].as_str().is_some_and(|t| t.trim().is_empty()));
                        }
                    }
                    other => panic!("line {no}: unexpected error {other:?}"),
                }
            }
            Ok(doc) => {
                assert!(!too_long, "line {no} over the limit read");
                if let Some(v) = value(line) {
                    assert_eq!(
                        v["text"].as_str(),
                        Some(doc.text.as_str()),
                        "line {no}: text"
                    );
                }
                assert!(!doc.text.trim().is_empty());
                assert_eq!(doc.content_hash, content_hash(line), "line {no}: hash");
                assert!(doc.source.starts_with("mem.jsonl#"));
                assert_eq!(doc.raw_bytes, line.len() as u64);
            }
        }
    }
});

fn value(line: &[u8]) -> Option<serde_json::Value> {
    let s = std::str::from_utf8(line).ok()?;
    serde_json::from_str(s.strip_prefix('\u{feff}').unwrap_or(s)).ok()
}
