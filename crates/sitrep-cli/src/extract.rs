//! `sitrep extract`.

use anyhow::{Context, Result};
use clap::Args;
use rayon::prelude::*;
use sitrep_core::{Document, DocumentRecord, PartialDate};
use sitrep_extract::Extractor;
use sitrep_ingest::{expand_inputs, stream_input, IngestOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ExtractArgs {
    /// Files, directories (read recursively) or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) for inputs that carry none.
    #[arg(long, value_parser = parse_date)]
    published: Option<PartialDate>,
    /// Largest input file accepted, in bytes.
    #[arg(long, default_value_t = sitrep_ingest::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
}

fn parse_date(s: &str) -> Result<PartialDate, String> {
    s.parse::<PartialDate>().map_err(|e| e.to_string())
}

/// The extractor with the default place resolver.
pub fn extractor() -> Extractor {
    sitrep_pipeline::default_extractor()
}

/// Documents are extracted in batches of this many, in parallel, and written in input order.
const BATCH: usize = 256;

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let opts = IngestOptions {
        published: args.published,
        max_bytes: args.max_bytes,
    };
    let ex = extractor();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut batch: Vec<Result<Document, DocumentRecord>> = Vec::with_capacity(BATCH);
    let flush =
        |batch: &mut Vec<Result<Document, DocumentRecord>>, out: &mut dyn Write| -> Result<usize> {
            let records: Vec<DocumentRecord> = batch
                .par_iter()
                .map(|d| match d {
                    Ok(doc) => ex.extract(doc),
                    Err(r) => r.clone(),
                })
                .collect();
            let mut n_failed = 0;
            for r in &records {
                if let Some(e) = &r.error {
                    eprintln!("sitrep: {}: {}", r.doc_id, e);
                    n_failed += 1;
                }
                serde_json::to_writer(&mut *out, r).context("writing output")?;
                out.write_all(b"\n").context("writing output")?;
            }
            batch.clear();
            Ok(n_failed)
        };
    for input in expand_inputs(&args.paths) {
        // Inputs are read lazily (a JSON Lines file one record at a time), so memory
        // stays flat however many documents a run has.
        let items: Box<dyn Iterator<Item = _>> = match input {
            Ok(i) => Box::new(stream_input(&i, &opts)),
            Err(f) => Box::new(std::iter::once(Err(f))),
        };
        for item in items {
            batch.push(item.map_err(|f| {
                DocumentRecord::failed(
                    f.doc_id.clone(),
                    f.source.clone(),
                    one_line(&f.error.to_string()),
                )
            }));
            if batch.len() >= BATCH {
                failed += flush(&mut batch, &mut out)?;
            }
        }
    }
    failed += flush(&mut batch, &mut out)?;
    out.flush().context("writing output")?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
