//! The 1992 scorer, reproduced: template mapping and slot scoring.
//!
//! **Templates.** A response template may map to a key template of its message only
//! when INCIDENT: TYPE matches at least partially and so does one of PERP: INDIVIDUAL ID,
//! PERP: ORGANIZATION ID, PHYS TGT: ID or TYPE, HUM TGT: NAME, DESCRIPTION or TYPE (the
//! configuration's `:restrict-map-slots`). Among the allowed mappings the scorer takes
//! the one with the most credit (COR + PAR/2 summed over the pair's slots). Mapped pairs
//! are scored slot by slot; a key template left unmapped is missing (all its fillers MIS),
//! unless it is `(OPTIONAL)`, when it does not count; a response template left unmapped is
//! spurious (all its fillers SPU), and so is every template for an irrelevant message.
//! Slots that are empty on both sides count NON once per template.
//!
//! **Fillers.** Within a slot each response filler is judged against each key filler:
//! * exactly equal to one of the key's alternatives (strings compared after dropping the
//!   configuration's leading premodifiers such as THE, SEVERAL, numbers up to ten): correct;
//! * otherwise, when the history file has a judgment for this response fill in this key
//!   template and slot, that judgment (counted ICR / IPA), against the key filler it names
//!   (several, for a distributed partial);
//! * otherwise set fills are scored automatically: a response that is an ancestor of the
//!   key's value in the slot's hierarchy (ATTACK for any incident type, GUN for MACHINE
//!   GUN, DESTROYED for SOME DAMAGE …) is partial; a right value with a cross-reference
//!   tag that does not name the key's referent is partial; anything else incorrect;
//! * what is left (strings, dates, locations, numbers nobody judged) goes to
//!   [`Unjudged`]: incorrect, or the documented automatic rule of [`auto_judge`].
//!
//! Response and key fillers are then paired for the most credit; pairs without credit and
//! leftover fillers on both sides are INC, the rest SPU (response) or MIS (key). A key
//! filler marked `?` counts only when a response filler earns credit for it.

use super::fill::{Filler, Message, Slot, SlotFill, SlotKind, Template, SCORED_SLOTS};
use super::history::{History, Judgment};
use super::report::{Report, Tally};

/// What to do with a string, date, location or number fill that matches no key
/// alternative exactly and that the history does not judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unjudged {
    /// Count it incorrect (what the 1992 guidelines say in doubt).
    Incorrect,
    /// Judge it with [`auto_judge`] (the default).
    #[default]
    Auto,
}

/// Options of the scorer.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreOptions {
    /// The rule for fills neither exact nor in the history.
    pub unjudged: Unjudged,
    /// How templates are mapped.
    pub mapping: Mapping,
}

/// How response templates are mapped to key templates (among the allowed pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mapping {
    /// Each response template in turn takes the unused key template with the most credit.
    GreedyResponse,
    /// Each key template in turn takes the unused response template with the most credit.
    GreedyKey,
    /// The mapping with the most credit in total (the default: closest to the official
    /// reports, see docs/benchmarks.md).
    #[default]
    Optimal,
}

/// The result of scoring a response file.
#[derive(Debug, Clone, Default)]
pub struct Scored {
    /// The whole report.
    pub report: Report,
    /// One section per template pair (as the 1992 reports list them), in key order.
    pub sections: Vec<PairSection>,
    /// Response fillers judged by the automatic rule (neither exact nor in the history).
    pub auto_judged: u32,
    /// Response templates of messages that are not in the key (not scored).
    pub unknown_messages: Vec<String>,
}

/// The slot tallies of one key template and the response template mapped to it.
#[derive(Debug, Clone)]
pub struct PairSection {
    /// The message id.
    pub message: String,
    /// The key template's number (`None`: a spurious response template).
    pub key: Option<String>,
    /// The response template's number (`None`: a missing key template).
    pub response: Option<String>,
    /// Tallies indexed by slot number (1 = template-id).
    pub slots: [Tally; 25],
}

/// Scores `response` against `key` with the given history.
pub fn score_messages(
    key: &[Message],
    response: &[Message],
    history: &History,
    opts: &ScoreOptions,
) -> Scored {
    let mut out = Scored::default();
    for km in key {
        let resp: &[Template] = response
            .iter()
            .find(|m| m.id == km.id)
            .map_or(&[], |m| &m.templates);
        let ctx = Ctx {
            history,
            opts,
            msg: &km.id,
        };
        out.auto_judged += score_message(
            &ctx,
            &km.templates,
            resp,
            &mut out.report,
            &mut out.sections,
        );
    }
    for rm in response {
        if !key.iter().any(|k| k.id == rm.id) {
            out.unknown_messages.push(rm.id.clone());
        }
    }
    out
}

struct Ctx<'a> {
    history: &'a History,
    opts: &'a ScoreOptions,
    msg: &'a str,
}

