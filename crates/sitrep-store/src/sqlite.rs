//! The SQLite backend.

use crate::db::{
    params, params_from_iter, Conn as Connection, DbError, OptionalExtension, Row,
    Tx as Transaction, Value as SqlValue,
};
use crate::edit::parse_edit;
use crate::matching::{
    day_range, match_score, norm, MatchFeatures, MAX_DAY_GAP, MENTION_THRESHOLD, MERGE_THRESHOLD,
};
use crate::merge::{edit_target, merge, SourceReport};
use crate::types::*;
use crate::{export, schema, IncidentStore, StoreError};
use sha2::{Digest, Sha256};
use sitrep_core::{
    Document, DocumentRecord, Incident, PartialDate, Span, Statement, StatementKind,
};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Bonus given, when a document is re-extracted, to the incidents its old extraction fed.
const SAME_DOCUMENT_BONUS: f64 = 0.2;
/// Most candidate incidents scored for one report.
const MAX_CANDIDATES: usize = 2000;
/// Most tokens kept in an incident's match features.
const MAX_TOKENS: usize = 400;

/// The store over either backend: one SQLite file (WAL mode, FTS5 full-text
/// index; [`SqliteStore::open`]) or a PostgreSQL database shared by many
/// processes (tsvector index; [`PgStore::connect`]). The matching, merging,
/// edit and export code is the same for both (SQL through [`crate::db`]).
#[derive(Debug)]
pub struct SqlStore {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
}

/// The store in one SQLite file.
pub type SqliteStore = SqlStore;
/// The store in a PostgreSQL database.
pub type PgStore = SqlStore;

/// Starts a write transaction. On PostgreSQL it first takes the store's
/// transaction-level advisory lock, so writers (ingest batches, edits, an
/// analyst's merge or split) run one at a time, as SQLite runs them; readers
/// never wait. See docs/store.md, "Several processes on one database".
fn write_tx(conn: &mut Connection) -> Result<Transaction<'_>, DbError> {
    let tx = conn.transaction()?;
    if tx.is_pg() {
        tx.execute("SELECT pg_advisory_xact_lock(?1)", [crate::pg::MERGE_LOCK])?;
    }
    Ok(tx)
}

/// The default database path: `$SITREP_DB` (a path, or a `postgres://` URL for
/// [`open_store`]), else
/// `$XDG_DATA_HOME/sitrep/sitrep.db`, else `~/.local/share/sitrep/sitrep.db`,
/// else `sitrep.db` in the current directory.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("SITREP_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|p| !p.is_empty()) {
        return PathBuf::from(d).join("sitrep").join("sitrep.db");
    }
    if let Some(h) = std::env::var_os("HOME").filter(|p| !p.is_empty()) {
        return PathBuf::from(h).join(".local/share/sitrep/sitrep.db");
    }
    PathBuf::from("sitrep.db")
}

/// True when `spec` names a PostgreSQL database (`postgres://…` or `postgresql://…`).
pub fn is_postgres_url(spec: &str) -> bool {
    let s = spec.trim_start();
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Opens the store `spec` names: a `postgres://` (or `postgresql://`) URL
/// connects to that database, anything else is a SQLite file path. What the
/// CLI's `--db` and `$SITREP_DB` accept.
pub fn open_store(spec: &str) -> Result<SqlStore, StoreError> {
    if is_postgres_url(spec) {
        SqlStore::connect(spec.trim())
    } else {
        SqlStore::open(spec)
    }
}

/// `spec` fit for a message: a URL's password replaced by `***`.
pub fn display_spec(spec: &str) -> String {
    crate::pg::redact(spec)
}

/// SHA-256 (hex) of a document's source and text: the deduplication key.
pub fn content_hash(doc: &Document) -> String {
    let mut h = Sha256::new();
    h.update(doc.source.as_bytes());
    h.update([0u8]);
    h.update(doc.text.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// True when extractor version `new` is newer than `old`. Versions compare
/// part by part (split on `.`, `-`, `+`), numerically where both parts are
/// numbers, else as text.
pub fn version_newer(new: &str, old: &str) -> bool {
    let split = |s: &str| -> Vec<String> {
        s.trim()
            .trim_start_matches('v')
            .split(['.', '-', '+'])
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (split(new), split(old));
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i), b.get(i));
        let ord = match (x, y) {
            (Some(x), Some(y)) => match (x.parse::<u64>(), y.parse::<u64>()) {
                (Ok(p), Ok(q)) => p.cmp(&q),
                _ => x.cmp(y),
            },
            (Some(_), None) => std::cmp::Ordering::Greater,
            (None, Some(_)) => std::cmp::Ordering::Less,
            (None, None) => std::cmp::Ordering::Equal,
        };
        if ord != std::cmp::Ordering::Equal {
            return ord == std::cmp::Ordering::Greater;
        }
    }
    false
}

fn country_key(f: &MatchFeatures) -> Option<String> {
    f.country_code.clone().or_else(|| f.country.clone())
}

fn spans_overlap(a: &sitrep_core::Evidence, claims: &[Span]) -> bool {
    claims
        .iter()
        .any(|c| c.overlaps(a.span()) || c.contains(a.span()))
}

fn from_claim(count: Option<&sitrep_core::Count>, claims: &[Span]) -> bool {
    count.is_some_and(|c| {
        !c.evidence.is_empty() && c.evidence.iter().all(|e| spans_overlap(e, claims))
    })
}

fn parse_date(s: Option<String>) -> Option<PartialDate> {
    s.and_then(|s| s.parse().ok())
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let conn = rusqlite::Connection::open(path)?;
        Self::setup(conn, Some(path.to_path_buf()))
    }

    /// A store in memory, for tests and one-off runs.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        Self::setup(rusqlite::Connection::open_in_memory()?, None)
    }

    fn setup(
        mut conn: rusqlite::Connection,
        path: Option<PathBuf>,
    ) -> Result<SqliteStore, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers never block the writer; a killed process loses only
        // its uncommitted transaction. FULL: a commit is on disk when it returns.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.set_prepared_statement_cache_capacity(64);
        schema::migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Connection::sqlite(conn),
            path,
        })
    }

    /// Connects to a PostgreSQL database (`postgres://user[:password]@host[:port]/db`)
    /// and brings its schema up to date.
    pub fn connect(url: &str) -> Result<SqlStore, StoreError> {
        Ok(SqlStore {
            conn: crate::pg::connect(url)?,
            path: None,
        })
    }

    /// The store's SQL connection, for read-only aggregate queries written in
    /// the store's SQL dialect (the server's map, timeline and facets); see
    /// [`crate::db`].
    pub fn sql(&self) -> &Connection {
        &self.conn
    }

    /// True when the store is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        self.conn.is_pg()
    }

    /// Path of the database file (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        if self.conn.is_pg() {
            return Ok(self.conn.query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )?);
        }
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `PRAGMA integrity_check`; returns its messages (`["ok"]` when sound).
    pub fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        if self.conn.is_pg() {
            return Ok(vec!["ok".to_string()]);
        }
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Copies the WAL into the main file (e.g. before measuring its size).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        if self.conn.is_pg() {
            return Ok(());
        }
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// Ingest of one document inside a batch transaction.
fn ingest_one(
    tx: &Transaction<'_>,
    doc: &Document,
    rec: &DocumentRecord,
    version: &str,
    rep: &mut BatchReport,
) -> Result<(), StoreError> {
    rep.documents_seen += 1;
    let hash = content_hash(doc);
    let existing: Option<(i64, String, bool)> = tx
        .prepare_cached(
            "SELECT id, extractor_version, json_extract(record, '$.error') IS NOT NULL
             FROM documents WHERE content_hash = ?1",
        )?
        .query_row([&hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let title = doc.title.clone().or_else(|| rec.title.clone());
    let published = doc.published.or(rec.published);
    // The record without incidents and statements: those live in their own tables.
    let base = DocumentRecord {
        incidents: Vec::new(),
        statements: Vec::new(),
        ..rec.clone()
    };
    let base_json = serde_json::to_string(&base)?;
    let mut previous: BTreeSet<i64> = BTreeSet::new();
    let doc_row = match existing {
        // Same or older extractor: nothing to do, unless the stored extraction
        // failed and this one did not.
        Some((_, old, failed))
            if !(version_newer(version, &old) || (failed && rec.error.is_none())) =>
        {
            rep.documents_skipped += 1;
            return Ok(());
        }
        Some((id, _, _)) => {
            let mut st = tx.prepare_cached(
                "SELECT DISTINCT incident_id FROM reports WHERE document_id = ?1 AND incident_id IS NOT NULL",
            )?;
            previous = st
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            tx.execute("DELETE FROM reports WHERE document_id = ?1", [id])?;
            tx.execute("DELETE FROM statements WHERE document_id = ?1", [id])?;
            tx.execute(
                "UPDATE documents SET extractor_version = ?2, record = ?3, title = ?4, published = ?5,
                 extracted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
                params![id, version, base_json, title, published.map(|p| p.to_string())],
            )?;
            rep.documents_reextracted += 1;
            id
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO documents (doc_id, source, title, published, text, content_hash, extractor_version, record, language)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                doc.id,
                doc.source,
                title,
                published.map(|p| p.to_string()),
                doc.text,
                hash,
                version,
                base_json,
                doc.language
            ])?;
            rep.documents_new += 1;
            tx.last_insert_rowid()?
        }
    };

    rep.inexact_evidence += rec
        .evidence()
        .iter()
        .filter(|e| !e.is_exact_in(&doc.text))
        .count() as u64;

    // Statements, and the spans of claims of responsibility.
    let mut claims: Vec<Span> = Vec::new();
    for s in &rec.statements {
        tx.prepare_cached(
            "INSERT INTO statements (document_id, speaker, affiliation, kind, data) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            doc_row,
            s.speaker,
            s.affiliation,
            s.kind.as_str(),
            serde_json::to_string(s)?
        ])?;
        rep.statements += 1;
        if s.kind == StatementKind::ClaimOfResponsibility {
            claims.extend(s.evidence.iter().map(|e| e.span()));
        }
    }

    // Primary incidents first, so mentions in the same batch can find them.
    let mut order: Vec<&Incident> = rec.incidents.iter().filter(|i| i.primary).collect();
    order.extend(rec.incidents.iter().filter(|i| !i.primary));
    let mut touched: BTreeSet<i64> = previous.clone();
    for inc in order {
        let feats = MatchFeatures::of_incident(inc);
        let threshold = if inc.primary {
            MERGE_THRESHOLD
        } else {
            MENTION_THRESHOLD
        };
        // An analyst's merge, split or unlink pins where this report goes.
        let pinned: Option<Option<i64>> = tx
            .prepare_cached(
                "SELECT p.incident_id FROM pins p JOIN operations o ON o.id = p.op_id
                 WHERE o.undone_at IS NULL AND p.document_id = ?1 AND p.local_id = ?2
                 ORDER BY p.op_id DESC LIMIT 1",
            )?
            .query_row(params![doc_row, inc.id], |r| r.get(0))
            .optional()?;
        if let Some(Some(pin)) = pinned {
            tx.prepare_cached("INSERT OR IGNORE INTO incidents (id) VALUES (?1)")?
                .execute([pin])?;
        }
        let best = if pinned.is_some() {
            None
        } else if inc.primary || feats.has_anchor() {
            best_candidate(tx, &feats, doc_row, &previous)?
        } else {
            None
        };
        let chosen = best.filter(|(_, s)| *s >= threshold);
        let incident_id = match (chosen, inc.primary) {
            _ if pinned.is_some() => pinned.flatten(),
            (Some((id, _)), true) => {
                rep.reports_merged += 1;
                Some(id)
            }
            (Some((id, _)), false) => {
                rep.mentions_linked += 1;
                Some(id)
            }
            (None, true) => {
                tx.prepare_cached("INSERT INTO incidents DEFAULT VALUES")?
                    .execute([])?;
                rep.incidents_created += 1;
                Some(tx.last_insert_rowid()?)
            }
            (None, false) => {
                rep.mentions_unlinked += 1;
                None
            }
        };
        tx.prepare_cached(
            "INSERT INTO reports (document_id, incident_id, local_id, is_primary, extractor_version, data,
                                  killed_from_claim, injured_from_claim, match_score, city_key, country_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            doc_row,
            incident_id,
            inc.id,
            inc.primary,
            version,
            serde_json::to_string(inc)?,
            from_claim(inc.killed.as_ref(), &claims),
            from_claim(inc.injured.as_ref(), &claims),
            chosen.map(|(_, s)| s),
            feats.city,
            country_key(&feats),
        ])?;
        if let Some(id) = incident_id {
            refresh(tx, id)?;
            touched.remove(&id);
            if inc.primary {
                // A new incident, or one that just learned its place, may be
                // what earlier background mentions named.
                rep.mentions_linked += link_waiting_mentions(tx, id)?;
            }
        }
    }
    for id in touched {
        refresh(tx, id)?;
    }
    Ok(())
}

