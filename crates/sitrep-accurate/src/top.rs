//! Partial fine-tuning: the encoder's top layers (from [`FROM`] up), initialised from the
//! pretrained weights, are trained together with a token head on MUC-4 train, over the
//! frozen lower layers' outputs (cached once). Piece-level labels: a token's tag goes to
//! its first piece, its other pieces take the inside tag of the same role.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Module, Tensor, D};
use candle_nn::{linear, Linear, Optimizer, VarBuilder, VarMap};
use sitrep_encoder::{plan_windows, BertConfig, Layer, Windows};
use sitrep_muc4::model::tagger::{i_tag, tag_role, N_TAGS};
use sitrep_muc4::model::text::Token;

use crate::AccurateError;

/// By default the frozen layers end here: the top model starts from the output of layer 4.
pub const FROM: usize = 4;

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopConfig {
    /// Passes over the training windows.
    pub epochs: usize,
    /// Learning rate of the encoder layers.
    pub lr_layers: f64,
    /// Learning rate of the head.
    pub lr_head: f64,
    /// Pieces per training window.
    pub window: usize,
    /// Seed.
    pub seed: u64,
    /// The frozen layers end at this one (2 or 4, the cached layers below the top).
    pub from: usize,
}

impl Default for TopConfig {
    fn default() -> Self {
        TopConfig {
            epochs: 2,
            lr_layers: 5e-5,
            lr_head: 1e-3,
            window: 254,
            seed: 0x5eed_2026,
            from: FROM,
        }
    }
}

/// Fine-tuned top layers and their token head.
pub struct TopModel {
    layers: Vec<Layer>,
    l1: Linear,
    l2: Linear,
    layer_vars: VarMap,
    head_vars: VarMap,
    hidden: usize,
    /// The frozen layer whose outputs the model reads.
    pub from: usize,
}

impl std::fmt::Debug for TopModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TopModel")
            .field("layers", &self.layers.len())
            .finish()
    }
}

/// Piece labels from token tags.
pub fn piece_labels(spans: &[(usize, usize)], toks: &[Token], tags: &[usize]) -> Vec<u32> {
    let mut out = vec![0u32; spans.len()];
    let mut first = 0usize;
    for (t, &tag) in toks.iter().zip(tags) {
        while spans.get(first).is_some_and(|&(_, e)| e <= t.start) {
            first += 1;
        }
        let mut j = first;
        let mut k = 0;
        while let Some(&(s, _)) = spans.get(j) {
            if s >= t.end {
                break;
            }
            if let Some(o) = out.get_mut(j) {
                *o = match (k, tag_role(tag)) {
                    (0, _) | (_, None) => tag as u32,
                    (_, Some(r)) => i_tag(r) as u32,
                };
            }
            k += 1;
            j += 1;
        }
    }
    out
}

impl TopModel {
    fn build(
        c: &BertConfig,
        layer_vars: VarMap,
        head_vars: VarMap,
        head_hidden: usize,
        from: usize,
    ) -> candle_core::Result<TopModel> {
        let vb = VarBuilder::from_varmap(&layer_vars, DType::F32, &Device::Cpu);
        let layers = (from..c.num_hidden_layers)
            .map(|i| Layer::new(c, vb.pp(format!("encoder.layer.{i}"))))
            .collect::<candle_core::Result<Vec<_>>>()?;
        let hb = VarBuilder::from_varmap(&head_vars, DType::F32, &Device::Cpu);
        let l1 = linear(c.hidden_size, head_hidden, hb.pp("top.l1"))?;
        let l2 = linear(head_hidden, N_TAGS, hb.pp("top.l2"))?;
        Ok(TopModel {
            layers,
            l1,
            l2,
            layer_vars,
            head_vars,
            hidden: c.hidden_size,
            from,
        })
    }

    /// A new model: the layers above `from` taken from the pretrained `weights`
    /// (safetensors), head random.
    pub fn new(
        c: &BertConfig,
        weights: &Path,
        seed: u64,
        from: usize,
    ) -> Result<TopModel, AccurateError> {
        let mut layer_vars = VarMap::new();
        let head_vars = VarMap::new();
        let m = TopModel::build(c, layer_vars.clone(), head_vars.clone(), 256, from)?;
        drop(m);
        layer_vars.load(weights)?;
        crate::head::init_vars(&head_vars, seed)?;
        Ok(TopModel::build(c, layer_vars, head_vars, 256, from)?)
    }

