//! The watcher's memory: seen URLs, content hashes and validators, across reopening; and
//! each document's language.

use sitrep_core::{Document, DocumentRecord};
use sitrep_store::{IncidentStore, SeenItem, SqliteStore};

#[test]
fn seen_items_survive_reopening_and_are_found_by_hash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.seen("http://a/1").unwrap(), None);
        s.mark_seen(&SeenItem {
            url: "http://a/1".into(),
            kind: "item".into(),
            status: "stored".into(),
            content_hash: Some("abc".into()),
            attempts: 1,
            ..SeenItem::default()
        })
        .unwrap();
        s.mark_seen(&SeenItem {
            url: "http://a/feed".into(),
            kind: "feed".into(),
            status: "ok".into(),
            etag: Some("\"v1\"".into()),
            last_modified: Some("Tue, 01 Oct 2024 10:00:00 GMT".into()),
            attempts: 1,
            ..SeenItem::default()
        })
        .unwrap();
        // a failed item with the same hash is not a stored copy
        s.mark_seen(&SeenItem {
            url: "http://a/2".into(),
            kind: "item".into(),
            status: "failed".into(),
            content_hash: Some("def".into()),
            error: Some("timed out".into()),
            attempts: 1,
            ..SeenItem::default()
        })
        .unwrap();
    }
    let mut s = SqliteStore::open(&path).unwrap();
    let item = s.seen("http://a/1").unwrap().unwrap();
    assert_eq!(item.status, "stored");
    assert!(item.checked_at.is_some());
    assert_eq!(s.seen_with_hash("abc").unwrap().unwrap().url, "http://a/1");
    assert_eq!(s.seen_with_hash("def").unwrap(), None);
    let feed = s.seen("http://a/feed").unwrap().unwrap();
    assert_eq!(feed.etag.as_deref(), Some("\"v1\""));
    // replacing keeps one row
    s.mark_seen(&SeenItem {
        attempts: 2,
        ..s.seen("http://a/2").unwrap().unwrap()
    })
    .unwrap();
    assert_eq!(s.seen("http://a/2").unwrap().unwrap().attempts, 2);
}

#[test]
fn a_documents_language_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut s = SqliteStore::open(&path).unwrap();
    let doc = Document {
        id: "de".into(),
        source: "de.txt".into(),
        title: None,
        published: None,
        text: "Ein Text.".into(),
        language: Some("deu".into()),
    };
    let rec = DocumentRecord::failed("de", "de.txt", "language not supported yet: German (deu)");
    let r = s.ingest_batch(&[(doc, rec)], "1").unwrap();
    assert_eq!(r.documents_new, 1);
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let lang: Option<String> = conn
        .query_row("SELECT language FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lang.as_deref(), Some("deu"));
}
