//! Load test of the HTTP API on loopback, bounded in requests and time.
//!
//! ```text
//! # once: a store with 100 000 generated fictional incidents (one report each,
//! # spread over 20 made-up countries)
//! cargo run --release -p sitrep-server --example load -- --generate 100000 --db /tmp/load.db
//! # then: 2 000 requests over 4 connections, at most 120 s
//! cargo run --release -p sitrep-server --example load -- --db /tmp/load.db --requests 2000 --concurrency 4 --seconds 120
//! # the same on PostgreSQL: --db postgres://user@host:port/database
//! ```
//!
//! The server runs in this process on 127.0.0.1 (an ephemeral port); clients
//! are keep-alive HTTP/1.1 connections. Requests cycle through a mix of the
//! UI's calls (table pages with filters, deep paging, free text, one incident,
//! one document, statements, the map layer, the timeline, and the workbench's:
//! facets, alias and multi-select filters, free text with OR/NOT and a prefix,
//! the audit log, the review queue, and the exports' first byte, each export on a
//! connection of its own that is dropped after the first chunk). Prints
//! p50/p90/p99 and max per kind of request and overall; fails if any request
//! is not 200. Generated incidents name a group one time in three (the
//! Islamic State or al-Shabaab), so alias search has something to find, and
//! one in 50 has neither date nor place, so the review queue holds 4 000 items.

#[path = "../../sitrep-store/tests/common/mod.rs"]
mod common;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use sitrep_store::IncidentStore;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

struct Args {
    db: PathBuf,
    generate: Option<u64>,
    requests: u64,
    concurrency: u64,
    seconds: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        db: PathBuf::new(),
        generate: None,
        requests: 2000,
        concurrency: 4,
        seconds: 120,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().ok_or(format!("{k} needs a value"))?;
        let num = || {
            v.parse::<u64>()
                .map_err(|_| format!("{k}: not a number: {v}"))
        };
        match k.as_str() {
            "--db" => a.db = PathBuf::from(&v),
            "--generate" => a.generate = Some(num()?),
            "--requests" => a.requests = num()?.clamp(1, 1_000_000),
            "--concurrency" => a.concurrency = num()?.clamp(1, 64),
            "--seconds" => a.seconds = num()?.clamp(1, 3600),
            _ => return Err(format!("unknown argument {k}")),
        }
    }
    if a.db.as_os_str().is_empty() {
        return Err("--db PATH is required".into());
    }
    Ok(a)
}

fn generate(db: &std::path::Path, n: u64) -> Result<(), Box<dyn std::error::Error>> {
    let spec = db.to_string_lossy().into_owned();
    if !sitrep_store::is_postgres_url(&spec) && db.exists() {
        return Err(format!("{} exists; give a fresh path to generate", db.display()).into());
    }
    let mut store = sitrep_store::open_store(&spec)?;
    let start = Instant::now();
    let mut done = 0;
    while done < n {
        let end = (done + 2000).min(n);
        let items: Vec<_> = (done..end)
            .map(|i| {
                let (d, mut rec) = common::generated_spread(i, 1);
                let group = match i % 3 {
                    1 => Some("Islamic State"),
                    2 if i % 2 == 0 => Some("al-Shabaab"),
                    _ => None,
                };
                // One in 50 has neither date nor place (so it merges with
                // nothing): 4 000 items in the review queue.
                if let (true, Some(inc)) = (i % 50 == 7, rec.incidents.first_mut()) {
                    inc.date = None;
                    inc.location = None;
                }
                if let (Some(g), Some(inc)) = (group, rec.incidents.first_mut()) {
                    inc.groups.push(sitrep_core::GroupLink {
                        name: g.to_string(),
                        relation: sitrep_core::GroupRelation::Suspected,
                        evidence: Vec::new(),
                    });
                }
                (d, rec)
            })
            .collect();
        store.ingest_batch(&items, "1.0.0")?;
        done = end;
        eprintln!(
            "generated {done}/{n} ({:.0} s)",
            start.elapsed().as_secs_f64()
        );
    }
    store.checkpoint()?;
    println!("{:?}", store.stats()?);
    Ok(())
}

/// Request paths: (kind, path). `{inc}` and `{doc}` are replaced by ids.
const MIX: &[(&str, &str)] = &[
    ("table", "/api/incidents"),
    (
        "table_filtered",
        "/api/incidents?country=XF&attack_type=armed_assault&min_killed=10&sort=killed&limit=50",
    ),
    (
        "table_city",
        "/api/incidents?city=Velmora&date_from=2040&date_to=2060",
    ),
    (
        "table_deep_page",
        "/api/incidents?sort=id&offset=90000&limit=50",
    ),
    ("table_text", "/api/incidents?q=gunmen%20Ostrakan&limit=20"),
    ("incident", "/api/incidents/{inc}"),
    ("incident", "/api/incidents/{inc}"),
    ("document", "/api/documents/{doc}"),
    ("statements", "/api/statements"),
    ("map", "/api/map?attack_type=bombing_explosion"),
    (
        "timeline",
        "/api/timeline?by=country&bucket=month&date_from=2030&date_to=2079",
    ),
    (
        "timeline_week",
        "/api/timeline?bucket=week&date_from=2040&date_to=2049",
    ),
    ("facets", "/api/facets"),
    (
        "facets_filtered",
        "/api/facets?country=XF&attack_type=armed_assault&min_killed=10",
    ),
    ("alias", "/api/incidents?group=ISIS&limit=50"),
    (
        "multi_select",
        "/api/incidents?country=XF&country=UK&country=XN&attack_type=armed_assault&attack_type=bombing_explosion",
    ),
    ("text_or_not", "/api/incidents?q=gunmen%20OR%20bomb%20-Ostrakan&limit=20"),
    ("text_prefix", "/api/incidents?q=Ostrak*%20gunm*&limit=20"),
    ("audit_log", "/api/edits"),
    ("review_queue", "/api/review"),
    ("review_queue_kind", "/api/review?kind=no_date&offset=1000"),
    ("export_csv_first_byte", "/api/incidents.csv?country=XF"),
    ("export_jsonl_first_byte", "/api/incidents.jsonl?group=Daesh"),
    ("export_geojson_first_byte", "/api/incidents.geojson"),
];

