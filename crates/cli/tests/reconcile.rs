//! The reconciliation service as OpenRefine uses it, against a real
//! `chronicle serve` over the seeds (the samples when `../shared` is
//! absent) and a small English document whose names hold apostrophes: the
//! manifest and the services it names; single queries by GET and batches
//! by POST form, across scripts and inflections, with the candidates
//! `/api/entities?q=` finds; types, strictness and limits; JSONP; entity
//! suggestions; escaped previews that OpenRefine may frame; and JSON
//! errors for malformed queries, other methods and large bodies.

mod common;

use common::*;
use serde_json::{Value, json};

/// A store with the seeds (or the samples) and a document of English
/// names with apostrophes, served; whether the seeds are in it.
struct Service {
    server: Server,
    seeds: bool,
    _dir: tempfile::TempDir,
}

const NAMES: &str = "Notes on two visitors\n\nOn 5 May 1920 John O'Hara arrived in Baku with Mary D'Arcy-Smith, and they met the merchants at the harbour.\n\nLater that week O'Hara and D'Arcy-Smith travelled to Ganja.\n";

fn service() -> Service {
    let (dir, store, seeds) = match ingest_seeds() {
        Some(s) => (s.dir, s.store, true),
        None => {
            let dir = tempfile::tempdir().unwrap();
            let store = dir.path().join("store");
            let (code, v) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
            assert_eq!(code, 0, "{v}");
            (dir, store, false)
        }
    };
    let names = dir.path().join("en-visitors.txt");
    std::fs::write(&names, NAMES).unwrap();
    let (code, v) = run_json(&store, &["ingest", names.to_str().unwrap()]);
    assert_eq!(code, 0, "{v}");
    Service {
        server: serve(&store),
        seeds,
        _dir: dir,
    }
}

/// Percent-encodes a query-string value.
fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `POST /reconcile` with the form `queries=BATCH`, as OpenRefine sends it.
fn post_batch(addr: &str, batch: &Value) -> HttpAnswer {
    let form = format!("queries={}", enc(&batch.to_string()));
    http_request(
        addr,
        "POST",
        "/reconcile",
        &[(
            "Content-Type",
            "application/x-www-form-urlencoded; charset=UTF-8",
        )],
        form.as_bytes(),
    )
}

fn json_of(a: &HttpAnswer) -> Value {
    serde_json::from_slice(&a.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", a.text()))
}

/// A 200 JSON answer.
fn ok(a: HttpAnswer) -> Value {
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(
        a.header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{:?}",
        a.headers
    );
    json_of(&a)
}

/// A 200 JSON answer of the service, with the CORS header its API
/// requires.
fn served(a: HttpAnswer) -> Value {
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("*"),
        "{:?}",
        a.headers
    );
    ok(a)
}

/// The candidates' ids of one result.
fn ids(result: &Value) -> Vec<&str> {
    result["result"]
        .as_array()
        .unwrap_or_else(|| panic!("no result list: {result}"))
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect()
}

/// Checks one candidate list against the API's result schema and order.
fn check_result(key: &str, result: &Value) {
    let list = result["result"].as_array().unwrap();
    let mut last = f64::MAX;
    for c in list {
        for field in ["id", "name", "description"] {
            assert!(c[field].is_string(), "{key}: {field} in {c}");
        }
        assert!(c["match"].is_boolean(), "{key}: {c}");
        let score = c["score"].as_f64().unwrap();
        assert!(
            (0.0..=100.0).contains(&score) && score <= last,
            "{key}: scores {list:?}"
        );
        last = score;
        let types = c["type"].as_array().unwrap();
        assert_eq!(types.len(), 1, "{c}");
        assert!(["PERSON", "PLACE", "ORG"].contains(&types[0]["id"].as_str().unwrap()));
        assert!(types[0]["name"].is_string(), "{c}");
    }
    assert!(
        list.iter().skip(1).all(|c| c["match"] == false),
        "{key}: {list:?}"
    );
}

