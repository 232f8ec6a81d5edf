//! The watcher: polls feeds, fetches each new item's page, extracts it and stores it.
//!
//! An item is remembered in the store ([`IncidentStore::mark_seen`]) by its URL and by
//! the hash of its text, after its document is committed: a restart (even after
//! `kill -9`) refetches nothing it stored, and an item republished under another URL
//! is not stored twice. A feed's validators (ETag, Last-Modified) are remembered only
//! once all its items were handled, so an interrupted pass is completed by the next one
//! instead of being hidden behind a 304. An item that failed in transport (timeout,
//! 5xx) is tried again in later passes, up to [`WatchConfig::max_attempts`]; one that
//! was refused (not HTML, too large, disallowed by robots.txt, no article text) is not.

use crate::feed::parse_feed;
use crate::fetch::{FetchConfig, Fetched, Fetcher, Validators};
use crate::WatchError;
use sha2::{Digest, Sha256};
use sitrep_core::{Document, DocumentRecord};
use sitrep_ingest::{document_from_bytes_in, Format, IngestOptions};
use sitrep_store::{IncidentStore, SeenItem};
use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Default time between two polls of a feed.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// How the watcher behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct WatchConfig {
    /// The fetcher's settings.
    pub fetch: FetchConfig,
    /// Least time between two polls of one feed (a feed's `ttl` or `max-age` can make
    /// it longer).
    pub interval: Duration,
    /// Tries of an item that fails in transport before it is given up.
    pub max_attempts: u32,
    /// Options of reading each page (the publication date fallback, the size limit is
    /// the fetcher's).
    pub ingest: IngestOptions,
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            fetch: FetchConfig::default(),
            interval: DEFAULT_INTERVAL,
            max_attempts: 3,
            ingest: IngestOptions::default(),
        }
    }
}

/// What became of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemStatus {
    /// Fetched, extracted and stored: how many incidents were read, and the record's
    /// error (a language not supported yet…) if any.
    New {
        /// Incidents in the record.
        incidents: usize,
        /// The record's error, if any.
        error: Option<String>,
    },
    /// Already handled in an earlier pass (stored, a duplicate, refused or given up).
    Known,
    /// Its text is already stored under another URL.
    Duplicate {
        /// The URL it was stored under.
        of: String,
    },
    /// Could not be fetched now (timeout, HTTP error…); tried again in a later pass.
    Failed(String),
    /// Will not be read (not HTML, too large, disallowed by robots.txt, no article text).
    Refused(String),
}

/// Something the watcher did, for its log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A feed was polled.
    Feed {
        /// The feed's URL.
        url: String,
        /// `Ok(Some(n))`: read with n items; `Ok(None)`: not modified; `Err`: why it failed.
        result: Result<Option<usize>, String>,
    },
    /// An item was handled.
    Item {
        /// The item's page URL.
        url: String,
        /// What became of it.
        status: ItemStatus,
    },
}

impl fmt::Display for Event {
    /// One log line: `new        URL (2 incidents)`, `known      URL`, `failed     URL: why`…
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Feed { url, result } => match result {
                Ok(Some(n)) => write!(f, "feed       {url} ({n} items)"),
                Ok(None) => write!(f, "feed       {url} (not modified)"),
                Err(e) => write!(f, "feed-fail  {url}: {e}"),
            },
            Event::Item { url, status } => match status {
                ItemStatus::New {
                    incidents,
                    error: None,
                } => write!(f, "new        {url} ({incidents} incidents)"),
                ItemStatus::New { error: Some(e), .. } => {
                    write!(f, "new        {url} (stored, not extracted: {e})")
                }
                ItemStatus::Known => write!(f, "known      {url}"),
                ItemStatus::Duplicate { of } => write!(f, "duplicate  {url} (same text as {of})"),
                ItemStatus::Failed(e) => write!(f, "failed     {url}: {e}"),
                ItemStatus::Refused(e) => write!(f, "refused    {url}: {e}"),
            },
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PassSummary {
    /// Feeds polled.
    pub feeds: usize,
    /// Feeds that answered 304.
    pub feeds_not_modified: usize,
    /// Feeds that failed (transport or malformed).
    pub feeds_failed: usize,
    /// Items handled.
    pub items: usize,
    /// Items stored.
    pub new: usize,
    /// Items known from earlier passes.
    pub known: usize,
    /// Items whose text was stored under another URL.
    pub duplicate: usize,
    /// Items that failed (tried again later).
    pub failed: usize,
    /// Items refused.
    pub refused: usize,
    /// Incidents in the stored items.
    pub incidents: usize,
    /// The pass was stopped by a signal before its end.
    pub interrupted: bool,
    /// Wall-clock time of the pass.
    pub elapsed: Duration,
}

impl PassSummary {
    fn count(&mut self, s: &ItemStatus) {
        self.items += 1;
        match s {
            ItemStatus::New { incidents, .. } => {
                self.new += 1;
                self.incidents += incidents;
            }
            ItemStatus::Known => self.known += 1,
            ItemStatus::Duplicate { .. } => self.duplicate += 1,
            ItemStatus::Failed(_) => self.failed += 1,
            ItemStatus::Refused(_) => self.refused += 1,
        }
    }
}

impl fmt::Display for PassSummary {
    /// `3 feeds (1 not modified, 0 failed), 12 items: 5 new, 6 known, 1 duplicate, 0 failed, 0 refused; 7 incidents in 3.2 s`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} feeds ({} not modified, {} failed), {} items: {} new, {} known, {} duplicate, {} failed, {} refused; {} incidents in {:.1} s{}",
            self.feeds,
            self.feeds_not_modified,
            self.feeds_failed,
            self.items,
            self.new,
            self.known,
            self.duplicate,
            self.failed,
            self.refused,
            self.incidents,
            self.elapsed.as_secs_f64(),
            if self.interrupted { " (interrupted)" } else { "" }
        )
    }
}

