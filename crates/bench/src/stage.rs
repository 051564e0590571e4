//! Reading and analysing a corpus for the single-stage benchmarks
//! (`times`, `entities`): documents are prepared untimed, one at a time,
//! and handed to the stage under measurement.

use std::path::Path;
use std::time::Instant;

use anyhow::{Result, bail};
use chronicle_core::Document;
use chronicle_ingest::{AnalyseOptions, ReadOptions, analyse, discover, read_input};

/// Analyses every document of `corpus` (cleaning, sentences and, with
/// `lang_id`, languages; no later stage) and calls `stage` on each. Returns
/// the seconds spent outside `stage`, which measures itself.
pub fn each_document(
    corpus: &Path,
    lang_id: bool,
    progress: bool,
    mut stage: impl FnMut(&Document) -> f64,
) -> Result<f64> {
    let found = discover(&[corpus.to_path_buf()], None);
    if found.inputs.is_empty() {
        bail!("no readable files under {}", corpus.display());
    }
    let read_opts = ReadOptions::default();
    let analyse_opts = AnalyseOptions {
        identify_languages: lang_id,
        tag_times: false,
        find_mentions: false,
    };
    let started = Instant::now();
    let mut in_stage = 0.0;
    for (k, input) in found.inputs.iter().enumerate() {
        read_input(input, &read_opts, &mut |r| {
            let Ok(raw) = r else { return };
            in_stage += stage(&analyse(raw, &analyse_opts));
        });
        if progress && (k + 1) % 50 == 0 {
            eprintln!("  {} of {} files", k + 1, found.inputs.len());
        }
    }
    Ok(started.elapsed().as_secs_f64() - in_stage)
}

/// `KEY n, KEY n, …` for a report line.
pub fn counts(map: &std::collections::BTreeMap<String, u64>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}
