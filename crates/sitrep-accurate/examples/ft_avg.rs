//! The measured variant "fine-tuned layers, half models averaged" of docs/benchmarks.md:
//! the encoder's layers above `FROM` (environment, default 2) and a token head are
//! fine-tuned on each half of MUC-4 train (`EPOCHS`, default 2); a training document's
//! evidence comes from the other half's model, a dev or test document's from the average
//! of both (so that the extractor meets equally strong evidence in training and after);
//! the sentence head, the extractor and dev tuning are those of the committed tier. Prints
//! the dev objective and the test scores. About 40 minutes on 2 cores; the fine-tuned
//! layers run in candle.
//!
//!     cargo run --release -p sitrep-accurate --example ft_avg -- CACHE_DIR OUT_DIR
//!
//! (CACHE_DIR as `sitrep train muc4 --tier accurate` fills it, e.g. target/encoder-cache;
//! the test split's encodings are added to it on the first run.)
use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use sitrep_accurate::sent::{
    labels, sent_input, sentence_labels, sentence_vectors, SentHead, N_DOC,
};
use sitrep_accurate::top::{layer_rows, token_probs, training_data, TopConfig, TopModel};
use sitrep_accurate::{cache, evidence_from_rows, AccurateError};
use sitrep_encoder::Encoded;
use sitrep_muc4::model::tagger::N_TAGS;
use sitrep_muc4::model::text::tokenize;
use sitrep_muc4::{
    docid_to_key, load_templates, score_ceaf_ree, score_gtt, train_with, tune_on_dev_rounds,
    DocPrediction, Evidence, Gold, Muc4Doc, Predictions, Split, TrainConfig,
};

fn piece_avg(tops: &[&TopModel], e: &Encoded) -> Result<Vec<[f32; N_TAGS]>, AccurateError> {
    let mut acc: Vec<[f32; N_TAGS]> = Vec::new();
    for t in tops {
        let (x, _) = layer_rows(e, t.from)?;
        let p = t.piece_probs(&x)?;
        if acc.is_empty() {
            acc = p;
        } else {
            for (a, b) in acc.iter_mut().zip(p) {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
            }
        }
    }
    let n = tops.len() as f32;
    for a in &mut acc {
        for x in a.iter_mut() {
            *x /= n;
        }
    }
    Ok(acc)
}