/// Loads the match features stored for an incident.
fn stored_features(tx: &Connection, id: i64) -> Result<Option<MatchFeatures>, StoreError> {
    let f: Option<String> = tx
        .prepare_cached("SELECT features FROM incidents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(match f {
        Some(s) => Some(serde_json::from_str(&s)?),
        None => None,
    })
}

/// The best-scoring stored incident for `feats`, not fed by document `doc_row`
/// (except incidents in `prefer`, which its previous extraction fed).
fn best_candidate(
    tx: &Connection,
    feats: &MatchFeatures,
    doc_row: i64,
    prefer: &BTreeSet<i64>,
) -> Result<Option<(i64, f64)>, StoreError> {
    let mut ids: BTreeSet<i64> = prefer.clone();
    // Each candidate query also returns the candidate's stored features and
    // whether document `doc_row` feeds it already (the last parameter), so that
    // scoring needs no further round trip per candidate (on PostgreSQL each is
    // one); incidents in `prefer` that no query returned are looked up one by one.
    let mut fetched: HashMap<i64, (String, bool)> = HashMap::new();
    let mut collect = |sql: &str, mut p: Vec<SqlValue>| -> Result<(), StoreError> {
        p.push(SqlValue::Integer(doc_row));
        let sql = sql.replacen(
            "SELECT id FROM incidents",
            &format!(
                "SELECT id, features, EXISTS (SELECT 1 FROM reports r WHERE r.incident_id = incidents.id AND r.document_id = ?{}) FROM incidents",
                p.len()
            ),
            1,
        );
        let mut st = tx.prepare_cached(&sql)?;
        let rows = st.query_map(params_from_iter(p), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?;
        for r in rows {
            let (id, features, own) = r?;
            ids.insert(id);
            fetched.insert(id, (features, own));
            if ids.len() >= MAX_CANDIDATES {
                break;
            }
        }
        Ok(())
    };
    if let Some(d) = &feats.date {
        let (lo, hi) = day_range(d);
        collect(
            // date_lo is bounded below too (no stored range is longer than a
            // leap year) so that the index scan stays short.
            "SELECT id FROM incidents WHERE date_lo BETWEEN ?3 AND ?1 AND date_hi >= ?2 LIMIT 2000",
            vec![
                SqlValue::Integer(hi + MAX_DAY_GAP),
                SqlValue::Integer(lo - MAX_DAY_GAP),
                SqlValue::Integer(lo - MAX_DAY_GAP - 366),
            ],
        )?;
        if let Some(c) = &feats.city {
            collect(
                "SELECT id FROM incidents WHERE city_key = ?1 AND date_lo IS NULL LIMIT 2000",
                vec![SqlValue::Text(c.clone())],
            )?;
        }
    } else if let Some(c) = &feats.city {
        collect(
            "SELECT id FROM incidents WHERE city_key = ?1 LIMIT 2000",
            vec![SqlValue::Text(c.clone())],
        )?;
    } else if let Some(c) = country_key(feats) {
        collect(
            "SELECT id FROM incidents WHERE country_key = ?1 LIMIT 2000",
            vec![SqlValue::Text(c)],
        )?;
    }
    let mut best: Option<(i64, f64)> = None;
    for id in ids {
        let (own, cand) = match fetched.remove(&id) {
            Some((features, own)) => (own, Some(features)),
            None => {
                let own: bool = tx
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM reports WHERE incident_id = ?1 AND document_id = ?2)",
                    )?
                    .query_row([id, doc_row], |r| r.get(0))?;
                (own, None)
            }
        };
        if own {
            // One document's incidents are distinct by the extractor's reading.
            continue;
        }
        let cand = match cand {
            Some(f) => serde_json::from_str(&f)?,
            None => match stored_features(tx, id)? {
                Some(c) => c,
                None => continue,
            },
        };
        let mut s = match_score(feats, &cand);
        if s > 0.0 && prefer.contains(&id) {
            s += SAME_DOCUMENT_BONUS;
        }
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((id, s));
        }
    }
    Ok(best)
}

