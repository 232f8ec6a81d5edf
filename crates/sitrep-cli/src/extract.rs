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
    /// Rules only: do not let the learned MUC-4 model fill the primary incident's empty
    /// fields (by default groups and target types).
    #[arg(long)]
    no_learned: bool,
    /// Roles the learned model may fill, comma-separated, from perpetrators, groups,
    /// weapons, targets, victims (default: groups,targets; see docs/benchmarks-history.md).
    #[arg(long, value_parser = parse_roles)]
    learned_roles: Option<sitrep_pipeline::LearnedRoles>,
    /// Which learned model completes the rules: fast (the feature model, default) or
    /// accurate (the MiniLM-L6 encoder with heads trained on MUC-4; needs
    /// scripts/fetch-encoder.sh).
    #[arg(long, value_enum, default_value_t = crate::muc4::Tier::Fast)]
    tier: crate::muc4::Tier,
    /// Encoder weights folder for the accurate tier.
    #[arg(long)]
    encoder: Option<PathBuf>,
    /// Output format: jsonl (sitrep's records, default) or muc4 (24-slot MUC-4
    /// templates, see docs/output-format.md).
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// The texts are written without letter case (all upper or all lower case, as the
    /// MUC-3/4 corpus).
    #[arg(long)]
    caseless: bool,
    /// Seconds one document may take; past it the document gets a one-line error and the
    /// batch goes on (0: no deadline).
    #[arg(long, default_value_t = 60.0)]
    deadline: f64,
}

/// A deadline of `secs` seconds, none for 0 or less (or not a number).
pub fn deadline(secs: f64) -> Option<std::time::Duration> {
    (secs.is_finite() && secs > 0.0).then(|| std::time::Duration::from_secs_f64(secs))
}

/// What `sitrep extract` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON record per document.
    Jsonl,
    /// MUC-4 templates in the 1992 response format.
    Muc4,
}

/// Parses `perpetrators,groups,weapons,targets,victims` (any subset).
pub fn parse_roles(s: &str) -> Result<sitrep_pipeline::LearnedRoles, String> {
    let mut r = sitrep_pipeline::LearnedRoles::NONE;
    for w in s.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        match w {
            "perpetrators" => r.perpetrators = true,
            "groups" => r.groups = true,
            "weapons" => r.weapons = true,
            "targets" => r.targets = true,
            "victims" => r.victims = true,
            _ => {
                return Err(format!(
                    "unknown role {w:?} (perpetrators, groups, weapons, targets, victims)"
                ))
            }
        }
    }
    Ok(r)
}

pub fn parse_date(s: &str) -> Result<PartialDate, String> {
    s.parse::<PartialDate>().map_err(|e| e.to_string())
}

/// The default extractor (rules + learned model for `roles`, by default
/// [`sitrep_pipeline::LearnedRoles::DEFAULT`]), or the rules alone with `no_learned`.
pub fn extractor(
    no_learned: bool,
    roles: Option<sitrep_pipeline::LearnedRoles>,
) -> Result<Extractor> {
    if no_learned {
        Ok(sitrep_pipeline::rules_extractor())
    } else {
        sitrep_pipeline::learned_extractor(roles.unwrap_or_default())
            .context("loading the learned model (use --no-learned for the rules alone)")
    }
}

/// Documents are extracted in batches of this many, in parallel, and written in input order.
const BATCH: usize = 256;

/// Batches waiting between the stages (reading → extracting → writing).
const QUEUE: usize = 2;

/// One input item: a document, or the record of its ingest failure.
type Item = std::result::Result<Document, DocumentRecord>;

