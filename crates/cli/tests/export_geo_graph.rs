//! The GeoJSON (Linked Places), TimelineJS and GEXF exports on the seed
//! corpus (without `../shared`, on the repository's samples, skipping the
//! seed facts), each read back by a real parser of its format:
//! `crates/cli/tests/interop/check_geojson.py` (the `geojson` package plus
//! the Linked Places rules), `check_gexf.py` (NetworkX and ElementTree),
//! and `web/e2e/timelinejs.mjs` (TimelineJS itself in headless Chromium).
//! A missing validator is a skip with a note, or a failure under
//! `CHRONICLE_INTEROP=require`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// A store holding the seeds, or the samples when `../shared` is absent.
struct Corpus {
    dir: tempfile::TempDir,
    store: PathBuf,
    seeds: bool,
    summary: Value,
}

fn corpus() -> Corpus {
    if let Some(s) = ingest_seeds() {
        return Corpus {
            dir: s.dir,
            store: s.store,
            seeds: true,
            summary: s.summary,
        };
    }
    ingest(&[samples()])
}

fn ingest(paths: &[PathBuf]) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut args = vec!["ingest"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let (code, summary) = run_json(&store, &args);
    assert_eq!(code, 0, "{summary}");
    Corpus {
        dir,
        store,
        seeds: false,
        summary,
    }
}

