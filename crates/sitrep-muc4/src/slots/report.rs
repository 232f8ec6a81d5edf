//! The official report: per-slot tallies, the subtotal rows, the summary rows, and the
//! F-measures; and a reader of the 1992 score files.
//!
//! Recall is (COR + PAR/2) / POS, precision (COR + PAR/2) / ACT, overgeneration SPU / ACT,
//! each printed as a whole percent. As in the 1992 reports, the F-measures are computed
//! from the printed (rounded) recall and precision:
//! F = (β² + 1)·P·R / (β²·P + R), with β = 1 (P&R), 0.5 (2P&R) and 2 (P&2R).

use super::fill::{Slot, SCORED_SLOTS};
use crate::error::Muc4Error;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// The counts of one row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Key fillers that count (COR + PAR + INC + MIS).
    pub pos: u32,
    /// Response fillers (COR + PAR + INC + SPU).
    pub act: u32,
    /// Correct.
    pub cor: u32,
    /// Partially correct.
    pub par: u32,
    /// Incorrect.
    pub inc: u32,
    /// Of COR, judged by a human (here: taken from the history file).
    pub icr: u32,
    /// Of PAR, judged by a human (here: taken from the history file).
    pub ipa: u32,
    /// Spurious.
    pub spu: u32,
    /// Missing.
    pub mis: u32,
    /// Noncommittal (key and response both empty).
    pub non: u32,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.pos += o.pos;
        self.act += o.act;
        self.cor += o.cor;
        self.par += o.par;
        self.inc += o.inc;
        self.icr += o.icr;
        self.ipa += o.ipa;
        self.spu += o.spu;
        self.mis += o.mis;
        self.non += o.non;
    }
}

impl std::ops::Add for Tally {
    type Output = Tally;
    fn add(mut self, o: Tally) -> Tally {
        self += o;
        self
    }
}

/// A percentage as the 1992 report prints it: `num2 / 2` over `den`, cut to tenths, then
/// rounded to a whole number with halves to even (this reproduces every one of the
/// 182,272 percentages of the 34 official score files).
fn pct(num2: u64, den: u32) -> Option<u32> {
    if den == 0 {
        return None;
    }
    let tenths = 1000 * num2 / (2 * den as u64);
    let (q, r) = (tenths / 10, tenths % 10);
    let up = r > 5 || (r == 5 && q % 2 == 1);
    Some((q + u64::from(up)) as u32)
}

impl Tally {
    /// Recall in whole percent (None when POS is 0).
    pub fn rec(&self) -> Option<u32> {
        pct(2 * self.cor as u64 + self.par as u64, self.pos)
    }

    /// Precision in whole percent (None when ACT is 0).
    pub fn pre(&self) -> Option<u32> {
        pct(2 * self.cor as u64 + self.par as u64, self.act)
    }

    /// Overgeneration in whole percent (None when ACT is 0).
    pub fn ovg(&self) -> Option<u32> {
        pct(2 * self.spu as u64, self.act)
    }

    /// F-measure with weight `beta` from the rounded recall and precision.
    pub fn f(&self, beta: f64) -> f64 {
        let (r, p) = (
            self.rec().unwrap_or(0) as f64,
            self.pre().unwrap_or(0) as f64,
        );
        let b2 = beta * beta;
        if b2 * p + r == 0.0 {
            0.0
        } else {
            (b2 + 1.0) * p * r / (b2 * p + r)
        }
    }

    /// F(P&R).
    pub fn f1(&self) -> f64 {
        self.f(1.0)
    }
}

/// A summary row of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Row {
    /// Everything: matched, missing and spurious templates.
    AllTemplates,
    /// Matched and missing templates (spurious templates left out).
    MatchedMissing,
    /// Matched and spurious templates (missing templates left out).
    MatchedSpurious,
    /// Matched templates only.
    MatchedOnly,
    /// Set-fill slots, on the MATCHED/MISSING basis.
    SetFillsOnly,
    /// String-fill slots, on the MATCHED/MISSING basis.
    StringFillsOnly,
}

impl Row {
    /// The rows in report order.
    pub const ALL: [Row; 6] = [
        Row::MatchedMissing,
        Row::MatchedSpurious,
        Row::MatchedOnly,
        Row::AllTemplates,
        Row::SetFillsOnly,
        Row::StringFillsOnly,
    ];

    /// The row's label in the report.
    pub fn label(self) -> &'static str {
        match self {
            Row::AllTemplates => "ALL TEMPLATES",
            Row::MatchedMissing => "MATCHED/MISSING",
            Row::MatchedSpurious => "MATCHED/SPURIOUS",
            Row::MatchedOnly => "MATCHED ONLY",
            Row::SetFillsOnly => "SET FILLS ONLY",
            Row::StringFillsOnly => "STRING FILLS ONLY",
        }
    }
}

