//! Helpers shared by the CLI's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn chronicle() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chronicle"));
    c.env_remove("CHRONICLE_STORE");
    c.env_remove("CHRONICLE_CRASH_AFTER_PARAGRAPHS");
    c
}

/// Runs `chronicle ARGS --store STORE` and returns its output.
pub fn run(store: &Path, args: &[&str]) -> Output {
    chronicle()
        .args(args)
        .arg("--store")
        .arg(store)
        .output()
        .expect("chronicle runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs a command with `--json` and parses its standard output.
pub fn run_json(store: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let mut a = args.to_vec();
    a.push("--json");
    let o = run(store, &a);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: stdout is not JSON ({e}): {}\nstderr: {}",
            stdout(&o),
            stderr(&o)
        )
    });
    (o.status.code().unwrap_or(-1), v)
}

/// The shared development material, when this checkout has it beside it.
pub fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("corpus/seeds").is_dir() {
        Some(p.canonicalize().unwrap())
    } else {
        eprintln!("note: ../shared is not beside this checkout; seed tests are skipped");
        None
    }
}

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/corpus")
}

/// The seeds ingested into a fresh store.
pub struct Seeds {
    pub shared: std::path::PathBuf,
    pub seeds: std::path::PathBuf,
    pub dir: tempfile::TempDir,
    pub store: std::path::PathBuf,
    pub summary: serde_json::Value,
}

/// Ingests `../shared/corpus/seeds` into a temporary store (checking that it
/// succeeded); `None` when the shared directory is not beside the checkout.
pub fn ingest_seeds() -> Option<Seeds> {
    let shared = shared()?;
    let seeds = shared.join("corpus/seeds");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (code, summary) = run_json(&store, &["ingest", seeds.to_str().unwrap()]);
    assert_eq!(code, 0, "{summary}");
    Some(Seeds {
        shared,
        seeds,
        dir,
        store,
        summary,
    })
}
