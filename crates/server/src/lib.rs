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
//!   changes nothing either.
//! - Every error is JSON (`{"error": {"status", "message"}}`) with the
//!   right status: 400 for a malformed parameter or reconciliation query,
//!   404 for an unknown id, export format or route, 405 for a method the
//!   route does not take, 413 for a request body over the route's limit
//!   ([`Config::body_limit`], or [`Config::form_limit`] on `/reconcile`) or
//!   a reconciliation batch of more than [`reconcile::BATCH_SIZE`] queries,
//!   415 for a POST that is not a form, 503 when a request runs over the
//!   time limit or the search index is missing.
//! - Store and index work runs on blocking threads, each with its own
//!   read-only connection from a small pool, under the time limit.

pub mod api;
pub mod error;
pub mod openapi;
pub mod params;
pub mod reconcile;
pub mod ui;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::serve::ListenerExt;
use chronicle_search::{SearchIndex, index_dir};
use chronicle_store::Store;

pub use error::ApiError;

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
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Shared by every request.
pub struct AppState {
    pub config: Config,
    stores: Mutex<Vec<Store>>,
    index: Mutex<Option<Arc<SearchIndex>>>,
}

impl AppState {
    /// Runs `f` with a read-only store connection and the search index (if
    /// built) on a blocking thread, within the time limit.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, Option<&SearchIndex>) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        let task = tokio::task::spawn_blocking(move || {
            let store = state.checkout()?;
            let index = state.index();
            let out = f(&store, index.as_deref());
            state.give_back(store);
            out
        });
        match tokio::time::timeout(self.config.timeout, task).await {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => Err(ApiError::internal(format!("the request failed: {e}"))),
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
        Store::open_read_only(&self.config.store).map_err(|e| ApiError::unavailable(e.to_string()))
    }

    fn give_back(&self, store: Store) {
        let mut pool = self.stores.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < 8 {
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
}

/// Answers 413 before routing when the declared body is over the limit of
/// its path.
async fn json_limits(config: Arc<Config>, req: Request, next: Next) -> Response {
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

/// The application: every route of [`api::ROUTES`], the OpenAPI document,
/// JSON fallbacks and the request limits. Fails when the store cannot be
/// opened.
pub fn router(config: Config) -> Result<Router, ServerError> {
    let store = Store::open_read_only(&config.store).map_err(|source| ServerError::Store {
        store: config.store.clone(),
        source: Box::new(source),
    })?;
    let limits = Arc::new(config.clone());
    let routes = api::routes(&config);
    let state = Arc::new(AppState {
        config,
        stores: Mutex::new(vec![store]),
        index: Mutex::new(None),
    });
    Ok(routes
        .route("/", axum::routing::get(ui::index))
        .route("/ui/{*path}", axum::routing::get(ui::file))
        .with_state(state)
        .layer(middleware::from_fn(move |req, next| {
            json_limits(limits.clone(), req, next)
        }))
        .layer(middleware::from_fn(ui::security_headers)))
}

/// Serves until Ctrl-C, printing the address on standard error.
pub fn serve_blocking(bind: &str, config: Config) -> Result<(), ServerError> {
    let addr: SocketAddr = bind.parse().map_err(|_| ServerError::Address {
        bind: bind.to_string(),
    })?;
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
            "chronicle: serving the web UI and the read-only API on http://{} (OpenAPI at /openapi.json); Ctrl-C stops",
            listener.local_addr()?
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
