//! The learned MUC-4 extractor: a sequence tagger finds role-filler mentions, a document
//! classifier decides relevance and incident types, and document-level logic groups mentions
//! into entities and entities into templates.

pub mod cands;
pub mod doc;
pub mod enc;
pub mod relevance;
pub mod tagger;
pub mod text;

use std::collections::HashMap;
use std::io::{Read, Write};

use sitrep_core::Span;

use crate::data::{Muc4Doc, Role, ROLES};
use crate::error::Muc4Error;
use crate::normalize::normalize;
use crate::preds::{DocPrediction, PredEntity, PredMention, PredTemplate, Predictions};
use cands::{Candidate, Logit, WordFreq};
use doc::{doc_features, shuffle, DocClassifier, N_OUT, TYPES};
use relevance::{multi_features, type_features};
use tagger::{b_tag, i_tag, tag_role, Tagger, Trainer, N_TAGS};
use text::{token_features, tokenize, Gazetteer, Token};

pub use enc::{Evidence, TagProbs};

/// Decisions taken after tagging; tuned on dev, stored with the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecodeConfig {
    /// Added to the O tag's score: positive = fewer, surer mentions.
    pub o_bias: f32,
    /// Minimum probability that the document is relevant.
    pub relevance_threshold: f32,
    /// A second incident type gets its own template above this probability (> 1 disables).
    pub second_type_threshold: f32,
    /// At most this many entities per role and template.
    pub max_entities: [usize; 5],
    /// Fold an entity into a longer one of the same role containing its words.
    pub merge_nested: bool,
    /// Minimum candidate-classifier probability for an entity to be kept, per role.
    pub cand_threshold: [f32; 5],
    /// A relevant document needs a candidate at least this probable, else no template.
    pub min_doc_evidence: f32,
    /// Put perpetrator entities into every template of a document.
    pub share_perps: bool,
    /// Add a second template of the main incident type (holding the shared perpetrators,
    /// if any) when the template-count classifier is at least this sure that the text
    /// reports several incidents of that type (> 1 disables).
    pub multi_threshold: f32,
    /// The extra template of [`DecodeConfig::multi_threshold`] also takes the main template's
    /// next-best Target, Victim and Weapon entities (those cut by `max_entities`).
    pub multi_spill: bool,
    /// Choose incident types with the type stacker (document classifier + candidates)
    /// instead of the document classifier alone.
    pub stacked_types: bool,
    /// Copy the document's PerpOrg entities into every template holding at least this
    /// many fillers of the other roles (0 = off): a report's organisation is usually
    /// that of all its incidents.
    pub share_orgs_min: usize,
    /// Roles (bit = role index; 0 = off) whose entities are written with the longest
    /// candidate string that contains their words and that the tagger tagged with the
    /// same role: `bernardo jaramillo` becomes `bernardo jaramillo ossa` when the text
    /// names him in full elsewhere.
    pub extend_roles: u8,
}

impl Default for DecodeConfig {
    fn default() -> Self {
        DecodeConfig {
            o_bias: -8.0,
            relevance_threshold: 0.5,
            second_type_threshold: 2.0,
            max_entities: [4, 1, 6, 3, 3],
            merge_nested: true,
            cand_threshold: [0.2; 5],
            min_doc_evidence: 0.0,
            share_perps: false,
            multi_threshold: 2.0,
            multi_spill: false,
            stacked_types: false,
            share_orgs_min: 0,
            extend_roles: 0,
        }
    }
}

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// Perceptron epochs for the tagger.
    pub epochs: usize,
    /// SGD epochs for the document classifier.
    pub doc_epochs: usize,
    /// Initial learning rate of the document classifier.
    pub doc_lr: f32,
    /// SGD epochs of the candidate classifier.
    pub cand_epochs: usize,
    /// Initial learning rate of the candidate classifier.
    pub cand_lr: f32,
    /// Features seen fewer times in training are dropped.
    pub min_count: u32,
    /// Seed of the deterministic shuffles.
    pub seed: u64,
    /// Train the tagger on documents with at least one template only.
    pub tagger_relevant_only: bool,
    /// Decoding settings stored in the model.
    pub decode: DecodeConfig,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 20,
            doc_epochs: 30,
            doc_lr: 3.0,
            cand_epochs: 10,
            cand_lr: 0.05,
            min_count: 2,
            seed: 0x5eed_2026,
            tagger_relevant_only: true,
            decode: DecodeConfig::default(),
        }
    }
}

/// A trained extractor.
#[derive(Debug, Clone, PartialEq)]
pub struct Muc4Model {
    tagger: Tagger,
    gaz: Gazetteer,
    cand: Logit,
    doc: DocClassifier,
    /// Word document frequencies in the training split (rarity features of candidates).
    wf: WordFreq,
    /// Template-count classifier: several incidents of the main type?
    multi: Logit,
    /// Incident-type stacker, one binary classifier per type of [`TYPES`].
    types: Vec<Logit>,
    /// Decoding settings (may be changed after training, e.g. when tuning on dev).
    pub decode: DecodeConfig,
}

/// Gold tags of a training document: every token-aligned occurrence of every mention
/// string of every role (longer strings first; a token keeps its first label).
pub fn gold_tags(doc: &Muc4Doc, toks: &[Token]) -> Vec<usize> {
    let mut tags = vec![0usize; toks.len()];
    let mut mentions: Vec<(usize, String)> = Vec::new();
    for t in &doc.templates {
        for role in ROLES {
            for e in &t.roles[role.index()] {
                for m in e {
                    let s = m.text.to_lowercase();
                    if !s.trim().is_empty() && !mentions.iter().any(|(_, x)| *x == s) {
                        mentions.push((role.index(), s));
                    }
                }
            }
        }
    }
    mentions.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let starts: HashMap<usize, usize> =
        toks.iter().enumerate().map(|(i, t)| (t.start, i)).collect();
    let ends: HashMap<usize, usize> = toks.iter().enumerate().map(|(i, t)| (t.end, i)).collect();
    let lower = doc.doctext.to_lowercase();
    if lower.len() != doc.doctext.len() {
        return tags;
    }
    for (role, s) in &mentions {
        for (pos, _) in lower.match_indices(s.as_str()) {
            let (Some(&a), Some(&b)) = (starts.get(&pos), ends.get(&(pos + s.len()))) else {
                continue;
            };
            if b < a || tags[a..=b].iter().any(|&t| t != 0) {
                continue;
            }
            tags[a] = b_tag(*role);
            for t in &mut tags[a + 1..=b] {
                *t = i_tag(*role);
            }
        }
    }
    tags
}

/// Document labels: relevant, then each incident type present.
pub fn doc_labels(doc: &Muc4Doc) -> [f32; N_OUT] {
    let mut y = [0f32; N_OUT];
    if !doc.templates.is_empty() {
        y[0] = 1.0;
    }
    for t in &doc.templates {
        for (k, ty) in TYPES.iter().enumerate() {
            if t.incident_type.contains(ty) {
                y[k + 1] = 1.0;
            }
        }
    }
    y
}

