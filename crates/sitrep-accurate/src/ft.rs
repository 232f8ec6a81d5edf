//! Training of the fine-tuned variant of the accurate tier: top encoder layers and token
//! head fine-tuned on MUC-4 train ([`crate::top`]), cross-fitted by halves into the
//! extractor's training evidence, and the sentence-attention document head over the frozen layers.

use std::path::Path;
use std::time::Instant;

use sitrep_encoder::Encoded;
use sitrep_muc4::model::text::tokenize;
use sitrep_muc4::{train_with, tune_on_dev_rounds, Evidence, Muc4Model};

use crate::sent::{sent_input, SentHead};
use crate::top::{layer_rows, token_probs, training_data, TopConfig, TopModel};
use crate::train::{
    encoded, inputs, sentence_rows, train_doc_head, AccurateTrainConfig, AccurateTrainSummary,
    Inputs,
};
use crate::{with_doc_evidence, AccurateError};

/// The fine-tuned tier, trained: top model, document head, extractor.
pub type TrainedTop = (TopModel, SentHead, Muc4Model);

/// Evidence for a document from its encoding.
pub fn evidence(
    top: &TopModel,
    doc_head: &SentHead,
    e: &Encoded,
    text: &str,
) -> Result<Evidence, AccurateError> {
    let (x, _) = layer_rows(e, top.from)?;
    let pp = top.piece_probs(&x)?;
    let toks = tokenize(text);
    let tags = token_probs(&e.spans, &toks, &pp);
    with_doc_evidence(tags, doc_head, e, &toks)
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
    let doc_halves = [
        train_doc_head(&docs, &srows, |i| i % 2 == 0, sin, &cfg.sent)?,
        train_doc_head(&docs, &srows, |i| i % 2 == 1, sin, &cfg.sent)?,
    ];
    let doc_head = train_doc_head(&docs, &srows, |_| true, sin, &cfg.sent)?;
    let mut extra = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        let (top, dh) = if i % 2 == 0 {
            (&top_b, &doc_halves[1])
        } else {
            (&top_a, &doc_halves[0])
        };
        extra.push(evidence(top, dh, encoded(&enc, d)?, &d.doctext)?);
    }
    summary.head_secs = t.elapsed().as_secs_f64();
    drop(enc);
    progress("extractor");
    let t = Instant::now();
    let mut muc4 = train_with(&docs, &cfg.muc4, Some(&extra))?;
    summary.muc4_secs = t.elapsed().as_secs_f64();
    if let Some(enc_dev) = enc_dev {
        let t = Instant::now();
        let dev_extra = dev
            .templates
            .iter()
            .map(|d| evidence(&top_full, &doc_head, encoded(&enc_dev, d)?, &d.doctext))
            .collect::<Result<Vec<_>, _>>()?;
        summary.dev_objective =
            tune_on_dev_rounds(&mut muc4, &dev, Some(&dev_extra), crate::TUNE_ROUNDS)?;
        summary.tune_secs = t.elapsed().as_secs_f64();
    }
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
