//! Language knowledge and language identification.
//!
//! Everything Chronicle knows about a language lives in one data file,
//! `data/<code>.toml`, compiled into the binary. Adding a language means adding
//! a file (and listing it in [`DATA_FILES`]) plus its tests; code reads the
//! data through [`LangData`] and never spells out words of a language itself.

pub mod cases;
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
    #[serde(default)]
    pub time: TimeData,
    #[serde(default)]
    pub names: NamesData,
    #[serde(default)]
    pub events: EventsData,
    #[serde(default)]
    pub search: SearchData,
}

/// How the full-text index reduces the words of this language to index
/// terms (`chronicle-search`).
///
/// A language names a Snowball `stemmer` where rust-stemmers has one, or
/// lists `suffixes` that are stripped instead; with neither, words are only
/// lowercased (and folded in the index's second field).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchData {
    /// ISO 15924 code of the language's script (`Latn`, `Cyrl`, `Armn`,
    /// `Geor`, `Arab`): a query word is analysed in the languages of its
    /// script.
    pub script: String,
    /// rust-stemmers algorithm: `english`, `russian`, `turkish`, `german`,
    /// `french`…
    pub stemmer: Option<String>,
    /// Lowercase inflection endings; the longest one that leaves at least
    /// `min_stem` characters is removed, up to `passes` times.
    pub suffixes: Vec<String>,
    pub min_stem: usize,
    pub passes: usize,
}

impl Default for SearchData {
    fn default() -> Self {
        SearchData {
            script: String::new(),
            stemmer: None,
            suffixes: Vec::new(),
            min_stem: 3,
            passes: 1,
        }
    }
}

/// Words for events, attributions and quantity claims (`chronicle-events`).
///
/// Entries are lowercase phrases. A word of a phrase matches any word that
/// starts with it (`captur` matches `captured`, `ələ keçir` matches `ələ
/// keçirdilər`); the words of a phrase must come in order, with at most two
/// other words between them (`came under control` matches `came under their
/// control`). A word ending in `$` must match whole (`took$`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsData {
    /// Event class → trigger phrases. The classes are shared by all
    /// languages; `chronicle-events` lists them with their families.
    #[serde(default)]
    pub triggers: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub attribution: AttributionData,
    #[serde(default)]
    pub quantity: QuantityData,
    /// Words that mark the date of a document rather than of an event: `an
    /// order dated April 1921`, `1921-ci il aprel tarixli`.
    #[serde(default)]
    pub dated: Placed,
    /// Page labels in reference entries (`p.`, `pp.`, `с.`, `səh.`): the
    /// numbers after one are the cited pages.
    #[serde(default)]
    pub page_labels: Vec<String>,
}

/// Cues that attribute a claim to someone other than the document.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionData {
    /// Cues standing before the source: `according to`, `паводле`, `па думцы`.
    #[serde(default)]
    pub before: Vec<String>,
    /// Cues standing before the source that need a source noun after it:
    /// `by` in `By Shaumian's estimate`.
    #[serde(default)]
    pub before_with_noun: Vec<String>,
    /// Cues standing after the source: `recorded`, `reported`, `görə`.
    #[serde(default)]
    pub after: Vec<String>,
    /// Verbs of accusing or claiming whose subject (the first person or
    /// organisation of the sentence) is the source: `вінавацячы`, `claimed`.
    #[serde(default)]
    pub speech: Vec<String>,
    /// Nouns naming the kind of source: `memoirs`, `estimate`, `ацэнкі`.
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Words that end an attribution clause: `that`, `что`, `ki`.
    #[serde(default)]
    pub complementizers: Vec<String>,
}

