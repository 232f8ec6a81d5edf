//! Tokens and sentences with byte offsets into the original text.
//!
//! The tokenizer never rewrites the text: every token is a [`Span`] of it, so
//! evidence quoted from tokens is always an exact slice.

use sitrep_core::Span;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with inner hyphens or apostrophes: "al-Qaeda", "Be'er").
    Word,
    /// Digits, with inner `,` or `.` ("1,000", "53.5").
    Number,
    /// A single punctuation or symbol character.
    Punct,
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
}

impl Token {
    /// Its text in `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.start..self.span.end]
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '‘' | '\u{2010}' | '\u{2011}')
}

/// Capitalised words that open a sentence and that scraped pages glue to the last word
/// of the line before ("AdvertisementNo one has…", "…in SyriaThe desert…").
const GLUED_OPENERS: &[&str] = &[
    // Not "In", "On", "It", "As", "An", "If", "He", "We": they end names ("LinkedIn").
    "The",
    "A",
    "No",
    "But",
    "And",
    "She",
    "They",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "When",
    "After",
    "Before",
    "While",
    "Since",
    "According",
    "Some",
    "Many",
    "Our",
    "Police",
];

/// True when the word starting at byte `j` of `text` is a glued sentence opener: the
/// character before it is a lowercase letter and the opener ends the alphanumeric run.
fn glued_opener_at(text: &str, j: usize, prev: char) -> bool {
    if !prev.is_lowercase() {
        return false;
    }
    let Some(rest) = text.get(j..) else {
        return false;
    };
    let len = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(k, _)| k);
    GLUED_OPENERS.contains(&&rest[..len])
}

/// True when byte `pos` of `text` falls between a word and a sentence opener glued to it
/// ("Syria|The"), where the tokenizer splits: annotators that match on the raw text treat
/// it as a word boundary.
pub fn glued_break(text: &str, pos: usize) -> bool {
    text.get(..pos)
        .and_then(|b| b.chars().next_back())
        .is_some_and(|prev| glued_opener_at(text, pos, prev))
}

/// Splits `text` into tokens. Apart from punctuation, a word ends where a capitalised
/// sentence opener is glued to it ([`GLUED_OPENERS`]); the two tokens then touch, which
/// [`sentences`] reads as a sentence boundary.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let mut end = i + c.len_utf8();
            let mut all_digits = numeric;
            let mut last = c;
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() {
                    if d.is_uppercase() && glued_opener_at(text, j, last) {
                        break;
                    }
                    last = d;
                    all_digits &= d.is_ascii_digit();
                    end = j + d.len_utf8();
                    it.next();
                    continue;
                }
                // Inner joiners and number separators are kept when followed by an alphanumeric.
                let joins = if all_digits {
                    matches!(d, ',' | '.')
                } else {
                    is_inner_joiner(d)
                };
                if joins {
                    let after = text[j + d.len_utf8()..].chars().next();
                    let ok = match after {
                        Some(a) if all_digits => a.is_ascii_digit(),
                        Some(a) => a.is_alphanumeric(),
                        None => false,
                    };
                    if ok {
                        it.next();
                        end = j + d.len_utf8();
                        continue;
                    }
                }
                break;
            }
            let kind = if all_digits {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                span: Span::new(i, end),
                kind,
            });
        } else {
            out.push(Token {
                span: Span::new(i, i + c.len_utf8()),
                kind: TokenKind::Punct,
            });
        }
    }
    out
}

/// A sentence: a span of the text and the range of its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Where it is.
    pub span: Span,
    /// Index of its first token.
    pub first_token: usize,
    /// One past its last token.
    pub end_token: usize,
    /// Index of the paragraph (line block) it belongs to.
    pub paragraph: usize,
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "gov", "sen", "rep", "capt", "cpl",
    "maj", "prof", "rev", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "no", "vs", "etc", "inc", "co", "corp", "jr", "sr", "u.s", "d.c", "u.k", "u.n", "e.g", "i.e",
    "mt", "ft", "gov't", "approx",
];

/// `w.to_lowercase()`, without allocating for lowercase ASCII (most tokens).
pub(crate) fn lower(w: &str) -> std::borrow::Cow<'_, str> {
    if w.is_ascii() {
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(w.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(w)
        }
    } else {
        std::borrow::Cow::Owned(w.to_lowercase())
    }
}

fn is_abbreviation(word: &str) -> bool {
    let lw = lower(word);
    ABBREVIATIONS.contains(&lw.as_ref())
        || (word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()))
}

/// The longest sentence, in tokens. News sentences run to 60 or 80 tokens; a longer run
/// is a text without full stops.
pub const MAX_SENTENCE_TOKENS: usize = 160;

