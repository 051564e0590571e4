//! Reference entries parsed into works, and footnote markers linked to them.
//!
//! An entry is parsed by shape, in any script:
//! - authors: leading `Surname I. I.` groups (`Кадишев А. Б.`, `Katibli M.`,
//!   `Yamskov, A. N.`), several joined by `,`, `&` or a conjunction of any
//!   language (`[time] conjunctions`: `və`, `and`, `и`);
//! - year: a parenthesised year after the authors (`Kadishev A. B. (1960)`),
//!   else the last year that is not part of a range (`Баку, 1989.` after
//!   `1918–1921`);
//! - title: the text after the authors (and year) up to the next `. ` or
//!   `, ` followed by a place or publisher part;
//! - place and publisher: `Title. Place, Year.` or `(Year), Title,
//!   Publisher, Place.`;
//! - pages after a page label of any language (`p. 243`, `pp. 232–244`,
//!   `С. 12`; `[events] page_labels`), DOI, URL, and a language note
//!   `(In Azerbaijani)`;
//! - a short form is `Surname Year[, p. N]` (`Кадишев 1960, p. 243.`).
//!
//! One work is one key: the first author's surname romanised to its
//! consonant skeleton plus the year, so the Russian original, its
//! transliteration and a short form elsewhere are one work. Entries without
//! an author key on their first title words.

use chronicle_core::{BibRecord, Citation, Document, Work, WorkFields};
use chronicle_names::{Names, fold, skeleton};
use rustc_hash::{FxHashMap, FxHashSet};

/// One parsed entry and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEntry {
    pub fields: WorkFields,
    pub key: String,
}

fn is_year(w: &str) -> Option<i32> {
    let digits: String = w.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() != 4 {
        return None;
    }
    let rest = &w[digits.len()..];
    if !(rest.is_empty() || rest.len() == 1 && rest.chars().all(|c| c.is_ascii_lowercase())) {
        return None;
    }
    let y: i32 = digits.parse().ok()?;
    (1400..=2100).contains(&y).then_some(y)
}

fn is_initial(w: &str) -> bool {
    // `А.`, `Б.`, `M.`, `Ş.`, `Sh.`, `Ə.`, `A.N.`
    let w = w.trim_end_matches(',');
    w.ends_with('.')
        && w.split('.')
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() <= 2 && p.chars().next().is_some_and(char::is_uppercase))
}

fn is_surname(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase)
        && w.chars().count() >= 2
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
        && w.chars().skip(1).any(char::is_lowercase)
}

/// Words of every language read in reference entries: conjunctions that
/// join two authors (`[time] conjunctions`: `and`, `və`, `и`) and page
/// labels (`[events] page_labels`: `p.`, `с.`, `səh.`).
struct EntryWords {
    joiners: Vec<String>,
    page_labels: Vec<String>,
}

fn entry_words() -> &'static EntryWords {
    static WORDS: std::sync::OnceLock<EntryWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| EntryWords {
        joiners: chronicle_lang::union_of(|d| &d.time.conjunctions),
        page_labels: chronicle_lang::union_of(|d| &d.events.page_labels),
    })
}

fn is_one_of(word: &str, list: &[String]) -> bool {
    let lower = word.to_lowercase();
    list.contains(&lower)
}

/// Leading author names: returns (authors, words consumed).
fn authors(words: &[&str]) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        if !is_surname(w) {
            break;
        }
        // Initials after the surname (`Кадишев А. Б.`, `Yamskov, A. N.`).
        let mut j = i + 1;
        while words.get(j).is_some_and(|w| is_initial(w)) {
            j += 1;
        }
        if j == i + 1 {
            // A surname without initials counts only in a short form or
            // before a year in parentheses.
            let next = words.get(j).copied().unwrap_or("");
            let year_next = next.trim_matches(|c: char| !c.is_ascii_digit()).len() == 4
                && next.starts_with('(');
            if !(year_next || is_year(next.trim_end_matches([',', '.'])).is_some()) {
                break;
            }
        }
        let name: Vec<&str> = words[i..j].to_vec();
        out.push(name.join(" ").trim_end_matches(',').to_string());
        i = j;
        if words
            .get(i)
            .is_some_and(|w| *w == "&" || is_one_of(w, &entry_words().joiners))
        {
            i += 1;
        } else if words.get(i - 1).is_some_and(|w| w.ends_with(','))
            && words.get(i).is_some_and(|w| is_surname(w))
        {
            continue;
        } else {
            break;
        }
    }
    (out, i)
}

