//! Fuzzing on stable Rust (proptest, a fixed seed and case budget, so CI runs the same
//! cases in well under a second each): the WARC reader and HTML ingest never panic on
//! any input, and every failure is one line for one record or document.

use flate2::write::GzEncoder;
use flate2::Compression;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use sitrep_ingest::{document_from_bytes, warc_reader, Format, IngestOptions, WarcDocuments};
use std::io::Write;

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(24),
        failure_persistence: None,
        ..Config::default()
    }
}

fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-02T03:04:05Z\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A small valid archive: a request, two responses (one chunked), a metadata record.
fn archive() -> Vec<u8> {
    let page = b"<html><head><title>Depot Fire</title></head><body><article><p>A fire at the bus depot in the fictional town of Port Example injured two workers on Monday, officials said, and the roads nearby were closed.</p></article></body></html>";
    let mut resp = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
    resp.extend_from_slice(page);
    let mut chunked =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    chunked.extend_from_slice(format!("{:x}\r\n", page.len()).as_bytes());
    chunked.extend_from_slice(page);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    [
        record("request", "http://x/a", b"GET /a HTTP/1.1\r\n\r\n"),
        record("response", "http://x/a", &resp),
        record("metadata", "http://x/a", b"k: v\r\n"),
        record("response", "http://x/b", &chunked),
    ]
    .concat()
}

/// Reads `bytes` as an archive and checks the invariants.
fn read_archive(bytes: &[u8]) -> Result<(), TestCaseError> {
    let opts = IngestOptions {
        max_bytes: 64 * 1024,
        ..IngestOptions::default()
    };
    let Ok(reader) = warc_reader(bytes) else {
        return Ok(());
    };
    let docs = WarcDocuments::new(reader, "f.warc", "f.warc", &opts);
    let stats = docs.stats();
    let mut n = 0u64;
    for item in docs.take(10_000) {
        n += 1;
        match item {
            Ok(doc) => prop_assert!(!doc.text.trim().is_empty()),
            Err(f) => prop_assert!(!f.to_string().contains('\n'), "{f}"),
        }
    }
    let s = stats.lock().unwrap().clone();
    prop_assert_eq!(s.documents + s.failed, n);
    prop_assert!(s.records >= n);
    Ok(())
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn warc_reader_survives_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_archive(&bytes)?;
        let mut prefixed = b"WARC/1.0\r\n".to_vec();
        prefixed.extend_from_slice(&bytes);
        read_archive(&prefixed)?;
    }

    #[test]
    fn warc_reader_survives_damaged_archives(
        cut in 0usize..2000,
        flips in proptest::collection::vec((0usize..2000, any::<u8>()), 0..8),
        compress in any::<bool>(),
    ) {
        let mut a = archive();
        for (at, b) in flips {
            let i = at % a.len();
            a[i] = b;
        }
        a.truncate(cut.min(a.len()));
        let a = if compress { gz(&a) } else { a };
        read_archive(&a)?;
    }

    #[test]
    fn gzip_damage_is_one_failure(cut in 10usize..400, flip in 10usize..400, b in any::<u8>()) {
        let mut z = gz(&archive());
        let i = flip % z.len();
        z[i] ^= b | 1;
        z.truncate(cut.min(z.len()));
        read_archive(&z)?;
    }
}

/// Pieces of HTML that pages get wrong.
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<article>".to_string()),
        Just("<script>var x = '</p>';</script>".to_string()),
        Just("<!-- comment".to_string()),
        Just("<meta charset=\"windows-1252\">".to_string()),
        Just("<meta property=\"article:published_time\" content=\"2024-13-45\">".to_string()),
        Just("<title>".to_string()),
        Just("&amp;&#xFFFFFF;&bogus;".to_string()),
        Just("A bomb exploded near the market, killing three people. ".to_string()),
        "[a-zA-Z .,]{0,40}",
        "\\PC{0,20}",
    ]
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn html_ingest_survives_tag_soup(pieces in proptest::collection::vec(html_piece(), 0..60)) {
        let page = pieces.concat();
        match document_from_bytes("p", "p", Format::Html, page.as_bytes(), &IngestOptions::default()) {
            Ok(doc) => prop_assert!(!doc.text.trim().is_empty()),
            Err(e) => prop_assert!(!e.to_string().contains('\n'), "{e}"),
        }
    }

    #[test]
    fn html_ingest_survives_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        for format in [Format::Html, Format::Auto] {
            if let Err(e) = document_from_bytes("p", "p", format, &bytes, &IngestOptions::default()) {
                prop_assert!(!e.to_string().contains('\n'), "{e}");
            }
        }
    }
}
