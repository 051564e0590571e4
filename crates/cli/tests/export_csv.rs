//! The CSV tables: read back by Python's csv module (the dialect pandas
//! reads), consistent with each other and with the scorers' JSON lines, and
//! every span read from the original files.

mod common;

use std::path::Path;

use common::*;

fn lines(store: &Path, kind: &str) -> usize {
    let o = run(store, &["export", kind]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().count()
}

#[test]
fn csv_tables_read_back_and_agree_with_the_other_exports() {
    let Some(python) = interop_python(&["csv"]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let seeds = ingest_seeds();
    let (store, corpus) = match &seeds {
        Some(s) => (s.store.clone(), s.seeds.clone()),
        None => {
            let store = dir.path().join("store");
            let (code, _) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
            assert!(code <= 1);
            (store, samples())
        }
    };
    let out = dir.path().join("tables");
    let o = run(&store, &["export", "csv", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let counts = run_python_check(
        &python,
        "check_csv.py",
        &[out.to_str().unwrap(), corpus.to_str().unwrap()],
    );
    let counts: serde_json::Value = serde_json::from_str(counts.trim()).unwrap();
    // One claim row per telling, one disagreement row per claim, one
    // linked mention per scorer line.
    assert_eq!(counts["claims"], lines(&store, "events"), "{counts}");
    assert_eq!(
        counts["disagreements"],
        lines(&store, "conflicts"),
        "{counts}"
    );
    assert_eq!(
        counts["linked_mentions"],
        lines(&store, "mentions"),
        "{counts}"
    );
    let o = run(&store, &["entities", "--json"]);
    assert_eq!(counts["entities"], stdout(&o).lines().count(), "{counts}");
    assert!(counts["spans_read"].as_u64().unwrap() > 100, "{counts}");

    // One table to standard output is the same as its file.
    let o = run(&store, &["export", "csv", "--table", "events"]);
    assert_eq!(
        stdout(&o),
        std::fs::read_to_string(out.join("events.csv")).unwrap()
    );
    // A filter narrows every table.
    let narrow = dir.path().join("narrow");
    let o = run(
        &store,
        &[
            "export",
            "csv",
            "--from",
            "1920-04-27",
            "--to",
            "1920-04-28",
            "-o",
            narrow.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let narrow_counts = run_python_check(&python, "check_csv.py", &[narrow.to_str().unwrap()]);
    let narrow_counts: serde_json::Value = serde_json::from_str(narrow_counts.trim()).unwrap();
    for t in ["events", "claims", "entities"] {
        let (n, all) = (
            narrow_counts[t].as_u64().unwrap(),
            counts[t].as_u64().unwrap(),
        );
        assert!(n < all, "{t}: {n} of {all}");
    }
    if seeds.is_some() {
        assert!(narrow_counts["events"].as_u64().unwrap() > 0);
        // The Bilajari arrival's three times are in the disagreements table.
        let d = std::fs::read_to_string(narrow.join("disagreements.csv")).unwrap();
        for t in ["1920-04-27T23:00", "1920-04-28T02:00", "1920-04-28T03:30"] {
            assert!(d.contains(t), "{t} missing from\n{d}");
        }
    }
}
