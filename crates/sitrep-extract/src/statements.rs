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
use sitrep_core::{Incident, Span, Statement, StatementKind};
use sitrep_nlp::lexicon::Cue;

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
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "stated",
    "confirmed",
    "announced",
    "wrote",
    "tweeted",
    "declared",
    "added",
    "conceded",
    "warned",
    "insisted",
    "acknowledged",
    "described",
    "dubbed",
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
    let has_primary = clusters.iter().any(|c| c.primary);
    let doc_group = main_group(ctx);
    let perps: Vec<String> = incidents
        .iter()
        .flat_map(|i| i.perpetrators.iter().map(|p| p.name.clone()))
        .collect();
    let mut push = |ent: usize, st: Statement| {
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
            .map(|g| g.entry().name.to_string());
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
                .map(|g| g.entry().name.to_string());
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
                "threatened" | "threatens" | "vowed" | "vows" | "warned"
            ) || (ctx.lw(k) == "would"
                && matches!(ctx.lw(k + 1), "continue" | "carry" | "launch" | "step"))
        }) {
            let violent =
                (v + 1..(v + 12).min(r.end)).any(|k| VIOLENT_OBJECTS.contains(&ctx.lw(k)));
            let v_start = ctx.ann.tokens[v].span.start;
            if violent && !ctx.quoted(ctx.ann.tokens[v].span) {
                let person = persons
                    .iter()
                    .filter(|p| p.span.end <= v_start && !has_official_title(ctx, p.span))
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
                                .map(|g| g.entry().name.to_string())
                                .or_else(|| doc_group.clone()),
                            kind: StatementKind::Threat,
                            evidence: evidence(ctx, [sspan]),
                        },
                    ),
                    (None, Some(g)) if !backers => push(
                        usize::MAX,
                        Statement {
                            speaker: g.entry().name.to_string(),
                            affiliation: Some(g.entry().name.to_string()),
                            kind: StatementKind::Threat,
                            evidence: evidence(ctx, [sspan]),
                        },
                    ),
                    _ => {}
                }
            }
        }
        // claim of responsibility through a group's agency
        let claims = r.clone().any(|k| {
            crate::groups::responsibility_verb(ctx.lw(k))
                && (k + 1..(k + 4).min(r.end))
                    .any(|j| matches!(ctx.lw(j), "responsibility" | "credit"))
        });
        if claims {
            for look in [s, s + 1] {
                if look >= ctx.ann.sentences.len() {
                    break;
                }
                let lspan = ctx.ann.sentence_span(look);
                let agency = ctx.ann.cues.iter().find(|c| {
                    lspan.contains(c.span)
                        && c.cues().iter().any(|k| matches!(k, Cue::Channel(m) if matches!(*m, "amaq" | "albayan" | "al_naba")))
                });
                if let Some(c) = agency {
                    let speaker = ctx.text[c.span.start..c.span.end].to_string();
                    push(
                        usize::MAX,
                        Statement {
                            speaker,
                            affiliation: Some("Islamic State".to_string()),
                            kind: StatementKind::ClaimOfResponsibility,
                            evidence: evidence(ctx, [sspan, lspan]),
                        },
                    );
                    break;
                }
            }
        }
        // officials' statements
        for p in &persons {
            if !has_official_title(ctx, p.span) {
                continue;
            }
            let pt = ctx.token_at(p.span.start);
            let pe = ctx.token_at(p.span.end);
            let speaks = (pe..(pe + 22).min(r.end)).any(|k| SPEECH_VERBS.contains(&ctx.lw(k)))
                || (pt.saturating_sub(3).max(r.start)..pt)
                    .any(|k| SPEECH_VERBS.contains(&ctx.lw(k)));
            if !speaks {
                continue;
            }
            // The country is the one the title names; an office that only exists at home
            // ("Interior Minister", "Home Secretary", police) speaks for the incident's country.
            let domestic = ctx
                .persons
                .iter()
                .filter(|q| q.entity == p.entity)
                .any(|q| has_role_word(ctx, q.span, DOMESTIC_ROLES));
            let country = official_country(ctx, p.span, p.entity)
                .or_else(|| primary_country.clone().filter(|_| domestic));
            let Some(country) = country else { continue };
            if has_primary && primary_country.as_ref().is_some_and(|c| *c != country) {
                continue;
            }
            push(
                p.entity,
                Statement {
                    speaker: ctx.entities[p.entity].name.clone(),
                    affiliation: Some(country),
                    kind: StatementKind::OfficialStatement,
                    evidence: evidence(ctx, [sspan]),
                },
            );
        }
    }
    out.into_iter().map(|(_, s)| s).collect()
}

/// The group the document names most often.
fn main_group(ctx: &Ctx) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for g in &ctx.ann.groups {
        let e = g.entry();
        *counts.entry(e.parent.unwrap_or(e.name)).or_default() += 1;
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

/// Titles of offices that speak for the country where they sit.
const DOMESTIC_ROLES: &[&str] = &[
    "interior",
    "home",
    "prime",
    "police",
    "mayor",
    "governor",
    "prosecutor",
    "justice",
    "commissioner",
    "chancellor",
    "premier",
    "counterterrorism",
    "security",
];

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
