//! The corrections file: a CSV a person edits (in a spreadsheet or a text
//! editor) to overrule the analysis. `chronicle import corrections FILE`
//! stores it, and every rebuild (each ingest, a new pipeline version)
//! applies it again, so no decision is lost.
//!
//! The header names the columns (any order; `action` is required, the
//! others may be left out): `action,doc,start,end,text,entity,value,note`.
//! Lines starting with `#` are comments. Actions:
//!
//! | action | needs | does |
//! |---|---|---|
//! | `reject` | `doc`, `start` | the name mention at that source byte offset names no entity |
//! | `merge` | `entity`, `value` | entity `entity` is entity `value`: its mentions join it |
//! | `split` | `entity`, `value`, `doc` (and `start` for one mention) | the mentions of `entity` in `doc` (or the one at `start`) belong to `value`, a new or existing entity id |
//! | `date` | `doc`, `start`, `value` | the date at that offset has the EDTF value `value` |
//!
//! `doc` is a document's file name (as in every export) or source path;
//! `start` and `end` are UTF-8 byte offsets into it (the web UI's reader
//! and every export give them). `end` and `text`, when given, must match
//! what is there, so a correction made against an older version of a
//! document is reported as stale instead of hitting other words. `note` is
//! kept for the people who read the file later.

use std::io::Write;

use chronicle_core::corrections::{Action, Correction};
use chronicle_events::when::When;

/// The columns, in the order [`write`] uses.
pub const COLUMNS: [&str; 8] = [
    "action", "doc", "start", "end", "text", "entity", "value", "note",
];

/// A corrections file that cannot be used. Nothing of it is stored.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionsError {
    #[error("{file}: line {line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    File { file: String, message: String },
}

/// Is `v` an EDTF value Chronicle can hold: a date, date-time, season or
/// interval, unspecified digits (`192X`, `XXXX-06-15`) or a duration?
pub fn is_edtf(v: &str) -> bool {
    if When::parse(v).is_some() && v.split('/').all(calendar_ok) {
        return true;
    }
    let unspecified = {
        let v = v.strip_prefix('-').unwrap_or(v);
        let parts: Vec<&str> = v.split('-').collect();
        let digits =
            |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit() || c == 'X');
        !parts.is_empty()
            && parts.len() <= 3
            && digits(parts[0], 4)
            && parts[1..].iter().all(|p| digits(p, 2))
            && v.contains('X')
    };
    let duration = v.len() > 1
        && v.starts_with('P')
        && v[1..].chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | 'Y' | 'M' | 'W' | 'D' | 'T' | 'H' | 'S')
        })
        && v[1..].chars().any(|c| c.is_ascii_digit());
    unspecified || duration
}

/// The line (from 1) of the record the CSV reader places at a byte offset
/// (it places a record after skipped empty lines at their start).
fn line_of(text: &str, byte: u64) -> usize {
    let mut end = (byte as usize).min(text.len());
    while text
        .as_bytes()
        .get(end)
        .is_some_and(|b| matches!(b, b'\n' | b'\r'))
    {
        end += 1;
    }
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Months 01–12 (or seasons 21–24 without a day) and days 01–31 in one
/// date of an interval.
fn calendar_ok(date: &str) -> bool {
    let date = date.split('T').next().unwrap_or("");
    let date = date.strip_prefix('-').unwrap_or(date);
    let parts: Vec<u32> = date
        .split('-')
        .skip(1)
        .filter_map(|p| p.parse().ok())
        .collect();
    match parts.as_slice() {
        [] => true,
        [m] => (1..=12).contains(m) || (21..=24).contains(m),
        [m, d, ..] => (1..=12).contains(m) && (1..=31).contains(d),
    }
}

/// Reads a corrections file (`source` names it in errors). Every line is
/// checked before anything is returned: an unknown action, a missing
/// field, an offset that is not a number or a date that is not EDTF is an
/// error naming the line.
pub fn read(text: &str, source: &str) -> Result<Vec<Correction>, CorrectionsError> {
    let file_err = |message: String| CorrectionsError::File {
        file: source.to_string(),
        message,
    };
    // Comment lines become empty lines (which the reader skips), so that
    // byte offsets, and the line numbers made from them, stay the file's.
    let text: String = text
        .split_inclusive('\n')
        .map(|l| {
            if l.trim_start().starts_with('#') {
                if l.ends_with('\n') { "\n" } else { "" }
            } else {
                l
            }
        })
        .collect();
    let text = text.as_str();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| file_err(format!("cannot read the header: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    for h in &header {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(file_err(format!(
                "unknown column {h:?}; the columns are {}",
                COLUMNS.join(",")
            )));
        }
    }
    if !header.iter().any(|h| h == "action") {
        return Err(file_err(format!(
            "the header has no `action` column; start the file with `{}`",
            COLUMNS.join(",")
        )));
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| line_of(text, p.byte()));
            CorrectionsError::Line {
                file: source.to_string(),
                line,
                message: format!("{e}"),
            }
        })?;
        let line = record.position().map_or(0, |p| line_of(text, p.byte()));
        let err = |message: String| CorrectionsError::Line {
            file: source.to_string(),
            line,
            message,
        };
        let get = |name: &str| -> Option<String> {
            col(name)
                .and_then(|i| record.get(i))
                .map(str::to_string)
                .filter(|s| !s.is_empty())
        };
        let offset = |name: &str| -> Result<Option<usize>, CorrectionsError> {
            get(name)
                .map(|v| {
                    v.parse::<usize>().map_err(|_| {
                        err(format!(
                            "{name} must be a byte offset (a whole number), not {v:?}"
                        ))
                    })
                })
                .transpose()
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let action_text = get("action").unwrap_or_default();
        let action = Action::parse(&action_text.to_lowercase()).ok_or_else(|| {
            err(format!(
                "unknown action {action_text:?}; use one of reject, merge, split, date"
            ))
        })?;
        let c = Correction {
            line,
            action,
            doc: get("doc"),
            start: offset("start")?,
            end: offset("end")?,
            text: get("text"),
            entity: get("entity"),
            value: get("value"),
            note: get("note"),
        };
        let needs: &[(&str, bool)] = match action {
            Action::Reject => &[("doc", c.doc.is_some()), ("start", c.start.is_some())],
            Action::Merge => &[("entity", c.entity.is_some()), ("value", c.value.is_some())],
            Action::Split => &[
                ("entity", c.entity.is_some()),
                ("value", c.value.is_some()),
                ("doc", c.doc.is_some()),
            ],
            Action::Date => &[
                ("doc", c.doc.is_some()),
                ("start", c.start.is_some()),
                ("value", c.value.is_some()),
            ],
        };
        let missing: Vec<&str> = needs
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            return Err(err(format!(
                "{} needs {}",
                action.as_str(),
                missing.join(", ")
            )));
        }
        if let (Some(s), Some(e)) = (c.start, c.end)
            && e <= s
        {
            return Err(err(format!("end {e} is not after start {s}")));
        }
        if action == Action::Date {
            let v = c.value.as_deref().unwrap_or("");
            if !is_edtf(v) {
                return Err(err(format!(
                    "{v:?} is not an EDTF value (1920, 1920-04-27, 1920-04-27T23:00, 1918/1920, 1919-21, 192X, P2M)"
                )));
            }
        }
        if action == Action::Merge && c.entity == c.value {
            return Err(err("merge names the same entity twice".into()));
        }
        out.push(c);
    }
    Ok(out)
}

