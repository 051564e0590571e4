//! From a raw document to a [`Document`]: blocks, cleaning, block kinds and
//! reference sections, sentences, and the language of every paragraph and
//! sentence.

use chronicle_core::{
    Anchor, BlockKind, Document, Format, MappedText, Paragraph, Reference, Sentence, UNDETERMINED,
};
use chronicle_lang::{Identification, Identifier};
use chronicle_segment::Segmenter;

use crate::blocks::{BlockHint, Parsed, RawBlock};
use crate::clean::{Cleaner, Section, normalise_whitespace};
use crate::references::{bibliography_runs, clean_reference, looks_bibliographic, reference_line};
use crate::source::RawDoc;

/// How to analyse documents.
#[derive(Debug, Clone)]
pub struct AnalyseOptions {
    /// Identify the language of paragraphs and sentences (the slowest step).
    /// Without it, paragraphs get the declared language or `und`.
    pub identify_languages: bool,
    /// Find temporal expressions (`Document::timexes`).
    pub tag_times: bool,
    /// Find names of people, places and organisations (`Document::mentions`).
    pub find_mentions: bool,
}

impl Default for AnalyseOptions {
    fn default() -> Self {
        AnalyseOptions {
            identify_languages: true,
            tag_times: true,
            find_mentions: true,
        }
    }
}

/// A sentence needs this many letters for its own language identification;
/// shorter ones take their paragraph's language.
const MIN_SENTENCE_LETTERS: usize = 20;
/// A sentence's own language must be at least this confident to differ from
/// its paragraph's.
const MIN_SENTENCE_CONFIDENCE: f32 = 0.6;
/// Below this many letters or this confidence, a paragraph takes lingua's
/// runner-up when the rest of the document is more in that language.
const SHORT_PARAGRAPH_LETTERS: usize = 40;
const WEAK_CONFIDENCE: f32 = 0.6;
/// Blocks without sentence punctuation and with at most this many words are
/// fragments (infobox cells, captions, labels), not narrative.
const FRAGMENT_MAX_WORDS: usize = 15;

/// Reads the blocks of a raw document with the reader for its format.
pub fn parse(raw: &RawDoc) -> Parsed {
    match raw.format {
        Format::Text | Format::Jsonl => crate::text::read_text(&raw.text),
        Format::Markdown => crate::markdown::read_markdown(&raw.text),
        Format::Html => crate::html::read_html(&raw.text),
    }
}

struct Pending {
    kind: BlockKind,
    span: chronicle_core::Span,
    text: MappedText,
    anchors: Vec<Anchor>,
    /// For references: the entry's label.
    label: Option<String>,
}

