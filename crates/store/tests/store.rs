mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use chronicle_store::{DB_FILE, DocId, SCHEMA_VERSION, SaveOutcome, Store, StoreError};
use common::{plain, sample};
use rusqlite::Connection;
use serde_json::{Value, json};

fn raw(dir: &Path) -> Connection {
    Connection::open(dir.join(DB_FILE)).unwrap()
}

fn store_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with("-shm"))
        .map(|p| (p.display().to_string(), fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

fn lines(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn open_creates_the_store_at_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/store");
    let store = Store::open(&path).unwrap();
    assert!(path.join(DB_FILE).is_file());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let mode: String = raw(&path)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    // Reopening is a no-op.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn documents_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = sample("/corpus/shusha.html", "shusha.html", "");
    let b = plain(
        "/corpus/hue.txt",
        "hue.txt",
        &["Huế là kinh đô của nhà Nguyễn.", "", "Năm 1802."],
    );
    let SaveOutcome::New(ia) = store.save(&a).unwrap() else {
        panic!("expected a new document")
    };
    let SaveOutcome::New(ib) = store.save(&b).unwrap() else {
        panic!("expected a new document")
    };
    assert_ne!(ia, ib);
    assert_eq!(store.load_document(ia).unwrap(), a);
    assert_eq!(store.load_document(ib).unwrap(), b);

    // Also through a read-only handle.
    drop(store);
    let ro = Store::open_read_only(dir.path()).unwrap();
    assert!(ro.is_read_only());
    assert_eq!(ro.load_document(ia).unwrap(), a);
    assert!(matches!(
        ro.load_document(DocId(999)),
        Err(StoreError::NoSuchDocument { id: 999, .. })
    ));

    let list = ro.list_documents().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, ia);
    assert_eq!(list[0].source, "/corpus/shusha.html");
    assert_eq!(list[0].title.as_deref(), Some("Шуша"));
    assert_eq!(list[0].main_lang.as_deref(), Some("ru"));
    assert_eq!(list[0].byte_len, a.source_text.len() as u64);
    assert_eq!(list[0].paragraph_count, 4);
    assert_eq!(list[0].sentence_count, 3);
    assert_eq!(list[0].reference_count, 1);
    assert_eq!(list[0].anchor_count, 1);
    assert_eq!(list[0].content_hash, a.content_hash);
    assert_eq!(list[1].main_lang, None);
    assert_eq!(list[1].encoding, "windows-1258");
    assert_eq!(list[1].format, chronicle_core::Format::Text);
}

#[test]
fn unchanged_save_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let doc = sample("/corpus/shusha.html", "shusha.html", "");
    let id = store.save(&doc).unwrap().id();
    assert!(
        store
            .has_source_hash(&doc.source, &doc.content_hash)
            .unwrap()
    );
    assert!(!store.has_source_hash(&doc.source, "sha256:other").unwrap());
    assert!(
        !store
            .has_source_hash("/elsewhere", &doc.content_hash)
            .unwrap()
    );

    let watcher = raw(dir.path());
    let data_version = |c: &Connection| -> i64 {
        c.query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap()
    };
    let before_version = data_version(&watcher);
    let before = store_files(dir.path());
    assert_eq!(store.save(&doc).unwrap(), SaveOutcome::Unchanged(id));
    assert_eq!(
        store.save(&doc.clone()).unwrap(),
        SaveOutcome::Unchanged(id)
    );
    assert_eq!(store_files(dir.path()), before);
    assert_eq!(data_version(&watcher), before_version);
}

#[test]
fn changed_save_replaces_children_and_keeps_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let old = sample("/corpus/shusha.html", "shusha.html", "");
    let other = plain("/corpus/baku.txt", "baku.txt", &["Баку.", "Bakı."]);
    let id = store.save(&old).unwrap().id();
    let other_id = store.save(&other).unwrap().id();

    let mut new = sample("/corpus/shusha.html", "shusha.html", " Ещё предложение.");
    new.paragraphs.remove(0); // drop the heading
    new.references[0].paragraph = 2;
    new.timexes[0].paragraph = 0;
    new.mentions[0].paragraph = 0;
    new.title = None;
    assert_eq!(store.save(&new).unwrap(), SaveOutcome::Changed(id));
    assert_eq!(store.load_document(id).unwrap(), new);
    assert_eq!(store.load_document(other_id).unwrap(), other);

    let c = raw(dir.path());
    let count = |sql: &str| -> i64 { c.query_row(sql, [id.0], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT COUNT(*) FROM paragraphs WHERE doc_id = ?1"),
        3
    );
    assert_eq!(count("SELECT COUNT(*) FROM sentences WHERE doc_id = ?1"), 3);
    assert_eq!(count("SELECT COUNT(*) FROM anchors WHERE doc_id = ?1"), 1);
    assert_eq!(
        count("SELECT COUNT(*) FROM reference_entries WHERE doc_id = ?1"),
        1
    );
    let total: i64 = c
        .query_row("SELECT COUNT(*) FROM paragraphs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 5);
    assert_eq!(store.list_documents().unwrap().len(), 2);
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.documents, 2);
}

