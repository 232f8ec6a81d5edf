//! Picking one referent per place mention.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use sitrep_core::{Evidence, Location, Span};

use crate::data::{Data, Entry};
use crate::facts::{FACILITY_WORDS, REGION_WORDS, THOROUGHFARE_WORDS, US_STATE_ABBREVIATIONS};
use crate::find::{Candidate, PlaceKind, PlaceMention};

/// Cities smaller than this, foreign to every country the document is about, are dropped.
const SMALL_FOREIGN_TOWN: u64 = 20_000;

/// Share of a document's named countries (or other places) that makes a country
/// part of what the document is about.
const CONTEXT_SHARE: f64 = 0.2;

/// Other places count as context only from this population up.
const CONTEXT_MIN_POP: u64 = 20_000;

/// A mention resolved to one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolvedPlace {
    /// Byte range of the mention in the text.
    pub span: Span,
    /// The exact words of the mention.
    pub text: String,
    /// City, region or country.
    pub kind: PlaceKind,
    /// True when the mention is a demonym ("French", "British-born"): the country of
    /// people, not a place where something happened.
    pub demonym: bool,
    /// The city's name (for `kind == City`).
    pub city: Option<String>,
    /// First-level region: the city's, or the region itself.
    pub region: Option<String>,
    /// English country name.
    pub country: String,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: String,
    /// Latitude: the city's; a region's population-weighted centroid; a country's capital.
    pub lat: f64,
    /// Longitude (same sources as `lat`).
    pub lon: f64,
    /// Population of the place (GeoNames; a region's is the sum of its cities).
    pub population: u64,
    /// How far the chosen reading's score leads the runner-up's (99 when there was
    /// no other reading). Useful for ranking; not a probability.
    pub margin: f64,
}

/// Coordinates of a city or region.
fn coords(data: &Data, e: Entry) -> Option<(f64, f64)> {
    match e {
        Entry::City { idx, .. } => data
            .cities
            .get(idx as usize)
            .map(|c| (f64::from(c.lat), f64::from(c.lon))),
        Entry::Region { idx, .. } => data
            .regions
            .get(idx as usize)
            .map(|r| (f64::from(r.lat), f64::from(r.lon))),
        _ => None,
    }
}

/// Great-circle distance in km.
fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// Is city `idx` its country's capital?
fn is_capital(data: &Data, idx: u32) -> bool {
    data.cities.get(idx as usize).is_some_and(|c| {
        data.countries
            .get(c.country as usize)
            .and_then(|k| k.capital.as_deref())
            .is_some_and(|cap| cap == &*c.name)
    })
}

/// "the city of X", "town of X": the mention is a settlement.
fn city_word_before(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("").trim_end();
    [
        "city of",
        "town of",
        "village of",
        "city",
        "town",
        "village",
        "capital",
        "capital of",
    ]
    .iter()
    .any(|w| {
        before.len() >= w.len()
            && before.is_char_boundary(before.len() - w.len())
            && before[before.len() - w.len()..].eq_ignore_ascii_case(w)
    })
}

/// True when a region word and "of" come right before byte `start` ("the northern state
/// of Kaduna", "the province of Kandahar"): the name is the region's.
fn region_word_before(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("").trim_end();
    [
        "state of",
        "province of",
        "region of",
        "governorate of",
        "district of",
        "county of",
        "prefecture of",
        "department of",
    ]
    .iter()
    .any(|w| {
        before.len() >= w.len()
            && before.is_char_boundary(before.len() - w.len())
            && before[before.len() - w.len()..].eq_ignore_ascii_case(w)
    })
}

impl ResolvedPlace {
    /// This place as the record's [`Location`], with the mention as its evidence.
    /// A demonym is a country of people, not a location: callers should not
    /// use this for those.
    pub fn location(&self) -> Location {
        let (city, region) = match self.kind {
            PlaceKind::City => (self.city.clone(), self.region.clone()),
            PlaceKind::Region => (None, self.region.clone()),
            PlaceKind::Country => (None, None),
        };
        Location {
            city,
            region,
            country: Some(self.country.clone()),
            country_code: Some(self.country_code.clone()),
            lat: Some(self.lat),
            lon: Some(self.lon),
            specificity: Some(match self.kind {
                PlaceKind::City => 1,
                PlaceKind::Region => 4,
                PlaceKind::Country => 5,
            }),
            evidence: vec![Evidence {
                start: self.span.start,
                end: self.span.end,
                text: self.text.clone(),
            }],
        }
    }
}

