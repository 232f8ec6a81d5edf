//! Ingests report files (or directories) into a store with the default
//! extractor, for the end-to-end tests and demos of the web UI. `--published`
//! gives the publication date of files that carry none (plain text).
//!
//! ```text
//! cargo run -p sitrep-server --features seed --example seed -- --db /tmp/demo.db --published 2031-09-30 examples/reports
//! ```

use sitrep_ingest::{expand_inputs, read_input, IngestOptions};
use sitrep_store::{IncidentStore, SqliteStore};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut db: Option<PathBuf> = None;
    let mut paths = Vec::new();
    let mut opts = IngestOptions::default();
    while let Some(a) = args.next() {
        if a == "--db" {
            db = args.next().map(PathBuf::from);
        } else if a == "--published" {
            let d = args.next().ok_or("--published needs a date")?;
            opts.published = Some(d.parse().map_err(|e| format!("--published {d}: {e}"))?);
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    let db = db.ok_or("usage: seed --db PATH [--published DATE] FILE_OR_DIR...")?;
    if paths.is_empty() {
        return Err("usage: seed --db PATH [--published DATE] FILE_OR_DIR...".into());
    }
    let ex = sitrep_pipeline::default_extractor();
    let mut items = Vec::new();
    for input in expand_inputs(&paths) {
        let input = input.map_err(|e| format!("{e:?}"))?;
        for doc in read_input(&input, &opts) {
            let doc = doc.map_err(|e| format!("{e:?}"))?;
            let rec = ex.extract(&doc);
            items.push((doc, rec));
        }
    }
    let mut store = SqliteStore::open(&db)?;
    let report = store.ingest_batch(&items, sitrep_pipeline::EXTRACTOR_VERSION)?;
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
