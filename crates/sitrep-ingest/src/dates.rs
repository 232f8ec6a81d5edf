//! Reading publication dates written in page metadata or JSON Lines records.
//!
//! Only machine-readable forms are accepted (ISO 8601 / RFC 3339, RFC 2822 and a few
//! close variants). Dates written in prose ("Wednesday, December 7, 2022") are never
//! read here: a site's date header must not become a publication date.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use sitrep_core::PartialDate;

/// Earliest year accepted as a publication date (guards against CMS placeholders).
const MIN_YEAR: i32 = 1900;
/// Latest year accepted as a publication date.
const MAX_YEAR: i32 = 2100;

/// The calendar date of a metadata date or date-time, as written.
///
/// A date-time keeps the date of its own offset (`2022-12-07T23:30:00-05:00` is
/// 7 December, not 8 December in UTC): that is the date the publisher printed.
/// `YYYY-MM` and `YYYY` give a partial date. Returns `None` for anything else.
pub fn parse_metadata_date(value: &str) -> Option<PartialDate> {
    let s = value.trim();
    if s.is_empty() {
        return None;
    }
    let date = full_date(s)
        .and_then(|d| from_naive(&d))
        .or_else(|| partial_date(s))?;
    (MIN_YEAR..=MAX_YEAR).contains(&date.year).then_some(date)
}

fn full_date(s: &str) -> Option<NaiveDate> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(dt.date_naive());
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt.date());
        }
    }
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    // An ISO date followed by a time part in a form chrono does not know
    // (e.g. "2022-12-07T10:30:00.000 GMT"): the date part is unambiguous.
    let head = s.get(..10)?;
    let rest = s.get(10..)?;
    if rest.starts_with(['T', 't', ' ']) {
        return NaiveDate::parse_from_str(head, "%Y-%m-%d").ok();
    }
    None
}

fn partial_date(s: &str) -> Option<PartialDate> {
    // Only the two strict partial forms: YYYY-MM and YYYY.
    match s.len() {
        4 | 7 => s.parse::<PartialDate>().ok(),
        _ => None,
    }
}

fn from_naive(d: &NaiveDate) -> Option<PartialDate> {
    use chrono::Datelike;
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    PartialDate::ymd(d.year(), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse_metadata_date(s).map(|d| d.to_string())
    }

    #[test]
    fn reads_iso_and_rfc_forms() {
        assert_eq!(p("2021-03-04").as_deref(), Some("2021-03-04"));
        assert_eq!(p(" 2021-03-04T10:20:30Z ").as_deref(), Some("2021-03-04"));
        assert_eq!(
            p("2021-03-04T10:20:30.123+01:00").as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(p("2021-03-04T10:20:30+0100").as_deref(), Some("2021-03-04"));
        assert_eq!(p("2021-03-04T10:20:30").as_deref(), Some("2021-03-04"));
        assert_eq!(p("2021-03-04 10:20").as_deref(), Some("2021-03-04"));
        assert_eq!(p("2021/03/04").as_deref(), Some("2021-03-04"));
        assert_eq!(
            p("Thu, 04 Mar 2021 10:20:30 GMT").as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(
            p("2021-03-04T10:20:30.000 GMT").as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(p("2021-03").as_deref(), Some("2021-03"));
        assert_eq!(p("2021").as_deref(), Some("2021"));
    }

    #[test]
    fn keeps_the_publishers_local_date() {
        // 23:30 at UTC-5 is already the next day in UTC; the page says the 4th.
        assert_eq!(
            p("2021-03-04T23:30:00-05:00").as_deref(),
            Some("2021-03-04")
        );
    }

    #[test]
    fn refuses_prose_and_nonsense() {
        for s in [
            "",
            "   ",
            "Wednesday, December 7, 2022",
            "December 2022",
            "yesterday",
            "2021-02-30",
            "2021-13-01",
            "0001-01-01T00:00:00Z",
            "2021-03-04Xjunk",
            "12345",
            "é2021-03-04",
        ] {
            assert_eq!(p(s), None, "{s:?}");
        }
    }
}
