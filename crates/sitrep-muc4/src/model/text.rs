//! Tokenisation with byte spans, sentence splitting, and per-token features.
//!
//! Features are computed on lowercased token strings, so a model trained on the all-lowercase
//! MUC texts applies to mixed-case news; spans always point into the original text.

/// A token: its byte span in the original text and its lowercased form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Lowercased text.
    pub lower: String,
    /// Index of the sentence the token is in.
    pub sent: usize,
}

/// Split `text` into tokens: maximal runs of alphanumeric characters, and every other
/// non-space character on its own. Sentences end after `.`, `?`, `!` or `;`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut sent = 0;
    let mut run_start: Option<usize> = None;
    let mut ends_sentence = false;
    let push = |out: &mut Vec<Token>, s: usize, e: usize, sent: usize| {
        if let Some(t) = text.get(s..e) {
            out.push(Token {
                start: s,
                end: e,
                lower: t.to_lowercase(),
                sent,
            });
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if ends_sentence {
                sent += 1;
                ends_sentence = false;
            }
            if run_start.is_none() {
                run_start = Some(i);
            }
            continue;
        }
        if let Some(s) = run_start.take() {
            push(&mut out, s, i, sent);
        }
        if c.is_whitespace() {
            continue;
        }
        if ends_sentence && !matches!(c, '.' | '?' | '!' | ';' | ')' | '"' | '\'') {
            sent += 1;
            ends_sentence = false;
        }
        push(&mut out, i, i + c.len_utf8(), sent);
        if matches!(c, '.' | '?' | '!' | ';') {
            ends_sentence = true;
        }
    }
    if let Some(s) = run_start {
        push(&mut out, s, text.len(), sent);
    }
    out
}

/// Trigger word groups: words that signal an incident type or a role nearby.
pub fn trigger_group(w: &str) -> Option<&'static str> {
    Some(match w {
        "killed" | "murdered" | "assassinated" | "assassination" | "murder" | "murders"
        | "massacre" | "massacred" | "killing" | "killings" | "kill" | "slain" | "executed"
        | "dead" | "died" | "death" | "bodies" | "body" | "shot" | "shooting" => "kill",
        "wounded" | "injured" | "wounding" | "injuring" | "hurt" => "wound",
        "kidnapped" | "kidnapping" | "kidnap" | "kidnappers" | "abducted" | "abduction"
        | "hostage" | "hostages" | "captors" | "seized" | "captive" | "ransom" => "kidnap",
        "bomb" | "bombs" | "bombing" | "bombings" | "bombed" | "exploded" | "explosion"
        | "explosions" | "explosive" | "explosives" | "dynamite" | "blast" | "blew"
        | "detonated" | "device" | "grenade" | "grenades" | "mortar" => "bomb",
        "attack" | "attacks" | "attacked" | "attacking" | "ambush" | "ambushed" | "raid"
        | "raided" | "fired" | "machinegunned" | "strafed" | "assault" | "assaulted"
        | "harassed" => "attack",
        "burned" | "burning" | "torched" | "fire" | "arson" | "set" | "incendiary" => "burn",
        "robbed" | "robbery" | "stole" | "stolen" | "looted" | "theft" => "rob",
        "strike" | "stoppage" | "paralyzed" | "halt" => "strike",
        "responsibility" | "claimed" | "blamed" | "attributed" | "perpetrated" | "carried"
        | "committed" | "accused" => "claim",
        "guerrillas" | "guerrilla" | "terrorists" | "terrorist" | "rebels" | "gunmen"
        | "commando" | "commandos" | "subversives" | "insurgents" | "narcoterrorists" => "perp",
        "destroyed" | "damaged" | "damage" | "destruction" | "headquarters" | "facilities" => {
            "damage"
        }
        "by" => "by",
        _ => return None,
    })
}

/// Word shape: `x` for letters, `d` for digits, other characters kept; runs collapsed.
pub fn shape(w: &str) -> String {
    let mut s = String::new();
    let mut last = None;
    for c in w.chars() {
        let k = if c.is_alphabetic() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(k) {
            s.push(k);
            last = Some(k);
        }
    }
    s
}

/// FNV-1a 64-bit hash: stable across platforms and runs (used for feature ids).
pub fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=8 => "5-8",
        _ => "9+",
    }
}

