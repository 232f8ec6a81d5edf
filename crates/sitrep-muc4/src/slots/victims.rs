//! Human targets described rather than named (`HUM TGT: DESCRIPTION`): the learned model's
//! Victim role holds names only (as the GTT data does), so the descriptions ("TWO
//! PEASANTS", "PRESIDENT": "CEREZO") are read here from the text, with a lexicon learned
//! from the DEV keys only (`data/muc4-victims.tsv`, made by `scripts/muc4-victims.py`):
//! the head nouns of the keys' descriptions with their commonest human-target type, and
//! the words that stand before such heads.
//!
//! A description is a lexicon head in a sentence that reports harm to people (a verb of
//! killing, wounding or kidnapping no more than [`WINDOW`] words away), with the modifier
//! words before it; its number is the number word before it (else `PLURAL` for a plural
//! head, else 1); its effect is that of the nearest harm verb (DEATH, INJURY, or none
//! for kidnappings and attacks). A head directly before a victim's name describes that
//! name ("PRESIDENT": "CEREZO").
//!
//! Physical targets the model does not find are read the same way ([`things`]), with a
//! lexicon of the DEV keys' PHYS TGT: ID strings (`data/muc4-targets.tsv`, made by
//! `scripts/muc4-targets.py`) and verbs of damage.

use std::collections::HashMap;
use std::sync::OnceLock;

const LEXICON_TSV: &str = include_str!("../../data/muc4-victims.tsv");
const TARGETS_TSV: &str = include_str!("../../data/muc4-targets.tsv");

/// How far (in words) a description may be from its harm verb.
pub const WINDOW: usize = 8;

/// At most this many descriptions per message.
const MAX_DESCRIPTIONS: usize = 4;

/// The harm a verb reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Harm {
    /// Killed, murdered … (effect DEATH).
    Death,
    /// Wounded, injured … (effect INJURY).
    Injury,
    /// Kidnapped, abducted … (no effect; a kidnapping).
    Kidnap,
    /// Attacked, shot at … (no effect).
    Attack,
}

impl Harm {
    /// The `HUM TGT: EFFECT OF INCIDENT` fill.
    pub fn effect(self) -> Option<&'static str> {
        match self {
            Harm::Death => Some("DEATH"),
            Harm::Injury => Some("INJURY"),
            Harm::Kidnap | Harm::Attack => None,
        }
    }
}

fn harm(word: &str) -> Option<Harm> {
    Some(match word {
        "KILLED" | "KILLING" | "KILL" | "MURDERED" | "MURDER" | "MURDERING" | "ASSASSINATED"
        | "ASSASSINATION" | "ASSASSINATING" | "DEAD" | "DIED" | "MASSACRED" | "MASSACRE"
        | "EXECUTED" | "SLAIN" | "BODIES" | "DEATH" | "DEATHS" => Harm::Death,
        "WOUNDED" | "WOUNDING" | "INJURED" | "INJURING" | "INJURIES" | "HURT" => Harm::Injury,
        "KIDNAPPED" | "KIDNAPPING" | "KIDNAP" | "ABDUCTED" | "ABDUCTION" | "HOSTAGE"
        | "HOSTAGES" | "KIDNAPPERS" => Harm::Kidnap,
        "ATTACKED" | "ATTACK" | "SHOT" | "AMBUSHED" => Harm::Attack,
        _ => return None,
    })
}

const NUMBER_WORDS: [&str; 12] = [
    "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "ELEVEN",
    "TWELVE",
];

/// Words that may stand before a head in a description without being modifiers of
/// the lexicon (articles, possessives and the like are left out of the string).
const SKIP: [&str; 6] = ["A", "AN", "THE", "HIS", "HER", "THEIR"];

struct Lexicon {
    heads: HashMap<String, String>,
    modifiers: std::collections::HashSet<String>,
}

fn parse_lexicon(tsv: &str) -> Lexicon {
    let mut heads = HashMap::new();
    let mut modifiers = std::collections::HashSet::new();
    for line in tsv.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["H", w, t] => {
                heads.insert(w.to_string(), t.to_string());
            }
            ["M", w] => {
                modifiers.insert(w.to_string());
            }
            _ => {}
        }
    }
    Lexicon { heads, modifiers }
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| parse_lexicon(LEXICON_TSV))
}

fn target_lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| parse_lexicon(TARGETS_TSV))
}

/// What a verb reports done to a thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// Destroyed, blown up … (effect DESTROYED).
    Destroyed,
    /// Damaged … (effect SOME DAMAGE).
    Damaged,
    /// Bombed, burned, attacked … (the effect follows the incident type).
    Hit,
}

