//! The incident store of sitrep.
//!
//! Analysts work with incidents, not articles. This crate keeps what the
//! extractor read, document by document, and resolves it into incidents:
//!
//! * **Documents** are stored once, keyed by the SHA-256 of source and text
//!   ([`content_hash`]); re-ingesting the same file is a no-op, and a newer
//!   extractor version replaces the document's extraction.
//! * **Reports** (one extracted incident of one document) join an existing
//!   incident when [`matching::match_score`] says they describe the same
//!   attack; **background mentions** (`primary = false`) link to the incident
//!   they name, or wait unlinked until it arrives.
//! * **Merged values** follow GTD's rules ([`merge`]) and every source's own
//!   value and evidence stays visible in [`IncidentView`].
//! * **Analyst edits** are a separate layer with an audit trail; re-extraction
//!   never touches them.
//! * **Exports**: GTD CSV (GTD column names and codes), JSON Lines, GeoJSON.
//!
//! Everything goes through the backend-neutral [`IncidentStore`] trait;
//! [`SqliteStore`] (one SQLite file, WAL mode, FTS5 index, versioned schema)
//! implements it now. Each `ingest_batch` is one transaction, so a killed
//! process loses only the batch in flight and a rerun resumes.
//!
//! ```
//! use sitrep_core::{Document, DocumentRecord};
//! use sitrep_store::{IncidentFilter, IncidentStore, SqliteStore};
//!
//! let mut store = SqliteStore::open_in_memory()?; // or SqliteStore::open(sitrep_store::default_db_path())
//! let doc = Document {
//!     id: "a".into(),
//!     source: "a.txt".into(),
//!     title: None,
//!     published: None,
//!     language: None,
//!     text: "Nothing happened.".into(),
//! };
//! let record = DocumentRecord::failed("a", "a.txt", "no incident"); // normally the extractor's output
//! let report = store.ingest_batch(&[(doc, record)], "0.1.0")?;
//! assert_eq!(report.documents_new, 1);
//! let page = store.list_incidents(&IncidentFilter::default())?;
//! assert_eq!(page.total, 0);
//! # Ok::<(), sitrep_store::StoreError>(())
//! ```
//!
//! Not for: reading or extracting documents (that is the extractor's job; this
//! crate takes finished [`sitrep_core::DocumentRecord`]s), command-line
//! parsing, or progress-bar drawing (see [`Progress`]).
#![deny(missing_docs)]

pub mod db;
mod edit;
mod error;
pub mod export;
pub mod matching;
pub mod merge;
mod pg;
pub mod render;
pub mod schema;
pub mod search;
mod seen;
mod sqlite;
mod token;
mod types;

pub use edit::{parse_edit, EDITABLE_FIELDS};
pub use error::StoreError;
pub use pg::PG_MIGRATIONS;
pub use render::render_text;
pub use seen::SeenItem;
pub use sqlite::{
    content_hash, default_db_path, display_spec, incident_filter_sql, incident_filter_sql_for,
    is_postgres_url, open_store, version_newer, PgStore, SqlStore, SqliteStore,
};
pub use token::TokenName;
pub use types::*;

use sitrep_core::{Document, DocumentRecord};
use std::io::Write;

/// What any sitrep store backend offers (SQLite now; PostgreSQL can implement it later).
pub trait IncidentStore {
    /// Stores a batch of extracted documents in one transaction: all or
    /// nothing. Documents already stored with the same content hash are
    /// skipped unless `extractor_version` is newer than the stored one, in
    /// which case their extraction is replaced (analyst edits are kept).
    fn ingest_batch(
        &mut self,
        items: &[(Document, DocumentRecord)],
        extractor_version: &str,
    ) -> Result<BatchReport, StoreError>;

    /// Extractor version of the stored copy of `doc` (same source and text),
    /// if stored; lets a caller skip extracting documents it would not store.
    fn stored_extractor_version(&self, doc: &Document) -> Result<Option<String>, StoreError>;

    /// Incidents matching a filter, one page.
    fn list_incidents(&self, filter: &IncidentFilter) -> Result<Page<IncidentSummary>, StoreError>;

    /// One incident with merged values, per-source values with evidence,
    /// sources and edits; `None` if there is no such incident.
    fn incident(&self, id: IncidentId) -> Result<Option<IncidentView>, StoreError>;

    /// One stored document with its current extraction.
    fn document(&self, id: DocumentId) -> Result<Option<StoredDocument>, StoreError>;

    /// Stored statements matching a filter, one page.
    fn statements(&self, filter: &StatementFilter) -> Result<Page<StoredStatement>, StoreError>;

    /// Records an analyst's correction of one field (see [`EDITABLE_FIELDS`]
    /// for names and value syntax; `null` clears). Returns the edit's id.
    fn edit(
        &mut self,
        incident_id: IncidentId,
        field: &str,
        value: &str,
        by: &str,
        note: Option<&str>,
    ) -> Result<EditId, StoreError> {
        self.edit_with(incident_id, field, value, by, note, EditOptions::default())
    }