/// Sentence start offsets, for "same sentence" context.
fn sentence_starts(text: &str) -> Vec<usize> {
    let mut out = vec![0];
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let newline = c == b'\n';
        let terminator = matches!(c, b'.' | b'!' | b'?')
            && b.get(i + 1)
                .is_some_and(|n| n.is_ascii_whitespace() && *n != b'\n');
        if newline || terminator {
            out.push(i + 1);
        }
    }
    out.dedup();
    out
}

fn sentence_of(starts: &[usize], pos: usize) -> usize {
    starts.partition_point(|&s| s <= pos).saturating_sub(1)
}

fn country_of(data: &Data, e: Entry) -> Option<u16> {
    match e {
        Entry::City { idx, .. } => data.cities.get(idx as usize).map(|c| c.country),
        Entry::Region { idx, .. } => data.regions.get(idx as usize).map(|r| r.country),
        Entry::Country { idx } | Entry::Demonym { idx } => Some(idx),
    }
}

fn region_of(data: &Data, e: Entry) -> Option<u32> {
    match e {
        Entry::City { idx, .. } => data.cities.get(idx as usize).map(|c| c.region),
        Entry::Region { idx, .. } => Some(idx),
        _ => None,
    }
}

/// What directly follows a mention: ", X" / " in X" links to a containing place.
#[derive(Default, Clone)]
struct Link {
    countries: HashSet<u16>,
    regions: HashSet<u32>,
    /// Regions of the readings of the place just before ("X, <this>").
    container_regions: HashSet<u32>,
    /// The mention follows "<place>, ": a container, so more likely a region.
    after_place: bool,
}

/// What the mentions of one name give as context: counts by country and by region.
type NameEvidence = (HashMap<u16, f64>, HashMap<u32, f64>);

