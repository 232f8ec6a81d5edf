//! The fetcher: polite on the real web, hard to hurt on a hostile one.
//!
//! * A User-Agent naming sitrep; `robots.txt` read once per host and obeyed (a missing
//!   one allows everything; one that cannot be read forbids the host, as RFC 9309 asks,
//!   for ten minutes before it is asked again; a good one is kept a day); a
//!   `Crawl-delay` lengthens the wait between requests to its host.
//! * At most one request per host every [`FetchConfig::host_delay`].
//! * Connect and total timeouts; at most [`FetchConfig::max_redirects`] redirects.
//! * A body larger than [`FetchConfig::max_bytes`] is refused: by its `Content-Length`
//!   before reading, else while streaming. gzip and brotli bodies are decompressed by
//!   the client and the limit counts decompressed bytes, so a compression bomb stops at
//!   the limit.
//! * Conditional GET: `If-None-Match` / `If-Modified-Since` from what was stored; a 304
//!   is [`Fetched::NotModified`].

use crate::WatchError;
use reqwest::blocking::Client;
use reqwest::header::{HeaderMap, CACHE_CONTROL, CONTENT_TYPE, ETAG, LAST_MODIFIED};
use reqwest::StatusCode;
use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

/// The User-Agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "sitrep/",
    env!("CARGO_PKG_VERSION"),
    " (news-report reader; follows robots.txt)"
);

/// The product token matched against `robots.txt` groups.
pub const ROBOTS_AGENT: &str = "sitrep";

/// Longest `Crawl-delay` honoured, in seconds (a larger one is cut to this).
const MAX_CRAWL_DELAY: f32 = 60.0;

/// How long a host's robots.txt is trusted before it is read again.
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 3600);

/// How long a host whose robots.txt could not be read is left alone before trying again.
const ROBOTS_RETRY: Duration = Duration::from_secs(10 * 60);

/// How the fetcher behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Time for a whole request, body included.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Largest body accepted (after decompression), in bytes.
    pub max_bytes: u64,
    /// Least time between two requests to one host.
    pub host_delay: Duration,
    /// Read and obey `robots.txt`.
    pub robots: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            max_bytes: sitrep_ingest::DEFAULT_MAX_BYTES,
            host_delay: Duration::from_secs(1),
            robots: true,
        }
    }
}

/// Validators of a stored copy, sent for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The stored `ETag`.
    pub etag: Option<String>,
    /// The stored `Last-Modified`.
    pub last_modified: Option<String>,
}

/// A fetched body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The URL finally read (after redirects).
    pub final_url: String,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body, decompressed.
    pub body: Vec<u8>,
    /// Validators for the next conditional GET.
    pub validators: Validators,
    /// `Cache-Control: max-age`, if given.
    pub max_age: Option<Duration>,
}

impl Page {
    /// The media type of the `Content-Type`, lower case, without parameters.
    pub fn mime(&self) -> Option<String> {
        self.content_type.as_deref().map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// The `charset` of the `Content-Type`, if any.
    pub fn charset(&self) -> Option<&str> {
        self.content_type
            .as_deref()
            .and_then(sitrep_ingest::charset_from_content_type)
    }
}

/// What a GET gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 200 with a body.
    Page(Page),
    /// 304: the stored copy is current.
    NotModified {
        /// `Cache-Control: max-age`, if given.
        max_age: Option<Duration>,
    },
}

/// The fetcher: one HTTP client, the robots rules and last request time of each host.
pub struct Fetcher {
    client: Client,
    config: FetchConfig,
    robots: HashMap<String, (Instant, Robots)>,
    last_request: HashMap<String, Instant>,
}

