//! API tests over a real SQLite store in a temporary directory: filters,
//! paging, auth refusals, bad parameters, edits and the audit trail, the
//! security headers, and map/timeline totals agreeing with the table.

#[path = "../../sitrep-store/tests/common/mod.rs"]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{claim_statement, doc, record, IncidentBuilder};
use http_body_util::BodyExt;
use serde_json::Value;
use sitrep_core::{AttackType, GroupRelation, WeaponType};
use sitrep_server::{router, AppState, CSP};
use sitrep_store::{IncidentStore, SqliteStore};
use tower::ServiceExt;

struct Fixture {
    _dir: tempfile::TempDir,
    state: AppState,
    token: String,
    revoked: String,
}

/// 30 generated documents (10 incidents in "Freeland") plus two handmade
/// reports in "Ruritania": a claimed bombing by the (fictional) Northern Front
/// with a claim statement, and an unclaimed shooting.
/// The fixture's reports: 30 generated ones and two in Ruritania.
fn fixture_items() -> Vec<(sitrep_core::Document, sitrep_core::DocumentRecord)> {
    let mut items: Vec<_> = (0..30).map(|i| common::generated(i, 3)).collect();
    let t1 = "Market bombing in Zenda\nOn 2031-04-02 a car bomb exploded near the Zenda market, killing 7 people. \
              The Northern Front said it carried out the attack in a Telegram post.";
    let d1 = doc("ru-1", Some("2031-04-03"), t1);
    let i1 = IncidentBuilder::new(&d1, 1)
        .date("2031-04-02", "2031-04-02")
        .place("Zenda", "Ruritania", "XR", 48.1, 16.3)
        .attack(AttackType::BombingExplosion, "car bomb exploded")
        .weapon(WeaponType::Explosives, "car bomb")
        .killed(7, "killing 7 people")
        .group("Northern Front", GroupRelation::Claimed)
        .claimed("telegram", "said it carried out the attack")
        .build();
    let st = claim_statement(
        &d1,
        "Northern Front",
        "Northern Front",
        "said it carried out the attack",
    );
    let r1 = record(&d1, vec![i1], vec![st]);
    items.push((d1, r1));
    let t2 = "Shooting in Strelsau\nGunmen opened fire in Strelsau on 2031-06-10; one person died.";
    let d2 = doc("ru-2", Some("2031-06-10"), t2);
    let i2 = IncidentBuilder::new(&d2, 1)
        .date("2031-06-10", "2031-06-10")
        .place("Strelsau", "Ruritania", "XR", 48.3, 16.1)
        .attack(AttackType::ArmedAssault, "Gunmen opened fire")
        .killed(1, "one person died")
        .build();
    items.push((d2.clone(), record(&d2, vec![i2], vec![])));
    items
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = SqliteStore::open(&db).unwrap();
    let items = fixture_items();
    store.ingest_batch(&items, "1.0.0").unwrap();
    let token = store.create_token("Ana Analyst").unwrap();
    let revoked = store.create_token("Old Key").unwrap();
    store.revoke_tokens("Old Key").unwrap();
    drop(store);
    Fixture {
        state: AppState::open(&db).unwrap(),
        _dir: dir,
        token,
        revoked,
    }
}

async fn call(state: &AppState, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let res = router(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, headers, json)
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, Value) {
    let req = Request::get(uri).body(Body::empty()).unwrap();
    let (s, _, v) = call(state, req).await;
    (s, v)
}

