//! Person names: capitalised word sequences that are not places, groups,
//! institutions or titles, grouped into entities by surname.
//!
//! This is a rule-based recogniser for mixed-case news. It keeps the title in
//! front of a name ("Interior Minister", "President") because the extractor
//! uses it to tell officials from attackers.

use crate::text::{Sentence, Token, TokenKind};
use sitrep_core::Span;
use std::collections::HashSet;
use std::sync::OnceLock;

/// One mention of a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    /// The name words (title excluded).
    pub span: Span,
    /// The title or role words right before the name, if any ("Prime Minister").
    pub title: Option<Span>,
    /// Index of the entity this mention belongs to.
    pub entity: usize,
    /// Index of the sentence it is in.
    pub sentence: usize,
}

/// A person: all mentions of one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonEntity {
    /// The fullest form of the name in the text.
    pub name: String,
    /// Indices into the mention list.
    pub mentions: Vec<usize>,
}

/// Words that introduce a name as a title or role.
pub const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lord",
    "president",
    "prime",
    "minister",
    "secretary",
    "interior",
    "home",
    "foreign",
    "defense",
    "defence",
    "justice",
    "chancellor",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "general",
    "gen",
    "colonel",
    "col",
    "captain",
    "capt",
    "sergeant",
    "sgt",
    "lieutenant",
    "lt",
    "commander",
    "chief",
    "inspector",
    "constable",
    "medical",
    "examiner",
    "coroner",
    "officer",
    "deputy",
    "special",
    "envoy",
    "ambassador",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "judge",
    "prosecutor",
    "attorney",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "commissioner",
    "superintendent",
    "detective",
    "pc",
    "uk",
    "us",
    "u.s",
    "british",
    "french",
    "german",
    "russian",
    "israeli",
    "american",
    "afghan",
    "iraqi",
    "syrian",
    "turkish",
    "iranian",
    "ukrainian",
    "pakistani",
    "indian",
    "nigerian",
    "egyptian",
    "vice",
    "former",
    "late",
    "imam",
    "sheikh",
    "cleric",
    "preacher",
    "reverend",
    "rev",
    "father",
    "bishop",
    "rabbi",
    "emir",
    "caliph",
    "head",
    "manager",
    "expert",
    "analyst",
    "journalist",
    "reporter",
    "editor",
    "professor",
    "prof",
];

