//! Rule-based sentence segmentation for Chronicle's languages.
//!
//! The input is one cleaned paragraph (whitespace collapsed, footnote markers
//! removed) in any script. [`Segmenter::split`] returns the byte ranges of its
//! sentences. The rules, in short:
//!
//! * A sentence ends after a terminator (`.` `!` `?` `…` `...` `։` `؟` `۔` `。`
//!   `！` `？`, and `:` right after an Armenian letter), plus any closing quotes
//!   or brackets, when whitespace and then a sentence start follow: a capital
//!   letter, a letter of a caseless script (Georgian, Arabic…), or a digit,
//!   possibly behind an opening quote, bracket or dash.
//! * A period never ends a sentence after a single capital letter (an
//!   initial: `V.I. Lenin`, `F. E. Laughton`) or after a word of the
//!   `abbreviations` lists of `chronicle-lang` (`p. 53`, `оп. 1`, `т.е.`).
//! * After a word of the `terminal_abbreviations` lists (`etc.`, `и т. д.`,
//!   `1920 г.`), a period ends a sentence only before a capital, never before
//!   a digit. A single letter there (`г`), or a word that some language also
//!   lists as an abbreviation, acts so only right after a number, so that
//!   `г. Баку` stays one sentence while `в 1920 г. Затем` is two.
//! * Terminators inside a quotation or brackets (`« »`, `„ “`, `“ ”`, `( )`,
//!   `[ ]`, straight `"` pairs) do not end a sentence unless the closing marks
//!   that follow them end the quotation. A mark only counts as an opening one
//!   when its closing mark follows within [`MAX_QUOTE_BYTES`]; an unbalanced
//!   quote does not swallow the rest of the paragraph.
//! * A number and period at the very start of the paragraph (`12. `) is a list
//!   marker, not a sentence. In references, `Т. 3. Ч. 1. 1958` stays whole: a
//!   number that follows an abbreviation does not end a sentence before a
//!   digit or another abbreviation.
//!
//! * A "sentence" longer than [`MAX_SENTENCE_BYTES`] (hostile input: a book
//!   on one line without punctuation, ten megabytes of dots) is cut at the
//!   last whitespace before that length, or at a character boundary where
//!   there is none, so that no later stage holds the tokens of more than that
//!   much text at once.
//!
//! The segmenter works from the union of all languages' data, because it runs
//! before the language of each sentence is known.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Longest quotation or bracketed stretch (opening mark to closing mark, in
/// bytes) inside which terminators are ignored.
pub const MAX_QUOTE_BYTES: usize = 1500;

/// Longest sentence, in bytes; a longer stretch without a sentence end is
/// cut into pieces (see the module documentation). Real sentences are a few
/// hundred bytes.
pub const MAX_SENTENCE_BYTES: usize = 64 * 1024;

/// Longest word (in chars) looked at before a period; longer words are never
/// abbreviations.
const MAX_WORD_CHARS: usize = 24;

/// Byte classes: a byte that is, or starts, a terminator / a quote mark.
const TERM: u8 = 1;
const QUOTE: u8 = 2;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'.' as usize] = TERM;
    t[b'!' as usize] = TERM;
    t[b'?' as usize] = TERM;
    t[b':' as usize] = TERM;
    // Lead bytes of … (E2), ։ (D6), ؟ (D8), ۔ (DB), 。 (E3), ！ ？ (EF).
    t[0xE2] = TERM | QUOTE;
    t[0xD6] = TERM;
    t[0xD8] = TERM;
    t[0xDB] = TERM;
    t[0xE3] = TERM;
    t[0xEF] = TERM;
    t[b'"' as usize] = QUOTE;
    t[b'(' as usize] = QUOTE;
    t[b')' as usize] = QUOTE;
    t[b'[' as usize] = QUOTE;
    t[b']' as usize] = QUOTE;
    // Lead byte of « » (C2); „ “ ” start with E2, set above.
    t[0xC2] = QUOTE;
    t
};

/// What a terminator at some position is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    Period,
    Strong,
    Colon,
}

/// What the text after a terminator starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// A capital letter or a letter of a caseless script.
    Capital,
    Digit,
    Other,
}

/// What the word before a period allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// The period never ends a sentence here.
    Never,
    /// It ends one only before a capital.
    BeforeCapital,
    /// It ends one before a capital or a digit.
    Normal,
}

