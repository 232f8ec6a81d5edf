//! Plain text: validation of raw bytes and the choice of a title.
//!
//! A plain-text document's text is its bytes unchanged; this module only checks
//! them and picks the headline line as title. The publication date a header states is
//! read in `stamps`.

use crate::error::IngestError;
use sitrep_core::date::{month_of_name, weekday_of_name};

/// How many non-blank lines at the top of a text are looked at for a headline.
const HEADER_LINES: usize = 15;
/// A line longer than this (in bytes) is body text, not a headline.
const MAX_TITLE_BYTES: usize = 300;
/// A headline has at least this many words.
const MIN_TITLE_WORDS: usize = 3;
/// A line of this many words after a collector's stamp is the lead, not a headline.
const LEAD_WORDS: usize = 20;

/// Checks that `bytes` are a text document: no NUL byte, valid UTF-8, not blank.
///
/// Returns the text unchanged (same bytes) on success.
pub fn validate_text(bytes: &[u8]) -> Result<&str, IngestError> {
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(IngestError::Binary { offset });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| IngestError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    check_not_blank(text)?;
    Ok(text)
}

/// Fails with [`IngestError::Empty`] when `text` holds only whitespace, and with
/// [`IngestError::Binary`] when it holds a NUL character.
pub(crate) fn check_not_blank(text: &str) -> Result<(), IngestError> {
    if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
        return Err(IngestError::Binary { offset });
    }
    if text.chars().all(char::is_whitespace) {
        return Err(IngestError::Empty);
    }
    Ok(())
}

/// What a line at the top of a plain-text article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// Site furniture: a temperature, a date, a place name alone, "Advertisement"…
    Header,
    /// Body text: too long to be a headline.
    Body,
    /// Could be the headline.
    Candidate,
}

/// The headline of a plain-text article, if one can be told apart.
///
/// Looks at the first lines up to the first body paragraph, skipping site headers
/// (a temperature such as `53.5 F`, a city name alone, a date line such as
/// `Wednesday, December 7, 2022`, bylines, one- and two-word lines). A line that the
/// site repeats (headline printed twice) wins; otherwise the first candidate does.
pub fn guess_title(text: &str) -> Option<String> {
    let lines = top_lines(text);
    headline_index(&lines).map(|i| strip_stamp(lines[i]).to_string())
}

/// The first non-blank lines of `text` (at most [`HEADER_LINES`]), trimmed: where the
/// headline and the publication date are looked for.
pub(crate) fn top_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .filter(|l| !l.is_empty())
        .take(HEADER_LINES)
        .collect()
}

/// The index of the headline among `lines` (see [`guess_title`]); a line's leading
/// machine stamp is no part of it.
pub(crate) fn headline_index(lines: &[&str]) -> Option<usize> {
    let mut candidates: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let stripped = strip_stamp(line);
        if stripped.is_empty() {
            continue;
        }
        // a sentence after a stamp is the lead, not a headline
        if stripped.len() < line.len()
            && (stripped.ends_with('.') || stripped.split_whitespace().count() >= LEAD_WORDS)
        {
            break;
        }
        match classify(stripped) {
            LineKind::Header => {}
            LineKind::Body => break,
            LineKind::Candidate => candidates.push(i),
        }
    }
    // A caption is often printed twice (image alt text and caption); a headline is not a
    // long sentence ending in a full stop.
    let text_of = |i: usize| strip_stamp(lines[i]);
    let repeated = candidates
        .iter()
        .enumerate()
        .find(|(k, &c)| {
            let line = text_of(c);
            candidates.iter().skip(k + 1).any(|&d| text_of(d) == line)
                && !(line.ends_with('.') && line.split_whitespace().count() > 12)
        })
        .map(|(_, &c)| c);
    repeated.or_else(|| candidates.first().copied())
}

