//! Finding input files and reading them into raw documents: decompressed,
//! decoded, hashed, with JSONL corpora split into one document per record.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chronicle_core::Format;
use encoding_rs::Encoding;
use sha2::{Digest, Sha256};

use crate::decode::{self, Decoded};
use crate::error::{InputError, InputErrorKind};

/// Limits and overrides for reading inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Largest document (a file, its decompressed text, or one JSONL line)
    /// that is read; larger ones are refused with a clear error, so memory
    /// stays bounded.
    pub max_doc_bytes: u64,
    /// Decode every file with this encoding instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// Read every file as this format instead of going by its extension.
    pub format: Option<Format>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_doc_bytes: 64 * 1024 * 1024,
            encoding: None,
            format: None,
        }
    }
}

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub format: Format,
    /// The name says `.gz` (gzip is also recognised by its magic bytes).
    pub gzip: bool,
    /// Size on disk.
    pub size: u64,
}

/// A file that was passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// What [`discover`] found.
#[derive(Debug, Default)]
pub struct Discovery {
    pub inputs: Vec<Input>,
    pub skipped: Vec<Skipped>,
    pub errors: Vec<InputError>,
}

impl Discovery {
    pub fn total_bytes(&self) -> u64 {
        self.inputs.iter().map(|i| i.size).sum()
    }
}

/// The format and compression an extension names, if Chronicle reads it.
pub fn format_of(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (stem, gzip) = match name.strip_suffix(".gz") {
        Some(s) => (s.to_string(), true),
        None => (name, false),
    };
    let ext = stem.rsplit_once('.').map(|(_, e)| e)?;
    let format = match ext {
        "txt" | "text" => Format::Text,
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" | "xhtml" => Format::Html,
        "jsonl" | "ndjson" => Format::Jsonl,
        _ => return None,
    };
    Some((format, gzip))
}

/// Expands the given paths: files are taken as they are, directories are
/// walked recursively, following symbolic links (in file-name order; hidden
/// entries are passed over and files of other types are reported as
/// skipped; a link loop is reported as an error).
pub fn discover(paths: &[PathBuf], forced: Option<Format>) -> Discovery {
    let mut out = Discovery::default();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                out.errors.push(InputError::new(
                    path.display().to_string(),
                    InputErrorKind::NotFound,
                ));
                continue;
            }
            Err(e) => {
                out.errors.push(InputError::new(
                    path.display().to_string(),
                    InputErrorKind::Io(e.to_string()),
                ));
                continue;
            }
        };
        if meta.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                        add_file(&mut out, e.path(), size, forced, false);
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let p = e
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default();
                        out.errors
                            .push(InputError::new(p, InputErrorKind::Io(e.to_string())));
                    }
                }
            }
        } else {
            add_file(&mut out, path, meta.len(), forced, true);
        }
    }
    out
}

fn add_file(out: &mut Discovery, path: &Path, size: u64, forced: Option<Format>, explicit: bool) {
    let by_name = format_of(path);
    let gzip = by_name.map(|(_, g)| g).unwrap_or(false)
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    match forced.or(by_name.map(|(f, _)| f)) {
        Some(format) => out.inputs.push(Input {
            path: path.to_path_buf(),
            format,
            gzip,
            size,
        }),
        None => {
            let ext = path
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_else(|| "(no extension)".into());
            if explicit {
                out.errors.push(InputError::new(
                    path.display().to_string(),
                    InputErrorKind::Unsupported(ext),
                ));
            } else {
                out.skipped.push(Skipped {
                    path: path.display().to_string(),
                    reason: format!("unsupported file type {ext}"),
                });
            }
        }
    }
}

/// One document read from an input, before analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDoc {
    /// Identity: canonical path, plus `#id` / `#L<line>` for JSONL records.
    pub source: String,
    /// Short name for exports: file name, plus `#id` / `#L<line>`.
    pub name: String,
    pub content_hash: String,
    pub encoding: String,
    pub format: Format,
    /// Decoded text; spans of the analysed document point into it.
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub declared_lang: Option<String>,
    /// Size of the raw bytes (before decompression and decoding).
    pub raw_bytes: u64,
}

/// `sha256:` and the hex digest of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in digest.iter() {
        s.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
        s.push(char::from_digit((b & 15) as u32, 16).unwrap_or('0'));
    }
    s
}

