//! Exports: GTD-compatible CSV, JSON Lines of incident views, GeoJSON points.

use crate::types::{ExportFormat, IncidentView, SourceRole};
use crate::StoreError;
use serde_json::json;
use std::io::Write;

/// GTD column names written by the CSV export, in order. The `sitrep_*`
/// columns are additions GTD does not have.
pub const GTD_COLUMNS: &[&str] = &[
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "country_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "summary",
    "attacktype1",
    "attacktype1_txt",
    "attacktype2",
    "attacktype2_txt",
    "attacktype3",
    "attacktype3_txt",
    "targtype1",
    "targtype1_txt",
    "targtype2",
    "targtype2_txt",
    "targtype3",
    "targtype3_txt",
    "gname",
    "gname2",
    "gname3",
    "claimed",
    "claimmode",
    "claimmode_txt",
    "weaptype1",
    "weaptype1_txt",
    "weaptype2",
    "weaptype2_txt",
    "weaptype3",
    "weaptype3_txt",
    "nkill",
    "nwound",
    "dbsource",
    "scite1",
    "scite2",
    "scite3",
    "sitrep_country_code",
    "sitrep_nkill_max",
    "sitrep_nwound_max",
    "sitrep_perpetrators",
    "sitrep_reports",
    "sitrep_mentions",
    "sitrep_edited",
];

/// GTD `claimmode` code and label for a claim channel.
pub fn claim_mode(mode: &str) -> (u8, &'static str) {
    match mode.to_lowercase().as_str() {
        "letter" => (1, "Letter"),
        "call" | "phone" => (2, "Call (post-incident)"),
        "email" | "e-mail" => (4, "E-mail"),
        "note" => (5, "Note left at scene"),
        "video" => (6, "Video"),
        "amaq" | "albayan" | "al_bayan" | "telegram" | "website" | "internet" | "facebook_live"
        | "twitter" | "social_media" => (7, "Posted to website, blog, etc."),
        "personal" | "in_person" => (8, "Personal claim"),
        _ => (9, "Other"),
    }
}

