//! The corpus-level events stage's tables: events (with their tellings),
//! disagreements and cited works, each row a JSON record beside the columns
//! queries filter on. Rewritten as a whole, in one transaction, and only
//! when the result changed.

use std::io::Write;

use chronicle_core::{Conflict, Event, Work};
use rusqlite::{TransactionBehavior, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::StoreError;
use crate::store::Store;

/// What saving the events stage changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CorpusWrite {
    pub events_changed: bool,
    pub conflicts_changed: bool,
    pub works_changed: bool,
}

impl CorpusWrite {
    pub fn any(&self) -> bool {
        self.events_changed || self.conflicts_changed || self.works_changed
    }
}

#[derive(Serialize)]
struct EventLine<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    event: &'a str,
    lang: &'a str,
    classes: &'a [String],
    time: Option<&'a str>,
}

#[derive(Serialize)]
struct ClaimLine<'a> {
    conflict: &'a str,
    event: &'a str,
    slot: &'a str,
    doc: &'a str,
    start: usize,
    end: usize,
    value: &'a str,
    wording: &'a str,
    attributed_to: Option<&'a str>,
    references: &'a [String],
}

#[derive(Serialize)]
struct CitationLine<'a> {
    work: &'a str,
    doc: &'a str,
    start: usize,
    end: usize,
    kind: &'a str,
    label: Option<&'a str>,
}

impl Store {
    fn json_rows(&self, table: &str) -> Result<Vec<String>, StoreError> {
        let what = format!("reading {table}");
        let q = |e| self.query_err(&what, e);
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT data FROM {table} ORDER BY ord"))
            .map_err(q)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(q)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)
    }

    fn records<T: DeserializeOwned>(&self, table: &str) -> Result<Vec<T>, StoreError> {
        self.json_rows(table)?
            .iter()
            .map(|s| {
                serde_json::from_str(s).map_err(|e| StoreError::Corrupt {
                    path: self.db_path.clone(),
                    doc: format!("(table {table})"),
                    message: format!("a stored record does not parse: {e}"),
                })
            })
            .collect()
    }

    /// Stores the events stage's result in one transaction, replacing the
    /// previous one; writes nothing when it is unchanged.
    pub fn save_corpus_analysis(
        &mut self,
        events: &[Event],
        conflicts: &[Conflict],
        works: &[Work],
    ) -> Result<CorpusWrite, StoreError> {
        let json = |v: &dyn erased::Json| v.to_json();
        let ev: Vec<String> = events.iter().map(|e| json(e)).collect();
        let co: Vec<String> = conflicts.iter().map(|c| json(c)).collect();
        let wo: Vec<String> = works.iter().map(|w| json(w)).collect();
        let result = CorpusWrite {
            events_changed: self.json_rows("events")? != ev,
            conflicts_changed: self.json_rows("conflicts")? != co,
            works_changed: self.json_rows("works")? != wo,
        };
        if !result.any() {
            return Ok(result);
        }
        let q = |e| StoreError::Query {
            path: self.db_path.clone(),
            what: "saving events".to_string(),
            source: e,
        };
        let tx = rusqlite::Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .map_err(q)?;
        if result.events_changed {
            tx.execute("DELETE FROM events", []).map_err(q)?;
            let mut ins = tx
                .prepare(
                    "INSERT INTO events (id, ord, start, \"end\", telling_count, doc_count, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(q)?;
            for (i, (e, data)) in events.iter().zip(&ev).enumerate() {
                ins.execute(params![
                    e.id,
                    i as i64,
                    e.start,
                    e.end,
                    e.tellings.len() as i64,
                    e.documents.len() as i64,
                    data
                ])
                .map_err(q)?;
            }
        }
        if result.conflicts_changed {
            tx.execute("DELETE FROM conflicts", []).map_err(q)?;
            let mut ins = tx
                .prepare("INSERT INTO conflicts (id, ord, event, slot, data) VALUES (?1, ?2, ?3, ?4, ?5)")
                .map_err(q)?;
            for (i, (c, data)) in conflicts.iter().zip(&co).enumerate() {
                ins.execute(params![c.id, i as i64, c.event, c.slot, data])
                    .map_err(q)?;
            }
        }
        if result.works_changed {
            tx.execute("DELETE FROM works", []).map_err(q)?;
            let mut ins = tx
                .prepare(
                    "INSERT INTO works (id, ord, citation_count, data) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(q)?;
            for (i, (w, data)) in works.iter().zip(&wo).enumerate() {
                ins.execute(params![w.id, i as i64, w.citations.len() as i64, data])
                    .map_err(q)?;
            }
        }
        tx.commit().map_err(q)?;
        Ok(result)
    }

    /// Every event, in timeline order (undated last within their document).
    pub fn events(&self) -> Result<Vec<Event>, StoreError> {
        self.records("events")
    }

    /// Every disagreement.
    pub fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        self.records("conflicts")
    }

    /// Every cited work.
    pub fn works(&self) -> Result<Vec<Work>, StoreError> {
        self.records("works")
    }

    /// Writes `{"doc","start","end","event",…}` per telling (score.py events).
    pub fn export_events(&self, w: &mut dyn Write) -> Result<u64, StoreError> {
        let mut n = 0;
        for e in self.events()? {
            for t in &e.tellings {
                let line = EventLine {
                    doc: &t.doc,
                    start: t.start,
                    end: t.end,
                    event: &e.id,
                    lang: &t.lang,
                    classes: &t.classes,
                    time: t.time.as_ref().map(|x| x.value.as_str()),
                };
                write_line(w, &line, "events")?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Writes `{"conflict","doc","start","end","value",…}` per claim
    /// (score.py conflicts).
    pub fn export_conflicts(&self, w: &mut dyn Write) -> Result<u64, StoreError> {
        let mut n = 0;
        for c in self.conflicts()? {
            for cl in &c.claims {
                let line = ClaimLine {
                    conflict: &c.id,
                    event: &c.event,
                    slot: &c.slot,
                    doc: &cl.doc,
                    start: cl.start,
                    end: cl.end,
                    value: &cl.value,
                    wording: &cl.wording,
                    attributed_to: cl.attributed_to.as_deref(),
                    references: &cl.references,
                };
                write_line(w, &line, "conflicts")?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Writes `{"work","doc","start","end","kind","label"}` per reference
    /// entry and footnote marker of a work (score.py citations).
    pub fn export_citations(&self, w: &mut dyn Write) -> Result<u64, StoreError> {
        let mut n = 0;
        for work in self.works()? {
            for c in &work.citations {
                let line = CitationLine {
                    work: &work.id,
                    doc: &c.doc,
                    start: c.start,
                    end: c.end,
                    kind: &c.kind,
                    label: c.label.as_deref(),
                };
                write_line(w, &line, "citations")?;
                n += 1;
            }
        }
        Ok(n)
    }
}

fn write_line<T: Serialize>(
    w: &mut dyn Write,
    line: &T,
    what: &'static str,
) -> Result<(), StoreError> {
    serde_json::to_writer(&mut *w, line).map_err(|source| StoreError::Json { what, source })?;
    w.write_all(b"\n")
        .map_err(|source| StoreError::Io { what, source })
}

mod erased {
    /// Serialisation of the stored records without generic closures.
    pub trait Json {
        fn to_json(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).expect("records serialise")
        }
    }
}