/// A sentence splitter built from abbreviation lists.
#[derive(Debug, Clone)]
pub struct Segmenter {
    abbreviations: HashSet<String>,
    terminal: HashSet<String>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter {
    /// A segmenter over the union of every language's data.
    pub fn new() -> Self {
        Self::from_lists(
            chronicle_lang::union_of(|l| &l.segment.abbreviations),
            chronicle_lang::union_of(|l| &l.segment.terminal_abbreviations),
        )
    }

    /// A segmenter over the given lists (entries are lower-cased, a final
    /// period is dropped).
    pub fn from_lists<S: AsRef<str>>(
        abbreviations: impl IntoIterator<Item = S>,
        terminal_abbreviations: impl IntoIterator<Item = S>,
    ) -> Self {
        let norm = |w: S| w.as_ref().trim().trim_end_matches('.').to_lowercase();
        Segmenter {
            abbreviations: abbreviations.into_iter().map(norm).collect(),
            terminal: terminal_abbreviations.into_iter().map(norm).collect(),
        }
    }

    /// The shared segmenter over all languages, built on first use.
    pub fn shared() -> &'static Segmenter {
        static SHARED: OnceLock<Segmenter> = OnceLock::new();
        SHARED.get_or_init(Segmenter::new)
    }

    /// Byte ranges of the sentences of `text`, in order, without surrounding
    /// whitespace. Every non-whitespace byte of `text` lies in one range.
    pub fn split(&self, text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut out = Vec::new();
        let Some(para_start) = skip_ws(text, 0) else {
            return out;
        };
        let spans = quote_spans(text);
        let mut span_idx = 0;
        let mut inside_until = 0;
        let mut buf = String::new();
        let mut start = para_start;
        let mut i = para_start;
        while i < n {
            if CLASS[bytes[i] as usize] & TERM == 0 {
                i += 1;
                continue;
            }
            let Some((term, len)) = terminator_at(text, i) else {
                i += 1;
                continue;
            };
            // The whole run of terminators ("?!", "...", "?..").
            let mut run_end = i + len;
            let mut single = true;
            while let Some((next, l)) = terminator_at(text, run_end) {
                if next == Term::Colon {
                    break;
                }
                run_end += l;
                single = false;
            }
            // "…наступнае:The South-Eastern…": a quotation in another
            // script glued to the sentence that introduces it.
            if single
                && matches!(term, Term::Colon | Term::Period)
                && glued_script_change(text, i, run_end)
            {
                out.push(start..run_end);
                start = run_end;
                i = run_end;
                continue;
            }
            if term == Term::Colon && !(single && after_armenian_letter(text, i)) {
                i = run_end;
                continue;
            }
            let q = skip_closers(text, run_end);
            if q >= n {
                break;
            }
            let Some(r) = skip_ws(text, q) else {
                break;
            };
            if r == q {
                // No whitespace after the terminator: "3.5", "leninism.su".
                i = q;
                continue;
            }
            while span_idx < spans.len() && spans[span_idx].0 < i {
                inside_until = inside_until.max(spans[span_idx].1);
                span_idx += 1;
            }
            if inside_until > q {
                // Inside a quotation that its closing marks here do not end.
                i = q;
                continue;
            }
            let start_kind = start_class(text, r);
            if start_kind == Start::Other {
                i = q;
                continue;
            }
            let verdict = if term == Term::Period && single {
                self.period_verdict(text, i, para_start, r, &mut buf)
            } else {
                Verdict::Normal
            };
            let split = match verdict {
                Verdict::Never => false,
                Verdict::BeforeCapital => start_kind == Start::Capital,
                Verdict::Normal => true,
            };
            if split {
                out.push(start..q);
                start = r;
                i = r;
            } else {
                i = q;
            }
        }
        let end = start + text[start..].trim_end().len();
        if end > start {
            out.push(start..end);
        }
        if out.iter().any(|r| r.len() > MAX_SENTENCE_BYTES) {
            out = out.into_iter().flat_map(|r| cut_long(text, r)).collect();
        }
        out
    }

