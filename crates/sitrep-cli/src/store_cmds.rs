//! `sitrep ingest`, `incidents`, `show`, `edit`, `export`: glue over `sitrep-store`.

use anyhow::{bail, Context, Result};
use clap::Args;
use rayon::prelude::*;
use sitrep_core::{AttackType, Document, DocumentRecord, PartialDate, TargetType, WeaponType};
use sitrep_ingest::{expand_inputs, stream_input, IngestOptions};
use sitrep_store::{BatchReport, ExportFormat, IncidentFilter, IncidentStore, SortOrder, SqlStore};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Where the store is.
#[derive(Args, Clone)]
pub struct DbArg {
    /// The store: a SQLite file, or a PostgreSQL database as postgres://user@host:port/db
    /// (default: $SITREP_DB, else ~/.local/share/sitrep/sitrep.db).
    #[arg(long, global = true)]
    pub db: Option<String>,
}

/// The store `--db` names (a file path or a `postgres://` URL), else the default.
pub fn db_spec(db: Option<&str>) -> String {
    match db {
        Some(d) => d.to_string(),
        None => sitrep_store::default_db_path()
            .to_string_lossy()
            .into_owned(),
    }
}

/// Opens the store `spec` names, with the name (password hidden) in the error.
pub fn open_spec(spec: &str) -> Result<SqlStore> {
    sitrep_store::open_store(spec)
        .with_context(|| format!("opening the store {}", sitrep_store::display_spec(spec)))
}

impl DbArg {
    pub fn open(&self) -> Result<SqlStore> {
        open_spec(&db_spec(self.db.as_deref()))
    }
}

#[derive(Args)]
pub struct IngestArgs {
    /// Files, directories (read recursively) or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) for inputs that carry none.
    #[arg(long, value_parser = crate::extract::parse_date)]
    published: Option<PartialDate>,
    /// Documents per transaction.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Rules only: no learned model (see `sitrep extract --no-learned`).
    #[arg(long)]
    no_learned: bool,
    #[command(flatten)]
    db: DbArg,
}

fn parse_sort(s: &str) -> Result<SortOrder, String> {
    s.parse::<SortOrder>()
}

fn parse_attack(s: &str) -> Result<AttackType, String> {
    AttackType::parse(s).ok_or_else(|| format!("unknown attack type {s:?}"))
}
fn parse_weapon(s: &str) -> Result<WeaponType, String> {
    WeaponType::parse(s).ok_or_else(|| format!("unknown weapon type {s:?}"))
}
fn parse_target(s: &str) -> Result<TargetType, String> {
    TargetType::parse(s).ok_or_else(|| format!("unknown target type {s:?}"))
}

