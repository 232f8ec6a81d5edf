//! One short fictional text per extraction decision, run through the whole pipeline:
//! each test shows the decision on its own example (and fails without it).

mod common;
use common::{extract_checked, primary};
use sitrep_core::{DocumentRecord, PartialDate};
use sitrep_ingest::{document_from_str, Format, IngestOptions};

fn run(text: &str) -> DocumentRecord {
    run_published(text, None)
}

fn run_published(text: &str, published: Option<&str>) -> DocumentRecord {
    let opts = IngestOptions {
        published: published.map(|d| d.parse::<PartialDate>().unwrap()),
        ..IngestOptions::default()
    };
    let doc = document_from_str("t.txt", "t.txt", Format::Auto, text, &opts).unwrap();
    extract_checked(&sitrep_pipeline::default_extractor(), &doc)
}

fn perps_killed(r: &DocumentRecord) -> Option<bool> {
    primary(r).perpetrators_killed.as_ref().map(|l| l.value)
}

#[test]
fn a_suicide_bombing_kills_its_bomber() {
    let r = run("Suicide bomber kills six at Kandahar checkpoint\n\nA suicide bomber struck a police checkpoint in Kandahar on Monday, killing six officers, officials said.\n");
    assert_eq!(perps_killed(&r), Some(true));
}

#[test]
fn a_would_be_suicide_bomber_is_no_death() {
    let r = run("Police stop bomb attack in Kandahar\n\nA would-be suicide bomber attacked a police checkpoint in Kandahar on Monday, wounding two officers, officials said.\n");
    assert_ne!(perps_killed(&r), Some(true));
}

#[test]
fn gunmen_who_fled_were_not_killed() {
    let r = run("Gunmen kill official in Mogadishu\n\nGunmen shot dead a district official in Mogadishu on Tuesday. The gunmen fled the scene, police said.\n");
    assert_eq!(perps_killed(&r), Some(false));
}