/// A training sequence: the document's parity, feature rows and gold tags.
type Seq = (usize, Vec<Vec<u32>>, Vec<usize>);

/// Train a tagger on the sequences of one half (`Some(parity)`) or all (`None`).
fn train_tagger(
    seqs: &[Seq],
    half: Option<usize>,
    index: &HashMap<u64, u32>,
    cfg: &TrainConfig,
) -> Tagger {
    let mut trainer = Trainer::new(index.clone());
    let chosen: Vec<usize> = (0..seqs.len())
        .filter(|&i| half.is_none_or(|h| seqs.get(i).is_some_and(|s| s.0 == h)))
        .collect();
    let mut order = chosen;
    let mut rng = cfg.seed | 1;
    for _ in 0..cfg.epochs {
        shuffle(&mut order, &mut rng);
        for &i in &order {
            if let Some((_, r, g)) = seqs.get(i) {
                trainer.step(r, g);
            }
        }
    }
    trainer.finish()
}

/// Normalised gold mention strings per role (pooled over templates).
fn gold_strings(doc: &Muc4Doc) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new(); 5];
    for t in &doc.templates {
        for role in ROLES {
            for e in &t.roles[role.index()] {
                for m in e {
                    let n = normalize(&m.text);
                    if let Some(v) = out.get_mut(role.index()) {
                        if !v.contains(&n) {
                            v.push(n);
                        }
                    }
                }
            }
        }
    }
    out
}

/// The roles a candidate may take: those the tagger voted for or the gazetteer lists.
fn candidate_roles(c: &Candidate) -> Vec<usize> {
    (0..5)
        .filter(|&r| c.votes.get(r).copied().unwrap_or(0) > 0 || c.gaz & (1 << r) != 0)
        .collect()
}

/// Candidate entities of a document: tagged spans and gazetteer matches, grouped by
/// normalised string, with every occurrence of each string.
fn candidates(
    tagger: &Tagger,
    gaz: &Gazetteer,
    toks: &[Token],
    text: &str,
    o_bias: f32,
    extra: Option<&Evidence>,
) -> Vec<Candidate> {
    let rows = tagger.rows(&enc::with_extra(token_features(toks, gaz), extra));
    let em = tagger.emissions(&rows, o_bias);
    let mut tags = Vec::with_capacity(toks.len());
    for r in sentences(toks) {
        if let Some(e) = em.get(r) {
            tags.extend(tagger.viterbi(e));
        }
    }
    let mut found: Vec<(Option<usize>, usize, usize)> = spans(toks, &tags, text)
        .into_iter()
        .map(|f| (Some(f.role), f.tok, f.end_tok))
        .collect();
    for (a, b, _) in gaz.longest_matches(toks) {
        found.push((None, a, b));
    }
    let mut out: Vec<Candidate> = Vec::new();
    for (role, a, b) in found {
        let (Some(ta), Some(tb)) = (toks.get(a), toks.get(b.saturating_sub(1))) else {
            continue;
        };
        let Some(s) = text.get(ta.start..tb.end) else {
            continue;
        };
        let norm = normalize(s);
        if norm.is_empty() || STOP.contains(&norm.as_str()) {
            continue;
        }
        let idx = match out.iter().position(|c| c.norm == norm) {
            Some(i) => i,
            None => {
                let key: Vec<&str> = toks
                    .get(a..b)
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| t.lower.as_str())
                    .collect();
                let occ = find_all(toks, &key);
                let gmask = gaz.lookup(&key.join(" "));
                out.push(Candidate {
                    norm,
                    votes: [0; 5],
                    gaz: gmask,
                    occ,
                });
                out.len() - 1
            }
        };
        if let (Some(r), Some(c)) = (role, out.get_mut(idx)) {
            if let Some(v) = c.votes.get_mut(r) {
                *v += 1;
            }
            if !c.occ.contains(&(a, b)) {
                c.occ.push((a, b));
                c.occ.sort_unstable();
            }
        }
    }
    out
}

/// Every token range whose lowercased words equal `key`.
fn find_all(toks: &[Token], key: &[&str]) -> Vec<(usize, usize)> {
    let n = key.len();
    if n == 0 || toks.len() < n {
        return Vec::new();
    }
    (0..=toks.len() - n)
        .filter(|&a| {
            toks.get(a..a + n)
                .is_some_and(|w| w.iter().zip(key).all(|(t, k)| t.lower == *k))
        })
        .map(|a| (a, a + n))
        .collect()
}

/// Train the tagger and the document classifier on `train` (deterministic for a given config).
pub fn train(train: &[Muc4Doc], cfg: &TrainConfig) -> Result<Muc4Model, Muc4Error> {
    train_with(train, cfg, None)
}

