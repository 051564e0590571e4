//! The reference-entry parser (`chronicle_events::citations::parse_entry`) on
//! any text: deterministic; authors, title, place and publisher are words of
//! the entry; a year is one the entry writes and in 1400–2100; DOI and URL
//! are text of the entry; the key and the readable work id are not empty,
//! and the id is lowercase ASCII letters, digits and single hyphens.
#![no_main]

use chronicle_events::citations::{parse_entry, work_id};
use chronicle_fuzz::text_of;
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        parse_entry("Warm-up A. B. Title. Baku, 1920.");
    },
    |data: &[u8]| {
        let text = text_of(data);
        let text = text.as_ref();
        let p = parse_entry(text);
        assert_eq!(parse_entry(text), p, "not deterministic");
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let f = &p.fields;
        for a in &f.authors {
            assert!(
                !a.is_empty() && joined.contains(a.as_str()),
                "author {a:?} not in the entry"
            );
        }
        for (name, v) in [
            ("title", &f.title),
            ("place", &f.place),
            ("publisher", &f.publisher),
        ] {
            if let Some(v) = v {
                assert!(
                    !v.is_empty() && joined.contains(v.as_str()),
                    "{name} {v:?} not in the entry"
                );
            }
        }
        for (name, v) in [("doi", &f.doi), ("url", &f.url)] {
            if let Some(v) = v {
                assert!(
                    !v.is_empty() && text.contains(v.as_str()),
                    "{name} {v:?} not in the entry"
                );
            }
        }
        if let Some(y) = f.year {
            assert!((1400..=2100).contains(&y), "year {y}");
            assert!(text.contains(&y.to_string()), "year {y} not in the entry");
        }
        assert!(!p.key.is_empty(), "empty key");
        let id = work_id(f, text);
        assert!(!id.is_empty(), "empty work id");
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !id.starts_with('-')
                && !id.contains("--"),
            "work id {id:?}"
        );
    }
);
