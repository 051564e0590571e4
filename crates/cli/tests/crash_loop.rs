//! Crash safety in a loop: `chronicle ingest` and `chronicle reindex` are
//! killed with SIGKILL at random points, again and again; after every kill
//! `chronicle verify` (the store's integrity check and the search index
//! against the store) passes, a re-run of the same command completes, and
//! the store it leaves equals one built without interruption: the same
//! documents, entities, events, disagreements and cited works, and the same
//! search answers.
//!
//! The corpus is 300 small documents this test writes (plain text,
//! Markdown, HTML, JSON lines and gzip, in English and Russian, with names,
//! places, dates, footnotes and reference lists, so that every corpus stage
//! has work), plus `samples/corpus`, plus the seeds when `../shared` is
//! beside the checkout: more than one batch of documents (256), so that
//! kills land between saves too. Ingests run with `--no-lang-id`, which
//! halves the time of a run and writes the same tables.
//!
//! The kill points come from a seeded generator; the seed is printed, and
//! `CHRONICLE_CRASH_SEED=N` replays a run's delays (what a kill interrupts
//! also depends on the machine's speed; each kill prints what the store
//! held after it). Half of the ingest kills fall
//! anywhere in the run, half in its corpus stages (entity resolution,
//! events, the index update), whose length the uninterrupted reference
//! run reports. `CHRONICLE_CRASH_KILLS=INGEST,REINDEX` changes how many
//! (default 12 and 8).

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// SplitMix64: small, seeded, good enough to spread kill points.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A duration uniformly in `lo..hi`.
    fn between(&mut self, lo: Duration, hi: Duration) -> Duration {
        let span = hi.saturating_sub(lo).as_micros().max(1) as u64;
        lo + Duration::from_micros(self.next() % span)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn seed() -> u64 {
    match std::env::var("CHRONICLE_CRASH_SEED") {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("CHRONICLE_CRASH_SEED={s:?} is not a number")),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    }
}

fn kills() -> (usize, usize) {
    match std::env::var("CHRONICLE_CRASH_KILLS") {
        Ok(s) => {
            let (a, b) = s
                .split_once(',')
                .unwrap_or_else(|| panic!("CHRONICLE_CRASH_KILLS={s:?}: give INGEST,REINDEX"));
            (a.trim().parse().unwrap(), b.trim().parse().unwrap())
        }
        Err(_) => (12, 8),
    }
}

const PEOPLE: &[&str] = &[
    "Orhan Talibov",
    "Leyla Mammadli",
    "Viktor Sorokin",
    "Anna Petrova",
    "Elmar Gasimov",
    "Rustam Aliyarov",
    "Nina Kovalenko",
    "Farid Sultanli",
];
const PEOPLE_RU: &[&str] = &[
    "Орхан Талыбов",
    "Лейла Мамедли",
    "Виктор Сорокин",
    "Анна Петрова",
];
const PLACES: &[&str] = &[
    "Baku",
    "Ganja",
    "Shusha",
    "Tiflis",
    "Nakhchivan",
    "Lankaran",
    "Quba",
    "Erivan",
];
const PLACES_RU: &[&str] = &["Баку", "Гяндже", "Шуше", "Тифлисе"];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_RU: &[&str] = &["марта", "апреля", "мая", "июня"];
const ORGS: &[&str] = &[
    "the Railway Committee",
    "the Baku Soviet",
    "the Musavat Party",
    "the Oil Workers Union",
];

