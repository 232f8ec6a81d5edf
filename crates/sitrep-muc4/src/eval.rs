//! Evaluation, dev tuning and model files: the functions behind `sitrep eval muc4` and
//! `sitrep train muc4`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::breakdown::{by_gold_templates, Breakdown};
use crate::data::{load_role_fillers, load_templates, Muc4Doc, RoleFillerDoc, Split};
use crate::error::Muc4Error;
use crate::model::{train, Analysis, DecodeConfig, Evidence, Muc4Model, TrainConfig};
use crate::preds::{read_predictions, DocPrediction, Predictions};
use crate::score::{score_ceaf_ree, score_gtt, Report};

/// Gold data of one split in both versions.
#[derive(Debug, Clone)]
pub struct Gold {
    /// `templates/<split>.jsonl` (GTT scorer).
    pub templates: Vec<Muc4Doc>,
    /// `role_fillers/<split>.jsonl` (CEAF-REE).
    pub role_fillers: Vec<RoleFillerDoc>,
}

impl Gold {
    /// Load both versions of a split from the MUC-4 data directory.
    pub fn load(data_dir: &Path, split: Split) -> Result<Gold, Muc4Error> {
        Ok(Gold {
            templates: load_templates(data_dir, split)?,
            role_fillers: load_role_fillers(data_dir, split)?,
        })
    }

    /// The documents whose index in `templates` passes `keep`, in both versions.
    pub fn subset(&self, keep: impl Fn(usize) -> bool) -> Gold {
        let templates: Vec<Muc4Doc> = self
            .templates
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .map(|(_, d)| d.clone())
            .collect();
        let ids: std::collections::HashSet<&str> =
            templates.iter().map(|d| d.docid.as_str()).collect();
        let role_fillers = self
            .role_fillers
            .iter()
            .filter(|r| ids.contains(r.docid.as_str()))
            .cloned()
            .collect();
        Gold {
            templates,
            role_fillers,
        }
    }
}

/// The result of running a model on a split.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// GTT template scorer.
    pub gtt: Report,
    /// CEAF-REE.
    pub ceaf_ree: Report,
    /// The predictions, ready for [`crate::write_predictions`].
    pub predictions: Predictions,
    /// Documents per second of prediction (single thread).
    pub docs_per_sec: f64,
}

/// Run `model` on every document of `gold` and score the output with both scorers.
pub fn evaluate(model: &Muc4Model, gold: &Gold) -> Result<Evaluation, Muc4Error> {
    let t = Instant::now();
    let predictions = model.predict_docs(&gold.templates)?;
    let secs = t.elapsed().as_secs_f64();
    Ok(Evaluation {
        gtt: score_gtt(&gold.templates, &predictions)?,
        ceaf_ree: score_ceaf_ree(&gold.role_fillers, &predictions)?,
        docs_per_sec: gold.templates.len() as f64 / secs.max(1e-9),
        predictions,
    })
}

/// Score a predictions file (any of the published shapes) on a split: the GTT scorer and
/// its [`Breakdown`] by kind of document when the file has `pred_templates`, and CEAF-REE
/// always.
pub fn score_file(
    data_dir: &Path,
    split: Split,
    path: &Path,
) -> Result<(Option<(Report, Breakdown)>, Report), Muc4Error> {
    let preds = read_predictions(path)?;
    let gold = Gold::load(data_dir, split)?;
    let gtt = if preds.values().any(|d| d.pred_templates.is_some()) {
        Some((
            score_gtt(&gold.templates, &preds)?,
            by_gold_templates(&gold.templates, &preds)?,
        ))
    } else {
        None
    };
    Ok((gtt, score_ceaf_ree(&gold.role_fillers, &preds)?))
}

/// The dev objective that tuning maximises: the weaker of the two micro F1 scores plus a
/// quarter of their mean (the floor applies to both scorers).
pub fn objective(e: &Evaluation) -> f64 {
    let (g, c) = (e.gtt.micro_f1(), e.ceaf_ree.micro_f1());
    g.min(c) + 0.25 * (g + c) / 2.0
}