/// The slots of which one must match (at least partially) for a mapping.
const MAP_SLOTS: [Slot; 7] = [
    Slot::PhysTgtId,
    Slot::PhysTgtType,
    Slot::HumTgtName,
    Slot::HumTgtDesc,
    Slot::HumTgtType,
    Slot::PerpIndId,
    Slot::PerpOrgId,
];

/// Scores one message; returns the number of automatically judged fillers.
fn score_message(
    ctx: &Ctx,
    keys: &[Template],
    resps: &[Template],
    rep: &mut Report,
    sections: &mut Vec<PairSection>,
) -> u32 {
    // Score every pair, then map.
    let mut pair: Vec<Vec<Option<PairScore>>> = Vec::with_capacity(resps.len());
    let mut weights = Vec::with_capacity(resps.len());
    for r in resps {
        let mut row = Vec::with_capacity(keys.len());
        let mut wrow = Vec::with_capacity(keys.len());
        for k in keys {
            let ps = score_pair(ctx, k, r);
            let credit = |s: Slot| {
                let t = ps.slots[s as usize];
                t.cor + t.par > 0
            };
            // A partial owed only to a right set value whose tag names another referent
            // does not allow a mapping.
            let strict = |s: Slot| {
                let t = ps.slots[s as usize];
                t.cor + t.par > ps.weak[s as usize]
            };
            let allowed = credit(Slot::IncType) && MAP_SLOTS.iter().any(|&s| strict(s));
            wrow.push(if allowed { ps.credit() } else { 0.0 });
            row.push(allowed.then_some(ps));
        }
        pair.push(row);
        weights.push(wrow);
    }
    let mapping = match ctx.opts.mapping {
        Mapping::Optimal => max_matching(&weights),
        Mapping::GreedyResponse => greedy_rows(&weights),

        Mapping::GreedyKey => {
            let t = transpose(&weights, keys.len());
            let by_key = greedy_rows(&t);
            let mut out = vec![None; resps.len()];
            for (k, r) in by_key.iter().enumerate() {
                if let Some(r) = *r {
                    out[r] = Some(k);
                }
            }
            out
        }
    };
    let mut auto = 0;
    let mut key_used = vec![false; keys.len()];
    for (ri, r) in resps.iter().enumerate() {
        match mapping[ri].and_then(|ki| pair[ri][ki].take().map(|p| (ki, p))) {
            Some((ki, mut p)) => {
                key_used[ki] = true;
                auto += p.auto;
                p.slots[Slot::TemplateId as usize] = Tally {
                    pos: 1,
                    act: 1,
                    cor: 1,
                    ..Tally::default()
                };
                for s in std::iter::once(Slot::TemplateId).chain(SCORED_SLOTS) {
                    rep.slots[s as usize].matched += p.slots[s as usize];
                }
                sections.push(PairSection {
                    message: ctx.msg.to_string(),
                    key: Some(keys[ki].id.clone()),
                    response: Some(r.id.clone()),
                    slots: p.slots,
                });
            }
            None => {
                let mut slots = [Tally::default(); 25];
                slots[Slot::TemplateId as usize] = Tally {
                    act: 1,
                    spu: 1,
                    ..Tally::default()
                };
                for s in SCORED_SLOTS {
                    slots[s as usize] = one_sided(r.get(s), false);
                }
                for s in std::iter::once(Slot::TemplateId).chain(SCORED_SLOTS) {
                    rep.slots[s as usize].spurious += slots[s as usize];
                }
                sections.push(PairSection {
                    message: ctx.msg.to_string(),
                    key: None,
                    response: Some(r.id.clone()),
                    slots,
                });
            }
        }
    }
    for (ki, k) in keys.iter().enumerate() {
        if key_used[ki] || k.optional {
            continue;
        }
        let mut slots = [Tally::default(); 25];
        slots[Slot::TemplateId as usize] = Tally {
            pos: 1,
            mis: 1,
            ..Tally::default()
        };
        for s in SCORED_SLOTS {
            slots[s as usize] = one_sided(k.get(s), true);
        }
        for s in std::iter::once(Slot::TemplateId).chain(SCORED_SLOTS) {
            rep.slots[s as usize].missing += slots[s as usize];
        }
        sections.push(PairSection {
            message: ctx.msg.to_string(),
            key: Some(k.id.clone()),
            response: None,
            slots,
        });
    }
    auto
}

/// The tally of a slot of an unmapped template: every filler MIS (key) or SPU (response).
fn one_sided(fill: &SlotFill, key: bool) -> Tally {
    match fill {
        SlotFill::Fillers(f) => {
            let n = f.iter().filter(|x| !(key && x.optional)).count() as u32;
            if n == 0 {
                return Tally {
                    non: 1,
                    ..Tally::default()
                };
            }
            if key {
                Tally {
                    pos: n,
                    mis: n,
                    ..Tally::default()
                }
            } else {
                Tally {
                    act: n,
                    spu: n,
                    ..Tally::default()
                }
            }
        }
        _ => Tally {
            non: 1,
            ..Tally::default()
        },
    }
}

