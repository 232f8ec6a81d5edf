//! A fairer dev referee between accurate-tier variants: the model's decoding settings are
//! reset to the training defaults and re-tuned on one half of dev while the other half is
//! predicted, both ways round ([`sitrep_muc4::cross_tuned`]); the pooled predictions are
//! scored on all of dev. For comparison, the objective of tuning on all of dev (what
//! training reports, flattered by fitting those same documents).
//!
//!     cargo run --release -p sitrep-accurate --example crossdev -- MODEL_DIR CACHE_DIR [ROUNDS]

use std::path::Path;

use sitrep_accurate::{cache, AccurateModel, TokenModel, TUNE_ROUNDS};
use sitrep_muc4::{cross_tuned, objective, tune_on_dev_rounds, Gold, Split, TrainConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mdir), Some(cdir)) = (args.get(1), args.get(2)) else {
        return Err("usage: crossdev MODEL_DIR CACHE_DIR".into());
    };
    let dev = Gold::load(&sitrep_muc4::default_data_dir(), Split::Dev)?;
    let enc_dev = cache::load(&Path::new(cdir).join("enc_dev.bin"))?;
    let m = AccurateModel::load(&sitrep_encoder::default_dir(), Path::new(mdir))?;
    if !matches!(m.tokens, TokenModel::Frozen(_)) {
        return Err("crossdev reads the frozen variant only".into());
    }
    let extra = dev
        .templates
        .iter()
        .map(|d| {
            let enc = enc_dev
                .get(&d.docid)
                .ok_or_else(|| format!("{} is not in the cache", d.docid))?;
            Ok(m.evidence_of_encoded(enc, &d.doctext)?)
        })
        .collect::<Result<Vec<_>, Box<dyn std::error::Error>>>()?;
    let rounds = match args.get(3) {
        Some(r) => r.parse()?,
        None => TUNE_ROUNDS,
    };
    let mut untuned = m.muc4.clone();
    untuned.decode = TrainConfig::default().decode;
    let e = cross_tuned(&untuned, &dev, Some(&extra), rounds)?;
    let mut full = untuned.clone();
    let tuned = tune_on_dev_rounds(&mut full, &dev, Some(&extra), rounds)?;
    println!(
        "cross-tuned dev: objective {:.2}, GTT F1 {:.2} (P {:.2} R {:.2}), CEAF-REE F1 {:.2}; tuned on all of dev: objective {:.2}",
        objective(&e),
        e.gtt.micro_f1(),
        e.gtt.micro.precision() * 100.0,
        e.gtt.micro.recall() * 100.0,
        e.ceaf_ree.micro_f1(),
        tuned
    );
    Ok(())
}
