//! The pipeline facade: builds the default extractor (GeoNames places through
//! `sitrep-geo`) and re-exports what callers of the whole pipeline need.
//! Stages depend on `sitrep-core`, not on each other; only this crate composes them.
#![deny(missing_docs)]

pub use sitrep_core as core;
pub use sitrep_extract::{Extractor, ExtractorBuilder, EXTRACTOR_VERSION};
pub use sitrep_ingest as ingest;

use sitrep_core::Span;
use sitrep_extract::{PlaceHit, PlaceKind, PlaceResolver};
use std::sync::Arc;

/// Places resolved with the offline GeoNames gazetteer.
#[derive(Debug, Clone, Copy, Default)]
pub struct GeoPlaces;

impl PlaceResolver for GeoPlaces {
    fn places(&self, text: &str) -> Vec<PlaceHit> {
        let gaz = sitrep_geo::Gazetteer::global();
        gaz.places(text)
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
            })
            .collect()
    }
}

/// The extractor sitrep uses by default: rules over GeoNames places.
pub fn default_extractor() -> Extractor {
    ExtractorBuilder::new().places(Arc::new(GeoPlaces)).build()
}
