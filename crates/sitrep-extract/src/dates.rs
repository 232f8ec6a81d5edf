//! The incident's date: which date mention belongs to an incident.
//!
//! Small decisions, each tested apart:
//!
//! * [`date_role`]: what a date mention dates, from its neighbours — the event
//!   ("on Friday" by the event verb, "Saturday's bombing"), the reporting of it
//!   ("police said on Sunday", "claimed responsibility Monday"), the bound of a period
//!   ("since 2015") or the document itself (a date line or a collector's stamp).
//! * [`modifies_event`]: a date that modifies an event noun ("Saturday's car bomb
//!   attack", "the Sunday night attack") dates that event, however far its place.
//! * [`same_clause`] and [`opens_sentence`]: a date in the clause of an event word
//!   ("that killed 21 people at a police academy yesterday") or opening the sentence
//!   as its frame ("On Saturday morning, a gunman shot …") dates that event.
//! * [`incident_date`]: for one incident, the event date nearest its own event words
//!   or places in the sentences it owns; for the primary incident without one, a date
//!   written right by its place ("in central Grozny on Friday morning"); for a
//!   background incident anchored with the primary in one undated sentence
//!   ("simultaneous attacks in X and in Y"), the primary's date. A partial date ("last
//!   year") takes the one full date of that year the text writes by an event word ("the
//!   attack on 22 July 2011").
//!
//! Relative dates ("on Friday", "yesterday") resolve against the publication date in
//! `sitrep_nlp::dates`; without one they give nothing (a partial date rather than a
//! wrong one).

use crate::context::Ctx;
use crate::fill::{evidence, excluded_sentence, Ownership};
use crate::incidents::{event_cues, Cluster};
use sitrep_core::{Labeled, PartialDate, Span};
use sitrep_nlp::dates::{DateExpr, DateMention};

/// Verbs of saying and claiming: a date attached to one dates the report, not the event.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "announced",
    "reported",
    "confirmed",
    "added",
    "stated",
    "claimed",
    "declared",
    "warned",
    "responsibility",
    "statement",
];

/// Words that may stand between a reporting verb and its date ("said late on Friday").
const DATE_LEAD_INS: &[&str] = &["on", "late", "early", "this"];

/// Verbs that tell when an event happened ("which had occurred on Thursday").
const HAPPENED: &[&str] = &["occurred", "happened", "place", "struck", "erupted"];

/// Largest distance in tokens between a date and an event word of its incident.
const MAX_EVENT_DISTANCE: usize = 6;
/// Largest distance for a date in a sentence without an anchor of its incident.
const MAX_UNANCHORED_DISTANCE: usize = 4;
/// Longest line (in bytes) read as a date line.
const MAX_STAMP_LINE: usize = 160;
/// Longest clause (in tokens) between an event word and its date.
const MAX_CLAUSE_TOKENS: usize = 40;
/// Largest distance between the primary incident's place and a date written by it.
const MAX_PLACE_DISTANCE: usize = 3;

/// What a date mention dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateRole {
    /// An event (the default).
    Event,
    /// The report of an event: "police said on Sunday", "claimed responsibility Monday".
    Reporting,
    /// The bound of a period: "since 2015", "until 2019".
    Bound,
    /// The document itself: a date line or a collector's stamp.
    Stamp,
}

/// What date mention `d` dates, from the words around it.
pub(crate) fn date_role(ctx: &Ctx, d: &DateMention) -> DateRole {
    let i = d.first_token;
    if i > 0 && matches!(ctx.lw(i - 1), "since" | "until" | "till") {
        return DateRole::Bound;
    }
    if is_stamp(ctx, d) {
        return DateRole::Stamp;
    }
    // "the government said Friday", "security sources said on Saturday"
    let mut k = i;
    let mut steps = 0;
    while k > 0 && steps < 3 && DATE_LEAD_INS.contains(&ctx.lw(k - 1)) {
        k -= 1;
        steps += 1;
    }
    if k > 0 && REPORTING.contains(&ctx.lw(k - 1)) {
        return DateRole::Reporting;
    }
    // "police on Sunday said", "the group on Monday claimed"
    if REPORTING.contains(&ctx.lw(d.end_token)) && d.end_token > d.first_token {
        return DateRole::Reporting;
    }
    DateRole::Event
}

