//! Cross-report resolution: does a newly read incident report describe an
//! incident already in the store?
//!
//! [`match_score`] compares two [`MatchFeatures`] and returns a score in
//! `[0, 1]`; 0 means "certainly different" (dates more than
//! [`MAX_DAY_GAP`] days apart, different countries, different cities far
//! apart). Reports scoring at least [`MERGE_THRESHOLD`] join the best
//! candidate; background mentions need [`MENTION_THRESHOLD`] and a shared
//! place or name.

use serde::{Deserialize, Serialize};
use sitrep_core::{AttackType, Incident, PartialDate};
use std::collections::BTreeSet;

/// Score from which a primary report joins an existing incident.
pub const MERGE_THRESHOLD: f64 = 0.55;
/// Score from which a background mention links to an existing incident.
pub const MENTION_THRESHOLD: f64 = 0.4;
/// Reports whose date ranges are further apart than this many days never merge.
pub const MAX_DAY_GAP: i64 = 3;
/// Two different city names still match when their coordinates are this close (km).
pub const NEAR_KM: f64 = 30.0;

/// What matching looks at in one incident (a report or a stored, merged incident).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MatchFeatures {
    /// Date, possibly partial.
    pub date: Option<PartialDate>,
    /// Upper-case ISO alpha-2 code.
    pub country_code: Option<String>,
    /// Normalised country name.
    pub country: Option<String>,
    /// Normalised city name.
    pub city: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Attack types other than `unknown`.
    pub attack_types: BTreeSet<AttackType>,
    /// Normalised perpetrator and group names.
    pub names: BTreeSet<String>,
    /// Content words of the supporting text.
    pub tokens: BTreeSet<String>,
}

/// Lower-cases, trims and collapses white space; `None` for empty strings.
pub fn norm(s: &str) -> Option<String> {
    let out = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!out.is_empty()).then_some(out)
}

const STOPWORDS: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "from", "were", "was", "are", "has", "had",
    "have", "been", "said", "after", "into", "its", "his", "her", "their", "they", "who", "which",
    "when", "where", "not", "but", "also", "than", "then", "there", "one", "two", "three", "least",
    "more", "over", "near", "about", "during", "while", "would", "could", "will", "per", "cent",
];

/// Content words of `text`: lower-cased alphanumeric runs of 3+ characters,
/// without digits-only words and common function words.
pub fn tokens(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| w.to_lowercase())
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
}

/// Jaccard similarity of two token sets (0 when either is empty).
pub fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let inter = a.intersection(b).count() as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    if union <= 0.0 {
        0.0
    } else {
        inter / union
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn day_number(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// First and last day (as day numbers) a partial date can mean.
pub fn day_range(d: &PartialDate) -> (i64, i64) {
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let n = day_number(d.year, m, day);
            (n, n)
        }
        (Some(m), None) => (
            day_number(d.year, m, 1),
            day_number(d.year, m, sitrep_core::date::days_in_month(d.year, m)),
        ),
        _ => (day_number(d.year, 1, 1), day_number(d.year, 12, 31)),
    }
}

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

impl MatchFeatures {
    /// Features of one extracted incident. Its supporting text is the
    /// evidence quoted for it.
    pub fn of_incident(inc: &Incident) -> MatchFeatures {
        let mut f = MatchFeatures {
            date: inc.date.as_ref().map(|d| d.value),
            ..MatchFeatures::default()
        };
        if let Some(loc) = &inc.location {
            f.country_code = loc
                .country_code
                .as_deref()
                .and_then(norm)
                .map(|c| c.to_uppercase());
            f.country = loc.country.as_deref().and_then(norm);
            f.city = loc.city.as_deref().and_then(norm);
            f.lat = loc.lat.filter(|v| v.is_finite());
            f.lon = loc.lon.filter(|v| v.is_finite());
        }
        f.attack_types = inc
            .attack_types
            .iter()
            .map(|a| a.value)
            .filter(|a| *a != AttackType::Unknown)
            .collect();
        f.names = inc
            .perpetrators
            .iter()
            .map(|p| p.name.as_str())
            .chain(inc.groups.iter().map(|g| g.name.as_str()))
            .filter_map(norm)
            .collect();
        let record = sitrep_core::DocumentRecord {
            doc_id: String::new(),
            source: String::new(),
            title: None,
            published: None,
            incidents: vec![inc.clone()],
            statements: Vec::new(),
            error: None,
        };
        let mut text = String::new();
        for e in record.evidence() {
            text.push_str(&e.text);
            text.push(' ');
        }
        f.tokens = tokens(&text);
        f
    }