/// Words of number claims. Number words themselves are `[time] numbers`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuantityData {
    /// Words that multiply the number before them: `thousand` = 1000,
    /// `тысяч` = 1000, `тыс.` = 1000.
    #[serde(default)]
    pub multipliers: std::collections::BTreeMap<String, f64>,
    /// Pairs around a range: `between … and`, `from … to`.
    #[serde(default)]
    pub ranges: Vec<[String; 2]>,
    /// Single words joining the two ends of a range (dashes always do): `to`.
    #[serde(default)]
    pub range_joiners: Vec<String>,
    /// Lower bounds: `more than`, `over`, `больш за` (before the number),
    /// `-dan çox` (after it).
    #[serde(default)]
    pub at_least: Placed,
    /// Upper bounds: `as many as`, `up to`, `-ə qədər`.
    #[serde(default)]
    pub at_most: Placed,
    /// Approximations: `about`, `каля`, `yaxın`.
    #[serde(default)]
    pub about: Placed,
    /// Vague amounts with their interval: `thousands` = [2000, 9999].
    #[serde(default)]
    pub vague: std::collections::BTreeMap<String, [f64; 2]>,
    /// Counter words between a number and the noun (`nəfər`, `чалавек`).
    #[serde(default)]
    pub counters: Vec<String>,
    /// What a number counts: class → words near the number (`killed` →
    /// `killed`, `massacred`, `öldürül`; `soldiers` → `soldiers`, `əsgər`).
    #[serde(default)]
    pub counts: std::collections::BTreeMap<String, Vec<String>>,
}

/// Words and letters for names of people, places and organisations
/// (`chronicle-names`, `chronicle-entities`).
///
/// Every word entry is lowercase. Phrases of several words are allowed where
/// noted; they match any run of whitespace between the words.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamesData {
    /// Lowercase letter → Latin letters, the way English-language sources
    /// spell names written in this language (BGN/PCGN habits: `х` → `kh`,
    /// Azerbaijani `x` → `kh`, `c` → `j`). One letter per key. Letters not
    /// listed keep their base Latin letter (`é` → `e`) or fall back to another
    /// language's table for the same script.
    #[serde(default)]
    pub romanise: std::collections::BTreeMap<String, String>,
    /// Inflection endings that may follow a name (case endings, Azerbaijani and
    /// Turkish case suffixes, `s` for the English possessive). Matching tries
    /// the word with and without each ending.
    #[serde(default)]
    pub suffixes: Vec<String>,
    /// True where an apostrophe separates a name from its suffix
    /// (`Bakı'da`, `Ankara'ya`, `Nasib Bey's`).
    #[serde(default)]
    pub apostrophe_suffix: bool,
    /// True where `I` lowercases to `ı` and `İ` to `i` (Azerbaijani, Turkish).
    #[serde(default)]
    pub turkic_case: bool,
    /// Titles, ranks and offices written before a person's name (`general`,
    /// `prime minister`, `генерал`). Phrases allowed.
    #[serde(default)]
    pub person_titles: Vec<String>,
    /// Name parts inside or after a person's name that are not names
    /// themselves (`bey`, `khan`, `pasha`, `oğlu`, `бек`).
    #[serde(default)]
    pub name_particles: Vec<String>,
    /// Endings of patronymics (`ovich`, `овіч`, `ович`).
    #[serde(default)]
    pub patronymic_endings: Vec<String>,
    /// Endings typical of surnames (`ov`, `ski`, `idze`, `яў`).
    #[serde(default)]
    pub surname_endings: Vec<String>,
    /// Head words of organisations: parties, armies and units, governments,
    /// councils, congresses, newspapers (`party`, `army`, `армія`,
    /// `partiyası`). Inside a capitalised name or right after it.
    #[serde(default)]
    pub org_heads: Vec<String>,
    /// Head words of places (`city`, `river`, `uyezd`, `şəhəri`), before or
    /// after a name.
    #[serde(default)]
    pub place_heads: Vec<String>,
    /// Lowercase words allowed between the capitalised words of one name
    /// (`of`, `de`, `the`).
    #[serde(default)]
    pub connectors: Vec<String>,
    /// Capitalised words that are never names by themselves (sentence-initial
    /// pronouns and function words, `I`, `The`).
    #[serde(default)]
    pub not_names: Vec<String>,
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

