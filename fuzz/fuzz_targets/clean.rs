//! The cleaner on any block text, both as a plain slice of a larger source
//! (the first byte shifts it) and as the blocks the HTML reader makes of the
//! same text (mapped text with replaced runs). The cleaned text maps back
//! into the source (copied runs are the source's bytes), is trimmed,
//! whitespace-collapsed and NFC; every anchor's span is in the source and
//! holds its label, and its offset is a boundary of the cleaned text.
#![no_main]

use chronicle_core::MappedText;
use chronicle_fuzz::{check_mapped, check_span, text_of};
use chronicle_ingest::clean::{Cleaner, normalise_whitespace};
use libfuzzer_sys::fuzz_target;
use unicode_normalization::is_nfc;

/// `plain`: `raw` is a copy of the source, so every marker is written in it
/// as its label (a reader may decode entities inside one).
fn check_clean(src: &str, raw: &MappedText, plain: bool) {
    let cleaner = Cleaner::shared();
    let (clean, anchors) = cleaner.clean(raw);
    check_mapped(src, &clean, "cleaned");
    let t = clean.text();
    assert_eq!(t.trim(), t, "cleaned text {t:?} not trimmed");
    assert!(
        !t.chars()
            .zip(t.chars().skip(1))
            .any(|(a, b)| a.is_whitespace() && b.is_whitespace()),
        "cleaned text {t:?} has a whitespace run"
    );
    assert!(is_nfc(t), "cleaned text {t:?} not NFC");
    let mut last = 0;
    for a in &anchors {
        check_span(src, a.span, &format!("anchor {a:?}"));
        // (Whitespace inside a marker is collapsed.)
        let marker = &src[a.span.start..a.span.end];
        let words = marker.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            !plain || words.to_lowercase().contains(&a.label),
            "anchor {a:?}: span {marker:?} does not hold its label"
        );
        assert!(
            a.offset <= t.len() && t.is_char_boundary(a.offset),
            "anchor {a:?}: offset not a boundary of {t:?}"
        );
        assert!(a.offset >= last, "anchors out of order: {anchors:?}");
        last = a.offset;
    }
    let ws = normalise_whitespace(raw);
    check_mapped(src, &ws, "whitespace-normalised");
    let _ = cleaner.is_debris_line(raw.text());
    let _ = cleaner.section_of_heading(raw.text());
    let _ = cleaner.reference_debris_at(raw.text());
    let _ = cleaner.ends_with_language_note(raw.text());
}

fuzz_target!(|data: &[u8]| {
    let Some((&shift, rest)) = data.split_first() else {
        return;
    };
    let text = text_of(rest);
    let prefix = "é".repeat(shift as usize % 4);
    let src = format!("{prefix}{text}");
    check_clean(&src, &MappedText::identity(&text, prefix.len()), true);
    for b in chronicle_ingest::html::read_html(&text).blocks {
        check_clean(&text, &b.text, false);
    }
});
