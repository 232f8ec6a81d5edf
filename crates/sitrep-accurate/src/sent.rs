//! The sentence-attention document head: every sentence of a document gets the mean of its
//! word-piece vectors (the pooling MiniLM's sentence embeddings were trained with), a
//! hidden layer turns it into a sentence representation, and each document decision
//! (relevant, each incident type, several incidents) attends over the sentences with its
//! own weights. A report is relevant because of one or two sentences; the mean over the
//! whole text (the previous document head) dilutes them.

use std::collections::HashMap;

use candle_core::{DType, Device, Module, Tensor, D};
use candle_nn::{linear, Linear, Optimizer, VarBuilder, VarMap};
use sitrep_encoder::Encoded;
use sitrep_muc4::model::doc::shuffle;
use sitrep_muc4::model::text::Token;
use sitrep_muc4::model::{doc_labels, max_same_type, sentences};
use sitrep_muc4::Muc4Doc;

use crate::head::{adamw, init_vars, set_vars, var_tensors, HeadConfig};
use crate::AccurateError;

/// Position buckets appended to each sentence vector (lead sentences say what happened).
const POS: usize = 5;

/// Outputs of the head: relevant, the six incident types, several incidents of one type.
pub const N_DOC: usize = 8;

/// Index of the several-incidents output.
pub const MULTI: usize = 7;

/// Training settings of the sentence head (the token head's settings type; `batch`
/// counts documents here).
pub fn default_config() -> HeadConfig {
    HeadConfig {
        hidden: 128,
        epochs: 10,
        batch: 16,
        lr: 1e-3,
        weight_decay: 0.01,
        seed: 0x5e47_2026,
    }
}

/// The head's targets for a training document: relevant, each incident type, and
/// several incidents of one type.
pub fn labels(d: &Muc4Doc) -> [f32; N_DOC] {
    let mut y = [0f32; N_DOC];
    for (a, b) in y.iter_mut().zip(doc_labels(d)) {
        *a = b;
    }
    if let Some(m) = y.get_mut(MULTI) {
        *m = if max_same_type(d) >= 2 { 1.0 } else { 0.0 };
    }
    y
}

/// Width of the sentence rows of an encoding `enc_dim` wide.
pub fn sent_input(enc_dim: usize) -> usize {
    enc_dim + POS
}

/// Sentence vectors of a document: for each sentence of `toks` (in order), the mean of the
/// vectors of the pieces inside it, followed by [`POS`] position indicators. Row-major,
/// `n_sentences × (enc.dim + POS)`; a sentence without pieces gets zeros.
pub fn sentence_vectors(enc: &Encoded, toks: &[Token]) -> Vec<f32> {
    let dim = enc.dim;
    let width = dim + POS;
    let sents = sentences(toks);
    let mut out = vec![0f32; sents.len() * width];
    let mut j = 0usize;
    for (si, r) in sents.iter().enumerate() {
        let (Some(first), Some(last)) = (toks.get(r.start), toks.get(r.end.saturating_sub(1)))
        else {
            continue;
        };
        let (start, end) = (first.start, last.end);
        while enc.spans.get(j).is_some_and(|&(_, e)| e <= start) {
            j += 1;
        }
        let Some(dst) = out.get_mut(si * width..(si + 1) * width) else {
            continue;
        };
        let mut n = 0usize;
        let mut k = j;
        while let Some(&(s, _)) = enc.spans.get(k) {
            if s >= end {
                break;
            }
            if let Some(row) = enc.row(k) {
                for (d, v) in dst.iter_mut().zip(row) {
                    *d += v;
                }
                n += 1;
            }
            k += 1;
        }
        if n > 1 {
            for d in dst.iter_mut().take(dim) {
                *d /= n as f32;
            }
        }
        let bucket = match si {
            0 => 0,
            1 => 1,
            2 => 2,
            3..=5 => 3,
            _ => 4,
        };
        if let Some(d) = dst.get_mut(dim + bucket) {
            *d = 1.0;
        }
    }
    out
}

/// Binary cross-entropy on logits, written so that saturated logits give finite losses
/// and gradients (`max(z, 0) − z·y + ln(1 + e^−|z|)`; candle's own version takes the log
/// of the sigmoid and turns into NaN once a logit saturates).
pub(crate) fn stable_bce(z: &Tensor, y: &Tensor) -> candle_core::Result<Tensor> {
    let soft = (z.relu()? + (z.abs()?.neg()?.exp()? + 1.0)?.log()?)?;
    (soft - (z * y)?)?.mean_all()
}