/// True when `d` names the news day itself: "today", "tonight", "yesterday", "last
/// night". Such a date marks the report's own event, never another, earlier one.
pub fn is_news_day(d: &DateMention) -> bool {
    matches!(d.expr, DateExpr::DayOffset(0 | -1))
}

/// True when `d` stands on a line of its own (a date line such as "Wednesday, May 14,
/// 2008" under a headline) or in a collector's `date YYYY-MM-DD` stamp opening the text.
fn is_stamp(ctx: &Ctx, d: &DateMention) -> bool {
    if d.first_token == 1 && ctx.lw(0) == "date" {
        return true;
    }
    let bytes = ctx.text.as_bytes();
    // a stamp line is short: look for its ends no further than MAX_STAMP_LINE bytes
    let before = bytes.get(..d.span.start).unwrap_or_default();
    let start = match before
        .iter()
        .rev()
        .take(MAX_STAMP_LINE)
        .position(|&b| b == b'\n')
    {
        Some(p) => d.span.start - p,
        None if d.span.start <= MAX_STAMP_LINE => 0,
        None => return false,
    };
    let after = bytes.get(d.span.end..).unwrap_or_default();
    let end = match after.iter().take(MAX_STAMP_LINE).position(|&b| b == b'\n') {
        Some(p) => d.span.end + p,
        None if after.len() <= MAX_STAMP_LINE => bytes.len(),
        None => return false,
    };
    let dates = &ctx.ann.dates;
    let lo = dates.partition_point(|m| m.span.start < start);
    let hi = dates.partition_point(|m| m.span.start < end);
    let in_line = dates.get(lo..hi).unwrap_or_default();
    // every other word of the line is a weekday, a number, a time or punctuation
    let mut k = ctx.token_at(start);
    while k < ctx.ann.tokens.len() && ctx.ann.tokens[k].span.start < end {
        let inside = in_line
            .iter()
            .any(|m| (m.first_token..m.end_token).contains(&k));
        let w = ctx.lw(k);
        let filler = inside
            || sitrep_core::date::weekday_of_name(w).is_some()
            || !w.chars().any(char::is_alphabetic)
            || matches!(
                w,
                "am" | "pm" | "gmt" | "utc" | "updated" | "published" | "posted"
            );
        if !filler {
            return false;
        }
        k += 1;
    }
    true
}

/// True when `d` modifies an event noun of its sentence: "Saturday's car bomb attack",
/// "the Sunday night attack", "Thursday's suicide blast".
pub(crate) fn modifies_event(ctx: &Ctx, d: &DateMention, event_starts: &[usize]) -> bool {
    let mut k = d.end_token;
    if ctx.lw(k) == "'s" || ctx.lw(k) == "’s" || ctx.lw(k) == "'" {
        k += 1;
    }
    let possessive = ctx
        .ann
        .tokens
        .get(d.end_token.saturating_sub(1))
        .and_then(|t| t.span.slice(ctx.text))
        .is_some_and(|w| w.ends_with("'s") || w.ends_with("’s"));
    let the = d.first_token > 0 && ctx.lw(d.first_token - 1) == "the";
    if !(possessive || k > d.end_token || the) {
        return false;
    }
    // up to three modifiers between the date and the event noun ("night", "car bomb")
    event_starts.iter().any(|&e| e >= k && e <= k + 3)
}

/// Punctuation that ends a clause.
const CLAUSE_BREAKS: &[&str] = &[",", ";", ":", "—", "–", "(", ")"];

/// True when tokens `a` and `b` stand in one clause: no clause punctuation and no
/// reporting verb between them ("a bombing that killed 21 people at a police academy
/// yesterday", but not "killed 21 people, the government said Friday").
pub(crate) fn same_clause(ctx: &Ctx, a: usize, b: usize) -> bool {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    hi - lo <= MAX_CLAUSE_TOKENS
        && (lo + 1..hi).all(|k| {
            let w = ctx.lw(k);
            !CLAUSE_BREAKS.contains(&w) && !REPORTING.contains(&w)
        })
}