/// Analyses one raw document.
pub fn analyse(raw: RawDoc, opts: &AnalyseOptions) -> Document {
    let parsed = parse(&raw);
    let cleaner = Cleaner::shared();
    let blocks: Vec<&RawBlock> = parsed.blocks.iter().collect();
    let debris: Vec<bool> = blocks
        .iter()
        .map(|b| cleaner.is_debris_line(b.text.text()))
        .collect();

    let mut pending: Vec<Pending> = Vec::new();
    let mut section: Option<Section> = None;
    for (i, block) in blocks.iter().enumerate() {
        if debris[i] || block.text.text().trim().is_empty() {
            continue;
        }
        let text = block.text.text();
        let span = block.text.source_span();
        let next_is_debris = blocks[i + 1..]
            .iter()
            .zip(&debris[i + 1..])
            .find(|(b, _)| !b.text.text().trim().is_empty())
            .is_some_and(|(_, d)| *d);
        let known = if text.len() <= 80 {
            cleaner.section_of_heading(text)
        } else {
            None
        };
        if known.is_some() || block.hint == BlockHint::Heading || next_is_debris {
            section = known;
            pending.push(Pending {
                kind: BlockKind::Heading,
                span,
                text: normalise_whitespace(&block.text),
                anchors: Vec::new(),
                label: None,
            });
            continue;
        }
        let in_refs = section == Some(Section::References);
        if let Some(line) = reference_line(text, in_refs) {
            pending.push(Pending {
                kind: BlockKind::Reference,
                span,
                text: clean_reference(&block.text, &line),
                anchors: Vec::new(),
                label: line.label.or_else(|| block.number.map(|n| n.to_string())),
            });
            continue;
        }
        let (clean, anchors) = cleaner.clean(&block.text);
        if clean.is_empty() {
            continue;
        }
        let kind = if section == Some(Section::End) || is_fragment(clean.text(), block.hint) {
            BlockKind::Fragment
        } else {
            BlockKind::Narrative
        };
        pending.push(Pending {
            kind,
            span,
            text: clean,
            anchors,
            label: None,
        });
    }
    mark_bibliographies(&mut pending);

    let segmenter = Segmenter::shared();
    let mut paragraphs: Vec<Paragraph> = Vec::with_capacity(pending.len());
    let mut references = Vec::new();
    for p in pending {
        if p.text.is_empty() {
            continue;
        }
        let ranges = if p.kind == BlockKind::Reference {
            std::iter::once(0..p.text.len()).collect()
        } else {
            segmenter.split(p.text.text())
        };
        let sentences = ranges
            .into_iter()
            .map(|r| Sentence {
                span: p.text.span_to_source(r.clone()),
                start: r.start,
                end: r.end,
                lang: UNDETERMINED.to_string(),
                lang_confidence: 0.0,
            })
            .collect();
        if p.kind == BlockKind::Reference {
            references.push(Reference {
                paragraph: paragraphs.len(),
                label: p.label,
                span: p.span,
                text: p.text.text().to_string(),
            });
        }
        paragraphs.push(Paragraph {
            kind: p.kind,
            span: p.span,
            text: p.text,
            lang: UNDETERMINED.to_string(),
            lang_confidence: 0.0,
            sentences,
            anchors: p.anchors,
        });
    }

    if opts.identify_languages {
        assign_languages(&mut paragraphs, Identifier::shared());
    } else if let Some(lang) = &raw.declared_lang {
        for p in &mut paragraphs {
            p.lang = lang.clone();
            for s in &mut p.sentences {
                s.lang = lang.clone();
            }
        }
    }

    let title = parsed
        .title
        .clone()
        .or_else(|| raw.title.clone())
        .or_else(|| {
            paragraphs
                .first()
                .filter(|p| {
                    matches!(p.kind, BlockKind::Heading | BlockKind::Fragment)
                        && p.text.len() <= 200
                })
                .filter(|p| raw.format == Format::Markdown || stands_alone(&raw.text, p.span.end))
                .map(|p| p.text.text().to_string())
        });

    let mut doc = Document {
        source: raw.source,
        name: raw.name,
        url: raw.url,
        title,
        declared_lang: raw.declared_lang,
        content_hash: raw.content_hash,
        encoding: raw.encoding,
        format: raw.format,
        source_text: raw.text,
        paragraphs,
        references,
        timexes: Vec::new(),
        mentions: Vec::new(),
    };
    if opts.tag_times {
        doc.timexes = chronicle_time::Tagger::shared().tag_document(&doc);
    }
    if opts.find_mentions {
        doc.mentions = chronicle_entities::Recogniser::shared().tag_document(&doc);
    }
    doc
}

/// Whether the text after `end` (the end of a first line) is a blank line, as
/// under a title; a first line followed directly by more lines is an infobox
/// cell or a label, not a title.
fn stands_alone(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t', '\r']);
    let Some(rest) = rest.strip_prefix('\n') else {
        return false;
    };
    rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n')
}

/// A block is a fragment when it has no sentence punctuation and few words,
/// or when the markup says it is a table cell or caption.
fn is_fragment(text: &str, hint: BlockHint) -> bool {
    if hint == BlockHint::Cell && text.split_whitespace().count() <= FRAGMENT_MAX_WORDS * 2 {
        return true;
    }
    let words = text.split_whitespace().count();
    if words > FRAGMENT_MAX_WORDS {
        return false;
    }
    let has_stop = text.char_indices().any(|(i, c)| {
        matches!(c, '.' | '!' | '?' | '…' | '։' | '؟' | '。')
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(|n| n.is_whitespace() || "\"”»’)".contains(n))
    });
    let intro = text.ends_with(':') && words >= 6;
    !(has_stop || intro)
}

