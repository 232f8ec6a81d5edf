//! Which casualty figure is the attack's toll.
//!
//! A report gives many figures: the attack's own toll, an update of it, the toll of
//! another attack it recalls, and totals of a conflict or a period ("Some 27,000 people
//! have been killed in the insurgency", "responsible for around 500 deaths since 2015").
//! These decisions take the figures [`crate::casualties`] found in the sentences an
//! incident owns and keep the attack's own:
//!
//! * [`is_aggregate`]: a total over a conflict, a campaign or a period is no attack's toll;
//! * [`in_a_date`]: a number that is part of a date ("2017-01-30 Six people") counts no one;
//! * [`in_prior_event`]: a figure in a clause recalling an earlier attack ("a week after
//!   a similar attack that left 26 dead") is that attack's;
//! * [`choose`]: the first figure the report gives, unless a later one updates it ("the
//!   death toll rose to 12", "later died").

use crate::casualties::Casualty;
use crate::context::Ctx;

/// Nouns of a conflict or a campaign: a figure in their frame is a total.
const CONFLICT_NOUNS: &[&str] = &[
    "insurgency",
    "conflict",
    "war",
    "civil",
    "violence",
    "uprising",
    "unrest",
    "campaign",
    "crisis",
    "rebellion",
    "fighting",
    "clashes",
    "hostilities",
    "troubles",
];

/// True when the figure at `cas` is a total over a conflict or a period, not one attack's
/// toll: present-perfect counts framed by a conflict, "since" a time, or in thousands
/// ("Some 27,000 people have been killed", "more than 2,000 people have been killed since
/// 2007"); "deaths" a group is "responsible for"; "a total of".
pub fn is_aggregate(ctx: &Ctx, s: usize, cas: &Casualty) -> bool {
    let r = ctx.sentence_range(s);
    let t0 = ctx.token_at(cas.span.start).max(r.start);
    let t1 = ctx.token_at(cas.span.end).min(r.end);
    // a few words on either side of the phrase
    let lo = t0.saturating_sub(6).max(r.start);
    let hi = (t1 + 10).min(r.end);
    let window = |a: usize, b: usize, words: &[&str]| (a..b).any(|k| words.contains(&ctx.lw(k)));
    let perfect = (lo..hi).any(|k| {
        matches!(ctx.lw(k), "have" | "has" | "had")
            && matches!(
                ctx.lw(k + 1),
                "been" | "died" | "lost" | "claimed" | "killed"
            )
    });
    let since = (lo..r.end).any(|k| ctx.lw(k) == "since");
    let conflict = window(lo, r.end, CONFLICT_NOUNS);
    let thousands = cas.min >= 1000;
    if perfect && (since || conflict || thousands) {
        return true;
    }
    // "responsible for around 500 deaths", "a total of 300 people"
    if (lo..t0).any(|k| {
        (ctx.lw(k) == "responsible" && ctx.lw(k + 1) == "for")
            || (ctx.lw(k) == "total" && ctx.lw(k + 1) == "of")
    }) {
        return true;
    }
    // "killed more than 300 people since 2015", "in the conflict", "so far this year"
    (since && (thousands || conflict))
        || (t1..hi).any(|k| {
            matches!(ctx.lw(k), "in" | "during" | "throughout")
                && (k + 1..(k + 4).min(r.end)).any(|j| CONFLICT_NOUNS.contains(&ctx.lw(j)))
        })
        || ctx.has_phrase(lo..hi, &["so", "far", "this"]).is_some()
        || ctx.has_phrase(lo..hi, &["this", "year"]).is_some() && since
}

/// True when the number of `cas` is part of a date mention (a stamp's "30" in
/// "2017-01-30 Six people were killed").
pub fn in_a_date(ctx: &Ctx, cas: &Casualty) -> bool {
    ctx.ann.dates.iter().any(|d| d.span.overlaps(cas.number))
}

/// Units of a time distance ("a week after", "two months before").
const TIME_UNITS: &[&str] = &[
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "fortnight",
];

/// Words after "after"/"since" that make its object an earlier event ("after a similar
/// attack", "since another bombing").
const EARLIER_MARKS: &[&str] = &["similar", "another", "earlier", "previous", "prior"];

