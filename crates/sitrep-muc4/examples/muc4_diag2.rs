//! Diagnostics: gold tag coverage on train and training-set tagging recall.
use sitrep_muc4::model::{gold_tags, text::tokenize};
use sitrep_muc4::*;

fn main() -> Result<(), Muc4Error> {
    let dir = default_data_dir();
    let docs = load_templates(&dir, Split::Train)?;
    let mut nb = 0;
    let mut nm = 0;
    for d in &docs {
        let toks = tokenize(&d.doctext);
        let g = gold_tags(d, &toks);
        nb += g.iter().filter(|&&t| t % 2 == 1).count();
        for t in &d.templates {
            nm += t.roles.iter().map(|r| r.len()).sum::<usize>();
        }
    }
    println!("train: {nb} gold B tags for {nm} entities");
    let small: Vec<Muc4Doc> = docs.iter().take(400).cloned().collect();
    for epochs in [1usize, 5] {
        let cfg = TrainConfig {
            epochs,
            ..Default::default()
        };
        let m = train(&small, &cfg)?;
        let mut found = 0;
        for d in &small {
            found += m.tag_mentions(&d.doctext).len();
        }
        println!("epochs {epochs}: {found} spans tagged on its own 400 training docs");
    }
    Ok(())
}
