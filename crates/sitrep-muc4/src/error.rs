//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while reading MUC-4 data, scoring or training.
#[derive(Debug, thiserror::Error)]
pub enum Muc4Error {
    /// A file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An I/O error on a stream that has no path (e.g. writing a model).
    #[error("i/o error: {0}")]
    Stream(#[from] std::io::Error),
    /// A JSON record did not have the expected shape.
    #[error("bad JSON in {what}: {source}")]
    Json {
        /// Which file or record.
        what: String,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// The data were readable but not valid MUC-4 data.
    #[error("invalid MUC-4 data: {0}")]
    Invalid(String),
    /// A model file could not be decoded.
    #[error("bad model file: {0}")]
    Model(String),
}