/// A CSV cell made safe to open in a spreadsheet (OWASP "CSV injection"): a
/// cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would
/// run as a formula in Excel or LibreOffice, so it gets a leading `'` and opens
/// as text. Numbers (`-9`, `-33.9`, `+5`) are left as they are, so pandas and
/// spreadsheets still read them as numbers; dates never start with those signs.
pub fn safe_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && cell.parse::<f64>().is_ok_and(f64::is_finite);
    if risky && !number {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes one CSV record with every cell passed through [`safe_cell`]. Every CSV
/// the project writes (CLI and HTTP) goes through this.
pub fn write_safe_record<W: Write>(
    cw: &mut csv::Writer<W>,
    cells: &[String],
) -> Result<(), StoreError> {
    cw.write_record(cells.iter().map(|c| safe_cell(c).into_owned()))?;
    Ok(())
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn three<T: Copy>(
    items: &[T],
    code: impl Fn(T) -> u8,
    name: impl Fn(T) -> &'static str,
    unknown: (u8, &'static str),
) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..3 {
        match items.get(i) {
            Some(t) => {
                out.push(code(*t).to_string());
                out.push(name(*t).to_string());
            }
            None if i == 0 => {
                out.push(unknown.0.to_string());
                out.push(unknown.1.to_string());
            }
            None => {
                out.push(String::new());
                out.push(String::new());
            }
        }
    }
    out
}

/// Perpetrator group names, each once (a group may have several relations),
/// without groups that only praised the attack.
fn group_names(v: &IncidentView) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for g in &v.merged.groups {
        if g.relation != sitrep_core::GroupRelation::Celebrated
            && !out.iter().any(|n| n.eq_ignore_ascii_case(&g.name))
        {
            out.push(g.name.as_str());
        }
    }
    out
}

/// One GTD CSV row for an incident, in [`GTD_COLUMNS`] order.
pub fn gtd_row(v: &IncidentView) -> Vec<String> {
    let m = &v.merged;
    let mut r = vec![
        v.id.to_string(),
        m.date.map(|d| d.year.to_string()).unwrap_or_default(),
        m.date.and_then(|d| d.month).unwrap_or(0).to_string(),
        m.date.and_then(|d| d.day).unwrap_or(0).to_string(),
        // GTD fills approxdate when the exact day is not known.
        m.date
            .filter(|d| !d.is_full())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        opt(m.country.clone()),
        opt(m.region.clone()),
        opt(m.city.clone()),
        opt(m.lat),
        opt(m.lon),
        opt(m.summary.clone()),
    ];
    r.extend(three(
        &m.attack_types,
        |a| a.gtd_code(),
        |a| a.gtd_name(),
        (9, "Unknown"),
    ));
    r.extend(three(
        &m.target_types,
        |a| a.gtd_code(),
        |a| a.gtd_name(),
        (20, "Unknown"),
    ));
    // gname names perpetrator groups, not groups that only praised the attack.
    let perpetrator_groups = group_names(v);
    for i in 0..3 {
        r.push(match perpetrator_groups.get(i) {
            Some(g) => g.to_string(),
            None if i == 0 => "Unknown".to_string(),
            None => String::new(),
        });
    }
    r.push(match m.claimed {
        Some(true) => "1".into(),
        Some(false) => "0".into(),
        None => "-9".into(),
    });
    let (cm, cm_txt) = match (m.claimed, m.claim_modes.first()) {
        (Some(true), Some(mode)) => {
            let (c, t) = claim_mode(mode);
            (c.to_string(), t.to_string())
        }
        (Some(true), None) => ("10".to_string(), "Unknown".to_string()),
        _ => (String::new(), String::new()),
    };
    r.push(cm);
    r.push(cm_txt);
    r.extend(three(
        &m.weapon_types,
        |a| a.gtd_code(),
        |a| a.gtd_name(),
        (13, "Unknown"),
    ));
    r.push(opt(m.killed.map(|c| c.min)));
    r.push(opt(m.injured.map(|c| c.min)));
    r.push("sitrep".into());
    let reports: Vec<_> = v
        .sources
        .iter()
        .filter(|s| s.role == SourceRole::Report)
        .collect();
    for i in 0..3 {
        r.push(
            reports
                .get(i)
                .map(|s| match (&s.title, s.published) {
                    (Some(t), Some(p)) => format!("\"{t}\", {}, {p}", s.source),
                    (Some(t), None) => format!("\"{t}\", {}", s.source),
                    (None, Some(p)) => format!("{}, {p}", s.source),
                    (None, None) => s.source.clone(),
                })
                .unwrap_or_default(),
        );
    }
    r.push(opt(m.country_code.clone()));
    r.push(opt(m.killed.and_then(|c| c.max)));
    r.push(opt(m.injured.and_then(|c| c.max)));
    r.push(m.perpetrators.join("; "));
    r.push(reports.len().to_string());
    r.push((v.sources.len() - reports.len()).to_string());
    r.push(if v.edits.is_empty() { "0" } else { "1" }.to_string());
    r
}

fn feature(v: &IncidentView) -> Option<serde_json::Value> {
    let m = &v.merged;
    let (lat, lon) = (m.lat?, m.lon?);
    if !lat.is_finite() || !lon.is_finite() {
        return None;
    }
    let names = |xs: Vec<&str>| xs.join(", ");
    Some(json!({
        "type": "Feature",
        "id": v.id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": v.id,
            "date": m.date.map(|d| d.to_string()),
            "iyear": m.date.map(|d| d.year),
            "city": m.city,
            "country": m.country,
            "country_code": m.country_code,
            "attacktype": names(m.attack_types.iter().map(|a| a.gtd_name()).collect()),
            "weaptype": names(m.weapon_types.iter().map(|a| a.gtd_name()).collect()),
            "targtype": names(m.target_types.iter().map(|a| a.gtd_name()).collect()),
            "gname": names(group_names(v)),
            "nkill": m.killed.map(|c| c.min),
            "nwound": m.injured.map(|c| c.min),
            "claimed": m.claimed,
            "sources": v.sources.len(),
            "summary": m.summary,
        }
    }))
}

