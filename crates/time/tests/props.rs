//! Property tests of the temporal tagger: on random text built from every
//! language's `[time]` words, numbers of every size, date punctuation and
//! hostile characters (bidi controls, combining marks, NUL, other scripts'
//! digits), in every language and with no language:
//!
//! * the tagger never panics;
//! * every value is valid EDTF for its type (checked by [`valid`] below,
//!   written from the EDTF specification, independent of the tagger): dates
//!   `YYYY`, `YYYY-MM`, `YYYY-MM-DD` with real calendar days, date-times
//!   `…THH:MM`, seasons `YYYY-21`…`YYYY-24`, unspecified digits (`192X`,
//!   `18XX`, `XXXX-06-15`), negative years (`-0489`), intervals `A/B` whose
//!   start is not after their end, and ISO 8601 durations `P…` for durations
//!   and sets; the Old Style value and the anchor are valid dates too;
//! * every expression lies on character boundaries inside its sentence (a
//!   line), and its text is the text at its range.
//!
//! `PROPTEST_CASES` raises the number of cases.

use chronicle_core::TimexType;
use chronicle_time::Tagger;
use proptest::prelude::*;

fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// An EDTF validator (the subset Chronicle writes), from the specification.

fn leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in(y: i64, m: u32) -> u32 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Two characters, each a digit or `X` (unspecified); `X`s only after
/// digits. Returns the number when fully specified.
fn two(s: &str) -> Result<Option<u32>, String> {
    match s.as_bytes() {
        [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
            Ok(Some(((a - b'0') * 10 + (b - b'0')) as u32))
        }
        [b'X', b'X'] => Ok(None),
        _ => Err(format!("{s:?} is not two digits or XX")),
    }
}

/// The earliest and latest minute of a date, as comparable tuples, or
/// `None` when its year is unspecified.
type Bound = (i64, u32, u32, u32, u32);

/// Checks one EDTF date (no interval) and returns its bounds.
fn date(v: &str) -> Result<Option<(Bound, Bound)>, String> {
    let (neg, body) = match v.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, v),
    };
    let (day_part, time) = match body.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let parts: Vec<&str> = day_part.split('-').collect();
    let y = parts[0];
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit() || b == b'X') {
        return Err(format!("year {y:?} of {v:?} is not four digits"));
    }
    let digits = y.trim_end_matches('X');
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("year {y:?} of {v:?} has X before a digit"));
    }
    if neg && (digits.is_empty() || y == "0000") {
        return Err(format!("negative year {v:?} has no digits or is zero"));
    }
    if parts.len() > 3 {
        return Err(format!("{v:?} has too many parts"));
    }
    // Years with unspecified digits span a range.
    let lo_y: Option<i64> = (!digits.is_empty()).then(|| {
        let lo: i64 = y.replace('X', "0").parse().unwrap();
        let hi: i64 = y.replace('X', "9").parse().unwrap();
        if neg { -hi } else { lo }
    });
    let hi_y: Option<i64> = (!digits.is_empty()).then(|| {
        let lo: i64 = y.replace('X', "0").parse().unwrap();
        let hi: i64 = y.replace('X', "9").parse().unwrap();
        if neg { -lo } else { hi }
    });
    let partial = !digits.is_empty() && digits.len() < 4;
    if partial && (parts.len() > 1 || time.is_some()) {
        return Err(format!(
            "{v:?}: a year with unspecified digits takes no month"
        ));
    }
    let mut lo = (lo_y.unwrap_or(0), 1, 1, 0, 0);
    let mut hi = (hi_y.unwrap_or(0), 12, 31, 23, 59);
    if let Some(m) = parts.get(1) {
        match two(m)? {
            Some(s @ 21..=24) => {
                if parts.len() > 2 || time.is_some() {
                    return Err(format!("{v:?}: a season takes no day"));
                }
                let (a, b) = [(3, 5), (6, 8), (9, 11), (12, 2)][(s - 21) as usize];
                lo.1 = a;
                hi.1 = b;
                if s == 24 {
                    hi.0 += 1;
                }
                hi.2 = days_in(hi.0, b);
            }
            Some(m @ 1..=12) => {
                lo.1 = m;
                hi.1 = m;
                hi.2 = days_in(hi.0, m);
            }
            Some(m) => return Err(format!("{v:?}: month {m} is not 01–12 or a season 21–24")),
            None => {}
        }
    }
    if let Some(d) = parts.get(2) {
        let month = two(parts[1])?;
        match two(d)? {
            Some(d) => {
                let max = match (lo_y, month) {
                    (Some(y), Some(m)) => days_in(y, m),
                    (None, Some(2)) => 29,
                    (None, Some(m)) => days_in(2001, m),
                    (_, None) => 31,
                };
                if !(1..=max).contains(&d) {
                    return Err(format!("{v:?}: day {d} is not a day of its month"));
                }
                lo.2 = d;
                hi.2 = d;
            }
            None => {
                if month.is_none() && time.is_none() && lo_y.is_some() {
                    return Err(format!("{v:?}: XX-XX after a known year says nothing"));
                }
            }
        }
    }
    if let Some(t) = time {
        if parts.len() != 3 {
            return Err(format!("{v:?}: a time needs a day"));
        }
        let (h, m) = t
            .split_once(':')
            .ok_or_else(|| format!("{v:?}: time is not HH:MM"))?;
        let (Some(h), Some(m)) = (two(h)?, two(m)?) else {
            return Err(format!("{v:?}: unspecified time"));
        };
        // 24:00, the end of a day, is ISO 8601's; nothing later is.
        if h > 24 || m > 59 || (h == 24 && m > 0) {
            return Err(format!("{v:?}: no such time of day"));
        }
        lo.3 = h;
        lo.4 = m;
        hi.3 = h;
        hi.4 = m;
    }
    Ok(lo_y.map(|_| (lo, hi)))
}

