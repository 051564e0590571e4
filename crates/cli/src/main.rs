//! `chronicle`: the command-line interface.

/// `println!` for command output: a closed pipe (`chronicle show 1 | head`)
/// ends the program quietly instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_out(format_args!($($arg)*))
    };
}

mod entities;
mod events;
mod exchange;
mod import;
mod ingest;
mod search;
mod show;
mod times;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chronicle_store::Store;
use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes, also listed in `chronicle --help`.
pub mod exit {
    /// Everything went well.
    pub const OK: u8 = 0;
    /// The command ran, but some inputs failed (ingest) or problems were
    /// found (verify).
    pub const PARTIAL: u8 = 1;
    /// The command line was wrong.
    pub const USAGE: u8 = 2;
    /// The command could not run: store missing or unreadable, output not
    /// writable.
    pub const FATAL: u8 = 3;
}

#[derive(Parser, Debug)]
#[command(
    name = "chronicle",
    version,
    about = "Chronicle: a source-grounded, multilingual event knowledge base",
    long_about = "Chronicle turns documents in many languages and scripts into a knowledge base in which \
every statement keeps the byte span of the original file it came from.",
    after_help = "Exit codes: 0 success; 1 some inputs failed or problems were found; 2 usage error; \
3 the command could not run (store missing or unreadable, output not writable)."
)]
struct Cli {
    /// Store directory (created by `ingest`).
    #[arg(
        long,
        global = true,
        default_value = "chronicle-data",
        env = "CHRONICLE_STORE"
    )]
    store: PathBuf,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read files and directories into the store (.txt, .md, .html, .htm,
    /// .jsonl, and their .gz versions; directories are walked recursively,
    /// hidden files and folders are passed over).
    Ingest(ingest::IngestArgs),
    /// List the stored documents.
    Docs,
    /// Show one document: paragraphs with their kind and language, sentence
    /// boundaries, citation anchors and references.
    Show(show::ShowArgs),
    /// Summarise what the store holds.
    Stats,
    /// Write the store in an exchange format (JSON-LD, CSV, GeoJSON /
    /// Linked Places, TimelineJS, W3C Web Annotation, CSL-JSON, BibTeX,
    /// RIS, GEXF), or annotations as JSON Lines for the scorers in
    /// ../shared/scripts (`doc` is the file name, `start`/`end` are UTF-8
    /// byte offsets into the original file).
    Export(ExportArgs),
    /// Import the user's knowledge: a corrections CSV (merge or split
    /// entities, reject a mention, fix a date) or CSL-JSON/BibTeX
    /// bibliographies; both are stored and applied on every rebuild.
    Import(import::ImportArgs),
    /// List the stored corrections and whether each still applies (or,
    /// with --csv, write them back as the file `import corrections` reads).
    Corrections(import::CorrectionsArgs),
    /// Check the store's integrity and Chronicle's invariants.
    Verify,
    /// Tag files with dates, times and durations (normalised to EDTF) without
    /// a store: one line per expression, `file:line:column TYPE value [MOD]
    /// text`, or with --json the records of `export times`.
    Times(times::TimesArgs),
    /// List people, places and organisations, most mentioned first, with
    /// coordinates for places.
    Entities(entities::EntitiesArgs),
    /// Show entities matching a name in any script or inflection: every
    /// name form by language, coordinates, and each mention with its
    /// sentence.
    Entity(entities::EntityArgs),
    /// Events in time order, each with every telling and its source
    /// (attribution, cited references); filters by entity, place, dates and
    /// language.
    Timeline(events::TimelineArgs),
    /// Show one event: all its tellings side by side with their sources,
    /// and the disagreements between them.
    Event(events::EventArgs),
    /// List the disagreements between sources: for each, every claim with
    /// its value, document, attribution and cited work. Chronicle shows the
    /// spread; it does not pick a winner.
    Conflicts,
    /// Show a cited work (by id, author or title word in any script): its
    /// parsed fields, every reference entry and footnote marker citing it,
    /// and the sentences that cite it.
    Sources(events::SourcesArgs),
    /// Search sentences (or paragraphs) in every language: a name in one
    /// script finds the others. Filters by language, document, entity,
    /// place, event type and event date; counts facets; highlights the
    /// matched words with their byte spans.
    Search(search::SearchArgs),
    /// Rebuild the search index from the store (the store is the source of
    /// truth; `ingest` keeps the index up to date by itself).
    Reindex(search::ReindexArgs),
    /// Serve the web UI (at /) and the read-only HTTP API (JSON, with an
    /// OpenAPI document at /openapi.json).
    Serve(ServeArgs),
}

