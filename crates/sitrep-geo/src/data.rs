//! Loading the embedded gazetteer files into memory.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::io::Read;

use flate2::read::GzDecoder;

use crate::facts::{COUNTRY_FACTS, COUNTRY_NAME_OVERRIDES, EXTRA_REGIONS, REGION_ALIASES};
use crate::GeoError;

static CITIES_GZ: &[u8] = include_bytes!("../data/cities.tsv.gz");
static REGIONS_TSV: &str = include_str!("../data/regions.tsv");
static COUNTRIES_TSV: &str = include_str!("../data/countries.tsv");
static COMMON_WORDS: &str = include_str!("../data/common_words.txt");

/// A country of the gazetteer, with the facts sitrep keeps about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code ("FR").
    pub code: String,
    /// ISO 3166-1 alpha-3 code ("FRA").
    pub alpha3: String,
    /// English short name ("France").
    pub name: String,
    /// Capital city as GeoNames names it, if any.
    pub capital: Option<String>,
    /// Latitude of the capital (or, without one, of the most populous gazetteer city).
    pub lat: f64,
    /// Longitude of the capital (or of the most populous gazetteer city).
    pub lon: f64,
    /// Population (GeoNames).
    pub population: u64,
    /// Other names in news use ("UK", "Britain", "Burma").
    pub aliases: Vec<&'static str>,
    /// Demonyms and adjectives ("French", "Frenchman").
    pub demonyms: Vec<&'static str>,
}

/// One populated place.
#[derive(Debug, Clone)]
pub(crate) struct CityRec {
    pub name: Box<str>,
    pub country: u16,
    /// Index into `Data::regions`, or `u32::MAX` when GeoNames has no admin1 name.
    pub region: u32,
    pub lat: f32,
    pub lon: f32,
    pub pop: u32,
}

/// One first-level administrative region.
#[derive(Debug, Clone)]
pub(crate) struct RegionRec {
    pub name: Box<str>,
    pub country: u16,
    pub lat: f32,
    pub lon: f32,
    pub pop: u64,
}

/// What a name in the index can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A city; `alt` when the name is an alternate name of it.
    City { idx: u32, alt: bool },
    /// A region; `alt` when the name is an alias.
    Region { idx: u32, alt: bool },
    /// A country by name or alias.
    Country { idx: u16 },
    /// A country by demonym or adjective.
    Demonym { idx: u16 },
}

/// The entries of one name: almost always one, so without a heap allocation.
#[derive(Debug, Clone)]
pub(crate) enum Entries {
    /// A single entry.
    One(Entry),
    /// Several entries.
    Many(Vec<Entry>),
}

impl std::ops::Deref for Entries {
    type Target = [Entry];

    fn deref(&self) -> &[Entry] {
        self.as_slice()
    }
}

impl Entries {
    pub(crate) fn as_slice(&self) -> &[Entry] {
        match self {
            Entries::One(e) => std::slice::from_ref(e),
            Entries::Many(v) => v,
        }
    }

    pub(crate) fn push(&mut self, e: Entry) {
        if self.as_slice().contains(&e) {
            return;
        }
        match self {
            Entries::One(first) => *self = Entries::Many(vec![*first, e]),
            Entries::Many(v) => v.push(e),
        }
    }
}

/// All gazetteer data plus the name index.
#[derive(Debug, Default)]
pub(crate) struct Data {
    pub countries: Vec<Country>,
    pub regions: Vec<RegionRec>,
    pub cities: Vec<CityRec>,
    pub index: FxHashMap<Box<str>, Entries>,
    pub common_words: FxHashSet<Box<str>>,
    pub country_by_code: HashMap<String, u16>,
}

fn field<'a>(
    it: &mut std::str::Split<'a, char>,
    what: &str,
    line: usize,
) -> Result<&'a str, GeoError> {
    it.next()
        .ok_or_else(|| GeoError::Data(format!("{what}: missing field on line {line}")))
}

fn num<T: std::str::FromStr>(s: &str, what: &str, line: usize) -> Result<T, GeoError> {
    s.parse::<T>()
        .map_err(|_| GeoError::Data(format!("{what}: bad number {s:?} on line {line}")))
}

impl Data {
    pub(crate) fn load() -> Result<Data, GeoError> {
        let mut d = Data::default();
        d.load_countries()?;
        d.load_regions()?;
        d.load_cities()?;
        d.common_words = COMMON_WORDS
            .lines()
            .filter(|l| !l.is_empty())
            .map(Box::from)
            .collect();
        Ok(d)
    }

