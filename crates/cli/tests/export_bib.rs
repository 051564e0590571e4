//! `chronicle export csl-json|bibtex|ris`: the cited works of the seeds
//! (or, without ../shared, of the repository's samples), and of a store
//! with made-up works holding every field and hostile characters, parsed
//! by citation-js (web/e2e/bib.mjs: the CSL schema, an APA rendering of
//! every item, and the BibTeX and RIS read back into CSL and compared with
//! the CSL-JSON export) and read back by Chronicle's own bibliography
//! reader.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chronicle_core::{Citation, Work, WorkFields};
use chronicle_interop::bib::{exported_fields, read_bibliography};
use chronicle_store::Store;
use common::*;

/// The three exports of a store, written by the CLI.
struct Exports {
    csl: PathBuf,
    bibtex: PathBuf,
    ris: PathBuf,
    /// The count each export reported.
    counts: [u64; 3],
}

fn export_all(store: &Path, dir: &Path) -> Exports {
    let mut counts = [0; 3];
    let mut paths = Vec::new();
    for (i, (format, ext)) in [("csl-json", "json"), ("bibtex", "bib"), ("ris", "ris")]
        .into_iter()
        .enumerate()
    {
        let path = dir.join(format!("works.{ext}"));
        let o = run(store, &["export", format, "-o", path.to_str().unwrap()]);
        assert!(o.status.success(), "export {format}: {}", stderr(&o));
        let err = stderr(&o);
        counts[i] = err
            .split("wrote ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("export {format} did not say how many: {err}"));
        paths.push(path);
    }
    let [csl, bibtex, ris] = <[PathBuf; 3]>::try_from(paths).unwrap();
    Exports {
        csl,
        bibtex,
        ris,
        counts,
    }
}

/// The works `chronicle export citations` names.
fn cited_works(store: &Path) -> BTreeSet<String> {
    let o = run(store, &["export", "citations"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["work"].as_str().unwrap().to_string()
        })
        .collect()
}

/// citation-js's verdict on the three exports (None when Node or the
/// packages are missing and that may be skipped).
fn citation_js(e: &Exports, works: &[&str]) -> Option<serde_json::Value> {
    let dir = interop_node(&[
        "@citation-js/core",
        "@citation-js/plugin-bibtex",
        "@citation-js/plugin-ris",
        "@citation-js/plugin-csl",
    ])?;
    let mut args = vec![
        e.csl.to_str().unwrap(),
        e.bibtex.to_str().unwrap(),
        e.ris.to_str().unwrap(),
    ];
    args.extend(works);
    let out = run_node_check(&dir, "bib.mjs", &args);
    Some(serde_json::from_str(&out).unwrap_or_else(|err| panic!("bib.mjs printed {out}: {err}")))
}

/// A URL or DOI with the characters BibTeX's export percent-encodes where
/// braces do not balance (`{`, `}`, `\\`, space) decoded.
fn braces_decoded(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| {
        s.replace("%7B", "{")
            .replace("%7D", "}")
            .replace("%5C", "\\")
            .replace("%20", " ")
    })
}

/// Chronicle's reader gives back, from the CSL-JSON and from the BibTeX
/// export, the fields of every work as the exports write them (in BibTeX,
/// up to the percent-encoding of unbalanced braces in URLs and DOIs).
fn check_own_reader(store: &Path, e: &Exports) -> usize {
    let works = Store::open_read_only(store).unwrap().works().unwrap();
    let want: BTreeMap<&str, WorkFields> = works
        .iter()
        .map(|w| (w.id.as_str(), exported_fields(w)))
        .collect();
    for (path, what) in [(&e.csl, "CSL-JSON"), (&e.bibtex, "BibTeX")] {
        let text = std::fs::read_to_string(path).unwrap();
        let records =
            read_bibliography(&text, "works").unwrap_or_else(|err| panic!("{what}: {err}"));
        assert_eq!(records.len(), works.len(), "{what}");
        for r in &records {
            let mut fields = want
                .get(r.key.as_str())
                .unwrap_or_else(|| panic!("{what}: no work {}", r.key))
                .clone();
            let mut got = r.fields.clone();
            if what == "BibTeX" {
                for f in [&mut fields, &mut got] {
                    f.url = braces_decoded(&f.url);
                    f.doi = braces_decoded(&f.doi);
                }
            }
            assert_eq!(got, fields, "{what}: {}", r.key);
        }
    }
    works.len()
}

