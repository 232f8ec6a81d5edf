//! Reading the MUC-4 data files (`templates/*.jsonl`, `role_fillers/*.jsonl`) and
//! converting doc ids to the numeric keys that the published prediction files use.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Muc4Error;

/// The five role-filler slots scored by GTT, IterX and GRIT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// Perpetrator individual (MUC-4 slot 9).
    PerpInd,
    /// Perpetrator organisation (slot 10).
    PerpOrg,
    /// Physical target (slot 12).
    Target,
    /// Human target name (slot 18).
    Victim,
    /// Weapon / instrument (slot 6).
    Weapon,
}

/// All roles, in the order the data files list them.
pub const ROLES: [Role; 5] = [
    Role::PerpInd,
    Role::PerpOrg,
    Role::Target,
    Role::Victim,
    Role::Weapon,
];

impl Role {
    /// The JSON key of the role (`"PerpInd"` …).
    pub fn key(self) -> &'static str {
        match self {
            Role::PerpInd => "PerpInd",
            Role::PerpOrg => "PerpOrg",
            Role::Target => "Target",
            Role::Victim => "Victim",
            Role::Weapon => "Weapon",
        }
    }

    /// Position in [`ROLES`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One mention of a gold entity: the string and the character offset of its first
/// occurrence in the text (the offset is not an annotation; see the data README).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mention {
    /// The mention string, as in the key.
    pub text: String,
    /// Character offset (also the byte offset: the MUC texts are ASCII).
    pub offset: usize,
}

/// A gold entity: the alternative strings that name it.
pub type GoldEntity = Vec<Mention>;

/// One gold template of the GTT version of the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTemplate {
    /// `attack`, `bombing`, … (ambiguous fills such as `attack / bombing` kept as written).
    pub incident_type: String,
    /// The entities of each role, indexed by [`Role::index`].
    pub roles: [Vec<GoldEntity>; 5],
}

/// One document of `templates/*.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Muc4Doc {
    /// Original doc id, e.g. `TST3-MUC4-0003`.
    pub docid: String,
    /// The lowercased text.
    pub doctext: String,
    /// Gold templates (empty for irrelevant documents).
    pub templates: Vec<GoldTemplate>,
}

/// One document of `role_fillers/*.jsonl` (GRIT version: one pooled set of entities per role).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleFillerDoc {
    /// Original doc id.
    pub docid: String,
    /// The lowercased text.
    pub doctext: String,
    /// The pooled entities of each role, indexed by [`Role::index`].
    pub extracts: [Vec<GoldEntity>; 5],
}

/// A data split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// 1300 DEV-MUC3 documents.
    Train,
    /// TST1 + TST2, 200 documents.
    Dev,
    /// TST3 + TST4, 200 documents.
    Test,
}

impl Split {
    /// File stem (`train`, `dev`, `test`).
    pub fn name(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Dev => "dev",
            Split::Test => "test",
        }
    }
}

impl std::str::FromStr for Split {
    type Err = Muc4Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "train" => Ok(Split::Train),
            "dev" => Ok(Split::Dev),
            "test" => Ok(Split::Test),
            other => Err(Muc4Error::Invalid(format!(
                "unknown split {other:?} (expected train, dev or test)"
            ))),
        }
    }
}

/// Convert a doc id to the numeric key of the prediction files:
/// `TST3-MUC4-0012` → `30012` (set digit × 10000 + number). `DEV-MUC3-0042` has no
/// set digit and becomes `42`.
pub fn docid_to_key(docid: &str) -> Result<u64, Muc4Error> {
    let bad = || Muc4Error::Invalid(format!("doc id {docid:?} is not like TST3-MUC4-0012"));
    let mut parts = docid.split('-');
    let set = parts.next().ok_or_else(bad)?;
    let num = parts.next_back().ok_or_else(bad)?;
    let num: u64 = num.trim().parse().map_err(|_| bad())?;
    let set_digit = match set.chars().last() {
        Some(c) if c.is_ascii_digit() => u64::from(c as u8 - b'0'),
        Some(_) if set.eq_ignore_ascii_case("dev") => 0,
        _ => return Err(bad()),
    };
    Ok(set_digit * 10_000 + num)
}

/// The inverse of [`docid_to_key`]: `30012` → `TST3-MUC4-0012`, `10012` →
/// `TST1-MUC3-0012`, keys below 10000 → `DEV-MUC3-…`.
pub fn key_to_docid(key: u64) -> String {
    let set = key / 10_000;
    let num = key % 10_000;
    match set {
        0 => format!("DEV-MUC3-{num:04}"),
        1 => format!("TST1-MUC3-{num:04}"),
        s => format!("TST{s}-MUC4-{num:04}"),
    }
}

type RawEntities = Vec<Vec<(String, usize)>>;

#[derive(Deserialize)]
struct RawRoles {
    #[serde(rename = "PerpInd")]
    perp_ind: RawEntities,
    #[serde(rename = "PerpOrg")]
    perp_org: RawEntities,
    #[serde(rename = "Target")]
    target: RawEntities,
    #[serde(rename = "Victim")]
    victim: RawEntities,
    #[serde(rename = "Weapon")]
    weapon: RawEntities,
}