/// [`train`] with encoder evidence: `extra[i]` holds, for every token of `train[i]`
/// ([`text::tokenize`]), tag probabilities (and optionally document probabilities) from
/// heads that did not see document `i` (cross-fitted), so that the stages learn how far
/// to trust them.
pub fn train_with(
    train: &[Muc4Doc],
    cfg: &TrainConfig,
    extra: Option<&[Evidence]>,
) -> Result<Muc4Model, Muc4Error> {
    if let Some(x) = extra {
        if x.len() != train.len() {
            return Err(Muc4Error::Invalid(format!(
                "{} encoder rows for {} documents",
                x.len(),
                train.len()
            )));
        }
    }
    let ex = |i: usize| extra.and_then(|x| x.get(i));
    if train.is_empty() {
        return Err(Muc4Error::Invalid("no training documents".into()));
    }
    let mut feats = Vec::with_capacity(train.len());
    let mut golds = Vec::with_capacity(train.len());
    let mut dfeats = Vec::with_capacity(train.len());
    let mut dlabels = Vec::with_capacity(train.len());
    let mut sent_ranges = Vec::with_capacity(train.len());
    let mut counts: HashMap<u64, u32> = HashMap::new();
    // Gazetteers: the full one goes into the model; while training, each document sees the
    // one built from the other half of the data, so that the tagger does not over-trust it.
    let mut gaz = Gazetteer::default();
    let mut halves = [Gazetteer::default(), Gazetteer::default()];
    for (i, d) in train.iter().enumerate() {
        for t in &d.templates {
            for role in ROLES {
                for e in &t.roles[role.index()] {
                    for m in e {
                        gaz.add(&m.text, role.index());
                        halves[i % 2].add(&m.text, role.index());
                    }
                }
            }
        }
    }
    let mut wf = WordFreq::default();
    let mut wf_halves = [WordFreq::default(), WordFreq::default()];
    for (i, d) in train.iter().enumerate() {
        let toks = tokenize(&d.doctext);
        wf.add_doc(&toks);
        wf_halves[i % 2].add_doc(&toks);
        let f = enc::with_extra(token_features(&toks, &halves[(i + 1) % 2]), ex(i));
        for tf in &f {
            for h in tf {
                *counts.entry(*h).or_default() += 1;
            }
        }
        golds.push(gold_tags(d, &toks));
        sent_ranges.push(sentences(&toks));
        dfeats.push(enc::with_doc_extra(doc_features(&toks), ex(i)));
        dlabels.push(doc_labels(d));
        feats.push(f);
    }
    let mut keys: Vec<u64> = counts
        .into_iter()
        .filter(|(_, c)| *c >= cfg.min_count)
        .map(|(h, _)| h)
        .collect();
    keys.sort_unstable();
    let index: HashMap<u64, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, h)| (*h, i as u32))
        .collect();
    // Sentence-level sequences: many small perceptron steps average better than one per doc.
    // The tagger learns from relevant documents only: in the others, the same names are
    // unlabelled, and relevance is the document classifier's decision.
    let mut seqs: Vec<Seq> = Vec::new();
    for (i, ((f, g), sents)) in feats.iter().zip(&golds).zip(&sent_ranges).enumerate() {
        let relevant = train.get(i).is_some_and(|d| !d.templates.is_empty());
        if cfg.tagger_relevant_only && !relevant {
            continue;
        }
        let rows: Vec<Vec<u32>> = f
            .iter()
            .map(|tf| tf.iter().filter_map(|h| index.get(h).copied()).collect())
            .collect();
        for r in sents {
            if let (Some(rr), Some(gg)) = (rows.get(r.clone()), g.get(r.clone())) {
                seqs.push((i % 2, rr.to_vec(), gg.to_vec()));
            }
        }
    }
    drop(feats);
    // Two taggers on the two halves produce honest candidates for the candidate classifier.
    let half_taggers = [
        train_tagger(&seqs, Some(0), &index, cfg),
        train_tagger(&seqs, Some(1), &index, cfg),
    ];
    let mut cx: Vec<Vec<u64>> = Vec::new();
    let mut cy: Vec<bool> = Vec::new();
    let mut cpar: Vec<usize> = Vec::new();
    for (i, d) in train.iter().enumerate() {
        if d.templates.is_empty() {
            continue;
        }
        let other = (i + 1) % 2;
        let toks = tokenize(&d.doctext);
        let cands = candidates(
            &half_taggers[other],
            &halves[other],
            &toks,
            &d.doctext,
            cfg.decode.o_bias,
            ex(i),
        );
        let gold = gold_strings(d);
        let dtype = TYPES
            .iter()
            .position(|t| {
                d.templates
                    .first()
                    .is_some_and(|x| x.incident_type.contains(t))
            })
            .unwrap_or(0);
        for c in &cands {
            for r in candidate_roles(c) {
                cx.push(cands::features(
                    c,
                    r,
                    &toks,
                    dtype,
                    &wf_halves[other],
                    ex(i),
                ));
                cy.push(gold.get(r).is_some_and(|g| g.contains(&c.norm)));
                cpar.push(i % 2);
            }
        }
    }
    let cand = Logit::train(&cx, &cy, cfg.cand_epochs, cfg.cand_lr, cfg.seed);
    // Cross-fitted candidate and document classifiers (each trained on one half) give honest
    // confidences on the other half, from which the relevance stacker learns.
    let half_cands: Vec<Logit> = (0..2)
        .map(|h| {
            let (xs, ys): (Vec<Vec<u64>>, Vec<bool>) = cx
                .iter()
                .zip(&cy)
                .zip(&cpar)
                .filter(|(_, p)| **p == h)
                .map(|((x, y), _)| (x.clone(), *y))
                .unzip();
            Logit::train(&xs, &ys, cfg.cand_epochs, cfg.cand_lr, cfg.seed)
        })
        .collect();
    drop(cx);
    let half_docs: Vec<DocClassifier> = (0..2)
        .map(|h| {
            let (xs, ys): (Vec<Vec<u64>>, Vec<[f32; N_OUT]>) = dfeats
                .iter()
                .zip(&dlabels)
                .enumerate()
                .filter(|(i, _)| i % 2 == h)
                .map(|(_, (x, y))| (x.clone(), *y))
                .unzip();
            DocClassifier::train(
                &xs,
                &ys,
                cfg.doc_epochs,
                cfg.seed,
                cfg.min_count,
                cfg.doc_lr,
            )
        })
        .collect();
    let mut mx: Vec<Vec<u64>> = Vec::new();
    let mut my: Vec<bool> = Vec::new();
    let mut tx: Vec<Vec<u64>> = Vec::new();
    let mut ty: Vec<[bool; 6]> = Vec::new();
    for (i, d) in train.iter().enumerate() {
        let other = (i + 1) % 2;
        let (Some(dc), Some(cl), Some(df)) =
            (half_docs.get(other), half_cands.get(other), dfeats.get(i))
        else {
            continue;
        };
        let toks = tokenize(&d.doctext);
        let probs = dc.probs(df);
        let cands = candidates(
            &half_taggers[other],
            &halves[other],
            &toks,
            &d.doctext,
            cfg.decode.o_bias,
            ex(i),
        );
        let scored = score_candidates(
            cl,
            &cands,
            &toks,
            best_type(&probs),
            &wf_halves[other],
            ex(i),
        );
        if !d.templates.is_empty() {
            let ev = extra.and_then(|x| x.get(i));
            mx.push(enc::stack_features(
                multi_features(&probs, &scored, &toks),
                ev,
            ));
            my.push(max_same_type(d) >= 2);
            let heads: Vec<&str> = cands
                .iter()
                .map(|c| c.norm.rsplit(' ').next().unwrap_or(""))
                .collect();
            tx.push(enc::stack_features(
                type_features(&probs, &scored, &heads, &toks),
                ev,
            ));
            let lab = doc_labels(d);
            let mut y = [false; 6];
            for (k, v) in y.iter_mut().enumerate() {
                *v = lab.get(k + 1).is_some_and(|x| *x > 0.5);
            }
            ty.push(y);
        }
    }
    let multi = Logit::train(&mx, &my, 30, 0.1, cfg.seed);
    let types: Vec<Logit> = (0..TYPES.len())
        .map(|k| {
            let ys: Vec<bool> = ty
                .iter()
                .map(|y| y.get(k).copied().unwrap_or(false))
                .collect();
            Logit::train(&tx, &ys, 30, 0.1, cfg.seed)
        })
        .collect();
    let tagger = train_tagger(&seqs, None, &index, cfg);
    let doc = DocClassifier::train(
        &dfeats,
        &dlabels,
        cfg.doc_epochs,
        cfg.seed,
        cfg.min_count,
        cfg.doc_lr,
    );
    Ok(Muc4Model {
        tagger,
        gaz,
        cand,
        doc,
        wf,
        multi,
        types,
        decode: cfg.decode,
    })
}

