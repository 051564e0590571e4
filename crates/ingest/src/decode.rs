//! Turning raw bytes into text: gzip, byte-order marks, UTF-8, legacy
//! encodings, and the refusal of binary data.

use std::io::Read;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::InputErrorKind;

/// Text decoded from bytes, and the name of the encoding it was in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: String,
}

/// Whether `bytes` start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Decompresses gzip data (all members), refusing output beyond `limit` bytes.
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, InputErrorKind> {
    let mut out = Vec::new();
    let mut dec = flate2::read::MultiGzDecoder::new(bytes).take(limit + 1);
    dec.read_to_end(&mut out).map_err(|e| {
        InputErrorKind::Gzip(format!(
            "{e} after {} decompressed bytes from {} compressed bytes",
            out.len(),
            bytes.len()
        ))
    })?;
    if out.len() as u64 > limit {
        return Err(InputErrorKind::TooLarge {
            what: "decompressed text",
            size: out.len() as u64,
            limit,
        });
    }
    Ok(out)
}

/// Bytes out per compressed byte beyond which a gzip stream is taken for a
/// zip bomb, once its output is past the document size limit. Text
/// compresses 3 to 10 times, repetitive JSONL rarely 50; deflate's ceiling
/// is about 1030 (a run of zeros).
pub const MAX_GZIP_RATIO: u64 = 200;

/// The error a [`GzipStream`] fails with when it inflates beyond
/// [`MAX_GZIP_RATIO`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("gzip data inflating over {MAX_GZIP_RATIO} times: {decompressed} bytes from {compressed}")]
pub struct GzipBomb {
    pub compressed: u64,
    pub decompressed: u64,
}

/// Counts the bytes read through it.
pub struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Decompresses a gzip stream (all members) as it is read, failing with
/// [`GzipBomb`] once more than `floor` bytes came out at over
/// [`MAX_GZIP_RATIO`] times the compressed bytes read: a streamed JSONL
/// corpus has no size limit, but a zip bomb stops early.
pub struct GzipStream<R> {
    dec: flate2::read::MultiGzDecoder<Counted<R>>,
    out: u64,
    floor: u64,
}

impl<R: Read> GzipStream<R> {
    pub fn new(inner: R, floor: u64) -> Self {
        GzipStream {
            dec: flate2::read::MultiGzDecoder::new(Counted { inner, count: 0 }),
            out: 0,
            floor,
        }
    }
}

impl<R: Read> Read for GzipStream<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.dec.read(buf)?;
        self.out += n as u64;
        let compressed = self.dec.get_ref().count.max(1);
        if self.out > self.floor && self.out / compressed > MAX_GZIP_RATIO {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                GzipBomb {
                    compressed,
                    decompressed: self.out,
                },
            ));
        }
        Ok(n)
    }
}

/// Decodes `bytes`. With `forced`, that encoding is used (malformed bytes
/// become U+FFFD). Otherwise: a byte-order mark decides; then valid UTF-8 is
/// UTF-8; then text that is mostly valid UTF-8 with a few broken sequences is
/// refused (a corrupted UTF-8 file, not a legacy encoding); then the encoding
/// is guessed with chardetng. Binary data is refused.
///
/// A UTF-8 byte-order mark is kept in the text (as U+FEFF) so that byte
/// offsets into the text stay equal to byte offsets into the file.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, InputErrorKind> {
    decode_owned(bytes.to_vec(), forced).map_err(|(kind, _)| kind)
}

