//! Streaming JSON-lines exports.
//!
//! Each export walks the documents in id order and, per document, its rows in
//! order through the indexes, writing one JSON object per line as it goes:
//! nothing is collected in memory. Sentences and anchors are read in
//! `(paragraph_id, ord)` index order, which is paragraph order because the
//! writer gives a document's paragraphs increasing ids in `ord` order
//! (checked by `verify`). Offsets are UTF-8 byte offsets into the
//! document's source text; `doc` is the document's name.

use std::io::{BufWriter, Write};

use chronicle_core::{TimexMod, TimexRecord, TimexType};
use rusqlite::Row;
use serde::Serialize;

use crate::error::StoreError;
use crate::store::Store;

#[derive(Serialize)]
struct ParagraphLine<'a> {
    doc: &'a str,
    start: i64,
    end: i64,
    lang: &'a str,
    kind: &'a str,
}

#[derive(Serialize)]
struct SentenceLine<'a> {
    doc: &'a str,
    start: i64,
    end: i64,
    lang: &'a str,
    /// Index of the sentence's paragraph in its document.
    paragraph: i64,
}

#[derive(Serialize)]
struct ReferenceLine<'a> {
    doc: &'a str,
    start: i64,
    end: i64,
    label: Option<&'a str>,
    text: &'a str,
}

#[derive(Serialize)]
struct AnchorLine<'a> {
    doc: &'a str,
    start: i64,
    end: i64,
    label: &'a str,
}

pub(crate) fn text<'r>(row: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    Ok(row.get_ref(i)?.as_str()?)
}

pub(crate) fn opt_text<'r>(row: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    Ok(row.get_ref(i)?.as_str_or_null()?)
}

pub(crate) enum RowError {
    Sql(rusqlite::Error),
    Json(serde_json::Error),
    Io(std::io::Error),
}

impl From<rusqlite::Error> for RowError {
    fn from(e: rusqlite::Error) -> Self {
        RowError::Sql(e)
    }
}

impl Store {
    /// Writes `{"doc","start","end","lang","kind"}` per paragraph, in
    /// document then paragraph order. Returns the number of lines.
    pub fn export_paragraphs(&self, w: &mut dyn Write) -> Result<u64, StoreError> {
        self.export(
            "paragraph",
            "SELECT start, \"end\", lang, kind FROM paragraphs WHERE doc_id = ?1 ORDER BY ord",
            w,
            |doc, row, out| {
                let line = ParagraphLine {
                    doc,
                    start: row.get(0)?,
                    end: row.get(1)?,
                    lang: text(row, 2)?,
                    kind: text(row, 3)?,
                };
                serde_json::to_writer(out, &line).map_err(RowError::Json)
            },
        )
    }

    /// Writes `{"doc","start","end","lang","paragraph"}` per sentence, in
    /// document, paragraph and sentence order; `paragraph` is the index of
    /// the sentence's paragraph in its document.
    pub fn export_sentences(&self, w: &mut dyn Write) -> Result<u64, StoreError> {
        self.export(
            "sentence",
            "SELECT s.start, s.\"end\", s.lang, p.ord
             FROM sentences s JOIN paragraphs p ON p.id = s.paragraph_id
             WHERE s.doc_id = ?1 ORDER BY s.paragraph_id, s.ord",
            w,
            |doc, row, out| {
                let line = SentenceLine {
                    doc,
                    start: row.get(0)?,
                    end: row.get(1)?,
                    lang: text(row, 2)?,
                    paragraph: row.get(3)?,
                };
                serde_json::to_writer(out, &line).map_err(RowError::Json)
            },
        )
    }

    /// Writes `{"doc","start","end","label","text"}` per reference-list entry
    /// (`label` is `null` when the list gives none), in document and list
    /// order.
    pub fn export_references(&self, w: &mut dyn Write) -> Result<u64, StoreError> {
        self.export(
            "reference",
            "SELECT start, \"end\", label, text FROM reference_entries
             WHERE doc_id = ?1 ORDER BY ord",
            w,
            |doc, row, out| {
                let line = ReferenceLine {
                    doc,
                    start: row.get(0)?,
                    end: row.get(1)?,
                    label: opt_text(row, 2)?,
                    text: text(row, 3)?,
                };
                serde_json::to_writer(out, &line).map_err(RowError::Json)
            },
        )
    }

