//! The encoder on its real weights, both backends. Needs `scripts/fetch-encoder.sh` to have
//! run (weights, `model.onnx`, the ONNX Runtime library); without them every test fails
//! naming what is missing (`scripts/test.sh` fetches them before `cargo test`).

use std::path::PathBuf;

use sitrep_encoder::{mean_normalised, Backend, Encoder, Windows};

/// The weights directory, or a failure that says how to get it.
fn weights() -> PathBuf {
    let dir = sitrep_encoder::default_dir();
    for f in [
        "tokenizer.json",
        "config.json",
        "vocab.txt",
        "model.safetensors",
        "model.onnx",
    ] {
        assert!(
            dir.join(f).is_file(),
            "{} is missing: run scripts/fetch-encoder.sh",
            dir.join(f).display()
        );
    }
    if let Err(e) = sitrep_encoder::ort_library(&dir) {
        panic!("{e}");
    }
    dir
}

fn load(backend: Backend) -> Encoder {
    match Encoder::load_with(&weights(), backend) {
        Ok(e) => e,
        Err(e) => panic!("loading the {backend:?} encoder: {e}"),
    }
}

const SHORT: &str = "A car bomb exploded outside the police station in Ayacucho on Tuesday.";

const ACCENTS: &str = "Guerrillas of the Frente Farabundo Martí attacked the café of José Núñez \
     near San Salvador; ÉLITE troops of the Atlacatl battalion answered fire.";

/// A made-up report long enough for several windows (well over 600 pieces).
fn long_text() -> String {
    let sentences = [
        "Unidentified gunmen opened fire on a bus carrying workers to the power plant,",
        "killing seven people and wounding twelve, the national police said on Friday.",
        "The attackers fled in a pickup truck toward the mountains north of the town.",
        "Local officials blamed an armed faction that has claimed similar ambushes this year,",
        "while the interior minister promised reinforcements for the region's checkpoints.",
        "Hospital staff reported that three of the wounded remained in critical condition.",
    ];
    let mut out = String::new();
    for round in 0..9 {
        for s in sentences {
            out.push_str(s);
            out.push(' ');
        }
        out.push_str(&format!("Report number {round} ends here. "));
    }
    out
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0f32, f32::max)
}

#[test]
fn candle_and_ort_give_the_same_vectors() {
    let candle = load(Backend::Candle);
    let ort = load(Backend::Ort);
    assert_eq!(candle.backend(), Backend::Candle);
    assert_eq!(ort.backend(), Backend::Ort);
    let long = long_text();
    let n_long = ort.pieces(&long).expect("pieces").ids.len();
    assert!(n_long > 600, "the long text has only {n_long} pieces");
    assert!(ort.plan(n_long).len() >= 3, "{:?}", ort.plan(n_long));
    for text in [SHORT, ACCENTS, long.as_str()] {
        let pieces = ort.pieces(text).expect("pieces");
        assert_eq!(pieces, candle.pieces(text).expect("pieces"));
        let a = candle.encode_pieces(&pieces, &[3, 6]).expect("candle");
        let b = ort.encode_pieces(&pieces, &[3, 6]).expect("ort");
        assert_eq!(a.dim, 2 * 384);
        assert_eq!((a.dim, a.spans.len()), (b.dim, b.spans.len()));
        assert_eq!(a.vectors.len(), pieces.ids.len() * a.dim);
        // No piece left at zero: every one got a window.
        for i in 0..a.spans.len() {
            let row = b.row(i).expect("row");
            assert!(row.iter().any(|&x| x != 0.0), "piece {i} has no vector");
        }
        let d = max_abs_diff(&a.vectors, &b.vectors);
        eprintln!("{} pieces: max |candle - ort| = {d:e}", pieces.ids.len());
        assert!(
            d < 1e-3,
            "max |candle - ort| = {d} on {} pieces",
            pieces.ids.len()
        );
        // encode() is the last layer alone, on both.
        let ea = candle.encode(text).expect("candle");
        let eb = ort.encode(text).expect("ort");
        assert!(max_abs_diff(&ea.vectors, &eb.vectors) < 1e-3);
        // Layer 6 of encode_pieces is the second half of each [3, 6] row.
        let last = b.row(0).expect("row");
        assert!(max_abs_diff(&last[384..], eb.row(0).expect("row")) < 1e-6);
    }
}

