//! The BERT encoder (post-layer-norm, absolute positions, exact GELU) over candle tensors.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{embedding, layer_norm, linear, Embedding, LayerNorm, Linear, VarBuilder};

use crate::EncoderError;

/// The fields of a BERT `config.json` this encoder uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BertConfig {
    /// Vocabulary size.
    pub vocab_size: usize,
    /// Hidden width.
    pub hidden_size: usize,
    /// Layers.
    pub num_hidden_layers: usize,
    /// Attention heads.
    pub num_attention_heads: usize,
    /// Feed-forward width.
    pub intermediate_size: usize,
    /// Positions.
    pub max_position_embeddings: usize,
    /// Token types.
    pub type_vocab_size: usize,
    /// Layer-norm epsilon.
    pub layer_norm_eps: f64,
}

impl BertConfig {
    /// Reads a Hugging Face BERT `config.json`.
    pub fn read(path: &Path) -> Result<BertConfig, EncoderError> {
        let err = |message: String| EncoderError::Config {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| err(e.to_string()))?;
        let u = |k: &str| {
            v.get(k)
                .and_then(serde_json::Value::as_u64)
                .map(|x| x as usize)
                .ok_or_else(|| err(format!("missing {k}")))
        };
        if let Some(act) = v.get("hidden_act").and_then(|a| a.as_str()) {
            if act != "gelu" {
                return Err(err(format!("unsupported activation {act}")));
            }
        }
        Ok(BertConfig {
            vocab_size: u("vocab_size")?,
            hidden_size: u("hidden_size")?,
            num_hidden_layers: u("num_hidden_layers")?,
            num_attention_heads: u("num_attention_heads")?,
            intermediate_size: u("intermediate_size")?,
            max_position_embeddings: u("max_position_embeddings")?,
            type_vocab_size: u("type_vocab_size")?,
            layer_norm_eps: v
                .get("layer_norm_eps")
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(1e-12),
        })
    }
}

/// One transformer layer.
#[derive(Debug, Clone)]
pub struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attn_out: Linear,
    attn_norm: LayerNorm,
    inter: Linear,
    out: Linear,
    out_norm: LayerNorm,
    heads: usize,
}

impl Layer {
    /// Loads layer weights under `vb` (`attention.self.query`, …).
    pub fn new(c: &BertConfig, vb: VarBuilder) -> candle_core::Result<Layer> {
        let h = c.hidden_size;
        let ln = |vb: VarBuilder| layer_norm(h, c.layer_norm_eps, vb);
        Ok(Layer {
            query: linear(h, h, vb.pp("attention.self.query"))?,
            key: linear(h, h, vb.pp("attention.self.key"))?,
            value: linear(h, h, vb.pp("attention.self.value"))?,
            attn_out: linear(h, h, vb.pp("attention.output.dense"))?,
            attn_norm: ln(vb.pp("attention.output.LayerNorm"))?,
            inter: linear(h, c.intermediate_size, vb.pp("intermediate.dense"))?,
            out: linear(c.intermediate_size, h, vb.pp("output.dense"))?,
            out_norm: ln(vb.pp("output.LayerNorm"))?,
            heads: c.num_attention_heads,
        })
    }

    /// `x`: (batch, len, hidden) → same shape. No padding mask: windows are unpadded.
    pub fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let norm = |ln: &LayerNorm, t: &Tensor| ln.forward(t);
        let (b, n, h) = x.dims3()?;
        let hd = h / self.heads;
        let split = |t: Tensor| -> candle_core::Result<Tensor> {
            t.reshape((b, n, self.heads, hd))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = split(self.query.forward(x)?)?;
        let k = split(self.key.forward(x)?)?;
        let v = split(self.value.forward(x)?)?;
        let scores = (q.matmul(&k.t()?)? / (hd as f64).sqrt())?;
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let ctx = probs
            .matmul(&v)?
            .transpose(1, 2)?
            .contiguous()?
            .reshape((b, n, h))?;
        let a = norm(&self.attn_norm, &(self.attn_out.forward(&ctx)? + x)?)?;
        let i = self.inter.forward(&a)?.gelu_erf()?;
        norm(&self.out_norm, &(self.out.forward(&i)? + a)?)
    }
}

