//! What became of the attackers: killed (`perpetrators_killed` true) or alive (caught,
//! fled). Read from clauses whose subject or object is an attacker: an attacker noun
//! ("the gunman", "two terrorists", "the attacker – who killed four people –"), or the
//! surname of a named perpetrator.
//!
//! * [`attacker_died`]: "two terrorists have also been gunned down", "the attacker was
//!   shot in the chest by police and died", "shot dead by police", "killed himself";
//! * [`attacker_caught`]: "suspect captured", "opened fire before being overpowered",
//!   "police arrested a man suspected of carrying out the attack", "taken into custody".

use crate::context::Ctx;
use sitrep_core::Span;

/// Nouns for attackers, singular and plural.
const ATTACKER_NOUNS: &[&str] = &[
    "attacker",
    "attackers",
    "assailant",
    "assailants",
    "gunman",
    "gunmen",
    "terrorist",
    "terrorists",
    "bomber",
    "bombers",
    "shooter",
    "shooters",
    "killer",
    "perpetrator",
    "perpetrators",
    "militant",
    "militants",
    "suspect",
    "suspects",
    "stabber",
    "knifeman",
];

/// Words of dying, after an attacker subject ("was gunned down", "died").
fn death_after(ctx: &Ctx, k: usize) -> Option<usize> {
    let w = ctx.lw(k);
    match w {
        "died" | "neutralised" | "neutralized" => Some(k),
        "killed" => Some(k),
        "gunned" if ctx.lw(k + 1) == "down" => Some(k + 1),
        "shot" if ctx.lw(k + 1) == "dead" => Some(k + 1),
        "blew" if matches!(ctx.lw(k + 1), "himself" | "herself" | "themselves") => Some(k + 1),
        "found" if ctx.lw(k + 1) == "dead" => Some(k + 1),
        _ => None,
    }
}

/// Words of capture after an attacker subject or object.
fn capture_at(ctx: &Ctx, k: usize) -> Option<usize> {
    match ctx.lw(k) {
        "arrested" | "captured" | "detained" | "apprehended" | "overpowered" | "surrendered"
        | "charged" | "nabbed" | "subdued" => Some(k),
        "custody" => Some(k),
        _ => None,
    }
}

/// True for words that end a clause: an attacker before them is not the subject of what
/// follows.
fn clause_break(w: &str) -> bool {
    matches!(
        w,
        "." | ";" | ":" | "but" | "while" | "whereas" | "although"
    )
}

/// Tokens of attacker mentions owned by the incident: attacker nouns, and surnames of the
/// named perpetrators.
fn attacker_tokens(ctx: &Ctx, owned: &dyn Fn(usize) -> bool, surnames: &[String]) -> Vec<usize> {
    (0..ctx.lower.len())
        .filter(|&i| owned(i))
        .filter(|&i| {
            let w = ctx.lw(i);
            ATTACKER_NOUNS.contains(&w)
                || surnames
                    .iter()
                    .any(|s| s == w || w.strip_suffix("'s") == Some(s.as_str()))
        })
        .collect()
}

/// The words of a fate reached from attacker token `a`: the first death (or capture, with
/// `capture`) word within the attacker's clause, passive or intransitive ("were gunned
/// down", "was shot in the chest by police and died", "before being overpowered"), not an
/// active verb with an object of its own ("gunmen killed five": their victims' death).
fn fate_after(ctx: &Ctx, a: usize, capture: bool) -> Option<Span> {
    let s = ctx.sentence_of_token(a);
    let end = ctx.sentence_range(s).end.min(a + 14);
    // "the attacker – who killed four people – was shot dead": skip a relative clause
    // between dashes or commas
    let mut k = a + 1;
    while k < end {
        let w = ctx.lw(k);
        if clause_break(w) {
            return None;
        }
        if matches!(w, "who" | "which") {
            // jump to the closing mark of the relative clause
            let close = (k + 1..end).find(|&j| matches!(ctx.lw(j), "–" | "—" | "," | "-"))?;
            k = close + 1;
            continue;
        }
        let hit = if capture {
            capture_at(ctx, k)
        } else {
            death_after(ctx, k)
        };
        if let Some(e) = hit {
            // a transitive verb must be passive ("were gunned down", "was shot dead"), not
            // active with victims of its own ("gunmen shot dead an official")
            let transitive = !capture
                && matches!(
                    ctx.lw(k),
                    "killed" | "gunned" | "shot" | "neutralised" | "neutralized"
                );
            let passive = (k.saturating_sub(3)..k)
                .any(|j| matches!(ctx.lw(j), "was" | "were" | "been" | "be" | "being"));
            if transitive && !passive {
                return None;
            }
            // "was not arrested", "no one has been arrested"
            if (k.saturating_sub(3)..k).any(|j| matches!(ctx.lw(j), "not" | "no" | "never")) {
                return None;
            }
            return Some(Span::new(
                ctx.ann.tokens[a].span.start,
                ctx.ann.tokens[e].span.end,
            ));
        }
        k += 1;
    }
    None
}

