//! The 1992 scorer's history files: what the human scorers decided about response fills
//! that did not match a key filler exactly.
//!
//! The file is one Lisp list: for each message, for each key template (by number), for
//! each slot, entries `(RESPONSE JUDGMENT [KEY])`. `RESPONSE` is the response fill
//! (`"\"LEFTIST GROUP\""`, `(range nil "04 MAY 88")`, `(location "COLOMBIA" (qualified
//! "BOGOTA" "CITY"))`, `(xref "1" "\"PEASANTS\"")`); `JUDGMENT` is `match`, `partial` or
//! `fail`; `KEY` names the key filler it was judged against (`(or …)` for a key's
//! alternatives, `(optional …)` for a `?` filler, `(all-of …)` when one response filler
//! was given partial credit for several key fillers).

use super::fill::{canonical, canonical_location, squeeze, unquote, Filler, Slot, SlotKind};
use super::score::strip_premodifiers;
use crate::error::Muc4Error;
use std::collections::HashMap;
use std::path::Path;

/// A human judgment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgment {
    /// Fully correct.
    Match,
    /// Partially correct.
    Partial,
    /// Incorrect.
    Fail,
}

/// A key filler as the history names it: alternatives of the value and of the tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRef {
    /// The value's alternatives (canonical).
    pub heads: Vec<String>,
    /// The tag's alternatives (empty when the key filler has no tag).
    pub refs: Vec<String>,
}

impl KeyRef {
    /// True when this names `f` (same alternatives, in any order).
    pub fn names(&self, f: &Filler) -> bool {
        same_set(&self.heads, &f.heads) && (self.refs.is_empty() || same_set(&self.refs, &f.refs))
    }
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x))
}

/// One decision: the judgment and the key fillers it was judged against (several for a
/// distributed partial; none for `fail`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Match, partial or fail.
    pub judgment: Judgment,
    /// The key fillers.
    pub keys: Vec<KeyRef>,
}

/// (message id, key template number, slot, response value, response tag) → decision.
pub type HistKey = (String, String, Slot, String, Option<String>);

/// A history file, indexed for look-up.
#[derive(Debug, Clone, Default)]
pub struct History {
    map: HashMap<HistKey, Decision>,
    /// The same decisions keyed by strings without their premodifier words.
    loose: HashMap<HistKey, Decision>,
}

impl History {
    /// An empty history (every non-exact fill goes to the automatic rule).
    pub fn empty() -> History {
        History::default()
    }

    /// Reads a history file.
    pub fn load(path: &Path) -> Result<History, Muc4Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Muc4Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        History::parse(&text)
    }

    /// Parses a history file.
    pub fn parse(text: &str) -> Result<History, Muc4Error> {
        let sexp = parse_sexp(text)?;
        let mut map = HashMap::new();
        let mut loose = HashMap::new();
        let Sexp::List(messages) = sexp else {
            return Err(Muc4Error::Invalid("history: not a list".into()));
        };
        for m in messages {
            let Sexp::List(m) = m else { continue };
            let Some(Sexp::Str(msg)) = m.first() else {
                continue;
            };
            for t in &m[1..] {
                let Sexp::List(t) = t else { continue };
                let Some(Sexp::Str(tid)) = t.first() else {
                    continue;
                };
                for s in &t[1..] {
                    let Sexp::List(s) = s else { continue };
                    let Some(slot) = s.first().and_then(|x| x.atom()).and_then(Slot::from_name)
                    else {
                        continue;
                    };
                    for e in &s[1..] {
                        let Sexp::List(e) = e else { continue };
                        if e.len() < 2 {
                            continue;
                        }
                        let Some((head, tag)) = response_value(slot, &e[0]) else {
                            continue;
                        };
                        let judgment = match e[1].atom() {
                            Some("match") => Judgment::Match,
                            Some("partial") => Judgment::Partial,
                            Some("fail") => Judgment::Fail,
                            _ => continue,
                        };
                        let keys = match e.get(2) {
                            Some(k) => key_refs(slot, k),
                            None => Vec::new(),
                        };
                        let d = Decision { judgment, keys };
                        let lk = loose_key(msg, tid, slot, &head, tag.as_deref());
                        loose.entry(lk).or_insert_with(|| d.clone());
                        map.insert((msg.clone(), tid.clone(), slot, head, tag), d);
                    }
                }
            }
        }
        Ok(History { map, loose })
    }

    /// The decision about a response value (and tag) in a key template's slot: for the
    /// value as written, else for one that is the same once premodifier words are dropped
    /// from strings (the scorer compares strings so).
    pub fn get(
        &self,
        message: &str,
        key_template: &str,
        slot: Slot,
        head: &str,
        tag: Option<&str>,
    ) -> Option<&Decision> {
        self.map
            .get(&(
                message.to_string(),
                key_template.to_string(),
                slot,
                head.to_string(),
                tag.map(str::to_string),
            ))
            .or_else(|| {
                self.loose
                    .get(&loose_key(message, key_template, slot, head, tag))
            })
    }

    /// Number of decisions.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the history holds no decision.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Every decision, for measuring the automatic rule against the human scorers.
    pub fn decisions(&self) -> impl Iterator<Item = (&HistKey, &Decision)> {
        self.map.iter()
    }
}

