//! The group gazetteer: canonical names of violent extremist organisations and
//! their aliases, found in text with Aho–Corasick.
//!
//! Aliases written in capitals (ISIS, ISIL, IS, PKK) match only as written, so
//! "is" the verb never becomes Islamic State; longer names match in any case.
//! The list is facts about the groups' names, not opinions about anyone.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use sitrep_core::Span;
use std::sync::OnceLock;

/// One group: canonical name, the wider organisation it belongs to, and aliases.
#[derive(Debug)]
pub struct GroupEntry {
    /// Canonical name used in records.
    pub name: &'static str,
    /// The parent organisation for a branch (ISIS-K → Islamic State).
    pub parent: Option<&'static str>,
    /// Ideological family, for analysts' filters.
    pub family: &'static str,
    /// Other names, case-insensitive unless written entirely in capitals.
    pub aliases: &'static [&'static str],
}

macro_rules! g {
    ($name:literal, $parent:expr, $family:literal, [$($a:literal),* $(,)?]) => {
        GroupEntry { name: $name, parent: $parent, family: $family, aliases: &[$($a),*] }
    };
}

/// Every group sitrep knows.
pub static GROUPS: &[GroupEntry] = &[
    g!(
        "Islamic State",
        None,
        "jihadist",
        [
            "ISIS",
            "ISIL",
            "IS",
            "Daesh",
            "Daish",
            "Da'esh",
            "Islamic State of Iraq and Syria",
            "Islamic State of Iraq and the Levant",
            "Islamic State of Iraq and al-Sham",
            "Islamic State group",
            "Islamic State of Iraq"
        ]
    ),
    g!(
        "Islamic State Khorasan Province",
        Some("Islamic State"),
        "jihadist",
        [
            "ISIS-K",
            "ISKP",
            "IS-K",
            "ISIS-Khorasan",
            "IS-Khorasan",
            "Islamic State Khorasan",
            "Islamic State-Khorasan",
            "Islamic State in Khorasan",
            "Islamic State Khorasan Province",
            "ISIL-K"
        ]
    ),
    g!(
        "Islamic State West Africa Province",
        Some("Islamic State"),
        "jihadist",
        [
            "ISWAP",
            "ISWA",
            "Islamic State West Africa",
            "Islamic State in West Africa"
        ]
    ),
    g!(
        "Islamic State in the Greater Sahara",
        Some("Islamic State"),
        "jihadist",
        [
            "ISGS",
            "Islamic State Sahel Province",
            "IS Sahel",
            "Islamic State in the Greater Sahara"
        ]
    ),
    g!(
        "Islamic State Central Africa Province",
        Some("Islamic State"),
        "jihadist",
        ["ISCAP", "Islamic State Central Africa"]
    ),
    g!(
        "Islamic State Sinai Province",
        Some("Islamic State"),
        "jihadist",
        [
            "Wilayat Sinai",
            "Sinai Province",
            "Ansar Bayt al-Maqdis",
            "Ansar Beit al-Maqdis"
        ]
    ),
    g!(
        "Islamic State East Asia",
        Some("Islamic State"),
        "jihadist",
        ["Islamic State East Asia", "Maute group", "Maute Group"]
    ),
    g!(
        "al-Qaeda",
        None,
        "jihadist",
        [
            "al-Qaeda",
            "al-Qaida",
            "al Qaeda",
            "al Qaida",
            "al-Qa'ida",
            "Al-Qaeda",
            "Al Qaeda",
            "AQ"
        ]
    ),
    g!(
        "al-Qaeda in the Arabian Peninsula",
        Some("al-Qaeda"),
        "jihadist",
        [
            "AQAP",
            "al-Qaeda in the Arabian Peninsula",
            "al-Qaida in the Arabian Peninsula",
            "Al Qaeda in the Arabian Peninsula"
        ]
    ),
    g!(
        "al-Qaeda in the Islamic Maghreb",
        Some("al-Qaeda"),
        "jihadist",
        [
            "AQIM",
            "al-Qaeda in the Islamic Maghreb",
            "al-Qaida in the Islamic Maghreb"
        ]
    ),
    g!(
        "al-Qaeda in the Indian Subcontinent",
        Some("al-Qaeda"),
        "jihadist",
        ["AQIS", "al-Qaeda in the Indian Subcontinent"]
    ),
    g!(
        "Jama'at Nusrat al-Islam wal-Muslimin",
        Some("al-Qaeda"),
        "jihadist",
        [
            "JNIM",
            "Jama'at Nusrat al-Islam wal-Muslimin",
            "Jamaat Nusrat al-Islam wal-Muslimin",
            "Group for the Support of Islam and Muslims"
        ]
    ),
    g!(
        "al-Shabaab",
        Some("al-Qaeda"),
        "jihadist",
        [
            "al-Shabaab",
            "al-Shabab",
            "al Shabaab",
            "al Shabab",
            "Al-Shabaab",
            "Al-Shabab",
            "Shabaab",
            "Harakat al-Shabaab al-Mujahideen"
        ]
    ),
    g!(
        "Boko Haram",
        None,
        "jihadist",
        [
            "Boko Haram",
            "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad",
            "JAS"
        ]
    ),
    g!("Ansaru", Some("al-Qaeda"), "jihadist", ["Ansaru"]),
    g!(
        "Hayat Tahrir al-Sham",
        None,
        "jihadist",
        ["Hayat Tahrir al-Sham", "Hay'at Tahrir al-Sham", "HTS"]
    ),
    // GTD keeps al-Nusra Front (2012-2016, then Jabhat Fateh al-Sham) apart from the
    // alliance that absorbed it in 2017
    g!(
        "al-Nusra Front",
        Some("al-Qaeda"),
        "jihadist",
        [
            "al-Nusra Front",
            "Nusra Front",
            "Jabhat al-Nusra",
            "Jabhat Fateh al-Sham"
        ]
    ),
    g!(
        "Hurras al-Din",
        Some("al-Qaeda"),
        "jihadist",
        ["Hurras al-Din", "Hurras al-Deen"]
    ),
    g!(
        "Taliban",
        None,
        "jihadist",
        [
            "Taliban",
            "Afghan Taliban",
            "Islamic Emirate of Afghanistan"
        ]
    ),
    g!(
        "Tehrik-i-Taliban Pakistan",
        None,
        "jihadist",
        [
            "TTP",
            "Tehrik-i-Taliban Pakistan",
            "Tehreek-e-Taliban Pakistan",
            "Tehrik-e-Taliban Pakistan",
            "Pakistani Taliban",
            "Pakistan Taliban"
        ]
    ),
    g!(
        "Haqqani Network",
        None,
        "jihadist",
        ["Haqqani Network", "Haqqani network"]
    ),
    g!(
        "Lashkar-e-Taiba",
        None,
        "jihadist",
        [
            "Lashkar-e-Taiba",
            "Lashkar-e-Tayyiba",
            "Lashkar-e-Toiba",
            "LeT"
        ]
    ),
    g!(
        "Jaish-e-Mohammed",
        None,
        "jihadist",
        [
            "Jaish-e-Mohammed",
            "Jaish-e-Muhammad",
            "Jaish-e-Mohammad",
            "JeM"
        ]
    ),
    g!(
        "Hizbul Mujahideen",
        None,
        "separatist",
        ["Hizbul Mujahideen", "Hizb-ul-Mujahideen"]
    ),
    g!(
        "Jemaah Islamiyah",
        None,
        "jihadist",
        ["Jemaah Islamiyah", "Jemaah Islamiah"]
    ),
    g!(
        "Abu Sayyaf Group",
        Some("Islamic State"),
        "jihadist",
        ["Abu Sayyaf", "Abu Sayyaf Group", "ASG"]
    ),
    g!(
        "Allied Democratic Forces",
        Some("Islamic State"),
        "jihadist",
        ["Allied Democratic Forces", "ADF"]
    ),
    g!(
        "Ansar al-Sharia",
        None,
        "jihadist",
        ["Ansar al-Sharia", "Ansar al-Shariah"]
    ),
    g!(
        "Ansar Dine",
        None,
        "jihadist",
        ["Ansar Dine", "Ansar al-Din"]
    ),
    g!(
        "Islamic Movement of Uzbekistan",
        None,
        "jihadist",
        ["Islamic Movement of Uzbekistan", "IMU"]
    ),
    g!("Caucasus Emirate", None, "jihadist", ["Caucasus Emirate"]),
    g!(
        "Jamaah Ansharut Daulah",
        Some("Islamic State"),
        "jihadist",
        ["Jamaah Ansharut Daulah", "Jemaah Anshorut Daulah", "JAD"]
    ),
    g!(
        "Liberation Tigers of Tamil Eelam",
        None,
        "ethnonationalist",
        [
            "Liberation Tigers of Tamil Eelam",
            "LTTE",
            "Tamil Tigers",
            "Tamil Tiger"
        ]
    ),
    g!(
        "Armed Forces of National Liberation",
        None,
        "ethnonationalist",
        ["Armed Forces of National Liberation", "FALN"]
    ),
    g!(
        "Corsican National Liberation Front",
        None,
        "ethnonationalist",
        ["Corsican National Liberation Front", "FLNC", "FNLC"]
    ),
    g!(
        "Hamas",
        None,
        "islamist_nationalist",
        [
            "Hamas",
            "HAMAS",
            "Izz ad-Din al-Qassam Brigades",
            "Izz al-Din al-Qassam Brigades",
            "Qassam Brigades",
            "al-Qassam Brigades"
        ]
    ),
    g!(
        "Palestinian Islamic Jihad",
        None,
        "islamist_nationalist",
        [
            "Palestinian Islamic Jihad",
            "Islamic Jihad",
            "PIJ",
            "al-Quds Brigades",
            "Al-Quds Brigades"
        ]
    ),
    g!(
        "Al-Aqsa Martyrs Brigades",
        None,
        "nationalist",
        [
            "Al-Aqsa Martyrs Brigades",
            "al-Aqsa Martyrs' Brigades",
            "Al-Aqsa Martyrs' Brigade"
        ]
    ),
    g!(
        "Hezbollah",
        None,
        "islamist",
        ["Hezbollah", "Hizbollah", "Hizballah", "Hizbullah"]
    ),
    g!(
        "Houthis",
        None,
        "islamist",
        ["Houthis", "Houthi", "Ansar Allah", "Ansarullah"]
    ),
    g!(
        "Kurdistan Workers' Party",
        None,
        "separatist",
        [
            "PKK",
            "Kurdistan Workers' Party",
            "Kurdistan Workers Party",
            "Kurdistan Workers’ Party"
        ]
    ),
    g!(
        "Kurdistan Freedom Falcons",
        Some("Kurdistan Workers' Party"),
        "separatist",
        [
            "TAK",
            "Kurdistan Freedom Falcons",
            "Kurdistan Freedom Hawks"
        ]
    ),
    g!(
        "DHKP/C",
        None,
        "far_left",
        [
            "DHKP-C",
            "DHKP/C",
            "Revolutionary People's Liberation Party-Front"
        ]
    ),
    g!(
        "Baloch Liberation Army",
        None,
        "separatist",
        [
            "Baloch Liberation Army",
            "Balochistan Liberation Army",
            "BLA"
        ]
    ),
    g!(
        "Baloch Liberation Front",
        None,
        "separatist",
        ["Baloch Liberation Front", "BLF"]
    ),
    g!(
        "Communist Party of India (Maoist)",
        None,
        "far_left",
        [
            "Communist Party of India (Maoist)",
            "CPI-Maoist",
            "CPI (Maoist)",
            "Maoists",
            "Naxalites",
            "Naxals"
        ]
    ),
    g!(
        "New People's Army",
        None,
        "far_left",
        ["New People's Army", "NPA"]
    ),
    g!(
        "Moro Islamic Liberation Front",
        None,
        "separatist",
        ["Moro Islamic Liberation Front"]
    ),
    g!(
        "Bangsamoro Islamic Freedom Fighters",
        Some("Islamic State"),
        "jihadist",
        ["Bangsamoro Islamic Freedom Fighters", "BIFF"]
    ),
    g!(
        "United Liberation Front of Asom",
        None,
        "separatist",
        [
            "United Liberation Front of Asom",
            "United Liberation Front of Assam",
            "ULFA"
        ]
    ),
    g!(
        "Lord's Resistance Army",
        None,
        "other",
        ["Lord's Resistance Army", "LRA"]
    ),
    g!("Aum Shinrikyo", None, "other", ["Aum Shinrikyo", "Aleph"]),
    g!(
        "ETA",
        None,
        "separatist",
        [
            "ETA",
            "Euskadi Ta Askatasuna",
            "Basque Fatherland and Liberty"
        ]
    ),
    g!(
        "Irish Republican Army",
        None,
        "separatist",
        [
            "IRA",
            "Irish Republican Army",
            "Provisional IRA",
            "Provisional Irish Republican Army"
        ]
    ),
    g!(
        "New IRA",
        None,
        "separatist",
        ["New IRA", "Real IRA", "Real Irish Republican Army"]
    ),
    // A split of 1986, apart from the New IRA (GTD codes it as a group of its own).
    g!(
        "Continuity Irish Republican Army",
        None,
        "separatist",
        ["Continuity IRA", "Continuity Irish Republican Army"]
    ),
    g!(
        "Ulster Volunteer Force",
        None,
        "separatist",
        ["Ulster Volunteer Force", "UVF"]
    ),
    g!(
        "Revolutionary Armed Forces of Colombia",
        None,
        "far_left",
        ["FARC", "Revolutionary Armed Forces of Colombia", "FARC-EP"]
    ),
    g!(
        "National Liberation Army (Colombia)",
        None,
        "far_left",
        ["ELN", "National Liberation Army"]
    ),
    g!(
        "Shining Path",
        None,
        "far_left",
        ["Shining Path", "Sendero Luminoso", "SL"]
    ),
    g!(
        "Tupac Amaru Revolutionary Movement",
        None,
        "far_left",
        ["Tupac Amaru Revolutionary Movement", "MRTA", "Tupac Amaru"]
    ),
    g!(
        "Farabundo Marti National Liberation Front",
        None,
        "far_left",
        [
            "FMLN",
            "Farabundo Marti National Liberation Front",
            "Farabundo Marti Front for National Liberation",
            "Farabundo Marti Liberation Front"
        ]
    ),
    g!(
        "Manuel Rodriguez Patriotic Front",
        None,
        "far_left",
        ["Manuel Rodriguez Patriotic Front", "FPMR"]
    ),
    g!(
        "Medellin Cartel",
        None,
        "criminal",
        [
            "Medellin Cartel",
            "Medellin cartel",
            "Extraditables",
            "the Extraditables"
        ]
    ),
    g!("M-19", None, "far_left", ["M-19", "April 19 Movement"]),
    g!(
        "Red Army Faction",
        None,
        "far_left",
        ["Red Army Faction", "RAF", "Baader-Meinhof"]
    ),
    g!(
        "Red Brigades",
        None,
        "far_left",
        ["Red Brigades", "Brigate Rosse"]
    ),
    g!(
        "Revolutionary Struggle",
        None,
        "far_left",
        ["Revolutionary Struggle"]
    ),
    g!(
        "Conspiracy of Fire Nuclei",
        None,
        "anarchist",
        ["Conspiracy of Fire Nuclei", "Conspiracy of Cells of Fire"]
    ),
    g!(
        "Informal Anarchist Federation",
        None,
        "anarchist",
        ["Informal Anarchist Federation", "FAI/FRI"]
    ),
    g!(
        "Atomwaffen Division",
        None,
        "far_right",
        [
            "Atomwaffen Division",
            "Atomwaffen",
            "National Socialist Order"
        ]
    ),
    g!("The Base", None, "far_right", ["The Base"]),
    g!("National Action", None, "far_right", ["National Action"]),
    g!(
        "Nordic Resistance Movement",
        None,
        "far_right",
        ["Nordic Resistance Movement"]
    ),
    g!(
        "Sonnenkrieg Division",
        None,
        "far_right",
        ["Sonnenkrieg Division"]
    ),
    g!(
        "Feuerkrieg Division",
        None,
        "far_right",
        ["Feuerkrieg Division"]
    ),
    g!("Combat 18", None, "far_right", ["Combat 18", "C18"]),
    g!(
        "Order of Nine Angles",
        None,
        "far_right",
        ["Order of Nine Angles", "O9A"]
    ),
    g!("Ku Klux Klan", None, "far_right", ["Ku Klux Klan", "KKK"]),
    g!("Proud Boys", None, "far_right", ["Proud Boys"]),
    g!("Oath Keepers", None, "far_right", ["Oath Keepers"]),
    g!("Patriot Front", None, "far_right", ["Patriot Front"]),
    g!(
        "National Socialist Underground",
        None,
        "far_right",
        ["National Socialist Underground", "NSU"]
    ),
    g!("Azov Battalion", None, "far_right", ["Azov Battalion"]),
];

