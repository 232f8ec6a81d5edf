//! Character encodings: bytes in a legacy charset or UTF-16 decoded to text.
//!
//! The encoding of an input is, in order: a byte-order mark (UTF-16 LE/BE; a UTF-8 BOM
//! keeps the bytes as they are), the charset a transport declares (an HTTP
//! `Content-Type`, a WARC record's HTTP headers), and for HTML the page's own
//! `<meta charset>` or `<meta http-equiv="Content-Type">` in its first 1024 bytes; else
//! UTF-8. Decoding uses `encoding_rs` (the WHATWG encodings: `iso-8859-1` is read as
//! windows-1252, as browsers do). UTF-8 input is kept byte for byte, so offsets into a
//! UTF-8 file stay offsets into the file; for any other encoding, offsets are into the
//! decoded text, which is what evidence quotes.

use crate::error::IngestError;
use crate::text::validate_text;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;

/// How far into an HTML page a `<meta charset>` is looked for (as browsers do).
const META_PRESCAN_BYTES: usize = 1024;

/// The charset named in a `Content-Type` value (`text/html; charset="ISO-8859-1"` →
/// `ISO-8859-1`), if any.
pub fn charset_from_content_type(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|v| !v.is_empty())
    })
}

/// The charset an HTML page declares in a `<meta>` tag within its first 1024 bytes.
pub fn meta_charset(html: &[u8]) -> Option<String> {
    let head = html.get(..META_PRESCAN_BYTES).unwrap_or(html);
    let lower = head.to_ascii_lowercase();
    let mut pos = 0;
    while let Some(found) = find(lower.get(pos..)?, b"<meta") {
        let start = pos + found;
        let end = memchr::memchr(b'>', lower.get(start..)?).map_or(lower.len(), |e| start + e);
        let tag = lower.get(start..end)?;
        if let Some(label) = charset_in_tag(tag) {
            return Some(label);
        }
        pos = end;
    }
    None
}

/// `charset = "label"` inside one (lowercased) meta tag: the `charset` attribute, or the
/// charset parameter of an `http-equiv` `content` value.
fn charset_in_tag(tag: &[u8]) -> Option<String> {
    let at = find(tag, b"charset")?;
    let rest = tag.get(at + "charset".len()..)?;
    let rest = trim_start(rest);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let label: Vec<u8> = rest
        .iter()
        .copied()
        .take_while(|b| !matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') && !b.is_ascii_whitespace())
        .collect();
    (!label.is_empty()).then(|| String::from_utf8_lossy(&label).into_owned())
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    s.get(n..).unwrap_or_default()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// True when `bytes` start with a UTF-16 byte-order mark.
pub(crate) fn has_utf16_bom(bytes: &[u8]) -> bool {
    matches!(Encoding::for_bom(bytes), Some((e, _)) if e == UTF_16LE || e == UTF_16BE)
}

/// Decodes `bytes` as text (see the module documentation for how the encoding is
/// chosen). `declared` is a charset label given by the transport; `html` turns on the
/// `<meta charset>` prescan.
///
/// UTF-8 input is returned borrowed, byte for byte (a NUL byte is
/// [`IngestError::Binary`], bad UTF-8 [`IngestError::InvalidUtf8`]); other encodings are
/// decoded (malformed sequences become U+FFFD).
pub fn decode_text<'a>(
    bytes: &'a [u8],
    declared: Option<&str>,
    html: bool,
) -> Result<Cow<'a, str>, IngestError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        if enc == UTF_16LE || enc == UTF_16BE {
            let body = bytes.get(bom_len..).unwrap_or_default();
            let (text, _) = enc.decode_without_bom_handling(body);
            return checked(text);
        }
        // A UTF-8 BOM: the bytes are UTF-8 whatever is declared; kept as they are.
        return validate_text(bytes).map(Cow::Borrowed);
    }
    let encoding = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .or_else(|| {
            html.then(|| meta_charset(bytes))
                .flatten()
                .and_then(|l| Encoding::for_label(l.as_bytes()))
                // a page cannot declare UTF-16 in its own (ASCII) markup
                .map(|e| e.output_encoding())
        })
        .unwrap_or(UTF_8);
    if encoding == UTF_8 {
        return validate_text(bytes).map(Cow::Borrowed);
    }
    if encoding == encoding_rs::REPLACEMENT {
        return Err(IngestError::UnsupportedCharset {
            label: declared.unwrap_or("meta charset").to_string(),
        });
    }
    if encoding != UTF_16LE && encoding != UTF_16BE {
        if let Some(offset) = memchr::memchr(0, bytes) {
            return Err(IngestError::Binary { offset });
        }
    }
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    checked(text)
}