/// `chronicle export FORMAT -o FILE EXTRA…`; the file and the count the
/// command reports.
fn export(c: &Corpus, format: &str, file: &str, extra: &[&str]) -> (PathBuf, u64) {
    let path = c.dir.path().join(file);
    let mut args = vec!["export", format, "-o", path.to_str().unwrap()];
    args.extend(extra);
    let o = run(&c.store, &args);
    assert!(o.status.success(), "export {format}: {}", stderr(&o));
    let err = stderr(&o);
    let n = err
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {err:?}"));
    (path, n)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every JSON value printed by `chronicle ARGS --json` (JSON lines).
fn json_lines(store: &Path, args: &[&str]) -> Vec<Value> {
    let mut a = args.to_vec();
    a.push("--json");
    let o = run(store, &a);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::Deserializer::from_slice(&o.stdout)
        .into_iter::<Value>()
        .map(Result::unwrap)
        .collect()
}

fn entities(store: &Path) -> Vec<Value> {
    json_lines(store, &["entities"])
}

/// The dated events, as `chronicle timeline --all` lists them.
fn dated_events(store: &Path) -> Vec<Value> {
    json_lines(store, &["timeline", "--all"])
}

/// `chronicle entity ID`: the entity with exactly this id.
fn entity(store: &Path, id: &str) -> Value {
    json_lines(store, &["entity", id])
        .into_iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

/// The sentences (document, sentence start) an entity is mentioned in.
fn sentences(store: &Path, id: &str) -> BTreeSet<(String, u64)> {
    entity(store, id)["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["doc"].as_str().unwrap().to_string(),
                m["sentence_start"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn python_check(script: &str, args: &[&str], modules: &[&str]) -> Option<Value> {
    let python = interop_python(modules)?;
    let out = run_python_check(&python, script, args);
    Some(serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{script}: {e}: {out}")))
}

/// Chromium for the TimelineJS check, under the same skip/require rule
/// as the other validators.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.is_file() {
        return Some(path);
    }
    let what = format!("Chromium is not at {} (set CHROMIUM)", path.display());
    if std::env::var("CHRONICLE_INTEROP").is_ok_and(|v| v == "require") {
        panic!("CHRONICLE_INTEROP=require, but {what}");
    }
    eprintln!("note: skipped: {what}");
    None
}

fn features_by_title(fc: &Value) -> BTreeMap<String, &Value> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["properties"]["title"].as_str().unwrap().to_string(), f))
        .collect()
}

#[test]
fn geojson_is_linked_places_with_every_place() {
    let c = corpus();
    let (path, n) = export(&c, "geojson", "places.geojson", &[]);
    let fc = read_json(&path);
    let places: Vec<Value> = entities(&c.store)
        .into_iter()
        .filter(|e| e["type"] == "PLACE")
        .collect();
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), places.len(), "one feature per place entity");
    assert_eq!(n, places.len() as u64);
    // Each feature is its entity: IRI, name, and coordinates exactly where
    // the gazetteer has them.
    let by_iri: BTreeMap<&str, &Value> = features
        .iter()
        .map(|f| (f["@id"].as_str().unwrap(), f))
        .collect();
    for e in &places {
        let id = e["id"].as_str().unwrap();
        let iri = format!("http://127.0.0.1:8080/api/entities/{id}");
        let f = by_iri
            .get(iri.as_str())
            .unwrap_or_else(|| panic!("no feature {iri}"));
        assert_eq!(f["properties"]["title"], e["name"]);
        match (e["lat"].as_f64(), e["lon"].as_f64()) {
            (Some(lat), Some(lon)) => {
                assert_eq!(f["geometry"]["type"], "Point", "{id}");
                assert_eq!(f["geometry"]["coordinates"], serde_json::json!([lon, lat]));
            }
            _ => assert!(f["geometry"].is_null(), "{id}: {}", f["geometry"]),
        }
        if let Some(g) = e["place"]
            .as_str()
            .and_then(|p| p.strip_prefix("geonames:"))
        {
            assert_eq!(f["links"][0]["type"], "closeMatch");
            assert_eq!(
                f["links"][0]["identifier"],
                format!("https://sws.geonames.org/{g}/").as_str()
            );
        }
    }
    let counts = python_check("check_geojson.py", &[path.to_str().unwrap()], &["geojson"]);
    if let Some(counts) = &counts {
        assert_eq!(counts["features"], features.len());
        assert!(counts["points"].as_u64().unwrap() > 0, "{counts}");
        assert!(counts["citations"].as_u64().unwrap() >= counts["features"].as_u64().unwrap());
    }
    eprintln!("geojson: {counts:?}");

    if !c.seeds {
        return;
    }
    let by_title = features_by_title(&fc);
    // Real positions: Shusha 39.76 N 46.75 E, Baku 40.41 N 49.87 E, Ganja
    // 40.68 N 46.36 E.
    for (title, lat, lon) in [
        ("Shusha", 39.76, 46.75),
        ("Baku", 40.41, 49.87),
        ("Ganja", 40.68, 46.36),
    ] {
        let f = by_title
            .get(title)
            .unwrap_or_else(|| panic!("no feature {title}"));
        let xy = f["geometry"]["coordinates"].as_array().unwrap();
        let (x, y) = (xy[0].as_f64().unwrap(), xy[1].as_f64().unwrap());
        assert!(
            (x - lon).abs() < 0.1 && (y - lat).abs() < 0.1,
            "{title} at {x}, {y}"
        );
        assert_eq!(f["geometry"]["certainty"], "certain");
        assert_eq!(f["types"][0]["sourceLabels"][0]["label"], "settlement");
        let names: Vec<&str> = f["names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["toponym"].as_str().unwrap())
            .collect();
        let cyrillic = |s: &&str| s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
        assert!(names.iter().any(cyrillic), "{title}: {names:?}");
        assert!(names.iter().any(|s| s.is_ascii()), "{title}: {names:?}");
        assert!(
            f["when"]["timespans"][0]["start"]["in"].is_string(),
            "{title}"
        );
    }
    let shusha = by_title["Shusha"];
    assert_eq!(
        shusha["links"][0]["identifier"],
        "https://sws.geonames.org/147105/"
    );
    let names = shusha["names"].as_array().unwrap();
    let cited = names
        .iter()
        .find(|n| n["toponym"] == "Шушы")
        .expect("the Belarusian form of Shusha");
    assert_eq!(cited["lang"], "be");
    assert_eq!(
        cited["citations"][0]["@id"],
        "http://127.0.0.1:8080/api/documents/000_75bd8806913df653.txt"
    );
    // A region's point is representative, a country's is its capital.
    assert_eq!(
        by_title["Karabakh"]["geometry"]["certainty"],
        "less-certain"
    );
    assert_eq!(
        by_title["Azerbaijan"]["properties"]["location"],
        "the point of the country's capital"
    );
}

/// The EDTF prefix a TimelineJS date states (`1920-04` for year and month).
fn date_prefix(d: &Value) -> String {
    let y = d["year"].as_i64().unwrap();
    let mut s = if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    };
    for part in ["month", "day"] {
        if let Some(v) = d[part].as_i64() {
            s.push_str(&format!("-{v:02}"));
        }
    }
    s
}