/// What a host's robots.txt says.
enum Robots {
    AllowAll,
    DenyAll(String),
    Rules(Box<texting_robots::Robot>),
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Fetcher {
    /// A fetcher with `config`.
    pub fn new(config: FetchConfig) -> Result<Fetcher, WatchError> {
        let client = Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::limited(config.max_redirects))
            .gzip(true)
            .brotli(true)
            .build()
            .map_err(|e| WatchError::Client(crate::one_line(&e.to_string())))?;
        Ok(Fetcher {
            client,
            config,
            robots: HashMap::new(),
            last_request: HashMap::new(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// GETs `url` (conditionally, with `validators`), after checking `robots.txt` and
    /// waiting for its host's turn.
    pub fn get(&mut self, url: &str, validators: &Validators) -> Result<Fetched, WatchError> {
        let parsed = reqwest::Url::parse(url).map_err(|e| WatchError::Fetch {
            url: url.to_string(),
            message: format!("bad URL: {e}"),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(WatchError::Fetch {
                url: url.to_string(),
                message: format!("not an http(s) URL ({})", parsed.scheme()),
            });
        }
        let host = host_key(&parsed);
        if self.config.robots {
            self.check_robots(&parsed, &host)?;
        }
        self.wait_turn(&host);
        let mut req = self.client.get(parsed.clone());
        if let Some(e) = &validators.etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, e);
        }
        if let Some(m) = &validators.last_modified {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, m);
        }
        let fail = |message: String| WatchError::Fetch {
            url: url.to_string(),
            message,
        };
        let resp = req.send().map_err(|e| fail(describe(&e)))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let max_age = max_age(&headers);
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified { max_age });
        }
        if !status.is_success() {
            return Err(fail(format!("HTTP {status}")));
        }
        let final_url = resp.url().to_string();
        // The client drops Content-Length when it decompresses; a plain body announces
        // its size and a too large one is refused unread.
        if let Some(len) = resp.content_length().filter(|l| *l > self.config.max_bytes) {
            return Err(fail(format!(
                "body of {len} bytes exceeds the limit of {} bytes",
                self.config.max_bytes
            )));
        }
        let mut body = Vec::new();
        resp.take(self.config.max_bytes.saturating_add(1))
            .read_to_end(&mut body)
            .map_err(|e| fail(format!("reading the body: {}", describe_io(&e))))?;
        if body.len() as u64 > self.config.max_bytes {
            return Err(fail(format!(
                "body exceeds the limit of {} bytes (after decompression)",
                self.config.max_bytes
            )));
        }
        let text = |h| {
            headers
                .get(h)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        Ok(Fetched::Page(Page {
            final_url,
            content_type: text(CONTENT_TYPE),
            body,
            validators: Validators {
                etag: text(ETAG),
                last_modified: text(LAST_MODIFIED),
            },
            max_age,
        }))
    }

    /// Waits until `host` may be asked again, and books this request.
    fn wait_turn(&mut self, host: &str) {
        let delay = match self.robots.get(host).map(|(_, r)| r) {
            Some(Robots::Rules(r)) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(MAX_CRAWL_DELAY)))
                .unwrap_or_default()
                .max(self.config.host_delay),
            _ => self.config.host_delay,
        };
        if let Some(last) = self.last_request.get(host) {
            let since = last.elapsed();
            if since < delay {
                std::thread::sleep(delay - since);
            }
        }
        self.last_request.insert(host.to_string(), Instant::now());
    }

    fn check_robots(&mut self, url: &reqwest::Url, host: &str) -> Result<(), WatchError> {
        let fresh = self.robots.get(host).is_some_and(|(at, r)| {
            let ttl = match r {
                Robots::DenyAll(_) => ROBOTS_RETRY,
                _ => ROBOTS_TTL,
            };
            at.elapsed() < ttl
        });
        if !fresh {
            let rules = self.fetch_robots(url, host);
            self.robots
                .insert(host.to_string(), (Instant::now(), rules));
        }
        let refuse = |why: String| WatchError::Refused {
            url: url.to_string(),
            reason: why,
        };
        match self.robots.get(host).map(|(_, r)| r) {
            Some(Robots::DenyAll(why)) => Err(refuse(why.clone())),
            Some(Robots::Rules(r)) if !r.allowed(url.as_str()) => {
                Err(refuse("disallowed by robots.txt".into()))
            }
            _ => Ok(()),
        }
    }

    fn fetch_robots(&mut self, url: &reqwest::Url, host: &str) -> Robots {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        self.wait_turn(host);
        let resp = match self.client.get(robots_url).send() {
            Ok(r) => r,
            Err(e) => return Robots::DenyAll(format!("robots.txt unreadable: {}", describe(&e))),
        };
        let status = resp.status();
        if status.is_client_error() {
            return Robots::AllowAll;
        }
        if !status.is_success() {
            return Robots::DenyAll(format!("robots.txt unreadable: HTTP {status}"));
        }
        let mut body = Vec::new();
        // robots.txt is small; past 500 KiB the rest is ignored (RFC 9309).
        if let Err(e) = resp.take(500 * 1024).read_to_end(&mut body) {
            return Robots::DenyAll(format!("robots.txt unreadable: {}", describe_io(&e)));
        }
        match texting_robots::Robot::new(ROBOTS_AGENT, &body) {
            Ok(r) => Robots::Rules(Box::new(r)),
            Err(_) => Robots::AllowAll,
        }
    }
}

/// `scheme://host:port`: what robots.txt and the rate limit are kept per.
fn host_key(url: &reqwest::Url) -> String {
    format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// `Cache-Control: max-age=N`.
fn max_age(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(CACHE_CONTROL)?.to_str().ok()?;
    v.split(',').find_map(|d| {
        let (k, n) = d.trim().split_once('=')?;
        (k.trim().eq_ignore_ascii_case("max-age"))
            .then(|| n.trim().trim_matches('"').parse::<u64>().ok())
            .flatten()
            .map(Duration::from_secs)
    })
}

/// A client error on one line, saying what kind it is.
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_redirect() {
        "too many redirects"
    } else if e.is_connect() {
        "cannot connect"
    } else if e.is_body() || e.is_decode() {
        "bad body"
    } else {
        "request failed"
    };
    let mut msg = kind.to_string();
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    let mut depth = 0;
    while let Some(s) = src {
        if depth >= 3 {
            break;
        }
        let text = crate::one_line(&s.to_string());
        if !text.is_empty() && !msg.contains(&text) {
            msg.push_str(": ");
            msg.push_str(&text);
        }
        src = s.source();
        depth += 1;
    }
    msg
}

fn describe_io(e: &std::io::Error) -> String {
    let text = crate::one_line(&e.to_string());
    if text.to_ascii_lowercase().contains("timed out") || e.kind() == std::io::ErrorKind::TimedOut {
        format!("timed out: {text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_control_max_age() {
        let mut h = HeaderMap::new();
        h.insert(CACHE_CONTROL, "public, max-age=600".parse().unwrap());
        assert_eq!(max_age(&h), Some(Duration::from_secs(600)));
        h.insert(CACHE_CONTROL, "no-cache".parse().unwrap());
        assert_eq!(max_age(&h), None);
    }

    #[test]
    fn host_keys_tell_ports_apart() {
        let a = reqwest::Url::parse("http://127.0.0.1:8080/x").unwrap();
        let b = reqwest::Url::parse("http://127.0.0.1:8081/x").unwrap();
        assert_ne!(host_key(&a), host_key(&b));
        let c = reqwest::Url::parse("https://news.example/a").unwrap();
        assert_eq!(host_key(&c), "https://news.example:443");
    }

    #[test]
    fn the_user_agent_names_sitrep() {
        assert!(USER_AGENT.starts_with("sitrep/"));
    }
}
