// The contract suite's tests: included once per backend by tests/store.rs,
// each module giving its own `open()` (a fresh, empty store).

fn store_with(items: &[(sitrep_core::Document, sitrep_core::DocumentRecord)]) -> Option<TestStore> {
    let mut s = open()?;
    s.ingest_batch(items, "1.0.0").unwrap();
    Some(s)
}

fn field<'a>(v: &'a IncidentView, name: &str) -> &'a FieldView {
    v.fields.iter().find(|f| f.field == name).unwrap()
}

#[test]
fn reports_of_one_attack_merge_with_gtd_rule_values_and_per_source_values() {
    let mut items = velmora_reports();
    items.push(ostrakan_report());
    let Some(store) = store_with(&items) else { return };
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents, 5);
    assert_eq!(
        stats.incidents, 2,
        "four Velmora reports → one incident, Ostrakan apart"
    );

    let page = store
        .list_incidents(&IncidentFilter {
            city: Some("velmora".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    let v = store.incident(page.items[0].id).unwrap().unwrap();
    assert_eq!(v.sources.len(), 4);

    // Killed: the most recent credible report (7); the claim's 40 never decides.
    let k = field(&v, "killed");
    assert_eq!(v.merged.killed.map(|c| c.min), Some(7));
    assert_eq!(k.rule, MergeRule::MostRecent);
    let mut per_source: Vec<u64> = k
        .sources
        .iter()
        .filter_map(|s| s.value["min"].as_u64())
        .collect();
    per_source.sort_unstable();
    assert_eq!(per_source, vec![4, 6, 7, 40]);
    let claim = k.sources.iter().find(|s| s.value["min"] == 40).unwrap();
    assert!(claim.excluded.as_deref().unwrap().contains("claim"));
    assert_eq!(claim.evidence[0].text, "killed 40 people");
    // Every per-source evidence quotes its own document exactly.
    for s in &k.sources {
        let d = store.document(s.document_id).unwrap().unwrap();
        for e in &s.evidence {
            assert!(e.is_exact_in(&d.text), "{e:?}");
        }
    }

    // Injured: two dated reports disagree → the later (25).
    assert_eq!(v.merged.injured.map(|c| c.min), Some(25));
    // Union of groups, every relation the reports give kept (suspected, then claimed).
    let rels: Vec<_> = v
        .merged
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.relation))
        .collect();
    assert_eq!(rels.len(), 2, "{rels:?}");
    assert!(rels.contains(&("Northern Front", GroupRelation::Claimed)));
    assert!(rels.contains(&("Northern Front", GroupRelation::Suspected)));
    assert_eq!(v.merged.claimed, Some(true));
    assert_eq!(
        v.merged.date.map(|d| d.to_string()).as_deref(),
        Some("2031-04-02")
    );
    assert_eq!(
        v.merged.summary.as_deref(),
        Some("Bomb hits Velmora market")
    );
}

#[test]
fn two_attacks_on_the_same_day_in_different_cities_stay_apart() {
    let items = vec![velmora_reports().remove(0), ostrakan_report()];
    let Some(store) = store_with(&items) else { return };
    let page = store
        .list_incidents(&IncidentFilter {
            sort: SortOrder::Id,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 2);
    let cities: Vec<_> = page
        .items
        .iter()
        .map(|i| i.merged.city.clone().unwrap())
        .collect();
    assert_eq!(cities, vec!["Velmora", "Ostrakan"]);
    assert!(page.items.iter().all(|i| i.reports == 1));
}

#[test]
fn a_background_mention_links_to_the_incident_it_names_in_either_order() {
    let t = "Velmora remembers\nA month after the Velmora market bombing, traders reopened their stalls.";
    let d = doc("velmora-later", Some("2031-05-02"), t);
    let m = IncidentBuilder::new(&d, 1)
        .mention()
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "bombing")
        .build();
    let mention = (d.clone(), record(&d, vec![m], vec![]));

    // Mention after the reports.
    let mut items = velmora_reports();
    items.push(mention.clone());
    let Some(store) = store_with(&items) else { return };
    assert_eq!(store.stats().unwrap().incidents, 1);
    let id = store
        .list_incidents(&IncidentFilter::default())
        .unwrap()
        .items[0]
        .id;
    let v = store.incident(id).unwrap().unwrap();
    assert_eq!(
        v.sources
            .iter()
            .filter(|s| s.role == SourceRole::Mention)
            .count(),
        1
    );
    assert_eq!(
        v.merged.killed.map(|c| c.min),
        Some(7),
        "a mention does not vote"
    );

    // Mention first: it waits unlinked, then links when the incident arrives.
    let Some(mut s) = open() else { return };
    let r = s.ingest_batch(&[mention], "1.0.0").unwrap();
    assert_eq!((r.mentions_unlinked, r.incidents_created), (1, 0));
    assert_eq!(s.stats().unwrap().unlinked_mentions, 1);
    s.ingest_batch(&velmora_reports(), "1.0.0").unwrap();
    let st = s.stats().unwrap();
    assert_eq!((st.incidents, st.unlinked_mentions), (1, 0));
}

