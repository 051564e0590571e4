//! Consistency checks of a store (`chronicle verify`).

use std::collections::HashMap;
use std::fmt;

use rusqlite::Connection;
use serde::Serialize;

use crate::codec;
use crate::error::StoreError;
use crate::store::Store;

/// One inconsistency found by [`Store::verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Source of the document concerned, when the problem is in one.
    pub doc: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.doc {
            Some(doc) => write!(f, "{doc}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The result of [`Store::verify`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct VerifyReport {
    /// Number of documents checked.
    pub documents: u64,
    /// Everything found wrong; empty when the store is consistent.
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    /// True when no problem was found.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What verify remembers of a paragraph while checking its children.
struct ParagraphInfo {
    ord: i64,
    start: i64,
    end: i64,
    text: String,
}

impl Store {
    /// Checks the store: SQLite's `integrity_check` and `foreign_key_check`,
    /// then, document by document, that the stored counts match the child
    /// rows, that every span satisfies `0 <= start <= end <= byte_len` and lies
    /// on UTF-8 character boundaries of the source text, that sentences lie
    /// within their paragraph, that offsets into cleaned text are in range,
    /// and that every text map decodes. Only one document is held in memory
    /// at a time.
    ///
    /// Errors only when the database cannot be queried at all; anything
    /// wrong with the data is a [`Problem`] in the report.
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        let what = "verifying the store";
        let q = |e| self.query_err(what, e);
        let tx = self.conn.unchecked_transaction().map_err(q)?;
        let mut report = VerifyReport::default();
        sqlite_checks(&tx, &mut report.problems).map_err(q)?;

        let mut docs = tx
            .prepare(
                "SELECT id, source, byte_len, source_text, paragraph_count, sentence_count,
                     reference_count, anchor_count
                 FROM documents ORDER BY id",
            )
            .map_err(q)?;
        let mut rows = docs.query([]).map_err(q)?;
        while let Some(row) = rows.next().map_err(q)? {
            report.documents += 1;
            let id: i64 = row.get(0).map_err(q)?;
            let source: String = row.get(1).map_err(q)?;
            let mut problems = Vec::new();
            let source_text = match row.get_ref(3).map_err(q)?.as_str() {
                Ok(s) => s,
                Err(_) => {
                    problems.push("source text is not valid UTF-8 text".to_string());
                    ""
                }
            };
            let byte_len: i64 = row.get(2).map_err(q)?;
            if byte_len != source_text.len() as i64 {
                problems.push(format!(
                    "byte_len is {byte_len} but the source text has {} bytes",
                    source_text.len()
                ));
            }
            let stored = [
                ("paragraph", row.get::<_, i64>(4).map_err(q)?),
                ("sentence", row.get::<_, i64>(5).map_err(q)?),
                ("reference", row.get::<_, i64>(6).map_err(q)?),
                ("anchor", row.get::<_, i64>(7).map_err(q)?),
            ];
            let actual = check_document(&tx, id, source_text, &mut problems).map_err(q)?;
            for ((name, want), have) in stored.iter().zip(actual) {
                if *want != have {
                    problems.push(format!(
                        "{name}_count is {want} but {have} {name} rows are stored"
                    ));
                }
            }
            report
                .problems
                .extend(problems.into_iter().map(|message| Problem {
                    doc: Some(source.clone()),
                    message,
                }));
        }
        Ok(report)
    }
}

fn sqlite_checks(conn: &Connection, problems: &mut Vec<Problem>) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let line: String = row.get(0)?;
        if line != "ok" {
            problems.push(Problem {
                doc: None,
                message: format!("integrity check: {line}"),
            });
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let table: String = row.get(0)?;
        let rowid: Option<i64> = row.get(1)?;
        let parent: String = row.get(2)?;
        problems.push(Problem {
            doc: None,
            message: format!(
                "row {} of {table} refers to a missing row of {parent}",
                rowid.map_or_else(|| "?".to_string(), |r| r.to_string())
            ),
        });
    }
    Ok(())
}

/// Checks a span against the source text; `None` when it is fine.
fn span_problem(source_text: &str, start: i64, end: i64) -> Option<String> {
    let len = source_text.len() as i64;
    if start < 0 || start > end || end > len {
        return Some(format!("span {start}..{end} is out of range 0..{len}"));
    }
    let (s, e) = (start as usize, end as usize);
    if !source_text.is_char_boundary(s) || !source_text.is_char_boundary(e) {
        return Some(format!(
            "span {start}..{end} does not lie on UTF-8 character boundaries"
        ));
    }
    None
}

