//! Second stage: document-level candidate entities and a binary logistic classifier that
//! decides whether a candidate string fills a role, from features pooled over all of its
//! mentions in the document (tagger votes, frequency, position, gazetteer, head word,
//! contexts, nearby triggers).

use std::collections::HashMap;

use super::doc::shuffle;
use super::text::{fnv, trigger_group, Token};

/// A candidate entity: one normalised string and all its occurrences.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Normalised string (the grouping key).
    pub norm: String,
    /// Tagger votes per role (number of occurrences tagged with that role).
    pub votes: [usize; 5],
    /// Gazetteer role mask of the string.
    pub gaz: u8,
    /// Token ranges `[start, end)` of the occurrences found.
    pub occ: Vec<(usize, usize)>,
}

/// Document frequencies of lowercased words in a reference corpus: rare words are mostly
/// names, which lowercased text otherwise hides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordFreq {
    /// Word → number of documents containing it.
    pub df: HashMap<String, u32>,
    /// Number of documents counted.
    pub n_docs: u32,
}

impl WordFreq {
    /// Count the distinct words of one document.
    pub fn add_doc(&mut self, toks: &[Token]) {
        let mut seen: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            if let Some(n) = self.df.get_mut(w) {
                *n += 1;
            } else {
                self.df.insert(w.to_string(), 1);
            }
        }
        self.n_docs += 1;
    }

    /// Rarity class of a word: its document frequency as a share of the corpus, binned.
    pub fn class(&self, w: &str) -> &'static str {
        let n = self.df.get(w).copied().unwrap_or(0);
        let share = f64::from(n) / f64::from(self.n_docs.max(1));
        if n == 0 {
            "unseen"
        } else if share < 0.002 {
            "r1"
        } else if share < 0.01 {
            "r2"
        } else if share < 0.05 {
            "r3"
        } else if share < 0.2 {
            "r4"
        } else {
            "common"
        }
    }
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=8 => "5-8",
        _ => "9+",
    }
}

/// Hashed features of a (candidate, role) pair.
pub fn features(
    c: &Candidate,
    role: usize,
    toks: &[Token],
    doc_type: usize,
    wf: &WordFreq,
    extra: Option<&super::Evidence>,
) -> Vec<u64> {
    let r = role.to_string();
    let mut f = Vec::with_capacity(64);
    let mut add = |parts: &[&str]| {
        let mut p = vec!["r", r.as_str()];
        p.extend_from_slice(parts);
        f.push(fnv(&p));
    };
    add(&["bias"]);
    add(&["votes", bucket(c.votes.get(role).copied().unwrap_or(0))]);
    let total: usize = c.votes.iter().sum();
    add(&["allvotes", bucket(total)]);
    let share = c.votes.get(role).copied().unwrap_or(0) * 4 / total.max(1);
    add(&["share", &share.to_string()]);
    add(&["occ", bucket(c.occ.len())]);
    add(&["gaz", if c.gaz & (1 << role) != 0 { "y" } else { "n" }]);
    add(&["gazmask", &c.gaz.to_string()]);
    add(&["dtype", &doc_type.to_string()]);
    let words: Vec<&str> = c.norm.split(' ').collect();
    add(&["nw", bucket(words.len())]);
    if let Some(h) = words.last() {
        add(&["head", h]);
    }
    if let Some(h) = words.first() {
        add(&["first", h]);
    }
    for w in &words {
        add(&["word", w]);
    }
    // Rarity: names are rare words; descriptions ("the peasants") are common ones.
    let classes: Vec<&str> = words.iter().map(|w| wf.class(w)).collect();
    let rank = |c: &str| match c {
        "unseen" => 0,
        "r1" => 1,
        "r2" => 2,
        "r3" => 3,
        "r4" => 4,
        _ => 5,
    };
    if let Some(h) = classes.last() {
        add(&["rare_head", h]);
    }
    if let Some(m) = classes.iter().min_by_key(|c| rank(c)) {
        add(&["rare_min", m]);
        add(&["rare_min_nw", m, bucket(words.len())]);
    }
    let n_rare = classes.iter().filter(|c| rank(c) <= 2).count();
    add(&["n_rare", bucket(n_rare), bucket(words.len())]);
    let first_sent = c
        .occ
        .iter()
        .filter_map(|(a, _)| toks.get(*a).map(|t| t.sent))
        .min()
        .unwrap_or(0);
    add(&["fsent", bucket(first_sent)]);
    if let Some(x) = extra {
        for h in super::enc::candidate_features(x, &c.occ, role) {
            f.push(h);
        }
    }
    let mut seen: Vec<u64> = Vec::new();
    let mut ctx = |parts: &[&str], f: &mut Vec<u64>| {
        let mut p = vec!["r", r.as_str()];
        p.extend_from_slice(parts);
        let h = fnv(&p);
        if !seen.contains(&h) {
            seen.push(h);
            f.push(h);
        }
    };
    for &(a, b) in &c.occ {
        let left = a
            .checked_sub(1)
            .and_then(|i| toks.get(i))
            .map(|t| t.lower.as_str())
            .unwrap_or("<s>");
        let left2 = a
            .checked_sub(2)
            .and_then(|i| toks.get(i))
            .map(|t| t.lower.as_str())
            .unwrap_or("<s>");
        let right = toks.get(b).map(|t| t.lower.as_str()).unwrap_or("</s>");
        let right2 = toks.get(b + 1).map(|t| t.lower.as_str()).unwrap_or("</s>");
        ctx(&["l1", left], &mut f);
        ctx(&["r1", right], &mut f);
        ctx(&["l2", left2, left], &mut f);
        ctx(&["r2", right, right2], &mut f);
        let sent = toks.get(a).map(|t| t.sent);
        // Trigger groups in the same sentence, on each side.
        let mut i = a;
        while i > 0 && a - i < 12 {
            i -= 1;
            let Some(t) = toks.get(i) else { break };
            if Some(t.sent) != sent {
                break;
            }
            if let Some(g) = trigger_group(&t.lower) {
                ctx(&["tl", g], &mut f);
                ctx(&["tlw", &t.lower], &mut f);
            }
        }
        for t in toks.iter().skip(b).take(12) {
            if Some(t.sent) != sent {
                break;
            }
            if let Some(g) = trigger_group(&t.lower) {
                ctx(&["tr", g], &mut f);
                ctx(&["trw", &t.lower], &mut f);
            }
        }
    }
    f
}

