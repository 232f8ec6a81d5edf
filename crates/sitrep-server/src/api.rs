//! The JSON API under `/api`.

use crate::query::{self, extra, incident_filter, statement_filter};
use crate::sql::{self, Bucket, Metric, SeriesBy};
use crate::{ApiError, AppState};
use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use sitrep_store::{IncidentStore, EDITABLE_FIELDS};

/// The OpenAPI description served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// Largest map layer sent at once.
const MAX_MAP_POINTS: u64 = 20_000;
/// Largest edit request body.
const MAX_EDIT_BODY: usize = 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/meta", get(meta))
        .route("/api/incidents", get(list_incidents))
        .route("/api/incidents.csv", get(export_csv))
        .route("/api/incidents.jsonl", get(export_jsonl))
        .route("/api/incidents.geojson", get(export_geojson))
        .route("/api/incidents/{id}", get(incident))
        .route("/api/incidents/{id}/edits", post(post_edit))
        .route("/api/documents/{id}", get(document))
        .route("/api/statements", get(statements))
        .route("/api/map", get(map_layer))
        .route("/api/timeline", get(timeline))
        .route("/api/facets", get(facets))
        .route("/api/edits", get(audit_log))
        .route("/api/review", get(review_queue).post(post_review))
        .route("/api/incidents/{id}/merge", post(post_merge))
        .route("/api/incidents/{id}/split", post(post_split))
        .route("/api/incidents/{id}/unlink", post(post_unlink))
        .route("/api/operations", get(operations))
        .route("/api/operations/{id}/undo", post(post_undo))
        .fallback(api_not_found)
}

/// The JSON answer to a method a path does not take (405).
pub(crate) async fn method_not_allowed(
    method: axum::http::Method,
    uri: axum::http::Uri,
) -> ApiError {
    ApiError::MethodNotAllowed(format!(
        "method {method} is not allowed on {}; see /api/openapi.json",
        uri.path().chars().take(100).collect::<String>()
    ))
}

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

fn pairs(q: Pairs) -> Result<Vec<(String, String)>, ApiError> {
    q.map(|Query(p)| p)
        .map_err(|e| ApiError::BadRequest(format!("malformed query string: {}", e.body_text())))
}

fn id_of(p: Result<Path<String>, PathRejection>, what: &str) -> Result<i64, ApiError> {
    let Path(raw) = p.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    raw.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        let shown: String = raw.chars().take(40).collect();
        ApiError::BadRequest(format!(
            "invalid {what} id {shown:?}: expected a positive integer"
        ))
    })
}

async fn api_not_found() -> ApiError {
    ApiError::NotFound("no such API endpoint; see /api/openapi.json".into())
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

#[derive(Serialize)]
struct Meta {
    stats: sitrep_store::StoreStats,
    editable_fields: Vec<EditableField>,
    attack_types: Vec<&'static str>,
    weapon_types: Vec<&'static str>,
    target_types: Vec<&'static str>,
    statement_kinds: Vec<&'static str>,
    max_limit: u64,
}

#[derive(Serialize)]
struct EditableField {
    name: &'static str,
    syntax: &'static str,
}

async fn meta(State(st): State<AppState>) -> Result<Json<Meta>, ApiError> {
    use sitrep_core::{AttackType, StatementKind, TargetType, WeaponType};
    let stats = st.with_store(|s| Ok(s.stats()?)).await?;
    Ok(Json(Meta {
        stats,
        editable_fields: EDITABLE_FIELDS
            .iter()
            .map(|(name, syntax)| EditableField { name, syntax })
            .collect(),
        attack_types: AttackType::ALL.iter().map(|a| a.as_str()).collect(),
        weapon_types: WeaponType::ALL.iter().map(|a| a.as_str()).collect(),
        target_types: TargetType::ALL.iter().map(|a| a.as_str()).collect(),
        statement_kinds: StatementKind::ALL.iter().map(|a| a.as_str()).collect(),
        max_limit: query::MAX_LIMIT,
    }))
}

async fn list_incidents(State(st): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let filter = incident_filter(&pairs(q)?, &[])?;
    let page = st
        .with_store(move |s| Ok(s.list_incidents(&filter)?))
        .await?;
    Ok(Json(page).into_response())
}

async fn incident(
    State(st): State<AppState>,
    p: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(p, "incident")?;
    let view = st.with_store(move |s| Ok(s.incident(id)?)).await?;
    match view {
        Some(v) => Ok(Json(v).into_response()),
        None => Err(ApiError::NotFound(format!("no incident with id {id}"))),
    }
}

async fn document(
    State(st): State<AppState>,
    p: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(p, "document")?;
    let doc = st.with_store(move |s| Ok(s.document(id)?)).await?;
    match doc {
        Some(d) => Ok(Json(d).into_response()),
        None => Err(ApiError::NotFound(format!("no document with id {id}"))),
    }
}

async fn statements(State(st): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let filter = statement_filter(&pairs(q)?)?;
    let page = st.with_store(move |s| Ok(s.statements(&filter)?)).await?;
    Ok(Json(page).into_response())
}

async fn map_layer(State(st): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    // `limit` here bounds the points sent; offset and sort do not apply.
    let filter = incident_filter(&pairs, &["limit"])?;
    let limit = match extra(&pairs, "limit") {
        None => 5000,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=MAX_MAP_POINTS).contains(n))
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "invalid value {:?} for parameter limit: expected an integer from 1 to {MAX_MAP_POINTS}",
                    v.chars().take(40).collect::<String>()
                ))
            })?,
    };
    let layer = st
        .with_store(move |store| sql::map_layer(store.sql(), &filter, limit))
        .await?;
    Ok(Json(layer).into_response())
}

