//! Built-in vocabularies for the synthetic corpus.
//!
//! Language knowledge is data, not code: the words live in one TOML file per
//! language under `crates/bench/data/` (`en.toml`, `ru.toml`, …), and the
//! surnames used in reference lists in `data/authors.toml`. The files are
//! compiled in with `include_str!` and parsed once, on first use. Only the
//! date layouts and capitalisation rules stay in code; the words they use
//! come from the data files.
//!
//! Every list was written for this benchmark: plain dictionary words on the
//! theme of the South Caucasus around 1918–1921, a few place and person
//! names, and month names in the grammatical form that dates use. The words
//! are strung together at random, so the output reads like word salad with
//! realistic scripts, diacritics and word lengths — which is all a throughput
//! benchmark needs. Order and repeats in the lists matter: editing a list
//! changes the corpus that a given seed produces.

use std::sync::OnceLock;

use serde::Deserialize;

/// The compiled-in language files, in the order the generator draws from.
const LANG_FILES: [(&str, &str); 9] = [
    ("en", include_str!("../data/en.toml")),
    ("ru", include_str!("../data/ru.toml")),
    ("be", include_str!("../data/be.toml")),
    ("uk", include_str!("../data/uk.toml")),
    ("az", include_str!("../data/az.toml")),
    ("tr", include_str!("../data/tr.toml")),
    ("vi", include_str!("../data/vi.toml")),
    ("hy", include_str!("../data/hy.toml")),
    ("ka", include_str!("../data/ka.toml")),
];

const AUTHORS_FILE: &str = include_str!("../data/authors.toml");

/// How a language writes a calendar date (`date = "…"` in a data file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateStyle {
    /// `27 April 1920`, followed by `date_suffix` (such as `года`) if set.
    DayMonthYear,
    /// `ngày 27 tháng 4 năm 1920`.
    Vietnamese,
    /// `1920 թ. ապրիլի 27`.
    Armenian,
    /// `1920 წლის 27 აპრილი`.
    Georgian,
}

/// One language of the generator, as read from `data/<code>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lang {
    /// ISO 639-1 code, also used in file names and JSONL records.
    pub code: String,
    /// Ordinary words; sentences are drawn from these.
    pub words: Vec<String>,
    /// Capitalised names that are sprinkled into sentences and titles.
    pub names: Vec<String>,
    /// Month names in the form used inside a date, January first.
    pub months: [String; 12],
    pub date: DateStyle,
    /// Word after a [`DateStyle::DayMonthYear`] date, such as `года`.
    #[serde(default)]
    pub date_suffix: String,
    /// Section headings.
    pub headings: Vec<String>,
    /// Heading of the reference list at the end of a document.
    pub references: String,
    /// Sentence terminator.
    pub stop: String,
    /// Whether the script has upper case (Georgian Mkhedruli does not).
    pub cased: bool,
    /// Turkic dotted capital İ for a leading `i`.
    pub dotted_i: bool,
}

impl Lang {
    /// Formats a date in this language's usual style.
    pub fn format_date(&self, day: u32, month: usize, year: u32) -> String {
        let m = &self.months[month % 12];
        match self.date {
            DateStyle::DayMonthYear if self.date_suffix.is_empty() => format!("{day} {m} {year}"),
            DateStyle::DayMonthYear => format!("{day} {m} {year} {}", self.date_suffix),
            DateStyle::Vietnamese => format!("ngày {day} tháng {} năm {year}", month % 12 + 1),
            DateStyle::Armenian => format!("{year} թ. {m} {day}"),
            DateStyle::Georgian => format!("{year} წლის {day} {m}"),
        }
    }
}

/// The layout of `data/authors.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Authors {
    authors: Vec<String>,
}

/// Parses one language file; `code` is the name it was compiled in under.
fn parse_lang(code: &str, text: &str) -> Result<Lang, String> {
    let lang: Lang = toml::from_str(text).map_err(|e| format!("data/{code}.toml: {e}"))?;
    if lang.code != code {
        return Err(format!("data/{code}.toml: says code = {:?}", lang.code));
    }
    if lang.date != DateStyle::DayMonthYear && !lang.date_suffix.is_empty() {
        return Err(format!(
            "data/{code}.toml: date_suffix needs day-month-year dates"
        ));
    }
    if lang.words.is_empty() || lang.names.is_empty() || lang.headings.is_empty() {
        return Err(format!(
            "data/{code}.toml: empty word, name or heading list"
        ));
    }
    Ok(lang)
}

