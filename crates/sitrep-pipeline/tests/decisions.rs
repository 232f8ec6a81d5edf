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

fn run_record(title: &str, text: &str) -> DocumentRecord {
    let line =
        serde_json::json!({"id": "r1", "title": title, "published": "2019-01-05", "text": text})
            .to_string();
    let docs = sitrep_ingest::read_from(
        std::io::Cursor::new(line.into_bytes()),
        "r.jsonl",
        "r.jsonl",
        Format::Jsonl,
        &IngestOptions::default(),
    );
    let doc = docs.into_iter().next().unwrap().unwrap();
    extract_checked(&sitrep_pipeline::default_extractor(), &doc)
}

#[test]
fn a_title_kept_outside_the_text_still_names_the_report_s_attack() {
    // The text opens on a date line; the title (metadata) names the attack and its town.
    let r = run_record(
        "Bomb kills four at market in Kandahar",
        "Saturday, January 5, 2019\n\nA bomb exploded at a crowded market in Kandahar yesterday, killing four people, police said.\n",
    );
    let p = primary(&r);
    assert_eq!(
        p.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Kandahar")
    );
}

#[test]
fn deaths_in_a_fire_an_outbreak_or_a_storm_are_no_attack() {
    for (title, text) in [
        (
            "Fire kills five at Kandahar hostel",
            "Saturday, January 5, 2019\n\nA fire yesterday afternoon killed five students at a hostel in Kandahar, officials said.\n",
        ),
        (
            "Measles outbreak in Kandahar",
            "Saturday, January 5, 2019\n\nThe measles outbreak that had, by official reports, infected over 4,000 people in Kandahar since October has killed at least 62.\n",
        ),
    ] {
        let r = run_record(title, text);
        assert!(
            r.incidents.iter().all(|i| !i.primary),
            "{title}: {:?}",
            r.incidents
        );
    }
}

fn targets(r: &DocumentRecord) -> Vec<sitrep_core::TargetType> {
    primary(r).target_types.iter().map(|t| t.value).collect()
}

#[test]
fn people_killed_at_a_named_target_are_that_target_s() {
    use sitrep_core::TargetType;
    let r = run("Church bombing kills 20 in Kandahar\n\nA bomb exploded at a church in Kandahar on Sunday, killing 20 people, officials said.\n");
    assert_eq!(targets(&r), vec![TargetType::ReligiousFiguresInstitutions]);
    // with no other target named, the people killed are private citizens
    let r = run("Bombing kills 20 in Kandahar\n\nA bomb exploded in Kandahar on Sunday, killing 20 people, officials said.\n");
    assert_eq!(targets(&r), vec![TargetType::PrivateCitizensProperty]);
}