    /// What the word before the period at `p` allows; `r` is where the next
    /// sentence would start.
    fn period_verdict(
        &self,
        text: &str,
        p: usize,
        para_start: usize,
        r: usize,
        buf: &mut String,
    ) -> Verdict {
        let Some(tok_start) = word_start(text, p) else {
            return Verdict::Normal;
        };
        let word = text[tok_start..p].trim_start_matches('.');
        let tok_start = p - word.len();
        if word.is_empty() {
            return Verdict::Normal;
        }
        let last = word.rsplit('.').next().unwrap_or(word);
        if last.is_empty() {
            return Verdict::Normal;
        }
        let dotted = last.len() != word.len();

        if last.chars().all(char::is_numeric) {
            if !dotted && tok_start == para_start && last.len() <= 4 {
                return Verdict::Never; // numbered list marker "12. "
            }
            if self.follows_abbreviation(text, tok_start, buf)
                && (start_class_plain(text, r) == Start::Digit
                    || self.abbreviation_at(text, r, buf))
            {
                return Verdict::Never; // "Т. 3. Ч. 1. 1958"
            }
            return Verdict::Normal;
        }

        // "1920г." is a number glued to a unit.
        let letters = if dotted {
            last
        } else {
            word.trim_start_matches(|c: char| c.is_numeric())
        };
        let glued_number = letters.len() != word.len() && !dotted;
        if letters.is_empty() {
            return Verdict::Normal;
        }

        // Two-part forms spelt with a space: "т. д.", "i. e.", "və s.".
        let after_space = tok_start > 0 && text.as_bytes()[tok_start - 1] == b' ';
        if !dotted
            && !glued_number
            && after_space
            && let Some(prev_start) = word_start(text, tok_start - 1)
        {
            let prev = &text[prev_start..tok_start - 1];
            if !prev.is_empty() && prev.chars().count() <= 6 {
                buf.clear();
                push_lower(buf, prev);
                if !prev.ends_with('.') {
                    buf.push(' ');
                }
                push_lower(buf, word);
                let initials = is_initials(prev) && is_initials(word);
                if let Some(v) = self.lookup(buf, initials, text, prev_start, false) {
                    return v;
                }
            }
        }
        if dotted {
            buf.clear();
            push_lower(buf, word);
            if let Some(v) = self.lookup(buf, is_initials(word), text, tok_start, false) {
                return v;
            }
        }
        // A case ending joined to a number by a hyphen ("1920-х.", "1918-ci.")
        // is not an abbreviation.
        if !dotted && tok_start >= 2 && text[..tok_start].ends_with('-') {
            let before = &text[..tok_start - 1];
            if before
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit())
            {
                return Verdict::Normal;
            }
        }
        let mut chars = letters.chars();
        let first = chars.next().unwrap_or(' ');
        let single_letter = chars.next().is_none();
        if single_letter && first.is_uppercase() {
            return Verdict::Never; // an initial
        }
        buf.clear();
        push_lower(buf, letters);
        if let Some(v) = self.lookup(buf, single_letter, text, tok_start, glued_number) {
            return v;
        }
        if single_letter {
            Verdict::Never
        } else {
            Verdict::Normal
        }
    }

    /// The verdict for a lower-cased abbreviation candidate, if it is one.
    /// `letter_like`: the candidate is one letter or capital letters only
    /// (`A.M.` may be initials), so as a terminal abbreviation it ends a
    /// sentence only after a number.
    fn lookup(
        &self,
        lower: &str,
        letter_like: bool,
        text: &str,
        tok_start: usize,
        glued_number: bool,
    ) -> Option<Verdict> {
        let abbrev = self.abbreviations.contains(lower);
        if self.terminal.contains(lower) {
            let needs_number = letter_like || abbrev;
            if needs_number && !glued_number && !preceded_by_number(text, tok_start) {
                return Some(Verdict::Never);
            }
            return Some(Verdict::BeforeCapital);
        }
        abbrev.then_some(Verdict::Never)
    }

    /// Whether the word at `tok_start` follows "<abbreviation or initial>. ".
    fn follows_abbreviation(&self, text: &str, tok_start: usize, buf: &mut String) -> bool {
        let b = text.as_bytes();
        if tok_start < 2 || b[tok_start - 1] != b' ' || b[tok_start - 2] != b'.' {
            return false;
        }
        let p = tok_start - 2;
        let Some(s) = word_start(text, p) else {
            return false;
        };
        let word = &text[s..p];
        self.is_abbreviation_word(word, buf)
    }

    /// Whether an abbreviation or a single letter followed by a period starts
    /// at `r`.
    fn abbreviation_at(&self, text: &str, r: usize, buf: &mut String) -> bool {
        let rest = &text[r..];
        let mut end = None;
        for (k, (idx, c)) in rest.char_indices().enumerate() {
            if k > MAX_WORD_CHARS {
                return false;
            }
            if !c.is_alphabetic() {
                end = Some((idx, c));
                break;
            }
        }
        match end {
            Some((idx, '.')) if idx > 0 => self.is_abbreviation_word(&rest[..idx], buf),
            _ => false,
        }
    }

    fn is_abbreviation_word(&self, word: &str, buf: &mut String) -> bool {
        let mut chars = word.chars();
        match (chars.next(), chars.next()) {
            (None, _) => false,
            (Some(c), None) => c.is_alphabetic(),
            _ => {
                buf.clear();
                push_lower(buf, word);
                self.abbreviations.contains(buf.as_str()) || self.terminal.contains(buf.as_str())
            }
        }
    }
}

