//! `sitrep`: the command-line front of the sitrep libraries. It parses
//! arguments and glues library calls together; no extraction logic lives here.

mod dev;
mod extract;
mod muc4;
mod muc4_slots;
mod out;
mod serve;
mod store_cmds;
mod watch;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Reads news reports of terrorist attacks and writes evidence-linked incident records.
#[derive(Parser)]
#[command(name = "sitrep", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract incidents from files, directories (recursively) or `-` (stdin); JSON Lines to stdout.
    Extract(extract::ExtractArgs),
    /// Score output against a reference.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Extract and store documents; reports of one attack merge into one incident.
    Ingest(store_cmds::IngestArgs),
    /// List stored incidents.
    Incidents(store_cmds::IncidentsArgs),
    /// Print one incident with its sources and evidence.
    Show(store_cmds::ShowArgs),
    /// Correct a field of an incident (kept across re-extraction, with an audit trail).
    Edit(store_cmds::EditArgs),
    /// Export incidents: gtd-csv, jsonl or geojson.
    Export(store_cmds::ExportArgs),
    /// Train a model.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Follow news feeds (RSS, Atom, JSON Feed): fetch each new item, extract and store it.
    Watch(watch::WatchArgs),
    /// Serve the HTTP API and web UI on 127.0.0.1.
    Serve(serve::ServeArgs),
    /// Manage API write tokens.
    #[command(subcommand)]
    Token(serve::TokenCommand),
}

#[derive(Subcommand)]
enum TrainCommand {
    /// Train the MUC-4 role-filler extractor on train, tune it on dev, and write the model.
    Muc4(muc4::TrainArgs),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// MUC-4: run the learned extractor on a split and score it (GTT template scorer and CEAF-REE),
    /// or score any predictions file with --score.
    Muc4(muc4::EvalArgs),
    /// Run the extractor on every dev set (seeds, realdev, Wikinews, WikiEvents, MUC-4)
    /// and print one table.
    Dev(dev::DevArgs),
    /// MUC-4 in full (all 24 slots) on TST3 or TST4, scored as in 1992: run sitrep on the
    /// set's texts, write its response file and score it, or score any response file with
    /// --score.
    #[command(name = "muc4-slots")]
    Muc4Slots(muc4_slots::SlotsArgs),
    /// Score `sitrep extract` output against a gold file (shared/gold format).
    Gold {
        /// JSON Lines written by `sitrep extract`.
        output: PathBuf,
        /// Gold JSON Lines.
        gold: PathBuf,
        /// Also list every wrong field.
        #[arg(long)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<ExitCode> = match cli.command {
        Command::Extract(args) => extract::run(&args),
        Command::Eval(EvalCommand::Gold {
            output,
            gold,
            verbose,
        }) => eval_gold(&output, &gold, verbose),
        Command::Eval(EvalCommand::Muc4(a)) => muc4::eval(&a),
        Command::Eval(EvalCommand::Dev(a)) => dev::run(&a),
        Command::Eval(EvalCommand::Muc4Slots(a)) => muc4_slots::eval(&a),
        Command::Train(TrainCommand::Muc4(a)) => muc4::train(&a),
        Command::Ingest(a) => store_cmds::ingest(&a),
        Command::Incidents(a) => store_cmds::incidents(&a),
        Command::Show(a) => store_cmds::show(&a),
        Command::Edit(a) => store_cmds::edit(&a),
        Command::Export(a) => store_cmds::export(&a),
        Command::Watch(a) => watch::run(&a),
        Command::Serve(args) => serve::run_serve(&args),
        Command::Token(cmd) => serve::run_token(&cmd),
    };
    // A reader that went away (`sitrep export | head -1`) asked for no more: quiet, status 0.
    match result {
        Ok(_) if out::closed() => ExitCode::SUCCESS,
        Ok(code) => code,
        Err(e) => {
            if out::closed() || is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("sitrep: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn eval_gold(output: &PathBuf, gold: &PathBuf, verbose: bool) -> Result<ExitCode> {
    use anyhow::Context;
    use std::io::Write;
    let out_text =
        std::fs::read_to_string(output).with_context(|| format!("reading {}", output.display()))?;
    let gold_text =
        std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let pred = sitrep_eval::gold::parse_records(&output.display().to_string(), &out_text)?;
    let gold = sitrep_eval::gold::parse_gold(&gold.display().to_string(), &gold_text)?;
    let report = sitrep_eval::gold::score(&gold, &pred);
    let mut out = out::stdout();
    if verbose {
        for e in &report.errors {
            writeln!(out, "wrong: {e}")?;
        }
    }
    writeln!(out, "{report}")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