/// Links unlinked background mentions that name a newly created incident.
fn link_waiting_mentions(tx: &Connection, id: i64) -> Result<u64, StoreError> {
    let keys: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached("SELECT city_key, country_key FROM incidents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let mut waiting: Vec<(i64, i64, String)> = Vec::new();
    {
        let (sql, key) = match keys {
            Some((Some(c), _)) => ("SELECT id, document_id, data FROM reports r WHERE incident_id IS NULL AND city_key = ?1 AND NOT EXISTS
                (SELECT 1 FROM pins p JOIN operations o ON o.id = p.op_id WHERE o.undone_at IS NULL AND p.document_id = r.document_id AND p.local_id = r.local_id)
                LIMIT 500", c),
            Some((None, Some(c))) => ("SELECT id, document_id, data FROM reports r WHERE incident_id IS NULL AND city_key IS NULL AND country_key = ?1 AND NOT EXISTS
                (SELECT 1 FROM pins p JOIN operations o ON o.id = p.op_id WHERE o.undone_at IS NULL AND p.document_id = r.document_id AND p.local_id = r.local_id)
                LIMIT 500", c),
            _ => return Ok(0),
        };
        let mut st = tx.prepare_cached(sql)?;
        let rows = st.query_map([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for r in rows {
            waiting.push(r?);
        }
    }
    if waiting.is_empty() {
        return Ok(0);
    }
    let Some(feats) = stored_features(tx, id)? else {
        return Ok(0);
    };
    let mut linked = 0;
    for (rid, doc, data) in waiting {
        let inc: Incident = serde_json::from_str(&data)?;
        let mf = MatchFeatures::of_incident(&inc);
        let own: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM reports WHERE incident_id = ?1 AND document_id = ?2)",
            )?
            .query_row([id, doc], |r| r.get(0))?;
        let s = match_score(&mf, &feats);
        if !own && mf.has_anchor() && s >= MENTION_THRESHOLD {
            tx.execute(
                "UPDATE reports SET incident_id = ?1, match_score = ?2 WHERE id = ?3",
                params![id, s, rid],
            )?;
            linked += 1;
        }
    }
    if linked > 0 {
        refresh(tx, id)?;
    }
    Ok(linked)
}

/// Loads an incident's reports in storing order.
fn load_sources(conn: &Connection, id: i64) -> Result<Vec<(SourceReport, SourceRef)>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT r.id, r.document_id, d.doc_id, d.title, d.published, r.is_primary, r.data,
                r.killed_from_claim, r.injured_from_claim, d.source, r.local_id, r.extractor_version, r.match_score
         FROM reports r JOIN documents d ON d.id = r.document_id
         WHERE r.incident_id = ?1 ORDER BY r.document_id, r.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, bool>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, bool>(7)?,
            r.get::<_, bool>(8)?,
            r.get::<_, String>(9)?,
            r.get::<_, String>(10)?,
            r.get::<_, String>(11)?,
            r.get::<_, Option<f64>>(12)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (rid, did, doc_id, title, published, primary, data, kc, ic, source, local, ver, score) =
            row?;
        let published = parse_date(published);
        let incident: Incident = serde_json::from_str(&data)?;
        out.push((
            SourceReport {
                report_id: rid,
                document_id: did,
                doc_id: doc_id.clone(),
                title: title.clone(),
                published,
                primary,
                incident,
                killed_from_claim: kc,
                injured_from_claim: ic,
            },
            SourceRef {
                report_id: rid,
                document_id: did,
                doc_id,
                source,
                title,
                published,
                role: if primary {
                    SourceRole::Report
                } else {
                    SourceRole::Mention
                },
                local_id: local,
                extractor_version: ver,
                match_score: score,
            },
        ));
    }
    Ok(out)
}

fn load_edits(conn: &Connection, id: i64) -> Result<Vec<EditRecord>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT id, incident_id, field, old_value, new_value, by, note, at, kind FROM edits
         WHERE incident_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([id], edit_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(edit_record(row?)?);
    }
    Ok(out)
}

type EditRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
);

fn edit_row(r: &Row) -> Result<EditRow, DbError> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    ))
}

fn edit_record(row: EditRow) -> Result<EditRecord, StoreError> {
    let (id, incident_id, field, old, new, by, note, at, kind) = row;
    Ok(EditRecord {
        id,
        incident_id,
        field,
        old_value: serde_json::from_str(&old)?,
        new_value: serde_json::from_str(&new)?,
        by,
        note,
        at,
        kind: if kind == "revert" {
            EditKind::Revert
        } else {
            EditKind::Set
        },
    })
}

/// The value a field (or a location part) shows now, for an edit's "before".
fn shown_value(view: &IncidentView, field: &str) -> serde_json::Value {
    let target = edit_target(field);
    let current = view
        .fields
        .iter()
        .find(|f| f.field == target)
        .map(|f| f.value.clone())
        .unwrap_or(serde_json::Value::Null);
    match field {
        "latitude" => current.get("lat").cloned(),
        "longitude" => current.get("lon").cloned(),
        "city" | "region" | "country" | "country_code" | "specificity" => {
            current.get(field).cloned()
        }
        "claimed" => current.get("value").cloned(),
        "claim_modes" => current.get("modes").cloned(),
        _ => Some(current),
    }
    .unwrap_or(serde_json::Value::Null)
}

/// Stores one edit row (the incident is refreshed by the caller).
fn insert_edit(
    tx: &Connection,
    view: &IncidentView,
    field: &str,
    new_value: &serde_json::Value,
    by: &str,
    note: Option<&str>,
    kind: EditKind,
) -> Result<i64, StoreError> {
    let old_value = shown_value(view, field);
    tx.execute(
        "INSERT INTO edits (incident_id, field, old_value, new_value, by, note, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            view.id,
            field,
            serde_json::to_string(&old_value)?,
            serde_json::to_string(new_value)?,
            by,
            note.map(str::trim).filter(|n| !n.is_empty()),
            kind.as_str(),
        ],
    )?;
    Ok(tx.last_insert_rowid()?)
}

/// The edits that set a merged field to a value a source gives (a location or a
/// claim is several edits, one per part).
fn edits_for_value(field: &str, v: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    use serde_json::Value;
    let part = |k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    match field {
        "location" => vec![
            ("city".into(), part("city")),
            ("region".into(), part("region")),
            ("country".into(), part("country")),
            ("country_code".into(), part("country_code")),
            ("latitude".into(), part("lat")),
            ("longitude".into(), part("lon")),
            ("specificity".into(), part("specificity")),
        ],
        "claimed" => vec![
            ("claimed".into(), part("value")),
            ("claim_modes".into(), part("modes")),
        ],
        f => vec![(f.to_string(), v.clone())],
    }
}

/// Builds the full view of one incident.
fn build_view(conn: &Connection, id: i64) -> Result<Option<IncidentView>, StoreError> {
    let created: Option<String> = conn
        .prepare_cached("SELECT created_at FROM incidents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(created_at) = created else {
        return Ok(None);
    };
    let loaded = load_sources(conn, id)?;
    let edits = load_edits(conn, id)?;
    let (reports, sources): (Vec<SourceReport>, Vec<SourceRef>) = loaded.into_iter().unzip();
    let (merged, fields) = merge(&reports, &edits);
    Ok(Some(IncidentView {
        id,
        merged,
        fields,
        sources,
        edits,
        created_at,
    }))
}

/// Recomputes an incident's merged values, filter columns, tags and match
/// features from its reports and edits; deletes it when nothing feeds it.
fn refresh(tx: &Connection, id: i64) -> Result<(), StoreError> {
    let Some(view) = build_view(tx, id)? else {
        return Ok(());
    };
    let reports = view
        .sources
        .iter()
        .filter(|s| s.role == SourceRole::Report)
        .count();
    let mentions = view.sources.len() - reports;
    if reports == 0 && view.edits.is_empty() {
        tx.execute(
            "UPDATE reports SET incident_id = NULL, match_score = NULL WHERE incident_id = ?1",
            [id],
        )?;
        tx.execute("DELETE FROM incident_tags WHERE incident_id = ?1", [id])?;
        tx.execute("DELETE FROM incidents WHERE id = ?1", [id])?;
        return Ok(());
    }
    let m = &view.merged;
    let mut feats = MatchFeatures {
        date: m.date,
        country_code: m
            .country_code
            .as_deref()
            .and_then(norm)
            .map(|c| c.to_uppercase()),
        country: m.country.as_deref().and_then(norm),
        city: m.city.as_deref().and_then(norm),
        lat: m.lat,
        lon: m.lon,
        attack_types: m
            .attack_types
            .iter()
            .copied()
            .filter(|a| *a != sitrep_core::AttackType::Unknown)
            .collect(),
        names: m
            .perpetrators
            .iter()
            .map(String::as_str)
            .chain(m.groups.iter().map(|g| g.name.as_str()))
            .filter_map(norm)
            .collect(),
        tokens: BTreeSet::new(),
    };
    // Supporting text of the reports (not of mentions, which quote other things).
    let mut rows =
        tx.prepare_cached("SELECT data FROM reports WHERE incident_id = ?1 AND is_primary = 1")?;
    let datas = rows
        .query_map([id], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut learned: BTreeSet<String> = BTreeSet::new();
    for d in datas {
        let inc: Incident = serde_json::from_str(&d)?;
        learned.extend(inc.learned.iter().cloned());
        for t in MatchFeatures::of_incident(&inc).tokens {
            if feats.tokens.len() >= MAX_TOKENS {
                break;
            }
            feats.tokens.insert(t);
        }
    }
    let (lo, hi) = match &m.date {
        Some(d) => {
            let (lo, hi) = day_range(d);
            (Some(lo), Some(hi))
        }
        None => (None, None),
    };
    tx.prepare_cached(
        "UPDATE incidents SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            date = ?2, date_lo = ?3, date_hi = ?4, country = ?5, country_code = ?6, city = ?7,
            city_key = ?8, country_key = ?9, killed = ?10, injured = ?11, claimed = ?12,
            reports = ?13, mentions = ?14, edited = ?15, merged = ?16, features = ?17, review = ?18,
            lat = ?19, lon = ?20, country_name = ?21
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        m.date.map(|d| d.to_string()),
        lo,
        hi,
        m.country.as_deref().and_then(norm),
        m.country_code.as_deref().map(str::to_uppercase),
        m.city,
        feats.city,
        country_key(&feats),
        m.killed.map(|c| c.min),
        m.injured.map(|c| c.min),
        m.claimed,
        reports as i64,
        mentions as i64,
        !view.edits.is_empty(),
        serde_json::to_string(m)?,
        serde_json::to_string(&feats)?,
        review_flags(&view, &learned)?,
        m.lat,
        m.lon,
        m.country,
    ])?;
    tx.prepare_cached("DELETE FROM incident_tags WHERE incident_id = ?1")?
        .execute([id])?;
    let mut tag = tx.prepare_cached(
        "INSERT OR IGNORE INTO incident_tags (incident_id, kind, value) VALUES (?1, ?2, ?3)",
    )?;
    for a in &m.attack_types {
        tag.execute(params![id, "attack", a.as_str()])?;
    }
    for w in &m.weapon_types {
        tag.execute(params![id, "weapon", w.as_str()])?;
    }
    for t in &m.target_types {
        tag.execute(params![id, "target", t.as_str()])?;
    }
    for g in &m.groups {
        if let Some(n) = norm(&g.name) {
            tag.execute(params![id, "group", n])?;
        }
    }
    Ok(())
}

