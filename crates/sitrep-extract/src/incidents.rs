//! Which incidents a document reports.
//!
//! An incident is anchored by an attack cue and a place in the same stretch of
//! text ("a stabbing attack in Paris", "the Brussels airport attack", "two
//! explosions killed 100 people … Iran"). Anchors with the same or nearby places
//! merge into one incident. Sentences about state military action, wars,
//! arrests and convictions anchor nothing, and plural, generic "attacks"
//! ("attacks have left more than 200 dead") anchor nothing either.
//!
//! The primary incident is the one the title (or, without a title, the lead)
//! reports; an article whose title reports no attack has no primary incident.

use crate::context::Ctx;
use crate::places::{PlaceHit, PlaceKind};
use sitrep_core::{AttackType, Span};
use sitrep_nlp::lexicon::Cue;
use std::collections::BTreeSet;

/// An event cue in a sentence.
#[derive(Debug, Clone, Copy)]
pub struct EventCue {
    /// Index into the cue mentions.
    pub cue: usize,
    /// First token of the cue.
    pub tok: usize,
    /// One past the last token.
    pub end_tok: usize,
    /// First token of its noun phrase (determiner), for definite cues.
    pub np_start: usize,
    /// Introduced by "the", "his", "this"…: refers back unless a place is in its phrase.
    pub definite: bool,
    /// Plural and not counted ("attacks"): names no single incident.
    pub generic: bool,
}

/// A place anchored to an event.
#[derive(Debug, Clone)]
pub struct Anchor {
    /// Index into `ctx.places`.
    pub place: usize,
    /// Sentence.
    pub sentence: usize,
    /// First token of the place.
    pub place_tok: usize,
    /// Token range this anchor claims exclusively (a definite noun phrase), if any.
    pub claim: Option<std::ops::Range<usize>>,
    /// Inside a quotation.
    pub quoted: bool,
    /// Year written next to the anchor ("in 2015 in Paris").
    pub year: Option<i32>,
    /// The year marks a past attack ("the 2017 Manchester Arena bombing", or a year other
    /// than the publication's): it never merges with an undated mention of the same place.
    pub historical: bool,
    /// Its sentence, past the lead, opens on an earlier time ("Last week, …"): a past attack,
    /// kept apart from the report's own even without a year.
    pub earlier: bool,
}

/// One incident before its fields are filled.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Anchors.
    pub anchors: Vec<Anchor>,
    /// The place that names the incident (index into `ctx.places`), if any.
    pub place: Option<usize>,
    /// The incident the article is about.
    pub primary: bool,
    /// Year named with it.
    pub year: Option<i32>,
}

const DETERMINERS: &[&str] = &[
    "the", "his", "her", "their", "its", "this", "that", "these", "those", "our",
];
const INDEFINITES: &[&str] = &[
    "a", "an", "one", "another", "new", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "twin",
];
const LOCATIVES: &[&str] = &[
    "in", "at", "on", "near", "outside", "inside", "across", "against", "from", "into", "of",
];

/// Event cues of sentence `s`.
pub fn event_cues(ctx: &Ctx, s: usize) -> Vec<EventCue> {
    let range = ctx.sentence_range(s);
    let span = ctx.ann.sentence_span(s);
    let mut out = Vec::new();
    for ci in ctx.ann.cues_in(span) {
        let c = &ctx.ann.cues[ci];
        if !span.contains(c.span) || !(c.has(Cue::Event) || thrown_device(ctx, c, range.clone())) {
            continue;
        }
        let tok = ctx.token_at(c.span.start);
        let end_tok = ctx.token_at(c.span.end);
        // Walk back over modifiers to the determiner.
        let mut k = tok;
        let mut definite = false;
        let mut superlative = false;
        let mut counted = false;
        let mut steps = 0;
        // "the bomb detonated": a verb heads no noun phrase, however its subject begins
        let verb = ctx.lw(tok).len() > 4 && ctx.lw(tok).ends_with("ed");
        while k > range.start && steps < 5 && !verb {
            let w = ctx.lw(k - 1);
            // "the attack", "his attack", "Wednesday's attack", "Masood's attack"
            if DETERMINERS.contains(&w) || (steps == 0 && w.len() > 2 && w.ends_with("'s")) {
                definite = true;
                k -= 1;
                break;
            }
            let small_number = w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 2;
            if INDEFINITES.contains(&w) || small_number {
                // "two attacks" names two incidents; "several attacks" names none in particular
                counted = !matches!(w, "a" | "an" | "another" | "new" | "one");
                k -= 1;
                break;
            }
            let t = ctx.ann.tokens[k - 1];
            // a year is a modifier too: "the 2015 Paris attacks"
            let year = t.kind == sitrep_nlp::text::TokenKind::Number
                && w.len() == 4
                && (w.starts_with("19") || w.starts_with("20"));
            let is_word = t.kind == sitrep_nlp::text::TokenKind::Word || year;
            // Stop at verbs, prepositions and punctuation; modifiers are words that are not
            // function words.
            if !is_word
                || LOCATIVES.contains(&w)
                || matches!(
                    w,
                    "and"
                        | "or"
                        | "but"
                        | "was"
                        | "were"
                        | "is"
                        | "are"
                        | "had"
                        | "has"
                        | "have"
                        | "by"
                        | "after"
                        | "before"
                        | "for"
                        | "to"
                        | "with"
                        | "which"
                        | "who"
                        | "that"
                )
            {
                break;
            }
            if w.ends_with("est") && w.len() > 5 {
                superlative = true;
            }
            k -= 1;
            steps += 1;
        }
        if superlative {
            definite = false;
        }
        // "the 2015 Paris attacks" names particular attacks: a definite plural with a
        // year or a place in its phrase is not generic.
        let np = Span::new(
            ctx.ann.tokens[k.min(tok)].span.start,
            ctx.ann.tokens[tok].span.start,
        );
        let particular = definite
            && ((k..tok).any(|j| {
                let w = ctx.lw(j);
                w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())
            }) || ctx.places[ctx.places_in(np)]
                .iter()
                .any(|p| np.contains(p.span) && p.kind != PlaceKind::Demonym));
        let plural_generic =
            (c.has(Cue::Generic) && !counted && !particular && !struck(ctx, end_tok))
                || habitual(ctx, tok)
                || kept_hostages(ctx, tok)
                || natural_cause(ctx, tok, end_tok)
                || unrealised(ctx, tok);
        out.push(EventCue {
            cue: ci,
            tok,
            end_tok,
            np_start: k,
            definite,
            generic: plural_generic,
        });
    }
    // "bomb and gun attacks", "bomb attacks": a word that modifies a generic plural is as
    // generic as it.
    for i in (0..out.len()).rev() {
        let (end, generic) = (out[i].end_tok, out[i].generic);
        if generic {
            continue;
        }
        let next = out.get(i + 1).copied();
        if let Some(n) = next.filter(|n| n.generic && n.tok >= end && n.tok <= end + 2) {
            let in_cue = |k: usize| {
                let sp = ctx.ann.tokens[k].span;
                // the cue holding a token starts at or before it
                let i = ctx.ann.cues.partition_point(|c| c.span.start <= sp.start);
                i > 0 && ctx.ann.cues[i - 1].span.contains(sp)
            };
            if (end..n.tok).all(|k| matches!(ctx.lw(k), "and" | "or" | ",") || in_cue(k)) {
                out[i].generic = true;
            }
        }
    }
    out
}