/// Reads one input and hands each document (one per file, one per line of a
/// JSONL corpus) or error to `emit`, in order. JSONL corpora are streamed, so
/// their size is not limited; each record is.
pub fn read_input(
    input: &Input,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(Result<RawDoc, InputError>),
) {
    let display = input.path.display().to_string();
    let canonical = std::fs::canonicalize(&input.path)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| display.clone());
    let name = input
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| display.clone());
    if input.format == Format::Jsonl {
        read_jsonl(input, opts, &display, &canonical, &name, emit);
        return;
    }
    let err = |kind| InputError::new(display.clone(), kind);
    // A compressed file larger than the limit cannot decompress to less.
    if input.size > opts.max_doc_bytes {
        emit(Err(err(InputErrorKind::TooLarge {
            what: "file",
            size: input.size,
            limit: opts.max_doc_bytes,
        })));
        return;
    }
    let raw = match read_capped(&input.path, opts.max_doc_bytes + 1) {
        Ok(b) => b,
        Err(kind) => return emit(Err(err(kind))),
    };
    let content_hash = content_hash(&raw);
    let raw_len = raw.len() as u64;
    let bytes = if decode::is_gzip(&raw) {
        match decode::gunzip(&raw, opts.max_doc_bytes) {
            Ok(b) => b,
            Err(kind) => return emit(Err(err(kind))),
        }
    } else if raw_len > opts.max_doc_bytes {
        return emit(Err(err(InputErrorKind::TooLarge {
            what: "file",
            size: raw_len,
            limit: opts.max_doc_bytes,
        })));
    } else {
        raw
    };
    match decode::decode_owned(bytes, opts.encoding) {
        Ok(Decoded { text, encoding }) => emit(Ok(RawDoc {
            source: canonical,
            name,
            content_hash,
            encoding,
            format: input.format,
            text,
            title: None,
            url: None,
            declared_lang: None,
            raw_bytes: raw_len,
        })),
        Err((kind, line)) => {
            let mut e = err(kind);
            e.line = line;
            emit(Err(e))
        }
    }
}

fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, InputErrorKind> {
    let f = File::open(path).map_err(|e| InputErrorKind::Io(e.to_string()))?;
    let mut out = Vec::new();
    f.take(cap)
        .read_to_end(&mut out)
        .map_err(|e| InputErrorKind::Io(e.to_string()))?;
    Ok(out)
}

fn read_jsonl(
    input: &Input,
    opts: &ReadOptions,
    display: &str,
    canonical: &str,
    name: &str,
    emit: &mut dyn FnMut(Result<RawDoc, InputError>),
) {
    let file = match File::open(&input.path) {
        Ok(f) => f,
        Err(e) => {
            return emit(Err(InputError::new(
                display,
                InputErrorKind::Io(e.to_string()),
            )));
        }
    };
    let mut file = file;
    let mut head = [0u8; 2];
    let n = file.read(&mut head).unwrap_or(0);
    let gz = n == 2 && decode::is_gzip(&head);
    if let Err(e) = file.seek(SeekFrom::Start(0)) {
        return emit(Err(InputError::new(
            display,
            InputErrorKind::Io(e.to_string()),
        )));
    }
    let reader: Box<dyn Read> = if gz {
        Box::new(decode::GzipStream::new(file, opts.max_doc_bytes))
    } else {
        Box::new(file)
    };
    read_jsonl_stream(
        reader,
        gz,
        opts,
        display,
        canonical,
        name,
        input.format,
        emit,
    );
}

/// Reads a JSONL corpus held in memory (gzip-compressed or not) exactly as
/// [`read_input`] reads a `.jsonl` file: one document or error per non-blank
/// line, each line capped at `opts.max_doc_bytes`. `path` stands for the
/// file's display name and canonical path. For callers that already hold
/// the bytes, such as the fuzz targets in `fuzz/`.
pub fn read_jsonl_bytes(
    bytes: &[u8],
    path: &str,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(Result<RawDoc, InputError>),
) {
    let gz = decode::is_gzip(bytes);
    let reader: Box<dyn Read + '_> = if gz {
        Box::new(decode::GzipStream::new(bytes, opts.max_doc_bytes))
    } else {
        Box::new(bytes)
    };
    read_jsonl_stream(reader, gz, opts, path, path, path, Format::Jsonl, emit);
}

