//! Train the MUC-4 extractor on train, report dev and test with both scorers, save the model.
//!
//! `cargo run --release -p sitrep-muc4 --example muc4_train -- [MODEL_OUT] [--tune]`
//! (default output `crates/sitrep-muc4/model/muc4.bin.gz`). With `--tune`, decoding settings
//! are chosen on dev (never on test) before saving.

use std::time::Instant;

use sitrep_muc4::*;

fn eval(model: &Muc4Model, split: Split) -> Result<(Report, Report, f64), Muc4Error> {
    let dir = default_data_dir();
    let gold = load_templates(&dir, split)?;
    let rf = load_role_fillers(&dir, split)?;
    let t = Instant::now();
    let preds = model.predict_docs(&gold)?;
    let secs = t.elapsed().as_secs_f64();
    if let Ok(dir) = std::env::var("MUC4_PRED_DIR") {
        let path = std::path::Path::new(&dir).join(format!("sitrep_{}_preds.json", split.name()));
        write_predictions(&path, &preds)?;
    }
    Ok((
        score_gtt(&gold, &preds)?,
        score_ceaf_ree(&rf, &preds)?,
        gold.len() as f64 / secs.max(1e-9),
    ))
}

fn main() -> Result<(), Muc4Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tune = args.iter().any(|a| a == "--tune");
    let out = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/model/muc4.bin.gz").to_string());
    let dir = default_data_dir();
    let train_docs = load_templates(&dir, Split::Train)?;
    let mut cfg = TrainConfig::default();
    // Overrides for experiments.
    if let Some(e) = std::env::var("MUC4_EPOCHS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        cfg.epochs = e;
    }
    if let Some(v) = std::env::var("MUC4_CAND_LR")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        cfg.cand_lr = v;
    }
    if let Some(v) = std::env::var("MUC4_CAND_EPOCHS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        cfg.cand_epochs = v;
    }
    if let Some(m) = std::env::var("MUC4_MIN_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        cfg.min_count = m;
    }
    let t = Instant::now();
    let mut model = train(&train_docs, &cfg)?;
    let train_secs = t.elapsed().as_secs_f64();
    println!(
        "trained on {} docs in {train_secs:.1}s; feature rows (tagger, doc) = {:?}",
        train_docs.len(),
        model.sizes()
    );
    if tune {
        let best = tune_on_dev(&mut model)?;
        println!("tuned on dev: {best:?}");
    }
    for split in [Split::Dev, Split::Test] {
        let (g, c, dps) = eval(&model, split)?;
        println!("=== {} ({dps:.0} docs/s)\n{g}\n{c}", split.name());
    }
    let file = std::fs::File::create(&out).map_err(|source| Muc4Error::Io {
        path: out.clone().into(),
        source,
    })?;
    model.save(std::io::BufWriter::new(file))?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!("model written to {out} ({size} bytes)");
    Ok(())
}

/// Coordinate search over decoding settings, maximising the mean of the two dev F1 scores.
fn tune_on_dev(model: &mut Muc4Model) -> Result<DecodeConfig, Muc4Error> {
    let score = |m: &Muc4Model| -> Result<f64, Muc4Error> {
        let (g, c, _) = eval(m, Split::Dev)?;
        Ok((g.micro_f1() + c.micro_f1()) / 2.0)
    };
    let mut best = score(model)?;
    for _round in 0..2 {
        for ct in [0.1f32, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5] {
            let keep = model.decode;
            model.decode.cand_threshold = [ct; 5];
            let s = score(model)?;
            if s > best {
                best = s;
            } else {
                model.decode = keep;
            }
        }
        for r in 0..5 {
            for ct in [0.1f32, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5] {
                let keep = model.decode;
                model.decode.cand_threshold[r] = ct;
                let s = score(model)?;
                if s > best {
                    best = s;
                } else {
                    model.decode = keep;
                }
            }
        }
        for o in [-16.0f32, -12.0, -8.0, -4.0, 0.0] {
            let keep = model.decode;
            model.decode.o_bias = o;
            let s = score(model)?;
            if s > best {
                best = s;
            } else {
                model.decode = keep;
            }
        }
        for th in [0.15f32, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6] {
            let keep = model.decode;
            model.decode.relevance_threshold = th;
            let s = score(model)?;
            if s > best {
                best = s;
            } else {
                model.decode = keep;
            }
        }
        for th in [0.3f32, 0.4, 0.5, 0.6, 0.7, 0.8, 2.0] {
            let keep = model.decode;
            model.decode.second_type_threshold = th;
            let s = score(model)?;
            if s > best {
                best = s;
            } else {
                model.decode = keep;
            }
        }
        for ev in [0.0f32, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7] {
            let keep = model.decode;
            model.decode.min_doc_evidence = ev;
            let s = score(model)?;
            if s > best {
                best = s;
            } else {
                model.decode = keep;
            }
        }
        for sp in [false, true] {
            let keep = model.decode;
            model.decode.share_perps = sp;
            let s = score(model)?;
            if s > best {
                best = s;
            } else {
                model.decode = keep;
            }
        }
        for mn in [false, true] {
            let keep = model.decode;
            model.decode.merge_nested = mn;
            let s = score(model)?;
            if s > best {
                best = s;
            } else {
                model.decode = keep;
            }
        }
        for r in 0..5 {
            for k in 1..=6 {
                let keep = model.decode;
                model.decode.max_entities[r] = k;
                let s = score(model)?;
                if s > best {
                    best = s;
                } else {
                    model.decode = keep;
                }
            }
        }
        println!(
            "tuning round: dev mean F1 {best:.2} with {:?}",
            model.decode
        );
    }
    Ok(model.decode)
}
