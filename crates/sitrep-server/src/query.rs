//! Query-string parsing with clear 400 messages.
//!
//! Empty values count as absent (HTML forms send them). Unknown parameter
//! names are refused, so a typo never silently widens a search.

use crate::ApiError;
use serde::de::DeserializeOwned;
use sitrep_core::PartialDate;
use sitrep_store::{IncidentFilter, SortOrder, StatementFilter};

/// Largest page the API returns.
pub const MAX_LIMIT: u64 = 1000;
/// Largest offset accepted (deep paging past this is a client bug).
pub const MAX_OFFSET: u64 = 10_000_000;

/// Query parameters of `GET /api/incidents` (and the map and timeline).
pub const INCIDENT_PARAMS: &[&str] = &[
    "date_from",
    "date_to",
    "country",
    "city",
    "group",
    "attack_type",
    "weapon_type",
    "target_type",
    "min_killed",
    "claimed",
    "q",
    "sort",
    "offset",
    "limit",
];

/// Query parameters of `GET /api/statements`.
pub const STATEMENT_PARAMS: &[&str] = &[
    "kind",
    "speaker",
    "affiliation",
    "document_id",
    "incident_id",
    "offset",
    "limit",
];

fn bad(name: &str, value: &str, expected: &str) -> ApiError {
    let shown: String = value.chars().take(80).collect();
    ApiError::BadRequest(format!(
        "invalid value {shown:?} for parameter {name}: expected {expected}"
    ))
}

fn number<T: std::str::FromStr>(name: &str, v: &str, expected: &str) -> Result<T, ApiError> {
    v.trim().parse().map_err(|_| bad(name, v, expected))
}

fn category<T: DeserializeOwned>(name: &str, v: &str, all: &[&str]) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(v.trim().to_string()))
        .map_err(|_| bad(name, v, &format!("one of {}", all.join(", "))))
}

fn date(name: &str, v: &str) -> Result<PartialDate, ApiError> {
    v.trim()
        .parse()
        .map_err(|_| bad(name, v, "a date YYYY, YYYY-MM or YYYY-MM-DD"))
}

fn boolean(name: &str, v: &str) -> Result<bool, ApiError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(bad(name, v, "true or false")),
    }
}

pub fn paging(name: &str, v: &str) -> Result<u64, ApiError> {
    match name {
        "limit" => {
            let n: u64 = number(name, v, &format!("an integer from 1 to {MAX_LIMIT}"))?;
            if n == 0 || n > MAX_LIMIT {
                return Err(bad(name, v, &format!("an integer from 1 to {MAX_LIMIT}")));
            }
            Ok(n)
        }
        _ => {
            let n: u64 = number(name, v, "a non-negative integer")?;
            if n > MAX_OFFSET {
                return Err(bad(name, v, &format!("an integer up to {MAX_OFFSET}")));
            }
            Ok(n)
        }
    }
}

fn unknown(name: &str, known: &[&str]) -> ApiError {
    let shown: String = name.chars().take(40).collect();
    ApiError::BadRequest(format!(
        "unknown parameter {shown:?}; expected one of {}",
        known.join(", ")
    ))
}

fn text(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn names<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|x| f(*x)).collect()
}

/// Parses the incident filter parameters; `extra` names further parameters
/// the caller handles itself (they are skipped here).
pub fn incident_filter(
    pairs: &[(String, String)],
    extra: &[&str],
) -> Result<IncidentFilter, ApiError> {
    use sitrep_core::{AttackType, TargetType, WeaponType};
    let mut f = IncidentFilter::default();
    for (k, v) in pairs {
        if v.trim().is_empty() || extra.contains(&k.as_str()) {
            if !INCIDENT_PARAMS.contains(&k.as_str()) && !extra.contains(&k.as_str()) {
                let mut known = INCIDENT_PARAMS.to_vec();
                known.extend_from_slice(extra);
                return Err(unknown(k, &known));
            }
            continue;
        }
        match k.as_str() {
            "date_from" => f.date_from = Some(date(k, v)?),
            "date_to" => f.date_to = Some(date(k, v)?),
            // Repeated parameters are a multi-select: any of the values.
            "country" => f.countries.extend(text(v)),
            "city" => f.city = text(v),
            "group" => f.groups.extend(text(v)),
            "attack_type" => {
                f.attack_types
                    .push(category(k, v, &names(AttackType::ALL, AttackType::as_str))?)
            }
            "weapon_type" => {
                f.weapon_types
                    .push(category(k, v, &names(WeaponType::ALL, WeaponType::as_str))?)
            }
            "target_type" => {
                f.target_types
                    .push(category(k, v, &names(TargetType::ALL, TargetType::as_str))?)
            }
            "min_killed" => f.min_killed = Some(number(k, v, "a non-negative integer")?),
            "claimed" => f.claimed = Some(boolean(k, v)?),
            "q" => {
                sitrep_store::search::fts_query(v).map_err(|e| bad(k, v, &e.0))?;
                f.text = text(v);
            }
            "sort" => {
                f.sort = v
                    .parse::<SortOrder>()
                    .map_err(|_| bad(k, v, "date_desc, date_asc, killed, sources or id"))?
            }
            "offset" => f.offset = paging(k, v)?,
            "limit" => f.limit = paging(k, v)?,
            _ => {
                let mut known = INCIDENT_PARAMS.to_vec();
                known.extend_from_slice(extra);
                return Err(unknown(k, &known));
            }
        }
    }
    if let (Some(a), Some(b)) = (&f.date_from, &f.date_to) {
        let (lo, _) = sitrep_store::matching::day_range(a);
        let (_, hi) = sitrep_store::matching::day_range(b);
        if lo > hi {
            return Err(ApiError::BadRequest(format!(
                "date_from {a} is after date_to {b}"
            )));
        }
    }
    Ok(f)
}

