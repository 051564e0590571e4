//! The acceptance checks on the five seed documents in ../shared.

mod common;

use common::*;

#[test]
fn seeds_ingest_once_then_unchanged_and_languages_score() {
    let Some(shared) = shared() else { return };
    let seeds = shared.join("corpus/seeds");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let seeds_s = seeds.to_str().unwrap();

    let (code, first) = run_json(&store, &["ingest", seeds_s]);
    assert_eq!(code, 0, "{first}");
    assert_eq!(first["new"], 5, "{first}");
    assert_eq!(first["failed"], 0);
    let docs_before = run(&store, &["docs", "--json"]).stdout;
    let paras_before = run(&store, &["export", "paragraphs"]).stdout;

    let (code, second) = run_json(&store, &["ingest", seeds_s]);
    assert_eq!(code, 0);
    assert_eq!(second["unchanged"], 5, "{second}");
    assert_eq!(second["new"], 0);
    assert_eq!(second["changed"], 0);
    assert_eq!(run(&store, &["docs", "--json"]).stdout, docs_before);
    assert_eq!(run(&store, &["export", "paragraphs"]).stdout, paras_before);

    // Paragraph languages, scored by the shared scorer.
    let out = dir.path().join("paragraphs.jsonl");
    let o = run(
        &store,
        &["export", "paragraphs", "-o", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let score = std::process::Command::new("python3")
        .arg(shared.join("scripts/score.py"))
        .arg("lang")
        .arg(&out)
        .output()
        .expect("python3 runs the scorer");
    let line = stdout(&score);
    let acc: f64 = line
        .split("accuracy=")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("unexpected scorer output: {line}"));
    eprintln!("{line}");
    assert!(acc >= 0.98, "{line}");

    let (code, v) = run_json(&store, &["verify"]);
    assert_eq!(code, 0, "{v}");
}

fn show(store: &std::path::Path, name: &str) -> serde_json::Value {
    let (code, v) = run_json(store, &["show", name]);
    assert_eq!(code, 0, "{v}");
    v
}

#[test]
fn footnote_markers_become_anchors_and_reference_lists_references() {
    let Some(Seeds {
        shared: _,
        seeds: _,
        dir: _dir,
        store,
        summary: _,
    }) = ingest_seeds()
    else {
        return;
    };

    // English: about 340 numbered references, no [n] left in narrative.
    let en = show(&store, "001_8af1442366d4ad4d.txt");
    let refs = en["references"].as_array().unwrap();
    assert!(
        (330..=350).contains(&refs.len()),
        "{} references",
        refs.len()
    );
    let labels: Vec<&str> = refs.iter().filter_map(|r| r["label"].as_str()).collect();
    assert!(labels.contains(&"129"));
    let r129 = refs.iter().find(|r| r["label"] == "129").unwrap();
    assert!(!r129["text"].as_str().unwrap().contains('^'), "{r129}");
    let mut anchors = 0;
    for p in en["paragraphs"].as_array().unwrap() {
        if p["kind"] == "reference" {
            continue;
        }
        anchors += p["anchors"].as_array().unwrap().len();
        for s in p["sentences"].as_array().unwrap() {
            let t = s["text"].as_str().unwrap();
            assert!(!has_bracket_number(t), "marker left in: {t}");
        }
    }
    assert!(anchors > 300, "{anchors} anchors");

    // Belarusian: ` 28 .` style markers are gone from sentences, kept as anchors.
    let be = show(&store, "000_75bd8806913df653.txt");
    let mut labels = Vec::new();
    for p in be["paragraphs"].as_array().unwrap() {
        for a in p["anchors"].as_array().unwrap() {
            labels.push(a["label"].as_str().unwrap().to_string());
        }
        for s in p["sentences"].as_array().unwrap() {
            let t = s["text"].as_str().unwrap();
            assert!(
                !t.contains(" 4 .") && !t.contains("  "),
                "marker left in: {t}"
            );
        }
    }
    assert!(labels.iter().any(|l| l == "28"), "{labels:?}");
    assert!(labels.len() > 60, "{} anchors", labels.len());

    // The journal page's bibliography is references, not narrative.
    let j = show(&store, "003_28ec2efe6dafe1ca.txt");
    assert!(
        j["references"].as_array().unwrap().len() >= 50,
        "{}",
        j["references"]
    );
}

fn has_bracket_number(t: &str) -> bool {
    let b = t.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'[' && {
            let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            n > 0 && b.get(i + 1 + n) == Some(&b']')
        }
    })
}

/// Runs `score_timex.py --json` on a system output and returns its report.
fn score_times(shared: &std::path::Path, system: &std::path::Path) -> serde_json::Value {
    let o = std::process::Command::new("python3")
        .arg(shared.join("scripts/score_timex.py"))
        .arg(shared.join("gold/timex.jsonl"))
        .arg(system)
        .arg("--json")
        .output()
        .expect("python3 runs the scorer");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("scorer output is not JSON ({e}): {}", stdout(&o)));
    v["report"].clone()
}

