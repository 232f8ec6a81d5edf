//! Aggregate reads (map layer, timeline, facets) in SQL over the store's
//! tables, for speed over 100k incidents, on either backend: through the
//! store's SQL layer (`sitrep_store::db`), which runs the same SQLite-dialect
//! SQL on PostgreSQL; the two places that unnest a JSON array have a
//! PostgreSQL form of their own.
//!
//! The WHERE clause is the store's own (`sitrep_store::incident_filter_sql`,
//! also used by `SqliteStore::list_incidents`), so the map and the timeline
//! count exactly the incidents the table lists; a test checks the totals agree.

use crate::ApiError;
use serde::Serialize;
use sitrep_store::db::{
    params_from_iter, Conn as Connection, DbError, OptionalExtension, Value as SqlValue,
};
use sitrep_store::IncidentFilter;
use std::collections::HashMap;

fn internal(e: DbError) -> ApiError {
    ApiError::Internal(format!("database error: {e}"))
}

/// The WHERE clause (with `i.` as the incidents alias) and its parameters: the
/// store's own filter, so the map and timeline count what the table lists.
pub fn where_clause(conn: &Connection, f: &IncidentFilter) -> (String, Vec<SqlValue>) {
    sitrep_store::incident_filter_sql_for(conn, f, "i.")
}

/// The map layer: incidents with coordinates, most killed first.
#[derive(Debug, Serialize)]
pub struct MapLayer {
    /// Incidents matching the filter (with or without coordinates).
    pub total: u64,
    /// Of those, how many have coordinates.
    pub located: u64,
    /// Points sent (at most the limit asked for).
    pub points: Vec<MapPoint>,
}

/// One incident on the map.
#[derive(Debug, Serialize)]
pub struct MapPoint {
    /// Incident id.
    pub id: i64,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Lower bound of the killed count, if known.
    pub killed: Option<i64>,
}

/// Reads the map layer for a filter.
pub fn map_layer(conn: &Connection, f: &IncidentFilter, limit: u64) -> Result<MapLayer, ApiError> {
    let (wh, p) = where_clause(conn, f);
    let total: i64 = conn
        .query_row(
            &format!("SELECT COUNT(*) FROM incidents i {wh}"),
            params_from_iter(p.iter().cloned()),
            |r| r.get(0),
        )
        .map_err(internal)?;
    // The coordinates are columns (store migration 12 on SQLite, 2 on
    // PostgreSQL), written with the merged values: no row's JSON is parsed.
    // Without a date, country or city filter (which have their own indexes),
    // SQLite walks the covering index of migration 12, which holds them in
    // killed order (100k incidents: ~400 -> ~50 ms); PostgreSQL's planner
    // finds its partial index of located incidents in that order by itself.
    let broad =
        f.date_from.is_none() && f.date_to.is_none() && f.countries.is_empty() && f.city.is_none();
    let from = if broad && !conn.is_pg() {
        "incidents i INDEXED BY incidents_killed_geo"
    } else {
        "incidents i"
    };
    let located_cond = "i.lat IS NOT NULL AND i.lon IS NOT NULL";
    let wh_loc = if wh.is_empty() {
        format!("WHERE {located_cond}")
    } else {
        format!("{wh} AND {located_cond}")
    };
    let sql = format!(
        "SELECT i.id, i.lat, i.lon, i.killed
         FROM {from} {wh_loc} ORDER BY i.killed IS NULL, i.killed DESC, i.id LIMIT {}",
        limit.min(i64::MAX as u64)
    );
    let mut st = conn.prepare(&sql).map_err(internal)?;
    let rows = st
        .query_map(params_from_iter(p.iter().cloned()), |r| {
            Ok(MapPoint {
                id: r.get(0)?,
                lat: r.get(1)?,
                lon: r.get(2)?,
                killed: r.get(3)?,
            })
        })
        .map_err(internal)?;
    let mut points = Vec::new();
    for row in rows {
        let pt = row.map_err(internal)?;
        if pt.lat.is_finite() && pt.lon.is_finite() {
            points.push(pt);
        }
    }
    // Counting located incidents reads every matching row: only when capped.
    let located = if (points.len() as u64) < limit {
        points.len() as i64
    } else {
        conn.query_row(
            &format!("SELECT COUNT(*) FROM {from} {wh_loc}"),
            params_from_iter(p.iter().cloned()),
            |r| r.get(0),
        )
        .map_err(internal)?
    };
    Ok(MapLayer {
        total: total.max(0) as u64,
        located: located.max(0) as u64,
        points,
    })
}