/// Verbs of throwing a device by hand.
const THROW_VERBS: &[&str] = &[
    "threw", "thrown", "throwing", "throw", "hurled", "hurling", "hurl", "lobbed", "lobbing",
    "tossed", "tossing",
];

/// True when cue `c` is an explosive or incendiary device someone threw ("hurled
/// incendiary devices at the center", "Molotov cocktails were thrown at mosques", "threw a
/// grenade into the crowd"): the throw is the attack, though no attack word is written.
/// Stones or rocks thrown are no device, and a device only found or defused is no throw.
fn thrown_device(
    ctx: &Ctx,
    c: &sitrep_nlp::lexicon::CueMention,
    range: std::ops::Range<usize>,
) -> bool {
    let device = c.has(Cue::Weapon(sitrep_core::WeaponType::Explosives))
        || c.has(Cue::Weapon(sitrep_core::WeaponType::Incendiary));
    if !device {
        return false;
    }
    let tok = ctx.token_at(c.span.start);
    let end_tok = ctx.token_at(c.span.end);
    let lo = tok.saturating_sub(3).max(range.start);
    let hi = (end_tok + 4).min(range.end);
    (lo..hi).any(|k| THROW_VERBS.contains(&ctx.lw(k)))
}

/// Causes of death and destruction that are no attack: accidents, disasters, disease,
/// animals. Heads of a killing verb's subject ("a fire killed five", "the virus had
/// killed 813", "killed by his lions", "killed in a crash").
const NATURAL_CAUSES: &[&str] = &[
    "fire",
    "fires",
    "blaze",
    "flames",
    "smoke",
    "virus",
    "coronavirus",
    "outbreak",
    "disease",
    "measles",
    "epidemic",
    "pandemic",
    "illness",
    "infection",
    "flu",
    "cholera",
    "ebola",
    "storm",
    "storms",
    "typhoon",
    "hurricane",
    "cyclone",
    "tornado",
    "earthquake",
    "quake",
    "tsunami",
    "flood",
    "floods",
    "flooding",
    "landslide",
    "landslides",
    "avalanche",
    "mudslide",
    "eruption",
    "crash",
    "crashes",
    "collision",
    "accident",
    "accidents",
    "derailment",
    "collapse",
    "heatwave",
    "heat",
    "lightning",
    "drought",
    "famine",
    "overdose",
    "lion",
    "lions",
    "shark",
    "bear",
    "elephant",
    "animal",
    "animals",
    "wildfire",
    "wildfires",
    "pileup",
    "leak",
    "cylinder",
    "boiler",
];

/// Killing words whose cause may be no attack.
const KILLING_WORDS: &[&str] = &[
    "killed", "kills", "kill", "killing", "dead", "deaths", "died",
];

/// True when the killing word at `tok` names a death by accident, disaster, disease or
/// animal: its subject a few words before ("A fire yesterday afternoon killed five",
/// "the virus had reportedly killed 813") or its cause after ("killed by his lions",
/// "killed in a crash") is one of [`NATURAL_CAUSES`]. An explosion from a gas leak is the
/// same ("a gas leak led to an explosion").
/// True when the plural event noun ending before token `end` is the subject of one
/// past blow: "parcel bombs on Thursday that wounded two people", "the blasts
/// killed six". Bombs that "have killed thousands" over years stay generic.
pub(crate) fn struck(ctx: &Ctx, end: usize) -> bool {
    let s = ctx.sentence_of_token(end.saturating_sub(1));
    let stop = ctx.sentence_range(s).end.min(end + 8);
    for k in end..stop {
        let w = ctx.lw(k);
        if matches!(
            w,
            "," | ";" | ":" | "." | "and" | "have" | "has" | "had" | "are" | "were"
        ) {
            return false;
        }
        if matches!(
            w,
            "killed" | "wounded" | "injured" | "exploded" | "damaged" | "destroyed" | "struck"
        ) {
            return true;
        }
    }
    false
}

fn natural_cause(ctx: &Ctx, tok: usize, end_tok: usize) -> bool {
    let s = ctx.sentence_of_token(tok);
    let r = ctx.sentence_range(s);
    let w = ctx.lw(tok);
    let clause_break = |k: usize| {
        matches!(
            ctx.lw(k),
            "," | ";" | ":" | "and" | "but" | "who" | "which" | "that" | "when" | "after" | "as"
        )
    };
    if matches!(w, "explosion" | "explosions" | "blast" | "blasts") {
        let lo = tok.saturating_sub(8).max(r.start);
        let hi = (end_tok + 8).min(r.end);
        return (lo..hi).any(|k| {
            ctx.lw(k) == "gas" && matches!(ctx.lw(k + 1), "leak" | "cylinder" | "explosion")
                || matches!(ctx.lw(k), "boiler" | "fireworks" | "firework")
        });
    }
    if !KILLING_WORDS.contains(&w) {
        return false;
    }
    // the subject: back to the clause start
    let mut k = tok;
    while k > r.start && tok - k < 8 {
        k -= 1;
        if clause_break(k) {
            break;
        }
        if NATURAL_CAUSES.contains(&ctx.lw(k)) {
            return true;
        }
    }
    // a work accident: "an engineer was killed while working at Waterloo station"
    if ctx.lw(end_tok) == "while"
        && matches!(
            ctx.lw(end_tok + 1),
            "working" | "repairing" | "servicing" | "maintaining" | "installing" | "cleaning"
        )
    {
        return true;
    }
    // the cause after: "killed by his lions", "killed in a crash", "died of measles"
    if matches!(ctx.lw(end_tok), "by" | "in" | "of" | "from") {
        for j in end_tok + 1..(end_tok + 5).min(r.end) {
            if clause_break(j) {
                break;
            }
            if NATURAL_CAUSES.contains(&ctx.lw(j)) {
                return true;
            }
        }
    }
    false
}

/// True when the verb at `tok` tells what someone keeps doing, not one event: "insurgents
/// who continue to ambush regime forces", "militants regularly attack convoys".
fn habitual(ctx: &Ctx, tok: usize) -> bool {
    let w = |back: usize| tok.checked_sub(back).map_or("", |k| ctx.lw(k));
    // ("drones were used to attack the president" is a purpose, not a habit)
    let passive = matches!(
        w(3),
        "was" | "were" | "is" | "are" | "be" | "been" | "being"
    );
    let keeps = matches!(w(1), "to")
        && (matches!(
            w(2),
            "continue" | "continues" | "continued" | "continuing" | "tend" | "tends"
        ) || w(2) == "used" && !passive);
    let often = matches!(
        w(1),
        "regularly" | "routinely" | "frequently" | "often" | "habitually"
    );
    keeps || often
}

/// Words that make what follows them only planned, threatened, wished or called for.
const IRREALIS: &[&str] = &[
    "plot",
    "plots",
    "plotted",
    "plotting",
    "plan",
    "plans",
    "planned",
    "planning",
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "vow",
    "vows",
    "vowed",
    "vowing",
    "intend",
    "intends",
    "intended",
    "intending",
    "conspiracy",
    "conspiring",
    "conspired",
    "would",
    "could",
    "might",
    "will",
    "urge",
    "urges",
    "urged",
    "urging",
    "calls",
    "called",
    "calling",
    "incite",
    "incites",
    "incited",
    "inciting",
    "want",
    "wants",
    "wanted",
    "hoped",
    "preparing",
    "prepared",
    "aimed",
    "aiming",
    "sought",
    "seeking",
    "encouraged",
    "encouraging",
];

