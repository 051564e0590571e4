//! Every kind of bad input gets a one-line error naming the file, the run goes
//! on with the other files, nothing stored is lost, and the exit code says so.

mod common;

use std::io::Write;

use common::*;

const GOOD_EN: &str =
    "The assembly met in the old hall in the spring of 1919. It argued for three days.\n";
const GOOD_RU: &str = "Собрание открылось весной 1919 года в старом зале. Споры шли три дня.\n";

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn failure<'a>(summary: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    summary["failures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("no failure for {file}: {summary}"))
}

#[test]
fn each_bad_input_fails_alone_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(input.join(name), bytes).unwrap();

    // Something stored before, which must survive.
    let earlier = dir.path().join("earlier.txt");
    std::fs::write(&earlier, GOOD_RU).unwrap();
    let (code, _) = run_json(&store, &["ingest", earlier.to_str().unwrap()]);
    assert_eq!(code, 0);

    w("a-good.txt", GOOD_EN.as_bytes());
    w("binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    w("empty.txt", b"");
    let mut broken = GOOD_RU.as_bytes().to_vec();
    broken.insert(31, 0xC3); // between two letters
    broken.insert(32, 0x28);
    w("broken-utf8.txt", &broken);
    let whole = gz(GOOD_EN.repeat(200).as_bytes());
    w("truncated.txt.gz", &whole[..whole.len() / 2]);
    w("large.txt", GOOD_EN.repeat(40).as_bytes());
    // One line far over the limit (stands for a line of hundreds of MB).
    w("one-line.txt", "word ".repeat(5000).as_bytes());
    let long_line = format!("{{\"id\":\"big\",\"text\":\"{}\"}}\n", "a".repeat(3000));
    let corpus = format!(
        "{{\"id\":\"ok1\",\"text\":\"{}\"}}\nthis is not json\n{long_line}{{\"id\":\"ok2\",\"text\":\"Second record.\"}}\n",
        GOOD_EN.trim()
    );
    w("corpus.jsonl", corpus.as_bytes());
    w(
        "z-good.md",
        b"# Title\n\nA short Markdown document about a meeting in 1920.\n",
    );
    let missing = dir.path().join("does-not-exist.txt");

    let o = run(
        &store,
        &[
            "ingest",
            input.to_str().unwrap(),
            missing.to_str().unwrap(),
            "--max-doc-bytes",
            "2K",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["new"], 4, "{s}"); // a-good, z-good, corpus#ok1, corpus#ok2
    assert_eq!(s["failed"], 9, "{s}");

    let msg = |file: &str| failure(&s, file)["message"].as_str().unwrap().to_string();
    assert!(
        msg("binary.txt").contains("binary"),
        "{}",
        msg("binary.txt")
    );
    assert_eq!(failure(&s, "binary.txt")["offset"], 8);
    assert!(msg("empty.txt").contains("empty"));
    assert!(
        msg("broken-utf8.txt").contains("invalid UTF-8 at byte offset 31"),
        "{}",
        msg("broken-utf8.txt")
    );
    assert!(msg("broken-utf8.txt").contains("--encoding"));
    assert!(
        msg("truncated.txt.gz").contains("gzip"),
        "{}",
        msg("truncated.txt.gz")
    );
    assert!(msg("large.txt").contains("limit"), "{}", msg("large.txt"));
    assert!(
        msg("one-line.txt").contains("25000 bytes, over the limit of 2048"),
        "{}",
        msg("one-line.txt")
    );
    assert!(msg("does-not-exist.txt").contains("no such file"));
    let json_errors: Vec<_> = s["failures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with("corpus.jsonl"))
        .collect();
    assert_eq!(json_errors.len(), 2, "{s}");
    assert_eq!(json_errors[0]["line"], 2);
    assert!(
        json_errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );
    assert_eq!(json_errors[1]["line"], 3);
    assert!(
        json_errors[1]["message"]
            .as_str()
            .unwrap()
            .contains("over the limit")
    );

    // Without --json, each failure is one line on stderr naming the file.
    let o = run(
        &store,
        &[
            "ingest",
            input.to_str().unwrap(),
            "--max-doc-bytes",
            "2K",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("chronicle: failed:"))
        .collect();
    assert_eq!(lines.len(), 8, "{err}");
    assert!(lines.iter().any(|l| l.contains("corpus.jsonl:2:")), "{err}");

    // Nothing stored earlier was lost, and the good files are there.
    let (_, docs) = run_json(&store, &["docs"]);
    let names: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    for n in [
        "earlier.txt",
        "a-good.txt",
        "z-good.md",
        "corpus.jsonl#ok1",
        "corpus.jsonl#ok2",
    ] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
    let (code, v) = run_json(&store, &["verify"]);
    assert_eq!(code, 0, "{v}");
}

#[test]
fn legacy_encodings_are_detected_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let ru = "Съезд открылся в Тифлисе осенью; делегаты спорили о границах губерний и уездов до поздней ночи.\n".repeat(3);
    let tr = "Meclis açıldığında şehirde büyük bir heyecan vardı; gazeteler günlerce bu olayı yazdı ve tartıştı.\n".repeat(3);
    let enc = |e: &'static encoding_rs::Encoding, s: &str| e.encode(s).0.into_owned();
    std::fs::write(
        input.join("cp1251.txt"),
        enc(encoding_rs::WINDOWS_1251, &ru),
    )
    .unwrap();
    std::fs::write(input.join("koi8.txt"), enc(encoding_rs::KOI8_U, &ru)).unwrap();
    std::fs::write(
        input.join("latin5.txt"),
        enc(encoding_rs::WINDOWS_1254, &tr),
    )
    .unwrap();
    let mut u16 = vec![0xFF, 0xFE];
    u16.extend(ru.encode_utf16().flat_map(|u| u.to_le_bytes()));
    std::fs::write(input.join("utf16.txt"), u16).unwrap();
    std::fs::write(
        input.join("ru.txt.gz"),
        gz(&enc(
            encoding_rs::WINDOWS_1251,
            &ru.replace("Тифлисе", "Баку"),
        )),
    )
    .unwrap();

    let (code, s) = run_json(&store, &["ingest", input.to_str().unwrap()]);
    assert_eq!(code, 0, "{s}");
    // The same text in other encodings is other bytes: five new documents.
    assert_eq!(s["new"], 5, "{s}");
    let (_, docs) = run_json(&store, &["docs"]);
    let enc_of = |name: &str| {
        docs.as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .map(|d| d["encoding"].as_str().unwrap().to_string())
    };
    assert_eq!(enc_of("cp1251.txt").as_deref(), Some("windows-1251"));
    assert_eq!(enc_of("latin5.txt").as_deref(), Some("ISO-8859-9"));
    assert_eq!(enc_of("ru.txt.gz").as_deref(), Some("windows-1251"));
    assert_eq!(enc_of("koi8.txt").as_deref(), Some("KOI8-R"));
    assert_eq!(enc_of("utf16.txt").as_deref(), Some("UTF-16LE"));
    let (_, doc) = run_json(&store, &["show", "latin5.txt"]);
    assert!(
        doc["paragraphs"][0]["text"]
            .as_str()
            .unwrap()
            .contains("açıldığında")
    );
    assert_eq!(doc["paragraphs"][0]["lang"], "tr");
}