/// A binary logistic regression over hashed features.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Logit {
    /// Feature hash → weight.
    pub w: HashMap<u64, f32>,
    /// Bias.
    pub bias: f32,
}

impl Logit {
    /// Probability of the positive class.
    pub fn prob(&self, feats: &[u64]) -> f32 {
        let mut s = self.bias;
        for h in feats {
            s += self.w.get(h).copied().unwrap_or(0.0);
        }
        1.0 / (1.0 + (-s).exp())
    }

    /// Averaged SGD on the logistic loss with L2 shrinkage; deterministic.
    pub fn train(xs: &[Vec<u64>], ys: &[bool], epochs: usize, lr0: f32, seed: u64) -> Logit {
        let mut w: HashMap<u64, f32> = HashMap::new();
        let mut sum: HashMap<u64, f32> = HashMap::new();
        let mut bias = 0f32;
        let mut bias_sum = 0f32;
        let mut order: Vec<usize> = (0..xs.len()).collect();
        let mut rng = seed | 1;
        let mut n = 0f32;
        for epoch in 0..epochs {
            shuffle(&mut order, &mut rng);
            let lr = lr0 / (1.0 + epoch as f32 * 0.5);
            for &i in &order {
                let (Some(x), Some(&y)) = (xs.get(i), ys.get(i)) else {
                    continue;
                };
                let mut s = bias;
                for h in x {
                    s += w.get(h).copied().unwrap_or(0.0);
                }
                let p = 1.0 / (1.0 + (-s).exp());
                let g = lr * (if y { 1.0 } else { 0.0 } - p);
                bias += g;
                for h in x {
                    *w.entry(*h).or_default() += g;
                }
                n += 1.0;
                // Lazy averaging: add the current weights of the touched features, weighted
                // by the remaining steps (standard trick: sum of w_t over t).
                let remaining = (epochs * xs.len()) as f32 - n + 1.0;
                bias_sum += g * remaining;
                for h in x {
                    *sum.entry(*h).or_default() += g * remaining;
                }
            }
        }
        let total = n.max(1.0);
        let w = sum
            .into_iter()
            .map(|(h, s)| (h, s / total))
            .filter(|(_, v)| v.abs() > 1e-4)
            .collect();
        Logit {
            w,
            bias: bias_sum / total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logit_separates_a_toy_problem() {
        let xs = vec![vec![1u64, 2], vec![1, 3], vec![1, 2], vec![1, 3]];
        let ys = vec![true, false, true, false];
        let m = Logit::train(&xs, &ys, 20, 0.5, 3);
        assert!(m.prob(&[1, 2]) > 0.7);
        assert!(m.prob(&[1, 3]) < 0.3);
    }
}
