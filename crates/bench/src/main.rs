//! `chronicle-bench`: generates a large mixed-language corpus and measures
//! how fast the real `chronicle` CLI ingests it.
//!
//! # Usage
//!
//! ```text
//! cargo build --release -p chronicle-cli -p chronicle-bench
//! target/release/chronicle-bench generate --out bench-data/corpus --size 500MB
//! target/release/chronicle-bench run --corpus bench-data/corpus --jobs 1
//! ```
//!
//! `generate` is deterministic: the same `--size` and `--seed` always give
//! byte-identical files. The corpus mixes nine languages (en, ru, be, uk, az,
//! tr, vi, hy, ka) and five formats (.txt, .md, .html, .jsonl, .txt.gz), with
//! the kind of debris copied web text carries (footnote markers, `edit`
//! lines, `[citation needed]`, reference lists).
//!
//! `times` measures the temporal tagger alone on the corpus (one core);
//! `entities` the mention recogniser (one core) and then entity resolution
//! over all the corpus's mentions.
//!
//! `run` ingests the corpus twice into a fresh store — once with
//! `--no-lang-id`, once with language identification — and reports
//! documents, wall and CPU time, throughput and store size. Sizes use
//! MB = 10^6 bytes; `.gz` inputs are counted decompressed. Results are
//! recorded in `BENCHMARKS.md` at the repository root.

mod entities;
mod generate;
mod run;
mod search;
mod stage;
mod times;
mod vocab;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "chronicle-bench",
    version,
    about = "Generates a synthetic multilingual corpus and measures Chronicle's ingestion throughput"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write a deterministic mixed-language corpus of about SIZE bytes.
    ///
    /// Files are 50 KB–2 MB each (.txt, .md, .html, .jsonl and .txt.gz),
    /// spread over part-NNN/ directories of 100 files. The same size and seed
    /// always produce identical bytes.
    Generate {
        /// Directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Approximate total size: e.g. 500MB, 2GB, 64KB, 1MiB (KB/MB/GB are
        /// decimal; .gz files count decompressed).
        #[arg(long, value_parser = generate::parse_size)]
        size: u64,
        /// Seed of the pseudo-random generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Ingest a corpus with the real `chronicle` CLI and report throughput.
    ///
    /// Runs `chronicle ingest CORPUS --store STORE --jobs N --json` twice,
    /// with `--no-lang-id` and without, each into a freshly emptied store.
    Run {
        /// Corpus directory (e.g. one written by `generate`).
        #[arg(long)]
        corpus: PathBuf,
        /// Path of the `chronicle` binary [default: `chronicle` next to this
        /// executable, i.e. target/release/chronicle].
        #[arg(long)]
        chronicle: Option<PathBuf>,
        /// Store directory; DELETED before each run [default: a temporary
        /// directory, removed afterwards].
        #[arg(long)]
        store: Option<PathBuf>,
        /// Worker threads passed to `chronicle ingest --jobs`.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
        jobs: u64,
        /// Print a JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Measure the temporal tagger alone on a corpus, on one core.
    ///
    /// Documents are read and analysed first (not timed); then only the
    /// tagger's work is timed. Reports MB/s per core.
    Times {
        /// Corpus directory (e.g. one written by `generate`).
        #[arg(long)]
        corpus: PathBuf,
        /// Skip language identification before tagging (sentences then use
        /// every language's words); faster to prepare, slower to tag.
        #[arg(long)]
        no_lang_id: bool,
        /// Print a JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Build a search index of N generated sentences (nine languages, plus
    /// their paragraphs) and measure build rate, index size, and query
    /// latency p50/p99 for term, phrase, cross-script and filtered queries
    /// at 1 and 8 concurrent clients.
    Search {
        /// Sentences to generate and index.
        #[arg(long, default_value_t = 10_000_000)]
        sentences: u64,
        /// Store directory (empty; the index goes in STORE/index); DELETED
        /// first unless --reuse.
        #[arg(long, default_value = "bench-data/search-store")]
        store: PathBuf,
        /// Only call the library: do not measure through the HTTP API.
        #[arg(long)]
        no_http: bool,
        /// Queries per kind and client count.
        #[arg(long, default_value_t = 2000)]
        queries: usize,
        /// Indexing threads.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Measure queries on an index a previous run built (same
        /// --sentences) instead of building it again.
        #[arg(long)]
        reuse: bool,
        /// Only these query kinds (term, rare-term, term+facets, phrase,
        /// cross-script, filtered).
        #[arg(long, value_delimiter = ',')]
        kinds: Vec<String>,
        /// Merge the index into one segment before measuring queries.
        #[arg(long)]
        merge: bool,
        /// Print a JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Measure mention recognition alone on a corpus (one core), then entity
    /// resolution over all its mentions.
    ///
    /// Documents are read and analysed first (not timed). Reports MB/s per
    /// core and mentions per second, and the resolver's time.
    Entities {
        /// Corpus directory (e.g. one written by `generate`).
        #[arg(long)]
        corpus: PathBuf,
        /// Skip language identification before recognition (sentences then
        /// use every language's cue words).
        #[arg(long)]
        no_lang_id: bool,
        /// Print a JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    match run_cli(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("chronicle-bench: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_cli(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Generate { out, size, seed } => {
            let summary = generate::write_corpus(&out, &generate::GenOptions::new(size, seed))?;
            println!("wrote {}", out.display());
            summary.print();
        }
        Command::Run {
            corpus,
            chronicle,
            store,
            jobs,
            json,
        } => run::run(&run::RunOptions {
            corpus,
            chronicle,
            store,
            jobs: jobs as usize,
            json,
        })?,
        Command::Times {
            corpus,
            no_lang_id,
            json,
        } => times::run(&times::TimesOptions {
            corpus,
            lang_id: !no_lang_id,
            json,
        })?,
        Command::Search {
            sentences,
            store,
            no_http,
            queries,
            threads,
            reuse,
            json,
            kinds,
            merge,
        } => search::run(&search::SearchOptions {
            kinds,
            merge,
            sentences,
            store,
            http: !no_http,
            queries,
            threads,
            reuse,
            json,
        })?,
        Command::Entities {
            corpus,
            no_lang_id,
            json,
        } => entities::run(&entities::EntitiesOptions {
            corpus,
            lang_id: !no_lang_id,
            json,
        })?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
        let cli =
            Cli::try_parse_from(["chronicle-bench", "generate", "--out", "x", "--size", "5MB"])
                .unwrap();
        assert!(matches!(
            cli.command,
            Command::Generate {
                size: 5_000_000,
                seed: 1,
                ..
            }
        ));
        assert!(
            Cli::try_parse_from([
                "chronicle-bench",
                "generate",
                "--out",
                "x",
                "--size",
                "5 furlongs"
            ])
            .is_err()
        );
        assert!(
            Cli::try_parse_from(["chronicle-bench", "run", "--corpus", "c", "--jobs", "0"])
                .is_err()
        );
    }
}
