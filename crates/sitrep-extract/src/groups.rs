//! Groups linked to an incident, how they are linked, and the claim.
//!
//! Relations, strongest first: claimed (the group said it did it), pledged (the
//! attacker pledged allegiance), directed, inspired, celebrated (the group itself
//! or its spokesman praised it; supporters' cheering is not the group's), and
//! suspected (named by others). Celebrated gives way to claimed; suspected, the
//! weakest, is kept only when the text links the group in no other way.

use crate::context::Ctx;
use crate::fill::{claim_value, link, Ownership};
use sitrep_core::{Claim, GroupLink, GroupRelation, Span};
use sitrep_nlp::lexicon::Cue;
use std::collections::{BTreeMap, BTreeSet};

/// Channels run by a group: a claim through them is that group's claim.
fn channel_group(mode: &str) -> Option<&'static str> {
    match mode {
        "amaq" | "albayan" | "al_naba" => Some("Islamic State"),
        _ => None,
    }
}

/// The channel's words when sentence `s` has a channel of group `name` (Amaq for the
/// Islamic State) report that someone was the group's "soldier" or "fighter".
fn channel_calls_soldier(ctx: &Ctx, s: usize, name: &str) -> Option<Span> {
    let span = ctx.ann.sentence_span(s);
    let channel = ctx.ann.cues.iter().find(|c| {
        span.contains(c.span)
            && c.cues()
                .iter()
                .any(|k| matches!(k, Cue::Channel(mode) if channel_group(mode) == Some(name)))
    })?;
    let r = ctx.sentence_range(s);
    let soldier = r
        .clone()
        .find(|&k| matches!(ctx.lw(k), "soldier" | "soldiers" | "fighter" | "fighters"))?;
    let said = r.clone().any(|k| {
        matches!(
            ctx.lw(k),
            "said" | "says" | "reported" | "reports" | "stated" | "claimed"
        )
    });
    (said && !negated_before(ctx, soldier, r.start)).then(|| {
        Span::new(
            channel.span.start.min(ctx.ann.tokens[soldier].span.start),
            channel.span.end.max(ctx.ann.tokens[soldier].span.end),
        )
    })
}

/// A group named in the text, or implied by its news agency.
struct GroupRef<'a> {
    name: &'a str,
    span: Span,
    tok: usize,
    sentence: usize,
}

fn supporters_of(ctx: &Ctx, tok: usize) -> bool {
    let before = |k: usize| if tok >= k { ctx.lw(tok - k) } else { "" };
    matches!(before(1), "of" | "pro")
        && matches!(
            before(2),
            "supporters" | "sympathisers" | "sympathizers" | "followers" | "fans" | "-"
        )
        || before(1) == "-" && before(2) == "pro"
        || ctx.lw(tok).starts_with("pro-")
}

/// Words naming an attack, as the object of "claimed".
fn is_event_word(w: &str) -> bool {
    w.starts_with("attack")
        || matches!(
            w,
            "bombing"
                | "bombings"
                | "blast"
                | "blasts"
                | "explosion"
                | "explosions"
                | "shooting"
                | "stabbing"
                | "assault"
                | "killing"
                | "killings"
                | "massacre"
                | "operation"
                | "ambush"
                | "raid"
                | "kidnapping"
                | "abduction"
                | "beheading"
                | "murder"
                | "murders"
                | "hijacking"
                | "siege"
                | "rampage"
        )
}

/// Verbs that take "responsibility" (or "credit") to make a claim: "claimed
/// responsibility", "took responsibility", "accepted responsibility", "assumed
/// responsibility".
pub(crate) fn responsibility_verb(w: &str) -> bool {
    matches!(
        w,
        "claimed"
            | "claims"
            | "claiming"
            | "claim"
            | "taken"
            | "took"
            | "take"
            | "takes"
            | "accepted"
            | "accepts"
            | "accept"
            | "accepting"
            | "admitted"
            | "assumed"
            | "assumes"
    )
}

/// "No group has claimed responsibility", "the attack has not been claimed".
/// True when "claimed" at token `k` is followed by the group saying it did the deed:
/// "claimed on Thursday it carried out the attack", "claims its fighters killed 30
/// soldiers", "claimed it was targeting militias".
fn claimed_deed(ctx: &Ctx, k: usize, end: usize) -> bool {
    const DEEDS: &[&str] = &[
        "carried",
        "launched",
        "conducted",
        "staged",
        "killed",
        "attacked",
        "targeted",
        "targeting",
        "behind",
        "executed",
        "detonated",
        "shot",
        "bombed",
        "kidnapped",
        "abducted",
        "ambushed",
        "stormed",
    ];
    (k + 1..(k + 6).min(end))
        .find(|&j| matches!(ctx.lw(j), "it" | "they" | "its" | "their" | "that"))
        .is_some_and(|j| (j + 1..(j + 4).min(end)).any(|d| DEEDS.contains(&ctx.lw(d))))
}

