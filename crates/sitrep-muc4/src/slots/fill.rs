//! The 24-slot template format of MUC-4: slots, fill kinds, and the reader of answer keys
//! and response files.
//!
//! A file is a run of templates; a template starts at its `0.  MESSAGE: ID` line and runs
//! to the next blank line. Each slot line is `N.  LABEL  value`; further fillers of the
//! slot follow on indented lines of their own. Lines starting with `;` are comments.
//! A value is `-` (no fill), `*` (slot inapplicable; in `1. MESSAGE: TEMPLATE`, an
//! irrelevant message), or fillers: a quoted string, a set-fill word, a number, a date or
//! a location, optionally with a cross-reference to a string of another slot after a
//! colon (`CIVILIAN: "JESUITS"`). Keys may give alternatives separated by ` / ` (on
//! either side of the colon; dates and locations in parentheses), a `?` before a filler
//! that may be left out, and `(OPTIONAL)` after the template number.

use crate::error::Muc4Error;
use std::path::Path;

/// How a slot is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotKind {
    /// Slot 0, the message id (not scored).
    MessageId,
    /// Slot 1, the template number (scored as the template-id row).
    TemplateId,
    /// Slot 2: `DD MMM YY`, `- DD MMM YY`, `DD MMM YY - DD MMM YY`.
    Date,
    /// Slot 3: `COUNTRY: PLACE (TYPE): …`, places possibly a range `A (T) - B (T)`.
    Location,
    /// A word or phrase from the slot's set list (with its hierarchy).
    Set,
    /// A quoted string from the text.
    Str,
    /// A number, `PLURAL`, a range `5 - 7` or an approximation `~7`.
    Number,
}

macro_rules! slots {
    ($( $v:ident = $n:literal, $name:literal, $label:literal, $kind:ident; )*) => {
        /// The 25 numbered slots of a MUC-4 template (0 and 1 identify the template).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Slot {
            $(
                #[doc = $label]
                $v = $n,
            )*
        }

        /// All slots, in order.
        pub const SLOTS: [Slot; 25] = [$(Slot::$v,)*];

        impl Slot {
            /// The slot's name in the scorer's configuration and report (`inc-date` …).
            pub fn name(self) -> &'static str {
                match self { $(Slot::$v => $name,)* }
            }
            /// The slot's label in templates (`INCIDENT: DATE` …).
            pub fn label(self) -> &'static str {
                match self { $(Slot::$v => $label,)* }
            }
            /// How the slot is filled.
            pub fn kind(self) -> SlotKind {
                match self { $(Slot::$v => SlotKind::$kind,)* }
            }
        }
    };
}

slots! {
    MessageId = 0, "message-id", "MESSAGE: ID", MessageId;
    TemplateId = 1, "template-id", "MESSAGE: TEMPLATE", TemplateId;
    IncDate = 2, "inc-date", "INCIDENT: DATE", Date;
    IncLoc = 3, "inc-loc", "INCIDENT: LOCATION", Location;
    IncType = 4, "inc-type", "INCIDENT: TYPE", Set;
    IncStage = 5, "inc-stage", "INCIDENT: STAGE OF EXECUTION", Set;
    IncInstrId = 6, "inc-instr-id", "INCIDENT: INSTRUMENT ID", Str;
    IncInstrType = 7, "inc-instr-type", "INCIDENT: INSTRUMENT TYPE", Set;
    PerpIncCat = 8, "perp-inc-cat", "PERP: INCIDENT CATEGORY", Set;
    PerpIndId = 9, "perp-ind-id", "PERP: INDIVIDUAL ID", Str;
    PerpOrgId = 10, "perp-org-id", "PERP: ORGANIZATION ID", Str;
    PerpOrgConf = 11, "perp-org-conf", "PERP: ORGANIZATION CONFIDENCE", Set;
    PhysTgtId = 12, "phys-tgt-id", "PHYS TGT: ID", Str;
    PhysTgtType = 13, "phys-tgt-type", "PHYS TGT: TYPE", Set;
    PhysTgtNum = 14, "phys-tgt-num", "PHYS TGT: NUMBER", Number;
    PhysTgtNation = 15, "phys-tgt-nation", "PHYS TGT: FOREIGN NATION", Set;
    PhysTgtEffect = 16, "phys-tgt-effect", "PHYS TGT: EFFECT OF INCIDENT", Set;
    PhysTgtTotalNum = 17, "phys-tgt-total-num", "PHYS TGT: TOTAL NUMBER", Number;
    HumTgtName = 18, "hum-tgt-name", "HUM TGT: NAME", Str;
    HumTgtDesc = 19, "hum-tgt-desc", "HUM TGT: DESCRIPTION", Str;
    HumTgtType = 20, "hum-tgt-type", "HUM TGT: TYPE", Set;
    HumTgtNum = 21, "hum-tgt-num", "HUM TGT: NUMBER", Number;
    HumTgtNation = 22, "hum-tgt-nation", "HUM TGT: FOREIGN NATION", Set;
    HumTgtEffect = 23, "hum-tgt-effect", "HUM TGT: EFFECT OF INCIDENT", Set;
    HumTgtTotalNum = 24, "hum-tgt-total-num", "HUM TGT: TOTAL NUMBER", Number;
}