/// True when the event word at `tok` names an attack that did not happen (yet): only
/// planned, threatened, called for or wished ("thwarted a plot by militia members to
/// kidnap the governor", "threatens to attack the World Cup", "urged followers to carry
/// out attacks"). Up to four words between ("plotted to bomb", "planned to carry out a
/// bombing"), none a full stop. An attempted attack is an attack (GTD counts failed ones).
fn unrealised(ctx: &Ctx, tok: usize) -> bool {
    let s = ctx.sentence_of_token(tok);
    let start = ctx.sentence_range(s).start;
    let lo = tok.saturating_sub(6).max(start);
    (lo..tok).any(|k| {
        // "called" needs "on"/"for": "a group called X attacked" is a name
        let naming = matches!(ctx.lw(k), "called" | "calls" | "calling")
            && !matches!(ctx.lw(k + 1), "on" | "for" | "upon");
        IRREALIS.contains(&ctx.lw(k))
            && !naming
            && (k + 1..tok).all(|j| !matches!(ctx.lw(j), "." | ";" | "but" | "after" | "before"))
    })
}

/// True when "hostages" at `tok` are people a group keeps or let go, not a hostage taking:
/// "until the rebels free all their hostages", "believed to be currently holding 17
/// hostages", "hours after the rebels released four hostages".
fn kept_hostages(ctx: &Ctx, tok: usize) -> bool {
    if !matches!(ctx.lw(tok), "hostage" | "hostages") {
        return false;
    }
    let w = |back: usize| tok.checked_sub(back).map_or("", |k| ctx.lw(k));
    // "released four hostages", "freed the hostages", "holding two other hostages":
    // captives of an earlier kidnapping, no hostage taking now
    let kept_or_freed = (1..=4).any(|b| {
        matches!(
            w(b),
            "released"
                | "releases"
                | "releasing"
                | "freed"
                | "frees"
                | "freeing"
                | "holding"
                | "holds"
                | "held"
        )
    });
    matches!(w(1), "their" | "its")
        || (1..=4).any(|b| matches!(w(b), "currently" | "still"))
        || kept_or_freed
}

/// True when a cue of sentence `s` is of the kind `k` tests for.
fn sentence_has_cue(ctx: &Ctx, s: usize, k: fn(&Cue) -> bool) -> bool {
    let span = ctx.ann.sentence_span(s);
    ctx.ann.cues[ctx.ann.cues_in(span)]
        .iter()
        .any(|c| span.contains(c.span) && c.cues().iter().any(k))
}

/// True when sentence `s` is about state military action, a war, an arrest, a trial or a
/// conviction and has no attack cue of its own.
/// True when a state force is the subject of a killing in sentence `s` ("the Parachute
/// Regiment killed 13 protesters", "troops opened fire on the crowd"): state action, not
/// terrorism.
pub(crate) fn state_force_kills(ctx: &Ctx, s: usize) -> bool {
    const FORCES: &[&str] = &[
        "regiment",
        "army",
        "soldiers",
        "troops",
        "paratroopers",
        "marines",
        "military",
        "policemen",
    ];
    let r = ctx.sentence_range(s);
    r.clone().any(|k| {
        if !FORCES.contains(&ctx.lw(k)) {
            return false;
        }
        // "Four soldiers killed": counted soldiers are the victims of a headline's passive
        // (numbers are in text order: only those ending next to `k` are looked at)
        let from = ctx.ann.numbers.partition_point(|n| n.end_token + 1 < k);
        let counted = ctx.ann.numbers[from..]
            .iter()
            .take_while(|n| n.end_token <= k)
            .any(|n| n.end_token == k || n.end_token + 1 == k);
        !counted && {
            let mut v = k + 1;
            while v < r.end && matches!(ctx.lw(v), "had" | "have" | "has" | "reportedly" | "then") {
                v += 1;
            }
            v < r.end
                && (matches!(
                    ctx.lw(v),
                    "killed" | "shot" | "fired" | "massacred" | "bombed" | "shelled" | "raided"
                ) || ctx.lw(v) == "opened" && ctx.lw(v + 1) == "fire")
        }
    })
}

/// Words for the fighters of an armed group when they are the ones killed.
const FIGHTERS: &[&str] = &[
    "rebels",
    "militants",
    "insurgents",
    "guerrillas",
    "guerillas",
    "terrorists",
    "jihadists",
    "extremists",
];

/// True when the only dead sentence `s` counts are an armed group's fighters ("39 rebels
/// killed", "killed 16 militants"): fighting against them, not an attack by them. A
/// sentence that counts other dead too ("five soldiers, 16 militants killed") is not one.
fn only_fighters_killed(ctx: &Ctx, s: usize) -> bool {
    let r = ctx.sentence_range(s);
    let kill = |k: usize| {
        matches!(
            ctx.lw(k),
            "killed" | "dead" | "died" | "neutralised" | "neutralized"
        )
    };
    let counted: Vec<usize> = ctx
        .ann
        .numbers
        .iter()
        .filter(|n| n.first_token >= r.start && n.end_token < r.end)
        .map(|n| n.end_token)
        .collect();
    let mut fighters = false;
    for &e in &counted {
        // the counted noun: the word after the number
        let noun = ctx.lw(e);
        let is_fighters = FIGHTERS.contains(&noun)
            || (e + 1 < r.end && FIGHTERS.contains(&ctx.lw(e + 1)) && ctx.capitalised(e));
        let near_kill = (e.saturating_sub(3).max(r.start)..(e + 7).min(r.end)).any(kill);
        if !near_kill {
            continue;
        }
        if is_fighters {
            fighters = true;
        } else {
            return false;
        }
    }
    fighters
}

/// States and their forces, as they modify a strike: "a U.S. drone attack", "an Israeli
/// missile strike", "coalition air raids".
const STATE_MARKERS: &[&str] = &[
    "u.s.",
    "us",
    "american",
    "nato",
    "israeli",
    "russian",
    "syrian",
    "coalition",
    "saudi-led",
    "us-led",
    "u.s.-led",
    "government",
    "army",
    "military",
    "navy",
    "pakistani",
    "afghan",
    "iraqi",
    "turkish",
    "iranian",
    "french",
    "british",
    "ukrainian",
];
/// Means only a state's forces deliver in the reporting this reads.
const STATE_DELIVERY: &[&str] = &[
    "drone",
    "drones",
    "missile",
    "missiles",
    "air",
    "aerial",
    "artillery",
    "naval",
];

/// True when event cue `e` is a strike a state delivered: a state's name and a means of
/// delivery in its noun phrase ("in a U.S. drone attack", "a suspected U.S. missile attack
/// killed eight"). A state's strike is no terrorist incident.
fn state_delivered(ctx: &Ctx, e: &EventCue) -> bool {
    let range = ctx.sentence_range(ctx.ann.sentence_of(ctx.ann.tokens[e.tok].span.start));
    // the words before the cue back to its article or preposition ("U.S." is four tokens,
    // so the window is counted in tokens and cut at words)
    let from = e.tok.saturating_sub(8).max(range.start);
    let start = ctx.ann.tokens[from].span.start;
    let end = ctx.ann.tokens[e.end_tok.saturating_sub(1).max(from)]
        .span
        .end;
    let all: Vec<&str> = ctx.text[start..end].split_whitespace().collect();
    let cut = all
        .iter()
        .rposition(|w| {
            matches!(
                w.to_lowercase().trim_end_matches(','),
                "a" | "an" | "the" | "in" | "by" | "of" | "and" | "after" | "from"
            ) || w.ends_with(',')
        })
        .map_or(0, |i| i + 1);
    let words = &all[cut..];
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    // "us" only as the capitalised abbreviation, never the pronoun
    let state = words
        .iter()
        .zip(&lower)
        .any(|(w, l)| STATE_MARKERS.contains(&l.as_str()) && (l != "us" || *w == "US"));
    state && lower.iter().any(|l| STATE_DELIVERY.contains(&l.as_str()))
}