// Membership in a tag or free-text set is written `+id IN (…)`: the unary `+`
// keeps SQLite from looking up every member by rowid and sorting them all; it
// walks the ORDER BY index instead and probes the set, so the first page of a
// broad filter (a third of 100 000 incidents under one group) costs 6 ms, not
// 76 ms, and the count about half.

/// The WHERE clause of an incident filter (empty when nothing is filtered) and its
/// parameters, numbered `?1…`. Columns are those of the `incidents` table, prefixed
/// with `alias` (`""` or `"i."`). `list_incidents` and the HTTP server's map and
/// timeline share it, so they count the same incidents.
pub fn incident_filter_sql(
    f: &IncidentFilter,
    alias: &str,
) -> (String, Vec<rusqlite::types::Value>) {
    let (sql, p) = filter_sql(f, alias, false, false);
    (sql, p.into_iter().map(crate::db::to_sqlite).collect())
}

/// How many documents must match the free text before `list_incidents` walks
/// its ORDER BY index and checks each incident's reports against the matches
/// (`EXISTS`), rather than first collecting every matching incident (`IN`).
const TEXT_BY_ROW_MIN: i64 = 2_000;

/// [`incident_filter_sql`] for either backend: the WHERE clause over
/// `incidents` (aliased `alias`) for `conn`'s dialect, and its parameters.
pub fn incident_filter_sql_for(
    conn: &Connection,
    f: &IncidentFilter,
    alias: &str,
) -> (String, Vec<SqlValue>) {
    filter_sql(f, alias, false, conn.is_pg())
}

/// [`incident_filter_sql`]; with `text_by_row` the free text is tested per
/// incident (`EXISTS`: cheap when most documents match and only a page, or a
/// capped count, is read) instead of as a set built from every match (`IN`:
/// cheap when few match).
fn filter_sql(
    f: &IncidentFilter,
    alias: &str,
    text_by_row: bool,
    pg: bool,
) -> (String, Vec<SqlValue>) {
    // The documents a free-text query (parameter `a`) finds.
    let text_docs = |a: &str| {
        if pg {
            format!("SELECT id FROM documents WHERE fts @@ to_tsquery('english', {a})")
        } else {
            format!("SELECT rowid FROM documents_fts WHERE documents_fts MATCH {a}")
        }
    };
    let text_param = |q: String| {
        if pg {
            SqlValue::Text(crate::search::pg_tsquery(&q))
        } else {
            SqlValue::Text(q)
        }
    };
    let mut wh: Vec<String> = Vec::new();
    let mut p: Vec<SqlValue> = Vec::new();
    let arg = |v: SqlValue, p: &mut Vec<SqlValue>| {
        p.push(v);
        format!("?{}", p.len())
    };
    if let Some(d) = &f.date_from {
        let a = arg(SqlValue::Integer(day_range(d).0), &mut p);
        wh.push(format!("{alias}date_hi >= {a}"));
    }
    if let Some(d) = &f.date_to {
        let a = arg(SqlValue::Integer(day_range(d).1), &mut p);
        wh.push(format!("{alias}date_lo <= {a}"));
    }
    if !f.countries.is_empty() {
        let (mut codes, mut names) = (Vec::new(), Vec::new());
        for c in &f.countries {
            let (cs, ns) = crate::search::country_keys(c);
            codes.extend(cs);
            names.extend(ns);
        }
        if !codes.is_empty() {
            let codes: Vec<String> = codes
                .into_iter()
                .map(|c| arg(SqlValue::Text(c), &mut p))
                .collect();
            let names: Vec<String> = names
                .into_iter()
                .map(|c| arg(SqlValue::Text(c), &mut p))
                .collect();
            wh.push(format!(
                "({alias}country_code IN ({}) OR {alias}country IN ({}))",
                codes.join(", "),
                names.join(", ")
            ));
        }
    }
    if let Some(c) = f.city.as_deref().and_then(norm) {
        let a = arg(SqlValue::Text(c), &mut p);
        wh.push(format!("{alias}city_key = {a}"));
    }
    if !f.groups.is_empty() {
        let mut any: Vec<String> = Vec::new();
        for g in &f.groups {
            let keys = crate::search::group_keys(g);
            if !keys.exact.is_empty() {
                let exact: Vec<String> = keys
                    .exact
                    .into_iter()
                    .map(|v| arg(SqlValue::Text(v), &mut p))
                    .collect();
                any.push(format!("value IN ({})", exact.join(", ")));
            }
            if let Some(pre) = keys.prefix {
                let hi = format!("{pre}\u{10FFFF}");
                let a = arg(SqlValue::Text(pre), &mut p);
                let b = arg(SqlValue::Text(hi), &mut p);
                any.push(format!("(value >= {a} AND value < {b})"));
            }
        }
        if !any.is_empty() {
            wh.push(format!(
                "+{alias}id IN (SELECT incident_id FROM incident_tags WHERE kind = 'group' AND ({}))",
                any.join(" OR ")
            ));
        }
    }
    let tags: [(&str, Vec<String>); 3] = [
        (
            "attack",
            f.attack_types
                .iter()
                .map(|a| a.as_str().to_string())
                .collect(),
        ),
        (
            "weapon",
            f.weapon_types
                .iter()
                .map(|a| a.as_str().to_string())
                .collect(),
        ),
        (
            "target",
            f.target_types
                .iter()
                .map(|a| a.as_str().to_string())
                .collect(),
        ),
    ];
    for (kind, vs) in tags {
        if vs.is_empty() {
            continue;
        }
        let vs: Vec<String> = vs
            .into_iter()
            .map(|v| arg(SqlValue::Text(v), &mut p))
            .collect();
        wh.push(format!(
            "+{alias}id IN (SELECT incident_id FROM incident_tags WHERE kind = '{kind}' AND value IN ({}))",
            vs.join(", ")
        ));
    }
    if let Some(k) = f.min_killed {
        let a = arg(SqlValue::Integer(i64::from(k)), &mut p);
        wh.push(format!("{alias}killed >= {a}"));
    }
    if let Some(c) = f.claimed {
        let a = arg(SqlValue::Integer(i64::from(c)), &mut p);
        wh.push(format!("{alias}claimed = {a}"));
    }
    match f.text.as_deref().map(crate::search::fts_query) {
        Some(Ok(Some(q))) if text_by_row => {
            let a = arg(text_param(q), &mut p);
            let docs = text_docs(&a);
            let id = if alias.is_empty() {
                "incidents.id".to_string()
            } else {
                format!("{alias}id")
            };
            wh.push(format!(
                "EXISTS (SELECT 1 FROM reports r WHERE r.incident_id = {id} AND r.document_id IN ({docs}))"
            ));
        }
        Some(Ok(Some(q))) => {
            let a = arg(text_param(q), &mut p);
            let docs = text_docs(&a);
            wh.push(format!(
                "+{alias}id IN (SELECT r.incident_id FROM reports r WHERE r.incident_id IS NOT NULL AND r.document_id IN ({docs}))"
            ));
        }
        // A query that only leaves words out finds nothing (the server refuses it first).
        Some(Err(_)) => wh.push("1 = 0".to_string()),
        _ => {}
    }
    let where_sql = if wh.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", wh.join(" AND "))
    };
    (where_sql, p)
}

