//! Inputs built to break the reader: it must answer with a document or a typed
//! error, never panic.

use sitrep_ingest::{document_from_bytes, read_jsonl, Format, IngestError, IngestOptions};

/// A small deterministic generator (xorshift), so failures are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

const PIECES: &[&[u8]] = &[
    b"<html>",
    b"<p>",
    b"</p>",
    b"<div class=\"advert\">",
    b"</div>",
    b"<script>",
    b"{",
    b"}",
    b"\"text\":",
    b"\"html\":",
    b"\"id\":",
    b"\"",
    b",",
    b"\n",
    b"\r\n",
    b"\\u0000",
    b"\\ud800",
    b"\xff",
    b"\xc3",
    b"\xa9",
    b"\0",
    b" ",
    b"word ",
    b"Advert",
    b"2021-03-04T10:00:00Z",
    b"<meta property=\"article:published_time\" content=\"",
    b"\">",
    b"<time datetime=\"",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"&amp;",
    b"&#0;",
    b"\xef\xbb\xbf",
    b"<",
];

#[test]
fn random_inputs_never_panic() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let opts = IngestOptions::default();
    for _ in 0..400 {
        let mut bytes = Vec::new();
        let n = rng.next() % 60;
        for _ in 0..n {
            let piece = PIECES[(rng.next() % PIECES.len() as u64) as usize];
            bytes.extend_from_slice(piece);
        }
        for format in [Format::Auto, Format::Text, Format::Html, Format::Jsonl] {
            let _ = document_from_bytes("r", "-", format, &bytes, &opts);
        }
        let _ = read_jsonl(&bytes[..], "r", "-", &opts);
    }
}

#[test]
fn nested_html_within_the_limit_is_read() {
    let depth = 300;
    let mut html = String::from("<html><body>");
    for _ in 0..depth {
        html.push_str("<div>");
    }
    html.push_str("<p>Some running text of the article body that is long enough to count.</p>");
    for _ in 0..depth {
        html.push_str("</div>");
    }
    html.push_str("</body></html>");
    let doc = document_from_bytes(
        "deep",
        "-",
        Format::Html,
        html.as_bytes(),
        &IngestOptions::default(),
    )
    .unwrap();
    assert!(doc.text.contains("Some running text of the article body"));
    // Far deeper pages are refused up front instead of taking minutes.
    let deep = html.replace("<div>", "<div><section>");
    let err = document_from_bytes(
        "deeper",
        "-",
        Format::Html,
        deep.as_bytes(),
        &IngestOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, IngestError::NoArticleText { .. }), "{err}");
}

#[test]
fn jsonl_line_longer_than_the_limit_fails_alone() {
    let opts = IngestOptions {
        max_bytes: 100,
        ..IngestOptions::default()
    };
    let long = format!("{{\"id\": \"x\", \"text\": \"{}\"}}", "a ".repeat(500));
    let input = format!(
        "{{\"id\": \"a\", \"text\": \"Short Record Title Here\"}}\n{long}\n{{\"id\": \"b\", \"text\": \"Another Short Record\"}}\n"
    );
    let items = read_jsonl(input.as_bytes(), "f.jsonl", "f.jsonl", &opts);
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap().id, "a");
    let f = items[1].as_ref().unwrap_err();
    assert_eq!(f.doc_id, "f.jsonl:2");
    assert!(matches!(
        f.error,
        IngestError::LineTooLong {
            line: 2,
            limit: 100
        }
    ));
    assert_eq!(items[2].as_ref().unwrap().id, "b");
}

#[test]
fn jsonl_without_records_is_one_empty_failure() {
    let items = read_jsonl(
        &b"\n  \n\r\n"[..],
        "e.jsonl",
        "e.jsonl",
        &IngestOptions::default(),
    );
    assert_eq!(items.len(), 1);
    let f = items[0].as_ref().unwrap_err();
    assert_eq!(f.doc_id, "e.jsonl");
    assert!(matches!(f.error, IngestError::Empty));
}
