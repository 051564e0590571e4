//! `chronicle timeline`, `chronicle event ID`, `chronicle conflicts` and
//! `chronicle sources WORK`: events with every telling and its source.

use anyhow::{Result, bail};
use chronicle_core::{Claim, Conflict, Event, Telling, Work};
use chronicle_events::timeline::{TimelineFilter, day_bound};
use chronicle_store::Store;

use crate::entities::matching;
use crate::exit;

#[derive(clap::Args, Debug)]
pub struct TimelineArgs {
    /// Only events with this entity (id or any name form in any script) as
    /// a place or participant.
    #[arg(long, value_name = "NAME")]
    entity: Option<String>,
    /// Only events at this place (id or any name form).
    #[arg(long, value_name = "NAME")]
    place: Option<String>,
    /// Only events ending on or after this date (EDTF: 1920, 1920-04,
    /// 1920-04-27).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only events starting on or before this date (EDTF).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only tellings in this language (ISO 639-1 code); events without one
    /// are left out.
    #[arg(long, value_name = "CODE")]
    lang: Option<String>,
    /// Only events told by at least N documents.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_documents: usize,
    /// Show at most N events; 0 = all.
    #[arg(long, default_value_t = 0)]
    limit: usize,
    /// Also show sentences that only give a date (no event word), and with
    /// --from/--to events whose dates span the whole range (a year).
    #[arg(long)]
    all: bool,
}

#[derive(clap::Args, Debug)]
pub struct EventArgs {
    /// The event id (as `timeline` prints it).
    id: String,
}

#[derive(clap::Args, Debug)]
pub struct SourcesArgs {
    /// A work id (`kadishev-1960`), or an author or title word in any
    /// script (`Кадишев`, `Kadishev`).
    work: String,
}

pub(crate) fn ids_matching(store: &Store, query: &str) -> Result<Vec<String>> {
    let found = matching(store, query.trim())?;
    if found.is_empty() {
        bail!("no entity matches {query:?}; `chronicle entities` lists them");
    }
    Ok(found.into_iter().map(|e| e.id).collect())
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

fn source_of(t: &Telling) -> String {
    let mut parts = Vec::new();
    if let Some(a) = &t.attribution {
        parts.push(match &a.noun {
            Some(n) => format!("according to {} ({n})", a.source),
            None => format!("according to {}", a.source),
        });
    }
    let refs: Vec<String> = t
        .references
        .iter()
        .map(|r| match &r.work {
            Some(w) if !w.is_empty() => format!("[{}] {w}", r.label),
            _ => format!("[{}]", r.label),
        })
        .collect();
    if !refs.is_empty() {
        parts.push(format!("cites {}", refs.join(", ")));
    }
    parts.join("; ")
}

fn print_telling(t: &Telling, indent: &str) {
    let time = match &t.time {
        Some(x) if x.explicit => x.value.clone(),
        Some(x) => format!("({})", x.value),
        None => "-".to_string(),
    };
    out!(
        "{indent}{} {} @{}-{}  {}  {}",
        t.lang,
        t.doc,
        t.start,
        t.end,
        time,
        if t.classes.is_empty() {
            t.predicate.clone()
        } else {
            t.classes.join("/")
        }
    );
    out!("{indent}  \"{}\"", shorten(&t.text, 160));
    let src = source_of(t);
    if !src.is_empty() {
        out!("{indent}  source: {src}");
    }
    for q in &t.quantities {
        out!(
            "{indent}  number: {} {} ({}, \"{}\")",
            q.value,
            q.counts.as_deref().unwrap_or("?"),
            q.kind,
            q.text
        );
    }
    if let Some(a) = &t.anachronism {
        out!(
            "{indent}  possible error: {} ({}) in an account of {}",
            a.text,
            a.value,
            a.narrative_year
        );
    }
}

pub fn timeline(store: &Store, json: bool, args: TimelineArgs) -> Result<u8> {
    let filter = TimelineFilter {
        entities: args
            .entity
            .as_deref()
            .map(|q| ids_matching(store, q))
            .transpose()?,
        places: args
            .place
            .as_deref()
            .map(|q| ids_matching(store, q))
            .transpose()?,
        from: args
            .from
            .as_deref()
            .map(|s| day_bound(s, false))
            .transpose()
            .map_err(anyhow::Error::msg)?,
        to: args
            .to
            .as_deref()
            .map(|s| day_bound(s, true))
            .transpose()
            .map_err(anyhow::Error::msg)?,
        lang: args.lang.clone(),
        min_documents: args.min_documents,
        all: args.all,
    };
    let mut shown = 0;
    for e in store.events()? {
        let Some(e) = filter.apply(e) else {
            continue;
        };
        let (start, end) = (
            e.start.clone().unwrap_or_default(),
            e.end.clone().unwrap_or_default(),
        );
        shown += 1;
        if json {
            out!("{}", serde_json::to_string(&e)?);
        } else {
            let span = if start == end {
                start.clone()
            } else {
                format!("{start}/{end}")
            };
            out!(
                "{span}  {}  [{}]  {} telling(s) in {} document(s): {}",
                e.label,
                e.id,
                e.tellings.len(),
                e.documents.len(),
                e.langs.join(", ")
            );
            for t in &e.tellings {
                print_telling(t, "    ");
            }
        }
        if args.limit > 0 && shown >= args.limit {
            break;
        }
    }
    if shown == 0 && !json {
        eprintln!(
            "no events match; `chronicle ingest` builds them, `chronicle timeline --help` lists the filters"
        );
    }
    Ok(exit::OK)
}

pub fn event(store: &Store, json: bool, args: EventArgs) -> Result<u8> {
    let events = store.events()?;
    let Some(e) = events.iter().find(|e| e.id == args.id) else {
        let near: Vec<&str> = events
            .iter()
            .filter(|e| e.id.contains(&args.id))
            .take(5)
            .map(|e| e.id.as_str())
            .collect();
        if near.is_empty() {
            bail!(
                "no event {:?}; `chronicle timeline` lists event ids",
                args.id
            );
        }
        bail!("no event {:?}; did you mean: {}", args.id, near.join(", "));
    };
    let conflicts: Vec<Conflict> = store
        .conflicts()?
        .into_iter()
        .filter(|c| c.event == e.id)
        .collect();
    if json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            event: &'a Event,
            conflicts: &'a [Conflict],
        }
        out!(
            "{}",
            serde_json::to_string_pretty(&Out {
                event: e,
                conflicts: &conflicts
            })?
        );
        return Ok(exit::OK);
    }
    out!("{}  [{}]", e.label, e.id);
    out!(
        "  when: {}",
        match (&e.start, &e.end) {
            (Some(a), Some(b)) if a == b => a.clone(),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "no date given".to_string(),
        }
    );
    if !e.places.is_empty() {
        out!("  places: {}", e.places.join(", "));
    }
    if !e.participants.is_empty() {
        out!("  participants: {}", e.participants.join(", "));
    }
    out!(
        "  told {} time(s) in {} ({} document(s))",
        e.tellings.len(),
        e.langs.join(", "),
        e.documents.len()
    );
    for t in &e.tellings {
        print_telling(t, "  ");
    }
    for c in &conflicts {
        print_conflict(c);
    }
    Ok(exit::OK)
}

