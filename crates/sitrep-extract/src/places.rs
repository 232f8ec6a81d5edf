//! The place-resolution boundary: the extractor asks a [`PlaceResolver`] for
//! the places a text names. `sitrep-geo` implements it with a GeoNames
//! gazetteer; tests use small hand-made tables.

use sitrep_core::Span;

/// What kind of place a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A city, town or village.
    City,
    /// A first-level region (state, province).
    Region,
    /// A country.
    Country,
    /// An adjective or demonym ("French", "British-born"): names a country, never a location of an event.
    Demonym,
}

/// A resolved place mention.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceHit {
    /// The words.
    pub span: Span,
    /// What it names.
    pub kind: PlaceKind,
    /// City name (for cities).
    pub city: Option<String>,
    /// Region name.
    pub region: Option<String>,
    /// Country name.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Population (0 when unknown).
    pub population: u64,
    /// GTD's geocoding specificity when it is not read off the kind (a place the
    /// gazetteer does not know, placed by its container); `None`: a gazetteer place.
    pub specificity: Option<u8>,
}

impl PlaceHit {
    /// A key identifying the place: city + country, or region + country, or country.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}",
            self.city.as_deref().unwrap_or(""),
            self.region.as_deref().unwrap_or("").to_lowercase(),
            self.country_code.as_deref().unwrap_or("")
        )
    }

    /// Great-circle distance in km to another place, if both have coordinates.
    pub fn distance_km(&self, other: &PlaceHit) -> Option<f64> {
        let (a, b, c, d) = (self.lat?, self.lon?, other.lat?, other.lon?);
        let (p1, p2) = (a.to_radians(), c.to_radians());
        let dp = (c - a).to_radians();
        let dl = (d - b).to_radians();
        let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        Some(2.0 * 6371.0 * h.sqrt().min(1.0).asin())
    }
}

/// Finds and resolves the places a text names.
pub trait PlaceResolver: Send + Sync {
    /// Every place mention in `text`, resolved, sorted by position.
    fn places(&self, text: &str) -> Vec<PlaceHit>;
}

/// A resolver that knows no place (for tests and for corpora without locations).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoPlaces;

impl PlaceResolver for NoPlaces {
    fn places(&self, _text: &str) -> Vec<PlaceHit> {
        Vec::new()
    }
}
