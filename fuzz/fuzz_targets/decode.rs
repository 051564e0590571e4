//! Encoding detection and decoding on any bytes (the first byte picks a
//! forced encoding, or none). Detection: an error is one of the documented
//! kinds with an offset inside the input that says where the problem is
//! (the invalid UTF-8 offset is exactly where valid UTF-8 stops; a binary
//! offset points at a NUL or control byte); text decoded as UTF-8 is the
//! input byte for byte, so offsets into it are offsets into the file; text
//! that is valid UTF-8 without control bytes is always read as UTF-8. A
//! forced encoding decodes any non-empty input.
#![no_main]

use chronicle_ingest::InputErrorKind;
use chronicle_ingest::decode::{decode_owned, encoding_for_label};
use libfuzzer_sys::fuzz_target;

const LABELS: &[&str] = &[
    "utf-8",
    "windows-1251",
    "koi8-r",
    "iso-8859-9",
    "windows-1252",
    "utf-16le",
    "utf-16be",
    "gbk",
    "shift_jis",
    "euc-kr",
    "iso-2022-jp",
    "x-user-defined",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    match decode_owned(bytes.to_vec(), None) {
        Ok(d) => {
            if d.encoding == "UTF-8" {
                assert_eq!(
                    d.text.as_bytes(),
                    bytes,
                    "UTF-8 text differs from the input"
                );
            }
            assert!(!d.encoding.is_empty());
        }
        Err((kind, line)) => match kind {
            InputErrorKind::Empty => assert!(bytes.is_empty(), "non-empty input called empty"),
            InputErrorKind::Binary(o) => {
                let o = o as usize;
                assert!(o < bytes.len(), "binary offset {o} outside the input");
                assert!(
                    bytes[o] < 0x20 && !matches!(bytes[o], b'\t' | b'\n' | b'\r'),
                    "binary offset {o} points at {:#04x}, not a NUL or control byte",
                    bytes[o]
                );
            }
            InputErrorKind::InvalidUtf8(o) | InputErrorKind::MixedEncoding { offset: o, .. } => {
                let o = o as usize;
                assert!(
                    o <= bytes.len(),
                    "invalid-UTF-8 offset {o} outside the input of {} bytes",
                    bytes.len()
                );
                if let Some(line) = line {
                    let valid = std::str::from_utf8(bytes).map_err(|e| e.valid_up_to());
                    assert_eq!(
                        valid,
                        Err(o),
                        "invalid-UTF-8 offset is not where valid UTF-8 stops"
                    );
                    let expect = 1 + bytes[..o].iter().filter(|b| **b == b'\n').count() as u64;
                    assert_eq!(line, expect, "line of offset {o}");
                }
            }
            other => panic!("unexpected error kind {other:?}"),
        },
    }
    let plain = bytes
        .iter()
        .all(|b| *b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'));
    if !bytes.is_empty() && plain && std::str::from_utf8(bytes).is_ok() {
        let d = decode_owned(bytes.to_vec(), None).expect("valid UTF-8 text refused");
        assert_eq!(d.encoding, "UTF-8");
    }
    if let Some(label) = LABELS.get(pick as usize % (LABELS.len() + 1)) {
        let enc = encoding_for_label(label).expect("known label");
        match decode_owned(bytes.to_vec(), Some(enc)) {
            Ok(d) => assert!(d.encoding.starts_with(enc.name())),
            Err((InputErrorKind::Empty, _)) => assert!(bytes.is_empty()),
            Err((k, _)) => panic!("forced {label} failed: {k:?}"),
        }
    }
});
