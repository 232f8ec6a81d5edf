//! `sitrep serve` (HTTP API and web UI) and `sitrep token create` (write tokens).

use anyhow::{Context, Result};
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `sitrep serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Store file (default: $SITREP_DB, else ~/.local/share/sitrep/sitrep.db).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Port on 127.0.0.1.
    #[arg(long, default_value_t = 8080)]
    port: u16,
}

/// `sitrep token …` subcommands.
#[derive(clap::Subcommand)]
pub enum TokenCommand {
    /// Create a write token for the API; prints it once (only its hash is stored).
    Create {
        /// Analyst name recorded as the author of edits made with the token.
        name: String,
        /// Store file (default: $SITREP_DB, else ~/.local/share/sitrep/sitrep.db).
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

/// Serves the API and UI until Ctrl-C.
pub fn run_serve(args: &ServeArgs) -> Result<ExitCode> {
    let db = args
        .db
        .clone()
        .unwrap_or_else(sitrep_store::default_db_path);
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    eprintln!(
        "sitrep: serving {} at http://{addr}/ (Ctrl-C stops)",
        db.display()
    );
    rt.block_on(sitrep_server::serve(db, addr))?;
    Ok(ExitCode::SUCCESS)
}

/// Runs a `sitrep token` subcommand.
pub fn run_token(cmd: &TokenCommand) -> Result<ExitCode> {
    match cmd {
        TokenCommand::Create { name, db } => {
            let db = db.clone().unwrap_or_else(sitrep_store::default_db_path);
            let mut store = sitrep_store::SqliteStore::open(&db)
                .with_context(|| format!("opening {}", db.display()))?;
            let token = store.create_token(name)?;
            eprintln!(
                "sitrep: token for {:?} created in {}; it is shown only now:",
                name.trim(),
                db.display()
            );
            let mut out = crate::out::stdout();
            writeln!(out, "{token}")?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
