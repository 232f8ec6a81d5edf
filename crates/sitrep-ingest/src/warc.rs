//! WARC archives (`.warc`, `.warc.gz`): web pages as a crawler kept them, read as a stream.
//!
//! A WARC file is a sequence of records, each a `WARC/1.x` version line, named header
//! lines, a blank line and a block of exactly `Content-Length` bytes. A `.warc.gz` is
//! gzip-compressed either record by record (one gzip member each, as Common Crawl writes
//! them) or as a whole; both read the same (a multi-member gzip decoder).
//!
//! * A `response` record whose block is an HTTP response with status 2xx and an HTML
//!   body becomes a [`Document`]: its `source` and `id` are the record's
//!   `WARC-Target-URI`; its text, title and date come from the page as for any HTML
//!   (charset from the HTTP `Content-Type`, else the page's `<meta charset>`); the
//!   record's `WARC-Date` is the publication date only when the page's own metadata and
//!   text give none. A chunked or gzip/deflate-encoded body is decoded first.
//! * Every other record (`warcinfo`, `request`, `metadata`, `revisit`, responses that
//!   are not 2xx or not HTML) is skipped and counted in [`WarcStats`].
//! * A bad record (a header that does not parse, a missing length, a body that cannot
//!   be decoded, a page without article text) is an [`IngestFailure`] for that record,
//!   and reading goes on at the next record. A truncated or corrupt archive ends with
//!   one failure.
//!
//! Only one record is held in memory at a time, and a block larger than the document
//! size limit is skipped without being held.

use crate::error::{one_line, IngestError, IngestFailure};
use crate::{document_from_bytes_in, Format, IngestOptions};
use sitrep_core::Document;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, BufRead, Read};
use std::sync::{Arc, Mutex};

/// Longest header line accepted (WARC or HTTP), in bytes.
const MAX_LINE: usize = 64 * 1024;
/// Most header lines in one record.
const MAX_HEADERS: usize = 256;
/// Room for the HTTP status line and headers above the body size limit.
const HTTP_HEAD_ALLOWANCE: u64 = 256 * 1024;

/// What reading an archive did: records seen, documents made, records skipped by kind,
/// records that failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarcStats {
    /// Records read (good, skipped and bad).
    pub records: u64,
    /// Documents made from response records.
    pub documents: u64,
    /// Records skipped, by reason (`request`, `warcinfo`, `response not HTML`, …).
    pub skipped: BTreeMap<String, u64>,
    /// Records that failed (each reported as an [`IngestFailure`]).
    pub failed: u64,
}

impl WarcStats {
    fn skip(&mut self, why: &str) {
        *self.skipped.entry(why.to_string()).or_insert(0) += 1;
    }

    /// Records skipped, all reasons together.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

impl fmt::Display for WarcStats {
    /// `12 records: 9 documents, 2 skipped (request 1, warcinfo 1), 1 failed`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} records: {} documents, {} skipped",
            self.records,
            self.documents,
            self.skipped_total()
        )?;
        if !self.skipped.is_empty() {
            let parts: Vec<String> = self
                .skipped
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            write!(f, " ({})", parts.join(", "))?;
        }
        write!(f, ", {} failed", self.failed)
    }
}

/// One record's header and block, as read.
struct RawRecord {
    number: u64,
    headers: Vec<(String, String)>,
    block: Vec<u8>,
}