/// True when `d` opens its sentence as a frame: "On Saturday morning, a gunman shot
/// …", "On Thursday at the headquarters …, a worker stabbed …".
pub(crate) fn opens_sentence(ctx: &Ctx, d: &DateMention) -> bool {
    let start = ctx
        .sentence_range(ctx.sentence_of_token(d.first_token))
        .start;
    let frame = |k: usize| matches!(ctx.lw(k), "on" | "late" | "early" | "last");
    (start..d.first_token).all(frame) && d.first_token - start <= 2
}

/// True when `d` follows a verb of happening: "which had occurred on Thursday".
fn after_happened(ctx: &Ctx, d: &DateMention) -> bool {
    let i = d.first_token;
    (1..=2).any(|back| i >= back && HAPPENED.contains(&ctx.lw(i - back)))
        && (i < 2 || !REPORTING.contains(&ctx.lw(i - 2)))
}

/// Date mentions that may date an event of the incident `ci`: owned by it, in the
/// article, not quoted, dating an event.
fn event_dates<'c>(
    ctx: &'c Ctx,
    own: &'c Ownership,
    ci: usize,
) -> impl Iterator<Item = &'c DateMention> + 'c {
    ctx.ann.dates.iter().filter(move |d| {
        own.of_span(ctx, d.span) == Some(ci)
            && !ctx.quoted(d.span)
            && d.span.start >= ctx.body_start
            && date_role(ctx, d) == DateRole::Event
    })
}

/// The incident's date: an event date written next to its anchors or its event words
/// (see the module's documentation).
pub fn incident_date(
    ctx: &Ctx,
    own: &Ownership,
    clusters: &[Cluster],
    ci: usize,
) -> Option<Labeled<PartialDate>> {
    let c = clusters.get(ci)?;
    let (v, span) = own_date(ctx, own, ci, c).or_else(|| shared_date(ctx, own, clusters, ci))?;
    let (v, span) = refined(ctx, own, ci, v).unwrap_or((v, span));
    Some(Labeled {
        value: v,
        evidence: evidence(ctx, [span]),
    })
}

/// The date of the incident's own words: the event date nearest its event words or
/// anchors; the year written with its anchor when that date disagrees.
fn own_date(ctx: &Ctx, own: &Ownership, ci: usize, c: &Cluster) -> Option<(PartialDate, Span)> {
    let mut best: Option<(usize, PartialDate, Span)> = None;
    // each sentence's verdict and event words, read once however many dates it holds
    let mut read: Option<(usize, bool, Vec<crate::incidents::EventCue>)> = None;
    for d in event_dates(ctx, own, ci) {
        let s = ctx.ann.sentence_of(d.span.start);
        let anchored = c.anchors.iter().any(|a| a.sentence == s);
        if read.as_ref().is_none_or(|(rs, _, _)| *rs != s) {
            let excluded = excluded_sentence(ctx, s, anchored);
            let evs: Vec<_> = if excluded {
                Vec::new()
            } else {
                event_cues(ctx, s)
                    .into_iter()
                    .filter(|e| !e.generic)
                    .collect()
            };
            read = Some((s, excluded, evs));
        }
        let Some((_, excluded, evs)) = read.as_ref() else {
            continue;
        };
        if *excluded {
            continue;
        }
        let starts: Vec<usize> = evs.iter().map(|e| e.tok).collect();
        let near_event = evs
            .iter()
            .map(|e| {
                if d.first_token >= e.end_tok {
                    d.first_token - e.end_tok
                } else {
                    e.tok.saturating_sub(d.end_token)
                }
            })
            .min();
        let near_anchor = c
            .anchors
            .iter()
            .filter(|a| a.sentence == s)
            .map(|a| a.place_tok.abs_diff(d.first_token))
            .min();
        // the nearest event word in the date's own clause
        let in_clause = evs.iter().filter_map(|e| clause_distance(ctx, d, e)).min();
        let dist = if modifies_event(ctx, d, &starts) || (!evs.is_empty() && after_happened(ctx, d))
        {
            0
        } else if let Some(x) = in_clause {
            x.min(MAX_EVENT_DISTANCE)
        } else if (anchored || !evs.is_empty()) && opens_sentence(ctx, d) {
            MAX_EVENT_DISTANCE
        } else {
            let dist = match (near_event, near_anchor) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) => a,
                (None, Some(b)) => b,
                (None, None) => continue,
            };
            if dist > MAX_EVENT_DISTANCE
                || (!anchored && near_event.is_none_or(|x| x > MAX_UNANCHORED_DISTANCE))
            {
                continue;
            }
            dist
        };
        let Some(v) = d.resolve(ctx.published) else {
            continue;
        };
        if best.as_ref().is_none_or(|(bd, _, _)| dist < *bd) {
            best = Some((dist, v, d.span));
        }
    }
    if best.is_none() && c.primary {
        best = by_the_place(ctx, own, ci, c).map(|(v, sp)| (usize::MAX, v, sp));
    }
    if let Some(y) = c.year {
        if best.as_ref().is_none_or(|(_, v, _)| v.year != y) {
            // the year written with the anchor, with its month and day when written
            // there ("an assault in Ghazni in August 2018" is 2018-08)
            let of_year = |d: &&DateMention| matches!(d.expr, DateExpr::Absolute(p) if p.year == y);
            let anchored = |d: &&DateMention| {
                let s = ctx.ann.sentence_of(d.span.start);
                c.anchors.iter().any(|a| a.sentence == s)
            };
            let d = ctx
                .ann
                .dates
                .iter()
                .filter(of_year)
                .find(anchored)
                .or_else(|| ctx.ann.dates.iter().find(of_year))?;
            let v = match d.expr {
                DateExpr::Absolute(p) if anchored(&d) => p,
                _ => PartialDate::y(y),
            };
            return Some((v, d.span));
        }
    }
    best.map(|(_, v, sp)| (v, sp))
}

