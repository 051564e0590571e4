//! Chronicle's HTTP API: read-only JSON over the store and the search
//! index, described by the OpenAPI document at `/openapi.json`; the
//! exchange formats as downloads (`/api/export/{format}`); a reconciliation
//! service for OpenRefine ([`reconcile`], at `/reconcile`); and the web UI
//! over it all ([`ui`], at `/`).
//!
//! - [`router`] builds the routes from [`api::ROUTES`]; the OpenAPI document
//!   ([`openapi::document`]) describes the same table, and a test checks the
//!   two agree and that every answer fits its schema.
//! - Nothing changes the store: it is opened read-only. Every route answers
//!   GET only, except `/reconcile`, which also answers POST because
//!   OpenRefine sends its queries as a form; that POST reads the form and
//!   changes nothing either; and the admin route (below), POST only, which
//!   exists only with an admin token and rewrites the search index, never
//!   the store.
//! - Every error is JSON (`{"error": {"status", "message"}}`) with the
//!   right status: 400 for a malformed parameter or reconciliation query,
//!   404 for an unknown id, export format or route, 405 for a method the
//!   route does not take, 413 for a request body over the route's limit
//!   ([`Config::body_limit`], or [`Config::form_limit`] on `/reconcile`) or
//!   a reconciliation batch of more than [`reconcile::BATCH_SIZE`] queries,
//!   414 for a path and query over [`MAX_URI_BYTES`], 415 for a POST that
//!   is not a form, 500 `internal error` for anything that went wrong
//!   inside, 503 when a request runs over the time limit or the store or
//!   the search index cannot be read; the admin route adds 401 and 409.
//! - Store and index work runs on blocking threads, each with its own
//!   read-only connection from a small pool, under the time limit.
//!
//! Hardening (see also [`ui`] for the security headers):
//!
//! - Clients never see internal details: a panic in a handler, a failed
//!   task, a store or index error is answered 500 `{"error": {"status":
//!   500, "message": "internal error"}}` (or 503 with what to do), and the
//!   details go to the server's standard error only ([`error`]).
//! - Request size: a request line whose path and query are over
//!   [`MAX_URI_BYTES`] is a JSON 414; a text parameter (`q`, `prefix`, …)
//!   over [`params::MAX_TEXT_CHARS`] characters is a 400 naming it; bodies
//!   are limited per route (above). Headers are bounded by hyper's HTTP/1
//!   defaults, which `axum::serve` keeps: at most 100 header fields, and a
//!   request head (request line and headers) of 408 KiB (8 KiB + 100 × 4
//!   KiB; hyper checks it while the head is still incomplete, after reads
//!   of up to that size, so a head arriving all at once may pass up to
//!   about twice that); over either, hyper answers 431 itself (no JSON
//!   body), as it answers 414 for a request target over 64 KiB before
//!   [`MAX_URI_BYTES`] is checked. `axum::serve` sets no timer, so hyper's
//!   header read timeout is off: a client that sends its head slowly holds
//!   a connection (a reverse proxy in front bounds that).
//! - Answer size: every list takes `limit` up to 100 (search offsets up to
//!   10,000); an entity lists at most 200 mentions; a reconciliation batch
//!   holds at most 100 queries of at most 100 candidates each; an export
//!   is at most [`Config::export_limit`] bytes (a 400 says to narrow it
//!   with filters or to use `chronicle export`); one document's answers
//!   (`/api/documents/{id}` and its annotations) are bounded by the
//!   document, which ingest bounds (`--max-doc-bytes`, 64 MB by default).
//!   At most [`WORKERS`] requests do store or index work at once; the
//!   others wait, within the time limit.
//! - Writing: nothing writes the store. The one route that writes
//!   anything, `POST /api/admin/reindex` ([`admin`]: it rebuilds the search
//!   index from the store, as `chronicle reindex` does), exists only when
//!   the server was given an admin token ([`Config::admin_token`]); without
//!   one it is a 404 like any unknown route and absent from the OpenAPI
//!   document. With one, a request needs `Authorization: Bearer TOKEN`
//!   (compared in constant time), else 401 with `WWW-Authenticate`.
//! - CORS is off: no answer carries an `Access-Control-*` header, except
//!   the reconciliation service's (`/reconcile…`: `Access-Control-Allow-Origin:
//!   *`, which the Reconciliation Service API requires so that OpenRefine
//!   and other browser clients can call it). [`Config::cors_origin`] allows
//!   one origin to read the API (`/api/…` but the admin route, `/health`,
//!   `/openapi.json`): answers to that origin carry
//!   `Access-Control-Allow-Origin` and preflights are answered.

