//! Disagreements between the tellings of one event.
//!
//! - **time**: explicit dates or times (not inherited, not continuations)
//!   of one place that do not agree at the precision both state, told with
//!   the same event class by two sources (two documents, or two sources one
//!   document attributes claims to). `1920-04` and
//!   `1920-04-27` agree; `1920-04-27T23:00` and `1920-04-28T02:00` do not.
//! - **quantity** (`quantity:killed`…): numbers counting the same thing
//!   (the same `counts` class, and the same named group when both name one)
//!   whose stated figures differ: `13000` against `more than 3,000`,
//!   `9000/30000` against `25000/30000`. A bound or a range is a figure of
//!   its own, as in UCDP's low/best/high: Chronicle shows the spread, it does
//!   not decide which figure is right.
//! - **anachronism**: a telling flagged by extraction (a date against the
//!   narrative around it) with the tellings that date the event otherwise.
//!
//! Every claim carries its document, span, wording, attribution and cited
//! works.

use chronicle_core::{Claim, Conflict, Event, Telling};
use chronicle_names::{Names, fold};

// Only tallies are compared: the number of soldiers or guns in an event is
// usually several units, not one disputed total.
use crate::align::family_of;
use crate::quantity::{TALLIES, same_figures};
use crate::when::{Precision, When, with_year};

/// Who makes a claim: the document, and within it the source it is
/// attributed to. A document repeating itself is not a disagreement.
fn source_of(t: &Telling) -> (&str, Option<&str>) {
    (
        t.doc.as_str(),
        t.attribution.as_ref().map(|a| a.source.as_str()),
    )
}

/// Two named sources: two documents, or two different sources one
/// document attributes the claims to (a document dating a telegram and
/// its report is not two sources).
fn two_sources(a: &Telling, b: &Telling) -> bool {
    a.doc != b.doc || matches!((source_of(a).1, source_of(b).1), (Some(x), Some(y)) if x != y)
}

fn claim(t: &Telling, value: String, wording: String) -> Claim {
    Claim {
        doc: t.doc.clone(),
        lang: t.lang.clone(),
        start: t.start,
        end: t.end,
        value,
        wording,
        sentence: t.text.clone(),
        attributed_to: t.attribution.as_ref().map(|a| match &a.noun {
            Some(n) => format!("{} ({n})", a.source),
            None => a.source.clone(),
        }),
        references: t
            .references
            .iter()
            .filter_map(|r| r.work.clone().or_else(|| r.text.clone()))
            .collect(),
    }
}

/// The disagreements of one event.
pub fn conflicts(event: &Event, corpus: &[Event]) -> Vec<Conflict> {
    let mut out = Vec::new();
    time_conflict(event, &mut out);
    quantity_conflicts(event, &mut out);
    anachronisms(event, corpus, &mut out);
    out
}

fn time_conflict(event: &Event, out: &mut Vec<Conflict>) {
    // Claims about one place at day precision or finer: a date of a whole
    // campaign is not a rival to the hour a station fell.
    let mut best: Vec<(&Telling, When)> = Vec::new();
    for place in &event.places {
        let dated: Vec<(&Telling, When)> = event
            .tellings
            .iter()
            .filter(|t| !t.continuation)
            .filter(|t| {
                t.places
                    .iter()
                    .any(|p| p.entity.as_deref() == Some(place.as_str()))
            })
            .filter_map(|t| {
                let time = t.time.as_ref().filter(|x| x.explicit)?;
                let w = When::parse(&time.value)?;
                (w.precision >= Precision::Day).then_some((t, w))
            })
            .collect();
        let disagree = dated.iter().enumerate().any(|(i, (ta, a))| {
            dated[i + 1..].iter().any(|(tb, b)| {
                a.precision == b.precision
                    && !a.agrees(b)
                    && two_sources(ta, tb)
                    && ta.classes.iter().any(|c| tb.classes.contains(c))
            })
        });
        if disagree && dated.len() > best.len() {
            best = dated;
        }
    }
    let dated = best;
    if dated.is_empty() {
        return;
    }
    let claims: Vec<Claim> = dated
        .iter()
        .map(|(t, _)| {
            let time = t.time.as_ref().expect("dated");
            claim(t, time.value.clone(), time.text.clone())
        })
        .collect();
    let low = dated
        .iter()
        .min_by_key(|(_, w)| w.start)
        .map(|(t, _)| t.time.as_ref().expect("dated").value.clone());
    let high = dated
        .iter()
        .max_by_key(|(_, w)| w.end)
        .map(|(t, _)| t.time.as_ref().expect("dated").value.clone());
    out.push(Conflict {
        id: format!("{}/time", event.id),
        event: event.id.clone(),
        slot: "time".to_string(),
        about: format!("when: {} dates given", distinct(&claims)),
        low,
        high,
        claims,
    });
}

