//! Encoder evidence for the learned extractor (the accurate tier): per-token tag
//! probabilities from a head over a pretrained encoder, turned into hashed features that
//! the tagger and the candidate classifier weigh like any other. Without it, the model is
//! the fast tier, feature for feature.

use super::doc::N_OUT;
use super::tagger::{b_tag, i_tag, N_ROLES, N_TAGS};
use super::text::fnv;

/// Tag probabilities (O, then B/I per role) of every token of a document.
pub type TagProbs = Vec<[f32; N_TAGS]>;

/// Sentence outputs: the sentence holds a role filler of any role, then of each role.
pub const N_SENT: usize = 1 + N_ROLES;

/// Encoder evidence for one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// Tag probabilities of every token of [`super::text::tokenize`]`(text)`.
    pub tags: TagProbs,
    /// Document probabilities (relevant, then each incident type of [`super::doc::TYPES`]).
    pub doc: Option<[f32; N_OUT]>,
    /// Probability that the document reports several incidents of one type.
    pub multi: Option<f32>,
    /// For every token, the probabilities that its sentence holds a role filler (any
    /// role, then each role; see [`N_SENT`]); empty when the encoder gives none.
    pub sent: Vec<[f32; N_SENT]>,
}

/// Features of the stacked document decisions (template count, incident types) from the
/// encoder's document evidence: cumulative indicators of each probability, so that the
/// stackers weigh the encoder's document view next to the document classifier's.
pub fn stack_features(mut f: Vec<u64>, ev: Option<&Evidence>) -> Vec<u64> {
    let Some(ev) = ev else { return f };
    let mut cum = |name: &str, p: f32| {
        for (c, s) in super::relevance::CUTS {
            if p >= c {
                f.push(fnv(&["enc_stack", name, s]));
            }
        }
    };
    if let Some(d) = &ev.doc {
        for (k, p) in d.iter().enumerate() {
            cum(&k.to_string(), *p);
        }
    }
    if let Some(m) = ev.multi {
        cum("multi", m);
    }
    f.sort_unstable();
    f.dedup();
    f
}

/// Appends document-evidence features to a document's feature list: the document
/// probabilities and, per sentence output, its highest value over the sentences.
pub fn with_doc_extra(mut f: Vec<u64>, ev: Option<&Evidence>) -> Vec<u64> {
    let Some(ev) = ev else { return f };
    if let Some(p) = &ev.doc {
        for (k, v) in p.iter().enumerate() {
            f.push(fnv(&["enc_doc", &k.to_string(), level(*v)]));
        }
    }
    if !ev.sent.is_empty() {
        for k in 0..N_SENT {
            let m = ev.sent.iter().map(|s| s[k]).fold(0f32, f32::max);
            f.push(fnv(&["enc_smax", &k.to_string(), level(m)]));
        }
    }
    f
}

/// Probability bucket: tenths, capped.
fn level(p: f32) -> &'static str {
    match p {
        p if p >= 0.9 => "9",
        p if p >= 0.7 => "7",
        p if p >= 0.5 => "5",
        p if p >= 0.3 => "3",
        p if p >= 0.1 => "1",
        _ => "0",
    }
}

/// Features of one token's tag probabilities.
pub fn token_features(p: &[f32; N_TAGS]) -> Vec<u64> {
    let mut f = Vec::with_capacity(8);
    let best = (0..N_TAGS)
        .max_by(|&a, &b| p[a].total_cmp(&p[b]))
        .unwrap_or(0);
    f.push(fnv(&["enc_best", &best.to_string(), level(p[best])]));
    for r in 0..N_ROLES {
        let b = p[b_tag(r)];
        let role = b + p[i_tag(r)];
        if role >= 0.1 {
            let rs = r.to_string();
            f.push(fnv(&["enc_role", &rs, level(role)]));
            f.push(fnv(&["enc_b", &rs, level(b)]));
        }
    }
    f
}

/// Appends each token's encoder features to its row (rows unchanged without evidence).
/// The sentence probabilities stay out of the tagger's rows: there they gated which
/// spans become candidates at all, and a sentence the head misjudged lost its fillers
/// (measured: docs/benchmarks.md); the candidate classifier weighs them instead.
pub fn with_extra(mut rows: Vec<Vec<u64>>, extra: Option<&Evidence>) -> Vec<Vec<u64>> {
    if let Some(x) = extra {
        for (row, p) in rows.iter_mut().zip(&x.tags) {
            row.extend(token_features(p));
        }
    }
    rows
}

