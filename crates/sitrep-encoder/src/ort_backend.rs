//! The ONNX Runtime backend: `model.onnx` (written by `tools/export_onnx.py`) run by the
//! ONNX Runtime shared library, loaded at run time (`ort` with `load-dynamic`).
//!
//! The graph takes `input_ids` int64 `(1, seq)` and gives `hidden_0` (the embeddings) and
//! `hidden_1`..`hidden_L` (each layer's output), all float32 `(1, seq, hidden)`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ort::environment::Environment;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::Tensor;

use crate::EncoderError;

/// Settings of the ONNX Runtime backend. The defaults read `$SITREP_ORT_THREADS` (threads)
/// and `$SITREP_ORT_SPIN` (`1` to spin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrtOptions {
    /// Threads ONNX Runtime uses inside one operator (matrix products). Default: 2, or
    /// `$SITREP_ORT_THREADS` when set to a positive number.
    pub intra_threads: usize,
    /// Whether idle worker threads spin waiting for work (ONNX Runtime's default). Off by
    /// default: on a shared, busy machine spinning threads steal the cores the work needs
    /// (measured here: 2 spinning threads ran at half the speed of 1).
    pub spin: bool,
    /// The ONNX Runtime shared library; `None` looks it up with [`ort_library`].
    pub library: Option<PathBuf>,
}

impl Default for OrtOptions {
    fn default() -> Self {
        let intra_threads = std::env::var("SITREP_ORT_THREADS")
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or(2);
        OrtOptions {
            intra_threads,
            spin: std::env::var("SITREP_ORT_SPIN").is_ok_and(|v| v == "1"),
            library: None,
        }
    }
}

/// Where the ONNX Runtime library is: `$ORT_DYLIB_PATH` when set, else the
/// `libonnxruntime.so*` file in `onnxruntime/` beside the weights directory (so
/// `models/onnxruntime/` for `models/all-minilm-l6-v2/`, where `scripts/fetch-encoder.sh`
/// puts it).
pub fn ort_library(weights_dir: &Path) -> Result<PathBuf, EncoderError> {
    if let Some(p) = std::env::var_os("ORT_DYLIB_PATH") {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(EncoderError::OrtLibraryMissing(p))
        };
    }
    let base = weights_dir
        .canonicalize()
        .unwrap_or_else(|_| weights_dir.to_path_buf());
    let dir = match base.parent() {
        Some(parent) => parent.join("onnxruntime"),
        None => base.join("../onnxruntime"),
    };
    find_library(&dir).ok_or(EncoderError::OrtLibraryMissing(dir))
}

/// The `libonnxruntime.so*` file of `dir`: `libonnxruntime.so` itself when there, else the
/// versioned name that sorts last.
fn find_library(dir: &Path) -> Option<PathBuf> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("libonnxruntime.so") && !n.ends_with(".tmp"))
        .collect();
    names.sort();
    let pick = if names.iter().any(|n| n == "libonnxruntime.so") {
        "libonnxruntime.so".to_string()
    } else {
        names.pop()?
    };
    Some(dir.join(pick))
}

/// ONNX Runtime allows one environment per process, and one library: the first one loaded
/// serves every later encoder.
static ENVIRONMENT: Mutex<Option<Environment>> = Mutex::new(None);

fn environment(library: &Path) -> Result<Environment, EncoderError> {
    let mut slot = ENVIRONMENT
        .lock()
        .map_err(|_| EncoderError::Ort("the ONNX Runtime environment lock is poisoned".into()))?;
    if let Some(env) = slot.as_ref() {
        return Ok(env.clone());
    }
    let env = ort::init_from(library)
        .map_err(|e| EncoderError::OrtLibrary {
            path: library.to_path_buf(),
            message: e.to_string(),
        })?
        .with_name("sitrep-encoder")
        .build()
        .map_err(ort_err)?;
    *slot = Some(env.clone());
    Ok(env)
}

fn ort_err(e: impl std::fmt::Display) -> EncoderError {
    EncoderError::Ort(e.to_string())
}

/// A loaded ONNX graph of the encoder.
pub(crate) struct OrtModel {
    session: Mutex<Session>,
    /// Outputs `hidden_0..=hidden_{layers}`.
    layers: usize,
    hidden: usize,
}

