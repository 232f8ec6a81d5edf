//! Merging the reports of one incident into one set of values by GTD's rules,
//! and laying analyst edits over the result.
//!
//! For every field the candidates are the values given by the incident's
//! primary reports. A count whose evidence lies inside a perpetrator's claim
//! of responsibility is shown but never decides; background mentions are
//! shown but do not vote. Among the remaining values:
//!
//! 1. **Most recent credible report**: when at least two credible reports
//!    (confidence ≥ [`CREDIBLE`]) carry publication dates, the value of the
//!    latest one wins, if the reports of that latest date agree.
//! 2. **Majority**: else the value most reports give, if one leads.
//! 3. Else the value of the most confident, then the first-stored report.
//!
//! Counts follow GTD's own count rule instead: the figure of the **most
//! recent, most reliable** report (the latest publication among the credible
//! reports, then the most confident, then the last stored), never simply the
//! lowest; a count within another's range ("11" and "9+") refines it. Every
//! source's figure stays in the field view.
//!
//! Perpetrators and groups are the union over all reports; a group keeps every
//! relation the reports give it (claimed and pledged are two entries).

use crate::types::{
    CountValue, EditRecord, FieldView, GroupValue, MergeRule, MergedIncident, SourceValue,
};
use serde_json::{json, Value};
use sitrep_core::{Evidence, Incident, PartialDate};
use std::collections::BTreeMap;

/// Confidence from which a report counts as credible for the recency rule.
pub const CREDIBLE: f32 = 0.5;

/// One report of an incident as the merger sees it.
#[derive(Debug, Clone)]
pub struct SourceReport {
    /// Stored report id.
    pub report_id: i64,
    /// Stored document id (also the storing order).
    pub document_id: i64,
    /// The document's own identifier.
    pub doc_id: String,
    /// Title of the document.
    pub title: Option<String>,
    /// Publication date of the document.
    pub published: Option<PartialDate>,
    /// False for a background mention.
    pub primary: bool,
    /// The extracted incident.
    pub incident: Incident,
    /// The killed count's evidence lies inside a perpetrator's claim.
    pub killed_from_claim: bool,
    /// The injured count's evidence lies inside a perpetrator's claim.
    pub injured_from_claim: bool,
}

/// Fields the merger produces, in display order.
pub const FIELDS: &[&str] = &[
    "date",
    "location",
    "attack_types",
    "weapon_types",
    "target_types",
    "killed",
    "injured",
    "perpetrators_killed",
    "perpetrators",
    "groups",
    "claimed",
    "summary",
];

fn count_json(c: &sitrep_core::Count) -> Value {
    json!({"min": c.min, "max": c.max})
}

/// The value and evidence one incident gives for `field`, if any.
fn field_of(inc: &Incident, title: Option<&str>, field: &str) -> Option<(Value, Vec<Evidence>)> {
    match field {
        "date" => inc
            .date
            .as_ref()
            .map(|d| (json!(d.value.to_string()), d.evidence.clone())),
        "location" => inc.location.as_ref().map(|l| {
            (
                json!({"city": l.city, "region": l.region, "country": l.country,
                       "country_code": l.country_code, "lat": l.lat, "lon": l.lon}),
                l.evidence.clone(),
            )
        }),
        "attack_types" => list_field(
            inc.attack_types
                .iter()
                .map(|a| (a.value.as_str(), &a.evidence)),
        ),
        "weapon_types" => list_field(
            inc.weapon_types
                .iter()
                .map(|a| (a.value.as_str(), &a.evidence)),
        ),
        "target_types" => list_field(
            inc.target_types
                .iter()
                .map(|a| (a.value.as_str(), &a.evidence)),
        ),
        "killed" => inc
            .killed
            .as_ref()
            .map(|c| (count_json(c), c.evidence.clone())),
        "injured" => inc
            .injured
            .as_ref()
            .map(|c| (count_json(c), c.evidence.clone())),
        "perpetrators_killed" => inc
            .perpetrators_killed
            .as_ref()
            .map(|p| (json!(p.value), p.evidence.clone())),
        "perpetrators" => (!inc.perpetrators.is_empty()).then(|| {
            (
                json!(inc.perpetrators.iter().map(|p| &p.name).collect::<Vec<_>>()),
                inc.perpetrators
                    .iter()
                    .flat_map(|p| p.evidence.clone())
                    .collect(),
            )
        }),
        "groups" => (!inc.groups.is_empty()).then(|| {
            (
                json!(inc
                    .groups
                    .iter()
                    .map(|g| json!({"name": g.name, "relation": g.relation}))
                    .collect::<Vec<_>>()),
                inc.groups.iter().flat_map(|g| g.evidence.clone()).collect(),
            )
        }),
        "claimed" => inc.claimed.as_ref().map(|c| {
            (
                json!({"value": c.value, "modes": c.modes}),
                c.evidence.clone(),
            )
        }),
        "summary" => title.map(|t| (json!(t), Vec::new())),
        _ => None,
    }
}