/// [`decode`] taking ownership of the bytes, so that UTF-8 (the common case)
/// is validated once and never copied. An error comes with the 1-based line
/// of its byte offset, where it has one.
pub fn decode_owned(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, (InputErrorKind, Option<u64>)> {
    let plain = |kind| (kind, None);
    if bytes.is_empty() {
        return Err(plain(InputErrorKind::Empty));
    }
    if let Some(enc) = forced {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
        let mut encoding = enc.name().to_string();
        if had_errors {
            encoding.push_str(" (malformed bytes replaced)");
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding,
        });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return decode_utf16(&bytes[2..], UTF_16LE, 2).map_err(plain);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return decode_utf16(&bytes[2..], UTF_16BE, 2).map_err(plain);
    }
    let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    if !bom {
        if let Some(enc) = sniff_utf16_without_bom(&bytes) {
            return decode_utf16(&bytes, enc, 0).map_err(plain);
        }
        if let Some(offset) = binary_offset(&bytes) {
            return Err(plain(InputErrorKind::Binary(offset as u64)));
        }
    }
    let with_line = |bytes: &[u8], offset: usize| {
        let line = 1 + bytes[..offset.min(bytes.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        (InputErrorKind::InvalidUtf8(offset as u64), Some(line))
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: "UTF-8".into(),
        }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            if bom || mostly_utf8(&bytes) {
                return Err(with_line(&bytes, valid));
            }
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(&bytes, true);
            let enc = det.guess(None, chardetng::Utf8Detection::Allow);
            if enc == UTF_8 {
                return Err(with_line(&bytes, valid));
            }
            // Stretches of UTF-8 beside stretches of a legacy encoding:
            // decoding it all as the legacy one would store the UTF-8 as
            // mojibake.
            if enc.is_single_byte() && has_utf8_stretch(&bytes) {
                let (_, line) = with_line(&bytes, valid);
                return Err((
                    InputErrorKind::MixedEncoding {
                        offset: valid as u64,
                        encoding: refine_label(enc, &bytes),
                    },
                    line,
                ));
            }
            let (text, _) = enc.decode_without_bom_handling(&bytes);
            Ok(Decoded {
                text: text.into_owned(),
                encoding: refine_label(enc, &bytes),
            })
        }
    }
}

/// Decodes UTF-16 data that starts at byte `at` of the file (after its
/// byte-order mark); an error gives the file offset of the first malformed
/// code unit.
fn decode_utf16(
    bytes: &[u8],
    enc: &'static Encoding,
    at: usize,
) -> Result<Decoded, InputErrorKind> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        let big_endian = enc == UTF_16BE;
        let units = bytes.chunks_exact(2).map(|p| {
            if big_endian {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        });
        // An unpaired surrogate, or else the odd byte at the end.
        let mut good = 0;
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => good += 2 * c.len_utf16(),
                Err(_) => break,
            }
        }
        return Err(InputErrorKind::InvalidUtf8((at + good) as u64));
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc.name().to_string(),
    })
}

/// UTF-16 without a byte-order mark: text in Latin or Cyrillic script has a
/// zero (or a small constant) high byte in most code units.
fn sniff_utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if zero_odd * 10 >= pairs * 6 && zero_even * 10 <= pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 6 && zero_odd * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The offset of the first sign of binary data: a NUL byte, or a block of
/// text where more than 10% of the bytes are control characters.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    if let Some(p) = memchr::memchr(0, bytes) {
        return Some(p);
    }
    let is_control = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B);
    for (i, chunk) in bytes.chunks(4096).enumerate() {
        // Counting every byte below 0x20 vectorises; only a suspicious chunk
        // is looked at closely.
        let low = chunk.iter().filter(|b| **b < 0x20).count();
        if low * 10 <= chunk.len() || low <= 8 {
            continue;
        }
        let controls = chunk.iter().filter(|b| is_control(**b)).count();
        if controls * 10 > chunk.len() && controls > 8 {
            let first = chunk.iter().position(|b| is_control(*b)).unwrap_or(0);
            return Some(i * 4096 + first);
        }
    }
    None
}

/// True when the bytes are UTF-8 apart from a few broken stretches: many
/// valid multi-byte sequences and few places where invalid bytes occur
/// (adjacent invalid bytes count as one place).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multi = 0usize;
    let mut broken_places = 0usize;
    let mut rest = bytes;
    let mut last_was_error = false;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multi += s.chars().filter(|c| c.len_utf8() > 1).count();
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                if !good.is_empty() {
                    last_was_error = false;
                    valid_multi += std::str::from_utf8(good)
                        .map(|s| s.chars().filter(|c| c.len_utf8() > 1).count())
                        .unwrap_or(0);
                }
                if !last_was_error {
                    broken_places += 1;
                }
                last_was_error = true;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = &after[skip.min(after.len())..];
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    valid_multi >= 4 && broken_places * 10 <= valid_multi
}