    fn add(&mut self, name: &str, e: Entry) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        match self.index.get_mut(name) {
            Some(v) => v.push(e),
            None => {
                self.index.insert(Box::from(name), Entries::One(e));
            }
        }
    }

    fn load_countries(&mut self) -> Result<(), GeoError> {
        for (n, line) in COUNTRIES_TSV.lines().enumerate() {
            let mut it = line.split('\t');
            let code = field(&mut it, "countries", n)?.to_string();
            let alpha3 = field(&mut it, "countries", n)?.to_string();
            let mut name = field(&mut it, "countries", n)?.to_string();
            let capital = field(&mut it, "countries", n)?;
            let lat = field(&mut it, "countries", n)?;
            let lon = field(&mut it, "countries", n)?;
            let pop = field(&mut it, "countries", n)?;
            if let Some((_, o)) = COUNTRY_NAME_OVERRIDES.iter().find(|(c, _)| *c == code) {
                name = (*o).to_string();
            }
            let (aliases, demonyms) = COUNTRY_FACTS
                .iter()
                .find(|(c, _, _)| *c == code)
                .map(|(_, a, d)| (a.to_vec(), d.to_vec()))
                .unwrap_or_default();
            let idx = u16::try_from(self.countries.len())
                .map_err(|_| GeoError::Data("too many countries".into()))?;
            self.country_by_code.insert(code.clone(), idx);
            self.countries.push(Country {
                code,
                alpha3,
                name,
                capital: (!capital.is_empty()).then(|| capital.to_string()),
                lat: if lat.is_empty() {
                    0.0
                } else {
                    num(lat, "countries lat", n)?
                },
                lon: if lon.is_empty() {
                    0.0
                } else {
                    num(lon, "countries lon", n)?
                },
                population: num(pop, "countries population", n)?,
                aliases,
                demonyms,
            });
        }
        for i in 0..self.countries.len() {
            let idx = i as u16;
            let c = &self.countries[i];
            let mut names: Vec<String> = vec![c.name.clone()];
            names.extend(c.aliases.iter().map(|s| s.to_string()));
            // GeoNames' own name when overridden ("The Netherlands").
            if let Some(line) = COUNTRIES_TSV.lines().nth(i) {
                if let Some(orig) = line.split('\t').nth(2) {
                    names.push(orig.to_string());
                }
            }
            let demonyms: Vec<&'static str> = c.demonyms.clone();
            for n in names {
                self.add(&n, Entry::Country { idx });
            }
            for dm in demonyms {
                self.add(dm, Entry::Demonym { idx });
            }
        }
        Ok(())
    }

    fn load_regions(&mut self) -> Result<(), GeoError> {
        for (n, line) in REGIONS_TSV.lines().enumerate() {
            let mut it = line.split('\t');
            let cc = field(&mut it, "regions", n)?;
            let name = field(&mut it, "regions", n)?;
            let alts = field(&mut it, "regions", n)?;
            let lat: f32 = num(field(&mut it, "regions", n)?, "regions lat", n)?;
            let lon: f32 = num(field(&mut it, "regions", n)?, "regions lon", n)?;
            let pop: u64 = num(field(&mut it, "regions", n)?, "regions population", n)?;
            let Some(&country) = self.country_by_code.get(cc) else {
                continue;
            };
            let idx = self.regions.len() as u32;
            self.regions.push(RegionRec {
                name: Box::from(name),
                country,
                lat,
                lon,
                pop,
            });
            // The name and its ASCII form ("Île-de-France", "Ile-de-France").
            for form in std::iter::once(name).chain(alts.split('|').filter(|a| !a.is_empty())) {
                if region_name_is_specific(form) {
                    self.add(form, Entry::Region { idx, alt: false });
                }
            }
            let mut extra: Vec<String> = short_region_forms(name);
            if let Some((_, _, al)) = REGION_ALIASES
                .iter()
                .find(|(c, r, _)| *c == cc && *r == name)
            {
                extra.extend(al.iter().map(|s| s.to_string()));
            }
            for a in extra {
                if region_name_is_specific(&a) {
                    self.add(&a, Entry::Region { idx, alt: true });
                }
            }
        }
        for &(cc, name, lat, lon) in EXTRA_REGIONS {
            let Some(&country) = self.country_by_code.get(cc) else {
                continue;
            };
            let idx = self.regions.len() as u32;
            self.regions.push(RegionRec {
                name: Box::from(name),
                country,
                lat,
                lon,
                pop: 0,
            });
            self.add(name, Entry::Region { idx, alt: false });
        }
        Ok(())
    }

    fn load_cities(&mut self) -> Result<(), GeoError> {
        let mut raw = String::new();
        GzDecoder::new(CITIES_GZ)
            .read_to_string(&mut raw)
            .map_err(|e| GeoError::Data(format!("cities.tsv.gz: {e}")))?;

        let mut region_lookup: HashMap<u16, HashMap<String, u32>> = HashMap::new();
        for (i, r) in self.regions.iter().enumerate() {
            region_lookup
                .entry(r.country)
                .or_default()
                .insert(r.name.to_string(), i as u32);
        }
        let mut cities = Vec::with_capacity(150_000);
        self.index.reserve(400_000);
        for (n, line) in raw.lines().enumerate() {
            let mut it = line.split('\t');
            let name = field(&mut it, "cities", n)?;
            let alts = field(&mut it, "cities", n)?;
            let cc = field(&mut it, "cities", n)?;
            let region = field(&mut it, "cities", n)?;
            let lat: f32 = num(field(&mut it, "cities", n)?, "cities lat", n)?;
            let lon: f32 = num(field(&mut it, "cities", n)?, "cities lon", n)?;
            let pop: u32 = num(field(&mut it, "cities", n)?, "cities population", n)?;
            let Some(&country) = self.country_by_code.get(cc) else {
                continue;
            };
            let region = region_lookup
                .get(&country)
                .and_then(|m| m.get(region))
                .copied()
                .unwrap_or(u32::MAX);
            let idx = cities.len() as u32;
            // "Bogotá|Bogota": the name, then its ASCII form.
            let mut forms = name.split('|');
            let main = forms.next().unwrap_or(name);
            cities.push(CityRec {
                name: Box::from(main),
                country,
                region,
                lat,
                lon,
                pop,
            });
            self.add(main, Entry::City { idx, alt: false });
            for f in forms {
                self.add(f, Entry::City { idx, alt: false });
            }
            for a in alts.split('|').filter(|a| !a.is_empty()) {
                self.add(a, Entry::City { idx, alt: true });
            }
            // "Al Bayda" is written "Bayda" as often: in Arabic-speaking
            // countries a name's article is also indexed without it.
            if ARABIC_ARTICLE_COUNTRIES.contains(&cc) {
                let bare: Vec<&str> = std::iter::once(main)
                    .chain(alts.split('|'))
                    .filter_map(without_arabic_article)
                    .collect();
                for b in bare {
                    self.add(b, Entry::City { idx, alt: true });
                }
            }
        }
        self.cities = cities;
        Ok(())
    }
}

