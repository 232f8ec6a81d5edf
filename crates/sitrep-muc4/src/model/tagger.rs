//! An averaged structured perceptron over hashed token features, decoded with
//! BIO-constrained Viterbi: the sequence tagger that finds role-filler mentions.

use std::collections::HashMap;

/// Number of role labels (PerpInd, PerpOrg, Target, Victim, Weapon).
pub const N_ROLES: usize = 5;
/// Number of tags: O, then B/I for each role.
pub const N_TAGS: usize = 1 + 2 * N_ROLES;

/// The tag of `B-role`.
pub fn b_tag(role: usize) -> usize {
    1 + 2 * role
}

/// The tag of `I-role`.
pub fn i_tag(role: usize) -> usize {
    2 + 2 * role
}

/// The role of a non-O tag.
pub fn tag_role(tag: usize) -> Option<usize> {
    if tag == 0 || tag >= N_TAGS {
        None
    } else {
        Some((tag - 1) / 2)
    }
}

fn allowed(prev: Option<usize>, cur: usize) -> bool {
    match tag_role(cur) {
        Some(r) if cur == i_tag(r) => matches!(prev, Some(p) if p == b_tag(r) || p == i_tag(r)),
        _ => true,
    }
}

/// Feature weights: a feature-id → row map and a dense row of `N_TAGS` weights per feature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tagger {
    /// Feature hash → row index.
    pub index: HashMap<u64, u32>,
    /// `index.len() * N_TAGS` emission weights.
    pub w: Vec<f32>,
    /// Transition weights `prev * N_TAGS + cur`, with row `N_TAGS` for the start.
    pub trans: Vec<f32>,
}

impl Tagger {
    /// An empty tagger over the given feature rows.
    pub fn with_index(index: HashMap<u64, u32>) -> Self {
        let n = index.len();
        Tagger {
            index,
            w: vec![0.0; n * N_TAGS],
            trans: vec![0.0; (N_TAGS + 1) * N_TAGS],
        }
    }

    /// Map hashed features to rows, dropping unknown ones.
    pub fn rows(&self, feats: &[Vec<u64>]) -> Vec<Vec<u32>> {
        feats
            .iter()
            .map(|f| {
                f.iter()
                    .filter_map(|h| self.index.get(h).copied())
                    .collect()
            })
            .collect()
    }

    /// Emission scores per token and tag; `o_bias` is added to the O tag.
    pub fn emissions(&self, rows: &[Vec<u32>], o_bias: f32) -> Vec<[f32; N_TAGS]> {
        rows.iter()
            .map(|fs| {
                let mut s = [0f32; N_TAGS];
                s[0] = o_bias;
                for &r in fs {
                    let base = r as usize * N_TAGS;
                    if let Some(ws) = self.w.get(base..base + N_TAGS) {
                        for (x, y) in s.iter_mut().zip(ws) {
                            *x += *y;
                        }
                    }
                }
                s
            })
            .collect()
    }

    fn trans_at(&self, prev: Option<usize>, cur: usize) -> f32 {
        let p = prev.unwrap_or(N_TAGS);
        self.trans.get(p * N_TAGS + cur).copied().unwrap_or(0.0)
    }

    /// The best BIO-consistent tag sequence.
    pub fn viterbi(&self, em: &[[f32; N_TAGS]]) -> Vec<usize> {
        let neg = f32::NEG_INFINITY;
        let Some(first) = em.first() else {
            return Vec::new();
        };
        let mut prev = [neg; N_TAGS];
        for (t, (p, e)) in prev.iter_mut().zip(first).enumerate() {
            if allowed(None, t) {
                *p = e + self.trans_at(None, t);
            }
        }
        let mut back: Vec<[usize; N_TAGS]> = Vec::with_capacity(em.len());
        back.push([0; N_TAGS]);
        for e in em.iter().skip(1) {
            let mut cur = [neg; N_TAGS];
            let mut bp = [0usize; N_TAGS];
            for (t, (c, b)) in cur.iter_mut().zip(bp.iter_mut()).enumerate() {
                let mut best = neg;
                for (p, &ps) in prev.iter().enumerate() {
                    if ps == neg || !allowed(Some(p), t) {
                        continue;
                    }
                    let s = ps + self.trans_at(Some(p), t);
                    if s > best {
                        best = s;
                        *b = p;
                    }
                }
                if best > neg {
                    *c = best + e[t];
                }
            }
            back.push(bp);
            prev = cur;
        }
        let mut last = 0;
        let mut best = neg;
        for (t, &s) in prev.iter().enumerate() {
            if s > best {
                best = s;
                last = t;
            }
        }
        let mut tags = vec![0; em.len()];
        let mut cur = last;
        for (i, b) in back.iter().enumerate().rev() {
            if let Some(slot) = tags.get_mut(i) {
                *slot = cur;
            }
            cur = b.get(cur).copied().unwrap_or(0);
        }
        tags
    }
}