pub mod admin;
pub mod api;
pub mod error;
pub mod openapi;
pub mod params;
pub mod reconcile;
pub mod ui;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_METHOD, CONTENT_LENGTH, ORIGIN, VARY,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::serve::ListenerExt;
use chronicle_search::{SearchIndex, Update, index_dir};
use chronicle_store::Store;
use tower_http::catch_panic::CatchPanicLayer;

pub use admin::AdminToken;
pub use error::ApiError;

/// The longest path and query string a request may have, in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub store: PathBuf,
    /// Longest a request may take before it is answered 503.
    pub timeout: Duration,
    /// Largest request body accepted, in bytes, on the routes that read
    /// none (all but `/reconcile`).
    pub body_limit: usize,
    /// Largest form accepted by POST on `/reconcile`, in bytes.
    pub form_limit: usize,
    /// Largest export `/api/export/{format}` answers, in bytes; a larger
    /// one is refused (400) before it is sent.
    pub export_limit: usize,
    /// Enables `POST /api/admin/reindex` for requests bearing this token.
    pub admin_token: Option<AdminToken>,
    /// The one origin (`https://example.org`) allowed to read the API from
    /// a browser (CORS); none by default.
    pub cors_origin: Option<String>,
}

impl Config {
    /// The largest body a request to `path` may carry.
    pub fn body_limit_for(&self, path: &str) -> usize {
        if api::takes_form(path) {
            self.form_limit
        } else {
            self.body_limit
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            store: PathBuf::from("chronicle-data"),
            timeout: Duration::from_secs(10),
            body_limit: 16 * 1024,
            form_limit: 1024 * 1024,
            export_limit: 64 * 1024 * 1024,
            admin_token: None,
            cors_origin: None,
        }
    }
}

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open the store at {}: {source}", store.display())]
    Store {
        store: PathBuf,
        #[source]
        source: Box<chronicle_store::StoreError>,
    },
    #[error(
        "cannot listen on {bind}: {source} (is another server using the port? try --bind 127.0.0.1:8081)"
    )]
    Bind {
        bind: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{bind:?} is not an address and port such as 127.0.0.1:8080")]
    Address { bind: String },
    #[error(
        "the CORS origin {origin:?} is not an origin such as https://example.org or http://localhost:3000 (a scheme, a host and an optional port; no path)"
    )]
    CorsOrigin { origin: String },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Shared by every request.
pub struct AppState {
    pub config: Config,
    stores: Mutex<Vec<Store>>,
    index: Mutex<Option<Arc<SearchIndex>>>,
    /// Set while an admin reindex runs.
    reindexing: AtomicBool,
    /// Permits to run store and index work, [`WORKERS`] of them.
    workers: Arc<tokio::sync::Semaphore>,
}

/// Requests doing store or index work at once, and store connections kept
/// open for them.
pub const WORKERS: usize = 8;

