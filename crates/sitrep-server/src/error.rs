//! Error types: [`ServerError`] for starting the server, [`ApiError`] for one request.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sitrep_store::StoreError;
use std::net::SocketAddr;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened.
    #[error("cannot open the store: {0}")]
    Store(#[from] StoreError),
    /// The address is not a loopback address.
    #[error("refusing to listen on {0}: sitrep serve binds loopback addresses only (reads need no token)")]
    NotLoopback(SocketAddr),
    /// Binding the port failed.
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    /// Serving failed.
    #[error("server failed: {0}")]
    Io(std::io::Error),
}

/// Why one API request failed; each maps to an HTTP status and a one-line
/// JSON body `{"error": "..."}`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: a parameter or body is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// 401: a write without a bearer token.
    #[error("this request needs a bearer token (create one with `sitrep token create NAME`)")]
    Unauthorized,
    /// 403: the token is unknown or revoked.
    #[error("the bearer token is not valid (unknown or revoked)")]
    Forbidden,
    /// 421: the Host header names something other than a loopback name
    /// (a DNS-rebinding page trying to read the API through the browser).
    #[error("host {0:?} is not served here; use http://127.0.0.1 or http://localhost")]
    MisdirectedHost(String),
    /// 405: the path exists but not for this method.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 404: no such thing.
    #[error("{0}")]
    NotFound(String),
    /// 500: the store or server failed.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::MisdirectedHost(_) => StatusCode::MISDIRECTED_REQUEST,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NoSuchIncident(id) => {
                ApiError::NotFound(format!("no incident with id {id}"))
            }
            e @ (StoreError::UnknownField(..)
            | StoreError::InvalidValue { .. }
            | StoreError::MissingEditor) => ApiError::BadRequest(e.to_string()),
            e => ApiError::Internal(e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        // One line: messages quoting user input never break the line.
        let msg = self.to_string().replace(['\n', '\r'], " ");
        let mut res = (status, axum::Json(serde_json::json!({ "error": msg }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}
