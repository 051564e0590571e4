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

/// A running `chronicle serve` on a free local port; stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// `127.0.0.1:PORT`, as the server printed it.
    pub addr: String,
}

impl Server {
    /// `http://ADDR`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `chronicle serve --store STORE --bind 127.0.0.1:0` and waits (up
/// to a minute) for the line on standard error that gives its address.
pub fn serve(store: &Path) -> Server {
    use std::io::BufRead;
    use std::time::{Duration, Instant};
    let mut child = chronicle()
        .args(["serve", "--bind", "127.0.0.1:0", "--store"])
        .arg(store)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("chronicle serve starts");
    // Standard error is read to its end on a thread (the server must never
    // block on a full pipe); its lines come here.
    let err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            // Once nobody listens any more, this keeps draining.
            let _ = tx.send(line);
        }
    });
    let mut server = Server {
        child,
        addr: String::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                if let Some(at) = line.find("http://") {
                    let rest = &line[at + "http://".len()..];
                    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    server.addr = rest[..end].trim_end_matches('/').to_string();
                    return server;
                }
                seen.push(line);
            }
            Err(e) => panic!(
                "chronicle serve did not print its address ({e}); its standard error:\n{}",
                seen.join("\n")
            ),
        }
    }
}

/// An HTTP answer read off a raw connection.
pub struct HttpAnswer {
    pub status: u16,
    /// Header names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpAnswer {
    /// The first header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET PATH` over a fresh TCP connection (HTTP/1.1, `Connection: close`),
/// read to its end; a chunked body is decoded.
pub fn http_get(addr: &str, path: &str) -> HttpAnswer {
    http_request(addr, "GET", path, &[], b"")
}

/// One request over a fresh TCP connection (HTTP/1.1, `Connection: close`,
/// a `Host` header unless `headers` has one, `Content-Length` when there is
/// a body), read to its end; a chunked body is decoded. The server may
/// answer (413) before it has read a large body.
pub fn http_request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> HttpAnswer {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects to the server");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("{method} {path}: no header end in {raw:?}"));
    let text = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{method} {path}: bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    HttpAnswer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_text = String::from_utf8_lossy(&rest[..eol]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).expect("a chunk size");
        rest = &rest[eol + 2..];
        if size == 0 || rest.len() < size {
            out.extend_from_slice(&rest[..size.min(rest.len())]);
            return out;
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
}

/// The repository root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Whether a missing validator is a failure (`CHRONICLE_INTEROP=require`,
/// set by `.ci/run`) rather than a skip with a note.
fn interop_required() -> bool {
    std::env::var("CHRONICLE_INTEROP").is_ok_and(|v| v == "require")
}

fn interop_missing(what: &str) -> Option<PathBuf> {
    if interop_required() {
        panic!("CHRONICLE_INTEROP=require, but {what}");
    }
    eprintln!("note: skipped: {what}");
    None
}

/// The Python interpreter that has the validators' packages
/// (`crates/cli/tests/interop/requirements.txt`): `CHRONICLE_PYTHON`, else
/// `target/interop-venv/bin/python`. `None` (with a note) when it is
/// missing or lacks one of `modules`, unless `CHRONICLE_INTEROP=require`,
/// when the test fails.
pub fn interop_python(modules: &[&str]) -> Option<PathBuf> {
    let python = std::env::var_os("CHRONICLE_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/interop-venv/bin/python"));
    let imports = modules
        .iter()
        .map(|m| format!("import {m}"))
        .collect::<Vec<_>>()
        .join("; ");
    let ok = Command::new(&python)
        .args(["-c", &imports])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Some(python)
    } else {
        interop_missing(&format!(
            "{} cannot import {} (python3 -m venv target/interop-venv && target/interop-venv/bin/pip install -r crates/cli/tests/interop/requirements.txt)",
            python.display(),
            modules.join(", ")
        ))
    }
}

/// Runs `python SCRIPT ARGS` (a script in `crates/cli/tests/interop/`) and
/// fails the test with its output unless it exits 0; returns its standard
/// output.
pub fn run_python_check(python: &Path, script: &str, args: &[&str]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop")
        .join(script);
    let o = Command::new(python).arg(&path).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{script} failed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// The `web/e2e` directory when Node runs and its `node_modules` holds
/// `packages` (`npm ci --prefix web/e2e`); `None` with a note otherwise,
/// unless `CHRONICLE_INTEROP=require`.
pub fn interop_node(packages: &[&str]) -> Option<PathBuf> {
    let dir = workspace().join("web/e2e");
    let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
    if !Command::new(&node)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return interop_missing(&format!("Node.js (`{node}`) does not run"));
    }
    for p in packages {
        if !dir
            .join("node_modules")
            .join(p)
            .join("package.json")
            .is_file()
        {
            return interop_missing(&format!(
                "web/e2e/node_modules lacks {p} (run `npm ci --prefix web/e2e`)"
            ));
        }
    }
    Some(dir)
}

/// Runs `node SCRIPT ARGS` (a script in `web/e2e/`) in that directory and
/// fails the test with its output unless it exits 0; returns its standard
/// output.
pub fn run_node_check(dir: &Path, script: &str, args: &[&str]) -> String {
    let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
    let o = Command::new(node)
        .arg(dir.join(script))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{script} failed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}
