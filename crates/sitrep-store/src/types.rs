//! Public value types of the store: filters, pages, views, reports.

use serde::{Deserialize, Serialize};
use sitrep_core::{
    AttackType, DocumentRecord, Evidence, GroupRelation, PartialDate, StatementKind, TargetType,
    WeaponType,
};

/// Row id of a stored incident.
pub type IncidentId = i64;
/// Row id of a stored document.
pub type DocumentId = i64;
/// Row id of an analyst edit.
pub type EditId = i64;

/// What one call to `ingest_batch` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchReport {
    /// Documents offered.
    pub documents_seen: u64,
    /// Documents stored for the first time.
    pub documents_new: u64,
    /// Documents already stored whose extraction was replaced by a newer extractor's.
    pub documents_reextracted: u64,
    /// Documents already stored with the same or a newer extractor (no-op).
    pub documents_skipped: u64,
    /// New incidents created.
    pub incidents_created: u64,
    /// Primary reports attached to an incident that was already in the store.
    pub reports_merged: u64,
    /// Background mentions linked to a stored incident.
    pub mentions_linked: u64,
    /// Background mentions that matched no stored incident (kept, unlinked).
    pub mentions_unlinked: u64,
    /// Statements stored.
    pub statements: u64,
    /// Evidence items (in stored documents) whose text is not the document's
    /// text at their offsets: a sign of an extractor bug. They are stored as given.
    pub inexact_evidence: u64,
}

impl BatchReport {
    /// Adds another report's counts to this one.
    pub fn add(&mut self, o: &BatchReport) {
        self.documents_seen += o.documents_seen;
        self.documents_new += o.documents_new;
        self.documents_reextracted += o.documents_reextracted;
        self.documents_skipped += o.documents_skipped;
        self.incidents_created += o.incidents_created;
        self.reports_merged += o.reports_merged;
        self.mentions_linked += o.mentions_linked;
        self.mentions_unlinked += o.mentions_unlinked;
        self.statements += o.statements;
        self.inexact_evidence += o.inexact_evidence;
    }
}

/// How `list_incidents` orders its results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Most recent incident first (undated last).
    #[default]
    DateDesc,
    /// Oldest incident first (undated last).
    DateAsc,
    /// Most victims killed first.
    KilledDesc,
    /// Most sources first.
    SourcesDesc,
    /// By id (insertion order).
    Id,
}

impl std::str::FromStr for SortOrder {
    type Err = String;

    /// Parses `date`, `-date`/`date_desc`, `date_asc`, `killed`, `sources`, `id`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "date_desc" | "_date" | "newest" => Ok(SortOrder::DateDesc),
            "date" | "date_asc" | "oldest" => Ok(SortOrder::DateAsc),
            "killed" | "killed_desc" | "_killed" => Ok(SortOrder::KilledDesc),
            "sources" | "sources_desc" | "_sources" => Ok(SortOrder::SourcesDesc),
            "id" => Ok(SortOrder::Id),
            _ => Err(format!(
                "unknown sort {s:?} (expected date_desc, date_asc, killed, sources or id)"
            )),
        }
    }
}

/// Filters for `list_incidents`. Every `None` means "any". Text filters on
/// country, city and group are case-insensitive exact matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IncidentFilter {
    /// Incidents on or after this date (a partial date counts from its first day).
    pub date_from: Option<PartialDate>,
    /// Incidents on or before this date (a partial date counts to its last day).
    pub date_to: Option<PartialDate>,
    /// Countries, any of them: ISO code, name or common name ("UK", "Britain").
    pub countries: Vec<String>,
    /// City.
    pub city: Option<String>,
    /// Groups, any of them: canonical name, alias ("ISIS", "Daesh") or name prefix.
    pub groups: Vec<String>,
    /// Attack types, any of them among the incident's attack types.
    pub attack_types: Vec<AttackType>,
    /// Weapon types, any of them among the incident's weapon types.
    pub weapon_types: Vec<WeaponType>,
    /// Target types, any of them among the incident's target types.
    pub target_types: Vec<TargetType>,
    /// At least this many victims killed (lower bound of the merged count).
    pub min_killed: Option<u32>,
    /// Claimed (true) or not claimed (false).
    pub claimed: Option<bool>,
    /// Free text searched (FTS5, stemmed) in the titles and texts of the incident's
    /// documents: every word must occur; `OR`, `-word`/`NOT word`, `prefix*` and
    /// `"phrases"` as [`crate::search::fts_query`] reads them.
    pub text: Option<String>,
    /// Order of results.
    pub sort: SortOrder,
    /// Results to skip.
    pub offset: u64,
    /// Results to return (at most 10 000; 0 means the default of 50).
    pub limit: u64,
}

