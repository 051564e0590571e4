//! Bounded gzip decompression. The first byte picks the limit and the mode:
//! the rest of the input is either gzip data as it comes (whatever it holds,
//! the output never exceeds the limit, and a result decompresses back to
//! itself after recompression), or a payload that is compressed here (in one
//! or two members) and must come back exactly, be refused as too large when
//! over the limit, and never come back shorter when the data is truncated.
#![no_main]

use std::io::{Read, Write};

use chronicle_ingest::InputErrorKind;
use chronicle_ingest::decode::{GzipBomb, GzipStream, MAX_GZIP_RATIO, gunzip, is_gzip};
use flate2::Compression;
use flate2::write::GzEncoder;
use libfuzzer_sys::fuzz_target;

const LIMITS: &[u64] = &[0, 1, 100, 4096, 1 << 20];

fn compress(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(p).unwrap();
        out.extend(enc.finish().unwrap());
    }
    out
}

fn check_bounded(res: &Result<Vec<u8>, InputErrorKind>, limit: u64) {
    match res {
        Ok(out) => assert!(
            out.len() as u64 <= limit,
            "{} bytes over the limit {limit}",
            out.len()
        ),
        Err(InputErrorKind::TooLarge { size, limit: l, .. }) => {
            assert_eq!(*l, limit);
            assert_eq!(*size, limit + 1, "read more than one byte past the limit");
        }
        Err(InputErrorKind::Gzip(msg)) => assert!(!msg.is_empty()),
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

/// The streaming decoder of JSONL corpora: what it reads is what `gunzip`
/// reads, unless it stops as a zip bomb, which it may only do past `floor`
/// bytes at over `MAX_GZIP_RATIO` times the compressed size.
fn check_stream(data: &[u8], floor: u64) {
    let mut out = Vec::new();
    match GzipStream::new(data, floor).read_to_end(&mut out) {
        Ok(_) => assert_eq!(gunzip(data, out.len() as u64), Ok(out)),
        Err(e) => {
            if let Some(b) = e.get_ref().and_then(|x| x.downcast_ref::<GzipBomb>()) {
                assert!(
                    b.decompressed > floor,
                    "{b}: stopped under the floor {floor}"
                );
                assert!(b.decompressed / b.compressed > MAX_GZIP_RATIO, "{b}: ratio");
                assert!(
                    b.compressed <= data.len() as u64,
                    "{b}: more than the input"
                );
            } else {
                // A corrupt stream is corrupt to `gunzip` too.
                assert!(
                    gunzip(data, 1 << 26).is_err(),
                    "stream error {e} on valid data"
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let limit = LIMITS[(mode & 0x7f) as usize % LIMITS.len()];
    if mode & 0x80 == 0 {
        check_stream(rest, limit);
        let res = gunzip(rest, limit);
        check_bounded(&res, limit);
        if let Ok(out) = res {
            assert!(
                out.is_empty() || is_gzip(rest),
                "text from data without the gzip magic"
            );
            let again = gunzip(&compress(&[&out]), limit).expect("recompressed output");
            assert_eq!(again, out);
        }
    } else {
        let cut = rest.len() / 2;
        let gz = if mode & 0x40 != 0 {
            compress(&[&rest[..cut], &rest[cut..]])
        } else {
            compress(&[rest])
        };
        let res = gunzip(&gz, limit);
        check_bounded(&res, limit);
        match res {
            Ok(out) => assert_eq!(out, rest, "payload changed"),
            Err(InputErrorKind::TooLarge { .. }) => assert!(rest.len() as u64 > limit),
            Err(e) => panic!("valid gzip refused: {e:?}"),
        }
        // Truncated inside the last member's trailer: an error, never a
        // silently shorter text.
        let short = &gz[..gz.len() - 1];
        let res = gunzip(short, limit);
        check_bounded(&res, limit);
        assert!(res.is_err(), "truncated gzip accepted");
    }
});
