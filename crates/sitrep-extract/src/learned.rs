//! Role fillers proposed by a learned model, merged into the primary incident.
//!
//! A [`RoleProposer`] (in sitrep, the MUC-4 tagger of `sitrep-muc4`, wired in by
//! `sitrep-pipeline`) reads the sentences the primary incident owns and proposes
//! mentions for five roles: perpetrator individual, perpetrator organisation,
//! physical target, victim and weapon. The rules keep priority: a proposal is used
//! only for a field the rules left empty, and only when it passes sanity filters:
//!
//! * it lies in a body sentence the incident owns, outside quotes;
//! * it is not a pronoun, not a place name, and (for perpetrators) not a person with
//!   a title or an official's or relative's role;
//! * a perpetrator individual must be a person name the people finder found;
//! * a perpetrator organisation is named through the group gazetteer when it can be;
//!   otherwise it must be a capitalised name with an organisation word ("Front",
//!   "Brigade") and no state actor ("army", "police");
//! * a weapon, target or victim must map to a GTD category through the cue lexicon
//!   or the small word lists here.
//!
//! Every accepted value quotes the model's mention (its exact byte span) as
//! evidence, and the field's name is listed in [`Incident::learned`].
//!
//! This module does not run a model itself; it only filters and merges proposals.

use crate::context::Ctx;
use crate::fill::{self, has_role, Ownership, ROLE_WORDS};
use crate::incidents::Cluster;
use sitrep_core::{
    GroupLink, GroupRelation, Incident, Labeled, Perpetrator, Span, TargetType, WeaponType,
};
use sitrep_nlp::lexicon::Cue;
use std::collections::{BTreeMap, BTreeSet};

/// The roles a learned model can propose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LearnedRole {
    /// A person who carried out the attack.
    PerpIndividual,
    /// The organisation behind the attack.
    PerpOrganisation,
    /// A physical target (a building, a vehicle).
    Target,
    /// A person or group of people attacked.
    Victim,
    /// The weapon or instrument.
    Weapon,
}

/// One proposed role filler: a role and the byte span of the mention in the text
/// the proposer was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleProposal {
    /// The role.
    pub role: LearnedRole,
    /// Byte span of the mention in the text given to [`RoleProposer::propose`].
    pub span: Span,
}

/// Anything that proposes role fillers for a text (a learned tagger).
pub trait RoleProposer: Send + Sync {
    /// Proposals for `text`; spans are byte offsets into `text`.
    fn propose(&self, text: &str) -> Vec<RoleProposal>;
}

/// Which learned proposals may fill which empty field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LearnedRoles {
    /// Perpetrator individuals → `perpetrators` (person names only).
    pub perpetrators: bool,
    /// Perpetrator organisations → `groups` (relation `suspected`).
    pub groups: bool,
    /// Weapons → `weapon_types`.
    pub weapons: bool,
    /// Physical targets → `target_types`.
    pub targets: bool,
    /// Victims → `target_types`.
    pub victims: bool,
}

impl LearnedRoles {
    /// Every role.
    pub const ALL: LearnedRoles = LearnedRoles {
        perpetrators: true,
        groups: true,
        weapons: true,
        targets: true,
        victims: true,
    };

    /// No role: the rules alone.
    pub const NONE: LearnedRoles = LearnedRoles {
        perpetrators: false,
        groups: false,
        weapons: false,
        targets: false,
        victims: false,
    };

    /// The roles that helped on sitrep's measurements (docs/benchmarks.md): groups and
    /// targets. Perpetrators, weapons and victims filled no field on any measured text
    /// (the dev set, the fixtures, the seeds, 2,000 generated reports, the 1,700 MUC-4
    /// texts), so there is no evidence that they help, and they stay off.
    pub const DEFAULT: LearnedRoles = LearnedRoles {
        perpetrators: false,
        groups: true,
        weapons: false,
        targets: true,
        victims: false,
    };

