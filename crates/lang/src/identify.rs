//! Language identification with lingua, restricted to the languages that have
//! a data file.

use std::str::FromStr;
use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

use crate::{LangError, all};

/// Longest stretch of text (in bytes) looked at for one identification. Longer
/// texts are sampled at their start: accuracy does not improve beyond a few
/// hundred characters and the cost grows linearly.
pub const MAX_SAMPLE_BYTES: usize = 600;

/// The result of identifying one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Identification {
    /// ISO 639-1 code, or `und` when the text has no letters.
    pub lang: String,
    /// lingua's confidence for `lang`, 0..=1.
    pub confidence: f32,
    /// The runner-up and its confidence, when there is one.
    pub runner_up: Option<(String, f32)>,
    /// Number of alphabetic characters in the sample.
    pub letters: usize,
}

/// A language detector over a fixed set of languages.
pub struct Identifier {
    detector: LanguageDetector,
    codes: Vec<(Language, String)>,
}

impl std::fmt::Debug for Identifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let codes: Vec<&str> = self.codes.iter().map(|(_, c)| c.as_str()).collect();
        f.debug_struct("Identifier")
            .field("languages", &codes)
            .finish()
    }
}

impl Identifier {
    /// A detector for every language that has a data file.
    pub fn for_all() -> Result<Self, LangError> {
        let codes: Vec<&str> = all().iter().map(|l| l.code.as_str()).collect();
        Self::for_languages(&codes)
    }

    /// A detector for the given ISO 639-1 codes (each must have a data file).
    pub fn for_languages(codes: &[&str]) -> Result<Self, LangError> {
        let mut pairs = Vec::new();
        for code in codes {
            let data = crate::get(code).ok_or_else(|| LangError::BadData {
                file: code.to_string(),
                message: "no data file for this language".into(),
            })?;
            let lang = Language::from_str(&data.lingua).map_err(|_| LangError::BadData {
                file: code.to_string(),
                message: format!("lingua has no language {:?}", data.lingua),
            })?;
            pairs.push((lang, data.code.clone()));
        }
        if pairs.len() < 2 {
            return Err(LangError::BadData {
                file: codes.join(","),
                message: "at least two languages are needed for identification".into(),
            });
        }
        let langs: Vec<Language> = pairs.iter().map(|(l, _)| *l).collect();
        let detector = LanguageDetectorBuilder::from_languages(&langs)
            .with_preloaded_language_models()
            .build();
        Ok(Identifier {
            detector,
            codes: pairs,
        })
    }

    /// The shared detector over all languages, built on first use.
    pub fn shared() -> &'static Identifier {
        static SHARED: OnceLock<Identifier> = OnceLock::new();
        SHARED.get_or_init(|| Identifier::for_all().expect("compiled-in language data is valid"))
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.codes.iter().map(|(_, c)| c.as_str())
    }

    fn code_of(&self, lang: Language) -> String {
        self.codes
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| lang.iso_code_639_1().to_string())
    }

    /// Identifies the language of `text` (its first [`MAX_SAMPLE_BYTES`]).
    pub fn identify(&self, text: &str) -> Identification {
        let sample = sample(text);
        let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 0 {
            return Identification {
                lang: chronicle_und(),
                confidence: 0.0,
                runner_up: None,
                letters,
            };
        }
        let values = self.detector.compute_language_confidence_values(sample);
        let mut it = values.into_iter().filter(|(_, c)| *c > 0.0);
        match it.next() {
            Some((lang, conf)) => Identification {
                lang: self.code_of(lang),
                confidence: conf as f32,
                runner_up: it.next().map(|(l, c)| (self.code_of(l), c as f32)),
                letters,
            },
            None => Identification {
                lang: chronicle_und(),
                confidence: 0.0,
                runner_up: None,
                letters,
            },
        }
    }
}

fn chronicle_und() -> String {
    "und".to_string()
}

/// The first [`MAX_SAMPLE_BYTES`] of `text`, cut at a word boundary.
fn sample(text: &str) -> &str {
    if text.len() <= MAX_SAMPLE_BYTES {
        return text;
    }
    let mut end = MAX_SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(ws) if ws > MAX_SAMPLE_BYTES / 2 => &text[..ws],
        _ => &text[..end],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_each_seed_language_on_our_own_sentences() {
        let id = Identifier::shared();
        let cases = [
            (
                "en",
                "The delegates met in the old town hall and argued until late in the evening.",
            ),
            (
                "be",
                "Дэлегаты сабраліся ў старой ратушы і спрачаліся да позняга вечара.",
            ),
            (
                "ru",
                "Делегаты собрались в старой ратуше и спорили до позднего вечера.",
            ),
            (
                "uk",
                "Делегати зібралися в старій ратуші й сперечалися до пізнього вечора.",
            ),
            (
                "az",
                "Nümayəndələr köhnə bələdiyyə binasında toplaşdılar və gec saatlara qədər mübahisə etdilər.",
            ),
            (
                "tr",
                "Delegeler eski belediye binasında toplandılar ve akşam geç saatlere kadar tartıştılar.",
            ),
            (
                "vi",
                "Các đại biểu đã họp tại tòa thị chính cũ và tranh luận đến tận tối muộn.",
            ),
            (
                "hy",
                "Պատվիրակները հավաքվեցին հին քաղաքապետարանում և վիճեցին մինչև ուշ երեկո։",
            ),
            (
                "ka",
                "დელეგატები შეიკრიბნენ ძველ მერიაში და გვიან საღამომდე კამათობდნენ.",
            ),
        ];
        for (want, text) in cases {
            let got = id.identify(text);
            assert_eq!(got.lang, want, "{text}: {got:?}");
            assert!(got.confidence > 0.5, "{text}: {got:?}");
        }
    }

    #[test]
    fn text_without_letters_is_undetermined() {
        let got = Identifier::shared().identify("1915: 12,5 % — 3/4");
        assert_eq!(got.lang, "und");
        assert_eq!(got.confidence, 0.0);
    }

    #[test]
    fn long_texts_are_sampled_at_a_word_boundary() {
        let long = "word ".repeat(1000);
        let s = sample(&long);
        assert!(s.len() <= MAX_SAMPLE_BYTES);
        assert!(s.ends_with("word"));
    }

    #[test]
    fn unknown_languages_are_rejected() {
        assert!(Identifier::for_languages(&["en", "xx"]).is_err());
        assert!(Identifier::for_languages(&["en"]).is_err());
    }
}