pub(crate) fn resolve(data: &Data, text: &str, mentions: &[PlaceMention]) -> Vec<ResolvedPlace> {
    let starts = sentence_starts(text);
    let sent: Vec<usize> = mentions
        .iter()
        .map(|m| sentence_of(&starts, m.span.start))
        .collect();

    // Explicit context: countries named (or implied by a region) per sentence and per document.
    let mut sent_ctx: HashMap<usize, HashSet<u16>> = HashMap::new();
    let mut doc_ctx: HashMap<u16, f64> = HashMap::new();
    for (k, m) in mentions.iter().enumerate() {
        let explicit: Vec<u16> = m
            .candidates
            .iter()
            .filter(|c| matches!(c.entry, Entry::Country { .. }))
            .filter_map(|c| country_of(data, c.entry))
            .collect();
        let demonyms: Vec<u16> = m
            .candidates
            .iter()
            .filter(|c| matches!(c.entry, Entry::Demonym { .. }))
            .filter_map(|c| country_of(data, c.entry))
            .collect();
        let only_regions = !m.candidates.is_empty()
            && m.candidates
                .iter()
                .all(|c| matches!(c.entry, Entry::Region { .. }));
        let region_countries: HashSet<u16> = if only_regions {
            m.candidates
                .iter()
                .filter_map(|c| country_of(data, c.entry))
                .collect()
        } else {
            HashSet::new()
        };
        let unambiguous_region = region_countries.len() == 1;
        for c in explicit
            .iter()
            .chain(region_countries.iter().filter(|_| unambiguous_region))
        {
            sent_ctx.entry(sent[k]).or_default().insert(*c);
            *doc_ctx.entry(*c).or_default() += 1.0;
        }
        for c in demonyms {
            *doc_ctx.entry(c).or_default() += 0.5;
        }
    }

    let doc_max = doc_ctx.values().copied().fold(1.0_f64, f64::max);

    // Links: "Orlando, Florida", "Hadera in Israel", "Orlando, Fla.".
    let mut links: Vec<Link> = vec![Link::default(); mentions.len()];
    for k in 0..mentions.len() {
        let end = mentions[k].span.end;
        let rest = text.get(end..).unwrap_or("");
        let link = &mut links[k];
        if let Some(next) = mentions.get(k + 1) {
            let gap = text.get(end..next.span.start).unwrap_or("");
            if !next.demonym && matches!(gap, ", " | " in " | ", in " | " (" | ", near ") {
                for c in &next.candidates {
                    match c.entry {
                        Entry::Country { idx } => {
                            link.countries.insert(idx);
                        }
                        Entry::Region { idx, .. } => {
                            link.regions.insert(idx);
                        }
                        _ => {}
                    }
                }
            }
        }
        // "Chinameca, La Paz": the container after the comma is the region (or
        // country) of some reading of the place before it.
        if let Some(prev) = k.checked_sub(1).and_then(|p| mentions.get(p)) {
            let gap = text
                .get(prev.span.end..mentions[k].span.start)
                .unwrap_or("");
            if !prev.demonym && matches!(gap, ", " | " in " | ", in ") {
                link.after_place = gap.starts_with(',');
                for c in &prev.candidates {
                    if let Entry::City { .. } = c.entry {
                        if let Some(r) = region_of(data, c.entry) {
                            link.container_regions.insert(r);
                        }
                    }
                }
            }
        }
        if let Some(after) = rest.strip_prefix(", ") {
            let word: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '.')
                .collect();
            let word = word.trim_end_matches('.');
            if let Some((_, state)) = US_STATE_ABBREVIATIONS.iter().find(|(a, _)| *a == word) {
                if let Some(es) = data.index.get(*state) {
                    for e in es.iter() {
                        if let Entry::Region { idx, .. } = *e {
                            if data.regions.get(idx as usize).is_some_and(|r| {
                                data.countries
                                    .get(r.country as usize)
                                    .is_some_and(|c| c.code == "US")
                            }) {
                                link.regions.insert(idx);
                            }
                        }
                    }
                }
            }
        }
    }

    let next_word = |m: &PlaceMention| -> &str {
        let rest = text.get(m.span.end..).unwrap_or("");
        let rest = rest.strip_prefix(' ').unwrap_or("");
        let n = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        &rest[..n]
    };

    let score = |k: usize,
                 c: &Candidate,
                 others: &HashMap<u16, f64>,
                 anchors: &[(f64, f64)],
                 other_regions: &HashMap<u32, f64>|
     -> f64 {
        let m = &mentions[k];
        // Hand-added regions have no population: score them as a mid-sized region.
        let pop = if c.population == 0 && c.kind == PlaceKind::Region {
            300_000
        } else {
            c.population
        };
        let mut s = 1.5 * (pop.max(1) as f64).log10();
        let cc = country_of(data, c.entry);
        match c.entry {
            Entry::Country { .. } => s += 3.0,
            Entry::Demonym { .. } => {}
            Entry::City { alt, idx } => {
                if is_capital(data, idx) {
                    s += 1.0;
                }
                if alt {
                    s -= 1.5;
                }
                if REGION_WORDS.contains(&next_word(m)) || region_word_before(text, m.span.start) {
                    s -= 3.0;
                }
                if city_word_before(text, m.span.start) {
                    s += 3.0;
                }
            }
            Entry::Region { alt, idx } => {
                s -= 1.0;
                // "New York", "Kabul": a city inside the region of the same
                // name is the more specific reading.
                if m.candidates.iter().any(|o| {
                    matches!(o.entry, Entry::City { .. }) && region_of(data, o.entry) == Some(idx)
                }) {
                    s -= 2.5;
                }
                if alt {
                    s -= 0.5;
                }
                if REGION_WORDS.contains(&next_word(m)) || region_word_before(text, m.span.start) {
                    s += 5.0;
                }
            }
        }
        if let Some(cc) = cc {
            if sent_ctx.get(&sent[k]).is_some_and(|set| set.contains(&cc)) {
                s += 2.5;
            }
            // Shares, so that a document about London that mentions the US once is
            // still a document about Britain.
            if let Some(w) = doc_ctx.get(&cc) {
                s += 1.5 * w / doc_max;
            }
            if let Some(w) = others.get(&cc) {
                // One other place is weaker evidence than several.
                let total: f64 = others.values().sum();
                s += 2.5 * w / total.max(1.0) * (total / 3.0).min(1.0);
            }
            // Near the document's other places (GeoNames coordinates).
            if !matches!(c.entry, Entry::Country { .. } | Entry::Demonym { .. }) {
                if let Some((lat, lon)) = coords(data, c.entry) {
                    let d = anchors
                        .iter()
                        .map(|&(a, b)| km(lat, lon, a, b))
                        .fold(f64::INFINITY, f64::min);
                    if d < 150.0 {
                        s += 1.5;
                    } else if d < 500.0 {
                        s += 0.75;
                    }
                }
            }
            // In the region most of the document's other places are in: "Chelsea" in a
            // story about New York is the one in New York State.
            if let Some(r) = region_of(data, c.entry) {
                // (at least two of them: one other place is too weak a hint)
                if let Some(w) = other_regions.get(&r).filter(|w| **w >= 2.0) {
                    let total: f64 = other_regions.values().sum();
                    s += 3.0 * w / total.max(1.0) * (total / 3.0).min(1.0);
                }
            }
            let link = &links[k];
            if link.countries.contains(&cc) {
                s += 10.0;
            }
            if let Some(r) = region_of(data, c.entry) {
                if link.regions.contains(&r) && !matches!(c.entry, Entry::Region { .. }) {
                    s += 12.0;
                }
                if matches!(c.entry, Entry::Region { .. }) {
                    if link.container_regions.contains(&r) {
                        s += 10.0;
                    } else if link.after_place {
                        s += 2.0;
                    }
                }
            }
        }
        s
    };

    let pick = |k: usize,
                others: &HashMap<u16, f64>,
                anchors: &[(f64, f64)],
                other_regions: &HashMap<u32, f64>|
     -> Option<(usize, f64)> {
        let m = &mentions[k];
        let mut scored: Vec<(usize, f64)> = m
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (i, score(k, c, others, anchors, other_regions)))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        let best = scored.first()?;
        let margin = scored.get(1).map_or(f64::INFINITY, |r| best.1 - r.1);
        Some((best.0, margin))
    };

    // Pass 1 without, pass 2 with the other mentions' picks as context.
    let empty = HashMap::new();
    let no_regions = HashMap::new();
    let first: Vec<Option<(usize, f64)>> = (0..mentions.len())
        .map(|k| pick(k, &empty, &[], &no_regions))
        .collect();
    // The evidence each mention gives the others, summed once: a mention's context is
    // the total less what mentions of its own name give ("another spelling of the same
    // name is no independent evidence"), so resolving stays linear in the mentions.
    // Countries named outright are in `doc_ctx` already; small places are too often
    // wrong to be evidence.
    let mut total_c: HashMap<u16, f64> = HashMap::new();
    let mut total_r: HashMap<u32, f64> = HashMap::new();
    let mut by_name: HashMap<&str, NameEvidence> = HashMap::new();
    let mut anchor_set: Vec<((f64, f64), &str)> = Vec::new();
    let mut seen_anchor: HashSet<(u64, u64, &str)> = HashSet::new();
    for (o, p) in first.iter().enumerate() {
        if mentions[o].demonym {
            continue;
        }
        let Some((i, _)) = p else { continue };
        let pick = mentions[o].candidates.get(*i);
        if pick.is_some_and(|c| c.kind == PlaceKind::Country || c.population < CONTEXT_MIN_POP) {
            continue;
        }
        let Some(cc) = pick.and_then(|c| country_of(data, c.entry)) else {
            continue;
        };
        let name = mentions[o].text.as_str();
        let own = by_name.entry(name).or_default();
        *total_c.entry(cc).or_default() += 1.0;
        *own.0.entry(cc).or_default() += 1.0;
        if let Some(r) = pick.and_then(|c| region_of(data, c.entry)) {
            *total_r.entry(r).or_default() += 1.0;
            *own.1.entry(r).or_default() += 1.0;
        }
        if let Some(xy) = pick.and_then(|c| coords(data, c.entry)) {
            if seen_anchor.insert((xy.0.to_bits(), xy.1.to_bits(), name)) {
                anchor_set.push((xy, name));
            }
        }
    }
    fn less<K: std::hash::Hash + Eq + Copy>(
        total: &HashMap<K, f64>,
        own: Option<&HashMap<K, f64>>,
    ) -> HashMap<K, f64> {
        total
            .iter()
            .map(|(k, v)| (*k, v - own.and_then(|o| o.get(k)).copied().unwrap_or(0.0)))
            .filter(|(_, v)| *v > 0.0)
            .collect()
    }
    let mut out = Vec::new();
    for k in 0..mentions.len() {
        let name = mentions[k].text.as_str();
        let own = by_name.get(name);
        let others = less(&total_c, own.map(|o| &o.0));
        let other_regions = less(&total_r, own.map(|o| &o.1));
        let anchors: Vec<(f64, f64)> = anchor_set
            .iter()
            .filter(|(_, n)| *n != name)
            .map(|(xy, _)| *xy)
            .collect();
        let Some((i, margin)) = pick(k, &others, &anchors, &other_regions) else {
            continue;
        };
        let m = &mentions[k];
        let Some(c) = m.candidates.get(i) else {
            continue;
        };
        let cc = country_of(data, c.entry);
        // The countries the document is about: a fair share of its named countries
        // or of its other places.
        let others_total: f64 = others.values().sum();
        let context: HashSet<u16> = doc_ctx
            .iter()
            .filter(|(_, w)| **w >= 1.0 && **w / doc_max >= CONTEXT_SHARE)
            .map(|(c, _)| *c)
            .chain(
                others
                    .iter()
                    .filter(|(_, w)| **w / others_total.max(1.0) >= CONTEXT_SHARE)
                    .map(|(c, _)| *c),
            )
            .collect();
        let in_context = cc.is_some_and(|cc| context.contains(&cc));
        let linked = cc.is_some_and(|cc| links[k].countries.contains(&cc))
            || region_of(data, c.entry).is_some_and(|r| links[k].regions.contains(&r));
        if let Entry::City { .. } = c.entry {
            // "Oxford Street" in a London story: a street is named after the town it
            // leads to, and is not in it.
            if THOROUGHFARE_WORDS.contains(&next_word(m)) {
                continue;
            }
            // "Caterham, Surrey, England": the county is not Surrey in Canada.
            let contained_elsewhere = (!links[k].countries.is_empty()
                || !links[k].container_regions.is_empty())
                && !linked
                && !region_of(data, c.entry)
                    .is_some_and(|r| links[k].container_regions.contains(&r));
            if contained_elsewhere {
                continue;
            }
            if !context.is_empty() && !in_context && !linked {
                // "Westminster Bridge" in a London story is not Westminster, Colorado.
                let landmark = FACILITY_WORDS.contains(&next_word(m)) && next_word(m) != "City";
                if landmark || c.population < SMALL_FOREIGN_TOWN {
                    continue;
                }
            }
        }
        if let Some(r) = to_resolved(data, m, c, margin) {
            out.push(capital_of(data, text, r));
        }
    }
    out
}

