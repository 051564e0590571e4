//! Invariant checks shared by the fuzz targets in `fuzz_targets/`.
//!
//! Every check panics with a message naming the broken invariant, which is
//! what libFuzzer records as a crash. They restate the invariants of
//! `ARCHITECTURE.md` ("Invariants" 1–3) and the EDTF forms of the data model
//! independently of the code under test.

use chronicle_core::{Document, MappedText, Span, Timex, TimexType};
use chronicle_ingest::blocks::{BlockHint, RawBlock};

/// The fuzz input as text: valid UTF-8 as it is, anything else with its
/// malformed bytes replaced, so that every input reaches the reader.
pub fn text_of(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// A span lies inside `src` and on character boundaries.
pub fn check_span(src: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= src.len(),
        "{what}: span {span:?} outside the source of {} bytes",
        src.len()
    );
    assert!(
        src.is_char_boundary(span.start) && src.is_char_boundary(span.end),
        "{what}: span {span:?} not on character boundaries"
    );
}

/// A mapped text is consistent with the source it maps to: its segments tile
/// the text in order, every source range lies inside `src` on character
/// boundaries and in source order, and every copied run is byte for byte the
/// source bytes it maps to (cleaning then mapping back returns the original
/// bytes).
pub fn check_mapped(src: &str, m: &MappedText, what: &str) {
    let text = m.text();
    assert!(
        m.anchor() <= src.len() && src.is_char_boundary(m.anchor()),
        "{what}: anchor {} outside the source or not on a boundary",
        m.anchor()
    );
    let mut pos = 0;
    let mut last_src = 0;
    for (i, s) in m.segments().iter().enumerate() {
        assert_eq!(s.text_start, pos, "{what}: segment {i} does not follow on");
        let t_end = s.text_start + s.text_len;
        let s_end = s.src_start + s.src_len;
        assert!(
            t_end <= text.len()
                && text.is_char_boundary(s.text_start)
                && text.is_char_boundary(t_end),
            "{what}: segment {i} {s:?} not on boundaries of the text"
        );
        check_span(src, Span::new(s.src_start, s_end), what);
        assert!(
            s.src_start >= last_src,
            "{what}: segment {i} {s:?} goes back in the source (before {last_src})"
        );
        last_src = s.src_start;
        if s.copy {
            assert_eq!(
                &text[s.text_start..t_end],
                &src[s.src_start..s_end],
                "{what}: copied segment {i} differs from its source bytes"
            );
        }
        pos = t_end;
    }
    assert_eq!(pos, text.len(), "{what}: segments do not cover the text");
    // Any range of the text maps into the source on boundaries.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let step = (bounds.len() / 16).max(1);
    for a in bounds.iter().step_by(step) {
        for b in bounds.iter().step_by(step).filter(|b| *b >= a) {
            let span = m.span_to_source(*a..*b);
            check_span(src, span, what);
        }
    }
}

/// Checks the raw blocks of a format reader: each maps back into `src` (see
/// [`check_mapped`]); outside preformatted text, its text has no whitespace
/// at either end and no run of two whitespace characters.
pub fn check_blocks(src: &str, blocks: &[RawBlock]) {
    for (i, b) in blocks.iter().enumerate() {
        let what = format!("block {i} ({:?})", b.hint);
        check_mapped(src, &b.text, &what);
        if b.hint == BlockHint::Preformatted {
            continue;
        }
        let t = b.text.text();
        assert_eq!(t.trim(), t, "{what}: text {t:?} not trimmed");
        let mut prev_space = false;
        for c in t.chars() {
            let space = c.is_whitespace();
            assert!(
                !(space && prev_space),
                "{what}: text {t:?} has a whitespace run"
            );
            prev_space = space;
        }
    }
}