/// The slots the report scores (2–24; the template-id row is kept apart).
pub const SCORED_SLOTS: [Slot; 23] = [
    Slot::IncDate,
    Slot::IncLoc,
    Slot::IncType,
    Slot::IncStage,
    Slot::IncInstrId,
    Slot::IncInstrType,
    Slot::PerpIncCat,
    Slot::PerpIndId,
    Slot::PerpOrgId,
    Slot::PerpOrgConf,
    Slot::PhysTgtId,
    Slot::PhysTgtType,
    Slot::PhysTgtNum,
    Slot::PhysTgtNation,
    Slot::PhysTgtEffect,
    Slot::PhysTgtTotalNum,
    Slot::HumTgtName,
    Slot::HumTgtDesc,
    Slot::HumTgtType,
    Slot::HumTgtNum,
    Slot::HumTgtNation,
    Slot::HumTgtEffect,
    Slot::HumTgtTotalNum,
];

impl Slot {
    /// The slot numbered `n` (0–24).
    pub fn from_number(n: usize) -> Option<Slot> {
        SLOTS.get(n).copied()
    }

    /// The slot called `name` in the scorer's report (`inc-date` …).
    pub fn from_name(name: &str) -> Option<Slot> {
        SLOTS.iter().copied().find(|s| s.name() == name)
    }

    /// The string slots whose fillers this slot's cross-reference tags point to.
    pub fn xref_targets(self) -> &'static [Slot] {
        match self {
            Slot::IncInstrType => &[Slot::IncInstrId],
            Slot::PerpOrgId => &[Slot::PerpIndId],
            Slot::PerpOrgConf => &[Slot::PerpOrgId],
            Slot::PhysTgtType | Slot::PhysTgtNum | Slot::PhysTgtNation | Slot::PhysTgtEffect => {
                &[Slot::PhysTgtId]
            }
            Slot::HumTgtDesc => &[Slot::HumTgtName],
            Slot::HumTgtType | Slot::HumTgtNum | Slot::HumTgtNation | Slot::HumTgtEffect => {
                &[Slot::HumTgtName, Slot::HumTgtDesc]
            }
            _ => &[],
        }
    }

    /// True for set-fill slots (the report's SET FILLS ONLY row).
    pub fn is_set_fill(self) -> bool {
        self.kind() == SlotKind::Set
    }

    /// True for string-fill slots (the report's STRING FILLS ONLY row).
    pub fn is_string_fill(self) -> bool {
        self.kind() == SlotKind::Str
    }
}

/// One filler of a slot: in a key, the alternatives that are all correct; in a response,
/// exactly one value. Values are kept in a canonical form (upper case, runs of blanks as
/// one space, strings without their quotes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Filler {
    /// `?` in a key: leaving this filler out is not an error.
    pub optional: bool,
    /// The value, or the alternative values (key).
    pub heads: Vec<String>,
    /// The cross-reference tag's strings (alternatives in a key); empty when there is none.
    /// A tag written `"-"` (an unnamed instrument) is `-`.
    pub refs: Vec<String>,
}