/// True when the group at token `g` says in its own voice that it did the deed: "The
/// Taliban said it was behind the attack", "the group announced its fighters carried out
/// the bombing". The group is the subject, right before the verb of speech at `k`; a
/// group named after the verb ("police said the Taliban were behind it") is accused, not
/// claiming.
fn says_it_did(ctx: &Ctx, g: usize, k: usize, end: usize) -> bool {
    matches!(
        ctx.lw(k),
        "said" | "says" | "announced" | "stated" | "declared" | "boasted"
    ) && g < k
        && k - g <= 4
        && !(g + 1..k).any(|j| matches!(ctx.lw(j), "," | "and" | "that" | "which" | "who"))
        && claimed_deed(ctx, k, end)
}

fn denied_claim(ctx: &Ctx, s: usize) -> Option<Span> {
    let r = ctx.sentence_range(s);
    for k in r.clone() {
        // "No group has taken responsibility"
        let taken = responsibility_verb(ctx.lw(k)) && ctx.lw(k + 1) == "responsibility";
        if !matches!(ctx.lw(k), "claimed" | "claim") && !taken {
            continue;
        }
        let neg = (k.saturating_sub(5).max(r.start)..k)
            .any(|j| matches!(ctx.lw(j), "no" | "not" | "n't" | "nobody" | "yet" | "none"));
        if neg {
            let start = (k.saturating_sub(5).max(r.start)..k)
                .find(|&j| {
                    matches!(
                        ctx.lw(j),
                        "no" | "not" | "nobody" | "none" | "yet" | "has" | "have"
                    )
                })
                .unwrap_or(k);
            return Some(Span::new(
                ctx.ann.tokens[start].span.start,
                ctx.ann.tokens[k].span.end,
            ));
        }
    }
    None
}

fn negated_before(ctx: &Ctx, tok: usize, range_start: usize) -> bool {
    (tok.saturating_sub(4).max(range_start)..tok).any(|k| {
        matches!(
            ctx.lw(k),
            "no" | "not" | "n't" | "never" | "yet" | "denied" | "nobody"
        )
    })
}

/// Sentences where cluster `ci` and another cluster are both located by place words
/// in the same stretch (coordinated places, not a noun phrase of their own).
fn clusters_window_sentences(ctx: &Ctx, own: &Ownership, ci: usize) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for s in 0..ctx.ann.sentences.len() {
        let r = ctx.sentence_range(s);
        let owners: BTreeSet<usize> = r.clone().filter_map(|t| own.of_token(t)).collect();
        if owners.len() > 1
            && owners.contains(&ci)
            && own.window_anchored(s, ci)
            && owners.iter().all(|&o| own.window_anchored(s, o))
        {
            out.insert(s);
        }
    }
    out
}

/// Nouns a report uses for a group it does not name in the sentence.
const GROUP_NOUNS: &[&str] = &[
    "group",
    "organisation",
    "organization",
    "movement",
    "outfit",
    "faction",
    "cell",
];

