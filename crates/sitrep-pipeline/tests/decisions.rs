//! One short fictional text per extraction decision, run through the whole pipeline:
//! each test shows the decision on its own example (and fails without it).

mod common;
use common::{extract_checked, primary};
use sitrep_core::{DocumentRecord, PartialDate};
use sitrep_ingest::{document_from_str, Format, IngestOptions};

fn run(text: &str) -> DocumentRecord {
    run_published(text, None)
}

#[allow(dead_code)] // kept for date decisions
fn run_published(text: &str, published: Option<&str>) -> DocumentRecord {
    let opts = IngestOptions {
        published: published.map(|d| d.parse::<PartialDate>().unwrap()),
        ..IngestOptions::default()
    };
    let doc = document_from_str("t.txt", "t.txt", Format::Auto, text, &opts).unwrap();
    extract_checked(&sitrep_pipeline::default_extractor(), &doc)
}

fn perps_killed(r: &DocumentRecord) -> Option<bool> {
    primary(r).perpetrators_killed.as_ref().map(|l| l.value)
}

#[test]
fn a_suicide_bombing_kills_its_bomber() {
    let r = run("Suicide bomber kills six at Kandahar checkpoint\n\nA suicide bomber struck a police checkpoint in Kandahar on Monday, killing six officers, officials said.\n");
    assert_eq!(perps_killed(&r), Some(true));
}

#[test]
fn a_would_be_suicide_bomber_is_no_death() {
    let r = run("Police stop bomb attack in Kandahar\n\nA would-be suicide bomber attacked a police checkpoint in Kandahar on Monday, wounding two officers, officials said.\n");
    assert_ne!(perps_killed(&r), Some(true));
}

#[test]
fn gunmen_who_fled_were_not_killed() {
    let r = run("Gunmen kill official in Mogadishu\n\nGunmen shot dead a district official in Mogadishu on Tuesday. The gunmen fled the scene, police said.\n");
    assert_eq!(perps_killed(&r), Some(false));
}

fn run_record(title: &str, text: &str) -> DocumentRecord {
    let line =
        serde_json::json!({"id": "r1", "title": title, "published": "2019-01-05", "text": text})
            .to_string();
    let docs = sitrep_ingest::read_from(
        std::io::Cursor::new(line.into_bytes()),
        "r.jsonl",
        "r.jsonl",
        Format::Jsonl,
        &IngestOptions::default(),
    );
    let doc = docs.into_iter().next().unwrap().unwrap();
    extract_checked(&sitrep_pipeline::default_extractor(), &doc)
}

#[test]
fn a_title_kept_outside_the_text_still_names_the_report_s_attack() {
    // The text opens on a date line; the title (metadata) names the attack and its town.
    let r = run_record(
        "Bomb kills four at market in Kandahar",
        "Saturday, January 5, 2019\n\nA bomb exploded at a crowded market in Kandahar yesterday, killing four people, police said.\n",
    );
    let p = primary(&r);
    assert_eq!(
        p.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Kandahar")
    );
}

#[test]
fn deaths_in_a_fire_an_outbreak_or_a_storm_are_no_attack() {
    for (title, text) in [
        (
            "Fire kills five at Kandahar hostel",
            "Saturday, January 5, 2019\n\nA fire yesterday afternoon killed five students at a hostel in Kandahar, officials said.\n",
        ),
        (
            "Measles outbreak in Kandahar",
            "Saturday, January 5, 2019\n\nThe measles outbreak that had, by official reports, infected over 4,000 people in Kandahar since October has killed at least 62.\n",
        ),
    ] {
        let r = run_record(title, text);
        assert!(
            r.incidents.iter().all(|i| !i.primary),
            "{title}: {:?}",
            r.incidents
        );
    }
}

fn targets(r: &DocumentRecord) -> Vec<sitrep_core::TargetType> {
    primary(r).target_types.iter().map(|t| t.value).collect()
}

#[test]
fn people_killed_at_a_named_target_are_that_target_s() {
    use sitrep_core::TargetType;
    let r = run("Church bombing kills 20 in Kandahar\n\nA bomb exploded at a church in Kandahar on Sunday, killing 20 people, officials said.\n");
    assert_eq!(targets(&r), vec![TargetType::ReligiousFiguresInstitutions]);
    // with no other target named, the people killed are private citizens
    let r = run("Bombing kills 20 in Kandahar\n\nA bomb exploded in Kandahar on Sunday, killing 20 people, officials said.\n");
    assert_eq!(targets(&r), vec![TargetType::PrivateCitizensProperty]);
}

fn killed(r: &DocumentRecord) -> Option<(u32, Option<u32>)> {
    primary(r).killed.as_ref().map(|k| (k.min, k.max))
}

#[test]
fn a_conflict_total_is_not_the_attack_s_toll() {
    let r = run("Gunmen kill three soldiers at base near Maiduguri\n\nGunmen killed three soldiers at a military base near Maiduguri on Friday, officials said.\n\nSome 27,000 people have been killed in the insurgency since 2009.\n");
    assert_eq!(killed(&r), Some((3, Some(3))));
}

#[test]
fn the_first_figure_of_the_body_is_the_toll_unless_updated() {
    let r = run("Bomb kills dozens in Kandahar\n\nAt least 36 people were killed when a car bomb exploded in Kandahar on Monday, police said. Two of the 36 were children.\n");
    assert_eq!(killed(&r), Some((36, None)));
    let r = run("Bomb kills five in Kandahar\n\nA car bomb exploded in Kandahar on Monday, killing five people, police said. By evening the death toll rose to 12.\n");
    assert_eq!(killed(&r), Some((12, Some(12))));
}

