//! Document ingestion for sitrep: turns command-line inputs into
//! [`sitrep_core::Document`] values.
//!
//! Inputs are plain-text files, HTML pages, JSON Lines files of records
//! `{id, url, title, published, text|html}`, directories (walked recursively in
//! sorted order, hidden entries skipped) and standard input.
//!
//! * **Plain text** is kept byte for byte: `Document::text` is the file itself, so
//!   offsets of later stages point into the file. The title is the first line that
//!   looks like a headline (site headers such as a temperature, a city alone or a
//!   date line are skipped). The publication date is the one the text's header states
//!   ([`published_in_text`]: a "Published"/"Posted"/"Updated" line, a byline or date
//!   line, a wire dateline with a year, a collector's `date YYYY-MM-DD` stamp), never a
//!   site's date header; else [`IngestOptions::published`].
//! * **HTML** goes through `dom_smoothie` (Readability): the text is the cleaned
//!   article text, paragraphs separated by blank lines, without boilerplate; title
//!   and publication date come from the page's own metadata (else from a stamp in the
//!   article text, as for plain text).
//! * **JSON Lines**: one document a line; `text` is used verbatim, `html` takes the
//!   HTML path. A bad line fails alone, with `file:line` as its id.
//!
//! Every bad input (binary, invalid UTF-8, empty, too large, unreadable, malformed
//! JSON, HTML without article text) becomes an [`IngestFailure`] with a one-line
//! message, and the batch goes on. Nothing here panics on any input.
//!
//! The CLI's loop:
//!
//! ```no_run
//! use sitrep_ingest::{expand_inputs, read_input, IngestOptions};
//! # let args: Vec<std::path::PathBuf> = vec!["articles/".into(), "-".into()];
//! let opts = IngestOptions::default();
//! for input in expand_inputs(&args) {
//!     let input = match input {
//!         Ok(input) => input,
//!         Err(failure) => { eprintln!("{failure}"); continue; }
//!     };
//!     for item in read_input(&input, &opts) {
//!         match item {
//!             Ok(doc) => { /* extract and print one JSON line */ let _ = doc; }
//!             Err(failure) => eprintln!("{failure}"), // "file:line: malformed JSON on line 3: …"
//!         }
//!     }
//! }
//! ```
//!
//! A pasted text:
//!
//! ```
//! use sitrep_ingest::{document_from_str, Format, IngestOptions};
//! let text = "21.0 C\nMonday, 3 May 2021\n\nHarbour Crane Collapse Closes Terminal\n\nBody.\n";
//! let doc = document_from_str("pasted", "-", Format::Auto, text, &IngestOptions::default()).unwrap();
//! assert_eq!(doc.text, text); // byte for byte
//! assert_eq!(doc.title.as_deref(), Some("Harbour Crane Collapse Closes Terminal"));
//! // a date line among site furniture (the weather) is the site's header, not the
//! // article's publication date
//! assert_eq!(doc.published, None);
//! let text = "Harbour Crane Collapse Closes Terminal\nBy Jane Doe\nMonday, 3 May 2021 09:12 BST\n\nBody.\n";
//! let doc = document_from_str("pasted", "-", Format::Auto, text, &IngestOptions::default()).unwrap();
//! assert_eq!(doc.published.map(|d| d.to_string()).as_deref(), Some("2021-05-03"));
//! ```
//!
//! Not for: language processing or extraction (later stages), fetching URLs, or
//! reading dates out of the article's sentences.
#![deny(missing_docs)]

mod charset;
mod dates;
mod error;
mod html;
mod jsonl;
mod lang;
mod stamps;
mod text;
mod warc;

pub use charset::{charset_from_content_type, decode_text, meta_charset};
pub use dates::parse_metadata_date;
pub use error::{IngestError, IngestFailure};
pub use html::{clean_article_text, extract_html, HtmlArticle};
pub use jsonl::{read_jsonl, JsonlDocuments};
pub use lang::{detect_language, is_supported, language_name, unsupported_message, ENGLISH};
pub use stamps::published_in_text;
pub use text::{guess_title, validate_text};
pub use warc::{warc_reader, WarcDocuments, WarcStats};