/// A trained sentence-attention head.
pub struct SentHead {
    l1: Linear,
    att: Linear,
    out: Linear,
    vars: VarMap,
    /// Input width (encoder width + position indicators).
    pub input: usize,
}

impl std::fmt::Debug for SentHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentHead")
            .field("input", &self.input)
            .finish()
    }
}

fn build(
    vars: &VarMap,
    input: usize,
    hidden: usize,
) -> candle_core::Result<(Linear, Linear, Linear)> {
    let vb = VarBuilder::from_varmap(vars, DType::F32, &Device::Cpu);
    Ok((
        linear(input, hidden, vb.pp("sent.l1"))?,
        linear(hidden, N_DOC, vb.pp("sent.att"))?,
        linear(hidden, N_DOC, vb.pp("sent.out"))?,
    ))
}

impl SentHead {
    /// Logits of one document (`n × input` sentence rows) → `N_DOC`.
    fn logits(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let h = self.l1.forward(x)?.gelu_erf()?;
        let a = candle_nn::ops::softmax(&self.att.forward(&h)?, 0)?;
        let l = self.out.forward(&h)?;
        (a * l)?.sum(0)
    }

    /// Trains on documents given as sentence rows (`docs[i]`, row-major, width `input`)
    /// with multi-label targets `y`.
    pub fn train(
        docs: &[Vec<f32>],
        y: &[[f32; N_DOC]],
        input: usize,
        cfg: &HeadConfig,
    ) -> Result<SentHead, AccurateError> {
        if input == 0 || docs.len() != y.len() || docs.is_empty() {
            return Err(AccurateError::Invalid(format!(
                "sentence head data: {} documents, {} labels, width {input}",
                docs.len(),
                y.len()
            )));
        }
        let vars = VarMap::new();
        let (l1, att, out) = build(&vars, input, cfg.hidden)?;
        init_vars(&vars, cfg.seed)?;
        let head = SentHead {
            l1,
            att,
            out,
            vars,
            input,
        };
        let mut opt = adamw(&head.vars, cfg.lr, cfg.weight_decay)?;
        let tensors: Vec<Option<Tensor>> = docs
            .iter()
            .map(|d| {
                let n = d.len() / input;
                (n > 0 && d.len() == n * input)
                    .then(|| Tensor::from_slice(d, (n, input), &Device::Cpu))
                    .transpose()
            })
            .collect::<candle_core::Result<_>>()?;
        let mut order: Vec<usize> = (0..docs.len()).collect();
        let mut rng = cfg.seed | 1;
        for _ in 0..cfg.epochs {
            shuffle(&mut order, &mut rng);
            for chunk in order.chunks(cfg.batch.max(1)) {
                let mut zs = Vec::with_capacity(chunk.len());
                let mut ys = Vec::with_capacity(chunk.len() * N_DOC);
                for &i in chunk {
                    if let (Some(Some(x)), Some(t)) = (tensors.get(i), y.get(i)) {
                        zs.push(head.logits(x)?);
                        ys.extend_from_slice(t);
                    }
                }
                if zs.is_empty() {
                    continue;
                }
                let z = Tensor::stack(&zs, 0)?;
                let yt = Tensor::from_slice(&ys, (zs.len(), N_DOC), &Device::Cpu)?;
                let loss = stable_bce(&z, &yt)?;
                opt.backward_step(&loss)?;
            }
        }
        Ok(head)
    }

    /// Probabilities of one document's sentence rows (all zeros for a document without
    /// sentences).
    pub fn probs(&self, x: &[f32]) -> Result<[f32; N_DOC], AccurateError> {
        let mut out = [0f32; N_DOC];
        if self.input == 0 || !x.len().is_multiple_of(self.input) {
            return Err(AccurateError::Invalid(format!(
                "{} values are not sentence rows of {}",
                x.len(),
                self.input
            )));
        }
        let n = x.len() / self.input;
        if n == 0 {
            return Ok(out);
        }
        let xt = Tensor::from_slice(x, (n, self.input), &Device::Cpu)?;
        let p = candle_nn::ops::sigmoid(&self.logits(&xt)?)?
            .flatten_all()?
            .to_vec1::<f32>()?;
        for (d, s) in out.iter_mut().zip(p) {
            *d = s;
        }
        Ok(out)
    }

