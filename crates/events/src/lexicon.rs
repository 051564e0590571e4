//! The `[events]` data of every language compiled into phrase matchers over
//! the temporal tagger's tokens.
//!
//! A phrase is a list of words; a word matches a token that starts with it,
//! or equals it when written with a final `$`. The words of a phrase come in
//! order with at most [`MAX_GAP`] other words between them and no
//! punctuation.

use std::sync::OnceLock;

use chronicle_time::token::{Kind, Tokens};
use rustc_hash::FxHashMap;

/// Words allowed between two words of one phrase.
pub const MAX_GAP: usize = 2;

#[derive(Debug, Clone)]
struct Word {
    text: String,
    whole: bool,
}

/// One phrase with the meaning it carries.
#[derive(Debug, Clone)]
pub struct Phrase<T> {
    words: Vec<Word>,
    pub meaning: T,
}

/// A found phrase: token range and its meaning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit<T> {
    /// First and one-past-last token.
    pub first: usize,
    pub end: usize,
    pub meaning: T,
}

/// Phrases indexed by the first letter of their first word.
#[derive(Debug, Clone)]
pub struct PhraseSet<T> {
    by_letter: FxHashMap<char, Vec<Phrase<T>>>,
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet {
            by_letter: FxHashMap::default(),
        }
    }
}

fn parse_words(phrase: &str) -> Vec<Word> {
    phrase
        .split_whitespace()
        .filter_map(|w| {
            let (w, whole) = match w.strip_suffix('$') {
                Some(w) => (w, true),
                None => (w, false),
            };
            // The tokenizer drops apostrophes and splits off punctuation.
            let w: String = w
                .chars()
                .filter(|c| c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(c))
                .collect();
            (!w.is_empty()).then_some(Word { text: w, whole })
        })
        .collect()
}

impl<T: Copy> PhraseSet<T> {
    pub fn add(&mut self, phrase: &str, meaning: T) {
        let words = parse_words(phrase);
        let Some(first) = words.first().and_then(|w| w.text.chars().next()) else {
            return;
        };
        self.by_letter
            .entry(first)
            .or_default()
            .push(Phrase { words, meaning });
    }

    pub fn is_empty(&self) -> bool {
        self.by_letter.is_empty()
    }

    /// The phrase starting at token `i`, longest first.
    pub fn at(&self, toks: &Tokens, i: usize) -> Option<Hit<T>> {
        if toks.toks[i].kind != Kind::Word {
            return None;
        }
        let first = toks.norm(i).chars().next()?;
        let mut best: Option<Hit<T>> = None;
        for p in self.by_letter.get(&first)? {
            if let Some(end) = match_from(toks, i, &p.words) {
                let better = match best {
                    None => true,
                    Some(b) => p.words.len() > 1 && end > b.end || (end - i) > (b.end - b.first),
                };
                if better {
                    best = Some(Hit {
                        first: i,
                        end,
                        meaning: p.meaning,
                    });
                }
            }
        }
        best
    }

    /// Every phrase of a token range, left to right, without overlaps.
    pub fn find(&self, toks: &Tokens, range: std::ops::Range<usize>) -> Vec<Hit<T>> {
        let mut out = Vec::new();
        let mut i = range.start;
        while i < range.end {
            if let Some(h) = self.at(toks, i).filter(|h| h.end <= range.end) {
                out.push(h);
                i = h.end;
            } else {
                i += 1;
            }
        }
        out
    }

    /// The phrase ending right before token `end` (for cues written after
    /// what they qualify), longest first.
    pub fn ending_at(&self, toks: &Tokens, end: usize) -> Option<Hit<T>> {
        (end.saturating_sub(6)..end)
            .filter_map(|i| self.at(toks, i).filter(|h| h.end == end))
            .max_by_key(|h| h.end - h.first)
    }
}

fn word_matches(tok: &str, w: &Word) -> bool {
    if w.whole {
        tok == w.text
    } else {
        tok.starts_with(&w.text)
    }
}