/// Capitalised words that are never part of a person's name.
const NOT_NAME: &[&str] = &[
    "command",
    "authority",
    "directorate",
    "officer",
    "police",
    "service",
    "services",
    "agency",
    "institute",
    "research",
    "media",
    "news",
    "radio",
    "channel",
    "bridge",
    "street",
    "road",
    "park",
    "hotel",
    "square",
    "hall",
    "parliament",
    "house",
    "commons",
    "ministry",
    "department",
    "office",
    "council",
    "court",
    "university",
    "school",
    "church",
    "mosque",
    "coalition",
    "bureau",
    "force",
    "forces",
    "army",
    "navy",
    "guard",
    "security",
    "intelligence",
    "today",
    "times",
    "post",
    "journal",
    "day",
    "government",
    "state",
    "states",
    "republic",
    "kingdom",
    "union",
    "nations",
    "party",
    "front",
    "brigade",
    "brigades",
    "movement",
    "group",
    "network",
    "organization",
    "organisation",
    "foundation",
    "centre",
    "center",
    "association",
    "company",
    "inc",
    "ltd",
    "championship",
    "league",
    "cup",
    "airport",
    "station",
    "live",
    "islamic",
    "islamist",
    "muslim",
    "muslims",
    "christian",
    "christians",
    "jewish",
    "jews",
    "allah",
    "akbar",
    "allahu",
    "prophet",
    "god",
    "ramadan",
    "caliphate",
    "crusader",
    "crusaders",
    "western",
    "eastern",
    "northern",
    "southern",
    "middle",
    "east",
    "west",
    "north",
    "south",
    "europe",
    "european",
    "asia",
    "africa",
    "america",
    "americas",
    "english",
    "arab",
    "arabic",
    "counterterrorism",
    "terrorism",
    "terror",
    "terrorist",
    "attack",
    "attacks",
    "war",
    "isis",
    "isil",
    "daesh",
    "whatsapp",
    "facebook",
    "twitter",
    "telegram",
    "youtube",
    "instagram",
    "tiktok",
    "google",
    "breaking",
    "related",
    "articles",
    "advertisement",
    "advert",
    "latest",
    "topics",
    "world",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "metropolitan",
    "national",
    "international",
    "federal",
    "global",
    "democratic",
    "republican",
    "liberation",
    "revolutionary",
    "supreme",
    "central",
    "united",
    "royal",
    "ministerial",
    "federation",
    "council",
    "committee",
    "commission",
    "embassy",
    "consulate",
    "airlines",
    "airways",
    "hospital",
    "clinic",
    "prison",
    "jail",
    "county",
    "province",
    "district",
    "region",
    "city",
    "town",
    "village",
    "island",
    "islands",
    "river",
    "lake",
    "mount",
    "valley",
    "bay",
    "gulf",
    "sea",
    "ocean",
    "avenue",
    "boulevard",
    "lane",
    "place",
    "plaza",
    "market",
    "mall",
    "centre",
    "stadium",
    "arena",
    "club",
    "nightclub",
    "cathedral",
    "synagogue",
    "temple",
    "shrine",
    "chapel",
    "theatre",
    "theater",
    "restaurant",
    "cafe",
    "café",
    "pub",
    "bakery",
    "academy",
    "college",
    "terminal",
    "palace",
    "tower",
    "towers",
    "building",
    "bank",
    "capitol",
    "senate",
    "congress",
    "assembly",
    "cabinet",
    "administration",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "for",
    "and",
    "but",
    "or",
    "if",
    "as",
    "by",
    "to",
    "from",
    "with",
    "after",
    "before",
    "while",
    "when",
    "since",
    "according",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "where",
    "one",
    "two",
    "some",
    "many",
    "several",
    "all",
    "no",
    "not",
    "yes",
    "also",
    "meanwhile",
    "however",
    "subsequently",
    "another",
    "other",
    "both",
    "each",
    "every",
    "sources",
    "supporters",
    "witnesses",
    "officials",
    "authorities",
    "reports",
    "report",
    "video",
    "statement",
    "message",
    "speech",
    "address",
    "notice",
    "audio",
    "special",
    "operation",
    "invasion",
    "campaign",
    "offensive",
    "exclamation",
    "tactical",
    "retreat",
    "ummah",
    "homeland",
    "defense",
    "defence",
    "secretary",
    "minister",
    "president",
    "prime",
    "chief",
    "head",
    "commander",
    "spokesman",
    "spokesperson",
    "envoy",
    "deputy",
    "interior",
    "home",
    "foreign",
    "justice",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lord",
    "king",
    "queen",
    "prince",
    "general",
    "colonel",
    "captain",
    "sergeant",
    "director",
    "manager",
    "governor",
    "mayor",
    "senator",
    "judge",
    "lone",
    "wolf",
    "wolves",
    "jihadi",
    "jihadis",
    "jihadist",
    "jihadists",
    "salafist",
    "infidels",
    "believers",
    "brothers",
    "soldiers",
    "soldier",
    "caliph",
    "emir",
    "sheikh",
    "imam",
    "hajji",
    "kufar",
    "mujahideen",
    "shia",
    "sunni",
    "shiite",
    "kurdish",
    "iraqi",
    "syrian",
    "afghan",
    "british",
    "french",
    "german",
    "russian",
    "israeli",
    "american",
    "ukrainian",
    "pakistani",
    "indian",
    "nigerian",
    "somali",
    "turkish",
    "iranian",
    "egyptian",
    "libyan",
    "chechen",
    "moroccan",
    "algerian",
    "tunisian",
    "saudi",
    "palestinian",
    "lebanese",
    "jordanian",
    "yemeni",
    "belgian",
    "dutch",
    "spanish",
    "italian",
    "swedish",
    "norwegian",
    "danish",
    "austrian",
    "swiss",
    "canadian",
    "australian",
    "chinese",
    "japanese",
    "korean",
    "filipino",
    "indonesian",
    "malaysian",
    "bangladeshi",
    "sri",
    "lankan",
    "kenyan",
    "ethiopian",
    "sudanese",
    "malian",
    "nigerien",
    "frenchman",
    "englishman",
    "westerners",
    "europeans",
    "asians",
    "africans",
    "americans",
    "camp",
    "fort",
    "base",
    "airbase",
    "barracks",
    "airfield",
    "compound",
    "checkpoint",
    "museum",
    "regiment",
    "battalion",
    "corps",
    "squadron",
    "platoon",
];

