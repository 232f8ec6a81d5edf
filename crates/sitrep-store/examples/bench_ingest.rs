//! Benchmark: ingest throughput and store size for N generated fictional documents.
//!
//! ```text
//! cargo run --release -p sitrep-store --example bench_ingest -- 100000 [DB_PATH] [BATCH]
//! ```
//!
//! Every 3 consecutive documents report the same fictional attack, so N
//! documents make N/3 incidents. The database goes to a temporary directory
//! unless a path is given (an existing file is refused, to measure a fresh store).

#[path = "../tests/common/mod.rs"]
mod common;

use sitrep_store::{ExportFormat, IncidentFilter, IncidentStore, SqliteStore};
use std::time::Instant;

fn size_of(path: &std::path::Path) -> u64 {
    let mut total = 0;
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        total += std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
    }
    total
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: u64 = args
        .first()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let batch: u64 = args.get(2).map(|a| a.parse()).transpose()?.unwrap_or(1000);
    let tmp = std::env::temp_dir().join(format!("sitrep-bench-{}", std::process::id()));
    let db = match args.get(1) {
        Some(p) => std::path::PathBuf::from(p),
        None => tmp.join("bench.db"),
    };
    if db.exists() {
        return Err(format!("{} exists; give a fresh path", db.display()).into());
    }
    let mut store = SqliteStore::open(&db)?;
    let text_bytes: u64 = (0..n.min(1000))
        .map(|i| common::generated(i, 3).0.text.len() as u64)
        .sum::<u64>()
        * n
        / n.clamp(1, 1000);

    println!("documents: {n}, batch size: {batch}, db: {}", db.display());
    let start = Instant::now();
    let mut lap = Instant::now();
    let mut done = 0u64;
    while done < n {
        let end = (done + batch).min(n);
        let items: Vec<_> = (done..end).map(|i| common::generated(i, 3)).collect();
        store.ingest_batch(&items, "1.0.0")?;
        done = end;
        if done.is_multiple_of((n / 10).max(batch)) || done == n {
            let el = lap.elapsed().as_secs_f64();
            println!(
                "  {done:>8} docs  {:>8.0} docs/s (last interval)  {:>7.1} s total",
                (n / 10).max(batch).min(done) as f64 / el.max(1e-9),
                start.elapsed().as_secs_f64()
            );
            lap = Instant::now();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    store.checkpoint()?;
    let stats = store.stats()?;
    let bytes = size_of(&db);
    println!("ingest: {secs:.1} s, {:.0} docs/s", n as f64 / secs);
    println!("stats: {stats:?}");
    println!(
        "db size: {:.1} MiB ({:.0} bytes/doc; generated text ≈ {:.1} MiB)",
        bytes as f64 / 1048576.0,
        bytes as f64 / n.max(1) as f64,
        text_bytes as f64 / 1048576.0
    );

    // Re-ingesting everything is a no-op; measure how fast the dedup path is.
    let t = Instant::now();
    let mut skipped = 0;
    let mut done = 0u64;
    while done < n {
        let end = (done + batch).min(n);
        let items: Vec<_> = (done..end).map(|i| common::generated(i, 3)).collect();
        skipped += store.ingest_batch(&items, "1.0.0")?.documents_skipped;
        done = end;
    }
    println!(
        "re-ingest (all skipped: {}): {:.1} s",
        skipped == n,
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let p = store.list_incidents(&IncidentFilter {
        city: Some("Velmora".into()),
        ..Default::default()
    })?;
    println!(
        "list city=Velmora: {} of {} in {:.1} ms",
        p.items.len(),
        p.total,
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let p = store.list_incidents(&IncidentFilter {
        text: Some("gunmen market".into()),
        min_killed: Some(10),
        ..Default::default()
    })?;
    println!(
        "list text+killed>=10: {} of {} in {:.1} ms",
        p.items.len(),
        p.total,
        t.elapsed().as_secs_f64() * 1e3
    );
    if let Some(first) = p.items.first() {
        let t = Instant::now();
        let v = store.incident(first.id)?;
        println!(
            "show one incident ({} sources): {:.2} ms",
            v.map(|v| v.sources.len()).unwrap_or(0),
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    let t = Instant::now();
    let mut sink = std::io::sink();
    let rows = store.export(ExportFormat::GtdCsv, &mut sink)?;
    println!(
        "export gtd-csv: {rows} incidents in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    drop(store);
    if args.get(1).is_none() {
        std::fs::remove_dir_all(&tmp)?;
    }
    Ok(())
}