/// Matches `words` from token `i`; returns the end token.
fn match_from(toks: &Tokens, i: usize, words: &[Word]) -> Option<usize> {
    if !word_matches(toks.norm(i), &words[0]) {
        return None;
    }
    let mut at = i + 1;
    for w in &words[1..] {
        let mut gap = 0;
        loop {
            let t = toks.toks.get(at)?;
            if t.kind != Kind::Word {
                return None;
            }
            if word_matches(toks.norm(at), w) {
                at += 1;
                break;
            }
            gap += 1;
            at += 1;
            if gap > MAX_GAP {
                return None;
            }
        }
    }
    Some(at)
}

/// The tokens of a byte range of the tokenised text: the first token ending
/// after `start`, and the first token starting at or after `end`.
pub fn token_span(toks: &Tokens, start: usize, end: usize) -> (usize, usize) {
    let a = toks
        .toks
        .iter()
        .position(|t| t.end > start)
        .unwrap_or(toks.len());
    let b = toks
        .toks
        .iter()
        .position(|t| t.start >= end)
        .unwrap_or(toks.len());
    (a, b)
}

/// Kinds of attribution cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Before,
    BeforeWithNoun,
    After,
    Speech,
}

/// Kinds of number qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    AtLeast,
    AtMost,
    About,
}

/// The compiled `[events]` data of one language.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub code: String,
    /// Class index into [`Lexicons::classes`].
    pub triggers: PhraseSet<u16>,
    pub cues: PhraseSet<Cue>,
    pub nouns: PhraseSet<()>,
    pub complementizers: PhraseSet<()>,
    pub dated_before: PhraseSet<()>,
    pub dated_after: PhraseSet<()>,
    pub qualifiers_before: PhraseSet<Qualifier>,
    pub qualifiers_after: PhraseSet<Qualifier>,
    /// Range opener index into `range_close`.
    pub range_open: PhraseSet<u16>,
    pub range_close: Vec<PhraseSet<()>>,
    pub range_joiners: PhraseSet<()>,
    /// Multiplier value index.
    pub multipliers: PhraseSet<u32>,
    pub multiplier_values: Vec<f64>,
    pub vague: PhraseSet<u32>,
    pub vague_values: Vec<[f64; 2]>,
    pub counters: PhraseSet<()>,
    /// Count class index into [`Lexicons::counts`].
    pub counts: PhraseSet<u16>,
    /// Number words (`[time] numbers`).
    pub numbers: FxHashMap<String, f64>,
    /// Words before a number that make it a label (`[time] number_labels`
    /// without their period: `p`, `no`, `№`).
    pub number_labels: Vec<String>,
    /// Ordinal suffixes (`[time] number_suffixes.ordinal`: `th`, `ci`).
    pub ordinals: Vec<String>,
}

/// Every language's lexicon plus the shared class names.
#[derive(Debug, Default)]
pub struct Lexicons {
    pub classes: Vec<String>,
    pub counts: Vec<String>,
    by_code: FxHashMap<String, Lexicon>,
    empty: Lexicon,
}

fn intern(list: &mut Vec<String>, name: &str) -> u16 {
    match list.iter().position(|c| c == name) {
        Some(i) => i as u16,
        None => {
            list.push(name.to_string());
            (list.len() - 1) as u16
        }
    }
}