#[derive(clap::Args, Debug)]
struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: String,
    /// Seconds a request may take before it is answered 503.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
    /// Largest export /api/export/{format} answers, in MiB (larger ones
    /// are refused with a 400 that says to narrow them; `chronicle export`
    /// has no limit).
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    max_export_mib: usize,
    /// Enable POST /api/admin/reindex for requests bearing the token in
    /// FILE (`Authorization: Bearer TOKEN`; at least 16 printable
    /// characters, e.g. from `openssl rand -hex 32`). The environment
    /// variable CHRONICLE_ADMIN_TOKEN gives the token itself instead.
    /// Without either, the server has no admin route.
    #[arg(long, value_name = "FILE")]
    admin_token_file: Option<PathBuf>,
    /// Let web pages from this one origin (https://example.org) read the
    /// API from a browser (CORS). Off by default; the reconciliation
    /// service (/reconcile) allows every origin, as its protocol requires.
    #[arg(long, value_name = "ORIGIN")]
    cors_origin: Option<String>,
}

#[derive(clap::Args, Debug)]
struct ExportArgs {
    /// What to export.
    kind: ExportKind,
    /// Write to FILE instead of standard output (written beside it and
    /// renamed, so a failed export leaves no half-written file).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    exchange: exchange::ExchangeArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ExportKind {
    /// `{"doc","start","end","lang","kind"}` per paragraph (score.py lang).
    Paragraphs,
    /// `{"doc","start","end","lang","paragraph"}` per sentence.
    Sentences,
    /// `{"doc","start","end","label","text"}` per reference entry.
    References,
    /// `{"doc","start","end","label"}` per footnote marker (citation anchor).
    Anchors,
    /// `{"doc","start","end","text","value","mod","type"}` per temporal
    /// expression (score_timex.py), plus `anchor`, `calendar`, `alt_value`.
    Times,
    /// `{"doc","start","end","entity","type","text","lang"}` per name
    /// mention linked to an entity (score.py entities).
    Mentions,
    /// `{"doc","start","end","event",…}` per telling of an event (score.py
    /// events).
    Events,
    /// `{"conflict","doc","start","end","value",…}` per claim of a
    /// disagreement (score.py conflicts), with `attributed_to`.
    Conflicts,
    /// `{"work","doc","start","end","kind","label"}` per reference entry and
    /// footnote marker of a cited work (score.py citations).
    Citations,
    /// schema.org JSON-LD: events, places, people, organisations, claims
    /// linked to their source sentences, cited works.
    Jsonld,
    /// CSV tables for spreadsheets and pandas (--table, or -o DIR for all).
    Csv,
    /// GeoJSON in the Linked Places format (World Historical Gazetteer,
    /// QGIS).
    Geojson,
    /// TimelineJS JSON, one slide per dated event with its sources.
    Timelinejs,
    /// W3C Web Annotations of every mention and date (text position and
    /// quote selectors on the source document).
    WebAnnotation,
    /// CSL-JSON of the cited works (Zotero, citeproc).
    CslJson,
    /// BibTeX of the cited works.
    Bibtex,
    /// RIS of the cited works.
    Ris,
    /// GEXF graph for Gephi: entity co-occurrence and event participation.
    Gexf,
}

