//! The hostile-input corpus: inputs built to break a reader, each run
//! through the real `chronicle ingest`. Every input gets a clear error (exit
//! code and a message naming the file and what to do) or a correct result
//! (`chronicle verify` passes: every span on character boundaries inside
//! its source), in bounded time and memory. Inputs are generated at test
//! time into a temporary directory; nothing big is committed.
//!
//! Time bounds are generous (these are debug builds on a shared machine):
//! they catch a hang or a quadratic blow-up, not a slowdown. Memory is the
//! peak resident set size of the `chronicle` process, read from
//! `/proc/<pid>/status` (`VmHWM`) while it runs.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

const MIB: u64 = 1024 * 1024;

/// What a run of `chronicle` did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident set size seen, in bytes (0 where /proc is missing).
    peak_rss: u64,
}

impl Run {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Runs `chronicle ARGS`, killing it after `limit`, and measures its time
/// and peak memory.
fn measured(args: &[&str], limit: Duration) -> Run {
    let mut child = chronicle()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chronicle runs");
    let pid = child.id();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let mut peak = 0;
    let status = loop {
        if let Some(hwm) = vm_hwm(pid) {
            peak = peak.max(hwm);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chronicle {args:?} still running after {limit:?} (peak memory {} MiB)",
                peak / MIB
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        elapsed: start.elapsed(),
        peak_rss: peak,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn ingest(store: &Path, files: &[&Path], extra: &[&str], limit: Duration) -> Run {
    let mut args = vec!["ingest", "--json", "-q", "--store", store.to_str().unwrap()];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    args.extend(extra);
    measured(&args, limit)
}

/// `chronicle verify` passes on `store`.
fn assert_verifies(store: &Path) {
    let (code, v) = run_json(store, &["verify"]);
    assert_eq!(code, 0, "verify: {v}");
    assert_eq!(v["problems"], serde_json::json!([]), "{v}");
}

/// The failures of an ingest summary that name `file`.
fn failures<'a>(summary: &'a serde_json::Value, file: &str) -> Vec<&'a serde_json::Value> {
    summary["failures"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|f| f["path"].as_str().unwrap_or("").ends_with(file))
                .collect()
        })
        .unwrap_or_default()
}

fn message(summary: &serde_json::Value, file: &str) -> String {
    let f = failures(summary, file);
    assert_eq!(f.len(), 1, "one failure for {file}: {summary}");
    f[0]["message"].as_str().unwrap().to_string()
}

fn show(store: &Path, doc: &str) -> serde_json::Value {
    let (code, v) = run_json(store, &["show", doc]);
    assert_eq!(code, 0, "show {doc}: {v}");
    v
}

/// `chronicle entity NAME --json`: one JSON line per matching entity.
fn entity(store: &Path, name: &str) -> String {
    let o = run(store, &["entity", name, "--json"]);
    assert_eq!(o.status.code(), Some(0), "entity {name}: {}", stderr(&o));
    stdout(&o)
}

fn texts(doc: &serde_json::Value) -> Vec<String> {
    doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect()
}

/// Writes `n` bytes made of `chunk` repeated (cut to length) to `path`,
/// without holding them all in memory.
fn write_repeated(path: &Path, chunk: &[u8], n: u64, tail: &[u8]) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let block: Vec<u8> = chunk.iter().copied().cycle().take(1 << 20).collect();
    let mut left = n;
    while left > 0 {
        let k = left.min(block.len() as u64) as usize;
        f.write_all(&block[..k]).unwrap();
        left -= k as u64;
    }
    f.write_all(tail).unwrap();
}

