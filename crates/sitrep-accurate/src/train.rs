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

use crate::head::{member_path, save_heads};
use crate::sent::{labels, sent_input, sentence_labels, sentence_vectors, SentHead, N_DOC};
use crate::span::{doc_spans, span_labels, SpanDoc, SpanHead};
use crate::{
    align, cache, members_evidence, members_evidence_from, AccurateError, Head, HeadConfig, LAYERS,
};

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
    /// The span head (`None`: no span evidence).
    pub span: Option<HeadConfig>,
    /// Cross-fitting folds of the heads (at least 2): the training evidence of each fold
    /// comes from heads trained on the other folds.
    pub folds: usize,
    /// Members of the ensemble (at least 1): token and document heads trained alike, member
    /// `m` with the seeds of `head` and `sent` plus `m` × [`MEMBER_SEED_STEP`], whose
    /// probabilities are averaged into the evidence (in the training folds as at run time).
    pub members: usize,
    /// The extractor.
    pub muc4: TrainConfig,
    /// Train on the first `limit` training documents only (tests).
    pub limit: Option<usize>,
    /// Skip tuning on dev (tests).
    pub tune: bool,
    /// Tune on training documents too: each half of train predicted by an extractor
    /// trained on the other half, pooled with dev (see [`sitrep_muc4::tune_parts`]).
    pub tune_train: bool,
}

/// How far apart the seeds of an ensemble's members are (member 0 keeps the configured
/// seeds, so one member is the single-head tier, bit for bit).
pub const MEMBER_SEED_STEP: u64 = 0x9e37_79b9;

/// A head configuration with member `m`'s seed.
fn member_config(cfg: &HeadConfig, m: usize) -> HeadConfig {
    HeadConfig {
        seed: cfg
            .seed
            .wrapping_add((m as u64).wrapping_mul(MEMBER_SEED_STEP)),
        ..*cfg
    }
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
pub(crate) fn encodings(
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
pub(crate) fn encoded<'a>(
    enc: &'a HashMap<String, Encoded>,
    d: &Muc4Doc,
) -> Result<&'a Encoded, AccurateError> {
    enc.get(&d.docid)
        .ok_or_else(|| AccurateError::Invalid(format!("{} is not encoded", d.docid)))
}

/// The training inputs of both variants: train (maybe cut to `limit`) and dev documents
/// with their encodings (dev only when tuning), and the seconds spent encoding.
pub(crate) struct Inputs {
    pub(crate) docs: Vec<Muc4Doc>,
    pub(crate) enc: HashMap<String, Encoded>,
    pub(crate) dev: Gold,
    pub(crate) enc_dev: Option<HashMap<String, Encoded>>,
    pub(crate) encode_secs: f64,
}

