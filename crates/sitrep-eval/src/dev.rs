//! The dev-set table: every development set scored the same way and printed as one
//! table (`sitrep eval dev`).
//!
//! A set is a gold file in the format of `shared/gold/FORMAT.md` scored with
//! [`crate::gold::score`], or WikiEvents, whose KAIROS annotations do not map onto
//! sitrep's record one to one and are scored by a proxy ([`wikievents`]): for the
//! attack events of each document, is the place an argument names one of the places
//! sitrep wrote, and is an attacker it names one of sitrep's perpetrators or groups.

use crate::gold::{norm, ratio, GoldReport};
use serde::Deserialize;
use sitrep_core::DocumentRecord;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// One scored gold set.
#[derive(Debug, Clone)]
pub struct DevSet {
    /// Short name ("realdev-a").
    pub name: String,
    /// Documents scored.
    pub docs: usize,
    /// Gold documents whose text was not found (not scored).
    pub missing_texts: Vec<String>,
    /// The scores.
    pub report: GoldReport,
}

/// The WikiEvents proxy scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WikiEventsScore {
    /// Documents scored.
    pub docs: usize,
    /// Documents with at least one incident written.
    pub docs_with_incident: usize,
    /// Documents whose attack events name a place: (sitrep wrote one of them, all).
    pub place: (usize, usize),
    /// Documents whose attack events name an attacker: (sitrep wrote one, all).
    pub attacker: (usize, usize),
    /// Per document, what was not found, for reading.
    pub errors: Vec<String>,
}

/// A WikiEvents document: only what the proxy reads.
#[derive(Debug, Deserialize)]
struct WeDoc {
    doc_id: String,
    #[serde(default)]
    event_mentions: Vec<WeEvent>,
}

#[derive(Debug, Deserialize)]
struct WeEvent {
    event_type: String,
    #[serde(default)]
    arguments: Vec<WeArg>,
}

#[derive(Debug, Deserialize)]
struct WeArg {
    role: String,
    text: String,
}

/// Words that say nothing about which place or attacker is meant.
const GENERIC: &[&str] = &[
    "the", "a", "an", "of", "city", "town", "village", "province", "area", "region", "country",
    "he", "she", "they", "it", "who", "which", "that", "him", "them",
];

fn content_words(s: &str) -> BTreeSet<String> {
    norm(s)
        .split(' ')
        .filter(|w| !w.is_empty() && !GENERIC.contains(w))
        .map(str::to_string)
        .collect()
}

/// True when a gold argument string and a predicted name share a content word.
fn overlaps(gold: &str, pred: &str) -> bool {
    let g = content_words(gold);
    !g.is_empty() && content_words(pred).iter().any(|w| g.contains(w))
}

/// Scores records against WikiEvents JSON Lines (`text` holds one or more files' lines).
pub fn wikievents(text: &str, pred: &[DocumentRecord]) -> Result<WikiEventsScore, String> {
    let mut s = WikiEventsScore::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let d: WeDoc =
            serde_json::from_str(line).map_err(|e| format!("wikievents line {}: {e}", n + 1))?;
        s.docs += 1;
        let Some(p) = pred.iter().find(|p| p.doc_id == d.doc_id) else {
            s.errors.push(format!("{}: no record", d.doc_id));
            continue;
        };
        if !p.incidents.is_empty() {
            s.docs_with_incident += 1;
        }
        let attack_args = |role: &str| -> Vec<&str> {
            d.event_mentions
                .iter()
                .filter(|e| e.event_type.starts_with("Conflict.Attack"))
                .flat_map(|e| e.arguments.iter())
                .filter(|a| a.role == role)
                .map(|a| a.text.as_str())
                .collect()
        };
        let places = attack_args("Place");
        if !places.is_empty() {
            s.place.1 += 1;
            let names: Vec<&str> = p
                .incidents
                .iter()
                .filter_map(|i| i.location.as_ref())
                .flat_map(|l| [l.city.as_deref(), l.region.as_deref(), l.country.as_deref()])
                .flatten()
                .collect();
            if places.iter().any(|g| names.iter().any(|n| overlaps(g, n))) {
                s.place.0 += 1;
            } else {
                s.errors.push(format!(
                    "{}: attack place {:?} not written",
                    d.doc_id, places
                ));
            }
        }
        let attackers = attack_args("Attacker");
        if !attackers.is_empty() {
            s.attacker.1 += 1;
            let names: Vec<&str> = p
                .incidents
                .iter()
                .flat_map(|i| {
                    i.perpetrators
                        .iter()
                        .map(|x| x.name.as_str())
                        .chain(i.groups.iter().map(|g| g.name.as_str()))
                })
                .collect();
            if attackers
                .iter()
                .any(|g| names.iter().any(|n| overlaps(g, n)))
            {
                s.attacker.0 += 1;
            } else {
                s.errors.push(format!(
                    "{}: attacker {:?} not written",
                    d.doc_id, attackers
                ));
            }
        }
    }
    Ok(s)
}

fn pct(x: f64) -> String {
    format!("{:.1}", 100.0 * x)
}

fn f3(x: f64) -> String {
    format!("{x:.2}")
}

