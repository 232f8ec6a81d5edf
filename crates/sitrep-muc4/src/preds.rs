//! Predictions: the in-memory types and the JSON shape of the published prediction files
//! (`{"30001": {"pred_templates": [...], "pred_extracts": {...}}, ...}`).
//!
//! The GTT and IterX files carry `pred_templates` (a list of templates, each with an
//! `incident_type` and the five roles as lists of entities, an entity being a list of
//! mention strings); the GRIT file carries `pred_extracts` (the five roles only). Other
//! keys (`doctext`, `pred_seq`, `gold_*`) are ignored on reading.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};
use sitrep_core::Span;

use crate::data::{Role, ROLES};
use crate::error::Muc4Error;
use crate::normalize::normalize;

/// One predicted mention: the string, and where it is in the input text when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredMention {
    /// The mention string (compared after [`normalize`]).
    pub text: String,
    /// Byte span in the input text, when the predictor knows it.
    pub span: Option<Span>,
}

impl PredMention {
    /// A mention with no known position.
    pub fn new(text: impl Into<String>) -> Self {
        PredMention {
            text: text.into(),
            span: None,
        }
    }
}

/// A predicted entity: coreferent mentions (usually one).
pub type PredEntity = Vec<PredMention>;

/// A predicted template.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PredTemplate {
    /// Incident type, e.g. `bombing`.
    pub incident_type: String,
    /// Entities per role, indexed by [`Role::index`].
    pub roles: [Vec<PredEntity>; 5],
}

impl PredTemplate {
    /// The entities of one role.
    pub fn role(&self, role: Role) -> &[PredEntity] {
        &self.roles[role.index()]
    }

    /// Number of entities over all roles.
    pub fn n_entities(&self) -> usize {
        self.roles.iter().map(Vec::len).sum()
    }
}

/// The predictions for one document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocPrediction {
    /// Templates (GTT scorer input), if given.
    pub pred_templates: Option<Vec<PredTemplate>>,
    /// Pooled role fillers (CEAF-REE input), if given.
    pub pred_extracts: Option<[Vec<PredEntity>; 5]>,
}

impl DocPrediction {
    /// Build both views from templates: `pred_extracts` pools the templates' entities per
    /// role (see [`pool_extracts`]).
    pub fn from_templates(templates: Vec<PredTemplate>) -> Self {
        let extracts = pool_extracts(&templates);
        DocPrediction {
            pred_templates: Some(templates),
            pred_extracts: Some(extracts),
        }
    }

    /// The role fillers for CEAF-REE: `pred_extracts` if present, else the pooled templates.
    pub fn extracts(&self) -> [Vec<PredEntity>; 5] {
        match (&self.pred_extracts, &self.pred_templates) {
            (Some(e), _) => e.clone(),
            (None, Some(t)) => pool_extracts(t),
            (None, None) => Default::default(),
        }
    }
}

/// Pool the entities of all templates per role, dropping an entity whose normalised
/// mention set equals one already kept.
pub fn pool_extracts(templates: &[PredTemplate]) -> [Vec<PredEntity>; 5] {
    let mut out: [Vec<PredEntity>; 5] = Default::default();
    for role in ROLES {
        let mut seen: Vec<Vec<String>> = Vec::new();
        for t in templates {
            for e in t.role(role) {
                let mut key: Vec<String> = e.iter().map(|m| normalize(&m.text)).collect();
                key.sort();
                key.dedup();
                if !seen.contains(&key) {
                    seen.push(key);
                    out[role.index()].push(e.clone());
                }
            }
        }
    }
    out
}

/// Predictions for a corpus, keyed by the numeric doc key (see [`crate::docid_to_key`]).
pub type Predictions = BTreeMap<u64, DocPrediction>;

fn invalid(what: &str) -> Muc4Error {
    Muc4Error::Invalid(format!("predictions: {what}"))
}

fn parse_entities(v: Option<&Value>, ctx: &str) -> Result<Vec<PredEntity>, Muc4Error> {
    let Some(v) = v else { return Ok(Vec::new()) };
    if v.is_null() {
        return Ok(Vec::new());
    }
    let arr = v
        .as_array()
        .ok_or_else(|| invalid(&format!("{ctx} is not a list")))?;
    let mut out = Vec::with_capacity(arr.len());
    for e in arr {
        let mentions = match e {
            Value::String(s) => vec![PredMention::new(s.clone())],
            Value::Array(ms) => {
                let mut v = Vec::with_capacity(ms.len());
                for m in ms {
                    match m {
                        Value::String(s) => v.push(PredMention::new(s.clone())),
                        // [string, offset] pairs, as in the gold files.
                        Value::Array(pair) => match pair.first() {
                            Some(Value::String(s)) => v.push(PredMention::new(s.clone())),
                            _ => return Err(invalid(&format!("{ctx}: bad mention {m}"))),
                        },
                        _ => return Err(invalid(&format!("{ctx}: bad mention {m}"))),
                    }
                }
                v
            }
            _ => return Err(invalid(&format!("{ctx}: bad entity {e}"))),
        };
        out.push(mentions);
    }
    Ok(out)
}

fn parse_roles(obj: &Map<String, Value>, ctx: &str) -> Result<[Vec<PredEntity>; 5], Muc4Error> {
    let mut roles: [Vec<PredEntity>; 5] = Default::default();
    for role in ROLES {
        roles[role.index()] = parse_entities(obj.get(role.key()), &format!("{ctx}.{role}"))?;
    }
    Ok(roles)
}

