//! Command-line behaviour: help, the sample corpus, changed documents,
//! listings and exports.

mod common;

use common::*;

#[test]
fn every_command_has_help() {
    for cmd in [
        vec!["--help"],
        vec!["ingest", "--help"],
        vec!["docs", "--help"],
        vec!["show", "--help"],
        vec!["stats", "--help"],
        vec!["export", "--help"],
        vec!["verify", "--help"],
        vec!["times", "--help"],
        vec!["entities", "--help"],
        vec!["entity", "--help"],
    ] {
        let o = chronicle().args(&cmd).output().unwrap();
        assert!(o.status.success(), "{cmd:?}");
        let out = stdout(&o);
        assert!(out.contains("Usage: chronicle"), "{cmd:?}: {out}");
    }
    let o = chronicle().args(["ingest"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "missing PATH is a usage error");
    let o = chronicle().args(["frobnicate"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn listing_a_store_that_does_not_exist_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&dir.path().join("nope"), &["docs"]);
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(err.contains("nope"), "{err}");
    assert!(err.lines().count() <= 2, "{err}");
}

#[test]
fn the_sample_corpus_ingests_cleanly_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (code, s) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
    assert_eq!(code, 0, "{s}");
    assert!(s["new"].as_u64().unwrap() >= 8, "{s}");
    assert_eq!(s["failed"], 0, "{s}");
    let (_, docs) = run_json(&store, &["docs"]);
    let formats: std::collections::BTreeSet<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["format"].as_str().unwrap())
        .collect();
    for f in ["text", "markdown", "html", "jsonl"] {
        assert!(formats.contains(f), "{f} missing: {formats:?}");
    }
    let langs: std::collections::BTreeSet<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["main_lang"].as_str())
        .collect();
    for l in ["en", "be", "az", "ru", "vi", "uk", "tr", "hy", "ka"] {
        assert!(langs.contains(l), "{l} missing: {langs:?}");
    }
    // Human-readable listings work too.
    for args in [vec!["docs"], vec!["stats"], vec!["verify"]] {
        let o = run(&store, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(!stdout(&o).is_empty());
    }
    let (_, html) = run_json(&store, &["show", "ru-ganja.html"]);
    let text = html.to_string();
    assert!(
        !text.contains("function(") && !text.contains("font-family"),
        "script/style text leaked: {text}"
    );
}

