//! WARC archives: plain, gzip per record and gzip as a whole, with every kind of record
//! a crawl holds (fictional pages written here).

use flate2::write::GzEncoder;
use flate2::Compression;
use sitrep_ingest::{read_input, stream_input, Format, IngestOptions, Input, WarcStats};
use std::io::Write;
use std::path::Path;

fn record(kind: &str, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nWARC-Target-URI: {uri}\r\n\
WARC-Date: {date}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut b = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    b.extend_from_slice(body);
    b
}

fn page(title: &str, meta: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body><nav>Home | World</nav>\
<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>"
    )
}

const P1: &str =
    "<p>Gunmen opened fire on a checkpoint outside the fictional town of Port Example \
on Saturday night, killing two guards and wounding a third, police said on Sunday.</p><p>The \
attackers fled in a pickup truck. No group has said it carried out the attack, and the \
regional governor ordered extra patrols on the coast road.</p>";

/// The records of the test archive, each one kind of thing a crawl holds.
fn records() -> Vec<Vec<u8>> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(
        page(
            "Bridge Reopens After Repairs",
            "",
            &P1.replace("Gunmen", "Workers"),
        )
        .as_bytes(),
    )
    .unwrap();
    let gz_body = gz.finish().unwrap();
    let mut chunked = format!("{:x}\r\n", gz_body.len()).into_bytes();
    chunked.extend_from_slice(&gz_body);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let latin = page(
        "Caf\u{e9} Blast",
        "",
        "<p>A bomb exploded at the Caf\u{e9} Mir\u{f3} in Port Example on Monday, injuring four \
people, police said. Officers closed the square for several hours while investigators \
searched the building, and the mayor called for calm in a short statement.</p>",
    );
    let (latin_bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&latin);
    vec![
        record("warcinfo", "", "2024-03-05T10:00:00Z", b"software: test\r\n"),
        record("request", "http://news.example/a", "2024-03-05T10:00:00Z", b"GET /a HTTP/1.1\r\n\r\n"),
        // 1: no date of its own: the record's date
        record(
            "response",
            "http://news.example/a",
            "2024-03-05T10:00:00Z",
            &http("200 OK", "Content-Type: text/html; charset=utf-8\r\n", page("Checkpoint Attack Kills Two", "", P1).as_bytes()),
        ),
        record("metadata", "http://news.example/a", "2024-03-05T10:00:00Z", b"fetchTimeMs: 12\r\n"),
        // the page's metadata date wins over the record's
        record(
            "response",
            "http://news.example/b",
            "2024-03-06T10:00:00Z",
            &http(
                "200 OK",
                "Content-Type: text/html\r\n",
                page("Second Report on the Checkpoint", "<meta property=\"article:published_time\" content=\"2024-02-01T08:00:00Z\">", P1).as_bytes(),
            ),
        ),
        record("response", "http://news.example/missing", "2024-03-06T10:00:00Z", &http("404 Not Found", "Content-Type: text/html\r\n", b"<p>gone</p>")),
        record("response", "http://news.example/logo.png", "2024-03-06T10:00:00Z", &http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG....")),
        // a header line without a colon: this record fails, the next one is read
        b"WARC/1.1\r\nWARC-Type: response\r\nthis is no header\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n".to_vec(),
        // chunked and gzip-encoded
        record(
            "response",
            "http://news.example/c",
            "2024-03-07T10:00:00Z",
            &http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", &chunked),
        ),
        // windows-1252 declared by the HTTP header
        record(
            "response",
            "http://news.example/d",
            "2024-03-08T10:00:00Z",
            &http("200 OK", "Content-Type: text/html; charset=windows-1252\r\n", &latin_bytes),
        ),
        // HTML without article text: fails alone
        record("response", "http://news.example/e", "2024-03-08T10:00:00Z", &http("200 OK", "Content-Type: text/html\r\n", b"<html><body></body></html>")),
        record("revisit", "http://news.example/a", "2024-03-09T10:00:00Z", b""),
    ]
}

