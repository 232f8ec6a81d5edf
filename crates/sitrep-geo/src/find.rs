//! Finding place mentions in text.

use rustc_hash::FxHashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use sitrep_core::Span;

use crate::data::{Data, Entries, Entry};
use crate::facts::{
    FACILITY_WORDS, FUNCTION_WORDS, GROUP_NAMES, LOCATIVES, NAME_LIKE_COUNTRIES, SPEECH_VERBS,
    STOPLIST, STREET_WORDS, STRONG_LOCATIVES, THOROUGHFARE_WORDS, TITLES, US_STATE_ABBREVIATIONS,
};

/// Longest name, in word tokens, that the finder tries.
const MAX_TOKENS: usize = 7;
/// Cities at least this populous survive the person-name and sentence-start rules.
const BIG_CITY: u32 = 1_000_000;
/// Single-word alternate names need this population (or a locative before them).
const SINGLE_ALT_MIN_POP: u32 = 500_000;
/// Towns before a street word ("Boylston Street") need this population.
const STREET_MIN_POP: u32 = 50_000;
/// Single-word cities opening a sentence must be at least this populous.
const SENTENCE_START_MIN_POP: u32 = 100_000;
/// Cities named like a common English word need a locative context below this.
const COMMON_WORD_MIN_POP: u32 = 50_000;

/// What kind of place a candidate or a resolved mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A city, town or village.
    City,
    /// A first-level administrative region (state, province, governorate).
    Region,
    /// A country.
    Country,
}

/// One place a mention may refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// City, region or country.
    pub kind: PlaceKind,
    /// The gazetteer's name of the place (not necessarily the words in the text).
    pub name: String,
    /// ISO alpha-2 code of the country the place is in.
    pub country_code: String,
    /// First-level region of a city, when known.
    pub region: Option<String>,
    /// Population (GeoNames; a region's is the sum of its gazetteer cities).
    pub population: u64,
    /// True when the text matched one of the place's alternate names.
    pub alternate_name: bool,
    pub(crate) entry: Entry,
}

/// A place name found in a text: an exact slice plus the places it may denote.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    /// Byte range of the name in the text it was found in.
    pub span: Span,
    /// `text[span]`, exactly.
    pub text: String,
    /// True for demonyms and adjectives ("British-born", "a Frenchman"): they name a
    /// country of people, not where an event happened.
    pub demonym: bool,
    /// Possible referents, countries first, then by population.
    pub candidates: Vec<Candidate>,
}

/// Options of [`crate::Gazetteer::find_places_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FindOptions {
    /// Match names regardless of case (for all-lowercase corpora such as MUC-4).
    /// Less precise: only names of four or more letters that are not common English
    /// words are matched, and the capitalisation rules cannot apply.
    pub case_insensitive: bool,
}

/// A word token: a maximal run of alphanumeric characters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
}

pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Tok { start: s, end: i });
        }
    }
    if let Some(s) = start {
        out.push(Tok {
            start: s,
            end: text.len(),
        });
    }
    out
}

/// All letters capital, at least three of them ("PARIS", not "US").
fn is_shouted(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !s.chars().any(char::is_lowercase)
}

fn at_line_start(text: &str, pos: usize) -> bool {
    text[..pos]
        .chars()
        .rev()
        .take_while(|c| *c != '\n')
        .all(char::is_whitespace)
}

/// "NEW YORK" → "New York", "SAINT-DENIS" → "Saint-Denis".
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_word_start = true;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if at_word_start {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
            at_word_start = false;
        } else {
            out.push(c);
            at_word_start = true;
        }
    }
    out
}

