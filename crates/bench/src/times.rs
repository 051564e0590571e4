//! `chronicle-bench times`: throughput of the temporal tagger alone.
//!
//! Every document of the corpus is read and analysed (cleaning, sentences
//! and, unless `--no-lang-id`, languages) without tagging; then
//! `Tagger::tag_document` runs on it and only that call is timed, on one
//! thread. MB/s per core = source bytes / seconds inside the tagger.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use chronicle_time::Tagger;

use crate::stage::{counts, each_document};
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
    let tagger = Tagger::shared();
    let mut report = Report {
        lang_id: opts.lang_id,
        ..Report::default()
    };
    report.analyse_seconds = each_document(&opts.corpus, opts.lang_id, !opts.json, |doc| {
        let t0 = Instant::now();
        let found = tagger.tag_document(doc);
        let took = t0.elapsed().as_secs_f64();
        report.tag_seconds += took;
        report.documents += 1;
        report.bytes += doc.source_text.len() as u64;
        report.expressions += found.len() as u64;
        for t in &found {
            *report
                .by_type
                .entry(t.kind.as_str().to_string())
                .or_default() += 1;
        }
        took
    })?;
    report.mb_per_s_per_core = report.bytes as f64 / 1e6 / report.tag_seconds.max(1e-9);
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "tagged {} documents, {:.1} MB: {} expressions ({})",
            report.documents,
            report.bytes as f64 / 1e6,
            report.expressions,
            counts(&report.by_type)
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