async fn timeline(State(st): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    let filter = incident_filter(&pairs, &["bucket", "by", "metric"])?;
    let metric = match extra(&pairs, "metric") {
        None | Some("incidents") => Metric::Incidents,
        Some("fatalities") => Metric::Fatalities,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "invalid value {:?} for parameter metric: expected incidents or fatalities",
                other.chars().take(40).collect::<String>()
            )))
        }
    };
    let bucket = match extra(&pairs, "bucket") {
        None | Some("month") => Bucket::Month,
        Some("week") => Bucket::Week,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "invalid value {:?} for parameter bucket: expected week or month",
                other.chars().take(40).collect::<String>()
            )))
        }
    };
    let by = match extra(&pairs, "by") {
        None | Some("none") => SeriesBy::None,
        Some("country") => SeriesBy::Country,
        Some("group") => SeriesBy::Group,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "invalid value {:?} for parameter by: expected none, country or group",
                other.chars().take(40).collect::<String>()
            )))
        }
    };
    let tl = st
        .with_store(move |store| sql::timeline(store.sql(), &filter, bucket, by, metric))
        .await?;
    Ok(Json(tl).into_response())
}

/// A `Write` that sends what is written, in chunks, to an HTTP body stream.
/// The first write goes out at once (the first byte comes early); then
/// chunks of [`EXPORT_CHUNK`] bytes. A client that went away ends the export.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
    sent_first: bool,
}

/// Size of the chunks an export is streamed in.
const EXPORT_CHUNK: usize = 64 * 1024;

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.sent_first = true;
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))
    }
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if !self.sent_first || self.buf.len() >= EXPORT_CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

async fn export_csv(st: State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    export(st, q, sitrep_store::ExportFormat::GtdCsv).await
}

async fn export_jsonl(st: State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    export(st, q, sitrep_store::ExportFormat::Jsonl).await
}

async fn export_geojson(st: State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    export(st, q, sitrep_store::ExportFormat::Geojson).await
}

/// Streams every incident matching the table's filters (paging and order are
/// accepted and ignored) in an export format: GTD CSV (cells a spreadsheet
/// would run are neutralised), JSON Lines or GeoJSON.
async fn export(
    State(st): State<AppState>,
    q: Pairs,
    format: sitrep_store::ExportFormat,
) -> Result<Response, ApiError> {
    use sitrep_store::ExportFormat;
    let filter = incident_filter(&pairs(q)?, &[])?;
    let (ctype, name) = match format {
        ExportFormat::GtdCsv => ("text/csv; charset=utf-8", "incidents.csv"),
        ExportFormat::Jsonl => ("application/x-ndjson", "incidents.jsonl"),
        ExportFormat::Geojson => ("application/geo+json", "incidents.geojson"),
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    let state = st.clone();
    tokio::task::spawn_blocking(move || {
        let store = match state.take() {
            Ok(s) => s,
            Err(e) => {
                let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                return;
            }
        };
        let mut w = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::new(),
            sent_first: false,
        };
        if let Err(e) = store.export_matching(&filter, format, &mut w) {
            // The status is sent already: a broken stream tells the client.
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
        state.give_back(store);
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Ok((
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response())
}

/// Body of the merge, split and unlink requests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OperationRequest {
    #[serde(default)]
    into: Option<i64>,
    #[serde(default)]
    report_id: Option<i64>,
    #[serde(default)]
    note: Option<String>,
}

fn operation_body(body: &Bytes, what: &str) -> Result<OperationRequest, ApiError> {
    if body.len() > MAX_EDIT_BODY {
        return Err(ApiError::BadRequest(format!("{what} body too large")));
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::BadRequest(format!(
            "invalid {what} body: {e}; expected JSON {{\"into\" (merge) or \"report_id\" (split, unlink), \"note\"}}"
        ))
    })
}

async fn post_merge(
    State(st): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let token = bearer(&headers)?;
    let id = id_of(p, "incident")?;
    let req = operation_body(&body, "merge")?;
    let into = req.into.ok_or_else(|| {
        ApiError::BadRequest("merge needs \"into\": the incident to merge into".into())
    })?;
    let (op, view) = st
        .with_store(move |s| {
            let who = s.check_token(&token)?.ok_or(ApiError::Forbidden)?;
            let op = s.merge_incidents(id, into, &who.0, req.note.as_deref())?;
            Ok((op, s.incident(into)?))
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"operation_id": op, "incident": view})),
    )
        .into_response())
}