    fn any(&self) -> bool {
        self.perpetrators || self.groups || self.weapons || self.targets || self.victims
    }
}

impl Default for LearnedRoles {
    fn default() -> Self {
        LearnedRoles::DEFAULT
    }
}

/// Most bytes of text given to the model per document (whole sentences; the first
/// owned sentence is always given).
pub const MAX_WINDOW: usize = 1_500;

/// Most evidence spans quoted for one learned value (its first mentions).
const MAX_EVIDENCE: usize = 4;

/// Words that are never a filler by themselves.
const PRONOUNS: &[&str] = &[
    "he",
    "she",
    "they",
    "him",
    "her",
    "them",
    "it",
    "we",
    "us",
    "i",
    "me",
    "you",
    "his",
    "hers",
    "their",
    "theirs",
    "its",
    "our",
    "who",
    "whom",
    "someone",
    "somebody",
    "anyone",
    "one",
    "himself",
    "herself",
    "themselves",
    "others",
    "other",
    "this",
    "that",
    "these",
    "those",
];

/// Words skipped at the start of a mention.
const DETERMINERS: &[&str] = &["the", "a", "an", "some", "several", "two", "three", "four"];

/// State actors: never a perpetrator organisation proposed by the model.
const STATE_WORDS: &[&str] = &[
    "police",
    "army",
    "military",
    "government",
    "forces",
    "troops",
    "ministry",
    "security",
    "authorities",
    "state",
    "navy",
    "air force",
    "intelligence",
    "court",
];

/// Words that make a capitalised phrase an organisation's name.
const ORG_WORDS: &[&str] = &[
    "front",
    "movement",
    "brigade",
    "brigades",
    "battalion",
    "group",
    "organisation",
    "organization",
    "army",
    "command",
    "cell",
    "cells",
    "commando",
    "commandos",
    "faction",
    "council",
    "resistance",
    "mujahideen",
    "jamaat",
    "jamaah",
    "jihad",
    "legion",
    "league",
    "party",
    "union",
    "network",
    "alliance",
    "militia",
    "unit",
    "squad",
    "guard",
];

/// Weapon words the cue lexicon does not list: (word, GTD weapon type).
const WEAPON_WORDS: &[(&str, WeaponType)] = &[
    ("shotgun", WeaponType::Firearms),
    ("shotguns", WeaponType::Firearms),
    ("revolver", WeaponType::Firearms),
    ("handgun", WeaponType::Firearms),
    ("handguns", WeaponType::Firearms),
    ("firearm", WeaponType::Firearms),
    ("firearms", WeaponType::Firearms),
    ("pistols", WeaponType::Firearms),
    ("carbine", WeaponType::Firearms),
    ("submachine", WeaponType::Firearms),
    ("uzi", WeaponType::Firearms),
    ("m-16", WeaponType::Firearms),
    ("ar-15", WeaponType::Firearms),
    ("kalashnikovs", WeaponType::Firearms),
    ("ak-47s", WeaponType::Firearms),
    ("bullets", WeaponType::Firearms),
    ("dagger", WeaponType::Melee),
    ("sword", WeaponType::Melee),
    ("hatchet", WeaponType::Melee),
    ("blade", WeaponType::Melee),
    ("cleaver", WeaponType::Melee),
    ("machetes", WeaponType::Melee),
    ("axes", WeaponType::Melee),
    ("hammer", WeaponType::Melee),
    ("bomb", WeaponType::Explosives),
    ("device", WeaponType::Explosives),
    ("devices", WeaponType::Explosives),
    ("mines", WeaponType::Explosives),
    ("mine", WeaponType::Explosives),
    ("ieds", WeaponType::Explosives),
    ("tnt", WeaponType::Explosives),
    ("mortars", WeaponType::Explosives),
    ("rpg", WeaponType::Explosives),
    ("firebomb", WeaponType::Incendiary),
    ("firebombs", WeaponType::Incendiary),
    ("petrol", WeaponType::Incendiary),
    ("gasoline", WeaponType::Incendiary),
];

