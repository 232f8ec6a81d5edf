//! Where role fillers are lost on dev: for every gold entity of a relevant document, is
//! there a candidate for it at all (tagged or in the gazetteer), which role did the
//! candidate classifier give it, and with what probability?
//!
//!     cargo run --release -p sitrep-accurate --example rolediag -- MODEL_DIR CACHE_DIR [ROLE]

use std::path::Path;

use sitrep_accurate::{cache, AccurateModel, TokenModel};
use sitrep_muc4::{normalize, Gold, Split, ROLES};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mdir), Some(cdir)) = (args.get(1), args.get(2)) else {
        return Err("usage: rolediag MODEL_DIR CACHE_DIR [ROLE]".into());
    };
    let only = args.get(3).cloned();
    let dev = Gold::load(&sitrep_muc4::default_data_dir(), Split::Dev)?;
    let enc_dev = cache::load(&Path::new(cdir).join("enc_dev.bin"))?;
    let m = AccurateModel::load(&sitrep_encoder::default_dir(), Path::new(mdir))?;
    if !matches!(m.tokens, TokenModel::Frozen(_)) {
        return Err("rolediag reads the frozen variant only".into());
    }
    let th = m.muc4.decode.cand_threshold;
    eprintln!("{:?}", m.muc4.decode);
    // per role: gold entities, with a candidate, with the right role, above threshold
    let mut stats = [[0usize; 4]; 5];
    for d in &dev.templates {
        if d.templates.is_empty() {
            continue;
        }
        let enc = enc_dev.get(&d.docid).ok_or("not in cache")?;
        let ev = m.evidence_of_encoded(enc, &d.doctext)?;
        let cands = m.muc4.scored_candidates_with(&d.doctext, Some(&ev));
        for role in ROLES {
            let r = role.index();
            if only.as_deref().is_some_and(|o| o != role.key()) {
                continue;
            }
            for t in &d.templates {
                for e in &t.roles[r] {
                    let norms: Vec<String> = e.iter().map(|m| normalize(&m.text)).collect();
                    stats[r][0] += 1;
                    let hit = cands
                        .iter()
                        .filter(|(c, _, _)| norms.contains(&c.norm))
                        .max_by(|a, b| a.2.total_cmp(&b.2));
                    let line = match hit {
                        None => {
                            // the nearest candidate containing the gold head word
                            let head = norms
                                .first()
                                .and_then(|n| n.rsplit(' ').next())
                                .unwrap_or("")
                                .to_string();
                            let near: Vec<String> = cands
                                .iter()
                                .filter(|(c, _, _)| c.norm.split(' ').any(|w| w == head))
                                .map(|(c, ro, p)| format!("{}:{}:{:.2}", c.norm, ro.key(), p))
                                .collect();
                            format!("MISS   {:?} near {:?}", norms.first(), near)
                        }
                        Some((c, ro, p)) => {
                            stats[r][1] += 1;
                            let right = ro.index() == r;
                            if right {
                                stats[r][2] += 1;
                                if *p >= th[r] {
                                    stats[r][3] += 1;
                                }
                            }
                            format!(
                                "{} {:?} as {} p={:.2} votes={:?} gaz={}",
                                if right && *p >= th[r] {
                                    "KEPT  "
                                } else if right {
                                    "LOW   "
                                } else {
                                    "ROLE  "
                                },
                                c.norm,
                                ro.key(),
                                p,
                                c.votes,
                                c.gaz
                            )
                        }
                    };
                    println!("{} {} {}", d.docid, role.key(), line);
                }
            }
        }
    }
    // Precision-recall of the candidates given each role, over all of dev (relevant or
    // not): candidates at or above each threshold, and how many are gold strings of it.
    let mut curve = [[[0usize; 2]; 10]; 5];
    for d in &dev.templates {
        let enc = enc_dev.get(&d.docid).ok_or("not in cache")?;
        let ev = m.evidence_of_encoded(enc, &d.doctext)?;
        for (c, ro, p) in m.muc4.scored_candidates_with(&d.doctext, Some(&ev)) {
            let r = ro.index();
            let gold = d.templates.iter().any(|t| {
                t.roles[r]
                    .iter()
                    .any(|e| e.iter().any(|m| normalize(&m.text) == c.norm))
            });
            for (k, slot) in curve[r].iter_mut().enumerate() {
                if p >= k as f32 * 0.05 {
                    slot[0] += 1;
                    slot[1] += usize::from(gold);
                }
            }
        }
    }
    // Spans the span head finds that are not candidates: distinct (string, role) per
    // document above each threshold, and how many are gold.
    let cuts = [0.1f32, 0.2, 0.3, 0.5];
    let mut extra_spans = [[[0usize; 2]; 4]; 5];
    for d in &dev.templates {
        let enc = enc_dev.get(&d.docid).ok_or("not in cache")?;
        let ev = m.evidence_of_encoded(enc, &d.doctext)?;
        let cands = m.muc4.scored_candidates_with(&d.doctext, Some(&ev));
        let toks = sitrep_muc4::model::text::tokenize(&d.doctext);
        let mut seen = std::collections::HashSet::new();
        for a in 0..toks.len() {
            for len in 1..=sitrep_muc4::model::MAX_SPAN {
                let Some(p) = ev.span(a, a + len) else {
                    continue;
                };
                let Some(tb) = toks.get(a + len - 1) else {
                    continue;
                };
                let Some(s) = d.doctext.get(toks[a].start..tb.end) else {
                    continue;
                };
                let n = normalize(s);
                if cands.iter().any(|(c, _, _)| c.norm == n) {
                    continue;
                }
                for r in 0..5 {
                    if p[r] < cuts[0] || !seen.insert((n.clone(), r)) {
                        continue;
                    }
                    let gold = d.templates.iter().any(|t| {
                        t.roles[r]
                            .iter()
                            .any(|e| e.iter().any(|m| normalize(&m.text) == n))
                    });
                    for (k, c) in cuts.iter().enumerate() {
                        if p[r] >= *c {
                            extra_spans[r][k][0] += 1;
                            extra_spans[r][k][1] += usize::from(gold);
                        }
                    }
                }
            }
        }
    }
    for role in ROLES {
        let s = extra_spans[role.index()];
        println!(
            "{:8} spans not candidates: {}",
            role.key(),
            cuts.iter()
                .zip(s)
                .map(|(c, x)| format!("{c}:{}/{}", x[1], x[0]))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    for role in ROLES {
        let line: Vec<String> = curve[role.index()]
            .iter()
            .enumerate()
            .map(|(k, s)| format!("{:.2}:{}/{}", k as f32 * 0.05, s[1], s[0]))
            .collect();
        println!("{:8} {}", role.key(), line.join(" "));
    }
    for role in ROLES {
        let s = stats[role.index()];
        println!(
            "{:8} gold {:4}  candidate {:4}  right role {:4}  kept {:4}  (threshold {:.2})",
            role.key(),
            s[0],
            s[1],
            s[2],
            s[3],
            th[role.index()]
        );
    }
    Ok(())
}
