//! The web UI's static files, embedded in the binary, sent with an ETag (a
//! repeat load costs a 304) and gzip-compressed when the client accepts it.

use crate::AppState;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::io::Write;
use std::sync::OnceLock;

/// (name, content type, bytes) of every embedded file.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("../assets/index.html"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "world.geojson",
        "application/geo+json",
        include_bytes!("../assets/world.geojson"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../assets/favicon.svg"),
    ),
];

/// One embedded file, ready to send: its gzip form and its ETag.
struct Prepared {
    ctype: &'static str,
    plain: &'static [u8],
    gzip: Option<Vec<u8>>,
    etag: String,
}

/// FNV-1a 64 of the bytes: a strong validator for files fixed at build time.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).ok()?;
    let out = enc.finish().ok()?;
    (out.len() < bytes.len()).then_some(out)
}

fn prepared() -> &'static [(&'static str, Prepared)] {
    static P: OnceLock<Vec<(&'static str, Prepared)>> = OnceLock::new();
    P.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, ctype, bytes)| {
                (
                    *name,
                    Prepared {
                        ctype,
                        plain: bytes,
                        gzip: gzip(bytes),
                        etag: format!("\"{:016x}-{}\"", fnv1a(bytes), bytes.len()),
                    },
                )
            })
            .collect()
    })
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/favicon.ico", get(favicon))
        .route("/assets/{name}", get(asset))
}

fn accepts_gzip(h: &HeaderMap) -> bool {
    h.get_all(header::ACCEPT_ENCODING).iter().any(|v| {
        v.to_str().is_ok_and(|s| {
            s.split(',').any(|part| {
                let mut it = part.split(';');
                let coding = it.next().unwrap_or("").trim();
                let q_zero = it.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q == 0.0)
                });
                (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !q_zero
            })
        })
    })
}

fn file(name: &str, req: &HeaderMap) -> Response {
    let Some((_, p)) = prepared().iter().find(|(n, _)| *n == name) else {
        return crate::ApiError::NotFound(format!(
            "no such file {:?}",
            name.chars().take(60).collect::<String>()
        ))
        .into_response();
    };
    let etag = HeaderValue::from_str(&p.etag).unwrap_or(HeaderValue::from_static("\"0\""));
    let matches = req
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == p.etag
        });
    let mut res = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        match (&p.gzip, accepts_gzip(req)) {
            (Some(gz), true) => {
                let mut r = (StatusCode::OK, gz.clone()).into_response();
                r.headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                r
            }
            _ => (StatusCode::OK, p.plain).into_response(),
        }
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(p.ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::ETAG, etag);
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    res
}

async fn index(h: HeaderMap) -> Response {
    file("index.html", &h)
}

async fn favicon(h: HeaderMap) -> Response {
    file("favicon.svg", &h)
}

async fn asset(Path(name): Path<String>, h: HeaderMap) -> Response {
    file(&name, &h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_compress_and_have_distinct_etags() {
        let p = prepared();
        let (_, world) = p.iter().find(|(n, _)| *n == "world.geojson").unwrap();
        let gz = world.gzip.as_ref().unwrap();
        assert!(
            gz.len() * 3 < world.plain.len(),
            "{} -> {}",
            world.plain.len(),
            gz.len()
        );
        let mut d = flate2::read::GzDecoder::new(gz.as_slice());
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut d, &mut back).unwrap();
        assert_eq!(back, world.plain);
        let tags: std::collections::BTreeSet<_> = p.iter().map(|(_, f)| &f.etag).collect();
        assert_eq!(tags.len(), p.len());
    }

    #[test]
    fn gzip_is_sent_only_when_accepted() {
        let mut h = HeaderMap::new();
        assert!(!accepts_gzip(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("br, gzip;q=0.8"),
        );
        assert!(accepts_gzip(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip;q=0, br"),
        );
        assert!(!accepts_gzip(&h));
    }
}
