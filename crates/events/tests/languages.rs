//! Data-driven cases for each language's `[events]` data: trigger classes,
//! number claims, attributions, and reference entries that are (or are not)
//! one work. One file per language in `tests/cases/<code>.toml`; a language
//! whose data file has `[events]` triggers and no cases file fails.
//!
//! ```toml
//! [[trigger]]            # the classes must include every listed one
//! text = "The rebels captured the town."
//! classes = ["capture"]
//!
//! [[no_trigger]]         # no trigger at all
//! text = "The town lies on a river."
//!
//! [[quantity]]           # the first number claim: its value, and class
//! text = "more than 3,000 were killed"
//! value = "3000/.."
//! counts = "killed"      # optional
//!
//! [[attribution]]        # given the names, the source (and noun)
//! text = "According to Smith's diary, the town fell."
//! names = ["Smith"]
//! source = "Smith"
//! noun = "diary"         # optional
//!
//! [[no_attribution]]
//! text = "The town was taken by Smith."
//! names = ["Smith"]
//!
//! [[same_work]]          # two reference entries of one work
//! a = "Smith J. A History. London, 1990."
//! b = "Smith 1990, p. 4."
//!
//! [[different_work]]
//! a = "Smith J. A History. London, 1990."
//! b = "Smith 1991, p. 4."
//! ```

use std::path::Path;

use chronicle_events::citations::parse_entry;
use chronicle_events::{find_attribution, parse_quantities, trigger_classes};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Cases {
    #[serde(default)]
    trigger: Vec<Trigger>,
    #[serde(default)]
    no_trigger: Vec<Text>,
    #[serde(default)]
    quantity: Vec<Qty>,
    #[serde(default)]
    attribution: Vec<Attr>,
    #[serde(default)]
    no_attribution: Vec<Attr>,
    #[serde(default)]
    same_work: Vec<Pair>,
    #[serde(default)]
    different_work: Vec<Pair>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Trigger {
    text: String,
    classes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Text {
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Qty {
    text: String,
    value: String,
    #[serde(default)]
    counts: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Attr {
    text: String,
    names: Vec<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    noun: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    a: String,
    b: String,
}

fn cases_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

#[test]
fn every_language_with_events_data_has_cases() {
    let missing =
        chronicle_lang::cases::missing_cases(&cases_dir(), |d| !d.events.triggers.is_empty());
    assert!(
        missing.is_empty(),
        "languages with [events] data but no tests/cases file: {missing:?}"
    );
}

#[test]
fn cases() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (lang, cases) in chronicle_lang::cases::read_cases::<Cases>(&cases_dir()).unwrap() {
        for c in &cases.trigger {
            count += 1;
            let got = trigger_classes(&c.text, &lang);
            if !c.classes.iter().all(|k| got.contains(k)) {
                failures.push(format!(
                    "{lang}: triggers of {:?} = {got:?}, expected {:?}",
                    c.text, c.classes
                ));
            }
        }
        for c in &cases.no_trigger {
            count += 1;
            let got = trigger_classes(&c.text, &lang);
            if !got.is_empty() {
                failures.push(format!("{lang}: {:?} has triggers {got:?}", c.text));
            }
        }
        for c in &cases.quantity {
            count += 1;
            let got = parse_quantities(&c.text, &lang);
            match got.first() {
                Some(q) if q.value() == c.value && (c.counts.is_none() || q.counts == c.counts) => {
                }
                other => failures.push(format!(
                    "{lang}: quantity of {:?} = {:?}, expected {} {:?}",
                    c.text,
                    other.map(|q| (q.value(), q.counts.clone())),
                    c.value,
                    c.counts
                )),
            }
        }
        for c in &cases.attribution {
            count += 1;
            let names: Vec<&str> = c.names.iter().map(String::as_str).collect();
            let got = find_attribution(&c.text, &lang, &names);
            let ok = got.as_ref().is_some_and(|(s, n)| {
                Some(s) == c.source.as_ref() && (c.noun.is_none() || n == &c.noun)
            });
            if !ok {
                failures.push(format!(
                    "{lang}: attribution of {:?} = {got:?}, expected {:?} {:?}",
                    c.text, c.source, c.noun
                ));
            }
        }
        for c in &cases.no_attribution {
            count += 1;
            let names: Vec<&str> = c.names.iter().map(String::as_str).collect();
            if let Some(got) = find_attribution(&c.text, &lang, &names) {
                failures.push(format!("{lang}: {:?} attributed to {got:?}", c.text));
            }
        }
        for c in &cases.same_work {
            count += 1;
            let (a, b) = (parse_entry(&c.a), parse_entry(&c.b));
            if a.key != b.key {
                failures.push(format!(
                    "{lang}: {:?} ({}) and {:?} ({}) should be one work",
                    c.a, a.key, c.b, b.key
                ));
            }
        }
        for c in &cases.different_work {
            count += 1;
            let (a, b) = (parse_entry(&c.a), parse_entry(&c.b));
            if a.key == b.key {
                failures.push(format!(
                    "{lang}: {:?} and {:?} should be two works ({})",
                    c.a, c.b, a.key
                ));
            }
        }
    }
    chronicle_lang::cases::assert_passed("events", count, &failures);
}
