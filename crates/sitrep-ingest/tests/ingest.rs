//! End-to-end tests of sitrep-ingest on fixtures written for this crate (fictional,
//! short) and on the real seed articles in `../shared/seeds`.

use sitrep_ingest::{
    document_from_str, expand_inputs, read_from, read_input, Format, IngestError, IngestOptions,
    Input,
};
use std::fs;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read_one(path: &Path, opts: &IngestOptions) -> Result<sitrep_core::Document, IngestError> {
    let mut items = read_input(&Input::Path(path.to_path_buf()), opts);
    assert_eq!(items.len(), 1, "one item for {}", path.display());
    items.remove(0).map_err(|f| f.error)
}

#[test]
fn html_article_keeps_text_drops_boilerplate_and_reads_metadata() {
    let doc = read_one(&fixture("article_meta.html"), &IngestOptions::default()).unwrap();
    println!("{}", doc.text);
    assert_eq!(doc.id, "article_meta.html");
    assert_eq!(
        doc.title.as_deref(),
        Some("Depot Fire Blamed on Arson, Police Say")
    );
    // The page's metadata date, in the publisher's own offset; not the site header date.
    assert_eq!(
        doc.published.map(|d| d.to_string()).as_deref(),
        Some("2021-03-04")
    );
    for kept in [
        "A fire that destroyed a bus depot in the fictional town of Port Example on Thursday night was set deliberately",
        "Investigators found two fuel cans near the rear gate",
        "bus services would run on a reduced timetable",
        "Residents living near the depot described hearing a series of loud bangs",
    ] {
        assert!(doc.text.contains(kept), "lost {kept:?}");
    }
    for gone in [
        "Advert",
        "Related Articles",
        "Harbour ferry timetable",
        "Share this article",
        "Subscribe",
        "is a senior reporter",
        "48.2 F",
        "Friday, March 5, 2021",
        "Copyright",
    ] {
        assert!(!doc.text.contains(gone), "kept boilerplate {gone:?}");
    }
    // Paragraphs are separated by exactly one blank line, with no stray whitespace.
    for para in doc.text.split("\n\n") {
        assert!(!para.is_empty() && !para.contains('\n'), "{para:?}");
        assert_eq!(para, para.trim());
    }
    let paras: Vec<&str> = doc.text.split("\n\n").collect();
    assert!(paras.iter().any(|p| p.starts_with("A fire that destroyed")));
    assert!(paras.iter().any(|p| p.starts_with("Residents living near")));
}

#[test]
fn html_whose_only_date_is_a_site_header_has_no_published_date() {
    let doc = read_one(&fixture("site_header_date.html"), &IngestOptions::default()).unwrap();
    println!("{}", doc.text);
    assert_eq!(doc.published, None);
    assert_eq!(
        doc.title.as_deref(),
        Some("Market Stall Blaze Under Investigation")
    );
    assert!(doc
        .text
        .contains("Firefighters were called to the covered market"));
    assert!(!doc.text.contains("December 7, 2022"));
    assert!(!doc.text.contains("53.5 F"));

    // --published fills the gap.
    let opts = IngestOptions {
        published: "2022-12-08".parse().ok(),
        ..IngestOptions::default()
    };
    let doc = read_one(&fixture("site_header_date.html"), &opts).unwrap();
    assert_eq!(doc.published, opts.published);
}

#[test]
fn html_without_article_text_is_an_error() {
    let err = read_one(&fixture("no_article.html"), &IngestOptions::default()).unwrap_err();
    assert!(matches!(err, IngestError::NoArticleText { .. }), "{err}");
    assert!(!err.to_string().contains('\n'));
}

#[test]
fn plain_text_with_site_header_before_headline() {
    let path = fixture("site_header.txt");
    let doc = read_one(&path, &IngestOptions::default()).unwrap();
    assert_eq!(
        doc.title.as_deref(),
        Some("Harbour Crane Collapse Closes Container Terminal")
    );
    assert_eq!(
        doc.published, None,
        "a date header is not a publication date"
    );
    assert_eq!(doc.text.as_bytes(), fs::read(&path).unwrap().as_slice());
    assert_eq!(doc.id, "site_header.txt");
    assert_eq!(doc.source, path.display().to_string());
}