/// Words for dates, times and durations (`chronicle-time`).
///
/// Every entry is a lowercase phrase: one or more words, written as in text
/// (`the end of`, `н. ст.`). Punctuation inside a phrase must match the text
/// exactly; spaces match any run of whitespace, or none before punctuation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeData {
    /// Month names, January first: every form the language inflects them to.
    #[serde(default)]
    pub months: Vec<Vec<String>>,
    /// Weekday names, Monday first, in every form.
    #[serde(default)]
    pub weekdays: Vec<Vec<String>>,
    #[serde(default)]
    pub seasons: Seasons,
    /// Season forms that are a date on their own (`вясной`, "in spring");
    /// other season words need a year, a suffix from `month_alone_suffixes`
    /// or a word from `month_alone_after` before them.
    #[serde(default)]
    pub season_adverbs: Vec<String>,
    /// Suffixes that attach directly to month, season, year and unit words
    /// (Azerbaijani `may` + `ın`, Turkish `mayıs` + `ta` after dropping the
    /// apostrophe). Every listed word also matches with each suffix.
    #[serde(default)]
    pub word_suffixes: Vec<String>,
    /// Whether a word one letter off a month name (`aprclin`) is taken for the
    /// month when a day or year number stands next to it.
    #[serde(default)]
    pub fuzzy_months: bool,
    #[serde(default)]
    pub number_suffixes: NumberSuffixes,
    /// Words for "year" that stand before (`năm 1926`) or after (`1917 года`,
    /// `1918-ci il`) a year number.
    #[serde(default)]
    pub year_words: Placed,
    /// Words that make a year number a decade: `những năm 1980`, `1920-ci illər`.
    #[serde(default)]
    pub decade_words: Placed,
    /// Words for "century": `XIX əsr`, `thế kỷ XIX`, `19th century`.
    #[serde(default)]
    pub century_words: Placed,
    /// Words for "month" around a month: `tháng 7` (before a month number),
    /// `may ayının` (after a month name).
    #[serde(default)]
    pub month_words: Placed,
    /// Words for "day" before a day number: `ngày 7`.
    #[serde(default)]
    pub day_words: Placed,
    /// Era words for years before the common era: `490 BC`, `eramızdan əvvəl 490`.
    #[serde(default)]
    pub era_bc: Placed,
    /// Era words for years of the common era: `AD 988`, `988 н. э.`.
    #[serde(default)]
    pub era_ad: Placed,
    #[serde(default)]
    pub modifiers: Modifiers,
    /// Number words and their values: `two` = 2, `тры` = 3, `altı` = 6.
    #[serde(default)]
    pub numbers: std::collections::BTreeMap<String, f64>,
    /// Phrases that add one half after a number: `and a half`, `з паловай`.
    #[serde(default)]
    pub half: Vec<String>,
    #[serde(default)]
    pub units: Units,
    #[serde(default)]
    pub parts_of_day: PartsOfDay,
    #[serde(default)]
    pub clock: Clock,
    /// Words after which a month name alone is a date (`in September`,
    /// `у снежні`). Elsewhere a bare month needs a day, a year or a suffix
    /// from `month_alone_suffixes`.
    #[serde(default)]
    pub month_alone_after: Vec<String>,
    /// Suffixes that make a month name alone a date: `Noyabrda`.
    #[serde(default)]
    pub month_alone_suffixes: Vec<String>,
    /// Pairs of words that open and close an interval: `from … to`, `từ … đến`.
    #[serde(default)]
    pub ranges: Vec<[String; 2]>,
    /// Words that join two dates in a list: `and`, `і`, `və`.
    #[serde(default)]
    pub conjunctions: Vec<String>,
    /// Words that join a month to its year phrase: `October of the same year`.
    #[serde(default)]
    pub of: Vec<String>,
    /// Phrases resolved against the date being narrated: `the next month`.
    #[serde(default)]
    pub relative: Vec<Relative>,
    /// Phrases for recurring times: `every year`.
    #[serde(default)]
    pub sets: Vec<SetPhrase>,
    /// Marks of an Old Style (Julian) date: `ст. ст.`, `O.S.`.
    #[serde(default)]
    pub old_style: Vec<String>,
    /// Marks of a New Style (Gregorian) date: `н. ст.`, `N.S.`.
    #[serde(default)]
    pub new_style: Vec<String>,
    /// Words after a number that make it a quantity, not a year: `km`, `nəfər`.
    #[serde(default)]
    pub quantity_words: Vec<String>,
    /// Words before a number that make it a page or item number: `p`, `pp`, `№`.
    #[serde(default)]
    pub number_labels: Vec<String>,
}