/// The largest number of gold templates sharing one incident type.
pub fn max_same_type(d: &Muc4Doc) -> usize {
    TYPES
        .iter()
        .map(|ty| {
            d.templates
                .iter()
                .filter(|t| t.incident_type.contains(ty))
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// The most probable incident type (index into [`TYPES`]) of document probabilities.
fn best_type(probs: &[f32; N_OUT]) -> usize {
    (0..TYPES.len())
        .max_by(|&x, &y| probs[x + 1].total_cmp(&probs[y + 1]))
        .unwrap_or(0)
}

/// The best role of each candidate and its probability under the candidate classifier
/// (in candidate order; candidates with no possible role get role 0 and probability 0).
fn score_candidates(
    cl: &Logit,
    cands: &[Candidate],
    toks: &[Token],
    dtype: usize,
    wf: &WordFreq,
    extra: Option<&Evidence>,
) -> Vec<(usize, f32)> {
    cands
        .iter()
        .map(|c| {
            let mut best: (usize, f32) = (0, 0.0);
            for r in candidate_roles(c) {
                let p = cl.prob(&cands::features(c, r, toks, dtype, wf, extra));
                if p > best.1 {
                    best = (r, p);
                }
            }
            best
        })
        .collect()
}

/// A document as the model sees it before thresholded decisions ([`Muc4Model::analyse`]).
#[derive(Debug, Clone)]
pub struct Analysis {
    toks: Vec<Token>,
    probs: [f32; N_OUT],
    cands: Vec<Candidate>,
    scored: Vec<(usize, f32)>,
    relevance: f32,
    multi: f32,
    type_probs: [f32; 6],
    o_bias: f32,
}

impl Analysis {
    /// The O bias the text was tagged with.
    pub fn o_bias(&self) -> f32 {
        self.o_bias
    }

    /// Every candidate that may fill a role: its normalised string, its best role and
    /// that role's probability under the candidate classifier.
    pub fn candidates(&self) -> Vec<(&str, Role, f32)> {
        self.cands
            .iter()
            .zip(&self.scored)
            .filter(|(c, _)| !candidate_roles(c).is_empty())
            .filter_map(|(c, &(r, p))| ROLES.get(r).map(|role| (c.norm.as_str(), *role, p)))
            .collect()
    }

    /// Probability that the document reports a relevant incident.
    pub fn relevance(&self) -> f32 {
        self.relevance
    }

    /// The document classifier's probabilities (relevant, then each incident type).
    pub fn doc_probs(&self) -> [f32; N_OUT] {
        self.probs
    }

    /// The type stacker's probability of each incident type.
    pub fn type_probs(&self) -> [f32; 6] {
        self.type_probs
    }

    /// Probability that the document reports several incidents of its main type.
    pub fn multi(&self) -> f32 {
        self.multi
    }
}

/// A tagged mention before grouping.
#[derive(Debug, Clone)]
struct Found {
    role: usize,
    span: Span,
    tok: usize,
    end_tok: usize,
}

/// Mentions grouped into one entity.
#[derive(Debug, Clone)]
struct Group {
    norm: String,
    spans: Vec<Span>,
    toks: Vec<usize>,
    role: usize,
    score: f32,
}

impl Group {
    /// The entity's representative mention: its first occurrence.
    fn mention(&self, text: &str) -> Option<PredMention> {
        let first = self.spans.first().copied()?;
        Some(PredMention {
            text: first.slice(text)?.to_string(),
            span: Some(first),
        })
    }
}

/// True when the words of `short` occur contiguously in `long`.
fn nested(short: &str, long: &str) -> bool {
    let s: Vec<&str> = short.split(' ').collect();
    let l: Vec<&str> = long.split(' ').collect();
    s.len() < l.len() && l.windows(s.len()).any(|w| w == s.as_slice())
}

/// Merge an entity into a longer one of the same role that contains its words
/// (`oqueli` into `hector oqueli colindres`); the longer one represents both.
fn merge_nested(mut groups: Vec<Group>) -> Vec<Group> {
    // Longest first, so that shorter names fold into the longest containing one.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|&a, &b| {
        let (la, lb) = (groups[a].norm.len(), groups[b].norm.len());
        lb.cmp(&la).then(a.cmp(&b))
    });
    let mut keep = vec![true; groups.len()];
    for (oi, &i) in order.iter().enumerate() {
        for &j in order.iter().take(oi) {
            if keep[j]
                && groups[j].role == groups[i].role
                && nested(&groups[i].norm, &groups[j].norm)
            {
                let (score, toks) = (groups[i].score, groups[i].toks.clone());
                groups[j].score = groups[j].score.max(score);
                groups[j].toks.extend(toks);
                keep[i] = false;
                break;
            }
        }
    }
    groups
        .into_iter()
        .zip(keep)
        .filter_map(|(g, k)| k.then_some(g))
        .collect()
}

/// Byte spans of a candidate's occurrences.
fn occurrence_spans(c: &Candidate, toks: &[Token]) -> Vec<Span> {
    c.occ
        .iter()
        .filter_map(|&(a, b)| {
            let (ta, tb) = (toks.get(a)?, toks.get(b.checked_sub(1)?)?);
            Some(Span::new(ta.start, tb.end))
        })
        .collect()
}

/// A mention is extended by at most this many words.
const EXTEND_MAX_WORDS: usize = 3;

/// Write each entity of a role in `roles` (bit mask) with the longest candidate string
/// that contains its words (at most [`EXTEND_MAX_WORDS`] more) and that the tagger tagged
/// with the entity's role at least once; entities that end up with the same string in the
/// same role become one, in the first one's place, with the higher probability.
fn extend_mentions(
    groups: Vec<Group>,
    cands: &[Candidate],
    toks: &[Token],
    roles: u8,
) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::with_capacity(groups.len());
    for mut g in groups {
        if roles & (1 << g.role) != 0 {
            let words = g.norm.split(' ').count();
            let longer = cands
                .iter()
                .filter(|c| {
                    c.votes.get(g.role).copied().unwrap_or(0) > 0
                        && c.norm.split(' ').count() <= words + EXTEND_MAX_WORDS
                        && nested(&g.norm, &c.norm)
                })
                .fold(None::<&Candidate>, |best, c| match best {
                    Some(b) if b.norm.len() >= c.norm.len() => Some(b),
                    _ => Some(c),
                });
            if let Some(c) = longer {
                let spans = occurrence_spans(c, toks);
                if !spans.is_empty() {
                    g.spans = spans;
                    g.norm = c.norm.clone();
                }
            }
        }
        match out
            .iter_mut()
            .find(|o| o.role == g.role && o.norm == g.norm)
        {
            Some(o) => {
                o.score = o.score.max(g.score);
                o.toks.extend(g.toks);
            }
            None => out.push(g),
        }
    }
    out
}

/// The incident type (index into [`TYPES`]) a trigger word points to.
fn trigger_type(w: &str) -> Option<usize> {
    match text::trigger_group(w)? {
        "kill" | "wound" | "attack" => Some(0),
        "bomb" => Some(1),
        "kidnap" => Some(2),
        "burn" => Some(3),
        "rob" => Some(4),
        "strike" => Some(5),
        _ => None,
    }
}

const STOP: &[&str] = &[
    "he", "she", "it", "they", "them", "we", "i", "you", "his", "her", "their", "who", "which",
    "that", "this", "these", "those", "one", "some", "others", "other",
];