/// The slot tallies of a key/response pair.
#[derive(Debug, Clone)]
struct PairScore {
    slots: [Tally; 25],
    auto: u32,
    /// Per slot, partials owed only to a value whose tag names no key referent.
    weak: [u32; 25],
}

impl PairScore {
    fn credit(&self) -> f64 {
        SCORED_SLOTS
            .iter()
            .map(|&s| {
                let t = self.slots[s as usize];
                t.cor as f64 + t.par as f64 / 2.0
            })
            .sum()
    }
}

fn score_pair(ctx: &Ctx, key: &Template, resp: &Template) -> PairScore {
    let mut slots = [Tally::default(); 25];
    let mut weak = [0; 25];
    let mut auto = 0;
    for s in SCORED_SLOTS {
        let (t, a, w) = score_slot(ctx, key, resp, s);
        slots[s as usize] = t;
        weak[s as usize] = w;
        auto += a;
    }
    PairScore { slots, auto, weak }
}

/// A judgment of one response filler against one key filler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Incorrect.
    Inc,
    /// Partially correct.
    Par,
    /// Correct.
    Cor,
}

#[derive(Debug, Clone, Copy)]
struct J {
    mark: Mark,
    interactive: bool,
    auto: bool,
    /// A partial only for a tag that names no key referent (does not allow a mapping).
    weak: bool,
}

impl J {
    const INC: J = J {
        mark: Mark::Inc,
        interactive: false,
        auto: false,
        weak: false,
    };
    fn of(mark: Mark) -> J {
        J {
            mark,
            interactive: false,
            auto: false,
            weak: false,
        }
    }
    fn weight(self) -> f64 {
        match self.mark {
            Mark::Cor => 1.0,
            Mark::Par => 0.5,
            Mark::Inc => 0.0,
        }
    }
}

fn score_slot(ctx: &Ctx, key: &Template, resp: &Template, slot: Slot) -> (Tally, u32, u32) {
    // A key's `*` scores as `-`: a response filler there is spurious.
    let kf = key.get(slot).fillers();
    let rf = resp.get(slot).fillers();
    let required = kf.iter().filter(|f| !f.optional).count() as u32;
    if rf.is_empty() {
        return if required == 0 {
            (
                Tally {
                    non: 1,
                    ..Tally::default()
                },
                0,
                0,
            )
        } else {
            (
                Tally {
                    pos: required,
                    mis: required,
                    ..Tally::default()
                },
                0,
                0,
            )
        };
    }
    if kf.is_empty() {
        let n = rf.len() as u32;
        return (
            Tally {
                act: n,
                spu: n,
                ..Tally::default()
            },
            0,
            0,
        );
    }
    // Judge every response filler against every key filler.
    let mut judged: Vec<Vec<J>> = Vec::with_capacity(rf.len());
    let mut distributed: Vec<Option<Vec<usize>>> = vec![None; rf.len()];
    let mut auto_used = vec![false; rf.len()];
    for (ri, r) in rf.iter().enumerate() {
        let exact: Vec<bool> = kf.iter().map(|k| exact(slot, r, k)).collect();
        let mut row = Vec::with_capacity(kf.len());
        let decision = if exact.iter().any(|&e| e) {
            None
        } else {
            ctx.history.get(
                ctx.msg,
                &key.id,
                slot,
                &r.heads[0],
                r.refs.first().map(String::as_str),
            )
        };
        let named: Option<Vec<usize>> = decision.map(|d| {
            d.keys
                .iter()
                .filter_map(|kr| kf.iter().position(|k| kr.names(k)))
                .collect()
        });
        // A judgment naming a key filler this key does not have is treated as absent.
        let decision = match (decision, &named) {
            (Some(d), Some(n)) if d.judgment == Judgment::Fail || !n.is_empty() => Some(d),
            _ => None,
        };
        if let (Some(d), Some(n)) = (decision, &named) {
            if d.judgment == Judgment::Partial && n.len() > 1 {
                distributed[ri] = Some(n.clone());
            }
        }
        for (ki, k) in kf.iter().enumerate() {
            let j = if exact[ki] {
                J::of(Mark::Cor)
            } else if let Some(d) = decision {
                let hit = named.as_ref().is_some_and(|n| n.contains(&ki));
                match (d.judgment, hit) {
                    (Judgment::Match, true) => J {
                        mark: Mark::Cor,
                        interactive: true,
                        ..J::INC
                    },
                    (Judgment::Partial, true) => J {
                        mark: Mark::Par,
                        interactive: true,
                        ..J::INC
                    },
                    _ => J::INC,
                }
            } else {
                automatic(ctx, key, slot, r, k)
            };
            row.push(j);
        }
        judged.push(row);
    }
    let mut t = Tally::default();
    let mut key_taken = vec![false; kf.len()];
    let mut resp_taken = vec![false; rf.len()];
    // Distributed partials first: one response filler, partial credit for each key filler.
    for (ri, d) in distributed.iter().enumerate() {
        let Some(ks) = d else { continue };
        let ks: Vec<usize> = ks.iter().copied().filter(|&k| !key_taken[k]).collect();
        if ks.is_empty() {
            continue;
        }
        resp_taken[ri] = true;
        for k in ks {
            key_taken[k] = true;
            t.par += 1;
            t.ipa += 1;
        }
    }
    let rows: Vec<usize> = (0..rf.len()).filter(|&r| !resp_taken[r]).collect();
    let cols: Vec<usize> = (0..kf.len()).filter(|&k| !key_taken[k]).collect();
    // Fillers with cross-reference tags pair by their tags first: a response filler whose
    // tag names a key filler's referent is scored against that key filler.
    let w: Vec<Vec<f64>> = rows
        .iter()
        .map(|&r| {
            cols.iter()
                .map(|&k| {
                    let tagged = !kf[k].refs.is_empty()
                        && !rf[r].refs.is_empty()
                        && tag_ok(ctx, key, slot, &rf[r], &kf[k]);
                    judged[r][k].weight() + if tagged { 2.0 } else { 0.0 }
                })
                .collect()
        })
        .collect();
    let m = max_matching(&w);
    let mut weak = 0;
    for (i, &r) in rows.iter().enumerate() {
        let Some(c) = m[i] else { continue };
        let k = cols[c];
        let j = judged[r][k];
        resp_taken[r] = true;
        key_taken[k] = true;
        if j.auto {
            auto_used[r] = true;
        }
        if j.weak && j.mark == Mark::Par {
            weak += 1;
        }
        match j.mark {
            Mark::Cor => {
                t.cor += 1;
                t.icr += u32::from(j.interactive);
            }
            Mark::Par => {
                t.par += 1;
                t.ipa += u32::from(j.interactive);
            }
            Mark::Inc => t.inc += 1,
        }
    }
    let left_resp = resp_taken.iter().filter(|&&x| !x).count() as u32;
    let left_key = kf
        .iter()
        .zip(&key_taken)
        .filter(|(k, &taken)| !taken && !k.optional)
        .count() as u32;
    let inc = left_resp.min(left_key);
    t.inc += inc;
    t.spu += left_resp - inc;
    t.mis += left_key - inc;
    t.pos = t.cor + t.par + t.inc + t.mis;
    t.act = t.cor + t.par + t.inc + t.spu;
    let auto = auto_used.iter().filter(|&&x| x).count() as u32;
    (t, auto, weak)
}

