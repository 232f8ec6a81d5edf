//! A WARC archive of the generated corpus, as a crawler would write it: for each page a
//! `request` and a `response` record (HTTP headers and the HTML page), after one
//! `warcinfo`, each record its own gzip member (as Common Crawl writes `.warc.gz`).

use crate::gen::{generate_doc, CorpusOptions};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::{self, Write};

/// What [`write_warc`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WarcSummary {
    /// Records written (warcinfo, requests and responses).
    pub records: u64,
    /// Response records (HTML pages).
    pub pages: u64,
    /// Bytes of HTML written (before compression).
    pub html_bytes: u64,
}

/// One WARC record (header, block, closing blank lines) as one gzip member.
fn write_record(
    w: &mut impl Write,
    kind: &str,
    uri: &str,
    date: &str,
    id: u64,
    content_type: &str,
    block: &[u8],
) -> io::Result<()> {
    let mut gz = GzEncoder::new(
        Vec::with_capacity(block.len() / 3 + 256),
        Compression::fast(),
    );
    write!(
        gz,
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{id:012x}>\r\n"
    )?;
    if !uri.is_empty() {
        write!(gz, "WARC-Target-URI: {uri}\r\n")?;
    }
    write!(
        gz,
        "WARC-Date: {date}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )?;
    gz.write_all(block)?;
    gz.write_all(b"\r\n\r\n")?;
    w.write_all(&gz.finish()?)
}

/// Writes `pages` HTML pages of the corpus `seed` (attacks and ordinary news, as
/// [`generate_doc`] makes them, every one a page) as a `.warc.gz` to `w`.
pub fn write_warc(w: &mut impl Write, seed: u64, pages: u64) -> io::Result<WarcSummary> {
    let opts = CorpusOptions {
        seed,
        html_share: 1.0,
        ..CorpusOptions::default()
    };
    let mut s = WarcSummary::default();
    let date = "2025-01-15T12:00:00Z";
    write_record(
        w,
        "warcinfo",
        "",
        date,
        0,
        "application/warc-fields",
        b"software: sitrep-bench\r\nformat: WARC File Format 1.1\r\n",
    )?;
    s.records += 1;
    for i in 0..pages {
        let doc = generate_doc(&opts, i);
        let html = doc.html.unwrap_or_default();
        let path = doc
            .url
            .split_once("//")
            .and_then(|(_, rest)| rest.split_once('/'))
            .map_or("/", |(_, p)| p);
        let request = format!(
            "GET /{path} HTTP/1.1\r\nHost: news.example.org\r\nUser-Agent: sitrep-bench\r\n\r\n"
        );
        write_record(
            w,
            "request",
            &doc.url,
            date,
            2 * i + 1,
            "application/http; msgtype=request",
            request.as_bytes(),
        )?;
        let mut response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            html.len()
        )
        .into_bytes();
        response.extend_from_slice(html.as_bytes());
        write_record(
            w,
            "response",
            &doc.url,
            date,
            2 * i + 2,
            "application/http; msgtype=response",
            &response,
        )?;
        s.records += 2;
        s.pages += 1;
        s.html_bytes += html.len() as u64;
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_ingest::{IngestOptions, WarcDocuments};

    #[test]
    fn the_archive_reads_back_as_its_pages() {
        let mut out = Vec::new();
        let s = write_warc(&mut out, 7, 20).unwrap();
        assert_eq!((s.records, s.pages), (41, 20));
        let reader = sitrep_ingest::warc_reader(out.as_slice()).unwrap();
        let docs = WarcDocuments::new(reader, "t", "t", &IngestOptions::default());
        let stats = docs.stats();
        let got: Vec<_> = docs.collect();
        assert_eq!(got.len(), 20);
        assert!(got.iter().all(Result::is_ok));
        let st = stats.lock().unwrap().clone();
        assert_eq!((st.records, st.documents, st.skipped_total()), (41, 20, 21));
    }
}