#[test]
fn deeply_nested_markup_does_not_overflow_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let n = 100_000;
    let inner = "The congress met in Baku on 27 April 1920.";
    let files = [
        (
            "divs.html",
            format!(
                "<html><body>{}{inner}{}<p>After the nest.</p></body></html>",
                "<div><span>".repeat(n),
                "</span></div>".repeat(n)
            ),
        ),
        // Never closed.
        ("open.html", format!("{}{inner}", "<div><b><i>".repeat(n))),
        (
            "lists.html",
            format!("{}{inner}{}", "<ol><li>".repeat(n), "</li></ol>".repeat(n)),
        ),
        (
            "tables.html",
            format!(
                "{}{inner}{}",
                "<table><tr><td><blockquote>".repeat(n),
                "</blockquote></td></tr></table>".repeat(n)
            ),
        ),
        ("quotes.md", format!("{} {inner}\n", ">".repeat(n))),
        ("lists.md", format!("{}{inner}\n", "- ".repeat(n))),
        (
            "brackets.md",
            format!(
                "{}x{}(http://x)\n\n{}emph{}\n\n{inner}\n",
                "[".repeat(n),
                "]".repeat(n),
                "*".repeat(n),
                "*".repeat(n)
            ),
        ),
        (
            "brackets.txt",
            format!("{}12{} {inner}\n", "[".repeat(n), "]".repeat(n)),
        ),
    ];
    let mut paths = Vec::new();
    for (name, text) in &files {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        paths.push(p);
    }
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let r = ingest(&store, &refs, &["--no-lang-id"], Duration::from_secs(300));
    let s = r.json();
    assert_eq!(r.code, Some(0), "{s}\n{}", r.stderr);
    assert_eq!(s["new"], files.len(), "{s}");
    for (name, _) in &files {
        let doc = show(&store, name);
        let all = texts(&doc).join("\n");
        assert!(all.contains("Baku on 27 April 1920"), "{name}: {all:.300}");
    }
    assert_verifies(&store);
    eprintln!(
        "nested markup: {:.1} s, peak {} MiB",
        r.elapsed.as_secs_f64(),
        r.peak_rss / MIB
    );
}

#[test]
fn a_hundred_megabyte_line_is_refused_quickly_naming_the_file_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let txt = dir.path().join("huge-line.txt");
    write_repeated(&txt, b"word ", 100 * MIB, b"\n");
    // The same line as the text of a JSONL record, between two good ones.
    let jsonl = dir.path().join("huge-record.jsonl");
    {
        let mut f = std::fs::File::create(&jsonl).unwrap();
        f.write_all(
            b"{\"id\":\"a\",\"text\":\"A short record about 1920.\"}\n{\"id\":\"big\",\"text\":\"",
        )
        .unwrap();
    }
    {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&jsonl)
            .unwrap();
        let block = b"word ".repeat(1 << 18);
        for _ in 0..(100 * MIB as usize / block.len()) {
            f.write_all(&block).unwrap();
        }
        f.write_all(b"\"}\n{\"id\":\"b\",\"text\":\"Another short record.\"}\n")
            .unwrap();
    }
    let r = ingest(&store, &[&txt, &jsonl], &[], Duration::from_secs(120));
    let s = r.json();
    assert_eq!(r.code, Some(1), "{s}\n{}", r.stderr);
    let m = message(&s, "huge-line.txt");
    assert!(m.contains("huge-line.txt"), "{m}");
    assert!(
        m.contains("file is 104857601 bytes, over the limit of 67108864 bytes")
            && m.contains("--max-doc-bytes"),
        "{m}"
    );
    let m = message(&s, "huge-record.jsonl");
    assert!(m.contains("huge-record.jsonl:2:"), "{m}");
    assert!(
        m.contains("JSONL line is") && m.contains("over the limit of 67108864 bytes"),
        "{m}"
    );
    // The records around it are read.
    assert_eq!(s["new"], 2, "{s}");
    // The file is refused by its size before it is read; the JSONL line is
    // streamed past without being held.
    assert!(
        r.peak_rss < 512 * MIB,
        "peak memory {} MiB",
        r.peak_rss / MIB
    );
    assert_verifies(&store);
    eprintln!(
        "100 MB line: refused in {:.1} s, peak {} MiB",
        r.elapsed.as_secs_f64(),
        r.peak_rss / MIB
    );
}