/// Parses a reference entry (the text without list numbers and back-links).
pub fn parse_entry(text: &str) -> ParsedEntry {
    let text = text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    let (authors, used) = authors(&words);
    let mut f = WorkFields {
        authors,
        ..WorkFields::default()
    };
    // Year: parenthesised right after the authors, else the last plain year.
    let after_authors = words.get(used).copied().unwrap_or("");
    let mut rest_start = used;
    if after_authors.starts_with('(')
        && let Some(y) = is_year(after_authors.trim_matches(|c: char| "(),.".contains(c)))
    {
        f.year = Some(y);
        rest_start = used + 1;
    }
    if f.year.is_none() {
        for (k, w) in words.iter().enumerate().rev() {
            let core = w.trim_matches(|c: char| "(),.;:[]".contains(c));
            let in_range = core.contains(['–', '-', '—'])
                || words
                    .get(k + 1)
                    .is_some_and(|n| n.starts_with(['–', '-', '—']))
                || k > 0 && words[k - 1].ends_with(['–', '-', '—']);
            if let Some(y) = is_year(core)
                && !in_range
            {
                f.year = Some(y);
                break;
            }
        }
    }
    let rest = words[rest_start.min(words.len())..].join(" ");
    let rest = rest.trim_start_matches([',', ' ']);
    f.short = f.authors.len() == 1
        && words.len() > used
        && is_year(words[used].trim_end_matches([',', '.'])).is_some()
        && words[used + 1..]
            .iter()
            .all(|w| w.len() <= 12 && (w.chars().any(|c| c.is_ascii_digit()) || w.len() <= 4));
    if !f.short && !rest.is_empty() {
        // Title: up to the first sentence break that is not an initial.
        let title_end = rest
            .char_indices()
            .find(|&(i, c)| {
                (c == '.' || c == ',')
                    && rest[i + 1..].starts_with(' ')
                    && {
                        let before = rest[..i].rsplit(' ').next().unwrap_or("");
                        before.chars().count() > 2
                    }
                    && (c == '.' || rest[..i].len() > 12)
            })
            .map_or(rest.len(), |(i, _)| i);
        let title = rest[..title_end]
            .trim_matches(|c: char| c == '“' || c == '”' || c == '"' || c.is_whitespace());
        if !title.is_empty() {
            f.title = Some(title.to_string());
        }
        // Place and publisher from the tail: `Place, Year.` or
        // `…, Publisher, Place.`
        let tail =
            rest[title_end..].trim_matches(|c: char| c == '.' || c == ',' || c.is_whitespace());
        let tail = tail.split(" (In ").next().unwrap_or(tail);
        let parts: Vec<&str> = tail
            .split([',', '.'])
            .map(str::trim)
            .filter(|p| !p.is_empty() && !p.starts_with("//"))
            .collect();
        if let Some(y) = f.year {
            let ys = y.to_string();
            if let Some(k) = parts.iter().position(|p| *p == ys)
                && k > 0
            {
                f.place = Some(parts[k - 1].to_string());
                if k > 1 && parts[k - 2].chars().count() < 40 {
                    f.publisher = Some(parts[k - 2].to_string());
                }
            } else if parts.len() >= 2 && !parts.iter().any(|p| p.contains(&ys)) {
                let last = parts.len() - 1;
                if parts[last].split_whitespace().count() <= 2 {
                    f.place = Some(parts[last].to_string());
                    f.publisher = Some(parts[last - 1].to_string());
                }
            }
        }
    }
    f.pages = pages(&words);
    for w in &words {
        let w = w.trim_end_matches(['.', ',', ';']);
        if let Some(p) = w.find("10.")
            && w[p..].contains('/')
            && (p == 0 || w[..p].ends_with("doi:") || w[..p].ends_with("doi.org/"))
        {
            f.doi = Some(w[p..].to_string());
        } else if w.starts_with("http") || w.starts_with("www.") {
            f.url = Some(w.to_string());
        }
    }
    f.lang = language_note(text);
    let key = work_key(&f, text);
    ParsedEntry { fields: f, key }
}

fn pages(words: &[&str]) -> Option<String> {
    let labels = &entry_words().page_labels;
    let k = words.iter().position(|w| is_one_of(w, labels))?;
    let mut out = Vec::new();
    for w in &words[k + 1..] {
        if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            out.push(w.trim_end_matches(['.', ')', ';']));
            if !w.ends_with(',') {
                break;
            }
        } else {
            break;
        }
    }
    (!out.is_empty()).then(|| out.join(" ").trim_end_matches(',').to_string())
}

/// `(In Azerbaijani)` → `az`, by the English names of the language files.
fn language_note(text: &str) -> Option<String> {
    let p = text.find("(In ")?;
    let name = text[p + 4..].split(')').next()?.trim();
    chronicle_lang::all()
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case(name))
        .map(|d| d.code.clone())
}