/// The leading words the 1992 configuration ignores in string fills
/// (`:string-premodifiers`).
const PREMODIFIERS: [&str; 37] = [
    "A", "THE", "AN", "THIS", "THAT", "THESE", "THOSE", "ONE", "TWO", "THREE", "FOUR", "FIVE",
    "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
    "MORE", "MOST", "MANY", "SEVERAL", "SOME", "ALL", "FEW", "ANY", "ANOTHER", "OTHER",
];

/// A string fill without the premodifier words (CERTAIN and OF too), wherever they
/// stand: "THEIR TWO MAIDS" compares as "THEIR MAIDS".
pub fn strip_premodifiers(s: &str) -> String {
    s.split_whitespace()
        .filter(|w| !(PREMODIFIERS.contains(w) || *w == "CERTAIN" || *w == "OF"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn str_eq(a: &str, b: &str) -> bool {
    a == b || strip_premodifiers(a) == strip_premodifiers(b)
}

/// True when the response's tag names the key filler's referent: the same string, or one
/// the history judged a full match for it in a slot the tag points to.
fn tag_ok(ctx: &Ctx, key: &Template, slot: Slot, r: &Filler, k: &Filler) -> bool {
    if k.refs.is_empty() {
        return true;
    }
    let Some(rr) = r.refs.first() else {
        return false;
    };
    if k.refs.iter().any(|kr| str_eq(rr, kr)) {
        return true;
    }
    slot.xref_targets().iter().any(|&ts| {
        ctx.history
            .get(ctx.msg, &key.id, ts, rr, None)
            .is_some_and(|d| {
                d.judgment == Judgment::Match
                    && d.keys
                        .iter()
                        .any(|kr| kr.heads.iter().any(|h| k.refs.contains(h)))
            })
    })
}

fn exact(slot: Slot, r: &Filler, k: &Filler) -> bool {
    let head = &r.heads[0];
    let head_ok = match slot.kind() {
        SlotKind::Str => k.heads.iter().any(|h| str_eq(head, h)),
        // Two default-looking dates (`- D`) agree whatever their anchors, as the 1992
        // scorer had it.
        SlotKind::Date => {
            k.heads.contains(head)
                || (head.starts_with("- ") && k.heads.iter().any(|h| h.starts_with("- ")))
        }
        _ => k.heads.contains(head),
    };
    head_ok && (k.refs.is_empty() || tag_exact(r, k))
}

fn tag_exact(r: &Filler, k: &Filler) -> bool {
    r.refs
        .first()
        .is_some_and(|rr| k.refs.iter().any(|kr| str_eq(rr, kr)))
}

/// Scoring without a human: set-fill hierarchy and cross-reference rules, and
/// [`auto_judge`] for the rest when the options allow.
fn automatic(ctx: &Ctx, key: &Template, slot: Slot, r: &Filler, k: &Filler) -> J {
    let head = &r.heads[0];
    match slot.kind() {
        SlotKind::Set => {
            if k.heads.contains(head) {
                if tag_ok(ctx, key, slot, r, k) {
                    J::of(Mark::Cor)
                } else {
                    J {
                        weak: true,
                        ..J::of(Mark::Par)
                    }
                }
            } else if k.heads.iter().any(|h| is_ancestor(slot, head, h)) {
                J::of(Mark::Par)
            } else {
                J::INC
            }
        }
        SlotKind::Location
            if !head.contains(':')
                && k.heads.iter().any(|h| {
                    h.split(':').next().map(str::trim) == Some(head.as_str()) && h.contains(':')
                }) =>
        {
            // The right country and no specific place: partial, automatically.
            J::of(Mark::Par)
        }
        _ => {
            let head_ok = match slot.kind() {
                SlotKind::Str => k.heads.iter().any(|h| str_eq(head, h)),
                _ => k.heads.contains(head),
            };
            if head_ok && tag_ok(ctx, key, slot, r, k) {
                // The tag names the referent through a judged string.
                return J::of(Mark::Cor);
            }
            if ctx.opts.unjudged == Unjudged::Incorrect {
                return J::INC;
            }
            let mark = if head_ok {
                // The right value with a wrong or missing tag.
                Mark::Par
            } else {
                k.heads
                    .iter()
                    .map(|h| auto_judge(slot.kind(), head, h))
                    .max_by_key(|m| *m as u8)
                    .unwrap_or(Mark::Inc)
            };
            let mark = if mark == Mark::Cor && !tag_ok(ctx, key, slot, r, k) {
                Mark::Par
            } else {
                mark
            };
            J {
                mark,
                interactive: false,
                auto: true,
                weak: head_ok,
            }
        }
    }
}

/// The automatic rule for a fill neither exact nor judged by the history (documented in
/// docs/benchmarks.md, "MUC-4 in full"):
/// * strings: after dropping premodifiers, if one is the other's whole-word run of words
///   (the response adds modifiers or adjuncts, or gives part of a name) and the shorter
///   one keeps the key's last word (its head noun, or a name's surname): partial;
///   otherwise incorrect;
/// * dates: the same day written otherwise (`4 MAY 1988` for `04 MAY 88`): correct; a
///   single day that is an end of the key's range, or a `- D` fill whose D is the key's
///   day or upper end (and the reverse): partial;
/// * locations: the right country and a wrong or extra place: partial;
/// * numbers: a single number that is an end of the key's range or the key's `~N`: partial.
pub fn auto_judge(kind: SlotKind, resp: &str, key: &str) -> Mark {
    match kind {
        SlotKind::Str => {
            let r = words(&strip_premodifiers(resp));
            let k = words(&strip_premodifiers(key));
            if r.is_empty() || k.is_empty() {
                return Mark::Inc;
            }
            if r == k {
                return Mark::Cor;
            }
            let last = &k[k.len() - 1];
            let (short, long) = if r.len() < k.len() {
                (&r, &k)
            } else {
                (&k, &r)
            };
            if contains_run(long, short) && short.contains(last) {
                Mark::Par
            } else {
                Mark::Inc
            }
        }
        SlotKind::Date => {
            let (Some(r), Some(k)) = (parse_date_fill(resp), parse_date_fill(key)) else {
                return Mark::Inc;
            };
            if r == k {
                return Mark::Cor;
            }
            match (r, k) {
                ((Some(a), b), (Some(lo), hi)) if a == b && (a == lo || a == hi) => Mark::Par,
                ((Some(a), b), (None, hi)) if a == b && a <= hi => Mark::Par,
                ((None, b), (_, hi)) if b == hi => Mark::Par,
                _ => Mark::Inc,
            }
        }
        SlotKind::Location => {
            let country = |s: &str| s.split(':').next().unwrap_or("").trim().to_string();
            if country(resp) == country(key) {
                Mark::Par
            } else {
                Mark::Inc
            }
        }
        SlotKind::Number => {
            let Ok(n) = resp.trim().parse::<u32>() else {
                return Mark::Inc;
            };
            let k = key.replace(' ', "");
            let approx = k.strip_prefix('~').and_then(|x| x.parse::<u32>().ok());
            let ends: Vec<u32> = k.split('-').filter_map(|x| x.parse().ok()).collect();
            if approx == Some(n) || (k.contains('-') && ends.contains(&n)) {
                Mark::Par
            } else {
                Mark::Inc
            }
        }
        _ => Mark::Inc,
    }
}

/// The words of a string fill, each without a plural `S` (`TERRORISTS` = `TERRORIST`).
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w.strip_suffix('S') {
            Some(stem) if stem.len() >= 3 && !stem.ends_with('S') => stem.to_string(),
            _ => w.to_string(),
        })
        .collect()
}

fn contains_run(long: &[String], short: &[String]) -> bool {
    !short.is_empty() && long.windows(short.len()).any(|w| w == short)
}

/// A date fill as (first day, last day), days counted from year 0 (`- D` has no first).
fn parse_date_fill(s: &str) -> Option<(Option<u32>, u32)> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('-') {
        return Some((None, parse_day(rest)?));
    }
    match s.find(" - ") {
        Some(i) => Some((Some(parse_day(&s[..i])?), parse_day(&s[i + 3..])?)),
        None => {
            let d = parse_day(s)?;
            Some((Some(d), d))
        }
    }
}

