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
pub mod ft;
pub mod head;
pub mod sent;
pub mod span;
pub mod top;
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

/// Area under the ROC curve of scores with binary labels (ties broken by order; 0 when a
/// class is missing). The diagnostics' measure of a document decision.
pub fn roc_auc(s: &[(f32, bool)]) -> f64 {
    let mut v = s.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut rank_sum, mut npos) = (0f64, 0f64);
    for (i, (_, y)) in v.iter().enumerate() {
        if *y {
            rank_sum += (i + 1) as f64;
            npos += 1.0;
        }
    }
    let nneg = v.len() as f64 - npos;
    (rank_sum - npos * (npos + 1.0) / 2.0) / (npos * nneg).max(1.0)
}

/// Evidence of both heads from an encoding of `text` (layers [`LAYERS`]).
pub fn evidence_of(
    head: &Head,
    doc_head: &SentHead,
    enc: &sitrep_encoder::Encoded,
    text: &str,
) -> Result<Evidence, AccurateError> {
    members_evidence(&[head], &[doc_head], enc, text)
}

/// Evidence of an ensemble's members from an encoding of `text`: every probability is
/// the mean of the members' (token heads `heads`, document heads `doc_heads`, at least
/// one of each; one of each gives exactly [`evidence_of`]'s evidence).
pub fn members_evidence(
    heads: &[&Head],
    doc_heads: &[&SentHead],
    enc: &sitrep_encoder::Encoded,
    text: &str,
) -> Result<Evidence, AccurateError> {
    let toks = tokenize(text);
    let vecs = align::token_vectors(enc, &toks);
    let rows = sent::sentence_vectors(enc, &toks);
    members_evidence_from(heads, doc_heads, &vecs, &rows, &toks)
}

/// [`members_evidence`] given a document's token vectors (`vecs`, from
/// [`align::token_vectors`]) and sentence rows (`rows`, from [`sent::sentence_vectors`]).
pub fn members_evidence_from(
    heads: &[&Head],
    doc_heads: &[&SentHead],
    vecs: &[f32],
    rows: &[f32],
    toks: &[sitrep_muc4::model::text::Token],
) -> Result<Evidence, AccurateError> {
    if heads.is_empty() || doc_heads.is_empty() {
        return Err(AccurateError::Invalid(
            "an ensemble needs at least one token head and one document head".into(),
        ));
    }
    let tags = mean_rows(
        heads
            .iter()
            .map(|h| h.probs(vecs))
            .collect::<Result<Vec<_>, _>>()?,
    )?;
    let spans = mean_rows(
        heads
            .iter()
            .map(|h| h.span_probs(vecs, toks))
            .collect::<Result<Vec<_>, _>>()?,
    )?;
    let mut docs = Vec::with_capacity(doc_heads.len());
    let mut sents = Vec::with_capacity(doc_heads.len());
    for d in doc_heads {
        let (p, s) = d.all_probs(rows)?;
        docs.push(vec![p]);
        sents.push(s);
    }
    let p = mean_rows(docs)?.pop().unwrap_or([0f32; sent::N_DOC]);
    let mut ev = evidence_from_outputs(tags, p, mean_rows(sents)?, toks)?;
    ev.spans = spans;
    Ok(ev)
}

/// The element-wise mean of several members' rows (all of one length; one member's rows
/// are returned as they are).
fn mean_rows<const N: usize>(
    mut members: Vec<Vec<[f32; N]>>,
) -> Result<Vec<[f32; N]>, AccurateError> {
    let n = members.len();
    let Some(mut sum) = members.pop() else {
        return Ok(Vec::new());
    };
    if n == 1 {
        return Ok(sum);
    }
    for m in &members {
        if m.len() != sum.len() {
            return Err(AccurateError::Invalid(format!(
                "ensemble members disagree on the number of rows ({} and {})",
                m.len(),
                sum.len()
            )));
        }
        for (a, b) in sum.iter_mut().zip(m) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += *y;
            }
        }
    }
    let k = n as f32;
    for a in &mut sum {
        for x in a.iter_mut() {
            *x /= k;
        }
    }
    Ok(sum)
}

/// Completes token evidence with the document head's probabilities.
pub fn with_doc_evidence(
    tags: sitrep_muc4::TagProbs,
    doc_head: &SentHead,
    enc: &sitrep_encoder::Encoded,
    toks: &[sitrep_muc4::model::text::Token],
) -> Result<Evidence, AccurateError> {
    let rows = sent::sentence_vectors(enc, toks);
    evidence_from_rows(tags, doc_head, &rows, toks)
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
        spans: Vec::new(),
    })
}

