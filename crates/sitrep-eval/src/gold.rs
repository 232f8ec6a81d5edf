//! Scoring records against a gold file.
//!
//! Alignment: within a document, each gold incident is paired one-to-one with
//! the predicted incident that agrees with it most (exhaustively over small
//! documents), provided the two agree on the country or are both the primary
//! incident. Fields are then compared where the gold value is present (a gold
//! `null` or absent field is not scored; an empty list is scored as "none"):
//!
//! * `primary`, `city` (any of the `|`-separated spellings), `country`, `date`
//!   (exact string), `killed`/`injured` (min and max), `perpetrators_killed`,
//!   `claimed`: equality;
//! * `attack_types`, `weapon_types`, `target_types`, `groups` ((name, relation)
//!   pairs), `perpetrators` (names, a shorter form counts): set equality.
//!
//! "Field accuracy" is correct fields / scored fields over aligned incidents;
//! "strict" also counts every scored field of an unaligned gold incident as wrong.
//! Statements are matched on (speaker, kind), speakers compared by name tokens.

use serde::Deserialize;
use sitrep_core::DocumentRecord;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Errors of the gold scorer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GoldError {
    /// A line of the gold or prediction file is not valid.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// Which file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One gold document (see `shared/gold/FORMAT.md`).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// File name of the document.
    pub doc: String,
    /// Gold incidents.
    #[serde(default)]
    pub incidents: Vec<GoldIncident>,
    /// Gold statements.
    #[serde(default)]
    pub statements: Vec<GoldStatement>,
    /// Publication date as the document states it; `None` when the gold line has no
    /// `published` key, `Some(None)` when it says the text states none.
    #[serde(default, deserialize_with = "present")]
    pub published: Option<Option<String>>,
}

/// Deserialises a key that may be absent (`None`), `null` (`Some(None)`) or a value.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// One gold incident; `None` fields are not scored.
#[derive(Debug, Clone, Deserialize)]
#[allow(missing_docs)]
pub struct GoldIncident {
    pub primary: Option<bool>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub date: Option<String>,
    pub attack_types: Option<Vec<String>>,
    pub weapon_types: Option<Vec<String>>,
    pub target_types: Option<Vec<String>>,
    pub killed: Option<(u32, Option<u32>)>,
    pub injured: Option<(u32, Option<u32>)>,
    pub perpetrators_killed: Option<bool>,
    pub perpetrators: Option<Vec<String>>,
    pub groups: Option<Vec<(String, String)>>,
    pub claimed: Option<bool>,
}

/// One gold statement.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldStatement {
    /// Speaker.
    pub speaker: String,
    /// Kind (snake_case).
    pub kind: String,
}

/// Reads a JSON Lines gold file.
pub fn parse_gold(name: &str, text: &str) -> Result<Vec<GoldDoc>, GoldError> {
    parse_lines(name, text)
}

/// Reads `sitrep extract` output.
pub fn parse_records(name: &str, text: &str) -> Result<Vec<DocumentRecord>, GoldError> {
    parse_lines(name, text)
}

fn parse_lines<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<Vec<T>, GoldError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| GoldError::Parse {
                file: name.to_string(),
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}

/// Correct / scored counts per field, and incident and statement counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldReport {
    /// Per field: (correct, scored).
    pub fields: BTreeMap<&'static str, (usize, usize)>,
    /// Scored fields of gold incidents that no prediction aligned with.
    pub unaligned_fields: usize,
    /// Aligned incident pairs.
    pub matched: usize,
    /// Predicted incidents.
    pub predicted: usize,
    /// Gold incidents.
    pub gold: usize,
    /// Statements: matched, predicted, gold.
    pub statements: (usize, usize, usize),
    /// Documents in the gold file with no prediction.
    pub missing_docs: Vec<String>,
    /// Gold documents with a primary incident, and how many of them got a predicted
    /// primary incident aligned with it.
    pub primary: (usize, usize),
    /// Gold documents with no primary incident, and how many of them got a predicted
    /// primary incident all the same (an invented incident).
    pub invented: (usize, usize),
    /// Gold documents with no incident at all, and how many of them got some incident
    /// (primary or background), with the number of such incidents.
    pub invented_any: (usize, usize, usize),
    /// Publication dates: (correct, scored), over documents whose gold says.
    pub published: (usize, usize),
    /// Per document: the wrong fields, for reading.
    pub errors: Vec<String>,
}

