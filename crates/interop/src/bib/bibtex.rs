//! BibTeX: `@type{key, field = {value}, …}` entries, written for biblatex
//! and BibTeX alike with UTF-8 text kept as it is (biblatex and biber
//! read it; classic BibTeX passes it through), and read with `@string`
//! macros, `#` concatenation, braced and quoted values, `@comment`,
//! `@preamble`, `%` comment lines inside entries, and LaTeX accents.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use chronicle_core::{BibRecord, Work, WorkFields};

use super::latex::{decode, escape, escape_title};
use super::names::Name;
use super::{BibError, Entry, collapse, year_of};
use crate::ExportError;

/// CSL types and the BibTeX entry type (with biblatex `entrysubtype`)
/// written for each; everything else is `@misc`.
const TYPES: &[(&str, &str, Option<&str>)] = &[
    ("article-journal", "article", None),
    ("article-magazine", "article", Some("magazine")),
    ("article-newspaper", "article", Some("newspaper")),
    ("book", "book", None),
    ("chapter", "incollection", None),
    ("paper-conference", "inproceedings", None),
    ("thesis", "phdthesis", None),
    ("report", "techreport", None),
    ("webpage", "online", None),
    ("manuscript", "unpublished", None),
];

/// Fields whose value is written and read verbatim (biblatex `verbatim`
/// fields: no LaTeX in them).
const VERBATIM: &[&str] = &["doi", "url", "eprint", "file", "pdf"];

/// The entry key of each work: its id with the characters a key cannot
/// hold (outside ASCII letters, digits and `-_:./+`) turned into `-`,
/// made unique with `-2`, `-3`… where two ids meet.
pub fn keys(works: &[Work]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    works
        .iter()
        .map(|w| {
            let base: String =
                w.id.chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || "-_:./+".contains(c) {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
            let base = if base.is_empty() {
                "work".to_string()
            } else {
                base
            };
            let mut key = base.clone();
            let mut n = 1;
            while !seen.insert(key.clone()) {
                n += 1;
                key = format!("{base}-{n}");
            }
            key
        })
        .collect()
}

/// Writes one entry per work.
pub fn write(works: &[Work], w: &mut dyn Write) -> Result<u64, ExportError> {
    for (work, key) in works.iter().zip(keys(works)) {
        let e = Entry::of(work);
        let f = &e.fields;
        let (ty, subtype) = TYPES
            .iter()
            .find(|(csl, _, _)| *csl == e.kind)
            .map_or(("misc", None), |(_, b, s)| (*b, *s));
        writeln!(w, "@{ty}{{{key},")?;
        let mut field = |name: &str, value: Option<String>| -> std::io::Result<()> {
            match value {
                Some(v) => writeln!(w, "  {name} = {{{v}}},"),
                None => Ok(()),
            }
        };
        field("entrysubtype", subtype.map(String::from))?;
        let authors: Vec<String> = e.names.iter().map(name).collect();
        field(
            "author",
            (!authors.is_empty()).then(|| authors.join(" and ")),
        )?;
        field("title", f.title.as_deref().map(escape_title))?;
        let container = if ty == "article" {
            "journal"
        } else {
            "booktitle"
        };
        field(container, f.container.as_deref().map(escape_title))?;
        field("year", f.year.map(|y| y.to_string()))?;
        field("volume", f.volume.as_deref().map(escape))?;
        field("number", f.issue.as_deref().map(escape))?;
        field("pages", f.pages.as_deref().map(escape))?;
        field("publisher", f.publisher.as_deref().map(list_item))?;
        field("address", f.place.as_deref().map(list_item))?;
        field("doi", f.doi.as_deref().map(verbatim))?;
        field("url", f.url.as_deref().map(verbatim))?;
        field("language", f.lang.as_deref().map(list_item))?;
        field("note", Some(escape(&e.note)))?;
        writeln!(w, "}}\n")?;
    }
    Ok(works.len() as u64)
}

/// A name for a name list: `Family, Given`; a family name of several words,
/// a lone family name and a whole name braced so that nothing splits them
/// (`{van der Leeuw}, J.`, `{Altstadt}`, `{Ministry of Culture}`).
fn name(n: &Name) -> String {
    match n {
        Name::Person {
            family,
            given: Some(g),
        } => {
            let family = if family.contains(' ') || family.starts_with(char::is_lowercase) {
                format!("{{{}}}", escape(family))
            } else {
                escape(family)
            };
            let given = if g.contains(',') || has_and(g) {
                format!("{{{}}}", escape(g))
            } else {
                escape(g)
            };
            format!("{family}, {given}")
        }
        Name::Person {
            family: s,
            given: None,
        }
        | Name::Literal(s) => format!("{{{}}}", escape(s)),
    }
}

/// A value of a biblatex list field (`publisher`, `location`, `language`),
/// braced whole when it holds the word `and`, which would split it.
fn list_item(s: &str) -> String {
    if has_and(s) {
        format!("{{{}}}", escape(s))
    } else {
        escape(s)
    }
}

fn has_and(s: &str) -> bool {
    s.split_whitespace().any(|w| w.eq_ignore_ascii_case("and"))
}

/// A verbatim value (DOI, URL): as it is when its braces balance and it
/// has no backslash or space, else with those percent-encoded.
fn verbatim(s: &str) -> String {
    let mut depth = 0i32;
    let balanced = s.chars().all(|c| {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        depth >= 0
    }) && depth == 0;
    if balanced && !s.contains(['\\', ' ']) {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '{' => "%7B".to_string(),
            '}' => "%7D".to_string(),
            '\\' => "%5C".to_string(),
            ' ' => "%20".to_string(),
            c => c.to_string(),
        })
        .collect()
}