use sitrep_core::{Document, PartialDate};
use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Default size limit of one input document: 8 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// Deepest directory nesting walked by [`expand_inputs`].
const MAX_DEPTH: usize = 64;

/// How many bytes at the start of an input are looked at to tell its format.
const SNIFF_BYTES: usize = 1024;

/// Options of ingestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Publication date for documents whose own metadata and text state none
    /// (`--published`).
    pub published: Option<PartialDate>,
    /// Largest input document accepted, in bytes (for JSON Lines: largest line).
    /// Checked before a file is read whole.
    pub max_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            published: None,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// One thing to read: a file (or other readable path) or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A path to read.
    Path(PathBuf),
    /// Standard input (`-` on the command line).
    Stdin,
}

impl Input {
    /// The document id this input gives: the file name, or `stdin`.
    /// (JSON Lines records have their own ids.)
    pub fn doc_id(&self) -> String {
        match self {
            Input::Path(p) => file_name(p),
            Input::Stdin => "stdin".to_string(),
        }
    }

    /// Where the input comes from: the path as given, or `-`.
    pub fn source(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// The format of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Decide from the content (HTML markup, a JSON object, else plain text).
    Auto,
    /// Plain text, kept byte for byte.
    Text,
    /// An HTML page.
    Html,
    /// JSON Lines records (for [`document_from_str`]: one JSON record).
    Jsonl,
    /// A WARC archive (`.warc`, `.warc.gz`), read as a stream of records (see
    /// [`WarcDocuments`]); not for [`document_from_str`].
    Warc,
}

impl Format {
    /// The format told by a path's extension (`.txt`, `.html`/`.htm`,
    /// `.jsonl`/`.ndjson`/`.json`, `.warc`/`.warc.gz`), else [`Format::Auto`].
    pub fn from_path(path: &Path) -> Format {
        let name = file_name(path).to_ascii_lowercase();
        if name.ends_with(".warc") || name.ends_with(".warc.gz") {
            return Format::Warc;
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("txt" | "text") => Format::Text,
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some("jsonl" | "ndjson" | "json") => Format::Jsonl,
            _ => Format::Auto,
        }
    }

    /// The format told by the first bytes of an input: `WARC/` or gzip's magic bytes →
    /// WARC, a JSON object start → JSON Lines, markup (`<html`, `<!doctype`, any tag) →
    /// HTML, else plain text.
    pub fn sniff(prefix: &[u8]) -> Format {
        if prefix.starts_with(b"WARC/") || prefix.starts_with(&[0x1f, 0x8b]) {
            return Format::Warc;
        }
        let s = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
        let start = s
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(s.len());
        let s = s.get(start..).unwrap_or_default();
        match s {
            [b'{', ..] => Format::Jsonl,
            [b'<', next, ..] if next.is_ascii_alphabetic() || *next == b'!' || *next == b'?' => {
                Format::Html
            }
            _ => Format::Text,
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn path_failure(path: &Path, error: IngestError) -> IngestFailure {
    IngestFailure {
        doc_id: file_name(path),
        source: path.display().to_string(),
        error,
    }
}

/// Expands CLI arguments: `-` → [`Input::Stdin`], directories recursively (entries
/// sorted by name, files and sub-directories interleaved; hidden entries and
/// non-regular files inside directories skipped), other paths as they are.
///
/// A path that does not exist or a directory that cannot be listed gives an
/// [`IngestFailure`] in its place; the other arguments are still expanded.
pub fn expand_inputs(args: &[PathBuf]) -> Vec<Result<Input, IngestFailure>> {
    let mut out = Vec::new();
    let mut visited = HashSet::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
            continue;
        }
        match fs::metadata(arg) {
            Err(e) => out.push(Err(path_failure(arg, IngestError::io(arg.display(), &e)))),
            Ok(m) if m.is_dir() => walk_dir(arg, 0, &mut visited, &mut out),
            Ok(_) => out.push(Ok(Input::Path(arg.clone()))),
        }
    }
    out
}

fn walk_dir(
    dir: &Path,
    depth: usize,
    visited: &mut HashSet<PathBuf>,
    out: &mut Vec<Result<Input, IngestFailure>>,
) {
    // A directory reached twice (through a symlink loop) is walked once.
    if let Ok(canonical) = fs::canonicalize(dir) {
        if !visited.insert(canonical) {
            return;
        }
    }
    if depth > MAX_DEPTH {
        out.push(Err(path_failure(
            dir,
            IngestError::Io {
                path: dir.display().to_string(),
                message: format!("directories nested deeper than {MAX_DEPTH} levels"),
            },
        )));
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Err(path_failure(dir, IngestError::io(dir.display(), &e))));
            return;
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    paths.push(entry.path());
                }
            }
            Err(e) => out.push(Err(path_failure(dir, IngestError::io(dir.display(), &e)))),
        }
    }
    paths.sort();
    for path in paths {
        match fs::metadata(&path) {
            Err(e) => out.push(Err(path_failure(
                &path,
                IngestError::io(path.display(), &e),
            ))),
            Ok(m) if m.is_dir() => walk_dir(&path, depth + 1, visited, out),
            Ok(m) if m.is_file() => out.push(Ok(Input::Path(path))),
            Ok(_) => {} // sockets, FIFOs, devices: not documents
        }
    }
}

