//! MUC-4 for sitrep: the field's benchmark for filling terrorism-incident templates
//! (incident type; perpetrator individual and organisation, physical target, victim, weapon).
//!
//! This crate is for:
//! * reading the MUC-4 data (`templates/*.jsonl`, GTT version; `role_fillers/*.jsonl`,
//!   GRIT version) and the published prediction files, and writing predictions in the
//!   same JSON shape ([`preds`]);
//! * scoring exactly as the published systems were scored: the GTT template scorer
//!   ([`score_gtt`]) and CEAF-REE ([`score_ceaf_ree`]).
//!
//! It is not for GTD coding (dates, places, categories): the processed MUC-4 texts carry
//! none of that, and the sitrep pipeline owns it. It never copies the MUC texts into the
//! project; they are read at run time from `../shared/data/muc4`.

pub mod data;
pub mod error;
pub mod normalize;
pub mod preds;
pub mod score;

pub use data::{
    default_data_dir, docid_to_key, key_to_docid, load_role_fillers, load_templates, GoldEntity,
    GoldTemplate, Mention, Muc4Doc, Role, RoleFillerDoc, Split, ROLES,
};
pub use error::Muc4Error;
pub use normalize::normalize;
pub use preds::{
    parse_predictions, pool_extracts, predictions_to_json, read_predictions, write_predictions,
    DocPrediction, PredEntity, PredMention, PredTemplate, Predictions,
};
pub use score::{score_ceaf_ree, score_gtt, Counts, Metric, Report};
