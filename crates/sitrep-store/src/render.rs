//! Plain-text rendering of an incident for `sitrep show`: merged values, the
//! rule behind each, and every source's value with its quoted evidence and
//! byte offsets.

use crate::types::{IncidentView, MergeRule, SourceRole};
use serde_json::Value;
use std::fmt::Write;

/// Human-readable value of a field as stored in a [`crate::FieldView`].
pub fn value_text(field: &str, v: &Value) -> String {
    match (field, v) {
        (_, Value::Null) => "—".to_string(),
        ("killed" | "injured", v) => {
            let min = v.get("min").and_then(Value::as_u64);
            match (min, v.get("max").and_then(Value::as_u64)) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}–{b}"),
                (Some(a), None) => format!("at least {a}"),
                _ => v.to_string(),
            }
        }
        ("location", v) => {
            let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
            let mut parts: Vec<String> = [s("city"), s("region"), s("country")]
                .into_iter()
                .flatten()
                .collect();
            if let Some(cc) = s("country_code") {
                parts.push(format!("({cc})"));
            }
            let mut out = parts.join(", ");
            if let (Some(lat), Some(lon)) = (
                v.get("lat").and_then(Value::as_f64),
                v.get("lon").and_then(Value::as_f64),
            ) {
                let _ = write!(out, " [{lat:.4}, {lon:.4}]");
            }
            out
        }
        ("claimed", v) => {
            let yes = v.get("value").and_then(Value::as_bool);
            let modes: Vec<&str> = v
                .get("modes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            match (yes, modes.is_empty()) {
                (Some(true), false) => format!("yes ({})", modes.join(", ")),
                (Some(true), true) => "yes".to_string(),
                (Some(false), _) => "no".to_string(),
                _ => v.to_string(),
            }
        }
        ("groups", Value::Array(items)) => items
            .iter()
            .map(|g| {
                let name = g.get("name").and_then(Value::as_str).unwrap_or("?");
                match g.get("relation").and_then(Value::as_str) {
                    Some(r) => format!("{name} ({r})"),
                    None => name.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        (_, Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| i.to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Bool(b)) => if *b { "yes" } else { "no" }.to_string(),
        (_, v) => v.to_string(),
    }
}

fn rule_text(r: MergeRule) -> &'static str {
    match r {
        MergeRule::NoValue => "no source gives it",
        MergeRule::Single => "one source",
        MergeRule::Agreed => "all sources agree",
        MergeRule::MostRecent => "most recent credible report",
        MergeRule::Majority => "majority of reports",
        MergeRule::Lowest => "lowest count",
        MergeRule::MostReliable => "most reliable report",
        MergeRule::FirstReported => "first report",
        MergeRule::Union => "union of sources",
        MergeRule::Edited => "analyst's edit",
    }
}

/// The whole incident as text.
pub fn render_text(v: &IncidentView) -> String {
    let mut o = String::new();
    let m = &v.merged;
    let place = [m.city.as_deref(), m.country.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        o,
        "Incident {} — {}{}",
        v.id,
        m.date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "date unknown".into()),
        if place.is_empty() {
            String::new()
        } else {
            format!(", {place}")
        }
    );
    if let Some(s) = &m.summary {
        let _ = writeln!(o, "Summary: {s}");
    }
    let reports = v
        .sources
        .iter()
        .filter(|s| s.role == SourceRole::Report)
        .count();
    let _ = writeln!(
        o,
        "Sources: {reports} report(s), {} mention(s)",
        v.sources.len() - reports
    );
    for s in &v.sources {
        let _ = writeln!(
            o,
            "  [doc {}] {} {} {}{} — {} (extractor {}{})",
            s.document_id,
            s.doc_id,
            s.published
                .map(|p| p.to_string())
                .unwrap_or_else(|| "undated".into()),
            if s.role == SourceRole::Mention {
                "(mention) "
            } else {
                ""
            },
            s.title
                .as_deref()
                .map(|t| format!("\"{t}\""))
                .unwrap_or_default(),
            s.source,
            s.extractor_version,
            s.match_score
                .map(|x| format!(", match {x:.2}"))
                .unwrap_or_default(),
        );
    }
    let _ = writeln!(o, "Fields:");
    for f in &v.fields {
        if f.value.is_null() && f.sources.is_empty() && f.edits.is_empty() {
            continue;
        }
        let _ = writeln!(
            o,
            "  {}: {}  ({})",
            f.field,
            value_text(&f.field, &f.value),
            rule_text(f.rule)
        );
        if f.rule == MergeRule::Edited {
            let _ = writeln!(
                o,
                "    extracted: {} ({})",
                value_text(&f.field, &f.extracted),
                rule_text(f.extracted_rule)
            );
        }
        for s in &f.sources {
            let quotes: Vec<String> = s
                .evidence
                .iter()
                .map(|e| format!("\"{}\" @{}..{}", e.text, e.start, e.end))
                .collect();
            let _ = writeln!(
                o,
                "    [doc {}] {}{}{}  {}",
                s.document_id,
                value_text(&f.field, &s.value),
                if s.agrees { " ✓" } else { "" },
                s.excluded
                    .as_deref()
                    .map(|x| format!(" (not counted: {x})"))
                    .unwrap_or_default(),
                quotes.join(" ")
            );
        }
    }
    if !v.edits.is_empty() {
        let _ = writeln!(o, "Edits:");
        for e in &v.edits {
            let _ = writeln!(
                o,
                "  #{} {} by {}: {} {} → {}{}",
                e.id,
                e.at,
                e.by,
                e.field,
                value_text(&e.field, &e.old_value),
                value_text(&e.field, &e.new_value),
                e.note
                    .as_deref()
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default()
            );
        }
    }
    o
}
