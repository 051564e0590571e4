//! Hand-built documents shared by the store tests.

#![allow(dead_code)]

use chronicle_core::{
    Anchor, BlockKind, Document, EntityType, Format, MappedText, MappedTextBuilder, Mention,
    Paragraph, Reference, Sentence, Span, Timex, TimexMod, TimexType,
};

/// A stand-in for the real sha256 content hash (FNV-1a is enough here).
pub fn hash_of(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("sha256:{h:016x}")
}

fn at(src: &str, needle: &str) -> usize {
    src.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in source"))
}

/// A document with a heading, two narrative paragraphs (Russian with a
/// footnote marker, Azerbaijani with an HTML entity) and a reference entry.
/// `extra` is appended to the narrative so that variants hash differently.
pub fn sample(source: &str, name: &str, extra: &str) -> Document {
    let src = format!(
        "<h1>Шуша</h1>\n<p>Шуша — город в Карабахе.[1] Он основан в 1752 году.{extra}</p>\n\
         <p>Şuşa &amp; Qarabağ.</p>\n<li>1. ^ Бакиханов, «Гюлистан-и Ирам», 1841.</li>\n"
    );

    let h = at(&src, "Шуша<");
    let heading = Paragraph {
        kind: BlockKind::Heading,
        span: Span::new(h, h + "Шуша".len()),
        text: MappedText::identity("Шуша", h),
        lang: "ru".into(),
        lang_confidence: 0.5,
        sentences: vec![],
        anchors: vec![],
    };

    // Narrative paragraph with the marker `[1]` removed.
    let first = "Шуша — город в Карабахе.";
    let p0 = at(&src, first);
    let marker = p0 + first.len();
    let rest = format!(" Он основан в 1752 году.{extra}");
    let rest_at = marker + "[1]".len();
    let mut b = MappedTextBuilder::new(p0);
    b.push_copy(first, p0);
    b.push_copy(&rest, rest_at);
    let text = b.finish();
    let p_end = rest_at + rest.len();
    let s2_text_start = first.len() + 1;
    let narrative = Paragraph {
        kind: BlockKind::Narrative,
        span: Span::new(p0, p_end),
        lang: "ru".into(),
        lang_confidence: 0.987_654_3,
        sentences: vec![
            Sentence {
                span: Span::new(p0, marker),
                start: 0,
                end: first.len(),
                lang: "ru".into(),
                lang_confidence: 0.9,
            },
            Sentence {
                span: Span::new(rest_at + 1, p_end),
                start: s2_text_start,
                end: text.len(),
                lang: "ru".into(),
                lang_confidence: 0.75,
            },
        ],
        anchors: vec![Anchor {
            label: "1".into(),
            span: Span::new(marker, marker + 3),
            offset: first.len(),
        }],
        text,
    };

    // Azerbaijani paragraph with a decoded entity.
    let az = at(&src, "Şuşa &amp;");
    let amp = at(&src, "&amp;");
    let mut b = MappedTextBuilder::new(az);
    b.push_copy("Şuşa ", az);
    b.push_replace("&", amp..amp + 5);
    b.push_copy(" Qarabağ.", amp + 5);
    let text = b.finish();
    let az_end = amp + 5 + " Qarabağ.".len();
    let azeri = Paragraph {
        kind: BlockKind::Narrative,
        span: Span::new(az, az_end),
        lang: "az".into(),
        lang_confidence: 0.61,
        sentences: vec![Sentence {
            span: Span::new(az, az_end),
            start: 0,
            end: text.len(),
            lang: "az".into(),
            lang_confidence: 0.61,
        }],
        anchors: vec![],
        text,
    };

    // Reference entry without its number and back-link.
    let entry = "Бакиханов, «Гюлистан-и Ирам», 1841.";
    let li = at(&src, "1. ^");
    let e = at(&src, entry);
    let reference_paragraph = Paragraph {
        kind: BlockKind::Reference,
        span: Span::new(li, e + entry.len()),
        text: MappedText::identity(entry, e),
        lang: "ru".into(),
        lang_confidence: 0.8,
        sentences: vec![],
        anchors: vec![],
    };

    let mut doc = Document {
        source: source.into(),
        name: name.into(),
        url: Some("https://example.org/Шуша".into()),
        title: Some("Шуша".into()),
        declared_lang: None,
        content_hash: hash_of(&src),
        encoding: "utf-8".into(),
        format: Format::Html,
        source_text: src,
        paragraphs: vec![heading, narrative, azeri, reference_paragraph],
        references: vec![Reference {
            paragraph: 3,
            label: Some("1".into()),
            span: Span::new(li, e + entry.len()),
            text: entry.into(),
        }],
        timexes: vec![],
        mentions: vec![],
    };
    // A temporal expression with every optional field set.
    let when = "1752 году";
    let p = &doc.paragraphs[1];
    let t0 = p.text.text().find(when).unwrap();
    let s0 = at(&doc.source_text, when);
    doc.timexes.push(Timex {
        paragraph: 1,
        sentence: p.sentences.len() - 1,
        span: Span::new(s0, s0 + when.len()),
        start: t0,
        end: t0 + when.len(),
        text: when.into(),
        kind: TimexType::Date,
        value: "1752".into(),
        modifier: Some(TimexMod::Start),
        anchor: Some("1700".into()),
        calendar: Some("julian".into()),
        alt_value: Some("1752".into()),
    });
    // A mention with every optional field set.
    let name = "Шуша";
    let p = &doc.paragraphs[1];
    let t0 = p
        .text
        .text()
        .find(name)
        .expect("the narrative names the town");
    let s0 = p.text.to_source(t0, chronicle_core::Bias::Start);
    doc.mentions.push(Mention {
        paragraph: 1,
        sentence: 0,
        span: Span::new(s0, s0 + name.len()),
        start: t0,
        end: t0 + name.len(),
        text: name.into(),
        lang: "ru".into(),
        kind: Some(EntityType::Place),
        cue: 3,
        place: Some("geonames:147105".into()),
        role: Some("город".into()),
    });
    doc
}

/// A plain-text document of one identity-mapped paragraph per line.
pub fn plain(source: &str, name: &str, lines: &[&str]) -> Document {
    let src = lines.join("\n");
    let mut paragraphs = Vec::new();
    let mut pos = 0;
    for line in lines {
        paragraphs.push(Paragraph {
            kind: BlockKind::Narrative,
            span: Span::new(pos, pos + line.len()),
            text: MappedText::identity(line, pos),
            lang: "und".into(),
            lang_confidence: 0.0,
            sentences: vec![Sentence {
                span: Span::new(pos, pos + line.len()),
                start: 0,
                end: line.len(),
                lang: "und".into(),
                lang_confidence: 0.0,
            }],
            anchors: vec![],
        });
        pos += line.len() + 1;
    }
    Document {
        source: source.into(),
        name: name.into(),
        url: None,
        title: None,
        declared_lang: Some("vi".into()),
        content_hash: hash_of(&src),
        encoding: "windows-1258".into(),
        format: Format::Text,
        source_text: src,
        paragraphs,
        references: vec![],
        timexes: vec![],
        mentions: vec![],
    }
}
