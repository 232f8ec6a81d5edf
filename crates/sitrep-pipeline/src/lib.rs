//! The pipeline facade: builds the default extractor (GeoNames places through
//! `sitrep-geo`, the rules of `sitrep-extract`, and the learned MUC-4 role-filler
//! model of `sitrep-muc4` for the fields the rules leave empty) and re-exports what
//! callers of the whole pipeline need.
//! Stages depend on `sitrep-core`, not on each other; only this crate composes them.
//! It holds no extraction logic of its own: not for rules, not for training.
#![deny(missing_docs)]

pub use sitrep_core as core;
pub use sitrep_extract::{
    Extractor, ExtractorBuilder, LearnedRole, LearnedRoles, RoleProposal, RoleProposer,
    EXTRACTOR_VERSION, LEARNED_EXTRACTOR_VERSION,
};
pub use sitrep_ingest as ingest;

use sitrep_core::{DocumentRecord, Span};
use sitrep_extract::{PlaceHit, PlaceKind, PlaceResolver};
use sitrep_muc4::{Muc4Model, Role};
use std::sync::{Arc, OnceLock};

/// What can go wrong while composing the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The learned model could not be decoded.
    #[error("learned MUC-4 model: {0}")]
    Model(String),
}

/// The committed MUC-4 model (`crates/sitrep-muc4/model/muc4.bin.gz`), built into the
/// binary so that `sitrep extract` works wherever it is copied.
const EMBEDDED_MODEL: &[u8] = include_bytes!("../../sitrep-muc4/model/muc4.bin.gz");

/// Role fillers proposed by the learned MUC-4 extractor (`sitrep-muc4`).
///
/// The model is trained on lowercased 1980s Latin American news; it reads any case.
/// Proposals are its candidate entities (tagged mentions grouped by string) whose
/// candidate-classifier probability reaches the per-role threshold the model was tuned
/// with on MUC-4 dev ([`sitrep_muc4::DecodeConfig::cand_threshold`]), every occurrence
/// of each. The model's document-level decisions (relevance to 1980s Latin America,
/// template count, at most so many entities a role) are not applied: the rules have
/// already decided that the text reports an incident. `sitrep-extract` decides which
/// proposals fill a record.
pub struct Muc4Roles {
    model: Muc4Model,
    thresholds: [f32; 5],
}

impl Muc4Roles {
    /// Proposals from `model`, with its own tuned candidate thresholds.
    pub fn new(model: Muc4Model) -> Muc4Roles {
        let thresholds = model.decode.cand_threshold;
        Muc4Roles { model, thresholds }
    }

    /// The model.
    pub fn model(&self) -> &Muc4Model {
        &self.model
    }

    /// The committed model, decoded once per process and shared.
    pub fn embedded() -> Result<Arc<Muc4Roles>, PipelineError> {
        static MODEL: OnceLock<Result<Arc<Muc4Roles>, String>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                Muc4Model::load(EMBEDDED_MODEL)
                    .map(|m| Arc::new(Muc4Roles::new(m)))
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(PipelineError::Model)
    }
}

impl RoleProposer for Muc4Roles {
    fn propose(&self, text: &str) -> Vec<RoleProposal> {
        proposals(text, self.model.scored_candidates(text), &self.thresholds)
    }
}

/// Role proposals from a MUC-4 model's scored candidates of `text`: every occurrence of
/// each candidate whose probability reaches its role's threshold.
pub fn proposals(
    text: &str,
    scored: Vec<(sitrep_muc4::model::cands::Candidate, Role, f32)>,
    thresholds: &[f32; 5],
) -> Vec<RoleProposal> {
    {
        let toks = sitrep_muc4::model::text::tokenize(text);
        let mut out = Vec::new();
        for (c, role, p) in scored {
            if p < thresholds.get(role.index()).copied().unwrap_or(1.0) {
                continue;
            }
            let role = match role {
                Role::PerpInd => LearnedRole::PerpIndividual,
                Role::PerpOrg => LearnedRole::PerpOrganisation,
                Role::Target => LearnedRole::Target,
                Role::Victim => LearnedRole::Victim,
                Role::Weapon => LearnedRole::Weapon,
            };
            for &(a, b) in &c.occ {
                let span = match (toks.get(a), b.checked_sub(1).and_then(|b| toks.get(b))) {
                    (Some(x), Some(y)) => Span::new(x.start, y.end),
                    _ => continue,
                };
                if span.slice(text).is_some() {
                    out.push(RoleProposal { role, span });
                }
            }
        }
        out
    }
}

