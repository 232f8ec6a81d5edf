//! `sitrep train muc4 --tier accurate`: encode train and dev once (cached), train the
//! token head (cross-fitted folds, then all of train), train the extractor with the
//! cross-fitted evidence, tune its decisions on dev, and save the parameters.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sitrep_encoder::{Encoded, Encoder};
use sitrep_muc4::model::gold_tags;
use sitrep_muc4::model::text::tokenize;
use sitrep_muc4::{
    cross_tuned_with, load_role_fillers, load_templates, objective, train_with, tune_parts,
    Evidence, Gold, Muc4Doc, Muc4Model, Split, TrainConfig, TunePart,
};

use crate::head::{save_heads, HEADS_FILE};
use crate::sent::{labels, sent_input, sentence_labels, sentence_vectors, SentHead, N_DOC};
use crate::{align, cache, evidence_from, evidence_of, AccurateError, Head, HeadConfig, LAYERS};

/// Settings of [`train_and_tune`].
#[derive(Debug, Clone)]
pub struct AccurateTrainConfig {
    /// MUC-4 data directory.
    pub data_dir: PathBuf,
    /// Encoder weights directory.
    pub encoder_dir: PathBuf,
    /// Where encoder outputs are cached (`enc_train.bin`, `enc_dev.bin`).
    pub cache_dir: PathBuf,
    /// The token head.
    pub head: HeadConfig,
    /// The document head.
    pub sent: HeadConfig,
    /// Cross-fitting folds of the heads (at least 2): the training evidence of each fold
    /// comes from heads trained on the other folds.
    pub folds: usize,
    /// The extractor.
    pub muc4: TrainConfig,
    /// Train on the first `limit` training documents only (tests).
    pub limit: Option<usize>,
    /// Tune the decoding (tests skip it). Tuning pools dev with training documents: each
    /// half of train predicted by an extractor trained on the other half (see
    /// [`sitrep_muc4::tune_parts`]).
    pub tune: bool,
}

/// What training took.
#[derive(Debug, Clone, Default)]
pub struct AccurateTrainSummary {
    /// Seconds spent encoding (0 when cached).
    pub encode_secs: f64,
    /// Seconds spent training the heads.
    pub head_secs: f64,
    /// Seconds spent training the extractor.
    pub muc4_secs: f64,
    /// Seconds spent tuning on dev.
    pub tune_secs: f64,
    /// Dev objective after tuning.
    pub dev_objective: f64,
    /// Dev scores of decoding tuned without the documents scored (see
    /// [`sitrep_muc4::cross_tuned`]): objective, GTT F1, CEAF-REE F1.
    pub cross_tuned: Option<(f64, f64, f64)>,
}

/// Encoder outputs of `docs`, from the cache file when it covers them, else computed
/// (and cached).
fn encodings(
    encoder: &mut Option<Encoder>,
    cfg: &AccurateTrainConfig,
    docs: &[Muc4Doc],
    name: &str,
) -> Result<HashMap<String, Encoded>, AccurateError> {
    let path = cfg.cache_dir.join(format!("enc_{name}.bin"));
    let want = LAYERS.len();
    if path.is_file() {
        let c = cache::load(&path)?;
        let complete = docs.iter().all(|d| c.contains_key(&d.docid));
        let width_ok = c.values().all(|e| e.dim.is_multiple_of(want));
        if complete && width_ok {
            return Ok(c);
        }
    }
    if encoder.is_none() {
        *encoder = Some(Encoder::load(&cfg.encoder_dir)?);
    }
    let Some(enc) = encoder.as_ref() else {
        return Err(AccurateError::Invalid("no encoder".into()));
    };
    std::fs::create_dir_all(&cfg.cache_dir).map_err(|source| AccurateError::Io {
        path: cfg.cache_dir.clone(),
        source,
    })?;
    cache::build(enc, docs, &LAYERS, &path)?;
    cache::load(&path)
}

