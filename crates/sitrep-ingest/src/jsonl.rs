//! JSON Lines input: one document record a line.
//!
//! A record is an object with `id` (or `doc_id`), `url`, `title`, `published` and either `text`
//! (used byte for byte) or `html` (goes through the HTML path). Every line is read
//! on its own, so a truncated or malformed line fails alone.

use crate::dates::parse_metadata_date;
use crate::error::{one_line, IngestError, IngestFailure};
use crate::html::extract_html;
use crate::stamps::published_in_text;
use crate::text::{check_not_blank, guess_title};
use crate::IngestOptions;
use serde_json::Value;
use sitrep_core::Document;
use std::io::{self, BufRead};

/// Outcome of reading one line with a length limit.
enum LineRead {
    /// End of input, nothing read.
    Eof,
    /// A line (without its newline) is in the buffer.
    Line,
    /// The line was longer than the limit; it was skipped.
    TooLong,
}

/// Reads one line into `buf` (newline and a preceding `\r` removed), refusing to
/// hold more than `max` bytes of it in memory.
fn read_line_limited<R: BufRead>(r: &mut R, buf: &mut Vec<u8>, max: u64) -> io::Result<LineRead> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(match (any, too_long) {
                (false, _) => LineRead::Eof,
                (true, true) => LineRead::TooLong,
                (true, false) => LineRead::Line,
            });
        }
        any = true;
        let newline = memchr::memchr(b'\n', avail);
        let (content, consumed) = match newline {
            Some(i) => (avail.get(..i).unwrap_or(avail), i.saturating_add(1)),
            None => (avail, avail.len()),
        };
        if !too_long {
            let len = u64::try_from(buf.len().saturating_add(content.len())).unwrap_or(u64::MAX);
            if len > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(content);
            }
        }
        r.consume(consumed);
        if newline.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(if too_long {
                LineRead::TooLong
            } else {
                LineRead::Line
            });
        }
    }
}

/// Reads every record of a JSON Lines stream.
///
/// `name` prefixes the `name:line` ids of records without an id and of failures;
/// `source` is where the stream came from (a path or `-`). Blank lines are skipped;
/// an input without any record gives one [`IngestError::Empty`] failure.
///
/// This collects [`JsonlDocuments`]; use that iterator to hold one record at a time.
pub fn read_jsonl<R: BufRead>(
    reader: R,
    name: &str,
    source: &str,
    opts: &IngestOptions,
) -> Vec<Result<Document, IngestFailure>> {
    JsonlDocuments::new(reader, name, source, opts).collect()
}

/// The records of a JSON Lines stream, read one line at a time, so memory does not
/// grow with the number of records. Yields what [`read_jsonl`] returns, in order.
pub struct JsonlDocuments<R> {
    reader: R,
    name: String,
    source: String,
    opts: IngestOptions,
    buf: Vec<u8>,
    line_no: usize,
    yielded: bool,
    done: bool,
}

impl<R: BufRead> JsonlDocuments<R> {
    /// Reads records from `reader`; `name` and `source` as for [`read_jsonl`].
    pub fn new(reader: R, name: &str, source: &str, opts: &IngestOptions) -> Self {
        JsonlDocuments {
            reader,
            name: name.to_string(),
            source: source.to_string(),
            opts: opts.clone(),
            buf: Vec::new(),
            line_no: 0,
            yielded: false,
            done: false,
        }
    }

    /// The next item before the end-of-input check.
    fn next_line_item(&mut self) -> Option<Result<Document, IngestFailure>> {
        loop {
            self.line_no = self.line_no.saturating_add(1);
            let line_no = self.line_no;
            let fail = |name: &str, source: &str, error| IngestFailure {
                doc_id: format!("{name}:{line_no}"),
                source: source.to_string(),
                error,
            };
            match read_line_limited(&mut self.reader, &mut self.buf, self.opts.max_bytes) {
                Ok(LineRead::Eof) => return None,
                Ok(LineRead::TooLong) => {
                    return Some(Err(fail(
                        &self.name,
                        &self.source,
                        IngestError::LineTooLong {
                            line: line_no,
                            limit: self.opts.max_bytes,
                        },
                    )));
                }
                Ok(LineRead::Line) => {}
                Err(e) => {
                    self.done = true;
                    let error = IngestError::io(&self.source, &e);
                    return Some(Err(fail(&self.name, &self.source, error)));
                }
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(match std::str::from_utf8(&self.buf) {
                Ok(line) => {
                    let line_id = format!("{}:{line_no}", self.name);
                    record_to_document(line, line_no, &line_id, &self.source, &self.opts)
                }
                Err(e) => Err(fail(
                    &self.name,
                    &self.source,
                    IngestError::InvalidUtf8 {
                        offset: e.valid_up_to(),
                    },
                )),
            });
        }
    }
}

impl<R: BufRead> Iterator for JsonlDocuments<R> {
    type Item = Result<Document, IngestFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_line_item() {
            Some(item) => {
                self.yielded = true;
                Some(item)
            }
            None => {
                self.done = true;
                // An input without any record is one failure.
                (!self.yielded).then(|| {
                    Err(IngestFailure {
                        doc_id: self.name.clone(),
                        source: self.source.clone(),
                        error: IngestError::Empty,
                    })
                })
            }
        }
    }
}

