//! The HTML reader on any input: every block maps back into the page on
//! character boundaries, copied text is the page's own bytes, and block text
//! is whitespace-collapsed and trimmed.
#![no_main]

use chronicle_fuzz::{check_blocks, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = text_of(data);
    let parsed = chronicle_ingest::html::read_html(&src);
    check_blocks(&src, &parsed.blocks);
    if let Some(t) = &parsed.title {
        assert_eq!(t.trim(), t, "title not trimmed");
    }
});