/// Places resolved with the offline GeoNames gazetteer.
#[derive(Debug, Clone, Copy, Default)]
pub struct GeoPlaces;

impl PlaceResolver for GeoPlaces {
    fn places(&self, text: &str) -> Vec<PlaceHit> {
        let gaz = sitrep_geo::Gazetteer::global();
        let mut resolved = gaz.places(text);
        // One name, one place in a document: "Halle" in the headline and "Halle" in the
        // body are the same town. The most populous reading wins (population breaks ties).
        let mut best: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, p) in resolved.iter().enumerate() {
            let key = p.text.to_lowercase();
            match best.get(&key) {
                Some(&j) if resolved[j].population >= p.population => {}
                _ => {
                    best.insert(key, i);
                }
            }
        }
        let canon: Vec<sitrep_geo::ResolvedPlace> = resolved
            .iter()
            .map(|p| resolved[best[&p.text.to_lowercase()]].clone())
            .collect();
        for (p, c) in resolved.iter_mut().zip(canon) {
            if p.kind == c.kind && p.demonym == c.demonym {
                p.city = c.city;
                p.region = c.region;
                p.country = c.country;
                p.country_code = c.country_code;
                p.lat = c.lat;
                p.lon = c.lon;
                p.population = c.population;
            }
        }
        resolved
            .into_iter()
            .map(|p| PlaceHit {
                span: Span::new(p.span.start, p.span.end),
                kind: if p.demonym {
                    PlaceKind::Demonym
                } else {
                    match p.kind {
                        sitrep_geo::PlaceKind::City => PlaceKind::City,
                        sitrep_geo::PlaceKind::Region => PlaceKind::Region,
                        sitrep_geo::PlaceKind::Country => PlaceKind::Country,
                    }
                },
                city: p.city,
                region: p.region,
                country: Some(p.country),
                country_code: Some(p.country_code),
                lat: Some(p.lat),
                lon: Some(p.lon),
                population: p.population,
                specificity: None,
            })
            .collect()
    }
}

/// Rules over GeoNames places, with no learned model.
pub fn rules_extractor() -> Extractor {
    ExtractorBuilder::new().places(Arc::new(GeoPlaces)).build()
}

/// Rules over GeoNames places, completed by the embedded MUC-4 model for `roles`.
pub fn learned_extractor(roles: LearnedRoles) -> Result<Extractor, PipelineError> {
    let proposer: Arc<dyn RoleProposer> = Muc4Roles::embedded()?;
    Ok(ExtractorBuilder::new()
        .places(Arc::new(GeoPlaces))
        .learned(Some(proposer))
        .learned_roles(roles)
        .build())
}

/// Rules over GeoNames places, completed by any role proposer (e.g. the accurate tier)
/// for `roles`.
pub fn extractor_with(proposer: Arc<dyn RoleProposer>, roles: LearnedRoles) -> Extractor {
    ExtractorBuilder::new()
        .places(Arc::new(GeoPlaces))
        .learned(Some(proposer))
        .learned_roles(roles)
        .build()
}

/// The record of `doc`: `ex`'s extraction when the document is English (or its language
/// could not be told), else a record with its title and date, no incidents, and the
/// one-line error "language not supported yet: German (deu); …" — a text sitrep cannot
/// read is kept and said so, not extracted wrongly.
pub fn extract_supported(ex: &Extractor, doc: &sitrep_core::Document) -> DocumentRecord {
    match doc.language.as_deref() {
        Some(code) if !sitrep_ingest::is_supported(Some(code)) => DocumentRecord {
            title: doc.title.clone(),
            published: doc.published,
            ..DocumentRecord::failed(
                doc.id.clone(),
                doc.source.clone(),
                sitrep_ingest::unsupported_message(code),
            )
        },
        _ => ex.extract(doc),
    }
}

/// The extractor sitrep uses by default: rules over GeoNames places, completed by the
/// learned model for [`LearnedRoles::DEFAULT`]. Should the embedded model not decode
/// (a broken build; a test checks that it does), the rules alone
/// ([`Extractor::uses_learned`] tells which).
pub fn default_extractor() -> Extractor {
    learned_extractor(LearnedRoles::DEFAULT).unwrap_or_else(|_| rules_extractor())
}
