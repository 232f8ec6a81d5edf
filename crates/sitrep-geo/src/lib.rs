//! Offline gazetteer and place resolution for sitrep.
//!
//! sitrep records where an attack happened as city, region, country, ISO code and
//! coordinates, each pointing at the words of the report. This crate supplies that:
//!
//! * [`Gazetteer::find_places`] finds place names in a text (cities, first-level
//!   regions, countries, and demonyms such as "British-born"), returning exact byte
//!   spans and every place each name may denote.
//! * [`Gazetteer::resolve`] picks one place per mention from population, the
//!   countries named in the same sentence or document, "City, Country" / "City,
//!   State" / "X in Country" patterns and the other places of the document.
//! * [`Gazetteer::country_by_code`], [`Gazetteer::country_by_name_or_alias`] and
//!   [`Gazetteer::demonym_country`] look countries up.
//!
//! The data is embedded (GeoNames-derived, CC-BY 4.0, see `NOTICE`): cities of
//! 1,000 or more people with Latin-script alternate names, admin1 regions and
//! all countries, built by `tools/build_gazetteer.py` and loaded once, at first use.
//!
//! It is not for deciding *which* place is the location of an incident (that needs
//! the event's wording and belongs to extraction), nor for geocoding street
//! addresses or landmarks. It never goes to the network.
#![deny(missing_docs)]

mod data;
mod facts;
mod find;
mod resolve;

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

pub use data::Country;
pub use find::{Candidate, FindOptions, PlaceKind, PlaceMention};
pub use resolve::ResolvedPlace;

/// Errors of this crate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    /// The embedded gazetteer data could not be read.
    #[error("gazetteer data: {0}")]
    Data(String),
}

/// The in-memory gazetteer: countries, regions, cities and a name index.
#[derive(Debug)]
pub struct Gazetteer {
    data: data::Data,
    groups: Option<AhoCorasick>,
    lower: OnceLock<rustc_hash::FxHashMap<Box<str>, Vec<data::Entry>>>,
    load_error: Option<GeoError>,
}

static GLOBAL: OnceLock<Gazetteer> = OnceLock::new();

impl Gazetteer {
    /// Load the embedded data (about 0.2–0.3 s in a release build; see README).
    pub fn load() -> Result<Gazetteer, GeoError> {
        Ok(Gazetteer {
            data: data::Data::load()?,
            groups: find::group_matcher(),
            lower: OnceLock::new(),
            load_error: None,
        })
    }

    /// The process-wide gazetteer, loaded at first use.
    ///
    /// Never panics: should the embedded data fail to load (a build defect), this
    /// is an empty gazetteer that finds nothing, and [`Gazetteer::load_error`] says why.
    pub fn global() -> &'static Gazetteer {
        GLOBAL.get_or_init(|| {
            Gazetteer::load().unwrap_or_else(|e| Gazetteer {
                data: data::Data::default(),
                groups: None,
                lower: OnceLock::new(),
                load_error: Some(e),
            })
        })
    }

    /// The error that left [`Gazetteer::global`] empty, if any.
    pub fn load_error(&self) -> Option<&GeoError> {
        self.load_error.as_ref()
    }

    /// Numbers of (countries, regions, cities, indexed names).
    pub fn stats(&self) -> (usize, usize, usize, usize) {
        let d = &self.data;
        (
            d.countries.len(),
            d.regions.len(),
            d.cities.len(),
            d.index.len(),
        )
    }

    fn finder(&self, opts: FindOptions) -> find::Finder<'_> {
        let lower = opts
            .case_insensitive
            .then(|| self.lower.get_or_init(|| find::lowercase_index(&self.data)));
        find::Finder {
            data: &self.data,
            groups: self.groups.as_ref(),
            lower,
        }
    }

    /// Place mentions in `text`, case-sensitively, in text order, not overlapping.
    ///
    /// Every `span` is an exact slice of `text` (`mention.text == text[span]`).
    pub fn find_places(&self, text: &str) -> Vec<PlaceMention> {
        self.find_places_with(text, FindOptions::default())
    }

    /// [`Gazetteer::find_places`] with options (e.g. case-insensitive for MUC-4).
    pub fn find_places_with(&self, text: &str, opts: FindOptions) -> Vec<PlaceMention> {
        self.finder(opts).find(text, opts)
    }

    /// One place per mention, in mention order. `mentions` must come from
    /// `find_places*` on the same `text`. A mention is left out when its only
    /// readings are small or landmark-named towns foreign to every country the
    /// document is about ("Westminster Bridge" in a London story).
    pub fn resolve(&self, text: &str, mentions: &[PlaceMention]) -> Vec<ResolvedPlace> {
        resolve::resolve(&self.data, text, mentions)
    }

    /// Find and resolve in one call.
    pub fn places(&self, text: &str) -> Vec<ResolvedPlace> {
        let m = self.find_places(text);
        self.resolve(text, &m)
    }

    /// The country with ISO alpha-2 (or alpha-3) code `cc`, case-insensitively.
    pub fn country_by_code(&self, cc: &str) -> Option<&Country> {
        let up = cc.trim().to_ascii_uppercase();
        if let Some(&i) = self.data.country_by_code.get(&up) {
            return self.data.countries.get(i as usize);
        }
        self.data.countries.iter().find(|c| c.alpha3 == up)
    }

    /// The country named `name` ("France", "UK", "the Netherlands", "Burma"),
    /// case-insensitively; a leading "the " is ignored.
    pub fn country_by_name_or_alias(&self, name: &str) -> Option<&Country> {
        let n = name.trim();
        let n = strip_the(n);
        if let Some(es) = self.data.index.get(n) {
            for e in es.iter() {
                if let data::Entry::Country { idx } = *e {
                    return self.data.countries.get(idx as usize);
                }
            }
        }
        self.data.countries.iter().find(|c| {
            c.name.eq_ignore_ascii_case(n)
                || strip_the(&c.name).eq_ignore_ascii_case(n)
                || c.aliases
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(n) || strip_the(a).eq_ignore_ascii_case(n))
        })
    }

    /// The country of a demonym or adjective ("French", "Frenchman", "Afghans"),
    /// case-insensitively. A trailing "-born" is ignored ("British-born").
    pub fn demonym_country(&self, word: &str) -> Option<&Country> {
        let w = word.trim();
        let w = w.strip_suffix("-born").unwrap_or(w);
        self.data
            .countries
            .iter()
            .find(|c| c.demonyms.iter().any(|d| d.eq_ignore_ascii_case(w)))
    }

    /// All countries, ordered by ISO alpha-2 code.
    pub fn countries(&self) -> &[Country] {
        &self.data.countries
    }
}

fn strip_the(s: &str) -> &str {
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
}

#[cfg(test)]
mod tests;
