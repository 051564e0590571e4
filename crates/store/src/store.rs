//! Opening a store, migrating it, and saving documents.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chronicle_core::{Document, PIPELINE_VERSION};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior, params};
use serde::Serialize;

use crate::error::StoreError;
use crate::schema::{MIGRATIONS, SCHEMA_VERSION};
use crate::write::write_children;

/// File name of the SQLite database inside a store directory.
pub const DB_FILE: &str = "chronicle.db";

/// Environment variable of the crash-test hook; see [`Store::save`].
pub const CRASH_AFTER_PARAGRAPHS_ENV: &str = "CHRONICLE_CRASH_AFTER_PARAGRAPHS";

/// How long a connection waits for another one's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The row id of a stored document. Stable across re-ingestion of a changed
/// file: a [`SaveOutcome::Changed`] keeps the id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DocId(pub i64);

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What [`Store::save`] did with a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// A new source: the document was inserted.
    New(DocId),
    /// A known source with new content: the old version was replaced, keeping
    /// its id.
    Changed(DocId),
    /// A known source with the same content hash: nothing was written.
    Unchanged(DocId),
    /// A new source whose content is already stored under another source:
    /// nothing was written.
    Duplicate {
        existing: DocId,
        existing_source: String,
    },
}

impl SaveOutcome {
    /// The id of the stored document this outcome refers to (for a duplicate,
    /// the existing document).
    pub fn id(&self) -> DocId {
        match self {
            SaveOutcome::New(id) | SaveOutcome::Changed(id) | SaveOutcome::Unchanged(id) => *id,
            SaveOutcome::Duplicate { existing, .. } => *existing,
        }
    }

    /// True when the outcome wrote to the store.
    pub fn wrote(&self) -> bool {
        matches!(self, SaveOutcome::New(_) | SaveOutcome::Changed(_))
    }
}

/// A Chronicle store: a directory holding the SQLite database
/// [`DB_FILE`].
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) dir: PathBuf,
    pub(crate) db_path: PathBuf,
    read_only: bool,
}