/// `range` of `text` (no whitespace at either end) in pieces of at most
/// [`MAX_SENTENCE_BYTES`], each cut after the last whitespace within the
/// limit (or at a character boundary), without whitespace at either end.
fn cut_long(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    while range.end - start > MAX_SENTENCE_BYTES {
        let mut cut = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let piece = &text[start..cut];
        let end = match piece.rfind(char::is_whitespace) {
            Some(w) if w > 0 => start + piece[..w].trim_end().len(),
            _ => cut,
        };
        out.push(start..end);
        start = match skip_ws(text, end) {
            Some(next) if next < range.end => next,
            _ => return out,
        };
    }
    out.push(start..range.end);
    out
}

/// Sentences of `text` by the shared segmenter; see [`Segmenter::split`].
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    Segmenter::shared().split(text)
}

fn push_lower(buf: &mut String, s: &str) {
    for c in s.chars() {
        buf.extend(c.to_lowercase());
    }
}

/// The first non-whitespace byte at or after `i`.
fn skip_ws(text: &str, i: usize) -> Option<usize> {
    text[i..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map(|(k, _)| i + k)
}

/// The terminator starting at byte `i`, and its length.
fn terminator_at(text: &str, i: usize) -> Option<(Term, usize)> {
    let b = text.as_bytes();
    match *b.get(i)? {
        b'.' => Some((Term::Period, 1)),
        b'!' | b'?' => Some((Term::Strong, 1)),
        b':' => Some((Term::Colon, 1)),
        0xE2 if b.get(i + 1..i + 3) == Some(&[0x80, 0xA6]) => Some((Term::Strong, 3)), // …
        0xD6 if b.get(i + 1) == Some(&0x89) => Some((Term::Strong, 2)),                // ։
        0xD8 if b.get(i + 1) == Some(&0x9F) => Some((Term::Strong, 2)),                // ؟
        0xDB if b.get(i + 1) == Some(&0x94) => Some((Term::Strong, 2)),                // ۔
        0xE3 if b.get(i + 1..i + 3) == Some(&[0x80, 0x82]) => Some((Term::Strong, 3)), // 。
        0xEF if matches!(
            b.get(i + 1..i + 3),
            Some(&[0xBC, 0x81]) | Some(&[0xBC, 0x9F])
        ) =>
        {
            Some((Term::Strong, 3)) // ！ ？
        }
        _ => None,
    }
}

fn after_armenian_letter(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| ('\u{0531}'..='\u{0587}').contains(&c))
}

/// Skips closing quotes and brackets after a terminator.
fn skip_closers(text: &str, mut i: usize) -> usize {
    for c in text[i..].chars() {
        if matches!(c, '"' | '\'' | '”' | '“' | '»' | '’' | '›' | ')' | ']') {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '«' | '„' | '“' | '‘' | '‹' | '(' | '[')
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '-' | '―')
}

/// What the text at `r` (after a terminator and whitespace) starts with,
/// looking through opening quotes, brackets and dashes.
fn start_class(text: &str, r: usize) -> Start {
    for (k, c) in text[r..].chars().enumerate() {
        if k > 8 {
            return Start::Other;
        }
        if is_opener(c) || is_dash(c) || c.is_whitespace() {
            continue;
        }
        return letter_class(c);
    }
    Start::Other
}

/// Like [`start_class`] but without looking through anything.
fn start_class_plain(text: &str, r: usize) -> Start {
    text[r..].chars().next().map_or(Start::Other, letter_class)
}

fn letter_class(c: char) -> Start {
    if c.is_numeric() {
        Start::Digit
    } else if c.is_uppercase() {
        Start::Capital
    } else if c.is_alphabetic() && (!c.is_lowercase() || is_georgian_letter(c)) {
        // Caseless scripts: any letter can start a sentence.
        Start::Capital
    } else {
        Start::Other
    }
}