impl OrtModel {
    /// Loads `model` with the library `library`; checks its outputs against the config.
    pub(crate) fn load(
        model: &Path,
        library: &Path,
        options: &OrtOptions,
        layers: usize,
        hidden: usize,
    ) -> Result<OrtModel, EncoderError> {
        let env = environment(library)?;
        let session = Session::builder(&env)
            .map_err(ort_err)?
            .with_intra_threads(options.intra_threads.max(1))
            .map_err(ort_err)?
            .with_optimization_level(GraphOptimizationLevel::Level3)
            .map_err(ort_err)?
            .with_config_entry(
                "session.intra_op.allow_spinning",
                if options.spin { "1" } else { "0" },
            )
            .map_err(ort_err)?
            .commit_from_file(model)
            .map_err(|e| EncoderError::OrtModel {
                path: model.to_path_buf(),
                message: e.to_string(),
            })?;
        let has_input = session.inputs().iter().any(|i| i.name() == "input_ids");
        let outputs: Vec<&str> = session.outputs().iter().map(|o| o.name()).collect();
        let missing = (0..=layers)
            .map(|l| format!("hidden_{l}"))
            .find(|name| !outputs.contains(&name.as_str()));
        if !has_input || missing.is_some() {
            return Err(EncoderError::OrtModel {
                path: model.to_path_buf(),
                message: format!(
                    "expected input input_ids and outputs hidden_0..hidden_{layers}, found outputs {outputs:?}{}",
                    missing.map(|m| format!(" (no {m})")).unwrap_or_default()
                ),
            });
        }
        Ok(OrtModel {
            session: Mutex::new(session),
            layers,
            hidden,
        })
    }

    /// Runs one window of ids (with its `[CLS]`/`[SEP]`); for each of `wanted` (0 = the
    /// embeddings, `k` = layer `k`'s output), the row-major `ids.len() × hidden` states.
    pub(crate) fn forward(
        &self,
        ids: &[u32],
        wanted: &[usize],
    ) -> Result<Vec<Vec<f32>>, EncoderError> {
        let n = ids.len();
        let input: Vec<i64> = ids.iter().map(|&i| i64::from(i)).collect();
        let tensor = Tensor::<i64>::from_array(([1usize, n], input)).map_err(ort_err)?;
        let mut session = self
            .session
            .lock()
            .map_err(|_| EncoderError::Ort("the ONNX Runtime session lock is poisoned".into()))?;
        let outputs = session
            .run(ort::inputs!["input_ids" => tensor])
            .map_err(ort_err)?;
        let mut out = Vec::with_capacity(wanted.len());
        for &l in wanted {
            if l > self.layers {
                return Err(EncoderError::Layer {
                    layer: l,
                    layers: self.layers,
                });
            }
            let name = format!("hidden_{l}");
            let value = outputs
                .get(&name)
                .ok_or_else(|| EncoderError::Ort(format!("the graph gave no {name}")))?;
            let (shape, data) = value.try_extract_tensor::<f32>().map_err(ort_err)?;
            let dims: &[i64] = shape;
            if dims != [1, n as i64, self.hidden as i64] || data.len() != n * self.hidden {
                return Err(EncoderError::Ort(format!(
                    "{name} has shape {dims:?}, expected [1, {n}, {}]",
                    self.hidden
                )));
            }
            out.push(data.to_vec());
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_versioned_library_and_prefers_the_plain_name() {
        let dir = std::env::temp_dir().join(format!("sitrep-ort-find-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(find_library(&dir), None);
        std::fs::write(dir.join("libonnxruntime_providers_shared.so"), b"").unwrap();
        std::fs::write(dir.join("libonnxruntime.so.1.31.1.tmp"), b"").unwrap();
        assert_eq!(find_library(&dir), None);
        std::fs::write(dir.join("libonnxruntime.so.1.30.0"), b"").unwrap();
        std::fs::write(dir.join("libonnxruntime.so.1.31.1"), b"").unwrap();
        assert_eq!(
            find_library(&dir),
            Some(dir.join("libonnxruntime.so.1.31.1"))
        );
        std::fs::write(dir.join("libonnxruntime.so"), b"").unwrap();
        assert_eq!(find_library(&dir), Some(dir.join("libonnxruntime.so")));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_directory_has_no_library() {
        assert_eq!(find_library(Path::new("/nonexistent/sitrep/ort")), None);
    }
}
