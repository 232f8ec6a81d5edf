//! In-process timing of the extraction pipeline and peak memory.

use crate::BenchError;
use rayon::prelude::*;
use serde::Serialize;
use sitrep_core::{Document, DocumentRecord};
use sitrep_ingest::{expand_inputs, stream_input, IngestOptions};
use sitrep_pipeline::Extractor;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Documents are extracted in batches of this many, as `sitrep extract` does.
pub const BATCH: usize = 256;

/// What one pass over the inputs did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PassStats {
    /// Documents read (failures included).
    pub docs: u64,
    /// Documents that failed to ingest or extract.
    pub failed: u64,
    /// Bytes of document text (after HTML cleaning) extracted.
    pub text_bytes: u64,
    /// Incidents found.
    pub incidents: u64,
    /// Wall-clock seconds.
    pub secs: f64,
}

impl PassStats {
    /// Documents per second.
    pub fn docs_per_sec(&self) -> f64 {
        if self.secs > 0.0 {
            self.docs as f64 / self.secs
        } else {
            0.0
        }
    }

    /// Megabytes (10^6 bytes) of text per second.
    pub fn mb_per_sec(&self) -> f64 {
        if self.secs > 0.0 {
            self.text_bytes as f64 / 1e6 / self.secs
        } else {
            0.0
        }
    }
}

/// One pass of the `sitrep extract` pipeline over `paths`: a reader thread streams
/// the inputs into batches of [`BATCH`] documents, the rayon pool extracts each batch
/// in parallel, a writer thread serializes the records as JSON Lines into `out`
/// (pass `std::io::sink()` to time without output). Stops after `limit` documents
/// when given.
pub fn extract_pass<W: Write + Send>(
    ex: &Extractor,
    paths: &[PathBuf],
    limit: Option<u64>,
    out: &mut W,
) -> Result<PassStats, BenchError> {
    let start = Instant::now();
    let (doc_tx, doc_rx) = std::sync::mpsc::sync_channel::<Vec<Document>>(QUEUE);
    let (rec_tx, rec_rx) = std::sync::mpsc::sync_channel::<Vec<DocumentRecord>>(QUEUE);
    let mut stats = std::thread::scope(|scope| -> Result<PassStats, BenchError> {
        let reader = scope.spawn(move || read_batches(paths, limit, &doc_tx));
        let writer = scope.spawn(move || -> Result<PassStats, BenchError> {
            let mut stats = PassStats::default();
            for records in rec_rx {
                for r in &records {
                    stats.failed += u64::from(r.error.is_some());
                    stats.incidents += r.incidents.len() as u64;
                    serde_json::to_writer(&mut *out, r).map_err(|e| BenchError::Io {
                        path: "output".into(),
                        message: e.to_string(),
                    })?;
                    out.write_all(b"\n")
                        .map_err(|e| BenchError::io("output", &e))?;
                }
            }
            out.flush().map_err(|e| BenchError::io("output", &e))?;
            Ok(stats)
        });
        for batch in doc_rx {
            let records: Vec<DocumentRecord> = batch.par_iter().map(|d| ex.extract(d)).collect();
            if rec_tx.send(records).is_err() {
                break;
            }
        }
        drop(rec_tx);
        let mut stats = writer.join().map_err(|_| panicked("writer"))??;
        let read = reader.join().map_err(|_| panicked("reader"))?;
        stats.docs = read.docs;
        stats.failed += read.failed;
        stats.text_bytes = read.text_bytes;
        Ok(stats)
    })?;
    stats.secs = start.elapsed().as_secs_f64();
    Ok(stats)
}

/// Batches waiting between the stages.
const QUEUE: usize = 2;

fn panicked(what: &str) -> BenchError {
    BenchError::Io {
        path: what.to_string(),
        message: "thread panicked".into(),
    }
}

/// Streams the inputs into batches; counts documents, ingest failures and text bytes.
fn read_batches(
    paths: &[PathBuf],
    limit: Option<u64>,
    tx: &std::sync::mpsc::SyncSender<Vec<Document>>,
) -> PassStats {
    let opts = IngestOptions::default();
    let mut stats = PassStats::default();
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    'inputs: for input in expand_inputs(paths) {
        let Ok(input) = input else {
            stats.docs += 1;
            stats.failed += 1;
            continue;
        };
        for item in stream_input(&input, &opts) {
            if limit.is_some_and(|l| stats.docs >= l) {
                break 'inputs;
            }
            stats.docs += 1;
            match item {
                Ok(doc) => {
                    stats.text_bytes += doc.text.len() as u64;
                    batch.push(doc);
                }
                Err(_) => stats.failed += 1,
            }
            if batch.len() >= BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if tx.send(full).is_err() {
                    return stats;
                }
            }
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(batch);
    }
    stats
}

/// Peak resident memory of this process so far, in KiB (`VmHWM`).
pub fn peak_rss_kib() -> Result<u64, BenchError> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| BenchError::NoPeakMemory(e.to_string()))?;
    parse_vm_hwm(&status).ok_or_else(|| BenchError::NoPeakMemory("no VmHWM line".into()))
}

/// The `VmHWM` value (KiB) of a `/proc/<pid>/status` text.
pub fn parse_vm_hwm(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_hwm_is_read_in_kib() {
        let status = "Name:\tx\nVmPeak:\t  9000 kB\nVmHWM:\t   1234 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(1234));
        assert_eq!(parse_vm_hwm("VmRSS: 5 kB\n"), None);
        assert!(peak_rss_kib().is_ok_and(|k| k > 0));
    }

    #[test]
    fn rates_are_zero_without_time() {
        let s = PassStats {
            docs: 10,
            text_bytes: 2_000_000,
            secs: 2.0,
            ..PassStats::default()
        };
        assert!((s.docs_per_sec() - 5.0).abs() < 1e-9);
        assert!((s.mb_per_sec() - 1.0).abs() < 1e-9);
        assert!(PassStats::default().docs_per_sec() == 0.0);
    }

    #[test]
    fn a_pass_streams_a_jsonl_file_through_the_pipeline() {
        let dir = std::env::temp_dir().join(format!("sitrep-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("c.jsonl");
        let mut f = std::fs::File::create(&path).expect("create");
        for d in crate::gen::generate(crate::gen::CorpusOptions::default(), 12) {
            serde_json::to_writer(&mut f, &d).expect("write");
            f.write_all(b"\n").expect("write");
        }
        drop(f);
        let ex = sitrep_pipeline::ExtractorBuilder::new().build();
        let mut out = Vec::new();
        let stats =
            extract_pass(&ex, std::slice::from_ref(&path), Some(10), &mut out).expect("pass");
        assert_eq!(stats.docs, 10);
        assert_eq!(stats.failed, 0);
        assert!(stats.text_bytes > 1000);
        assert_eq!(out.iter().filter(|b| **b == b'\n').count(), 10);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
