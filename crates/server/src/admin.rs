//! The admin route, `POST /api/admin/reindex`: rebuilds the search index
//! from the store (what `chronicle reindex` does) and answers what the
//! rebuild did. It exists only when the server has an admin token
//! (`chronicle serve --admin-token-file FILE`, or `CHRONICLE_ADMIN_TOKEN`);
//! a request must bear it as `Authorization: Bearer TOKEN`, or it is
//! answered 401 with `WWW-Authenticate: Bearer`. The token is compared in
//! constant time and never printed. The store stays read-only: the rebuild
//! reads it and writes only the index beside it.

use std::fmt;
use std::sync::Arc;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::api::params;
use crate::error::ApiError;

/// The path of the admin route.
pub const REINDEX: &str = "/api/admin/reindex";

/// The fewest characters a token may have.
pub const MIN_TOKEN_CHARS: usize = 16;

/// The admin token: printable ASCII without spaces, at least
/// [`MIN_TOKEN_CHARS`] long. Its `Debug` form hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminToken(String);

impl AdminToken {
    /// The token in `text` (a file's content or an environment variable),
    /// without surrounding whitespace.
    pub fn new(text: &str) -> Result<AdminToken, String> {
        let token = text.trim();
        if token.len() < MIN_TOKEN_CHARS {
            return Err(format!(
                "the admin token must be at least {MIN_TOKEN_CHARS} characters long (try `openssl rand -hex 32`)"
            ));
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(
                "the admin token must be printable ASCII without spaces (try `openssl rand -hex 32`)"
                    .into(),
            );
        }
        Ok(AdminToken(token.to_string()))
    }

    /// Whether `given` is the token, in time that does not depend on where
    /// they differ.
    pub fn matches(&self, given: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), given.as_bytes());
        let mut diff = (a.len() != b.len()) as u8;
        for i in 0..a.len().max(b.len()) {
            let x = a.get(i).copied().unwrap_or(0);
            let y = b.get(i).copied().unwrap_or(0);
            diff |= std::hint::black_box(x ^ y);
        }
        diff == 0
    }
}

impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken(hidden)")
    }
}

/// A 401 with the challenge.
fn unauthorised(message: &str, error: Option<&str>) -> Response {
    let mut res = ApiError {
        status: StatusCode::UNAUTHORIZED,
        message: message.to_string(),
    }
    .into_response();
    let challenge = match error {
        Some(e) => format!("Bearer realm=\"chronicle-admin\", error=\"{e}\""),
        None => "Bearer realm=\"chronicle-admin\"".to_string(),
    };
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        res.headers_mut().insert(WWW_AUTHENTICATE, v);
    }
    res
}

/// The 401 for a request that does not bear the token; `None` when it
/// does.
fn refusal(headers: &HeaderMap, token: &AdminToken) -> Option<Response> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Some(unauthorised(
            "this route needs Authorization: Bearer TOKEN, with the token given to `chronicle serve --admin-token-file`",
            None,
        ));
    };
    let given = value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
        .unwrap_or("");
    (!token.matches(given)).then(|| {
        unauthorised(
            "the bearer token is not the admin token",
            Some("invalid_token"),
        )
    })
}

/// `POST /api/admin/reindex`.
pub async fn reindex(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(token) = &s.config.admin_token else {
        // Not routed without a token; answered as any unknown route.
        return ApiError::not_found(format!(
            "no route {REINDEX}; /openapi.json lists the routes"
        ))
        .into_response();
    };
    if let Some(res) = refusal(&headers, token) {
        return res;
    }
    if let Err(e) = params(REINDEX, raw) {
        return e.into_response();
    }
    match s.reindex().await {
        Ok(update) => Json(update).into_response(),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_checked_compared_whole_and_never_shown() {
        assert!(AdminToken::new("short").is_err());
        assert!(AdminToken::new("with a space in the middle").is_err());
        let t = AdminToken::new("  0123456789abcdef0123\n").unwrap();
        assert!(t.matches("0123456789abcdef0123"));
        for wrong in [
            "",
            "0123456789abcdef012",
            "0123456789abcdef01234",
            "x123456789abcdef0123",
        ] {
            assert!(!t.matches(wrong), "{wrong}");
        }
        assert_eq!(format!("{t:?}"), "AdminToken(hidden)");
    }
}
