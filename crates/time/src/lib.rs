//! Temporal tagging: finds dates, times, durations and sets in a document's
//! sentences and normalises them to EDTF.
//!
//! Stages, for each sentence in document order:
//! 1. **Prefilter**: one Aho-Corasick pass over the sentence for the trigger
//!    words of every language (month names, unit words, `năm`, …) and
//!    digits. Sentences without a trigger are skipped.
//! 2. **Tokens** ([`token`]): words, numbers with their glued suffixes and
//!    punctuation, with byte offsets.
//! 3. **Grammar** ([`grammar`]): phrases of the sentence's language(s)
//!    ([`lexicon`], compiled from the `[time]` section of each language's data
//!    file in `chronicle-lang`) combine into points, intervals, clock times,
//!    durations, relative dates and sets.
//! 4. **Narrative** ([`resolve`]): partial expressions take their missing
//!    parts from the date being narrated, which moves as dates appear.

pub mod edtf;
pub mod grammar;
pub mod lexicon;
pub mod resolve;
pub mod token;

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use chronicle_core::{BlockKind, Document, Span, Timex, TimexType, UNDETERMINED};

use crate::grammar::{Mention, Parser};
use crate::lexicon::Lexicon;
use crate::resolve::Narrative;
use crate::token::{Tokens, tokenize_into};

/// The temporal tagger: every language's lexicon and the prefilter.
pub struct Tagger {
    lexicons: HashMap<String, Lexicon>,
    /// All languages merged, for text of unknown language.
    all: Lexicon,
    prefilter: AhoCorasick,
    /// Per prefilter pattern: whether it may match the start of a longer
    /// word (a stem of a language with suffixes).
    prefix_ok: Vec<bool>,
}

/// An expression at its place in a paragraph's `text`, before
/// [`Narrative::resolve`] gives it its type and value.
fn unresolved(
    paragraph: usize,
    sentence: usize,
    span: Span,
    start: usize,
    end: usize,
    text: &str,
) -> Timex {
    Timex {
        paragraph,
        sentence,
        span,
        start,
        end,
        text: text[start..end].to_string(),
        kind: TimexType::Date,
        value: String::new(),
        modifier: None,
        anchor: None,
        calendar: None,
        alt_value: None,
    }
}

impl Default for Tagger {
    fn default() -> Self {
        Tagger::new()
    }
}

impl Tagger {
    /// Compiles the `[time]` data of every language.
    pub fn new() -> Tagger {
        let langs = chronicle_lang::all();
        let lexicons: HashMap<String, Lexicon> = langs
            .iter()
            .filter(|l| !l.time.months.is_empty())
            .map(|l| (l.code.clone(), Lexicon::build(l)))
            .collect();
        let all = Lexicon::merged(langs.iter().filter(|l| !l.time.months.is_empty()));
        // Pattern → may it match a word prefix. Capitalised forms are added
        // because the automaton folds ASCII case only.
        let mut flags: HashMap<String, bool> = HashMap::new();
        for lex in lexicons.values() {
            for t in &lex.triggers {
                let mut cs = t.chars();
                let cap: Option<String> = cs.next().map(|c| c.to_uppercase().chain(cs).collect());
                for p in std::iter::once(t.clone()).chain(cap) {
                    *flags.entry(p).or_default() |= lex.inflects;
                }
            }
        }
        for d in 0..10 {
            flags.insert(d.to_string(), true);
        }
        let mut patterns: Vec<(String, bool)> = flags.into_iter().collect();
        patterns.sort();
        let prefilter = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(patterns.iter().map(|(p, _)| p))
            .expect("prefilter patterns are plain strings");
        Tagger {
            lexicons,
            all,
            prefilter,
            prefix_ok: patterns.into_iter().map(|(_, ok)| ok).collect(),
        }
    }