#[test]
fn jsonl_good_truncated_and_malformed_lines() {
    let path = fixture("batch.jsonl");
    let items = read_input(&Input::Path(path.clone()), &IngestOptions::default());
    // 6 non-blank lines: 3 good, 1 truncated, 1 malformed, 1 good without id.
    assert_eq!(items.len(), 5, "{items:#?}");
    let ids: Vec<String> = items
        .iter()
        .map(|r| match r {
            Ok(d) => d.id.clone(),
            Err(f) => format!("ERR {}", f.doc_id),
        })
        .collect();
    assert_eq!(
        ids,
        [
            "rec-1",
            "rec-2",
            "ERR batch.jsonl:4",
            "ERR batch.jsonl:5",
            "batch.jsonl:6"
        ]
    );
    let rec1 = items[0].as_ref().unwrap();
    assert_eq!(rec1.source, "https://news.example/rec-1");
    assert_eq!(rec1.title.as_deref(), Some("Bridge Reopens After Repairs"));
    assert_eq!(
        rec1.text,
        "Bridge Reopens After Repairs\n\nThe old bridge in the fictional town reopened on Monday."
    );
    assert_eq!(
        rec1.published.map(|d| d.to_string()).as_deref(),
        Some("2021-06-01")
    );

    let rec2 = items[1].as_ref().unwrap();
    assert_eq!(
        rec2.published.map(|d| d.to_string()).as_deref(),
        Some("2021-06-02")
    );
    assert!(rec2
        .text
        .contains("The ferry between the two fictional islands resumed"));
    assert!(!rec2.text.contains("Advertisement"));
    assert_eq!(rec2.source, path.display().to_string());

    for item in &items[2..4] {
        let f = item.as_ref().unwrap_err();
        assert!(matches!(f.error, IngestError::Json { .. }), "{f}");
        let msg = f.to_string();
        assert!(msg.starts_with("batch.jsonl:"), "{msg}");
        assert!(!msg.contains('\n'));
    }
    let no_id = items[4].as_ref().unwrap();
    assert_eq!(
        no_id.title.as_deref(),
        Some("Library Extends Opening Hours For Exams")
    );
    assert_eq!(no_id.published, None);
}

#[test]
fn binary_invalid_utf8_and_empty_files_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 5] = [
        ("binary.dat", b"PK\x03\x04\x00\x00binary"),
        ("latin1.txt", b"Caf\xe9 attack\n"),
        ("empty.txt", b""),
        ("blank.txt", b" \n\t \r\n"),
        (
            "good.txt",
            b"Town Hall Roof Repairs Begin Monday\n\nWork starts soon.\n",
        ),
    ];
    for (name, bytes) in cases {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    let inputs: Vec<Input> = expand_inputs(&[dir.path().to_path_buf()])
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let results: Vec<_> = inputs
        .iter()
        .flat_map(|i| read_input(i, &IngestOptions::default()))
        .collect();
    assert_eq!(results.len(), 5);
    // Sorted by name: binary.dat, blank.txt, empty.txt, good.txt, latin1.txt
    let err = |i: usize| &results[i].as_ref().unwrap_err().error;
    assert!(
        matches!(err(0), IngestError::Binary { offset: 4 }),
        "{}",
        err(0)
    );
    assert!(matches!(err(1), IngestError::Empty));
    assert!(matches!(err(2), IngestError::Empty));
    assert_eq!(results[3].as_ref().unwrap().id, "good.txt");
    assert!(
        matches!(err(4), IngestError::InvalidUtf8 { offset: 3 }),
        "{}",
        err(4)
    );
    assert_eq!(
        results[4].as_ref().unwrap_err().to_string(),
        "latin1.txt: invalid UTF-8 at byte offset 3"
    );
}