#[test]
fn timelinejs_has_a_slide_per_dated_event_with_every_telling() {
    let c = corpus();
    let (path, n) = export(&c, "timelinejs", "timeline.json", &[]);
    let tl = read_json(&path);
    let slides = tl["events"].as_array().unwrap();
    let dated = dated_events(&c.store);
    assert_eq!(slides.len(), dated.len(), "one slide per dated event");
    assert_eq!(n, dated.len() as u64);
    assert!(tl["title"]["text"]["headline"].is_string());
    let by_id: BTreeMap<&str, &Value> = slides
        .iter()
        .map(|s| (s["unique_id"].as_str().unwrap(), s))
        .collect();
    for e in &dated {
        let id = e["id"].as_str().unwrap();
        let s = by_id.get(id).unwrap_or_else(|| panic!("no slide {id}"));
        // The dates: fields at a precision TimelineJS reads, within the
        // event's first and last day.
        let start = &s["start_date"];
        let end = s.get("end_date").unwrap_or(start);
        for d in [start, end] {
            let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort();
            assert!(
                [
                    vec!["year"],
                    vec!["month", "year"],
                    vec!["day", "month", "year"],
                    vec!["day", "hour", "minute", "month", "year"],
                ]
                .contains(&keys),
                "{id}: {d}"
            );
        }
        assert!(
            e["start"]
                .as_str()
                .unwrap()
                .starts_with(&date_prefix(start)),
            "{id}: {start} vs {}",
            e["start"]
        );
        assert!(
            e["end"].as_str().unwrap().starts_with(&date_prefix(end)),
            "{id}: {end} vs {}",
            e["end"]
        );
        // Every telling, with its document's reader link.
        let text = s["text"]["text"].as_str().unwrap();
        let tellings = e["tellings"].as_array().unwrap();
        assert_eq!(text.matches("<li>").count(), tellings.len(), "{id}");
        for t in tellings {
            let link = format!(
                "#/doc/{}?at={}",
                chronicle_interop::iri::segment(t["doc"].as_str().unwrap()),
                t["start"].as_u64().unwrap()
            );
            assert!(text.contains(&link), "{id}: no {link}");
        }
        assert!(!text.contains("<script"), "{id}");
    }
    if !c.seeds {
        return;
    }
    // The arrival at Bilajari (Bileceri): 27 to 28 April 1920, and the
    // times of day the sources disagree on.
    let s = by_id["1920-04-27-arrive-bilajari"];
    assert_eq!(
        s["start_date"],
        serde_json::json!({"year": 1920, "month": 4, "day": 27})
    );
    assert_eq!(
        s["end_date"],
        serde_json::json!({"year": 1920, "month": 4, "day": 28})
    );
    let text = s["text"]["text"].as_str().unwrap();
    for needle in [
        "= 1920-04-27T23:00",
        "= 1920-04-28T02:00",
        "Disagreement (time)",
        "according to Musabeyov",
        "api/citations/druganov-1978",
        "lang=\"az\"",
    ] {
        assert!(text.contains(needle), "no {needle:?} in {text}");
    }
    // Month-only and clock-time slides both occur.
    assert!(slides.iter().any(|s| s["start_date"].get("day").is_none()
        && s["start_date"].get("month").is_some()));
    assert!(slides.iter().any(|s| s["start_date"].get("hour").is_some()
        || s.get("end_date").is_some_and(|e| e.get("hour").is_some())));
}

/// A dated document that quotes markup, beside the web UI's hostile
/// fixtures, so that the markup reaches slides.
const DATED_HOSTILE: &str = "The <script>window.__xss=4</script> chronicle & its <b>dates</b>\n\n\
On 3 May 1921 the garrison of <script>window.__xss=1</script> Quba surrendered to the rebels.\n\n\
According to <img src=x onerror=\"window.__xss=2\"> Izvestiya, the rebels captured Quba on 4 May 1921.\n\n\
The telegram <a href=\"javascript:window.__xss=3\">Baku</a> & \"Ganja\" arrived in Baku on 6 May 1921.\n";

/// The web UI's hostile fixtures and [`DATED_HOSTILE`] in a fresh store.
fn hostile() -> Corpus {
    let docs = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web");
    for f in ["hostile.txt", "hostile.html"] {
        std::fs::copy(fixtures.join(f), docs.path().join(f)).unwrap();
    }
    std::fs::write(docs.path().join("dated-hostile.txt"), DATED_HOSTILE).unwrap();
    ingest(&[docs.path().to_path_buf()])
}

