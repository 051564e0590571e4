//! Language knowledge and language identification.
//!
//! Everything Chronicle knows about a language lives in one data file,
//! `data/<code>.toml`, compiled into the binary. Adding a language means adding
//! a file (and listing it in [`DATA_FILES`]) plus its tests; code reads the
//! data through [`LangData`] and never spells out words of a language itself.

mod identify;

pub use identify::{Identification, Identifier};

use std::sync::OnceLock;

use serde::Deserialize;

/// The data files compiled into Chronicle, one per language.
pub const DATA_FILES: &[(&str, &str)] = &[
    ("en", include_str!("../data/en.toml")),
    ("ru", include_str!("../data/ru.toml")),
    ("be", include_str!("../data/be.toml")),
    ("uk", include_str!("../data/uk.toml")),
    ("az", include_str!("../data/az.toml")),
    ("tr", include_str!("../data/tr.toml")),
    ("vi", include_str!("../data/vi.toml")),
    ("de", include_str!("../data/de.toml")),
    ("fr", include_str!("../data/fr.toml")),
    ("hy", include_str!("../data/hy.toml")),
    ("ka", include_str!("../data/ka.toml")),
    ("fa", include_str!("../data/fa.toml")),
];

#[derive(Debug, thiserror::Error)]
pub enum LangError {
    #[error("language data file data/{file}.toml is invalid: {message}")]
    BadData { file: String, message: String },
}

/// What Chronicle knows about one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangData {
    /// ISO 639-1 code.
    pub code: String,
    /// English name.
    pub name: String,
    /// Name of the language in lingua's model set (`english`, `belarusian`…).
    pub lingua: String,
    #[serde(default)]
    pub segment: SegmentData,
    #[serde(default)]
    pub clean: CleanData,
}

/// Data for sentence segmentation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentData {
    /// Words after which a period never ends a sentence.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Words after which a period ends a sentence only before a capital.
    #[serde(default)]
    pub terminal_abbreviations: Vec<String>,
}

/// Data for cleaning web-crawl debris and finding reference sections.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CleanData {
    /// Whole lines that are interface debris (`edit`).
    #[serde(default)]
    pub debris_lines: Vec<String>,
    /// Bracketed maintenance notes (`clarification needed`).
    #[serde(default)]
    pub inline_notes: Vec<String>,
    /// Headings that open a reference list or bibliography.
    #[serde(default)]
    pub reference_headings: Vec<String>,
    /// Headings after which the page holds navigation, not narrative.
    #[serde(default)]
    pub end_headings: Vec<String>,
    /// Words that label a bracketed note marker: `[note 3]`, `[nb 1]`.
    #[serde(default)]
    pub note_labels: Vec<String>,
    /// Error messages that citation tools append to rendered references
    /// (`sfn error`); the entry text is cut where one starts.
    #[serde(default)]
    pub reference_debris: Vec<String>,
    /// The word that opens a note on a cited work's language at the end of a
    /// bibliography entry: `in` for `(In Russian).`
    #[serde(default)]
    pub language_note_words: Vec<String>,
}

/// Parses one data file.
pub fn parse_data(file: &str, text: &str) -> Result<LangData, LangError> {
    let data: LangData = toml::from_str(text).map_err(|e| LangError::BadData {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    if data.code != file {
        return Err(LangError::BadData {
            file: file.to_string(),
            message: format!("code {:?} does not match the file name", data.code),
        });
    }
    Ok(data)
}

/// All compiled-in languages, parsed once.
pub fn all() -> &'static [LangData] {
    static ALL: OnceLock<Vec<LangData>> = OnceLock::new();
    ALL.get_or_init(|| {
        DATA_FILES
            .iter()
            .map(|(code, text)| parse_data(code, text).unwrap_or_else(|e| panic!("{e}")))
            .collect()
    })
}

/// The data of one language by ISO 639-1 code.
pub fn get(code: &str) -> Option<&'static LangData> {
    all().iter().find(|l| l.code == code)
}

