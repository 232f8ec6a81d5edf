//! Cardinal numbers written in digits or words, with their spans.
//!
//! "5", "1,200", "five", "twenty-five", "a dozen", "two hundred", "3 million".
//! Vague quantities ("dozens", "hundreds") are returned with `vague = true` and
//! their lower bound (dozens → 24), so a caller can decide whether they count.

use crate::text::{lower, Token, TokenKind};
use sitrep_core::Span;

/// A number found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberMention {
    /// The words or digits.
    pub span: Span,
    /// Its value (the lower bound for vague quantities).
    pub value: u64,
    /// True for "dozens", "hundreds", "scores".
    pub vague: bool,
    /// First token.
    pub first_token: usize,
    /// One past the last token.
    pub end_token: usize,
}

fn unit_word(w: &str) -> Option<u64> {
    Some(match w {
        "zero" | "no" => 0,
        "one" | "a" | "an" | "single" => 1,
        "two" | "both" | "couple" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

fn tens_word(w: &str) -> Option<u64> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn scale_word(w: &str) -> Option<u64> {
    Some(match w {
        "dozen" => 12,
        "hundred" => 100,
        "thousand" => 1_000,
        "million" => 1_000_000,
        _ => return None,
    })
}

fn vague_word(w: &str) -> Option<u64> {
    Some(match w {
        "dozens" => 24,
        "scores" => 40,
        "hundreds" => 200,
        "thousands" => 2_000,
        _ => return None,
    })
}

/// Value of one word such as "five", "twenty-five", "twelve".
fn simple_word_value(w: &str) -> Option<u64> {
    if let Some(v) = unit_word(w) {
        return Some(v);
    }
    if let Some(v) = tens_word(w) {
        return Some(v);
    }
    // twenty-five
    let (a, b) = w.split_once('-')?;
    Some(tens_word(a)? + unit_word(b).filter(|&u| (1..=9).contains(&u))?)
}

fn digits_value(w: &str) -> Option<u64> {
    if w.contains('.') {
        // "1.5" (million) is handled by the caller; plain decimals are not counts.
        return None;
    }
    let cleaned: String = w.chars().filter(|c| *c != ',').collect();
    if cleaned.len() > 12 {
        return None;
    }
    cleaned.parse().ok()
}

/// Parses the number starting at token `i`, if any.
pub fn number_at(text: &str, tokens: &[Token], i: usize) -> Option<NumberMention> {
    let tok = tokens.get(i)?;
    let first = tok.text(text);
    let lw = lower(first);
    let mk = |value: u64, end: usize, vague: bool| NumberMention {
        span: Span::new(tok.span.start, tokens[end - 1].span.end),
        value,
        vague,
        first_token: i,
        end_token: end,
    };
    let next_lower = |j: usize| tokens.get(j).map(|t| lower(t.text(text)));
    if tok.kind == TokenKind::Number {
        if let Some(v) = digits_value(first) {
            // "3 million", "2 dozen"
            if let Some(s) = next_lower(i + 1).as_deref().and_then(scale_word) {
                return Some(mk(v.saturating_mul(s), i + 2, false));
            }
            return Some(mk(v, i + 1, false));
        }
        return None;
    }
    if tok.kind != TokenKind::Word {
        return None;
    }
    if let Some(v) = vague_word(&lw) {
        return Some(mk(v, i + 1, true));
    }
    // "a dozen", "a hundred"
    if lw == "a" || lw == "an" {
        let n = next_lower(i + 1)?;
        if let Some(s) = scale_word(&n) {
            return Some(mk(s, i + 2, false));
        }
        return None;
    }
    if matches!(lw.as_ref(), "no" | "both" | "couple" | "single" | "dozen") {
        return None; // only meaningful in fixed phrases handled elsewhere
    }
    let mut total = 0u64;
    let mut current = simple_word_value(&lw)?;
    let mut j = i + 1;
    while let Some(n) = next_lower(j) {
        if let Some(s) = scale_word(&n) {
            current = current.saturating_mul(s);
            if s >= 1000 {
                total += current;
                current = 0;
            }
            j += 1;
            continue;
        }
        if n == "and" {
            // "two hundred and fifty"
            if let Some(v) = next_lower(j + 1).as_deref().and_then(simple_word_value) {
                if current >= 100 || total > 0 {
                    current += v;
                    j += 2;
                    continue;
                }
            }
            break;
        }
        if current % 100 == 0 && current > 0 {
            if let Some(v) = simple_word_value(&n) {
                current += v;
                j += 1;
                continue;
            }
        }
        break;
    }
    Some(mk(total + current, j, false))
}

/// Every number in the text, left to right, not overlapping.
pub fn find_numbers(text: &str, tokens: &[Token]) -> Vec<NumberMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(n) = number_at(text, tokens, i) {
            i = n.end_token;
            out.push(n);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn values(text: &str) -> Vec<(String, u64, bool)> {
        let toks = tokenize(text);
        find_numbers(text, &toks)
            .into_iter()
            .filter(|n| !matches!(&text[n.span.start..n.span.end], "a" | "an" | "A" | "An"))
            .map(|n| (text[n.span.start..n.span.end].to_string(), n.value, n.vague))
            .collect()
    }

    #[test]
    fn digits_words_and_compounds() {
        assert_eq!(
            values("killing 5 and injuring 1,200"),
            vec![("5".into(), 5, false), ("1,200".into(), 1200, false)]
        );
        assert_eq!(
            values("twenty-five dead, two hundred and fifty hurt"),
            vec![
                ("twenty-five".into(), 25, false),
                ("two hundred and fifty".into(), 250, false)
            ]
        );
        assert_eq!(
            values("a dozen people"),
            vec![("a dozen".into(), 12, false)]
        );
        assert_eq!(
            values("3 million people"),
            vec![("3 million".into(), 3_000_000, false)]
        );
        assert_eq!(
            values("Dozens were hurt"),
            vec![("Dozens".into(), 24, true)]
        );
        assert_eq!(values("Thirteen"), vec![("Thirteen".into(), 13, false)]);
        assert_eq!(
            values("more than two dozen fighters and 3 dozen eggs"),
            vec![
                ("two dozen".into(), 24, false),
                ("3 dozen".into(), 36, false)
            ]
        );
    }

    #[test]
    fn decimals_are_not_counts() {
        assert!(values("53.5 F").is_empty());
    }
}