/// An estimate of how a model tuned on dev does on documents its tuning did not see:
/// dev is split into two halves (alternate documents); a copy of `model` is tuned on each
/// half ([`tune_on_dev_rounds`], `max_rounds`) and predicts the other, and the pooled
/// predictions are scored on all of dev. The dev objective after tuning on all of dev
/// flatters settings that fit those 200 documents; this one does not, so it is the fairer
/// referee between variants (it is noisier than a test set of the same size would be,
/// since each half-tuning sees only 100 documents).
pub fn cross_tuned(
    model: &Muc4Model,
    dev: &Gold,
    extra: Option<&[Evidence]>,
    max_rounds: usize,
) -> Result<Evaluation, Muc4Error> {
    cross_tuned_with(model, dev, extra, max_rounds, &[])
}

/// [`cross_tuned`] where each half of dev is tuned on together with `more` (documents
/// other than dev, see [`tune_parts`]).
pub fn cross_tuned_with(
    model: &Muc4Model,
    dev: &Gold,
    extra: Option<&[Evidence]>,
    max_rounds: usize,
    more: &[TunePart<'_>],
) -> Result<Evaluation, Muc4Error> {
    if let Some(x) = extra {
        if x.len() != dev.templates.len() {
            return Err(Muc4Error::Invalid(format!(
                "{} evidence rows for {} dev documents",
                x.len(),
                dev.templates.len()
            )));
        }
    }
    let t = Instant::now();
    let mut predictions = Predictions::new();
    for half in 0..2 {
        let sub = dev.subset(|i| i % 2 == half);
        let sub_extra: Option<Vec<Evidence>> = extra.map(|x| {
            x.iter()
                .enumerate()
                .filter(|(i, _)| i % 2 == half)
                .map(|(_, e)| e.clone())
                .collect()
        });
        let mut parts = vec![TunePart {
            model: model.clone(),
            gold: &sub,
            extra: sub_extra.as_deref(),
        }];
        parts.extend(more.iter().cloned());
        tune_parts(&mut parts, max_rounds)?;
        let m = &parts[0].model;
        for (i, d) in dev.templates.iter().enumerate() {
            if i % 2 == half {
                continue;
            }
            let ev = extra.and_then(|x| x.get(i));
            predictions.insert(
                crate::data::docid_to_key(&d.docid)?,
                DocPrediction::from_templates(m.predict_with(&d.doctext, ev)),
            );
        }
    }
    Ok(Evaluation {
        gtt: score_gtt(&dev.templates, &predictions)?,
        ceaf_ree: score_ceaf_ree(&dev.role_fillers, &predictions)?,
        predictions,
        docs_per_sec: dev.templates.len() as f64 / t.elapsed().as_secs_f64().max(1e-9),
    })
}

/// Choose the decoding settings ([`crate::DecodeConfig`]) on dev by coordinate search
/// (two rounds over a fixed grid; deterministic). Returns the best dev objective.
pub fn tune_on_dev(model: &mut Muc4Model, dev: &Gold) -> Result<f64, Muc4Error> {
    tune_on_dev_with(model, dev, None)
}

/// [`tune_on_dev`] with encoder evidence for every dev document (in `dev.templates` order).
pub fn tune_on_dev_with(
    model: &mut Muc4Model,
    dev: &Gold,
    extra: Option<&[Evidence]>,
) -> Result<f64, Muc4Error> {
    tune_on_dev_rounds(model, dev, extra, 2)
}

/// [`tune_on_dev_with`] over up to `max_rounds` rounds, stopping after a round that
/// brings no gain (the fast tier's committed model was tuned with 2; where the search
/// ends depends on where it starts, and the accurate tier's evidence needs more).
pub fn tune_on_dev_rounds(
    model: &mut Muc4Model,
    dev: &Gold,
    extra: Option<&[Evidence]>,
    max_rounds: usize,
) -> Result<f64, Muc4Error> {
    let mut parts = [TunePart {
        model: model.clone(),
        gold: dev,
        extra,
    }];
    let best = tune_parts(&mut parts, max_rounds)?;
    model.decode = parts[0].model.decode;
    Ok(best)
}

/// Documents to tune on, with the model that predicts them and its evidence (see
/// [`tune_parts`]).
#[derive(Debug, Clone)]
pub struct TunePart<'a> {
    /// The model whose predictions on `gold` are scored.
    pub model: Muc4Model,
    /// The documents and their gold answers.
    pub gold: &'a Gold,
    /// Evidence for every document of `gold.templates`.
    pub extra: Option<&'a [Evidence]>,
}

