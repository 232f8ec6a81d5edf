//! Measures gazetteer load time and memory, then resolves the places of a text.
//!
//! `cargo run --release -p sitrep-geo --example geo_stats -- [FILE...]`
//! (`--lower` before the files: case-insensitive mode; `--candidates`: list them).

use std::io::Write;
use std::time::Instant;

use sitrep_geo::{FindOptions, Gazetteer};

fn rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time of this thread in ns (Linux `/proc/thread-self/schedstat`), so that the
/// load time can be told apart from waiting for a busy machine.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let before = rss_kib().unwrap_or(0);
    let cpu0 = cpu_ns().unwrap_or(0);
    let t = Instant::now();
    let g = Gazetteer::load()?;
    let load = t.elapsed();
    let cpu = cpu_ns().unwrap_or(0).saturating_sub(cpu0);
    let after = rss_kib().unwrap_or(0);
    let (c, r, ci, n) = g.stats();
    eprintln!(
        "load {:.0} ms wall, {:.0} ms CPU; RSS +{} MiB (total {} MiB); countries {c}, regions {r}, cities {ci}, names {n}",
        load.as_secs_f64() * 1000.0,
        cpu as f64 / 1e6,
        after.saturating_sub(before) / 1024,
        after / 1024
    );
    let mut out = std::io::stdout().lock();
    let mut lower = false;
    let mut candidates = false;
    for arg in std::env::args().skip(1) {
        if arg == "--lower" {
            lower = true;
            continue;
        }
        if arg == "--candidates" {
            candidates = true;
            continue;
        }
        let text = std::fs::read_to_string(&arg)?;
        let t = Instant::now();
        let ms = g.find_places_with(
            &text,
            FindOptions {
                case_insensitive: lower,
            },
        );
        let rs = g.resolve(&text, &ms);
        if candidates {
            for m in &ms {
                let cs: Vec<String> = m
                    .candidates
                    .iter()
                    .take(8)
                    .map(|c| {
                        format!(
                            "{:?}:{}/{}/{}{}",
                            c.kind,
                            c.name,
                            c.country_code,
                            c.population,
                            if c.alternate_name { "(alt)" } else { "" }
                        )
                    })
                    .collect();
                writeln!(
                    out,
                    "# {} {}..{}: {}",
                    m.text,
                    m.span.start,
                    m.span.end,
                    cs.join(", ")
                )?;
            }
        }
        eprintln!(
            "{arg}: {} bytes, {} mentions in {:.1} ms",
            text.len(),
            rs.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
        for p in rs {
            writeln!(
                out,
                "{}\t{}..{}\t{:?}{}\t{}\t{}\t{}\t{}",
                p.text,
                p.span.start,
                p.span.end,
                p.kind,
                if p.demonym { " (demonym)" } else { "" },
                p.city.as_deref().unwrap_or("-"),
                p.region.as_deref().unwrap_or("-"),
                p.country_code,
                p.margin
            )?;
        }
    }
    Ok(())
}
