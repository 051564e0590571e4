//! `chronicle-bench search`: builds a search index of N generated sentences
//! across nine languages and measures the build rate, the index size, and
//! query latency (p50/p99) for term, phrase, cross-script and filtered
//! queries at 1 and 8 concurrent clients.
//!
//! The sentences use the vocabularies of `data/<code>.toml`, widened into a
//! Zipf-distributed lexicon per language (every pair of listed words gives
//! a compound, so each language has about 10,000 word forms, a few common
//! and most rare), with names in 10% of the sentences, dates in 20% and an
//! event class in 15%. Every fifth sentence closes a paragraph, which is
//! indexed too, as in a real store. The entity alias table groups the names
//! of the data files by their position in the lists.
//!
//! Clients are threads, each sending its queries one after another;
//! latency is measured around each call. They call the library directly,
//! and then (unless `--no-http`) the same queries go through the HTTP API
//! (`chronicle-server` on a loopback port, one keep-alive connection per
//! client), which adds routing, JSON and the network stack.
//!
//! The index is built in `STORE/index` beside an empty store, so the
//! server can open it.

use std::io::BufReader;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use chronicle_search::{EntityNames, Filters, SearchIndex, SearchRequest, Unit};
use serde::Serialize;

use crate::generate::Rng;
use crate::vocab::{self, Lang};

pub struct SearchOptions {
    pub sentences: u64,
    pub store: PathBuf,
    pub http: bool,
    pub queries: usize,
    pub threads: usize,
    pub reuse: bool,
    pub json: bool,
    /// Query kinds to measure (empty: all of [`KINDS`]).
    pub kinds: Vec<String>,
    /// Merge the index into one segment before measuring queries.
    pub merge: bool,
}

const CLASSES: [&str; 8] = [
    "capture", "attack", "arrive", "kill", "resign", "declare", "uprising", "sign",
];

/// A language's widened lexicon with its Zipf sampler.
struct Lexicon {
    lang: &'static Lang,
    words: Vec<String>,
    /// Cumulative weights (1/rank).
    cdf: Vec<f64>,
}

impl Lexicon {
    fn new(lang: &'static Lang, rng: &mut Rng) -> Lexicon {
        let mut words: Vec<String> = lang.words.clone();
        for a in &lang.words {
            for b in &lang.words {
                if a != b {
                    let half: String = b.chars().skip(b.chars().count() / 2).collect();
                    words.push(format!("{a}{half}"));
                }
            }
        }
        // A fixed shuffle, so that frequent words are not all the listed ones.
        for i in (1..words.len()).rev() {
            let j = rng.below(i + 1);
            words.swap(i, j);
        }
        let mut cdf = Vec::with_capacity(words.len());
        let mut acc = 0.0;
        for r in 0..words.len() {
            acc += 1.0 / (r as f64 + 1.0);
            cdf.push(acc);
        }
        Lexicon { lang, words, cdf }
    }

    fn sample(&self, rng: &mut Rng) -> &str {
        let total = *self.cdf.last().unwrap_or(&1.0);
        let x = (rng.next_u64() as f64 / u64::MAX as f64) * total;
        let i = self
            .cdf
            .partition_point(|c| *c < x)
            .min(self.words.len() - 1);
        &self.words[i]
    }
}

struct Generator {
    rng: Rng,
    lexicons: Vec<Lexicon>,
    /// Sentences made so far.
    n: u64,
}

fn entity_id(k: usize) -> String {
    format!("name-{k}")
}

impl Generator {
    fn sentence(&mut self) -> Unit {
        let i = self.n;
        self.n += 1;
        let li = ((i / 200) as usize) % self.lexicons.len();
        let lex = &self.lexicons[li];
        let lang = lex.lang;
        let rng = &mut self.rng;
        let words = rng.range(8, 20) as usize;
        let mut text = String::new();
        let mut entities = Vec::new();
        let mut times = Vec::new();
        let name_at = rng.chance(10.0).then(|| rng.below(words));
        let date_at = rng.chance(20.0).then(|| rng.below(words));
        for w in 0..words {
            if w > 0 {
                text.push(' ');
            }
            if Some(w) == name_at {
                let k = rng.below(lang.names.len());
                text.push_str(&lang.names[k]);
                entities.push(entity_id(k));
            } else if Some(w) == date_at {
                let (d, m, y) = (rng.range(1, 28), rng.below(12), rng.range(1890, 1925));
                text.push_str(&lang.format_date(d as u32, m, y as u32));
                times.push(format!("{y}-{:02}-{d:02}", m + 1));
            } else {
                text.push_str(lex.sample(rng));
            }
        }
        text.push_str(&lang.stop);
        let classes = if rng.chance(15.0) {
            vec![CLASSES[rng.below(CLASSES.len())].to_string()]
        } else {
            Vec::new()
        };
        let start = i * 120;
        Unit {
            sentence: Some((i % 5) as u32),
            doc_id: i / 200,
            doc: format!("doc-{:07}.txt", i / 200),
            paragraph: ((i % 200) / 5) as u32,
            start,
            end: start + text.len() as u64,
            text,
            map: None,
            lang: lang.code.clone(),
            places: entities.clone(),
            entities,
            classes,
            events: Vec::new(),
            times,
        }
    }
}