/// One JSON record (`line_no` is only used in messages) into a document.
///
/// `fallback_id` is used when the record has no usable `id`.
pub(crate) fn record_to_document(
    json: &str,
    line_no: usize,
    fallback_id: &str,
    source: &str,
    opts: &IngestOptions,
) -> Result<Document, IngestFailure> {
    let fail = |doc_id: &str, error| IngestFailure {
        doc_id: doc_id.to_string(),
        source: source.to_string(),
        error,
    };
    let value: Value = serde_json::from_str(json).map_err(|e| {
        fail(
            fallback_id,
            IngestError::Json {
                line: line_no,
                message: one_line(&e.to_string()),
            },
        )
    })?;
    let Value::Object(map) = value else {
        return Err(fail(
            fallback_id,
            record_error(line_no, "expected a JSON object"),
        ));
    };
    // `doc_id` is accepted too (WikiEvents and other corpora use it).
    let id = ["id", "doc_id"]
        .iter()
        .find_map(|key| match map.get(*key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| fallback_id.to_string());
    let field = |key: &str| -> Result<Option<&str>, IngestFailure> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(fail(
                &id,
                record_error(line_no, &format!("field `{key}` must be a string")),
            )),
        }
    };
    let url = field("url")?.map(str::trim).filter(|u| !u.is_empty());
    let title = field("title")?.map(one_line).filter(|t| !t.is_empty());
    let published = match field("published")?.map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => Some(parse_metadata_date(p).ok_or_else(|| {
            fail(
                &id,
                IngestError::BadDate {
                    value: p.to_string(),
                },
            )
        })?),
    };
    let doc_source = url.unwrap_or(source).to_string();
    if let Some(text) = field("text")? {
        check_not_blank(text).map_err(|e| fail(&id, e))?;
        return Ok(Document {
            title: title.or_else(|| guess_title(text)),
            published: published
                .or_else(|| published_in_text(text))
                .or(opts.published),
            language: crate::lang::detect_language(text),
            text: text.to_string(),
            id,
            source: doc_source,
        });
    }
    if let Some(html) = field("html")? {
        check_not_blank(html).map_err(|e| fail(&id, e))?;
        let article = extract_html(html).map_err(|e| fail(&id, e))?;
        return Ok(Document {
            title: title.or(article.title),
            published: published
                .or(article.published)
                .or_else(|| published_in_text(&article.text))
                .or(opts.published),
            language: crate::lang::detect_language(&article.text),
            text: article.text,
            id,
            source: doc_source,
        });
    }
    Err(fail(
        &id,
        record_error(line_no, "no `text` or `html` field"),
    ))
}

