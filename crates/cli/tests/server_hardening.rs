//! `chronicle serve` against hostile or careless clients: no internal
//! details in any answer (panics and store errors are JSON 500/503 that
//! say no more), long request lines and parameters refused with JSON,
//! hyper's header limits, every list and export bounded, the admin route
//! only with its token, CORS only where the reconciliation protocol needs
//! it or the user allowed one origin, and the store never written.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chronicle_server::api::{ADMIN_ROUTES, Kind, ROUTES};
use common::*;
use serde_json::Value;

/// The samples ingested into a fresh store.
fn store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (code, v) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
    assert_eq!(code, 0, "{v}");
    (dir, store)
}

/// A `chronicle serve` started with extra arguments and environment; its
/// standard error is kept (the server's log).
struct Served {
    child: Child,
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

/// Starts the server; `Err(its standard error)` when it exits instead.
fn try_serve(store: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<Served, String> {
    use std::io::BufRead;
    let mut cmd = chronicle();
    cmd.env_remove("CHRONICLE_ADMIN_TOKEN")
        .args(["serve", "--bind", "127.0.0.1:0", "--store"])
        .arg(store)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("chronicle serve starts");
    let err = child.stderr.take().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel::<Option<String>>();
    let kept = log.clone();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            kept.lock().unwrap().push(line.clone());
            let _ = tx.send(Some(line));
        }
        let _ = tx.send(None);
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Some(line)) => {
                if let Some(at) = line
                    .contains("chronicle: serving")
                    .then(|| line.find("http://"))
                    .flatten()
                {
                    let rest = &line[at + "http://".len()..];
                    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    let addr = rest[..end].trim_end_matches('/').to_string();
                    return Ok(Served { child, addr, log });
                }
            }
            Ok(None) => {
                let _ = child.wait();
                return Err(log.lock().unwrap().join("\n"));
            }
            Err(e) => panic!(
                "chronicle serve did not start ({e}): {}",
                log.lock().unwrap().join("\n")
            ),
        }
    }
}

fn serve_with(store: &Path, args: &[&str], env: &[(&str, &str)]) -> Served {
    try_serve(store, args, env).unwrap_or_else(|log| panic!("chronicle serve exited: {log}"))
}

/// The application built by the library, served in this process (for
/// limits too small to set from the command line, and routes of the
/// test's own behind the server's layers).
struct InProcess {
    addr: String,
    _rt: tokio::runtime::Runtime,
}

fn in_process(app: axum::Router) -> InProcess {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    rt.spawn(chronicle_server::serve_on(listener, app));
    InProcess { addr, _rt: rt }
}

