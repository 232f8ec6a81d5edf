//! Casualty phrases: "killing at least five and injuring at least 50",
//! "two explosions killed 100 people", "40 wounded", "the death toll rose to 12".

use sitrep_core::Span;
use sitrep_nlp::numbers::NumberMention;
use sitrep_nlp::text::{Token, TokenKind};

/// Killed or injured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CasualtyKind {
    /// Deaths.
    Killed,
    /// Injuries.
    Injured,
    /// People attacked ("stabbed three passengers"): victims, killed or not.
    Attacked,
}

/// A casualty count in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Casualty {
    /// Killed or injured.
    pub kind: CasualtyKind,
    /// Lower bound.
    pub min: u32,
    /// Upper bound (`None` = at least `min`).
    pub max: Option<u32>,
    /// The whole phrase ("killing at least five").
    pub span: Span,
    /// The number's words.
    pub number: Span,
}

fn kind_of(w: &str) -> Option<CasualtyKind> {
    use CasualtyKind::*;
    Some(match w {
        "killed" | "killing" | "kills" | "kill" | "dead" | "died" | "deaths" | "murdered"
        | "slain" | "massacred" | "lives" | "fatalities" | "executed" | "beheaded" | "martyred" => {
            Killed
        }
        "injured" | "injuring" | "injures" | "wounded" | "wounding" | "hurt" | "injuries"
        | "wounds" | "casualties" | "hospitalized" | "hospitalised" => Injured,
        _ => return None,
    })
}

const NON_PERSON_UNITS: &[&str] = &[
    "years",
    "year",
    "days",
    "day",
    "hours",
    "hour",
    "minutes",
    "minute",
    "months",
    "month",
    "weeks",
    "week",
    "percent",
    "per",
    "%",
    "times",
    "kilometres",
    "kilometers",
    "miles",
    "km",
    "metres",
    "meters",
    "feet",
    "dollars",
    "euros",
    "pounds",
    "attacks",
    "explosions",
    "bombs",
    "blasts",
    "shots",
    "rounds",
    "cars",
    "vehicles",
    "buildings",
    "houses",
];

/// Range qualifier before a number: returns (min, max) for value `n`.
fn qualified(q: &[&str], n: u32, vague: bool) -> (u32, Option<u32>) {
    if vague {
        return (n, None);
    }
    match q {
        // "more than 20" is coded as at least 20, as GTD and the dev sets code it
        [.., "at", "least"]
        | [.., "no", "fewer", "than"]
        | [.., "no", "less", "than"]
        | [.., "more", "than"]
        | [.., "over"]
        | [.., "upwards", "of"] => (n, None),
        [.., "up", "to"] | [.., "as", "many", "as"] => (n, Some(n)),
        _ => (n, Some(n)),
    }
}