impl Filler {
    /// The filler as one line of a response file, in the slot's format.
    pub fn render(&self, kind: SlotKind) -> String {
        let head = self
            .heads
            .iter()
            .map(|h| {
                if kind == SlotKind::Str {
                    format!("\"{h}\"")
                } else {
                    h.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" / ");
        let refs = self
            .refs
            .iter()
            .map(|r| format!("\"{r}\""))
            .collect::<Vec<_>>()
            .join(" / ");
        let q = if self.optional { "? " } else { "" };
        if refs.is_empty() {
            format!("{q}{head}")
        } else {
            format!("{q}{head}: {refs}")
        }
    }
}

/// What a template says in one slot.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SlotFill {
    /// `-`: nothing.
    #[default]
    Empty,
    /// `*`: the slot does not apply to this incident type.
    Inapplicable,
    /// One or more fillers.
    Fillers(Vec<Filler>),
}

impl SlotFill {
    /// The fillers (none for `-` and `*`).
    pub fn fillers(&self) -> &[Filler] {
        match self {
            SlotFill::Fillers(f) => f,
            _ => &[],
        }
    }
}

/// One template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The template number as written (`1`, `2` …).
    pub id: String,
    /// `(OPTIONAL)` after the number (keys only).
    pub optional: bool,
    /// Slots 0–24, indexed by [`Slot`] number (0 and 1 are kept empty).
    pub slots: Vec<SlotFill>,
}

impl Template {
    /// A template with every slot empty.
    pub fn new(id: impl Into<String>) -> Template {
        Template {
            id: id.into(),
            optional: false,
            slots: vec![SlotFill::Empty; SLOTS.len()],
        }
    }

    /// The slot's fill.
    pub fn get(&self, slot: Slot) -> &SlotFill {
        &self.slots[slot as usize]
    }

    /// Sets the slot's fill.
    pub fn set(&mut self, slot: Slot, fill: SlotFill) {
        self.slots[slot as usize] = fill;
    }

    /// The template in the response-file format (one filler per line, padded columns).
    pub fn render(&self, message_id: &str) -> String {
        let mut out = String::new();
        for slot in SLOTS {
            let label = format!("{}.  {}", slot as usize, slot.label());
            let label = if (slot as usize) >= 10 {
                label.replacen(".  ", ". ", 1)
            } else {
                label
            };
            let values: Vec<String> = match slot {
                Slot::MessageId => vec![message_id.to_string()],
                Slot::TemplateId => vec![if self.optional {
                    format!("{} (OPTIONAL)", self.id)
                } else {
                    self.id.clone()
                }],
                _ => match self.get(slot) {
                    SlotFill::Empty => vec!["-".to_string()],
                    SlotFill::Inapplicable => vec!["*".to_string()],
                    SlotFill::Fillers(f) => f.iter().map(|f| f.render(slot.kind())).collect(),
                },
            };
            for (i, v) in values.iter().enumerate() {
                if i == 0 {
                    out.push_str(&format!("{label:<35}{v}\n"));
                } else {
                    out.push_str(&format!("{:<35}{v}\n", ""));
                }
            }
        }
        out
    }
}

/// One message: its id and its templates (none for an irrelevant message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// `TST3-MUC4-0001` …
    pub id: String,
    /// The templates, in file order.
    pub templates: Vec<Template>,
}

