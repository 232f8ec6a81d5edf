//! Score a predictions file with both scorers:
//! `cargo run --release -p sitrep-muc4 --example muc4_score -- FILE [dev|test]`.

use sitrep_muc4::*;

fn main() -> Result<(), Muc4Error> {
    let args: Vec<String> = std::env::args().collect();
    let file = args
        .get(1)
        .ok_or_else(|| Muc4Error::Invalid("usage: muc4_score FILE [dev|test]".into()))?;
    let split: Split = args.get(2).map(String::as_str).unwrap_or("test").parse()?;
    let dir = default_data_dir();
    let preds = read_predictions(std::path::Path::new(file))?;
    let has_templates = preds.values().any(|d| d.pred_templates.is_some());
    if has_templates {
        let gold = load_templates(&dir, split)?;
        println!("{}", score_gtt(&gold, &preds)?);
    }
    let gold = load_role_fillers(&dir, split)?;
    println!("{}", score_ceaf_ree(&gold, &preds)?);
    Ok(())
}
