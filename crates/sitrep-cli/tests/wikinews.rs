//! The invented-incident guard on a general news feed: the 294 Wikinews articles in
//! `../shared/data/wikinews` (CC BY 2.5, read from there, never copied), scored against
//! `../shared/gold/wikinews.jsonl`. Of the articles whose gold has no primary incident
//! (accidents, disasters, politics, sport…), at least 97 % must get none from sitrep.

use sitrep_ingest::{read_input, IngestOptions, Input};
use std::path::PathBuf;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel)
}

#[test]
fn a_general_news_feed_gets_no_invented_primary_incidents() {
    let articles = shared("data/wikinews/articles.jsonl");
    let gold_path = shared("gold/wikinews.jsonl");
    let gold_text = std::fs::read_to_string(&gold_path)
        .unwrap_or_else(|e| panic!("{} is needed: {e}", gold_path.display()));
    let gold = sitrep_eval::gold::parse_gold("wikinews.jsonl", &gold_text).unwrap();
    let ex = sitrep_pipeline::default_extractor();
    let records: Vec<_> = read_input(&Input::Path(articles.clone()), &IngestOptions::default())
        .into_iter()
        .map(|d| ex.extract(&d.expect("every Wikinews article reads")))
        .collect();
    assert_eq!(records.len(), 294, "{}", articles.display());
    let report = sitrep_eval::gold::score(&gold, &records);
    let (invented, without) = report.invented;
    assert_eq!(without, 279);
    assert!(
        invented * 100 <= without * 3,
        "{invented} of {without} articles without an attack got a primary incident"
    );
    // and the articles that do report an attack keep theirs
    let (found, with) = report.primary;
    assert!(found * 10 >= with * 7, "primary found in {found} of {with}");
}