/// Features of a candidate for `role` from the probabilities over its occurrences: the
/// best and the mean over occurrences of the role's mean token probability, and the best
/// probability that an occurrence's sentence holds a filler of the role.
pub fn candidate_features(ev: &Evidence, occ: &[(usize, usize)], role: usize) -> Vec<u64> {
    if role >= N_ROLES || occ.is_empty() {
        return Vec::new();
    }
    let x = &ev.tags;
    let mut per_occ = Vec::with_capacity(occ.len());
    for &(a, b) in occ {
        let Some(ps) = x.get(a..b) else { continue };
        if ps.is_empty() {
            continue;
        }
        let m = ps
            .iter()
            .map(|p| p[b_tag(role)] + p[i_tag(role)])
            .sum::<f32>()
            / ps.len() as f32;
        per_occ.push(m);
    }
    if per_occ.is_empty() {
        return Vec::new();
    }
    let best = per_occ.iter().copied().fold(0f32, f32::max);
    let mean = per_occ.iter().sum::<f32>() / per_occ.len() as f32;
    let r = role.to_string();
    let mut f = vec![
        fnv(&["r", &r, "enc_cbest", level(best)]),
        fnv(&["r", &r, "enc_cmean", level(mean)]),
    ];
    let sent_best = occ
        .iter()
        .filter_map(|&(a, _)| ev.sent.get(a))
        .map(|s| s[1 + role])
        .reduce(f32::max);
    if let Some(b) = sent_best {
        f.push(fnv(&["r", &r, "enc_csent", level(b)]));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confident_tokens_get_role_features_and_unsure_ones_do_not() {
        let mut p = [0f32; N_TAGS];
        p[b_tag(3)] = 0.8;
        p[0] = 0.2;
        let f = token_features(&p);
        assert!(f.contains(&fnv(&["enc_role", "3", "7"])));
        assert!(!f.iter().any(|h| *h == fnv(&["enc_role", "0", "0"])));
        let mut q = [0f32; N_TAGS];
        q[0] = 1.0;
        assert_eq!(token_features(&q).len(), 1);
    }

    #[test]
    fn stack_features_add_the_encoder_document_view_only_when_there_is_one() {
        let base = vec![fnv(&["bias"])];
        assert_eq!(stack_features(base.clone(), None), base);
        let mut doc = [0f32; N_OUT];
        doc[2] = 0.75;
        let ev = Evidence {
            tags: Vec::new(),
            doc: Some(doc),
            multi: Some(0.45),
            sent: Vec::new(),
        };
        let f = stack_features(base, Some(&ev));
        assert!(f.contains(&fnv(&["enc_stack", "2", "70"])));
        assert!(!f.contains(&fnv(&["enc_stack", "2", "80"])));
        assert!(f.contains(&fnv(&["enc_stack", "multi", "40"])));
        assert!(!f.contains(&fnv(&["enc_stack", "multi", "50"])));
        assert!(!f.contains(&fnv(&["enc_stack", "0", "05"])));
    }

    #[test]
    fn candidate_features_pool_over_occurrences() {
        let mut hi = [0f32; N_TAGS];
        hi[b_tag(1)] = 0.95;
        let lo = [0f32; N_TAGS];
        let mut x = Evidence {
            tags: vec![hi, lo, lo, hi],
            ..Evidence::default()
        };
        let f = candidate_features(&x, &[(0, 1), (1, 2)], 1);
        assert!(f.contains(&fnv(&["r", "1", "enc_cbest", "9"])));
        assert!(f.contains(&fnv(&["r", "1", "enc_cmean", "3"])));
        assert!(!f
            .iter()
            .any(|h| (0..6).any(|l| *h == fnv(&["r", "1", "enc_csent", &l.to_string()]))));
        assert!(candidate_features(&x, &[(9, 12)], 1).is_empty());
        // With sentence evidence, the best sentence of an occurrence counts, for the
        // candidate's own role (column 1 + role).
        let mut s0 = [0f32; N_SENT];
        s0[2] = 0.35;
        s0[3] = 0.95;
        let mut s1 = [0f32; N_SENT];
        s1[2] = 0.75;
        x.sent = vec![s0, s1, s1, s0];
        let f = candidate_features(&x, &[(0, 1), (1, 2)], 1);
        assert!(f.contains(&fnv(&["r", "1", "enc_csent", "7"])));
        assert!(!f.contains(&fnv(&["r", "1", "enc_csent", "9"])));
    }

    #[test]
    fn sentence_evidence_reaches_the_document_but_not_the_tagger() {
        let mut s = [0f32; N_SENT];
        s[0] = 0.92;
        s[4] = 0.55;
        let ev = Evidence {
            tags: vec![[0f32; N_TAGS]; 2],
            sent: vec![s, [0f32; N_SENT]],
            ..Evidence::default()
        };
        // The tagger's rows get the tag features only.
        let rows = with_extra(vec![Vec::new(), Vec::new()], Some(&ev));
        assert_eq!(rows[0], token_features(&[0f32; N_TAGS]));
        let d = with_doc_extra(Vec::new(), Some(&ev));
        assert!(d.contains(&fnv(&["enc_smax", "0", "9"])));
        assert!(d.contains(&fnv(&["enc_smax", "1", "0"])));
        // Without sentence evidence, no sentence features.
        let bare = Evidence {
            sent: Vec::new(),
            ..ev
        };
        assert!(with_doc_extra(Vec::new(), Some(&bare)).is_empty());
    }
}