async fn post_split(
    State(st): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let token = bearer(&headers)?;
    let id = id_of(p, "incident")?;
    let req = operation_body(&body, "split")?;
    let report = req.report_id.ok_or_else(|| {
        ApiError::BadRequest("split needs \"report_id\": the report to split off".into())
    })?;
    let (op, new_id, view) = st
        .with_store(move |s| {
            let who = s.check_token(&token)?.ok_or(ApiError::Forbidden)?;
            let (op, new_id) = s.split_report(id, report, &who.0, req.note.as_deref())?;
            Ok((op, new_id, s.incident(new_id)?))
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"operation_id": op, "incident_id": new_id, "incident": view})),
    )
        .into_response())
}

async fn post_unlink(
    State(st): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let token = bearer(&headers)?;
    let id = id_of(p, "incident")?;
    let req = operation_body(&body, "unlink")?;
    let report = req.report_id.ok_or_else(|| {
        ApiError::BadRequest("unlink needs \"report_id\": the mention to unlink".into())
    })?;
    let (op, view) = st
        .with_store(move |s| {
            let who = s.check_token(&token)?.ok_or(ApiError::Forbidden)?;
            let op = s.unlink_mention(id, report, &who.0, req.note.as_deref())?;
            Ok((op, s.incident(id)?))
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"operation_id": op, "incident": view})),
    )
        .into_response())
}

async fn post_undo(
    State(st): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = bearer(&headers)?;
    let id = id_of(p, "operation")?;
    let op = st
        .with_store(move |s| {
            let who = s.check_token(&token)?.ok_or(ApiError::Forbidden)?;
            Ok(s.undo_operation(id, &who.0)?)
        })
        .await?;
    Ok(Json(op).into_response())
}

async fn operations(State(st): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    let (mut offset, mut limit) = (0u64, 50u64);
    for (k, v) in &pairs {
        if v.trim().is_empty() {
            continue;
        }
        match k.as_str() {
            "offset" => offset = query::paging(k, v)?,
            "limit" => limit = query::paging(k, v)?,
            other => {
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter {:?}; expected one of offset, limit",
                    other.chars().take(40).collect::<String>()
                )))
            }
        }
    }
    let page = st
        .with_store(move |s| Ok(s.operations(offset, limit)?))
        .await?;
    Ok(Json(page).into_response())
}

const REVIEW_KINDS: &[&str] = &[
    "unlinked_mention",
    "low_match",
    "conflict",
    "learned",
    "no_place",
    "no_date",
];

async fn review_queue(State(st): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    let (mut offset, mut limit, mut kind) = (0u64, 50u64, None::<String>);
    for (k, v) in &pairs {
        if v.trim().is_empty() {
            continue;
        }
        match k.as_str() {
            "offset" => offset = query::paging(k, v)?,
            "limit" => limit = query::paging(k, v)?,
            "kind" => {
                let v = v.trim();
                if !REVIEW_KINDS.contains(&v) {
                    return Err(ApiError::BadRequest(format!(
                        "invalid value {:?} for parameter kind: expected one of {}",
                        v.chars().take(40).collect::<String>(),
                        REVIEW_KINDS.join(", ")
                    )));
                }
                kind = Some(v.to_string());
            }
            other => {
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter {:?}; expected one of kind, offset, limit",
                    other.chars().take(40).collect::<String>()
                )))
            }
        }
    }
    let page = st
        .with_store(move |s| Ok(s.review_queue(kind.as_deref(), offset, limit)?))
        .await?;
    Ok(Json(page).into_response())
}

/// Body of `POST /api/review`: one queue item and the decision on it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewRequest {
    kind: String,
    #[serde(default)]
    incident_id: Option<i64>,
    #[serde(default)]
    report_id: Option<i64>,
    #[serde(default)]
    field: String,
    decision: String,
    #[serde(default)]
    note: Option<String>,
}