fn check_time_scores(report: &serde_json::Value) {
    let f = |k: &str, m: &str| report[k][m].as_f64().unwrap_or(0.0);
    eprintln!("{report}");
    assert!(f("all", "extract_f1") >= 0.95, "{report}");
    assert!(f("all", "value_f1") >= 0.90, "{report}");
    for lang in ["be", "az", "en", "vi"] {
        assert!(f(lang, "value_f1") >= 0.85, "{lang}: {report}");
    }
}

#[test]
fn seed_times_score_from_the_store_and_without_it() {
    let Some(Seeds {
        shared,
        seeds,
        dir,
        store,
        summary: sum,
    }) = ingest_seeds()
    else {
        return;
    };
    assert!(sum["times"].as_u64().unwrap_or(0) > 200, "{sum}");

    let out = dir.path().join("times.jsonl");
    let o = run(&store, &["export", "times", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    check_time_scores(&score_times(&shared, &out));

    // `chronicle times` gives the same records without a store.
    let direct = chronicle()
        .args(["times", "--json"])
        .arg(&seeds)
        .output()
        .unwrap();
    assert!(direct.status.success(), "{}", stderr(&direct));
    let mut a: Vec<String> = stdout(&direct).lines().map(String::from).collect();
    let mut b: Vec<String> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

/// Real coordinates (latitude, longitude) of the gold places that are
/// settlements; `None` marks regions, which must be marked as such.
const GOLD_PLACES: &[(&str, Option<(f64, f64)>)] = &[
    ("shusha", Some((39.758, 46.750))),
    ("baku", Some((40.409, 49.867))),
    ("nakhchivan", Some((39.209, 45.412))),
    ("ganja", Some((40.683, 46.361))),
    ("zangezur", None),
    ("tbilisi", Some((41.716, 44.783))),
    ("lankaran", Some((38.754, 48.851))),
    ("yalama", Some((41.767, 48.633))),
    ("bileceri", Some((40.433, 49.800))),
    ("khudat", Some((41.630, 48.683))),
    ("khachmaz", Some((41.464, 48.806))),
    ("stepanakert", Some((39.816, 46.752))),
];

#[test]
fn seed_entities_score_keep_namesakes_apart_and_places_have_coordinates() {
    let Some(Seeds {
        shared,
        seeds,
        dir,
        store,
        summary: sum,
    }) = ingest_seeds()
    else {
        return;
    };
    assert!(
        sum["entities"]["total"].as_u64().unwrap_or(0) > 100,
        "{sum}"
    );

    let out = dir.path().join("mentions.jsonl");
    let report = score_export(&shared, &store, dir.path(), "mentions", "entities");
    let line = first_line(&report);
    let field = |name: &str| field(line, name);
    let found: u32 = field("found").split('/').next().unwrap().parse().unwrap();
    let f1: f64 = field("F1").parse().unwrap();
    assert!(found >= 85, "{line}");
    assert!(f1 >= 0.90, "{line}");
    // Namesakes (three Sultanovs, two Hajinskis) are never linked together.
    assert!(!report.contains("wrongly linked"), "{report}");

    // Every gold place's entity has coordinates near the real place, and
    // regions are marked as regions.
    let mentions: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let entities: Vec<serde_json::Value> = stdout(&run(&store, &["entities", "--json"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let gold = std::fs::read_to_string(shared.join("gold/entities.jsonl")).unwrap();
    for g in gold
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
    {
        let Some((_, real)) = GOLD_PLACES.iter().find(|(id, _)| g["entity"] == *id) else {
            continue;
        };
        let doc = g["doc"].as_str().unwrap();
        let bytes = std::fs::read(seeds.join(doc)).unwrap();
        let window = g["window"].as_str().unwrap().as_bytes();
        let text = g["text"].as_str().unwrap().as_bytes();
        let w = bytes
            .windows(window.len())
            .position(|x| x == window)
            .unwrap();
        let a = w + window.windows(text.len()).position(|x| x == text).unwrap();
        let b = a + text.len();
        let hit = mentions
            .iter()
            .find(|m| {
                m["doc"] == doc
                    && m["start"].as_u64().unwrap() < b as u64
                    && m["end"].as_u64().unwrap() > a as u64
            })
            .unwrap_or_else(|| panic!("no mention for {g}"));
        let e = entities
            .iter()
            .find(|e| e["id"] == hit["entity"])
            .unwrap_or_else(|| panic!("no entity {}", hit["entity"]));
        match real {
            Some(point) => {
                let got = (e["lat"].as_f64().unwrap(), e["lon"].as_f64().unwrap());
                assert!(
                    chronicle_gazetteer::distance_km(got, *point) <= 25.0,
                    "{} at {got:?}, {} km away",
                    g["entity"],
                    chronicle_gazetteer::distance_km(got, *point)
                );
            }
            None => assert_eq!(e["place_kind"], "region", "{e}"),
        }
    }

    // Re-ingesting changes nothing: no mention is relinked, ids stay.
    let (code, again) = run_json(&store, &["ingest", seeds.to_str().unwrap()]);
    assert_eq!(code, 0, "{again}");
    assert_eq!(again["entities"]["mentions_relinked"], 0, "{again}");
    let o = run(&store, &["export", "mentions"]);
    assert_eq!(stdout(&o), std::fs::read_to_string(&out).unwrap());

    // One entity across scripts and inflections; namesakes listed together.
    let o = run(&store, &["entity", "Шуша", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(v["id"], "shusha", "{v}");
    let aliases: Vec<&str> = v["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    for form in ["Шушы", "Shusha", "Shushi"] {
        assert!(aliases.contains(&form), "{aliases:?}");
    }
    let all = stdout(&run(&store, &["entity", "Sultanov", "--json"]));
    let ids: Vec<String> = all
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(ids.len() >= 3, "{ids:?}");
}

/// Runs `score.py TASK` on an export and returns its first line.
/// Exports `kind` and scores it with `score.py TASK --misses`; returns the
/// whole report (the summary line first).
fn score_export(
    shared: &std::path::Path,
    store: &std::path::Path,
    dir: &std::path::Path,
    kind: &str,
    task: &str,
) -> String {
    let out = dir.join(format!("{kind}.jsonl"));
    let o = run(store, &["export", kind, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let score = std::process::Command::new("python3")
        .arg(shared.join("scripts/score.py"))
        .arg(task)
        .arg(&out)
        .arg("--misses")
        .output()
        .expect("python3 runs the scorer");
    let report = stdout(&score);
    eprintln!("{report}");
    report
}

fn first_line(report: &str) -> &str {
    report.lines().next().unwrap_or("")
}

fn field(line: &str, name: &str) -> String {
    line.split(&format!("{name}="))
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("unexpected scorer output: {line}"))
        .trim_end_matches(')')
        .to_string()
}

#[test]
fn seed_events_conflicts_and_citations_score_and_the_timeline_reads() {
    let Some(Seeds {
        shared,
        seeds,
        dir,
        store,
        summary: sum,
    }) = ingest_seeds()
    else {
        return;
    };
    assert!(
        sum["events"]["aligned"].as_u64().unwrap_or(0) >= 10,
        "{sum}"
    );

    let events = score_export(&shared, &store, dir.path(), "events", "events");
    let events = first_line(&events);
    assert!(
        field(events, "F1").parse::<f64>().unwrap() >= 0.80,
        "{events}"
    );
    let citations = score_export(&shared, &store, dir.path(), "citations", "citations");
    let citations = first_line(&citations);
    assert!(
        field(citations, "F1").parse::<f64>().unwrap() >= 0.90,
        "{citations}"
    );
    let conflicts = score_export(&shared, &store, dir.path(), "conflicts", "conflicts");
    let conflicts = first_line(&conflicts);
    assert_eq!(field(conflicts, "found"), "4/4", "{conflicts}");
    let total: u32 = conflicts
        .split("reports ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(total <= 10, "{conflicts}");

    // The three reported times of Bileceri, each with who reported it.
    let text = stdout(&run(&store, &["conflicts"]));
    for (value, source) in [
        ("1920-04-27T23:00", "Druganov"),
        ("1920-04-28T02:00", "Musabeyov"),
        ("1920-04-28T03:30", "Izvestiya"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.contains(value) && l.contains(source)),
            "no claim {value} by {source} in:\n{text}"
        );
    }
    let json = stdout(&run(&store, &["conflicts", "--json"]));
    for l in json.lines() {
        let c: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(c["claims"].as_array().unwrap().len() >= 2, "{l}");
    }

    // The timeline of 27-28 April 1920.
    let timeline = stdout(&run(
        &store,
        &["timeline", "--from", "1920-04-27", "--to", "1920-04-28"],
    ));
    for needle in ["Samur", "Yalama", "ultimatum", "vote", "Bileceri", "Baku"] {
        assert!(
            timeline.contains(needle),
            "timeline lacks {needle}:\n{timeline}"
        );
    }
    // Every line is inside the range or straddles it.
    for l in timeline.lines().filter(|l| !l.starts_with(' ')) {
        let span = l.split_whitespace().next().unwrap();
        let (a, b) = span.split_once('/').unwrap_or((span, span));
        assert!(a <= "1920-04-28" && b >= "1920-04-27", "{l}");
    }

    // A cited work in two scripts and a short form elsewhere.
    let sources = stdout(&run(&store, &["sources", "Кадишев"]));
    assert!(sources.contains("kadishev-1960"), "{sources}");
    assert!(sources.contains("001_8af1442366d4ad4d.txt"), "{sources}");
    assert!(sources.contains("003_28ec2efe6dafe1ca.txt"), "{sources}");

    // Re-ingesting the same corpus changes no event, conflict or work.
    let before = stdout(&run(&store, &["export", "events"]));
    let (code, again) = run_json(&store, &["ingest", seeds.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(again["events"]["changed"], false, "{again}");
    assert_eq!(stdout(&run(&store, &["export", "events"])), before);
    let (code, v) = run_json(&store, &["verify"]);
    assert_eq!(code, 0, "{v}");
}
