//! The two MUC-4 scorers, as METRICS_AND_RESULTS.md §2–§3 define them:
//! the GTT template scorer ([`score_gtt`]) and CEAF-REE ([`score_ceaf_ree`]).

use std::fmt;

use crate::data::{Muc4Doc, RoleFillerDoc, ROLES};
use crate::error::Muc4Error;
use crate::normalize::normalize;
use crate::preds::{DocPrediction, PredEntity, PredTemplate, Predictions};

/// Numerators and denominators of precision and recall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Correct predicted items.
    pub p_num: u64,
    /// Predicted items.
    pub p_den: u64,
    /// Gold items found.
    pub r_num: u64,
    /// Gold items.
    pub r_den: u64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.p_num += o.p_num;
        self.p_den += o.p_den;
        self.r_num += o.r_num;
        self.r_den += o.r_den;
    }

    /// Precision in [0, 1] (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.p_den == 0 {
            0.0
        } else {
            self.p_num as f64 / self.p_den as f64
        }
    }

    /// Recall in [0, 1] (0 when there is no gold item).
    pub fn recall(&self) -> f64 {
        if self.r_den == 0 {
            0.0
        } else {
            self.r_num as f64 / self.r_den as f64
        }
    }

    /// F1 in [0, 1] (0 when precision + recall is 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Which scorer produced a [`Report`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// GTT template scorer (micro over incident type + 5 roles).
    GttTemplate,
    /// CEAF-REE with phi_strict (micro over 5 roles).
    CeafRee,
}

/// A score: per-key counts and the micro average.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The scorer.
    pub metric: Metric,
    /// `(key, counts)` per key: `incident_type` (GTT only) then the 5 roles.
    pub rows: Vec<(String, Counts)>,
    /// Counts summed over all rows.
    pub micro: Counts,
    /// Documents scored.
    pub n_docs: usize,
    /// Documents whose mapping search was too large and fell back to a greedy mapping
    /// (GTT scorer only; 0 on the published test predictions).
    pub approximate_docs: usize,
}

impl Report {
    /// The counts of one key (`"incident_type"`, `"PerpInd"`, …, or `"micro_avg"`).
    pub fn get(&self, key: &str) -> Option<Counts> {
        if key == "micro_avg" {
            return Some(self.micro);
        }
        self.rows.iter().find(|(k, _)| k == key).map(|(_, c)| *c)
    }

    /// Micro F1 in percent.
    pub fn micro_f1(&self) -> f64 {
        self.micro.f1() * 100.0
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.metric {
            Metric::GttTemplate => "GTT template scorer",
            Metric::CeafRee => "CEAF-REE (phi_strict)",
        };
        writeln!(f, "{name}, {} documents", self.n_docs)?;
        writeln!(
            f,
            "{:<14} {:>7} {:>7} {:>7}   {:>11} {:>11}",
            "key", "P", "R", "F1", "p_num/den", "r_num/den"
        )?;
        let rows = self
            .rows
            .iter()
            .map(|(k, c)| (k.as_str(), c))
            .chain(std::iter::once(("micro_avg", &self.micro)));
        for (k, c) in rows {
            writeln!(
                f,
                "{:<14} {:>7.2} {:>7.2} {:>7.2}   {:>5}/{:<5} {:>5}/{:<5}",
                k,
                c.precision() * 100.0,
                c.recall() * 100.0,
                c.f1() * 100.0,
                c.p_num,
                c.p_den,
                c.r_num,
                c.r_den
            )?;
        }
        if self.approximate_docs > 0 {
            writeln!(
                f,
                "({} documents scored with a greedy mapping: search too large)",
                self.approximate_docs
            )?;
        }
        Ok(())
    }
}

/// A normalised entity: its mention strings.
type NEntity = Vec<String>;

fn norm_pred(es: &[PredEntity]) -> Vec<NEntity> {
    es.iter()
        .map(|e| e.iter().map(|m| normalize(&m.text)).collect())
        .collect()
}

