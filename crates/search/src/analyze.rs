//! Text analysis for the index and for queries: words, and the three keys
//! each word is indexed under.
//!
//! - **stem**: the word lowercased by its language's rules and reduced by
//!   its language's Snowball stemmer, or by the suffix list of its language
//!   data (`[search]` in `crates/lang/data/<code>.toml`), or left whole.
//! - **fold**: [`chronicle_names::fold`]: lowercase, marks removed, `ə` →
//!   `e`, `ı` → `i`, so `Baki` finds `Bakı` and `Viet` finds `Việt`.
//! - **roman**: the romanised word without its final vowels
//!   ([`chronicle_names::stem`] of [`Names::romanise`]): `Шушы`, `Şuşa` and
//!   `Shusha` all give `shush`. This is the transliteration key that lets a
//!   query in one script find the others.
//!
//! A word is a run of letters, digits and combining marks; everything else
//! separates words (apostrophes too: `Bakı'da` is `bakı` + `da`).
//! Vietnamese syllables are words, and a multi-syllable word is found with a
//! phrase query.

use std::sync::OnceLock;

use chronicle_names::Names;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A word of a text with its index keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the analysed text.
    pub start: usize,
    pub end: usize,
    pub stem: String,
    pub fold: String,
    pub roman: String,
}

/// A writing system, as far as choosing a query's languages needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Armenian,
    Georgian,
    Arabic,
    /// Digits only, or letters of no listed script.
    Other,
}

impl Script {
    /// The script of a data file's `script` name (ISO 15924).
    fn from_code(code: &str) -> Script {
        match code {
            "Latn" => Script::Latin,
            "Cyrl" => Script::Cyrillic,
            "Armn" => Script::Armenian,
            "Geor" => Script::Georgian,
            "Arab" => Script::Arabic,
            _ => Script::Other,
        }
    }

    /// The script of a word: that of its first letter.
    pub fn of(word: &str) -> Script {
        let Some(c) = word.chars().find(|c| c.is_alphabetic()) else {
            return Script::Other;
        };
        match c as u32 {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF | 0x259 => Script::Latin,
            0x400..=0x52F => Script::Cyrillic,
            0x530..=0x58F => Script::Armenian,
            0x10A0..=0x10FF | 0x1C90..=0x1CBF => Script::Georgian,
            0x600..=0x6FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
            _ => Script::Other,
        }
    }
}

struct LangAnalyzer {
    code: String,
    script: Script,
    stemmer: Option<Stemmer>,
    /// Lowercase, longest first.
    suffixes: Vec<String>,
    min_stem: usize,
    passes: usize,
}

/// The analysers of every compiled-in language, built once from the data.
pub struct Analyzers {
    langs: Vec<LangAnalyzer>,
    by_code: FxHashMap<String, usize>,
}

/// The rust-stemmers algorithm of a data file's `stemmer` name.
pub fn algorithm(name: &str) -> Option<Algorithm> {
    Some(match name {
        "arabic" => Algorithm::Arabic,
        "danish" => Algorithm::Danish,
        "dutch" => Algorithm::Dutch,
        "english" => Algorithm::English,
        "finnish" => Algorithm::Finnish,
        "french" => Algorithm::French,
        "german" => Algorithm::German,
        "greek" => Algorithm::Greek,
        "hungarian" => Algorithm::Hungarian,
        "italian" => Algorithm::Italian,
        "norwegian" => Algorithm::Norwegian,
        "portuguese" => Algorithm::Portuguese,
        "romanian" => Algorithm::Romanian,
        "russian" => Algorithm::Russian,
        "spanish" => Algorithm::Spanish,
        "swedish" => Algorithm::Swedish,
        "tamil" => Algorithm::Tamil,
        "turkish" => Algorithm::Turkish,
        _ => return None,
    })
}