#[test]
fn oversized_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    // 50 MB, sparse where the file system allows: cheap to make, never read.
    let f = fs::File::create(&path).unwrap();
    f.set_len(50 * 1000 * 1000).unwrap();
    drop(f);
    let err = read_one(&path, &IngestOptions::default()).unwrap_err();
    assert!(
        matches!(
            err,
            IngestError::TooLarge {
                size: 50_000_000,
                limit: 8_388_608
            }
        ),
        "{err}"
    );
    // The limit is configurable.
    let small = IngestOptions {
        max_bytes: 10,
        ..IngestOptions::default()
    };
    let err = read_one(&fixture("site_header.txt"), &small).unwrap_err();
    assert!(
        matches!(err, IngestError::TooLarge { limit: 10, .. }),
        "{err}"
    );
}

#[test]
fn directory_recursion_is_sorted_and_skips_hidden_entries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for sub in ["b_dir", "b_dir/inner", ".hidden_dir"] {
        fs::create_dir_all(root.join(sub)).unwrap();
    }
    for file in [
        "c.txt",
        "a.txt",
        "b_dir/z.txt",
        "b_dir/inner/y.html",
        "b_dir/a.txt",
        ".hidden.txt",
        ".hidden_dir/x.txt",
        "d.jsonl",
    ] {
        fs::write(root.join(file), "Some Words Of Text Here\n").unwrap();
    }
    let missing = root.join("no_such_file.txt");
    let args = vec![
        root.to_path_buf(),
        PathBuf::from("-"),
        missing.clone(),
        root.join("a.txt"),
    ];
    let expanded = expand_inputs(&args);
    let names: Vec<String> = expanded
        .iter()
        .map(|r| match r {
            Ok(Input::Path(p)) => p.strip_prefix(root).unwrap().display().to_string(),
            Ok(Input::Stdin) => "-".to_string(),
            Err(f) => format!("ERR {}", f.doc_id),
        })
        .collect();
    assert_eq!(
        names,
        [
            "a.txt",
            "b_dir/a.txt",
            "b_dir/inner/y.html",
            "b_dir/z.txt",
            "c.txt",
            "d.jsonl",
            "-",
            "ERR no_such_file.txt",
            "a.txt",
        ]
    );
    let f = expanded[7].as_ref().unwrap_err();
    assert!(matches!(f.error, IngestError::Io { .. }));
    assert!(f.to_string().contains("no_such_file.txt"));
    // Reading a path that vanished after expansion is an error for it alone.
    let gone = read_input(&Input::Path(missing), &IngestOptions::default());
    assert!(matches!(
        gone[0].as_ref().unwrap_err().error,
        IngestError::Io { .. }
    ));
}

#[test]
fn pasted_documents() {
    let opts = IngestOptions::default();
    let html = fs::read_to_string(fixture("article_meta.html")).unwrap();
    let doc = document_from_str("pasted", "-", Format::Auto, &html, &opts).unwrap();
    assert_eq!(
        doc.published.map(|d| d.to_string()).as_deref(),
        Some("2021-03-04")
    );
    let rec = r#"{"id": "r9", "text": "Harbour Wall Repairs Finish Early\nDone."}"#;
    let doc = document_from_str("pasted", "-", Format::Jsonl, rec, &opts).unwrap();
    assert_eq!(doc.id, "r9");
    assert_eq!(doc.text, "Harbour Wall Repairs Finish Early\nDone.");
    let err = document_from_str("pasted", "-", Format::Text, "  \n ", &opts).unwrap_err();
    assert!(matches!(err, IngestError::Empty));
}

#[test]
fn streams_are_sniffed_and_limited() {
    let opts = IngestOptions {
        max_bytes: 64,
        ..IngestOptions::default()
    };
    let jsonl = "{\"id\": \"s1\", \"text\": \"Short Line Of Text\"}\n{broken\n";
    let items = read_from(jsonl.as_bytes(), "stdin", "-", Format::Auto, &opts);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().id, "s1");
    assert_eq!(items[1].as_ref().unwrap_err().doc_id, "stdin:2");

    let text = "Plain Words Arrive On Standard Input\n";
    let items = read_from(text.as_bytes(), "stdin", "-", Format::Auto, &opts);
    let doc = items[0].as_ref().unwrap();
    assert_eq!(
        (doc.id.as_str(), doc.source.as_str(), doc.text.as_str()),
        ("stdin", "-", text)
    );

    // No size is known up front for a stream: the limit is enforced while reading.
    let big = "word ".repeat(100);
    let items = read_from(big.as_bytes(), "stdin", "-", Format::Auto, &opts);
    assert!(matches!(
        items[0].as_ref().unwrap_err().error,
        IngestError::TooLarge {
            size: 65,
            limit: 64
        }
    ));
}