/// Moves reports for a merge, split or unlink: records the operation and a
/// pin per report, moves them, refreshes every incident touched.
fn operate(
    tx: &Connection,
    kind: &str,
    incident_id: i64,
    other_id: Option<i64>,
    reports: &[(i64, Option<i64>)],
    by: &str,
    note: Option<&str>,
) -> Result<i64, StoreError> {
    let moves: Vec<(i64, Option<i64>, Option<i64>)> = reports
        .iter()
        .map(|(r, to)| (*r, Some(incident_id), *to))
        .collect();
    tx.execute(
        "INSERT INTO operations (kind, incident_id, other_id, moves, by, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            kind,
            incident_id,
            other_id,
            serde_json::to_string(&moves)?,
            by,
            note.map(str::trim).filter(|n| !n.is_empty())
        ],
    )?;
    let op = tx.last_insert_rowid()?;
    let mut touched = BTreeSet::from([incident_id]);
    for (rid, _from, to) in &moves {
        tx.execute(
            "INSERT INTO pins (op_id, document_id, local_id, incident_id)
             SELECT ?1, document_id, local_id, ?2 FROM reports WHERE id = ?3",
            params![op, to, rid],
        )?;
        tx.execute(
            "UPDATE reports SET incident_id = ?1, match_score = NULL WHERE id = ?2",
            params![to, rid],
        )?;
        touched.extend(*to);
    }
    // The incident merged away keeps its edits only if it keeps reports; the
    // merge moves them to the incident it joins.
    if kind == "merge" {
        if let Some(into) = other_id {
            let ids: Vec<i64> = {
                let mut st = tx.prepare_cached("SELECT id FROM edits WHERE incident_id = ?1")?;
                let rows = st.query_map([incident_id], |r| r.get(0))?;
                rows.collect::<Result<_, _>>()?
            };
            tx.execute(
                "UPDATE edits SET incident_id = ?1 WHERE incident_id = ?2",
                params![into, incident_id],
            )?;
            tx.execute(
                "UPDATE operations SET moved_edits = ?2 WHERE id = ?1",
                params![op, serde_json::to_string(&ids)?],
            )?;
        }
    }
    for id in touched {
        refresh(tx, id)?;
    }
    Ok(op)
}

fn operation_row(r: &Row) -> Result<(Operation, String), DbError> {
    Ok((
        Operation {
            id: r.get(0)?,
            kind: r.get(1)?,
            incident_id: r.get(2)?,
            other_id: r.get(3)?,
            moves: Vec::new(),
            by: r.get(5)?,
            note: r.get(6)?,
            at: r.get(7)?,
            undone_at: r.get(8)?,
            undone_by: r.get(9)?,
        },
        r.get(4)?,
    ))
}

/// Match scores below this put a report that joined an incident in the review queue.
pub const LOW_MATCH: f64 = 0.7;

/// What of an incident needs a human, as stored in `incidents.review` (null
/// when nothing does): reports that joined with a low match score, fields
/// whose sources disagree, values a learned model filled, no place, no date.
/// Fields an analyst has edited are settled and not listed.
fn review_flags(
    view: &IncidentView,
    learned: &BTreeSet<String>,
) -> Result<Option<String>, StoreError> {
    let mut out: Vec<ReviewItem> = Vec::new();
    let item = |kind: &str, reason: String, report: Option<&SourceRef>, field: &str| ReviewItem {
        kind: kind.to_string(),
        reason,
        incident_id: Some(view.id),
        report_id: report.map(|r| r.report_id),
        document_id: report.map(|r| r.document_id),
        field: field.to_string(),
    };
    for s in &view.sources {
        if let (SourceRole::Report, Some(score)) = (s.role, s.match_score) {
            if score < LOW_MATCH {
                out.push(item(
                    "low_match",
                    format!(
                        "{} joined this incident with a match score of {score:.2} (below {LOW_MATCH})",
                        s.doc_id
                    ),
                    Some(s),
                    "",
                ));
            }
        }
    }
    for f in &view.fields {
        if f.rule == MergeRule::Edited {
            continue;
        }
        if matches!(
            f.rule,
            MergeRule::MostRecent
                | MergeRule::Majority
                | MergeRule::MostReliable
                | MergeRule::FirstReported
                | MergeRule::Lowest
        ) && f.field != "summary"
        {
            let n = f.sources.iter().filter(|s| s.excluded.is_none()).count();
            out.push(item(
                "conflict",
                format!(
                    "{n} sources disagree on {}; {} decided",
                    f.field,
                    match f.rule {
                        MergeRule::MostRecent => "the most recent report",
                        MergeRule::Majority => "the majority",
                        MergeRule::MostReliable => "the most reliable report",
                        _ => "the first report",
                    }
                ),
                None,
                &f.field,
            ));
        }
        if learned.contains(&f.field) && !f.value.is_null() {
            out.push(item(
                "learned",
                format!(
                    "{} was filled by the learned model, not by the rules",
                    f.field
                ),
                None,
                &f.field,
            ));
        }
    }
    let m = &view.merged;
    let edited = |field: &str| {
        view.fields
            .iter()
            .any(|f| f.field == field && f.rule == MergeRule::Edited)
    };
    if m.city.is_none() && m.country.is_none() && m.country_code.is_none() && !edited("location") {
        out.push(item(
            "no_place",
            "no place: neither city nor country".into(),
            None,
            "",
        ));
    }
    if m.date.is_none() && !edited("date") {
        out.push(item(
            "no_date",
            "no date: the reports give none".into(),
            None,
            "",
        ));
    }
    if out.is_empty() {
        Ok(None)
    } else {
        Ok(Some(serde_json::to_string(&out)?))
    }
}

/// The merged field an edit field or merged field name stands for
/// (`city` → `location`), refusing names that are neither.
fn merged_field_of(field: &str) -> Result<&'static str, StoreError> {
    let f = field.trim().to_lowercase();
    let target = edit_target(&f);
    crate::merge::FIELDS
        .iter()
        .copied()
        .find(|x| *x == target)
        .ok_or_else(|| StoreError::UnknownField(field.to_string(), crate::merge::FIELDS.join(", ")))
}

fn limit_of(l: u64) -> u64 {
    if l == 0 {
        50
    } else {
        l.min(10_000)
    }
}

impl SqliteStore {
    /// `list_incidents` counting at most `cap` incidents (or to the end of the
    /// page asked for, if further): past that, `total` is the cap and
    /// `total_capped` is set. Free text matching at least `text_by_row_min`
    /// documents is tested per incident. `list_incidents` passes
    /// [`TOTAL_CAP`] and 2 000; tests pass small numbers to reach both paths.
    #[doc(hidden)]
    pub fn list_incidents_tuned(
        &self,
        f: &IncidentFilter,
        cap: u64,
        text_by_row_min: i64,
    ) -> Result<Page<IncidentSummary>, StoreError> {
        let limit = limit_of(f.limit);
        let offset = f.offset.min(i64::MAX as u64 / 4) as i64;
        // Broad free text: walk the ORDER BY index and test each incident
        // (`EXISTS`), so the page reads a few rows instead of collecting every
        // match; the count too when at least half of the documents match (it
        // then reaches the cap within about twice as many rows).
        let (page_by_row, count_by_row) = match f.text.as_deref().map(crate::search::fts_query) {
            Some(Ok(Some(q))) => {
                let hits: i64 = if self.conn.is_pg() {
                    self.conn.query_row(
                        "SELECT COUNT(*) FROM documents WHERE fts @@ to_tsquery('english', ?1)",
                        [crate::search::pg_tsquery(&q)],
                        |r| r.get(0),
                    )?
                } else {
                    self.conn.query_row(
                        "SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?1",
                        [q],
                        |r| r.get(0),
                    )?
                };
                let docs: i64 =
                    self.conn
                        .query_row("SELECT COALESCE(MAX(id), 0) FROM documents", [], |r| {
                            r.get(0)
                        })?;
                (
                    hits >= text_by_row_min,
                    hits >= text_by_row_min && hits.saturating_mul(2) >= docs,
                )
            }
            _ => (false, false),
        };
        let pg = self.conn.is_pg();
        let (count_where, mut p) = filter_sql(f, "", count_by_row, pg);
        let (where_sql, _) = filter_sql(f, "", page_by_row, pg);
        let arg = |v: SqlValue, p: &mut Vec<SqlValue>| {
            p.push(v);
            format!("?{}", p.len())
        };
        // Count no further than the cap, or than one past this page.
        let cap = (cap.min(i64::MAX as u64 / 4) as i64).max(offset + limit as i64);
        let ca = arg(SqlValue::Integer(cap + 1), &mut p);
        let counted: i64 = self.conn.query_row(
            &format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM incidents {count_where} LIMIT {ca}) AS capped"
            ),
            params_from_iter(p.iter()),
            |r| r.get(0),
        )?;
        p.pop();
        let (total, total_capped) = if counted > cap {
            (cap, true)
        } else {
            (counted, false)
        };
        let order = match f.sort {
            SortOrder::DateDesc => "date_lo IS NULL, date_lo DESC, id DESC",
            SortOrder::DateAsc => "date_lo IS NULL, date_lo ASC, id ASC",
            SortOrder::KilledDesc => "killed IS NULL, killed DESC, id ASC",
            SortOrder::SourcesDesc => "reports DESC, id ASC",
            SortOrder::Id => "id ASC",
        };
        let la = arg(SqlValue::Integer(limit as i64), &mut p);
        let oa = arg(SqlValue::Integer(offset), &mut p);
        let sql = format!(
            "SELECT id, merged, reports, mentions, edited FROM incidents {where_sql} ORDER BY {order} LIMIT {la} OFFSET {oa}"
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(params_from_iter(p.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (id, merged, reports, mentions, edited) = row?;
            items.push(IncidentSummary {
                id,
                merged: serde_json::from_str(&merged)?,
                reports: u32::try_from(reports).unwrap_or(u32::MAX),
                mentions: u32::try_from(mentions).unwrap_or(u32::MAX),
                edited,
            });
        }
        Ok(Page {
            items,
            total: u64::try_from(total).unwrap_or(0),
            total_capped,
            offset: f.offset,
            limit,
        })
    }
}

