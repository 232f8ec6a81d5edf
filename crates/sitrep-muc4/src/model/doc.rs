//! Document-level classifier: is the document about a relevant incident, and of which
//! incident types. Independent binary logistic regressions over hashed bag-of-words features.

use std::collections::HashMap;

use super::text::{fnv, trigger_group, Token};

/// Incident types, in output order (index + 1 in the classifier's outputs).
pub const TYPES: [&str; 6] = [
    "attack",
    "bombing",
    "kidnapping",
    "arson",
    "robbery",
    "forced work stoppage",
];

/// Outputs: 0 = relevant, 1..=6 = the incident types of [`TYPES`].
pub const N_OUT: usize = 1 + TYPES.len();

/// Hashed document features: unigrams, bigrams, lead-sentence unigrams, trigger-group counts.
pub fn doc_features(toks: &[Token]) -> Vec<u64> {
    let mut f: Vec<u64> = Vec::with_capacity(toks.len() * 2 + 16);
    let mut groups: HashMap<&str, usize> = HashMap::new();
    for (i, t) in toks.iter().enumerate() {
        f.push(fnv(&["u", &t.lower]));
        if let Some(n) = toks.get(i + 1) {
            f.push(fnv(&["b", &t.lower, &n.lower]));
        }
        if t.sent < 2 {
            f.push(fnv(&["lead", &t.lower]));
        }
        if let Some(g) = trigger_group(&t.lower) {
            *groups.entry(g).or_default() += 1;
        }
    }
    for (g, n) in groups {
        for k in [1usize, 2, 4, 8] {
            if n >= k {
                f.push(fnv(&["g", g, &k.to_string()]));
            }
        }
    }
    f.push(fnv(&["len", &(toks.len() / 200).min(5).to_string()]));
    f.sort_unstable();
    f.dedup();
    f
}

/// Weights of the document classifier.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocClassifier {
    /// Feature hash → row.
    pub index: HashMap<u64, u32>,
    /// `index.len() * N_OUT` weights.
    pub w: Vec<f32>,
    /// Bias per output.
    pub bias: [f32; N_OUT],
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl DocClassifier {
    /// Probabilities of the outputs for one document's features.
    pub fn probs(&self, feats: &[u64]) -> [f32; N_OUT] {
        let mut s = [0f32; N_OUT];
        let mut known = 0usize;
        for h in feats {
            if let Some(&r) = self.index.get(h) {
                known += 1;
                let base = r as usize * N_OUT;
                if let Some(ws) = self.w.get(base..base + N_OUT) {
                    for (x, y) in s.iter_mut().zip(ws) {
                        *x += *y;
                    }
                }
            }
        }
        // The same per-document scaling as in training.
        let scale = 1.0 / (known.max(1) as f32).sqrt();
        let mut out = [0f32; N_OUT];
        for k in 0..N_OUT {
            out[k] = sigmoid(self.bias[k] + s[k] * scale);
        }
        out
    }

    /// Train by averaged SGD on the logistic loss. `labels[d][k]` is 1.0 or 0.0.
    pub fn train(
        docs: &[Vec<u64>],
        labels: &[[f32; N_OUT]],
        epochs: usize,
        seed: u64,
        min_count: u32,
        lr0: f32,
    ) -> DocClassifier {
        let mut counts: HashMap<u64, u32> = HashMap::new();
        for d in docs {
            for h in d {
                *counts.entry(*h).or_default() += 1;
            }
        }
        let mut keys: Vec<u64> = counts
            .into_iter()
            .filter(|(_, c)| *c >= min_count)
            .map(|(h, _)| h)
            .collect();
        keys.sort_unstable();
        let index: HashMap<u64, u32> = keys
            .iter()
            .enumerate()
            .map(|(i, h)| (*h, i as u32))
            .collect();
        let rows: Vec<Vec<u32>> = docs
            .iter()
            .map(|d| d.iter().filter_map(|h| index.get(h).copied()).collect())
            .collect();
        let n = index.len();
        let mut w = vec![0f32; n * N_OUT];
        let mut sum = vec![0f32; n * N_OUT];
        let mut bias = [0f32; N_OUT];
        let mut bias_sum = [0f32; N_OUT];
        let mut order: Vec<usize> = (0..docs.len()).collect();
        let mut rng = seed | 1;
        let mut steps = 0f32;
        for epoch in 0..epochs {
            shuffle(&mut order, &mut rng);
            let lr = lr0 / (1.0 + epoch as f32);
            for &d in &order {
                let (Some(r), Some(y)) = (rows.get(d), labels.get(d)) else {
                    continue;
                };
                let scale = 1.0 / (r.len().max(1) as f32).sqrt();
                let mut s = bias;
                for &f in r {
                    let base = f as usize * N_OUT;
                    for k in 0..N_OUT {
                        s[k] += w[base + k] * scale;
                    }
                }
                for k in 0..N_OUT {
                    let g = lr * (y[k] - sigmoid(s[k]));
                    if g == 0.0 {
                        continue;
                    }
                    bias[k] += g;
                    for &f in r {
                        w[f as usize * N_OUT + k] += g * scale;
                    }
                }
                steps += 1.0;
                // Running sum for averaging (dense add every 64 steps keeps it cheap).
                if (steps as usize).is_multiple_of(64) {
                    for (a, b) in sum.iter_mut().zip(&w) {
                        *a += *b;
                    }
                    for k in 0..N_OUT {
                        bias_sum[k] += bias[k];
                    }
                }
            }
        }
        let n_avg = (steps as usize / 64).max(1) as f32;
        if steps >= 64.0 {
            w = sum.into_iter().map(|x| x / n_avg).collect();
            bias = bias_sum.map(|x| x / n_avg);
        }
        DocClassifier { index, w, bias }
    }
}

/// Deterministic Fisher–Yates shuffle with a xorshift generator.
pub fn shuffle(v: &mut [usize], state: &mut u64) {
    for i in (1..v.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let j = (*state % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}
