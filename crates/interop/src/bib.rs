//! The cited works in the formats reference managers exchange (CSL-JSON,
//! BibTeX, RIS), and the import of CSL-JSON and BibTeX bibliographies.
//!
//! ## Exports
//!
//! Each writer writes one record per [`Work`] of the [`Dataset`] (the works
//! cited in the documents kept), in store order, and returns how many it
//! wrote. The three formats carry the same fields, as [`exported_fields`]
//! gives them:
//!
//! | Chronicle | CSL-JSON ([CSL 1.0.2] `csl-data.json`) | BibTeX (biblatex-compatible, UTF-8) | RIS ([RIS spec], tag meanings per type as in its 2011 revision) |
//! |---|---|---|---|
//! | `id` | `id`; `citation-key` | entry key (the id, kept to the characters a key may hold) | in `N1` |
//! | `fields.kind`, else inferred | `type` | `@article`, `@book`, `@incollection`, `@inproceedings`, `@phdthesis`, `@techreport`, `@online`, `@unpublished`, `@misc` | `TY` (`JOUR`, `BOOK`, `CHAP`, `ELEC`, `GEN` …) |
//! | `authors` | `author` (`family`/`given`, or `literal`) | `author`, joined by ` and ` | one `AU` each (`Family, Given`) |
//! | `year` | `issued` `date-parts` | `year` | `PY` |
//! | `title` | `title` | `title` | `TI` |
//! | `container` | `container-title` | `journal` (articles), else `booktitle` | `T2` |
//! | `volume`, `issue` | `volume`, `issue` | `volume`, `number` | `VL`, `IS` |
//! | `pages` | `page` | `pages` | `SP`/`EP` (not for books and theses, where `SP` is the number of pages) |
//! | `publisher`, `place` | `publisher`, `publisher-place` | `publisher`, `address` | `PB`, `CY` |
//! | `doi`, `url`, `lang` | `DOI`, `URL`, `language` | `doi`, `url`, `language` | `DO`, `UR`, `LA` |
//! | citations | `note`: the work id, each document citing it with its count of reference entries and footnote markers | `note` | `N1` |
//!
//! The type, when the reference entry did not give one, is inferred: a
//! container and a volume make a journal article, a publisher or place a
//! book, a URL alone a web page, anything else a `document`. Names are
//! split into family and given names where the written form shows which is
//! which (`Family, Given`, `Family I. O.`, `И. О. Фамилия`, `Given Family`);
//! organisations and forms Chronicle cannot split safely stay whole (CSL
//! `literal`, a braced BibTeX name). Pages of a work known only from short
//! citations (`Кадишев 1960, p. 243`) are the page cited, not the work's,
//! and are left out. Left out everywhere: editors, translators, editions,
//! series, ISBNs, abstracts, and the text of the citing sentences (the
//! `note` says where they are; `chronicle sources ID` shows them).
//! Text goes into CSL-JSON as it is: citeproc processors read the few
//! HTML-like tags CSL allows in fields (`<i>`, `<b>`, `<sup>`, `<sub>`,
//! `<span class="nocase">`), so such a tag in a title is shown as markup.
//! The escaping of BibTeX (LaTeX specials, balanced braces, verbatim DOIs
//! and URLs) is in `latex` and `bibtex`, that of RIS (one line per tag) in
//! `ris`.
//!
//! ## Import
//!
//! [`read_bibliography`] reads CSL-JSON (an array of items, or one item) and
//! BibTeX (`@string` macros, `#` concatenation, braced and quoted values,
//! `@comment`, `@preamble`, LaTeX accents to Unicode) into [`BibRecord`]s,
//! whose fields the events stage uses to complete parsed references.
//! Errors name the line and column and what is wrong.
//!
//! [CSL 1.0.2]: https://github.com/citation-style-language/schema
//! [RIS spec]: https://web.archive.org/web/2010/http://www.refman.com/support/risformat_intro.asp

mod bibtex;
mod csl;
mod latex;
mod names;
mod ris;

use std::io::Write;

use chronicle_core::{BibRecord, Work, WorkFields};

use crate::{Dataset, ExportError};
use names::Name;

/// Writes the works as a CSL-JSON array; returns how many.
pub fn write_csl_json(ds: &Dataset<'_>, w: &mut dyn Write) -> Result<u64, ExportError> {
    csl::write(&ds.works, w)
}

/// Writes the works as BibTeX entries; returns how many.
pub fn write_bibtex(ds: &Dataset<'_>, w: &mut dyn Write) -> Result<u64, ExportError> {
    bibtex::write(&ds.works, w)
}

/// Writes the works as RIS records; returns how many.
pub fn write_ris(ds: &Dataset<'_>, w: &mut dyn Write) -> Result<u64, ExportError> {
    ris::write(&ds.works, w)
}