#[test]
fn reingesting_the_same_file_is_a_no_op() {
    let items = velmora_reports();
    let Some(mut store) = store_with(&items) else { return };
    let before = store.stats().unwrap();
    let r = store.ingest_batch(&items, "1.0.0").unwrap();
    assert_eq!(r.documents_skipped, 4);
    assert_eq!(r.documents_new + r.documents_reextracted, 0);
    assert_eq!(store.stats().unwrap(), before);
    // An older extractor is a no-op too.
    let r = store.ingest_batch(&items, "0.9.0").unwrap();
    assert_eq!(r.documents_skipped, 4);
    assert_eq!(
        store
            .stored_extractor_version(&items[0].0)
            .unwrap()
            .as_deref(),
        Some("1.0.0")
    );
}

#[test]
fn an_edit_survives_reingest_with_a_newer_extractor() {
    let items = velmora_reports();
    let Some(mut store) = store_with(&items) else { return };
    let id = store
        .list_incidents(&IncidentFilter::default())
        .unwrap()
        .items[0]
        .id;

    let e1 = store
        .edit(
            id,
            "killed",
            "8",
            "ana",
            Some("hospital list of 6 April names eight victims"),
        )
        .unwrap();
    // A city the gazetteer does not know is refused unless the analyst keeps the place.
    let refused = store.edit(id, "city", "Velmora Old Town", "ben", None);
    assert!(
        matches!(&refused, Err(StoreError::InvalidValue { reason, .. }) if reason.contains("keep_place")),
        "{refused:?}"
    );
    store
        .edit_with(
            id,
            "city",
            "Velmora Old Town",
            "ben",
            None,
            sitrep_store::EditOptions { keep_place: true },
        )
        .unwrap();
    let v = store.incident(id).unwrap().unwrap();
    assert_eq!(v.merged.killed.map(|c| c.min), Some(8));
    assert_eq!(v.edits.len(), 2);
    assert_eq!(v.edits[0].id, e1);
    assert_eq!(v.edits[0].old_value["min"], 7);
    assert_eq!(v.edits[0].by, "ana");
    assert_eq!(v.edits[1].old_value, serde_json::json!("Velmora"));

    // A newer extractor reads the same documents differently.
    let mut v2 = items.clone();
    for (_, rec) in &mut v2 {
        for inc in &mut rec.incidents {
            if let Some(k) = &mut inc.killed {
                k.min += 1;
                k.max = Some(k.min);
            }
        }
    }
    let r = store.ingest_batch(&v2, "1.1.0").unwrap();
    assert_eq!(r.documents_reextracted, 4);
    assert_eq!(
        store.stats().unwrap().incidents,
        1,
        "re-extraction keeps the incident"
    );
    let v = store
        .incident(id)
        .unwrap()
        .expect("edited incident keeps its id");
    assert!(v.sources.iter().all(|s| s.extractor_version == "1.1.0"));
    assert_eq!(
        field(&v, "killed").extracted["min"],
        8,
        "new extraction: 7 + 1"
    );
    assert_eq!(
        v.merged.killed.map(|c| c.min),
        Some(8),
        "the analyst's value stands"
    );
    assert_eq!(v.merged.city.as_deref(), Some("Velmora Old Town"));
    assert_eq!(field(&v, "killed").rule, MergeRule::Edited);
    assert_eq!(v.edits.len(), 2);

    // Edits are validated.
    assert!(matches!(
        store.edit(id, "killed", "lots", "ana", None),
        Err(StoreError::InvalidValue { .. })
    ));
    assert!(matches!(
        store.edit(id, "colour", "red", "ana", None),
        Err(StoreError::UnknownField(..))
    ));
    assert!(matches!(
        store.edit(id, "killed", "3", " ", None),
        Err(StoreError::MissingEditor)
    ));
    assert!(matches!(
        store.edit(9999, "killed", "3", "ana", None),
        Err(StoreError::NoSuchIncident(9999))
    ));
    assert_eq!(store.stats().unwrap().edits, 2);
}