fn non_incident_sentence(ctx: &Ctx, s: usize, events: &[EventCue]) -> bool {
    // each event read once for a state's strike
    let delivered: Vec<bool> = events.iter().map(|e| state_delivered(ctx, e)).collect();
    let state = delivered.contains(&true)
        || sentence_has_cue(ctx, s, |c| matches!(c, Cue::StateAction))
        || state_force_kills(ctx, s)
        || only_fighters_killed(ctx, s);
    let legal = sentence_has_cue(ctx, s, |c| matches!(c, Cue::Legal));
    let specific = events.iter().zip(&delivered).any(|(e, by_state)| {
        !e.generic
            && !by_state
            && ctx.ann.cues[e.cue]
                .cues()
                .iter()
                .any(|c| matches!(c, Cue::Attack(a) if *a != AttackType::Unknown))
    });
    (state || legal) && !specific
}

/// Places in sentence `s` that can locate an event (not demonyms, and not a country named
/// as someone's nationality: "a Kyrgyzstan national", "a citizen of Kyrgyzstan").
fn sentence_places(ctx: &Ctx, s: usize) -> Vec<usize> {
    let span = ctx.ann.sentence_span(s);
    let mut places: Vec<usize> = ctx
        .places
        .iter()
        .enumerate()
        .filter(|(_, p)| span.contains(p.span) && p.kind != PlaceKind::Demonym)
        .filter(|(_, p)| {
            let (t, te) = (ctx.token_at(p.span.start), ctx.token_at(p.span.end));
            let after = matches!(
                ctx.lw(te),
                "national" | "nationals" | "citizen" | "citizens" | "native" | "natives"
            );
            let before = t >= 2
                && ctx.lw(t - 1) == "of"
                && matches!(
                    ctx.lw(t - 2),
                    "citizen" | "citizens" | "national" | "nationals" | "native" | "natives"
                );
            // "U.S. Air Force officers", "U.S. service members": a country before a noun
            // says whose, not where
            let mut tn = ctx.token_at(p.span.end);
            while ctx.lw(tn) == "." {
                tn += 1;
            }
            let whose = matches!(
                ctx.lw(tn),
                "air"
                    | "army"
                    | "navy"
                    | "marine"
                    | "marines"
                    | "military"
                    | "forces"
                    | "troops"
                    | "soldiers"
                    | "service"
                    | "servicemen"
                    | "officials"
                    | "government"
                    | "embassy"
                    | "consulate"
                    | "department"
                    | "special"
                    | "defense"
                    | "defence"
                    | "intelligence"
                    | "state"
                    | "coast"
                    | "national"
            ) && !(t >= 1
                && matches!(ctx.lw(t - 1), "in" | "at" | "near" | "across" | "into"));
            // "Abu Dhabi TV photojournalist", "the Red Sea port town of Mokha": a place
            // naming an outlet or a coast's port describes, it does not locate
            let outlet = matches!(
                ctx.lw(tn),
                "tv" | "television" | "radio" | "newspaper" | "channel" | "airways" | "airlines"
            ) || (p.kind == PlaceKind::Region
                && matches!(ctx.lw(tn), "port" | "coast"));
            !(p.kind == PlaceKind::Country && (after || before || whose)) && !outlet
        })
        .map(|(i, _)| i)
        .collect();
    // "in Diyala province, north of Baghdad": a place given as the reference point of a
    // direction says where the other place is, not where an incident was. It stays only
    // when the sentence names no other place below a country.
    let reference = |pi: usize| {
        let t = ctx.token_at(ctx.places[pi].span.start);
        t >= 2 && ctx.lw(t - 1) == "of" && is_direction(ctx.lw(t - 2))
    };
    let has_other = places
        .iter()
        .any(|&pi| !reference(pi) && ctx.places[pi].kind != PlaceKind::Country);
    if has_other {
        places.retain(|&pi| !reference(pi));
    }
    places
}

/// Compass directions, as written before "of" in "north of Baghdad", "20 km south-west of
/// the capital".
fn is_direction(w: &str) -> bool {
    matches!(
        w,
        "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
            | "north-east"
            | "north-west"
            | "south-east"
            | "south-west"
    )
}