#[test]
fn coordinated_and_singular_victims_add_up() {
    let r = run("Gunman kills nine at Kandahar base\n\nA gunman opened fire at a base in Kandahar on Monday and killed eight soldiers and a contractor, officials said.\n");
    assert_eq!(killed(&r), Some((9, Some(9))));
    let r = run("Suicide attack at Kandahar camp\n\nTwo suicide bombers killed a soldier at an army camp in Kandahar on Saturday, officials said.\n");
    assert_eq!(killed(&r), Some((1, Some(1))));
    let r = run("Bomb at Kandahar airport\n\nA bomb exploded at the airport in Kandahar on Monday and left 36 people dead and 180 injured, officials said.\n");
    assert_eq!(killed(&r), Some((36, Some(36))));
}

#[test]
fn no_injuries_means_no_one_killed_or_hurt() {
    let r = run("Bomb damages bank in Kandahar\n\nA bomb exploded at a bank in Kandahar overnight, police said. No injuries were reported.\n");
    assert_eq!(killed(&r), Some((0, Some(0))));
    assert_eq!(
        primary(&r).injured.as_ref().map(|k| (k.min, k.max)),
        Some((0, Some(0)))
    );
}

#[test]
fn a_date_stamp_s_number_counts_no_one() {
    let r = run(" date 2017-01-30 Six people were killed when two gunmen opened fire in a mosque in Kandahar on Sunday evening.\n\nPolice arrested one man.\n");
    assert_eq!(killed(&r), Some((6, Some(6))));
}

#[test]
fn attackers_gunned_down_or_dying_were_killed() {
    let r = run("Militants attack army camp in Kandahar\n\nMilitants attacked an army camp in Kandahar on Thursday, killing three soldiers. Two terrorists have also been gunned down, officials said.\n");
    assert_eq!(perps_killed(&r), Some(true));
    let r = run("Knife attack in Kandahar\n\nA man stabbed two people at a market in Kandahar on Friday. The attacker was shot in the chest by police and died in hospital.\n");
    assert_eq!(perps_killed(&r), Some(true));
}

#[test]
fn an_attacker_caught_alive_was_not_killed() {
    let r = run("Shooting at Kandahar mosque\n\nA gunman opened fire in a mosque in Kandahar on Saturday, wounding one man, before being overpowered by worshippers. The suspect was arrested, police said.\n");
    assert_eq!(perps_killed(&r), Some(false));
    // gunmen who killed their victims did not die by it
    let r = run("Gunmen kill five in Kandahar\n\nGunmen killed five people at a checkpoint in Kandahar on Monday, officials said.\n");
    assert_eq!(perps_killed(&r), None);
}

#[test]
fn a_victim_named_in_apposition_before_a_passive_verb_is_a_target() {
    use sitrep_core::TargetType;
    let r = run("Mayor stabbed in Kandahar\n\nPaul Adams, mayor of the city of Kandahar, was stabbed on stage on Sunday evening, police said.\n");
    assert!(
        targets(&r).contains(&TargetType::GovernmentGeneral),
        "{:?}",
        targets(&r)
    );
}

#[test]
fn sources_adjectives_and_place_names_are_no_targets() {
    use sitrep_core::TargetType;
    // "police later said" is the source; "official campaigning" an adjective
    let r = run("Gunman kills shopper in Kandahar\n\nA gunman shot dead a shopper at a market in Kandahar on Monday, police later said. The attack came on the last day of official campaigning.\n");
    let t = targets(&r);
    assert!(!t.contains(&TargetType::Police), "{t:?}");
    assert!(!t.contains(&TargetType::GovernmentGeneral), "{t:?}");
}

#[test]
fn killing_a_prominent_official_is_an_assassination() {
    use sitrep_core::AttackType;
    let r = run("Gunmen kill official in Kandahar\n\nGunmen shot dead a government official in Kandahar on Wednesday, police said.\n");
    let types: Vec<AttackType> = primary(&r).attack_types.iter().map(|a| a.value).collect();
    assert_eq!(types, vec![AttackType::Assassination]);
    // shooting shoppers is an armed assault
    let r = run("Gunmen kill two in Kandahar\n\nGunmen shot dead two shoppers at a market in Kandahar on Wednesday, police said.\n");
    let types: Vec<AttackType> = primary(&r).attack_types.iter().map(|a| a.value).collect();
    assert_eq!(types, vec![AttackType::ArmedAssault]);
}

#[test]
fn hostages_released_or_held_from_before_are_no_hostage_taking() {
    use sitrep_core::AttackType;
    let r = run("Car bomb kills two in Kandahar\n\nA car bomb exploded outside a police station in Kandahar on Sunday night, killing two officers. The blast came hours after the rebels released four hostages.\n");
    let types: Vec<AttackType> = primary(&r).attack_types.iter().map(|a| a.value).collect();
    assert_eq!(types, vec![AttackType::BombingExplosion]);
}

