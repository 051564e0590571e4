//! `chronicle export FORMAT` for the exchange formats (`chronicle-interop`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chronicle_interop::tables::Table;
use chronicle_interop::{Dataset, Filter, Format, Options};
use chronicle_store::Store;

use crate::events::ids_matching;

/// The filters and options of the exchange formats.
#[derive(clap::Args, Debug, Default)]
pub struct ExchangeArgs {
    /// CSV: which table (events, claims, entities, mentions,
    /// disagreements). Without it, `-o` names a directory that receives
    /// all five as `TABLE.csv`.
    #[arg(long, value_name = "TABLE")]
    pub table: Option<String>,
    /// Only these documents (name, source path or id; repeatable).
    #[arg(long = "doc", value_name = "DOC")]
    pub docs: Vec<String>,
    /// Only events from this date (EDTF: 1920, 1920-04, 1920-04-27).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only events up to this date (EDTF).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only events with this entity (id or any name form in any script;
    /// repeatable).
    #[arg(long = "entity", value_name = "ENTITY")]
    pub entities: Vec<String>,
    /// Only tellings, claims, mentions and dates in this language.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Base IRI of identifiers (the address `chronicle serve` answers at,
    /// so that each identifier can be looked up).
    #[arg(long, value_name = "IRI", default_value = "http://127.0.0.1:8080/")]
    pub base: String,
}

impl ExchangeArgs {
    /// True when any filter or option of the exchange formats was given.
    pub fn any(&self) -> bool {
        self.table.is_some()
            || !self.docs.is_empty()
            || self.from.is_some()
            || self.to.is_some()
            || !self.entities.is_empty()
            || self.lang.is_some()
    }

    fn filter(&self, store: &Store) -> Result<Filter> {
        let mut entities = Vec::new();
        for e in &self.entities {
            entities.extend(ids_matching(store, e)?);
        }
        Ok(Filter {
            docs: self.docs.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            entities,
            lang: self.lang.clone(),
        })
    }
}

/// Parses a CSV table name.
pub fn table(name: &str) -> Result<Table> {
    Table::parse(name).with_context(|| {
        format!(
            "unknown CSV table {name:?}; use one of {}",
            Table::names().join(", ")
        )
    })
}

/// A function that runs a writer on a file (written atomically) or, for
/// `None`, on standard output, and returns what the writer returned.
pub type WriteTo =
    dyn Fn(Option<&Path>, &mut dyn FnMut(&mut dyn Write) -> Result<u64>) -> Result<u64>;

/// Writes one exchange format. `write_to` writes a file atomically (or
/// standard output for `None`) and returns the count the writer returned.
pub fn export(
    store: &Store,
    format: Format,
    args: &ExchangeArgs,
    output: Option<&Path>,
    write_to: &WriteTo,
) -> Result<()> {
    let filter = args.filter(store)?;
    let ds = Dataset::load(store, &args.base, filter)?;
    let table = args.table.as_deref().map(table).transpose()?;
    if format == Format::Csv && table.is_none() {
        let Some(dir) = output else {
            bail!(
                "the csv export needs --table (one of {}), or -o DIR to write every table",
                Table::names().join(", ")
            );
        };
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory {}", dir.display()))?;
        for t in Table::ALL {
            let path: PathBuf = dir.join(format!("{}.csv", t.name()));
            let n = write_to(Some(&path), &mut |w| {
                Ok(chronicle_interop::tables::write(&ds, t, w)?)
            })?;
            eprintln!("wrote {n} rows to {}", path.display());
        }
        return Ok(());
    }
    if format != Format::Csv && table.is_some() {
        bail!("--table applies only to the csv export");
    }
    let options = Options { table };
    let n = write_to(output, &mut |w| {
        Ok(chronicle_interop::export(format, &ds, &options, w)?)
    })?;
    if let Some(path) = output {
        eprintln!(
            "wrote {n} records ({}) to {}",
            format.name(),
            path.display()
        );
    }
    Ok(())
}
