//! The linked-data exports: schema.org JSON-LD (`export jsonld`) and W3C
//! Web Annotation (`export web-annotation`), validated by PyLD and rdflib
//! (`tests/interop/check_jsonld.py`, `check_annotation.py`) and checked
//! here against the original files: every byte span of a source sentence
//! and every code-point selector must read the text it claims to.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chronicle_interop::iri::segment;
use common::*;
use serde_json::Value;

const BASE: &str = "http://127.0.0.1:8080/";

/// A store holding the seeds, or `samples/corpus` when ../shared is absent.
struct Corpus {
    dir: tempfile::TempDir,
    store: PathBuf,
    seeds: bool,
}

fn corpus() -> Corpus {
    if let Some(s) = ingest_seeds() {
        return Corpus {
            store: s.store,
            seeds: true,
            dir: s.dir,
        };
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (code, v) = run_json(&store, &["ingest", samples().to_str().unwrap()]);
    assert_eq!(code, 0, "{v}");
    Corpus {
        dir,
        store,
        seeds: false,
    }
}

impl Corpus {
    fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    /// `chronicle export ARGS -o FILE`, parsed as JSON.
    fn export(&self, args: &[&str], file: &str) -> (PathBuf, Value) {
        let path = self.path(file);
        let mut a = vec!["export"];
        a.extend_from_slice(args);
        a.extend(["-o", path.to_str().unwrap()]);
        let o = run(&self.store, &a);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let v = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        (path, v)
    }

    /// The lines of a JSON Lines export (`mentions`, `times`, `events`…).
    fn lines(&self, kind: &str) -> Vec<Value> {
        let o = run(&self.store, &["export", kind]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The source text of every document whose original file is plain
    /// UTF-8 on disk (for others, the stored text is not the file's bytes).
    fn source_texts(&self) -> BTreeMap<String, String> {
        let (code, docs) = run_json(&self.store, &["docs"]);
        assert_eq!(code, 0, "{docs}");
        let docs = docs.as_array().cloned().unwrap_or_default();
        let mut out = BTreeMap::new();
        for d in docs {
            let (name, source) = (d["name"].as_str().unwrap(), d["source"].as_str().unwrap());
            let utf8 = d["encoding"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case("utf-8");
            if !utf8 || d["format"] == "jsonl" || source.ends_with(".gz") {
                continue;
            }
            let Ok(bytes) = std::fs::read(source) else {
                continue;
            };
            if let Ok(text) = String::from_utf8(bytes)
                && !text.starts_with('\u{feff}')
            {
                out.insert(name.to_string(), text);
            }
        }
        assert!(!out.is_empty(), "no document could be read back from disk");
        out
    }
}

fn doc_iri(name: &str) -> String {
    format!("{BASE}api/documents/{}", segment(name))
}

fn strs(v: &Value) -> Vec<&str> {
    match v {
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => vec![s.as_str()],
        _ => vec![],
    }
}

fn has_type(node: &Value, ty: &str) -> bool {
    strs(&node["@type"]).contains(&ty)
}

/// A JSON-LD link as an IRI: a string, or `{"@id": …}`.
fn link(v: &Value) -> Option<&str> {
    v.as_str().or_else(|| v["@id"].as_str())
}

fn links(v: &Value) -> Vec<&str> {
    match v {
        Value::Array(a) => a.iter().filter_map(link).collect(),
        other => link(other).into_iter().collect(),
    }
}

/// Checks that a span of a source text falls on character boundaries.
fn assert_span(source: &str, start: usize, end: usize, what: &str) {
    assert!(
        start < end && end <= source.len(),
        "{what}: span {start}..{end}"
    );
    assert!(
        source.is_char_boundary(start) && source.is_char_boundary(end),
        "{what}: {start}..{end} splits a character"
    );
}

/// Checks that `source[start..end]` is the text of a sentence or reference
/// entry whose cleaned text is `text`: the cleaned text's visible characters
/// appear in order in the slice (cleaning removes footnote markers and debris
/// and joins whitespace). For a sentence the first and last visible
/// characters also agree; an entry's span also covers its list number and
/// back-links. (Not for HTML, whose cleaning also decodes entities.)
fn assert_reads(source: &str, start: usize, end: usize, text: &str, sentence: bool, what: &str) {
    assert_span(source, start, end, what);
    let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<Vec<_>>();
    let (slice, clean) = (visible(&source[start..end]), visible(text));
    assert!(!clean.is_empty(), "{what}: empty text");
    if sentence {
        assert_eq!(slice.first(), clean.first(), "{what}: starts elsewhere");
        assert_eq!(slice.last(), clean.last(), "{what}: ends elsewhere");
    }
    let mut rest = slice.iter();
    assert!(
        clean.iter().all(|c| rest.any(|s| s == c)),
        "{what}: {text:?} is not read from {:?}",
        &source[start..end]
    );
}

/// The validator's figures, or `None` when Python and its packages are
/// missing (the test then checks only what Rust can).
fn validate(script: &str, file: &Path) -> Option<Value> {
    let python = interop_python(&["pyld", "rdflib"])?;
    let out = run_python_check(&python, script, &[file.to_str().unwrap()]);
    eprintln!("{script} {}: {out}", file.display());
    Some(serde_json::from_str(out.trim()).unwrap())
}

#[test]
fn jsonld_expands_offline_and_every_claim_reads_its_source_sentence() {
    let c = corpus();
    let (file, doc) = c.export(&["jsonld"], "export.jsonld");
    let graph = doc["@graph"].as_array().unwrap();
    assert!(doc["@context"].is_object(), "the context must be inline");
    let nodes: HashMap<&str, &Value> = graph
        .iter()
        .map(|n| (n["@id"].as_str().unwrap(), n))
        .collect();
    assert_eq!(nodes.len(), graph.len(), "@ids are unique");

    // One Claim per telling, one per claim of a disagreement.
    let tellings = c.lines("events");
    let conflict_claims = c.lines("conflicts");
    let claims: Vec<&Value> = graph.iter().filter(|n| has_type(n, "Claim")).collect();
    let telling_claims: Vec<&&Value> = claims
        .iter()
        .filter(|n| {
            n["@id"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{BASE}api/events/"))
        })
        .collect();
    assert_eq!(telling_claims.len(), tellings.len());
    assert_eq!(claims.len(), tellings.len() + conflict_claims.len());
    let conflicts: BTreeSet<&str> = conflict_claims
        .iter()
        .map(|l| l["conflict"].as_str().unwrap())
        .collect();
    let disagreements = graph.iter().filter(|n| has_type(n, "Disagreement")).count();
    assert_eq!(disagreements, conflicts.len());

    // Every source sentence (and reference entry) reads its text in the
    // original file.
    let documents: HashMap<&str, &Value> = graph
        .iter()
        .filter(|n| n.get("encodingFormat").is_some())
        .map(|n| (n["@id"].as_str().unwrap(), n))
        .collect();
    let texts = c.source_texts();
    let mut checked = 0;
    for n in graph
        .iter()
        .filter(|n| has_type(n, "SourceSentence") || has_type(n, "ReferenceEntry"))
    {
        let id = n["@id"].as_str().unwrap();
        let document = documents[n["isPartOf"].as_str().unwrap()];
        let name = document["identifier"].as_str().unwrap();
        let (start, end) = (
            n["byteStart"].as_u64().unwrap() as usize,
            n["byteEnd"].as_u64().unwrap() as usize,
        );
        assert!(id.ends_with(&format!("#bytes={start}-{end}")), "{id}");
        let Some(source) = texts.get(name) else {
            continue;
        };
        if document["encodingFormat"] == "text/html" {
            assert_span(source, start, end, id);
        } else {
            let text = n["text"].as_str().unwrap();
            assert_reads(source, start, end, text, has_type(n, "SourceSentence"), id);
        }
        checked += 1;
    }
    assert!(checked > 0);
    for claim in &claims {
        let at = claim["appearance"].as_str().unwrap();
        assert!(has_type(nodes[at], "SourceSentence"), "{at}");
    }
    eprintln!(
        "jsonld: {} nodes, {} claims ({} tellings), {disagreements} disagreements, {checked} spans read back",
        graph.len(),
        claims.len(),
        tellings.len()
    );

    if let Some(fig) = validate("check_jsonld.py", &file) {
        assert_eq!(fig["nodes"], graph.len());
        assert_eq!(fig["compacted_nodes"], graph.len());
        assert_eq!(fig["claims"], claims.len());
        assert_eq!(fig["disagreements"], disagreements);
        assert_eq!(fig["disagreements_one_sided"], 0);
        assert!(fig["triples"].as_u64().unwrap() > graph.len() as u64);
    }

    // Filtered by language: exactly the tellings in that language.
    let (lang_file, be) = c.export(&["jsonld", "--lang", "be"], "be.jsonld");
    let be_graph = be["@graph"].as_array().unwrap();
    let be_claims: Vec<&Value> = be_graph.iter().filter(|n| has_type(n, "Claim")).collect();
    assert!(!be_claims.is_empty());
    assert!(be_claims.iter().all(|n| n["inLanguage"] == "be"));
    let be_tellings: BTreeSet<&str> = be_claims
        .iter()
        .map(|n| n["@id"].as_str().unwrap())
        .filter(|id| id.starts_with(&format!("{BASE}api/events/")))
        .collect();
    assert_eq!(
        be_tellings.len(),
        tellings.iter().filter(|t| t["lang"] == "be").count()
    );
    for id in &be_tellings {
        assert!(nodes.contains_key(id), "{id} is not in the full export");
    }
    for n in be_graph {
        let id = n["@id"].as_str().unwrap();
        assert!(nodes.contains_key(id), "{id} is not in the full export");
    }
    assert!(be_graph.len() < graph.len());
    if let Some(fig) = validate("check_jsonld.py", &lang_file) {
        assert_eq!(fig["claims"], be_claims.len());
    }

    if c.seeds {
        seed_facts(&nodes, &claims);
    }
}

/// What the seeds must give: the Bileceri arrival told with its sources,
/// the disagreement about its time, and Shusha's names.
fn seed_facts(nodes: &HashMap<&str, &Value>, claims: &[&Value]) {
    let name_of = |v: &Value| -> String {
        match link(v).and_then(|id| nodes.get(id)) {
            Some(n) => n["name"].as_str().unwrap_or_default().to_string(),
            None => v["name"].as_str().unwrap_or_default().to_string(),
        }
    };
    let bileceri: Vec<&&Value> = claims
        .iter()
        .filter(|n| n["text"].as_str().unwrap().contains("Bileceri"))
        .filter(|n| n.get("predicate").is_some())
        .collect();
    let druganov = bileceri
        .iter()
        .find(|n| name_of(&n["author"]).contains("Druganov"))
        .expect("a Bileceri claim attributed to Druganov");
    assert_eq!(druganov["attribution"]["sourceNoun"], "memoirs");
    assert_eq!(druganov["timeValue"], "1920-04-27T23:00");
    let cited: Vec<String> = links(&druganov["citation"])
        .iter()
        .filter_map(|id| nodes.get(id))
        .flat_map(|w| {
            w["author"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| a["name"].as_str().unwrap().to_string())
        })
        .collect();
    assert!(cited.iter().any(|a| a.contains("Друганов")), "{cited:?}");
    let authors: BTreeSet<String> = bileceri.iter().map(|n| name_of(&n["author"])).collect();
    assert!(authors.len() >= 3, "{authors:?}");

    // The disagreement about when: every side, none picked.
    let event = druganov["about"].as_str().unwrap();
    let dispute = nodes
        .values()
        .find(|n| has_type(n, "Disagreement") && n["about"] == event && n["slot"] == "time")
        .expect("a disagreement about the time of the Bileceri arrival");
    let sides: Vec<&Value> = links(&dispute["competingClaim"])
        .iter()
        .map(|id| nodes[id])
        .collect();
    let values: BTreeSet<&str> = sides
        .iter()
        .map(|s| s["claimValue"].as_str().unwrap())
        .collect();
    assert!(values.len() >= 3, "{values:?}");
    let side = sides
        .iter()
        .find(|s| name_of(&s["author"]).contains("Druganov"))
        .expect("Druganov's side of the disagreement");
    assert_eq!(side["isBasedOn"], druganov["@id"]);
    assert_eq!(side["appearance"], druganov["appearance"]);

    let shusha = nodes
        .values()
        .find(|n| has_type(n, "Place") && n["name"] == "Shusha")
        .expect("Shusha");
    let names: Vec<(&str, &str)> = shusha["alternateName"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| Some((a["@value"].as_str()?, a["@language"].as_str()?)))
        .collect();
    assert!(names.contains(&("Шушы", "be")), "{names:?}");
    assert!(names.contains(&("Shusha", "en")), "{names:?}");
    assert_eq!(shusha["sameAs"], "https://sws.geonames.org/147105/");
    let lat = shusha["geo"]["latitude"].as_f64().unwrap();
    assert!((lat - 39.76).abs() < 0.01, "{lat}");
}

/// An annotation's target read back: document, code-point range, quote.
struct Target<'a> {
    doc: String,
    start: usize,
    end: usize,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

fn target<'a>(a: &'a Value, docs: &HashMap<String, String>) -> Target<'a> {
    let t = &a["target"];
    let doc = docs[t["source"].as_str().unwrap()].clone();
    let sel = t["selector"].as_array().unwrap();
    let pos = sel
        .iter()
        .find(|s| s["type"] == "TextPositionSelector")
        .unwrap();
    let quote = sel
        .iter()
        .find(|s| s["type"] == "TextQuoteSelector")
        .unwrap();
    Target {
        doc,
        start: pos["start"].as_u64().unwrap() as usize,
        end: pos["end"].as_u64().unwrap() as usize,
        exact: quote["exact"].as_str().unwrap(),
        prefix: quote["prefix"].as_str().unwrap(),
        suffix: quote["suffix"].as_str().unwrap(),
    }
}

fn body<'a>(a: &'a Value, purpose: &str) -> &'a Value {
    a["body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["purpose"] == purpose)
        .unwrap_or_else(|| panic!("{}: no {purpose} body", a["id"]))
}

#[test]
fn web_annotations_select_the_mentions_and_dates_by_code_points() {
    let c = corpus();
    let (file, coll) = c.export(&["web-annotation"], "annotations.json");
    assert_eq!(coll["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(coll["type"], "AnnotationCollection");
    let items = coll["first"]["items"].as_array().unwrap();
    assert_eq!(coll["total"], items.len());

    // Unlinked mentions are not annotated: the count is the linked
    // mentions (`export mentions`) plus the dates (`export times`).
    let mentions = c.lines("mentions");
    let times = c.lines("times");
    assert_eq!(items.len(), mentions.len() + times.len());

    let texts = c.source_texts();
    let (code, docs) = run_json(&c.store, &["docs"]);
    assert_eq!(code, 0);
    let docs: HashMap<String, String> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let name = d["name"].as_str().unwrap();
            (doc_iri(name), name.to_string())
        })
        .collect();

    // Each selector against the original file, and the byte spans the
    // code points come back to against the mention and date exports.
    let chars: BTreeMap<&str, Vec<(usize, char)>> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.char_indices().collect()))
        .collect();
    let mut spans: BTreeSet<(String, usize, usize, String)> = BTreeSet::new();
    let mut expected: BTreeSet<(String, usize, usize, String)> = BTreeSet::new();
    for m in &mentions {
        let doc = m["doc"].as_str().unwrap();
        if chars.contains_key(doc) {
            let entity = format!(
                "{BASE}api/entities/{}",
                segment(m["entity"].as_str().unwrap())
            );
            expected.insert((
                doc.into(),
                as_usize(&m["start"]),
                as_usize(&m["end"]),
                entity,
            ));
        }
    }
    for t in &times {
        let doc = t["doc"].as_str().unwrap();
        if chars.contains_key(doc) {
            let value = t["value"].as_str().unwrap().to_string();
            expected.insert((
                doc.into(),
                as_usize(&t["start"]),
                as_usize(&t["end"]),
                value,
            ));
        }
    }
    for a in items {
        let t = target(a, &docs);
        let Some(cs) = chars.get(t.doc.as_str()) else {
            continue;
        };
        let source = &texts[&t.doc];
        let piece =
            |from: usize, to: usize| -> String { cs[from..to].iter().map(|(_, c)| *c).collect() };
        assert!(t.start < t.end && t.end <= cs.len(), "{}", a["id"]);
        assert_eq!(piece(t.start, t.end), t.exact, "{}", a["id"]);
        assert_eq!(t.prefix.chars().count(), t.start.min(32), "{}", a["id"]);
        assert_eq!(
            t.suffix.chars().count(),
            (cs.len() - t.end).min(32),
            "{}",
            a["id"]
        );
        assert_eq!(piece(t.start - t.prefix.chars().count(), t.start), t.prefix);
        assert_eq!(piece(t.end, t.end + t.suffix.chars().count()), t.suffix);
        let byte = |i: usize| cs.get(i).map_or(source.len(), |(b, _)| *b);
        let what = match a["motivation"][0].as_str().unwrap() {
            "identifying" => body(a, "identifying")["source"]
                .as_str()
                .unwrap()
                .to_string(),
            _ => body(a, "describing")["value"].as_str().unwrap().to_string(),
        };
        spans.insert((t.doc.clone(), byte(t.start), byte(t.end), what));
    }
    assert!(!spans.is_empty());
    assert_eq!(spans, expected);
    eprintln!(
        "web-annotation: {} annotations ({} mentions, {} dates), {} read back from disk",
        items.len(),
        mentions.len(),
        times.len(),
        spans.len()
    );

    if let Some(fig) = validate("check_annotation.py", &file) {
        assert_eq!(fig["annotations"], items.len());
        assert!(fig["triples"].as_u64().unwrap() > items.len() as u64);
    }

    if c.seeds {
        let shusha = items
            .iter()
            .filter(|a| a["motivation"][0] == "identifying")
            .find(|a| {
                body(a, "identifying")["source"] == format!("{BASE}api/entities/shusha")
                    && target(a, &docs).exact == "Шушы"
            })
            .expect("a mention of Shusha as Шушы");
        assert_eq!(body(shusha, "tagging")["value"], "PLACE");
        assert!(
            items
                .iter()
                .filter(|a| a["motivation"][0] == "describing")
                .any(|a| body(a, "describing")["value"] == "1920-04-27")
        );
    }

    // One document: exactly its mentions and dates, the same annotations.
    let name = mentions[0]["doc"].as_str().unwrap();
    let (one_file, one) = c.export(&["web-annotation", "--doc", name], "one.json");
    let one_items = one["first"]["items"].as_array().unwrap();
    let all_ids: BTreeSet<&str> = items.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(
        one_items.len(),
        mentions.iter().filter(|m| m["doc"] == name).count()
            + times.iter().filter(|t| t["doc"] == name).count()
    );
    for a in one_items {
        assert_eq!(a["target"]["source"], doc_iri(name));
        assert!(all_ids.contains(a["id"].as_str().unwrap()), "{}", a["id"]);
    }
    assert!(one["id"].as_str().unwrap().contains("?doc="));
    if let Some(fig) = validate("check_annotation.py", &one_file) {
        assert_eq!(fig["annotations"], one_items.len());
        assert_eq!(fig["documents"], 1);
    }
}

fn as_usize(v: &Value) -> usize {
    v.as_u64().unwrap() as usize
}
