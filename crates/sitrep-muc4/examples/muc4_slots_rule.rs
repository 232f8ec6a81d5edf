//! How the automatic rule for unjudged fills agrees with the human judgments of the
//! history files: `cargo run --release -p sitrep-muc4 --example muc4_slots_rule -- tst3`.
//! For every decision on a value without a tag (strings, dates, locations, numbers), the
//! rule judges the response value against the key template's fillers of that slot.

use sitrep_muc4::slots::history::Judgment;
use sitrep_muc4::slots::*;
use sitrep_muc4::{default_data_dir, Muc4Error};
use std::collections::BTreeMap;

fn main() -> Result<(), Muc4Error> {
    let set: TestSet = std::env::args()
        .nth(1)
        .as_deref()
        .unwrap_or("tst3")
        .parse()?;
    let verbose = std::env::args().any(|a| a == "-v");
    let dir = default_data_dir();
    let key = set.read_key(&dir)?;
    let history = set.history(&dir)?;
    // (slot kind, human, rule) → count
    let mut table: BTreeMap<(String, String, String), u32> = BTreeMap::new();
    for ((msg, tid, slot, head, tag), d) in history.decisions() {
        if tag.is_some() || slot.kind() == SlotKind::Set {
            continue;
        }
        let Some(t) = key
            .iter()
            .find(|m| &m.id == msg)
            .and_then(|m| m.templates.iter().find(|t| &t.id == tid))
        else {
            continue;
        };
        let best = t
            .get(*slot)
            .fillers()
            .iter()
            .flat_map(|f| f.heads.iter())
            .map(|h| auto_judge(slot.kind(), head, h))
            .max_by_key(|m| *m as u8)
            .unwrap_or(Mark::Inc);
        let human = match d.judgment {
            Judgment::Match => Mark::Cor,
            Judgment::Partial => Mark::Par,
            Judgment::Fail => Mark::Inc,
        };
        if verbose && human != best {
            println!(
                "{msg} {tid} {} {head:?}: human {human:?} rule {best:?}",
                slot.name()
            );
        }
        *table
            .entry((
                format!("{:?}", slot.kind()),
                format!("{human:?}"),
                format!("{best:?}"),
            ))
            .or_default() += 1;
    }
    println!("kind      human rule   count");
    for ((k, h, r), n) in &table {
        println!("{k:<9} {h:<5} {r:<5} {n:>6}");
    }
    Ok(())
}
