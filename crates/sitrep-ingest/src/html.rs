//! HTML pages: main article text, title and publication date from the page's own metadata.
//!
//! The article is found with `dom_smoothie` (a port of Mozilla's Readability); its
//! formatted text is then cleaned of boilerplate lines (advert markers, "Related
//! Articles" blocks, share/subscribe prompts, author bios, leading site date headers)
//! and rebuilt as paragraphs separated by blank lines. That cleaned text is the
//! document text every later offset refers to.
//!
//! The publication date comes only from machine-readable metadata
//! (`article:published_time`, `og:*`, JSON-LD `datePublished`, `itemprop=datePublished`,
//! `<time datetime>` in the article header…), never from prose on the page.

use crate::dates::parse_metadata_date;
use crate::error::{one_line, IngestError};
use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};
use sitrep_core::PartialDate;

/// Deepest element nesting accepted (real pages stay well under 100).
const MAX_NESTING: usize = 400;

/// Elements that never hold children or whose end tag may be left out; they are not
/// counted as nesting.
const NON_NESTING_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead",
    "tfoot", "colgroup", "rb", "rt", "rp", "param", "keygen", "html", "head", "body",
];

/// A cheap upper estimate of the element nesting depth of `html`: open tags minus
/// close tags, skipping void and optional-end elements, comments and the contents
/// of `<script>` and `<style>`. Only used as a resource guard before parsing.
fn estimate_nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut pos = 0usize;
    while let Some(found) = bytes.get(pos..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = pos.saturating_add(found);
        let after = bytes.get(start.saturating_add(1)..).unwrap_or_default();
        let tag_end = memchr::memchr(b'>', after).map(|i| start.saturating_add(1 + i));
        let Some(tag_end) = tag_end else { break };
        pos = tag_end.saturating_add(1);
        match after.first() {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name: String = after
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .map(|b| char::from(b.to_ascii_lowercase()))
                    .collect();
                if name == "script" || name == "style" {
                    // Skip to the matching close tag (its contents are not markup).
                    let close = format!("</{name}");
                    let rest = html.get(pos..).unwrap_or_default().to_ascii_lowercase();
                    pos = rest
                        .find(&close)
                        .map_or(bytes.len(), |i| pos.saturating_add(i));
                    continue;
                }
                let self_closing = bytes.get(tag_end.saturating_sub(1)) == Some(&b'/');
                if !self_closing && !NON_NESTING_TAGS.contains(&name.as_str()) {
                    depth = depth.saturating_add(1);
                    max = max.max(depth);
                }
            }
            Some(b'!') if after.starts_with(b"!--") => {
                let rest = bytes.get(start..).unwrap_or_default();
                pos = memchr::memmem::find(rest, b"-->")
                    .map_or(bytes.len(), |i| start.saturating_add(i + 3));
            }
            _ => {}
        }
    }
    max
}

/// An article needs at least one paragraph of this many words.
const MIN_PROSE_WORDS: usize = 8;

/// What was read from one HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlArticle {
    /// Title from the page metadata (JSON-LD headline, `og:title`, `<title>`, `<h1>`).
    pub title: Option<String>,
    /// Publication date from the page metadata.
    pub published: Option<PartialDate>,
    /// Cleaned article text: paragraphs separated by blank lines.
    pub text: String,
}

/// Extracts the article of an HTML page.
///
/// Fails with [`IngestError::NoArticleText`] when no article text is found.
pub fn extract_html(html: &str) -> Result<HtmlArticle, IngestError> {
    // HTML parsing and Readability both slow down with the square of the nesting
    // depth; a page nested absurdly deep is refused before it is parsed.
    let depth = estimate_nesting(html);
    if depth > MAX_NESTING {
        return Err(IngestError::NoArticleText {
            reason: format!("elements nested about {depth} deep, more than {MAX_NESTING}"),
        });
    }
    // Last line of defence: a bug in the third-party parser must cost one document,
    // not the batch.
    std::panic::catch_unwind(|| extract_parsed(html)).unwrap_or_else(|_| {
        Err(IngestError::NoArticleText {
            reason: "the HTML extractor failed on this page".into(),
        })
    })
}