#[test]
fn plotted_threatened_or_called_for_attacks_did_not_happen() {
    for text in [
        "Police foil plot in Kandahar\n\nPolice in Kandahar said on Monday they had thwarted a plot by three men to bomb a market.\n",
        "Group threatens attacks in Kandahar\n\nA militant group threatened to attack the stadium in Kandahar during the final, a poster showed.\n",
    ] {
        let r = run(text);
        assert!(r.incidents.iter().all(|i| !i.primary), "{text}: {:?}", r.incidents);
    }
}

#[test]
fn an_anniversary_report_recalls_its_attack_as_background() {
    let r = run("Anniversary of Kandahar school attack observed today\n\nPictures of the victims were displayed in Kandahar on the anniversary of the attack on the school, in which gunmen killed 140 people in 2014.\n");
    assert!(r.incidents.iter().all(|i| !i.primary), "{:?}", r.incidents);
}

#[test]
fn an_attack_the_police_say_was_no_terrorism_is_not_the_report_s_incident() {
    let r = run("Shooting at Kandahar mall\n\nA gunman shot dead three people at a mall in Kandahar on Sunday. Police believe the motive was not terror related.\n");
    assert!(r.incidents.iter().all(|i| !i.primary), "{:?}", r.incidents);
}

#[test]
fn a_headline_of_bombs_that_hit_reports_the_attack() {
    let r = run("Two bombs hit cathedral in Kandahar, 20 dead\n\nTwo bombs exploded at a cathedral in Kandahar on Sunday during morning mass, killing 20 people, officials said.\n");
    let p = primary(&r);
    assert_eq!(
        p.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Kandahar")
    );
}

#[test]
fn someone_being_shot_is_an_armed_assault() {
    let r = run("Journalist shot dead in Kandahar\n\nA journalist died in the city of Kandahar on Tuesday after being shot in his car, police said.\n");
    assert!(
        primary(&r)
            .attack_types
            .iter()
            .any(|a| a.value == sitrep_core::AttackType::ArmedAssault
                || a.value == sitrep_core::AttackType::Assassination),
        "{:?}",
        r.incidents
    );
}

#[test]
fn a_figure_recalling_an_earlier_attack_is_not_the_report_s_toll() {
    let r = run("Suicide bombing kills soldier at army camp in Kandahar\n\nTwo suicide bombers killed a soldier at an army camp in Kandahar on Saturday, a week after a similar attack that left 26 dead, officials said.\n");
    assert_eq!(killed(&r), Some((1, Some(1))));
    // the report's own toll after a time distance still counts
    let r = run("Bomb kills 30 in Kandahar market\n\nA bomb exploded in a market in Kandahar on Monday. Two days after the bombing, the death toll rose to 30, officials said.\n");
    assert_eq!(killed(&r), Some((30, Some(30))));
}

#[test]
fn a_photo_caption_of_another_day_does_not_make_the_report_s_incident() {
    let r = run("Gunmen kill eight in church attack in Kaduna\n\nTwo weeks ago, gunmen attacked a church killing 40 people in Owo, Nigeria, June 17, 2022. - REUTERS\n\nGunmen killed eight people in an attack on a church in Kaduna on Sunday, an official said.\n");
    assert_eq!(killed(&r), Some((8, Some(8))));
    assert_eq!(
        primary(&r)
            .location
            .as_ref()
            .and_then(|l| l.city.as_deref()),
        Some("Kaduna")
    );
}

#[test]
fn the_report_s_description_of_a_claimed_attack_gives_its_toll() {
    let r = run("Group claims shooting near Hebron\n\nA militant group has claimed responsibility for a shooting near Hebron on Friday that left one man dead and another wounded.\n");
    assert_eq!(killed(&r), Some((1, Some(1))));
}

#[test]
fn gtd_target_subtypes_beyond_the_first_lexicon() {
    use sitrep_core::TargetType as T;
    for (text, want) in [
        ("Bomb wounds two in Leitza\n\nTwo civil guards were injured when a bomb exploded in the town of Leitza on Sunday.\n", T::Police),
        ("Convoy of engineers attacked in Gwadar\n\nMilitants attacked a convoy of Chinese engineers in the port city of Gwadar on Sunday, wounding three people.\n", T::Business),
        ("Gunmen kill farmers in Borno\n\nGunmen shot dead three farmers near Maiduguri on Sunday, residents said.\n", T::PrivateCitizensProperty),
    ] {
        let r = run(text);
        assert!(targets(&r).contains(&want), "{text}: {:?}", targets(&r));
    }
}

#[test]
fn a_name_counted_by_a_number_is_people_not_a_place() {
    let r = run("Gunman kills four Marines in Chattanooga\n\nA gunman killed four Marines at a military centre in Chattanooga on Thursday, police said.\n");
    let places: Vec<Option<&str>> = r
        .incidents
        .iter()
        .map(|i| i.location.as_ref().and_then(|l| l.city.as_deref()))
        .collect();
    assert_eq!(places, vec![Some("Chattanooga")]);
}

#[test]
fn martyred_is_killed() {
    let r = run("Attack on school in Peshawar\n\nGunmen who attacked a school in Peshawar on Tuesday martyred 14 persons, officials said.\n");
    assert_eq!(killed(&r), Some((14, Some(14))));
}

#[test]
fn with_the_title_outside_the_text_the_lead_s_toll_is_the_body_s_first() {
    let r = run_record(
        "Gunman kills shoppers in Port Town store",
        "Saturday, January 5, 2019\n\nOn Saturday morning, a gunman shot shoppers at a store in Kandahar, with the death toll rising to 22 people on Monday, officials said. According to the consulate, six foreign nationals were killed in the attack.\n",
    );
    assert_eq!(killed(&r), Some((22, Some(22))));
}

