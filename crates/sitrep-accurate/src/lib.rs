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
pub mod sent;
pub mod train;

use std::path::{Path, PathBuf};
use std::time::Instant;

use sitrep_encoder::Encoder;
use sitrep_muc4::model::text::tokenize;
use sitrep_muc4::{
    score_ceaf_ree, score_gtt, DocPrediction, Evaluation, Evidence, Gold, Muc4Model, PredTemplate,
    Predictions,
};

pub use head::{Head, HeadConfig};
pub use sent::SentHead;
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

/// At most this many rounds of dev tuning (until a round brings no gain): two, as for
/// the fast tier, stopped short of the settings the encoder's evidence wants.
pub const TUNE_ROUNDS: usize = 6;

/// The encoder layers whose outputs, concatenated, feed the head.
pub const LAYERS: [usize; 3] = [2, 4, 6];

/// Evidence of both heads from an encoding of `text` (layers [`LAYERS`]).
pub fn evidence_of(
    head: &Head,
    doc_head: &SentHead,
    enc: &sitrep_encoder::Encoded,
    text: &str,
) -> Result<Evidence, AccurateError> {
    let toks = tokenize(text);
    let vecs = align::token_vectors(enc, &toks);
    let rows = sent::sentence_vectors(enc, &toks);
    evidence_from(head, doc_head, &vecs, &rows, &toks)
}

/// [`evidence_of`] given a document's token vectors (`vecs`, from
/// [`align::token_vectors`]) and sentence rows (`rows`, from [`sent::sentence_vectors`]).
pub fn evidence_from(
    head: &Head,
    doc_head: &SentHead,
    vecs: &[f32],
    rows: &[f32],
    toks: &[sitrep_muc4::model::text::Token],
) -> Result<Evidence, AccurateError> {
    evidence_from_rows(head.probs(vecs)?, doc_head, rows, toks)
}

/// Token evidence completed with the document head's view of a document's sentence rows
/// (`rows`, from [`sent::sentence_vectors`] over `toks`): document probabilities, and
/// every token its sentence's probabilities.
pub fn evidence_from_rows(
    tags: sitrep_muc4::TagProbs,
    doc_head: &SentHead,
    rows: &[f32],
    toks: &[sitrep_muc4::model::text::Token],
) -> Result<Evidence, AccurateError> {
    let (p, per_sentence) = doc_head.all_probs(rows)?;
    evidence_from_outputs(tags, p, per_sentence, toks)
}

/// Token evidence completed with a document head's outputs: document probabilities `p`
/// and per-sentence probabilities, which every token of the sentence gets.
fn evidence_from_outputs(
    tags: sitrep_muc4::TagProbs,
    p: [f32; sent::N_DOC],
    per_sentence: Vec<[f32; sitrep_muc4::model::enc::N_SENT]>,
    toks: &[sitrep_muc4::model::text::Token],
) -> Result<Evidence, AccurateError> {
    let mut sent = Vec::with_capacity(toks.len());
    for (r, s) in sitrep_muc4::model::sentences(toks)
        .into_iter()
        .zip(&per_sentence)
    {
        sent.extend(std::iter::repeat_n(*s, r.len()));
    }
    // A head without per-sentence outputs gives no sentence evidence.
    if !per_sentence.is_empty() && sent.len() != toks.len() {
        return Err(AccurateError::Invalid(format!(
            "{} sentence rows do not cover {} tokens",
            per_sentence.len(),
            toks.len()
        )));
    }
    let mut doc = [0f32; sitrep_muc4::model::doc::N_OUT];
    for (d, s) in doc.iter_mut().zip(p) {
        *d = s;
    }
    Ok(Evidence {
        tags,
        doc: Some(doc),
        multi: p.get(sent::MULTI).copied(),
        sent,
    })
}

/// The accurate tier, loaded: encoder, heads and extractor.
#[derive(Debug)]
pub struct AccurateModel {
    /// The encoder (frozen).
    pub encoder: Encoder,
    /// The token head over the encoder's layers [`LAYERS`].
    pub head: Head,
    /// The document head.
    pub doc_head: SentHead,
    /// The extractor trained with the heads' evidence.
    pub muc4: Muc4Model,
}

impl AccurateModel {
    /// Loads the encoder from `encoder_dir` and the trained parameters from `model_dir`:
    /// `heads.safetensors` (both heads) and `muc4-accurate.bin.gz`.
    pub fn load(encoder_dir: &Path, model_dir: &Path) -> Result<AccurateModel, AccurateError> {
        let heads = model_dir.join(head::HEADS_FILE);
        let encoder = Encoder::load(encoder_dir)?;
        let width = encoder.dim() * LAYERS.len();
        let (head, doc_head) = head::load_heads(&heads)?;
        if head.input != width {
            return Err(AccurateError::Invalid(format!(
                "{}: head expects {} inputs, encoder gives {width}",
                heads.display(),
                head.input
            )));
        }
        let muc4_path = model_dir.join("muc4-accurate.bin.gz");
        if !muc4_path.is_file() {
            return Err(AccurateError::Missing(muc4_path));
        }
        let muc4 = Muc4Model::load_file(&muc4_path)?;
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

/// The accurate tier as a role proposer for `sitrep extract`: the extractor's candidates
/// scored with the encoder's evidence, at the extractor's tuned thresholds. An encoder
/// failure on a text proposes nothing (the rules' record stands) and is counted.
#[derive(Debug)]
pub struct AccurateRoles {
    model: AccurateModel,
    failures: std::sync::atomic::AtomicUsize,
}

impl AccurateRoles {
    /// Wraps a loaded tier.
    pub fn new(model: AccurateModel) -> AccurateRoles {
        AccurateRoles {
            model,
            failures: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Texts on which the encoder failed so far.
    pub fn failures(&self) -> usize {
        self.failures.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl sitrep_pipeline::RoleProposer for AccurateRoles {
    fn propose(&self, text: &str) -> Vec<sitrep_pipeline::RoleProposal> {
        match self.model.evidence(text) {
            Ok(ev) => sitrep_pipeline::proposals(
                text,
                self.model.muc4.scored_candidates_with(text, Some(&ev)),
                &self.model.muc4.decode.cand_threshold,
            ),
            Err(_) => {
                self.failures
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Vec::new()
            }
        }
    }
}
