//! Places the gazetteer does not know, and places it knows wrongly.
//!
//! The gazetteer holds towns of 1,000 people or more; attacks happen in villages,
//! districts and camps below that, and a small village's name often matches a town
//! abroad. Reports say what such a name is ("the village of Al Rawdah", "Elasha town",
//! "in Cappagh, 50 miles west of Belfast", "near Tubba"), and in which country ("Kenya's
//! coastal county of Lamu"). Two decisions here:
//!
//! * [`foreign_strays`]: a small town the gazetteer resolves to a country the document
//!   never otherwise names ("Salama" in Guatemala, in a Kenyan story) is a wrong reading;
//! * [`unknown_places`]: a capitalised name the wording marks as a place, resolved to the
//!   container the sentence names (a region, a nearby city), else to the document's
//!   country, with its [specificity](sitrep_core::Location::specificity).

use crate::places::{PlaceHit, PlaceKind};
use sitrep_core::Span;
use sitrep_nlp::text::{Sentence, Token, TokenKind};
use std::collections::BTreeMap;

/// Words that say the name next to them is a settlement or an area.
const PLACE_NOUNS: &[&str] = &[
    "village",
    "villages",
    "town",
    "towns",
    "city",
    "hamlet",
    "settlement",
    "locality",
    "district",
    "districts",
    "island",
    "area",
    "suburb",
    "neighbourhood",
    "neighborhood",
    "township",
    "county",
    "province",
    "state",
    "region",
    "governorate",
    "commune",
    "municipality",
    "constituency",
];

/// Place nouns of areas above a town: a name they mark is a region, not a city.
const REGION_NOUNS: &[&str] = &["province", "county", "state", "region", "governorate"];

/// Population under which a town in a country the document never names is a stray
/// reading of a local name.
const STRAY_MAX_POP: u64 = 100_000;

/// The country the document is about: the country code its places name most (countries
/// and demonyms count twice: they name the country itself).
pub fn main_country(text: &str, places: &[PlaceHit]) -> Option<String> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for p in places {
        if let Some(cc) = p.country_code.as_deref() {
            let w = match p.kind {
                // "a U.S. drone attack": a country before a noun says whose, not where
                PlaceKind::Country if modifies_a_noun(text, p.span) => 0,
                PlaceKind::Country => 2,
                _ => 1,
            };
            *n.entry(cc).or_default() += w;
        }
    }
    let best = n.iter().max_by_key(|(_, c)| **c)?;
    // a tie names no one country
    (*best.1 > 0 && n.values().filter(|c| *c == best.1).count() == 1).then(|| best.0.to_string())
}

/// True when the words at `span` stand before a lowercase word ("U.S. drone", "US-led"):
/// a modifier.
fn modifies_a_noun(text: &str, span: Span) -> bool {
    let rest = text.get(span.end..).unwrap_or("");
    rest.starts_with('-')
        || rest
            .strip_prefix(' ')
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_lowercase)
}

/// Indices of `places` that are stray readings: small towns in a country that no other
/// place of the document is in, when the document is about another country.
pub fn foreign_strays(text: &str, places: &[PlaceHit]) -> Vec<usize> {
    let Some(main) = main_country(text, places) else {
        return Vec::new();
    };
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for p in places {
        if let Some(cc) = p.country_code.as_deref() {
            *count.entry(cc).or_default() += 1;
        }
    }
    places
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let cc = p.country_code.as_deref().unwrap_or("");
            p.kind == PlaceKind::City
                && cc != main
                && p.population < STRAY_MAX_POP
                && count.get(cc).copied().unwrap_or(0) <= 1
        })
        .map(|(i, _)| i)
        .collect()
}

/// Distance within which a town's gazetteer point may lie from the country the report
/// puts it in and still be that town: a place on a border or in a disputed territory,
/// where the gazetteer and the report agree on where it is and differ on whose.
const STATED_NEAR_KM: f64 = 250.0;

