//! The span head: for every span of up to [`MAX_SPAN`] tokens inside a sentence, the
//! probability that its normalised string fills each role in the document, the very
//! question the extractor's candidate classifier answers (the token head answers a
//! different one: which BIO tag each token bears). A span is represented by the vectors
//! of its first and last token, the mean of its tokens and its length:
//!
//!   h = GELU(W_s x_first + W_e x_last + W_m mean(x) + e_len + b),   p = σ(W_o h + b_o)
//!
//! Each of the three projections is applied once per token, and the mean of every span
//! is a sum of shifted projected rows, so that scoring all spans of a document costs
//! little more than the token head. Trained on every document of its training set
//! (relevant or not: nothing fills a role in an irrelevant one) with binary
//! cross-entropy per role.

use std::collections::{HashMap, HashSet};

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{linear, Linear, Optimizer, VarBuilder, VarMap};
use sitrep_muc4::model::doc::shuffle;
use sitrep_muc4::model::tagger::N_ROLES;
use sitrep_muc4::model::text::Token;
use sitrep_muc4::model::{sentences, MAX_SPAN};
use sitrep_muc4::{normalize, Muc4Doc, ROLES};

use crate::head::{adamw, init_vars, row_tensor, set_vars, var_tensors, HeadConfig};
use crate::sent::stable_bce;
use crate::AccurateError;

/// Training settings of the span head.
pub fn default_config() -> HeadConfig {
    HeadConfig {
        hidden: 256,
        epochs: 3,
        batch: 4,
        lr: 1e-3,
        weight_decay: 0.01,
        seed: 0x5eed_5fa7,
    }
}

/// The spans scored in a document: `(start, len)` for every start token and every length
/// up to [`MAX_SPAN`] that stays inside the start's sentence, in the order of
/// [`sitrep_muc4::Evidence::spans`] (start-major; lengths past the sentence are left out
/// here and left at zero there).
pub fn doc_spans(toks: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for r in sentences(toks) {
        for a in r.clone() {
            for len in 1..=MAX_SPAN {
                if a + len <= r.end {
                    out.push((a, len));
                }
            }
        }
    }
    out
}

/// Gold targets of the spans of [`doc_spans`]: `spans.len() × N_ROLES` values, 1 where the
/// span's normalised string is a filler string of the role in the document.
pub fn span_labels(d: &Muc4Doc, toks: &[Token], spans: &[(usize, usize)]) -> Vec<f32> {
    let mut gold: Vec<HashSet<String>> = vec![HashSet::new(); N_ROLES];
    for t in &d.templates {
        for role in ROLES {
            for e in &t.roles[role.index()] {
                for m in e {
                    let n = normalize(&m.text);
                    if !n.is_empty() {
                        if let Some(g) = gold.get_mut(role.index()) {
                            g.insert(n);
                        }
                    }
                }
            }
        }
    }
    let mut y = vec![0f32; spans.len() * N_ROLES];
    if gold.iter().all(HashSet::is_empty) {
        return y;
    }
    for (k, &(a, len)) in spans.iter().enumerate() {
        let (Some(ta), Some(tb)) = (toks.get(a), toks.get(a + len - 1)) else {
            continue;
        };
        let Some(s) = d.doctext.get(ta.start..tb.end) else {
            continue;
        };
        let n = normalize(s);
        for (r, g) in gold.iter().enumerate() {
            if g.contains(&n) {
                if let Some(v) = y.get_mut(k * N_ROLES + r) {
                    *v = 1.0;
                }
            }
        }
    }
    y
}

/// One training document of the span head: its token vectors (row-major), its spans
/// ([`doc_spans`]) and their targets ([`span_labels`]).
pub type SpanDoc<'a> = (&'a [f32], &'a [(usize, usize)], &'a [f32]);

/// A trained span head.
pub struct SpanHead {
    proj: Linear,
    len: Tensor,
    out: Linear,
    vars: VarMap,
    /// Input width (token vectors).
    pub input: usize,
    hidden: usize,
}

impl std::fmt::Debug for SpanHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpanHead")
            .field("input", &self.input)
            .field("hidden", &self.hidden)
            .finish()
    }
}

