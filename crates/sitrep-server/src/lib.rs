//! The HTTP JSON API and the offline web UI of sitrep.
//!
//! Analysts look at incidents in a table, on a map and on a timeline, read
//! each value's evidence in the source texts and correct values. This crate
//! serves both from one process over a [`sitrep_store::SqliteStore`] file:
//!
//! * **API** under `/api` (JSON), described by `/api/openapi.json`:
//!   incidents with filters, paging and sorting; one incident with merged and
//!   per-source values and evidence; documents; statements; a map layer and a
//!   timeline; analyst edits (`POST /api/incidents/{id}/edits`).
//! * **Reads are open** (the server binds loopback only); **writes need a
//!   bearer token** made by `sitrep token create` (the store keeps only its
//!   hash). Each edit lands in the store's audit trail with the token's name.
//! * Requests whose `Host` is not a loopback name are refused (421), so a
//!   DNS-rebinding web page cannot read the open API through a browser.
//! * **UI** (`/`): static HTML, CSS and JavaScript embedded in the binary, no
//!   CDN, works offline; the world outline is Natural Earth data. Every page
//!   is sent with a strict Content-Security-Policy and article text is only
//!   ever inserted as text, so hostile articles render inert.
//!
//! Not for: extraction or ingest (see `sitrep-pipeline` and `sitrep-store`),
//! serving beyond loopback (no TLS, no user accounts), or exports (use
//! `sitrep export`).
#![deny(missing_docs)]

mod api;
mod assets;
mod error;
mod query;
mod sql;

pub use error::{ApiError, ServerError};

use axum::http::{header, HeaderValue};
use axum::Router;
use sitrep_store::{SqliteStore, StoreError};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The Content-Security-Policy sent with every response.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Most idle store connections kept for reuse.
const MAX_IDLE: usize = 8;

/// Shared state of the server: where the store is and a small pool of open
/// connections (`SqliteStore` is `Send` but not `Sync`, so each request
/// borrows one connection; WAL lets readers run beside the writer).
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    db: Db,
    idle: Mutex<Vec<SqliteStore>>,
}

impl Drop for Inner {
    /// Closes pooled connections on a plain thread: a PostgreSQL connection
    /// closes by blocking on its own runtime, which may not happen on a
    /// thread that drives the server's.
    fn drop(&mut self) {
        let idle = match self.idle.get_mut() {
            Ok(idle) => std::mem::take(idle),
            Err(poisoned) => std::mem::take(poisoned.into_inner()),
        };
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

/// Where the store is.
#[derive(Debug, Clone)]
enum Db {
    /// A SQLite file.
    File(PathBuf),
    /// A PostgreSQL URL.
    Pg(String),
}

impl Db {
    fn open(&self) -> Result<SqliteStore, StoreError> {
        match self {
            Db::File(p) => SqliteStore::open(p),
            Db::Pg(url) => sitrep_store::PgStore::connect(url),
        }
    }
}

impl AppState {
    /// Opens (creating and migrating if needed) the store file at `db`.
    pub fn open(db: impl Into<PathBuf>) -> Result<AppState, ServerError> {
        Self::with_db(Db::File(db.into()))
    }

    /// Opens the store `spec` names: a `postgres://` URL (several servers may
    /// share one database) or a file path.
    pub fn open_spec(spec: &str) -> Result<AppState, ServerError> {
        if sitrep_store::is_postgres_url(spec) {
            Self::with_db(Db::Pg(spec.trim().to_string()))
        } else {
            Self::with_db(Db::File(PathBuf::from(spec)))
        }
    }

    fn with_db(db: Db) -> Result<AppState, ServerError> {
        let first = db.open()?;
        Ok(AppState {
            inner: Arc::new(Inner {
                db,
                idle: Mutex::new(vec![first]),
            }),
        })
    }

    fn take(&self) -> Result<SqliteStore, StoreError> {
        let pooled = match self.inner.idle.lock() {
            Ok(mut idle) => idle.pop(),
            Err(poisoned) => poisoned.into_inner().pop(),
        };
        match pooled {
            Some(s) => Ok(s),
            None => self.inner.db.open(),
        }
    }

    fn give_back(&self, store: SqliteStore) {
        let mut idle = match self.inner.idle.lock() {
            Ok(idle) => idle,
            Err(poisoned) => poisoned.into_inner(),
        };
        if idle.len() < MAX_IDLE {
            idle.push(store);
        }
    }

    /// Runs `f` with a pooled connection on the blocking thread pool.
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state.take().map_err(ApiError::from)?;
            let out = f(&mut store);
            state.give_back(store);
            out
        })
        .await
        .map_err(|e| ApiError::Internal(format!("worker failed: {e}")))?
    }
}

/// The whole application: the API under `/api` and the UI at `/`, with the
/// security headers (CSP, nosniff, no referrer) on every response.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(assets::routes())
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(state)
        .layer(axum::middleware::from_fn(loopback_host))
        .layer(axum::middleware::map_response(security_headers))
}

/// True when a Host header value names the loopback interface.
pub fn host_is_loopback(host: &str) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _port)| name)
    };
    let name = name.to_ascii_lowercase();
    name == "localhost" || name == "127.0.0.1" || name == "::1" || name.ends_with(".localhost")
}

/// Refuses requests whose Host header is not a loopback name, so a web page
/// that rebinds its own domain to 127.0.0.1 cannot read the open API.
async fn loopback_host(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if let Some(h) = req.headers().get(header::HOST) {
        let host = String::from_utf8_lossy(h.as_bytes()).into_owned();
        if !host_is_loopback(&host) {
            let shown: String = host.chars().take(80).collect();
            return ApiError::MisdirectedHost(shown).into_response();
        }
    }
    next.run(req).await
}

async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// Serves the API and UI for the store `db` (a file path or a `postgres://`
/// URL) on `addr` until Ctrl-C.
/// Refuses a non-loopback address: reads need no token.
pub async fn serve(db: &str, addr: SocketAddr) -> Result<(), ServerError> {
    if !addr.ip().is_loopback() {
        return Err(ServerError::NotLoopback(addr));
    }
    // Connecting to PostgreSQL blocks: not on a thread that drives the runtime.
    let spec = db.to_string();
    let state = tokio::task::spawn_blocking(move || AppState::open_spec(&spec))
        .await
        .map_err(|e| ServerError::Io(std::io::Error::other(e.to_string())))??;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ServerError::Bind(addr, e))?;
    serve_on(listener, state).await
}

/// Serves on an already bound listener (tests and the load test bind port 0).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
) -> Result<(), ServerError> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServerError::Io)
}