fn loose_key(msg: &str, tid: &str, slot: Slot, head: &str, tag: Option<&str>) -> HistKey {
    let head = if slot.kind() == SlotKind::Str {
        strip_premodifiers(head)
    } else {
        head.to_string()
    };
    (
        msg.to_string(),
        tid.to_string(),
        slot,
        head,
        tag.map(strip_premodifiers),
    )
}

/// An s-expression.
#[derive(Debug, Clone, PartialEq)]
enum Sexp {
    Str(String),
    Sym(String),
    List(Vec<Sexp>),
}

impl Sexp {
    fn atom(&self) -> Option<&str> {
        match self {
            Sexp::Str(s) | Sexp::Sym(s) => Some(s),
            Sexp::List(_) => None,
        }
    }
}

fn parse_sexp(text: &str) -> Result<Sexp, Muc4Error> {
    let mut stack: Vec<Vec<Sexp>> = vec![Vec::new()];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' => stack.push(Vec::new()),
            ')' => {
                let list = stack
                    .pop()
                    .filter(|_| !stack.is_empty())
                    .ok_or_else(|| Muc4Error::Invalid("history: unbalanced ')'".into()))?;
                if let Some(top) = stack.last_mut() {
                    top.push(Sexp::List(list));
                }
            }
            '"' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => {
                            if let Some(e) = chars.next() {
                                s.push(e);
                            }
                        }
                        Some('"') => break,
                        Some(ch) => s.push(ch),
                        None => return Err(Muc4Error::Invalid("history: open string".into())),
                    }
                }
                if let Some(top) = stack.last_mut() {
                    top.push(Sexp::Str(s));
                }
            }
            ';' => {
                for ch in chars.by_ref() {
                    if ch == '\n' {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => {}
            c => {
                let mut s = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || n == '(' || n == ')' || n == '"' {
                        break;
                    }
                    s.push(n);
                    chars.next();
                }
                if let Some(top) = stack.last_mut() {
                    top.push(Sexp::Sym(s));
                }
            }
        }
    }
    if stack.len() != 1 {
        return Err(Muc4Error::Invalid("history: unbalanced '('".into()));
    }
    let mut top = stack.pop().unwrap_or_default();
    match top.len() {
        1 => Ok(top.remove(0)),
        _ => Ok(Sexp::List(top)),
    }
}

/// A value of the history in the canonical text of the response format.
fn value_text(kind: SlotKind, s: &Sexp) -> Option<String> {
    match s {
        Sexp::Str(v) | Sexp::Sym(v) => Some(canonical(kind, v)),
        Sexp::List(l) => {
            let head = l.first()?.atom()?;
            match head {
                "range" => {
                    let a = l.get(1).and_then(|x| x.atom()).unwrap_or("nil");
                    let b = l.get(2).and_then(|x| x.atom()).unwrap_or("nil");
                    Some(match (a, b) {
                        ("nil", b) => squeeze(&format!("- {b}")),
                        (a, "nil") => squeeze(&format!("{a} -")),
                        (a, b) => squeeze(&format!("{a} - {b}")),
                    })
                }
                "location" => {
                    let parts: Vec<String> = l[1..].iter().filter_map(location_part).collect();
                    Some(canonical_location(&parts.join(": ")))
                }
                _ => None,
            }
        }
    }
}

fn location_part(s: &Sexp) -> Option<String> {
    match s {
        Sexp::Str(v) | Sexp::Sym(v) => Some(v.clone()),
        Sexp::List(l) => match l.first()?.atom()? {
            "qualified" => {
                let name = l.get(1)?.atom()?;
                let ty = l.get(2).and_then(|x| x.atom());
                Some(match ty {
                    Some(t) => format!("{name} ({t})"),
                    None => name.to_string(),
                })
            }
            "between" => {
                let parts: Vec<String> = l[1..].iter().filter_map(location_part).collect();
                Some(parts.join(" - "))
            }
            _ => None,
        },
    }
}

/// The response side of an entry: (value, tag).
fn response_value(slot: Slot, s: &Sexp) -> Option<(String, Option<String>)> {
    if let Sexp::List(l) = s {
        if l.first().and_then(|x| x.atom()) == Some("xref") {
            let head = value_text(slot.kind(), l.get(1)?)?;
            let tag = l.get(2).and_then(|x| x.atom()).map(unquote);
            return Some((head, tag));
        }
    }
    Some((value_text(slot.kind(), s)?, None))
}