/// Sentences of ordinary words on one line of `n` bytes.
fn prose_line(path: &Path, n: u64) {
    const WORDS: &[&str] = &[
        "the", "old", "green", "stone", "wall", "near", "a", "quiet", "lane", "with", "small",
        "trees", "and", "grey", "roofs", "under", "soft", "light",
    ];
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut written = 0u64;
    while written < n {
        let mut s = String::new();
        let len = 8 + (state % 9) as usize;
        for k in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let w = WORDS[(state % WORDS.len() as u64) as usize];
            if k == 0 {
                s.push_str(&w[..1].to_uppercase());
                s.push_str(&w[1..]);
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s.push_str(". ");
        written += s.len() as u64;
        f.write_all(s.as_bytes()).unwrap();
    }
    f.write_all(b"\n").unwrap();
}

#[test]
fn a_twenty_megabyte_line_ingests_in_bounded_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let line = dir.path().join("long-line.txt");
    prose_line(&line, 20 * MIB);
    let r = ingest(
        &store,
        &[&line],
        &["--no-lang-id"],
        Duration::from_secs(900),
    );
    let s = r.json();
    assert_eq!(r.code, Some(0), "{s}\n{}", r.stderr);
    assert_eq!(s["new"], 1, "{s}");
    assert_eq!(s["paragraphs"], 1, "{s}");
    assert!(s["sentences"].as_u64().unwrap() > 100_000, "{s}");
    // About 640 MiB measured; before sentences and indexed units were
    // capped, a paragraph unit of 20 MB alone took some 2 GiB more.
    assert!(
        r.peak_rss < 1536 * MIB,
        "peak memory {} MiB for a 20 MiB line",
        r.peak_rss / MIB
    );
    assert_verifies(&store);
    eprintln!(
        "20 MB line: {:.1} s, peak {} MiB",
        r.elapsed.as_secs_f64(),
        r.peak_rss / MIB
    );
}

#[test]
fn extremely_long_words_and_runs_of_one_character() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    // A 1 MiB word of mixed letters inside a sentence.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyzəşğüöçıшуа".chars().collect();
    let mut word = String::new();
    while word.len() < MIB as usize {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        word.push(letters[(state % letters.len() as u64) as usize]);
    }
    let word_file = dir.path().join("long-word.txt");
    std::fs::write(
        &word_file,
        format!("The council met in Baku on 3 May 1920. Then {word} was said. It closed.\n"),
    )
    .unwrap();
    // 10 MiB of one letter, and 10 MiB of dots, each on one line.
    let letter_file = dir.path().join("one-letter.txt");
    write_repeated(&letter_file, b"a", 10 * MIB, b"\n");
    let dots_file = dir.path().join("dots.txt");
    write_repeated(&dots_file, b".", 10 * MIB, b"\n");
    let r = ingest(
        &store,
        &[&word_file, &letter_file, &dots_file],
        &["--no-lang-id"],
        Duration::from_secs(600),
    );
    let s = r.json();
    assert_eq!(r.code, Some(0), "{s}\n{}", r.stderr);
    assert_eq!(s["new"], 3, "{s}");
    // Measured about 220 MiB; a 10 MiB sentence of dots took 750 MiB before
    // over-long sentences were cut.
    assert!(
        r.peak_rss < 512 * MIB,
        "peak memory {} MiB",
        r.peak_rss / MIB
    );
    let doc = show(&store, "long-word.txt");
    let times: Vec<&str> = doc["timexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["value"].as_str().unwrap())
        .collect();
    assert_eq!(times, ["1920-05-03"], "{doc:.500}");
    assert!(texts(&doc).join(" ").contains(&word));
    // A run of one character is cut into sentences of at most 64 KiB that
    // hold every byte.
    for name in ["one-letter.txt", "dots.txt"] {
        let doc = show(&store, name);
        let p = &doc["paragraphs"][0];
        let sentences = p["sentences"].as_array().unwrap();
        assert!(
            sentences.len() >= 160,
            "{name}: {} sentences",
            sentences.len()
        );
        let covered: u64 = sentences
            .iter()
            .map(|x| x["end"].as_u64().unwrap() - x["start"].as_u64().unwrap())
            .sum();
        assert_eq!(covered, 10 * MIB, "{name}");
    }
    assert_verifies(&store);
    eprintln!(
        "long words: {:.1} s, peak {} MiB",
        r.elapsed.as_secs_f64(),
        r.peak_rss / MIB
    );
}

