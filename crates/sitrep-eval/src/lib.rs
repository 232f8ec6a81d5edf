//! Scorers of sitrep.
//!
//! [`gold`] scores `sitrep extract` output against a gold file in the format of
//! `shared/gold/FORMAT.md`: it aligns predicted with gold incidents, then
//! reports per-field accuracy, incident precision/recall/F1 and statement
//! precision/recall/F1. The MUC-4 scorers live in `sitrep-muc4`.
#![deny(missing_docs)]

pub mod dev;
pub mod gold;
