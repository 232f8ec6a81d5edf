//! The output contract: one [`DocumentRecord`] per input document, written as
//! one JSON line. Field names and enumerations are read by other tools; see
//! `docs/output-format.md` before changing anything here.

use crate::categories::{AttackType, GroupRelation, StatementKind, TargetType, WeaponType};
use crate::date::PartialDate;
use crate::span::Evidence;
use serde::{Deserialize, Serialize};

/// Everything sitrep read in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Document identifier.
    pub doc_id: String,
    /// Path, `-` or URL the document came from.
    pub source: String,
    /// Title, if the document has one.
    pub title: Option<String>,
    /// Publication date, if known.
    pub published: Option<PartialDate>,
    /// Incidents the document reports, the primary one first.
    pub incidents: Vec<Incident>,
    /// Statements recorded with their speakers.
    pub statements: Vec<Statement>,
    /// Why the document could not be read, or `null`.
    pub error: Option<String>,
}

impl DocumentRecord {
    /// A record for a document that could not be read.
    pub fn failed(
        doc_id: impl Into<String>,
        source: impl Into<String>,
        error: impl Into<String>,
    ) -> DocumentRecord {
        DocumentRecord {
            doc_id: doc_id.into(),
            source: source.into(),
            title: None,
            published: None,
            incidents: Vec::new(),
            statements: Vec::new(),
            error: Some(error.into()),
        }
    }

    /// Every evidence item in the record, for checks and highlighting.
    pub fn evidence(&self) -> Vec<&Evidence> {
        let mut out = Vec::new();
        for i in &self.incidents {
            i.collect_evidence(&mut out);
        }
        for s in &self.statements {
            out.extend(&s.evidence);
        }
        out
    }
}

/// A value with the words that support it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labeled<T> {
    /// The value.
    pub value: T,
    /// Supporting spans.
    pub evidence: Vec<Evidence>,
}

/// The incident's date.
pub type DateField = Labeled<PartialDate>;

/// Where the incident happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// City, town or village.
    pub city: Option<String>,
    /// First-level administrative region (state, province).
    pub region: Option<String>,
    /// Country name.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<String>,
    /// Latitude (WGS84), from the gazetteer.
    pub lat: Option<f64>,
    /// Longitude (WGS84), from the gazetteer.
    pub lon: Option<f64>,
    /// GTD's geocoding specificity: 1 = the city's own coordinates; 2 = a town the
    /// gazetteer does not know, at the coordinates of the place the report names next to
    /// it; 3 = a place that is no town, at its area's coordinates; 4 = the first-level
    /// region's; 5 = the country is all that is known. `None` in records written before
    /// the field existed.
    #[serde(default)]
    pub specificity: Option<u8>,
    /// Supporting spans.
    pub evidence: Vec<Evidence>,
}

/// A casualty count: exact (`min == max`), at least `min` (`max` null), or a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// Lower bound.
    pub min: u32,
    /// Upper bound; `null` means "at least `min`".
    pub max: Option<u32>,
    /// Supporting spans.
    pub evidence: Vec<Evidence>,
}

/// A named attacker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Perpetrator {
    /// Full name as the text gives it.
    pub name: String,
    /// Age, if stated.
    pub age: Option<u32>,
    /// Origin or nationality as stated ("British-born", "of Moroccan origin").
    pub origin: Option<String>,
    /// What became of the attacker: `killed`, `arrested`, `at_large`.
    pub fate: Option<String>,
    /// Supporting spans.
    pub evidence: Vec<Evidence>,
}

/// A group linked to an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupLink {
    /// Canonical group name from the gazetteer.
    pub name: String,
    /// How the group is linked.
    pub relation: GroupRelation,
    /// Supporting spans.
    pub evidence: Vec<Evidence>,
}

/// Whether the attack was claimed, and through which channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// True when a group claimed the attack.
    pub value: bool,
    /// Channels of the claim: `amaq`, `albayan`, `telegram`, `video`, `facebook_live`…
    pub modes: Vec<String>,
    /// Supporting spans.
    pub evidence: Vec<Evidence>,
}

/// One incident in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Identifier, unique within the document (`<doc_id>#<n>`).
    pub id: String,
    /// True for the incident the document is mainly about.
    pub primary: bool,
    /// When it happened.
    pub date: Option<DateField>,
    /// Where it happened.
    pub location: Option<Location>,
    /// GTD attack types.
    pub attack_types: Vec<Labeled<AttackType>>,
    /// GTD weapon types.
    pub weapon_types: Vec<Labeled<WeaponType>>,
    /// GTD target types.
    pub target_types: Vec<Labeled<TargetType>>,
    /// Victims killed (perpetrators excluded).
    pub killed: Option<Count>,
    /// Victims injured.
    pub injured: Option<Count>,
    /// Whether attackers died.
    pub perpetrators_killed: Option<Labeled<bool>>,
    /// Named attackers.
    pub perpetrators: Vec<Perpetrator>,
    /// Linked groups.
    pub groups: Vec<GroupLink>,
    /// Claim of responsibility.
    pub claimed: Option<Claim>,
    /// How sure sitrep is that this is a terrorist incident, 0–1.
    pub confidence: f32,
    /// Fields whose values the learned role-filler model proposed because the rules
    /// left them empty (`perpetrators`, `groups`, `weapon_types`, `target_types`).
    /// Empty, and then left out of the JSON, when every value came from the rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learned: Vec<String>,
}

impl Incident {
    /// An incident with no field filled.
    pub fn empty(id: impl Into<String>) -> Incident {
        Incident {
            id: id.into(),
            primary: false,
            date: None,
            location: None,
            attack_types: Vec::new(),
            weapon_types: Vec::new(),
            target_types: Vec::new(),
            killed: None,
            injured: None,
            perpetrators_killed: None,
            perpetrators: Vec::new(),
            groups: Vec::new(),
            claimed: None,
            confidence: 0.0,
            learned: Vec::new(),
        }
    }

    fn collect_evidence<'a>(&'a self, out: &mut Vec<&'a Evidence>) {
        if let Some(d) = &self.date {
            out.extend(&d.evidence);
        }
        if let Some(l) = &self.location {
            out.extend(&l.evidence);
        }
        for a in &self.attack_types {
            out.extend(&a.evidence);
        }
        for w in &self.weapon_types {
            out.extend(&w.evidence);
        }
        for t in &self.target_types {
            out.extend(&t.evidence);
        }
        for c in [&self.killed, &self.injured].into_iter().flatten() {
            out.extend(&c.evidence);
        }
        if let Some(p) = &self.perpetrators_killed {
            out.extend(&p.evidence);
        }
        for p in &self.perpetrators {
            out.extend(&p.evidence);
        }
        for g in &self.groups {
            out.extend(&g.evidence);
        }
        if let Some(c) = &self.claimed {
            out.extend(&c.evidence);
        }
    }
}

/// A statement that calls for violence, claims, pledges, threatens, or an official's word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Who said it (a person, an agency, a channel).
    pub speaker: String,
    /// Group or state the speaker speaks for, if known.
    pub affiliation: Option<String>,
    /// What kind of statement.
    pub kind: StatementKind,
    /// Supporting spans.
    pub evidence: Vec<Evidence>,
}
