//! Documents, paragraphs, sentences, citation anchors and reference entries.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::mapped::MappedText;

/// Language code for text whose language could not be determined.
pub const UNDETERMINED: &str = "und";

/// Version of the analysis pipeline. Bump it whenever a change to analysis
/// changes what is stored for a document: a store re-analyses unchanged
/// files that an older pipeline analysed.
pub const PIPELINE_VERSION: u32 = 4;

/// A half-open range of UTF-8 byte offsets into a document's source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// The input format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Jsonl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
        }
    }
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "text" | "txt" => Format::Text,
            "markdown" | "md" => Format::Markdown,
            "html" | "htm" => Format::Html,
            "jsonl" => Format::Jsonl,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a paragraph-level block of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// Running text: what later stages read for dates, entities and events.
    Narrative,
    /// A section title.
    Heading,
    /// A short line that is not a sentence: an infobox cell, a caption, a label.
    Fragment,
    /// An entry of a reference list or bibliography.
    Reference,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Narrative => "narrative",
            BlockKind::Heading => "heading",
            BlockKind::Fragment => "fragment",
            BlockKind::Reference => "reference",
        }
    }
    pub fn parse(s: &str) -> Option<BlockKind> {
        Some(match s {
            "narrative" => BlockKind::Narrative,
            "heading" => BlockKind::Heading,
            "fragment" => BlockKind::Fragment,
            "reference" => BlockKind::Reference,
            _ => return None,
        })
    }
}

impl fmt::Display for BlockKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sentence of a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// Span in the document's source text.
    pub span: Span,
    /// Range in the paragraph's cleaned text.
    pub start: usize,
    pub end: usize,
    /// ISO 639-1 code, or [`UNDETERMINED`].
    pub lang: String,
    pub lang_confidence: f32,
}

/// A footnote marker removed from the cleaned text but kept as a citation
/// anchor: `[12]` gives label `12`, ` 28 .` gives label `28`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub label: String,
    /// Span of the marker in the source text.
    pub span: Span,
    /// Where the marker stood in the paragraph's cleaned text.
    pub offset: usize,
}

/// A paragraph-level block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    pub kind: BlockKind,
    /// Span in the document's source text.
    pub span: Span,
    /// Cleaned text (markers and debris removed, whitespace collapsed) with its
    /// map back to the source text.
    pub text: MappedText,
    pub lang: String,
    pub lang_confidence: f32,
    pub sentences: Vec<Sentence>,
    pub anchors: Vec<Anchor>,
}

impl Paragraph {
    /// The cleaned text of one of this paragraph's sentences.
    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.text.text()[s.start..s.end]
    }
}

/// An entry of a reference list, stored as the paragraph at `paragraph`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// Index into [`Document::paragraphs`].
    pub paragraph: usize,
    /// The entry's number or letter when the list gives one (`129`), else its
    /// position in the list.
    pub label: Option<String>,
    /// Span of the entry in the source text.
    pub span: Span,
    /// The entry text without list numbers, back-links (`^ a b`) and
    /// tool debris.
    pub text: String,
}

/// What kind of temporal expression a [`Timex`] is (TimeML's types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period: `27 April 1920`, `1918—1920`, `XIX əsr`.
    Date,
    /// A date with a time of day: `at 3:00 a.m. on April 27`.
    Time,
    /// A length of time: `4 месяцы`, `PT2H40M`.
    Duration,
    /// A recurring time: `every year`.
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }

    pub fn parse(s: &str) -> Option<TimexType> {
        Some(match s {
            "DATE" => TimexType::Date,
            "TIME" => TimexType::Time,
            "DURATION" => TimexType::Duration,
            "SET" => TimexType::Set,
            _ => return None,
        })
    }
}

/// The part of a period an expression names: `early 1920` is the start of
/// 1920. The value stays the whole period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexMod {
    Start,
    Mid,
    End,
}

impl TimexMod {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexMod::Start => "START",
            TimexMod::Mid => "MID",
            TimexMod::End => "END",
        }
    }

    pub fn parse(s: &str) -> Option<TimexMod> {
        Some(match s {
            "START" => TimexMod::Start,
            "MID" => TimexMod::Mid,
            "END" => TimexMod::End,
            _ => return None,
        })
    }
}

/// A temporal expression found in a sentence, normalised to EDTF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    /// Index of the paragraph in [`Document::paragraphs`].
    pub paragraph: usize,
    /// Index of the sentence in the paragraph.
    pub sentence: usize,
    /// Span in the document's source text.
    pub span: Span,
    /// Range in the paragraph's cleaned text.
    pub start: usize,
    pub end: usize,
    /// The expression as it reads in the cleaned text.
    pub text: String,
    pub kind: TimexType,
    /// EDTF value (`1920-04-27`, `1918/1920`, `192X`, `1919-23`), or an ISO
    /// 8601 duration (`P4M`, `PT2H40M`) for durations and sets.
    pub value: String,
    pub modifier: Option<TimexMod>,
    /// The narrated date a partial expression was completed from (`1919-04-06`
    /// for `15 чэрвеня`); `None` when the text gives every part itself.
    pub anchor: Option<String>,
    /// `julian` when the text gives an Old Style date; `value` is then the
    /// Gregorian date and `alt_value` the date as the text gives it.
    pub calendar: Option<String>,
    pub alt_value: Option<String>,
}

