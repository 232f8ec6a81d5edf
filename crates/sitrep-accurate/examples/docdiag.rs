//! How well an accurate-tier model takes its document decisions on MUC-4 dev, from a
//! cache of dev encodings (`sitrep train muc4 --tier accurate` writes one): relevance
//! (ROC AUC and accuracy at 0.5), incident type of the relevant documents (the document
//! classifier's, the type stacker's and the sentence head's own best type), and whether a
//! document reports several incidents of one type (ROC AUC).
//!
//!     cargo run --release -p sitrep-accurate --example docdiag -- MODEL_DIR CACHE_DIR

use std::path::Path;

use sitrep_accurate::{cache, AccurateModel, TokenModel};
use sitrep_muc4::model::doc::TYPES;
use sitrep_muc4::model::max_same_type;
use sitrep_muc4::{load_templates, Split};

fn accuracy(v: &[(f32, bool)]) -> f64 {
    v.iter().filter(|(s, y)| (*s >= 0.5) == *y).count() as f64 / v.len().max(1) as f64
}

fn argmax(p: &[f32]) -> usize {
    (0..p.len())
        .max_by(|&x, &z| p[x].total_cmp(&p[z]))
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mdir), Some(cdir)) = (args.get(1), args.get(2)) else {
        return Err("usage: docdiag MODEL_DIR CACHE_DIR".into());
    };
    let dev = load_templates(&sitrep_muc4::default_data_dir(), Split::Dev)?;
    let enc_dev = cache::load(&Path::new(cdir).join("enc_dev.bin"))?;
    let m = AccurateModel::load(&sitrep_encoder::default_dir(), Path::new(mdir))?;
    if !matches!(m.tokens, TokenModel::Frozen(_)) {
        return Err("docdiag reads the frozen variant only".into());
    }
    let (mut rel, mut rel_sent, mut multi, mut multi_sent) = (vec![], vec![], vec![], vec![]);
    let (mut by_doc, mut by_stack, mut by_sent, mut n_rel) = (0, 0, 0, 0);
    for d in &dev {
        let enc = enc_dev
            .get(&d.docid)
            .ok_or_else(|| format!("{} is not in the cache", d.docid))?;
        let ev = m.evidence_of_encoded(enc, &d.doctext)?;
        let a = m.muc4.analyse_with(&d.doctext, Some(&ev));
        let relevant = !d.templates.is_empty();
        let sent = ev.doc.unwrap_or_default();
        rel.push((a.relevance(), relevant));
        rel_sent.push((sent[0], relevant));
        if relevant {
            let several = max_same_type(d) >= 2;
            multi.push((a.multi(), several));
            multi_sent.push((ev.multi.unwrap_or(0.0), several));
            n_rel += 1;
            let right = |k: usize| {
                d.templates
                    .iter()
                    .any(|t| t.incident_type.contains(TYPES[k]))
            };
            by_doc += usize::from(right(argmax(&a.doc_probs()[1..])));
            by_stack += usize::from(right(argmax(&a.type_probs())));
            by_sent += usize::from(right(argmax(&sent[1..])));
        }
    }
    println!(
        "relevance: AUC {:.3}, accuracy@0.5 {:.3} (sentence head alone: AUC {:.3}, accuracy@0.5 {:.3})",
        sitrep_accurate::roc_auc(&rel),
        accuracy(&rel),
        sitrep_accurate::roc_auc(&rel_sent),
        accuracy(&rel_sent)
    );
    println!(
        "incident type of the {n_rel} relevant documents right: document classifier {by_doc}, type stacker {by_stack}, sentence head alone {by_sent}"
    );
    println!(
        "several incidents: AUC {:.3} (sentence head alone {:.3})",
        sitrep_accurate::roc_auc(&multi),
        sitrep_accurate::roc_auc(&multi_sent)
    );
    Ok(())
}
