//! `sitrep eval muc4` and `sitrep train muc4`: glue over `sitrep-muc4`.

use anyhow::{Context, Result};
use clap::Args;
use sitrep_muc4::{
    by_gold_templates, default_data_dir, default_model_path, evaluate, score_file, train_and_tune,
    write_predictions, Gold, Muc4Model, Split, TrainConfig,
};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct EvalArgs {
    /// Split to run on: dev or test.
    #[arg(long, default_value = "test")]
    split: String,
    /// Write the predictions here, in the shape of the published prediction files.
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Score this predictions file instead of running sitrep.
    #[arg(long)]
    score: Option<PathBuf>,
    /// Model file (default: the committed model).
    #[arg(long)]
    model: Option<PathBuf>,
    /// MUC-4 data folder (default: ../shared/data/muc4 or $SITREP_MUC4_DIR).
    #[arg(long)]
    data: Option<PathBuf>,
    /// fast (the feature model) or accurate (MiniLM-L6 encoder + heads).
    #[arg(long, value_enum, default_value_t = Tier::Fast)]
    tier: Tier,
    /// Encoder weights folder for the accurate tier (default: $SITREP_ENCODER_DIR or
    /// models/all-minilm-l6-v2, filled by scripts/fetch-encoder.sh).
    #[arg(long)]
    encoder: Option<PathBuf>,
}

/// Which extractor runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Tier {
    /// The feature model (default; no encoder needed).
    Fast,
    /// The pretrained encoder with heads trained on MUC-4.
    Accurate,
}

#[derive(Args)]
pub struct TrainArgs {
    /// Where to write the model (default: the committed model's path; for the accurate
    /// tier, a folder).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// MUC-4 data folder (default: ../shared/data/muc4 or $SITREP_MUC4_DIR).
    #[arg(long)]
    data: Option<PathBuf>,
    /// fast or accurate.
    #[arg(long, value_enum, default_value_t = Tier::Fast)]
    tier: Tier,
    /// Encoder weights folder for the accurate tier.
    #[arg(long)]
    encoder: Option<PathBuf>,
    /// Where the accurate tier caches encoder outputs (default: target/encoder-cache).
    #[arg(long)]
    cache: Option<PathBuf>,
    /// Accurate tier: cross-fitting folds of the heads (each fold's training evidence
    /// comes from heads trained on the other folds; measured in docs/benchmarks-history.md).
    #[arg(long, default_value_t = 4)]
    folds: usize,
}

pub fn eval(a: &EvalArgs) -> Result<ExitCode> {
    let dir = a.data.clone().unwrap_or_else(default_data_dir);
    let split: Split = a.split.parse()?;
    let mut out = crate::out::stdout();
    if let Some(file) = &a.score {
        let (gtt, ceaf) =
            score_file(&dir, split, file).with_context(|| format!("scoring {}", file.display()))?;
        if let Some((g, by_kind)) = gtt {
            writeln!(out, "{g}\n\n{by_kind}")?;
        }
        writeln!(out, "{ceaf}")?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let gold =
        Gold::load(&dir, split).with_context(|| format!("reading MUC-4 from {}", dir.display()))?;
    let e = match a.tier {
        Tier::Fast => {
            let path = a.model.clone().unwrap_or_else(default_model_path);
            let model = Muc4Model::load_file(&path)
                .with_context(|| format!("loading {}", path.display()))?;
            evaluate(&model, &gold)?
        }
        Tier::Accurate => {
            let enc = a
                .encoder
                .clone()
                .unwrap_or_else(sitrep_encoder::default_dir);
            let mdir = a
                .model
                .clone()
                .unwrap_or_else(sitrep_accurate::default_model_dir);
            let model = sitrep_accurate::AccurateModel::load(&enc, &mdir)
                .context("loading the accurate tier")?;
            model.evaluate(&gold)?
        }
    };
    writeln!(
        out,
        "MUC-4 {} ({} documents, {:.0} docs/s)\n\n{}\n\n{}\n{}",
        split.name(),
        gold.templates.len(),
        e.docs_per_sec,
        e.gtt,
        by_gold_templates(&gold.templates, &e.predictions)?,
        e.ceaf_ree
    )?;
    out.flush()?;
    if let Some(path) = &a.predictions {
        write_predictions(path, &e.predictions)?;
        eprintln!("sitrep: predictions written to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn train(a: &TrainArgs) -> Result<ExitCode> {
    let dir = a.data.clone().unwrap_or_else(default_data_dir);
    if a.tier == Tier::Accurate {
        let cfg = sitrep_accurate::AccurateTrainConfig {
            data_dir: dir.clone(),
            encoder_dir: a
                .encoder
                .clone()
                .unwrap_or_else(sitrep_encoder::default_dir),
            cache_dir: a
                .cache
                .clone()
                .unwrap_or_else(|| PathBuf::from("target/encoder-cache")),
            head: sitrep_accurate::HeadConfig::default(),
            sent: sitrep_accurate::sent::default_config(),
            folds: a.folds,
            muc4: TrainConfig::default(),
            limit: None,
            tune: true,
        };
        let out = a
            .output
            .clone()
            .unwrap_or_else(sitrep_accurate::default_model_dir);
        let (trained, s) = sitrep_accurate::train_and_tune(&cfg)
            .with_context(|| format!("training the accurate tier on {}", dir.display()))?;
        sitrep_accurate::train::save(&trained, &out)?;
        eprintln!(
            "sitrep: encoded in {:.0} s, heads in {:.0} s, extractor in {:.0} s, tuned in {:.0} s (dev objective {:.2}); written to {}",
            s.encode_secs,
            s.head_secs,
            s.muc4_secs,
            s.tune_secs,
            s.dev_objective,
            out.display()
        );
        if let Some((obj, gtt, ceaf)) = s.cross_tuned {
            eprintln!(
                "sitrep: dev with each half's decoding tuned on the other half: objective {obj:.2}, GTT F1 {gtt:.2}, CEAF-REE F1 {ceaf:.2}"
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (model, summary) = train_and_tune(&dir, &TrainConfig::default())
        .with_context(|| format!("training on {}", dir.display()))?;
    let out = a.output.clone().unwrap_or_else(default_model_path);
    model.save_file(&out)?;
    eprintln!(
        "sitrep: trained in {:.0} s, tuned on dev in {:.0} s (dev objective {:.2}); model written to {}",
        summary.train_secs,
        summary.tune_secs,
        summary.dev_objective,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