/// Lower-cased union of one list over all languages, sorted and deduplicated.
pub fn union_of(list: impl Fn(&LangData) -> &Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = all()
        .iter()
        .flat_map(|l| list(l).iter().map(|w| w.to_lowercase()))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_file_parses_and_names_itself() {
        assert_eq!(all().len(), DATA_FILES.len());
        for l in all() {
            assert!(!l.name.is_empty(), "{} has no name", l.code);
        }
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = parse_data(
            "xx",
            "code = \"xx\"\nname = \"X\"\nlingua = \"x\"\nmonths = []\n",
        );
        assert!(err.is_err());
    }

    #[test]
    fn reference_headings_cover_the_seed_languages() {
        let heads = union_of(|l| &l.clean.reference_headings);
        for h in [
            "references",
            "bibliography",
            "ədəbiyyat",
            "літаратура",
            "литература",
            "tham khảo",
        ] {
            assert!(heads.iter().any(|x| x == h), "missing {h}");
        }
    }

    #[test]
    fn every_language_has_abbreviations_and_reference_headings() {
        for l in all() {
            assert!(
                !l.segment.abbreviations.is_empty(),
                "{} has no abbreviations",
                l.code
            );
            assert!(
                !l.clean.reference_headings.is_empty(),
                "{} has no reference headings",
                l.code
            );
            assert!(
                !l.clean.debris_lines.is_empty(),
                "{} has no debris lines",
                l.code
            );
            assert!(
                !l.clean.end_headings.is_empty(),
                "{} has no end headings",
                l.code
            );
        }
    }

    #[test]
    fn every_lingua_name_is_known_to_lingua() {
        use std::str::FromStr;
        for l in all() {
            assert!(
                lingua::Language::from_str(&l.lingua).is_ok(),
                "{}: lingua has no {:?}",
                l.code,
                l.lingua
            );
        }
    }

    #[test]
    fn entries_are_lowercase_trimmed_and_unique() {
        for l in all() {
            let lists: [(&str, &Vec<String>); 9] = [
                ("abbreviations", &l.segment.abbreviations),
                ("terminal_abbreviations", &l.segment.terminal_abbreviations),
                ("debris_lines", &l.clean.debris_lines),
                ("inline_notes", &l.clean.inline_notes),
                ("reference_headings", &l.clean.reference_headings),
                ("end_headings", &l.clean.end_headings),
                ("note_labels", &l.clean.note_labels),
                ("reference_debris", &l.clean.reference_debris),
                ("language_note_words", &l.clean.language_note_words),
            ];
            for (key, list) in lists {
                let mut seen = std::collections::HashSet::new();
                for w in list {
                    assert!(!w.is_empty(), "{}: empty entry in {key}", l.code);
                    assert_eq!(w.trim(), w, "{}: {key} entry {w:?} has padding", l.code);
                    assert_eq!(
                        &w.to_lowercase(),
                        w,
                        "{}: {key} entry {w:?} is not lowercase",
                        l.code
                    );
                    assert!(seen.insert(w), "{}: {key} lists {w:?} twice", l.code);
                }
            }
        }
    }

    #[test]
    fn abbreviations_have_no_final_period_and_no_double_role() {
        for l in all() {
            let seg = &l.segment;
            for w in seg.abbreviations.iter().chain(&seg.terminal_abbreviations) {
                assert!(!w.ends_with('.'), "{}: {w:?} ends with a period", l.code);
            }
            for w in &seg.terminal_abbreviations {
                assert!(
                    !seg.abbreviations.contains(w),
                    "{}: {w:?} is both an abbreviation and a terminal one",
                    l.code
                );
            }
        }
    }

    #[test]
    fn end_headings_cover_the_seed_languages() {
        let heads = union_of(|l| &l.clean.end_headings);
        for h in [
            "see also",
            "external links",
            "см. также",
            "спасылкі",
            "xarici keçidlər",
            "xem thêm",
        ] {
            assert!(heads.iter().any(|x| x == h), "missing {h}");
        }
    }
}
