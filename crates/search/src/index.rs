//! The index on disk: building it from the store, updating it, and
//! searching it.
//!
//! Beside tantivy's files the index directory holds `chronicle-index.json`
//! (the index version and a fingerprint of what each document contributed)
//! and `aliases.json` (the entity alias clusters). An update re-indexes
//! exactly the documents whose fingerprint changed, deletes those no longer
//! stored, commits, and only then writes the fingerprints: a crash before
//! the commit leaves the old index; a crash after it leaves fingerprints
//! that the next update repairs (it deletes a document's units before
//! adding them, also for a document the fingerprints do not list, whose
//! units the interrupted update may have committed). An update with
//! nothing to do writes nothing. [`check`] compares the index with the
//! store (`chronicle verify`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

use chronicle_store::{DocId, Store};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::EnableScoring;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{DocSet, TERMINATED};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::SearchError;
use crate::aliases::{AliasTable, EntityNames, entity_names};
use crate::analyze::{Analyzers, Token as Word};
use crate::query::{self, Expansion, MatchKeys};
use crate::schema::{Fields, INDEX_VERSION, MAX_YEARS, WIDE_YEARS};
use crate::units::{
    SentenceEvents, Unit, day_range, document_units, events_by_sentence, fingerprint,
};

const META_FILE: &str = "chronicle-index.json";
const ALIASES_FILE: &str = "aliases.json";

/// Most hits one request may ask for, and the deepest offset.
pub const MAX_LIMIT: usize = 100;
pub const MAX_OFFSET: usize = 10_000;
/// Facet values reported per facet.
const FACET_SIZE: usize = 20;

/// Where a store keeps its index.
pub fn index_dir(store_dir: &Path) -> PathBuf {
    store_dir.join("index")
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Meta {
    version: u32,
    /// Store document id → fingerprint of its units.
    documents: BTreeMap<u64, String>,
}

/// What an update did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Update {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Sentences and paragraphs written.
    pub units: usize,
    pub entities: usize,
    /// False when the index already matched the store.
    pub changed: bool,
    pub seconds: f64,
}

/// A search index opened for reading (and, through [`SearchIndex::update`],
/// for writing).
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    aliases: Mutex<(Option<SystemTime>, Arc<AliasTable>)>,
}

fn io(dir: &Path) -> impl Fn(std::io::Error) -> SearchError + '_ {
    move |source| SearchError::Io {
        dir: dir.to_path_buf(),
        source,
    }
}

fn tv(dir: &Path) -> impl Fn(tantivy::TantivyError) -> SearchError + '_ {
    move |e| SearchError::Index {
        dir: dir.to_path_buf(),
        message: e.to_string(),
    }
}

fn read_meta(dir: &Path) -> Option<Meta> {
    let bytes = fs::read(dir.join(META_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Writes a file through a temporary name and a rename.
fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), SearchError> {
    let tmp = dir.join(format!("{name}.tmp"));
    fs::write(&tmp, bytes).map_err(io(dir))?;
    fs::rename(&tmp, dir.join(name)).map_err(io(dir))
}

fn load_aliases(dir: &Path) -> (Option<SystemTime>, Arc<AliasTable>) {
    let path = dir.join(ALIASES_FILE);
    let stamp = fs::metadata(&path).and_then(|m| m.modified()).ok();
    let entities: Vec<EntityNames> = fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    (stamp, Arc::new(AliasTable::new(entities)))
}

/// Each document's mention entities, in mention order.
fn mention_entities(store: &Store) -> Result<FxHashMap<i64, Vec<Option<String>>>, SearchError> {
    let mut mentions: FxHashMap<i64, Vec<Option<String>>> = FxHashMap::default();
    for m in store.mentions_for_resolution()? {
        mentions.entry(m.doc_id).or_default().push(m.entity);
    }
    Ok(mentions)
}

type DocEvents<'a> = Vec<(usize, usize, &'a SentenceEvents)>;

/// The sentences' events grouped by document.
fn events_of_documents(
    events: &FxHashMap<(i64, usize, usize), SentenceEvents>,
) -> FxHashMap<i64, DocEvents<'_>> {
    let mut of_doc: FxHashMap<i64, DocEvents<'_>> = FxHashMap::default();
    for ((d, p, s), ev) in events {
        of_doc.entry(*d).or_default().push((*p, *s, ev));
    }
    of_doc
}