/// Words after "capital" that make it money or law, not a city ("capital punishment").
const NOT_A_CITY_AFTER_CAPITAL: &[&str] = &[
    "punishment",
    "market",
    "markets",
    "gains",
    "flight",
    "flows",
    "investment",
    "expenditure",
    "spending",
    "controls",
    "offence",
    "offense",
    "crime",
    "murder",
];

/// A country named as the place of its capital ("Mali's capital", "the Mali capital",
/// "the Malian capital", "the capital of Mali") is the capital city: the mention grows to
/// cover those words, which are its evidence. Any other mention is returned as it is.
fn capital_of(data: &Data, text: &str, r: ResolvedPlace) -> ResolvedPlace {
    if r.kind != PlaceKind::Country {
        return r;
    }
    let after = &text[r.span.end..];
    let tail = after
        .strip_prefix("'s capital")
        .or_else(|| after.strip_prefix("\u{2019}s capital"))
        .or_else(|| after.strip_prefix(" capital"));
    let head = &text[..r.span.start];
    let before = head
        .strip_suffix("capital of the ")
        .or_else(|| head.strip_suffix("capital of "));
    let (start, end) = match (tail, before) {
        (Some(t), _) => {
            let next: String = t
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            // "capital" must end there: not "capitalism", not "capital punishment"
            if t.chars().next().is_some_and(char::is_alphanumeric)
                || NOT_A_CITY_AFTER_CAPITAL.contains(&next.as_str())
            {
                return r;
            }
            (r.span.start, text.len() - t.len())
        }
        // the demonym reads only before "capital": "the capital of the French" is no city
        (None, Some(b)) if !r.demonym => (b.len(), r.span.end),
        _ => return r,
    };
    let Some(&cidx) = data.country_by_code.get(&r.country_code) else {
        return r;
    };
    let Some(cap) = data
        .countries
        .get(cidx as usize)
        .and_then(|c| c.capital.clone())
    else {
        return r;
    };
    let city = data.index.get(cap.as_str()).and_then(|es| {
        es.iter()
            .filter_map(|e| match *e {
                Entry::City { idx, .. } => data.cities.get(idx as usize),
                _ => None,
            })
            .filter(|c| c.country == cidx)
            .max_by_key(|c| c.pop)
    });
    let Some(city) = city else {
        return r;
    };
    let span = Span::new(start, end);
    ResolvedPlace {
        span,
        text: text[start..end].to_string(),
        kind: PlaceKind::City,
        demonym: false,
        city: Some(city.name.to_string()),
        region: data
            .regions
            .get(city.region as usize)
            .map(|x| x.name.to_string()),
        lat: round5(f64::from(city.lat)),
        lon: round5(f64::from(city.lon)),
        population: u64::from(city.pop),
        ..r
    }
}

