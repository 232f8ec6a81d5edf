//! From word pieces to the extractor's tokens: each token takes the mean vector of the
//! pieces whose byte spans overlap its own (zeros when none does, e.g. a dropped control
//! character).

use sitrep_encoder::Encoded;
use sitrep_muc4::model::text::Token;

/// Row-major `toks.len() × enc.dim` token vectors.
pub fn token_vectors(enc: &Encoded, toks: &[Token]) -> Vec<f32> {
    let dim = enc.dim;
    let mut out = vec![0f32; toks.len() * dim];
    let mut first = 0usize; // first piece that may still overlap a later token
    for (ti, t) in toks.iter().enumerate() {
        while enc.spans.get(first).is_some_and(|&(_, e)| e <= t.start) {
            first += 1;
        }
        let mut n = 0usize;
        let mut j = first;
        while let Some(&(s, e)) = enc.spans.get(j) {
            if s >= t.end {
                break;
            }
            if e > t.start {
                if let (Some(row), Some(dst)) = (enc.row(j), out.get_mut(ti * dim..(ti + 1) * dim))
                {
                    for (d, v) in dst.iter_mut().zip(row) {
                        *d += v;
                    }
                    n += 1;
                }
            }
            j += 1;
        }
        if n > 1 {
            if let Some(dst) = out.get_mut(ti * dim..(ti + 1) * dim) {
                for d in dst {
                    *d /= n as f32;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_muc4::model::text::tokenize;

    #[test]
    fn tokens_average_their_pieces() {
        let text = "Gunmen attacked Tegucigalpa.";
        let toks = tokenize(text);
        // Pieces: "gunmen", "attacked", "te", "##guci", "##galpa", "."
        let spans = vec![(0, 6), (7, 15), (16, 18), (18, 22), (22, 27), (27, 28)];
        let vectors: Vec<f32> = (0..spans.len()).flat_map(|i| [i as f32, 1.0]).collect();
        let enc = Encoded {
            spans,
            vectors,
            dim: 2,
        };
        let x = token_vectors(&enc, &toks);
        assert_eq!(toks.len(), 4);
        assert_eq!(&x[0..2], &[0.0, 1.0]);
        assert_eq!(&x[2..4], &[1.0, 1.0]);
        assert_eq!(&x[4..6], &[3.0, 1.0]); // mean of 2, 3, 4
        assert_eq!(&x[6..8], &[5.0, 1.0]);
    }

    #[test]
    fn a_token_without_pieces_is_zero() {
        let toks = tokenize("a b");
        let enc = Encoded {
            spans: vec![(0, 1)],
            vectors: vec![2.0],
            dim: 1,
        };
        assert_eq!(token_vectors(&enc, &toks), vec![2.0, 0.0]);
    }
}