/// Parse a predictions file's JSON text (any of the three published shapes, or ours).
/// Keys may be numeric (`"30012"`) or doc ids (`"TST3-MUC4-0012"`).
pub fn parse_predictions(text: &str) -> Result<Predictions, Muc4Error> {
    let v: Value = serde_json::from_str(text).map_err(|source| Muc4Error::Json {
        what: "predictions".into(),
        source,
    })?;
    let obj = v
        .as_object()
        .ok_or_else(|| invalid("top level is not an object"))?;
    let mut out = Predictions::new();
    for (k, doc) in obj {
        let key: u64 = match k.trim().parse() {
            Ok(n) => n,
            Err(_) => crate::data::docid_to_key(k)?,
        };
        let doc = doc
            .as_object()
            .ok_or_else(|| invalid(&format!("{k} is not an object")))?;
        let mut pred = DocPrediction::default();
        if let Some(ts) = doc.get("pred_templates") {
            let ts = ts
                .as_array()
                .ok_or_else(|| invalid(&format!("{k}.pred_templates is not a list")))?;
            let mut templates = Vec::with_capacity(ts.len());
            for (i, t) in ts.iter().enumerate() {
                let ctx = format!("{k}.pred_templates[{i}]");
                let t = t
                    .as_object()
                    .ok_or_else(|| invalid(&format!("{ctx} is not an object")))?;
                // As in the GTT scorer: a non-string incident type becomes "attack".
                let incident_type = match t.get("incident_type") {
                    Some(Value::String(s)) => s.clone(),
                    _ => "attack".to_string(),
                };
                templates.push(PredTemplate {
                    incident_type,
                    roles: parse_roles(t, &ctx)?,
                });
            }
            pred.pred_templates = Some(templates);
        }
        if let Some(e) = doc.get("pred_extracts") {
            let e = e
                .as_object()
                .ok_or_else(|| invalid(&format!("{k}.pred_extracts is not an object")))?;
            pred.pred_extracts = Some(parse_roles(e, &format!("{k}.pred_extracts"))?);
        }
        out.insert(key, pred);
    }
    Ok(out)
}

/// Read a predictions file.
pub fn read_predictions(path: &Path) -> Result<Predictions, Muc4Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Muc4Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_predictions(&text)
}

fn entities_json(es: &[PredEntity]) -> Value {
    Value::Array(
        es.iter()
            .map(|e| Value::Array(e.iter().map(|m| Value::String(m.text.clone())).collect()))
            .collect(),
    )
}

fn roles_json(obj: &mut Map<String, Value>, roles: &[Vec<PredEntity>; 5]) {
    for role in ROLES {
        obj.insert(role.key().into(), entities_json(&roles[role.index()]));
    }
}

/// The predictions as JSON in the published shape: keys are the numeric doc keys as
/// strings; each document has `pred_templates` and/or `pred_extracts`.
pub fn predictions_to_json(preds: &Predictions) -> Value {
    let mut top = Map::new();
    for (key, doc) in preds {
        let mut d = Map::new();
        if let Some(ts) = &doc.pred_templates {
            let arr = ts
                .iter()
                .map(|t| {
                    let mut o = Map::new();
                    o.insert(
                        "incident_type".into(),
                        Value::String(t.incident_type.clone()),
                    );
                    roles_json(&mut o, &t.roles);
                    Value::Object(o)
                })
                .collect();
            d.insert("pred_templates".into(), Value::Array(arr));
        }
        if let Some(e) = &doc.pred_extracts {
            let mut o = Map::new();
            roles_json(&mut o, e);
            d.insert("pred_extracts".into(), Value::Object(o));
        }
        top.insert(key.to_string(), Value::Object(d));
    }
    Value::Object(top)
}

/// Write predictions to a file in the published shape (pretty-printed JSON).
pub fn write_predictions(path: &Path, preds: &Predictions) -> Result<(), Muc4Error> {
    let text = serde_json::to_string_pretty(&predictions_to_json(preds)).map_err(|source| {
        Muc4Error::Json {
            what: "predictions".into(),
            source,
        }
    })?;
    std::fs::write(path, text).map_err(|source| Muc4Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_shapes_and_round_trips() {
        let text = r#"{"30001": {"doctext": "x", "pred_templates": [{"incident_type": ["attack"], "PerpInd": [["men"]], "PerpOrg": [], "Target": [], "Victim": [], "Weapon": [["bomb", "device"]]}]},
                       "TST3-MUC4-0002": {"pred_extracts": {"PerpInd": [], "PerpOrg": [["fmln"]], "Target": [], "Victim": [], "Weapon": []}}}"#;
        let p = parse_predictions(text).unwrap_or_default();
        assert_eq!(p.len(), 2);
        let t = p
            .get(&30001)
            .and_then(|d| d.pred_templates.as_ref())
            .and_then(|t| t.first().cloned())
            .unwrap_or_default();
        assert_eq!(t.incident_type, "attack");
        assert_eq!(t.role(Role::Weapon).first().map(Vec::len), Some(2));
        let ex = p.get(&30002).map(|d| d.extracts()).unwrap_or_default();
        assert_eq!(ex[Role::PerpOrg.index()][0][0].text, "fmln");
        let again = parse_predictions(&predictions_to_json(&p).to_string()).unwrap_or_default();
        assert_eq!(again, p);
        assert!(parse_predictions("[1,2]").is_err());
        assert!(parse_predictions(r#"{"30001": {"pred_templates": 3}}"#).is_err());
    }

    #[test]
    fn pooling_drops_duplicates() {
        let mut a = PredTemplate {
            incident_type: "attack".into(),
            ..Default::default()
        };
        a.roles[0].push(vec![PredMention::new("The Men")]);
        let mut b = a.clone();
        b.roles[0].push(vec![PredMention::new("women")]);
        b.roles[0].push(vec![PredMention::new("men")]);
        let pooled = pool_extracts(&[a, b]);
        assert_eq!(pooled[0].len(), 2);
    }
}