impl Analyzers {
    /// The analysers built once from the language data. A `stemmer` name
    /// rust-stemmers does not know leaves that language unstemmed (a test
    /// checks every data file names a known one).
    pub fn shared() -> &'static Analyzers {
        static ANALYZERS: OnceLock<Analyzers> = OnceLock::new();
        ANALYZERS.get_or_init(Analyzers::build)
    }

    fn build() -> Analyzers {
        let mut langs = Vec::new();
        let mut by_code = FxHashMap::default();
        for data in chronicle_lang::all() {
            let s = &data.search;
            let mut suffixes: Vec<String> = s.suffixes.iter().map(|x| x.to_lowercase()).collect();
            suffixes.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
            suffixes.dedup();
            by_code.insert(data.code.clone(), langs.len());
            langs.push(LangAnalyzer {
                code: data.code.clone(),
                script: Script::from_code(&s.script),
                stemmer: s
                    .stemmer
                    .as_deref()
                    .and_then(algorithm)
                    .map(Stemmer::create),
                suffixes,
                min_stem: s.min_stem.max(1),
                passes: s.passes,
            });
        }
        Analyzers { langs, by_code }
    }

    /// Codes of the languages written in `script` (every language for
    /// [`Script::Other`]).
    pub fn langs_of(&self, script: Script) -> Vec<&str> {
        self.langs
            .iter()
            .filter(|l| script == Script::Other || l.script == script)
            .map(|l| l.code.as_str())
            .collect()
    }

    fn lang(&self, code: &str) -> Option<&LangAnalyzer> {
        self.by_code.get(code).map(|&i| &self.langs[i])
    }

    /// The stem key of one word in a language (unknown codes: lowercase).
    pub fn stem(&self, word: &str, lang: &str) -> String {
        self.stem_lowercase(Names::shared().lowercase(word, lang), lang)
    }

    /// [`Analyzers::stem`] of a word already lowercased by its language's
    /// rules.
    fn stem_lowercase(&self, lower: String, lang: &str) -> String {
        let Some(l) = self.lang(lang) else {
            return lower;
        };
        if let Some(stemmer) = &l.stemmer {
            return stemmer.stem(&lower).into_owned();
        }
        let mut stem = lower.as_str();
        for _ in 0..l.passes {
            let chars = stem.chars().count();
            let cut = l.suffixes.iter().find(|s| {
                let n = s.chars().count();
                chars >= n + l.min_stem && stem.ends_with(s.as_str())
            });
            match cut {
                Some(s) => stem = &stem[..stem.len() - s.len()],
                None => break,
            }
        }
        stem.to_string()
    }

    /// The transliteration key of one word in a language.
    pub fn roman(&self, word: &str, lang: &str) -> String {
        let roman = Names::shared().romanise(word, lang);
        chronicle_names::stem(&roman).to_string()
    }

    /// The words of a text with their keys, in the text's language.
    pub fn tokens(&self, text: &str, lang: &str) -> Vec<Token> {
        words(text)
            .into_iter()
            .map(|(start, end)| {
                let w = &text[start..end];
                let lower = Names::shared().lowercase(w, lang);
                let roman =
                    chronicle_names::stem(&Names::shared().romanise(&lower, lang)).to_string();
                Token {
                    start,
                    end,
                    fold: fold_word(&lower),
                    roman,
                    stem: self.stem_lowercase(lower, lang),
                }
            })
            .collect()
    }
}

/// The fold key of a word (see the module documentation).
pub fn fold_word(word: &str) -> String {
    chronicle_names::fold(word).replace(' ', "")
}

/// Normalises a query or a text to NFC, as ingest does.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Whether a character belongs to a word: ASCII directly, the rest of the
/// Basic Multilingual Plane from a bitmap built once (the Unicode tables are
/// a binary search per character, which dominated indexing), and the other
/// planes from the tables.
fn is_word_char(c: char) -> bool {
    static BMP: OnceLock<Vec<u64>> = OnceLock::new();
    let n = c as u32;
    if n < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    if n > 0xFFFF {
        return is_word_char_slow(c);
    }
    let bits = BMP.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for n in 0..0x10000u32 {
            if char::from_u32(n).is_some_and(is_word_char_slow) {
                bits[(n / 64) as usize] |= 1 << (n % 64);
            }
        }
        bits
    });
    bits[(n / 64) as usize] & (1 << (n % 64)) != 0
}