/// `p ⊆ g` on normalised mention strings (phi_strict).
fn subset(p: &NEntity, g: &NEntity) -> bool {
    p.iter().all(|m| g.contains(m))
}

/// Size of a maximum bipartite matching (= max-weight assignment for 0/1 weights).
fn max_matching(adj: &[Vec<bool>], n_right: usize) -> u64 {
    fn augment(
        u: usize,
        adj: &[Vec<bool>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for v in 0..seen.len() {
            if adj.get(u).and_then(|r| r.get(v)).copied().unwrap_or(false) && !seen[v] {
                seen[v] = true;
                let free = match owner[v] {
                    None => true,
                    Some(w) => augment(w, adj, seen, owner),
                };
                if free {
                    owner[v] = Some(u);
                    return true;
                }
            }
        }
        false
    }
    let mut owner = vec![None; n_right];
    let mut total = 0;
    for u in 0..adj.len() {
        let mut seen = vec![false; n_right];
        if augment(u, adj, &mut seen, &mut owner) {
            total += 1;
        }
    }
    total
}

/// CEAF-REE (GRIT, METRICS_AND_RESULTS.md §2): per document and role, a one-to-one
/// assignment between gold and predicted entities with phi_strict similarity; micro
/// over the 5 roles. Predicted entities with no mention are dropped; documents missing
/// from `preds` count as predicting nothing.
pub fn score_ceaf_ree(gold: &[RoleFillerDoc], preds: &Predictions) -> Result<Report, Muc4Error> {
    let mut rows = [Counts::default(); 5];
    let empty = DocPrediction::default();
    for doc in gold {
        let key = crate::data::docid_to_key(&doc.docid)?;
        let extracts = preds.get(&key).unwrap_or(&empty).extracts();
        for role in ROLES {
            let g: Vec<NEntity> = doc.extracts[role.index()]
                .iter()
                .filter(|e| !e.is_empty())
                .map(|e| e.iter().map(|m| normalize(&m.text)).collect())
                .collect();
            let p: Vec<NEntity> = norm_pred(&extracts[role.index()])
                .into_iter()
                .filter(|e| !e.is_empty())
                .collect();
            let adj: Vec<Vec<bool>> = g
                .iter()
                .map(|ge| p.iter().map(|pe| subset(pe, ge)).collect())
                .collect();
            let s = max_matching(&adj, p.len());
            let c = &mut rows[role.index()];
            c.p_num += s;
            c.r_num += s;
            c.p_den += p.len() as u64;
            c.r_den += g.len() as u64;
        }
    }
    let mut micro = Counts::default();
    for c in &rows {
        micro.add(c);
    }
    Ok(Report {
        metric: Metric::CeafRee,
        rows: ROLES
            .iter()
            .map(|r| (r.key().to_string(), rows[r.index()]))
            .collect(),
        micro,
        n_docs: gold.len(),
        approximate_docs: 0,
    })
}

/// A template with normalised entities.
#[derive(Debug, Clone, PartialEq)]
struct NTemplate {
    incident_type: String,
    roles: [Vec<NEntity>; 5],
}

/// Per-key counts of a document under one mapping: index 0 = incident type, 1..=5 roles.
type KeyCounts = [Counts; 6];

fn doc_f1(kc: &KeyCounts) -> f64 {
    let mut m = Counts::default();
    for c in kc {
        m.add(c);
    }
    m.f1()
}

fn add_kc(a: &mut KeyCounts, b: &KeyCounts) {
    for (x, y) in a.iter_mut().zip(b) {
        x.add(y);
    }
}

fn unmatched_pred(p: &NTemplate) -> KeyCounts {
    let mut kc = KeyCounts::default();
    kc[0].p_den = 1;
    for r in 0..5 {
        kc[r + 1].p_den = p.roles[r].len() as u64;
    }
    kc
}

fn unmatched_gold(g: &NTemplate) -> KeyCounts {
    let mut kc = KeyCounts::default();
    kc[0].r_den = 1;
    for r in 0..5 {
        kc[r + 1].r_den = g.roles[r].len() as u64;
    }
    kc
}

fn pair_counts(p: &NTemplate, g: &NTemplate) -> Option<KeyCounts> {
    if !g.incident_type.contains(p.incident_type.as_str()) {
        return None;
    }
    let mut kc = KeyCounts::default();
    kc[0] = Counts {
        p_num: 1,
        p_den: 1,
        r_num: 1,
        r_den: 1,
    };
    for r in 0..5 {
        let (ps, gs) = (&p.roles[r], &g.roles[r]);
        let c = &mut kc[r + 1];
        c.p_den = ps.len() as u64;
        c.r_den = gs.len() as u64;
        c.p_num = ps
            .iter()
            .filter(|pe| gs.iter().any(|ge| subset(pe, ge)))
            .count() as u64;
        c.r_num = gs
            .iter()
            .filter(|ge| ps.iter().any(|pe| subset(pe, ge)))
            .count() as u64;
    }
    Some(kc)
}

/// Upper bound on the mappings enumerated per document before falling back to greedy.
const MAX_MAPPINGS: u64 = 3_000_000;

fn n_injective(n_pred: usize, n_gold: usize) -> u64 {
    // Σ_k C(P,k) · G!/(G-k)!, saturating.
    let mut total: u64 = 0;
    for k in 0..=n_pred.min(n_gold) {
        let mut c: u64 = 1;
        for i in 0..k {
            c = c.saturating_mul((n_pred - i) as u64) / (i as u64 + 1);
        }
        let mut perm: u64 = 1;
        for i in 0..k {
            perm = perm.saturating_mul((n_gold - i) as u64);
        }
        total = total.saturating_add(c.saturating_mul(perm));
    }
    total
}

struct Search<'a> {
    pair: &'a [Vec<Option<KeyCounts>>],
    unp: &'a [KeyCounts],
    ung: &'a [KeyCounts],
    n_gold: usize,
    best_f1: f64,
    best: KeyCounts,
    used: Vec<bool>,
    assign: Vec<Option<usize>>,
}

