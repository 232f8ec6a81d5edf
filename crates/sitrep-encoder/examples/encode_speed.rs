//! Times the encoder over the texts of a MUC-4 split:
//! `cargo run --release -p sitrep-encoder --example encode_speed -- FILE.jsonl [N] [BACKEND] [WINDOW]`
//! with BACKEND `ort`, `candle` or `auto` (the default: what `Encoder::load` picks) and
//! WINDOW the pieces per window (default 254). The encoder directory is
//! `sitrep_encoder::default_dir()`; `SITREP_ORT_THREADS` sets ONNX Runtime's threads.
use std::time::Instant;

use sitrep_encoder::{Backend, Encoder, Windows};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let file = args
        .get(1)
        .ok_or("usage: encode_speed FILE.jsonl [N] [ort|candle|auto] [WINDOW]")?;
    let n: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(20);
    let dir = sitrep_encoder::default_dir();
    let mut enc = match args.get(3).map(String::as_str).unwrap_or("auto") {
        "ort" => Encoder::load_with(&dir, Backend::Ort)?,
        "candle" => Encoder::load_with(&dir, Backend::Candle)?,
        "auto" => Encoder::load(&dir)?,
        other => return Err(format!("unknown backend {other} (ort, candle or auto)").into()),
    };
    if let Some(w) = args.get(4) {
        let size: usize = w.parse()?;
        enc.windows = Windows {
            size,
            overlap: Windows::default().overlap,
        };
    }
    let text = std::fs::read_to_string(file)?;
    let mut docs = Vec::new();
    for line in text.lines().take(n) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        docs.push(v["doctext"].as_str().unwrap_or_default().to_string());
    }
    // One warm-up run (the first call pays for ONNX Runtime's lazy set-up).
    if let Some(d) = docs.first() {
        enc.encode(d)?;
    }
    let t = Instant::now();
    let mut pieces = 0;
    for d in &docs {
        let e = enc.encode(d)?;
        pieces += e.spans.len();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{:?} window {}: {} docs, {} pieces, {:.2}s: {:.2} docs/s, {:.0} pieces/s",
        enc.backend(),
        enc.windows.size,
        docs.len(),
        pieces,
        s,
        docs.len() as f64 / s,
        pieces as f64 / s
    );
    Ok(())
}