/// Target words the cue lexicon does not list: (word, GTD target type).
const TARGET_WORDS: &[(&str, TargetType)] = &[
    ("worshippers", TargetType::ReligiousFiguresInstitutions),
    ("worshipers", TargetType::ReligiousFiguresInstitutions),
    ("congregation", TargetType::ReligiousFiguresInstitutions),
    ("shoppers", TargetType::PrivateCitizensProperty),
    ("passers-by", TargetType::PrivateCitizensProperty),
    ("villagers", TargetType::PrivateCitizensProperty),
    ("residents", TargetType::PrivateCitizensProperty),
    ("pupils", TargetType::EducationalInstitution),
    ("students", TargetType::EducationalInstitution),
    ("teachers", TargetType::EducationalInstitution),
    ("checkpoint", TargetType::Military),
];

/// Fills the empty fields of incident `inc` (cluster `ci`) from `proposer`'s proposals.
pub(crate) fn apply(
    ctx: &Ctx,
    clusters: &[Cluster],
    own: &Ownership,
    ci: usize,
    inc: &mut Incident,
    proposer: &dyn RoleProposer,
    roles: LearnedRoles,
) {
    let mut want = LearnedRoles {
        perpetrators: roles.perpetrators && inc.perpetrators.is_empty(),
        groups: roles.groups && inc.groups.is_empty(),
        weapons: roles.weapons && inc.weapon_types.is_empty(),
        targets: roles.targets && inc.target_types.is_empty(),
        victims: roles.victims && inc.target_types.is_empty(),
    };
    if !want.any() {
        return;
    }
    let Some(c) = clusters.get(ci) else { return };
    let anchored: BTreeSet<usize> = c.anchors.iter().map(|a| a.sentence).collect();
    let owned: BTreeSet<usize> = (0..ctx.ann.sentences.len())
        .filter(|&s| {
            ctx.in_body(s)
                && !fill::excluded_sentence(ctx, s, anchored.contains(&s))
                && ctx.sentence_range(s).any(|t| own.of_token(t) == Some(ci))
        })
        .collect();
    let Some(&first) = owned.first() else {
        return;
    };
    // The model reads one stretch of text: from the incident's first sentence up to its
    // last one within [`MAX_WINDOW`] bytes (a report's lead carries its facts). Offsets
    // shift by `start` alone, and the cost per document is bounded.
    let start = ctx.ann.sentence_span(first).start;
    let end = owned
        .iter()
        .map(|&s| ctx.ann.sentence_span(s).end)
        .take_while(|&e| e <= start + MAX_WINDOW)
        .last()
        .unwrap_or_else(|| ctx.ann.sentence_span(first).end);
    let Some(window) = ctx.text.get(start..end) else {
        return;
    };
    // The model is the costly step: ask it only when a proposal could pass the filters.
    let inside = |sp: Span| sp.start >= start && sp.end <= end;
    want.groups &= ctx.ann.groups.iter().any(|g| inside(g.span))
        || ctx.ann.tokens.iter().enumerate().any(|(t, tok)| {
            inside(tok.span)
                && ORG_WORDS.contains(&ctx.lw(t))
                && ctx
                    .text
                    .get(tok.span.start..tok.span.end)
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase)
        });
    want.perpetrators &= ctx
        .persons
        .iter()
        .any(|m| inside(m.span) && m.title.is_none());
    if !want.any() {
        return;
    }
    let mut proposals = proposer.propose(window);
    proposals.sort_by_key(|p| (p.span.start, p.span.end));

    let mut perps: Vec<(usize, Vec<Span>)> = Vec::new();
    let mut groups: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    let mut weapons: BTreeMap<WeaponType, Vec<Span>> = BTreeMap::new();
    let mut targets: BTreeMap<TargetType, Vec<Span>> = BTreeMap::new();
    for p in proposals {
        let (Some(a), Some(b)) = (
            p.span.start.checked_add(start),
            p.span.end.checked_add(start),
        ) else {
            continue;
        };
        let span = Span::new(a, b);
        if span.end > end || span.is_empty() || ctx.text.get(span.start..span.end).is_none() {
            continue;
        }
        let s = ctx.ann.sentence_of(span.start);
        if !owned.contains(&s) || own.of_span(ctx, span) != Some(ci) || ctx.quoted(span) {
            continue;
        }
        let words = content_words(ctx, span);
        let Some(&(_, head_span)) = words.last() else {
            continue;
        };
        if only_pronouns(&words) {
            continue;
        }
        match p.role {
            LearnedRole::PerpIndividual if want.perpetrators => {
                if let Some(e) = perpetrator_entity(ctx, span, &words) {
                    match perps.iter_mut().find(|(x, _)| *x == e) {
                        Some((_, spans)) => spans.push(span),
                        None => perps.push((e, vec![span])),
                    }
                }
            }
            LearnedRole::PerpOrganisation if want.groups => {
                if let Some(name) = group_name(ctx, span, &words, head_span) {
                    groups.entry(name).or_default().push(span);
                }
            }
            LearnedRole::Weapon if want.weapons => {
                for w in weapon_types(ctx, span, &words) {
                    weapons.entry(w).or_default().push(span);
                }
            }
            LearnedRole::Target | LearnedRole::Victim => {
                let ok = match p.role {
                    LearnedRole::Target => want.targets,
                    _ => want.victims,
                };
                let (span, words) = trim_event_tail(ctx, span, words);
                let Some(&(_, head_span)) = words.last() else {
                    continue;
                };
                if ok && !is_place(ctx, head_span) {
                    for t in target_types(ctx, span, &words) {
                        targets.entry(t).or_default().push(span);
                    }
                }
            }
            _ => {}
        }
    }

    if !perps.is_empty() {
        inc.perpetrators = perps
            .into_iter()
            .filter_map(|(e, spans)| {
                let name = ctx.entities.get(e)?.name.clone();
                Some(Perpetrator {
                    name,
                    age: None,
                    origin: None,
                    fate: None,
                    evidence: fill::evidence(ctx, spans.into_iter().take(MAX_EVIDENCE)),
                })
            })
            .collect();
        if !inc.perpetrators.is_empty() {
            if let Some(f) = &inc.perpetrators_killed {
                let fate = if f.value { "killed" } else { "arrested" };
                for p in inc.perpetrators.iter_mut() {
                    p.fate = Some(fate.to_string());
                }
            }
            inc.learned.push("perpetrators".to_string());
        }
    }
    if !groups.is_empty() {
        inc.groups = groups
            .into_iter()
            .map(|(name, spans)| GroupLink {
                name,
                relation: GroupRelation::Suspected,
                evidence: fill::evidence(ctx, spans.into_iter().take(MAX_EVIDENCE)),
            })
            .collect();
        inc.learned.push("groups".to_string());
    }
    if !weapons.is_empty() {
        inc.weapon_types = labeled(ctx, weapons);
        inc.learned.push("weapon_types".to_string());
    }
    if !targets.is_empty() {
        inc.target_types = labeled(ctx, targets);
        inc.learned.push("target_types".to_string());
    }
}

