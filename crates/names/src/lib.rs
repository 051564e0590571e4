//! Name keys: how Chronicle decides that Шушы, Shusha, Shushi and Şuşa may be
//! one name.
//!
//! A name is matched through several keys, from strict to loose:
//!
//! - [`fold`]: lowercase, marks removed, `ə` → `e`, `ı` → `i`; the script is
//!   kept. `Biləcəri` and `Bileceri` fold alike.
//! - [`Names::romanise`]: the letters of a language spelled the way English
//!   sources spell names (`Хасроў` → `khasrow`, Azerbaijani `Xoyski` →
//!   `khoyski`, `Hacınski` → `hajinski`). The tables are the `romanise` data
//!   of each language (`crates/lang/data/<code>.toml`, section `[names]`).
//! - [`stem`]: a romanised word without its final vowels (`shusha`,
//!   `shushi` → `shush`), so that nominative and oblique forms meet once the
//!   inflection ending is stripped (`Шушы` → `Шуш`).
//! - [`skeleton`]: consonant classes of a romanised word (`khosrov`,
//!   `khasrow` → `ksrv`; `hajinski`, `gadzhinskiy` → `kjnsk`), the phonetic
//!   key for spellings that differ in vowels and in romanisation habits.
//!
//! Inflected forms are handled by [`Names::stems`], which lists a word with
//! and without each of its language's name suffixes (`Bakıdan` → `Bakı`,
//! `Андранікам` → `Андранік`); the caller picks the candidate that other
//! evidence supports.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Romanisation tables and suffix lists of every compiled-in language.
#[derive(Debug)]
pub struct Names {
    langs: FxHashMap<&'static str, LangNames>,
    /// Non-ASCII letters of every table, first language in data-file order
    /// wins: used for letters the text's own language does not list.
    fallback: FxHashMap<char, Box<str>>,
    empty: LangNames,
}

#[derive(Debug, Default)]
struct LangNames {
    romanise: FxHashMap<char, Box<str>>,
    /// Lowercase suffixes, longest first.
    suffixes: Vec<String>,
    apostrophe_suffix: bool,
    turkic_case: bool,
}

/// Shortest stem (in characters) left after stripping a suffix.
pub const MIN_STEM_CHARS: usize = 3;