/// Phrases that stand before or after the number or name they qualify.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placed {
    #[serde(default)]
    pub before: Vec<String>,
    #[serde(default)]
    pub after: Vec<String>,
}

/// Season names in every form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seasons {
    #[serde(default)]
    pub spring: Vec<String>,
    #[serde(default)]
    pub summer: Vec<String>,
    #[serde(default)]
    pub autumn: Vec<String>,
    #[serde(default)]
    pub winter: Vec<String>,
}

/// Suffixes written after a number, with or without a hyphen.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberSuffixes {
    /// Ordinal suffixes: `27th`, `1918-ci`, `19-га`.
    #[serde(default)]
    pub ordinal: Vec<String>,
    /// Suffixes that make a year a decade: `1920s`, `1920-х`.
    #[serde(default)]
    pub decade: Vec<String>,
    /// Case endings that open an interval: `7-dən` (from the 7th).
    #[serde(default)]
    pub range_from: Vec<String>,
    /// Case endings that close an interval: `27-dək` (until the 27th).
    #[serde(default)]
    pub range_to: Vec<String>,
}

/// Words that mark the start, middle or end of a period.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modifiers {
    #[serde(default)]
    pub start: Placed,
    #[serde(default)]
    pub mid: Placed,
    #[serde(default)]
    pub end: Placed,
}

/// Unit words of durations, in every form (`месяц`, `месяцы`, `месяцаў`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Units {
    #[serde(default)]
    pub century: Vec<String>,
    #[serde(default)]
    pub decade: Vec<String>,
    #[serde(default)]
    pub year: Vec<String>,
    #[serde(default)]
    pub month: Vec<String>,
    #[serde(default)]
    pub week: Vec<String>,
    #[serde(default)]
    pub day: Vec<String>,
    #[serde(default)]
    pub hour: Vec<String>,
    #[serde(default)]
    pub minute: Vec<String>,
    #[serde(default)]
    pub second: Vec<String>,
}

/// Parts of the day; they move a bare hour into the afternoon or night.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartsOfDay {
    #[serde(default)]
    pub morning: Vec<String>,
    #[serde(default)]
    pub afternoon: Vec<String>,
    #[serde(default)]
    pub evening: Vec<String>,
    #[serde(default)]
    pub night: Vec<String>,
}

/// Words of clock times.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clock {
    /// `a.m.`, `am`.
    #[serde(default)]
    pub am: Vec<String>,
    /// `p.m.`, `pm`.
    #[serde(default)]
    pub pm: Vec<String>,
    /// Words for "hour" or "o'clock" before (`saat 11`) or after
    /// (`11 o'clock`) the hour.
    #[serde(default)]
    pub hour_words: Placed,
    /// Words after "N minutes" that count back to the hour:
    /// `saat 1-ə 5 dəqiqə qalmış` is 00:55.
    #[serde(default)]
    pub minutes_to: Vec<String>,
    /// Words after "N minutes" that count on from the hour.
    #[serde(default)]
    pub minutes_past: Vec<String>,
    /// Phrases between a time and its date: `on`, `on the night of`.
    #[serde(default)]
    pub date_joiners: Vec<String>,
}

/// A phrase whose date is counted from the date being narrated.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relative {
    pub phrase: String,
    /// `day`, `week`, `month` or `year`.
    pub unit: String,
    /// How many units after (positive) or before (negative) the narrated date.
    pub offset: i32,
}

/// A phrase for a recurring time and its ISO 8601 period.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetPhrase {
    pub phrase: String,
    /// `P1Y`, `P1M`, `P1D`.
    pub value: String,
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
    for (letter, latin) in &data.names.romanise {
        let mut chars = letter.chars();
        let one = chars.next().is_some() && chars.next().is_none();
        if !one || letter.to_lowercase() != *letter || latin.chars().any(|c| c.is_uppercase()) {
            return Err(LangError::BadData {
                file: file.to_string(),
                message: format!(
                    "[names] romanise: {letter:?} = {latin:?} must map one lowercase letter to lowercase letters"
                ),
            });
        }
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