fn build(
    vars: &VarMap,
    input: usize,
    hidden: usize,
) -> candle_core::Result<(Linear, Tensor, Linear)> {
    let vb = VarBuilder::from_varmap(vars, DType::F32, &Device::Cpu);
    Ok((
        linear(input, 3 * hidden, vb.pp("span.proj"))?,
        vb.get((MAX_SPAN, hidden), "span.len.weight")?,
        linear(hidden, N_ROLES, vb.pp("span.out"))?,
    ))
}

/// Index tensors of a document's spans.
struct SpanIndex {
    start: Tensor,
    last: Tensor,
    /// Row of the span's mean in the stacked per-length means: `(len − 1) · n + start`.
    mean: Tensor,
    len: Tensor,
}

impl SpanIndex {
    fn new(spans: &[(usize, usize)], n: usize) -> candle_core::Result<SpanIndex> {
        let u = |f: &dyn Fn(usize, usize) -> usize| -> candle_core::Result<Tensor> {
            let v: Vec<u32> = spans.iter().map(|&(a, l)| f(a, l) as u32).collect();
            Tensor::from_vec(v, spans.len(), &Device::Cpu)
        };
        Ok(SpanIndex {
            start: u(&|a, _| a)?,
            last: u(&|a, l| a + l - 1)?,
            mean: u(&|a, l| (l - 1) * n + a)?,
            len: u(&|_, l| l - 1)?,
        })
    }
}

impl SpanHead {
    /// Logits (`spans.len() × N_ROLES`) of the spans of one document (`x`: `n × input`).
    fn logits(&self, x: &Tensor, idx: &SpanIndex) -> candle_core::Result<Tensor> {
        let (n, _) = x.dims2()?;
        let h = self.hidden;
        let p = self.proj.forward(x)?;
        let ps = p.narrow(1, 0, h)?.contiguous()?;
        let pe = p.narrow(1, h, h)?.contiguous()?;
        let pm = p.narrow(1, 2 * h, h)?.contiguous()?;
        // Means of every length: running sums of rows shifted by 0..MAX_SPAN (padded with
        // zeros past the end; spans that would use the padding are never indexed).
        let padded = Tensor::cat(
            &[&pm, &Tensor::zeros((MAX_SPAN, h), DType::F32, x.device())?],
            0,
        )?;
        let mut acc = pm.clone();
        let mut means = vec![acc.clone()];
        for len in 2..=MAX_SPAN {
            acc = (acc + padded.narrow(0, len - 1, n)?)?;
            means.push((&acc / len as f64)?);
        }
        let means = Tensor::cat(&means, 0)?;
        let z = (ps.index_select(&idx.start, 0)? + pe.index_select(&idx.last, 0)?)?;
        let z = (z + means.index_select(&idx.mean, 0)?)?;
        let z = (z + self.len.index_select(&idx.len, 0)?)?;
        self.out.forward(&z.gelu_erf()?)
    }

