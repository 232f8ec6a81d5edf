//! Cue lexicons: words that signal an attack, its GTD attack and weapon types,
//! its targets, casualties, perpetrators, and claim channels.
//!
//! Each entry is a lowercase phrase and what it signals. Phrases are matched on
//! word boundaries, case-insensitively. The tables are data; the decisions about
//! which cue belongs to which incident are made by the extractor.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use sitrep_core::{AttackType, Span, TargetType, WeaponType};
use std::sync::OnceLock;

/// What a cue phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// An attack event noun or verb ("attack", "stabbed", "explosion").
    Event,
    /// A GTD attack type.
    Attack(AttackType),
    /// A GTD weapon type.
    Weapon(WeaponType),
    /// A GTD target type (the words name the victims or the target).
    Target(TargetType),
    /// A word for the attacker ("assailant", "gunman").
    Perpetrator,
    /// A channel through which a claim or message was published (snake_case mode name).
    Channel(&'static str),
    /// A state military action or war: not a terrorist incident by itself.
    StateAction,
    /// An arrest, trial, conviction or sentence: not an incident.
    Legal,
    /// Vague, generic or aggregate words ("attacks" in plural, "terrorism").
    Generic,
}

use AttackType as A;
use Cue::*;
use TargetType as T;
use WeaponType as W;

