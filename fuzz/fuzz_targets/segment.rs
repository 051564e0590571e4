//! The sentence splitter on any text: sentences are in order, do not
//! overlap, lie on character boundaries, are not empty, have no whitespace
//! around them, and together cover every non-whitespace character.
#![no_main]

use chronicle_fuzz::text_of;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let text = text.as_ref();
    let ranges = chronicle_segment::Segmenter::shared().split(text);
    let mut last = 0;
    for (i, r) in ranges.iter().enumerate() {
        assert!(
            r.start >= last && r.start < r.end && r.end <= text.len(),
            "sentence {i} {r:?} empty, overlapping or outside the text"
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "sentence {i} {r:?} not on character boundaries"
        );
        let s = &text[r.clone()];
        assert_eq!(s, s.trim(), "sentence {i} {r:?} has whitespace around it");
        assert!(
            text[last..r.start].trim().is_empty(),
            "text between sentences {last}..{} is not whitespace",
            r.start
        );
        last = r.end;
    }
    assert!(
        text[last..].trim().is_empty(),
        "text after the last sentence ({last}..) is not whitespace"
    );
});