    /// [`IncidentStore::edit`] with options. A city edit re-resolves the
    /// region, coordinates and specificity through the gazetteer (each its own
    /// audited edit), or is refused when the gazetteer does not know the city,
    /// unless `opts.keep_place`.
    fn edit_with(
        &mut self,
        incident_id: IncidentId,
        field: &str,
        value: &str,
        by: &str,
        note: Option<&str>,
        opts: EditOptions,
    ) -> Result<EditId, StoreError>;

    /// Reverts one merged field (`killed`, or `city` for the whole location) to
    /// what extraction says: an audited edit of kind `revert`.
    fn revert(
        &mut self,
        incident_id: IncidentId,
        field: &str,
        by: &str,
        note: Option<&str>,
    ) -> Result<EditId, StoreError>;

    /// Sets a merged field to the value one source report gives ("use this
    /// source's value"); audited like any edit. Returns the first edit's id.
    fn use_source_value(
        &mut self,
        incident_id: IncidentId,
        field: &str,
        report_id: i64,
        by: &str,
        note: Option<&str>,
    ) -> Result<EditId, StoreError>;

    /// What needs a human, each with its reason, items already decided left
    /// out: background mentions linked to no incident, reports that joined with
    /// a low match score, fields whose sources disagree, values a learned model
    /// filled, incidents without place or date. `kind` narrows to one kind.
    fn review_queue(
        &self,
        kind: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> Result<Page<ReviewItem>, StoreError>;

    /// Accepts or rejects one open review item (audited in `reviews`: who,
    /// when, the decision, a note). Fixing a value is an edit.
    fn decide_review(
        &mut self,
        item: &ReviewItem,
        accept: bool,
        by: &str,
        note: Option<&str>,
    ) -> Result<i64, StoreError>;

    /// Merges incident `from` into `into`: every report and edit of `from`
    /// moves to `into` (and `from` goes away). Audited, undoable, and kept
    /// across re-extraction (each moved report is pinned). Returns the operation id.
    fn merge_incidents(
        &mut self,
        from: IncidentId,
        into: IncidentId,
        by: &str,
        note: Option<&str>,
    ) -> Result<i64, StoreError>;

    /// Splits one report off an incident into a new incident of its own.
    /// Returns the operation id and the new incident's id.
    fn split_report(
        &mut self,
        incident: IncidentId,
        report_id: i64,
        by: &str,
        note: Option<&str>,
    ) -> Result<(i64, IncidentId), StoreError>;

    /// Unlinks a background mention from an incident; it stays unlinked
    /// (pinned) across re-extraction and new incidents.
    fn unlink_mention(
        &mut self,
        incident: IncidentId,
        report_id: i64,
        by: &str,
        note: Option<&str>,
    ) -> Result<i64, StoreError>;

    /// Undoes a merge, split or unlink: the reports it moved (and are still
    /// where it put them) go back, its pins stop applying.
    fn undo_operation(&mut self, op: i64, by: &str) -> Result<Operation, StoreError>;

    /// Every merge, split and unlink, newest first.
    fn operations(&self, offset: u64, limit: u64) -> Result<Page<Operation>, StoreError>;

    /// Every edit of every incident, newest first (the global audit log).
    fn audit_log(&self, offset: u64, limit: u64) -> Result<Page<EditRecord>, StoreError>;

    /// Writes every incident in `format`; returns how many were written.
    fn export(&self, format: ExportFormat, w: &mut dyn Write) -> Result<u64, StoreError>;

    /// Writes every incident a filter selects (its paging and order ignored), by id.
    fn export_matching(
        &self,
        filter: &IncidentFilter,
        format: ExportFormat,
        w: &mut dyn Write,
    ) -> Result<u64, StoreError>;

    /// Counts of stored things.
    fn stats(&self) -> Result<StoreStats, StoreError>;

    /// What is remembered of a fetched URL (a feed or an item page), if anything.
    fn seen(&self, url: &str) -> Result<Option<SeenItem>, StoreError>;

    /// A stored item whose text had this hash (a republished item under another URL).
    fn seen_with_hash(&self, content_hash: &str) -> Result<Option<SeenItem>, StoreError>;

    /// Remembers what became of a URL (replacing what was remembered); committed at once.
    fn mark_seen(&mut self, item: &SeenItem) -> Result<(), StoreError>;
}

/// Ingests a stream of extracted documents in batches of `batch_size`,
/// reporting to `progress` after each committed batch. Returns the totals.
/// A failure leaves every earlier batch committed.
pub fn ingest_all(
    store: &mut dyn IncidentStore,
    items: impl IntoIterator<Item = (Document, DocumentRecord)>,
    extractor_version: &str,
    batch_size: usize,
    total_hint: Option<u64>,
    progress: &mut dyn Progress,
) -> Result<BatchReport, StoreError> {
    let batch_size = batch_size.max(1);
    let mut total = BatchReport::default();
    let mut batch = Vec::with_capacity(batch_size);
    progress.start(total_hint);
    for item in items {
        batch.push(item);
        if batch.len() >= batch_size {
            let r = store.ingest_batch(&batch, extractor_version)?;
            batch.clear();
            total.add(&r);
            progress.batch_done(&r);
        }
    }
    if !batch.is_empty() {
        let r = store.ingest_batch(&batch, extractor_version)?;
        total.add(&r);
        progress.batch_done(&r);
    }
    progress.finish(&total);
    Ok(total)
}