#[allow(clippy::too_many_arguments)]
fn read_jsonl_stream(
    reader: Box<dyn Read + '_>,
    gz: bool,
    opts: &ReadOptions,
    display: &str,
    canonical: &str,
    name: &str,
    format: Format,
    emit: &mut dyn FnMut(Result<RawDoc, InputError>),
) {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut line_no = 0u64;
    let mut any = false;
    let mut buf = Vec::new();
    loop {
        line_no += 1;
        buf.clear();
        match read_line_capped(&mut reader, &mut buf, opts.max_doc_bytes) {
            Ok(LineRead::Eof) => break,
            Ok(LineRead::TooLong(size)) => {
                any = true;
                emit(Err(InputError::new(
                    display,
                    InputErrorKind::TooLarge {
                        what: "JSONL line",
                        size,
                        limit: opts.max_doc_bytes,
                    },
                )
                .at_line(line_no)));
            }
            Ok(LineRead::Line) => {
                any = true;
                if buf.iter().all(|b| b.is_ascii_whitespace()) {
                    continue;
                }
                emit(
                    parse_record(&buf, line_no, display, canonical, name, format)
                        .map_err(|k| InputError::new(display, k).at_line(line_no)),
                );
            }
            Err(e) => {
                let bomb = e
                    .get_ref()
                    .and_then(|x| x.downcast_ref::<decode::GzipBomb>());
                let kind = if let Some(b) = bomb {
                    InputErrorKind::GzipBomb {
                        compressed: b.compressed,
                        decompressed: b.decompressed,
                    }
                } else if gz {
                    InputErrorKind::Gzip(e.to_string())
                } else {
                    InputErrorKind::Io(e.to_string())
                };
                emit(Err(InputError::new(display, kind).at_line(line_no)));
                return;
            }
        }
    }
    if !any {
        emit(Err(InputError::new(display, InputErrorKind::Empty)));
    }
}

enum LineRead {
    Eof,
    Line,
    /// The line was longer than the cap; it was skipped. Carries its length.
    TooLong(u64),
}

