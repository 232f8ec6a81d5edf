//! The watcher against a loopback server started by each test (127.0.0.1, port 0): new
//! items, a second pass (304 and known items), and a hostile web (slow, 500, redirect
//! loop, 50 MB pages, a gzip bomb, malformed XML, non-HTML, robots.txt, one item under
//! two URLs). Every request is to the test's own server; timeouts are short and every
//! route answers a bounded number of times.

mod support;

use sitrep_core::{Document, DocumentRecord};
use sitrep_store::{IncidentStore, SqliteStore};
use sitrep_watch::{Event, FetchConfig, ItemStatus, PassSummary, WatchConfig, Watcher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use support::server::{article, rss, Response, Server};

/// No extraction: a record without incidents (the watcher's logic is what is tested).
fn no_extract(doc: &Document) -> DocumentRecord {
    DocumentRecord {
        title: doc.title.clone(),
        published: doc.published,
        ..DocumentRecord::failed(doc.id.clone(), doc.source.clone(), "")
    }
    .with_no_error()
}

trait NoError {
    fn with_no_error(self) -> Self;
}
impl NoError for DocumentRecord {
    fn with_no_error(mut self) -> Self {
        self.error = None;
        self
    }
}

fn config() -> WatchConfig {
    WatchConfig {
        fetch: FetchConfig {
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(1),
            max_redirects: 3,
            host_delay: Duration::ZERO,
            ..FetchConfig::default()
        },
        ..WatchConfig::default()
    }
}

/// One pass over `feeds`: the events and the summary.
fn pass(
    store: &mut SqliteStore,
    feeds: &[String],
    stop: Arc<AtomicBool>,
) -> (Vec<Event>, PassSummary) {
    let ex = no_extract;
    let mut w = Watcher::new(store, &ex, "test-1", config(), stop).unwrap();
    let mut events = Vec::new();
    let sum = w
        .pass(feeds, true, &mut |e| events.push(e.clone()))
        .unwrap();
    (events, sum)
}

fn item_status<'a>(events: &'a [Event], url: &str) -> &'a ItemStatus {
    events
        .iter()
        .find_map(|e| match e {
            Event::Item { url: u, status } if u == url => Some(status),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no event for {url}: {events:?}"))
}

const BODY_A: &str = "A bomb exploded near the bus station in the fictional town of Port Example on Monday, injuring four people, police said.";
const BODY_B: &str = "Gunmen attacked a checkpoint outside the fictional village of Lower Example on Tuesday night, killing two guards, officials said.";

#[test]
fn new_items_then_a_second_pass_finds_nothing_new() {
    let srv = Server::start();
    let (a, b) = (srv.url("/a"), srv.url("/b"));
    let feed_body = rss(&[a.clone(), b.clone()]);
    srv.route("/feed.xml", move |req| {
        if req.header("If-None-Match") == Some("\"v1\"") {
            Response::new(304, "application/rss+xml", "")
        } else {
            Response::new(200, "application/rss+xml", feed_body.clone()).header("ETag", "\"v1\"")
        }
    });
    srv.fixed("/a", Response::html(article("Bus Station Bomb", BODY_A)));
    srv.fixed("/b", Response::html(article("Checkpoint Attack", BODY_B)));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let feeds = vec![srv.url("/feed.xml")];
    {
        let mut store = SqliteStore::open(&db).unwrap();
        let (events, sum) = pass(&mut store, &feeds, Arc::default());
        assert_eq!((sum.items, sum.new, sum.failed), (2, 2, 0), "{events:?}");
        assert!(matches!(item_status(&events, &a), ItemStatus::New { .. }));
        assert_eq!(store.stats().unwrap().documents, 2);
        let line = events.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert!(
            line[0].starts_with("feed       http://127.0.0.1:"),
            "{line:?}"
        );
        assert!(
            line[1].starts_with("new        http://127.0.0.1:")
                && line[1].ends_with("/a (0 incidents)")
        );
        assert_eq!(sum.to_string().lines().count(), 1);
    }
    // a restart: the stored ETag makes the feed answer 304; nothing is refetched
    let mut store = SqliteStore::open(&db).unwrap();
    let (events, sum) = pass(&mut store, &feeds, Arc::default());
    assert_eq!((sum.feeds_not_modified, sum.items), (1, 0), "{events:?}");
    assert_eq!(srv.hits("/a"), 1);
    assert_eq!(srv.hits("/feed.xml"), 2);
    let second = srv
        .requests()
        .into_iter()
        .filter(|r| r.path == "/feed.xml")
        .nth(1)
        .unwrap();
    assert_eq!(second.header("If-None-Match"), Some("\"v1\""));
    assert!(second.header("User-Agent").unwrap().starts_with("sitrep/"));
    // robots.txt was asked once per run (404 here: everything allowed)
    assert_eq!(srv.hits("/robots.txt"), 2);
    assert_eq!(store.stats().unwrap().documents, 2);
}

#[test]
fn a_feed_without_validators_lists_known_items_that_are_not_refetched() {
    let srv = Server::start();
    let (a, b) = (srv.url("/a"), srv.url("/b"));
    srv.fixed(
        "/feed.xml",
        Response::new(200, "application/rss+xml", rss(std::slice::from_ref(&a))),
    );
    srv.fixed("/a", Response::html(article("Bus Station Bomb", BODY_A)));
    srv.fixed("/b", Response::html(article("Checkpoint Attack", BODY_B)));
    let mut store = SqliteStore::open_in_memory().unwrap();
    let feeds = vec![srv.url("/feed.xml")];
    pass(&mut store, &feeds, Arc::default());
    // the feed grows by one item
    srv.fixed(
        "/feed.xml",
        Response::new(200, "application/rss+xml", rss(&[b.clone(), a.clone()])),
    );
    let (events, sum) = pass(&mut store, &feeds, Arc::default());
    assert_eq!((sum.new, sum.known), (1, 1), "{events:?}");
    assert_eq!(item_status(&events, &a), &ItemStatus::Known);
    assert_eq!(srv.hits("/a"), 1);
    assert_eq!(srv.hits("/b"), 1);
}

#[test]
fn a_hostile_web_fails_item_by_item_and_the_pass_goes_on() {
    use std::io::Write;
    let srv = Server::start();
    let urls: Vec<String> = [
        "/slow",
        "/error",
        "/loop",
        "/huge",
        "/huge-declared",
        "/bomb",
        "/paper.pdf",
        "/dup1",
        "/dup2",
        "/private/x",
        "/ok",
    ]
    .iter()
    .map(|p| srv.url(p))
    .collect();
    srv.fixed(
        "/feed.xml",
        Response::new(200, "application/rss+xml", rss(&urls)),
    );
    srv.fixed(
        "/broken.xml",
        Response::new(
            200,
            "application/rss+xml",
            "<rss><channel><item><title>unclosed",
        ),
    );
    srv.fixed(
        "/robots.txt",
        Response::new(200, "text/plain", "User-agent: *\nDisallow: /private/\n"),
    );
    srv.fixed(
        "/slow",
        Response::html(article("Slow", BODY_A)).delay(Duration::from_secs(3)),
    );
    srv.fixed("/error", Response::new(500, "text/html", "<p>oops</p>"));
    let looped = srv.url("/loop");
    srv.route("/loop", move |_| {
        Response::new(302, "text/html", "").header("Location", &looped)
    });
    // 50 MB, streamed without a length; and announced with one
    srv.fixed(
        "/huge",
        Response::html("<html><body><p>").stream(50_000_000),
    );
    srv.route("/huge-declared", |_| {
        let mut r = Response::html(Vec::new());
        r.headers.push(("Content-Length".into(), "50000000".into()));
        r.stream_extra = 50_000_000;
        r
    });
    // 64 MB of spaces, gzip-compressed to a small body
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let block = vec![b' '; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&block).unwrap();
    }
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 1_000_000);
    srv.fixed(
        "/bomb",
        Response::html(bomb).header("Content-Encoding", "gzip"),
    );
    srv.fixed(
        "/paper.pdf",
        Response::new(200, "application/pdf", "%PDF-1.4 ..."),
    );
    let dup = article("Checkpoint Attack", BODY_B);
    srv.fixed("/dup1", Response::html(dup.clone()));
    srv.fixed("/dup2", Response::html(dup));
    srv.fixed("/private/x", Response::html(article("Private", BODY_A)));
    srv.fixed("/ok", Response::html(article("Bus Station Bomb", BODY_A)));

    let mut store = SqliteStore::open_in_memory().unwrap();
    let feeds = vec![srv.url("/broken.xml"), srv.url("/feed.xml")];
    let (events, sum) = pass(&mut store, &feeds, Arc::default());
    let lines: Vec<String> = events.iter().map(ToString::to_string).collect();
    let why = |path: &str| match item_status(&events, &srv.url(path)) {
        ItemStatus::Failed(w) | ItemStatus::Refused(w) => w.clone(),
        s => panic!("{path}: {s:?}"),
    };
    assert!(
        lines[0].starts_with("feed-fail  ") && lines[0].contains("malformed feed"),
        "{lines:?}"
    );
    assert!(matches!(
        item_status(&events, &srv.url("/slow")),
        ItemStatus::Failed(_)
    ));
    assert!(why("/slow").contains("timed out"), "{}", why("/slow"));
    assert_eq!(why("/error"), "HTTP 500 Internal Server Error");
    assert!(
        why("/loop").contains("too many redirects"),
        "{}",
        why("/loop")
    );
    assert!(srv.hits("/loop") <= 4, "{}", srv.hits("/loop"));
    for p in ["/huge", "/huge-declared", "/bomb"] {
        assert!(
            matches!(item_status(&events, &srv.url(p)), ItemStatus::Refused(_)),
            "{p}"
        );
        assert!(why(p).contains("exceeds the limit"), "{p}: {}", why(p));
    }
    assert_eq!(why("/paper.pdf"), "not HTML (application/pdf)");
    assert_eq!(why("/private/x"), "disallowed by robots.txt");
    assert_eq!(srv.hits("/private/x"), 0);
    assert!(matches!(
        item_status(&events, &srv.url("/dup1")),
        ItemStatus::New { .. }
    ));
    assert_eq!(
        item_status(&events, &srv.url("/dup2")),
        &ItemStatus::Duplicate {
            of: srv.url("/dup1")
        }
    );
    assert!(matches!(
        item_status(&events, &srv.url("/ok")),
        ItemStatus::New { .. }
    ));
    assert_eq!(
        (
            sum.feeds,
            sum.feeds_failed,
            sum.items,
            sum.new,
            sum.duplicate,
            sum.failed,
            sum.refused
        ),
        (2, 1, 11, 2, 1, 3, 5),
        "{lines:#?}"
    );
    assert!(lines.iter().all(|l| !l.contains('\n')));
    assert_eq!(store.stats().unwrap().documents, 2);

    // the next pass retries only what failed in transport; refused and stored items stay
    let (events, sum) = pass(&mut store, &feeds[1..], Arc::default());
    assert_eq!((sum.failed, sum.known), (3, 8), "{events:?}");
    assert_eq!(srv.hits("/paper.pdf"), 1);
    assert_eq!(srv.hits("/error"), 2);
    // after max_attempts (3) tries an item is given up
    pass(&mut store, &feeds[1..], Arc::default());
    let (_, sum) = pass(&mut store, &feeds[1..], Arc::default());
    assert_eq!((sum.failed, sum.known), (0, 11));
    assert_eq!(srv.hits("/error"), 3);
}