/// Extraction runs as a three-stage pipeline so both cores stay busy: a reader thread
/// ingests the inputs (files, HTML cleaning, JSON parsing) into batches, the rayon pool
/// extracts each batch in parallel, and a writer thread serializes the records in input
/// order. Queues are bounded, so memory stays flat however many documents a run has.
pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let opts = IngestOptions {
        published: args.published,
        max_bytes: args.max_bytes,
    };
    if args.format == Format::Muc4 || args.caseless {
        return run_muc4(args, &opts);
    }
    let ex = match args.tier {
        crate::muc4::Tier::Accurate if !args.no_learned => {
            let enc = args
                .encoder
                .clone()
                .unwrap_or_else(sitrep_encoder::default_dir);
            let model =
                sitrep_accurate::AccurateModel::load(&enc, &sitrep_accurate::default_model_dir())
                    .context(
                    "loading the accurate tier (scripts/fetch-encoder.sh fetches the encoder)",
                )?;
            sitrep_pipeline::extractor_with(
                std::sync::Arc::new(sitrep_accurate::AccurateRoles::new(model)),
                args.learned_roles.unwrap_or_default(),
            )
        }
        _ => extractor(args.no_learned, args.learned_roles)?,
    }
    .with_deadline(deadline(args.deadline));
    let (doc_tx, doc_rx) = std::sync::mpsc::sync_channel::<Vec<Item>>(QUEUE);
    let (rec_tx, rec_rx) = std::sync::mpsc::sync_channel::<Vec<DocumentRecord>>(QUEUE);
    let paths = args.paths.clone();
    let reader = std::thread::spawn(move || read_batches(&paths, &opts, &doc_tx));
    let writer = std::thread::spawn(move || -> Result<usize> {
        let mut out = crate::out::stdout();
        let mut failed = 0;
        for records in rec_rx {
            for r in &records {
                if let Some(e) = &r.error {
                    eprintln!("sitrep: {}: {}", r.doc_id, e);
                    failed += 1;
                }
                serde_json::to_writer(&mut out, r).context("writing output")?;
                out.write_all(b"\n").context("writing output")?;
            }
        }
        out.flush().context("writing output")?;
        Ok(failed)
    });
    for batch in doc_rx {
        let records: Vec<DocumentRecord> = batch
            .par_iter()
            .map(|d| match d {
                Ok(doc) => sitrep_pipeline::extract_supported(&ex, doc),
                Err(r) => r.clone(),
            })
            .collect();
        if rec_tx.send(records).is_err() {
            break; // the writer stopped; its error is reported below
        }
    }
    drop(rec_tx);
    let failed = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the output thread panicked"))??;
    reader
        .join()
        .map_err(|_| anyhow::anyhow!("the input thread panicked"))?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--format muc4` (or `--caseless`): the MUC-4 extractor (rules reading case-less text
/// when asked, the learned model's templates); MUC-4 templates or JSON records out.
fn run_muc4(args: &ExtractArgs, opts: &IngestOptions) -> Result<ExitCode> {
    let ex = crate::muc4_slots::Muc4Extractor::new(args.caseless)?;
    let (doc_tx, doc_rx) = std::sync::mpsc::sync_channel::<Vec<Item>>(QUEUE);
    let paths = args.paths.clone();
    let opts = opts.clone();
    let reader = std::thread::spawn(move || read_batches(&paths, &opts, &doc_tx));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for batch in doc_rx {
        // Err: (document id, one-line error).
        let texts: Vec<std::result::Result<String, (String, String)>> = batch
            .par_iter()
            .map(|d| match d {
                Ok(doc) if args.format == Format::Muc4 => {
                    let doc = if args.caseless {
                        Document {
                            text: doc.text.to_lowercase(),
                            ..doc.clone()
                        }
                    } else {
                        doc.clone()
                    };
                    Ok(crate::muc4_slots::render_message(
                        &doc.id,
                        &ex.templates(&doc),
                    ))
                }
                Ok(doc) => {
                    let doc = Document {
                        text: doc.text.to_lowercase(),
                        ..doc.clone()
                    };
                    serde_json::to_string(&ex.record(&doc))
                        .map(|j| j + "\n")
                        .map_err(|e| (doc.id.clone(), e.to_string()))
                }
                Err(r) => Err((r.doc_id.clone(), r.error.clone().unwrap_or_default())),
            })
            .collect();
        for t in texts {
            match t {
                Ok(t) => out.write_all(t.as_bytes()).context("writing output")?,
                Err((id, e)) => {
                    eprintln!("sitrep: {id}: {e}");
                    failed += 1;
                }
            }
        }
    }
    out.flush().context("writing output")?;
    reader
        .join()
        .map_err(|_| anyhow::anyhow!("the input thread panicked"))?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads every input lazily (a JSON Lines file one record at a time) and sends
/// batches of [`BATCH`] items; stops early when the receiver is gone.
fn read_batches(
    paths: &[PathBuf],
    opts: &IngestOptions,
    tx: &std::sync::mpsc::SyncSender<Vec<Item>>,
) {
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
    for input in expand_inputs(paths) {
        let (mut stream, name) = match input {
            Ok(i) => (stream_input(&i, opts), i.source()),
            Err(f) => {
                batch.push(Err(failure_record(&f)));
                continue;
            }
        };
        for item in stream.by_ref() {
            batch.push(item.map_err(|f| failure_record(&f)));
            if batch.len() >= BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if tx.send(full).is_err() {
                    return;
                }
            }
        }
        if let Some(stats) = stream.archive_stats() {
            eprintln!("sitrep: {name}: {stats}");
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(batch);
    }
}

/// The record of an input that could not be read.
pub fn failure_record(f: &sitrep_ingest::IngestFailure) -> DocumentRecord {
    DocumentRecord::failed(
        f.doc_id.clone(),
        f.source.clone(),
        one_line(&f.error.to_string()),
    )
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