fn labeled<T: Ord>(ctx: &Ctx, m: BTreeMap<T, Vec<Span>>) -> Vec<Labeled<T>> {
    m.into_iter()
        .map(|(value, spans)| Labeled {
            value,
            evidence: fill::evidence(ctx, spans.into_iter().take(MAX_EVIDENCE)),
        })
        .collect()
}

/// The lowercased words of `span` after any leading determiner, with their spans.
fn content_words(ctx: &Ctx, span: Span) -> Vec<(String, Span)> {
    let mut out: Vec<(String, Span)> = Vec::new();
    let mut t = ctx.token_at(span.start);
    while let Some(tok) = ctx.ann.tokens.get(t) {
        if tok.span.start >= span.end {
            break;
        }
        let w = ctx.lw(t);
        let word = w.chars().any(char::is_alphanumeric);
        if word && !(out.is_empty() && DETERMINERS.contains(&w)) {
            out.push((w.to_string(), tok.span));
        }
        t += 1;
    }
    out
}

/// A target proposal that runs on into the attack word after it ("Party office
/// firebombed") ends before that word; a proposal that is nothing but attack words stays.
fn trim_event_tail(
    ctx: &Ctx,
    span: Span,
    mut words: Vec<(String, Span)>,
) -> (Span, Vec<(String, Span)>) {
    let is_event = |w: Span| {
        let cues = || {
            ctx.ann
                .cues
                .iter()
                .filter(move |c| c.span.contains(w))
                .flat_map(|c| c.cues().iter())
        };
        cues().any(|c| matches!(c, Cue::Event | Cue::Attack(_)))
            && !cues().any(|c| matches!(c, Cue::Target(_)))
    };
    while words.len() > 1 && words.last().is_some_and(|(_, w)| is_event(*w)) {
        words.pop();
    }
    let end = words.last().map_or(span.end, |(_, w)| w.end);
    (Span::new(span.start, end), words)
}

