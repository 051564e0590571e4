//! `chronicle ingest`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chronicle_core::corrections::CorrectionStatus;
use chronicle_core::{Document, Format};
use chronicle_ingest::{
    AnalyseOptions, InputError, RawDoc, ReadOptions, analyse, discover, read_input,
};
use chronicle_store::{SaveOutcome, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::exit;

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Worker threads for analysis (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Do not show the progress bar.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// Which files to read and how: shared by `ingest` and `times`.
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Files and directories to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Skip language identification (paragraphs get the JSONL `lang` field or
    /// `und`); much faster.
    #[arg(long)]
    no_lang_id: bool,
    /// Largest document read, in bytes (a file, its decompressed text, or one
    /// JSONL line); larger ones fail with a message. Accepts K, M, G suffixes.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = parse_size)]
    max_doc_bytes: u64,
    /// Decode every file with this encoding (a WHATWG label such as
    /// windows-1251, koi8-r, iso-8859-9, utf-16le) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Read every file as this format instead of going by its extension.
    #[arg(long, value_name = "FORMAT", value_parser = ["text", "markdown", "html", "jsonl"])]
    format: Option<String>,
}

impl InputArgs {
    pub fn read_options(&self) -> Result<ReadOptions> {
        let encoding = match &self.encoding {
            Some(label) => Some(
                chronicle_ingest::decode::encoding_for_label(label).with_context(|| {
                    format!(
                        "unknown encoding {label:?} (try windows-1251, koi8-r, iso-8859-9, utf-16le)"
                    )
                })?,
            ),
            None => None,
        };
        Ok(ReadOptions {
            max_doc_bytes: self.max_doc_bytes,
            encoding,
            format: self.format.as_deref().and_then(Format::parse),
        })
    }

    pub fn analyse_options(&self) -> AnalyseOptions {
        AnalyseOptions {
            identify_languages: !self.no_lang_id,
            ..AnalyseOptions::default()
        }
    }
}

/// Parses `64M`, `1G`, `500K`, `1024`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let m: u64 = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'B' => 1,
                _ => return Err(format!("unknown size suffix in {s:?}; use K, M or G")),
            };
            (&t[..i], m)
        }
        _ => (t, 1),
    };
    let n: u64 = num
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {s:?}"))?;
    if n == 0 {
        return Err("the size must be positive".into());
    }
    Ok(n.saturating_mul(mult))
}

#[derive(Serialize, Default)]
struct Failure {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    message: String,
}

impl From<&InputError> for Failure {
    fn from(e: &InputError) -> Self {
        Failure {
            path: e.path.clone(),
            line: e.line,
            offset: e.offset(),
            message: e.to_string(),
        }
    }
}

#[derive(Serialize)]
struct SkippedFile {
    path: String,
    reason: String,
}

#[derive(Serialize)]
struct DuplicateDoc {
    source: String,
    same_as: String,
}

/// The summary printed at the end (and as JSON with --json).
#[derive(Serialize, Default)]
struct Summary {
    new: u64,
    changed: u64,
    unchanged: u64,
    duplicate: u64,
    failed: u64,
    skipped: u64,
    /// Input bytes read (on disk; compressed size for gzip).
    bytes: u64,
    /// Counts over the documents written in this run.
    paragraphs: u64,
    sentences: u64,
    references: u64,
    anchors: u64,
    /// Temporal expressions found in the new and changed documents.
    times: u64,
    /// Name mentions found in the new and changed documents.
    mentions: u64,
    /// The corpus stages after the documents: corrections, entities,
    /// events, search index.
    #[serde(flatten)]
    rebuild: Rebuild,
    /// Paragraphs per language over the documents written in this run.
    languages: BTreeMap<String, u64>,
    seconds: f64,
    store: String,
    failures: Vec<Failure>,
    skipped_files: Vec<SkippedFile>,
    duplicates: Vec<DuplicateDoc>,
}

/// What the corpus stages did: they run after every ingest and after an
/// import, over the whole store.
#[derive(Serialize, Default)]
pub struct Rebuild {
    /// The stored corrections and whether each applied.
    pub corrections: CorrectionsSummary,
    /// What re-resolving entities across the store changed, and how many
    /// entities it holds.
    pub entities: EntitySummary,
    /// What rebuilding events, disagreements and cited works found.
    pub events: EventSummary,
    /// What updating the search index did.
    pub index: chronicle_search::Update,
}

#[derive(Serialize, Default)]
pub struct CorrectionsSummary {
    pub total: u64,
    pub applied: u64,
    /// The corrections that did not apply, with the reason.
    pub problems: Vec<CorrectionStatus>,
}

impl CorrectionsSummary {
    pub fn of(statuses: Vec<CorrectionStatus>) -> CorrectionsSummary {
        let mut statuses = statuses;
        statuses.sort_by_key(|s| s.line);
        CorrectionsSummary {
            total: statuses.len() as u64,
            applied: statuses.iter().filter(|s| s.applied).count() as u64,
            problems: statuses.into_iter().filter(|s| !s.applied).collect(),
        }
    }
}