impl RawRoles {
    fn into_roles(self) -> [Vec<GoldEntity>; 5] {
        [
            entities(self.perp_ind),
            entities(self.perp_org),
            entities(self.target),
            entities(self.victim),
            entities(self.weapon),
        ]
    }
}

#[derive(Deserialize)]
struct RawTemplate {
    incident_type: String,
    #[serde(flatten)]
    roles: RawRoles,
}

#[derive(Deserialize)]
struct RawTemplateDoc {
    docid: String,
    doctext: String,
    templates: Vec<RawTemplate>,
}

#[derive(Deserialize)]
struct RawRoleFillerDoc {
    docid: String,
    doctext: String,
    extracts: RawRoles,
}

fn entities(raw: RawEntities) -> Vec<GoldEntity> {
    raw.into_iter()
        .map(|e| {
            e.into_iter()
                .map(|(text, offset)| Mention { text, offset })
                .collect()
        })
        .collect()
}

fn read_to_string(path: &Path) -> Result<String, Muc4Error> {
    std::fs::read_to_string(path).map_err(|source| Muc4Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn parse_lines<R: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
) -> Result<Vec<R>, Muc4Error> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(line).map_err(|source| Muc4Error::Json {
                what: format!("{what} line {}", i + 1),
                source,
            })?,
        );
    }
    Ok(out)
}

/// Parse the JSON-lines text of a `templates/*.jsonl` file. `what` names it in errors.
pub fn parse_templates(text: &str, what: &str) -> Result<Vec<Muc4Doc>, Muc4Error> {
    let raw: Vec<RawTemplateDoc> = parse_lines(text, what)?;
    Ok(raw
        .into_iter()
        .map(|d| Muc4Doc {
            docid: d.docid,
            doctext: d.doctext,
            templates: d
                .templates
                .into_iter()
                .map(|t| GoldTemplate {
                    incident_type: t.incident_type,
                    roles: t.roles.into_roles(),
                })
                .collect(),
        })
        .collect())
}

/// Parse the JSON-lines text of a `role_fillers/*.jsonl` file.
pub fn parse_role_fillers(text: &str, what: &str) -> Result<Vec<RoleFillerDoc>, Muc4Error> {
    let raw: Vec<RawRoleFillerDoc> = parse_lines(text, what)?;
    Ok(raw
        .into_iter()
        .map(|d| RoleFillerDoc {
            docid: d.docid,
            doctext: d.doctext,
            extracts: d.extracts.into_roles(),
        })
        .collect())
}

/// Read `templates/<split>.jsonl` under the MUC-4 data directory.
pub fn load_templates(data_dir: &Path, split: Split) -> Result<Vec<Muc4Doc>, Muc4Error> {
    let path = data_dir
        .join("templates")
        .join(format!("{}.jsonl", split.name()));
    parse_templates(&read_to_string(&path)?, &path.display().to_string())
}

/// Read `role_fillers/<split>.jsonl` under the MUC-4 data directory.
pub fn load_role_fillers(data_dir: &Path, split: Split) -> Result<Vec<RoleFillerDoc>, Muc4Error> {
    let path = data_dir
        .join("role_fillers")
        .join(format!("{}.jsonl", split.name()));
    parse_role_fillers(&read_to_string(&path)?, &path.display().to_string())
}

/// The default location of the MUC-4 data: `$SITREP_MUC4_DIR` if set, else
/// `<manifest>/../../../shared/data/muc4` (CI lays the repository next to `shared/`), else the
/// same one level further up (for a git worktree under `wt/`) when that one exists.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SITREP_MUC4_DIR") {
        return PathBuf::from(dir);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let primary = manifest.join("../../../shared/data/muc4");
    let worktree = manifest.join("../../../../shared/data/muc4");
    if !primary.exists() && worktree.exists() {
        worktree
    } else {
        primary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_round_trip() {
        assert_eq!(docid_to_key("TST3-MUC4-0012").ok(), Some(30012));
        assert_eq!(docid_to_key("TST1-MUC3-0100").ok(), Some(10100));
        assert_eq!(docid_to_key("DEV-MUC3-0042").ok(), Some(42));
        assert!(docid_to_key("nonsense").is_err());
        assert!(docid_to_key("X-Y-abc").is_err());
        assert_eq!(key_to_docid(30012), "TST3-MUC4-0012");
        assert_eq!(key_to_docid(40100), "TST4-MUC4-0100");
    }

    #[test]
    fn parses_a_made_up_line() {
        let line = r#"{"docid": "TST9-MUC4-0001", "doctext": "guerrillas bombed the bank.", "templates": [{"incident_type": "bombing", "PerpInd": [[["guerrillas", 0]]], "PerpOrg": [], "Target": [[["the bank", 18]]], "Victim": [], "Weapon": []}]}"#;
        let docs = parse_templates(line, "inline").unwrap_or_default();
        assert_eq!(docs.len(), 1);
        let t = &docs[0].templates[0];
        assert_eq!(t.incident_type, "bombing");
        assert_eq!(t.roles[Role::Target.index()][0][0].offset, 18);
        assert!(parse_templates("{not json", "inline").is_err());
    }
}