/// True when every word is a pronoun ("he", "they themselves").
fn only_pronouns(words: &[(String, Span)]) -> bool {
    words.iter().all(|(w, _)| PRONOUNS.contains(&w.as_str()))
}

/// True when a resolved place covers `span`.
fn is_place(ctx: &Ctx, span: Span) -> bool {
    ctx.places.iter().any(|p| p.span.overlaps(span))
}

/// The person entity a perpetrator-individual proposal names, if it is a plain name.
fn perpetrator_entity(ctx: &Ctx, span: Span, words: &[(String, Span)]) -> Option<usize> {
    if words
        .iter()
        .any(|(w, _)| ROLE_WORDS.contains(&w.as_str()) || STATE_WORDS.contains(&w.as_str()))
    {
        return None;
    }
    let m = ctx.persons.iter().find(|m| m.span.overlaps(span))?;
    let e = ctx.entities.get(m.entity)?;
    // Any mention of the person with a title or a role ("Interior Minister X",
    // "X, a spokesman") makes them an official, not an attacker.
    let official = e
        .mentions
        .iter()
        .filter_map(|&i| ctx.persons.get(i))
        .any(|x| x.title.is_some() || has_role(ctx, x.span));
    if official || is_place(ctx, m.span) {
        return None;
    }
    Some(m.entity)
}

/// The canonical name of a perpetrator-organisation proposal, if it is a group.
fn group_name(ctx: &Ctx, span: Span, words: &[(String, Span)], head: Span) -> Option<String> {
    if let Some(g) = ctx.ann.groups.iter().find(|g| g.span.overlaps(span)) {
        return Some(ctx.group_name(g).to_string());
    }
    // Not in the gazetteer: a capitalised name with an organisation word, and no state actor.
    let first = words.first()?;
    let name = ctx.text.get(first.1.start..span.end)?.trim();
    let capitalised = words
        .iter()
        .filter_map(|(_, s)| ctx.text.get(s.start..s.end))
        .filter(|w| w.len() > 3)
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let org = words.iter().any(|(w, _)| ORG_WORDS.contains(&w.as_str()));
    let state = words.len() <= 2 && words.iter().any(|(w, _)| STATE_WORDS.contains(&w.as_str()));
    if !capitalised || !org || state || words.len() < 2 || is_place(ctx, head) {
        return None;
    }
    Some(name.to_string())
}