/// A claim whose subject describes a group ("an Italian anarchist group claimed
/// responsibility", "a far-left militant group has admitted carrying out"), in a sentence
/// incident `ci` owns that names no group: the one group the whole report names, with the
/// claim's words and sentence. `None` when the report names no group or several.
fn described_claimant<'c>(
    ctx: &'c Ctx,
    own: &Ownership,
    ci: usize,
) -> Option<(&'c str, Span, usize)> {
    let names: BTreeSet<&str> = ctx.ann.groups.iter().map(|g| ctx.group_name(g)).collect();
    let only = match names.iter().collect::<Vec<_>>().as_slice() {
        [one] => **one,
        _ => return None,
    };
    for s in 0..ctx.ann.sentences.len() {
        let r = ctx.sentence_range(s);
        if !ctx.in_body(s)
            || !r.clone().any(|t| own.of_token(t) == Some(ci))
            || ctx.quoted(ctx.ann.sentence_span(s))
        {
            continue;
        }
        let sspan = ctx.ann.sentence_span(s);
        if ctx.ann.groups.iter().any(|g| sspan.contains(g.span)) {
            continue;
        }
        for k in r.clone() {
            let w = ctx.lw(k);
            let claim = (responsibility_verb(w) || w == "admitted")
                && (k + 1..(k + 4).min(r.end)).any(|j| {
                    matches!(ctx.lw(j), "responsibility" | "credit" | "carrying")
                        || is_event_word(ctx.lw(j))
                });
            if !claim || negated_before(ctx, k, r.start) {
                continue;
            }
            let subject =
                (k.saturating_sub(5).max(r.start)..k).any(|j| GROUP_NOUNS.contains(&ctx.lw(j)));
            if subject {
                let end = (k + 1..(k + 4).min(r.end))
                    .find(|&j| {
                        matches!(ctx.lw(j), "responsibility" | "credit" | "carrying")
                            || is_event_word(ctx.lw(j))
                    })
                    .unwrap_or(k);
                let sp = Span::new(ctx.ann.tokens[k].span.start, ctx.ann.tokens[end].span.end);
                return Some((only, sp, s));
            }
        }
    }
    None
}