#[test]
fn nul_bytes_are_refused_in_files_and_kept_as_text_in_records() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let w = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let txt = w(
        "nul.txt",
        b"The assembly met in 1919.\0 It argued for three days.\n",
    );
    let md = w(
        "nul.md",
        b"# Title\n\nText with a \0 inside, 27 April 1920.\n",
    );
    let jsonl = w(
        "nul.jsonl",
        b"{\"id\":\"n1\",\"text\":\"The assembly met in Baku\\u0000 on 27 April 1920. Second\\u0000sentence.\"}\n",
    );
    let html = w(
        "nul.html",
        b"<p>The assembly met&#0; in Baku on 27 April 1920.&#x0; And &#xD800; &#x110000;.</p>",
    );
    let r = ingest(
        &store,
        &[&txt, &md, &jsonl, &html],
        &[],
        Duration::from_secs(120),
    );
    let s = r.json();
    assert_eq!(r.code, Some(1), "{s}");
    assert_eq!(s["new"], 2, "{s}");
    // A NUL byte in a file is binary data: refused with its offset.
    for (name, offset) in [("nul.txt", 25), ("nul.md", 21)] {
        let m = message(&s, name);
        assert!(m.contains(name) && m.contains("binary"), "{m}");
        assert_eq!(failures(&s, name)[0]["offset"], offset, "{s}");
    }
    // In a JSONL record, an escaped NUL is text: kept in the source text,
    // read as a space by the cleaner, dates and names found around it.
    let doc = show(&store, "nul.jsonl#n1");
    assert_eq!(
        texts(&doc),
        ["The assembly met in Baku on 27 April 1920. Second sentence."]
    );
    assert_eq!(doc["timexes"][0]["value"], "1920-04-27");
    // `&#0;` and other impossible character references are U+FFFD.
    let doc = show(&store, "nul.html");
    assert_eq!(
        texts(&doc),
        ["The assembly met\u{fffd} in Baku on 27 April 1920.\u{fffd} And \u{fffd} \u{fffd}."]
    );
    assert_verifies(&store);
}