/// Most values listed per facet.
pub const MAX_FACET_VALUES: usize = 25;

/// Counts of the incidents matching a filter, by country, group, attack type and year.
#[derive(Debug, Serialize)]
pub struct Facets {
    /// Incidents matching the filter.
    pub total: u64,
    /// By country (`value` is the ISO code, `label` the name), largest first.
    pub country: Vec<FacetValue>,
    /// By group (an incident with two groups counts under each), largest first.
    pub group: Vec<FacetValue>,
    /// By attack type (GTD snake_case), largest first.
    pub attack_type: Vec<FacetValue>,
    /// By year of the incident's date, newest first.
    pub year: Vec<FacetValue>,
}

/// One value of a facet.
#[derive(Debug, Serialize)]
pub struct FacetValue {
    /// The value to filter on (an ISO code, group name, attack type or year).
    pub value: String,
    /// How to show it.
    pub label: String,
    /// Incidents with this value.
    pub count: u64,
}

fn facet_rows(conn: &Connection, sql: &str, p: &[SqlValue]) -> Result<Vec<FacetValue>, ApiError> {
    let mut st = conn.prepare(sql).map_err(internal)?;
    let rows = st
        .query_map(params_from_iter(p.iter().cloned()), |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .map_err(internal)?;
    let mut out = Vec::new();
    for row in rows {
        let (value, label, count) = row.map_err(internal)?;
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            continue;
        };
        out.push(FacetValue {
            label: label
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| value.clone()),
            value,
            count: count.max(0) as u64,
        });
    }
    Ok(out)
}