/// True when the figure at `cas`, in a sentence starting at token `sentence_start`,
/// stands in a clause that recalls an earlier attack: "a week after a similar attack
/// claimed by al-Qaeda that left 26 dead", "weeks after another bombing killed 40",
/// "last month's attack that killed 12". Such a figure is the earlier attack's toll.
pub fn in_prior_event(ctx: &Ctx, sentence_start: usize, cas: &Casualty) -> bool {
    let t = ctx.token_at(cas.span.start);
    let lo = t.saturating_sub(20).max(sentence_start);
    (lo..t).any(|k| {
        let w = ctx.lw(k);
        let distance = k > sentence_start && TIME_UNITS.contains(&ctx.lw(k - 1));
        let earlier = (k + 1..(k + 3).min(t)).any(|j| EARLIER_MARKS.contains(&ctx.lw(j)));
        match w {
            // "a week after a similar attack"; not "two days after the bombing, the
            // toll rose to 30" (the report's own attack)
            // the figure inside the clause: "minutes after a first blast, a second bomb
            // killed ten" counts the second bomb's dead
            "after" | "before" => {
                distance
                    && (earlier || matches!(ctx.lw(k + 1), "a" | "an"))
                    && !(k + 1..t).any(|j| matches!(ctx.lw(j), "," | ";"))
            }
            "since" => earlier,
            // "last month's attack", "last week's bombing"
            "last" => {
                matches!(ctx.lw(k + 1), "week's" | "month's" | "year's")
            }
            _ => false,
        }
    })
}

/// Words that make a figure an update of an earlier one.
const UPDATE_WORDS: &[&str] = &[
    "rose",
    "risen",
    "rising",
    "climbing",
    "climbed",
    "increased",
    "reached",
    "grew",
    "now",
];

/// True when the figure at `cas` updates an earlier one: "the death toll rose to 12",
/// "the toll has climbed to 20", "two more later died".
fn is_update(ctx: &Ctx, cas: &Casualty) -> bool {
    let t0 = ctx.token_at(cas.span.start);
    let s = ctx.sentence_of_token(t0);
    let r = ctx.sentence_range(s);
    let lo = t0.saturating_sub(8).max(r.start);
    (lo..t0 + 1).any(|k| UPDATE_WORDS.contains(&ctx.lw(k)) && ctx.lw(k + 1) == "to")
        || (lo..r.end).any(|k| ctx.lw(k) == "toll" && UPDATE_WORDS.contains(&ctx.lw(k + 1)))
}

/// The attack's toll among figures of one kind: the first the report's body gives (the
/// lead states the toll; later figures are details, parts or other events; the headline's
/// only when the body gives none), unless a later
/// figure updates it, and the larger of two given in one sentence ("killing at least
/// five … the five victims and a policeman": the larger names everyone).
pub fn choose<'c>(ctx: &Ctx, cands: &'c [Casualty]) -> Option<&'c Casualty> {
    if let Some(u) = cands
        .iter()
        .filter(|c| is_update(ctx, c))
        .max_by_key(|c| c.span.start)
    {
        return Some(u);
    }
    // the headline's figure is a summary ("kills dozens", "kills 14"): the body's first
    // figure says it in full ("at least 36 members of the security forces")
    // (when the title is not a line of the text, the lead stands for it: the lead's
    // figure is the body's first)
    let in_title = |c: &Casualty| {
        ctx.title_in_text
            && ctx
                .title_sentences
                .iter()
                .any(|&s| ctx.ann.sentence_span(s).contains(c.span))
    };
    let first = cands
        .iter()
        .filter(|c| !in_title(c))
        .min_by_key(|c| c.span.start)
        .or_else(|| cands.iter().min_by_key(|c| c.span.start))?;
    let s = ctx.ann.sentence_of(first.span.start);
    let sentence = ctx.ann.sentence_span(s);
    let chosen = cands
        .iter()
        .filter(|c| sentence.contains(c.span))
        .max_by_key(|c| (c.min, c.max.is_none()))?;
    // "wounding scores of others" … "Eighty-one others were wounded": a vague figure
    // yields to the first exact one after it that fits it
    if vague(ctx, chosen) {
        if let Some(exact) = cands
            .iter()
            .filter(|c| {
                c.span.start > chosen.span.start
                    && !in_title(c)
                    && !vague(ctx, c)
                    && c.max == Some(c.min)
                    && c.min >= chosen.min
            })
            .min_by_key(|c| c.span.start)
        {
            return Some(exact);
        }
    }
    Some(chosen)
}

/// True when a figure is a vague quantity ("dozens", "scores of", "hundreds").
fn vague(ctx: &Ctx, c: &Casualty) -> bool {
    let words = c.number.slice(ctx.text).unwrap_or("").to_lowercase();
    words.split_whitespace().any(|w| {
        matches!(
            w,
            "dozens" | "scores" | "hundreds" | "thousands" | "several" | "many" | "numerous"
        )
    })
}
