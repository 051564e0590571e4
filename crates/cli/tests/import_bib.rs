//! Importing bibliographies (BibTeX and CSL-JSON) completes the works
//! parsed from the seeds' reference entries, and the completion survives
//! re-ingesting; the bibliographic exports then carry the imported fields.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bib")
        .join(name)
}

/// The work with this id, from `chronicle sources ID --json`.
fn work(store: &Path, id: &str) -> serde_json::Value {
    let (code, v) = run_json(store, &["sources", id]);
    assert_eq!(code, 0, "{v}");
    let v = if v.is_array() { v[0].clone() } else { v };
    v["work"].clone()
}

#[test]
fn imported_records_complete_parsed_works() {
    let Some(seeds) = ingest_seeds() else { return };
    let store = &seeds.store;
    let before = work(store, "darabadi-2013");
    assert!(before["fields"]["title"].is_null(), "{before}");
    assert!(before["bibliography"].is_null(), "{before}");

    let bib = fixture("test-records.bib");
    let csl = fixture("test-records.json");
    let (code, s) = run_json(
        store,
        &[
            "import",
            "bibliography",
            bib.to_str().unwrap(),
            csl.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["files"][0]["records"], 2, "{s}");
    assert_eq!(s["files"][1]["records"], 1, "{s}");
    assert_eq!(s["changed"], true);
    // Kadishev 1960 (by author and year, the entry in Latin script) and
    // Darabadi 2013 (cited as "Дарабади 2013": matched across scripts).
    assert_eq!(s["works_completed"], 2, "{s}");

    let check = |when: &str| {
        let k = work(store, "kadishev-1960");
        assert_eq!(k["bibliography"], "kadishev1960", "{when}: {k}");
        assert_eq!(k["fields"]["title"], "A made-up title for the import test");
        assert_eq!(k["fields"]["publisher"], "Voyennoye izdatel'stvo (test)");
        assert_eq!(k["fields"]["url"], "https://example.org/test/kadishev-1960");
        assert_eq!(k["fields"]["kind"], "book");
        let d = work(store, "darabadi-2013");
        assert_eq!(d["bibliography"], "darabadi2013", "{when}: {d}");
        assert_eq!(d["fields"]["doi"], "10.5555/chronicle-test.2013");
        assert_eq!(d["fields"]["container"], "Test Journal");
        assert_eq!(d["fields"]["kind"], "article-journal");
        // The id and the citations stay those of the parsed work.
        assert_eq!(d["id"], "darabadi-2013");
        assert!(!d["citations"].as_array().unwrap().is_empty());
        // The other Darabadi work (1991) is not touched.
        assert!(work(store, "darabadi-1991")["bibliography"].is_null());
        // The exports carry the imported fields.
        let o = run(store, &["export", "csl-json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let items: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let item = items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "darabadi-2013")
            .unwrap_or_else(|| panic!("{when}: no darabadi-2013 item"));
        assert_eq!(item["DOI"], "10.5555/chronicle-test.2013", "{item}");
        assert_eq!(item["container-title"], "Test Journal", "{item}");
    };
    check("after import");

    // The same files again: nothing changes.
    let (code, s) = run_json(
        store,
        &[
            "import",
            "bibliography",
            bib.to_str().unwrap(),
            csl.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["changed"], false, "{s}");
    assert_eq!(s["events"]["changed"], false, "{s}");

    // Re-ingesting rebuilds the works from the entries and completes them
    // again from the stored records.
    let (code, s) = run_json(store, &["ingest", seeds.seeds.to_str().unwrap()]);
    assert_eq!(code, 0, "{s}");
    check("after re-ingest");
}

#[test]
fn bad_bibliographies_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (code, _) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
    assert!(code <= 1);
    let good = fixture("test-records.json");
    let bad = dir.path().join("bad.bib");
    std::fs::write(&bad, "@book{x,\n  title = {Unclosed\n").unwrap();
    let o = run(
        &store,
        &[
            "import",
            "bibliography",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("bad.bib"), "{err}");
    assert!(err.contains("line"), "{err}");
    // The good file before it was not stored either.
    let (code, s) = run_json(&store, &["import", "bibliography", good.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(s["changed"], true, "the first import stored nothing: {s}");
}
