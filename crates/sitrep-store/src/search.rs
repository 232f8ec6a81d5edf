//! Search as coders search: group names by any alias or prefix, countries by
//! ISO code, name or common name, and free text with stemming, prefixes, `OR`
//! and `NOT` translated into a safe FTS5 query.
//!
//! The group aliases are the extractor's own gazetteer (`sitrep_nlp::groups`)
//! and the country names the place gazetteer's (`sitrep_geo`), so the filter
//! knows every name the extractor can write.

use crate::matching::norm;

/// A group name as the filter compares it: lowercased, hyphens as spaces, and
/// without a leading article "al " ("al-Shabaab" → "shabaab").
fn group_form(s: &str) -> String {
    let n = norm(&s.replace(['-', '\u{2010}', '\u{2011}'], " ")).unwrap_or_default();
    n.strip_prefix("al ").map(str::to_string).unwrap_or(n)
}

/// What a group filter value selects among the stored group tags (names as
/// `matching::norm` writes them): exact tag values and, for three letters or
/// more, a prefix.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GroupKeys {
    /// Canonical names (normalised) of gazetteer groups the value names by any alias.
    pub exact: Vec<String>,
    /// The value itself as a prefix of stored names, when at least three letters long.
    pub prefix: Option<String>,
}

/// The groups a filter value stands for: "ISIS", "ISIL", "IS", "Daesh" and
/// "Islamic State" are all the Islamic State; "Shabaab" and "al Shabaab" are
/// al-Shabaab; "islamic" is a prefix of every "Islamic …" group.
pub fn group_keys(value: &str) -> GroupKeys {
    let mut out = GroupKeys::default();
    let Some(n) = norm(value) else {
        return out;
    };
    let form = group_form(value);
    out.exact.push(n.clone());
    for g in sitrep_nlp::groups::GROUPS {
        let hit = std::iter::once(g.name)
            .chain(g.aliases.iter().copied())
            .any(|a| group_form(a) == form);
        if hit {
            if let Some(c) = norm(g.name) {
                if !out.exact.contains(&c) {
                    out.exact.push(c);
                }
            }
        }
    }
    if n.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
        out.prefix = Some(n);
    }
    out
}