/// The fingerprint of what a document contributes to the index.
fn document_fingerprint(
    d: &chronicle_store::DocSummary,
    entities: &[Option<String>],
    events: Option<DocEvents<'_>>,
) -> String {
    let mut evs = events.unwrap_or_default();
    evs.sort_by_key(|(p, s, _)| (*p, *s));
    fingerprint(
        &format!("{}#{}", d.content_hash, d.pipeline),
        entities,
        &evs,
    )
}

/// What [`check`] found in the index beside a store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IndexCheck {
    /// Documents the index holds as the store has them.
    pub current: usize,
    /// Documents the index lacks, holds in an older state, or holds in an
    /// index of another version, and documents it holds that the store no
    /// longer has: the next `chronicle ingest` or `chronicle reindex`
    /// updates them. Stale is not a problem (an ingest killed before its
    /// index update leaves the index so).
    pub stale: usize,
    /// Inconsistencies an update would not repair: a document whose
    /// fingerprint says it is current but whose units in the index are not
    /// its paragraphs and sentences (some missing, or held twice), or units
    /// of documents neither the store nor the fingerprints know.
    pub problems: Vec<String>,
}

/// Checks the search index beside a store against the store (`chronicle
/// verify`); `None` when the store has no index. Reads only.
pub fn check(store: &Store) -> Result<Option<IndexCheck>, SearchError> {
    let dir = index_dir(store.dir());
    if !dir.exists() {
        return Ok(None);
    }
    let summaries = store.list_documents()?;
    let mut report = IndexCheck::default();
    let Some(meta) = read_meta(&dir).filter(|m| m.version == INDEX_VERSION) else {
        // Being created, or of another version: the next update rebuilds it.
        report.stale = summaries.len();
        return Ok(Some(report));
    };
    let index = match Index::open_in_dir(&dir) {
        Ok(index) => index,
        Err(e) => {
            report.problems.push(format!(
                "the index cannot be opened ({e}); run `chronicle reindex`"
            ));
            return Ok(Some(report));
        }
    };
    let fields = Fields::from_schema(&index.schema()).map_err(|message| SearchError::Index {
        dir: dir.clone(),
        message,
    })?;
    let searcher = index.reader().map_err(tv(&dir))?.searcher();
    let units_of = |id: u64| -> Result<usize, SearchError> {
        let term = Term::from_field_u64(fields.doc_id, id);
        searcher
            .search(
                &TermQuery::new(term, IndexRecordOption::Basic),
                &tantivy::collector::Count,
            )
            .map_err(tv(&dir))
    };
    let mentions = mention_entities(store)?;
    let events = events_by_sentence(&store.events()?);
    let mut events_of_doc = events_of_documents(&events);
    let empty = Vec::new();
    let mut counted = 0u64;
    for d in &summaries {
        let DocId(id) = d.id;
        let units = units_of(id as u64)?;
        counted += units as u64;
        let ents = mentions.get(&id).unwrap_or(&empty);
        let fp = document_fingerprint(d, ents, events_of_doc.remove(&id));
        if meta.documents.get(&(id as u64)) != Some(&fp) {
            report.stale += 1;
            continue;
        }
        report.current += 1;
        let want = (d.paragraph_count + d.sentence_count) as usize;
        if units != want {
            report.problems.push(format!(
                "{}: the index holds {units} of its sentences and paragraphs, not its {want}, though its fingerprint says the index is up to date; run `chronicle reindex`",
                d.source
            ));
        }
    }
    let stored: FxHashSet<u64> = summaries.iter().map(|d| d.id.0 as u64).collect();
    for id in meta.documents.keys().filter(|id| !stored.contains(id)) {
        // No longer stored: the next update deletes its units.
        report.stale += 1;
        counted += units_of(*id)? as u64;
    }
    let unknown = searcher.num_docs().saturating_sub(counted);
    if unknown > 0 {
        report.problems.push(format!(
            "the index holds {unknown} sentences and paragraphs of documents neither the store nor the index's fingerprints know; run `chronicle reindex`"
        ));
    }
    Ok(Some(report))
}