fn print_claim(c: &Claim) {
    out!(
        "    {:<18} {} {} @{}-{}  \"{}\"{}{}",
        c.value,
        c.lang,
        c.doc,
        c.start,
        c.end,
        c.wording,
        c.attributed_to
            .as_ref()
            .map(|a| format!("  according to {a}"))
            .unwrap_or_default(),
        if c.references.is_empty() {
            String::new()
        } else {
            format!("  cites {}", c.references.join(", "))
        }
    );
}

fn print_conflict(c: &Conflict) {
    out!(
        "disagreement [{}] on {}: {}; spread {} – {}",
        c.id,
        c.slot,
        c.about,
        c.low.as_deref().unwrap_or("?"),
        c.high.as_deref().unwrap_or("?")
    );
    for cl in &c.claims {
        print_claim(cl);
    }
}

pub fn conflicts(store: &Store, json: bool) -> Result<u8> {
    let all = store.conflicts()?;
    if json {
        for c in &all {
            out!("{}", serde_json::to_string(c)?);
        }
        return Ok(exit::OK);
    }
    if all.is_empty() {
        out!("no disagreements found between the stored sources");
    }
    for c in &all {
        print_conflict(c);
    }
    Ok(exit::OK)
}

pub fn sources(store: &Store, json: bool, args: SourcesArgs) -> Result<u8> {
    let works: Vec<Work> = store
        .works()?
        .into_iter()
        .filter(|w| chronicle_events::citations::work_matches(w, args.work.trim()))
        .collect();
    if works.is_empty() {
        bail!(
            "no cited work matches {:?}; give a work id, an author or a title word",
            args.work
        );
    }
    let events = store.events()?;
    for w in &works {
        let citing: Vec<(&Event, &Telling)> = events
            .iter()
            .flat_map(|e| e.tellings.iter().map(move |t| (e, t)))
            .filter(|(_, t)| {
                t.references
                    .iter()
                    .any(|r| r.work.as_deref() == Some(w.id.as_str()))
            })
            .collect();
        if json {
            #[derive(serde::Serialize)]
            struct Out<'a> {
                work: &'a Work,
                cited_by: Vec<(&'a str, &'a Telling)>,
            }
            let out = Out {
                work: w,
                cited_by: citing.iter().map(|(e, t)| (e.id.as_str(), *t)).collect(),
            };
            out!("{}", serde_json::to_string(&out)?);
            continue;
        }
        let f = &w.fields;
        out!("{}  [{}]", f.title.as_deref().unwrap_or("(untitled)"), w.id);
        if !f.authors.is_empty() {
            out!("  authors: {}", f.authors.join("; "));
        }
        for (label, v) in [
            ("year", f.year.map(|y| y.to_string())),
            ("place", f.place.clone()),
            ("publisher", f.publisher.clone()),
            ("language", f.lang.clone()),
            ("doi", f.doi.clone()),
            ("url", f.url.clone()),
        ] {
            if let Some(v) = v {
                out!("  {label}: {v}");
            }
        }
        out!("  cited {} time(s):", w.citations.len());
        for c in &w.citations {
            out!(
                "    {} {} @{}-{}{}  {}",
                c.kind,
                c.doc,
                c.start,
                c.end,
                c.label
                    .as_ref()
                    .map(|l| format!(" [{l}]"))
                    .unwrap_or_default(),
                shorten(&c.text, 120)
            );
        }
        if !citing.is_empty() {
            out!("  sentences citing it:");
            for (e, t) in citing {
                out!("    [{}] {}", e.id, shorten(&t.text, 140));
            }
        }
    }
    Ok(exit::OK)
}
