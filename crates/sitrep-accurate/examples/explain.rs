//! What the accurate tier makes of one text: its templates, and every candidate with its
//! best role and probability next to that role's threshold.
//!
//!     cargo run --release -p sitrep-accurate --example explain -- MODEL_DIR FILE

use std::path::Path;

use sitrep_accurate::AccurateModel;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mdir), Some(file)) = (args.get(1), args.get(2)) else {
        return Err("usage: explain MODEL_DIR FILE".into());
    };
    let text = std::fs::read_to_string(file)?;
    let m = AccurateModel::load(&sitrep_encoder::default_dir(), Path::new(mdir))?;
    let ev = m.evidence(&text)?;
    let a = m.muc4.analyse_with(&text, Some(&ev));
    println!(
        "relevance {:.2} (threshold {:.2}), types {:?}",
        a.relevance(),
        m.muc4.decode.relevance_threshold,
        a.type_probs()
    );
    for (norm, role, p) in a.candidates() {
        let th = m.muc4.decode.cand_threshold[role.index()];
        println!("{:>5.2} {:5.2} {:8} {norm}", p, th, role.key());
    }
    for t in m.muc4.decide(&a, &text) {
        println!("{t:?}");
    }
    Ok(())
}