/// The identity of a work: author skeleton plus year, or title words.
fn work_key(f: &WorkFields, text: &str) -> String {
    let names = Names::shared();
    let year = f.year.map_or_else(|| "n.d.".to_string(), |y| y.to_string());
    if let Some(first) = f.authors.first() {
        let surname = first.split_whitespace().next().unwrap_or(first);
        let roman = fold(&names.romanise(surname, ""));
        return format!("{}-{year}", skeleton(&roman));
    }
    let source = f.title.as_deref().unwrap_or(text);
    let words: Vec<String> = source
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .take(4)
        .map(|w| skeleton(&fold(&names.romanise(w, ""))))
        .collect();
    format!("t:{}-{year}", words.join("-"))
}

/// The key of an imported bibliography record, comparable with the keys of
/// parsed entries: the family name of its first author (records give
/// `Family, Given`) plus year, or its title words.
fn record_key(r: &BibRecord) -> String {
    let mut f = r.fields.clone();
    if let Some(first) = f.authors.first_mut() {
        *first = first.split(',').next().unwrap_or("").trim().to_string();
    }
    work_key(&f, "")
}

fn doi_key(doi: &str) -> String {
    let d = doi.trim().to_lowercase();
    d.trim_start_matches("https://doi.org/")
        .trim_start_matches("http://dx.doi.org/")
        .trim_start_matches("doi:")
        .to_string()
}

fn title_words(t: &str) -> FxHashSet<String> {
    let names = Names::shared();
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(|w| fold(&names.romanise(w, "")))
        .collect()
}

/// Completes a work parsed from reference entries (`key`: its work key)
/// with the imported bibliography record that describes it: the same DOI,
/// else the same first-author-and-year key (when several records share
/// it, the one whose title shares most words with the work's; none when no
/// title tells them apart). The record's fields win where it has them,
/// since a curated record is better than a parsed line; the work keeps its
/// id and its citations, and `bibliography` names the record.
pub fn complete_from_bibliography(work: &mut Work, key: &str, bibliography: &[BibRecord]) {
    let by_doi = work.fields.doi.as_deref().map(doi_key).and_then(|d| {
        bibliography
            .iter()
            .find(|r| r.fields.doi.as_deref().map(doi_key).as_deref() == Some(d.as_str()))
    });
    let record = by_doi.or_else(|| {
        let same_key: Vec<&BibRecord> = bibliography
            .iter()
            .filter(|r| record_key(r) == key)
            .collect();
        match same_key.as_slice() {
            [] => None,
            [one] => Some(*one),
            many => {
                let ours = title_words(work.fields.title.as_deref().unwrap_or(""));
                let scored: Vec<(usize, &BibRecord)> = many
                    .iter()
                    .map(|r| {
                        let theirs = title_words(r.fields.title.as_deref().unwrap_or(""));
                        (ours.intersection(&theirs).count(), *r)
                    })
                    .collect();
                let best = scored.iter().map(|(n, _)| *n).max().unwrap_or(0);
                let top: Vec<&BibRecord> = scored
                    .iter()
                    .filter(|(n, _)| *n == best)
                    .map(|(_, r)| *r)
                    .collect();
                (best > 0 && top.len() == 1).then(|| top[0])
            }
        }
    });
    let Some(r) = record else {
        return;
    };
    let (f, g) = (&mut work.fields, &r.fields);
    if !g.authors.is_empty() {
        f.authors = g.authors.clone();
    }
    let take = |ours: &mut Option<String>, theirs: &Option<String>| {
        if theirs.is_some() {
            *ours = theirs.clone();
        }
    };
    take(&mut f.title, &g.title);
    take(&mut f.place, &g.place);
    take(&mut f.publisher, &g.publisher);
    take(&mut f.doi, &g.doi);
    take(&mut f.url, &g.url);
    take(&mut f.lang, &g.lang);
    take(&mut f.kind, &g.kind);
    take(&mut f.container, &g.container);
    take(&mut f.volume, &g.volume);
    take(&mut f.issue, &g.issue);
    if f.pages.is_none() {
        f.pages = g.pages.clone();
    }
    if g.year.is_some() {
        f.year = g.year;
    }
    f.short = false;
    work.bibliography = Some(r.key.clone());
}

/// A readable id for a work: `kadishev-1960`.
pub fn work_id(f: &WorkFields, text: &str) -> String {
    let base = match f.authors.first() {
        Some(a) => a.split_whitespace().next().unwrap_or(a).to_string(),
        None => f
            .title
            .as_deref()
            .unwrap_or(text)
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    };
    let id = chronicle_names::slug(&base);
    let id = if id.is_empty() {
        "work".to_string()
    } else {
        id
    };
    match f.year {
        Some(y) => format!("{id}-{y}"),
        None => id,
    }
}