/// Checks everything the analysis of a document promises about offsets:
/// paragraphs, their cleaned text, sentences, anchors, references, dates and
/// mentions all point into the source text on character boundaries and stay
/// inside what contains them; every date value is valid EDTF.
pub fn check_document(doc: &Document) {
    let src = doc.source_text.as_str();
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        let what = format!("paragraph {pi}");
        check_span(src, p.span, &what);
        check_mapped(src, &p.text, &what);
        let tspan = p.text.source_span();
        if !p.text.is_empty() {
            assert!(
                p.span.start <= tspan.start && tspan.end <= p.span.end,
                "{what}: cleaned text maps to {tspan:?} outside the paragraph {:?}",
                p.span
            );
        }
        let text = p.text.text();
        for (si, s) in p.sentences.iter().enumerate() {
            let what = format!("paragraph {pi} sentence {si}");
            check_span(src, s.span, &what);
            assert!(
                p.span.start <= s.span.start && s.span.end <= p.span.end,
                "{what}: {:?} outside its paragraph {:?}",
                s.span,
                p.span
            );
            assert!(
                s.start <= s.end
                    && s.end <= text.len()
                    && text.is_char_boundary(s.start)
                    && text.is_char_boundary(s.end),
                "{what}: range {}..{} not a character range of the paragraph text",
                s.start,
                s.end
            );
        }
        for (ai, a) in p.anchors.iter().enumerate() {
            let what = format!("paragraph {pi} anchor {ai}");
            check_span(src, a.span, &what);
            assert!(
                a.offset <= text.len() && text.is_char_boundary(a.offset),
                "{what}: offset {} not a boundary of the paragraph text",
                a.offset
            );
        }
    }
    for (ri, r) in doc.references.iter().enumerate() {
        let what = format!("reference {ri}");
        assert!(r.paragraph < doc.paragraphs.len(), "{what}: no paragraph");
        check_span(src, r.span, &what);
        assert_eq!(
            r.text,
            doc.paragraphs[r.paragraph].text.text(),
            "{what}: text is not its paragraph's"
        );
    }
    for (ti, t) in doc.timexes.iter().enumerate() {
        let what = format!("date {ti} {:?} = {:?}", t.text, t.value);
        let p = doc
            .paragraphs
            .get(t.paragraph)
            .unwrap_or_else(|| panic!("{what}: no paragraph {}", t.paragraph));
        let s = p
            .sentences
            .get(t.sentence)
            .unwrap_or_else(|| panic!("{what}: no sentence {}", t.sentence));
        check_span(src, t.span, &what);
        assert!(
            s.start <= t.start && t.start <= t.end && t.end <= s.end,
            "{what}: range {}..{} outside its sentence {}..{}",
            t.start,
            t.end,
            s.start,
            s.end
        );
        assert_eq!(
            &p.text.text()[t.start..t.end],
            t.text,
            "{what}: text differs"
        );
        check_timex(t);
    }
    for (mi, m) in doc.mentions.iter().enumerate() {
        let what = format!("mention {mi} {:?}", m.text);
        let p = doc
            .paragraphs
            .get(m.paragraph)
            .unwrap_or_else(|| panic!("{what}: no paragraph {}", m.paragraph));
        let s = p
            .sentences
            .get(m.sentence)
            .unwrap_or_else(|| panic!("{what}: no sentence {}", m.sentence));
        check_span(src, m.span, &what);
        assert!(
            s.start <= m.start && m.start <= m.end && m.end <= s.end,
            "{what}: range {}..{} outside its sentence {}..{}",
            m.start,
            m.end,
            s.start,
            s.end
        );
        assert_eq!(
            &p.text.text()[m.start..m.end],
            m.text,
            "{what}: text differs"
        );
    }
}

