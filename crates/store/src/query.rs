//! Reading documents back: listing, lookup, full loads and statistics.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use chronicle_core::{
    Anchor, BlockKind, Document, EntityType, Format, Mention, Paragraph, Reference, Sentence, Span,
    Timex, TimexMod, TimexType,
};
use rusqlite::{OptionalExtension, Row};
use serde::Serialize;

use crate::codec;
use crate::error::StoreError;
use crate::store::{DocId, Store};

/// One line of `chronicle list`: a document without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocSummary {
    pub id: DocId,
    pub source: String,
    pub name: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub main_lang: Option<String>,
    pub format: Format,
    pub encoding: String,
    pub byte_len: u64,
    pub paragraph_count: u64,
    pub sentence_count: u64,
    pub reference_count: u64,
    pub anchor_count: u64,
    pub content_hash: String,
    /// `PIPELINE_VERSION` of the analysis that wrote the document.
    pub pipeline: u32,
}

/// What the store holds, for `chronicle stats`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Stats {
    pub documents: u64,
    pub paragraphs: u64,
    /// `(kind, count)`, most frequent first.
    pub paragraphs_by_kind: Vec<(String, u64)>,
    /// `(language, count)`, most frequent first.
    pub paragraphs_by_lang: Vec<(String, u64)>,
    pub sentences: u64,
    /// `(language, count)`, most frequent first.
    pub sentences_by_lang: Vec<(String, u64)>,
    pub references: u64,
    pub anchors: u64,
    /// Temporal expressions.
    pub timexes: u64,
    /// `(type, count)`, most frequent first.
    pub timexes_by_type: Vec<(String, u64)>,
    /// Name mentions found, and those the resolver linked to an entity.
    pub mentions: u64,
    pub linked_mentions: u64,
    pub entities_by_type: Vec<(String, u64)>,
    /// Sum of the documents' source text lengths in bytes.
    pub source_bytes: u64,
    pub schema_version: u32,
    /// Size of `chronicle.db` in bytes.
    pub db_file_bytes: u64,
    /// Size of the write-ahead log `chronicle.db-wal` (0 when absent).
    pub wal_file_bytes: u64,
}

/// A non-negative INTEGER column as a `u64` (corrupt negatives read as 0;
/// `verify` reports them).
fn count(row: &Row<'_>, i: usize) -> rusqlite::Result<u64> {
    Ok(u64::try_from(row.get::<_, i64>(i)?).unwrap_or(0))
}

impl Store {
    /// All documents, in id order.
    pub fn list_documents(&self) -> Result<Vec<DocSummary>, StoreError> {
        let what = "listing documents";
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, source, name, url, title, main_lang, format, encoding, byte_len,
                     paragraph_count, sentence_count, reference_count, anchor_count, content_hash,
                     pipeline
                 FROM documents ORDER BY id",
            )
            .map_err(|e| self.query_err(what, e))?;
        let mut rows = stmt.query([]).map_err(|e| self.query_err(what, e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.query_err(what, e))? {
            let read = || -> rusqlite::Result<(DocSummary, String)> {
                let format: String = row.get(6)?;
                Ok((
                    DocSummary {
                        id: DocId(row.get(0)?),
                        source: row.get(1)?,
                        name: row.get(2)?,
                        url: row.get(3)?,
                        title: row.get(4)?,
                        main_lang: row.get(5)?,
                        format: Format::Text,
                        encoding: row.get(7)?,
                        byte_len: count(row, 8)?,
                        paragraph_count: count(row, 9)?,
                        sentence_count: count(row, 10)?,
                        reference_count: count(row, 11)?,
                        anchor_count: count(row, 12)?,
                        content_hash: row.get(13)?,
                        pipeline: count(row, 14)? as u32,
                    },
                    format,
                ))
            };
            let (mut summary, format) = read().map_err(|e| self.query_err(what, e))?;
            summary.format = Format::parse(&format).ok_or_else(|| StoreError::Corrupt {
                path: self.db_path.clone(),
                doc: summary.source.clone(),
                message: format!("unknown format {format:?}"),
            })?;
            out.push(summary);
        }
        Ok(out)
    }

