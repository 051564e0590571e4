//! Errors of the store.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

/// Everything that can go wrong while opening, writing or reading a store.
///
/// Every variant names the store (its database file) and, where one is
/// involved, the document, so that a message printed on its own says what
/// failed and where.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The store directory could not be created.
    #[error("cannot create store directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// A read-only open found no database.
    #[error("no Chronicle store at {path}: run `chronicle ingest` first to create it")]
    NotFound { path: PathBuf },

    /// SQLite could not open the database or set it up.
    #[error("cannot open store {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// The database could not be configured as the store needs.
    #[error("cannot configure store {path}: {message}")]
    Config { path: PathBuf, message: String },

    /// The database was written by a newer Chronicle.
    #[error(
        "store {path} has schema version {found}, but this build of Chronicle only knows \
         versions up to {supported}; use a newer Chronicle to read it"
    )]
    FutureSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    /// A read-only open found a database that needs migrating first.
    #[error(
        "store {path} has schema version {found}, older than {expected}; open it for \
         writing (for example with `chronicle ingest`) to upgrade it"
    )]
    OutdatedSchema {
        path: PathBuf,
        found: u32,
        expected: u32,
    },

    /// A schema migration failed (the store is left at the previous version).
    #[error("migrating store {path} to schema version {version} failed: {source}")]
    Migration {
        path: PathBuf,
        version: u32,
        #[source]
        source: rusqlite::Error,
    },

    /// Writing a document failed (its transaction was rolled back).
    #[error("saving document {doc} to store {path} failed: {source}")]
    Save {
        path: PathBuf,
        doc: String,
        #[source]
        source: rusqlite::Error,
    },

    /// A document cannot be stored as it is.
    #[error("cannot save document {doc} to store {path}: {message}")]
    InvalidDocument {
        path: PathBuf,
        doc: String,
        message: String,
    },

    /// A query failed.
    #[error("{what} in store {path} failed: {source}")]
    Query {
        path: PathBuf,
        what: String,
        #[source]
        source: rusqlite::Error,
    },

    /// Stored rows do not form a valid document.
    #[error("document {doc} in store {path} is corrupt: {message}")]
    Corrupt {
        path: PathBuf,
        doc: String,
        message: String,
    },

    /// No document has the given id.
    #[error("no document with id {id} in store {path}")]
    NoSuchDocument { path: PathBuf, id: i64 },

    /// A document name matches more than one document.
    #[error(
        "document name {name:?} is ambiguous in store {path}; it matches: {}; \
         give the id or the full source instead",
        .candidates.join(", ")
    )]
    Ambiguous {
        path: PathBuf,
        name: String,
        /// `id: source` for every match.
        candidates: Vec<String>,
    },

    /// Writing an export failed.
    #[error("writing {what} export failed: {source}")]
    Io {
        what: &'static str,
        #[source]
        source: io::Error,
    },

    /// A JSON line could not be written.
    #[error("writing {what} export failed: {source}")]
    Json {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
}