#[test]
fn hostile_documents_give_valid_geojson_and_gexf() {
    let h = hostile();
    let (geojson, n) = export(&h, "geojson", "hostile.geojson", &[]);
    assert!(n > 0);
    let counts = python_check(
        "check_geojson.py",
        &[geojson.to_str().unwrap()],
        &["geojson"],
    );
    eprintln!("hostile geojson: {counts:?}");
    let (gexf, n) = export(&h, "gexf", "hostile.gexf", &[]);
    let xml = std::fs::read_to_string(&gexf).unwrap();
    assert!(n > 0 && !xml.contains("<script") && !xml.contains("<img"));
    if let Some(counts) = python_check("check_gexf.py", &[gexf.to_str().unwrap()], &["networkx"]) {
        assert_eq!(
            counts["events"], 3,
            "the dated hostile document's events: {counts}"
        );
    }
}

#[test]
fn timelinejs_renders_in_timelinejs_and_runs_no_quoted_script() {
    let Some(dir) = interop_node(&["@knight-lab/timelinejs", "playwright-core"]) else {
        return;
    };
    if chromium().is_none() {
        return;
    }
    let c = corpus();
    let (path, _) = export(&c, "timelinejs", "timeline.json", &[]);
    let tl = read_json(&path);
    let slides = tl["events"].as_array().unwrap();
    let known = if c.seeds {
        slides
            .iter()
            .find(|s| s["unique_id"] == "1920-04-27-arrive-bilajari")
            .expect("the Bilajari slide")
    } else {
        &slides[0]
    };
    let headline = known["text"]["headline"].as_str().unwrap();
    assert!(
        !headline.contains('&'),
        "pick a headline without references: {headline}"
    );
    let out = run_node_check(
        &dir,
        "timelinejs.mjs",
        &[path.to_str().unwrap(), "--headline", headline],
    );
    let seen: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(seen["slides"], slides.len() + 1, "{seen}");
    assert_eq!(seen["xss"], 0);

    // Markup quoted by the documents is shown as text, and none of it runs.
    let h = hostile();
    let (path, n) = export(&h, "timelinejs", "hostile.json", &[]);
    assert!(n >= 3, "the dated hostile document gives slides: {n}");
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(!raw.contains("<script") && !raw.contains("<img"), "{raw}");
    let out = run_node_check(
        &dir,
        "timelinejs.mjs",
        &[
            path.to_str().unwrap(),
            "--text",
            "<script>window.__xss=1</script>",
            "--text",
            "<img src=x onerror=\"window.__xss=2\">",
            "--text",
            "<a href=\"javascript:window.__xss=3\">Baku</a> & \"Ganja\"",
            "--text",
            "The <script>window.__xss=4</script> chronicle & its <b>dates</b>",
        ],
    );
    let seen: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(seen["xss"], 0, "{seen}");
    assert_eq!(seen["slides"], n + 1, "{seen}");
}