#[test]
fn a_group_saying_it_did_the_deed_claims_it() {
    let r = run("Attack kills 30 near Djibo\n\nJNIM claimed on Thursday it carried out an attack that killed 30 people near Djibo, Burkina Faso, last weekend.\n");
    let groups: Vec<_> = primary(&r)
        .groups
        .iter()
        .map(|g| (g.name.clone(), g.relation))
        .collect();
    assert_eq!(
        groups,
        vec![(
            "Jama'at Nusrat al-Islam wal-Muslimin".to_string(),
            sitrep_core::GroupRelation::Claimed
        )]
    );
}

#[test]
fn a_person_who_was_killed_is_a_victim_not_an_attacker() {
    let r = run("Gunman kills hiker near Kandahar\n\nA gunman shot two hikers near Kandahar on Friday. Police said one of the men, Daud Karimi, had been killed while the other was in hospital.\n");
    assert!(
        primary(&r).perpetrators.is_empty(),
        "{:?}",
        primary(&r).perpetrators
    );
}

#[test]
fn by_names_the_attacker_only_after_a_deed() {
    let r = run("Militants attack town in Cabo Delgado\n\nIslamic State claimed an attack near gas projects under development by Exxon Mobil in Mocimboa da Praia, Mozambique, on Monday, killing four soldiers.\n");
    assert!(
        primary(&r).perpetrators.is_empty(),
        "{:?}",
        primary(&r).perpetrators
    );
}

#[test]
fn a_hospital_that_treats_the_wounded_is_no_target() {
    let r = run("Gunmen kill two villagers in Kano\n\nGunmen killed two villagers in Kano on Monday. Four wounded villagers were taken to a hospital in Kano, police said.\n");
    let t = targets(&r);
    assert!(!t.contains(&sitrep_core::TargetType::Business), "{t:?}");
    assert!(
        t.contains(&sitrep_core::TargetType::PrivateCitizensProperty),
        "{t:?}"
    );
}

#[test]
fn a_hospital_that_is_attacked_is_a_target() {
    let r = run("Gunmen storm hospital in Kano\n\nGunmen stormed a hospital in Kano on Monday, killing two guards, police said.\n");
    assert!(targets(&r).contains(&sitrep_core::TargetType::Business));
}

#[test]
fn police_who_kill_the_attackers_are_no_target() {
    let r = run("Gunmen attack church in Derbent\n\nGunmen opened fire at a church in Derbent on Sunday, killing a priest. Police had killed four of the gunmen by evening, officials said.\n");
    let t = targets(&r);
    assert!(!t.contains(&sitrep_core::TargetType::Police), "{t:?}");
    assert!(
        t.contains(&sitrep_core::TargetType::ReligiousFiguresInstitutions),
        "{t:?}"
    );
}

#[test]
fn police_killed_in_an_ambush_are_the_target() {
    let r = run("Two police killed in ambush near Derbent\n\nTwo police officers were killed in an ambush near Derbent on Sunday, officials said.\n");
    assert!(targets(&r).contains(&sitrep_core::TargetType::Police));
}

#[test]
fn a_toll_hours_before_is_another_attack_s() {
    let r = run("Suicide bomber strikes police post\n\nA suicide bomber struck a police post in Peshawar on Thursday, officials said.\n\nThe bombing came hours after a suspected missile attack killed eight people in Peshawar.\n");
    assert_eq!(killed(&r), None);
}

#[test]
fn a_state_s_drone_strike_is_no_incident() {
    let r = run("Drone strike kills eight in Wana\n\nA U.S. drone attack killed eight people in Wana on Thursday, officials said.\n");
    assert!(r.incidents.is_empty(), "{:?}", r.incidents);
}

#[test]
fn a_quoted_toll_counts_when_no_one_else_gives_one() {
    let r = run("Gunmen attack Kisima village\n\nGunmen attacked the village of Kisima on Tuesday night, \"leaving 11 dead,\" said the district chief.\n");
    assert_eq!(killed(&r), Some((11, Some(11))));
}

#[test]
fn a_quoted_toll_gives_way_to_the_report_s_own() {
    let r = run("Gunmen kill nine in Kisima village\n\nGunmen killed nine people in the village of Kisima on Tuesday night. \"They killed 40 of us,\" a survivor said.\n");
    assert_eq!(killed(&r), Some((9, Some(9))));
}

#[test]
fn a_worker_killed_while_working_is_no_attack() {
    let r = run("Engineer dies at station\n\nAn engineer was killed while working at Waterloo station in London on Wednesday, the rail operator said.\n");
    assert!(r.incidents.is_empty(), "{:?}", r.incidents);
}

#[test]
fn a_headline_in_the_present_reports_the_attack() {
    let r = run("Man stabs woman in Melbourne\n\nA man stabbed a woman in Melbourne on Friday, police said.\n");
    let p = primary(&r);
    assert_eq!(
        p.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Melbourne")
    );
}

#[test]
fn a_place_in_the_doer_s_phrase_places_the_attack() {
    let r = run("Canberra - DPA A man in Melbourne who had been known to the police for many years stabbed one person and injured two others on Friday, with police treating the attack as a terrorist incident.\n\nThe man came to Australia from Somalia in the 1990s, officials said.\n");
    let p = primary(&r);
    assert_eq!(
        p.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Melbourne")
    );
}

