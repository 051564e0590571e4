//! An offset-exact Markdown reader on top of `pulldown-cmark`.
//!
//! Paragraphs, headings, list items, code blocks (one block per line), block
//! quotes, table cells and footnote definitions become [`RawBlock`]s. Inline
//! markup is dropped, link text is kept (URLs are not), images are dropped,
//! code spans keep their text, footnote references `[^1]` become the marker
//! `[1]` and a footnote definition's label `[^1]:` becomes `1. ^ ` (or `^ `
//! for a label that is not a number), so that
//! cleaning finds the same bracket markers and reference entries as in HTML.
//! HTML blocks at the top level are read with the HTML reader.

use std::ops::Range;

use chronicle_core::{MappedText, Segment};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::blocks::{BlockHint, Parsed, RawBlock};
use crate::html::{Buf, read_html};

/// Reads a Markdown document into raw blocks; the first level-1 heading (or
/// else the first heading) is the title.
pub fn read_markdown(src: &str) -> Parsed {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut r = Reader {
        src,
        buf: Buf::new(src, 0),
        blocks: Vec::new(),
        ctx: Vec::new(),
        code: false,
        images: 0,
        prefix: None,
        h1: None,
        first_heading: None,
    };
    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        r.event(event, range);
    }
    r.flush(src.len());
    Parsed {
        title: r.h1.or(r.first_heading),
        blocks: r.blocks,
    }
}

struct Reader<'a> {
    src: &'a str,
    buf: Buf<'a>,
    blocks: Vec<RawBlock>,
    /// The hint of text inside each open block container.
    ctx: Vec<BlockHint>,
    /// Inside a code block.
    code: bool,
    /// Depth of open images, whose alt text is dropped.
    images: u32,
    /// A footnote definition's label (`[^1]` and the range up to the end of
    /// `:`), written as `^ ` before the definition's first text.
    prefix: Option<(usize, usize)>,
    h1: Option<String>,
    first_heading: Option<String>,
}

