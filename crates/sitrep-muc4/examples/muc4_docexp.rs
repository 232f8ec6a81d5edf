//! Experiment: document classifier settings, scored on dev relevance and type accuracy.
use sitrep_muc4::model::doc::{doc_features, DocClassifier, TYPES};
use sitrep_muc4::model::doc_labels;
use sitrep_muc4::model::text::tokenize;
use sitrep_muc4::*;

fn main() -> Result<(), Muc4Error> {
    let dir = default_data_dir();
    let tr = load_templates(&dir, Split::Train)?;
    let dv = load_templates(&dir, Split::Dev)?;
    let f: Vec<Vec<u64>> = tr
        .iter()
        .map(|d| doc_features(&tokenize(&d.doctext)))
        .collect();
    let y: Vec<_> = tr.iter().map(doc_labels).collect();
    let fd: Vec<Vec<u64>> = dv
        .iter()
        .map(|d| doc_features(&tokenize(&d.doctext)))
        .collect();
    for (ep, lr, mc) in [
        (30, 3.0, 2),
        (30, 6.0, 2),
        (30, 12.0, 2),
        (30, 3.0, 3),
        (20, 6.0, 3),
    ] {
        let c = DocClassifier::train(&f, &y, ep, 7, mc, lr);
        let mut rel_ok = 0;
        let mut type_ok = 0;
        let mut n_rel = 0;
        for (d, fe) in dv.iter().zip(&fd) {
            let p = c.probs(fe);
            let gold_rel = !d.templates.is_empty();
            if (p[0] >= 0.5) == gold_rel {
                rel_ok += 1;
            }
            if gold_rel {
                n_rel += 1;
                let mut b = 0;
                for k in 1..TYPES.len() {
                    if p[k + 1] > p[b + 1] {
                        b = k;
                    }
                }
                if d.templates
                    .iter()
                    .any(|t| t.incident_type.contains(TYPES[b]))
                {
                    type_ok += 1;
                }
            }
        }
        println!("epochs {ep} lr {lr} min {mc}: relevance {rel_ok}/200, type {type_ok}/{n_rel}");
    }
    Ok(())
}