fn parse_day(s: &str) -> Option<u32> {
    let w: Vec<&str> = s.split_whitespace().collect();
    if w.len() != 3 {
        return None;
    }
    let day: u32 = w[0].parse().ok()?;
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let month = MONTHS.iter().position(|m| w[1].starts_with(m))? as u32;
    let year: u32 = w[2].parse().ok()?;
    Some((year % 100) * 400 + month * 32 + day)
}

/// Proper-ancestor relation of the slot's set-fill hierarchy (slotconfig-tst*.el).
fn is_ancestor(slot: Slot, anc: &str, value: &str) -> bool {
    let mut cur = value;
    while let Some(p) = parent(slot, cur) {
        if p == anc {
            return true;
        }
        cur = p;
    }
    false
}

fn parent(slot: Slot, v: &str) -> Option<&'static str> {
    Some(match (slot, v) {
        (Slot::IncType, "ATTACK") => return None,
        (Slot::IncType, _) => "ATTACK",
        (Slot::IncInstrType, "MACHINE GUN" | "MORTAR" | "HANDGUN" | "RIFLE") => "GUN",
        (Slot::IncInstrType, "BOMB" | "GRENADE" | "MOLOTOV COCKTAIL") => "EXPLOSIVE",
        (Slot::IncInstrType, "VEHICLE BOMB" | "DYNAMITE" | "MINE" | "AERIAL BOMB") => "BOMB",
        (Slot::IncInstrType, "MISSILE" | "ROCKET") => "PROJECTILE",
        (Slot::PerpOrgConf, "SUSPECTED OR ACCUSED BY AUTHORITIES") => "SUSPECTED OR ACCUSED",
        (Slot::PhysTgtType, "GOVERNMENT OFFICE OR RESIDENCE") => {
            "POLITICAL FIGURE OFFICE OR RESIDENCE"
        }
        (Slot::PhysTgtEffect, "SOME DAMAGE") => "DESTROYED",
        (Slot::HumTgtType, "GOVERNMENT OFFICIAL") => "POLITICAL FIGURE",
        (Slot::HumTgtType, "FORMER GOVERNMENT OFFICIAL") => "GOVERNMENT OFFICIAL",
        (Slot::HumTgtType, "FORMER ACTIVE MILITARY") => "ACTIVE MILITARY",
        (Slot::HumTgtEffect, "NO DEATH") => "NO INJURY",
        (Slot::HumTgtEffect, "NO INJURY OR DEATH") => "NO DEATH",
        _ => return None,
    })
}

