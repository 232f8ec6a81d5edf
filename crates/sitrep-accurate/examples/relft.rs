//! Does fine-tuning the encoder's top layers help the document decisions? Layers above
//! `FROM` (environment, default 4) are trained from the pretrained weights together with
//! an attention-pooled document head (relevant, six incident types, several incidents of
//! one type; binary cross-entropy) on all of MUC-4 train, over the frozen lower layers'
//! cached outputs; after each epoch, dev's relevance ROC AUC. `LR_LAYERS=0` keeps the
//! layers frozen (the same head over the pretrained layers, the baseline).
//!
//!     cargo run --release -p sitrep-accurate --example relft -- CACHE_DIR
use std::time::Instant;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{linear, AdamW, Linear, Optimizer, ParamsAdamW, VarBuilder, VarMap};
use sitrep_accurate::cache;
use sitrep_accurate::sent::{labels, N_DOC};
use sitrep_accurate::top::layer_rows;
use sitrep_encoder::{plan_windows, BertConfig, Layer, Windows};
use sitrep_muc4::model::doc::shuffle;
use sitrep_muc4::{load_templates, Split};

/// A document's frozen piece rows and its document labels.
type Row = (Vec<f32>, [f32; N_DOC]);

struct Model {
    layers: Vec<Layer>,
    att: Linear,
    l1: Linear,
    l2: Linear,
}

impl Model {
    fn doc_logits(&self, x: &[f32], hd: usize, train: bool) -> candle_core::Result<Tensor> {
        let n = x.len() / hd;
        let mut rows = Vec::new();
        for (s, e, kf, kt) in plan_windows(n, Windows::default()) {
            let xt = Tensor::from_slice(&x[s * hd..e * hd], (1, e - s, hd), &Device::Cpu)?;
            let mut h = xt;
            for l in &self.layers {
                h = if train {
                    l.forward_train(&h)?
                } else {
                    l.forward(&h)?
                };
            }
            rows.push(h.squeeze(0)?.narrow(0, kf - s, kt - kf)?);
        }
        let h = Tensor::cat(&rows, 0)?; // n × hd
        let a = candle_nn::ops::softmax(&self.att.forward(&h)?.squeeze(1)?, 0)?; // n
        let doc = a.unsqueeze(0)?.matmul(&h)?; // 1 × hd
        self.l2
            .forward(&self.l1.forward(&doc)?.gelu_erf()?)?
            .squeeze(0)
    }
}

fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cdir = std::env::args().nth(1).ok_or("usage: relft CACHE_DIR")?;
    let from: usize = env("FROM", 4);
    let epochs: usize = env("EPOCHS", 2);
    let lr_layers: f64 = env("LR_LAYERS", 3e-5);
    let data = sitrep_muc4::default_data_dir();
    let train = load_templates(&data, Split::Train)?;
    let dev = load_templates(&data, Split::Dev)?;
    let enc_train = cache::load(&std::path::Path::new(&cdir).join("enc_train.bin"))?;
    let enc_dev = cache::load(&std::path::Path::new(&cdir).join("enc_dev.bin"))?;
    let edir = sitrep_encoder::default_dir();
    let c = BertConfig::read(&edir.join("config.json"))?;
    let hd = c.hidden_size;
    let rows = |enc: &std::collections::HashMap<String, sitrep_encoder::Encoded>,
                docs: &[sitrep_muc4::Muc4Doc]|
     -> Result<Vec<Row>, Box<dyn std::error::Error>> {
        docs.iter()
            .map(|d| {
                let e = enc.get(&d.docid).ok_or("not cached")?;
                Ok((layer_rows(e, from)?.0, labels(d)))
            })
            .collect()
    };
    let tr = rows(&enc_train, &train)?;
    let dv = rows(&enc_dev, &dev)?;
    drop((enc_train, enc_dev));
    let mut lv = VarMap::new();
    let hv = VarMap::new();
    let vb = VarBuilder::from_varmap(&lv, DType::F32, &Device::Cpu);
    let layers = (from..c.num_hidden_layers)
        .map(|i| Layer::new(&c, vb.pp(format!("encoder.layer.{i}"))))
        .collect::<candle_core::Result<Vec<_>>>()?;
    lv.load(edir.join("model.safetensors"))?;
    let hb = VarBuilder::from_varmap(&hv, DType::F32, &Device::Cpu);
    let m = Model {
        layers,
        att: linear(hd, 1, hb.pp("att"))?,
        l1: linear(hd, 128, hb.pp("l1"))?,
        l2: linear(128, N_DOC, hb.pp("l2"))?,
    };
    sitrep_accurate::head::init_vars(&hv, 0x5eed_2026)?;
    let p = |lr| ParamsAdamW {
        lr,
        weight_decay: 0.01,
        ..ParamsAdamW::default()
    };
    let mut opt_h = AdamW::new(hv.all_vars(), p(1e-3))?;
    let mut opt_l = (lr_layers > 0.0)
        .then(|| AdamW::new(lv.all_vars(), p(lr_layers)))
        .transpose()?;
    let eval = |m: &Model| -> candle_core::Result<f64> {
        let mut s = Vec::new();
        for (x, y) in &dv {
            let z = m.doc_logits(x, hd, false)?.to_vec1::<f32>()?;
            s.push((z[0], y[0] > 0.5));
        }
        Ok(sitrep_accurate::roc_auc(&s))
    };
    println!(
        "from {from}, lr_layers {lr_layers}: dev relevance AUC before training (random head) {:.3}",
        eval(&m)?
    );
    let mut order: Vec<usize> = (0..tr.len()).collect();
    let mut rng = 0x5eed_u64 | 1;
    for ep in 0..epochs {
        let t = Instant::now();
        shuffle(&mut order, &mut rng);
        let mut avg = 0f32;
        for (k, &i) in order.iter().enumerate() {
            let (x, y) = &tr[i];
            if x.is_empty() {
                continue;
            }
            let z = m.doc_logits(x, hd, true)?;
            let yt = Tensor::from_slice(y, N_DOC, &Device::Cpu)?;
            let loss = candle_nn::loss::binary_cross_entropy_with_logit(&z, &yt)?;
            let g = loss.backward()?;
            opt_h.step(&g)?;
            if let Some(o) = opt_l.as_mut() {
                o.step(&g)?;
            }
            avg = 0.99 * avg + 0.01 * loss.to_scalar::<f32>()?;
            if k % 200 == 0 {
                eprintln!(
                    "epoch {ep} doc {k} loss {avg:.4} {:.0}s",
                    t.elapsed().as_secs_f64()
                );
            }
        }
        println!(
            "epoch {}: {:.0} s, dev relevance AUC {:.3}",
            ep + 1,
            t.elapsed().as_secs_f64(),
            eval(&m)?
        );
    }
    Ok(())
}
