//! Live news in: follows RSS 2.0, Atom and JSON Feed feeds and stores the extraction of
//! every new item (the library behind `sitrep watch`).
//!
//! * [`feed`]: a feed document → the item page URLs (and the feed's `ttl`).
//! * [`fetch`]: the HTTP fetcher (reqwest with rustls): a User-Agent naming sitrep,
//!   robots.txt, a per-host rate limit, timeouts, a redirect cap, a body size limit
//!   checked while streaming (after gzip/brotli decompression), conditional GET.
//! * [`watch`]: the [`Watcher`]: polls, fetches new items, reads them as HTML (legacy
//!   charsets decoded), extracts them with the function it is given and stores them,
//!   remembering each item by URL and by text hash in the store, so a restart resumes.
//!
//! Errors are typed ([`WatchError`]); a bad feed or item is an event of the pass, never
//! a panic or the end of the run. Only a store failure ends a pass.
//!
//! Not for: extraction (the caller passes its extractor), scheduling beyond one
//! process (use `--once` from cron), or crawling links found in pages.
#![deny(missing_docs)]

pub mod feed;
pub mod fetch;
pub mod watch;

pub use feed::{parse_feed, Feed, FeedItem};
pub use fetch::{FetchConfig, Fetched, Fetcher, Page, Validators, USER_AGENT};
pub use watch::{
    text_hash, Event, ExtractFn, ItemStatus, PassSummary, WatchConfig, Watcher, DEFAULT_INTERVAL,
};

/// What can go wrong while watching.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WatchError {
    /// The HTTP client could not be built.
    #[error("HTTP client: {0}")]
    Client(String),
    /// A fetch failed (transport, timeout, HTTP status, size).
    #[error("{url}: {message}")]
    Fetch {
        /// The URL.
        url: String,
        /// Why, on one line.
        message: String,
    },
    /// A URL that will not be fetched (robots.txt).
    #[error("{url}: {reason}")]
    Refused {
        /// The URL.
        url: String,
        /// Why, on one line.
        reason: String,
    },
    /// A feed that does not parse.
    #[error("feed {url}: {message}")]
    Feed {
        /// The feed's URL.
        url: String,
        /// The parser's message, on one line.
        message: String,
    },
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] sitrep_store::StoreError),
}

impl WatchError {
    /// The message without the URL.
    pub fn reason(&self) -> String {
        match self {
            WatchError::Fetch { message, .. } => message.clone(),
            WatchError::Refused { reason, .. } => reason.clone(),
            WatchError::Feed { message, .. } => format!("malformed feed: {message}"),
            e => e.to_string(),
        }
    }

    /// True for a failure that will not go away by trying again (a body over the size
    /// limit, a 4xx other than 408/429).
    pub fn is_permanent(&self) -> bool {
        match self {
            WatchError::Refused { .. } => true,
            WatchError::Fetch { message, .. } => {
                message.contains("exceeds the limit")
                    || message.starts_with("not an http")
                    || message.starts_with("bad URL")
                    || (message.starts_with("HTTP 4")
                        && !message.starts_with("HTTP 408")
                        && !message.starts_with("HTTP 429"))
            }
            _ => false,
        }
    }
}

/// `s` with every run of whitespace (newlines included) turned into one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
