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
//!    incident and fill each incident's fields from what it owns ([`dates`]: which
//!    date mention dates the incident).
//! 4. [`statements`]: calls to violence, claims, pledges and officials' words.
//! 5. [`learned`] (optional): a learned model's role fillers (perpetrators,
//!    groups, weapons, targets) for the primary incident's fields the rules left
//!    empty, filtered and quoted; the model itself is plugged in through
//!    [`RoleProposer`].
//!
//! Every value carries [`sitrep_core::Evidence`] quoting the exact words.
//! This crate does not read files (that is `sitrep-ingest`) nor resolve place
//! names itself (that is `sitrep-geo`, behind [`PlaceResolver`]).
#![deny(missing_docs)]

pub mod casualties;
pub mod context;
pub mod dates;
pub mod fate;
pub mod fill;
pub mod gaps;
pub mod groups;
pub mod incidents;
pub mod learned;
pub mod new_groups;
pub mod places;
pub mod quotes;
pub mod statements;
pub mod toll;

pub use learned::{LearnedRole, LearnedRoles, RoleProposal, RoleProposer};
pub use places::{NoPlaces, PlaceHit, PlaceKind, PlaceResolver};

use sitrep_core::{Document, DocumentRecord};
use sitrep_nlp::AnnotateOptions;
use std::sync::Arc;

/// The version written into stored extractions; bump it when output changes.
pub const EXTRACTOR_VERSION: &str = concat!("rules-", env!("CARGO_PKG_VERSION"), "+14");

/// The version written by an extractor with a learned role proposer (see
/// [`Extractor::version`]): [`EXTRACTOR_VERSION`] with `+learned` appended, so that the
/// store counts it newer than the rules alone of the same version, and older than
/// the next rules version.
pub const LEARNED_EXTRACTOR_VERSION: &str =
    concat!("rules-", env!("CARGO_PKG_VERSION"), "+14", "+learned");

/// Builds an [`Extractor`].
#[derive(Clone)]
pub struct ExtractorBuilder {
    places: Arc<dyn PlaceResolver>,
    lowercase_text: bool,
    learned: Option<Arc<dyn RoleProposer>>,
    learned_roles: LearnedRoles,
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        ExtractorBuilder {
            places: Arc::new(NoPlaces),
            lowercase_text: false,
            learned: None,
            learned_roles: LearnedRoles::DEFAULT,
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

    /// Sets the learned role proposer whose fillers complete the primary incident's
    /// empty fields (see [`learned`]); `None` (the default) uses the rules alone.
    pub fn learned(mut self, proposer: Option<Arc<dyn RoleProposer>>) -> ExtractorBuilder {
        self.learned = proposer;
        self
    }

    /// Which roles the learned proposer may fill (default [`LearnedRoles::DEFAULT`]).
    pub fn learned_roles(mut self, roles: LearnedRoles) -> ExtractorBuilder {
        self.learned_roles = roles;
        self
    }

    /// The extractor.
    pub fn build(self) -> Extractor {
        Extractor {
            learned: self.learned,
            learned_roles: self.learned_roles,
            places: self.places,
            opts: AnnotateOptions {
                lowercase_text: self.lowercase_text,
            },
            deadline: None,
        }
    }
}

/// True when an incident has evidence of an attack: an attack or weapon type, a named
/// attacker or a group. Deaths alone ("five killed in Springfield") are no attack: an
/// accident, a disaster or a disease kills too.
fn attack_evidence(i: &sitrep_core::Incident) -> bool {
    !(i.attack_types.is_empty()
        && i.weapon_types.is_empty()
        && i.perpetrators.is_empty()
        && i.groups.is_empty())
}

/// Phrases by which a report says its attack was no terrorism.
const NOT_TERRORISM: &[&[&str]] = &[
    &["not", "terror", "related"],
    &["not", "terror-related"],
    &["not", "terrorism-related"],
    &["not", "terrorism", "related"],
    &["ruled", "out", "terrorism"],
    &["ruled", "out", "terror"],
    &["ruled", "out", "a", "terrorist"],
    &["not", "being", "treated", "as", "terrorism"],
    &["not", "treated", "as", "terrorism"],
    &["not", "treating", "it", "as", "terrorism"],
    &["no", "indication", "of", "terrorism"],
    &["no", "evidence", "of", "terrorism"],
    &["not", "an", "act", "of", "terrorism"],
    &["not", "a", "terrorist", "attack"],
    &["not", "a", "terror", "attack"],
];

/// True when the report says its attack was no terrorism (an ordinary crime, a personal
/// motive): "motive not terror related", "police ruled out terrorism".
fn not_terrorism(ctx: &context::Ctx) -> bool {
    (0..ctx.ann.sentences.len()).any(|s| {
        ctx.in_body(s) && {
            let r = ctx.sentence_range(s);
            NOT_TERRORISM
                .iter()
                .any(|p| ctx.has_phrase(r.clone(), p).is_some())
        }
    })
}

/// Turns documents into records. Cheap to clone and share across threads.
#[derive(Clone)]
pub struct Extractor {
    places: Arc<dyn PlaceResolver>,
    opts: AnnotateOptions,
    learned: Option<Arc<dyn RoleProposer>>,
    learned_roles: LearnedRoles,
    deadline: Option<std::time::Duration>,
}

/// Where [`Extractor::extract`] checks its deadline: between its stages and between the
/// incidents it fills.
fn past(start: std::time::Instant, deadline: Option<std::time::Duration>) -> bool {
    deadline.is_some_and(|d| start.elapsed() > d)
}

impl Extractor {
    /// The same extractor with a deadline per document: past it, [`Extractor::extract`]
    /// gives up on the document and returns a record with a one-line error, so that a
    /// batch goes on. The deadline is checked between stages, so a document may overrun
    /// it by one stage (each stage's cost is linear in the text). `None`: no deadline.
    pub fn with_deadline(mut self, deadline: Option<std::time::Duration>) -> Extractor {
        self.deadline = deadline;
        self
    }

