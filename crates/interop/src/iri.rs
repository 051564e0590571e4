//! The IRIs exports give to what they describe. They are the HTTP API's
//! addresses under the base the user chooses (`--base`, by default the
//! address `chronicle serve` listens on), so an identifier in an export
//! can be looked up on a running server.

/// Percent-encodes one path segment (everything but the unreserved
/// characters of RFC 3986, byte by byte in UTF-8).
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The base IRI with exactly one trailing `/`.
pub fn normalise_base(base: &str) -> String {
    format!("{}/", base.trim().trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn segments_are_percent_encoded_as_utf8() {
        assert_eq!(super::segment("be-shusha.txt"), "be-shusha.txt");
        assert_eq!(super::segment("a b/c"), "a%20b%2Fc");
        assert_eq!(super::segment("Шуша"), "%D0%A8%D1%83%D1%88%D0%B0");
        assert_eq!(super::normalise_base("http://x:1//"), "http://x:1/");
    }
}