fn record_error(line: usize, message: &str) -> IngestError {
    IngestError::Record {
        line,
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that fails once its first `ok` bytes are consumed.
    struct FailsAfter<'a> {
        data: &'a [u8],
    }

    impl io::Read for FailsAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.data.is_empty() {
                return Err(io::Error::other("disk gone"));
            }
            let n = buf.len().min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn records_stream_one_at_a_time() {
        let input = "{\"id\": \"a\", \"text\": \"One.\"}\n\n{\"id\": \"b\", \"text\": \"Two.\"}\n";
        let opts = IngestOptions::default();
        // Records come out before the reader fails: nothing is read ahead of need.
        let reader = io::BufReader::with_capacity(
            8,
            FailsAfter {
                data: input.as_bytes(),
            },
        );
        let mut it = JsonlDocuments::new(reader, "f", "f.jsonl", &opts);
        assert_eq!(
            it.next().and_then(Result::ok).map(|d| d.id),
            Some("a".into())
        );
        assert_eq!(
            it.next().and_then(Result::ok).map(|d| d.id),
            Some("b".into())
        );
        match it.next() {
            Some(Err(f)) => assert_eq!(f.doc_id, "f:4"),
            other => panic!("expected the read error, got {other:?}"),
        }
        assert!(it.next().is_none());
        // Same items as the collecting reader.
        let streamed: Vec<_> = JsonlDocuments::new(input.as_bytes(), "f", "-", &opts).collect();
        assert_eq!(
            format!("{streamed:?}"),
            format!("{:?}", read_jsonl(input.as_bytes(), "f", "-", &opts))
        );
        assert_eq!(streamed.len(), 2);
        // No record at all: one Empty failure, then the end.
        let mut empty = JsonlDocuments::new(&b"\n  \n"[..], "e", "-", &opts);
        assert!(matches!(
            empty.next(),
            Some(Err(IngestFailure {
                error: IngestError::Empty,
                ..
            }))
        ));
        assert!(empty.next().is_none());
    }

    fn lines(input: &[u8], max: u64) -> Vec<String> {
        let mut r = input;
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            match read_line_limited(&mut r, &mut buf, max) {
                Ok(LineRead::Eof) => break,
                Ok(LineRead::TooLong) => out.push("<too long>".to_string()),
                Ok(LineRead::Line) => out.push(String::from_utf8_lossy(&buf).into_owned()),
                Err(e) => panic!("{e}"),
            }
        }
        out
    }

    #[test]
    fn line_reader_limits_and_strips_newlines() {
        assert_eq!(lines(b"ab\r\ncd\n\nlast", 10), ["ab", "cd", "", "last"]);
        assert_eq!(
            lines(b"short\nmuch too long line\nok", 5),
            ["short", "<too long>", "ok"]
        );
        assert!(lines(b"", 5).is_empty());
    }

    #[test]
    fn the_records_date_wins_over_the_texts_stamp() {
        let opts = IngestOptions::default();
        let text = r#""Ferry Fire Hurts Nine\nMonday, 3 May 2021\n\nA fire broke out.\n""#;
        let with = format!(r#"{{"id": "a", "published": "2021-05-04", "text": {text}}}"#);
        let doc = record_to_document(&with, 1, "f:1", "f", &opts).unwrap();
        assert_eq!(
            doc.published.map(|d| d.to_string()).as_deref(),
            Some("2021-05-04")
        );
        let without = format!(r#"{{"id": "b", "text": {text}}}"#);
        let doc = record_to_document(&without, 1, "f:1", "f", &opts).unwrap();
        assert_eq!(
            doc.published.map(|d| d.to_string()).as_deref(),
            Some("2021-05-03")
        );
    }

    #[test]
    fn records_with_text_keep_it_verbatim() {
        let opts = IngestOptions::default();
        let json = r#"{"id": 7, "url": "https://example.org/a", "title": "T", "published": "2021-03-04T10:00:00Z", "text": "  Line one\n"}"#;
        let doc = record_to_document(json, 1, "f:1", "f", &opts).unwrap();
        assert_eq!(doc.id, "7");
        assert_eq!(doc.source, "https://example.org/a");
        assert_eq!(doc.text, "  Line one\n");
        assert_eq!(
            doc.published.map(|d| d.to_string()).as_deref(),
            Some("2021-03-04")
        );
    }

    #[test]
    fn record_errors_name_the_line() {
        let opts = IngestOptions::default();
        let e = record_to_document(r#"{"id": "a", "text": 5}"#, 3, "f:3", "f", &opts).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a: bad record on line 3: field `text` must be a string"
        );
        let e = record_to_document(r#"[1, 2]"#, 4, "f:4", "f", &opts).unwrap_err();
        assert_eq!(e.doc_id, "f:4");
        let e = record_to_document(
            r#"{"id": "b", "published": "last week", "text": "x y"}"#,
            5,
            "f:5",
            "f",
            &opts,
        )
        .unwrap_err();
        assert!(matches!(e.error, IngestError::BadDate { .. }));
        let e = record_to_document(r#"{"id": "c"}"#, 6, "f:6", "f", &opts).unwrap_err();
        assert!(e.to_string().contains("no `text` or `html`"));
        let e =
            record_to_document(r#"{"id": "d", "text": " \n "}"#, 7, "f:7", "f", &opts).unwrap_err();
        assert!(matches!(e.error, IngestError::Empty));
    }
}
