//! The HTTP API against its OpenAPI document, on the seed corpus: every
//! route answers with a body that fits its schema (or one of the media
//! types it lists); malformed parameters, unknown ids and routes, other
//! methods and large bodies get JSON errors with the right status; exports
//! download what `chronicle export` writes; `chronicle serve` answers over
//! TCP.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chronicle_server::api::{Content, Kind, ROUTES};
use common::*;
use serde_json::Value;
use tower::ServiceExt;

fn app(store: &std::path::Path) -> axum::Router {
    chronicle_server::router(chronicle_server::Config {
        store: store.to_path_buf(),
        ..chronicle_server::Config::default()
    })
    .unwrap()
}

/// Sends one request; returns the status, headers and body.
fn call_raw(
    app: &axum::Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-length", body.len());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(Body::from(body)).unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
            .await
            .unwrap();
        (status, headers, bytes.to_vec())
    })
}

fn json(method: &str, uri: &str, bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "{method} {uri}: body is not JSON ({e}): {}",
            String::from_utf8_lossy(bytes)
        )
    })
}

fn call(app: &axum::Router, method: &str, uri: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let (status, _, bytes) = call_raw(app, method, uri, &[], body);
    (status, json(method, uri, &bytes))
}

/// Percent-encodes a path segment (ids may hold `/` and any script).
fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    call(app, "GET", uri, Vec::new())
}

