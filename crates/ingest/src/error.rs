//! Errors about one input: each names the file and, where it applies, the
//! line and byte offset, and says what the user can do.

use std::fmt;

/// What went wrong with one input file or JSONL record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputErrorKind {
    #[error("no such file or directory")]
    NotFound,
    #[error("cannot read: {0}")]
    Io(String),
    #[error("file is empty")]
    Empty,
    #[error(
        "looks like binary data (NUL or control bytes near byte offset {0}); only text, Markdown, HTML and JSONL files (optionally gzip-compressed) are read"
    )]
    Binary(u64),
    #[error(
        "invalid UTF-8 at byte offset {0}; if the file uses a legacy encoding, name it with --encoding (for example --encoding windows-1251)"
    )]
    InvalidUtf8(u64),
    #[error(
        "mixes UTF-8 text with text in another encoding (invalid UTF-8 at byte offset {offset}, where it looks like {encoding}); nothing was stored, because decoding it all as either would garble the rest: convert the file to one encoding, or force one with --encoding"
    )]
    MixedEncoding { offset: u64, encoding: String },
    #[error(
        "{what} is {size} bytes, over the limit of {limit} bytes (raise it with --max-doc-bytes)"
    )]
    TooLarge {
        what: &'static str,
        size: u64,
        limit: u64,
    },
    #[error(
        "truncated or corrupt gzip data ({0}); the decompressed text is incomplete, so nothing from this file was stored"
    )]
    Gzip(String),
    #[error(
        "gzip data inflates over {ratio} times ({decompressed} bytes from the first {compressed} compressed bytes), as only a zip bomb does; reading stopped there, and records after it were not read",
        ratio = crate::decode::MAX_GZIP_RATIO
    )]
    GzipBomb { compressed: u64, decompressed: u64 },
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("JSON record has no string field \"text\"")]
    MissingText,
    #[error(
        "unsupported file type {0:?}; readable types are .txt, .md, .html, .htm, .jsonl and their .gz versions (or force one with --format)"
    )]
    Unsupported(String),
}

/// An error about one input, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    /// 1-based line (JSONL records, or the line of a byte offset).
    pub line: Option<u64>,
    pub kind: InputErrorKind,
}

impl InputError {
    pub fn new(path: impl Into<String>, kind: InputErrorKind) -> Self {
        InputError {
            path: path.into(),
            line: None,
            kind,
        }
    }

    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// The byte offset the error is about, when there is one.
    pub fn offset(&self) -> Option<u64> {
        match self.kind {
            InputErrorKind::Binary(o)
            | InputErrorKind::InvalidUtf8(o)
            | InputErrorKind::MixedEncoding { offset: o, .. } => Some(o),
            _ => None,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.kind),
            None => write!(f, "{}: {}", self.path, self.kind),
        }
    }
}

impl std::error::Error for InputError {}
