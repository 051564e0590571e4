//! `chronicle times`: tags files with temporal expressions without a store.

use anyhow::{Result, bail};
use chronicle_core::Document;
use chronicle_ingest::{analyse, discover, read_input};

use crate::exit;
use crate::ingest::{InputArgs, display_paths};

#[derive(clap::Args, Debug)]
pub struct TimesArgs {
    #[command(flatten)]
    input: InputArgs,
}

pub fn run(json: bool, args: TimesArgs) -> Result<u8> {
    let read_opts = args.input.read_options()?;
    let analyse_opts = chronicle_ingest::AnalyseOptions {
        find_mentions: false,
        ..args.input.analyse_options()
    };
    let found = discover(&args.input.paths, read_opts.format);
    if found.inputs.is_empty() && found.errors.is_empty() && found.skipped.is_empty() {
        bail!("nothing to read under {}", display_paths(&args.input.paths));
    }
    let mut failed = false;
    for e in &found.errors {
        eprintln!("chronicle: failed: {e}");
        failed = true;
    }
    for s in &found.skipped {
        eprintln!("chronicle: skipped {}: {}", s.path, s.reason);
    }
    for input in &found.inputs {
        read_input(input, &read_opts, &mut |r| match r {
            Ok(raw) => print_doc(&analyse(raw, &analyse_opts), json),
            Err(e) => {
                eprintln!("chronicle: failed: {e}");
                failed = true;
            }
        });
    }
    Ok(if failed { exit::PARTIAL } else { exit::OK })
}

fn print_doc(doc: &Document, json: bool) {
    if json {
        for t in &doc.timexes {
            match serde_json::to_string(&t.record(&doc.name)) {
                Ok(line) => out!("{line}"),
                Err(e) => eprintln!("chronicle: error: cannot encode a record: {e}"),
            }
        }
        return;
    }
    // People read `file:line:column  TYPE  value [MOD]  text`.
    let src = &doc.source_text;
    let mut line = 1;
    let mut line_start = 0;
    let mut pos = 0;
    for t in &doc.timexes {
        for (i, b) in src.as_bytes()[pos..t.span.start].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = pos + i + 1;
            }
        }
        pos = t.span.start;
        let col = src[line_start..t.span.start].chars().count() + 1;
        let modifier = t
            .modifier
            .map(|m| format!(" {}", m.as_str()))
            .unwrap_or_default();
        let anchor = t
            .anchor
            .as_deref()
            .map(|a| format!("  (from {a})"))
            .unwrap_or_default();
        out!(
            "{}:{line}:{col}\t{}\t{}{modifier}\t{}{anchor}",
            doc.name,
            t.kind.as_str(),
            t.value,
            t.text
        );
    }
}
