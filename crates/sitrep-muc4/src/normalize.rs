//! SQuAD-style string normalisation, as every MUC-4 scorer applies it to predicted and
//! gold mention strings (METRICS_AND_RESULTS.md §1).

/// Python's `string.punctuation`.
const PUNCT: &[u8] = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Normalise a mention: lowercase, delete ASCII punctuation (no space in its place),
/// replace the whole words `a`, `an`, `the` by a space, collapse whitespace and strip.
///
/// ```
/// use sitrep_muc4::normalize;
/// assert_eq!(normalize("The AK-47 rifles"), "ak47 rifles");
/// assert_eq!(normalize("  an  o'clock   bomb "), "oclock bomb");
/// ```
pub fn normalize(s: &str) -> String {
    let lowered: String = s
        .to_lowercase()
        .chars()
        .filter(|c| !(c.is_ascii() && PUNCT.contains(&(*c as u8))))
        .collect();
    // Remove articles: maximal runs of word characters equal to a / an / the.
    let mut out = String::with_capacity(lowered.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if matches!(word.as_str(), "a" | "an" | "the") {
            out.push(' ');
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in lowered.chars() {
        if is_word(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    let parts: Vec<&str> = out.split(is_py_space).filter(|w| !w.is_empty()).collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn squad_rules() {
        assert_eq!(normalize("THE Shining Path"), "shining path");
        assert_eq!(normalize("ak-47"), "ak47");
        assert_eq!(normalize("a"), "");
        assert_eq!(normalize("theatre"), "theatre");
        assert_eq!(normalize("anthem of the nation"), "anthem of nation");
        assert_eq!(normalize("car-bomb.the"), "carbombthe");
        assert_eq!(normalize("x\t\n y"), "x y");
    }
}