async fn post_edit(
    state: &AppState,
    id: &str,
    auth: Option<&str>,
    body: &str,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let mut req = Request::post(format!("/api/incidents/{id}/edits"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(a) = auth {
        req = req.header(header::AUTHORIZATION, a);
    }
    call(state, req.body(Body::from(body.to_string())).unwrap()).await
}

fn ids(v: &Value) -> Vec<i64> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

async fn incident_id_in(state: &AppState, city: &str) -> i64 {
    let (_, v) = get(state, &format!("/api/incidents?city={city}")).await;
    ids(&v)[0]
}

#[tokio::test]
async fn filters_select_the_right_incidents() {
    let f = fixture();
    let s = &f.state;
    let (st, all) = get(s, "/api/incidents").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(all["total"], 12);
    let (_, v) = get(s, "/api/incidents?country=XR").await;
    assert_eq!(v["total"], 2);
    let (_, v) = get(
        s,
        "/api/incidents?country=ruritania&attack_type=bombing_explosion",
    )
    .await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["merged"]["city"], "Zenda");
    let (_, v) = get(s, "/api/incidents?group=northern%20front").await;
    assert_eq!(v["total"], 1);
    let (_, v) = get(s, "/api/incidents?claimed=true").await;
    assert_eq!(v["total"], 1);
    let (_, v) = get(s, "/api/incidents?q=telegram%20post").await;
    assert_eq!(v["total"], 1);
    let (_, v) = get(s, "/api/incidents?q=nonexistentword").await;
    assert_eq!(v["total"], 0);
    let (_, v) = get(s, "/api/incidents?date_from=2031-06&date_to=2031-06-30").await;
    assert_eq!(v["items"][0]["merged"]["city"], "Strelsau");
    // Generated incident k kills 2 + k (k < 10) in its first report; merged counts are the lowest.
    let (_, v) = get(s, "/api/incidents?min_killed=9&country=XF").await;
    for it in v["items"].as_array().unwrap() {
        assert!(it["merged"]["killed"]["min"].as_u64().unwrap() >= 9);
    }
    assert!(v["total"].as_u64().unwrap() >= 1);
    let (_, v) = get(s, "/api/incidents?weapon_type=firearms").await;
    for it in v["items"].as_array().unwrap() {
        assert!(it["merged"]["weapon_types"]
            .as_array()
            .unwrap()
            .contains(&Value::from("firearms")));
    }
}

#[tokio::test]
async fn paging_and_sorting() {
    let f = fixture();
    let s = &f.state;
    let (_, p1) = get(s, "/api/incidents?sort=id&limit=5").await;
    let (_, p2) = get(s, "/api/incidents?sort=id&limit=5&offset=5").await;
    let (_, p3) = get(s, "/api/incidents?sort=id&limit=5&offset=10").await;
    let mut seen: Vec<i64> = [ids(&p1), ids(&p2), ids(&p3)].concat();
    assert_eq!(seen.len(), 12);
    assert_eq!(
        (p1["limit"].as_u64(), p2["offset"].as_u64()),
        (Some(5), Some(5))
    );
    let sorted = {
        let mut v = seen.clone();
        v.sort();
        v
    };
    assert_eq!(seen, sorted);
    seen.dedup();
    assert_eq!(seen.len(), 12);
    let (_, k) = get(s, "/api/incidents?sort=killed&limit=100").await;
    let killed: Vec<u64> = k["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["merged"]["killed"]["min"].as_u64())
        .collect();
    assert!(killed.windows(2).all(|w| w[0] >= w[1]), "{killed:?}");
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_one_line_message() {
    let f = fixture();
    let s = &f.state;
    for (uri, needle) in [
        ("/api/incidents?limit=0", "limit"),
        ("/api/incidents?limit=100000", "limit"),
        ("/api/incidents?min_killed=-3", "min_killed"),
        ("/api/incidents?date_from=yesterday", "date_from"),
        ("/api/incidents?attack_type=arson", "attack_type"),
        ("/api/incidents?sort=random", "sort"),
        ("/api/incidents?colour=red", "unknown parameter"),
        ("/api/incidents?claimed=perhaps", "claimed"),
        ("/api/incidents/abc", "incident id"),
        ("/api/incidents/-4", "incident id"),
        ("/api/documents/1.5", "document id"),
        ("/api/statements?kind=rumour", "kind"),
        ("/api/timeline?bucket=day", "bucket"),
        ("/api/timeline?by=city", "by"),
        ("/api/map?limit=50000", "limit"),
    ] {
        let (st, v) = get(s, uri).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{uri}");
        let msg = v["error"].as_str().unwrap();
        assert!(msg.contains(needle), "{uri}: {msg}");
        assert!(!msg.contains('\n'));
    }
}

#[tokio::test]
async fn unknown_ids_are_404() {
    let f = fixture();
    for uri in [
        "/api/incidents/999999",
        "/api/documents/999999",
        "/api/nothing",
    ] {
        let (st, v) = get(&f.state, uri).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{uri}");
        assert!(v["error"].is_string());
    }
    let (st, _, _) = post_edit(
        &f.state,
        "999999",
        Some(&format!("Bearer {}", f.token)),
        r#"{"field":"killed","value":"3"}"#,
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn writes_need_a_valid_token_and_land_in_the_audit_trail() {
    let f = fixture();
    let s = &f.state;
    let id = incident_id_in(s, "Zenda").await;
    let body = r#"{"field":"killed","value":"8","note":"hospital update"}"#;
    let (st, h, v) = post_edit(s, &id.to_string(), None, body).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert_eq!(h[header::WWW_AUTHENTICATE], "Bearer");
    assert!(v["error"].as_str().unwrap().contains("token"));
    let (st, _, _) = post_edit(s, &id.to_string(), Some("Basic YWJjOmRlZg=="), body).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let (st, _, _) = post_edit(s, &id.to_string(), Some("Bearer sitrep_0123"), body).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _, _) = post_edit(
        s,
        &id.to_string(),
        Some(&format!("Bearer {}", f.revoked)),
        body,
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // Nothing was written by the refused requests.
    let (_, view) = get(s, &format!("/api/incidents/{id}")).await;
    assert_eq!(view["edits"].as_array().unwrap().len(), 0);

    let auth = format!("Bearer {}", f.token);
    let (st, _, v) = post_edit(
        s,
        &id.to_string(),
        Some(&auth),
        r#"{"field":"killed","value":"lots"}"#,
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    let (st, _, v) = post_edit(
        s,
        &id.to_string(),
        Some(&auth),
        r#"{"field":"colour","value":"red"}"#,
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("editable fields"));
    let (st, _, _) = post_edit(s, &id.to_string(), Some(&auth), "not json").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);

    let (st, _, v) = post_edit(s, &id.to_string(), Some(&auth), body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert!(v["edit_id"].as_i64().unwrap() > 0);
    assert_eq!(v["incident"]["merged"]["killed"]["min"], 8);
    let (_, view) = get(s, &format!("/api/incidents/{id}")).await;
    let edits = view["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["by"], "Ana Analyst");
    assert_eq!(edits[0]["field"], "killed");
    assert_eq!(edits[0]["note"], "hospital update");
    assert_eq!(edits[0]["old_value"]["min"], 7);
    assert_eq!(view["merged"]["killed"]["min"], 8);
}

#[tokio::test]
async fn incident_documents_and_statements_carry_evidence() {
    let f = fixture();
    let s = &f.state;
    let id = incident_id_in(s, "Zenda").await;
    let (st, view) = get(s, &format!("/api/incidents/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    let killed = view["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "killed")
        .unwrap();
    let ev = &killed["sources"][0]["evidence"][0];
    let doc_id = view["sources"][0]["document_id"].as_i64().unwrap();
    let (st, d) = get(s, &format!("/api/documents/{doc_id}")).await;
    assert_eq!(st, StatusCode::OK);
    let text = d["text"].as_str().unwrap();
    let (a, b) = (
        ev["start"].as_u64().unwrap() as usize,
        ev["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[a..b], "killing 7 people");
    assert_eq!(ev["text"], "killing 7 people");

    let (_, sts) = get(s, &format!("/api/statements?incident_id={id}")).await;
    assert_eq!(sts["total"], 1);
    assert_eq!(sts["items"][0]["kind"], "claim_of_responsibility");
    assert_eq!(sts["items"][0]["incident_ids"], serde_json::json!([id]));
    let (_, sts) = get(s, "/api/statements?kind=threat").await;
    assert_eq!(sts["total"], 0);
}

#[tokio::test]
async fn map_and_timeline_count_what_the_table_lists() {
    let f = fixture();
    let s = &f.state;
    for q in [
        "",
        "country=XF",
        "attack_type=bombing_explosion",
        "q=market",
        "claimed=false",
        "min_killed=5",
    ] {
        let (_, table) = get(s, &format!("/api/incidents?{q}")).await;
        let (st, map) = get(s, &format!("/api/map?{q}")).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(map["total"], table["total"], "map {q}");
        let (_, tl) = get(s, &format!("/api/timeline?{q}")).await;
        assert_eq!(tl["total"], table["total"], "timeline {q}");
        let drawn: u64 = tl["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["total"].as_u64().unwrap())
            .sum();
        assert_eq!(
            drawn + tl["undated"].as_u64().unwrap() + tl["imprecise"].as_u64().unwrap(),
            table["total"].as_u64().unwrap(),
            "timeline {q}"
        );
    }
    let (_, map) = get(s, "/api/map?country=XR").await;
    let pts = map["points"].as_array().unwrap();
    assert_eq!(pts.len(), 2);
    assert_eq!(pts[0]["killed"], 7, "most killed first");
    assert!((pts[0]["lat"].as_f64().unwrap() - 48.1).abs() < 1e-9);
    let (_, map) = get(s, "/api/map?limit=3").await;
    assert_eq!(map["points"].as_array().unwrap().len(), 3);
    assert_eq!(
        (map["total"].as_u64(), map["located"].as_u64()),
        (Some(12), Some(12))
    );
    let (_, map) = get(s, "/api/map?limit=1&country=XR").await;
    assert_eq!(
        (map["total"].as_u64(), map["located"].as_u64()),
        (Some(2), Some(2))
    );

    let (_, tl) = get(s, "/api/timeline?country=XR&bucket=month&by=group").await;
    let buckets: Vec<&str> = tl["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap())
        .collect();
    assert_eq!(buckets, ["2031-04", "2031-05", "2031-06"]);
    let names: Vec<&str> = tl["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Northern Front", "Unknown"]);
    assert_eq!(tl["series"][0]["counts"], serde_json::json!([1, 0, 0]));
    assert_eq!(tl["series"][1]["counts"], serde_json::json!([0, 0, 1]));
    let (_, tl) = get(s, "/api/timeline?country=XR&by=country").await;
    assert_eq!(
        tl["series"][0]["name"], "Ruritania",
        "display name, not the lowercase key"
    );
    assert_eq!(tl["series"][0]["total"], 2);
    let (_, tl) = get(s, "/api/timeline?country=XR&bucket=week").await;
    assert_eq!(tl["buckets"][0], "2031-03-31");
}

#[tokio::test]
async fn every_response_has_the_security_headers_and_the_ui_is_embedded() {
    let f = fixture();
    for uri in [
        "/",
        "/assets/app.js",
        "/assets/world.geojson",
        "/api/incidents",
        "/api/nothing",
    ] {
        let req = Request::get(uri).body(Body::empty()).unwrap();
        let res = router(f.state.clone()).oneshot(req).await.unwrap();
        assert_eq!(res.headers()[header::CONTENT_SECURITY_POLICY], CSP, "{uri}");
        assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    let req = Request::get("/").body(Body::empty()).unwrap();
    let res = router(f.state.clone()).oneshot(req).await.unwrap();
    let html =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(html.contains("/assets/app.js"));
    assert!(!html.contains("<script>"), "no inline script");
    let (st, _) = get(&f.state, "/assets/missing.js").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let f = fixture();
    let (st, v) = get(&f.state, "/api/openapi.json").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["openapi"], "3.1.0");
    for path in [
        "/api/incidents",
        "/api/incidents/{id}",
        "/api/incidents/{id}/edits",
        "/api/documents/{id}",
        "/api/statements",
        "/api/map",
        "/api/timeline",
        "/api/meta",
        "/api/facets",
        "/api/incidents.csv",
        "/api/incidents.jsonl",
        "/api/incidents.geojson",
        "/api/edits",
        "/api/review",
        "/api/incidents/{id}/merge",
        "/api/incidents/{id}/split",
        "/api/incidents/{id}/unlink",
        "/api/operations",
        "/api/operations/{id}/undo",
    ] {
        assert!(v["paths"][path].is_object(), "{path}");
    }
    let params: Vec<&str> = v["paths"]["/api/incidents"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for p in sitrep_server_params() {
        assert!(params.contains(&p), "{p} undocumented");
    }
}

fn sitrep_server_params() -> Vec<&'static str> {
    vec![
        "date_from",
        "date_to",
        "country",
        "city",
        "group",
        "attack_type",
        "weapon_type",
        "target_type",
        "min_killed",
        "claimed",
        "q",
        "sort",
        "offset",
        "limit",
    ]
}

#[tokio::test]
async fn meta_lists_fields_and_counts() {
    let f = fixture();
    let (_, v) = get(&f.state, "/api/meta").await;
    assert_eq!(v["stats"]["incidents"], 12);
    assert!(v["editable_fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["name"] == "killed"));
    assert!(v["attack_types"]
        .as_array()
        .unwrap()
        .contains(&Value::from("armed_assault")));
}

#[tokio::test]
async fn foreign_host_headers_are_refused() {
    let f = fixture();
    for (host, ok) in [
        ("127.0.0.1:8080", true),
        ("localhost:8080", true),
        ("[::1]:8080", true),
        ("LOCALHOST", true),
        ("evil.example:8080", false),
        ("127.0.0.1.evil.example", false),
    ] {
        let req = Request::get("/api/incidents")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap();
        let (st, h, v) = call(&f.state, req).await;
        if ok {
            assert_eq!(st, StatusCode::OK, "{host}");
        } else {
            assert_eq!(st, StatusCode::MISDIRECTED_REQUEST, "{host}");
            assert!(v["error"].as_str().unwrap().contains("127.0.0.1"));
            assert_eq!(h[header::CONTENT_SECURITY_POLICY], CSP);
        }
    }
}

/// Two servers on one PostgreSQL database answer alike, see each other's
/// writes at once, and answer as a server on a SQLite file holding the same
/// reports does (map, timeline, facets and the table: the aggregate SQL on
/// both backends).
#[tokio::test(flavor = "multi_thread")]
async fn two_servers_on_one_postgres_database_agree_with_each_other_and_with_sqlite() {
    // Connecting blocks: off the runtime's threads.
    let setup = tokio::task::spawn_blocking(|| {
        let url = common::fresh_pg_url()?;
        let mut store = sitrep_store::PgStore::connect(&url).unwrap();
        store.ingest_batch(&fixture_items(), "1.0.0").unwrap();
        let token = store.create_token("Ana Analyst").unwrap();
        drop(store);
        let a = AppState::open_spec(&url).unwrap();
        let b = AppState::open_spec(&url).unwrap();
        Some((url, a, b, token))
    })
    .await
    .unwrap();
    // The schema (dropped at the end) outlives the servers using it.
    let Some((_schema, a, b, token)) = setup else {
        return;
    };
    let lite = fixture();
    for uri in [
        "/api/incidents?limit=100",
        "/api/incidents?q=bomb*&limit=100",
        "/api/incidents?country=XR&sort=killed",
        "/api/map",
        "/api/facets",
        "/api/facets?country=XR",
        "/api/timeline?by=group",
        "/api/timeline?by=country&metric=fatalities&bucket=week",
    ] {
        let (sa, va) = get(&a, uri).await;
        let (sb, vb) = get(&b, uri).await;
        let (sl, vl) = get(&lite.state, uri).await;
        assert_eq!(
            (sa, sb, sl),
            (StatusCode::OK, StatusCode::OK, StatusCode::OK),
            "{uri}"
        );
        assert_eq!(va, vb, "{uri}: the two servers");
        assert_eq!(va, vl, "{uri}: PostgreSQL and SQLite");
    }
    // A write through one server is what the other serves next.
    let id = incident_id_in(&a, "Zenda").await;
    let (st, _, v) = post_edit(
        &a,
        &id.to_string(),
        Some(&format!("Bearer {token}")),
        r#"{"field":"killed","value":"9","note":"hospital update"}"#,
    )
    .await;
    assert!(st.is_success(), "{st} {v}");
    let (_, view) = get(&b, &format!("/api/incidents/{id}")).await;
    assert_eq!(view["merged"]["killed"]["min"], 9, "{view}");
    assert_eq!(view["edits"].as_array().unwrap().len(), 1);
    let (_, map) = get(&b, "/api/map").await;
    let point = map["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .cloned()
        .unwrap();
    assert_eq!(point["killed"], 9);
    // Dropping the states closes their connections off the runtime.
    drop((a, b));
}
