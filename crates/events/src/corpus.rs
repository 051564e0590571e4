//! The corpus stage: tellings of every document, aligned into events, their
//! disagreements, and the cited works; and the same against the store.

use chronicle_core::{BibRecord, Conflict, Document, Event, Telling, Work, WorkFields};
use chronicle_gazetteer::{Gazetteer, PlaceKind};
use chronicle_store::{CorpusWrite, DocId, Store, StoreError};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::align::align;
use crate::citations::{complete_from_bibliography, document_citations, work_id};
use crate::conflicts::conflicts;
use crate::extract::{DocInput, Extracted, extract};
use crate::lexicon::Lexicons;
use crate::when::When;

/// A stored document with the entity of each of its mentions.
pub struct CorpusDoc {
    pub id: i64,
    pub doc: Document,
    pub entities: Vec<Option<String>>,
}

/// Everything the stage builds.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Analysis {
    pub events: Vec<Event>,
    pub conflicts: Vec<Conflict>,
    pub works: Vec<Work>,
}

fn place_info(id: &str) -> Option<(Option<String>, bool)> {
    let p = Gazetteer::shared().by_id(id)?;
    let country = (!p.country.is_empty()).then(|| p.country.clone());
    Some((country, p.kind != PlaceKind::Settlement))
}

/// Runs the stage over documents (in store order), completing parsed
/// references from the user's imported `bibliography`.
pub fn analyse(docs: &[CorpusDoc], bibliography: &[BibRecord]) -> Analysis {
    let lexicons = Lexicons::shared();
    // Citations and works first: tellings point at works.
    let per_doc: Vec<_> = docs
        .par_iter()
        .map(|d| document_citations(&d.doc))
        .collect();
    let mut by_key: FxHashMap<String, Vec<chronicle_core::Citation>> = FxHashMap::default();
    let mut key_order: Vec<String> = Vec::new();
    for (cites, _) in &per_doc {
        for (key, c) in cites {
            if !by_key.contains_key(key) {
                key_order.push(key.clone());
            }
            by_key.entry(key.clone()).or_default().push(c.clone());
        }
    }
    let mut works: Vec<Work> = Vec::new();
    let mut id_of_key: FxHashMap<String, String> = FxHashMap::default();
    for key in &key_order {
        let citations = by_key.remove(key).unwrap_or_default();
        let fields = fullest(&citations);
        let id = work_id(&fields, citations.first().map_or("", |c| c.text.as_str()));
        let mut work = Work {
            id,
            fields,
            citations,
            bibliography: None,
        };
        complete_from_bibliography(&mut work, key, bibliography);
        works.push(work);
    }
    unique_ids(works.iter_mut().map(|w| &mut w.id));
    for (key, w) in key_order.iter().zip(&works) {
        id_of_key.insert(key.clone(), w.id.clone());
    }
    // Tellings per document.
    let extracted: Vec<Vec<Extracted>> = docs
        .par_iter()
        .zip(&per_doc)
        .map(|(d, (_, labels))| {
            // Footnote label → (work id, entry text).
            let entries: FxHashMap<String, (String, String)> = labels
                .iter()
                .map(|(label, (key, text))| {
                    let id = id_of_key.get(key).cloned().unwrap_or_default();
                    (label.clone(), (id, text.clone()))
                })
                .collect();
            let input = DocInput {
                doc_id: d.id,
                doc: &d.doc,
                entities: &d.entities,
                labels: &entries,
                place_info: &place_info,
            };
            extract(&input, lexicons)
        })
        .collect();
    let tellings: Vec<Extracted> = extracted.into_iter().flatten().collect();
    let cluster = align(&tellings, lexicons);
    let mut groups: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, &c) in cluster.iter().enumerate() {
        groups.entry(c).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort_by_key(|g| g[0]);
    let mut events: Vec<Event> = groups
        .iter()
        .map(|g| build_event(g.iter().map(|&i| &tellings[i])))
        .collect();
    events.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(a.tellings[0].doc_id.cmp(&b.tellings[0].doc_id))
            .then(a.tellings[0].start.cmp(&b.tellings[0].start))
    });
    unique_ids(events.iter_mut().map(|e| &mut e.id));
    let conflicts: Vec<Conflict> = events.iter().flat_map(|e| conflicts(e, &events)).collect();
    Analysis {
        events,
        conflicts,
        works,
    }
}

/// Makes ids unique in order: the second `x` becomes `x-2`, or `x-3` when
/// `x-2` is taken.
fn unique_ids<'a>(ids: impl Iterator<Item = &'a mut String>) {
    let mut taken: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    for id in ids {
        if !taken.insert(id.clone()) {
            let mut n = 2;
            while taken.contains(&format!("{id}-{n}")) {
                n += 1;
            }
            *id = format!("{id}-{n}");
            taken.insert(id.clone());
        }
    }
}