/// Finds the anchors of sentence `s`.
fn anchors_in_sentence(ctx: &Ctx, s: usize) -> Vec<Anchor> {
    let events = event_cues(ctx, s);
    if events.iter().all(|e| e.generic) || non_incident_sentence(ctx, s, &events) {
        return Vec::new();
    }
    let places = sentence_places(ctx, s);
    if places.is_empty() {
        return Vec::new();
    }
    let earlier = s >= lead_end(ctx) && earlier_frame(ctx, s);
    let range = ctx.sentence_range(s);
    let mut anchored: Vec<(usize, Option<std::ops::Range<usize>>)> = Vec::new();
    for &pi in &places {
        let p = &ctx.places[pi];
        let pt = place_token(ctx, p);
        let pe = ctx.token_at(p.span.end);
        for e in events.iter().filter(|e| !e.generic) {
            if e.definite {
                // Place inside the noun phrase: "the Brussels airport attack".
                if pt >= e.np_start && pe <= e.tok {
                    anchored.push((pi, Some(e.np_start..e.end_tok)));
                    break;
                }
                // "the attack in London", "the attack Wednesday outside the Parliament in London"
                if pt >= e.end_tok && pt <= e.end_tok + 9 {
                    let between: Vec<&str> = (e.end_tok..pt).map(|i| ctx.lw(i)).collect();
                    let locative_last = between.last().is_some_and(|w| LOCATIVES.contains(w));
                    let plain = between.len() <= 7
                        && !between.iter().any(|w| {
                            matches!(
                                *w,
                                "," | ";" | "and" | "which" | "that" | "who" | "where" | "when"
                            )
                        });
                    // "The JNIM attack, conducted near the northern town of Barsalogho,":
                    // a participle set off by a comma says where the attack was
                    let participle = between.len() >= 3
                        && between[0] == ","
                        && between[1].len() > 4
                        && between[1].ends_with("ed")
                        && !between[2..].iter().any(|w| matches!(*w, "," | ";" | "and"));
                    // "The attack, near the West Bank settlement of Dolev, saw …": a
                    // place phrase set off by a comma right after the attack says where
                    // it was, as long as nothing else comes between.
                    let set_off = between.len() >= 2
                        && between[0] == ","
                        && matches!(between[1], "near" | "in" | "at" | "outside")
                        && !between[2..].iter().any(|w| {
                            matches!(*w, "," | ";" | "and" | "which" | "that" | "who" | "where")
                        });
                    let ok = locative_last && (plain || participle || set_off);
                    if ok {
                        anchored.push((pi, Some(e.np_start..pe)));
                        break;
                    }
                }
            } else {
                let dist = if pt >= e.end_tok {
                    pt - e.end_tok
                } else {
                    e.tok.saturating_sub(pe)
                };
                // "a roadside bomb detonated under a convoy of soldiers and militiamen near
                // the city of Deir ez-Zor": a place said to be where the event was reaches
                // further, as long as no clause comes between.
                let placed_after = pt >= e.end_tok
                    && dist <= 16
                    && (pt >= 1 && matches!(ctx.lw(pt - 1), "near" | "outside" | "in" | "at")
                        || pt >= 2
                            && ctx.lw(pt - 1) == "of"
                            && matches!(
                                ctx.lw(pt - 2),
                                "city"
                                    | "town"
                                    | "village"
                                    | "centre"
                                    | "center"
                                    | "outskirts"
                                    | "heart"
                                    | "suburbs"
                            ))
                    && !outside_asides(ctx, e.end_tok..pt).any(|j| {
                        matches!(
                            ctx.lw(j),
                            "," | ";" | ":" | "which" | "who" | "that" | "while" | "but" | "when"
                        )
                    });
                // "A man in Melbourne who set a car on fire and then stabbed one person":
                // a place in the doer's phrase reaches into its relative clause.
                let doer_place = pe < e.tok
                    && matches!(ctx.lw(pe), "who" | "which")
                    && e.tok - pe <= 15
                    && !(pe + 1..e.tok)
                        .any(|j| matches!(ctx.lw(j), ";" | ":" | "said" | "says" | "told" | "who"));
                if dist <= 8 || placed_after || doer_place {
                    anchored.push((pi, None));
                    break;
                }
            }
        }
    }
    // Coordinated places: "in Beer Sheva and Hadera", "in 2015 in Paris or 2016 in Brussels".
    let mut changed = true;
    while changed {
        changed = false;
        for &pi in &places {
            if anchored.iter().any(|(a, _)| *a == pi) {
                continue;
            }
            let p = &ctx.places[pi];
            let pt = place_token(ctx, p);
            let pe = ctx.token_at(p.span.end);
            let linked = anchored.iter().any(|(a, claim)| {
                if claim.is_some() {
                    return false;
                }
                let q = &ctx.places[*a];
                let (qt, qe) = (ctx.token_at(q.span.start), ctx.token_at(q.span.end));
                // "in Caterham, Surrey": the county after a town is where the town is
                let container = q.kind == PlaceKind::City
                    && p.kind != PlaceKind::City
                    && qe <= pt
                    && (qe..pt).all(|i| ctx.lw(i) == ",");
                if container {
                    return false;
                }
                let (lo, hi) = if qe <= pt { (qe, pt) } else { (pe, qt) };
                hi >= lo
                    && hi - lo <= 4
                    && (lo..hi).any(|i| matches!(ctx.lw(i), "and" | "or" | ","))
                    && (lo..hi).all(|i| {
                        matches!(ctx.lw(i), "and" | "or" | "," | "in" | "at")
                            || ctx.lw(i).chars().all(|c| c.is_ascii_digit())
                    })
            });
            if linked {
                anchored.push((pi, None));
                changed = true;
            }
        }
    }
    // "Police in the city of Lyon were searching for the man behind a Friday blast": the
    // lead places its attack even when the place is far from the event word.
    let specific: Vec<&EventCue> = events.iter().filter(|e| !e.generic).collect();
    if anchored.is_empty() && s < lead_end(ctx) && specific.len() == 1 {
        let ev_tok = specific.first().map(|e| e.tok);
        let nearest = ev_tok.and_then(|et| {
            places
                .iter()
                .copied()
                .filter(|&pi| ctx.places[pi].kind != PlaceKind::Country)
                .min_by_key(|&pi| ctx.token_at(ctx.places[pi].span.start).abs_diff(et))
        });
        if let Some(pi) = nearest {
            anchored.push((pi, None));
        }
    }
    // A country is context for a city of that country in the same sentence, and a region
    // for a city in that region ("in Minnesota" next to "in Chelsea", New York, is a
    // place of its own).
    let cities: Vec<&PlaceHit> = anchored
        .iter()
        .map(|(i, _)| &ctx.places[*i])
        .filter(|p| p.kind == PlaceKind::City)
        .collect();
    anchored.retain(|(i, _)| {
        let p = &ctx.places[*i];
        p.kind == PlaceKind::City
            || !cities.iter().any(|c| {
                c.country_code == p.country_code
                    && c.country_code.is_some()
                    && (p.kind != PlaceKind::Region || c.region == p.region)
            })
    });
    // "KANO: Gunmen killed eight people … in the northern state of Kaduna": the dateline
    // says where the report was filed; another place the sentence names is where it was.
    if anchored
        .iter()
        .any(|(i, _)| !is_dateline(ctx, &ctx.places[*i]))
    {
        anchored.retain(|(i, _)| !is_dateline(ctx, &ctx.places[*i]));
    }
    // "France has been on alert since the group launched attacks across Paris": the
    // attacks a "since" clause recalls are past ones.
    let since_at = range.clone().find(|&k| ctx.lw(k) == "since");
    let mut out: Vec<Anchor> = Vec::new();
    for (pi, claim) in anchored {
        if out.iter().any(|a| a.place == pi) {
            continue;
        }
        let p = &ctx.places[pi];
        out.push(Anchor {
            place: pi,
            sentence: s,
            place_tok: ctx.token_at(p.span.start),
            claim,
            quoted: ctx.quoted(p.span),
            year: None,
            historical: false,
            earlier: earlier
                || since_at.is_some_and(|k| {
                    let pt = place_token(ctx, p);
                    k < pt
                        && events.iter().any(|e| !e.generic && e.tok > k && e.tok < pt)
                        && !(k..pt).any(|j| matches!(ctx.lw(j), "." | ";"))
                }),
        });
    }
    // Years written next to an anchor: nearest, preferring "2016 in Brussels".
    for d in ctx
        .ann
        .dates
        .iter()
        .filter(|d| ctx.ann.sentence_span(s).contains(d.span))
    {
        if let sitrep_nlp::dates::DateExpr::Absolute(pd) = d.expr {
            // "the first such death since 2017": a period's start dates nothing, unless a
            // clause tells what happened then ("since 2017, when a general was killed"):
            // that sentence is about the past attack.
            let bound = d.first_token > 0
                && matches!(ctx.lw(d.first_token - 1), "since" | "until" | "till");
            if bound {
                let when_clause = ctx.lw(d.end_token) == "," && ctx.lw(d.end_token + 1) == "when";
                if when_clause {
                    for a in out.iter_mut() {
                        a.year = Some(pd.year);
                        a.historical = true;
                    }
                }
                continue;
            }
            // "On 27 August 1975 a bomb exploded … in Caterham": a date opening the
            // sentence dates its events, however far the place.
            if d.first_token <= range.start + 1 {
                let other_year = ctx.published.is_some_and(|p| p.year != pd.year);
                for a in out.iter_mut().filter(|a| a.year.is_none()) {
                    a.year = Some(pd.year);
                    a.historical = other_year;
                }
                continue;
            }
            let best = out
                .iter()
                .enumerate()
                .map(|(k, a)| {
                    let dist = if a.place_tok >= d.end_token {
                        (a.place_tok - d.end_token, 0)
                    } else {
                        (d.first_token.saturating_sub(a.place_tok + 1), 1)
                    };
                    (dist, k)
                })
                .min();
            if let Some(((dist, _), k)) = best {
                if dist <= 6 && out[k].year.is_none() {
                    out[k].year = Some(pd.year);
                    let in_phrase = out[k]
                        .claim
                        .as_ref()
                        .is_some_and(|c| c.contains(&d.first_token));
                    let other_year = ctx.published.is_some_and(|p| p.year != pd.year);
                    out[k].historical = in_phrase || other_year;
                }
            }
        }
    }
    out
}

