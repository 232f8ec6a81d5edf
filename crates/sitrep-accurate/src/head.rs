//! The token head: a two-layer perceptron from encoder vectors to the eleven BIO tags of
//! the MUC-4 roles, trained with candle's autodiff (AdamW, cross-entropy).

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Module, Tensor, D};
use candle_nn::{linear, AdamW, Linear, Optimizer, ParamsAdamW, VarBuilder, VarMap};
use sitrep_muc4::model::doc::shuffle;
use sitrep_muc4::model::tagger::N_TAGS;

use crate::sent::SentHead;
use crate::AccurateError;

/// Training settings of the head.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadConfig {
    /// Hidden width.
    pub hidden: usize,
    /// Passes over the tokens.
    pub epochs: usize,
    /// Tokens per step.
    pub batch: usize,
    /// Learning rate.
    pub lr: f64,
    /// Weight decay.
    pub weight_decay: f64,
    /// Seed of the shuffling and of the initial weights.
    pub seed: u64,
}

impl Default for HeadConfig {
    fn default() -> Self {
        HeadConfig {
            hidden: 256,
            epochs: 4,
            batch: 256,
            lr: 1e-3,
            weight_decay: 0.01,
            seed: 0x5eed_2026,
        }
    }
}

/// A trained head.
pub struct Head {
    l1: Linear,
    l2: Linear,
    vars: VarMap,
    /// Input width.
    pub input: usize,
}

impl std::fmt::Debug for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Head").field("input", &self.input).finish()
    }
}

fn build(vars: &VarMap, input: usize, hidden: usize) -> candle_core::Result<(Linear, Linear)> {
    let vb = VarBuilder::from_varmap(vars, DType::F32, &Device::Cpu);
    Ok((
        linear(input, hidden, vb.pp("l1"))?,
        linear(hidden, N_TAGS, vb.pp("l2"))?,
    ))
}

/// Deterministic initial weights (candle's own initialiser draws from an unseeded
/// generator): uniform in ±1/sqrt(fan-in) for weights, zeros for biases, variables taken
/// in name order.
pub fn init_vars(vars: &VarMap, seed: u64) -> candle_core::Result<()> {
    let Ok(data) = vars.data().lock() else {
        return Ok(());
    };
    let mut names: Vec<&String> = data.keys().collect();
    names.sort();
    let mut state = seed | 1;
    for k in names {
        let Some(v) = data.get(k) else { continue };
        let t = v.as_tensor();
        let dims = t.dims().to_vec();
        let n: usize = dims.iter().product();
        let vals: Vec<f32> = if k.ends_with("weight") {
            let fan_in = dims.last().copied().unwrap_or(1).max(1) as f32;
            let a = 1.0 / fan_in.sqrt();
            (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let u = (state >> 11) as f32 / (1u64 << 53) as f32;
                    (2.0 * u - 1.0) * a
                })
                .collect()
        } else {
            vec![0.0; n]
        };
        v.set(&Tensor::from_vec(vals, dims, &Device::Cpu)?)?;
    }
    Ok(())
}

/// AdamW over every variable of `vars`.
pub(crate) fn adamw(vars: &VarMap, lr: f64, weight_decay: f64) -> candle_core::Result<AdamW> {
    AdamW::new(
        vars.all_vars(),
        ParamsAdamW {
            lr,
            weight_decay,
            ..ParamsAdamW::default()
        },
    )
}

/// Every variable of `vars`, by name.
pub(crate) fn var_tensors(vars: &VarMap) -> HashMap<String, Tensor> {
    let mut t = HashMap::new();
    if let Ok(m) = vars.data().lock() {
        for (k, v) in m.iter() {
            t.insert(k.clone(), v.as_tensor().clone());
        }
    }
    t
}

/// Row-major values `x` as an `n × input` tensor (`None` for no rows); an error when they
/// are not whole rows.
pub(crate) fn row_tensor(x: &[f32], input: usize) -> Result<Option<Tensor>, AccurateError> {
    if input == 0 || !x.len().is_multiple_of(input) {
        return Err(AccurateError::Invalid(format!(
            "{} values are not rows of {input}",
            x.len()
        )));
    }
    let n = x.len() / input;
    if n == 0 {
        return Ok(None);
    }
    Ok(Some(Tensor::from_slice(x, (n, input), &Device::Cpu)?))
}

/// Sets every variable of `vars` from the tensor of the same name in `t` (as f32); a
/// missing tensor is an error.
pub(crate) fn set_vars(vars: &VarMap, t: &HashMap<String, Tensor>) -> Result<(), AccurateError> {
    if let Ok(data) = vars.data().lock() {
        for (k, v) in data.iter() {
            let src = t
                .get(k)
                .ok_or_else(|| AccurateError::Invalid(format!("no {k}")))?;
            v.set(&src.to_dtype(DType::F32)?)?;
        }
    }
    Ok(())
}