#[test]
fn a_mixed_case_dateline_with_a_colon_locates_nothing() {
    let r = run_published(
        "Two police killed in Maoist ambush in Sukma\n\nBhopal: Maoists on Sunday ambushed a police patrol in the district of Sukma, leaving two officers dead.\n",
        Some("2018-02-19"),
    );
    let cities: Vec<Option<&str>> = r
        .incidents
        .iter()
        .map(|i| i.location.as_ref().and_then(|l| l.city.as_deref()))
        .collect();
    assert!(!cities.contains(&Some("Bhopal")), "{cities:?}");
}

#[test]
fn a_misspelt_claim_is_a_claim() {
    let r = run("Bomb explodes in Lima bank\n\nA bomb exploded at a bank in Lima on Sunday. The Shining Path, which seeks a communist state, claimed responsiblity for the bombing in a note left for police.\n");
    let g = common::groups(primary(&r));
    assert!(
        g.iter()
            .any(|(n, rel)| n == "Shining Path" && *rel == sitrep_core::GroupRelation::Claimed),
        "{g:?}"
    );
}

#[test]
fn the_lead_tells_the_kind_of_attack() {
    let r = run("Car bomb kills four in Cali\n\nA car bomb exploded outside a police station in Cali on Sunday, killing four people, officials said. The blast damaged a dozen houses. Police said the driver fled.\n\nHours later, a police officer was shot and wounded as he chased a man near the station.\n");
    let a: Vec<sitrep_core::AttackType> =
        primary(&r).attack_types.iter().map(|l| l.value).collect();
    assert_eq!(a, vec![sitrep_core::AttackType::BombingExplosion]);
}

#[test]
fn the_lead_tells_what_was_hit_and_with_what() {
    let r = run("Car bomb kills four in Cali\n\nA car bomb exploded outside a police station in Cali on Sunday, killing four officers, officials said. The blast damaged a dozen houses. Police said the driver fled.\n\nHours later, a teacher was shot and wounded as he walked near a school.\n");
    let p = primary(&r);
    let t: Vec<sitrep_core::TargetType> = p.target_types.iter().map(|l| l.value).collect();
    assert_eq!(t, vec![sitrep_core::TargetType::Police]);
    let w: Vec<sitrep_core::WeaponType> = p.weapon_types.iter().map(|l| l.value).collect();
    assert_eq!(w, vec![sitrep_core::WeaponType::Explosives]);
}

#[test]
fn a_bombing_followed_by_gunfire_is_an_armed_assault_too() {
    let r = run("Convoy attacked in Gwadar\n\nA roadside bomb exploded next to a convoy in Gwadar on Sunday and was followed by gunfire, officials said.\n");
    let a: Vec<sitrep_core::AttackType> =
        primary(&r).attack_types.iter().map(|l| l.value).collect();
    assert!(
        a.contains(&sitrep_core::AttackType::BombingExplosion),
        "{a:?}"
    );
    assert!(a.contains(&sitrep_core::AttackType::ArmedAssault), "{a:?}");
}

#[test]
fn police_killing_some_of_the_gunmen_kills_attackers() {
    let r = run("Gunmen attack church in Derbent\n\nGunmen opened fire at a church in Derbent on Sunday, killing a priest. Police killed four of the gunmen near the church, officials said.\n");
    assert_eq!(perps_killed(&r), Some(true));
}

#[test]
fn a_participle_after_the_attack_says_where_it_was() {
    let r = run("Militants kill dozens in Burkina Faso\n\nMilitants killed dozens of villagers in Burkina Faso on Saturday, officials said. The attack, conducted near the northern town of Barsalogho, was among the deadliest in the country.\n");
    assert_eq!(
        primary(&r)
            .location
            .as_ref()
            .and_then(|l| l.city.as_deref()),
        Some("Barsalogho")
    );
}

#[test]
fn a_victim_named_by_name_alone_is_one_dead() {
    let r = run("Gunmen attack car in Aden\n\nGunmen opened fire on a car in Aden on Tuesday. Nabil Rahim, a photojournalist from Yemen, died in hospital, officials said.\n");
    assert_eq!(killed(&r), Some((1, Some(1))));
    // an attacker named dying is no victim
    let r = run("Gunman attacks church in Derbent\n\nA gunman opened fire at a church in Derbent on Sunday, wounding two worshippers. The gunman, Karim Oduev, was shot dead by police.\n");
    assert_eq!(killed(&r), None);
}

#[test]
fn wounded_and_no_death_spoken_of_is_none_dead() {
    let r = run("Bomb wounds 29 in Chelsea\n\nA bomb exploded on a street in Chelsea on Saturday night, injuring 29 people, police said.\n");
    assert_eq!(killed(&r), Some((0, Some(0))));
    // a death spoken of anywhere leaves the toll to its own words
    let r = run("Bomb wounds 29 in Chelsea\n\nA bomb exploded on a street in Chelsea on Saturday night, injuring 29 people, police said. One of the wounded later died.\n");
    assert_ne!(killed(&r), Some((0, Some(0))));
}

#[test]
fn what_a_bomber_struck_was_hit() {
    let r = run("Blast at Moscow airport\n\nA suicide bomber struck the arrivals hall of an airport in Moscow on Monday, officials said.\n");
    assert!(
        targets(&r).contains(&sitrep_core::TargetType::AirportsAircraft),
        "{:?}",
        targets(&r)
    );
}

