//! The store's contract: the same tests on every backend. `tests/contract/body.rs`
//! holds them; [`contract_suite!`] instantiates them once for SQLite (a store in
//! memory) and once for PostgreSQL (a fresh schema in the database
//! `SITREP_TEST_PG` names; without it the PostgreSQL tests print a note and
//! pass, except under `CI=true`, where they fail). Tests of the SQLite file
//! itself follow.

mod common;

use common::*;
use sitrep_store::*;

macro_rules! contract_suite {
    ($backend:ident, $open:expr) => {
        mod $backend {
            #[allow(unused_imports)]
            use super::common::*;
            #[allow(unused_imports)]
            use sitrep_core::{AttackType, GroupRelation, StatementKind, TargetType, WeaponType};
            #[allow(unused_imports)]
            use sitrep_store::*;

            /// A fresh, empty store of this backend (`None`: skip the test).
            fn open() -> Option<TestStore> {
                $open
            }

            include!("contract/body.rs");
        }
    };
}

contract_suite!(sqlite, Some(TestStore::sqlite()));
contract_suite!(postgres, TestStore::postgres());

/// A PostgreSQL schema at version 1 is brought to the current version: the
/// merged coordinates and country name of the incidents already stored are
/// copied into their columns (migration 2), and the store writes them from then on.
#[test]
fn a_version_1_postgres_schema_gets_coordinate_columns() {
    let Some(url) = fresh_pg_url() else {
        return;
    };
    {
        let mut c = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
        c.batch_execute(PG_MIGRATIONS[0]).unwrap();
        c.batch_execute(
            r#"CREATE TABLE schema_migrations (
                   version    BIGINT PRIMARY KEY,
                   applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
               INSERT INTO schema_migrations (version) VALUES (1);
               INSERT INTO incidents (merged, killed) VALUES
                 ('{"lat": 12.5, "lon": -14, "country": "Freeland"}', 3),
                 ('{"country": "Ruritania"}', NULL),
                 ('{}', 1);"#,
        )
        .unwrap();
    }
    let mut s = PgStore::connect(&url).unwrap();
    assert_eq!(s.schema_version().unwrap(), PG_MIGRATIONS.len() as i64);
    let columns = |s: &SqlStore| -> Vec<(Option<f64>, Option<f64>, Option<String>)> {
        s.sql()
            .query_map(
                "SELECT lat, lon, country_name FROM incidents ORDER BY id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
    };
    assert_eq!(
        columns(&s),
        vec![
            (Some(12.5), Some(-14.0), Some("Freeland".into())),
            (None, None, Some("Ruritania".into())),
            (None, None, None),
        ]
    );
    s.ingest_batch(&[ostrakan_report()], "1.0.0").unwrap();
    assert_eq!(
        columns(&s).last().unwrap(),
        &(Some(12.0), Some(14.0), Some("Freeland".into()))
    );
}

#[test]
fn a_file_store_is_migrated_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/sitrep.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.ingest_batch(&velmora_reports(), "1.0.0").unwrap();
        assert_eq!(s.schema_version().unwrap(), schema::current_version());
    }
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.stats().unwrap().incidents, 1);
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
    drop(s);
    // A file from a newer sitrep is refused, not damaged.
    let c = rusqlite_free_bump(&path);
    assert!(c);
    assert!(matches!(
        SqliteStore::open(&path),
        Err(StoreError::SchemaTooNew { .. })
    ));
}

/// Sets user_version beyond what this build knows, through the store's own file.
fn rusqlite_free_bump(path: &std::path::Path) -> bool {
    // The schema version lives in the database header at offset 60 (big-endian u32).
    let Ok(mut bytes) = std::fs::read(path) else {
        return false;
    };
    if bytes.len() < 64 {
        return false;
    }
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(path, bytes).is_ok()
}

#[test]
fn a_second_connection_reads_while_the_first_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let mut writer = SqliteStore::open(&path).unwrap();
    writer.ingest_batch(&velmora_reports(), "1").unwrap();
    let reader = SqliteStore::open(&path).unwrap();
    let before = reader.stats().unwrap();
    writer.ingest_batch(&[ostrakan_report()], "1").unwrap();
    let after = reader.stats().unwrap();
    assert_eq!((before.incidents, after.incidents), (1, 2));
    assert_eq!(
        reader
            .list_incidents(&IncidentFilter::default())
            .unwrap()
            .total,
        2
    );
}

/// The same reports and the same edit give byte-identical exports on SQLite
/// and on PostgreSQL, in every format.
#[test]
fn exports_are_identical_on_both_backends() {
    let Some(url) = fresh_pg_url() else {
        return;
    };
    let mut items = velmora_reports();
    items.push(ostrakan_report());
    items.extend((0..30).map(|i| generated_spread(i, 3)));
    let mut lite = SqliteStore::open_in_memory().unwrap();
    let mut pg = PgStore::connect(&url).unwrap();
    let mut exports = Vec::new();
    for s in [&mut lite, &mut pg] {
        s.ingest_batch(&items, "1.0.0").unwrap();
        s.edit(1, "killed", "7", "Ana", Some("ministry figure"))
            .unwrap();
        let mut one = Vec::new();
        for format in [
            ExportFormat::GtdCsv,
            ExportFormat::Jsonl,
            ExportFormat::Geojson,
        ] {
            let mut out = Vec::new();
            let n = s.export(format, &mut out).unwrap();
            one.push((n, String::from_utf8(out).unwrap()));
        }
        exports.push(one);
    }
    assert_eq!(exports[0][0].0, 12, "every incident exported");
    // CSV: byte for byte. JSON: the same values once the times things were
    // stored and edited (which differ between two runs) are set aside.
    assert_eq!(exports[0][0], exports[1][0], "GTD CSV");
    for i in [1, 2] {
        assert_eq!(exports[0][i].0, exports[1][i].0);
        let parse = |s: &str| -> Vec<serde_json::Value> {
            if i == 2 {
                // GeoJSON: one document.
                let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
                strip_times(&mut v);
                return vec![v];
            }
            s.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                    strip_times(&mut v);
                    v
                })
                .collect()
        };
        assert_eq!(
            parse(&exports[0][i].1),
            parse(&exports[1][i].1),
            "format {i}"
        );
    }
}

/// Removes the `at` and `created_at` timestamps, at any depth.
fn strip_times(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("at");
            m.remove("created_at");
            m.values_mut().for_each(strip_times);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_times),
        _ => {}
    }
}
