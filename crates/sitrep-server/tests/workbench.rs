//! API tests of the analyst's workbench: search by alias, common country name,
//! stemmed/prefix/OR/NOT free text and multi-select; facet counts; exports of
//! the filtered table; 405 bodies; favicon; gzip and ETag on static files;
//! the timeline's fatalities metric.

#[path = "../../sitrep-store/tests/common/mod.rs"]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{doc, record, IncidentBuilder};
use http_body_util::BodyExt;
use serde_json::Value;
use sitrep_core::{AttackType, GroupRelation};
use sitrep_server::{router, AppState};
use sitrep_store::{IncidentStore, SqliteStore};
use tower::ServiceExt;

/// Four reports: an Islamic State knife attack in London (claimed and
/// pledged), an al-Shabaab car bombing in Mogadishu, a tram stabbing and a
/// car attack in Lyon. The London report's title would run as a formula.
fn fixture() -> (tempfile::TempDir, AppState) {
    let (d, s, _) = fixture_with_token();
    (d, s)
}

fn fixture_with_token() -> (tempfile::TempDir, AppState, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut store = SqliteStore::open(&db).unwrap();
    let mut items = Vec::new();
    let t = "=HYPERLINK(\"http://evil.example\",\"London knife attack\")\nOn 2031-05-02 an attacker stabbed \
             three people with a knife near London Bridge, killing two. The Islamic State claimed the attack \
             through Amaq; the attacker had pledged allegiance to the Islamic State.";
    let d = doc("london", Some("2031-05-03"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-05-02", "2031-05-02")
        .place("London", "United Kingdom", "GB", 51.5, -0.12)
        .attack(AttackType::ArmedAssault, "stabbed")
        .killed(2, "killing two")
        .group("Islamic State", GroupRelation::Claimed)
        .group("Islamic State", GroupRelation::Pledged)
        .claimed("amaq", "claimed the attack")
        .build();
    items.push((d.clone(), record(&d, vec![i], vec![])));
    let t = "Car bombing at Mogadishu market\nOn 2031-06-01 a car bomb exploded at a market in Mogadishu, \
             killing nine. Al-Shabaab said it was behind the bombing.";
    let d = doc("mogadishu", Some("2031-06-01"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-06-01", "2031-06-01")
        .place("Mogadishu", "Somalia", "SO", 2.04, 45.34)
        .attack(AttackType::BombingExplosion, "car bomb exploded")
        .killed(9, "killing nine")
        .group("al-Shabaab", GroupRelation::Claimed)
        .build();
    items.push((d.clone(), record(&d, vec![i], vec![])));
    let t = "Tram stabbing in Lyon\nOn 2030-03-10 a man stabbed two passengers on a tram in Lyon, killing one.";
    let d = doc("lyon-tram", Some("2030-03-10"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2030-03-10", "2030-03-10")
        .place("Lyon", "France", "FR", 45.76, 4.83)
        .attack(AttackType::ArmedAssault, "stabbed")
        .killed(1, "killing one")
        .build();
    items.push((d.clone(), record(&d, vec![i], vec![])));
    let t = "Car attack in Lyon\nOn 2031-09-20 a car drove into a crowd at a Lyon market, killing four.";
    let d = doc("lyon-car", Some("2031-09-20"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-09-20", "2031-09-20")
        .place("Lyon", "France", "FR", 45.76, 4.83)
        .attack(AttackType::UnarmedAssault, "drove into a crowd")
        .killed(4, "killing four")
        .build();
    items.push((d.clone(), record(&d, vec![i], vec![])));
    // A second, later London report with a different toll (for "use this source's value").
    let t = "London attack toll\nOn 2031-05-02 an attacker stabbed people near London Bridge; three died, police said.";
    let d = doc("london-2", Some("2031-05-04"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-05-02", "2031-05-02")
        .place("London", "United Kingdom", "GB", 51.5, -0.12)
        .attack(AttackType::ArmedAssault, "stabbed")
        .killed(3, "three died")
        .build();
    items.push((d.clone(), record(&d, vec![i], vec![])));
    store.ingest_batch(&items, "1.0.0").unwrap();
    let token = store.create_token("Ana Analyst").unwrap();
    drop(store);
    let state = AppState::open(&db).unwrap();
    (dir, state, token)
}

async fn edit(state: &AppState, token: &str, id: i64, body: Value) -> (StatusCode, Value) {
    let req = Request::post(format!("/api/incidents/{id}/edits"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(body.to_string()))
        .unwrap();
    let (st, _, b) = raw(state, req).await;
    (st, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

async fn raw(state: &AppState, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = router(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, Value) {
    let (s, _, b) = raw(state, Request::get(uri).body(Body::empty()).unwrap()).await;
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

async fn cities(state: &AppState, query: &str) -> Vec<String> {
    let (st, v) = get(state, &format!("/api/incidents?sort=id&{query}")).await;
    assert_eq!(st, StatusCode::OK, "{query}: {v}");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["merged"]["city"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn groups_are_found_by_any_alias_or_prefix() {
    let (_d, s) = fixture();
    for g in ["ISIS", "ISIL", "IS", "Daesh", "Islamic%20State", "islamic"] {
        assert_eq!(cities(&s, &format!("group={g}")).await, ["London"], "{g}");
    }
    for g in ["Shabaab", "al%20Shabaab", "al-Shabab"] {
        assert_eq!(
            cities(&s, &format!("group={g}")).await,
            ["Mogadishu"],
            "{g}"
        );
    }
    assert!(cities(&s, "group=Northern%20Front").await.is_empty());
}

#[tokio::test]
async fn countries_are_found_by_code_name_and_common_name() {
    let (_d, s) = fixture();
    for c in ["UK", "Britain", "GB", "United%20Kingdom", "gbr"] {
        assert_eq!(cities(&s, &format!("country={c}")).await, ["London"], "{c}");
    }
    assert_eq!(cities(&s, "country=france").await, ["Lyon", "Lyon"]);
}

#[tokio::test]
async fn free_text_stems_takes_prefixes_or_and_not() {
    let (_d, s) = fixture();
    // "bomb" finds "bombing"/"bomb"; "knif*" finds "knife".
    assert_eq!(cities(&s, "q=bomb").await, ["Mogadishu"]);
    assert_eq!(cities(&s, "q=bombs").await, ["Mogadishu"]);
    assert_eq!(cities(&s, "q=knif*").await, ["London"]);
    assert_eq!(
        cities(&s, "q=tram%20OR%20bombing").await,
        ["Mogadishu", "Lyon"]
    );
    assert_eq!(cities(&s, "q=Lyon%20-tram").await, ["Lyon"]);
    let lyon_not_tram = get(&s, "/api/incidents?q=Lyon%20NOT%20tram").await.1;
    assert_eq!(lyon_not_tram["items"][0]["merged"]["date"], "2031-09-20");
    // FTS5 syntax in the input is text, never a 500.
    for q in [
        "%22unbalanced",
        "NEAR(a",
        "a%20AND",
        "*",
        "(%20)",
        "%5E",
        "a:b",
    ] {
        let (st, v) = get(&s, &format!("/api/incidents?q={q}")).await;
        assert_eq!(st, StatusCode::OK, "{q}: {v}");
    }
    // Only words to leave out: a clear 400.
    let (st, v) = get(&s, "/api/incidents?q=-tram").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(
        v["error"].as_str().unwrap().contains("at least one word"),
        "{v}"
    );
}

#[tokio::test]
async fn repeated_parameters_are_a_multi_select() {
    let (_d, s) = fixture();
    assert_eq!(
        cities(&s, "group=ISIS&group=Shabaab").await,
        ["London", "Mogadishu"]
    );
    assert_eq!(
        cities(&s, "country=UK&country=SO").await,
        ["London", "Mogadishu"]
    );
    assert_eq!(
        cities(
            &s,
            "attack_type=unarmed_assault&attack_type=bombing_explosion"
        )
        .await,
        ["Mogadishu", "Lyon"]
    );
    // Different parameters still narrow each other.
    assert_eq!(
        cities(&s, "country=UK&country=FR&attack_type=armed_assault").await,
        ["London", "Lyon"]
    );
}

#[tokio::test]
async fn facets_count_the_current_filter() {
    let (_d, s) = fixture();
    let (st, v) = get(&s, "/api/facets").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["total"], 4);
    assert_eq!(v["country"][0]["value"], "FR");
    assert_eq!(v["country"][0]["label"], "France");
    assert_eq!(v["country"][0]["count"], 2);
    let group_labels: Vec<&str> = v["group"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["label"].as_str().unwrap())
        .collect();
    assert!(group_labels.contains(&"Islamic State"), "{group_labels:?}");
    assert!(group_labels.contains(&"al-Shabaab"));
    // An incident with two relations to one group counts once.
    let is = v["group"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["label"] == "Islamic State")
        .unwrap();
    assert_eq!(is["count"], 1);
    let years: Vec<(&str, u64)> = v["year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["value"].as_str().unwrap(), y["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(years, [("2031", 3), ("2030", 1)]);
    let (_, v) = get(&s, "/api/facets?country=FR").await;
    assert_eq!(v["total"], 2);
    // The country facet leaves the country filter out (a multi-select offers the others).
    assert_eq!(v["country"].as_array().unwrap().len(), 3);
    assert_eq!(v["year"].as_array().unwrap().len(), 2);
    let (_, v) = get(&s, "/api/facets?country=FR&date_from=2031&date_to=2031").await;
    assert_eq!(v["total"], 1);
    let fr: Vec<(&str, u64)> = v["country"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["value"].as_str().unwrap(), c["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(fr, [("FR", 1), ("GB", 1), ("SO", 1)]);
    assert_eq!(
        v["group"].as_array().unwrap().len(),
        0,
        "no group in Lyon 2031"
    );
    // Other facets count within the filter.
    let attacks: Vec<&str> = v["attack_type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["value"].as_str().unwrap())
        .collect();
    assert_eq!(attacks, ["unarmed_assault"]);
    let (st, _) = get(&s, "/api/facets?colour=red").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn exports_stream_the_filtered_incidents() {
    let (_d, s) = fixture();
    let (st, h, body) = raw(
        &s,
        Request::get("/api/incidents.csv?country=UK&country=SO&limit=1")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(h[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("incidents.csv"));
    let mut r = csv::Reader::from_reader(body.as_slice());
    let head = r.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|c| c == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "every match, paging ignored");
    let cities: Vec<&str> = rows.iter().map(|r| &r[col("city")]).collect();
    assert_eq!(cities, ["London", "Mogadishu"]);
    // The formula in the London title opens as text; numbers stay numbers.
    assert_eq!(
        &rows[0][col("summary")],
        "'=HYPERLINK(\"http://evil.example\",\"London knife attack\")"
    );
    assert_eq!(&rows[0][col("longitude")], "-0.12");
    assert_eq!(&rows[0][col("gname")], "Islamic State");
    assert_eq!(&rows[0][col("gname2")], "", "one group, two relations");

    let (st, h, body) = raw(
        &s,
        Request::get("/api/incidents.jsonl?group=Daesh")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "application/x-ndjson");
    let lines: Vec<Value> = String::from_utf8(body)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["merged"]["city"], "London");

    let (st, v) = get(&s, "/api/incidents.geojson?q=Lyon").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["features"].as_array().unwrap().len(), 2);

    for bad in [
        "/api/incidents.csv?q=-tram",
        "/api/incidents.jsonl?attack_type=arson",
        "/api/incidents.geojson?colour=red",
    ] {
        let (st, v) = get(&s, bad).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{bad}");
        assert!(v["error"].is_string(), "{bad}");
    }
}

#[tokio::test]
async fn every_relation_of_a_group_is_kept_and_the_claim_has_modes() {
    let (_d, s) = fixture();
    let (_, list) = get(&s, "/api/incidents?city=London").await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    let (_, v) = get(&s, &format!("/api/incidents/{id}")).await;
    let rels: Vec<&str> = v["merged"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["relation"].as_str().unwrap())
        .collect();
    assert_eq!(rels, ["claimed", "pledged"]);
    assert_eq!(v["merged"]["claim_modes"][0], "amaq");
}

#[tokio::test]
async fn wrong_methods_get_a_json_405() {
    let (_d, s) = fixture();
    for (method, uri) in [
        ("POST", "/api/incidents"),
        ("DELETE", "/api/incidents/1"),
        ("PUT", "/api/facets"),
        ("POST", "/"),
        ("GET", "/api/incidents/1/edits"),
    ] {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        let (st, h, body) = raw(&s, req).await;
        assert_eq!(st, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert!(v["error"].as_str().unwrap().contains("not allowed"), "{v}");
        assert!(h[header::CONTENT_SECURITY_POLICY].to_str().is_ok());
    }
}

#[tokio::test]
async fn favicon_gzip_and_etag() {
    let (_d, s) = fixture();
    let (st, h, body) = raw(
        &s,
        Request::get("/favicon.ico").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "image/svg+xml");
    assert!(String::from_utf8(body).unwrap().starts_with("<svg"));

    let (st, h, plain) = raw(
        &s,
        Request::get("/assets/world.geojson")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(h.get(header::CONTENT_ENCODING).is_none());
    let etag = h[header::ETAG].to_str().unwrap().to_string();
    let (st, h, gz) = raw(
        &s,
        Request::get("/assets/world.geojson")
            .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(h[header::CONTENT_ENCODING], "gzip");
    assert_eq!(h[header::VARY], "Accept-Encoding");
    assert!(
        gz.len() * 3 < plain.len(),
        "{} -> {}",
        plain.len(),
        gz.len()
    );
    let (st, _, body) = raw(
        &s,
        Request::get("/assets/world.geojson")
            .header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
}

#[tokio::test]
async fn the_timeline_counts_fatalities_on_request() {
    let (_d, s) = fixture();
    let (st, v) = get(
        &s,
        "/api/timeline?metric=fatalities&bucket=month&date_from=2031",
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["metric"], "fatalities");
    // London 3 (the later report, GTD count rule), Mogadishu 9, Lyon 4.
    assert_eq!(v["series"][0]["total"], 3 + 9 + 4);
    let (_, v) = get(&s, "/api/timeline?bucket=month&date_from=2031").await;
    assert_eq!(v["series"][0]["total"], 3);
    let (st, v) = get(&s, "/api/timeline?metric=deaths").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("fatalities"));
}

#[tokio::test]
async fn corrections_are_validated_with_a_clear_400() {
    let (_d, s, t) = fixture_with_token();
    let id = get(&s, "/api/incidents?city=Mogadishu").await.1["items"][0]["id"]
        .as_i64()
        .unwrap();
    for (body, needle) in [
        (
            serde_json::json!({"field": "country_code", "value": "ZZ"}),
            "ISO 3166",
        ),
        (
            serde_json::json!({"field": "country_code", "value": "FRA"}),
            "two-letter",
        ),
        (
            serde_json::json!({"field": "attack_types", "value": "arson"}),
            "GTD category",
        ),
        (
            serde_json::json!({"field": "date", "value": "2031-13-01"}),
            "date",
        ),
        (
            serde_json::json!({"field": "killed", "value": "-3"}),
            "N, N-M or N+",
        ),
        (
            serde_json::json!({"field": "killed", "value": "9-3"}),
            "lower bound",
        ),
        (
            serde_json::json!({"field": "latitude", "value": "91"}),
            "range",
        ),
        (
            serde_json::json!({"field": "city", "value": "Nowhereville"}),
            "keep_place",
        ),
        (
            serde_json::json!({"field": "colour", "value": "red"}),
            "colour",
        ),
        (
            serde_json::json!({"field": "killed", "value": "4", "revert": true}),
            "exactly one",
        ),
        (serde_json::json!({"field": "killed"}), "exactly one"),
        (
            serde_json::json!({"field": "killed", "revert": true}),
            "no edit to revert",
        ),
        (
            serde_json::json!({"field": "killed", "from_report": 999}),
            "report 999",
        ),
    ] {
        let (st, v) = edit(&s, &t, id, body.clone()).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{body}: {v}");
        let msg = v["error"].as_str().unwrap();
        assert!(msg.contains(needle), "{body}: {msg}");
    }
    assert_eq!(get(&s, "/api/edits").await.1["total"], 0, "nothing stored");
}

#[tokio::test]
async fn a_city_edit_moves_the_incident_and_a_revert_brings_it_back() {
    let (_d, s, t) = fixture_with_token();
    let id = get(&s, "/api/incidents?city=Lyon&q=tram").await.1["items"][0]["id"]
        .as_i64()
        .unwrap();
    let map_point = |v: &Value| -> (f64, f64) {
        let p = v["points"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone();
        (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap())
    };
    let before = map_point(&get(&s, "/api/map").await.1);
    let (st, v) = edit(
        &s,
        &t,
        id,
        serde_json::json!({"field": "city", "value": "Marseille"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let m = &v["incident"]["merged"];
    assert_eq!(m["city"], "Marseille");
    assert_eq!(m["region"], "Provence-Alpes-Côte d'Azur");
    let after = map_point(&get(&s, "/api/map").await.1);
    assert!(
        (after.0 - 43.3).abs() < 0.2 && (after.1 - 5.4).abs() < 0.2,
        "{after:?}"
    );
    assert_ne!(before, after, "the map dot moved");
    // Keeping the place leaves region and coordinates alone.
    let (st, v) = edit(
        &s,
        &t,
        id,
        serde_json::json!({"field": "city", "value": "Vieux-Port", "keep_place": true}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["incident"]["merged"]["city"], "Vieux-Port");
    assert_eq!(map_point(&get(&s, "/api/map").await.1), after);
    // Revert: the location is what extraction says again; the audit log keeps it all.
    let (st, v) = edit(
        &s,
        &t,
        id,
        serde_json::json!({"field": "city", "revert": true}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["incident"]["merged"]["city"], "Lyon");
    assert_eq!(map_point(&get(&s, "/api/map").await.1), before);
    let (_, log) = get(&s, "/api/edits?limit=50").await;
    let kinds: Vec<(&str, &str)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds[0], ("location", "revert"), "newest first: {kinds:?}");
    assert!(kinds.contains(&("latitude", "set")) && kinds.contains(&("region", "set")));
    assert_eq!(log["items"][0]["by"], "Ana Analyst");
    let (st, _) = get(&s, "/api/edits?colour=red").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn use_this_sources_value_in_one_request() {
    let (_d, s, t) = fixture_with_token();
    let id = get(&s, "/api/incidents?city=London").await.1["items"][0]["id"]
        .as_i64()
        .unwrap();
    let (_, v) = get(&s, &format!("/api/incidents/{id}")).await;
    assert_eq!(
        v["sources"].as_array().unwrap().len(),
        2,
        "two London reports, one incident"
    );
    // The later report's 3 is the merged figure (GTD's count rule); use the first report's 2.
    assert_eq!(v["merged"]["killed"]["min"], 3);
    let killed = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "killed")
        .unwrap();
    let first = killed["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["value"]["min"] == 2)
        .unwrap()["report_id"]
        .as_i64()
        .unwrap();
    let (st, v) = edit(
        &s,
        &t,
        id,
        serde_json::json!({"field": "killed", "from_report": first}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["incident"]["merged"]["killed"]["min"], 2);
    let e = &v["incident"]["edits"][0];
    assert!(e["note"].as_str().unwrap().contains("london"), "{e}");
    // A location from a source is several part edits in one go.
    let loc_src = v["incident"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "location")
        .unwrap()["sources"][0]["report_id"]
        .as_i64()
        .unwrap();
    let (st, v) = edit(
        &s,
        &t,
        id,
        serde_json::json!({"field": "location", "from_report": loc_src}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["incident"]["merged"]["city"], "London");
}

/// A store with one of each thing a coder must review: two London reports
/// disagreeing on the toll (one with groups from the learned model), an undated
/// Lyon report, and a background mention that matches nothing.
fn review_fixture() -> (tempfile::TempDir, AppState, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let mut store = SqliteStore::open(&db).unwrap();
    let mut items = Vec::new();
    let t = "London knife attack\nOn 2031-05-02 an attacker stabbed people near London Bridge, killing two.";
    let d = doc("london", Some("2031-05-03"), t);
    let mut i = IncidentBuilder::new(&d, 1)
        .date("2031-05-02", "2031-05-02")
        .place("London", "United Kingdom", "GB", 51.5, -0.12)
        .attack(AttackType::ArmedAssault, "stabbed")
        .killed(2, "killing two")
        .group("Islamic State", GroupRelation::Suspected)
        .build();
    i.learned = vec!["groups".into()];
    items.push((d.clone(), record(&d, vec![i], vec![])));
    let t = "London attack toll\nOn 2031-05-02 an attacker stabbed people near London Bridge; three died.";
    let d = doc("london-2", Some("2031-05-04"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-05-02", "2031-05-02")
        .place("London", "United Kingdom", "GB", 51.5, -0.12)
        .attack(AttackType::ArmedAssault, "stabbed")
        .killed(3, "three died")
        .build();
    items.push((d.clone(), record(&d, vec![i], vec![])));
    let t = "Stabbing in Lyon\nA man stabbed a passenger in Lyon, police said.";
    let d = doc("lyon-undated", None, t);
    let i = IncidentBuilder::new(&d, 1)
        .place("Lyon", "France", "FR", 45.76, 4.83)
        .attack(AttackType::ArmedAssault, "stabbed")
        .build();
    items.push((d.clone(), record(&d, vec![i], vec![])));
    let t = "Anniversary\nThe city remembered the market attack of years ago.";
    let d = doc("anniversary", Some("2031-07-01"), t);
    let i = IncidentBuilder::new(&d, 1)
        .mention()
        .attack(AttackType::BombingExplosion, "market attack")
        .build();
    items.push((d.clone(), record(&d, vec![i], vec![])));
    store.ingest_batch(&items, "1.0.0").unwrap();
    let token = store.create_token("Rita Reviewer").unwrap();
    drop(store);
    (dir, AppState::open(&db).unwrap(), token)
}

async fn post_review(state: &AppState, token: Option<&str>, body: Value) -> (StatusCode, Value) {
    let mut req = Request::post("/api/review").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let (st, _, b) = raw(state, req.body(Body::from(body.to_string())).unwrap()).await;
    (st, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

fn kinds(v: &Value) -> Vec<(String, String)> {
    let mut k: Vec<(String, String)> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    k.sort();
    k
}

#[tokio::test]
async fn the_review_queue_lists_what_needs_a_human_and_takes_decisions() {
    let (_d, s, t) = review_fixture();
    let (st, v) = get(&s, "/api/review").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let want = |k: &str, f: &str| (k.to_string(), f.to_string());
    assert_eq!(
        kinds(&v),
        vec![
            want("conflict", "killed"),
            want("learned", "groups"),
            want("no_date", ""),
            want("unlinked_mention", ""),
        ]
    );
    for i in v["items"].as_array().unwrap() {
        assert!(!i["reason"].as_str().unwrap().is_empty(), "{i}");
    }
    let (_, only) = get(&s, "/api/review?kind=unlinked_mention").await;
    assert_eq!(only["total"], 1);
    assert!(only["items"][0]["report_id"].is_i64());
    assert!(only["items"][0]["incident_id"].is_null());
    for bad in [
        "/api/review?kind=gossip",
        "/api/review?colour=red",
        "/api/review?limit=0",
    ] {
        assert_eq!(get(&s, bad).await.0, StatusCode::BAD_REQUEST, "{bad}");
    }

    // Accept the conflict as merged: it leaves the queue, once.
    let conflict = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "conflict")
        .unwrap()
        .clone();
    let body = serde_json::json!({"kind": "conflict", "incident_id": conflict["incident_id"],
        "field": "killed", "decision": "accept", "note": "the later toll is right"});
    assert_eq!(
        post_review(&s, None, body.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post_review(&s, Some("sitrep_bad"), body.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let (st, r) = post_review(&s, Some(&t), body.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    assert!(r["review_id"].is_i64());
    let (st, r) = post_review(&s, Some(&t), body).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "decided already: {r}");
    let (_, v) = get(&s, "/api/review").await;
    assert!(!kinds(&v).contains(&want("conflict", "killed")));
    assert_eq!(v["total"], 3);

    // Reject the mention; other refusals.
    let mention = get(&s, "/api/review?kind=unlinked_mention").await.1["items"][0].clone();
    let (st, _) = post_review(
        &s,
        Some(&t),
        serde_json::json!({"kind": "unlinked_mention", "report_id": mention["report_id"], "decision": "reject"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED);
    for (body, needle) in [
        (
            serde_json::json!({"kind": "no_date", "incident_id": 999, "decision": "accept"}),
            "no such open item",
        ),
        (
            serde_json::json!({"kind": "no_date", "incident_id": 1, "decision": "maybe"}),
            "accept or reject",
        ),
        (
            serde_json::json!({"kind": "gossip", "incident_id": 1, "decision": "accept"}),
            "invalid kind",
        ),
        (
            serde_json::json!({"kind": "no_date"}),
            "invalid review body",
        ),
    ] {
        let (st, v) = post_review(&s, Some(&t), body.clone()).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
        assert!(v["error"].as_str().unwrap().contains(needle), "{body}: {v}");
    }

    // Fixing is an edit: dating the Lyon stabbing takes it off the queue.
    let lyon = get(&s, "/api/incidents?city=Lyon").await.1["items"][0]["id"]
        .as_i64()
        .unwrap();
    let (st, _) = edit(
        &s,
        &t,
        lyon,
        serde_json::json!({"field": "date", "value": "2031-06"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED);
    let (_, v) = get(&s, "/api/review").await;
    assert_eq!(kinds(&v), vec![want("learned", "groups")]);
}

async fn post_op(
    state: &AppState,
    token: Option<&str>,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let (st, _, b) = raw(state, req.body(Body::from(body.to_string())).unwrap()).await;
    (st, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

#[tokio::test]
async fn merge_split_and_their_undo_over_the_api() {
    let (_d, s, t) = fixture_with_token();
    let london = get(&s, "/api/incidents?city=London").await.1["items"][0]["id"]
        .as_i64()
        .unwrap();
    let view = get(&s, &format!("/api/incidents/{london}")).await.1;
    let second = view["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["doc_id"] == "london-2")
        .unwrap()["report_id"]
        .as_i64()
        .unwrap();
    // Split the later report off; undo puts it back.
    let path = format!("/api/incidents/{london}/split");
    assert_eq!(
        post_op(&s, None, &path, serde_json::json!({"report_id": second}))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let (st, v) = post_op(
        &s,
        Some(&t),
        &path,
        serde_json::json!({"report_id": second, "note": "two attacks"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let new_id = v["incident_id"].as_i64().unwrap();
    assert_eq!(v["incident"]["sources"].as_array().unwrap().len(), 1);
    assert_eq!(v["incident"]["merged"]["killed"]["min"], 3);
    assert_eq!(get(&s, "/api/incidents?city=London").await.1["total"], 2);
    let split_op = v["operation_id"].as_i64().unwrap();
    let (st, v) = post_op(
        &s,
        Some(&t),
        &format!("/api/operations/{split_op}/undo"),
        Value::Null,
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["undone_by"], "Ana Analyst");
    assert_eq!(
        get(&s, &format!("/api/incidents/{new_id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&s, &format!("/api/incidents/{london}")).await.1["sources"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let (st, v) = post_op(
        &s,
        Some(&t),
        &format!("/api/operations/{split_op}/undo"),
        Value::Null,
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "twice: {v}");

    // Merge the two Lyon incidents; undo brings both back under their ids.
    let lyon: Vec<i64> = get(&s, "/api/incidents?city=Lyon&sort=id").await.1["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    let (st, v) = post_op(
        &s,
        Some(&t),
        &format!("/api/incidents/{}/merge", lyon[1]),
        serde_json::json!({"into": lyon[0]}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["incident"]["id"], lyon[0]);
    assert_eq!(v["incident"]["sources"].as_array().unwrap().len(), 2);
    assert_eq!(get(&s, "/api/incidents?city=Lyon").await.1["total"], 1);
    let op = v["operation_id"].as_i64().unwrap();
    let (_, ops) = get(&s, "/api/operations").await;
    assert_eq!(ops["items"][0]["kind"], "merge");
    assert_eq!(ops["items"][0]["by"], "Ana Analyst");
    let (st, _) = post_op(
        &s,
        Some(&t),
        &format!("/api/operations/{op}/undo"),
        Value::Null,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let back: Vec<i64> = get(&s, "/api/incidents?city=Lyon&sort=id").await.1["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(back, lyon);

    // Refusals.
    for (path, body, status) in [
        (
            format!("/api/incidents/{london}/merge"),
            serde_json::json!({"into": london}),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/api/incidents/{london}/merge"),
            serde_json::json!({"into": 9999}),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/api/incidents/{london}/merge"),
            serde_json::json!({}),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/api/incidents/{london}/split"),
            serde_json::json!({"report_id": 9999}),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/api/incidents/{}/split", lyon[0]),
            serde_json::json!({"report_id": 3}),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/api/incidents/{london}/unlink"),
            serde_json::json!({"report_id": second}),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/api/incidents/{london}/split"),
            serde_json::json!({"colour": 1}),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/operations/9999/undo".to_string(),
            Value::Null,
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/operations/x/undo".to_string(),
            Value::Null,
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (st, v) = post_op(&s, Some(&t), &path, body.clone()).await;
        assert_eq!(st, status, "{path} {body}: {v}");
        assert!(v["error"].is_string(), "{path}");
    }
    assert_eq!(
        get(&s, "/api/operations?colour=red").await.0,
        StatusCode::BAD_REQUEST
    );
}
