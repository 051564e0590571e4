//! Errors as JSON: `{"error": {"status": 400, "message": "…"}}`.
//!
//! What went wrong inside the server (a store or index error, a panic, a
//! failed task) is written to the server's standard error and answered 500
//! `internal error`, or 503 with what to do: a client never sees a file
//! path, a stack trace or an internal message.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chronicle_interop::ExportError;
use chronicle_search::SearchError;
use chronicle_store::StoreError;

/// An error answer: a status and a message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: message.into(),
        }
    }

    /// A 500 that says only `internal error`; `detail` goes to the
    /// server's log.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        log(&format!("internal error: {detail}"));
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: INTERNAL.to_string(),
        }
    }

    /// A 503 with `message` (what the client can do); `detail` goes to the
    /// server's log.
    pub fn unavailable_because(message: &str, detail: impl std::fmt::Display) -> ApiError {
        log(&format!("{message}: {detail}"));
        ApiError::unavailable(message)
    }
}

/// The message of every 500.
pub const INTERNAL: &str = "internal error";

/// Writes a line to the server's log (standard error).
pub fn log(line: &str) {
    eprintln!("chronicle serve: {line}");
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": { "status": self.status.as_u16(), "message": self.message }
        });
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::internal(e)
    }
}

impl From<ExportError> for ApiError {
    fn from(e: ExportError) -> ApiError {
        match e {
            ExportError::Invalid(m) => ApiError::bad_request(m),
            other => ApiError::internal(other),
        }
    }
}

/// What a client is told when the search index cannot be read.
pub const NO_INDEX: &str =
    "the search index is not built: run `chronicle reindex` (ingest builds it too)";

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> ApiError {
        match e {
            SearchError::BadQuery(m) => ApiError::bad_request(m),
            SearchError::Missing { .. } => ApiError::unavailable_because(NO_INDEX, e),
            SearchError::Version { .. } => ApiError::unavailable_because(
                "the search index was built by another version of Chronicle: run `chronicle reindex`",
                e,
            ),
            other => ApiError::internal(other),
        }
    }
}