/// A document's encoding.
fn encoded<'a>(
    enc: &'a HashMap<String, Encoded>,
    d: &Muc4Doc,
) -> Result<&'a Encoded, AccurateError> {
    enc.get(&d.docid)
        .ok_or_else(|| AccurateError::Invalid(format!("{} is not encoded", d.docid)))
}

/// The training inputs: train (maybe cut to `limit`) and dev documents with their
/// encodings (dev only when tuning), and the seconds spent encoding.
struct Inputs {
    docs: Vec<Muc4Doc>,
    enc: HashMap<String, Encoded>,
    dev: Gold,
    enc_dev: Option<HashMap<String, Encoded>>,
    encode_secs: f64,
}

/// Loads the documents and their encodings (from the cache, else running the encoder).
fn inputs(cfg: &AccurateTrainConfig) -> Result<Inputs, AccurateError> {
    let mut docs = load_templates(&cfg.data_dir, Split::Train)?;
    if let Some(n) = cfg.limit {
        docs.truncate(n);
    }
    let mut encoder = None;
    let t = Instant::now();
    let enc = encodings(&mut encoder, cfg, &docs, "train")?;
    let dev = Gold::load(&cfg.data_dir, Split::Dev)?;
    let enc_dev = if cfg.tune {
        Some(encodings(&mut encoder, cfg, &dev.templates, "dev")?)
    } else {
        None
    };
    let encode_secs = if encoder.is_some() {
        t.elapsed().as_secs_f64()
    } else {
        0.0
    };
    Ok(Inputs {
        docs,
        enc,
        dev,
        enc_dev,
        encode_secs,
    })
}

/// Token vectors of a document from its encoding.
fn token_rows(enc: &HashMap<String, Encoded>, d: &Muc4Doc) -> Result<Vec<f32>, AccurateError> {
    Ok(align::token_vectors(
        encoded(enc, d)?,
        &tokenize(&d.doctext),
    ))
}

/// Trains a token head on the relevant documents among `which`.
fn train_head(
    docs: &[Muc4Doc],
    vecs: &[Vec<f32>],
    which: impl Fn(usize) -> bool,
    input: usize,
    cfg: &HeadConfig,
) -> Result<Head, AccurateError> {
    let mut x = Vec::new();
    let mut y = Vec::new();
    for (i, (d, v)) in docs.iter().zip(vecs).enumerate() {
        if !which(i) || d.templates.is_empty() {
            continue;
        }
        let toks = tokenize(&d.doctext);
        let tags = gold_tags(d, &toks);
        x.extend_from_slice(v);
        y.extend(tags.iter().map(|t| *t as u32));
    }
    Head::train(&x, &y, input, cfg)
}

/// Sentence rows of every document of `docs` (see [`sentence_vectors`]).
fn sentence_rows(
    enc: &HashMap<String, Encoded>,
    docs: &[Muc4Doc],
) -> Result<Vec<Vec<f32>>, AccurateError> {
    docs.iter()
        .map(|d| Ok(sentence_vectors(encoded(enc, d)?, &tokenize(&d.doctext))))
        .collect()
}

/// Trains a document head on the documents among `which`, given every document's
/// sentence rows and its targets (document labels, per-sentence labels).
fn train_doc_head(
    rows: &[Vec<f32>],
    targets: &[([f32; N_DOC], Vec<f32>)],
    which: impl Fn(usize) -> bool,
    input: usize,
    cfg: &HeadConfig,
) -> Result<SentHead, AccurateError> {
    let mut x = Vec::new();
    let mut y = Vec::new();
    let mut ys = Vec::new();
    for (i, (r, (t, st))) in rows.iter().zip(targets).enumerate() {
        if which(i) {
            x.push(r.clone());
            y.push(*t);
            ys.push(st.clone());
        }
    }
    SentHead::train(&x, &y, &ys, input, cfg)
}

/// The trained accurate tier: the token and document heads, and the extractor.
#[derive(Debug)]
pub struct Trained {
    /// The token head.
    pub head: Head,
    /// The document head.
    pub doc_head: SentHead,
    /// The extractor trained with the heads' evidence.
    pub muc4: Muc4Model,
}