/// The seeds ingested, or the samples when ../shared is missing.
fn corpus_store() -> (tempfile::TempDir, PathBuf, bool) {
    if let Some(s) = ingest_seeds() {
        return (s.dir, s.store, true);
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (code, summary) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
    assert_eq!(code, 0, "{summary}");
    (dir, store, false)
}

#[test]
fn corpus_works_in_three_formats() {
    let (dir, store, seeds) = corpus_store();
    let e = export_all(&store, dir.path());
    let cited = cited_works(&store);
    assert!(!cited.is_empty());
    assert_eq!(
        e.counts,
        [cited.len() as u64; 3],
        "one record per cited work"
    );
    assert_eq!(check_own_reader(&store, &e), cited.len());

    let known: &[&str] = if seeds {
        &["kadishev-1960", "aliyarli-2008", "lenin-1920"]
    } else {
        &[]
    };
    let Some(v) = citation_js(&e, known) else {
        return;
    };
    eprintln!("citation-js: {v}");
    let n = cited.len() as u64;
    for k in ["items", "bibtex", "ris", "rendered"] {
        assert_eq!(v[k], n, "{k}: {v}");
    }
    assert!(v["compared"]["year"].as_u64().unwrap() > 0, "{v}");
    if !seeds {
        return;
    }
    // Kadishev 1960, cited in the journal page and the Azerbaijani
    // article; Əliyarlı and Behbudov 2008; Lenin 1920 in Cyrillic.
    for (id, year, families) in [
        ("kadishev-1960", 1960, vec!["Kadishev"]),
        ("aliyarli-2008", 2008, vec!["Əliyarlı", "Behbudov"]),
        ("lenin-1920", 1920, vec!["Ленин"]),
    ] {
        for format in ["csl", "bibtex", "ris"] {
            let got = &v["works"][id][format];
            assert_eq!(got["year"], year, "{id} {format}: {got}");
            assert_eq!(
                got["families"],
                serde_json::json!(families),
                "{id} {format}: {got}"
            );
        }
    }
    let bib = std::fs::read_to_string(&e.bibtex).unwrap();
    assert!(
        bib.contains("@book{kadishev-1960,\n  author = {Kadishev, A. B.},\n"),
        "{bib}"
    );
    let ris = std::fs::read_to_string(&e.ris).unwrap();
    assert!(ris.contains("AU  - Kadishev, A. B.\r\nPY  - 1960\r\n"));
}

/// Works with every field, in several scripts, with characters each format
/// must escape, added to a store of the samples.
fn made_up_works(doc: &str) -> Vec<Work> {
    let s = |x: &str| Some(x.to_string());
    let work = |id: &str, fields: WorkFields| Work {
        id: id.into(),
        citations: vec![Citation {
            doc: doc.into(),
            start: 0,
            end: 10,
            kind: "entry".into(),
            label: Some("1".into()),
            text: "made up".into(),
            fields: fields.clone(),
        }],
        fields,
        bibliography: Some("made-up-record".into()),
    };
    vec![
        work(
            "made-up-smith-2001",
            WorkFields {
                authors: vec!["Smith, J.".into(), "Ministry of Culture and Tourism".into()],
                year: Some(2001),
                title: s(
                    "Cats & dogs: 100% {odd $5 #1 under_score ~tilde^caret \\back -- ''q'' <script>alert(1)</script> XI",
                ),
                container: s("Journal of {Tests} & Trials"),
                volume: s("3"),
                issue: s("4"),
                pages: s("10–20"),
                doi: s("10.1000/xyz_1%{2}"),
                url: s("https://example.org/a_b%20c?x=1&y=#f"),
                lang: s("en"),
                ..WorkFields::default()
            },
        ),
        work(
            "made-up-ivanov-1920",
            WorkFields {
                authors: vec!["И. И. Иванов".into(), "Ludwig van Beethoven".into()],
                year: Some(1920),
                title: s("Гражданская война в Закавказье: очерк"),
                container: s("Вопросы истории"),
                volume: s("7"),
                pages: s("311—312"),
                doi: s("10.1234/вопросы.1920"),
                lang: s("ru"),
                ..WorkFields::default()
            },
        ),
        work(
            "made-up-qasimov-1999",
            WorkFields {
                authors: vec!["Qasımov C.".into()],
                year: Some(1999),
                title: s("Yaddaşın bərpası: Çingiz İldırım"),
                kind: s("chapter"),
                container: s("Azərbaycan tarixi: 7 cilddə"),
                publisher: s("Elm and Təhsil"),
                place: s("Bakı"),
                pages: s("5-9"),
                lang: s("az"),
                ..WorkFields::default()
            },
        ),
        work(
            "made-up-site",
            WorkFields {
                title: s("Q&A with Arsène: “No Evidence”"),
                kind: s("webpage"),
                container: s("Example Site"),
                url: s("https://example.org/q{a"),
                ..WorkFields::default()
            },
        ),
        work(
            "made-up-thesis-2010",
            WorkFields {
                authors: vec!["Hüseynov R.".into()],
                year: Some(2010),
                title: s("Yurdun adındakı “can”"),
                kind: s("thesis"),
                publisher: s("Bakı Dövlət Universiteti"),
                doi: s("10.5555/thesis.2010"),
                ..WorkFields::default()
            },
        ),
    ]
}

#[test]
fn made_up_works_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (code, summary) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
    assert_eq!(code, 0, "{summary}");
    let added = made_up_works("en-baku-1920.txt");
    {
        let mut s = Store::open(&store).unwrap();
        let (events, conflicts, mut works) = (
            s.events().unwrap(),
            s.conflicts().unwrap(),
            s.works().unwrap(),
        );
        works.extend(added.clone());
        s.save_corpus_analysis(&events, &conflicts, &works).unwrap();
    }
    let e = export_all(&store, dir.path());
    let total = check_own_reader(&store, &e);
    assert_eq!(e.counts, [total as u64; 3]);

    let bib = std::fs::read_to_string(&e.bibtex).unwrap();
    for entry in bib.split("\n@") {
        assert_eq!(
            entry.matches('{').count(),
            entry.matches('}').count(),
            "{entry}"
        );
    }
    assert!(bib.contains("@article{made-up-smith-2001,"), "{bib}");
    assert!(bib.contains("@incollection{made-up-qasimov-1999,"), "{bib}");
    assert!(bib.contains("@phdthesis{made-up-thesis-2010,"), "{bib}");
    assert!(bib.contains("  author = {Smith, J. and {Ministry of Culture and Tourism}},\n"));
    assert!(bib.contains("  publisher = {{Elm and Təhsil}},\n"));
    let ris = std::fs::read_to_string(&e.ris).unwrap();
    assert!(
        !ris.replace("\r\n", "").contains('\n'),
        "RIS lines end in CR LF"
    );
    assert!(
        ris.contains("TY  - JOUR\r\nAU  - Smith, J.\r\nAU  - Ministry of Culture and Tourism,\r\n")
    );
    assert!(ris.contains("completed from the imported bibliography record made-up-record"));

    let ids: Vec<&str> = added.iter().map(|w| w.id.as_str()).collect();
    let Some(v) = citation_js(&e, &ids) else {
        return;
    };
    eprintln!("citation-js: {v}");
    assert_eq!(v["rendered"], total, "{v}");
    // Four of the made-up works have a container, three a DOI: each was
    // compared in BibTeX and RIS.
    assert!(v["compared"]["container"].as_u64().unwrap() >= 8, "{v}");
    assert!(v["compared"]["doi"].as_u64().unwrap() >= 6, "{v}");
    let smith = &v["works"]["made-up-smith-2001"]["bibtex"];
    assert_eq!(
        smith["title"],
        "Cats & dogs: 100% {odd $5 #1 under_score ~tilde^caret \\back -- ''q'' <script>alert(1)</script> XI",
        "{smith}"
    );
    assert_eq!(smith["doi"], "10.1000/xyz_1%{2}");
    assert_eq!(smith["container"], "Journal of {Tests} & Trials");
    assert_eq!(
        v["works"]["made-up-ivanov-1920"]["ris"]["families"],
        serde_json::json!(["Иванов", "van Beethoven"])
    );
}