impl Default for IncidentFilter {
    fn default() -> Self {
        IncidentFilter {
            date_from: None,
            date_to: None,
            countries: Vec::new(),
            city: None,
            groups: Vec::new(),
            attack_types: Vec::new(),
            weapon_types: Vec::new(),
            target_types: Vec::new(),
            min_killed: None,
            claimed: None,
            text: None,
            sort: SortOrder::default(),
            offset: 0,
            limit: 50,
        }
    }
}

/// How far `list_incidents` counts the incidents a filter matches: past this
/// (or past the page asked for, if further) `total` stops and `total_capped` is
/// set, the way a search engine reports "10,000+", so a filter matching most of
/// the store is not counted row by row.
pub const TOTAL_CAP: u64 = 10_000;

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The results on this page.
    pub items: Vec<T>,
    /// How many results match in all; a lower bound when `total_capped`.
    pub total: u64,
    /// Counting stopped at `total` ([`TOTAL_CAP`], or the end of this page if
    /// further): more results match.
    #[serde(default)]
    pub total_capped: bool,
    /// Results skipped before this page.
    pub offset: u64,
    /// Page size asked for.
    pub limit: u64,
}

/// A count as merged: exact (`min == max`), at least `min` (`max` null), or a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountValue {
    /// Lower bound.
    pub min: u32,
    /// Upper bound; `null` means "at least `min`".
    pub max: Option<u32>,
}

/// A group linked to a merged incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupValue {
    /// Group name.
    pub name: String,
    /// Strongest relation any source gives (claimed before directed, pledged…).
    pub relation: GroupRelation,
}

/// The incident's values after cross-report merging and analyst edits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MergedIncident {
    /// Date of the attack.
    pub date: Option<PartialDate>,
    /// City.
    pub city: Option<String>,
    /// Region (state, province).
    pub region: Option<String>,
    /// Country name.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<String>,
    /// Latitude (WGS84).
    pub lat: Option<f64>,
    /// Longitude (WGS84).
    pub lon: Option<f64>,
    /// GTD attack types.
    pub attack_types: Vec<AttackType>,
    /// GTD weapon types.
    pub weapon_types: Vec<WeaponType>,
    /// GTD target types.
    pub target_types: Vec<TargetType>,
    /// Victims killed.
    pub killed: Option<CountValue>,
    /// Victims injured.
    pub injured: Option<CountValue>,
    /// Whether attackers died.
    pub perpetrators_killed: Option<bool>,
    /// Named attackers (union over sources).
    pub perpetrators: Vec<String>,
    /// Linked groups (union over sources).
    pub groups: Vec<GroupValue>,
    /// Whether the attack was claimed.
    pub claimed: Option<bool>,
    /// Claim channels (`amaq`, `telegram`, `video`…).
    pub claim_modes: Vec<String>,
    /// Short description: an analyst's, else the first report's title.
    pub summary: Option<String>,
}

/// Which rule decided a merged value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeRule {
    /// No source gives a value.
    NoValue,
    /// One source gives the value.
    Single,
    /// All sources that give a value agree.
    Agreed,
    /// GTD rule 1: the most recent credible report.
    MostRecent,
    /// GTD rule 2: the value most sources give.
    Majority,
    /// GTD rule 3: the lowest count (no longer chosen; kept so stored views still read).
    Lowest,
    /// Counts of undated reports: the most confident, then the last-stored report.
    MostReliable,
    /// Non-count fields tied after the majority: the most confident, then the first-stored report.
    FirstReported,
    /// List fields (perpetrators, groups): the union of all sources.
    Union,
    /// An analyst's edit overrides the extracted value.
    Edited,
}

