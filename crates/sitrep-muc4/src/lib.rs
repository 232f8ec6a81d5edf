//! MUC-4 for sitrep: the field's benchmark for filling terrorism-incident templates
//! (incident type; perpetrator individual and organisation, physical target, victim, weapon).
//!
//! This crate is for:
//! * reading the MUC-4 data (`templates/*.jsonl`, GTT version; `role_fillers/*.jsonl`,
//!   GRIT version) and the published prediction files, and writing predictions in the
//!   same JSON shape ([`preds`]);
//! * scoring exactly as the published systems were scored: the GTT template scorer
//!   ([`score_gtt`]) and CEAF-REE ([`score_ceaf_ree`]);
//! * a learned extractor trained only on the train split ([`train`], [`Muc4Model`]): an
//!   averaged structured perceptron tagger over lowercased token features, a candidate-entity
//!   classifier and document-level decisions (relevance; incident types and template count,
//!   each a stacker over cross-fitted document and candidate scores; grouping mentions into
//!   entities and entities into templates), whose output keeps byte spans into the input text so callers
//!   can quote evidence;
//! * the functions behind `sitrep train muc4` / `sitrep eval muc4` ([`train_and_tune`],
//!   [`evaluate`], [`score_file`], [`write_predictions`]) and the committed model
//!   ([`default_model_path`], [`Muc4Model::load_file`]).
//!
//! It is not for GTD coding (dates, places, categories): the processed MUC-4 texts carry
//! none of that, and the sitrep pipeline owns it. It never copies the MUC texts into the
//! project; they are read at run time from `../shared/data/muc4`.

#![warn(missing_docs)]

pub mod breakdown;
pub mod data;
pub mod error;
pub mod eval;
pub mod model;
pub mod normalize;
pub mod preds;
pub mod score;
pub mod slots;

pub use breakdown::{by_gold_templates, Breakdown, TemplateGroup};
pub use data::{
    default_data_dir, docid_to_key, key_to_docid, load_role_fillers, load_templates, GoldEntity,
    GoldTemplate, Mention, Muc4Doc, Role, RoleFillerDoc, Split, ROLES,
};
pub use error::Muc4Error;
pub use eval::{
    cross_tuned, cross_tuned_with, default_model_path, evaluate, objective, score_file,
    train_and_tune, tune_on_dev, tune_on_dev_rounds, tune_on_dev_with, tune_parts, Evaluation,
    Gold, TrainSummary, TunePart,
};
pub use model::{
    train, train_with, Analysis, DecodeConfig, Evidence, Muc4Model, TagProbs, TrainConfig,
};
pub use normalize::normalize;
pub use preds::{
    parse_predictions, pool_extracts, predictions_to_json, read_predictions, write_predictions,
    DocPrediction, PredEntity, PredMention, PredTemplate, Predictions,
};
pub use score::{score_ceaf_ree, score_gtt, Counts, Metric, Report};
