//! Fuzzing on stable Rust (proptest, fixed seed and case budget) of the feed reader: no
//! panic on any input, errors on one line, and only http(s) item URLs come out.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use sitrep_watch::parse_feed;

fn config() -> Config {
    Config {
        cases: 300,
        rng_seed: RngSeed::Fixed(24),
        failure_persistence: None,
        ..Config::default()
    }
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse_feed(bytes, "http://127.0.0.1:1/feed") {
        Ok(feed) => {
            for item in &feed.items {
                prop_assert!(
                    item.url.starts_with("http://") || item.url.starts_with("https://"),
                    "{}",
                    item.url
                );
            }
        }
        Err(e) => prop_assert!(!e.to_string().contains('\n'), "{e}"),
    }
    Ok(())
}

/// Pieces of RSS, Atom and JSON Feed, to be put together in any order.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<?xml version=\"1.0\"?>".to_string()),
        Just("<rss version=\"2.0\"><channel>".to_string()),
        Just("</channel></rss>".to_string()),
        Just("<item>".to_string()),
        Just("</item>".to_string()),
        Just("<link>http://news.example/a</link>".to_string()),
        Just("<link>javascript:alert(1)</link>".to_string()),
        Just("<link>/relative/path</link>".to_string()),
        Just("<ttl>99999999999</ttl>".to_string()),
        Just("<feed xmlns=\"http://www.w3.org/2005/Atom\">".to_string()),
        Just("<entry><link href=\"https://news.example/e\"/></entry>".to_string()),
        Just("<![CDATA[ x ]]>".to_string()),
        Just("&lt;&bogus;&#0;".to_string()),
        Just("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[".to_string()),
        Just("{\"id\":\"1\",\"url\":\"https://news.example/j\"}".to_string()),
        Just("]}".to_string()),
        "[a-z<>/=\" ]{0,30}",
        "\\PC{0,20}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn feed_reader_survives_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes)?;
    }

    #[test]
    fn feed_reader_survives_feed_soup(pieces in proptest::collection::vec(piece(), 0..40)) {
        check(pieces.concat().as_bytes())?;
    }
}
