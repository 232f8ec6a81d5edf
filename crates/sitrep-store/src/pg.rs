//! The PostgreSQL backend: schema, migrations and connection.
//!
//! The tables mirror the SQLite schema ([`crate::schema`]) column for column
//! (integers as `BIGINT`, reals as `DOUBLE PRECISION`, JSON as `TEXT`), so the
//! shared store code reads and writes both alike. Full text is a generated
//! `tsvector` column on `documents` (English stemming, like SQLite's Porter
//! tokenizer) with a GIN index. `json_extract`, `strftime('…', 'now')` and
//! `instr` exist as SQL functions so the store's SQL runs unchanged.
//!
//! Migrations are numbered; `schema_migrations` records each one applied. They
//! run in one transaction under a transaction-level advisory lock, so several
//! processes opening a new database at once apply each migration exactly once.

use crate::db::{Conn, OptionalExtension};
use crate::StoreError;

/// Advisory lock key serialising migrations (any constant; "sitrep01").
pub(crate) const MIGRATE_LOCK: i64 = 0x7369_7472_6570_3031;
/// Advisory lock key serialising the match-and-merge part of ingest and the
/// analysts' operations that move reports ("sitrep02").
pub(crate) const MERGE_LOCK: i64 = 0x7369_7472_6570_3032;

