//! Runs the real `chronicle ingest` as a child process and measures it.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

/// Options of `chronicle-bench run`.
#[derive(Debug)]
pub struct RunOptions {
    pub corpus: PathBuf,
    pub chronicle: Option<PathBuf>,
    pub store: Option<PathBuf>,
    pub jobs: usize,
    pub json: bool,
}

/// Size of the input as the ingester sees it.
#[derive(Debug, Default, Clone, Copy)]
pub struct InputSize {
    pub files: u64,
    /// Content bytes: file sizes, with `.gz` files counted decompressed.
    pub bytes: u64,
    pub disk_bytes: u64,
}

/// Measurements of one ingestion run.
#[derive(Debug)]
pub struct Measurement {
    pub mode: &'static str,
    pub documents: u64,
    pub failed: u64,
    pub wall_s: f64,
    /// User + system CPU time of the child, when the platform reports it.
    pub cpu_s: Option<f64>,
    pub store_bytes: u64,
    /// The child's JSON report, verbatim.
    pub report: Value,
}

pub fn run(opts: &RunOptions) -> Result<()> {
    let chronicle = match &opts.chronicle {
        Some(path) => path.clone(),
        None => default_chronicle()?,
    };
    if !chronicle.is_file() {
        bail!(
            "chronicle binary not found at {} (build it with `cargo build --release -p chronicle-cli`, or pass --chronicle)",
            chronicle.display()
        );
    }
    if !opts.corpus.is_dir() {
        bail!("corpus {} is not a directory", opts.corpus.display());
    }
    let input = measure_input(&opts.corpus)?;
    if input.files == 0 {
        bail!("corpus {} contains no files", opts.corpus.display());
    }

    let (store, temporary) = match &opts.store {
        Some(store) => (store.clone(), false),
        None => (
            std::env::temp_dir().join(format!("chronicle-bench-store-{}", std::process::id())),
            true,
        ),
    };
    check_store_is_safe(&store, &opts.corpus)?;

    if !opts.json {
        eprintln!(
            "corpus {}: {} files, {:.1} MB content; chronicle {}; --jobs {}",
            opts.corpus.display(),
            input.files,
            input.bytes as f64 / 1e6,
            chronicle.display(),
            opts.jobs
        );
    }
    let mut results = Vec::new();
    for (mode, extra) in [("no-lang-id", Some("--no-lang-id")), ("lang-id", None)] {
        if !opts.json {
            eprintln!("running {mode} …");
        }
        let result = ingest_once(&chronicle, opts, &store, mode, extra);
        if temporary {
            let _ = std::fs::remove_dir_all(&store);
        }
        results.push(result?);
    }

    if opts.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&to_json(opts, &chronicle, input, &results))?
        );
    } else {
        print_table(input, &results);
    }
    Ok(())
}

/// `chronicle` next to this executable (normally `target/release/`).
fn default_chronicle() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("locating the chronicle-bench executable")?;
    let dir = exe.parent().context("executable has no parent directory")?;
    Ok(dir.join(format!("chronicle{}", std::env::consts::EXE_SUFFIX)))
}

/// Refuses store paths whose deletion would destroy the corpus.
fn check_store_is_safe(store: &Path, corpus: &Path) -> Result<()> {
    let corpus = corpus.canonicalize()?;
    let store_abs = if store.exists() {
        store.canonicalize()?
    } else {
        std::env::current_dir()?.join(store)
    };
    if corpus.starts_with(&store_abs) || store_abs.parent().is_none() {
        bail!(
            "refusing to use {} as the store: it is deleted before each run and contains the corpus",
            store.display()
        );
    }
    Ok(())
}

