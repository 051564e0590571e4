//! An offset-exact HTML reader.
//!
//! A small single-pass tokenizer (no tree building) turns an HTML page into
//! paragraph-level [`RawBlock`]s whose every byte maps back to the source
//! text: markup is deleted, entities are decoded (each decoded entity stands
//! for its source range), runs of whitespace become one space, and scripts,
//! styles, navigation and hidden elements are dropped.
//!
//! The tokenizer follows the HTML tokenizer closely enough for real pages:
//! quoted and unquoted attributes (a `>` inside quotes does not end a tag),
//! comments, `<!DOCTYPE>`, `<![CDATA[ ]]>` (its content is kept as literal
//! text, as XHTML pages mean it), processing instructions, a stray `<` that
//! starts no tag (kept as text), and raw-text elements (`<script>`, `<style>`
//! …) whose content is skipped up to the matching end tag only. Anything left
//! unterminated at the end of the input (a tag, a comment, a quoted attribute
//! value) is dropped together with the rest of the input.

use chronicle_core::{MappedText, MappedTextBuilder};

use crate::blocks::{BlockHint, Parsed, RawBlock};

/// Reads an HTML page into raw blocks and the `<title>`.
pub fn read_html(src: &str) -> Parsed {
    let mut reader = Reader::new(src);
    reader.run();
    Parsed {
        title: reader.title,
        blocks: reader.blocks,
    }
}

// ---------------------------------------------------------------------------
// Whitespace-collapsing text buffer, shared with the Markdown reader.

/// Byte classes for the text scanner.
const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const AMP: u8 = 2;
/// Lead byte of a multi-byte character that may be Unicode whitespace
/// (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000).
const MAYBE_SPACE: u8 = 3;

static CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[0x0B] = SPACE;
    t[0x0C] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[b' ' as usize] = SPACE;
    t[b'&' as usize] = AMP;
    t[0xC2] = MAYBE_SPACE;
    t[0xE1] = MAYBE_SPACE;
    t[0xE2] = MAYBE_SPACE;
    t[0xE3] = MAYBE_SPACE;
    t
};

/// Collects the text of one block: words are copied (or, for decoded
/// entities, replaced) from the source, whitespace runs between words become
/// one space, and leading and trailing whitespace is dropped.
pub(crate) struct Buf<'a> {
    src: &'a str,
    b: MappedTextBuilder,
    /// A whitespace run seen since the last word, as a source range; it is
    /// written only when another word follows.
    pending: Option<(usize, usize)>,
}

