//! Data-driven cases for each language's `[names]` data: romanisation,
//! suffix stripping, and names that must (or must not) meet across scripts.
//! One file per language in `tests/cases/<code>.toml`; a language whose data
//! file has a `[names]` romanisation table and no cases file fails the test.
//!
//! ```toml
//! [[romanise]]            # the word romanised the way of its language
//! text = "Хасроў"
//! expect = "khasrow"
//!
//! [[stems]]               # the stems must include `expect`
//! word = "Андранікам"
//! expect = "Андранік"
//!
//! [[not_stem]]            # ... or must not include it
//! word = "Denikin"
//! not = "Denik"
//!
//! [[same]]                # `Names::meet` in both directions: `a` in `a_lang`
//! a = "Шушы"              # (default: the file's language) and `b` in `b_lang`
//! b = "Shusha"            # (default "en") can be one name
//! b_lang = "en"
//!
//! [[different]]           # no stem of a meets a stem of b
//! a = "Баку"
//! b = "Bern"
//! ```

use std::path::Path;

use chronicle_names::Names;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    #[serde(default)]
    romanise: Vec<Romanise>,
    #[serde(default)]
    stems: Vec<Stem>,
    #[serde(default)]
    not_stem: Vec<NotStem>,
    #[serde(default)]
    same: Vec<Pair>,
    #[serde(default)]
    different: Vec<Pair>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Romanise {
    text: String,
    expect: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stem {
    word: String,
    expect: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotStem {
    word: String,
    not: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    a: String,
    b: String,
    #[serde(default)]
    a_lang: Option<String>,
    #[serde(default)]
    b_lang: Option<String>,
}

#[test]
fn every_language_with_names_data_has_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let missing = chronicle_lang::cases::missing_cases(&dir, |d| !d.names.romanise.is_empty());
    assert!(
        missing.is_empty(),
        "languages with [names] data but no tests/cases file: {missing:?}"
    );
}

#[test]
fn cases() {
    let names = Names::shared();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut failures = Vec::new();
    let mut count = 0;
    for (lang, cases) in chronicle_lang::cases::read_cases::<Cases>(&dir).unwrap() {
        for c in &cases.romanise {
            count += 1;
            let got = names.romanise(&c.text, &lang);
            if got != c.expect {
                failures.push(format!(
                    "{lang}: romanise {:?} = {got:?}, expected {:?}",
                    c.text, c.expect
                ));
            }
        }
        for c in &cases.stems {
            count += 1;
            let got = names.stems(&c.word, &lang);
            if !got.contains(&c.expect.as_str()) {
                failures.push(format!(
                    "{lang}: stems of {:?} = {got:?}, expected {:?} among them",
                    c.word, c.expect
                ));
            }
        }
        for c in &cases.not_stem {
            count += 1;
            let got = names.stems(&c.word, &lang);
            if got.contains(&c.not.as_str()) {
                failures.push(format!(
                    "{lang}: stems of {:?} = {got:?} include {:?}",
                    c.word, c.not
                ));
            }
        }
        for (pairs, want) in [(&cases.same, true), (&cases.different, false)] {
            for c in pairs {
                count += 1;
                let la = c.a_lang.as_deref().unwrap_or(&lang);
                let lb = c.b_lang.as_deref().unwrap_or("en");
                // Both directions: a query in either script finds the other.
                let ab = names.meet(&c.a, la, &c.b, lb);
                let ba = names.meet(&c.b, lb, &c.a, la);
                if ab != want || ba != want {
                    failures.push(format!(
                        "{lang}: {:?} ({la}) and {:?} ({lb}) {} meet",
                        c.a,
                        c.b,
                        if want { "should" } else { "should not" }
                    ));
                }
            }
        }
    }
    chronicle_lang::cases::assert_passed("names", count, &failures);
}