#[test]
fn wide_windows_agree_across_backends() {
    let wide = Windows {
        size: 510,
        overlap: 64,
    };
    let mut candle = load(Backend::Candle);
    let mut ort = load(Backend::Ort);
    candle.windows = wide;
    ort.windows = wide;
    let long = long_text();
    let pieces = ort.pieces(&long).expect("pieces");
    assert!(ort.plan(pieces.ids.len()).len() >= 2);
    let a = candle.encode_pieces(&pieces, &[0, 6]).expect("candle");
    let b = ort.encode_pieces(&pieces, &[0, 6]).expect("ort");
    let d = max_abs_diff(&a.vectors, &b.vectors);
    eprintln!("510-piece windows: max |candle - ort| = {d:e}");
    assert!(d < 1e-3, "max |candle - ort| = {d} with 510-piece windows");
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn sentence_embeddings_rank_a_paraphrase_first() {
    let anchor = "A car bomb exploded outside the police station, killing four officers.";
    let paraphrase =
        "Four policemen died when a vehicle packed with explosives blew up near their station.";
    let unrelated = "The city council approved a larger budget for public libraries on Tuesday.";
    for backend in [Backend::Ort, Backend::Candle] {
        let enc = load(backend);
        let a = enc.embed(anchor).expect("embed");
        let p = enc.embed(paraphrase).expect("embed");
        let u = enc.embed(unrelated).expect("embed");
        let norm: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
        let (cp, cu) = (cosine(&a, &p), cosine(&a, &u));
        eprintln!("{backend:?}: paraphrase {cp:.3}, unrelated {cu:.3}");
        assert!(
            cp > cu + 0.2,
            "{backend:?}: paraphrase {cp:.3}, unrelated {cu:.3}"
        );
        assert_eq!(mean_normalised(&enc.encode(anchor).expect("encode")), a);
    }
}

/// What the tokenizer does to a word before looking it up: the MiniLM tokenizer's
/// BertNormalizer lowercases and, since `strip_accents` is unset and `lowercase` is on, also
/// strips accents. Covers the accented letters of the made-up texts here.
fn normalise(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        })
        .collect()
}

#[test]
fn byte_spans_slice_the_original_text() {
    let dir = weights();
    let vocab: Vec<String> = std::fs::read_to_string(dir.join("vocab.txt"))
        .expect("vocab.txt")
        .lines()
        .map(str::to_string)
        .collect();
    let enc = load(Backend::Ort);
    let mut accented = 0;
    for text in [SHORT, ACCENTS, long_text().as_str()] {
        let pieces = enc.pieces(text).expect("pieces");
        assert!(!pieces.ids.is_empty());
        let e = enc.encode(text).expect("encode");
        assert_eq!(e.spans, pieces.spans, "encode keeps the pieces' spans");
        let mut last_end = 0;
        for (&id, &(s, t)) in pieces.ids.iter().zip(&pieces.spans) {
            let slice = text
                .get(s..t)
                .unwrap_or_else(|| panic!("span {s}..{t} is not a slice of the text"));
            assert!(s < t && s >= last_end, "span {s}..{t} after {last_end}");
            last_end = t;
            let token = vocab.get(id as usize).expect("id in vocab");
            if token == "[UNK]" {
                continue;
            }
            assert_eq!(
                normalise(slice),
                token.trim_start_matches("##"),
                "piece {token} at {s}..{t} = {slice:?}"
            );
            if !slice.is_ascii() {
                accented += 1;
            }
        }
    }
    assert!(accented >= 4, "only {accented} accented pieces checked");
    // The accents are in the text the spans point at, not in the tokens.
    let pieces = enc.pieces(ACCENTS).expect("pieces");
    let jose = pieces
        .spans
        .iter()
        .find(|&&(s, t)| ACCENTS.get(s..t) == Some("José"))
        .copied();
    assert!(
        jose.is_some(),
        "no piece spans \"José\": {:?}",
        pieces.spans
    );
}

#[test]
fn bad_layers_and_ids_are_errors() {
    let enc = load(Backend::Ort);
    let pieces = enc.pieces(SHORT).expect("pieces");
    assert!(enc.encode_pieces(&pieces, &[7]).is_err());
    let mut bad = pieces.clone();
    bad.ids[0] = 1_000_000;
    assert!(enc.encode_pieces(&bad, &[6]).is_err());
    let empty = enc.encode("").expect("empty");
    assert!(empty.spans.is_empty() && empty.vectors.is_empty());
}
