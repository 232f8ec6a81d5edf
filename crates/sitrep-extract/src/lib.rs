//! Incident extraction: from an annotated report to evidence-linked GTD records.
//!
//! Steps, in order:
//!
//! 1. [`context`]: annotate the text (tokens, sentences, numbers, dates, groups,
//!    cues, places through a [`PlaceResolver`], people) and find the article
//!    proper (after the site header, without boilerplate lines) and its title.
//! 2. [`incidents`]: anchor attack cues to places, merge anchors into incidents,
//!    drop state military action, wars, arrests, convictions and multi-year
//!    aggregates, and pick the primary incident from the title.
//! 3. [`fill`] and [`groups`]: give every token of an anchored sentence to one
//!    incident and fill each incident's fields from what it owns.
//! 4. [`statements`]: calls to violence, claims, pledges and officials' words.
//!
//! Every value carries [`sitrep_core::Evidence`] quoting the exact words.
//! This crate does not read files (that is `sitrep-ingest`) nor resolve place
//! names itself (that is `sitrep-geo`, behind [`PlaceResolver`]).
#![deny(missing_docs)]

pub mod casualties;
pub mod context;
pub mod fill;
pub mod groups;
pub mod incidents;
pub mod places;
pub mod quotes;
pub mod statements;

pub use places::{NoPlaces, PlaceHit, PlaceKind, PlaceResolver};

use sitrep_core::{Document, DocumentRecord};
use sitrep_nlp::AnnotateOptions;
use std::sync::Arc;

/// The version written into stored extractions; bump it when output changes.
pub const EXTRACTOR_VERSION: &str = concat!("rules-", env!("CARGO_PKG_VERSION"), "+1");

/// Builds an [`Extractor`].
#[derive(Clone)]
pub struct ExtractorBuilder {
    places: Arc<dyn PlaceResolver>,
    lowercase_text: bool,
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        ExtractorBuilder {
            places: Arc::new(NoPlaces),
            lowercase_text: false,
        }
    }
}

impl ExtractorBuilder {
    /// A builder with no place resolver.
    pub fn new() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// Sets the place resolver.
    pub fn places(mut self, places: Arc<dyn PlaceResolver>) -> ExtractorBuilder {
        self.places = places;
        self
    }

    /// Texts are written without letter case (MUC-4).
    pub fn lowercase_text(mut self, yes: bool) -> ExtractorBuilder {
        self.lowercase_text = yes;
        self
    }

    /// The extractor.
    pub fn build(self) -> Extractor {
        Extractor {
            places: self.places,
            opts: AnnotateOptions {
                lowercase_text: self.lowercase_text,
            },
        }
    }
}

/// Turns documents into records. Cheap to clone and share across threads.
#[derive(Clone)]
pub struct Extractor {
    places: Arc<dyn PlaceResolver>,
    opts: AnnotateOptions,
}

impl Extractor {
    /// Extracts the incidents and statements of one document.
    pub fn extract(&self, doc: &Document) -> DocumentRecord {
        let ctx = context::Ctx::new(doc, self.places.as_ref(), self.opts);
        let clusters = incidents::find_clusters(&ctx);
        let own = fill::Ownership::new(&ctx, &clusters);
        let mut incidents: Vec<sitrep_core::Incident> = clusters
            .iter()
            .enumerate()
            .map(|(i, _)| fill::fill(&ctx, &clusters, &own, i, format!("{}#{}", doc.id, i + 1)))
            .collect();
        // A primary incident the text gives nothing for is not an incident.
        let keep: Vec<bool> = incidents
            .iter()
            .map(|i| {
                !(i.location.is_none()
                    && i.attack_types.is_empty()
                    && i.killed.is_none()
                    && i.injured.is_none()
                    && i.perpetrators.is_empty())
            })
            .collect();
        let statements = statements::statements(&ctx, &clusters, &incidents);
        let mut k = 0;
        incidents.retain(|_| {
            k += 1;
            keep[k - 1]
        });
        for (n, inc) in incidents.iter_mut().enumerate() {
            inc.id = format!("{}#{}", doc.id, n + 1);
        }
        DocumentRecord {
            doc_id: doc.id.clone(),
            source: doc.source.clone(),
            title: doc.title.clone(),
            published: doc.published,
            incidents,
            statements,
            error: None,
        }
    }
}
