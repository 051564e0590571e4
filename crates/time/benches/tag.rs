//! Temporal tagging throughput: `cargo bench -p chronicle-time`.
//!
//! Criterion reports time per iteration and throughput (bytes/s, one core)
//! for a document of paragraphs written for this benchmark in the seven
//! main languages, dense with dates, and for date-free prose (the
//! prefilter's case). The whole-corpus figure comes from
//! `chronicle-bench times` (see BENCHMARKS.md).

use chronicle_core::{BlockKind, Document, Format, MappedText, Paragraph, Sentence, Span};
use chronicle_time::Tagger;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const DATED: &[(&str, &str)] = &[
    (
        "en",
        "On 27 April 1920 the army crossed the border. At 11:00 p.m. the train reached the station, and two hours later the city fell. Talks lasted from May 7 to 12, 1920.",
    ),
    (
        "ru",
        "В начале мая 1920 года войска вошли в город. 15 июня делегаты вернулись, а через 3 месяца договор был подписан.",
    ),
    (
        "be",
        "У снежні 1918 годзе ўрад пераехаў. 6 красавіка 1919 было прынята рашэнне, а 15 чэрвеня яго адмянілі. Вайна ішла ў 1918—1920 гадах.",
    ),
    (
        "uk",
        "Навесні 1919 року армія відступила. 3 березня 1920 року уряд переїхав до Києва на 2 тижні.",
    ),
    (
        "az",
        "1918-ci il mayın 28-də respublika elan edildi. Aprelin 27-də axşam saat 11-də stansiya tutuldu. Parlament 17 ay fəaliyyət göstərdi.",
    ),
    (
        "tr",
        "27 Nisan 1920'de ordu sınırı geçti. 1919 yılının sonbaharında görüşmeler başladı ve 4 ay sürdü.",
    ),
    (
        "vi",
        "Ngày 7 tháng 7 năm 1923, tỉnh được thành lập. Cuộc chiến diễn ra từ năm 1918 đến năm 1920.",
    ),
];

const PLAIN: &str = "The delegates argued about the border villages and the railway, and the \
    committee wrote a long report on the schools, the roads and the market towns of the valley. ";

fn document(paras: &[(&str, String)]) -> Document {
    let mut source = String::new();
    let mut paragraphs = Vec::new();
    for (lang, text) in paras {
        let start = source.len();
        source.push_str(text);
        source.push_str("\n\n");
        let sentences = chronicle_segment::Segmenter::shared()
            .split(text)
            .into_iter()
            .map(|r| Sentence {
                span: Span::new(start + r.start, start + r.end),
                start: r.start,
                end: r.end,
                lang: lang.to_string(),
                lang_confidence: 1.0,
            })
            .collect();
        paragraphs.push(Paragraph {
            kind: BlockKind::Narrative,
            span: Span::new(start, start + text.len()),
            text: MappedText::identity(text, start),
            lang: lang.to_string(),
            lang_confidence: 1.0,
            sentences,
            anchors: Vec::new(),
        });
    }
    Document {
        source: "bench".into(),
        name: "bench".into(),
        url: None,
        title: None,
        declared_lang: None,
        content_hash: String::new(),
        encoding: "utf-8".into(),
        format: Format::Text,
        source_text: source,
        paragraphs,
        references: Vec::new(),
        timexes: Vec::new(),
        mentions: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let tagger = Tagger::shared();
    let dated: Vec<(&str, String)> = (0..50)
        .flat_map(|_| DATED.iter().map(|(l, t)| (*l, t.to_string())))
        .collect();
    let plain: Vec<(&str, String)> = (0..300).map(|_| ("en", PLAIN.repeat(3))).collect();
    let mut group = c.benchmark_group("tag_document");
    for (name, paras) in [("dated", dated), ("plain", plain)] {
        let doc = document(&paras);
        group.throughput(Throughput::Bytes(doc.source_text.len() as u64));
        group.bench_function(name, |b| b.iter(|| tagger.tag_document(&doc)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
