//! End-to-end tests of the `sitrep` binary: real processes, real files.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

/// `../shared` next to the repository (or one level further up from a worktree).
fn shared() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for up in ["../../../shared", "../../../../shared"] {
        let p = manifest.join(up);
        if p.join("seeds").is_dir() {
            return p;
        }
    }
    panic!("../shared (seeds, gold) not found next to the repository");
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn evidence_items(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(ev)) = m.get("evidence") {
                out.extend(ev.iter().cloned());
            }
            for x in m.values() {
                evidence_items(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| evidence_items(x, out)),
        _ => {}
    }
}

#[test]
fn every_evidence_span_on_the_seeds_is_an_exact_slice() {
    let seeds = shared().join("seeds");
    let out = bin().arg("extract").arg(&seeds).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 5);
    let mut checked = 0;
    for r in &recs {
        let file = seeds.join(r["doc_id"].as_str().unwrap());
        let text = std::fs::read(&file).unwrap();
        let mut ev = Vec::new();
        evidence_items(r, &mut ev);
        assert!(!ev.is_empty(), "{} has no evidence", file.display());
        for e in ev {
            let (s, t) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            let quoted = e["text"].as_str().unwrap().as_bytes();
            assert_eq!(&text[s..t], quoted, "{}: {s}..{t}", file.display());
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} evidence spans");
}

#[test]
fn seeds_meet_the_quality_floor() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("extract")
        .arg(shared().join("seeds"))
        .output()
        .unwrap();
    let pred = dir.path().join("seeds.jsonl");
    std::fs::write(&pred, &out.stdout).unwrap();
    let ev = bin()
        .args(["eval", "gold"])
        .arg(&pred)
        .arg(shared().join("gold/seeds.jsonl"))
        .output()
        .unwrap();
    assert!(ev.status.success());
    let report = String::from_utf8_lossy(&ev.stdout);
    let pct = |prefix: &str, key: &str| -> f64 {
        let line = report.lines().find(|l| l.starts_with(prefix)).unwrap();
        let i = line.find(key).unwrap() + key.len();
        line[i..]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('%')
            .parse()
            .unwrap()
    };
    assert!(pct("fields:", "accuracy ") >= 80.0, "{report}");
    assert!(pct("incidents:", "F1 ") >= 0.8, "{report}");
}

#[test]
fn bad_inputs_fail_alone_with_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a_good.txt"), "Bomb Kills Two in Kabul\n\nA bomb exploded at a market in Kabul on Monday, killing two people, police said.\n").unwrap();
    std::fs::write(d.join("b_binary.txt"), b"\x7fELF\x00\x00\x01\x02binary").unwrap();
    std::fs::write(d.join("c_latin1.txt"), b"caf\xe9 attack\n").unwrap();
    std::fs::write(d.join("d_empty.txt"), b"").unwrap();
    let big = std::fs::File::create(d.join("e_big.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    std::fs::write(
        d.join("f_batch.jsonl"),
        "{\"id\":\"ok\",\"text\":\"A gunman shot dead three people in Nairobi on Friday.\"}\n{\"id\":\"cut\",\"text\":\"trunc\n",
    )
    .unwrap();
    let out = bin().arg("extract").arg(d).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "some documents failed");
    let recs = records(&out);
    let by_id = |id: &str| {
        recs.iter()
            .find(|r| r["doc_id"].as_str().unwrap().starts_with(id))
            .unwrap_or_else(|| panic!("no record {id}"))
    };
    assert!(by_id("a_good.txt")["error"].is_null());
    assert_eq!(
        by_id("a_good.txt")["incidents"][0]["location"]["city"],
        "Kabul"
    );
    for id in ["b_binary.txt", "c_latin1.txt", "d_empty.txt", "e_big.txt"] {
        let e = by_id(id)["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{id} should fail"));
        assert!(!e.contains('\n') && !e.is_empty());
    }
    assert!(by_id("ok")["error"].is_null());
    assert_eq!(by_id("ok")["incidents"][0]["killed"]["min"], 3);
    let cut = recs
        .iter()
        .find(|r| r["doc_id"].as_str().unwrap().contains("f_batch.jsonl:2"))
        .expect("the truncated line has its own record");
    assert!(cut["error"].is_string());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().count(),
        5,
        "one line per failed document:\n{stderr}"
    );
}