// ---------------------------------------------------------------- reading

/// An entry as parsed: type, key and raw field values (LaTeX not yet
/// decoded).
struct RawEntry {
    kind: String,
    key: String,
    fields: Vec<(String, String)>,
}

/// Reads every entry of a BibTeX text.
pub fn read(text: &str, source: &str) -> Result<Vec<BibRecord>, BibError> {
    let entries = Parser::new(text).entries()?;
    Ok(entries.into_iter().map(|e| record(e, source)).collect())
}

fn record(e: RawEntry, source: &str) -> BibRecord {
    let raw = |names: &[&str]| {
        names.iter().find_map(|n| {
            e.fields
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
        })
    };
    let get = |names: &[&str]| {
        raw(names)
            .map(|v| {
                if VERBATIM.contains(&names[0]) {
                    collapse(v)
                } else {
                    decode(v)
                }
            })
            .filter(|v| !v.is_empty())
    };
    let subtype = get(&["entrysubtype"]);
    let kind = match (e.kind.as_str(), subtype.as_deref()) {
        ("article", Some("magazine")) => "article-magazine",
        ("article", Some("newspaper")) => "article-newspaper",
        ("article", _) => "article-journal",
        ("book" | "mvbook" | "proceedings" | "collection" | "mvcollection", _) => "book",
        ("inbook" | "incollection" | "bookinbook" | "suppbook", _) => "chapter",
        ("inproceedings" | "conference", _) => "paper-conference",
        ("phdthesis" | "mastersthesis" | "thesis", _) => "thesis",
        ("techreport" | "report", _) => "report",
        ("online" | "electronic" | "www", _) => "webpage",
        ("unpublished", _) => "manuscript",
        _ => "document",
    };
    BibRecord {
        fields: WorkFields {
            authors: raw(&["author"]).map(names).unwrap_or_default(),
            year: get(&["year"])
                .or_else(|| get(&["date"]))
                .and_then(|y| year_of(&y)),
            title: get(&["title"]),
            place: get(&["address"]).or_else(|| get(&["location"])),
            publisher: get(&["publisher"])
                .or_else(|| get(&["school"]))
                .or_else(|| get(&["institution"]))
                .or_else(|| get(&["organization"])),
            pages: get(&["pages"]),
            doi: get(&["doi"]),
            url: get(&["url"]),
            lang: get(&["language"])
                .or_else(|| get(&["langid"]))
                .map(|l| language_code(&l)),
            short: false,
            kind: Some(kind.to_string()),
            container: get(&["journal"])
                .or_else(|| get(&["journaltitle"]))
                .or_else(|| get(&["booktitle"])),
            volume: get(&["volume"]),
            issue: get(&["number"]).or_else(|| get(&["issue"])),
        },
        key: e.key,
        source: source.to_string(),
    }
}