fn ingest_once(
    chronicle: &Path,
    opts: &RunOptions,
    store: &Path,
    mode: &'static str,
    extra: Option<&str>,
) -> Result<Measurement> {
    if store.exists() {
        std::fs::remove_dir_all(store)
            .with_context(|| format!("removing old store {}", store.display()))?;
    }
    let mut command = Command::new(chronicle);
    command
        .arg("ingest")
        .arg(&opts.corpus)
        .arg("--store")
        .arg(store)
        .arg("--jobs")
        .arg(opts.jobs.to_string())
        .arg("--json");
    if let Some(flag) = extra {
        command.arg(flag);
    }

    let cpu_before = children_cpu_seconds();
    let start = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("starting {}", chronicle.display()))?;
    let wall_s = start.elapsed().as_secs_f64();
    let cpu_s = match (cpu_before, children_cpu_seconds()) {
        (Some(before), Some(after)) => Some(after - before),
        _ => None,
    };

    if !output.status.success() {
        bail!(
            "`chronicle ingest` ({mode}) failed with {}\n--- stderr ---\n{}",
            output.status,
            tail(&String::from_utf8_lossy(&output.stderr), 4000)
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = parse_report(&stdout).with_context(|| {
        format!(
            "could not parse the JSON report of `chronicle ingest` ({mode}); stdout was:\n{}",
            tail(&stdout, 2000)
        )
    })?;
    let field = |name: &str| report.get(name).and_then(Value::as_u64);
    let documents = field("new").context("JSON report has no integer `new` field")?;
    Ok(Measurement {
        mode,
        documents,
        failed: field("failed").unwrap_or(0),
        wall_s,
        cpu_s,
        store_bytes: dir_size(store)?,
        report,
    })
}

/// Parses the child's stdout: the whole of it, or failing that its last
/// line that is a JSON object.
fn parse_report(stdout: &str) -> Result<Value> {
    if let Ok(value @ Value::Object(_)) = serde_json::from_str(stdout.trim()) {
        return Ok(value);
    }
    for line in stdout.lines().rev() {
        if let Ok(value @ Value::Object(_)) = serde_json::from_str(line.trim()) {
            return Ok(value);
        }
    }
    bail!("no JSON object on stdout")
}

fn tail(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// Counts files and bytes under `dir`, decompressing `.gz` files to count
/// what the ingester will actually read.
pub fn measure_input(dir: &Path) -> Result<InputSize> {
    let mut size = InputSize::default();
    visit_files(dir, &mut |path, len| {
        size.files += 1;
        size.disk_bytes += len;
        if path.extension().is_some_and(|e| e == "gz") {
            let file =
                std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
            let mut decoder = flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file));
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = decoder
                    .read(&mut buf)
                    .with_context(|| format!("decompressing {}", path.display()))?;
                if n == 0 {
                    break;
                }
                size.bytes += n as u64;
            }
        } else {
            size.bytes += len;
        }
        Ok(())
    })?;
    Ok(size)
}

/// Total size of the regular files under `dir` (0 if it does not exist).
pub fn dir_size(dir: &Path) -> Result<u64> {
    if !dir.exists() {
        return Ok(0);
    }
    let mut total = 0;
    if dir.is_file() {
        return Ok(dir.metadata()?.len());
    }
    visit_files(dir, &mut |_, len| {
        total += len;
        Ok(())
    })?;
    Ok(total)
}

fn visit_files(dir: &Path, f: &mut dyn FnMut(&Path, u64) -> Result<()>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            visit_files(&path, f)?;
        } else if kind.is_file() {
            f(&path, entry.metadata()?.len())?;
        }
    }
    Ok(())
}

/// User + system CPU seconds of all waited-for children of this process.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn children_cpu_seconds() -> Option<f64> {
    /// `struct timeval` on 64-bit Linux.
    #[repr(C)]
    #[derive(Default)]
    struct Timeval {
        sec: i64,
        usec: i64,
    }
    /// `struct rusage` on 64-bit Linux: two timevals, then 14 longs.
    #[repr(C)]
    #[derive(Default)]
    struct Rusage {
        utime: Timeval,
        stime: Timeval,
        rest: [i64; 14],
    }
    unsafe extern "C" {
        fn getrusage(who: i32, usage: *mut Rusage) -> i32;
    }
    const RUSAGE_CHILDREN: i32 = -1;
    let mut usage = Rusage::default();
    // SAFETY: `usage` is a properly sized and aligned `struct rusage` for this
    // target, and getrusage only writes into it.
    let rc = unsafe { getrusage(RUSAGE_CHILDREN, &mut usage) };
    if rc != 0 {
        return None;
    }
    let secs = |t: &Timeval| t.sec as f64 + t.usec as f64 / 1e6;
    Some(secs(&usage.utime) + secs(&usage.stime))
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn children_cpu_seconds() -> Option<f64> {
    None
}