/// Facet counts for a filter: indexed GROUP BY queries over the incidents the
/// filter selects (the same WHERE clause as the table). Each facet leaves its
/// own dimension out of the filter (a multi-select: with Iraq chosen, the
/// country facet still offers Afghanistan, counted as adding it would).
pub fn facets(conn: &Connection, f: &IncidentFilter) -> Result<Facets, ApiError> {
    let (wh, p) = where_clause(conn, f);
    let total: i64 = conn
        .query_row(
            &format!("SELECT COUNT(*) FROM incidents i {wh}"),
            params_from_iter(p.iter().cloned()),
            |r| r.get(0),
        )
        .map_err(internal)?;
    let without = |clear: fn(&mut IncidentFilter)| {
        let mut g = f.clone();
        clear(&mut g);
        where_clause(conn, &g)
    };
    let (cw, cp) = without(|g| g.countries.clear());
    let cand = if cw.is_empty() { "WHERE" } else { "AND" };
    let country = facet_rows(
        conn,
        &format!(
            "SELECT i.country_code, NULL, COUNT(*) FROM incidents i {cw}
             {cand} i.country_code IS NOT NULL GROUP BY i.country_code ORDER BY 3 DESC, 1 LIMIT {MAX_FACET_VALUES}"
        ),
        &cp,
    )?;
    // Labels for the few codes listed (not a JSON parse of every row): the
    // gazetteer's name, else the name an incident of that code gives.
    let mut country = country;
    let gaz = sitrep_geo::Gazetteer::global();
    for c in &mut country {
        if let Some(k) = gaz.country_by_code(&c.value) {
            c.label = k.name.clone();
            continue;
        }
        let shown: Option<String> = conn
            .query_row(
                "SELECT country_name FROM incidents WHERE country_code = ?1 LIMIT 1",
                [&c.value],
                |r| r.get(0),
            )
            .optional()
            .map_err(internal)?
            .flatten();
        if let Some(n) = shown {
            c.label = n;
        }
    }
    let tag = |kind: &str, (wh, p): (String, Vec<SqlValue>)| -> Result<Vec<FacetValue>, ApiError> {
        let sql = if wh.is_empty() {
            format!(
                "SELECT t.value, NULL, COUNT(*) FROM incident_tags t WHERE t.kind = '{kind}'
                 GROUP BY t.value ORDER BY 3 DESC, 1 LIMIT {MAX_FACET_VALUES}"
            )
        } else {
            format!(
                "SELECT t.value, NULL, COUNT(*) FROM incident_tags t WHERE t.kind = '{kind}'
                 AND t.incident_id IN (SELECT i.id FROM incidents i {wh})
                 GROUP BY t.value ORDER BY 3 DESC, 1 LIMIT {MAX_FACET_VALUES}"
            )
        };
        facet_rows(conn, &sql, &p)
    };
    let mut group = tag("group", without(|g| g.groups.clear()))?;
    // Group tags are lowercased names: show each as an incident writes it.
    for g in &mut group {
        let sql = if conn.is_pg() {
            "SELECT j ->> 'name' FROM incident_tags t JOIN incidents i ON i.id = t.incident_id,
             jsonb_array_elements(COALESCE(i.merged::jsonb -> 'groups', '[]'::jsonb)) j
             WHERE t.kind = 'group' AND t.value = ?1 AND lower(j ->> 'name') = ?1 LIMIT 1"
        } else {
            "SELECT json_extract(j.value, '$.name') FROM incident_tags t JOIN incidents i ON i.id = t.incident_id,
             json_each(i.merged, '$.groups') j
             WHERE t.kind = 'group' AND t.value = ?1 AND lower(json_extract(j.value, '$.name')) = ?1 LIMIT 1"
        };
        let shown: Option<String> = conn
            .query_row(sql, [&g.value], |r| r.get(0))
            .optional()
            .map_err(internal)?
            .flatten();
        if let Some(n) = shown {
            g.label = n;
        }
    }
    let mut attack_type = tag("attack", without(|g| g.attack_types.clear()))?;
    for a in &mut attack_type {
        if let Ok(t) = serde_json::from_value::<sitrep_core::AttackType>(serde_json::Value::String(
            a.value.clone(),
        )) {
            a.label = t.gtd_name().to_string();
        }
    }
    let (yw, yp) = without(|g| {
        g.date_from = None;
        g.date_to = None;
    });
    let yand = if yw.is_empty() { "WHERE" } else { "AND" };
    let year = facet_rows(
        conn,
        &format!(
            "SELECT substr(i.date, 1, 4), NULL, COUNT(*) FROM incidents i {yw}
             {yand} i.date IS NOT NULL GROUP BY substr(i.date, 1, 4) ORDER BY 1 DESC LIMIT {MAX_FACET_VALUES}"
        ),
        &yp,
    )?;
    Ok(Facets {
        total: total.max(0) as u64,
        country,
        group,
        attack_type,
        year,
    })
}

/// Timeline bucket size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Weeks starting on Monday, labelled by the Monday (`YYYY-MM-DD`).
    Week,
    /// Calendar months (`YYYY-MM`).
    Month,
}

/// What the timeline's series are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesBy {
    /// One series in all.
    None,
    /// One series per country.
    Country,
    /// One series per group (an incident linked to two groups counts in both).
    Group,
}

/// What the timeline's bars measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Incidents per bucket.
    Incidents,
    /// People killed per bucket (the lower bound of each incident's merged count).
    Fatalities,
}