/// Parses the statement filter parameters.
pub fn statement_filter(pairs: &[(String, String)]) -> Result<StatementFilter, ApiError> {
    use sitrep_core::StatementKind;
    let mut f = StatementFilter::default();
    for (k, v) in pairs {
        if v.trim().is_empty() {
            if !STATEMENT_PARAMS.contains(&k.as_str()) {
                return Err(unknown(k, STATEMENT_PARAMS));
            }
            continue;
        }
        match k.as_str() {
            "kind" => {
                f.kind = Some(category(
                    k,
                    v,
                    &names(StatementKind::ALL, StatementKind::as_str),
                )?)
            }
            "speaker" => f.speaker = text(v),
            "affiliation" => f.affiliation = text(v),
            "document_id" => f.document_id = Some(number(k, v, "a document id (integer)")?),
            "incident_id" => f.incident_id = Some(number(k, v, "an incident id (integer)")?),
            "offset" => f.offset = paging(k, v)?,
            "limit" => f.limit = paging(k, v)?,
            _ => return Err(unknown(k, STATEMENT_PARAMS)),
        }
    }
    Ok(f)
}

/// Reads one optional parameter that `incident_filter` was told to skip.
pub fn extra<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::AttackType;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn parses_every_incident_filter() {
        let f = incident_filter(
            &q(&[
                ("date_from", "2031-04"),
                ("date_to", "2031-05-02"),
                ("country", "FR"),
                ("city", " Lyon "),
                ("group", "Northern Front"),
                ("attack_type", "bombing_explosion"),
                ("min_killed", "3"),
                ("claimed", "yes"),
                ("q", "market bomb"),
                ("sort", "killed"),
                ("offset", "100"),
                ("limit", "20"),
                ("target_type", ""),
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(f.date_from.unwrap().to_string(), "2031-04");
        assert_eq!(f.city.as_deref(), Some("Lyon"));
        assert_eq!(f.attack_types, vec![AttackType::BombingExplosion]);
        assert!(f.target_types.is_empty());
        assert_eq!((f.min_killed, f.claimed), (Some(3), Some(true)));
        assert_eq!(f.text.as_deref(), Some("market bomb"));
        assert_eq!(f.sort, SortOrder::KilledDesc);
        assert_eq!((f.offset, f.limit), (100, 20));
    }

    #[test]
    fn refuses_bad_values_with_the_parameter_named() {
        let cases = [
            ("limit", "0", "limit"),
            ("limit", "5000", "1 to 1000"),
            ("limit", "ten", "limit"),
            ("offset", "-1", "offset"),
            ("min_killed", "many", "min_killed"),
            ("claimed", "maybe", "true or false"),
            ("date_from", "April", "YYYY-MM"),
            ("attack_type", "bombing", "bombing_explosion"),
            ("sort", "name", "date_desc"),
            ("colour", "red", "unknown parameter"),
            ("q", "-tram", "at least one word"),
        ];
        for (k, v, needle) in cases {
            let e = incident_filter(&q(&[(k, v)]), &[]).unwrap_err();
            let msg = e.to_string();
            assert!(matches!(e, ApiError::BadRequest(_)), "{k}={v}");
            assert!(msg.contains(needle), "{k}={v}: {msg}");
        }
        let e = incident_filter(&q(&[("date_from", "2031-05"), ("date_to", "2031-04")]), &[])
            .unwrap_err();
        assert!(e.to_string().contains("after"));
    }

    #[test]
    fn extra_parameters_are_left_to_the_caller() {
        let pairs = q(&[("bucket", "week"), ("country", "FR")]);
        let f = incident_filter(&pairs, &["bucket"]).unwrap();
        assert_eq!(f.countries, vec!["FR".to_string()]);
        assert_eq!(extra(&pairs, "bucket"), Some("week"));
        assert!(incident_filter(&pairs, &[]).is_err());
    }

    #[test]
    fn repeated_parameters_are_a_multi_select() {
        let f = incident_filter(
            &q(&[
                ("country", "FR"),
                ("country", "UK"),
                ("group", "ISIS"),
                ("group", "Shabaab"),
                ("attack_type", "armed_assault"),
                ("attack_type", "bombing_explosion"),
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(f.countries, vec!["FR".to_string(), "UK".to_string()]);
        assert_eq!(f.groups, vec!["ISIS".to_string(), "Shabaab".to_string()]);
        assert_eq!(
            f.attack_types,
            vec![AttackType::ArmedAssault, AttackType::BombingExplosion]
        );
    }

    #[test]
    fn parses_statement_filters() {
        let f = statement_filter(&q(&[
            ("kind", "claim_of_responsibility"),
            ("incident_id", "7"),
        ]))
        .unwrap();
        assert_eq!(f.incident_id, Some(7));
        assert!(statement_filter(&q(&[("kind", "rumour")])).is_err());
        assert!(statement_filter(&q(&[("document_id", "x")])).is_err());
    }
}