/// Token index ranges of the sentences.
pub fn sentences(toks: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=toks.len() {
        let boundary = match (toks.get(i - 1), toks.get(i)) {
            (Some(a), Some(b)) => a.sent != b.sent,
            _ => true,
        };
        if boundary {
            out.push(start..i);
            start = i;
        }
    }
    out
}

impl Muc4Model {
    /// Tags of every token, decoding each sentence separately.
    fn tag(&self, toks: &[Token]) -> Vec<usize> {
        let rows = self.tagger.rows(&token_features(toks, &self.gaz));
        let em = self.tagger.emissions(&rows, self.decode.o_bias);
        let mut tags = Vec::with_capacity(toks.len());
        for r in sentences(toks) {
            if let Some(e) = em.get(r) {
                tags.extend(self.tagger.viterbi(e));
            }
        }
        tags
    }

    /// Extract templates from a text (any case; spans are byte offsets into `text`).
    pub fn predict(&self, text: &str) -> Vec<PredTemplate> {
        self.decide(&self.analyse(text), text)
    }

    /// [`Muc4Model::predict`] with encoder evidence (see [`Muc4Model::analyse_with`]).
    pub fn predict_with(&self, text: &str, extra: Option<&Evidence>) -> Vec<PredTemplate> {
        self.decide(&self.analyse_with(text, extra), text)
    }

    /// The model's view of a text before any thresholded decision: tokens, document
    /// probabilities, scored candidates and relevance. Depends on the model and on
    /// [`DecodeConfig::o_bias`] only, so that decoding settings can be tuned without
    /// re-tagging (see [`Muc4Model::decide`]).
    pub fn analyse(&self, text: &str) -> Analysis {
        self.analyse_with(text, None)
    }

    /// [`Muc4Model::analyse`] with encoder evidence for the tokens of
    /// [`text::tokenize`]`(text)` (a model trained by [`train_with`] expects it).
    pub fn analyse_with(&self, text: &str, extra: Option<&Evidence>) -> Analysis {
        let toks = tokenize(text);
        let ev = extra;
        let extra = extra.filter(|e| e.tags.len() == toks.len());
        let probs = self
            .doc
            .probs(&enc::with_doc_extra(doc_features(&toks), ev));
        let dtype = best_type(&probs);
        let cands = candidates(
            &self.tagger,
            &self.gaz,
            &toks,
            text,
            self.decode.o_bias,
            extra,
        );
        let scored = score_candidates(&self.cand, &cands, &toks, dtype, &self.wf, extra);
        // A stacked relevance model (document probability + candidate confidences) was
        // tried and lost on dev to the document classifier alone (docs/benchmarks.md).
        let relevance = probs[0];
        let multi = self.multi.prob(&enc::stack_features(
            multi_features(&probs, &scored, &toks),
            ev,
        ));
        let heads: Vec<&str> = cands
            .iter()
            .map(|c| c.norm.rsplit(' ').next().unwrap_or(""))
            .collect();
        let tf = enc::stack_features(type_features(&probs, &scored, &heads, &toks), ev);
        let mut type_probs = [0f32; 6];
        for (p, l) in type_probs.iter_mut().zip(&self.types) {
            *p = l.prob(&tf);
        }
        Analysis {
            multi,
            type_probs,
            toks,
            probs,
            cands,
            scored,
            relevance,
            o_bias: self.decode.o_bias,
        }
    }