/// Reads one `\n`-terminated line into `buf` without ever holding more than
/// `cap` bytes of it.
fn read_line_capped(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: u64,
) -> std::io::Result<LineRead> {
    let mut total = 0u64;
    let mut too_long = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if total == 0 {
                LineRead::Eof
            } else if too_long {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
        let (piece, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(p) => (&chunk[..p + 1], true),
            None => (chunk, false),
        };
        let n = piece.len();
        total += n as u64;
        // The line's own bytes, without its `\n`, count against the cap.
        if !too_long && total - u64::from(done) > cap {
            too_long = true;
            buf.clear();
        }
        if !too_long {
            buf.extend_from_slice(piece);
        }
        r.consume(n);
        if done {
            if buf.last() == Some(&b'\n') {
                buf.pop();
            }
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(if too_long {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
    }
}

#[derive(serde::Deserialize)]
struct Record {
    text: Option<serde_json::Value>,
    title: Option<String>,
    url: Option<String>,
    lang: Option<String>,
    id: Option<serde_json::Value>,
}

fn parse_record(
    line: &[u8],
    line_no: u64,
    display: &str,
    canonical: &str,
    name: &str,
    format: Format,
) -> Result<RawDoc, InputErrorKind> {
    let _ = display;
    let text = std::str::from_utf8(line)
        .map_err(|e| InputErrorKind::InvalidUtf8(e.valid_up_to() as u64))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let rec: Record =
        serde_json::from_str(text).map_err(|e| InputErrorKind::Json(e.to_string()))?;
    let body = match rec.text {
        Some(serde_json::Value::String(s)) => s,
        _ => return Err(InputErrorKind::MissingText),
    };
    if body.trim().is_empty() {
        return Err(InputErrorKind::Empty);
    }
    let key = match rec.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("L{line_no}"),
    };
    Ok(RawDoc {
        source: format!("{canonical}#{key}"),
        name: format!("{name}#{key}"),
        content_hash: content_hash(line),
        encoding: "UTF-8".into(),
        format,
        text: body,
        title: rec.title.filter(|t| !t.trim().is_empty()),
        url: rec.url.filter(|t| !t.trim().is_empty()),
        declared_lang: rec.lang.filter(|t| !t.trim().is_empty()),
        raw_bytes: line.len() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(input: &Input, opts: &ReadOptions) -> Vec<Result<RawDoc, InputError>> {
        let mut out = Vec::new();
        read_input(input, opts, &mut |r| out.push(r));
        out
    }

    fn input(path: &Path) -> Input {
        let d = discover(&[path.to_path_buf()], None);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        d.inputs.into_iter().next().unwrap()
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(format_of(Path::new("a/b.TXT")), Some((Format::Text, false)));
        assert_eq!(
            format_of(Path::new("b.html.gz")),
            Some((Format::Html, true))
        );
        assert_eq!(
            format_of(Path::new("b.jsonl")),
            Some((Format::Jsonl, false))
        );
        assert_eq!(format_of(Path::new("b.pdf")), None);
        assert_eq!(format_of(Path::new("README")), None);
    }

    #[test]
    fn directories_are_walked_in_order_and_unknown_types_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.md"), "# B").unwrap();
        std::fs::write(dir.path().join("a.txt"), "A").unwrap();
        std::fs::write(dir.path().join("c.pdf"), "%PDF").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "H").unwrap();
        // A linked file is read; a link loop is an error, not a hang.
        std::os::unix::fs::symlink(dir.path().join("a.txt"), dir.path().join("sub/linked.txt"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        let d = discover(
            &[dir.path().to_path_buf(), dir.path().join("missing.txt")],
            None,
        );
        let names: Vec<_> = d
            .inputs
            .iter()
            .map(|i| i.path.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["a.txt", "b.md", "linked.txt"]);
        assert_eq!(d.skipped.len(), 1);
        assert!(d.skipped[0].path.ends_with("c.pdf"));
        assert_eq!(d.errors.len(), 2, "{:?}", d.errors);
        assert!(
            d.errors.iter().any(|e| e.path.ends_with("loop")),
            "{:?}",
            d.errors
        );
        assert!(d.errors.iter().any(|e| e.kind == InputErrorKind::NotFound));
    }

    #[test]
    fn jsonl_records_and_their_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.jsonl");
        let long = format!("{{\"text\": \"{}\"}}", "x".repeat(500));
        std::fs::write(
            &p,
            format!(
                "{{\"id\": \"a1\", \"text\": \"Первый текст.\", \"lang\": \"ru\", \"title\": \"T\"}}\n\nnot json\n{{\"title\": \"no text\"}}\n{long}\n{{\"text\": \"Last one.\"}}\n"
            ),
        )
        .unwrap();
        let opts = ReadOptions {
            max_doc_bytes: 200,
            ..Default::default()
        };
        let got = read_all(&input(&p), &opts);
        assert_eq!(got.len(), 5);
        let first = got[0].as_ref().unwrap();
        assert_eq!(first.name, "c.jsonl#a1");
        assert_eq!(first.text, "Первый текст.");
        assert_eq!(first.declared_lang.as_deref(), Some("ru"));
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(matches!(e.kind, InputErrorKind::Json(_)));
        assert_eq!(
            got[2].as_ref().unwrap_err().kind,
            InputErrorKind::MissingText
        );
        let e = got[3].as_ref().unwrap_err();
        assert_eq!(e.line, Some(5));
        assert!(matches!(e.kind, InputErrorKind::TooLarge { .. }));
        assert_eq!(got[4].as_ref().unwrap().name, "c.jsonl#L6");
    }

    #[test]
    fn gzip_files_are_decompressed_and_hashed_raw() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.txt.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all("Bakı şəhəri".as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        std::fs::write(&p, &gz).unwrap();
        let got = read_all(&input(&p), &ReadOptions::default());
        let doc = got[0].as_ref().unwrap();
        assert_eq!(doc.text, "Bakı şəhəri");
        assert_eq!(doc.content_hash, content_hash(&gz));
        assert_eq!(doc.format, Format::Text);
    }

    #[test]
    fn oversized_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.txt");
        std::fs::write(&p, "a".repeat(1000)).unwrap();
        let opts = ReadOptions {
            max_doc_bytes: 100,
            ..Default::default()
        };
        let got = read_all(&input(&p), &opts);
        assert!(matches!(
            got[0].as_ref().unwrap_err().kind,
            InputErrorKind::TooLarge { size: 1000, .. }
        ));
    }

    #[test]
    fn hash_matches_sha256sum_format() {
        assert_eq!(
            content_hash(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// Found by `fuzz/` (target `jsonl`): a last line without a line break
    /// could be one byte over `max_doc_bytes` and still be read.
    #[test]
    fn jsonl_line_limit_holds_without_a_final_line_break() {
        let opts = ReadOptions {
            max_doc_bytes: 12,
            ..Default::default()
        };
        let read = |bytes: &[u8]| {
            let mut out = Vec::new();
            read_jsonl_bytes(bytes, "mem.jsonl", &opts, &mut |r| out.push(r));
            out
        };
        // 12 bytes: at the limit, read with or without the line break.
        for bytes in [&b"{\"text\":\"a\"}"[..], b"{\"text\":\"a\"}\n"] {
            let got = read(bytes);
            assert_eq!(got.len(), 1);
            assert_eq!(got[0].as_ref().unwrap().text, "a");
        }
        // 13 bytes: over it, refused with or without the line break.
        for bytes in [&b"{\"text\":\"ab\"}"[..], b"{\"text\":\"ab\"}\n"] {
            let got = read(bytes);
            assert_eq!(got.len(), 1);
            let e = got[0].as_ref().unwrap_err();
            assert_eq!(e.line, Some(1));
            assert!(
                matches!(e.kind, InputErrorKind::TooLarge { limit: 12, .. }),
                "{e}"
            );
        }
    }
}