/// One English paragraph: a dated event with people, places and numbers,
/// sometimes a footnote marker.
fn paragraph(rng: &mut Rng, footnote: Option<usize>) -> String {
    let (day, month, year) = (1 + rng.below(28), rng.pick(MONTHS), 1917 + rng.below(5));
    let (who, other, place, org) = (
        rng.pick(PEOPLE),
        rng.pick(PEOPLE),
        rng.pick(PLACES),
        rng.pick(ORGS),
    );
    let n = 100 * (1 + rng.below(40));
    let mark = footnote.map(|f| format!("[{f}]")).unwrap_or_default();
    match rng.below(4) {
        0 => format!(
            "On {day} {month} {year} {who} arrived in {place} with {n} soldiers.{mark} Two days later {other} met him at the station of {org}."
        ),
        1 => format!(
            "In {month} {year} {org} captured {place}; according to {who}, about {n} people were killed.{mark} {other} disputed the figure."
        ),
        2 => format!(
            "{who} resigned on {day} {month} {year} after a quarrel with {other} in {place}.{mark} The decision surprised {org}."
        ),
        _ => format!(
            "By the spring of {year} some {n} refugees had reached {place}, wrote {who}.{mark} {other} counted fewer."
        ),
    }
}

fn paragraph_ru(rng: &mut Rng) -> String {
    let (day, month, year) = (1 + rng.below(28), rng.pick(MONTHS_RU), 1918 + rng.below(3));
    let (who, place) = (rng.pick(PEOPLE_RU), rng.pick(PLACES_RU));
    format!(
        "{day} {month} {year} года {who} прибыл в город и выступил в {place} перед {} делегатами.",
        10 * (1 + rng.below(30))
    )
}

fn references(rng: &mut Rng, n: usize) -> Vec<String> {
    (1..=n)
        .map(|i| {
            let author = rng.pick(PEOPLE);
            let surname = author.rsplit(' ').next().unwrap();
            format!(
                "{i}. {surname}, {}. ({}). Notes on the events in {}. {}: Azerneshr.",
                &author[..1],
                1950 + rng.below(40),
                rng.pick(PLACES),
                rng.pick(PLACES)
            )
        })
        .collect()
}

/// Writes `n` small documents in every format the reader takes, from a
/// fixed seed (the corpus is the same on every run; only the kills move).
fn generate(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = Rng(20_240_521);
    let mut jsonl = String::new();
    for i in 0..n {
        let paras: Vec<String> = (0..2 + rng.below(4))
            .map(|p| {
                if i % 5 == 4 && p == 1 {
                    paragraph_ru(&mut rng)
                } else {
                    paragraph(&mut rng, (p % 2 == 1).then_some(p))
                }
            })
            .collect();
        let n_refs = 1 + rng.below(3);
        let refs = references(&mut rng, n_refs);
        let title = format!("Report {i} on {}", rng.pick(PLACES));
        match i % 6 {
            0 | 1 => {
                let text = format!(
                    "{title}\n\n{}\n\nReferences\n\n{}\n",
                    paras.join("\n\n"),
                    refs.join("\n")
                );
                std::fs::write(dir.join(format!("report-{i:03}.txt")), text).unwrap();
            }
            2 => {
                let text = format!(
                    "# {title}\n\n{}\n\n## References\n\n{}\n",
                    paras.join("\n\n"),
                    refs.iter()
                        .map(|r| format!("- {r}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                );
                std::fs::write(dir.join(format!("report-{i:03}.md")), text).unwrap();
            }
            3 => {
                let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
                let list: String = refs.iter().map(|r| format!("<li>{r}</li>")).collect();
                let text = format!(
                    "<!DOCTYPE html>\n<html><head><title>{title}</title></head><body>\n<nav><a href=\"/\">Home</a></nav>\n<h1>{title}</h1>\n{body}<h2>References</h2><ol>{list}</ol>\n</body></html>\n"
                );
                std::fs::write(dir.join(format!("report-{i:03}.html")), text).unwrap();
            }
            4 => {
                let record = serde_json::json!({
                    "id": format!("report-{i:03}"),
                    "title": title,
                    "text": paras.join("\n\n"),
                });
                jsonl.push_str(&record.to_string());
                jsonl.push('\n');
            }
            _ => {
                let text = format!("{title}\n\n{}\n", paras.join("\n\n"));
                let file =
                    std::fs::File::create(dir.join(format!("report-{i:03}.txt.gz"))).unwrap();
                let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
                gz.write_all(text.as_bytes()).unwrap();
                gz.finish().unwrap();
            }
        }
    }
    std::fs::write(dir.join("reports.jsonl"), jsonl).unwrap();
}

/// The inputs: the generated documents, the samples, and the seeds when
/// they are beside the checkout.
fn inputs(dir: &Path) -> Vec<String> {
    let generated = dir.join("generated");
    generate(&generated, 300);
    let mut paths = vec![generated, samples()];
    if let Some(shared) = shared() {
        paths.push(shared.join("corpus/seeds"));
    }
    paths
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect()
}

fn ingest_args(inputs: &[String]) -> Vec<&str> {
    let mut args = vec!["ingest", "--no-lang-id"];
    args.extend(inputs.iter().map(String::as_str));
    args
}

/// Runs `chronicle ARGS --store STORE --json` to the end; fails unless it
/// exits 0.
fn complete(store: &Path, args: &[&str]) -> (Duration, Value) {
    let t = Instant::now();
    let (code, v) = run_json(store, args);
    assert_eq!(code, 0, "{} did not complete: {v}", args[0]);
    (t.elapsed(), v)
}

/// Starts `chronicle ARGS --store STORE -q` and kills it with SIGKILL after
/// `delay` (unless it finished first: then says so).
fn kill_after(store: &Path, args: &[&str], delay: Duration) -> bool {
    let mut child = chronicle()
        .args(args)
        .args(["-q", "--store"])
        .arg(store)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chronicle starts");
    let deadline = Instant::now() + delay;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2).min(deadline - Instant::now()));
    }
    let killed = matches!(child.try_wait(), Ok(None));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    killed
}