/// Is the word before `pos` a locative preposition ("in", "near")?
fn locative_before(text: &str, pos: usize) -> bool {
    let before = text.get(..pos).unwrap_or("");
    let Some(rest) = before.strip_suffix(' ') else {
        return false;
    };
    let word = rest
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    STRONG_LOCATIVES.contains(&word)
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Can two tokens with this text between them be parts of one name?
/// The Arabic article as Latin script writes it before a place name.
const ARABIC_ARTICLES: &[&str] = &["al", "el", "ad", "ar", "as", "ash", "at", "az", "an"];

fn joinable(gap: &str) -> bool {
    matches!(gap, " " | "-" | "'" | "’" | ". " | "." | "-‐" | "‐" | "–")
}

/// True when the words around a name (four before `start` and four after `end`, on its
/// line) read like a headline in title case: at least three in four of them capitalised.
fn title_case_at(text: &str, start: usize, end: usize) -> bool {
    // A window of the line around the name, so that a text written on one long line is
    // not scanned to its ends for every place in it.
    const WINDOW: usize = 160;
    let mut a = start.saturating_sub(WINDOW);
    while !text.is_char_boundary(a) {
        a += 1;
    }
    let mut b = (end + WINDOW).min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    let is_word = |w: &&str| w.chars().next().is_some_and(char::is_alphabetic);
    let before: Vec<&str> = text[a..start]
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(is_word)
        .collect();
    let after = text[end..b]
        .split('\n')
        .next()
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(is_word)
        .take(4);
    let words: Vec<&str> = before[before.len().saturating_sub(4)..]
        .iter()
        .copied()
        .chain(after)
        .collect();
    let caps = words.iter().filter(|w| starts_upper(w)).count();
    words.len() >= 4 && caps * 4 >= words.len() * 3
}

/// Tokens that end with a period without ending a sentence.
fn is_abbreviation(tok: &str) -> bool {
    tok.chars().count() == 1
        || matches!(
            tok,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "Gen"
                | "Lt"
                | "Col"
                | "Sgt"
                | "Capt"
                | "Prof"
                | "Rev"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Jr"
                | "Sr"
                | "No"
                | "vs"
                | "Mt"
                | "Ft"
        )
}

/// Build the matcher for armed-group names whose words are not places.
pub(crate) fn group_matcher() -> Option<AhoCorasick> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(GROUP_NAMES)
        .ok()
}

/// Lowercase index for case-insensitive finding.
pub(crate) fn lowercase_index(d: &Data) -> FxHashMap<Box<str>, Vec<Entry>> {
    let mut out: FxHashMap<Box<str>, Vec<Entry>> = FxHashMap::default();
    for (k, v) in &d.index {
        if k.chars().count() < 4
            || d.common_words.contains(k)
            || k.chars().all(|c| !c.is_lowercase())
        {
            continue;
        }
        if STOPLIST.contains(&&**k) {
            continue;
        }
        let lk = k.to_lowercase();
        let e = out.entry(Box::from(lk.as_str())).or_default();
        for x in v.iter() {
            if !e.contains(x) {
                e.push(*x);
            }
        }
    }
    out
}

pub(crate) struct Finder<'a> {
    pub data: &'a Data,
    pub groups: Option<&'a AhoCorasick>,
    pub lower: Option<&'a FxHashMap<Box<str>, Vec<Entry>>>,
}