/// Countries whose place names carry the Arabic article ("Al Bayda",
/// "Ar Ramadi", "El Arish"): the Arab League's members.
const ARABIC_ARTICLE_COUNTRIES: &[&str] = &[
    "DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA",
    "SO", "SD", "SY", "TN", "AE", "YE",
];

/// A name without its Arabic article ("Al Bayda" → "Bayda", "Ar-Raqqah" →
/// "Raqqah"), when what is left is a name of its own: capitalised, at least
/// four letters and one word.
pub(crate) fn without_arabic_article(name: &str) -> Option<&str> {
    const ARTICLES: &[&str] = &[
        "Al", "El", "Ad", "Adh", "Ar", "As", "Ash", "At", "Ath", "Az", "An", "Aẕ", "Aḑ", "Aş",
        "Aţ", "Aḩ",
    ];
    let (art, rest) = name.split_once([' ', '-'])?;
    if !ARTICLES.contains(&art) {
        return None;
    }
    let first = rest.chars().next()?;
    (first.is_uppercase()
        && rest.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && !rest.contains([' ', '-']))
    .then_some(rest)
}

/// Region names too generic to find in text on their own ("Central", "Northern District").
fn region_name_is_specific(name: &str) -> bool {
    const GENERIC: &[&str] = &[
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "region",
        "province",
        "district",
        "capital",
        "state",
        "territory",
        "federal",
        "governorate",
        "the",
        "of",
        "and",
        "city",
        "upper",
        "lower",
        "middle",
        "coast",
        "coastal",
        "islands",
        "island",
        "national",
        "special",
        "autonomous",
        "municipality",
        "metropolitan",
        "area",
        "department",
        "county",
        "greater",
        "mountain",
        "valley",
        "lakes",
        "lake",
        "river",
        "delta",
        "plateau",
        "rivers",
        "highlands",
        "lowlands",
        "interior",
        "north-west",
        "north-east",
        "south-west",
        "south-east",
        "northwest",
        "northeast",
        "southwest",
        "southeast",
        "west-central",
        "north-central",
        "south-central",
        "east-central",
    ];
    if name.chars().count() < 3 {
        return false;
    }
    !name
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .all(|w| GENERIC.contains(&w.to_lowercase().as_str()))
}

/// Shorter forms of administrative names: "Basra Governorate" → "Basra",
/// "Muhafazat Kirkuk" → "Kirkuk".
fn short_region_forms(name: &str) -> Vec<String> {
    const PREFIXES: &[&str] = &[
        "Muhafazat ",
        "Wilayat-e ",
        "Mayorality of ",
        "Provincia de ",
        "Province of ",
    ];
    const SUFFIXES: &[&str] = &[
        " Governorate",
        " Province",
        " Region",
        " State",
        " Oblast",
        " Prefecture",
    ];
    let mut out = Vec::new();
    for p in PREFIXES {
        if let Some(rest) = name.strip_prefix(p) {
            out.push(rest.trim_end_matches('\'').to_string());
        }
    }
    for s in SUFFIXES {
        if let Some(rest) = name.strip_suffix(s) {
            out.push(rest.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_region_names_are_not_indexed() {
        assert!(!region_name_is_specific("Central"));
        assert!(!region_name_is_specific("Northern District"));
        assert!(!region_name_is_specific("North-West"));
        assert!(region_name_is_specific("Île-de-France"));
        assert!(region_name_is_specific("Southern Punjab"));
    }

    #[test]
    fn short_forms_of_admin_names() {
        assert_eq!(
            short_region_forms("Basra Governorate"),
            vec!["Basra".to_string()]
        );
        assert_eq!(
            short_region_forms("Muhafazat Karbala'"),
            vec!["Karbala".to_string()]
        );
        assert!(short_region_forms("Idlib").is_empty());
    }
}
