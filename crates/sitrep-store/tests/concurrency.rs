//! Several writers on one PostgreSQL database end with exactly the incidents
//! one writer makes: no duplicate incident, no lost merge, no lost edit.
//!
//! Four workers, each with its own connection, ingest interleaved documents
//! of one generated corpus (document `i` goes to worker `i % 4`, so the reports
//! of one attack arrive at different workers at the same time) into one
//! database, while analysts' edits made before are kept. One worker ingests
//! the same corpus in order into another schema. Both must hold the same
//! incidents: same count, same merged values, same sources (a fingerprint over
//! every incident). `SITREP_CONCURRENCY_DOCS` sets the corpus size (600 by
//! default; docs/benchmarks.md gives the 20,000-document run).

mod common;

use sha2::{Digest, Sha256};
use sitrep_store::{IncidentFilter, IncidentStore, PgStore, SortOrder, SqlStore};

const WORKERS: u64 = 4;
const PER_INCIDENT: u64 = 3;
const BATCH: usize = 10;
/// Documents stored (by one writer) before the analysts' edits.
const FIRST: u64 = 60;

fn corpus_size() -> u64 {
    std::env::var("SITREP_CONCURRENCY_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600)
}

fn ingest(store: &mut SqlStore, ids: impl Iterator<Item = u64>) {
    let items: Vec<_> = ids.map(|i| common::generated(i, PER_INCIDENT)).collect();
    for chunk in items.chunks(BATCH) {
        store.ingest_batch(chunk, "1.0.0").unwrap();
    }
}

/// Edits made after the first documents: the killed count of the incidents
/// holding documents 0, 3 and 6 (the first three attacks).
fn edit_first_incidents(store: &mut SqlStore) {
    let page = store
        .list_incidents(&IncidentFilter {
            sort: SortOrder::Id,
            limit: 3,
            ..IncidentFilter::default()
        })
        .unwrap();
    for (n, inc) in page.items.iter().enumerate() {
        store
            .edit(inc.id, "killed", &format!("{}", 100 + n), "Ana", None)
            .unwrap();
    }
}

/// Every incident as (sorted source documents, merged values, edits), sorted;
/// and its SHA-256.
fn fingerprint(store: &SqlStore) -> (Vec<String>, String) {
    let page = store
        .list_incidents(&IncidentFilter {
            sort: SortOrder::Id,
            limit: 10_000,
            ..IncidentFilter::default()
        })
        .unwrap();
    let mut all = Vec::new();
    let mut offset = 0;
    let total = page.total;
    while offset < total {
        let page = store
            .list_incidents(&IncidentFilter {
                sort: SortOrder::Id,
                limit: 10_000,
                offset,
                ..IncidentFilter::default()
            })
            .unwrap();
        for s in &page.items {
            let mut v = store.incident(s.id).unwrap().unwrap();
            // The summary is the title of the report stored first (merge rule
            // "first reported"): which one that is depends on arrival order,
            // so it is only checked to be one of the sources' titles.
            let summary = v.merged.summary.take();
            assert!(v.sources.iter().any(|r| r.title == summary), "{summary:?}");
            let mut docs: Vec<&str> = v.sources.iter().map(|r| r.doc_id.as_str()).collect();
            docs.sort_unstable();
            let edits: Vec<String> = v
                .edits
                .iter()
                .map(|e| format!("{}={}", e.field, e.new_value))
                .collect();
            all.push(format!(
                "{} | {} | {}",
                docs.join(","),
                serde_json::to_string(&v.merged).unwrap(),
                edits.join(";")
            ));
        }
        offset += page.items.len().max(1) as u64;
    }
    all.sort();
    let mut h = Sha256::new();
    for line in &all {
        h.update(line.as_bytes());
        h.update(b"\n");
    }
    let hex = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    (all, hex)
}

#[test]
fn four_workers_make_exactly_the_incidents_one_worker_makes() {
    let (Some(one_url), Some(many_url)) = (common::fresh_pg_url(), common::fresh_pg_url()) else {
        return;
    };
    let n = corpus_size();

    // One worker, in order.
    let mut one = PgStore::connect(&one_url).unwrap();
    ingest(&mut one, 0..FIRST);
    edit_first_incidents(&mut one);
    ingest(&mut one, FIRST..n);

    // Four workers at once, each its own connection (as four `sitrep ingest`
    // processes would have), after the same first documents and edits.
    let mut first = PgStore::connect(&many_url).unwrap();
    ingest(&mut first, 0..FIRST);
    edit_first_incidents(&mut first);
    let started = std::time::Instant::now();
    std::thread::scope(|s| {
        for w in 0..WORKERS {
            let url = many_url.to_string();
            s.spawn(move || {
                let mut store = PgStore::connect(&url).unwrap();
                ingest(&mut store, (FIRST..n).filter(|i| i % WORKERS == w));
            });
        }
    });
    eprintln!(
        "{} documents by {WORKERS} workers in {:.1} s",
        n - FIRST,
        started.elapsed().as_secs_f64()
    );
    let many = PgStore::connect(&many_url).unwrap();

    let (s1, sm) = (one.stats().unwrap(), many.stats().unwrap());
    assert_eq!(s1.documents, n);
    assert_eq!(s1.incidents, n.div_ceil(PER_INCIDENT), "{s1:?}");
    assert_eq!(s1, sm, "same counts of everything");
    let (f1, h1) = fingerprint(&one);
    let (fm, hm) = fingerprint(&many);
    assert_eq!(f1.len() as u64, s1.incidents);
    for (a, b) in f1.iter().zip(&fm) {
        assert_eq!(a, b, "the same incident");
    }
    assert_eq!(h1, hm, "same incidents, merged values, sources and edits");
    eprintln!("{} incidents, fingerprint {h1} on both", s1.incidents);
    // The edits survived the concurrent merges into their incidents.
    assert_eq!(f1.iter().filter(|l| l.contains("killed=")).count(), 3);
}

#[test]
fn a_second_connection_reads_while_the_first_writes() {
    let Some(url) = common::fresh_pg_url() else {
        return;
    };
    let mut writer = PgStore::connect(&url).unwrap();
    ingest(&mut writer, 0..3);
    let reader = PgStore::connect(&url).unwrap();
    assert_eq!(reader.stats().unwrap().incidents, 1);
    ingest(&mut writer, 3..6);
    assert_eq!(reader.stats().unwrap().incidents, 2);
}

#[test]
fn several_processes_opening_a_new_database_migrate_it_once() {
    let Some(url) = common::fresh_pg_url() else {
        return;
    };
    std::thread::scope(|s| {
        for _ in 0..4 {
            let url = url.to_string();
            s.spawn(move || {
                let store = PgStore::connect(&url).unwrap();
                assert_eq!(
                    store.schema_version().unwrap(),
                    sitrep_store::PG_MIGRATIONS.len() as i64
                );
            });
        }
    });
}