/// Turns runs of bibliography-shaped narrative lines into references.
fn mark_bibliographies(pending: &mut [Pending]) {
    let flags: Vec<Option<bool>> = pending
        .iter()
        .map(|p| match p.kind {
            BlockKind::Narrative | BlockKind::Fragment => {
                let t = p.text.text();
                if looks_bibliographic(t) && p.anchors.is_empty() {
                    Some(true)
                } else if t.len() < 400 && t.bytes().any(|b| b.is_ascii_digit()) {
                    // May be a shelf mark without a year inside a bibliography.
                    Some(false)
                } else {
                    None
                }
            }
            BlockKind::Reference | BlockKind::Heading => None,
        })
        .collect();
    for i in bibliography_runs(&flags) {
        let p = &mut pending[i];
        p.kind = BlockKind::Reference;
        p.anchors.clear();
    }
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

/// Identifies the language of each sentence long enough to tell, derives each
/// paragraph's language from its sentences (weighted by letters), settles
/// short or uncertain paragraphs with the document's main language when that
/// is lingua's runner-up, and gives short sentences their paragraph's
/// language.
fn assign_languages(paragraphs: &mut [Paragraph], id: &Identifier) {
    let mut para_ids: Vec<Identification> = Vec::with_capacity(paragraphs.len());
    let mut sentence_ids: Vec<Vec<Option<Identification>>> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs.iter() {
        let mut ids = Vec::with_capacity(p.sentences.len());
        let mut votes: Vec<(String, f32, usize)> = Vec::new();
        for s in &p.sentences {
            let text = p.sentence_text(s);
            let n = letters(text);
            if n >= MIN_SENTENCE_LETTERS && p.sentences.len() > 1 {
                let r = id.identify(text);
                let w = r.confidence * n as f32;
                match votes.iter_mut().find(|(l, _, _)| *l == r.lang) {
                    Some(v) => {
                        v.1 += w;
                        v.2 += n;
                    }
                    None => votes.push((r.lang.clone(), w, n)),
                }
                ids.push(Some(r));
            } else {
                ids.push(None);
            }
        }
        let para = if votes.is_empty() {
            id.identify(p.text.text())
        } else {
            let total: f32 = votes.iter().map(|v| v.1).sum();
            let all_letters: usize = votes.iter().map(|v| v.2).sum();
            votes.sort_by(|a, b| b.1.total_cmp(&a.1));
            let share = |v: &(String, f32, usize)| if total > 0.0 { v.1 / total } else { 0.0 };
            Identification {
                lang: votes[0].0.clone(),
                confidence: share(&votes[0]),
                runner_up: votes.get(1).map(|v| (v.0.clone(), share(v))),
                letters: all_letters,
            }
        };
        para_ids.push(para);
        sentence_ids.push(ids);
    }
    let weights = language_weights(&para_ids);
    let weight = |l: &str| weights.iter().find(|(w, _)| w == l).map_or(0, |(_, n)| *n);
    for ((p, pid), sids) in paragraphs.iter_mut().zip(para_ids).zip(sentence_ids) {
        let mut lang = pid.lang.clone();
        let mut conf = pid.confidence;
        if (pid.letters < SHORT_PARAGRAPH_LETTERS || conf < WEAK_CONFIDENCE)
            && let Some((alt, alt_conf)) = &pid.runner_up
            && weight(alt) > weight(&lang)
        {
            lang = alt.clone();
            conf = *alt_conf;
        }
        for (s, sid) in p.sentences.iter_mut().zip(sids) {
            match sid {
                Some(r) if r.lang != lang && r.confidence >= MIN_SENTENCE_CONFIDENCE => {
                    s.lang = r.lang;
                    s.lang_confidence = r.confidence;
                }
                Some(r) if r.lang == lang => {
                    s.lang = lang.clone();
                    s.lang_confidence = r.confidence;
                }
                _ => {
                    s.lang = lang.clone();
                    s.lang_confidence = conf;
                }
            }
        }
        p.lang = lang;
        p.lang_confidence = conf;
    }
}

/// Letters per language over the confidently identified paragraphs of the
/// document: the prior that settles short or uncertain paragraphs between
/// lingua's two best guesses (a short Cyrillic reference among many Russian
/// ones is Russian; a short English line in an English page is English).
fn language_weights(ids: &[Identification]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for id in ids {
        if id.lang == UNDETERMINED
            || id.confidence < WEAK_CONFIDENCE
            || id.letters < SHORT_PARAGRAPH_LETTERS
        {
            continue;
        }
        match counts.iter_mut().find(|(l, _)| *l == id.lang) {
            Some(c) => c.1 += id.letters,
            None => counts.push((id.lang.clone(), id.letters)),
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(format: Format, text: &str) -> RawDoc {
        RawDoc {
            source: "/t/doc.txt".into(),
            name: "doc.txt".into(),
            content_hash: crate::source::content_hash(text.as_bytes()),
            encoding: "UTF-8".into(),
            format,
            text: text.into(),
            title: None,
            url: None,
            declared_lang: None,
            raw_bytes: text.len() as u64,
        }
    }

    fn labelled_refs(doc: &Document) -> Vec<(Option<&str>, &str)> {
        doc.references
            .iter()
            .map(|r| (r.label.as_deref(), r.text.as_str()))
            .collect()
    }

    const WIKI: &str = "The Congress of Towns\n\nThe congress opened in the spring of 1919 in a crowded hall.[1] Delegates came from many districts.[2][3]\n\nBackground\n\nedit\n\nThe towns had argued for years about taxes and roads.[clarification needed] Nobody expected agreement.\n\nReferences\n\nedit\n  1. ^ Author 1960, p. 12.\n  2. ^ a b Other 1970, p. 3.\n  3. ^ Third 1980.\n";

    #[test]
    fn wiki_text_gets_kinds_anchors_and_references() {
        let doc = analyse(raw(Format::Text, WIKI), &AnalyseOptions::default());
        let kinds: Vec<BlockKind> = doc.paragraphs.iter().map(|p| p.kind).collect();
        use BlockKind::*;
        assert_eq!(
            kinds,
            [
                Fragment, Narrative, Heading, Narrative, Heading, Reference, Reference, Reference
            ]
        );
        assert_eq!(doc.title.as_deref(), Some("The Congress of Towns"));
        let p = &doc.paragraphs[1];
        assert!(!p.text.text().contains('['));
        let labels: Vec<&str> = p.anchors.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["1", "2", "3"]);
        assert_eq!(p.sentences.len(), 2);
        assert_eq!(p.lang, "en");
        assert_eq!(
            labelled_refs(&doc),
            [
                (Some("1"), "Author 1960, p. 12."),
                (Some("2"), "Other 1970, p. 3."),
                (Some("3"), "Third 1980.")
            ]
        );
        // Every sentence span is inside its paragraph and maps to the source.
        for p in &doc.paragraphs {
            for s in &p.sentences {
                assert!(p.span.start <= s.span.start && s.span.end <= p.span.end);
                assert!(doc.source_text.is_char_boundary(s.span.start));
            }
        }
    }

    #[test]
    fn sentence_language_differs_inside_a_paragraph() {
        let text = "Генерал прыбыў у горад увосень і адразу склікаў нараду афіцэраў. The situation in the southern districts is quiet and the roads are open again. Пасля гэтага ён вярнуўся ў штаб і напісаў доўгі ліст.";
        let doc = analyse(raw(Format::Text, text), &AnalyseOptions::default());
        let p = &doc.paragraphs[0];
        assert_eq!(p.lang, "be");
        let langs: Vec<&str> = p.sentences.iter().map(|s| s.lang.as_str()).collect();
        assert_eq!(langs, ["be", "en", "be"]);
    }

    #[test]
    fn headingless_bibliography_is_recognised() {
        let text = "An article about the uprisings of 1920 in the northern districts, with many details.\n\nИванов И. И. Очерки истории края. Москва, 1965.\n\nПетров П. П. Записки. Баку, 1971.\n\nАрхив. Ф. 1, оп. 2, д. 3.\n\nSmith J. (1999), A History, Press, London. (In English).\n";
        let doc = analyse(raw(Format::Text, text), &AnalyseOptions::default());
        let kinds: Vec<BlockKind> = doc.paragraphs.iter().map(|p| p.kind).collect();
        use BlockKind::*;
        assert_eq!(
            kinds,
            [Narrative, Reference, Reference, Reference, Reference]
        );
        assert_eq!(doc.references.len(), 4);
    }

    #[test]
    fn html_ordered_reference_lists_number_their_entries() {
        let html = "<html><body><p>The town was taken in 1920.<sup>[2]</sup></p><h2>References</h2><ol><li>First Author 1990, p. 4.</li><li><p>Second Author 2001.</p><p>Continued.</p></li></ol><h2>See also</h2><ul><li>Other page</li></ul></body></html>";
        let doc = analyse(
            raw(Format::Html, html),
            &AnalyseOptions {
                identify_languages: false,
                ..Default::default()
            },
        );
        assert_eq!(
            labelled_refs(&doc),
            [
                (Some("1"), "First Author 1990, p. 4."),
                (Some("2"), "Second Author 2001."),
                (None, "Continued.")
            ]
        );
        assert_eq!(doc.paragraphs[0].anchors[0].label, "2");
        assert_eq!(doc.paragraphs.last().unwrap().kind, BlockKind::Fragment);
    }

    #[test]
    fn without_language_identification_the_declared_language_is_used() {
        let mut r = raw(Format::Text, "Some text here. More text.");
        r.declared_lang = Some("en".into());
        let doc = analyse(
            r,
            &AnalyseOptions {
                identify_languages: false,
                ..Default::default()
            },
        );
        assert!(doc.paragraphs.iter().all(|p| p.lang == "en"));
        let doc = analyse(
            raw(Format::Text, "Some text."),
            &AnalyseOptions {
                identify_languages: false,
                ..Default::default()
            },
        );
        assert_eq!(doc.paragraphs[0].lang, UNDETERMINED);
    }

    /// Random text built from the characters that drive cleaning and
    /// segmentation, in every format: no panic, and every span lies on
    /// character boundaries inside the source, sentences inside paragraphs.
    #[test]
    fn random_input_keeps_the_invariants() {
        const POOL: &[&str] = &[
            "a",
            "Б",
            "ə",
            "ệ",
            " ",
            "  ",
            "\n",
            "\n\n",
            ".",
            ". ",
            "[",
            "]",
            "[12]",
            " 4 .",
            "1  2 ,",
            "^",
            "(",
            ")",
            "«",
            "»",
            "\"",
            "<",
            ">",
            "</pr",
            "&amp;",
            "&#1041;",
            "#",
            "*",
            "-",
            "1918",
            "p.",
            "М.",
            ":",
            "\u{a0}",
            "\u{feff}",
            "\u{301}",
            "Шушы",
            "edit",
            "References",
            "Баку, 1980.",
            "Иванов И. ",
            "\t",
            "|",
            "`",
            "\r\n",
            "1. ^ ",
            "[^1]",
            "[^1]: x",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..1500 {
            let len = (next() % 60) as usize;
            let text: String = (0..len)
                .map(|_| POOL[(next() % POOL.len() as u64) as usize])
                .collect();
            let format = [Format::Text, Format::Markdown, Format::Html][round % 3];
            let doc = analyse(
                raw(format, &text),
                &AnalyseOptions {
                    identify_languages: round % 10 == 0,
                    ..Default::default()
                },
            );
            let src = &doc.source_text;
            let ok = |a: usize, b: usize| {
                a <= b && b <= src.len() && src.is_char_boundary(a) && src.is_char_boundary(b)
            };
            for p in &doc.paragraphs {
                assert!(ok(p.span.start, p.span.end), "{text:?}");
                for s in &p.sentences {
                    assert!(ok(s.span.start, s.span.end), "{text:?}");
                    assert!(
                        p.span.start <= s.span.start && s.span.end <= p.span.end,
                        "{text:?}"
                    );
                    assert!(s.start <= s.end && s.end <= p.text.len(), "{text:?}");
                }
                for a in &p.anchors {
                    assert!(ok(a.span.start, a.span.end), "{text:?}");
                    assert!(a.offset <= p.text.len(), "{text:?}");
                }
            }
        }
    }
}