fn extract_parsed(html: &str) -> Result<HtmlArticle, IngestError> {
    let dom = Dom::from(html);
    let meta_date = metadata_date(&dom);
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let mut readability =
        Readability::with_document(dom, None, Some(config)).map_err(|e| no_text(&e))?;
    let article = readability.parse().map_err(|e| no_text(&e))?;
    let text = clean_article_text(&article.text_content);
    if text.is_empty() {
        return Err(IngestError::NoArticleText {
            reason: "the article holds only boilerplate or no text".into(),
        });
    }
    // Navigation links ("Home About") are not an article: require running text.
    let has_prose = text
        .split("\n\n")
        .any(|p| p.split_whitespace().count() >= MIN_PROSE_WORDS);
    if !has_prose {
        return Err(IngestError::NoArticleText {
            reason: format!("no paragraph of at least {MIN_PROSE_WORDS} words"),
        });
    }
    let title = Some(one_line(&article.title)).filter(|t| !t.is_empty());
    let published = meta_date.or_else(|| {
        article
            .published_time
            .as_deref()
            .and_then(parse_metadata_date)
    });
    Ok(HtmlArticle {
        title,
        published,
        text,
    })
}

fn no_text(e: &dom_smoothie::ReadabilityError) -> IngestError {
    IngestError::NoArticleText {
        reason: one_line(&e.to_string()),
    }
}

/// `<meta>` keys (name, property or itemprop, lower-cased) that give the publication
/// date, best first.
const META_DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "publish-date",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dcterms.available",
    "parsely-pub-date",
    "sailthru.date",
    "date",
];

/// Elements whose `datetime` (or `content`) attribute is the publication date:
/// schema.org microdata and a `<time>` in the article's own header, never a
/// `<time>` in the site header.
const ELEMENT_DATE_SELECTORS: &[&str] = &[
    "[itemprop=datePublished][datetime]",
    "[itemprop=datePublished][content]",
    "time[pubdate][datetime]",
    "article header time[datetime]",
    "main header time[datetime]",
    "article [class*=byline] time[datetime]",
    "article [class*=dateline] time[datetime]",
];

/// The publication date from the page's metadata, best source first.
fn metadata_date(dom: &Dom) -> Option<PartialDate> {
    meta_tag_date(dom)
        .or_else(|| json_ld_date(dom))
        .or_else(|| element_date(dom))
}

fn meta_tag_date(dom: &Dom) -> Option<PartialDate> {
    let metas = dom.try_select("meta[content]")?;
    let mut found: Vec<(usize, PartialDate)> = Vec::new();
    for node in metas.nodes() {
        let Some(content) = node.attr("content") else {
            continue;
        };
        for attr in ["property", "name", "itemprop"] {
            let Some(key) = node.attr(attr) else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            if let Some(rank) = META_DATE_KEYS.iter().position(|k| *k == key) {
                if let Some(d) = parse_metadata_date(&content) {
                    found.push((rank, d));
                }
            }
        }
    }
    found
        .into_iter()
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, d)| d)
}

fn json_ld_date(dom: &Dom) -> Option<PartialDate> {
    let scripts = dom.try_select("script[type]")?;
    let mut fallback = None;
    for node in scripts.nodes() {
        let is_ld = node
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(node.text().trim()) else {
            continue;
        };
        let mut dates = Vec::new();
        collect_ld_dates(&value, 0, &mut dates);
        if let Some((_, d)) = dates.iter().find(|(is_article, _)| *is_article) {
            return Some(*d);
        }
        if fallback.is_none() {
            fallback = dates.first().map(|(_, d)| *d);
        }
    }
    fallback
}

/// JSON-LD `@type`s whose `datePublished` is the article's.
const LD_ARTICLE_TYPES: &[&str] = &["Article", "Posting", "Report", "Blog"];

