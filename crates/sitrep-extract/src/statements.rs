//! Statements recorded with their speaker: calls to violence, claims of
//! responsibility, pledges of allegiance, threats, and officials' statements.
//!
//! A statement needs a speaker the text names (a person or a group's news
//! agency). An official's statement is kept when the official speaks for the
//! country of the incident the article is about (or when there is none).

use crate::context::Ctx;
use crate::fill::evidence;
use crate::incidents::Cluster;
use crate::places::PlaceKind;
use sitrep_core::{GroupRelation, Incident, Span, Statement, StatementKind};
use sitrep_nlp::lexicon::Cue;
use sitrep_nlp::speech::{is_inverting_verb, is_office_word, is_speech_verb, role_of_words, Role};

const CALL_VERBS: &[&str] = &[
    "called",
    "calling",
    "calls",
    "urged",
    "urging",
    "urges",
    "urge",
    "exhorted",
    "incited",
    "encouraged",
    "encouraging",
    "instructed",
    "told",
];
const VIOLENT_OBJECTS: &[&str] = &[
    "attack",
    "attacks",
    "kill",
    "killing",
    "strike",
    "fight",
    "arm",
    "wage",
    "jihad",
    "revenge",
    "slaughter",
    "murder",
    "violence",
    "operations",
    "bomb",
    "stab",
    "shoot",
    "behead",
    "martyrdom",
];
const OFFICIAL_ROLES: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "chancellor",
    "envoy",
    "ambassador",
    "head",
    "chief",
    "commissioner",
    "commander",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "governor",
    "mayor",
    "prosecutor",
    "superintendent",
    "senator",
    "official",
    "premier",
];

