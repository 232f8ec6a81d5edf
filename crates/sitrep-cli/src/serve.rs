//! `sitrep serve` (HTTP API and web UI) and `sitrep token create` (write tokens).

use anyhow::{Context, Result};
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

/// Arguments of `sitrep serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// The store: a SQLite file or postgres://user@host:port/db
    /// (default: $SITREP_DB, else ~/.local/share/sitrep/sitrep.db).
    #[arg(long)]
    db: Option<String>,
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
        /// The store: a SQLite file or postgres://user@host:port/db
        /// (default: $SITREP_DB, else ~/.local/share/sitrep/sitrep.db).
        #[arg(long)]
        db: Option<String>,
    },
}

/// Serves the API and UI until Ctrl-C.
pub fn run_serve(args: &ServeArgs) -> Result<ExitCode> {
    let spec = crate::store_cmds::db_spec(args.db.as_deref());
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    eprintln!(
        "sitrep: serving {} at http://{addr}/ (Ctrl-C stops)",
        sitrep_store::display_spec(&spec)
    );
    rt.block_on(sitrep_server::serve(&spec, addr))?;
    Ok(ExitCode::SUCCESS)
}

/// Runs a `sitrep token` subcommand.
pub fn run_token(cmd: &TokenCommand) -> Result<ExitCode> {
    match cmd {
        TokenCommand::Create { name, db } => {
            let db = crate::store_cmds::db_spec(db.as_deref());
            let mut store = crate::store_cmds::open_spec(&db)?;
            let token = store.create_token(name)?;
            eprintln!(
                "sitrep: token for {:?} created in {}; it is shown only now:",
                name.trim(),
                sitrep_store::display_spec(&db)
            );
            let mut out = crate::out::stdout();
            writeln!(out, "{token}")?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
