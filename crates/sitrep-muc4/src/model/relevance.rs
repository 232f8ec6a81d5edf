//! Features of the stacked document decisions (template count, incident types): logistic
//! classifiers over the document classifier's probabilities and the candidate classifier's
//! confidences (both cross-fitted on train, so that the stackers learn how far to trust them
//! on unseen text). [`rel_features`] was also tried on its own as a relevance stacker; it lost
//! on dev to the document classifier's relevance probability, and is kept as the shared base
//! of the other feature sets.

use super::text::{fnv, trigger_group, Token};

/// Cut points of the cumulative probability indicators.
pub(crate) const CUTS: [(f32, &str); 11] = [
    (0.05, "05"),
    (0.1, "10"),
    (0.2, "20"),
    (0.3, "30"),
    (0.4, "40"),
    (0.5, "50"),
    (0.6, "60"),
    (0.7, "70"),
    (0.8, "80"),
    (0.9, "90"),
    (0.95, "95"),
];

fn count_bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        _ => "5+",
    }
}

/// Hashed evidence features of a document: how relevant and how well-filled it looks.
///
/// `probs` are the document classifier's outputs (relevant, then the incident types);
/// `scored` holds, per candidate entity, its best role (0..5) and that role's probability.
/// Probabilities enter as cumulative indicators (`p >= cut`), so that the linear model can
/// learn a monotone piecewise-constant response to each.
pub fn rel_features(probs: &[f32], scored: &[(usize, f32)]) -> Vec<u64> {
    let mut f = vec![fnv(&["bias"])];
    let cum = |name: &str, extra: &str, p: f32, f: &mut Vec<u64>| {
        for (c, s) in CUTS {
            if p >= c {
                f.push(fnv(&[name, extra, s]));
            }
        }
    };
    let rel = probs.first().copied().unwrap_or(0.0);
    cum("rel", "", rel, &mut f);
    let max_type = probs.iter().skip(1).copied().fold(0f32, f32::max);
    cum("type", "", max_type, &mut f);
    let max_cand = scored.iter().map(|s| s.1).fold(0f32, f32::max);
    cum("cand", "", max_cand, &mut f);
    let roles = ["0", "1", "2", "3", "4"];
    for (r, name) in roles.iter().enumerate() {
        let m = scored
            .iter()
            .filter(|s| s.0 == r)
            .map(|s| s.1)
            .fold(0f32, f32::max);
        cum("role", name, m, &mut f);
        for (th, tn) in [(0.3f32, "30"), (0.5, "50")] {
            let n = scored.iter().filter(|s| s.0 == r && s.1 >= th).count();
            f.push(fnv(&["n", name, tn, count_bucket(n)]));
        }
    }
    let strong = scored.iter().filter(|s| s.1 >= 0.5).count();
    f.push(fnv(&["strong", count_bucket(strong)]));
    f
}

/// Features of the template-count classifier (does the document report two or more incidents
/// of its main type?): the relevance features plus how the incident words spread over the
/// text (sentences with event triggers, distinct trigger groups and words).
pub fn multi_features(probs: &[f32], scored: &[(usize, f32)], toks: &[Token]) -> Vec<u64> {
    let mut f = rel_features(probs, scored);
    let mut sents: Vec<usize> = Vec::new();
    let mut groups: Vec<&str> = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for t in toks {
        let Some(g) = trigger_group(&t.lower) else {
            continue;
        };
        if matches!(g, "claim" | "perp" | "by") {
            continue;
        }
        if !sents.contains(&t.sent) {
            sents.push(t.sent);
        }
        if !groups.contains(&g) {
            groups.push(g);
        }
        if !words.contains(&t.lower.as_str()) {
            words.push(t.lower.as_str());
        }
    }
    f.push(fnv(&["m_sents", count_bucket(sents.len())]));
    f.push(fnv(&["m_groups", count_bucket(groups.len())]));
    f.push(fnv(&["m_words", count_bucket(words.len())]));
    for g in &groups {
        f.push(fnv(&["m_group", g]));
    }
    let n_sent = toks.last().map(|t| t.sent + 1).unwrap_or(0);
    f.push(fnv(&["m_len", count_bucket(n_sent / 4)]));
    f
}

/// Features of the incident-type stacker: the document classifier's type probabilities,
/// the trigger spread of [`multi_features`], and the head words of the candidates the
/// candidate classifier believes in (a weapon "dynamite" points to a bombing).
pub fn type_features(
    probs: &[f32],
    scored: &[(usize, f32)],
    heads: &[&str],
    toks: &[Token],
) -> Vec<u64> {
    let mut f = multi_features(probs, scored, toks);
    let names = ["t0", "t1", "t2", "t3", "t4", "t5"];
    for (k, name) in names.iter().enumerate() {
        let p = probs.get(k + 1).copied().unwrap_or(0.0);
        for (c, s) in CUTS {
            if p >= c {
                f.push(fnv(&["type", name, s]));
            }
        }
    }
    let roles = ["0", "1", "2", "3", "4"];
    for ((r, p), h) in scored.iter().zip(heads) {
        if *p >= 0.3 {
            if let Some(rn) = roles.get(*r) {
                f.push(fnv(&["chead", rn, h]));
            }
        }
    }
    f.sort_unstable();
    f.dedup();
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_grow_with_confidence() {
        let low = rel_features(&[0.1, 0.1], &[(3, 0.1)]);
        let high = rel_features(&[0.9, 0.8], &[(3, 0.9), (2, 0.7)]);
        assert!(high.len() > low.len());
        // Cumulative indicators: every low-probability indicator is also present when high.
        let cut = fnv(&["rel", "", "05"]);
        assert!(low.contains(&cut) && high.contains(&cut));
        assert!(!low.contains(&fnv(&["rel", "", "50"])));
        assert!(high.contains(&fnv(&["rel", "", "50"])));
    }

    #[test]
    fn type_features_keep_heads_of_believed_candidates_only() {
        let toks = crate::model::text::tokenize("dynamite exploded near the bank.");
        let f = type_features(
            &[0.9, 0.1, 0.8],
            &[(4, 0.9), (2, 0.1)],
            &["dynamite", "bank"],
            &toks,
        );
        assert!(f.contains(&fnv(&["chead", "4", "dynamite"])));
        assert!(!f.contains(&fnv(&["chead", "2", "bank"])));
        assert!(f.contains(&fnv(&["type", "t1", "50"])));
        assert!(!f.contains(&fnv(&["type", "t0", "50"])));
    }

    #[test]
    fn multi_features_count_trigger_sentences() {
        let toks = crate::model::text::tokenize("a bomb exploded. two men were killed. rain.");
        let f = multi_features(&[0.9], &[], &toks);
        assert!(f.contains(&fnv(&["m_sents", "2"])));
        assert!(f.contains(&fnv(&["m_group", "kill"])));
        let none = multi_features(&[0.9], &[], &crate::model::text::tokenize("rain."));
        assert!(none.contains(&fnv(&["m_sents", "0"])));
    }
}
