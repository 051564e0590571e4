//! Inserting a document's child rows, batched.
//!
//! Rows go in with multi-row `INSERT … VALUES (…), (…), …` statements of
//! [`BATCH`] rows (prepared once and cached), which roughly halves the
//! per-row cost of SQLite's statement machinery compared with one
//! `INSERT` per row. Paragraph ids are assigned here (the transaction holds
//! the write lock), so sentence and anchor rows need not wait for
//! `last_insert_rowid`.

use chronicle_core::{Anchor, Document, Mention, Paragraph, Reference, Sentence, Timex};
use rusqlite::{Connection, Statement};

use crate::codec;
use crate::store::DocId;

/// Rows per multi-row insert.
const BATCH: usize = 32;

/// Offsets are stored as SQLite INTEGERs.
fn int(v: usize) -> i64 {
    v as i64
}

/// Binds one row's values starting at parameter `first` (1-based).
type BindFn<R> = fn(&mut Statement<'_>, usize, &R) -> rusqlite::Result<()>;

/// Collects rows of one table and inserts them [`BATCH`] at a time.
struct Inserter<'c, R> {
    conn: &'c Connection,
    one: String,
    many: String,
    columns: usize,
    bind: BindFn<R>,
    pending: Vec<R>,
}

impl<'c, R> Inserter<'c, R> {
    fn new(conn: &'c Connection, table: &str, columns: &[&str], bind: BindFn<R>) -> Self {
        let head = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let row = format!("({})", vec!["?"; columns.len()].join(", "));
        Inserter {
            conn,
            one: format!("{head}{row}"),
            many: format!("{head}{}", vec![row; BATCH].join(", ")),
            columns: columns.len(),
            bind,
            pending: Vec::with_capacity(BATCH),
        }
    }

    fn push(&mut self, row: R) -> rusqlite::Result<()> {
        self.pending.push(row);
        if self.pending.len() == BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> rusqlite::Result<()> {
        if self.pending.len() == BATCH {
            let mut stmt = self.conn.prepare_cached(&self.many)?;
            for (i, row) in self.pending.iter().enumerate() {
                (self.bind)(&mut stmt, i * self.columns + 1, row)?;
            }
            stmt.raw_execute()?;
        } else if !self.pending.is_empty() {
            let mut stmt = self.conn.prepare_cached(&self.one)?;
            for row in &self.pending {
                (self.bind)(&mut stmt, 1, row)?;
                stmt.raw_execute()?;
            }
        }
        self.pending.clear();
        Ok(())
    }
}

struct ParagraphRow<'d> {
    id: i64,
    doc: i64,
    ord: usize,
    p: &'d Paragraph,
    text_map: Vec<u8>,
}

struct SentenceRow<'d> {
    doc: i64,
    paragraph: i64,
    ord: usize,
    s: &'d Sentence,
}

struct AnchorRow<'d> {
    doc: i64,
    paragraph: i64,
    ord: usize,
    a: &'d Anchor,
}

struct ReferenceRow<'d> {
    doc: i64,
    paragraph: i64,
    ord: usize,
    r: &'d Reference,
}

struct TimexRow<'d> {
    doc: i64,
    paragraph: i64,
    ord: usize,
    t: &'d Timex,
}

fn bind_timex(st: &mut Statement<'_>, i: usize, r: &TimexRow<'_>) -> rusqlite::Result<()> {
    st.raw_bind_parameter(i, r.doc)?;
    st.raw_bind_parameter(i + 1, r.paragraph)?;
    st.raw_bind_parameter(i + 2, int(r.t.sentence))?;
    st.raw_bind_parameter(i + 3, int(r.ord))?;
    st.raw_bind_parameter(i + 4, int(r.t.span.start))?;
    st.raw_bind_parameter(i + 5, int(r.t.span.end))?;
    st.raw_bind_parameter(i + 6, int(r.t.start))?;
    st.raw_bind_parameter(i + 7, int(r.t.end))?;
    st.raw_bind_parameter(i + 8, &r.t.text)?;
    st.raw_bind_parameter(i + 9, r.t.kind.as_str())?;
    st.raw_bind_parameter(i + 10, &r.t.value)?;
    st.raw_bind_parameter(i + 11, r.t.modifier.map(|m| m.as_str()))?;
    st.raw_bind_parameter(i + 12, &r.t.anchor)?;
    st.raw_bind_parameter(i + 13, &r.t.calendar)?;
    st.raw_bind_parameter(i + 14, &r.t.alt_value)
}