impl Lexicons {
    pub fn shared() -> &'static Lexicons {
        static SHARED: OnceLock<Lexicons> = OnceLock::new();
        SHARED.get_or_init(Lexicons::build)
    }

    fn build() -> Lexicons {
        let mut out = Lexicons::default();
        for data in chronicle_lang::all() {
            let e = &data.events;
            let mut lx = Lexicon {
                code: data.code.clone(),
                ..Lexicon::default()
            };
            for (class, phrases) in &e.triggers {
                let c = intern(&mut out.classes, class);
                for p in phrases {
                    lx.triggers.add(p, c);
                }
            }
            let a = &e.attribution;
            for (list, cue) in [
                (&a.before, Cue::Before),
                (&a.before_with_noun, Cue::BeforeWithNoun),
                (&a.after, Cue::After),
                (&a.speech, Cue::Speech),
            ] {
                for p in list {
                    lx.cues.add(p, cue);
                }
            }
            for p in &a.nouns {
                lx.nouns.add(p, ());
            }
            for p in &a.complementizers {
                lx.complementizers.add(p, ());
            }
            for p in &e.dated.before {
                lx.dated_before.add(p, ());
            }
            for p in &e.dated.after {
                lx.dated_after.add(p, ());
            }
            let q = &e.quantity;
            for (placed, kind) in [
                (&q.at_least, Qualifier::AtLeast),
                (&q.at_most, Qualifier::AtMost),
                (&q.about, Qualifier::About),
            ] {
                for p in &placed.before {
                    lx.qualifiers_before.add(p, kind);
                }
                for p in &placed.after {
                    lx.qualifiers_after.add(p, kind);
                }
            }
            for [open, close] in &q.ranges {
                lx.range_open.add(open, lx.range_close.len() as u16);
                let mut c = PhraseSet::default();
                c.add(close, ());
                lx.range_close.push(c);
            }
            for p in &q.range_joiners {
                lx.range_joiners.add(p, ());
            }
            for (word, value) in &q.multipliers {
                lx.multipliers
                    .add(&format!("{word}$"), lx.multiplier_values.len() as u32);
                lx.multiplier_values.push(*value);
            }
            for (word, value) in &q.vague {
                let whole: Vec<String> = word.split_whitespace().map(|w| format!("{w}$")).collect();
                lx.vague.add(&whole.join(" "), lx.vague_values.len() as u32);
                lx.vague_values.push(*value);
            }
            for p in &q.counters {
                lx.counters.add(p, ());
            }
            for (class, words) in &q.counts {
                let c = intern(&mut out.counts, class);
                for p in words {
                    lx.counts.add(p, c);
                }
            }
            for (word, value) in &data.time.numbers {
                if !word.contains(' ') {
                    lx.numbers.insert(word.clone(), *value);
                }
            }
            lx.number_labels = data
                .time
                .number_labels
                .iter()
                .map(|l| l.trim_end_matches('.').to_string())
                .collect();
            lx.ordinals = data.time.number_suffixes.ordinal.clone();
            out.by_code.insert(data.code.clone(), lx);
        }
        out
    }

    /// The lexicon of a language (an empty one for languages without data).
    pub fn get(&self, code: &str) -> &Lexicon {
        self.by_code.get(code).unwrap_or(&self.empty)
    }

    pub fn class_name(&self, c: u16) -> &str {
        &self.classes[c as usize]
    }

    pub fn count_name(&self, c: u16) -> &str {
        &self.counts[c as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_time::token::tokenize;

    #[test]
    fn phrases_match_by_prefix_with_gaps() {
        let mut set = PhraseSet::default();
        set.add("came under control", 1u8);
        set.add("took$", 2u8);
        let toks = tokenize("Bileceri came under their control; they took it.");
        let hits = set.find(&toks, 0..toks.len());
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].meaning, 1);
        assert_eq!(hits[1].meaning, 2);
        // `took$` is a whole word: `tooky` does not match.
        let toks = tokenize("tooky");
        assert!(set.find(&toks, 0..toks.len()).is_empty());
        // Punctuation breaks a phrase.
        let toks = tokenize("came under, control");
        assert!(set.find(&toks, 0..toks.len()).is_empty());
    }

    #[test]
    fn every_language_with_triggers_compiles() {
        let lx = Lexicons::shared();
        for code in ["en", "be", "az", "ru"] {
            assert!(!lx.get(code).triggers.is_empty(), "{code} has no triggers");
        }
        assert!(lx.classes.iter().any(|c| c == "capture"));
        assert!(lx.counts.iter().any(|c| c == "killed"));
    }
}
