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
            })
            .collect()
    }
}

/// The extractor sitrep uses by default: rules over GeoNames places.
pub fn default_extractor() -> Extractor {
    ExtractorBuilder::new().places(Arc::new(GeoPlaces)).build()
}