/// A capitalised run that starts with one of these names a place: "Camp Bastion",
/// "Fort Hood".
const FACILITY_FIRST: &[&str] = &["camp", "fort"];

/// A capitalised run that these words end names the facility they head, person's name
/// or not: "Bagram Air Base", "Charles de Gaulle Airport", "King Fahd Hospital".
const FACILITY_LAST: &[&str] = &[
    "base",
    "airbase",
    "barracks",
    "airfield",
    "airport",
    "station",
    "compound",
    "checkpoint",
    "camp",
    "prison",
    "embassy",
    "consulate",
    "hotel",
    "market",
    "mall",
    "stadium",
    "museum",
    "hospital",
    "bridge",
    "square",
    "street",
    "road",
    "park",
    "hall",
    "school",
    "university",
    "church",
    "mosque",
    "synagogue",
    "cathedral",
    "temple",
    "shrine",
    "chapel",
    "arena",
    "theatre",
    "theater",
    "club",
    "nightclub",
    "restaurant",
    "cafe",
    "café",
    "pub",
    "bakery",
    "building",
    "tower",
    "academy",
    "college",
    "institute",
    "terminal",
    // institutions and offices: "Public Monitoring Commission", "Public Relations Officer"
    "commission",
    "committee",
    "council",
    "ministry",
    "department",
    "agency",
    "command",
    "authority",
    "directorate",
    "bureau",
    "officer",
];

/// Lowercase particles that may sit inside a name ("Abu Ibrahim al Hashimi").
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "de", "da", "van", "von", "der", "den", "le", "la", "du",
    "dos", "das", "abu",
];

fn is_cap_word(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        // "al-Ansari", "el-Sisi": lowercase particle joined to a capitalised name
        for p in [
            "al-", "el-", "ad-", "ash-", "as-", "at-", "az-", "bin-", "ibn-",
        ] {
            if let Some(rest) = w.strip_prefix(p) {
                return rest.chars().next().is_some_and(char::is_uppercase);
            }
        }
        return false;
    }
    // All-caps words longer than one letter are acronyms, not names.
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    !(letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()))
}

/// `NOT_NAME.contains(&k)`, by hash lookup (the list is long and asked per capitalised word).
fn is_not_name(k: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| NOT_NAME.iter().copied().collect())
        .contains(k)
}

/// `TITLES.contains(&k)`, by hash lookup.
fn is_title(k: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| TITLES.iter().copied().collect())
        .contains(k)
}

/// Two first names that may belong to one person: equal, one unknown, an initial of the
/// other, or one spelling slip apart when both are long ("Dzhokhar", "Dzokhar").
fn same_first(a: &str, b: &str) -> bool {
    let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x);
    let long = a.chars().count() >= 5 && b.chars().count() >= 5;
    a.is_empty()
        || b.is_empty()
        || a == b
        || initial(a, b)
        || initial(b, a)
        || (long && one_edit_apart(a, b))
}

/// True when one insertion, deletion or substitution turns `a` into `b`.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        short.get(prefix + 1..) == long.get(prefix + 1..)
    } else {
        short.get(prefix..) == long.get(prefix + 1..)
    }
}

fn lower_key(w: &str) -> String {
    // ASCII needs neither Unicode case mapping nor quote folding.
    if w.is_ascii() {
        return w.to_ascii_lowercase();
    }
    w.to_lowercase().replace(['’', '‘'], "'")
}