#[test]
fn duplicates_are_detected_and_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let doc = sample("/corpus/shusha.html", "shusha.html", "");
    let id = store.save(&doc).unwrap().id();
    let mut copy = doc.clone();
    copy.source = "/mirror/shusha-copy.html".into();
    copy.name = "shusha-copy.html".into();
    let before = store_files(dir.path());
    let outcome = store.save(&copy).unwrap();
    assert_eq!(
        outcome,
        SaveOutcome::Duplicate {
            existing: id,
            existing_source: "/corpus/shusha.html".into()
        }
    );
    assert!(!outcome.wrote());
    assert_eq!(store_files(dir.path()), before);
    assert_eq!(store.list_documents().unwrap().len(), 1);
    assert_eq!(
        store.find_document("/mirror/shusha-copy.html").unwrap(),
        None
    );
}

#[test]
fn invalid_reference_paragraph_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut doc = sample("/corpus/shusha.html", "shusha.html", "");
    doc.references[0].paragraph = 17;
    let err = store.save(&doc).unwrap_err();
    assert!(matches!(err, StoreError::InvalidDocument { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("/corpus/shusha.html") && msg.contains("17"),
        "{msg}"
    );
    assert!(store.list_documents().unwrap().is_empty());
}

#[test]
fn verify_reports_corruption() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let doc = sample("/corpus/shusha.html", "shusha.html", "");
    store.save(&doc).unwrap();
    store
        .save(&plain("/corpus/hue.txt", "hue.txt", &["Huế."]))
        .unwrap();
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);

    let c = raw(dir.path());
    c.execute(
        "UPDATE documents SET paragraph_count = 99 WHERE source = '/corpus/shusha.html'",
        [],
    )
    .unwrap();
    let len = doc.source_text.len() as i64;
    c.execute(
        "UPDATE sentences SET \"end\" = ?1 WHERE id = (SELECT MIN(id) FROM sentences)",
        [len + 10],
    )
    .unwrap();
    // Cut into the middle of a two-byte letter.
    c.execute(
        "UPDATE paragraphs SET start = start + 1 WHERE ord = 0 AND doc_id = 1",
        [],
    )
    .unwrap();
    c.execute(
        "UPDATE paragraphs SET text_map = x'01' WHERE ord = 2 AND doc_id = 1",
        [],
    )
    .unwrap();

    let report = store.verify().unwrap();
    let text: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(report.problems.len(), 4, "{text:#?}");
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.doc.as_deref() == Some("/corpus/shusha.html"))
    );
    assert!(
        text.iter()
            .any(|p| p.contains("paragraph_count is 99 but 4 paragraph rows")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|p| p.contains("sentence") && p.contains(&format!("out of range 0..{len}"))),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|p| p.contains("paragraph 0: span") && p.contains("UTF-8 character boundaries")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|p| p.contains("paragraph 2: text map does not decode")),
        "{text:#?}"
    );
}

#[test]
fn verify_reports_sentences_outside_their_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store
        .save(&plain("/corpus/a.txt", "a.txt", &["Một.", "Hai."]))
        .unwrap();
    raw(dir.path())
        .execute(
            "UPDATE sentences SET start = 0, \"end\" = 9
             WHERE id = (SELECT MAX(id) FROM sentences)",
            [],
        )
        .unwrap();
    let report = store.verify().unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(report.problems[0].message.contains("outside its paragraph"));
}

#[test]
fn future_schema_versions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    raw(dir.path())
        .pragma_update(None, "user_version", SCHEMA_VERSION + 3)
        .unwrap();
    for result in [Store::open(dir.path()), Store::open_read_only(dir.path())] {
        let err = result.unwrap_err();
        assert!(
            matches!(err, StoreError::FutureSchema { found, supported, .. }
                if found == SCHEMA_VERSION + 3 && supported == SCHEMA_VERSION),
            "{err}"
        );
        let msg = err.to_string();
        assert!(
            msg.contains(&dir.path().join(DB_FILE).display().to_string()),
            "{msg}"
        );
        assert!(msg.contains("newer"), "{msg}");
    }
}