/// Coordinate search for one decoding setting shared by the models of all `parts`, scored
/// on the pooled predictions of every part against the pooled gold (document keys must
/// not repeat across parts). Tuning on more documents than dev's 200 (for instance
/// training documents predicted by extractors trained on the other half of train) fits
/// their noise less. Every part's model ends with the chosen setting, that of the first.
pub fn tune_parts(parts: &mut [TunePart<'_>], max_rounds: usize) -> Result<f64, Muc4Error> {
    let Some(first) = parts.first() else {
        return Err(Muc4Error::Invalid("nothing to tune on".into()));
    };
    let mut model = first.model.clone();
    let with_evidence = parts.iter().all(|p| p.extra.is_some());
    let pooled = Gold {
        templates: parts
            .iter()
            .flat_map(|p| p.gold.templates.iter().cloned())
            .collect(),
        role_fillers: parts
            .iter()
            .flat_map(|p| p.gold.role_fillers.iter().cloned())
            .collect(),
    };
    // Tagging dominates the cost and depends on the O bias only: analyse each document once
    // per O bias and re-run the cheap decisions for every other setting.
    let mut cache: Vec<(f32, Vec<Vec<Analysis>>)> = Vec::new();
    let mut score = |decode: &DecodeConfig| -> Result<f64, Muc4Error> {
        let ob = decode.o_bias;
        let pos = match cache.iter().position(|(o, _)| *o == ob) {
            Some(p) => p,
            None => {
                let an = parts
                    .iter_mut()
                    .map(|p| {
                        p.model.decode = *decode;
                        let (m, extra) = (&p.model, p.extra);
                        p.gold
                            .templates
                            .iter()
                            .enumerate()
                            .map(|(i, d)| m.analyse_with(&d.doctext, extra.and_then(|x| x.get(i))))
                            .collect()
                    })
                    .collect();
                cache.push((ob, an));
                cache.len() - 1
            }
        };
        let mut preds = Predictions::new();
        if let Some((_, an)) = cache.get(pos) {
            for (p, an) in parts.iter_mut().zip(an) {
                p.model.decode = *decode;
                for (d, a) in p.gold.templates.iter().zip(an) {
                    let key = crate::data::docid_to_key(&d.docid)?;
                    preds.insert(
                        key,
                        DocPrediction::from_templates(p.model.decide(a, &d.doctext)),
                    );
                }
            }
        }
        let e = Evaluation {
            gtt: score_gtt(&pooled.templates, &preds)?,
            ceaf_ree: score_ceaf_ree(&pooled.role_fillers, &preds)?,
            predictions: Predictions::new(),
            docs_per_sec: 0.0,
        };
        Ok(objective(&e))
    };
    let mut best = score(&model.decode)?;
    // Coordinate search: each setting in turn, keeping a value only when it beats the best.
    let mut search = |model: &mut Muc4Model,
                      best: &mut f64,
                      n: usize,
                      set: &dyn Fn(&mut DecodeConfig, usize)|
     -> Result<(), Muc4Error> {
        for i in 0..n {
            let keep = model.decode;
            set(&mut model.decode, i);
            let s = score(&model.decode)?;
            if s > *best {
                *best = s;
            } else {
                model.decode = keep;
            }
        }
        Ok(())
    };
    const CAND: [f32; 8] = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];
    const O_BIAS: [f32; 5] = [-16.0, -12.0, -8.0, -4.0, 0.0];
    const RELEVANCE: [f32; 11] = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7];
    const SECOND: [f32; 7] = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 2.0];
    const EVIDENCE: [f32; 7] = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    const MULTI: [f32; 10] = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 2.0];
    // Mention extension: off; PerpInd and Victim (names); those and Target; every role.
    const EXTEND: [u8; 4] = [0, 0b01001, 0b01101, 0b11111];
    for _round in 0..max_rounds {
        let start = best;
        search(&mut model, &mut best, CAND.len(), &|d, i| {
            d.cand_threshold = [CAND[i]; 5]
        })?;
        for r in 0..5 {
            search(&mut model, &mut best, CAND.len(), &|d, i| {
                d.cand_threshold[r] = CAND[i]
            })?;
        }
        search(&mut model, &mut best, O_BIAS.len(), &|d, i| {
            d.o_bias = O_BIAS[i]
        })?;
        search(&mut model, &mut best, RELEVANCE.len(), &|d, i| {
            d.relevance_threshold = RELEVANCE[i]
        })?;
        search(&mut model, &mut best, SECOND.len(), &|d, i| {
            d.second_type_threshold = SECOND[i]
        })?;
        search(&mut model, &mut best, EVIDENCE.len(), &|d, i| {
            d.min_doc_evidence = EVIDENCE[i]
        })?;
        search(&mut model, &mut best, 2, &|d, i| d.stacked_types = i == 1)?;
        search(&mut model, &mut best, 2, &|d, i| d.multi_spill = i == 1)?;
        search(&mut model, &mut best, MULTI.len(), &|d, i| {
            d.multi_threshold = MULTI[i]
        })?;
        search(&mut model, &mut best, 2, &|d, i| d.share_perps = i == 1)?;
        // Offered to the accurate tier's tuning (documents with encoder evidence) only:
        // the fast tier's committed model predates it and stays reproducible bit for bit.
        if with_evidence {
            search(&mut model, &mut best, 4, &|d, i| d.share_orgs_min = i)?;
            search(&mut model, &mut best, EXTEND.len(), &|d, i| {
                d.extend_roles = EXTEND[i]
            })?;
        }

        search(&mut model, &mut best, 2, &|d, i| d.merge_nested = i == 1)?;
        for r in 0..5 {
            search(&mut model, &mut best, 6, &|d, i| d.max_entities[r] = i + 1)?;
        }
        if best <= start {
            break;
        }
    }
    for p in parts.iter_mut() {
        p.model.decode = model.decode;
    }
    Ok(best)
}