/// "the West Bank settlement of Dolev", "Kenya's coastal city of Mombasa", "the Nigerian
/// village of Kuda": the words before a town's place noun name its country. Where the
/// gazetteer put the town in another country, the report's own words win. The town
/// keeps its coordinates when they lie near that country (the same place, counted
/// elsewhere), else it is a namesake abroad and only the country is known (GTD
/// specificity 5). `toks` are the text's tokens.
pub fn stated_countries(text: &str, toks: &[Token], places: &mut [PlaceHit]) {
    let tok_at = |pos: usize| toks.partition_point(|t| t.span.start < pos);
    let mut changes: Vec<(usize, usize)> = Vec::new();
    for (i, p) in places.iter().enumerate() {
        if p.kind != PlaceKind::City {
            continue;
        }
        let t = tok_at(p.span.start);
        if t < 3
            || lw(text, toks, t - 1) != "of"
            || !PLACE_NOUNS.contains(&lw(text, toks, t - 2).as_str())
        {
            continue;
        }
        // up to two describing words: "coastal", "northern border"
        let mut k = t - 2;
        let mut skipped = 0;
        while skipped < 2 && k > 0 && {
            let tk = &toks[k - 1];
            tk.kind == TokenKind::Word && !capitalised(text, tk) && lw(text, toks, k - 1) != "the"
        } {
            k -= 1;
            skipped += 1;
        }
        if k == 0 {
            continue;
        }
        // the country, or its possessive ("Kenya's")
        let before_end = toks[k - 1].span.end;
        let country = places.iter().position(|q| {
            matches!(q.kind, PlaceKind::Country | PlaceKind::Demonym)
                && q.span.end <= before_end
                && matches!(
                    text.get(q.span.end..before_end),
                    Some("" | "'s" | "’s" | "'" | "’")
                )
        });
        if let Some(c) = country {
            if places[c].country_code.is_some() && places[c].country_code != p.country_code {
                changes.push((i, c));
            }
        }
    }
    for (i, c) in changes {
        let country = places[c].clone();
        let near = country.kind == PlaceKind::Country
            && places[i]
                .distance_km(&country)
                .is_some_and(|d| d <= STATED_NEAR_KM);
        let p = &mut places[i];
        p.country = country.country.clone();
        p.country_code = country.country_code.clone();
        if !near {
            p.region = None;
            p.lat = None;
            p.lon = None;
            p.specificity = Some(5);
        }
    }
}

fn capitalised(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Word && t.text(text).chars().next().is_some_and(char::is_uppercase)
}

/// Joiners inside a place name: "Mocimboa da Praia", "Khwaja Umari", "al-Rawdah".
fn joiner(w: &str) -> bool {
    matches!(
        w,
        "da" | "de" | "del" | "al" | "el" | "-" | "ul" | "e" | "ad" | "as"
    )
}

/// The capitalised name starting at token `i` (up to three words, joiners between):
/// its token range.
fn name_at(text: &str, toks: &[Token], i: usize, end: usize) -> Option<std::ops::Range<usize>> {
    if i >= end || !capitalised(text, &toks[i]) {
        return None;
    }
    let mut j = i + 1;
    let mut words = 1;
    while j < end && words < 3 {
        let w = toks[j].text(text);
        let adjacent = toks[j].span.start == toks[j - 1].span.end;
        if capitalised(text, &toks[j]) {
            words += 1;
            j += 1;
        } else if (joiner(&w.to_lowercase()) || adjacent && w == "-")
            && j + 1 < end
            && capitalised(text, &toks[j + 1])
        {
            j += 2;
            words += 1;
        } else {
            break;
        }
    }
    Some(i..j)
}

/// The kind of place word before or after a name, lowercased.
fn lw(text: &str, toks: &[Token], i: usize) -> String {
    toks.get(i)
        .map(|t| t.text(text).to_lowercase())
        .unwrap_or_default()
}

/// A name the wording marks as a place: its tokens and the token after which its
/// container may follow.
struct Marked {
    name: std::ops::Range<usize>,
    /// Named as a province, county, state or region: no town.
    region: bool,
    /// "district", "village": GTD calls a district no city, but it is the finest place
    /// the report gives, as written.
    after: usize,
}

/// Names the wording marks as places in sentence `s`.
fn marked_names(text: &str, toks: &[Token], s: &Sentence) -> Vec<Marked> {
    let (start, end) = (s.first_token, s.end_token);
    let mut out: Vec<Marked> = Vec::new();
    let mut k = start;
    while k < end {
        let w = lw(text, toks, k);
        // "the village of Al Rawdah", "towns of Oicha and Kisima", "island of Utoeya"
        if PLACE_NOUNS.contains(&w.as_str()) && lw(text, toks, k + 1) == "of" {
            let mut j = k + 2;
            while let Some(r) = name_at(text, toks, j, end) {
                let next = r.end;
                out.push(Marked {
                    name: r,
                    region: REGION_NOUNS.contains(&w.as_str()),
                    after: next,
                });
                // "Oicha and Kisima"
                if lw(text, toks, next) == "and" && w.ends_with('s') {
                    j = next + 1;
                } else {
                    break;
                }
            }
            k += 2;
            continue;
        }
        // "in Ngwom village", "Elasha town", "Khwaja Umari district"
        if let Some(r) = name_at(text, toks, k, end) {
            let after = lw(text, toks, r.end);
            let before = if k > start {
                lw(text, toks, k - 1)
            } else {
                String::new()
            };
            let locative = matches!(before.as_str(), "in" | "at" | "near" | "outside" | "inside");
            if PLACE_NOUNS.contains(&after.as_str()) && !after.ends_with('s') {
                out.push(Marked {
                    name: r.clone(),
                    region: REGION_NOUNS.contains(&after.as_str()),
                    after: r.end + 1,
                });
                k = r.end + 1;
                continue;
            }
            // "near Tubba, around eight km", "in Cappagh, 50 miles west of Belfast",
            // "in Kisima, North Kivu"
            if locative && matches!(after.as_str(), "," | "." | "(") {
                out.push(Marked {
                    name: r.clone(),
                    region: false,
                    after: r.end,
                });
            }
            k = r.end;
            continue;
        }
        k += 1;
    }
    out
}

