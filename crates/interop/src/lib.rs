//! Chronicle's exchange formats: what the store holds, written in the
//! formats historians, journalists and their tools already read, and the
//! two imports that feed user knowledge back in.
//!
//! Exports ([`Format`], one module each) all read a [`Dataset`]: the
//! documents, entities, events, disagreements and cited works of a store,
//! narrowed by a [`Filter`]. Every statement an export writes carries its
//! source: the document, the byte span of the sentence, and the references
//! the sentence cites.
//!
//! | format | module | for |
//! |---|---|---|
//! | `jsonld` | [`jsonld`] | schema.org JSON-LD (`Event`, `Place`, `Person`, `Organization`, `Claim`, `CreativeWork`) |
//! | `csv` | [`tables`] | spreadsheets and pandas: events, claims, entities, mentions, disagreements |
//! | `geojson` | [`geojson`] | GeoJSON in the Linked Places format (World Historical Gazetteer), for QGIS |
//! | `timelinejs` | [`timelinejs`] | TimelineJS slides with their sources |
//! | `web-annotation` | [`annotation`] | W3C Web Annotations of every mention and date |
//! | `csl-json`, `bibtex`, `ris` | [`bib`] | the cited works, for Zotero and other reference managers |
//! | `gexf` | [`gexf`] | Gephi: entity co-occurrence and event participation |
//!
//! Imports: [`bib`] also reads CSL-JSON and BibTeX bibliographies (stored
//! and used by the events stage to complete parsed references), and
//! [`corrections`] reads the user's corrections CSV.

pub mod annotation;
pub mod bib;
pub mod corrections;
mod dataset;
pub mod geojson;
pub mod gexf;
pub mod iri;
pub mod jsonld;
pub mod tables;
pub mod timelinejs;

use std::io::Write;

pub use dataset::{Dataset, DocAnnotations, EntityData, Filter};

/// Errors of an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] chronicle_store::StoreError),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the export as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write the export as CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A filter or option the user gave cannot be used.
    #[error("{0}")]
    Invalid(String),
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    JsonLd,
    Csv,
    GeoJson,
    TimelineJs,
    WebAnnotation,
    CslJson,
    Bibtex,
    Ris,
    Gexf,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::JsonLd,
        Format::Csv,
        Format::GeoJson,
        Format::TimelineJs,
        Format::WebAnnotation,
        Format::CslJson,
        Format::Bibtex,
        Format::Ris,
        Format::Gexf,
    ];

    /// The name on the command line and in `/api/export/{format}`.
    pub fn name(self) -> &'static str {
        match self {
            Format::JsonLd => "jsonld",
            Format::Csv => "csv",
            Format::GeoJson => "geojson",
            Format::TimelineJs => "timelinejs",
            Format::WebAnnotation => "web-annotation",
            Format::CslJson => "csl-json",
            Format::Bibtex => "bibtex",
            Format::Ris => "ris",
            Format::Gexf => "gexf",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == s)
    }

    /// The media type an HTTP answer carries.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::JsonLd => "application/ld+json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::GeoJson => "application/geo+json",
            Format::TimelineJs | Format::CslJson => "application/json",
            Format::WebAnnotation => {
                "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\""
            }
            Format::Bibtex => "application/x-bibtex; charset=utf-8",
            Format::Ris => "application/x-research-info-systems; charset=utf-8",
            Format::Gexf => "application/gexf+xml",
        }
    }

    /// The usual file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::JsonLd => "jsonld",
            Format::Csv => "csv",
            Format::GeoJson => "geojson",
            Format::TimelineJs | Format::CslJson => "json",
            Format::WebAnnotation => "jsonld",
            Format::Bibtex => "bib",
            Format::Ris => "ris",
            Format::Gexf => "gexf",
        }
    }

    /// What it holds, for `--help` and the OpenAPI document.
    pub fn about(self) -> &'static str {
        match self {
            Format::JsonLd => {
                "schema.org JSON-LD: events, places, people, organisations, claims with their source sentences, cited works"
            }
            Format::Csv => "CSV tables: events, claims, entities, mentions, disagreements",
            Format::GeoJson => {
                "GeoJSON FeatureCollection in the Linked Places format (World Historical Gazetteer)"
            }
            Format::TimelineJs => "TimelineJS JSON: one slide per dated event with its sources",
            Format::WebAnnotation => {
                "W3C Web Annotation collection: every mention and date with text position and quote selectors"
            }
            Format::CslJson => "CSL-JSON items of the cited works",
            Format::Bibtex => "BibTeX entries of the cited works",
            Format::Ris => "RIS records of the cited works",
            Format::Gexf => "GEXF graph: entity co-occurrence and event participation",
        }
    }
}

/// Options some formats take.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The CSV table (required for `csv`).
    pub table: Option<tables::Table>,
}

/// Writes `ds` in `format` to `w`; returns how many records (events,
/// features, annotations, works, rows, nodes and edges) it wrote.
pub fn export(
    format: Format,
    ds: &Dataset<'_>,
    options: &Options,
    w: &mut dyn Write,
) -> Result<u64, ExportError> {
    match format {
        Format::JsonLd => jsonld::write(ds, w),
        Format::Csv => {
            let table = options.table.ok_or_else(|| {
                ExportError::Invalid(format!(
                    "the csv export needs a table: one of {}",
                    tables::Table::names().join(", ")
                ))
            })?;
            tables::write(ds, table, w)
        }
        Format::GeoJson => geojson::write(ds, w),
        Format::TimelineJs => timelinejs::write(ds, w),
        Format::WebAnnotation => annotation::write(ds, w),
        Format::CslJson => bib::write_csl_json(ds, w),
        Format::Bibtex => bib::write_bibtex(ds, w),
        Format::Ris => bib::write_ris(ds, w),
        Format::Gexf => gexf::write(ds, w),
    }
}

/// Escapes text for XML 1.0 and HTML, in element content and in quoted
/// attribute values: `& < > " '` become references, tab, newline and
/// carriage return character references (so attribute values keep them),
/// and the characters XML 1.0 forbids are dropped.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// What a JSON value is, for error messages: `a string`, `an array`…
pub fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::escape_markup as escape;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{1}b\u{b}c\td\ne\u{fffe}"), "abc&#9;d&#10;e");
        assert_eq!(escape("Шуша ش"), "Шуша ش");
    }
}