/// How tokens get their tag probabilities.
#[derive(Debug)]
pub enum TokenModel {
    /// A head over the frozen encoder's layers [`LAYERS`].
    Frozen(Head),
    /// Fine-tuned top layers and head over a frozen layer ([`top::TopModel::from`];
    /// run in candle).
    Top(top::TopModel),
}

/// The accurate tier, loaded: encoder, heads and extractor.
#[derive(Debug)]
pub struct AccurateModel {
    /// The encoder (frozen; the fine-tuned top layers live in [`TokenModel::Top`]).
    pub encoder: Encoder,
    /// The token model.
    pub tokens: TokenModel,
    /// The document head.
    pub doc_head: SentHead,
    /// Further members of an ensemble (`--members`): token and document heads trained
    /// alike with other seeds, whose probabilities are averaged with the first's. Empty
    /// for the committed model.
    pub members: Vec<(Head, SentHead)>,
    /// The extractor trained with the heads' evidence.
    pub muc4: Muc4Model,
}

impl AccurateModel {
    /// Loads the encoder from `encoder_dir` and the trained parameters from `model_dir`:
    /// `top.safetensors` (fine-tuned variant) when present, `heads.safetensors`,
    /// `muc4-accurate.bin.gz`.
    pub fn load(encoder_dir: &Path, model_dir: &Path) -> Result<AccurateModel, AccurateError> {
        let heads = head::member_path(model_dir, 1);
        let top_path = model_dir.join("top.safetensors");
        let encoder = Encoder::load(encoder_dir)?;
        let width = encoder.dim() * LAYERS.len();
        // Both heads of a member's file, checked against the encoder's width.
        let load_member = |path: &Path| -> Result<(Head, SentHead), AccurateError> {
            let (h, d) = head::load_heads(path)?;
            if h.input != width {
                return Err(AccurateError::Invalid(format!(
                    "{}: head expects {} inputs, encoder gives {width}",
                    path.display(),
                    h.input
                )));
            }
            Ok((h, d))
        };
        let mut members = Vec::new();
        let (tokens, doc_head) = if top_path.is_file() {
            let model = top::TopModel::load(encoder.config(), &top_path)?;
            (TokenModel::Top(model), head::load_doc_head(&heads)?)
        } else {
            let (h, d) = load_member(&heads)?;
            loop {
                let path = head::member_path(model_dir, members.len() + 2);
                if !path.is_file() {
                    break;
                }
                members.push(load_member(&path)?);
            }
            (TokenModel::Frozen(h), d)
        };
        let muc4_path = model_dir.join("muc4-accurate.bin.gz");
        if !muc4_path.is_file() {
            return Err(AccurateError::Missing(muc4_path));
        }
        let muc4 = Muc4Model::load_file(&muc4_path)?;
        Ok(AccurateModel {
            encoder,
            tokens,
            doc_head,
            members,
            muc4,
        })
    }

    /// The heads' evidence from an encoding of `text` (layers [`LAYERS`]).
    pub fn evidence_of_encoded(
        &self,
        enc: &sitrep_encoder::Encoded,
        text: &str,
    ) -> Result<Evidence, AccurateError> {
        match &self.tokens {
            TokenModel::Frozen(h) => {
                let mut heads = vec![h];
                let mut docs = vec![&self.doc_head];
                for (h, d) in &self.members {
                    heads.push(h);
                    docs.push(d);
                }
                members_evidence(&heads, &docs, enc, text)
            }
            TokenModel::Top(model) => ft::evidence(model, &self.doc_head, enc, text),
        }
    }

    /// The heads' evidence on a text: tag probabilities of every token of
    /// `tokenize(text)` and document probabilities.
    pub fn evidence(&self, text: &str) -> Result<Evidence, AccurateError> {
        let pieces = self.encoder.pieces(text)?;
        let enc = self.encoder.encode_pieces(&pieces, &LAYERS)?;
        self.evidence_of_encoded(&enc, text)
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

#[cfg(test)]
mod auc_tests {
    use super::roc_auc;

    #[test]
    fn roc_auc_counts_the_ordered_pairs() {
        let perfect = [(0.1, false), (0.2, false), (0.8, true), (0.9, true)];
        assert_eq!(roc_auc(&perfect), 1.0);
        let reversed = [(0.9, false), (0.1, true)];
        assert_eq!(roc_auc(&reversed), 0.0);
        // 3 of the 4 (positive, negative) pairs are ordered right.
        let mixed = [(0.1, false), (0.4, false), (0.35, true), (0.8, true)];
        assert!((roc_auc(&mixed) - 0.75).abs() < 1e-12);
    }
}
