//! Per-language phrase tests. Each language with `[time]` data has a file
//! `tests/cases/<code>.toml` of cases:
//!
//! ```toml
//! [[case]]
//! text = "On 27 April 1920 the army crossed."
//! expect = [["27 April 1920", "1920-04-27"]]
//! ```
//!
//! The text is tagged as one narrative (each line a sentence) and the
//! expressions found must be exactly `expect`, in order: `[text, value]` or
//! `[text, value, mod]`. An empty `expect` is a negative case.

use chronicle_time::Tagger;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    expect: Vec<Vec<String>>,
}

fn cases_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn run(code: &str) {
    let path = cases_dir().join(format!("{code}.toml"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let cases: Cases = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let tagger = Tagger::shared();
    let mut failures = Vec::new();
    for case in &cases.case {
        let got: Vec<Vec<String>> = tagger
            .tag_text(&case.text, code)
            .into_iter()
            .map(|t| {
                let mut v = vec![t.text, t.value];
                if let Some(m) = t.modifier {
                    v.push(m.as_str().to_string());
                }
                v
            })
            .collect();
        if got != case.expect {
            failures.push(format!(
                "  {:?}\n    expected {:?}\n    got      {:?}",
                case.text, case.expect, got
            ));
        }
    }
    chronicle_lang::cases::assert_passed(code, cases.case.len(), &failures);
}

#[test]
fn every_language_with_time_data_has_cases() {
    let tagged = Tagger::shared().languages();
    let missing =
        chronicle_lang::cases::missing_cases(&cases_dir(), |d| tagged.contains(&d.code.as_str()));
    assert!(
        missing.is_empty(),
        "languages with [time] data but no tests/cases file: {missing:?}"
    );
}

macro_rules! languages {
    ($($code:ident),*) => {
        $(
            #[test]
            fn $code() {
                run(stringify!($code));
            }
        )*
    };
}

languages!(en, ru, be, uk, az, tr, vi, de, fr);
