//! Training on a small slice of the MUC-4 train split produces a working, deterministic
//! model whose predictions quote the input text exactly and survive a save/load round trip.

use sitrep_muc4::*;

use std::sync::OnceLock;

fn build() -> Result<(Vec<Muc4Doc>, Muc4Model), Muc4Error> {
    let docs: Vec<Muc4Doc> = load_templates(&default_data_dir(), Split::Train)?
        .into_iter()
        .take(160)
        .collect();
    let cfg = TrainConfig {
        epochs: 4,
        doc_epochs: 8,
        ..TrainConfig::default()
    };
    let model = train(&docs, &cfg)?;
    Ok((docs, model))
}

/// One model shared by the tests of this file (training it is the slow part).
fn slice_model() -> Result<&'static (Vec<Muc4Doc>, Muc4Model), Muc4Error> {
    static MODEL: OnceLock<Result<(Vec<Muc4Doc>, Muc4Model), String>> = OnceLock::new();
    MODEL
        .get_or_init(|| build().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Muc4Error::Invalid(e.clone()))
}

/// `m` written to bytes and read back.
fn reloaded(m: &Muc4Model) -> Result<Muc4Model, Muc4Error> {
    let mut buf = Vec::new();
    m.save(&mut buf)?;
    Muc4Model::load(buf.as_slice())
}

#[test]
fn small_slice_trains_a_working_model() -> Result<(), Muc4Error> {
    let (docs, model) = slice_model()?;
    // Deterministic: the same data and settings give the same model.
    let again = train(
        docs,
        &TrainConfig {
            epochs: 4,
            doc_epochs: 8,
            ..TrainConfig::default()
        },
    )?;
    assert!(&again == model, "training is not deterministic");

    // It fits what it was trained on far better than predicting nothing.
    let preds = model.predict_docs(docs)?;
    let report = score_gtt(docs, &preds)?;
    assert!(
        report.micro_f1() > 30.0,
        "training-slice GTT F1 only {:.2}\n{report}",
        report.micro_f1()
    );

    // Every predicted mention quotes the text at its span.
    let mut n_mentions = 0;
    for d in docs {
        for t in model.predict(&d.doctext) {
            for role in ROLES {
                for e in t.role(role) {
                    for m in e {
                        let span = m.span.ok_or_else(|| Muc4Error::Invalid("no span".into()))?;
                        assert_eq!(span.slice(&d.doctext), Some(m.text.as_str()));
                        n_mentions += 1;
                    }
                }
            }
        }
    }
    assert!(n_mentions > 50, "only {n_mentions} mentions predicted");

    // Save / load round trip keeps the predictions.
    let mut buf = Vec::new();
    model.save(&mut buf)?;
    let loaded = Muc4Model::load(buf.as_slice())?;
    for d in docs.iter().take(40) {
        assert_eq!(loaded.predict(&d.doctext), model.predict(&d.doctext));
    }
    assert!(Muc4Model::load(&b"not a model"[..]).is_err());
    assert!(Muc4Model::load(&buf[..buf.len() / 2]).is_err());
    Ok(())
}