impl RawRecord {
    fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// What the low-level reader found next.
enum Next {
    Record(RawRecord),
    /// A record skipped without reading its block, with the reason.
    Skipped(&'static str),
    /// A bad record: its number, target URI if known, and what is wrong.
    Bad(u64, Option<String>, String),
}

/// Reads WARC records from a (decompressed) stream.
struct RecordReader<R> {
    reader: R,
    /// A `WARC/` line read while looking for the next record.
    pending: Option<Vec<u8>>,
    number: u64,
    max_block: u64,
    done: bool,
}

/// Reads one line (up to `\n`, which is removed with a `\r` before it) into `buf`,
/// holding at most [`MAX_LINE`] bytes; `Ok(false)` at end of input.
fn read_line<R: BufRead>(r: &mut R, buf: &mut Vec<u8>) -> io::Result<bool> {
    buf.clear();
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(any);
        }
        any = true;
        let nl = memchr::memchr(b'\n', avail);
        let take = nl.map_or(avail.len(), |i| i + 1);
        let content = avail.get(..nl.unwrap_or(avail.len())).unwrap_or_default();
        if buf.len() + content.len() > MAX_LINE {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("header line longer than {MAX_LINE} bytes"),
            ));
        }
        buf.extend_from_slice(content);
        r.consume(take);
        if nl.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(true);
        }
    }
}

impl<R: BufRead> RecordReader<R> {
    fn new(reader: R, max_block: u64) -> Self {
        RecordReader {
            reader,
            pending: None,
            number: 0,
            max_block,
            done: false,
        }
    }

    /// The next `WARC/` version line, skipping blank lines; `None` at end of input.
    /// Non-blank lines that are no version line are skipped and reported.
    fn version_line(&mut self) -> Result<Option<(Vec<u8>, usize)>, io::Error> {
        if let Some(line) = self.pending.take() {
            return Ok(Some((line, 0)));
        }
        let mut line = Vec::new();
        let mut garbage = 0usize;
        loop {
            if !read_line(&mut self.reader, &mut line)? {
                return Ok(if garbage > 0 {
                    Some((Vec::new(), garbage))
                } else {
                    None
                });
            }
            if line.starts_with(b"WARC/") {
                return Ok(Some((line, garbage)));
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                garbage += 1;
            }
        }
    }

    fn next(&mut self) -> Option<Next> {
        if self.done {
            return None;
        }
        let r = self.read_next();
        if r.is_none() {
            self.done = true;
        }
        r
    }

    fn fail_io(&mut self, e: &io::Error) -> Next {
        self.done = true;
        Next::Bad(
            self.number,
            None,
            format!("unreadable archive: {}", one_line(&e.to_string())),
        )
    }

