//! `chronicle search` and `chronicle reindex` on the seed corpus: cross-script
//! queries against the gold mentions, filters, facets, paging, errors.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::Value;

/// A gold mention: document, source byte span, text, language of the hit.
#[derive(Debug, Clone)]
struct Gold {
    doc: String,
    start: usize,
    end: usize,
    text: String,
}

fn gold_mentions(shared: &Path, entities: &[&str]) -> Vec<Gold> {
    let gold = std::fs::read_to_string(shared.join("gold/entities.jsonl")).unwrap();
    let mut out = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap();
        if !entities.contains(&v["entity"].as_str().unwrap()) {
            continue;
        }
        let doc = v["doc"].as_str().unwrap();
        let source = std::fs::read_to_string(shared.join("corpus/seeds").join(doc)).unwrap();
        let window = v["window"].as_str().unwrap();
        let text = v["text"].as_str().unwrap();
        let at = source.find(window).expect("window in document");
        let start = at + window.find(text).expect("text in window");
        out.push(Gold {
            doc: doc.to_string(),
            start,
            end: start + text.len(),
            text: text.to_string(),
        });
    }
    assert!(!out.is_empty(), "no gold mentions of {entities:?}");
    out
}

/// Every hit of a search (all pages).
fn all_hits(store: &Path, args: &[&str]) -> (Vec<Value>, Value) {
    let mut hits = Vec::new();
    let mut first = Value::Null;
    let mut offset = 0;
    loop {
        let off = offset.to_string();
        let mut a = vec!["search", "--limit", "100", "--offset", &off];
        a.extend_from_slice(args);
        let (code, v) = run_json(store, &a);
        assert_eq!(code, 0, "{args:?}: {v}");
        let page = v["hits"].as_array().unwrap().clone();
        let total = v["total"].as_u64().unwrap() as usize;
        if first.is_null() {
            first = v;
        }
        offset += page.len();
        hits.extend(page);
        if page_done(offset, total) {
            break;
        }
    }
    (hits, first)
}

fn page_done(offset: usize, total: usize) -> bool {
    offset >= total || offset >= 10_000
}

/// Gold mentions no hit highlights.
fn missed(hits: &[Value], gold: &[Gold]) -> Vec<String> {
    gold.iter()
        .filter(|g| {
            !hits.iter().any(|h| {
                h["doc"] == g.doc.as_str()
                    && h["highlights"].as_array().unwrap().iter().any(|x| {
                        let (s, e) = (
                            x["source_start"].as_u64().unwrap() as usize,
                            x["source_end"].as_u64().unwrap() as usize,
                        );
                        s < g.end && g.start < e
                    })
            })
        })
        .map(|g| format!("{} {}@{}", g.doc, g.text, g.start))
        .collect()
}