/// An ISO 8601 duration: `P`, date components in the order Y M W D, and
/// after `T` the components H M S, at least one component in all, numbers
/// with an optional decimal fraction.
fn duration(v: &str) -> Result<(), String> {
    let body = v
        .strip_prefix('P')
        .ok_or_else(|| format!("{v:?} does not start with P"))?;
    let (date, time) = match body.split_once('T') {
        Some((d, t)) => {
            if t.is_empty() {
                return Err(format!("{v:?}: T without a time component"));
            }
            (d, t)
        }
        None => (body, ""),
    };
    let mut count = 0;
    for (part, units) in [(date, "YMWD"), (time, "HMS")] {
        let mut rest = part;
        let mut allowed = units;
        while !rest.is_empty() {
            let n = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .ok_or_else(|| format!("{v:?}: number without a unit"))?;
            let num = &rest[..n];
            let ok_num = !num.is_empty()
                && !num.starts_with('.')
                && !num.ends_with('.')
                && num.matches('.').count() <= 1;
            if !ok_num {
                return Err(format!("{v:?}: {num:?} is not a number"));
            }
            let unit = rest[n..].chars().next().unwrap();
            let at = allowed
                .find(unit)
                .ok_or_else(|| format!("{v:?}: unit {unit} out of place"))?;
            allowed = &allowed[at + 1..];
            rest = &rest[n + 1..];
            count += 1;
        }
    }
    if count == 0 {
        return Err(format!("{v:?} has no component"));
    }
    Ok(())
}

/// Whether `v` is a valid value for a timex of type `kind`.
fn valid(kind: TimexType, v: &str) -> Result<(), String> {
    match kind {
        TimexType::Duration | TimexType::Set => duration(v),
        TimexType::Date | TimexType::Time => {
            if kind == TimexType::Time && !v.contains('T') {
                return Err(format!("TIME value {v:?} has no time of day"));
            }
            match v.split_once('/') {
                Some((a, b)) => {
                    let (a, b) = (date(a)?, date(b)?);
                    if let (Some((lo, _)), Some((_, hi))) = (a, b)
                        && lo > hi
                    {
                        return Err(format!("interval {v:?} ends before it starts"));
                    }
                    Ok(())
                }
                None => date(v).map(|_| ()),
            }
        }
    }
}

