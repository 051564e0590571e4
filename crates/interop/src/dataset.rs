//! What an export reads: the store's documents, entities, events,
//! disagreements and cited works, narrowed by a [`Filter`].

use std::collections::{BTreeMap, BTreeSet};

use chronicle_core::{Conflict, Document, Event, Work};
use chronicle_events::timeline::{TimelineFilter, day_bound};
use chronicle_store::{Alias, DocSummary, EntityRecord, Store};

use crate::ExportError;
use crate::iri::{normalise_base, segment};

/// Which part of the store an export covers. The default covers all of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Documents by name, source or id; empty: every document.
    pub docs: Vec<String>,
    /// Events (and their disagreements) from this date (EDTF; the first
    /// day of it).
    pub from: Option<String>,
    /// Events up to this date (EDTF; the last day of it).
    pub to: Option<String>,
    /// Events with one of these entity ids as a place or participant.
    pub entities: Vec<String>,
    /// Only tellings, claims and mentions in this language.
    pub lang: Option<String>,
}

impl Filter {
    /// True when the filter narrows nothing.
    pub fn is_empty(&self) -> bool {
        self == &Filter::default()
    }
}

/// An entity with its name forms.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityData {
    pub record: EntityRecord,
    /// Name forms with their language and count, most frequent first.
    pub aliases: Vec<Alias>,
}

/// A document with everything found in it, for the exports that describe
/// single mentions and dates.
#[derive(Debug, Clone)]
pub struct DocAnnotations {
    pub summary: DocSummary,
    pub doc: Document,
    /// The entity of each of `doc.mentions` (same order); `None` where the
    /// resolver linked none.
    pub entities: Vec<Option<String>>,
}

/// The part of a store an export covers.
pub struct Dataset<'s> {
    store: &'s Store,
    /// Base IRI, ending in `/`.
    pub base: String,
    pub filter: Filter,
    /// The documents covered, in store order.
    pub documents: Vec<DocSummary>,
    /// Entities mentioned in those documents (and, with a date or entity
    /// filter, named by the events kept), most mentioned first.
    pub entities: Vec<EntityData>,
    /// Events told in those documents (tellings of other documents and
    /// languages left out), in time order.
    pub events: Vec<Event>,
    /// Disagreements of the events kept, with the claims of the documents
    /// kept.
    pub conflicts: Vec<Conflict>,
    /// Works cited in the documents kept, with those citations only.
    pub works: Vec<Work>,
    /// Entity id → its place in `entities`.
    entity_index: std::collections::HashMap<String, usize>,
}

