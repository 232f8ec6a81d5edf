//! Words of reported speech: the verbs that report what someone said, and the
//! role words around a speaker's name that tell an official of a state or an
//! international body from the voice of an armed group and from anyone else.
//!
//! These are word lists and decisions over lowercase words; finding the words
//! around a name in a text is the extractor's work.

/// Verbs (and verb forms) that report words or a stated reaction: "said", "told",
/// "confirmed", "condemned". "according" is here for "according to".
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "adds",
    "adding",
    "confirmed",
    "confirms",
    "announced",
    "announces",
    "declared",
    "explained",
    "noted",
    "stressed",
    "insisted",
    "revealed",
    "disclosed",
    "warned",
    "warns",
    "vowed",
    "vows",
    "pledged",
    "promised",
    "condemned",
    "condemns",
    "denounced",
    "deplored",
    "decried",
    "lauded",
    "commended",
    "praised",
    "called",
    "urged",
    "described",
    "tweeted",
    "wrote",
    "writes",
    "posted",
    "reiterated",
    "expressed",
    "acknowledged",
    "admitted",
    "asserted",
    "affirmed",
    "estimated",
    "blamed",
    "accused",
    "briefed",
    "informed",
    "quoted",
    "according",
];

/// True for a lowercase word in [`SPEECH_VERBS`].
pub fn is_speech_verb(w: &str) -> bool {
    SPEECH_VERBS.contains(&w)
}

/// Verbs that report words placed after the speaker's name in an inverted frame:
/// "…, said police spokesman X", "added X", "according to X".
pub fn is_inverting_verb(w: &str) -> bool {
    matches!(
        w,
        "said" | "says" | "told" | "added" | "adds" | "wrote" | "stated" | "explained" | "noted"
    )
}

/// Which side a named speaker talks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An official of a state or an international body (ministers, spokesmen of a
    /// government or an army, police and military officers, governors, UN envoys).
    Official,
    /// A spokesman, leader, commander or member of an armed group.
    GroupVoice,
    /// Anyone else: witnesses, residents, relatives, analysts, reporters.
    Other,
}

/// Words that make someone an official when they describe them.
const OFFICIAL_WORDS: &[&str] = &[
    "president",
    "vice-president",
    "minister",
    "ministry",
    "secretary",
    "secretary-general",
    "chancellor",
    "premier",
    "governor",
    "gov",
    "mayor",
    "senator",
    "congressman",
    "congresswoman",
    "lawmaker",
    "legislator",
    "envoy",
    "ambassador",
    "diplomat",
    "consul",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officer",
    "police",
    "policeman",
    "army",
    "military",
    "navy",
    "commander",
    "commandant",
    "chief",
    "head",
    "general",
    "colonel",
    "major",
    "captain",
    "lieutenant",
    "sergeant",
    "brigadier",
    "inspector",
    "superintendent",
    "constable",
    "sheriff",
    "marshal",
    "detective",
    "agent",
    "prosecutor",
    "judge",
    "magistrate",
    "commissioner",
    "administrator",
    "director-general",
    "representative",
    "councillor",
    "councilor",
    "council",
    "chairman",
    "chairwoman",
    "leader",
    "king",
    "queen",
    "pope",
    "coroner",
    "examiner",
    "government",
    "administration",
    "authorities",
    "intelligence",
    "un",
    "nato",
    "dsp",
    "sp",
    "ssp",
    "igp",
];

/// Words that make the speaker the voice of an armed group.
const GROUP_WORDS: &[&str] = &[
    "militant",
    "militants",
    "insurgent",
    "insurgents",
    "rebel",
    "rebels",
    "jihadist",
    "jihadists",
    "islamist",
    "militia",
    "emir",
    "caliph",
    "terrorist",
    "guerrilla",
    "guerrillas",
    "warlord",
    "mujahideen",
    "group",
    "group's",
    "outfit",
    "faction",
];

/// Words that make the speaker neither an official nor a group's voice.
const OTHER_WORDS: &[&str] = &[
    "witness",
    "eyewitness",
    "resident",
    "residents",
    "relative",
    "neighbour",
    "neighbor",
    "survivor",
    "victim",
    "analyst",
    "expert",
    "researcher",
    "professor",
    "scholar",
    "journalist",
    "reporter",
    "correspondent",
    "editor",
    "author",
    "lawyer",
    "friend",
    "brother",
    "sister",
    "father",
    "mother",
    "son",
    "daughter",
    "wife",
    "husband",
    "uncle",
    "cousin",
    "owner",
    "shopkeeper",
    "student",
    "teacher",
    "worker",
    "employee",
    "doctor",
    "nurse",
    "activist",
    "candidate",
    "former",
    "suspect",
    "attacker",
    "gunman",
    "assailant",
    "priest",
    "imam",
    "rabbi",
    "pastor",
    "managing",
    "ceo",
    "company",
    "firm",
    "founder",
    "institute",
    "university",
    "team",
];

