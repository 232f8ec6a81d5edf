//! MUC-4 in full: the 24-slot templates of the 1992 evaluation, read from the raw answer
//! keys (`raw_muc34/TASK/CORPORA/*/key-*`) and from the sites' response files
//! (`raw_muc34/TEST/RESULTS/`), and scored as the 1992 official scorer scored them.
//!
//! * [`fill`]: the slots, their fill kinds, and the reader of the key/response format
//!   (alternatives `"A" / "B"`, optional templates and fillers, cross-references
//!   `TYPE: "string"`, the `*` and `-` conventions);
//! * [`history`]: the scorer's history files (the human scorers' judgments of fills that
//!   did not match a key string exactly);
//! * [`score`]: template mapping and slot scoring (COR/PAR/INC/SPU/MIS/NON), with the
//!   history applied and an automatic rule for what the history does not cover;
//! * [`report`]: the official report's rows and F-measures, and a reader of the 1992
//!   score files (to check the scorer against them).
//!
//! The scoring rules are written from `TEST/SCORER/scoring-guidelines.v7` and the
//! configuration files `config-tst*.el` / `slotconfig-tst*.el`; `docs/benchmarks.md`
//! (section "MUC-4 in full") says where and why the tallies differ from 1992's.

pub mod fill;
pub mod history;
pub mod report;
pub mod response;
pub mod score;

pub use fill::{
    parse_templates, read_templates, Filler, Message, Slot, SlotFill, SlotKind, Template,
    SCORED_SLOTS, SLOTS,
};
pub use history::History;
pub use report::{parse_official_report, OfficialReport, Report, Row, Section, Tally};
pub use response::{read_messages, response_templates, RawMessage};
pub use score::{
    auto_judge, score_messages, Mapping, Mark, PairSection, ScoreOptions, Scored, Unjudged,
};

use std::path::{Path, PathBuf};

/// One of the two official MUC-4 test sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestSet {
    /// TST3-MUC4 (100 messages).
    Tst3,
    /// TST4-MUC4 (100 messages).
    Tst4,
}

impl TestSet {
    /// `tst3` / `tst4`.
    pub fn name(self) -> &'static str {
        match self {
            TestSet::Tst3 => "tst3",
            TestSet::Tst4 => "tst4",
        }
    }

    /// The answer key file under `data_dir` (the MUC-4 data folder).
    pub fn key_path(self, data_dir: &Path) -> PathBuf {
        let c = data_dir.join("raw_muc34/TASK/CORPORA");
        match self {
            TestSet::Tst3 => c.join("tst3/key-tst3.v2"),
            TestSet::Tst4 => c.join("tst4/key-tst4.v2"),
        }
    }

    /// The texts of the set (upper case, one file of 100 messages).
    pub fn text_path(self, data_dir: &Path) -> PathBuf {
        let c = data_dir.join("raw_muc34/TASK/CORPORA");
        match self {
            TestSet::Tst3 => c.join("tst3/tst3-muc4"),
            TestSet::Tst4 => c.join("tst4/tst4-muc4"),
        }
    }

    /// The cumulative history file NRaD used for the official scores.
    pub fn history_path(self, data_dir: &Path) -> PathBuf {
        let r = data_dir.join("raw_muc34/TEST/RESULTS");
        match self {
            TestSet::Tst3 => r.join("TST3/final-history-nrad.tst3"),
            TestSet::Tst4 => r.join("TST4/final-cumulative-hist.tst4"),
        }
    }

    /// The 17 sites of 1992: (display name, response file, official score file).
    pub fn sites(self, data_dir: &Path) -> Vec<(&'static str, PathBuf, PathBuf)> {
        let r = data_dir.join("raw_muc34/TEST/RESULTS");
        SITES
            .iter()
            .map(|&(name, t3, t4)| match self {
                TestSet::Tst3 => (
                    name,
                    r.join("TST3").join(t3).join("response.tst3"),
                    r.join("TST3").join(t3).join("scores.tst3-pass1.nrad"),
                ),
                TestSet::Tst4 => (
                    name,
                    r.join("TST4").join(format!("{t4}-response.tst4")),
                    r.join("TST4").join(format!("{t4}-scores-pass1.tst4.nrad")),
                ),
            })
            .collect()
    }
}

impl std::str::FromStr for TestSet {
    type Err = crate::Muc4Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "tst3" => Ok(TestSet::Tst3),
            "tst4" => Ok(TestSet::Tst4),
            _ => Err(crate::Muc4Error::Invalid(format!(
                "unknown MUC-4 test set {s:?} (tst3 or tst4)"
            ))),
        }
    }
}

/// The 17 sites: display name, TST3 folder, TST4 file prefix.
const SITES: [(&str, &str, &str); 17] = [
    ("GE", "GE", "ge"),
    ("GE-CMU", "GE-CMU", "ge-cmu"),
    ("UMass", "UMASS", "umass"),
    ("SRI", "SRI", "sri"),
    ("NYU", "NYU", "nyu"),
    ("UMich", "UMICH", "umich"),
    ("BBN", "BBN", "bbn"),
    ("PRC", "PRC", "prc"),
    ("SRA", "SRA", "sra"),
    ("Paramax", "PARAMAX", "pmax"),
    ("MDC", "MDC", "mdc"),
    ("NMSU", "NMSU", "nm-br"),
    ("Hughes", "HUGHES", "hughes"),
    ("LSI", "LSI", "lsi"),
    ("USC", "USC", "usc"),
    ("MITRE", "MITRE", "mitre"),
    ("UMBC/ConQuest", "SYNCH", "um-cq"),
];