/// Trains and tunes the accurate tier.
pub fn train_and_tune(
    cfg: &AccurateTrainConfig,
) -> Result<(Trained, AccurateTrainSummary), AccurateError> {
    if cfg.folds < 2 {
        return Err(AccurateError::Invalid(format!(
            "cross-fitting needs at least 2 folds, not {}",
            cfg.folds
        )));
    }
    let Inputs {
        docs: train_docs,
        enc: enc_train,
        dev,
        enc_dev,
        encode_secs,
    } = inputs(cfg)?;
    let mut summary = AccurateTrainSummary {
        encode_secs,
        ..AccurateTrainSummary::default()
    };
    let vecs = train_docs
        .iter()
        .map(|d| token_rows(&enc_train, d))
        .collect::<Result<Vec<_>, _>>()?;
    let input = enc_dim(&train_docs, &vecs)?;
    let srows = sentence_rows(&enc_train, &train_docs)?;
    drop(enc_train);
    let sin = sent_input(input);
    let t = Instant::now();
    // Cross-fitting: the heads of fold f, trained outside it, give its evidence.
    let k = cfg.folds;
    let folds = (0..k)
        .map(|f| train_head(&train_docs, &vecs, |i| i % k != f, input, &cfg.head))
        .collect::<Result<Vec<_>, _>>()?;
    let (doc_folds, doc_head) = doc_heads(&train_docs, &srows, sin, &cfg.sent, k)?;
    let mut extra: Vec<Evidence> = Vec::with_capacity(train_docs.len());
    for (i, ((v, sr), d)) in vecs.iter().zip(&srows).zip(&train_docs).enumerate() {
        let toks = tokenize(&d.doctext);
        extra.push(evidence_from(
            &folds[i % k],
            &doc_folds[i % k],
            v,
            sr,
            &toks,
        )?);
    }
    drop(folds);
    drop(doc_folds);
    let head = train_head(&train_docs, &vecs, |_| true, input, &cfg.head)?;
    summary.head_secs = t.elapsed().as_secs_f64();
    drop(vecs);
    let muc4 = extractor(
        &train_docs,
        cfg,
        &extra,
        &dev,
        enc_dev.as_ref(),
        |d, e| evidence_of(&head, &doc_head, e, &d.doctext),
        &mut summary,
    )?;
    Ok((
        Trained {
            head,
            doc_head,
            muc4,
        },
        summary,
    ))
}

/// The document heads: one per fold of train (head `f` is trained on the documents
/// outside fold `f`, those with `i % folds != f`, and gives fold `f`'s training
/// evidence) and one on all of it.
fn doc_heads(
    docs: &[Muc4Doc],
    rows: &[Vec<f32>],
    input: usize,
    cfg: &HeadConfig,
    folds: usize,
) -> Result<(Vec<SentHead>, SentHead), AccurateError> {
    let targets: Vec<([f32; N_DOC], Vec<f32>)> = docs
        .iter()
        .map(|d| (labels(d), sentence_labels(d, &tokenize(&d.doctext))))
        .collect();
    let per_fold = (0..folds)
        .map(|f| train_doc_head(rows, &targets, |i| i % folds != f, input, cfg))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        per_fold,
        train_doc_head(rows, &targets, |_| true, input, cfg)?,
    ))
}