fn json(a: &HttpAnswer) -> Value {
    serde_json::from_slice(&a.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", a.status, a.text()))
}

/// A JSON error with this status whose message contains `says`.
fn assert_error(a: &HttpAnswer, status: u16, says: &str) -> String {
    assert_eq!(a.status, status, "{}", a.text());
    let v = json(a);
    assert_eq!(v["error"]["status"], status, "{v}");
    let message = v["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains(says), "{message:?} does not say {says:?}");
    message
}

/// Sends raw bytes and reads whatever comes back: the status, or `None`
/// when the server closed or reset the connection without an answer.
/// Write errors are expected (the server may stop reading early).
fn raw_status(addr: &str, request: &[u8]) -> Option<u16> {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let _ = s.write_all(request);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf);
    text.split(' ').nth(1).and_then(|c| c.parse().ok())
}

/// Every route's path with placeholders filled.
fn concrete(path: &str) -> String {
    path.replace("{id}", "1").replace("{format}", "csv")
}

#[test]
fn panics_and_internal_errors_tell_the_client_nothing_but_the_log_everything() {
    // A route of this test behind the server's own layers: it panics with
    // a message naming a path.
    async fn boom() -> &'static str {
        panic!("secret detail at /home/someone/chronicle-data")
    }
    let app = axum::Router::new().route("/boom", axum::routing::get(boom));
    let app = chronicle_server::protect(app, &chronicle_server::Config::default()).unwrap();
    let server = in_process(app);
    let a = http_get(&server.addr, "/boom");
    assert_eq!(a.status, 500);
    assert_eq!(
        json(&a),
        serde_json::json!({"error": {"status": 500, "message": "internal error"}})
    );
    assert!(!a.text().contains("secret") && !a.text().contains("/home"));
    assert!(
        a.header("content-security-policy").is_some(),
        "security headers on a 500 too"
    );
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
    // The server lives on.
    assert_eq!(http_get(&server.addr, "/boom").status, 500);

    // A real server whose store turns bad under it: connections opened
    // afterwards fail. Answers are JSON without the store's path; the log
    // has the details.
    let (dir, store) = store();
    let server = serve_with(&store, &[], &[]);
    assert_eq!(http_get(&server.addr, "/api/stats").status, 200);
    let db = store.join("chronicle.db");
    std::fs::remove_file(&db).unwrap();
    std::fs::write(&db, vec![b'x'; 8192]).unwrap();
    let secret = dir.path().to_str().unwrap().to_string();
    let mut failures = 0;
    for _round in 0..5 {
        // Concurrent requests need more connections than the pool holds.
        let answers: Vec<HttpAnswer> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let addr = server.addr.clone();
                    s.spawn(move || {
                        let path = if i % 2 == 0 {
                            "/api/stats"
                        } else {
                            "/api/export/jsonld"
                        };
                        http_get(&addr, path)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for a in &answers {
            assert!(
                !a.text().contains(&secret),
                "a path reached the client: {}",
                a.text()
            );
            if a.status != 200 {
                failures += 1;
                let v = json(a);
                let m = v["error"]["message"].as_str().unwrap();
                assert!(
                    m == "internal error" || m == "the store cannot be opened",
                    "{} {m:?}",
                    a.status
                );
            }
        }
        if failures > 0 {
            break;
        }
    }
    assert!(
        failures > 0,
        "no request needed a new connection to the broken store"
    );
    let log = server.log();
    assert!(
        log.contains("chronicle serve: the store cannot be opened") && log.contains(&secret),
        "the log has the details: {log}"
    );
}

#[test]
fn long_request_lines_parameters_and_headers_are_refused() {
    let (_dir, store) = store();
    let server = serve_with(&store, &[], &[]);
    let addr = &server.addr;
    // A text parameter over 1,000 characters: 400 naming it.
    let q = "Ш".repeat(1001);
    let enc: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    for path in ["/api/search", "/api/entities", "/api/citations"] {
        let a = http_get(addr, &format!("{path}?q={enc}"));
        assert_error(&a, 400, "q is 1001 characters long; at most 1000");
    }
    let a = http_get(
        addr,
        &format!("/reconcile/suggest?prefix={}", "a".repeat(1001)),
    );
    assert_error(&a, 400, "prefix is 1001 characters");
    // 1,000 are fine.
    let ok: String = form_urlencoded::byte_serialize("Ш".repeat(1000).as_bytes()).collect();
    assert_eq!(http_get(addr, &format!("/api/entities?q={ok}")).status, 200);
    // Lists are bounded by the request line only (the web UI asks for
    // names of 100 entity ids at once).
    let ids = vec!["no-such-entity-id"; 100].join(",");
    assert_eq!(
        http_get(addr, &format!("/api/entities?id={ids}")).status,
        200
    );
    // A path and query over 8 KiB: 414 as JSON, on every route.
    for r in ROUTES {
        let a = http_get(
            addr,
            &format!("{}?q={}", concrete(r.path), "x".repeat(9000)),
        );
        assert_error(&a, 414, "the limit is 8192");
    }
    let a = http_get(addr, &format!("/{}", "a".repeat(9000)));
    assert_error(&a, 414, "the limit is 8192");
    // Headers: hyper's own limits (100 fields; a head of 408 KiB to about
    // 816 KiB), 431.
    let mut many = format!("GET /health HTTP/1.1\r\nHost: {addr}\r\n");
    for i in 0..101 {
        many.push_str(&format!("X-Filler-{i}: {i}\r\n"));
    }
    many.push_str("Connection: close\r\n\r\n");
    assert_eq!(raw_status(addr, many.as_bytes()), Some(431));
    let huge = format!(
        "GET /health HTTP/1.1\r\nHost: {addr}\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(1024 * 1024)
    );
    // 431, unless the connection is reset before the answer is read.
    // (hyper checks its 408 KiB only while a head is incomplete, after
    // reads of up to that much: a head that arrives at once may pass up to
    // about twice that.)
    let status = raw_status(addr, huge.as_bytes());
    assert!(matches!(status, Some(431) | None), "{status:?}");
    // A request target over 64 KiB: hyper's 414.
    let long = format!(
        "GET /health?{} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    let status = raw_status(addr, long.as_bytes());
    assert!(matches!(status, Some(414) | None), "{status:?}");
    // Still serving.
    assert_eq!(http_get(addr, "/health").status, 200);
}

#[test]
fn every_list_and_export_is_bounded() {
    let (_dir, store) = store();
    // Every route taking a limit refuses more than 100.
    let config = chronicle_server::Config {
        store: store.clone(),
        export_limit: 4096,
        ..chronicle_server::Config::default()
    };
    let server = in_process(chronicle_server::router(config).unwrap());
    let addr = &server.addr;
    let mut limited = 0;
    for r in ROUTES {
        if r.params
            .iter()
            .any(|p| p.name == "limit" && p.kind == Kind::Integer)
        {
            let a = http_get(addr, &format!("{}?limit=101", concrete(r.path)));
            assert_error(&a, 400, "at most 100");
            limited += 1;
        }
    }
    assert!(limited >= 8, "{limited} routes take a limit");
    for path in [
        "/api/timeline",
        "/api/events",
        "/api/documents",
        "/api/entities",
    ] {
        let v = json(&http_get(addr, &format!("{path}?limit=100")));
        assert!(v["items"].as_array().unwrap().len() <= 100);
    }
    // Reconciliation: batches of at most 100 queries, each of at most 100
    // candidates.
    let batch: serde_json::Map<String, Value> = (0..101)
        .map(|i| (format!("q{i}"), serde_json::json!({ "query": "Baku" })))
        .collect();
    let form: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("queries", &Value::Object(batch).to_string())
        .finish();
    let a = http_request(
        addr,
        "POST",
        "/reconcile",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        form.as_bytes(),
    );
    assert_error(&a, 413, "at most 100 queries");
    let one: String =
        form_urlencoded::byte_serialize(br#"{"q0": {"query": "Baku", "limit": 101}}"#).collect();
    let a = http_get(addr, &format!("/reconcile?queries={one}"));
    assert_error(&a, 400, "limit");
    // Exports over the server's limit are refused, and say how to narrow
    // them; a narrower one passes.
    let a = http_get(addr, "/api/export/jsonld");
    assert_error(
        &a,
        400,
        "over this server's limit of 4096 bytes: narrow it with doc",
    );
    let a = http_get(addr, "/api/export/csv?table=entities&lang=xx");
    assert_eq!(a.status, 200, "{}", a.text());
    // The command line's default: 64 MiB.
    assert_eq!(
        chronicle_server::Config::default().export_limit,
        64 * 1024 * 1024
    );
}

/// The store's bytes, to show the server wrote nothing.
fn store_bytes(store: &Path) -> Vec<u8> {
    std::fs::read(store.join("chronicle.db")).unwrap()
}

#[test]
fn the_admin_route_exists_only_with_a_token_and_answers_only_to_it() {
    let (dir, store) = store();
    // Without a token: no such route, not in the OpenAPI document.
    let server = serve_with(&store, &[], &[]);
    for method in ["POST", "GET"] {
        let a = http_request(&server.addr, method, "/api/admin/reindex", &[], b"");
        assert_error(&a, 404, "no route /api/admin/reindex");
    }
    let doc = json(&http_get(&server.addr, "/openapi.json"));
    assert!(doc["paths"].get("/api/admin/reindex").is_none());
    drop(server);

    // A token that is too short is refused at start.
    let file = dir.path().join("token");
    std::fs::write(&file, "short\n").unwrap();
    let log = try_serve(&store, &["--admin-token-file", file.to_str().unwrap()], &[])
        .err()
        .expect("a short token is refused");
    assert!(log.contains("at least 16 characters"), "{log}");

    let token = "c0ffee-0123456789abcdef-chronicle";
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let before = store_bytes(&store);
    let server = serve_with(&store, &["--admin-token-file", file.to_str().unwrap()], &[]);
    let addr = &server.addr;
    assert!(!server.log().contains(token), "the token is never printed");
    // No token, a wrong one, another scheme: 401 with the challenge.
    let bearer = format!("Bearer {token}");
    for headers in [
        vec![],
        vec![("Authorization", "Bearer not-the-token-at-all-0000")],
        vec![("Authorization", &bearer[..bearer.len() - 1])],
        vec![("Authorization", "Basic YWRtaW46YWRtaW4=")],
    ] {
        let a = http_request(addr, "POST", "/api/admin/reindex", &headers, b"");
        assert_error(&a, 401, "token");
        let challenge = a.header("www-authenticate").unwrap();
        assert!(
            challenge.starts_with("Bearer realm=\"chronicle-admin\""),
            "{challenge}"
        );
    }
    // GET is not the method.
    let a = http_request(
        addr,
        "GET",
        "/api/admin/reindex",
        &[("Authorization", &bearer)],
        b"",
    );
    assert_error(&a, 405, "use POST with Authorization: Bearer TOKEN");
    // With the token: the index is rebuilt from the store.
    let health = json(&http_get(addr, "/health"));
    let a = http_request(
        addr,
        "POST",
        "/api/admin/reindex",
        &[("Authorization", &bearer)],
        b"",
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let v = json(&a);
    assert_eq!(
        v["updated"].as_u64().unwrap() + v["added"].as_u64().unwrap(),
        13,
        "{v}"
    );
    assert_eq!(v["units"], health["index"], "{v} {health}");
    assert_eq!(a.header("access-control-allow-origin"), None);
    // Searches still answer, and the document lists the route as POST with
    // a bearer token.
    let s = json(&http_get(addr, "/api/search?q=Baku"));
    assert!(s["total"].as_u64().unwrap() > 0, "{s}");
    let doc = json(&http_get(addr, "/openapi.json"));
    let item = &doc["paths"]["/api/admin/reindex"];
    assert!(item.get("get").is_none(), "{item}");
    assert_eq!(
        item["post"]["security"][0]["adminToken"],
        serde_json::json!([])
    );
    assert!(item["post"]["responses"].get("401").is_some());
    assert_eq!(
        doc["components"]["securitySchemes"]["adminToken"]["scheme"],
        "bearer"
    );
    assert_eq!(ADMIN_ROUTES[0].path, "/api/admin/reindex");
    drop(server);
    // The store itself was not written.
    assert!(
        store_bytes(&store) == before,
        "the server changed the store"
    );

    // The token from the environment works too; both at once is refused.
    let server = serve_with(&store, &[], &[("CHRONICLE_ADMIN_TOKEN", token)]);
    let a = http_request(
        &server.addr,
        "POST",
        "/api/admin/reindex",
        &[("Authorization", &bearer)],
        b"",
    );
    assert_eq!(a.status, 200, "{}", a.text());
    drop(server);
    let log = try_serve(
        &store,
        &["--admin-token-file", file.to_str().unwrap()],
        &[("CHRONICLE_ADMIN_TOKEN", token)],
    )
    .err()
    .expect("two tokens are refused");
    assert!(log.contains("give the admin token one way"), "{log}");
}

/// Every path worth asking, with an origin: the routes, the UI, the
/// document, an unknown route.
fn every_path() -> Vec<String> {
    let mut paths: Vec<String> = ROUTES.iter().map(|r| concrete(r.path)).collect();
    paths.extend(
        [
            "/",
            "/ui/js/app.js",
            "/openapi.json",
            "/api/nothing",
            "/api/admin/reindex",
        ]
        .map(String::from),
    );
    paths
}

fn cors_headers(a: &HttpAnswer) -> Vec<&(String, String)> {
    a.headers
        .iter()
        .filter(|(n, _)| n.starts_with("access-control-"))
        .collect()
}

#[test]
fn cors_is_off_but_for_the_reconciliation_service_and_one_allowed_origin() {
    let (_dir, store) = store();
    let origin = [("Origin", "https://elsewhere.example")];
    let server = serve_with(&store, &[], &[]);
    for path in every_path() {
        let a = http_request(&server.addr, "GET", &path, &origin, b"");
        let cors = cors_headers(&a);
        if path.starts_with("/reconcile") {
            // The Reconciliation Service API requires CORS for browsers.
            assert_eq!(a.header("access-control-allow-origin"), Some("*"), "{path}");
        } else {
            assert!(cors.is_empty(), "{path}: {cors:?}");
        }
    }
    // No preflight is answered.
    let a = http_request(
        &server.addr,
        "OPTIONS",
        "/api/search",
        &[
            ("Origin", "https://elsewhere.example"),
            ("Access-Control-Request-Method", "GET"),
        ],
        b"",
    );
    assert_eq!(a.status, 405);
    assert!(cors_headers(&a).is_empty());
    drop(server);

    // One origin allowed on the API.
    let allowed = "https://app.example:8443";
    let server = serve_with(&store, &["--cors-origin", allowed], &[]);
    let addr = &server.addr;
    for path in [
        "/api/stats",
        "/api/search?q=Baku",
        "/health",
        "/openapi.json",
        "/api/nothing",
    ] {
        let a = http_request(addr, "GET", path, &[("Origin", allowed)], b"");
        assert_eq!(
            a.header("access-control-allow-origin"),
            Some(allowed),
            "{path}"
        );
        assert!(
            a.headers
                .iter()
                .any(|(n, v)| n == "vary" && v.contains("Origin")),
            "{path}"
        );
        let a = http_request(addr, "GET", path, &origin, b"");
        assert_eq!(a.header("access-control-allow-origin"), None, "{path}");
    }
    let a = http_request(
        addr,
        "OPTIONS",
        "/api/search",
        &[
            ("Origin", allowed),
            ("Access-Control-Request-Method", "GET"),
        ],
        b"",
    );
    assert_eq!(a.status, 204);
    assert_eq!(a.header("access-control-allow-origin"), Some(allowed));
    assert_eq!(a.header("access-control-allow-methods"), Some("GET"));
    // Not the UI, not the admin route; the reconciliation service as before.
    for path in ["/", "/ui/js/app.js", "/api/admin/reindex"] {
        let a = http_request(addr, "GET", path, &[("Origin", allowed)], b"");
        assert!(cors_headers(&a).is_empty(), "{path}");
    }
    let a = http_request(addr, "GET", "/reconcile", &[("Origin", allowed)], b"");
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));
    drop(server);
    // A malformed origin is refused at start.
    let log = try_serve(&store, &["--cors-origin", "https://app.example/path"], &[])
        .err()
        .expect("a malformed origin is refused");
    assert!(log.contains("is not an origin"), "{log}");
}