    fn logits(&self, x: &Tensor, train: bool) -> candle_core::Result<Tensor> {
        let mut h = x.clone();
        for l in &self.layers {
            h = if train {
                l.forward_train(&h)?
            } else {
                l.forward(&h)?
            };
        }
        let h = h.squeeze(0)?;
        self.l2.forward(&self.l1.forward(&h)?.gelu_erf()?)
    }

    /// Trains on documents given as (frozen layer-[`FROM`] piece rows, piece labels).
    pub fn train(
        &self,
        docs: &[(Vec<f32>, Vec<u32>)],
        cfg: &TopConfig,
        mut progress: impl FnMut(usize, usize, f32),
    ) -> Result<(), AccurateError> {
        let mut opt_l = crate::head::adamw(&self.layer_vars, cfg.lr_layers, 0.01)?;
        let mut opt_h = crate::head::adamw(&self.head_vars, cfg.lr_head, 0.01)?;
        let hd = self.hidden;
        let mut windows: Vec<(usize, usize, usize)> = Vec::new();
        for (d, (_, y)) in docs.iter().enumerate() {
            let mut s = 0;
            while s < y.len() {
                let e = (s + cfg.window).min(y.len());
                windows.push((d, s, e));
                s = e;
            }
        }
        let mut order: Vec<usize> = (0..windows.len()).collect();
        let mut rng = cfg.seed | 1;
        let total = cfg.epochs * order.len();
        let mut step = 0;
        let mut avg = 0f32;
        for _ in 0..cfg.epochs {
            sitrep_muc4::model::doc::shuffle(&mut order, &mut rng);
            for &w in &order {
                let Some(&(d, s, e)) = windows.get(w) else {
                    continue;
                };
                let Some((x, y)) = docs.get(d) else { continue };
                let (Some(xs), Some(ys)) = (x.get(s * hd..e * hd), y.get(s..e)) else {
                    continue;
                };
                let xt = Tensor::from_slice(xs, (1, e - s, hd), &Device::Cpu)?;
                let yt = Tensor::from_slice(ys, e - s, &Device::Cpu)?;
                let loss = candle_nn::loss::cross_entropy(&self.logits(&xt, true)?, &yt)?;
                let grads = loss.backward()?;
                opt_l.step(&grads)?;
                opt_h.step(&grads)?;
                avg = 0.98 * avg + 0.02 * loss.to_scalar::<f32>()?;
                step += 1;
                progress(step, total, avg);
            }
        }
        Ok(())
    }

    /// Tag probabilities of every piece, from frozen layer-[`FROM`] rows (`n × hidden`).
    pub fn piece_probs(&self, x: &[f32]) -> Result<Vec<[f32; N_TAGS]>, AccurateError> {
        let hd = self.hidden;
        let n = x.len() / hd.max(1);
        let mut out = vec![[0f32; N_TAGS]; n];
        for (s, e, kf, kt) in plan_windows(n, Windows::default()) {
            let Some(xs) = x.get(s * hd..e * hd) else {
                continue;
            };
            let xt = Tensor::from_slice(xs, (1, e - s, hd), &Device::Cpu)?;
            let p =
                candle_nn::ops::softmax(&self.logits(&xt, false)?, D::Minus1)?.to_vec2::<f32>()?;
            for i in kf..kt {
                if let (Some(row), Some(dst)) = (p.get(i - s), out.get_mut(i)) {
                    for (d, v) in dst.iter_mut().zip(row) {
                        *d = *v;
                    }
                }
            }
        }
        Ok(out)
    }

    /// Named parameters (layers under their BERT names, head under `top.`).
    pub fn tensors(&self) -> HashMap<String, Tensor> {
        crate::head::var_tensors(&[&self.layer_vars, &self.head_vars])
    }

    /// Saves the parameters as f16 safetensors.
    pub fn save(&self, path: &Path) -> Result<(), AccurateError> {
        let t: HashMap<String, Tensor> = self
            .tensors()
            .into_iter()
            .map(|(k, v)| v.to_dtype(DType::F16).map(|v| (k, v)))
            .collect::<candle_core::Result<_>>()?;
        candle_core::safetensors::save(&t, path)?;
        Ok(())
    }