/// Collects `(is_article_type, datePublished)` of every JSON-LD node, depth-limited.
fn collect_ld_dates(v: &serde_json::Value, depth: usize, out: &mut Vec<(bool, PartialDate)>) {
    if depth > 8 {
        return;
    }
    match v {
        serde_json::Value::Array(items) => {
            for item in items {
                collect_ld_dates(item, depth + 1, out);
            }
        }
        serde_json::Value::Object(map) => {
            if let Some(d) = map
                .get("datePublished")
                .and_then(|d| d.as_str())
                .and_then(parse_metadata_date)
            {
                let is_article = match map.get("@type") {
                    Some(serde_json::Value::String(t)) => is_article_type(t),
                    Some(serde_json::Value::Array(ts)) => {
                        ts.iter().any(|t| t.as_str().is_some_and(is_article_type))
                    }
                    _ => false,
                };
                out.push((is_article, d));
            }
            if let Some(graph) = map.get("@graph") {
                collect_ld_dates(graph, depth + 1, out);
            }
        }
        _ => {}
    }
}

fn is_article_type(t: &str) -> bool {
    LD_ARTICLE_TYPES.iter().any(|a| t.contains(a))
}

fn element_date(dom: &Dom) -> Option<PartialDate> {
    ELEMENT_DATE_SELECTORS.iter().find_map(|sel| {
        let found = dom.try_select(sel)?;
        found.nodes().iter().find_map(|n| {
            n.attr("datetime")
                .or_else(|| n.attr("content"))
                .and_then(|v| parse_metadata_date(&v))
        })
    })
}

/// Lines that are boilerplate when they are the whole paragraph (compared
/// lower-cased, without surrounding punctuation).
const BOILERPLATE_EXACT: &[&str] = &[
    "ad",
    "advert",
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "story continues below advertisement",
    "article continues below advertisement",
    "continue reading",
    "continue reading below",
    "read more",
    "read more here",
    "share",
    "share this",
    "share this article",
    "share this story",
    "tweet",
    "email",
    "print",
    "comments",
    "subscribe",
    "newsletter",
    "close",
    "menu",
];

/// Prefixes of short boilerplate prompts.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "subscribe to",
    "subscribe now",
    "sign up for",
    "sign up to",
    "follow us on",
    "follow us",
    "share this",
    "share on",
    "click here to",
    "read more:",
    "related:",
    "see also:",
    "also read:",
    "read also:",
    "recommended:",
    "watch:",
    "listen:",
    "get our newsletter",
    "join our",
    "download our app",
    "copyright ©",
    "©",
    "all rights reserved",
];

/// Headings that start a block of links to other stories.
const RELATED_HEADINGS: &[&str] = &[
    "related",
    "related articles",
    "related stories",
    "related content",
    "related news",
    "related coverage",
    "more on this story",
    "more stories",
    "recommended",
    "recommended stories",
    "you may also like",
    "read next",
    "most read",
    "most popular",
    "trending",
];

/// Headings that start an author bio.
const BIO_HEADINGS: &[&str] = &["about the author", "about the authors", "author bio"];

/// Words that describe a writer in an author bio ("Jane Doe is a senior reporter…").
const BIO_ROLES: &[&str] = &[
    "reporter",
    "correspondent",
    "journalist",
    "writer",
    "editor",
    "contributor",
    "columnist",
    "freelance",
    "author",
];

/// A paragraph of at most this many words without closing punctuation counts as a
/// link title when it follows a "Related" heading.
const MAX_LINK_TITLE_WORDS: usize = 16;