    fn read_next(&mut self) -> Option<Next> {
        let (version, garbage) = match self.version_line() {
            Ok(Some(v)) => v,
            Ok(None) => return None,
            Err(e) => {
                self.number += 1;
                return Some(self.fail_io(&e));
            }
        };
        self.number += 1;
        if garbage > 0 {
            // what stood before this version line was no record: report it, and read
            // this record next time
            if !version.is_empty() {
                self.pending = Some(version);
            }
            return Some(Next::Bad(
                self.number,
                None,
                format!("{garbage} lines that are no WARC record (expected a WARC/1.x line)"),
            ));
        }
        // header lines up to the blank line
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut line = Vec::new();
        loop {
            match read_line(&mut self.reader, &mut line) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return Some(Next::Bad(
                        self.number,
                        None,
                        "archive ends inside a record header".into(),
                    ));
                }
                Err(e) => return Some(self.fail_io(&e)),
            }
            if line.is_empty() {
                break;
            }
            if headers.len() >= MAX_HEADERS {
                return Some(self.resync(None, format!("more than {MAX_HEADERS} header lines")));
            }
            let text = String::from_utf8_lossy(&line);
            if matches!(line.first(), Some(b' ' | b'\t')) {
                if let Some(last) = headers.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(text.trim());
                }
                continue;
            }
            match text.split_once(':') {
                Some((k, v)) => headers.push((k.trim().to_string(), v.trim().to_string())),
                None => {
                    return Some(self.resync(
                        None,
                        format!("header line without a colon: {:?}", clip(&text)),
                    ))
                }
            }
        }
        // WARC 0.x wrote the URI in angle brackets
        let uri = header(&headers, "WARC-Target-URI")
            .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string())
            .filter(|u| !u.is_empty());
        let Some(len) =
            header(&headers, "Content-Length").and_then(|v| v.trim().parse::<u64>().ok())
        else {
            return Some(self.resync(uri, "no valid Content-Length".into()));
        };
        let kind = header(&headers, "WARC-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        if kind != "response" || len > self.max_block {
            if let Err(e) = io::copy(&mut (&mut self.reader).take(len), &mut io::sink()) {
                return Some(self.fail_io(&e));
            }
            if kind != "response" {
                let why = match kind.as_str() {
                    "warcinfo" => "warcinfo",
                    "request" => "request",
                    "metadata" => "metadata",
                    "revisit" => "revisit",
                    "resource" => "resource",
                    "conversion" => "conversion",
                    "continuation" => "continuation",
                    _ => "unknown type",
                };
                return Some(Next::Skipped(why));
            }
            return Some(Next::Bad(
                self.number,
                uri,
                format!(
                    "record block of {len} bytes exceeds the limit of {} bytes",
                    self.max_block
                ),
            ));
        }
        let mut block = Vec::with_capacity(usize::try_from(len).unwrap_or(0).min(1 << 20));
        match (&mut self.reader).take(len).read_to_end(&mut block) {
            Ok(n) if n as u64 == len => {}
            Ok(n) => {
                self.done = true;
                return Some(Next::Bad(
                    self.number,
                    uri,
                    format!("archive ends inside a record block ({n} of {len} bytes)"),
                ));
            }
            Err(e) => return Some(self.fail_io(&e)),
        }
        Some(Next::Record(RawRecord {
            number: self.number,
            headers,
            block,
        }))
    }

    /// A bad record header: skip to the next `WARC/` line and report this one.
    fn resync(&mut self, uri: Option<String>, message: String) -> Next {
        let mut line = Vec::new();
        loop {
            match read_line(&mut self.reader, &mut line) {
                Ok(true) if line.starts_with(b"WARC/") => {
                    self.pending = Some(line);
                    break;
                }
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    break;
                }
                Err(_) => {
                    self.done = true;
                    break;
                }
            }
        }
        Next::Bad(self.number, uri, message)
    }
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

/// The documents of a WARC stream (already decompressed, see [`warc_reader`]), one
/// record at a time. [`WarcDocuments::stats`] tells what was read so far.
pub struct WarcDocuments<R> {
    records: RecordReader<R>,
    name: String,
    source: String,
    opts: IngestOptions,
    stats: Arc<Mutex<WarcStats>>,
}

impl<R: BufRead> WarcDocuments<R> {
    /// Reads the archive `reader`; `name` (the file name) names failed records without a
    /// target URI (`name#record-7`), `source` is where the archive came from.
    pub fn new(reader: R, name: &str, source: &str, opts: &IngestOptions) -> Self {
        WarcDocuments {
            records: RecordReader::new(reader, opts.max_bytes.saturating_add(HTTP_HEAD_ALLOWANCE)),
            name: name.to_string(),
            source: source.to_string(),
            opts: opts.clone(),
            stats: Arc::new(Mutex::new(WarcStats::default())),
        }
    }

    /// What has been read so far (shared: it keeps counting as the iterator goes on).
    pub fn stats(&self) -> Arc<Mutex<WarcStats>> {
        Arc::clone(&self.stats)
    }

    fn tally(&self, f: impl FnOnce(&mut WarcStats)) {
        if let Ok(mut s) = self.stats.lock() {
            f(&mut s);
        }
    }

    fn failure(&self, number: u64, uri: Option<String>, message: String) -> IngestFailure {
        IngestFailure {
            doc_id: uri.unwrap_or_else(|| format!("{}#record-{number}", self.name)),
            source: self.source.clone(),
            error: IngestError::Warc {
                record: number,
                message,
            },
        }
    }