/// Incidents (or fatalities) per bucket and series.
#[derive(Debug, Serialize)]
pub struct Timeline {
    /// Bucket size.
    pub bucket: Bucket,
    /// What the counts measure.
    pub metric: Metric,
    /// Series kind.
    pub by: SeriesBy,
    /// Incidents matching the filter.
    pub total: u64,
    /// Without a date.
    pub undated: u64,
    /// Dated less precisely than one bucket (e.g. only a year for months).
    pub imprecise: u64,
    /// Bucket labels, consecutive, oldest first.
    pub buckets: Vec<String>,
    /// Series, largest first; the smallest are summed into "Other".
    pub series: Vec<Series>,
}

/// One series of the timeline.
#[derive(Debug, Serialize)]
pub struct Series {
    /// Country or group name ("Unknown" when none is known, "All" for `by=none`).
    pub name: String,
    /// Count per bucket, aligned with `Timeline::buckets`.
    pub counts: Vec<u64>,
    /// Sum of `counts`.
    pub total: u64,
}

/// Most buckets a timeline may have.
pub const MAX_BUCKETS: i64 = 2600;
/// Most series kept before the rest are summed into "Other".
pub const MAX_SERIES: usize = 8;

/// Civil date (year, month, day) of a day number (days since 1970-01-01).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Index of the bucket holding a day: weeks since the Monday 1969-12-29, or months since year 0.
fn bucket_of(b: Bucket, day: i64) -> i64 {
    match b {
        Bucket::Week => (day + 3).div_euclid(7),
        Bucket::Month => {
            let (y, m, _) = civil_from_days(day);
            y * 12 + i64::from(m) - 1
        }
    }
}

fn bucket_label(b: Bucket, idx: i64) -> String {
    match b {
        Bucket::Week => {
            let (y, m, d) = civil_from_days(idx * 7 - 3);
            format!("{y:04}-{m:02}-{d:02}")
        }
        Bucket::Month => format!("{:04}-{:02}", idx.div_euclid(12), idx.rem_euclid(12) + 1),
    }
}