fn prf(m: usize, p: usize, g: usize) -> (f64, f64, f64) {
    let pr = if p == 0 { 0.0 } else { m as f64 / p as f64 };
    let rc = if g == 0 { 0.0 } else { m as f64 / g as f64 };
    let f = if pr + rc == 0.0 {
        0.0
    } else {
        2.0 * pr * rc / (pr + rc)
    };
    (pr, rc, f)
}

impl GoldReport {
    /// Correct and scored fields over aligned incidents.
    pub fn field_totals(&self) -> (usize, usize) {
        self.fields
            .values()
            .fold((0, 0), |(a, b), (c, s)| (a + c, b + s))
    }

    /// Field accuracy over aligned incidents (0–1).
    pub fn field_accuracy(&self) -> f64 {
        let (c, s) = self.field_totals();
        if s == 0 {
            0.0
        } else {
            c as f64 / s as f64
        }
    }

    /// Incident precision, recall and F1.
    pub fn incident_prf(&self) -> (f64, f64, f64) {
        prf(self.matched, self.predicted, self.gold)
    }

    /// Statement precision, recall and F1.
    pub fn statement_prf(&self) -> (f64, f64, f64) {
        let (m, p, g) = self.statements;
        prf(m, p, g)
    }

    /// Strict field accuracy (0–1): correct fields over scored fields, every scored
    /// field of an unaligned gold incident counted wrong.
    pub fn strict_accuracy(&self) -> f64 {
        let (c, s) = self.field_totals();
        ratio(c, s + self.unaligned_fields)
    }

    /// Share of gold primary incidents found as the predicted primary (0–1).
    pub fn primary_accuracy(&self) -> f64 {
        ratio(self.primary.0, self.primary.1)
    }

    /// Adds another report's counts to this one (for sets scored in parts).
    pub fn absorb(&mut self, o: &GoldReport) {
        for (k, (c, s)) in &o.fields {
            let e = self.fields.entry(k).or_default();
            e.0 += c;
            e.1 += s;
        }
        self.unaligned_fields += o.unaligned_fields;
        self.matched += o.matched;
        self.predicted += o.predicted;
        self.gold += o.gold;
        self.statements.0 += o.statements.0;
        self.statements.1 += o.statements.1;
        self.statements.2 += o.statements.2;
        self.missing_docs.extend(o.missing_docs.iter().cloned());
        self.primary.0 += o.primary.0;
        self.primary.1 += o.primary.1;
        self.invented.0 += o.invented.0;
        self.invented.1 += o.invented.1;
        self.invented_any.0 += o.invented_any.0;
        self.invented_any.1 += o.invented_any.1;
        self.invented_any.2 += o.invented_any.2;
        self.published.0 += o.published.0;
        self.published.1 += o.published.1;
        self.errors.extend(o.errors.iter().cloned());
    }
}