/// Sentences, each fifth followed by its paragraph: the five sentences'
/// text and annotations together.
struct WithParagraphs {
    inner: Generator,
    limit: u64,
    recent: Vec<Unit>,
}

impl WithParagraphs {
    fn paragraph(&mut self) -> Unit {
        let first = &self.recent[0];
        let last = &self.recent[self.recent.len() - 1];
        let mut p = Unit {
            sentence: None,
            doc_id: first.doc_id,
            doc: first.doc.clone(),
            paragraph: first.paragraph,
            start: first.start,
            end: last.end,
            lang: first.lang.clone(),
            text: self
                .recent
                .iter()
                .map(|u| u.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            ..Unit::default()
        };
        for u in &self.recent {
            for (from, to) in [
                (&u.entities, &mut p.entities),
                (&u.places, &mut p.places),
                (&u.classes, &mut p.classes),
                (&u.times, &mut p.times),
            ] {
                for x in from {
                    if !to.contains(x) {
                        to.push(x.clone());
                    }
                }
            }
        }
        self.recent.clear();
        p
    }
}

impl Iterator for WithParagraphs {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        if self.recent.len() == 5 || (self.inner.n >= self.limit && !self.recent.is_empty()) {
            return Some(self.paragraph());
        }
        if self.inner.n >= self.limit {
            return None;
        }
        let s = self.inner.sentence();
        self.recent.push(s.clone());
        Some(s)
    }
}

