//! Groups the group gazetteer does not list, read from the language around their names.
//!
//! A report introduces a group it expects its reader not to know: "the Corsican National
//! Liberation Front (FLNC)", "the far-left militant organisation Vulkangruppe", "the Grey
//! Harbour Front claimed responsibility". Three patterns name a group:
//!
//! * a capitalised name ending in a group noun (Front, Army, Brigades, Movement, …)
//!   followed by its acronym in brackets;
//! * such a name as the subject of a claim ("… claimed responsibility", "… said it
//!   carried out");
//! * a capitalised name right after "militant group", "terrorist organisation" and the
//!   like.
//!
//! A name that begins with a country or a demonym ("Nigerian Army", "Afghan Security
//! Forces") is a state's force, not a group. The acronym, once introduced, names the group
//! wherever it stands.

use crate::places::{PlaceHit, PlaceKind};
use sitrep_core::Span;
use sitrep_nlp::groups::GroupMention;
use sitrep_nlp::text::{Token, TokenKind};

/// Last words of a group's name.
const GROUP_HEADS: &[&str] = &[
    "front",
    "army",
    "brigade",
    "brigades",
    "movement",
    "organisation",
    "organization",
    "federation",
    "group",
    "cell",
    "cells",
    "council",
    "union",
    "alliance",
    "commando",
    "commandos",
    "battalion",
    "battalions",
    "legion",
    "resistance",
    "emirate",
    "mujahideen",
    "fighters",
    "forces",
    "jihad",
    "squad",
    "squads",
    "militia",
    "tigers",
    "martyrs",
    "guards",
];

/// Words before a group noun that make "X group NAME" a militant group.
const MILITANT_WORDS: &[&str] = &[
    "militant",
    "terrorist",
    "terror",
    "extremist",
    "jihadist",
    "rebel",
    "armed",
    "insurgent",
    "separatist",
    "anarchist",
    "far-left",
    "far-right",
    "left-wing",
    "right-wing",
    "neo-nazi",
    "islamist",
    "guerrilla",
    "paramilitary",
];

/// Words of state forces: a name holding one is the state's ("Border Police Forces").
const STATE_WORDS: &[&str] = &[
    "police",
    "national",
    "security",
    "defense",
    "defence",
    "government",
    "republic",
    "ministry",
    "royal",
    "federal",
    "state",
    "united",
    "nations",
    "african",
    "european",
    "coalition",
    "special",
    "air",
    "navy",
    "naval",
    "marine",
];

fn capitalised(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Word && t.text(text).chars().next().is_some_and(char::is_uppercase)
}

fn lw(text: &str, toks: &[Token], i: usize) -> String {
    toks.get(i)
        .map(|t| t.text(text).to_lowercase())
        .unwrap_or_default()
}

/// The capitalised run ending at token `end - 1` (lowercase "of", "for", "the", "and"
/// inside): its first token.
fn run_back(text: &str, toks: &[Token], end: usize, floor: usize) -> usize {
    let mut k = end;
    let mut words = 0;
    while k > floor && words < 7 {
        let t = &toks[k - 1];
        let w = t.text(text);
        if capitalised(text, t) {
            k -= 1;
            words += 1;
        } else if matches!(w, "of" | "for" | "the" | "and" | "-")
            && k >= floor + 2
            && capitalised(text, &toks[k - 2])
        {
            k -= 1;
        } else {
            break;
        }
    }
    k
}

/// The capitalised run starting at token `start`: its end.
fn run_forward(text: &str, toks: &[Token], start: usize, limit: usize) -> usize {
    let mut k = start;
    while k < limit && k < start + 5 && capitalised(text, &toks[k]) {
        k += 1;
    }
    k
}

/// True when a name is a state's force or a place: it begins with a country or demonym
/// the gazetteer knows, holds a state word, or is a place itself.
fn state_or_place(text: &str, span: Span, places: &[PlaceHit]) -> bool {
    let words: Vec<String> = text[span.start..span.end]
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    places
        .iter()
        .any(|p| p.span.start == span.start || (p.span == span && p.kind != PlaceKind::Demonym))
        || words.iter().any(|w| STATE_WORDS.contains(&w.as_str()))
}