#[test]
fn the_attacked_person_a_pronoun_stands_for_died() {
    let r = run("Mayor stabbed on stage in Gdansk\n\nTomasz Lenk, mayor of the city, was stabbed last night on stage at a charity concert in Gdansk. He died today, doctors said.\n");
    assert_eq!(killed(&r), Some((1, Some(1))));
}

#[test]
fn a_headline_s_plural_doer_with_a_bare_verb_reports_the_attack() {
    let r = run("Taliban Kill a Mayor and Overrun a Town Hall\n\nTaliban insurgents attacked a town hall in Kandahar on Monday, killing four guards, officials said.\n");
    assert!(
        r.incidents.iter().any(|i| i.primary),
        "the headline reports the attack: {:?}",
        r.incidents
    );
    let r = run("Taliban Threaten to Kill Mayors\n\nTaliban insurgents attacked a town hall in Kandahar on Monday, killing four guards, officials said.\n");
    assert!(!r.incidents.iter().any(|i| i.primary), "{:?}", r.incidents);
}

#[test]
fn a_killed_office_holder_is_one_dead() {
    let r = run("Militants attack police station in Kandahar\n\nMilitants attacked a police station in Kandahar on Monday, killing the district police chief, officials said.\n");
    let k = primary(&r).killed.as_ref().expect("a toll");
    assert_eq!((k.min, k.max), (1, Some(1)));
    let r = run("Militants attack police station in Kandahar\n\nMilitants attacked a police station in Kandahar on Monday, killing the mayor and four guards, officials said.\n");
    assert_eq!(primary(&r).killed.as_ref().map(|k| k.min), Some(5));
}

#[test]
fn a_fatal_stabbing_of_someone_is_one_dead() {
    let r = run("Police officer stabbed in Lyon\n\nProsecutors opened a terrorism investigation into the fatal stabbing of a police official inside a police station in Lyon on Friday.\n");
    let k = primary(&r).killed.as_ref().expect("a toll");
    assert_eq!((k.min, k.max), (1, Some(1)));
}

#[test]
fn a_town_written_with_its_article_places_the_attack() {
    for town in ["El-Arish", "al-Arish"] {
        let r = run(&format!("Militants kill two in bank attack\n\nMilitants killed two people, including a policeman, at a bank in the town of {town} in Egypt on Thursday, security sources said.\n"));
        let p = primary(&r);
        let loc = p.location.as_ref().expect("a place");
        assert_eq!(loc.city.as_deref(), Some("Arish"), "{town}");
        assert_eq!(loc.country_code.as_deref(), Some("EG"));
    }
}

#[test]
fn groups_behind_attacks_in_general_are_not_this_attack_s() {
    let r = run("15 killed in jihadist attack in Burkina Faso\n\nArmed men raided a village in Burkina Faso's north, killing 15 people, a regional governor said Saturday. Most attacks in Burkina Faso are attributed to the jihadist group Ansarul Islam.\n");
    assert!(primary(&r).groups.is_empty(), "{:?}", primary(&r).groups);
    // a claim in such a sentence is still this attack's
    let r = run("Gunmen kill official in Mogadishu\n\nGunmen shot dead a government official in Mogadishu on Wednesday, police said. Al Shabaab, which carries out attacks frequently in Somalia, claimed responsibility.\n");
    assert_eq!(primary(&r).groups.len(), 1, "{:?}", primary(&r).groups);
}

#[test]
fn the_attacker_s_group_is_suspected_and_a_festival_s_celebrations_celebrate_nothing() {
    let r = run("Suicide bomber kills minister in Colombo\n\nA suicide bomber killed a minister and 19 others in Colombo on Wednesday, police said. Police said the attacker was a suicide bomber of the separatist Liberation Tigers of Tamil Eelam. Earlier the minister had attended the national day celebrations honouring troops battling the Liberation Tigers of Tamil Eelam.\n");
    let g: Vec<_> = primary(&r)
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.relation))
        .collect();
    assert_eq!(
        g,
        [(
            "Liberation Tigers of Tamil Eelam",
            sitrep_core::GroupRelation::Suspected
        )]
    );
}

#[test]
fn a_province_whose_fighters_did_the_claimed_deed_claims_it_too() {
    let r = run("Boko Haram attack on army base kills three\n\nThree soldiers were killed when militants raided a military base in Ngwom on Friday, officials said. ISIS in a statement claimed ISWA fighters attacked the base.\n");
    let claimed: Vec<&str> = primary(&r)
        .groups
        .iter()
        .filter(|g| g.relation == sitrep_core::GroupRelation::Claimed)
        .map(|g| g.name.as_str())
        .collect();
    assert!(claimed.contains(&"Islamic State"), "{claimed:?}");
    assert!(
        claimed.contains(&"Islamic State West Africa Province"),
        "{claimed:?}"
    );
    let claims = r
        .statements
        .iter()
        .filter(|s| s.kind == sitrep_core::StatementKind::ClaimOfResponsibility)
        .count();
    assert_eq!(claims, 1, "{:?}", r.statements);
}

#[test]
fn a_group_whose_voice_says_it_was_not_involved_is_not_suspected() {
    let r = run("IS claims attack on prison in Jalalabad\n\nGunmen attacked a prison in Jalalabad on Sunday, killing three guards, officials said. Islamic State claimed responsibility for the attack. The Taliban's spokesman told reporters the Taliban were not involved in the Jalalabad attack.\n");
    let names: Vec<&str> = primary(&r).groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Islamic State"]);
}