impl SearchIndex {
    /// Opens an existing index for searching. `store_dir` only names the
    /// store in the error that says how to build a missing index.
    pub fn open(dir: &Path, store_dir: &Path) -> Result<SearchIndex, SearchError> {
        let meta = read_meta(dir).ok_or_else(|| SearchError::Missing {
            dir: dir.to_path_buf(),
            store: store_dir.to_path_buf(),
        })?;
        if meta.version != INDEX_VERSION {
            return Err(SearchError::Version {
                dir: dir.to_path_buf(),
                found: meta.version,
                expected: INDEX_VERSION,
            });
        }
        let index = Index::open_in_dir(dir).map_err(tv(dir))?;
        Self::with_index(dir, index)
    }

    fn with_index(dir: &Path, index: Index) -> Result<SearchIndex, SearchError> {
        let fields =
            Fields::from_schema(&index.schema()).map_err(|message| SearchError::Index {
                dir: dir.to_path_buf(),
                message,
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(tv(dir))?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
            aliases: Mutex::new(load_aliases(dir)),
        })
    }

    /// Opens the index for writing, creating it (or recreating one of
    /// another version) when needed.
    pub fn open_or_create(dir: &Path) -> Result<SearchIndex, SearchError> {
        if let Some(meta) = read_meta(dir)
            && meta.version == INDEX_VERSION
            && let Ok(index) = Index::open_in_dir(dir)
        {
            return Self::with_index(dir, index);
        }
        if dir.exists() {
            fs::remove_dir_all(dir).map_err(io(dir))?;
        }
        fs::create_dir_all(dir).map_err(io(dir))?;
        let (schema, _) = Fields::build();
        let index = Index::create_in_dir(dir, schema).map_err(tv(dir))?;
        let meta = Meta {
            version: INDEX_VERSION,
            documents: BTreeMap::new(),
        };
        write_atomic(
            dir,
            META_FILE,
            &serde_json::to_vec(&meta).expect("meta serialises"),
        )?;
        Self::with_index(dir, index)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The alias table, reloaded when an update rewrote it.
    pub fn aliases(&self) -> Arc<AliasTable> {
        let mut guard = self.aliases.lock().unwrap_or_else(|e| e.into_inner());
        let stamp = fs::metadata(self.dir.join(ALIASES_FILE))
            .and_then(|m| m.modified())
            .ok();
        if stamp != guard.0 {
            *guard = load_aliases(&self.dir);
        }
        guard.1.clone()
    }

    /// Number of indexed units.
    pub fn unit_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn writer(&self, threads: usize) -> Result<IndexWriter, SearchError> {
        let threads = threads.clamp(1, 8);
        self.index
            .writer_with_num_threads(threads, threads * 64 * 1024 * 1024)
            .map_err(tv(&self.dir))
    }

    /// Brings the index up to date with the store (everything, when
    /// `rebuild`). `progress(done, total)` is called per document indexed.
    pub fn update(
        &self,
        store: &Store,
        rebuild: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Update, SearchError> {
        let started = Instant::now();
        let dir = &self.dir;
        let old = read_meta(dir).unwrap_or_default();
        let summaries = store.list_documents()?;
        let mentions = mention_entities(store)?;
        let events = events_by_sentence(&store.events()?);
        let mut events_of_doc = events_of_documents(&events);
        let records = store.entities(None)?;
        let places: FxHashSet<String> = records
            .iter()
            .filter(|e| e.kind.as_str() == "PLACE")
            .map(|e| e.id.clone())
            .collect();
        let entities = entity_names(store, &records)?;

        let mut new_meta = Meta {
            version: INDEX_VERSION,
            documents: BTreeMap::new(),
        };
        let mut todo: Vec<(DocId, bool)> = Vec::new();
        let mut report = Update::default();
        let empty = Vec::new();
        for d in &summaries {
            let DocId(id) = d.id;
            let ents = mentions.get(&id).unwrap_or(&empty);
            let fp = document_fingerprint(d, ents, events_of_doc.remove(&id));
            let before = old.documents.get(&(id as u64));
            match before {
                Some(b) if *b == fp && !rebuild => report.unchanged += 1,
                Some(_) => {
                    report.updated += 1;
                    todo.push((d.id, true));
                }
                None => {
                    // Units of this document may be in the index already
                    // (killed after the commit, before the fingerprints
                    // were written): delete them too, or they would be
                    // there twice.
                    report.added += 1;
                    todo.push((d.id, true));
                }
            }
            new_meta.documents.insert(id as u64, fp);
        }
        let removed: Vec<u64> = old
            .documents
            .keys()
            .filter(|k| !new_meta.documents.contains_key(k))
            .copied()
            .collect();
        report.removed = removed.len();

        let aliases_json = serde_json::to_vec(&entities).expect("aliases serialise");
        let aliases_changed =
            fs::read(dir.join(ALIASES_FILE)).ok().as_deref() != Some(&aliases_json);
        report.entities = entities.len();
        let index_changed = rebuild || !todo.is_empty() || !removed.is_empty();
        if index_changed {
            let threads = if todo.len() > 50 { 2 } else { 1 };
            let mut writer = self.writer(threads)?;
            if rebuild {
                writer.delete_all_documents().map_err(tv(dir))?;
            }
            for id in &removed {
                writer.delete_term(Term::from_field_u64(self.fields.doc_id, *id));
            }
            let total = todo.len();
            for (n, (doc_id, existed)) in todo.iter().enumerate() {
                let DocId(id) = *doc_id;
                if *existed {
                    writer.delete_term(Term::from_field_u64(self.fields.doc_id, id as u64));
                }
                let doc = store.load_document(*doc_id)?;
                let ents = mentions.get(&id).unwrap_or(&empty);
                let units = document_units(id, &doc, ents, &places, &events);
                units
                    .par_iter()
                    .try_for_each(|u| self.add_unit(&writer, u))?;
                report.units += units.len();
                progress(n + 1, total);
            }
            writer.commit().map_err(tv(dir))?;
            writer.wait_merging_threads().map_err(tv(dir))?;
        }
        if aliases_changed {
            write_atomic(dir, ALIASES_FILE, &aliases_json)?;
        }
        if index_changed || old.version != INDEX_VERSION {
            write_atomic(
                dir,
                META_FILE,
                &serde_json::to_vec(&new_meta).expect("meta serialises"),
            )?;
        }
        self.reader.reload().map_err(tv(dir))?;
        report.changed = index_changed || aliases_changed;
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    /// Adds units that do not come from a store (benchmarks, tests), then
    /// commits. The alias table is replaced by `entities`. Units are
    /// analysed on the rayon pool, `CHUNK` at a time.
    pub fn add_units(
        &self,
        units: impl IntoIterator<Item = Unit>,
        entities: &[EntityNames],
        threads: usize,
        progress: &mut dyn FnMut(usize),
    ) -> Result<usize, SearchError> {
        const CHUNK: usize = 20_000;
        let mut writer = self.writer(threads)?;
        let mut n = 0;
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut units = units.into_iter();
        loop {
            chunk.clear();
            chunk.extend(units.by_ref().take(CHUNK));
            if chunk.is_empty() {
                break;
            }
            chunk
                .par_iter()
                .try_for_each(|u| self.add_unit(&writer, u))?;
            n += chunk.len();
            progress(n);
        }
        writer.commit().map_err(tv(&self.dir))?;
        writer.wait_merging_threads().map_err(tv(&self.dir))?;
        write_atomic(
            &self.dir,
            ALIASES_FILE,
            &serde_json::to_vec(entities).expect("aliases serialise"),
        )?;
        self.reader.reload().map_err(tv(&self.dir))?;
        Ok(n)
    }

    /// Merges every segment into one (a large index answers faster with
    /// fewer segments); returns the number of segments before.
    pub fn merge_segments(&self) -> Result<usize, SearchError> {
        let dir = &self.dir;
        let ids = self.index.searchable_segment_ids().map_err(tv(dir))?;
        if ids.len() > 1 {
            let mut writer = self.writer(1)?;
            writer.merge(&ids).wait().map_err(tv(dir))?;
            writer.commit().map_err(tv(dir))?;
            writer.wait_merging_threads().map_err(tv(dir))?;
            self.reader.reload().map_err(tv(dir))?;
        }
        Ok(ids.len())
    }

    fn add_unit(&self, writer: &IndexWriter, u: &Unit) -> Result<(), SearchError> {
        let f = &self.fields;
        let mut d = TantivyDocument::new();
        d.add_text(
            f.unit,
            if u.sentence.is_some() {
                "sentence"
            } else {
                "paragraph"
            },
        );
        d.add_u64(f.doc_id, u.doc_id);
        d.add_text(f.doc, &u.doc);
        d.add_u64(f.paragraph, u64::from(u.paragraph));
        if let Some(s) = u.sentence {
            d.add_u64(f.sentence, u64::from(s));
        }
        d.add_u64(f.start, u.start);
        d.add_u64(f.end, u.end);
        d.add_text(f.text, &u.text);
        if let Some(map) = &u.map {
            d.add_bytes(f.map, map);
        }
        d.add_text(f.lang, &u.lang);
        let k = f.keys(if u.sentence.is_some() {
            UnitKind::Sentence
        } else {
            UnitKind::Paragraph
        });
        let words = Analyzers::shared().tokens(indexed_text(&u.text), &u.lang);
        if !words.is_empty() {
            d.add_pre_tokenized_text(k.stem, pretokenized(&words, |w| &w.stem));
            d.add_pre_tokenized_text(k.fold, pretokenized(&words, |w| &w.fold));
            d.add_pre_tokenized_text(k.roman, pretokenized(&words, |w| &w.roman));
        }
        for e in &u.entities {
            d.add_text(f.entity, e);
            d.add_text(k.entity, e);
        }
        for p in &u.places {
            d.add_text(f.place, p);
        }
        for c in &u.classes {
            d.add_text(f.class, c);
        }
        for e in &u.events {
            d.add_text(f.event, e);
        }
        for t in &u.times {
            d.add_text(f.time, t);
        }
        if let Some((lo, hi)) = u.day_range() {
            d.add_i64(f.time_lo, lo);
            d.add_i64(f.time_hi, hi);
            let (a, b) = (year_of(lo), year_of(hi));
            if b - a > MAX_YEARS {
                d.add_i64(f.years, WIDE_YEARS);
            } else {
                for y in a..=b {
                    d.add_i64(f.years, y);
                }
            }
        }
        writer.add_document(d).map_err(tv(&self.dir))?;
        Ok(())
    }
}

/// The most text of one unit whose words are indexed. Real paragraphs and
/// sentences are far shorter; a hostile one (a whole book on one line,
/// without sentence punctuation) would otherwise cost about 100 bytes of
/// memory per byte of text while it is indexed. Its text is still stored
/// whole, and a paragraph's sentences are units of their own.
const MAX_INDEXED_UNIT_BYTES: usize = 256 * 1024;

/// The part of a unit's text whose words are indexed: all of it, or the
/// first [`MAX_INDEXED_UNIT_BYTES`] cut at a character boundary.
fn indexed_text(text: &str) -> &str {
    let mut end = text.len().min(MAX_INDEXED_UNIT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn pretokenized(words: &[Word], key: impl Fn(&Word) -> &String) -> PreTokenizedString {
    PreTokenizedString {
        text: String::new(),
        tokens: words
            .iter()
            .enumerate()
            .map(|(i, w)| Token {
                offset_from: w.start,
                offset_to: w.end,
                position: i,
                text: key(w).clone(),
                position_length: 1,
            })
            .collect(),
    }
}

/// Sentences or paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    #[default]
    Sentence,
    Paragraph,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Sentence => "sentence",
            UnitKind::Paragraph => "paragraph",
        }
    }

    pub fn parse(s: &str) -> Result<UnitKind, SearchError> {
        match s {
            "sentence" | "sentences" => Ok(UnitKind::Sentence),
            "paragraph" | "paragraphs" => Ok(UnitKind::Paragraph),
            _ => Err(SearchError::BadQuery(format!(
                "unit {s:?} is unknown: use sentence or paragraph"
            ))),
        }
    }
}

/// Restrictions on what a search returns. Several values of one filter are
/// alternatives; different filters must all hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    pub langs: Vec<String>,
    /// Document names (as in exports) or store ids.
    pub docs: Vec<String>,
    pub entities: Vec<String>,
    pub places: Vec<String>,
    /// Event classes (`capture`, `arrive`…).
    pub types: Vec<String>,
    /// EDTF bounds on the event time: a unit matches when its event time
    /// overlaps `[from, to]` (`1920`, `1920-04`, `1920-04-27`).
    pub from: Option<String>,
    pub to: Option<String>,
    pub unit: UnitKind,
}

impl Filters {
    fn is_empty(&self) -> bool {
        self.langs.is_empty()
            && self.docs.is_empty()
            && self.entities.is_empty()
            && self.places.is_empty()
            && self.types.is_empty()
            && self.from.is_none()
            && self.to.is_none()
    }
}

/// One search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    /// Cross-script expansion (transliteration and entity aliases).
    pub expand: bool,
    pub limit: usize,
    pub offset: usize,
    pub facets: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            filters: Filters::default(),
            expand: true,
            limit: 10,
            offset: 0,
            facets: true,
        }
    }
}