impl<'a> Buf<'a> {
    pub(crate) fn new(src: &'a str, anchor: usize) -> Self {
        Buf {
            src,
            b: MappedTextBuilder::new(anchor),
            pending: None,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.b.is_empty()
    }

    /// Notes whitespace at `start..end` of the source.
    pub(crate) fn space(&mut self, start: usize, end: usize) {
        if self.b.is_empty() {
            return;
        }
        match &mut self.pending {
            Some(p) => {
                if p.1 == start {
                    p.1 = end;
                }
            }
            None => self.pending = Some((start, end)),
        }
    }

    fn write_space(&mut self) {
        if let Some((s, e)) = self.pending.take() {
            if e == s + 1 && self.src.as_bytes()[s] == b' ' {
                self.b.push_copy(" ", s);
            } else {
                self.b.push_replace(" ", s..e);
            }
        }
    }

    /// Appends the source bytes `start..end`, which hold no whitespace.
    pub(crate) fn copy(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        self.write_space();
        self.b.push_copy(&self.src[start..end], start);
    }

    /// Appends `text` (no leading or trailing whitespace) standing for the
    /// source range `start..end`.
    pub(crate) fn replace(&mut self, text: &str, start: usize, end: usize) {
        if text.is_empty() {
            return;
        }
        self.write_space();
        self.b.push_replace(text, start..end);
    }

    /// Appends `text`, standing for `start..end`, collapsing its whitespace.
    pub(crate) fn replace_collapsed(&mut self, text: &str, start: usize, end: usize) {
        if text.starts_with(char::is_whitespace) {
            self.space(start, start);
        }
        let mut words = text.split_whitespace();
        if let Some(first) = words.next() {
            let rest: Vec<&str> = words.collect();
            if rest.is_empty() {
                self.replace(first, start, end);
            } else {
                let mut joined = String::with_capacity(text.len());
                joined.push_str(first);
                for w in rest {
                    joined.push(' ');
                    joined.push_str(w);
                }
                self.replace(&joined, start, end);
            }
        }
        if text.ends_with(char::is_whitespace) {
            self.space(end, end);
        }
    }

    /// Takes the collected text, leaving the buffer empty with `anchor`.
    pub(crate) fn take(&mut self, anchor: usize) -> MappedText {
        self.pending = None;
        let mut b = std::mem::replace(&mut self.b, MappedTextBuilder::new(anchor));
        b.trim_end();
        b.finish()
    }

    /// Scans the source text `start..end`, decoding entities when `decode`
    /// is set. With `pre` set, a line break stops the scan and the offset
    /// after it is returned, so that the caller can end the block there.
    pub(crate) fn feed(
        &mut self,
        start: usize,
        end: usize,
        decode: bool,
        pre: bool,
    ) -> Option<usize> {
        let bytes = self.src.as_bytes();
        let mut i = start;
        let mut run = start;
        while i < end {
            let c = bytes[i];
            match CLASS[c as usize] {
                PLAIN => i += 1,
                SPACE => {
                    self.copy(run, i);
                    if pre && (c == b'\n' || c == b'\r') {
                        return Some(i + 1);
                    }
                    let s = i;
                    i += 1;
                    while i < end && CLASS[bytes[i] as usize] == SPACE {
                        if pre && (bytes[i] == b'\n' || bytes[i] == b'\r') {
                            break;
                        }
                        i += 1;
                    }
                    self.space(s, i);
                    run = i;
                }
                AMP => {
                    let found = if decode { entity(bytes, i, end) } else { None };
                    match found {
                        Some((decoded, len)) => {
                            self.copy(run, i);
                            let mut tmp = [0u8; 4];
                            let text = decoded.as_str(&mut tmp);
                            if text.chars().all(char::is_whitespace) {
                                self.space(i, i + len);
                            } else {
                                self.replace_collapsed(text, i, i + len);
                            }
                            i += len;
                            run = i;
                        }
                        None => i += 1,
                    }
                }
                _ => {
                    let ch = self.src[i..end].chars().next();
                    match ch {
                        Some(ch) if ch.is_whitespace() => {
                            self.copy(run, i);
                            let len = ch.len_utf8();
                            self.space(i, i + len);
                            i += len;
                            run = i;
                        }
                        _ => i += 1,
                    }
                }
            }
        }
        self.copy(run, end);
        None
    }
}

// ---------------------------------------------------------------------------
// Character references.

enum Decoded {
    Char(char),
    Str(&'static str),
}

impl Decoded {
    fn as_str<'b>(&'b self, tmp: &'b mut [u8; 4]) -> &'b str {
        match self {
            Decoded::Char(c) => c.encode_utf8(tmp),
            Decoded::Str(s) => s,
        }
    }
}

/// Windows-1252 meanings of numeric references 0x80–0x9F, as browsers read
/// them.
const C1: [u16; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

/// Decodes the character reference starting at `at` (an `&`), not looking
/// at or beyond `end`. Returns the decoded text and the reference's length.
fn entity(bytes: &[u8], at: usize, end: usize) -> Option<(Decoded, usize)> {
    let mut j = at + 1;
    if j < end && bytes[j] == b'#' {
        j += 1;
        let hex = j < end && (bytes[j] | 0x20) == b'x';
        if hex {
            j += 1;
        }
        let digits = j;
        let mut value: u32 = 0;
        while j < end {
            let d = match (bytes[j] as char).to_digit(if hex { 16 } else { 10 }) {
                Some(d) => d,
                None => break,
            };
            value = value
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            j += 1;
        }
        if j == digits {
            return None;
        }
        if j < end && bytes[j] == b';' {
            j += 1;
        }
        let c = match value {
            0 => '\u{FFFD}',
            0x80..=0x9F => {
                char::from_u32(u32::from(C1[(value - 0x80) as usize])).unwrap_or('\u{FFFD}')
            }
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some((Decoded::Char(c), j - at));
    }
    let limit = end.min(at + htmlize::ENTITY_MAX_LENGTH);
    while j < limit && bytes[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == at + 1 {
        return None;
    }
    let (key, len) = if j < end && bytes[j] == b';' {
        (&bytes[at..=j], j + 1 - at)
    } else if j < end && bytes[j].is_ascii_alphanumeric() {
        // Longer than any entity name.
        return None;
    } else {
        // A legacy reference without `;` (`&copy 1990`).
        (&bytes[at..j], j - at)
    };
    let value = htmlize::ENTITIES.get(key)?;
    let text = std::str::from_utf8(value).ok()?;
    Some((Decoded::Str(text), len))
}

// ---------------------------------------------------------------------------
// Tags.

const NAME_CAP: usize = 16;

/// A lowercased tag name kept on the stack; longer names are marked as such
/// and match no known element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Name {
    buf: [u8; NAME_CAP],
    len: u8,
}

impl Name {
    const LONG: u8 = u8::MAX;

    fn new(raw: &[u8]) -> Name {
        let mut buf = [0u8; NAME_CAP];
        for (d, s) in buf.iter_mut().zip(raw) {
            *d = s.to_ascii_lowercase();
        }
        let len = if raw.len() > NAME_CAP {
            Self::LONG
        } else {
            raw.len() as u8
        };
        Name { buf, len }
    }

    fn as_bytes(&self) -> &[u8] {
        if self.len == Self::LONG {
            &[]
        } else {
            &self.buf[..self.len as usize]
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Ends the current block and opens a new one; `hint` is its own hint
    /// (else it inherits its parent's), `pre` marks preformatted text.
    Block {
        hint: Option<BlockHint>,
        pre: bool,
    },
    /// `<br>`, `<hr>`: ends the current block.
    Break,
    /// Raw-text element whose content is dropped.
    Raw,
    /// `<title>`: raw text that becomes the document title.
    Title,
    /// An element dropped with all its content; `breaks` when it is also a
    /// block boundary, `foreign` when `/>` really closes it.
    Skip {
        breaks: bool,
        foreign: bool,
    },
    Head,
    Body,
    /// Void elements allowed in `<head>`.
    HeadVoid,
    Void,
    /// Inline or unknown elements: no effect on the text.
    Inline,
}

fn classify(n: &[u8]) -> Kind {
    use BlockHint::*;
    let block = |hint, pre| Kind::Block { hint, pre };
    match n {
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => block(Some(Heading), false),
        b"li" | b"dt" | b"dd" => block(Some(ListItem), false),
        b"td" | b"th" | b"caption" | b"figcaption" => block(Some(Cell), false),
        b"pre" | b"listing" => block(Some(Preformatted), true),
        b"blockquote" => block(Some(Quote), false),
        b"p" | b"div" | b"ul" | b"ol" | b"dl" | b"menu" | b"table" | b"thead" | b"tbody"
        | b"tfoot" | b"tr" | b"section" | b"article" | b"header" | b"footer" | b"address"
        | b"main" | b"aside" | b"figure" | b"form" | b"fieldset" | b"legend" | b"details"
        | b"summary" | b"center" | b"hgroup" | b"dialog" | b"search" | b"html" | b"frameset"
        | b"option" | b"optgroup" => block(None, false),
        b"br" | b"hr" => Kind::Break,
        b"script" | b"style" | b"noscript" | b"textarea" | b"xmp" | b"iframe" | b"noembed"
        | b"noframes" => Kind::Raw,
        b"title" => Kind::Title,
        b"nav" => Kind::Skip {
            breaks: true,
            foreign: false,
        },
        b"template" | b"object" | b"select" | b"button" | b"audio" | b"video" | b"canvas" => {
            Kind::Skip {
                breaks: false,
                foreign: false,
            }
        }
        b"svg" | b"math" => Kind::Skip {
            breaks: false,
            foreign: true,
        },
        b"head" => Kind::Head,
        b"body" => Kind::Body,
        b"meta" | b"link" | b"base" | b"basefont" | b"bgsound" => Kind::HeadVoid,
        b"area" | b"col" | b"embed" | b"img" | b"image" | b"input" | b"keygen" | b"param"
        | b"source" | b"track" | b"wbr" | b"frame" => Kind::Void,
        _ => Kind::Inline,
    }
}

fn is_heading(n: &[u8]) -> bool {
    matches!(n, b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6")
}

struct Tag {
    name: Name,
    /// Offset just past the closing `>`.
    end: usize,
    self_closing: bool,
    /// `aria-hidden="true"`, `hidden`, or class `mw-editsection`.
    hidden: bool,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

/// Parses a tag whose name starts at `at` (just after `<` or `</`).
/// Returns `None` when the input ends inside the tag.
fn parse_tag(bytes: &[u8], at: usize) -> Option<Tag> {
    let n = bytes.len();
    let mut j = at;
    while j < n && !is_space(bytes[j]) && bytes[j] != b'/' && bytes[j] != b'>' {
        j += 1;
    }
    let name = Name::new(&bytes[at..j]);
    let mut hidden = false;
    loop {
        while j < n && is_space(bytes[j]) {
            j += 1;
        }
        match bytes.get(j)? {
            b'>' => {
                return Some(Tag {
                    name,
                    end: j + 1,
                    self_closing: false,
                    hidden,
                });
            }
            b'/' => {
                if bytes.get(j + 1) == Some(&b'>') {
                    return Some(Tag {
                        name,
                        end: j + 2,
                        self_closing: true,
                        hidden,
                    });
                }
                j += 1;
                continue;
            }
            _ => {}
        }
        // Attribute name (a leading `=` belongs to it).
        let name_start = j;
        j += 1;
        while j < n && !is_space(bytes[j]) && !matches!(bytes[j], b'/' | b'>' | b'=') {
            j += 1;
        }
        let attr = &bytes[name_start..j];
        while j < n && is_space(bytes[j]) {
            j += 1;
        }
        let mut value: &[u8] = &[];
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < n && is_space(bytes[j]) {
                j += 1;
            }
            match *bytes.get(j)? {
                q @ (b'"' | b'\'') => {
                    let close = bytes[j + 1..].iter().position(|&b| b == q)? + j + 1;
                    value = &bytes[j + 1..close];
                    j = close + 1;
                }
                b'>' => {}
                _ => {
                    let v = j;
                    while j < n && !is_space(bytes[j]) && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = &bytes[v..j];
                }
            }
        }
        if attr.eq_ignore_ascii_case(b"hidden") {
            hidden = true;
        } else if attr.eq_ignore_ascii_case(b"aria-hidden") {
            hidden |= value.trim_ascii().eq_ignore_ascii_case(b"true");
        } else if attr.eq_ignore_ascii_case(b"class") {
            hidden |= value
                .split(|&b| is_space(b))
                .any(|c| c == b"mw-editsection");
        }
    }
}

/// Finds the end tag `</name` (any case) from `from` on. Returns where it
/// starts and the offset after its `>`.
fn find_raw_end(bytes: &[u8], from: usize, name: &[u8]) -> Option<(usize, usize)> {
    let mut i = from;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'<') {
        let lt = i + p;
        let s = lt + 2;
        let e = s + name.len();
        if bytes.get(lt + 1) == Some(&b'/')
            && e < bytes.len()
            && bytes[s..e].eq_ignore_ascii_case(name)
            && (is_space(bytes[e]) || bytes[e] == b'/' || bytes[e] == b'>')
        {
            return parse_tag(bytes, s).map(|t| (lt, t.end));
        }
        i = lt + 1;
    }
    None
}

/// Where `needle` first occurs in `bytes` from `from` on.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

// ---------------------------------------------------------------------------
// The reader.

/// An open block-level element.
struct Open {
    name: Name,
    /// The hint of text directly inside it (its own, or inherited).
    hint: BlockHint,
    pre: bool,
    /// For `<ol>`: how many items it has opened so far.
    items: u32,
    /// For an item of an `<ol>`: its number, until its first block takes it.
    number: Option<u32>,
}

/// An element being dropped with its content.
struct Skip {
    name: Name,
    depth: u32,
    /// How many block elements were open when it started: an end tag of one
    /// of those also ends the dropped element.
    outer: usize,
}

/// A test on a lowercased tag name.
type NamePred = fn(&[u8]) -> bool;

/// Deeper nesting of block elements is not tracked (malformed input).
const MAX_DEPTH: usize = 512;

struct Reader<'a> {
    src: &'a str,
    buf: Buf<'a>,
    blocks: Vec<RawBlock>,
    stack: Vec<Open>,
    skip: Option<Skip>,
    in_head: bool,
    title: Option<String>,
}

impl<'a> Reader<'a> {
    fn new(src: &'a str) -> Self {
        Reader {
            src,
            buf: Buf::new(src, 0),
            blocks: Vec::new(),
            stack: Vec::new(),
            skip: None,
            in_head: false,
            title: None,
        }
    }

    fn hint(&self) -> BlockHint {
        self.stack.last().map_or(BlockHint::Paragraph, |o| o.hint)
    }

    fn flush(&mut self, at: usize) {
        if !self.buf.is_empty() {
            let hint = self.hint();
            let text = self.buf.take(at);
            let number = self.stack.iter_mut().rev().find_map(|o| o.number.take());
            self.blocks.push(RawBlock { text, hint, number });
        }
    }

    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            let lt = bytes[i..]
                .iter()
                .position(|&b| b == b'<')
                .map_or(n, |p| i + p);
            if lt > i {
                self.text(i, lt, true);
            }
            if lt >= n {
                break;
            }
            i = self.markup(lt);
        }
        self.flush(n);
    }

    /// Text content at `start..end`.
    fn text(&mut self, mut start: usize, end: usize, decode: bool) {
        if self.skip.is_some() || self.in_head {
            return;
        }
        loop {
            let pre = self.stack.last().is_some_and(|o| o.pre);
            match self.buf.feed(start, end, decode, pre) {
                Some(next) => {
                    self.flush(next);
                    start = next;
                }
                None => break,
            }
        }
    }

    /// Markup starting with the `<` at `lt`; returns where text resumes.
    fn markup(&mut self, lt: usize) -> usize {
        let bytes = self.src.as_bytes();
        let n = bytes.len();
        match bytes.get(lt + 1) {
            Some(b'!') => {
                if bytes[lt..].starts_with(b"<!--") {
                    find(bytes, lt + 2, b"-->").map_or(n, |p| p + 3)
                } else if bytes[lt..].starts_with(b"<![CDATA[") {
                    match find(bytes, lt + 9, b"]]>") {
                        Some(p) => {
                            self.text(lt + 9, p, false);
                            p + 3
                        }
                        None => n,
                    }
                } else {
                    find(bytes, lt + 2, b">").map_or(n, |p| p + 1)
                }
            }
            Some(b'?') => find(bytes, lt + 2, b">").map_or(n, |p| p + 1),
            Some(b'/') => match bytes.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => self.end_tag(lt),
                Some(b'>') => lt + 3,
                Some(_) => find(bytes, lt + 2, b">").map_or(n, |p| p + 1),
                None => n,
            },
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(lt),
            _ => {
                // A `<` that starts no tag is text.
                self.text(lt, lt + 1, true);
                lt + 1
            }
        }
    }

    fn start_tag(&mut self, lt: usize) -> usize {
        let bytes = self.src.as_bytes();
        let n = bytes.len();
        let Some(tag) = parse_tag(bytes, lt + 1) else {
            return n;
        };
        let kind = classify(tag.name.as_bytes());
        if matches!(kind, Kind::Raw | Kind::Title) {
            return match find_raw_end(bytes, tag.end, tag.name.as_bytes()) {
                Some((content_end, after)) => {
                    if kind == Kind::Title && self.skip.is_none() && self.title.is_none() {
                        let mut b = Buf::new(self.src, tag.end);
                        b.feed(tag.end, content_end, true, false);
                        let t = b.take(tag.end);
                        if !t.is_empty() {
                            self.title = Some(t.text().to_string());
                        }
                    }
                    after
                }
                // `<script/>`-style tags with no end tag are taken as closed.
                None if tag.self_closing => tag.end,
                None => n,
            };
        }
        let void = matches!(kind, Kind::Void | Kind::HeadVoid | Kind::Break);
        if let Some(skip) = &mut self.skip {
            if tag.name == skip.name && !tag.self_closing && !void {
                skip.depth += 1;
            }
            return tag.end;
        }
        if tag.hidden && !tag.self_closing && !void {
            if matches!(kind, Kind::Block { .. } | Kind::Skip { breaks: true, .. }) {
                self.flush(lt);
            }
            self.start_skip(tag.name);
            return tag.end;
        }
        match kind {
            Kind::Skip { breaks, foreign } => {
                if breaks {
                    self.flush(lt);
                }
                if !(foreign && tag.self_closing) {
                    self.start_skip(tag.name);
                }
            }
            // A `<head>` after content has started is ignored, as browsers do.
            Kind::Head => self.in_head = self.blocks.is_empty() && self.buf.is_empty(),
            Kind::HeadVoid => {}
            Kind::Block { hint, pre } => {
                self.in_head = false;
                self.flush(lt);
                self.open_block(tag.name, hint, pre);
            }
            Kind::Break => {
                self.in_head = false;
                self.flush(lt);
            }
            _ => self.in_head = false,
        }
        tag.end
    }

    fn start_skip(&mut self, name: Name) {
        self.skip = Some(Skip {
            name,
            depth: 1,
            outer: self.stack.len(),
        });
    }

    fn end_tag(&mut self, lt: usize) -> usize {
        let bytes = self.src.as_bytes();
        let Some(tag) = parse_tag(bytes, lt + 2) else {
            return bytes.len();
        };
        let kind = classify(tag.name.as_bytes());
        if let Some(skip) = &mut self.skip {
            if tag.name == skip.name {
                skip.depth -= 1;
                if skip.depth == 0 {
                    self.skip = None;
                }
                return tag.end;
            }
            let closes_outer = matches!(kind, Kind::Block { .. })
                && self.stack[..skip.outer].iter().any(|o| o.name == tag.name);
            if !closes_outer {
                return tag.end;
            }
            self.skip = None;
        }
        match kind {
            Kind::Head => self.in_head = false,
            Kind::Block { .. } => {
                self.flush(lt);
                let name = tag.name.as_bytes();
                let found = if is_heading(name) {
                    self.stack
                        .iter()
                        .rposition(|o| is_heading(o.name.as_bytes()))
                } else {
                    self.stack.iter().rposition(|o| o.name == tag.name)
                };
                if let Some(idx) = found {
                    self.stack.truncate(idx);
                }
            }
            Kind::Break => self.flush(lt),
            _ => {}
        }
        tag.end
    }

    /// Opens a block element, first closing what its start implicitly ends.
    fn open_block(&mut self, name: Name, hint: Option<BlockHint>, pre: bool) {
        let nb = name.as_bytes();
        if self.stack.last().is_some_and(|o| o.name.as_bytes() == b"p")
            || (is_heading(nb)
                && self
                    .stack
                    .last()
                    .is_some_and(|o| is_heading(o.name.as_bytes())))
        {
            self.stack.pop();
        }
        let implied: Option<(NamePred, NamePred)> = match nb {
            b"li" => Some((|n| n == b"li", |n| matches!(n, b"ul" | b"ol" | b"menu"))),
            b"dt" | b"dd" => Some((|n| matches!(n, b"dt" | b"dd"), |n| n == b"dl")),
            b"td" | b"th" => Some((
                |n| matches!(n, b"td" | b"th"),
                |n| matches!(n, b"tr" | b"table"),
            )),
            b"tr" => Some((|n| n == b"tr", |n| n == b"table")),
            _ => None,
        };
        if let Some((target, stop)) = implied {
            for idx in (0..self.stack.len()).rev() {
                let n = self.stack[idx].name.as_bytes();
                if target(n) {
                    self.stack.truncate(idx);
                    break;
                }
                if stop(n) {
                    break;
                }
            }
        }
        // An item of an ordered list takes the next number of its list.
        let mut number = None;
        if nb == b"li"
            && let Some(list) = self
                .stack
                .iter_mut()
                .rev()
                .find(|o| matches!(o.name.as_bytes(), b"ol" | b"ul" | b"menu"))
            && list.name.as_bytes() == b"ol"
        {
            list.items += 1;
            number = Some(list.items);
        }
        if self.stack.len() < MAX_DEPTH {
            let parent = self.stack.last();
            let open = Open {
                name,
                hint: hint.unwrap_or(parent.map_or(BlockHint::Paragraph, |p| p.hint)),
                pre: pre || parent.is_some_and(|p| p.pre),
                items: 0,
                number,
            };
            self.stack.push(open);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Parsed) -> Vec<(&str, BlockHint)> {
        p.blocks.iter().map(|b| (b.text.text(), b.hint)).collect()
    }

    /// Checks that `word` occurs in some block and maps back to itself.
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
        assert!(seen, "{word:?} not found in {:?}", texts(p));
    }

    /// Every copy segment equals its source bytes; every segment lies inside
    /// the source.
    fn assert_well_mapped(src: &str, p: &Parsed) {
        for b in &p.blocks {
            let t = b.text.text();
            assert!(!t.is_empty());
            assert_eq!(t, t.trim());
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

    const PAGE: &str = r##"<!DOCTYPE html>
<HTML lang="az">
<HEAD>
  <meta charset="utf-8">
  <TITLE>Baku &amp; Shusha &mdash;
     a   history</TITLE>
  <link rel="stylesheet" href="/s.css">
  <style>body { color: red; } .hidden-style-text { }</style>
  <script type="text/javascript">
    var s = "</div><p>script text</p>";
    if (a < b && c > d) { document.write("scripted"); }
  </script>
</HEAD>
<body class="mediawiki">
<nav id="top"><ul><li><a href="/">Main page</a></li><li>Navigation junk</li></ul></nav>
<!-- a comment with <p>markup</p> inside -->
<div id="content">
<H1 class="firstHeading">History of Baku</H1>
<h2><span class="mw-headline" id="Origins">Origins</span><span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/w/edit" title="Edit section: Origins">edit</a><span class="mw-editsection-bracket">]</span></span></h2>
<p>The city of <b>Ba</b>ku lies on the <a href="/wiki/Caspian" title="a > b">Caspian Sea</a>
   &amp; was first mentioned&nbsp;in the 5th century.<sup id="cite_ref-12" class="reference"><a href="#cite_note-12">[12]</a></sup>
Letters: &#1041; and &#x4E2D; and caf&eacute; and &bogus; and AT&T.</p>
<p>Город Баку — столица Азербайджана.
<p>Bakı şəhəri Xəzər dənizinin sahilində yerləşir.</p>
<p>Thành phố Baku nằm bên bờ biển Caspi.<br>Second line after br.</p>
<blockquote><p>A quoted line.</p></blockquote>
<ul>
  <li>First item</li>
  <li>Second <i>item</i>
  <li>Third item</li>
</ul>
<table class="wikitable">
<caption>Population</caption>
<tr><th>Year</th><th>People</th></tr>
<TR><TD>1897</TD><td>111&#8239;904</td></tr>
</table>
<pre>line one
   line   two

line three</pre>
<p><![CDATA[raw <cdata> text]]> after cdata</p>
<p aria-hidden="true">Hidden paragraph</p>
<div hidden>Hidden div</div>
<p>Unclosed paragraph at the end</div>
<footer>Footer text</footer>
</body>
</html>
"##;

    #[test]
    fn reads_a_realistic_page() {
        let p = read_html(PAGE);
        assert_eq!(p.title.as_deref(), Some("Baku & Shusha — a history"));
        use BlockHint::*;
        let expected: Vec<(&str, BlockHint)> = vec![
            ("History of Baku", Heading),
            ("Origins", Heading),
            (
                "The city of Baku lies on the Caspian Sea & was first mentioned in the 5th \
                 century.[12] Letters: Б and 中 and café and &bogus; and AT&T.",
                Paragraph,
            ),
            ("Город Баку — столица Азербайджана.", Paragraph),
            ("Bakı şəhəri Xəzər dənizinin sahilində yerləşir.", Paragraph),
            ("Thành phố Baku nằm bên bờ biển Caspi.", Paragraph),
            ("Second line after br.", Paragraph),
            ("A quoted line.", Quote),
            ("First item", ListItem),
            ("Second item", ListItem),
            ("Third item", ListItem),
            ("Population", Cell),
            ("Year", Cell),
            ("People", Cell),
            ("1897", Cell),
            ("111 904", Cell),
            ("line one", Preformatted),
            ("line two", Preformatted),
            ("line three", Preformatted),
            ("raw <cdata> text after cdata", Paragraph),
            ("Unclosed paragraph at the end", Paragraph),
            ("Footer text", Paragraph),
        ];
        assert_eq!(texts(&p), expected);
        for b in &p.blocks {
            let t = b.text.text();
            for bad in [
                "color",
                "script",
                "scripted",
                "var s",
                "Main page",
                "Navigation",
                "edit",
                "markup",
                "Hidden",
                "utf-8",
                "stylesheet",
            ] {
                assert!(!t.contains(bad), "{bad:?} leaked into {t:?}");
            }
        }
        assert_well_mapped(PAGE, &p);
        for w in [
            "History",
            "Caspian Sea",
            "5th",
            "century.",
            "[12]",
            "Город",
            "Азербайджана.",
            "şəhəri",
            "Xəzər",
            "Thành phố",
            "nằm",
            "First item",
            "111",
            "line",
            "<cdata>",
            "AT&T",
            "&bogus;",
            "Unclosed",
        ] {
            assert_maps(PAGE, &p, w);
        }
        // `Ba` + `ku` across `</b>`: joined, each part maps to itself.
        let b = &p.blocks[2].text;
        let at = b.text().find("Baku").unwrap();
        let s = b.span_to_source(at..at + 2);
        assert_eq!(&PAGE[s.start..s.end], "Ba");
        let s = b.span_to_source(at + 2..at + 4);
        assert_eq!(&PAGE[s.start..s.end], "ku");
        // Decoded entities stand for their source range.
        for (decoded, entity) in [
            ("&", "&amp;"),
            ("Б", "&#1041;"),
            ("中", "&#x4E2D;"),
            ("é", "&eacute;"),
        ] {
            let at = b.text().find(decoded).unwrap();
            let s = b.span_to_source(at..at + decoded.len());
            assert_eq!(&PAGE[s.start..s.end], entity);
        }
        // The space from `&nbsp;` covers the entity.
        let at = b.text().find("mentioned in").unwrap() + "mentioned".len();
        let s = b.span_to_source(at..at + 1);
        assert_eq!(&PAGE[s.start..s.end], "&nbsp;");
    }

    #[test]
    fn scripts_and_attributes_are_never_text() {
        let src = "<p>Before<script>alert(1)</script> <img src=x onerror=alert(1)> after \
                   &lt;script&gt;alert(2)&lt;/script&gt;</p>";
        let p = read_html(src);
        assert_eq!(
            texts(&p),
            vec![(
                "Before after <script>alert(2)</script>",
                BlockHint::Paragraph
            )]
        );
        assert!(!p.blocks[0].text.text().contains("alert(1)"));
        let p = read_html("<SCRIPT>alert(1)</SCRIPT ><img src=x onerror=alert(1)/>");
        assert!(p.blocks.is_empty());
    }

    #[test]
    fn odd_markup() {
        let cases: &[(&str, &[&str])] = &[
            ("a < b and c<3 d", &["a < b and c<3 d"]),
            ("x <!-- unterminated comment", &["x"]),
            ("x <p class=\"unterminated", &["x"]),
            ("x <?php echo 1 ?> y", &["x y"]),
            ("<p>one<p>two</p>", &["one", "two"]),
            ("A<br/>B<hr>C", &["A", "B", "C"]),
            ("a</>b</ 3>c", &["abc"]),
            ("<div><span aria-hidden=true>gone</div>kept", &["kept"]),
            ("<P CLASS=x>Upper</P>", &["Upper"]),
            (
                "&#0; &#xD800; &#150; &copy 1990 &amp",
                &["\u{FFFD} \u{FFFD} – © 1990 &"],
            ),
            ("<svg/>a<math><mi>x</mi></math>b", &["ab"]),
            ("<iframe src=x />after", &["after"]),
            ("<textarea>never", &[]),
            ("</", &[]),
            ("<head><base href=x>dropped</head>kept", &["kept"]),
            ("<p>a</p><head>b", &["a", "b"]),
            ("<ul><li>one<li>two</ul>", &["one", "two"]),
            ("<a title='x\"y'>q</a>", &["q"]),
        ];
        for (src, want) in cases {
            let p = read_html(src);
            let got: Vec<&str> = p.blocks.iter().map(|b| b.text.text()).collect();
            assert_eq!(&got, want, "for {src:?}");
            assert_well_mapped(src, &p);
        }
    }

    #[test]
    fn hints_nest() {
        let src = "<ul><li><p>para in item</p><table><tr><td>cell</td></tr></table>tail</li></ul>\
                   <blockquote><ul><li>quoted item</li></ul>quote</blockquote>";
        let p = read_html(src);
        use BlockHint::*;
        assert_eq!(
            texts(&p),
            vec![
                ("para in item", ListItem),
                ("cell", Cell),
                ("tail", ListItem),
                ("quoted item", ListItem),
                ("quote", Quote),
            ]
        );
    }

    #[test]
    fn every_prefix_is_safe() {
        let mut cut = 0;
        while cut <= PAGE.len() {
            let src = &PAGE[..cut];
            let p = read_html(src);
            assert_well_mapped(src, &p);
            cut += 1;
            while cut < PAGE.len() && !PAGE.is_char_boundary(cut) {
                cut += 1;
            }
        }
    }
}