/// Options for the recogniser.
#[derive(Debug, Clone, Default)]
pub struct PeopleOptions {
    /// Spans already known to be places, groups or other non-person names.
    pub blocked: Vec<Span>,
}

/// True when more than half of the words of a sentence are capitalised (a headline).
fn is_headline(text: &str, tokens: &[Token], s: &Sentence) -> bool {
    let words: Vec<&str> = tokens[s.first_token..s.end_token]
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.text(text))
        .collect();
    let caps = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let ends_like_prose = tokens[s.first_token..s.end_token]
        .iter()
        .rev()
        .find(|t| !matches!(t.text(text), "\"" | "”" | "'" | "’" | ")"))
        .is_some_and(|t| matches!(t.text(text), "." | "!" | "?"));
    words.len() >= 4 && caps * 10 >= words.len() * 7 && !ends_like_prose
}

/// Finds person mentions and groups them into entities.
pub fn find_people(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    opts: &PeopleOptions,
) -> (Vec<PersonMention>, Vec<PersonEntity>) {
    let blocked = |sp: Span| opts.blocked.iter().any(|b| b.overlaps(sp));
    let mut raw: Vec<(Span, Option<Span>, usize, Vec<String>)> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        if is_headline(text, tokens, s) {
            continue;
        }
        let mut i = s.first_token;
        while i < s.end_token {
            let t = tokens[i];
            let w = t.text(text);
            if t.kind != TokenKind::Word || !is_cap_word(w) {
                i += 1;
                continue;
            }
            // collect a run of capitalised words, particles and initials
            let mut j = i;
            let mut words: Vec<usize> = Vec::new();
            while j < s.end_token {
                let tj = tokens[j];
                let wj = tj.text(text);
                if tj.kind == TokenKind::Word && is_cap_word(wj) && !blocked(tj.span) {
                    words.push(j);
                    j += 1;
                    // initial: "J." inside a name
                    if wj.chars().count() == 1
                        && j < s.end_token
                        && tokens[j].text(text) == "."
                        && tokens.get(j + 1).is_some_and(|n| is_cap_word(n.text(text)))
                    {
                        j += 1;
                    }
                    continue;
                }
                if tj.kind == TokenKind::Word
                    && !words.is_empty()
                    && PARTICLES.contains(&wj)
                    && tokens.get(j + 1).is_some_and(|n| {
                        n.kind == TokenKind::Word && is_cap_word(n.text(text)) && !blocked(n.span)
                    })
                {
                    j += 1;
                    continue;
                }
                break;
            }
            if words.is_empty() {
                i += 1;
                continue;
            }
            // Split off leading titles and non-name words.
            let mut first = 0;
            let mut title_start: Option<usize> = None;
            while first < words.len() {
                let k = lower_key(tokens[words[first]].text(text));
                if is_title(k.trim_end_matches('.')) {
                    title_start.get_or_insert(words[first]);
                    first += 1;
                } else if is_not_name(&k) {
                    title_start = None;
                    first += 1;
                } else {
                    break;
                }
            }
            // A non-name word after the start ends the name, and so does a title: in
            // "Elizabeth Mayor Christian Bollwage" the place before the office is no name.
            let mut last = first;
            while last < words.len() {
                let k = lower_key(tokens[words[last]].text(text));
                if is_not_name(&k) || last > first && is_title(k.trim_end_matches('.')) {
                    break;
                }
                last += 1;
            }
            // a lone word cut off by a title or a non-name word is no name; the words
            // after it may hold one ("Allegheny County Chief Medical Examiner Karl
            // Williams"): read the run again from there
            let title_next = last < words.len() && last == first + 1;
            // "Minister of Information Moammar al-Eryani", "Mayor of London Sadiq Khan": after
            // an office's "of", the first words name the portfolio or the place, and the
            // name is the last two.
            let after_office_of = i >= 2
                && lower_key(tokens[i - 1].text(text)) == "of"
                && is_title(lower_key(tokens[i - 2].text(text)).trim_end_matches('.'));
            if after_office_of && last >= first + 3 {
                first = last - 2;
            }
            let name_words = &words[first..last];
            let rest_blocked = last < words.len();
            let key_at = |x: usize| lower_key(tokens[words[x]].text(text));
            let facility = (0..first).any(|x| FACILITY_FIRST.contains(&key_at(x).as_str()))
                || (rest_blocked && FACILITY_LAST.contains(&key_at(last).as_str()));
            if !(facility || name_words.is_empty() || rest_blocked && name_words.len() == 1) {
                let start = tokens[name_words[0]].span.start;
                let end = tokens[*name_words.last().unwrap_or(&name_words[0])]
                    .span
                    .end;
                let title = title_start
                    .filter(|&ts| ts < name_words[0])
                    .map(|ts| Span::new(tokens[ts].span.start, tokens[name_words[0] - 1].span.end));
                let keys: Vec<String> = name_words
                    .iter()
                    .map(|&k| lower_key(tokens[k].text(text)))
                    .collect();
                // A single word is a name only with a title or as the surname of a
                // person named in full elsewhere (decided below).
                raw.push((Span::new(start, end), title, si, keys));
            }
            i = if title_next {
                words[last]
            } else {
                j.max(i + 1)
            };
        }
    }
    // "Tamerlan and Dzhokhar Tsarnaev": a lone first name coordinated with a full name
    // shares its surname. (Display names of such mentions are built from both.)
    let mut display: Vec<Option<String>> = vec![None; raw.len()];
    for i in 0..raw.len().saturating_sub(1) {
        let (a, b) = (&raw[i], &raw[i + 1]);
        let joined = text
            .get(a.0.end..b.0.start)
            .is_some_and(|gap| gap == " and ");
        if a.3.len() == 1 && a.1.is_none() && b.3.len() >= 2 && a.2 == b.2 && joined {
            let surname_key = b.3.last().cloned().unwrap_or_default();
            let surname_text = text[b.0.start..b.0.end]
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .to_string();
            display[i] = Some(format!("{} {}", &text[a.0.start..a.0.end], surname_text));
            raw[i].3.push(surname_key);
        }
    }
    // Group into entities: a multi-word name defines an entity; single words join the
    // entity whose last name (or first name) they equal.
    let mut entities: Vec<PersonEntity> = Vec::new();
    // (surname, first name or "" when unknown, entity)
    let mut surname_of: Vec<(String, String, usize)> = Vec::new();
    let mut mentions: Vec<PersonMention> = Vec::new();
    // Entities named as a coordinated pair: siblings the text then calls by first name.
    let mut paired: Vec<usize> = Vec::new();
    // first pass: multi-word names
    for (ri, (span, title, si, keys)) in raw.iter().enumerate() {
        if keys.len() < 2 {
            continue;
        }
        let shown = display[ri]
            .clone()
            .unwrap_or_else(|| text[span.start..span.end].to_string());
        let full = keys.join(" ");
        let last = keys.last().cloned().unwrap_or_default();
        let existing = entities
            .iter()
            .position(|e| lower_key(&e.name) == full)
            .or_else(|| {
                // "Tamerlan Tsarnaev" and "Zubeidat Tsarnaev" are two people; "J. Smith"
                // and "John Smith" may be one.
                surname_of
                    .iter()
                    .find(|(s, f, _)| *s == last && same_first(f, &keys[0]))
                    .map(|(_, _, e)| *e)
            });
        let ent = match existing {
            Some(e) => {
                if shown.len() > entities[e].name.len() {
                    entities[e].name = shown.clone();
                }
                // "R. Dakaev", then "Ruslan Dakaev": the first name is now known, so a
                // later "Rustam Dakaev" is someone else.
                for entry in surname_of.iter_mut().filter(|x| x.2 == e) {
                    if keys[0].chars().count() > entry.1.chars().count() {
                        entry.1 = keys[0].clone();
                    }
                }
                e
            }
            None => {
                entities.push(PersonEntity {
                    name: shown.clone(),
                    mentions: Vec::new(),
                });
                surname_of.push((last, keys[0].clone(), entities.len() - 1));
                entities.len() - 1
            }
        };
        if display[ri].is_some() || ri > 0 && display[ri - 1].is_some() {
            paired.push(ent);
        }
        mentions.push(PersonMention {
            span: *span,
            title: *title,
            entity: ent,
            sentence: *si,
        });
        entities[ent].mentions.push(mentions.len() - 1);
    }
    // second pass: single words
    for (span, title, si, keys) in &raw {
        if keys.len() != 1 {
            continue;
        }
        let k = &keys[0];
        let k_bare = k.trim_end_matches("'s");
        let mut named: Vec<usize> = surname_of
            .iter()
            .filter(|(s, _, _)| s == k_bare)
            .map(|(_, _, e)| *e)
            .collect();
        named.dedup();
        // A surname that two people of the text share names neither of them alone.
        if named.len() > 1 {
            continue;
        }
        // "Tamerlan was killed": the first name of exactly one of a pair named together
        // ("Tamerlan and Dzhokhar Tsarnaev"); other first names stay unlinked ("José, a
        // bus driver" is not José Luis Rodríguez Zapatero).
        if named.is_empty() {
            let mut by_first: Vec<usize> = surname_of
                .iter()
                .filter(|(_, f, e)| f == k_bare && paired.contains(e))
                .map(|(_, _, e)| *e)
                .collect();
            by_first.dedup();
            if by_first.len() == 1 {
                named = by_first;
            }
        }
        let ent = named.first().copied();
        let ent = match (ent, title) {
            (Some(e), _) => e,
            (None, Some(_)) => {
                entities.push(PersonEntity {
                    name: text[span.start..span.end].to_string(),
                    mentions: Vec::new(),
                });
                surname_of.push((k_bare.to_string(), String::new(), entities.len() - 1));
                entities.len() - 1
            }
            (None, None) => continue,
        };
        mentions.push(PersonMention {
            span: *span,
            title: *title,
            entity: ent,
            sentence: *si,
        });
        entities[ent].mentions.push(mentions.len() - 1);
    }
    mentions.sort_by_key(|m| m.span.start);
    for e in entities.iter_mut() {
        e.mentions.clear();
    }
    for (i, m) in mentions.iter().enumerate() {
        entities[m.entity].mentions.push(i);
    }
    (mentions, entities)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{sentences, tokenize};

    fn people(text: &str) -> Vec<(String, usize, Option<String>)> {
        let toks = tokenize(text);
        let ss = sentences(text, &toks, false);
        let (ms, es) = find_people(text, &toks, &ss, &PeopleOptions::default());
        ms.iter()
            .map(|m| {
                (
                    es[m.entity].name.clone(),
                    m.span.start,
                    m.title.map(|t| text[t.start..t.end].to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn names_titles_and_surname_coreference() {
        let text = "Interior Minister Jean Dupont spoke. Later, Dupont left with Anna Weber.";
        let p = people(text);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].0, "Jean Dupont");
        assert_eq!(p[0].2.as_deref(), Some("Interior Minister"));
        assert_eq!(p[1].0, "Jean Dupont");
        assert_eq!(p[2].0, "Anna Weber");
    }

    #[test]
    fn a_place_before_an_office_is_no_name_and_the_name_after_it_is_read() {
        let p = people("Elizabeth Mayor Chris Bollwage said a warrant was served.");
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["Chris Bollwage"]);
        assert_eq!(p[0].2.as_deref(), Some("Mayor"));
        let p = people("It was confirmed by Victoria Chief Commissioner Graham Ashton on Friday.");
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["Graham Ashton"]);
        let p = people("Allegheny County Chief Medical Examiner Karl Williams said so.");
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["Karl Williams"]);
    }

    #[test]
    fn particles_and_initials() {
        let p = people("The spokesman, Abu Salim al-Farouqi, and envoy Tom J. Brandt spoke.");
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, vec!["Abu Salim al-Farouqi", "Tom J. Brandt"]);
    }

    #[test]
    fn institutions_and_headlines_are_not_people() {
        assert!(people("The Metropolitan Police Service said so.").is_empty());
        assert!(people("Gunman Kills Three In Riverside Town Attack").is_empty());
        assert!(people("They met at the Grand Park Hotel.").is_empty());
    }

    #[test]
    fn a_portfolio_or_place_after_an_office_s_of_is_no_part_of_the_name() {
        let p = people(
            "The bomb was placed in a market, stated Minister of Information Karel Vondrak.",
        );
        assert_eq!(
            p.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["Karel Vondrak"]
        );
        let p = people("It was condemned by the Mayor of Lisbon Ilse Marenko on Monday.");
        assert_eq!(
            p.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["Ilse Marenko"]
        );
    }

    #[test]
    fn offices_and_institutions_are_not_people() {
        let p = people(
            "It was confirmed by the chairman of the Public Monitoring Commission, Ivo Marek.",
        );
        assert_eq!(
            p.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["Ivo Marek"]
        );
        let p = people(
            "It was disclosed by the Police Public Relations Officer of the Borno Command, \
             Deputy Superintendent Ivo Marek.",
        );
        assert_eq!(
            p.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["Ivo Marek"]
        );
    }

    #[test]
    fn bases_camps_and_units_are_not_people() {
        assert!(people("Gunmen attacked Camp Dorvani in the night.").is_empty());
        assert!(people("A patrol was hit near Bagram Air Base on Tuesday.").is_empty());
        assert!(people("Troops of the Parachute Regiment opened fire.").is_empty());
        // a person's name inside an airport's is the airport's
        assert!(people("They landed at Charles de Gaulle Airport.").is_empty());
        // but a person standing at a place is still a person
        let p = people("Anna Berg waited at the station.");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "Anna Berg");
    }

    #[test]
    fn facility_words_are_not_name_words() {
        // A facility word must also end or skip a name, else the run never reaches it.
        for w in FACILITY_FIRST.iter().chain(FACILITY_LAST) {
            assert!(is_not_name(w), "{w}");
        }
    }

    #[test]
    fn a_first_name_coordinated_with_a_full_name_shares_its_surname() {
        let text = "Police said Timur and Ruslan Dakaev planted the bomb. Timur was arrested \
                    on Monday.";
        let p = people(text);
        let names: Vec<&str> = p.iter().map(|(n, _, _)| n.as_str()).collect();
        // Timur's two mentions, the coordinated one and the later first name
        assert_eq!(
            names,
            vec!["Timur Dakaev", "Ruslan Dakaev", "Timur Dakaev"],
            "{p:?}"
        );
        // a first name alone links only within such a pair
        let p =
            people("Officials met José Luis Rodríguez Zapatero. But José, a bus driver, said no.");
        assert_eq!(p.len(), 1, "{p:?}");
    }

    #[test]
    fn a_shared_surname_names_two_people_and_neither_alone() {
        let text = "Police named the bomber as Ruslan Dakaev. His brother Timur Dakaev was \
                    questioned. Dakaev had bought the parts online.";
        let p = people(text);
        let names: Vec<&str> = p.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(names, vec!["Ruslan Dakaev", "Timur Dakaev"], "{p:?}");
        // an initial or a spelling slip of a long first name is the same person
        let p = people("R. Dakaev was named. Ruslan Dakaev, 24, lived nearby.");
        assert!(p.iter().all(|(n, _, _)| n == "Ruslan Dakaev"), "{p:?}");
        // once the initial is known to stand for Ruslan, Rustam is someone else
        let p = people("R. Dakaev was named. Ruslan Dakaev, 24, and Rustam Dakaev met.");
        let names: Vec<&str> = p.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(
            names,
            vec!["Ruslan Dakaev", "Ruslan Dakaev", "Rustam Dakaev"]
        );
        let p = people("Dzhokhar Varnov was charged. Dzokhar Varnov denied it.");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].0, p[1].0, "{p:?}");
        assert!(!one_edit_apart("timur", "ruslan"));
        assert!(one_edit_apart("dzhokhar", "dzokhar"));
        assert!(one_edit_apart("mohamed", "mohamad"));
    }
}