impl Damage {
    /// The `PHYS TGT: EFFECT OF INCIDENT` fill, when the verb says it.
    pub fn effect(self) -> Option<&'static str> {
        match self {
            Damage::Destroyed => Some("DESTROYED"),
            Damage::Damaged => Some("SOME DAMAGE"),
            Damage::Hit => None,
        }
    }
}

fn damage(word: &str) -> Option<Damage> {
    Some(match word {
        "DESTROYED" | "DESTROYING" | "BLEW" | "BLOWN" | "DEMOLISHED" => Damage::Destroyed,
        "DAMAGED" | "DAMAGE" | "DAMAGING" => Damage::Damaged,
        "DYNAMITED" | "BOMBED" | "EXPLODED" | "EXPLOSION" | "BOMB" | "BURNED" | "TORCHED"
        | "SABOTAGED" | "SABOTAGE" | "ATTACKED" | "FIRE" | "BLAST" => Damage::Hit,
        _ => return None,
    })
}

/// A described physical target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thing {
    /// The target string (upper case).
    pub id: String,
    /// `1`, `2` … or `PLURAL`.
    pub number: String,
    /// What the nearest damage verb says.
    pub damage: Damage,
}

/// The physical targets a text describes near a verb of damage (bombed, destroyed …),
/// found as [`described`] finds human targets, with the physical-target lexicon
/// (`data/muc4-targets.tsv`, from the DEV keys' PHYS TGT: ID strings).
pub fn things(text: &str) -> Vec<Thing> {
    find_phrases(text, target_lexicon(), damage, &[])
        .into_iter()
        .filter(|p| p.name.is_none())
        .map(|p| Thing {
            id: p.desc,
            number: p.number,
            damage: p.verb,
        })
        .collect()
}

/// A described human target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// The description string (upper case).
    pub desc: String,
    /// The victim's name it describes, when it stands right before one.
    pub name: Option<String>,
    /// The human-target type of its head noun.
    pub htype: String,
    /// `1`, `2` … or `PLURAL`.
    pub number: String,
    /// The harm of the nearest harm verb.
    pub harm: Harm,
}

/// Types of heads that are titles (see [`described`]).
const TITLE_TYPES: [&str; 5] = [
    "GOVERNMENT OFFICIAL",
    "POLITICAL FIGURE",
    "LEGAL OR JUDICIAL",
    "ACTIVE MILITARY",
    "FORMER GOVERNMENT OFFICIAL",
];

