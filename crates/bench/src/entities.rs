//! `chronicle-bench entities`: throughput of mention recognition and of
//! corpus-level entity resolution.
//!
//! Every document is read and analysed (not timed); then
//! `Recogniser::tag_document` runs on it and only that call is timed, on one
//! thread. MB/s per core = source bytes / seconds inside the recogniser.
//! Then `resolve` runs once over every mention of the corpus (timed apart).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use chronicle_core::EntityType;
use chronicle_entities::{MentionRef, Recogniser, resolve};
use serde::Serialize;

use crate::stage::{counts, each_document};

pub struct EntitiesOptions {
    pub corpus: PathBuf,
    pub lang_id: bool,
    pub json: bool,
}

#[derive(Serialize, Default)]
struct Report {
    documents: u64,
    bytes: u64,
    mentions: u64,
    by_type: std::collections::BTreeMap<String, u64>,
    recognise_seconds: f64,
    mb_per_s_per_core: f64,
    mentions_per_s: f64,
    resolve_seconds: f64,
    entities: u64,
    linked_mentions: u64,
    analyse_seconds: f64,
    lang_id: bool,
}

struct Owned {
    doc: i64,
    text: String,
    lang: String,
    kind: Option<EntityType>,
    cue: u8,
    place: Option<String>,
}

pub fn run(opts: &EntitiesOptions) -> Result<()> {
    let recogniser = Recogniser::shared();
    let mut report = Report {
        lang_id: opts.lang_id,
        ..Report::default()
    };
    let mut all: Vec<Owned> = Vec::new();
    report.analyse_seconds = each_document(&opts.corpus, opts.lang_id, !opts.json, |doc| {
        let t0 = Instant::now();
        let found = recogniser.tag_document(doc);
        let took = t0.elapsed().as_secs_f64();
        report.recognise_seconds += took;
        report.documents += 1;
        report.bytes += doc.source_text.len() as u64;
        report.mentions += found.len() as u64;
        for m in found {
            let kind = m.kind.map_or("untyped", EntityType::as_str);
            *report.by_type.entry(kind.to_string()).or_default() += 1;
            all.push(Owned {
                doc: report.documents as i64,
                text: m.text,
                lang: m.lang,
                kind: m.kind,
                cue: m.cue,
                place: m.place,
            });
        }
        took
    })?;
    report.mb_per_s_per_core = report.bytes as f64 / 1e6 / report.recognise_seconds.max(1e-9);
    report.mentions_per_s = report.mentions as f64 / report.recognise_seconds.max(1e-9);
    let refs: Vec<MentionRef<'_>> = all
        .iter()
        .map(|m| MentionRef {
            doc: m.doc,
            text: &m.text,
            lang: &m.lang,
            kind: m.kind,
            cue: m.cue,
            place: m.place.as_deref(),
            previous: None,
        })
        .collect();
    let t0 = Instant::now();
    let resolution = resolve(&refs);
    report.resolve_seconds = t0.elapsed().as_secs_f64();
    report.entities = resolution.entities.len() as u64;
    report.linked_mentions = resolution.assignment.iter().filter(|a| a.is_some()).count() as u64;
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "recognised {} documents, {:.1} MB: {} mentions ({})",
            report.documents,
            report.bytes as f64 / 1e6,
            report.mentions,
            counts(&report.by_type)
        );
        println!(
            "recogniser: {:.2} s on one core, {:.1} MB/s per core, {:.0} mentions/s (analysis before it: {:.1} s, language identification {})",
            report.recognise_seconds,
            report.mb_per_s_per_core,
            report.mentions_per_s,
            report.analyse_seconds,
            if opts.lang_id { "on" } else { "off" }
        );
        println!(
            "resolution: {:.2} s for {} mentions → {} entities ({} mentions linked)",
            report.resolve_seconds, report.mentions, report.entities, report.linked_mentions
        );
    }
    Ok(())
}
