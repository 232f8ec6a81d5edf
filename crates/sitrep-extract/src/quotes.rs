//! Quotation spans: words inside quotation marks are someone's, and the
//! extractor treats them differently (a perpetrator's claim never sets a count).

use sitrep_core::Span;

/// Finds quoted stretches. Curly quotes pair as opened/closed; straight double
/// quotes toggle. A quote never runs past the end of its paragraph (line).
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
            '"' => match open.take() {
                Some(s) => out.push(Span::new(s, i + 1)),
                None => open = Some(i),
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
}