/// `a / b`, 0 when `b` is 0.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl fmt::Display for GoldReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<22} {:>8} {:>8}", "field", "correct", "accuracy")?;
        for (k, (c, s)) in &self.fields {
            let acc = if *s == 0 {
                0.0
            } else {
                100.0 * *c as f64 / *s as f64
            };
            writeln!(f, "{k:<22} {:>8} {acc:>7.1}%", format!("{c}/{s}"))?;
        }
        if !self.missing_docs.is_empty() {
            writeln!(
                f,
                "documents without prediction: {}",
                self.missing_docs.join(", ")
            )?;
        }
        let (c, s) = self.field_totals();
        let strict = s + self.unaligned_fields;
        let (ip, ir, i_f) = self.incident_prf();
        let (sp, sr, sf) = self.statement_prf();
        writeln!(
            f,
            "incidents: P {:.3} R {:.3} F1 {:.3} (aligned {}, predicted {}, gold {})",
            ip, ir, i_f, self.matched, self.predicted, self.gold
        )?;
        writeln!(
            f,
            "statements: P {:.3} R {:.3} F1 {:.3} (matched {}, predicted {}, gold {})",
            sp, sr, sf, self.statements.0, self.statements.1, self.statements.2
        )?;
        write!(
            f,
            "fields: accuracy {:.1}% ({c}/{s}) on aligned incidents; strict {:.1}% ({c}/{strict}) counting unaligned gold incidents",
            100.0 * self.field_accuracy(),
            if strict == 0 { 0.0 } else { 100.0 * c as f64 / strict as f64 }
        )
    }
}

/// Lowercase ASCII letters and digits of a name, words separated by one space;
/// curly and straight apostrophes dropped.
pub fn norm(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = fold(c);
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’' | '‘' | 'ʼ') {
            continue;
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        _ => c,
    }
}

/// True when two person or speaker names refer to the same one: equal, or all
/// the words of the shorter are in the longer ("Azimov" ~ "Khamzat Azimov").
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let wa: BTreeSet<&str> = a.split(' ').collect();
    let wb: BTreeSet<&str> = b.split(' ').collect();
    wa.is_subset(&wb) || wb.is_subset(&wa)
}