fn entities() -> Vec<EntityNames> {
    let langs = vocab::all();
    let most = langs.iter().map(|l| l.names.len()).max().unwrap_or(0);
    (0..most)
        .map(|k| {
            let forms: Vec<(String, String)> = langs
                .iter()
                .filter_map(|l| l.names.get(k).map(|n| (n.clone(), l.code.clone())))
                .collect();
            EntityNames {
                id: entity_id(k),
                kind: "PLACE".into(),
                name: forms[0].0.clone(),
                forms,
            }
        })
        .collect()
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        dir_size(&p)
                    } else {
                        e.metadata().map(|m| m.len()).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[derive(Serialize, Clone)]
struct Latency {
    /// `library` or `http`.
    via: String,
    kind: String,
    clients: usize,
    queries: usize,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    mean_hits: f64,
    queries_per_s: f64,
}

#[derive(Serialize)]
struct Report {
    sentences: u64,
    units: u64,
    build_seconds: f64,
    sentences_per_s: f64,
    /// Time to merge the segments into one (`--merge`).
    merge_seconds: f64,
    index_bytes: u64,
    bytes_per_million_sentences: f64,
    latency: Vec<Latency>,
}

/// Query mixes: each returns a request for the i-th query.
fn requests(kind: &str, n: usize, seed: u64) -> Vec<SearchRequest> {
    let mut rng = Rng::new(seed);
    let mut lexicons = Vec::new();
    let mut lrng = Rng::new(7);
    for l in vocab::all() {
        lexicons.push(Lexicon::new(l, &mut lrng));
    }
    (0..n)
        .map(|_| {
            let lex = &lexicons[rng.below(lexicons.len())];
            let base = SearchRequest {
                facets: false,
                expand: false,
                limit: 10,
                ..SearchRequest::default()
            };
            match kind {
                "term" => SearchRequest {
                    query: lex.sample(&mut rng).to_string(),
                    ..base
                },
                "rare-term" => SearchRequest {
                    query: lex.words[rng.below(lex.words.len())].clone(),
                    ..base
                },
                "term+facets" => SearchRequest {
                    query: lex.sample(&mut rng).to_string(),
                    facets: true,
                    ..base
                },
                "phrase" => SearchRequest {
                    query: format!("\"{} {}\"", lex.sample(&mut rng), lex.sample(&mut rng)),
                    ..base
                },
                "cross-script" => SearchRequest {
                    query: lex.lang.names[rng.below(lex.lang.names.len())].clone(),
                    expand: true,
                    ..base
                },
                _ => {
                    let y = rng.range(1890, 1924);
                    SearchRequest {
                        query: lex.sample(&mut rng).to_string(),
                        filters: Filters {
                            langs: vec![lex.lang.code.clone()],
                            from: Some(format!("{y}")),
                            to: Some(format!("{}", y + 1)),
                            ..Filters::default()
                        },
                        ..base
                    }
                }
            }
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Sends one request and returns the number of matches it reports (0 when
/// the client does not read it).
type Sender = Box<dyn FnMut(&SearchRequest) -> Result<u64> + Send>;

/// Runs `clients` threads, each with its own sender from `connect` and its
/// share of `kind` queries one after another, and summarises the latencies.
fn measure_with(
    via: &str,
    kind: &str,
    clients: usize,
    per_client: usize,
    connect: &(dyn Fn() -> Result<Sender> + Sync),
) -> Result<Latency> {
    let started = Instant::now();
    let results: Vec<Result<(Vec<f64>, u64)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let reqs = requests(kind, per_client, 1000 + c as u64);
                scope.spawn(move || -> Result<(Vec<f64>, u64)> {
                    let mut send = connect()?;
                    let mut times = Vec::with_capacity(reqs.len());
                    let mut hits = 0u64;
                    for r in &reqs {
                        let t = Instant::now();
                        hits += send(r)?;
                        times.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    Ok((times, hits))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("client thread"))
            .collect()
    });
    let wall = started.elapsed().as_secs_f64();
    let mut all = Vec::new();
    let mut hits = 0;
    for r in results {
        let (t, h) = r?;
        all.extend(t);
        hits += h;
    }
    all.sort_by(|a, b| a.total_cmp(b));
    Ok(Latency {
        via: via.to_string(),
        kind: kind.to_string(),
        clients,
        queries: all.len(),
        p50_ms: percentile(&all, 0.50),
        p99_ms: percentile(&all, 0.99),
        max_ms: all.last().copied().unwrap_or(0.0),
        mean_hits: hits as f64 / all.len().max(1) as f64,
        queries_per_s: all.len() as f64 / wall.max(1e-9),
    })
}

fn measure(
    index: &Arc<SearchIndex>,
    kind: &str,
    clients: usize,
    per_client: usize,
) -> Result<Latency> {
    measure_with("library", kind, clients, per_client, &|| {
        let index = index.clone();
        let send: Sender = Box::new(move |r| Ok(index.search(r)?.total as u64));
        Ok(send)
    })
}

/// Percent-encodes a query-string value.
fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn uri(r: &SearchRequest) -> String {
    let mut u = format!(
        "/api/search?q={}&expand={}&facets={}&limit={}",
        encode(&r.query),
        r.expand,
        r.facets,
        r.limit
    );
    for l in &r.filters.langs {
        u.push_str(&format!("&lang={}", encode(l)));
    }
    if let Some(f) = &r.filters.from {
        u.push_str(&format!("&from={f}"));
    }
    if let Some(t) = &r.filters.to {
        u.push_str(&format!("&to={t}"));
    }
    u
}

/// One GET on a keep-alive connection: the status and the body length.
fn http_get(conn: &mut BufReader<TcpStream>, path: &str) -> Result<(u16, usize)> {
    use std::io::{BufRead, Read, Write};
    write!(conn.get_mut(), "GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n")?;
    let mut line = String::new();
    conn.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("bad status line")?;
    let mut length = 0usize;
    loop {
        line.clear();
        conn.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse()?;
        }
    }
    let mut body = vec![0; length];
    conn.read_exact(&mut body)?;
    Ok((status, length))
}

fn measure_http(addr: &str, kind: &str, clients: usize, per_client: usize) -> Result<Latency> {
    measure_with("http", kind, clients, per_client, &|| {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        let mut conn = BufReader::new(stream);
        let send: Sender = Box::new(move |r| {
            let path = uri(r);
            let (status, _) = http_get(&mut conn, &path)?;
            anyhow::ensure!(status == 200, "{path}: status {status}");
            Ok(0)
        });
        Ok(send)
    })
}

/// Starts the API on a loopback port in this process; returns its address.
fn start_server(store: &Path) -> Result<String> {
    let app = chronicle_server::router(chronicle_server::Config {
        store: store.to_path_buf(),
        ..chronicle_server::Config::default()
    })?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?.to_string();
    std::thread::spawn(move || {
        rt.block_on(async move {
            let _ = chronicle_server::serve_on(listener, app).await;
        })
    });
    Ok(addr)
}

/// The query kinds measured, in order.
pub const KINDS: [&str; 6] = [
    "term",
    "rare-term",
    "term+facets",
    "phrase",
    "cross-script",
    "filtered",
];

pub fn run(opts: &SearchOptions) -> Result<()> {
    let index_dir = chronicle_search::index_dir(&opts.store);
    let (units, build_seconds) = if opts.reuse && index_dir.join("chronicle-index.json").exists() {
        (0, 0.0)
    } else {
        if opts.store.exists() {
            std::fs::remove_dir_all(&opts.store)
                .with_context(|| format!("cannot empty {}", opts.store.display()))?;
        }
        // An empty store beside the index, for the server.
        chronicle_store::Store::open(&opts.store)?;
        let index = SearchIndex::open_or_create(&index_dir)?;
        let mut lrng = Rng::new(7);
        let lexicons = vocab::all()
            .iter()
            .map(|l| Lexicon::new(l, &mut lrng))
            .collect();
        let generator = WithParagraphs {
            inner: Generator {
                rng: Rng::new(1),
                lexicons,
                n: 0,
            },
            limit: opts.sentences,
            recent: Vec::new(),
        };
        let started = Instant::now();
        let quiet = opts.json;
        let mut last = Instant::now();
        let n = index.add_units(generator, &entities(), opts.threads, &mut |n| {
            if !quiet && last.elapsed().as_secs() >= 10 {
                last = Instant::now();
                eprintln!(
                    "  {n} units indexed, {:.0} s",
                    started.elapsed().as_secs_f64()
                );
            }
        })?;
        (n as u64, started.elapsed().as_secs_f64())
    };
    let index = Arc::new(SearchIndex::open(&index_dir, &opts.store)?);
    let mut merge_seconds = 0.0;
    if opts.merge {
        let t = Instant::now();
        let before = index.merge_segments()?;
        merge_seconds = t.elapsed().as_secs_f64();
        if !opts.json {
            eprintln!("  merged {before} segments into one in {merge_seconds:.0} s");
        }
    }
    let index_bytes = dir_size(&index_dir);
    let sentences = opts.sentences;
    let mut latency = Vec::new();
    let show = |l: &Latency| {
        if !opts.json {
            eprintln!(
                "  {:<7} {:<13} {} client(s): p50 {:.2} ms, p99 {:.2} ms, {:.0} queries/s",
                l.via, l.kind, l.clients, l.p50_ms, l.p99_ms, l.queries_per_s
            );
        }
    };
    let kinds: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| opts.kinds.is_empty() || opts.kinds.iter().any(|x| x == k))
        .collect();
    for &kind in &kinds {
        // Warm-up, not measured.
        measure(&index, kind, 1, 50)?;
        for clients in [1, 8] {
            let l = measure(&index, kind, clients, opts.queries / clients.max(1))?;
            show(&l);
            latency.push(l);
        }
    }
    if opts.http {
        let addr = start_server(&opts.store)?;
        for &kind in &kinds {
            measure_http(&addr, kind, 1, 50)?;
            for clients in [1, 8] {
                let l = measure_http(&addr, kind, clients, opts.queries / clients.max(1))?;
                show(&l);
                latency.push(l);
            }
        }
    }
    let report = Report {
        sentences,
        units,
        build_seconds,
        merge_seconds,
        sentences_per_s: if build_seconds > 0.0 {
            sentences as f64 / build_seconds
        } else {
            0.0
        },
        index_bytes,
        bytes_per_million_sentences: index_bytes as f64 / (sentences as f64 / 1e6),
        latency,
    };
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} sentences ({} units with paragraphs) indexed in {:.1} s: {:.0} sentences/s",
            report.sentences, report.units, report.build_seconds, report.sentences_per_s
        );
        println!(
            "index: {:.1} MB, {:.1} MB per million sentences",
            report.index_bytes as f64 / 1e6,
            report.bytes_per_million_sentences / 1e6
        );
        println!(
            "via      kind           clients   p50 ms   p99 ms   max ms   queries/s   mean hits"
        );
        for l in &report.latency {
            println!(
                "{:<8} {:<14} {:>7} {:>8.2} {:>8.2} {:>8.2} {:>11.0} {:>11.0}",
                l.via,
                l.kind,
                l.clients,
                l.p50_ms,
                l.p99_ms,
                l.max_ms,
                l.queries_per_s,
                l.mean_hits
            );
        }
    }
    Ok(())
}