/// The slot groups of the report's subtotal rows.
pub const GROUPS: [(&str, &[Slot]); 4] = [
    (
        "inc-total",
        &[
            Slot::IncDate,
            Slot::IncLoc,
            Slot::IncType,
            Slot::IncStage,
            Slot::IncInstrId,
            Slot::IncInstrType,
        ],
    ),
    (
        "perp-total",
        &[
            Slot::PerpIncCat,
            Slot::PerpIndId,
            Slot::PerpOrgId,
            Slot::PerpOrgConf,
        ],
    ),
    (
        "phys-tgt-total",
        &[
            Slot::PhysTgtId,
            Slot::PhysTgtType,
            Slot::PhysTgtNum,
            Slot::PhysTgtNation,
            Slot::PhysTgtEffect,
            Slot::PhysTgtTotalNum,
        ],
    ),
    (
        "hum-tgt-total",
        &[
            Slot::HumTgtName,
            Slot::HumTgtDesc,
            Slot::HumTgtType,
            Slot::HumTgtNum,
            Slot::HumTgtNation,
            Slot::HumTgtEffect,
            Slot::HumTgtTotalNum,
        ],
    ),
];

/// Tallies of one slot, kept apart by where they come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlotTallies {
    /// From pairs of mapped key and response templates.
    pub matched: Tally,
    /// From key templates no response template was mapped to.
    pub missing: Tally,
    /// From response templates mapped to no key template.
    pub spurious: Tally,
}

impl SlotTallies {
    /// The tally of this slot on a row's basis.
    pub fn on(&self, row: Row) -> Tally {
        match row {
            Row::AllTemplates => self.matched + self.missing + self.spurious,
            Row::MatchedMissing | Row::SetFillsOnly | Row::StringFillsOnly => {
                self.matched + self.missing
            }
            Row::MatchedSpurious => self.matched + self.spurious,
            Row::MatchedOnly => self.matched,
        }
    }
}

/// A whole report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Tallies per slot, indexed by slot number (0 unused; 1 is the template-id row).
    pub slots: [SlotTallies; 25],
}

impl Report {
    /// A slot's row (all templates).
    pub fn slot(&self, slot: Slot) -> Tally {
        self.slots[slot as usize].on(Row::AllTemplates)
    }

    /// A subtotal row (`inc-total` …), all templates.
    pub fn group(&self, name: &str) -> Tally {
        GROUPS
            .iter()
            .filter(|(n, _)| *n == name)
            .flat_map(|(_, slots)| slots.iter())
            .fold(Tally::default(), |acc, s| acc + self.slot(*s))
    }

    /// A summary row.
    pub fn row(&self, row: Row) -> Tally {
        SCORED_SLOTS
            .iter()
            .filter(|s| match row {
                Row::SetFillsOnly => s.is_set_fill(),
                Row::StringFillsOnly => s.is_string_fill(),
                _ => true,
            })
            .fold(Tally::default(), |acc, s| {
                acc + self.slots[*s as usize].on(row)
            })
    }