/// Averaged-perceptron training state.
pub struct Trainer {
    /// Current weights.
    pub cur: Tagger,
    u: Vec<f64>,
    ut: Vec<f64>,
    c: f64,
}

impl Trainer {
    /// Start from zero weights over the given feature index.
    pub fn new(index: HashMap<u64, u32>) -> Self {
        let cur = Tagger::with_index(index);
        let u = vec![0.0; cur.w.len()];
        let ut = vec![0.0; cur.trans.len()];
        Trainer { cur, u, ut, c: 1.0 }
    }

    fn bump(&mut self, rows: &[u32], tag: usize, d: f32) {
        for &r in rows {
            let k = r as usize * N_TAGS + tag;
            if let (Some(w), Some(u)) = (self.cur.w.get_mut(k), self.u.get_mut(k)) {
                *w += d;
                *u += self.c * f64::from(d);
            }
        }
    }

    fn bump_trans(&mut self, prev: Option<usize>, cur: usize, d: f32) {
        let k = prev.unwrap_or(N_TAGS) * N_TAGS + cur;
        if let (Some(w), Some(u)) = (self.cur.trans.get_mut(k), self.ut.get_mut(k)) {
            *w += d;
            *u += self.c * f64::from(d);
        }
    }

    /// One perceptron step on a document; returns true if it made an update.
    pub fn step(&mut self, rows: &[Vec<u32>], gold: &[usize]) -> bool {
        let em = self.cur.emissions(rows, 0.0);
        let pred = self.cur.viterbi(&em);
        let mut changed = false;
        for i in 0..gold.len().min(pred.len()) {
            let (g, p) = (gold[i], pred[i]);
            let gp = if i == 0 {
                None
            } else {
                gold.get(i - 1).copied()
            };
            let pp = if i == 0 {
                None
            } else {
                pred.get(i - 1).copied()
            };
            if g != p {
                if let Some(r) = rows.get(i) {
                    self.bump(r, g, 1.0);
                    self.bump(r, p, -1.0);
                }
                changed = true;
            }
            if g != p || gp != pp {
                self.bump_trans(gp, g, 1.0);
                self.bump_trans(pp, p, -1.0);
            }
        }
        self.c += 1.0;
        changed
    }

    /// The averaged weights.
    pub fn finish(self) -> Tagger {
        let c = self.c;
        let mut t = self.cur;
        for (w, u) in t.w.iter_mut().zip(&self.u) {
            *w = (f64::from(*w) - u / c) as f32;
        }
        for (w, u) in t.trans.iter_mut().zip(&self.ut) {
            *w = (f64::from(*w) - u / c) as f32;
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_never_starts_with_inside() {
        let t = Tagger::with_index(HashMap::new());
        let mut em = vec![[0f32; N_TAGS]; 3];
        em[0][i_tag(2)] = 10.0;
        em[1][i_tag(2)] = 10.0;
        let tags = t.viterbi(&em);
        assert_ne!(tags[0], i_tag(2));
        assert_eq!(tags[1], i_tag(2));
        assert_eq!(tags[0], b_tag(2));
    }

    #[test]
    fn perceptron_learns_a_toy_pattern() {
        // Feature 0 = "guerrillas" (B-PerpInd), feature 1 = other words.
        let mut index = HashMap::new();
        index.insert(7u64, 0u32);
        index.insert(9u64, 1u32);
        let mut tr = Trainer::new(index);
        let rows = vec![vec![1u32], vec![0u32], vec![1u32]];
        let gold = vec![0, b_tag(0), 0];
        for _ in 0..5 {
            tr.step(&rows, &gold);
        }
        let t = tr.finish();
        let em = t.emissions(&rows, 0.0);
        assert_eq!(t.viterbi(&em), gold);
    }
}