impl Search<'_> {
    /// Enumerate assignments in `itertools.product` order: for each predicted template the
    /// gold templates 0..G first, then "unmapped" last.
    fn run(&mut self, i: usize) {
        if i == self.assign.len() {
            let kc = self.evaluate();
            let f = doc_f1(&kc);
            if f > self.best_f1 {
                self.best_f1 = f;
                self.best = kc;
            }
            return;
        }
        for g in 0..self.n_gold {
            if self.used[g] {
                continue;
            }
            self.used[g] = true;
            self.assign[i] = Some(g);
            self.run(i + 1);
            self.used[g] = false;
        }
        self.assign[i] = None;
        self.run(i + 1);
    }

    fn evaluate(&self) -> KeyCounts {
        evaluate(&self.assign, self.pair, self.unp, self.ung)
    }
}

/// Counts of a document under one assignment of predicted templates to gold templates.
fn evaluate(
    assign: &[Option<usize>],
    pair: &[Vec<Option<KeyCounts>>],
    unp: &[KeyCounts],
    ung: &[KeyCounts],
) -> KeyCounts {
    let mut kc = KeyCounts::default();
    let mut gold_hit = vec![false; ung.len()];
    for (p, a) in assign.iter().enumerate() {
        let counted = a.and_then(|g| {
            pair.get(p)
                .and_then(|row| row.get(g))
                .and_then(|c| c.as_ref())
                .map(|c| (g, c))
        });
        match counted {
            Some((g, c)) => {
                if let Some(h) = gold_hit.get_mut(g) {
                    *h = true;
                }
                add_kc(&mut kc, c);
            }
            None => {
                if let Some(u) = unp.get(p) {
                    add_kc(&mut kc, u);
                }
            }
        }
    }
    for (hit, u) in gold_hit.iter().zip(ung) {
        if !hit {
            add_kc(&mut kc, u);
        }
    }
    kc
}