fn checked(text: Cow<'_, str>) -> Result<Cow<'_, str>, IngestError> {
    crate::text::check_not_blank(&text)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_charset() {
        assert_eq!(
            charset_from_content_type("text/html; charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(
            charset_from_content_type("text/html;Charset=utf-8"),
            Some("utf-8")
        );
        assert_eq!(charset_from_content_type("text/html"), None);
        assert_eq!(charset_from_content_type("text/html; charset="), None);
    }

    #[test]
    fn meta_charset_both_forms() {
        assert_eq!(
            meta_charset(b"<html><head><META CHARSET='windows-1252'>").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            meta_charset(
                b"<meta name=x><meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">"
            )
            .as_deref(),
            Some("koi8-r")
        );
        assert_eq!(meta_charset(b"<meta name=\"charset-less\">"), None);
        // past the first 1024 bytes: not looked at
        let mut late = vec![b' '; 1100];
        late.extend_from_slice(b"<meta charset=latin1>");
        assert_eq!(meta_charset(&late), None);
        assert_eq!(meta_charset(b"<meta charset"), None);
    }

    #[test]
    fn windows_1252_page_is_decoded() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>Caf\xe9 \x93quoted\x94</body></html>";
        let text = decode_text(page, None, true).unwrap();
        assert!(text.contains("Café “quoted”"), "{text}");
        // the HTTP header wins over the page
        let text = decode_text(b"<p>\xe9</p>", Some("iso-8859-7"), true).unwrap();
        assert_eq!(text, "<p>\u{3b9}</p>"); // Greek small iota
                                            // undeclared bad UTF-8 is still refused
        assert!(matches!(
            decode_text(b"<p>\xe9</p>", None, true),
            Err(IngestError::InvalidUtf8 { offset: 3 })
        ));
        // a meta charset is not read in plain text
        assert!(decode_text(b"<meta charset=latin1> \xe9", None, false).is_err());
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        for u in "Bomb hits market".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&le, None, false).unwrap(), "Bomb hits market");
        let mut be = vec![0xFE, 0xFF];
        for u in "Ärger".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_text(&be, Some("latin1"), false).unwrap(), "Ärger");
        assert!(has_utf16_bom(&le) && !has_utf16_bom(b"abc"));
    }

    #[test]
    fn utf8_is_kept_byte_for_byte() {
        let s = "\u{feff}Héllo";
        match decode_text(s.as_bytes(), Some("windows-1252"), false).unwrap() {
            Cow::Borrowed(b) => assert_eq!(b, s),
            Cow::Owned(_) => panic!("UTF-8 with a BOM must stay borrowed"),
        }
        assert!(matches!(
            decode_text(b"a\0b", Some("latin1"), false),
            Err(IngestError::Binary { offset: 1 })
        ));
        assert!(matches!(
            decode_text(b"abc", Some("iso-2022-kr"), false),
            Err(IngestError::UnsupportedCharset { .. })
        ));
        // an unknown label is ignored
        assert_eq!(decode_text(b"abc", Some("no-such"), false).unwrap(), "abc");
    }
}