/// Georgian Mkhedruli letters are lowercase in Unicode, but ordinary text has
/// no capitals.
fn is_georgian_letter(c: char) -> bool {
    ('\u{10D0}'..='\u{10FF}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Whether `word` is capital letters each followed by a period (`V.I`, `A.`).
fn is_initials(word: &str) -> bool {
    let word = word.strip_suffix('.').unwrap_or(word);
    !word.is_empty()
        && word.split('.').all(|part| {
            let mut cs = part.chars();
            matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
        })
}

/// Start of the word (letters, digits, inner periods) ending at byte `end`;
/// `None` when it is longer than [`MAX_WORD_CHARS`].
/// The writing system of a letter, coarsely: enough to see a change of script.
fn script(c: char) -> u8 {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => 1, // Latin
        0x400..=0x52F => 2,                                              // Cyrillic
        0x531..=0x58F => 3,                                              // Armenian
        0x10A0..=0x10FF | 0x1C90..=0x1CBF => 4,                          // Georgian
        0x600..=0x6FF => 5,                                              // Arabic
        0x370..=0x3FF => 6,                                              // Greek
        _ => 0,
    }
}

/// Whether the terminator at `t..end` is glued between a letter of one
/// script and a capital letter of another, with no space.
fn glued_script_change(text: &str, t: usize, end: usize) -> bool {
    let Some(before) = text[..t].chars().next_back() else {
        return false;
    };
    let Some(after) = text[end..].chars().next() else {
        return false;
    };
    let (a, b) = (script(before), script(after));
    before.is_alphabetic() && after.is_uppercase() && a != 0 && b != 0 && a != b
}

fn word_start(text: &str, end: usize) -> Option<usize> {
    let mut start = end;
    for (k, (idx, c)) in text[..end].char_indices().rev().enumerate() {
        if !is_word_char(c) {
            break;
        }
        if k >= MAX_WORD_CHARS {
            return None;
        }
        start = idx;
    }
    Some(start)
}

/// Whether the word before `tok_start` (separated by one space) is a number:
/// digits (`1920`, `1918–1920`, `20-х`) or Roman numerals (`XIX`, `XIXe`).
fn preceded_by_number(text: &str, tok_start: usize) -> bool {
    let before = &text[..tok_start];
    let Some(before) = before.strip_suffix(' ') else {
        return false;
    };
    let mut word_start = before.len();
    for (k, (idx, c)) in before.char_indices().rev().enumerate() {
        if c.is_whitespace() || k >= MAX_WORD_CHARS {
            break;
        }
        word_start = idx;
    }
    let word = before[word_start..].trim_start_matches(['(', '[']);
    let Some(first) = word.chars().next() else {
        return false;
    };
    if first.is_numeric() {
        return true;
    }
    let roman = word.trim_end_matches(|c: char| c.is_lowercase() || c == '-');
    !roman.is_empty()
        && word.len() - roman.len() <= 4
        && roman.chars().all(|c| {
            matches!(
                c,
                'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M' | 'І' | 'Х' | 'С' | 'М'
            )
        })
}

/// Quotation and bracket pairs of `text` as (opening byte, byte after the
/// closing mark), sorted by opening byte. Pairs longer than
/// [`MAX_QUOTE_BYTES`] and marks without a partner are left out.
fn quote_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut paren: Vec<usize> = Vec::new();
    let mut square: Vec<usize> = Vec::new();
    let mut guillemet: Vec<usize> = Vec::new();
    // Curly quotes: (opening byte, opened with the low „).
    let mut curly: Vec<(usize, bool)> = Vec::new();
    let mut straight: Option<usize> = None;
    fn push(spans: &mut Vec<(usize, usize)>, open: usize, end: usize) {
        if end - open <= MAX_QUOTE_BYTES {
            spans.push((open, end));
        }
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if CLASS[b as usize] & QUOTE == 0 {
            i += 1;
            continue;
        }
        let c = if b < 0x80 {
            b as char
        } else {
            text[i..].chars().next().unwrap_or(' ')
        };
        let end = i + c.len_utf8();
        match c {
            '(' => paren.push(i),
            '[' => square.push(i),
            '«' => guillemet.push(i),
            '„' => curly.push((i, true)),
            ')' => {
                if let Some(o) = paren.pop() {
                    push(&mut spans, o, end);
                }
            }
            ']' => {
                if let Some(o) = square.pop() {
                    push(&mut spans, o, end);
                }
            }
            '»' => {
                if let Some(o) = guillemet.pop() {
                    push(&mut spans, o, end);
                }
            }
            '“' => match curly.last() {
                Some(&(o, true)) => {
                    curly.pop();
                    push(&mut spans, o, end);
                }
                _ => curly.push((i, false)),
            },
            '”' => {
                if let Some((o, _)) = curly.pop() {
                    push(&mut spans, o, end);
                }
            }
            '"' => match straight.take() {
                Some(o) => push(&mut spans, o, end),
                None => straight = Some(i),
            },
            _ => {}
        }
        i = end;
    }
    spans.sort_unstable();
    spans
}

#[cfg(test)]
mod tests;