/// Rebuilds readable text as clean paragraphs separated by blank lines, without
/// boilerplate.
pub fn clean_article_text(raw: &str) -> String {
    let paras: Vec<String> = raw
        .lines()
        .map(one_line)
        .filter(|l| !l.is_empty())
        .collect();
    let mut kept: Vec<&str> = Vec::with_capacity(paras.len());
    let mut in_related = false;
    let mut in_bio = false;
    let mut seen_body = false;
    for p in &paras {
        let key = key_of(p);
        if RELATED_HEADINGS.contains(&key.as_str()) {
            in_related = true;
            continue;
        }
        if BIO_HEADINGS.contains(&key.as_str()) {
            in_bio = true;
            continue;
        }
        if in_related {
            if looks_like_link_title(p) {
                continue;
            }
            in_related = false;
        }
        if in_bio {
            // The bio is the paragraph(s) right under its heading, up to the next heading-like line.
            if p.split_whitespace().count() > 6 || is_author_bio(p) {
                continue;
            }
            in_bio = false;
        }
        if is_boilerplate(&key) {
            continue;
        }
        if !seen_body && is_site_date_header(p) {
            continue;
        }
        if p.split_whitespace().count() >= 8 {
            seen_body = true;
        }
        kept.push(p);
    }
    // An author bio closes the article; a sentence of the same shape in the body
    // ("X is a journalist who was…") is news and stays.
    for _ in 0..2 {
        if kept.len() > 1 && kept.last().is_some_and(|p| is_author_bio(p)) {
            kept.pop();
        }
    }
    kept.join("\n\n")
}

/// Lower-cased, without surrounding punctuation or dashes.
fn key_of(p: &str) -> String {
    p.trim_matches(|c: char| !c.is_alphanumeric() && c != '©')
        .to_lowercase()
}

fn is_boilerplate(key: &str) -> bool {
    BOILERPLATE_EXACT.contains(&key)
        || (key.split_whitespace().count() <= 14
            && BOILERPLATE_PREFIXES.iter().any(|p| key.starts_with(p)))
}

fn looks_like_link_title(p: &str) -> bool {
    let words = p.split_whitespace().count();
    words <= MAX_LINK_TITLE_WORDS && !p.trim_end().ends_with(['.', '!', '?', '"', '”', ':'])
}

/// "Jane Doe is a senior reporter at …": a short paragraph whose subject is a
/// capitalised name of one to four words followed by "is a/an … <role>".
fn is_author_bio(p: &str) -> bool {
    let words: Vec<&str> = p.split_whitespace().collect();
    if words.len() > 50 {
        return false;
    }
    let Some(is_at) = words.iter().position(|w| *w == "is") else {
        return false;
    };
    if !(1..=4).contains(&is_at) {
        return false;
    }
    let name_ok = words
        .iter()
        .take(is_at)
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let article_ok = words
        .get(is_at + 1)
        .is_some_and(|w| matches!(*w, "a" | "an" | "the"));
    let role_ok = words.iter().skip(is_at + 2).take(5).any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        BIO_ROLES.contains(&w.as_str())
    });
    name_ok && article_ok && role_ok
}

