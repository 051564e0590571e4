//! CSL-JSON: the item format of the Citation Style Language (CSL 1.0.2,
//! `csl-data.json`), read by Zotero, Pandoc and citeproc processors.

use std::io::Write;

use chronicle_core::{BibRecord, Work, WorkFields};
use serde::Serialize;
use serde_json::Value;

use super::names::Name;
use super::{BibError, Entry, bibtex, clean, collapse, year_of};
use crate::ExportError;

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(rename = "citation-key")]
    citation_key: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<CslName<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    container: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    volume: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issue: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(rename = "publisher-place", skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    #[serde(rename = "DOI", skip_serializing_if = "Option::is_none")]
    doi: Option<&'a str>,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    note: &'a str,
}

#[derive(Serialize)]
struct CslName<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    family: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    given: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    literal: Option<&'a str>,
}

#[derive(Serialize)]
struct Date {
    #[serde(rename = "date-parts")]
    parts: [[i32; 1]; 1],
}

/// Writes the works as one pretty-printed CSL-JSON array.
pub fn write(works: &[Work], w: &mut dyn Write) -> Result<u64, ExportError> {
    let entries: Vec<Entry> = works.iter().map(Entry::of).collect();
    let keys = bibtex::keys(works);
    let items: Vec<Item> = entries
        .iter()
        .zip(keys)
        .map(|(e, key)| item(e, key))
        .collect();
    serde_json::to_writer_pretty(&mut *w, &items)?;
    writeln!(w)?;
    Ok(items.len() as u64)
}

fn item<'a>(e: &'a Entry, key: String) -> Item<'a> {
    let f = &e.fields;
    Item {
        id: &e.work.id,
        kind: &e.kind,
        citation_key: key,
        author: e
            .names
            .iter()
            .map(|n| match n {
                Name::Person { family, given } => CslName {
                    family: Some(family),
                    given: given.as_deref(),
                    literal: None,
                },
                Name::Literal(l) => CslName {
                    family: None,
                    given: None,
                    literal: Some(l),
                },
            })
            .collect(),
        issued: f.year.map(|y| Date { parts: [[y]] }),
        title: f.title.as_deref(),
        container: f.container.as_deref(),
        volume: f.volume.as_deref(),
        issue: f.issue.as_deref(),
        page: f.pages.as_deref(),
        publisher: f.publisher.as_deref(),
        place: f.place.as_deref(),
        doi: f.doi.as_deref(),
        url: f.url.as_deref(),
        language: f.lang.as_deref(),
        note: &e.note,
    }
}

/// Reads a CSL-JSON array of items, or one item.
pub fn read(text: &str, source: &str) -> Result<Vec<BibRecord>, BibError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(p) => message[..p].to_string(),
            None => message,
        };
        BibError::Json {
            line: e.line(),
            column: e.column(),
            message,
        }
    })?;
    let items = match value {
        Value::Array(items) => items,
        item @ Value::Object(_) => vec![item],
        _ => {
            return Err(BibError::Csl {
                item: 0,
                message: "the JSON is neither an array of items nor one item".into(),
            });
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| record(i + 1, item, source))
        .collect()
}

fn record(n: usize, item: &Value, source: &str) -> Result<BibRecord, BibError> {
    let bad = |message: String| BibError::Csl { item: n, message };
    let Value::Object(map) = item else {
        return Err(bad(format!(
            "is not an object but {}",
            crate::json_kind(item)
        )));
    };
    let key = match map.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(x)) => x.to_string(),
        Some(other) => {
            return Err(bad(format!(
                "its `id` is {}, not a string",
                crate::json_kind(other)
            )));
        }
        None => return Err(bad("has no `id`".into())),
    };
    let text = |name: &str| -> Result<Option<String>, BibError> {
        match map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(clean(&Some(s.clone()))),
            Some(Value::Number(x)) => Ok(Some(x.to_string())),
            Some(other) => Err(bad(format!(
                "(id {key:?}): `{name}` is {}, not text",
                crate::json_kind(other)
            ))),
        }
    };
    let mut authors = Vec::new();
    match map.get("author") {
        None | Some(Value::Null) => {}
        Some(Value::Array(names)) => {
            for (k, name) in names.iter().enumerate() {
                let name = name_of(name).ok_or_else(|| {
                    bad(format!(
                        "(id {key:?}): author {} has no `family`, `given` or `literal`",
                        k + 1
                    ))
                })?;
                authors.push(name);
            }
        }
        Some(other) => {
            return Err(bad(format!(
                "(id {key:?}): `author` is {}, not an array of names",
                crate::json_kind(other)
            )));
        }
    }
    Ok(BibRecord {
        fields: WorkFields {
            authors,
            year: map.get("issued").and_then(issued_year),
            title: text("title")?,
            place: text("publisher-place")?,
            publisher: text("publisher")?,
            pages: text("page")?,
            doi: text("DOI")?,
            url: text("URL")?,
            lang: text("language")?,
            short: false,
            kind: text("type")?,
            container: text("container-title")?,
            volume: text("volume")?,
            issue: text("issue")?,
        },
        key,
        source: source.to_string(),
    })
}

/// `Family, Given` (particles and suffix kept) or the literal name.
fn name_of(v: &Value) -> Option<String> {
    let part = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(collapse)
            .filter(|s| !s.is_empty())
    };
    if let Some(l) = part("literal") {
        return Some(l);
    }
    let family: Vec<String> = ["dropping-particle", "non-dropping-particle", "family"]
        .into_iter()
        .filter_map(part)
        .collect();
    let family = family.join(" ");
    let given: Vec<String> = ["given", "suffix"].into_iter().filter_map(part).collect();
    match (family.is_empty(), given.is_empty()) {
        (true, true) => None,
        (false, true) => Some(family),
        (true, false) => Some(given.join(", ")),
        (false, false) => Some(format!("{family}, {}", given.join(", "))),
    }
}

