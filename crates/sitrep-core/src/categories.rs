//! GTD categories and sitrep's own enumerations, serialised in snake_case.
//!
//! The names follow the Global Terrorism Database codebook (attack type,
//! weapon type, target/victim type), written in snake_case as in
//! `shared/gold/FORMAT.md`. `gtd_code` and `gtd_name` give the codebook's
//! numeric code and label, used by the GTD CSV export.

use serde::{Deserialize, Serialize};

macro_rules! category {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = ($snake:literal, $code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in codebook order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The snake_case name used in sitrep's JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $snake),+ }
            }

            /// The GTD codebook's numeric code.
            pub fn gtd_code(self) -> u8 {
                match self { $($name::$variant => $code),+ }
            }

            /// The GTD codebook's label (as in the `*_txt` columns).
            pub fn gtd_name(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses the snake_case name.
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($snake => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

category! {
    /// GTD attack type (`attacktype1`).
    AttackType {
        /// Assassination of a specific, prominent person.
        Assassination = ("assassination", 1, "Assassination"),
        /// Firearms, melee or other attack on people, not a bombing.
        ArmedAssault = ("armed_assault", 2, "Armed Assault"),
        /// Bombing or explosion.
        BombingExplosion = ("bombing_explosion", 3, "Bombing/Explosion"),
        /// Hijacking of a vehicle.
        Hijacking = ("hijacking", 4, "Hijacking"),
        /// Hostages held at a fixed place.
        HostageTakingBarricade = ("hostage_taking_barricade", 5, "Hostage Taking (Barricade Incident)"),
        /// Hostages taken away.
        HostageTakingKidnapping = ("hostage_taking_kidnapping", 6, "Hostage Taking (Kidnapping)"),
        /// Attack on a building or infrastructure (arson, sabotage).
        FacilityInfrastructureAttack = ("facility_infrastructure_attack", 7, "Facility/Infrastructure Attack"),
        /// Attack without a weapon.
        UnarmedAssault = ("unarmed_assault", 8, "Unarmed Assault"),
        /// Not known.
        Unknown = ("unknown", 9, "Unknown"),
    }
}

category! {
    /// GTD weapon type (`weaptype1`).
    WeaponType {
        /// Biological agent.
        Biological = ("biological", 1, "Biological"),
        /// Chemical agent.
        Chemical = ("chemical", 2, "Chemical"),
        /// Radiological material.
        Radiological = ("radiological", 3, "Radiological"),
        /// Nuclear device.
        Nuclear = ("nuclear", 4, "Nuclear"),
        /// Guns.
        Firearms = ("firearms", 5, "Firearms"),
        /// Bombs, grenades, explosives.
        Explosives = ("explosives", 6, "Explosives"),
        /// Imitation weapons.
        FakeWeapons = ("fake_weapons", 7, "Fake Weapons"),
        /// Fire, arson, petrol bombs.
        Incendiary = ("incendiary", 8, "Incendiary"),
        /// Knives, blades, blunt objects.
        Melee = ("melee", 9, "Melee"),
        /// A vehicle used as a weapon (not a vehicle bomb).
        Vehicle = ("vehicle", 10, "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)"),
        /// Sabotage equipment.
        SabotageEquipment = ("sabotage_equipment", 11, "Sabotage Equipment"),
        /// Other weapon.
        Other = ("other", 12, "Other"),
        /// Not known.
        Unknown = ("unknown", 13, "Unknown"),
    }
}

category! {
    /// GTD target/victim type (`targtype1`).
    TargetType {
        /// Businesses.
        Business = ("business", 1, "Business"),
        /// Government (general).
        GovernmentGeneral = ("government_general", 2, "Government (General)"),
        /// Police.
        Police = ("police", 3, "Police"),
        /// Military.
        Military = ("military", 4, "Military"),
        /// Abortion related.
        AbortionRelated = ("abortion_related", 5, "Abortion Related"),
        /// Airports and aircraft.
        AirportsAircraft = ("airports_aircraft", 6, "Airports & Aircraft"),
        /// Diplomatic government targets.
        GovernmentDiplomatic = ("government_diplomatic", 7, "Government (Diplomatic)"),
        /// Schools and universities.
        EducationalInstitution = ("educational_institution", 8, "Educational Institution"),
        /// Food or water supply.
        FoodWaterSupply = ("food_water_supply", 9, "Food or Water Supply"),
        /// Journalists and media.
        JournalistsMedia = ("journalists_media", 10, "Journalists & Media"),
        /// Maritime targets.
        Maritime = ("maritime", 11, "Maritime (includes Ports and Maritime Facilities)"),
        /// Non-governmental organisations.
        Ngo = ("ngo", 12, "NGO"),
        /// Other.
        Other = ("other", 13, "Other"),
        /// Private citizens and property.
        PrivateCitizensProperty = ("private_citizens_property", 14, "Private Citizens & Property"),
        /// Religious figures and institutions.
        ReligiousFiguresInstitutions = ("religious_figures_institutions", 15, "Religious Figures/Institutions"),
        /// Telecommunication.
        Telecommunication = ("telecommunication", 16, "Telecommunication"),
        /// Terrorists and non-state militias.
        TerroristsNonStateMilitia = ("terrorists_non_state_militia", 17, "Terrorists/Non-State Militia"),
        /// Tourists.
        Tourists = ("tourists", 18, "Tourists"),
        /// Transportation (other than aviation).
        Transportation = ("transportation", 19, "Transportation"),
        /// Not known.
        Unknown = ("unknown", 20, "Unknown"),
        /// Utilities.
        Utilities = ("utilities", 21, "Utilities"),
        /// Violent political parties.
        ViolentPoliticalParty = ("violent_political_party", 22, "Violent Political Party"),
    }
}

category! {
    /// How a group is linked to an incident.
    GroupRelation {
        /// The group said it did it.
        Claimed = ("claimed", 1, "Claimed"),
        /// The attacker pledged allegiance to it.
        Pledged = ("pledged", 2, "Pledged"),
        /// The group directed the attack.
        Directed = ("directed", 3, "Directed"),
        /// The attacker was inspired by it.
        Inspired = ("inspired", 4, "Inspired"),
        /// Others named the group as responsible.
        Suspected = ("suspected", 5, "Suspected"),
        /// The group praised the attack without claiming it.
        Celebrated = ("celebrated", 6, "Celebrated"),
    }
}

category! {
    /// Kind of a recorded statement.
    StatementKind {
        /// Calls on others to commit violence.
        CallToViolence = ("call_to_violence", 1, "Call to violence"),
        /// Claims an attack.
        ClaimOfResponsibility = ("claim_of_responsibility", 2, "Claim of responsibility"),
        /// Pledges allegiance to a group.
        PledgeOfAllegiance = ("pledge_of_allegiance", 3, "Pledge of allegiance"),
        /// Threatens violence.
        Threat = ("threat", 4, "Threat"),
        /// A statement by an official.
        OfficialStatement = ("official_statement", 5, "Official statement"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names_round_trip_through_serde_and_parse() {
        for t in AttackType::ALL {
            let json = serde_json::to_string(t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
            assert_eq!(AttackType::parse(t.as_str()), Some(*t));
        }
        for t in TargetType::ALL {
            let back: TargetType = serde_json::from_str(&format!("\"{}\"", t.as_str())).unwrap();
            assert_eq!(back, *t);
        }
        assert_eq!(WeaponType::parse("melee"), Some(WeaponType::Melee));
        assert_eq!(WeaponType::parse("knife"), None);
    }

    #[test]
    fn gtd_codes_match_the_codebook() {
        assert_eq!(AttackType::BombingExplosion.gtd_code(), 3);
        assert_eq!(AttackType::Unknown.gtd_code(), 9);
        assert_eq!(WeaponType::Vehicle.gtd_code(), 10);
        assert_eq!(TargetType::PrivateCitizensProperty.gtd_code(), 14);
        assert_eq!(TargetType::ViolentPoliticalParty.gtd_code(), 22);
    }
}
