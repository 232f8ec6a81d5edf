//! Per-document context: the annotations every extraction step reads.

use crate::places::{PlaceHit, PlaceResolver};
use crate::quotes::{find_quotes, in_quote};
use sitrep_core::{Document, PartialDate, Span};
use sitrep_nlp::lexicon::Cue;
use sitrep_nlp::people::{find_people, PeopleOptions, PersonEntity, PersonMention};
use sitrep_nlp::{AnnotateOptions, Annotations};

/// Lines that are site furniture, not article text.
const BOILERPLATE_LINES: &[&str] = &[
    "advert",
    "advertisement",
    "- advertisement -",
    "related articles",
    "latest articles",
    "read more",
    "share this article",
    "share",
    "subscribe",
    "sponsored",
];

/// Length in bytes of the longest of [`BOILERPLATE_LINES`].
const BOILERPLATE_MAX_LEN: usize = 18;

/// Bytes a cue phrase of the lexicon spans at most (its longest phrase is far shorter).
const MAX_CUE_LEN: usize = 64;

/// Everything known about one document before incidents are built.
pub struct Ctx<'a> {
    /// The document text.
    pub text: &'a str,
    /// Publication date.
    pub published: Option<PartialDate>,
    /// Annotations.
    pub ann: Annotations,
    /// Lowercased token texts.
    pub lower: Vec<String>,
    /// Quotation spans, sorted.
    pub quotes: Vec<Span>,
    /// First byte of the article (after any site header before the title).
    pub body_start: usize,
    /// Sentences that make up the title (or, when the title is not in the text, the lead
    /// sentence that stands for it).
    pub title_sentences: Vec<usize>,
    /// True when the title is a line of the text (not the lead standing for it).
    pub title_in_text: bool,
    /// The document's title when it is not part of the text (metadata of an HTML page
    /// or a JSON Lines record), lowercased: places it names count as named in the title.
    pub outside_title: Option<String>,
    /// Sentences that are site furniture.
    pub boilerplate: Vec<bool>,
    /// Resolved places (not inside the header).
    pub places: Vec<PlaceHit>,
    /// Names of the groups the gazetteer does not list, found in this document
    /// ([`crate::new_groups`]): a group mention with index `GROUPS.len() + k` is the k-th.
    pub new_group_names: Vec<String>,
    /// Person mentions.
    pub persons: Vec<PersonMention>,
    /// Person entities.
    pub entities: Vec<PersonEntity>,
}

