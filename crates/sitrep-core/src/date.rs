//! A calendar date that may be known only to the month or the year.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A date known to the day, the month or only the year. Serialised as
/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// Year (e.g. 2016).
    pub year: i32,
    /// Month 1–12, if known.
    pub month: Option<u8>,
    /// Day 1–31, if known (only with a month).
    pub day: Option<u8>,
}

/// English month names and their abbreviations, January first.
const MONTH_NAMES: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sept", "sep"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

/// English weekday names, Monday first.
const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The month (1–12) a word names, in any case, with or without a full stop ("Sept.").
pub fn month_of_name(w: &str) -> Option<u8> {
    let w = w.trim_end_matches('.');
    MONTH_NAMES
        .iter()
        .position(|names| names.iter().any(|n| n.eq_ignore_ascii_case(w)))
        .map(|i| i as u8 + 1)
}

/// The weekday a word names, in any case: 0 for Monday to 6 for Sunday.
pub fn weekday_of_name(w: &str) -> Option<u8> {
    WEEKDAY_NAMES
        .iter()
        .position(|n| n.eq_ignore_ascii_case(w))
        .map(|i| i as u8)
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date (expected YYYY, YYYY-MM or YYYY-MM-DD): {0:?}")]
pub struct DateParseError(pub String);

impl PartialDate {
    /// A full date; `None` if the day does not exist in that month.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<PartialDate> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// A year and month.
    pub fn ym(year: i32, month: u8) -> Option<PartialDate> {
        (1..=12).contains(&month).then_some(PartialDate {
            year,
            month: Some(month),
            day: None,
        })
    }

    /// A year alone.
    pub fn y(year: i32) -> PartialDate {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// True when year, month and day are all known.
    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }
}

/// Days in `month` of `year` (Gregorian).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateParseError;

    fn from_str(s: &str) -> Result<PartialDate, DateParseError> {
        let err = || DateParseError(s.to_string());
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, DateParseError> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        match parts.as_slice() {
            [y] => Ok(PartialDate::y(num(y, 4)? as i32)),
            [y, m] => PartialDate::ym(num(y, 4)? as i32, num(m, 2)? as u8).ok_or_else(err),
            [y, m, d] => PartialDate::ymd(num(y, 4)? as i32, num(m, 2)? as u8, num(d, 2)? as u8)
                .ok_or_else(err),
            _ => Err(err()),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PartialDate, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_and_weekday_names() {
        assert_eq!(month_of_name("May"), Some(5));
        assert_eq!(month_of_name("Sept."), Some(9));
        assert_eq!(month_of_name("DEC"), Some(12));
        assert_eq!(month_of_name("Mayor"), None);
        assert_eq!(weekday_of_name("saturday"), Some(5));
        assert_eq!(weekday_of_name("Monday"), Some(0));
        assert_eq!(weekday_of_name("Mon"), None);
    }

    #[test]
    fn parses_and_prints_all_precisions() {
        for s in ["2016", "2016-06", "2016-06-13"] {
            assert_eq!(s.parse::<PartialDate>().unwrap().to_string(), s);
        }
        assert!("2016-02-30".parse::<PartialDate>().is_err());
        assert!("2015-02-29".parse::<PartialDate>().is_err());
        assert!("2016-02-29".parse::<PartialDate>().is_ok());
        assert!("16-06-13".parse::<PartialDate>().is_err());
        assert!("June 2016".parse::<PartialDate>().is_err());
    }

    #[test]
    fn orders_chronologically() {
        let a: PartialDate = "2016-06-13".parse().unwrap();
        let b: PartialDate = "2017-03-22".parse().unwrap();
        assert!(a < b);
    }
}
