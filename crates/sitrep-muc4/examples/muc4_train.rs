//! `sitrep train muc4` for now: train on train, tune decoding on dev, report dev and test
//! with both scorers, save the model.
//!
//! `cargo run --release -p sitrep-muc4 --example muc4_train -- [MODEL_OUT] [--no-tune]`
//! (default output `crates/sitrep-muc4/model/muc4.bin.gz`). Set `MUC4_PRED_DIR` to also
//! write `sitrep_{dev,test}_preds.json` there.

use std::path::PathBuf;

use sitrep_muc4::*;

fn main() -> Result<(), Muc4Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let no_tune = args.iter().any(|a| a == "--no-tune");
    let out = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(default_model_path);
    let dir = default_data_dir();
    let cfg = TrainConfig::default();
    let (model, summary) = if no_tune {
        let docs = load_templates(&dir, Split::Train)?;
        let t = std::time::Instant::now();
        let m = train(&docs, &cfg)?;
        let s = TrainSummary {
            train_secs: t.elapsed().as_secs_f64(),
            tune_secs: 0.0,
            dev_objective: f64::NAN,
        };
        (m, s)
    } else {
        train_and_tune(&dir, &cfg)?
    };
    println!(
        "trained in {:.1}s, tuned in {:.1}s (dev objective {:.2}); feature rows (tagger, doc) = {:?}",
        summary.train_secs,
        summary.tune_secs,
        summary.dev_objective,
        model.sizes()
    );
    println!("decode settings: {:?}", model.decode);
    for split in [Split::Dev, Split::Test] {
        let e = evaluate(&model, &Gold::load(&dir, split)?)?;
        println!(
            "=== {} ({:.0} docs/s)\n{}\n{}",
            split.name(),
            e.docs_per_sec,
            e.gtt,
            e.ceaf_ree
        );
        if let Ok(pd) = std::env::var("MUC4_PRED_DIR") {
            let path = PathBuf::from(pd).join(format!("sitrep_{}_preds.json", split.name()));
            write_predictions(&path, &e.predictions)?;
        }
    }
    model.save_file(&out)?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!("model written to {} ({size} bytes)", out.display());
    Ok(())
}