/// Runs the corpus stages over the whole store: the user's date
/// corrections, entity resolution with the entity corrections (when
/// mentions are found), events, and the search index. Each writes only
/// what changed.
pub fn rebuild(store: &mut Store, find_mentions: bool, bar: &ProgressBar) -> Result<Rebuild> {
    let mut out = Rebuild::default();
    let list = store.corrections()?;
    let mut statuses = store
        .apply_date_corrections(&list)
        .context("cannot apply date corrections")?;
    // Entities are a corpus-level decision: re-resolve whenever the corpus
    // (or the pipeline) may have changed. Nothing is written when nothing
    // changed.
    if find_mentions {
        bar.set_message("resolving entities");
        let t = Instant::now();
        let (wrote, entity_statuses) =
            chronicle_entities::resolve_store(store).context("cannot resolve entities")?;
        statuses.extend(entity_statuses);
        out.entities = EntitySummary {
            total: store.entities(None)?.len() as u64,
            mentions_relinked: wrote.mentions_changed,
            seconds: t.elapsed().as_secs_f64(),
        };
        bar.set_message("aligning events");
        let t = Instant::now();
        let (analysis, wrote) =
            chronicle_events::analyse_store(store).context("cannot build events")?;
        out.events = EventSummary {
            total: analysis.events.len() as u64,
            aligned: analysis
                .events
                .iter()
                .filter(|e| e.documents.len() > 1)
                .count() as u64,
            conflicts: analysis.conflicts.len() as u64,
            works: analysis.works.len() as u64,
            changed: wrote.any(),
            seconds: t.elapsed().as_secs_f64(),
        };
    }
    out.corrections = CorrectionsSummary::of(statuses);
    bar.set_message("updating the search index");
    out.index = crate::search::update_index(store, false, bar)?;
    Ok(out)
}

#[derive(Serialize, Default)]
pub struct EventSummary {
    total: u64,
    /// Events told by two or more documents.
    aligned: u64,
    conflicts: u64,
    works: u64,
    changed: bool,
    seconds: f64,
}

#[derive(Serialize, Default)]
pub struct EntitySummary {
    total: u64,
    mentions_relinked: u64,
    seconds: f64,
}

/// Raw documents are analysed in batches of about this many bytes, so memory
/// stays bounded while workers stay busy.
const BATCH_BYTES: u64 = 8 << 20;
const BATCH_DOCS: usize = 256;

