//! The user's corrections: decisions a person made about the analysis,
//! kept in the store and applied on every rebuild, so a re-ingest or a new
//! pipeline version never loses them.
//!
//! Mentions and dates are named by their document (file name, as in the
//! exports) and source byte offset (`start`, as the exports and the web
//! UI's reader give it); `end` and `text`, when given, must match too, so a
//! correction made against an older version of a document is reported as
//! stale rather than applied to the wrong words.

use serde::{Deserialize, Serialize};

/// What a correction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The mention at `doc`/`start` names no entity.
    Reject,
    /// Entity `entity` is the same as entity `value`: its mentions join
    /// `value`.
    Merge,
    /// The mentions of entity `entity` in document `doc` (or only the one
    /// at `start`) are a different entity: `value` (an existing id moves
    /// them there; a new id makes a new entity).
    Split,
    /// The date at `doc`/`start` has the EDTF value `value`.
    Date,
}

impl Action {
    pub const ALL: [Action; 4] = [Action::Reject, Action::Merge, Action::Split, Action::Date];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Reject => "reject",
            Action::Merge => "merge",
            Action::Split => "split",
            Action::Date => "date",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One correction, as read from a corrections file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// Line of the file it came from (for reports).
    pub line: usize,
    pub action: Action,
    /// Document name (or source path).
    pub doc: Option<String>,
    /// Source byte offsets of the mention or date.
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// The words at that span, as a check.
    pub text: Option<String>,
    /// The entity corrected (merge, split).
    pub entity: Option<String>,
    /// The target entity (merge, split) or the EDTF value (date).
    pub value: Option<String>,
    /// Why: kept for the people who read the file later.
    pub note: Option<String>,
}

/// Whether a correction took effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionStatus {
    pub line: usize,
    pub action: Action,
    /// True when it changed (or confirmed) the analysis.
    pub applied: bool,
    /// Why it did not apply (`no mention at be-shusha.txt:1234`,
    /// `no entity sultanov-3`, `text there is "Shusha", not "Shushi"`).
    pub problem: Option<String>,
}
