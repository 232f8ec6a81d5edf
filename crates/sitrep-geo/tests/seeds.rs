//! Runs the finder and resolver over the real seed articles in `shared/seeds`
//! (read at run time, never copied): every span must be an exact slice, and a
//! few places a reader of those articles can check must come out right.

use std::path::PathBuf;

use sitrep_geo::Gazetteer;

/// `shared/` next to the repository (CI), or one level further up (a worktree).
fn shared_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SITREP_SHARED") {
        return Some(PathBuf::from(p));
    }
    let m = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["../../../shared", "../../../../shared"]
        .iter()
        .map(|r| m.join(r))
        .find(|p| p.is_dir())
}

#[test]
fn seeds_have_exact_spans_and_expected_places() {
    let dir =
        shared_dir().expect("../shared not found next to the repository (or set SITREP_SHARED)");
    let g = Gazetteer::global();
    assert!(g.load_error().is_none());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("seeds"))
        .expect("seeds dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut all = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read seed");
        let ms = g.find_places(&text);
        for m in &ms {
            assert_eq!(
                m.span.slice(&text),
                Some(m.text.as_str()),
                "{}: {m:?}",
                f.display()
            );
        }
        let rs = g.resolve(&text, &ms);
        for r in &rs {
            assert_eq!(
                r.span.slice(&text),
                Some(r.text.as_str()),
                "{}: {r:?}",
                f.display()
            );
            assert!(r.lat.abs() <= 90.0 && r.lon.abs() <= 180.0);
            assert_eq!(r.country_code.len(), 2);
        }
        all.extend(
            rs.into_iter()
                .map(|r| (r.text, r.kind, r.country_code, r.demonym)),
        );
    }
    let has = |name: &str, cc: &str| all.iter().any(|(t, _, c, d)| t == name && c == cc && !d);
    // Places named in the seed articles (checked by reading them).
    for (name, cc) in [
        ("Magnanville", "FR"),
        ("Beer Sheva", "IL"),
        ("Hadera", "IL"),
        ("Orlando", "US"),
        ("Moscow", "RU"),
        ("Birmingham", "GB"),
    ] {
        assert!(has(name, cc), "{name} → {cc} missing");
    }
    // Words that are never places in these articles.
    for not_place in ["May", "Police", "Theresa", "Sunday", "Parliament"] {
        assert!(
            !all.iter().any(|(t, ..)| t == not_place),
            "{not_place} taken as a place"
        );
    }
}
