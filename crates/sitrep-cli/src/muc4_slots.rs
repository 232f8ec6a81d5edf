//! `sitrep eval muc4-slots`: MUC-4 in full (24 slots), scored as in 1992.

use anyhow::{Context, Result};
use clap::Args;
use rayon::prelude::*;
use sitrep_core::Document;
use sitrep_muc4::slots::{
    parse_templates, read_templates, response_templates_dated, score_messages, Message, RawMessage,
    Row, ScoreOptions, Template, TestSet, Unjudged,
};
use sitrep_muc4::{default_data_dir, Muc4Model, PredTemplate};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Args)]
pub struct SlotsArgs {
    /// Set: tst3 or tst4 (the test); dev, tst1 or tst2 for tuning (no history file there:
    /// fills that are not exact key strings are judged by the automatic rule).
    #[arg(long)]
    set: String,
    /// Score this response file (the 1992 format) instead of running sitrep.
    #[arg(long)]
    score: Option<PathBuf>,
    /// Where sitrep's response file goes when it runs (default target/muc4-slots-<set>.response).
    #[arg(long)]
    response: Option<PathBuf>,
    /// Print one JSON object instead of the report.
    #[arg(long)]
    json: bool,
    /// Count string, date, location and number fills that neither match the key nor are
    /// judged by the 1992 history incorrect, instead of judging them by the automatic rule.
    #[arg(long)]
    strict: bool,
    /// MUC-4 data folder (default: ../shared/data/muc4 or $SITREP_MUC4_DIR).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Write one line per template pair (message, key template, response template, and
    /// the pair's POS ACT COR PAR INC SPU MIS over slots 2-24) to this file.
    #[arg(long)]
    pairs: Option<PathBuf>,
    /// Tuning (dev, tst1, tst2 only): the learned model's relevance threshold.
    #[arg(long)]
    relevance: Option<f32>,
    /// Tuning: the probability above which a second incident type gets a template.
    #[arg(long)]
    second_type: Option<f32>,
    /// Tuning: the template-count classifier's threshold for a second template.
    #[arg(long)]
    multi: Option<f32>,
}

impl SlotsArgs {
    fn decode_overrides(&self) -> Option<impl Fn(&mut sitrep_muc4::DecodeConfig) + '_> {
        let any = self.relevance.is_some() || self.second_type.is_some() || self.multi.is_some();
        any.then_some(move |d: &mut sitrep_muc4::DecodeConfig| {
            if let Some(v) = self.relevance {
                d.relevance_threshold = v;
            }
            if let Some(v) = self.second_type {
                d.second_type_threshold = v;
            }
            if let Some(v) = self.multi {
                d.multi_threshold = v;
            }
        })
    }
}

/// sitrep's MUC-4 extractor: the rules (reading case-less text) completed by the embedded
/// learned model, and the learned model's templates.
pub struct Muc4Extractor {
    rules: sitrep_extract::Extractor,
    /// The learned model that decides the templates (the embedded one, its decoding
    /// settings possibly changed for tuning).
    templates: Muc4Model,
}

impl Muc4Extractor {
    /// Loads the embedded model; `lowercase` for texts without letter case.
    pub fn new(lowercase: bool) -> Result<Muc4Extractor> {
        Self::with_decode(lowercase, |_| {})
    }

    /// [`Muc4Extractor::new`] with other decoding settings for the templates.
    pub fn with_decode(
        lowercase: bool,
        adjust: impl Fn(&mut sitrep_muc4::DecodeConfig),
    ) -> Result<Muc4Extractor> {
        let model = sitrep_pipeline::Muc4Roles::embedded().context("loading the MUC-4 model")?;
        let mut templates = model.model().clone();
        adjust(&mut templates.decode);
        let proposer: Arc<dyn sitrep_extract::RoleProposer> = model.clone();
        let rules = sitrep_extract::ExtractorBuilder::new()
            .places(Arc::new(sitrep_pipeline::GeoPlaces))
            .learned(Some(proposer))
            .lowercase_text(lowercase)
            .build();
        Ok(Muc4Extractor { rules, templates })
    }

    /// sitrep's record of one document.
    pub fn record(&self, doc: &Document) -> sitrep_core::DocumentRecord {
        self.rules.extract(doc)
    }

    /// The templates of one document (none: not relevant).
    pub fn templates(&self, doc: &Document) -> Vec<Template> {
        self.templates_dated(doc, None)
    }

    /// [`Muc4Extractor::templates`] of a message with its dateline as written
    /// (`SAN SALVADOR, 3 FEB 90 (ACAN-EFE)`), whose place gives the incident's country.
    pub fn templates_dated(&self, doc: &Document, dateline: Option<&str>) -> Vec<Template> {
        let record = self.rules.extract(doc);
        let learned: Vec<PredTemplate> = self.templates.predict(&model_text(&doc.text));
        response_templates_dated(Some(&record), &learned, doc.published, dateline, &doc.text)
    }
}

/// The text as the learned model was trained on it: one line, lower case.
pub fn model_text(text: &str) -> String {
    text.replace(['\n', '\r'], " ").to_lowercase()
}