/// Time to the first chunk of an export's body, on a connection of its own
/// (dropped afterwards: reading 100 000 incidents to the end is not the point).
async fn first_byte(addr: std::net::SocketAddr, path: &str) -> Result<Duration, String> {
    let t = Instant::now();
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let io = hyper_util::rt::TokioIo::new(stream);
    let (mut send, conn) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|e| e.to_string())?;
    let driver = tokio::spawn(conn);
    let req = hyper::Request::get(path)
        .header("host", "127.0.0.1")
        .body(Empty::<Bytes>::new())
        .map_err(|e| e.to_string())?;
    let res = send.send_request(req).await.map_err(|e| e.to_string())?;
    if res.status() != 200 {
        return Err(format!("{path}: HTTP {}", res.status()));
    }
    let mut body = res.into_body();
    let first = body.frame().await;
    let el = t.elapsed();
    match first {
        Some(Ok(_)) => {}
        Some(Err(e)) => return Err(format!("{path}: {e}")),
        None => return Err(format!("{path}: empty body")),
    }
    drop(body);
    driver.abort();
    Ok(el)
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

async fn client(
    addr: std::net::SocketAddr,
    worker: u64,
    next: std::sync::Arc<std::sync::atomic::AtomicU64>,
    total: u64,
    deadline: Instant,
    max_inc: i64,
    max_doc: i64,
) -> Result<Vec<(&'static str, Duration)>, String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let io = hyper_util::rt::TokioIo::new(stream);
    let (mut send, conn) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let mut out = Vec::new();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64 ^ (worker + 1).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    loop {
        let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if n >= total || Instant::now() >= deadline {
            break;
        }
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let (kind, tpl) = MIX[(n % MIX.len() as u64) as usize];
        let path = tpl
            .replace("{inc}", &(1 + (rng % max_inc.max(1) as u64)).to_string())
            .replace(
                "{doc}",
                &(1 + ((rng >> 20) % max_doc.max(1) as u64)).to_string(),
            );
        if kind.starts_with("export_") {
            out.push((kind, first_byte(addr, &path).await?));
            continue;
        }
        let req = hyper::Request::get(&path)
            .header("host", "127.0.0.1")
            .body(Empty::<Bytes>::new())
            .map_err(|e| e.to_string())?;
        let t = Instant::now();
        send.ready().await.map_err(|e| e.to_string())?;
        let res = send.send_request(req).await.map_err(|e| e.to_string())?;
        let status = res.status();
        let body = res.into_body().collect().await.map_err(|e| e.to_string())?;
        let el = t.elapsed();
        if status != 200 {
            return Err(format!(
                "{path}: HTTP {status}: {}",
                String::from_utf8_lossy(&body.to_bytes())
            ));
        }
        out.push((kind, el));
    }
    Ok(out)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let spec = args.db.to_string_lossy().into_owned();
    let pg = sitrep_store::is_postgres_url(&spec);
    // Opening a PostgreSQL store blocks: off the runtime's threads.
    if let Some(n) = args.generate {
        let db = args.db.clone();
        tokio::task::spawn_blocking(move || generate(&db, n).map_err(|e| e.to_string())).await??;
        return Ok(());
    }
    if !pg && !args.db.exists() {
        return Err(format!(
            "{} does not exist (use --generate first)",
            args.db.display()
        )
        .into());
    }
    let (stats, state) = tokio::task::spawn_blocking(move || -> Result<_, String> {
        let stats = sitrep_store::open_store(&spec)
            .and_then(|s| s.stats())
            .map_err(|e| e.to_string())?;
        let state = sitrep_server::AppState::open_spec(&spec).map_err(|e| e.to_string())?;
        Ok((stats, state))
    })
    .await??;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(sitrep_server::serve_on(listener, state));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let next = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..args.concurrency {
        tasks.push(tokio::spawn(client(
            addr,
            w,
            next.clone(),
            args.requests,
            deadline,
            stats.incidents as i64,
            stats.documents as i64,
        )));
    }
    let mut all: Vec<(&'static str, Duration)> = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    let wall = start.elapsed();
    server.abort();
    let mut by: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    for (k, d) in &all {
        by.entry(k).or_default().push(*d);
    }
    println!(
        "store: {} incidents, {} documents; {} requests over {} connections in {:.1} s ({:.0} req/s)",
        stats.incidents,
        stats.documents,
        all.len(),
        args.concurrency,
        wall.as_secs_f64(),
        all.len() as f64 / wall.as_secs_f64()
    );
    println!("| request | n | p50 ms | p90 ms | p99 ms | max ms |");
    println!("| --- | --- | --- | --- | --- | --- |");
    let mut everything: Vec<Duration> = all.iter().map(|(_, d)| *d).collect();
    for (k, v) in by
        .iter_mut()
        .chain(std::iter::once((&"all", &mut everything)))
    {
        v.sort();
        println!(
            "| {k} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            v.len(),
            pct(v, 0.5),
            pct(v, 0.9),
            pct(v, 0.99),
            pct(v, 1.0)
        );
    }
    Ok(())
}