/// Trains the extractor with the cross-fitted training evidence `extra` and, when dev
/// encodings are given, tunes its decisions on dev with the evidence `evidence` gives
/// each dev document (times go into `summary`).
fn extractor(
    docs: &[Muc4Doc],
    cfg: &AccurateTrainConfig,
    extra: &[Evidence],
    dev: &Gold,
    enc_dev: Option<&HashMap<String, Encoded>>,
    evidence: impl Fn(&Muc4Doc, &Encoded) -> Result<Evidence, AccurateError>,
    summary: &mut AccurateTrainSummary,
) -> Result<Muc4Model, AccurateError> {
    let t = Instant::now();
    let mut muc4 = train_with(docs, &cfg.muc4, Some(extra))?;
    summary.muc4_secs = t.elapsed().as_secs_f64();
    let Some(enc_dev) = enc_dev else {
        return Ok(muc4);
    };
    let t = Instant::now();
    let dev_extra = dev
        .templates
        .iter()
        .map(|d| evidence(d, encoded(enc_dev, d)?))
        .collect::<Result<Vec<_>, _>>()?;
    let halves = train_halves(docs, cfg, extra)?;
    let more: Vec<TunePart<'_>> = halves
        .iter()
        .map(|(m, g, x)| TunePart {
            model: m.clone(),
            gold: g,
            extra: Some(x),
        })
        .collect();
    let x = cross_tuned_with(&muc4, dev, Some(&dev_extra), crate::TUNE_ROUNDS, &more)?;
    summary.cross_tuned = Some((objective(&x), x.gtt.micro_f1(), x.ceaf_ree.micro_f1()));
    let mut parts = vec![TunePart {
        model: muc4.clone(),
        gold: dev,
        extra: Some(&dev_extra),
    }];
    parts.extend(more);
    tune_parts(&mut parts, crate::TUNE_ROUNDS)?;
    muc4.decode = parts[0].model.decode;
    summary.dev_objective = tune_parts(&mut parts[..1], 0)?;
    summary.tune_secs = t.elapsed().as_secs_f64();
    Ok(muc4)
}

/// For each half of train, an extractor trained on the other half (with its cross-fitted
/// evidence) and the half's documents, gold and evidence: training documents predicted as
/// unseen, to tune on.
fn train_halves(
    docs: &[Muc4Doc],
    cfg: &AccurateTrainConfig,
    extra: &[Evidence],
) -> Result<Vec<(Muc4Model, Gold, Vec<Evidence>)>, AccurateError> {
    let train = Gold {
        templates: docs.to_vec(),
        role_fillers: load_role_fillers(&cfg.data_dir, Split::Train)?,
    };
    let evidence = |keep: usize| -> Vec<Evidence> {
        extra
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == keep)
            .map(|(_, e)| e.clone())
            .collect()
    };
    let mut out = Vec::with_capacity(2);
    for h in 0..2 {
        let other = train.subset(|i| i % 2 != h).templates;
        let model = train_with(&other, &cfg.muc4, Some(&evidence(1 - h)))?;
        out.push((model, train.subset(|i| i % 2 == h), evidence(h)));
    }
    Ok(out)
}

/// The token-vector width, checked against the document lengths.
fn enc_dim(docs: &[Muc4Doc], vecs: &[Vec<f32>]) -> Result<usize, AccurateError> {
    for (d, v) in docs.iter().zip(vecs) {
        let n = tokenize(&d.doctext).len();
        if n > 0 {
            if !v.len().is_multiple_of(n) {
                return Err(AccurateError::Invalid(format!(
                    "{}: {} values for {n} tokens",
                    d.docid,
                    v.len()
                )));
            }
            return Ok(v.len() / n);
        }
    }
    Err(AccurateError::Invalid("no tokens in training data".into()))
}