impl Names {
    /// The tables built once from the language data.
    pub fn shared() -> &'static Names {
        static NAMES: OnceLock<Names> = OnceLock::new();
        NAMES.get_or_init(Names::build)
    }

    fn build() -> Names {
        let mut langs = FxHashMap::default();
        let mut fallback: FxHashMap<char, Box<str>> = FxHashMap::default();
        for data in chronicle_lang::all() {
            let n = &data.names;
            let mut romanise = FxHashMap::default();
            for (letter, latin) in &n.romanise {
                if let Some(c) = letter.chars().next() {
                    romanise.insert(c, latin.as_str().into());
                    if !c.is_ascii() {
                        fallback.entry(c).or_insert_with(|| latin.as_str().into());
                    }
                }
            }
            let mut suffixes: Vec<String> = n.suffixes.iter().map(|s| s.to_lowercase()).collect();
            suffixes.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
            suffixes.dedup();
            langs.insert(
                data.code.as_str(),
                LangNames {
                    romanise,
                    suffixes,
                    apostrophe_suffix: n.apostrophe_suffix,
                    turkic_case: n.turkic_case,
                },
            );
        }
        Names {
            langs,
            fallback,
            empty: LangNames::default(),
        }
    }

    fn lang(&self, code: &str) -> &LangNames {
        self.langs.get(code).unwrap_or(&self.empty)
    }

    /// Lowercases a word by the rules of its language (`I` → `ı` in
    /// Azerbaijani and Turkish).
    pub fn lowercase(&self, s: &str, lang: &str) -> String {
        lowercase_with(s, self.lang(lang).turkic_case)
    }

    /// The word or phrase spelled in lowercase ASCII-leaning Latin the way
    /// English-language sources write names of this language. Apostrophes
    /// vanish; hyphens and spaces become one space; other punctuation is
    /// dropped. `lang` is an ISO 639-1 code (unknown codes use the letters'
    /// own base forms and the other languages' tables).
    pub fn romanise(&self, s: &str, lang: &str) -> String {
        let table = self.lang(lang);
        let mut out = String::with_capacity(s.len());
        let lower = lowercase_with(s, table.turkic_case);
        for c in lower.chars() {
            if let Some(latin) = table.romanise.get(&c) {
                out.push_str(latin);
            } else if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if is_apostrophe(c) {
            } else if c.is_whitespace() || is_hyphen(c) {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else if c.is_alphabetic() {
                self.romanise_other(c, &table.romanise, &mut out);
            }
        }
        while out.ends_with(' ') {
            out.pop();
        }
        out
    }

    fn romanise_other(&self, c: char, table: &FxHashMap<char, Box<str>>, out: &mut String) {
        if let Some(latin) = self.fallback.get(&c) {
            out.push_str(latin);
            return;
        }
        // A letter with marks: its base letter, through the tables again
        // (`ё` is listed; `ǰ`, `é` are not).
        let mut any = false;
        for d in c.nfd().filter(|d| !is_combining_mark(*d)) {
            any = true;
            if let Some(latin) = table.get(&d).or_else(|| self.fallback.get(&d)) {
                out.push_str(latin);
            } else if let Some(f) = fold_letter(d) {
                out.push_str(f);
            } else {
                out.push(d);
            }
        }
        if !any {
            out.push(c);
        }
    }

    /// The word and the stems left by stripping each of its language's name
    /// suffixes, the word itself first, then longer stems before shorter.
    /// Where the language separates suffixes with an apostrophe, the part
    /// before it is the only stem (`Bakı'da` → `Bakı`).
    pub fn stems<'w>(&self, word: &'w str, lang: &str) -> Vec<&'w str> {
        let table = self.lang(lang);
        let mut out = vec![word];
        if table.apostrophe_suffix
            && let Some((i, c)) = word.char_indices().find(|(_, c)| is_apostrophe(*c))
        {
            let before = &word[..i];
            let after = &word[i + c.len_utf8()..];
            if before.chars().count() >= 2
                && (after.is_empty()
                    || table
                        .suffixes
                        .iter()
                        .any(|s| *s == lowercase_with(after, table.turkic_case)))
            {
                return vec![before];
            }
            return out;
        }
        let lower = lowercase_with(word, table.turkic_case);
        let chars = word.chars().count();
        // Suffixes are longest first, so stems come out longest last; keep
        // them in order of growing suffix length.
        let mut found: Vec<&'w str> = Vec::new();
        for suffix in &table.suffixes {
            let n = suffix.chars().count();
            if chars < n + MIN_STEM_CHARS || !lower.ends_with(suffix.as_str()) {
                continue;
            }
            // Cut the same number of characters from the original word (the
            // lowercase form may differ in bytes: `İ` → `i`).
            let cut = word
                .char_indices()
                .nth(chars - n)
                .map(|(i, _)| i)
                .unwrap_or(word.len());
            let stem = &word[..cut];
            if !found.contains(&stem) {
                found.push(stem);
            }
        }
        found.reverse();
        out.extend(found);
        out
    }

    /// Whether two name forms can be one name: a stem of each (see
    /// [`Names::stems`]) with equal [`stem`] keys, or equal [`skeleton`]s of
    /// three letters or more whose keys are similar. Symmetric: a query in
    /// either script finds the other (`Шушы`/be and `Shusha`/en).
    pub fn meet(&self, a: &str, la: &str, b: &str, lb: &str) -> bool {
        if fold(a) == fold(b) {
            return true;
        }
        let keys = |w: &str, l: &str| -> Vec<(String, String)> {
            self.stems(w, l)
                .iter()
                .map(|s| {
                    let r = self.romanise(s, l);
                    (stem_phrase(&r), skeleton(&r.replace(' ', "")))
                })
                .collect()
        };
        let (ka, kb) = (keys(a, la), keys(b, lb));
        ka.iter().any(|(sa, xa)| {
            kb.iter().any(|(sb, xb)| {
                sa == sb || (xa.len() >= 3 && xa == xb && similarity(sa, sb) >= 0.75)
            })
        })
    }

    /// All keys of one word or phrase in a language.
    pub fn keys(&self, s: &str, lang: &str) -> NameKeys {
        let roman = self.romanise(s, lang);
        NameKeys {
            fold: fold(s),
            stem: stem_phrase(&roman),
            skeleton: skeleton_phrase(&roman),
            roman,
        }
    }
}

/// The keys of one name form (see the crate documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKeys {
    pub fold: String,
    pub roman: String,
    pub stem: String,
    pub skeleton: String,
}