#[test]
fn the_validator_accepts_edtf_and_rejects_the_rest() {
    use TimexType::*;
    for (k, v) in [
        (Date, "1920"),
        (Date, "1920-04"),
        (Date, "1920-04-27"),
        (Date, "1920-02-29"),
        (Date, "1919-23"),
        (Date, "1919-24"),
        (Date, "192X"),
        (Date, "18XX"),
        (Date, "XXXX"),
        (Date, "XXXX-06-15"),
        (Date, "XXXX-02-29"),
        (Date, "-0489"),
        (Date, "-04XX"),
        (Date, "1918/1920"),
        (Date, "1920-04-27/1920-05-12"),
        (Date, "1918-12/1919-02"),
        (Time, "1920-04-27T23:00"),
        (Time, "XXXX-XX-27T04:00"),
        (Duration, "P2.5M"),
        (Duration, "PT2H40M"),
        (Duration, "P1Y2M3W4DT5H6M7S"),
        (Set, "P1Y"),
    ] {
        assert_eq!(valid(k, v), Ok(()), "{v}");
    }
    for (k, v) in [
        (Date, ""),
        (Date, "920"),
        (Date, "19200"),
        (Date, "1920-13"),
        (Date, "1920-00"),
        (Date, "1920-25"),
        (Date, "1919-02-29"),
        (Date, "1920-04-31"),
        (Date, "1920-04-00"),
        (Date, "1X20"),
        (Date, "192X-04"),
        (Date, "-0000"),
        (Date, "1920-21-03"),
        (Date, "1920/1918"),
        (Date, "1920-04-27T24:10"),
        (Date, "1920-04T10:00"),
        (Date, "P1Y"),
        (Time, "1920-04-27"),
        (Duration, "P"),
        (Duration, "PT"),
        (Duration, "P1H"),
        (Duration, "P1D2Y"),
        (Duration, "P.5Y"),
        (Duration, "1920"),
        (Duration, "P-1Y"),
    ] {
        assert!(valid(k, v).is_err(), "{v} accepted");
    }
}

// ---------------------------------------------------------------------------
// Random text.

/// Every string of every language's `[time]` data: months, seasons,
/// weekdays, year, decade and century words, modifiers, number words, units,
/// range words, Old Style marks, suffixes.
fn time_words() -> Vec<String> {
    fn collect(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            toml::Value::Table(t) => {
                for (k, x) in t {
                    out.push(k.clone());
                    collect(x, out);
                }
            }
            _ => {}
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../lang/data");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let v: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            if let Some(t) = v.get("time") {
                collect(t, &mut out);
            }
        }
    }
    out.sort();
    out.dedup();
    assert!(out.len() > 500, "time words not found in {}", dir.display());
    out
}

const HOSTILE: &[&str] = &[
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\u{a0}",
    ".",
    ",",
    "-",
    "–",
    "—",
    "/",
    ":",
    "(",
    ")",
    "'",
    "’",
    "«",
    "»",
    "\"",
    "?",
    "\u{202e}",
    "\u{200f}",
    "\u{200b}",
    "\u{feff}",
    "\u{301}",
    "\0",
    "\u{1b}",
    "\u{85}",
    "\u{2028}",
    "e\u{301}",
    "Bаku",
    "Шуша",
    "ثم",
    "٢٠",
    "١٩٢٠",
    "१९",
    "一九二〇",
    "[12]",
    "¹",
    "²",
    "X",
    "XX",
    "-ci",
    "-ji",
    "-го",
    "-х",
    "th",
    "st",
    "年",
    "г.",
    "гг.",
    "s",
    "'s",
];

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (0u32..40).prop_map(|n| n.to_string()),
        3 => (1000u32..2100).prop_map(|n| n.to_string()),
        1 => (0u32..13).prop_map(|n| format!("{n:02}")),
        1 => any::<u64>().prop_map(|n| n.to_string()),
        1 => "[0-9]{1,30}",
        1 => (0u32..100, 0u32..100).prop_map(|(a, b)| format!("{a}:{b:02}")),
        1 => (0u32..40, 0u32..40, 0u32..3000).prop_map(|(d, m, y)| format!("{d}.{m}.{y}")),
        1 => (0u32..3000, 0u32..40, 0u32..40).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        1 => (0u32..10, 0u32..10).prop_map(|(a, b)| format!("{a}.{b}")),
        1 => prop::sample::select(&["I", "V", "X", "XIX", "XX", "MCMXX", "ix", "iv"][..])
            .prop_map(str::to_string),
    ]
}

