//! The scorers reproduce the published MUC-4 test results from the released prediction
//! files in `shared/data/muc4/published_predictions` (METRICS_AND_RESULTS.md §7a, §7d).

use sitrep_muc4::*;

fn data() -> std::path::PathBuf {
    default_data_dir()
}

fn f1(r: &Report, key: &str) -> f64 {
    r.get(key).map(|c| c.f1() * 100.0).unwrap_or(-1.0)
}

fn check(r: &Report, expected: &[(&str, f64)]) {
    for (key, want) in expected {
        let got = f1(r, key);
        assert!(
            (got - want).abs() < 0.005,
            "{key}: got {got:.4}, published {want}\n{r}"
        );
    }
}

fn gtt(file: &str) -> Result<Report, Muc4Error> {
    let gold = load_templates(&data(), Split::Test)?;
    let preds = read_predictions(&data().join("published_predictions").join(file))?;
    score_gtt(&gold, &preds)
}

#[test]
fn gtt_scorer_reproduces_gtt_50_23() -> Result<(), Muc4Error> {
    let r = gtt("gtt_test_preds.json")?;
    check(
        &r,
        &[
            ("micro_avg", 50.23),
            ("incident_type", 67.44),
            ("PerpInd", 44.04),
            ("PerpOrg", 41.79),
            ("Target", 32.39),
            ("Victim", 54.12),
            ("Weapon", 59.71),
        ],
    );
    let m = r.micro;
    assert!((m.precision() * 100.0 - 61.69).abs() < 0.005);
    assert!((m.recall() * 100.0 - 42.36).abs() < 0.005);
    assert_eq!(m.r_den, 812, "gold items on test");
    assert_eq!(r.approximate_docs, 0);
    Ok(())
}

#[test]
fn gtt_scorer_reproduces_iterx_t5_53_01() -> Result<(), Muc4Error> {
    let r = gtt("iterx_t5_large_test_preds.json")?;
    check(
        &r,
        &[
            ("micro_avg", 53.01),
            ("incident_type", 68.18),
            ("PerpInd", 43.44),
            ("PerpOrg", 38.24),
            ("Target", 47.51),
            ("Victim", 56.25),
            ("Weapon", 63.96),
        ],
    );
    Ok(())
}

#[test]
fn ceaf_ree_reproduces_grit_54_50() -> Result<(), Muc4Error> {
    let gold = load_role_fillers(&data(), Split::Test)?;
    let preds = read_predictions(&data().join("published_predictions/grit_test_preds.json"))?;
    let r = score_ceaf_ree(&gold, &preds)?;
    check(
        &r,
        &[
            ("micro_avg", 54.50),
            ("PerpInd", 49.55),
            ("PerpOrg", 51.85),
            ("Target", 48.98),
            ("Victim", 67.84),
            ("Weapon", 59.13),
        ],
    );
    assert!((r.micro.precision() * 100.0 - 64.19).abs() < 0.005);
    assert!((r.micro.recall() * 100.0 - 47.36).abs() < 0.005);
    Ok(())
}

#[test]
fn dev_has_731_gold_items() -> Result<(), Muc4Error> {
    let gold = load_templates(&data(), Split::Dev)?;
    let r = score_gtt(&gold, &Predictions::new())?;
    assert_eq!(r.micro.r_den, 731);
    Ok(())
}

#[test]
fn breakdown_by_gold_templates_adds_up_and_shows_where_gtt_loses() -> Result<(), Muc4Error> {
    let gold = load_templates(&data(), Split::Test)?;
    for file in ["gtt_test_preds.json", "iterx_t5_large_test_preds.json"] {
        let preds = read_predictions(&data().join("published_predictions").join(file))?;
        let all = score_gtt(&gold, &preds)?;
        let b = by_gold_templates(&gold, &preds)?;
        let names: Vec<&str> = b.0.iter().map(|g| g.name).collect();
        assert_eq!(names, ["none", "one", "several"]);
        let docs: Vec<usize> = b.0.iter().map(|g| g.docs).collect();
        assert_eq!(docs, [74, 79, 47], "test documents by gold template count");
        let (mut p_num, mut p_den, mut r_num, mut r_den) = (0, 0, 0, 0);
        for g in &b.0 {
            p_num += g.gtt.micro.p_num;
            p_den += g.gtt.micro.p_den;
            r_num += g.gtt.micro.r_num;
            r_den += g.gtt.micro.r_den;
        }
        assert_eq!(
            (p_num, p_den, r_num, r_den),
            (
                all.micro.p_num,
                all.micro.p_den,
                all.micro.r_num,
                all.micro.r_den
            ),
            "{file}: the kinds add up to the whole"
        );
        let none = &b.0[0];
        assert_eq!(none.gold_templates, 0);
        assert_eq!((none.gtt.micro.p_num, none.gtt.micro.r_den), (0, 0));
        assert_eq!(b.0[1].gold_templates, 79);
    }
    // GTT keeps its templates out of the irrelevant documents: one template, two slots.
    let preds = read_predictions(
        &data()
            .join("published_predictions")
            .join("gtt_test_preds.json"),
    )?;
    let b = by_gold_templates(&gold, &preds)?;
    assert_eq!((b.0[0].pred_templates, b.0[0].gtt.micro.p_den), (1, 2));
    assert!((b.0[1].gtt.micro_f1() - 58.44).abs() < 0.005, "{}", b);
    Ok(())
}