/// A group named in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupMention {
    /// The words.
    pub span: Span,
    /// Index into [`GROUPS`].
    pub group: usize,
}

impl GroupMention {
    /// The group's gazetteer entry; a group the gazetteer does not list (an index past
    /// [`GROUPS`], given by a later stage) gets an entry with no name of its own, no
    /// parent and family "unknown".
    pub fn entry(&self) -> &'static GroupEntry {
        static UNLISTED: GroupEntry = GroupEntry {
            name: "(unnamed group)",
            parent: None,
            family: "unknown",
            aliases: &[],
        };
        GROUPS.get(self.group).unwrap_or(&UNLISTED)
    }
}

struct Matchers {
    exact: AhoCorasick,
    exact_ids: Vec<usize>,
    folded: AhoCorasick,
    folded_ids: Vec<usize>,
    folded_patterns: Vec<String>,
}

/// True when every capital letter of the pattern is a capital in the matched text too,
/// so "the base" never matches the group "The Base" while "AL-SHABAAB" matches "al-Shabaab".
fn case_compatible(pattern: &str, matched: &str) -> bool {
    pattern.len() == matched.len()
        && pattern
            .bytes()
            .zip(matched.bytes())
            .all(|(p, m)| !p.is_ascii_uppercase() || m.is_ascii_uppercase())
}

