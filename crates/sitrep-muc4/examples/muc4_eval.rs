//! `sitrep eval muc4` for now:
//!
//! * `cargo run --release -p sitrep-muc4 --example muc4_eval -- --split dev|test [--predictions OUT] [--model PATH]`
//!   runs the committed model on the split, prints both scorers, and writes the predictions
//!   (published JSON shape) to OUT if given;
//! * `cargo run --release -p sitrep-muc4 --example muc4_eval -- --score FILE [--split test]`
//!   scores any predictions file.

use std::path::PathBuf;

use sitrep_muc4::*;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Result<(), Muc4Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split: Split = arg(&args, "--split").as_deref().unwrap_or("test").parse()?;
    let dir = default_data_dir();
    if let Some(file) = arg(&args, "--score") {
        let (gtt, ceaf) = score_file(&dir, split, &PathBuf::from(file))?;
        if let Some((g, by_kind)) = gtt {
            println!("{g}\n{by_kind}");
        }
        println!("{ceaf}");
        return Ok(());
    }
    let model_path = arg(&args, "--model")
        .map(PathBuf::from)
        .unwrap_or_else(default_model_path);
    let model = Muc4Model::load_file(&model_path)?;
    let e = evaluate(&model, &Gold::load(&dir, split)?)?;
    println!(
        "{} split, {:.0} docs/s\n{}\n{}",
        split.name(),
        e.docs_per_sec,
        e.gtt,
        e.ceaf_ree
    );
    if let Some(out) = arg(&args, "--predictions") {
        write_predictions(&PathBuf::from(out), &e.predictions)?;
    }
    Ok(())
}
