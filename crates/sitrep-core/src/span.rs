use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`. `end` is clamped so that it is never before `start`.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// True when the spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The slice of `text` this span covers, if it is in bounds and on char boundaries.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }
}

/// A quotation from the document supporting a value: byte offsets plus the exact text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// First byte in the document text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `text[start..end]` of the document.
    pub text: String,
}

impl Evidence {
    /// Evidence for `span` of `text`, or `None` if the span is not a valid slice.
    pub fn from_text(text: &str, span: Span) -> Option<Evidence> {
        span.slice(text).map(|s| Evidence {
            start: span.start,
            end: span.end,
            text: s.to_string(),
        })
    }

    /// The span this evidence quotes.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// True when this evidence quotes `text` exactly.
    pub fn is_exact_in(&self, text: &str) -> bool {
        text.get(self.start..self.end) == Some(self.text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_rejects_non_boundary_spans() {
        let text = "Café attack";
        // 'é' is two bytes (3..5); 4 is inside it.
        assert!(Evidence::from_text(text, Span::new(0, 4)).is_none());
        let e = Evidence::from_text(text, Span::new(0, 5)).unwrap();
        assert_eq!(e.text, "Café");
        assert!(e.is_exact_in(text));
        assert!(Evidence::from_text(text, Span::new(5, 99)).is_none());
    }

    #[test]
    fn span_algebra() {
        let a = Span::new(2, 5);
        let b = Span::new(4, 9);
        assert!(a.overlaps(b));
        assert_eq!(a.cover(b), Span::new(2, 9));
        assert!(!a.overlaps(Span::new(5, 6)));
        assert!(Span::new(0, 10).contains(a));
        assert_eq!(Span::new(5, 3).len(), 0);
    }
}