/// What a killed run left: documents, entities, events in the store, and
/// documents the index has fingerprints of.
fn left(store: &Path) -> String {
    let db = store.join("chronicle.db");
    let count = |table: &str| -> String {
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| {
                c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })
            })
            .map_or_else(|_| "-".to_string(), |n| n.to_string())
    };
    let indexed = std::fs::read(store.join("index/chronicle-index.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|v| v["documents"].as_object().map(|d| d.len().to_string()))
        .unwrap_or_else(|| "-".to_string());
    format!(
        "documents {}, entities {}, events {}, indexed {indexed}",
        count("documents"),
        count("entities"),
        count("events")
    )
}

/// `chronicle verify` passes; returns its report.
fn verified(store: &Path, after: &str) -> Value {
    let (code, v) = run_json(store, &["verify"]);
    assert_eq!(code, 0, "verify failed {after}: {v}");
    assert!(v["problems"].as_array().unwrap().is_empty(), "{after}: {v}");
    v
}

/// Queries whose answers must not depend on the crashes: names and places
/// in the generated documents, across scripts, and a filter.
const QUERIES: &[&[&str]] = &[
    &["Talibov"],
    &["Shusha", "--lang", "ru"],
    &["Ganja", "soldiers"],
    &["Шуша"],
];

/// What a complete store holds, in a form two stores can be compared by.
#[derive(Debug, PartialEq)]
struct Snapshot {
    documents: Vec<String>,
    counts: BTreeMap<String, i64>,
    entities: Vec<String>,
    events: Vec<String>,
    search: Vec<String>,
}

fn snapshot(store: &Path) -> Snapshot {
    let db = store.join("chronicle.db");
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let strings = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let documents = strings(
        "SELECT name || ' ' || content_hash || ' ' || paragraph_count || ' ' || sentence_count
         FROM documents ORDER BY name, source",
    );
    let mut counts = BTreeMap::new();
    for table in [
        "documents",
        "paragraphs",
        "sentences",
        "timexes",
        "mentions",
        "entities",
        "events",
        "conflicts",
        "works",
    ] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        counts.insert(table.to_string(), n);
    }
    let linked: i64 = conn
        .query_row(
            "SELECT count(*) FROM mentions WHERE entity IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    counts.insert("linked mentions".into(), linked);
    let entities = strings("SELECT id FROM entities ORDER BY id");
    let events = strings("SELECT id FROM events ORDER BY id");
    let mut search = Vec::new();
    for q in QUERIES {
        // Every hit, as a set: scores may differ where one index holds
        // deleted documents the other does not.
        let mut offset = 0;
        let mut hits = Vec::new();
        loop {
            let mut args = vec!["search"];
            args.extend_from_slice(q);
            let off = offset.to_string();
            args.extend(["--limit", "100", "--no-facets", "--offset", &off]);
            let (code, v) = run_json(store, &args);
            assert_eq!(code, 0, "{q:?}: {v}");
            let page = v["hits"].as_array().unwrap();
            for h in page {
                hits.push(format!(
                    "{} {} {}..{}",
                    h["doc"], h["unit"], h["start"], h["end"]
                ));
            }
            offset += 100;
            if page.is_empty() || offset as u64 >= v["total"].as_u64().unwrap() {
                search.push(format!("{q:?}: {} hits", v["total"]));
                break;
            }
        }
        hits.sort();
        search.extend(hits);
    }
    Snapshot {
        documents,
        counts,
        entities,
        events,
        search,
    }
}

fn assert_same(got: &Snapshot, want: &Snapshot, after: &str) {
    if got == want {
        return;
    }
    let diff = |name: &str, a: &[String], b: &[String]| {
        let missing: Vec<&String> = b.iter().filter(|x| !a.contains(x)).take(5).collect();
        let extra: Vec<&String> = a.iter().filter(|x| !b.contains(x)).take(5).collect();
        if missing.is_empty() && extra.is_empty() && a.len() == b.len() {
            String::new()
        } else {
            format!(
                "\n  {name}: {} vs {} expected; missing {missing:?}; extra {extra:?}",
                a.len(),
                b.len()
            )
        }
    };
    panic!(
        "the store {after} differs from one built without interruption:\n  counts {:?}\n  expected {:?}{}{}{}{}",
        got.counts,
        want.counts,
        diff("documents", &got.documents, &want.documents),
        diff("entities", &got.entities, &want.entities),
        diff("events", &got.events, &want.events),
        diff("search", &got.search, &want.search),
    );
}

#[test]
fn ingest_and_reindex_killed_at_random_points_leave_a_store_that_verifies_and_completes() {
    let seed = seed();
    let (ingest_kills, reindex_kills) = kills();
    eprintln!(
        "crash loop: seed {seed} (replay with CHRONICLE_CRASH_SEED={seed}), {ingest_kills} ingest and {reindex_kills} reindex kills"
    );
    let mut rng = Rng(seed);
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let inputs = inputs(dir.path());
    let args = ingest_args(&inputs);

    // The reference: one uninterrupted ingest, timed, with the length of
    // its corpus stages.
    let reference = dir.path().join("reference");
    let (wall, summary) = complete(&reference, &args);
    let stages: f64 = ["entities", "events", "index"]
        .iter()
        .map(|k| summary[k]["seconds"].as_f64().unwrap_or(0.0))
        .sum();
    let stages = Duration::from_secs_f64(stages).min(wall);
    let total_docs = summary["new"].as_u64().unwrap();
    verified(&reference, "after the reference ingest");
    let want = snapshot(&reference);
    assert!(
        want.counts["entities"] > 0 && want.counts["events"] > 0 && want.counts["works"] > 0,
        "the corpus gives every stage work: {:?}",
        want.counts
    );
    eprintln!(
        "reference: {total_docs} documents in {:.2} s, corpus stages {:.2} s; {:?}",
        wall.as_secs_f64(),
        stages.as_secs_f64(),
        want.counts
    );

    for k in 0..ingest_kills {
        let store = dir.path().join(format!("ingest-{k}"));
        // Even kills anywhere in the run, odd ones in its corpus stages.
        let delay = if k % 2 == 0 {
            rng.between(Duration::ZERO, wall)
        } else {
            // (Short of the very end, which a faster run may not reach.)
            rng.between(wall - stages, wall - stages / 10)
        };
        let killed = kill_after(&store, &args, delay);
        let what = format!(
            "ingest kill {}/{ingest_kills} at {:.3} s",
            k + 1,
            delay.as_secs_f64()
        );
        eprintln!(
            "{what}: {}",
            if killed {
                left(&store)
            } else {
                "finished first".to_string()
            }
        );
        if store.join("chronicle.db").exists() {
            verified(&store, &format!("after {what}"));
        }
        // Every third time, the re-run is killed too, early.
        if k % 3 == 2 {
            let again = rng.between(Duration::ZERO, wall / 2);
            if kill_after(&store, &args, again) {
                eprintln!(
                    "  re-run killed at {:.3} s: {}",
                    again.as_secs_f64(),
                    left(&store)
                );
                verified(&store, &format!("after {what} and a killed re-run"));
            }
        }
        let (_, s) = complete(&store, &args);
        let v = verified(&store, &format!("after the re-run that followed {what}"));
        assert_eq!(
            v["index"]["stale"], 0,
            "{what}: the re-run left the index stale: {v}"
        );
        assert_eq!(
            s["new"].as_u64().unwrap() + s["unchanged"].as_u64().unwrap(),
            total_docs,
            "{what}: {s}"
        );
        assert_same(
            &snapshot(&store),
            &want,
            &format!("after {what} and a re-run"),
        );
        std::fs::remove_dir_all(&store).unwrap();
        eprintln!("  ok at {:.1} s", started.elapsed().as_secs_f64());
    }

    // Reindex, killed: on the reference store, whose answers are known.
    let (reindex_wall, _) = complete(&reference, &["reindex"]);
    assert_same(
        &snapshot(&reference),
        &want,
        "after an uninterrupted reindex",
    );
    eprintln!("reindex: {:.2} s", reindex_wall.as_secs_f64());
    for k in 0..reindex_kills {
        let delay = rng.between(Duration::ZERO, reindex_wall);
        let killed = kill_after(&reference, &["reindex"], delay);
        let what = format!(
            "reindex kill {}/{reindex_kills} at {:.3} s",
            k + 1,
            delay.as_secs_f64()
        );
        eprintln!(
            "{what}{} (at {:.1} s)",
            if killed { "" } else { ": finished first" },
            started.elapsed().as_secs_f64()
        );
        verified(&reference, &format!("after {what}"));
        complete(&reference, &["reindex"]);
        let v = verified(
            &reference,
            &format!("after the reindex that followed {what}"),
        );
        assert_eq!(v["index"]["stale"], 0, "{v}");
        assert_same(
            &snapshot(&reference),
            &want,
            &format!("after {what} and a reindex"),
        );
    }
}

/// The window an ingest's index update leaves between tantivy's commit and
/// the fingerprints file: reproduced exactly by putting back the
/// fingerprints of before an ingest that added documents. The next update
/// must not index those documents twice (it did: their units were added
/// again without deleting the committed ones, and `verify` now says so).
#[test]
fn an_index_committed_without_its_fingerprints_is_repaired_not_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(samples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for (i, f) in files.iter().enumerate() {
        let to = if i % 2 == 0 { &first } else { &second };
        std::fs::copy(f, to.join(f.file_name().unwrap())).unwrap();
    }
    let (a, b) = (first.to_str().unwrap(), second.to_str().unwrap());
    let store = dir.path().join("store");
    complete(&store, &["ingest", a]);
    let meta = store.join("index/chronicle-index.json");
    let before = std::fs::read(&meta).unwrap();
    complete(&store, &["ingest", a, b]);
    // As if killed after the commit, before the fingerprints were written.
    std::fs::write(&meta, &before).unwrap();
    verified(&store, "with the old fingerprints");
    complete(&store, &["ingest", a, b]);
    let v = verified(&store, "after the repairing ingest");
    assert_eq!(v["index"]["stale"], 0, "{v}");

    // Entity ids depend on the order documents came in (an entity keeps
    // the id its mentions had), so the clean store is built in the same
    // two steps.
    let clean = dir.path().join("clean");
    complete(&clean, &["ingest", a]);
    complete(&clean, &["ingest", a, b]);
    assert_same(&snapshot(&store), &snapshot(&clean), "after the repair");
}