#[test]
fn read_only_open_of_a_missing_store_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let err = Store::open_read_only(&missing).unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("nowhere") && msg.contains("chronicle ingest"),
        "{msg}"
    );
    assert!(!missing.exists());
}

#[test]
fn exports_write_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = sample("/corpus/shusha.html", "shusha.html", "");
    let b = plain("/corpus/hue.txt", "hue.txt", &["Huế.", "Năm 1802."]);
    store.save(&a).unwrap();
    store.save(&b).unwrap();

    let mut out = Vec::new();
    assert_eq!(store.export_paragraphs(&mut out).unwrap(), 6);
    let got = lines(&out);
    let mut want: Vec<Value> = a
        .paragraphs
        .iter()
        .map(|p| {
            json!({"doc": "shusha.html", "start": p.span.start, "end": p.span.end,
                   "lang": p.lang, "kind": p.kind.as_str()})
        })
        .collect();
    want.push(json!({"doc": "hue.txt", "start": 0, "end": 6, "lang": "und", "kind": "narrative"}));
    want.push(json!({"doc": "hue.txt", "start": 7, "end": 17, "lang": "und", "kind": "narrative"}));
    assert_eq!(got, want);
    assert_eq!(
        std::str::from_utf8(&out).unwrap().lines().next().unwrap(),
        format!(
            r#"{{"doc":"shusha.html","start":{},"end":{},"lang":"ru","kind":"heading"}}"#,
            a.paragraphs[0].span.start, a.paragraphs[0].span.end
        )
    );

    let mut out = Vec::new();
    assert_eq!(store.export_sentences(&mut out).unwrap(), 5);
    let got = lines(&out);
    let s = &a.paragraphs[1].sentences;
    assert_eq!(
        got[..3],
        [
            json!({"doc": "shusha.html", "start": s[0].span.start, "end": s[0].span.end,
                   "lang": "ru", "paragraph": 1}),
            json!({"doc": "shusha.html", "start": s[1].span.start, "end": s[1].span.end,
                   "lang": "ru", "paragraph": 1}),
            json!({"doc": "shusha.html", "start": a.paragraphs[2].span.start,
                   "end": a.paragraphs[2].span.end, "lang": "az", "paragraph": 2}),
        ]
    );
    assert_eq!(
        got[4],
        json!({"doc": "hue.txt", "start": 7, "end": 17, "lang": "und", "paragraph": 1})
    );

    let mut out = Vec::new();
    assert_eq!(store.export_references(&mut out).unwrap(), 1);
    let r = &a.references[0];
    assert_eq!(
        lines(&out),
        [
            json!({"doc": "shusha.html", "start": r.span.start, "end": r.span.end,
                "label": "1", "text": "Бакиханов, «Гюлистан-и Ирам», 1841."})
        ]
    );

    let mut out = Vec::new();
    assert_eq!(store.export_anchors(&mut out).unwrap(), 1);
    let an = &a.paragraphs[1].anchors[0];
    assert_eq!(
        lines(&out),
        [json!({"doc": "shusha.html", "start": an.span.start, "end": an.span.end, "label": "1"})]
    );
    assert_eq!(&a.source_text[an.span.start..an.span.end], "[1]");
}

#[test]
fn find_document_by_id_name_and_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = store
        .save(&plain("/corpus/a/notes.txt", "notes.txt", &["Một."]))
        .unwrap()
        .id();
    let b = store
        .save(&plain("/corpus/b/notes.txt", "notes.txt", &["Hai."]))
        .unwrap()
        .id();
    let c = store
        .save(&sample("/corpus/shusha.html", "shusha.html", ""))
        .unwrap()
        .id();

    assert_eq!(store.find_document(&a.to_string()).unwrap(), Some(a));
    assert_eq!(store.find_document(&c.0.to_string()).unwrap(), Some(c));
    assert_eq!(store.find_document("shusha.html").unwrap(), Some(c));
    assert_eq!(store.find_document("/corpus/b/notes.txt").unwrap(), Some(b));
    assert_eq!(store.find_document("missing.txt").unwrap(), None);
    assert_eq!(store.find_document("12345").unwrap(), None);

    let err = store.find_document("notes.txt").unwrap_err();
    let StoreError::Ambiguous { candidates, .. } = &err else {
        panic!("expected an ambiguity error, got {err}")
    };
    assert_eq!(candidates.len(), 2);
    let msg = err.to_string();
    assert!(
        msg.contains("/corpus/a/notes.txt") && msg.contains("/corpus/b/notes.txt"),
        "{msg}"
    );

    // A relative path that canonicalises to a stored source.
    let file = dir.path().join("real.txt");
    fs::write(&file, "x").unwrap();
    let canonical = fs::canonicalize(&file).unwrap().display().to_string();
    let d = store
        .save(&plain(&canonical, "real.txt", &["x"]))
        .unwrap()
        .id();
    let dotted = format!("{}/./real.txt", dir.path().display());
    assert_eq!(store.find_document(&dotted).unwrap(), Some(d));
}