/// What one source says about one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceValue {
    /// Stored report (one incident in one document).
    pub report_id: i64,
    /// Document the report comes from.
    pub document_id: DocumentId,
    /// The document's own identifier.
    pub doc_id: String,
    /// The document's publication date.
    pub published: Option<PartialDate>,
    /// The value this source gives.
    pub value: serde_json::Value,
    /// The words supporting it (byte offsets into the document text).
    pub evidence: Vec<Evidence>,
    /// True when this value equals the merged (pre-edit) value.
    pub agrees: bool,
    /// Why this value was not allowed to decide (e.g. a perpetrator's claim, a background mention).
    pub excluded: Option<String>,
}

/// One field of an incident: merged value, the rule that chose it, every source's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldView {
    /// Field name (`date`, `location`, `killed`…).
    pub field: String,
    /// Value shown to users: the analyst's edit if any, else the merged value.
    pub value: serde_json::Value,
    /// The value merged from the sources, before edits.
    pub extracted: serde_json::Value,
    /// Rule that decided `value`.
    pub rule: MergeRule,
    /// Rule that decided `extracted`.
    pub extracted_rule: MergeRule,
    /// Latest edits of this field (or of its parts, for `location`).
    pub edits: Vec<EditRecord>,
    /// Every source's own value.
    pub sources: Vec<SourceValue>,
}

/// How a document relates to an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceRole {
    /// The document reports the incident.
    Report,
    /// The document mentions the incident in passing ("the Brussels airport attack").
    Mention,
}

/// A document that reports or mentions an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Stored report id.
    pub report_id: i64,
    /// Stored document id.
    pub document_id: DocumentId,
    /// The document's own identifier.
    pub doc_id: String,
    /// Path or URL.
    pub source: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<PartialDate>,
    /// Report or mention.
    pub role: SourceRole,
    /// The incident's id inside the document record (`<doc_id>#<n>`).
    pub local_id: String,
    /// Extractor version that produced the report.
    pub extractor_version: String,
    /// Cross-report match score when the report joined an existing incident.
    pub match_score: Option<f64>,
}

/// One analyst correction, as kept in the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditRecord {
    /// Edit id.
    pub id: EditId,
    /// Incident edited.
    pub incident_id: IncidentId,
    /// Field edited.
    pub field: String,
    /// Value shown before the edit.
    pub old_value: serde_json::Value,
    /// Value set (`null` clears the field).
    pub new_value: serde_json::Value,
    /// Who made it.
    pub by: String,
    /// Why.
    pub note: Option<String>,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// What kind of correction this is.
    #[serde(default)]
    pub kind: EditKind,
}

/// What kind of correction an edit is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditKind {
    /// Sets a value.
    #[default]
    Set,
    /// Drops the earlier edits of one merged field: it shows what extraction says again.
    Revert,
}

impl EditKind {
    /// The name stored in the `edits` table.
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Set => "set",
            EditKind::Revert => "revert",
        }
    }
}

/// One thing in the review queue: what needs a human and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// `unlinked_mention`, `low_match`, `conflict`, `learned`, `no_place` or `no_date`.
    pub kind: String,
    /// Why, in words.
    pub reason: String,
    /// The incident concerned (none for an unlinked mention).
    pub incident_id: Option<IncidentId>,
    /// The report concerned (a mention, a weakly matched report).
    pub report_id: Option<i64>,
    /// The document of that report.
    pub document_id: Option<DocumentId>,
    /// The field concerned (`conflict`, `learned`); empty otherwise.
    #[serde(default)]
    pub field: String,
}

/// An analyst's merge, split or unlink, as kept in the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// Operation id (what `undo_operation` takes).
    pub id: i64,
    /// `merge`, `split` or `unlink`.
    pub kind: String,
    /// The incident the operation was made on (merged away, split from, unlinked from).
    pub incident_id: IncidentId,
    /// The other incident: merged into, or the new one split off.
    pub other_id: Option<IncidentId>,
    /// Reports moved: (report id, from incident, to incident).
    pub moves: Vec<(i64, Option<IncidentId>, Option<IncidentId>)>,
    /// Who.
    pub by: String,
    /// Why.
    pub note: Option<String>,
    /// When.
    pub at: String,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
    /// Who undid it.
    pub undone_by: Option<String>,
}

/// Options of an edit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EditOptions {
    /// For a city edit: keep the region, coordinates and specificity as they
    /// are instead of resolving the new city through the gazetteer.
    pub keep_place: bool,
}

