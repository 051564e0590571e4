//! The date tagger on any text in any of its languages (the first byte picks
//! the language): no panic, every expression is a character range of its line
//! whose text it carries, and every value is valid EDTF (dates, intervals,
//! times) or an ISO 8601 period (durations, sets).
#![no_main]

use chronicle_fuzz::{check_span, check_timex, text_of};
use chronicle_time::Tagger;
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        Tagger::shared();
    },
    |data: &[u8]| {
        let Some((&pick, rest)) = data.split_first() else {
            return;
        };
        let tagger = Tagger::shared();
        let langs = tagger.languages();
        let lang = langs
            .get(pick as usize % (langs.len() + 1))
            .copied()
            .unwrap_or("und");
        let text = text_of(rest);
        let text = text.as_ref();
        let _ = tagger.triggered(text);
        let mut last = 0;
        for t in tagger.tag_text(text, lang) {
            check_span(text, t.span, &format!("{t:?}"));
            assert_eq!((t.start, t.end), (t.span.start, t.span.end), "{t:?}");
            assert!(t.start < t.end, "empty expression {t:?}");
            assert!(t.start >= last, "expressions overlap or go back: {t:?}");
            last = t.end;
            assert_eq!(&text[t.start..t.end], t.text, "{t:?}");
            check_timex(&t);
        }
    }
);
