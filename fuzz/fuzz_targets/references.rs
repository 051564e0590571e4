//! Reference lines (`^ …`, `12. ^ a b …`, entries under a reference heading)
//! and bibliography runs on any text: the body starts on a boundary inside
//! the line, a label is 1–4 digits, the cleaned entry maps back into the
//! line and is whitespace-collapsed; bibliography runs are increasing
//! indices of lines that may belong to one.
#![no_main]

use chronicle_core::MappedText;
use chronicle_fuzz::{check_mapped, text_of};
use chronicle_ingest::references::{
    bibliography_runs, clean_reference, looks_bibliographic, reference_line,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let text = text.as_ref();
    let raw = MappedText::identity(text, 0);
    for in_section in [false, true] {
        let Some(line) = reference_line(text, in_section) else {
            assert!(
                in_section || !text.trim_start().starts_with('^'),
                "`^` line not a reference"
            );
            continue;
        };
        assert!(
            line.body_start <= text.len() && text.is_char_boundary(line.body_start),
            "body start {} not a boundary of {text:?}",
            line.body_start
        );
        if let Some(l) = &line.label {
            assert!(
                (1..=4).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_digit()),
                "label {l:?}"
            );
        }
        let entry = clean_reference(&raw, &line);
        check_mapped(text, &entry, "entry");
        let t = entry.text();
        assert_eq!(t.trim(), t, "entry {t:?} not trimmed");
    }
    let _ = looks_bibliographic(text);
    // Bibliography runs over flags taken from the bytes.
    let flags: Vec<Option<bool>> = data
        .iter()
        .map(|b| match b % 3 {
            0 => None,
            1 => Some(true),
            _ => Some(false),
        })
        .collect();
    let runs = bibliography_runs(&flags);
    assert!(
        runs.windows(2).all(|w| w[0] < w[1]),
        "runs not increasing: {runs:?}"
    );
    assert!(
        runs.iter().all(|i| flags[*i].is_some()),
        "a barrier in a run: {runs:?}"
    );
    assert!(runs.is_empty() || runs.iter().filter(|i| flags[**i] == Some(true)).count() >= 3);
});