/// Greedy fallback for huge documents: repeatedly add the (pred, gold) pair that most
/// improves the document F1 until nothing improves.
fn greedy(pair: &[Vec<Option<KeyCounts>>], unp: &[KeyCounts], ung: &[KeyCounts]) -> KeyCounts {
    let mut assign: Vec<Option<usize>> = vec![None; unp.len()];
    let mut cur = evaluate(&assign, pair, unp, ung);
    loop {
        let cur_f1 = doc_f1(&cur);
        let mut best: Option<(f64, usize, usize)> = None;
        for (p, row) in pair.iter().enumerate() {
            if assign.get(p).is_some_and(Option::is_some) {
                continue;
            }
            for (g, c) in row.iter().enumerate() {
                if c.is_none() || assign.contains(&Some(g)) {
                    continue;
                }
                let mut trial = assign.clone();
                trial[p] = Some(g);
                let f = doc_f1(&evaluate(&trial, pair, unp, ung));
                if f > cur_f1 && best.is_none_or(|(bf, _, _)| f > bf) {
                    best = Some((f, p, g));
                }
            }
        }
        match best {
            Some((_, p, g)) => {
                assign[p] = Some(g);
                cur = evaluate(&assign, pair, unp, ung);
            }
            None => return cur,
        }
    }
}

fn normalise_template(t: &PredTemplate) -> NTemplate {
    NTemplate {
        incident_type: t.incident_type.clone(),
        roles: std::array::from_fn(|r| norm_pred(&t.roles[r])),
    }
}