    /// Trains on documents given as token vectors (`docs[i]`: row-major, width `input`)
    /// with their spans and targets (from [`doc_spans`], [`span_labels`]).
    pub fn train(
        docs: &[SpanDoc<'_>],
        input: usize,
        cfg: &HeadConfig,
    ) -> Result<SpanHead, AccurateError> {
        if input == 0 || docs.is_empty() {
            return Err(AccurateError::Invalid(format!(
                "span head data: {} documents of width {input}",
                docs.len()
            )));
        }
        for (x, s, y) in docs {
            let n = x.len() / input;
            if x.len() != n * input || y.len() != s.len() * N_ROLES {
                return Err(AccurateError::Invalid(format!(
                    "span head data: {} values, {} spans, {} targets",
                    x.len(),
                    s.len(),
                    y.len()
                )));
            }
            if s.iter().any(|&(a, l)| l == 0 || l > MAX_SPAN || a + l > n) {
                return Err(AccurateError::Invalid("span outside its document".into()));
            }
        }
        let vars = VarMap::new();
        let (proj, len, out) = build(&vars, input, cfg.hidden)?;
        init_vars(&vars, cfg.seed)?;
        let head = SpanHead {
            proj,
            len,
            out,
            vars,
            input,
            hidden: cfg.hidden,
        };
        let mut opt = adamw(&head.vars, cfg.lr, cfg.weight_decay)?;
        let mut order: Vec<usize> = (0..docs.len()).collect();
        let mut rng = cfg.seed | 1;
        for _ in 0..cfg.epochs {
            shuffle(&mut order, &mut rng);
            for chunk in order.chunks(cfg.batch.max(1)) {
                let mut zs = Vec::with_capacity(chunk.len());
                let mut ys = Vec::new();
                for &i in chunk {
                    let Some((x, s, y)) = docs.get(i) else {
                        continue;
                    };
                    let Some(xt) = row_tensor(x, input)? else {
                        continue;
                    };
                    if s.is_empty() {
                        continue;
                    }
                    zs.push(head.logits(&xt, &SpanIndex::new(s, x.len() / input)?)?);
                    ys.extend_from_slice(y);
                }
                if zs.is_empty() {
                    continue;
                }
                let z = Tensor::cat(&zs, 0)?;
                let yt = Tensor::from_slice(&ys, (ys.len() / N_ROLES, N_ROLES), &Device::Cpu)?;
                opt.backward_step(&stable_bce(&z, &yt)?)?;
            }
        }
        Ok(head)
    }

    /// Role probabilities of every span of a document (token vectors `x` of `toks`), in
    /// the layout of [`sitrep_muc4::Evidence::spans`]: `toks.len() · MAX_SPAN` entries,
    /// entry `start · MAX_SPAN + len − 1`; spans crossing a sentence end stay at zero.
    pub fn probs(&self, x: &[f32], toks: &[Token]) -> Result<Vec<[f32; N_ROLES]>, AccurateError> {
        let mut out = vec![[0f32; N_ROLES]; toks.len() * MAX_SPAN];
        let Some(xt) = row_tensor(x, self.input)? else {
            return Ok(out);
        };
        if xt.dims2()?.0 != toks.len() {
            return Err(AccurateError::Invalid(format!(
                "{} token vectors for {} tokens",
                xt.dims2()?.0,
                toks.len()
            )));
        }
        let spans = doc_spans(toks);
        if spans.is_empty() {
            return Ok(out);
        }
        let z = self.logits(&xt, &SpanIndex::new(&spans, toks.len())?)?;
        let p = candle_nn::ops::sigmoid(&z)?.to_vec2::<f32>()?;
        for (&(a, len), row) in spans.iter().zip(p) {
            if let Some(dst) = out.get_mut(a * MAX_SPAN + len - 1) {
                for (d, v) in dst.iter_mut().zip(row) {
                    *d = v;
                }
            }
        }
        Ok(out)
    }

    /// Named parameters (for saving; all under `span.`).
    pub fn tensors(&self) -> HashMap<String, Tensor> {
        var_tensors(&[&self.vars])
    }

    /// Rebuilds a span head from the `span.` tensors of `t`; `None` when there are none
    /// (heads saved before the span head existed).
    pub fn from_tensors(t: &HashMap<String, Tensor>) -> Result<Option<SpanHead>, AccurateError> {
        let Some(w) = t.get("span.proj.weight") else {
            return Ok(None);
        };
        let (h3, input) = w.dims2()?;
        if h3 % 3 != 0 || h3 == 0 {
            return Err(AccurateError::Invalid(format!(
                "span projection of {h3} rows"
            )));
        }
        let hidden = h3 / 3;
        let vars = VarMap::new();
        let (proj, len, out) = build(&vars, input, hidden)?;
        set_vars(&vars, t)?;
        Ok(Some(SpanHead {
            proj,
            len,
            out,
            vars,
            input,
            hidden,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_muc4::model::text::tokenize;

    #[test]
    fn spans_stay_inside_sentences() {
        let toks = tokenize("Guerrillas attacked. The farm burned down.");
        let spans = doc_spans(&toks);
        let sents = sentences(&toks);
        assert_eq!(sents.len(), 2);
        for &(a, l) in &spans {
            let s = sents.iter().find(|r| r.contains(&a)).unwrap();
            assert!(a + l <= s.end, "span ({a}, {l}) leaves its sentence");
        }
        // Every start gets every length that fits: the first sentence has 3 tokens.
        let first: Vec<_> = spans.iter().filter(|s| s.0 < sents[0].end).collect();
        assert_eq!(first.len(), 3 + 2 + 1);
    }

    /// Token vectors of a toy document: a marker dimension for the words of the filler.
    fn toy(toks: &[Token], filler: &[&str]) -> Vec<f32> {
        let dim = 4;
        let mut x = vec![0f32; toks.len() * dim];
        for (i, t) in toks.iter().enumerate() {
            x[i * dim + 3] = 1.0;
            if filler.contains(&t.lower.as_str()) {
                x[i * dim] = 1.0;
            }
            if t.lower == "by" {
                x[i * dim + 1] = 1.0;
            }
        }
        x
    }

    #[test]
    fn the_head_learns_which_whole_span_fills_a_role_and_saves() {
        let text = "The mayor was shot by urban guerrillas. Nobody else was hurt today.";
        let toks = tokenize(text);
        let x = toy(&toks, &["urban", "guerrillas"]);
        let spans = doc_spans(&toks);
        // The two-token span "urban guerrillas" is the PerpInd filler (role 0), and only
        // it: its parts and longer spans around it are not.
        let start = toks.iter().position(|t| t.lower == "urban").unwrap();
        let y: Vec<f32> = spans
            .iter()
            .flat_map(|&(a, l)| {
                let mut r = [0f32; N_ROLES];
                r[0] = f32::from(u8::from(a == start && l == 2));
                r
            })
            .collect();
        let cfg = HeadConfig {
            hidden: 16,
            epochs: 300,
            batch: 1,
            lr: 1e-2,
            weight_decay: 0.0,
            seed: 7,
        };
        let head =
            SpanHead::train(&[(x.as_slice(), spans.as_slice(), y.as_slice())], 4, &cfg).unwrap();
        let p = head.probs(&x, &toks).unwrap();
        assert_eq!(p.len(), toks.len() * MAX_SPAN);
        let ev = sitrep_muc4::Evidence {
            spans: p.clone(),
            ..Default::default()
        };
        let whole = ev.span(start, start + 2).unwrap()[0];
        let part = ev.span(start + 1, start + 2).unwrap()[0];
        let longer = ev.span(start - 1, start + 2).unwrap()[0];
        assert!(whole > 0.8, "whole span {whole}");
        assert!(part < 0.2 && longer < 0.2, "part {part}, longer {longer}");
        // A span crossing the sentence end is not scored.
        let end = sentences(&toks)[0].end;
        assert_eq!(ev.span(end - 1, end + 1).unwrap(), &[0f32; N_ROLES]);
        // Saved and loaded, the head gives the same probabilities.
        let again = SpanHead::from_tensors(&head.tensors()).unwrap().unwrap();
        assert_eq!(again.probs(&x, &toks).unwrap(), p);
        assert!(SpanHead::from_tensors(&HashMap::new()).unwrap().is_none());
    }

    #[test]
    fn spans_are_labelled_with_the_roles_of_the_gold_strings() {
        let docs =
            sitrep_muc4::load_templates(&sitrep_muc4::default_data_dir(), sitrep_muc4::Split::Dev)
                .unwrap();
        let d = docs.iter().find(|d| !d.templates.is_empty()).unwrap();
        let toks = tokenize(&d.doctext);
        let spans = doc_spans(&toks);
        let y = span_labels(d, &toks, &spans);
        assert_eq!(y.len(), spans.len() * N_ROLES);
        let mut n = 0;
        for (k, &(a, l)) in spans.iter().enumerate() {
            for r in 0..N_ROLES {
                if y[k * N_ROLES + r] == 1.0 {
                    n += 1;
                    let s = &d.doctext[toks[a].start..toks[a + l - 1].end];
                    let gold = d.templates.iter().any(|t| {
                        t.roles[r]
                            .iter()
                            .any(|e| e.iter().any(|m| normalize(&m.text) == normalize(s)))
                    });
                    assert!(gold, "{s:?} labelled for role {r}");
                }
            }
        }
        assert!(n > 0);
        let irrelevant = docs.iter().find(|d| d.templates.is_empty()).unwrap();
        let toks = tokenize(&irrelevant.doctext);
        assert!(span_labels(irrelevant, &toks, &doc_spans(&toks))
            .iter()
            .all(|v| *v == 0.0));
    }
}