/// Reads one input; a JSON Lines input yields one item per record line.
///
/// The format comes from the file extension, else from the first bytes
/// (see [`Format::sniff`]). Text and HTML inputs larger than
/// [`IngestOptions::max_bytes`] are refused before being read whole.
///
/// This collects [`stream_input`]; use that to hold one document at a time.
pub fn read_input(input: &Input, opts: &IngestOptions) -> Vec<Result<Document, IngestFailure>> {
    stream_input(input, opts).collect()
}

/// The documents of one input, read lazily: a JSON Lines input is read one record
/// at a time, so memory does not grow with the number of records. Yields what
/// [`read_input`] returns, in order.
pub struct DocumentStream<'a> {
    inner: Box<dyn Iterator<Item = Result<Document, IngestFailure>> + 'a>,
    warc: Option<std::sync::Arc<std::sync::Mutex<WarcStats>>>,
}

impl<'a> DocumentStream<'a> {
    fn one(item: Result<Document, IngestFailure>) -> DocumentStream<'a> {
        DocumentStream {
            inner: Box::new(std::iter::once(item)),
            warc: None,
        }
    }

    /// For a WARC archive, what has been read so far (records, documents, records
    /// skipped by kind, failures); `None` for other inputs.
    pub fn archive_stats(&self) -> Option<WarcStats> {
        self.warc
            .as_ref()
            .and_then(|s| s.lock().ok().map(|s| s.clone()))
    }
}

impl Iterator for DocumentStream<'_> {
    type Item = Result<Document, IngestFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }
}

impl std::fmt::Debug for DocumentStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DocumentStream")
    }
}

/// Reads one input lazily (see [`DocumentStream`]); otherwise as [`read_input`].
pub fn stream_input(input: &Input, opts: &IngestOptions) -> DocumentStream<'static> {
    let id = input.doc_id();
    let source = input.source();
    let fail = |error| {
        DocumentStream::one(Err(IngestFailure {
            doc_id: id.clone(),
            source: source.clone(),
            error,
        }))
    };
    match input {
        Input::Stdin => {
            let stdin = io::stdin();
            read_stream(stdin.lock(), Format::Auto, None, &id, &source, opts)
        }
        Input::Path(path) => {
            let file = match File::open(path) {
                Ok(f) => f,
                Err(e) => return fail(IngestError::io(path.display(), &e)),
            };
            let meta = match file.metadata() {
                Ok(m) => m,
                Err(e) => return fail(IngestError::io(path.display(), &e)),
            };
            if meta.is_dir() {
                return fail(IngestError::Io {
                    path: path.display().to_string(),
                    message: "is a directory".to_string(),
                });
            }
            // Regular files know their size; pipes and devices report 0 and are
            // limited while reading.
            let known_size = meta.is_file().then_some(meta.len());
            let reader = BufReader::with_capacity(64 * 1024, file);
            read_stream(
                reader,
                Format::from_path(path),
                known_size,
                &id,
                &source,
                opts,
            )
        }
    }
}

