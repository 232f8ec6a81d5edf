//! The `sitrep` binary on the new ways in: legacy charsets, other languages, WARC
//! archives and `sitrep watch` (fixtures written here, fictional).

use serde_json::Value;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

const ATTACK_1252: &[u8] = b"<!DOCTYPE html><html><head><meta charset=\"windows-1252\">\
<title>Bomb Kills Three at Caf\xe9 in Velmora</title></head><body><article>\
<p>VELMORA, Ruritania \x96 A bomb exploded at the Caf\xe9 Mir\xf3 in the town of Velmora on \
Tuesday, killing three people and wounding eleven, police said.</p>\
<p>\x93It was a terrible blast,\x94 said a waiter. No group has claimed responsibility for \
the bombing, and officers closed the square for several hours.</p></article></body></html>";

const GERMAN: &str = "Anschlag auf Busbahnhof\n\nBei einem Anschlag auf einen Busbahnhof in \
der Stadt sind am Montag drei Menschen getötet und zwölf weitere verletzt worden, teilte die \
Polizei am Abend mit. Die Ermittler suchen nach den Tätern.\n";

#[test]
fn legacy_charset_is_extracted_and_other_languages_are_kept_with_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-cafe.html"), ATTACK_1252).unwrap();
    std::fs::write(dir.path().join("b-de.txt"), GERMAN).unwrap();
    let out = bin()
        .args(["extract", "--no-learned"])
        .arg(dir.path())
        .output()
        .unwrap();
    // one document failed (the German one): status 1, one line on stderr for it
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("b-de.txt: language not supported yet: German (deu)"));
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    let cafe = &recs[0];
    assert_eq!(cafe["error"], Value::Null, "{cafe}");
    assert_eq!(cafe["title"], "Bomb Kills Three at Café in Velmora");
    let inc = &cafe["incidents"][0];
    assert_eq!(inc["killed"]["min"], 3, "{inc}");
    // evidence quotes the decoded text
    let ev = inc["killed"]["evidence"][0]["text"].as_str().unwrap();
    assert!(ev.contains("three"), "{ev}");
    let de = &recs[1];
    assert_eq!(de["title"], "Anschlag auf Busbahnhof");
    assert!(de["incidents"].as_array().unwrap().is_empty());
    assert!(de["error"]
        .as_str()
        .unwrap()
        .starts_with("language not supported yet: German (deu)"));
}

/// A WARC record (uncompressed).
fn warc_record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-06-02T09:30:00Z\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http_html(body: &[u8]) -> Vec<u8> {
    let mut b =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n".to_vec();
    b.extend_from_slice(body);
    b
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn warc_archives_are_extracted_and_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Vec::new();
    archive.extend(gz(&warc_record(
        "request",
        "http://news.example/cafe",
        b"GET /cafe HTTP/1.1\r\n\r\n",
    )));
    archive.extend(gz(&warc_record(
        "response",
        "http://news.example/cafe",
        &http_html(ATTACK_1252),
    )));
    archive.extend(gz(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n"));
    archive.extend(gz(&warc_record(
        "response",
        "http://news.example/de",
        &http_html(
            format!(
                "<html><body><article><p>{}</p></article></body></html>",
                GERMAN.replace('\n', " ")
            )
            .as_bytes(),
        ),
    )));
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, &archive).unwrap();
    let out = bin()
        .args(["extract", "--no-learned"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("crawl.warc.gz: 4 records: 2 documents, 1 skipped (request 1), 1 failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("crawl.warc.gz#record-3: WARC record 3: no valid Content-Length"),
        "{stderr}"
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["source"], "http://news.example/cafe");
    assert_eq!(recs[0]["incidents"][0]["killed"]["min"], 3);
    // the page states no date: the record's
    assert_eq!(recs[0]["published"], "2024-06-02");
    assert!(recs[2]["error"]
        .as_str()
        .unwrap()
        .contains("language not supported yet"));

    let db = dir.path().join("s.db");
    let run = || {
        bin()
            .args(["ingest", "--no-learned", "--db"])
            .arg(&db)
            .arg(&path)
            .output()
            .unwrap()
    };
    let first = run();
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(stderr.contains("2 new"), "{stderr}");
    let second = run();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("0 new"), "{stderr}");
    let conn_out = bin()
        .args(["incidents", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&conn_out.stdout).lines().count(), 1);
}