#[test]
fn cross_script_queries_find_every_gold_mention_and_expansion_can_be_turned_off() {
    let Some(s) = ingest_seeds() else { return };
    let cases: &[(&[&str], &[&str])] = &[
        (&["Shusha", "Шуша", "Şuşa"], &["shusha"]),
        (&["Nakhchivan", "Нахічэвань", "Naxçıvan"], &["nakhchivan"]),
        (&["Ganja", "Гянджа", "Gəncə"], &["ganja"]),
        (
            &["Hajinski", "Hacınski"],
            &["mammad_hasan_hajinski", "jamo_bey_hajinski"],
        ),
        (&["Bileceri", "Biləcəri", "Bilajari"], &["bileceri"]),
    ];
    for (queries, entities) in cases {
        let gold = gold_mentions(&s.shared, entities);
        for q in *queries {
            let (hits, first) = all_hits(&s.store, &[q, "--no-facets"]);
            let miss = missed(&hits, &gold);
            assert!(
                miss.is_empty(),
                "{q}: {} of {} gold mentions not found: {miss:?}\nexpansion: {}",
                miss.len(),
                gold.len(),
                first["expansion"]
            );
        }
    }
    // The expansion is reported; without it, a Latin query stays Latin.
    let (code, v) = run_json(&s.store, &["search", "Shusha", "--limit", "100"]);
    assert_eq!(code, 0);
    let e = &v["expansion"][0];
    assert!(
        e["roman"].as_array().unwrap().iter().any(|r| r == "shush"),
        "{e}"
    );
    assert!(
        e["entities"].as_array().unwrap().iter().any(|x| x["forms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "Шушы")),
        "{e}"
    );
    let langs = |v: &Value| -> BTreeSet<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["lang"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(langs(&v).contains("be"), "{:?}", langs(&v));
    let (code, plain) = run_json(
        &s.store,
        &["search", "Shusha", "--no-expand", "--limit", "100"],
    );
    assert_eq!(code, 0);
    assert!(!langs(&plain).contains("be"), "{:?}", langs(&plain));
    assert!(
        plain["expansion"][0]["entities"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(plain["total"].as_u64() < v["total"].as_u64());
    // Folding is not expansion: Baki finds Bakı even without it.
    let (_, baki) = run_json(&s.store, &["search", "Baki", "--no-expand", "--lang", "az"]);
    assert!(baki["total"].as_u64().unwrap() > 0, "{baki}");
    assert!(
        baki["hits"][0]["text"].as_str().unwrap().contains("Bakı"),
        "{baki}"
    );
}

fn hits_of(v: &Value) -> &Vec<Value> {
    v["hits"].as_array().unwrap()
}

fn facet<'a>(v: &'a Value, name: &str) -> &'a Vec<Value> {
    v["facets"][name].as_array().unwrap()
}

fn facet_count(v: &Value, name: &str, value: &str) -> u64 {
    facet(v, name)
        .iter()
        .find(|f| f["value"] == value)
        .map(|f| f["count"].as_u64().unwrap())
        .unwrap_or(0)
}

#[test]
fn filters_facets_paging_and_units() {
    let Some(s) = ingest_seeds() else { return };
    let store = &s.store;
    let (code, all) = run_json(store, &["search", "Ganja"]);
    assert_eq!(code, 0, "{all}");
    let total = all["total"].as_u64().unwrap();
    // Each unit has one language and one document: their facets add up.
    let sum = |name: &str| -> u64 {
        facet(&all, name)
            .iter()
            .map(|f| f["count"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(sum("lang"), total);
    assert_eq!(sum("doc"), total);
    // A language filter gives exactly its facet count.
    let (_, be) = run_json(
        store,
        &["search", "Ganja", "--lang", "be", "--limit", "100"],
    );
    assert_eq!(
        be["total"].as_u64().unwrap(),
        facet_count(&all, "lang", "be")
    );
    assert!(hits_of(&be).iter().all(|h| h["lang"] == "be"));
    // Two languages: their sum.
    let (_, two) = run_json(store, &["search", "Ganja", "--lang", "be,az"]);
    assert_eq!(
        two["total"].as_u64().unwrap(),
        facet_count(&all, "lang", "be") + facet_count(&all, "lang", "az")
    );
    // Document filter by name and by store id.
    let doc = facet(&all, "doc")[0]["value"].as_str().unwrap().to_string();
    let (_, d) = run_json(store, &["search", "Ganja", "--doc", &doc, "--limit", "100"]);
    assert_eq!(d["total"].as_u64().unwrap(), facet_count(&all, "doc", &doc));
    assert!(hits_of(&d).iter().all(|h| h["doc"] == doc.as_str()));
    let id = hits_of(&d)[0]["doc_id"].as_u64().unwrap().to_string();
    let (_, by_id) = run_json(store, &["search", "Ganja", "--doc", &id]);
    assert_eq!(by_id["total"], d["total"]);
    // Entity filter without words: browse an entity's sentences.
    let ganja = facet(&all, "place")[0]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, ent) = run_json(store, &["search", "--entity", &ganja, "--limit", "100"]);
    assert_eq!(code, 0, "{ent}");
    assert!(ent["total"].as_u64().unwrap() >= facet_count(&all, "entity", &ganja));
    assert!(hits_of(&ent).iter().all(|h| {
        h["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| *e == ganja.as_str())
    }));
    let (_, place) = run_json(store, &["search", "Ganja", "--place", &ganja]);
    assert_eq!(
        place["total"].as_u64().unwrap(),
        facet_count(&all, "place", &ganja)
    );
    // Event type and event dates.
    let (_, captures) = run_json(store, &["search", "--type", "capture", "--limit", "100"]);
    assert!(captures["total"].as_u64().unwrap() > 0);
    assert!(hits_of(&captures).iter().all(|h| {
        h["types"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "capture")
    }));
    let (_, bil) = run_json(store, &["search", "Bileceri", "--limit", "100"]);
    let (_, day) = run_json(
        store,
        &[
            "search",
            "Bileceri",
            "--from",
            "1920-04-28",
            "--to",
            "1920-04-28",
            "--limit",
            "100",
        ],
    );
    let n_day = day["total"].as_u64().unwrap();
    assert!(n_day > 0 && n_day < bil["total"].as_u64().unwrap(), "{day}");
    for h in hits_of(&day) {
        let times: Vec<&str> = h["times"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(
            times
                .iter()
                .any(|t| t.starts_with("1920-04-28") || *t == "1920-04" || *t == "1920"),
            "{times:?} does not overlap 1920-04-28"
        );
    }
    let (_, before) = run_json(store, &["search", "Bileceri", "--to", "1919"]);
    assert_eq!(before["total"], 0, "{before}");
    // Paging: two pages of five are the first ten.
    let (_, ten) = run_json(store, &["search", "Ganja", "--limit", "10"]);
    let (_, p2) = run_json(store, &["search", "Ganja", "--limit", "5", "--offset", "5"]);
    assert_eq!(hits_of(&ten)[5..], hits_of(&p2)[..]);
    // Paragraphs instead of sentences.
    let (_, paras) = run_json(
        store,
        &["search", "Ganja", "--unit", "paragraph", "--limit", "100"],
    );
    assert!(paras["total"].as_u64().unwrap() > 0);
    assert!(
        hits_of(&paras)
            .iter()
            .all(|h| h["unit"] == "paragraph" && h["sentence"].is_null())
    );
    // Highlights are byte spans of the text and of the source.
    let hit = &hits_of(&ten)[0];
    let text = hit["text"].as_str().unwrap();
    let source = std::fs::read_to_string(s.seeds.join(hit["doc"].as_str().unwrap())).unwrap();
    for x in hit["highlights"].as_array().unwrap() {
        let g = |k: &str| x[k].as_u64().unwrap() as usize;
        assert_eq!(
            &text[g("start")..g("end")],
            &source[g("source_start")..g("source_end")]
        );
    }
}

#[test]
fn bad_queries_and_parameters_are_usage_errors() {
    let Some(s) = ingest_seeds() else { return };
    for (args, says) in [
        (&["search", "Shusha \"armored"][..], "never closed"),
        (&["search", "OR", "Shusha"][..], "OR at byte 0"),
        (&["search", " -Shusha"][..], "only excludes"),
        (&["search", "Shusha -"][..], "excludes nothing"),
        (
            &["search", "Shusha", "--limit", "0"][..],
            "limit must be between 1 and 100",
        ),
        (
            &["search", "Shusha", "--limit", "500"][..],
            "limit must be between 1 and 100",
        ),
        (&["search", "Shusha", "--from", "19x0"][..], "is not a date"),
        (
            &["search", "Shusha", "--from", "1921", "--to", "1920"][..],
            "is after",
        ),
    ] {
        let o = run(&s.store, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    // No query and no filter.
    let o = run(&s.store, &["search"]);
    assert_eq!(o.status.code(), Some(2));
    // A store with no index says how to build one.
    let empty = s.dir.path().join("nothing");
    let o = run(&empty, &["search", "Shusha"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("chronicle reindex"), "{}", stderr(&o));
}

#[test]
fn ingest_keeps_the_index_current_and_reindex_rebuilds_it_alike() {
    let Some(s) = ingest_seeds() else { return };
    let index = &s.summary["index"];
    assert_eq!(index["added"], 5, "{index}");
    assert_eq!(index["changed"], true);
    let (_, before) = run_json(&s.store, &["search", "Гянджа", "--limit", "20"]);
    // Ingesting the same files again leaves the index alone.
    let (code, again) = run_json(&s.store, &["ingest", s.seeds.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(again["index"]["changed"], false, "{}", again["index"]);
    assert_eq!(again["index"]["unchanged"], 5);
    // A rebuild gives the same answers.
    let (code, re) = run_json(&s.store, &["reindex"]);
    assert_eq!(code, 0, "{re}");
    assert_eq!(re["updated"], 5, "{re}");
    assert!(re["units"].as_u64().unwrap() > 2000);
    let (_, after) = run_json(&s.store, &["search", "Гянджа", "--limit", "20"]);
    assert_eq!(before["total"], after["total"]);
    assert_eq!(before["hits"], after["hits"]);
    // Removing the index and rebuilding it from the store also works.
    std::fs::remove_dir_all(s.store.join("index")).unwrap();
    let o = run(&s.store, &["search", "Гянджа"]);
    assert_eq!(o.status.code(), Some(3));
    let (code, _) = run_json(&s.store, &["reindex"]);
    assert_eq!(code, 0);
    let (_, rebuilt) = run_json(&s.store, &["search", "Гянджа", "--limit", "20"]);
    assert_eq!(before["hits"], rebuilt["hits"]);
    // People get text.
    let o = run(&s.store, &["search", "Гянджа", "--limit", "3"]);
    let out = stdout(&o);
    assert!(out.contains("results for \"Гянджа\""), "{out}");
    assert!(out.contains("[Гянджы]") || out.contains("[Ganja]"), "{out}");
}