/// Babel and polyglossia language names to the codes Chronicle uses; a
/// code or an unknown name is kept (lower-cased).
fn language_code(name: &str) -> String {
    // Babel's own names for variants, and languages Chronicle has no data
    // file for; the others are the `name` of a language's data file.
    const BABEL: &[(&str, &str)] = &[
        ("american", "en"),
        ("british", "en"),
        ("ngerman", "de"),
        ("farsi", "fa"),
        ("polish", "pl"),
        ("spanish", "es"),
        ("italian", "it"),
    ];
    let lower = name.trim().to_lowercase();
    if let Some(d) = chronicle_lang::all()
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case(&lower))
    {
        return d.code.clone();
    }
    BABEL
        .iter()
        .find(|(n, _)| *n == lower)
        .map_or(lower, |(_, c)| c.to_string())
}

/// Splits a raw name list on ` and ` outside braces, each name into
/// `Family, Given` (BibTeX's three forms: `First von Last`, `von Last,
/// First`, `von Last, Jr, First`); `others` is left out.
fn names(raw: &str) -> Vec<String> {
    let mut names = vec![Vec::new()];
    for w in words(raw) {
        if w.eq_ignore_ascii_case("and") {
            names.push(Vec::new());
        } else {
            names.last_mut().unwrap().push(w);
        }
    }
    names
        .into_iter()
        .map(|n| n.join(" "))
        .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case("others"))
        .filter_map(|n| one_name(&n))
        .collect()
}

fn one_name(raw: &str) -> Option<String> {
    let parts: Vec<String> = split_commas(raw);
    let (family, given) = match parts.as_slice() {
        [] => return None,
        [whole] => {
            let words = words(whole);
            let n = words.len();
            // `First von Last`: the von part starts at the first
            // lower-case word before the last word.
            let k = (1..n.saturating_sub(1))
                .find(|&i| words[i].starts_with(char::is_lowercase))
                .unwrap_or(n.saturating_sub(1));
            (words[k..].join(" "), words[..k].join(" "))
        }
        [family, given] => (family.clone(), given.clone()),
        [family, suffix, given, ..] => (family.clone(), format!("{given}, {suffix}")),
    };
    let family = decode(&family);
    let given = decode(&given);
    match (family.is_empty(), given.is_empty()) {
        (true, true) => None,
        (false, true) => Some(family),
        (true, false) => Some(given),
        (false, false) => Some(format!("{family}, {given}")),
    }
}