/// Reads the timeline for a filter.
pub fn timeline(
    conn: &Connection,
    f: &IncidentFilter,
    bucket: Bucket,
    by: SeriesBy,
    metric: Metric,
) -> Result<Timeline, ApiError> {
    let (wh, p) = where_clause(conn, f);
    let sql = match by {
        SeriesBy::None => {
            format!("SELECT i.id, i.date_lo, i.date_hi, NULL, i.killed FROM incidents i {wh}")
        }
        SeriesBy::Country => {
            format!("SELECT i.id, i.date_lo, i.date_hi, i.country_name, i.killed FROM incidents i {wh}")
        }
        SeriesBy::Group if conn.is_pg() => format!(
            "SELECT DISTINCT i.id, i.date_lo, i.date_hi, g ->> 'name', i.killed
             FROM incidents i LEFT JOIN LATERAL
                 jsonb_array_elements(COALESCE(i.merged::jsonb -> 'groups', '[]'::jsonb)) g ON true {wh}"
        ),
        SeriesBy::Group => format!(
            "SELECT DISTINCT i.id, i.date_lo, i.date_hi, json_extract(g.value, '$.name'), i.killed
             FROM incidents i LEFT JOIN json_each(i.merged, '$.groups') g {wh}"
        ),
    };
    let mut st = conn.prepare(&sql).map_err(internal)?;
    let rows = st
        .query_map(params_from_iter(p.iter().cloned()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })
        .map_err(internal)?;
    let mut seen_ids = std::collections::HashSet::new();
    let (mut undated, mut imprecise) = (0u64, 0u64);
    let mut counts: HashMap<String, HashMap<i64, u64>> = HashMap::new();
    let (mut lo_b, mut hi_b) = (i64::MAX, i64::MIN);
    for row in rows {
        let (id, lo, hi, key, killed) = row.map_err(internal)?;
        let first = seen_ids.insert(id);
        let (lo, hi) = match (lo, hi) {
            (Some(lo), Some(hi)) => (lo, hi),
            _ => {
                undated += u64::from(first);
                continue;
            }
        };
        let (bl, bh) = (bucket_of(bucket, lo), bucket_of(bucket, hi));
        if bl != bh {
            imprecise += u64::from(first);
            continue;
        }
        lo_b = lo_b.min(bl);
        hi_b = hi_b.max(bl);
        let name = match by {
            SeriesBy::None => "All".to_string(),
            _ => key
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| "Unknown".to_string()),
        };
        let add = match metric {
            Metric::Incidents => 1,
            Metric::Fatalities => killed.unwrap_or(0).max(0) as u64,
        };
        *counts.entry(name).or_default().entry(bl).or_default() += add;
    }
    let total = seen_ids.len() as u64;
    if counts.is_empty() {
        return Ok(Timeline {
            bucket,
            metric,
            by,
            total,
            undated,
            imprecise,
            buckets: Vec::new(),
            series: Vec::new(),
        });
    }
    if hi_b - lo_b + 1 > MAX_BUCKETS {
        return Err(ApiError::BadRequest(format!(
            "the timeline would have {} buckets (at most {MAX_BUCKETS}); use bucket=month or narrow date_from/date_to",
            hi_b - lo_b + 1
        )));
    }
    let buckets: Vec<String> = (lo_b..=hi_b).map(|b| bucket_label(bucket, b)).collect();
    let mut series: Vec<Series> = counts
        .into_iter()
        .map(|(name, per)| {
            let counts: Vec<u64> = (lo_b..=hi_b)
                .map(|b| per.get(&b).copied().unwrap_or(0))
                .collect();
            Series {
                total: counts.iter().sum(),
                name,
                counts,
            }
        })
        .collect();
    series.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
    if series.len() > MAX_SERIES {
        let rest = series.split_off(MAX_SERIES - 1);
        let mut other = vec![0u64; buckets.len()];
        for s in &rest {
            for (o, c) in other.iter_mut().zip(&s.counts) {
                *o += c;
            }
        }
        series.push(Series {
            name: format!("Other ({} more)", rest.len()),
            total: other.iter().sum(),
            counts: other,
        });
    }
    Ok(Timeline {
        bucket,
        metric,
        by,
        total,
        undated,
        imprecise,
        buckets,
        series,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_store::matching::day_number;

    #[test]
    fn civil_dates_round_trip() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (2031, 12, 31),
            (1969, 12, 29),
            (1900, 3, 1),
        ] {
            let n = day_number(y, m, d);
            assert_eq!(
                civil_from_days(n),
                (i64::from(y), u32::from(m), u32::from(d))
            );
        }
    }

    #[test]
    fn weeks_start_on_monday_and_months_are_calendar_months() {
        // 2031-04-07 is a Monday; the 13th is the Sunday of the same week.
        let mon = day_number(2031, 4, 7);
        let sun = day_number(2031, 4, 13);
        assert_eq!(bucket_of(Bucket::Week, mon), bucket_of(Bucket::Week, sun));
        assert_ne!(
            bucket_of(Bucket::Week, sun),
            bucket_of(Bucket::Week, sun + 1)
        );
        assert_eq!(
            bucket_label(Bucket::Week, bucket_of(Bucket::Week, sun)),
            "2031-04-07"
        );
        let b = bucket_of(Bucket::Month, day_number(2031, 4, 30));
        assert_eq!(bucket_label(Bucket::Month, b), "2031-04");
        assert_eq!(bucket_of(Bucket::Month, day_number(2031, 5, 1)), b + 1);
        // Before 1970 too.
        assert_eq!(
            bucket_label(
                Bucket::Week,
                bucket_of(Bucket::Week, day_number(1965, 6, 3))
            ),
            "1965-05-31"
        );
    }
}
