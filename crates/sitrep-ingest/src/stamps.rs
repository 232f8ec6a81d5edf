//! The publication date a plain text states in its header.
//!
//! Two small decisions, each tested apart:
//!
//! 1. [`header_dates`]: which lines at the top of a text carry a date stamp — a
//!    leading machine stamp (`date 2018-02-19 …`), a "Published" / "Posted" /
//!    "Updated" line, a byline or date line (`Sunday 20 January 2019 17:12 GMT`,
//!    `12 Apr 2018 The New York Times`, `Jane Doe / 12 May 2011`) or a wire dateline
//!    with a year (`LAGOS, May 12, 2011 (Reuters) -`) — each with its line and the
//!    date it gives. Only dates with a year count: `LAGOS, May 12 (Reuters) -` states
//!    no publication date.
//! 2. [`choose_published`]: which candidate is the publication date, given where the
//!    headline is. A date line above the headline is the site's "today" header, not
//!    the article's date, when another stamp follows the headline or when it stands
//!    among site furniture (a temperature, "Today …", advertisements).
//!
//! A numeric date whose day and month cannot be told apart (`04/05/2014`) gives only
//! its year: a partial date rather than a wrong one (a dotted date, `04.05.2014`, puts
//! the day first).

use sitrep_core::date::{month_of_name, weekday_of_name};
use sitrep_core::PartialDate;

/// The zone ends after this many lines of running text (lead paragraphs).
const ZONE_PROSE_LINES: usize = 2;
/// A line of at least this many words is running text.
const PROSE_WORDS: usize = 20;
/// Most words besides the date an unlabelled stamp line may hold.
const MAX_REST_WORDS: usize = 5;
/// Most words besides the date a "Published" / "Updated" line may hold.
const MAX_LABELLED_REST_WORDS: usize = 8;
/// A stamp line is at most this many bytes.
const MAX_STAMP_BYTES: usize = 300;
/// A wire dateline's prefix (before its dash) is at most this many bytes.
const MAX_DATELINE_PREFIX: usize = 90;

/// What kind of stamp a header date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum StampKind {
    /// A collector's stamp opening the text: `date 2018-02-19 …`.
    Machine,
    /// "Published …", "Posted …", "First published …".
    Published,
    /// "Updated …", "Last updated …".
    Updated,
    /// A wire dateline with a year: `LAGOS, May 12, 2011 (Reuters) -`.
    Dateline,
    /// A date line or byline without a label.
    Plain,
}

/// A publication-date candidate in the header of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HeaderDate {
    /// Index of the line among the non-blank lines of the text.
    pub line: usize,
    /// The date the line gives.
    pub date: PartialDate,
    /// What kind of stamp it is.
    pub kind: StampKind,
}

/// The publication-date candidates among `lines` (the top lines of a text, see
/// `text::top_lines`); `headline` is the headline's index, which is never a stamp.
/// Lines after the second line of running text (lead paragraphs, captions; a line
/// printed twice counts once) are not looked at.
pub(crate) fn header_dates(lines: &[&str], headline: Option<usize>) -> Vec<HeaderDate> {
    let mut out = Vec::new();
    let mut prose = 0;
    for (i, line) in lines.iter().enumerate() {
        if prose >= ZONE_PROSE_LINES {
            break;
        }
        // a caption printed twice counts once
        if line.split_whitespace().count() >= PROSE_WORDS && !lines[..i].contains(line) {
            prose += 1;
        }
        if i == 0 {
            if let Some(date) = machine_stamp(line) {
                out.push(HeaderDate {
                    line: i,
                    date,
                    kind: StampKind::Machine,
                });
                continue;
            }
        }
        if Some(i) == headline {
            continue;
        }
        let found = stamp_line(line).or_else(|| dateline(line).map(|d| (d, StampKind::Dateline)));
        if let Some((date, kind)) = found {
            out.push(HeaderDate {
                line: i,
                date,
                kind,
            });
        }
    }
    out
}