/// Loads the documents and their encodings (from the cache, else running the encoder).
pub(crate) fn inputs(cfg: &AccurateTrainConfig) -> Result<Inputs, AccurateError> {
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

/// Trains a token head on the relevant documents among `which` and, with `span`
/// settings, its span head on all of them (given their spans and span targets).
fn train_head(
    docs: &[Muc4Doc],
    vecs: &[Vec<f32>],
    which: impl Fn(usize) -> bool,
    input: usize,
    cfg: &HeadConfig,
    span: Option<(&HeadConfig, &[SpanTargets])>,
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
    let mut head = Head::train(&x, &y, input, cfg)?;
    drop(x);
    if let Some((scfg, targets)) = span {
        let data: Vec<SpanDoc<'_>> = vecs
            .iter()
            .zip(targets)
            .enumerate()
            .filter(|(i, _)| which(*i))
            .map(|(_, (v, (s, t)))| (v.as_slice(), s.as_slice(), t.as_slice()))
            .collect();
        head.span = Some(SpanHead::train(&data, input, scfg)?);
    }
    Ok(head)
}

/// A document's spans and their targets ([`crate::span::doc_spans`],
/// [`crate::span::span_labels`]).
type SpanTargets = (Vec<(usize, usize)>, Vec<f32>);

/// Span targets of every document.
fn span_targets(docs: &[Muc4Doc]) -> Vec<SpanTargets> {
    docs.iter()
        .map(|d| {
            let toks = tokenize(&d.doctext);
            let spans = doc_spans(&toks);
            let y = span_labels(d, &toks, &spans);
            (spans, y)
        })
        .collect()
}

/// Sentence rows of every document of `docs` (see [`sentence_vectors`]).
pub(crate) fn sentence_rows(
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

/// The trained accurate tier: the token and document heads of each member of the
/// ensemble (one of each unless `--members` asks for more), and the extractor.
#[derive(Debug)]
pub struct Trained {
    /// Token heads, one per member.
    pub heads: Vec<Head>,
    /// Document heads, one per member.
    pub doc_heads: Vec<SentHead>,
    /// The extractor trained with the members' averaged evidence.
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
    if cfg.members < 1 {
        return Err(AccurateError::Invalid(
            "an ensemble needs at least 1 member, not 0".into(),
        ));
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
    let targets = cfg.span.map(|_| span_targets(&train_docs));
    let span = cfg.span.as_ref().zip(targets.as_deref());
    // Cross-fitting: the heads of fold f (one per member), trained outside it, give its
    // evidence.
    let k = cfg.folds;
    let m = cfg.members;
    let folds = (0..k)
        .map(|f| {
            (0..m)
                .map(|j| {
                    let hc = member_config(&cfg.head, j);
                    train_head(&train_docs, &vecs, |i| i % k != f, input, &hc, span)
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Per member: its document heads of each fold, and its head on all of train.
    let mut doc_folds: Vec<Vec<SentHead>> = (0..k).map(|_| Vec::with_capacity(m)).collect();
    let mut doc_full = Vec::with_capacity(m);
    for j in 0..m {
        let (per_fold, full) =
            doc_heads(&train_docs, &srows, sin, &member_config(&cfg.sent, j), k)?;
        for (f, h) in per_fold.into_iter().enumerate() {
            doc_folds[f].push(h);
        }
        doc_full.push(full);
    }
    let mut extra: Vec<Evidence> = Vec::with_capacity(train_docs.len());
    for (i, ((v, sr), d)) in vecs.iter().zip(&srows).zip(&train_docs).enumerate() {
        let hs: Vec<&Head> = folds[i % k].iter().collect();
        let ds: Vec<&SentHead> = doc_folds[i % k].iter().collect();
        let toks = tokenize(&d.doctext);
        extra.push(members_evidence_from(&hs, &ds, v, sr, &toks)?);
    }
    drop(folds);
    drop(doc_folds);
    let heads = (0..m)
        .map(|j| {
            let hc = member_config(&cfg.head, j);
            train_head(&train_docs, &vecs, |_| true, input, &hc, span)
        })
        .collect::<Result<Vec<_>, _>>()?;
    drop(targets);
    summary.head_secs = t.elapsed().as_secs_f64();
    drop(vecs);
    let hs: Vec<&Head> = heads.iter().collect();
    let ds: Vec<&SentHead> = doc_full.iter().collect();
    let muc4 = extractor(
        &train_docs,
        cfg,
        &extra,
        &dev,
        enc_dev.as_ref(),
        |d, e| members_evidence(&hs, &ds, e, &d.doctext),
        &mut summary,
    )?;
    Ok((
        Trained {
            heads,
            doc_heads: doc_full,
            muc4,
        },
        summary,
    ))
}

/// The document heads: one per fold of train (head `f` is trained on the documents
/// outside fold `f`, those with `i % folds != f`, and gives fold `f`'s training
/// evidence) and one on all of it.
pub(crate) fn doc_heads(
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
pub(crate) fn extractor(
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
    let halves = if cfg.tune_train {
        Some(train_halves(docs, cfg, extra)?)
    } else {
        None
    };
    let more: Vec<TunePart<'_>> = halves
        .iter()
        .flat_map(|h| {
            h.iter().map(|(m, g, x)| TunePart {
                model: m.clone(),
                gold: g,
                extra: Some(x),
            })
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

/// Saves trained parameters into `dir`: `heads.safetensors` (and `heads-k.safetensors` for
/// each further member `k` of an ensemble; see [`crate::head::member_path`]),
/// `muc4-accurate.bin.gz`.
pub fn save(t: &Trained, dir: &Path) -> Result<(), AccurateError> {
    if t.heads.is_empty() || t.heads.len() != t.doc_heads.len() {
        return Err(AccurateError::Invalid(format!(
            "{} token heads and {} document heads make no ensemble",
            t.heads.len(),
            t.doc_heads.len()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|source| AccurateError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for (j, (h, d)) in t.heads.iter().zip(&t.doc_heads).enumerate() {
        save_heads(h, d, &member_path(dir, j + 1))?;
    }
    // Members of an earlier, larger ensemble left in the folder would be loaded too.
    for k in t.heads.len() + 1.. {
        let stale = member_path(dir, k);
        if !stale.is_file() {
            break;
        }
        std::fs::remove_file(&stale).map_err(|source| AccurateError::Io {
            path: stale.clone(),
            source,
        })?;
    }
    // A fine-tuned variant's layers left in the folder would take precedence when loading.
    let stale = dir.join("top.safetensors");
    if stale.is_file() {
        std::fs::remove_file(&stale).map_err(|source| AccurateError::Io {
            path: stale.clone(),
            source,
        })?;
    }
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
            span: None,
            folds: 1,
            members: 1,
            muc4: TrainConfig::default(),
            limit: None,
            tune: false,
            tune_train: false,
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

    /// Token and document heads of one member trained on made-up rows (`width` wide) of
    /// `docs`, with member `m`'s seeds.
    fn tiny_member(docs: &[Muc4Doc], width: usize, m: usize) -> (Head, SentHead) {
        let mut x = Vec::new();
        let mut y = Vec::new();
        let mut rows = Vec::new();
        let mut targets = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            let toks = tokenize(&d.doctext);
            let tags = gold_tags(d, &toks);
            for (j, t) in tags.iter().enumerate() {
                x.extend((0..width).map(|k| ((i * 31 + j * 7 + k * 3) % 11) as f32 / 11.0));
                y.push(*t as u32);
            }
            let n = sitrep_muc4::model::sentences(&toks).len();
            rows.push(
                (0..n * width)
                    .map(|k| ((i * 13 + k * 5) % 17) as f32 / 17.0)
                    .collect::<Vec<f32>>(),
            );
            targets.push((labels(d), sentence_labels(d, &toks)));
        }
        let hc = HeadConfig {
            epochs: 1,
            ..HeadConfig::default()
        };
        let sc = HeadConfig {
            epochs: 2,
            ..crate::sent::default_config()
        };
        let head = Head::train(&x, &y, width, &member_config(&hc, m)).unwrap();
        let doc = train_doc_head(&rows, &targets, |_| true, width, &member_config(&sc, m)).unwrap();
        (head, doc)
    }

    #[test]
    fn an_ensemble_averages_its_members_and_one_member_is_the_single_head_tier() {
        let docs: Vec<Muc4Doc> = first_train_docs(6);
        let width = 6;
        let (h0, d0) = tiny_member(&docs, width, 0);
        let (h1, d1) = tiny_member(&docs, width, 1);
        let d = &docs[1];
        let toks = tokenize(&d.doctext);
        let vecs: Vec<f32> = (0..toks.len() * width)
            .map(|k| (k % 7) as f32 / 7.0)
            .collect();
        let n = sitrep_muc4::model::sentences(&toks).len();
        let rows: Vec<f32> = (0..n * width).map(|k| (k % 5) as f32 / 5.0).collect();
        let one = members_evidence_from(&[&h0], &[&d0], &vecs, &rows, &toks).unwrap();
        // One member: exactly the single heads' evidence.
        let single =
            crate::evidence_from_rows(h0.probs(&vecs).unwrap(), &d0, &rows, &toks).unwrap();
        assert_eq!(one, single);
        // The other seed gives another member.
        let other = members_evidence_from(&[&h1], &[&d1], &vecs, &rows, &toks).unwrap();
        assert_ne!(one.tags, other.tags);
        assert_ne!(one.doc, other.doc);
        // Two members: every probability is the mean of the two.
        let both = members_evidence_from(&[&h0, &h1], &[&d0, &d1], &vecs, &rows, &toks).unwrap();
        assert_eq!(both.tags.len(), toks.len());
        for ((a, b), c) in one.tags.iter().zip(&other.tags).zip(&both.tags) {
            for k in 0..a.len() {
                assert!((c[k] - (a[k] + b[k]) / 2.0).abs() < 1e-6);
            }
        }
        let (pa, pb, pc) = (one.doc.unwrap(), other.doc.unwrap(), both.doc.unwrap());
        for k in 0..pa.len() {
            assert!((pc[k] - (pa[k] + pb[k]) / 2.0).abs() < 1e-6);
        }
        let m = (one.multi.unwrap() + other.multi.unwrap()) / 2.0;
        assert!((both.multi.unwrap() - m).abs() < 1e-6);
        for ((a, b), c) in one.sent.iter().zip(&other.sent).zip(&both.sent) {
            for k in 0..a.len() {
                assert!((c[k] - (a[k] + b[k]) / 2.0).abs() < 1e-6);
            }
        }
        assert!(members_evidence_from(&[], &[&d0], &vecs, &rows, &toks).is_err());
        assert!(members_evidence_from(&[&h0], &[], &vecs, &rows, &toks).is_err());
    }

    #[test]
    fn an_ensemble_is_saved_member_by_member_and_fewer_members_replace_more() {
        let docs: Vec<Muc4Doc> = first_train_docs(6);
        let width = 6;
        let muc4 = train_with(
            &docs,
            &TrainConfig {
                epochs: 1,
                doc_epochs: 1,
                cand_epochs: 1,
                ..TrainConfig::default()
            },
            None,
        )
        .unwrap();
        let dir = std::env::temp_dir().join(format!("sitrep-members-{}", std::process::id()));
        let trained = |k: usize| {
            let (heads, doc_heads) = (0..k).map(|m| tiny_member(&docs, width, m)).unzip();
            Trained {
                heads,
                doc_heads,
                muc4: muc4.clone(),
            }
        };
        save(&trained(3), &dir).unwrap();
        for k in 1..=3 {
            assert!(member_path(&dir, k).is_file(), "member {k}");
        }
        // Each member's file holds that member's heads.
        let (h, d) = crate::head::load_heads(&member_path(&dir, 2)).unwrap();
        let probe: Vec<f32> = (0..width).map(|k| k as f32 / 10.0).collect();
        let (h1, d1) = tiny_member(&docs, width, 1);
        let (h0, _) = tiny_member(&docs, width, 0);
        assert_eq!(h.probs(&probe).unwrap(), h1.probs(&probe).unwrap());
        assert_ne!(h.probs(&probe).unwrap(), h0.probs(&probe).unwrap());
        assert_eq!(d.probs(&probe).unwrap(), d1.probs(&probe).unwrap());
        // A single-member model written over it leaves no stale member behind.
        save(&trained(1), &dir).unwrap();
        assert!(member_path(&dir, 1).is_file());
        assert!(!member_path(&dir, 2).is_file() && !member_path(&dir, 3).is_file());
        // An ensemble with unpaired heads is refused.
        let mut odd = trained(2);
        odd.doc_heads.pop();
        assert!(save(&odd, &dir).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
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
            span: None,
            folds: 2,
            members: 1,
            muc4: TrainConfig {
                epochs: 2,
                doc_epochs: 2,
                cand_epochs: 2,
                ..TrainConfig::default()
            },
            limit: None,
            tune: true,
            tune_train: true,
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