fn list_field<'a>(
    items: impl Iterator<Item = (&'a str, &'a Vec<Evidence>)>,
) -> Option<(Value, Vec<Evidence>)> {
    let mut names: Vec<&str> = Vec::new();
    let mut ev = Vec::new();
    for (n, e) in items {
        if !names.contains(&n) {
            names.push(n);
        }
        ev.extend(e.iter().cloned());
    }
    names.sort_unstable();
    (!names.is_empty()).then(|| (json!(names), ev))
}

/// Comparison key: values equal under this key agree.
fn key(field: &str, v: &Value) -> String {
    match field {
        // Coordinates come from a gazetteer; agreement is about the names.
        "location" => ["city", "region", "country", "country_code"]
            .iter()
            .map(|k| {
                v.get(*k)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_lowercase()
            })
            .collect::<Vec<_>>()
            .join("|"),
        _ => v.to_string().to_lowercase(),
    }
}

/// Orders partial dates by their first day.
fn day_key(d: PartialDate) -> i64 {
    crate::matching::day_range(&d).0
}

struct Cand<'a> {
    key: String,
    value: &'a Value,
    src: &'a SourceReport,
}

/// True when `specific` says everything `general` says and more.
pub fn refines(field: &str, specific: &Value, general: &Value) -> bool {
    match field {
        "date" => {
            let (Some(a), Some(b)) = (
                specific
                    .as_str()
                    .and_then(|s| s.parse::<PartialDate>().ok()),
                general.as_str().and_then(|s| s.parse::<PartialDate>().ok()),
            ) else {
                return false;
            };
            let more_precise =
                (a.month.is_some() && b.month.is_none()) || (a.day.is_some() && b.day.is_none());
            more_precise && a.year == b.year && (b.month.is_none() || a.month == b.month)
        }
        "location" => {
            let get = |v: &Value, k: &str| {
                v.get(k)
                    .and_then(Value::as_str)
                    .map(|s| s.trim().to_lowercase())
                    .filter(|s| !s.is_empty())
            };
            let parts = ["city", "region", "country", "country_code"];
            let mut adds = false;
            for k in parts {
                match (get(specific, k), get(general, k)) {
                    (Some(x), Some(y)) if x != y => return false,
                    (None, Some(_)) => return false,
                    (Some(_), None) => adds = true,
                    _ => {}
                }
            }
            adds
        }
        // "11" says more than "9+"; "3-5" more than "at least 2".
        "killed" | "injured" | "perpetrators_killed" => {
            let bounds = |v: &Value| -> Option<(u64, Option<u64>)> {
                Some((
                    v.get("min")?.as_u64()?,
                    v.get("max").and_then(Value::as_u64),
                ))
            };
            let (Some((smin, smax)), Some((gmin, gmax))) = (bounds(specific), bounds(general))
            else {
                return false;
            };
            let within = smin >= gmin
                && match (smax, gmax) {
                    (_, None) => true,
                    (Some(s), Some(g)) => s <= g,
                    (None, Some(_)) => false,
                };
            within && (smin, smax) != (gmin, gmax)
        }
        // A report that names more attack, weapon or target types than
        // another, including all of the other's, completes it.
        "attack_types" | "weapon_types" | "target_types" => {
            let set = |v: &Value| -> Option<std::collections::BTreeSet<String>> {
                v.as_array().map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
            };
            match (set(specific), set(general)) {
                (Some(a), Some(b)) => a.len() > b.len() && b.is_subset(&a),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Chooses a value among candidates by GTD's rules.
fn decide(field: &str, all: &[Cand<'_>]) -> (Value, MergeRule) {
    // A less precise value that a more precise one refines is not a conflict:
    // "2031-04" and "2031-04-02", or a country alone and a city in it.
    let kept: Vec<Cand> = all
        .iter()
        .filter(|c| !all.iter().any(|o| refines(field, o.value, c.value)))
        .map(|c| Cand {
            key: c.key.clone(),
            value: c.value,
            src: c.src,
        })
        .collect();
    let cands = kept.as_slice();
    let Some(first) = cands.first() else {
        return (Value::Null, MergeRule::NoValue);
    };
    if cands.len() == 1 {
        return (first.value.clone(), MergeRule::Single);
    }
    if cands.iter().all(|c| c.key == first.key) {
        return (first.value.clone(), MergeRule::Agreed);
    }
    // GTD's count rule: the most recent, most reliable report's figure.
    if matches!(field, "killed" | "injured" | "perpetrators_killed") {
        let credible: Vec<&Cand> = cands
            .iter()
            .filter(|c| c.src.incident.confidence >= CREDIBLE)
            .collect();
        let pool: Vec<&Cand> = if credible.is_empty() {
            cands.iter().collect()
        } else {
            credible
        };
        let pick = pool.iter().max_by(|a, b| {
            // Dated after undated, later after earlier, then confidence, then stored later.
            (a.src.published.is_some(), a.src.published.map(day_key))
                .cmp(&(b.src.published.is_some(), b.src.published.map(day_key)))
                .then(
                    a.src
                        .incident
                        .confidence
                        .total_cmp(&b.src.incident.confidence),
                )
                .then(a.src.document_id.cmp(&b.src.document_id))
        });
        if let Some(p) = pick {
            let rule = if p.src.published.is_some() {
                MergeRule::MostRecent
            } else {
                MergeRule::MostReliable
            };
            return (p.value.clone(), rule);
        }
    }
    // 1. Most recent credible report.
    let dated: Vec<&Cand> = cands
        .iter()
        .filter(|c| c.src.incident.confidence >= CREDIBLE && c.src.published.is_some())
        .collect();
    if dated.len() >= 2 {
        if let Some(latest) = dated.iter().filter_map(|c| c.src.published).max() {
            let at_latest: Vec<&&Cand> = dated
                .iter()
                .filter(|c| c.src.published == Some(latest))
                .collect();
            let distinct_dates = dated
                .iter()
                .filter_map(|c| c.src.published)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            if let Some(l0) = at_latest.first() {
                if distinct_dates >= 2 && at_latest.iter().all(|c| c.key == l0.key) {
                    return (l0.value.clone(), MergeRule::MostRecent);
                }
            }
        }
    }
    // 2. Majority.
    let mut tally: BTreeMap<&str, (usize, &Cand)> = BTreeMap::new();
    for c in cands {
        tally.entry(c.key.as_str()).or_insert((0, c)).0 += 1;
    }
    let best = tally.values().map(|(n, _)| *n).max().unwrap_or(0);
    let leaders: Vec<&Cand> = tally
        .values()
        .filter(|(n, _)| *n == best)
        .map(|(_, c)| *c)
        .collect();
    if let [only] = leaders.as_slice() {
        return (only.value.clone(), MergeRule::Majority);
    }
    // 3. The most confident, then the first-stored report.
    let pick = leaders.iter().min_by(|a, b| {
        b.src
            .incident
            .confidence
            .total_cmp(&a.src.incident.confidence)
            .then(a.src.document_id.cmp(&b.src.document_id))
    });
    match pick {
        Some(c) => (c.value.clone(), MergeRule::FirstReported),
        None => (first.value.clone(), MergeRule::FirstReported),
    }
}

/// Union of list values over candidates (perpetrators, groups).
fn union(field: &str, cands: &[Cand<'_>]) -> Value {
    if field == "groups" {
        // Every (name, relation) pair once, in the order first given: a group
        // that claimed the attack and pledged allegiance keeps both.
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for c in cands {
            for g in c.value.as_array().into_iter().flatten() {
                let name = g.get("name").and_then(Value::as_str).unwrap_or("");
                let rel = g.get("relation").cloned().unwrap_or(Value::Null);
                if seen.insert((name.to_lowercase(), rel.to_string())) {
                    out.push(json!({"name": name, "relation": rel}));
                }
            }
        }
        json!(out)
    } else {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for c in cands {
            for n in c.value.as_array().into_iter().flatten() {
                if let Some(s) = n.as_str() {
                    if seen.insert(s.to_lowercase()) {
                        out.push(json!(s));
                    }
                }
            }
        }
        json!(out)
    }
}

/// Which edit fields act on which merged field.
pub fn edit_target(edit_field: &str) -> &str {
    match edit_field {
        "city" | "region" | "country" | "country_code" | "latitude" | "longitude"
        | "specificity" => "location",
        "claim_modes" => "claimed",
        f => f,
    }
}

/// Lays the latest edit of each part over a merged field value.
fn apply_edits(field: &str, mut value: Value, edits: &[&EditRecord]) -> Value {
    for e in edits {
        match (field, e.field.as_str()) {
            ("location", part) => {
                let key = match part {
                    "latitude" => "lat",
                    "longitude" => "lon",
                    p => p,
                };
                if !value.is_object() {
                    value = json!({"city": null, "region": null, "country": null,
                                   "country_code": null, "lat": null, "lon": null});
                }
                if let Some(o) = value.as_object_mut() {
                    o.insert(key.to_string(), e.new_value.clone());
                }
            }
            ("claimed", "claimed") => {
                let modes = value.get("modes").cloned().unwrap_or(json!([]));
                value = match e.new_value.as_bool() {
                    Some(b) => json!({"value": b, "modes": modes}),
                    None => Value::Null,
                };
            }
            ("claimed", "claim_modes") => {
                let v = value.get("value").cloned().unwrap_or(json!(true));
                value = json!({"value": v, "modes": e.new_value.clone()});
            }
            _ => value = e.new_value.clone(),
        }
    }
    value
}

/// Merges reports and edits (oldest first) into field views and the merged incident.
pub fn merge(sources: &[SourceReport], edits: &[EditRecord]) -> (MergedIncident, Vec<FieldView>) {
    let mut views = Vec::new();
    for &field in FIELDS {
        let mut per_source = Vec::new();
        let mut values: Vec<(usize, Value)> = Vec::new();
        for (i, s) in sources.iter().enumerate() {
            let title = if s.primary { s.title.as_deref() } else { None };
            if let Some((v, ev)) = field_of(&s.incident, title, field) {
                let excluded = if !s.primary {
                    Some("background mention".to_string())
                } else if (field == "killed" && s.killed_from_claim)
                    || (field == "injured" && s.injured_from_claim)
                {
                    Some("perpetrator's claim: never decides a count".to_string())
                } else {
                    None
                };
                if excluded.is_none() {
                    values.push((i, v.clone()));
                }
                per_source.push(SourceValue {
                    report_id: s.report_id,
                    document_id: s.document_id,
                    doc_id: s.doc_id.clone(),
                    published: s.published,
                    value: v,
                    evidence: ev,
                    agrees: false,
                    excluded,
                });
            }
        }
        let cands: Vec<Cand> = values
            .iter()
            .filter_map(|(i, v)| {
                sources.get(*i).map(|src| Cand {
                    key: key(field, v),
                    value: v,
                    src,
                })
            })
            .collect();
        let (extracted, extracted_rule) = if field == "summary" {
            // The first-stored report's title; not a contested fact.
            let mut c: Vec<&Cand> = cands.iter().collect();
            c.sort_by_key(|c| c.src.document_id);
            match c.first() {
                Some(c) => (c.value.clone(), MergeRule::FirstReported),
                None => (Value::Null, MergeRule::NoValue),
            }
        } else if matches!(field, "perpetrators" | "groups") && !cands.is_empty() {
            (union(field, &cands), MergeRule::Union)
        } else {
            decide(field, &cands)
        };
        let ext_key = key(field, &extracted);
        for sv in &mut per_source {
            sv.agrees = if matches!(field, "perpetrators" | "groups") {
                sv.excluded.is_none()
            } else {
                !extracted.is_null()
                    && (key(field, &sv.value) == ext_key || refines(field, &extracted, &sv.value))
            };
        }
        let field_edits: Vec<&EditRecord> = edits
            .iter()
            .filter(|e| edit_target(&e.field) == field)
            .collect();
        // A revert drops the edits before it: the field shows what extraction says.
        let since_revert = field_edits
            .iter()
            .rposition(|e| e.kind == crate::types::EditKind::Revert)
            .map_or(0, |i| i + 1);
        let live: Vec<&EditRecord> = field_edits[since_revert..].to_vec();
        let (value, rule) = if live.is_empty() {
            (extracted.clone(), extracted_rule)
        } else {
            (
                apply_edits(field, extracted.clone(), &live),
                MergeRule::Edited,
            )
        };
        views.push(FieldView {
            field: field.to_string(),
            value,
            extracted,
            rule,
            extracted_rule,
            edits: field_edits.into_iter().cloned().collect(),
            sources: per_source,
        });
    }
    (merged_from_views(&views), views)
}

fn get<'a>(views: &'a [FieldView], f: &str) -> &'a Value {
    views
        .iter()
        .find(|v| v.field == f)
        .map(|v| &v.value)
        .unwrap_or(&Value::Null)
}

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

fn enums<T: serde::de::DeserializeOwned>(v: &Value) -> Vec<T> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| serde_json::from_value(x.clone()).ok())
        .collect()
}

fn count(v: &Value) -> Option<CountValue> {
    let min = v.get("min")?.as_u64()?;
    Some(CountValue {
        min: u32::try_from(min).ok()?,
        max: v
            .get("max")
            .and_then(Value::as_u64)
            .and_then(|m| u32::try_from(m).ok()),
    })
}

/// Typed merged incident from field views.
fn merged_from_views(views: &[FieldView]) -> MergedIncident {
    let loc = get(views, "location");
    let claimed = get(views, "claimed");
    MergedIncident {
        date: get(views, "date").as_str().and_then(|d| d.parse().ok()),
        city: s(loc, "city"),
        region: s(loc, "region"),
        country: s(loc, "country"),
        country_code: s(loc, "country_code"),
        lat: loc.get("lat").and_then(Value::as_f64),
        lon: loc.get("lon").and_then(Value::as_f64),
        attack_types: enums(get(views, "attack_types")),
        weapon_types: enums(get(views, "weapon_types")),
        target_types: enums(get(views, "target_types")),
        killed: count(get(views, "killed")),
        injured: count(get(views, "injured")),
        perpetrators_killed: get(views, "perpetrators_killed").as_bool(),
        perpetrators: get(views, "perpetrators")
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        groups: enums::<GroupValue>(get(views, "groups")),
        claimed: claimed.get("value").and_then(Value::as_bool),
        claim_modes: claimed
            .get("modes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        summary: get(views, "summary").as_str().map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::{Count, StatementKind};

    fn ev(t: &str) -> Vec<Evidence> {
        vec![Evidence {
            start: 0,
            end: t.len(),
            text: t.to_string(),
        }]
    }

    fn report(
        id: i64,
        published: Option<&str>,
        killed: Option<u32>,
        confidence: f32,
    ) -> SourceReport {
        let mut inc = Incident::empty(format!("d{id}#1"));
        inc.primary = true;
        inc.confidence = confidence;
        inc.killed = killed.map(|k| Count {
            min: k,
            max: Some(k),
            evidence: ev(&format!("{k} killed")),
        });
        SourceReport {
            report_id: id,
            document_id: id,
            doc_id: format!("d{id}"),
            title: Some(format!("Report {id}")),
            published: published.and_then(|p| p.parse().ok()),
            primary: true,
            incident: inc,
            killed_from_claim: false,
            injured_from_claim: false,
        }
    }

    fn killed_view(views: &[FieldView]) -> &FieldView {
        views.iter().find(|v| v.field == "killed").unwrap()
    }

    #[test]
    fn most_recent_credible_report_wins() {
        let srcs = vec![
            report(1, Some("2031-04-02"), Some(4), 0.9),
            report(2, Some("2031-04-04"), Some(7), 0.9),
            report(3, Some("2031-04-03"), Some(4), 0.9),
        ];
        let (m, views) = merge(&srcs, &[]);
        assert_eq!(
            m.killed,
            Some(CountValue {
                min: 7,
                max: Some(7)
            })
        );
        let kv = killed_view(&views);
        assert_eq!(kv.rule, MergeRule::MostRecent);
        assert_eq!(kv.sources.len(), 3);
        assert_eq!(kv.sources.iter().filter(|s| s.agrees).count(), 1);
    }

    #[test]
    fn an_incredible_latest_report_does_not_decide_recency() {
        let srcs = vec![
            report(1, Some("2031-04-02"), Some(4), 0.9),
            report(2, Some("2031-04-03"), Some(4), 0.9),
            report(3, Some("2031-04-09"), Some(9), 0.2),
        ];
        let (m, _) = merge(&srcs, &[]);
        assert_eq!(m.killed.map(|c| c.min), Some(4));
    }

    #[test]
    fn undated_counts_take_the_most_reliable_then_the_latest_stored_report() {
        let srcs = vec![report(1, None, Some(5), 0.9), report(2, None, Some(3), 0.6)];
        let (m, views) = merge(&srcs, &[]);
        assert_eq!(m.killed.map(|c| c.min), Some(5));
        assert_eq!(killed_view(&views).rule, MergeRule::MostReliable);

        let srcs = vec![report(1, None, Some(3), 0.9), report(2, None, Some(5), 0.9)];
        let (m, views) = merge(&srcs, &[]);
        assert_eq!(m.killed.map(|c| c.min), Some(5), "not the lowest");
        assert_eq!(killed_view(&views).rule, MergeRule::MostReliable);
        // Every source's figure stays visible.
        assert_eq!(killed_view(&views).sources.len(), 2);
    }

    #[test]
    fn a_later_higher_toll_wins_over_an_earlier_open_count() {
        let mut early = report(1, Some("2031-03-18"), Some(9), 0.9);
        if let Some(k) = early.incident.killed.as_mut() {
            k.max = None; // "at least 9"
        }
        let late = report(2, Some("2031-03-19"), Some(11), 0.9);
        for srcs in [vec![early.clone(), late.clone()], vec![late, early]] {
            let (m, _) = merge(&srcs, &[]);
            assert_eq!(m.killed.map(|c| (c.min, c.max)), Some((11, Some(11))));
        }
        assert!(refines(
            "killed",
            &json!({"min": 11, "max": 11}),
            &json!({"min": 9, "max": null})
        ));
        assert!(!refines(
            "killed",
            &json!({"min": 5, "max": 5}),
            &json!({"min": 3, "max": 3})
        ));
    }

    #[test]
    fn a_group_keeps_every_relation_the_reports_give() {
        let mut a = report(1, None, None, 0.9);
        a.incident.groups = vec![sitrep_core::GroupLink {
            name: "Northern Front".into(),
            relation: sitrep_core::GroupRelation::Claimed,
            evidence: ev("claimed"),
        }];
        let mut b = report(2, None, None, 0.9);
        b.incident.groups = vec![sitrep_core::GroupLink {
            name: "Northern Front".into(),
            relation: sitrep_core::GroupRelation::Pledged,
            evidence: ev("pledged"),
        }];
        let (m, _) = merge(&[a, b], &[]);
        let rels: Vec<_> = m.groups.iter().map(|g| g.relation).collect();
        assert_eq!(
            rels,
            vec![
                sitrep_core::GroupRelation::Claimed,
                sitrep_core::GroupRelation::Pledged
            ]
        );
    }

    #[test]
    fn a_perpetrator_claim_never_decides_a_count() {
        let mut claim = report(3, Some("2031-04-09"), Some(40), 0.9);
        claim.killed_from_claim = true;
        let srcs = vec![report(1, Some("2031-04-02"), Some(4), 0.9), claim];
        let (m, views) = merge(&srcs, &[]);
        assert_eq!(m.killed.map(|c| c.min), Some(4));
        let kv = killed_view(&views);
        assert_eq!(kv.rule, MergeRule::Single);
        assert!(kv
            .sources
            .iter()
            .any(|s| s.value["min"] == 40 && s.excluded.is_some()));
        let _ = StatementKind::ClaimOfResponsibility;
    }

    #[test]
    fn a_more_precise_compatible_value_is_not_a_conflict() {
        assert!(refines("date", &json!("2031-04-02"), &json!("2031-04")));
        assert!(refines("date", &json!("2031-04"), &json!("2031")));
        assert!(!refines("date", &json!("2031-05-02"), &json!("2031-04")));
        assert!(!refines("date", &json!("2031-04-02"), &json!("2031-04-02")));
        let city = json!({"city": "Velmora", "country": "Freeland", "country_code": "XF"});
        let country = json!({"city": null, "country": "Freeland", "country_code": "XF"});
        let other = json!({"city": null, "country": "Otherland", "country_code": "XO"});
        assert!(refines("location", &city, &country));
        assert!(!refines("location", &country, &city));
        assert!(!refines("location", &city, &other));

        let mut a = report(1, Some("2031-04-02"), None, 0.9);
        a.incident.date = Some(sitrep_core::Labeled {
            value: "2031-04".parse().unwrap(),
            evidence: vec![],
        });
        let mut b = report(2, Some("2031-04-02"), None, 0.9);
        b.incident.date = Some(sitrep_core::Labeled {
            value: "2031-04-02".parse().unwrap(),
            evidence: vec![],
        });
        let (m, _) = merge(&[a, b], &[]);
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2031-04-02"));

        let both = json!(["armed_assault", "bombing_explosion"]);
        assert!(refines("attack_types", &both, &json!(["armed_assault"])));
        assert!(!refines("attack_types", &json!(["armed_assault"]), &both));
        assert!(!refines(
            "attack_types",
            &json!(["hijacking"]),
            &json!(["armed_assault"])
        ));
    }

    #[test]
    fn edits_override_and_keep_the_extracted_value() {
        let srcs = vec![report(1, None, Some(5), 0.9)];
        let edit = EditRecord {
            id: 1,
            incident_id: 1,
            field: "killed".into(),
            old_value: json!({"min": 5, "max": 5}),
            new_value: json!({"min": 6, "max": 6}),
            by: "ana".into(),
            note: None,
            at: "2031-05-01T00:00:00Z".into(),
            kind: crate::types::EditKind::Set,
        };
        let city = EditRecord {
            field: "city".into(),
            new_value: json!("Velmora"),
            ..edit.clone()
        };
        let (m, views) = merge(&srcs, &[edit.clone(), city]);
        assert_eq!(m.killed.map(|c| c.min), Some(6));
        assert_eq!(m.city.as_deref(), Some("Velmora"));
        let kv = killed_view(&views);
        assert_eq!(kv.rule, MergeRule::Edited);
        assert_eq!(kv.extracted["min"], 5);
        // A revert drops the earlier edits: extraction shows again, and a
        // later edit applies on top.
        let revert = EditRecord {
            id: 3,
            new_value: json!({"min": 5, "max": 5}),
            kind: crate::types::EditKind::Revert,
            ..edit.clone()
        };
        let (m, views) = merge(&srcs, &[edit.clone(), revert.clone()]);
        assert_eq!(m.killed.map(|c| c.min), Some(5));
        assert_eq!(killed_view(&views).rule, MergeRule::Single);
        let again = EditRecord {
            id: 4,
            new_value: json!({"min": 8, "max": 8}),
            ..edit.clone()
        };
        let (m, _) = merge(&srcs, &[edit, revert, again]);
        assert_eq!(m.killed.map(|c| c.min), Some(8));
    }
}