    /// The report as JSON: `set`, `all_templates` {rec, pre, f}, the summary rows, the
    /// slot groups and every slot with its counts.
    pub fn to_json(&self, set: &str) -> serde_json::Value {
        let row_json = |t: Tally| {
            serde_json::json!({
                "pos": t.pos, "act": t.act, "cor": t.cor, "par": t.par, "inc": t.inc,
                "icr": t.icr, "ipa": t.ipa, "spu": t.spu, "mis": t.mis, "non": t.non,
                "rec": t.rec(), "pre": t.pre(), "ovg": t.ovg(),
                "f": round2(t.f(1.0)), "f_2p_r": round2(t.f(0.5)), "f_p_2r": round2(t.f(2.0)),
            })
        };
        let mut slots = serde_json::Map::new();
        for s in std::iter::once(Slot::TemplateId).chain(SCORED_SLOTS) {
            slots.insert(s.name().to_string(), row_json(self.slot(s)));
        }
        let mut groups = serde_json::Map::new();
        for (g, _) in GROUPS {
            groups.insert(g.to_string(), row_json(self.group(g)));
        }
        let mut rows = serde_json::Map::new();
        for r in Row::ALL {
            rows.insert(r.label().to_string(), row_json(self.row(r)));
        }
        serde_json::json!({
            "set": set,
            "all_templates": row_json(self.row(Row::AllTemplates)),
            "rows": rows,
            "groups": groups,
            "slots": slots,
        })
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn fmt_row(f: &mut fmt::Formatter<'_>, name: &str, t: Tally) -> fmt::Result {
    let p = |x: Option<u32>| x.map_or_else(|| "*".to_string(), |v| v.to_string());
    writeln!(
        f,
        "{name:<20}{:>5}{:>5}|{:>4}{:>4}{:>4}|{:>4}{:>4}|{:>4}{:>4}{:>5}|{:>4}{:>4}{:>4}",
        t.pos,
        t.act,
        t.cor,
        t.par,
        t.inc,
        t.icr,
        t.ipa,
        t.spu,
        t.mis,
        t.non,
        p(t.rec()),
        p(t.pre()),
        p(t.ovg())
    )
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule =
            "--------------------------------+------------+-------+-------------+------------";
        writeln!(
            f,
            "SLOT                  POS  ACT| COR PAR INC| ICR IPA| SPU MIS  NON| REC PRE OVG"
        )?;
        writeln!(f, "{rule}")?;
        fmt_row(f, Slot::TemplateId.name(), self.slot(Slot::TemplateId))?;
        for s in SCORED_SLOTS {
            fmt_row(f, s.name(), self.slot(s))?;
        }
        writeln!(f, "{rule}")?;
        for (g, _) in GROUPS {
            fmt_row(f, g, self.group(g))?;
        }
        writeln!(f, "{rule}")?;
        for r in Row::ALL {
            fmt_row(f, r.label(), self.row(r))?;
        }
        writeln!(f, "{rule}")?;
        writeln!(
            f,
            "{:<40}{:>10}{:>10}{:>10}",
            "F-MEASURES", "P&R", "2P&R", "P&2R"
        )?;
        for r in Row::ALL {
            let t = self.row(r);
            writeln!(
                f,
                "{:<40}{:>10.2}{:>10.2}{:>10.2}",
                r.label(),
                t.f(1.0),
                t.f(0.5),
                t.f(2.0)
            )?;
        }
        Ok(())
    }
}

/// An official 1992 score report, as read back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfficialReport {
    /// The total section: row name (`inc-date`, `ALL TEMPLATES` …) → tally.
    pub totals: BTreeMap<String, Tally>,
    /// The sections of template pairs, in file order.
    pub sections: Vec<Section>,
    /// F(P&R), F(2P&R), F(P&2R) as printed.
    pub f_measures: Option<(f64, f64, f64)>,
}

impl OfficialReport {
    /// The ALL TEMPLATES row.
    pub fn all_templates(&self) -> Option<Tally> {
        self.totals.get("ALL TEMPLATES").copied()
    }
}

/// One section of a score file: a key template and the response template mapped to it
/// (`None` for `<NONE>`: a missing or spurious template; `*` for an irrelevant message).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// The message id.
    pub message: String,
    /// The key template number.
    pub key: Option<String>,
    /// The response template number.
    pub response: Option<String>,
    /// Row name → tally.
    pub rows: BTreeMap<String, Tally>,
}

/// Reads a 1992 score file (`scores.tst3-pass1.nrad` …).
pub fn parse_official_report(text: &str) -> Result<OfficialReport, Muc4Error> {
    let mut out = OfficialReport::default();
    let mut in_totals = false;
    for line in text.lines() {
        let t = line.trim();
        if t.contains("TOTAL SLOT SCORES") {
            in_totals = true;
            continue;
        }
        if !in_totals && t.contains("key:") && t.contains("response:") {
            let w: Vec<&str> = t.split_whitespace().collect();
            let after = |label: &str| {
                w.iter()
                    .position(|x| *x == label)
                    .and_then(|i| w.get(i + 1))
                    .filter(|v| **v != "<NONE>")
                    .map(|v| v.to_string())
            };
            out.sections.push(Section {
                message: w.first().map(|x| x.to_string()).unwrap_or_default(),
                key: after("key:"),
                response: after("response:"),
                rows: BTreeMap::new(),
            });
            continue;
        }
        if let Some(rest) = t.strip_prefix("F-MEASURES") {
            let v: Vec<f64> = rest
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            if v.len() == 3 {
                out.f_measures = Some((v[0], v[1], v[2]));
            }
            continue;
        }
        let Some((name, tally)) = parse_row(t) else {
            continue;
        };
        match out.sections.last_mut() {
            Some(sec) if !in_totals => {
                sec.rows.insert(name, tally);
            }
            _ => {
                out.totals.insert(name, tally);
            }
        }
    }
    if out.totals.is_empty() {
        return Err(Muc4Error::Invalid(
            "no TOTAL SLOT SCORES section in the score file".into(),
        ));
    }
    Ok(out)
}

