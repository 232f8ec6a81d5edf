//! The committed accurate tier on the real encoder: it loads, it finds role fillers in a
//! made-up report with exact spans, and `sitrep extract`'s proposer quotes them. Needs
//! `scripts/fetch-encoder.sh` (run by `scripts/test.sh`); fails, naming what is missing,
//! without it.

use sitrep_accurate::{default_model_dir, AccurateModel, AccurateRoles};
use sitrep_muc4::Role;
use sitrep_pipeline::RoleProposer;

const TEXT: &str = "Urban guerrillas of the Revolutionary Front exploded a car bomb outside \
    the courthouse of a provincial town on Tuesday, killing judge Mario Esteban Ruiz and \
    wounding two of his guards, police said. The Revolutionary Front claimed the attack.";

fn load() -> AccurateModel {
    let enc = sitrep_encoder::default_dir();
    assert!(
        enc.join("tokenizer.json").is_file(),
        "encoder weights missing in {}: run scripts/fetch-encoder.sh",
        enc.display()
    );
    AccurateModel::load(&enc, &default_model_dir()).expect("the committed accurate tier loads")
}

#[test]
fn the_committed_tier_finds_fillers_with_exact_spans() {
    let m = load();
    let out = m.predict(TEXT).unwrap();
    assert!(!out.is_empty(), "no template for a bombing report");
    assert!(
        out.iter().any(|t| t.incident_type.contains("bombing")),
        "{out:?}"
    );
    let mut roles = Vec::new();
    for t in &out {
        for (r, ents) in t.roles.iter().enumerate() {
            for mention in ents.iter().flatten() {
                let s = mention.span.expect("span");
                assert_eq!(&TEXT[s.start..s.end], mention.text);
                roles.push((r, mention.text.to_lowercase()));
            }
        }
    }
    let has = |role: Role, w: &str| {
        roles
            .iter()
            .any(|(r, t)| *r == role.index() && t.contains(w))
    };
    assert!(has(Role::Weapon, "bomb"), "{roles:?}");
    assert!(has(Role::Victim, "ruiz"), "{roles:?}");
}

#[test]
fn the_proposer_quotes_the_text() {
    let p = AccurateRoles::new(load());
    let props = p.propose(TEXT);
    assert!(!props.is_empty());
    for x in &props {
        assert!(TEXT.get(x.span.start..x.span.end).is_some());
    }
    assert_eq!(p.failures(), 0);
}

#[test]
fn extract_scores_candidates_as_the_extractor_does() {
    // `sitrep extract --tier accurate` proposes the extractor's candidates with the
    // probabilities its templates are decided on: the encoder's evidence included.
    let m = load();
    let ev = m.evidence(TEXT).expect("evidence");
    let analysis = m.muc4.analyse_with(TEXT, Some(&ev));
    let mut want: Vec<(String, String, f32)> = analysis
        .candidates()
        .into_iter()
        .map(|(n, r, p)| (n.to_string(), r.key().to_string(), p))
        .collect();
    let mut got: Vec<(String, String, f32)> = m
        .muc4
        .scored_candidates_with(TEXT, Some(&ev))
        .into_iter()
        .map(|(c, r, p)| (c.norm, r.key().to_string(), p))
        .collect();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!want.is_empty());
    assert_eq!(got, want);
}