    /// Templates from an [`Analysis`] of `text` under the current decoding settings (the
    /// analysis's own O bias is used, whatever `self.decode.o_bias` says).
    pub fn decide(&self, a: &Analysis, text: &str) -> Vec<PredTemplate> {
        let (toks, probs) = (&a.toks, &a.probs);
        if a.relevance < self.decode.relevance_threshold {
            return Vec::new();
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut max_p = 0f32;
        for (c, &(role, p)) in a.cands.iter().zip(&a.scored) {
            if candidate_roles(c).is_empty() {
                continue;
            }
            max_p = max_p.max(p);
            if p < self.decode.cand_threshold.get(role).copied().unwrap_or(1.0) {
                continue;
            }
            let spans = occurrence_spans(c, toks);
            groups.push(Group {
                norm: c.norm.clone(),
                spans,
                toks: c.occ.iter().map(|o| o.0).collect(),
                role,
                score: p,
            });
        }
        // A document with no convincing filler candidate is judged irrelevant after all.
        if max_p < self.decode.min_doc_evidence {
            return Vec::new();
        }
        if self.decode.merge_nested {
            groups = merge_nested(groups);
        }
        if self.decode.extend_roles != 0 {
            groups = extend_mentions(groups, &a.cands, toks, self.decode.extend_roles);
        }
        // Templates: the most likely incident type, plus other likely types.
        let mut types: Vec<(usize, f32)> = if self.decode.stacked_types {
            a.type_probs.iter().copied().enumerate().collect()
        } else {
            (0..TYPES.len())
                .filter_map(|k| probs.get(k + 1).map(|p| (k, *p)))
                .collect()
        };
        types.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut chosen: Vec<usize> = Vec::new();
        for (i, (k, p)) in types.iter().enumerate() {
            if i == 0 || (*p >= self.decode.second_type_threshold && chosen.len() < 3) {
                chosen.push(*k);
            }
        }
        let trig: Vec<(usize, usize)> = toks
            .iter()
            .enumerate()
            .filter_map(|(i, t)| trigger_type(&t.lower).map(|k| (i, k)))
            .collect();
        let mut per_template: Vec<[Vec<&Group>; 5]> = vec![Default::default(); chosen.len()];
        for g in &groups {
            let mut slot = 0;
            if chosen.len() > 1 {
                // The template whose type has a trigger nearest to one of the mentions.
                let mut best = usize::MAX;
                for &ti in &g.toks {
                    for &(i, k) in &trig {
                        if let Some(pos) = chosen.iter().position(|c| *c == k) {
                            let d = i.abs_diff(ti);
                            if d < best {
                                best = d;
                                slot = pos;
                            }
                        }
                    }
                }
            }
            if self.decode.share_perps && g.role <= 1 {
                // Perpetrators are usually the same for all incidents of a report.
                for t in per_template.iter_mut() {
                    t[g.role].push(g);
                }
            } else if let Some(t) = per_template.get_mut(slot) {
                t[g.role].push(g);
            }
        }
        let mut out = Vec::with_capacity(chosen.len());
        let mut spill: [Vec<PredEntity>; 5] = Default::default();
        for (k, mut roles) in chosen.iter().zip(per_template) {
            let mut template = PredTemplate {
                incident_type: TYPES.get(*k).copied().unwrap_or("attack").to_string(),
                roles: Default::default(),
            };
            for (r, ents) in roles.iter_mut().enumerate() {
                // Most probable first; ties keep text order (stable sort).
                ents.sort_by(|a, b| b.score.total_cmp(&a.score));
                let k = self.decode.max_entities.get(r).copied().unwrap_or(0);
                template.roles[r] = ents
                    .iter()
                    .take(k)
                    .filter_map(|g| g.mention(text))
                    .map(|m| vec![m])
                    .collect();
                if out.is_empty() && r >= 2 {
                    if let Some(slot) = spill.get_mut(r) {
                        *slot = ents
                            .iter()
                            .skip(k)
                            .take(k)
                            .filter_map(|g| g.mention(text))
                            .map(|m| vec![m])
                            .collect();
                    }
                }
            }
            out.push(template);
        }
        // Several incidents of the main type: one more template of that type. Its other
        // fillers are unknown; the perpetrators are shared when the settings say so.
        if a.multi >= self.decode.multi_threshold {
            if let Some(first) = out.first() {
                let mut extra = PredTemplate {
                    incident_type: first.incident_type.clone(),
                    roles: Default::default(),
                };
                if self.decode.share_perps {
                    for r in 0..2 {
                        extra.roles[r] = first.roles[r].clone();
                    }
                }
                if self.decode.multi_spill {
                    for (r, ents) in spill.into_iter().enumerate().skip(2) {
                        extra.roles[r] = ents;
                    }
                }
                out.push(extra);
            }
        }
        if self.decode.share_orgs_min > 0 && out.len() > 1 {
            let mut orgs: Vec<PredEntity> = Vec::new();
            for t in &out {
                for e in &t.roles[1] {
                    if !orgs
                        .iter()
                        .any(|o| o.first().map(|m| &m.text) == e.first().map(|m| &m.text))
                    {
                        orgs.push(e.clone());
                    }
                }
            }
            for t in out.iter_mut() {
                let others: usize = [0, 2, 3, 4].iter().map(|&r| t.roles[r].len()).sum();
                if others >= self.decode.share_orgs_min {
                    t.roles[1] = orgs.clone();
                }
            }
        }
        out
    }

    /// The raw tagged mentions of a text (role and byte span), before any document-level
    /// decision.
    pub fn tag_mentions(&self, text: &str) -> Vec<(Role, Span)> {
        let toks = tokenize(text);
        let tags = self.tag(&toks);
        spans(&toks, &tags, text)
            .into_iter()
            .filter_map(|f| ROLES.get(f.role).map(|r| (*r, f.span)))
            .collect()
    }

    /// The candidate entities of a text with the probability of their best role
    /// (before thresholds and per-role limits).
    pub fn scored_candidates(&self, text: &str) -> Vec<(Candidate, Role, f32)> {
        self.scored_candidates_with(text, None)
    }

    /// [`Muc4Model::scored_candidates`] with encoder evidence.
    pub fn scored_candidates_with(
        &self,
        text: &str,
        extra: Option<&Evidence>,
    ) -> Vec<(Candidate, Role, f32)> {
        let toks = tokenize(text);
        let ev = extra;
        let extra = extra.filter(|e| e.tags.len() == toks.len());
        let probs = self
            .doc
            .probs(&enc::with_doc_extra(doc_features(&toks), ev));
        let cands = candidates(
            &self.tagger,
            &self.gaz,
            &toks,
            text,
            self.decode.o_bias,
            extra,
        );
        let scored = score_candidates(
            &self.cand,
            &cands,
            &toks,
            best_type(&probs),
            &self.wf,
            extra,
        );
        cands
            .into_iter()
            .zip(scored)
            .filter(|(c, _)| !candidate_roles(c).is_empty())
            .filter_map(|(c, (r, p))| ROLES.get(r).map(|role| (c, *role, p)))
            .collect()
    }

    /// Document probabilities: relevant, then each of the 6 incident types.
    pub fn doc_probs(&self, text: &str) -> [f32; 7] {
        self.doc.probs(&doc_features(&tokenize(text)))
    }

    /// Predict every document of a split (keyed like the published prediction files).
    pub fn predict_docs(&self, docs: &[Muc4Doc]) -> Result<Predictions, Muc4Error> {
        let mut out = Predictions::new();
        for d in docs {
            let key = crate::data::docid_to_key(&d.docid)?;
            out.insert(key, DocPrediction::from_templates(self.predict(&d.doctext)));
        }
        Ok(out)
    }

    /// Number of tagger feature rows and document-classifier feature rows.
    pub fn sizes(&self) -> (usize, usize) {
        (self.tagger.index.len(), self.doc.index.len())
    }
}

fn spans(toks: &[Token], tags: &[usize], text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let Some(role) = tag_role(tags[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < tags.len() && tags[j] == i_tag(role) {
            j += 1;
        }
        if let (Some(a), Some(b)) = (toks.get(i), toks.get(j - 1)) {
            let span = Span::new(a.start, b.end);
            if span.slice(text).is_some() {
                out.push(Found {
                    role,
                    span,
                    tok: i,
                    end_tok: j,
                });
            }
        }
        i = j;
    }
    out
}

// ---- model file -------------------------------------------------------------------------

const MAGIC: &[u8; 8] = b"SRMUC4\x00\x07";

fn put_u64(w: &mut impl Write, x: u64) -> Result<(), Muc4Error> {
    w.write_all(&x.to_le_bytes())?;
    Ok(())
}

fn put_f32s(w: &mut impl Write, xs: &[f32]) -> Result<(), Muc4Error> {
    for x in xs {
        w.write_all(&x.to_le_bytes())?;
    }
    Ok(())
}

fn get_u64(r: &mut impl Read) -> Result<u64, Muc4Error> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)
        .map_err(|e| Muc4Error::Model(format!("truncated: {e}")))?;
    Ok(u64::from_le_bytes(b))
}

/// A u64, or `None` at the very end of the stream (a partial value is an error).
fn get_u64_or_end(r: &mut impl Read) -> Result<Option<u64>, Muc4Error> {
    let mut b = [0u8; 8];
    let mut got = 0;
    while got < b.len() {
        match r.read(&mut b[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Muc4Error::Model(format!("unreadable: {e}"))),
        }
    }
    match got {
        0 => Ok(None),
        8 => Ok(Some(u64::from_le_bytes(b))),
        _ => Err(Muc4Error::Model("truncated settings".into())),
    }
}

fn get_f32s(r: &mut impl Read, n: usize) -> Result<Vec<f32>, Muc4Error> {
    let mut out = Vec::with_capacity(n.min(1 << 24));
    let mut b = [0u8; 4];
    for _ in 0..n {
        r.read_exact(&mut b)
            .map_err(|e| Muc4Error::Model(format!("truncated: {e}")))?;
        out.push(f32::from_le_bytes(b));
    }
    Ok(out)
}

fn sorted_rows(index: &HashMap<u64, u32>) -> Vec<(u64, u32)> {
    let mut v: Vec<(u64, u32)> = index.iter().map(|(h, r)| (*h, *r)).collect();
    v.sort_unstable();
    v
}