/// Reads documents from any buffered reader (a socket, an upload, a pipe).
///
/// `id` names the document (and prefixes `id:line` for JSON Lines records without
/// an id); `source` is recorded as `Document::source`. The format is `format`, or
/// sniffed from the first bytes for [`Format::Auto`]. At most
/// [`IngestOptions::max_bytes`] are read for a text or HTML document (a JSON Lines
/// stream is read line by line, each line within the limit).
pub fn read_from<R: BufRead>(
    reader: R,
    id: &str,
    source: &str,
    format: Format,
    opts: &IngestOptions,
) -> Vec<Result<Document, IngestFailure>> {
    read_stream(reader, format, None, id, source, opts).collect()
}

fn read_stream<'a, R: BufRead + 'a>(
    mut reader: R,
    format: Format,
    known_size: Option<u64>,
    id: &str,
    source: &str,
    opts: &IngestOptions,
) -> DocumentStream<'a> {
    let fail = |error| {
        DocumentStream::one(Err(IngestFailure {
            doc_id: id.to_string(),
            source: source.to_string(),
            error,
        }))
    };
    let format = match format {
        Format::Auto => match reader.fill_buf() {
            // UTF-16 is sniffed once decoded
            Ok(prefix) if charset::has_utf16_bom(prefix) => Format::Auto,
            Ok(prefix) => Format::sniff(prefix.get(..SNIFF_BYTES).unwrap_or(prefix)),
            Err(e) => return fail(IngestError::io(source, &e)),
        },
        f => f,
    };
    if format == Format::Jsonl {
        return DocumentStream {
            inner: Box::new(JsonlDocuments::new(reader, id, source, opts)),
            warc: None,
        };
    }
    if format == Format::Warc {
        let reader = match warc_reader(reader) {
            Ok(r) => r,
            Err(e) => return fail(IngestError::io(source, &e)),
        };
        let docs = WarcDocuments::new(reader, id, source, opts);
        let stats = docs.stats();
        return DocumentStream {
            inner: Box::new(docs),
            warc: Some(stats),
        };
    }
    if let Some(size) = known_size.filter(|s| *s > opts.max_bytes) {
        return fail(IngestError::TooLarge {
            size,
            limit: opts.max_bytes,
        });
    }
    match read_limited(reader, opts.max_bytes, source) {
        Ok(bytes) => match document_from_bytes(id, source, format, &bytes, opts) {
            Ok(doc) => DocumentStream::one(Ok(doc)),
            Err(e) => fail(e),
        },
        Err(e) => fail(e),
    }
}

/// Reads all of `reader`, failing as soon as more than `max` bytes arrive.
fn read_limited<R: Read>(reader: R, max: u64, source: &str) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::io(source, &e))?;
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > max {
        return Err(IngestError::TooLarge { size, limit: max });
    }
    Ok(bytes)
}

/// One document from raw bytes (e.g. an upload): checks size and NUL bytes, decodes
/// the text (UTF-8 kept as it is; UTF-16 with a byte-order mark, or HTML declaring a
/// legacy charset in `<meta charset>`, decoded: see [`decode_text`]), then reads it as
/// [`document_from_str`] does.
pub fn document_from_bytes(
    id: &str,
    source: &str,
    format: Format,
    bytes: &[u8],
    opts: &IngestOptions,
) -> Result<Document, IngestError> {
    document_from_bytes_in(id, source, format, bytes, None, opts)
}

/// As [`document_from_bytes`], with the charset a transport declared (an HTTP
/// `Content-Type`'s `charset`, see [`charset_from_content_type`]); a byte-order mark
/// still wins over it, and it wins over the page's `<meta charset>`.
pub fn document_from_bytes_in(
    id: &str,
    source: &str,
    format: Format,
    bytes: &[u8],
    charset: Option<&str>,
    opts: &IngestOptions,
) -> Result<Document, IngestError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > opts.max_bytes {
        return Err(IngestError::TooLarge {
            size,
            limit: opts.max_bytes,
        });
    }
    let html = match format {
        Format::Html => true,
        Format::Auto => Format::sniff(bytes.get(..SNIFF_BYTES).unwrap_or(bytes)) == Format::Html,
        _ => false,
    };
    let text = decode_text(bytes, charset, html)?;
    document_from_str(id, source, format, &text, opts)
}