/// Valid multi-byte UTF-8 characters in a row (ASCII between them allowed,
/// no invalid byte) that show a file holds UTF-8 text. Text in a legacy
/// single-byte encoding forms valid UTF-8 sequences only by accident, a few
/// in a row at most: at most 3 in the seed texts converted to windows-1251,
/// KOI8-R, KOI8-U, IBM866, windows-1252/1254/1250/1257/1258 and ISO-8859-5/9,
/// while one sentence of Cyrillic UTF-8 has dozens.
const UTF8_STRETCH: usize = 16;

/// Whether `bytes` (not valid UTF-8 as a whole) hold a stretch of UTF-8 text:
/// [`UTF8_STRETCH`] valid multi-byte characters with no invalid byte
/// between them.
fn has_utf8_stretch(bytes: &[u8]) -> bool {
    let multi = |s: &[u8]| {
        std::str::from_utf8(s).map_or(0, |s| s.chars().filter(|c| c.len_utf8() > 1).count())
    };
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return multi(s.as_bytes()) >= UTF8_STRETCH,
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                if multi(good) >= UTF8_STRETCH {
                    return true;
                }
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = &after[skip.min(after.len())..];
                if rest.is_empty() {
                    return false;
                }
            }
        }
    }
}

/// The narrowest standard name for what chardetng found: ISO-8859-9 rather
/// than windows-1254 when no byte uses the windows-only range, KOI8-R rather
/// than KOI8-U when no Ukrainian-only letter occurs.
fn refine_label(enc: &'static Encoding, bytes: &[u8]) -> String {
    let name = enc.name();
    match name {
        "windows-1254" if !bytes.iter().any(|b| (0x80..=0x9F).contains(b)) => "ISO-8859-9".into(),
        "KOI8-U"
            if !bytes
                .iter()
                .any(|b| matches!(b, 0xA4 | 0xA6 | 0xA7 | 0xAD | 0xB4 | 0xB6 | 0xB7 | 0xBD)) =>
        {
            "KOI8-R".into()
        }
        _ => name.to_string(),
    }
}

