//! Deterministic synthetic corpus generator.
//!
//! The generator is a pure function of its [`GenOptions`]: it hands every file
//! (relative path and bytes) to a sink in a fixed order, so the same seed and
//! size always produce byte-identical corpora. File writing lives in
//! [`write_corpus`]; tests use an in-memory sink.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::vocab::{self, Lang};

/// Smallest and largest generated file, in content bytes.
pub const MIN_FILE: u64 = 50_000;
pub const MAX_FILE: u64 = 2_000_000;

/// Parses a size such as `500MB`, `1.5 GB`, `64KiB` or `1000` (bytes).
///
/// `KB`/`MB`/`GB` (and bare `K`/`M`/`G`) are decimal; `KiB`/`MiB`/`GiB` are
/// binary. Case is ignored.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let s = text.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("invalid size {text:?}: expected e.g. 500MB"))?;
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        other => return Err(format!("unknown size unit {other:?} in {text:?}")),
    };
    let bytes = number * multiplier as f64;
    if !bytes.is_finite() || bytes < 1.0 {
        return Err(format!("size {text:?} must be at least one byte"));
    }
    Ok(bytes.round() as u64)
}

/// SplitMix64: tiny, fast, and good enough for picking words.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform integer in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        debug_assert!(lo <= hi);
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// Uniform index below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent / 100`.
    pub fn chance(&mut self, percent: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 100.0 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Output file formats, with their relative weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Txt,
    Md,
    Html,
    Jsonl,
    TxtGz,
}

impl Format {
    const WEIGHTED: [(Format, u64); 5] = [
        (Format::Txt, 58),
        (Format::Md, 12),
        (Format::Html, 12),
        (Format::Jsonl, 12),
        (Format::TxtGz, 6),
    ];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::TxtGz => "txt.gz",
        }
    }

    fn pick(rng: &mut Rng) -> Format {
        let total: u64 = Self::WEIGHTED.iter().map(|(_, w)| w).sum();
        let mut roll = rng.range(0, total - 1);
        for (format, weight) in Self::WEIGHTED {
            if roll < weight {
                return format;
            }
            roll -= weight;
        }
        Format::Txt
    }
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenOptions {
    /// Target total content size in bytes (decompressed size for `.gz`).
    pub total: u64,
    pub seed: u64,
    /// File size bounds in content bytes.
    pub min_file: u64,
    pub max_file: u64,
}

impl GenOptions {
    pub fn new(total: u64, seed: u64) -> Self {
        GenOptions {
            total,
            seed,
            min_file: MIN_FILE,
            max_file: MAX_FILE,
        }
    }
}

/// Per-format tallies of a generated corpus.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub files: u64,
    /// Sum of content bytes (decompressed for `.gz`).
    pub content_bytes: u64,
    /// Sum of bytes as written to disk.
    pub disk_bytes: u64,
    /// Format → (files, content bytes).
    pub by_format: BTreeMap<&'static str, (u64, u64)>,
    /// Documents (JSONL records count individually).
    pub documents: u64,
}

impl Summary {
    pub fn print(&self) {
        println!(
            "generated {} files, {} documents, {:.1} MB content ({:.1} MB on disk)",
            self.files,
            self.documents,
            self.content_bytes as f64 / 1e6,
            self.disk_bytes as f64 / 1e6
        );
        for (format, (files, bytes)) in &self.by_format {
            println!(
                "  {format:<7} {files:>6} files {:>10.1} MB",
                *bytes as f64 / 1e6
            );
        }
    }
}