/// Categories named inside `span`: those of the cues the rules found there (`pick` says
/// which), else those of its words in `fallback`.
fn named<T: Ord + Copy>(
    ctx: &Ctx,
    span: Span,
    words: &[(String, Span)],
    pick: impl Fn(&Cue) -> Option<T>,
    fallback: &[(&str, T)],
) -> BTreeSet<T> {
    let mut out: BTreeSet<T> = ctx
        .ann
        .cues
        .iter()
        .filter(|c| span.contains(c.span))
        .flat_map(|c| c.cues().iter())
        .filter_map(&pick)
        .collect();
    if out.is_empty() {
        out.extend(
            words
                .iter()
                .filter_map(|(w, _)| fallback.iter().find(|(x, _)| x == w).map(|x| x.1)),
        );
    }
    out
}

/// Weapon types named by a weapon proposal.
fn weapon_types(ctx: &Ctx, span: Span, words: &[(String, Span)]) -> BTreeSet<WeaponType> {
    let pick = |k: &Cue| match k {
        Cue::Weapon(w) => Some(*w),
        _ => None,
    };
    let mut out = named(ctx, span, words, pick, WEAPON_WORDS);
    // A vehicle is a weapon only when the rules saw it ramming people.
    out.remove(&WeaponType::Vehicle);
    out
}