type Check = (&'static str, bool);

fn compare(g: &GoldIncident, p: &sitrep_core::Incident) -> Vec<Check> {
    let mut v: Vec<Check> = Vec::new();
    let loc = p.location.as_ref();
    if let Some(x) = g.primary {
        v.push(("primary", x == p.primary));
    }
    if let Some(city) = &g.city {
        let pc = loc.and_then(|l| l.city.as_deref()).map(norm);
        v.push(("city", city.split('|').any(|c| Some(norm(c)) == pc)));
    }
    if let Some(cc) = &g.country {
        let pc = loc.and_then(|l| l.country_code.as_deref());
        v.push(("country", cc.split('|').any(|c| Some(c) == pc)));
    }
    if let Some(d) = &g.date {
        v.push((
            "date",
            p.date.as_ref().map(|x| x.value.to_string()).as_deref() == Some(d),
        ));
    }
    let set = |xs: &[String]| {
        xs.iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<String>>()
    };
    if let Some(a) = &g.attack_types {
        let pa: BTreeSet<String> = p
            .attack_types
            .iter()
            .map(|x| x.value.as_str().to_string())
            .collect();
        v.push(("attack_types", set(a) == pa));
    }
    if let Some(a) = &g.weapon_types {
        let pa: BTreeSet<String> = p
            .weapon_types
            .iter()
            .map(|x| x.value.as_str().to_string())
            .collect();
        v.push(("weapon_types", set(a) == pa));
    }
    if let Some(a) = &g.target_types {
        let pa: BTreeSet<String> = p
            .target_types
            .iter()
            .map(|x| x.value.as_str().to_string())
            .collect();
        v.push(("target_types", set(a) == pa));
    }
    if let Some((min, max)) = g.killed {
        v.push((
            "killed",
            p.killed
                .as_ref()
                .is_some_and(|c| c.min == min && c.max == max),
        ));
    }
    if let Some((min, max)) = g.injured {
        v.push((
            "injured",
            p.injured
                .as_ref()
                .is_some_and(|c| c.min == min && c.max == max),
        ));
    }
    if let Some(x) = g.perpetrators_killed {
        v.push((
            "perpetrators_killed",
            p.perpetrators_killed.as_ref().map(|l| l.value) == Some(x),
        ));
    }
    if let Some(names) = &g.perpetrators {
        let ok = names.len() == p.perpetrators.len()
            && names
                .iter()
                .all(|n| p.perpetrators.iter().any(|q| same_name(n, &q.name)));
        v.push(("perpetrators", ok));
    }
    if let Some(groups) = &g.groups {
        v.push(("groups", same_groups(groups, &p.groups)));
    }
    if let Some(x) = g.claimed {
        v.push(("claimed", p.claimed.as_ref().map(|c| c.value) == Some(x)));
    }
    v
}

/// Gold groups (names with `|`-separated accepted spellings, relation) against the
/// predicted links: equal as sets, each gold pair matched by its own predicted pair.
fn same_groups(gold: &[(String, String)], pred: &[sitrep_core::GroupLink]) -> bool {
    let ps: BTreeSet<(String, String)> = pred
        .iter()
        .map(|l| (norm(&l.name), l.relation.as_str().to_string()))
        .collect();
    let gs: BTreeSet<(String, String)> = gold.iter().map(|(n, r)| (n.clone(), r.clone())).collect();
    if gs.len() != ps.len() {
        return false;
    }
    let mut used: BTreeSet<&(String, String)> = BTreeSet::new();
    gs.iter().all(|(names, rel)| {
        let hit = ps
            .iter()
            .find(|p| !used.contains(p) && p.1 == *rel && names.split('|').any(|n| norm(n) == p.0));
        hit.map(|h| used.insert(h)).is_some()
    })
}

fn alignable(g: &GoldIncident, p: &sitrep_core::Incident) -> bool {
    let pc = p.location.as_ref().and_then(|l| l.country_code.as_deref());
    let country = g
        .country
        .as_deref()
        .is_some_and(|c| c.split('|').any(|c| Some(c) == pc));
    country || (g.primary == Some(true) && p.primary)
}

fn pair_score(g: &GoldIncident, p: &sitrep_core::Incident) -> usize {
    let checks = compare(g, p);
    let mut s: usize = checks.iter().filter(|(_, ok)| *ok).count() * 2;
    for (k, ok) in &checks {
        if *ok && (*k == "city" || *k == "date") {
            s += 3;
        }
    }
    s + 1
}

/// Best one-to-one alignment of gold to predicted incidents (exhaustive for up to
/// 8 incidents a side, greedy beyond).
fn align(gold: &[GoldIncident], pred: &[sitrep_core::Incident]) -> Vec<(usize, usize)> {
    let w: Vec<Vec<usize>> = gold
        .iter()
        .map(|g| {
            pred.iter()
                .map(|p| if alignable(g, p) { pair_score(g, p) } else { 0 })
                .collect()
        })
        .collect();
    if gold.len() <= 8 && pred.len() <= 8 {
        let mut best = (0usize, Vec::new());
        let mut used = vec![false; pred.len()];
        let mut cur = Vec::new();
        search(&w, 0, &mut used, &mut cur, 0, &mut best);
        best.1
    } else {
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        for (gi, row) in w.iter().enumerate() {
            for (pi, &s) in row.iter().enumerate() {
                if s > 0 {
                    pairs.push((s, gi, pi));
                }
            }
        }
        pairs.sort_by(|a, b| b.cmp(a));
        let (mut ug, mut up) = (BTreeSet::new(), BTreeSet::new());
        let mut out = Vec::new();
        for (_, gi, pi) in pairs {
            if !ug.contains(&gi) && !up.contains(&pi) {
                ug.insert(gi);
                up.insert(pi);
                out.push((gi, pi));
            }
        }
        out
    }
}

fn search(
    w: &[Vec<usize>],
    gi: usize,
    used: &mut [bool],
    cur: &mut Vec<(usize, usize)>,
    score: usize,
    best: &mut (usize, Vec<(usize, usize)>),
) {
    if gi == w.len() {
        if score > best.0 {
            *best = (score, cur.clone());
        }
        return;
    }
    search(w, gi + 1, used, cur, score, best);
    for pi in 0..used.len() {
        if !used[pi] && w[gi][pi] > 0 {
            used[pi] = true;
            cur.push((gi, pi));
            search(w, gi + 1, used, cur, score + w[gi][pi], best);
            cur.pop();
            used[pi] = false;
        }
    }
}

/// Scores predictions against gold.
pub fn score(gold: &[GoldDoc], pred: &[DocumentRecord]) -> GoldReport {
    let mut r = GoldReport::default();
    for g in gold {
        let p = pred.iter().find(|p| p.doc_id == g.doc);
        let gold_primary = g.incidents.iter().position(|i| i.primary == Some(true));
        let Some(p) = p else {
            r.missing_docs.push(g.doc.clone());
            if gold_primary.is_some() {
                r.primary.1 += 1;
            } else {
                r.invented.1 += 1;
            }
            if g.published.is_some() {
                r.published.1 += 1;
            }
            if g.incidents.is_empty() {
                r.invented_any.1 += 1;
            }
            r.gold += g.incidents.len();
            r.statements.2 += g.statements.len();
            for gi in &g.incidents {
                r.unaligned_fields += compare(gi, &sitrep_core::Incident::empty("")).len();
            }
            continue;
        };
        r.gold += g.incidents.len();
        r.predicted += p.incidents.len();
        let pairs = align(&g.incidents, &p.incidents);
        r.matched += pairs.len();
        match gold_primary {
            Some(gi) => {
                r.primary.1 += 1;
                if pairs
                    .iter()
                    .any(|&(a, pi)| a == gi && p.incidents[pi].primary)
                {
                    r.primary.0 += 1;
                } else {
                    r.errors
                        .push(format!("{}: primary incident not found", g.doc));
                }
            }
            None => {
                r.invented.1 += 1;
                if p.incidents.iter().any(|i| i.primary) {
                    r.invented.0 += 1;
                    r.errors
                        .push(format!("{}: a primary incident the gold has not", g.doc));
                }
            }
        }
        if g.incidents.is_empty() {
            r.invented_any.1 += 1;
            if !p.incidents.is_empty() {
                r.invented_any.0 += 1;
                r.invented_any.2 += p.incidents.len();
                r.errors.push(format!(
                    "{}: {} incident(s) in a report with none",
                    g.doc,
                    p.incidents.len()
                ));
            }
        }
        if let Some(gp) = &g.published {
            r.published.1 += 1;
            let pp = p.published.map(|d| d.to_string());
            if pp == *gp {
                r.published.0 += 1;
            } else {
                r.errors.push(format!(
                    "{}: published {} (gold {})",
                    g.doc,
                    pp.as_deref().unwrap_or("none"),
                    gp.as_deref().unwrap_or("none")
                ));
            }
        }
        for (gi, gold_inc) in g.incidents.iter().enumerate() {
            match pairs.iter().find(|(a, _)| *a == gi) {
                Some(&(_, pi)) => {
                    for (k, ok) in compare(gold_inc, &p.incidents[pi]) {
                        let e = r.fields.entry(k).or_default();
                        e.1 += 1;
                        if ok {
                            e.0 += 1;
                        } else {
                            r.errors.push(format!(
                                "{}: incident {} ({}): {k}",
                                g.doc,
                                gi + 1,
                                gold_inc.city.as_deref().unwrap_or("-")
                            ));
                        }
                    }
                }
                None => {
                    r.unaligned_fields +=
                        compare(gold_inc, &sitrep_core::Incident::empty("")).len();
                    r.errors.push(format!(
                        "{}: incident {} ({}) not found",
                        g.doc,
                        gi + 1,
                        gold_inc.city.as_deref().unwrap_or("-")
                    ));
                }
            }
        }
        // statements
        let mut used = vec![false; p.statements.len()];
        for gs in &g.statements {
            let hit = p.statements.iter().enumerate().find(|(i, ps)| {
                !used[*i] && ps.kind.as_str() == gs.kind && same_name(&ps.speaker, &gs.speaker)
            });
            if let Some((i, _)) = hit {
                used[i] = true;
                r.statements.0 += 1;
            } else {
                r.errors.push(format!(
                    "{}: statement {} / {} not found",
                    g.doc, gs.speaker, gs.kind
                ));
            }
        }
        r.statements.1 += p.statements.len();
        r.statements.2 += g.statements.len();
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(json: &str) -> DocumentRecord {
        serde_json::from_str(json).unwrap()
    }

    const GOLD: &str = r#"{"doc":"a.txt","incidents":[{"primary":true,"city":"Springfield|Springfeld","country":"US","date":null,"attack_types":["armed_assault"],"weapon_types":["melee"],"killed":[2,2],"injured":null,"perpetrators":["John Doe"],"groups":[],"claimed":null},{"primary":false,"city":"Lyon","country":"FR","attack_types":null,"killed":null}],"statements":[{"speaker":"Jane Roe","kind":"official_statement"}]}"#;

    fn incident(city: &str, cc: &str, primary: bool, killed: Option<(u32, Option<u32>)>) -> String {
        let k = match killed {
            Some((a, b)) => format!(
                r#"{{"min":{a},"max":{},"evidence":[]}}"#,
                b.map_or("null".into(), |b| b.to_string())
            ),
            None => "null".into(),
        };
        format!(
            r#"{{"id":"x","primary":{primary},"date":null,"location":{{"city":"{city}","region":null,"country":null,"country_code":"{cc}","lat":null,"lon":null,"evidence":[]}},"attack_types":[{{"value":"armed_assault","evidence":[]}}],"weapon_types":[{{"value":"melee","evidence":[]}}],"target_types":[],"killed":{k},"injured":null,"perpetrators_killed":null,"perpetrators":[{{"name":"Doe","age":null,"origin":null,"fate":null,"evidence":[]}}],"groups":[],"claimed":null,"confidence":0.5}}"#
        )
    }

    #[test]
    fn aligns_and_scores_fields() {
        let gold = parse_gold("g", GOLD).unwrap();
        let p = rec(&format!(
            r#"{{"doc_id":"a.txt","source":"a.txt","title":null,"published":null,"incidents":[{},{}],"statements":[{{"speaker":"Roe","affiliation":null,"kind":"official_statement","evidence":[]}}],"error":null}}"#,
            incident("Lyon", "FR", false, None),
            incident("Springfeld", "US", true, Some((2, Some(2))))
        ));
        let r = score(&gold, &[p]);
        assert_eq!(r.matched, 2);
        assert_eq!(r.incident_prf().2, 1.0);
        // Springfield: primary, city, country, date(null: not scored), attack, weapon, killed, perps, groups = 8
        // Lyon: primary, city, country = 3 (attack_types null and killed null are not scored)
        assert_eq!(r.field_totals(), (11, 11));
        assert_eq!(r.statements, (1, 1, 1));
    }

    #[test]
    fn wrong_values_and_missing_incidents_count() {
        let gold = parse_gold("g", GOLD).unwrap();
        let p = rec(&format!(
            r#"{{"doc_id":"a.txt","source":"a.txt","title":null,"published":null,"incidents":[{}],"statements":[],"error":null}}"#,
            incident("Springfield", "US", true, Some((3, None)))
        ));
        let r = score(&gold, &[p]);
        assert_eq!(r.matched, 1);
        assert_eq!(r.predicted, 1);
        assert_eq!(r.gold, 2);
        assert_eq!(r.fields["killed"], (0, 1));
        assert_eq!(r.field_totals(), (7, 8));
        assert_eq!(r.unaligned_fields, 3);
        assert_eq!(r.statements, (0, 0, 1));
    }

    #[test]
    fn an_incident_in_another_country_is_not_aligned() {
        let gold = parse_gold("g", GOLD).unwrap();
        let p = rec(&format!(
            r#"{{"doc_id":"a.txt","source":"a.txt","title":null,"published":null,"incidents":[{}],"statements":[],"error":null}}"#,
            incident("Berlin", "DE", false, None)
        ));
        let r = score(&gold, &[p]);
        assert_eq!(r.matched, 0);
        assert_eq!(r.incident_prf(), (0.0, 0.0, 0.0));
    }

    #[test]
    fn large_documents_align_greedily_one_to_one() {
        let cities = ["Aa", "Bb", "Cc", "Dd", "Ee", "Ff", "Gg", "Hh", "Ii", "Jj"];
        let gold_line = format!(
            r#"{{"doc":"big.txt","incidents":[{}]}}"#,
            cities
                .iter()
                .map(|c| format!(r#"{{"primary":false,"city":"{c}","country":"US"}}"#))
                .collect::<Vec<_>>()
                .join(",")
        );
        let gold = parse_gold("g", &gold_line).unwrap();
        let incidents: Vec<String> = cities
            .iter()
            .rev()
            .map(|c| incident(c, "US", false, None))
            .collect();
        let p = rec(&format!(
            r#"{{"doc_id":"big.txt","source":"big.txt","title":null,"published":null,"incidents":[{}],"statements":[],"error":null}}"#,
            incidents.join(",")
        ));
        let r = score(&gold, &[p]);
        assert_eq!(r.matched, 10);
        assert_eq!(r.fields["city"], (10, 10), "every city found its own");
    }

    #[test]
    fn gold_groups_accept_any_listed_spelling_and_keep_relations_apart() {
        use sitrep_core::{GroupLink, GroupRelation};
        let link = |n: &str, r: GroupRelation| GroupLink {
            name: n.to_string(),
            relation: r,
            evidence: vec![],
        };
        let gold = vec![
            (
                "ISWAP|Islamic State West Africa Province".to_string(),
                "claimed".to_string(),
            ),
            ("Boko Haram".to_string(), "suspected".to_string()),
        ];
        let ok = [
            link("Islamic State West Africa Province", GroupRelation::Claimed),
            link("Boko Haram", GroupRelation::Suspected),
        ];
        assert!(same_groups(&gold, &ok));
        let wrong_relation = [
            link("ISWAP", GroupRelation::Suspected),
            link("Boko Haram", GroupRelation::Suspected),
        ];
        assert!(!same_groups(&gold, &wrong_relation));
        assert!(!same_groups(&gold, &ok[..1]));
    }

    #[test]
    fn primary_found_invented_and_publication_dates_are_counted() {
        let gold = parse_gold(
            "g",
            concat!(
                r#"{"doc":"a.txt","published":"2020-01-02","incidents":[{"primary":true,"city":"Lyon","country":"FR"}]}"#,
                "\n",
                r#"{"doc":"b.txt","published":null,"incidents":[]}"#
            ),
        )
        .unwrap();
        assert_eq!(gold[0].published, Some(Some("2020-01-02".to_string())));
        assert_eq!(gold[1].published, Some(None));
        let a = rec(&format!(
            r#"{{"doc_id":"a.txt","source":"a.txt","title":null,"published":"2020-01-02","incidents":[{}],"statements":[],"error":null}}"#,
            incident("Lyon", "FR", true, None)
        ));
        let b = rec(&format!(
            r#"{{"doc_id":"b.txt","source":"b.txt","title":null,"published":"2020-01-03","incidents":[{}],"statements":[],"error":null}}"#,
            incident("Lyon", "FR", true, None)
        ));
        let r = score(&gold, &[a, b]);
        assert_eq!(r.primary, (1, 1));
        assert_eq!(r.invented, (1, 1));
        assert_eq!(r.invented_any, (1, 1, 1));
        assert_eq!(r.published, (1, 2));
    }

    #[test]
    fn names_match_by_words() {
        assert!(same_name("A'maq", "A’maq"));
        assert!(same_name("Azimov", "Khamzat Azimov"));
        assert!(!same_name("Azimov", "Abballa"));
        assert!(same_name("Mccary", "Ian J. Mccary"));
    }
}