impl IncidentStore for SqliteStore {
    fn ingest_batch(
        &mut self,
        items: &[(Document, DocumentRecord)],
        extractor_version: &str,
    ) -> Result<BatchReport, StoreError> {
        let tx = write_tx(&mut self.conn)?;
        let mut rep = BatchReport::default();
        for (doc, rec) in items {
            ingest_one(&tx, doc, rec, extractor_version, &mut rep)?;
        }
        tx.commit()?;
        Ok(rep)
    }

    fn seen(&self, url: &str) -> Result<Option<crate::SeenItem>, StoreError> {
        crate::seen::seen(&self.conn, url)
    }

    fn seen_with_hash(&self, content_hash: &str) -> Result<Option<crate::SeenItem>, StoreError> {
        crate::seen::seen_with_hash(&self.conn, content_hash)
    }

    fn mark_seen(&mut self, item: &crate::SeenItem) -> Result<(), StoreError> {
        crate::seen::mark_seen(&self.conn, item)
    }

    fn stored_extractor_version(&self, doc: &Document) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT extractor_version FROM documents WHERE content_hash = ?1",
                [content_hash(doc)],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn list_incidents(&self, f: &IncidentFilter) -> Result<Page<IncidentSummary>, StoreError> {
        self.list_incidents_tuned(f, TOTAL_CAP, TEXT_BY_ROW_MIN)
    }

    fn incident(&self, id: IncidentId) -> Result<Option<IncidentView>, StoreError> {
        build_view(&self.conn, id)
    }