impl<'a> Ctx<'a> {
    /// Annotates `doc`.
    pub fn new(doc: &'a Document, resolver: &dyn PlaceResolver, opts: AnnotateOptions) -> Ctx<'a> {
        let text = doc.text.as_str();
        let ann = Annotations::new(text, opts);
        let lower = ann
            .tokens
            .iter()
            .map(|t| {
                let w = t.text(text);
                // ASCII needs neither Unicode case mapping nor quote folding.
                let lw = if w.is_ascii() {
                    w.to_ascii_lowercase()
                } else {
                    w.to_lowercase().replace(['’', '‘'], "'")
                };
                normal_spelling(lw)
            })
            .collect();
        let quotes = find_quotes(text);
        // The article starts at its title when the title is in the text; what comes before
        // is a site header (weather, a city, a date) and is never evidence.
        let title_pos = doc
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| t.len() >= 8)
            .and_then(|t| text.find(t).map(|p| (p, p + t.len())));
        let body_start = title_pos.map_or(0, |(s, _)| s);
        let title_sentences: Vec<usize> = match title_pos {
            Some((s, e)) => ann
                .sentences
                .iter()
                .enumerate()
                .filter(|(_, x)| x.span.overlaps(Span::new(s, e)))
                .map(|(i, _)| i)
                .collect(),
            // The lead stands for the title: its first sentence that is more than a date
            // line ("Friday, January 4, 2019").
            None => ann
                .sentences
                .iter()
                .enumerate()
                .filter(|(_, s)| s.span.start >= body_start)
                .find(|(_, s)| !date_only(&ann, s.span))
                .map(|(i, _)| i)
                .into_iter()
                .collect(),
        };
        let outside_title = match title_pos {
            Some(_) => None,
            None => doc.title.as_deref().map(str::to_lowercase),
        };
        let boilerplate = ann
            .sentences
            .iter()
            .map(|s| {
                if s.span.end <= body_start {
                    return true;
                }
                let line = text[s.span.start..s.span.end].trim();
                // Lowercasing shrinks a text at most threefold ('K', U+212A → 'k'), so a
                // longer line cannot be furniture; skip copying it.
                (line.len() <= 3 * BOILERPLATE_MAX_LEN
                    && BOILERPLATE_LINES.contains(&line.to_lowercase().as_str()))
                    || photo_caption(line_of(text, s.span))
            })
            .collect();
        let mut places: Vec<PlaceHit> = resolver
            .places(text)
            .into_iter()
            .filter(|p| p.span.start >= body_start && p.span.slice(text).is_some())
            .collect();
        // A small town abroad that nothing else in the document points to is a wrong
        // reading of a local name.
        // "Molotov cocktails": a weapon's name is no place
        // (cues are short phrases: those overlapping a name start shortly before it)
        places.retain(|p| {
            let near = Span::new(p.span.start.saturating_sub(MAX_CUE_LEN), p.span.end);
            !ann.cues[ann.cues_in(near)].iter().any(|c| {
                c.span.overlaps(p.span) && c.cues().iter().any(|k| matches!(k, Cue::Weapon(_)))
            })
        });
        // "the West Bank settlement of Dolev": a town's country as the report states it
        crate::gaps::stated_countries(text, &ann.tokens, &mut places);
        let strays = crate::gaps::foreign_strays(text, &places);
        let mut k = 0;
        places.retain(|_| {
            k += 1;
            !strays.contains(&(k - 1))
        });
        // "killed four Marines", "two Americans": a name counted by a number is people,
        // not a place (a year before a name, "the 2015 Paris attacks", still places).
        places.retain(|p| !counted(&ann, p.span));
        // Groups the gazetteer does not list, from the words around them.
        let mut ann = ann;
        let new_group_names = if opts.lowercase_text {
            Vec::new()
        } else {
            let (mentions, names) = crate::new_groups::find(
                text,
                &ann.tokens,
                &ann.groups,
                &places,
                sitrep_nlp::groups::GROUPS.len(),
            );
            ann.groups.extend(mentions);
            ann.groups.sort_by_key(|g| g.span.start);
            names
        };
        let mut blocked: Vec<Span> = places.iter().map(|p| p.span).collect();
        blocked.extend(ann.groups.iter().map(|g| g.span));
        blocked.extend(
            ann.cues
                .iter()
                .filter(|c| c.cues().iter().any(|k| matches!(k, Cue::Channel(_))))
                .map(|c| c.span),
        );
        let (persons, entities) = find_people(
            text,
            &ann.tokens,
            &ann.sentences,
            &PeopleOptions {
                blocked: blocked.clone(),
            },
        );
        // Places the gazetteer does not know, where the wording says they are places.
        if !opts.lowercase_text {
            blocked.extend(persons.iter().map(|p| p.span));
            let unknown =
                crate::gaps::unknown_places(text, &ann.tokens, &ann.sentences, &places, &blocked);
            places.extend(unknown.into_iter().filter(|p| p.span.start >= body_start));
        }
        // in text order: `places_in` searches them
        places.sort_by_key(|p| p.span.start);
        Ctx {
            text,
            published: doc.published,
            ann,
            lower,
            quotes,
            body_start,
            title_sentences,
            title_in_text: title_pos.is_some(),
            outside_title,
            boilerplate,
            places,
            new_group_names,
            persons,
            entities,
        }
    }

    /// The canonical name of a group mention: the gazetteer's, or the name a new group
    /// was introduced by.
    pub fn group_name(&self, g: &sitrep_nlp::groups::GroupMention) -> &str {
        let n = sitrep_nlp::groups::GROUPS.len();
        if g.group >= n {
            self.new_group_names
                .get(g.group - n)
                .map_or("(unnamed group)", String::as_str)
        } else {
            g.entry().name
        }
    }

    /// Lowercased token `i` ("" out of range).
    pub fn lw(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", String::as_str)
    }