    /// Loads parameters saved by [`TopModel::save`].
    pub fn load(c: &BertConfig, path: &Path) -> Result<TopModel, AccurateError> {
        if !path.is_file() {
            return Err(AccurateError::Missing(path.to_path_buf()));
        }
        let t = candle_core::safetensors::load(path, &Device::Cpu)?;
        let hh = t
            .get("top.l1.weight")
            .ok_or_else(|| AccurateError::Invalid(format!("{}: no top.l1", path.display())))?
            .dim(0)?;
        let from = (0..c.num_hidden_layers)
            .find(|i| t.contains_key(&format!("encoder.layer.{i}.output.dense.weight")))
            .ok_or_else(|| AccurateError::Invalid(format!("{}: no layers", path.display())))?;
        let (lv, hv) = (VarMap::new(), VarMap::new());
        let m = TopModel::build(c, lv, hv, hh, from)?;
        for vm in [&m.layer_vars, &m.head_vars] {
            crate::head::set_vars(vm, &t)
                .map_err(|e| AccurateError::Invalid(format!("{}: {e}", path.display())))?;
        }
        Ok(m)
    }
}

/// Token probabilities from piece probabilities: each token takes its first piece's.
pub fn token_probs(
    spans: &[(usize, usize)],
    toks: &[Token],
    pieces: &[[f32; N_TAGS]],
) -> Vec<[f32; N_TAGS]> {
    let mut o = [0f32; N_TAGS];
    o[0] = 1.0;
    let mut out = Vec::with_capacity(toks.len());
    let mut first = 0usize;
    for t in toks {
        while spans.get(first).is_some_and(|&(_, e)| e <= t.start) {
            first += 1;
        }
        let p = match spans.get(first) {
            Some(&(s, _)) if s < t.end => pieces.get(first).copied().unwrap_or(o),
            _ => o,
        };
        out.push(p);
    }
    out
}

/// Training rows of a document: its frozen layer-`from` piece rows (taken from an
/// encoding of [`crate::LAYERS`]) and piece labels from the gold templates.
pub fn training_data(
    e: &sitrep_encoder::Encoded,
    d: &sitrep_muc4::Muc4Doc,
    from: usize,
) -> Result<(Vec<f32>, Vec<u32>), AccurateError> {
    let (x, _) = layer_rows(e, from)?;
    let toks = sitrep_muc4::model::text::tokenize(&d.doctext);
    let tags = sitrep_muc4::model::gold_tags(d, &toks);
    Ok((x, piece_labels(&e.spans, &toks, &tags)))
}

/// The rows of one layer out of an encoding of [`crate::LAYERS`], and the layer width.
pub fn layer_rows(
    e: &sitrep_encoder::Encoded,
    layer: usize,
) -> Result<(Vec<f32>, usize), AccurateError> {
    let k = crate::LAYERS
        .iter()
        .position(|&l| l == layer)
        .ok_or_else(|| AccurateError::Invalid(format!("layer {layer} is not cached")))?;
    let hd = e.dim / crate::LAYERS.len();
    let x = e
        .vectors
        .chunks_exact(e.dim.max(1))
        .flat_map(|r| r.get(k * hd..(k + 1) * hd).unwrap_or(&[]).iter().copied())
        .collect();
    Ok((x, hd))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_muc4::model::tagger::b_tag;
    use sitrep_muc4::model::text::tokenize;

    #[test]
    fn a_token_split_into_pieces_gives_b_then_i() {
        let text = "kill tegucigalpa now";
        let toks = tokenize(text);
        let spans = vec![(0, 4), (5, 7), (7, 11), (11, 16), (17, 20)];
        let tags = vec![0, b_tag(3), 0];
        let y = piece_labels(&spans, &toks, &tags);
        assert_eq!(
            y,
            vec![0, b_tag(3) as u32, i_tag(3) as u32, i_tag(3) as u32, 0]
        );
        let mut pp = vec![[0f32; N_TAGS]; 5];
        pp[1][b_tag(3)] = 1.0;
        let tp = token_probs(&spans, &toks, &pp);
        assert_eq!(tp[1][b_tag(3)], 1.0);
    }
}
