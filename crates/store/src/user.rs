//! The user's knowledge: the corrections file and imported bibliography
//! records, stored so that every rebuild applies them, and the date
//! corrections applied to the stored dates.

use std::collections::HashMap;

use chronicle_core::BibRecord;
use chronicle_core::corrections::{Action, Correction, CorrectionStatus};
use rusqlite::{TransactionBehavior, params};

use crate::error::StoreError;
use crate::store::Store;

impl Store {
    fn write_err(&self, what: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + use<> {
        let path = self.db_path.clone();
        move |e| StoreError::Query {
            path: path.clone(),
            what: what.to_string(),
            source: e,
        }
    }

    /// The stored corrections, in file order.
    pub fn corrections(&self) -> Result<Vec<Correction>, StoreError> {
        let q = |e| self.query_err("reading corrections", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT line, action, doc, start, \"end\", text, entity, value, note
                 FROM corrections ORDER BY ord",
            )
            .map_err(q)?;
        let rows = stmt
            .query_map([], |r| {
                let action: String = r.get(1)?;
                let offset = |i: usize| -> rusqlite::Result<Option<usize>> {
                    Ok(r.get::<_, Option<i64>>(i)?.map(|v| v.max(0) as usize))
                };
                Ok(Correction {
                    line: r.get::<_, i64>(0)?.max(0) as usize,
                    action: Action::parse(&action).unwrap_or(Action::Reject),
                    doc: r.get(2)?,
                    start: offset(3)?,
                    end: offset(4)?,
                    text: r.get(5)?,
                    entity: r.get(6)?,
                    value: r.get(7)?,
                    note: r.get(8)?,
                })
            })
            .map_err(q)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)
    }

    /// Replaces the stored corrections with `list` in one transaction;
    /// returns false (and writes nothing) when they are the same.
    pub fn replace_corrections(&mut self, list: &[Correction]) -> Result<bool, StoreError> {
        if self.corrections()? == list {
            return Ok(false);
        }
        let q = self.write_err("saving corrections");
        let tx = rusqlite::Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .map_err(&q)?;
        tx.execute("DELETE FROM corrections", []).map_err(&q)?;
        {
            let mut ins = tx
                .prepare(
                    "INSERT INTO corrections (ord, line, action, doc, start, \"end\", text, entity, value, note)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .map_err(&q)?;
            for (ord, c) in list.iter().enumerate() {
                ins.execute(params![
                    ord as i64,
                    c.line as i64,
                    c.action.as_str(),
                    c.doc,
                    c.start.map(|v| v as i64),
                    c.end.map(|v| v as i64),
                    c.text,
                    c.entity,
                    c.value,
                    c.note
                ])
                .map_err(&q)?;
            }
        }
        tx.commit().map_err(&q)?;
        Ok(true)
    }

    /// Makes the stored dates follow the `date` corrections of `list`: a
    /// corrected date gets its new value (the tagger's kept in
    /// `original_value`), and a date whose correction is gone gets the
    /// tagger's value back. One transaction, and nothing written when
    /// nothing changes. Returns the status of every date correction.
    pub fn apply_date_corrections(
        &mut self,
        list: &[Correction],
    ) -> Result<Vec<CorrectionStatus>, StoreError> {
        let (statuses, updates) = self.plan_date_corrections(list)?;
        if updates.is_empty() {
            return Ok(statuses);
        }
        let q = self.write_err("correcting dates");
        let tx = rusqlite::Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .map_err(&q)?;
        {
            let mut up = tx
                .prepare("UPDATE timexes SET value = ?2, original_value = ?3 WHERE id = ?1")
                .map_err(&q)?;
            for (id, value, original) in &updates {
                up.execute(params![id, value, original]).map_err(&q)?;
            }
        }
        tx.commit().map_err(&q)?;
        Ok(statuses)
    }

    /// The status of every date correction of `list` against the stored
    /// dates, without writing.
    pub fn date_correction_statuses(
        &self,
        list: &[Correction],
    ) -> Result<Vec<CorrectionStatus>, StoreError> {
        Ok(self.plan_date_corrections(list)?.0)
    }

    /// The statuses of the date corrections, and the rows to write: (row,
    /// value, the tagger's value when corrected).
    #[allow(clippy::type_complexity)]
    fn plan_date_corrections(
        &self,
        list: &[Correction],
    ) -> Result<(Vec<CorrectionStatus>, Vec<(i64, String, Option<String>)>), StoreError> {
        let q = |e| self.query_err("reading dates to correct", e);
        // Row id → the value it should have.
        let mut wanted: HashMap<i64, String> = HashMap::new();
        let mut statuses = Vec::new();
        for c in list.iter().filter(|c| c.action == Action::Date) {
            let status = |problem: Option<String>| CorrectionStatus {
                line: c.line,
                action: c.action,
                applied: problem.is_none(),
                problem,
            };
            let (Some(doc), Some(start), Some(value)) = (&c.doc, c.start, &c.value) else {
                statuses.push(status(Some("needs doc, start and value".into())));
                continue;
            };
            let Some(doc_id) = self.find_document(doc)? else {
                statuses.push(status(Some(format!("no document {doc:?}"))));
                continue;
            };
            let row: Option<(i64, i64, String, String, Option<String>)> = self
                .conn
                .prepare_cached(
                    "SELECT id, \"end\", text, value, original_value FROM timexes
                     WHERE doc_id = ?1 AND start = ?2 ORDER BY ord LIMIT 1",
                )
                .map_err(q)?
                .query_row(params![doc_id.0, start as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })
                .map_err(q)?;
            let Some((id, end, text, _, _)) = row else {
                statuses.push(status(Some(format!("no date at {doc}:{start}"))));
                continue;
            };
            if let Some(e) = c.end
                && e as i64 != end
            {
                statuses.push(status(Some(format!(
                    "the date at {doc}:{start} ends at {end}, not {e}"
                ))));
                continue;
            }
            if let Some(t) = &c.text
                && t.trim() != text.trim()
            {
                statuses.push(status(Some(format!(
                    "the date at {doc}:{start} reads {text:?}, not {t:?}"
                ))));
                continue;
            }
            wanted.insert(id, value.clone());
            statuses.push(status(None));
        }
        // Current state: rows corrected before, and the rows wanted now.
        let mut current: HashMap<i64, (String, Option<String>)> = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT id, value, original_value FROM timexes WHERE original_value IS NOT NULL")
                .map_err(q)?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
                .map_err(q)?;
            for row in rows {
                let (id, v) = row.map_err(q)?;
                current.insert(id, v);
            }
            let mut one = self
                .conn
                .prepare_cached("SELECT value, original_value FROM timexes WHERE id = ?1")
                .map_err(q)?;
            for id in wanted.keys() {
                if !current.contains_key(id) {
                    let v = one
                        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                        .map_err(q)?;
                    current.insert(*id, v);
                }
            }
        }
        // (row, value, original_value) to write.
        let mut updates: Vec<(i64, String, Option<String>)> = Vec::new();
        for (id, (value, original)) in &current {
            let tagger = original.clone().unwrap_or_else(|| value.clone());
            let (new_value, new_original) = match wanted.get(id) {
                Some(w) if *w != tagger => (w.clone(), Some(tagger)),
                _ => (tagger, None),
            };
            if &new_value != value || &new_original != original {
                updates.push((*id, new_value, new_original));
            }
        }
        Ok((statuses, updates))
    }