/// Byte ranges of the words of a text.
pub fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str, lang: &str) -> Vec<String> {
        Analyzers::shared()
            .tokens(text, lang)
            .into_iter()
            .map(|t| t.stem)
            .collect()
    }

    #[test]
    fn every_named_stemmer_exists_and_every_language_has_a_script() {
        for data in chronicle_lang::all() {
            if let Some(name) = &data.search.stemmer {
                assert!(
                    algorithm(name).is_some(),
                    "{}: unknown stemmer {name}",
                    data.code
                );
            }
            assert_ne!(
                Script::from_code(&data.search.script),
                Script::Other,
                "{}: no script",
                data.code
            );
        }
    }

    #[test]
    fn snowball_languages_stem() {
        assert_eq!(stems("armies attacked", "en"), ["armi", "attack"]);
        assert_eq!(stems("войска захватили", "ru"), ["войск", "захват"]);
        assert_eq!(stems("şehirleri", "tr"), stems("şehir", "tr"));
    }

    #[test]
    fn belarusian_and_azerbaijani_strip_suffixes_from_the_data() {
        // Case forms of one noun meet.
        let be: Vec<String> = ["вайна", "вайны", "вайной"]
            .iter()
            .map(|w| Analyzers::shared().stem(w, "be"))
            .collect();
        assert!(be.iter().all(|s| s == "вайн"), "{be:?}");
        let az: Vec<String> = ["qoşunları", "qoşunlarını", "qoşun", "qoşunda"]
            .iter()
            .map(|w| Analyzers::shared().stem(w, "az"))
            .collect();
        assert!(az.iter().all(|s| *s == az[0]), "{az:?}");
        let city: Vec<String> = ["şəhər", "şəhərdən", "şəhərlərin"]
            .iter()
            .map(|w| Analyzers::shared().stem(w, "az"))
            .collect();
        assert!(city.iter().all(|s| s == "şəhər"), "{city:?}");
        // Short words keep their letters.
        assert_eq!(Analyzers::shared().stem("ilə", "az"), "ilə");
        assert_eq!(Analyzers::shared().stem("Шуша", "be"), "шуш");
    }

    #[test]
    fn azerbaijani_lowercases_dotless_i() {
        let a = Analyzers::shared();
        assert_eq!(a.stem("BAKIDA", "az"), a.stem("Bakı", "az"));
        assert_eq!(a.stem("IRAN", "az"), "ıran");
        assert_eq!(fold_word("Bakı"), "baki");
        assert_eq!(fold_word("Biləcəri"), fold_word("Bileceri"));
    }

    #[test]
    fn romanised_keys_meet_across_scripts() {
        let a = Analyzers::shared();
        assert_eq!(a.roman("Шушы", "be"), a.roman("Shusha", "en"));
        assert_eq!(a.roman("Şuşa", "az"), a.roman("Shusha", "en"));
        assert_eq!(a.roman("Hacınski", "az"), a.roman("Hajinski", "en"));
    }

    #[test]
    fn words_split_on_punctuation_and_keep_vietnamese_syllables() {
        let text = "Bakı'da, 27-28 aprel; Việt Nam";
        let w: Vec<&str> = words(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(w, ["Bakı", "da", "27", "28", "aprel", "Việt", "Nam"]);
        let t = Analyzers::shared().tokens("Chiến tranh Việt Nam", "vi");
        let folds: Vec<&str> = t.iter().map(|t| t.fold.as_str()).collect();
        assert_eq!(folds, ["chien", "tranh", "viet", "nam"]);
    }

    #[test]
    fn the_word_bitmap_agrees_with_the_unicode_tables() {
        for n in (0..0x11000u32).step_by(7) {
            if let Some(c) = char::from_u32(n) {
                assert_eq!(is_word_char(c), is_word_char_slow(c), "{n:#x}");
            }
        }
        // Lowercasing first does not change any key.
        let a = Analyzers::shared();
        for (w, lang) in [
            ("BAKIDA", "az"),
            ("Шушы", "be"),
            ("İstanbul", "tr"),
            ("Việt", "vi"),
        ] {
            let t = &a.tokens(w, lang)[0];
            assert_eq!(t.stem, a.stem(w, lang));
            assert_eq!(t.roman, a.roman(w, lang));
            assert_eq!(t.fold, fold_word(w));
        }
    }

    #[test]
    fn scripts_choose_query_languages() {
        let a = Analyzers::shared();
        assert_eq!(Script::of("Шуша"), Script::Cyrillic);
        assert_eq!(Script::of("Şuşa"), Script::Latin);
        let cyr = a.langs_of(Script::Cyrillic);
        assert!(cyr.contains(&"be") && cyr.contains(&"ru") && !cyr.contains(&"en"));
        assert_eq!(a.langs_of(Script::Other).len(), chronicle_lang::all().len());
    }
}