/// Splits tokenized text into sentences. A sentence ends at `.`, `!` or `?`
/// (with any closing quotes) followed by a plausible sentence start, at every line
/// break, and after [`MAX_SENTENCE_TOKENS`] tokens. `lowercase_text` relaxes the "next
/// word is capitalised" test for texts written without case (MUC-4).
pub fn sentences(text: &str, tokens: &[Token], lowercase_text: bool) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start_tok = 0usize;
    let mut paragraph = 0usize;
    let mut i = 0usize;
    let push = |out: &mut Vec<Sentence>, s: usize, e: usize, p: usize| {
        if s < e {
            out.push(Sentence {
                span: Span::new(tokens[s].span.start, tokens[e - 1].span.end),
                first_token: s,
                end_token: e,
                paragraph: p,
            });
        }
    };
    while i < tokens.len() {
        // A run without a full stop (a ticker, a table, a scraped list) ends every
        // MAX_SENTENCE_TOKENS tokens: the decisions read words within a sentence, so a
        // bounded sentence keeps their cost linear in the text.
        if i - start_tok >= MAX_SENTENCE_TOKENS {
            push(&mut out, start_tok, i, paragraph);
            start_tok = i;
        }
        // Line break between token i-1 and i ends the sentence.
        if i > start_tok {
            let gap = &text[tokens[i - 1].span.end..tokens[i].span.start];
            if gap.contains('\n') {
                push(&mut out, start_tok, i, paragraph);
                start_tok = i;
                paragraph += 1;
            }
        }
        // "…in 1974.==The bombing==The gang…": wiki headings run into the text. A run of
        // two or more "=" opens a heading (ending the sentence before it) or closes one
        // (ending the heading).
        if tokens[i].kind == TokenKind::Punct
            && tokens[i].text(text) == "="
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.text(text) == "=" && n.span.start == tokens[i].span.end)
        {
            let mut j = i;
            while j < tokens.len() && tokens[j].text(text) == "=" {
                j += 1;
            }
            let in_heading = tokens[start_tok].text(text) == "=";
            if in_heading && start_tok < i {
                push(&mut out, start_tok, j, paragraph);
                start_tok = j;
            } else {
                push(&mut out, start_tok, i, paragraph);
                start_tok = i;
            }
            i = j;
            continue;
        }
        // Two words that touch were split by the tokenizer at a glued sentence opener.
        if i > start_tok
            && tokens[i].kind == TokenKind::Word
            && tokens[i - 1].kind == TokenKind::Word
            && tokens[i - 1].span.end == tokens[i].span.start
        {
            push(&mut out, start_tok, i, paragraph);
            start_tok = i;
        }
        let t = tokens[i];
        let tt = t.text(text);
        if t.kind == TokenKind::Punct && matches!(tt, "." | "!" | "?" | "…") {
            // absorb closing quotes/brackets
            let mut j = i + 1;
            while j < tokens.len()
                && tokens[j].kind == TokenKind::Punct
                && matches!(
                    tokens[j].text(text),
                    "\"" | "'" | "”" | "’" | ")" | "]" | "." | "!" | "?"
                )
                && tokens[j].span.start == tokens[j - 1].span.end
            {
                j += 1;
            }
            // The word a full stop is glued to, if any: "Mr" in "Mr.", "Ireland" in "Ireland.By".
            let glued = (tt == "."
                && i > start_tok
                && tokens[i - 1].kind == TokenKind::Word
                && tokens[i - 1].span.end == t.span.start)
                .then(|| tokens[i - 1].text(text));
            let prev_abbrev = glued.is_some_and(is_abbreviation);
            let next_ok = match tokens.get(j) {
                None => true,
                Some(n) => {
                    let spaced = n.span.start > tokens[j - 1].span.end;
                    let nt = n.text(text);
                    let first = nt.chars().next().unwrap_or(' ');
                    // "…in Northern Ireland.By the end of…": paragraphs of a page run
                    // together without a space. A word of three letters or more, a full
                    // stop, then a capitalised word ends a sentence all the same.
                    // (closing quotes may sit between: "…the Islamic State.”An FBI…")
                    let run_together = !spaced
                        && n.kind == TokenKind::Word
                        && glued.is_some_and(|prev| {
                            prev.chars().count() >= 3 && prev.chars().any(char::is_lowercase)
                        })
                        && {
                            let mut c = nt.chars();
                            let upper = c.next().is_some_and(char::is_uppercase);
                            match c.next() {
                                Some(second) => upper && second.is_lowercase(),
                                // "…near the finish line.A senior official…"
                                None => {
                                    matches!(nt, "A" | "I")
                                        && tokens.get(j + 1).is_some_and(|a| {
                                            a.span.start > n.span.end && a.kind == TokenKind::Word
                                        })
                                }
                            }
                        };
                    run_together
                        || spaced
                            && (lowercase_text
                                || first.is_uppercase()
                                || first.is_ascii_digit()
                                || matches!(nt, "\"" | "“" | "‘" | "'" | "(" | "["))
                }
            };
            if !prev_abbrev && next_ok {
                push(&mut out, start_tok, j, paragraph);
                start_tok = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    push(&mut out, start_tok, tokens.len(), paragraph);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_matches_to_lowercase_and_borrows_lowercase_ascii() {
        for w in [
            "attack",
            "Attack",
            "ATTACK",
            "Émile",
            "İstanbul",
            "K",
            "’s",
            "",
        ] {
            assert_eq!(lower(w), w.to_lowercase(), "{w}");
        }
        assert!(matches!(lower("police"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(lower("Police"), std::borrow::Cow::Owned(_)));
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn a_run_without_full_stops_is_cut_into_bounded_sentences() {
        let text = "bomb killed 3 in Kabul on Friday ".repeat(200);
        let toks = tokenize(&text);
        let ss = sentences(&text, &toks, false);
        assert!(ss.len() > 1);
        assert!(ss
            .iter()
            .all(|s| s.end_token - s.first_token <= MAX_SENTENCE_TOKENS));
        // every token is in exactly one sentence, in order
        assert_eq!(ss.first().map(|s| s.first_token), Some(0));
        assert_eq!(ss.last().map(|s| s.end_token), Some(toks.len()));
        assert!(ss.windows(2).all(|w| w[0].end_token == w[1].first_token));
        // a sentence of news length is untouched
        let one = "Gunmen killed three people in Kabul on Friday, officials said.";
        assert_eq!(sentences(one, &tokenize(one), false).len(), 1);
    }

    #[test]
    fn tokens_keep_inner_hyphens_apostrophes_and_number_separators() {
        assert_eq!(
            words("al-Qaeda's 1,200 men, Be’er Sheva; 53.5 F."),
            vec![
                "al-Qaeda's",
                "1,200",
                "men",
                ",",
                "Be’er",
                "Sheva",
                ";",
                "53.5",
                "F",
                "."
            ]
        );
        assert_eq!(words("ISIS-K-"), vec!["ISIS-K", "-"]);
    }

    #[test]
    fn every_token_is_an_exact_slice() {
        let text = "Café «attack» — 3 dead, “two” hurt…";
        for t in tokenize(text) {
            assert!(text.get(t.span.start..t.span.end).is_some());
        }
    }

    /// The sentences of `text`, as strings.
    fn split(text: &str) -> Vec<&str> {
        let toks = tokenize(text);
        sentences(text, &toks, false)
            .iter()
            .map(|s| &text[s.span.start..s.span.end])
            .collect()
    }

    #[test]
    fn sentences_respect_abbreviations_and_line_breaks() {
        let text =
            "Mr. Smith met U.S. officials. They left!\nA new line starts. \"Quoted.\" Then 5 men.";
        assert_eq!(
            split(text),
            vec![
                "Mr. Smith met U.S. officials.",
                "They left!",
                "A new line starts.",
                "\"Quoted.\"",
                "Then 5 men."
            ]
        );
    }

    #[test]
    fn sentences_run_together_without_a_space_are_split() {
        let text = "It was the worst year in Northern Ireland.By the end of it, 400 had died. \
                    Officials in the U.S.Army and Mr.Smith spoke. See example.com.";
        assert_eq!(
            split(text),
            vec![
                "It was the worst year in Northern Ireland.",
                "By the end of it, 400 had died.",
                "Officials in the U.S.Army and Mr.Smith spoke.",
                "See example.com."
            ]
        );
    }

    #[test]
    fn wiki_headings_run_into_the_text_are_their_own_sentences() {
        assert_eq!(
            split("It ended in 1974.==The bombing==The gang planted a bomb. ==Aftermath== None."),
            vec![
                "It ended in 1974.",
                "==The bombing==",
                "The gang planted a bomb.",
                "==Aftermath==",
                "None."
            ]
        );
    }

    #[test]
    fn sentence_openers_glued_to_the_previous_line_are_split() {
        let text =
            "Roadside bomb kills two in SyriaThe desert is calm. Troops left.AdvertisementNo \
                    group spoke near the finish line.A senior official and McDonald met. \
                    He said “it was planned.”An agent agreed. See YouTube and LinkedIn.";
        assert_eq!(
            split(text),
            vec![
                "Roadside bomb kills two in Syria",
                "The desert is calm.",
                "Troops left.",
                "Advertisement",
                "No group spoke near the finish line.",
                "A senior official and McDonald met.",
                "He said “it was planned.”",
                "An agent agreed.",
                "See YouTube and LinkedIn."
            ]
        );
        let toks = tokenize("SyriaThe");
        assert_eq!(toks.len(), 2);
        assert_eq!(
            (toks[0].span, toks[1].span),
            (Span::new(0, 5), Span::new(5, 8))
        );
    }

    #[test]
    fn lowercase_mode_splits_before_lowercase_words() {
        let text = "the police said. two men died.";
        let toks = tokenize(text);
        assert_eq!(sentences(text, &toks, false).len(), 1);
        assert_eq!(sentences(text, &toks, true).len(), 2);
    }
}