#[test]
fn the_manifest_names_services_that_answer() {
    let s = service();
    let addr = &s.server.addr;
    let base = format!("{}/", s.server.url());
    let m = served(http_get(addr, "/reconcile"));
    assert!(
        m["versions"].as_array().unwrap().contains(&json!("0.2")),
        "{m}"
    );
    assert!(m["name"].as_str().is_some_and(|n| !n.is_empty()));
    assert_eq!(m["identifierSpace"], format!("{base}api/entities/"));
    assert!(m["schemaSpace"].as_str().unwrap().starts_with(&base), "{m}");
    let types: Vec<&str> = m["defaultTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            assert!(t["name"].as_str().is_some_and(|n| !n.is_empty()), "{t}");
            t["id"].as_str().unwrap()
        })
        .collect();
    assert_eq!(types, ["PERSON", "PLACE", "ORG"]);
    assert_eq!(m["batchSize"], 100);
    // Each template, filled with an id, answers on this server.
    let path = |url: &str| {
        url.strip_prefix(base.trim_end_matches('/'))
            .unwrap()
            .to_string()
    };
    let id = "shusha";
    let entity = ok(http_get(
        addr,
        &path(&format!("{}{id}", m["identifierSpace"].as_str().unwrap())),
    ));
    assert_eq!(entity["entity"]["id"], id);
    let view = m["view"]["url"].as_str().unwrap().replace("{{id}}", id);
    assert_eq!(view, format!("{base}#/entity/{id}"));
    assert_eq!(http_get(addr, &path(&view)).status, 200, "the UI's page");
    let preview = &m["preview"];
    assert!(preview["width"].as_u64().unwrap() > 0 && preview["height"].as_u64().unwrap() > 0);
    let page = http_get(
        addr,
        &path(&preview["url"].as_str().unwrap().replace("{{id}}", id)),
    );
    assert_eq!(page.status, 200);
    assert_eq!(page.header("access-control-allow-origin"), Some("*"));
    assert!(
        page.text().contains("<strong>Shusha</strong>"),
        "{}",
        page.text()
    );
    let suggest = &m["suggest"]["entity"];
    let url = format!(
        "{}{}?prefix=Shu",
        suggest["service_url"].as_str().unwrap(),
        suggest["service_path"].as_str().unwrap()
    );
    let found = served(http_get(addr, &path(&url)));
    assert!(ids(&found).contains(&id), "{found}");
    // JSONP, as older OpenRefine fetches it (jQuery adds `_`).
    let a = http_get(
        addr,
        "/reconcile?callback=jQuery3410_1700000000&_=1700000000",
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(
        a.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    let js = a.text();
    let inner = js
        .strip_prefix("/**/jQuery3410_1700000000(")
        .and_then(|j| j.strip_suffix(");"))
        .unwrap_or_else(|| panic!("{js}"));
    assert_eq!(serde_json::from_str::<Value>(inner).unwrap(), m);
    // A name that is not a plain JavaScript name is never written out.
    for cb in ["alert(1)//", "a;b", "<script>"] {
        let a = http_get(addr, &format!("/reconcile?callback={}", enc(cb)));
        assert_eq!(a.status, 400, "{cb}: {}", a.text());
        assert!(
            a.header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
    }
    // The base comes from the Host header, which must be a host.
    let a = http_request(addr, "GET", "/reconcile", &[("Host", "x\"><script>")], b"");
    assert_eq!(a.status, 400, "{}", a.text());
    assert!(
        json_of(&a)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Host header")
    );
}

#[test]
fn names_in_any_script_or_inflection_find_their_entity() {
    let s = service();
    let addr = &s.server.addr;
    // One query by GET.
    let one = json!({"q0": {"query": "Shusha"}});
    let v = served(http_get(
        addr,
        &format!("/reconcile?queries={}", enc(&one.to_string())),
    ));
    let top = &v["q0"]["result"][0];
    assert_eq!(top["id"], "shusha", "{v}");
    assert_eq!(top["name"], "Shusha");
    assert_eq!(top["score"], 100);
    assert_eq!(top["match"], true);
    assert_eq!(top["type"], json!([{"id": "PLACE", "name": "Place"}]));
    assert!(
        top["description"].as_str().unwrap().contains("mention"),
        "{top}"
    );
    // A batch by POST: Cyrillic, Latin, Azerbaijani Latin, inflected forms.
    let mut names = vec![
        ("cyrillic", "Шуша", "shusha"),
        ("latin", "Shusha", "shusha"),
        ("azerbaijani", "Şuşa", "shusha"),
        ("inflected", "Шушы", "shusha"),
        ("belarusian", "Гянджа", "ganja"),
        ("apostrophe", "John O'Hara", "john-ohara"),
        ("id", "john-ohara", "john-ohara"),
    ];
    if s.seeds {
        names.extend([
            ("az-ablative", "Bakıdan", "baku"),
            ("accusative", "Шушу", "shusha"),
        ]);
    }
    let mut batch = serde_json::Map::new();
    for (key, name, _) in &names {
        batch.insert(key.to_string(), json!({"query": name}));
    }
    batch.insert("nonsense".into(), json!({"query": "Qwxzjkvv"}));
    if s.seeds {
        batch.insert("namesakes".into(), json!({"query": "Hajinski"}));
    }
    let v = served(post_batch(addr, &Value::Object(batch.clone())));
    assert_eq!(v.as_object().unwrap().len(), batch.len(), "{v}");
    for (key, result) in v.as_object().unwrap() {
        check_result(key, result);
    }
    for (key, name, id) in &names {
        let top = &v[*key]["result"][0];
        assert_eq!(top["id"], *id, "{name}: {v}");
        assert!(top["score"].as_u64().unwrap() >= 80, "{name}: {top}");
    }
    // Exact, transliterated and attested forms match by themselves.
    for key in [
        "cyrillic",
        "latin",
        "azerbaijani",
        "inflected",
        "apostrophe",
        "id",
    ] {
        assert_eq!(v[key]["result"][0]["match"], true, "{key}: {}", v[key]);
    }
    assert!(ids(&v["nonsense"]).is_empty(), "{v}");
    if s.seeds {
        // A surname: every namesake, none matched automatically.
        let list = v["namesakes"]["result"].as_array().unwrap();
        assert!(list.len() >= 3, "{list:?}");
        assert!(
            list.iter()
                .all(|c| c["match"] == false && c["type"][0]["id"] == "PERSON"),
            "{list:?}"
        );
        assert!(
            ids(&v["namesakes"]).contains(&"jamo-bey-hajinski"),
            "{list:?}"
        );
    }
    // The candidates are the entities the rest of the API finds by name.
    for (key, name, _) in names.iter().chain([&("namesakes", "Hajinski", "")]) {
        let Some(result) = v.get(*key) else { continue };
        let listed = ok(http_get(
            addr,
            &format!("/api/entities?q={}&limit=100", enc(name)),
        ));
        let mut want: Vec<&str> = listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        let mut got = ids(result);
        want.sort();
        got.sort();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn types_strictness_and_limits_narrow_the_candidates() {
    let s = service();
    let addr = &s.server.addr;
    let v = ok(post_batch(
        addr,
        &json!({
            "person": {"query": "Ganja", "type": "PERSON"},
            "place": {"query": "Ganja", "type": "PLACE"},
            "either": {"query": "Ganja", "type": ["PERSON", "PLACE"]},
            "both": {"query": "Ganja", "type": ["PERSON", "PLACE"], "type_strict": "all"},
            "should": {"query": "Ganja", "type": "PERSON", "type_strict": "should",
                       "properties": [{"pid": "country", "v": "Azerbaijan"}]},
            "all": {"query": "Armenia"},
            "one": {"query": "Armenia", "limit": 1},
        }),
    ));
    assert!(ids(&v["person"]).is_empty(), "{v}");
    assert_eq!(ids(&v["place"]), ["ganja"]);
    assert_eq!(ids(&v["either"]), ["ganja"]);
    assert!(ids(&v["both"]).is_empty(), "{v}");
    // `should` (what OpenRefine sends) keeps other types at half score,
    // never matched; the unknown property changes nothing.
    let kept = &v["should"]["result"][0];
    assert_eq!(kept["id"], "ganja");
    assert_eq!(kept["score"], 50);
    assert_eq!(kept["match"], false);
    assert!(ids(&v["all"]).len() >= 2, "{v}");
    assert_eq!(ids(&v["one"]), ids(&v["all"])[..1]);
}

#[test]
fn suggestions_complete_a_prefix_in_any_script() {
    let s = service();
    let addr = &s.server.addr;
    for prefix in ["Shu", "Шу", "shusha", "Şuş"] {
        let v = ok(http_get(
            addr,
            &format!("/reconcile/suggest?prefix={}", enc(prefix)),
        ));
        let list = v["result"].as_array().unwrap();
        assert!(list.len() <= 10);
        let hit = list
            .iter()
            .find(|c| c["id"] == "shusha")
            .unwrap_or_else(|| panic!("{prefix}: {v}"));
        assert_eq!(hit["name"], "Shusha");
        assert_eq!(hit["notable"], json!([{"id": "PLACE", "name": "Place"}]));
    }
    let v = ok(http_get(addr, "/reconcile/suggest?prefix=Shu&type=PERSON"));
    assert!(
        v["result"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["notable"][0]["id"] == "PERSON"),
        "{v}"
    );
    let all = ok(http_get(addr, "/reconcile/suggest?prefix=Ba"));
    let next = ok(http_get(addr, "/reconcile/suggest?prefix=Ba&cursor=1"));
    assert_eq!(all["result"][1], next["result"][0]);
    // The parameters OpenRefine's widget adds are accepted, and JSONP.
    let a = http_get(
        addr,
        "/reconcile/suggest?prefix=Ba&spell=always&exact=false&prefixed=true&callback=cb",
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(a.text().starts_with("/**/cb({\"result\":"), "{}", a.text());
}

#[test]
fn previews_are_escaped_pages_that_openrefine_may_frame() {
    let s = service();
    let addr = &s.server.addr;
    let v = ok(post_batch(addr, &json!({"q": {"query": "John O'Hara"}})));
    let id = v["q"]["result"][0]["id"].as_str().unwrap().to_string();
    let a = http_get(addr, &format!("/reconcile/preview?id={}", enc(&id)));
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.header("content-type"), Some("text/html; charset=utf-8"));
    let page = a.text();
    assert!(
        page.contains("<strong>John O&#39;Hara</strong> · Person"),
        "{page}"
    );
    assert!(
        !page.contains("O'Hara"),
        "an apostrophe left unescaped: {page}"
    );
    assert!(
        page.contains(&format!("href=\"{}/#/entity/{id}\"", s.server.url())),
        "{page}"
    );
    assert!(!page.contains("<script") && !page.contains(" on"), "{page}");
    // The server's headers, but framing allowed.
    let csp = a.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(csp.ends_with("frame-ancestors *"), "{csp}");
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(a.header("x-frame-options"), None);
    // Every other answer still refuses framing.
    for path in ["/reconcile", "/reconcile/preview?id=no-such-entity", "/"] {
        let a = http_get(addr, path);
        assert_eq!(a.header("x-frame-options"), Some("DENY"), "{path}");
        assert!(
            a.header("content-security-policy")
                .unwrap()
                .ends_with("frame-ancestors 'none'")
        );
    }
    // A place shows its coordinates and every name form under its language.
    let page = http_get(addr, "/reconcile/preview?id=shusha").text();
    assert!(page.contains("39.7601, 46.7499"), "{page}");
    let entity = ok(http_get(addr, "/api/entities/shusha"));
    let aliases = entity["aliases"].as_array().unwrap();
    assert!(aliases.len() >= 2, "{entity}");
    for a in aliases {
        let (lang, text) = (a["lang"].as_str().unwrap(), a["text"].as_str().unwrap());
        let line = page
            .lines()
            .find(|l| l.starts_with(&format!("<dt>{lang}</dt><dd>")))
            .unwrap_or_else(|| panic!("no {lang} forms in {page}"));
        assert!(line.contains(text), "{text} not in {line}");
    }
}

/// The error's message, after checking the status and the JSON shape.
fn error(a: HttpAnswer, status: u16) -> String {
    assert_eq!(a.status, status, "{}", a.text());
    let v = json_of(&a);
    assert_eq!(v["error"]["status"], status);
    v["error"]["message"].as_str().unwrap().to_string()
}

#[test]
fn malformed_queries_other_methods_and_large_bodies_get_json_errors() {
    let s = service();
    let addr = &s.server.addr;
    let form = |raw: &str| {
        http_request(
            addr,
            "POST",
            "/reconcile",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            format!("queries={}", enc(raw)).as_bytes(),
        )
    };
    for (raw, says) in [
        ("{\"q0\": {\"query\": ", "queries is not JSON"),
        ("[\"Shusha\"]", "must be a JSON object"),
        ("{\"q0\": \"Shusha\"}", "query \"q0\": must be an object"),
        (
            "{\"q0\": {\"query\": \"Shusha\", \"lang\": \"en\"}}",
            "unknown field \"lang\"",
        ),
        (
            "{\"q0\": {\"query\": \"Shusha\", \"type\": \"Q515\"}}",
            "type \"Q515\" is unknown",
        ),
        (
            "{\"q0\": {\"query\": \"Shusha\", \"limit\": -1}}",
            "limit must be",
        ),
        ("{\"q0\": {\"type\": \"PLACE\"}}", "needs a query"),
    ] {
        let a = form(raw);
        assert_eq!(a.header("access-control-allow-origin"), Some("*"));
        let m = error(a, 400);
        assert!(m.contains(says), "{raw}: {m}");
    }
    let many: serde_json::Map<String, Value> = (0..101)
        .map(|i| (format!("q{i}"), json!({"query": "Baku"})))
        .collect();
    let m = error(post_batch(addr, &Value::Object(many)), 413);
    assert!(m.contains("at most 100 queries"), "{m}");
    let m = error(
        http_request(
            addr,
            "POST",
            "/reconcile",
            &[("Content-Type", "application/json")],
            b"{}",
        ),
        415,
    );
    assert!(m.contains("application/x-www-form-urlencoded"), "{m}");
    // A form over the limit is refused before it is read.
    let big = vec![b'a'; (1 << 20) + 1];
    let m = error(
        http_request(
            addr,
            "POST",
            "/reconcile",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            &big,
        ),
        413,
    );
    assert!(m.contains("limited to 1048576 bytes"), "{m}");
    // The rest of the API stays GET only.
    for (method, path) in [
        ("POST", "/api/search?q=Baku"),
        ("POST", "/reconcile/preview?id=shusha"),
        ("POST", "/reconcile/suggest?prefix=Ba"),
        ("PUT", "/reconcile"),
        ("DELETE", "/api/entities/shusha"),
    ] {
        let m = error(http_request(addr, method, path, &[], b""), 405);
        assert!(m.contains("is not allowed"), "{method} {path}: {m}");
    }
    let m = error(http_get(addr, "/reconcile/preview?id=%3Cscript%3E"), 404);
    assert!(m.contains("no entity"), "{m}");
    // The other routes keep their small limit.
    let m = error(
        http_request(addr, "GET", "/api/stats", &[], &[b'x'; 100_000]),
        413,
    );
    assert!(m.contains("limited to 16384 bytes"), "{m}");
}
