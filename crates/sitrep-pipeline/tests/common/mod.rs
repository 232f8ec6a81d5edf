//! Helpers shared by the pipeline's test files.

use sitrep_core::{Document, DocumentRecord, GroupRelation, Incident};
use sitrep_pipeline::Extractor;

/// Extracts `doc` with `ex` and checks that every piece of evidence quotes the text at
/// its offsets.
pub fn extract_checked(ex: &Extractor, doc: &Document) -> DocumentRecord {
    let rec = ex.extract(doc);
    for e in rec.evidence() {
        assert!(
            e.is_exact_in(&doc.text),
            "{}: evidence {e:?} is not a slice of the text",
            doc.id
        );
    }
    rec
}

/// An incident's groups as (name, relation) pairs, in order.
#[allow(dead_code)] // tests/decisions.rs reads groups its own way
pub fn groups(i: &Incident) -> Vec<(String, GroupRelation)> {
    i.groups
        .iter()
        .map(|g| (g.name.clone(), g.relation))
        .collect()
}

/// The primary incident of a record (panics when there is none).
#[allow(dead_code)] // tests/learned.rs looks for the primary its own way
pub fn primary(r: &DocumentRecord) -> &Incident {
    r.incidents
        .iter()
        .find(|i| i.primary)
        .expect("a primary incident")
}