#[test]
fn mixed_encodings_in_one_file_are_refused_not_garbled() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let utf8 = "Съезд открылся в Баку весной 1920 года. Делегаты спорили о границах. ";
    let cp1251 = |s: &str| encoding_rs::WINDOWS_1251.encode(s).0.into_owned();
    let legacy = "Шуша и Гянджа были заняты войсками в апреле. ";
    let w = |name: &str, parts: &[Vec<u8>]| {
        let p = dir.path().join(name);
        std::fs::write(&p, parts.concat()).unwrap();
        p
    };
    // Mostly UTF-8 with a windows-1251 sentence inside: a broken UTF-8 file.
    let a = w(
        "mostly-utf8.txt",
        &[
            utf8.repeat(10).into_bytes(),
            cp1251(legacy),
            utf8.repeat(2).into_bytes(),
        ],
    );
    // One UTF-8 sentence, then a long windows-1251 stretch: decoded all as
    // windows-1251 this stored the UTF-8 sentence as mojibake (`РЎСЉРµР·Рґ`).
    let b = w(
        "utf8-then-cp1251.txt",
        &[utf8.as_bytes().to_vec(), cp1251(&legacy.repeat(20))],
    );
    // Half and half: decoded all as windows-1252 before.
    let c = w(
        "half-and-half.txt",
        &[
            utf8.repeat(3).into_bytes(),
            cp1251(&legacy.repeat(5)),
            utf8.repeat(3).into_bytes(),
        ],
    );
    // A pure windows-1251 file is still detected and decoded.
    let d = w("pure-cp1251.txt", &[cp1251(&legacy.repeat(5))]);
    let r = ingest(&store, &[&a, &b, &c, &d], &[], Duration::from_secs(120));
    let s = r.json();
    assert_eq!(r.code, Some(1), "{s}");
    assert_eq!(s["new"], 1, "{s}");
    let m = message(&s, "mostly-utf8.txt");
    assert!(
        m.contains(&format!("invalid UTF-8 at byte offset {}", utf8.len() * 10))
            && m.contains("--encoding"),
        "{m}"
    );
    for (name, offset) in [
        ("utf8-then-cp1251.txt", utf8.len()),
        ("half-and-half.txt", utf8.len() * 3),
    ] {
        let m = message(&s, name);
        assert!(
            m.contains("mixes UTF-8 text with text in another encoding")
                && m.contains(&format!("invalid UTF-8 at byte offset {offset}"))
                && m.contains("--encoding"),
            "{m}"
        );
        assert_eq!(failures(&s, name)[0]["offset"], offset, "{s}");
    }
    let doc = show(&store, "pure-cp1251.txt");
    assert_eq!(doc["encoding"], "windows-1251");
    assert!(texts(&doc)[0].starts_with("Шуша и Гянджа"), "{doc:.300}");
    // Forcing an encoding is the user's choice: the file is then read.
    let r = ingest(
        &store,
        &[&b],
        &["--encoding", "windows-1251"],
        Duration::from_secs(60),
    );
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    assert_verifies(&store);
}

/// A gzip file of `members` copies of one member holding `chunk` bytes of
/// zeros: it decompresses to `members * chunk` bytes (multi-member gzip, as
/// `cat a.gz b.gz` makes).
fn zero_bomb(path: &Path, members: usize, chunk: usize) -> u64 {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(&vec![0u8; chunk]).unwrap();
    let member = e.finish().unwrap();
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for _ in 0..members {
        f.write_all(&member).unwrap();
    }
    (member.len() * members) as u64
}

#[test]
fn a_gzip_bomb_stops_at_the_limit_in_bounded_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    // 1 GiB of zeros in about 1 MiB, as a text file and as a JSONL corpus.
    let txt = dir.path().join("bomb.txt.gz");
    let size = zero_bomb(&txt, 1024, MIB as usize);
    assert!(size < 2 * MIB, "{size}");
    let jsonl = dir.path().join("bomb.jsonl.gz");
    zero_bomb(&jsonl, 1024, MIB as usize);
    let r = ingest(&store, &[&txt, &jsonl], &[], Duration::from_secs(120));
    let s = r.json();
    assert_eq!(r.code, Some(1), "{s}");
    assert_eq!(s["new"], 0, "{s}");
    // A file is decompressed up to the document limit and no further.
    let m = message(&s, "bomb.txt.gz");
    assert!(
        m.contains("decompressed text is")
            && m.contains("over the limit of 67108864 bytes")
            && m.contains("--max-doc-bytes"),
        "{m}"
    );
    // A JSONL corpus is streamed without a total limit, but stops once its
    // output is past the document limit at over 200 times its input.
    let m = message(&s, "bomb.jsonl.gz");
    assert!(
        m.contains("gzip data inflates over 200 times") && m.contains("zip bomb"),
        "{m}"
    );
    let decompressed = m
        .split('(')
        .nth(1)
        .and_then(|x| x.split(' ').next())
        .and_then(|x| x.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no size in {m}"));
    assert!(
        decompressed <= 65 * MIB,
        "read {decompressed} bytes of the 1 GiB"
    );
    assert!(
        r.peak_rss < 768 * MIB,
        "peak memory {} MiB",
        r.peak_rss / MIB
    );
    assert_verifies(&store);
    eprintln!(
        "gzip bombs: {:.1} s, peak {} MiB",
        r.elapsed.as_secs_f64(),
        r.peak_rss / MIB
    );
}