/// The token a place name starts in: a name may begin inside a token ("Arish" in
/// "El-Arish").
fn place_token(ctx: &Ctx, p: &PlaceHit) -> usize {
    let t = ctx.token_at(p.span.start);
    match t.checked_sub(1) {
        Some(k) if ctx.ann.tokens[k].span.end > p.span.start => k,
        _ => t,
    }
}

/// The tokens of `r` outside an aside set off by commas that names who was among the
/// victims (", including a policeman,"): such an aside closes no clause.
fn outside_asides<'c>(
    ctx: &'c Ctx<'c>,
    r: std::ops::Range<usize>,
) -> impl Iterator<Item = usize> + 'c {
    let mut skip_until = None;
    r.clone().filter(move |&j| {
        if let Some(end) = skip_until {
            if j <= end {
                return false;
            }
            skip_until = None;
        }
        if ctx.lw(j) == "," && matches!(ctx.lw(j + 1), "including" | "among") {
            let close = (j + 2..r.end.min(j + 12)).find(|&k| ctx.lw(k) == ",");
            if let Some(close) = close {
                skip_until = Some(close);
                return false;
            }
        }
        true
    })
}

/// Words of a commemoration: a title about one reports the remembrance, and the attack
/// it recalls is background ("Anniversary of APS attack being observed today", "Omagh
/// bomb: Memorial service will mark 25th anniversary").
const COMMEMORATION: &[&str] = &[
    "anniversary",
    "memorial",
    "commemoration",
    "commemorate",
    "commemorates",
    "commemorated",
    "remembered",
    "remembers",
    "remembrance",
    "mourn",
    "mourns",
    "vigil",
];

/// True when headline `s` reports bombs by what they did, in headline grammar ("Market
/// bombs kill 88 in Iraq", "Two Bombs Hit Cathedral", "FALN bombs rock Wall Street",
/// "Anarchists claim responsibility for Rome bombs"): a device word and a verb of harm or
/// a claim, with no state action or legal cue.
fn headline_device_report(ctx: &Ctx, s: usize) -> bool {
    let device = ctx.sentence_range(s).any(|k| {
        matches!(
            ctx.lw(k),
            "bomb" | "bombs" | "blast" | "blasts" | "explosion" | "explosions"
        )
    });
    let harm = ctx.sentence_has(
        s,
        &[
            "kill",
            "kills",
            "killed",
            "dead",
            "wounded",
            "injured",
            "hit",
            "hits",
            "rock",
            "rocks",
            "strike",
            "strikes",
            "stun",
            "claim",
            "claims",
            "responsibility",
        ],
    );
    device
        && harm
        && !sentence_has_cue(ctx, s, |c| matches!(c, Cue::StateAction | Cue::Legal))
        && !ctx.sentence_has(s, COMMEMORATION)
}

/// A headline tells its attack in the present, and a plural doer takes the bare verb:
/// "Taliban Kill a Governor", "Militants overrun base", "Gunmen abduct 20". The verb
/// follows its subject (a word that is no "to", modal or negation) and comes before
/// its object; a state's forces doing it, or a court or a raid, report no attack.
fn headline_plural_present(ctx: &Ctx, s: usize) -> bool {
    const BARE_VERBS: &[&str] = &[
        "kill",
        "overrun",
        "storm",
        "behead",
        "abduct",
        "kidnap",
        "ambush",
        "bomb",
        "massacre",
        "slaughter",
        "execute",
        "assassinate",
        "stab",
        "shoot",
    ];
    const NOT_FACTUAL: &[&str] = &[
        "to", "will", "would", "could", "can", "may", "might", "must", "should", "not", "never",
        "did", "does", "do", "'ll", "shall", "cannot",
    ];
    let r = ctx.sentence_range(s);
    let verb = r.clone().skip(1).any(|k| {
        BARE_VERBS.contains(&ctx.lw(k))
            && k + 1 < r.end
            && ctx.ann.tokens[k - 1].kind == sitrep_nlp::text::TokenKind::Word
            && !NOT_FACTUAL.contains(&ctx.lw(k - 1))
            && !DETERMINERS.contains(&ctx.lw(k - 1))
    });
    verb && !sentence_has_cue(ctx, s, |c| matches!(c, Cue::StateAction | Cue::Legal))
        && !state_force_kills(ctx, s)
        && !ctx.sentence_has(s, COMMEMORATION)
}

/// True when the title (or lead) reports a specific attack.
fn title_reports_attack(ctx: &Ctx) -> bool {
    if ctx
        .title_sentences
        .iter()
        .any(|&s| ctx.sentence_has(s, COMMEMORATION))
    {
        return false;
    }
    if ctx
        .title_sentences
        .iter()
        .any(|&s| headline_device_report(ctx, s) || headline_plural_present(ctx, s))
    {
        return true;
    }
    ctx.title_sentences.iter().any(|&s| {
        let ev = event_cues(ctx, s);
        // "Airstrike kills commander", "Police arrest suspect": not an attack. But a court
        // acting over one named attack ("2 indicted over shrine attack") reports it.
        let over_an_attack = ev.iter().any(|e| !e.generic)
            && !sentence_has_cue(ctx, s, |c| matches!(c, Cue::StateAction));
        if non_incident_sentence(ctx, s, &ev) && !over_an_attack {
            return false;
        }
        ev.iter().any(|e| !e.generic)
            || ctx.ann.cues.iter().any(|c| {
                ctx.ann.sentence_span(s).contains(c.span)
                    && c.has(Cue::Perpetrator)
                    && !c.has(Cue::Generic)
            })
    })
}

