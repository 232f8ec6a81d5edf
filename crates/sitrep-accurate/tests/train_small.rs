//! Trains the accurate tier on a small slice of MUC-4 train with the real
//! encoder, and checks that the results work. Needs the encoder weights
//! (`scripts/fetch-encoder.sh`, which `scripts/test.sh` runs first) and
//! ../shared/data/muc4: without them it fails with the reason, it does not skip.

use std::path::PathBuf;

use sitrep_accurate::{train_and_tune, AccurateModel, AccurateTrainConfig, HeadConfig};
use sitrep_muc4::model::tagger::{b_tag, i_tag};
use sitrep_muc4::model::text::tokenize;
use sitrep_muc4::{Role, TrainConfig};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/muc4")
}

const TEXT: &str = "urban guerrillas murdered peasant leader jose maria quintanilla in a \
                    village near san salvador, the army said.";

/// The model's templates on TEXT, with every mention's span checked against the text.
fn templates_ok(m: &AccurateModel) -> Vec<sitrep_muc4::PredTemplate> {
    let out = m.predict(TEXT).expect("predict");
    for t in &out {
        for ents in &t.roles {
            for mention in ents.iter().flatten() {
                let span = mention.span.expect("the tier keeps spans");
                assert_eq!(&TEXT[span.start..span.end], mention.text);
            }
        }
    }
    out
}

#[test]
fn a_small_slice_trains_a_working_tier_deterministically() {
    let enc_dir = sitrep_encoder::default_dir();
    assert!(
        enc_dir.join("model.safetensors").is_file(),
        "encoder weights missing in {}: run scripts/fetch-encoder.sh",
        enc_dir.display()
    );
    assert!(
        data_dir().is_dir(),
        "MUC-4 data missing at {}",
        data_dir().display()
    );
    let tmp = std::env::temp_dir().join(format!("sitrep-acc-test-{}", std::process::id()));
    let cfg = AccurateTrainConfig {
        data_dir: data_dir(),
        encoder_dir: enc_dir.clone(),
        cache_dir: tmp.join("cache"),
        head: HeadConfig {
            epochs: 3,
            ..HeadConfig::default()
        },
        sent: HeadConfig {
            epochs: 3,
            ..sitrep_accurate::sent::default_config()
        },
        folds: 3,
        muc4: TrainConfig {
            epochs: 5,
            ..TrainConfig::default()
        },
        limit: Some(40),
        tune: false,
    };

    let (trained, summary) = train_and_tune(&cfg).expect("training");
    assert!(
        summary.encode_secs > 0.0,
        "the slice was encoded, not read from a stale cache"
    );
    let dir = tmp.join("frozen");
    sitrep_accurate::train::save(&trained, &dir).unwrap();
    let frozen = AccurateModel::load(&enc_dir, &dir).unwrap();
    let ev = frozen.evidence(TEXT).unwrap();
    let toks = tokenize(TEXT);
    assert_eq!(ev.tags.len(), toks.len());
    for p in &ev.tags {
        let s: f32 = p.iter().sum();
        assert!((s - 1.0).abs() < 1e-3, "probabilities sum to {s}");
    }
    // The head puts the victim role on the victim's name more than on a function word.
    let role = |tags: &[[f32; 11]], w: &str, r: Role| {
        let i = toks.iter().position(|t| t.lower == w).unwrap();
        tags[i][b_tag(r.index())] + tags[i][i_tag(r.index())]
    };
    assert!(role(&ev.tags, "quintanilla", Role::Victim) > role(&ev.tags, "the", Role::Victim));
    let out = templates_ok(&frozen);
    // Reloaded, it gives the same output.
    let again = AccurateModel::load(&enc_dir, &dir).unwrap();
    assert_eq!(templates_ok(&again), out);

    // Trained again, on the cache the first run wrote: the same heads.
    let (trained, summary) = train_and_tune(&cfg).expect("training again");
    assert_eq!(summary.encode_secs, 0.0, "the cache was reused");
    let dir = tmp.join("again");
    sitrep_accurate::train::save(&trained, &dir).unwrap();
    let second = AccurateModel::load(&enc_dir, &dir).unwrap();
    assert_eq!(second.evidence(TEXT).unwrap(), ev);
    assert_eq!(templates_ok(&second), out);
    let _ = std::fs::remove_dir_all(&tmp);
}
