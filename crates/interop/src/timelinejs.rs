//! TimelineJS JSON: the data file of Knight Lab's TimelineJS3
//! (<https://timeline.knightlab.com/docs/json-format.html>), which renders
//! it as a slide show over a zoomable time axis (`new TL.Timeline(el, data)`).
//!
//! The file is `{"title": slide, "events": [slide…], "scale": "human"}`.
//! The title slide names the documents covered. There is one slide per
//! event of the [`Dataset`] that has a date:
//!
//! - `unique_id` is the event id, `group` its first event class (`date`
//!   for a sentence that only gives a date), `text.headline` its label.
//! - `start_date` / `end_date` (`year`, `month`, `day`, `hour`, `minute`)
//!   come from the EDTF values of its tellings, the ones the events stage
//!   dates the event by (the stated dates, only the day-precise ones when
//!   there are some, else the narrative's): the start is the earliest of
//!   them and the end the latest, each written at the precision its
//!   telling states (`1920-04` gives year and month only,
//!   `1920-04-27T23:00` also the hour and minute; years BC are negative).
//!   `end_date` is left out when it equals the start.
//! - `text.text` (HTML) lists every telling side by side: the sentence
//!   (with its `lang`), the date as written and its EDTF value, the
//!   language, the document (a link to the web UI's reader at the
//!   sentence), whom the text attributes it to, and the references cited
//!   at the sentence; then one line per disagreement of the event
//!   (`Dataset::conflicts`) with every claim and its document.
//!
//! TimelineJS inserts `headline` and `text` as HTML, so every piece of
//! source text is escaped ([`crate::escape_markup`]); only the markup this
//! module writes is markup. (TimelineJS 3.9 also passes text through
//! DOMPurify, which would silently delete markup a document quotes, such as
//! `<script>` in an article about the web; escaped, it is shown as written.)
//!
//! Left out: events without a date (a timeline cannot place them), media,
//! eras, and the calendar of Old Style dates (their Gregorian value is
//! used).

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use chronicle_core::{Event, Telling};
use chronicle_events::when::{Precision, When};
use serde_json::{Value, json};

use crate::escape_markup as escape;
use crate::geojson::doc_titles;
use crate::{Dataset, ExportError};

pub fn write(ds: &Dataset<'_>, w: &mut dyn Write) -> Result<u64, ExportError> {
    let titles = doc_titles(ds);
    let mut slides = Vec::new();
    for e in &ds.events {
        let Some((start, end)) = dates(e) else {
            continue;
        };
        let mut slide = json!({
            "unique_id": e.id,
            "group": e.classes.first().map_or("date", String::as_str),
            "start_date": start,
            "text": { "headline": escape(&e.label), "text": slide_text(ds, e, &titles) },
        });
        if let Some(end) = end {
            slide["end_date"] = end;
        }
        slides.push(slide);
    }
    let mut intro = format!(
        "<p>{} dated events told in {} documents, each with every sentence that tells it.</p><ul>",
        slides.len(),
        ds.documents.len()
    );
    for d in &ds.documents {
        let _ = write!(
            intro,
            "<li><a href=\"{}\">{}</a></li>",
            escape(&ds.reader_url(&d.name, 0)),
            escape(titles.get(d.name.as_str()).copied().unwrap_or(&d.name))
        );
    }
    intro.push_str("</ul>");
    let n = slides.len() as u64;
    let timeline = json!({
        "title": { "text": { "headline": "Chronicle", "text": intro } },
        "events": slides,
        "scale": "human",
    });
    serde_json::to_writer_pretty(&mut *w, &timeline)?;
    writeln!(w)?;
    Ok(n)
}

/// The slide's start date and its end date when it differs; `None` for an
/// event without a date. The values are those the events stage dates the
/// event by (`Event::start`, `Event::end`): the dates its tellings state,
/// only the day-precise ones when there are some, else the narrative's.
fn dates(e: &Event) -> Option<(Value, Option<Value>)> {
    let (first_day, last_day) = (e.start.as_deref()?, e.end.as_deref()?);
    let parse = |explicit: bool| -> Vec<When> {
        e.tellings
            .iter()
            .filter_map(|t| t.time.as_ref())
            .filter(|time| time.explicit || !explicit)
            .filter_map(|time| When::parse(&time.value))
            .collect()
    };
    let mut whens = parse(true);
    if whens.iter().any(|w| w.precision >= Precision::Day) {
        whens.retain(|w| w.precision >= Precision::Day);
    }
    if whens.is_empty() {
        whens = parse(false);
    }
    let first = whens.iter().min_by_key(|w| (w.start, w.precision));
    let last = whens.iter().max_by_key(|w| (w.end, Reverse(w.precision)));
    let (first, last) = match (first, last) {
        (Some(f), Some(l)) => (*f, *l),
        _ => (When::parse(first_day)?, When::parse(last_day)?),
    };
    let start = date(&first, false);
    let end = date(&last, true);
    Some((start.clone(), (end != start).then_some(end)))
}