/// Writes corrections back as a file `read` accepts.
pub fn write(list: &[Correction], w: &mut dyn Write) -> Result<(), csv::Error> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(COLUMNS)?;
    for c in list {
        let n = |v: Option<usize>| v.map(|v| v.to_string()).unwrap_or_default();
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        out.write_record([
            c.action.as_str().to_string(),
            s(&c.doc),
            n(c.start),
            n(c.end),
            s(&c.text),
            s(&c.entity),
            s(&c.value),
            s(&c.note),
        ])?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
action,doc,start,end,text,entity,value,note
# a comment
reject,a.txt,10,16,Bakıda,,,not a person
merge,,,,,sultanov-2,sultanov,same man
split,b.txt,,,,hajinski,jamo-hajinski,the brother
date,a.txt,40,,,,1919-06-15,year from the text
";

    #[test]
    fn reads_every_action_with_its_line() {
        let list = read(GOOD, "c.csv").unwrap();
        assert_eq!(list.len(), 4);
        assert_eq!(list[0].action, Action::Reject);
        assert_eq!(list[0].line, 3);
        assert_eq!(list[0].text.as_deref(), Some("Bakıda"));
        assert_eq!(list[1].entity.as_deref(), Some("sultanov-2"));
        assert_eq!(list[2].start, None);
        assert_eq!(list[3].value.as_deref(), Some("1919-06-15"));
        // Round trip through `write`.
        let mut buf = Vec::new();
        write(&list, &mut buf).unwrap();
        let again = read(std::str::from_utf8(&buf).unwrap(), "c.csv").unwrap();
        let strip = |l: Vec<Correction>| -> Vec<Correction> {
            l.into_iter().map(|c| Correction { line: 0, ..c }).collect()
        };
        assert_eq!(strip(again), strip(list));
    }

    #[test]
    fn columns_may_come_in_any_order_and_be_left_out() {
        let list = read("value,action,entity\nsultanov,merge,sultanov-2\n", "c.csv").unwrap();
        assert_eq!(list[0].value.as_deref(), Some("sultanov"));
    }

    #[test]
    fn bad_lines_are_named() {
        let cases = [
            ("action\nforget\n", "line 2: unknown action \"forget\""),
            ("action,doc\nreject,a.txt\n", "line 2: reject needs start"),
            (
                "action,doc,start\nreject,a.txt,ten\n",
                "start must be a byte offset",
            ),
            (
                "action,doc,start,value\ndate,a.txt,1,June 15\n",
                "\"June 15\" is not an EDTF value",
            ),
            ("action,entity,value\nmerge,a,a\n", "same entity twice"),
            ("doc\na.txt\n", "no `action` column"),
            ("action,colour\nreject,red\n", "unknown column \"colour\""),
            (
                "action,doc,start,end\nreject,a.txt,5,5\n",
                "end 5 is not after start 5",
            ),
            ("action,doc\nreject,a.txt,extra\n", "line 2"),
        ];
        for (text, want) in cases {
            let e = read(text, "c.csv").unwrap_err().to_string();
            assert!(e.contains(want), "{text:?}: {e}");
            assert!(e.starts_with("c.csv"), "{e}");
        }
    }

    #[test]
    fn edtf_values() {
        for ok in [
            "1920",
            "1920-04-27",
            "1920-04-27T23:00",
            "1918/1920",
            "1919-21",
            "192X",
            "XXXX-06-15",
            "-0489",
            "P2M",
            "PT2H40M",
        ] {
            assert!(is_edtf(ok), "{ok}");
        }
        for bad in ["June", "1920-13-01", "1920-02-40", "P", "1920-04-27/", ""] {
            assert!(!is_edtf(bad), "{bad}");
        }
    }
}
