//! `sitrep eval dev`: runs the extractor on every development set and prints one table.

use anyhow::{Context, Result};
use clap::Args;
use rayon::prelude::*;
use sitrep_core::{Document, DocumentRecord};
use sitrep_eval::dev::{self, DevSet};
use sitrep_eval::gold::{self, GoldDoc};
use sitrep_ingest::{expand_inputs, read_input, IngestOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct DevArgs {
    /// The shared data folder (seeds, gold files, Wikinews, WikiEvents, MUC-4).
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// Where the realdev texts were re-collected (`<case>.txt`; see shared/gold/README.md).
    #[arg(long, default_value = "target/realdev")]
    realdev: PathBuf,
    /// Only these sets (seeds, realdev-a, realdev-b, wikinews, wikievents, muc4); repeatable.
    #[arg(long = "set")]
    sets: Vec<String>,
    /// Also list every wrong field, missed incident and statement, per set.
    #[arg(long)]
    errors: bool,
    /// Print one JSON object instead of the tables.
    #[arg(long)]
    json: bool,
    /// Write each set's records here as `<set>.jsonl` (for reading what was extracted).
    #[arg(long, default_value = "target/eval-dev")]
    out: PathBuf,
    /// Rules only (no learned model for empty groups and target types).
    #[arg(long)]
    no_learned: bool,
}

const ALL_SETS: &[&str] = &[
    "seeds",
    "realdev-a",
    "realdev-b",
    "wikinews",
    "wikievents",
    "muc4",
];

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Reads every document of `paths` (files, folders, JSON Lines) and extracts them in
/// parallel; a document that cannot be read is a record with its error, as in `extract`.
fn extract_all(ex: &sitrep_extract::Extractor, paths: &[PathBuf]) -> Vec<DocumentRecord> {
    let opts = IngestOptions::default();
    // A document, or the record of the failure to read it.
    enum Item {
        Doc(Document),
        Failed(DocumentRecord),
    }
    let failed = |doc_id: &str, source: &str, e: &dyn std::fmt::Display| {
        Item::Failed(DocumentRecord::failed(
            doc_id.to_string(),
            source.to_string(),
            e.to_string(),
        ))
    };
    let mut items: Vec<Item> = Vec::new();
    for input in expand_inputs(paths) {
        match input {
            Ok(i) => {
                for r in read_input(&i, &opts) {
                    items.push(match r {
                        Ok(d) => Item::Doc(d),
                        Err(f) => failed(&f.doc_id, &f.source, &f.error),
                    });
                }
            }
            Err(f) => items.push(failed(&f.doc_id, &f.source, &f.error)),
        }
    }
    items
        .par_iter()
        .map(|d| match d {
            Item::Doc(doc) => ex.extract(doc),
            Item::Failed(r) => r.clone(),
        })
        .collect()
}

fn write_records(dir: &Path, set: &str, recs: &[DocumentRecord]) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(format!("{set}.jsonl"));
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?,
    );
    for r in recs {
        serde_json::to_writer(&mut f, r)?;
        f.write_all(b"\n")?;
    }
    f.flush()?;
    Ok(())
}

/// A gold set whose texts are files named by each gold line's `doc` in `texts`; gold
/// lines without a text are reported as missing and not scored.
fn file_set(
    ex: &sitrep_extract::Extractor,
    name: &str,
    gold_path: &Path,
    texts: &Path,
    out: &Path,
) -> Result<DevSet> {
    let golds = gold::parse_gold(&gold_path.display().to_string(), &read(gold_path)?)?;
    let (have, missing): (Vec<GoldDoc>, Vec<GoldDoc>) = golds
        .into_iter()
        .partition(|g| texts.join(&g.doc).is_file());
    let paths: Vec<PathBuf> = have.iter().map(|g| texts.join(&g.doc)).collect();
    let recs = if paths.is_empty() {
        Vec::new()
    } else {
        extract_all(ex, &paths)
    };
    write_records(out, name, &recs)?;
    Ok(DevSet {
        name: name.to_string(),
        docs: have.len(),
        missing_texts: missing.into_iter().map(|g| g.doc).collect(),
        report: gold::score(&have, &recs),
    })
}

