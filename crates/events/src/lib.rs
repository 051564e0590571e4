//! Events, claims, citations and disagreements: who says what happened,
//! when and where.
//!
//! The stage runs over the whole store after entity resolution:
//! 1. [`citations`]: reference entries parsed into works (authors, year,
//!    title, place, publisher, pages, DOI, language), footnote markers linked
//!    to the entries they point to, and one work for an entry in two scripts
//!    or a short form elsewhere;
//! 2. [`extract`]: the tellings of each document: a sentence (or clause)
//!    with an event trigger, a date or a counted number, with its time,
//!    places, participants, [`quantity`] claims, [`attribution`] and cited
//!    references, plus the anachronism check;
//! 3. [`align`]: tellings of one real-world event across sentences,
//!    documents and languages grouped into an event;
//! 4. [`conflicts`]: within an event, claims about one slot (time, a
//!    quantity, a date against the narrative) that disagree at their stated
//!    precision, each with its source. Chronicle never picks a winner.
//!
//! Words of a language are in `crates/lang/data/<code>.toml`, section
//! `[events]`; this crate holds shapes and the language-independent event
//! classes and their families ([`align::FAMILIES`]).

pub mod align;
pub mod attribution;
pub mod citations;
pub mod conflicts;
pub mod corpus;
pub mod extract;
pub mod lexicon;
pub mod quantity;
pub mod when;

pub use corpus::{Analysis, CorpusDoc, analyse, analyse_store};