    /// True when token `i` starts with a capital letter (false out of range).
    pub fn capitalised(&self, i: usize) -> bool {
        self.ann
            .tokens
            .get(i)
            .and_then(|t| t.span.slice(self.text))
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
    }

    /// Indices of the places that start inside `span` (places are in text order).
    pub fn places_in(&self, span: Span) -> std::ops::Range<usize> {
        let a = self.places.partition_point(|p| p.span.start < span.start);
        let b = self.places.partition_point(|p| p.span.start < span.end);
        a..b.max(a)
    }

    /// True when `span` is quoted.
    pub fn quoted(&self, span: Span) -> bool {
        in_quote(&self.quotes, span)
    }

    /// Sentence index of token `t`.
    pub fn sentence_of_token(&self, t: usize) -> usize {
        self.ann
            .sentences
            .partition_point(|s| s.end_token <= t)
            .min(self.ann.sentences.len().saturating_sub(1))
    }

    /// Token range of sentence `s`.
    pub fn sentence_range(&self, s: usize) -> std::ops::Range<usize> {
        self.ann
            .sentences
            .get(s)
            .map_or(0..0, |x| x.first_token..x.end_token)
    }

    /// True for sentences of the article proper (not header or boilerplate).
    pub fn in_body(&self, s: usize) -> bool {
        !self.boilerplate.get(s).copied().unwrap_or(true)
    }

    /// Token index of the first token at or after byte `pos`.
    pub fn token_at(&self, pos: usize) -> usize {
        self.ann.token_at(pos)
    }

    /// True when sentence `s` contains any of the lowercase tokens `words`.
    pub fn sentence_has(&self, s: usize, words: &[&str]) -> bool {
        self.sentence_range(s).any(|i| words.contains(&self.lw(i)))
    }

    /// True when sentence `s` opens on one of the lowercase token sequences `openings`.
    pub fn opens_with(&self, s: usize, openings: &[&[&str]]) -> bool {
        let r = self.sentence_range(s);
        openings.iter().any(|o| {
            self.has_phrase(r.start..(r.start + o.len()).min(r.end), o)
                .is_some()
        })
    }

    /// True when the lowercase token sequence `phrase` occurs in token range `r`.
    pub fn has_phrase(&self, r: std::ops::Range<usize>, phrase: &[&str]) -> Option<usize> {
        if phrase.is_empty() || r.len() < phrase.len() {
            return None;
        }
        (r.start..=r.end - phrase.len())
            .find(|&i| phrase.iter().enumerate().all(|(k, w)| self.lw(i + k) == *w))
    }
}

/// True when a small number (two or more) stands right before `span` ("four Marines",
/// "2 Americans"); "a Kabul hospital" and "one Israeli" keep their place.
fn counted(ann: &Annotations, span: Span) -> bool {
    let t = ann.tokens.partition_point(|t| t.span.start < span.start);
    let k = ann.numbers.partition_point(|n| n.end_token < t);
    ann.numbers.get(k).is_some_and(|n| {
        n.end_token == t && (2..1000).contains(&n.value) && !n.vague && n.span.end <= span.start
    }) && !ann.dates.iter().any(|d| d.span.contains(span))
}

