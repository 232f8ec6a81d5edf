//! Typed errors of ingestion: one per bad input document, each with a one-line message.

use std::fmt;

/// Why one input document could not be read.
///
/// `Display` is always a single line (no newline), so the CLI can print it as is
/// next to the document id.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The path could not be opened, listed or read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path as given (or reached while walking a directory).
        path: String,
        /// The operating system's message, on one line.
        message: String,
    },
    /// The input is larger than `IngestOptions::max_bytes`.
    #[error("input too large: {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// Bytes seen (at least `limit + 1`; the whole size when it was known up front).
        size: u64,
        /// The configured limit.
        limit: u64,
    },
    /// The input contains a NUL byte, so it is binary, not text.
    #[error("binary input (NUL byte at byte offset {offset})")]
    Binary {
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// The input is not valid UTF-8.
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The input is empty or holds only whitespace.
    #[error("empty input (no text besides whitespace)")]
    Empty,
    /// A JSON Lines record is not valid JSON (truncated or malformed).
    #[error("malformed JSON on line {line}: {message}")]
    Json {
        /// 1-based line number in the JSON Lines input.
        line: usize,
        /// The parser's message, on one line.
        message: String,
    },
    /// A JSON Lines record is valid JSON but not a usable document record.
    #[error("bad record on line {line}: {message}")]
    Record {
        /// 1-based line number in the JSON Lines input.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A JSON Lines line is longer than `IngestOptions::max_bytes`.
    #[error("line {line} too long: more than {limit} bytes")]
    LineTooLong {
        /// 1-based line number.
        line: usize,
        /// The configured limit.
        limit: u64,
    },
    /// A date given in the input (JSON Lines `published`) cannot be read.
    #[error("unreadable date {value:?} (expected YYYY-MM-DD or an ISO 8601 / RFC 2822 date-time)")]
    BadDate {
        /// The value as given.
        value: String,
    },
    /// The input declares a charset that cannot be decoded (a WHATWG "replacement"
    /// encoding such as ISO-2022-KR).
    #[error("unsupported charset {label:?}")]
    UnsupportedCharset {
        /// The label as declared.
        label: String,
    },
    /// A bad record in a WARC archive (the archive goes on at the next record).
    #[error("WARC record {record}: {message}")]
    Warc {
        /// 1-based number of the record in the archive.
        record: u64,
        /// What is wrong with it, on one line.
        message: String,
    },
    /// An HTML page in which no article text was found.
    #[error("no article text found in HTML ({reason})")]
    NoArticleText {
        /// What the extractor reported.
        reason: String,
    },
}

impl IngestError {
    /// An [`IngestError::Io`] for `path`, with the message of `err` on one line.
    pub(crate) fn io(path: impl fmt::Display, err: &std::io::Error) -> IngestError {
        IngestError::Io {
            path: escape_controls(&path.to_string()),
            message: one_line(&err.to_string()),
        }
    }
}

/// `s` with every run of whitespace (newlines included) turned into one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` with control characters (such as a newline in a file name) written as escapes.
pub(crate) fn escape_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().collect::<String>()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// One input document that failed, with enough context to report it and go on.
///
/// `Display` gives `doc_id: message` on one line.
#[derive(Debug, thiserror::Error)]
#[error("{}: {error}", escape_controls(doc_id))]
pub struct IngestFailure {
    /// The id the document would have had: file name, `file:line` for JSON Lines, `stdin`.
    pub doc_id: String,
    /// Where it came from: the path, `-` for stdin.
    pub source: String,
    /// What went wrong.
    #[source]
    pub error: IngestError,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line() {
        let io = std::io::Error::other("first line\nsecond line");
        let e = IngestError::io("/tmp/x\ny", &io);
        let f = IngestFailure {
            doc_id: "x".into(),
            source: "/tmp/x".into(),
            error: e,
        };
        let msg = f.to_string();
        assert_eq!(msg, "x: cannot read /tmp/x\\ny: first line second line");
    }
}
