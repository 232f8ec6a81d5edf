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
//! * [`places`]: the incident location, from the task's place set list;
//! * [`victims`]: human targets described rather than named, read from the text;
//! * [`report`]: the official report's rows and F-measures, and a reader of the 1992
//!   score files (to check the scorer against them).
//!
//! The scoring rules are written from `TEST/SCORER/scoring-guidelines.v7` and the
//! configuration files `config-tst*.el` / `slotconfig-tst*.el`; `docs/benchmarks.md`
//! (section "MUC-4 in full") says where and why the tallies differ from 1992's.

pub mod fill;
pub mod history;
pub mod places;
pub mod report;
pub mod response;
pub mod score;
pub mod victims;

pub use fill::{
    parse_templates, read_templates, Filler, Message, Slot, SlotFill, SlotKind, Template,
    SCORED_SLOTS, SLOTS,
};
pub use history::History;
pub use report::{parse_official_report, OfficialReport, Report, Row, Section, Tally};
pub use response::{read_messages, response_templates, response_templates_dated, RawMessage};
pub use score::{
    auto_judge, score_messages, Mapping, Mark, PairSection, ScoreOptions, Scored, Unjudged,
};

use std::path::{Path, PathBuf};

/// A MUC-4 document set with 24-slot keys: the two official test sets of 1992, and the
/// sets tuning may use (the 1,300 development messages, TST1 and TST2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestSet {
    /// DEV-MUC3-0001…1300 (the training messages).
    Dev,
    /// TST1-MUC3 (100 messages; tuning).
    Tst1,
    /// TST2-MUC4 (100 messages; tuning).
    Tst2,
    /// TST3-MUC4 (100 messages).
    Tst3,
    /// TST4-MUC4 (100 messages).
    Tst4,
}

/// The development key and text files: `key-dev-0001.muc4` … and `dev-muc3-0001-0100` ….
const DEV_BLOCKS: [u32; 13] = [
    1, 101, 201, 301, 401, 501, 601, 701, 801, 901, 1001, 1101, 1201,
];

impl TestSet {
    /// `dev`, `tst1` … `tst4`.
    pub fn name(self) -> &'static str {
        match self {
            TestSet::Dev => "dev",
            TestSet::Tst1 => "tst1",
            TestSet::Tst2 => "tst2",
            TestSet::Tst3 => "tst3",
            TestSet::Tst4 => "tst4",
        }
    }

    /// True for the official test sets (never tuned on).
    pub fn is_test(self) -> bool {
        matches!(self, TestSet::Tst3 | TestSet::Tst4)
    }

    /// The answer key files under `data_dir` (the MUC-4 data folder).
    pub fn key_paths(self, data_dir: &Path) -> Vec<PathBuf> {
        let c = data_dir.join("raw_muc34/TASK/CORPORA");
        match self {
            TestSet::Dev => DEV_BLOCKS
                .iter()
                .map(|b| c.join(format!("dev/key-dev-{b:04}.muc4")))
                .collect(),
            TestSet::Tst1 => vec![c.join("tst1/key-tst1.v7")],
            TestSet::Tst2 => vec![c.join("tst2/key-tst2.v4")],
            TestSet::Tst3 => vec![c.join("tst3/key-tst3.v2")],
            TestSet::Tst4 => vec![c.join("tst4/key-tst4.v2")],
        }
    }

    /// The text files of the set (upper case, 100 messages a file).
    pub fn text_paths(self, data_dir: &Path) -> Vec<PathBuf> {
        let c = data_dir.join("raw_muc34/TASK/CORPORA");
        match self {
            TestSet::Dev => DEV_BLOCKS
                .iter()
                .map(|b| c.join(format!("dev/dev-muc3-{b:04}-{:04}", b + 99)))
                .collect(),
            TestSet::Tst1 => vec![c.join("tst1/tst1-muc3")],
            TestSet::Tst2 => vec![c.join("tst2/tst2-muc4")],
            TestSet::Tst3 => vec![c.join("tst3/tst3-muc4")],
            TestSet::Tst4 => vec![c.join("tst4/tst4-muc4")],
        }
    }

    /// The cumulative history file NRaD used for the official scores (the test sets
    /// only; the other sets are judged by the automatic rule alone).
    pub fn history_path(self, data_dir: &Path) -> Option<PathBuf> {
        let r = data_dir.join("raw_muc34/TEST/RESULTS");
        match self {
            TestSet::Tst3 => Some(r.join("TST3/final-history-nrad.tst3")),
            TestSet::Tst4 => Some(r.join("TST4/final-cumulative-hist.tst4")),
            _ => None,
        }
    }

    /// The set's answer key, all files read in order.
    pub fn read_key(self, data_dir: &Path) -> Result<Vec<Message>, crate::Muc4Error> {
        let mut out = Vec::new();
        for p in self.key_paths(data_dir) {
            out.extend(read_templates(&p)?);
        }
        Ok(out)
    }

    /// The set's raw messages, all files read in order.
    pub fn read_messages(self, data_dir: &Path) -> Result<Vec<RawMessage>, crate::Muc4Error> {
        let mut out = Vec::new();
        for p in self.text_paths(data_dir) {
            out.extend(read_messages(&p)?);
        }
        Ok(out)
    }

    /// The set's history (empty for the sets without one).
    pub fn history(self, data_dir: &Path) -> Result<History, crate::Muc4Error> {
        match self.history_path(data_dir) {
            Some(p) => History::load(&p),
            None => Ok(History::empty()),
        }
    }

    /// The 17 sites of 1992: (display name, response file, official score file); none
    /// for the sets that were not the official test.
    pub fn sites(self, data_dir: &Path) -> Vec<(&'static str, PathBuf, PathBuf)> {
        let r = data_dir.join("raw_muc34/TEST/RESULTS");
        SITES
            .iter()
            .filter_map(|&(name, t3, t4)| match self {
                TestSet::Tst3 => Some((
                    name,
                    r.join("TST3").join(t3).join("response.tst3"),
                    r.join("TST3").join(t3).join("scores.tst3-pass1.nrad"),
                )),
                TestSet::Tst4 => Some((
                    name,
                    r.join("TST4").join(format!("{t4}-response.tst4")),
                    r.join("TST4").join(format!("{t4}-scores-pass1.tst4.nrad")),
                )),
                _ => None,
            })
            .collect()
    }
}

impl std::str::FromStr for TestSet {
    type Err = crate::Muc4Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "dev" => Ok(TestSet::Dev),
            "tst1" => Ok(TestSet::Tst1),
            "tst2" => Ok(TestSet::Tst2),
            "tst3" => Ok(TestSet::Tst3),
            "tst4" => Ok(TestSet::Tst4),
            _ => Err(crate::Muc4Error::Invalid(format!(
                "unknown MUC-4 set {s:?} (dev, tst1, tst2, tst3 or tst4)"
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