/// ISO codes and names a country filter value stands for: the value itself (as
/// a code and as a name, so countries the gazetteer does not know still match)
/// plus the gazetteer's country for it by code, name or common name ("UK",
/// "Britain", "U.S.", "the Netherlands").
pub fn country_keys(value: &str) -> (Vec<String>, Vec<String>) {
    let Some(n) = norm(value) else {
        return (Vec::new(), Vec::new());
    };
    let mut codes = vec![n.to_uppercase()];
    let mut names = vec![n.clone()];
    let gaz = sitrep_geo::Gazetteer::global();
    let found = if n.len() <= 3 && n.chars().all(|c| c.is_ascii_alphabetic()) {
        gaz.country_by_code(&n)
            .or_else(|| gaz.country_by_name_or_alias(value.trim()))
    } else {
        gaz.country_by_name_or_alias(value.trim())
    };
    if let Some(c) = found {
        if !codes.contains(&c.code) {
            codes.push(c.code.clone());
        }
        if let Some(name) = norm(&c.name) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    (codes, names)
}

/// A city as the gazetteer resolves it.
#[derive(Debug, Clone, PartialEq)]
pub struct CityPlace {
    /// The city's name as the gazetteer writes it.
    pub city: String,
    /// Its first-level region, if the gazetteer names one.
    pub region: Option<String>,
    /// Country name.
    pub country: String,
    /// ISO alpha-2 code.
    pub country_code: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// Resolves a city name through the place gazetteer, in the incident's
/// country when it has one ("Marseille" in France). `None` when the gazetteer
/// knows no city of that name there.
pub fn resolve_city(
    city: &str,
    country_code: Option<&str>,
    country: Option<&str>,
) -> Option<CityPlace> {
    let city = city.trim();
    if city.is_empty() {
        return None;
    }
    let gaz = sitrep_geo::Gazetteer::global();
    let code = country_code.map(|c| c.trim().to_uppercase()).or_else(|| {
        country
            .and_then(|c| gaz.country_by_name_or_alias(c))
            .map(|c| c.code.clone())
    });
    let country_name = code
        .as_deref()
        .and_then(|c| gaz.country_by_code(c))
        .map(|c| c.name.clone());
    // The gazetteer finds names as written in news: "kismayo" is looked up as "Kismayo".
    let written: String = if city.chars().any(char::is_uppercase) {
        city.to_string()
    } else {
        city.split(' ')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = match &country_name {
        Some(n) => format!("{written}, {n}"),
        None => written.clone(),
    };
    gaz.places(&text)
        .into_iter()
        .filter(|p| p.kind == sitrep_geo::PlaceKind::City && !p.demonym)
        .filter(|p| code.as_deref().is_none_or(|c| p.country_code == c))
        .find(|p| {
            p.city
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(city) || p.text.eq_ignore_ascii_case(city))
        })
        .map(|p| CityPlace {
            city: p.city.clone().unwrap_or_else(|| city.to_string()),
            region: p.region.clone(),
            country: p.country.clone(),
            country_code: p.country_code.clone(),
            lat: p.lat,
            lon: p.lon,
        })
}

/// True when `code` is a country code the filter and edits accept: a country
/// of the gazetteer, or a user-assigned code `XA`–`XZ` (Kosovo's XK, made-up
/// countries in test data). `ZZ` and other unassigned codes are refused.
pub fn known_country_code(code: &str) -> bool {
    let c = code.trim().to_uppercase();
    if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
        return false;
    }
    c.starts_with('X')
        || sitrep_geo::Gazetteer::global()
            .country_by_code(&c)
            .is_some()
}

/// Why a free-text query cannot be searched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TextQueryError(pub String);

/// Translates a coder's free text into an FTS5 query. Words are required
/// (`car bomb`), `OR` between words offers alternatives (`car OR tram`), a
/// leading `-` or `NOT` leaves a word out (`Lyon -tram`), a trailing `*` is a
/// prefix (`knif*`), `"…"` a phrase; matching stems English words (the index
/// uses the Porter stemmer: `bomb` finds "bombing"). Every word is quoted, so
/// no input reaches FTS5 as syntax; a query that only leaves words out is an
/// error. `Ok(None)` when there is nothing to search.
pub fn fts_query(text: &str) -> Result<Option<String>, TextQueryError> {
    // Tokens: quoted phrases or runs of non-space characters.
    let mut tokens: Vec<(String, bool)> = Vec::new(); // (text, was quoted)
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut phrase = String::new();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                phrase.push(c);
            }
            tokens.push((phrase, true));
        } else if c == '-' {
            // "-" then a quoted phrase: a negated phrase.
            chars.next();
            if chars.peek() == Some(&'"') {
                chars.next();
                let mut phrase = String::from("-");
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    phrase.push(c);
                }
                tokens.push((phrase, true));
            } else {
                let mut w = String::from("-");
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == '"' {
                        break;
                    }
                    w.push(c);
                    chars.next();
                }
                tokens.push((w, false));
            }
        } else {
            let mut w = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                w.push(c);
                chars.next();
            }
            tokens.push((w, false));
        }
    }
    let quote = |w: &str| -> Option<String> {
        let w = w.replace('"', "");
        w.chars()
            .any(char::is_alphanumeric)
            .then(|| format!("\"{}\"", w.trim()))
    };
    let mut groups: Vec<Vec<String>> = vec![Vec::new()];
    let mut negatives: Vec<String> = Vec::new();
    let mut negate_next = false;
    for (tok, quoted) in tokens {
        if !quoted && tok == "OR" {
            if groups.last().is_some_and(|g| !g.is_empty()) {
                groups.push(Vec::new());
            }
            continue;
        }
        if !quoted && tok == "AND" {
            continue;
        }
        if !quoted && tok == "NOT" {
            negate_next = true;
            continue;
        }
        let (neg, body) = match tok.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, tok),
        };
        let neg = neg || std::mem::take(&mut negate_next);
        let (body, prefix) = match body.strip_suffix('*') {
            Some(b) if !quoted => (b.trim_end_matches('*').to_string(), true),
            _ => (body, false),
        };
        let Some(mut term) = quote(&body) else {
            continue;
        };
        if prefix {
            term.push('*');
        }
        if neg {
            negatives.push(term);
        } else if let Some(g) = groups.last_mut() {
            g.push(term);
        }
    }
    groups.retain(|g| !g.is_empty());
    if groups.is_empty() {
        if negatives.is_empty() {
            return Ok(None);
        }
        return Err(TextQueryError(
            "free text q needs at least one word to find, not only words to leave out (e.g. `Lyon -tram`)".into(),
        ));
    }
    let positive = groups
        .iter()
        .map(|g| g.join(" AND "))
        .collect::<Vec<_>>()
        .join(" OR ");
    let mut q = format!("({positive})");
    for n in negatives {
        q.push_str(" NOT ");
        q.push_str(&n);
    }
    Ok(Some(q))
}