    /// The imported bibliography records, by key.
    pub fn bibliography(&self) -> Result<Vec<BibRecord>, StoreError> {
        let q = |e| self.query_err("reading the bibliography", e);
        let mut stmt = self
            .conn
            .prepare("SELECT key, data FROM bibliography ORDER BY key")
            .map_err(q)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(q)?;
        let mut out = Vec::new();
        for row in rows {
            let (key, data) = row.map_err(q)?;
            let record = serde_json::from_str(&data).map_err(|e| StoreError::Corrupt {
                path: self.db_path.clone(),
                doc: "(table bibliography)".into(),
                message: format!("record {key} does not parse: {e}"),
            })?;
            out.push(record);
        }
        Ok(out)
    }

    /// Stores the records of one imported file: records of `source` that
    /// are no longer in it are removed, the others added or replaced (a
    /// key seen in another file is taken over). One transaction; returns
    /// how many records were added, changed or removed (0: nothing
    /// written).
    pub fn import_bibliography(
        &mut self,
        source: &str,
        records: &[BibRecord],
    ) -> Result<usize, StoreError> {
        let existing: HashMap<String, BibRecord> = self
            .bibliography()?
            .into_iter()
            .map(|r| (r.key.clone(), r))
            .collect();
        let new_keys: std::collections::HashSet<&str> =
            records.iter().map(|r| r.key.as_str()).collect();
        let removed: Vec<&String> = existing
            .iter()
            .filter(|(k, r)| r.source == source && !new_keys.contains(k.as_str()))
            .map(|(k, _)| k)
            .collect();
        let changed: Vec<&BibRecord> = records
            .iter()
            .filter(|r| existing.get(&r.key) != Some(*r))
            .collect();
        let n = removed.len() + changed.len();
        if n == 0 {
            return Ok(0);
        }
        let q = self.write_err("saving the bibliography");
        let tx = rusqlite::Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .map_err(&q)?;
        for k in removed {
            tx.execute("DELETE FROM bibliography WHERE key = ?1", [k])
                .map_err(&q)?;
        }
        for r in changed {
            let data = serde_json::to_string(r).expect("bibliography records serialise");
            tx.execute(
                "INSERT OR REPLACE INTO bibliography (key, source, data) VALUES (?1, ?2, ?3)",
                params![r.key, r.source, data],
            )
            .map_err(&q)?;
        }
        tx.commit().map_err(&q)?;
        Ok(n)
    }
}
