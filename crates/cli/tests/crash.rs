//! Crash consistency: a child killed in the middle of an ingest leaves a
//! consistent store, and the next run completes the work.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

/// Writes `n` documents of a few hundred paragraphs each.
fn corpus(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let mut text = format!("Document {i}\n\n");
        for p in 0..300 {
            text.push_str(&format!(
                "Paragraph {p} of document {i} tells how the delegates of district {p} travelled to the congress in the spring of 1919.[{p}] They arrived late and argued for hours.\n\n"
            ));
        }
        std::fs::write(dir.join(format!("doc-{i:03}.txt")), text).unwrap();
    }
}

fn count_docs(store: &Path) -> i64 {
    let db = store.join("chronicle.db");
    if !db.exists() {
        return 0;
    }
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap_or(0)
}

fn assert_consistent_then_complete(store: &Path, input: &Path, total: usize) {
    let (code, v) = run_json(store, &["verify"]);
    assert_eq!(code, 0, "store inconsistent after the crash: {v}");
    let before = count_docs(store) as u64;
    assert!(
        before < total as u64,
        "the crash came too late to test anything"
    );
    let (code, s) = run_json(store, &["ingest", input.to_str().unwrap(), "--no-lang-id"]);
    assert_eq!(code, 0, "{s}");
    assert_eq!(
        s["new"].as_u64().unwrap() + s["unchanged"].as_u64().unwrap(),
        total as u64,
        "{s}"
    );
    assert_eq!(s["unchanged"].as_u64().unwrap(), before, "{s}");
    let (code, v) = run_json(store, &["verify"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(count_docs(store), total as i64);
    // Every document is complete: 301 paragraphs (title + 300).
    let (_, docs) = run_json(store, &["docs"]);
    for d in docs.as_array().unwrap() {
        assert_eq!(d["paragraph_count"], 301, "{d}");
    }
}

#[test]
fn abort_inside_a_transaction_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let store = dir.path().join("store");
    corpus(&input, 6);
    // The hook aborts the process after 500 paragraph rows of the current
    // document's open transaction: the second document, mid-write.
    let o = chronicle()
        .args([
            "ingest",
            input.to_str().unwrap(),
            "--no-lang-id",
            "--jobs",
            "1",
            "-q",
            "--store",
        ])
        .arg(&store)
        .env("CHRONICLE_CRASH_AFTER_PARAGRAPHS", "500")
        .output()
        .unwrap();
    assert!(!o.status.success(), "the child should have aborted");
    assert_consistent_then_complete(&store, &input, 6);
}

#[test]
fn kill_9_mid_ingest_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let store = dir.path().join("store");
    corpus(&input, 60);
    let mut child = chronicle()
        .args([
            "ingest",
            input.to_str().unwrap(),
            "--jobs",
            "1",
            "-q",
            "--store",
        ])
        .arg(&store)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some documents are committed, then kill without warning.
    let deadline = Instant::now() + Duration::from_secs(120);
    while count_docs(&store) < 2 {
        assert!(
            Instant::now() < deadline,
            "no document was committed in time"
        );
        if let Ok(Some(status)) = child.try_wait() {
            panic!("ingest finished before it could be killed: {status}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_consistent_then_complete(&store, &input, 60);
}
