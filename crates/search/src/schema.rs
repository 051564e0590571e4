//! The index schema: one index document per sentence and per paragraph.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Bumped when the schema or the analysis changes: an index of another
/// version is rebuilt.
pub const INDEX_VERSION: u32 = 6;

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `sentence` or `paragraph`.
    pub unit: Field,
    /// Store id of the document (deletes go by it).
    pub doc_id: Field,
    /// Document name.
    pub doc: Field,
    pub paragraph: Field,
    /// Sentence number in the paragraph (sentences only).
    pub sentence: Field,
    /// Source byte span.
    pub start: Field,
    pub end: Field,
    /// The cleaned text (stored only; the keys below are indexed).
    pub text: Field,
    /// Clean-to-source offset map of `text` when it is not a plain copy of
    /// the source span.
    pub map: Field,
    pub lang: Field,
    /// The word keys of sentences, and of paragraphs (separate fields, so
    /// that choosing the unit costs no filter).
    pub sentence_keys: KeyFields,
    pub paragraph_keys: KeyFields,
    /// Linked entities, the places among them, event classes and event ids.
    pub entity: Field,
    pub place: Field,
    pub class: Field,
    pub event: Field,
    /// Event time as the hull of its tellings' times, in `YYYYMMDD` days
    /// (see [`crate::day_number`]); the EDTF values as written.
    pub time_lo: Field,
    pub time_hi: Field,
    /// Every year the event-time hull touches ([`WIDE_YEARS`] when it spans
    /// more than [`MAX_YEARS`]): an indexed prefilter for date ranges, which
    /// the fast `time_lo`/`time_hi` fields then make exact.
    pub years: Field,
    pub time: Field,
}

/// Longest hull whose years are indexed one by one.
pub const MAX_YEARS: i64 = 300;
/// The `years` term of a wider hull.
pub const WIDE_YEARS: i64 = i64::MIN;

/// The three word keys of one unit kind (see [`crate::analyze`]).
#[derive(Debug, Clone, Copy)]
pub struct KeyFields {
    /// The `unit` value of the documents that have these fields.
    pub unit: &'static str,
    pub stem: Field,
    pub fold: Field,
    pub roman: Field,
    /// Linked entity ids, for the alias alternative of a query word.
    pub entity: Field,
}

impl Fields {
    /// The word-key fields of sentences or of paragraphs.
    pub fn keys(&self, unit: crate::index::UnitKind) -> KeyFields {
        match unit {
            crate::index::UnitKind::Sentence => self.sentence_keys,
            crate::index::UnitKind::Paragraph => self.paragraph_keys,
        }
    }

    /// The schema and its fields.
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let keyed = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let facet = STRING | FAST | STORED;
        let fields = Fields {
            unit: b.add_text_field("unit", STRING | FAST),
            doc_id: b.add_u64_field("doc_id", INDEXED | FAST | STORED),
            doc: b.add_text_field("doc", facet.clone()),
            paragraph: b.add_u64_field("paragraph", STORED),
            sentence: b.add_u64_field("sentence", STORED),
            start: b.add_u64_field("start", STORED),
            end: b.add_u64_field("end", STORED),
            text: b.add_text_field("text", STORED),
            map: b.add_bytes_field("map", STORED),
            lang: b.add_text_field("lang", facet.clone()),
            sentence_keys: KeyFields {
                unit: "sentence",
                stem: b.add_text_field("stem", keyed.clone()),
                fold: b.add_text_field("fold", keyed.clone()),
                roman: b.add_text_field("roman", keyed.clone()),
                entity: b.add_text_field("s_entity", STRING),
            },
            paragraph_keys: KeyFields {
                unit: "paragraph",
                stem: b.add_text_field("p_stem", keyed.clone()),
                fold: b.add_text_field("p_fold", keyed.clone()),
                roman: b.add_text_field("p_roman", keyed),
                entity: b.add_text_field("p_entity", STRING),
            },
            entity: b.add_text_field("entity", facet.clone()),
            place: b.add_text_field("place", facet.clone()),
            class: b.add_text_field("class", facet),
            event: b.add_text_field("event", STRING | STORED),
            time_lo: b.add_i64_field("time_lo", FAST),
            time_hi: b.add_i64_field("time_hi", FAST),
            years: b.add_i64_field("years", INDEXED),
            time: b.add_text_field("time", STORED),
        };
        (b.build(), fields)
    }

    /// The fields as a schema already opened from disk names them.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let f = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format!("the index has no field {name:?}"))
        };
        let keys = |unit, [stem, fold, roman, entity]: [&str; 4]| -> Result<KeyFields, String> {
            Ok(KeyFields {
                unit,
                stem: f(stem)?,
                fold: f(fold)?,
                roman: f(roman)?,
                entity: f(entity)?,
            })
        };
        Ok(Fields {
            unit: f("unit")?,
            doc_id: f("doc_id")?,
            doc: f("doc")?,
            paragraph: f("paragraph")?,
            sentence: f("sentence")?,
            start: f("start")?,
            end: f("end")?,
            text: f("text")?,
            map: f("map")?,
            lang: f("lang")?,
            sentence_keys: keys("sentence", ["stem", "fold", "roman", "s_entity"])?,
            paragraph_keys: keys("paragraph", ["p_stem", "p_fold", "p_roman", "p_entity"])?,
            entity: f("entity")?,
            place: f("place")?,
            class: f("class")?,
            event: f("event")?,
            time_lo: f("time_lo")?,
            time_hi: f("time_hi")?,
            years: f("years")?,
            time: f("time")?,
        })
    }
}