/// The publication date among `cands`, given the headline's line (`None` when
/// unknown: every candidate then counts as below it) and which lines are site
/// furniture (`furniture[i]` for line `i`; the headline's own line counts, for a
/// "Today …" line may be taken for it).
///
/// In order: a machine stamp; a "Published"/"Posted" line; a dateline or plain stamp
/// below the headline; an "Updated" line; a plain stamp above the headline unless it
/// is the site's date header (another stamp below the headline, or furniture above
/// the headline). Within a kind the first line wins.
pub(crate) fn choose_published(
    cands: &[HeaderDate],
    headline: Option<usize>,
    furniture: &[bool],
) -> Option<PartialDate> {
    let below = |c: &HeaderDate| headline.is_none_or(|h| c.line > h);
    let first = |f: &dyn Fn(&HeaderDate) -> bool| cands.iter().find(|c| f(c)).map(|c| c.date);
    first(&|c| c.kind == StampKind::Machine)
        .or_else(|| first(&|c| c.kind == StampKind::Published))
        .or_else(|| {
            first(&|c| matches!(c.kind, StampKind::Plain | StampKind::Dateline) && below(c))
        })
        .or_else(|| first(&|c| c.kind == StampKind::Updated))
        .or_else(|| {
            let h = headline?;
            let furnished = furniture.iter().take(h + 1).any(|f| *f);
            if furnished {
                return None;
            }
            first(&|c| c.kind == StampKind::Plain && c.line < h)
        })
}

/// True when `line` is a date stamp (see [`stamp_line`]): site furniture, no headline.
pub(crate) fn is_stamp_line(line: &str) -> bool {
    stamp_line(line).is_some()
}

/// `date 2018-02-19 …` at the very start of a text: a collector's stamp.
fn machine_stamp(line: &str) -> Option<PartialDate> {
    let mut words = line.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("date") {
        return None;
    }
    let d = numeric_date(words.next()?)?;
    d.is_full().then_some(d)
}

/// A short line that is a date stamp: `Published: 3 March 2019`, `Sunday 20 January
/// 2019 17:12 GMT`, `12 Apr 2018 The New York Times`, `Jane Doe / 12 May 2011`.
///
/// Besides the date, an unlabelled line holds at most [`MAX_REST_WORDS`] words, each
/// capitalised or a filler ("by", "at", "am"): a sentence that names a date ("Attack
/// on March 3, 2020 kills two") is no stamp.
fn stamp_line(line: &str) -> Option<(PartialDate, StampKind)> {
    if line.len() > MAX_STAMP_BYTES {
        return None;
    }
    let toks = tokens(line);
    let (date, start, end) = find_date(&toks)?;
    let lower = |r: &[&str]| -> Vec<String> { r.iter().map(|t| t.to_lowercase()).collect() };
    let (before, after) = (lower(&toks[..start]), lower(&toks[end..]));
    let has = |words: &[String], w: &str| words.iter().any(|b| b == w);
    let label = if ["published", "posted", "created"]
        .iter()
        .any(|w| has(&before, w))
    {
        Some(StampKind::Published)
    } else if has(&before, "updated") || has(&before, "modified") {
        Some(StampKind::Updated)
    } else if ["published", "posted", "updated", "modified"]
        .iter()
        .any(|w| has(&after, w))
    {
        // "3 March 2019 / 9:15 PM / Updated 2 hours ago": the date before an update is
        // the first publication
        Some(StampKind::Published)
    } else {
        None
    };
    let rest: Vec<&str> = toks[..start]
        .iter()
        .chain(&toks[end..])
        .copied()
        .filter(|t| !is_date_filler(t))
        .collect();
    match label {
        Some(kind) => (rest.len() <= MAX_LABELLED_REST_WORDS).then_some((date, kind)),
        None => {
            let capitalised = rest
                .iter()
                .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()));
            (rest.len() <= MAX_REST_WORDS && capitalised).then_some((date, StampKind::Plain))
        }
    }
}