/// The line (text between line breaks) holding `span`, at most 600 bytes on either side.
fn line_of(text: &str, span: Span) -> &str {
    let lo = span.start.saturating_sub(600);
    let hi = (span.end + 600).min(text.len());
    let lo = (lo..=span.start)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(span.start);
    let hi = (hi..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let start = text[lo..span.start].rfind('\n').map_or(lo, |i| lo + i + 1);
    let end = text[span.end..hi].find('\n').map_or(hi, |i| span.end + i);
    text[start..end].trim()
}

/// Credits that mark a line as a photo's caption, not article text: "… June 17, 2022.
/// - REUTERS", "… (AP Photo/J. Doe)", "Photo: J. Doe", "REUTERS/J. Doe".
const PHOTO_CREDITS: &[&str] = &[
    "(ap photo",
    "reuters/",
    "/reuters",
    "afp photo",
    "/afp",
    "getty images",
    "photo:",
    "photo/",
    "photograph:",
    "image caption",
    "photo credit",
    "in this photo",
    "in this image",
    "in this file photo",
    "epa/",
];

/// Agencies whose name alone closes a caption after a dash: "… 2022. - REUTERS".
const CREDIT_AGENCIES: &[&str] = &["reuters", "afp", "ap", "epa", "xinhua"];

/// True when `line` is a photo caption: it carries a photo credit, or ends with a dash
/// and an agency's name ("…, June 17, 2022. - REUTERS"). A caption describes a picture,
/// often of another day's event; the article's own sentences say what happened.
pub fn photo_caption(line: &str) -> bool {
    if line.len() > 1200 {
        return false;
    }
    let l = line.to_lowercase();
    if PHOTO_CREDITS
        .iter()
        .any(|m| l.starts_with(m) || (m.contains(['/', ':', '(']) && l.contains(m)))
    {
        return true;
    }
    let Some((head, tail)) = l.rsplit_once([' ', '\u{a0}']) else {
        return false;
    };
    let head = head.trim_end();
    // a sentence, not a "City - AGENCY" dateline
    let dash = head.ends_with(['-', '–', '—', '|']) && head.split_whitespace().count() > 8;
    let agency = tail.trim_matches(|c: char| !c.is_alphanumeric());
    dash && CREDIT_AGENCIES.contains(&agency)
}

/// True when every word of `span` belongs to a date mention ("Friday, January 4, 2019"):
/// a date line, not a sentence of the article.
fn date_only(ann: &Annotations, span: Span) -> bool {
    let words: Vec<Span> = ann
        .tokens
        .iter()
        .filter(|t| span.contains(t.span) && t.kind != sitrep_nlp::text::TokenKind::Punct)
        .map(|t| t.span)
        .collect();
    !words.is_empty()
        && words
            .iter()
            .all(|w| ann.dates.iter().any(|d| d.span.contains(*w)))
}

/// Misspellings real reports print of the words claims and tolls turn on, read as the
/// word ("claimed responsiblity for the bombings"). Evidence still quotes the text.
const MISSPELLINGS: &[(&str, &str)] = &[
    ("responsiblity", "responsibility"),
    ("responsibilty", "responsibility"),
    ("resposibility", "responsibility"),
    ("responsability", "responsibility"),
    ("claimd", "claimed"),
    ("kiled", "killed"),
    ("injurred", "injured"),
    ("woundded", "wounded"),
];

fn normal_spelling(w: String) -> String {
    match MISSPELLINGS.iter().find(|(bad, _)| *bad == w) {
        Some((_, good)) => (*good).to_string(),
        None => w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_max_len_is_the_longest_line() {
        let longest = BOILERPLATE_LINES.iter().map(|l| l.len()).max();
        assert_eq!(longest, Some(BOILERPLATE_MAX_LEN));
    }

    #[test]
    fn photo_captions_are_no_article_text() {
        // fictional captions in the shapes agencies use
        assert!(photo_caption(
            "Two weeks ago, gunmen attacked a church killing 40 people in Port Town, Coastland, June 17, 2022. - REUTERS"
        ));
        assert!(photo_caption(
            "Police officers guard the market after the blast in Port Town. (AP Photo/Jane Doe)"
        ));
        assert!(photo_caption("Rescuers search the rubble. Photo: Jane Doe"));
        // a dateline and article sentences are not captions
        assert!(!photo_caption("PORT TOWN - AP"));
        assert!(!photo_caption(
            "Gunmen killed eight people in an attack on two churches on Sunday, an official said."
        ));
        assert!(!photo_caption(
            "The AP reported that the attackers fled on motorcycles after the raid on the village."
        ));
    }

    #[test]
    fn a_caption_line_is_boilerplate() {
        let text = "Gunmen kill eight in church attack\n\nTwo weeks ago, gunmen attacked a church killing 40 people in Port Town, June 17, 2022. - REUTERS\n\nGunmen killed eight people in an attack on a church on Sunday.\n";
        let line = line_of(text, Span::new(40, 60));
        assert!(line.starts_with("Two weeks ago") && line.ends_with("REUTERS"));
        assert!(photo_caption(line));
        assert_eq!(
            line_of(text, Span::new(0, 5)),
            "Gunmen kill eight in church attack"
        );
    }
}