fn lowercase_with(s: &str, turkic: bool) -> String {
    if !turkic {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'I' => out.push('ı'),
            'İ' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`' | '´' | 'ʻ' | '‘')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–' | '—' | '_')
}

/// Latin letters whose base is not found by removing marks.
fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ə' => "e",
        'ı' => "i",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'đ' => "d",
        'ł' => "l",
        'ð' => "d",
        'þ' => "th",
        'ŋ' => "ng",
        _ => return None,
    })
}

/// The strict key: lowercase, marks removed, `ə` → `e`, `ı` → `i`, `I` and
/// `İ` → `i`, apostrophes dropped, hyphens and whitespace runs → one space,
/// other punctuation dropped. Letters of other scripts stay as they are
/// (without marks: `й` → `и`).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == 'İ' {
            out.push('i');
            continue;
        }
        if is_apostrophe(c) {
            continue;
        }
        if c.is_whitespace() || is_hyphen(c) {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        if !c.is_alphanumeric() {
            continue;
        }
        for l in c.to_lowercase() {
            if l.is_ascii() {
                out.push(l);
            } else if let Some(f) = fold_letter(l) {
                out.push_str(f);
            } else {
                for d in l.nfd().filter(|d| !is_combining_mark(*d)) {
                    match fold_letter(d) {
                        Some(f) => out.push_str(f),
                        None => out.push(d),
                    }
                }
            }
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// A romanised word without its final vowels, keeping at least three
/// characters: `shusha`, `shushi`, `shush` → `shush`; `baku`, `baki` → `bak`.
pub fn stem(roman: &str) -> &str {
    let b = roman.as_bytes();
    let mut end = b.len();
    while end > 3 && is_vowel(b[end - 1]) {
        end -= 1;
    }
    &roman[..end]
}

/// [`stem`] of every word of a romanised phrase.
pub fn stem_phrase(roman: &str) -> String {
    let mut out = String::with_capacity(roman.len());
    for (i, w) in roman.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(stem(w));
    }
    out
}

/// The phonetic key of a romanised word: consonant classes in order, vowels
/// dropped (a leading vowel is kept as `a`), doubled letters collapsed.
/// Spellings that differ in romanisation habits meet: `k`, `kh`, `x`, `q`,
/// `g`, `gh` and `h` are one class (`Qarabağ`/`Karabakh`, `Hamid`/`Гамид`,
/// `Nahçıvan`/`Naxçıvan`); `dzh`/`dj`/`j` → `j`; `zh` → `Z`; `sh`/`shch` → `S`;
/// `ch`/`tch` → `C`; `ts` → `s`; `w` → `v`; `ph` → `f`; `th` → `t`; a final
/// `h` after a vowel is silent (`Nzhdeh`, `Нждэ`).
pub fn skeleton(roman: &str) -> String {
    let mut b: Vec<u8> = roman
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if b.len() >= 2 && b[b.len() - 1] == b'h' && is_vowel(b[b.len() - 2]) {
        b.pop();
    }
    let mut out = String::with_capacity(b.len());
    let mut last: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        let (class, used) = if rest.starts_with(b"shch") {
            (b'S', 4)
        } else if rest.starts_with(b"dzh") {
            (b'j', 3)
        } else if rest.starts_with(b"tch") {
            (b'C', 3)
        } else if rest.starts_with(b"kh") || rest.starts_with(b"ck") || rest.starts_with(b"gh") {
            (b'k', 2)
        } else if rest.starts_with(b"dj") {
            (b'j', 2)
        } else if rest.starts_with(b"zh") {
            (b'Z', 2)
        } else if rest.starts_with(b"sh") {
            (b'S', 2)
        } else if rest.starts_with(b"ch") {
            (b'C', 2)
        } else if rest.starts_with(b"ts") || rest.starts_with(b"tz") {
            (b's', 2)
        } else if rest.starts_with(b"ph") {
            (b'f', 2)
        } else if rest.starts_with(b"th") {
            (b't', 2)
        } else {
            let c = rest[0];
            let class = match c {
                b'x' | b'q' | b'k' | b'h' | b'g' => b'k',
                b'w' | b'v' => b'v',
                b'j' => b'j',
                c if is_vowel(c) => {
                    if i == 0 {
                        b'a'
                    } else {
                        0
                    }
                }
                c => c,
            };
            (class, 1)
        };
        i += used;
        if class == 0 {
            // A vowel separates nothing: `mammad` and `mamad` both give `mmd`
            // only through the collapse of doubled letters, not across vowels.
            last = None;
            continue;
        }
        if last != Some(class) {
            out.push(class as char);
        }
        last = Some(class);
    }
    out
}

fn skeleton_phrase(roman: &str) -> String {
    let mut out = String::with_capacity(roman.len());
    for (i, w) in roman.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&skeleton(w));
    }
    out
}

/// Jaro-Winkler similarity of two keys (1.0 = equal).
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(a, b)
}

#[cfg(test)]
mod tests;

/// A readable id from a name: romanised, lowercase ASCII, words joined by
/// hyphens (`Хасроў-бек Султанаў` → `khasrow-bek-sultanaw`); empty when
/// nothing is left.
pub fn slug(name: &str) -> String {
    let roman = Names::shared().romanise(name, "");
    let mut out = String::new();
    for c in roman.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}