    fn document(&self, id: DocumentId) -> Result<Option<StoredDocument>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT doc_id, source, title, published, text, content_hash, extractor_version, ingested_at, record
                 FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, String>(8)?,
                    ))
                },
            )
            .optional()?;
        let Some((
            doc_id,
            source,
            title,
            published,
            text,
            content_hash,
            extractor_version,
            ingested_at,
            record,
        )) = row
        else {
            return Ok(None);
        };
        let mut record: DocumentRecord = serde_json::from_str(&record)?;
        let mut incident_ids = Vec::new();
        {
            let mut st = self.conn.prepare_cached(
                "SELECT data, incident_id FROM reports WHERE document_id = ?1 ORDER BY id",
            )?;
            let rows = st.query_map([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
            })?;
            for row in rows {
                let (data, inc) = row?;
                record.incidents.push(serde_json::from_str(&data)?);
                if let Some(i) = inc {
                    if !incident_ids.contains(&i) {
                        incident_ids.push(i);
                    }
                }
            }
            // Restore the extractor's order: primary incident first, as stored by id.
            record.incidents.sort_by_key(|i| !i.primary);
            let mut st = self
                .conn
                .prepare_cached("SELECT data FROM statements WHERE document_id = ?1 ORDER BY id")?;
            let rows = st.query_map([id], |r| r.get::<_, String>(0))?;
            for row in rows {
                let s: Statement = serde_json::from_str(&row?)?;
                record.statements.push(s);
            }
        }
        Ok(Some(StoredDocument {
            id,
            doc_id,
            source,
            title,
            published: parse_date(published),
            text,
            content_hash,
            extractor_version,
            ingested_at,
            record,
            incident_ids,
        }))
    }

    fn statements(&self, f: &StatementFilter) -> Result<Page<StoredStatement>, StoreError> {
        let mut wh: Vec<String> = Vec::new();
        let mut p: Vec<SqlValue> = Vec::new();
        let arg = |v: SqlValue, p: &mut Vec<SqlValue>| {
            p.push(v);
            format!("?{}", p.len())
        };
        if let Some(k) = f.kind {
            let a = arg(SqlValue::Text(k.as_str().to_string()), &mut p);
            wh.push(format!("s.kind = {a}"));
        }
        if let Some(sp) = f.speaker.as_deref().and_then(norm) {
            let a = arg(SqlValue::Text(sp), &mut p);
            wh.push(format!("instr(lower(s.speaker), {a}) > 0"));
        }
        if let Some(af) = f.affiliation.as_deref().and_then(norm) {
            let a = arg(SqlValue::Text(af), &mut p);
            wh.push(format!("lower(s.affiliation) = {a}"));
        }
        if let Some(d) = f.document_id {
            let a = arg(SqlValue::Integer(d), &mut p);
            wh.push(format!("s.document_id = {a}"));
        }
        if let Some(i) = f.incident_id {
            let a = arg(SqlValue::Integer(i), &mut p);
            wh.push(format!(
                "s.document_id IN (SELECT document_id FROM reports WHERE incident_id = {a})"
            ));
        }
        let where_sql = if wh.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", wh.join(" AND "))
        };
        let total: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM statements s {where_sql}"),
            params_from_iter(p.iter()),
            |r| r.get(0),
        )?;
        let limit = limit_of(f.limit);
        let la = arg(SqlValue::Integer(limit as i64), &mut p);
        let oa = arg(
            SqlValue::Integer(f.offset.min(i64::MAX as u64) as i64),
            &mut p,
        );
        let sql = format!(
            "SELECT s.id, s.document_id, d.doc_id, s.data FROM statements s JOIN documents d ON d.id = s.document_id
             {where_sql} ORDER BY s.id LIMIT {la} OFFSET {oa}"
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(params_from_iter(p.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (id, document_id, doc_id, data) = row?;
            let s: Statement = serde_json::from_str(&data)?;
            let incident_ids: Vec<i64> = {
                let mut q = self.conn.prepare_cached(
                    "SELECT DISTINCT incident_id FROM reports WHERE document_id = ?1 AND incident_id IS NOT NULL ORDER BY incident_id",
                )?;
                let rows = q.query_map([document_id], |r| r.get(0))?;
                rows.collect::<Result<_, _>>()?
            };
            items.push(StoredStatement {
                id,
                document_id,
                doc_id,
                speaker: s.speaker,
                affiliation: s.affiliation,
                kind: s.kind,
                evidence: s.evidence,
                incident_ids,
            });
        }
        Ok(Page {
            items,
            total: u64::try_from(total).unwrap_or(0),
            total_capped: false,
            offset: f.offset,
            limit,
        })
    }

    fn edit_with(
        &mut self,
        incident_id: IncidentId,
        field: &str,
        value: &str,
        by: &str,
        note: Option<&str>,
        opts: EditOptions,
    ) -> Result<EditId, StoreError> {
        let by = editor(by)?;
        let (field, new_value) = parse_edit(field, value)?;
        let tx = write_tx(&mut self.conn)?;
        let view = build_view(&tx, incident_id)?.ok_or(StoreError::NoSuchIncident(incident_id))?;
        // A new city moves the incident: region, coordinates and specificity
        // come from the gazetteer, unless the analyst keeps them.
        let mut also: Vec<(&str, serde_json::Value)> = Vec::new();
        let mut new_value = new_value;
        if let (Some(city), false) = (new_value.as_str().map(str::to_string), opts.keep_place) {
            let city = city.as_str();
            if field == "city" {
                let m = &view.merged;
                let place = crate::search::resolve_city(
                    city,
                    m.country_code.as_deref(),
                    m.country.as_deref(),
                )
                .ok_or_else(|| StoreError::InvalidValue {
                    field: "city".into(),
                    value: city.to_string(),
                    reason: format!(
                        "the gazetteer has no city {city:?}{}; to keep the region and coordinates as they are, edit with keep_place",
                        m.country.as_deref().map(|c| format!(" in {c}")).unwrap_or_default()
                    ),
                })?;
                new_value = serde_json::json!(place.city);
                also = vec![
                    ("region", serde_json::json!(place.region)),
                    ("country", serde_json::json!(place.country)),
                    ("country_code", serde_json::json!(place.country_code)),
                    ("latitude", serde_json::json!(place.lat)),
                    ("longitude", serde_json::json!(place.lon)),
                    ("specificity", serde_json::json!(1)),
                ];
            }
        }
        let id = insert_edit(&tx, &view, &field, &new_value, by, note, EditKind::Set)?;
        let auto = format!("from the city edit #{id} (gazetteer)");
        for (f, v) in also {
            if shown_value(&view, f) != v {
                insert_edit(&tx, &view, f, &v, by, Some(&auto), EditKind::Set)?;
            }
        }
        refresh(&tx, incident_id)?;
        tx.commit()?;
        Ok(id)
    }

    fn revert(
        &mut self,
        incident_id: IncidentId,
        field: &str,
        by: &str,
        note: Option<&str>,
    ) -> Result<EditId, StoreError> {
        let by = editor(by)?;
        let tx = write_tx(&mut self.conn)?;
        let view = build_view(&tx, incident_id)?.ok_or(StoreError::NoSuchIncident(incident_id))?;
        let target = merged_field_of(field)?;
        let fv = view
            .fields
            .iter()
            .find(|f| f.field == target)
            .ok_or_else(|| {
                StoreError::UnknownField(field.to_string(), crate::merge::FIELDS.join(", "))
            })?;
        if fv.rule != MergeRule::Edited {
            return Err(StoreError::InvalidValue {
                field: target.to_string(),
                value: String::new(),
                reason: "it has no edit to revert: it already shows what extraction says".into(),
            });
        }
        let extracted = fv.extracted.clone();
        let id = insert_edit(&tx, &view, target, &extracted, by, note, EditKind::Revert)?;
        refresh(&tx, incident_id)?;
        tx.commit()?;
        Ok(id)
    }

    fn use_source_value(
        &mut self,
        incident_id: IncidentId,
        field: &str,
        report_id: i64,
        by: &str,
        note: Option<&str>,
    ) -> Result<EditId, StoreError> {
        let by = editor(by)?;
        let tx = write_tx(&mut self.conn)?;
        let view = build_view(&tx, incident_id)?.ok_or(StoreError::NoSuchIncident(incident_id))?;
        let target = merged_field_of(field)?;
        let sv = view
            .fields
            .iter()
            .find(|f| f.field == target)
            .and_then(|f| f.sources.iter().find(|s| s.report_id == report_id))
            .ok_or_else(|| StoreError::InvalidValue {
                field: target.to_string(),
                value: report_id.to_string(),
                reason: format!(
                    "report {report_id} gives no value for {target} of incident {incident_id}"
                ),
            })?;
        let value = sv.value.clone();
        let doc = sv.doc_id.clone();
        let auto = match note.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => format!("{n} (the value of {doc}, report {report_id})"),
            None => format!("the value of {doc}, report {report_id}"),
        };
        let mut first = None;
        for (f, v) in edits_for_value(target, &value) {
            let id = insert_edit(&tx, &view, &f, &v, by, Some(&auto), EditKind::Set)?;
            first.get_or_insert(id);
        }
        refresh(&tx, incident_id)?;
        tx.commit()?;
        first.ok_or(StoreError::NoSuchIncident(incident_id))
    }

    fn review_queue(
        &self,
        kind: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> Result<Page<ReviewItem>, StoreError> {
        let limit = limit_of(limit);
        let decided = |k: &str,
                       inc: Option<i64>,
                       rep: Option<i64>,
                       field: &str|
         -> Result<bool, StoreError> {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT 1 FROM reviews WHERE kind = ?1 AND incident_id IS ?2 AND report_id IS ?3 AND field = ?4",
                )?
                .exists(params![k, inc, rep, field])?)
        };
        let mut all: Vec<ReviewItem> = Vec::new();
        if kind.is_none_or(|k| k == "unlinked_mention") {
            let mut st = self.conn.prepare_cached(
                "SELECT r.id, r.document_id, d.doc_id FROM reports r JOIN documents d ON d.id = r.document_id
                 WHERE r.incident_id IS NULL ORDER BY r.id",
            )?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (rid, did, doc) = row?;
                all.push(ReviewItem {
                    kind: "unlinked_mention".into(),
                    reason: format!("{doc} mentions an attack that is linked to no incident"),
                    incident_id: None,
                    report_id: Some(rid),
                    document_id: Some(did),
                    field: String::new(),
                });
            }
        }
        {
            let mut st = self.conn.prepare_cached(
                "SELECT review FROM incidents INDEXED BY incidents_review WHERE review IS NOT NULL ORDER BY id",
            )?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            for row in rows {
                let items: Vec<ReviewItem> = serde_json::from_str(&row?)?;
                all.extend(
                    items
                        .into_iter()
                        .filter(|i| kind.is_none_or(|k| k == i.kind)),
                );
            }
        }
        let mut open = Vec::new();
        for i in all {
            if !decided(&i.kind, i.incident_id, i.report_id, &i.field)? {
                open.push(i);
            }
        }
        let total = open.len() as u64;
        let items = open
            .into_iter()
            .skip(offset.min(usize::MAX as u64) as usize)
            .take(limit as usize)
            .collect();
        Ok(Page {
            items,
            total,
            total_capped: false,
            offset,
            limit,
        })
    }

    fn decide_review(
        &mut self,
        item: &ReviewItem,
        accept: bool,
        by: &str,
        note: Option<&str>,
    ) -> Result<i64, StoreError> {
        let by = editor(by)?;
        let listed = if item.kind == "unlinked_mention" {
            item.incident_id.is_none()
                && self
                    .conn
                    .prepare_cached("SELECT 1 FROM reports WHERE id = ?1 AND incident_id IS NULL")?
                    .exists([item.report_id])?
        } else {
            let review: Option<String> = self
                .conn
                .query_row(
                    "SELECT review FROM incidents WHERE id = ?1",
                    [item.incident_id],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            let items: Vec<ReviewItem> = match review {
                Some(r) => serde_json::from_str(&r)?,
                None => Vec::new(),
            };
            items.iter().any(|i| {
                i.kind == item.kind && i.report_id == item.report_id && i.field == item.field
            })
        };
        let decided = self
            .conn
            .prepare_cached(
                "SELECT 1 FROM reviews WHERE kind = ?1 AND incident_id IS ?2 AND report_id IS ?3 AND field = ?4",
            )?
            .exists(params![item.kind, item.incident_id, item.report_id, item.field])?;
        if !listed || decided {
            return Err(StoreError::InvalidValue {
                field: "review".into(),
                value: item.kind.clone(),
                reason: "no such open item in the review queue (decided already, or never there)"
                    .into(),
            });
        }
        self.conn.execute(
            "INSERT INTO reviews (kind, incident_id, report_id, field, decision, by, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                item.kind,
                item.incident_id,
                item.report_id,
                item.field,
                if accept { "accepted" } else { "rejected" },
                by,
                note.map(str::trim).filter(|n| !n.is_empty()),
            ],
        )?;
        Ok(self.conn.last_insert_rowid()?)
    }

    fn merge_incidents(
        &mut self,
        from: IncidentId,
        into: IncidentId,
        by: &str,
        note: Option<&str>,
    ) -> Result<i64, StoreError> {
        let by = editor(by)?;
        if from == into {
            return Err(StoreError::InvalidValue {
                field: "into".into(),
                value: into.to_string(),
                reason: "an incident cannot be merged into itself".into(),
            });
        }
        let tx = write_tx(&mut self.conn)?;
        for id in [from, into] {
            if build_view(&tx, id)?.is_none() {
                return Err(StoreError::NoSuchIncident(id));
            }
        }
        let reports: Vec<(i64, Option<i64>)> = {
            let mut st =
                tx.prepare_cached("SELECT id FROM reports WHERE incident_id = ?1 ORDER BY id")?;
            let rows = st.query_map([from], |r| r.get::<_, i64>(0))?;
            rows.map(|r| r.map(|id| (id, Some(into))))
                .collect::<Result<_, _>>()?
        };
        let op = operate(&tx, "merge", from, Some(into), &reports, by, note)?;
        tx.commit()?;
        Ok(op)
    }

    fn split_report(
        &mut self,
        incident: IncidentId,
        report_id: i64,
        by: &str,
        note: Option<&str>,
    ) -> Result<(i64, IncidentId), StoreError> {
        let by = editor(by)?;
        let tx = write_tx(&mut self.conn)?;
        let view = build_view(&tx, incident)?.ok_or(StoreError::NoSuchIncident(incident))?;
        let src = view
            .sources
            .iter()
            .find(|s| s.report_id == report_id)
            .ok_or_else(|| StoreError::InvalidValue {
                field: "report_id".into(),
                value: report_id.to_string(),
                reason: format!("report {report_id} is not a source of incident {incident}"),
            })?;
        if src.role != SourceRole::Report {
            return Err(StoreError::InvalidValue {
                field: "report_id".into(),
                value: report_id.to_string(),
                reason: "a background mention is unlinked, not split off".into(),
            });
        }
        if view
            .sources
            .iter()
            .filter(|s| s.role == SourceRole::Report)
            .count()
            < 2
        {
            return Err(StoreError::InvalidValue {
                field: "report_id".into(),
                value: report_id.to_string(),
                reason: "the incident's only report cannot be split off".into(),
            });
        }
        tx.execute("INSERT INTO incidents DEFAULT VALUES", [])?;
        let new_id = tx.last_insert_rowid()?;
        let op = operate(
            &tx,
            "split",
            incident,
            Some(new_id),
            &[(report_id, Some(new_id))],
            by,
            note,
        )?;
        tx.commit()?;
        Ok((op, new_id))
    }

    fn unlink_mention(
        &mut self,
        incident: IncidentId,
        report_id: i64,
        by: &str,
        note: Option<&str>,
    ) -> Result<i64, StoreError> {
        let by = editor(by)?;
        let tx = write_tx(&mut self.conn)?;
        let view = build_view(&tx, incident)?.ok_or(StoreError::NoSuchIncident(incident))?;
        let ok = view
            .sources
            .iter()
            .any(|s| s.report_id == report_id && s.role == SourceRole::Mention);
        if !ok {
            return Err(StoreError::InvalidValue {
                field: "report_id".into(),
                value: report_id.to_string(),
                reason: format!(
                    "report {report_id} is not a background mention of incident {incident}"
                ),
            });
        }
        let op = operate(
            &tx,
            "unlink",
            incident,
            None,
            &[(report_id, None)],
            by,
            note,
        )?;
        tx.commit()?;
        Ok(op)
    }

    fn undo_operation(&mut self, op: i64, by: &str) -> Result<Operation, StoreError> {
        let by = editor(by)?;
        let tx = write_tx(&mut self.conn)?;
        let row = tx
            .prepare_cached(
                "SELECT id, kind, incident_id, other_id, moves, by, note, at, undone_at, undone_by FROM operations WHERE id = ?1",
            )?
            .query_row([op], operation_row)
            .optional()?;
        let Some((mut o, moves)) = row else {
            return Err(StoreError::InvalidValue {
                field: "operation".into(),
                value: op.to_string(),
                reason: "no such operation".into(),
            });
        };
        if o.undone_at.is_some() {
            return Err(StoreError::InvalidValue {
                field: "operation".into(),
                value: op.to_string(),
                reason: "it was undone already".into(),
            });
        }
        o.moves = serde_json::from_str(&moves)?;
        let mut touched = BTreeSet::new();
        // The reports are found by their pins (document and local id), so an
        // operation re-extraction has kept in place is undone too.
        let pins: Vec<(i64, String, Option<i64>)> = {
            let mut st = tx.prepare_cached(
                "SELECT document_id, local_id, incident_id FROM pins WHERE op_id = ?1",
            )?;
            let rows = st.query_map([op], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let from = o.incident_id;
        for (doc, local, to) in pins {
            let now: Option<(i64, Option<i64>)> = tx
                .prepare_cached(
                    "SELECT id, incident_id FROM reports WHERE document_id = ?1 AND local_id = ?2",
                )?
                .query_row(params![doc, local], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            // Only reports still where the operation put them go back.
            let Some((rid, at)) = now.filter(|(_, at)| *at == to) else {
                continue;
            };
            tx.execute("INSERT OR IGNORE INTO incidents (id) VALUES (?1)", [from])?;
            tx.execute(
                "UPDATE reports SET incident_id = ?1 WHERE id = ?2",
                params![from, rid],
            )?;
            touched.insert(from);
            touched.extend(at);
        }
        // A merged incident's own edits go back with it.
        let moved_edits: String = tx
            .prepare_cached("SELECT moved_edits FROM operations WHERE id = ?1")?
            .query_row([op], |r| r.get(0))?;
        let moved_edits: Vec<i64> = serde_json::from_str(&moved_edits)?;
        for e in moved_edits {
            tx.execute(
                "UPDATE edits SET incident_id = ?1 WHERE id = ?2",
                params![o.incident_id, e],
            )?;
            touched.insert(o.incident_id);
        }
        tx.execute(
            "UPDATE operations SET undone_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), undone_by = ?2 WHERE id = ?1",
            params![op, by],
        )?;
        for id in touched {
            refresh(&tx, id)?;
        }
        let (o2, _) = tx
            .prepare_cached(
                "SELECT id, kind, incident_id, other_id, moves, by, note, at, undone_at, undone_by FROM operations WHERE id = ?1",
            )?
            .query_row([op], operation_row)?;
        tx.commit()?;
        Ok(Operation {
            moves: o.moves,
            ..o2
        })
    }

    fn operations(&self, offset: u64, limit: u64) -> Result<Page<Operation>, StoreError> {
        let limit = limit_of(limit);
        let total: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM operations", [], |r| r.get(0))?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, kind, incident_id, other_id, moves, by, note, at, undone_at, undone_by FROM operations
             ORDER BY id DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = st.query_map(
            params![limit as i64, offset.min(i64::MAX as u64) as i64],
            operation_row,
        )?;
        let mut items = Vec::new();
        for row in rows {
            let (mut o, moves) = row?;
            o.moves = serde_json::from_str(&moves)?;
            items.push(o);
        }
        Ok(Page {
            items,
            total: u64::try_from(total).unwrap_or(0),
            total_capped: false,
            offset,
            limit,
        })
    }

    fn audit_log(&self, offset: u64, limit: u64) -> Result<Page<EditRecord>, StoreError> {
        let limit = limit_of(limit);
        let total: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM edits", [], |r| r.get(0))?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, incident_id, field, old_value, new_value, by, note, at, kind FROM edits
             ORDER BY id DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = st.query_map(
            params![limit as i64, offset.min(i64::MAX as u64) as i64],
            edit_row,
        )?;
        let mut items = Vec::new();
        for row in rows {
            items.push(edit_record(row?)?);
        }
        Ok(Page {
            items,
            total: u64::try_from(total).unwrap_or(0),
            total_capped: false,
            offset,
            limit,
        })
    }

    fn export(&self, format: ExportFormat, w: &mut dyn Write) -> Result<u64, StoreError> {
        self.export_matching(&IncidentFilter::default(), format, w)
    }

    fn export_matching(
        &self,
        filter: &IncidentFilter,
        format: ExportFormat,
        w: &mut dyn Write,
    ) -> Result<u64, StoreError> {
        let (where_sql, p) = filter_sql(filter, "", false, self.conn.is_pg());
        let ids: Vec<i64> = {
            let mut st = self
                .conn
                .prepare(&format!("SELECT id FROM incidents {where_sql} ORDER BY id"))?;
            let rows = st.query_map(params_from_iter(p.iter()), |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let views = ids
            .into_iter()
            .filter_map(|id| build_view(&self.conn, id).transpose());
        export::write(format, views, w)
    }

    fn stats(&self) -> Result<StoreStats, StoreError> {
        let n = |sql: &str| -> Result<u64, StoreError> {
            let v: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            Ok(u64::try_from(v).unwrap_or(0))
        };
        Ok(StoreStats {
            documents: n("SELECT COUNT(*) FROM documents")?,
            incidents: n("SELECT COUNT(*) FROM incidents")?,
            reports: n("SELECT COUNT(*) FROM reports")?,
            unlinked_mentions: n("SELECT COUNT(*) FROM reports WHERE incident_id IS NULL")?,
            statements: n("SELECT COUNT(*) FROM statements")?,
            edits: n("SELECT COUNT(*) FROM edits")?,
        })
    }
}

/// The analyst an audited change is by: a name, trimmed, never empty.
fn editor(by: &str) -> Result<&str, StoreError> {
    let by = by.trim();
    if by.is_empty() {
        return Err(StoreError::MissingEditor);
    }
    Ok(by)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(version_newer("1.10.0", "1.9.3"));
        assert!(version_newer("v2", "1.99"));
        assert!(version_newer("1.0.1", "1.0"));
        assert!(!version_newer("1.0.0", "1.0.0"));
        assert!(!version_newer("0.9", "1.0"));
        assert!(version_newer("1.0.0-rc2", "1.0.0-rc1"));
    }

    #[test]
    fn content_hash_depends_on_source_and_text() {
        let d = Document {
            id: "a".into(),
            source: "x.txt".into(),
            title: None,
            published: None,
            language: None,
            text: "Velmora".into(),
        };
        let mut e = d.clone();
        e.id = "other id".into();
        assert_eq!(content_hash(&d), content_hash(&e), "the id is not content");
        e.source = "y.txt".into();
        assert_ne!(content_hash(&d), content_hash(&e));
        assert_eq!(content_hash(&d).len(), 64);
    }

    /// SQLite's plan for the incidents a filter selects.
    fn plan(f: &IncidentFilter) -> String {
        let s = SqliteStore::open_in_memory().expect("store");
        let (wh, p) = incident_filter_sql(f, "");
        let sql = format!("EXPLAIN QUERY PLAN SELECT id FROM incidents {wh}");
        let conn = s.conn.as_sqlite().expect("sqlite");
        let mut st = conn.prepare(&sql).expect("plan");
        let rows = st
            .query_map(rusqlite::params_from_iter(p), |r| r.get::<_, String>(3))
            .expect("rows");
        rows.map(|r| r.expect("row")).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_country_filter_reads_indexes_not_every_incident() {
        let by_code = plan(&IncidentFilter {
            countries: vec!["XF".into()],
            ..IncidentFilter::default()
        });
        assert!(by_code.contains("incidents_country_code"), "{by_code}");
        assert!(by_code.contains("incidents_country_name"), "{by_code}");
        assert!(!by_code.contains("SCAN incidents"), "{by_code}");
    }
}