/// Saves trained parameters into `dir`: `heads.safetensors` (both heads) and
/// `muc4-accurate.bin.gz`.
pub fn save(t: &Trained, dir: &Path) -> Result<(), AccurateError> {
    std::fs::create_dir_all(dir).map_err(|source| AccurateError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    save_heads(&t.head, &t.doc_head, &dir.join(HEADS_FILE))?;
    t.muc4.save_file(&dir.join("muc4-accurate.bin.gz"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewer_than_two_folds_is_an_error_before_any_work() {
        let cfg = AccurateTrainConfig {
            data_dir: PathBuf::from("/nonexistent"),
            encoder_dir: PathBuf::new(),
            cache_dir: PathBuf::new(),
            head: HeadConfig::default(),
            sent: crate::sent::default_config(),
            folds: 1,
            muc4: TrainConfig::default(),
            limit: None,
            tune: false,
        };
        let e = train_and_tune(&cfg).unwrap_err().to_string();
        assert!(e.contains("at least 2 folds"), "{e}");
    }

    #[test]
    fn each_fold_s_document_head_is_trained_outside_the_fold() {
        let docs: Vec<Muc4Doc> = first_train_docs(12);
        let input = 8;
        // Deterministic sentence rows, one per sentence of each document.
        let rows: Vec<Vec<f32>> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let n = sitrep_muc4::model::sentences(&tokenize(&d.doctext)).len();
                (0..n * input)
                    .map(|j| ((i * 31 + j * 7) % 13) as f32 / 13.0)
                    .collect()
            })
            .collect();
        let cfg = HeadConfig {
            epochs: 2,
            ..crate::sent::default_config()
        };
        let (folds, _) = doc_heads(&docs, &rows, input, &cfg, 3).unwrap();
        assert_eq!(folds.len(), 3);
        let targets: Vec<([f32; N_DOC], Vec<f32>)> = docs
            .iter()
            .map(|d| (labels(d), sentence_labels(d, &tokenize(&d.doctext))))
            .collect();
        for (f, head) in folds.iter().enumerate() {
            let again = train_doc_head(&rows, &targets, |i| i % 3 != f, input, &cfg).unwrap();
            let probe = &rows[f];
            assert_eq!(
                head.probs(probe).unwrap(),
                again.probs(probe).unwrap(),
                "fold {f}"
            );
            // A head trained on the fold's own documents is a different head.
            let inside = train_doc_head(&rows, &targets, |i| i % 3 == f, input, &cfg).unwrap();
            assert_ne!(head.probs(probe).unwrap(), inside.probs(probe).unwrap());
        }
    }

    /// The first `n` training documents.
    fn first_train_docs(n: usize) -> Vec<Muc4Doc> {
        load_templates(&sitrep_muc4::default_data_dir(), Split::Train)
            .unwrap()
            .into_iter()
            .take(n)
            .collect()
    }

    #[test]
    fn each_train_half_is_predicted_by_a_model_that_did_not_train_on_it() {
        let data_dir = sitrep_muc4::default_data_dir();
        let docs: Vec<Muc4Doc> = load_templates(&data_dir, Split::Train)
            .unwrap()
            .into_iter()
            .take(60)
            .collect();
        let extra = vec![Evidence::default(); docs.len()];
        let cfg = AccurateTrainConfig {
            data_dir,
            encoder_dir: PathBuf::new(),
            cache_dir: PathBuf::new(),
            head: HeadConfig::default(),
            sent: crate::sent::default_config(),
            folds: 2,
            muc4: TrainConfig {
                epochs: 2,
                doc_epochs: 2,
                cand_epochs: 2,
                ..TrainConfig::default()
            },
            limit: None,
            tune: true,
        };
        let halves = train_halves(&docs, &cfg, &extra).unwrap();
        assert_eq!(halves.len(), 2);
        for (h, (model, gold, ev)) in halves.iter().enumerate() {
            // The held-out documents are this half's, with their own role fillers.
            let want: Vec<&str> = docs
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 2 == h)
                .map(|(_, d)| d.docid.as_str())
                .collect();
            let got: Vec<&str> = gold.templates.iter().map(|d| d.docid.as_str()).collect();
            assert_eq!(got, want);
            assert_eq!(ev.len(), want.len());
            let mut fillers: Vec<&str> =
                gold.role_fillers.iter().map(|r| r.docid.as_str()).collect();
            fillers.sort_unstable();
            let mut sorted = want.clone();
            sorted.sort_unstable();
            assert_eq!(fillers, sorted);
            // The model was trained on the other half only: training on exactly that half
            // gives the same model.
            let other: Vec<Muc4Doc> = docs
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 2 != h)
                .map(|(_, d)| d.clone())
                .collect();
            let again = train_with(
                &other,
                &cfg.muc4,
                Some(&vec![Evidence::default(); other.len()]),
            )
            .unwrap();
            assert!(
                &again == model,
                "half {h} was not trained on the other half alone"
            );
        }
        assert!(halves[0].0 != halves[1].0);
    }
}