/// The summary table: one row per gold set.
pub fn summary_table(sets: &[DevSet]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| set | docs | strict fields % | aligned fields % | incidents P / R / F1 | primary found | invented primary | no-incident docs given one (incidents) | published | statements P / R / F1 |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
    for s in sets {
        let r = &s.report;
        let (ip, ir, i_f) = r.incident_prf();
        let (sp, sr, sf) = r.statement_prf();
        let (c, n) = r.field_totals();
        let _ = writeln!(
            out,
            "| {} | {}{} | {} ({}/{}) | {} | {} / {} / {} | {}/{} | {}/{} | {}/{} ({}) | {}/{} | {} / {} / {} |",
            s.name,
            s.docs,
            if s.missing_texts.is_empty() {
                String::new()
            } else {
                format!(" ({} missing)", s.missing_texts.len())
            },
            pct(r.strict_accuracy()),
            c,
            n + r.unaligned_fields,
            pct(r.field_accuracy()),
            f3(ip),
            f3(ir),
            f3(i_f),
            r.primary.0,
            r.primary.1,
            r.invented.0,
            r.invented.1,
            r.invented_any.0,
            r.invented_any.1,
            r.invented_any.2,
            r.published.0,
            r.published.1,
            f3(sp),
            f3(sr),
            f3(sf),
        );
    }
    out
}

/// Per-field accuracy on aligned incidents: one row per field, one column per set.
pub fn field_table(sets: &[DevSet]) -> String {
    let mut fields: BTreeSet<&str> = BTreeSet::new();
    for s in sets {
        fields.extend(s.report.fields.keys().copied());
    }
    let mut out = String::new();
    let _ = write!(out, "| field |");
    for s in sets {
        let _ = write!(out, " {} |", s.name);
    }
    let _ = writeln!(out);
    let _ = write!(out, "|---|");
    for _ in sets {
        let _ = write!(out, "---|");
    }
    let _ = writeln!(out);
    for f in fields {
        let _ = write!(out, "| {f} |");
        for s in sets {
            match s.report.fields.get(f) {
                Some(&(c, n)) => {
                    let _ = write!(out, " {} ({c}/{n}) |", pct(ratio(c, n)));
                }
                None => {
                    let _ = write!(out, " – |");
                }
            }
        }
        let _ = writeln!(out);
    }
    out
}

/// The WikiEvents row.
pub fn wikievents_line(w: &WikiEventsScore) -> String {
    format!(
        "WikiEvents (proxy, {} docs): with an incident {}/{}; attack place written {}/{} ({}%); attacker written {}/{} ({}%)",
        w.docs,
        w.docs_with_incident,
        w.docs,
        w.place.0,
        w.place.1,
        pct(ratio(w.place.0, w.place.1)),
        w.attacker.0,
        w.attacker.1,
        pct(ratio(w.attacker.0, w.attacker.1)),
    )
}

/// One set as a JSON object.
pub fn set_json(s: &DevSet) -> serde_json::Value {
    let r = &s.report;
    let (ip, ir, i_f) = r.incident_prf();
    let (sp, sr, sf) = r.statement_prf();
    let fields: serde_json::Map<String, serde_json::Value> = r
        .fields
        .iter()
        .map(|(k, (c, n))| ((*k).to_string(), serde_json::json!([c, n])))
        .collect();
    serde_json::json!({
        "set": s.name,
        "docs": s.docs,
        "missing_texts": s.missing_texts,
        "strict_accuracy": r.strict_accuracy(),
        "field_accuracy": r.field_accuracy(),
        "fields": fields,
        "incidents": {"p": ip, "r": ir, "f1": i_f, "matched": r.matched, "predicted": r.predicted, "gold": r.gold},
        "primary": {"found": r.primary.0, "of": r.primary.1},
        "invented_primary": {"count": r.invented.0, "of": r.invented.1},
        "invented_any": {"docs": r.invented_any.0, "of": r.invented_any.1, "incidents": r.invented_any.2},
        "published": {"correct": r.published.0, "of": r.published.1},
        "statements": {"p": sp, "r": sr, "f1": sf},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WE: &str = r#"{"doc_id":"d1","event_mentions":[{"event_type":"Conflict.Attack.DetonateExplode","arguments":[{"role":"Place","text":"Kabul"},{"role":"Attacker","text":"the Taliban"}]},{"event_type":"Life.Die.Unspecified","arguments":[{"role":"Place","text":"Herat"}]}]}"#;

    fn rec(city: &str, group: &str) -> DocumentRecord {
        serde_json::from_str(&format!(
            r#"{{"doc_id":"d1","source":"d1","title":null,"published":null,"incidents":[{{"id":"x","primary":true,"date":null,"location":{{"city":"{city}","region":null,"country":null,"country_code":"AF","lat":null,"lon":null,"evidence":[]}},"attack_types":[],"weapon_types":[],"target_types":[],"killed":null,"injured":null,"perpetrators_killed":null,"perpetrators":[],"groups":[{{"name":"{group}","relation":"suspected","evidence":[]}}],"claimed":null,"confidence":0.5}}],"statements":[],"error":null}}"#
        ))
        .unwrap()
    }

    #[test]
    fn wikievents_proxy_reads_attack_places_and_attackers_only() {
        let s = wikievents(WE, &[rec("Kabul", "Taliban")]).unwrap();
        assert_eq!(
            (s.place, s.attacker, s.docs_with_incident),
            ((1, 1), (1, 1), 1)
        );
        // Herat is the place of a death, not of the attack.
        let s = wikievents(WE, &[rec("Herat", "Haqqani Network")]).unwrap();
        assert_eq!((s.place, s.attacker), ((0, 1), (0, 1)));
    }

    #[test]
    fn tables_have_a_row_per_set_and_field() {
        let mut r = GoldReport::default();
        r.fields.insert("city", (3, 4));
        r.unaligned_fields = 2;
        let s = DevSet {
            name: "x".into(),
            docs: 2,
            missing_texts: vec!["b.txt".into()],
            report: r,
        };
        let t = summary_table(std::slice::from_ref(&s));
        assert!(
            t.contains("| x | 2 (1 missing) | 50.0 (3/6) | 75.0 |"),
            "{t}"
        );
        assert!(field_table(&[s]).contains("| city | 75.0 (3/4) |"));
    }
}
