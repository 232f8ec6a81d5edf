//! Dates and relative dates, resolved against the publication date.
//!
//! A date is resolved only as far as the text and the publication date allow:
//! "on Saturday" needs a publication date; "in March" without one yields
//! nothing; "in 2015" is the year 2015. A partial value is better than a wrong one.

use crate::text::{lower, Token, TokenKind};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use sitrep_core::date::{month_of_name, weekday_of_name};
use sitrep_core::{PartialDate, Span};
use std::borrow::Cow;

/// What a date expression says, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    /// A written date, possibly partial ("June 13, 2016", "June 2016", "2016").
    Absolute(PartialDate),
    /// Month and day without a year ("June 13").
    MonthDay(u8, u8),
    /// A month without a year ("in March"). `offset` = -1 for "last month".
    Month(u8),
    /// "last month" / "this month".
    MonthOffset(i32),
    /// "this year" / "last year".
    YearOffset(i32),
    /// A weekday ("on Saturday").
    Weekday(Weekday),
    /// Days relative to publication: 0 today, -1 yesterday.
    DayOffset(i64),
}

/// A date expression in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    /// The words.
    pub span: Span,
    /// What they say.
    pub expr: DateExpr,
    /// First token.
    pub first_token: usize,
    /// One past the last token.
    pub end_token: usize,
}

impl DateMention {
    /// The date this expression names, given the publication date.
    pub fn resolve(&self, published: Option<PartialDate>) -> Option<PartialDate> {
        resolve(self.expr, published)
    }
}

fn weekday(w: &str) -> Option<Weekday> {
    const DAYS: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    weekday_of_name(w).and_then(|d| DAYS.get(usize::from(d)).copied())
}

fn year_value(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        (1900..=2100).contains(&y).then_some(y)
    } else {
        None
    }
}