fn parse_authors(text: &str) -> Result<Vec<String>, String> {
    let file: Authors = toml::from_str(text).map_err(|e| format!("data/authors.toml: {e}"))?;
    if file.authors.is_empty() {
        return Err("data/authors.toml: no authors".to_string());
    }
    Ok(file.authors)
}

/// All languages, in the order the generator draws from.
pub fn all() -> &'static [Lang] {
    static ALL: OnceLock<Vec<Lang>> = OnceLock::new();
    ALL.get_or_init(|| {
        LANG_FILES
            .iter()
            .map(|(code, text)| parse_lang(code, text).unwrap_or_else(|e| panic!("{e}")))
            .collect()
    })
}

/// The language with ISO 639-1 code `code`, if the generator has it.
#[cfg(test)]
pub fn lang(code: &str) -> Option<&'static Lang> {
    all().iter().find(|l| l.code == code)
}

/// Surnames used in generated reference lists (`Author 1950, p. 3.`).
pub fn authors() -> &'static [String] {
    static AUTHORS: OnceLock<Vec<String>> = OnceLock::new();
    AUTHORS.get_or_init(|| parse_authors(AUTHORS_FILE).unwrap_or_else(|e| panic!("{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(code: &str) -> &'static Lang {
        lang(code).unwrap()
    }

    #[test]
    fn every_data_file_parses() {
        for (code, text) in LANG_FILES {
            let lang = parse_lang(code, text).unwrap();
            assert_eq!(lang.months.len(), 12, "{code}");
            assert!(lang.months.iter().all(|m| !m.is_empty()), "{code}");
            assert!(!lang.words.is_empty(), "{code}");
        }
        assert!(!parse_authors(AUTHORS_FILE).unwrap().is_empty());
    }

    #[test]
    fn compiled_in_files_match_the_data_directory_and_the_generator() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".toml") && n != "authors.toml")
            .map(|n| n.trim_end_matches(".toml").to_string())
            .collect();
        on_disk.sort();
        let mut compiled: Vec<&str> = LANG_FILES.iter().map(|(code, _)| *code).collect();
        compiled.sort_unstable();
        assert_eq!(on_disk, compiled, "data/*.toml vs LANG_FILES");
        let used: Vec<&str> = all().iter().map(|l| l.code.as_str()).collect();
        let listed: Vec<&str> = LANG_FILES.iter().map(|(code, _)| *code).collect();
        assert_eq!(used, listed, "generator languages vs LANG_FILES");
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let text = format!("{}\nplural = \"s\"\n", LANG_FILES[0].1);
        assert!(parse_lang("en", &text).unwrap_err().contains("plural"));
        assert!(parse_lang("ru", LANG_FILES[0].1).is_err());
        assert!(parse_authors("authors = [\"A\"]\neditors = []\n").is_err());
    }

    #[test]
    fn lists_are_reasonably_sized() {
        for lang in all() {
            assert!(
                (60..=150).contains(&lang.words.len()),
                "{}: {} words",
                lang.code,
                lang.words.len()
            );
            assert!(lang.names.len() >= 5, "{}", lang.code);
            assert!(lang.headings.len() >= 4, "{}", lang.code);
            assert!(lang.words.iter().all(|w| !w.is_empty() && w.trim() == *w));
        }
    }

    #[test]
    fn dates_follow_local_style() {
        assert_eq!(get("en").format_date(27, 3, 1920), "27 April 1920");
        assert_eq!(get("be").format_date(5, 7, 1905), "5 жніўня 1905 года");
        assert_eq!(
            get("vi").format_date(27, 3, 1920),
            "ngày 27 tháng 4 năm 1920"
        );
        assert_eq!(get("hy").format_date(28, 4, 1918), "1918 թ. մայիսի 28");
        assert_eq!(get("ka").format_date(26, 4, 1918), "1918 წლის 26 მაისი");
    }
}