/// One document from a string (pasted text, an HTML page, or one JSON record).
///
/// * [`Format::Text`]: `input` is the text, unchanged; title guessed from the top
///   lines; published = the date its header states, else `opts.published`.
/// * [`Format::Html`]: cleaned article text, metadata title and date (else the date
///   the article text states, else `opts.published`).
/// * [`Format::Jsonl`]: `input` is one JSON record `{id, url, title, published,
///   text|html}`; its `id` replaces `id` when present.
/// * [`Format::Auto`]: decided by [`Format::sniff`].
pub fn document_from_str(
    id: &str,
    source: &str,
    format: Format,
    input: &str,
    opts: &IngestOptions,
) -> Result<Document, IngestError> {
    text::check_not_blank(input)?;
    let format = match format {
        Format::Auto => Format::sniff(
            input
                .as_bytes()
                .get(..SNIFF_BYTES)
                .unwrap_or(input.as_bytes()),
        ),
        f => f,
    };
    match format {
        Format::Html => {
            let article = extract_html(input)?;
            Ok(Document {
                id: id.to_string(),
                source: source.to_string(),
                title: article.title,
                published: article
                    .published
                    .or_else(|| published_in_text(&article.text))
                    .or(opts.published),
                language: detect_language(&article.text),
                text: article.text,
            })
        }
        Format::Jsonl => {
            jsonl::record_to_document(input.trim(), 1, id, source, opts).map_err(|f| f.error)
        }
        Format::Warc => Err(IngestError::Warc {
            record: 0,
            message: "a WARC archive is read as a stream (stream_input, WarcDocuments), not as one document".into(),
        }),
        Format::Text | Format::Auto => Ok(Document {
            id: id.to_string(),
            source: source.to_string(),
            title: guess_title(input),
            published: published_in_text(input).or(opts.published),
            language: detect_language(input),
            text: input.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(Format::sniff(b"  \n{\"id\": 1}"), Format::Jsonl);
        assert_eq!(
            Format::sniff(b"\xEF\xBB\xBF<!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(Format::sniff(b"<p>Hello</p>"), Format::Html);
        assert_eq!(Format::sniff(b"< 5 people were hurt"), Format::Text);
        assert_eq!(Format::sniff(b"Headline\n\nBody"), Format::Text);
        assert_eq!(Format::sniff(b""), Format::Text);
    }

    #[test]
    fn extension_wins_over_content() {
        assert_eq!(Format::from_path(Path::new("a/b.TXT")), Format::Text);
        assert_eq!(Format::from_path(Path::new("b.htm")), Format::Html);
        assert_eq!(Format::from_path(Path::new("b.ndjson")), Format::Jsonl);
        assert_eq!(Format::from_path(Path::new("README")), Format::Auto);
    }

    #[test]
    fn text_from_str_is_verbatim_and_dated_by_option() {
        let opts = IngestOptions {
            published: "2020-05-06".parse().ok(),
            ..IngestOptions::default()
        };
        let input = "\u{feff}Bus Depot Fire Injures Three Workers\r\n\r\nBody.\r\n";
        let doc = document_from_str("x", "-", Format::Auto, input, &opts).unwrap();
        assert_eq!(doc.text, input);
        assert_eq!(
            doc.title.as_deref(),
            Some("Bus Depot Fire Injures Three Workers")
        );
        assert_eq!(doc.published, opts.published);
    }

    #[test]
    fn bytes_over_the_limit_are_refused() {
        let opts = IngestOptions {
            max_bytes: 4,
            ..IngestOptions::default()
        };
        let e = document_from_bytes("x", "-", Format::Text, b"12345", &opts).unwrap_err();
        assert!(matches!(e, IngestError::TooLarge { size: 5, limit: 4 }));
        let e = read_limited(&b"123456789"[..], 4, "-").unwrap_err();
        assert!(matches!(e, IngestError::TooLarge { size: 5, limit: 4 }));
    }
}
