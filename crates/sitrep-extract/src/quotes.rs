//! Quotation spans: words inside quotation marks are someone's, and the
//! extractor treats them differently (a perpetrator's claim never sets a count).

use sitrep_core::Span;

/// Which way a straight double quote faces, read from its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Facing {
    /// After a space, a bracket or a colon and before a word: `said: "We`.
    Opening,
    /// After a word or a full stop and before a space or punctuation: `now." He`.
    Closing,
    /// Glued on both sides, as scraped pages that lost a paragraph break write them:
    /// `forthwith."Early today`.
    Glued,
}

fn facing(text: &str, i: usize) -> Facing {
    let before = text[..i].chars().next_back();
    let after = text[i + 1..].chars().next();
    let space_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-:/".contains(c));
    let space_after = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}—–".contains(c));
    match (space_before, space_after) {
        (true, false) => Facing::Opening,
        (false, true) => Facing::Closing,
        // glued on both sides, or free on both (`"` between two spaces): a toggle
        _ => Facing::Glued,
    }
}

/// Finds quoted stretches. Curly quotes pair as opened/closed. Straight double quotes
/// pair by the way they face: an opening one while a quote is open ends that quote
/// (its closing mark was lost) and opens another; a closing one with no quote open is
/// a stray and ignored; one glued on both sides closes the open quote or else opens
/// one. So a page that lost one mark of a pair ("hours."This will …") does not turn
/// the rest of its one line into quotation. A quote never runs past the end of its
/// paragraph (line).
pub fn find_quotes(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '“' | '«' | '„' if open.is_none() => open = Some(i),
            '”' | '»' => {
                if let Some(s) = open.take() {
                    out.push(Span::new(s, i + c.len_utf8()));
                }
            }
            '"' => match (facing(text, i), open.take()) {
                (Facing::Opening, Some(s)) => {
                    out.push(Span::new(s, i));
                    open = Some(i);
                }
                (Facing::Opening, None) | (Facing::Glued, None) => open = Some(i),
                (Facing::Closing, None) => {}
                (Facing::Closing, Some(s)) | (Facing::Glued, Some(s)) => {
                    out.push(Span::new(s, i + 1))
                }
            },
            '\n' => {
                if let Some(s) = open.take() {
                    out.push(Span::new(s, i));
                }
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push(Span::new(s, text.len()));
    }
    out
}

/// True when `span` lies inside one of `quotes` (sorted by start).
pub fn in_quote(quotes: &[Span], span: Span) -> bool {
    let i = quotes.partition_point(|q| q.start <= span.start);
    i > 0 && quotes[i - 1].contains(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_straight_and_unclosed_quotes() {
        let text = "He said “go now” and \"stay\".\nShe wrote: “never closed\nNext line.";
        let q = find_quotes(text);
        let s: Vec<&str> = q.iter().map(|q| &text[q.start..q.end]).collect();
        assert_eq!(s, vec!["“go now”", "\"stay\"", "“never closed"]);
        let stay = text.find("stay").unwrap();
        assert!(in_quote(&q, Span::new(stay, stay + 4)));
        let next = text.find("Next").unwrap();
        assert!(!in_quote(&q, Span::new(next, next + 4)));
    }

    #[test]
    fn straight_quotes_pair_by_the_way_they_face() {
        // One line, as scraped pages are, that lost one mark where a paragraph ended.
        let text = "He said: \"We will act at once.\"This is a firm plan.\" Later he said it \
                    would come \"very soon\".A bomb went off in Leeds. Then \"calm\" returned.";
        let q = find_quotes(text);
        let s: Vec<&str> = q.iter().map(|q| &text[q.start..q.end]).collect();
        assert_eq!(
            s,
            vec!["\"We will act at once.\"", "\"very soon\"", "\"calm\""]
        );
        let bomb = text.find("A bomb").unwrap();
        assert!(!in_quote(&q, Span::new(bomb, bomb + 6)));
        // An opening mark while a quote is open ends the one whose close was lost.
        let text = "She said \"no more. Then she told them \"go home\" and left.";
        let q = find_quotes(text);
        let s: Vec<&str> = q.iter().map(|q| &text[q.start..q.end]).collect();
        assert_eq!(s, vec!["\"no more. Then she told them ", "\"go home\""]);
    }
}