impl Finder<'_> {
    pub(crate) fn find(&self, text: &str, opts: FindOptions) -> Vec<PlaceMention> {
        let toks = tokenize(text);
        let masked = self.masked_ranges(text);
        let in_mask = |t: &Tok| masked.iter().any(|&(s, e)| t.start < e && s < t.end);
        let mut out: Vec<PlaceMention> = Vec::new();
        let mut person: Vec<String> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            let word = &text[t.start..t.end];
            if in_mask(&t) || (!opts.case_insensitive && !starts_upper(word)) {
                i += 1;
                continue;
            }
            // Furthest token the name may extend to.
            let mut last = i;
            while last + 1 < toks.len()
                && last + 1 < i + MAX_TOKENS
                && joinable(&text[toks[last].end..toks[last + 1].start])
                && !in_mask(&toks[last + 1])
            {
                last += 1;
            }
            let mut found = None;
            if !opts.case_insensitive && is_shouted(word) && at_line_start(text, t.start) {
                found = self.dateline(text, &toks, i, last);
            }
            for j in (i..=last).rev() {
                if found.is_some() {
                    break;
                }
                let mut end = toks[j].end;
                let mut entries = self.lookup(&text[t.start..end], opts);
                if entries.is_none() && text[end..].starts_with('.') {
                    // "U.S.", "U.K.": names ending in a period.
                    entries = self.lookup(&text[t.start..end + 1], opts);
                    if entries.is_some() {
                        end += 1;
                    }
                }
                let Some(entries) = entries else { continue };
                let kept = self.filter(text, &toks, i, j, end, entries, opts, &mut person);
                if !kept.is_empty() {
                    found = Some((j, end, kept));
                    break;
                }
            }
            match found {
                Some((j, end, kept)) => {
                    out.push(self.mention(text, Span::new(t.start, end), &kept));
                    i = j + 1;
                }
                None => i += 1,
            }
        }
        // A word seen as part of a person's name in this text ("Dzhokhar Tsarnaev",
        // "Hugo Chávez") is a name everywhere in it ("Dzhokhar said").
        if !person.is_empty() {
            out.retain(|m| {
                m.demonym
                    || m.text.contains(' ')
                    || m.candidates.iter().any(|c| c.kind == PlaceKind::Country)
                    || !person.contains(&m.text)
                    || locative_before(text, m.span.start)
            });
        }
        out
    }

    /// "PARIS (Reuters) -", "NEW YORK, June 12 -": an all-capitals place name
    /// opening a line and followed by a dateline separator.
    fn dateline(
        &self,
        text: &str,
        toks: &[Tok],
        i: usize,
        last: usize,
    ) -> Option<(usize, usize, Vec<Entry>)> {
        let start = toks.get(i)?.start;
        for j in (i..=last).rev() {
            let end = toks.get(j)?.end;
            let slice = &text[start..end];
            if !toks[i..=j]
                .iter()
                .all(|t| is_shouted(&text[t.start..t.end]))
            {
                continue;
            }
            let rest = &text[end..];
            if ![" (", ",", " —", " –", " -", ":", " ("]
                .iter()
                .any(|p| rest.starts_with(p))
            {
                continue;
            }
            let key = title_case(slice);
            if STOPLIST.contains(&key.as_str()) {
                continue;
            }
            let Some(es) = self.data.index.get(key.as_str()) else {
                continue;
            };
            let kept: Vec<Entry> = es
                .iter()
                .copied()
                .filter(|e| !matches!(e, Entry::Demonym { .. }))
                .collect();
            if !kept.is_empty() {
                return Some((j, end, kept));
            }
        }
        None
    }

    fn masked_ranges(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(ac) = self.groups else {
            return Vec::new();
        };
        ac.find_iter(text)
            .filter(|m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    fn lookup(&self, key: &str, opts: FindOptions) -> Option<&[Entry]> {
        let norm;
        let key = if key.contains('’') {
            norm = key.replace('’', "'");
            norm.as_str()
        } else {
            key
        };
        if opts.case_insensitive {
            let lower = self.lower?;
            lower.get(key.to_lowercase().as_str()).map(Vec::as_slice)
        } else {
            self.data.index.get(key).map(Entries::as_slice)
        }
    }

    fn sentence_initial(&self, text: &str, toks: &[Tok], i: usize) -> bool {
        let Some(prev) = i.checked_sub(1).and_then(|p| toks.get(p)) else {
            return true;
        };
        let Some(cur) = toks.get(i) else { return false };
        let gap = &text[prev.end..cur.start];
        if gap.contains('\n') {
            return true;
        }
        let has_stop = gap.contains(['.', '!', '?']);
        let has_space = gap.chars().any(char::is_whitespace);
        has_stop && has_space && !is_abbreviation(&text[prev.start..prev.end])
    }

    /// Is the name ending at token `j` followed by ", <region or country>"?
    fn followed_by_admin(&self, text: &str, toks: &[Tok], j: usize) -> bool {
        let Some(next) = toks.get(j + 1) else {
            return false;
        };
        let Some(cur) = toks.get(j) else { return false };
        let gap = &text[cur.end..next.start];
        if gap != ", " {
            return false;
        }
        let w = &text[next.start..next.end];
        if US_STATE_ABBREVIATIONS.iter().any(|(a, _)| *a == w) {
            return true;
        }
        for k in (j + 1)..toks.len().min(j + 1 + 4) {
            if k > j + 1 && !joinable(&text[toks[k - 1].end..toks[k].start]) {
                break;
            }
            let key = &text[next.start..toks[k].end];
            if let Some(es) = self.data.index.get(key) {
                if es
                    .iter()
                    .any(|e| matches!(e, Entry::Region { .. } | Entry::Country { .. }))
                {
                    return true;
                }
            }
        }
        false
    }

    fn is_known_place(&self, word: &str) -> bool {
        self.data.index.get(word).is_some_and(|es| {
            es.iter().any(|e| match *e {
                Entry::Country { .. }
                | Entry::Demonym { .. }
                | Entry::Region { alt: false, .. } => true,
                Entry::City { idx, alt: false } => self
                    .data
                    .cities
                    .get(idx as usize)
                    .is_some_and(|c| c.pop >= 100_000),
                _ => false,
            })
        })
    }

    fn city_pop(&self, e: &Entry) -> u32 {
        match *e {
            Entry::City { idx, .. } => self.data.cities.get(idx as usize).map_or(0, |c| c.pop),
            _ => 0,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn filter(
        &self,
        text: &str,
        toks: &[Tok],
        i: usize,
        j: usize,
        end: usize,
        entries: &[Entry],
        opts: FindOptions,
        person: &mut Vec<String>,
    ) -> Vec<Entry> {
        let start = toks[i].start;
        let key = &text[start..end];
        // One typographic word ("Paris", "O'Neill", "Saint-Denis").
        let single = !key.contains(char::is_whitespace);
        let mut kept: Vec<Entry> = entries.to_vec();
        let prev = i.checked_sub(1).and_then(|p| toks.get(p).copied());
        let prev_gap = prev.map(|p| &text[p.end..start]);
        let prev_word = prev.map(|p| &text[p.start..p.end]);

        // Person titles: "President Obama", "Mr. Jordan".
        if let (Some(w), Some(g)) = (prev_word, prev_gap) {
            let is_title = if opts.case_insensitive {
                TITLES.iter().any(|t| t.eq_ignore_ascii_case(w))
            } else {
                TITLES.contains(&w)
            };
            if is_title && matches!(g, " " | ". ") {
                return Vec::new();
            }
        }
        if opts.case_insensitive {
            return kept;
        }
        let admin_follows = self.followed_by_admin(text, toks, j);
        if STOPLIST.contains(&key) && !admin_follows {
            return Vec::new();
        }
        if key.chars().count() < 3 {
            kept.retain(|e| matches!(e, Entry::Country { .. }));
        }
        // The Arabic article before a name ("al-Arish", "El Arish", "as-Salt") is part of
        // it, neither a compound nor a first name.
        let article_before = prev_word.is_some_and(|w| {
            ARABIC_ARTICLES.iter().any(|a| a.eq_ignore_ascii_case(w))
                && matches!(prev_gap, Some("-" | " "))
        });
        // Part of a hyphenated compound: "Anglo-Saxon", "Abu-Omar".
        if let (Some(w), Some(g), false) = (prev_word, prev_gap, article_before) {
            if matches!(g, "-" | "'" | "’") && w.chars().all(char::is_alphabetic) {
                kept.retain(|e| matches!(e, Entry::Demonym { .. }));
            }
        }
        if !single {
            // "San Jose Villanueva": a longer, unknown name goes on.
            if let Some(next) = toks.get(j + 1) {
                let w = &text[next.start..next.end];
                if &text[end..next.start] == " "
                    && starts_upper(w)
                    && !FACILITY_WORDS.contains(&w)
                    && !FUNCTION_WORDS.contains(&w)
                    && !TITLES.contains(&w)
                    && !is_date_word(w)
                    && !self.is_known_place(w)
                {
                    kept.retain(|e| match e {
                        Entry::City { .. } => self.city_pop(e) >= BIG_CITY,
                        Entry::Region { .. } => false,
                        _ => true,
                    });
                }
            }
            return kept;
        }
        let demonym_only = kept.iter().all(|e| matches!(e, Entry::Demonym { .. }));
        if demonym_only {
            return kept;
        }
        // A capitalised first name before: "Theresa May", "Hillary Clinton". Not in a
        // headline written in title case ("Man Pleads Not Guilty to Hampering Boston Bomb
        // Probe"), where every word is capitalised.
        if let (Some(w), Some(" "), false) = (prev_word, prev_gap, article_before) {
            if starts_upper(w)
                && !FUNCTION_WORDS.contains(&w)
                && !self.is_known_place(w)
                && !admin_follows
                && !title_case_at(text, start, end)
            {
                kept.retain(|e| matches!(e, Entry::Demonym { .. }));
                if kept.is_empty() {
                    person.push(key.to_string());
                }
                return kept;
            }
        }
        let next = toks
            .get(j + 1)
            .map(|n| (&text[end..n.start], &text[n.start..n.end]));
        let strong_locative =
            prev_word.is_some_and(|w| STRONG_LOCATIVES.contains(&w)) && prev_gap == Some(" ");
        // "Rogers said": a bare surname.
        if let Some((" ", w)) = next {
            if SPEECH_VERBS.contains(&w) {
                let before = kept.len();
                kept.retain(|e| match e {
                    Entry::City { .. } => self.city_pop(e) >= BIG_CITY,
                    Entry::Region { .. } => false,
                    _ => true,
                });
                if kept.is_empty() && before > 0 {
                    person.push(key.to_string());
                    return kept;
                }
            }
            // "Boylston Street": a street, not the small town.
            if THOROUGHFARE_WORDS.contains(&w) || STREET_WORDS.contains(&w) {
                kept.retain(|e| match e {
                    Entry::City { .. } => self.city_pop(e) >= STREET_MIN_POP,
                    _ => true,
                });
            }
        }
        // Single-word alternate names ("Dzhokhar" for Grozny, "Chávez") need a big
        // place or a locative.
        if !strong_locative && !admin_follows {
            kept.retain(|e| match e {
                Entry::City { alt: true, .. } => self.city_pop(e) >= SINGLE_ALT_MIN_POP,
                _ => true,
            });
        } // A capitalised surname after: "Orlando Bloom", "Jordan Peterson".
        if let Some(next) = toks.get(j + 1) {
            let gap = &text[end..next.start];
            let w = &text[next.start..next.end];
            if gap == " "
                && starts_upper(w)
                && !FACILITY_WORDS.contains(&w)
                && !FUNCTION_WORDS.contains(&w)
                && !TITLES.contains(&w)
                && !is_date_word(w)
                && !w.chars().all(|c| !c.is_lowercase())
                && !self.is_known_place(w)
                && !title_case_at(text, start, end)
            {
                kept.retain(|e| match e {
                    Entry::City { .. } => self.city_pop(e) >= BIG_CITY,
                    Entry::Country { .. } => !NAME_LIKE_COUNTRIES.contains(&key),
                    Entry::Region { .. } => false,
                    Entry::Demonym { .. } => true,
                });
                // "Omagh Support and Self-Help Group": a place opening an organisation's
                // name is no one's first name, so the place elsewhere stays a place
                if kept.is_empty() && !organisation_follows(text, toks, j) {
                    person.push(key.to_string());
                    person.push(w.to_string());
                }
            }
        }
        let sentence_initial = self.sentence_initial(text, toks, i);
        if sentence_initial && !admin_follows {
            // A small town opening a sentence is rarer than a surname doing so.
            kept.retain(|e| match e {
                Entry::City { .. } => self.city_pop(e) >= SENTENCE_START_MIN_POP,
                _ => true,
            });
        }
        if self.data.common_words.contains(key) {
            // Alternate names that are English words ("Western", "More") are noise.
            kept.retain(|e| {
                !matches!(
                    e,
                    Entry::City { alt: true, .. } | Entry::Region { alt: true, .. }
                )
            });
            if sentence_initial {
                kept.retain(|e| match e {
                    Entry::City { alt: false, .. } => self.city_pop(e) >= BIG_CITY,
                    Entry::City { .. } | Entry::Region { .. } => false,
                    _ => true,
                });
            } else {
                let locative =
                    prev_word.is_some_and(|w| LOCATIVES.contains(&w)) && prev_gap == Some(" ");
                if !locative && !admin_follows {
                    kept.retain(|e| match e {
                        Entry::City { .. } => self.city_pop(e) >= COMMON_WORD_MIN_POP,
                        Entry::Region { idx, .. } => self
                            .data
                            .regions
                            .get(*idx as usize)
                            .is_some_and(|r| r.pop >= u64::from(COMMON_WORD_MIN_POP)),
                        _ => true,
                    });
                }
            }
        }
        kept
    }

    pub(crate) fn candidate(&self, e: Entry) -> Option<Candidate> {
        let d = self.data;
        Some(match e {
            Entry::City { idx, alt } => {
                let c = d.cities.get(idx as usize)?;
                Candidate {
                    kind: PlaceKind::City,
                    name: c.name.to_string(),
                    country_code: d.countries.get(c.country as usize)?.code.clone(),
                    region: d.regions.get(c.region as usize).map(|r| r.name.to_string()),
                    population: u64::from(c.pop),
                    alternate_name: alt,
                    entry: e,
                }
            }
            Entry::Region { idx, alt } => {
                let r = d.regions.get(idx as usize)?;
                Candidate {
                    kind: PlaceKind::Region,
                    name: r.name.to_string(),
                    country_code: d.countries.get(r.country as usize)?.code.clone(),
                    region: Some(r.name.to_string()),
                    population: r.pop,
                    alternate_name: alt,
                    entry: e,
                }
            }
            Entry::Country { idx } | Entry::Demonym { idx } => {
                let c = d.countries.get(idx as usize)?;
                Candidate {
                    kind: PlaceKind::Country,
                    name: c.name.clone(),
                    country_code: c.code.clone(),
                    region: None,
                    population: c.population,
                    alternate_name: false,
                    entry: e,
                }
            }
        })
    }

    fn mention(&self, text: &str, span: Span, entries: &[Entry]) -> PlaceMention {
        let mut candidates: Vec<Candidate> =
            entries.iter().filter_map(|&e| self.candidate(e)).collect();
        candidates.sort_by(|a, b| {
            let ka = a.kind == PlaceKind::Country;
            let kb = b.kind == PlaceKind::Country;
            kb.cmp(&ka).then(b.population.cmp(&a.population))
        });
        let demonym = entries.iter().all(|e| matches!(e, Entry::Demonym { .. }));
        PlaceMention {
            span,
            text: span.slice(text).unwrap_or_default().to_string(),
            demonym,
            candidates,
        }
    }
}

/// Days and months: "in Minnesota Saturday night", "in Oslo May 3" name a date after the
/// place, not a longer place name.
/// Last words of an organisation's name.
const ORGANISATION_WORDS: &[&str] = &[
    "Group",
    "Groups",
    "Forum",
    "Association",
    "Council",
    "Committee",
    "Party",
    "Club",
    "Society",
    "Union",
    "Trust",
    "Foundation",
    "Federation",
    "League",
    "Alliance",
    "Network",
    "Institute",
    "Agency",
    "Company",
    "Corporation",
    "Council's",
    "Churches",
    "Board",
    "Commission",
    "Authority",
    "Partnership",
    "Project",
    "Centre",
    "Center",
];

/// True when the capitalised words after token `j` (joined by "and", "of", "for", "&")
/// end a name in an organisation word within six words: "… Support and Self-Help Group",
/// "… Churches' Forum".
fn organisation_follows(text: &str, toks: &[Tok], j: usize) -> bool {
    let mut k = j + 1;
    while k < toks.len() && k <= j + 8 {
        let w = &text[toks[k].start..toks[k].end];
        if ORGANISATION_WORDS.contains(&w) {
            return true;
        }
        let joiner = matches!(w, "and" | "of" | "for" | "&");
        if !(starts_upper(w) || joiner) {
            return false;
        }
        k += 1;
    }
    false
}

fn is_date_word(w: &str) -> bool {
    sitrep_core::date::month_of_name(w).is_some() || sitrep_core::date::weekday_of_name(w).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_alphanumeric_runs_with_exact_offsets() {
        let text = "Île-de-France, Be’er Sheva!";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, vec!["Île", "de", "France", "Be", "er", "Sheva"]);
    }

    #[test]
    fn title_casing_and_shouting() {
        assert_eq!(title_case("NEW YORK"), "New York");
        assert_eq!(title_case("SAINT-DENIS"), "Saint-Denis");
        assert!(is_shouted("PARIS"));
        assert!(!is_shouted("US"));
        assert!(!is_shouted("Paris"));
        assert!(at_line_start("x\n  PARIS", 4));
        assert!(!at_line_start("in PARIS", 3));
    }

    #[test]
    fn joinable_gaps() {
        assert!(joinable(" "));
        assert!(joinable("-"));
        assert!(joinable(". "));
        assert!(!joinable(", "));
        assert!(!joinable("  \n"));
    }
}