/// The role the lowercase words describing a speaker give them ("police chief",
/// ", spokesman for the provincial governor,", "the group's spokesman"), or `None`
/// when they say nothing of it. `names_group` is true when those words name an
/// armed group ("Taliban spokesman"). Words of others come first (a police
/// officer's brother is no official), then a group (a group's "official" speaks
/// for the group), then offices of a state.
pub fn role_of_words(words: &[&str], names_group: bool) -> Option<Role> {
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(OTHER_WORDS) {
        // "former minister": not in office; "suspect", "resident": not officials.
        return Some(Role::Other);
    }
    if names_group || has(GROUP_WORDS) {
        return Some(Role::GroupVoice);
    }
    // "attorney general" is an office; a lone "attorney" is someone's lawyer.
    if has(OFFICIAL_WORDS)
        || words
            .windows(2)
            .any(|p| p[0] == "attorney" && p[1] == "general")
    {
        return Some(Role::Official);
    }
    if words.contains(&"attorney") {
        return Some(Role::Other);
    }
    None
}

/// Lowercase words that may stand in a title or an apposition naming an office,
/// besides role words: "acting chief of the police operation", "Interior Ministry".
pub fn is_office_word(w: &str) -> bool {
    OFFICIAL_WORDS.contains(&w)
        || GROUP_WORDS.contains(&w)
        || OTHER_WORDS.contains(&w)
        || matches!(
            w,
            "of" | "for"
                | "the"
                | "a"
                | "an"
                | "its"
                | "his"
                | "her"
                | "their"
                | "in"
                | "on"
                | "at"
                | "and"
                | "to"
                | "acting"
                | "deputy"
                | "assistant"
                | "senior"
                | "top"
                | "regional"
                | "provincial"
                | "district"
                | "county"
                | "state"
                | "national"
                | "federal"
                | "local"
                | "area's"
                | "country's"
                | "city's"
                | "special"
                | "interior"
                | "home"
                | "foreign"
                | "defence"
                | "defense"
                | "security"
                | "justice"
                | "health"
                | "information"
                | "public"
                | "relations"
                | "affairs"
                | "prime"
                | "vice"
                | "operation"
                | "operations"
                | "service"
                | "services"
                | "department"
                | "office"
                | "force"
                | "forces"
                | "command"
                | "agency"
                | "unit"
                | "bureau"
                | "committee"
                | "commission"
                | "anti-terrorism"
                | "counter-terrorism"
                | "counterterrorism"
                | "medical"
                | "taskforce"
                | "task"
                | "man"
                | "woman"
                | "responsible"
                | "in-charge"
                | "charge"
                | "sub-divisional"
                | "divisional"
                | "media"
                | "wing"
                | "radical"
                | "armed"
                | "director"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(s: &str) -> Option<Role> {
        let w: Vec<&str> = s.split(' ').collect();
        role_of_words(&w, false)
    }

    #[test]
    fn offices_of_a_state_are_officials() {
        assert_eq!(
            role("spokesman for the provincial governor"),
            Some(Role::Official)
        );
        assert_eq!(role("police chief"), Some(Role::Official));
        assert_eq!(
            role("the chief official for the area"),
            Some(Role::Official)
        );
        assert_eq!(role("attorney general"), Some(Role::Official));
        assert_eq!(
            role("the un envoy to the middle east"),
            Some(Role::Official)
        );
    }

    #[test]
    fn a_groups_voice_is_no_official() {
        assert_eq!(
            role("the leader of the islamist group"),
            Some(Role::GroupVoice)
        );
        assert_eq!(role("rebel commander"), Some(Role::GroupVoice));
        // "Taliban spokesman": the group is named, the office word does not matter
        assert_eq!(role_of_words(&["spokesman"], true), Some(Role::GroupVoice));
    }

    #[test]
    fn witnesses_relatives_analysts_and_former_officials_are_others() {
        assert_eq!(role("a security analyst"), Some(Role::Other));
        assert_eq!(role("a police officer's brother"), Some(Role::Other));
        assert_eq!(role("former prime minister"), Some(Role::Other));
        assert_eq!(role("his attorney"), Some(Role::Other));
        assert_eq!(role("a resident"), Some(Role::Other));
    }

    #[test]
    fn words_that_say_nothing_give_no_role() {
        assert_eq!(role("the 42-year-old"), None);
        assert_eq!(role(""), None);
    }

    #[test]
    fn speech_verbs() {
        assert!(is_speech_verb("told"));
        assert!(is_speech_verb("condemned"));
        assert!(!is_speech_verb("killed"));
        assert!(is_inverting_verb("said"));
        assert!(!is_inverting_verb("condemned"));
    }
}
