//! The corpus-level annotations: events and their tellings, quantity claims,
//! attributions, cited works and disagreements between sources.
//!
//! These are built by `chronicle-events` from stored documents (after entity
//! resolution) and stored as a whole. Every telling, claim and citation keeps
//! its document name and a byte span into that document's source text.

use serde::{Deserialize, Serialize};

/// An event: one real-world happening told by one or more sentences, in one
/// or more documents and languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Readable, stable id: `1920-04-27-capture-bileceri`.
    pub id: String,
    /// Short description built from the class, places and people.
    pub label: String,
    /// Event classes of its tellings (`capture`, `resign`…), most told first.
    pub classes: Vec<String>,
    /// The earliest and latest day any explicit telling gives (EDTF days),
    /// for ordering and filtering; `None` when no telling has a date.
    pub start: Option<String>,
    pub end: Option<String>,
    /// Entity ids of the places and of the other participants, most
    /// mentioned first.
    pub places: Vec<String>,
    pub participants: Vec<String>,
    /// Languages and documents that tell it.
    pub langs: Vec<String>,
    pub documents: Vec<String>,
    pub tellings: Vec<Telling>,
}

/// One sentence (or clause) telling an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Telling {
    /// Document name (as in exports) and store id.
    pub doc: String,
    pub doc_id: i64,
    pub paragraph: usize,
    pub sentence: usize,
    /// Span of the telling in the source text: the sentence, or the clause
    /// when one sentence tells several events.
    pub start: usize,
    pub end: usize,
    /// Span of the whole sentence.
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub lang: String,
    /// The sentence's cleaned text.
    pub text: String,
    /// Event classes of the trigger words (`capture`, `arrive`…); empty when
    /// the sentence only has a date.
    pub classes: Vec<String>,
    /// The trigger words as written, or a short predicate when none.
    pub predicate: String,
    pub time: Option<EventTime>,
    pub places: Vec<Participant>,
    pub participants: Vec<Participant>,
    pub quantities: Vec<Quantity>,
    pub attribution: Option<Attribution>,
    /// References cited at this sentence (footnote markers).
    pub references: Vec<CitedReference>,
    /// True when the sentence continues the telling before it (no date or
    /// place of its own: "During the two-hour battle, six were killed").
    pub continuation: bool,
    /// A date in this sentence that conflicts with the narrative around it.
    pub anachronism: Option<Anachronism>,
}

/// When a telling says the event happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventTime {
    /// EDTF value at the precision the text gives.
    pub value: String,
    /// `START`, `MID`, `END` when the text names part of the period.
    #[serde(rename = "mod")]
    pub modifier: Option<String>,
    /// The expression as written; empty when inherited.
    pub text: String,
    /// False when the sentence has no date and the value is the narrative's.
    pub explicit: bool,
}

/// An entity taking part in a telling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Entity id, when the mention was linked.
    pub entity: Option<String>,
    /// The name as written.
    pub text: String,
    /// `PERSON`, `PLACE`, `ORG`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `agent` or `target` where the sentence makes it clear.
    pub role: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// A number claim: what it counts and the interval it states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Lower and upper bound (`None`: open), and the single stated figure
    /// when there is one.
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// EDTF-like value for scorers and display: `3000`, `9000/30000`,
    /// `3000/..` (more than), `../13000` (as many as).
    pub value: String,
    /// `exact`, `range`, `at_least`, `at_most`, `about`, `vague`.
    pub kind: String,
    /// What is counted, as a class (`killed`, `wounded`, `soldiers`…).
    pub counts: Option<String>,
    /// The counted noun as written (`Armenians`, `армян`).
    pub what: Option<String>,
    /// The wording of the source.
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Who the text says a claim comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The source as written (`P. A. Druganov`, `Izvestiya`).
    pub source: String,
    /// Its entity id when linked.
    pub entity: Option<String>,
    /// The cue phrase (`according to`, `recorded`, `görə`) and the source
    /// noun when given (`memoirs`, `estimate`).
    pub cue: String,
    pub noun: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// A footnote marker of a telling and the work it points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitedReference {
    pub label: String,
    /// The reference entry text.
    pub text: Option<String>,
    /// The cited work's id.
    pub work: Option<String>,
}

/// A date that conflicts with the narrative around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anachronism {
    /// The date as written and its value.
    pub text: String,
    pub value: String,
    /// The year the surrounding narrative is in.
    pub narrative_year: i32,
    pub start: usize,
    pub end: usize,
}

/// Sources disagreeing about one slot of one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// `bileceri-time`-style id: event id plus slot.
    pub id: String,
    pub event: String,
    /// `time`, `quantity:killed`, `anachronism`…
    pub slot: String,
    /// One line saying what is disputed.
    pub about: String,
    /// The spread: lowest and highest values claimed.
    pub low: Option<String>,
    pub high: Option<String>,
    pub claims: Vec<Claim>,
}

/// One source's claim in a disagreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub doc: String,
    pub lang: String,
    /// Span of the telling that makes the claim.
    pub start: usize,
    pub end: usize,
    pub value: String,
    /// The words of the claim as written (the date or number phrase).
    pub wording: String,
    /// The sentence.
    pub sentence: String,
    pub attributed_to: Option<String>,
    /// Works cited at the sentence.
    pub references: Vec<String>,
}

/// A cited work: every reference entry and short citation of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Work {
    /// `kadishev-1960`.
    pub id: String,
    /// The fields of its fullest entry.
    pub fields: WorkFields,
    pub citations: Vec<Citation>,
    /// The key of the imported bibliography record that completed the
    /// parsed fields, if one matched.
    #[serde(default)]
    pub bibliography: Option<String>,
}

/// The parts of a reference entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkFields {
    pub authors: Vec<String>,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub place: Option<String>,
    pub publisher: Option<String>,
    pub pages: Option<String>,
    pub doi: Option<String>,
    pub url: Option<String>,
    /// Language the entry says the work is in (`(In Azerbaijani)`), else the
    /// script's likely language.
    pub lang: Option<String>,
    /// True for a short form (`Кадишев 1960, p. 243`).
    pub short: bool,
    /// CSL item type (`book`, `article-journal`, `chapter`, `thesis`,
    /// `webpage`…) when known: from an imported bibliography record, or a
    /// journal/volume pattern in the entry.
    #[serde(default)]
    pub kind: Option<String>,
    /// The journal, book or site the work appeared in.
    #[serde(default)]
    pub container: Option<String>,
    #[serde(default)]
    pub volume: Option<String>,
    #[serde(default)]
    pub issue: Option<String>,
}

/// A record of a bibliography the user imported (CSL-JSON or BibTeX), used
/// to complete the works parsed from reference entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BibRecord {
    /// The record's citation key or CSL `id`.
    pub key: String,
    pub fields: WorkFields,
    /// The file it was imported from.
    pub source: String,
}

/// One place a work is cited: a reference entry, or a footnote marker in
/// the text that points to one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    /// `entry` or `marker`.
    pub kind: String,
    pub label: Option<String>,
    pub text: String,
    pub fields: WorkFields,
}
