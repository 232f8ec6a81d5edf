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
    let key = read_templates(&set.key_path(&dir))?;
    let history = History::load(&set.history_path(&dir))?;
    let opts = ScoreOptions::default();
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
        let mine = s.report.row(Row::AllTemplates);
        let theirs = off.all_templates().unwrap_or_default();
        println!(
            "{site:<14} official F {:>6.2} R {:>3} P {:>3} | ours F {:>6.2} R {:>3} P {:>3} | diff {:+.2}  auto {}",
            theirs.f1(),
            theirs.rec().unwrap_or(0),
            theirs.pre().unwrap_or(0),
            mine.f1(),
            mine.rec().unwrap_or(0),
            mine.pre().unwrap_or(0),
            mine.f1() - theirs.f1(),
            s.auto_judged
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
            for (m, rep) in &s.messages {
                let Some(om) = off.messages.get(m) else {
                    println!("  {m}: no official section");
                    continue;
                };
                for slot in std::iter::once(Slot::TemplateId).chain(SCORED_SLOTS) {
                    let a = rep.slot(slot);
                    let b = om.get(slot.name()).copied().unwrap_or_default();
                    if a != b {
                        println!(
                            "  {m} {:<18} off {:>2} {:>2}|{:>2} {:>2} {:>2}|{:>2} {:>2}|{:>2} {:>2} {:>2}   ours {:>2} {:>2}|{:>2} {:>2} {:>2}|{:>2} {:>2}|{:>2} {:>2} {:>2}",
                            slot.name(),
                            b.pos, b.act, b.cor, b.par, b.inc, b.icr, b.ipa, b.spu, b.mis, b.non,
                            a.pos, a.act, a.cor, a.par, a.inc, a.icr, a.ipa, a.spu, a.mis, a.non
                        );
                    }
                }
            }
        }
    }
    Ok(())
}