/// The PostgreSQL form of a query [`fts_query`] wrote: a `to_tsquery('english', …)`
/// input with the same meaning (`AND` is `&`, `OR` is `|`, `NOT` is `& !`, a
/// phrase is its words joined by `<->`, a trailing `*` is a `:*` prefix). Only
/// letters and digits of each word reach the query, so no input is syntax.
pub fn pg_tsquery(fts: &str) -> String {
    let mut out = String::new();
    let mut chars = fts.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut phrase = String::new();
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    phrase.push(c);
                }
                let words: Vec<String> = phrase
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                let prefix = chars.peek() == Some(&'*');
                if prefix {
                    chars.next();
                }
                if words.is_empty() {
                    continue;
                }
                out.push('(');
                out.push_str(&words.join(" <-> "));
                if prefix {
                    out.push_str(":*");
                }
                out.push(')');
            }
            '(' | ')' => out.push(c),
            c if c.is_whitespace() => {}
            _ => {
                let mut w = String::from(c);
                while let Some(&d) = chars.peek() {
                    if d.is_whitespace() || d == '"' || d == '(' || d == ')' {
                        break;
                    }
                    w.push(d);
                    chars.next();
                }
                match w.as_str() {
                    "AND" => out.push_str(" & "),
                    "OR" => out.push_str(" | "),
                    "NOT" => out.push_str(" & !"),
                    _ => {}
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts5_queries_become_tsqueries() {
        let q = |t: &str| pg_tsquery(&fts_query(t).unwrap().unwrap());
        assert_eq!(
            q("car OR tram -Lyon knif*"),
            "((car) | (tram) & (knif:*)) & !(lyon)"
        );
        assert_eq!(q("\"car bomb\" Kabul"), "((car <-> bomb) & (kabul))");
        assert_eq!(q("don't"), "((don <-> t))");
    }

    #[test]
    fn every_alias_of_a_group_finds_its_canonical_name() {
        for alias in [
            "ISIS",
            "isil",
            "IS",
            "Daesh",
            "Islamic State",
            "islamic state",
        ] {
            let k = group_keys(alias);
            assert!(
                k.exact.contains(&"islamic state".to_string()),
                "{alias}: {k:?}"
            );
        }
        for alias in ["Shabaab", "al Shabaab", "al-Shabab", "AL-SHABAAB"] {
            let k = group_keys(alias);
            assert!(
                k.exact.contains(&"al-shabaab".to_string()),
                "{alias}: {k:?}"
            );
        }
        assert_eq!(group_keys("islamic").prefix.as_deref(), Some("islamic"));
        assert_eq!(group_keys("IS").prefix, None);
        assert_eq!(group_keys("  "), GroupKeys::default());
    }

    #[test]
    fn countries_by_code_name_and_common_name() {
        for v in ["UK", "Britain", "United Kingdom", "gb", "GBR"] {
            let (codes, _) = country_keys(v);
            assert!(codes.contains(&"GB".to_string()), "{v}: {codes:?}");
        }
        let (codes, _) = country_keys("U.S.");
        assert!(codes.contains(&"US".to_string()), "{codes:?}");
        // A country the gazetteer does not know still matches as written.
        let (codes, names) = country_keys("Freeland");
        assert_eq!(
            (codes, names),
            (vec!["FREELAND".to_string()], vec!["freeland".to_string()])
        );
    }

    #[test]
    fn cities_resolve_in_their_country() {
        let p = resolve_city("Marseille", Some("FR"), None).unwrap();
        assert_eq!(
            (p.city.as_str(), p.country_code.as_str()),
            ("Marseille", "FR")
        );
        assert!(
            (p.lat - 43.3).abs() < 0.2 && (p.lon - 5.4).abs() < 0.2,
            "{p:?}"
        );
        assert!(p.region.is_some());
        assert!(resolve_city("Marseille", Some("SO"), None).is_none());
        assert!(resolve_city("Nowhereville", Some("FR"), None).is_none());
        assert_eq!(
            resolve_city("kismayo", None, Some("Somalia"))
                .unwrap()
                .country_code,
            "SO"
        );
    }

    #[test]
    fn country_codes_are_checked_against_the_gazetteer() {
        assert!(known_country_code("FR") && known_country_code("gb") && known_country_code("XF"));
        assert!(
            !known_country_code("ZZ") && !known_country_code("QQ") && !known_country_code("FRA")
        );
    }

    #[test]
    fn free_text_becomes_a_quoted_fts5_query() {
        let q = |s: &str| fts_query(s).unwrap();
        assert_eq!(q("bomb"), Some("(\"bomb\")".into()));
        assert_eq!(q("market bomb"), Some("(\"market\" AND \"bomb\")".into()));
        assert_eq!(q("car OR tram"), Some("(\"car\" OR \"tram\")".into()));
        assert_eq!(q("Lyon -tram"), Some("(\"Lyon\") NOT \"tram\"".into()));
        assert_eq!(q("Lyon NOT tram"), Some("(\"Lyon\") NOT \"tram\"".into()));
        assert_eq!(q("knif*"), Some("(\"knif\"*)".into()));
        assert_eq!(
            q("\"car bomb\" -\"tram stop\""),
            Some("(\"car bomb\") NOT \"tram stop\"".into())
        );
        // Syntax in the input stays text.
        assert_eq!(
            q("a\" OR \"b NEAR("),
            Some("(\"a\" AND \"OR\" AND \"b\" AND \"NEAR(\")".into())
        );
        assert_eq!(q("OR OR x OR"), Some("(\"x\")".into()));
        assert_eq!(q("* - \"\" ( )"), None);
        assert_eq!(q(""), None);
        assert!(fts_query("-tram").is_err());
        assert!(fts_query("NOT tram").is_err());
    }
}
