//! The compact binary form of a paragraph's text map (`paragraphs.text_map`).
//!
//! A [`MappedText`]'s text is stored in the `text` column; this blob stores
//! its segments and anchor. Layout (all integers unsigned LEB128 varints
//! unless noted):
//!
//! ```text
//! version   u8      = 1
//! anchor    varint  source offset an empty text maps to
//! count     varint  number of segments
//! count × segment:
//!   head    varint  (text_len << 1) | copy
//!   src_len varint  only when copy = 0 (a copy segment has src_len = text_len)
//!   delta   varint  zigzag-encoded src_start − previous segment's src_end
//!                   (the first segment's "previous end" is the anchor)
//! ```
//!
//! `text_start` is not stored: segments tile the text, so each one starts
//! where the previous one ended. A typical paragraph (one copy segment plus a
//! few replaced runs) takes a handful of bytes.

use chronicle_core::{MappedText, Segment};

const VERSION: u8 = 1;

/// Encodes the segments and anchor of `text`.
pub fn encode(text: &MappedText, out: &mut Vec<u8>) {
    out.clear();
    out.push(VERSION);
    put(out, text.anchor() as u64);
    let segments = text.segments();
    put(out, segments.len() as u64);
    let mut prev_end = text.anchor() as i128;
    for s in segments {
        put(out, ((s.text_len as u64) << 1) | u64::from(s.copy));
        if !s.copy {
            put(out, s.src_len as u64);
        }
        let delta = s.src_start as i128 - prev_end;
        put(out, zigzag(delta as i64));
        prev_end = (s.src_start + s.src_len) as i128;
    }
}

/// Decodes a blob written by [`encode`] against the paragraph's text.
pub fn decode(text: String, blob: &[u8]) -> Result<MappedText, String> {
    let mut r = Reader { blob, pos: 0 };
    let version = r.byte()?;
    if version != VERSION {
        return Err(format!("unknown text map version {version}"));
    }
    let anchor = r.usize()?;
    let count = r.usize()?;
    // Each segment takes at least two bytes: do not trust a huge count.
    if count > blob.len() {
        return Err(format!(
            "text map claims {count} segments in {} bytes",
            blob.len()
        ));
    }
    let mut segments = Vec::with_capacity(count);
    let mut text_start = 0usize;
    let mut prev_end = anchor as i128;
    for _ in 0..count {
        let head = r.varint()?;
        let copy = head & 1 == 1;
        let text_len = usize::try_from(head >> 1).map_err(|_| "segment length overflows")?;
        let src_len = if copy { text_len } else { r.usize()? };
        let delta = unzigzag(r.varint()?) as i128;
        let src_start = usize::try_from(prev_end + delta)
            .map_err(|_| "segment source offset out of range".to_string())?;
        let src_end = src_start
            .checked_add(src_len)
            .ok_or("segment source end overflows")?;
        segments.push(Segment {
            text_start,
            text_len,
            src_start,
            src_len,
            copy,
        });
        text_start = text_start
            .checked_add(text_len)
            .ok_or("segment text end overflows")?;
        prev_end = src_end as i128;
    }
    if r.pos != blob.len() {
        return Err(format!(
            "{} trailing bytes after the text map",
            blob.len() - r.pos
        ));
    }
    MappedText::from_parts(text, segments, anchor)
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

struct Reader<'a> {
    blob: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .blob
            .get(self.pos)
            .ok_or_else(|| "text map is truncated".to_string())?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("text map varint is too long".into())
    }

    fn usize(&mut self) -> Result<usize, String> {
        usize::try_from(self.varint()?).map_err(|_| "text map value overflows".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_core::MappedTextBuilder;

    fn round_trip(m: &MappedText) -> MappedText {
        let mut blob = Vec::new();
        encode(m, &mut blob);
        decode(m.text().to_string(), &blob).unwrap()
    }

    #[test]
    fn identity_round_trips_in_few_bytes() {
        let m = MappedText::identity("Шуша — город", 1234);
        let mut blob = Vec::new();
        encode(&m, &mut blob);
        assert!(blob.len() <= 8, "{blob:?}");
        assert_eq!(round_trip(&m), m);
    }

    #[test]
    fn replaced_and_backward_segments_round_trip() {
        let mut b = MappedTextBuilder::new(50);
        b.push_copy("Tom ", 50);
        b.push_replace("&", 54..59);
        b.push_copy(" Jerry", 59);
        b.push_replace("…", 10..13); // points backwards
        b.push_replace("x", 400..400); // empty source range
        b.push_copy("ё", 900);
        let m = b.finish();
        assert_eq!(round_trip(&m), m);
    }

    #[test]
    fn empty_text_keeps_its_anchor() {
        let m = MappedTextBuilder::new(77).finish();
        assert_eq!(round_trip(&m), m);
    }

    #[test]
    fn garbage_is_rejected() {
        let m = MappedText::identity("abc", 0);
        let mut blob = Vec::new();
        encode(&m, &mut blob);
        assert!(decode("abcd".into(), &blob).is_err());
        assert!(decode("abc".into(), &blob[..blob.len() - 1]).is_err());
        assert!(decode("abc".into(), &[9, 0, 0]).is_err());
        assert!(
            decode(
                "abc".into(),
                &[
                    1, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01
                ]
            )
            .is_err()
        );
        let mut long = blob.clone();
        long.push(0);
        assert!(decode("abc".into(), &long).is_err());
    }
}
