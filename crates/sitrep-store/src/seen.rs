//! What a feed watcher has fetched: one row per URL (a feed or an item page), so that a
//! restarted watcher neither refetches what it stored nor stores a republished item
//! twice. SQLite implementation of [`crate::IncidentStore::seen`] and friends.

use crate::db::{params, Conn as Connection, DbError, OptionalExtension, Row};
use crate::StoreError;
use serde::{Deserialize, Serialize};

/// What is remembered of one fetched URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenItem {
    /// The URL (the key).
    pub url: String,
    /// `feed` or `item`.
    pub kind: String,
    /// What became of it: for an item `stored`, `duplicate`, `refused` or `failed`; for
    /// a feed `ok` or `failed`.
    pub status: String,
    /// Hex SHA-256 of the item's text (as stored), when it was read.
    pub content_hash: Option<String>,
    /// The `ETag` the server sent with it, for a conditional GET.
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent with it, for a conditional GET.
    pub last_modified: Option<String>,
    /// Why it failed or was refused, on one line.
    pub error: Option<String>,
    /// How many times it was fetched without success (1 for the first try).
    pub attempts: u32,
    /// When it was last checked (UTC, RFC 3339), set by the store.
    pub checked_at: Option<String>,
}

const COLUMNS: &str =
    "url, kind, status, content_hash, etag, last_modified, error, attempts, checked_at";

fn row(r: &Row) -> Result<SeenItem, DbError> {
    Ok(SeenItem {
        url: r.get(0)?,
        kind: r.get(1)?,
        status: r.get(2)?,
        content_hash: r.get(3)?,
        etag: r.get(4)?,
        last_modified: r.get(5)?,
        error: r.get(6)?,
        attempts: r.get(7)?,
        checked_at: r.get(8)?,
    })
}

pub(crate) fn seen(conn: &Connection, url: &str) -> Result<Option<SeenItem>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM seen_items WHERE url = ?1"))?
        .query_row([url], row)
        .optional()?)
}

pub(crate) fn seen_with_hash(
    conn: &Connection,
    content_hash: &str,
) -> Result<Option<SeenItem>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM seen_items WHERE content_hash = ?1 AND status = 'stored' ORDER BY checked_at LIMIT 1"
        ))?
        .query_row([content_hash], row)
        .optional()?)
}

pub(crate) fn mark_seen(conn: &Connection, item: &SeenItem) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO seen_items (url, kind, status, content_hash, etag, last_modified, error, attempts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(url) DO UPDATE SET kind = excluded.kind, status = excluded.status,
             content_hash = excluded.content_hash, etag = excluded.etag,
             last_modified = excluded.last_modified, error = excluded.error,
             attempts = excluded.attempts,
             checked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    )?
    .execute(params![
        item.url,
        item.kind,
        item.status,
        item.content_hash,
        item.etag,
        item.last_modified,
        item.error,
        item.attempts
    ])?;
    Ok(())
}