fn day_value(w: &str) -> Option<u8> {
    // Only a word starting with a digit can be a day (and most words do not).
    if !w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let digits = w
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u8 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// A word without its possessive ending: "Saturday's" → "Saturday".
fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

const MONTH_CONTEXT: &[&str] = &[
    "in", "on", "since", "by", "until", "till", "during", "early", "late", "mid", "last", "this",
    "next", "of", "from", "between", "and", "or", "before", "after", "through",
];

/// Finds date expressions.
pub fn find_dates(text: &str, tokens: &[Token]) -> Vec<DateMention> {
    let mut out = Vec::new();
    // The line of every token: a date never runs over a line break ("… killing 1\n\nMarch
    // 17, 2017" holds no "1 March").
    let mut line = Vec::with_capacity(tokens.len());
    let mut current = 0usize;
    for (k, t) in tokens.iter().enumerate() {
        if k > 0 {
            let gap = text.get(tokens[k - 1].span.end..t.span.start).unwrap_or("");
            if gap.contains('\n') {
                current += 1;
            }
        }
        line.push(current);
    }
    let mut i = 0;
    while i < tokens.len() {
        let here = line[i];
        let word = |j: usize| {
            tokens
                .get(j)
                .filter(|_| line.get(j) == Some(&here))
                .map(|t| t.text(text))
                .unwrap_or("")
        };
        let lower_at = |j: usize| lower(word(j));
        let t = tokens[i];
        let w = t.text(text);
        let lw = lower(w);
        let mk = |expr: DateExpr, end: usize| DateMention {
            span: Span::new(t.span.start, tokens[end - 1].span.end),
            expr,
            first_token: i,
            end_token: end,
        };
        // ISO date 2016-06-13: tokenized as "2016", "-", "06", "-", "13"
        if let Some(y) = year_value(w) {
            if word(i + 1) == "-" && word(i + 3) == "-" {
                if let (Ok(m), Some(d)) = (word(i + 2).parse::<u8>(), day_value(word(i + 4))) {
                    if let Some(pd) = PartialDate::ymd(y, m, d) {
                        out.push(mk(DateExpr::Absolute(pd), i + 5));
                        i += 5;
                        continue;
                    }
                }
            }
            let prev = if i > 0 {
                lower_at(i - 1)
            } else {
                Cow::Borrowed("")
            };
            let next = lower_at(i + 1);
            let year_ctx = matches!(
                prev.as_ref(),
                "in" | "since"
                    | "of"
                    | "from"
                    | "by"
                    | "until"
                    | "during"
                    | "early"
                    | "late"
                    | "mid"
                    | "between"
                    | "and"
                    | "or"
                    | "before"
                    | "after"
                    | "summer"
                    | "spring"
                    | "autumn"
                    | "winter"
                    | "fall"
            ) || matches!(
                next.as_ref(),
                "attack" | "attacks" | "bombing" | "bombings" | "shooting"
            )
                // "the 2017 Manchester Arena bombing", "the deadly 2016 Nice truck attack"
                || (word(i + 1).chars().next().is_some_and(char::is_uppercase)
                    && matches!(prev.as_ref(), "the" | "a" | "deadly" | "deadliest" | "twin"));
            if year_ctx && t.kind == TokenKind::Number {
                out.push(mk(DateExpr::Absolute(PartialDate::y(y)), i + 1));
                i += 1;
                continue;
            }
        }
        // 13 June 2016 / 13 June
        if let Some(d) = day_value(w) {
            if let Some(m) = month_of_name(word(i + 1)) {
                if word(i + 1).chars().next().is_some_and(char::is_uppercase) {
                    if let Some(y) = year_value(word(i + 2)) {
                        if let Some(pd) = PartialDate::ymd(y, m, d) {
                            out.push(mk(DateExpr::Absolute(pd), i + 3));
                            i += 3;
                            continue;
                        }
                    }
                    out.push(mk(DateExpr::MonthDay(m, d), i + 2));
                    i += 2;
                    continue;
                }
            }
        }
        if let Some(m) = month_of_name(w) {
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            let mut j = i + 1;
            if word(j) == "." {
                j += 1;
            }
            // June 13, 2016 / June 13 / June 2016
            if let Some(d) = day_value(word(j)) {
                let mut k = j + 1;
                if word(k) == "," {
                    k += 1;
                }
                if let Some(y) = year_value(word(k)) {
                    if let Some(pd) = PartialDate::ymd(y, m, d) {
                        out.push(mk(DateExpr::Absolute(pd), k + 1));
                        i = k + 1;
                        continue;
                    }
                }
                if capital || m != 5 {
                    out.push(mk(DateExpr::MonthDay(m, d), j + 1));
                    i = j + 1;
                    continue;
                }
            }
            if let Some(y) = year_value(word(j)) {
                if let Some(pd) = PartialDate::ym(y, m) {
                    out.push(mk(DateExpr::Absolute(pd), j + 1));
                    i = j + 1;
                    continue;
                }
            }
            let prev = if i > 0 {
                lower_at(i - 1)
            } else {
                Cow::Borrowed("")
            };
            let abbreviated = lw.len() <= 4 && lw != "may" && lw != "june" && lw != "july";
            if capital && !abbreviated && MONTH_CONTEXT.contains(&prev.as_ref()) {
                out.push(mk(DateExpr::Month(m), i + 1));
                i += 1;
                continue;
            }
        }
        // "Saturday's bombing", "yesterday's attack": the possessive dates its noun
        let bare = strip_possessive(w);
        if let Some(wd) = weekday(bare) {
            out.push(mk(DateExpr::Weekday(wd), i + 1));
            i += 1;
            continue;
        }
        if bare.len() < w.len() && bare.eq_ignore_ascii_case("yesterday") {
            out.push(mk(DateExpr::DayOffset(-1), i + 1));
            i += 1;
            continue;
        }
        match lw.as_ref() {
            "yesterday" => out.push(mk(DateExpr::DayOffset(-1), i + 1)),
            "today" => out.push(mk(DateExpr::DayOffset(0), i + 1)),
            "tonight" => out.push(mk(DateExpr::DayOffset(0), i + 1)),
            "last" | "this" => {
                let n = lower_at(i + 1);
                let e = match strip_possessive(n.as_ref()) {
                    "night" if lw == "last" => Some(DateExpr::DayOffset(-1)),
                    "month" => Some(DateExpr::MonthOffset(if lw == "last" { -1 } else { 0 })),
                    "year" => Some(DateExpr::YearOffset(if lw == "last" { -1 } else { 0 })),
                    "morning" | "evening" | "afternoon" if lw == "this" => {
                        Some(DateExpr::DayOffset(0))
                    }
                    _ => None,
                };
                if let Some(e) = e {
                    out.push(mk(e, i + 2));
                    i += 2;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn to_naive(p: PartialDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(p.year, p.month? as u32, p.day? as u32)
}

fn from_naive(d: NaiveDate) -> Option<PartialDate> {
    PartialDate::ymd(d.year(), d.month() as u8, d.day() as u8)
}

/// Resolves an expression against the publication date.
pub fn resolve(expr: DateExpr, published: Option<PartialDate>) -> Option<PartialDate> {
    match expr {
        DateExpr::Absolute(p) => Some(p),
        DateExpr::MonthDay(m, d) => {
            let p = published?;
            let pm = p.month?;
            // A month after the publication month is last year's.
            let year = if m > pm { p.year - 1 } else { p.year };
            PartialDate::ymd(year, m, d)
        }
        DateExpr::Month(m) => {
            let p = published?;
            let pm = p.month?;
            let year = if m > pm { p.year - 1 } else { p.year };
            PartialDate::ym(year, m)
        }
        DateExpr::MonthOffset(o) => {
            let p = published?;
            let pm = p.month? as i32 - 1 + o;
            let year = p.year + pm.div_euclid(12);
            PartialDate::ym(year, (pm.rem_euclid(12) + 1) as u8)
        }
        DateExpr::YearOffset(o) => Some(PartialDate::y(published?.year + o)),
        DateExpr::Weekday(wd) => {
            let pd = to_naive(published?)?;
            // The most recent such weekday on or before publication.
            let back = (pd.weekday().num_days_from_monday() as i64
                - wd.num_days_from_monday() as i64)
                .rem_euclid(7);
            from_naive(pd - Duration::days(back))
        }
        DateExpr::DayOffset(o) => from_naive(to_naive(published?)? + Duration::days(o)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn dates(text: &str, published: Option<&str>) -> Vec<(String, Option<String>)> {
        let toks = tokenize(text);
        let p = published.map(|s| s.parse().unwrap());
        find_dates(text, &toks)
            .into_iter()
            .map(|d| {
                (
                    text[d.span.start..d.span.end].to_string(),
                    d.resolve(p).map(|x| x.to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn weekdays_need_a_publication_date() {
        assert_eq!(
            dates("a stabbing on Saturday", None),
            vec![("Saturday".into(), None)]
        );
        // 2018-05-14 is a Monday; the Saturday before is 2018-05-12.
        assert_eq!(
            dates("a stabbing on Saturday", Some("2018-05-14")),
            vec![("Saturday".into(), Some("2018-05-12".into()))]
        );
        // Same weekday as publication: that day.
        assert_eq!(
            dates("on Monday", Some("2018-05-14"))[0].1.as_deref(),
            Some("2018-05-14")
        );
    }

    #[test]
    fn attributive_years() {
        assert_eq!(
            dates("the deadly 2017 Manchester Arena bombing", None)[0]
                .1
                .as_deref(),
            Some("2017")
        );
        assert!(dates("he paid 2017 Euros", None).is_empty());
    }

    #[test]
    fn absolute_and_partial_dates() {
        assert_eq!(
            dates("Wednesday, December 7, 2022", None),
            vec![
                ("Wednesday".into(), None),
                ("December 7, 2022".into(), Some("2022-12-07".into()))
            ]
        );
        assert_eq!(
            dates("like in 2015 in Paris", None),
            vec![("2015".into(), Some("2015".into()))]
        );
        assert_eq!(
            dates("on 13 June 2016", None)[0].1.as_deref(),
            Some("2016-06-13")
        );
        assert_eq!(
            dates("in June 2014,", None)[0].1.as_deref(),
            Some("2014-06")
        );
        assert_eq!(
            dates("on 2016-06-13", None)[0].1.as_deref(),
            Some("2016-06-13")
        );
    }

    #[test]
    fn months_without_year_resolve_only_with_publication() {
        assert_eq!(dates("in March", None), vec![("March".into(), None)]);
        assert_eq!(
            dates("in March", Some("2024-07-01"))[0].1.as_deref(),
            Some("2024-03")
        );
        // December named in a January article is last year's.
        assert_eq!(
            dates("in December", Some("2024-01-10"))[0].1.as_deref(),
            Some("2023-12")
        );
        assert_eq!(
            dates("last month", Some("2024-01-10"))[0].1.as_deref(),
            Some("2023-12")
        );
    }

    #[test]
    fn may_the_name_is_not_a_month() {
        assert!(dates("Theresa May said", None).is_empty());
        assert_eq!(
            dates("on May 3", Some("2020-06-01"))[0].1.as_deref(),
            Some("2020-05-03")
        );
    }

    #[test]
    fn a_date_never_runs_over_a_line_break() {
        assert_eq!(
            dates("Bomb kills 1\n\nMarch 17, 2017\nText", None),
            vec![("March 17, 2017".into(), Some("2017-03-17".into()))]
        );
        assert_eq!(
            dates("in May\n12 people died", Some("2020-06-01")),
            vec![("May".into(), Some("2020-05".into()))]
        );
    }

    #[test]
    fn possessive_weekdays_date_their_noun() {
        assert_eq!(
            dates("Saturday's bombing", Some("2018-05-14")),
            vec![("Saturday's".into(), Some("2018-05-12".into()))]
        );
        assert_eq!(
            dates("yesterday’s attack", Some("2018-05-14"))[0]
                .1
                .as_deref(),
            Some("2018-05-13")
        );
        assert!(dates("today's world", None).is_empty());
        assert_eq!(
            dates("last night's attack", Some("2018-05-14"))[0]
                .1
                .as_deref(),
            Some("2018-05-13")
        );
    }

    #[test]
    fn yesterday_and_last_night() {
        assert_eq!(
            dates("yesterday", Some("2020-03-01"))[0].1.as_deref(),
            Some("2020-02-29")
        );
        assert_eq!(
            dates("last night", Some("2020-03-01"))[0].1.as_deref(),
            Some("2020-02-29")
        );
        assert_eq!(dates("yesterday", None)[0].1, None);
    }
}