/// A TimelineJS date of the first (or, with `end`, the last) moment of
/// `w`, with the fields its precision states.
fn date(w: &When, end: bool) -> Value {
    let day = if end { w.last_day() } else { w.first_day() };
    let (sign, body) = match day.strip_prefix('-') {
        Some(b) => (-1, b),
        None => (1, day.as_str()),
    };
    let mut parts = body.split('-').map(|p| p.parse::<i64>().unwrap_or(1));
    let (y, m, d) = (
        sign * parts.next().unwrap_or(0),
        parts.next().unwrap_or(1),
        parts.next().unwrap_or(1),
    );
    let mut v = json!({ "year": y });
    if w.precision >= Precision::Season {
        v["month"] = m.into();
    }
    if w.precision >= Precision::Day {
        v["day"] = d.into();
    }
    if w.precision == Precision::Minute {
        let minute = (if end { w.end - 1 } else { w.start }).rem_euclid(1440);
        v["hour"] = (minute / 60).into();
        v["minute"] = (minute % 60).into();
    }
    v
}

/// The slide's HTML: the tellings side by side, then the disagreements.
fn slide_text(ds: &Dataset<'_>, e: &Event, titles: &BTreeMap<&str, &str>) -> String {
    let title = |doc: &str| escape(titles.get(doc).copied().unwrap_or(doc));
    let mut h = String::from("<ol class=\"chronicle-tellings\">");
    for t in &e.tellings {
        let _ = write!(
            h,
            "<li><p lang=\"{lang}\" dir=\"auto\"><q>{text}</q></p><p class=\"chronicle-source\">{meta}</p></li>",
            lang = escape(&t.lang),
            text = escape(&t.text),
            meta = telling_meta(ds, t, &title),
        );
    }
    h.push_str("</ol>");
    for c in ds.conflicts.iter().filter(|c| c.event == e.id) {
        let claims: Vec<String> = c
            .claims
            .iter()
            .map(|cl| {
                let mut s = format!(
                    "{} «{}» in <a href=\"{}\">{}</a> ({})",
                    escape(&cl.value),
                    escape(&cl.wording),
                    escape(&ds.reader_url(&cl.doc, cl.start)),
                    title(&cl.doc),
                    escape(&cl.lang)
                );
                if let Some(a) = &cl.attributed_to {
                    let _ = write!(s, ", according to {}", escape(a));
                }
                s
            })
            .collect();
        let _ = write!(
            h,
            "<p class=\"chronicle-disagreement\"><strong>Disagreement ({}):</strong> {}: {}</p>",
            escape(&c.slot),
            escape(&c.about),
            claims.join("; ")
        );
    }
    h
}

/// One telling's date, language, document, attribution and references.
fn telling_meta(ds: &Dataset<'_>, t: &Telling, title: &dyn Fn(&str) -> String) -> String {
    let mut parts = Vec::new();
    if let Some(time) = &t.time {
        parts.push(if time.explicit {
            format!("{} = {}", escape(&time.text), escape(&time.value))
        } else {
            format!("{} (the narrative's date)", escape(&time.value))
        });
    }
    parts.push(escape(&t.lang));
    parts.push(format!(
        "<a href=\"{}\">{}</a>",
        escape(&ds.reader_url(&t.doc, t.start)),
        title(&t.doc)
    ));
    if let Some(a) = &t.attribution {
        let noun = a
            .noun
            .as_deref()
            .filter(|n| !n.eq_ignore_ascii_case(&a.cue))
            .map(|n| format!(", {}", escape(n)));
        parts.push(format!(
            "according to {} ({}{})",
            escape(&a.source),
            escape(&a.cue),
            noun.unwrap_or_default()
        ));
    }
    for r in &t.references {
        let text = r.text.as_deref().or(r.work.as_deref()).unwrap_or("");
        let cited = match &r.work {
            Some(work) => format!(
                "<a href=\"{}\">{}</a>",
                escape(&ds.work_iri(work)),
                escape(text)
            ),
            None => escape(text),
        };
        parts.push(format!("cites [{}] {}", escape(&r.label), cited));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(value: &str, end: bool) -> Value {
        date(&When::parse(value).unwrap(), end)
    }

    #[test]
    fn dates_keep_the_precision_of_their_value() {
        assert_eq!(at("1920-04", false), json!({"year": 1920, "month": 4}));
        assert_eq!(at("1920-04", true), json!({"year": 1920, "month": 4}));
        assert_eq!(
            at("1920-04-27", false),
            json!({"year": 1920, "month": 4, "day": 27})
        );
        assert_eq!(
            at("1920-04-28T02:05", true),
            json!({"year": 1920, "month": 4, "day": 28, "hour": 2, "minute": 5})
        );
        assert_eq!(at("1918/1920", false), json!({"year": 1918}));
        assert_eq!(at("1918/1920", true), json!({"year": 1920}));
        assert_eq!(at("-0489", false), json!({"year": -489}));
    }
}