/// Finds casualty phrases among `tokens[range]`, given the document's numbers.
pub fn find_casualties(
    text: &str,
    tokens: &[Token],
    range: std::ops::Range<usize>,
    numbers: &[NumberMention],
) -> Vec<Casualty> {
    let lw = |i: usize| -> String {
        tokens
            .get(i)
            .filter(|_| i < range.end && i >= range.start)
            .map(|t| t.text(text).to_lowercase())
            .unwrap_or_default()
    };
    let mut out: Vec<Casualty> = Vec::new();
    // "It did not kill anyone", "no one was killed", "there were no fatalities": none.
    const NONE_KILLED: &[&[&str]] = &[
        &["did", "not", "kill", "anyone"],
        &["didn't", "kill", "anyone"],
        &["didn’t", "kill", "anyone"],
        &["no", "one", "was", "killed"],
        &["nobody", "was", "killed"],
        &["no", "one", "was", "hurt"],
        &["no", "one", "was", "injured"],
        &["nobody", "was", "hurt"],
        &["nobody", "was", "injured"],
        &["no", "fatalities"],
        &["no", "deaths"],
        &["no", "one", "died"],
        &["no", "injuries"],
        &["no", "casualties"],
        &["without", "casualties"],
        &["no", "one", "was", "harmed"],
        &["nobody", "was", "harmed"],
        &["no", "one", "was", "wounded"],
    ];
    // (compared in place: no lowercase copy per token and phrase)
    let word_is = |i: usize, w: &str| {
        i < range.end
            && tokens
                .get(i)
                .is_some_and(|t| t.text(text).eq_ignore_ascii_case(w))
    };
    for k in range.clone() {
        for phrase in NONE_KILLED {
            let end = k + phrase.len();
            if end > range.end || !phrase.iter().enumerate().all(|(j, w)| word_is(k + j, w)) {
                continue;
            }
            let last = phrase.last().copied().unwrap_or("");
            let span = Span::new(tokens[k].span.start, tokens[end - 1].span.end);
            // no one hurt is no one killed either: "no injuries were reported"
            let kinds: &[CasualtyKind] = match last {
                "hurt" | "injured" | "injuries" | "casualties" | "harmed" | "wounded" => {
                    &[CasualtyKind::Injured, CasualtyKind::Killed]
                }
                _ => &[CasualtyKind::Killed],
            };
            for &kind in kinds {
                out.push(Casualty {
                    kind,
                    min: 0,
                    max: Some(0),
                    span,
                    number: span,
                });
            }
        }
    }
    // "A history teacher was beheaded", "a police officer was killed": one victim ("a
    // fifth person was hospitalized": one hurt).
    for k in range.clone() {
        if !matches!(lw(k).as_str(), "a" | "an") || (k > range.start && lw(k - 1) == "by") {
            continue;
        }
        // "a policeman was killed", or "a Civil Guard corporal died"
        let Some(was) =
            (k + 1..(k + 6).min(range.end)).find(|&j| matches!(lw(j).as_str(), "was" | "died"))
        else {
            continue;
        };
        let died = lw(was) == "died";
        let noun_ok = (k + 1..was).all(|j| tokens[j].kind == TokenKind::Word)
            && !(k + 1..was).any(|j| {
                matches!(
                    lw(j).as_str(),
                    "attacker"
                        | "gunman"
                        | "assailant"
                        | "suspect"
                        | "bomber"
                        | "man"
                        | "terrorist"
                        | "militant"
                        // "in a mall before he was killed": another clause's subject
                        | "he"
                        | "she"
                        | "they"
                        | "it"
                        | "before"
                        | "after"
                        | "when"
                        | "while"
                        | "until"
                        | "because"
                )
            });
        let mut v = if died { was } else { was + 1 };
        while matches!(lw(v).as_str(), "later" | "also" | "reportedly" | "fatally") {
            v += 1;
        }
        let verb = lw(v);
        let killed = matches!(verb.as_str(), "killed" | "beheaded" | "murdered" | "died")
            || (verb == "shot" && lw(v + 1) == "dead")
            || (verb == "stabbed" && lw(v + 1) == "to" && lw(v + 2) == "death");
        // "a fifth person was hospitalized", "a police officer was wounded": one hurt
        let hurt = !died
            && matches!(
                verb.as_str(),
                "injured" | "wounded" | "hurt" | "hospitalized" | "hospitalised"
            );
        if noun_ok && (killed || hurt) && was > k + 1 {
            out.push(Casualty {
                kind: if killed {
                    CasualtyKind::Killed
                } else {
                    CasualtyKind::Injured
                },
                min: 1,
                max: Some(1),
                span: Span::new(tokens[k].span.start, tokens[v].span.end),
                number: tokens[k].span,
            });
        }
    }
    // "killed a Yemeni soldier", "shot dead a government official": one victim, the
    // verb's object (plus any coordinated: "killed a minister and 19 others").
    for v in range.clone() {
        let verb = lw(v);
        let fatally = v > range.start && lw(v - 1) == "fatally";
        let obj = if matches!(
            verb.as_str(),
            "killed" | "killing" | "kills" | "murdered" | "assassinated" | "assassinating"
        ) || fatally && matches!(verb.as_str(), "stabbed" | "shot" | "wounded")
        {
            v + 1
        } else if verb == "shot" && lw(v + 1) == "dead" {
            v + 2
        } else if verb == "of"
            && v >= range.start + 2
            && matches!(lw(v - 2).as_str(), "fatal" | "deadly")
            && matches!(
                lw(v - 1).as_str(),
                "stabbing" | "shooting" | "knifing" | "beating" | "attack" | "assault"
            )
        {
            // "the fatal stabbing of a police official": the one it killed
            v + 1
        } else {
            continue;
        };
        let definite = lw(obj) == "the";
        if !(matches!(lw(obj).as_str(), "a" | "an") || definite) || obj >= range.end {
            continue;
        }
        let (one, end) = singular_object(text, tokens, obj, range.end);
        if one == 0 || names_attackers(tokens, text, obj + 1, end) {
            continue;
        }
        // "killing the mayor", "killed the district police chief": one person named by
        // the office held; "killed the engine" names nobody
        if definite && !SINGLE_ROLES.contains(&lw(end - 1).as_str()) {
            continue;
        }
        let (more, end, open) = coordinated_victims(text, tokens, numbers, end, range.end, true);
        out.push(Casualty {
            kind: CasualtyKind::Killed,
            min: 1 + more,
            max: Some(1 + more).filter(|_| !open),
            span: Span::new(tokens[v].span.start, tokens[end - 1].span.end),
            number: tokens[obj].span,
        });
    }
    let nums: Vec<&NumberMention> = numbers
        .iter()
        .filter(|n| n.first_token >= range.start && n.end_token <= range.end)
        .collect();
    for n in nums {
        if n.value > 1_000_000 {
            continue;
        }
        let value = n.value as u32;
        // qualifier words before the number
        let q: Vec<String> = (n.first_token.saturating_sub(3).max(range.start)..n.first_token)
            .map(&lw)
            .collect();
        let qs: Vec<&str> = q.iter().map(String::as_str).collect();
        let q_start = {
            let mut k = n.first_token;
            for len in [3usize, 2, 1] {
                if n.first_token >= range.start + len {
                    let tail: Vec<&str> = qs[qs.len().saturating_sub(len)..].to_vec();
                    let joined = tail.join(" ");
                    if matches!(
                        joined.as_str(),
                        "at least"
                            | "more than"
                            | "no fewer than"
                            | "no less than"
                            | "up to"
                            | "as many as"
                            | "upwards of"
                            | "over"
                            | "nearly"
                            | "almost"
                            | "about"
                            | "around"
                            | "some"
                            | "roughly"
                            | "approximately"
                    ) {
                        k = n.first_token - len;
                        break;
                    }
                }
            }
            k
        };
        let (min, max) = qualified(&qs, value, n.vague);
        // Pattern A: casualty verb right before the (qualified) number, or before
        // "another": "killed 23 soldiers and injured another 15".
        let mut verb_at = q_start.saturating_sub(1);
        let mut before = if q_start > range.start {
            lw(q_start - 1)
        } else {
            String::new()
        };
        if before == "another" && q_start >= range.start + 2 {
            verb_at = q_start - 2;
            before = lw(verb_at);
        }
        // "shot dead three people", "fatally stabbed one person"
        let shot_dead = before == "dead" && q_start >= range.start + 2 && lw(q_start - 2) == "shot";
        let fatally = matches!(before.as_str(), "stabbed" | "shot" | "wounded")
            && q_start >= range.start + 2
            && lw(q_start - 2) == "fatally";
        if fatally {
            before = "killed".to_string();
        }
        if let Some(kind) = kind_of(&before).filter(|_| {
            shot_dead
                || matches!(
                    before.as_str(),
                    "killed"
                        | "killing"
                        | "kills"
                        | "kill"
                        | "injured"
                        | "injuring"
                        | "injures"
                        | "wounded"
                        | "wounding"
                        | "hurt"
                        | "murdered"
                        | "martyred"
                        | "left"
                )
        }) {
            let after = lw(n.end_token);
            if !NON_PERSON_UNITS.contains(&after.as_str()) {
                let mut end = person_noun_end(text, tokens, n.end_token, range.end);
                // "killed five foreign and five Afghan troops": the first part shares the
                // second's noun, so its describing word ends it
                let elided = end == n.end_token
                    && end + 2 < range.end
                    && tokens[end].kind == TokenKind::Word
                    && lw(end + 1) == "and"
                    && numbers.iter().any(|m| m.first_token == end + 2);
                if elided {
                    end += 1;
                }
                // "killing seven militants": the attackers' losses, not victims
                if names_attackers(tokens, text, n.end_token, end.max(n.end_token + 1)) {
                    continue;
                }
                // "killed eight US troops and a contractor": the parts add up
                let (more, end, open) =
                    coordinated_victims(text, tokens, numbers, end, range.end, false);
                out.push(Casualty {
                    kind,
                    min: min.saturating_add(more),
                    max: max.map(|m| m.saturating_add(more)).filter(|_| !open),
                    span: Span::new(tokens[verb_at].span.start, tokens[end - 1].span.end),
                    number: n.span,
                });
                continue;
            }
        }
        // "the killing of four farmers", "the massacre of 30 villagers"
        if before == "of" && q_start >= range.start + 2 {
            let noun = lw(q_start - 2);
            let kind = match noun.as_str() {
                "killing" | "killings" | "murder" | "murders" | "massacre" | "deaths" => {
                    Some(CasualtyKind::Killed)
                }
                "wounding" => Some(CasualtyKind::Injured),
                _ => None,
            };
            let end = person_noun_end(text, tokens, n.end_token, range.end);
            if let Some(kind) = kind.filter(|_| {
                end > n.end_token
                    && !NON_PERSON_UNITS.contains(&lw(n.end_token).as_str())
                    && !names_attackers(tokens, text, n.end_token, end)
            }) {
                out.push(Casualty {
                    kind,
                    min,
                    max,
                    span: Span::new(tokens[q_start - 2].span.start, tokens[end - 1].span.end),
                    number: n.span,
                });
                continue;
            }
        }
        // "left 36 people dead and 180 injured", "leaving two soldiers wounded"
        if matches!(before.as_str(), "left" | "leaving" | "leaves") {
            let end = person_noun_end(text, tokens, n.end_token, range.end);
            let kind = match lw(end).as_str() {
                "dead" => Some(CasualtyKind::Killed),
                "injured" | "wounded" | "hurt" => Some(CasualtyKind::Injured),
                _ => None,
            };
            if let Some(kind) = kind.filter(|_| end > n.end_token || lw(end) != "dead") {
                out.push(Casualty {
                    kind,
                    min,
                    max,
                    span: Span::new(tokens[verb_at].span.start, tokens[end].span.end),
                    number: n.span,
                });
                continue;
            }
        }
        // "stabbed three passengers", "shot two people": victims, killed or injured.
        if matches!(
            before.as_str(),
            "stabbed"
                | "stabbing"
                | "shot"
                | "shooting"
                | "attacked"
                | "attacking"
                | "stabs"
                | "shoots"
        ) && lw(n.end_token) != "dead"
        {
            let end = person_noun_end(text, tokens, n.end_token, range.end);
            if end > n.end_token {
                out.push(Casualty {
                    kind: CasualtyKind::Attacked,
                    min,
                    max,
                    span: Span::new(tokens[verb_at].span.start, tokens[end - 1].span.end),
                    number: n.span,
                });
                continue;
            }
        }
        // Pattern B: number [nouns] [who] [were|was|have been] casualty-word.
        let mut j = n.end_token;
        let mut nouns = 0;
        let first_after = lw(j);
        if NON_PERSON_UNITS.contains(&first_after.as_str()) {
            continue;
        }
        let mut cap = 4;
        while j < range.end && nouns < cap {
            let w = lw(j);
            if kind_of(&w).is_some() {
                break;
            }
            // "36 members of the security forces were killed", "two of the victims died"
            // ("two of them": whom a pronoun stands for is not known here)
            if w == "of"
                && ((j == n.end_token
                    && !matches!(lw(j + 1).as_str(), "them" | "those" | "these" | "whom"))
                    || (j > n.end_token && matches!(lw(j - 1).as_str(), "members" | "member")))
            {
                j += 1;
                nouns += 1;
                cap = 7;
                continue;
            }
            let t = tokens[j];
            if t.kind != TokenKind::Word
                || matches!(
                    w.as_str(),
                    "and"
                        | "in"
                        | "at"
                        | "on"
                        | "of"
                        | "after"
                        | "by"
                        | "as"
                        | "who"
                        | "were"
                        | "was"
                        | "have"
                        | "has"
                        | "had"
                        | "are"
                        | "been"
                        | "being"
                )
            {
                break;
            }
            j += 1;
            nouns += 1;
        }
        // "Two women and a man were injured": the coordinated subject adds up
        let mut extra = (0u32, false);
        if nouns > 0 && lw(j) == "and" {
            let (more, end, open) = coordinated_victims(text, tokens, numbers, j, range.end, false);
            if more > 0 && matches!(lw(end).as_str(), "were" | "was" | "have" | "had") {
                extra = (more, open);
                j = end;
            }
        }
        let (min, max) = (
            min.saturating_add(extra.0),
            max.map(|m| m.saturating_add(extra.0)).filter(|_| !extra.1),
        );
        // "Nine other people, including officers, were hospitalized": a parenthesis of
        // who they were stands between the victims and their verb
        if nouns > 0 && lw(j) == "," && matches!(lw(j + 1).as_str(), "including" | "among") {
            if let Some(close) = (j + 2..(j + 10).min(range.end)).find(|&x| lw(x) == ",") {
                j = close + 1;
            }
        }
        let mut k = j;
        while k < range.end
            && matches!(
                lw(k).as_str(),
                "who"
                    | "were"
                    | "was"
                    | "have"
                    | "has"
                    | "been"
                    | "had"
                    | "are"
                    | "being"
                    | "reportedly"
                    | "also"
                    | "later"
            )
        {
            k += 1;
        }
        if let Some(kind) = kind_of(&lw(k)) {
            // "two explosions killed": a number of events is not a count of victims
            if lw(k) == "killed" && k == j && nouns > 0 && lw(k + 1).parse::<u64>().is_ok() {
                continue;
            }
            // active verb after a plain subject ("two explosions killed 100") is not a victim count
            let passive = k > j
                || matches!(
                    lw(k).as_str(),
                    "dead"
                        | "wounded"
                        | "injured"
                        | "hurt"
                        | "died"
                        | "deaths"
                        | "injuries"
                        | "casualties"
                        | "fatalities"
                );
            if !passive && nouns > 0 {
                continue;
            }
            // "Seven Taliban militants were killed": the attackers' losses
            if names_attackers(tokens, text, n.end_token, j) {
                continue;
            }
            let sp = Span::new(tokens[q_start].span.start, tokens[k].span.end);
            out.push(Casualty {
                kind,
                min,
                max,
                span: sp,
                number: n.span,
            });
            continue;
        }
        // Pattern C: "death toll (rose to|of|at|reached) N"
        let b2 = if q_start >= range.start + 2 {
            lw(q_start - 2)
        } else {
            String::new()
        };
        if (b2 == "toll" && matches!(before.as_str(), "of" | "at" | "to" | "reached"))
            || (before == "to" && q_start >= range.start + 3 && lw(q_start - 3) == "toll")
        {
            let start = (q_start.saturating_sub(4)..q_start)
                .find(|&i| i >= range.start && lw(i) == "death")
                .unwrap_or(q_start - 2);
            out.push(Casualty {
                kind: CasualtyKind::Killed,
                min,
                max,
                span: Span::new(tokens[start].span.start, n.span.end),
                number: n.span,
            });
        }
    }
    // "No one was killed" is a toll of zero, not of one.
    let zeros: Vec<Span> = out
        .iter()
        .filter(|c| c.min == 0 && c.max == Some(0))
        .map(|c| c.span)
        .collect();
    out.retain(|c| (c.min == 0 && c.max == Some(0)) || !zeros.iter().any(|z| z.contains(c.number)));
    out
}