/// The encoder: embeddings and layers.
#[derive(Debug, Clone)]
pub struct Bert {
    words: Embedding,
    positions: Embedding,
    types: Embedding,
    norm: LayerNorm,
    /// The transformer layers, bottom first.
    pub layers: Vec<Layer>,
}

impl Bert {
    /// Builds the model from named tensors (Hugging Face BERT names, with or without a
    /// `bert.` prefix).
    pub fn from_tensors(
        config: BertConfig,
        tensors: &HashMap<String, Tensor>,
    ) -> Result<Bert, EncoderError> {
        let prefixed = tensors.keys().any(|k| k.starts_with("bert."));
        let vb = VarBuilder::from_tensors(tensors.clone(), DType::F32, &Device::Cpu);
        let vb = if prefixed { vb.pp("bert") } else { vb };
        Ok(Bert::new(config, vb)?)
    }

    /// Builds the model from a var builder rooted at the BERT names.
    pub fn new(c: BertConfig, vb: VarBuilder) -> candle_core::Result<Bert> {
        let e = vb.pp("embeddings");
        let layers = (0..c.num_hidden_layers)
            .map(|i| Layer::new(&c, vb.pp(format!("encoder.layer.{i}"))))
            .collect::<candle_core::Result<Vec<_>>>()?;
        Ok(Bert {
            words: embedding(c.vocab_size, c.hidden_size, e.pp("word_embeddings"))?,
            positions: embedding(
                c.max_position_embeddings,
                c.hidden_size,
                e.pp("position_embeddings"),
            )?,
            types: embedding(
                c.type_vocab_size,
                c.hidden_size,
                e.pp("token_type_embeddings"),
            )?,
            norm: layer_norm(c.hidden_size, c.layer_norm_eps, e.pp("LayerNorm"))?,
            layers,
        })
    }

    /// Embeddings of `ids` (batch, len) → (batch, len, hidden).
    pub fn embed(&self, ids: &Tensor) -> candle_core::Result<Tensor> {
        let (_, n) = ids.dims2()?;
        let pos = Tensor::arange(0u32, n as u32, ids.device())?.unsqueeze(0)?;
        let types = ids.zeros_like()?;
        let x = self
            .words
            .forward(ids)?
            .broadcast_add(&self.positions.forward(&pos)?)?
            .add(&self.types.forward(&types)?)?;
        self.norm.forward(&x)
    }

    /// The embeddings and the outputs of layers `1..=top`, in order.
    pub fn forward_all(&self, ids: &Tensor, top: usize) -> candle_core::Result<Vec<Tensor>> {
        let mut outs = vec![self.embed(ids)?];
        for l in self.layers.iter().take(top) {
            let next = match outs.last() {
                Some(x) => l.forward(x)?,
                None => break,
            };
            outs.push(next);
        }
        Ok(outs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_lacking_a_field_is_an_error_naming_it() {
        let dir = std::env::temp_dir().join(format!("sitrep-bert-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.json");
        let mut cfg = serde_json::json!({
            "vocab_size": 30522, "hidden_size": 384, "num_hidden_layers": 6,
            "num_attention_heads": 12, "intermediate_size": 1536,
            "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12
        });
        std::fs::write(&path, cfg.to_string()).unwrap();
        let c = BertConfig::read(&path).unwrap();
        assert_eq!((c.type_vocab_size, c.num_hidden_layers), (2, 6));
        for field in ["type_vocab_size", "hidden_size"] {
            let mut less = cfg.clone();
            less.as_object_mut().unwrap().remove(field);
            std::fs::write(&path, less.to_string()).unwrap();
            let e = BertConfig::read(&path).unwrap_err().to_string();
            assert!(e.contains(&format!("missing {field}")), "{e}");
        }
        cfg["hidden_act"] = serde_json::json!("relu");
        std::fs::write(&path, cfg.to_string()).unwrap();
        assert!(BertConfig::read(&path).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