#[test]
fn stdin_and_published_date() {
    use std::io::Write;
    let mut child = bin()
        .args(["extract", "--published", "2031-06-09", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Gunmen Attack Checkpoint in Peshawar\n\nGunmen attacked a police checkpoint in Peshawar on Saturday, killing four officers.\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let r = &records(&out)[0];
    assert_eq!(r["published"], "2031-06-09");
    // 2031-06-09 is a Monday: the Saturday before is 2031-06-07.
    assert_eq!(r["incidents"][0]["date"]["value"], "2031-06-07");
    assert_eq!(r["incidents"][0]["killed"]["min"], 4);
}

#[test]
fn no_publication_date_means_no_date_from_a_weekday() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.txt");
    std::fs::write(&p, "Gunmen Attack Checkpoint in Peshawar\n\nGunmen attacked a police checkpoint in Peshawar on Saturday, killing four officers.\n").unwrap();
    let out = bin().arg("extract").arg(&p).output().unwrap();
    let r = &records(&out)[0];
    assert!(r["incidents"][0]["date"].is_null());
}

/// A folder with the shipped example reports this test is about: two reports of the
/// Kismayo bombing, the Lyon stabbing and an arrest (copied, so that other examples added
/// to the folder do not change the counts).
fn examples() -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports");
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "01-kismayo-market-bombing.txt",
        "02-lyon-tram-stabbing.html",
        "03-wire-reports.jsonl",
    ] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    dir
}