/// Offices and roles one person holds, the head of "the mayor", "the district police
/// chief": a definite object of a killing verb that ends in one of them is one victim.
const SINGLE_ROLES: &[&str] = &[
    "mayor",
    "governor",
    "minister",
    "chief",
    "commander",
    "head",
    "leader",
    "director",
    "judge",
    "prosecutor",
    "imam",
    "priest",
    "pastor",
    "bishop",
    "cleric",
    "senator",
    "lawmaker",
    "legislator",
    "deputy",
    "mp",
    "chairman",
    "councillor",
    "councilor",
    "ambassador",
    "consul",
    "envoy",
    "president",
    "administrator",
    "official",
    "spokesman",
    "editor",
    "journalist",
    "reporter",
    "emir",
    "sheikh",
    "elder",
    "headmaster",
    "principal",
    "general",
    "colonel",
    "major",
    "captain",
    "lieutenant",
    "sergeant",
    "inspector",
    "superintendent",
    "constable",
    "policeman",
    "officer",
    "soldier",
    "guard",
    "driver",
];

/// "a Yemeni soldier" at token `obj` ("a"/"an"): (1, the token after the noun phrase)
/// when a short noun phrase naming someone follows, else (0, `obj`).
fn singular_object(text: &str, tokens: &[Token], obj: usize, limit: usize) -> (u32, usize) {
    let lw = |i: usize| -> String {
        tokens
            .get(i)
            .filter(|_| i < limit)
            .map(|t| t.text(text).to_lowercase())
            .unwrap_or_default()
    };
    const STOP: &[&str] = &[
        "and", "or", "in", "at", "on", "of", "before", "after", "by", "with", "as", "when",
        "while", "who", "were", "was", "had", "have", "has", "the", "to", "from", "near",
    ];
    // nouns that name no person: "killed a bomb-making plot", "killing a dog"
    const THINGS: &[&str] = &["dog", "cow", "goat", "horse", "animal", "bird", "number"];
    let mut end = obj + 1;
    while end < limit && end < obj + 5 {
        let t = tokens[end];
        let w = lw(end);
        if t.kind != TokenKind::Word || STOP.contains(&w.as_str()) || kind_of(&w).is_some() {
            break;
        }
        end += 1;
    }
    if end == obj + 1 || THINGS.contains(&lw(end - 1).as_str()) {
        return (0, obj);
    }
    (1, end)
}

