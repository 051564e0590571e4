//! Text with a map back to the source text it was derived from.
//!
//! A [`MappedText`] is a string plus a list of [`Segment`]s that tile it. A
//! *copy* segment is a run of bytes that is byte-for-byte the same as a run of
//! the source text; a *replace* segment is text that stands for a source range
//! of another length (a decoded HTML entity, a collapsed run of whitespace, an
//! NFC-normalised word). Deleted source bytes simply have no segment.
//!
//! Offsets are UTF-8 byte offsets, both in the mapped text and in the source.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::model::Span;

/// One run of the mapped text and the source range it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Start of the run in the mapped text.
    pub text_start: usize,
    /// Length of the run in the mapped text.
    pub text_len: usize,
    /// Start of the source range.
    pub src_start: usize,
    /// Length of the source range.
    pub src_len: usize,
    /// True when the run is an exact copy of the source range (then the two
    /// lengths are equal and offsets map linearly).
    pub copy: bool,
}

impl Segment {
    fn text_end(&self) -> usize {
        self.text_start + self.text_len
    }
    fn src_end(&self) -> usize {
        self.src_start + self.src_len
    }
}

/// Which source offset a position inside a replaced run maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bias {
    /// The start of a span: map to the start of the source range.
    Start,
    /// The end of a span: map to the end of the source range.
    End,
}

/// A change to a [`MappedText`]: replace `range` (offsets in the mapped text)
/// with `replacement`. An empty replacement deletes the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn delete(range: Range<usize>) -> Self {
        Edit {
            range,
            replacement: String::new(),
        }
    }
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }
}

/// A string that knows where each of its bytes came from in the source text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MappedText {
    text: String,
    segments: Vec<Segment>,
    /// Source offset that an empty text maps to.
    anchor: usize,
}

impl MappedText {
    /// Text that is an exact copy of the source starting at `src_start`.
    pub fn identity(text: &str, src_start: usize) -> Self {
        let mut b = MappedTextBuilder::new(src_start);
        b.push_copy(text, src_start);
        b.finish()
    }