impl ExportKind {
    /// The exchange format, or `None` for the scorers' JSON lines.
    fn exchange(self) -> Option<chronicle_interop::Format> {
        use chronicle_interop::Format as F;
        Some(match self {
            ExportKind::Jsonld => F::JsonLd,
            ExportKind::Csv => F::Csv,
            ExportKind::Geojson => F::GeoJson,
            ExportKind::Timelinejs => F::TimelineJs,
            ExportKind::WebAnnotation => F::WebAnnotation,
            ExportKind::CslJson => F::CslJson,
            ExportKind::Bibtex => F::Bibtex,
            ExportKind::Ris => F::Ris,
            ExportKind::Gexf => F::Gexf,
            _ => return None,
        })
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("chronicle: error: {e:#}");
            ExitCode::from(exit::FATAL)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Ingest(args) => ingest::run(&cli.store, cli.json, args),
        Command::Docs => {
            let store = open_read(&cli.store)?;
            show::docs(&store, cli.json)
        }
        Command::Show(args) => {
            let store = open_read(&cli.store)?;
            show::show(&store, cli.json, args)
        }
        Command::Stats => {
            let store = open_read(&cli.store)?;
            show::stats(&store, cli.json)
        }
        Command::Export(args) => {
            let store = open_read(&cli.store)?;
            export(&store, args)
        }
        Command::Import(args) => import::import(&cli.store, cli.json, args),
        Command::Corrections(args) => {
            let store = open_read(&cli.store)?;
            import::list(&store, cli.json, args)
        }
        Command::Verify => {
            let store = open_read(&cli.store)?;
            show::verify(&store, cli.json)
        }
        Command::Times(args) => times::run(cli.json, args),
        Command::Entities(args) => {
            let store = open_read(&cli.store)?;
            entities::list(&store, cli.json, args)
        }
        Command::Entity(args) => {
            let store = open_read(&cli.store)?;
            entities::show(&store, cli.json, args)
        }
        Command::Timeline(args) => {
            let store = open_read(&cli.store)?;
            events::timeline(&store, cli.json, args)
        }
        Command::Event(args) => {
            let store = open_read(&cli.store)?;
            events::event(&store, cli.json, args)
        }
        Command::Conflicts => {
            let store = open_read(&cli.store)?;
            events::conflicts(&store, cli.json)
        }
        Command::Sources(args) => {
            let store = open_read(&cli.store)?;
            events::sources(&store, cli.json, args)
        }
        Command::Search(args) => search::search(&cli.store, cli.json, args),
        Command::Reindex(args) => search::reindex(&cli.store, cli.json, args),
        Command::Serve(args) => serve(&cli.store, args),
    }
}

/// A byte count for people: `512 B`, `3.4 kB`, `12.0 MB`, `1.50 GB` (powers
/// of 1000).
pub fn human_bytes(n: u64) -> String {
    let f = n as f64;
    if n < 1000 {
        format!("{n} B")
    } else if f < 1e6 {
        format!("{:.1} kB", f / 1e3)
    } else if f < 1e9 {
        format!("{:.1} MB", f / 1e6)
    } else {
        format!("{:.2} GB", f / 1e9)
    }
}

/// Writes one line of command output to standard output.
pub fn write_out(args: std::fmt::Arguments<'_>) {
    let mut o = std::io::stdout().lock();
    if let Err(e) = o.write_fmt(args).and_then(|_| o.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(exit::OK as i32);
        }
        eprintln!("chronicle: error: cannot write output: {e}");
        std::process::exit(exit::FATAL as i32);
    }
}