/// Words of `s` split on whitespace outside braces.
fn words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut depth = 0i32;
    let mut prev_backslash = false;
    for c in s.chars() {
        match c {
            '{' if !prev_backslash => depth += 1,
            '}' if !prev_backslash => depth -= 1,
            _ => {}
        }
        prev_backslash = c == '\\' && !prev_backslash;
        if c.is_whitespace() && depth <= 0 {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Parts of a name split on commas outside braces, trimmed.
fn split_commas(s: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    let mut prev_backslash = false;
    for c in s.chars() {
        match c {
            '{' if !prev_backslash => depth += 1,
            '}' if !prev_backslash => depth -= 1,
            ',' if depth <= 0 => {
                parts.push(String::new());
                prev_backslash = false;
                continue;
            }
            _ => {}
        }
        prev_backslash = c == '\\' && !prev_backslash;
        parts.last_mut().unwrap().push(c);
    }
    parts.into_iter().map(|p| p.trim().to_string()).collect()
}

/// A BibTeX text being read.
struct Parser<'t> {
    text: &'t str,
    pos: usize,
    macros: HashMap<String, String>,
}

/// Where the entry being read starts, for errors.
#[derive(Clone, Copy)]
struct Start {
    at: usize,
    /// End of `@type{key` (or `@type{`).
    head_end: usize,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Parser<'t> {
        let months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let macros = months
            .iter()
            .map(|m| (m[..3].to_lowercase(), m.to_string()))
            .collect();
        Parser {
            text,
            pos: 0,
            macros,
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Skips whitespace and `%` comments to the end of their line.
    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.bump();
            } else if c == '%' {
                while let Some(c) = self.bump() {
                    if c == '\n' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    /// A name: entry type, key-less identifier, field or macro name.
    fn ident(&mut self) -> &'t str {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_whitespace() || "{}(),=#\"%@'".contains(c) {
                break;
            }
            self.bump();
        }
        &self.text[start..self.pos]
    }

    fn line_col(&self, at: usize) -> (usize, usize) {
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }

    fn syntax(&self, at: usize, message: String) -> BibError {
        let (line, column) = self.line_col(at);
        BibError::Syntax {
            line,
            column,
            message,
        }
    }

    fn unterminated(&self, start: Start) -> BibError {
        let (line, column) = self.line_col(start.at);
        // A later line that opens an entry shows where a `}` is missing.
        let after = start.head_end;
        let hint = self.text[after..]
            .match_indices('\n')
            .map(|(i, _)| after + i + 1)
            .find(|&i| {
                let rest = self.text[i..].trim_start_matches([' ', '\t']);
                rest.starts_with('@') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic())
            })
            .map(|i| {
                format!(
                    " (a closing brace is probably missing before the entry on line {})",
                    self.line_col(i).0
                )
            })
            .unwrap_or_else(|| ": the text ends inside it".into());
        BibError::Unterminated {
            line,
            column,
            start: self.text[start.at..start.head_end].to_string(),
            hint,
        }
    }

    fn entries(mut self) -> Result<Vec<RawEntry>, BibError> {
        let mut out = Vec::new();
        while let Some(at) = self.text[self.pos..].find('@') {
            self.pos += at;
            let at = self.pos;
            self.bump();
            self.skip_space();
            let kind = self.ident().to_lowercase();
            self.skip_space();
            let close = match self.peek() {
                Some('{') => '}',
                Some('(') => ')',
                // Not an entry (`user@example.org` in a comment): go on.
                _ => continue,
            };
            if kind.is_empty() {
                continue;
            }
            self.bump();
            let mut start = Start {
                at,
                head_end: self.pos,
            };
            match kind.as_str() {
                "comment" => self.skip_group(start, close)?,
                "preamble" => {
                    self.value(start, "@preamble")?;
                    self.expect_close(start, close, "@preamble")?;
                }
                "string" => {
                    self.skip_space();
                    let name_at = self.pos;
                    let name = self.ident().to_lowercase();
                    if name.is_empty() {
                        return Err(self.syntax(name_at, "expected a name after `@string{`".into()));
                    }
                    self.skip_space();
                    if self.bump() != Some('=') {
                        return Err(self.syntax(
                            self.pos,
                            format!("expected `=` after the @string name `{name}`"),
                        ));
                    }
                    let v = self.value(start, &name)?;
                    self.macros.insert(name, v);
                    self.expect_close(start, close, "@string")?;
                }
                _ => {
                    self.skip_space();
                    let key_at = self.pos;
                    let key = self.ident().to_string();
                    start.head_end = self.pos;
                    self.skip_space();
                    // `@book{ title = …`: what was read is a field name.
                    if key.is_empty() || self.peek() == Some('=') {
                        if self.peek().is_none() {
                            return Err(self.unterminated(start));
                        }
                        let (line, column) = self.line_col(key_at);
                        return Err(BibError::MissingKey { line, column, kind });
                    }
                    let fields = self.fields(start, close, &key)?;
                    out.push(RawEntry { kind, key, fields });
                }
            }
        }
        Ok(out)
    }

    /// Skips a group whose opening delimiter was read (`@comment{…}`).
    fn skip_group(&mut self, start: Start, close: char) -> Result<(), BibError> {
        let open = if close == '}' { '{' } else { '(' };
        let mut depth = 1;
        while let Some(c) = self.bump() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(());
                }
            }
        }
        Err(self.unterminated(start))
    }

    fn expect_close(&mut self, start: Start, close: char, what: &str) -> Result<(), BibError> {
        self.skip_space();
        match self.peek() {
            Some(c) if c == close => {
                self.bump();
                Ok(())
            }
            None => Err(self.unterminated(start)),
            Some(c) => Err(self.syntax(
                self.pos,
                format!("expected `{close}` to close {what}, found `{c}`"),
            )),
        }
    }

    /// The fields after the key, up to the closing delimiter.
    fn fields(
        &mut self,
        start: Start,
        close: char,
        key: &str,
    ) -> Result<Vec<(String, String)>, BibError> {
        let mut fields: Vec<(String, String)> = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => return Err(self.unterminated(start)),
                Some(c) if c == close => {
                    self.bump();
                    return Ok(fields);
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                // The next entry: this one lacks its closing brace.
                Some('@') => return Err(self.unterminated(start)),
                _ => {}
            }
            let name_at = self.pos;
            let name = self.ident().to_lowercase();
            if name.is_empty() {
                let c = self.peek().unwrap_or(' ');
                return Err(self.syntax(
                    name_at,
                    format!("in `{key}`: expected a field name, `,` or `{close}`, found `{c}`"),
                ));
            }
            self.skip_space();
            if self.peek() != Some('=') {
                return Err(match self.peek() {
                    None => self.unterminated(start),
                    Some(c) => self.syntax(
                        self.pos,
                        format!(
                            "in `{key}`: expected `=` after the field name `{name}`, found `{c}`"
                        ),
                    ),
                });
            }
            self.bump();
            let value = self.value(start, &name)?;
            self.skip_space();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(c) if c == close => {}
                None => return Err(self.unterminated(start)),
                Some(c) => {
                    return Err(self.syntax(
                        self.pos,
                        format!(
                            "in `{key}`: expected `,` or `{close}` after the value of `{name}`, found `{c}` (a missing comma?)"
                        ),
                    ));
                }
            }
            if !fields.iter().any(|(n, _)| *n == name) {
                fields.push((name, value));
            }
        }
    }

    /// A value: pieces (`{…}`, `"…"`, a number, a @string name) joined by
    /// `#`.
    fn value(&mut self, start: Start, field: &str) -> Result<String, BibError> {
        let mut out = String::new();
        loop {
            self.skip_space();
            let piece_at = self.pos;
            match self.peek() {
                None => return Err(self.unterminated(start)),
                Some('{') => {
                    self.bump();
                    out.push_str(self.delimited(start, '}')?);
                }
                Some('"') => {
                    self.bump();
                    out.push_str(self.delimited(start, '"')?);
                }
                Some(c) if c.is_ascii_digit() => {
                    while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        self.bump();
                    }
                    out.push_str(&self.text[piece_at..self.pos]);
                }
                Some(c) if !"}),=#".contains(c) => {
                    let name = self.ident().to_lowercase();
                    match self.macros.get(&name) {
                        Some(v) => out.push_str(v),
                        None => {
                            let (line, column) = self.line_col(piece_at);
                            return Err(BibError::UnknownMacro { line, column, name });
                        }
                    }
                }
                Some(c) => {
                    return Err(self.syntax(
                        piece_at,
                        format!("expected a value for `{field}` (`{{…}}`, `\"…\"`, a number or a @string name), found `{c}`"),
                    ));
                }
            }
            self.skip_space();
            if self.peek() == Some('#') {
                self.bump();
            } else {
                return Ok(out);
            }
        }
    }

    /// The text up to `end` (`}` or `"`) outside nested braces; the opening
    /// delimiter was read. `\{`, `\}` and `\"` do not count.
    fn delimited(&mut self, start: Start, end: char) -> Result<&'t str, BibError> {
        let from = self.pos;
        let mut depth = 0;
        let mut escaped = false;
        while let Some(c) = self.bump() {
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' => escaped = true,
                '{' => depth += 1,
                '}' if depth > 0 => depth -= 1,
                c if c == end && depth == 0 => {
                    return Ok(&self.text[from..self.pos - c.len_utf8()]);
                }
                // A brace closing more than was opened inside a quoted value.
                '}' => {
                    return Err(
                        self.syntax(self.pos - 1, "unbalanced `}` in a quoted value".into())
                    );
                }
                _ => {}
            }
        }
        Err(self.unterminated(start))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BibError, exported_fields, read_bibliography, tests::works};

    fn export() -> String {
        let mut out = Vec::new();
        assert_eq!(super::write(&works(), &mut out).unwrap(), 5);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn entries_are_escaped_and_typed() {
        let b = export();
        assert!(b.starts_with("@article{smith-2001,\n"), "{b}");
        assert!(
            b.contains("  author = {Smith, J. and {Ministry of Culture}},\n"),
            "{b}"
        );
        assert!(
            b.contains(r#"  title = {Cats \& dogs: 100\% \textbraceleft{}odd \$5 \#1 under\_score \textasciitilde{}tilde\textasciicircum{}caret \textbackslash{}back -{}- '{}'q'{}' "x" {XI}},"#),
            "{b}"
        );
        assert!(
            b.contains("  journal = {Journal of Tests \\& Trials},\n"),
            "{b}"
        );
        assert!(b.contains("  doi = {10.1000/xyz_1%{2}},\n"), "{b}");
        assert!(
            b.contains("  url = {https://example.org/a_b%20c?x=1&y=#f},\n"),
            "{b}"
        );
        assert!(
            b.contains("@book{kadishev-1960,\n  author = {Кадишев, А. Б.},\n"),
            "{b}"
        );
        assert!(
            b.contains("  author = {Əliyarlı, İ. and Behbudov, T.},\n"),
            "{b}"
        );
        assert!(b.contains("  publisher = {{Mütərcim and Sons}},\n"), "{b}");
        assert!(
            b.contains("@misc{altstadt-1992,\n  author = {{Altstadt}},\n"),
            "{b}"
        );
        assert!(b.contains("@online{site-2024,"), "{b}");
        // An unbalanced brace in a URL is percent-encoded.
        assert!(b.contains("  url = {https://example.org/q%7Ba},\n"), "{b}");
        // Braces balance in every entry.
        for entry in b.split("\n@") {
            assert_eq!(
                entry.matches('{').count(),
                entry.matches('}').count(),
                "{entry}"
            );
        }
    }

    #[test]
    fn the_export_reads_back() {
        let records = read_bibliography(&export(), "x.bib").unwrap();
        assert_eq!(records.len(), 5);
        for (w, r) in works().iter().zip(&records) {
            let mut expected = exported_fields(w);
            if w.id == "site-2024" {
                expected.url = Some("https://example.org/q%7Ba".into());
            }
            assert_eq!(r.key, w.id);
            assert_eq!(r.fields, expected, "{}", w.id);
        }
    }

    #[test]
    fn keys_are_valid_and_unique() {
        let mut ws = works();
        ws[1].id = "smith 2001{}".into();
        ws[2].id = "smith-2001--".into();
        ws[3].id = String::new();
        assert_eq!(
            super::keys(&ws)[..4],
            ["smith-2001", "smith-2001--", "smith-2001---2", "work"]
        );
    }

    #[test]
    fn other_peoples_bibtex() {
        let text = r#"
% A made-up bibliography. user@example.org wrote it.
@comment{ nothing {here} is read }
@preamble{ "\newcommand{\noop}[1]{}" }
@String{ bak = "Bak{\i}" }
@STRING(ed = {Elm})

@Book{ qasimov1999,
  Author    = "Qas{\i}mov, C{\"e}mil and {\.I}lkin {\c S}ahin and others",
  Title     = {Yadda{\c s}{\i}n {B}{\"{e}}rpas{\i}},
  Year      = 1999,
  Address   = bak # ", Az{\u g}rbaycan",
  Publisher = ed,
  Langid    = {azerbaijani},
  % note = {commented out},
}

@article(ivanov-1920,
  author = {Иванов, И. И. and Ludwig van Beethoven},
  title = "Гражданская война --- {\emph{очерк}}",
  journaltitle = {Вопросы истории},
  date = {1920-04-27}, volume = {3}, number = 4,
  pages = {10--20}, doi = {10.1000/a_b},
  month = apr,
)
@misc{gödel, author = {G\"{o}del, Kurt and Stra\ss{}mann, J\'{a}nos}, title = {\'Etude \v{S}koda \~n \^a \=a \.z \o{} \ae{} \H{o}}}
"#;
        let r = read_bibliography(text, "made-up.bib").unwrap();
        assert_eq!(r.len(), 3);
        let q = &r[0].fields;
        assert_eq!(r[0].key, "qasimov1999");
        assert_eq!(q.authors, ["Qasımov, Cëmil", "Şahin, İlkin"]);
        assert_eq!(q.title.as_deref(), Some("Yaddaşın Bërpası"));
        assert_eq!(q.year, Some(1999));
        assert_eq!(q.place.as_deref(), Some("Bakı, Azğrbaycan"));
        assert_eq!(q.publisher.as_deref(), Some("Elm"));
        assert_eq!(q.lang.as_deref(), Some("az"));
        assert_eq!(q.kind.as_deref(), Some("book"));
        let i = &r[1].fields;
        assert_eq!(i.authors, ["Иванов, И. И.", "van Beethoven, Ludwig"]);
        assert_eq!(i.title.as_deref(), Some("Гражданская война — очерк"));
        assert_eq!(i.container.as_deref(), Some("Вопросы истории"));
        assert_eq!(i.year, Some(1920));
        assert_eq!(i.issue.as_deref(), Some("4"));
        assert_eq!(i.pages.as_deref(), Some("10–20"));
        assert_eq!(i.doi.as_deref(), Some("10.1000/a_b"));
        assert_eq!(i.kind.as_deref(), Some("article-journal"));
        let g = &r[2].fields;
        assert_eq!(r[2].key, "gödel");
        assert_eq!(g.authors, ["Gödel, Kurt", "Straßmann, János"]);
        assert_eq!(g.title.as_deref(), Some("Étude Škoda ñ â ā ż ø æ ő"));
        assert_eq!(g.kind.as_deref(), Some("document"));
    }

    fn error(text: &str) -> String {
        read_bibliography(text, "x.bib").unwrap_err().to_string()
    }

    #[test]
    fn malformed_bibtex_names_the_line() {
        assert_eq!(
            error(
                "@book{a, title = {T}}\n\n@book{smith2001,\n  title = {Unclosed,\n  year = 2001,\n}\n"
            ),
            "line 3, column 1: the entry `@book{smith2001` is not closed: the text ends inside it"
        );
        assert_eq!(
            error("@book{a,\n  title = {T},\n\n@book{b, title = {U}}\n"),
            "line 1, column 1: the entry `@book{a` is not closed (a closing brace is probably missing before the entry on line 4)"
        );
        assert_eq!(
            error("@book{\n  title = {T}}\n"),
            "line 2, column 3: the entry `@book` has no citation key"
        );
        assert_eq!(
            error("@book{,\n  title = {T}}\n"),
            "line 1, column 7: the entry `@book` has no citation key"
        );
        assert_eq!(
            error("@book{a,\n  title = {T}\n  year = 2001}\n"),
            "line 3, column 3: in `a`: expected `,` or `}` after the value of `title`, found `y` (a missing comma?)"
        );
        assert_eq!(
            error("@book{a,\n  title {T}}\n"),
            "line 2, column 9: in `a`: expected `=` after the field name `title`, found `{`"
        );
        assert_eq!(
            error("@book{a, publisher = nowhere}\n"),
            "line 1, column 22: `nowhere` is neither a number nor a defined @string"
        );
        assert_eq!(
            error("@book{a, title = \"T}\"}\n"),
            "line 1, column 20: unbalanced `}` in a quoted value"
        );
        assert_eq!(
            error("% only a comment\n@comment{x}\n@string{a = {b}}\n"),
            "no bibliography records found: the BibTeX text has no entries (only comments, @string or @preamble)"
        );
        assert!(error("just some text").contains("neither CSL-JSON"));
        let e = read_bibliography("@book{a,", "x").unwrap_err();
        assert!(
            matches!(
                e,
                BibError::Unterminated {
                    line: 1,
                    column: 1,
                    ..
                }
            ),
            "{e:?}"
        );
    }
}
