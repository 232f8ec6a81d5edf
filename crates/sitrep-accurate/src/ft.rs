//! Training of the fine-tuned variant of the accurate tier: top encoder layers and token
//! head fine-tuned on MUC-4 train ([`crate::top`]), cross-fitted by halves into the
//! extractor's training evidence, and the sentence-attention document head over the frozen layers.

use std::path::Path;
use std::time::Instant;

use sitrep_encoder::Encoded;
use sitrep_muc4::model::text::tokenize;
use sitrep_muc4::{Evidence, Muc4Model, TagProbs};

use crate::sent::{sent_input, SentHead};
use crate::top::{layer_rows, token_probs, training_data, TopConfig, TopModel};
use crate::train::{
    doc_heads, encoded, extractor, inputs, sentence_rows, AccurateTrainConfig,
    AccurateTrainSummary, Inputs,
};
use crate::{evidence_from_rows, with_doc_evidence, AccurateError};

/// The fine-tuned tier, trained: top model, document head, extractor.
pub type TrainedTop = (TopModel, SentHead, Muc4Model);

/// Evidence for a document from its encoding.
pub fn evidence(
    top: &TopModel,
    doc_head: &SentHead,
    e: &Encoded,
    text: &str,
) -> Result<Evidence, AccurateError> {
    let tags = top_tags(top, e, text)?;
    with_doc_evidence(tags, doc_head, e, &tokenize(text))
}

/// Tag probabilities of every token of `text` from the top model.
fn top_tags(top: &TopModel, e: &Encoded, text: &str) -> Result<TagProbs, AccurateError> {
    let (x, _) = layer_rows(e, top.from)?;
    let pp = top.piece_probs(&x)?;
    Ok(token_probs(&e.spans, &tokenize(text), &pp))
}

/// Trains the top models (one per half of train, for cross-fitting, and one on all of
/// it), then the document heads and the extractor, and tunes on dev.
pub fn train_and_tune_top(
    cfg: &AccurateTrainConfig,
    top_cfg: &TopConfig,
    mut progress: impl FnMut(&str),
) -> Result<(TrainedTop, AccurateTrainSummary), AccurateError> {
    let Inputs {
        docs,
        enc,
        dev,
        enc_dev,
        encode_secs,
    } = inputs(cfg)?;
    let mut summary = AccurateTrainSummary {
        encode_secs,
        ..AccurateTrainSummary::default()
    };
    let bert_cfg = sitrep_encoder::BertConfig::read(&cfg.encoder_dir.join("config.json"))?;
    let t = Instant::now();
    let mut halves: [Vec<(Vec<f32>, Vec<u32>)>; 2] = [Vec::new(), Vec::new()];
    for (i, d) in docs.iter().enumerate() {
        if !d.templates.is_empty() {
            halves[i % 2].push(training_data(encoded(&enc, d)?, d, top_cfg.from)?);
        }
    }
    let weights = cfg.encoder_dir.join("model.safetensors");
    let mut tops = Vec::new();
    for (name, which) in [("a", vec![0]), ("b", vec![1]), ("full", vec![0, 1])] {
        let data: Vec<(Vec<f32>, Vec<u32>)> = which
            .iter()
            .flat_map(|&h| halves[h].iter().cloned())
            .collect();
        let m = TopModel::new(&bert_cfg, &weights, top_cfg.seed, top_cfg.from)?;
        m.train(&data, top_cfg, |s, n, l| {
            if s % 200 == 0 || s == n {
                progress(&format!("top {name}: step {s}/{n}, loss {l:.4}"));
            }
        })?;
        tops.push(m);
    }
    drop(halves);
    let [top_a, top_b, top_full]: [TopModel; 3] = tops
        .try_into()
        .map_err(|_| AccurateError::Invalid("three top models expected".into()))?;
    let srows = sentence_rows(&enc, &docs)?;
    let sin = sent_input(bert_cfg.hidden_size * crate::LAYERS.len());
    let (doc_folds, doc_head) = doc_heads(&docs, &srows, sin, &cfg.sent, 2)?;
    let mut extra = Vec::with_capacity(docs.len());
    for (i, (d, rows)) in docs.iter().zip(&srows).enumerate() {
        // The document head of fold i % 2 was trained on the other half.
        let dh = &doc_folds[i % 2];
        let top = if i % 2 == 0 { &top_b } else { &top_a };
        let tags = top_tags(top, encoded(&enc, d)?, &d.doctext)?;
        extra.push(evidence_from_rows(tags, dh, rows, &tokenize(&d.doctext))?);
    }
    summary.head_secs = t.elapsed().as_secs_f64();
    drop(enc);
    progress("extractor");
    let muc4 = extractor(
        &docs,
        cfg,
        &extra,
        &dev,
        enc_dev.as_ref(),
        |d, e| evidence(&top_full, &doc_head, e, &d.doctext),
        &mut summary,
    )?;
    Ok(((top_full, doc_head, muc4), summary))
}

/// Saves the fine-tuned tier into `dir` (`top.safetensors`, `heads.safetensors`,
/// `muc4-accurate.bin.gz`).
pub fn save(t: &TrainedTop, dir: &Path) -> Result<(), AccurateError> {
    let (top, doc_head, muc4) = t;
    std::fs::create_dir_all(dir).map_err(|source| AccurateError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    top.save(&dir.join("top.safetensors"))?;
    crate::head::save_doc_head(doc_head, &dir.join("heads.safetensors"))?;
    muc4.save_file(&dir.join("muc4-accurate.bin.gz"))?;
    Ok(())
}
