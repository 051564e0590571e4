//! The Markdown reader on any input: every block maps back into the source on
//! character boundaries, copied text is the source's own bytes, and block text
//! outside code blocks is whitespace-collapsed and trimmed.
#![no_main]

use chronicle_fuzz::{check_blocks, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = text_of(data);
    let parsed = chronicle_ingest::markdown::read_markdown(&src);
    check_blocks(&src, &parsed.blocks);
});
