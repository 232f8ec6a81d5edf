//! Trains the accurate tier on a small slice of MUC-4 train with the real encoder, and
//! checks that the result works. Needs the encoder weights (`scripts/fetch-encoder.sh`,
//! which `scripts/test.sh` runs first) and ../shared/data/muc4: without them it fails with
//! the reason, it does not skip.

use std::path::PathBuf;

use sitrep_accurate::{train_and_tune, AccurateTrainConfig, HeadConfig};
use sitrep_muc4::model::tagger::{b_tag, i_tag};
use sitrep_muc4::model::text::tokenize;
use sitrep_muc4::{Role, TrainConfig};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/muc4")
}

#[test]
fn a_small_slice_trains_a_working_accurate_tier() {
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
    let cache = std::env::temp_dir().join(format!("sitrep-acc-test-{}", std::process::id()));
    let cfg = AccurateTrainConfig {
        data_dir: data_dir(),
        encoder_dir: enc_dir.clone(),
        cache_dir: cache.clone(),
        head: HeadConfig {
            epochs: 3,
            ..HeadConfig::default()
        },
        muc4: TrainConfig {
            epochs: 5,
            ..TrainConfig::default()
        },
        limit: Some(60),
        tune: false,
    };
    let ((head, doc_head, muc4), summary) = train_and_tune(&cfg).expect("training");
    assert!(
        summary.encode_secs > 0.0,
        "the slice was encoded, not read from a stale cache"
    );
    // The trained head, on an unseen made-up report, puts the victim role on the victim's
    // name more than on the function words around it.
    let encoder = sitrep_encoder::Encoder::load(&enc_dir).expect("encoder");
    let text = "urban guerrillas murdered peasant leader jose maria quintanilla in a village \
                near san salvador, the army said.";
    let pieces = encoder.pieces(text).unwrap();
    let e = encoder
        .encode_pieces(&pieces, &sitrep_accurate::LAYERS)
        .unwrap();
    let toks = tokenize(text);
    let x = sitrep_accurate::align::token_vectors(&e, &toks);
    let probs = head.probs(&x).unwrap();
    assert_eq!(probs.len(), toks.len());
    for p in &probs {
        let s: f32 = p.iter().sum();
        assert!((s - 1.0).abs() < 1e-3, "probabilities sum to {s}");
    }
    let role = |w: &str, r: Role| {
        let i = toks.iter().position(|t| t.lower == w).unwrap();
        probs[i][b_tag(r.index())] + probs[i][i_tag(r.index())]
    };
    assert!(
        role("quintanilla", Role::Victim) > role("the", Role::Victim),
        "victim name {} vs 'the' {}",
        role("quintanilla", Role::Victim),
        role("the", Role::Victim)
    );
    // The extractor trained with that evidence produces templates with exact spans.
    let model = sitrep_accurate::AccurateModel {
        encoder,
        head,
        doc_head,
        muc4,
    };
    let out = model.predict(text).expect("predict");
    for t in &out {
        for ents in &t.roles {
            for m in ents.iter().flatten() {
                let span = m.span.expect("the tier keeps spans");
                assert_eq!(&text[span.start..span.end], m.text);
            }
        }
    }
    // Saved and loaded, it gives the same output.
    let dir = cache.join("model");
    let sitrep_accurate::AccurateModel {
        encoder: _,
        head,
        doc_head,
        muc4,
    } = model;
    let trained = (head, doc_head, muc4);
    sitrep_accurate::train::save(&trained, &dir).unwrap();
    let again = sitrep_accurate::AccurateModel::load(&enc_dir, &dir).unwrap();
    assert_eq!(again.predict(text).unwrap(), out);
    let _ = std::fs::remove_dir_all(&cache);
}