#[test]
fn an_outlet_s_place_and_a_coast_s_port_do_not_locate_the_attack() {
    let r = run("Bomb kills photojournalist in Yemen\n\nA bombing yesterday killed Abu Dhabi TV photojournalist Karel Vondrak in the Red Sea port town of Mokha, Yemen, officials said.\n");
    let loc = primary(&r).location.as_ref().expect("a place");
    assert_eq!(loc.country_code.as_deref(), Some("YE"), "{loc:?}");
    assert_eq!(r.incidents.len(), 1, "{:?}", r.incidents);
}

#[test]
fn a_photojournalist_is_a_journalist_target() {
    let r = run("Bomb kills photojournalist in Kabul\n\nA bomb killed a photojournalist in Kabul on Monday, officials said.\n");
    assert!(
        primary(&r)
            .target_types
            .iter()
            .any(|t| t.value == sitrep_core::TargetType::JournalistsMedia),
        "{:?}",
        primary(&r).target_types
    );
}

#[test]
fn a_group_said_to_have_attacked_is_accused_not_claiming() {
    let r = run("Bomb kills journalist in Mokha\n\nA bomb killed a journalist in Mokha, Yemen, on Tuesday, officials said. A media manager claimed Houthis have attacked journalists previously.\n");
    assert!(
        !primary(&r)
            .groups
            .iter()
            .any(|g| g.relation == sitrep_core::GroupRelation::Claimed),
        "{:?}",
        primary(&r).groups
    );
}

#[test]
fn a_sentence_opening_on_the_man_continues_the_background_attack_before_it() {
    let r = run("Taliban open spring offensive\n\nThe Taliban said on Monday that their spring offensive would begin in Helmand.\n\nMeanwhile, an inquiry into a deadly shooting at Kunduz airport on Wednesday found the gunman acted alone. The man, a police recruit, killed six soldiers and a cook.\n");
    let kunduz = r
        .incidents
        .iter()
        .find(|i| i.location.as_ref().and_then(|l| l.city.as_deref()) == Some("Kunduz"))
        .expect("the Kunduz shooting is recorded");
    assert_eq!(
        kunduz.killed.as_ref().map(|k| (k.min, k.max)),
        Some((7, Some(7)))
    );
}

#[test]
fn an_attacker_overpowered_after_a_long_clause_or_arrested_in_the_next_sentence_lives() {
    let r = run("Gunman opens fire at mosque in Drammen\n\nA gunman opened fire at a mosque in Drammen on Saturday, wounding one worshipper. The suspect entered the prayer hall of the small mosque on Saturday afternoon armed with two shotguns and a pistol and opened fire before being overpowered by a worshipper.\n");
    assert_eq!(perps_killed(&r), Some(false));
    let r = run("Gunman kills three at clinic in Tromso\n\nA gunman killed three people at a clinic in Tromso on Friday, police said. The gunman barricaded himself inside for five hours.\nHe was taken into custody after a standoff with police.\n");
    assert_eq!(perps_killed(&r), Some(false));
}

#[test]
fn plural_bombs_that_wounded_people_are_an_attack_and_bombs_in_general_are_not() {
    let r = run("Anarchists claim parcel bombs in Lyon\n\nAn anarchist cell claimed responsibility for parcel bombs on Friday that wounded two clerks at a tax office in Lyon.\n\nThe bombs resembled those of a bombing at an embassy in Geneva last month.\n");
    let p = primary(&r);
    assert_eq!(
        p.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Lyon")
    );
    let r = run("Police warn of bombs\n\nBombs have killed thousands across the region in the past decade, officials in Lyon said.\n");
    assert!(r.incidents.iter().all(|i| !i.primary));
}

#[test]
fn two_nearby_towns_each_with_its_own_attack_stay_two_incidents() {
    // Baqubah and Khalis are about 15 km apart; no sentence ties them.
    let r = run("Bombs kill 30 in Iraq\n\nA suicide bomber blew himself up at a market in Baqubah on Monday, killing 18 people.\n\nA double bombing killed 12 people in the town of Khalis the same day.\n");
    let cities: Vec<&str> = r
        .incidents
        .iter()
        .filter_map(|i| i.location.as_ref().and_then(|l| l.city.as_deref()))
        .collect();
    assert!(
        cities.contains(&"Baqubah") && cities.contains(&"Khalis"),
        "{cities:?}"
    );
}

#[test]
fn a_speaker_s_or_an_owner_s_title_is_no_target() {
    let r = run("Car bomb kills soldiers in Homs\n\nA car bomb killed four soldiers at a checkpoint in Homs on Monday, targeting officers of Syrian President Adnan Farouk's army. Syrian President Adnan Farouk said the army would respond.\n");
    let t: Vec<_> = primary(&r).target_types.iter().map(|l| l.value).collect();
    assert!(t.contains(&sitrep_core::TargetType::Military), "{t:?}");
    assert!(
        !t.contains(&sitrep_core::TargetType::GovernmentGeneral),
        "{t:?}"
    );
}