/// Target types named by a target or victim proposal.
fn target_types(ctx: &Ctx, span: Span, words: &[(String, Span)]) -> BTreeSet<TargetType> {
    let pick = |k: &Cue| match k {
        Cue::Target(t) => Some(*t),
        _ => None,
    };
    named(ctx, span, words, pick, TARGET_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExtractorBuilder, PlaceHit, PlaceKind, PlaceResolver};
    use sitrep_core::{Document, DocumentRecord};
    use std::sync::Arc;

    /// Places: every occurrence of the listed town names, as cities in Norway.
    struct Towns(&'static [&'static str]);

    impl PlaceResolver for Towns {
        fn places(&self, text: &str) -> Vec<PlaceHit> {
            let mut out = Vec::new();
            for town in self.0 {
                for (i, _) in text.match_indices(town) {
                    out.push(PlaceHit {
                        span: Span::new(i, i + town.len()),
                        kind: PlaceKind::City,
                        city: Some(town.to_string()),
                        region: None,
                        country: Some("Norway".into()),
                        country_code: Some("NO".into()),
                        lat: Some(60.0),
                        lon: Some(5.0),
                        population: 100_000,
                        specificity: None,
                    });
                }
            }
            out
        }
    }

    /// Proposes every occurrence of the listed words in the given roles.
    struct Fake(Vec<(LearnedRole, &'static str)>);

    impl RoleProposer for Fake {
        fn propose(&self, text: &str) -> Vec<RoleProposal> {
            let mut out = Vec::new();
            for (role, words) in &self.0 {
                for (i, _) in text.match_indices(words) {
                    out.push(RoleProposal {
                        role: *role,
                        span: Span::new(i, i + words.len()),
                    });
                }
            }
            out
        }
    }

    fn run(text: &str, proposals: Vec<(LearnedRole, &'static str)>) -> (DocumentRecord, String) {
        let doc = Document {
            id: "t".into(),
            source: "t".into(),
            title: text.lines().next().map(str::to_string),
            published: None,
            language: None,
            text: text.to_string(),
        };
        let ex = ExtractorBuilder::new()
            .places(Arc::new(Towns(&["Tromsdal", "Vikholm"])))
            .learned(Some(Arc::new(Fake(proposals))))
            .learned_roles(LearnedRoles::ALL)
            .build();
        let r = ex.extract(&doc);
        for e in r.evidence() {
            assert!(e.is_exact_in(&doc.text), "{e:?}");
        }
        (r, doc.text)
    }

    fn primary(r: &DocumentRecord) -> &Incident {
        r.incidents
            .iter()
            .find(|i| i.primary)
            .expect("a primary incident")
    }

    const SHOOTING: &str = "Two people shot dead in Tromsdal\n\nTwo people were shot dead on Monday in Tromsdal, police said.\n\nPolice said Ola Brekke, 34, had posted threats online the day before. Mayor Kari Lunde said the town was in shock.\n";

    #[test]
    fn a_named_person_fills_empty_perpetrators_with_the_models_span() {
        let (r, text) = run(SHOOTING, vec![(LearnedRole::PerpIndividual, "Ola Brekke")]);
        let i = primary(&r);
        assert_eq!(i.perpetrators.len(), 1);
        assert_eq!(i.perpetrators[0].name, "Ola Brekke");
        let e = &i.perpetrators[0].evidence[0];
        assert_eq!(&text[e.start..e.end], "Ola Brekke");
        assert_eq!(i.learned, vec!["perpetrators".to_string()]);
    }

    #[test]
    fn officials_pronouns_and_places_are_not_perpetrators() {
        let (r, _) = run(
            SHOOTING,
            vec![
                (LearnedRole::PerpIndividual, "Kari Lunde"),
                (LearnedRole::PerpIndividual, "Police"),
                (LearnedRole::PerpIndividual, "Tromsdal"),
            ],
        );
        let i = primary(&r);
        assert!(i.perpetrators.is_empty(), "{:?}", i.perpetrators);
        assert!(i.learned.is_empty());
    }

    #[test]
    fn pronouns_are_no_fillers() {
        let w = |xs: &[&str]| -> Vec<(String, Span)> {
            xs.iter()
                .map(|x| (x.to_string(), Span::new(0, 1)))
                .collect()
        };
        assert!(only_pronouns(&w(&["he"])));
        assert!(only_pronouns(&w(&["they", "themselves"])));
        assert!(!only_pronouns(&w(&["his", "rifle"])));
        // and a proposal of one is dropped before it reaches a field
        let text = "Man shot dead in Tromsdal\n\nA man was shot dead in Tromsdal on Monday. He was a teacher, police said.\n";
        let (r, _) = run(text, vec![(LearnedRole::Victim, "He")]);
        assert!(primary(&r).learned.is_empty());
    }

    #[test]
    fn weapon_words_outside_the_lexicon_map_to_gtd_types() {
        let text = "Two hurt in Tromsdal attack\n\nTwo people were injured on Monday when a man attacked them with a hatchet in Tromsdal, police said.\n";
        let (r, _) = run(text, vec![(LearnedRole::Weapon, "a hatchet")]);
        let i = primary(&r);
        assert_eq!(
            i.weapon_types.iter().map(|w| w.value).collect::<Vec<_>>(),
            vec![WeaponType::Melee]
        );
        assert!(i.learned.contains(&"weapon_types".to_string()));
    }

    #[test]
    fn a_target_quote_stops_before_the_attack_word() {
        let text = "Party office firebombed in Vikholm\n\nUnknown assailants threw firebombs at the offices of a political party in Vikholm overnight, police said.\n";
        let (r, text) = run(text, vec![(LearnedRole::Target, "Party office firebombed")]);
        let i = primary(&r);
        let quotes: Vec<&str> = i
            .target_types
            .iter()
            .flat_map(|t| t.evidence.iter().map(|e| &text[e.start..e.end]))
            .collect();
        assert_eq!(quotes, vec!["Party office"], "{:?}", i.target_types);
        // A proposal that is nothing but the attack word is no target at all.
        let (r, _) = run(text.as_str(), vec![(LearnedRole::Target, "firebombed")]);
        assert!(primary(&r).target_types.is_empty());
    }

    #[test]
    fn the_rules_keep_priority() {
        // The rules read "shot dead" as firearms: the model's hatchet is not added.
        let text = "Two people shot dead in Tromsdal\n\nTwo people were shot dead on Monday in Tromsdal, police said. Officers found a hatchet in the attacker's car.\n";
        let (r, _) = run(text, vec![(LearnedRole::Weapon, "a hatchet")]);
        let i = primary(&r);
        assert_eq!(
            i.weapon_types.iter().map(|w| w.value).collect::<Vec<_>>(),
            vec![WeaponType::Firearms]
        );
        assert!(!i.learned.contains(&"weapon_types".to_string()));
    }

    #[test]
    fn a_group_is_named_through_the_gazetteer_as_suspected() {
        let text = "Bus attacked near Tromsdal\n\nSix passengers were killed on Tuesday when gunmen from al-Shabaab opened fire on a bus in Tromsdal, police said.\n";
        let (r, _) = run(text, vec![(LearnedRole::PerpOrganisation, "al-Shabaab")]);
        let i = primary(&r);
        let gs: Vec<(&str, GroupRelation)> = i
            .groups
            .iter()
            .map(|g| (g.name.as_str(), g.relation))
            .collect();
        assert_eq!(gs, vec![("al-Shabaab", GroupRelation::Suspected)]);
    }

    #[test]
    fn state_actors_and_lowercase_phrases_are_not_groups() {
        let text = "Bus attacked near Tromsdal\n\nSix passengers were killed on Tuesday when gunmen opened fire on a bus in Tromsdal. The Norwegian Army said the attackers belonged to a local armed group.\n";
        let (r, _) = run(
            text,
            vec![
                (LearnedRole::PerpOrganisation, "The Norwegian Army"),
                (LearnedRole::PerpOrganisation, "a local armed group"),
            ],
        );
        assert!(primary(&r).groups.is_empty());
    }

    #[test]
    fn a_proposal_in_a_quotation_is_not_used() {
        let text = "Two people shot dead in Tromsdal\n\nTwo people were shot dead on Monday in Tromsdal, police said. \"Nobody from Ansar Dine lives here,\" a neighbour said.\n";
        let proposals = vec![(LearnedRole::PerpOrganisation, "Ansar Dine")];
        let (rules, _) = run(text, vec![]);
        assert!(primary(&rules).groups.is_empty(), "the rules link no group");
        let (r, _) = run(text, proposals);
        assert!(primary(&r).groups.is_empty());
        assert!(primary(&r).learned.is_empty());
    }

    #[test]
    fn proposals_with_spans_outside_the_text_are_ignored() {
        use std::sync::atomic::{AtomicBool, Ordering};
        struct Wild(AtomicBool);
        impl RoleProposer for Wild {
            fn propose(&self, text: &str) -> Vec<RoleProposal> {
                self.0.store(true, Ordering::SeqCst);
                // the same words as a good proposal, but shifted past the end, or overflowing
                let bank = text.find("bank").unwrap_or(0);
                vec![
                    RoleProposal {
                        role: LearnedRole::Target,
                        span: Span::new(bank + 100_000, bank + 100_004),
                    },
                    RoleProposal {
                        role: LearnedRole::Target,
                        span: Span::new(usize::MAX - 1, usize::MAX),
                    },
                    RoleProposal {
                        role: LearnedRole::Target,
                        span: Span::new(5, 100_000),
                    },
                ]
            }
        }
        let text = "Bomb damages bank in Tromsdal\n\nA bomb damaged the front of a bank in Tromsdal on Sunday, causing no injuries, police said.\n";
        let doc = Document {
            id: "t".into(),
            source: "t".into(),
            title: text.lines().next().map(str::to_string),
            published: None,
            language: None,
            text: text.to_string(),
        };
        let wild = Arc::new(Wild(AtomicBool::new(false)));
        let ex = ExtractorBuilder::new()
            .places(Arc::new(Towns(&["Tromsdal"])))
            .learned(Some(wild.clone()))
            .build();
        let r = ex.extract(&doc);
        assert!(wild.0.load(Ordering::SeqCst), "the proposer was asked");
        assert!(r.incidents.iter().all(|i| i.learned.is_empty()));
        // and the same proposal at its true place is used
        let (ok, _) = run(text, vec![(LearnedRole::Target, "bank")]);
        assert_eq!(primary(&ok).learned, vec!["target_types".to_string()]);
    }
}