#[test]
fn right_to_left_overrides_are_kept_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let text = "The governor \u{202e}Samad Bey\u{202c} arrived in \u{202b}Baku\u{202c} on 3 May 1920. \
                \u{2067}Tabriz\u{2069} and \u{200f}Shusha\u{200f} sent \u{202e}\u{5e9}\u{5dc}\u{5d5}\u{5dd}\u{202c} letters.\n\n\
                Then Samad Bey left Baku for \u{202d}Ganja\u{202c}.\n";
    let file = dir.path().join("rtl.txt");
    std::fs::write(&file, text).unwrap();
    let r = ingest(
        &store,
        &[&file],
        &["--no-lang-id"],
        Duration::from_secs(120),
    );
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    let doc = show(&store, "rtl.txt");
    // The controls stay in the text, where they are.
    let all = texts(&doc).join("\n");
    assert!(all.contains("\u{202e}Samad Bey\u{202c}"), "{all}");
    assert!(all.contains("\u{2067}Tabriz\u{2069}"), "{all}");
    // Names are found without them; their spans are the name's bytes.
    let mentions: Vec<(&str, usize, usize)> = doc["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["text"].as_str().unwrap(),
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    for name in ["Samad Bey", "Baku", "Tabriz", "Shusha", "Ganja"] {
        assert!(
            mentions.iter().any(|m| m.0 == name),
            "{name} not among {mentions:?}"
        );
    }
    for (t, start, end) in &mentions {
        assert_eq!(&text[*start..*end], *t);
        assert!(!t.contains(['\u{202e}', '\u{202c}', '\u{2067}', '\u{2069}', '\u{200f}']));
    }
    assert_eq!(doc["timexes"][0]["value"], "1920-05-03");
    // The entities hold the names as text.
    let found = entity(&store, "Samad Bey");
    assert!(found.contains("samad-bey"), "{found:.500}");
    assert_verifies(&store);
}

#[test]
fn homoglyph_names_do_not_crash_and_join_their_latin_twins() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    // `Bаku` and `Bаkу` with Cyrillic а and у; `Ganjа` with Cyrillic а;
    // `Ваku` with a Cyrillic В.
    let text = "The army entered Baku on 28 April 1920. Later the army left B\u{430}ku for Ganja.\n\n\
                In B\u{430}k\u{443} the council met. The governor of Ganj\u{430} arrived in \u{412}\u{430}ku.\n";
    let file = dir.path().join("homoglyphs.txt");
    std::fs::write(&file, text).unwrap();
    let r = ingest(
        &store,
        &[&file],
        &["--no-lang-id"],
        Duration::from_secs(120),
    );
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    let doc = show(&store, "homoglyphs.txt");
    for m in doc["mentions"].as_array().unwrap() {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], m["text"].as_str().unwrap());
    }
    // The resolver folds lookalike letters the way it folds scripts: the
    // mixed-script spellings are aliases of the Latin entity, each kept as
    // written.
    let found = entity(&store, "B\u{430}ku");
    assert!(found.contains("\"id\":\"baku\""), "{found:.800}");
    for alias in ["B\u{430}ku", "B\u{430}k\u{443}"] {
        assert!(found.contains(alias), "{alias} not an alias: {found:.800}");
    }
    let ganja = entity(&store, "Ganja");
    assert!(ganja.contains("Ganj\u{430}"), "{ganja:.800}");
    assert_verifies(&store);
}