#[test]
fn mixed_case_input_gives_the_same_entities_with_original_spans() -> Result<(), Muc4Error> {
    let (docs, model) = slice_model()?;
    for d in docs.iter().filter(|d| !d.templates.is_empty()).take(20) {
        // Upper-case every other word: features are lowercased, so the output must match.
        let mixed: String = d
            .doctext
            .split(' ')
            .enumerate()
            .map(|(i, w)| {
                if i % 2 == 0 {
                    w.to_uppercase()
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let a = model.predict(&d.doctext);
        let b = model.predict(&mixed);
        assert_eq!(a.len(), b.len());
        for (ta, tb) in a.iter().zip(&b) {
            assert_eq!(ta.incident_type, tb.incident_type);
            for role in ROLES {
                let na: Vec<String> = ta
                    .role(role)
                    .iter()
                    .map(|e| normalize(&e[0].text))
                    .collect();
                let nb: Vec<String> = tb
                    .role(role)
                    .iter()
                    .map(|e| normalize(&e[0].text))
                    .collect();
                assert_eq!(na, nb);
                for e in tb.role(role) {
                    let span = e[0]
                        .span
                        .ok_or_else(|| Muc4Error::Invalid("no span".into()))?;
                    assert_eq!(span.slice(&mixed), Some(e[0].text.as_str()));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn empty_and_odd_inputs_do_not_panic() -> Result<(), Muc4Error> {
    let (_, model) = slice_model()?;
    for text in [
        "",
        " ",
        "...",
        "Ñandú 💥 bomba!!",
        "a\u{0}b",
        &"x ".repeat(5000),
    ] {
        let _ = model.predict(text);
    }
    assert!(train(&[], &TrainConfig::default()).is_err());
    Ok(())
}

#[test]
fn committed_model_loads_and_keeps_its_scores() -> Result<(), Muc4Error> {
    let model = Muc4Model::load_file(&default_model_path())?;
    let e = evaluate(&model, &Gold::load(&default_data_dir(), Split::Test)?)?;
    // The numbers in docs/benchmarks.md (GTT 45.13, CEAF-REE 46.82), to 2 decimals.
    assert!((e.gtt.micro_f1() - 45.13).abs() < 0.005, "{}", e.gtt);
    assert!(
        (e.ceaf_ree.micro_f1() - 46.82).abs() < 0.005,
        "{}",
        e.ceaf_ree
    );
    Ok(())
}

/// Training documents after the slice, with their role fillers, as a stand-in for dev.
fn held_out(from: usize, n: usize) -> Result<Gold, Muc4Error> {
    Ok(Gold::load(&default_data_dir(), Split::Train)?.subset(|i| i >= from && i < from + n))
}

#[test]
fn tuning_on_pooled_parts_scores_their_pooled_predictions() -> Result<(), Muc4Error> {
    let (_, model) = slice_model()?;
    let (a, b) = (held_out(160, 40)?, held_out(200, 40)?);
    // One part is tuning on dev.
    let mut alone = model.clone();
    let best_alone = tune_on_dev_rounds(&mut alone, &a, None, 1)?;
    let mut one = [TunePart {
        model: model.clone(),
        gold: &a,
        extra: None,
    }];
    assert_eq!(tune_parts(&mut one, 1)?, best_alone);
    assert_eq!(one[0].model.decode, alone.decode);
    // Two parts end with one setting, and the objective is that of the pooled predictions.
    let mut two = [
        TunePart {
            model: model.clone(),
            gold: &a,
            extra: None,
        },
        TunePart {
            model: model.clone(),
            gold: &b,
            extra: None,
        },
    ];
    let best = tune_parts(&mut two, 1)?;
    assert_eq!(two[0].model.decode, two[1].model.decode);
    let pooled = Gold {
        templates: a.templates.iter().chain(&b.templates).cloned().collect(),
        role_fillers: a
            .role_fillers
            .iter()
            .chain(&b.role_fillers)
            .cloned()
            .collect(),
    };
    let e = evaluate(&two[0].model, &pooled)?;
    assert!(
        (objective(&e) - best).abs() < 1e-9,
        "{} vs {best}",
        objective(&e)
    );
    // Zero rounds score the setting as it is.
    let mut as_is = [TunePart {
        model: model.clone(),
        gold: &a,
        extra: None,
    }];
    assert!((tune_parts(&mut as_is, 0)? - objective(&evaluate(model, &a)?)).abs() < 1e-9);
    assert!(tune_parts(&mut [], 1).is_err());
    Ok(())
}

#[test]
fn cross_tuning_predicts_every_document_with_the_other_half_s_setting() -> Result<(), Muc4Error> {
    let (_, model) = slice_model()?;
    let dev = held_out(160, 40)?;
    let e = cross_tuned(model, &dev, None, 1)?;
    assert_eq!(e.predictions.len(), dev.templates.len());
    // Each half is predicted by the model tuned on the other half.
    for h in 0..2 {
        let mut m = model.clone();
        tune_on_dev_rounds(&mut m, &dev.subset(|i| i % 2 == h), None, 1)?;
        for d in &dev.subset(|i| i % 2 != h).templates {
            let key = docid_to_key(&d.docid)?;
            assert_eq!(
                e.predictions.get(&key),
                Some(&DocPrediction::from_templates(m.predict(&d.doctext))),
                "{}",
                d.docid
            );
        }
    }
    // Mismatched evidence is refused.
    assert!(cross_tuned(model, &dev, Some(&[]), 1).is_err());
    Ok(())
}

#[test]
fn shared_organisations_reach_every_filled_template_and_are_saved() -> Result<(), Muc4Error> {
    let (docs, model) = slice_model()?;
    // Several templates per document: any second incident type above 0.3.
    let mut model = model.clone();
    model.decode.second_type_threshold = 0.3;
    let mut shared = model.clone();
    shared.decode.share_orgs_min = 1;
    let loaded = reloaded(&shared)?;
    assert_eq!(loaded.decode.share_orgs_min, 1);
    let texts = |t: &PredTemplate| -> Vec<String> {
        let mut v: Vec<String> = t
            .role(Role::PerpOrg)
            .iter()
            .filter_map(|e| e.first().map(|m| m.text.clone()))
            .collect();
        v.sort();
        v
    };
    let mut checked = 0;
    for d in docs.iter() {
        let before = model.predict(&d.doctext);
        let after = loaded.predict(&d.doctext);
        assert_eq!(before.len(), after.len());
        let mut all: Vec<String> = before.iter().flat_map(texts).collect();
        all.sort();
        all.dedup();
        for (b, a) in before.iter().zip(&after) {
            let others = [Role::PerpInd, Role::Target, Role::Victim, Role::Weapon]
                .iter()
                .map(|r| b.role(*r).len())
                .sum::<usize>();
            // Only PerpOrg changes: the other roles and the type stay as they were.
            assert_eq!(a.incident_type, b.incident_type);
            for r in [Role::PerpInd, Role::Target, Role::Victim, Role::Weapon] {
                assert_eq!(a.role(r), b.role(r));
            }
            if before.len() > 1 && others >= 1 {
                assert_eq!(texts(a), all, "{}", d.docid);
                checked += usize::from(texts(b) != all);
            } else {
                assert_eq!(texts(a), texts(b), "{}", d.docid);
            }
        }
    }
    assert!(
        checked > 0,
        "no template of the slice gained an organisation"
    );
    Ok(())
}

#[test]
fn extended_mentions_contain_the_originals_and_are_saved() -> Result<(), Muc4Error> {
    let (docs, model) = slice_model()?;
    let mut extended = model.clone();
    extended.decode.extend_roles = 0b11111;
    let loaded = reloaded(&extended)?;
    assert_eq!(loaded.decode, extended.decode);
    // Saved next to the shared-organisation setting, whichever of the two is set.
    let mut both = extended.clone();
    both.decode.share_orgs_min = 2;
    assert_eq!(reloaded(&both)?.decode, both.decode);
    // A model that uses neither setting writes the file it wrote before they existed:
    // the committed fast-tier model, saved before both, comes back byte for byte.
    let committed = std::fs::read(default_model_path())?;
    let mut again = Vec::new();
    Muc4Model::load(committed.as_slice())?.save(&mut again)?;
    assert!(
        again == committed,
        "the committed model's file changed on a round trip"
    );

    let words = |s: &str| -> Vec<String> { normalize(s).split(' ').map(String::from).collect() };
    let mut changed = 0;
    for d in docs.iter() {
        let before = model.predict(&d.doctext);
        let after = loaded.predict(&d.doctext);
        assert_eq!(before.len(), after.len(), "{}", d.docid);
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(a.incident_type, b.incident_type);
            for r in ROLES {
                // Each written mention is the text's own words and contains those of one
                // mention written without the setting.
                assert!(a.role(r).len() <= b.role(r).len(), "{}", d.docid);
                for e in a.role(r) {
                    let m = &e[0];
                    let span = m.span.expect("mentions keep their offsets");
                    assert_eq!(span.slice(&d.doctext), Some(m.text.as_str()));
                    let w = words(&m.text);
                    let contained = b.role(r).iter().any(|o| {
                        let ow = words(&o[0].text);
                        w.windows(ow.len()).any(|x| x == ow.as_slice())
                    });
                    assert!(contained, "{}: {:?}", d.docid, m.text);
                    changed += usize::from(!b.role(r).iter().any(|o| o[0].text == m.text));
                }
            }
        }
    }
    assert!(changed > 0, "no mention of the slice was extended");
    Ok(())
}