/// A line that is only a date or a temperature: site furniture above the article.
fn is_site_date_header(p: &str) -> bool {
    crate::text::is_header_only_line(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_drops_boilerplate_and_keeps_paragraphs() {
        let raw = "Thursday, 4 March 2021\n\nFirst   paragraph of the story, with enough words in it.\n\n- Advertisement -\n\nSecond paragraph.\n\nRelated Articles\nA link title here\nAnother link title\n\nThird paragraph after the links ends here.\n\nShare this article\n\nJane Q. Writer is a senior reporter covering the region.";
        assert_eq!(
            clean_article_text(raw),
            "First paragraph of the story, with enough words in it.\n\nSecond paragraph.\n\nThird paragraph after the links ends here."
        );
    }

    #[test]
    fn nesting_estimate() {
        assert_eq!(
            estimate_nesting("<html><body><div><p>a<p>b<br/><img src=x></div></body></html>"),
            1
        );
        assert_eq!(estimate_nesting("<div><div><span>x</span></div></div>"), 3);
        let script = "<div><script>for(i=0;i<n;i++){if(a<b){}}</script><style>a<b{}</style><!-- <div><div> --></div>";
        assert_eq!(estimate_nesting(script), 1);
        assert_eq!(estimate_nesting(&"<div>".repeat(1000)), 1000);
        assert_eq!(estimate_nesting("<div"), 0);
        assert_eq!(estimate_nesting("é<é><div>"), 1);
    }

    #[test]
    fn absurdly_deep_pages_are_refused_quickly() {
        let html = format!(
            "<html><body>{}<p>text</p></body></html>",
            "<div>".repeat(100_000)
        );
        let err = extract_html(&html).unwrap_err();
        assert!(err.to_string().contains("nested"), "{err}");
    }

    #[test]
    fn cleaner_removes_what_readability_keeps() {
        let html = "<html><body><article><h1>Ferry Service Resumes</h1>\
            <p>The ferry between the two islands resumed on Tuesday after a week of storms, the operator said.</p>\
            <p>- Advertisement -</p>\
            <p>RELATED: <a href=\"/x\">Island bus timetable</a></p>\
            <p>Passengers were asked to book ahead because the first sailings were expected to be busy.</p>\
            </article></body></html>";
        let raw = Readability::new(html, None, None)
            .and_then(|mut r| r.parse())
            .map(|a| a.text_content.to_string())
            .unwrap_or_default();
        assert!(
            raw.contains("Advertisement") && raw.contains("RELATED"),
            "{raw}"
        );
        let article = extract_html(html).unwrap();
        assert_eq!(
            article.text,
            "Ferry Service Resumes\n\n\
             The ferry between the two islands resumed on Tuesday after a week of storms, the operator said.\n\n\
             Passengers were asked to book ahead because the first sailings were expected to be busy."
        );
    }

    #[test]
    fn body_sentences_are_not_bios() {
        assert!(!is_author_bio(
            "The suspect is a former soldier, police said."
        ));
        assert!(!is_author_bio("Police said the man is a reporter."));
        assert!(is_author_bio("Sam Roe is an editor at the Daily Example."));
    }

    #[test]
    fn date_lines_after_the_start_stay() {
        let raw = "A first paragraph that is long enough to count as body.\n\nMonday, 1 March 2021";
        assert_eq!(clean_article_text(raw), raw);
    }

    #[test]
    fn metadata_date_precedence_and_site_header_ignored() {
        let html = r#"<html><head>
            <meta name="DATE" content="2020-01-01">
            <meta property="article:published_time" content="2021-03-04T09:00:00+01:00">
            </head><body><header><time datetime="2019-05-05">Sunday</time></header></body></html>"#;
        let dom = Dom::from(html);
        assert_eq!(
            metadata_date(&dom).map(|d| d.to_string()).as_deref(),
            Some("2021-03-04")
        );

        let only_site_header = r#"<html><body><header class="site"><time datetime="2019-05-05">Sunday, May 5, 2019</time></header><article><p>Text.</p></article></body></html>"#;
        assert_eq!(metadata_date(&Dom::from(only_site_header)), None);

        let article_header = r#"<html><body><article><header><time datetime="2019-05-06T10:00Z">May 6</time></header><p>Text.</p></article></body></html>"#;
        assert_eq!(
            metadata_date(&Dom::from(article_header))
                .map(|d| d.to_string())
                .as_deref(),
            Some("2019-05-06")
        );
    }

    #[test]
    fn json_ld_prefers_the_article_node() {
        let html = r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebPage","datePublished":"2020-02-02"},
              {"@type":"NewsArticle","datePublished":"2021-03-04T10:00:00Z"}]}
            </script></head><body></body></html>"#;
        assert_eq!(
            metadata_date(&Dom::from(html))
                .map(|d| d.to_string())
                .as_deref(),
            Some("2021-03-04")
        );
        let broken = r#"<html><head><script type="application/ld+json">{"datePublished": </script></head></html>"#;
        assert_eq!(metadata_date(&Dom::from(broken)), None);
    }
}
