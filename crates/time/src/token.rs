//! Tokens for the date grammar: words, numbers (with the suffix glued to
//! them: `1918-ci`, `27th`, `1920-х`) and single punctuation characters.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Num,
    Punct,
}

/// One token. Offsets are byte offsets into the tokenised text.
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Lowercased word (apostrophes dropped), the digits of a number, or the
    /// punctuation character.
    pub norm: Range<usize>,
    /// For numbers: the lowercased letters glued after the digits, without
    /// the hyphen or apostrophe (`ci` in `1918-ci`, `s` in `1920's`).
    pub suffix: Range<usize>,
    /// For numbers: the value (saturating), and how many digits it has.
    pub value: u32,
    pub digits: u8,
    /// Whether whitespace stands between this token and the previous one.
    pub space_before: bool,
}

/// The tokens of a text, with their normalised forms in one buffer.
#[derive(Debug, Default)]
pub struct Tokens {
    pub toks: Vec<Token>,
    buf: String,
}

impl Tokens {
    pub fn norm(&self, i: usize) -> &str {
        &self.buf[self.toks[i].norm.clone()]
    }

    pub fn suffix(&self, i: usize) -> &str {
        &self.buf[self.toks[i].suffix.clone()]
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The punctuation character of token `i`, if it is one.
    pub fn punct(&self, i: usize) -> Option<char> {
        let t = self.toks.get(i)?;
        if t.kind == Kind::Punct {
            self.buf[t.norm.clone()].chars().next()
        } else {
            None
        }
    }

    /// Whether token `i` touches token `i - 1` (no whitespace between).
    pub fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && !self.toks[i].space_before
    }
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    // Cyrillic letters (the block's few signs and marks count as letters
    // here, which is harmless for dates).
    if ('\u{400}'..='\u{4ff}').contains(&c) {
        return true;
    }
    c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Whether `c` is a dash that can join the two ends of an interval.
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−')
}

/// Appends the lowercase form of `c`; the Turkic dotted capital İ becomes a
/// plain `i` rather than `i` plus a combining dot.
pub fn push_lower(buf: &mut String, c: char) {
    if c.is_ascii() {
        buf.push(c.to_ascii_lowercase());
    } else if c == 'İ' {
        buf.push('i');
    } else if ('\u{430}'..='\u{45f}').contains(&c) {
        // Lowercase Cyrillic: the common case of non-ASCII text.
        buf.push(c);
    } else if ('\u{410}'..='\u{42f}').contains(&c) {
        buf.push(char::from_u32(c as u32 + 0x20).unwrap_or(c));
    } else if ('\u{400}'..='\u{40f}').contains(&c) {
        buf.push(char::from_u32(c as u32 + 0x50).unwrap_or(c));
    } else {
        buf.extend(c.to_lowercase());
    }
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens::default();
    tokenize_into(text, &mut out);
    out
}

/// Splits `text` into tokens, reusing the buffers of `out`.
pub fn tokenize_into(text: &str, out: &mut Tokens) {
    out.toks.clear();
    out.buf.clear();
    let bytes = text.as_bytes();
    let mut space = true;
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if c.is_whitespace() || matches!(c, '\u{200b}' | '\u{ad}' | '\u{feff}') {
            space = true;
            continue;
        }
        let nstart = out.buf.len();
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            let digits = &text[start..end];
            out.buf.push_str(digits);
            let norm = nstart..out.buf.len();
            let value = digits.bytes().fold(0u32, |v, d| {
                v.saturating_mul(10).saturating_add((d - b'0') as u32)
            });
            // A suffix glued to the number, directly or after a hyphen or
            // apostrophe: 27th, 1918-ci, 1920's.
            let mut suf_start = end;
            let mut rest = text[end..].chars();
            if let Some(n) = rest.next()
                && (is_hyphen(n) || is_apostrophe(n))
                && rest.next().is_some_and(is_word_char)
            {
                suf_start = end + n.len_utf8();
            }
            let mut suf_end = suf_start;
            for ch in text[suf_start..].chars() {
                if is_word_char(ch) {
                    suf_end += ch.len_utf8();
                } else {
                    break;
                }
            }
            let s0 = out.buf.len();
            let mut tok_end = end;
            if suf_end > suf_start {
                for ch in text[suf_start..suf_end].chars() {
                    push_lower(&mut out.buf, ch);
                }
                tok_end = suf_end;
            }
            let suffix = s0..out.buf.len();
            out.toks.push(Token {
                start,
                end: tok_end,
                kind: Kind::Num,
                norm,
                suffix,
                value,
                digits: (end - start).min(255) as u8,
                space_before: space,
            });
            while it.peek().is_some_and(|(i, _)| *i < tok_end) {
                it.next();
            }
        } else if is_word_char(c) {
            let mut end = start + c.len_utf8();
            push_lower(&mut out.buf, c);
            loop {
                let mut look = text[end..].chars();
                match look.next() {
                    Some(n) if is_word_char(n) => {
                        push_lower(&mut out.buf, n);
                        end += n.len_utf8();
                    }
                    Some(n) if is_apostrophe(n) && look.next().is_some_and(is_word_char) => {
                        end += n.len_utf8();
                    }
                    _ => break,
                }
            }
            out.toks.push(Token {
                start,
                end,
                kind: Kind::Word,
                norm: nstart..out.buf.len(),
                suffix: 0..0,
                value: 0,
                digits: 0,
                space_before: space,
            });
            while it.peek().is_some_and(|(i, _)| *i < end) {
                it.next();
            }
        } else {
            out.buf.push(c);
            out.toks.push(Token {
                start,
                end: start + c.len_utf8(),
                kind: Kind::Punct,
                norm: nstart..out.buf.len(),
                suffix: 0..0,
                value: 0,
                digits: 0,
                space_before: space,
            });
        }
        space = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        let t = tokenize(text);
        (0..t.len())
            .map(|i| match t.toks[i].kind {
                Kind::Num if !t.suffix(i).is_empty() => format!("{}+{}", t.norm(i), t.suffix(i)),
                _ => t.norm(i).to_string(),
            })
            .collect()
    }

    #[test]
    fn numbers_keep_their_suffixes() {
        assert_eq!(show("1918-ci il"), ["1918+ci", "il"]);
        assert_eq!(show("1920-х гадах"), ["1920+х", "гадах"]);
        assert_eq!(show("the 1920’s"), ["the", "1920+s"]);
        assert_eq!(show("27th"), ["27+th"]);
        assert_eq!(show("3-4 мая"), ["3", "-", "4", "мая"]);
    }

    #[test]
    fn labels_glued_to_numbers_split() {
        assert_eq!(show("Date27 April"), ["date", "27", "april"]);
    }

    #[test]
    fn words_are_lowercased_without_apostrophes() {
        assert_eq!(show("Mayıs'ta İki"), ["mayısta", "iki"]);
        assert_eq!(show("3:00 a.m."), ["3", ":", "00", "a", ".", "m", "."]);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "у\u{a0}снежні 1918";
        let t = tokenize(text);
        assert_eq!(&text[t.toks[1].start..t.toks[1].end], "снежні");
        assert!(t.toks[1].space_before);
        assert_eq!(t.toks[2].value, 1918);
    }
}