/// `name POS ACT|COR PAR INC|ICR IPA|SPU MIS NON|REC PRE OVG [FAL]`.
fn parse_row(line: &str) -> Option<(String, Tally)> {
    let parts: Vec<&str> = line.split('|').collect();
    if parts.len() < 5 {
        return None;
    }
    let first: Vec<&str> = parts[0].split_whitespace().collect();
    if first.len() < 3 {
        return None;
    }
    let nums = |s: &str| -> Option<Vec<u32>> {
        s.split_whitespace()
            .map(|x| x.parse::<u32>().ok())
            .collect()
    };
    let pos: u32 = first[first.len() - 2].parse().ok()?;
    let act: u32 = first[first.len() - 1].parse().ok()?;
    let name = first[..first.len() - 2].join(" ");
    let a = nums(parts[1])?;
    let b = nums(parts[2])?;
    let c = nums(parts[3])?;
    if a.len() != 3 || b.len() != 2 || c.len() != 3 {
        return None;
    }
    Some((
        name,
        Tally {
            pos,
            act,
            cor: a[0],
            par: a[1],
            inc: a[2],
            icr: b[0],
            ipa: b[1],
            spu: c[0],
            mis: c[1],
            non: c[2],
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f_measures_come_from_rounded_recall_and_precision() {
        // GE, TST3, ALL TEMPLATES: 58 / 54 → 55.93, 54.76, 57.15.
        let t = Tally {
            pos: 1661,
            act: 1769,
            cor: 889,
            par: 143,
            inc: 100,
            icr: 28,
            ipa: 91,
            spu: 637,
            mis: 529,
            non: 1624,
        };
        assert_eq!((t.rec(), t.pre(), t.ovg()), (Some(58), Some(54), Some(36)));
        assert!((t.f(1.0) - 55.93).abs() < 0.005);
        assert!((t.f(0.5) - 54.76).abs() < 0.005);
        assert!((t.f(2.0) - 57.15).abs() < 0.005);
        assert_eq!(Tally::default().rec(), None);
        // 37.5 / 1497 = 2.505 %: cut to 2.5, half to even: 2 (UMBC/ConQuest, TST3).
        let synch = Tally {
            pos: 1497,
            cor: 33,
            par: 9,
            ..Tally::default()
        };
        assert_eq!(synch.rec(), Some(2));
        // 62.5 % → 62, 87.5 % → 88, 70.59 % → 70.5 → 70.
        assert_eq!(
            Tally {
                pos: 4,
                cor: 2,
                par: 1,
                ..Tally::default()
            }
            .rec(),
            Some(62)
        );
        assert_eq!(
            Tally {
                pos: 4,
                cor: 3,
                par: 1,
                ..Tally::default()
            }
            .rec(),
            Some(88)
        );
        assert_eq!(
            Tally {
                pos: 17,
                cor: 12,
                ..Tally::default()
            }
            .rec(),
            Some(70)
        );
    }

    #[test]
    fn reads_message_and_total_sections() {
        let text = "TST3-MUC4-0001\t     key: 1  response: <NONE>\t [missing]\n\
            SLOT\t\t      POS ACT|COR PAR INC|ICR IPA|SPU MIS NON|REC PRE OVG FAL\n\
            inc-loc\t\t        1   1|  0   0   1|  0   0|  0   0   0|  0   0   0 \n\
             * * * TOTAL SLOT SCORES * * *\n\
            phys-tgt-total-num      0   0|  0   0   0|  0   0|  0   0 146|  *   *   * \n\
            MATCHED/MISSING\t     1661 1363|889 143 100| 28  91|231 529 1205| 58  70  17 \n\
            ALL TEMPLATES\t     1661 1769|889 143 100| 28  91|637 529 1624| 58  54  36 \n\
            \t\t\t\t\t\t     P&R      2P&R      P&2R\n\
            F-MEASURES\t\t\t\t\t    55.93     54.76     57.15\n";
        let r = parse_official_report(text).unwrap();
        let sec = &r.sections[0];
        assert_eq!(
            (sec.key.as_deref(), sec.response.as_deref()),
            (Some("1"), None)
        );
        assert_eq!(sec.rows["inc-loc"].inc, 1);
        assert_eq!(r.totals["phys-tgt-total-num"].non, 146);
        assert_eq!(r.totals["MATCHED/MISSING"].non, 1205);
        assert_eq!(r.all_templates().unwrap().spu, 637);
        assert_eq!(r.f_measures, Some((55.93, 54.76, 57.15)));
    }
}