fn get<'a>(
    enc: &'a HashMap<String, Encoded>,
    d: &Muc4Doc,
) -> Result<&'a Encoded, Box<dyn std::error::Error>> {
    Ok(enc
        .get(&d.docid)
        .ok_or_else(|| format!("{} is not in the cache", d.docid))?)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(cdir), Some(out)) = (args.get(1), args.get(2)) else {
        return Err("usage: ft_avg CACHE_DIR OUT_DIR".into());
    };
    let (cdir, out) = (Path::new(cdir), Path::new(out));
    std::fs::create_dir_all(out)?;
    let from: usize = std::env::var("FROM")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let epochs: usize = std::env::var("EPOCHS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let data = sitrep_muc4::default_data_dir();
    let docs = load_templates(&data, Split::Train)?;
    let dev = Gold::load(&data, Split::Dev)?;
    let test = Gold::load(&data, Split::Test)?;
    let enc = cache::load(&cdir.join("enc_train.bin"))?;
    let enc_dev = cache::load(&cdir.join("enc_dev.bin"))?;
    let test_cache = cdir.join("enc_test.bin");
    if !test_cache.is_file() {
        let encoder = sitrep_encoder::Encoder::load(&sitrep_encoder::default_dir())?;
        cache::build(
            &encoder,
            &test.templates,
            &sitrep_accurate::LAYERS,
            &test_cache,
        )?;
    }
    let enc_test = cache::load(&test_cache)?;
    let enc_dir = sitrep_encoder::default_dir();
    let bert = sitrep_encoder::BertConfig::read(&enc_dir.join("config.json"))?;
    let weights = enc_dir.join("model.safetensors");
    let tcfg = TopConfig {
        epochs,
        from,
        ..TopConfig::default()
    };
    let mut tops = Vec::new();
    for h in 0..2 {
        let path = out.join(format!("top_{h}.safetensors"));
        if path.is_file() {
            tops.push(TopModel::load(&bert, &path)?);
            eprintln!("loaded {}", path.display());
            continue;
        }
        let mut data: Vec<(Vec<f32>, Vec<u32>)> = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            if i % 2 == h && !d.templates.is_empty() {
                data.push(training_data(get(&enc, d)?, d, from)?);
            }
        }
        let m = TopModel::new(&bert, &weights, tcfg.seed, from)?;
        let t = Instant::now();
        m.train(&data, &tcfg, |s, n, l| {
            if s % 100 == 0 || s == n {
                eprintln!(
                    "half {h}: step {s}/{n}, loss {l:.4}, {:.0} s",
                    t.elapsed().as_secs_f64()
                );
            }
        })?;
        m.save(&path)?;
        tops.push(m);
    }
    // Sentence heads.
    let srows: Vec<Vec<f32>> = docs
        .iter()
        .map(|d| sentence_vectors(&enc[&d.docid], &tokenize(&d.doctext)))
        .collect();
    let sin = sent_input(enc.values().next().map(|e| e.dim).unwrap_or(0));
    let scfg = sitrep_accurate::sent::default_config();
    let sh = |which: &dyn Fn(usize) -> bool| -> SentHead {
        let mut x: Vec<Vec<f32>> = Vec::new();
        let mut y: Vec<[f32; N_DOC]> = Vec::new();
        let mut ys: Vec<Vec<f32>> = Vec::new();
        for (i, (d, r)) in docs.iter().zip(&srows).enumerate() {
            if which(i) {
                x.push(r.clone());
                y.push(labels(d));
                ys.push(sentence_labels(d, &tokenize(&d.doctext)));
            }
        }
        SentHead::train(&x, &y, &ys, sin, &scfg).unwrap()
    };
    let sh_halves = [sh(&|i| i % 2 == 0), sh(&|i| i % 2 == 1)];
    let sh_full = sh(&|_| true);
    eprintln!("train evidence");
    let t = Instant::now();
    let mut extra = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let o = (i + 1) % 2;
        let e = get(&enc, d)?;
        let toks = tokenize(&d.doctext);
        let pp = piece_avg(&[&tops[o]], e)?;
        let tags = token_probs(&e.spans, &toks, &pp);
        extra.push(evidence_from_rows(tags, &sh_halves[o], &srows[i], &toks)?);
    }
    eprintln!("train evidence in {:.0} s", t.elapsed().as_secs_f64());
    let ev_of = |d: &Muc4Doc, e: &Encoded| -> Result<Evidence, AccurateError> {
        let toks = tokenize(&d.doctext);
        let pp = piece_avg(&[&tops[0], &tops[1]], e)?;
        let tags = token_probs(&e.spans, &toks, &pp);
        evidence_from_rows(tags, &sh_full, &sentence_vectors(e, &toks), &toks)
    };
    let mut dev_ev = Vec::new();
    for d in &dev.templates {
        dev_ev.push(ev_of(d, get(&enc_dev, d)?)?);
    }
    let t = Instant::now();
    let mut test_ev = Vec::new();
    for d in &test.templates {
        test_ev.push(ev_of(d, get(&enc_test, d)?)?);
    }
    eprintln!(
        "test evidence (two top models, candle) {:.1} docs/s",
        test.templates.len() as f64 / t.elapsed().as_secs_f64()
    );
    let mut muc4 = train_with(&docs, &TrainConfig::default(), Some(&extra))?;
    let obj = tune_on_dev_rounds(&mut muc4, &dev, Some(&dev_ev), 6)?;
    println!("FROM {from} epochs {epochs}: dev objective {obj:.2}");
    let mut preds = Predictions::new();
    for (d, ev) in test.templates.iter().zip(&test_ev) {
        preds.insert(
            docid_to_key(&d.docid)?,
            DocPrediction::from_templates(muc4.predict_with(&d.doctext, Some(ev))),
        );
    }
    println!(
        "{}\n{}",
        score_gtt(&test.templates, &preds)?,
        score_ceaf_ree(&test.role_fillers, &preds)?
    );
    muc4.save_file(&out.join("muc4-accurate.bin.gz"))?;
    Ok(())
}
