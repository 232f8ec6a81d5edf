//! Parsing analyst edits: field names and values as typed on a command line.

use crate::StoreError;
use serde_json::{json, Value};
use sitrep_core::{AttackType, GroupRelation, PartialDate, TargetType, WeaponType};

/// Fields an analyst can edit, with the value syntax each takes.
pub const EDITABLE_FIELDS: &[(&str, &str)] = &[
    ("date", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("city", "text"),
    ("region", "text"),
    ("country", "text"),
    ("country_code", "ISO alpha-2, e.g. FR"),
    ("latitude", "decimal degrees, -90..90"),
    ("longitude", "decimal degrees, -180..180"),
    (
        "attack_types",
        "comma-separated GTD names, e.g. bombing_explosion,armed_assault",
    ),
    ("weapon_types", "comma-separated GTD names, e.g. explosives"),
    (
        "target_types",
        "comma-separated GTD names, e.g. private_citizens_property",
    ),
    ("killed", "N, N-M or N+"),
    ("injured", "N, N-M or N+"),
    ("perpetrators_killed", "true or false"),
    ("perpetrators", "names separated by ';'"),
    ("groups", "'Name' or 'Name:relation' separated by ';'"),
    ("claimed", "true or false"),
    (
        "claim_modes",
        "comma-separated channels, e.g. amaq,telegram",
    ),
    ("summary", "text"),
];

fn invalid(field: &str, value: &str, reason: impl Into<String>) -> StoreError {
    StoreError::InvalidValue {
        field: field.to_string(),
        value: value.to_string(),
        reason: reason.into(),
    }
}

fn list(value: &str, sep: &[char]) -> Vec<String> {
    value
        .split(sep)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn categories(
    field: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<&'static str>,
) -> Result<Value, StoreError> {
    let mut out = Vec::new();
    for item in list(value, &[',', ';']) {
        let name = parse(&item.to_lowercase().replace([' ', '-'], "_"))
            .ok_or_else(|| invalid(field, value, format!("{item:?} is not a GTD category name")))?;
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out.sort_unstable();
    Ok(json!(out))
}

fn boolean(field: &str, value: &str) -> Result<Value, StoreError> {
    match value.trim().to_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(json!(true)),
        "false" | "no" | "0" => Ok(json!(false)),
        _ => Err(invalid(field, value, "expected true or false")),
    }
}

fn count(field: &str, value: &str) -> Result<Value, StoreError> {
    let v = value.trim();
    let num = |s: &str| {
        s.trim()
            .parse::<u32>()
            .map_err(|_| invalid(field, value, "expected N, N-M or N+"))
    };
    if let Some(n) = v.strip_suffix('+') {
        return Ok(json!({"min": num(n)?, "max": null}));
    }
    if let Some((a, b)) = v.split_once('-') {
        let (a, b) = (num(a)?, num(b)?);
        if a > b {
            return Err(invalid(field, value, "range lower bound above upper bound"));
        }
        return Ok(json!({"min": a, "max": b}));
    }
    let n = num(v)?;
    Ok(json!({"min": n, "max": n}))
}

fn coordinate(field: &str, value: &str, limit: f64) -> Result<Value, StoreError> {
    let x: f64 = value
        .trim()
        .parse()
        .map_err(|_| invalid(field, value, "expected a decimal number"))?;
    if !x.is_finite() || x.abs() > limit {
        return Err(invalid(field, value, format!("out of range ±{limit}")));
    }
    Ok(json!(x))
}

/// Parses an edit: checks the field name and turns `value` into the stored
/// JSON value. `null` or an empty value clears the field.
pub fn parse_edit(field: &str, value: &str) -> Result<(String, Value), StoreError> {
    let f = field.trim().to_lowercase().replace('-', "_");
    let f = match f.as_str() {
        "lat" => "latitude".to_string(),
        "lon" | "lng" => "longitude".to_string(),
        "attack_type" | "attacktype" => "attack_types".to_string(),
        "weapon_type" | "weaptype" => "weapon_types".to_string(),
        "target_type" | "targtype" => "target_types".to_string(),
        "nkill" => "killed".to_string(),
        "nwound" => "injured".to_string(),
        "group" | "gname" => "groups".to_string(),
        _ => f,
    };
    if !EDITABLE_FIELDS.iter().any(|(n, _)| *n == f) {
        let names: Vec<&str> = EDITABLE_FIELDS.iter().map(|(n, _)| *n).collect();
        return Err(StoreError::UnknownField(
            field.to_string(),
            names.join(", "),
        ));
    }
    let v = value.trim();
    if v.is_empty() || v.eq_ignore_ascii_case("null") {
        return Ok((f, Value::Null));
    }
    let parsed = match f.as_str() {
        "date" => {
            let d: PartialDate = v.parse().map_err(|e| invalid(&f, value, format!("{e}")))?;
            json!(d.to_string())
        }
        "country_code" => {
            if v.len() != 2 || !v.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(invalid(&f, value, "expected a two-letter ISO code"));
            }
            if !crate::search::known_country_code(v) {
                return Err(invalid(
                    &f,
                    value,
                    "not an ISO 3166 country code the gazetteer knows (XA-XZ are accepted as user-assigned)",
                ));
            }
            json!(v.to_uppercase())
        }
        "latitude" => coordinate(&f, v, 90.0)?,
        "longitude" => coordinate(&f, v, 180.0)?,
        "attack_types" => categories(&f, v, |s| AttackType::parse(s).map(AttackType::as_str))?,
        "weapon_types" => categories(&f, v, |s| WeaponType::parse(s).map(WeaponType::as_str))?,
        "target_types" => categories(&f, v, |s| TargetType::parse(s).map(TargetType::as_str))?,
        "killed" | "injured" => count(&f, v)?,
        "perpetrators_killed" | "claimed" => boolean(&f, v)?,
        "perpetrators" => json!(list(v, &[';'])),
        "claim_modes" => json!(list(v, &[',', ';'])
            .iter()
            .map(|m| m.to_lowercase())
            .collect::<Vec<_>>()),
        "groups" => {
            let mut out = Vec::new();
            for item in list(v, &[';']) {
                let (name, rel) = match item.rsplit_once(':') {
                    Some((n, r)) => {
                        let rel = GroupRelation::parse(r.trim()).ok_or_else(|| {
                            invalid(&f, value, format!("{r:?} is not a group relation"))
                        })?;
                        (n.trim().to_string(), rel)
                    }
                    None => (item.clone(), GroupRelation::Suspected),
                };
                out.push(json!({"name": name, "relation": rel}));
            }
            json!(out)
        }
        _ => json!(v),
    };
    Ok((f, parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_kind_of_value() {
        assert_eq!(
            parse_edit("killed", "12").unwrap().1,
            json!({"min": 12, "max": 12})
        );
        assert_eq!(
            parse_edit("nkill", "3-5").unwrap().1,
            json!({"min": 3, "max": 5})
        );
        assert_eq!(
            parse_edit("injured", "20+").unwrap().1,
            json!({"min": 20, "max": null})
        );
        assert_eq!(parse_edit("date", "2031-04").unwrap().1, json!("2031-04"));
        assert_eq!(
            parse_edit("attack_type", "Armed Assault, bombing_explosion")
                .unwrap()
                .1,
            json!(["armed_assault", "bombing_explosion"])
        );
        assert_eq!(
            parse_edit("lat", "50.5").unwrap(),
            ("latitude".into(), json!(50.5))
        );
        assert_eq!(
            parse_edit("groups", "Northern Front:claimed; Other Cell")
                .unwrap()
                .1,
            json!([{"name": "Northern Front", "relation": "claimed"},
                   {"name": "Other Cell", "relation": "suspected"}])
        );
        assert_eq!(parse_edit("city", "null").unwrap().1, Value::Null);
    }

    #[test]
    fn refuses_bad_fields_and_values() {
        assert!(matches!(
            parse_edit("colour", "red"),
            Err(StoreError::UnknownField(..))
        ));
        for (f, v) in [
            ("killed", "many"),
            ("killed", "5-3"),
            ("date", "March 2031"),
            ("latitude", "91"),
            ("attack_types", "drone"),
            ("claimed", "perhaps"),
            ("country_code", "FRA"),
            ("groups", "X:friend"),
        ] {
            assert!(
                matches!(parse_edit(f, v), Err(StoreError::InvalidValue { .. })),
                "{f}={v}"
            );
        }
    }
}