pub fn run(store_dir: &Path, json: bool, args: IngestArgs) -> Result<u8> {
    let started = Instant::now();
    let read_opts = args.input.read_options()?;
    let analyse_opts = args.input.analyse_options();
    let jobs = args
        .jobs
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;

    let found = discover(&args.input.paths, read_opts.format);
    if found.inputs.is_empty() && found.errors.is_empty() && found.skipped.is_empty() {
        bail!("nothing to read under {}", display_paths(&args.input.paths));
    }
    let mut store = Store::open(store_dir)
        .with_context(|| format!("cannot open the store at {}", store_dir.display()))?;

    let bar = if args.quiet || json {
        ProgressBar::hidden()
    } else {
        let bar =
            ProgressBar::with_draw_target(Some(found.total_bytes()), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    };

    let mut sum = Summary {
        store: store_dir.display().to_string(),
        ..Default::default()
    };
    let report = |bar: &ProgressBar, e: &InputError, json: bool| {
        if !json {
            bar.suspend(|| eprintln!("chronicle: failed: {e}"));
        }
    };
    for e in &found.errors {
        report(&bar, e, json);
        sum.failures.push(Failure::from(e));
        sum.failed += 1;
    }
    for s in &found.skipped {
        sum.skipped_files.push(SkippedFile {
            path: s.path.clone(),
            reason: s.reason.clone(),
        });
        sum.skipped += 1;
    }

    let mut batch: Vec<RawDoc> = Vec::new();
    let mut batch_bytes = 0u64;
    let mut done_bytes = 0u64;
    for input in &found.inputs {
        bar.set_message(
            input
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let mut input_bytes = 0u64;
        let mut errors = Vec::new();
        let mut fatal = None;
        read_input(input, &read_opts, &mut |r| match r {
            Ok(raw) => {
                input_bytes += raw.raw_bytes;
                bar.set_position(done_bytes + input_bytes.min(input.size));
                batch_bytes += raw.text.len() as u64;
                batch.push(raw);
                if (batch_bytes >= BATCH_BYTES || batch.len() >= BATCH_DOCS)
                    && fatal.is_none()
                    && let Err(e) =
                        process_batch(&mut store, &pool, &analyse_opts, &mut batch, &mut sum)
                {
                    fatal = Some(e);
                }
                if batch.is_empty() {
                    batch_bytes = 0;
                }
            }
            Err(e) => errors.push(e),
        });
        if let Some(e) = fatal {
            bar.abandon();
            return Err(e);
        }
        for e in &errors {
            report(&bar, e, json);
            sum.failures.push(Failure::from(e));
            sum.failed += 1;
        }
        done_bytes += input.size;
        sum.bytes += input.size;
        bar.set_position(done_bytes);
    }
    process_batch(&mut store, &pool, &analyse_opts, &mut batch, &mut sum)?;
    sum.rebuild = rebuild(&mut store, analyse_opts.find_mentions, &bar)?;
    bar.finish_and_clear();
    sum.seconds = started.elapsed().as_secs_f64();

    if json {
        out!("{}", serde_json::to_string_pretty(&sum)?);
    } else {
        print_summary(&sum);
    }
    Ok(if sum.failed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    })
}

/// Skips unchanged documents without analysing them, analyses the rest in
/// parallel, and saves them in input order, one transaction each.
fn process_batch(
    store: &mut Store,
    pool: &rayon::ThreadPool,
    opts: &AnalyseOptions,
    batch: &mut Vec<RawDoc>,
    sum: &mut Summary,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut todo = Vec::with_capacity(batch.len());
    for raw in batch.drain(..) {
        if store.has_source_hash(&raw.source, &raw.content_hash)? {
            sum.unchanged += 1;
        } else {
            todo.push(raw);
        }
    }
    let docs: Vec<Document> =
        pool.install(|| todo.into_par_iter().map(|raw| analyse(raw, opts)).collect());
    for doc in docs {
        let outcome = store
            .save(&doc)
            .with_context(|| format!("cannot store {}", doc.source))?;
        let wrote = outcome.wrote();
        match outcome {
            SaveOutcome::New(_) => sum.new += 1,
            SaveOutcome::Changed(_) => sum.changed += 1,
            SaveOutcome::Unchanged(_) => sum.unchanged += 1,
            SaveOutcome::Duplicate {
                existing_source, ..
            } => {
                sum.duplicate += 1;
                sum.duplicates.push(DuplicateDoc {
                    source: doc.source.clone(),
                    same_as: existing_source,
                });
            }
        }
        if wrote {
            sum.paragraphs += doc.paragraphs.len() as u64;
            sum.sentences += doc.sentence_count() as u64;
            sum.references += doc.references.len() as u64;
            sum.anchors += doc.anchor_count() as u64;
            sum.times += doc.timexes.len() as u64;
            sum.mentions += doc.mentions.len() as u64;
            for p in &doc.paragraphs {
                *sum.languages.entry(p.lang.clone()).or_default() += 1;
            }
        }
    }
    Ok(())
}

pub fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_summary(s: &Summary) {
    let docs = s.new + s.changed + s.unchanged + s.duplicate;
    out!(
        "Read {docs} documents ({}) into {} in {:.1} s",
        crate::human_bytes(s.bytes),
        s.store,
        s.seconds
    );
    out!(
        "  new {}, changed {}, unchanged {}, duplicate {}, failed {}, skipped {}",
        s.new,
        s.changed,
        s.unchanged,
        s.duplicate,
        s.failed,
        s.skipped
    );
    if s.new + s.changed > 0 {
        out!(
            "  stored: {} paragraphs, {} sentences, {} references, {} citation anchors, {} temporal expressions, {} name mentions",
            s.paragraphs,
            s.sentences,
            s.references,
            s.anchors,
            s.times,
            s.mentions
        );
        let mut langs: Vec<(&String, &u64)> = s.languages.iter().collect();
        langs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let langs: Vec<String> = langs.iter().map(|(l, n)| format!("{l} {n}")).collect();
        out!("  paragraph languages: {}", langs.join(", "));
    }
    print_rebuild(&s.rebuild);
    for d in &s.duplicates {
        out!(
            "  duplicate: {} has the same content as {}",
            d.source,
            d.same_as
        );
    }
    for f in &s.skipped_files {
        out!("  skipped: {}: {}", f.path, f.reason);
    }
    if s.failed > 0 {
        out!(
            "  {} input(s) failed (listed above); everything else was stored",
            s.failed
        );
    }
}

/// The corpus stages' lines of a summary.
pub fn print_rebuild(r: &Rebuild) {
    if r.corrections.total > 0 {
        out!(
            "  corrections: {} of {} applied",
            r.corrections.applied,
            r.corrections.total
        );
        for p in &r.corrections.problems {
            out!(
                "    line {} ({}): not applied: {}",
                p.line,
                p.action.as_str(),
                p.problem.as_deref().unwrap_or("")
            );
        }
    }
    if r.entities.total > 0 {
        out!(
            "  entities: {} in the store ({} mentions relinked)",
            r.entities.total,
            r.entities.mentions_relinked
        );
    }
    if r.events.total > 0 {
        out!(
            "  events: {} ({} told by several documents), {} disagreements, {} cited works",
            r.events.total,
            r.events.aligned,
            r.events.conflicts,
            r.events.works
        );
    }
    if r.index.changed {
        out!(
            "  search index: {} documents added, {} updated, {} removed ({} sentences and paragraphs written)",
            r.index.added,
            r.index.updated,
            r.index.removed,
            r.index.units
        );
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("500"), Ok(500));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("lots").is_err());
    }
}