/// Distance in tokens between a date and an event word `e` of its clause, if they share
/// one.
fn clause_distance(ctx: &Ctx, d: &DateMention, e: &crate::incidents::EventCue) -> Option<usize> {
    if !same_clause(ctx, e.tok, d.first_token) {
        return None;
    }
    Some(if d.first_token >= e.end_tok {
        d.first_token - e.end_tok
    } else {
        e.tok.saturating_sub(d.end_token)
    })
}

/// A background incident without a date of its own, anchored with the primary incident
/// in one undated sentence ("simultaneous attacks in X and in Y"), shares its date.
fn shared_date(
    ctx: &Ctx,
    own: &Ownership,
    clusters: &[Cluster],
    ci: usize,
) -> Option<(PartialDate, Span)> {
    let c = clusters.get(ci)?;
    if c.primary {
        return None;
    }
    let pi = clusters.iter().position(|x| x.primary)?;
    let p = &clusters[pi];
    let shared = c.anchors.iter().any(|a| {
        let span = ctx.ann.sentence_span(a.sentence);
        p.anchors.iter().any(|b| b.sentence == a.sentence)
            && !ctx.ann.dates.iter().any(|d| span.contains(d.span))
    });
    if !shared {
        return None;
    }
    own_date(ctx, own, pi, p)
}

/// A fuller form of a partial date `v` ("last year", "in July 2011"): the one full date
/// of the same year (and month) that the text writes by an event word ("the attack on
/// 22 July 2011") in a sentence of this incident or of none. Two such dates that
/// disagree refine nothing.
fn refined(ctx: &Ctx, own: &Ownership, ci: usize, v: PartialDate) -> Option<(PartialDate, Span)> {
    if v.is_full() {
        return None;
    }
    let mut found: Option<(PartialDate, Span)> = None;
    for d in ctx.ann.dates.iter() {
        let owner = own.of_span(ctx, d.span);
        if !(owner.is_none() || owner == Some(ci))
            || ctx.quoted(d.span)
            || d.span.start < ctx.body_start
            || date_role(ctx, d) != DateRole::Event
        {
            continue;
        }
        let Some(r) = d.resolve(ctx.published).filter(|r| {
            r.is_full() && r.year == v.year && v.month.is_none_or(|m| r.month == Some(m))
        }) else {
            continue;
        };
        let s = ctx.ann.sentence_of(d.span.start);
        if excluded_sentence(ctx, s, false) {
            continue;
        }
        let evs: Vec<_> = event_cues(ctx, s)
            .into_iter()
            .filter(|e| !e.generic)
            .collect();
        let starts: Vec<usize> = evs.iter().map(|e| e.tok).collect();
        let by_event = modifies_event(ctx, d, &starts)
            || evs
                .iter()
                .any(|e| clause_distance(ctx, d, e).is_some_and(|x| x <= 1));
        if !by_event {
            continue;
        }
        match found {
            Some((f, _)) if f != r => return None,
            Some(_) => {}
            None => found = Some((r, d.span)),
        }
    }
    found
}

