//! Place recall on MUC-4 TST4 (mixed-case text, answer keys' INCIDENT: LOCATION).
//!
//! `cargo run --release -p sitrep-geo --example muc4_locations [-- --lower]`
//!
//! For every template with a location ("EL SALVADOR: SAN SALVADOR (CITY)") it
//! checks whether the document's resolved places include the gold country and
//! the gold place (same name, same country). This measures the gazetteer and
//! resolver, not incident-location extraction: a hit means the right place is
//! among the document's places. Reads `../shared` at run time.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use sitrep_geo::{FindOptions, Gazetteer, PlaceKind};

/// `shared/` next to the repository (CI), or one level further up (a worktree).
fn shared_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SITREP_SHARED") {
        return Some(PathBuf::from(p));
    }
    let m = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["../../../shared", "../../../../shared"]
        .iter()
        .map(|r| m.join(r))
        .find(|p| p.is_dir())
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'Á' => 'A',
            'é' | 'É' | 'è' => 'E',
            'í' | 'Í' => 'I',
            'ó' | 'Ó' => 'O',
            'ú' | 'ü' | 'Ú' | 'Ü' => 'U',
            'ñ' | 'Ñ' => 'N',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let lower = std::env::args().any(|a| a == "--lower");
    let dir = shared_dir()
        .ok_or("shared/ not found (set SITREP_SHARED)")?
        .join("data/muc4/raw_muc34/TASK/CORPORA/tst4");
    let texts = std::fs::read_to_string(dir.join("tst4-muc4.mixed-case"))?;
    let keys = std::fs::read_to_string(dir.join("key-tst4.v2"))?;

    // Documents: "TST4-MUC4-0001" on a line of its own starts one.
    let mut docs: HashMap<String, String> = HashMap::new();
    let mut cur: Option<(String, String)> = None;
    for line in texts.lines() {
        let t = line.trim();
        if t.starts_with("TST4-MUC4-") && !t.contains(' ') {
            if let Some((id, body)) = cur.take() {
                docs.insert(id, body);
            }
            cur = Some((t.to_string(), String::new()));
        } else if let Some((_, body)) = cur.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((id, body)) = cur {
        docs.insert(id, body);
    }

    // Gold locations.
    let mut gold: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut id = String::new();
    for line in keys.lines() {
        if let Some(rest) = line.split("MESSAGE: ID").nth(1) {
            id = rest.trim().to_string();
        } else if let Some(rest) = line.split("INCIDENT: LOCATION").nth(1) {
            let v = rest.trim();
            if v == "*" || v == "-" || v.is_empty() {
                continue;
            }
            // "(PERU: LIMA (CITY)) / (PERU)": the first alternative;
            // "COLOMBIA: CORDOBA (DEPARTMENT): CANALETES (MUNICIPALITY)": every level.
            let v = v.split(" / ").next().unwrap_or(v).trim_start_matches('(');
            let mut parts = v.split(':');
            let country = parts
                .next()
                .unwrap_or("")
                .split('(')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            let places: Vec<String> = parts
                .flat_map(|p| p.split(" - ").map(str::to_string).collect::<Vec<_>>())
                .map(|p| {
                    p.trim()
                        .trim_start_matches('(')
                        .split('(')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string()
                })
                .filter(|p| !p.is_empty())
                .collect();
            gold.push((id.clone(), country, places));
        }
    }

    let g = Gazetteer::global();
    let opts = FindOptions {
        case_insensitive: lower,
    };
    let (mut n, mut country_hits, mut n_place, mut place_hits) = (0, 0, 0, 0);
    let mut mentions_total = 0;
    let mut missed: Vec<String> = Vec::new();
    for (doc, country, place) in &gold {
        let Some(text) = docs.get(doc) else { continue };
        let text = if lower {
            text.to_lowercase()
        } else {
            text.clone()
        };
        let ms = g.find_places_with(&text, opts);
        let rs = g.resolve(&text, &ms);
        mentions_total += rs.len();
        let Some(cc) = g.country_by_name_or_alias(country).map(|c| c.code.clone()) else {
            eprintln!("{doc}: unknown gold country {country}");
            continue;
        };
        n += 1;
        if rs.iter().any(|r| !r.demonym && r.country_code == cc) {
            country_hits += 1;
        } else {
            missed.push(format!("{doc}: country {country}"));
        }
        if !place.is_empty() {
            n_place += 1;
            let hit = rs.iter().any(|r| {
                r.country_code == cc
                    && r.kind != PlaceKind::Country
                    && place.iter().any(|p| {
                        fold(&r.text) == fold(p)
                            || r.city.as_deref().is_some_and(|c| fold(c) == fold(p))
                            || (r.kind == PlaceKind::Region
                                && r.region.as_deref().is_some_and(|c| fold(c) == fold(p)))
                    })
            });
            if hit {
                place_hits += 1;
            } else {
                let found: Vec<String> = rs
                    .iter()
                    .filter(|r| !r.demonym && r.kind != PlaceKind::Country)
                    .map(|r| {
                        format!(
                            "{}={}/{}",
                            r.text,
                            r.city.as_deref().or(r.region.as_deref()).unwrap_or("-"),
                            r.country_code
                        )
                    })
                    .collect();
                missed.push(format!(
                    "{doc}: {country}: {} | resolved: {}",
                    place.join(" > "),
                    found.join(", ")
                ));
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "mode={} templates={n} country_recall={country_hits}/{n} ({:.1}%) place_recall={place_hits}/{n_place} ({:.1}%) resolved_mentions={mentions_total}",
        if lower { "case-insensitive(lowercased)" } else { "case-sensitive(mixed-case)" },
        pct(country_hits, n),
        pct(place_hits, n_place)
    )?;
    for m in missed.iter().take(40) {
        writeln!(out, "missed  {m}")?;
    }
    Ok(())
}