/// Builds the incident clusters of a document.
pub fn find_clusters(ctx: &Ctx) -> Vec<Cluster> {
    let mut anchors: Vec<Anchor> = Vec::new();
    for s in 0..ctx.ann.sentences.len() {
        if !ctx.in_body(s) {
            continue;
        }
        anchors.extend(anchors_in_sentence(ctx, s));
    }
    // Group anchors by place (and year when one is written).
    let mut clusters: Vec<Cluster> = Vec::new();
    for a in anchors {
        let key = ctx.places[a.place].key();
        let found = clusters.iter_mut().find(|c| {
            let historical = c.anchors.iter().any(|x| x.historical);
            if c.anchors.iter().any(|x| x.earlier) != a.earlier {
                return false;
            }
            let years_fit = if a.historical || historical {
                c.year == a.year
            } else {
                c.year.is_none() || a.year.is_none() || c.year == a.year
            };
            c.place.is_some_and(|p| ctx.places[p].key() == key) && years_fit
        });
        match found {
            Some(c) => {
                if c.year.is_none() {
                    c.year = a.year;
                }
                c.anchors.push(a);
            }
            None => clusters.push(Cluster {
                place: Some(a.place),
                year: a.year,
                anchors: vec![a],
                primary: false,
            }),
        }
    }
    merge_nested_places(ctx, &mut clusters);
    // Primary incident.
    if title_reports_attack(ctx) {
        let title_span = ctx
            .title_sentences
            .iter()
            .map(|&s| ctx.ann.sentence_span(s))
            .reduce(|a, b| a.cover(b));
        // A dateline ("WASHINGTON —") says where the report was filed: it counts for the
        // title and the lead only when it is also where the attack was.
        let lead = |c: &Cluster| {
            c.anchors
                .iter()
                .filter(|a| {
                    !a.quoted
                        && a.sentence <= first_body_sentence(ctx) + 4
                        && !is_dateline(ctx, &ctx.places[a.place])
                })
                .count()
        };
        let others_in_lead =
            |c: &Cluster| clusters.iter().any(|o| !std::ptr::eq(o, c) && lead(o) > 0);
        let in_title = |c: &Cluster| {
            title_span.is_some_and(|t| {
                c.anchors.iter().any(|a| {
                    let p = &ctx.places[a.place];
                    t.contains(p.span) && !(is_dateline(ctx, p) && others_in_lead(c))
                })
            }) || c
                .anchors
                .iter()
                .any(|a| named_in_outside_title(ctx, &ctx.places[a.place]))
        };
        let score = |c: &Cluster| {
            let lead = lead(c);
            let unquoted = c
                .anchors
                .iter()
                .filter(|a| !a.quoted && a.year.is_none())
                .count();
            (in_title(c) as usize) * 100 + lead * 3 + unquoted
        };
        let best = clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                // a past attack named with its year is never the one a report is about
                !c.anchors.iter().any(|a| a.historical || a.earlier)
            })
            .max_by_key(|(i, c)| (score(c), std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        match best {
            Some(i) if score(&clusters[i]) > 0 => clusters[i].primary = true,
            _ => clusters.insert(
                0,
                Cluster {
                    anchors: Vec::new(),
                    place: None,
                    primary: true,
                    year: None,
                },
            ),
        }
    }
    // "A Bangkok military court indicted two men over the August 17 bombing at a shrine":
    // when the report's attack has no place of its own and no other incident has one
    // either, the attack was in the city the report names most, if it names it more than
    // once and more often than any other.
    if clusters.len() == 1 && clusters[0].primary && clusters[0].place.is_none() {
        let cities: Vec<usize> = ctx
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.kind == PlaceKind::City && p.span.start >= ctx.body_start && !ctx.quoted(p.span)
            })
            .map(|(i, _)| i)
            .collect();
        let mut counts: Vec<(String, usize, usize)> = Vec::new(); // key, mentions, first
        for &i in &cities {
            let key = ctx.places[i].key();
            match counts.iter_mut().find(|c| c.0 == key) {
                Some(c) => c.1 += 1,
                None => counts.push((key, 1, i)),
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        let most = match counts.as_slice() {
            [one, rest @ ..] if one.1 >= 2 && rest.first().is_none_or(|r| r.1 < one.1) => {
                Some(one.2)
            }
            _ => None,
        };
        if most.is_some() {
            clusters[0].place = most;
        }
    }
    // A dateline that is not where the report's attack was locates nothing.
    let only_dateline = |c: &Cluster| {
        c.anchors
            .iter()
            .all(|a| is_dateline(ctx, &ctx.places[a.place]))
    };
    let located_elsewhere = clusters
        .iter()
        .any(|c| c.primary && !c.anchors.is_empty() && !only_dateline(c));
    if located_elsewhere {
        clusters.retain(|c| c.primary || c.anchors.is_empty() || !only_dateline(c));
    }
    clusters.sort_by_key(|c| {
        (
            !c.primary,
            c.anchors.iter().map(|a| a.place_tok).min().unwrap_or(0),
        )
    });
    clusters
}