/// A temporal expression's value is valid for its type: dates and times are
/// EDTF dates or intervals (times with a clock time), durations and sets are
/// ISO 8601 periods, an Old Style date's written value is an EDTF date.
pub fn check_timex(t: &Timex) {
    let what = format!("{:?} {:?} = {:?}", t.kind, t.text, t.value);
    match t.kind {
        TimexType::Date | TimexType::Time => {
            if let Err(e) = edtf_value(&t.value) {
                panic!("{what}: not EDTF: {e}");
            }
            if t.kind == TimexType::Time {
                assert!(t.value.contains('T'), "{what}: TIME without a clock time");
            }
        }
        TimexType::Duration | TimexType::Set => {
            if let Err(e) = iso_period(&t.value) {
                panic!("{what}: not an ISO 8601 period: {e}");
            }
        }
    }
    if let Some(alt) = &t.alt_value
        && let Err(e) = edtf_date(alt)
    {
        panic!("{what}: Old Style value {alt:?} not EDTF: {e}");
    }
    if let Some(anchor) = &t.anchor
        && let Err(e) = edtf_value(anchor)
    {
        panic!("{what}: anchor {anchor:?} not EDTF: {e}");
    }
}

/// An EDTF date or an interval of two dates whose known start is not after
/// its known end.
pub fn edtf_value(v: &str) -> Result<(), String> {
    match v.split_once('/') {
        Some((a, b)) => {
            let a = edtf_date(a)?;
            let b = edtf_date(b)?;
            if let (Some(a), Some(b)) = (a, b)
                && a > b
            {
                return Err(format!("interval ends before it starts ({a:?} > {b:?})"));
            }
            Ok(())
        }
        None => edtf_date(v).map(|_| ()),
    }
}

/// An EDTF date (levels 0 and 1 as Chronicle writes them): `1920`,
/// `-0489`, `192X`, `18XX`, `XXXX-06-15`, `1919-23` (a season), `1920-04`,
/// `1920-04-27`, `1920-XX-27`, `1920-04-27T23:00`. Returns the date as
/// (year, month, day, minute of day) when every part is known, for ordering.
pub fn edtf_date(v: &str) -> Result<Option<(i32, u8, u8, u32)>, String> {
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let (neg, body) = match date.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, date),
    };
    let mut parts = body.split('-');
    let y = parts.next().unwrap_or("");
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit() || b == b'X') {
        return Err(format!("year {y:?} is not four digits (or X)"));
    }
    // Unspecified digits only at the end of the year (`192X`, `18XX`, `XXXX`).
    let known = y.bytes().take_while(u8::is_ascii_digit).count();
    if y[known..].bytes().any(|b| b != b'X') {
        return Err(format!("year {y:?} has a digit after an X"));
    }
    if neg && known == 0 {
        return Err("negative unknown year".into());
    }
    let year: Option<i32> = (known == 4).then(|| {
        let n: i32 = y.parse().unwrap_or(0);
        if neg { -n } else { n }
    });
    let m = parts.next();
    let d = parts.next();
    if parts.next().is_some() {
        return Err("too many parts".into());
    }
    let Some(m) = m else {
        if time.is_some() {
            return Err("a time without a day".into());
        }
        return Ok(None);
    };
    let month: Option<u8> = match m {
        "XX" => None,
        _ if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
            let n: u8 = m.parse().unwrap_or(0);
            if (21..=24).contains(&n) {
                if d.is_some() || time.is_some() {
                    return Err("a season with a day".into());
                }
                return Ok(None);
            }
            if !(1..=12).contains(&n) {
                return Err(format!("month {m:?} out of range"));
            }
            Some(n)
        }
        _ => return Err(format!("month {m:?} is not two digits")),
    };
    let Some(d) = d else {
        if time.is_some() {
            return Err("a time without a day".into());
        }
        return Ok(None);
    };
    let day: Option<u8> = match d {
        "XX" => None,
        _ if d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()) => {
            let n: u8 = d.parse().unwrap_or(0);
            let max = match (year, month) {
                (Some(y), Some(m)) => month_days(y, m),
                (None, Some(2)) => 29,
                (_, Some(4 | 6 | 9 | 11)) => 30,
                _ => 31,
            };
            if n == 0 || n > max {
                return Err(format!("day {d:?} out of range for the month"));
            }
            Some(n)
        }
        _ => return Err(format!("day {d:?} is not two digits")),
    };
    let minute = match time {
        None => 0,
        Some(t) => {
            let (h, mi) = t
                .split_once(':')
                .ok_or_else(|| format!("time {t:?} is not HH:MM"))?;
            let two = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
            if !two(h) || !two(mi) {
                return Err(format!("time {t:?} is not HH:MM"));
            }
            let (h, mi): (u32, u32) = (h.parse().unwrap_or(99), mi.parse().unwrap_or(99));
            // 24:00 is the end of the day (ISO 8601), as the tagger writes it.
            if h > 24 || mi > 59 || (h == 24 && mi > 0) {
                return Err(format!("time {t:?} out of range"));
            }
            h * 60 + mi
        }
    };
    Ok(match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Some((y, m, d, minute)),
        _ => None,
    })
}

