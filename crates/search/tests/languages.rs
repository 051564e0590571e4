//! Data-driven cases for each language's `[search]` data: forms of one word
//! that must share a stem, and different words that must not. One file per
//! language in `tests/cases/<code>.toml`; a language whose data names a
//! stemmer or lists suffixes and has no cases file fails.
//!
//! ```toml
//! [[same]]          # every form gets the same stem
//! forms = ["army", "armies"]
//!
//! [[different]]     # two words that must keep different stems
//! a = "arm"
//! b = "army"
//! ```

use std::path::{Path, PathBuf};

use chronicle_search::analyze::Analyzers;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct Cases {
    same: Vec<Same>,
    different: Vec<Different>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Same {
    forms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Different {
    a: String,
    b: String,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

#[test]
fn every_language_that_stems_has_cases() {
    let missing = chronicle_lang::cases::missing_cases(&cases_dir(), |d| {
        d.search.stemmer.is_some() || !d.search.suffixes.is_empty()
    });
    assert!(
        missing.is_empty(),
        "languages with [search] stemming but no tests/cases file: {missing:?}"
    );
}

#[test]
fn cases() {
    let a = Analyzers::shared();
    let mut failures = Vec::new();
    let mut count = 0;
    for (lang, cases) in chronicle_lang::cases::read_cases::<Cases>(&cases_dir()).unwrap() {
        for c in &cases.same {
            count += 1;
            let stems: Vec<String> = c.forms.iter().map(|f| a.stem(f, &lang)).collect();
            if stems.iter().any(|s| *s != stems[0]) {
                failures.push(format!("{lang}: {:?} stem to {stems:?}", c.forms));
            }
        }
        for c in &cases.different {
            count += 1;
            let (x, y) = (a.stem(&c.a, &lang), a.stem(&c.b, &lang));
            if x == y {
                failures.push(format!(
                    "{lang}: {:?} and {:?} both stem to {x:?}",
                    c.a, c.b
                ));
            }
        }
    }
    assert!(count > 20, "only {count} cases");
    chronicle_lang::cases::assert_passed("search stems", count, &failures);
}