fn to_resolved(data: &Data, m: &PlaceMention, c: &Candidate, margin: f64) -> Option<ResolvedPlace> {
    let (kind, city, region, country_idx, lat, lon, pop) = match c.entry {
        Entry::City { idx, .. } => {
            let x = data.cities.get(idx as usize)?;
            let region = data
                .regions
                .get(x.region as usize)
                .map(|r| r.name.to_string());
            (
                PlaceKind::City,
                Some(x.name.to_string()),
                region,
                x.country,
                f64::from(x.lat),
                f64::from(x.lon),
                u64::from(x.pop),
            )
        }
        Entry::Region { idx, .. } => {
            let r = data.regions.get(idx as usize)?;
            (
                PlaceKind::Region,
                None,
                Some(r.name.to_string()),
                r.country,
                f64::from(r.lat),
                f64::from(r.lon),
                r.pop,
            )
        }
        Entry::Country { idx } | Entry::Demonym { idx } => {
            let x = data.countries.get(idx as usize)?;
            (
                PlaceKind::Country,
                None,
                None,
                idx,
                x.lat,
                x.lon,
                x.population,
            )
        }
    };
    let country = data.countries.get(country_idx as usize)?;
    Some(ResolvedPlace {
        span: m.span,
        text: m.text.clone(),
        kind,
        demonym: matches!(c.entry, Entry::Demonym { .. }),
        city,
        region,
        country: country.name.clone(),
        country_code: country.code.clone(),
        lat: round5(lat),
        lon: round5(lon),
        population: pop,
        margin: if margin.is_finite() {
            (margin * 100.0).round() / 100.0
        } else {
            99.0
        },
    })
}

/// f32 storage → f64 output without noise digits (five decimals ≈ 1 m).
fn round5(x: f64) -> f64 {
    (x * 100_000.0).round() / 100_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        // Paris–London is about 344 km.
        let d = km(48.8566, 2.3522, 51.5074, -0.1278);
        assert!((d - 344.0).abs() < 5.0, "{d}");
        assert!(km(10.0, 10.0, 10.0, 10.0) < 1e-9);
    }

    #[test]
    fn sentences_split_on_terminators_and_newlines() {
        let text = "One two. Three four!\nFive";
        let s = sentence_starts(text);
        assert_eq!(sentence_of(&s, 0), 0);
        assert_eq!(sentence_of(&s, text.find("Three").unwrap_or(0)), 1);
        assert_eq!(sentence_of(&s, text.find("Five").unwrap_or(0)), 2);
    }
}
