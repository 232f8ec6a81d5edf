//! The `sitrep` binary on the new ways in: legacy charsets, other languages, WARC
//! archives and `sitrep watch` (fixtures written here, fictional).

use serde_json::Value;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

const ATTACK_1252: &[u8] = b"<!DOCTYPE html><html><head><meta charset=\"windows-1252\">\
<title>Bomb Kills Three at Caf\xe9 in Velmora</title></head><body><article>\
<p>VELMORA, Ruritania \x96 A bomb exploded at the Caf\xe9 Mir\xf3 in the town of Velmora on \
Tuesday, killing three people and wounding eleven, police said.</p>\
<p>\x93It was a terrible blast,\x94 said a waiter. No group has claimed responsibility for \
the bombing, and officers closed the square for several hours.</p></article></body></html>";

const GERMAN: &str = "Anschlag auf Busbahnhof\n\nBei einem Anschlag auf einen Busbahnhof in \
der Stadt sind am Montag drei Menschen getötet und zwölf weitere verletzt worden, teilte die \
Polizei am Abend mit. Die Ermittler suchen nach den Tätern.\n";

#[test]
fn legacy_charset_is_extracted_and_other_languages_are_kept_with_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-cafe.html"), ATTACK_1252).unwrap();
    std::fs::write(dir.path().join("b-de.txt"), GERMAN).unwrap();
    let out = bin()
        .args(["extract", "--no-learned"])
        .arg(dir.path())
        .output()
        .unwrap();
    // one document failed (the German one): status 1, one line on stderr for it
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("b-de.txt: language not supported yet: German (deu)"));
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    let cafe = &recs[0];
    assert_eq!(cafe["error"], Value::Null, "{cafe}");
    assert_eq!(cafe["title"], "Bomb Kills Three at Café in Velmora");
    let inc = &cafe["incidents"][0];
    assert_eq!(inc["killed"]["min"], 3, "{inc}");
    // evidence quotes the decoded text
    let ev = inc["killed"]["evidence"][0]["text"].as_str().unwrap();
    assert!(ev.contains("three"), "{ev}");
    let de = &recs[1];
    assert_eq!(de["title"], "Anschlag auf Busbahnhof");
    assert!(de["incidents"].as_array().unwrap().is_empty());
    assert!(de["error"]
        .as_str()
        .unwrap()
        .starts_with("language not supported yet: German (deu)"));
}