/// PostgreSQL migrations, oldest first. Never edit a released one; append.
pub const PG_MIGRATIONS: &[&str] = &[
    // 1: everything SQLite's migrations 1-11 built, and the functions the
    // store's SQLite-dialect SQL calls.
    r#"
CREATE FUNCTION json_extract(doc TEXT, path TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT jsonb_path_query_first(doc::jsonb, path::jsonpath) #>> '{}' $$;
CREATE FUNCTION strftime(fmt TEXT, at TEXT) RETURNS TEXT
    LANGUAGE sql VOLATILE
    AS $$ SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
CREATE FUNCTION instr(hay TEXT, needle TEXT) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT strpos(hay, needle) $$;

CREATE TABLE documents (
    id                BIGSERIAL PRIMARY KEY,
    doc_id            TEXT NOT NULL,
    source            TEXT NOT NULL,
    title             TEXT,
    published         TEXT,
    text              TEXT NOT NULL,
    content_hash      TEXT NOT NULL UNIQUE,
    extractor_version TEXT NOT NULL,
    record            TEXT NOT NULL,
    ingested_at       TEXT NOT NULL DEFAULT strftime('', 'now'),
    extracted_at      TEXT NOT NULL DEFAULT strftime('', 'now'),
    language          TEXT,
    fts               tsvector GENERATED ALWAYS AS (
        to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED
);
CREATE INDEX documents_doc_id ON documents(doc_id);
CREATE INDEX documents_fts ON documents USING GIN (fts);

CREATE TABLE incidents (
    id           BIGSERIAL PRIMARY KEY,
    created_at   TEXT NOT NULL DEFAULT strftime('', 'now'),
    updated_at   TEXT NOT NULL DEFAULT strftime('', 'now'),
    date         TEXT,
    date_lo      BIGINT,
    date_hi      BIGINT,
    country      TEXT,
    country_code TEXT,
    city         TEXT,
    city_key     TEXT,
    country_key  TEXT,
    killed       BIGINT,
    injured      BIGINT,
    claimed      BIGINT,
    reports      BIGINT NOT NULL DEFAULT 0,
    mentions     BIGINT NOT NULL DEFAULT 0,
    edited       BIGINT NOT NULL DEFAULT 0,
    merged       TEXT NOT NULL DEFAULT '{}',
    features     TEXT NOT NULL DEFAULT '{}',
    review       TEXT
);
CREATE INDEX incidents_date ON incidents(date_lo, date_hi);
CREATE INDEX incidents_city ON incidents(city_key, date_lo);
CREATE INDEX incidents_country ON incidents(country_key, date_lo);
CREATE INDEX incidents_killed ON incidents(killed);
CREATE INDEX incidents_date_desc ON incidents((date_lo IS NULL), date_lo DESC, id DESC);
CREATE INDEX incidents_date_asc ON incidents((date_lo IS NULL), date_lo, id);
CREATE INDEX incidents_sources ON incidents(reports DESC, id);
CREATE INDEX incidents_country_code ON incidents(country_code);
CREATE INDEX incidents_country_name ON incidents(country);
CREATE INDEX incidents_year ON incidents(substr(date, 1, 4));
CREATE INDEX incidents_review ON incidents(id) WHERE review IS NOT NULL;

-- An explicit id (an analyst's pin re-creating an incident) moves the sequence
-- past it, so a later generated id never collides.
CREATE FUNCTION incidents_bump_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id > (SELECT last_value FROM incidents_id_seq) THEN
        PERFORM setval('incidents_id_seq', NEW.id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER incidents_bump_seq BEFORE INSERT ON incidents
    FOR EACH ROW EXECUTE FUNCTION incidents_bump_seq();

CREATE TABLE incident_tags (
    incident_id BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (kind, value, incident_id)
);
CREATE INDEX incident_tags_incident ON incident_tags(incident_id);

CREATE TABLE reports (
    id                 BIGSERIAL PRIMARY KEY,
    document_id        BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    incident_id        BIGINT REFERENCES incidents(id) ON DELETE SET NULL,
    local_id           TEXT NOT NULL,
    is_primary         BIGINT NOT NULL,
    extractor_version  TEXT NOT NULL,
    data               TEXT NOT NULL,
    killed_from_claim  BIGINT NOT NULL DEFAULT 0,
    injured_from_claim BIGINT NOT NULL DEFAULT 0,
    match_score        DOUBLE PRECISION,
    city_key           TEXT,
    country_key        TEXT
);
CREATE INDEX reports_incident ON reports(incident_id);
CREATE INDEX reports_document ON reports(document_id);
CREATE INDEX reports_unlinked ON reports(city_key) WHERE incident_id IS NULL;

CREATE TABLE statements (
    id          BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    speaker     TEXT NOT NULL,
    affiliation TEXT,
    kind        TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX statements_document ON statements(document_id);
CREATE INDEX statements_kind ON statements(kind);

CREATE TABLE edits (
    id          BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    field       TEXT NOT NULL,
    old_value   TEXT NOT NULL,
    new_value   TEXT NOT NULL,
    by          TEXT NOT NULL,
    note        TEXT,
    at          TEXT NOT NULL DEFAULT strftime('', 'now'),
    kind        TEXT NOT NULL DEFAULT 'set'
);
CREATE INDEX edits_incident ON edits(incident_id);
CREATE INDEX edits_at ON edits(id DESC);

CREATE TABLE tokens (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT strftime('', 'now'),
    revoked_at TEXT
);

CREATE TABLE seen_items (
    url           TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    content_hash  TEXT,
    etag          TEXT,
    last_modified TEXT,
    error         TEXT,
    attempts      BIGINT NOT NULL DEFAULT 1,
    checked_at    TEXT NOT NULL DEFAULT strftime('', 'now')
);
CREATE INDEX seen_items_hash ON seen_items(content_hash) WHERE content_hash IS NOT NULL;

CREATE TABLE reviews (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL,
    incident_id BIGINT,
    report_id   BIGINT,
    field       TEXT NOT NULL DEFAULT '',
    decision    TEXT NOT NULL,
    by          TEXT NOT NULL,
    note        TEXT,
    at          TEXT NOT NULL DEFAULT strftime('', 'now')
);
CREATE INDEX reviews_target ON reviews(kind, incident_id, report_id, field);

CREATE TABLE operations (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL,
    incident_id BIGINT NOT NULL,
    other_id    BIGINT,
    moves       TEXT NOT NULL,
    moved_edits TEXT NOT NULL DEFAULT '[]',
    by          TEXT NOT NULL,
    note        TEXT,
    at          TEXT NOT NULL DEFAULT strftime('', 'now'),
    undone_at   TEXT,
    undone_by   TEXT
);
CREATE TABLE pins (
    op_id       BIGINT NOT NULL REFERENCES operations(id),
    document_id BIGINT NOT NULL,
    local_id    TEXT NOT NULL,
    incident_id BIGINT
);
CREATE INDEX pins_report ON pins(document_id, local_id, op_id);
"#,
    // 2: the merged coordinates and country name as columns, written with
    // `merged` by every refresh (SQLite migration 12 is the same), so the map
    // layer and the timeline by country read them instead of parsing each
    // incident's JSON text (20 000 incidents: the map's p50 1.4 s before);
    // filled here from `merged`. The index walks located incidents in the
    // map's order (most killed first).
    r#"
ALTER TABLE incidents ADD COLUMN lat DOUBLE PRECISION,
    ADD COLUMN lon DOUBLE PRECISION,
    ADD COLUMN country_name TEXT;
UPDATE incidents SET lat = (m ->> 'lat')::double precision, lon = (m ->> 'lon')::double precision,
        country_name = m ->> 'country'
    FROM (SELECT id AS mid, merged::jsonb AS m FROM incidents) j
    WHERE incidents.id = j.mid
      AND (m ->> 'lat' IS NOT NULL OR m ->> 'lon' IS NOT NULL OR m ->> 'country' IS NOT NULL);
CREATE INDEX incidents_killed_geo ON incidents((killed IS NULL), killed DESC, id)
    WHERE lat IS NOT NULL AND lon IS NOT NULL;
"#,
];

/// Connects to `url` (`postgres://user@host:port/db`) and brings the schema
/// up to date under an advisory lock; refuses a database a newer sitrep wrote.
pub(crate) fn connect(url: &str) -> Result<Conn, StoreError> {
    let client = postgres::Client::connect(url, postgres::NoTls)
        .map_err(|e| StoreError::Open(format!("{}: {e}", redact(url))))?;
    let mut conn = Conn::pg(client);
    migrate(&mut conn)?;
    Ok(conn)
}

/// `url` without its password, for messages.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let cred = &url[s + 3..at];
            match cred.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &cred[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Applies every migration not yet applied; returns the schema version.
pub(crate) fn migrate(conn: &mut Conn) -> Result<i64, StoreError> {
    let supported = PG_MIGRATIONS.len() as i64;
    let tx = conn.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock(?1)", [MIGRATE_LOCK])?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    BIGINT PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )?;
    let found: i64 = tx
        .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
            r.get::<_, Option<i64>>(0)
        })
        .optional()?
        .flatten()
        .unwrap_or(0);
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    for (i, sql) in PG_MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES (?1)",
            [(i + 1) as i64],
        )?;
    }
    tx.commit()?;
    Ok(supported)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn a_password_never_reaches_a_message() {
        assert_eq!(
            redact("postgres://ana:s3cret@db.example:5432/sitrep"),
            "postgres://ana:***@db.example:5432/sitrep"
        );
        assert_eq!(redact("postgres://ana@h/db"), "postgres://ana@h/db");
    }
}
