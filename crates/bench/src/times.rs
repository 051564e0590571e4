//! `chronicle-bench times`: throughput of the temporal tagger alone.
//!
//! Every document of the corpus is read and analysed (cleaning, sentences
//! and, unless `--no-lang-id`, languages) without tagging; then
//! `Tagger::tag_document` runs on it and only that call is timed, on one
//! thread. MB/s per core = source bytes / seconds inside the tagger.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use chronicle_ingest::{AnalyseOptions, ReadOptions, analyse, discover, read_input};
use chronicle_time::Tagger;
use serde::Serialize;

pub struct TimesOptions {
    pub corpus: PathBuf,
    pub lang_id: bool,
    pub json: bool,
}

#[derive(Serialize, Default)]
struct Report {
    documents: u64,
    bytes: u64,
    expressions: u64,
    by_type: std::collections::BTreeMap<String, u64>,
    tag_seconds: f64,
    mb_per_s_per_core: f64,
    analyse_seconds: f64,
    lang_id: bool,
}

pub fn run(opts: &TimesOptions) -> Result<()> {
    let found = discover(std::slice::from_ref(&opts.corpus), None);
    if found.inputs.is_empty() {
        bail!("no readable files under {}", opts.corpus.display());
    }
    let read_opts = ReadOptions::default();
    let analyse_opts = AnalyseOptions {
        identify_languages: opts.lang_id,
        tag_times: false,
    };
    let tagger = Tagger::shared();
    let mut report = Report {
        lang_id: opts.lang_id,
        ..Report::default()
    };
    let mut tagging = Duration::ZERO;
    let started = Instant::now();
    for (k, input) in found.inputs.iter().enumerate() {
        read_input(input, &read_opts, &mut |r| {
            let Ok(raw) = r else { return };
            let doc = analyse(raw, &analyse_opts);
            let t0 = Instant::now();
            let found = tagger.tag_document(&doc);
            tagging += t0.elapsed();
            report.documents += 1;
            report.bytes += doc.source_text.len() as u64;
            report.expressions += found.len() as u64;
            for t in &found {
                *report
                    .by_type
                    .entry(t.kind.as_str().to_string())
                    .or_default() += 1;
            }
        });
        if !opts.json && (k + 1) % 50 == 0 {
            eprintln!("  {} of {} files", k + 1, found.inputs.len());
        }
    }
    report.tag_seconds = tagging.as_secs_f64();
    report.analyse_seconds = started.elapsed().as_secs_f64() - report.tag_seconds;
    report.mb_per_s_per_core = report.bytes as f64 / 1e6 / report.tag_seconds.max(1e-9);
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "tagged {} documents, {:.1} MB: {} expressions ({})",
            report.documents,
            report.bytes as f64 / 1e6,
            report.expressions,
            report
                .by_type
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!(
            "tagger: {:.2} s on one core, {:.1} MB/s per core (analysis before it: {:.1} s, language identification {})",
            report.tag_seconds,
            report.mb_per_s_per_core,
            report.analyse_seconds,
            if opts.lang_id { "on" } else { "off" }
        );
    }
    Ok(())
}