/// The primary incident's date when no event word has one: the first event date
/// written right by a mention of its place ("in central Grozny on Friday morning") in a
/// sentence it owns.
fn by_the_place(ctx: &Ctx, own: &Ownership, ci: usize, c: &Cluster) -> Option<(PartialDate, Span)> {
    let key = ctx.places.get(c.place?)?.key();
    let place_toks: Vec<usize> = ctx
        .places
        .iter()
        .filter(|p| p.key() == key)
        .map(|p| ctx.token_at(p.span.start))
        .collect();
    event_dates(ctx, own, ci)
        .filter(|d| {
            let s = ctx.ann.sentence_of(d.span.start);
            !excluded_sentence(ctx, s, false)
                && place_toks.iter().any(|&p| {
                    ctx.sentence_of_token(p) == s
                        && p < d.first_token
                        && d.first_token - p <= MAX_PLACE_DISTANCE
                })
        })
        .find_map(|d| Some((d.resolve(ctx.published)?, d.span)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoPlaces;
    use sitrep_core::Document;
    use sitrep_nlp::AnnotateOptions;

    fn doc(text: &str) -> Document {
        Document {
            id: "t".into(),
            source: "t".into(),
            title: None,
            published: None,
            language: None,
            text: text.to_string(),
        }
    }

    /// The role of the date mention whose words are `words` in `text`.
    fn role(text: &str, words: &str) -> DateRole {
        let d = doc(text);
        let ctx = Ctx::new(&d, &NoPlaces, AnnotateOptions::default());
        let at = text.find(words).unwrap();
        let m = ctx
            .ann
            .dates
            .iter()
            .find(|m| m.span.start == at)
            .unwrap_or_else(|| panic!("no date mention {words:?}"));
        date_role(&ctx, m)
    }

    #[test]
    fn reporting_dates_are_not_event_dates() {
        use DateRole::*;
        let t = "Gunmen killed four men on Sunday night, the police said on Monday.";
        assert_eq!(role(t, "Sunday"), Event);
        assert_eq!(role(t, "Monday"), Reporting);
        let t = "A group claimed responsibility Monday for shooting four men.";
        assert_eq!(role(t, "Monday"), Reporting);
        let t = "The ministry said late on Friday that the bomb killed two.";
        assert_eq!(role(t, "Friday"), Reporting);
        let t = "Police on Tuesday said the blast killed nine.";
        assert_eq!(role(t, "Tuesday"), Reporting);
        let t = "The blast on Tuesday killed nine, officials said.";
        assert_eq!(role(t, "Tuesday"), Event);
    }

    #[test]
    fn bounds_and_stamps() {
        use DateRole::*;
        assert_eq!(role("No attack since 2015 was this deadly.", "2015"), Bound);
        let t = "Bomb Kills Policeman\n\nWednesday, May 14, 2008\n\nA bomb exploded today.";
        assert_eq!(role(t, "May 14, 2008"), Stamp);
        assert_eq!(role(t, "today"), Event);
        let t = "date 2019-07-27 Gunmen raided a village on Thursday.";
        assert_eq!(role(t, "2019-07-27"), Stamp);
        assert_eq!(role(t, "Thursday"), Event);
    }

    fn modifies(text: &str, words: &str) -> bool {
        let d = doc(text);
        let ctx = Ctx::new(&d, &NoPlaces, AnnotateOptions::default());
        let at = text.find(words).unwrap();
        let m = ctx.ann.dates.iter().find(|m| m.span.start == at).unwrap();
        let s = ctx.ann.sentence_of(at);
        let starts: Vec<usize> = event_cues(&ctx, s).iter().map(|e| e.tok).collect();
        modifies_event(&ctx, m, &starts)
    }

    fn with_ctx<T>(text: &str, f: impl FnOnce(&Ctx) -> T) -> T {
        let d = doc(text);
        let ctx = Ctx::new(&d, &NoPlaces, AnnotateOptions::default());
        f(&ctx)
    }

    #[test]
    fn clauses_and_sentence_frames() {
        let t = "A bombing that killed 21 people at a police academy yesterday, the government said Friday.";
        with_ctx(t, |ctx| {
            let tok = |w: &str| ctx.token_at(t.find(w).unwrap());
            assert!(same_clause(ctx, tok("bombing"), tok("yesterday")));
            assert!(!same_clause(ctx, tok("bombing"), tok("Friday")));
        });
        let t =
            "Police said. On Saturday morning, a gunman shot shoppers. Later on Sunday it rained.";
        with_ctx(t, |ctx| {
            let m = |w: &str| {
                let at = t.find(w).unwrap();
                *ctx.ann.dates.iter().find(|d| d.span.start == at).unwrap()
            };
            assert!(opens_sentence(ctx, &m("Saturday")));
            assert!(!opens_sentence(ctx, &m("Sunday")));
        });
    }

    #[test]
    fn a_date_modifying_an_event_noun_dates_it() {
        assert!(modifies(
            "Police questioned two men about the Sunday night attack.",
            "Sunday"
        ));
        assert!(modifies(
            "Saturday's car bomb attack killed two.",
            "Saturday"
        ));
        assert!(!modifies(
            "On Saturday police questioned two men about the attack.",
            "Saturday"
        ));
    }

    #[test]
    fn a_background_attack_named_with_its_month_and_year_keeps_the_month() {
        let r = extract(
            "Bomb kills six in Tromsdal\n\nA bomb killed six people in Tromsdal on Monday, police said. Police called Monday's attack the deadliest since an assault in Vikholm in August 2018.\n",
            "2019-01-24",
        );
        let v = r
            .incidents
            .iter()
            .find(|i| i.location.as_ref().and_then(|l| l.city.as_deref()) == Some("Vikholm"))
            .and_then(|i| i.date.as_ref())
            .map(|d| d.value.to_string());
        assert_eq!(v.as_deref(), Some("2018-08"));
    }

    fn run(text: &str, published: &str) -> Option<String> {
        let r = extract(text, published);
        let p = r.incidents.iter().find(|i| i.primary)?;
        p.date.as_ref().map(|x| x.value.to_string())
    }

    fn extract(text: &str, published: &str) -> sitrep_core::DocumentRecord {
        use std::sync::Arc;
        struct Town;
        impl crate::PlaceResolver for Town {
            fn places(&self, text: &str) -> Vec<crate::PlaceHit> {
                ["Tromsdal", "Vikholm"]
                    .iter()
                    .enumerate()
                    .flat_map(|(k, t)| text.match_indices(t).map(move |m| (k, m)))
                    .map(|(k, (i, w))| crate::PlaceHit {
                        span: Span::new(i, i + w.len()),
                        kind: crate::PlaceKind::City,
                        city: Some(w.to_string()),
                        region: None,
                        country: Some("Norway".into()),
                        country_code: Some("NO".into()),
                        lat: Some(60.0 + 2.0 * k as f64),
                        lon: Some(5.0 + 3.0 * k as f64),
                        population: 100_000,
                        specificity: None,
                    })
                    .collect()
            }
        }
        let mut d = doc(text);
        d.title = text.lines().next().map(str::to_string);
        d.published = published.parse().ok();
        let ex = crate::ExtractorBuilder::new()
            .places(Arc::new(Town))
            .build();
        ex.extract(&d)
    }

    #[test]
    fn the_event_date_not_the_claim_date() {
        // 2021-03-09 is a Tuesday
        let text = "Group Claims Pub Shooting in Tromsdal\n\nTROMSDAL (AP) _ An outlawed group claimed responsibility Monday for shooting four men at a pub in Tromsdal.\n\nPolice questioned two men about the Sunday night attack in Tromsdal.\n";
        assert_eq!(run(text, "2021-03-09").as_deref(), Some("2021-03-07"));
    }

    #[test]
    fn weekdays_resolve_against_publication() {
        // 2021-03-07 is a Sunday: "on Sunday" in a piece of that Sunday is that day
        let text =
            "Bomb Kills Two in Tromsdal\n\nA bomb killed two people on Sunday in Tromsdal.\n";
        assert_eq!(run(text, "2021-03-07").as_deref(), Some("2021-03-07"));
        assert_eq!(run(text, "2021-03-09").as_deref(), Some("2021-03-07"));
        // without a publication date a weekday gives nothing
        assert_eq!(run(text, "none"), None);
    }

    #[test]
    fn a_sentence_opening_date_dates_its_event() {
        // 2021-03-09 is a Tuesday
        let text = "Gunman Kills Three in Tromsdal Store\n\nOn Saturday morning at a busy shopping street in the northern port of Tromsdal, a gunman opened fire on shoppers, killing three.\n";
        assert_eq!(run(text, "2021-03-09").as_deref(), Some("2021-03-06"));
    }

    #[test]
    fn today_is_the_reports_own_event() {
        // the bomb sentence is past the lead and introduces "A car bomb": a date such as
        // "on May 3" would make it another attack; "today" does not
        let text = "Bomb Wrecks Barracks in Tromsdal\n\nThe group has fought for decades. It wants a state. Talks failed in 2011.\n\nA car bomb exploded today at 3:00 AM at the barracks, killing one guard.\n";
        assert_eq!(run(text, "2021-03-09").as_deref(), Some("2021-03-09"));
    }

    fn refine(text: &str, partial: &str) -> Option<String> {
        let mut d = doc(text);
        d.published = "2021-03-09".parse().ok();
        let ctx = Ctx::new(&d, &NoPlaces, AnnotateOptions::default());
        // no incidents: no sentence belongs to one
        let own = Ownership::new(&ctx, &[]);
        refined(&ctx, &own, 0, partial.parse().unwrap()).map(|(v, _)| v.to_string())
    }

    #[test]
    fn a_partial_date_takes_the_full_date_written_by_an_event_word() {
        let text = "He bombed the town hall last year. He carried out the attack on 22 July 2020, wearing a uniform.";
        assert_eq!(refine(text, "2020").as_deref(), Some("2020-07-22"));
        assert_eq!(refine(text, "2020-07").as_deref(), Some("2020-07-22"));
        // another year or month, or a date by no event word, refines nothing
        assert_eq!(refine(text, "2019"), None);
        assert_eq!(refine(text, "2020-06"), None);
        let text = "He bombed the town hall last year. He was born on 22 July 2020.";
        assert_eq!(refine(text, "2020"), None);
        // two full dates that disagree refine nothing
        let text = "The attack on 22 July 2020 followed the attack on 3 May 2020.";
        assert_eq!(refine(text, "2020"), None);
    }

    #[test]
    fn simultaneous_attacks_share_the_primarys_date() {
        // 2021-03-09 is a Tuesday
        let text = "Gunmen Attack Churches in Tromsdal\n\nGunmen on Sunday evening attacked churches in Tromsdal, killing nine people.\n\nThe gunmen launched two simultaneous attacks in the northern city of Tromsdal and in the coastal city of Vikholm.\n\nAttackers opened fire at the church in Vikholm with rifles before driving away.\n";
        let r = extract(text, "2021-03-09");
        let dates: Vec<(bool, Option<String>)> = r
            .incidents
            .iter()
            .map(|i| (i.primary, i.date.as_ref().map(|d| d.value.to_string())))
            .collect();
        assert!(dates.len() >= 2, "{dates:?}");
        assert!(
            dates
                .iter()
                .all(|(_, d)| d.as_deref() == Some("2021-03-07")),
            "{dates:?}"
        );
    }

    #[test]
    fn a_date_by_the_primary_place_when_no_event_word_has_one() {
        let text = "Suicide Bomber Kills Two Guards in Tromsdal\n\nA suicide bomber blew himself up in Tromsdal, killing two guards.\n\nOfficials said the men drove up to a checkpoint in central Tromsdal on Friday morning.\n";
        // 2021-03-13 is a Saturday
        assert_eq!(run(text, "2021-03-13").as_deref(), Some("2021-03-12"));
    }
}
