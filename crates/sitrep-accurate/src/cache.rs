//! A cache of encoder outputs per document, so that training runs the frozen encoder once
//! per split. Format, per document: `u32` docid length, docid bytes, `u32` pieces, `u32`
//! width, spans as `u32` pairs, vectors as little-endian f16 (all little-endian).

use std::collections::HashMap;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use sitrep_encoder::{Encoded, Encoder};
use sitrep_muc4::Muc4Doc;

use crate::AccurateError;

fn io(path: &Path) -> impl Fn(std::io::Error) -> AccurateError + '_ {
    move |source| AccurateError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn u32_of(r: &mut impl Read) -> std::io::Result<Option<u32>> {
    let mut b = [0u8; 4];
    match r.read_exact(&mut b) {
        Ok(()) => Ok(Some(u32::from_le_bytes(b))),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads a cache file.
pub fn load(path: &Path) -> Result<HashMap<String, Encoded>, AccurateError> {
    let f = std::fs::File::open(path).map_err(io(path))?;
    let mut r = BufReader::new(f);
    let mut out = HashMap::new();
    let bad = |what: &str| AccurateError::Invalid(format!("{}: truncated {what}", path.display()));
    while let Some(idlen) = u32_of(&mut r).map_err(io(path))? {
        let mut id = vec![0u8; idlen as usize];
        r.read_exact(&mut id).map_err(io(path))?;
        let id = String::from_utf8(id).map_err(|_| bad("docid"))?;
        let n = u32_of(&mut r)
            .map_err(io(path))?
            .ok_or_else(|| bad("count"))? as usize;
        let dim = u32_of(&mut r)
            .map_err(io(path))?
            .ok_or_else(|| bad("width"))? as usize;
        let mut sb = vec![0u8; n * 8];
        r.read_exact(&mut sb).map_err(io(path))?;
        let spans = sb
            .chunks_exact(8)
            .map(|c| {
                (
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize,
                    u32::from_le_bytes([c[4], c[5], c[6], c[7]]) as usize,
                )
            })
            .collect();
        let mut vb = vec![0u8; n * dim * 2];
        r.read_exact(&mut vb).map_err(io(path))?;
        let vectors = vb
            .chunks_exact(2)
            .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
            .collect();
        out.insert(
            id,
            Encoded {
                spans,
                vectors,
                dim,
            },
        );
    }
    Ok(out)
}

/// Encodes `docs` with `layers` and writes the cache file.
pub fn build(
    encoder: &Encoder,
    docs: &[Muc4Doc],
    layers: &[usize],
    path: &Path,
) -> Result<(), AccurateError> {
    let tmp = path.with_extension("partial");
    let f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    let mut w = BufWriter::new(f);
    for d in docs {
        let pieces = encoder.pieces(&d.doctext)?;
        let e = encoder.encode_pieces(&pieces, layers)?;
        let mut buf = Vec::with_capacity(12 + d.docid.len() + e.spans.len() * 8);
        buf.extend_from_slice(&(d.docid.len() as u32).to_le_bytes());
        buf.extend_from_slice(d.docid.as_bytes());
        buf.extend_from_slice(&(e.spans.len() as u32).to_le_bytes());
        buf.extend_from_slice(&(e.dim as u32).to_le_bytes());
        for (a, b) in &e.spans {
            buf.extend_from_slice(&(*a as u32).to_le_bytes());
            buf.extend_from_slice(&(*b as u32).to_le_bytes());
        }
        for x in &e.vectors {
            buf.extend_from_slice(&half::f16::from_f32(*x).to_le_bytes());
        }
        w.write_all(&buf).map_err(io(&tmp))?;
    }
    w.flush().map_err(io(&tmp))?;
    drop(w);
    std::fs::rename(&tmp, path).map_err(io(path))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truncated_cache_is_an_error_not_a_panic() {
        let dir = std::env::temp_dir().join(format!("sitrep-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("c.bin");
        let mut b = Vec::new();
        b.extend_from_slice(&3u32.to_le_bytes());
        b.extend_from_slice(b"abc");
        b.extend_from_slice(&2u32.to_le_bytes());
        std::fs::write(&p, &b).unwrap();
        assert!(load(&p).is_err());
        std::fs::write(&p, b"").unwrap();
        assert!(load(&p).unwrap().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