/// Last words of a building, a street or a landmark: "Linwood Mosque", "Oxford Street",
/// "Copley Square" name what was hit or where, not a town.
fn landmark(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    let last = name.split_whitespace().last().unwrap_or("").to_lowercase();
    first == "The"
        || matches!(
            last.as_str(),
            "street"
                | "square"
                | "road"
                | "avenue"
                | "lane"
                | "bridge"
                | "boulevard"
                | "mosque"
                | "church"
                | "cathedral"
                | "synagogue"
                | "temple"
                | "hotel"
                | "mall"
                | "market"
                | "station"
                | "airport"
                | "base"
                | "camp"
                | "park"
                | "university"
                | "school"
                | "college"
                | "hospital"
                | "stadium"
                | "prison"
                | "palace"
                | "centre"
                | "center"
                | "building"
                | "tower"
                | "hall"
                | "club"
                | "bar"
                | "restaurant"
                | "academy"
                | "barracks"
                | "checkpoint"
                | "port"
                | "harbour"
                | "harbor"
        )
}

/// A word run into the next without a space ("AfghanistanKANDAHAR", "DagestanU"): text
/// joined by a scraper, no name.
fn glued(name: &str) -> bool {
    name.split_whitespace().any(|w| {
        let cs: Vec<char> = w.chars().collect();
        cs.windows(2)
            .any(|p| p[0].is_lowercase() && p[1].is_uppercase())
    })
}

/// Words that are never place names however they are written (sentence openers,
/// titles, months).
fn never_a_place(w: &str) -> bool {
    sitrep_core::date::month_of_name(w).is_some()
        || sitrep_core::date::weekday_of_name(w).is_some()
        || matches!(
            w,
            "the"
                | "a"
                | "an"
                | "he"
                | "she"
                | "they"
                | "it"
                | "police"
                | "army"
                | "state"
                | "government"
                | "president"
                | "minister"
                | "mr"
                | "mrs"
                | "ms"
                | "dr"
                | "north"
                | "south"
                | "east"
                | "west"
                | "northern"
                | "southern"
                | "eastern"
                | "western"
                | "central"
                | "islamic"
                | "christian"
                | "muslim"
                | "catholic"
                | "god"
                | "allah"
                | "arabic"
                | "english"
                | "pashto"
                | "urdu"
                | "dari"
                | "persian"
                | "farsi"
                | "hausa"
                | "somali"
                | "swahili"
                | "christmas"
                | "easter"
                | "ramadan"
                | "eid"
                | "parliament"
                | "congress"
                | "court"
                | "telegram"
                | "twitter"
                | "facebook"
                | "whatsapp"
                | "youtube"
        )
}

