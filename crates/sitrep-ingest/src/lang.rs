//! The language a document is written in, detected with `whatlang`.
//!
//! sitrep's extraction reads English. A document is still read whatever its language, and
//! its language is recorded ([`sitrep_core::Document::language`]), so that a caller can
//! refuse to extract a text it would read wrongly (see [`is_supported`]).

/// The ISO 639-3 code of English, the language sitrep extracts.
pub const ENGLISH: &str = "eng";

/// How many bytes at the start of a text are looked at: enough for a confident guess,
/// and the cost stays flat however long the document is.
const SAMPLE_BYTES: usize = 4096;

/// Fewer letters than this tell too little: no language is guessed.
const MIN_LETTERS: usize = 40;

/// The language of `text` as an ISO 639-3 code (`eng`, `deu`, `fra`, `ara`…), or `None`
/// when the text is too short or mixed to tell with confidence.
///
/// ```
/// use sitrep_ingest::detect_language;
/// let en = "Police said two people were injured when a car bomb exploded outside the \
///           town hall on Monday morning, and the road was closed for hours.";
/// assert_eq!(detect_language(en).as_deref(), Some("eng"));
/// assert_eq!(detect_language("Bomb."), None);
/// ```
pub fn detect_language(text: &str) -> Option<String> {
    let sample = head(text, SAMPLE_BYTES);
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    // whatlang's trigrams misread short English news ("… a week after a similar attack
    // that left 26 dead, officials said." as Swedish): English function words settle it.
    if mostly_english_function_words(sample) {
        return Some(ENGLISH.to_string());
    }
    let info = whatlang::detect(sample)?;
    info.is_reliable().then(|| info.lang().code().to_string())
}

/// English words that carry grammar, common in any English sentence and rare as whole
/// words in other languages written in Latin letters.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "was", "were", "that", "with", "for", "said", "after", "by", "from",
    "which", "have", "has", "been", "their", "they", "who", "would", "this", "a", "an", "at", "on",
    "is", "are", "he", "his", "had",
];

/// True when at least one word in eight of `sample` (and at least four words) is an
/// English function word.
fn mostly_english_function_words(sample: &str) -> bool {
    let mut words = 0usize;
    let mut function = 0usize;
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() <= 5
            && ENGLISH_FUNCTION_WORDS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(w))
        {
            function += 1;
        }
    }
    function >= 4 && function * 8 >= words
}

/// True when a document in `language` can be extracted: English, or a language that
/// could not be told (`None`: a short or mixed text is given the benefit of the doubt).
pub fn is_supported(language: Option<&str>) -> bool {
    language.is_none_or(|l| l == ENGLISH)
}

/// The English name of an ISO 639-3 code that [`detect_language`] gives ("German" for
/// `deu`), else the code itself.
pub fn language_name(code: &str) -> String {
    whatlang::Lang::from_code(code)
        .map(|l| l.eng_name().to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The one-line reason a document in an unsupported language is not extracted.
pub fn unsupported_message(code: &str) -> String {
    format!(
        "language not supported yet: {} ({code}); sitrep extracts English",
        language_name(code)
    )
}

/// The first `max` bytes of `s`, cut back to a character boundary.
fn head(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GERMAN: &str = "Bei einem Anschlag auf einen Marktplatz in der Stadt sind am Montag \
        drei Menschen getötet und zwölf weitere verletzt worden, teilte die Polizei mit.";
    const FRENCH: &str = "Trois personnes ont été tuées lundi dans l'explosion d'une voiture \
        piégée devant la mairie de la ville, selon un communiqué de la police locale.";
    const ENGLISH_TEXT: &str = "Three people were killed on Monday when a car bomb exploded \
        outside the town hall, police said in a statement released in the evening.";

    #[test]
    fn detects_english_german_french_and_arabic() {
        assert_eq!(detect_language(ENGLISH_TEXT).as_deref(), Some("eng"));
        assert_eq!(detect_language(GERMAN).as_deref(), Some("deu"));
        assert_eq!(detect_language(FRENCH).as_deref(), Some("fra"));
        let arabic = "قالت الشرطة إن ثلاثة أشخاص قتلوا يوم الاثنين عندما انفجرت سيارة مفخخة \
            أمام مبنى البلدية في المدينة";
        assert_eq!(detect_language(arabic).as_deref(), Some("ara"));
    }

    #[test]
    fn short_english_news_is_english() {
        // whatlang alone reads this as Swedish
        let s = "Two suicide bombers killed a soldier at an army camp in Kandahar on \
            Saturday, a week after a similar attack that left 26 dead, officials said.";
        assert_eq!(detect_language(s).as_deref(), Some(ENGLISH));
        assert!(!mostly_english_function_words(GERMAN));
        assert!(!mostly_english_function_words(FRENCH));
        let dutch = "Bij een aanslag op een markt in de stad zijn maandag drie mensen om het \
            leven gekomen en twaalf anderen gewond geraakt, meldde de politie.";
        assert!(!mostly_english_function_words(dutch));
        let spanish = "Tres personas murieron el lunes en la explosión de un coche bomba frente \
            al ayuntamiento de la ciudad, según un comunicado de la policía local.";
        assert!(!mostly_english_function_words(spanish));
    }

    #[test]
    fn short_text_has_no_language() {
        assert_eq!(detect_language("Car bomb kills three"), None);
        assert_eq!(detect_language("12 34 56 78 -- !!"), None);
        assert!(is_supported(None));
    }

    #[test]
    fn only_english_is_supported() {
        assert!(is_supported(Some("eng")));
        assert!(!is_supported(Some("deu")));
        assert_eq!(language_name("deu"), "German");
        assert_eq!(language_name("xyz"), "xyz");
        let m = unsupported_message("fra");
        assert!(m.starts_with("language not supported yet: French (fra)"));
        assert!(!m.contains('\n'));
    }

    #[test]
    fn sample_is_cut_on_a_character_boundary() {
        let s = "é".repeat(5000);
        let h = head(&s, SAMPLE_BYTES);
        assert!(h.len() <= SAMPLE_BYTES && h.len() >= SAMPLE_BYTES - 1);
        assert_eq!(head("abc", 10), "abc");
    }
}