impl Store {
    /// Opens the store in `dir` for reading and writing, creating the
    /// directory and the database if missing and migrating an older schema.
    ///
    /// The database runs in WAL mode with `synchronous=NORMAL`, foreign keys
    /// on and a busy timeout, so readers never block the writer.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let db_path = dir.join(DB_FILE);
        let open_err = |source| StoreError::Open {
            path: db_path.clone(),
            source,
        };
        let mut conn = Connection::open(&db_path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        let found = user_version(&conn).map_err(open_err)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::FutureSchema {
                path: db_path,
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found == 0 {
            // Only takes effect on a new, empty database.
            conn.execute_batch("PRAGMA page_size = 16384")
                .map_err(open_err)?;
        }
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Config {
                path: db_path,
                message: format!("could not switch to WAL journal mode (got {mode:?})"),
            });
        }
        configure(&conn).map_err(open_err)?;
        migrate(&mut conn, &db_path)?;
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
            db_path,
            read_only: false,
        })
    }

    /// Opens an existing store for reading only (for listing and export
    /// commands). Fails with [`StoreError::NotFound`] when `dir` holds no
    /// store, and never creates or migrates anything.
    pub fn open_read_only(dir: &Path) -> Result<Store, StoreError> {
        let db_path = dir.join(DB_FILE);
        if !db_path.is_file() {
            return Err(StoreError::NotFound { path: db_path });
        }
        let open_err = |source| StoreError::Open {
            path: db_path.clone(),
            source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&db_path, flags).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        configure(&conn).map_err(open_err)?;
        let found = user_version(&conn).map_err(open_err)?;
        if found == 0 {
            return Err(StoreError::NotFound { path: db_path });
        }
        if found > SCHEMA_VERSION {
            return Err(StoreError::FutureSchema {
                path: db_path,
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION {
            return Err(StoreError::OutdatedSchema {
                path: db_path,
                found,
                expected: SCHEMA_VERSION,
            });
        }
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
            db_path,
            read_only: true,
        })
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The database file (`<dir>/chronicle.db`).
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// True for a store opened with [`Store::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        user_version(&self.conn).map_err(|e| self.query_err("reading the schema version", e))
    }

    /// The schema version this build of Chronicle writes.
    pub fn supported_schema_version() -> u32 {
        SCHEMA_VERSION
    }

    /// Saves `doc` in one transaction, keyed by its `source`:
    ///
    /// * a known source with the same `content_hash` → [`SaveOutcome::Unchanged`],
    ///   and nothing at all is written;
    /// * a known source with another hash → the old version's rows are
    ///   replaced atomically and the document keeps its id
    ///   ([`SaveOutcome::Changed`]);
    /// * a new source whose hash is already stored under another source →
    ///   [`SaveOutcome::Duplicate`], nothing written;
    /// * otherwise the document is inserted ([`SaveOutcome::New`]).
    ///
    /// # Testing hook
    ///
    /// When the environment variable `CHRONICLE_CRASH_AFTER_PARAGRAPHS` is set
    /// to a number `N`, `save` calls [`std::process::abort`] right after
    /// inserting the `N`-th paragraph row written by this process, counted
    /// across documents (with `N = 0`: right after the first document row),
    /// inside the open transaction. Crash tests use
    /// it to check that an interrupted save leaves the store as it was. Never
    /// set it outside tests.
    pub fn save(&mut self, doc: &Document) -> Result<SaveOutcome, StoreError> {
        self.validate(doc)?;
        let save_err = |path: &Path, source| StoreError::Save {
            path: path.to_path_buf(),
            doc: doc.source.clone(),
            source,
        };
        // Classify without taking the write lock: the common re-ingest case
        // (unchanged) and duplicates then never touch the database file.
        match classify(&self.conn, doc).map_err(|e| save_err(&self.db_path, e))? {
            Class::Unchanged(id) => return Ok(SaveOutcome::Unchanged(id)),
            Class::Duplicate(existing, existing_source) => {
                return Ok(SaveOutcome::Duplicate {
                    existing,
                    existing_source,
                });
            }
            Class::New | Class::Changed(_) => {}
        }
        let crash_after = crash_hook();
        let db_path = self.db_path.clone();
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .map_err(|e| save_err(&db_path, e))?;
        // Check again under the lock: another writer may have got there first.
        let outcome = match classify(&tx, doc).map_err(|e| save_err(&db_path, e))? {
            Class::Unchanged(id) => SaveOutcome::Unchanged(id),
            Class::Duplicate(existing, existing_source) => SaveOutcome::Duplicate {
                existing,
                existing_source,
            },
            Class::New => {
                let id = insert_document(&tx, None, doc).map_err(|e| save_err(&db_path, e))?;
                write_children(&tx, id, doc, crash_after).map_err(|e| save_err(&db_path, e))?;
                SaveOutcome::New(id)
            }
            Class::Changed(id) => {
                replace_document(&tx, id, doc).map_err(|e| save_err(&db_path, e))?;
                write_children(&tx, id, doc, crash_after).map_err(|e| save_err(&db_path, e))?;
                SaveOutcome::Changed(id)
            }
        };
        tx.commit().map_err(|e| save_err(&db_path, e))?;
        Ok(outcome)
    }

    /// True when the store holds `source` with exactly this content hash:
    /// a cheap check that lets a caller skip analysing an unchanged file.
    pub fn has_source_hash(&self, source: &str, content_hash: &str) -> Result<bool, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT 1 FROM documents WHERE source = ?1 AND content_hash = ?2 AND pipeline = ?3",
            )
            .map_err(|e| self.query_err("checking a content hash", e))?;
        stmt.exists(params![source, content_hash, PIPELINE_VERSION])
            .map_err(|e| self.query_err("checking a content hash", e))
    }

    fn validate(&self, doc: &Document) -> Result<(), StoreError> {
        let n = doc.paragraphs.len();
        if let Some((i, r)) = doc
            .references
            .iter()
            .enumerate()
            .find(|(_, r)| r.paragraph >= n)
        {
            return Err(StoreError::InvalidDocument {
                path: self.db_path.clone(),
                doc: doc.source.clone(),
                message: format!(
                    "reference {i} points at paragraph {} but the document has {n} paragraphs",
                    r.paragraph
                ),
            });
        }
        if let Some((i, t)) = doc
            .timexes
            .iter()
            .enumerate()
            .find(|(_, t)| t.paragraph >= n)
        {
            return Err(StoreError::InvalidDocument {
                path: self.db_path.clone(),
                doc: doc.source.clone(),
                message: format!(
                    "temporal expression {i} points at paragraph {} but the document has {n} paragraphs",
                    t.paragraph
                ),
            });
        }
        if let Some((i, m)) = doc
            .mentions
            .iter()
            .enumerate()
            .find(|(_, m)| m.paragraph >= n)
        {
            return Err(StoreError::InvalidDocument {
                path: self.db_path.clone(),
                doc: doc.source.clone(),
                message: format!(
                    "mention {i} points at paragraph {} but the document has {n} paragraphs",
                    m.paragraph
                ),
            });
        }
        Ok(())
    }

    pub(crate) fn query_err(&self, what: &str, source: rusqlite::Error) -> StoreError {
        StoreError::Query {
            path: self.db_path.clone(),
            what: what.to_string(),
            source,
        }
    }
}

fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -32768;
         PRAGMA wal_autocheckpoint = 2048;
         PRAGMA journal_size_limit = 67108864;
         PRAGMA temp_store = MEMORY;",
    )?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(())
}

/// Applies the pending migrations, each in its own transaction together with
/// the `user_version` bump.
fn migrate(conn: &mut Connection, db_path: &Path) -> Result<(), StoreError> {
    loop {
        let version = user_version(conn).map_err(|source| StoreError::Open {
            path: db_path.to_path_buf(),
            source,
        })?;
        if version >= SCHEMA_VERSION {
            return Ok(());
        }
        let target = version + 1;
        let err = |source| StoreError::Migration {
            path: db_path.to_path_buf(),
            version: target,
            source,
        };
        let tx = Transaction::new(conn, TransactionBehavior::Immediate).map_err(err)?;
        // Another process may have migrated while we waited for the lock.
        if user_version(&tx).map_err(err)? != version {
            continue;
        }
        tx.execute_batch(MIGRATIONS[version as usize])
            .map_err(err)?;
        tx.pragma_update(None, "user_version", target)
            .map_err(err)?;
        tx.commit().map_err(err)?;
    }
}

enum Class {
    New,
    Changed(DocId),
    Unchanged(DocId),
    Duplicate(DocId, String),
}

fn classify(conn: &Connection, doc: &Document) -> rusqlite::Result<Class> {
    let mut by_source =
        conn.prepare_cached("SELECT id, content_hash, pipeline FROM documents WHERE source = ?1")?;
    let mut rows = by_source.query([&doc.source])?;
    if let Some(row) = rows.next()? {
        let id = DocId(row.get(0)?);
        let hash = row.get_ref(1)?.as_str()?;
        let pipeline: i64 = row.get(2)?;
        return Ok(
            if hash == doc.content_hash && pipeline == i64::from(PIPELINE_VERSION) {
                Class::Unchanged(id)
            } else {
                Class::Changed(id)
            },
        );
    }
    drop(rows);
    let mut by_hash = conn.prepare_cached(
        "SELECT id, source FROM documents WHERE content_hash = ?1 ORDER BY id LIMIT 1",
    )?;
    let mut rows = by_hash.query([&doc.content_hash])?;
    if let Some(row) = rows.next()? {
        return Ok(Class::Duplicate(DocId(row.get(0)?), row.get(1)?));
    }
    Ok(Class::New)
}

fn crash_hook() -> Option<usize> {
    std::env::var(CRASH_AFTER_PARAGRAPHS_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
}

/// Offsets are stored as SQLite INTEGERs.
fn int(v: usize) -> i64 {
    v as i64
}

/// Inserts the document row, with the given id or (for `None`) a new one.
fn insert_document(tx: &Connection, id: Option<DocId>, doc: &Document) -> rusqlite::Result<DocId> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO documents (id, source, name, url, title, declared_lang, main_lang,
             content_hash, encoding, format, byte_len, source_text,
             paragraph_count, sentence_count, reference_count, anchor_count, pipeline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    stmt.execute(params![
        id.map(|i| i.0),
        doc.source,
        doc.name,
        doc.url,
        doc.title,
        doc.declared_lang,
        doc.main_lang(),
        doc.content_hash,
        doc.encoding,
        doc.format.as_str(),
        int(doc.source_text.len()),
        doc.source_text,
        int(doc.paragraphs.len()),
        int(doc.sentence_count()),
        int(doc.references.len()),
        int(doc.anchor_count()),
        PIPELINE_VERSION,
    ])?;
    Ok(DocId(tx.last_insert_rowid()))
}

/// Deletes document `id` (its children go with it: every `doc_id` column
/// cascades) and inserts the new version under the same id.
fn replace_document(tx: &Connection, id: DocId, doc: &Document) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM documents WHERE id = ?1")?
        .execute([id.0])?;
    insert_document(tx, Some(id), doc)?;
    Ok(())
}
