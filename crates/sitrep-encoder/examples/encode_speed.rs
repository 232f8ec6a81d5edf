//! Times the encoder over the texts of a MUC-4 split: `cargo run --release -p sitrep-encoder
//! --example encode_speed -- DIR N`.
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let file = args.get(1).ok_or("usage: encode_speed FILE.jsonl [N]")?;
    let n: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(20);
    let enc = sitrep_encoder::Encoder::load(&sitrep_encoder::default_dir())?;
    let text = std::fs::read_to_string(file)?;
    let mut docs = Vec::new();
    for line in text.lines().take(n) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        docs.push(v["doctext"].as_str().unwrap_or_default().to_string());
    }
    let t = Instant::now();
    let mut pieces = 0;
    for d in &docs {
        let e = enc.encode(d)?;
        pieces += e.spans.len();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{} docs, {} pieces, {:.2}s: {:.2} docs/s, {:.0} pieces/s",
        docs.len(),
        pieces,
        s,
        docs.len() as f64 / s,
        pieces as f64 / s
    );
    Ok(())
}
