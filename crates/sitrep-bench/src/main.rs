//! `sitrep-bench`: generate the benchmark corpus, convert MUC-4, dump texts for the
//! spaCy peer, and time the pipeline in-process. `scripts/bench.sh` drives it.

use clap::{Parser, Subcommand};
use sitrep_bench::gen::{generate, CorpusOptions};
use sitrep_bench::run::{extract_pass, peak_rss_kib};
use sitrep_bench::{muc4_to_jsonl, BenchError};
use sitrep_ingest::{expand_inputs, stream_input, IngestOptions};
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "sitrep-bench",
    about = "sitrep throughput and memory benchmarks"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a seeded corpus of fictional news-like reports as JSON Lines.
    GenCorpus {
        /// Number of documents.
        #[arg(long, default_value_t = 100_000)]
        docs: u64,
        /// Seed.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Share of HTML pages.
        #[arg(long, default_value_t = 0.25)]
        html_share: f64,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the generated pages (all HTML) as a WARC archive, one gzip member a record.
    GenWarc {
        /// Number of pages (response records).
        #[arg(long, default_value_t = 10_000)]
        pages: u64,
        /// Seed.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Output file (`.warc.gz`).
        #[arg(long)]
        out: PathBuf,
    },
    /// Convert MUC-4 template files (train, dev, test) to `{id, text}` JSON Lines.
    Muc4 {
        /// The MUC-4 `templates` directory.
        #[arg(long)]
        templates: PathBuf,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the ingested text of every document as `{id, text}` JSON Lines (for the peer).
    Texts {
        /// Inputs, as `sitrep extract` takes them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
        /// Stop after this many documents.
        #[arg(long)]
        limit: Option<u64>,
    },
    /// Time extraction in-process after a warm-up; prints one JSON object.
    Warm {
        /// Inputs, as `sitrep extract` takes them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Documents extracted (untimed) before the timed pass.
        #[arg(long, default_value_t = 256)]
        warmup: u64,
        /// Stop the timed pass after this many documents.
        #[arg(long)]
        limit: Option<u64>,
    },
}

fn create(path: &Path) -> Result<BufWriter<File>, BenchError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| BenchError::io(dir.display(), &e))?;
    }
    let f = File::create(path).map_err(|e| BenchError::io(path.display(), &e))?;
    Ok(BufWriter::with_capacity(1 << 20, f))
}

fn json_err(e: serde_json::Error) -> BenchError {
    BenchError::Io {
        path: "output".into(),
        message: e.to_string(),
    }
}

fn run(cli: Cli) -> Result<(), BenchError> {
    match cli.cmd {
        Cmd::GenCorpus {
            docs,
            seed,
            html_share,
            out,
        } => {
            let opts = CorpusOptions {
                seed,
                html_share,
                ..CorpusOptions::default()
            };
            let mut w = create(&out)?;
            let mut bytes = 0usize;
            for d in generate(opts, docs) {
                bytes += d.article.len();
                serde_json::to_writer(&mut w, &d).map_err(json_err)?;
                w.write_all(b"\n")
                    .map_err(|e| BenchError::io(out.display(), &e))?;
            }
            w.flush().map_err(|e| BenchError::io(out.display(), &e))?;
            eprintln!(
                "sitrep-bench: {docs} documents, {:.1} MB of article text → {}",
                bytes as f64 / 1e6,
                out.display()
            );
        }
        Cmd::GenWarc { pages, seed, out } => {
            let mut w = create(&out)?;
            let s = sitrep_bench::warc::write_warc(&mut w, seed, pages)
                .and_then(|s| w.flush().map(|()| s))
                .map_err(|e| BenchError::io(out.display(), &e))?;
            eprintln!(
                "sitrep-bench: {} records ({} pages, {:.1} MB of HTML) → {}",
                s.records,
                s.pages,
                s.html_bytes as f64 / 1e6,
                out.display()
            );
        }
        Cmd::Muc4 { templates, out } => {
            let mut w = create(&out)?;
            let mut n = 0;
            for part in ["train", "dev", "test"] {
                let p = templates.join(format!("{part}.jsonl"));
                let f = File::open(&p).map_err(|e| BenchError::io(p.display(), &e))?;
                n += muc4_to_jsonl(BufReader::new(f), &p.display().to_string(), &mut w)?;
            }
            w.flush().map_err(|e| BenchError::io(out.display(), &e))?;
            eprintln!("sitrep-bench: {n} MUC-4 documents → {}", out.display());
        }
        Cmd::Texts { paths, out, limit } => {
            let mut w = create(&out)?;
            let opts = IngestOptions::default();
            let mut n = 0u64;
            'inputs: for input in expand_inputs(&paths).into_iter().flatten() {
                for doc in stream_input(&input, &opts).flatten() {
                    if limit.is_some_and(|l| n >= l) {
                        break 'inputs;
                    }
                    let rec = serde_json::json!({ "id": doc.id, "text": doc.text });
                    serde_json::to_writer(&mut w, &rec).map_err(json_err)?;
                    w.write_all(b"\n")
                        .map_err(|e| BenchError::io(out.display(), &e))?;
                    n += 1;
                }
            }
            w.flush().map_err(|e| BenchError::io(out.display(), &e))?;
            eprintln!("sitrep-bench: {n} texts → {}", out.display());
        }
        Cmd::Warm {
            paths,
            warmup,
            limit,
        } => {
            let t = Instant::now();
            let ex = sitrep_pipeline::default_extractor();
            let build_secs = t.elapsed().as_secs_f64();
            let mut sink = std::io::sink();
            // The first pass loads the gazetteer (lazily, on first use) and warms caches;
            // its time is `warmup_secs`.
            let first = extract_pass(&ex, &paths, Some(warmup.max(1)), &mut sink)?;
            let stats = extract_pass(&ex, &paths, limit, &mut sink)?;
            let report = serde_json::json!({
                "docs": stats.docs,
                "failed": stats.failed,
                "text_bytes": stats.text_bytes,
                "incidents": stats.incidents,
                "secs": stats.secs,
                "docs_per_sec": stats.docs_per_sec(),
                "mb_per_sec": stats.mb_per_sec(),
                "warmup_docs": first.docs,
                "warmup_secs": first.secs,
                "build_secs": build_secs,
                "threads": rayon::current_num_threads(),
                "peak_rss_kib": peak_rss_kib()?,
            });
            println!("{report}");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sitrep-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