/// The key side of an entry.
fn key_refs(slot: Slot, s: &Sexp) -> Vec<KeyRef> {
    if let Sexp::List(l) = s {
        match l.first().and_then(|x| x.atom()) {
            Some("all-of") => return l[1..].iter().flat_map(|k| key_refs(slot, k)).collect(),
            Some("optional") => return l.get(1).map(|k| key_refs(slot, k)).unwrap_or_default(),
            Some("xref") => {
                let heads = alternatives(slot.kind(), l.get(1));
                let refs = alternatives(SlotKind::Str, l.get(2));
                return vec![KeyRef { heads, refs }];
            }
            _ => {}
        }
    }
    vec![KeyRef {
        heads: alternatives(slot.kind(), Some(s)),
        refs: Vec::new(),
    }]
}

fn alternatives(kind: SlotKind, s: Option<&Sexp>) -> Vec<String> {
    match s {
        None => Vec::new(),
        Some(Sexp::List(l)) if l.first().and_then(|x| x.atom()) == Some("or") => {
            l[1..].iter().filter_map(|x| value_text(kind, x)).collect()
        }
        Some(Sexp::List(l)) if l.first().and_then(|x| x.atom()) == Some("optional") => {
            alternatives(kind, l.get(1))
        }
        Some(x) => value_text(kind, x).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HIST: &str = r#"(("TST3-MUC4-0011"
  ("1"
   (hum-tgt-desc
    ("\"SEVERAL HONORARY CONSULS , NEWSMEN\""
     partial
     (all-of "\"POLITICAL LEADERS\"" "\"NEWSMEN\""))
    ("\"LEADERS\"" fail))
   (inc-date
    ((range nil "04 MAY 1988") match (range nil "04 MAY 88")))
   (inc-loc
    ((location "COLOMBIA" (qualified "BOGOTA" "CITY")) partial "COLOMBIA"))
   (hum-tgt-num
    ((xref "PLURAL" "\"MEMBERS OF THE OPERATION\"")
     partial
     (xref "PLURAL" (or "\"HONORARY CONSULS\"" "\"CONSULS\""))))
   (perp-org-id
    ("\"ELN [ ARMY OF NATIONAL LIBERATION ]\""
     match
     (optional (or "\"ELN\"" "\"ARMY OF NATIONAL LIBERATION\"")))))))"#;

    #[test]
    fn reads_every_form_of_entry() {
        let h = History::parse(HIST).unwrap();
        assert_eq!(h.len(), 6);
        let d = h
            .get(
                "TST3-MUC4-0011",
                "1",
                Slot::HumTgtDesc,
                "SEVERAL HONORARY CONSULS , NEWSMEN",
                None,
            )
            .unwrap();
        assert_eq!(d.judgment, Judgment::Partial);
        assert_eq!(
            d.keys.len(),
            2,
            "a distributed partial names both key fillers"
        );
        let fail = h
            .get("TST3-MUC4-0011", "1", Slot::HumTgtDesc, "LEADERS", None)
            .unwrap();
        assert_eq!((fail.judgment, fail.keys.len()), (Judgment::Fail, 0));
        let date = h
            .get("TST3-MUC4-0011", "1", Slot::IncDate, "- 04 MAY 1988", None)
            .unwrap();
        assert_eq!(date.keys[0].heads, ["- 04 MAY 88"]);
        let loc = h
            .get(
                "TST3-MUC4-0011",
                "1",
                Slot::IncLoc,
                "COLOMBIA: BOGOTA (CITY)",
                None,
            )
            .unwrap();
        assert_eq!(loc.keys[0].heads, ["COLOMBIA"]);
        let num = h
            .get(
                "TST3-MUC4-0011",
                "1",
                Slot::HumTgtNum,
                "PLURAL",
                Some("MEMBERS OF THE OPERATION"),
            )
            .unwrap();
        assert_eq!(num.keys[0].refs, ["HONORARY CONSULS", "CONSULS"]);
        let org = h
            .get(
                "TST3-MUC4-0011",
                "1",
                Slot::PerpOrgId,
                "ELN [ ARMY OF NATIONAL LIBERATION ]",
                None,
            )
            .unwrap();
        let f = Filler {
            optional: true,
            heads: vec!["ARMY OF NATIONAL LIBERATION".into(), "ELN".into()],
            refs: vec![],
        };
        assert!(org.keys[0].names(&f));
        assert!(h
            .get("TST3-MUC4-0011", "2", Slot::PerpOrgId, "ELN", None)
            .is_none());
    }

    #[test]
    fn unbalanced_input_is_an_error() {
        assert!(History::parse("((\"A\"").is_err());
        assert!(History::parse("(\"A\"))").is_err());
    }
}
