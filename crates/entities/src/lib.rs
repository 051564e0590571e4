//! People, places and organisations: finding their names in sentences
//! ([`recognise`]) and deciding across a corpus which names are one entity
//! ([`resolve`]).
//!
//! The document stage ([`Recogniser::tag_document`]) runs with the rest of a
//! document's analysis and stores [`chronicle_core::Mention`]s with the type
//! their sentence suggests and the gazetteer place their name matches. The
//! corpus stage ([`resolve::resolve`]) runs after every ingest over all stored
//! mentions, because whether `Hajinski` is Mammad Hasan or Jamo bey, and
//! whether `Müsavat` is a party, is decided by the other documents too.
//!
//! Words of languages live in `crates/lang/data/<code>.toml` (`[names]`);
//! name keys and transliteration in `chronicle-names`; places in
//! `chronicle-gazetteer`.

pub mod recognise;
pub mod resolve;

pub use recognise::Recogniser;
pub use resolve::{Entity, MentionRef, Resolution, resolve, slug};

pub mod corpus;
pub mod corrections;
pub use corpus::{resolve_store, resolve_stored};