async fn post_review(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let token = bearer(&headers)?;
    if body.len() > MAX_EDIT_BODY {
        return Err(ApiError::BadRequest("review body too large".into()));
    }
    let req: ReviewRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::BadRequest(format!(
            "invalid review body: {e}; expected JSON {{\"kind\", \"incident_id\" or \"report_id\", \"field\", \"decision\": \"accept\" or \"reject\", \"note\"}}"
        ))
    })?;
    let accept = match req.decision.as_str() {
        "accept" => true,
        "reject" => false,
        other => {
            return Err(ApiError::BadRequest(format!(
                "invalid decision {:?}: expected accept or reject",
                other.chars().take(40).collect::<String>()
            )))
        }
    };
    if !REVIEW_KINDS.contains(&req.kind.as_str()) {
        return Err(ApiError::BadRequest(format!(
            "invalid kind {:?}: expected one of {}",
            req.kind.chars().take(40).collect::<String>(),
            REVIEW_KINDS.join(", ")
        )));
    }
    let id = st
        .with_store(move |s| {
            let who = s.check_token(&token)?.ok_or(ApiError::Forbidden)?;
            let item = sitrep_store::ReviewItem {
                kind: req.kind,
                reason: String::new(),
                incident_id: req.incident_id,
                report_id: req.report_id,
                document_id: None,
                field: req.field,
            };
            let note = req.note.as_deref();
            Ok(s.decide_review(&item, accept, &who.0, note)?)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "review_id": id })),
    )
        .into_response())
}

async fn audit_log(State(st): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    let (mut offset, mut limit) = (0u64, 50u64);
    for (k, v) in &pairs {
        if v.trim().is_empty() {
            continue;
        }
        match k.as_str() {
            "offset" => offset = query::paging(k, v)?,
            "limit" => limit = query::paging(k, v)?,
            other => {
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter {:?}; expected one of offset, limit",
                    other.chars().take(40).collect::<String>()
                )))
            }
        }
    }
    let page = st
        .with_store(move |s| Ok(s.audit_log(offset, limit)?))
        .await?;
    Ok(Json(page).into_response())
}

async fn facets(q: Pairs, State(st): State<AppState>) -> Result<Response, ApiError> {
    let filter = incident_filter(&pairs(q)?, &[])?;
    let out = st
        .with_store(move |store| sql::facets(store.sql(), &filter))
        .await?;
    Ok(Json(out).into_response())
}

/// Body of `POST /api/incidents/{id}/edits`: exactly one of `value` (set it),
/// `revert: true` (back to what extraction says) or `from_report` (use that
/// source report's value).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditRequest {
    field: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    revert: bool,
    #[serde(default)]
    from_report: Option<i64>,
    /// For a city: keep region and coordinates instead of re-resolving them.
    #[serde(default)]
    keep_place: bool,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Serialize)]
struct EditResponse {
    edit_id: i64,
    incident: sitrep_store::IncidentView,
}

/// The bearer token of a request: `Err(Unauthorized)` when absent.
fn bearer(headers: &HeaderMap) -> Result<String, ApiError> {
    let v = headers
        .get(header::AUTHORIZATION)
        .ok_or(ApiError::Unauthorized)?;
    let v = v.to_str().map_err(|_| ApiError::Forbidden)?.trim();
    let (scheme, token) = v.split_once(' ').ok_or(ApiError::Unauthorized)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::Unauthorized);
    }
    Ok(token.trim().to_string())
}

async fn post_edit(
    State(st): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    // Authentication comes first: an anonymous caller learns nothing else.
    let token = bearer(&headers)?;
    let id = id_of(p, "incident")?;
    if body.len() > MAX_EDIT_BODY {
        return Err(ApiError::BadRequest(format!(
            "edit body too large ({} bytes, at most {MAX_EDIT_BODY})",
            body.len()
        )));
    }
    let req: EditRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::BadRequest(format!(
            "invalid edit body: {e}; expected JSON {{\"field\": ..., \"value\": ..., \"note\": ...}}"
        ))
    })?;
    let (edit_id, view) = st
        .with_store(move |s| {
            let who = s.check_token(&token)?.ok_or(ApiError::Forbidden)?;
            if s.incident(id)?.is_none() {
                return Err(ApiError::NotFound(format!("no incident with id {id}")));
            }
            let note = req.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let edit_id = match (&req.value, req.revert, req.from_report) {
                (Some(v), false, None) => s.edit_with(
                    id,
                    &req.field,
                    v,
                    &who.0,
                    note,
                    sitrep_store::EditOptions {
                        keep_place: req.keep_place,
                    },
                )?,
                (None, true, None) => s.revert(id, &req.field, &who.0, note)?,
                (None, false, Some(r)) => s.use_source_value(id, &req.field, r, &who.0, note)?,
                _ => {
                    return Err(ApiError::BadRequest(
                        "an edit gives exactly one of value, revert: true or from_report".into(),
                    ))
                }
            };
            let view = s
                .incident(id)?
                .ok_or_else(|| ApiError::NotFound(format!("no incident with id {id}")))?;
            Ok((edit_id, view))
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(EditResponse {
            edit_id,
            incident: view,
        }),
    )
        .into_response())
}