pub fn run(a: &DevArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    report(a, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn report(a: &DevArgs, out: &mut impl Write) -> Result<()> {
    for s in &a.sets {
        if !ALL_SETS.contains(&s.as_str()) {
            anyhow::bail!("unknown set {s:?} (one of {})", ALL_SETS.join(", "));
        }
    }
    let want = |s: &str| a.sets.is_empty() || a.sets.iter().any(|x| x == s);
    let ex = crate::extract::extractor(a.no_learned, None)?;
    let g = a.shared.join("gold");
    let mut sets: Vec<DevSet> = Vec::new();
    if want("seeds") {
        sets.push(file_set(
            &ex,
            "seeds",
            &g.join("seeds.jsonl"),
            &a.shared.join("seeds"),
            &a.out,
        )?);
    }
    for part in ["realdev-a", "realdev-b"] {
        if want(part) {
            sets.push(file_set(
                &ex,
                part,
                &g.join(format!("{part}.jsonl")),
                &a.realdev,
                &a.out,
            )?);
        }
    }
    if want("realdev-a") && want("realdev-b") {
        let (x, y) = (&sets[sets.len() - 2], &sets[sets.len() - 1]);
        let mut report = x.report.clone();
        report.absorb(&y.report);
        let both = DevSet {
            name: "realdev (a+b)".into(),
            docs: x.docs + y.docs,
            missing_texts: x
                .missing_texts
                .iter()
                .chain(&y.missing_texts)
                .cloned()
                .collect(),
            report,
        };
        sets.push(both);
    }
    if want("wikinews") {
        let articles = a.shared.join("data/wikinews/articles.jsonl");
        let golds = gold::parse_gold("wikinews.jsonl", &read(&g.join("wikinews.jsonl"))?)?;
        let recs = extract_all(&ex, std::slice::from_ref(&articles));
        write_records(&a.out, "wikinews", &recs)?;
        let mut report = gold::score(&golds, &recs);
        // The attack reports alone: field accuracy where the gold has incidents.
        let attacks: Vec<GoldDoc> = golds
            .iter()
            .filter(|d| !d.incidents.is_empty())
            .cloned()
            .collect();
        let attack_report = gold::score(&attacks, &recs);
        report.errors.retain(|e| !e.is_empty());
        sets.push(DevSet {
            name: "wikinews".into(),
            docs: golds.len(),
            missing_texts: Vec::new(),
            report,
        });
        sets.push(DevSet {
            name: "wikinews (attack docs)".into(),
            docs: attacks.len(),
            missing_texts: Vec::new(),
            report: attack_report,
        });
    }
    let mut we: Option<dev::WikiEventsScore> = None;
    if want("wikievents") {
        let dir = a.shared.join("data/wikievents");
        let files = [dir.join("dev.jsonl"), dir.join("test.jsonl")];
        let recs = extract_all(&ex, &files);
        write_records(&a.out, "wikievents", &recs)?;
        let text = format!("{}\n{}", read(&files[0])?, read(&files[1])?);
        we = Some(dev::wikievents(&text, &recs).map_err(anyhow::Error::msg)?);
    }
    let mut muc4: Option<String> = None;
    let mut muc4_full: Vec<String> = Vec::new();
    if want("muc4") {
        let dir = a.shared.join("data/muc4");
        let gold = sitrep_muc4::Gold::load(&dir, sitrep_muc4::Split::Test)
            .with_context(|| format!("reading MUC-4 from {}", dir.display()))?;
        let path = sitrep_muc4::default_model_path();
        let model = sitrep_muc4::Muc4Model::load_file(&path)
            .with_context(|| format!("loading {}", path.display()))?;
        let e = sitrep_muc4::evaluate(&model, &gold)?;
        muc4 = Some(e.gtt.to_string());
        for set in ["tst3", "tst4"] {
            let (r, p, f) = crate::muc4_slots::sitrep_all_templates(&dir, set)?;
            muc4_full.push(format!(
                "MUC-4 {set} in full (24 slots, the 1992 scorer): ALL TEMPLATES R {r} P {p} F(P&R) {f:.2}"
            ));
        }
    }
    if a.json {
        let v = serde_json::json!({
            "sets": sets.iter().map(dev::set_json).collect::<Vec<_>>(),
            "wikievents": we.as_ref().map(|w| serde_json::json!({
                "docs": w.docs, "with_incident": w.docs_with_incident,
                "place": [w.place.0, w.place.1], "attacker": [w.attacker.0, w.attacker.1]})),
        });
        writeln!(out, "{v}")?;
        return Ok(());
    }
    if a.errors {
        for s in &sets {
            if s.name.contains('(') {
                continue; // combined or sub-sets repeat their parts' errors
            }
            for e in &s.report.errors {
                writeln!(out, "{}: {e}", s.name)?;
            }
        }
        if let Some(w) = &we {
            for e in &w.errors {
                writeln!(out, "wikievents: {e}")?;
            }
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", dev::summary_table(&sets))?;
    writeln!(out, "{}", dev::field_table(&sets))?;
    if let Some(w) = &we {
        writeln!(out, "{}", dev::wikievents_line(w))?;
    }
    if let Some(m) = &muc4 {
        let micro = m
            .lines()
            .find(|l| l.starts_with("micro_avg"))
            .unwrap_or("micro_avg (not printed)");
        writeln!(
            out,
            "MUC-4 test, GTT scorer (the learned fast tier): {micro}"
        )?;
    }
    for line in &muc4_full {
        writeln!(out, "{line}")?;
    }
    for s in &sets {
        if !s.missing_texts.is_empty() && !s.name.contains('(') {
            writeln!(out,
                "{}: {} texts missing, not scored (re-collect them, see ../shared/gold/README.md): {}",
                s.name,
                s.missing_texts.len(),
                s.missing_texts.join(", ")
            )?;
        }
    }
    Ok(())
}