#[test]
fn a_vague_toll_yields_to_the_exact_one_after_it() {
    let r = run("Bombs hit cathedral in Cotabato\n\nTwo bombs exploded at a cathedral in Cotabato on Sunday, killing 12 people and wounding scores of others, officials said.\n\nSixty-two others were wounded, including 9 soldiers.\n");
    let i = primary(&r);
    assert_eq!(
        i.injured.as_ref().map(|c| (c.min, c.max)),
        Some((62, Some(62)))
    );
}

#[test]
fn a_group_s_own_agency_calling_the_attacker_its_fighter_claims_the_attack() {
    let r = run("Man stabs two in Tromso\n\nA man stabbed two people in Tromso on Friday before police shot him dead.\n\nThe attacker was a \"fighter\" for Islamic State, the group's Amaq news agency said.\n");
    let g: Vec<_> = primary(&r)
        .groups
        .iter()
        .map(|l| (l.name.clone(), l.relation))
        .collect();
    assert!(
        g.contains(&(
            "Islamic State".to_string(),
            sitrep_core::GroupRelation::Claimed
        )),
        "{g:?}"
    );
}

#[test]
fn an_attacker_named_in_apposition_who_told_an_officer_is_still_the_attacker() {
    let r = run("Gunman kills 11 at synagogue in Pittsburgh\n\nA gunman killed 11 people at a synagogue in Pittsburgh on Saturday, police said.\n\nThe suspected gunman, Robert Bowers, told an officer that he wanted all Jews to die.\n");
    let names: Vec<_> = primary(&r)
        .perpetrators
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(names, ["Robert Bowers"]);
}

#[test]
fn a_name_followed_by_who_killed_is_the_attacker() {
    let r = run("Gunman kills five at recruiting office in Tromso\n\nKarl Johan Berg—who killed five soldiers at a recruiting office in Tromso on Friday—had no criminal record.\n");
    let names: Vec<_> = primary(&r)
        .perpetrators
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(names, ["Karl Johan Berg"]);
}

#[test]
fn a_standfirst_and_a_caption_do_not_push_the_first_paragraph_out_of_the_lead() {
    // Lines without a full stop under the headline are page furniture: the first
    // paragraph, dated and introducing "a shooting", is still the lead and its toll is
    // the report's attack's.
    let r = run("Armed wing claims responsibility for roadside shooting\n\nThe group says it killed a driver in revenge for arrests last month\nA photo released by the police shows the scene of Friday's shooting near a village\n\nThe armed wing of the Grey Harbour Front has claimed responsibility for a shooting on Friday that left one driver dead and another wounded.\n\nThe attack, near the village of Velmora, saw a gunman fire at a car at close range on Friday afternoon.\n");
    assert_eq!(killed(&r), Some((1, Some(1))));
}

#[test]
fn a_place_set_off_by_commas_after_the_attack_says_where_it_was() {
    // "The attack, near the town of X, …": the phrase between commas places the attack,
    // not the city the police spoke from.
    let r = run("Driver shot dead in northern Nigeria\n\nA gunman shot dead a driver at close range on Friday afternoon, police said.\n\nThe attack, near the town of Zaria, came a day after the driver's brother was threatened.\n");
    let p = primary(&r);
    assert_eq!(
        p.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Zaria")
    );
}

#[test]
fn a_device_thrown_at_a_building_is_an_attack_and_stones_are_not() {
    // No attack word is written: the throw of an incendiary device is the attack, and
    // "Molotov" is the weapon's name, not the Russian town.
    let r = run("Arson attack on a community centre in Germany\n\nUnknown people hurled incendiary devices at a community centre in the town of Ahlen on Monday, police said. Molotov cocktails were also thrown at a shop in Itzehoe.\n");
    let p = primary(&r);
    assert_eq!(
        p.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Ahlen")
    );
    assert!(r.incidents.iter().all(|i| i
        .location
        .as_ref()
        .is_none_or(|l| l.country_code.as_deref() == Some("DE"))));
    let r = run("Rally turns rowdy in Hamburg\n\nProtesters threw stones at police officers in Hamburg on Saturday, police said.\n");
    assert!(r.incidents.is_empty(), "{:?}", r.incidents);
}

#[test]
fn a_group_saying_it_was_behind_the_attack_just_told_claims_it() {
    // "He …" goes on with the attack just told, "the attack" refers back to it, and the
    // group saying it was behind it claims it (the report's own subject is an offensive).
    let r = run("Taliban announce spring offensive\n\nThe Taliban announced the start of a spring offensive across the country on Saturday.\n\nMeanwhile, an inquiry into a deadly attack at Kandahar airport on Wednesday is under way.\n\nThe man, a former guard, killed eight soldiers. He was later found dead.\n\nThe Taliban said it was behind the attack, but officials said there was no evidence for this.\n");
    let inc = r
        .incidents
        .iter()
        .find(|i| i.location.as_ref().and_then(|l| l.city.as_deref()) == Some("Kandahar"))
        .expect("the Kandahar attack");
    let rel: Vec<_> = inc
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.relation))
        .collect();
    assert_eq!(rel, vec![("Taliban", sitrep_core::GroupRelation::Claimed)]);
}

#[test]
fn parts_sharing_one_noun_add_up() {
    // "five foreign and five Afghan troops": the first part's noun is the second's.
    let r = run("Suicide bomber hits base near Jalalabad\n\nA suicide bomber struck a base near Jalalabad on Monday, killing two foreign and three Afghan soldiers, officials said.\n");
    assert_eq!(killed(&r), Some((5, Some(5))));
}