/// Victims coordinated after a counted noun phrase that ends at token `end`: "and a
/// contractor", "and three civilians", "and a Navy sailor". Returns how many more, the
/// token after them (`end` when there are none), and whether the part is a lower bound
/// ("and at least six guards"). A number that a casualty word of
/// its own follows ("and 40 wounded") is another count, not a part.
fn coordinated_victims(
    text: &str,
    tokens: &[Token],
    numbers: &[NumberMention],
    end: usize,
    limit: usize,
    kill_verb: bool,
) -> (u32, usize, bool) {
    let lw = |i: usize| -> String {
        tokens
            .get(i)
            .filter(|_| i < limit)
            .map(|t| t.text(text).to_lowercase())
            .unwrap_or_default()
    };
    if lw(end) != "and" {
        return (0, end, false);
    }
    let mut start = end + 1;
    // "assassinated a minister and killed 19 others": a second killing verb joins more
    // of the dead
    if kill_verb && matches!(lw(start).as_str(), "killed" | "killing" | "murdered") {
        start += 1;
    }
    // "and at least six guards": a part with a lower bound, and the sum is one too
    let mut open = false;
    for q in [
        &["at", "least"][..],
        &["more", "than"],
        &["over"],
        &["some"],
    ] {
        if q.iter().enumerate().all(|(k, w)| lw(start + k) == *w) {
            start += q.len();
            open = true;
            break;
        }
    }
    let (count, noun_start) = match numbers.iter().find(|n| n.first_token == start) {
        Some(n) if n.value <= 100_000 => (n.value as u32, n.end_token),
        _ if matches!(lw(start).as_str(), "a" | "an" | "one") => (1, start + 1),
        _ => return (0, end, false),
    };
    // a short noun phrase: up to four words, then a clause boundary
    const STOP: &[&str] = &[
        "and", "or", "in", "at", "on", "of", "before", "after", "by", "with", "as", "when",
        "while", "who", "were", "was", "had", "have", "has", "the", "to", "from", "near",
    ];
    let mut noun_end = noun_start;
    while noun_end < limit && noun_end < noun_start + 4 {
        let t = tokens[noun_end];
        let w = lw(noun_end);
        if t.kind != TokenKind::Word || STOP.contains(&w.as_str()) || kind_of(&w).is_some() {
            break;
        }
        noun_end += 1;
    }
    let boundary = noun_end >= limit
        || tokens[noun_end].kind == TokenKind::Punct
        || STOP.contains(&lw(noun_end).as_str());
    if noun_end == noun_start
        || !boundary
        || kind_of(&lw(noun_end)).is_some()
        || names_attackers(tokens, text, noun_start, noun_end)
    {
        return (0, end, false);
    }
    (count, noun_end, open)
}