    /// Finds a document by id number, by source (exactly as stored, or a path
    /// that canonicalises to it), or by name. `Ok(None)` when nothing matches;
    /// [`StoreError::Ambiguous`] when a name matches several documents.
    pub fn find_document(&self, key: &str) -> Result<Option<DocId>, StoreError> {
        let what = "looking up a document";
        let q = |e| self.query_err(what, e);
        if let Ok(n) = key.trim().parse::<i64>() {
            let found = self
                .conn
                .prepare_cached("SELECT id FROM documents WHERE id = ?1")
                .map_err(q)?
                .query_row([n], |r| r.get(0))
                .optional()
                .map_err(q)?;
            if let Some(id) = found {
                return Ok(Some(DocId(id)));
            }
        }
        let by_source = |source: &str| -> Result<Option<DocId>, StoreError> {
            self.conn
                .prepare_cached("SELECT id FROM documents WHERE source = ?1")
                .map_err(q)?
                .query_row([source], |r| r.get(0).map(DocId))
                .optional()
                .map_err(q)
        };
        if let Some(id) = by_source(key)? {
            return Ok(Some(id));
        }
        if let Some(canonical) = canonical_source(key)
            && canonical != key
            && let Some(id) = by_source(&canonical)?
        {
            return Ok(Some(id));
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, source FROM documents WHERE name = ?1 ORDER BY id")
            .map_err(q)?;
        let matches = stmt
            .query_map([key], |r| Ok((DocId(r.get(0)?), r.get::<_, String>(1)?)))
            .map_err(q)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(q)?;
        match matches.len() {
            0 => Ok(None),
            1 => Ok(Some(matches[0].0)),
            _ => Err(StoreError::Ambiguous {
                path: self.db_path.clone(),
                name: key.to_string(),
                candidates: matches
                    .into_iter()
                    .map(|(id, source)| format!("{id}: {source}"))
                    .collect(),
            }),
        }
    }

    /// Rebuilds the full document `id` as it was saved.
    pub fn load_document(&self, id: DocId) -> Result<Document, StoreError> {
        let what = format!("loading document {id}");
        let q = |e| self.query_err(&what, e);
        // One read transaction, so a concurrent writer cannot mix versions.
        let tx = self.conn.unchecked_transaction().map_err(q)?;
        let head = tx
            .prepare_cached(
                "SELECT source, name, url, title, declared_lang, content_hash, encoding, format,
                     source_text
                 FROM documents WHERE id = ?1",
            )
            .map_err(q)?
            .query_row([id.0], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                ))
            })
            .optional()
            .map_err(q)?;
        let Some((source, name, url, title, declared_lang, content_hash, encoding, format, text)) =
            head
        else {
            return Err(StoreError::NoSuchDocument {
                path: self.db_path.clone(),
                id: id.0,
            });
        };
        let corrupt = |message: String| StoreError::Corrupt {
            path: self.db_path.clone(),
            doc: source.clone(),
            message,
        };
        let format =
            Format::parse(&format).ok_or_else(|| corrupt(format!("unknown format {format:?}")))?;

        let mut paragraphs = Vec::new();
        let mut index_of: HashMap<i64, usize> = HashMap::new();
        {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT id, ord, kind, start, \"end\", lang, lang_confidence, text, text_map
                     FROM paragraphs WHERE doc_id = ?1 ORDER BY ord",
                )
                .map_err(q)?;
            let mut rows = stmt.query([id.0]).map_err(q)?;
            while let Some(row) = rows.next().map_err(q)? {
                let pid: i64 = row.get(0).map_err(q)?;
                let ord: i64 = row.get(1).map_err(q)?;
                if ord != paragraphs.len() as i64 {
                    return Err(corrupt(format!(
                        "paragraph ord {ord} where {} was expected",
                        paragraphs.len()
                    )));
                }
                let kind: String = row.get(2).map_err(q)?;
                let kind = BlockKind::parse(&kind)
                    .ok_or_else(|| corrupt(format!("paragraph {ord}: unknown kind {kind:?}")))?;
                let span = span(row.get(3).map_err(q)?, row.get(4).map_err(q)?)
                    .map_err(|m| corrupt(format!("paragraph {ord}: {m}")))?;
                let text: String = row.get(7).map_err(q)?;
                let blob = row
                    .get_ref(8)
                    .map_err(q)?
                    .as_blob()
                    .map_err(|_| corrupt(format!("paragraph {ord}: text map is not a blob")))?;
                let text = codec::decode(text, blob)
                    .map_err(|m| corrupt(format!("paragraph {ord}: bad text map: {m}")))?;
                index_of.insert(pid, paragraphs.len());
                paragraphs.push(Paragraph {
                    kind,
                    span,
                    text,
                    lang: row.get(5).map_err(q)?,
                    lang_confidence: confidence(row.get(6).map_err(q)?),
                    sentences: Vec::new(),
                    anchors: Vec::new(),
                });
            }
        }
        let paragraph_of = |pid: i64, what: &str| {
            index_of
                .get(&pid)
                .copied()
                .ok_or_else(|| corrupt(format!("{what} belongs to unknown paragraph row {pid}")))
        };
        {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT paragraph_id, start, \"end\", text_start, text_end, lang,
                         lang_confidence
                     FROM sentences WHERE doc_id = ?1 ORDER BY paragraph_id, ord",
                )
                .map_err(q)?;
            let mut rows = stmt.query([id.0]).map_err(q)?;
            while let Some(row) = rows.next().map_err(q)? {
                let p = paragraph_of(row.get(0).map_err(q)?, "a sentence")?;
                let sp = span(row.get(1).map_err(q)?, row.get(2).map_err(q)?)
                    .map_err(|m| corrupt(format!("sentence of paragraph {p}: {m}")))?;
                let range = span(row.get(3).map_err(q)?, row.get(4).map_err(q)?)
                    .map_err(|m| corrupt(format!("sentence of paragraph {p}: {m}")))?;
                paragraphs[p].sentences.push(Sentence {
                    span: sp,
                    start: range.start,
                    end: range.end,
                    lang: row.get(5).map_err(q)?,
                    lang_confidence: confidence(row.get(6).map_err(q)?),
                });
            }
        }
        {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT paragraph_id, label, start, \"end\", text_offset
                     FROM anchors WHERE doc_id = ?1 ORDER BY paragraph_id, ord",
                )
                .map_err(q)?;
            let mut rows = stmt.query([id.0]).map_err(q)?;
            while let Some(row) = rows.next().map_err(q)? {
                let p = paragraph_of(row.get(0).map_err(q)?, "an anchor")?;
                let sp = span(row.get(2).map_err(q)?, row.get(3).map_err(q)?)
                    .map_err(|m| corrupt(format!("anchor of paragraph {p}: {m}")))?;
                let offset = offset(row.get(4).map_err(q)?)
                    .map_err(|m| corrupt(format!("anchor of paragraph {p}: {m}")))?;
                paragraphs[p].anchors.push(Anchor {
                    label: row.get(1).map_err(q)?,
                    span: sp,
                    offset,
                });
            }
        }
        let mut references = Vec::new();
        {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT paragraph_id, label, start, \"end\", text
                     FROM reference_entries WHERE doc_id = ?1 ORDER BY ord",
                )
                .map_err(q)?;
            let mut rows = stmt.query([id.0]).map_err(q)?;
            while let Some(row) = rows.next().map_err(q)? {
                let paragraph = paragraph_of(row.get(0).map_err(q)?, "a reference")?;
                let sp = span(row.get(2).map_err(q)?, row.get(3).map_err(q)?)
                    .map_err(|m| corrupt(format!("reference {}: {m}", references.len())))?;
                references.push(Reference {
                    paragraph,
                    label: row.get(1).map_err(q)?,
                    span: sp,
                    text: row.get(4).map_err(q)?,
                });
            }
        }
        let mut timexes = Vec::new();
        {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT paragraph_id, sentence_ord, start, \"end\", text_start, text_end,
                         text, type, value, mod, anchor, calendar, alt_value
                     FROM timexes WHERE doc_id = ?1 ORDER BY ord",
                )
                .map_err(q)?;
            let mut rows = stmt.query([id.0]).map_err(q)?;
            while let Some(row) = rows.next().map_err(q)? {
                let paragraph = paragraph_of(row.get(0).map_err(q)?, "a temporal expression")?;
                let k = timexes.len();
                let bad = |m: String| corrupt(format!("temporal expression {k}: {m}"));
                let sp = span(row.get(2).map_err(q)?, row.get(3).map_err(q)?).map_err(bad)?;
                let range = span(row.get(4).map_err(q)?, row.get(5).map_err(q)?).map_err(bad)?;
                let sentence = offset(row.get(1).map_err(q)?).map_err(bad)?;
                let kind: String = row.get(7).map_err(q)?;
                let modifier: Option<String> = row.get(9).map_err(q)?;
                timexes.push(Timex {
                    paragraph,
                    sentence,
                    span: sp,
                    start: range.start,
                    end: range.end,
                    text: row.get(6).map_err(q)?,
                    kind: TimexType::parse(&kind)
                        .ok_or_else(|| bad(format!("unknown type {kind:?}")))?,
                    value: row.get(8).map_err(q)?,
                    modifier: match modifier {
                        Some(m) => Some(
                            TimexMod::parse(&m).ok_or_else(|| bad(format!("unknown mod {m:?}")))?,
                        ),
                        None => None,
                    },
                    anchor: row.get(10).map_err(q)?,
                    calendar: row.get(11).map_err(q)?,
                    alt_value: row.get(12).map_err(q)?,
                });
            }
        }
        let mut mentions = Vec::new();
        {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT paragraph_id, sentence_ord, start, \"end\", text_start, text_end,
                         text, lang, kind, cue, place, role
                     FROM mentions WHERE doc_id = ?1 ORDER BY ord",
                )
                .map_err(q)?;
            let mut rows = stmt.query([id.0]).map_err(q)?;
            while let Some(row) = rows.next().map_err(q)? {
                let paragraph = paragraph_of(row.get(0).map_err(q)?, "a mention")?;
                let k = mentions.len();
                let bad = |m: String| corrupt(format!("mention {k}: {m}"));
                let sp = span(row.get(2).map_err(q)?, row.get(3).map_err(q)?).map_err(bad)?;
                let range = span(row.get(4).map_err(q)?, row.get(5).map_err(q)?).map_err(bad)?;
                let sentence = offset(row.get(1).map_err(q)?).map_err(bad)?;
                let kind: Option<String> = row.get(8).map_err(q)?;
                let cue: i64 = row.get(9).map_err(q)?;
                mentions.push(Mention {
                    paragraph,
                    sentence,
                    span: sp,
                    start: range.start,
                    end: range.end,
                    text: row.get(6).map_err(q)?,
                    lang: row.get(7).map_err(q)?,
                    kind: match kind {
                        Some(k) => Some(
                            EntityType::parse(&k)
                                .ok_or_else(|| bad(format!("unknown type {k:?}")))?,
                        ),
                        None => None,
                    },
                    cue: u8::try_from(cue).map_err(|_| bad(format!("bad cue {cue}")))?,
                    place: row.get(10).map_err(q)?,
                    role: row.get(11).map_err(q)?,
                });
            }
        }
        drop(tx);
        Ok(Document {
            source,
            name,
            url,
            title,
            declared_lang,
            content_hash,
            encoding,
            format,
            source_text: text,
            paragraphs,
            references,
            timexes,
            mentions,
        })
    }

    /// Counts of everything in the store.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let what = "computing statistics";
        let q = |e| self.query_err(what, e);
        let tx = self.conn.unchecked_transaction().map_err(q)?;
        let one = |sql: &str| -> Result<u64, StoreError> {
            tx.query_row(sql, [], |r| r.get::<_, Option<i64>>(0))
                .map(|v| u64::try_from(v.unwrap_or(0)).unwrap_or(0))
                .map_err(q)
        };
        let grouped = |sql: &str| -> Result<Vec<(String, u64)>, StoreError> {
            let mut stmt = tx.prepare(sql).map_err(q)?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, count(r, 1)?)))
                .map_err(q)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)
        };
        let mut stats = Stats {
            documents: one("SELECT COUNT(*) FROM documents")?,
            paragraphs: one("SELECT COUNT(*) FROM paragraphs")?,
            paragraphs_by_kind: grouped(
                "SELECT kind, COUNT(*) AS n FROM paragraphs GROUP BY kind ORDER BY n DESC, kind",
            )?,
            paragraphs_by_lang: grouped(
                "SELECT lang, COUNT(*) AS n FROM paragraphs GROUP BY lang ORDER BY n DESC, lang",
            )?,
            sentences: one("SELECT COUNT(*) FROM sentences")?,
            sentences_by_lang: grouped(
                "SELECT lang, COUNT(*) AS n FROM sentences GROUP BY lang ORDER BY n DESC, lang",
            )?,
            references: one("SELECT COUNT(*) FROM reference_entries")?,
            anchors: one("SELECT COUNT(*) FROM anchors")?,
            timexes: one("SELECT COUNT(*) FROM timexes")?,
            timexes_by_type: grouped(
                "SELECT type, COUNT(*) AS n FROM timexes GROUP BY type ORDER BY n DESC, type",
            )?,
            mentions: one("SELECT COUNT(*) FROM mentions")?,
            linked_mentions: one("SELECT COUNT(*) FROM mentions WHERE entity IS NOT NULL")?,
            entities_by_type: grouped(
                "SELECT type, COUNT(*) AS n FROM entities GROUP BY type ORDER BY n DESC, type",
            )?,
            source_bytes: one("SELECT SUM(byte_len) FROM documents")?,
            schema_version: 0,
            db_file_bytes: file_len(&self.db_path),
            wal_file_bytes: file_len(&self.db_path.with_extension("db-wal")),
        };
        drop(tx);
        stats.schema_version = self.schema_version()?;
        Ok(stats)
    }
}

fn file_len(path: &Path) -> u64 {
    fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// The canonical form of a path given on the command line, keeping a
/// `#record` suffix of a JSONL source.
fn canonical_source(key: &str) -> Option<String> {
    if let Ok(p) = fs::canonicalize(key) {
        return Some(p.to_string_lossy().into_owned());
    }
    let (path, record) = key.rsplit_once('#')?;
    let p = fs::canonicalize(path).ok()?;
    Some(format!("{}#{record}", p.to_string_lossy()))
}

pub(crate) fn offset(v: i64) -> Result<usize, String> {
    usize::try_from(v).map_err(|_| format!("negative offset {v}"))
}

pub(crate) fn span(start: i64, end: i64) -> Result<Span, String> {
    let (s, e) = (offset(start)?, offset(end)?);
    if e < s {
        return Err(format!("span {start}..{end} ends before it starts"));
    }
    Ok(Span::new(s, e))
}

/// SQLite stores NaN as NULL; read it back as NaN.
fn confidence(v: Option<f64>) -> f32 {
    v.map_or(f32::NAN, |v| v as f32)
}
