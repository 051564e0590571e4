//! Chronicle's data model.
//!
//! Every annotation Chronicle produces points at a byte span of the
//! document's *source text*: the original file decoded to UTF-8 (identical to
//! the file's bytes when the file is UTF-8). Cleaning produces new text, but
//! each cleaned string is a [`MappedText`] that can translate any of its
//! offsets back to the source text, so no stage ever loses the way back to
//! "show me where it says that".

pub mod corrections;
pub mod events;
pub mod mapped;
pub mod model;

pub use events::{
    Anachronism, Attribution, BibRecord, Citation, CitedReference, Claim, Conflict, Event,
    EventTime, Participant, Quantity, Telling, Work, WorkFields,
};
pub use mapped::{Bias, Edit, MappedText, MappedTextBuilder, Segment};
pub use model::{
    Anchor, BlockKind, Document, EntityType, Format, Mention, PIPELINE_VERSION, Paragraph,
    Reference, Sentence, Span, Timex, TimexMod, TimexRecord, TimexType, UNDETERMINED,
};
