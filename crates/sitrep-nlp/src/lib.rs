//! Segmentation and annotators of sitrep.
//!
//! Stages, each a module with its own tests:
//!
//! * [`text`]: tokens and sentences as byte spans of the original text;
//! * [`numbers`]: cardinals in digits and words;
//! * [`dates`]: absolute and relative dates, resolved against publication;
//! * [`groups`]: the group gazetteer (canonical names and aliases);
//! * [`lexicon`]: attack, weapon and target cues mapped to GTD types, claim
//!   channels, and words that mark state actions and legal events;
//! * [`people`]: person names with their titles, grouped by surname;
//! * [`speech`]: verbs of reported speech and the role words that tell an
//!   official from a group's voice and from anyone else.
//!
//! Places are resolved by `sitrep-geo`. This crate finds things in text; it does
//! not decide which incident they belong to (that is `sitrep-extract`).
#![deny(missing_docs)]

pub mod dates;
pub mod groups;
pub mod lexicon;
pub mod numbers;
mod offsets;
pub mod people;
pub mod speech;
pub mod text;

use sitrep_core::Span;

/// Options for [`Annotations::new`].
#[derive(Debug, Clone, Copy, Default)]
pub struct AnnotateOptions {
    /// The text has no letter case (MUC-4): relax capitalisation tests.
    pub lowercase_text: bool,
}

/// Everything the annotators found in one text, all as spans of it.
#[derive(Debug, Clone)]
pub struct Annotations {
    /// Tokens.
    pub tokens: Vec<text::Token>,
    /// Sentences.
    pub sentences: Vec<text::Sentence>,
    /// Numbers.
    pub numbers: Vec<numbers::NumberMention>,
    /// Date expressions.
    pub dates: Vec<dates::DateMention>,
    /// Group names.
    pub groups: Vec<groups::GroupMention>,
    /// Cue phrases.
    pub cues: Vec<lexicon::CueMention>,
}

impl Annotations {
    /// Runs the annotators that need nothing but the text.
    pub fn new(text: &str, opts: AnnotateOptions) -> Annotations {
        let tokens = text::tokenize(text);
        let sentences = text::sentences(text, &tokens, opts.lowercase_text);
        let numbers = numbers::find_numbers(text, &tokens);
        let dates = dates::find_dates(text, &tokens);
        let groups = groups::find_groups(text, opts.lowercase_text);
        let cues = lexicon::find_cues(text);
        Annotations {
            tokens,
            sentences,
            numbers,
            dates,
            groups,
            cues,
        }
    }

    /// Indices of the cues that start inside `span` (cues are in text order and do not
    /// overlap), found by binary search: a per-sentence look at the cues costs the
    /// sentence's cues, not the document's.
    pub fn cues_in(&self, span: Span) -> std::ops::Range<usize> {
        let a = self.cues.partition_point(|c| c.span.start < span.start);
        let b = self.cues.partition_point(|c| c.span.start < span.end);
        a..b.max(a)
    }

    /// Index of the sentence containing byte `pos` (the last one starting at or before it).
    pub fn sentence_of(&self, pos: usize) -> usize {
        match self.sentences.binary_search_by(|s| s.span.start.cmp(&pos)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    /// Index of the first token starting at or after byte `pos`.
    pub fn token_at(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < pos)
    }

    /// Tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[text::Token] {
        self.sentences
            .get(i)
            .map_or(&[], |s| &self.tokens[s.first_token..s.end_token])
    }

    /// The span of sentence `i`.
    pub fn sentence_span(&self, i: usize) -> Span {
        self.sentences.get(i).map_or(Span::new(0, 0), |s| s.span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_in_a_span_are_those_a_scan_finds() {
        let text =
            "A bomb exploded in Kabul. Gunmen opened fire on a bus. No one claimed the attack.";
        let ann = Annotations::new(text, AnnotateOptions::default());
        for s in &ann.sentences {
            let scan: Vec<usize> = (0..ann.cues.len())
                .filter(|&i| s.span.contains(ann.cues[i].span))
                .collect();
            let found: Vec<usize> = ann
                .cues_in(s.span)
                .filter(|&i| s.span.contains(ann.cues[i].span))
                .collect();
            assert_eq!(found, scan);
        }
        assert!(ann.cues_in(Span::new(5, 5)).is_empty());
    }
}