/// Looks up an encoding by any of its WHATWG labels (`cp1251`, `koi8-r`,
/// `latin5`, `utf-16le` …).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RU: &str = "Съезд открылся в Тифлисе; делегаты спорили о границах губерний и уездов.";
    const TR: &str =
        "Meclis açıldığında şehirde büyük bir heyecan vardı; gazeteler günlerce yazdı.";

    fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
        let (b, _, errors) = enc.encode(s);
        assert!(!errors);
        b.into_owned()
    }

    #[test]
    fn utf8_is_kept_and_the_bom_preserves_offsets() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(RU.as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text.len(), bytes.len());
        assert!(d.text.ends_with(RU));
    }

    #[test]
    fn windows_1251_is_detected() {
        let text = RU.repeat(3);
        let d = decode(&encode(encoding_rs::WINDOWS_1251, &text), None).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.text, text);
    }

    #[test]
    fn koi8_r_is_detected_and_named() {
        let text = RU.repeat(3);
        let d = decode(&encode(encoding_rs::KOI8_U, &text), None).unwrap();
        assert_eq!(d.encoding, "KOI8-R");
        assert_eq!(d.text, text);
    }

    #[test]
    fn iso_8859_9_is_detected_and_named() {
        let text = TR.repeat(3);
        let d = decode(&encode(encoding_rs::WINDOWS_1254, &text), None).unwrap();
        assert_eq!(d.encoding, "ISO-8859-9");
        assert_eq!(d.text, text);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(RU.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le, None).unwrap();
        assert_eq!((d.encoding.as_str(), d.text.as_str()), ("UTF-16LE", RU));
        let mut be = vec![0xFE, 0xFF];
        be.extend(TR.encode_utf16().flat_map(|u| u.to_be_bytes()));
        let d = decode(&be, None).unwrap();
        assert_eq!((d.encoding.as_str(), d.text.as_str()), ("UTF-16BE", TR));
        let plain: Vec<u8> = "Plain English text in UTF-16."
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&plain, None).unwrap().encoding, "UTF-16LE");
    }

    #[test]
    fn broken_utf8_is_an_error_with_its_offset() {
        let mut bytes = RU.as_bytes().to_vec();
        bytes.insert(20, 0xFF);
        let err = decode(&bytes, None).unwrap_err();
        // The broken place starts at the lead byte of the split letter.
        assert_eq!(err, InputErrorKind::InvalidUtf8(19));
    }

    #[test]
    fn binary_and_empty_input_are_refused() {
        assert_eq!(decode(b"", None).unwrap_err(), InputErrorKind::Empty);
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(matches!(decode(png, None), Err(InputErrorKind::Binary(8))));
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 37 % 251) as u8 | 1).collect();
        assert!(matches!(
            decode(&noise, None),
            Err(InputErrorKind::Binary(_))
        ));
    }

    #[test]
    fn forced_encoding_wins() {
        let bytes = encode(encoding_rs::WINDOWS_1251, RU);
        let d = decode(&bytes, encoding_for_label("cp1251")).unwrap();
        assert_eq!(d.text, RU);
        assert_eq!(d.encoding, "windows-1251");
    }

    #[test]
    fn gzip_round_trip_truncation_and_limit() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(RU.repeat(50).as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        assert!(is_gzip(&gz));
        assert_eq!(gunzip(&gz, 1 << 20).unwrap(), RU.repeat(50).as_bytes());
        assert!(matches!(
            gunzip(&gz[..gz.len() / 2], 1 << 20),
            Err(InputErrorKind::Gzip(_))
        ));
        assert!(matches!(
            gunzip(&gz, 100),
            Err(InputErrorKind::TooLarge { .. })
        ));
    }

    /// Found by `fuzz/` (target `decode`): the offset of a malformed UTF-16
    /// unit was an offset into the decoded UTF-8 text, which for CJK text
    /// lies beyond the end of the file.
    #[test]
    fn utf16_error_offset_is_a_file_offset() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(
            "中"
                .repeat(200)
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        le.extend([0x00, 0xD8, b'a', 0x00]); // an unpaired high surrogate
        assert_eq!(decode(&le, None), Err(InputErrorKind::InvalidUtf8(402)));
        // `abА` in UTF-16BE and an odd final byte.
        let be = [0xFE, 0xFF, 0x00, b'a', 0x00, b'b', 0x04, 0x10, 0x41];
        assert_eq!(decode(&be, None), Err(InputErrorKind::InvalidUtf8(8)));
    }

    /// UTF-8 beside windows-1251 was decoded all as windows-1251 (or 1252),
    /// storing the UTF-8 as mojibake; now it is refused at the first
    /// invalid byte. A whole legacy file still decodes.
    #[test]
    fn utf8_mixed_with_a_legacy_encoding_is_refused() {
        let mut mixed = RU.as_bytes().to_vec();
        mixed.extend(encode(
            encoding_rs::WINDOWS_1251,
            &format!(" {RU}").repeat(20),
        ));
        assert_eq!(
            decode(&mixed, None),
            Err(InputErrorKind::MixedEncoding {
                offset: RU.len() as u64 + 1,
                encoding: "windows-1251".into()
            })
        );
        let legacy = encode(encoding_rs::WINDOWS_1251, &RU.repeat(20));
        assert_eq!(decode(&legacy, None).unwrap().text, RU.repeat(20));
        let koi8 = encode(encoding_rs::KOI8_U, &RU.repeat(20));
        assert_eq!(decode(&koi8, None).unwrap().text, RU.repeat(20));
    }

    /// A streamed gzip of zeros stops soon after its floor, as a bomb; text
    /// of ordinary compressibility streams whole.
    #[test]
    fn gzip_streams_stop_at_a_bomb() {
        use std::io::Write;
        let gz = |bytes: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            e.write_all(bytes).unwrap();
            e.finish().unwrap()
        };
        let bomb = gz(&vec![0u8; 8 << 20]);
        let mut out = Vec::new();
        let err = GzipStream::new(&bomb[..], 1 << 20)
            .read_to_end(&mut out)
            .unwrap_err();
        let b = err.get_ref().unwrap().downcast_ref::<GzipBomb>().unwrap();
        assert!(
            b.decompressed > 1 << 20 && b.decompressed <= 2 << 20,
            "{b:?}"
        );
        // Words of RU in a pseudo-random order: text as compressible as
        // prose, not one sentence repeated.
        let words: Vec<&str> = RU.split(' ').collect();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let text: String = (0..20_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                words[(state % words.len() as u64) as usize]
            })
            .collect::<Vec<_>>()
            .join(" ");
        let mut out = Vec::new();
        GzipStream::new(&gz(text.as_bytes())[..], 1 << 10)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, text.as_bytes());
    }
}