fn sentence_text() -> impl Strategy<Value = String> {
    let words = time_words();
    let piece = prop_oneof![
        5 => prop::sample::select(words).prop_flat_map(|w| {
            prop::bool::weighted(0.3).prop_map(move |cap| {
                if cap {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
                } else {
                    w.clone()
                }
            })
        }),
        4 => number(),
        5 => prop::sample::select(HOSTILE).prop_map(str::to_string),
        1 => "[a-zA-Zа-яА-ЯəğışüöçƏĞİŞÜÖÇ]{1,8}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.join(""))
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(sentence_text(), 1..5).prop_map(|v| v.join("\n"))
}

fn check(text: &str, lang: &str) -> Result<(), TestCaseError> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |pos, l| {
            let at = *pos;
            *pos += l.len();
            Some((at, l))
        })
        .collect();
    for t in Tagger::shared().tag_text(text, lang) {
        let (at, line) = *lines
            .get(t.sentence)
            .ok_or_else(|| TestCaseError::fail(format!("no line {}", t.sentence)))?;
        prop_assert!(
            at <= t.start && t.start < t.end && t.end <= at + line.len(),
            "{:?} at {}..{} outside its line {:?}",
            t.text,
            t.start,
            t.end,
            line
        );
        prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        prop_assert_eq!(&text[t.start..t.end], t.text.as_str());
        prop_assert_eq!((t.span.start, t.span.end), (t.start, t.end));
        if let Err(e) = valid(t.kind, &t.value) {
            return Err(TestCaseError::fail(format!(
                "{lang}: {:?} in {text:?} → {:?} {:?}: {e}",
                t.text, t.kind, t.value
            )));
        }
        for (what, v) in [("anchor", &t.anchor), ("Old Style value", &t.alt_value)] {
            if let Some(v) = v
                && let Err(e) = valid(TimexType::Date, v)
            {
                return Err(TestCaseError::fail(format!(
                    "{lang}: {:?} in {text:?} → {what} {v:?}: {e}",
                    t.text
                )));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// In every language with time data, and with none (all merged).
    #[test]
    fn tagged_values_are_valid_edtf_on_character_boundaries(text in text()) {
        let mut langs = Tagger::shared().languages();
        langs.push("und");
        for lang in langs {
            check(&text, lang)?;
        }
    }
}

/// Inputs proptest shrank failures to (each was a bug), in every language.
#[test]
fn regressions() {
    for text in [
        // A clock time past 24:00 gave `T24:10`.
        "24:10",
        // 31 September, with a glued word after it, gave `XXXX-09-31`.
        "верасні31şŞıZÜəCx",
        // A ten-digit year before an era word wrapped around i32.
        "2210001000до н. э.",
        // A two-digit year after a full one, with a huge number instead.
        "1918–2147483647",
        "1918-4294967295",
        // Winter to April in a narrated year ran backwards (`1000-24/1000-04`).
        "1000\nзіму—tháng tư ",
        "In 1919.\nFrom winter to spring the roads were closed.",
    ] {
        let mut langs = Tagger::shared().languages();
        langs.push("und");
        for lang in langs {
            if let Err(e) = check(text, lang) {
                panic!("{lang}: {text:?}: {e}");
            }
        }
    }
}
