//! LaTeX in BibTeX field values, both ways: the escapes a value needs to
//! be read back as written, and the commands and accents of other people's
//! files turned into Unicode.

use unicode_normalization::UnicodeNormalization;

/// Escapes text for a braced BibTeX value. Braces, backslashes and the
/// characters TeX gives a meaning (`% & # _ $ ~ ^`) become commands or
/// escapes whose braces are balanced, so BibTeX's brace counting never
/// sees a lone brace; `--`, `''` and ``` `` ``` are broken with `{}` so
/// that they stay two characters instead of a dash or a quotation mark.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev = None;
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '%' | '&' | '#' | '_' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '\'' | '`' if prev == Some(c) => {
                out.push_str("{}");
                out.push(c);
            }
            _ => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// A title or container for BibTeX: escaped, and every word with a capital
/// after its first letter (`XI`, `RGASPI`, `McCarthy`) braced, so that
/// styles that change the case of titles leave it alone.
pub fn escape_title(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            if w.chars().skip(1).any(char::is_uppercase) {
                format!("{{{}}}", escape(w))
            } else {
                escape(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Accent commands and the combining mark each adds.
const ACCENTS: &[(char, char)] = &[
    ('"', '\u{308}'),
    ('\'', '\u{301}'),
    ('`', '\u{300}'),
    ('^', '\u{302}'),
    ('~', '\u{303}'),
    ('=', '\u{304}'),
    ('.', '\u{307}'),
    ('u', '\u{306}'),
    ('v', '\u{30C}'),
    ('H', '\u{30B}'),
    ('c', '\u{327}'),
    ('k', '\u{328}'),
    ('r', '\u{30A}'),
    ('d', '\u{323}'),
    ('b', '\u{331}'),
];

/// Commands that stand for a character or a string.
const SYMBOLS: &[(&str, &str)] = &[
    ("i", "ı"),
    ("j", "ȷ"),
    ("ss", "ß"),
    ("SS", "SS"),
    ("o", "ø"),
    ("O", "Ø"),
    ("ae", "æ"),
    ("AE", "Æ"),
    ("oe", "œ"),
    ("OE", "Œ"),
    ("aa", "å"),
    ("AA", "Å"),
    ("l", "ł"),
    ("L", "Ł"),
    ("dh", "ð"),
    ("DH", "Ð"),
    ("th", "þ"),
    ("TH", "Þ"),
    ("ng", "ŋ"),
    ("NG", "Ŋ"),
    ("textbackslash", "\\"),
    ("textbraceleft", "{"),
    ("textbraceright", "}"),
    ("textasciitilde", "~"),
    ("textasciicircum", "^"),
    ("textunderscore", "_"),
    ("textdollar", "$"),
    ("textpercent", "%"),
    ("textendash", "–"),
    ("textemdash", "—"),
    ("textquoteleft", "‘"),
    ("textquoteright", "’"),
    ("textquotedblleft", "“"),
    ("textquotedblright", "”"),
    ("guillemotleft", "«"),
    ("guillemotright", "»"),
    ("textellipsis", "…"),
    ("ldots", "…"),
    ("dots", "…"),
    ("S", "§"),
    ("P", "¶"),
    ("copyright", "©"),
    ("textcopyright", "©"),
    ("pounds", "£"),
    ("texteuro", "€"),
    ("textdegree", "°"),
    ("textregistered", "®"),
    ("textnumero", "№"),
];

/// Decodes a BibTeX value's LaTeX into plain Unicode text: accents
/// (`\"o`, `\'{e}`, `\c{c}`, `\u{g}`, `{\i}`), letter commands (`\ss`,
/// `\o`, `\ae`), escaped specials (`\&`, `\%`), `--`/`---` to dashes,
/// ``` `` ```/`''` to quotation marks, `~` to a space; braces and the
/// names of other commands (`\emph{x}` → `x`) are dropped. Whitespace is
/// collapsed.
pub fn decode(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => i = command(&chars, i + 1, &mut out),
            '{' | '}' | '$' => i += 1,
            '~' => {
                out.push(' ');
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('—');
                    i += 3;
                } else {
                    out.push('–');
                    i += 2;
                }
            }
            '`' if chars.get(i + 1) == Some(&'`') => {
                out.push('“');
                i += 2;
            }
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                out.push('”');
                i += 2;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    super::collapse(&out)
}

/// Decodes the command after a backslash at `i`; returns where decoding
/// goes on.
fn command(chars: &[char], i: usize, out: &mut String) -> usize {
    let Some(&first) = chars.get(i) else {
        out.push('\\');
        return i;
    };
    if !first.is_ascii_alphabetic() {
        if let Some(&(_, mark)) = ACCENTS.iter().find(|(a, _)| *a == first) {
            return accent(chars, i + 1, mark, out);
        }
        match first {
            '\\' | ' ' | ',' | ';' | ':' => out.push(' '),
            '-' | '/' | '@' => {}
            c => out.push(c),
        }
        return i + 1;
    }
    let mut end = i;
    while end < chars.len() && chars[end].is_ascii_alphabetic() {
        end += 1;
    }
    let name: String = chars[i..end].iter().collect();
    // Spaces after a command word belong to the command.
    let mut next = end;
    while next < chars.len() && chars[next].is_whitespace() {
        next += 1;
    }
    if let [letter] = chars[i..end]
        && let Some(&(_, mark)) = ACCENTS.iter().find(|(a, _)| *a == letter)
    {
        return accent(chars, next, mark, out);
    }
    if let Some((_, s)) = SYMBOLS.iter().find(|(n, _)| *n == name) {
        out.push_str(s);
        // `\ss{}`: the empty group ends the command.
        if chars.get(next) == Some(&'{') && chars.get(next + 1) == Some(&'}') {
            return next + 2;
        }
        return next;
    }
    // Any other command: its name goes, its arguments stay as text.
    next
}

/// Puts the accented argument at `i` (`{o}`, `o`, `{\i}`, `\i`) and returns
/// where decoding goes on.
fn accent(chars: &[char], mut i: usize, mark: char, out: &mut String) -> usize {
    let arg: String;
    if chars.get(i) == Some(&'{') {
        let mut depth = 0;
        let start = i;
        while i < chars.len() {
            match chars[i] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let inner: String = chars[start + 1..i.min(chars.len())].iter().collect();
        arg = decode(&inner);
        i += 1;
    } else if chars.get(i) == Some(&'\\') {
        let mut s = String::new();
        i = command(chars, i + 1, &mut s);
        arg = s;
    } else if let Some(&c) = chars.get(i) {
        arg = c.to_string();
        i += 1;
    } else {
        arg = String::new();
    }
    let mut letters = arg.chars();
    match letters.next() {
        Some(base) => {
            out.push_str(&compose(base, mark));
            out.extend(letters);
        }
        None => out.push(mark),
    }
    i
}

/// The letter with its combining mark, composed (NFC) where Unicode has
/// one character for it.
/// A dotless `ı` (`{\i}`) takes the accent as `i` does.
fn compose(base: char, mark: char) -> String {
    let base = if base == 'ı' { 'i' } else { base };
    format!("{base}{mark}").nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::{decode, escape};

    #[test]
    fn accents_become_unicode() {
        assert_eq!(decode(r#"G{\"o}del \"Ozt\"urk"#), "Gödel Öztürk");
        assert_eq!(
            decode(r"\'e\'{E} \`a \^a \~n \=a \.z \.I"),
            "éÉ à â ñ ā ż İ"
        );
        assert_eq!(
            decode(r"\c{c}\c c \u{g} \u g {\i}\i{} \v{s}\v{S}"),
            "çç ğ ğ ıı šŠ"
        );
        assert_eq!(
            decode(r"\'{\i} \^\i{} \H{o} \k{a} \r{a} \d{a}"),
            "í î ő ą å ạ"
        );
        assert_eq!(
            decode(r"Stra\ss e \ss{}\o{} \O{} \ae{} \AE \l\L"),
            "Straße ßø Ø æ ÆłŁ"
        );
        // A base with no precomposed letter keeps the combining mark.
        assert_eq!(decode(r"\v{q}"), "q\u{30C}");
    }

    #[test]
    fn specials_dashes_and_commands() {
        assert_eq!(decode(r"Q\&A 100\% \#1 a\_b \$5"), "Q&A 100% #1 a_b $5");
        assert_eq!(
            decode("1918--1920 --- yes -{}- no"),
            "1918–1920 — yes -- no"
        );
        assert_eq!(
            decode("``quoted'' A.~B. {Title} \\emph{x}"),
            "“quoted” A. B. Title x"
        );
        assert_eq!(decode("a\n   b"), "a b");
        assert_eq!(
            decode(r"\textbackslash{}x \textbraceleft{}y\textbraceright{}"),
            "\\x {y}"
        );
    }

    #[test]
    fn escape_then_decode_gives_the_text_back() {
        for s in [
            "Cats & dogs: 100% {odd $5 #1 under_score ~tilde^caret \\back",
            "-- ''q'' ``r`` \"x\" a---b",
            "Азербайджан (1918–1920) Çingiz İldırım",
        ] {
            assert_eq!(decode(&escape(s)), s, "{}", escape(s));
        }
        let e = escape("{a}} \\{");
        assert_eq!(e.matches('{').count(), e.matches('}').count(), "{e}");
    }
}
