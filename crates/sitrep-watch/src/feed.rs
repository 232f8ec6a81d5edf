//! Feeds: RSS 2.0, Atom and JSON Feed, parsed with `feed-rs`, reduced to what the watcher
//! needs: each item's page URL, and how long the feed asks to be left alone.

use crate::WatchError;

/// One item of a feed: the page to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's page (its `alternate` link, else its first link, else an id that is a
    /// URL), resolved against the feed's URL.
    pub url: String,
    /// The item's title, if the feed gives one.
    pub title: Option<String>,
}

/// A parsed feed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Feed {
    /// Items in feed order, without repeats (an item listed twice is read once).
    pub items: Vec<FeedItem>,
    /// RSS `<ttl>`: minutes the feed may be cached.
    pub ttl_minutes: Option<u32>,
    /// Items without any usable URL (skipped).
    pub items_without_url: usize,
}

/// Most items read from one feed (a larger feed is cut, the first kept).
pub const MAX_ITEMS: usize = 1000;

/// Parses a feed document (`bytes`) fetched from `feed_url`.
pub fn parse_feed(bytes: &[u8], feed_url: &str) -> Result<Feed, WatchError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(feed_url))
        .build();
    let parsed = parser.parse(bytes).map_err(|e| WatchError::Feed {
        url: feed_url.to_string(),
        message: crate::one_line(&e.to_string()),
    })?;
    let mut feed = Feed {
        ttl_minutes: parsed.ttl,
        ..Feed::default()
    };
    let mut seen = std::collections::HashSet::new();
    for entry in parsed.entries.iter().take(MAX_ITEMS) {
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or_else(|| entry.links.first())
            .map(|l| l.href.trim().to_string())
            .filter(|h| !h.is_empty())
            .or_else(|| {
                let id = entry.id.trim();
                (id.starts_with("http://") || id.starts_with("https://")).then(|| id.to_string())
            });
        let Some(url) = link.and_then(|h| resolve(feed_url, &h)) else {
            feed.items_without_url += 1;
            continue;
        };
        if seen.insert(url.clone()) {
            feed.items.push(FeedItem {
                url,
                title: entry.title.as_ref().map(|t| crate::one_line(&t.content)),
            });
        }
    }
    Ok(feed)
}

/// `href` resolved against `base`; only http(s) URLs are kept.
fn resolve(base: &str, href: &str) -> Option<String> {
    let base = reqwest::Url::parse(base).ok();
    let url = match base {
        Some(b) => b.join(href).ok()?,
        None => reqwest::Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_atom_and_json_feed() {
        let rss =
            br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><ttl>30</ttl>
<item><title>One</title><link>http://news.example/1</link></item>
<item><title>Two</title><link>/2</link></item>
<item><title>One again</title><link>http://news.example/1</link></item>
<item><title>No link</title><guid isPermaLink="false">abc</guid></item>
<item><title>FTP</title><link>ftp://news.example/x</link></item>
</channel></rss>"#;
        let f = parse_feed(rss, "http://news.example/feed.xml").unwrap();
        let urls: Vec<&str> = f.items.iter().map(|i| i.url.as_str()).collect();
        assert_eq!(urls, ["http://news.example/1", "http://news.example/2"]);
        assert_eq!(f.items[0].title.as_deref(), Some("One"));
        assert_eq!(f.ttl_minutes, Some(30));
        assert_eq!(f.items_without_url, 2);

        let atom =
            br#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>A</title><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title>E</title><id>urn:e</id><updated>2024-01-01T00:00:00Z</updated>
<link rel="enclosure" href="http://news.example/e.mp3"/><link href="http://news.example/e"/></entry>
</feed>"#;
        let f = parse_feed(atom, "http://news.example/atom").unwrap();
        assert_eq!(f.items[0].url, "http://news.example/e");

        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"J",
"items":[{"id":"1","url":"https://news.example/j1","title":"J1"},{"id":"https://news.example/j2"}]}"#;
        let f = parse_feed(json, "https://news.example/feed.json").unwrap();
        let urls: Vec<&str> = f.items.iter().map(|i| i.url.as_str()).collect();
        assert_eq!(urls, ["https://news.example/j1", "https://news.example/j2"]);
    }

    #[test]
    fn malformed_feeds_are_one_line_errors() {
        for bad in [
            &b"<rss><channel><item><link>http://x/1</link></item>"[..],
            b"not a feed at all",
            b"{\"version\": 3}",
            b"",
        ] {
            let e = parse_feed(bad, "http://x/feed").unwrap_err().to_string();
            assert!(e.starts_with("feed http://x/feed: "), "{e}");
            assert!(!e.contains('\n'), "{e}");
        }
    }
}
