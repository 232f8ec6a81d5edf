//! Diagnostics of a trained model on dev: tagger mention P/R by role for several O biases,
//! and relevance accuracy. `cargo run --release -p sitrep-muc4 --example muc4_diag -- MODEL`

use sitrep_muc4::*;

fn main() -> Result<(), Muc4Error> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| Muc4Error::Invalid("usage: muc4_diag MODEL".into()))?;
    let file = std::fs::File::open(&path).map_err(|source| Muc4Error::Io {
        path: path.clone().into(),
        source,
    })?;
    let mut model = Muc4Model::load(std::io::BufReader::new(file))?;
    let dir = default_data_dir();
    let docs = load_templates(&dir, Split::Dev)?;
    // Candidate recall and precision at thresholds, relevant docs only.
    for ob in [-4.0f32, -8.0, -16.0] {
        model.decode.o_bias = ob;
        let mut rows = [[0usize; 3]; 6];
        let ths = [0.0f32, 0.1, 0.2, 0.3, 0.4, 0.5];
        let mut n_gold = 0;
        let mut n_gold_cov = 0;
        for d in docs.iter().filter(|d| !d.templates.is_empty()) {
            let mut gold: Vec<Vec<Vec<String>>> = vec![Vec::new(); 5];
            for t in &d.templates {
                for r in ROLES {
                    for e in &t.roles[r.index()] {
                        gold[r.index()].push(e.iter().map(|m| normalize(&m.text)).collect());
                    }
                }
            }
            let cands = model.scored_candidates(&d.doctext);
            for ents in &gold {
                for e in ents {
                    n_gold += 1;
                    if cands.iter().any(|(c, _, _)| e.contains(&c.norm)) {
                        n_gold_cov += 1;
                    }
                }
            }
            for (k, th) in ths.iter().enumerate() {
                for (c, role, p) in &cands {
                    if p < th {
                        continue;
                    }
                    rows[k][0] += 1;
                    if gold[role.index()].iter().any(|e| e.contains(&c.norm)) {
                        rows[k][1] += 1;
                    }
                }
            }
        }
        println!(
            "o_bias {ob}: gold entities {n_gold}, covered by some candidate string {n_gold_cov}"
        );
        for (k, th) in ths.iter().enumerate() {
            println!("  p>={th}: kept {} correct-role {}", rows[k][0], rows[k][1]);
        }
    }
    let mut conf = [[0usize; 2]; 2];
    for d in &docs {
        let p = model.doc_probs(&d.doctext)[0] >= 0.5;
        conf[usize::from(!d.templates.is_empty())][usize::from(p)] += 1;
    }
    println!("relevance confusion [gold][pred]: {conf:?}");
    // Ranking quality of the relevance score: pairs of (relevant, irrelevant) documents
    // ordered correctly (AUC), and the best accuracy over thresholds.
    for (name, scores) in [(
        "document classifier",
        docs.iter()
            .map(|d| model.doc_probs(&d.doctext)[0])
            .collect::<Vec<f32>>(),
    )] {
        let rel: Vec<bool> = docs.iter().map(|d| !d.templates.is_empty()).collect();
        let (mut good, mut pairs) = (0f64, 0f64);
        for (a, ra) in scores.iter().zip(&rel) {
            for (b, rb) in scores.iter().zip(&rel) {
                if *ra && !*rb {
                    pairs += 1.0;
                    good += if a > b {
                        1.0
                    } else if a == b {
                        0.5
                    } else {
                        0.0
                    };
                }
            }
        }
        let best = (1..20)
            .map(|k| {
                let th = k as f32 / 20.0;
                let ok = scores
                    .iter()
                    .zip(&rel)
                    .filter(|(s, r)| (**s >= th) == **r)
                    .count();
                (ok, th)
            })
            .max_by_key(|x| x.0)
            .unwrap_or((0, 0.0));
        println!(
            "{name}: AUC {:.3}, best accuracy {}/{} at {}",
            good / pairs.max(1.0),
            best.0,
            docs.len(),
            best.1
        );
    }
    Ok(())
}