/// The admin token from `--admin-token-file` or `CHRONICLE_ADMIN_TOKEN`.
fn admin_token(file: Option<&Path>) -> Result<Option<chronicle_server::AdminToken>> {
    const ENV: &str = "CHRONICLE_ADMIN_TOKEN";
    let from_env = std::env::var(ENV).ok().filter(|v| !v.trim().is_empty());
    let (text, from) = match (file, from_env) {
        (Some(_), Some(_)) => {
            bail!("both --admin-token-file and {ENV} are given: give the admin token one way")
        }
        (Some(f), None) => (
            std::fs::read_to_string(f)
                .with_context(|| format!("cannot read the admin token file {}", f.display()))?,
            f.display().to_string(),
        ),
        (None, Some(v)) => (v, ENV.to_string()),
        (None, None) => return Ok(None),
    };
    let token =
        chronicle_server::AdminToken::new(&text).map_err(|e| anyhow::anyhow!("{from}: {e}"))?;
    Ok(Some(token))
}

fn serve(store: &Path, args: ServeArgs) -> Result<u8> {
    let config = chronicle_server::Config {
        store: store.to_path_buf(),
        timeout: std::time::Duration::from_secs(args.timeout.max(1)),
        export_limit: args.max_export_mib.max(1).saturating_mul(1024 * 1024),
        admin_token: admin_token(args.admin_token_file.as_deref())?,
        cors_origin: args.cors_origin,
        ..chronicle_server::Config::default()
    };
    chronicle_server::serve_blocking(&args.bind, config)?;
    Ok(exit::OK)
}

fn open_read(dir: &Path) -> Result<Store> {
    Store::open_read_only(dir)
        .with_context(|| format!("cannot open the store at {}", dir.display()))
}

fn export(store: &Store, args: ExportArgs) -> Result<u8> {
    if let Some(format) = args.kind.exchange() {
        exchange::export(
            store,
            format,
            &args.exchange,
            args.output.as_deref(),
            &write_to,
        )?;
        return Ok(exit::OK);
    }
    if args.exchange.any() {
        bail!(
            "filters and --table apply to the exchange formats (jsonld, csv, geojson, …); the scorers' exports cover the whole store"
        );
    }
    let n = write_to(args.output.as_deref(), &mut |w| {
        Ok(match args.kind {
            ExportKind::Paragraphs => store.export_paragraphs(w)?,
            ExportKind::Sentences => store.export_sentences(w)?,
            ExportKind::References => store.export_references(w)?,
            ExportKind::Anchors => store.export_anchors(w)?,
            ExportKind::Times => store.export_times(w)?,
            ExportKind::Mentions => store.export_mentions(w)?,
            ExportKind::Events => store.export_events(w)?,
            ExportKind::Conflicts => store.export_conflicts(w)?,
            ExportKind::Citations => store.export_citations(w)?,
            _ => unreachable!("exchange formats are handled above"),
        })
    })?;
    if let Some(path) = &args.output {
        eprintln!("wrote {n} lines to {}", path.display());
    }
    Ok(exit::OK)
}

/// Runs `write` on `path` (written beside it and renamed, so a failed
/// export never leaves a half-written file under the requested name) or on
/// standard output; returns what `write` returned.
fn write_to(
    path: Option<&Path>,
    write: &mut dyn FnMut(&mut dyn Write) -> Result<u64>,
) -> Result<u64> {
    match path {
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let tmp = tempfile_in(dir, path)?;
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            let mut w = BufWriter::new(file);
            let written = write(&mut w).and_then(|n| {
                w.flush()
                    .with_context(|| format!("cannot write {}", tmp.display()))?;
                Ok(n)
            });
            drop(w);
            let n = match written {
                Ok(n) => n,
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(e);
                }
            };
            std::fs::rename(&tmp, path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(n)
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            let n = write(&mut w)?;
            if let Err(e) = w.flush()
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(e.into());
            }
            Ok(n)
        }
    }
}

fn tempfile_in(dir: &Path, target: &Path) -> Result<PathBuf> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    Ok(dir.join(format!(".{name}.{}.tmp", std::process::id())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn human_bytes() {
        assert_eq!(super::human_bytes(512), "512 B");
        assert_eq!(super::human_bytes(3_400), "3.4 kB");
        assert_eq!(super::human_bytes(12_000_000), "12.0 MB");
        assert_eq!(super::human_bytes(1_500_000_000), "1.50 GB");
    }
}