/// One line of `chronicle export times` and `chronicle times --json`: the
/// format of the temporal scorer (`score_timex.py`), plus Chronicle's extra
/// fields.
#[derive(Debug, Clone, Serialize)]
pub struct TimexRecord<'a> {
    /// The document's short name (the file name).
    pub doc: &'a str,
    /// UTF-8 byte offsets into the original file.
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub value: &'a str,
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<&'static str>,
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt_value: Option<&'a str>,
}

impl Timex {
    /// The export record of this expression in document `doc`.
    pub fn record<'a>(&'a self, doc: &'a str) -> TimexRecord<'a> {
        TimexRecord {
            doc,
            start: self.span.start,
            end: self.span.end,
            text: &self.text,
            value: &self.value,
            modifier: self.modifier.map(TimexMod::as_str),
            kind: self.kind.as_str(),
            anchor: self.anchor.as_deref(),
            calendar: self.calendar.as_deref(),
            alt_value: self.alt_value.as_deref(),
        }
    }
}

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "PLACE")]
    Place,
    /// Organisations: parties, governments, armies and units, councils,
    /// congresses, newspapers.
    #[serde(rename = "ORG")]
    Org,
}

impl EntityType {
    pub const ALL: [EntityType; 3] = [EntityType::Person, EntityType::Place, EntityType::Org];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Place => "PLACE",
            EntityType::Org => "ORG",
        }
    }

    /// Parses `PERSON`, `PLACE`, `ORG` (any case; also `ORGANISATION`,
    /// `ORGANIZATION`, `LOC`, `PER`).
    pub fn parse(s: &str) -> Option<EntityType> {
        Some(match s.to_ascii_uppercase().as_str() {
            "PERSON" | "PER" | "PEOPLE" => EntityType::Person,
            "PLACE" | "LOC" | "LOCATION" | "PLACES" => EntityType::Place,
            "ORG" | "ORGANISATION" | "ORGANIZATION" | "ORGS" => EntityType::Org,
            _ => return None,
        })
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name of a person, place or organisation in a sentence.
///
/// The document stage finds mentions and what the sentence says about their
/// type; which entity a mention names is decided across the whole corpus
/// (`chronicle-entities`' resolver) and stored with the mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Index of the paragraph in [`Document::paragraphs`].
    pub paragraph: usize,
    /// Index of the sentence in the paragraph.
    pub sentence: usize,
    /// Span in the document's source text.
    pub span: Span,
    /// Range in the paragraph's cleaned text.
    pub start: usize,
    pub end: usize,
    /// The name as it reads in the cleaned text, inflection included
    /// (`Bakıdan`, `Андранікам`).
    pub text: String,
    /// Language of the sentence (ISO 639-1), which decides how the name is
    /// romanised and which endings are stripped.
    pub lang: String,
    /// The type the sentence suggests, if any (`None`: a capitalised name
    /// with no cue; the corpus decides).
    pub kind: Option<EntityType>,
    /// How strongly the sentence suggests `kind`: 1 weak (a surname ending),
    /// 2 a gazetteer hit, 3 strong (a title, a name particle, an organisation
    /// head word, a place head word).
    pub cue: u8,
    /// The gazetteer place the name matched, if any (`geonames:147105`).
    pub place: Option<String>,
    /// The title or office written before a person's name (`governor`).
    pub role: Option<String>,
}

/// One document and everything the foundation stage extracts from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Identity of the document: the canonical path of its file, with
    /// `#id` (or `#L<line>`) appended for a record of a JSONL corpus.
    pub source: String,
    /// Short name used in exports: the file name (plus `#id` for JSONL).
    pub name: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Language declared by the input (JSONL `lang`), if any.
    pub declared_lang: Option<String>,
    /// `sha256:` followed by the hex digest of the document's raw bytes.
    pub content_hash: String,
    /// Encoding the bytes were decoded from (`utf-8`, `windows-1251`, …).
    pub encoding: String,
    pub format: Format,
    /// The original text decoded to UTF-8. Every span points into it.
    pub source_text: String,
    pub paragraphs: Vec<Paragraph>,
    pub references: Vec<Reference>,
    /// Temporal expressions, in document order.
    #[serde(default)]
    pub timexes: Vec<Timex>,
    /// Mentions of people, places and organisations, in document order.
    #[serde(default)]
    pub mentions: Vec<Mention>,
}

impl Document {
    /// The language covering most bytes outside reference lists (or, for a
    /// document that is only a reference list, most bytes), if any.
    pub fn main_lang(&self) -> Option<&str> {
        let only_refs = self
            .paragraphs
            .iter()
            .all(|p| p.kind == BlockKind::Reference);
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for p in &self.paragraphs {
            if p.lang == UNDETERMINED || (p.kind == BlockKind::Reference && !only_refs) {
                continue;
            }
            match counts.iter_mut().find(|(l, _)| *l == p.lang) {
                Some((_, n)) => *n += p.text.len(),
                None => counts.push((&p.lang, p.text.len())),
            }
        }
        counts.into_iter().max_by_key(|(_, n)| *n).map(|(l, _)| l)
    }

    pub fn sentence_count(&self) -> usize {
        self.paragraphs.iter().map(|p| p.sentences.len()).sum()
    }

    pub fn anchor_count(&self) -> usize {
        self.paragraphs.iter().map(|p| p.anchors.len()).sum()
    }
}
