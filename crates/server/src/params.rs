//! Query-string parameters, checked against what a route accepts: an
//! unknown or malformed parameter is a 400 that names it.

use crate::error::ApiError;

/// The decoded query string of one request.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// Page size when none is given, and the largest accepted.
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;
/// The most characters a text parameter (`q`, `prefix`, …) may have.
pub const MAX_TEXT_CHARS: usize = 1000;

impl Params {
    /// Decodes `raw` and checks every name is one of `allowed`.
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (k, _) in &pairs {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::bad_request(if allowed.is_empty() {
                    format!("unknown parameter {k:?}: this route takes no parameters")
                } else {
                    format!(
                        "unknown parameter {k:?}: this route takes {}",
                        allowed.join(", ")
                    )
                }));
            }
        }
        Ok(Params { pairs })
    }

    /// A 400 naming the first of `names` with a value over `max`
    /// characters.
    pub fn check_length(&self, names: &[&str], max: usize) -> Result<(), ApiError> {
        for (k, v) in &self.pairs {
            let n = v.chars().count();
            if n > max && names.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "{k} is {n} characters long; at most {max} are accepted"
                )));
            }
        }
        Ok(())
    }

    /// The last value of a parameter, when given and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// Every value of a repeated or comma-separated parameter.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A non-negative integer no larger than `max`.
    pub fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                Ok(n) => Err(ApiError::bad_request(format!(
                    "{name} must be at most {max}, not {n}"
                ))),
                Err(_) => Err(ApiError::bad_request(format!(
                    "{name} must be a whole number between 0 and {max}, not {v:?}"
                ))),
            },
        }
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`).
    pub fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some("true" | "1" | "yes") => Ok(true),
            Some("false" | "0" | "no") => Ok(false),
            Some(v) => Err(ApiError::bad_request(format!(
                "{name} must be true or false, not {v:?}"
            ))),
        }
    }

    /// `offset` and `limit` (1 to [`MAX_LIMIT`]).
    pub fn page(&self) -> Result<(usize, usize), ApiError> {
        let offset = self.number("offset", 0, 1_000_000)?;
        let limit = self.number("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
        if limit == 0 {
            return Err(ApiError::bad_request(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        Ok((offset, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_numbers_flags_and_unknown_names() {
        let p = Params::parse(
            Some("lang=be,en&lang=az&limit=5&expand=no&q=%D0%A8%D1%83"),
            &["lang", "limit", "expand", "q"],
        )
        .unwrap();
        assert_eq!(p.list("lang"), ["be", "en", "az"]);
        assert_eq!(p.page().unwrap(), (0, 5));
        assert!(!p.flag("expand", true).unwrap());
        assert_eq!(p.get("q"), Some("Шу"));
        let e = Params::parse(Some("lmit=5"), &["limit"]).unwrap_err();
        assert!(e.message.contains("\"lmit\""), "{}", e.message);
        let p = Params::parse(Some("limit=x"), &["limit"]).unwrap();
        assert!(p.page().is_err());
        let p = Params::parse(Some("limit=1000"), &["limit"]).unwrap();
        assert!(p.page().unwrap_err().message.contains("at most 100"));
        let long = format!("q={}&doc={}", "ш".repeat(1001), "d".repeat(5000));
        let p = Params::parse(Some(&long), &["q", "doc"]).unwrap();
        assert!(p.check_length(&["lang"], MAX_TEXT_CHARS).is_ok());
        let e = p.check_length(&["q"], MAX_TEXT_CHARS).unwrap_err();
        assert_eq!(
            e.message,
            "q is 1001 characters long; at most 1000 are accepted"
        );
    }
}