#[test]
fn filters_sorting_paging_and_full_text() {
    let mut items = velmora_reports();
    items.push(ostrakan_report());
    let Some(store) = store_with(&items) else { return };
    let q = |f: IncidentFilter| store.list_incidents(&f).unwrap();
    let cities = |p: Page<IncidentSummary>| -> Vec<String> {
        p.items.into_iter().filter_map(|i| i.merged.city).collect()
    };
    assert_eq!(
        cities(q(IncidentFilter {
            min_killed: Some(5),
            ..Default::default()
        })),
        ["Velmora"]
    );
    assert_eq!(
        cities(q(IncidentFilter {
            attack_types: vec![AttackType::ArmedAssault],
            ..Default::default()
        })),
        ["Ostrakan"]
    );
    assert_eq!(
        cities(q(IncidentFilter {
            target_types: vec![TargetType::Police],
            ..Default::default()
        })),
        ["Ostrakan"]
    );
    assert_eq!(
        cities(q(IncidentFilter {
            groups: vec!["northern FRONT".into()],
            ..Default::default()
        })),
        ["Velmora"]
    );
    assert_eq!(
        cities(q(IncidentFilter {
            claimed: Some(true),
            ..Default::default()
        })),
        ["Velmora"]
    );
    assert_eq!(
        cities(q(IncidentFilter {
            text: Some("police post".into()),
            ..Default::default()
        })),
        ["Ostrakan"]
    );
    assert_eq!(
        cities(q(IncidentFilter {
            text: Some("\"ambulance OR".into()),
            ..Default::default()
        }))
        .len(),
        0
    );
    assert_eq!(
        q(IncidentFilter {
            countries: vec!["xf".into()],
            ..Default::default()
        })
        .total,
        2
    );
    assert_eq!(
        q(IncidentFilter {
            countries: vec!["Freeland".into()],
            ..Default::default()
        })
        .total,
        2
    );
    assert_eq!(
        q(IncidentFilter {
            date_from: "2031-04-03".parse().ok(),
            ..Default::default()
        })
        .total,
        0
    );
    assert_eq!(
        q(IncidentFilter {
            date_to: "2031-04".parse().ok(),
            ..Default::default()
        })
        .total,
        2
    );
    assert_eq!(
        cities(q(IncidentFilter {
            sort: SortOrder::KilledDesc,
            ..Default::default()
        })),
        ["Velmora", "Ostrakan"]
    );
    let p = q(IncidentFilter {
        sort: SortOrder::SourcesDesc,
        limit: 1,
        offset: 1,
        ..Default::default()
    });
    assert_eq!((p.total, p.items.len()), (2, 1));
    assert!(!p.total_capped);
    assert_eq!(cities(p), ["Ostrakan"]);
}

#[test]
fn a_capped_total_says_so_and_both_text_plans_list_the_same_page() {
    let mut items = velmora_reports();
    items.push(ostrakan_report());
    let Some(store) = store_with(&items) else { return };
    let by_date = |offset: u64| IncidentFilter {
        sort: SortOrder::DateAsc,
        limit: 1,
        offset,
        ..Default::default()
    };
    // Counting stops at the cap (here 1: the end of the first page): a lower bound.
    let p = store.list_incidents_tuned(&by_date(0), 0, 2_000).unwrap();
    assert_eq!((p.total, p.total_capped, p.items.len()), (1, true, 1));
    // A later page counts at least to its own end, so it is exact here.
    let p = store.list_incidents_tuned(&by_date(1), 0, 2_000).unwrap();
    assert_eq!((p.total, p.total_capped, p.items.len()), (2, false, 1));
    // Under the cap the count is exact and not flagged.
    let p = store.list_incidents(&by_date(0)).unwrap();
    assert_eq!((p.total, p.total_capped), (2, false));
    // Free text tested per incident (EXISTS) or as a set (IN): same pages, same totals.
    for text in [
        "police post",
        "attack OR bomb",
        "attack -police",
        "Velmora",
        "nothingmatches",
    ] {
        let f = IncidentFilter {
            text: Some(text.into()),
            ..Default::default()
        };
        let set = store.list_incidents_tuned(&f, 10_000, i64::MAX).unwrap();
        let row = store.list_incidents_tuned(&f, 10_000, 1).unwrap();
        let ids = |p: &Page<IncidentSummary>| p.items.iter().map(|i| i.id).collect::<Vec<_>>();
        assert_eq!((ids(&row), row.total), (ids(&set), set.total), "{text}");
        assert_eq!(set.total, store.list_incidents(&f).unwrap().total, "{text}");
    }
    let all = IncidentFilter {
        text: Some("attack OR police OR Velmora OR Ostrakan".into()),
        ..Default::default()
    };
    assert_eq!(
        store.list_incidents_tuned(&all, 10_000, 1).unwrap().total,
        2
    );
}