/// Finds statements in the document.
pub fn statements(ctx: &Ctx, clusters: &[Cluster], incidents: &[Incident]) -> Vec<Statement> {
    let mut out: Vec<(usize, Statement)> = Vec::new(); // (entity or usize::MAX, statement)
    let primary_country = clusters
        .iter()
        .zip(incidents)
        .find(|(c, _)| c.primary)
        .and_then(|(_, i)| i.location.as_ref())
        .and_then(|l| l.country.clone());
    // Officials are heard only in a report of an incident: a politician's words in a
    // report of politics are no statement about an attack.
    let has_incident = incidents.iter().any(reported_incident) || title_reports_attack(ctx);
    let doc_group = main_group(ctx);
    let perps: Vec<String> = incidents
        .iter()
        .flat_map(|i| i.perpetrators.iter().map(|p| p.name.clone()))
        .collect();
    let mut push = |ent: usize, st: Statement| {
        // One claim a group, by its most specific voice: a named person, else its
        // agency, else the group itself.
        if st.kind == StatementKind::ClaimOfResponsibility && st.affiliation.is_some() {
            if let Some(i) = out
                .iter()
                .position(|(_, s)| s.kind == st.kind && s.affiliation == st.affiliation)
            {
                if claim_rank(ctx, ent, &st) > claim_rank(ctx, out[i].0, &out[i].1) {
                    out[i] = (ent, st);
                }
                return;
            }
        }
        if !out.iter().any(|(e, s)| {
            s.kind == st.kind && (*e == ent && ent != usize::MAX || s.speaker == st.speaker)
        }) {
            out.push((ent, st));
        }
    };
    for s in 0..ctx.ann.sentences.len() {
        if !ctx.in_body(s) {
            continue;
        }
        let r = ctx.sentence_range(s);
        let sspan = ctx.ann.sentence_span(s);
        let persons: Vec<&sitrep_nlp::people::PersonMention> = ctx
            .persons
            .iter()
            .filter(|p| sspan.contains(p.span))
            .collect();
        let group_in_sentence = ctx
            .ann
            .groups
            .iter()
            .find(|g| sspan.contains(g.span))
            .map(|g| ctx.group_name(g).to_string());
        // pledge of allegiance
        if let Some(a) = r.clone().find(|&k| ctx.lw(k) == "allegiance") {
            let a_start = ctx.ann.tokens[a].span.start;
            let speaker = persons
                .iter()
                .filter(|p| p.span.end <= a_start)
                .max_by_key(|p| p.span.start);
            let group = ctx
                .ann
                .groups
                .iter()
                .find(|g| g.span.start > a_start && sspan.contains(g.span))
                .map(|g| ctx.group_name(g).to_string());
            // The speaker: the person named before "allegiance", or the attacker when the
            // subject is "the terrorist", "the attacker" or "he".
            let name = match speaker {
                Some(p) => Some((p.entity, ctx.entities[p.entity].name.clone())),
                None => {
                    let subject = (r.start..a).any(|k| {
                        matches!(
                            ctx.lw(k),
                            "terrorist" | "attacker" | "assailant" | "gunman" | "killer" | "he"
                        )
                    });
                    if subject {
                        perps.first().map(|n| (usize::MAX - 1, n.clone()))
                    } else {
                        None
                    }
                }
            };
            if let (Some((ent, name)), Some(g)) = (name, group) {
                if perps.contains(&name) {
                    push(
                        ent,
                        Statement {
                            speaker: name,
                            affiliation: Some(g),
                            kind: StatementKind::PledgeOfAllegiance,
                            evidence: evidence(ctx, [sspan]),
                        },
                    );
                }
            }
        }
        // call to violence
        if let Some(v) = r.clone().find(|&k| {
            CALL_VERBS.contains(&ctx.lw(k)) && {
                let next = ctx.lw(k + 1);
                matches!(next, "on" | "upon" | "for")
                    || ctx.lw(k) != "told"
                        && ctx.lw(k) != "calls"
                        && ctx.lw(k) != "called"
                        && ctx.lw(k) != "calling"
            }
        }) {
            let violent =
                (v + 1..(v + 30).min(r.end)).any(|k| VIOLENT_OBJECTS.contains(&ctx.lw(k)));
            let v_start = ctx.ann.tokens[v].span.start;
            if violent && !ctx.quoted(ctx.ann.tokens[v].span) {
                let speaker = persons
                    .iter()
                    .filter(|p| p.span.end <= v_start)
                    .max_by_key(|p| p.span.start)
                    .copied()
                    .or_else(|| {
                        // "He also urged …": the last person named before this sentence
                        let pron = (r.start..v).any(|k| matches!(ctx.lw(k), "he" | "she"));
                        pron.then(|| {
                            ctx.persons
                                .iter()
                                .filter(|p| p.span.end <= sspan.start)
                                .max_by_key(|p| p.span.start)
                        })
                        .flatten()
                    });
                if let Some(p) = speaker {
                    let role_ok = !has_official_title(ctx, p.span)
                        || has_role_word(
                            ctx,
                            p.span,
                            &["spokesman", "spokesperson", "spokeswoman", "leader", "emir"],
                        );
                    if role_ok {
                        let aff = group_in_sentence.clone().or_else(|| doc_group.clone());
                        push(
                            p.entity,
                            Statement {
                                speaker: ctx.entities[p.entity].name.clone(),
                                affiliation: aff,
                                kind: StatementKind::CallToViolence,
                                evidence: evidence(ctx, [sspan]),
                            },
                        );
                    }
                }
            }
        }
        // threat: "al-Shabaab vowed to continue its attacks", "X threatened more bombings"
        if let Some(v) = r.clone().find(|&k| {
            matches!(
                ctx.lw(k),
                "threatened"
                    | "threatens"
                    | "threatening"
                    | "vowed"
                    | "vows"
                    | "vowing"
                    | "warned"
                    | "warns"
            ) || (ctx.lw(k) == "would"
                && matches!(ctx.lw(k + 1), "continue" | "carry" | "launch" | "step"))
        }) {
            let violent = (v + 1..(v + 12).min(r.end)).any(|k| threat_object(ctx.lw(k)));
            let v_start = ctx.ann.tokens[v].span.start;
            if violent && !ctx.quoted(ctx.ann.tokens[v].span) {
                // officials warn, witnesses and analysts fear: neither threatens
                let person = persons
                    .iter()
                    .filter(|p| {
                        p.span.end <= v_start
                            && !matches!(
                                entity_role(ctx, p.entity).0,
                                Some(Role::Official | Role::Other)
                            )
                    })
                    .max_by_key(|p| p.span.start);
                let group = ctx
                    .ann
                    .groups
                    .iter()
                    .filter(|g| g.span.end <= v_start && sspan.contains(g.span))
                    .max_by_key(|g| g.span.start);
                let backers = group.is_some_and(|g| {
                    let t = ctx.token_at(g.span.start);
                    t > r.start && matches!(ctx.lw(t - 1), "of" | "pro")
                });
                match (person, group) {
                    (Some(p), g) => push(
                        p.entity,
                        Statement {
                            speaker: ctx.entities[p.entity].name.clone(),
                            affiliation: g
                                .map(|g| ctx.group_name(g).to_string())
                                .or_else(|| doc_group.clone()),
                            kind: StatementKind::Threat,
                            evidence: evidence(ctx, [sspan]),
                        },
                    ),
                    (None, Some(g)) if !backers => push(
                        usize::MAX,
                        Statement {
                            speaker: group_speaker(ctx, ctx.group_name(g)),
                            affiliation: Some(ctx.group_name(g).to_string()),
                            kind: StatementKind::Threat,
                            evidence: evidence(ctx, [sspan]),
                        },
                    ),
                    _ => {}
                }
            }
        }
        // a group's voice promising more in its own words: "“We shall continue killing
        // them,” its spokesman told Reuters"
        for p in &persons {
            let (role, g) = entity_role(ctx, p.entity);
            if role == Some(Role::GroupVoice)
                && framed(ctx, p.span)
                && (promises_more(ctx, r.clone())
                    || quote_before(ctx, p.span).is_some_and(|q| promises_more(ctx, q)))
            {
                push(
                    p.entity,
                    Statement {
                        speaker: ctx.entities[p.entity].name.clone(),
                        affiliation: g.or_else(|| doc_group.clone()),
                        kind: StatementKind::Threat,
                        evidence: evidence(ctx, [sspan]),
                    },
                );
            }
        }
        // claims of responsibility, spoken for by a named voice, a news agency or the group
        if let Some(st) = claim_statement(ctx, s) {
            // "claimed the attack, saying they would make similar attacks in the future":
            // the claim's promise of more is the claimant's threat
            if promises_more(ctx, r.clone())
                || r.clone().any(|k| {
                    ctx.lw(k) == "would"
                        && (k + 1..(k + 5).min(r.end)).any(|j| threat_object(ctx.lw(j)))
                })
            {
                push(
                    st.0,
                    Statement {
                        kind: StatementKind::Threat,
                        ..st.1.clone()
                    },
                );
            }
            push(st.0, st.1);
        } else if has_incident {
            if let Some(st) = agency_speaks(ctx, s) {
                push(usize::MAX, st);
            }
        }
        // officials' words about the incident
        if has_incident && about_attack(ctx, s) {
            for p in &persons {
                if perps.contains(&ctx.entities[p.entity].name)
                    || !(framed(ctx, p.span) || acts_as_subject(ctx, p.span))
                {
                    continue;
                }
                if entity_role(ctx, p.entity).0 != Some(Role::Official) {
                    continue;
                }
                let country =
                    official_country(ctx, p.span, p.entity).or_else(|| primary_country.clone());
                push(
                    p.entity,
                    Statement {
                        speaker: ctx.entities[p.entity].name.clone(),
                        affiliation: country,
                        kind: StatementKind::OfficialStatement,
                        evidence: evidence(ctx, [sspan]),
                    },
                );
            }
        }
    }
    // A group the incidents record as claiming, with no claim statement read yet, speaks
    // for itself; one claim spoken for two groups ("ISIS claimed ISWA fighters attacked")
    // is one statement, already read.
    for inc in incidents {
        for g in &inc.groups {
            if g.relation != GroupRelation::Claimed {
                continue;
            }
            let read = out.iter().any(|(_, st)| {
                st.kind == StatementKind::ClaimOfResponsibility
                    && (st.affiliation.as_deref() == Some(g.name.as_str())
                        || st.evidence.iter().any(|e| {
                            g.evidence
                                .iter()
                                .any(|f| f.start < e.end && e.start < f.end)
                        }))
            });
            if !read {
                out.push((
                    usize::MAX,
                    Statement {
                        speaker: group_speaker(ctx, &g.name),
                        affiliation: Some(g.name.clone()),
                        kind: StatementKind::ClaimOfResponsibility,
                        evidence: g.evidence.clone(),
                    },
                ));
            }
        }
    }
    out.into_iter().map(|(_, s)| s).collect()
}

/// How specific a claim's speaker is: 2 for a named person, 1 for a channel (an agency
/// named apart from the group), 0 for the group itself.
fn claim_rank(ctx: &Ctx, ent: usize, st: &Statement) -> u8 {
    let group = st.affiliation.as_deref().map(|a| group_speaker(ctx, a));
    if ent != usize::MAX {
        2
    } else if st.affiliation.as_deref() != Some(st.speaker.as_str())
        && group.as_deref() != Some(st.speaker.as_str())
    {
        1
    } else {
        0
    }
}

/// How the text names group `canonical` when it speaks: the longest form written in
/// the text ("Tehreek-e-Taliban Pakistan" rather than "TTP"), else the canonical name.
fn group_speaker(ctx: &Ctx, canonical: &str) -> String {
    ctx.ann
        .groups
        .iter()
        .filter(|g| ctx.group_name(g) == canonical)
        .filter_map(|g| g.span.slice(ctx.text))
        .max_by_key(|w| w.len())
        // a capital at the start of a sentence is no other spelling
        .filter(|w| w.len() >= canonical.len() && !w.eq_ignore_ascii_case(canonical))
        .map_or_else(|| canonical.to_string(), |w| w.trim().to_string())
}