/// What is wrong with a bibliography file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BibError {
    #[error("line {line}, column {column}: not valid JSON: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("CSL-JSON item {item}: {message}")]
    Csl { item: usize, message: String },
    #[error("line {line}, column {column}: the entry `{start}` is not closed{hint}")]
    Unterminated {
        line: usize,
        column: usize,
        /// The entry's opening (`@book{smith2001`).
        start: String,
        /// Where the closing brace is probably missing, if that shows.
        hint: String,
    },
    #[error("line {line}, column {column}: the entry `@{kind}` has no citation key")]
    MissingKey {
        line: usize,
        column: usize,
        kind: String,
    },
    #[error("line {line}, column {column}: `{name}` is neither a number nor a defined @string")]
    UnknownMacro {
        line: usize,
        column: usize,
        name: String,
    },
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("no bibliography records found: {0}")]
    NoRecords(String),
}

/// Reads a CSL-JSON or BibTeX bibliography (told apart by its first
/// character: `[` or `{` is JSON). `source` is recorded in each record.
pub fn read_bibliography(text: &str, source: &str) -> Result<Vec<BibRecord>, BibError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    let records = if trimmed.starts_with(['[', '{']) {
        csl::read(text, source)?
    } else if trimmed.contains('@') {
        bibtex::read(text, source)?
    } else {
        return Err(BibError::NoRecords(
            "the text is neither CSL-JSON (an array of items or one item) nor BibTeX (`@type{key, field = {value}}` entries)".into(),
        ));
    };
    if records.is_empty() {
        return Err(BibError::NoRecords(if trimmed.starts_with(['[', '{']) {
            "the CSL-JSON array is empty".into()
        } else {
            "the BibTeX text has no entries (only comments, @string or @preamble)".into()
        }));
    }
    Ok(records)
}

/// The fields of a work as the three exports write them: text with its
/// whitespace collapsed, authors as `Family, Given` (or whole), the CSL
/// type (given or inferred) in `kind`, and no pages for a work known only
/// from short citations. Reading an export back gives these.
pub fn exported_fields(work: &Work) -> WorkFields {
    Entry::of(work).fields
}

/// A work as the writers see it.
struct Entry<'w> {
    work: &'w Work,
    fields: WorkFields,
    names: Vec<Name>,
    /// The CSL item type.
    kind: String,
    note: String,
}

impl<'w> Entry<'w> {
    fn of(work: &'w Work) -> Entry<'w> {
        let f = &work.fields;
        let names: Vec<Name> = f.authors.iter().filter_map(|a| Name::split(a)).collect();
        let mut fields = WorkFields {
            authors: names.iter().map(Name::display).collect(),
            year: f.year,
            title: clean(&f.title),
            place: clean(&f.place),
            publisher: clean(&f.publisher),
            pages: if f.short { None } else { clean(&f.pages) },
            doi: clean(&f.doi),
            url: clean(&f.url),
            lang: clean(&f.lang),
            short: false,
            kind: clean(&f.kind),
            container: clean(&f.container),
            volume: clean(&f.volume),
            issue: clean(&f.issue),
        };
        let kind = fields
            .kind
            .clone()
            .unwrap_or_else(|| infer_type(&fields).to_string());
        fields.kind = Some(kind.clone());
        Entry {
            work,
            fields,
            names,
            kind,
            note: note(work),
        }
    }
}

/// The CSL type of fields that do not name one.
fn infer_type(f: &WorkFields) -> &'static str {
    if f.container.is_some() && f.volume.is_some() {
        "article-journal"
    } else if f.publisher.is_some() || f.place.is_some() {
        "book"
    } else if f.url.is_some() && f.container.is_none() {
        "webpage"
    } else {
        "document"
    }
}

/// Where Chronicle found the work: `Chronicle work kadishev-1960; cited in
/// a.txt (1 reference entry, 3 footnote markers), b.txt (1 reference entry)`.
fn note(work: &Work) -> String {
    let mut docs: Vec<(&str, usize, usize)> = Vec::new();
    for c in &work.citations {
        let i = match docs.iter().position(|d| d.0 == c.doc) {
            Some(i) => i,
            None => {
                docs.push((&c.doc, 0, 0));
                docs.len() - 1
            }
        };
        if c.kind == "marker" {
            docs[i].2 += 1;
        } else {
            docs[i].1 += 1;
        }
    }
    let count = |n: usize, one: &str, many: &str| {
        (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
    };
    let cited: Vec<String> = docs
        .iter()
        .map(|(doc, entries, markers)| {
            let counts: Vec<String> = [
                count(*entries, "reference entry", "reference entries"),
                count(*markers, "footnote marker", "footnote markers"),
            ]
            .into_iter()
            .flatten()
            .collect();
            format!("{doc} ({})", counts.join(", "))
        })
        .collect();
    let mut note = format!("Chronicle work {}", work.id);
    if !cited.is_empty() {
        note.push_str("; cited in ");
        note.push_str(&cited.join(", "));
    }
    if work.fields.short {
        note.push_str("; known only from short citations");
    }
    if let Some(key) = &work.bibliography {
        note.push_str(&format!(
            "; completed from the imported bibliography record {key}"
        ));
    }
    collapse(&note)
}

/// Whitespace runs (line breaks included) as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field's text collapsed, or `None` when nothing is left.
fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref().map(collapse).filter(|s| !s.is_empty())
}