fn transpose(w: &[Vec<f64>], m: usize) -> Vec<Vec<f64>> {
    (0..m)
        .map(|j| w.iter().map(|row| row[j]).collect())
        .collect()
}

/// Rows in order, each taking the free column of highest positive weight (first on ties).
fn greedy_rows(w: &[Vec<f64>]) -> Vec<Option<usize>> {
    let m = w.first().map_or(0, Vec::len);
    let mut used = vec![false; m];
    w.iter()
        .map(|row| {
            let mut best: Option<usize> = None;
            for (j, &v) in row.iter().enumerate() {
                if v > 0.0 && !used[j] && best.is_none_or(|b| v > row[b]) {
                    best = Some(j);
                }
            }
            if let Some(b) = best {
                used[b] = true;
            }
            best
        })
        .collect()
}

/// A maximum-weight matching of rows to columns over the positive weights (exact for up
/// to 16 on the smaller side, greedy beyond). Returns each row's column.
pub(crate) fn max_matching(w: &[Vec<f64>]) -> Vec<Option<usize>> {
    let n = w.len();
    let m = w.first().map_or(0, Vec::len);
    if n == 0 || m == 0 {
        return vec![None; n];
    }
    if m <= 16 {
        return dp_matching(w, n, m);
    }
    if n <= 16 {
        let t: Vec<Vec<f64>> = (0..m).map(|j| (0..n).map(|i| w[i][j]).collect()).collect();
        let cols = dp_matching(&t, m, n);
        let mut out = vec![None; n];
        for (j, i) in cols.iter().enumerate() {
            if let Some(i) = *i {
                out[i] = Some(j);
            }
        }
        return out;
    }
    // Greedy: highest weights first, in reading order.
    let mut edges: Vec<(usize, usize)> = (0..n)
        .flat_map(|i| (0..m).map(move |j| (i, j)))
        .filter(|&(i, j)| w[i][j] > 0.0)
        .collect();
    edges.sort_by(|a, b| w[b.0][b.1].total_cmp(&w[a.0][a.1]));
    let mut out = vec![None; n];
    let mut used = vec![false; m];
    for (i, j) in edges {
        if out[i].is_none() && !used[j] {
            out[i] = Some(j);
            used[j] = true;
        }
    }
    out
}

