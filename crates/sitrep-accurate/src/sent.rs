//! The sentence-attention document head: every sentence of a document gets the mean of its
//! word-piece vectors (the pooling MiniLM's sentence embeddings were trained with), a
//! hidden layer turns it into a sentence representation, and each document decision
//! (relevant, each incident type, several incidents) attends over the sentences with its
//! own weights. A report is relevant because of one or two sentences; the mean over the
//! whole text (the previous document head) dilutes them.

use std::collections::HashMap;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{linear, Linear, Optimizer, VarBuilder, VarMap};
use sitrep_encoder::Encoded;
use sitrep_muc4::model::doc::shuffle;
use sitrep_muc4::model::tagger::tag_role;
use sitrep_muc4::model::text::Token;
use sitrep_muc4::model::{doc_labels, gold_tags, max_same_type, sentences};
use sitrep_muc4::Muc4Doc;

use crate::head::{adamw, init_vars, row_tensor, set_vars, var_tensors, HeadConfig};
use crate::AccurateError;

/// Position buckets appended to each sentence vector (lead sentences say what happened).
const POS: usize = 5;

/// Outputs of the head: relevant, the six incident types, several incidents of one type.
pub const N_DOC: usize = 8;

/// Index of the several-incidents output.
pub const MULTI: usize = 7;

/// Per-sentence outputs: the sentence holds a gold role filler of any role, then of each
/// role (PerpInd, PerpOrg, Target, Victim, Weapon); the width of
/// [`sitrep_muc4::Evidence::sent`].
pub use sitrep_muc4::model::enc::N_SENT;

/// Weight of the per-sentence loss next to the document loss.
const SENT_WEIGHT: f64 = 1.0;