/// The extraction the watcher applies to each new document.
pub type ExtractFn<'a> = dyn Fn(&Document) -> DocumentRecord + 'a;

/// Follows feeds into a store.
pub struct Watcher<'a, S: IncidentStore + ?Sized> {
    fetcher: Fetcher,
    store: &'a mut S,
    extract: &'a ExtractFn<'a>,
    version: String,
    config: WatchConfig,
    stop: Arc<AtomicBool>,
    next_due: HashMap<String, Instant>,
}

impl<S: IncidentStore + ?Sized> fmt::Debug for Watcher<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Watcher")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Hex SHA-256 of a document's text: how a republished item is recognised.
pub fn text_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl<'a, S: IncidentStore + ?Sized> Watcher<'a, S> {
    /// A watcher storing into `store` what `extract` reads (extractor `version`), which
    /// stops after the current item once `stop` is set.
    pub fn new(
        store: &'a mut S,
        extract: &'a ExtractFn<'a>,
        version: &str,
        config: WatchConfig,
        stop: Arc<AtomicBool>,
    ) -> Result<Self, WatchError> {
        Ok(Watcher {
            fetcher: Fetcher::new(config.fetch.clone())?,
            store,
            extract,
            version: version.to_string(),
            config,
            stop,
            next_due: HashMap::new(),
        })
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Polls every feed due (all of them with `all`), handles their items, and returns
    /// what the pass did. Only a store failure is an error; everything else is an
    /// event.
    pub fn pass(
        &mut self,
        feeds: &[String],
        all: bool,
        on_event: &mut dyn FnMut(&Event),
    ) -> Result<PassSummary, WatchError> {
        let start = Instant::now();
        let mut sum = PassSummary::default();
        for feed in feeds {
            if self.stopped() {
                sum.interrupted = true;
                break;
            }
            if !all && self.next_due.get(feed).is_some_and(|t| *t > Instant::now()) {
                continue;
            }
            sum.feeds += 1;
            self.poll_feed(feed, &mut sum, on_event)?;
        }
        if self.stopped() {
            sum.interrupted = true;
        }
        sum.elapsed = start.elapsed();
        Ok(sum)
    }

    fn poll_feed(
        &mut self,
        feed_url: &str,
        sum: &mut PassSummary,
        on_event: &mut dyn FnMut(&Event),
    ) -> Result<(), WatchError> {
        let stored = self.store.seen(feed_url)?;
        let validators = stored
            .as_ref()
            .filter(|s| s.status == "ok")
            .map(|s| Validators {
                etag: s.etag.clone(),
                last_modified: s.last_modified.clone(),
            })
            .unwrap_or_default();
        let mut wait = self.config.interval;
        let fetched = self.fetcher.get(feed_url, &validators);
        let page = match fetched {
            Ok(Fetched::NotModified { max_age }) => {
                sum.feeds_not_modified += 1;
                on_event(&Event::Feed {
                    url: feed_url.to_string(),
                    result: Ok(None),
                });
                wait = wait.max(max_age.unwrap_or_default());
                self.next_due
                    .insert(feed_url.to_string(), Instant::now() + wait);
                return Ok(());
            }
            Ok(Fetched::Page(p)) => p,
            Err(e) => {
                sum.feeds_failed += 1;
                on_event(&Event::Feed {
                    url: feed_url.to_string(),
                    result: Err(e.reason()),
                });
                self.next_due
                    .insert(feed_url.to_string(), Instant::now() + wait);
                return Ok(());
            }
        };
        let feed = match parse_feed(&page.body, feed_url) {
            Ok(f) => f,
            Err(e) => {
                sum.feeds_failed += 1;
                on_event(&Event::Feed {
                    url: feed_url.to_string(),
                    result: Err(e.reason()),
                });
                self.next_due
                    .insert(feed_url.to_string(), Instant::now() + wait);
                return Ok(());
            }
        };
        on_event(&Event::Feed {
            url: feed_url.to_string(),
            result: Ok(Some(feed.items.len())),
        });
        let mut complete = true;
        for item in &feed.items {
            if self.stopped() {
                complete = false;
                sum.interrupted = true;
                break;
            }
            let status = self.handle_item(&item.url)?;
            if matches!(status, ItemStatus::Failed(_)) {
                complete = false;
            }
            sum.count(&status);
            on_event(&Event::Item {
                url: item.url.clone(),
                status,
            });
        }
        // Validators only once every item was handled: an interrupted or partly failed
        // pass is taken up again by the next one.
        if complete {
            self.store.mark_seen(&SeenItem {
                url: feed_url.to_string(),
                kind: "feed".into(),
                status: "ok".into(),
                etag: page.validators.etag.clone(),
                last_modified: page.validators.last_modified.clone(),
                attempts: 1,
                ..SeenItem::default()
            })?;
        }
        let ttl = Duration::from_secs(u64::from(feed.ttl_minutes.unwrap_or(0)) * 60);
        wait = wait.max(ttl).max(page.max_age.unwrap_or_default());
        self.next_due
            .insert(feed_url.to_string(), Instant::now() + wait);
        Ok(())
    }

    /// Fetches, reads, extracts and stores one item, unless it is known.
    fn handle_item(&mut self, url: &str) -> Result<ItemStatus, WatchError> {
        let seen = self.store.seen(url)?;
        let attempts = match &seen {
            Some(s) if s.status == "failed" && s.attempts < self.config.max_attempts => s.attempts,
            Some(_) => return Ok(ItemStatus::Known),
            None => 0,
        };
        let mark = |store: &mut S, status: &str, hash: Option<String>, error: Option<String>| {
            store.mark_seen(&SeenItem {
                url: url.to_string(),
                kind: "item".into(),
                status: status.into(),
                content_hash: hash,
                error,
                attempts: attempts + 1,
                ..SeenItem::default()
            })
        };
        let page = match self.fetcher.get(url, &Validators::default()) {
            Ok(Fetched::Page(p)) => p,
            Ok(Fetched::NotModified { .. }) => {
                let why = "HTTP 304 to an unconditional request".to_string();
                mark(self.store, "failed", None, Some(why.clone()))?;
                return Ok(ItemStatus::Failed(why));
            }
            Err(e @ WatchError::Refused { .. }) => {
                mark(self.store, "refused", None, Some(e.reason()))?;
                return Ok(ItemStatus::Refused(e.reason()));
            }
            Err(e) => {
                let why = e.reason();
                if e.is_permanent() {
                    mark(self.store, "refused", None, Some(why.clone()))?;
                    return Ok(ItemStatus::Refused(why));
                }
                mark(self.store, "failed", None, Some(why.clone()))?;
                return Ok(ItemStatus::Failed(why));
            }
        };
        let html = match page.mime().as_deref() {
            Some("text/html" | "application/xhtml+xml") => true,
            None | Some("") => {
                Format::sniff(page.body.get(..1024).unwrap_or(&page.body)) == Format::Html
            }
            Some(_) => false,
        };
        if !html {
            let why = format!(
                "not HTML ({})",
                page.mime()
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "unknown type".into())
            );
            mark(self.store, "refused", None, Some(why.clone()))?;
            return Ok(ItemStatus::Refused(why));
        }
        let doc = match document_from_bytes_in(
            url,
            url,
            Format::Html,
            &page.body,
            page.charset(),
            &IngestOptions {
                max_bytes: self.config.fetch.max_bytes,
                ..self.config.ingest.clone()
            },
        ) {
            Ok(d) => d,
            Err(e) => {
                let why = crate::one_line(&e.to_string());
                mark(self.store, "refused", None, Some(why.clone()))?;
                return Ok(ItemStatus::Refused(why));
            }
        };
        let hash = text_hash(&doc.text);
        if let Some(other) = self.store.seen_with_hash(&hash)? {
            if other.url != url {
                mark(self.store, "duplicate", Some(hash), None)?;
                return Ok(ItemStatus::Duplicate { of: other.url });
            }
        }
        let record = (self.extract)(&doc);
        let status = ItemStatus::New {
            incidents: record.incidents.len(),
            error: record.error.clone(),
        };
        // The document first, then the memory of it: a kill between the two refetches
        // the item, which the store recognises by its content hash.
        self.store.ingest_batch(&[(doc, record)], &self.version)?;
        mark(self.store, "stored", Some(hash), None)?;
        Ok(status)
    }

    /// Runs passes until stopped: one pass (every feed) and return with `once`, else a
    /// pass whenever a feed is due, sleeping in between. `on_summary` gets each pass's
    /// summary.
    pub fn run(
        &mut self,
        feeds: &[String],
        once: bool,
        on_event: &mut dyn FnMut(&Event),
        on_summary: &mut dyn FnMut(&PassSummary),
    ) -> Result<(), WatchError> {
        let mut first = true;
        loop {
            let sum = self.pass(feeds, first, on_event)?;
            first = false;
            on_summary(&sum);
            if once || self.stopped() {
                return Ok(());
            }
            // Sleep until the next feed is due, waking to notice a stop.
            let due = self
                .next_due
                .values()
                .min()
                .copied()
                .unwrap_or_else(|| Instant::now() + self.config.interval);
            while Instant::now() < due {
                if self.stopped() {
                    return Ok(());
                }
                std::thread::sleep(
                    due.saturating_duration_since(Instant::now())
                        .min(Duration::from_millis(200)),
                );
            }
        }
    }
}