/// Group links and the claim for cluster `ci`.
pub fn group_links(
    ctx: &Ctx,
    own: &Ownership,
    ci: usize,
    anchored: &BTreeSet<usize>,
    perps: &[usize],
) -> (Vec<GroupLink>, Option<Claim>) {
    // A group named in a sentence that locates this incident among others by the same
    // words ("ISIS sympathisers killed six people in attacks across Beer Sheva and
    // Hadera") is linked to each of them.
    let window_sentences: BTreeSet<usize> = clusters_window_sentences(ctx, own, ci);
    let mine = |tok: usize| {
        own.of_token(tok) == Some(ci) || window_sentences.contains(&ctx.sentence_of_token(tok))
    };
    let mut refs: Vec<GroupRef> = Vec::new();
    for g in &ctx.ann.groups {
        let tok = ctx.token_at(g.span.start);
        if !mine(tok) {
            continue;
        }
        // "an al-Qaeda affiliate", "an ISIS-linked cell": describes another group
        let next = ctx.lw(ctx.token_at(g.span.end));
        if matches!(
            next,
            "affiliate"
                | "affiliated"
                | "branch"
                | "offshoot"
                | "franchise"
                | "wing"
                | "-linked"
                | "linked"
                | "splinter"
        ) {
            continue;
        }
        // "groups linked to al-Qaeda and the Islamic State": a description of others
        let before: Vec<&str> = (tok.saturating_sub(7)..tok).map(|k| ctx.lw(k)).collect();
        let descriptive = before.windows(2).any(|w| {
            matches!(
                w,
                [
                    "linked" | "affiliated" | "allied" | "close" | "loyal",
                    "to" | "with"
                ]
            )
        });
        if descriptive {
            continue;
        }
        // "Most attacks in the country are attributed to X and Y": a sentence about attacks
        // in general names the groups behind them, not this attack's (unless it claims one)
        let s = ctx.ann.sentence_of(g.span.start);
        let events = crate::incidents::event_cues(ctx, s);
        let claims = ctx
            .sentence_range(s)
            .any(|k| responsibility_verb(ctx.lw(k)) || ctx.lw(k) == "responsibility");
        if !events.is_empty() && events.iter().all(|e| e.generic) && !claims {
            continue;
        }
        refs.push(GroupRef {
            name: ctx.group_name(g),
            span: g.span,
            tok,
            sentence: ctx.ann.sentence_of(g.span.start),
        });
    }
    for c in &ctx.ann.cues {
        for k in c.cues() {
            if let Cue::Channel(mode) = k {
                if let Some(name) = channel_group(mode) {
                    let tok = ctx.token_at(c.span.start);
                    if mine(tok) {
                        refs.push(GroupRef {
                            name,
                            span: c.span,
                            tok,
                            sentence: ctx.ann.sentence_of(c.span.start),
                        });
                    }
                }
            }
        }
    }
    let mut rel: BTreeMap<(&str, GroupRelation), Vec<Span>> = BTreeMap::new();
    let mut claim_spans: Vec<Span> = Vec::new();
    let mut claim_sentences: BTreeSet<usize> = BTreeSet::new();
    let mut denied: Option<Span> = None;
    let perp_mentions: Vec<Span> = ctx
        .persons
        .iter()
        .filter(|p| perps.contains(&p.entity))
        .map(|p| p.span)
        .collect();

    for g in &refs {
        let s = g.sentence;
        if !ctx.in_body(s) {
            continue;
        }
        let r = ctx.sentence_range(s);
        let backer = supporters_of(ctx, g.tok);
        // claimed
        if !backer {
            for k in r.clone() {
                let w = ctx.lw(k);
                let claimish = responsibility_verb(w)
                    && (k + 1..(k + 4).min(r.end))
                        .any(|j| matches!(ctx.lw(j), "responsibility" | "credit"))
                    || (matches!(w, "claimed" | "claims" | "claiming")
                        && ((k + 1..(k + 4).min(r.end)).any(|j| is_event_word(ctx.lw(j)))
                            || claimed_deed(ctx, k, r.end)))
                    || says_it_did(ctx, g.tok, k, r.end);
                if claimish {
                    // The claimant is the group named last before the verb ("TTP denied it,
                    // but IS-K claimed the attack"), or, with none before, the first after it
                    // ("claimed by al-Shabaab").
                    let mut before = refs
                        .iter()
                        .filter(|x| x.sentence == s && x.tok < k)
                        .max_by_key(|x| x.tok);
                    // "JNIM, an al-Qaeda affiliate, claimed …": the subject, not the apposition
                    if let Some(first) = refs
                        .iter()
                        .filter(|x| x.sentence == s && x.tok < k)
                        .min_by_key(|x| x.tok)
                    {
                        if ctx.lw(ctx.token_at(first.span.end)) == "," {
                            before = Some(first);
                        }
                    }
                    let after = refs
                        .iter()
                        .filter(|x| x.sentence == s && x.tok > k)
                        .min_by_key(|x| x.tok);
                    // "Tamim claimed Houthis have attacked journalists": a group that is the
                    // subject of the claimed clause is accused, not claiming ("claimed by
                    // al-Shabaab" claims)
                    let after = after.filter(|x| {
                        let next = ctx.lw(ctx.token_at(x.span.end));
                        ctx.lw(x.tok.saturating_sub(1)) == "by"
                            || !matches!(
                                next,
                                "have"
                                    | "has"
                                    | "had"
                                    | "were"
                                    | "was"
                                    | "are"
                                    | "is"
                                    | "carried"
                                    | "attacked"
                                    | "killed"
                            )
                    });
                    let claimant = before.or(after).map(|x| x.name);
                    // "ISIS claimed ISWA fighters attacked a base": the group whose fighters
                    // did the claimed deed claims it too
                    let doer_of_deed = g.tok > k
                        && g.tok <= k + 2
                        && matches!(
                            ctx.lw(ctx.token_at(g.span.end)),
                            "fighters" | "militants" | "soldiers" | "members"
                        );
                    if claimant != Some(g.name) && !doer_of_deed {
                        break;
                    }
                    let obj = (k + 1..(k + 4).min(r.end))
                        .find(|&j| {
                            matches!(ctx.lw(j), "responsibility" | "credit")
                                || is_event_word(ctx.lw(j))
                        })
                        .unwrap_or(k);
                    let sp = Span::new(ctx.ann.tokens[k].span.start, ctx.ann.tokens[obj].span.end);
                    if negated_before(ctx, k, r.start) {
                        denied.get_or_insert(sp);
                    } else {
                        rel.entry((g.name, GroupRelation::Claimed))
                            .or_default()
                            .extend([g.span, sp]);
                        claim_spans.push(sp);
                        claim_sentences.insert(s);
                    }
                    break;
                }
            }
        }
        // "The assailant was a 'fighter' for Islamic State, the group's Amaq news agency
        // said": the group's own channel calling the attacker its soldier claims the attack
        // (only when the sentence names no other group: "a faction of ISKP claimed the
        // attack through its Amaq news agency, saying the bomber was one of its fighters"
        // is the province's claim, read above)
        let alone = !refs.iter().any(|x| x.sentence == s && x.name != g.name);
        if !backer && alone && !rel.contains_key(&(g.name, GroupRelation::Claimed)) {
            if let Some(sp) = channel_calls_soldier(ctx, s, g.name) {
                rel.entry((g.name, GroupRelation::Claimed))
                    .or_default()
                    .extend([g.span, sp]);
                claim_spans.push(sp);
                claim_sentences.insert(s);
            }
        }
        // pledged: "swore allegiance to IS" by the attacker
        if let Some(a) =
            (g.tok.saturating_sub(6).max(r.start)..g.tok).find(|&k| ctx.lw(k) == "allegiance")
        {
            let a_start = ctx.ann.tokens[a].span.start;
            let nearest_person = ctx
                .persons
                .iter()
                .filter(|p| {
                    p.span.end <= a_start && p.span.start >= ctx.ann.tokens[r.start].span.start
                })
                .max_by_key(|p| p.span.start);
            let subject_is_perp = match nearest_person {
                Some(p) => perps.contains(&p.entity),
                None => {
                    (r.start..a).any(|k| {
                        matches!(
                            ctx.lw(k),
                            "terrorist"
                                | "attacker"
                                | "assailant"
                                | "gunman"
                                | "killer"
                                | "he"
                                | "his"
                        )
                    }) && (!perp_mentions.is_empty()
                        || (r.start..a).any(|k| {
                            matches!(
                                ctx.lw(k),
                                "terrorist" | "attacker" | "assailant" | "gunman" | "killer"
                            )
                        }))
                }
            };
            if subject_is_perp {
                let v = (a.saturating_sub(3).max(r.start)..a)
                    .find(|&k| {
                        matches!(
                            ctx.lw(k),
                            "swore"
                                | "sworn"
                                | "pledged"
                                | "pledge"
                                | "recorded"
                                | "claimed"
                                | "declared"
                                | "pledging"
                        )
                    })
                    .unwrap_or(a);
                let sp = Span::new(ctx.ann.tokens[v].span.start, g.span.end);
                rel.entry((g.name, GroupRelation::Pledged))
                    .or_default()
                    .push(sp);
            }
        }
        // inspired
        let inspired_by =
            (g.tok.saturating_sub(3).max(r.start)..g.tok).find(|&k| ctx.lw(k) == "inspired");
        if let Some(k) = inspired_by {
            let merely = k >= 1 && ctx.lw(k - 1) == "merely";
            if !(negated_before(ctx, k, r.start) || merely) {
                rel.entry((g.name, GroupRelation::Inspired))
                    .or_default()
                    .push(Span::new(ctx.ann.tokens[k].span.start, g.span.end));
            }
        }
        let follower = ctx.lw(ctx.token_at(g.span.end));
        if matches!(
            follower,
            "sympathisers"
                | "sympathizers"
                | "supporters"
                | "followers"
                | "loyalists"
                | "adherents"
                | "-inspired"
        ) {
            let t2 = ctx.token_at(g.span.end);
            let acted = (t2 + 1..(t2 + 5).min(r.end)).any(|k| {
                matches!(
                    ctx.lw(k),
                    "killed"
                        | "carried"
                        | "attacked"
                        | "stabbed"
                        | "shot"
                        | "launched"
                        | "bombed"
                        | "murdered"
                )
            });
            if acted {
                rel.entry((g.name, GroupRelation::Inspired))
                    .or_default()
                    .push(Span::new(g.span.start, ctx.ann.tokens[t2].span.end));
            }
        }
        // directed
        let directed = (g.tok.saturating_sub(4).max(r.start)..g.tok).any(|k| {
            matches!(
                ctx.lw(k),
                "directed" | "orchestrated" | "orders" | "ordered" | "planned"
            )
        }) && !negated_before(ctx, g.tok, r.start);
        if directed {
            rel.entry((g.name, GroupRelation::Directed))
                .or_default()
                .push(g.span);
        }
        // celebrated by the group or its spokesman
        if !backer {
            // the group doing it, after its name: a verb, not "the War Heroes day
            // celebrations … battling the LTTE"
            let cel = (g.tok + 1..r.end).find(|&k| {
                matches!(
                    ctx.lw(k),
                    "celebrated"
                        | "celebrates"
                        | "celebrating"
                        | "applauded"
                        | "applauds"
                        | "applauding"
                        | "praised"
                        | "praises"
                        | "praising"
                        | "hailed"
                        | "hails"
                        | "hailing"
                )
            });
            if let Some(k) = cel {
                let by_backers = (k.saturating_sub(6).max(r.start)..k).any(|j| {
                    matches!(
                        ctx.lw(j),
                        "supporters"
                            | "jihadis"
                            | "sympathisers"
                            | "sympathizers"
                            | "users"
                            | "fans"
                            | "followers"
                            | "online"
                    )
                });
                if !by_backers {
                    rel.entry((g.name, GroupRelation::Celebrated))
                        .or_default()
                        .extend([g.span, ctx.ann.tokens[k].span]);
                }
            }
        }
        // suspected: named with the attack by others
        let suspicion = r.clone().any(|k| {
            matches!(
                ctx.lw(k),
                "suspected" | "blamed" | "behind" | "attributed" | "linked" | "responsible"
            )
        });
        // "the attacker was … a suicide bomber of the separatist LTTE": the attacker's group
        let attackers_group = (g.tok.saturating_sub(5).max(r.start)..g.tok).any(|k| {
            matches!(ctx.lw(k), "of" | "from")
                && k > r.start
                && matches!(
                    ctx.lw(k - 1),
                    "bomber" | "attacker" | "assailant" | "gunman" | "gunmen" | "attackers"
                )
        });
        // "…, the Taliban's spokesman told AP: 'we are not involved in any of these attacks'"
        let disowned = !suspicion
            && r.clone().any(|k| {
                (ctx.lw(k) == "not" && ctx.lw(k + 1) == "involved")
                    || (ctx.lw(k) == "nothing" && ctx.lw(k + 1) == "to" && ctx.lw(k + 2) == "do")
            });
        let denies = disowned
            || (g.tok..(g.tok + 4).min(r.end))
                .any(|k| matches!(ctx.lw(k), "denied" | "denies" | "rejected"));
        if !backer
            && !denies
            && !ctx.quoted(g.span)
            && (suspicion || attackers_group || anchored.contains(&s))
        {
            rel.entry((g.name, GroupRelation::Suspected))
                .or_default()
                .push(g.span);
        }
    }
    if denied.is_none() {
        for s in 0..ctx.ann.sentences.len() {
            let owned = ctx.sentence_range(s).any(|t| own.of_token(t) == Some(ci));
            if owned && ctx.in_body(s) && !ctx.quoted(ctx.ann.sentence_span(s)) {
                if let Some(sp) = denied_claim(ctx, s) {
                    denied = Some(sp);
                    break;
                }
            }
        }
    }
    // "A far-left militant group has admitted carrying out the arson attack": a claim by
    // a group described, not named, is the claim of the one group the report names.
    if !rel.keys().any(|(_, r)| *r == GroupRelation::Claimed) {
        if let Some((name, sp, s)) = described_claimant(ctx, own, ci) {
            rel.entry((name, GroupRelation::Claimed))
                .or_default()
                .push(sp);
            claim_spans.push(sp);
            claim_sentences.insert(s);
        }
    }
    // Celebrated gives way to claimed; suspected to anything else.
    let names: BTreeSet<&str> = rel.keys().map(|(n, _)| *n).collect();
    for n in names {
        let has = |r: GroupRelation| rel.contains_key(&(n, r));
        if has(GroupRelation::Claimed) {
            rel.remove(&(n, GroupRelation::Celebrated));
        }
        let others = [
            GroupRelation::Claimed,
            GroupRelation::Pledged,
            GroupRelation::Directed,
            GroupRelation::Inspired,
            GroupRelation::Celebrated,
        ]
        .iter()
        .any(|r| rel.contains_key(&(n, *r)));
        if others {
            rel.remove(&(n, GroupRelation::Suspected));
        }
    }
    let links: Vec<GroupLink> = rel
        .into_iter()
        .map(|((name, r), spans)| link(ctx, name, r, spans))
        .collect();

    // The claim and its channels.
    let claim = if !claim_spans.is_empty() {
        let mut modes: Vec<String> = Vec::new();
        let mut spans = claim_spans.clone();
        let mut look: BTreeSet<usize> = claim_sentences.clone();
        for &s in &claim_sentences {
            let next = s + 1;
            if next < ctx.ann.sentences.len()
                && ctx.sentence_has(
                    next,
                    &[
                        "notice",
                        "statement",
                        "message",
                        "broadcast",
                        "claim",
                        "video",
                        "said",
                    ],
                )
            {
                look.insert(next);
            }
        }
        for &s in &look {
            let span = ctx.ann.sentence_span(s);
            for c in &ctx.ann.cues {
                if !span.contains(c.span) {
                    continue;
                }
                for k in c.cues() {
                    if let Cue::Channel(m) = k {
                        if *m != "statement" || modes.is_empty() {
                            if !modes.iter().any(|x| x == m) {
                                modes.push((*m).to_string());
                            }
                            spans.push(c.span);
                        }
                    }
                }
            }
        }
        let n = modes.len();
        modes.retain(|m| m != "statement" || n == 1);
        Some(claim_value(ctx, spans, modes, true))
    } else {
        denied.map(|sp| claim_value(ctx, vec![sp], Vec::new(), false))
    };
    (links, claim)
}