/// Reads a key or response file.
pub fn read_templates(path: &Path) -> Result<Vec<Message>, Muc4Error> {
    let bytes = std::fs::read(path).map_err(|source| Muc4Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_templates(&String::from_utf8_lossy(&bytes))
}

/// Parses a key or response file into messages, in order of first appearance (templates
/// of one message that are not adjacent in the file are gathered). A template whose
/// number is `*` marks an irrelevant message and is not kept.
pub fn parse_templates(text: &str) -> Result<Vec<Message>, Muc4Error> {
    let mut messages: Vec<Message> = Vec::new();
    let mut cur: Option<(String, Template, bool)> = None; // (message id, template, irrelevant)
    let mut slot: Option<Slot> = None;
    let mut after_blank = false;
    let flush = |cur: &mut Option<(String, Template, bool)>, messages: &mut Vec<Message>| {
        if let Some((id, t, irrelevant)) = cur.take() {
            let pos = match messages.iter().position(|m| m.id == id) {
                Some(p) => p,
                None => {
                    messages.push(Message {
                        id: id.clone(),
                        templates: Vec::new(),
                    });
                    messages.len() - 1
                }
            };
            if !irrelevant {
                messages[pos].templates.push(t);
            }
        }
    };
    for (lineno, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with(';') {
            continue;
        }
        if trimmed.is_empty() {
            after_blank = true;
            continue;
        }
        if let Some((s, value)) = slot_line(trimmed) {
            if s == Slot::MessageId {
                flush(&mut cur, &mut messages);
                let id = value.split_whitespace().next().unwrap_or("").to_string();
                if id.is_empty() {
                    return Err(Muc4Error::Invalid(format!(
                        "line {}: a template without a message id",
                        lineno + 1
                    )));
                }
                cur = Some((id, Template::new(""), false));
                slot = Some(s);
                after_blank = false;
                continue;
            }
            let Some((_, t, irrelevant)) = cur.as_mut() else {
                // A slot line before any message id: nothing to attach it to.
                continue;
            };
            after_blank = false;
            slot = Some(s);
            if s == Slot::TemplateId {
                let v = value.trim();
                if v.starts_with('*') {
                    *irrelevant = true;
                }
                t.optional = v.to_ascii_uppercase().contains("OPTIONAL");
                t.id = v.split_whitespace().next().unwrap_or("").to_string();
                continue;
            }
            let fill = std::mem::take(&mut t.slots[s as usize]);
            t.slots[s as usize] = add_value(fill, s, value);
            continue;
        }
        // A continuation line: one more filler of the current slot.
        if after_blank {
            continue;
        }
        if let (Some((_, t, _)), Some(s)) = (cur.as_mut(), slot) {
            if s == Slot::MessageId || s == Slot::TemplateId {
                continue;
            }
            let fill = std::mem::take(&mut t.slots[s as usize]);
            t.slots[s as usize] = add_value(fill, s, trimmed);
        }
    }
    flush(&mut cur, &mut messages);
    Ok(messages)
}

/// `N.  LABEL  value` → (slot, value).
fn slot_line(line: &str) -> Option<(Slot, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || line.as_bytes().get(digits) != Some(&b'.') {
        return None;
    }
    let n: usize = line[..digits].parse().ok()?;
    let slot = Slot::from_number(n)?;
    let rest = line[digits + 1..].trim_start();
    let after = strip_label(rest, slot.label())?;
    Some((slot, after))
}

/// Strips `label` from the start of `s`, letting runs of blanks stand for one space.
fn strip_label<'a>(s: &'a str, label: &str) -> Option<&'a str> {
    let mut rest = s;
    for (i, word) in label.split(' ').enumerate() {
        if i > 0 {
            let t = rest.trim_start();
            if t.len() == rest.len() {
                return None;
            }
            rest = t;
        }
        rest = rest.strip_prefix(word)?;
    }
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        Some(rest)
    } else {
        None
    }
}

/// Adds one filler line's value to a slot.
fn add_value(fill: SlotFill, slot: Slot, value: &str) -> SlotFill {
    let v = value.trim();
    if v.is_empty() {
        return fill;
    }
    if v == "-" || v == "*" {
        return match fill {
            SlotFill::Fillers(f) => SlotFill::Fillers(f),
            _ if v == "*" => SlotFill::Inapplicable,
            _ => SlotFill::Empty,
        };
    }
    let Some(filler) = parse_filler(slot.kind(), v) else {
        return fill;
    };
    match fill {
        SlotFill::Fillers(mut f) => {
            f.push(filler);
            SlotFill::Fillers(f)
        }
        _ => SlotFill::Fillers(vec![filler]),
    }
}