/// A matched word: byte offsets into the hit's text and into the
/// document's source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub source_start: usize,
    pub source_end: usize,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub score: f32,
    pub unit: UnitKind,
    pub doc: String,
    pub doc_id: u64,
    pub paragraph: u64,
    pub sentence: Option<u64>,
    /// Source byte span of the unit.
    pub start: u64,
    pub end: u64,
    pub lang: String,
    pub text: String,
    pub highlights: Vec<Highlight>,
    pub entities: Vec<String>,
    pub events: Vec<String>,
    pub types: Vec<String>,
    pub times: Vec<String>,
}

/// A facet value and the number of matching units that have it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facet {
    pub value: String,
    /// The entity's name, for entity and place facets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub count: u64,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// Matching units, counted exactly up to [`EXACT_TOTAL`]; beyond it
    /// `total` is that bound and `total_exact` is false.
    pub total: usize,
    pub total_exact: bool,
    pub offset: usize,
    pub limit: usize,
    pub hits: Vec<Hit>,
    pub expansion: Vec<Expansion>,
    /// Facet name (`lang`, `doc`, `entity`, `place`, `type`) → the 20
    /// commonest values by count; empty when facets were not asked for.
    /// Counted over the units `total` counts (all of them when
    /// `total_exact`).
    pub facets: BTreeMap<String, Vec<Facet>>,
}