impl Muc4Model {
    /// Write the model (gzip-compressed binary).
    pub fn save(&self, w: impl Write) -> Result<(), Muc4Error> {
        let mut z = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        z.write_all(MAGIC)?;
        let d = &self.decode;
        put_f32s(
            &mut z,
            &[
                d.o_bias,
                d.relevance_threshold,
                d.second_type_threshold,
                d.min_doc_evidence,
            ],
        )?;
        put_f32s(&mut z, &d.cand_threshold)?;
        for k in d.max_entities {
            put_u64(&mut z, k as u64)?;
        }
        put_u64(&mut z, u64::from(d.merge_nested))?;
        put_u64(&mut z, u64::from(d.share_perps))?;
        // Tagger rows, in hash order, dropping rows whose weights are all ~0.
        let rows: Vec<(u64, u32)> = sorted_rows(&self.tagger.index)
            .into_iter()
            .filter(|(_, r)| {
                let base = *r as usize * N_TAGS;
                self.tagger
                    .w
                    .get(base..base + N_TAGS)
                    .is_some_and(|ws| ws.iter().any(|x| x.abs() > 1e-3))
            })
            .collect();
        put_u64(&mut z, rows.len() as u64)?;
        for (h, r) in &rows {
            put_u64(&mut z, *h)?;
            let base = *r as usize * N_TAGS;
            put_f32s(
                &mut z,
                self.tagger.w.get(base..base + N_TAGS).unwrap_or(&[]),
            )?;
        }
        put_f32s(&mut z, &self.tagger.trans)?;
        let drows = sorted_rows(&self.doc.index);
        put_u64(&mut z, drows.len() as u64)?;
        for (h, r) in &drows {
            put_u64(&mut z, *h)?;
            let base = *r as usize * N_OUT;
            put_f32s(&mut z, self.doc.w.get(base..base + N_OUT).unwrap_or(&[]))?;
        }
        put_f32s(&mut z, &self.doc.bias)?;
        let mut entries: Vec<(&String, &u8)> = self.gaz.entries.iter().collect();
        entries.sort();
        put_u64(&mut z, entries.len() as u64)?;
        for (k, mask) in entries {
            put_u64(&mut z, k.len() as u64)?;
            z.write_all(k.as_bytes())?;
            z.write_all(&[*mask])?;
        }
        let mut cw: Vec<(&u64, &f32)> = self.cand.w.iter().collect();
        cw.sort_by_key(|(h, _)| **h);
        put_u64(&mut z, cw.len() as u64)?;
        for (h, w) in cw {
            put_u64(&mut z, *h)?;
            put_f32s(&mut z, &[*w])?;
        }
        put_f32s(&mut z, &[self.cand.bias])?;
        put_f32s(&mut z, &[d.multi_threshold])?;
        put_u64(&mut z, u64::from(d.multi_spill))?;
        put_u64(&mut z, u64::from(d.stacked_types))?;
        put_u64(&mut z, self.types.len() as u64)?;
        for l in &self.types {
            save_logit(&mut z, l)?;
        }
        save_logit(&mut z, &self.multi)?;
        let mut words: Vec<(&String, &u32)> = self.wf.df.iter().collect();
        words.sort();
        put_u64(&mut z, u64::from(self.wf.n_docs))?;
        put_u64(&mut z, words.len() as u64)?;
        for (k, n) in words {
            put_u64(&mut z, k.len() as u64)?;
            z.write_all(k.as_bytes())?;
            put_u64(&mut z, u64::from(*n))?;
        }
        // Settings added later, written only when set (so a model that does not use them
        // is the same file as before): their count first; files without them still load.
        let later = [d.share_orgs_min as f32, f32::from(d.extend_roles)];
        let n = later.iter().rposition(|&x| x != 0.0).map_or(0, |i| i + 1);
        if let Some(set) = later.get(..n).filter(|set| !set.is_empty()) {
            put_u64(&mut z, n as u64)?;
            put_f32s(&mut z, set)?;
        }
        z.finish()?;
        Ok(())
    }

    /// Read a model written by [`Muc4Model::save`].
    pub fn load(r: impl Read) -> Result<Muc4Model, Muc4Error> {
        let mut z = flate2::read::GzDecoder::new(r);
        let mut magic = [0u8; 8];
        z.read_exact(&mut magic)
            .map_err(|e| Muc4Error::Model(format!("not a model file: {e}")))?;
        if &magic != MAGIC {
            return Err(Muc4Error::Model(
                "not a sitrep MUC-4 model (bad magic)".into(),
            ));
        }
        let f = get_f32s(&mut z, 4)?;
        let ct = get_f32s(&mut z, 5)?;
        let mut cand_threshold = [0f32; 5];
        cand_threshold.copy_from_slice(&ct);
        let mut max_entities = [0usize; 5];
        for k in &mut max_entities {
            *k = get_u64(&mut z)? as usize;
        }
        let merge_nested = get_u64(&mut z)? != 0;
        let share_perps = get_u64(&mut z)? != 0;
        let decode = DecodeConfig {
            merge_nested,
            cand_threshold,
            min_doc_evidence: f[3],
            share_perps,
            o_bias: f[0],
            relevance_threshold: f[1],
            second_type_threshold: f[2],
            max_entities,
            multi_threshold: 2.0,
            multi_spill: false,
            stacked_types: false,
            share_orgs_min: 0,
            extend_roles: 0,
        };
        let n = get_u64(&mut z)? as usize;
        if n > 50_000_000 {
            return Err(Muc4Error::Model(format!("implausible row count {n}")));
        }
        let mut index = HashMap::with_capacity(n);
        let mut w = Vec::with_capacity(n * N_TAGS);
        for i in 0..n {
            index.insert(get_u64(&mut z)?, i as u32);
            w.extend(get_f32s(&mut z, N_TAGS)?);
        }
        let trans = get_f32s(&mut z, (N_TAGS + 1) * N_TAGS)?;
        let dn = get_u64(&mut z)? as usize;
        if dn > 50_000_000 {
            return Err(Muc4Error::Model(format!("implausible row count {dn}")));
        }
        let mut dindex = HashMap::with_capacity(dn);
        let mut dw = Vec::with_capacity(dn * N_OUT);
        for i in 0..dn {
            dindex.insert(get_u64(&mut z)?, i as u32);
            dw.extend(get_f32s(&mut z, N_OUT)?);
        }
        let b = get_f32s(&mut z, N_OUT)?;
        let mut bias = [0f32; N_OUT];
        bias.copy_from_slice(&b);
        let ng = get_u64(&mut z)? as usize;
        if ng > 10_000_000 {
            return Err(Muc4Error::Model(format!("implausible gazetteer size {ng}")));
        }
        let mut gaz = Gazetteer::default();
        for _ in 0..ng {
            let len = get_u64(&mut z)? as usize;
            if len > 10_000 {
                return Err(Muc4Error::Model(format!("implausible entry length {len}")));
            }
            let mut buf = vec![0u8; len + 1];
            z.read_exact(&mut buf)
                .map_err(|e| Muc4Error::Model(format!("truncated: {e}")))?;
            let mask = buf.pop().unwrap_or(0);
            let key = String::from_utf8(buf)
                .map_err(|e| Muc4Error::Model(format!("gazetteer entry not UTF-8: {e}")))?;
            gaz.entries.insert(key, mask);
        }
        let nc = get_u64(&mut z)? as usize;
        if nc > 50_000_000 {
            return Err(Muc4Error::Model(format!("implausible weight count {nc}")));
        }
        let mut cw = HashMap::with_capacity(nc);
        for _ in 0..nc {
            let h = get_u64(&mut z)?;
            let w = get_f32s(&mut z, 1)?;
            cw.insert(h, w.first().copied().unwrap_or(0.0));
        }
        let cb = get_f32s(&mut z, 1)?;
        let cand = Logit {
            w: cw,
            bias: cb.first().copied().unwrap_or(0.0),
        };
        let mt = get_f32s(&mut z, 1)?;
        let multi_spill = get_u64(&mut z)? != 0;
        let stacked_types = get_u64(&mut z)? != 0;
        let nt = get_u64(&mut z)? as usize;
        if nt > 64 {
            return Err(Muc4Error::Model(format!("implausible type count {nt}")));
        }
        let mut types = Vec::with_capacity(nt);
        for _ in 0..nt {
            types.push(load_logit(&mut z)?);
        }
        let multi = load_logit(&mut z)?;
        let n_docs = u32::try_from(get_u64(&mut z)?)
            .map_err(|_| Muc4Error::Model("implausible document count".into()))?;
        let nw = get_u64(&mut z)? as usize;
        if nw > 10_000_000 {
            return Err(Muc4Error::Model(format!(
                "implausible vocabulary size {nw}"
            )));
        }
        let mut df = HashMap::with_capacity(nw);
        for _ in 0..nw {
            let len = get_u64(&mut z)? as usize;
            if len > 10_000 {
                return Err(Muc4Error::Model(format!("implausible word length {len}")));
            }
            let mut buf = vec![0u8; len];
            z.read_exact(&mut buf)
                .map_err(|e| Muc4Error::Model(format!("truncated: {e}")))?;
            let word = String::from_utf8(buf)
                .map_err(|e| Muc4Error::Model(format!("word not UTF-8: {e}")))?;
            let n = u32::try_from(get_u64(&mut z)?)
                .map_err(|_| Muc4Error::Model("implausible word count".into()))?;
            df.insert(word, n);
        }
        // Optional trailing settings (absent from files written before them).
        let mut later = [0f32; 2];
        if let Some(k) = get_u64_or_end(&mut z)? {
            let k = k as usize;
            if k > 64 {
                return Err(Muc4Error::Model(format!("implausible settings count {k}")));
            }
            for (slot, x) in later.iter_mut().zip(get_f32s(&mut z, k)?) {
                *slot = x;
            }
        }
        Ok(Muc4Model {
            gaz,
            cand,
            wf: WordFreq { df, n_docs },
            multi,
            types,
            tagger: Tagger { index, w, trans },
            decode: DecodeConfig {
                multi_threshold: mt.first().copied().unwrap_or(2.0),
                multi_spill,
                stacked_types,
                share_orgs_min: later[0].clamp(0.0, 64.0) as usize,
                extend_roles: later[1].clamp(0.0, 31.0) as u8,
                ..decode
            },
            doc: DocClassifier {
                index: dindex,
                w: dw,
                bias,
            },
        })
    }
}