/// Checks `v` against an OpenAPI 3.1 schema (the subset the document
/// uses: $ref, oneOf, type (also lists), enum, properties, required,
/// items, additionalProperties, minimum; patterns are not checked).
fn check(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        let s = &doc["components"]["schemas"][name];
        assert!(!s.is_null(), "no schema {name}");
        return check(doc, s, v, at);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = options
            .iter()
            .filter(|s| check(doc, s, v, at).is_ok())
            .count();
        if fits != 1 {
            return Err(format!("{at}: fits {fits} of the oneOf schemas, not one"));
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(v)
    {
        return Err(format!("{at}: {v} is not one of {options:?}"));
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        });
        if !ok {
            return Err(format!("{at}: {v} is not {types:?}"));
        }
    }
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
        && v.as_f64().is_some_and(|x| x < min)
    {
        return Err(format!("{at}: {v} is below {min}"));
    }
    if let Some(obj) = v.as_object() {
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let k = r.as_str().unwrap();
            if !obj.contains_key(k) {
                return Err(format!("{at}: missing {k}"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, s) in props {
                if let Some(x) = obj.get(k) {
                    check(doc, s, x, &format!("{at}.{k}"))?;
                }
            }
        }
        if let Some(extra) = schema.get("additionalProperties").filter(|s| s.is_object()) {
            for (k, x) in obj {
                check(doc, extra, x, &format!("{at}.{k}"))?;
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            check(doc, items, x, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

fn response_schema<'a>(doc: &'a Value, path: &str, status: &str) -> &'a Value {
    &doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
}

#[test]
fn every_route_answers_as_its_openapi_document_says() {
    let Some(s) = ingest_seeds() else { return };
    let app = app(&s.store);
    let (status, doc) = get(&app, "/openapi.json");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    // The document lists exactly the routes the server has.
    let mut paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    paths.sort();
    let mut routes: Vec<&str> = ROUTES
        .iter()
        .map(|r| r.path)
        .chain(["/openapi.json"])
        .collect();
    routes.sort();
    routes.dedup();
    assert_eq!(paths, routes);

    // Ids for the routes with a path parameter, from the list routes.
    let first = |uri: &str, key: &str| -> String {
        let (status, v) = get(&app, uri);
        assert_eq!(status, StatusCode::OK, "{uri}: {v}");
        let item = &v["items"][0][key];
        match item {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    };
    let entity = {
        let (_, v) = get(&app, "/api/entities?q=Shusha&type=PLACE");
        v["items"][0]["id"].as_str().unwrap().to_string()
    };
    let ids = [
        ("/api/documents/{id}", first("/api/documents", "id")),
        (
            "/api/documents/{id}/sentences",
            first("/api/documents", "name"),
        ),
        (
            "/api/documents/{id}/annotations",
            first("/api/documents", "name"),
        ),
        ("/api/entities/{id}", entity.clone()),
        (
            "/api/events/{id}",
            first("/api/timeline?min_documents=2", "id"),
        ),
        ("/api/conflicts/{id}", first("/api/conflicts", "id")),
        ("/api/citations/{id}", first("/api/citations", "id")),
        ("/api/export/{format}", "csv".to_string()),
    ];
    let samples: &[(&str, &str)] = &[
        ("/api/search", "?q=Гянджа&lang=be,az&facets=true&limit=5"),
        ("/api/entities", "?type=PLACE&limit=5"),
        ("/api/timeline", "?from=1920-04&to=1920-05&limit=50"),
        ("/api/events", "?entity=&min_documents=2&limit=3"),
        ("/api/citations", "?q=Кадишев"),
        ("/api/conflicts", "?limit=2"),
        ("/api/export/{format}", "?table=events"),
        ("/reconcile/preview", "?id=shusha"),
        ("/reconcile/suggest", "?prefix=Shu"),
    ];
    for route in ROUTES {
        let mut uri = route.path.to_string();
        if let Some((_, id)) = ids.iter().find(|(p, _)| *p == route.path) {
            let (start, end) = (uri.find('{').unwrap(), uri.find('}').unwrap());
            uri.replace_range(start..=end, &encode(id));
        }
        if let Some((_, q)) = samples.iter().find(|(p, _)| *p == route.path) {
            uri.push_str(q);
        }
        let (status, headers, body) = call_raw(&app, "GET", &uri, &[], vec![]);
        let content = doc["paths"][route.path]["get"]["responses"]["200"]["content"]
            .as_object()
            .unwrap();
        if !matches!(route.response, Content::Json(_)) {
            // Pages and exports: one of the media types the document lists.
            assert_eq!(status, StatusCode::OK, "{uri}");
            let media = headers["content-type"].to_str().unwrap();
            assert!(content.contains_key(media), "{uri}: {media}");
            assert!(!body.is_empty(), "{uri}: empty");
            continue;
        }
        let v = json("GET", &uri, &body);
        assert_eq!(status, StatusCode::OK, "{uri}: {v}");
        check(&doc, response_schema(&doc, route.path, "200"), &v, &uri)
            .unwrap_or_else(|e| panic!("{e}"));
        // Lists are not empty on the seeds, so the item schemas were checked.
        if let Some(items) = v.get("items") {
            assert!(!items.as_array().unwrap().is_empty(), "{uri}: no items");
        }
    }
    // The reconciliation service answers queries by GET and by POST with
    // the schema of its other answer; it is the only route taking POST.
    let queries = r#"{"q0": {"query": "Шуша", "type": "PLACE"}, "q1": {"query": "Hajinski"}}"#;
    let form: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("queries", queries)
        .finish();
    let (status, by_get) = get(&app, &format!("/reconcile?{form}"));
    assert_eq!(status, StatusCode::OK, "{by_get}");
    let (status, _, body) = call_raw(
        &app,
        "POST",
        "/reconcile",
        &[("content-type", "application/x-www-form-urlencoded")],
        form.into_bytes(),
    );
    let by_post = json("POST", "/reconcile", &body);
    assert_eq!(status, StatusCode::OK, "{by_post}");
    assert_eq!(by_get, by_post);
    assert_eq!(by_get["q0"]["result"][0]["id"], "shusha", "{by_get}");
    let post_schema = &doc["paths"]["/reconcile"]["post"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    check(&doc, post_schema, &by_post, "POST /reconcile").unwrap_or_else(|e| panic!("{e}"));
    for (path, item) in doc["paths"].as_object().unwrap() {
        let mut methods: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        methods.sort();
        let want: &[&str] = if path == "/reconcile" {
            &["get", "post"]
        } else {
            &["get"]
        };
        assert_eq!(methods, want, "{path}");
    }

    // What the samples asked for, they got.
    let (_, search) = get(&app, "/api/search?q=Гянджа&lang=be,az&limit=100");
    assert!(
        search["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["lang"] == "be" || h["lang"] == "az")
    );
    assert!(
        search["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["lang"] == "az"),
        "{search}"
    );
    let (_, cit) = get(&app, "/api/citations?q=Кадишев");
    assert!(
        cit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["id"] == "kadishev-1960"),
        "{cit}"
    );
    let (_, ent) = get(&app, &format!("/api/entities/{entity}"));
    assert!(
        ent["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["text"] == "Шушы"),
        "{ent}"
    );
    let (_, tl) = get(&app, "/api/timeline?from=1920-04&to=1920-05&limit=100");
    for e in tl["items"].as_array().unwrap() {
        let (start, end) = (e["start"].as_str().unwrap(), e["end"].as_str().unwrap());
        assert!(end >= "1920-04-01" && start <= "1920-05-31", "{e}");
    }
    // Paging: total stays, items move.
    let (_, p1) = get(&app, "/api/documents?limit=2");
    let (_, p2) = get(&app, "/api/documents?limit=2&offset=2");
    assert_eq!(p1["total"], 5);
    assert_eq!(p2["total"], 5);
    assert_ne!(p1["items"][0], p2["items"][0]);
}

/// The byte range `start..end` of `text`, which must lie on character
/// boundaries.
fn slice<'a>(text: &'a str, start: &Value, end: &Value, at: &str) -> &'a str {
    let (a, b) = (
        start.as_u64().unwrap() as usize,
        end.as_u64().unwrap() as usize,
    );
    text.get(a..b)
        .unwrap_or_else(|| panic!("{at}: {a}..{b} is not a character range of the paragraph"))
}

#[test]
fn annotations_point_into_their_paragraphs_and_markers_reach_their_references() {
    let Some(s) = ingest_seeds() else { return };
    let app = app(&s.store);
    let (status, d) = get(&app, "/api/documents/001_8af1442366d4ad4d.txt/annotations");
    assert_eq!(status, StatusCode::OK, "{d}");
    let paragraphs = d["paragraphs"].as_array().unwrap();
    let references = d["references"].as_array().unwrap();
    assert_eq!(
        paragraphs.len() as u64,
        d["paragraph_count"].as_u64().unwrap()
    );
    let (mut times, mut mentions, mut linked, mut anchors) = (0, 0, 0, 0);
    for p in paragraphs {
        let text = p["text"].as_str().unwrap();
        for t in p["times"].as_array().unwrap() {
            assert_eq!(
                slice(text, &t["start"], &t["end"], "time"),
                t["text"],
                "{t}"
            );
            times += 1;
        }
        for m in p["mentions"].as_array().unwrap() {
            assert_eq!(
                slice(text, &m["start"], &m["end"], "mention"),
                m["text"],
                "{m}"
            );
            mentions += 1;
            linked += usize::from(m["entity"].is_string());
        }
        for s in p["sentences"].as_array().unwrap() {
            slice(text, &s["text_start"], &s["text_end"], "sentence");
        }
        for a in p["anchors"].as_array().unwrap() {
            anchors += 1;
            let Some(r) = a["reference"].as_u64() else {
                continue;
            };
            // The marker's reference paragraph is an entry with its label.
            let entry = references
                .iter()
                .find(|e| e["paragraph"].as_u64() == Some(r))
                .unwrap_or_else(|| panic!("{a}: no reference entry in paragraph {r}"));
            assert_eq!(entry["label"], a["label"], "{a} {entry}");
        }
    }
    assert!(
        times > 100 && mentions > 500 && anchors > 100,
        "{times} {mentions} {anchors}"
    );
    assert!(
        linked * 10 > mentions * 8,
        "{linked} of {mentions} mentions linked"
    );
    // Bileceri's three reported times are marked where the text gives them.
    let values: Vec<&str> = paragraphs
        .iter()
        .flat_map(|p| p["times"].as_array().unwrap())
        .filter_map(|t| t["value"].as_str())
        .collect();
    for v in ["1920-04-27T23:00", "1920-04-28T02:00"] {
        assert!(values.contains(&v), "{v} not among the dates");
    }
    assert!(values.iter().any(|v| v.ends_with("T03:30")), "{values:?}");
    // Reference entries carry the cited work they were parsed into.
    assert!(references.iter().any(|r| r["work"] == "druganov-1978"));
}

#[test]
fn entities_by_id_and_the_entities_sharing_their_sentences() {
    let Some(s) = ingest_seeds() else { return };
    let app = app(&s.store);
    let (status, v) = get(&app, "/api/entities?id=baku,ganja,no-such-entity");
    assert_eq!(status, StatusCode::OK, "{v}");
    let mut ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["baku", "ganja"]);
    let (_, e) = get(&app, "/api/entities/shusha");
    let co = e["cooccurring"].as_array().unwrap();
    assert!(!co.is_empty());
    assert!(co.iter().all(|c| c["id"] != "shusha"));
    // Most shared first, and each count is a real number of sentences in
    // which both are named.
    let counts: Vec<u64> = co
        .iter()
        .map(|c| c["sentences"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // Sharing is symmetric: the other entity lists Shusha with the same count.
    let top = co[0]["id"].as_str().unwrap();
    let (_, other) = get(&app, &format!("/api/entities/{top}"));
    let back = other["cooccurring"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "shusha")
        .unwrap_or_else(|| panic!("{top} does not list shusha: {other}"));
    assert_eq!(back["sentences"], co[0]["sentences"]);
}

#[test]
fn malformed_requests_get_json_errors_with_the_right_status() {
    let Some(s) = ingest_seeds() else { return };
    let app = app(&s.store);
    let (_, doc) = get(&app, "/openapi.json");
    let error_schema = serde_json::json!({ "$ref": "#/components/schemas/Error" });
    let expect = |method: &str, uri: &str, body: Vec<u8>, want: StatusCode, says: &str| {
        let (status, v) = call(&app, method, uri, body);
        assert_eq!(status, want, "{method} {uri}: {v}");
        check(&doc, &error_schema, &v, uri).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v["error"]["status"], want.as_u16());
        let msg = v["error"]["message"].as_str().unwrap();
        assert!(msg.contains(says), "{uri}: {msg:?} does not say {says:?}");
    };
    // Every typed query parameter of every route rejects a bad value, and
    // every route rejects an unknown parameter.
    for route in ROUTES {
        let base = route.path.replace("{id}", "1").replace("{format}", "csv");
        for p in route.params.iter().filter(|p| !p.in_path) {
            let bad = match p.kind {
                Kind::Integer => "many",
                Kind::Boolean => "maybe",
                Kind::Date => "yesterday",
                Kind::Json => "%7B",
                Kind::Text | Kind::List => continue,
            };
            // Routes whose id does not exist answer 404 before reading
            // parameters only when the parameters are fine.
            expect(
                "GET",
                &format!("{base}?{}={bad}", p.name),
                vec![],
                StatusCode::BAD_REQUEST,
                p.name,
            );
        }
        expect(
            "GET",
            &format!("{base}?colour=blue"),
            vec![],
            StatusCode::BAD_REQUEST,
            "unknown parameter \"colour\"",
        );
    }
    for (uri, says) in [
        ("/api/search?q=%22unclosed", "never closed"),
        ("/api/search?q=OR", "OR at byte 0"),
        ("/api/search", "the query is empty"),
        ("/api/search?q=Baku&limit=0", "limit"),
        ("/api/search?q=Baku&limit=101", "at most 100"),
        ("/api/search?q=Baku&from=1921&to=1920", "is after"),
        ("/api/search?q=Baku&unit=chapter", "unit"),
        ("/api/entities?type=ANIMAL", "PERSON, PLACE or ORG"),
        ("/api/timeline?from=soon", "from"),
    ] {
        expect("GET", uri, vec![], StatusCode::BAD_REQUEST, says);
    }
    for (uri, says) in [
        ("/reconcile?queries=%5B%5D", "must be a JSON object"),
        (
            "/reconcile?callback=alert(1)",
            "not a JavaScript function name",
        ),
        (
            "/reconcile/suggest?prefix=Ba&type=ANIMAL",
            "PERSON, PLACE or ORG",
        ),
        ("/reconcile/preview", "id is required"),
        ("/api/export/csv", "needs table"),
        ("/api/export/jsonld?table=events", "only to the csv"),
        ("/api/export/csv?table=people", "events, claims"),
        (
            "/api/export/csv?table=events&entity=Zzyzxq",
            "no entity matches",
        ),
        (
            "/api/export/csv?table=events&doc=no-such.txt",
            "no document",
        ),
        (
            "/api/export/csv?table=events&base=javascript:alert(1)",
            "base",
        ),
    ] {
        expect("GET", uri, vec![], StatusCode::BAD_REQUEST, says);
    }
    for uri in [
        "/api/documents/999",
        "/api/documents/no-such-file.txt/sentences",
        "/api/entities/no-such-entity",
        "/api/events/no-such-event",
        "/api/conflicts/no-such-conflict",
        "/api/citations/no-such-work",
        "/reconcile/preview?id=no-such-entity",
    ] {
        expect("GET", uri, vec![], StatusCode::NOT_FOUND, "no ");
    }
    expect(
        "GET",
        "/api/export/docx",
        vec![],
        StatusCode::NOT_FOUND,
        "the formats are jsonld, csv, geojson",
    );
    expect(
        "GET",
        "/api/nothing-here",
        vec![],
        StatusCode::NOT_FOUND,
        "/openapi.json",
    );
    expect(
        "POST",
        "/api/search?q=Baku",
        vec![],
        StatusCode::METHOD_NOT_ALLOWED,
        "read-only",
    );
    expect(
        "DELETE",
        "/api/documents/1",
        vec![],
        StatusCode::METHOD_NOT_ALLOWED,
        "read-only",
    );
    expect(
        "GET",
        "/api/search?q=Baku",
        vec![b'x'; 100_000],
        StatusCode::PAYLOAD_TOO_LARGE,
        "limited",
    );
    // Only /reconcile takes POST, and only a form, up to its own limit.
    for (method, uri) in [("POST", "/api/export/csv"), ("PUT", "/reconcile/preview")] {
        expect(
            method,
            uri,
            vec![],
            StatusCode::METHOD_NOT_ALLOWED,
            "read-only",
        );
    }
    expect(
        "DELETE",
        "/reconcile",
        vec![],
        StatusCode::METHOD_NOT_ALLOWED,
        "use GET, or POST with a form",
    );
    expect(
        "POST",
        "/reconcile",
        b"{}".to_vec(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "application/x-www-form-urlencoded",
    );
    expect(
        "GET",
        "/reconcile",
        vec![b'x'; 2 << 20],
        StatusCode::PAYLOAD_TOO_LARGE,
        "limited to 1048576 bytes",
    );
}

/// `chronicle export ARGS`'s standard output (exit 0).
fn cli_export(store: &std::path::Path, args: &[&str]) -> Vec<u8> {
    let mut a = vec!["export"];
    a.extend(args);
    let o = run(store, &a);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    o.stdout
}

/// `GET /api/export/FORMAT?QUERY` with a Host header: status, content
/// type, content disposition and body.
fn download(
    app: &axum::Router,
    format: &str,
    query: &str,
) -> (StatusCode, String, String, Vec<u8>) {
    let uri = format!("/api/export/{format}?{query}");
    let (status, headers, body) =
        call_raw(app, "GET", &uri, &[("host", "example.org:8080")], vec![]);
    let header = |name: &str| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    (
        status,
        header("content-type"),
        header("content-disposition"),
        body,
    )
}

fn rows(csv: &[u8]) -> Vec<&str> {
    std::str::from_utf8(csv)
        .unwrap()
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .collect()
}

#[test]
fn exports_download_what_the_cli_writes_with_the_same_filters() {
    use chronicle_interop::tables::Table;
    let Some(s) = ingest_seeds() else { return };
    let app = app(&s.store);
    let (status, media, disposition, body) = download(&app, "csv", "table=events");
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(media, "text/csv; charset=utf-8");
    assert_eq!(disposition, "attachment; filename=\"chronicle.csv\"");
    let all = rows(&body);
    assert_eq!(all[0], Table::Events.columns().join(","));
    assert!(all.len() > 100, "{} rows", all.len());
    // Identifiers are under the address the request was sent to.
    assert!(
        all[1].contains("http://example.org:8080/api/events/"),
        "{}",
        all[1]
    );
    // With a base, the download is what the CLI writes, filter by filter.
    let base = "base=http%3A%2F%2Fchronicle.test%2F";
    let doc = "002_a7dce4f356a385b4.txt";
    let cases: &[(&str, &[&str])] = &[
        ("table=events", &["--table", "events"]),
        (
            "table=entities&lang=az",
            &["--table", "entities", "--lang", "az"],
        ),
        (
            "table=events&from=1920-04&to=1920-05",
            &["--table", "events", "--from", "1920-04", "--to", "1920-05"],
        ),
        (
            "table=events&entity=shusha",
            &["--table", "events", "--entity", "shusha"],
        ),
        (
            "table=mentions&doc=002_a7dce4f356a385b4.txt",
            &["--table", "mentions", "--doc", doc],
        ),
    ];
    let mut sizes = Vec::new();
    for (query, args) in cases {
        let (status, _, _, body) = download(&app, "csv", &format!("{query}&{base}"));
        assert_eq!(
            status,
            StatusCode::OK,
            "{query}: {}",
            String::from_utf8_lossy(&body)
        );
        let mut args = args.to_vec();
        args.extend(["--base", "http://chronicle.test/"]);
        let mut cli = vec!["csv"];
        cli.extend(args);
        assert!(
            body == cli_export(&s.store, &cli),
            "{query}: the download differs from the CLI's"
        );
        sizes.push(rows(&body).len());
    }
    // The filters narrow: fewer events in a month or with one place.
    assert!(sizes[2] > 1 && sizes[2] < sizes[0], "{sizes:?}");
    assert!(sizes[3] > 1 && sizes[3] < sizes[0], "{sizes:?}");
    // An entity may be named in any script or inflection.
    for name in ["%D0%A8%D1%83%D1%88%D0%B0", "%C5%9Eu%C5%9Fa", "Shusha"] {
        let (_, _, _, body) = download(&app, "csv", &format!("table=events&entity={name}&{base}"));
        assert_eq!(rows(&body).len(), sizes[3], "{name}");
    }
}

/// Every format downloads with its media type and file name, and is what
/// `chronicle export` writes.
#[test]
fn every_export_format_downloads_with_its_media_type() {
    use chronicle_interop::Format;
    let Some(s) = ingest_seeds() else { return };
    let app = app(&s.store);
    for f in Format::ALL {
        let table = if f == Format::Csv {
            "table=events&"
        } else {
            ""
        };
        let query = format!("{table}base=http%3A%2F%2Fchronicle.test%2F");
        let (status, media, disposition, body) = download(&app, f.name(), &query);
        assert_eq!(
            status,
            StatusCode::OK,
            "{}: {}",
            f.name(),
            String::from_utf8_lossy(&body)
        );
        assert_eq!(media, f.media_type(), "{}", f.name());
        assert_eq!(
            disposition,
            format!("attachment; filename=\"chronicle.{}\"", f.extension())
        );
        assert!(!body.is_empty(), "{}: empty", f.name());
        let mut cli = vec![f.name(), "--base", "http://chronicle.test/"];
        if f == Format::Csv {
            cli.extend(["--table", "events"]);
        }
        assert!(
            body == cli_export(&s.store, &cli),
            "{}: the download differs from the CLI's",
            f.name()
        );
    }
}

#[test]
fn search_without_an_index_is_unavailable_and_says_how_to_build_it() {
    let Some(s) = ingest_seeds() else { return };
    std::fs::remove_dir_all(s.store.join("index")).unwrap();
    let app = app(&s.store);
    let (status, v) = get(&app, "/api/search?q=Baku");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("chronicle reindex")
    );
    // Everything else still works from the store.
    let (status, _) = get(&app, "/api/timeline");
    assert_eq!(status, StatusCode::OK);
    let (status, h) = get(&app, "/health");
    assert_eq!(status, StatusCode::OK);
    assert!(h["index"].is_null(), "{h}");
}

#[test]
fn serve_answers_over_tcp_and_refuses_a_missing_store() {
    let Some(s) = ingest_seeds() else { return };
    let server = serve(&s.store);
    let answer = http_get(
        &server.addr,
        "/api/search?q=%D0%A8%D1%83%D1%88%D0%B0&limit=1",
    );
    drop(server);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert!(
        answer
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{:?}",
        answer.headers
    );
    let body = answer.text();
    assert!(body.contains("\"hits\""), "{body}");
    // A missing store is an error before listening.
    let o = run(
        &s.dir.path().join("missing"),
        &["serve", "--bind", "127.0.0.1:0"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot open the store"),
        "{}",
        stderr(&o)
    );
}