#[test]
fn a_changed_file_replaces_its_document_keeping_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let f = dir.path().join("note.txt");
    std::fs::write(&f, "The first version of the note, written in 1920.\n").unwrap();
    let (_, s) = run_json(&store, &["ingest", f.to_str().unwrap()]);
    assert_eq!(s["new"], 1);
    let (_, before) = run_json(&store, &["show", "note.txt"]);
    std::fs::write(
        &f,
        "The second version of the note. It has two sentences now.\n",
    )
    .unwrap();
    let (code, s) = run_json(&store, &["ingest", f.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(s["changed"], 1, "{s}");
    let (_, after) = run_json(&store, &["show", "note.txt"]);
    assert_eq!(before["id"], after["id"]);
    assert_eq!(
        after["paragraphs"][0]["sentences"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // The same content under another name is reported, not stored twice.
    let g = dir.path().join("copy.txt");
    std::fs::copy(&f, &g).unwrap();
    let (_, s) = run_json(&store, &["ingest", g.to_str().unwrap()]);
    assert_eq!(s["duplicate"], 1, "{s}");
    let (_, docs) = run_json(&store, &["docs"]);
    assert_eq!(docs.as_array().unwrap().len(), 1);
}

#[test]
fn exports_write_scorer_lines_with_source_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let f = dir.path().join("two.txt");
    let text = "Шушы — горад.[1] Другі сказ тут.\nThe second line is English text.\n";
    std::fs::write(&f, text).unwrap();
    run_json(&store, &["ingest", f.to_str().unwrap()]);
    let out = dir.path().join("p.jsonl");
    let o = run(
        &store,
        &["export", "paragraphs", "-o", out.to_str().unwrap()],
    );
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let bytes = text.as_bytes();
    let slice = |v: &serde_json::Value| {
        let (a, b) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        String::from_utf8(bytes[a..b].to_vec()).unwrap()
    };
    assert_eq!(lines[0]["doc"], "two.txt");
    assert_eq!(slice(&lines[0]), "Шушы — горад.[1] Другі сказ тут.");
    assert_eq!(slice(&lines[1]), "The second line is English text.");
    let o = run(&store, &["export", "anchors"]);
    let a: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(slice(&a), "[1]");
    let o = run(&store, &["export", "sentences"]);
    let sents: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(slice(&sents[0]), "Шушы — горад.");
    assert_eq!(slice(&sents[1]), "Другі сказ тут.");
}

#[test]
fn times_tags_files_without_a_store_with_source_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("html.html");
    // Entities and tags before the dates: offsets must still point into the
    // original bytes.
    let html = "<p>The congress &amp; its delegates met on <b>27 April 1920</b>.</p>\n\
                <p>At 11:00 p.m. the session closed, after 2 hours and 40 minutes.</p>\n";
    std::fs::write(&f, html).unwrap();
    let o = chronicle()
        .args(["times", "--json"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(String, String, String)> = lines
        .iter()
        .map(|v| {
            let (a, b) = (
                v["start"].as_u64().unwrap() as usize,
                v["end"].as_u64().unwrap() as usize,
            );
            (
                html[a..b].to_string(),
                v["value"].as_str().unwrap().to_string(),
                v["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("27 April 1920".into(), "1920-04-27".into(), "DATE".into()),
            (
                "11:00 p.m.".into(),
                "1920-04-27T23:00".into(),
                "TIME".into()
            ),
            (
                "2 hours and 40 minutes".into(),
                "PT2H40M".into(),
                "DURATION".into()
            ),
        ]
    );
    assert_eq!(lines[1]["anchor"], "1920-04-27");
    assert_eq!(lines[0]["doc"], "html.html");

    // People get file:line:column, type, value and text.
    let o = chronicle().arg("times").arg(&f).output().unwrap();
    let text = stdout(&o);
    assert!(
        text.lines().next().unwrap().starts_with("html.html:1:")
            && text.contains("\tDATE\t1920-04-27\t27 April 1920"),
        "{text}"
    );

    // A missing file is reported and the exit code says some input failed.
    let o = chronicle()
        .args(["times"])
        .arg(dir.path().join("missing.txt"))
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("missing.txt"), "{}", stderr(&o));
    assert!(stdout(&o).contains("27 April 1920"));
}

#[test]
fn stored_times_survive_reopening_and_reingest_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let f = dir.path().join("be.txt");
    std::fs::write(
        &f,
        "6 красавіка 1919 было прынята рашэнне.\n\n15 чэрвеня яго змянілі, а ў 1918—1920 гадах ішла вайна.\n",
    )
    .unwrap();
    let (code, sum) = run_json(&store, &["ingest", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{sum}");
    assert_eq!(sum["times"], 3, "{sum}");
    let first = stdout(&run(&store, &["export", "times"]));
    let values: Vec<String> = first
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["value"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(values, ["1919-04-06", "1919-06-15", "1918/1920"]);
    let (code, again) = run_json(&store, &["ingest", f.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(again["unchanged"], 1, "{again}");
    assert_eq!(stdout(&run(&store, &["export", "times"])), first);
    let (_, doc) = run_json(&store, &["show", "be.txt"]);
    assert_eq!(doc["timexes"][1]["anchor"], "1919-04-06", "{doc}");
    let (code, v) = run_json(&store, &["verify"]);
    assert_eq!(code, 0, "{v}");
    let (_, stats) = run_json(&store, &["stats"]);
    assert_eq!(stats["timexes"], 3, "{stats}");
}

#[test]
fn entities_of_the_sample_corpus_link_scripts_and_report_errors_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (code, sum) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
    assert_eq!(code, 0, "{sum}");
    assert!(sum["mentions"].as_u64().unwrap_or(0) > 10, "{sum}");

    // Every place listed with coordinates has them in range; types filter.
    let o = run(&store, &["entities", "--type", "place", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let places: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!places.is_empty());
    assert!(places.iter().all(|p| p["type"] == "PLACE"));
    // Baku is written in several scripts in the samples; one entity, with
    // its coordinates.
    let o = run(&store, &["entity", "Бакы", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let baku: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(baku["id"], "baku", "{baku}");
    let lat = baku["lat"].as_f64().unwrap();
    assert!((lat - 40.38).abs() < 0.2, "{baku}");
    // The text view names the source of coordinates.
    let o = run(&store, &["entity", "baku"]);
    assert!(stdout(&o).contains("GeoNames"), "{}", stdout(&o));

    let o = run(&store, &["entity", "Qwertyuiop"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("no entity matches"), "{}", stderr(&o));
    let o = run(&store, &["entities", "--type", "planet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("person, place or org"),
        "{}",
        stderr(&o)
    );

    // Stats count mentions and entities; verify accepts the store.
    let (code, stats) = run_json(&store, &["stats"]);
    assert_eq!(code, 0);
    assert!(stats["mentions"].as_u64().unwrap_or(0) > 0, "{stats}");
    let (code, v) = run_json(&store, &["verify"]);
    assert_eq!(code, 0, "{v}");
}