impl Reader<'_> {
    fn hint(&self) -> BlockHint {
        self.ctx.last().copied().unwrap_or(BlockHint::Paragraph)
    }

    /// Ends the current block; returns it when it was not empty.
    fn flush(&mut self, at: usize) -> Option<&RawBlock> {
        if self.buf.is_empty() {
            return None;
        }
        let hint = self.hint();
        let text = self.buf.take(at);
        self.blocks.push(RawBlock {
            text,
            hint,
            number: None,
        });
        self.blocks.last()
    }

    fn open(&mut self, at: usize, hint: Option<BlockHint>) {
        self.flush(at);
        let hint = hint.unwrap_or_else(|| self.hint());
        self.ctx.push(hint);
    }

    fn close(&mut self, at: usize) {
        self.flush(at);
        self.ctx.pop();
    }

    /// Writes a pending footnote label before the first content.
    fn content(&mut self) {
        if let Some((s, e)) = self.prefix.take() {
            let colon = self.src[s..e].rfind(':').map_or(e, |p| s + p);
            // A numeric label is kept as the entry's number: `1. ^ …`.
            let label = self.src[s..e]
                .trim_start()
                .strip_prefix("[^")
                .and_then(|r| r.split(']').next())
                .unwrap_or("");
            let numeric =
                !label.is_empty() && label.len() <= 4 && label.bytes().all(|b| b.is_ascii_digit());
            let marker = if numeric {
                format!("{label}. ^")
            } else {
                "^".to_string()
            };
            self.buf.replace(&marker, s, colon);
            self.buf.space(colon, e);
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        let (start, end) = (range.start, range.end);
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, end),
            Event::SoftBreak | Event::HardBreak => self.buf.space(start, end),
            Event::InlineHtml(t)
                if t.len() >= 3 && t.as_bytes()[..3].eq_ignore_ascii_case(b"<br") =>
            {
                self.buf.space(start, end)
            }
            Event::Rule => {
                self.flush(start);
            }
            // Alt text of images is dropped.
            _ if self.images > 0 => {}
            Event::Text(t) => {
                self.content();
                self.text(&t, start, end);
            }
            Event::Code(t) => {
                self.content();
                match self.src[start..end].find(&*t) {
                    Some(p) if !t.is_empty() => self.text(&t, start + p, start + p + t.len()),
                    _ => self.buf.replace_collapsed(&t, start, end),
                }
            }
            Event::FootnoteReference(label) => {
                self.content();
                self.buf.replace(&format!("[{label}]"), start, end);
            }
            // Html (inside an HTML block, read at its start), other inline
            // HTML, math, task markers: nothing.
            _ => {}
        }
    }

    /// Text standing for the source range `start..end`.
    fn text(&mut self, t: &str, start: usize, end: usize) {
        if self.src.get(start..end) == Some(t) {
            let mut at = start;
            while let Some(next) = self.buf.feed(at, end, false, self.code) {
                self.flush(next);
                at = next;
            }
        } else if self.code {
            for (k, line) in t.split('\n').enumerate() {
                if k > 0 {
                    self.flush(start);
                }
                self.buf.replace_collapsed(line, start, end);
            }
        } else {
            self.buf.replace_collapsed(t, start, end);
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let at = range.start;
        match tag {
            Tag::Paragraph | Tag::List(_) | Tag::Table(_) | Tag::TableHead | Tag::TableRow => {
                self.open(at, None)
            }
            Tag::Heading { .. } => self.open(at, Some(BlockHint::Heading)),
            Tag::Item => self.open(at, Some(BlockHint::ListItem)),
            Tag::BlockQuote(_) => self.open(at, Some(BlockHint::Quote)),
            Tag::TableCell => self.open(at, Some(BlockHint::Cell)),
            Tag::CodeBlock(_) => {
                self.open(at, Some(BlockHint::Preformatted));
                self.code = true;
            }
            Tag::FootnoteDefinition(_) => {
                self.open(at, Some(BlockHint::Paragraph));
                let label_end = self.src[range.clone()]
                    .find("]:")
                    .map_or(at, |p| at + p + 2);
                self.prefix = Some((at, label_end));
            }
            Tag::HtmlBlock => {
                self.flush(at);
                if self.ctx.is_empty() {
                    self.html_block(range);
                }
            }
            Tag::Image { .. } => self.images += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, at: usize) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::List(_)
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::TableCell => self.close(at),
            TagEnd::CodeBlock => {
                self.close(at);
                self.code = false;
            }
            TagEnd::FootnoteDefinition => {
                self.prefix = None;
                self.close(at);
            }
            TagEnd::Heading(level) => {
                let text = self.flush(at).map(|b| b.text.text().to_string());
                self.ctx.pop();
                if let Some(text) = text {
                    if level == HeadingLevel::H1 && self.h1.is_none() {
                        self.h1 = Some(text.clone());
                    }
                    if self.first_heading.is_none() {
                        self.first_heading = Some(text);
                    }
                }
            }
            TagEnd::Image => self.images = self.images.saturating_sub(1),
            _ => {}
        }
    }

    /// Reads a top-level HTML block with the HTML reader, moving its offsets
    /// to the block's place in the document.
    fn html_block(&mut self, range: Range<usize>) {
        let off = range.start;
        let parsed = read_html(&self.src[range]);
        for b in parsed.blocks {
            let segments: Vec<Segment> = b
                .text
                .segments()
                .iter()
                .map(|s| Segment {
                    src_start: s.src_start + off,
                    ..*s
                })
                .collect();
            if let Ok(text) =
                MappedText::from_parts(b.text.text().to_string(), segments, b.text.anchor() + off)
            {
                self.blocks.push(RawBlock {
                    text,
                    hint: b.hint,
                    number: b.number,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"# Baku: a *short* history

The city of **Baku** lies on the [Caspian Sea](https://example.org/caspian "Caspian")
and was first   mentioned in the 5th century.[^1] Use `grep -r` to search; a literal \*star\* &amp; an entity.

Город Баку — столица Азербайджана. Bakı şəhəri Xəzər dənizinin sahilindədir.
Thành phố Baku nằm bên bờ biển Caspi.

## Population ![chart](chart.png)

- First item
- Second *item*
  continued

> A quoted line
> over two lines.

```text
line one
   line   two
```

| Year | People |
|------|--------|
| 1897 | 111904 |

<div class="note"><p>HTML <b>note</b> &amp; more</p></div>

[^1]: Istakhri, *Book of Roads*, 951.
"#;

    fn assert_maps(src: &str, p: &Parsed, word: &str) {
        let mut seen = false;
        for b in &p.blocks {
            let t = b.text.text();
            for (i, _) in t.match_indices(word) {
                let s = b.text.span_to_source(i..i + word.len());
                assert_eq!(&src[s.start..s.end], word, "in block {t:?}");
                seen = true;
            }
        }
        assert!(seen, "{word:?} not found");
    }

    #[test]
    fn reads_a_sample_document() {
        let p = read_markdown(DOC);
        let got: Vec<(&str, BlockHint)> =
            p.blocks.iter().map(|b| (b.text.text(), b.hint)).collect();
        use BlockHint::*;
        assert_eq!(
            got,
            vec![
                ("Baku: a short history", Heading),
                (
                    "The city of Baku lies on the Caspian Sea and was first mentioned in the \
                     5th century.[1] Use grep -r to search; a literal *star* & an entity.",
                    Paragraph
                ),
                (
                    "Город Баку — столица Азербайджана. Bakı şəhəri Xəzər dənizinin \
                     sahilindədir. Thành phố Baku nằm bên bờ biển Caspi.",
                    Paragraph
                ),
                ("Population", Heading),
                ("First item", ListItem),
                ("Second item continued", ListItem),
                ("A quoted line over two lines.", Quote),
                ("line one", Preformatted),
                ("line two", Preformatted),
                ("Year", Cell),
                ("People", Cell),
                ("1897", Cell),
                ("111904", Cell),
                ("HTML note & more", Paragraph),
                ("1. ^ Istakhri, Book of Roads, 951.", Paragraph),
            ]
        );
        assert_eq!(p.title.as_deref(), Some("Baku: a short history"));
        for w in [
            "Baku",
            "short",
            "Caspian Sea",
            "mentioned",
            "century.",
            "grep -r",
            "star",
            "Город",
            "Азербайджана.",
            "şəhəri",
            "Thành phố",
            "nằm",
            "First item",
            "continued",
            "quoted",
            "line",
            "1897",
            "HTML",
            "note",
            "Istakhri",
            "Book of Roads",
        ] {
            assert_maps(DOC, &p, w);
        }
        // Markers stand for their source.
        let b = &p.blocks[1].text;
        for (text, source) in [("[1]", "[^1]"), ("&", "&amp;")] {
            let at = b.text().find(text).unwrap();
            let s = b.span_to_source(at..at + text.len());
            assert_eq!(&DOC[s.start..s.end], source);
        }
        let f = &p.blocks.last().unwrap().text;
        let s = f.span_to_source(0..1);
        assert_eq!(&DOC[s.start..s.end], "[^1]");
        for b in &p.blocks {
            for seg in b.text.segments() {
                if seg.copy {
                    assert_eq!(
                        &b.text.text()[seg.text_start..seg.text_start + seg.text_len],
                        &DOC[seg.src_start..seg.src_start + seg.src_len]
                    );
                }
            }
        }
    }

    #[test]
    fn title_falls_back_to_first_heading() {
        let p = read_markdown("Intro text.\n\n## Second level\n\n# Top level\n");
        assert_eq!(p.title.as_deref(), Some("Top level"));
        let p = read_markdown("Intro.\n\n### Only heading\n");
        assert_eq!(p.title.as_deref(), Some("Only heading"));
        assert_eq!(read_markdown("").blocks, vec![]);
    }

    #[test]
    fn every_prefix_is_safe() {
        for (cut, _) in DOC.char_indices() {
            let src = &DOC[..cut];
            for b in read_markdown(src).blocks {
                let t = b.text.text();
                assert!(!t.is_empty() && t == t.trim(), "{t:?}");
                for seg in b.text.segments() {
                    assert!(seg.src_start + seg.src_len <= src.len());
                    if seg.copy {
                        assert_eq!(
                            &t[seg.text_start..seg.text_start + seg.text_len],
                            &src[seg.src_start..seg.src_start + seg.src_len]
                        );
                    }
                }
            }
        }
    }
}