/// WikiEvents records use `doc_id`; their `text` is kept verbatim.
#[test]
fn wikievents_jsonl_is_read_verbatim() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = [
        manifest.join("../../../shared/data/wikievents/dev.jsonl"),
        manifest.join("../../../../shared/data/wikievents/dev.jsonl"),
    ]
    .into_iter()
    .find(|p| p.is_file())
    .expect("shared/data/wikievents/dev.jsonl not found next to the repository");
    let raw = fs::read_to_string(&path).unwrap();
    let expected: Vec<(String, String)> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["doc_id"].as_str().unwrap().to_string(),
                v["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let items = read_input(&Input::Path(path), &IngestOptions::default());
    assert_eq!(items.len(), expected.len());
    for (item, (id, text)) in items.iter().zip(&expected) {
        let doc = item.as_ref().unwrap();
        assert_eq!(&doc.id, id);
        assert_eq!(&doc.text, text);
    }
}

/// The shared seed articles (real reports) are read byte for byte.
#[test]
fn seeds_are_read_byte_identical() {
    // CI lays the repository next to shared/; a git worktree under wt/ sits one level deeper.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = [
        manifest.join("../../../shared/seeds"),
        manifest.join("../../../../shared/seeds"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
    .expect("shared/seeds not found next to the repository");
    let inputs: Vec<Input> = expand_inputs(std::slice::from_ref(&seeds))
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(inputs.len(), 5);
    let opts = IngestOptions::default();
    let mut titles = Vec::new();
    for input in &inputs {
        let Input::Path(path) = input else {
            panic!("not a path")
        };
        let mut items = read_input(input, &opts);
        assert_eq!(items.len(), 1);
        let doc = items.remove(0).unwrap();
        assert_eq!(doc.text.as_bytes(), fs::read(path).unwrap().as_slice());
        assert_eq!(doc.id, path.file_name().unwrap().to_string_lossy());
        assert_eq!(
            doc.published, None,
            "plain text is dated only by --published"
        );
        titles.push(doc.title.unwrap_or_default());
    }
    // 001 starts with a section name and repeats its headline; 002 starts with a
    // temperature, a city and a date line.
    assert_eq!(
        titles[1],
        "ISIS Gives Call For More ‘Lone Wolves’ Attacks Worldwide in Latest Message"
    );
    assert_eq!(
        titles[2],
        "Jihadis Applaud London Jihadi Attack After ISIS Claims Responsibility"
    );
    assert_eq!(
        titles[0],
        "Paris Terrorist Recorded Pledge of Allegiance to ISIS Before Attack"
    );
}

#[test]
fn html_with_inline_link_prompts_and_json_ld_date() {
    let doc = read_one(&fixture("messy_article.html"), &IngestOptions::default()).unwrap();
    assert_eq!(
        doc.title.as_deref(),
        Some("Checkpoint Shooting Leaves Two Guards Wounded")
    );
    assert_eq!(
        doc.published.map(|d| d.to_string()).as_deref(),
        Some("2023-09-14")
    );
    for kept in [
        "Two security guards were wounded when a gunman opened fire",
        "The attacker fled in a car",
        "Both guards were taken to hospital",
        "The regional governor called the shooting a \"cowardly act\"",
    ] {
        assert!(doc.text.contains(kept), "lost {kept:?}");
    }
    for gone in [
        "RELATED",
        "Read more",
        "Advertisement",
        "Share on",
        "Sign up",
        "Sign in",
        "is a correspondent",
        "Be the first to comment",
        "Thursday, September 14, 2023",
    ] {
        assert!(!doc.text.contains(gone), "kept boilerplate {gone:?}");
    }
}