fn bad(message: String) -> SearchError {
    SearchError::BadQuery(message)
}

fn date_bound(name: &str, value: &str) -> Result<(i64, i64), SearchError> {
    day_range(value.trim()).ok_or_else(|| {
        bad(format!(
            "{name}: {value:?} is not a date: use an EDTF date such as 1920, 1920-04 or 1920-04-27"
        ))
    })
}

const FACETS: [(&str, &str); 5] = [
    ("lang", "lang"),
    ("doc", "doc"),
    ("entity", "entity"),
    ("place", "place"),
    ("type", "class"),
];

impl SearchIndex {
    fn filter_clauses(&self, filters: &Filters) -> Result<Vec<Box<dyn Query>>, SearchError> {
        let f = &self.fields;
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        let any_of = |field, values: &[String]| -> Option<Box<dyn Query>> {
            if values.is_empty() {
                return None;
            }
            let terms: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, v.trim()),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            Some(Box::new(BooleanQuery::new(terms)))
        };
        out.extend(any_of(f.lang, &filters.langs));
        out.extend(any_of(f.entity, &filters.entities));
        out.extend(any_of(f.place, &filters.places));
        out.extend(any_of(f.class, &filters.types));
        if !filters.docs.is_empty() {
            let terms: Vec<(Occur, Box<dyn Query>)> = filters
                .docs
                .iter()
                .map(|v| {
                    let t = match v.trim().parse::<u64>() {
                        Ok(id) => Term::from_field_u64(f.doc_id, id),
                        Err(_) => Term::from_field_text(f.doc, v.trim()),
                    };
                    let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            out.push(Box::new(BooleanQuery::new(terms)));
        }
        let from = filters
            .from
            .as_deref()
            .map(|v| date_bound("from", v))
            .transpose()?;
        let to = filters
            .to
            .as_deref()
            .map(|v| date_bound("to", v))
            .transpose()?;
        if let (Some((lo, _)), Some((_, hi))) = (from, to)
            && lo > hi
        {
            return Err(bad(format!(
                "from ({}) is after to ({})",
                filters.from.as_deref().unwrap_or(""),
                filters.to.as_deref().unwrap_or("")
            )));
        }
        use std::ops::Bound::{Included, Unbounded};
        // A bounded range first selects by year through the index; the fast
        // fields below make it exact to the day.
        if let (Some((lo, _)), Some((_, hi))) = (from, to) {
            let (a, b) = (year_of(lo), year_of(hi));
            if b - a <= MAX_YEARS {
                let years: Vec<(Occur, Box<dyn Query>)> = (a..=b)
                    .chain([WIDE_YEARS])
                    .map(|y| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_i64(f.years, y),
                            IndexRecordOption::Basic,
                        ));
                        (Occur::Should, q)
                    })
                    .collect();
                out.push(Box::new(BooleanQuery::new(years)));
            }
        }
        if let Some((lo, _)) = from {
            out.push(Box::new(RangeQuery::new(
                Included(Term::from_field_i64(f.time_hi, lo)),
                Unbounded,
            )));
        }
        if let Some((_, hi)) = to {
            out.push(Box::new(RangeQuery::new(
                Unbounded,
                Included(Term::from_field_i64(f.time_lo, hi)),
            )));
        }
        Ok(out)
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        if req.limit == 0 || req.limit > MAX_LIMIT {
            return Err(bad(format!(
                "limit must be between 1 and {MAX_LIMIT}, not {}",
                req.limit
            )));
        }
        if req.offset > MAX_OFFSET {
            return Err(bad(format!(
                "offset must be at most {MAX_OFFSET}, not {}",
                req.offset
            )));
        }
        let parsed = query::parse(&req.query)?;
        if parsed.is_empty() && req.filters.is_empty() {
            return Err(bad(
                "the query is empty: give words to search for, or a filter to browse by".into(),
            ));
        }
        let aliases = self.aliases();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let (expansion, keys) = if parsed.is_empty() {
            // Browsing by filters: the unit is a filter of its own.
            clauses.push((Occur::Must, Box::new(AllQuery)));
            clauses.push((
                Occur::Must,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.unit, req.filters.unit.as_str()),
                        IndexRecordOption::Basic,
                    )),
                    0.0,
                )),
            ));
            (Vec::new(), MatchKeys::default())
        } else {
            // The unit is chosen by the word-key fields searched.
            let keys = self.fields.keys(req.filters.unit);
            let built = query::build(keys, &aliases, &parsed, req.expand);
            clauses.push((Occur::Must, built.query));
            (built.expansion, built.keys)
        };
        for q in self.filter_clauses(&req.filters)? {
            clauses.push((Occur::Must, Box::new(BoostQuery::new(q, 0.0))));
        }
        let query: Box<dyn Query> = if clauses.len() == 1 {
            clauses.pop().expect("one clause").1
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(req.limit).and_offset(req.offset);
        let dir = &self.dir;
        // Top hits, the count and the facets in separate passes: together in
        // one collector every match would be scored, which defeats tantivy's
        // block-max pruning of the top hits.
        let docs = searcher.search(query.as_ref(), &top).map_err(tv(dir))?;
        let counted =
            count_up_to(&searcher, query.as_ref(), EXACT_TOTAL, req.facets).map_err(tv(dir))?;
        let (total, total_exact) = (counted.total, counted.exact);
        let facets = if req.facets {
            facets_of(counted.facets, &aliases)
        } else {
            BTreeMap::new()
        };
        let mut hits = Vec::with_capacity(docs.len());
        for (score, addr) in docs {
            let d: TantivyDocument = searcher.doc(addr).map_err(tv(dir))?;
            hits.push(self.hit(score, &d, &keys));
        }
        Ok(SearchResults {
            query: req.query.clone(),
            total,
            total_exact,
            offset: req.offset,
            limit: req.limit,
            hits,
            expansion,
            facets,
        })
    }

    fn hit(&self, score: f32, d: &TantivyDocument, keys: &MatchKeys) -> Hit {
        let f = &self.fields;
        let text_of = |field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let all = |field| -> Vec<String> {
            d.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let num = |field| d.get_first(field).and_then(|v| v.as_u64());
        let text = text_of(f.text);
        let lang = text_of(f.lang);
        let start = num(f.start).unwrap_or(0);
        let map = d
            .get_first(f.map)
            .and_then(|v| v.as_bytes())
            .and_then(|b| chronicle_store::codec::decode(text.clone(), b).ok());
        let tokens = Analyzers::shared().tokens(&text, &lang);
        let highlights = keys
            .marks(&tokens)
            .into_iter()
            .map(|(s, e)| {
                let (source_start, source_end) = match &map {
                    Some(m) => {
                        let span = m.span_to_source(s..e);
                        (span.start, span.end)
                    }
                    None => (start as usize + s, start as usize + e),
                };
                Highlight {
                    start: s,
                    end: e,
                    source_start,
                    source_end,
                }
            })
            .collect();
        let sentence = num(f.sentence);
        Hit {
            score,
            unit: if sentence.is_some() {
                UnitKind::Sentence
            } else {
                UnitKind::Paragraph
            },
            doc: text_of(f.doc),
            doc_id: num(f.doc_id).unwrap_or(0),
            paragraph: num(f.paragraph).unwrap_or(0),
            sentence,
            start,
            end: num(f.end).unwrap_or(0),
            lang,
            text,
            highlights,
            entities: all(f.entity),
            events: all(f.event),
            types: all(f.class),
            times: all(f.time),
        }
    }
}