/// One incident with everything an analyst needs to check it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentView {
    /// Incident id.
    pub id: IncidentId,
    /// Values after merging and edits.
    pub merged: MergedIncident,
    /// Per-field merged value, rule, per-source values with evidence.
    pub fields: Vec<FieldView>,
    /// Documents that report or mention it.
    pub sources: Vec<SourceRef>,
    /// Full audit trail of edits, oldest first.
    pub edits: Vec<EditRecord>,
    /// When the incident was first stored (UTC).
    pub created_at: String,
}

/// One row of `list_incidents`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentSummary {
    /// Incident id.
    pub id: IncidentId,
    /// Values after merging and edits.
    pub merged: MergedIncident,
    /// Number of reporting documents.
    pub reports: u32,
    /// Number of documents mentioning it in passing.
    pub mentions: u32,
    /// True when an analyst edited it.
    pub edited: bool,
}

/// A stored document with its current extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    /// Row id.
    pub id: DocumentId,
    /// The document's own identifier.
    pub doc_id: String,
    /// Path or URL.
    pub source: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<PartialDate>,
    /// Full text (the reference for every offset).
    pub text: String,
    /// SHA-256 of source and text, hex.
    pub content_hash: String,
    /// Extractor version of the current extraction.
    pub extractor_version: String,
    /// When first stored (UTC).
    pub ingested_at: String,
    /// The current extraction, as the extractor wrote it.
    pub record: DocumentRecord,
    /// Incidents the document reports or mentions.
    pub incident_ids: Vec<IncidentId>,
}

/// Filters for `statements`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatementFilter {
    /// Kind of statement.
    pub kind: Option<StatementKind>,
    /// Case-insensitive substring of the speaker.
    pub speaker: Option<String>,
    /// Case-insensitive exact affiliation.
    pub affiliation: Option<String>,
    /// Statements of one document.
    pub document_id: Option<DocumentId>,
    /// Statements in documents that report or mention this incident.
    pub incident_id: Option<IncidentId>,
    /// Results to skip.
    pub offset: u64,
    /// Results to return (0 means 50).
    pub limit: u64,
}

impl Default for StatementFilter {
    fn default() -> Self {
        StatementFilter {
            kind: None,
            speaker: None,
            affiliation: None,
            document_id: None,
            incident_id: None,
            offset: 0,
            limit: 50,
        }
    }
}

/// A stored statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredStatement {
    /// Row id.
    pub id: i64,
    /// Document it was read in.
    pub document_id: DocumentId,
    /// The document's own identifier.
    pub doc_id: String,
    /// Who said it.
    pub speaker: String,
    /// For whom.
    pub affiliation: Option<String>,
    /// What kind.
    pub kind: StatementKind,
    /// Supporting spans.
    pub evidence: Vec<Evidence>,
    /// The incidents the document reports or mentions.
    #[serde(default)]
    pub incident_ids: Vec<IncidentId>,
}

/// Sizes of the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreStats {
    /// Stored documents.
    pub documents: u64,
    /// Incidents.
    pub incidents: u64,
    /// Reports (incidents read in documents, including mentions).
    pub reports: u64,
    /// Background mentions not linked to any incident.
    pub unlinked_mentions: u64,
    /// Statements.
    pub statements: u64,
    /// Analyst edits.
    pub edits: u64,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// GTD-compatible CSV (GTD column names and codes).
    GtdCsv,
    /// One `IncidentView` JSON object a line.
    Jsonl,
    /// GeoJSON FeatureCollection of points (incidents with coordinates).
    Geojson,
}

impl std::str::FromStr for ExportFormat {
    type Err = crate::StoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "gtd-csv" | "gtd_csv" | "csv" => Ok(ExportFormat::GtdCsv),
            "jsonl" | "json-lines" => Ok(ExportFormat::Jsonl),
            "geojson" => Ok(ExportFormat::Geojson),
            _ => Err(crate::StoreError::UnknownFormat(s.to_string())),
        }
    }
}

/// Receives ingest progress, so a CLI can drive a progress bar (or print counts).
pub trait Progress {
    /// Called once before the first batch; `total` is the number of documents if known.
    fn start(&mut self, _total: Option<u64>) {}
    /// Called after each committed batch with that batch's report.
    fn batch_done(&mut self, _batch: &BatchReport) {}
    /// Called once at the end with the totals.
    fn finish(&mut self, _total: &BatchReport) {}
}

/// A `Progress` that does nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}
