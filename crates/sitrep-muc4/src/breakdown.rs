//! GTT scores by kind of document: those with no gold template (irrelevant: every
//! template predicted there is a false positive), those reporting one incident, and those
//! reporting several. The micro-averaged score hides where a system loses; on MUC-4 test
//! the kinds tell apart systems with the same overall F1 (docs/benchmarks.md).

use std::fmt;

use crate::data::{docid_to_key, Muc4Doc};
use crate::error::Muc4Error;
use crate::preds::Predictions;
use crate::score::{score_gtt, Report};

/// One kind of document and the GTT scorer's report on it.
#[derive(Debug, Clone)]
pub struct TemplateGroup {
    /// `none`, `one` or `several` gold templates.
    pub name: &'static str,
    /// Documents of this kind.
    pub docs: usize,
    /// Gold templates in them.
    pub gold_templates: usize,
    /// Templates predicted for them.
    pub pred_templates: usize,
    /// The GTT scorer on these documents only (on `none`, every predicted slot counts
    /// against precision and there is nothing to recall).
    pub gtt: Report,
}

/// [`TemplateGroup`]s of a split: `none`, `one`, `several`, in that order. Their micro
/// counts add up to those of [`score_gtt`] on all documents.
#[derive(Debug, Clone)]
pub struct Breakdown(pub Vec<TemplateGroup>);

/// Scores `preds` separately on the documents with no, one and several gold templates.
pub fn by_gold_templates(gold: &[Muc4Doc], preds: &Predictions) -> Result<Breakdown, Muc4Error> {
    let mut out = Vec::with_capacity(3);
    for (name, lo, hi) in [("none", 0, 0), ("one", 1, 1), ("several", 2, usize::MAX)] {
        let docs: Vec<Muc4Doc> = gold
            .iter()
            .filter(|d| (lo..=hi).contains(&d.templates.len()))
            .cloned()
            .collect();
        let mut pred_templates = 0;
        for d in &docs {
            let key = docid_to_key(&d.docid)?;
            pred_templates += preds
                .get(&key)
                .and_then(|p| p.pred_templates.as_ref())
                .map_or(0, Vec::len);
        }
        out.push(TemplateGroup {
            name,
            docs: docs.len(),
            gold_templates: docs.iter().map(|d| d.templates.len()).sum(),
            pred_templates,
            gtt: score_gtt(&docs, preds)?,
        });
    }
    Ok(Breakdown(out))
}

impl fmt::Display for Breakdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "GTT template scorer by gold templates per document")?;
        writeln!(
            f,
            "{:<9} {:>5} {:>9} {:>9} {:>7} {:>7} {:>7}   {:>11} {:>11}",
            "kind", "docs", "gold tpl", "pred tpl", "P", "R", "F1", "p_num/den", "r_num/den"
        )?;
        for g in &self.0 {
            let m = &g.gtt.micro;
            let (r, f1) = if m.r_den == 0 {
                ("-".to_string(), "-".to_string())
            } else {
                (
                    format!("{:.2}", m.recall() * 100.0),
                    format!("{:.2}", m.f1() * 100.0),
                )
            };
            writeln!(
                f,
                "{:<9} {:>5} {:>9} {:>9} {:>7.2} {:>7} {:>7}   {:>11} {:>11}",
                g.name,
                g.docs,
                g.gold_templates,
                g.pred_templates,
                m.precision() * 100.0,
                r,
                f1,
                format!("{}/{}", m.p_num, m.p_den),
                format!("{}/{}", m.r_num, m.r_den),
            )?;
        }
        Ok(())
    }
}
