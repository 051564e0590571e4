//! Chronicle's full-text search: a tantivy index of every sentence and
//! paragraph, kept beside the store (`<store>/index`), which stays the
//! source of truth.
//!
//! - [`analyze`]: words and their three index keys (stem, fold, roman).
//! - [`units`]: what is indexed: sentences and paragraphs with their
//!   entities, places, event classes, events and event times.
//! - [`aliases`]: the entity alias clusters, for expanding a name into every
//!   form it was written with.
//! - [`query`]: the query syntax and its expansion into index terms.
//! - [`index`]: building and updating the index from the store, and
//!   searching it with filters, facets and highlights.

pub mod aliases;
pub mod analyze;
pub mod index;
pub mod query;
pub mod schema;
pub mod units;

use std::path::PathBuf;

pub use aliases::{AliasTable, EntityNames};
pub use index::{
    Facet, Filters, Highlight, Hit, IndexCheck, SearchIndex, SearchRequest, SearchResults,
    UnitKind, Update, index_dir,
};
pub use query::{ExpandedEntity, Expansion};
pub use units::{Unit, day_range};

/// What can go wrong while indexing or searching.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query or a parameter is malformed; the message says how to fix it.
    #[error("{0}")]
    BadQuery(String),
    #[error("no search index at {}: run `chronicle reindex --store {}` to build it", dir.display(), store.display())]
    Missing { dir: PathBuf, store: PathBuf },
    #[error("the search index at {} was built by another version of Chronicle (index version {found}, this build reads {expected}): run `chronicle reindex` to rebuild it", dir.display())]
    Version {
        dir: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("search index at {}: {message}", dir.display())]
    Index { dir: PathBuf, message: String },
    #[error("search index at {}: {source}", dir.display())]
    Io {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] chronicle_store::StoreError),
}