#[test]
fn gexf_reads_in_networkx_with_cooccurrence_and_participation() {
    let c = corpus();
    let (path, n) = export(&c, "gexf", "graph.gexf", &[]);
    let ents = entities(&c.store);
    let events = c.summary["events"]["total"].as_u64().unwrap();
    // Two entities that share sentences, found from their mentions: the
    // seeds' Baku and Bilajari, else the most mentioned entity and the
    // first other one it shares a sentence with.
    let (a, b, shared) = if c.seeds {
        let (a, b) = (sentences(&c.store, "baku"), sentences(&c.store, "bilajari"));
        (
            "baku".to_string(),
            "bilajari".to_string(),
            a.intersection(&b).count(),
        )
    } else {
        let first = ents[0]["id"].as_str().unwrap().to_string();
        let mine = sentences(&c.store, &first);
        ents[1..]
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .find_map(|other| {
                let k = mine.intersection(&sentences(&c.store, &other)).count();
                (k > 0).then(|| {
                    let (x, y) = if first < other {
                        (first.clone(), other)
                    } else {
                        (other, first.clone())
                    };
                    (x, y, k)
                })
            })
            .expect("two entities share a sentence")
    };
    assert!(shared > 0);
    let xml = std::fs::read_to_string(&path).unwrap();
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\""
    ));
    // Every entity's label must read back as its name (apostrophes and
    // all, through the XML escapes).
    let names: serde_json::Map<String, Value> = ents
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_string(), e["name"].clone()))
        .collect();
    let names_file = c.dir.path().join("names.json");
    std::fs::write(&names_file, Value::Object(names).to_string()).unwrap();
    let Some(counts) = python_check(
        "check_gexf.py",
        &[
            path.to_str().unwrap(),
            "--edge",
            &a,
            &b,
            "--names",
            names_file.to_str().unwrap(),
        ],
        &["networkx"],
    ) else {
        return;
    };
    eprintln!("gexf: {counts}");
    assert_eq!(counts["entities"], ents.len());
    assert_eq!(counts["events"], events);
    assert_eq!(counts["dated_events"], dated_events(&c.store).len());
    assert_eq!(
        counts["nodes"].as_u64().unwrap() + counts["edges"].as_u64().unwrap(),
        n
    );
    assert!(counts["cooccurrence"].as_u64().unwrap() > 0, "{counts}");
    assert!(counts["place"].as_u64().unwrap() > 0, "{counts}");
    assert_eq!(
        counts["edge"],
        serde_json::json!({"kind": "cooccurrence", "weight": shared as f64}),
        "{a}–{b} share {shared} sentences"
    );
    let with_coordinates = ents.iter().filter(|e| e["lat"].is_number()).count();
    assert_eq!(counts["with_coordinates"], with_coordinates);
    assert_eq!(counts["names_checked"], ents.len());
}

#[test]
fn filtered_exports_are_non_empty_subsets() {
    let c = corpus();
    let filter = ["--from", "1920-04-27", "--to", "1920-04-28"];
    let ids = |v: &Value, list: &str, key: &str| -> BTreeSet<String> {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[key].as_str().unwrap().to_string())
            .collect()
    };
    // TimelineJS: only slides of those days.
    let (all, _) = export(&c, "timelinejs", "all.json", &[]);
    let (some, n) = export(&c, "timelinejs", "some.json", &filter);
    let (all, some) = (read_json(&all), read_json(&some));
    let (all_ids, some_ids) = (
        ids(&all, "events", "unique_id"),
        ids(&some, "events", "unique_id"),
    );
    assert!(n > 0 && some_ids.is_subset(&all_ids) && some_ids.len() < all_ids.len());
    for s in some["events"].as_array().unwrap() {
        let start = date_prefix(&s["start_date"]);
        let end = date_prefix(s.get("end_date").unwrap_or(&s["start_date"]));
        // Each date at its own precision meets the two days.
        assert!(
            start.as_str() <= &"1920-04-28"[..start.len().min(10)],
            "{s}"
        );
        assert!(end.as_str() >= &"1920-04-27"[..end.len().min(10)], "{s}");
    }
    if c.seeds {
        assert!(some_ids.contains("1920-04-27-arrive-bilajari"));
    }
    // GeoJSON: the places those events name.
    let (all_g, _) = export(&c, "geojson", "all.geojson", &[]);
    let (some_g, n) = export(&c, "geojson", "some.geojson", &filter);
    let (all_f, some_f) = (
        ids(&read_json(&all_g), "features", "@id"),
        ids(&read_json(&some_g), "features", "@id"),
    );
    assert!(n > 0 && some_f.is_subset(&all_f) && some_f.len() < all_f.len());
    python_check(
        "check_geojson.py",
        &[some_g.to_str().unwrap()],
        &["geojson"],
    );
    // GEXF: fewer nodes, still a valid graph.
    let (all_x, n_all) = export(&c, "gexf", "all.gexf", &[]);
    let (some_x, n_some) = export(&c, "gexf", "some.gexf", &filter);
    assert!(n_some > 0 && n_some < n_all);
    let node_ids = |p: &Path| -> BTreeSet<String> {
        let xml = std::fs::read_to_string(p).unwrap();
        xml.match_indices("<node id=\"")
            .map(|(i, m)| {
                let rest = &xml[i + m.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    };
    assert!(node_ids(&some_x).is_subset(&node_ids(&all_x)));
    if let Some(counts) = python_check("check_gexf.py", &[some_x.to_str().unwrap()], &["networkx"])
    {
        // The date filter keeps dated events only: the timeline's.
        assert_eq!(counts["events"], some_ids.len());
        assert_eq!(counts["dated_events"], some_ids.len());
    }
}