impl AppState {
    /// Runs `f` with a read-only store connection and the search index (if
    /// built) on a blocking thread, within the time limit. At most
    /// [`WORKERS`] run at once (the rest wait their turn, within the time
    /// limit), so the pooled connections suffice and a burst of requests
    /// neither opens a connection per request nor runs more work at once
    /// than the cores can do.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, Option<&SearchIndex>) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        let work = async move {
            // Held by the task until it ends, even when the request is
            // answered 503 before.
            let permit = state.workers.clone().acquire_owned().await;
            tokio::task::spawn_blocking(move || {
                let _permit = permit;
                let store = state.checkout()?;
                let index = state.index();
                let out = f(&store, index.as_deref());
                state.give_back(store);
                out
            })
            .await
        };
        match tokio::time::timeout(self.config.timeout, work).await {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => Err(ApiError::internal(format!("a request's task failed: {e}"))),
            Err(_) => Err(ApiError::unavailable(format!(
                "the request took longer than {} s; narrow it with filters or a smaller limit",
                self.config.timeout.as_secs_f64()
            ))),
        }
    }

    fn checkout(&self) -> Result<Store, ApiError> {
        if let Some(s) = self.stores.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            return Ok(s);
        }
        Store::open_read_only(&self.config.store)
            .map_err(|e| ApiError::unavailable_because("the store cannot be opened", e))
    }

    fn give_back(&self, store: Store) {
        let mut pool = self.stores.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < WORKERS {
            pool.push(store);
        }
    }

    /// The search index, opened on first use (and retried until it exists).
    fn index(&self) -> Option<Arc<SearchIndex>> {
        let mut guard = self.index.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            let dir = index_dir(&self.config.store);
            *guard = SearchIndex::open(&dir, &self.config.store)
                .ok()
                .map(Arc::new);
        }
        guard.clone()
    }

    /// Rebuilds the search index from the store (`POST
    /// /api/admin/reindex`), on a blocking thread and without the request
    /// time limit; one at a time (409 while one runs). Reads the store only.
    pub(crate) async fn reindex(self: &Arc<Self>) -> Result<Update, ApiError> {
        if self.reindexing.swap(true, Ordering::SeqCst) {
            return Err(ApiError {
                status: StatusCode::CONFLICT,
                message: "a reindex is already running; try again when it has finished".into(),
            });
        }
        /// Clears the flag however the task ends.
        struct Running(Arc<AppState>);
        impl Drop for Running {
            fn drop(&mut self) {
                self.0.reindexing.store(false, Ordering::SeqCst);
            }
        }
        let running = Running(self.clone());
        let task = tokio::task::spawn_blocking(move || {
            let state = &running.0;
            let store = state.checkout()?;
            const FAILED: &str = "the search index could not be rebuilt (is a `chronicle ingest` or `chronicle reindex` writing it?)";
            let index = match state.index() {
                Some(index) => index,
                None => Arc::new(
                    SearchIndex::open_or_create(&index_dir(&state.config.store))
                        .map_err(|e| ApiError::unavailable_because(FAILED, e))?,
                ),
            };
            let update = index
                .update(&store, true, &mut |_, _| {})
                .map_err(|e| ApiError::unavailable_because(FAILED, e));
            state.give_back(store);
            *state.index.lock().unwrap_or_else(|e| e.into_inner()) = Some(index);
            update
        });
        task.await
            .map_err(|e| ApiError::internal(format!("the reindex task failed: {e}")))?
    }
}

/// Answers 414 before routing when the path and query are over
/// [`MAX_URI_BYTES`], and 413 when the declared body is over the limit of
/// its path.
async fn json_limits(config: Arc<Config>, req: Request, next: Next) -> Response {
    let target = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target > MAX_URI_BYTES {
        return ApiError {
            status: StatusCode::URI_TOO_LONG,
            message: format!(
                "the request's path and query are {target} bytes long; the limit is {MAX_URI_BYTES}: send fewer or shorter parameters (POST /reconcile takes large batches as a form)"
            ),
        }
        .into_response();
    }
    let path = req.uri().path();
    let limit = config.body_limit_for(path);
    let too_long = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > limit);
    if too_long {
        return ApiError {
            status: axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            message: if api::takes_form(path) {
                format!(
                    "request bodies on {path} are limited to {limit} bytes; send smaller batches"
                )
            } else {
                format!("request bodies are limited to {limit} bytes; this route reads none")
            },
        }
        .into_response();
    }
    next.run(req).await
}

/// Whether `path` is part of the API a [`Config::cors_origin`] may read.
fn cors_path(path: &str) -> bool {
    (path.starts_with("/api/") && !path.starts_with("/api/admin/"))
        || path == "/health"
        || path == "/openapi.json"
}

/// `origin` checked: `http` or `https`, a host (name, IPv4 or bracketed
/// IPv6) and an optional port, nothing after.
fn cors_origin(origin: &str) -> Result<HeaderValue, ServerError> {
    let bad = || ServerError::CorsOrigin {
        origin: origin.to_string(),
    };
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && !p.contains(']') => (h, Some(p)),
        _ => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-[]:".contains(&b))
        && (!host.contains(':') || (host.starts_with('[') && host.ends_with(']')));
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    if !host_ok || !port_ok {
        return Err(bad());
    }
    HeaderValue::from_str(origin).map_err(|_| bad())
}

/// CORS for one origin on the API: its preflights are answered (GET only),
/// and its answers carry `Access-Control-Allow-Origin`. Without a
/// configured origin, or off the API, nothing is added.
async fn cors(allowed: Option<HeaderValue>, req: Request, next: Next) -> Response {
    let Some(allowed) = allowed.filter(|_| cors_path(req.uri().path())) else {
        return next.run(req).await;
    };
    let from_allowed = req.headers().get(ORIGIN) == Some(&allowed);
    let mut res = if from_allowed
        && req.method() == Method::OPTIONS
        && req.headers().contains_key(ACCESS_CONTROL_REQUEST_METHOD)
    {
        let mut res = StatusCode::NO_CONTENT.into_response();
        let h = res.headers_mut();
        h.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET"),
        );
        h.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        res
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.append(VARY, HeaderValue::from_static("Origin"));
    if from_allowed {
        h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
    }
    res
}

