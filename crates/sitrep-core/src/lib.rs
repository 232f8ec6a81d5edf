//! Shared types of sitrep.
//!
//! Every stage of the pipeline (ingest → nlp → extract → eval/store) speaks in
//! these types and nothing else:
//!
//! * [`Document`]: one report as sitrep read it. Its `text` is the reference for
//!   every byte offset that any later stage produces.
//! * [`Span`] and [`Evidence`]: byte ranges into `Document::text`; evidence also
//!   carries the exact slice so a reader never needs the document to check it.
//! * [`record`]: the JSON Lines output contract (`DocumentRecord`, `Incident`,
//!   `Statement`…), documented for users in `docs/output-format.md`.
//! * [`categories`]: GTD's attack, weapon and target categories, group relations and
//!   statement kinds, serialised in snake_case.
//!
//! This crate has no logic beyond constructors and checks; it is not the place
//! for extraction rules.
#![deny(missing_docs)]

pub mod categories;
pub mod date;
pub mod record;
mod span;

pub use categories::{AttackType, GroupRelation, StatementKind, TargetType, WeaponType};
pub use date::PartialDate;
pub use record::*;
pub use span::{Evidence, Span};

/// One input report, as sitrep read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Stable identifier: the id given in a JSON Lines record, else the file name.
    pub id: String,
    /// Where the document came from: a path, `-` for stdin, or a URL.
    pub source: String,
    /// Title from the page's metadata or the first line of a plain-text file.
    pub title: Option<String>,
    /// Publication date from the document's own metadata or `--published`.
    pub published: Option<PartialDate>,
    /// The text every offset refers to.
    pub text: String,
    /// The text's language as an ISO 639-3 code (`eng`, `deu`, `ara`…) when it was
    /// detected with confidence, else `None` (too short or mixed to tell).
    pub language: Option<String>,
}

impl Document {
    /// Evidence for the byte range `span` of this document's text.
    ///
    /// Returns `None` when the range is out of bounds or not on character
    /// boundaries, so a bad span can never produce a wrong quotation.
    pub fn evidence(&self, span: Span) -> Option<Evidence> {
        Evidence::from_text(&self.text, span)
    }
}