#[test]
fn ingest_merges_reports_is_idempotent_and_keeps_edits() {
    let reports = examples();
    let reports = reports.path().to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let run = |args: &[&str]| {
        let out = bin().args(args).arg("--db").arg(&db).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let first = run(&["ingest", reports]);
    assert!(String::from_utf8_lossy(&first.stderr).contains("1 reports merged"));
    let list = run(&["incidents", "--json"]);
    let incidents: Vec<Value> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // two Kismayo reports are one incident; the Lyon stabbing is another; the arrest is none
    assert_eq!(incidents.len(), 2);
    let kismayo = incidents
        .iter()
        .find(|i| i["merged"]["city"] == "Kismayo")
        .unwrap();
    assert_eq!(kismayo["reports"], 2);
    let id = kismayo["id"].to_string();
    // re-ingesting the same files changes nothing
    let again = run(&["ingest", reports]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 new"));
    // an analyst's correction shows in the merged value and survives re-ingest
    run(&[
        "edit",
        &id,
        "killed",
        "11",
        "--by",
        "analyst",
        "--note",
        "hospital toll",
    ]);
    run(&["ingest", reports]);
    let shown = run(&["show", &id, "--json"]);
    let v: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(v["merged"]["killed"]["min"], 11);
    assert_eq!(v["edits"][0]["by"], "analyst");
    // GTD CSV export has GTD's columns
    let csv = run(&["export", "--format", "gtd-csv"]);
    let head = String::from_utf8_lossy(&csv.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    for col in [
        "iyear",
        "imonth",
        "iday",
        "country_txt",
        "city",
        "latitude",
        "longitude",
        "attacktype1_txt",
        "gname",
        "nkill",
        "nwound",
    ] {
        assert!(
            head.split(',').any(|c| c == col),
            "missing column {col} in {head}"
        );
    }
    // a title that a spreadsheet would run as a formula is exported as text
    run(&[
        "edit",
        &id,
        "summary",
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        "--by",
        "analyst",
    ]);
    let csv = run(&["export", "--format", "gtd-csv"]);
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
        "{text}"
    );
    assert!(!text.contains(",=HYPERLINK") && !text.contains(",\"=HYPERLINK"));
    // --revert brings back what extraction says; an unknown city is refused
    // unless --keep-place.
    run(&["edit", &id, "summary", "--revert", "--by", "analyst"]);
    let csv = run(&["export", "--format", "gtd-csv"]);
    assert!(!String::from_utf8_lossy(&csv.stdout).contains("HYPERLINK"));
    let refused = bin()
        .args([
            "edit",
            &id,
            "city",
            "Nowhereville",
            "--by",
            "analyst",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("keep_place"));
    run(&[
        "edit",
        &id,
        "city",
        "Nowhereville",
        "--keep-place",
        "--by",
        "analyst",
    ]);
    let shown = run(&["show", &id, "--json"]);
    let v: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(v["merged"]["city"], "Nowhereville");
}

#[test]
fn the_learned_model_is_on_by_default_and_off_with_no_learned() {
    let report = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../sitrep-pipeline/tests/fixtures/learned/thessaloniki-bank-bomb.txt");
    let run = |extra: &[&str]| {
        let out = bin()
            .arg("extract")
            .args(extra)
            .arg(&report)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        records(&out).remove(0)
    };
    let targets = |r: &Value| r["incidents"][0]["target_types"].clone();
    let with = run(&[]);
    assert_eq!(targets(&with)[0]["value"], "business");
    assert_eq!(
        with["incidents"][0]["learned"],
        serde_json::json!(["target_types"])
    );
    let without = run(&["--no-learned"]);
    assert_eq!(targets(&without), serde_json::json!([]));
    assert!(
        without["incidents"][0].get("learned").is_none(),
        "no `learned` key when the rules gave every value"
    );
    let none = run(&["--learned-roles", "groups"]);
    assert_eq!(targets(&none), serde_json::json!([]));
    let bad = bin()
        .args(["extract", "--learned-roles", "motives"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown role"));
}

/// Runs `cmd` with a stdout whose reader has already gone away: every write to it fails
/// with a broken pipe, as when `| head` has read what it wanted and exited.
fn into_closed_pipe(cmd: &mut Command) -> Output {
    let (reader, writer) = std::os::unix::net::UnixStream::pair().unwrap();
    drop(reader);
    cmd.stdout(std::process::Stdio::from(std::os::fd::OwnedFd::from(
        writer,
    )))
    .output()
    .unwrap()
}

/// A closed pipe ends the command quietly, with status 0.
fn assert_quiet(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what}: status {:?}, stderr {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("Broken pipe") && !err.contains("panicked") && !err.contains("invalid"),
        "{what}: {err}"
    );
}

#[test]
fn a_closed_stdout_ends_every_command_quietly_with_status_0() {
    let reports = examples();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let ingest = bin()
        .arg("ingest")
        .arg(reports.path())
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(ingest.status.success());
    // Every command that writes to stdout, on a stdout nobody reads.
    let with_db: &[&[&str]] = &[
        &["incidents"],
        &["incidents", "--json"],
        &["show", "1"],
        &["show", "1", "--json"],
        &["export", "--format", "jsonl"],
        &["export", "--format", "gtd-csv"],
        &["export", "--format", "geojson"],
        &["token", "create", "reader"],
    ];
    for args in with_db {
        let out = into_closed_pipe(bin().args(*args).arg("--db").arg(&db));
        assert_quiet(&args.join(" "), &out);
    }
    let out = into_closed_pipe(bin().arg("extract").arg(reports.path()));
    assert_quiet("extract", &out);
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = into_closed_pipe(bin().args(["eval", "gold"]).arg(&empty).arg(&empty));
    assert_quiet("eval gold", &out);
    let muc4 = shared().join("data/muc4");
    let out = into_closed_pipe(
        bin()
            .args(["eval", "muc4", "--split", "test", "--data"])
            .arg(&muc4),
    );
    assert_quiet("eval muc4", &out);
    // The same commands on an open stdout still fail on real errors.
    let missing = bin()
        .args(["show", "999", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn extract_into_head_stops_quietly_with_status_0() {
    // Far more output than a pipe holds, so that sitrep is still writing when `head -1`
    // exits.
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/reports/01-kismayo-market-bombing.txt");
    let text = std::fs::read_to_string(src).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    let lines: Vec<String> = (0..400)
        .map(|i| serde_json::json!({"id": format!("r{i}"), "text": text}).to_string())
        .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let mut sitrep = bin()
        .arg("extract")
        .arg(&input)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let head = Command::new("head")
        .arg("-1")
        .stdin(sitrep.stdout.take().unwrap())
        .output()
        .unwrap();
    let out = sitrep.wait_with_output().unwrap();
    assert_quiet("extract | head -1", &out);
    let first: Value = serde_json::from_slice(&head.stdout).unwrap();
    assert_eq!(first["doc_id"], "r0");
}

#[test]
fn a_document_past_its_deadline_gets_a_one_line_error_and_the_batch_goes_on() {
    let dir = std::env::temp_dir().join(format!("sitrep-deadline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // an unpunctuated ticker of cues: about 1 MB, which takes the extractor about a second
    let long = dir.join("a-ticker.txt");
    std::fs::write(&long, "bomb killed 3 in Kabul on Friday ".repeat(30_000)).unwrap();
    let ok = dir.join("b-report.txt");
    std::fs::write(
        &ok,
        "Bomb kills three in Kabul\n\nA bomb killed three people in Kabul on Friday, police said.\n",
    )
    .unwrap();
    let out = bin()
        .args(["extract", "--deadline", "0.001"])
        .arg(&long)
        .arg(&ok)
        .output()
        .unwrap();
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    let err = recs[0]["error"].as_str().unwrap_or("");
    assert!(err.contains("deadline"), "{err}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("a-ticker.txt") && l.contains("deadline")),
        "{stderr}"
    );
    // the short report after it is still extracted (its own deadline starts afresh; a
    // generous one here, as the machine may be loaded)
    let out = bin()
        .args(["extract", "--deadline", "30"])
        .arg(&ok)
        .output()
        .unwrap();
    assert_eq!(
        records(&out)[0]["incidents"].as_array().map(Vec::len),
        Some(1)
    );
    std::fs::remove_dir_all(&dir).ok();
}