fn month_days(y: i32, m: u8) -> u8 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An ISO 8601 period: `P` then numbers with the designators Y, M, W, D in
/// that order, then optionally `T` and H, M, S; at least one part; a number
/// is digits with an optional decimal fraction.
pub fn iso_period(v: &str) -> Result<(), String> {
    let body = v.strip_prefix('P').ok_or("no leading P")?;
    let (date, time) = match body.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let parts = |s: &str, order: &str| -> Result<usize, String> {
        let mut n = 0;
        let mut rest = s;
        let mut allowed = order;
        while !rest.is_empty() {
            let num = rest
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b'.')
                .count();
            let number = &rest[..num];
            let ok_number = match number.split_once('.') {
                Some((a, b)) => {
                    !a.is_empty()
                        && !b.is_empty()
                        && a.bytes().all(|c| c.is_ascii_digit())
                        && b.bytes().all(|c| c.is_ascii_digit())
                }
                None => !number.is_empty(),
            };
            if !ok_number {
                return Err(format!("bad number {number:?} in {s:?}"));
            }
            let unit = rest[num..].chars().next().ok_or("number without a unit")?;
            let at = allowed
                .find(unit)
                .ok_or_else(|| format!("unit {unit:?} out of order or unknown"))?;
            allowed = &allowed[at + 1..];
            rest = &rest[num + unit.len_utf8()..];
            n += 1;
        }
        Ok(n)
    };
    let mut n = parts(date, "YMWD")?;
    if let Some(t) = time {
        let k = parts(t, "HMS")?;
        if k == 0 {
            return Err("T without a time part".into());
        }
        n += k;
    }
    if n == 0 {
        return Err("no parts".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edtf_forms() {
        for ok in [
            "1920",
            "-0489",
            "192X",
            "18XX",
            "XXXX",
            "XXXX-06-15",
            "1919-23",
            "1920-04",
            "1920-04-27",
            "1920-XX-27",
            "1920-04-27T23:00",
            "1920-04-27T24:00",
            "1918/1920",
            "1920-02-29",
        ] {
            assert!(edtf_value(ok).is_ok(), "{ok}: {:?}", edtf_value(ok));
        }
        for bad in [
            "",
            "920",
            "19200",
            "1X20",
            "1920-13",
            "1921-02-29",
            "1920-04-31",
            "1920-04-27T24:01",
            "1920-04-27T25:00",
            "1920T10:00",
            "1920-04-27/1920-04-26",
            "inf",
        ] {
            assert!(edtf_value(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn period_forms() {
        for ok in ["P1Y", "P2.5M", "PT2H40M", "P1Y2M3DT4H", "P100Y", "PT1S"] {
            assert!(iso_period(ok).is_ok(), "{ok}");
        }
        for bad in ["P", "PT", "1Y", "PinfY", "PNaNY", "P1M1Y", "P.5Y", "P1"] {
            assert!(iso_period(bad).is_err(), "{bad}");
        }
    }
}