/// True when sentence `s` or one next to it speaks of an attack: an attack word, a
/// weapon, an attacker or terrorism ("the attack", "gunmen", "a terrorist act"). An
/// official's words elsewhere in a report (on politics, on a fire) are no statement
/// about the incident.
fn about_attack(ctx: &Ctx, s: usize) -> bool {
    let from = ctx.ann.sentence_span(s.saturating_sub(2)).start;
    let to = ctx
        .ann
        .sentence_span((s + 2).min(ctx.ann.sentences.len().saturating_sub(1)))
        .end;
    let near = Span::new(from, to);
    let cue = ctx.ann.cues.iter().any(|c| {
        near.contains(c.span)
            && !c.has(Cue::StateAction)
            && c.cues().iter().any(|k| {
                matches!(
                    k,
                    Cue::Event | Cue::Attack(_) | Cue::Weapon(_) | Cue::Perpetrator
                )
            })
    });
    cue || {
        let (a, b) = (ctx.token_at(from), ctx.token_at(to));
        (a..b).any(|k| {
            let w = ctx.lw(k);
            w.starts_with("terror")
                || matches!(
                    w,
                    "killed"
                        | "killing"
                        | "wounded"
                        | "injured"
                        | "victims"
                        | "dead"
                        | "died"
                        | "deaths"
                        | "casualties"
                        | "attackers"
                        | "militants"
                        | "insurgents"
                        | "beheading"
                        | "beheaded"
                        | "hostage"
                        | "hostages"
                        | "kidnapped"
                        | "kidnapping"
                        | "abducted"
                        | "abduction"
                )
        })
    }
}

/// Words a threat aims at: attacks, killing, targets, force.
fn threat_object(w: &str) -> bool {
    VIOLENT_OBJECTS.contains(&w)
        || matches!(
            w,
            "target"
                | "targeting"
                | "force"
                | "offensive"
                | "bombings"
                | "killings"
                | "attacking"
                | "retaliate"
                | "retaliation"
                | "avenge"
        )
}

/// True when the tokens `r` promise more violence: "continue", "more", "will" or
/// "shall" followed within four words by a threat's object ("we shall continue
/// killing", "more attacks will follow").
fn promises_more(ctx: &Ctx, r: std::ops::Range<usize>) -> bool {
    r.clone().any(|k| {
        matches!(ctx.lw(k), "continue" | "more" | "will" | "shall")
            && (k + 1..(k + 5).min(r.end)).any(|j| threat_object(ctx.lw(j)))
    })
}

/// The tokens of the quotation a speaker's name follows ("“We shall continue killing
/// the enemies. This is part of our operation,” X told Reuters"): a quotation closed
/// at most three tokens before the name.
fn quote_before(ctx: &Ctx, span: Span) -> Option<std::ops::Range<usize>> {
    let t = ctx.token_at(span.start);
    let q = ctx
        .quotes
        .iter()
        .filter(|q| q.end <= span.start)
        .max_by_key(|q| q.end)?;
    let qe = ctx.token_at(q.end);
    (t.saturating_sub(qe) <= 3).then(|| ctx.token_at(q.start)..qe)
}

/// True when the quotation a speaker's name follows speaks for the attackers: "we" doing
/// the deed or "our" fighters ("“We killed the deputy district commissioner…,” X, its
/// spokesman, told Reuters"). An official does not say so.
fn attackers_voice(ctx: &Ctx, span: Span) -> bool {
    let Some(q) = quote_before(ctx, span) else {
        return false;
    };
    q.clone().any(|k| {
        let next = |j: usize| if j < q.end { ctx.lw(j) } else { "" };
        match ctx.lw(k) {
            "we" => (k + 1..k + 3).any(|j| {
                matches!(
                    next(j),
                    "killed" | "attacked" | "bombed" | "targeted" | "carried" | "executed"
                )
            }),
            "our" => matches!(
                next(k + 1),
                "operation" | "operations" | "fighters" | "mujahideen" | "brothers" | "martyrs"
            ),
            _ => false,
        }
    })
}

/// True when the title names an attack ("Gunman kills three in …", "Bomb attack on …").
fn title_reports_attack(ctx: &Ctx) -> bool {
    ctx.title_sentences.iter().any(|&s| {
        let sp = ctx.ann.sentence_span(s);
        ctx.ann.cues.iter().any(|c| {
            sp.contains(c.span)
                && c.has(Cue::Event)
                && !c.has(Cue::Generic)
                && !c.has(Cue::StateAction)
        })
    })
}

/// True for an incident the record keeps: one the text gives a place, an attack type,
/// casualties or an attacker for.
fn reported_incident(i: &Incident) -> bool {
    i.location.is_some()
        || !i.attack_types.is_empty()
        || i.killed.is_some()
        || i.injured.is_some()
        || !i.perpetrators.is_empty()
}