#[derive(Args)]
pub struct IncidentsArgs {
    /// On or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = crate::extract::parse_date)]
    from: Option<PartialDate>,
    /// On or before this date.
    #[arg(long, value_parser = crate::extract::parse_date)]
    to: Option<PartialDate>,
    /// Country: ISO code, name or common name ("UK"); repeat for any of several.
    #[arg(long)]
    country: Vec<String>,
    /// City.
    #[arg(long)]
    city: Option<String>,
    /// Group: name, alias ("ISIS", "Daesh") or name prefix; repeat for any of several.
    #[arg(long)]
    group: Vec<String>,
    /// GTD attack type (snake_case); repeat for any of several.
    #[arg(long, value_parser = parse_attack)]
    attack: Vec<AttackType>,
    /// GTD weapon type (snake_case); repeat for any of several.
    #[arg(long, value_parser = parse_weapon)]
    weapon: Vec<WeaponType>,
    /// GTD target type (snake_case); repeat for any of several.
    #[arg(long, value_parser = parse_target)]
    target: Vec<TargetType>,
    /// At least this many killed.
    #[arg(long)]
    min_killed: Option<u32>,
    /// Claimed (true) or not (false).
    #[arg(long)]
    claimed: Option<bool>,
    /// Free text in the reports: words (stemmed), `OR`, `-word`, `prefix*`, "phrases".
    #[arg(long)]
    text: Option<String>,
    /// Sort: date_desc, date_asc, killed, sources, id.
    #[arg(long, value_parser = parse_sort)]
    sort: Option<SortOrder>,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    offset: u64,
    /// Results to show.
    #[arg(long, default_value_t = 50)]
    limit: u64,
    /// JSON Lines instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Args)]
pub struct ShowArgs {
    /// Incident id.
    id: i64,
    /// JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Args)]
pub struct EditArgs {
    /// Incident id.
    id: i64,
    /// Field to correct (killed, injured, date, city, country, attack_types, groups, …).
    field: String,
    /// New value (`null` clears it); leave out with --revert or --from-report.
    #[arg(required_unless_present_any = ["revert", "from_report"], conflicts_with_all = ["revert", "from_report"])]
    value: Option<String>,
    /// Who makes the correction.
    #[arg(long)]
    by: String,
    /// Why.
    #[arg(long)]
    note: Option<String>,
    /// Revert the field to what extraction says.
    #[arg(long, conflicts_with = "from_report")]
    revert: bool,
    /// Use the value this source report (its id, from `sitrep show`) gives.
    #[arg(long)]
    from_report: Option<i64>,
    /// For a city: keep region and coordinates instead of re-resolving them.
    #[arg(long)]
    keep_place: bool,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Args)]
pub struct ExportArgs {
    /// gtd-csv, jsonl or geojson.
    #[arg(long, default_value = "gtd-csv")]
    format: String,
    /// Output file (default stdout).
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    db: DbArg,
}

/// Progress: a bar on a terminal, a plain line per batch otherwise.
struct Bar {
    bar: Option<indicatif::ProgressBar>,
    done: u64,
}

impl sitrep_store::Progress for Bar {
    fn start(&mut self, total: Option<u64>) {
        if std::io::stderr().is_terminal() {
            let b = match total {
                Some(n) => indicatif::ProgressBar::new(n),
                None => indicatif::ProgressBar::new_spinner(),
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} documents {per_sec} {msg}",
            ) {
                b.set_style(style);
            }
            self.bar = Some(b);
        }
    }
    fn batch_done(&mut self, r: &BatchReport) {
        self.done += r.documents_seen;
        match &self.bar {
            Some(b) => b.inc(r.documents_seen),
            None => eprintln!("sitrep: ingested {} documents", self.done),
        }
    }
    fn finish(&mut self, _t: &BatchReport) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

pub fn ingest(args: &IngestArgs) -> Result<ExitCode> {
    let mut store = args.db.open()?;
    let opts = IngestOptions {
        published: args.published,
        max_bytes: sitrep_ingest::DEFAULT_MAX_BYTES,
    };
    let ex = crate::extract::extractor(args.no_learned, None)?;
    let version = ex.version();
    let mut failed = 0u64;
    let mut pending: Vec<Document> = Vec::new();
    let mut total = BatchReport::default();
    let mut bar = Bar { bar: None, done: 0 };
    sitrep_store::Progress::start(&mut bar, None);
    let batch = args.batch.max(1);
    let run = |docs: &mut Vec<Document>,
               store: &mut SqlStore,
               total: &mut BatchReport,
               bar: &mut Bar|
     -> Result<()> {
        // Documents already stored by this extractor version are not extracted again.
        let todo: Vec<&Document> = docs
            .iter()
            .filter(|d| {
                store
                    .stored_extractor_version(d)
                    .ok()
                    .flatten()
                    .is_none_or(|v| sitrep_store::version_newer(version, &v))
            })
            .collect();
        let items: Vec<(Document, DocumentRecord)> = todo
            .par_iter()
            .map(|d| ((*d).clone(), sitrep_pipeline::extract_supported(&ex, d)))
            .collect();
        let mut r = store
            .ingest_batch(&items, version)
            .context("storing a batch")?;
        r.documents_seen = docs.len() as u64;
        r.documents_skipped += (docs.len() - items.len()) as u64;
        total.add(&r);
        sitrep_store::Progress::batch_done(bar, &r);
        docs.clear();
        Ok(())
    };
    for input in expand_inputs(&args.paths) {
        let (mut stream, name) = match input {
            Ok(i) => (stream_input(&i, &opts), i.source()),
            Err(f) => {
                failed += 1;
                eprintln!("sitrep: {}: {}", f.doc_id, f.error);
                continue;
            }
        };
        for item in stream.by_ref() {
            match item {
                Ok(doc) => pending.push(doc),
                Err(f) => {
                    failed += 1;
                    eprintln!("sitrep: {}: {}", f.doc_id, f.error);
                }
            }
            if pending.len() >= batch {
                run(&mut pending, &mut store, &mut total, &mut bar)?;
            }
        }
        if let Some(stats) = stream.archive_stats() {
            eprintln!("sitrep: {name}: {stats}");
        }
    }
    if !pending.is_empty() {
        run(&mut pending, &mut store, &mut total, &mut bar)?;
    }
    sitrep_store::Progress::finish(&mut bar, &total);
    eprintln!(
        "sitrep: {} documents: {} new, {} re-extracted, {} unchanged, {} failed; {} incidents created, {} reports merged, {} mentions linked",
        total.documents_seen + failed,
        total.documents_new,
        total.documents_reextracted,
        total.documents_skipped,
        failed,
        total.incidents_created,
        total.reports_merged,
        total.mentions_linked
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn incidents(a: &IncidentsArgs) -> Result<ExitCode> {
    if let Some(t) = &a.text {
        sitrep_store::search::fts_query(t)?;
    }
    let store = a.db.open()?;
    let mut f = IncidentFilter {
        date_from: a.from,
        date_to: a.to,
        countries: a.country.clone(),
        city: a.city.clone(),
        groups: a.group.clone(),
        attack_types: a.attack.clone(),
        weapon_types: a.weapon.clone(),
        target_types: a.target.clone(),
        min_killed: a.min_killed,
        claimed: a.claimed,
        text: a.text.clone(),
        offset: a.offset,
        limit: a.limit,
        ..IncidentFilter::default()
    };
    if let Some(s) = a.sort {
        f.sort = s;
    }
    let page = store.list_incidents(&f)?;
    let mut out = crate::out::stdout();
    if a.json {
        for i in &page.items {
            serde_json::to_writer(&mut out, i)?;
            out.write_all(b"\n")?;
        }
    } else {
        writeln!(
            out,
            "{:>6}  {:<10}  {:<22}  {:<2}  {:>6}  {:<24}  summary",
            "id", "date", "city", "cc", "killed", "groups"
        )?;
        for i in &page.items {
            let m = &i.merged;
            let groups: Vec<String> = m
                .groups
                .iter()
                .map(|g| format!("{} ({})", g.name, g.relation))
                .collect();
            let killed = m.killed.as_ref().map_or("-".to_string(), |k| match k.max {
                Some(x) if x == k.min => k.min.to_string(),
                Some(x) => format!("{}-{x}", k.min),
                None => format!("{}+", k.min),
            });
            writeln!(
                out,
                "{:>6}  {:<10}  {:<22}  {:<2}  {:>6}  {:<24}  {}",
                i.id,
                m.date.map_or("-".to_string(), |d| d.to_string()),
                m.city.as_deref().unwrap_or("-"),
                m.country_code.as_deref().unwrap_or("-"),
                killed,
                groups.join(", "),
                m.summary.as_deref().unwrap_or("")
            )?;
        }
        writeln!(out, "{} of {} incidents", page.items.len(), page.total)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(a: &ShowArgs) -> Result<ExitCode> {
    let store = a.db.open()?;
    let Some(v) = store.incident(a.id)? else {
        bail!("no incident {}", a.id);
    };
    let mut out = crate::out::stdout();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        write!(out, "{}", sitrep_store::render_text(&v))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn edit(a: &EditArgs) -> Result<ExitCode> {
    let mut store = a.db.open()?;
    let note = a.note.as_deref();
    let id = match (&a.value, a.from_report) {
        _ if a.revert => store.revert(a.id, &a.field, &a.by, note)?,
        (_, Some(r)) => store.use_source_value(a.id, &a.field, r, &a.by, note)?,
        (Some(v), None) => store.edit_with(
            a.id,
            &a.field,
            v,
            &a.by,
            note,
            sitrep_store::EditOptions {
                keep_place: a.keep_place,
            },
        )?,
        (None, None) => anyhow::bail!("give a value, --revert or --from-report"),
    };
    eprintln!("sitrep: edit {id} recorded on incident {}", a.id);
    Ok(ExitCode::SUCCESS)
}

pub fn export(a: &ExportArgs) -> Result<ExitCode> {
    let store = a.db.open()?;
    let format: ExportFormat = a.format.parse()?;
    let n = match &a.output {
        Some(p) => {
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
            );
            let n = store.export(format, &mut f)?;
            f.flush()?;
            n
        }
        None => {
            let mut out = crate::out::stdout();
            let n = store.export(format, &mut out)?;
            out.flush()?;
            n
        }
    };
    eprintln!("sitrep: exported {n} incidents");
    Ok(ExitCode::SUCCESS)
}