/// Writes incident views in `format`; returns how many incidents were written
/// (GeoJSON skips incidents without coordinates).
pub fn write(
    format: ExportFormat,
    views: impl Iterator<Item = Result<IncidentView, StoreError>>,
    w: &mut dyn Write,
) -> Result<u64, StoreError> {
    let mut n = 0u64;
    match format {
        ExportFormat::GtdCsv => {
            let mut cw = csv::Writer::from_writer(&mut *w);
            cw.write_record(GTD_COLUMNS)?;
            for v in views {
                write_safe_record(&mut cw, &gtd_row(&v?))?;
                n += 1;
            }
            cw.flush()?;
        }
        ExportFormat::Jsonl => {
            for v in views {
                serde_json::to_writer(&mut *w, &v?)?;
                w.write_all(b"\n")?;
                n += 1;
            }
        }
        ExportFormat::Geojson => {
            w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
            for v in views {
                if let Some(f) = feature(&v?) {
                    if n > 0 {
                        w.write_all(b",\n")?;
                    }
                    serde_json::to_writer(&mut *w, &f)?;
                    n += 1;
                }
            }
            w.write_all(b"\n]}\n")?;
        }
    }
    w.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{CountValue, GroupValue, MergedIncident};
    use sitrep_core::{AttackType, GroupRelation};

    fn view(m: MergedIncident) -> IncidentView {
        IncidentView {
            id: 7,
            merged: m,
            fields: Vec::new(),
            sources: Vec::new(),
            edits: Vec::new(),
            created_at: String::new(),
        }
    }

    fn col<'a>(row: &'a [String], name: &str) -> &'a str {
        let i = GTD_COLUMNS.iter().position(|c| *c == name).unwrap();
        &row[i]
    }

    #[test]
    fn formula_cells_open_as_text_and_numbers_stay_numbers() {
        for (cell, want) in [
            (
                "=HYPERLINK(\"http://x\",\"x\")",
                "'=HYPERLINK(\"http://x\",\"x\")",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-9", "-9"),
            ("-33.91", "-33.91"),
            ("+5", "+5"),
            ("2031-04-02", "2031-04-02"),
            ("Lyon", "Lyon"),
            ("", ""),
            ("-", "'-"),
        ] {
            assert_eq!(safe_cell(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn an_exported_title_starting_with_equals_reads_back_as_text() {
        let m = MergedIncident {
            summary: Some("=HYPERLINK(\"http://evil.example\",\"x\")".into()),
            lat: Some(-33.5),
            ..MergedIncident::default()
        };
        let mut out = Vec::new();
        write(ExportFormat::GtdCsv, std::iter::once(Ok(view(m))), &mut out).unwrap();
        let mut r = csv::Reader::from_reader(out.as_slice());
        let row: Vec<String> = r
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(
            col(&row, "summary"),
            "'=HYPERLINK(\"http://evil.example\",\"x\")"
        );
        assert_eq!(col(&row, "latitude"), "-33.5");
        assert_eq!(col(&row, "claimed"), "-9");
    }

    #[test]
    fn rows_follow_gtd_conventions() {
        let m = MergedIncident {
            date: "2031-04".parse().ok(),
            attack_types: vec![AttackType::ArmedAssault, AttackType::BombingExplosion],
            groups: vec![
                GroupValue {
                    name: "Cheering Cell".into(),
                    relation: GroupRelation::Celebrated,
                },
                GroupValue {
                    name: "Northern Front".into(),
                    relation: GroupRelation::Claimed,
                },
            ],
            claimed: Some(true),
            claim_modes: vec!["video".into()],
            killed: Some(CountValue {
                min: 3,
                max: Some(5),
            }),
            ..MergedIncident::default()
        };
        let row = gtd_row(&view(m));
        assert_eq!(row.len(), GTD_COLUMNS.len());
        assert_eq!((col(&row, "imonth"), col(&row, "iday")), ("4", "0"));
        assert_eq!(col(&row, "approxdate"), "2031-04");
        assert_eq!(col(&row, "attacktype2_txt"), "Bombing/Explosion");
        assert_eq!(col(&row, "attacktype3"), "");
        assert_eq!(col(&row, "targtype1_txt"), "Unknown");
        assert_eq!(col(&row, "weaptype1"), "13");
        assert_eq!(
            (col(&row, "gname"), col(&row, "gname2")),
            ("Northern Front", "")
        );
        assert_eq!(
            (col(&row, "claimmode"), col(&row, "claimmode_txt")),
            ("6", "Video")
        );
        assert_eq!(
            (col(&row, "nkill"), col(&row, "sitrep_nkill_max")),
            ("3", "5")
        );
        assert_eq!(col(&row, "nwound"), "");
        let empty = gtd_row(&view(MergedIncident::default()));
        assert_eq!(
            (
                col(&empty, "iyear"),
                col(&empty, "claimed"),
                col(&empty, "gname")
            ),
            ("", "-9", "Unknown")
        );
    }
}
