//! The user's corrections: a corrections CSV applied to the seeds changes
//! the scorers' results as expected, survives re-ingesting (unchanged and
//! changed documents), reports stale lines, and clearing it restores the
//! analysis. Bad files are refused whole, with their line.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// `score.py TASK FILE` (or `score_timex.py`) on an export of `store`;
/// returns the scorer's output.
fn score(shared: &Path, store: &Path, task: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let kind = match task {
        "entities" => "mentions",
        "timex" => "times",
        other => other,
    };
    let file = dir.path().join("out.jsonl");
    let o = run(store, &["export", kind, "-o", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let scripts = shared.join("scripts");
    let o = if task == "timex" {
        Command::new("python3")
            .arg(scripts.join("score_timex.py"))
            .arg(shared.join("gold/timex.jsonl"))
            .arg(&file)
            .output()
            .unwrap()
    } else {
        Command::new("python3")
            .arg(scripts.join("score.py"))
            .arg(task)
            .arg(&file)
            .output()
            .unwrap()
    };
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// The scorer line of one language (`vi`) or of all (`all`).
fn timex_line(out: &str, lang: &str) -> String {
    out.lines()
        .find(|l| l.starts_with(&format!("{lang} ")))
        .unwrap_or_else(|| panic!("no {lang} line in {out}"))
        .to_string()
}

/// The entity with this id, from `chronicle entity ID --json` (which
/// prints one JSON line per matching entity); `None` when there is none.
fn entity(store: &Path, id: &str) -> Option<serde_json::Value> {
    let o = run(store, &["entity", id, "--json"]);
    stdout(&o)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|e| e["id"] == id)
}

fn verify(store: &Path) {
    let o = run(store, &["verify"]);
    assert!(o.status.success(), "verify: {}{}", stdout(&o), stderr(&o));
}

const CORRECTIONS: &str = "\
action,doc,start,end,text,entity,value,note
# The republic's full name names Nakhchivan in the gold annotations.
merge,,,,,nakhchivan-autonomous-republic,nakhchivan,one place
date,003_28ec2efe6dafe1ca.txt,235,267,from April 1920 to February 1921,,1920-04/1921-03,test: a changed date
reject,001_8af1442366d4ad4d.txt,95168,95178,Nakhichevan,,,stale: the text there differs
";

#[test]
fn corrections_change_the_scores_and_survive_reingest() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    // A copy of the seeds, so that one can be changed later.
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir(shared.join("corpus/seeds")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    let store = dir.path().join("store");
    let (code, _) = run_json(&store, &["ingest", corpus.to_str().unwrap()]);
    assert_eq!(code, 0);

    let before = score(&shared, &store, "entities");
    assert!(before.contains("found=90/90"), "{before}");
    assert!(before.contains("R=0.954"), "{before}");
    let times_before = score(&shared, &store, "timex");
    assert!(
        timex_line(&times_before, "all").contains("value F1=1.000"),
        "{times_before}"
    );

    let file = dir.path().join("corrections.csv");
    std::fs::write(&file, CORRECTIONS).unwrap();
    let (code, summary) = run_json(&store, &["import", "corrections", file.to_str().unwrap()]);
    // One stale line: exit 1, and it is named with its reason.
    assert_eq!(code, 1, "{summary}");
    assert_eq!(summary["changed"], true);
    assert_eq!(summary["corrections"]["total"], 3, "{summary}");
    assert_eq!(summary["corrections"]["applied"], 2, "{summary}");
    let problem = &summary["corrections"]["problems"][0];
    assert_eq!(problem["line"], 5, "{summary}");
    assert!(
        problem["problem"]
            .as_str()
            .unwrap()
            .contains("reads \"Nakhchivan\""),
        "{summary}"
    );
    verify(&store);

    let check = |when: &str| {
        let after = score(&shared, &store, "entities");
        // The merge links every gold Nakhchivan mention: recall and F1
        // 1.0.
        assert!(after.contains("found=90/90"), "{when}: {after}");
        assert!(after.contains("R=1.000 F1=1.000"), "{when}: {after}");
        let times = score(&shared, &store, "timex");
        // One of the 56 English values (in the journal page) now differs
        // from the gold: 55/56.
        assert!(
            timex_line(&times, "en").contains("value F1=0.982"),
            "{when}: {times}"
        );
        assert!(
            timex_line(&times, "all").contains("value F1=0.995"),
            "{when}: {times}"
        );
        assert!(
            entity(&store, "nakhchivan-autonomous-republic").is_none(),
            "{when}: the merged entity is gone"
        );
    };
    check("after import");

    // Re-ingesting the same files changes nothing and keeps the corrections.
    let (code, s) = run_json(&store, &["ingest", corpus.to_str().unwrap()]);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["unchanged"], 5, "{s}");
    assert_eq!(s["corrections"]["applied"], 2, "{s}");
    check("after an unchanged re-ingest");

    // A changed document is analysed again from scratch (new rows, the
    // tagger's values); its corrections are applied again.
    for name in ["003_28ec2efe6dafe1ca.txt", "001_8af1442366d4ad4d.txt"] {
        let p = corpus.join(name);
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str("\n\nAppended by the corrections test.\n");
        std::fs::write(&p, text).unwrap();
    }
    let (code, s) = run_json(&store, &["ingest", corpus.to_str().unwrap()]);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["changed"], 2, "{s}");
    check("after re-ingesting changed documents");
    verify(&store);

    // The stored corrections list with their status, and come back as the
    // same file.
    let (code, listed) = run_json(&store, &["corrections"]);
    assert_eq!(code, 1);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[0]["action"], "merge");
    assert_eq!(listed[0]["applied"], true);
    assert_eq!(listed[2]["applied"], false);
    let o = run(&store, &["corrections", "--csv"]);
    let back = stdout(&o);
    let body: Vec<&str> = CORRECTIONS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect();
    assert_eq!(back.lines().collect::<Vec<_>>(), body);

    // A new file replaces the stored one: rejecting a gold mention loses it
    // (89 of 90 found), and the lines no longer in the file are undone.
    std::fs::write(
        &file,
        "action,doc,start,end,text\nreject,001_8af1442366d4ad4d.txt,16692,16702,Nakhchivan\n",
    )
    .unwrap();
    let (code, s) = run_json(&store, &["import", "corrections", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{s}");
    let rejected = score(&shared, &store, "entities");
    assert!(rejected.contains("found=89/90"), "{rejected}");
    assert!(timex_line(&score(&shared, &store, "timex"), "all").contains("value F1=1.000"));

    // Clearing them (a file with only the header) restores the analysis.
    std::fs::write(&file, "action,doc,start,end,text,entity,value,note\n").unwrap();
    let (code, s) = run_json(&store, &["import", "corrections", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["corrections"]["total"], 0);
    let restored = score(&shared, &store, "entities");
    assert!(restored.contains("found=90/90"), "{restored}");
    assert!(restored.contains("R=0.954"), "{restored}");
    assert!(timex_line(&score(&shared, &store, "timex"), "all").contains("value F1=1.000"));
    verify(&store);
}

#[test]
fn a_split_makes_a_new_entity_and_moves_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (code, _) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
    assert!(code <= 1);
    // The most mentioned entity and one document it is mentioned in.
    let o = run(&store, &["entities", "--json"]);
    let first = stdout(&o).lines().next().unwrap().to_string();
    let top: serde_json::Value = serde_json::from_str(&first).unwrap();
    let id = top["id"].as_str().unwrap().to_string();
    let shown = entity(&store, &id).unwrap();
    let doc = shown["mentions"][0]["doc"].as_str().unwrap().to_string();
    let in_doc = shown["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["doc"] == doc.as_str())
        .count();
    let total = shown["mentions"].as_array().unwrap().len();
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        format!("action,doc,entity,value\nsplit,{doc},{id},{id}-of-{in_doc}\n"),
    )
    .unwrap();
    let (code, s) = run_json(&store, &["import", "corrections", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{s}");
    let new_id = format!("{id}-of-{in_doc}");
    let split = entity(&store, &new_id).expect("the new entity");
    assert_eq!(split["id"], new_id.as_str(), "{split}");
    assert_eq!(split["mentions"].as_array().unwrap().len(), in_doc);
    if total > in_doc {
        let rest = entity(&store, &id).unwrap();
        assert_eq!(rest["mentions"].as_array().unwrap().len(), total - in_doc);
    }
    verify(&store);
}

#[test]
fn bad_corrections_files_are_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (code, _) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
    assert!(code <= 1);
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        "action,doc,start,value\nreject,a.txt,1,\ndate,a.txt,5,next Tuesday\n",
    )
    .unwrap();
    let o = run(&store, &["import", "corrections", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("not an EDTF value"), "{err}");
    // Nothing was stored.
    let (_, listed) = run_json(&store, &["corrections"]);
    assert_eq!(listed.as_array().unwrap().len(), 0);
    // Without a store there is nothing to correct.
    let o = run(
        &dir.path().join("nowhere"),
        &["import", "corrections", file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("no store at"), "{}", stderr(&o));
}
