//! `chronicle import`: the user's knowledge into the store (a corrections
//! file, bibliographies), then the corpus stages again; and `chronicle
//! corrections`: the stored corrections and whether each applies.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chronicle_core::corrections::{Correction, CorrectionStatus};
use chronicle_store::Store;
use indicatif::{ProgressBar, ProgressDrawTarget};
use serde::Serialize;

use crate::exit;
use crate::ingest::{CorrectionsSummary, Rebuild, print_rebuild, rebuild};

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    what: ImportWhat,
}

#[derive(clap::Subcommand, Debug)]
enum ImportWhat {
    /// Store a corrections CSV (it replaces the stored corrections; a file
    /// with only its header clears them) and apply it. Columns:
    /// action,doc,start,end,text,entity,value,note; actions: reject (a
    /// mention names no entity), merge (entity is value), split (the
    /// mentions of entity in doc, or the one at start, are value), date
    /// (the date at doc/start has the EDTF value). Stored corrections are
    /// applied again on every ingest, so they are never lost.
    Corrections {
        /// The CSV file.
        file: PathBuf,
    },
    /// Import bibliographies (CSL-JSON or BibTeX, told apart by content):
    /// cited works that match a record (same DOI, or same first author and
    /// year) take its fields. Importing a file again replaces its records.
    Bibliography {
        /// CSL-JSON (.json) or BibTeX (.bib) files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
pub struct CorrectionsArgs {
    /// Write the stored corrections as a CSV file `import corrections`
    /// reads (to standard output), instead of listing them.
    #[arg(long)]
    csv: bool,
}

#[derive(Serialize)]
struct ImportSummary {
    /// What was imported: per file, the records read.
    files: Vec<ImportedFile>,
    /// Whether the stored corrections or bibliography changed.
    changed: bool,
    /// Works completed from an imported bibliography record.
    #[serde(skip_serializing_if = "Option::is_none")]
    works_completed: Option<u64>,
    #[serde(flatten)]
    rebuild: Rebuild,
}

#[derive(Serialize)]
struct ImportedFile {
    path: String,
    records: u64,
}

fn open_existing(dir: &Path) -> Result<Store> {
    if !dir.join(chronicle_store::DB_FILE).is_file() {
        bail!(
            "no store at {}; create one with `chronicle ingest`",
            dir.display()
        );
    }
    Store::open(dir).with_context(|| format!("cannot open the store at {}", dir.display()))
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{} is not UTF-8 (invalid byte at offset {}); save it as UTF-8 and import it again",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn spinner(json: bool) -> ProgressBar {
    if json {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    }
}

pub fn import(store_dir: &Path, json: bool, args: ImportArgs) -> Result<u8> {
    let mut store = open_existing(store_dir)?;
    let mut files = Vec::new();
    let changed = match &args.what {
        ImportWhat::Corrections { file } => {
            let text = read_text(file)?;
            let list = chronicle_interop::corrections::read(&text, &file.display().to_string())?;
            files.push(ImportedFile {
                path: file.display().to_string(),
                records: list.len() as u64,
            });
            store.replace_corrections(&list)?
        }
        ImportWhat::Bibliography { files: paths } => {
            // Read every file first: a bad one stores nothing.
            let mut parsed = Vec::new();
            for path in paths {
                let text = read_text(path)?;
                let source = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string());
                let records = chronicle_interop::bib::read_bibliography(&text, &source)
                    .with_context(|| format!("cannot import {}", path.display()))?;
                files.push(ImportedFile {
                    path: path.display().to_string(),
                    records: records.len() as u64,
                });
                parsed.push((source, records));
            }
            let mut n = 0;
            for (source, records) in &parsed {
                n += store.import_bibliography(source, records)?;
            }
            n > 0
        }
    };
    let bar = spinner(json);
    let rebuilt = rebuild(&mut store, true, &bar)?;
    bar.finish_and_clear();
    let works_completed = matches!(args.what, ImportWhat::Bibliography { .. }).then(|| {
        store
            .works()
            .map(|w| w.iter().filter(|w| w.bibliography.is_some()).count() as u64)
            .unwrap_or(0)
    });
    let summary = ImportSummary {
        files,
        changed,
        works_completed,
        rebuild: rebuilt,
    };
    if json {
        out!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        for f in &summary.files {
            out!("Read {} records from {}", f.records, f.path);
        }
        out!(
            "{}",
            if changed {
                "The store's records changed; the corpus was rebuilt:"
            } else {
                "Nothing new to store; the corpus is as before:"
            }
        );
        if let Some(n) = works_completed {
            out!("  cited works completed from the bibliography: {n}");
        }
        print_rebuild(&summary.rebuild);
    }
    let problems = !summary.rebuild.corrections.problems.is_empty();
    Ok(if problems { exit::PARTIAL } else { exit::OK })
}

#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    correction: &'a Correction,
    applied: bool,
    problem: Option<&'a str>,
}

/// `chronicle corrections`: the stored corrections with their status
/// (computed without writing), or the stored file back with `--csv`.
pub fn list(store: &Store, json: bool, args: CorrectionsArgs) -> Result<u8> {
    let list = store.corrections()?;
    if args.csv {
        let stdout = std::io::stdout();
        let mut w = stdout.lock();
        chronicle_interop::corrections::write(&list, &mut w)?;
        return Ok(exit::OK);
    }
    let mut statuses: Vec<CorrectionStatus> = store.date_correction_statuses(&list)?;
    let stored = store.mentions_for_resolution()?;
    let docs = store.list_documents()?;
    statuses.extend(chronicle_entities::resolve_stored(&stored, &docs, &list).2);
    let status_of = |line: usize| statuses.iter().find(|s| s.line == line);
    let listed: Vec<Listed> = list
        .iter()
        .map(|c| {
            let s = status_of(c.line);
            Listed {
                correction: c,
                applied: s.is_some_and(|s| s.applied),
                problem: s.and_then(|s| s.problem.as_deref()),
            }
        })
        .collect();
    let summary = CorrectionsSummary::of(statuses.clone());
    if json {
        out!("{}", serde_json::to_string_pretty(&listed)?);
    } else if listed.is_empty() {
        out!("No corrections stored; `chronicle import corrections FILE` adds them.");
    } else {
        out!(
            "{} corrections stored, {} apply:",
            summary.total,
            summary.applied
        );
        for l in &listed {
            let c = l.correction;
            let target = match (&c.doc, c.start, &c.entity) {
                (Some(d), Some(s), _) => format!("{d}:{s}"),
                (Some(d), None, Some(e)) => format!("{e} in {d}"),
                (_, _, Some(e)) => e.clone(),
                _ => String::new(),
            };
            let value = c
                .value
                .as_deref()
                .map(|v| format!(" → {v}"))
                .unwrap_or_default();
            let status = match l.problem {
                None => "applied".to_string(),
                Some(p) => format!("NOT APPLIED: {p}"),
            };
            out!(
                "  line {:>3}  {:<6} {target}{value}  [{status}]",
                c.line,
                c.action.as_str()
            );
        }
    }
    Ok(if summary.problems.is_empty() {
        exit::OK
    } else {
        exit::PARTIAL
    })
}