/// Nouns for the attacking side: a count of them ("seven militants were killed") is not
/// a count of victims.
const ATTACKER_NOUNS: &[&str] = &[
    "militants",
    "insurgents",
    "attackers",
    "assailants",
    "gunmen",
    "terrorists",
    "bombers",
    "jihadists",
    "rebels",
    "extremists",
    "hijackers",
    "kidnappers",
    // one of them: "killing two policemen and a fellow attacker"
    "militant",
    "insurgent",
    "attacker",
    "assailant",
    "gunman",
    "terrorist",
    "bomber",
    "jihadist",
    "rebel",
    "extremist",
    "accomplice",
    "hijacker",
    "kidnapper",
];

/// True when one of the words of tokens `a..b` names attackers.
fn names_attackers(tokens: &[Token], text: &str, a: usize, b: usize) -> bool {
    (a..b.min(tokens.len())).any(|k| {
        let w = tokens[k].text(text);
        ATTACKER_NOUNS.iter().any(|a| a.eq_ignore_ascii_case(w))
    })
}

/// End token of a short victim noun phrase after a number ("people", "French Policemen", "others").
fn person_noun_end(text: &str, tokens: &[Token], start: usize, end: usize) -> usize {
    let mut j = start;
    while j < end && j < start + 3 {
        let t = tokens[j];
        let w = t.text(text).to_lowercase();
        if t.kind != TokenKind::Word
            || matches!(
                w.as_str(),
                "and"
                    | "in"
                    | "at"
                    | "on"
                    | "of"
                    | "before"
                    | "after"
                    | "by"
                    | "with"
                    | "as"
                    | "when"
                    | "while"
            )
        {
            break;
        }
        j += 1;
        if matches!(
            w.as_str(),
            "people"
                | "person"
                | "man"
                | "woman"
                | "child"
                | "policeman"
                | "officer"
                | "soldier"
                | "worshippers"
                | "passengers"
                | "commuters"
                | "shoppers"
                | "persons"
                | "others"
                | "civilians"
                | "policemen"
                | "officers"
                | "soldiers"
                | "children"
                | "men"
                | "women"
                | "students"
                | "pedestrians"
                | "tourists"
                | "police"
                | "members"
                | "farmers"
                | "villagers"
                | "herders"
                | "fishermen"
                | "workers"
                | "guards"
                | "troops"
                | "girls"
                | "boys"
                | "pilgrims"
                | "journalists"
                | "teachers"
                | "residents"
                | "marines"
                | "sailors"
                | "cadets"
                | "employees"
                | "hostages"
        ) {
            return j;
        }
    }
    // no recognisable noun: the phrase ends at the number
    start
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::numbers::find_numbers;
    use sitrep_nlp::text::tokenize;

    fn cas(text: &str) -> Vec<(CasualtyKind, u32, Option<u32>, String)> {
        let toks = tokenize(text);
        let nums = find_numbers(text, &toks);
        find_casualties(text, &toks, 0..toks.len(), &nums)
            .into_iter()
            .map(|c| {
                (
                    c.kind,
                    c.min,
                    c.max,
                    text[c.span.start..c.span.end].to_string(),
                )
            })
            .collect()
    }

    use CasualtyKind::*;

    #[test]
    fn verb_then_number() {
        assert_eq!(
            cas("a truck ploughed in, killing at least seven and injuring at least 30 before stopping"),
            vec![
                (Killed, 7, None, "killing at least seven".into()),
                (Injured, 30, None, "injuring at least 30".into())
            ]
        );
        assert_eq!(
            cas("the gunman killed one person and injured three others"),
            vec![
                (Killed, 1, Some(1), "killed one person".into()),
                (Injured, 3, Some(3), "injured three others".into())
            ]
        );
        assert_eq!(
            cas("they killed 23 soldiers and injured another 15, officials said"),
            vec![
                (Killed, 23, Some(23), "killed 23 soldiers".into()),
                (Injured, 15, Some(15), "injured another 15".into())
            ]
        );
        assert_eq!(
            cas("more than two dozen fighters were killed"),
            vec![(
                Killed,
                24,
                None,
                "more than two dozen fighters were killed".into()
            )]
        );
    }

    #[test]
    fn number_then_passive_or_adjective() {
        assert_eq!(
            cas("Twelve people were killed and 40 wounded."),
            vec![
                (Killed, 12, Some(12), "Twelve people were killed".into()),
                (Injured, 40, Some(40), "40 wounded".into())
            ]
        );
        // "more than 20" is at least 20, as GTD codes it
        assert_eq!(cas("more than 20 dead")[0].1, 20);
        assert_eq!(cas("over 300 people were killed")[0].1, 300);
        assert_eq!(
            cas("Four people died and 17 were hospitalized."),
            vec![
                (Killed, 4, Some(4), "Four people died".into()),
                (Injured, 17, Some(17), "17 were hospitalized".into())
            ]
        );
    }

    #[test]
    fn no_one_is_not_one() {
        assert_eq!(
            cas("No one was killed."),
            vec![(Killed, 0, Some(0), "No one was killed".into())]
        );
    }

    #[test]
    fn none_killed_is_a_count_of_zero() {
        let v = cas("It did not kill anyone but hurt 30 people.");
        assert!(
            v.iter()
                .any(|c| c.0 == CasualtyKind::Killed && c.1 == 0 && c.2 == Some(0)),
            "{v:?}"
        );
        let v = cas("There were no fatalities.");
        assert_eq!(v.len(), 1, "{v:?}");
    }

    #[test]
    fn fatally_wounding_is_killing() {
        let v = cas("A man fatally stabbed one person and injured two others.");
        assert!(
            v.iter().any(|c| (c.0, c.1, c.2) == (Killed, 1, Some(1))),
            "{v:?}"
        );
        let v = cas("The gunman fatally shot a security guard.");
        assert!(
            v.iter().any(|c| (c.0, c.1, c.2) == (Killed, 1, Some(1))),
            "{v:?}"
        );
    }

    #[test]
    fn a_parenthesis_of_who_they_were_keeps_the_count() {
        let v = cas("Nine other people, including officers, were hospitalized.");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!((v[0].0, v[0].1, v[0].2), (Injured, 9, Some(9)));
    }

    #[test]
    fn one_person_hurt_is_one_injured() {
        let v = cas("A fifth person was hospitalized in critical condition.");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!((v[0].0, v[0].1, v[0].2), (Injured, 1, Some(1)));
        let v = cas("A police officer was wounded.");
        assert_eq!((v[0].0, v[0].1), (Injured, 1), "{v:?}");
    }

    #[test]
    fn a_second_killing_verb_adds_its_dead() {
        let v = cas("A suicide bomber assassinated a senior minister and killed 19 others.");
        assert!(
            v.iter().any(|c| (c.0, c.1, c.2) == (Killed, 20, Some(20))),
            "{v:?}"
        );
        // an injuring verb adds none of its wounded to the dead
        let v = cas("A bomb killed a policeman and wounded 19 others.");
        assert!(v.iter().all(|c| c.0 != Killed || c.1 == 1), "{v:?}");
    }

    #[test]
    fn members_of_a_force_are_counted() {
        let v = cas("At least 36 members of the security forces were killed on Monday.");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!((v[0].1, v[0].2), (36, None));
    }

    #[test]
    fn attackers_killed_are_not_victims() {
        assert!(
            cas("He stabbed a guard in a mall before he was killed by police.")
                .iter()
                .all(|c| c.0 != CasualtyKind::Killed)
        );
        assert!(cas("Seven Taliban militants were killed when their bomb went off.").is_empty());
        assert!(cas("Troops killed 12 insurgents in the raid.").is_empty());
        let v = cas("Three soldiers were killed and four militants were wounded.");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!((v[0].1, v[0].2), (3, Some(3)));
        // a noun of killing and the victims it names
        let v = cas("Militants were blamed for the killing of four farmers.");
        assert_eq!((v[0].0, v[0].1, v[0].2), (Killed, 4, Some(4)), "{v:?}");
        assert!(cas("the killing of 12 militants by troops").is_empty());
        // a qualified part still adds up
        let v = cas(
            "Insurgents overran the compound, killing a district governor and at least six guards.",
        );
        assert_eq!((v[0].1, v[0].2), (7, None), "{v:?}");
        // a coordinated subject, and a part of a group
        let v = cas("Two women and a man were injured, according to the reports.");
        assert_eq!((v[0].0, v[0].1, v[0].2), (Injured, 3, Some(3)), "{v:?}");
        let v = cas("By Saturday, two of the victims had died.");
        assert_eq!((v[0].0, v[0].1, v[0].2), (Killed, 2, Some(2)), "{v:?}");
        assert!(cas("One of the attackers was killed.").is_empty());
        assert!(cas("Three fighters attacked; two of them were killed.").is_empty());
        // a single attacker coordinated with the victims is not one of them
        let v = cas("The bomber blew himself up, killing two policemen and a fellow attacker.");
        assert_eq!((v[0].1, v[0].2), (2, Some(2)), "{v:?}");
    }

    #[test]
    fn events_are_not_victims() {
        // "three blasts killed 60 people": 60 killed, not 3.
        assert_eq!(
            cas("three blasts killed 60 people"),
            vec![(Killed, 60, Some(60), "killed 60 people".into())]
        );
        assert!(cas("he was killed 20 years ago").is_empty());
    }

    #[test]
    fn death_toll() {
        assert_eq!(cas("the death toll rose to 15")[0].1, 15);
    }
}