/// True when the document's title, kept outside its text, names place `p` (as written in
/// the text: "Mokha" in "Mokha, Yemen bomb kills photojournalist").
fn named_in_outside_title(ctx: &Ctx, p: &PlaceHit) -> bool {
    let (Some(title), Some(name)) = (&ctx.outside_title, p.span.slice(ctx.text)) else {
        return false;
    };
    let name = name.to_lowercase();
    p.kind != PlaceKind::Demonym
        && title.match_indices(&name).any(|(i, _)| {
            let before = title[..i].chars().next_back();
            let after = title[i + name.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// True when place `p` is a dateline: capitals at the start of a line, then a dash, a
/// comma, a colon or a bracket ("WASHINGTON —", "KABUL, Afghanistan (AP) —", "KANO:").
fn is_dateline(ctx: &Ctx, p: &PlaceHit) -> bool {
    let line_start = ctx.text[..p.span.start]
        .chars()
        .rev()
        .take_while(|c| *c != '\n')
        .all(char::is_whitespace);
    let word = ctx.text.get(p.span.start..p.span.end).unwrap_or("");
    let shouted = word.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !word.chars().any(char::is_lowercase);
    let next = ctx
        .text
        .get(p.span.end..)
        .unwrap_or("")
        .trim_start()
        .chars()
        .next();
    // "Bhopal: Maoists on Sunday ambushed…", "Canberra - DPA A man…": a name in mixed
    // case is a dateline only before a colon or a dash set off by spaces ("Paris, the
    // capital" and "London-based" open sentences)
    let after = ctx.text.get(p.span.end..).unwrap_or("");
    let mixed_case_mark = after.starts_with(':')
        || after.starts_with(" - ")
        || after.starts_with(" — ")
        || after.starts_with(" – ")
        || after.starts_with('—');
    line_start
        && (shouted && matches!(next, Some('—' | '–' | '-' | ',' | '(' | ':'))
            || p.kind == PlaceKind::City && mixed_case_mark)
}

/// The first sentence after the lead (the first two sentences of the body). The kinds
/// of attack a report tells are read from here (two to six sentences were measured).
pub(crate) fn lead_end(ctx: &Ctx) -> usize {
    first_body_sentence(ctx) + 2
}

/// The last sentence of the lead as a story's opening: the title and the body's first
/// two sentences of prose. Lines that end without a full stop (a standfirst, a photo
/// caption, a byline) are the page's furniture, so a report whose headline is followed
/// by a caption still opens on its first paragraph, where "a shooting on Friday" is the
/// report's attack and not another one.
pub(crate) fn prose_lead_end(ctx: &Ctx) -> usize {
    let first = first_body_sentence(ctx);
    let mut prose = 0;
    for s in first + 1..ctx.ann.sentences.len() {
        if ctx.in_body(s) && ends_as_prose(ctx, s) {
            prose += 1;
            if prose == 2 {
                return s;
            }
        }
    }
    first + 2
}

/// True when sentence `s` ends as a sentence of prose does: a full stop, question or
/// exclamation mark, possibly inside closing quotes or brackets.
pub(crate) fn ends_as_prose(ctx: &Ctx, s: usize) -> bool {
    let span = ctx.ann.sentence_span(s);
    let t = ctx.text.get(span.start..span.end).unwrap_or("").trim_end();
    let t = t.trim_end_matches(['"', '\'', '”', '’', ')', ']']);
    t.ends_with(['.', '!', '?', '…'])
}

/// True when sentence `s` opens on an earlier time than the report's ("Last week, …",
/// "Earlier this month, …"): past the lead, such a sentence recalls another attack.
pub(crate) fn earlier_frame(ctx: &Ctx, s: usize) -> bool {
    const OPENINGS: &[&[&str]] = &[
        &["last", "week"],
        &["last", "month"],
        &["last", "year"],
        &["earlier", "this", "week"],
        &["earlier", "this", "month"],
        &["earlier", "this", "year"],
        &["the", "previous", "week"],
        &["a", "week", "earlier"],
        &["weeks", "earlier"],
    ];
    ctx.opens_with(s, OPENINGS)
}

fn first_body_sentence(ctx: &Ctx) -> usize {
    (0..ctx.ann.sentences.len())
        .find(|&s| ctx.in_body(s))
        .unwrap_or(0)
}

/// Merges clusters whose places are one inside the other: a country-only incident
/// into a city incident of that country; a town into the nearby town the report
/// describes in more detail ("a Paris suburb" … "Magnanville, a suburb of Paris").
fn merge_nested_places(ctx: &Ctx, clusters: &mut Vec<Cluster>) {
    // Country- or region-only clusters join a city cluster in the same country.
    let mut i = 0;
    while i < clusters.len() {
        let Some(pi) = clusters[i].place else {
            i += 1;
            continue;
        };
        let p = &ctx.places[pi];
        if p.kind == PlaceKind::City {
            i += 1;
            continue;
        }
        // A country joins a region or city in it; a region joins a city in it.
        let finer = |q: &PlaceHit| match p.kind {
            PlaceKind::Country => q.kind != PlaceKind::Country,
            PlaceKind::Region => {
                q.kind == PlaceKind::City
                    && (q.region.is_none()
                        || q.region.as_deref().map(str::to_lowercase)
                            == p.region.as_deref().map(str::to_lowercase))
            }
            _ => false,
        };
        let past = |c: &Cluster| c.anchors.iter().any(|x| x.historical || x.earlier);
        let target = clusters.iter().position(|c| {
            let years_fit = if past(c) || past(&clusters[i]) {
                c.year == clusters[i].year && past(c) == past(&clusters[i])
            } else {
                c.year.is_none() || clusters[i].year.is_none() || c.year == clusters[i].year
            };
            c.place.is_some_and(|q| {
                let q = &ctx.places[q];
                finer(q) && q.country_code == p.country_code
            }) && years_fit
        });
        match target {
            Some(t) if t != i => {
                let moved = clusters.remove(i);
                let t = if t > i { t - 1 } else { t };
                clusters[t].anchors.extend(moved.anchors);
                i = 0;
            }
            _ => i += 1,
        }
    }
    // Nearby cities.
    loop {
        let mut merged = false;
        'outer: for a in 0..clusters.len() {
            for b in a + 1..clusters.len() {
                let (Some(pa), Some(pb)) = (clusters[a].place, clusters[b].place) else {
                    continue;
                };
                let (x, y) = (&ctx.places[pa], &ctx.places[pb]);
                let historical = |c: &Cluster| c.anchors.iter().any(|x| x.historical);
                let years_clash = if historical(&clusters[a]) || historical(&clusters[b]) {
                    clusters[a].year != clusters[b].year
                } else {
                    clusters[a].year.is_some()
                        && clusters[b].year.is_some()
                        && clusters[a].year != clusters[b].year
                };
                let earlier = |c: &Cluster| c.anchors.iter().any(|x| x.earlier);
                if x.country_code != y.country_code
                    || years_clash
                    || earlier(&clusters[a]) != earlier(&clusters[b])
                {
                    continue;
                }
                let Some(d) = x.distance_km(y) else { continue };
                if d > 60.0 {
                    continue;
                }
                // Two towns are one scene only when the text ties them in one sentence
                // ("Magnanville, a suburb of Paris"), or when one is a district of the
                // other, a big city; otherwise each has its own attack ("a market in
                // Baghdad" … "a double bombing in the town of Khalis").
                let district = x.population.max(y.population) >= 1_000_000 && d < 12.0;
                // (a county around a town is the town's: "in Dorking, Surrey")
                let towns = x.kind == PlaceKind::City && y.kind == PlaceKind::City;
                if towns && !district && !named_together(ctx, x, y) {
                    continue;
                }
                // A district of a big city is the city; a separate town near a city is the town.
                let (big, small) = if x.population >= y.population {
                    (pa, pb)
                } else {
                    (pb, pa)
                };
                let keep = if ctx.places[big].population >= 1_000_000 && d < 12.0 {
                    big
                } else {
                    small
                };
                let (keep_idx, drop_idx) = if clusters[a].place == Some(keep) {
                    (a, b)
                } else {
                    (b, a)
                };
                let moved = clusters[drop_idx].anchors.clone();
                let year = clusters[drop_idx].year;
                clusters[keep_idx].anchors.extend(moved);
                if clusters[keep_idx].year.is_none() {
                    clusters[keep_idx].year = year;
                }
                clusters.remove(drop_idx);
                merged = true;
                break 'outer;
            }
        }
        if !merged {
            break;
        }
    }
}

/// True when one sentence names both places.
fn named_together(ctx: &Ctx, x: &PlaceHit, y: &PlaceHit) -> bool {
    let (kx, ky) = (x.key(), y.key());
    let sentence = |p: &PlaceHit| ctx.ann.sentence_of(p.span.start);
    let xs: BTreeSet<usize> = ctx
        .places
        .iter()
        .filter(|p| p.key() == kx)
        .map(sentence)
        .collect();
    ctx.places
        .iter()
        .any(|p| p.key() == ky && xs.contains(&sentence(p)))
}

/// Which cluster each token of an anchored sentence belongs to.
///
/// Definite noun phrases claim their own tokens; the rest of a sentence goes to
/// the primary incident when the sentence is not only about background anchors,
/// else to the nearest anchor.
pub fn token_owner(clusters: &[Cluster], s: usize, tok: usize) -> Option<usize> {
    let mut window: Vec<(usize, usize)> = Vec::new(); // (cluster, place token)
    for (ci, c) in clusters.iter().enumerate() {
        for a in c.anchors.iter().filter(|a| a.sentence == s) {
            match &a.claim {
                Some(r) if r.contains(&tok) => return Some(ci),
                Some(_) => {}
                None => window.push((ci, a.place_tok)),
            }
        }
    }
    if let Some(&(ci, _)) = window
        .iter()
        .min_by_key(|(_, pt)| (pt.abs_diff(tok), *pt < tok))
    {
        // When the primary is anchored elsewhere in the sentence by a claim only, the
        // window anchors still win their side of the sentence.
        return Some(ci);
    }
    if let Some(p) = clusters.iter().position(|c| c.primary) {
        return Some(p);
    }
    // No primary incident: the nearest anchor of the sentence.
    clusters
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.anchors
                .iter()
                .filter(|a| a.sentence == s)
                .map(move |a| (ci, a.place_tok))
        })
        .min_by_key(|(_, pt)| pt.abs_diff(tok))
        .map(|(ci, _)| ci)
}

/// The span of the place that names a cluster.
pub fn cluster_place<'c>(ctx: &'c Ctx, c: &Cluster) -> Option<&'c PlaceHit> {
    c.place.map(|p| &ctx.places[p])
}

/// Evidence spans of a cluster's place.
pub fn place_spans(ctx: &Ctx, c: &Cluster) -> Vec<Span> {
    let mut v: Vec<Span> = Vec::new();
    let Some(p) = c.place else { return v };
    let key = ctx.places[p].key();
    for a in &c.anchors {
        let sp = ctx.places[a.place].span;
        if ctx.places[a.place].key() == key && !v.contains(&sp) {
            v.push(sp);
        }
    }
    if v.is_empty() {
        v.push(ctx.places[p].span);
    }
    v.sort();
    v.truncate(4);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::NoPlaces;
    use sitrep_core::Document;

    fn fighters_only(text: &str) -> bool {
        let d = Document {
            id: "t".into(),
            source: "t".into(),
            title: None,
            published: None,
            language: None,
            text: text.into(),
        };
        let ctx = Ctx::new(&d, &NoPlaces, Default::default());
        only_fighters_killed(&ctx, 0)
    }

    #[test]
    fn fighters_counted_as_the_only_dead_are_no_attack_s_victims() {
        assert!(fighters_only(
            "Turkey says it killed 13 Kurdish militants in northern Iraq."
        ));
        assert!(fighters_only("Colombian military: 39 rebels killed"));
        assert!(!fighters_only(
            "Five Turkish soldiers, 16 PKK militants killed in clashes"
        ));
        assert!(!fighters_only(
            "Militants killed 13 villagers in the north."
        ));
    }
}