/// A word without its plural ending (`PRIESTS`, `JESUITS` -> `PRIEST`, `JESUIT`).
fn stem(w: &str) -> String {
    if let Some(x) = w.strip_suffix("MEN") {
        format!("{x}MAN")
    } else if w.len() > 3 && w.ends_with('S') && !w.ends_with("SS") {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

fn is_plural(head: &str) -> bool {
    (head.ends_with('S') && !head.ends_with("SS"))
        || head.ends_with("MEN")
        || head == "PEOPLE"
        || head == "CHILDREN"
}

/// The words of a sentence, upper case.
fn sentences(text: &str) -> Vec<Vec<String>> {
    let up = text.to_uppercase();
    up.split(". ")
        .map(|s| {
            s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// The described human targets of a text; `names`: the victims' names already found
/// (upper case), which a description right before them describes.
pub fn described(text: &str, names: &[String]) -> Vec<Described> {
    let lex = lexicon();
    let mut out: Vec<Described> = Vec::new();
    for p in find_phrases(text, lex, harm, names) {
        // A title (an official's, a politician's, a judge's, an officer's) alone,
        // naming nobody, is mostly someone who speaks, not a victim.
        if p.name.is_none() && !is_plural(&p.head) && TITLE_TYPES.contains(&p.htype.as_str()) {
            continue;
        }
        // The same people again ("JESUITS" after "JESUIT PRIESTS", "POLICEMAN" after
        // "WOUNDED POLICEMAN"): one description, the longer.
        let stems: Vec<String> = p.desc.split(' ').map(stem).collect();
        if let Some(prev) = out.iter_mut().find(|d| {
            d.name == p.name
                && d.desc.split(' ').any(|x| {
                    stems.contains(&stem(x)) && (stem(x) == stem(&p.head) || d.desc.ends_with(x))
                })
        }) {
            if p.desc.len() > prev.desc.len() {
                prev.desc = p.desc;
            }
            continue;
        }
        out.push(Described {
            desc: p.desc,
            name: p.name,
            htype: p.htype,
            number: p.number,
            harm: p.verb,
        });
    }
    // Named ones first (they describe known victims), then in text order.
    out.sort_by_key(|d| d.name.is_none());
    out.truncate(MAX_DESCRIPTIONS);
    out
}

/// A lexicon phrase near a verb.
struct Phrase<V> {
    desc: String,
    head: String,
    name: Option<String>,
    htype: String,
    number: String,
    verb: V,
}

/// The lexicon's phrases within [`WINDOW`] words of a verb `verb` knows, in text order,
/// each once.
fn find_phrases<V: Copy>(
    text: &str,
    lex: &Lexicon,
    verb: fn(&str) -> Option<V>,
    names: &[String],
) -> Vec<Phrase<V>> {
    let mut out: Vec<Phrase<V>> = Vec::new();
    let name_words: Vec<Vec<&str>> = names
        .iter()
        .map(|n| n.split_whitespace().collect())
        .collect();
    for s in sentences(text) {
        let verbs: Vec<(usize, V)> = s
            .iter()
            .enumerate()
            .filter_map(|(i, w)| verb(w).map(|h| (i, h)))
            .collect();
        if verbs.is_empty() {
            continue;
        }
        for (i, w) in s.iter().enumerate() {
            let Some(htype) = lex.heads.get(w) else {
                continue;
            };
            // A verb is a head only as a noun ("THE WOUNDED"), not as the verb.
            if verb(w).is_some() && (i == 0 || s[i - 1] != "THE") {
                continue;
            }
            // A head followed by another head is a modifier ("PEASANT LEADER").
            if s.get(i + 1).is_some_and(|n| lex.heads.contains_key(n)) {
                continue;
            }
            let Some(&(_, h)) = verbs
                .iter()
                .filter(|(v, _)| v.abs_diff(i) <= WINDOW && *v != i)
                .min_by_key(|(v, _)| v.abs_diff(i))
            else {
                continue;
            };
            let mut start = i;
            while start > 0 {
                let p = &s[start - 1];
                if lex.modifiers.contains(p) || lex.heads.contains_key(p) {
                    start -= 1;
                } else {
                    break;
                }
            }
            let desc = s[start..=i].join(" ");
            let before = start.checked_sub(1).map(|j| s[j].as_str());
            let before = match before {
                Some(b) if SKIP.contains(&b) => start.checked_sub(2).map(|j| s[j].as_str()),
                b => b,
            };
            let number = match before {
                Some(b) if b.chars().all(|c| c.is_ascii_digit()) => b.to_string(),
                Some(b) if NUMBER_WORDS.contains(&b) => {
                    (NUMBER_WORDS.iter().position(|x| *x == b).unwrap_or(0) + 1).to_string()
                }
                _ if is_plural(w) => "PLURAL".to_string(),
                _ => "1".to_string(),
            };
            let name = names
                .iter()
                .zip(&name_words)
                .find(|(_, nw)| {
                    !nw.is_empty() && s.get(i + 1..i + 1 + nw.len()).is_some_and(|x| x == *nw)
                        || nw
                            .last()
                            .is_some_and(|l| s.get(i + 1).is_some_and(|x| x == l))
                })
                .map(|(n, _)| n.clone());
            if out.iter().any(|p| p.desc == desc) {
                continue;
            }
            out.push(Phrase {
                desc,
                head: w.clone(),
                name,
                htype: htype.clone(),
                number,
                verb: h,
            });
        }
    }
    out
}

/// The harm reported nearest to a name in the text (for a named victim's effect).
pub fn harm_of_name(text: &str, name: &str) -> Option<Harm> {
    let nw: Vec<&str> = name.split_whitespace().collect();
    let last = *nw.last()?;
    for s in sentences(text) {
        let Some(i) = s.iter().position(|w| w == last) else {
            continue;
        };
        let best = s
            .iter()
            .enumerate()
            .filter_map(|(j, w)| harm(w).map(|h| (j.abs_diff(i), h)))
            .filter(|(d, _)| *d <= WINDOW)
            .min_by_key(|(d, _)| *d);
        if let Some((_, h)) = best {
            return Some(h);
        }
    }
    None
}

/// The damage a verb reports nearest to a physical target's head word (its last word), in
/// the first sentence naming it with a damage verb at most [`WINDOW`] words away.
pub fn damage_of_thing(text: &str, thing: &str) -> Option<Damage> {
    let head = thing.split_whitespace().last()?.to_uppercase();
    for s in sentences(text) {
        let Some(i) = s.iter().position(|w| *w == head) else {
            continue;
        };
        let best = s
            .iter()
            .enumerate()
            .filter_map(|(j, w)| damage(w).map(|d| (j.abs_diff(i), d)))
            .filter(|(d, _)| *d <= WINDOW)
            .min_by_key(|(d, _)| *d);
        if let Some((_, d)) = best {
            return Some(d);
        }
    }
    None
}

/// The human-target type a name's description gives, when a lexicon head stands right
/// before the name in the text ("MAYOR JOSE ..." -> GOVERNMENT OFFICIAL).
pub fn type_of_name(text: &str, name: &str) -> Option<String> {
    let lex = lexicon();
    let first = name.split_whitespace().next()?;
    let len = name.split_whitespace().count();
    let sents = sentences(text);
    for s in &sents {
        for (i, w) in s.iter().enumerate().skip(1) {
            if w == first {
                if let Some(t) = lex.heads.get(&s[i - 1]) {
                    return Some(t.clone());
                }
            }
        }
    }
    // Else a head a few words before the name ("leader of the party, X") or in an
    // apposition after it ("X, the patriotic union's presidential candidate"): on the
    // tuning sets' matched templates, HUM TGT: TYPE right DEV 392 -> 407, TST1 24 -> 25,
    // TST2 36 -> 39.
    for s in &sents {
        for (i, w) in s.iter().enumerate() {
            if w != first {
                continue;
            }
            let before = s[i.saturating_sub(NAME_HEAD_BEFORE)..i].iter().rev();
            let after = s.iter().skip(i + len).take(NAME_HEAD_AFTER);
            if let Some(t) = before.chain(after).find_map(|w| lex.heads.get(w)) {
                return Some(t.clone());
            }
        }
    }
    None
}

/// How many words before a victim's name, and after it, may hold the head that types it.
const NAME_HEAD_BEFORE: usize = 5;
const NAME_HEAD_AFTER: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn described_victims_with_number_type_and_effect() {
        let d = described(
            "guerrillas killed two peasants and wounded a policeman in the town.",
            &[],
        );
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].desc, "PEASANTS");
        assert_eq!(d[0].number, "2");
        assert_eq!(d[0].htype, "CIVILIAN");
        assert_eq!(d[0].harm, Harm::Death);
        assert_eq!(d[1].desc, "POLICEMAN");
        assert_eq!(d[1].htype, "LAW ENFORCEMENT");
        assert_eq!(d[1].number, "1");
    }

    #[test]
    fn a_head_near_a_name_types_it() {
        let text = "unidentified men killed bernardo jaramillo, the patriotic union \
                    presidential candidate, at the airport.";
        assert_eq!(
            type_of_name(text, "BERNARDO JARAMILLO").as_deref(),
            Some("POLITICAL FIGURE")
        );
        assert_eq!(
            type_of_name("they killed juan perez at dawn.", "JUAN PEREZ"),
            None
        );
    }

    #[test]
    fn a_description_before_a_name_describes_it() {
        let d = described(
            "the guerrillas attacked the farm where president cerezo was staying.",
            &["CEREZO".to_string()],
        );
        assert_eq!(d[0].desc, "PRESIDENT");
        assert_eq!(d[0].name.as_deref(), Some("CEREZO"));
        assert_eq!(d[0].htype, "GOVERNMENT OFFICIAL");
    }

    #[test]
    fn the_same_people_twice_are_one_description() {
        let d = described(
            "six jesuit priests were murdered. the jesuits were killed at the university.",
            &[],
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].desc, "JESUIT PRIESTS");
    }

    #[test]
    fn a_title_alone_is_no_victim() {
        // "the president" speaks about the attack; a policeman (not a title) was hurt.
        let d = described(
            "the president said that a policeman was wounded in the attack.",
            &[],
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].desc, "POLICEMAN");
    }

    #[test]
    fn the_damage_nearest_a_things_head() {
        let t = "police said. the bomb destroyed two buses and damaged a store.";
        assert_eq!(damage_of_thing(t, "TWO BUSES"), Some(Damage::Destroyed));
        assert_eq!(damage_of_thing(t, "A STORE"), Some(Damage::Damaged));
        assert_eq!(damage_of_thing(t, "THE BRIDGE"), None);
    }

    #[test]
    fn damaged_things_with_number_and_effect() {
        let t = things("terrorists dynamited two power pylons and destroyed a bus.");
        let ids: Vec<&str> = t.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["POWER PYLONS", "BUS"]);
        assert_eq!(t[0].number, "2");
        assert_eq!(t[1].damage.effect(), Some("DESTROYED"));
        assert!(things("the bus arrived late.").is_empty());
    }

    #[test]
    fn no_description_without_a_harm_verb() {
        assert!(described("the peasants met the mayor yesterday.", &[]).is_empty());
    }

    #[test]
    fn a_named_victims_harm_and_type() {
        let t = "mayor jose perez was murdered yesterday. the police arrived.";
        assert_eq!(harm_of_name(t, "JOSE PEREZ"), Some(Harm::Death));
        assert_eq!(
            type_of_name(t, "JOSE PEREZ").as_deref(),
            Some("GOVERNMENT OFFICIAL")
        );
    }
}
