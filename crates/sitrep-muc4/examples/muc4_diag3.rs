//! Diagnostics: perceptron fitting on a slice of train.
use sitrep_muc4::model::tagger::Trainer;
use sitrep_muc4::model::{
    gold_tags,
    text::{token_features, tokenize},
};
use sitrep_muc4::*;
use std::collections::HashMap;

fn main() -> Result<(), Muc4Error> {
    let dir = default_data_dir();
    let docs: Vec<Muc4Doc> = load_templates(&dir, Split::Train)?
        .into_iter()
        .take(200)
        .collect();
    let mut feats = vec![];
    let mut golds = vec![];
    let mut index: HashMap<u64, u32> = HashMap::new();
    for d in &docs {
        let toks = tokenize(&d.doctext);
        let f = token_features(&toks);
        for tf in &f {
            for h in tf {
                let n = index.len() as u32;
                index.entry(*h).or_insert(n);
            }
        }
        golds.push(gold_tags(d, &toks));
        feats.push(f);
    }
    let mut tr = Trainer::new(index);
    let rows: Vec<_> = feats.iter().map(|f| tr.cur.rows(f)).collect();
    for ep in 0..8 {
        let mut wrong = 0;
        let mut nb_pred = 0;
        let mut nb_gold = 0;
        for (r, g) in rows.iter().zip(&golds) {
            let em = tr.cur.emissions(r, 0.0);
            let p = tr.cur.viterbi(&em);
            wrong += p.iter().zip(g).filter(|(a, b)| a != b).count();
            nb_pred += p.iter().filter(|&&t| t % 2 == 1).count();
            nb_gold += g.iter().filter(|&&t| t % 2 == 1).count();
            tr.step(r, g);
        }
        println!("epoch {ep}: wrong tokens {wrong}, B pred {nb_pred} gold {nb_gold}");
    }
    let t = tr.finish();
    let mut nb_pred = 0;
    for r in &rows {
        let p = t.viterbi(&t.emissions(r, 0.0));
        nb_pred += p.iter().filter(|&&t| t % 2 == 1).count();
    }
    println!("averaged: B pred {nb_pred}");
    println!(
        "trans {:?}",
        t.trans
            .iter()
            .map(|x| (x * 10.0).round() / 10.0)
            .collect::<Vec<_>>()
    );
    let mut t2 = t.clone();
    for x in &mut t2.trans {
        *x = 0.0;
    }
    let mut nb_pred = 0;
    for r in &rows {
        let p = t2.viterbi(&t2.emissions(r, 0.0));
        nb_pred += p.iter().filter(|&&t| t % 2 == 1).count();
    }
    println!("averaged, no transitions: B pred {nb_pred}");
    Ok(())
}