#[test]
fn documents_and_statements_come_back_as_stored() {
    let items = velmora_reports();
    let Some(store) = store_with(&items) else { return };
    let (d, rec) = &items[3];
    let p = store
        .statements(&StatementFilter {
            kind: Some(StatementKind::ClaimOfResponsibility),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(p.total, 1);
    let s = &p.items[0];
    assert_eq!(s.doc_id, "velmora-d");
    let stored = store.document(s.document_id).unwrap().unwrap();
    assert_eq!(&stored.text, &d.text);
    assert_eq!(&stored.record, rec);
    assert_eq!(stored.incident_ids.len(), 1);
    assert_eq!(stored.content_hash, content_hash(d));
    assert!(store.document(999).unwrap().is_none());
    let by_speaker = store
        .statements(&StatementFilter {
            speaker: Some("northern".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_speaker.total, 1);
    let by_incident = store
        .statements(&StatementFilter {
            incident_id: Some(stored.incident_ids[0]),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_incident.total, 1);
}

#[test]
fn export_round_trips_through_a_csv_reader_and_json() {
    let mut items = velmora_reports();
    items.push(ostrakan_report());
    let Some(store) = store_with(&items) else { return };

    let mut buf = Vec::new();
    assert_eq!(store.export(ExportFormat::GtdCsv, &mut buf).unwrap(), 2);
    let mut rd = csv::Reader::from_reader(buf.as_slice());
    let headers = rd.headers().unwrap().clone();
    for col in [
        "iyear",
        "imonth",
        "iday",
        "country_txt",
        "city",
        "latitude",
        "longitude",
        "attacktype1_txt",
        "weaptype1_txt",
        "targtype1_txt",
        "gname",
        "nkill",
        "nwound",
        "claimed",
        "claimmode_txt",
        "summary",
    ] {
        assert!(headers.iter().any(|h| h == col), "missing column {col}");
    }
    let rows: Vec<std::collections::HashMap<String, String>> = rd
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .map(str::to_string)
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 2);
    let v = rows.iter().find(|r| r["city"] == "Velmora").unwrap();
    assert_eq!(
        (
            v["iyear"].as_str(),
            v["imonth"].as_str(),
            v["iday"].as_str()
        ),
        ("2031", "4", "2")
    );
    assert_eq!(v["country_txt"], "Freeland");
    assert_eq!(v["attacktype1"], "3");
    assert_eq!(v["attacktype1_txt"], "Bombing/Explosion");
    assert_eq!(v["weaptype1_txt"], "Explosives");
    assert_eq!(v["targtype1_txt"], "Private Citizens & Property");
    assert_eq!(v["gname"], "Northern Front");
    assert_eq!((v["nkill"].as_str(), v["nwound"].as_str()), ("7", "25"));
    assert_eq!(
        (v["claimed"].as_str(), v["claimmode_txt"].as_str()),
        ("1", "Posted to website, blog, etc.")
    );
    assert_eq!(v["latitude"].parse::<f64>().unwrap(), 10.0);
    assert_eq!(v["summary"], "Bomb hits Velmora market");
    assert!(v["scite1"].contains("Bomb hits Velmora market"));
    let o = rows.iter().find(|r| r["city"] == "Ostrakan").unwrap();
    assert_eq!(
        (
            o["gname"].as_str(),
            o["claimed"].as_str(),
            o["nwound"].as_str()
        ),
        ("Unknown", "-9", "")
    );

    let mut buf = Vec::new();
    store.export(ExportFormat::Jsonl, &mut buf).unwrap();
    let views: Vec<IncidentView> = String::from_utf8(buf)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(views.len(), 2);
    // Equal to the API's view (match scores compared to 1e-9: JSON floats may differ in the last bit).
    let mut api = store.incident(views[0].id).unwrap().unwrap();
    let mut back = views[0].clone();
    for (a, b) in api.sources.iter_mut().zip(back.sources.iter_mut()) {
        let (x, y) = (a.match_score.take(), b.match_score.take());
        assert!((x.unwrap_or(0.0) - y.unwrap_or(0.0)).abs() < 1e-9);
    }
    assert_eq!(back, api);

    let mut buf = Vec::new();
    store.export(ExportFormat::Geojson, &mut buf).unwrap();
    let g: serde_json::Value = serde_json::from_slice(&buf).unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    let feats = g["features"].as_array().unwrap();
    assert_eq!(feats.len(), 2);
    let o = feats
        .iter()
        .find(|f| f["properties"]["city"] == "Ostrakan")
        .unwrap();
    assert_eq!(
        o["geometry"]["coordinates"],
        serde_json::json!([14.0, 12.0]),
        "GeoJSON is [lon, lat]"
    );
    assert_eq!(
        "geojson".parse::<ExportFormat>().unwrap(),
        ExportFormat::Geojson
    );
    assert!("xlsx".parse::<ExportFormat>().is_err());
}

#[test]
fn ingest_all_reports_progress_per_batch() {
    struct Count(Vec<u64>, Option<u64>, u64);
    impl Progress for Count {
        fn start(&mut self, total: Option<u64>) {
            self.1 = total;
        }
        fn batch_done(&mut self, b: &BatchReport) {
            self.0.push(b.documents_seen);
        }
        fn finish(&mut self, t: &BatchReport) {
            self.2 = t.documents_new;
        }
    }
    let Some(mut s) = open() else { return };
    let mut p = Count(Vec::new(), None, 0);
    let total = ingest_all(
        &mut *s,
        (0..10).map(|i| generated(i, 2)),
        "1",
        4,
        Some(10),
        &mut p,
    )
    .unwrap();
    assert_eq!(p.0, vec![4, 4, 2]);
    assert_eq!((p.1, p.2), (Some(10), 10));
    assert_eq!(total.incidents_created, 5);
    assert_eq!(total.reports_merged, 5);
}

#[test]
fn inexact_evidence_is_counted_not_hidden() {
    let (d, mut rec) = ostrakan_report();
    if let Some(k) = rec.incidents[0].killed.as_mut() {
        k.evidence[0].start += 1; // no longer quotes the text at its offsets
    }
    let Some(mut s) = open() else { return };
    let r = s.ingest_batch(&[(d, rec)], "1").unwrap();
    assert_eq!(r.inexact_evidence, 1);
    let r = s.ingest_batch(&velmora_reports(), "1").unwrap();
    assert_eq!(r.inexact_evidence, 0);
}

#[test]
fn two_incidents_of_one_roundup_document_stay_apart() {
    let t = "Two blasts in Velmora\nA car bomb exploded at the Velmora central market on 2 April 2031, \
             killing four. Hours later a second bomb exploded at the Velmora bus station, killing two.";
    let d = doc("roundup", Some("2031-04-02"), t);
    let a = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "2 April 2031")
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "car bomb exploded")
        .killed(4, "killing four")
        .build();
    let b = IncidentBuilder::new(&d, 2)
        .date("2031-04-02", "2 April 2031")
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "second bomb exploded")
        .killed(2, "killing two")
        .build();
    let Some(store) = store_with(&[(d.clone(), record(&d, vec![a, b], vec![]))]) else { return };
    assert_eq!(store.stats().unwrap().incidents, 2);
}

#[test]
fn rendered_text_shows_rules_sources_quotes_and_edits() {
    let items = velmora_reports();
    let Some(mut store) = store_with(&items) else { return };
    let id = store
        .list_incidents(&IncidentFilter::default())
        .unwrap()
        .items[0]
        .id;
    store
        .edit(id, "injured", "26+", "ana", Some("ministry update"))
        .unwrap();
    let text = render_text(&store.incident(id).unwrap().unwrap());
    let claim_doc = &items[3].0.text;
    let at = claim_doc.find("killed 40 people").unwrap();
    for needle in [
        "Incident 1 — 2031-04-02, Velmora, Freeland".to_string(),
        "Sources: 4 report(s), 0 mention(s)".to_string(),
        "killed: 7  (most recent credible report)".to_string(),
        format!("40 (not counted: perpetrator's claim: never decides a count)  \"killed 40 people\" @{at}..{}", at + 16),
        "injured: at least 26  (analyst's edit)".to_string(),
        "extracted: 25 (most recent credible report)".to_string(),
        "by ana: injured 25 → at least 26 — ministry update".to_string(),
    ] {
        assert!(text.contains(&needle), "missing {needle:?} in\n{text}");
    }
    assert_eq!(
        "killed".parse::<SortOrder>().unwrap(),
        SortOrder::KilledDesc
    );
    assert!("size".parse::<SortOrder>().is_err());
}

#[test]
fn a_failed_extraction_is_replaced_by_a_successful_one_of_the_same_version() {
    let (d, rec) = ostrakan_report();
    let failed = sitrep_core::DocumentRecord::failed(&d.id, &d.source, "extractor timed out");
    let Some(mut s) = open() else { return };
    s.ingest_batch(&[(d.clone(), failed.clone())], "1").unwrap();
    assert_eq!(s.stats().unwrap().incidents, 0);
    // A second failure is a no-op; a success replaces it.
    assert_eq!(
        s.ingest_batch(&[(d.clone(), failed)], "1")
            .unwrap()
            .documents_skipped,
        1
    );
    let r = s.ingest_batch(&[(d.clone(), rec.clone())], "1").unwrap();
    assert_eq!(r.documents_reextracted, 1);
    let st = s.stats().unwrap();
    assert_eq!((st.documents, st.incidents), (1, 1));
    assert_eq!(
        s.ingest_batch(&[(d, rec)], "1").unwrap().documents_skipped,
        1
    );
}

#[test]
fn odd_free_text_queries_do_not_fail() {
    let Some(store) = store_with(&[ostrakan_report()]) else { return };
    for q in [
        "( )",
        "-",
        "\"",
        "NEAR(",
        "police*",
        "AND OR NOT",
        "ünïcödé",
    ] {
        let r = store.list_incidents(&IncidentFilter {
            text: Some(q.into()),
            ..Default::default()
        });
        assert!(r.is_ok(), "{q:?}: {r:?}");
    }
    let hits = store
        .list_incidents(&IncidentFilter {
            text: Some("POLICE".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.total, 1);
}

#[test]
fn a_waiting_mention_links_once_the_incident_learns_its_city() {
    let t = "Velmora remembers\nA month after the Velmora market bombing, traders reopened their stalls.";
    let d = doc("velmora-later", Some("2031-05-02"), t);
    let m = IncidentBuilder::new(&d, 1)
        .mention()
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "bombing")
        .build();
    let Some(mut s) = open() else { return };
    s.ingest_batch(&[(d.clone(), record(&d, vec![m], vec![]))], "1")
        .unwrap();

    // First report: no place, only the country.
    let t1 = "Bombing in Freeland\nA bomb exploded at a market on 2 April 2031, killing four, the Freeland interior ministry said.";
    let d1 = doc("noplace", Some("2031-04-02"), t1);
    let mut i1 = IncidentBuilder::new(&d1, 1)
        .date("2031-04-02", "2 April 2031")
        .attack(AttackType::BombingExplosion, "bomb exploded")
        .killed(4, "killing four")
        .build();
    i1.location = Some(sitrep_core::Location {
        city: None,
        region: None,
        country: Some("Freeland".into()),
        country_code: Some("XF".into()),
        lat: None,
        lon: None,
        specificity: Some(5),
        evidence: ev(t1, "Freeland"),
    });
    s.ingest_batch(&[(d1.clone(), record(&d1, vec![i1], vec![]))], "1")
        .unwrap();
    assert_eq!(s.stats().unwrap().unlinked_mentions, 1);

    // A second report names the city: it joins, and the mention links.
    let r = s.ingest_batch(&velmora_reports()[..1], "1").unwrap();
    assert_eq!((r.reports_merged, r.mentions_linked), (1, 1));
    let st = s.stats().unwrap();
    assert_eq!((st.incidents, st.unlinked_mentions), (1, 0));
}

/// The Velmora reports and a background mention, re-extracted by a newer extractor
/// (the same incidents, counts one higher).
fn velmora_with_mention(bump: bool) -> Vec<(sitrep_core::Document, sitrep_core::DocumentRecord)> {
    let t = "Velmora remembers\nA month after the Velmora market bombing, traders reopened their stalls.";
    let d = doc("velmora-later", Some("2031-05-02"), t);
    let m = IncidentBuilder::new(&d, 1)
        .mention()
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "bombing")
        .build();
    let mut items = velmora_reports();
    items.push((d.clone(), record(&d, vec![m], vec![])));
    if bump {
        for (_, rec) in &mut items {
            for inc in &mut rec.incidents {
                if let Some(k) = &mut inc.killed {
                    k.min += 1;
                    k.max = Some(k.min);
                }
            }
        }
    }
    items
}

#[test]
fn split_merge_and_unlink_are_audited_undoable_and_survive_reextraction() {
    let Some(mut store) = store_with(&velmora_with_mention(false)) else { return };
    let id = store
        .list_incidents(&IncidentFilter::default())
        .unwrap()
        .items[0]
        .id;
    let v = store.incident(id).unwrap().unwrap();
    let report = |v: &IncidentView, doc: &str| {
        v.sources
            .iter()
            .find(|s| s.doc_id == doc)
            .unwrap()
            .report_id
    };
    let (split_op, new_id) = store
        .split_report(
            id,
            report(&v, "velmora-d"),
            "ana",
            Some("the claim is another attack"),
        )
        .unwrap();
    assert_eq!(store.incident(id).unwrap().unwrap().sources.len(), 4);
    let split = store.incident(new_id).unwrap().unwrap();
    assert_eq!(split.sources.len(), 1);
    assert_eq!(split.sources[0].doc_id, "velmora-d");
    let mention = report(&v, "velmora-later");
    let unlink_op = store.unlink_mention(id, mention, "ana", None).unwrap();
    assert_eq!(store.stats().unwrap().unlinked_mentions, 1);

    // A newer extractor re-reads every document: the analyst's moves hold.
    let r = store
        .ingest_batch(&velmora_with_mention(true), "1.1.0")
        .unwrap();
    assert_eq!(r.documents_reextracted, 5);
    let split = store.incident(new_id).unwrap().unwrap();
    assert_eq!(split.sources.len(), 1, "still split off");
    let killed = split.fields.iter().find(|f| f.field == "killed").unwrap();
    assert_eq!(killed.sources[0].value["min"], 41, "re-extracted values");
    assert_eq!(store.incident(id).unwrap().unwrap().sources.len(), 3);
    assert_eq!(
        store.stats().unwrap().unlinked_mentions,
        1,
        "still unlinked"
    );

    // Merge the split incident back by hand, then undo everything.
    let merge_op = store.merge_incidents(new_id, id, "ben", None).unwrap();
    assert!(store.incident(new_id).unwrap().is_none());
    assert_eq!(store.incident(id).unwrap().unwrap().sources.len(), 4);
    let undone = store.undo_operation(merge_op, "ben").unwrap();
    assert_eq!(undone.undone_by.as_deref(), Some("ben"));
    assert_eq!(store.incident(new_id).unwrap().unwrap().sources.len(), 1);
    assert!(
        store.undo_operation(merge_op, "ben").is_err(),
        "undone once"
    );
    store.undo_operation(split_op, "ana").unwrap();
    store.undo_operation(unlink_op, "ana").unwrap();
    assert!(store.incident(new_id).unwrap().is_none());
    assert_eq!(store.incident(id).unwrap().unwrap().sources.len(), 5);
    assert_eq!(store.stats().unwrap().unlinked_mentions, 0);
    // Undone operations no longer pin: re-extraction matches freely again.
    store
        .ingest_batch(&velmora_with_mention(false), "1.2.0")
        .unwrap();
    assert_eq!(store.stats().unwrap().incidents, 1);
    let ops = store.operations(0, 10).unwrap();
    let kinds: Vec<_> = ops.items.iter().map(|o| o.kind.as_str()).collect();
    assert_eq!(kinds, ["merge", "unlink", "split"]);
    assert!(ops.items.iter().all(|o| o.undone_at.is_some()));

    // Refusals.
    assert!(store.merge_incidents(id, id, "ana", None).is_err());
    assert!(matches!(
        store.merge_incidents(id, 9999, "ana", None),
        Err(StoreError::NoSuchIncident(9999))
    ));
    let primary = report(&store.incident(id).unwrap().unwrap(), "velmora-a");
    assert!(store.unlink_mention(id, primary, "ana", None).is_err());
    assert!(store.split_report(id, 9999, "ana", None).is_err());
    assert!(matches!(
        store.split_report(id, 1, " ", None),
        Err(StoreError::MissingEditor)
    ));
}

#[test]
fn tokens_are_created_checked_and_revoked() {
    let Some(mut s) = open() else { return };
    let a = s.create_token("Ana Analyst").unwrap();
    let b = s.create_token("Ben").unwrap();
    assert_ne!(a, b);
    assert_eq!(s.check_token(&a).unwrap().unwrap().0, "Ana Analyst");
    assert_eq!(s.check_token("sitrep_00").unwrap(), None);
    assert_eq!(s.revoke_tokens("Ana Analyst").unwrap(), 1);
    assert_eq!(s.check_token(&a).unwrap(), None);
    assert!(s.check_token(&b).unwrap().is_some());
}

#[test]
fn feed_items_seen_are_remembered() {
    let Some(mut s) = open() else { return };
    let item = SeenItem {
        url: "https://example.org/a".into(),
        kind: "item".into(),
        status: "stored".into(),
        content_hash: Some("h1".into()),
        etag: Some("\"e\"".into()),
        last_modified: None,
        error: None,
        attempts: 1,
        checked_at: None,
    };
    s.mark_seen(&item).unwrap();
    let got = s.seen(&item.url).unwrap().unwrap();
    assert_eq!((got.status.as_str(), got.etag.as_deref()), ("stored", Some("\"e\"")));
    assert!(got.checked_at.is_some());
    assert_eq!(s.seen_with_hash("h1").unwrap().unwrap().url, item.url);
    s.mark_seen(&SeenItem { status: "failed".into(), attempts: 2, ..item.clone() })
        .unwrap();
    assert_eq!(s.seen(&item.url).unwrap().unwrap().attempts, 2);
}

#[test]
fn the_review_queue_lists_conflicts_and_takes_decisions() {
    let mut items = velmora_reports();
    items.push(ostrakan_report());
    let Some(mut s) = store_with(&items) else { return };
    let q = s.review_queue(None, 0, 100).unwrap();
    assert!(q.total > 0, "the Velmora counts disagree: {q:?}");
    assert!(q.items.iter().any(|i| i.kind == "conflict" && i.field == "killed"), "{q:?}");
    let conflicts = s.review_queue(Some("conflict"), 0, 100).unwrap();
    assert!(conflicts.items.iter().all(|i| i.kind == "conflict"));
    let item = conflicts.items[0].clone();
    s.decide_review(&item, true, "Ana", Some("checked")).unwrap();
    let after = s.review_queue(None, 0, 100).unwrap();
    assert_eq!(after.total, q.total - 1, "a decided item leaves the queue");
    assert!(!after.items.contains(&item));
}

/// The columns the server's map and timeline read instead of the merged JSON
/// (`lat`, `lon`, `country_name`: SQLite migration 12, PostgreSQL migration 2)
/// hold the merged values: written on ingest, rewritten by an analyst's edit,
/// cleared by a `null` edit, restored by a revert (of the location).
#[test]
fn the_coordinate_and_country_columns_follow_the_merged_values() {
    let mut items = velmora_reports();
    items.push(ostrakan_report());
    let Some(mut s) = store_with(&items) else { return };
    type Cols = (i64, Option<f64>, Option<f64>, Option<String>);
    let columns = |s: &SqlStore| -> Vec<Cols> {
        s.sql()
            .query_map(
                "SELECT id, lat, lon, country_name FROM incidents ORDER BY id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
    };
    let merged = |s: &SqlStore| -> Vec<Cols> {
        columns(s)
            .iter()
            .map(|c| {
                let m = s.incident(c.0).unwrap().unwrap().merged;
                (c.0, m.lat, m.lon, m.country)
            })
            .collect()
    };
    let stored = columns(&s);
    assert_eq!(stored.len(), 2);
    assert_eq!(stored, merged(&s));
    let ostrakan = stored
        .iter()
        .find(|c| c.1 == Some(12.0))
        .expect("Ostrakan at 12 N, 14 E")
        .clone();
    assert_eq!(ostrakan.2, Some(14.0));
    assert_eq!(ostrakan.3.as_deref(), Some("Freeland"));

    s.edit(ostrakan.0, "latitude", "12.5", "Ana", None).unwrap();
    let after = columns(&s);
    assert_eq!(after, merged(&s));
    assert!(after.contains(&(ostrakan.0, Some(12.5), Some(14.0), ostrakan.3.clone())));
    s.edit(ostrakan.0, "longitude", "null", "Ana", None).unwrap();
    assert!(columns(&s).contains(&(ostrakan.0, Some(12.5), None, ostrakan.3.clone())));
    // A revert of a coordinate reverts the whole location.
    s.revert(ostrakan.0, "latitude", "Ana", None).unwrap();
    assert_eq!(columns(&s), stored);
}
