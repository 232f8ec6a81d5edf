//! No input makes the pipeline panic: deterministic pseudo-random texts built
//! from the words the rules react to, numbers, quotes, odd Unicode and
//! punctuation, in every order. Each record's evidence must quote its text.

use sitrep_core::Document;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "attack",
    "attacks",
    "the",
    "a",
    "killed",
    "killing",
    "at",
    "least",
    "five",
    "12",
    "1,000",
    "more",
    "than",
    "injured",
    "wounded",
    "in",
    "Paris",
    "London",
    "Kabul",
    "Iran",
    "said",
    "police",
    "ISIS",
    "IS",
    "claimed",
    "responsibility",
    "allegiance",
    "to",
    "the",
    "Islamic",
    "State",
    "on",
    "Saturday",
    "yesterday",
    "March",
    "2016",
    "“",
    "”",
    "\"",
    "'",
    "’",
    ".",
    ",",
    ";",
    "—",
    "-",
    "(",
    ")",
    "\n",
    "\n\n",
    "é",
    "Ł",
    "中文",
    "🙂",
    "\u{200b}",
    "\u{301}",
    "Mr.",
    "U.S.",
    "Prime",
    "Minister",
    "Theresa",
    "May",
    "gunman",
    "was",
    "arrested",
    "blew",
    "himself",
    "up",
    "dead",
    "terrorist",
    "stabbed",
    "three",
    "people",
    "drove",
    "a",
    "car",
    "into",
    "crowd",
    "Amaq",
    "Telegram",
    "called",
    "on",
    "supporters",
    "airstrike",
    "invasion",
    "no",
    "group",
    "has",
    "al-Shabaab",
    "Abu",
    "al-Baghdadi",
    "-born",
    "52-year-old",
    "of",
    "origin",
    "suburb",
    "near",
    "Brussels",
    "airport",
    "death",
    "toll",
    "rose",
    "dozens",
];

#[test]
fn random_texts_never_panic_and_evidence_stays_exact() {
    let ex = sitrep_pipeline::default_extractor();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for n in 0..400u32 {
        let len = (rng.next() % 300) as usize;
        let mut text = String::new();
        for _ in 0..len {
            let w = rng.pick(WORDS);
            text.push_str(w);
            if !rng.next().is_multiple_of(4) {
                text.push(' ');
            }
        }
        let published = if n.is_multiple_of(2) {
            "2031-05-17".parse().ok()
        } else {
            None
        };
        let doc = Document {
            id: format!("r{n}"),
            source: "random".into(),
            title: text.lines().next().map(str::to_string),
            published,
            language: None,
            text,
        };
        let rec = ex.extract(&doc);
        for e in rec.evidence() {
            assert!(e.is_exact_in(&doc.text), "doc {n}: {e:?}");
        }
    }
}

#[test]
fn degenerate_texts() {
    let ex = sitrep_pipeline::default_extractor();
    for text in [
        "",
        " ",
        "\n\n\n",
        ".",
        "“",
        "\"",
        "attack",
        "killed 99999999999999999999 people",
        "a\u{0}b",
    ] {
        let doc = Document {
            id: "d".into(),
            source: "d".into(),
            title: Some(text.into()),
            published: None,
            language: None,
            text: text.into(),
        };
        let rec = ex.extract(&doc);
        assert!(rec.error.is_none());
    }
}
