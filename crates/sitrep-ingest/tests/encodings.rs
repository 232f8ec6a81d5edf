//! Legacy charsets, UTF-16 and language detection, end to end through the file reader
//! (fixtures written here: short fictional texts).

use sitrep_ingest::{
    document_from_bytes_in, read_input, Format, IngestError, IngestOptions, Input,
};
use std::fs;

fn read_file(name: &str, bytes: &[u8]) -> Result<sitrep_core::Document, IngestError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, bytes).unwrap();
    let mut items = read_input(&Input::Path(path), &IngestOptions::default());
    assert_eq!(items.len(), 1);
    items.remove(0).map_err(|f| f.error)
}

const BODY_1252: &[u8] =
    b"<p>A parcel bomb exploded at the Caf\xe9 Mir\xf3 in the fictional town of \
Port Example on Tuesday, injuring two waiters, police said. \x93We heard a loud bang,\x94 said the \
owner, who asked not to be named. Officers closed the square for several hours while \
investigators searched the building.</p><p>No group has said it carried out the attack, and \
the mayor called for calm in a short statement outside the town hall in the evening.</p>";

fn page_1252(head: &[u8]) -> Vec<u8> {
    let mut page = b"<!DOCTYPE html><html><head>".to_vec();
    page.extend_from_slice(head);
    page.extend_from_slice(
        b"<title>Parcel Bomb Injures Two at Caf\xe9</title></head><body><article>",
    );
    page.extend_from_slice(BODY_1252);
    page.extend_from_slice(b"</article></body></html>");
    page
}

#[test]
fn html_declaring_windows_1252_is_decoded_not_refused() {
    let page = page_1252(b"<meta charset=\"windows-1252\">");
    let doc = read_file("cafe.html", &page).unwrap();
    assert!(doc.text.contains("Café Miró"), "{}", doc.text);
    assert!(doc.text.contains("“We heard a loud bang,”"), "{}", doc.text);
    assert_eq!(
        doc.title.as_deref(),
        Some("Parcel Bomb Injures Two at Café")
    );
    assert_eq!(doc.language.as_deref(), Some("eng"));
    // the http-equiv form, and ISO-8859-1 read as windows-1252 (as browsers do)
    let page =
        page_1252(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">");
    let doc = read_file("cafe.htm", &page).unwrap();
    assert!(doc.text.contains("“We heard a loud bang,”"));
    // without any declaration the page is still refused, with the offset
    let page = page_1252(b"");
    assert!(matches!(
        read_file("cafe2.html", &page),
        Err(IngestError::InvalidUtf8 { .. })
    ));
}

#[test]
fn http_charset_wins_over_meta() {
    // the page claims UTF-8 but the server says windows-1252 (and it is)
    let page = page_1252(b"<meta charset=\"utf-8\">");
    let doc = document_from_bytes_in(
        "p",
        "http://127.0.0.1/p",
        Format::Html,
        &page,
        Some("windows-1252"),
        &IngestOptions::default(),
    )
    .unwrap();
    assert!(doc.text.contains("Café Miró"));
}

fn utf16le(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn utf16_text_file_with_bom_is_read_and_offsets_are_into_the_decoded_text() {
    let text = "Market Blast Kills Three in Port Example\n\nThree people were killed when a bomb \
hidden in a fruit stall exploded at the central market on Friday, officials said.\n";
    let doc = read_file("market.txt", &utf16le(text)).unwrap();
    assert_eq!(doc.text, text);
    assert_eq!(
        doc.title.as_deref(),
        Some("Market Blast Kills Three in Port Example")
    );
    let at = doc.text.find("bomb").unwrap();
    assert_eq!(&doc.text[at..at + 4], "bomb");
    // a UTF-16 HTML page (no extension) is sniffed once decoded
    let html = "<html><head><title>Depot Raid</title></head><body><article><p>Gunmen attacked \
a bus depot in the fictional town of Port Example on Sunday night, wounding a guard, police \
said. The attackers fled before officers arrived, and a search of the district went on until \
morning.</p></article></body></html>";
    let doc = read_file("page", &utf16le(html)).unwrap();
    assert!(
        doc.text.contains("Gunmen attacked a bus depot"),
        "{}",
        doc.text
    );
    // UTF-16 without a byte-order mark is still binary
    let bare = &utf16le(text)[2..];
    assert!(matches!(
        read_file("bare.txt", bare),
        Err(IngestError::Binary { .. })
    ));
}

#[test]
fn language_is_detected_and_kept() {
    let german = "Anschlag auf Busbahnhof\n\nBei einem Anschlag auf einen Busbahnhof in der \
Stadt sind am Montag drei Menschen getötet und zwölf weitere verletzt worden, teilte die \
Polizei am Abend mit. Die Ermittler suchen nach den Tätern.\n";
    let doc = read_file("de.txt", german.as_bytes()).unwrap();
    assert_eq!(doc.language.as_deref(), Some("deu"));
    assert_eq!(doc.text, german);
    let english = "Depot Attack\n\nThree people were killed and twelve wounded in an attack \
on a bus station in the city on Monday, police said in the evening. Investigators are \
looking for the attackers.\n";
    assert_eq!(
        read_file("en.txt", english.as_bytes())
            .unwrap()
            .language
            .as_deref(),
        Some("eng")
    );
    // JSON Lines records get theirs too
    let line = serde_json::json!({"id": "j1", "text": german}).to_string();
    let doc = read_file("x.jsonl", line.as_bytes()).unwrap();
    assert_eq!(doc.language.as_deref(), Some("deu"));
    // too short to tell
    assert_eq!(
        read_file("s.txt", b"Blast at depot").unwrap().language,
        None
    );
}
