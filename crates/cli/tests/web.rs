//! The web UI: served at `/` with its security headers, and driven end to
//! end in headless Chromium (through `web/e2e/e2e.mjs`, with playwright-core)
//! on the seed corpus plus two hostile documents.
//!
//! The browser test needs Node, `npm ci --prefix web/e2e` and Chromium
//! (`apt-get install chromium`, or `CHROMIUM=/path/to/chrome`); without them
//! it says so and passes, unless `CHRONICLE_E2E=require` (as in CI), when it
//! fails and names what is missing. Without `../shared` (the seeds) it runs
//! on the repository's samples and skips the checks that need a seed.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web")
}

fn node() -> String {
    std::env::var("NODE").unwrap_or_else(|_| "node".to_string())
}

/// Whether Node.js starts.
fn node_runs() -> bool {
    Command::new(node())
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// What the browser test lacks on this machine, each with how to get it.
fn missing_for_the_browser_test(root: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let node_runs = node_runs();
    if !node_runs {
        missing.push(format!(
            "Node.js (`{}` does not run; apt-get install nodejs npm, or set NODE)",
            node()
        ));
    }
    let modules = root.join("web/e2e/node_modules");
    for package in ["playwright-core", "world-atlas"] {
        if !modules.join(package).join("package.json").is_file() {
            missing.push(format!(
                "{} (run `npm ci --prefix web/e2e`)",
                modules.join(package).display()
            ));
        }
    }
    if !chromium().is_file() {
        missing.push(format!(
            "Chromium at {} (apt-get install chromium, or set CHROMIUM to a Chromium or Chrome binary)",
            chromium().display()
        ));
    }
    missing
}

/// Runs a command to its end or until `limit` passes (then kills it), and
/// returns its exit status (None when killed), standard output and error.
fn run_with_limit(mut cmd: Command, limit: Duration) -> (Option<i32>, String, String) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let deadline = Instant::now() + limit;
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    (code, out.join().unwrap(), err.join().unwrap())
}

#[test]
fn browser_end_to_end() {
    let root = workspace();
    let missing = missing_for_the_browser_test(&root);
    if !missing.is_empty() {
        let list = missing.join("\n  - ");
        if std::env::var("CHRONICLE_E2E").as_deref() == Ok("require") {
            panic!(
                "CHRONICLE_E2E=require, but the browser test cannot run; missing:\n  - {list}\n\
                 Install with: apt-get install -y chromium && npm ci --prefix web/e2e"
            );
        }
        eprintln!(
            "skipped: the browser end-to-end test needs:\n  - {list}\n\
             (set CHRONICLE_E2E=require to make this a failure)"
        );
        return;
    }

    // The vendored base map is the world-atlas release it claims to be.
    let vendored = root.join("crates/server/web/vendor/countries-50m.json");
    let published = root.join("web/e2e/node_modules/world-atlas/countries-50m.json");
    let read = |p: &Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    assert!(
        read(&vendored) == read(&published),
        "{} is not byte-identical to {} (world-atlas 2.0.2)",
        vendored.display(),
        published.display()
    );

    // The seed documents when they are beside the checkout; else the
    // repository's samples, with only the checks that need no seed.
    let seeds = shared().map(|s| s.join("corpus/seeds"));
    let corpus = seeds.clone().unwrap_or_else(samples);
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let o = run(
        &store,
        &[
            "ingest",
            corpus.to_str().unwrap(),
            fixtures().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "ingest failed:\n{}", stderr(&o));

    let server = serve(&store);
    // A relative CHRONICLE_SCREENSHOTS is taken from the workspace root
    // (tests run in the crate's directory).
    let shots = std::env::var_os("CHRONICLE_SCREENSHOTS")
        .map(|p| root.join(p))
        .unwrap_or_else(|| root.join("target/screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let mut cmd = Command::new(node());
    cmd.arg(root.join("web/e2e/e2e.mjs"))
        .arg(server.url())
        .arg(&shots)
        .env("CHROMIUM", chromium())
        .env(
            "CHRONICLE_E2E_SEEDS",
            if seeds.is_some() { "1" } else { "0" },
        );
    // The script stops itself after its own limit; this one is a backstop.
    let (code, out, err) = run_with_limit(cmd, Duration::from_secs(420));
    drop(server);
    assert_eq!(
        code,
        Some(0),
        "the browser checks failed (None: killed after 420 s; screenshots in {}):\n{out}\n{err}",
        shots.display()
    );
    // The checks, one a line (shown with `--no-capture`).
    println!("{out}");
    if seeds.is_none() {
        eprintln!("note: ../shared is not beside this checkout; the seed checks were skipped");
        return;
    }
    for view in ["timeline", "event", "search", "map", "entity", "reader"] {
        let png = shots.join(format!("{view}.png"));
        let bytes = std::fs::read(&png).unwrap_or_default();
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "no screenshot {}",
            png.display()
        );
    }
}

#[test]
fn ui_modules_pass_their_unit_tests() {
    // The pure modules of the UI (EDTF intervals, axis ticks, byte offsets)
    // under Node's own test runner; needs Node only.
    let root = workspace();
    let node_runs = node_runs();
    if !node_runs {
        assert_ne!(
            std::env::var("CHRONICLE_E2E").as_deref(),
            Ok("require"),
            "CHRONICLE_E2E=require, but Node.js does not run (apt-get install nodejs, or set NODE)"
        );
        eprintln!("skipped: the UI's unit tests need Node.js");
        return;
    }
    let mut cmd = Command::new(node());
    cmd.arg("--test").arg(root.join("web/e2e/unit.mjs"));
    let (code, out, err) = run_with_limit(cmd, Duration::from_secs(120));
    assert_eq!(code, Some(0), "the UI's unit tests failed:\n{out}\n{err}");
    assert!(out.contains("# fail 0"), "{out}");
}

#[test]
fn ui_is_served_with_security_headers() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let o = run(&store, &["ingest", samples().to_str().unwrap()]);
    assert!(o.status.success(), "ingest failed:\n{}", stderr(&o));
    let server = serve(&store);

    let page = http_get(&server.addr, "/");
    assert_eq!(page.status, 200, "{}", page.text());
    let content_type = page.header("content-type").unwrap_or_default();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let csp = page
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("no Content-Security-Policy: {:?}", page.headers));
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    assert_eq!(
        page.header("x-content-type-options"),
        Some("nosniff"),
        "{:?}",
        page.headers
    );
    assert!(page.text().contains("js/app.js"), "{}", page.text());

    let app = http_get(&server.addr, "/ui/js/app.js");
    assert_eq!(app.status, 200, "{}", app.text());
    let content_type = app.header("content-type").unwrap_or_default();
    assert!(content_type.contains("javascript"), "{content_type}");
    assert!(!app.body.is_empty());

    let nope = http_get(&server.addr, "/ui/nope.js");
    assert_eq!(nope.status, 404, "{}", nope.text());
}