fn distinct(claims: &[Claim]) -> usize {
    let mut v: Vec<&str> = claims.iter().map(|c| c.value.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v.len()
}

fn group_key(what: &Option<String>) -> Option<String> {
    let w = what.as_deref()?;
    // Only capitalised group names (Armenians, Muslims) split claims; a
    // lowercase noun may be any word after the number.
    if !w.chars().next()?.is_uppercase() {
        return None;
    }
    let roman = fold(&Names::shared().romanise(w, ""));
    Some(roman.chars().take(5).collect())
}

fn quantity_conflicts(event: &Event, out: &mut Vec<Conflict>) {
    let mut classes: Vec<&str> = event
        .tellings
        .iter()
        .flat_map(|t| t.quantities.iter().filter_map(|q| q.counts.as_deref()))
        .collect();
    classes.sort_unstable();
    classes.dedup();
    classes.retain(|c| TALLIES.contains(c));
    for class in classes {
        let items: Vec<(&Telling, &chronicle_core::Quantity)> = event
            .tellings
            .iter()
            .flat_map(|t| t.quantities.iter().map(move |q| (t, q)))
            .filter(|(_, q)| q.counts.as_deref() == Some(class))
            .collect();
        // Split by named group when both name one.
        let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
        for (i, (_, q)) in items.iter().enumerate() {
            let g = group_key(&q.what);
            match groups.iter_mut().find(|(k, _)| k == &g) {
                Some((_, v)) => v.push(i),
                None => groups.push((g, vec![i])),
            }
        }
        // Unnamed claims join every named group.
        let unnamed: Vec<usize> = groups
            .iter()
            .filter(|(k, _)| k.is_none())
            .flat_map(|(_, v)| v.clone())
            .collect();
        let named: Vec<Vec<usize>> = groups
            .iter()
            .filter(|(k, _)| k.is_some())
            .map(|(_, v)| v.iter().chain(&unnamed).copied().collect())
            .collect();
        let sets = if named.is_empty() {
            vec![unnamed]
        } else {
            named
        };
        for (gi, set) in sets.iter().enumerate() {
            let figures: Vec<Vec<f64>> = set
                .iter()
                .map(|&i| {
                    [items[i].1.low, items[i].1.high]
                        .into_iter()
                        .flatten()
                        .collect()
                })
                .collect();
            let disagree = figures.iter().enumerate().any(|(i, a)| {
                figures[i + 1..].iter().enumerate().any(|(j, b)| {
                    let (ta, tb) = (items[set[i]].0, items[set[i + 1 + j]].0);
                    !same_figures(a, b) && source_of(ta) != source_of(tb)
                })
            });
            if !disagree {
                continue;
            }
            let claims: Vec<Claim> = set
                .iter()
                .map(|&i| {
                    let (t, q) = items[i];
                    claim(t, q.value.clone(), q.text.clone())
                })
                .collect();
            let lows = set
                .iter()
                .filter_map(|&i| items[i].1.low.or(items[i].1.high));
            let highs = set
                .iter()
                .filter_map(|&i| items[i].1.high.or(items[i].1.low));
            let fmt = |v: f64| format!("{}", v as i64);
            let suffix = if sets.len() > 1 {
                format!("-{}", gi + 1)
            } else {
                String::new()
            };
            out.push(Conflict {
                id: format!("{}/{class}{suffix}", event.id),
                event: event.id.clone(),
                slot: format!("quantity:{class}"),
                about: format!("how many {class}: {} figures given", distinct(&claims)),
                low: lows.min_by(f64::total_cmp).map(fmt),
                high: highs.max_by(f64::total_cmp).map(fmt),
                claims,
            });
        }
    }
}

fn families(classes: &[String]) -> Vec<usize> {
    classes.iter().filter_map(|c| family_of(c)).collect()
}

/// A flagged date against the tellings that date the same kind of event in
/// the narrative's year: its own event's, then any other document's telling
/// with the same date in that year (`1920-04` for a flagged `1921-04`) and a
/// class of the same family, earliest in its document first (a lead
/// sentence dates the whole story).
fn anachronisms(event: &Event, corpus: &[Event], out: &mut Vec<Conflict>) {
    for t in &event.tellings {
        let Some(a) = &t.anachronism else { continue };
        let expected = with_year(&a.value, a.narrative_year);
        let fam = families(&t.classes);
        let mut others: Vec<&Telling> = corpus
            .iter()
            .flat_map(|e| e.tellings.iter())
            .filter(|o| o.doc != t.doc && !o.continuation)
            .filter(|o| {
                o.time
                    .as_ref()
                    .is_some_and(|x| x.explicit && !x.text.is_empty() && x.value == expected)
            })
            .filter(|o| families(&o.classes).iter().any(|f| fam.contains(f)))
            .collect();
        others.sort_by_key(|o| (o.doc.clone(), o.paragraph, o.start));
        others.dedup_by(|x, y| x.doc == y.doc);
        let mut claims = vec![claim(t, a.value.clone(), a.text.clone())];
        for o in others.into_iter().take(3) {
            let time = o.time.as_ref().expect("filtered");
            claims.push(claim(o, time.value.clone(), time.text.clone()));
        }
        out.push(Conflict {
            id: format!("{}/anachronism", event.id),
            event: event.id.clone(),
            slot: "anachronism".to_string(),
            about: format!(
                "possible error: {} ({}) in an account of {}",
                a.text, a.value, a.narrative_year
            ),
            low: Some(expected),
            high: Some(a.value.clone()),
            claims,
        });
    }
}