fn mb_per_s(bytes: u64, seconds: f64) -> Option<f64> {
    (seconds > 0.0).then(|| bytes as f64 / 1e6 / seconds)
}

fn to_json(
    opts: &RunOptions,
    chronicle: &Path,
    input: InputSize,
    results: &[Measurement],
) -> Value {
    let runs: Vec<Value> = results
        .iter()
        .map(|m| {
            json!({
                "mode": m.mode,
                "documents": m.documents,
                "failed": m.failed,
                "wall_s": m.wall_s,
                "cpu_s": m.cpu_s,
                "mb_per_s": mb_per_s(input.bytes, m.wall_s),
                "mb_per_s_per_core": m.cpu_s.and_then(|cpu| mb_per_s(input.bytes, cpu)),
                "store_bytes": m.store_bytes,
                "report": m.report,
            })
        })
        .collect();
    json!({
        "corpus": opts.corpus.display().to_string(),
        "chronicle": chronicle.display().to_string(),
        "jobs": opts.jobs,
        "input_files": input.files,
        "input_bytes": input.bytes,
        "input_disk_bytes": input.disk_bytes,
        "runs": runs,
    })
}

fn print_table(input: InputSize, results: &[Measurement]) {
    let opt = |v: Option<f64>, precision: usize| {
        v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.precision$}"))
    };
    println!(
        "input: {} files, {:.1} MB (MB = 10^6 bytes; .gz counted decompressed)",
        input.files,
        input.bytes as f64 / 1e6
    );
    println!(
        "{:<11} {:>10} {:>7} {:>9} {:>9} {:>9} {:>12} {:>10}",
        "mode", "documents", "failed", "wall s", "cpu s", "MB/s", "MB/s/core", "store MB"
    );
    for m in results {
        println!(
            "{:<11} {:>10} {:>7} {:>9.2} {:>9} {:>9} {:>12} {:>10.1}",
            m.mode,
            m.documents,
            m.failed,
            m.wall_s,
            opt(m.cpu_s, 2),
            opt(mb_per_s(input.bytes, m.wall_s), 2),
            opt(m.cpu_s.and_then(|cpu| mb_per_s(input.bytes, cpu)), 2),
            m.store_bytes as f64 / 1e6
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_is_found_after_other_output() {
        let v = parse_report("warming up\n{\"new\": 3, \"failed\": 0}\n").unwrap();
        assert_eq!(v["new"], 3);
        let v = parse_report("{\n  \"new\": 5\n}\n").unwrap();
        assert_eq!(v["new"], 5);
        assert!(parse_report("nothing here").is_err());
    }

    #[test]
    fn tail_respects_char_boundaries() {
        assert_eq!(tail("абв", 3), "в");
        assert_eq!(tail("abc", 10), "abc");
    }

    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    #[test]
    fn child_cpu_time_is_reported() {
        let before = children_cpu_seconds().unwrap();
        let status = Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"])
            .status()
            .unwrap();
        assert!(status.success());
        let after = children_cpu_seconds().unwrap();
        assert!(after > before, "{before} -> {after}");
    }

    #[test]
    fn measures_samples_directory() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/corpus");
        if !samples.is_dir() {
            return;
        }
        let size = measure_input(&samples).unwrap();
        assert!(size.files >= 8);
        // The gzip sample is counted decompressed, so content > disk.
        assert!(size.bytes > size.disk_bytes);
    }
}