/// The fields of the fullest entry (full entries before short forms).
fn fullest(citations: &[chronicle_core::Citation]) -> WorkFields {
    let filled = |f: &WorkFields| {
        (!f.short as usize) * 10
            + f.title.is_some() as usize
            + f.place.is_some() as usize
            + f.publisher.is_some() as usize
            + f.year.is_some() as usize
            + f.authors.len().min(1)
    };
    citations
        .iter()
        .max_by_key(|c| filled(&c.fields))
        .map(|c| c.fields.clone())
        .unwrap_or_default()
}

fn ranked<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for it in items {
        match counts.iter_mut().find(|(x, _)| *x == it) {
            Some((_, n)) => *n += 1,
            None => counts.push((it, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(x, _)| x.to_string()).collect()
}

fn build_event<'a>(tellings: impl Iterator<Item = &'a Extracted>) -> Event {
    let tellings: Vec<&Extracted> = tellings.collect();
    let classes = ranked(
        tellings
            .iter()
            .flat_map(|t| t.telling.classes.iter().map(String::as_str)),
    );
    let places = ranked(
        tellings
            .iter()
            .flat_map(|t| t.telling.places.iter().filter_map(|p| p.entity.as_deref())),
    );
    let participants = ranked(tellings.iter().flat_map(|t| {
        t.telling
            .participants
            .iter()
            .filter_map(|p| p.entity.as_deref())
    }));
    // Dates the tellings give, else the narrative's.
    let mut whens: Vec<When> = tellings
        .iter()
        .filter(|t| t.telling.time.as_ref().is_some_and(|x| x.explicit))
        .filter_map(|t| t.when)
        .collect();
    // Day-precise dates when there are some: a telling that only says
    // "1920" should not stretch the event over the year.
    if whens
        .iter()
        .any(|w| w.precision >= crate::when::Precision::Day)
    {
        whens.retain(|w| w.precision >= crate::when::Precision::Day);
    }
    if whens.is_empty() {
        whens = tellings
            .iter()
            .filter_map(|t| t.telling.time.as_ref().and_then(|x| When::parse(&x.value)))
            .collect();
    }
    let start = whens.iter().min_by_key(|w| w.start).map(When::first_day);
    let end = whens.iter().max_by_key(|w| w.end).map(When::last_day);
    let mut langs: Vec<String> = tellings.iter().map(|t| t.telling.lang.clone()).collect();
    langs.sort();
    langs.dedup();
    let mut documents: Vec<String> = tellings.iter().map(|t| t.telling.doc.clone()).collect();
    documents.sort();
    documents.dedup();
    let class = classes
        .first()
        .cloned()
        .unwrap_or_else(|| "dated".to_string());
    let who = places.first().or(participants.first()).cloned();
    let id = [
        start.clone().unwrap_or_else(|| "undated".to_string()),
        class.clone(),
    ]
    .into_iter()
    .chain(who.clone())
    .collect::<Vec<_>>()
    .join("-");
    let name_of = |entity: &str| -> Option<String> {
        tellings
            .iter()
            .flat_map(|t| t.telling.places.iter().chain(&t.telling.participants))
            .filter(|p| p.entity.as_deref() == Some(entity))
            .map(|p| p.text.clone())
            .min_by_key(|t| (!t.is_ascii(), t.len()))
    };
    let mut label = class.clone();
    let named: Vec<String> = places
        .iter()
        .take(2)
        .chain(participants.iter().take(2))
        .filter_map(|e| name_of(e))
        .collect();
    if !named.is_empty() {
        label.push_str(": ");
        label.push_str(&named.join(", "));
    }
    let mut tellings: Vec<Telling> = tellings.into_iter().map(|t| t.telling.clone()).collect();
    tellings.sort_by_key(|t| (t.doc_id, t.start));
    Event {
        id,
        label,
        classes,
        start,
        end,
        places,
        participants,
        langs,
        documents,
        tellings,
    }
}

/// Reads the store, runs the stage, and writes what changed.
pub fn analyse_store(store: &mut Store) -> Result<(Analysis, CorpusWrite), StoreError> {
    let docs = load(store)?;
    let analysis = analyse(&docs, &store.bibliography()?);
    let write =
        store.save_corpus_analysis(&analysis.events, &analysis.conflicts, &analysis.works)?;
    Ok((analysis, write))
}

/// Every stored document with its mentions' entities.
pub fn load(store: &Store) -> Result<Vec<CorpusDoc>, StoreError> {
    let mentions = store.mentions_for_resolution()?;
    let mut by_doc: FxHashMap<i64, Vec<Option<String>>> = FxHashMap::default();
    for m in mentions {
        by_doc.entry(m.doc_id).or_default().push(m.entity);
    }
    let mut out = Vec::new();
    for d in store.list_documents()? {
        let doc = store.load_document(d.id)?;
        let DocId(id) = d.id;
        let entities = by_doc.remove(&id).unwrap_or_default();
        out.push(CorpusDoc { id, doc, entities });
    }
    Ok(out)
}