/// Training settings of the sentence head (the token head's settings type; `batch`
/// counts documents here).
pub fn default_config() -> HeadConfig {
    HeadConfig {
        hidden: 128,
        epochs: 10,
        batch: 16,
        lr: 1e-3,
        weight_decay: 0.01,
        // The committed model's seed: of the three measured (0x5e47_2026, 11, 22), the one
        // with the best cross-tuned dev estimate (docs/benchmarks-history.md).
        seed: 11,
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

/// Per-sentence targets of a training document (row-major, `n_sentences × N_SENT`):
/// whether the sentence holds a token of a gold role filler, of any role and of each role.
/// Sentences of an irrelevant document hold none.
pub fn sentence_labels(d: &Muc4Doc, toks: &[Token]) -> Vec<f32> {
    let sents = sentences(toks);
    let mut out = vec![0f32; sents.len() * N_SENT];
    if d.templates.is_empty() {
        return out;
    }
    let tags = gold_tags(d, toks);
    for (si, r) in sents.iter().enumerate() {
        let Some(dst) = out.get_mut(si * N_SENT..(si + 1) * N_SENT) else {
            continue;
        };
        for t in tags.get(r.clone()).unwrap_or(&[]) {
            if let Some(role) = tag_role(*t) {
                dst[0] = 1.0;
                if let Some(x) = dst.get_mut(1 + role) {
                    *x = 1.0;
                }
            }
        }
    }
    out
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
    /// Per-sentence outputs (absent in heads trained before they existed).
    sent: Option<Linear>,
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

type Layers = (Linear, Linear, Linear, Option<Linear>);

fn build(vars: &VarMap, input: usize, hidden: usize, per: bool) -> candle_core::Result<Layers> {
    let vb = VarBuilder::from_varmap(vars, DType::F32, &Device::Cpu);
    Ok((
        linear(input, hidden, vb.pp("sent.l1"))?,
        linear(hidden, N_DOC, vb.pp("sent.att"))?,
        linear(hidden, N_DOC, vb.pp("sent.out"))?,
        per.then(|| linear(hidden, N_SENT, vb.pp("sent.per")))
            .transpose()?,
    ))
}

impl SentHead {
    /// Logits of one document (`n × input` sentence rows) → `N_DOC`, and of each of its
    /// sentences → `n × N_SENT` (when the head has per-sentence outputs).
    fn logits(&self, x: &Tensor) -> candle_core::Result<(Tensor, Option<Tensor>)> {
        let h = self.l1.forward(x)?.gelu_erf()?;
        let a = candle_nn::ops::softmax(&self.att.forward(&h)?, 0)?;
        let l = self.out.forward(&h)?;
        let per = self.sent.as_ref().map(|s| s.forward(&h)).transpose()?;
        Ok(((a * l)?.sum(0)?, per))
    }

    /// Trains on documents given as sentence rows (`docs[i]`, row-major, width `input`)
    /// with multi-label document targets `y` and per-sentence targets `ys`
    /// (`ys[i]`: `n_sentences × N_SENT`, see [`sentence_labels`]).
    pub fn train(
        docs: &[Vec<f32>],
        y: &[[f32; N_DOC]],
        ys: &[Vec<f32>],
        input: usize,
        cfg: &HeadConfig,
    ) -> Result<SentHead, AccurateError> {
        if input == 0 || docs.len() != y.len() || docs.len() != ys.len() || docs.is_empty() {
            return Err(AccurateError::Invalid(format!(
                "sentence head data: {} documents, {} labels, {} sentence labels, width {input}",
                docs.len(),
                y.len(),
                ys.len()
            )));
        }
        for (d, s) in docs.iter().zip(ys) {
            if d.len() / input * N_SENT != s.len() {
                return Err(AccurateError::Invalid(format!(
                    "{} sentence rows but {} sentence labels",
                    d.len() / input,
                    s.len() / N_SENT
                )));
            }
        }
        let vars = VarMap::new();
        let (l1, att, out, sent) = build(&vars, input, cfg.hidden, true)?;
        init_vars(&vars, cfg.seed)?;
        let head = SentHead {
            l1,
            att,
            out,
            sent,
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
                let mut ts = Vec::with_capacity(chunk.len() * N_DOC);
                let mut ss = Vec::with_capacity(chunk.len());
                let mut st = Vec::new();
                for &i in chunk {
                    if let (Some(Some(x)), Some(t), Some(s)) = (tensors.get(i), y.get(i), ys.get(i))
                    {
                        let (z, zs_sent) = head.logits(x)?;
                        zs.push(z);
                        ts.extend_from_slice(t);
                        if let Some(zs_sent) = zs_sent {
                            ss.push(zs_sent);
                            st.extend_from_slice(s);
                        }
                    }
                }
                if zs.is_empty() {
                    continue;
                }
                let z = Tensor::stack(&zs, 0)?;
                let yt = Tensor::from_slice(&ts, (zs.len(), N_DOC), &Device::Cpu)?;
                let mut loss = stable_bce(&z, &yt)?;
                if !ss.is_empty() {
                    let zs_sent = Tensor::cat(&ss, 0)?;
                    let st = Tensor::from_slice(&st, (st.len() / N_SENT, N_SENT), &Device::Cpu)?;
                    loss = (loss + (stable_bce(&zs_sent, &st)? * SENT_WEIGHT)?)?;
                }
                opt.backward_step(&loss)?;
            }
        }
        Ok(head)
    }

    /// Document probabilities and per-sentence probabilities of one document's sentence
    /// rows, from one pass (zeros and no sentences for a document without sentences; no
    /// per-sentence probabilities from a head without per-sentence outputs).
    pub fn all_probs(
        &self,
        x: &[f32],
    ) -> Result<([f32; N_DOC], Vec<[f32; N_SENT]>), AccurateError> {
        let mut doc = [0f32; N_DOC];
        let Some(xt) = row_tensor(x, self.input)? else {
            return Ok((doc, Vec::new()));
        };
        let (z, per) = self.logits(&xt)?;
        let p = candle_nn::ops::sigmoid(&z)?
            .flatten_all()?
            .to_vec1::<f32>()?;
        for (d, s) in doc.iter_mut().zip(p) {
            *d = s;
        }
        let Some(per) = per else {
            return Ok((doc, Vec::new()));
        };
        let p = candle_nn::ops::sigmoid(&per)?
            .flatten_all()?
            .to_vec1::<f32>()?;
        let sents = p
            .chunks_exact(N_SENT)
            .map(|c| {
                let mut a = [0f32; N_SENT];
                a.copy_from_slice(c);
                a
            })
            .collect();
        Ok((doc, sents))
    }

    /// Document probabilities of one document's sentence rows (see [`SentHead::all_probs`]).
    pub fn probs(&self, x: &[f32]) -> Result<[f32; N_DOC], AccurateError> {
        Ok(self.all_probs(x)?.0)
    }

    /// Per-sentence probabilities of one document's sentence rows (see [`N_SENT`] and
    /// [`SentHead::all_probs`]).
    pub fn sentence_probs(&self, x: &[f32]) -> Result<Vec<[f32; N_SENT]>, AccurateError> {
        Ok(self.all_probs(x)?.1)
    }

    /// Named parameters.
    pub fn tensors(&self) -> HashMap<String, Tensor> {
        var_tensors(&self.vars)
    }

    /// Rebuilds a head saved by [`SentHead::tensors`].
    pub fn from_tensors(t: &HashMap<String, Tensor>) -> Result<SentHead, AccurateError> {
        let w = t
            .get("sent.l1.weight")
            .ok_or_else(|| AccurateError::Invalid("no sent.l1.weight".into()))?;
        let (hidden, input) = w.dims2()?;
        let vars = VarMap::new();
        let (l1, att, out, sent) = build(&vars, input, hidden, t.contains_key("sent.per.weight"))?;
        set_vars(&vars, t)?;
        Ok(SentHead {
            l1,
            att,
            out,
            sent,
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
    fn sentences_are_labelled_with_the_roles_of_the_fillers_they_hold() {
        use sitrep_muc4::{GoldTemplate, Mention, Role};
        let text = "the weather was fine. guerrillas bombed the bank. police arrived later.";
        let mention = |t: &str| Mention {
            text: t.into(),
            offset: text.find(t).unwrap(),
        };
        let mut roles: [Vec<Vec<Mention>>; 5] = Default::default();
        roles[Role::PerpInd.index()] = vec![vec![mention("guerrillas")]];
        roles[Role::Target.index()] = vec![vec![mention("the bank")]];
        let mut d = Muc4Doc {
            docid: "DEV-MUC3-0001".into(),
            doctext: text.into(),
            templates: vec![GoldTemplate {
                incident_type: "bombing".into(),
                roles,
            }],
        };
        let toks = tokenize(text);
        let l = sentence_labels(&d, &toks);
        assert_eq!(l.len(), 3 * N_SENT);
        assert_eq!(&l[..N_SENT], &[0.0; N_SENT]);
        let mut second = [0f32; N_SENT];
        second[0] = 1.0;
        second[1 + Role::PerpInd.index()] = 1.0;
        second[1 + Role::Target.index()] = 1.0;
        assert_eq!(&l[N_SENT..2 * N_SENT], &second);
        assert_eq!(&l[2 * N_SENT..], &[0.0; N_SENT]);
        // An irrelevant document's sentences hold nothing.
        d.templates.clear();
        assert!(sentence_labels(&d, &toks).iter().all(|&v| v == 0.0));
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
        let mut ys = Vec::new();
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
            let mut sl = vec![0f32; n * N_SENT];
            if let Some(h) = hit {
                // The sentence that makes the document relevant holds a Victim.
                sl[h * N_SENT] = 1.0;
                sl[h * N_SENT + 1 + sitrep_muc4::Role::Victim.index()] = 1.0;
            }
            ys.push(sl);
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
        let h = SentHead::train(&docs, &y, &ys, input, &cfg).unwrap();
        let right = docs
            .iter()
            .zip(&y)
            .filter(|(d, t)| (h.probs(d).unwrap()[0] >= 0.5) == (t[0] > 0.5))
            .count();
        assert!(right >= 190, "{right}/200");
        // The per-sentence outputs find the sentence itself, and its role.
        let mut sent_right = 0;
        let mut sents = 0;
        for (d, s) in docs.iter().zip(&ys) {
            for (p, t) in h.sentence_probs(d).unwrap().iter().zip(s.chunks(N_SENT)) {
                sents += 1;
                let ok = (0..N_SENT).all(|k| (p[k] >= 0.5) == (t[k] > 0.5));
                sent_right += usize::from(ok);
            }
        }
        assert!(sent_right * 100 >= sents * 95, "{sent_right}/{sents}");
        // Mismatched sentence labels are refused.
        assert!(SentHead::train(&docs, &y, &ys[1..], input, &cfg).is_err());
        let mut short = ys.clone();
        short[0].pop();
        assert!(SentHead::train(&docs, &y, &short, input, &cfg).is_err());
        // Saved and loaded, it gives the same probabilities.
        let back = SentHead::from_tensors(&h.tensors()).unwrap();
        assert_eq!(back.probs(&docs[0]).unwrap(), h.probs(&docs[0]).unwrap());
        assert_eq!(
            back.sentence_probs(&docs[0]).unwrap(),
            h.sentence_probs(&docs[0]).unwrap()
        );
        assert!(h.probs(&[1.0, 2.0]).is_err());
    }
}