fn dp_matching(w: &[Vec<f64>], n: usize, m: usize) -> Vec<Option<usize>> {
    let states = 1usize << m;
    let mut best = vec![f64::NEG_INFINITY; states];
    best[0] = 0.0;
    // choice[i][mask]: the column row i took to reach mask (m = none).
    let mut choice = vec![vec![u8::MAX; states]; n];
    for (i, row) in w.iter().enumerate() {
        let mut next = best.clone();
        for (mask, &b) in best.iter().enumerate() {
            if b == f64::NEG_INFINITY {
                continue;
            }
            for (j, &wij) in row.iter().enumerate() {
                if wij <= 0.0 || mask & (1 << j) != 0 {
                    continue;
                }
                let nm = mask | (1 << j);
                let v = b + wij;
                if v > next[nm] + 1e-9 {
                    next[nm] = v;
                    choice[i][nm] = j as u8;
                }
            }
        }
        // Entries not improved keep "row i unassigned" (u8::MAX), reached from the same mask.
        best = next;
    }
    let mut mask = (0..states)
        .max_by(|&a, &b| best[a].total_cmp(&best[b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let mut out = vec![None; n];
    for i in (0..n).rev() {
        let c = choice[i][mask];
        if c != u8::MAX {
            out[i] = Some(c as usize);
            mask &= !(1 << c);
        }
    }
    let _ = m;
    out
}

#[cfg(test)]
mod tests {
    use super::super::fill::parse_templates;
    use super::*;

    #[test]
    fn matching_is_optimal_not_greedy() {
        // Greedy would give row 0 column 0 and leave row 1 with nothing.
        let w = vec![vec![1.0, 0.5], vec![1.0, 0.0]];
        assert_eq!(max_matching(&w), vec![Some(1), Some(0)]);
        assert_eq!(max_matching(&[vec![0.0]]), vec![None]);
    }

    #[test]
    fn premodifiers_are_ignored() {
        assert_eq!(strip_premodifiers("THE 3 PEASANTS"), "PEASANTS");
        assert_eq!(strip_premodifiers("SOME OF THE JUDGES"), "JUDGES");
        assert_eq!(strip_premodifiers("THEIR TWO MAIDS"), "THEIR MAIDS");
        assert!(str_eq("THE PEASANTS", "PEASANTS"));
        assert!(!str_eq("THEIR MAIDS", "MAIDS"));
    }

    #[test]
    fn the_automatic_rule_for_unjudged_fills() {
        use SlotKind::*;
        assert_eq!(
            auto_judge(Str, "TORRES", "ALBERTO ROBERTO TORRES"),
            Mark::Par
        );
        assert_eq!(
            auto_judge(Str, "ALBERTO", "ALBERTO ROBERTO TORRES"),
            Mark::Inc
        );
        assert_eq!(
            auto_judge(Str, "PEASANTS WHO WERE KILLED", "PEASANTS"),
            Mark::Par
        );
        assert_eq!(auto_judge(Str, "SOLDIERS", "PEASANTS"), Mark::Inc);
        assert_eq!(auto_judge(Date, "4 MAY 1988", "04 MAY 88"), Mark::Cor);
        assert_eq!(
            auto_judge(Date, "26 AUG 89", "25 AUG 89 - 26 AUG 89"),
            Mark::Par
        );
        assert_eq!(auto_judge(Date, "25 AUG 89", "- 26 AUG 89"), Mark::Par);
        assert_eq!(auto_judge(Date, "- 26 AUG 89", "26 AUG 89"), Mark::Par);
        assert_eq!(auto_judge(Date, "- 26 AUG 89", "16 AUG 89"), Mark::Inc);
        assert_eq!(auto_judge(Number, "7", "5 - 7"), Mark::Par);
        assert_eq!(auto_judge(Number, "7", "~7"), Mark::Par);
        assert_eq!(auto_judge(Number, "6", "5 - 7"), Mark::Inc);
        assert_eq!(
            auto_judge(
                Location,
                "COLOMBIA: CALI (CITY)",
                "COLOMBIA: MEDELLIN (CITY)"
            ),
            Mark::Par
        );
    }

    fn template(body: &str) -> String {
        format!("0.  MESSAGE: ID                    TST3-MUC4-0001\n{body}\n")
    }

    #[test]
    fn scores_a_message_slot_by_slot() {
        let key = parse_templates(&template(
            "1.  MESSAGE: TEMPLATE              1\n\
             2.  INCIDENT: DATE                 - 26 AUG 89\n\
             3.  INCIDENT: LOCATION             COLOMBIA: MEDELLIN (CITY)\n\
             4.  INCIDENT: TYPE                 BOMBING\n\
             7.  INCIDENT: INSTRUMENT TYPE      MACHINE GUN: \"AK-47\"\n\
             9.  PERP: INDIVIDUAL ID            \"URBAN GUERRILLAS\"\n\
                                                ? \"TERRORISTS\"\n\
             19. HUM TGT: DESCRIPTION           \"PEASANTS\"\n\
                                                \"JUDGES\"\n\
             20. HUM TGT: TYPE                  CIVILIAN: \"PEASANTS\"\n\
                                                LEGAL OR JUDICIAL: \"JUDGES\"",
        ))
        .unwrap();
        let resp = parse_templates(&template(
            "1.  MESSAGE: TEMPLATE              1\n\
             3.  INCIDENT: LOCATION             COLOMBIA\n\
             4.  INCIDENT: TYPE                 ATTACK\n\
             5.  INCIDENT: STAGE OF EXECUTION   ACCOMPLISHED\n\
             7.  INCIDENT: INSTRUMENT TYPE      GUN: \"AK-47\"\n\
             9.  PERP: INDIVIDUAL ID            \"THE URBAN GUERRILLAS\"\n\
             19. HUM TGT: DESCRIPTION           \"THE 3 PEASANTS\"\n\
             20. HUM TGT: TYPE                  CIVILIAN: \"JUDGES\"\n\
                                                LEGAL OR JUDICIAL: \"JUDGES\"",
        ))
        .unwrap();
        let s = score_messages(&key, &resp, &History::empty(), &ScoreOptions::default());
        let r = &s.report;
        let row = |slot| r.slot(slot);
        assert_eq!(row(Slot::TemplateId).cor, 1);
        assert_eq!((row(Slot::IncDate).pos, row(Slot::IncDate).mis), (1, 1));
        assert_eq!(row(Slot::IncLoc).par, 1, "country only: partial");
        assert_eq!(row(Slot::IncType).par, 1, "ATTACK for BOMBING: partial");
        assert_eq!(row(Slot::IncStage).spu, 1);
        assert_eq!(
            row(Slot::IncInstrType).par,
            1,
            "GUN for MACHINE GUN: partial"
        );
        let perp = row(Slot::PerpIndId);
        assert_eq!(
            (perp.pos, perp.cor),
            (1, 1),
            "optional key filler not missed"
        );
        let desc = row(Slot::HumTgtDesc);
        assert_eq!((desc.pos, desc.act, desc.cor, desc.mis), (2, 1, 1, 1));
        let ty = row(Slot::HumTgtType);
        assert_eq!((ty.cor, ty.par), (1, 1), "right type, wrong tag: partial");
        assert_eq!(row(Slot::PhysTgtId).non, 1);
    }

    #[test]
    fn unmapped_templates_are_missing_or_spurious() {
        let key = parse_templates(&template(
            "1.  MESSAGE: TEMPLATE              1\n\
             4.  INCIDENT: TYPE                 KIDNAPPING\n\
             18. HUM TGT: NAME                  \"JUAN PEREZ\"\n\n\
             0.  MESSAGE: ID                    TST3-MUC4-0001\n\
             1.  MESSAGE: TEMPLATE              2 (OPTIONAL)\n\
             4.  INCIDENT: TYPE                 ARSON\n\
             12. PHYS TGT: ID                   \"BUS\"",
        ))
        .unwrap();
        let resp = parse_templates(&template(
            "1.  MESSAGE: TEMPLATE              1\n\
             4.  INCIDENT: TYPE                 BOMBING\n\
             18. HUM TGT: NAME                  \"JUAN PEREZ\"",
        ))
        .unwrap();
        let s = score_messages(&key, &resp, &History::empty(), &ScoreOptions::default());
        let tid = s.report.slot(Slot::TemplateId);
        assert_eq!(
            (tid.pos, tid.act, tid.cor, tid.spu, tid.mis),
            (1, 1, 0, 1, 1)
        );
        let name = s.report.slot(Slot::HumTgtName);
        assert_eq!((name.pos, name.act, name.spu, name.mis), (1, 1, 1, 1));
        assert_eq!(
            s.report.slot(Slot::PhysTgtId).pos,
            0,
            "optional template not counted"
        );
    }
}