/// A wire dateline with a year at the start of a line: `LAGOS, May 12, 2011 (Reuters) -`,
/// `Islamabad, 1 August 2023 (ANI):`. The place opens the line with a capital, the date
/// and an optional agency follow, then a dash or a colon.
fn dateline(line: &str) -> Option<PartialDate> {
    if !line.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    // only the line's head can hold a dateline
    let mut head_end = line.len().min(MAX_DATELINE_PREFIX + 4);
    while !line.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let head = line.get(..head_end)?;
    let cut = [" - ", " -- ", " — ", " – ", " _ ", ": ", " —", " –"]
        .iter()
        .filter_map(|sep| head.find(sep))
        .min()?;
    if cut > MAX_DATELINE_PREFIX {
        return None;
    }
    let prefix = line.get(..cut)?;
    let comma = prefix.find(',')?;
    let toks = tokens(prefix.get(comma..)?);
    let (date, start, end) = find_date(&toks)?;
    // Only the agency may follow the date: "(Reuters)", "(AP)".
    let after_ok = toks[end..].len() <= 2;
    (start == 0 && after_ok && date.is_full()).then_some(date)
}

/// Words of a stamp line: split at white space and `|`, trimmed of punctuation (a
/// numeric date such as `05/05/2014` stays whole).
fn tokens(line: &str) -> Vec<&str> {
    line.split(|c: char| c.is_whitespace() || c == '|')
        .map(|w| {
            w.trim_matches(|c: char| {
                matches!(
                    c,
                    ',' | ';'
                        | ':'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '"'
                        | '\''
                        | '-'
                        | '–'
                        | '—'
                        | '/'
                        | '·'
                        | '•'
                ) || (c == '.')
            })
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Words that may stand in a stamp line besides the date: labels, weekdays, times,
/// "by", "at", "am"…
fn is_date_filler(w: &str) -> bool {
    let l = w.to_lowercase();
    let l = l.trim_end_matches('.');
    weekday_of_name(l).is_some()
        || WEEKDAY_ABBREVIATIONS.contains(&l)
        || FILLERS.contains(&l)
        || is_time(l)
        || l.chars().all(|c| c.is_ascii_digit())
}

/// `21:15`, `9.30`, `11:33am`, `2030hrs`.
fn is_time(w: &str) -> bool {
    let w = w
        .trim_end_matches("am")
        .trim_end_matches("pm")
        .trim_end_matches("hrs");
    let mut parts = w.split([':', '.']);
    let (Some(h), Some(m)) = (parts.next(), parts.next()) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    digits(h) && digits(m) && parts.all(digits)
}

const WEEKDAY_ABBREVIATIONS: &[&str] = &[
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

const FILLERS: &[&str] = &[
    "published",
    "first",
    "posted",
    "created",
    "updated",
    "modified",
    "last",
    "page",
    "on",
    "at",
    "by",
    "and",
    "of",
    "the",
    "written",
    "date",
    "time",
    "am",
    "pm",
    "a.m",
    "p.m",
];

/// A numeric date as one word: `2018-02-19`, `2018/02/19`, `05/05/2014`, `29.4.2024`.
/// Day and month that cannot be told apart (`04/05/2014`) give the year alone.
fn numeric_date(w: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = w.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|x| x.is_ascii_digit()))
    {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let (a, b, c) = (num(a)?, num(b)?, num(c)?);
    let (al, cl) = (parts[0].len(), parts[2].len());
    let year_ok = |y: u32| (1900..=2100).contains(&y);
    if al == 4 && cl <= 2 && year_ok(a) {
        return PartialDate::ymd(a as i32, u8::try_from(b).ok()?, u8::try_from(c).ok()?);
    }
    if cl == 4 && al <= 2 && parts[1].len() <= 2 && year_ok(c) {
        let y = c as i32;
        let (a, b) = (u8::try_from(a).ok()?, u8::try_from(b).ok()?);
        // "12.05.2011": dotted dates put the day first
        if w.contains('.') {
            return PartialDate::ymd(y, b, a);
        }
        return match (a > 12, b > 12) {
            (true, false) => PartialDate::ymd(y, b, a),
            (false, true) => PartialDate::ymd(y, a, b),
            (false, false) if a == b => PartialDate::ymd(y, a, b),
            (false, false) if PartialDate::ymd(y, a, b).is_some() => Some(PartialDate::y(y)),
            _ => None,
        };
    }
    None
}

fn day_of(w: &str) -> Option<u8> {
    let l = w.to_ascii_lowercase();
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| l.strip_suffix(s))
        .unwrap_or(&l);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(w: &str) -> Option<i32> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// The first full date (with its year) among `toks`: `3 March 2019`, `March 3, 2019`,
/// `Jun 7 2000`, `2019-03-03`, `03/29/2019`. Returns the date and its token range.
fn find_date(toks: &[&str]) -> Option<(PartialDate, usize, usize)> {
    for i in 0..toks.len() {
        let t = toks[i];
        if let Some(d) = numeric_date(t) {
            return Some((d, i, i + 1));
        }
        let at = |k: usize| toks.get(k).copied().unwrap_or("");
        if let (Some(day), Some(m), Some(y)) =
            (day_of(t), month_of_name(at(i + 1)), year_of(at(i + 2)))
        {
            if let Some(d) = PartialDate::ymd(y, m, day) {
                return Some((d, i, i + 3));
            }
        }
        if let (Some(m), Some(day), Some(y)) =
            (month_of_name(t), day_of(at(i + 1)), year_of(at(i + 2)))
        {
            // "may" in lower case is a verb
            if t.chars().next().is_some_and(char::is_uppercase) {
                if let Some(d) = PartialDate::ymd(y, m, day) {
                    return Some((d, i, i + 3));
                }
            }
        }
    }
    None
}

/// Site furniture at the top of a page: a temperature, weather, "Today …",
/// advertisements. A date line among them is the site's date, not the article's.
pub(crate) fn is_furniture(line: &str) -> bool {
    let l = line.to_lowercase();
    let words: Vec<&str> = l
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    crate::text::is_temperature(line)
        || line.contains('°')
        || words.iter().any(|w| FURNITURE_WORDS.contains(w))
}

const FURNITURE_WORDS: &[&str] = &[
    "today",
    "today's",
    "weather",
    "forecast",
    "advertisement",
    "advertisements",
    "sunny",
    "cloudy",
    "humidity",
    "showers",
];

/// The publication date the header of `text` states, if any.
pub fn published_in_text(text: &str) -> Option<PartialDate> {
    let lines = crate::text::top_lines(text);
    let headline = crate::text::headline_index(&lines);
    let cands = header_dates(&lines, headline);
    if cands.is_empty() {
        return None;
    }
    let furniture: Vec<bool> = lines.iter().map(|l| is_furniture(l)).collect();
    choose_published(&cands, headline, &furniture)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    fn stamp(line: &str) -> Option<(String, StampKind)> {
        stamp_line(line).map(|(d, k)| (d.to_string(), k))
    }

    #[test]
    fn numeric_dates_and_their_ambiguity() {
        assert_eq!(numeric_date("2018-02-19"), Some(d("2018-02-19")));
        assert_eq!(numeric_date("2018/02/19"), Some(d("2018-02-19")));
        assert_eq!(numeric_date("4/29/2024"), Some(d("2024-04-29")));
        assert_eq!(numeric_date("29.4.2024"), Some(d("2024-04-29")));
        assert_eq!(numeric_date("05/05/2014"), Some(d("2014-05-05")));
        // day and month cannot be told apart: the year alone
        assert_eq!(numeric_date("04/05/2014"), Some(d("2014")));
        assert_eq!(numeric_date("04-05-2014"), Some(d("2014")));
        // a dotted date puts the day first
        assert_eq!(numeric_date("04.05.2014"), Some(d("2014-05-04")));
        for no in ["2018-02-30", "13/13/2014", "12:30", "1/2", "2014", "1.5.14"] {
            assert_eq!(numeric_date(no), None, "{no}");
        }
    }

    #[test]
    fn stamp_lines_with_and_without_labels() {
        let plain = StampKind::Plain;
        assert_eq!(
            stamp("Sunday 20 January 2019 17:12 GMT"),
            Some(("2019-01-20".into(), plain))
        );
        assert_eq!(
            stamp("12 Apr 2018 The Daily Courier"),
            Some(("2018-04-12".into(), plain))
        );
        assert_eq!(
            stamp("Jane Doe / 12 May 2011"),
            Some(("2011-05-12".into(), plain))
        );
        assert_eq!(
            stamp("21:15 3 March 2019"),
            Some(("2019-03-03".into(), plain))
        );
        assert_eq!(
            stamp("Mon, Apr 13, 2009 - Page 7 News List"),
            Some(("2009-04-13".into(), plain))
        );
        assert_eq!(
            stamp("Aug 04, 2015 at 11:33 AM ET"),
            Some(("2015-08-04".into(), plain))
        );
        assert_eq!(
            stamp("Tuesday, 10th September 2024"),
            Some(("2024-09-10".into(), plain))
        );
        assert_eq!(
            stamp("Posted  Friday, September 14  2012 at  23:30"),
            Some(("2012-09-14".into(), StampKind::Published))
        );
        assert_eq!(
            stamp("Last updated: 3 March, 2012"),
            Some(("2012-03-03".into(), StampKind::Updated))
        );
        assert_eq!(
            stamp("Page last updated at 16:35 GMT, Friday, 15 May 2009 17:35 UK"),
            Some(("2009-05-15".into(), StampKind::Updated))
        );
        assert_eq!(
            stamp("March 3, 2019 / 9:15 PM / Updated 2 hours ago"),
            Some(("2019-03-03".into(), StampKind::Published))
        );
        assert_eq!(
            stamp("First published on Sun 20 Jan 2019 17.12 GMT"),
            Some(("2019-01-20".into(), StampKind::Published))
        );
        assert_eq!(
            stamp("June 20, 1994|By Harbour Times Staff"),
            Some(("1994-06-20".into(), plain))
        );
    }

    #[test]
    fn sentences_and_captions_are_no_stamps() {
        for line in [
            "Attack on March 3, 2020 kills two",
            "Troops patrol the market in Kadugli, Sudan, June 5, 2013.",
            "The ceasefire signed on 4 May 2019 collapsed within weeks of its signing",
            "Ferry sinks",
            "May 2019",
            "LAGOS, May 12 (Reuters) - Gunmen attacked a bus",
        ] {
            assert_eq!(stamp(line), None, "{line}");
        }
    }

    #[test]
    fn wire_datelines_need_a_year() {
        assert_eq!(
            dateline("LAGOS, May 12, 2011 (Reuters) - Gunmen attacked a bus depot"),
            Some(d("2011-05-12"))
        );
        assert_eq!(
            dateline("Harbourtown, 1 August 2023 (ANI): The group said"),
            Some(d("2023-08-01"))
        );
        assert_eq!(dateline("LAGOS, May 12 (Reuters) - Gunmen attacked"), None);
        assert_eq!(
            dateline("Officials said on May 12, 2011 - a Friday - that"),
            None
        );
    }

    #[test]
    fn machine_stamp_opens_the_text() {
        assert_eq!(
            machine_stamp("date 2018-02-19 search on example.org"),
            Some(d("2018-02-19"))
        );
        assert_eq!(machine_stamp("date night ideas"), None);
        // as a later line it is read as a plain stamp at most
        let lines = ["Headline of the Story Here", "date 2018-02-19"];
        assert!(header_dates(&lines, Some(0))
            .iter()
            .all(|c| c.kind != StampKind::Machine));
    }

    fn published(text: &str) -> Option<String> {
        published_in_text(text).map(|d| d.to_string())
    }

    #[test]
    fn a_date_above_the_headline_is_a_site_header_when_another_follows() {
        let text = "Tuesday, 10th September 2024\n\nHarbour Bridge Gunman Shot by Police\n\nA subheading about the search\n\nFriday, 14th December 2018\n\nPolice shot a gunman on Thursday.\n";
        assert_eq!(published(text).as_deref(), Some("2018-12-14"));
    }

    #[test]
    fn a_date_above_the_headline_among_furniture_is_a_site_header() {
        let text =
            "21.0 C\nMonday, 3 May 2021\n\nHarbour Crane Collapse Closes Terminal\n\nBody.\n";
        assert_eq!(published(text), None);
        let text = "4/29/2024\nToday from the Valley Post\nHarbour Crane Collapse Closes Terminal\n\nBody.\n";
        assert_eq!(published(text), None);
    }

    #[test]
    fn a_lone_date_above_the_headline_dates_the_article() {
        let text = "Friday, November 20, 2015\n\nGunmen Storm a Hotel in the Capital\n\nGunmen stormed a hotel on Friday.\n";
        assert_eq!(published(text).as_deref(), Some("2015-11-20"));
    }

    #[test]
    fn a_posted_line_beats_the_site_date() {
        let text = "Saturday, September 15, 2012\n\nEight Suspects on the Loose\n\nBy Jane Doe\nPosted Friday, September 14 2012 at 23:30\nPolice said on Friday that eight suspects are at large.\n";
        assert_eq!(published(text).as_deref(), Some("2012-09-14"));
    }

    #[test]
    fn machine_stamp_wins() {
        let text = " date 2019-07-27 Fifteen Killed in Village Raid\nThe raid took place on Thursday night.\n";
        assert_eq!(published(text).as_deref(), Some("2019-07-27"));
    }

    #[test]
    fn a_dateline_without_a_year_and_a_caption_date_give_nothing() {
        let text = "Bus Attack Kills Five\n\nLAGOS, May 12 (Reuters) - Gunmen attacked a bus on Friday, killing five people, police said.\n";
        assert_eq!(published(text), None);
        let text = "Court Jails Four Bombers\n\nTroops patrol the market in Kadugli, Sudan, June 5, 2013.\n\nA court sentenced four men on Tuesday.\n";
        assert_eq!(published(text), None);
    }

    #[test]
    fn choice_order() {
        let c = |line, date: &str, kind| HeaderDate {
            line,
            date: d(date),
            kind,
        };
        let cands = [
            c(0, "2020-01-01", StampKind::Plain),
            c(3, "2019-05-05", StampKind::Updated),
            c(4, "2019-05-04", StampKind::Plain),
        ];
        // below the headline beats "Updated" and the header above
        assert_eq!(
            choose_published(&cands, Some(1), &[false; 5]),
            Some(d("2019-05-04"))
        );
        // "Updated" beats the header above the headline
        assert_eq!(
            choose_published(&cands[..2], Some(1), &[false; 5]),
            Some(d("2019-05-05"))
        );
        // alone above the headline: the article's date unless furniture is there
        assert_eq!(
            choose_published(&cands[..1], Some(1), &[false; 5]),
            Some(d("2020-01-01"))
        );
        assert_eq!(
            choose_published(&cands[..1], Some(2), &[false, true, false]),
            None
        );
        let published_first = [
            c(2, "2019-05-04", StampKind::Plain),
            c(5, "2019-05-03", StampKind::Published),
        ];
        assert_eq!(
            choose_published(&published_first, Some(1), &[false; 6]),
            Some(d("2019-05-03"))
        );
    }
}