    /// A response record → a document, a reason to skip it, or a failure.
    fn response(&self, rec: RawRecord) -> Outcome {
        let uri = rec
            .header("WARC-Target-URI")
            .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string())
            .filter(|u| !u.is_empty());
        let Some(http) = HttpResponse::parse(&rec.block) else {
            return Outcome::Skip("response not HTTP");
        };
        if !(200..300).contains(&http.status) {
            return Outcome::Skip("response not 2xx");
        }
        let content_type = header(&http.headers, "Content-Type").unwrap_or("");
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let html_type = matches!(mime.as_str(), "text/html" | "application/xhtml+xml");
        if !html_type && !mime.is_empty() {
            return Outcome::Skip("response not HTML");
        }
        let body = match http.body(&rec.block, self.opts.max_bytes) {
            Ok(b) => b,
            Err(m) => return Outcome::Fail(self.failure(rec.number, uri, m)),
        };
        if mime.is_empty() && Format::sniff(body.get(..1024).unwrap_or(&body)) != Format::Html {
            return Outcome::Skip("response not HTML");
        }
        let published = rec
            .header("WARC-Date")
            .and_then(crate::dates::parse_metadata_date);
        let opts = IngestOptions {
            published: published.or(self.opts.published),
            ..self.opts.clone()
        };
        let id = uri
            .clone()
            .unwrap_or_else(|| format!("{}#record-{}", self.name, rec.number));
        let charset = crate::charset_from_content_type(content_type);
        match document_from_bytes_in(&id, &id, Format::Html, &body, charset, &opts) {
            Ok(doc) => Outcome::Doc(doc),
            Err(e) => Outcome::Fail(self.failure(rec.number, uri, e.to_string())),
        }
    }
}

/// What became of one response record.
enum Outcome {
    Doc(Document),
    Skip(&'static str),
    Fail(IngestFailure),
}

impl<R: BufRead> Iterator for WarcDocuments<R> {
    type Item = Result<Document, IngestFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let next = self.records.next()?;
            self.tally(|s| s.records += 1);
            match next {
                Next::Skipped(why) => self.tally(|s| s.skip(why)),
                Next::Bad(n, uri, m) => {
                    self.tally(|s| s.failed += 1);
                    return Some(Err(self.failure(n, uri, m)));
                }
                Next::Record(rec) => match self.response(rec) {
                    Outcome::Doc(doc) => {
                        self.tally(|s| s.documents += 1);
                        return Some(Ok(doc));
                    }
                    Outcome::Skip(why) => self.tally(|s| s.skip(why)),
                    Outcome::Fail(f) => {
                        self.tally(|s| s.failed += 1);
                        return Some(Err(f));
                    }
                },
            }
        }
    }
}

/// The HTTP response in a response record's block.
struct HttpResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body_start: usize,
}

impl HttpResponse {
    fn parse(block: &[u8]) -> Option<HttpResponse> {
        if !block.starts_with(b"HTTP/") {
            return None;
        }
        let head_end = memchr::memmem::find(block, b"\r\n\r\n")
            .map(|i| (i, i + 4))
            .or_else(|| memchr::memmem::find(block, b"\n\n").map(|i| (i, i + 2)))
            .unwrap_or((block.len(), block.len()));
        let head = String::from_utf8_lossy(block.get(..head_end.0)?);
        let mut lines = head.lines();
        let status = lines
            .next()?
            .split_whitespace()
            .nth(1)?
            .parse::<u16>()
            .ok()?;
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        Some(HttpResponse {
            status,
            headers,
            body_start: head_end.1,
        })
    }

    /// The body, de-chunked and decompressed (gzip, deflate), at most `max` bytes.
    fn body(&self, block: &[u8], max: u64) -> Result<Vec<u8>, String> {
        let raw = block.get(self.body_start..).unwrap_or_default();
        let chunked = header(&self.headers, "Transfer-Encoding")
            .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
        let raw = if chunked {
            dechunk(raw).ok_or("malformed chunked body")?
        } else {
            raw.to_vec()
        };
        let encoding = header(&self.headers, "Content-Encoding")
            .unwrap_or("identity")
            .trim()
            .to_ascii_lowercase();
        let decoded = match encoding.as_str() {
            "" | "identity" => raw,
            "gzip" | "x-gzip" => limited(flate2::read::MultiGzDecoder::new(raw.as_slice()), max)?,
            "deflate" => limited(flate2::read::ZlibDecoder::new(raw.as_slice()), max)?,
            other => return Err(format!("unsupported Content-Encoding {other:?}")),
        };
        Ok(decoded)
    }
}

