//! Reading, decoding and cleaning source files into Chronicle documents.
//!
//! The stages, in order: [`source`] finds files and reads them into
//! [`RawDoc`]s (gzip, encodings, JSONL records, size limits); a format reader
//! ([`text`], [`markdown`], [`html`]) splits the text into [`blocks`];
//! [`clean`] removes debris and turns footnote markers into anchors;
//! [`references`] recognises reference entries; [`analyse`] puts it together
//! with sentence segmentation and language identification into a
//! [`chronicle_core::Document`].

pub mod analyse;
pub mod blocks;
pub mod clean;
pub mod decode;
pub mod error;
pub mod html;
pub mod markdown;
pub mod references;
pub mod source;
pub mod text;

pub use analyse::{AnalyseOptions, analyse};
pub use error::{InputError, InputErrorKind};
pub use source::{Discovery, Input, RawDoc, ReadOptions, Skipped, discover, read_input};