    /// True when there is anything to match on besides text.
    pub fn has_anchor(&self) -> bool {
        self.city.is_some()
            || self.lat.is_some()
            || !self.names.is_empty()
            || (self.date.is_some_and(|d| d.is_full()) && self.country_code.is_some())
    }
}

/// How likely `a` and `b` describe the same attack, in `[0, 1]`; 0 when they cannot.
///
/// Components: date proximity (same day 0.30, ±1 day 0.20, ±2–3 days 0.10,
/// overlapping partial dates 0.05), place (same city or within
/// [`NEAR_KM`] 0.30/0.20, same country only 0.10), attack types (shared
/// +0.10, disjoint −0.15), a shared perpetrator or group name (+0.20), and
/// 0.30 × the Jaccard similarity of the supporting text.
pub fn match_score(a: &MatchFeatures, b: &MatchFeatures) -> f64 {
    let mut score = 0.0;

    // Date.
    if let (Some(da), Some(db)) = (&a.date, &b.date) {
        let (alo, ahi) = day_range(da);
        let (blo, bhi) = day_range(db);
        let gap = if ahi < blo {
            blo - ahi
        } else if bhi < alo {
            alo - bhi
        } else {
            0
        };
        if gap > MAX_DAY_GAP {
            return 0.0;
        }
        score += match (da.is_full() && db.is_full(), gap) {
            (true, 0) => 0.30,
            (true, 1) => 0.20,
            (true, _) => 0.10,
            (false, _) => 0.05,
        };
    }

    // Country: a known difference rules a match out.
    let mut same_country = false;
    if let (Some(x), Some(y)) = (&a.country_code, &b.country_code) {
        if x != y {
            return 0.0;
        }
        same_country = true;
    } else if let (Some(x), Some(y)) = (&a.country, &b.country) {
        if x != y {
            return 0.0;
        }
        same_country = true;
    }

    // City and coordinates.
    let distance = match (a.lat, a.lon, b.lat, b.lon) {
        (Some(la), Some(oa), Some(lb), Some(ob)) => Some(haversine_km(la, oa, lb, ob)),
        _ => None,
    };
    let near = distance.map(|d| d <= NEAR_KM);
    match (&a.city, &b.city) {
        (Some(x), Some(y)) if x == y => score += 0.30,
        (Some(_), Some(_)) => {
            if near == Some(true) {
                score += 0.20;
            } else {
                return 0.0;
            }
        }
        _ => match near {
            Some(true) => score += 0.20,
            Some(false) => return 0.0,
            None if same_country => score += 0.10,
            None => {}
        },
    }

    // Attack types.
    if !a.attack_types.is_empty() && !b.attack_types.is_empty() {
        if a.attack_types
            .intersection(&b.attack_types)
            .next()
            .is_some()
        {
            score += 0.10;
        } else {
            score -= 0.15;
        }
    }

    // Named perpetrators and groups.
    if a.names.intersection(&b.names).next().is_some() {
        score += 0.20;
    }

    score += 0.30 * jaccard(&a.tokens, &b.tokens);
    score.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feat(date: &str, cc: &str, city: &str, attack: &[AttackType], text: &str) -> MatchFeatures {
        MatchFeatures {
            date: date.parse().ok(),
            country_code: norm(cc).map(|c| c.to_uppercase()),
            country: None,
            city: norm(city),
            lat: None,
            lon: None,
            attack_types: attack.iter().copied().collect(),
            names: BTreeSet::new(),
            tokens: tokens(text),
        }
    }

    const BOMB: &[AttackType] = &[AttackType::BombingExplosion];
    const SHOOT: &[AttackType] = &[AttackType::ArmedAssault];

    #[test]
    fn same_day_same_city_same_attack_merges() {
        let a = feat(
            "2031-04-02",
            "ZZ",
            "Velmora",
            BOMB,
            "car bomb exploded outside the Velmora market",
        );
        let b = feat(
            "2031-04-02",
            "zz",
            "velmora",
            BOMB,
            "a car bomb at the market in Velmora",
        );
        assert!(
            match_score(&a, &b) >= MERGE_THRESHOLD,
            "{}",
            match_score(&a, &b)
        );
    }

    #[test]
    fn same_day_different_cities_never_merge() {
        let a = feat(
            "2031-04-02",
            "ZZ",
            "Velmora",
            BOMB,
            "car bomb exploded outside the market",
        );
        let b = feat(
            "2031-04-02",
            "ZZ",
            "Ostrava Nova",
            BOMB,
            "car bomb exploded outside the market",
        );
        assert_eq!(match_score(&a, &b), 0.0);
    }

    #[test]
    fn different_cities_close_together_can_merge() {
        let mut a = feat(
            "2031-04-02",
            "ZZ",
            "Airport Town",
            BOMB,
            "explosions at the airport hall",
        );
        let mut b = feat(
            "2031-04-02",
            "ZZ",
            "Capital City",
            BOMB,
            "explosions at the airport hall",
        );
        (a.lat, a.lon) = (Some(50.90), Some(4.48));
        (b.lat, b.lon) = (Some(50.85), Some(4.35));
        assert!(match_score(&a, &b) >= MERGE_THRESHOLD);
    }

    #[test]
    fn dates_too_far_apart_or_other_country_block() {
        let a = feat("2031-04-02", "ZZ", "Velmora", BOMB, "bomb");
        let b = feat("2031-04-09", "ZZ", "Velmora", BOMB, "bomb");
        assert_eq!(match_score(&a, &b), 0.0);
        let c = feat("2031-04-02", "YY", "Velmora", BOMB, "bomb");
        assert_eq!(match_score(&a, &c), 0.0);
    }

    #[test]
    fn a_day_apart_still_merges_but_other_attack_type_same_day_does_not() {
        let a = feat("2031-04-02", "ZZ", "Velmora", BOMB, "bomb market");
        let b = feat("2031-04-03", "ZZ", "Velmora", BOMB, "bomb market");
        assert!(match_score(&a, &b) >= MERGE_THRESHOLD);
        // Same day and city, but a shooting with unrelated words: a second attack.
        let c = feat(
            "2031-04-02",
            "ZZ",
            "Velmora",
            SHOOT,
            "gunmen opened fire on a police post",
        );
        assert!(
            match_score(&a, &c) < MERGE_THRESHOLD,
            "{}",
            match_score(&a, &c)
        );
    }

    #[test]
    fn partial_dates_overlap_by_range() {
        let a = feat("2031-04", "ZZ", "Velmora", BOMB, "");
        let b = feat("2031-04-30", "ZZ", "Velmora", BOMB, "");
        assert!(match_score(&a, &b) > 0.0);
        let c = feat("2031-06-01", "ZZ", "Velmora", BOMB, "");
        assert_eq!(match_score(&a, &c), 0.0);
    }

    #[test]
    fn shared_names_raise_the_score() {
        let a = feat("", "ZZ", "", &[], "");
        let mut b = a.clone();
        let base = match_score(&a, &b);
        let mut a2 = a.clone();
        a2.names.insert("northern front".into());
        b.names.insert("northern front".into());
        assert!(match_score(&a2, &b) > base + 0.19);
    }

    #[test]
    fn day_numbers_are_right() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2000, 3, 1), 11_017);
        assert_eq!(day_number(2016, 3, 22) - day_number(2016, 2, 28), 23);
        let (lo, hi) = day_range(&"2016-02".parse().unwrap());
        assert_eq!(hi - lo, 28);
    }

    #[test]
    fn tokens_drop_numbers_and_function_words() {
        let t = tokens("The 32 victims of the Velmora bombing, said police.");
        assert!(t.contains("velmora") && t.contains("victims") && t.contains("police"));
        assert!(!t.contains("the") && !t.contains("32") && !t.contains("said"));
    }
}