/// Checks a document's child rows; returns the actual numbers of
/// paragraphs, sentences, references and anchors.
fn check_document(
    conn: &Connection,
    doc_id: i64,
    source_text: &str,
    problems: &mut Vec<String>,
) -> rusqlite::Result<[i64; 4]> {
    let mut paragraphs: HashMap<i64, ParagraphInfo> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, ord, start, \"end\", text, text_map FROM paragraphs
         WHERE doc_id = ?1 ORDER BY ord",
    )?;
    let mut rows = stmt.query([doc_id])?;
    let mut n_paragraphs = 0i64;
    let mut last_id = i64::MIN;
    while let Some(row) = rows.next()? {
        let pid: i64 = row.get(0)?;
        let ord: i64 = row.get(1)?;
        if pid <= last_id {
            problems.push(format!(
                "paragraph {ord} has row id {pid}, not above the previous paragraph's {last_id}"
            ));
        }
        last_id = pid;
        if ord != n_paragraphs {
            problems.push(format!(
                "paragraph ord {ord} where {n_paragraphs} was expected"
            ));
        }
        n_paragraphs += 1;
        let (start, end): (i64, i64) = (row.get(2)?, row.get(3)?);
        if let Some(p) = span_problem(source_text, start, end) {
            problems.push(format!("paragraph {ord}: {p}"));
        }
        let text = match row.get_ref(4)?.as_str() {
            Ok(t) => t.to_string(),
            Err(_) => {
                problems.push(format!("paragraph {ord}: text is not valid UTF-8 text"));
                String::new()
            }
        };
        match row.get_ref(5)?.as_blob() {
            Ok(blob) => {
                if let Err(e) = codec::decode(text.clone(), blob) {
                    problems.push(format!("paragraph {ord}: text map does not decode: {e}"));
                }
            }
            Err(_) => problems.push(format!("paragraph {ord}: text map is not a blob")),
        }
        paragraphs.insert(
            pid,
            ParagraphInfo {
                ord,
                start,
                end,
                text,
            },
        );
    }

    let mut n_sentences = 0i64;
    let mut stmt = conn.prepare_cached(
        "SELECT paragraph_id, start, \"end\", text_start, text_end FROM sentences
         WHERE doc_id = ?1",
    )?;
    let mut rows = stmt.query([doc_id])?;
    while let Some(row) = rows.next()? {
        n_sentences += 1;
        let pid: i64 = row.get(0)?;
        let (start, end): (i64, i64) = (row.get(1)?, row.get(2)?);
        let (ts, te): (i64, i64) = (row.get(3)?, row.get(4)?);
        let Some(p) = paragraphs.get(&pid) else {
            problems.push(format!(
                "sentence {start}..{end} belongs to paragraph row {pid} of another document"
            ));
            continue;
        };
        let at = format!("sentence {start}..{end} of paragraph {}", p.ord);
        if let Some(problem) = span_problem(source_text, start, end) {
            problems.push(format!("{at}: {problem}"));
        } else if start < p.start || end > p.end {
            problems.push(format!(
                "{at}: lies outside its paragraph's span {}..{}",
                p.start, p.end
            ));
        }
        if ts < 0 || ts > te || te > p.text.len() as i64 {
            problems.push(format!(
                "{at}: text range {ts}..{te} is out of range 0..{}",
                p.text.len()
            ));
        } else if !p.text.is_char_boundary(ts as usize) || !p.text.is_char_boundary(te as usize) {
            problems.push(format!(
                "{at}: text range {ts}..{te} does not lie on UTF-8 character boundaries"
            ));
        }
    }

    let mut n_anchors = 0i64;
    let mut stmt = conn.prepare_cached(
        "SELECT paragraph_id, label, start, \"end\", text_offset FROM anchors WHERE doc_id = ?1",
    )?;
    let mut rows = stmt.query([doc_id])?;
    while let Some(row) = rows.next()? {
        n_anchors += 1;
        let pid: i64 = row.get(0)?;
        let label: String = row.get(1)?;
        let (start, end, offset): (i64, i64, i64) = (row.get(2)?, row.get(3)?, row.get(4)?);
        let Some(p) = paragraphs.get(&pid) else {
            problems.push(format!(
                "anchor {label:?} belongs to paragraph row {pid} of another document"
            ));
            continue;
        };
        let at = format!("anchor {label:?} of paragraph {}", p.ord);
        if let Some(problem) = span_problem(source_text, start, end) {
            problems.push(format!("{at}: {problem}"));
        }
        if offset < 0 || offset > p.text.len() as i64 {
            problems.push(format!(
                "{at}: text offset {offset} is out of range 0..{}",
                p.text.len()
            ));
        }
    }

    let mut n_references = 0i64;
    let mut stmt = conn.prepare_cached(
        "SELECT paragraph_id, ord, start, \"end\" FROM reference_entries WHERE doc_id = ?1",
    )?;
    let mut rows = stmt.query([doc_id])?;
    while let Some(row) = rows.next()? {
        n_references += 1;
        let pid: i64 = row.get(0)?;
        let ord: i64 = row.get(1)?;
        let (start, end): (i64, i64) = (row.get(2)?, row.get(3)?);
        if !paragraphs.contains_key(&pid) {
            problems.push(format!(
                "reference {ord} belongs to paragraph row {pid} of another document"
            ));
        }
        if let Some(problem) = span_problem(source_text, start, end) {
            problems.push(format!("reference {ord}: {problem}"));
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT paragraph_id, ord, start, \"end\", text_start, text_end, text, value
         FROM timexes WHERE doc_id = ?1",
    )?;
    let mut rows = stmt.query([doc_id])?;
    while let Some(row) = rows.next()? {
        let pid: i64 = row.get(0)?;
        let ord: i64 = row.get(1)?;
        let (start, end): (i64, i64) = (row.get(2)?, row.get(3)?);
        let (ts, te): (i64, i64) = (row.get(4)?, row.get(5)?);
        let text: String = row.get(6)?;
        let value: String = row.get(7)?;
        let at = format!("temporal expression {ord} ({text:?})");
        annotation_problems(
            problems,
            &paragraphs,
            source_text,
            &at,
            pid,
            (start, end),
            (ts, te),
            &text,
        );
        if value.is_empty() {
            problems.push(format!("{at}: empty value"));
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT paragraph_id, ord, start, \"end\", text_start, text_end, text, entity,
                entity IS NULL OR EXISTS (SELECT 1 FROM entities e WHERE e.id = mentions.entity)
         FROM mentions WHERE doc_id = ?1",
    )?;
    let mut rows = stmt.query([doc_id])?;
    while let Some(row) = rows.next()? {
        let pid: i64 = row.get(0)?;
        let ord: i64 = row.get(1)?;
        let text: String = row.get(6)?;
        let at = format!("mention {ord} ({text:?})");
        annotation_problems(
            problems,
            &paragraphs,
            source_text,
            &at,
            pid,
            (row.get(2)?, row.get(3)?),
            (row.get(4)?, row.get(5)?),
            &text,
        );
        if !row.get::<_, bool>(8)? {
            let entity: String = row.get(7)?;
            problems.push(format!(
                "{at}: linked to entity {entity:?}, which does not exist"
            ));
        }
    }
    Ok([n_paragraphs, n_sentences, n_references, n_anchors])
}

/// Checks an annotation's source span and its range in its paragraph's
/// cleaned text (which must read `text`).
#[allow(clippy::too_many_arguments)]
fn annotation_problems(
    problems: &mut Vec<String>,
    paragraphs: &HashMap<i64, ParagraphInfo>,
    source_text: &str,
    at: &str,
    pid: i64,
    (start, end): (i64, i64),
    (ts, te): (i64, i64),
    text: &str,
) {
    let Some(p) = paragraphs.get(&pid) else {
        problems.push(format!(
            "{at} belongs to paragraph row {pid} of another document"
        ));
        return;
    };
    if let Some(problem) = span_problem(source_text, start, end) {
        problems.push(format!("{at}: {problem}"));
    }
    let in_text = ts >= 0
        && ts <= te
        && te <= p.text.len() as i64
        && p.text.is_char_boundary(ts as usize)
        && p.text.is_char_boundary(te as usize);
    if !in_text {
        problems.push(format!(
            "{at}: text range {ts}..{te} is out of range 0..{} of paragraph {}",
            p.text.len(),
            p.ord
        ));
    } else if p.text[ts as usize..te as usize] != *text {
        problems.push(format!(
            "{at}: does not match the paragraph text at {ts}..{te}"
        ));
    }
}