struct MentionRow<'d> {
    doc: i64,
    paragraph: i64,
    ord: usize,
    m: &'d Mention,
}

fn bind_mention(st: &mut Statement<'_>, i: usize, r: &MentionRow<'_>) -> rusqlite::Result<()> {
    st.raw_bind_parameter(i, r.doc)?;
    st.raw_bind_parameter(i + 1, r.paragraph)?;
    st.raw_bind_parameter(i + 2, int(r.m.sentence))?;
    st.raw_bind_parameter(i + 3, int(r.ord))?;
    st.raw_bind_parameter(i + 4, int(r.m.span.start))?;
    st.raw_bind_parameter(i + 5, int(r.m.span.end))?;
    st.raw_bind_parameter(i + 6, int(r.m.start))?;
    st.raw_bind_parameter(i + 7, int(r.m.end))?;
    st.raw_bind_parameter(i + 8, &r.m.text)?;
    st.raw_bind_parameter(i + 9, &r.m.lang)?;
    st.raw_bind_parameter(i + 10, r.m.kind.map(|k| k.as_str()))?;
    st.raw_bind_parameter(i + 11, i64::from(r.m.cue))?;
    st.raw_bind_parameter(i + 12, &r.m.place)?;
    st.raw_bind_parameter(i + 13, &r.m.role)
}

fn bind_paragraph(st: &mut Statement<'_>, i: usize, r: &ParagraphRow<'_>) -> rusqlite::Result<()> {
    st.raw_bind_parameter(i, r.id)?;
    st.raw_bind_parameter(i + 1, r.doc)?;
    st.raw_bind_parameter(i + 2, int(r.ord))?;
    st.raw_bind_parameter(i + 3, r.p.kind.as_str())?;
    st.raw_bind_parameter(i + 4, int(r.p.span.start))?;
    st.raw_bind_parameter(i + 5, int(r.p.span.end))?;
    st.raw_bind_parameter(i + 6, &r.p.lang)?;
    st.raw_bind_parameter(i + 7, f64::from(r.p.lang_confidence))?;
    st.raw_bind_parameter(i + 8, r.p.text.text())?;
    st.raw_bind_parameter(i + 9, &r.text_map)
}

fn bind_sentence(st: &mut Statement<'_>, i: usize, r: &SentenceRow<'_>) -> rusqlite::Result<()> {
    st.raw_bind_parameter(i, r.doc)?;
    st.raw_bind_parameter(i + 1, r.paragraph)?;
    st.raw_bind_parameter(i + 2, int(r.ord))?;
    st.raw_bind_parameter(i + 3, int(r.s.span.start))?;
    st.raw_bind_parameter(i + 4, int(r.s.span.end))?;
    st.raw_bind_parameter(i + 5, int(r.s.start))?;
    st.raw_bind_parameter(i + 6, int(r.s.end))?;
    st.raw_bind_parameter(i + 7, &r.s.lang)?;
    st.raw_bind_parameter(i + 8, f64::from(r.s.lang_confidence))
}

fn bind_anchor(st: &mut Statement<'_>, i: usize, r: &AnchorRow<'_>) -> rusqlite::Result<()> {
    st.raw_bind_parameter(i, r.doc)?;
    st.raw_bind_parameter(i + 1, r.paragraph)?;
    st.raw_bind_parameter(i + 2, int(r.ord))?;
    st.raw_bind_parameter(i + 3, &r.a.label)?;
    st.raw_bind_parameter(i + 4, int(r.a.span.start))?;
    st.raw_bind_parameter(i + 5, int(r.a.span.end))?;
    st.raw_bind_parameter(i + 6, int(r.a.offset))
}

fn bind_reference(st: &mut Statement<'_>, i: usize, r: &ReferenceRow<'_>) -> rusqlite::Result<()> {
    st.raw_bind_parameter(i, r.doc)?;
    st.raw_bind_parameter(i + 1, r.paragraph)?;
    st.raw_bind_parameter(i + 2, int(r.ord))?;
    st.raw_bind_parameter(i + 3, &r.r.label)?;
    st.raw_bind_parameter(i + 4, int(r.r.span.start))?;
    st.raw_bind_parameter(i + 5, int(r.r.span.end))?;
    st.raw_bind_parameter(i + 6, &r.r.text)
}