#[test]
fn stats_count_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = sample("/corpus/shusha.html", "shusha.html", "");
    let b = plain("/corpus/hue.txt", "hue.txt", &["Huế.", "Năm 1802."]);
    store.save(&a).unwrap();
    store.save(&b).unwrap();
    let s = store.stats().unwrap();
    assert_eq!(s.documents, 2);
    assert_eq!(s.paragraphs, 6);
    assert_eq!(
        s.paragraphs_by_kind,
        vec![
            ("narrative".to_string(), 4),
            ("heading".to_string(), 1),
            ("reference".to_string(), 1)
        ]
    );
    assert_eq!(
        s.paragraphs_by_lang,
        vec![
            ("ru".to_string(), 3),
            ("und".to_string(), 2),
            ("az".to_string(), 1)
        ]
    );
    assert_eq!(s.sentences, 5);
    assert_eq!(
        s.sentences_by_lang,
        vec![
            ("ru".to_string(), 2),
            ("und".to_string(), 2),
            ("az".to_string(), 1)
        ]
    );
    assert_eq!(s.references, 1);
    assert_eq!(s.anchors, 1);
    assert_eq!(
        s.source_bytes,
        (a.source_text.len() + b.source_text.len()) as u64
    );
    assert_eq!(s.schema_version, SCHEMA_VERSION);
    assert!(s.db_file_bytes > 0);
}

/// Runs in a child process for `an_interrupted_save_leaves_the_store_intact`.
#[test]
fn crash_child() {
    let Ok(dir) = std::env::var("CHRONICLE_TEST_CRASH_DIR") else {
        return;
    };
    let mut store = Store::open(Path::new(&dir)).unwrap();
    let new = sample("/corpus/shusha.html", "shusha.html", " Изменено.");
    store.save(&new).unwrap();
    unreachable!("the crash hook should have aborted the process");
}

#[test]
fn an_interrupted_save_leaves_the_store_intact() {
    let dir = tempfile::tempdir().unwrap();
    let old = sample("/corpus/shusha.html", "shusha.html", "");
    let id = Store::open(dir.path()).unwrap().save(&old).unwrap().id();

    let status = Command::new(std::env::current_exe().unwrap())
        .args(["crash_child", "--exact", "--test-threads=1", "--nocapture"])
        .env("CHRONICLE_TEST_CRASH_DIR", dir.path())
        .env("CHRONICLE_CRASH_AFTER_PARAGRAPHS", "2")
        .output()
        .unwrap()
        .status;
    assert!(!status.success(), "the child should have aborted");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(6), "expected SIGABRT, got {status}");
    }

    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.load_document(id).unwrap(), old);
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn documents_analysed_by_an_older_pipeline_are_analysed_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let doc = sample("/corpus/shusha.html", "shusha.html", "");
    let id = store.save(&doc).unwrap().id();
    assert_eq!(store.load_document(id).unwrap().timexes, doc.timexes);
    // Pretend the stored analysis came from the foundation pipeline.
    raw(dir.path())
        .execute("UPDATE documents SET pipeline = 1", [])
        .unwrap();
    assert!(
        !store
            .has_source_hash(&doc.source, &doc.content_hash)
            .unwrap()
    );
    assert_eq!(store.save(&doc).unwrap(), SaveOutcome::Changed(id));
    assert_eq!(store.save(&doc).unwrap(), SaveOutcome::Unchanged(id));
    assert_eq!(store.load_document(id).unwrap(), doc);
    let mut out = Vec::new();
    assert_eq!(store.export_times(&mut out).unwrap(), 1);
    let line = &lines(&out)[0];
    assert_eq!(line["value"], "1752");
    assert_eq!(line["mod"], "START");
    assert_eq!(line["calendar"], "julian");
    let (a, b) = (
        line["start"].as_u64().unwrap() as usize,
        line["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&doc.source_text[a..b], "1752 году");
    assert!(store.verify().unwrap().is_ok());
}
