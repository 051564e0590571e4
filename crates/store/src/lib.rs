//! Chronicle's embedded store: one SQLite database (`chronicle.db`) in a
//! store directory, holding every document with its paragraphs, sentences,
//! citation anchors and reference-list entries.
//!
//! * [`Store::open`] creates or migrates a store; [`Store::open_read_only`]
//!   opens an existing one for listing and export commands.
//! * [`Store::save`] writes one document per transaction and detects
//!   unchanged, changed and duplicate inputs ([`SaveOutcome`]).
//! * [`Store::load_document`] rebuilds a [`chronicle_core::Document`]
//!   exactly as saved; [`Store::list_documents`], [`Store::find_document`]
//!   and [`Store::stats`] answer the listing commands.
//! * `export_*` stream JSON lines; [`Store::verify`] checks consistency.
//!
//! Offsets are stored as INTEGER UTF-8 byte offsets into the document's
//! source text, which is stored too. A paragraph's cleaned text is stored
//! with its map back to the source in the compact binary form described in
//! the `codec` module.

pub mod codec;
mod entities;
mod error;
mod events;
mod export;
mod query;
mod schema;
mod store;
mod user;
mod verify;
mod write;

pub use entities::{Alias, EntityMention, EntityRecord, ResolutionWrite, StoredMention};
pub use error::StoreError;
pub use events::CorpusWrite;
pub use query::{DocSummary, Stats};
pub use schema::SCHEMA_VERSION;
pub use store::{CRASH_AFTER_PARAGRAPHS_ENV, DB_FILE, DocId, SaveOutcome, Store};
pub use verify::{Problem, VerifyReport};