fn is_acronym(alias: &str) -> bool {
    alias
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
}

fn matchers() -> &'static Matchers {
    static M: OnceLock<Matchers> = OnceLock::new();
    M.get_or_init(|| {
        let mut exact = Vec::new();
        let mut exact_ids = Vec::new();
        let mut folded = Vec::new();
        let mut folded_ids = Vec::new();
        for (i, g) in GROUPS.iter().enumerate() {
            for a in g.aliases.iter().copied().chain(std::iter::once(g.name)) {
                if is_acronym(a) {
                    exact.push(a.to_string());
                    exact_ids.push(i);
                } else {
                    folded.push(normalize_quotes(a));
                    folded_ids.push(i);
                }
            }
        }
        let build = |pats: &[String], ci: bool| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(ci)
                .build(pats)
                .expect("static group patterns are valid")
        };
        Matchers {
            exact: build(&exact, false),
            exact_ids,
            folded: build(&folded, true),
            folded_ids,
            folded_patterns: folded,
        }
    })
}

/// Curly apostrophes written straight, byte length preserved only for ASCII;
/// used for patterns, never for the text itself.
fn normalize_quotes(s: &str) -> String {
    s.replace(['’', '‘'], "'")
}

fn word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let ok = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    // "ISIS-K" must not match inside as "ISIS" followed by "-K": a hyphen followed by a
    // capital continues the name.
    let hyphen_continues = text[end..].starts_with('-')
        && text[end + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric());
    (ok(before) || crate::text::glued_break(text, start))
        && (ok(after) || crate::text::glued_break(text, end))
        && !hyphen_continues
}