/// Role-filler strings seen in training, as lowercased token sequences, with a bit per role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gazetteer {
    /// Token sequence joined by single spaces → role bit mask.
    pub entries: std::collections::HashMap<String, u8>,
}

/// Longest gazetteer entry, in tokens, that is looked up.
const GAZ_MAX: usize = 8;

impl Gazetteer {
    /// Add a mention string for a role (0..5).
    pub fn add(&mut self, mention: &str, role: usize) {
        let toks = tokenize(mention);
        if toks.is_empty() || toks.len() > GAZ_MAX || role >= 8 {
            return;
        }
        let key = toks
            .iter()
            .map(|t| t.lower.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        *self.entries.entry(key).or_default() |= 1 << role;
    }

    /// The role mask of a key (lowercased tokens joined by spaces); 0 when absent.
    pub fn lookup(&self, key: &str) -> u8 {
        self.entries.get(key).copied().unwrap_or(0)
    }

    /// Non-overlapping longest matches, left to right: `(start, end, mask)` token ranges.
    pub fn longest_matches(&self, toks: &[Token]) -> Vec<(usize, usize, u8)> {
        let mut out = Vec::new();
        let mut a = 0;
        while a < toks.len() {
            let mut key = String::new();
            let mut best = None;
            for l in 1..=GAZ_MAX {
                let Some(t) = toks.get(a + l - 1) else { break };
                if l > 1 {
                    key.push(' ');
                }
                key.push_str(&t.lower);
                if let Some(&mask) = self.entries.get(&key) {
                    best = Some((l, mask));
                }
            }
            match best {
                Some((l, mask)) => {
                    out.push((a, a + l, mask));
                    a += l;
                }
                None => a += 1,
            }
        }
        out
    }

    /// Per token: (role mask, is-begin, match length) of every gazetteer match covering it.
    fn matches(&self, toks: &[Token]) -> Vec<Vec<(u8, bool, usize)>> {
        let mut out = vec![Vec::new(); toks.len()];
        if self.entries.is_empty() {
            return out;
        }
        for a in 0..toks.len() {
            let mut key = String::new();
            for l in 1..=GAZ_MAX {
                let Some(t) = toks.get(a + l - 1) else { break };
                if l > 1 {
                    key.push(' ');
                }
                key.push_str(&t.lower);
                if let Some(&mask) = self.entries.get(&key) {
                    for (k, slot) in out.iter_mut().enumerate().skip(a).take(l) {
                        slot.push((mask, k == a, l));
                    }
                }
            }
        }
        out
    }
}

/// Hashed features of every token of a document (the gazetteer adds match features).
pub fn token_features(toks: &[Token], gaz: &Gazetteer) -> Vec<Vec<u64>> {
    let n = toks.len();
    let gz = gaz.matches(toks);
    let word = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else {
            toks.get(i as usize)
                .map(|t| t.lower.as_str())
                .unwrap_or("</s>")
        }
    };
    // Document frequency of each word and first occurrence.
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for t in toks {
        *counts.entry(t.lower.as_str()).or_default() += 1;
    }
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    // Sentence extents and trigger groups per sentence.
    let n_sent = toks.last().map(|t| t.sent + 1).unwrap_or(0);
    let mut sent_trig: Vec<Vec<&'static str>> = vec![Vec::new(); n_sent];
    for t in toks {
        if let (Some(g), Some(v)) = (trigger_group(&t.lower), sent_trig.get_mut(t.sent)) {
            if !v.contains(&g) {
                v.push(g);
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    for (i, t) in toks.iter().enumerate() {
        let ii = i as isize;
        let w = t.lower.as_str();
        let mut f: Vec<u64> = Vec::with_capacity(48);
        f.push(fnv(&["bias"]));
        f.push(fnv(&["w", w]));
        let chars: Vec<char> = w.chars().collect();
        let pre: String = chars.iter().take(3).collect();
        let suf: String = chars[chars.len().saturating_sub(3)..].iter().collect();
        f.push(fnv(&["p3", &pre]));
        f.push(fnv(&["s3", &suf]));
        let sh = shape(w);
        f.push(fnv(&["sh", &sh]));
        for d in [-2isize, -1, 1, 2] {
            let ds = d.to_string();
            f.push(fnv(&["w@", &ds, word(ii + d)]));
        }
        f.push(fnv(&["bi-", word(ii - 1), w]));
        f.push(fnv(&["bi+", w, word(ii + 1)]));
        f.push(fnv(&["tri-", word(ii - 2), word(ii - 1), w]));
        f.push(fnv(&["tri+", w, word(ii + 1), word(ii + 2)]));
        f.push(fnv(&["ctx", word(ii - 1), word(ii + 1)]));
        for d in 3..=6isize {
            f.push(fnv(&["L", word(ii - d)]));
            f.push(fnv(&["R", word(ii + d)]));
        }
        let s1 = word(ii - 1);
        f.push(fnv(&["sh-1", &shape(s1), &sh]));
        // Nearest trigger to the left and right within the sentence.
        let mut left = None;
        let mut j = i;
        while j > 0 && i - j < 15 {
            j -= 1;
            let Some(tj) = toks.get(j) else { break };
            if tj.sent != t.sent {
                break;
            }
            if let Some(g) = trigger_group(&tj.lower) {
                left = Some((g, i - j, tj.lower.as_str()));
                break;
            }
        }
        if let Some((g, d, tw)) = left {
            f.push(fnv(&["tl", g, bucket(d)]));
            f.push(fnv(&["tlw", tw]));
            f.push(fnv(&["tlg", g]));
        }
        let mut right = None;
        for (k, tj) in toks.iter().enumerate().skip(i + 1).take(15) {
            if tj.sent != t.sent {
                break;
            }
            if let Some(g) = trigger_group(&tj.lower) {
                right = Some((g, k - i, tj.lower.as_str()));
                break;
            }
        }
        if let Some((g, d, tw)) = right {
            f.push(fnv(&["tr", g, bucket(d)]));
            f.push(fnv(&["trw", tw]));
            f.push(fnv(&["trg", g]));
        }
        if let Some(groups) = sent_trig.get(t.sent) {
            for g in groups {
                f.push(fnv(&["st", g]));
            }
        }
        f.push(fnv(&["sent", bucket(t.sent)]));
        let c = counts.get(w).copied().unwrap_or(0);
        f.push(fnv(&["cnt", bucket(c)]));
        if seen.insert(w) {
            f.push(fnv(&["first"]));
        }
        if let Some(g) = trigger_group(w) {
            f.push(fnv(&["trig", g]));
        }
        if let Some(ms) = gz.get(i) {
            for &(mask, begin, len) in ms {
                let pos = if begin { "B" } else { "I" };
                let len = bucket(len);
                for r in 0..5u8 {
                    if mask & (1 << r) != 0 {
                        let rs = r.to_string();
                        f.push(fnv(&["gz", &rs, pos]));
                        f.push(fnv(&["gzl", &rs, pos, len]));
                    }
                }
            }
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_spans_and_sentences() {
        let text = "Guerrillas bombed the AK-47 depot.  Two died!";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(
            words,
            [
                "guerrillas",
                "bombed",
                "the",
                "ak",
                "-",
                "47",
                "depot",
                ".",
                "two",
                "died",
                "!"
            ]
        );
        for t in &toks {
            assert_eq!(text[t.start..t.end].to_lowercase(), t.lower);
        }
        assert_eq!(toks[0].sent, 0);
        assert_eq!(toks[8].sent, 1);
    }

    #[test]
    fn non_ascii_text_keeps_byte_offsets() {
        let text = "Él secuestró a José Núñez.";
        for t in tokenize(text) {
            assert_eq!(text[t.start..t.end].to_lowercase(), t.lower);
        }
    }

    #[test]
    fn features_are_lowercase_invariant() {
        let mut gaz = Gazetteer::default();
        gaz.add("the FMLN", 1);
        let a = token_features(&tokenize("The FMLN attacked the bank."), &gaz);
        let b = token_features(&tokenize("the fmln attacked the bank."), &gaz);
        assert_eq!(a, b);
        let none = token_features(
            &tokenize("the fmln attacked the bank."),
            &Gazetteer::default(),
        );
        // The gazetteer adds features to "the" and "fmln" only.
        assert!(a[1].len() > none[1].len());
        assert_eq!(a[3].len(), none[3].len());
        assert_eq!(shape("ak-47"), "x-d");
    }
}