    /// Attention of output `k` over one document's sentences (for inspection).
    pub fn attention(&self, x: &[f32], k: usize) -> Result<Vec<f32>, AccurateError> {
        let n = x.len() / self.input.max(1);
        if n == 0 {
            return Ok(Vec::new());
        }
        let xt = Tensor::from_slice(x, (n, self.input), &Device::Cpu)?;
        let h = self.l1.forward(&xt)?.gelu_erf()?;
        let a = candle_nn::ops::softmax(&self.att.forward(&h)?, 0)?;
        Ok(a.narrow(D::Minus1, k.min(N_DOC - 1), 1)?
            .flatten_all()?
            .to_vec1::<f32>()?)
    }

    /// Named parameters.
    pub fn tensors(&self) -> HashMap<String, Tensor> {
        var_tensors(&[&self.vars])
    }

    /// Rebuilds a head saved by [`SentHead::tensors`].
    pub fn from_tensors(t: &HashMap<String, Tensor>) -> Result<SentHead, AccurateError> {
        let w = t
            .get("sent.l1.weight")
            .ok_or_else(|| AccurateError::Invalid("no sent.l1.weight".into()))?;
        let (hidden, input) = w.dims2()?;
        let vars = VarMap::new();
        let (l1, att, out) = build(&vars, input, hidden)?;
        set_vars(&vars, t)?;
        Ok(SentHead {
            l1,
            att,
            out,
            vars,
            input,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_muc4::model::text::tokenize;

    #[test]
    fn sentences_average_their_pieces_and_know_their_place() {
        let text = "Bomb exploded. Rain fell today.";
        let toks = tokenize(text);
        // Pieces: "bomb" "exploded" "." | "rain" "fell" "today" "."
        let spans = vec![
            (0, 4),
            (5, 13),
            (13, 14),
            (15, 19),
            (20, 24),
            (25, 30),
            (30, 31),
        ];
        let vectors: Vec<f32> = (0..spans.len()).flat_map(|i| [i as f32, 1.0]).collect();
        let enc = Encoded {
            spans,
            vectors,
            dim: 2,
        };
        let v = sentence_vectors(&enc, &toks);
        let w = sent_input(2);
        assert_eq!(v.len(), 2 * w);
        // First sentence: pieces 0..3 → mean 1.0; position bucket 0.
        assert_eq!(&v[..w], &[1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
        // Second sentence: pieces 3..7 → mean 4.5; position bucket 1.
        assert_eq!(&v[w..], &[4.5, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn the_loss_stays_finite_when_logits_saturate() {
        let z = Tensor::new(&[[200f32, -200.0]], &Device::Cpu).unwrap();
        let y = Tensor::new(&[[0f32, 1.0]], &Device::Cpu).unwrap();
        let l = stable_bce(&z, &y).unwrap().to_scalar::<f32>().unwrap();
        assert!((l - 200.0).abs() < 1e-3, "{l}");
    }

    #[test]
    fn the_head_finds_the_one_sentence_that_matters() {
        // Documents of 3–6 sentences of width 4; a document is "relevant" when one of its
        // sentences has a 1 in column 0, wherever that sentence is.
        let input = 4;
        let mut docs = Vec::new();
        let mut y = Vec::new();
        let mut state = 7u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for i in 0..200 {
            let n = 3 + (next() % 4) as usize;
            let hit = (i % 2 == 0).then(|| (next() % n as u64) as usize);
            let mut rows = Vec::new();
            for s in 0..n {
                rows.extend([
                    if Some(s) == hit { 1.0 } else { 0.0 },
                    (next() % 100) as f32 / 100.0,
                    (next() % 100) as f32 / 100.0,
                    1.0,
                ]);
            }
            docs.push(rows);
            let mut t = [0f32; N_DOC];
            t[0] = if hit.is_some() { 1.0 } else { 0.0 };
            y.push(t);
        }
        let cfg = HeadConfig {
            hidden: 16,
            epochs: 30,
            lr: 1e-2,
            ..default_config()
        };
        let h = SentHead::train(&docs, &y, input, &cfg).unwrap();
        let right = docs
            .iter()
            .zip(&y)
            .filter(|(d, t)| (h.probs(d).unwrap()[0] >= 0.5) == (t[0] > 0.5))
            .count();
        assert!(right >= 190, "{right}/200");
        // Saved and loaded, it gives the same probabilities.
        let back = SentHead::from_tensors(&h.tensors()).unwrap();
        assert_eq!(back.probs(&docs[0]).unwrap(), h.probs(&docs[0]).unwrap());
        assert!(h.probs(&[1.0, 2.0]).is_err());
    }
}