/// The cue table: phrase → signals.
pub static CUES: &[(&str, &[Cue])] = &[
    // events and attack types
    ("attack", &[Event]),
    ("attacked", &[Event]),
    ("attacking", &[Event]),
    ("terror attack", &[Event]),
    ("terrorist attack", &[Event]),
    ("terror attacks", &[Event, Generic]),
    ("terrorist attacks", &[Event, Generic]),
    ("attacks", &[Event, Generic]),
    ("assault", &[Event, Attack(A::ArmedAssault)]),
    ("rampage", &[Event, Attack(A::ArmedAssault)]),
    ("massacre", &[Event, Attack(A::ArmedAssault)]),
    ("slaughter", &[Event]),
    (
        "stabbing",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)],
    ),
    (
        "stabbing attack",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)],
    ),
    (
        "knife attack",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)],
    ),
    (
        "stabbed",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)],
    ),
    ("stab", &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)]),
    // headlines tell in the present: "Man stabs woman", "Gunman shoots two"
    ("stabs", &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)]),
    (
        "knifes",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)],
    ),
    (
        "beheads",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)],
    ),
    (
        "shoots dead",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "guns down",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "opens fire",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "rams",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    ("storms", &[Event]),
    (
        "stabbing to death",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)],
    ),
    (
        "knifed",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)],
    ),
    (
        "hacked",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)],
    ),
    (
        "beheaded",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Melee)],
    ),
    ("machete", &[Weapon(W::Melee)]),
    ("knife", &[Weapon(W::Melee)]),
    ("knives", &[Weapon(W::Melee)]),
    ("axe", &[Weapon(W::Melee)]),
    (
        "shooting",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "mass shooting",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    ("shootings", &[Event, Generic, Attack(A::ArmedAssault)]),
    // "after being shot in his car", "was shot in the head": someone was shot at
    (
        "being shot",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "was shot",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "were shot",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "shot dead",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "gunned down",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "opened fire",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "open fire",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    ("gunfire", &[Event, Weapon(W::Firearms)]),
    (
        "gunman",
        &[Perpetrator, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "gunmen",
        &[Perpetrator, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    (
        "shooter",
        &[Perpetrator, Attack(A::ArmedAssault), Weapon(W::Firearms)],
    ),
    ("rifle", &[Weapon(W::Firearms)]),
    ("rifles", &[Weapon(W::Firearms)]),
    ("gun", &[Weapon(W::Firearms)]),
    ("guns", &[Weapon(W::Firearms)]),
    ("pistol", &[Weapon(W::Firearms)]),
    ("kalashnikov", &[Weapon(W::Firearms)]),
    ("ak-47", &[Weapon(W::Firearms)]),
    ("machine gun", &[Weapon(W::Firearms)]),
    (
        "bombing",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    ("bombings", &[Event, Generic, Attack(A::BombingExplosion)]),
    (
        "bomb",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "bombs",
        &[
            Event,
            Generic,
            Attack(A::BombingExplosion),
            Weapon(W::Explosives),
        ],
    ),
    (
        "bomb attack",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    // An attack named by its explosive is a bombing ("a landmine attack", "a grenade
    // attack"); the explosive alone is only the weapon.
    (
        "landmine attack",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "grenade attack",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "ied attack",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "car bomb",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "truck bomb",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "suicide bomber",
        &[
            Event,
            Perpetrator,
            Attack(A::BombingExplosion),
            Weapon(W::Explosives),
        ],
    ),
    (
        "suicide bombers",
        &[
            Event,
            Perpetrator,
            Attack(A::BombingExplosion),
            Weapon(W::Explosives),
        ],
    ),
    (
        "suicide bombing",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "suicide attack",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "bomber",
        &[
            Perpetrator,
            Attack(A::BombingExplosion),
            Weapon(W::Explosives),
        ],
    ),
    (
        "explosion",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "explosions",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "blast",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "blasts",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "blew himself up",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "blew up",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "exploded",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "detonated",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    // "Went off" is an explosion only after a bomb: a bare "went off" is an alarm or a
    // plan that failed.
    (
        "bomb went off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "bomb had gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "bomb has gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "bombs went off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "bombs had gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "bombs have gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "device went off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "device had gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "device has gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "devices went off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "devices had gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "devices have gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "explosive device went off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "explosive device had gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "explosive device has gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "explosive devices went off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "explosive devices had gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    (
        "explosive devices have gone off",
        &[Event, Attack(A::BombingExplosion), Weapon(W::Explosives)],
    ),
    ("explosive", &[Weapon(W::Explosives)]),
    ("explosives", &[Weapon(W::Explosives)]),
    ("ied", &[Weapon(W::Explosives)]),
    ("grenade", &[Weapon(W::Explosives)]),
    ("grenades", &[Weapon(W::Explosives)]),
    ("dynamite", &[Weapon(W::Explosives)]),
    ("suicide vest", &[Weapon(W::Explosives)]),
    ("rocket", &[Weapon(W::Explosives)]),
    ("rockets", &[Weapon(W::Explosives)]),
    ("mortar", &[Weapon(W::Explosives)]),
    ("landmine", &[Weapon(W::Explosives)]),
    (
        "vehicle attack",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "vehicle-ramming",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "ramming attack",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "rammed",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "ploughed into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "plowed into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "mowed down",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    ("run them over", &[Event, Weapon(W::Vehicle)]),
    (
        "ran over",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove a rented vehicle",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove a vehicle",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove a car",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove a truck",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove a van",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove his car",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove his vehicle",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    ("crashing his vehicle", &[Weapon(W::Vehicle)]),
    ("hostage", &[Event, Attack(A::HostageTakingBarricade)]),
    ("hostages", &[Event, Attack(A::HostageTakingBarricade)]),
    ("held hostage", &[Event, Attack(A::HostageTakingBarricade)]),
    ("took hostage", &[Event, Attack(A::HostageTakingBarricade)]),
    ("holing up", &[Event, Attack(A::HostageTakingBarricade)]),
    ("holed up", &[Event, Attack(A::HostageTakingBarricade)]),
    ("barricaded", &[Event, Attack(A::HostageTakingBarricade)]),
    ("siege", &[Event, Attack(A::HostageTakingBarricade)]),
    ("kidnapping", &[Event, Attack(A::HostageTakingKidnapping)]),
    ("kidnap", &[Event, Attack(A::HostageTakingKidnapping)]),
    ("kidnaps", &[Event, Attack(A::HostageTakingKidnapping)]),
    (
        "kidnappings",
        &[Event, Generic, Attack(A::HostageTakingKidnapping)],
    ),
    ("abduct", &[Event, Attack(A::HostageTakingKidnapping)]),
    ("abducts", &[Event, Attack(A::HostageTakingKidnapping)]),
    ("abductions", &[Event, Generic]),
    ("ambush", &[Event, Attack(A::ArmedAssault)]),
    ("ambushed", &[Event, Attack(A::ArmedAssault)]),
    ("ambushes", &[Event, Generic, Attack(A::ArmedAssault)]),
    ("stormed", &[Event]),
    ("killing", &[Event]),
    (
        "drove a car into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove a truck into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove a van into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove a lorry into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove a vehicle into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove his car into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove his truck into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drove his van into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drives car into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drives truck into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "drives van into",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "car-ramming",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "car ramming",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "truck attack",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    (
        "van attack",
        &[Event, Attack(A::ArmedAssault), Weapon(W::Vehicle)],
    ),
    ("kidnapped", &[Event, Attack(A::HostageTakingKidnapping)]),
    ("abducted", &[Event, Attack(A::HostageTakingKidnapping)]),
    ("abduction", &[Event, Attack(A::HostageTakingKidnapping)]),
    ("hijacked", &[Event, Attack(A::Hijacking)]),
    ("hijacking", &[Event, Attack(A::Hijacking)]),
    ("assassination", &[Event, Attack(A::Assassination)]),
    ("assassinated", &[Event, Attack(A::Assassination)]),
    (
        "arson",
        &[
            Event,
            Attack(A::FacilityInfrastructureAttack),
            Weapon(W::Incendiary),
        ],
    ),
    (
        "set fire",
        &[
            Event,
            Attack(A::FacilityInfrastructureAttack),
            Weapon(W::Incendiary),
        ],
    ),
    (
        "set on fire",
        &[
            Event,
            Attack(A::FacilityInfrastructureAttack),
            Weapon(W::Incendiary),
        ],
    ),
    (
        "torched",
        &[
            Event,
            Attack(A::FacilityInfrastructureAttack),
            Weapon(W::Incendiary),
        ],
    ),
    (
        "firebomb",
        &[
            Event,
            Attack(A::FacilityInfrastructureAttack),
            Weapon(W::Incendiary),
        ],
    ),
    (
        "firebombed",
        &[
            Event,
            Attack(A::FacilityInfrastructureAttack),
            Weapon(W::Incendiary),
        ],
    ),
    ("molotov", &[Weapon(W::Incendiary)]),
    ("petrol bomb", &[Weapon(W::Incendiary)]),
    ("incendiary", &[Weapon(W::Incendiary)]),
    (
        "sabotage",
        &[
            Event,
            Attack(A::FacilityInfrastructureAttack),
            Weapon(W::SabotageEquipment),
        ],
    ),
    ("poison gas", &[Weapon(W::Chemical)]),
    ("sarin", &[Weapon(W::Chemical)]),
    ("chemical attack", &[Event, Weapon(W::Chemical)]),
    ("anthrax", &[Weapon(W::Biological)]),
    ("killed", &[Event]),
    ("kills", &[Event]),
    ("act of terrorism", &[Event]),
    ("act of terror", &[Event]),
    ("terrorist act", &[Event]),
    ("terror act", &[Event]),
    ("terrorist incident", &[Event]),
    ("murder", &[Event]),
    ("murdered", &[Event]),
    ("slain", &[Event]),
    // perpetrators
    ("attacker", &[Perpetrator]),
    ("attackers", &[Perpetrator]),
    ("assailant", &[Perpetrator]),
    ("assailants", &[Perpetrator]),
    ("terrorist", &[Perpetrator]),
    ("killer", &[Perpetrator]),
    ("perpetrator", &[Perpetrator]),
    ("suspect", &[Perpetrator]),
    ("militant", &[Perpetrator]),
    ("militants", &[Perpetrator]),
    ("jihadist", &[Perpetrator]),
    // targets
    ("police", &[Target(T::Police)]),
    ("policeman", &[Target(T::Police)]),
    ("policemen", &[Target(T::Police)]),
    ("policewoman", &[Target(T::Police)]),
    ("police officer", &[Target(T::Police)]),
    ("police official", &[Target(T::Police)]),
    ("police officials", &[Target(T::Police)]),
    ("law enforcement officials", &[Target(T::Police)]),
    ("law enforcement officers", &[Target(T::Police)]),
    ("police officers", &[Target(T::Police)]),
    ("police station", &[Target(T::Police)]),
    ("police constable", &[Target(T::Police)]),
    ("police chief", &[Target(T::Police)]),
    ("deputy police chief", &[Target(T::Police)]),
    ("police commander", &[Target(T::Police)]),
    ("gendarme", &[Target(T::Police)]),
    ("gendarmes", &[Target(T::Police)]),
    ("officer", &[Target(T::Police)]),
    ("officers", &[Target(T::Police)]),
    ("soldier", &[Target(T::Military)]),
    ("soldiers", &[Target(T::Military)]),
    ("troops", &[Target(T::Military)]),
    ("army", &[Target(T::Military)]),
    ("military base", &[Target(T::Military)]),
    ("checkpoint", &[Target(T::Military)]),
    ("barracks", &[Target(T::Military)]),
    ("service members", &[Target(T::Military)]),
    ("service member", &[Target(T::Military)]),
    ("servicemen", &[Target(T::Military)]),
    ("serviceman", &[Target(T::Military)]),
    ("military personnel", &[Target(T::Military)]),
    ("military convoy", &[Target(T::Military)]),
    ("convoy", &[Target(T::Military)]),
    ("army convoy", &[Target(T::Military)]),
    ("convoy of soldiers", &[Target(T::Military)]),
    ("military patrol", &[Target(T::Military)]),
    ("army patrol", &[Target(T::Military)]),
    ("army post", &[Target(T::Military)]),
    ("military post", &[Target(T::Military)]),
    ("marines", &[Target(T::Military)]),
    ("paratroopers", &[Target(T::Military)]),
    ("major general", &[Target(T::Military)]),
    ("lieutenant general", &[Target(T::Military)]),
    ("brigadier general", &[Target(T::Military)]),
    ("police academy", &[Target(T::Police)]),
    // GTD codes prisons and jails as police targets
    ("prison", &[Target(T::Police)]),
    ("prisons", &[Target(T::Police)]),
    ("jail", &[Target(T::Police)]),
    ("police post", &[Target(T::Police)]),
    ("police patrol", &[Target(T::Police)]),
    ("police checkpoint", &[Target(T::Police)]),
    ("church", &[Target(T::ReligiousFiguresInstitutions)]),
    ("cathedral", &[Target(T::ReligiousFiguresInstitutions)]),
    ("chapel", &[Target(T::ReligiousFiguresInstitutions)]),
    ("shrine", &[Target(T::ReligiousFiguresInstitutions)]),
    ("pilgrims", &[Target(T::ReligiousFiguresInstitutions)]),
    ("congregation", &[Target(T::ReligiousFiguresInstitutions)]),
    ("mosque", &[Target(T::ReligiousFiguresInstitutions)]),
    ("synagogue", &[Target(T::ReligiousFiguresInstitutions)]),
    ("temple", &[Target(T::ReligiousFiguresInstitutions)]),
    ("priest", &[Target(T::ReligiousFiguresInstitutions)]),
    ("imam", &[Target(T::ReligiousFiguresInstitutions)]),
    ("bishop", &[Target(T::ReligiousFiguresInstitutions)]),
    ("archbishop", &[Target(T::ReligiousFiguresInstitutions)]),
    ("cleric", &[Target(T::ReligiousFiguresInstitutions)]),
    ("pastor", &[Target(T::ReligiousFiguresInstitutions)]),
    ("monk", &[Target(T::ReligiousFiguresInstitutions)]),
    ("rabbi", &[Target(T::ReligiousFiguresInstitutions)]),
    ("worshippers", &[Target(T::ReligiousFiguresInstitutions)]),
    ("worshipers", &[Target(T::ReligiousFiguresInstitutions)]),
    ("school", &[Target(T::EducationalInstitution)]),
    ("schoolgirls", &[Target(T::EducationalInstitution)]),
    ("schoolboys", &[Target(T::EducationalInstitution)]),
    ("pupils", &[Target(T::EducationalInstitution)]),
    ("schoolchildren", &[Target(T::EducationalInstitution)]),
    ("students", &[Target(T::EducationalInstitution)]),
    ("university", &[Target(T::EducationalInstitution)]),
    ("teacher", &[Target(T::EducationalInstitution)]),
    ("airport", &[Target(T::AirportsAircraft)]),
    ("aircraft", &[Target(T::AirportsAircraft)]),
    ("airliner", &[Target(T::AirportsAircraft)]),
    ("plane", &[Target(T::AirportsAircraft)]),
    ("bus", &[Target(T::Transportation)]),
    ("tram", &[Target(T::Transportation)]),
    ("passengers", &[Target(T::Transportation)]),
    ("commuters", &[Target(T::Transportation)]),
    ("train", &[Target(T::Transportation)]),
    ("metro", &[Target(T::Transportation)]),
    ("subway", &[Target(T::Transportation)]),
    ("railway station", &[Target(T::Transportation)]),
    ("train station", &[Target(T::Transportation)]),
    ("bus station", &[Target(T::Transportation)]),
    ("journalist", &[Target(T::JournalistsMedia)]),
    ("journalists", &[Target(T::JournalistsMedia)]),
    ("photojournalist", &[Target(T::JournalistsMedia)]),
    ("photojournalists", &[Target(T::JournalistsMedia)]),
    ("newspaper", &[Target(T::JournalistsMedia)]),
    ("embassy", &[Target(T::GovernmentDiplomatic)]),
    ("consulate", &[Target(T::GovernmentDiplomatic)]),
    ("diplomat", &[Target(T::GovernmentDiplomatic)]),
    ("diplomats", &[Target(T::GovernmentDiplomatic)]),
    ("ambassador", &[Target(T::GovernmentDiplomatic)]),
    ("concert", &[Target(T::PrivateCitizensProperty)]),
    ("concert hall", &[Target(T::PrivateCitizensProperty)]),
    ("nightclub", &[Target(T::PrivateCitizensProperty)]),
    ("market", &[Target(T::PrivateCitizensProperty)]),
    ("marketplace", &[Target(T::PrivateCitizensProperty)]),
    ("pedestrians", &[Target(T::PrivateCitizensProperty)]),
    ("pedestrian", &[Target(T::PrivateCitizensProperty)]),
    ("pedestrian walkway", &[Target(T::PrivateCitizensProperty)]),
    ("passers-by", &[Target(T::PrivateCitizensProperty)]),
    ("passersby", &[Target(T::PrivateCitizensProperty)]),
    ("civilians", &[Target(T::PrivateCitizensProperty)]),
    ("shoppers", &[Target(T::PrivateCitizensProperty)]),
    ("crowd", &[Target(T::PrivateCitizensProperty)]),
    ("festival", &[Target(T::PrivateCitizensProperty)]),
    ("villagers", &[Target(T::PrivateCitizensProperty)]),
    ("residents", &[Target(T::PrivateCitizensProperty)]),
    ("one person", &[Target(T::PrivateCitizensProperty)]),
    ("people", &[Target(T::PrivateCitizensProperty)]),
    ("hotel", &[Target(T::Business)]),
    ("restaurant", &[Target(T::Business)]),
    ("cafe", &[Target(T::Business)]),
    ("bank", &[Target(T::Business)]),
    ("supermarket", &[Target(T::Business)]),
    ("shop", &[Target(T::Business)]),
    ("office", &[Target(T::Business)]),
    ("pub", &[Target(T::Business)]),
    ("café", &[Target(T::Business)]),
    ("coffee shop", &[Target(T::Business)]),
    ("bakery", &[Target(T::Business)]),
    ("pharmacy", &[Target(T::Business)]),
    ("shops", &[Target(T::Business)]),
    ("store", &[Target(T::Business)]),
    ("shopping mall", &[Target(T::Business)]),
    ("mall", &[Target(T::Business)]),
    ("tourists", &[Target(T::Tourists)]),
    ("tourist", &[Target(T::Tourists)]),
    ("parliament", &[Target(T::GovernmentGeneral)]),
    // political rallies and meetings are GTD's government (general) targets
    ("rally", &[Target(T::GovernmentGeneral)]),
    ("election rally", &[Target(T::GovernmentGeneral)]),
    ("political rally", &[Target(T::GovernmentGeneral)]),
    ("campaign rally", &[Target(T::GovernmentGeneral)]),
    ("election convention", &[Target(T::GovernmentGeneral)]),
    ("ministry", &[Target(T::GovernmentGeneral)]),
    ("government building", &[Target(T::GovernmentGeneral)]),
    ("mayor", &[Target(T::GovernmentGeneral)]),
    ("official", &[Target(T::GovernmentGeneral)]),
    ("officials", &[Target(T::GovernmentGeneral)]),
    ("politician", &[Target(T::GovernmentGeneral)]),
    ("federal building", &[Target(T::GovernmentGeneral)]),
    ("courthouse", &[Target(T::GovernmentGeneral)]),
    ("city hall", &[Target(T::GovernmentGeneral)]),
    ("court house", &[Target(T::GovernmentGeneral)]),
    ("town hall", &[Target(T::GovernmentGeneral)]),
    ("president", &[Target(T::GovernmentGeneral)]),
    ("prime minister", &[Target(T::GovernmentGeneral)]),
    // GTD codes political parties' offices, members and rallies as government (general);
    // the longer phrase wins over the bare "office" (business).
    ("party office", &[Target(T::GovernmentGeneral)]),
    ("party offices", &[Target(T::GovernmentGeneral)]),
    ("party headquarters", &[Target(T::GovernmentGeneral)]),
    (
        "office of a political party",
        &[Target(T::GovernmentGeneral)],
    ),
    (
        "offices of a political party",
        &[Target(T::GovernmentGeneral)],
    ),
    (
        "office of the political party",
        &[Target(T::GovernmentGeneral)],
    ),
    ("political party office", &[Target(T::GovernmentGeneral)]),
    ("political party offices", &[Target(T::GovernmentGeneral)]),
    ("pipeline", &[Target(T::Utilities)]),
    ("power station", &[Target(T::Utilities)]),
    ("power plant", &[Target(T::Utilities)]),
    ("power line", &[Target(T::Utilities)]),
    ("power lines", &[Target(T::Utilities)]),
    ("electricity", &[Target(T::Utilities)]),
    ("pylon", &[Target(T::Utilities)]),
    ("power pylon", &[Target(T::Utilities)]),
    ("transmission line", &[Target(T::Utilities)]),
    ("oil refinery", &[Target(T::Utilities)]),
    ("refinery", &[Target(T::Utilities)]),
    ("oil facilities", &[Target(T::Utilities)]),
    ("oil facility", &[Target(T::Utilities)]),
    ("gas pipeline", &[Target(T::Utilities)]),
    ("aid workers", &[Target(T::Ngo)]),
    ("aid worker", &[Target(T::Ngo)]),
    ("abortion clinic", &[Target(T::AbortionRelated)]),
    ("abortion clinics", &[Target(T::AbortionRelated)]),
    ("abortion provider", &[Target(T::AbortionRelated)]),
    ("abortion doctor", &[Target(T::AbortionRelated)]),
    // the US abortion provider: its clinics are GTD's abortion-related targets
    ("planned parenthood", &[Target(T::AbortionRelated)]),
    ("planned parenthood clinic", &[Target(T::AbortionRelated)]),
    ("port", &[Target(T::Maritime)]),
    ("ship", &[Target(T::Maritime)]),
    ("telecommunications", &[Target(T::Telecommunication)]),
    ("radio station", &[Target(T::Telecommunication)]),
    // more GTD target subtypes (journalists, workers of a firm, officials of the state…)
    ("civil guard", &[Target(T::Police)]),
    ("civil guards", &[Target(T::Police)]),
    ("guardia civil", &[Target(T::Police)]),
    ("constable", &[Target(T::Police)]),
    ("constables", &[Target(T::Police)]),
    ("police van", &[Target(T::Police)]),
    ("police vehicle", &[Target(T::Police)]),
    ("sailor", &[Target(T::Military)]),
    ("sailors", &[Target(T::Military)]),
    ("navy", &[Target(T::Military)]),
    ("air force", &[Target(T::Military)]),
    ("airmen", &[Target(T::Military)]),
    ("military vehicle", &[Target(T::Military)]),
    ("army vehicle", &[Target(T::Military)]),
    ("army base", &[Target(T::Military)]),
    ("army camp", &[Target(T::Military)]),
    ("military camp", &[Target(T::Military)]),
    ("minister", &[Target(T::GovernmentGeneral)]),
    ("ministers", &[Target(T::GovernmentGeneral)]),
    ("lawmaker", &[Target(T::GovernmentGeneral)]),
    ("lawmakers", &[Target(T::GovernmentGeneral)]),
    ("legislator", &[Target(T::GovernmentGeneral)]),
    ("senator", &[Target(T::GovernmentGeneral)]),
    ("governor", &[Target(T::GovernmentGeneral)]),
    ("judge", &[Target(T::GovernmentGeneral)]),
    ("judges", &[Target(T::GovernmentGeneral)]),
    ("councillor", &[Target(T::GovernmentGeneral)]),
    ("councilor", &[Target(T::GovernmentGeneral)]),
    ("government office", &[Target(T::GovernmentGeneral)]),
    ("government offices", &[Target(T::GovernmentGeneral)]),
    ("town council", &[Target(T::GovernmentGeneral)]),
    ("peacekeepers", &[Target(T::GovernmentDiplomatic)]),
    ("peacekeeper", &[Target(T::GovernmentDiplomatic)]),
    ("peacekeeping", &[Target(T::GovernmentDiplomatic)]),
    ("banks", &[Target(T::Business)]),
    ("hotels", &[Target(T::Business)]),
    ("restaurants", &[Target(T::Business)]),
    ("factory", &[Target(T::Business)]),
    ("company", &[Target(T::Business)]),
    ("businessman", &[Target(T::Business)]),
    ("businessmen", &[Target(T::Business)]),
    ("contractor", &[Target(T::Business)]),
    ("contractors", &[Target(T::Business)]),
    ("engineers", &[Target(T::Business)]),
    ("stock exchange", &[Target(T::Business)]),
    ("stock exchanges", &[Target(T::Business)]),
    ("gas station", &[Target(T::Business)]),
    ("petrol station", &[Target(T::Business)]),
    ("hospital", &[Target(T::Business)]),
    ("clinic", &[Target(T::Business)]),
    ("nightclubs", &[Target(T::Business)]),
    ("casino", &[Target(T::Business)]),
    ("cinema", &[Target(T::Business)]),
    ("construction site", &[Target(T::Business)]),
    ("mining company", &[Target(T::Business)]),
    ("farmers", &[Target(T::PrivateCitizensProperty)]),
    ("herders", &[Target(T::PrivateCitizensProperty)]),
    ("fishermen", &[Target(T::PrivateCitizensProperty)]),
    ("children", &[Target(T::PrivateCitizensProperty)]),
    ("women", &[Target(T::PrivateCitizensProperty)]),
    ("girls", &[Target(T::PrivateCitizensProperty)]),
    ("family", &[Target(T::PrivateCitizensProperty)]),
    ("families", &[Target(T::PrivateCitizensProperty)]),
    ("houses", &[Target(T::PrivateCitizensProperty)]),
    ("homes", &[Target(T::PrivateCitizensProperty)]),
    ("villas", &[Target(T::PrivateCitizensProperty)]),
    ("wedding", &[Target(T::PrivateCitizensProperty)]),
    ("wedding party", &[Target(T::PrivateCitizensProperty)]),
    ("funeral", &[Target(T::PrivateCitizensProperty)]),
    ("mourners", &[Target(T::PrivateCitizensProperty)]),
    ("spectators", &[Target(T::PrivateCitizensProperty)]),
    ("fans", &[Target(T::PrivateCitizensProperty)]),
    ("bystanders", &[Target(T::PrivateCitizensProperty)]),
    ("teachers", &[Target(T::EducationalInstitution)]),
    ("schools", &[Target(T::EducationalInstitution)]),
    ("college", &[Target(T::EducationalInstitution)]),
    ("academy", &[Target(T::EducationalInstitution)]),
    ("campus", &[Target(T::EducationalInstitution)]),
    ("school bus", &[Target(T::EducationalInstitution)]),
    ("churches", &[Target(T::ReligiousFiguresInstitutions)]),
    ("mosques", &[Target(T::ReligiousFiguresInstitutions)]),
    ("temples", &[Target(T::ReligiousFiguresInstitutions)]),
    ("priests", &[Target(T::ReligiousFiguresInstitutions)]),
    ("nuns", &[Target(T::ReligiousFiguresInstitutions)]),
    ("monastery", &[Target(T::ReligiousFiguresInstitutions)]),
    ("buses", &[Target(T::Transportation)]),
    ("minibus", &[Target(T::Transportation)]),
    ("railway", &[Target(T::Transportation)]),
    ("railway line", &[Target(T::Transportation)]),
    ("bus stop", &[Target(T::Transportation)]),
    ("taxi rank", &[Target(T::Transportation)]),
    ("ferry", &[Target(T::Transportation)]),
    ("highway bridge", &[Target(T::Transportation)]),
    ("airports", &[Target(T::AirportsAircraft)]),
    ("airplane", &[Target(T::AirportsAircraft)]),
    ("airline", &[Target(T::AirportsAircraft)]),
    ("reporter", &[Target(T::JournalistsMedia)]),
    ("reporters", &[Target(T::JournalistsMedia)]),
    ("photographer", &[Target(T::JournalistsMedia)]),
    ("cameraman", &[Target(T::JournalistsMedia)]),
    ("television station", &[Target(T::JournalistsMedia)]),
    ("tv station", &[Target(T::JournalistsMedia)]),
    ("broadcaster", &[Target(T::JournalistsMedia)]),
    // claim channels
    ("amaq", &[Channel("amaq")]),
    ("a'maq", &[Channel("amaq")]),
    ("aamaq", &[Channel("amaq")]),
    ("amaq news agency", &[Channel("amaq")]),
    ("albayan", &[Channel("albayan")]),
    ("al-bayan", &[Channel("albayan")]),
    ("al bayan", &[Channel("albayan")]),
    ("albayan radio", &[Channel("albayan")]),
    ("al-naba", &[Channel("al_naba")]),
    ("al naba", &[Channel("al_naba")]),
    ("telegram", &[Channel("telegram")]),
    ("video", &[Channel("video")]),
    ("audio message", &[Channel("audio")]),
    ("audio", &[Channel("audio")]),
    ("facebook live", &[Channel("facebook_live")]),
    ("facebook", &[Channel("facebook")]),
    ("twitter", &[Channel("twitter")]),
    ("tweet", &[Channel("twitter")]),
    ("radio", &[Channel("radio")]),
    ("broadcast", &[Channel("radio")]),
    ("statement", &[Channel("statement")]),
    ("website", &[Channel("website")]),
    ("letter", &[Channel("letter")]),
    ("manifesto", &[Channel("manifesto")]),
    ("social media", &[Channel("social_media")]),
    // non-incidents
    ("military operation", &[StateAction]),
    ("special military operation", &[StateAction]),
    ("special forces operation", &[StateAction]),
    ("special forces", &[StateAction]),
    ("invasion", &[StateAction]),
    ("air strike", &[StateAction]),
    ("airstrike", &[StateAction]),
    ("airstrikes", &[StateAction]),
    ("air strikes", &[StateAction]),
    ("drone strike", &[StateAction]),
    ("shelling", &[StateAction]),
    ("war", &[StateAction]),
    ("raid", &[StateAction]),
    ("arrested", &[Legal]),
    ("arrest", &[Legal]),
    ("arrests", &[Legal]),
    ("detained", &[Legal]),
    ("convicted", &[Legal]),
    ("conviction", &[Legal]),
    ("jailed", &[Legal]),
    ("sentenced", &[Legal]),
    ("charged", &[Legal]),
    ("trial", &[Legal]),
    ("terrorism", &[Generic]),
];

/// A cue found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueMention {
    /// The words.
    pub span: Span,
    /// Index into [`CUES`].
    pub entry: usize,
}

impl CueMention {
    /// The phrase as listed.
    pub fn phrase(&self) -> &'static str {
        CUES[self.entry].0
    }

    /// What it signals.
    pub fn cues(&self) -> &'static [Cue] {
        CUES[self.entry].1
    }

    /// True if it signals `c`.
    pub fn has(&self, c: Cue) -> bool {
        self.cues().contains(&c)
    }
}

fn matcher() -> &'static AhoCorasick {
    static M: OnceLock<AhoCorasick> = OnceLock::new();
    M.get_or_init(|| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(CUES.iter().map(|(p, _)| *p))
            .expect("static cue patterns are valid")
    })
}

/// Finds cue phrases on word boundaries. Curly apostrophes are matched as straight ones.
pub fn find_cues(text: &str) -> Vec<CueMention> {
    let straight;
    let (hay, map): (&str, Option<Vec<usize>>) = if text.contains(['’', '‘']) {
        straight = text.replace(['’', '‘'], "'");
        (&straight, Some(crate::offsets::straight_quote_map(text)))
    } else {
        (text, None)
    };
    // All matches on word boundaries, then the longest leftmost ones that do not
    // overlap: "a knife attacked" is "knife" + "attacked", never a cut "knife attack".
    let bound = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-'));
    let mut found: Vec<(usize, usize, usize)> = matcher()
        .find_overlapping_iter(hay)
        .filter(|m| {
            (bound(hay[..m.start()].chars().next_back())
                || crate::text::glued_break(hay, m.start()))
                && (bound(hay[m.end()..].chars().next()) || crate::text::glued_break(hay, m.end()))
        })
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = Vec::new();
    let mut end = 0;
    for (st, en, pat) in found {
        if st < end {
            continue;
        }
        end = en;
        let (s, e) = match &map {
            None => (st, en),
            Some(map) => match (map.get(st), map.get(en)) {
                (Some(&s), Some(&e)) => (s, e),
                _ => continue,
            },
        };
        out.push(CueMention {
            span: Span::new(s, e),
            entry: pat,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(text: &str) -> Vec<&'static str> {
        find_cues(text).iter().map(|c| c.phrase()).collect()
    }

    #[test]
    fn longest_phrase_wins_and_boundaries_hold() {
        assert_eq!(
            phrases("a stabbing attack in the city"),
            vec!["stabbing attack"]
        );
        assert_eq!(phrases("The attackers fled"), vec!["attackers"]);
        assert!(phrases("counterattack").is_empty());
        assert_eq!(
            phrases("a man with a knife attacked them"),
            vec!["knife", "attacked"]
        );
        assert_eq!(
            phrases("a Facebook Live video"),
            vec!["facebook live", "video"]
        );
    }

    #[test]
    fn weapon_and_attack_types_come_with_the_words() {
        let c = &find_cues("gunmen opened fire")[1];
        assert!(c.has(Cue::Weapon(WeaponType::Firearms)));
        assert!(c.has(Cue::Attack(AttackType::ArmedAssault)));
        let b = &find_cues("two explosions killed 100 people")[0];
        assert!(b.has(Cue::Attack(AttackType::BombingExplosion)));
    }

    #[test]
    fn an_attack_named_by_its_explosive_is_a_bombing() {
        for text in ["killed in a landmine attack", "a grenade attack on a bus"] {
            let c = find_cues(text);
            let attack = c.iter().find(|c| c.phrase().ends_with(" attack"));
            assert!(
                attack.is_some_and(|a| a.has(Cue::Attack(AttackType::BombingExplosion))),
                "{text}"
            );
        }
    }

    #[test]
    fn a_bomb_that_went_off_is_an_event_and_an_alarm_is_not() {
        let c = find_cues("some 14 bombs had gone off in the city");
        assert_eq!(c.len(), 1);
        assert!(c[0].has(Cue::Event));
        assert!(c[0].has(Cue::Attack(AttackType::BombingExplosion)));
        assert!(find_cues("the fire alarm went off twice").is_empty());
    }

    #[test]
    fn a_party_office_is_government_not_business() {
        for text in [
            "firebombs at the local office of a political party",
            "gunmen stormed the party headquarters",
        ] {
            let c = find_cues(text);
            assert!(
                c.iter()
                    .any(|c| c.has(Cue::Target(TargetType::GovernmentGeneral))),
                "{text}"
            );
            assert!(
                !c.iter().any(|c| c.has(Cue::Target(TargetType::Business))),
                "{text}"
            );
        }
        // A plain office stays a business.
        let c = find_cues("a bomb at an office in the city");
        assert!(c.iter().any(|c| c.has(Cue::Target(TargetType::Business))));
    }

    #[test]
    fn curly_apostrophes_keep_original_offsets() {
        let text = "the news agency A’maq said";
        let c = find_cues(text);
        assert_eq!(c.len(), 1);
        assert_eq!(&text[c[0].span.start..c[0].span.end], "A’maq");
    }
}
