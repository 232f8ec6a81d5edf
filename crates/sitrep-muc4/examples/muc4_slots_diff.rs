//! Re-scores the 1992 sites' response files and compares with their official reports:
//! `cargo run --release -p sitrep-muc4 --example muc4_slots_diff -- tst3 [SITE] [--messages]`.
//! Prints each site's official and reproduced ALL TEMPLATES row; with a site, the slots
//! whose totals differ; with `--messages`, every message row that differs.

use sitrep_muc4::slots::*;
use sitrep_muc4::{default_data_dir, Muc4Error};

fn main() -> Result<(), Muc4Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let set: TestSet = args.first().map_or("tst3", String::as_str).parse()?;
    let only = args.get(1).filter(|a| !a.starts_with("--")).cloned();
    let per_message = args.iter().any(|a| a == "--messages");
    let dir = default_data_dir();
    let key = set.read_key(&dir)?;
    let history = set.history(&dir)?;
    let mut opts = ScoreOptions::default();
    match std::env::var("MAPPING").as_deref() {
        Ok("key") => opts.mapping = Mapping::GreedyKey,
        Ok("resp") => opts.mapping = Mapping::GreedyResponse,
        _ => {}
    }
    if std::env::var("STRICT").is_ok() {
        opts.unjudged = Unjudged::Incorrect;
    }
    let mut unpaired = 0;
    for (site, resp, official) in set.sites(&dir) {
        if only
            .as_deref()
            .is_some_and(|o| !o.eq_ignore_ascii_case(site))
        {
            continue;
        }
        let response = read_templates(&resp)?;
        let off = parse_official_report(&std::fs::read_to_string(&official).map_err(|e| {
            Muc4Error::Io {
                path: official.clone(),
                source: e,
            }
        })?)?;
        let s = score_messages(&key, &response, &history, &opts);
        let star = |x: &Option<String>| x.clone().filter(|v| v != "*");
        let mut site_unpaired = 0;
        for p in &s.sections {
            if !off.sections.iter().any(|sec| {
                p.message == sec.message
                    && p.key == star(&sec.key)
                    && p.response == star(&sec.response)
            }) {
                site_unpaired += 1;
            }
        }
        unpaired += site_unpaired;
        let mine = s.report.row(Row::AllTemplates);
        let theirs = off.all_templates().unwrap_or_default();
        println!(
            "{site:<14} official F {:>6.2} R {:>3} P {:>3} | ours F {:>6.2} R {:>3} P {:>3} | diff {:+.2}  auto {} mapping diffs {}",
            theirs.f1(),
            theirs.rec().unwrap_or(0),
            theirs.pre().unwrap_or(0),
            mine.f1(),
            mine.rec().unwrap_or(0),
            mine.pre().unwrap_or(0),
            mine.f1() - theirs.f1(),
            s.auto_judged,
            site_unpaired
        );
        if only.is_none() {
            continue;
        }
        println!("  official {theirs:?}\n  ours     {mine:?}");
        for slot in std::iter::once(Slot::TemplateId).chain(SCORED_SLOTS) {
            let a = s.report.slot(slot);
            let b = off.totals.get(slot.name()).copied().unwrap_or_default();
            if a != b {
                println!(
                    "  {:<20} off {:?}\n  {:<20} our {:?}",
                    slot.name(),
                    b,
                    "",
                    a
                );
            }
        }
        for r in Row::ALL {
            let a = s.report.row(r);
            let b = off.totals.get(r.label()).copied().unwrap_or_default();
            if a != b {
                println!("  {:<20} off {:?}\n  {:<20} our {:?}", r.label(), b, "", a);
            }
        }
        if per_message {
            let fmt = |t: Tally| {
                format!(
                    "{:>2} {:>2}|{:>2} {:>2} {:>2}|{:>2} {:>2}|{:>2} {:>2} {:>2}",
                    t.pos, t.act, t.cor, t.par, t.inc, t.icr, t.ipa, t.spu, t.mis, t.non
                )
            };
            let star = |x: &Option<String>| x.clone().filter(|v| v != "*");
            for sec in &off.sections {
                let mut sec = sec.clone();
                sec.key = star(&sec.key);
                sec.response = star(&sec.response);
                if sec.key.is_none() && sec.response.is_none() {
                    continue;
                }
                let Some(kt) = key.iter().find(|m| m.id == sec.message) else {
                    continue;
                };
                if sec.response.is_none()
                    && kt
                        .templates
                        .iter()
                        .any(|t| Some(&t.id) == sec.key.as_ref() && t.optional)
                {
                    continue;
                }
                let ours = s.sections.iter().find(|p| {
                    p.message == sec.message && p.key == sec.key && p.response == sec.response
                });
                let Some(ours) = ours else {
                    println!(
                        "  {} key {:?} response {:?}: not paired so here",
                        sec.message, sec.key, sec.response
                    );
                    continue;
                };
                for slot in std::iter::once(Slot::TemplateId).chain(SCORED_SLOTS) {
                    let a = ours.slots[slot as usize];
                    let b = sec.rows.get(slot.name()).copied().unwrap_or_default();
                    if a != b && !(a == Tally::default() && b.non == 1 && b.pos + b.act == 0) {
                        println!(
                            "  {} k{} r{} {:<18} off {}   ours {}",
                            sec.message,
                            sec.key.as_deref().unwrap_or("-"),
                            sec.response.as_deref().unwrap_or("-"),
                            slot.name(),
                            fmt(b),
                            fmt(a)
                        );
                    }
                }
            }
            for p in &s.sections {
                if !off.sections.iter().any(|sec| {
                    p.message == sec.message
                        && p.key == star(&sec.key)
                        && p.response == star(&sec.response)
                }) {
                    println!(
                        "  {} key {:?} response {:?}: paired here only",
                        p.message, p.key, p.response
                    );
                }
            }
        }
    }
    println!("mapping differences: {unpaired}");
    Ok(())
}