/// Finds group names. With `case_insensitive` (all-lowercase corpora such as
/// MUC-4), acronyms match in any case too.
pub fn find_groups(text: &str, case_insensitive: bool) -> Vec<GroupMention> {
    let m = matchers();
    // Curly apostrophes in the text are 3 bytes and patterns use "'": search a straight copy
    // and map its offsets back to the original text.
    let mut out: Vec<GroupMention> = Vec::new();
    let mut push = |start: usize, end: usize, id: usize| {
        if word_boundary(text, start, end)
            && !out.iter().any(|g| g.span.overlaps(Span::new(start, end)))
        {
            out.push(GroupMention {
                span: Span::new(start, end),
                group: id,
            });
        }
    };
    let straight: String = text.replace(['’', '‘'], "'");
    let same_len = straight.len() == text.len();
    let map = if same_len {
        Vec::new()
    } else {
        crate::offsets::straight_quote_map(text)
    };
    for mat in m.folded.find_iter(&straight) {
        let pat = mat.pattern().as_usize();
        if !case_insensitive
            && !case_compatible(&m.folded_patterns[pat], &straight[mat.start()..mat.end()])
        {
            continue;
        }
        let (s, e) = if same_len {
            (mat.start(), mat.end())
        } else {
            match (map.get(mat.start()), map.get(mat.end())) {
                (Some(&s), Some(&e)) => (s, e),
                _ => continue,
            }
        };
        push(s, e, m.folded_ids[pat]);
    }
    if case_insensitive {
        let upper = text.to_ascii_uppercase();
        for mat in m.exact.find_iter(&upper) {
            let alias = &upper[mat.start()..mat.end()];
            // Two-letter acronyms are too ambiguous without case.
            if alias.len() > 2 {
                push(
                    mat.start(),
                    mat.end(),
                    m.exact_ids[mat.pattern().as_usize()],
                );
            }
        }
    } else {
        for mat in m.exact.find_iter(text) {
            let (s, e) = (mat.start(), mat.end());
            let alias = &text[s..e];
            if alias == "IS" && !plausible_is(text, s, e) {
                continue;
            }
            push(s, e, m.exact_ids[mat.pattern().as_usize()]);
        }
    }
    out.sort_by_key(|g| g.span.start);
    out
}