    /// Rebuilds a mapped text from stored parts, checking that the segments
    /// tile the text.
    pub fn from_parts(text: String, segments: Vec<Segment>, anchor: usize) -> Result<Self, String> {
        let mut pos = 0;
        for s in &segments {
            if s.text_start != pos {
                return Err(format!(
                    "segment starts at {} but {} expected",
                    s.text_start, pos
                ));
            }
            if s.copy && s.text_len != s.src_len {
                return Err("copy segment with unequal lengths".into());
            }
            pos = s.text_end();
        }
        if pos != text.len() {
            return Err(format!("segments cover {pos} bytes of {}", text.len()));
        }
        Ok(MappedText {
            text,
            segments,
            anchor,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub fn anchor(&self) -> usize {
        self.anchor
    }

    /// The source range the whole text comes from.
    pub fn source_span(&self) -> Span {
        match (self.segments.first(), self.segments.last()) {
            (Some(f), Some(l)) => Span::new(f.src_start, l.src_end()),
            _ => Span::new(self.anchor, self.anchor),
        }
    }

    /// Maps an offset of the text to an offset of the source text.
    pub fn to_source(&self, offset: usize, bias: Bias) -> usize {
        if self.segments.is_empty() {
            return self.anchor;
        }
        // First segment whose end is beyond `offset` (or reaches it, for End).
        let idx = match bias {
            Bias::Start => self.segments.partition_point(|s| s.text_end() <= offset),
            Bias::End => self.segments.partition_point(|s| s.text_end() < offset),
        };
        let Some(seg) = self.segments.get(idx) else {
            return self
                .segments
                .last()
                .map(|s| s.src_end())
                .unwrap_or(self.anchor);
        };
        if offset <= seg.text_start {
            return seg.src_start;
        }
        if seg.copy {
            seg.src_start + (offset - seg.text_start)
        } else {
            match bias {
                Bias::Start => seg.src_start,
                Bias::End => seg.src_end(),
            }
        }
    }

    /// Maps a range of the text to the source span that covers it.
    pub fn span_to_source(&self, range: Range<usize>) -> Span {
        let start = self.to_source(range.start, Bias::Start);
        let end = if range.end == range.start {
            start
        } else {
            self.to_source(range.end, Bias::End)
        };
        Span::new(start, end.max(start))
    }

    /// A sub-range of the text, keeping its map.
    pub fn slice(&self, range: Range<usize>) -> MappedText {
        let mut b = MappedTextBuilder::new(self.to_source(range.start, Bias::Start));
        self.copy_range_into(&mut b, range);
        b.finish()
    }

    /// Applies non-overlapping edits (in any order) and returns the new text,
    /// whose map still leads to the original source.
    pub fn apply(&self, edits: &[Edit]) -> MappedText {
        if edits.is_empty() {
            return self.clone();
        }
        let mut sorted: Vec<&Edit> = edits.iter().collect();
        sorted.sort_by_key(|e| (e.range.start, e.range.end));
        let mut b = MappedTextBuilder::new(self.anchor);
        let mut pos = 0;
        for e in sorted {
            let start = e.range.start.max(pos);
            let end = e.range.end.max(start);
            if start > pos {
                self.copy_range_into(&mut b, pos..start);
            }
            if !e.replacement.is_empty() {
                let span = self.span_to_source(start..end);
                b.push_replace(&e.replacement, span.start..span.end);
            }
            pos = end;
        }
        if pos < self.text.len() {
            self.copy_range_into(&mut b, pos..self.text.len());
        }
        let mut out = b.finish();
        if out.segments.is_empty() {
            out.anchor = self.to_source(0, Bias::Start);
        }
        out
    }

    fn copy_range_into(&self, b: &mut MappedTextBuilder, range: Range<usize>) {
        let first = self
            .segments
            .partition_point(|s| s.text_end() <= range.start);
        for seg in &self.segments[first..] {
            if seg.text_start >= range.end {
                break;
            }
            let a = range.start.max(seg.text_start);
            let z = range.end.min(seg.text_end());
            if a >= z {
                continue;
            }
            let piece = &self.text[a..z];
            if seg.copy {
                b.push_copy(piece, seg.src_start + (a - seg.text_start));
            } else {
                b.push_replace(piece, seg.src_start..seg.src_end());
            }
        }
    }
}

/// Builds a [`MappedText`] piece by piece, in source order.
#[derive(Debug, Clone)]
pub struct MappedTextBuilder {
    text: String,
    segments: Vec<Segment>,
    anchor: usize,
}

impl MappedTextBuilder {
    /// `anchor` is the source offset an empty result maps to.
    pub fn new(anchor: usize) -> Self {
        MappedTextBuilder {
            text: String::new(),
            segments: Vec::new(),
            anchor,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Appends `text`, which is identical to the source bytes at `src_start`.
    pub fn push_copy(&mut self, text: &str, src_start: usize) {
        if text.is_empty() {
            return;
        }
        let text_start = self.text.len();
        self.text.push_str(text);
        if let Some(last) = self.segments.last_mut()
            && last.copy
            && last.src_end() == src_start
        {
            last.text_len += text.len();
            last.src_len += text.len();
            return;
        }
        self.segments.push(Segment {
            text_start,
            text_len: text.len(),
            src_start,
            src_len: text.len(),
            copy: true,
        });
    }

    /// Appends `text`, which stands for the source range `src`.
    pub fn push_replace(&mut self, text: &str, src: Range<usize>) {
        if text.is_empty() {
            return;
        }
        let text_start = self.text.len();
        self.text.push_str(text);
        self.segments.push(Segment {
            text_start,
            text_len: text.len(),
            src_start: src.start,
            src_len: src.end.saturating_sub(src.start),
            copy: false,
        });
    }

    /// Removes trailing whitespace from what was built so far.
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end().len();
        while let Some(last) = self.segments.last_mut() {
            if last.text_start >= keep {
                self.segments.pop();
            } else {
                if last.text_end() > keep {
                    let cut = last.text_end() - keep;
                    last.text_len -= cut;
                    if last.copy {
                        last.src_len -= cut;
                    }
                }
                break;
            }
        }
        self.text.truncate(keep);
    }

    pub fn finish(self) -> MappedText {
        MappedText {
            text: self.text,
            segments: self.segments,
            anchor: self.anchor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "Tom &amp; Jerry[12]  met   in Baku.";

    fn built() -> MappedText {
        let mut b = MappedTextBuilder::new(0);
        b.push_copy("Tom ", 0);
        b.push_replace("&", 4..9);
        b.push_copy(" Jerry", 9);
        b.push_copy("  met   in Baku.", 19);
        b.finish()
    }

    #[test]
    fn identity_maps_linearly() {
        let m = MappedText::identity("Шушы", 100);
        assert_eq!(m.to_source(2, Bias::Start), 102);
        assert_eq!(m.span_to_source(0..8), Span::new(100, 108));
    }

    #[test]
    fn replaced_runs_map_to_whole_source_range() {
        let m = built();
        assert_eq!(m.text(), "Tom & Jerry  met   in Baku.");
        assert_eq!(m.span_to_source(4..5), Span::new(4, 9));
        let j = m.text().find("Jerry").unwrap();
        let s = m.span_to_source(j..j + 5);
        assert_eq!(&SRC[s.start..s.end], "Jerry");
        let b = m.text().find("Baku").unwrap();
        let s = m.span_to_source(b..b + 4);
        assert_eq!(&SRC[s.start..s.end], "Baku");
    }

    #[test]
    fn edits_compose_with_the_existing_map() {
        let m = built();
        // Collapse the double and triple spaces.
        let t = m.text();
        let a = t.find("  met").unwrap();
        let c = t.find("   in").unwrap();
        let e = m.apply(&[Edit::replace(c..c + 3, " "), Edit::replace(a..a + 2, " ")]);
        assert_eq!(e.text(), "Tom & Jerry met in Baku.");
        let b = e.text().find("Baku").unwrap();
        let s = e.span_to_source(b..b + 5);
        assert_eq!(&SRC[s.start..s.end], "Baku.");
        let m2 = e.text().find("met").unwrap();
        let s = e.span_to_source(m2..m2 + 3);
        assert_eq!(&SRC[s.start..s.end], "met");
        // The ampersand still points at the entity.
        let s = e.span_to_source(4..5);
        assert_eq!(&SRC[s.start..s.end], "&amp;");
    }

    #[test]
    fn deleting_everything_keeps_an_anchor() {
        let m = MappedText::identity("[12]", 40);
        let e = m.apply(&[Edit::delete(0..4)]);
        assert!(e.is_empty());
        assert_eq!(e.source_span(), Span::new(40, 40));
    }

    #[test]
    fn slices_keep_their_map() {
        let m = built();
        let s = m.slice(6..11);
        assert_eq!(s.text(), "Jerry");
        let sp = s.source_span();
        assert_eq!(&SRC[sp.start..sp.end], "Jerry");
    }

    #[test]
    fn trim_end_drops_trailing_space_segments() {
        let mut b = MappedTextBuilder::new(0);
        b.push_copy("abc ", 0);
        b.push_replace(" ", 4..6);
        b.trim_end();
        let m = b.finish();
        assert_eq!(m.text(), "abc");
        assert_eq!(m.source_span(), Span::new(0, 3));
    }

    #[test]
    fn from_parts_rejects_gaps() {
        let m = built();
        assert!(MappedText::from_parts(m.text().to_string(), m.segments().to_vec(), 0).is_ok());
        let mut segs = m.segments().to_vec();
        segs.remove(1);
        assert!(MappedText::from_parts(m.text().to_string(), segs, 0).is_err());
    }
}