/// The words saying an attacker died, among the tokens `owned` gives the incident.
pub fn attacker_died(
    ctx: &Ctx,
    owned: &dyn Fn(usize) -> bool,
    surnames: &[String],
) -> Option<Span> {
    for a in attacker_tokens(ctx, owned, surnames) {
        if let Some(sp) = fate_after(ctx, a, false) {
            return Some(sp);
        }
        // "police shot and killed the attacker", "killing the gunman"
        let s = ctx.sentence_of_token(a);
        let start = ctx.sentence_range(s).start.max(a.saturating_sub(5));
        if let Some(v) = (start..a).rev().find(|&k| {
            matches!(
                ctx.lw(k),
                "killed" | "killing" | "neutralised" | "neutralized"
            )
        }) {
            // "killed four of the gunmen", "killing at least two attackers"
            if (v + 1..a).all(|j| {
                matches!(
                    ctx.lw(j),
                    "the"
                        | "a"
                        | "an"
                        | "both"
                        | "all"
                        | "two"
                        | "three"
                        | "four"
                        | "five"
                        | "six"
                        | "of"
                        | "at"
                        | "least"
                ) || ctx.lw(j).chars().all(|c| c.is_ascii_digit())
            }) {
                return Some(Span::new(
                    ctx.ann.tokens[v].span.start,
                    ctx.ann.tokens[a].span.end,
                ));
            }
        }
    }
    None
}

/// "The suspect entered the mosque … and opened fire before being overpowered": a
/// capture the attacker's own clause reports after what they did, however long.
fn caught_after_acts(ctx: &Ctx, a: usize) -> Option<Span> {
    let s = ctx.sentence_of_token(a);
    let end = ctx.sentence_range(s).end.min(a + 40);
    let mut k = a + 1;
    while k + 2 < end {
        let w = ctx.lw(k);
        if clause_break(w) {
            return None;
        }
        if matches!(w, "before" | "after" | "until") && ctx.lw(k + 1) == "being" {
            return capture_at(ctx, k + 2)
                .map(|e| Span::new(ctx.ann.tokens[a].span.start, ctx.ann.tokens[e].span.end));
        }
        k += 1;
    }
    None
}

/// The words saying an attacker was caught alive, among the tokens `owned` gives the
/// incident: "suspect captured", "before being overpowered", "arrested a man suspected of
/// carrying out the attack".
pub fn attacker_caught(
    ctx: &Ctx,
    owned: &dyn Fn(usize) -> bool,
    surnames: &[String],
) -> Option<Span> {
    let attackers = attacker_tokens(ctx, owned, surnames);
    for &a in &attackers {
        if let Some(sp) = fate_after(ctx, a, true) {
            return Some(sp);
        }
        if let Some(sp) = caught_after_acts(ctx, a) {
            return Some(sp);
        }
    }
    // "The gunman fled on foot. He was taken into custody an hour later": a sentence
    // opening on "he" or "she" right after one naming the attacker goes on about them
    // (for capture only: a victim may be the one who "died in hospital")
    for i in (0..ctx.lower.len()).filter(|&i| owned(i)) {
        if !matches!(ctx.lw(i), "he" | "she") {
            continue;
        }
        let s = ctx.sentence_of_token(i);
        if s == 0 || ctx.sentence_range(s).start != i {
            continue;
        }
        let prev = ctx.sentence_range(s - 1);
        if attackers.iter().any(|a| prev.contains(a)) {
            if let Some(sp) = fate_after(ctx, i, true) {
                return Some(sp);
            }
        }
    }
    // "Police arrested a man suspected of carrying out the attack": the verb before
    (0..ctx.lower.len()).filter(|&i| owned(i)).find_map(|v| {
        if !matches!(ctx.lw(v), "arrested" | "detained" | "captured") {
            return None;
        }
        let s = ctx.sentence_of_token(v);
        let end = ctx.sentence_range(s).end.min(v + 10);
        let suspected = (v + 1..end).any(|k| {
            matches!(ctx.lw(k), "suspected" | "accused")
                && (k + 1..end).any(|j| {
                    matches!(
                        ctx.lw(j),
                        "carrying" | "killing" | "attack" | "attacking" | "shooting" | "stabbing"
                    )
                })
        });
        suspected.then(|| Span::new(ctx.ann.tokens[v].span.start, ctx.ann.tokens[v].span.end))
    })
}