/// "IS" is Islamic State only in running text that is not written in capitals
/// ("allegiance to IS", "(IS)"), never in an all-caps headline.
fn plausible_is(text: &str, s: usize, e: usize) -> bool {
    let window_start = text[..s].char_indices().rev().nth(30).map_or(0, |(i, _)| i);
    let window_end = text[e..]
        .char_indices()
        .nth(30)
        .map_or(text.len(), |(i, _)| e + i);
    let window = &text[window_start..window_end];
    let letters = window.chars().filter(|c| c.is_alphabetic()).count();
    let lower = window.chars().filter(|c| c.is_lowercase()).count();
    letters > 0 && lower * 2 > letters
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(&str, &'static str)> {
        find_groups(text, false)
            .into_iter()
            .map(|g| (&text[g.span.start..g.span.end], g.entry().name))
            .collect()
    }

    #[test]
    fn aliases_map_to_canonical_names() {
        assert_eq!(
            names("The Islamic State (ISIS), also called Daesh or ISIL, and IS."),
            vec![
                ("Islamic State", "Islamic State"),
                ("ISIS", "Islamic State"),
                ("Daesh", "Islamic State"),
                ("ISIL", "Islamic State"),
                ("IS", "Islamic State")
            ]
        );
    }

    #[test]
    fn provinces_are_not_their_parent() {
        assert_eq!(
            names("threat posed by ISIS-K and ISIS-Khorasan"),
            vec![
                ("ISIS-K", "Islamic State Khorasan Province"),
                ("ISIS-Khorasan", "Islamic State Khorasan Province")
            ]
        );
    }

    #[test]
    fn the_verb_is_is_not_a_group() {
        assert!(names("This is what it is.").is_empty());
        assert!(names("THIS IS A HEADLINE ABOUT IT").is_empty());
        assert_eq!(
            names("He swore allegiance to IS, police said")[0].1,
            "Islamic State"
        );
    }

    #[test]
    fn curly_apostrophes_and_case() {
        assert_eq!(
            names("members of the Kurdistan Workers’ Party"),
            vec![("Kurdistan Workers’ Party", "Kurdistan Workers' Party")]
        );
        assert_eq!(names("AL-SHABAAB fighters")[0].1, "al-Shabaab");
        assert!(names("troops returned to the base").is_empty());
        assert_eq!(names("members of The Base")[0].1, "The Base");
    }

    #[test]
    fn lowercase_corpus_mode() {
        let g = find_groups("the fmln urban commandos", true);
        assert_eq!(g.len(), 1);
        assert_eq!(
            g[0].entry().name,
            "Farabundo Marti National Liberation Front"
        );
    }
}