/// Generates the corpus, handing each file to `sink` as (relative path,
/// bytes). Relative paths use `/` and put at most 100 files per directory.
pub fn generate(
    opts: &GenOptions,
    mut sink: impl FnMut(&str, &[u8]) -> Result<()>,
) -> Result<Summary> {
    if opts.min_file == 0 || opts.min_file > opts.max_file {
        bail!("invalid file size bounds");
    }
    let mut master = Rng::new(opts.seed ^ 0x00C4_2011_C1E5_u64);
    let mut summary = Summary::default();
    let mut index = 0u64;
    while summary.content_bytes < opts.total {
        let remaining = opts.total - summary.content_bytes;
        let mut target = master.range(opts.min_file, opts.max_file);
        // Fold a short tail into this file rather than leaving a tiny one.
        if target >= remaining || remaining - target < opts.min_file {
            target = remaining;
        }
        let format = Format::pick(&mut master);
        let mut rng = Rng::new(master.next_u64());
        let primary = rng.pick(vocab::all());
        let secondary = if rng.chance(11.25) {
            // 1 in 9 draws repeats the primary language, leaving ~10% mixed.
            let other = rng.pick(vocab::all());
            (other.code != primary.code).then_some(other)
        } else {
            None
        };
        let mut writer = DocWriter {
            rng,
            primary,
            secondary,
        };
        let (content, documents) = writer.render_file(format, target as usize, index);
        let disk = match format {
            Format::TxtGz => gzip(content.as_bytes())?,
            _ => content.into_bytes(),
        };
        let content_len = match format {
            Format::TxtGz => gunzip_len(&disk)?,
            _ => disk.len() as u64,
        };
        let name = format!(
            "part-{:03}/{index:06}-{}{}.{}",
            index / 100,
            primary.code,
            secondary
                .map(|l| format!("-{}", l.code))
                .unwrap_or_default(),
            format.extension()
        );
        sink(&name, &disk)?;
        summary.files += 1;
        summary.documents += documents;
        summary.content_bytes += content_len;
        summary.disk_bytes += disk.len() as u64;
        let entry = summary.by_format.entry(format.extension()).or_default();
        entry.0 += 1;
        entry.1 += content_len;
        index += 1;
    }
    Ok(summary)
}

/// Generates the corpus into `out`, creating directories as needed.
pub fn write_corpus(out: &Path, opts: &GenOptions) -> Result<Summary> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    generate(opts, |rel, bytes| {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    })
}

fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    // GzBuilder leaves mtime at 0 and stores no file name, so the output is
    // deterministic.
    let mut encoder = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

fn gunzip_len(data: &[u8]) -> Result<u64> {
    let mut decoder = flate2::read::MultiGzDecoder::new(data);
    Ok(std::io::copy(&mut decoder, &mut std::io::sink())?)
}

/// A structural piece of a document.
enum Block {
    Heading(String),
    Para(String),
    List(Vec<String>),
}

/// A document before rendering.
struct Doc {
    lang: &'static Lang,
    title: String,
    blocks: Vec<Block>,
    references: Vec<String>,
}

impl Doc {
    fn text_len(&self) -> usize {
        let blocks: usize = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading(t) | Block::Para(t) => t.len() + 2,
                Block::List(items) => items.iter().map(|i| i.len() + 3).sum(),
            })
            .sum();
        self.title.len() + blocks + self.references.iter().map(|r| r.len() + 1).sum::<usize>()
    }
}

struct DocWriter {
    rng: Rng,
    primary: &'static Lang,
    secondary: Option<&'static Lang>,
}

impl DocWriter {
    /// Renders one file of about `target` bytes; returns the text and the
    /// number of documents in it.
    fn render_file(&mut self, format: Format, target: usize, index: u64) -> (String, u64) {
        match format {
            Format::Jsonl => self.render_jsonl(target, index),
            Format::Html => {
                // Markup adds roughly a tenth on top of the text.
                let doc = self.doc(target * 9 / 10);
                (self.render_html(&doc), 1)
            }
            Format::Md => {
                let doc = self.doc(target * 24 / 25);
                (self.render_md(&doc), 1)
            }
            Format::Txt | Format::TxtGz => {
                let doc = self.doc(target);
                (self.render_txt(&doc), 1)
            }
        }
    }

