//! sitrep's accurate tier: a pretrained encoder (MiniLM-L6, [`sitrep_encoder`]) gives
//! every token a contextual vector; a small head trained in Rust on MUC-4 train turns the
//! vectors into role-tag probabilities; the learned extractor of [`sitrep_muc4`], trained
//! with those probabilities as evidence (cross-fitted), takes the document-level decisions
//! (relevance, incident types, template count, which entity fills which role).
//!
//! What it is for: `sitrep train muc4 --tier accurate`, `sitrep eval muc4 --tier accurate`
//! and `sitrep extract --tier accurate`. What it is not for: fetching weights (see
//! `scripts/fetch-encoder.sh`) or fine-tuning the encoder, which stays frozen.

pub mod align;
pub mod cache;
pub mod head;
pub mod train;

use std::path::{Path, PathBuf};
use std::time::Instant;

use sitrep_encoder::Encoder;
use sitrep_muc4::model::text::tokenize;
use sitrep_muc4::{
    score_ceaf_ree, score_gtt, DocPrediction, Evaluation, Evidence, Gold, Muc4Model, PredTemplate,
    Predictions,
};

pub use head::{DocHead, Head, HeadConfig};
pub use train::{train_and_tune, AccurateTrainConfig, AccurateTrainSummary};

/// Errors of the accurate tier.
#[derive(Debug, thiserror::Error)]
pub enum AccurateError {
    /// The encoder failed (weights missing, tokenizer).
    #[error(transparent)]
    Encoder(#[from] sitrep_encoder::EncoderError),
    /// The learned extractor or the MUC-4 data failed.
    #[error(transparent)]
    Muc4(#[from] sitrep_muc4::Muc4Error),
    /// A tensor operation failed.
    #[error("tensor: {0}")]
    Tensor(#[from] candle_core::Error),
    /// A model file is missing.
    #[error("accurate-tier model file not found: {0} (build it with `sitrep train muc4 --tier accurate`)")]
    Missing(PathBuf),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// Inconsistent data or settings.
    #[error("{0}")]
    Invalid(String),
}

/// Where the committed accurate-tier parameters live: `<crate>/model/`.
pub fn default_model_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("model")
}

/// The encoder layers whose outputs, concatenated, feed the head.
pub const LAYERS: [usize; 3] = [2, 4, 6];

/// Evidence of both heads from an encoding of `text` (layers [`LAYERS`]).
pub fn evidence_of(
    head: &Head,
    doc_head: &DocHead,
    enc: &sitrep_encoder::Encoded,
    text: &str,
) -> Result<Evidence, AccurateError> {
    let toks = tokenize(text);
    let tags = head.probs(&align::token_vectors(enc, &toks))?;
    let width = doc_head.input;
    let from = enc.dim.saturating_sub(width);
    let doc = doc_head.probs(&head::doc_vector(enc, from, width))?;
    Ok(Evidence {
        tags,
        doc: Some(doc),
    })
}

/// The accurate tier, loaded: encoder, heads and extractor.
#[derive(Debug)]
pub struct AccurateModel {
    /// The frozen encoder.
    pub encoder: Encoder,
    /// The token head.
    pub head: Head,
    /// The document head.
    pub doc_head: DocHead,
    /// The extractor trained with the head's evidence.
    pub muc4: Muc4Model,
}

impl AccurateModel {
    /// Loads the encoder from `encoder_dir` and the trained parameters from `model_dir`
    /// (`head.safetensors`, `muc4-accurate.bin.gz`).
    pub fn load(encoder_dir: &Path, model_dir: &Path) -> Result<AccurateModel, AccurateError> {
        let encoder = Encoder::load(encoder_dir)?;
        let (head, doc_head) = head::load_heads(&model_dir.join("heads.safetensors"))?;
        let muc4_path = model_dir.join("muc4-accurate.bin.gz");
        if !muc4_path.is_file() {
            return Err(AccurateError::Missing(muc4_path));
        }
        let muc4 = Muc4Model::load_file(&muc4_path)?;
        if head.input != encoder.dim() * LAYERS.len() {
            return Err(AccurateError::Invalid(format!(
                "head expects {} inputs, encoder gives {}",
                head.input,
                encoder.dim() * LAYERS.len()
            )));
        }
        Ok(AccurateModel {
            encoder,
            head,
            doc_head,
            muc4,
        })
    }

    /// The heads' evidence on a text: tag probabilities of every token of
    /// `tokenize(text)` and document probabilities.
    pub fn evidence(&self, text: &str) -> Result<Evidence, AccurateError> {
        let pieces = self.encoder.pieces(text)?;
        let enc = self.encoder.encode_pieces(&pieces, &LAYERS)?;
        evidence_of(&self.head, &self.doc_head, &enc, text)
    }

    /// Templates of a text (spans are byte offsets into `text`).
    pub fn predict(&self, text: &str) -> Result<Vec<PredTemplate>, AccurateError> {
        let ev = self.evidence(text)?;
        Ok(self.muc4.predict_with(text, Some(&ev)))
    }

    /// Runs the tier on every document of `gold` and scores it with both scorers.
    pub fn evaluate(&self, gold: &Gold) -> Result<Evaluation, AccurateError> {
        let t = Instant::now();
        let mut predictions = Predictions::new();
        for d in &gold.templates {
            let key = sitrep_muc4::docid_to_key(&d.docid)?;
            predictions.insert(
                key,
                DocPrediction::from_templates(self.predict(&d.doctext)?),
            );
        }
        let secs = t.elapsed().as_secs_f64();
        Ok(Evaluation {
            gtt: score_gtt(&gold.templates, &predictions)?,
            ceaf_ree: score_ceaf_ree(&gold.role_fillers, &predictions)?,
            docs_per_sec: gold.templates.len() as f64 / secs.max(1e-9),
            predictions,
        })
    }
}
