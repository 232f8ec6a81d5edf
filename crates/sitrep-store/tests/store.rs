//! The store's contract: the same tests on every backend. `tests/contract/body.rs`
//! holds them; [`contract_suite!`] instantiates them once for SQLite (a store in
//! memory) and once for PostgreSQL (a fresh schema in the database
//! `SITREP_TEST_PG` names; without it the PostgreSQL tests print a note and
//! pass, except under `CI=true`, where they fail). Tests of the SQLite file
//! itself follow.

mod common;

use common::*;
use sitrep_core::{AttackType, GroupRelation, TargetType, WeaponType};
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
            fn open() -> Option<SqlStore> {
                $open
            }

            include!("contract/body.rs");
        }
    };
}

contract_suite!(sqlite, Some(SqliteStore::open_in_memory().unwrap()));
contract_suite!(
    postgres,
    crate::common::fresh_pg_url().map(|u| PgStore::connect(&u).unwrap())
);

/// Four reports of one fictional bombing, with counts rising as news comes
/// in, the last being the attackers' own claim.
fn velmora_reports() -> Vec<(sitrep_core::Document, sitrep_core::DocumentRecord)> {
    let mut out = Vec::new();

    let t = "Bomb hits Velmora market\nA car bomb exploded at the Velmora central market on 2 April 2031. \
             Four people were killed and 20 were injured, police said.";
    let d = doc("velmora-a", Some("2031-04-02"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "2 April 2031")
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "car bomb exploded")
        .weapon(WeaponType::Explosives, "car bomb")
        .target(TargetType::PrivateCitizensProperty, "market")
        .killed(4, "Four people were killed")
        .injured(20, "20 were injured")
        .build();
    out.push((d.clone(), record(&d, vec![i], vec![])));

    let t = "Velmora market death toll rises\nThe toll of Wednesday's car bomb at the Velmora central market \
             rose to six dead, with 25 wounded, hospital officials said on 3 April.";
    let d = doc("velmora-b", Some("2031-04-03"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "Wednesday")
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "car bomb")
        .weapon(WeaponType::Explosives, "car bomb")
        .killed(6, "six dead")
        .injured(25, "25 wounded")
        .build();
    out.push((d.clone(), record(&d, vec![i], vec![])));

    let t = "Seventh victim of Velmora bombing dies\nA seventh person died on Friday of wounds from the \
             car bomb at the Velmora central market, bringing the toll to seven killed. Police named \
             the Northern Front as suspects.";
    let d = doc("velmora-c", Some("2031-04-04"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "car bomb")
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "car bomb")
        .killed(7, "seven killed")
        .group("Northern Front", GroupRelation::Suspected)
        .build();
    out.push((d.clone(), record(&d, vec![i], vec![])));

    let t = "Northern Front claims Velmora bombing\nIn a message on its Telegram channel, the Northern Front \
             said its fighters killed 40 people in the Velmora market attack of 2 April 2031.";
    let d = doc("velmora-d", Some("2031-04-05"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "2 April 2031")
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "bombing")
        .killed(40, "killed 40 people")
        .group("Northern Front", GroupRelation::Claimed)
        .claimed("telegram", "Telegram channel")
        .build();
    let claim = claim_statement(
        &d,
        "Northern Front",
        "Northern Front",
        "the Northern Front said its fighters killed 40 people",
    );
    out.push((d.clone(), record(&d, vec![i], vec![claim])));
    out
}

/// A shooting in another city on the same day.
fn ostrakan_report() -> (sitrep_core::Document, sitrep_core::DocumentRecord) {
    let t =
        "Gunmen attack Ostrakan police post\nGunmen opened fire on a police post in Ostrakan on \
             2 April 2031, killing two officers.";
    let d = doc("ostrakan-a", Some("2031-04-02"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "2 April 2031")
        .place("Ostrakan", "Freeland", "XF", 12.0, 14.0)
        .attack(AttackType::ArmedAssault, "opened fire")
        .weapon(WeaponType::Firearms, "Gunmen")
        .target(TargetType::Police, "police post")
        .killed(2, "killing two officers")
        .build();
    (d.clone(), record(&d, vec![i], vec![]))
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
