//! A tiny HTTP/1.1 server on 127.0.0.1 (port 0) for the watcher's tests: each path
//! answers what the test says (status, headers, body, a delay, a body streamed without a
//! length), and every request is recorded. Connections are closed after each response.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer.
#[derive(Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Sent after the body: this many more bytes of `b' '`, without a Content-Length.
    pub stream_extra: u64,
    /// Wait this long before answering.
    pub delay: Duration,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            stream_extra: 0,
            delay: Duration::ZERO,
        }
    }
    pub fn html(body: impl Into<Vec<u8>>) -> Response {
        Response::new(200, "text/html; charset=utf-8", body)
    }
    pub fn header(mut self, k: &str, v: &str) -> Response {
        self.headers.push((k.into(), v.into()));
        self
    }
    pub fn delay(mut self, d: Duration) -> Response {
        self.delay = d;
        self
    }
    pub fn stream(mut self, extra: u64) -> Response {
        self.stream_extra = extra;
        self
    }
}

type Handler = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

pub struct Server {
    pub addr: SocketAddr,
    routes: Arc<Mutex<HashMap<String, Handler>>>,
    log: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let routes: Arc<Mutex<HashMap<String, Handler>>> = Arc::default();
        let log: Arc<Mutex<Vec<Request>>> = Arc::default();
        let (r, l) = (routes.clone(), log.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let (r, l) = (r.clone(), l.clone());
                std::thread::spawn(move || serve(conn, &r, &l));
            }
        });
        Server { addr, routes, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Answers `path` with `f(request)`.
    pub fn route(&self, path: &str, f: impl Fn(&Request) -> Response + Send + Sync + 'static) {
        self.routes.lock().unwrap().insert(path.into(), Arc::new(f));
    }

    /// Answers `path` with `resp` every time.
    pub fn fixed(&self, path: &str, resp: Response) {
        self.route(path, move |_| resp.clone());
    }

    pub fn hits(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .count()
    }

    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }
}

fn serve(mut conn: TcpStream, routes: &Mutex<HashMap<String, Handler>>, log: &Mutex<Vec<Request>>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.len() > 64 * 1024 {
            return;
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let path = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let req = Request { path, headers };
    log.lock().unwrap().push(req.clone());
    let handler = routes.lock().unwrap().get(&req.path).cloned();
    let resp = match handler {
        Some(h) => h(&req),
        None => Response::new(404, "text/plain", "not found"),
    };
    std::thread::sleep(resp.delay);
    let reason = match resp.status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };
    let mut out = format!("HTTP/1.1 {} {reason}\r\nConnection: close\r\n", resp.status);
    for (k, v) in &resp.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if resp.stream_extra == 0 && resp.status != 304 {
        out.push_str(&format!("Content-Length: {}\r\n", resp.body.len()));
    }
    out.push_str("\r\n");
    if conn.write_all(out.as_bytes()).is_err() {
        return;
    }
    if resp.status == 304 {
        return;
    }
    if conn.write_all(&resp.body).is_err() {
        return;
    }
    let chunk = vec![b' '; 64 * 1024];
    let mut left = resp.stream_extra;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        if conn.write_all(&chunk[..n]).is_err() {
            return;
        }
        left -= n as u64;
    }
}

/// An RSS 2.0 feed listing `links`.
pub fn rss(links: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test wire</title><link>http://127.0.0.1/</link><description>t</description>",
    );
    for (i, l) in links.iter().enumerate() {
        s.push_str(&format!(
            "<item><title>Item {i}</title><link>{l}</link></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

/// A fictional news page.
pub fn article(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>\
<article><h1>{title}</h1><p>{body}</p><p>Officers closed the road for several hours while \
investigators searched the area, and the regional governor called for calm in a short \
statement in the evening.</p></article><footer>Contact</footer></body></html>"
    )
}