    /// The tagger built once per process.
    pub fn shared() -> &'static Tagger {
        static SHARED: OnceLock<Tagger> = OnceLock::new();
        SHARED.get_or_init(Tagger::new)
    }

    /// Codes of the languages that have time data.
    pub fn languages(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.lexicons.keys().map(|s| s.as_str()).collect();
        v.sort();
        v
    }

    /// Whether a digit or a trigger word occurs in `text`. A trigger must
    /// start a word, and end it unless suffixes of its language may follow.
    pub fn triggered(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic());
        self.prefilter.find_overlapping_iter(text).any(|m| {
            if bytes[m.start()].is_ascii_digit() {
                return true;
            }
            let starts = !letter(text[..m.start()].chars().next_back());
            starts
                && (self.prefix_ok[m.pattern().as_usize()]
                    || !letter(text[m.end()..].chars().next()))
        })
    }

    /// The lexicons for text in `langs` (most specific first); all languages
    /// merged when none of them has time data.
    fn lexicons_for<'a>(&'a self, langs: &[&str]) -> Vec<&'a Lexicon> {
        let mut out: Vec<&Lexicon> = Vec::new();
        for l in langs {
            if let Some(lex) = self.lexicons.get(*l)
                && !out.iter().any(|x| std::ptr::eq(*x, lex))
            {
                out.push(lex);
            }
        }
        if out.is_empty() {
            out.push(&self.all);
        }
        out
    }

    fn mentions(&self, text: &str, lex: &[&Lexicon], toks: &mut Tokens) -> Vec<Mention> {
        if !self.triggered(text) {
            return Vec::new();
        }
        tokenize_into(text, toks);
        Parser::new(text, toks, lex).scan()
    }

    /// Tags a document: every sentence in order, with one narrative for the
    /// whole document. In reference lists only complete dates (day, month and
    /// year, such as access dates) are kept, and they do not move the
    /// narrative: publication years there belong to citations, not to the
    /// timeline.
    pub fn tag_document(&self, doc: &Document) -> Vec<Timex> {
        let main = doc.main_lang().unwrap_or(UNDETERMINED).to_string();
        let declared = doc.declared_lang.clone().unwrap_or_default();
        let mut narrative = Narrative::default();
        let mut toks = Tokens::default();
        let mut out = Vec::new();
        for (pi, para) in doc.paragraphs.iter().enumerate() {
            let in_refs = para.kind == BlockKind::Reference;
            let mut scratch = Narrative::default();
            let text = para.text.text();
            for (si, s) in para.sentences.iter().enumerate() {
                let stext = &text[s.start..s.end];
                let langs = [
                    s.lang.as_str(),
                    para.lang.as_str(),
                    main.as_str(),
                    declared.as_str(),
                ];
                let lex = self.lexicons_for(&langs);
                for m in self.mentions(stext, &lex, &mut toks) {
                    if in_refs && !m.is_complete_date() {
                        continue;
                    }
                    let (a, b) = (s.start + m.start, s.start + m.end);
                    let mut t = unresolved(pi, si, para.text.span_to_source(a..b), a, b, text);
                    if in_refs {
                        scratch.resolve(&m, &mut t);
                    } else {
                        narrative.resolve(&m, &mut t);
                    }
                    out.push(t);
                }
            }
        }
        out
    }

    /// Tags a plain text in one language (every line a sentence, all in
    /// paragraph 0, spans and ranges are offsets into `text`), with one
    /// narrative: for tests and quick checks.
    pub fn tag_text(&self, text: &str, lang: &str) -> Vec<Timex> {
        let lex = self.lexicons_for(&[lang]);
        let mut narrative = Narrative::default();
        let mut toks = Tokens::default();
        let mut out = Vec::new();
        let mut offset = 0;
        for (si, line) in text.split_inclusive('\n').enumerate() {
            for m in self.mentions(line, &lex, &mut toks) {
                let (a, b) = (offset + m.start, offset + m.end);
                let mut t = unresolved(0, si, Span::new(a, b), a, b, text);
                narrative.resolve(&m, &mut t);
                out.push(t);
            }
            offset += line.len();
        }
        out
    }
}
