//! The store's error type.

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The SQLite engine refused an operation.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database (SQLite or PostgreSQL) refused an operation.
    #[error("database error: {0}")]
    Db(#[from] crate::db::DbError),
    /// A `--db` value is neither a file path nor a `postgres://` URL that connects.
    #[error("cannot connect to {0}")]
    Open(String),
    /// A stored JSON value could not be read or written.
    #[error("stored JSON is invalid: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing an export failed.
    #[error("export failed: {0}")]
    Io(#[from] std::io::Error),
    /// Writing the CSV export failed.
    #[error("CSV export failed: {0}")]
    Csv(#[from] csv::Error),
    /// The database was written by a newer sitrep than this one.
    #[error("database schema version {found} is newer than this build supports ({supported}); upgrade sitrep")]
    SchemaTooNew {
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// No incident has this id.
    #[error("no incident with id {0}")]
    NoSuchIncident(i64),
    /// The field name given to `edit` is not an editable field.
    #[error("unknown field {0:?}; editable fields: {1}")]
    UnknownField(String, String),
    /// The value given to `edit` does not fit the field.
    #[error("invalid value {value:?} for field {field}: {reason}")]
    InvalidValue {
        /// Field being edited.
        field: String,
        /// Value refused.
        value: String,
        /// Why.
        reason: String,
    },
    /// An export format name was not recognised.
    #[error("unknown export format {0:?} (expected gtd-csv, jsonl or geojson)")]
    UnknownFormat(String),
    /// The system's random number generator failed (creating a token).
    #[error("no randomness available for a token: {0}")]
    Random(String),
    /// An edit needs the analyst's name.
    #[error("an edit needs a non-empty --by name")]
    MissingEditor,
}