impl<'s> Dataset<'s> {
    /// Reads the part of `store` that `filter` covers. `base` is the IRI
    /// under which identifiers are written (`http://127.0.0.1:8080/`).
    pub fn load(store: &'s Store, base: &str, filter: Filter) -> Result<Dataset<'s>, ExportError> {
        let all_docs = store.list_documents()?;
        let documents: Vec<DocSummary> = if filter.docs.is_empty() {
            all_docs
        } else {
            let mut ids = BTreeSet::new();
            for key in &filter.docs {
                match store.find_document(key)? {
                    Some(id) => {
                        ids.insert(id);
                    }
                    None => {
                        return Err(ExportError::Invalid(format!(
                            "no document {key:?} in the store; `chronicle docs` lists them"
                        )));
                    }
                }
            }
            all_docs
                .into_iter()
                .filter(|d| ids.contains(&d.id))
                .collect()
        };
        let doc_names: BTreeSet<&str> = documents.iter().map(|d| d.name.as_str()).collect();
        let narrowed_docs = !filter.docs.is_empty();
        let keep_doc = |name: &str| !narrowed_docs || doc_names.contains(name);
        let keep_lang = |lang: &str| filter.lang.as_deref().is_none_or(|l| l == lang);

        // Events: tellings of the documents and language kept, then the
        // timeline's date and entity filters.
        let dated = filter.from.is_some() || filter.to.is_some();
        let timeline = TimelineFilter {
            entities: (!filter.entities.is_empty()).then(|| filter.entities.clone()),
            from: filter
                .from
                .as_deref()
                .map(|f| day_bound(f, false))
                .transpose()
                .map_err(ExportError::Invalid)?,
            to: filter
                .to
                .as_deref()
                .map(|t| day_bound(t, true))
                .transpose()
                .map_err(ExportError::Invalid)?,
            all: true,
            ..TimelineFilter::default()
        };
        let mut events = Vec::new();
        for mut e in store.events()? {
            e.tellings
                .retain(|t| keep_doc(&t.doc) && keep_lang(&t.lang));
            if e.tellings.is_empty() {
                continue;
            }
            e.documents.retain(|d| keep_doc(d));
            if let Some(l) = &filter.lang {
                e.langs.retain(|x| x == l);
            }
            let e = if dated {
                match timeline.apply(e) {
                    Some(e) => e,
                    None => continue,
                }
            } else if !filter.entities.is_empty() {
                if !e
                    .places
                    .iter()
                    .chain(&e.participants)
                    .any(|p| filter.entities.contains(p))
                {
                    continue;
                }
                e
            } else {
                e
            };
            events.push(e);
        }
        let event_ids: BTreeSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
        let mut conflicts = Vec::new();
        for mut c in store.conflicts()? {
            if !event_ids.contains(c.event.as_str()) {
                continue;
            }
            c.claims
                .retain(|cl| keep_doc(&cl.doc) && keep_lang(&cl.lang));
            if !c.claims.is_empty() {
                conflicts.push(c);
            }
        }
        let mut works = Vec::new();
        for mut w in store.works()? {
            w.citations.retain(|c| keep_doc(&c.doc));
            if !w.citations.is_empty() {
                works.push(w);
            }
        }

        // Entities: those mentioned in the documents kept; with a date or
        // entity filter, only those the events kept name (and the entities
        // asked for).
        let mut aliases: BTreeMap<String, Vec<Alias>> = BTreeMap::new();
        for (id, a) in store.all_aliases()? {
            aliases.entry(id).or_default().push(a);
        }
        let mentioned: Option<BTreeSet<String>> = if narrowed_docs || filter.lang.is_some() {
            let mut set = BTreeSet::new();
            for d in &documents {
                let doc = store.load_document(d.id)?;
                let ents = store.document_mention_entities(d.id)?;
                for (m, e) in doc.mentions.iter().zip(ents) {
                    if let Some(e) = e
                        && keep_lang(&m.lang)
                    {
                        set.insert(e);
                    }
                }
            }
            Some(set)
        } else {
            None
        };
        let named: Option<BTreeSet<&str>> = (dated || !filter.entities.is_empty()).then(|| {
            events
                .iter()
                .flat_map(|e| e.places.iter().chain(&e.participants))
                .chain(&filter.entities)
                .map(String::as_str)
                .collect()
        });
        let entities: Vec<EntityData> = store
            .entities(None)?
            .into_iter()
            .filter(|r| mentioned.as_ref().is_none_or(|m| m.contains(&r.id)))
            .filter(|r| named.as_ref().is_none_or(|n| n.contains(r.id.as_str())))
            .map(|record| EntityData {
                aliases: aliases.remove(&record.id).unwrap_or_default(),
                record,
            })
            .collect();
        let entity_index = entities
            .iter()
            .enumerate()
            .map(|(i, e): (usize, &EntityData)| (e.record.id.clone(), i))
            .collect();
        Ok(Dataset {
            entity_index,
            store,
            base: normalise_base(base),
            filter,
            documents,
            entities,
            events,
            conflicts,
            works,
        })
    }

    /// The documents covered with their mentions and dates, loaded one at
    /// a time. With a language filter, mentions and dates of other
    /// languages are left out.
    pub fn annotated(&self) -> impl Iterator<Item = Result<DocAnnotations, ExportError>> + '_ {
        self.documents.iter().map(move |summary| {
            let mut doc = self.store.load_document(summary.id)?;
            let mut entities = self.store.document_mention_entities(summary.id)?;
            if let Some(lang) = &self.filter.lang {
                let keep: Vec<bool> = doc.mentions.iter().map(|m| &m.lang == lang).collect();
                let mut k = keep.iter();
                doc.mentions.retain(|_| *k.next().unwrap_or(&false));
                let mut k = keep.iter();
                entities.retain(|_| *k.next().unwrap_or(&false));
                let sentence_lang = |t: &chronicle_core::Timex| {
                    doc.paragraphs
                        .get(t.paragraph)
                        .and_then(|p| p.sentences.get(t.sentence))
                        .map(|s| s.lang.clone())
                };
                let langs: Vec<Option<String>> = doc.timexes.iter().map(sentence_lang).collect();
                let mut l = langs.iter();
                doc.timexes
                    .retain(|_| l.next().and_then(|x| x.as_deref()) == Some(lang.as_str()));
            }
            Ok(DocAnnotations {
                summary: summary.clone(),
                doc,
                entities,
            })
        })
    }