/// Places the gazetteer does not know that the wording marks (see the module docs),
/// each resolved to its container or to the document's country. `known` are the
/// gazetteer's places; `blocked` spans (groups, people) are never places.
pub fn unknown_places(
    text: &str,
    toks: &[Token],
    sentences: &[Sentence],
    known: &[PlaceHit],
    blocked: &[Span],
) -> Vec<PlaceHit> {
    let main = main_country(text, known);
    let mut out: Vec<PlaceHit> = Vec::new();
    for s in sentences {
        for m in marked_names(text, toks, s) {
            let span = Span::new(toks[m.name.start].span.start, toks[m.name.end - 1].span.end);
            let name = &text[span.start..span.end];
            if never_a_place(&name.to_lowercase())
                || landmark(name)
                || glued(name)
                || known.iter().any(|p| p.span.overlaps(span))
                || blocked.iter().any(|b| b.overlaps(span))
                || out.iter().any(|p| p.span.overlaps(span))
            {
                continue;
            }
            // the container: the first known place after the name in its sentence, within
            // a few words ("in Kisima, North Kivu", "50 miles west of Belfast", "Suleja, a
            // satellite town of Abuja"), else the nearest one before it in the sentence
            let after_end = toks
                .get((m.after + 8).min(s.end_token.saturating_sub(1)))
                .map_or(span.end, |t| t.span.end);
            let sentence_span = s.span;
            let container = known
                .iter()
                .filter(|p| p.kind != PlaceKind::Demonym)
                .find(|p| p.span.start >= span.end && p.span.end <= after_end)
                .or_else(|| {
                    // before it, a town or a region ("in Borno, near Tubba"); a country
                    // before it is too often a modifier ("a U.S. drone attack in X")
                    known.iter().rev().find(|p| {
                        matches!(p.kind, PlaceKind::City | PlaceKind::Region)
                            && sentence_span.contains(p.span)
                            && p.span.end <= span.start
                    })
                });
            // "County Tyrone", "Province of X": the name itself says it is a region
            let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
            let region_named = m.region || REGION_NOUNS.contains(&first.as_str());
            let (kind, city, region) = if region_named {
                (PlaceKind::Region, None, Some(name.to_string()))
            } else {
                (PlaceKind::City, Some(name.to_string()), None)
            };
            let hit = match container {
                Some(c) => PlaceHit {
                    span,
                    kind,
                    city,
                    region: region.or_else(|| c.region.clone()),
                    country: c.country.clone(),
                    country_code: c.country_code.clone(),
                    lat: c.lat,
                    lon: c.lon,
                    population: 0,
                    specificity: Some(match c.kind {
                        _ if region_named => 4,
                        PlaceKind::City | PlaceKind::Region => 2,
                        _ => 5,
                    }),
                },
                None => {
                    let Some(cc) = main.as_deref() else { continue };
                    let Some(country) = known
                        .iter()
                        .find(|p| p.country_code.as_deref() == Some(cc))
                        .and_then(|p| p.country.clone())
                    else {
                        continue;
                    };
                    PlaceHit {
                        span,
                        kind,
                        city,
                        region,
                        country: Some(country),
                        country_code: Some(cc.to_string()),
                        lat: None,
                        lon: None,
                        population: 0,
                        specificity: Some(5),
                    }
                }
            };
            out.push(hit);
        }
    }
    // A name marked as a region once ("North Kivu province", "County Tyrone") is one
    // wherever it stands.
    let regions: Vec<String> = out
        .iter()
        .filter(|p| p.kind == PlaceKind::Region)
        .filter_map(|p| p.region.clone())
        .collect();
    for p in &mut out {
        let name = p.city.clone().unwrap_or_default();
        if p.kind == PlaceKind::City && regions.contains(&name) {
            p.kind = PlaceKind::Region;
            p.region = p.city.take();
            p.specificity = Some(4);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::text::{sentences, tokenize};

    fn hit(text: &str, name: &str, kind: PlaceKind, cc: &str, pop: u64) -> PlaceHit {
        let start = text.find(name).unwrap();
        PlaceHit {
            span: Span::new(start, start + name.len()),
            kind,
            city: (kind == PlaceKind::City).then(|| name.to_string()),
            region: (kind == PlaceKind::Region).then(|| name.to_string()),
            country: Some(format!("Country {cc}")),
            country_code: Some(cc.to_string()),
            lat: Some(10.0),
            lon: Some(12.0),
            population: pop,
            specificity: None,
        }
    }

    fn unknown(text: &str, known: &[PlaceHit]) -> Vec<(String, Option<String>, String, u8)> {
        let toks = tokenize(text);
        let sents = sentences(text, &toks, false);
        unknown_places(text, &toks, &sents, known, &[])
            .into_iter()
            .map(|p| {
                (
                    p.span.slice(text).unwrap().to_string(),
                    p.region,
                    p.country_code.unwrap(),
                    p.specificity.unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn a_place_near_a_known_one_takes_its_country_and_coordinates() {
        let t = "Fighters shot dead three herders near Tubba, around eight km from Maiduguri.";
        let known = [hit(t, "Maiduguri", PlaceKind::City, "NG", 1_000_000)];
        assert_eq!(
            unknown(t, &known),
            vec![("Tubba".into(), None, "NG".into(), 2)]
        );
    }

    #[test]
    fn the_country_written_before_a_town_is_its_country() {
        let stated = |t: &str, mut places: Vec<PlaceHit>| {
            let toks = tokenize(t);
            stated_countries(t, &toks, &mut places);
            places
        };
        // the gazetteer's town lies in the stated territory: its point is kept
        let t = "The attack, near the West Bank settlement of Dolev, left one dead.";
        let mut bank = hit(t, "West Bank", PlaceKind::Country, "PS", 0);
        (bank.lat, bank.lon) = (Some(31.78), Some(35.23));
        let mut dolev = hit(t, "Dolev", PlaceKind::City, "IL", 1_448);
        (dolev.lat, dolev.lon) = (Some(31.93), Some(35.13));
        let out = stated(t, vec![bank.clone(), dolev.clone()]);
        assert_eq!(out[1].country_code.as_deref(), Some("PS"));
        assert_eq!((out[1].lat, out[1].specificity), (Some(31.93), None));
        // a namesake far abroad: only the stated country is known
        let t = "Gunmen raided Kenya's coastal village of Salama at night.";
        let mut kenya = hit(t, "Kenya", PlaceKind::Country, "KE", 0);
        (kenya.lat, kenya.lon) = (Some(0.5), Some(37.9));
        let mut salama = hit(t, "Salama", PlaceKind::City, "GT", 2_000);
        (salama.lat, salama.lon) = (Some(15.1), Some(-90.3));
        let out = stated(t, vec![kenya, salama]);
        assert_eq!(out[1].country_code.as_deref(), Some("KE"));
        assert_eq!((out[1].lat, out[1].specificity), (None, Some(5)));
        // a country elsewhere in the sentence says nothing of the town
        let t = "Kenya said the village of Salama was raided.";
        let kenya = hit(t, "Kenya", PlaceKind::Country, "KE", 0);
        let salama = hit(t, "Salama", PlaceKind::City, "GT", 2_000);
        let out = stated(t, vec![kenya, salama]);
        assert_eq!(out[1].country_code.as_deref(), Some("GT"));
    }

    #[test]
    fn place_nouns_mark_towns_and_regions() {
        let t = "Gunmen attacked the towns of Oicha and Kisima in North Kivu. Nigeria is far.";
        let known = [
            hit(t, "North Kivu", PlaceKind::Region, "CD", 0),
            hit(t, "Nigeria", PlaceKind::Country, "NG", 0),
        ];
        let u = unknown(t, &known);
        assert_eq!(
            u.iter()
                .map(|x| (x.0.as_str(), x.2.as_str()))
                .collect::<Vec<_>>(),
            vec![("Oicha", "CD"), ("Kisima", "CD")]
        );
        // "the minister's home constituency of Ratmalana": an electoral district's seat
        let t =
            "The bomb went off in the minister's home constituency of Ratmalana, south of Colombo.";
        let known = [hit(t, "Colombo", PlaceKind::City, "LK", 700_000)];
        let u = unknown(t, &known);
        assert_eq!(
            u.iter()
                .map(|x| (x.0.as_str(), x.2.as_str()))
                .collect::<Vec<_>>(),
            vec![("Ratmalana", "LK")]
        );
        // "the eastern Logar province": a region, in the document's country
        let t = "A bomb went off in the eastern Logar province. Afghanistan mourned. Afghanistan.";
        let known = [
            hit(t, "Afghanistan", PlaceKind::Country, "AF", 0),
            PlaceHit {
                span: Span::new(t.rfind("Afghanistan").unwrap(), t.len() - 1),
                ..hit(t, "Afghanistan", PlaceKind::Country, "AF", 0)
            },
        ];
        assert_eq!(
            unknown(t, &known),
            vec![("Logar".into(), Some("Logar".into()), "AF".into(), 5)]
        );
    }

    #[test]
    fn streets_buildings_and_glued_words_are_no_towns() {
        let t = "A bomb exploded near Oxford Street, police said. Shots rang out at Linwood Mosque, and in AfghanistanKANDAHAR, officials said. Britain.";
        let known = [hit(t, "Britain", PlaceKind::Country, "GB", 0)];
        assert!(unknown(t, &known).is_empty(), "{:?}", unknown(t, &known));
    }

    #[test]
    fn a_small_town_abroad_nothing_else_points_to_is_a_stray() {
        let t = "Militants struck Salama in Kenya's Lamu county. Kenya police said Kenya.";
        let known = [
            hit(t, "Salama", PlaceKind::City, "GT", 5_000),
            hit(t, "Kenya", PlaceKind::Country, "KE", 0),
            hit(t, "Lamu", PlaceKind::Region, "KE", 0),
        ];
        assert_eq!(foreign_strays(t, &known), vec![0]);
        // a big city abroad stays
        let known = [
            hit(t, "Salama", PlaceKind::City, "GT", 500_000),
            hit(t, "Kenya", PlaceKind::Country, "KE", 0),
        ];
        assert!(foreign_strays(t, &known).is_empty());
    }
}