    /// Writes `{"doc","start","end","label"}` per citation anchor, in
    /// document, paragraph and anchor order.
    pub fn export_anchors(&self, w: &mut dyn Write) -> Result<u64, StoreError> {
        self.export(
            "anchor",
            "SELECT start, \"end\", label FROM anchors
             WHERE doc_id = ?1 ORDER BY paragraph_id, ord",
            w,
            |doc, row, out| {
                let line = AnchorLine {
                    doc,
                    start: row.get(0)?,
                    end: row.get(1)?,
                    label: text(row, 2)?,
                };
                serde_json::to_writer(out, &line).map_err(RowError::Json)
            },
        )
    }

    /// One line per temporal expression, in document order, in the format of
    /// the temporal scorer (see [`chronicle_core::TimexRecord`]).
    pub fn export_times(&self, w: &mut dyn Write) -> Result<u64, StoreError> {
        self.export(
            "temporal expression",
            "SELECT start, \"end\", text, value, mod, type, anchor, calendar, alt_value
             FROM timexes WHERE doc_id = ?1 ORDER BY ord",
            w,
            |doc, row, out| {
                let start: i64 = row.get(0)?;
                let end: i64 = row.get(1)?;
                let kind = text(row, 5)?;
                let line = TimexRecord {
                    doc,
                    start: start.max(0) as usize,
                    end: end.max(0) as usize,
                    text: text(row, 2)?,
                    value: text(row, 3)?,
                    modifier: opt_text(row, 4)?
                        .and_then(TimexMod::parse)
                        .map(TimexMod::as_str),
                    kind: TimexType::parse(kind).map_or("DATE", TimexType::as_str),
                    anchor: opt_text(row, 6)?,
                    calendar: opt_text(row, 7)?,
                    alt_value: opt_text(row, 8)?,
                };
                serde_json::to_writer(out, &line).map_err(RowError::Json)
            },
        )
    }

    /// Runs `per_doc_sql` (with `?1` = document id) for every document in id
    /// order and writes one line per row with `line`.
    pub(crate) fn export(
        &self,
        what: &'static str,
        per_doc_sql: &str,
        w: &mut dyn Write,
        line: impl Fn(&str, &Row<'_>, &mut BufWriter<&mut dyn Write>) -> Result<(), RowError>,
    ) -> Result<u64, StoreError> {
        let context = format!("exporting {what}s");
        let q = |e| self.query_err(&context, e);
        let mut out = BufWriter::with_capacity(1 << 16, w);
        let tx = self.conn.unchecked_transaction().map_err(q)?;
        let mut docs = tx
            .prepare_cached("SELECT id, name FROM documents ORDER BY id")
            .map_err(q)?;
        let mut rows_of_doc = tx.prepare_cached(per_doc_sql).map_err(q)?;
        let mut doc_rows = docs.query([]).map_err(q)?;
        let mut n = 0u64;
        while let Some(doc) = doc_rows.next().map_err(q)? {
            let id: i64 = doc.get(0).map_err(q)?;
            let name = text(doc, 1).map_err(q)?;
            let mut rows = rows_of_doc.query([id]).map_err(q)?;
            while let Some(row) = rows.next().map_err(q)? {
                line(name, row, &mut out)
                    .and_then(|()| out.write_all(b"\n").map_err(RowError::Io))
                    .map_err(|e| match e {
                        RowError::Sql(e) => q(e),
                        RowError::Json(source) => StoreError::Json { what, source },
                        RowError::Io(source) => StoreError::Io { what, source },
                    })?;
                n += 1;
            }
        }
        out.flush()
            .map_err(|source| StoreError::Io { what, source })?;
        Ok(n)
    }
}