/// The GTT template scorer (METRICS_AND_RESULTS.md §3): per document, the best injective
/// partial mapping of predicted to gold templates (substring incident-type test, first
/// mapping wins ties), micro over incident type + 5 roles. Gold templates are deduplicated
/// after normalisation; documents missing from `preds` predict no template.
pub fn score_gtt(gold: &[Muc4Doc], preds: &Predictions) -> Result<Report, Muc4Error> {
    let mut total = KeyCounts::default();
    let mut approximate_docs = 0;
    for doc in gold {
        let key = crate::data::docid_to_key(&doc.docid)?;
        let mut golds: Vec<NTemplate> = Vec::new();
        for t in &doc.templates {
            let nt = NTemplate {
                incident_type: t.incident_type.clone(),
                roles: std::array::from_fn(|r| {
                    t.roles[r]
                        .iter()
                        .filter(|e| !e.is_empty())
                        .map(|e| e.iter().map(|m| normalize(&m.text)).collect())
                        .collect()
                }),
            };
            if !golds.contains(&nt) {
                golds.push(nt);
            }
        }
        let predicted: Vec<NTemplate> = preds
            .get(&key)
            .and_then(|d| d.pred_templates.as_ref())
            .map(|ts| ts.iter().map(normalise_template).collect())
            .unwrap_or_default();
        let pair: Vec<Vec<Option<KeyCounts>>> = predicted
            .iter()
            .map(|p| golds.iter().map(|g| pair_counts(p, g)).collect())
            .collect();
        let unp: Vec<KeyCounts> = predicted.iter().map(unmatched_pred).collect();
        let ung: Vec<KeyCounts> = golds.iter().map(unmatched_gold).collect();
        let best = if n_injective(predicted.len(), golds.len()) > MAX_MAPPINGS {
            approximate_docs += 1;
            greedy(&pair, &unp, &ung)
        } else {
            let mut s = Search {
                pair: &pair,
                unp: &unp,
                ung: &ung,
                n_gold: golds.len(),
                best_f1: -1.0,
                best: KeyCounts::default(),
                used: vec![false; golds.len()],
                assign: vec![None; predicted.len()],
            };
            s.run(0);
            s.best
        };
        add_kc(&mut total, &best);
    }
    let mut micro = Counts::default();
    for c in &total {
        micro.add(c);
    }
    let mut rows = vec![("incident_type".to_string(), total[0])];
    rows.extend(
        ROLES
            .iter()
            .map(|r| (r.key().to_string(), total[r.index() + 1])),
    );
    Ok(Report {
        metric: Metric::GttTemplate,
        rows,
        micro,
        n_docs: gold.len(),
        approximate_docs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{GoldTemplate, Mention, Role};
    use crate::preds::{PredMention, PredTemplate};

    fn gent(ms: &[&str]) -> Vec<Mention> {
        ms.iter()
            .map(|m| Mention {
                text: m.to_string(),
                offset: 0,
            })
            .collect()
    }

    fn pent(ms: &[&str]) -> PredEntity {
        ms.iter().map(|m| PredMention::new(*m)).collect()
    }

    fn gold_doc(id: &str, templates: Vec<GoldTemplate>) -> Muc4Doc {
        Muc4Doc {
            docid: id.into(),
            doctext: String::new(),
            templates,
        }
    }

    fn gtemp(ty: &str, role: Role, ents: &[&[&str]]) -> GoldTemplate {
        let mut roles: [Vec<Vec<Mention>>; 5] = Default::default();
        roles[role.index()] = ents.iter().map(|e| gent(e)).collect();
        GoldTemplate {
            incident_type: ty.into(),
            roles,
        }
    }

    fn ptemp(ty: &str, role: Role, ents: &[&[&str]]) -> PredTemplate {
        let mut roles: [Vec<PredEntity>; 5] = Default::default();
        roles[role.index()] = ents.iter().map(|e| pent(e)).collect();
        PredTemplate {
            incident_type: ty.into(),
            roles,
        }
    }

    fn preds_of(key: u64, ts: Vec<PredTemplate>) -> Predictions {
        let mut p = Predictions::new();
        p.insert(key, DocPrediction::from_templates(ts));
        p
    }

    #[test]
    fn ceaf_ree_is_one_to_one() {
        let gold = vec![RoleFillerDoc {
            docid: "TST3-MUC4-0001".into(),
            doctext: String::new(),
            extracts: [
                vec![gent(&["the guerrillas", "terrorists"])],
                vec![],
                vec![],
                vec![],
                vec![],
            ],
        }];
        let mut p = Predictions::new();
        p.insert(
            30001,
            DocPrediction {
                pred_templates: None,
                pred_extracts: Some([
                    vec![pent(&["guerrillas"]), pent(&["Terrorists."])],
                    vec![],
                    vec![],
                    vec![],
                    vec![],
                ]),
            },
        );
        let r = score_ceaf_ree(&gold, &p).unwrap_or_else(|_| unreachable!());
        let c = r.get("PerpInd").unwrap_or_default();
        // Both predictions are subsets of the one gold entity, but only one may be matched.
        assert_eq!((c.p_num, c.p_den, c.r_num, c.r_den), (1, 2, 1, 1));
        assert!((r.micro_f1() - 66.666).abs() < 0.01);
        // phi_strict: an entity with one wrong mention scores 0.
        p.insert(
            30001,
            DocPrediction {
                pred_templates: None,
                pred_extracts: Some([
                    vec![pent(&["guerrillas", "soldiers"])],
                    vec![],
                    vec![],
                    vec![],
                    vec![],
                ]),
            },
        );
        let r = score_ceaf_ree(&gold, &p).unwrap_or_else(|_| unreachable!());
        assert_eq!(r.micro.p_num, 0);
    }

    #[test]
    fn empty_predictions_score_zero_with_full_recall_denominator() {
        let gold = vec![gold_doc(
            "TST4-MUC4-0002",
            vec![gtemp("bombing", Role::Weapon, &[&["bomb"], &["dynamite"]])],
        )];
        let r = score_gtt(&gold, &Predictions::new()).unwrap_or_else(|_| unreachable!());
        assert_eq!(r.micro.r_den, 3); // incident type + 2 entities
        assert_eq!(r.micro.p_den, 0);
        assert_eq!(r.micro_f1(), 0.0);
        // A document with no gold template and no prediction adds nothing.
        let r = score_gtt(&[gold_doc("TST4-MUC4-0003", vec![])], &Predictions::new())
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(r.micro, Counts::default());
    }

    #[test]
    fn incident_type_is_a_substring_test() {
        let gold = vec![gold_doc(
            "TST3-MUC4-0005",
            vec![gtemp("attack / bombing", Role::PerpOrg, &[&["fmln"]])],
        )];
        for (ty, counted) in [
            ("attack", true),
            ("bomb", true),
            ("kidnapping", false),
            ("attack / bombing / arson", false),
        ] {
            let p = preds_of(30005, vec![ptemp(ty, Role::PerpOrg, &[&["FMLN"]])]);
            let r = score_gtt(&gold, &p).unwrap_or_else(|_| unreachable!());
            let it = r.get("incident_type").unwrap_or_default();
            assert_eq!(it.p_num == 1, counted, "{ty}");
            let org = r.get("PerpOrg").unwrap_or_default();
            assert_eq!(org.r_num == 1, counted, "{ty}");
        }
    }

    #[test]
    fn gtt_maps_templates_one_to_one_but_entities_not() {
        let gold = vec![gold_doc(
            "TST3-MUC4-0007",
            vec![
                gtemp("kidnapping", Role::Victim, &[&["juan perez"]]),
                gtemp("bombing", Role::Target, &[&["embassy"]]),
            ],
        )];
        // Two predicted templates in the opposite order; two entities hitting one gold entity.
        let p = preds_of(
            30007,
            vec![
                ptemp("bombing", Role::Target, &[&["the embassy"], &["embassy"]]),
                ptemp("kidnapping", Role::Victim, &[&["juan perez"]]),
            ],
        );
        let r = score_gtt(&gold, &p).unwrap_or_else(|_| unreachable!());
        let t = r.get("Target").unwrap_or_default();
        assert_eq!((t.p_num, t.p_den, t.r_num, t.r_den), (2, 2, 1, 1));
        let it = r.get("incident_type").unwrap_or_default();
        assert_eq!((it.p_num, it.p_den, it.r_num, it.r_den), (2, 2, 2, 2));
        // Three predictions of one gold template: only one can be mapped.
        let p = preds_of(
            30007,
            vec![
                ptemp("kidnapping", Role::Victim, &[&["juan perez"]]),
                ptemp("kidnapping", Role::Victim, &[&["juan perez"]]),
            ],
        );
        let r = score_gtt(&gold, &p).unwrap_or_else(|_| unreachable!());
        let v = r.get("Victim").unwrap_or_default();
        assert_eq!((v.p_num, v.p_den, v.r_num, v.r_den), (1, 2, 1, 1));
    }

    #[test]
    fn duplicate_gold_templates_are_removed() {
        let t = gtemp("arson", Role::Target, &[&["bus"]]);
        let gold = vec![gold_doc("TST3-MUC4-0009", vec![t.clone(), t])];
        let r = score_gtt(&gold, &Predictions::new()).unwrap_or_else(|_| unreachable!());
        assert_eq!(r.micro.r_den, 2);
    }

    #[test]
    fn matching_finds_the_maximum() {
        // g0 can take p0 or p1, g1 only p0: greedy would give 1, the maximum is 2.
        let adj = vec![vec![true, true], vec![true, false]];
        assert_eq!(max_matching(&adj, 2), 2);
        assert_eq!(max_matching(&[], 0), 0);
    }

    #[test]
    fn huge_documents_fall_back_to_greedy() {
        let names: Vec<String> = (0..12).map(|i| format!("victim {i}")).collect();
        let gold = vec![gold_doc(
            "TST3-MUC4-0011",
            names
                .iter()
                .map(|n| gtemp("attack", Role::Victim, &[&[n.as_str()]]))
                .collect(),
        )];
        let p = preds_of(
            30011,
            names
                .iter()
                .rev()
                .map(|n| ptemp("attack", Role::Victim, &[&[n.as_str()]]))
                .collect(),
        );
        let r = score_gtt(&gold, &p).unwrap_or_else(|_| unreachable!());
        assert_eq!(r.approximate_docs, 1);
        assert!((r.micro_f1() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn report_prints_a_table() {
        let r = score_gtt(&[], &Predictions::new()).unwrap_or_else(|_| unreachable!());
        let s = r.to_string();
        assert!(s.contains("micro_avg") && s.contains("incident_type"));
    }
}