/// Reads all of `r`, refusing more than `max` bytes (a compressed body's real size).
fn limited<R: Read>(r: R, max: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.take(max.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| format!("body does not decompress: {}", one_line(&e.to_string())))?;
    if out.len() as u64 > max {
        return Err(format!(
            "decompressed body exceeds the limit of {max} bytes"
        ));
    }
    Ok(out)
}

/// The payload of a chunked body, or `None` when it is malformed.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    loop {
        let nl = memchr::memchr(b'\n', raw)?;
        let line = std::str::from_utf8(raw.get(..nl)?).ok()?.trim();
        let size = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        raw = raw.get(nl + 1..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size..)?;
        raw = raw
            .strip_prefix(b"\r\n")
            .or_else(|| raw.strip_prefix(b"\n"))
            .unwrap_or(raw);
    }
}

/// `reader` as a WARC stream: gzip-decompressed when it starts with the gzip magic bytes
/// (whole-file or one member per record), else as it is.
pub fn warc_reader<'a, R: BufRead + 'a>(mut reader: R) -> io::Result<Box<dyn BufRead + 'a>> {
    let gz = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(io::BufReader::with_capacity(
            64 * 1024,
            flate2::bufread::MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn an_old_style_target_uri_in_angle_brackets() {
        let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><article><p>A fire at the bus depot in the fictional town of Port Example injured two workers on Monday, officials said.</p></article></body></html>";
        let a = record("response", "<http://news.example/old>", page);
        let docs: Vec<_> =
            WarcDocuments::new(a.as_slice(), "t.warc", "t.warc", &IngestOptions::default())
                .collect();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].as_ref().unwrap().source, "http://news.example/old");
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n3;x=1\r\nabc\r\n0\r\n\r\n").unwrap(),
            b"helloabc"
        );
        assert!(dechunk(b"zz\r\nhello").is_none());
        assert!(dechunk(b"50\r\nshort").is_none());
    }

    #[test]
    fn http_head_is_parsed() {
        let block = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>x</p>";
        let h = HttpResponse::parse(block).unwrap();
        assert_eq!(h.status, 404);
        assert_eq!(header(&h.headers, "content-type"), Some("text/html"));
        assert_eq!(&block[h.body_start..], b"<p>x</p>");
        assert!(HttpResponse::parse(b"GET / HTTP/1.1\r\n\r\n").is_none());
        assert!(HttpResponse::parse(b"HTTP/1.1 abc\r\n\r\n").is_none());
    }

    #[test]
    fn stats_line() {
        let mut s = WarcStats {
            records: 4,
            documents: 1,
            failed: 1,
            ..WarcStats::default()
        };
        s.skip("request");
        s.skip("warcinfo");
        assert_eq!(
            s.to_string(),
            "4 records: 1 documents, 2 skipped (request 1, warcinfo 1), 1 failed"
        );
    }

    #[test]
    fn garbage_between_records_is_one_failure_and_reading_goes_on() {
        let mut a = record("request", "http://x/", b"GET / HTTP/1.1\r\n\r\n");
        a.extend_from_slice(b"junk line\r\nmore junk\r\n");
        a.extend(record("metadata", "http://x/", b"k: v"));
        let docs = WarcDocuments::new(a.as_slice(), "t.warc", "t.warc", &IngestOptions::default());
        let stats = docs.stats();
        let items: Vec<_> = docs.collect();
        assert_eq!(items.len(), 1);
        let e = items[0].as_ref().unwrap_err().to_string();
        assert!(e.contains("2 lines that are no WARC record"), "{e}");
        let s = stats.lock().unwrap().clone();
        assert_eq!((s.records, s.failed, s.skipped_total()), (3, 1, 2));
    }
}