/// Footnote label → (work key, entry text) for the markers of a document.
pub type MarkerLabels = FxHashMap<String, (String, String)>;

/// Every citation of a document: its reference entries, and the footnote
/// markers of its narrative that point to an entry by label. Returns the
/// citations with their work keys, and for each marker label the work key
/// and the entry text it points to.
pub fn document_citations(doc: &Document) -> (Vec<(String, Citation)>, MarkerLabels) {
    let mut out = Vec::new();
    let mut by_label: FxHashMap<String, (String, WorkFields, String)> = FxHashMap::default();
    for r in &doc.references {
        let parsed = parse_entry(&r.text);
        if let Some(label) = &r.label {
            by_label.insert(
                label.clone(),
                (parsed.key.clone(), parsed.fields.clone(), r.text.clone()),
            );
        }
        out.push((
            parsed.key,
            Citation {
                doc: doc.name.clone(),
                start: r.span.start,
                end: r.span.end,
                kind: "entry".to_string(),
                label: r.label.clone(),
                text: r.text.clone(),
                fields: parsed.fields,
            },
        ));
    }
    let mut labels = FxHashMap::default();
    for p in &doc.paragraphs {
        if p.kind == chronicle_core::BlockKind::Reference {
            continue;
        }
        for a in &p.anchors {
            if let Some((key, fields, text)) = by_label.get(&a.label) {
                labels.insert(a.label.clone(), (key.clone(), text.clone()));
                out.push((
                    key.clone(),
                    Citation {
                        doc: doc.name.clone(),
                        start: a.span.start,
                        end: a.span.end,
                        kind: "marker".to_string(),
                        label: Some(a.label.clone()),
                        text: text.clone(),
                        fields: fields.clone(),
                    },
                ));
            }
        }
    }
    (out, labels)
}

/// Whether a work is the one a user names: its id, or a word of an author,
/// the title or a citing entry, in any script (`Кадишев` and `Kadishev`
/// both find `kadishev-1960`).
pub fn work_matches(w: &chronicle_core::Work, query: &str) -> bool {
    if w.id == query {
        return true;
    }
    let names = chronicle_names::Names::shared();
    let key = |s: &str| chronicle_names::fold(&names.romanise(s, ""));
    let q = key(query);
    if q.is_empty() {
        return false;
    }
    w.fields
        .authors
        .iter()
        .chain(&w.fields.title)
        .chain(w.citations.iter().map(|c| &c.text))
        .any(|s| key(s).contains(&q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_original_transliteration_and_short_form_are_one_work() {
        let a = parse_entry(
            "Кадишев А. Б. Интервенция и гражданская война в Закавказье. Москва, 1960.",
        );
        assert_eq!(a.fields.authors, vec!["Кадишев А. Б."]);
        assert_eq!(a.fields.year, Some(1960));
        assert_eq!(a.fields.place.as_deref(), Some("Москва"));
        assert_eq!(
            a.fields.title.as_deref(),
            Some("Интервенция и гражданская война в Закавказье")
        );
        let b = parse_entry(
            "Kadishev A. B. (1960), Interventsiya i grazhdanskaya voyna v Zakavkaz’ye, Nauka, Moskva.",
        );
        assert_eq!(b.fields.year, Some(1960));
        assert_eq!(b.fields.place.as_deref(), Some("Moskva"));
        let c = parse_entry("Кадишев 1960, p. 243.");
        assert!(c.fields.short);
        assert_eq!(c.fields.pages.as_deref(), Some("243"));
        assert_eq!(a.key, b.key);
        assert_eq!(a.key, c.key);
        assert_eq!(work_id(&a.fields, ""), "kadishev-1960");
    }

    #[test]
    fn year_is_not_taken_from_a_range_in_the_title() {
        let e = parse_entry(
            "Нариманов Н. Н. Избранные произведения: В 3-х т. Т. 2: 1918–1921. Баку, 1989.",
        );
        assert_eq!(e.fields.year, Some(1989));
        let e = parse_entry(
            "Katibli M. (1964), Çingiz İldırım. (Bioqrafik oçerk), Azərbaycan, Bakı. (In Azerbaijani).",
        );
        assert_eq!(e.fields.year, Some(1964));
        assert_eq!(e.fields.lang.as_deref(), Some("az"));
        assert_eq!(e.key, parse_entry("Катибли 1964, p. 10, 14.").key);
    }
}
