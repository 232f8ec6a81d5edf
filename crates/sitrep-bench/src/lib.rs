//! Throughput and memory benchmarks of sitrep.
//!
//! * [`gen`]: a seeded generator of fictional news-like reports (attacks and
//!   ordinary news, log-normal lengths, a share as HTML pages) written as JSON
//!   Lines that `sitrep extract` reads.
//! * [`run`]: the in-process ("warm") timing of the extraction pipeline — the same
//!   streaming, batched, parallel loop as `sitrep extract` — and the peak resident
//!   memory of the current process.
//! * [`warc`]: the generated pages as a `.warc.gz` (request and response records, one
//!   gzip member each), for the archive benchmark.
//! * [`muc4_to_jsonl`]: turns the MUC-4 template files (read at bench time from
//!   `../shared`, never copied) into the `{id, text}` records the pipeline reads.
//!
//! The whole benchmark (cold process starts, warm runs, the spaCy peer, the table in
//! `docs/benchmarks.md`) is driven by `scripts/bench.sh`.
//!
//! Not for: timed tests (benchmarks are run by hand), judging extraction quality
//! (that is `sitrep eval`), or anything shipped to users.
#![deny(missing_docs)]

pub mod gen;
pub mod run;
pub mod warc;

use std::io::{BufRead, Write};

/// Errors of the benchmark tools.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// Reading or writing a file failed.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A MUC-4 line was not the expected JSON.
    #[error("{path}:{line}: {message}")]
    BadRecord {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What went wrong.
        message: String,
    },
    /// `/proc/self/status` was unreadable or had no `VmHWM` line.
    #[error("peak memory unavailable: {0}")]
    NoPeakMemory(String),
}

impl BenchError {
    /// An I/O error on `path`.
    pub fn io(path: impl std::fmt::Display, e: &std::io::Error) -> BenchError {
        BenchError::Io {
            path: path.to_string(),
            message: e.to_string(),
        }
    }
}

/// Copies MUC-4 template records (`{"docid", "doctext", …}` a line) from `input`
/// to `out` as `{"id", "text"}` records; returns how many were written.
/// `path` names the input in messages.
pub fn muc4_to_jsonl<R: BufRead, W: Write>(
    input: R,
    path: &str,
    out: &mut W,
) -> Result<usize, BenchError> {
    let mut n = 0;
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(|e| BenchError::io(path, &e))?;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| BenchError::BadRecord {
            path: path.to_string(),
            line: i + 1,
            message,
        };
        let v: serde_json::Value = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
        let id = v.get("docid").and_then(|x| x.as_str());
        let text = v.get("doctext").and_then(|x| x.as_str());
        let (Some(id), Some(text)) = (id, text) else {
            return Err(bad("expected string fields `docid` and `doctext`".into()));
        };
        let rec = serde_json::json!({ "id": id, "text": text });
        serde_json::to_writer(&mut *out, &rec).map_err(|e| bad(e.to_string()))?;
        out.write_all(b"\n")
            .map_err(|e| BenchError::io("output", &e))?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn muc4_records_become_id_text_records() {
        let input =
            "{\"docid\": \"DEV-1\", \"doctext\": \"a bomb exploded.\", \"templates\": []}\n\n\
                     {\"docid\": \"DEV-2\", \"doctext\": \"no incident.\"}\n";
        let mut out = Vec::new();
        let n = muc4_to_jsonl(input.as_bytes(), "x", &mut out).expect("converts");
        assert_eq!(n, 2);
        let text = String::from_utf8(out).expect("utf8");
        assert_eq!(
            text,
            "{\"id\":\"DEV-1\",\"text\":\"a bomb exploded.\"}\n{\"id\":\"DEV-2\",\"text\":\"no incident.\"}\n"
        );
    }

    #[test]
    fn muc4_bad_line_names_its_line() {
        let input = "{\"docid\": \"DEV-1\", \"doctext\": \"x\"}\n{\"docid\": 3}\n";
        let err = muc4_to_jsonl(input.as_bytes(), "dev.jsonl", &mut Vec::new())
            .expect_err("second line lacks doctext");
        assert!(err.to_string().starts_with("dev.jsonl:2:"), "{err}");
    }
}