/// Adverbs, times and auxiliaries that may stand between a speaker's name and the verb
/// that reports them ("X on Tuesday denounced", "X later announced", "X has said").
fn skippable(w: &str) -> bool {
    matches!(
        w,
        "also"
            | "later"
            | "earlier"
            | "then"
            | "meanwhile"
            | "on"
            | "has"
            | "have"
            | "had"
            | "was"
            | "is"
            | "were"
            | "as"
            | "last"
            | "this"
            | "late"
            | "early"
            | "separately"
            | "further"
            | "previously"
            | "however"
            | "yesterday"
            | "today"
            | "tonight"
            | "morning"
            | "evening"
            | "night"
            | "afternoon"
            | "publicly"
            | "reportedly"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

/// True when a reporting verb follows token `p` after at most four skippable words
/// ("said", "on Tuesday denounced", "later announced", "was quoted as saying").
fn verb_follows(ctx: &Ctx, p: usize, end: usize) -> bool {
    let mut k = p;
    while k < end && k < p + 5 {
        let w = ctx.lw(k);
        if is_speech_verb(w) && w != "according" && w != "saying" || w == "quoted" {
            return true;
        }
        if !skippable(w) {
            return false;
        }
        k += 1;
    }
    false
}

/// Ranks and titles written abbreviated with a period before a name.
const ABBREVIATED_RANKS: &[&str] = &[
    "col", "gen", "lt", "maj", "capt", "sgt", "cpl", "gov", "sen", "rep", "dr", "mr", "mrs", "ms",
    "prof", "rev", "supt", "insp", "brig", "cmdr", "adm", "pres",
];

/// Token range of the title in front of the name that starts at token `t`: capitalised
/// words and office words ("Beni army spokesperson", "acting chief of the police
/// operation", "Police Service of Northern Ireland Assistant Chief Constable"), without
/// leading function words. Stops at punctuation, other names and any other word.
fn title_before(ctx: &Ctx, t: usize, first: usize) -> std::ops::Range<usize> {
    let mut k = t;
    while k > first && t - k < 10 {
        let tok = ctx.ann.tokens[k - 1];
        let w = ctx.lw(k - 1);
        // "Col. Gerry Besana", "Lt. Gen. X": an abbreviated rank's period is in the title
        if w == "." && k >= first + 2 && ABBREVIATED_RANKS.contains(&ctx.lw(k - 2)) {
            k -= 1;
            continue;
        }
        let wordish = tok.kind == sitrep_nlp::text::TokenKind::Word || w.ends_with("'s");
        let other_person = ctx.persons.iter().any(|p| p.span.contains(tok.span));
        if !wordish || other_person || is_speech_verb(w) {
            break;
        }
        if !(ctx.capitalised(k - 1) || is_office_word(w) || w.ends_with("'s")) {
            break;
        }
        k -= 1;
    }
    // "according to X", "by X", "said the X": function words open no title
    while k < t
        && matches!(
            ctx.lw(k),
            "of" | "for" | "the" | "a" | "an" | "in" | "on" | "at" | "and" | "to"
        )
    {
        k += 1;
    }
    k..t
}

/// The apposition after the name that ends before token `te` (", spokesman for the
/// Interior Ministry,"): its token range and whether a comma closes it.
fn apposition_after(ctx: &Ctx, te: usize, end: usize) -> Option<(std::ops::Range<usize>, bool)> {
    if ctx.lw(te) != "," {
        return None;
    }
    let mut j = te + 1;
    while j < end && j < te + 17 {
        let w = ctx.lw(j);
        let tspan = ctx.ann.tokens[j].span;
        let _ = tspan;
        if matches!(
            w,
            "," | "." | ";" | ":" | "(" | ")" | "who" | "which" | "that" | "\"" | "“" | "”"
        ) || is_speech_verb(w)
        {
            return Some((te + 1..j, w == ","));
        }
        j += 1;
    }
    Some((te + 1..j, false))
}

/// True when the words before token `b` (the first token of a speaker's title or
/// name) report them as the speaker: "said X", "added X", "according to X",
/// "condemned by X", "a statement by X".
fn inverted_frame(ctx: &Ctx, b: usize, first: usize) -> bool {
    // ("condemned by the UN envoy", "said the governor": the article opens the title)
    let b = if b > first + 1 && matches!(ctx.lw(b - 1), "the" | "a" | "an") {
        b - 1
    } else {
        b
    };
    if b <= first {
        return false;
    }
    let w = ctx.lw(b - 1);
    let prev = if b >= first + 2 { ctx.lw(b - 2) } else { "" };
    is_inverting_verb(w)
        || w == "to" && prev == "according"
        || w == "by"
            && (is_speech_verb(prev)
                || matches!(prev, "statement" | "message" | "remarks" | "post"))
}

/// True when the person mention `span` is reported as speaking: "X said", "X, the
/// police chief, told reporters", "said police spokesman X", "according to X, spokesman
/// for the governor". A name inside a quotation is someone else's words.
fn framed(ctx: &Ctx, span: Span) -> bool {
    if ctx.quoted(span) {
        return false;
    }
    let t = ctx.token_at(span.start);
    let te = ctx.token_at(span.end);
    let s = ctx.sentence_of_token(t);
    let r = ctx.sentence_range(s);
    let title = title_before(ctx, t, r.start);
    let te = after_name(ctx, te);
    // subject: "X said", "X, …, said", "X, meanwhile, promised"; not the object of a
    // preposition ("the ousting of X, has stated")
    let object = title.start > r.start
        && matches!(
            ctx.lw(title.start - 1),
            "of" | "by" | "with" | "against" | "for" | "from" | "about" | "at" | "to"
        );
    if object {
        return inverted_frame(ctx, title.start, 0);
    }
    if verb_follows(ctx, te, r.end) {
        return true;
    }
    if let Some((app, closed)) = apposition_after(ctx, te, r.end) {
        if closed && verb_follows(ctx, app.end + 1, r.end) {
            return true;
        }
        // "the region's leader, X, said": the name is the apposition
        let after_comma = title.start > r.start && ctx.lw(title.start - 1) == ",";
        // ("…, X, later announced": adverbs and times are no apposition)
        let adverbs_only = app.clone().all(|k| skippable(ctx.lw(k)));
        if adverbs_only && (after_comma || t == r.start) && verb_follows(ctx, te + 1, r.end) {
            return true;
        }
    }
    // inverted: "said X", "said police chief X", "said the governor of Y, X"
    // ("…,” said X": a quotation's end may have closed the sentence before the verb)
    if inverted_frame(ctx, title.start, 0) {
        return true;
    }
    if title.start > r.start && ctx.lw(title.start - 1) == "," {
        let pre = title_before(ctx, title.start - 1, r.start);
        if !pre.is_empty() && inverted_frame(ctx, pre.start, 0) {
            return true;
        }
    }
    false
}

/// The token after a name that ends at token `te`, past the stop of a suffix glued to
/// it ("Filemon Tan Jr., …": the name ends before "Jr"'s period).
fn after_name(ctx: &Ctx, te: usize) -> usize {
    let glued = |k: usize| {
        k > 0
            && k < ctx.ann.tokens.len()
            && ctx.ann.tokens[k].span.start == ctx.ann.tokens[k - 1].span.end
    };
    if ctx.lw(te) == "." && glued(te) && ctx.lw(te + 1) == "," {
        te + 1
    } else {
        te
    }
}

/// Participles that say what was done to someone: after the name they describe a
/// victim or a suspect ("X, wounded in the blast, …"), not what X did.
fn suffered(w: &str) -> bool {
    matches!(
        w,
        "killed"
            | "wounded"
            | "injured"
            | "shot"
            | "stabbed"
            | "kidnapped"
            | "abducted"
            | "arrested"
            | "detained"
            | "charged"
            | "accused"
            | "named"
            | "identified"
            | "based"
            | "elected"
            | "appointed"
            | "born"
            | "married"
            | "involved"
            | "targeted"
    )
}

/// Verbs besides the reporting ones by which someone states a fact or a stance: "put
/// the death toll at 20", "provided the figure", "flagged the prospect", "spoke out".
fn states(w: &str) -> bool {
    matches!(
        w,
        "put"
            | "puts"
            | "gave"
            | "gives"
            | "provided"
            | "provides"
            | "cautioned"
            | "flagged"
            | "spoke"
            | "speaks"
            | "attributed"
            | "termed"
            | "labelled"
            | "labeled"
            | "branded"
            | "appealed"
            | "issued"
            | "released"
    )
}

/// True when the person mention `span` opens a clause and a verb of theirs follows,
/// past appositions, parentheses and relative clauses: "X, a member of the provincial
/// council, put the death toll at 20", "Prime Minister X rushed to the scene and
/// pledged …", "X, who had …, declared", "…, while X provided the figure". What an
/// official so does about an attack is their statement on it, said or not; a passive
/// ("X was killed") or a participle of harm after a comma is not.
fn acts_as_subject(ctx: &Ctx, span: Span) -> bool {
    if ctx.quoted(span) {
        return false;
    }
    let t = ctx.token_at(span.start);
    let s = ctx.sentence_of_token(t);
    let r = ctx.sentence_range(s);
    let title = title_before(ctx, t, r.start);
    let opens = title.start == r.start
        || matches!(ctx.lw(title.start - 1), "while" | "but" | "whereas")
        || title.start == r.start + 1 && matches!(ctx.lw(r.start), "but" | "and" | "meanwhile");
    if !opens {
        return false;
    }
    let te = after_name(ctx, ctx.token_at(span.end));
    let mut depth = 0usize;
    let mut relative = false;
    // the last token that lets a verb follow: the name's end or a comma
    let mut open_at = te;
    let stop = (te + 40).min(r.end);
    let mut k = te;
    while k < stop {
        let w = ctx.lw(k);
        match w {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            ";" | ":" | "\"" | "“" | "”" => return false,
            _ if depth > 0 => {}
            "," => {
                relative = false;
                open_at = k + 1;
            }
            "who" | "which" | "whose" => relative = true,
            // "X rushed to the scene and pledged …": a coordinated verb is X's too
            "and" if !relative => open_at = k + 1,
            // another person named first speaks for the verb that follows
            _ if k > te
                && ctx
                    .persons
                    .iter()
                    .any(|p| p.span.start == ctx.ann.tokens[k].span.start) =>
            {
                return false
            }
            _ if skippable(w) && k == open_at => open_at = k + 1,
            _ if !relative && k == open_at => {
                let passive =
                    k > 0 && matches!(ctx.lw(k - 1), "was" | "were" | "is" | "are" | "been");
                if (is_speech_verb(w) && w != "according" || states(w)) && !passive && !suffered(w)
                {
                    return true;
                }
            }
            _ => {}
        }
        k += 1;
    }
    false
}

/// The words that describe one mention of a person: its title, an apposition after
/// it, and a noun phrase set before it with a comma ("the UN envoy, X"), with the
/// groups they name.
fn role_words(ctx: &Ctx, span: Span) -> (Vec<usize>, Option<String>) {
    let t = ctx.token_at(span.start);
    let te = ctx.token_at(span.end);
    let s = ctx.sentence_of_token(t);
    let r = ctx.sentence_range(s);
    let title = title_before(ctx, t, r.start);
    let te = after_name(ctx, te);
    let mut toks: Vec<usize> = title.clone().collect();
    if let Some((app, _)) = apposition_after(ctx, te, r.end) {
        toks.extend(app);
    }
    if title.start > r.start && ctx.lw(title.start - 1) == "," {
        toks.extend(title_before(ctx, title.start - 1, r.start));
    }
    let mut group = toks.iter().find_map(|&k| {
        let tspan = ctx.ann.tokens[k].span;
        ctx.ann
            .groups
            .iter()
            .find(|g| g.span.overlaps(tspan))
            .map(|g| ctx.group_name(g).to_string())
    });
    // "its spokesman" after the group was named: the group's voice
    if group.is_none() {
        if let Some(&k) = toks.iter().find(|&&k| matches!(ctx.lw(k), "its" | "their")) {
            group = possessor_group(ctx, ctx.ann.tokens[k].span.start);
        }
    }
    (toks, group)
}

/// The group "its" at byte `pos` refers to: the last group named in this sentence or
/// the two before, unless a place or a person was named after it.
fn possessor_group(ctx: &Ctx, pos: usize) -> Option<String> {
    let s = ctx.ann.sentence_of(pos);
    // (a quotation of two sentences before the voice counts as one)
    let from = ctx.ann.sentence_span(s.saturating_sub(3)).start;
    let g = ctx
        .ann
        .groups
        .iter()
        .filter(|g| g.span.start >= from && g.span.end <= pos)
        .max_by_key(|g| g.span.start)?;
    // (a place in a quotation is the speaker's words, not what "its" refers to)
    // ("the Somali government" names a people, not a place "its" could refer to)
    let later = |sp: Span| sp.start > g.span.end && sp.end <= pos && !ctx.quoted(sp);
    if ctx
        .places
        .iter()
        .any(|p| p.kind != PlaceKind::Demonym && later(p.span))
        || ctx.persons.iter().any(|p| later(p.span))
    {
        return None;
    }
    Some(ctx.group_name(g).to_string())
}

/// The role of a person over all mentions of them, and the group they speak for, if
/// any: someone described as a witness or relative anywhere is no official; a group
/// named in a title makes the group's voice; else an office makes an official.
fn entity_role(ctx: &Ctx, entity: usize) -> (Option<Role>, Option<String>) {
    let mut roles: Vec<Role> = Vec::new();
    let mut group = None;
    for p in ctx.persons.iter().filter(|p| p.entity == entity) {
        let (toks, g) = role_words(ctx, p.span);
        let words: Vec<&str> = toks.iter().map(|&k| ctx.lw(k)).collect();
        if let Some(role) = role_of_words(&words, g.is_some()) {
            roles.push(role);
        }
        if attackers_voice(ctx, p.span) {
            roles.push(Role::GroupVoice);
        }
        if group.is_none() {
            group = g;
        }
    }
    let role = [Role::Other, Role::GroupVoice, Role::Official]
        .into_iter()
        .find(|r| roles.contains(r));
    (role, group)
}

/// Words that deny or doubt a claim before its verb ("no group has claimed", "did not
/// claim", "it was unclear who").
fn negated(ctx: &Ctx, from: usize, v: usize) -> bool {
    (from.max(v.saturating_sub(6))..v).any(|k| {
        matches!(
            ctx.lw(k),
            "no" | "not"
                | "n't"
                | "nobody"
                | "none"
                | "unclear"
                | "yet"
                | "denied"
                | "never"
                | "if"
                | "whether"
        )
    })
}

/// The token of a claim in sentence `s`: "claimed responsibility", "took credit",
/// "claimed the attack", "said it carried out"; none when denied.
fn claim_verb(ctx: &Ctx, s: usize) -> Option<usize> {
    let r = ctx.sentence_range(s);
    r.clone().find(|&k| {
        let w = ctx.lw(k);
        let claims = crate::groups::responsibility_verb(w)
            && (k + 1..(k + 4).min(r.end))
                .any(|j| matches!(ctx.lw(j), "responsibility" | "credit"))
            || matches!(w, "claimed" | "claims" | "claim") && claimed_act(ctx, k, r.end)
            || matches!(w, "said" | "says")
                && ctx.lw(k + 1) == "it"
                && (k + 2..(k + 5).min(r.end))
                    .any(|j| matches!(ctx.lw(j), "carried" | "behind" | "conducted" | "staged"));
        claims && !ctx.quoted(ctx.ann.tokens[k].span) && !negated(ctx, r.start, k)
    })
}

/// True when "claimed" at token `k` takes an attack as its object: a determiner, at
/// most a few lowercase modifiers, then an attack word ("claimed the attack", "claimed
/// a number of deadly attacks"); not "claimed the Taliban have attacked".
fn claimed_act(ctx: &Ctx, k: usize, end: usize) -> bool {
    if !matches!(
        ctx.lw(k + 1),
        "the" | "a" | "an" | "this" | "that" | "these" | "those" | "both"
    ) {
        return false;
    }
    for j in k + 2..(k + 7).min(end) {
        let tspan = ctx.ann.tokens[j].span;
        if ctx
            .ann
            .cues
            .iter()
            .any(|c| c.span.overlaps(tspan) && c.has(Cue::Event))
        {
            return true;
        }
        if ctx.capitalised(j)
            || matches!(
                ctx.lw(j),
                "have" | "has" | "had" | "was" | "were" | "is" | "are"
            )
        {
            return false;
        }
    }
    false
}

/// A claim of responsibility read in sentence `s`, with its speaker: the group's named
/// spokesman or leader (in this sentence or the next), else the named news agency that
/// carried it, else the group. Returns the speaker's entity (`usize::MAX` for none).
fn claim_statement(ctx: &Ctx, s: usize) -> Option<(usize, Statement)> {
    let v = claim_verb(ctx, s)?;
    let r = ctx.sentence_range(s);
    let sspan = ctx.ann.sentence_span(s);
    let v_start = ctx.ann.tokens[v].span.start;
    // the group: named before the verb, else after it ("claimed by X"), else before
    // (not one named after a preposition: "X, which is linked to the Y, claimed")
    let after_preposition = |g: &&sitrep_nlp::groups::GroupMention| {
        let t = ctx.token_at(g.span.start);
        (t.saturating_sub(2).max(r.start)..t).any(|k| {
            matches!(
                ctx.lw(k),
                "to" | "with" | "by" | "of" | "from" | "against" | "on"
            )
        })
    };
    let group = ctx
        .ann
        .groups
        .iter()
        .filter(|g| sspan.contains(g.span) && g.span.end <= v_start && !after_preposition(g))
        .max_by_key(|g| g.span.start)
        .or_else(|| ctx.ann.groups.iter().find(|g| sspan.contains(g.span)))
        .map(|g| ctx.group_name(g).to_string());
    let last = (s + 2).min(ctx.ann.sentences.len());
    // a named voice of the group, in the claim's own sentence (a voice named in the next
    // one may speak of something else: "The new TTP leader X confirmed that …")
    for p in ctx.persons.iter().filter(|p| sspan.contains(p.span)) {
        let (role, g) = entity_role(ctx, p.entity);
        if role == Some(Role::GroupVoice) && (group.is_none() || g.is_none() || g == group) {
            let aff = group.clone().or(g);
            return Some((
                p.entity,
                Statement {
                    speaker: ctx.entities[p.entity].name.clone(),
                    affiliation: aff,
                    kind: StatementKind::ClaimOfResponsibility,
                    evidence: evidence(ctx, [sspan]),
                },
            ));
        }
    }
    // a news agency of the group
    for look in s..last {
        let lspan = ctx.ann.sentence_span(look);
        let agency = ctx.ann.cues.iter().find(|c| {
            lspan.contains(c.span)
                && c.cues().iter().any(|k| {
                    matches!(k, Cue::Channel(m) if matches!(*m, "amaq" | "albayan" | "al_naba"))
                })
        });
        if let Some(c) = agency {
            return Some((
                usize::MAX,
                Statement {
                    speaker: ctx.text[c.span.start..c.span.end].to_string(),
                    affiliation: Some(group.unwrap_or_else(|| "Islamic State".to_string())),
                    kind: StatementKind::ClaimOfResponsibility,
                    evidence: evidence(ctx, [sspan, lspan]),
                },
            ));
        }
    }
    let g = group?;
    Some((
        usize::MAX,
        Statement {
            speaker: group_speaker(ctx, &g),
            affiliation: Some(g),
            kind: StatementKind::ClaimOfResponsibility,
            evidence: evidence(ctx, [sspan]),
        },
    ))
}

/// A group's news agency reporting in a report of an attack ("the assailant was a
/// 'fighter' for Islamic State, the group's Amaq news agency said", "the group said via
/// its Amaq wing") speaks the group's claim: its agency reports only its own attacks.
fn agency_speaks(ctx: &Ctx, s: usize) -> Option<Statement> {
    let sspan = ctx.ann.sentence_span(s);
    let agency = ctx.ann.cues[ctx.ann.cues_in(sspan)].iter().find(|c| {
        sspan.contains(c.span)
            && c.cues().iter().any(
                |k| matches!(k, Cue::Channel(m) if matches!(*m, "amaq" | "albayan" | "al_naba")),
            )
    })?;
    let r = ctx.sentence_range(s);
    let verb = r.clone().find(|&k| {
        matches!(
            ctx.lw(k),
            "said" | "says" | "added" | "reported" | "stated" | "announced" | "posted"
        )
    })?;
    if negated(ctx, r.start, verb) {
        return None;
    }
    let group = ctx
        .ann
        .groups
        .iter()
        .find(|g| sspan.contains(g.span))
        .map(|g| ctx.group_name(g).to_string());
    Some(Statement {
        speaker: ctx.text[agency.span.start..agency.span.end].to_string(),
        affiliation: Some(group.unwrap_or_else(|| "Islamic State".to_string())),
        kind: StatementKind::ClaimOfResponsibility,
        evidence: evidence(ctx, [sspan]),
    })
}

/// The group the document names most often.
fn main_group(ctx: &Ctx) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for g in &ctx.ann.groups {
        let e = g.entry();
        *counts
            .entry(e.parent.unwrap_or(ctx.group_name(g)))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(g, _)| g.to_string())
}

/// Tokens of the title in front of a name ("UK Defense Secretary", "radical
/// Islamist preacher") and of an apposition after it (", head of counterterrorism
/// for London's Metropolitan Police").
fn title_range(ctx: &Ctx, span: Span) -> Vec<usize> {
    let t = ctx.token_at(span.start);
    let te = ctx.token_at(span.end);
    let s = ctx.sentence_of_token(t);
    let r = ctx.sentence_range(s);
    let mut v: Vec<usize> = Vec::new();
    let mut k = t;
    while k > r.start && t - k < 6 {
        let tok = ctx.ann.tokens[k - 1];
        let raw = &ctx.text[tok.span.start..tok.span.end];
        let w = ctx.lw(k - 1);
        let titleish = raw.chars().next().is_some_and(char::is_uppercase)
            || OFFICIAL_ROLES.contains(&w)
            || matches!(
                w,
                "deputy"
                    | "special"
                    | "interior"
                    | "home"
                    | "foreign"
                    | "defense"
                    | "defence"
                    | "prime"
                    | "police"
                    | "counterterrorism"
                    | "former"
                    | "acting"
                    | "senior"
                    | "radical"
                    | "islamist"
                    | "preacher"
                    | "new"
            );
        let other_person = ctx.persons.iter().any(|p| p.span.contains(tok.span));
        if !titleish || other_person || tok.kind != sitrep_nlp::text::TokenKind::Word {
            break;
        }
        k -= 1;
        v.push(k);
    }
    if ctx.lw(te) == "," {
        for j in te + 1..(te + 14).min(r.end) {
            if matches!(
                ctx.lw(j),
                "," | "." | "said" | "says" | "who" | "was" | "is" | "told"
            ) {
                break;
            }
            v.push(j);
        }
    }
    v
}

fn has_role_word(ctx: &Ctx, span: Span, words: &[&str]) -> bool {
    title_range(ctx, span)
        .iter()
        .any(|&k| words.contains(&ctx.lw(k)))
}

fn has_official_title(ctx: &Ctx, span: Span) -> bool {
    // mentions of the same entity count: "Home Secretary Amber Rudd" … "Rudd said"
    let ent = ctx
        .persons
        .iter()
        .find(|p| p.span == span)
        .map(|p| p.entity);
    let spans: Vec<Span> = match ent {
        Some(e) => ctx
            .persons
            .iter()
            .filter(|p| p.entity == e)
            .map(|p| p.span)
            .collect(),
        None => vec![span],
    };
    spans
        .iter()
        .any(|&sp| has_role_word(ctx, sp, OFFICIAL_ROLES))
}

/// The country an official speaks for, from their title ("UK Defense Secretary",
/// "US Deputy Special Envoy") or the place of their office ("London's Metropolitan Police").
fn official_country(ctx: &Ctx, span: Span, entity: usize) -> Option<String> {
    for p in ctx
        .persons
        .iter()
        .filter(|p| p.entity == entity)
        .map(|p| p.span)
        .chain([span])
    {
        let toks = title_range(ctx, p);
        for &k in &toks {
            let tspan = ctx.ann.tokens[k].span;
            if let Some(pl) = ctx.places.iter().find(|pl| pl.span.overlaps(tspan)) {
                if matches!(
                    pl.kind,
                    PlaceKind::Country | PlaceKind::Demonym | PlaceKind::City
                ) {
                    if let Some(c) = &pl.country {
                        return Some(c.clone());
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::NoPlaces;
    use sitrep_core::Document;

    fn doc(text: &str) -> Document {
        Document {
            id: "t".into(),
            source: "t".into(),
            title: None,
            published: None,
            language: None,
            text: text.into(),
        }
    }

    /// Each person named in `text` with what `f` says of the mention.
    fn per_person<T>(
        text: &str,
        f: impl Fn(&Ctx, &sitrep_nlp::people::PersonMention) -> T,
    ) -> Vec<(String, T)> {
        let d = doc(text);
        let ctx = Ctx::new(&d, &NoPlaces, Default::default());
        ctx.persons
            .iter()
            .map(|p| (ctx.text[p.span.start..p.span.end].to_string(), f(&ctx, p)))
            .collect()
    }

    /// Each person named in `text` with whether they open a clause whose verb follows.
    fn subjects(text: &str) -> Vec<(String, bool)> {
        per_person(text, |ctx, p| acts_as_subject(ctx, p.span))
    }

    #[test]
    fn a_subject_acts_past_appositions_and_relative_clauses() {
        let yes = |text: &str, name: &str| {
            assert!(
                subjects(text).iter().any(|(n, a)| n == name && *a),
                "{text}: {:?}",
                subjects(text)
            )
        };
        let no = |text: &str, name: &str| {
            assert!(
                subjects(text).iter().any(|(n, a)| n == name && !*a),
                "{text}: {:?}",
                subjects(text)
            )
        };
        yes(
            "Omar Halid, a member of the district council, put the toll at 12.",
            "Omar Halid",
        );
        yes(
            "Mayor Jan Kovar, who had opened the fair, declared the attack cowardly.",
            "Jan Kovar",
        );
        yes(
            "Ivan Petrov, a spokesman for the agency, the Federal Security Service (FSB), said the bomb was homemade.",
            "Ivan Petrov",
        );
        yes(
            "Peter Lund Jr., the regional army spokesman, said the head was found.",
            "Peter Lund Jr",
        );
        yes(
            "Aziz Rahimi gave the figure of 3 dead, while Governor Ana Ruiz provided the number of wounded.",
            "Ana Ruiz",
        );
        no("Governor Ana Ruiz was killed in the blast.", "Ana Ruiz");
        no(
            "Chief Tom Lee, wounded in the attack, remains in hospital.",
            "Tom Lee",
        );
        no("The rebels met Governor Ana Ruiz on Monday.", "Ana Ruiz");
        no(
            "Judge Ana Ruiz ordered the accused remain in custody.",
            "Ana Ruiz",
        );
        no(
            "Speaking to Anna Berg, the head of the league, Jorge Paz, said it was a threat.",
            "Anna Berg",
        );
        yes(
            "President Ana Ruiz rushed to the scene and pledged to fight terrorism.",
            "Ana Ruiz",
        );
    }

    /// Each person named in `text` with whether they are framed as speaking and their role.
    fn speakers(text: &str) -> Vec<(String, bool, Option<Role>)> {
        per_person(text, |ctx, p| {
            (framed(ctx, p.span), entity_role(ctx, p.entity).0)
        })
        .into_iter()
        .map(|(n, (f, r))| (n, f, r))
        .collect()
    }

    fn find<'a>(
        v: &'a [(String, bool, Option<Role>)],
        name: &str,
    ) -> &'a (String, bool, Option<Role>) {
        v.iter()
            .find(|x| x.0 == name)
            .unwrap_or_else(|| panic!("{name} in {v:?}"))
    }

    #[test]
    fn a_speaker_in_an_apposition_is_framed_and_an_official() {
        let v = speakers(
            "The bomb killed four people on the bridge. Karel Vondrak, spokesman for the \
             provincial governor, said the toll could rise.",
        );
        assert!(find(&v, "Karel Vondrak").1);
        assert_eq!(find(&v, "Karel Vondrak").2, Some(Role::Official));
    }

    #[test]
    fn an_adverb_between_the_named_apposition_and_its_verb_keeps_the_frame() {
        let v = speakers(
            "The bomb killed four people on the bridge. A spokesperson for the army, Karel \
             Vondrak, later announced that one of the men had died.",
        );
        assert!(find(&v, "Karel Vondrak").1);
        assert_eq!(find(&v, "Karel Vondrak").2, Some(Role::Official));
    }

    #[test]
    fn an_abbreviated_rank_is_part_of_the_title() {
        let v = speakers(
            "Two bombs exploded at the cathedral in the morning, said Col. Karel Vondrak, a \
             spokesman for the military.",
        );
        assert!(find(&v, "Karel Vondrak").1);
        assert_eq!(find(&v, "Karel Vondrak").2, Some(Role::Official));
    }

    #[test]
    fn by_and_the_article_open_an_inverted_frame() {
        let v = speakers(
            "Gunmen attacked the market. The attack was condemned by the UN envoy, Karel \
             Vondrak, who called for calm. A statement by the provincial governor, Ilse \
             Marenko, was read on the radio.",
        );
        assert!(find(&v, "Karel Vondrak").1);
        assert!(find(&v, "Ilse Marenko").1);
    }

    #[test]
    fn inverted_and_according_to_frames() {
        let v = speakers(
            "Gunmen attacked the market. \"They came at dawn,\" said police chief Ilse \
             Marenko. The attackers fled, according to Tomas Brell, the district commissioner.",
        );
        assert!(find(&v, "Ilse Marenko").1);
        assert_eq!(find(&v, "Ilse Marenko").2, Some(Role::Official));
        assert!(find(&v, "Tomas Brell").1);
        assert_eq!(find(&v, "Tomas Brell").2, Some(Role::Official));
    }

    #[test]
    fn the_object_of_a_verb_or_preposition_is_no_speaker() {
        let v = speakers(
            "The gunman shot Mayor Pieter Aalst in the arm. The plan of President Rona \
             Velde, has stated nothing.",
        );
        assert!(!find(&v, "Pieter Aalst").1);
        assert!(!find(&v, "Rona Velde").1);
    }

    #[test]
    fn witnesses_and_a_groups_spokesman_are_no_officials() {
        let v = speakers(
            "A bomb went off in the square. Marta Kiss, a resident, said she heard two \
             blasts. Al-Shabaab said the raid was its work, and its spokesman Odo Varga \
             told reporters the group did it.",
        );
        assert_eq!(find(&v, "Marta Kiss").2, Some(Role::Other));
        assert_eq!(find(&v, "Odo Varga").2, Some(Role::GroupVoice));
    }

    fn statements_of(text: &str) -> Vec<(String, StatementKind)> {
        let d = doc(text);
        let ctx = Ctx::new(&d, &NoPlaces, Default::default());
        (0..ctx.ann.sentences.len())
            .filter_map(|s| claim_statement(&ctx, s))
            .map(|(_, st)| (st.speaker, st.kind))
            .collect()
    }

    #[test]
    fn a_claim_is_spoken_by_the_agency_that_carried_it() {
        let v = statements_of(
            "Islamic State claimed responsibility for the bombing, the group's Amaq news \
             agency said.",
        );
        assert_eq!(
            v,
            vec![(
                "Amaq news agency".to_string(),
                StatementKind::ClaimOfResponsibility
            )]
        );
    }

    #[test]
    fn a_voice_named_after_its_office_and_group_speaks_the_claim() {
        // the office before the name ("A spokesman for the Taliban,") makes the group's
        // voice; "Mujahid" is a surname when it follows a given name
        for name in ["Ahmad Karimi", "Zabihullah Mujahid"] {
            let v = statements_of(&format!(
                "A spokesman for the Taliban, {name}, claimed responsibility for the attack."
            ));
            assert_eq!(
                v,
                vec![(name.to_string(), StatementKind::ClaimOfResponsibility)],
                "{name}"
            );
        }
    }

    #[test]
    fn a_denied_or_absent_claim_is_no_claim() {
        assert!(statements_of("No group has claimed responsibility for the attack.").is_empty());
        assert!(
            statements_of("The Taliban did not claim the attack on the checkpoint.").is_empty()
        );
        // an accusation is not a claim: "claimed" + something other than an act
        assert!(statements_of("He claimed the Taliban have attacked before.").is_empty());
    }

    #[test]
    fn a_claim_with_no_other_voice_is_the_groups() {
        let v = statements_of("The Taliban claimed the attack on the checkpoint.");
        assert_eq!(
            v,
            vec![("Taliban".to_string(), StatementKind::ClaimOfResponsibility)]
        );
    }

    fn all_statements(text: &str) -> Vec<(String, StatementKind)> {
        let d = doc(text);
        let ctx = Ctx::new(&d, &NoPlaces, Default::default());
        statements(&ctx, &[], &[])
            .into_iter()
            .map(|st| (st.speaker, st.kind))
            .collect()
    }

    #[test]
    fn a_claim_that_promises_more_is_a_threat_too_and_the_next_voice_is_not_its_speaker() {
        let v = all_statements(
            "A suicide bomber killed 22 people at a border post on Thursday. The Taliban \
             claimed the attack, saying they would make similar attacks in the future. The \
             group's new leader Karel Vondrak confirmed that its chief had died.",
        );
        assert!(
            v.contains(&("Taliban".to_string(), StatementKind::ClaimOfResponsibility)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Taliban".to_string(), StatementKind::Threat)),
            "{v:?}"
        );
    }

    #[test]
    fn a_groups_agency_reporting_an_attack_speaks_its_claim() {
        let v = all_statements(
            "A man stabbed three people at a market on Friday. The attacker was a soldier \
             of the Islamic State, the group's Amaq news agency said.",
        );
        assert_eq!(
            v,
            vec![(
                "Amaq news agency".to_string(),
                StatementKind::ClaimOfResponsibility
            )]
        );
        let v = all_statements(
            "A man stabbed three people at a market on Friday. The Amaq news agency has not \
             said whether the group was involved.",
        );
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn a_groups_voice_promising_more_is_a_threat_and_an_official_warning_is_not() {
        let v = all_statements(
            "Al-Shabaab fighters stormed the camp. \"We shall continue killing them,\" its \
             spokesman Odo Varga told reporters.",
        );
        assert!(
            v.contains(&("Odo Varga".to_string(), StatementKind::Threat)),
            "{v:?}"
        );
        let v = all_statements(
            "Police chief Ilse Marenko warned of more attacks on the city after the bombing.",
        );
        assert!(!v.iter().any(|s| s.1 == StatementKind::Threat), "{v:?}");
    }

    #[test]
    fn a_voice_saying_we_did_it_speaks_for_the_attackers() {
        // the promise is in the quotation's first sentence, the voice after its second;
        // "its military spokesman" alone would read as an official
        let v = all_statements(
            "Al-Shabaab fighters stormed the camp near the town in Somalia. \"We killed the \
             commander and we shall continue killing the enemies. This is part of our \
             operation,\" Odo Varga, its military operations spokesman, told reporters.",
        );
        assert!(
            v.contains(&("Odo Varga".to_string(), StatementKind::Threat)),
            "{v:?}"
        );
        assert!(
            !v.contains(&("Odo Varga".to_string(), StatementKind::OfficialStatement)),
            "{v:?}"
        );
    }

    #[test]
    fn a_claim_names_the_subject_not_a_group_it_is_linked_to() {
        let v = statements_of(
            "Al-Shabaab, which is linked to al-Qaeda, claimed responsibility for the raid.",
        );
        assert_eq!(
            v,
            vec![(
                "al-Shabaab".to_string(),
                StatementKind::ClaimOfResponsibility
            )]
        );
    }
}
