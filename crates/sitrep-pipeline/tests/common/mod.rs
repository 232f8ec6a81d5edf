//! Helpers shared by the pipeline's test files.

use sitrep_core::{GroupRelation, Incident};

/// An incident's groups as (name, relation) pairs, in order.
pub fn groups(i: &Incident) -> Vec<(String, GroupRelation)> {
    i.groups
        .iter()
        .map(|g| (g.name.clone(), g.relation))
        .collect()
}