/// The response-file text of one message's templates (an irrelevant message gets the
/// template of asterisks).
pub fn render_message(id: &str, templates: &[Template]) -> String {
    if templates.is_empty() {
        let mut out = format!("{:<35}{id}\n", "0.  MESSAGE: ID");
        for s in &sitrep_muc4::slots::SLOTS[1..] {
            let label = format!("{}.  {}", *s as usize, s.label());
            let label = if (*s as usize) >= 10 {
                label.replacen(".  ", ". ", 1)
            } else {
                label
            };
            out.push_str(&format!("{label:<35}*\n"));
        }
        return out + "\n";
    }
    templates
        .iter()
        .map(|t| t.render(id) + "\n")
        .collect::<String>()
}

fn run_sitrep(messages: &[RawMessage]) -> Result<String> {
    run_with(&Muc4Extractor::new(true)?, messages)
}

fn run_with(ex: &Muc4Extractor, messages: &[RawMessage]) -> Result<String> {
    let d = &ex.templates.decode;
    eprintln!(
        "sitrep: templates decoded with relevance {} second type {} multi {}",
        d.relevance_threshold, d.second_type_threshold, d.multi_threshold
    );
    let texts: Vec<String> = messages
        .par_iter()
        .map(|m| {
            let doc = Document {
                id: m.id.clone(),
                source: m.id.clone(),
                title: None,
                published: m.date,
                language: None,
                text: m.text(),
            };
            render_message(&m.id, &ex.templates_dated(&doc, Some(&m.dateline)))
        })
        .collect();
    Ok(texts.concat())
}

/// sitrep's ALL TEMPLATES recall, precision and F(P&R) on `set` (tst3 or tst4), run and
/// scored as `sitrep eval muc4-slots` does, for the dev table.
pub fn sitrep_all_templates(dir: &std::path::Path, set: &str) -> Result<(f64, f64, f64)> {
    let set: TestSet = set.parse()?;
    let key = set
        .read_key(dir)
        .with_context(|| format!("reading the {} answer key", set.name()))?;
    let history = set.history(dir).context("reading the history file")?;
    let messages = set
        .read_messages(dir)
        .with_context(|| format!("reading the {} texts", set.name()))?;
    let response = parse_templates(&run_sitrep(&messages)?)?;
    let s = score_messages(&key, &response, &history, &ScoreOptions::default());
    let all = s.report.row(Row::AllTemplates);
    Ok((
        all.rec().unwrap_or(0) as f64,
        all.pre().unwrap_or(0) as f64,
        all.f1(),
    ))
}

pub fn eval(a: &SlotsArgs) -> Result<ExitCode> {
    let dir = a.data.clone().unwrap_or_else(default_data_dir);
    let set: TestSet = a.set.parse()?;
    let key = set
        .read_key(&dir)
        .with_context(|| format!("reading the {} answer key", set.name()))?;
    let history = set.history(&dir).context("reading the history file")?;
    let (response, label): (Vec<Message>, String) = match &a.score {
        Some(file) => (
            read_templates(file).with_context(|| format!("reading {}", file.display()))?,
            file.display().to_string(),
        ),
        None => {
            let messages = set
                .read_messages(&dir)
                .with_context(|| format!("reading the {} texts", set.name()))?;
            let text = match a.decode_overrides() {
                Some(_) if set.is_test() => {
                    anyhow::bail!(
                        "decoding settings are for tuning on dev, tst1 or tst2, not on the test"
                    )
                }
                Some(f) => run_with(&Muc4Extractor::with_decode(true, f)?, &messages)?,
                None => run_sitrep(&messages)?,
            };
            let out = a.response.clone().unwrap_or_else(|| {
                PathBuf::from(format!("target/muc4-slots-{}.response", set.name()))
            });
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::write(&out, &text).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("sitrep: response file written to {}", out.display());
            (parse_templates(&text)?, "sitrep".to_string())
        }
    };
    let opts = ScoreOptions {
        unjudged: if a.strict {
            Unjudged::Incorrect
        } else {
            Unjudged::Auto
        },
        ..ScoreOptions::default()
    };
    let s = score_messages(&key, &response, &history, &opts);
    if let Some(file) = &a.pairs {
        let mut text = String::from("message\tkey\tresponse\tpos\tact\tcor\tpar\tinc\tspu\tmis\n");
        for p in &s.sections {
            let t = p.slots[2..].iter().fold([0u32; 7], |mut acc, t| {
                for (a, v) in acc
                    .iter_mut()
                    .zip([t.pos, t.act, t.cor, t.par, t.inc, t.spu, t.mis])
                {
                    *a += v;
                }
                acc
            });
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                p.message,
                p.key.as_deref().unwrap_or("-"),
                p.response.as_deref().unwrap_or("-"),
                t.map(|v| v.to_string()).join("\t")
            ));
        }
        std::fs::write(file, text).with_context(|| format!("writing {}", file.display()))?;
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let mut j = s.report.to_json(set.name());
        j["response"] = serde_json::Value::String(label);
        j["auto_judged"] = s.auto_judged.into();
        writeln!(out, "{j}")?;
    } else {
        let all = s.report.row(Row::AllTemplates);
        writeln!(
            out,
            "MUC-4 {} in full, {label}: ALL TEMPLATES R {} P {} F(P&R) {:.2} ({} fills judged by the automatic rule)\n",
            set.name(),
            all.rec().unwrap_or(0),
            all.pre().unwrap_or(0),
            all.f1(),
            s.auto_judged
        )?;
        writeln!(out, "{}", s.report)?;
    }
    for m in &s.unknown_messages {
        eprintln!("sitrep: {m}: not in the {} key, not scored", set.name());
    }
    Ok(ExitCode::SUCCESS)
}
