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

#[path = "../../sitrep-watch/tests/support/server.rs"]
mod server;

use server::{article, rss, Response, Server};
use sitrep_store::IncidentStore;
use std::time::{Duration, Instant};

const ATTACKS: [&str; 6] = [
    "A car bomb exploded outside the police headquarters in Velmora on Monday, killing four officers and wounding nine, officials said.",
    "Gunmen opened fire on worshippers at a mosque in Port Example on Friday, killing seven people, police said.",
    "A suicide bomber blew himself up at a checkpoint near Lower Example on Tuesday, killing three soldiers, the army said.",
    "Militants attacked a bus carrying pilgrims near Velmora on Sunday, killing five passengers, a police spokesman said.",
    "A roadside bomb struck a convoy outside Port Example on Wednesday, killing two soldiers, the defence ministry said.",
    "Gunmen stormed a hotel in Velmora on Thursday night, killing six guests before security forces ended the siege, officials said.",
];

/// A server with a feed of `n` attack pages `/n0`…; the feed answers 304 to its ETag.
fn attack_server(n: usize) -> Server {
    let srv = Server::start();
    let urls: Vec<String> = (0..n).map(|i| srv.url(&format!("/n{i}"))).collect();
    let feed = rss(&urls);
    srv.route("/feed.xml", move |req| {
        if req.header("If-None-Match") == Some("\"f1\"") {
            Response::new(304, "application/rss+xml", "")
        } else {
            Response::new(200, "application/rss+xml", feed.clone()).header("ETag", "\"f1\"")
        }
    });
    for (i, body) in ATTACKS.iter().take(n).enumerate() {
        srv.fixed(
            &format!("/n{i}"),
            Response::html(article(&format!("Attack report {i}"), body)),
        );
    }
    srv
}

fn watch_cmd(db: &std::path::Path, feed: &str) -> Command {
    let mut c = bin();
    c.args(["watch", "--no-learned", "--host-delay", "0", "--db"])
        .arg(db)
        .arg(feed);
    c
}

fn documents(db: &std::path::Path) -> u64 {
    sitrep_store::SqliteStore::open(db)
        .unwrap()
        .stats()
        .unwrap()
        .documents
}

/// Waits (at most 30 s) until `cond` holds.
fn wait_for(what: &str, cond: impl Fn() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "waited too long for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn watch_once_ingests_two_attack_pages_and_a_rerun_adds_nothing() {
    let srv = attack_server(2);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let out = watch_cmd(&db, &srv.url("/feed.xml"))
        .arg("--once")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert!(
        lines[1].starts_with("sitrep: new ") && lines[1].contains("/n0 (1 incidents)"),
        "{stderr}"
    );
    assert!(
        lines[3].starts_with("sitrep: pass 1: 1 feeds (0 not modified, 0 failed), 2 items: 2 new"),
        "{stderr}"
    );
    assert_eq!(documents(&db), 2);
    let inc = bin()
        .args(["incidents", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&inc.stdout).lines().count(), 2);
    let out = watch_cmd(&db, &srv.url("/feed.xml"))
        .arg("--once")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("(not modified)") && stderr.contains("0 items: 0 new"),
        "{stderr}"
    );
    assert_eq!(documents(&db), 2);
    assert_eq!(srv.hits("/n0"), 1);
}

#[test]
fn kill_9_mid_pass_loses_nothing_committed_and_the_rerun_completes_the_pass() {
    let srv = attack_server(6);
    // the fourth page hangs long enough to be killed while fetching it
    srv.fixed(
        "/n3",
        Response::html(article("Attack report 3", ATTACKS[3])).delay(Duration::from_secs(20)),
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut child = watch_cmd(&db, &srv.url("/feed.xml"))
        .arg("--once")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_for("the fourth page's request", || srv.hits("/n3") == 1);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(documents(&db), 3);
    srv.fixed(
        "/n3",
        Response::html(article("Attack report 3", ATTACKS[3])),
    );
    let out = watch_cmd(&db, &srv.url("/feed.xml"))
        .arg("--once")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // the feed was read again (its ETag was not kept by the killed pass)
    assert!(stderr.contains("6 items: 3 new, 3 known"), "{stderr}");
    assert_eq!(documents(&db), 6);
    for i in [0, 1, 2, 4, 5] {
        assert_eq!(srv.hits(&format!("/n{i}")), 1, "/n{i}");
    }
}

#[test]
fn sigterm_finishes_the_current_item_and_exits_0() {
    let srv = attack_server(3);
    srv.fixed(
        "/n1",
        Response::html(article("Attack report 1", ATTACKS[1])).delay(Duration::from_millis(1500)),
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let child = watch_cmd(&db, &srv.url("/feed.xml"))
        .args(["--interval", "1h"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for("the second page's request", || srv.hits("/n1") == 1);
    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // the item in flight was finished and committed; the third was not started
    assert!(
        stderr.contains("2 items: 2 new") && stderr.contains("(interrupted)"),
        "{stderr}"
    );
    assert_eq!(documents(&db), 2);
    assert_eq!(srv.hits("/n2"), 0);
}
