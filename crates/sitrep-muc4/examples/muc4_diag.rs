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
    for ob in [0.0f32, -2.0, -5.0, -10.0, -20.0, -40.0] {
        model.decode.o_bias = ob;
        let mut tp = [0usize; 5];
        let mut np = [0usize; 5];
        let mut ng = [0usize; 5];
        for d in &docs {
            let mut gold: Vec<Vec<String>> = vec![Vec::new(); 5];
            for t in &d.templates {
                for r in ROLES {
                    for e in &t.roles[r.index()] {
                        for m in e {
                            let n = normalize(&m.text);
                            if !gold[r.index()].contains(&n) {
                                gold[r.index()].push(n);
                            }
                        }
                    }
                }
            }
            let mut pred: Vec<Vec<String>> = vec![Vec::new(); 5];
            for (r, s) in model.tag_mentions(&d.doctext) {
                let n = normalize(s.slice(&d.doctext).unwrap_or(""));
                if !pred[r.index()].contains(&n) {
                    pred[r.index()].push(n);
                }
            }
            for r in 0..5 {
                np[r] += pred[r].len();
                ng[r] += gold[r].len();
                tp[r] += pred[r].iter().filter(|p| gold[r].contains(p)).count();
            }
        }
        println!("o_bias {ob}: per role tp/pred/gold {tp:?} {np:?} {ng:?}");
    }
    let mut conf = [[0usize; 2]; 2];
    for d in &docs {
        let p = model.doc_probs(&d.doctext)[0] >= 0.5;
        conf[usize::from(!d.templates.is_empty())][usize::from(p)] += 1;
    }
    println!("relevance confusion [gold][pred]: {conf:?}");
    Ok(())
}