/// Inserts the paragraphs, sentences, anchors, reference entries and
/// temporal expressions of
/// `doc` (stored as document `id`). Must run inside a write transaction.
///
/// `crash_after` is the crash-test hook of [`crate::Store::save`]: abort the
/// process once that many paragraph rows have been written by this process
/// (counting across documents, so a test can crash in the middle of a later
/// document while earlier ones are committed).
/// Paragraph rows written by this process, for the crash-test hook.
static PARAGRAPHS_WRITTEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub(crate) fn write_children(
    tx: &Connection,
    id: DocId,
    doc: &Document,
    crash_after: Option<usize>,
) -> rusqlite::Result<()> {
    if crash_after == Some(0) {
        std::process::abort();
    }
    let first_id: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM paragraphs")?
        .query_row([], |r| r.get(0))?;
    let mut paragraphs = Inserter::new(
        tx,
        "paragraphs",
        &[
            "id",
            "doc_id",
            "ord",
            "kind",
            "start",
            "\"end\"",
            "lang",
            "lang_confidence",
            "text",
            "text_map",
        ],
        bind_paragraph,
    );
    let mut sentences = Inserter::new(
        tx,
        "sentences",
        &[
            "doc_id",
            "paragraph_id",
            "ord",
            "start",
            "\"end\"",
            "text_start",
            "text_end",
            "lang",
            "lang_confidence",
        ],
        bind_sentence,
    );
    let mut anchors = Inserter::new(
        tx,
        "anchors",
        &[
            "doc_id",
            "paragraph_id",
            "ord",
            "label",
            "start",
            "\"end\"",
            "text_offset",
        ],
        bind_anchor,
    );
    let mut references = Inserter::new(
        tx,
        "reference_entries",
        &[
            "doc_id",
            "paragraph_id",
            "ord",
            "label",
            "start",
            "\"end\"",
            "text",
        ],
        bind_reference,
    );
    let mut timexes = Inserter::new(
        tx,
        "timexes",
        &[
            "doc_id",
            "paragraph_id",
            "sentence_ord",
            "ord",
            "start",
            "\"end\"",
            "text_start",
            "text_end",
            "text",
            "type",
            "value",
            "mod",
            "anchor",
            "calendar",
            "alt_value",
        ],
        bind_timex,
    );
    let mut mentions = Inserter::new(
        tx,
        "mentions",
        &[
            "doc_id",
            "paragraph_id",
            "sentence_ord",
            "ord",
            "start",
            "\"end\"",
            "text_start",
            "text_end",
            "text",
            "lang",
            "kind",
            "cue",
            "place",
            "role",
        ],
        bind_mention,
    );
    let doc_id = id.0;
    for (ord, p) in doc.paragraphs.iter().enumerate() {
        let pid = first_id + int(ord);
        let mut text_map = Vec::with_capacity(16);
        codec::encode(&p.text, &mut text_map);
        paragraphs.push(ParagraphRow {
            id: pid,
            doc: doc_id,
            ord,
            p,
            text_map,
        })?;
        if let Some(n) = crash_after {
            paragraphs.flush()?;
            let _ = ord;
            let written = PARAGRAPHS_WRITTEN.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            if n == written {
                std::process::abort();
            }
        }
        for (ord, s) in p.sentences.iter().enumerate() {
            sentences.push(SentenceRow {
                doc: doc_id,
                paragraph: pid,
                ord,
                s,
            })?;
        }
        for (ord, a) in p.anchors.iter().enumerate() {
            anchors.push(AnchorRow {
                doc: doc_id,
                paragraph: pid,
                ord,
                a,
            })?;
        }
    }
    for (ord, r) in doc.references.iter().enumerate() {
        references.push(ReferenceRow {
            doc: doc_id,
            paragraph: first_id + int(r.paragraph),
            ord,
            r,
        })?;
    }
    for (ord, t) in doc.timexes.iter().enumerate() {
        timexes.push(TimexRow {
            doc: doc_id,
            paragraph: first_id + int(t.paragraph),
            ord,
            t,
        })?;
    }
    for (ord, m) in doc.mentions.iter().enumerate() {
        mentions.push(MentionRow {
            doc: doc_id,
            paragraph: first_id + int(m.paragraph),
            ord,
            m,
        })?;
    }
    paragraphs.flush()?;
    sentences.flush()?;
    anchors.flush()?;
    references.flush()?;
    timexes.flush()?;
    mentions.flush()?;
    Ok(())
}