fn check(path: &Path) {
    let opts = IngestOptions::default();
    let input = Input::Path(path.to_path_buf());
    let mut stream = stream_input(&input, &opts);
    let items: Vec<_> = stream.by_ref().collect();
    let stats = stream.archive_stats().expect("an archive has stats");
    let docs: Vec<_> = items.iter().filter_map(|r| r.as_ref().ok()).collect();
    let errors: Vec<String> = items
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| e.to_string())
        .collect();
    let sources: Vec<&str> = docs.iter().map(|d| d.source.as_str()).collect();
    assert_eq!(
        sources,
        [
            "http://news.example/a",
            "http://news.example/b",
            "http://news.example/c",
            "http://news.example/d"
        ],
        "{errors:?}"
    );
    assert_eq!(docs[0].id, "http://news.example/a");
    assert_eq!(
        docs[0].title.as_deref(),
        Some("Checkpoint Attack Kills Two")
    );
    assert!(docs[0].text.contains("killing two guards"));
    assert_eq!(docs[0].published.unwrap().to_string(), "2024-03-05");
    assert_eq!(docs[1].published.unwrap().to_string(), "2024-02-01");
    assert!(
        docs[2].text.contains("Workers opened fire"),
        "{}",
        docs[2].text
    );
    assert!(docs[3].text.contains("Café Miró"), "{}", docs[3].text);
    assert_eq!(docs[0].language.as_deref(), Some("eng"));
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].contains("WARC record 8: header line without a colon"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("http://news.example/e: WARC record 11: no article text"),
        "{}",
        errors[1]
    );
    assert!(errors.iter().all(|e| !e.contains('\n')));
    let mut want = WarcStats {
        records: 12,
        documents: 4,
        failed: 2,
        ..WarcStats::default()
    };
    for (k, v) in [
        ("warcinfo", 1),
        ("request", 1),
        ("metadata", 1),
        ("revisit", 1),
        ("response not 2xx", 1),
        ("response not HTML", 1),
    ] {
        want.skipped.insert(k.to_string(), v);
    }
    assert_eq!(stats, want);
}

#[test]
fn plain_gzip_per_record_and_whole_file_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let recs = records();
    let plain: Vec<u8> = recs.concat();
    std::fs::write(dir.path().join("crawl.warc"), &plain).unwrap();
    check(&dir.path().join("crawl.warc"));
    let mut per_record = Vec::new();
    for r in &recs {
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(r).unwrap();
        per_record.extend(gz.finish().unwrap());
    }
    std::fs::write(dir.path().join("crawl.warc.gz"), &per_record).unwrap();
    check(&dir.path().join("crawl.warc.gz"));
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(&plain).unwrap();
    // sniffed from the content, whatever the name
    std::fs::write(dir.path().join("whole.bin"), gz.finish().unwrap()).unwrap();
    check(&dir.path().join("whole.bin"));
    assert_eq!(
        Format::from_path(Path::new("x/CRAWL.WARC.GZ")),
        Format::Warc
    );
}

#[test]
fn truncated_and_corrupt_archives_end_with_one_failure() {
    let dir = tempfile::tempdir().unwrap();
    let plain: Vec<u8> = records().concat();
    // cut inside the third record's block
    let cut = plain.len() / 4;
    let path = dir.path().join("cut.warc");
    std::fs::write(&path, &plain[..cut]).unwrap();
    let items = read_input(&Input::Path(path), &IngestOptions::default());
    let errors: Vec<_> = items.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].to_string().contains("archive ends inside"),
        "{}",
        errors[0]
    );
    // gzip garbage after a good member
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(&records()[2]).unwrap();
    let mut bytes = gz.finish().unwrap();
    bytes.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3, 4, 5]);
    let path = dir.path().join("bad.warc.gz");
    std::fs::write(&path, &bytes).unwrap();
    let items = read_input(&Input::Path(path), &IngestOptions::default());
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    let e = items[1].as_ref().unwrap_err().to_string();
    assert!(e.contains("unreadable archive"), "{e}");
}

#[test]
fn an_oversized_record_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let opts = IngestOptions {
        max_bytes: 2_000,
        ..IngestOptions::default()
    };
    let big = page("Big", "", &"<p>word </p>".repeat(100_000));
    let mut bytes = record(
        "response",
        "http://x/big",
        "2024-01-01T00:00:00Z",
        &http("200 OK", "Content-Type: text/html\r\n", big.as_bytes()),
    );
    bytes.extend(record("warcinfo", "", "2024-01-01T00:00:00Z", b"x: y"));
    let path = dir.path().join("big.warc");
    std::fs::write(&path, &bytes).unwrap();
    let items = read_input(&Input::Path(path), &opts);
    assert_eq!(items.len(), 1);
    let e = items[0].as_ref().unwrap_err().to_string();
    assert!(
        e.starts_with("http://x/big: WARC record 1: record block of"),
        "{e}"
    );
}