    /// True when a learned role proposer completes the rules' records.
    pub fn uses_learned(&self) -> bool {
        self.learned.is_some()
    }

    /// [`EXTRACTOR_VERSION`] for the rules alone, [`LEARNED_EXTRACTOR_VERSION`] with a
    /// learned proposer: stored extractions record which one wrote them.
    pub fn version(&self) -> &'static str {
        if self.uses_learned() {
            LEARNED_EXTRACTOR_VERSION
        } else {
            EXTRACTOR_VERSION
        }
    }

    /// Extracts the incidents and statements of one document.
    pub fn extract(&self, doc: &Document) -> DocumentRecord {
        let start = std::time::Instant::now();
        let overrun = |stage: &str| {
            DocumentRecord::failed(
                doc.id.clone(),
                doc.source.clone(),
                format!(
                    "extraction passed its deadline of {:.1} s ({} bytes, while {stage}); document skipped",
                    self.deadline.map(|d| d.as_secs_f64()).unwrap_or_default(),
                    doc.text.len()
                ),
            )
        };
        let ctx = context::Ctx::new(doc, self.places.as_ref(), self.opts);
        if past(start, self.deadline) {
            return overrun("reading the text");
        }
        let clusters = incidents::find_clusters(&ctx);
        let own = fill::Ownership::new(&ctx, &clusters);
        if past(start, self.deadline) {
            return overrun("finding incidents");
        }
        let mut incidents: Vec<sitrep_core::Incident> = Vec::with_capacity(clusters.len());
        for i in 0..clusters.len() {
            if past(start, self.deadline) {
                return overrun("filling incidents");
            }
            incidents.push(fill::fill(
                &ctx,
                &clusters,
                &own,
                i,
                format!("{}#{}", doc.id, i + 1),
            ));
        }
        // The report's own incident needs evidence of an attack; a background incident is
        // a recalled attack and keeps its deaths alone.
        // An attack the report says was no terrorism ("police ruled out terrorism") is not
        // the report's incident.
        let ordinary_crime = not_terrorism(&ctx);
        let keep: Vec<bool> = incidents
            .iter()
            .map(|i| !i.primary || (attack_evidence(i) && !ordinary_crime))
            .collect();
        if past(start, self.deadline) {
            return overrun("filling incidents");
        }
        let statements = statements::statements(&ctx, &clusters, &incidents);
        // The learned model completes the primary incident after the statements were read,
        // so that it never changes them.
        if let Some(proposer) = &self.learned {
            // The primary incident; in a report with no primary one, its only incident.
            let kept = keep.iter().filter(|k| **k).count();
            let has_primary = incidents.iter().zip(&keep).any(|(i, k)| i.primary && *k);
            for (ci, inc) in incidents.iter_mut().enumerate() {
                let subject = inc.primary || (!has_primary && kept == 1);
                if subject && keep.get(ci).copied().unwrap_or(false) {
                    learned::apply(
                        &ctx,
                        &clusters,
                        &own,
                        ci,
                        inc,
                        proposer.as_ref(),
                        self.learned_roles,
                    );
                }
            }
        }
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