/// Parses one filler (`? A / B: "X" / "Y"`) of a slot of the given kind.
pub fn parse_filler(kind: SlotKind, value: &str) -> Option<Filler> {
    let mut v = value.trim();
    let mut optional = false;
    if let Some(rest) = v.strip_prefix('?') {
        optional = true;
        v = rest.trim_start();
    }
    let (head, tag) = match kind {
        SlotKind::Date | SlotKind::Location | SlotKind::MessageId | SlotKind::TemplateId => {
            (v, None)
        }
        _ => match find_outside(v, ':') {
            Some(i) => (v[..i].trim(), Some(v[i + 1..].trim())),
            None => (v, None),
        },
    };
    let heads: Vec<String> = split_alternatives(head)
        .into_iter()
        .map(|a| canonical(kind, a))
        .filter(|a| !a.is_empty())
        .collect();
    if heads.is_empty() {
        return None;
    }
    let refs = match tag {
        Some(t) => split_alternatives(t)
            .into_iter()
            .map(unquote)
            .filter(|r| !r.is_empty())
            .collect(),
        None => Vec::new(),
    };
    Some(Filler {
        optional,
        heads,
        refs,
    })
}

/// The byte offset of the first `c` outside double quotes and parentheses.
fn find_outside(s: &str, c: char) -> Option<usize> {
    let mut quoted = false;
    let mut depth = 0i32;
    for (i, ch) in s.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            _ if ch == c && !quoted && depth <= 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Splits `A / B / C` at slashes outside quotes and parentheses; each alternative loses
/// the parentheses that wrap it whole (`(18 MAR 89) / (19 MAR 89)`).
fn split_alternatives(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = find_outside(rest, '/') {
        out.push(rest[..i].trim());
        rest = &rest[i + 1..];
    }
    out.push(rest.trim());
    out.into_iter()
        .map(strip_wrapping_parens)
        .filter(|a| !a.is_empty())
        .collect()
}

fn strip_wrapping_parens(s: &str) -> &str {
    let s = s.trim();
    if !(s.starts_with('(') && s.ends_with(')')) {
        return s;
    }
    // Only when the first parenthesis closes at the very end.
    let mut depth = 0;
    for (i, ch) in s.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 && i + 1 < s.len() {
                    return s;
                }
            }
            _ => {}
        }
    }
    s[1..s.len() - 1].trim()
}