fn classify(line: &str) -> LineKind {
    if line.len() > MAX_TITLE_BYTES || several_sentences(line) {
        return LineKind::Body;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < MIN_TITLE_WORDS
        || is_temperature(line)
        || is_date_line(&words)
        || is_byline(&words)
        || is_boilerplate_line(line)
        || is_caption(line)
        || is_furniture(&words)
        || crate::stamps::is_stamp_line(line)
    {
        return LineKind::Header;
    }
    LineKind::Candidate
}

/// True when `line` is a paragraph of sentences, not a headline: it ends with a full
/// stop and a word of four or more letters ends a sentence inside it ("… on Thursday
/// morning. Two terrorists have also been gunned down."); "U.S. Embassy" is no break.
fn several_sentences(line: &str) -> bool {
    if !line.trim_end().ends_with('.') {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    words.windows(2).any(|w| {
        let end = w[0].trim_end_matches(['"', '\'', '”', '’', ')']);
        end.ends_with('.')
            && end
                .trim_end_matches('.')
                .chars()
                .rev()
                .take_while(|c| c.is_lowercase())
                .count()
                >= 4
            && w[1].chars().next().is_some_and(char::is_uppercase)
    })
}

/// The line without a leading machine date stamp: `date 2018-02-19 Two killed …` →
/// `Two killed …` (a scraper's or feed's stamp, not part of the headline).
pub(crate) fn strip_stamp(line: &str) -> &str {
    let rest = line.trim_start();
    let rest = ["date", "published", "updated", "posted"]
        .iter()
        .find_map(|w| {
            rest.get(..w.len())
                .filter(|h| h.eq_ignore_ascii_case(w))
                .and_then(|_| rest.get(w.len()..))
        })
        .unwrap_or(rest);
    let rest = rest.trim_start_matches([':', ' ']);
    let iso = rest.len() >= 10
        && rest.as_bytes()[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && rest
            .as_bytes()
            .get(10)
            .is_none_or(|b| b.is_ascii_whitespace());
    if iso {
        rest[10..].trim_start()
    } else {
        line
    }
}

/// Words that open or mark an image caption.
const CAPTION_MARKERS: &[&str] = &[
    "in this image",
    "in this photo",
    "in this picture",
    "in this file photo",
    "file photo",
    "image caption",
    "photo:",
    "photo/",
    "(ap photo",
    "reuters/",
    "getty images",
    "afp photo",
    "photo credit",
];

/// An image caption: a caption marker ("In this image taken from video, …", "… Photo/J.
/// Doe"), or a sentence ending in a place and a date ("…, Maiduguri, Nigeria, June 5,
/// 2013.").
fn is_caption(line: &str) -> bool {
    let l = line.to_lowercase();
    if CAPTION_MARKERS
        .iter()
        .any(|m| l.starts_with(m) || (m.contains(['/', ':', '(']) && l.contains(m)))
    {
        return true;
    }
    // "…, Maiduguri, Nigeria, June 5, 2013.": a long line whose last words are a date
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() > 8
        && line.trim_end().ends_with('.')
        && words.len() >= 3
        && is_date_line(&words[words.len() - 3..])
        && line.matches(',').count() >= 3
}

/// Site furniture that is no headline: a line ending on a lone mark ("Today from the
/// Site:  _"), a short line naming a web address ("search on example.com"), or a short
/// "City - AGENCY" dateline.
fn is_furniture(words: &[&str]) -> bool {
    let Some(last) = words.last() else {
        return true;
    };
    if last.chars().all(|c| !c.is_alphanumeric()) || last.ends_with(':') {
        return true;
    }
    let web = |w: &&str| {
        let w = w.trim_end_matches(['.', ',']).to_lowercase();
        [".com", ".org", ".net", ".co.uk", ".in"]
            .iter()
            .any(|d| w.ends_with(d))
            || w.starts_with("http")
            || w.starts_with("www.")
    };
    if words.len() <= 6 && words.iter().any(web) {
        return true;
    }
    // "Updated at 3 p.m. ET", "Mon, Apr 13, 2009 - Page 7": a stamp, whatever follows it
    let first = words[0].trim_end_matches(':').to_lowercase();
    if matches!(first.as_str(), "updated" | "published" | "posted")
        || (3..=5).any(|k| words.len() > k && is_date_line(&words[..k]))
    {
        return true;
    }
    words.len() <= 4
        && words.contains(&"-")
        && last.len() >= 2
        && last.chars().all(|c| c.is_ascii_uppercase())
}

/// True when `line` is only a temperature or only a date: a site header.
pub(crate) fn is_header_only_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    is_temperature(line) || is_date_line(&words)
}

/// `53.5 F`, `-3°C`, `72 °F`.
pub(crate) fn is_temperature(line: &str) -> bool {
    let s = line.trim();
    let Some(rest) = s.strip_suffix(['F', 'C', 'f', 'c']) else {
        return false;
    };
    let rest = rest.trim_end().trim_end_matches('°').trim_end();
    let rest = rest.strip_prefix(['-', '+']).unwrap_or(rest);
    !rest.is_empty()
        && rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Weekday abbreviations a date line may carry ("Wed, 7 Dec 2022"); the full names are
/// `sitrep_core::date::weekday_of_name`'s. Kept out of the shared reader, where "sun",
/// "sat" and "wed" are more often words than weekdays.
const WEEKDAY_ABBREVIATIONS: &[&str] = &[
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Words that may stand in a date line besides the date itself.
const DATE_FILLERS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "last",
    "on",
    "at",
    "am",
    "pm",
    "a.m",
    "p.m",
    "of",
    "the",
    "date",
    "time",
    "utc",
    "gmt",
    "est",
    "edt",
    "cst",
    "cdt",
    "pst",
    "pdt",
    "bst",
    "cet",
    "cest",
    "ist",
];

/// True when every word is part of a date ("Wednesday, December 7, 2022",
/// "Updated: 7 Dec 2022 10:31 GMT", "07/12/2022") and one of them names a month
/// or is a numeric date.
fn is_date_line(words: &[&str]) -> bool {
    let mut has_date = false;
    for w in words {
        let t = w
            .trim_matches(|c: char| {
                matches!(c, ',' | '.' | ':' | ';' | '|' | '(' | ')' | '-' | '–' | '—')
            })
            .to_lowercase();
        if t.is_empty() {
            continue;
        }
        let is_number = t.chars().all(|c| c.is_ascii_digit());
        let is_ordinal = t.len() > 2
            && ["st", "nd", "rd", "th"].iter().any(|s| t.ends_with(s))
            && t.get(..t.len() - 2)
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        let is_numeric_date = t.contains(['/', '-', '.', ':'])
            && t.chars().any(|c| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.' | ':'));
        if month_of_name(&t).is_some() || (is_numeric_date && !t.contains(':')) {
            has_date = true;
        } else if !(is_number
            || is_ordinal
            || is_numeric_date
            || weekday_of_name(&t).is_some()
            || WEEKDAY_ABBREVIATIONS.contains(&t.as_str())
            || DATE_FILLERS.contains(&t.as_str()))
        {
            return false;
        }
    }
    has_date
}

/// "By Jane Doe", "By Jane Doe and John Roe, Reuters".
fn is_byline(words: &[&str]) -> bool {
    words.len() <= 8 && words.first().is_some_and(|w| w.eq_ignore_ascii_case("by"))
}

/// Lines that are site furniture whatever their length.
fn is_boilerplate_line(line: &str) -> bool {
    let l = line.to_lowercase();
    let l = l.trim_matches(|c: char| !c.is_alphanumeric());
    BOILERPLATE_PREFIXES.iter().any(|p| l.starts_with(p))
}

const BOILERPLATE_PREFIXES: &[&str] = &[
    "advertisement",
    "advert",
    "skip to",
    "sign up",
    "sign in",
    "subscribe",
    "share this",
    "follow us",
    "click here",
    "read more",
    "related articles",
    "related stories",
    "breaking news",
    "you are here",
    "home page",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_site_headers_before_the_headline() {
        let text = "61.2 F\nSpringfield\nTuesday, March 3, 2020\n\nRiver Ferry Attack Leaves Dozens Hurt\n\nBody text starts here.\n";
        assert_eq!(
            guess_title(text).as_deref(),
            Some("River Ferry Attack Leaves Dozens Hurt")
        );
    }

    #[test]
    fn repeated_headline_beats_a_section_name() {
        let text = "World News and Views\n\nStorm Hits the Northern Coast Town\n\n Storm Hits the Northern Coast Town\n\nA long body paragraph follows.\n";
        assert_eq!(
            guess_title(text).as_deref(),
            Some("Storm Hits the Northern Coast Town")
        );
    }

    #[test]
    fn first_line_is_title_when_plain() {
        let text = "Officials said on Monday that the bridge will reopen.\nMore text.\n";
        assert_eq!(
            guess_title(text).as_deref(),
            Some("Officials said on Monday that the bridge will reopen.")
        );
    }

    #[test]
    fn no_title_when_text_starts_with_a_long_paragraph() {
        let body = "word ".repeat(100);
        assert_eq!(guess_title(&body), None);
        assert_eq!(guess_title("Short\n\n"), None);
    }

    #[test]
    fn recognises_date_lines() {
        let yes = [
            "Wednesday, December 7, 2022",
            "7 Dec 2022",
            "Updated: 10:31 GMT, 7 December 2022",
            "07/12/2022",
            "Published on March 3rd, 2020 at 5 p.m.",
        ];
        for l in yes {
            let w: Vec<&str> = l.split_whitespace().collect();
            assert!(is_date_line(&w), "{l}");
        }
        let no = [
            "May Day rally draws thousands",
            "Attack on March 3 kills two",
            "10:31",
            "2022 in review",
        ];
        for l in no {
            let w: Vec<&str> = l.split_whitespace().collect();
            assert!(!is_date_line(&w), "{l}");
        }
    }

    #[test]
    fn a_leading_date_stamp_is_not_part_of_the_headline() {
        let text = " date 2019-07-27 Nine killed in raid on border village\nThe raid took place at night, officials said.\n";
        assert_eq!(
            guess_title(text).as_deref(),
            Some("Nine killed in raid on border village")
        );
        assert_eq!(strip_stamp("date 2018-02-19"), "");
        assert_eq!(strip_stamp("2018 in review"), "2018 in review");
    }

    #[test]
    fn captions_and_furniture_are_no_headlines() {
        let text = "Today from the Coast Herald:  _\nadvertisements\nGunmen kill official in port city\n\nIn this image taken from video, soldiers guard the road where the convoy was hit, in Port Town, Coastland, March 2, 2021.\nIn this image taken from video, soldiers guard the road where the convoy was hit, in Port Town, Coastland, March 2, 2021.\nGunmen shot dead an official on Monday.\n";
        assert_eq!(
            guess_title(text).as_deref(),
            Some("Gunmen kill official in port city")
        );
        assert!(is_caption(
            "Soldiers stand by weapons seized from the rebels, Port Town, Coastland, June 5, 2013."
        ));
        assert!(is_caption(
            "Police display seized arms in the capital. Photo/JANE DOE"
        ));
        assert!(!is_caption("Bomb kills five at market in Port Town"));
        // a paragraph of sentences is the lead, not a headline
        assert!(several_sentences(
            "Three soldiers were killed when gunmen attacked a camp on Thursday morning. Two gunmen were also shot dead."
        ));
        assert!(!several_sentences(
            "U.S. Embassy in Port Town attacked by gunmen."
        ));
        assert_eq!(
            guess_title("Three soldiers were killed when gunmen attacked a camp on Thursday morning. Two gunmen were also shot dead.\nThe camp was later searched.\n"),
            None
        );
        let w = |s: &'static str| s.split_whitespace().collect::<Vec<_>>();
        assert!(is_furniture(&w("search on example.com")));
        assert!(is_furniture(&w("Canberra - DPA")));
        assert!(is_furniture(&w("Updated at 3 p.m. ET")));
        assert!(is_furniture(&w("Mon, Apr 13, 2009 - Page 7 News List")));
        assert!(!is_furniture(&w("Bomb kills five at market in Port Town")));
    }

    #[test]
    fn a_collectors_stamp_is_no_part_of_the_headline() {
        assert_eq!(
            guess_title(
                " date 2019-07-27 Fifteen Killed in Village Raid\nThe raid came at night.\n"
            )
            .as_deref(),
            Some("Fifteen Killed in Village Raid")
        );
        // furniture after the stamp is skipped
        assert_eq!(
            guess_title("date 2018-02-19 search on example.org\nTwo Guards Dead in Ambush\n")
                .as_deref(),
            Some("Two Guards Dead in Ambush")
        );
        // a lead sentence after the stamp is no headline
        assert_eq!(
            guess_title("date 2018-02-19 Gunmen killed two guards at a depot on Sunday, police said.\nMore.\n"),
            None
        );
        assert_eq!(strip_stamp("date night ideas"), "date night ideas");
    }

    #[test]
    fn stamp_lines_are_no_headlines() {
        let text = "Page last updated at 16:35 GMT, Friday, 15 May 2009 17:35 UK\n\nBlast Kills Three at Checkpoint\n\nBody.\n";
        assert_eq!(
            guess_title(text).as_deref(),
            Some("Blast Kills Three at Checkpoint")
        );
    }

    #[test]
    fn recognises_temperatures() {
        for t in ["53.5 F", "-3°C", "72 °F", "+10 C"] {
            assert!(is_temperature(t), "{t}");
        }
        for t in ["F", "Team C", "3.5.F1", "°C"] {
            assert!(!is_temperature(t), "{t}");
        }
    }

    #[test]
    fn validation_errors() {
        assert!(matches!(
            validate_text(b"ab\0cd"),
            Err(IngestError::Binary { offset: 2 })
        ));
        assert!(matches!(
            validate_text(b"abc\xff\xfe"),
            Err(IngestError::InvalidUtf8 { offset: 3 })
        ));
        assert!(matches!(
            validate_text(b" \n\t\r\n"),
            Err(IngestError::Empty)
        ));
        assert!(matches!(validate_text(b""), Err(IngestError::Empty)));
        assert_eq!(validate_text("é\r\n".as_bytes()).ok(), Some("é\r\n"));
    }
}