    /// Pairs of the entities kept that are named in one sentence, with the
    /// number of sentences (in the documents kept) they share; `a < b`.
    pub fn cooccurrence(&self) -> Result<Vec<(String, String, u64)>, ExportError> {
        let kept: BTreeSet<&str> = self.entities.iter().map(|e| e.record.id.as_str()).collect();
        let docs: Vec<i64> = self.documents.iter().map(|d| d.id.0).collect();
        Ok(self
            .store
            .co_occurrence_pairs(&docs)?
            .into_iter()
            .filter(|(a, b, _)| kept.contains(a.as_str()) && kept.contains(b.as_str()))
            .collect())
    }

    /// An entity kept, by id.
    pub fn entity(&self, id: &str) -> Option<&EntityData> {
        self.entity_index.get(id).map(|&i| &self.entities[i])
    }

    /// True when the filter narrows by date or entity (then only mentions
    /// of the entities kept are described, not every mention of the
    /// documents kept).
    pub fn narrowed_to_events(&self) -> bool {
        self.filter.from.is_some() || self.filter.to.is_some() || !self.filter.entities.is_empty()
    }

    /// The work kept with this id.
    pub fn work(&self, id: &str) -> Option<&Work> {
        self.works.iter().find(|w| w.id == id)
    }

    /// `{base}api/events/{id}`.
    pub fn event_iri(&self, id: &str) -> String {
        format!("{}api/events/{}", self.base, segment(id))
    }

    /// `{base}api/entities/{id}`.
    pub fn entity_iri(&self, id: &str) -> String {
        format!("{}api/entities/{}", self.base, segment(id))
    }

    /// `{base}api/documents/{name}`.
    pub fn doc_iri(&self, name: &str) -> String {
        format!("{}api/documents/{}", self.base, segment(name))
    }

    /// `{base}api/citations/{id}`.
    pub fn work_iri(&self, id: &str) -> String {
        format!("{}api/citations/{}", self.base, segment(id))
    }

    /// `{base}api/conflicts/{id}`.
    pub fn conflict_iri(&self, id: &str) -> String {
        format!("{}api/conflicts/{}", self.base, segment(id))
    }

    /// A byte span of a document's source text:
    /// `{base}api/documents/{name}#bytes={start}-{end}`.
    pub fn span_iri(&self, doc: &str, start: usize, end: usize) -> String {
        format!("{}#bytes={start}-{end}", self.doc_iri(doc))
    }

    /// The web UI's reader at that source offset: `{base}#/doc/{name}?at={start}`.
    pub fn reader_url(&self, doc: &str, start: usize) -> String {
        format!("{}#/doc/{}?at={start}", self.base, segment(doc))
    }
}