#[test]
fn a_stop_finishes_the_current_item_and_the_next_pass_completes_the_feed() {
    let srv = Server::start();
    let urls: Vec<String> = (0..4).map(|i| srv.url(&format!("/n{i}"))).collect();
    srv.fixed(
        "/feed.xml",
        Response::new(200, "application/rss+xml", rss(&urls)).header("ETag", "\"e\""),
    );
    for (i, body) in [BODY_A, BODY_B, BODY_A, BODY_B].iter().enumerate() {
        srv.fixed(
            &format!("/n{i}"),
            Response::html(article(
                &format!("Report {i}"),
                &format!("{body} Report number {i}."),
            )),
        );
    }
    let mut store = SqliteStore::open_in_memory().unwrap();
    let feeds = vec![srv.url("/feed.xml")];
    let stop = Arc::new(AtomicBool::new(false));
    let ex = no_extract;
    let mut w = Watcher::new(&mut store, &ex, "t", config(), stop.clone()).unwrap();
    let mut events = Vec::new();
    let sum = w
        .pass(&feeds, true, &mut |e| {
            if matches!(e, Event::Item { .. }) {
                stop.store(true, Ordering::SeqCst); // a signal arrives during the first item
            }
            events.push(e.clone());
        })
        .unwrap();
    assert!(sum.interrupted);
    assert_eq!(sum.new, 1, "{events:?}");
    drop(w);
    // the feed's ETag was not kept: the next run reads the feed again and completes it
    let (events, sum) = pass(&mut store, &feeds, Arc::default());
    assert_eq!(
        (sum.known, sum.new, sum.feeds_not_modified),
        (1, 3, 0),
        "{events:?}"
    );
    assert_eq!(store.stats().unwrap().documents, 4);
}