/// Summary of [`train_and_tune`].
#[derive(Debug, Clone)]
pub struct TrainSummary {
    /// Seconds spent training (feature extraction included, tuning excluded).
    pub train_secs: f64,
    /// Seconds spent tuning on dev.
    pub tune_secs: f64,
    /// Best dev objective (see [`objective`]).
    pub dev_objective: f64,
}

/// `sitrep train muc4`: train on the train split, tune decoding on dev. Deterministic.
pub fn train_and_tune(
    data_dir: &Path,
    cfg: &TrainConfig,
) -> Result<(Muc4Model, TrainSummary), Muc4Error> {
    let train_docs = load_templates(data_dir, Split::Train)?;
    let t = Instant::now();
    let mut model = train(&train_docs, cfg)?;
    let train_secs = t.elapsed().as_secs_f64();
    let dev = Gold::load(data_dir, Split::Dev)?;
    let t = Instant::now();
    let dev_objective = tune_on_dev(&mut model, &dev)?;
    Ok((
        model,
        TrainSummary {
            train_secs,
            tune_secs: t.elapsed().as_secs_f64(),
            dev_objective,
        },
    ))
}

/// Where the committed model lives: `<crate>/model/muc4.bin.gz`.
pub fn default_model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("model/muc4.bin.gz")
}

impl Muc4Model {
    /// Read a model file.
    pub fn load_file(path: &Path) -> Result<Muc4Model, Muc4Error> {
        let f = std::fs::File::open(path).map_err(|source| Muc4Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Muc4Model::load(std::io::BufReader::new(f))
    }

    /// Write a model file.
    pub fn save_file(&self, path: &Path) -> Result<(), Muc4Error> {
        let f = std::fs::File::create(path).map_err(|source| Muc4Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut w = std::io::BufWriter::new(f);
        self.save(&mut w)?;
        std::io::Write::flush(&mut w)?;
        Ok(())
    }
}