/// The answer to a panic in a handler: a JSON 500 that says nothing more;
/// the panic's message goes to the server's log (after the standard panic
/// report, which names the place).
fn panic_answer(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    ApiError::internal(format!("a handler panicked: {message}")).into_response()
}

/// The layers every answer passes through, outermost first: the security
/// headers, panics caught as JSON 500s, the size limits of the request
/// line and body, and CORS (when configured). [`router`] puts them around
/// the routes; public so that tests can put routes of their own behind the
/// same layers.
pub fn protect(app: Router, config: &Config) -> Result<Router, ServerError> {
    let allowed = config.cors_origin.as_deref().map(cors_origin).transpose()?;
    let limits = Arc::new(config.clone());
    Ok(app
        .layer(middleware::from_fn(move |req, next| {
            cors(allowed.clone(), req, next)
        }))
        .layer(middleware::from_fn(move |req, next| {
            json_limits(limits.clone(), req, next)
        }))
        .layer(CatchPanicLayer::custom(panic_answer))
        .layer(middleware::from_fn(ui::security_headers)))
}

/// The application: every route of [`api::ROUTES`] (and of
/// [`api::ADMIN_ROUTES`] when an admin token is set), the OpenAPI
/// document, JSON fallbacks and the request limits. Fails when the store
/// cannot be opened or the CORS origin is malformed.
pub fn router(config: Config) -> Result<Router, ServerError> {
    let store = Store::open_read_only(&config.store).map_err(|source| ServerError::Store {
        store: config.store.clone(),
        source: Box::new(source),
    })?;
    let routes = api::routes(&config);
    let state = Arc::new(AppState {
        config: config.clone(),
        stores: Mutex::new(vec![store]),
        index: Mutex::new(None),
        reindexing: AtomicBool::new(false),
        workers: Arc::new(tokio::sync::Semaphore::new(WORKERS)),
    });
    protect(
        routes
            .route("/", axum::routing::get(ui::index))
            .route("/ui/{*path}", axum::routing::get(ui::file))
            .with_state(state),
        &config,
    )
}

/// Serves until Ctrl-C, printing the address on standard error.
pub fn serve_blocking(bind: &str, config: Config) -> Result<(), ServerError> {
    let addr: SocketAddr = bind.parse().map_err(|_| ServerError::Address {
        bind: bind.to_string(),
    })?;
    let admin = config.admin_token.is_some();
    let app = router(config)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind {
                bind: bind.to_string(),
                source,
            })?;
        eprintln!(
            "chronicle: serving the web UI and the read-only API on http://{} (OpenAPI at /openapi.json){}; Ctrl-C stops",
            listener.local_addr()?,
            if admin { ", with POST /api/admin/reindex for the admin token" } else { "" }
        );
        let listener = listener.tap_io(|tcp| {
            // Small JSON answers must not wait for delayed ACKs.
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// Serves `app` on a bound listener (with `TCP_NODELAY`) until the task is
/// dropped; for embedding the API (benchmarks, tests).
pub async fn serve_on(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cors_origins_are_a_scheme_a_host_and_a_port() {
        for ok in [
            "https://example.org",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "http://[::1]:8080",
        ] {
            assert!(cors_origin(ok).is_ok(), "{ok}");
        }
        for bad in [
            "example.org",
            "https://example.org/",
            "https://example.org/app",
            "ftp://example.org",
            "https://",
            "https://example.org:80a",
            "https://exa mple.org",
            "*",
        ] {
            assert!(cors_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_panic_on_a_blocking_thread_is_an_internal_error_without_its_message() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        drop(store);
        let state = Arc::new(AppState {
            config: Config {
                store: dir.path().to_path_buf(),
                ..Config::default()
            },
            stores: Mutex::new(Vec::new()),
            index: Mutex::new(None),
            reindexing: AtomicBool::new(false),
            workers: Arc::new(tokio::sync::Semaphore::new(WORKERS)),
        });
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let e = rt
            .block_on(state.run(|_, _| -> Result<(), ApiError> {
                panic!("secret detail at /home/someone/store")
            }))
            .unwrap_err();
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(e.message, "internal error");
    }
}