/// New groups found in `text`: their mentions (indices from `first_index` on, one per
/// distinct name) and names. `known` are the gazetteer's mentions; a name overlapping one,
/// a place's start or a state word is no new group.
pub fn find(
    text: &str,
    toks: &[Token],
    known: &[GroupMention],
    places: &[PlaceHit],
    first_index: usize,
) -> (Vec<GroupMention>, Vec<String>) {
    let mut names: Vec<String> = Vec::new();
    let mut acronyms: Vec<(String, usize)> = Vec::new();
    let mut out: Vec<GroupMention> = Vec::new();
    let mut add =
        |span: Span, name: String, acronym: Option<String>, out: &mut Vec<GroupMention>| {
            if known.iter().any(|g| g.span.overlaps(span))
                || out.iter().any(|g| g.span.overlaps(span))
                || state_or_place(text, span, places)
            {
                return;
            }
            let idx = match names.iter().position(|n| *n == name) {
                Some(i) => i,
                None => {
                    names.push(name);
                    names.len() - 1
                }
            };
            if let Some(a) = acronym {
                acronyms.push((a, idx));
            }
            out.push(GroupMention {
                span,
                group: first_index + idx,
            });
        };
    let n = toks.len();
    for i in 0..n {
        let w = lw(text, toks, i);
        // 1. "… Liberation Front (FLNC)" and 2. "… Front claimed responsibility"
        if GROUP_HEADS.contains(&w.as_str()) && capitalised(text, &toks[i]) {
            let start = run_back(text, toks, i + 1, 0);
            if i + 1 - start < 2 {
                continue;
            }
            // a leading "The" is not part of the name
            let start = if lw(text, toks, start) == "the" {
                start + 1
            } else {
                start
            };
            let span = Span::new(toks[start].span.start, toks[i].span.end);
            let bracketed = lw(text, toks, i + 1) == "("
                && toks.get(i + 2).is_some_and(|t| {
                    let a = t.text(text);
                    a.len() >= 2 && a.chars().all(|c| c.is_ascii_uppercase())
                })
                && lw(text, toks, i + 3) == ")";
            let claims = (i + 1..(i + 5).min(n)).any(|k| {
                matches!(
                    lw(text, toks, k).as_str(),
                    "claimed" | "claims" | "admitted"
                ) && (k + 1..(k + 4).min(n))
                    .any(|j| matches!(lw(text, toks, j).as_str(), "responsibility" | "the"))
            });
            if bracketed || claims {
                let acronym = bracketed.then(|| toks[i + 2].text(text).to_string());
                add(
                    span,
                    text[span.start..span.end].to_string(),
                    acronym,
                    &mut out,
                );
            }
            continue;
        }
        // 3. "the far-left militant organisation Vulkangruppe"
        if matches!(
            w.as_str(),
            "group" | "organisation" | "organization" | "movement" | "faction" | "outfit"
        ) && i > 0
            && MILITANT_WORDS.contains(&lw(text, toks, i - 1).as_str())
        {
            let start = i + 1;
            let end = run_forward(text, toks, start, n);
            if end > start {
                let span = Span::new(toks[start].span.start, toks[end - 1].span.end);
                add(span, text[span.start..span.end].to_string(), None, &mut out);
            }
        }
    }
    // The acronym names the group wherever it stands.
    for (a, idx) in &acronyms {
        for (s, _) in text.match_indices(a.as_str()) {
            let span = Span::new(s, s + a.len());
            let before = text[..s].chars().next_back();
            let after = text[s + a.len()..].chars().next();
            let bounded = !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric);
            if bounded
                && !known.iter().any(|g| g.span.overlaps(span))
                && !out.iter().any(|g| g.span.overlaps(span))
            {
                out.push(GroupMention {
                    span,
                    group: first_index + idx,
                });
            }
        }
    }
    out.sort_by_key(|g| g.span.start);
    (out, names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::text::tokenize;

    fn names(text: &str) -> Vec<(String, String)> {
        let toks = tokenize(text);
        let (ms, names) = find(text, &toks, &[], &[], 1000);
        ms.iter()
            .map(|m| {
                (
                    text[m.span.start..m.span.end].to_string(),
                    names[m.group - 1000].clone(),
                )
            })
            .collect()
    }

    #[test]
    fn a_name_with_its_acronym_and_the_acronym_later() {
        let t = "The Grey Harbour Liberation Front (GHLF) claimed the bombings. The GHLF said more would follow.";
        assert_eq!(
            names(t),
            vec![
                (
                    "Grey Harbour Liberation Front".into(),
                    "Grey Harbour Liberation Front".into()
                ),
                ("GHLF".into(), "Grey Harbour Liberation Front".into()),
                ("GHLF".into(), "Grey Harbour Liberation Front".into()),
            ]
        );
    }

    #[test]
    fn a_claimant_and_a_militant_organisation_named_after_its_noun() {
        let t = "The Grey Harbour Front claimed responsibility for the attack.";
        assert_eq!(names(t)[0].1, "Grey Harbour Front");
        let t = "Police said the far-left militant organisation Ashgrove posted a letter.";
        assert_eq!(names(t)[0].1, "Ashgrove");
    }

    #[test]
    fn state_forces_are_no_groups() {
        assert!(
            names("The Border Police Forces (BPF) claimed the attack was repelled.").is_empty()
        );
        assert!(names("The National Security Council (NSC) met on Monday.").is_empty());
    }
}
