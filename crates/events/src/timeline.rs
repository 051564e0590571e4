//! Which events a timeline shows: the filters shared by `chronicle
//! timeline` and the HTTP API.

use chronicle_core::Event;

use crate::when::When;

/// Timeline filters. Entity and place lists hold entity ids (`None`: no
/// filter); dates are EDTF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimelineFilter {
    /// Events with one of these entities as a place or participant.
    pub entities: Option<Vec<String>>,
    /// Events at one of these places.
    pub places: Option<Vec<String>>,
    /// First and last day of the range (`YYYY-MM-DD`), from [`day_bound`].
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only tellings in this language; events without one are left out.
    pub lang: Option<String>,
    /// Only events told by at least this many documents.
    pub min_documents: usize,
    /// Also sentences that only give a date (no event word), and, with both
    /// bounds, events whose dates span the whole range (a year).
    pub all: bool,
}

/// The first (or, with `end`, the last) day of an EDTF date, for
/// [`TimelineFilter::from`] and [`TimelineFilter::to`].
pub fn day_bound(s: &str, end: bool) -> Result<String, String> {
    match When::parse(s.trim()) {
        Some(w) => Ok(if end { w.last_day() } else { w.first_day() }),
        None => Err(format!(
            "cannot read {s:?} as a date; use EDTF such as 1920, 1920-04 or 1920-04-27"
        )),
    }
}

impl TimelineFilter {
    /// The event as the timeline shows it (tellings of other languages
    /// dropped), or `None` when the filters leave it out. Events without a
    /// date are never on a timeline.
    pub fn apply(&self, mut e: Event) -> Option<Event> {
        let (start, end) = (e.start.as_ref()?, e.end.as_ref()?);
        if self.from.as_ref().is_some_and(|f| end < f)
            || self.to.as_ref().is_some_and(|t| start > t)
        {
            return None;
        }
        // An event dated only to a period containing the whole range (a
        // telling that says "1920") is not news for that range.
        let contains_range = match (&self.from, &self.to) {
            (Some(f), Some(t)) => start < f && end > t,
            _ => false,
        };
        if !self.all && (e.classes.is_empty() || contains_range) {
            return None;
        }
        if let Some(ids) = &self.entities
            && !e
                .places
                .iter()
                .chain(&e.participants)
                .any(|p| ids.contains(p))
        {
            return None;
        }
        if let Some(ids) = &self.places
            && !e.places.iter().any(|p| ids.contains(p))
        {
            return None;
        }
        if e.documents.len() < self.min_documents {
            return None;
        }
        if let Some(lang) = &self.lang {
            e.tellings.retain(|t| &t.lang == lang);
            if e.tellings.is_empty() {
                return None;
            }
        }
        Some(e)
    }
}