/// The first four-digit number of a date or year field (`1960`, `c. 1960`,
/// `1960-05-01`), or a shorter one when it is the whole field (`800`).
fn year_of(s: &str) -> Option<i32> {
    let s = s.trim();
    if let Ok(y) = s.parse::<i32>()
        && s.len() <= 5
    {
        return Some(y);
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                return s[start..i].parse().ok();
            }
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
pub(crate) mod tests {
    use chronicle_core::{Citation, Work, WorkFields};

    /// A made-up work with a citation in `doc`.
    pub fn work(id: &str, fields: WorkFields, doc: &str) -> Work {
        Work {
            id: id.into(),
            citations: vec![Citation {
                doc: doc.into(),
                start: 10,
                end: 40,
                kind: "entry".into(),
                label: Some("1".into()),
                text: "…".into(),
                fields: fields.clone(),
            }],
            fields,
            bibliography: None,
        }
    }

    /// Made-up works in several scripts, with every field and hostile
    /// characters.
    pub fn works() -> Vec<Work> {
        let s = |x: &str| Some(x.to_string());
        vec![
            work(
                "smith-2001",
                WorkFields {
                    authors: vec!["Smith, J.".into(), "Ministry of Culture".into()],
                    year: Some(2001),
                    title: s(
                        "Cats & dogs: 100% {odd $5 #1 under_score ~tilde^caret \\back -- ''q'' \"x\" XI",
                    ),
                    container: s("Journal of Tests & Trials"),
                    volume: s("3"),
                    issue: s("4"),
                    pages: s("10–20"),
                    doi: s("10.1000/xyz_1%{2}"),
                    url: s("https://example.org/a_b%20c?x=1&y=#f"),
                    lang: s("en"),
                    ..WorkFields::default()
                },
                "made-up.txt",
            ),
            work(
                "kadishev-1960",
                WorkFields {
                    authors: vec!["Кадишев А. Б.".into()],
                    year: Some(1960),
                    title: s("Интервенция и гражданская война в Закавказье"),
                    place: s("Москва"),
                    publisher: s("Воениздат"),
                    lang: s("ru"),
                    ..WorkFields::default()
                },
                "ru.txt",
            ),
            work(
                "aliyarli-2008",
                WorkFields {
                    authors: vec!["Əliyarlı İ.".into(), "T. Behbudov".into()],
                    year: Some(2008),
                    title: s("Azərbaycanın daxili işlər nazirləri"),
                    place: s("Bakı"),
                    publisher: s("Mütərcim and Sons"),
                    pages: s("311—312"),
                    lang: s("az"),
                    ..WorkFields::default()
                },
                "az.txt",
            ),
            work(
                "altstadt-1992",
                WorkFields {
                    authors: vec!["Altstadt".into()],
                    year: Some(1992),
                    pages: s("109"),
                    short: true,
                    ..WorkFields::default()
                },
                "en.txt",
            ),
            work(
                "site-2024",
                WorkFields {
                    title: s("Q&A with Arsène: “No Evidence”"),
                    url: s("https://example.org/q{a"),
                    ..WorkFields::default()
                },
                "en.txt",
            ),
        ]
    }

    #[test]
    fn types_are_inferred_as_documented() {
        let kinds: Vec<String> = works()
            .iter()
            .map(|w| super::exported_fields(w).kind.unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["article-journal", "book", "book", "document", "webpage"]
        );
    }

    #[test]
    fn notes_say_where_the_work_is_cited() {
        let mut w = works().remove(1);
        let mut marker = w.citations[0].clone();
        marker.kind = "marker".into();
        w.citations.push(marker.clone());
        w.citations.push(marker);
        let mut other = w.citations[0].clone();
        other.doc = "b.txt".into();
        w.citations.push(other);
        w.bibliography = Some("kad60".into());
        assert_eq!(
            super::note(&w),
            "Chronicle work kadishev-1960; cited in ru.txt (1 reference entry, 2 footnote markers), b.txt (1 reference entry); completed from the imported bibliography record kad60"
        );
    }

    #[test]
    fn short_pages_are_left_out() {
        let w = &works()[3];
        assert_eq!(super::exported_fields(w).pages, None);
        assert!(super::note(w).ends_with("known only from short citations"));
    }

    #[test]
    fn years_are_read_from_dates() {
        assert_eq!(super::year_of("1960"), Some(1960));
        assert_eq!(super::year_of("c. 1960a"), Some(1960));
        assert_eq!(super::year_of("1920-04-27"), Some(1920));
        assert_eq!(super::year_of("800"), Some(800));
        assert_eq!(super::year_of("n.d."), None);
    }
}
