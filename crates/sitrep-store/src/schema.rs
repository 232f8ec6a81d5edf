//! The SQLite schema and its migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Each
//! migration runs in its own transaction together with the version bump, so a
//! crash leaves the file at one version or the next, never in between.

use crate::StoreError;
use rusqlite::Connection;

/// Migrations, oldest first. Never edit a released one; append a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: documents, FTS5 index, incidents, reports, statements, edits.
    r#"
CREATE TABLE documents (
    id                INTEGER PRIMARY KEY,
    doc_id            TEXT NOT NULL,
    source            TEXT NOT NULL,
    title             TEXT,
    published         TEXT,
    text              TEXT NOT NULL,
    content_hash      TEXT NOT NULL UNIQUE,
    extractor_version TEXT NOT NULL,
    record            TEXT NOT NULL,
    ingested_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    extracted_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX documents_doc_id ON documents(doc_id);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content = 'documents', content_rowid = 'id'
);
CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE TABLE incidents (
    id           INTEGER PRIMARY KEY,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    date         TEXT,
    date_lo      INTEGER,
    date_hi      INTEGER,
    country      TEXT,
    country_code TEXT,
    city         TEXT,
    city_key     TEXT,
    country_key  TEXT,
    killed       INTEGER,
    injured      INTEGER,
    claimed      INTEGER,
    reports      INTEGER NOT NULL DEFAULT 0,
    mentions     INTEGER NOT NULL DEFAULT 0,
    edited       INTEGER NOT NULL DEFAULT 0,
    merged       TEXT NOT NULL DEFAULT '{}',
    features     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX incidents_date ON incidents(date_lo, date_hi);
CREATE INDEX incidents_city ON incidents(city_key, date_lo);
CREATE INDEX incidents_country ON incidents(country_key, date_lo);
CREATE INDEX incidents_killed ON incidents(killed);

CREATE TABLE incident_tags (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (kind, value, incident_id)
) WITHOUT ROWID;
CREATE INDEX incident_tags_incident ON incident_tags(incident_id);

CREATE TABLE reports (
    id                 INTEGER PRIMARY KEY,
    document_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    incident_id        INTEGER REFERENCES incidents(id) ON DELETE SET NULL,
    local_id           TEXT NOT NULL,
    is_primary         INTEGER NOT NULL,
    extractor_version  TEXT NOT NULL,
    data               TEXT NOT NULL,
    killed_from_claim  INTEGER NOT NULL DEFAULT 0,
    injured_from_claim INTEGER NOT NULL DEFAULT 0,
    match_score        REAL,
    city_key           TEXT,
    country_key        TEXT
);
CREATE INDEX reports_incident ON reports(incident_id);
CREATE INDEX reports_document ON reports(document_id);
CREATE INDEX reports_unlinked ON reports(city_key) WHERE incident_id IS NULL;

CREATE TABLE statements (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    speaker     TEXT NOT NULL,
    affiliation TEXT,
    kind        TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX statements_document ON statements(document_id);
CREATE INDEX statements_kind ON statements(kind);

CREATE TABLE edits (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    field       TEXT NOT NULL,
    old_value   TEXT NOT NULL,
    new_value   TEXT NOT NULL,
    by          TEXT NOT NULL,
    note        TEXT,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX edits_incident ON edits(incident_id);
"#,
    // 2: API tokens (only a SHA-256 of each token is stored).
    r#"
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    revoked_at TEXT
);
"#,
    // 3: indexes that serve list_incidents' orderings and the server's map
    // layer without sorting every incident (100k incidents: ~800 ms -> <1 ms
    // for the first page by date). Expressions match the queries' ORDER BY.
    r#"
CREATE INDEX incidents_date_desc ON incidents((date_lo IS NULL), date_lo DESC, id DESC);
CREATE INDEX incidents_date_asc ON incidents((date_lo IS NULL), date_lo, id);
CREATE INDEX incidents_sources ON incidents(reports DESC, id);
CREATE INDEX incidents_killed_geo ON incidents(
    (killed IS NULL), killed DESC, id,
    json_extract(merged, '$.lat'), json_extract(merged, '$.lon')
);
"#,
    // 4: the country filter (`country_code = ? OR country = ?`) read through two
    // indexes instead of a scan of every incident.
    r#"
CREATE INDEX incidents_country_code ON incidents(country_code);
CREATE INDEX incidents_country_name ON incidents(country);
"#,
    // 5: each document's language (ISO 639-3, null when it could not be told), and
    // what a feed watcher has fetched: one row per URL (a feed or an item), with the
    // hash of the item's text (a republished item under another URL is known by it)
    // and the validators of a conditional GET.
    r#"
ALTER TABLE documents ADD COLUMN language TEXT;
CREATE TABLE seen_items (
    url           TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    content_hash  TEXT,
    etag          TEXT,
    last_modified TEXT,
    error         TEXT,
    attempts      INTEGER NOT NULL DEFAULT 1,
    checked_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX seen_items_hash ON seen_items(content_hash) WHERE content_hash IS NOT NULL;
"#,
    // 6: free text as coders search: the FTS5 index rebuilt with the Porter
    // stemmer ("bomb" finds "bombing"); the triggers of migration 1 keep it.
    r#"
DROP TABLE documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content = 'documents', content_rowid = 'id', tokenize = 'porter unicode61'
);
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
"#,
    // 7: what kind of correction an edit is: `set` (a value) or `revert` (back
    // to what extraction says, for one merged field); the global audit log
    // reads edits newest first.
    r#"
ALTER TABLE edits ADD COLUMN kind TEXT NOT NULL DEFAULT 'set';
CREATE INDEX edits_at ON edits(id DESC);
"#,
    // 8: the year facet (`GROUP BY substr(date, 1, 4)`) read from an index
    // instead of every incident row.
    r#"
CREATE INDEX incidents_year ON incidents(substr(date, 1, 4));
"#,
    // 9: the review queue. `incidents.review` holds what needs a human (JSON,
    // written whenever an incident is stored, merged or edited; null when
    // nothing does), read through a partial index; `reviews` holds the
    // analysts' decisions on queue items (who, when, accept or reject).
    r#"
ALTER TABLE incidents ADD COLUMN review TEXT;
CREATE INDEX incidents_review ON incidents(id) WHERE review IS NOT NULL;
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    incident_id INTEGER,
    report_id   INTEGER,
    field       TEXT NOT NULL DEFAULT '',
    decision    TEXT NOT NULL,
    by          TEXT NOT NULL,
    note        TEXT,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX reviews_target ON reviews(kind, incident_id, report_id, field);
"#,
    // 10: analysts' merge, split and unlink operations: each moves reports
    // (listed in `moves`, so it can be undone) and pins them, so a
    // re-extraction puts the new reports of those documents where the analyst
    // put them (`pins`, by document and the extractor's local incident id).
    r#"
CREATE TABLE operations (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    incident_id INTEGER NOT NULL,
    other_id  INTEGER,
    moves     TEXT NOT NULL,
    moved_edits TEXT NOT NULL DEFAULT '[]',
    by        TEXT NOT NULL,
    note      TEXT,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    undone_at TEXT,
    undone_by TEXT
);
CREATE TABLE pins (
    op_id       INTEGER NOT NULL REFERENCES operations(id),
    document_id INTEGER NOT NULL,
    local_id    TEXT NOT NULL,
    incident_id INTEGER
);
CREATE INDEX pins_report ON pins(document_id, local_id, op_id);
"#,
    // 11: facets and counts over a filtered view read the filterable columns
    // from this covering index instead of every incident row (100k incidents,
    // the country facet of attack type + killed >= 10: 66 -> 23 ms).
    r#"
CREATE INDEX incidents_facets ON incidents(country_code, killed, claimed, date_lo, date_hi, substr(date, 1, 4));
"#,
    // 12: the merged coordinates and country name as columns, written with
    // `merged` by every refresh, so the map layer and the timeline by country
    // read them without parsing each incident's JSON (PostgreSQL migration 2
    // is the same); filled here from `merged`. The covering index of
    // migration 3 is rebuilt over the columns.
    r#"
ALTER TABLE incidents ADD COLUMN lat REAL;
ALTER TABLE incidents ADD COLUMN lon REAL;
ALTER TABLE incidents ADD COLUMN country_name TEXT;
UPDATE incidents SET lat = json_extract(merged, '$.lat'), lon = json_extract(merged, '$.lon'),
    country_name = json_extract(merged, '$.country');
DROP INDEX incidents_killed_geo;
CREATE INDEX incidents_killed_geo ON incidents((killed IS NULL), killed DESC, id, lat, lon);
"#,
];

/// Schema version this build writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the database up to [`current_version`]; refuses a newer file.
pub fn migrate(conn: &mut Connection) -> Result<i64, StoreError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let supported = current_version();
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(supported)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store at version 5 (the stemmer-less index) with one document is
    /// brought to the current version: its text is re-indexed with stemming.
    #[test]
    fn version_5_upgrades_to_a_stemmed_index() {
        let mut conn = Connection::open_in_memory().unwrap();
        for (i, sql) in MIGRATIONS.iter().take(5).enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", (i + 1) as i64)
                .unwrap();
        }
        conn.execute(
            "INSERT INTO documents (doc_id, source, title, text, content_hash, extractor_version, record)
             VALUES ('d', 's', 'Market bombing', 'Two bombings shook the market.', 'h', '1', '{}')",
            [],
        )
        .unwrap();
        let hits = |c: &Connection, q: &str| -> i64 {
            c.query_row(
                "SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?1",
                [q],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(hits(&conn, "\"bomb\""), 0, "version 5 does not stem");
        assert_eq!(migrate(&mut conn).unwrap(), current_version());
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, current_version());
        assert_eq!(hits(&conn, "\"bomb\""), 1);
        assert_eq!(hits(&conn, "\"shake\" OR \"shook\""), 1);
        // The triggers keep the new index: a new document is found stemmed too.
        conn.execute(
            "INSERT INTO documents (doc_id, source, title, text, content_hash, extractor_version, record)
             VALUES ('e', 's', NULL, 'Gunmen were shooting.', 'h2', '1', '{}')",
            [],
        )
        .unwrap();
        assert_eq!(hits(&conn, "\"shoot\""), 1);
    }

    /// A store at version 11 is brought to 12: the merged coordinates and
    /// country name are copied into their columns, and the map's covering
    /// index is over the columns.
    #[test]
    fn version_11_upgrades_to_coordinate_columns() {
        let mut conn = Connection::open_in_memory().unwrap();
        for (i, sql) in MIGRATIONS.iter().take(11).enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", (i + 1) as i64)
                .unwrap();
        }
        conn.execute_batch(
            r#"INSERT INTO incidents (merged, killed) VALUES
                 ('{"lat": 12.5, "lon": -14, "country": "Freeland"}', 3),
                 ('{"country": "Ruritania"}', NULL),
                 ('{}', 1)"#,
        )
        .unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), current_version());
        let mut st = conn
            .prepare("SELECT lat, lon, country_name FROM incidents ORDER BY id")
            .unwrap();
        let rows: Vec<(Option<f64>, Option<f64>, Option<String>)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            rows,
            vec![
                (Some(12.5), Some(-14.0), Some("Freeland".into())),
                (None, None, Some("Ruritania".into())),
                (None, None, None),
            ]
        );
        let cols: Vec<String> = conn
            .prepare("SELECT name FROM pragma_index_info('incidents_killed_geo') ORDER BY seqno")
            .unwrap()
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .map(|c| c.unwrap().unwrap_or_default())
            .collect();
        assert_eq!(cols, ["", "killed", "id", "lat", "lon"]);
    }
}