/// The year of a day number (days since 1970-01-01).
fn year_of(day: i64) -> i64 {
    i64::from(chronicle_time::edtf::civil_from_days(day).0)
}

/// Matches are counted exactly up to this many; a common word in a large
/// corpus matches far more, and counting them all would cost more than
/// finding the best ten.
pub const EXACT_TOTAL: usize = 100_000;

/// What [`count_up_to`] found.
struct Counted {
    total: usize,
    exact: bool,
    /// Facet name → value → count, over the units counted.
    facets: Vec<FxHashMap<String, u64>>,
}

/// Counts the live documents matching `query`, stopping at `cap`, and (with
/// `facets`) the facet values of the documents counted, from the fast
/// fields. Past the cap both are over the first `cap` matches in index
/// order.
fn count_up_to(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    cap: usize,
    facets: bool,
) -> tantivy::Result<Counted> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut out = Counted {
        total: 0,
        exact: true,
        facets: vec![FxHashMap::default(); FACETS.len()],
    };
    let mut name = String::new();
    for reader in searcher.segment_readers() {
        let columns = if facets {
            FACETS
                .iter()
                .map(|(_, field)| reader.fast_fields().str(field))
                .collect::<tantivy::Result<Vec<_>>>()?
        } else {
            Vec::new()
        };
        let mut ords: Vec<FxHashMap<u64, u64>> = vec![FxHashMap::default(); columns.len()];
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                if out.total >= cap {
                    out.exact = false;
                    break;
                }
                out.total += 1;
                for (col, counts) in columns.iter().zip(ords.iter_mut()) {
                    if let Some(col) = col {
                        for ord in col.term_ords(doc) {
                            *counts.entry(ord).or_default() += 1;
                        }
                    }
                }
            }
            doc = scorer.advance();
        }
        for ((col, counts), total) in columns.iter().zip(ords).zip(out.facets.iter_mut()) {
            let Some(col) = col else { continue };
            for (ord, n) in counts {
                name.clear();
                if col.ord_to_str(ord, &mut name)? {
                    *total.entry(name.clone()).or_default() += n;
                }
            }
        }
        if !out.exact {
            break;
        }
    }
    Ok(out)
}

fn facets_of(
    counts: Vec<FxHashMap<String, u64>>,
    aliases: &AliasTable,
) -> BTreeMap<String, Vec<Facet>> {
    let mut out = BTreeMap::new();
    for ((name, _), values) in FACETS.iter().zip(counts) {
        let mut list: Vec<(String, u64)> = values.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list.truncate(FACET_SIZE);
        let facets = list
            .into_iter()
            .map(|(value, count)| {
                let label = matches!(*name, "entity" | "place")
                    .then(|| aliases.get(&value).map(|e| e.name.clone()))
                    .flatten();
                Facet {
                    value,
                    label,
                    count,
                }
            })
            .collect();
        out.insert(name.to_string(), facets);
    }
    out
}