/// Collapses runs of blanks to one space and upper-cases.
pub fn squeeze(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// A string filler without its quotes (and without escapes of inner quotes).
pub fn unquote(s: &str) -> String {
    let t = s.trim();
    let t = t.strip_prefix('"').unwrap_or(t);
    let t = t.strip_suffix('"').unwrap_or(t);
    squeeze(&t.replace("\\\"", "\""))
}

/// The canonical form of one value of a slot of the given kind.
pub fn canonical(kind: SlotKind, value: &str) -> String {
    match kind {
        SlotKind::Str => unquote(value),
        SlotKind::Location => canonical_location(value),
        SlotKind::Set => squeeze(&value.replace('"', "")),
        _ => squeeze(value),
    }
}

/// `COLOMBIA : MEDELLIN  (CITY)` → `COLOMBIA: MEDELLIN (CITY)`.
pub fn canonical_location(value: &str) -> String {
    let s = squeeze(value);
    let mut out = String::with_capacity(s.len());
    for part in s.split(':') {
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&squeeze(&part.replace(" (", "(").replace('(', " (")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "\
;;; a comment
0.  MESSAGE: ID                    TST3-MUC4-0003
1.  MESSAGE: TEMPLATE              2 (OPTIONAL)
2.  INCIDENT: DATE                 (18 MAR 89) / (- 19 MAR 89)
3.  INCIDENT: LOCATION             PERU: LIMA (CITY): SAN ISIDRO (NEIGHBORHOOD)
4.  INCIDENT: TYPE                 ATTACK
6.  INCIDENT: INSTRUMENT ID        *
7.  INCIDENT: INSTRUMENT TYPE      GUN: \"-\"
9.  PERP: INDIVIDUAL ID            \"MEMBERS OF THE SHINING PATH\" / \"CRIMINALS\"
                                   ? \"GERARDO OLIVOS SILVA\"
19. HUM TGT: DESCRIPTION           \"FORMER MINISTER\" / \"MINISTER\": \"ENRIQUE LOPEZ\"
20. HUM TGT: TYPE                  FORMER GOVERNMENT OFFICIAL / FORMER ACTIVE MILITARY: \"ENRIQUE LOPEZ\"
21. HUM TGT: NUMBER                5 - 7: \"PEASANTS\"

0.  MESSAGE: ID                    TST3-MUC4-0004
1.  MESSAGE: TEMPLATE              *
2.  INCIDENT: DATE                 *
";

    #[test]
    fn reads_alternatives_optional_fillers_and_cross_references() {
        let m = parse_templates(KEY).unwrap();
        assert_eq!(m.len(), 2);
        assert!(
            m[1].templates.is_empty(),
            "the * template marks an irrelevant message"
        );
        let t = &m[0].templates[0];
        assert_eq!(t.id, "2");
        assert!(t.optional);
        assert_eq!(
            t.get(Slot::IncDate).fillers()[0].heads,
            ["18 MAR 89", "- 19 MAR 89"]
        );
        assert_eq!(
            t.get(Slot::IncLoc).fillers()[0].heads,
            ["PERU: LIMA (CITY): SAN ISIDRO (NEIGHBORHOOD)"]
        );
        assert_eq!(t.get(Slot::IncInstrId), &SlotFill::Inapplicable);
        assert_eq!(t.get(Slot::IncStage), &SlotFill::Empty);
        let gun = &t.get(Slot::IncInstrType).fillers()[0];
        assert_eq!(
            (gun.heads.as_slice(), gun.refs.as_slice()),
            (&["GUN".to_string()][..], &["-".to_string()][..])
        );
        let perp = t.get(Slot::PerpIndId).fillers();
        assert_eq!(perp.len(), 2);
        assert_eq!(perp[0].heads, ["MEMBERS OF THE SHINING PATH", "CRIMINALS"]);
        assert!(!perp[0].optional && perp[1].optional);
        let desc = &t.get(Slot::HumTgtDesc).fillers()[0];
        assert_eq!(desc.heads, ["FORMER MINISTER", "MINISTER"]);
        assert_eq!(desc.refs, ["ENRIQUE LOPEZ"]);
        let ty = &t.get(Slot::HumTgtType).fillers()[0];
        assert_eq!(
            ty.heads,
            ["FORMER GOVERNMENT OFFICIAL", "FORMER ACTIVE MILITARY"]
        );
        let num = &t.get(Slot::HumTgtNum).fillers()[0];
        assert_eq!(
            (num.heads[0].as_str(), num.refs[0].as_str()),
            ("5 - 7", "PEASANTS")
        );
    }

    #[test]
    fn tolerates_tabs_comments_and_trailers_of_response_files() {
        let text = "0.  MESSAGE: ID\t\t\t    TST4-MUC4-0001\n1.  MESSAGE: TEMPLATE\t\t    1\n\
                    4.  INCIDENT: TYPE\t\t    BOMBING\n; event 12\n\
                    19. HUM TGT: DESCRIPTION\t    \"THE JESUIT  PRIESTS\"\n\t\t\t\t    \"MAIDS\"\n\n   * * *\n";
        let m = parse_templates(text).unwrap();
        let t = &m[0].templates[0];
        assert_eq!(t.get(Slot::IncType).fillers()[0].heads, ["BOMBING"]);
        let d = t.get(Slot::HumTgtDesc).fillers();
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].heads, ["THE JESUIT PRIESTS"]);
    }

    #[test]
    fn renders_what_it_reads() {
        let m = parse_templates(KEY).unwrap();
        let t = &m[0].templates[0];
        let again = parse_templates(&t.render("TST3-MUC4-0003")).unwrap();
        assert_eq!(&again[0].templates[0], t);
    }
}