fn save_logit(z: &mut impl Write, l: &Logit) -> Result<(), Muc4Error> {
    let mut w: Vec<(&u64, &f32)> = l.w.iter().collect();
    w.sort_by_key(|(h, _)| **h);
    put_u64(z, w.len() as u64)?;
    for (h, x) in w {
        put_u64(z, *h)?;
        put_f32s(z, &[*x])?;
    }
    put_f32s(z, &[l.bias])
}

fn load_logit(z: &mut impl Read) -> Result<Logit, Muc4Error> {
    let n = get_u64(z)? as usize;
    if n > 50_000_000 {
        return Err(Muc4Error::Model(format!("implausible weight count {n}")));
    }
    let mut w = HashMap::with_capacity(n);
    for _ in 0..n {
        let h = get_u64(z)?;
        let x = get_f32s(z, 1)?;
        w.insert(h, x.first().copied().unwrap_or(0.0));
    }
    let b = get_f32s(z, 1)?;
    Ok(Logit {
        w,
        bias: b.first().copied().unwrap_or(0.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(toks: &[Token], norm: &str, votes: [usize; 5]) -> Candidate {
        let key: Vec<&str> = norm.split(' ').collect();
        Candidate {
            norm: norm.to_string(),
            votes,
            gaz: 0,
            occ: find_all(toks, &key),
        }
    }

    fn group(toks: &[Token], norm: &str, role: usize, score: f32) -> Group {
        let key: Vec<&str> = norm.split(' ').collect();
        let occ = find_all(toks, &key);
        Group {
            norm: norm.to_string(),
            spans: occ
                .iter()
                .map(|&(a, b)| Span::new(toks[a].start, toks[b - 1].end))
                .collect(),
            toks: occ.iter().map(|o| o.0).collect(),
            role,
            score,
        }
    }

    #[test]
    fn mentions_take_the_longest_string_tagged_with_their_role() {
        let text = "gunmen killed bernardo jaramillo ossa and a guard of the union . \
                    bernardo jaramillo had led the union of banana workers since 1985 .";
        let toks = tokenize(text);
        let (victim, perp) = (Role::Victim.index(), Role::PerpInd.index());
        let mut votes = [0; 5];
        votes[victim] = 1;
        let mut perp_votes = [0; 5];
        perp_votes[perp] = 1;
        let cands = vec![
            cand(&toks, "bernardo jaramillo ossa", votes),
            cand(&toks, "bernardo jaramillo", votes),
            // tagged as a perpetrator only: no victim takes this string
            cand(&toks, "guard of the union", perp_votes),
            // four words longer than "union": too far
            cand(&toks, "union of banana workers since", votes),
        ];
        let groups = vec![
            group(&toks, "bernardo jaramillo", victim, 0.8),
            group(&toks, "jaramillo", victim, 0.6),
            group(&toks, "guard", victim, 0.5),
            group(&toks, "union", victim, 0.4),
            group(&toks, "gunmen", perp, 0.9),
        ];
        let only_victims = 1 << victim;
        let out = extend_mentions(groups.clone(), &cands, &toks, only_victims);
        let got: Vec<(&str, usize)> = out.iter().map(|g| (g.norm.as_str(), g.role)).collect();
        assert_eq!(
            got,
            vec![
                // "jaramillo" took the same string and was folded into the first
                ("bernardo jaramillo ossa", victim),
                ("guard", victim),
                ("union", victim),
                ("gunmen", perp),
            ]
        );
        let first = &out[0];
        assert_eq!(first.spans[0].slice(text), Some("bernardo jaramillo ossa"));
        assert_eq!(first.score, 0.8);
        assert_eq!(first.toks.len(), 4, "both groups' occurrences are kept");
        // No role selected: nothing changes.
        let none = extend_mentions(groups, &cands, &toks, 0);
        let names: Vec<&str> = none.iter().map(|g| g.norm.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "bernardo jaramillo",
                "jaramillo",
                "guard",
                "union",
                "gunmen"
            ]
        );
    }
}