impl Head {
    fn logits(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        self.l2.forward(&self.l1.forward(x)?.gelu_erf()?)
    }

    /// Trains a head on `x` (row-major `n × input`) with gold tags `y`.
    pub fn train(
        x: &[f32],
        y: &[u32],
        input: usize,
        cfg: &HeadConfig,
    ) -> Result<Head, AccurateError> {
        let n = y.len();
        if input == 0 || x.len() != n * input || n == 0 {
            return Err(AccurateError::Invalid(format!(
                "head training data: {} values for {n} tokens of width {input}",
                x.len()
            )));
        }
        let vars = VarMap::new();
        let (l1, l2) = build(&vars, input, cfg.hidden)?;
        init_vars(&vars, cfg.seed)?;
        let head = Head {
            l1,
            l2,
            vars,
            input,
        };
        let mut opt = adamw(&head.vars, cfg.lr, cfg.weight_decay)?;
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = cfg.seed | 1;
        let mut bx = Vec::with_capacity(cfg.batch * input);
        let mut by = Vec::with_capacity(cfg.batch);
        for _ in 0..cfg.epochs {
            shuffle(&mut order, &mut rng);
            for chunk in order.chunks(cfg.batch.max(1)) {
                bx.clear();
                by.clear();
                for &i in chunk {
                    if let (Some(row), Some(t)) = (x.get(i * input..(i + 1) * input), y.get(i)) {
                        bx.extend_from_slice(row);
                        by.push(*t);
                    }
                }
                let m = by.len();
                if m == 0 {
                    continue;
                }
                let xt = Tensor::from_slice(&bx, (m, input), &Device::Cpu)?;
                let yt = Tensor::from_slice(&by, m, &Device::Cpu)?;
                let loss = candle_nn::loss::cross_entropy(&head.logits(&xt)?, &yt)?;
                opt.backward_step(&loss)?;
            }
        }
        Ok(head)
    }

    /// Tag probabilities of `n` rows.
    pub fn probs(&self, x: &[f32]) -> Result<Vec<[f32; N_TAGS]>, AccurateError> {
        let Some(xt) = row_tensor(x, self.input)? else {
            return Ok(Vec::new());
        };
        let p = candle_nn::ops::softmax(&self.logits(&xt)?, D::Minus1)?.to_vec2::<f32>()?;
        Ok(p.into_iter()
            .map(|row| {
                let mut a = [0f32; N_TAGS];
                for (d, s) in a.iter_mut().zip(row) {
                    *d = s;
                }
                a
            })
            .collect())
    }

    /// Named parameters (for saving).
    pub fn tensors(&self) -> HashMap<String, Tensor> {
        var_tensors(&self.vars)
    }

    /// Rebuilds a head from tensors saved by [`Head::tensors`].
    pub fn from_tensors(t: &HashMap<String, Tensor>) -> Result<Head, AccurateError> {
        let dims = |k: &str| -> Result<(usize, usize), AccurateError> {
            t.get(k)
                .ok_or_else(|| AccurateError::Invalid(format!("no {k}")))?
                .dims2()
                .map_err(AccurateError::from)
        };
        let (hidden, input) = dims("l1.weight")?;
        let (tags, _) = dims("l2.weight")?;
        if tags != N_TAGS {
            return Err(AccurateError::Invalid(format!(
                "{tags} tags, expected {N_TAGS}"
            )));
        }
        let vars = VarMap::new();
        let (l1, l2) = build(&vars, input, hidden)?;
        set_vars(&vars, t)?;
        Ok(Head {
            l1,
            l2,
            vars,
            input,
        })
    }
}

/// Writes both heads into one safetensors file.
pub fn save_heads(head: &Head, doc: &SentHead, path: &Path) -> Result<(), AccurateError> {
    let mut t = head.tensors();
    t.extend(doc.tensors());
    candle_core::safetensors::save(&t, path)?;
    Ok(())
}

/// The file both heads are saved in, inside a model folder.
pub const HEADS_FILE: &str = "heads.safetensors";

/// Reads both heads from a file written by [`save_heads`].
pub fn load_heads(path: &Path) -> Result<(Head, SentHead), AccurateError> {
    if !path.is_file() {
        return Err(AccurateError::Missing(path.to_path_buf()));
    }
    let t = candle_core::safetensors::load(path, &Device::Cpu)?;
    let in_file = |e: AccurateError| AccurateError::Invalid(format!("{}: {e}", path.display()));
    Ok((
        Head::from_tensors(&t).map_err(in_file)?,
        SentHead::from_tensors(&t).map_err(in_file)?,
    ))
}
