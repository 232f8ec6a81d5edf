//! A process killed with SIGKILL in the middle of an ingest leaves a sound
//! store holding exactly its committed batches, and a rerun completes it.
//!
//! The test re-executes its own binary in "child mode" (selected by an
//! environment variable): the child ingests many batches into a file store,
//! printing a line after each commit; the parent kills it after a few commits.

mod common;

use sitrep_store::{open_store, IncidentStore, SqlStore, SqliteStore};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const CHILD_ENV: &str = "SITREP_STORE_CRASH_CHILD_DB";
const BATCH: u64 = 20;
const BATCHES: u64 = 60;
const PER_INCIDENT: u64 = 3;

fn batch(b: u64) -> Vec<(sitrep_core::Document, sitrep_core::DocumentRecord)> {
    (b * BATCH..(b + 1) * BATCH)
        .map(|i| common::generated(i, PER_INCIDENT))
        .collect()
}

fn ingest_everything(store: &mut SqlStore, announce: bool) {
    for b in 0..BATCHES {
        store.ingest_batch(&batch(b), "1.0.0").unwrap();
        if announce {
            println!("committed {}", b + 1);
        }
    }
}

/// Child mode: does nothing unless started by `killed_ingest_leaves_a_consistent_store_that_a_rerun_completes`.
#[test]
fn crash_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut store = open_store(&spec).unwrap();
    ingest_everything(&mut store, true);
    // Finished before being killed: make the parent notice.
    println!("finished");
}

#[test]
fn killed_ingest_leaves_a_consistent_store_that_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    killed_ingest(&db.to_string_lossy());
}

#[test]
fn killed_ingest_on_postgres_leaves_a_consistent_store_that_a_rerun_completes() {
    let Some(url) = common::fresh_pg_url() else {
        return;
    };
    killed_ingest(&url);
}

/// Kills a child ingesting into the store `db` (a path or a URL) after five
/// committed batches, then checks what it left and reruns.
fn killed_ingest(db: &str) {
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut committed_seen = 0u64;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        assert_ne!(
            line, "finished",
            "the child finished before it could be killed"
        );
        if let Some(n) = line.strip_prefix("committed ") {
            committed_seen = n.trim().parse().unwrap();
            if committed_seen >= 5 {
                // Child::kill sends SIGKILL on Unix: no destructor, no rollback, no checkpoint.
                child.kill().unwrap();
                break;
            }
        }
    }
    let status = child.wait().unwrap();
    assert!(!status.success(), "the child was killed");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "killed by SIGKILL");
    }
    assert!(committed_seen >= 5);

    // The store is sound and holds whole batches only.
    let mut store = open_store(db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), vec!["ok".to_string()]);
    let st = store.stats().unwrap();
    assert!(
        st.documents >= committed_seen * BATCH,
        "committed batches survive: {st:?}"
    );
    assert_eq!(st.documents % BATCH, 0, "no half batch: {st:?}");
    assert!(st.documents < BATCHES * BATCH, "killed mid-way");
    assert_eq!(
        st.reports, st.documents,
        "every stored document has its report"
    );
    assert_eq!(st.incidents, st.documents.div_ceil(PER_INCIDENT), "{st:?}");
    let orphans: u64 = {
        let page = store
            .list_incidents(&sitrep_store::IncidentFilter {
                limit: 10_000,
                ..Default::default()
            })
            .unwrap();
        page.items.iter().filter(|i| i.reports == 0).count() as u64
    };
    assert_eq!(orphans, 0);

    // A rerun of the whole input skips what is stored and completes the rest.
    ingest_everything(&mut store, false);
    let after = store.stats().unwrap();
    assert_eq!(after.documents, BATCHES * BATCH);

    // Same result as an uninterrupted run.
    let mut clean = SqliteStore::open_in_memory().unwrap();
    ingest_everything(&mut clean, false);
    assert_eq!(after, clean.stats().unwrap());
    assert_eq!(store.integrity_check().unwrap(), vec!["ok".to_string()]);
}