/// The year of a CSL date: `date-parts` (numbers or strings), else `raw`
/// or `literal`.
fn issued_year(v: &Value) -> Option<i32> {
    if let Some(first) = v.pointer("/date-parts/0/0") {
        return match first {
            Value::Number(x) => x.as_i64().and_then(|y| i32::try_from(y).ok()),
            Value::String(s) => year_of(s),
            _ => None,
        };
    }
    ["raw", "literal"]
        .into_iter()
        .find_map(|k| v.get(k).and_then(Value::as_str).and_then(year_of))
}

#[cfg(test)]
mod tests {
    use super::super::{BibError, exported_fields, read_bibliography, tests::works};

    #[test]
    fn items_carry_every_field() {
        let mut out = Vec::new();
        assert_eq!(super::write(&works(), &mut out).unwrap(), 5);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let smith = &v[0];
        assert_eq!(smith["id"], "smith-2001");
        assert_eq!(smith["type"], "article-journal");
        assert_eq!(smith["author"][0]["family"], "Smith");
        assert_eq!(smith["author"][0]["given"], "J.");
        assert_eq!(smith["author"][1]["literal"], "Ministry of Culture");
        assert_eq!(smith["issued"]["date-parts"][0][0], 2001);
        assert_eq!(smith["container-title"], "Journal of Tests & Trials");
        assert_eq!(smith["DOI"], "10.1000/xyz_1%{2}");
        assert_eq!(v[1]["author"][0]["family"], "Кадишев");
        assert_eq!(v[1]["publisher-place"], "Москва");
        assert_eq!(v[3]["author"][0], serde_json::json!({"family": "Altstadt"}));
        assert!(v[3].get("page").is_none());
        assert_eq!(
            v[1]["note"],
            "Chronicle work kadishev-1960; cited in ru.txt (1 reference entry)"
        );
    }

    #[test]
    fn the_export_reads_back() {
        let mut out = Vec::new();
        super::write(&works(), &mut out).unwrap();
        let records = read_bibliography(std::str::from_utf8(&out).unwrap(), "x.json").unwrap();
        for (w, r) in works().iter().zip(&records) {
            assert_eq!(r.key, w.id);
            assert_eq!(r.fields, exported_fields(w), "{}", w.id);
            assert_eq!(r.source, "x.json");
        }
    }

    #[test]
    fn items_from_other_tools() {
        let text = r#"[
          {"id": "qasimov1999", "type": "book", "title": "Yaddaşın  bərpası",
           "author": [{"family": "Qasımov", "given": "Cəmil"}, {"literal": "Elm Nəşriyyatı"},
                      {"family": "Leeuw", "non-dropping-particle": "van der", "given": "Charles"}],
           "issued": {"date-parts": [["1999", 5]]}, "publisher-place": "Bakı",
           "volume": 2, "language": "az"},
          {"id": 42, "type": "article-journal", "title": "Гражданская война",
           "author": [{"family": "Иванов", "given": "И. И."}],
           "issued": {"raw": "1920-04-27"}, "container-title": "Вопросы истории",
           "page": "10–20", "DOI": "10.1000/x"}
        ]"#;
        let r = read_bibliography(text, "a.json").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[0].fields.authors,
            ["Qasımov, Cəmil", "Elm Nəşriyyatı", "van der Leeuw, Charles"]
        );
        assert_eq!(r[0].fields.title.as_deref(), Some("Yaddaşın bərpası"));
        assert_eq!(r[0].fields.year, Some(1999));
        assert_eq!(r[0].fields.volume.as_deref(), Some("2"));
        assert_eq!(r[0].fields.kind.as_deref(), Some("book"));
        assert_eq!(r[1].key, "42");
        assert_eq!(r[1].fields.year, Some(1920));
        assert_eq!(r[1].fields.container.as_deref(), Some("Вопросы истории"));
        assert_eq!(r[1].fields.doi.as_deref(), Some("10.1000/x"));
        // One item alone.
        let one = read_bibliography(r#"{"id": "a", "title": "T"}"#, "b.json").unwrap();
        assert_eq!(one[0].fields.title.as_deref(), Some("T"));
    }

    #[test]
    fn malformed_json_names_the_place() {
        let e = read_bibliography("[\n {\"id\": \"a\",\n  \"title\": }\n]", "x").unwrap_err();
        match &e {
            BibError::Json { line, column, .. } => assert_eq!((*line, *column), (3, 12)),
            other => panic!("{other:?}"),
        }
        assert!(
            e.to_string()
                .starts_with("line 3, column 12: not valid JSON"),
            "{e}"
        );
        let e = read_bibliography(r#"[{"id": "a"}, {"title": "no id"}]"#, "x").unwrap_err();
        assert_eq!(e.to_string(), "CSL-JSON item 2: has no `id`");
        let e = read_bibliography(r#"[{"id": "a", "author": "Smith"}]"#, "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "CSL-JSON item 1: (id \"a\"): `author` is a string, not an array of names"
        );
        let e = read_bibliography(r#"[{"id": "a", "author": [{"x": 1}]}]"#, "x").unwrap_err();
        assert!(e.to_string().contains("author 1 has no"), "{e}");
        let e = read_bibliography("[]", "x").unwrap_err();
        assert_eq!(e, BibError::NoRecords("the CSL-JSON array is empty".into()));
        let e = read_bibliography("[1]", "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "CSL-JSON item 1: is not an object but a number"
        );
    }
}
