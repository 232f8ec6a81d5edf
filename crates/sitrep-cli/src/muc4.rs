//! `sitrep eval muc4` and `sitrep train muc4`: glue over `sitrep-muc4`.

use anyhow::{Context, Result};
use clap::Args;
use sitrep_muc4::{
    default_data_dir, default_model_path, evaluate, score_file, train_and_tune, write_predictions,
    Gold, Muc4Model, Split, TrainConfig,
};
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
}

#[derive(Args)]
pub struct TrainArgs {
    /// Where to write the model (default: the committed model's path).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// MUC-4 data folder (default: ../shared/data/muc4 or $SITREP_MUC4_DIR).
    #[arg(long)]
    data: Option<PathBuf>,
}

pub fn eval(a: &EvalArgs) -> Result<ExitCode> {
    let dir = a.data.clone().unwrap_or_else(default_data_dir);
    let split: Split = a.split.parse()?;
    if let Some(file) = &a.score {
        let (gtt, ceaf) =
            score_file(&dir, split, file).with_context(|| format!("scoring {}", file.display()))?;
        if let Some(g) = gtt {
            println!("{g}\n");
        }
        println!("{ceaf}");
        return Ok(ExitCode::SUCCESS);
    }
    let path = a.model.clone().unwrap_or_else(default_model_path);
    let model =
        Muc4Model::load_file(&path).with_context(|| format!("loading {}", path.display()))?;
    let gold =
        Gold::load(&dir, split).with_context(|| format!("reading MUC-4 from {}", dir.display()))?;
    let e = evaluate(&model, &gold)?;
    println!(
        "MUC-4 {} ({} documents, {:.0} docs/s)\n\n{}\n\n{}",
        split.name(),
        gold.templates.len(),
        e.docs_per_sec,
        e.gtt,
        e.ceaf_ree
    );
    if let Some(out) = &a.predictions {
        write_predictions(out, &e.predictions)?;
        eprintln!("sitrep: predictions written to {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn train(a: &TrainArgs) -> Result<ExitCode> {
    let dir = a.data.clone().unwrap_or_else(default_data_dir);
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