    fn lang_for_block(&mut self) -> &'static Lang {
        match self.secondary {
            Some(other) if self.rng.chance(30.0) => other,
            _ => self.primary,
        }
    }

    fn word(&mut self, lang: &'static Lang) -> &'static str {
        if self.rng.chance(6.0) {
            self.rng.pick(&lang.names).as_str()
        } else {
            self.rng.pick(&lang.words).as_str()
        }
    }

    fn capitalise(lang: &Lang, word: &str, out: &mut String) {
        let mut chars = word.chars();
        match chars.next() {
            Some('i') if lang.dotted_i => out.push('İ'),
            // The Armenian ligature capitalises as two letters; writers use Եվ.
            Some('և') => out.push_str("Եվ"),
            Some(first) if lang.cased => out.extend(first.to_uppercase()),
            Some(first) => out.push(first),
            None => {}
        }
        out.push_str(chars.as_str());
    }

    fn date(&mut self, lang: &Lang) -> String {
        let day = self.rng.range(1, 28) as u32;
        let month = self.rng.below(12);
        let year = self.rng.range(1890, 1925) as u32;
        lang.format_date(day, month, year)
    }

    /// A pseudo-sentence of 5–25 words, without its terminator.
    fn sentence(&mut self, lang: &'static Lang, out: &mut String) {
        let words = self.rng.range(5, 25);
        for i in 0..words {
            if i == 0 {
                let first = self.word(lang);
                Self::capitalise(lang, first, out);
                continue;
            }
            if i > 3 && self.rng.chance(5.0) {
                out.push(',');
            }
            out.push(' ');
            if self.rng.chance(0.5) {
                let date = self.date(lang);
                out.push_str(&date);
            } else if self.rng.chance(0.3) {
                let year = self.rng.range(1900, 1925);
                let _ = write!(out, "{year}");
            } else {
                out.push_str(self.word(lang));
            }
        }
    }

    /// A paragraph of 2–8 sentences, with occasional wiki debris.
    fn paragraph(&mut self, lang: &'static Lang) -> String {
        let mut out = String::with_capacity(1024);
        let sentences = self.rng.range(2, 8);
        // Decide per paragraph which kind of debris (if any) it carries.
        let wiki_markers = self.rng.chance(5.0);
        let spaced_markers = self.rng.chance(2.0);
        let citation_needed = self.rng.chance(1.0);
        for i in 0..sentences {
            if i > 0 {
                out.push(' ');
            }
            self.sentence(lang, &mut out);
            if spaced_markers && self.rng.chance(50.0) {
                // Markers left behind by stripped <sup> links: ` 4 .` or
                // `1  2  3 .`
                let n = self.rng.range(1, 3);
                for k in 0..n {
                    let marker = self.rng.range(1, 60);
                    let _ = write!(out, "{}{marker}", if k == 0 { " " } else { "  " });
                }
                out.push(' ');
            }
            out.push_str(&lang.stop);
            if wiki_markers && self.rng.chance(50.0) {
                for _ in 0..self.rng.range(1, 3) {
                    let marker = self.rng.range(1, 120);
                    let _ = write!(out, "[{marker}]");
                }
            }
            if citation_needed && i + 1 == sentences {
                out.push_str("[citation needed]");
            }
        }
        out
    }

    fn heading(&mut self, lang: &'static Lang) -> String {
        let mut out = String::new();
        let base = self.rng.pick(&lang.headings);
        out.push_str(base);
        if self.rng.chance(40.0) {
            out.push(' ');
            out.push_str(self.rng.pick(&lang.names).as_str());
        }
        out
    }

    fn title(&mut self, lang: &'static Lang) -> String {
        let mut out = String::new();
        let first = self.rng.pick(&lang.names);
        out.push_str(first);
        for _ in 0..self.rng.range(1, 3) {
            out.push(' ');
            out.push_str(self.rng.pick(&lang.words).as_str());
        }
        if self.rng.chance(50.0) {
            let _ = write!(out, " ({}–{})", 1918, self.rng.range(1919, 1921));
        }
        out
    }

    /// Builds a document whose text is at least about `target` bytes.
    fn doc(&mut self, target: usize) -> Doc {
        let lang = self.primary;
        let title = self.title(lang);
        let mut doc = Doc {
            lang,
            title,
            blocks: Vec::new(),
            references: Vec::new(),
        };
        let with_refs = self.rng.chance(30.0);
        let mut refs_len = 0;
        let mut size = doc.text_len();
        while size + refs_len < target {
            if !doc.blocks.is_empty() && self.rng.chance(20.0) {
                let heading_lang = self.lang_for_block();
                let heading = self.heading(heading_lang);
                size += heading.len() + 2;
                doc.blocks.push(Block::Heading(heading));
            }
            let block_lang = self.lang_for_block();
            if self.rng.chance(4.0) {
                let mut items = Vec::new();
                for _ in 0..self.rng.range(3, 7) {
                    let mut item = String::new();
                    self.sentence(block_lang, &mut item);
                    size += item.len() + 3;
                    items.push(item);
                }
                doc.blocks.push(Block::List(items));
            } else {
                let para = self.paragraph(block_lang);
                size += para.len() + 2;
                doc.blocks.push(Block::Para(para));
            }
            if with_refs && self.rng.chance(20.0) {
                let n = doc.references.len() + 1;
                let author = self.rng.pick(vocab::authors());
                let year = self.rng.range(1920, 2015);
                let page = self.rng.range(1, 640);
                let reference = format!("  {n}. ^ {author} {year}, p. {page}.");
                refs_len += reference.len() + 1;
                doc.references.push(reference);
            }
        }
        doc
    }

    fn render_txt(&mut self, doc: &Doc) -> String {
        let mut out = String::with_capacity(doc.text_len() + 64);
        // Some sources put one paragraph per line, others separate them with
        // blank lines.
        let sep = if self.rng.chance(30.0) { "\n" } else { "\n\n" };
        out.push_str(&doc.title);
        out.push_str("\n\n");
        for block in &doc.blocks {
            match block {
                Block::Heading(h) => {
                    out.push_str(h);
                    out.push('\n');
                    if self.rng.chance(15.0) {
                        out.push_str("edit\n");
                    }
                    out.push_str(sep);
                }
                Block::Para(p) => {
                    out.push_str(p);
                    out.push_str(sep);
                }
                Block::List(items) => {
                    for item in items {
                        out.push_str(item);
                        out.push('\n');
                    }
                    out.push_str(sep);
                }
            }
        }
        if !doc.references.is_empty() {
            out.push_str(&doc.lang.references);
            out.push_str("\n\n");
            for reference in &doc.references {
                out.push_str(reference);
                out.push('\n');
            }
        }
        out
    }

    fn render_md(&mut self, doc: &Doc) -> String {
        let mut out = String::with_capacity(doc.text_len() + 256);
        let _ = write!(out, "# {}\n\n", doc.title);
        for block in &doc.blocks {
            match block {
                Block::Heading(h) => {
                    let _ = write!(out, "## {h}\n\n");
                }
                Block::Para(p) => {
                    match p.split_once(' ') {
                        Some((first, rest)) if self.rng.chance(10.0) => {
                            let _ = write!(out, "**{first}** {rest}");
                        }
                        _ => out.push_str(p),
                    }
                    out.push_str("\n\n");
                }
                Block::List(items) => {
                    for item in items {
                        let _ = writeln!(out, "- {item}");
                    }
                    out.push('\n');
                }
            }
        }
        if !doc.references.is_empty() {
            let _ = write!(out, "## {}\n\n", doc.lang.references);
            for reference in &doc.references {
                out.push_str(reference.trim_start());
                out.push('\n');
            }
        }
        out
    }

    fn render_html(&mut self, doc: &Doc) -> String {
        let mut out = String::with_capacity(doc.text_len() * 11 / 10 + 1024);
        let title = escape_html(&doc.title);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{title} &mdash; Archive</title>\n\
             <style>\nbody {{ font-family: serif; margin: 2em; }}\n\
             .reference {{ font-size: 80%; vertical-align: super; }}\n</style>\n\
             <script>\nvar pageConfig = {{ \"lang\": \"{code}\", \"revision\": {rev} }};\n\
             if (window.console) {{ console.log(\"loaded\"); }}\n</script>\n\
             </head>\n<body>\n<nav><a href=\"/\">Main page</a> | <a href=\"/random\">Random</a></nav>\n\
             <h1>{title}</h1>\n",
            code = doc.lang.code,
            rev = self.rng.range(1000, 999_999),
        );
        for block in &doc.blocks {
            match block {
                Block::Heading(h) => {
                    let _ = writeln!(out, "<h2>{}</h2>", escape_html(h));
                }
                Block::Para(p) => {
                    let _ = writeln!(out, "<p>{}</p>", escape_html(p));
                }
                Block::List(items) => {
                    out.push_str("<ul>\n");
                    for item in items {
                        let _ = writeln!(out, "<li>{}</li>", escape_html(item));
                    }
                    out.push_str("</ul>\n");
                }
            }
        }
        if !doc.references.is_empty() {
            let _ = writeln!(
                out,
                "<h2>{}</h2>\n<ol class=\"references\">",
                doc.lang.references
            );
            for reference in &doc.references {
                let text = reference
                    .trim_start()
                    .split_once(". ")
                    .map_or(reference.as_str(), |(_, rest)| rest);
                let _ = writeln!(
                    out,
                    "<li>{}</li>",
                    escape_html(text).replace("p. ", "p.&nbsp;")
                );
            }
            out.push_str("</ol>\n");
        }
        out.push_str(
            "<footer>Text is available under an open licence.</footer>\n</body>\n</html>\n",
        );
        out
    }

    fn render_jsonl(&mut self, target: usize, file_index: u64) -> (String, u64) {
        let mut out = String::with_capacity(target + 4096);
        let mut records = 0u64;
        while out.len() < target {
            let remaining = target - out.len();
            let size = (self.rng.range(3_000, 30_000) as usize).min(remaining.max(500));
            let doc = self.doc(size);
            let mut body = self.render_txt(&doc);
            // The title travels in its own field.
            body.drain(..doc.title.len() + 2);
            let record = serde_json::json!({
                "id": format!("gen-{file_index}-{records}"),
                "title": doc.title,
                "url": format!("https://archive.example/{}/{file_index}/{records}", doc.lang.code),
                "lang": doc.lang.code,
                "text": body.trim_end(),
            });
            out.push_str(&record.to_string());
            out.push('\n');
            records += 1;
        }
        (out, records)
    }
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn collect(opts: &GenOptions) -> (Summary, Vec<(String, Vec<u8>)>) {
        let mut files = Vec::new();
        let summary = generate(opts, |name, bytes| {
            files.push((name.to_string(), bytes.to_vec()));
            Ok(())
        })
        .unwrap();
        (summary, files)
    }

    fn small(total: u64, seed: u64) -> GenOptions {
        GenOptions {
            total,
            seed,
            min_file: 5_000,
            max_file: 60_000,
        }
    }

    fn content(name: &str, bytes: &[u8]) -> String {
        let raw = if name.ends_with(".gz") {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes)
                .read_to_end(&mut out)
                .unwrap();
            out
        } else {
            bytes.to_vec()
        };
        String::from_utf8(raw).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"))
    }

    #[test]
    fn same_seed_same_bytes() {
        let (_, a) = collect(&small(300_000, 7));
        let (_, b) = collect(&small(300_000, 7));
        assert_eq!(a, b);
        let (_, c) = collect(&small(300_000, 8));
        assert_ne!(a, c);
    }

    #[test]
    fn total_size_is_close_to_request() {
        for (total, seed) in [(120_000, 1), (800_000, 2), (2_000_000, 3)] {
            let (summary, files) = collect(&small(total, seed));
            let measured: u64 = files.iter().map(|(n, b)| content(n, b).len() as u64).sum();
            assert_eq!(measured, summary.content_bytes);
            let ratio = measured as f64 / total as f64;
            assert!((0.9..=1.1).contains(&ratio), "{total}: got {measured}");
        }
    }

    #[test]
    fn default_bounds_hit_the_target_too() {
        let (summary, _) = collect(&GenOptions::new(3_000_000, 11));
        let ratio = summary.content_bytes as f64 / 3e6;
        assert!((0.9..=1.1).contains(&ratio), "{}", summary.content_bytes);
    }

    #[test]
    fn files_are_utf8_and_jsonl_parses() {
        let (summary, files) = collect(&small(3_000_000, 42));
        assert_eq!(summary.files as usize, files.len());
        // Every format shows up in a corpus of this many files.
        for ext in ["txt", "md", "html", "jsonl", "txt.gz"] {
            assert!(summary.by_format.contains_key(ext), "no {ext} files");
        }
        for (name, bytes) in &files {
            let text = content(name, bytes);
            if name.ends_with(".jsonl") {
                for line in text.lines() {
                    let value: serde_json::Value = serde_json::from_str(line).unwrap();
                    let body = value["text"].as_str().expect("text field");
                    assert!(!body.is_empty());
                    for key in ["id", "title", "url", "lang"] {
                        assert!(value[key].is_string(), "{name}: missing {key}");
                    }
                }
            }
            if name.ends_with(".html") {
                assert!(text.contains("<script>") && text.contains("<p>"));
            }
        }
    }

    #[test]
    fn corpus_contains_debris_and_all_languages() {
        let (_, files) = collect(&small(4_000_000, 5));
        let all: String = files.iter().map(|(n, b)| content(n, b)).collect();
        for needle in ["[citation needed]", "\nedit\n", ". ^ ", ".["] {
            assert!(all.contains(needle), "missing {needle:?}");
        }
        assert!(all.contains("[1]") || all.contains("[2]"));
        // ` 4 .`-style markers: a number, a space, then the full stop.
        assert!(
            all.match_indices(" .")
                .any(|(i, _)| all[..i].ends_with(|c: char| c.is_ascii_digit()))
        );
        for lang in vocab::all() {
            assert!(
                files
                    .iter()
                    .any(|(n, _)| n.contains(&format!("-{}", lang.code))),
                "no {} file",
                lang.code
            );
        }
    }

    #[test]
    fn size_suffixes() {
        assert_eq!(parse_size("500MB"), Ok(500_000_000));
        assert_eq!(parse_size("500mb"), Ok(500_000_000));
        assert_eq!(parse_size("64KB"), Ok(64_000));
        assert_eq!(parse_size("2 GB"), Ok(2_000_000_000));
        assert_eq!(parse_size("1.5M"), Ok(1_500_000));
        assert_eq!(parse_size("4KiB"), Ok(4096));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert_eq!(parse_size("1234"), Ok(1234));
        assert!(parse_size("MB").is_err());
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("0").is_err());
    }

    #[test]
    fn capitals_respect_script() {
        let mut out = String::new();
        let lang = |code| vocab::lang(code).unwrap();
        DocWriter::capitalise(lang("tr"), "ile", &mut out);
        DocWriter::capitalise(lang("ka"), "და", &mut out);
        DocWriter::capitalise(lang("ru"), "армия", &mut out);
        DocWriter::capitalise(lang("hy"), "և", &mut out);
        assert_eq!(out, "İleდაАрмияԵվ");
    }
}
