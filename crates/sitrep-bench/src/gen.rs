//! A seeded generator of fictional, news-like reports for throughput benchmarks.
//!
//! Every document is drawn from its own random stream (seed and index), so a corpus
//! of 10 000 documents is the first 10 000 of a corpus of 100 000 with the same seed.
//! Lengths follow a log-normal distribution (median ≈ 4 kB, σ = 0.7, cut to
//! 300 B – 30 kB); about 40 % of the reports describe an attack, the rest are
//! ordinary news (economy, weather, sport, accidents, politics). A share of the
//! documents is an HTML page with navigation, advertisements, related links and a
//! footer around the article, as a crawler would fetch it.
//!
//! The texts are plain descriptions of the kind any wire service prints; people,
//! groups and newspapers are invented. Places are real, so the gazetteer does real
//! work.

use serde::Serialize;

/// Median length of a generated article text, in bytes.
pub const MEDIAN_BYTES: f64 = 4000.0;
/// σ of the natural logarithm of the length.
pub const LOG_SIGMA: f64 = 0.7;
/// Shortest article text generated, in bytes.
pub const MIN_BYTES: usize = 300;
/// Longest article text aimed at, in bytes (the last paragraph may pass it slightly).
pub const MAX_BYTES: usize = 30_000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CorpusOptions {
    /// Seed of the whole corpus.
    pub seed: u64,
    /// Share of documents given as HTML pages (0–1).
    pub html_share: f64,
    /// Share of documents that report an attack (0–1).
    pub attack_share: f64,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            seed: 7,
            html_share: 0.25,
            attack_share: 0.4,
        }
    }
}

/// One generated document, ready to be written as a JSON Lines record that
/// `sitrep extract` reads (`text` for plain text, `html` for a page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GeneratedDoc {
    /// Document id (`gen-000042`).
    pub id: String,
    /// Page URL.
    pub url: String,
    /// Headline (plain-text records only; a page carries its own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` (plain-text records only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Article text (plain-text records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The whole page (HTML records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// True when the report describes an attack (not serialized).
    #[serde(skip)]
    pub attack: bool,
    /// The article text the page was built from, headline first (not serialized).
    #[serde(skip)]
    pub article: String,
}

/// SplitMix64: small, fast and good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        // 53 random bits as the mantissa.
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A standard normal draw (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// One item of a non-empty list (`""` for an empty one).
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        if items.is_empty() {
            return "";
        }
        let i = (self.next_u64() % items.len() as u64) as usize;
        items.get(i).copied().unwrap_or("")
    }
}

/// A target article length: log-normal around [`MEDIAN_BYTES`], cut to
/// [`MIN_BYTES`]..=[`MAX_BYTES`].
pub fn target_len(rng: &mut Rng) -> usize {
    let x = (MEDIAN_BYTES.ln() + LOG_SIGMA * rng.normal()).exp();
    (x as usize).clamp(MIN_BYTES, MAX_BYTES)
}

/// The document number `index` of the corpus `opts` describes.
pub fn generate_doc(opts: &CorpusOptions, index: u64) -> GeneratedDoc {
    let mut rng = Rng::new(opts.seed ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    // Burn one draw so neighbouring indices decorrelate further.
    rng.next_u64();
    let attack = rng.chance(opts.attack_share);
    let html = rng.chance(opts.html_share);
    let target = target_len(&mut rng);
    let place = *pick_place(&mut rng);
    let date = Date {
        year: rng.range(2015, 2025) as u32,
        month: rng.range(1, 12) as u32,
        day: rng.range(1, 28) as u32,
    };
    let (title, paragraphs) = if attack {
        attack_article(&mut rng, place, &date, target)
    } else {
        other_article(&mut rng, place, &date, target)
    };
    let id = format!("gen-{index:06}");
    let url = format!(
        "https://news.example.org/{}/{:02}/{}",
        date.year,
        date.month,
        slug(&title)
    );
    let mut article = String::with_capacity(target + 200);
    article.push_str(&title);
    for p in &paragraphs {
        article.push_str("\n\n");
        article.push_str(p);
    }
    article.push('\n');
    if html {
        let page = html_page(&mut rng, &title, &date, &paragraphs);
        GeneratedDoc {
            id,
            url,
            title: None,
            published: None,
            text: None,
            html: Some(page),
            attack,
            article,
        }
    } else {
        GeneratedDoc {
            id,
            url,
            title: Some(title),
            published: Some(date.iso()),
            text: Some(article.clone()),
            html: None,
            attack,
            article,
        }
    }
}

/// The first `docs` documents of the corpus `opts` describes.
pub fn generate(opts: CorpusOptions, docs: u64) -> impl Iterator<Item = GeneratedDoc> {
    (0..docs).map(move |i| generate_doc(&opts, i))
}

/// A calendar date.
struct Date {
    year: u32,
    month: u32,
    day: u32,
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Date {
    fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn long(&self) -> String {
        let m = MONTHS
            .get((self.month as usize).saturating_sub(1))
            .copied()
            .unwrap_or("January");
        format!("{} {} {}", self.day, m, self.year)
    }
}

/// (city, region, country) triples: real places so place finding does real work.
const PLACES: &[(&str, &str, &str)] = &[
    ("Maiduguri", "Borno", "Nigeria"),
    ("Kano", "Kano", "Nigeria"),
    ("Mogadishu", "Banaadir", "Somalia"),
    ("Kabul", "Kabul", "Afghanistan"),
    ("Peshawar", "Khyber Pakhtunkhwa", "Pakistan"),
    ("Quetta", "Balochistan", "Pakistan"),
    ("Baghdad", "Baghdad", "Iraq"),
    ("Mosul", "Nineveh", "Iraq"),
    ("Damascus", "Damascus", "Syria"),
    ("Aleppo", "Aleppo", "Syria"),
    ("Sanaa", "Sanaa", "Yemen"),
    ("Bamako", "Bamako", "Mali"),
    ("Ouagadougou", "Centre", "Burkina Faso"),
    ("Niamey", "Niamey", "Niger"),
    ("Manila", "Metro Manila", "Philippines"),
    ("Marawi", "Lanao del Sur", "Philippines"),
    ("Bogota", "Cundinamarca", "Colombia"),
    ("Lima", "Lima", "Peru"),
    ("San Salvador", "San Salvador", "El Salvador"),
    ("Srinagar", "Jammu and Kashmir", "India"),
    ("Mumbai", "Maharashtra", "India"),
    ("Dhaka", "Dhaka", "Bangladesh"),
    ("Colombo", "Western", "Sri Lanka"),
    ("Istanbul", "Istanbul", "Turkey"),
    ("Paris", "Ile-de-France", "France"),
    ("London", "England", "United Kingdom"),
    ("Berlin", "Berlin", "Germany"),
    ("Brussels", "Brussels", "Belgium"),
    ("Madrid", "Madrid", "Spain"),
    ("Nairobi", "Nairobi", "Kenya"),
    ("Garissa", "Garissa", "Kenya"),
    ("Kampala", "Central", "Uganda"),
    ("Cairo", "Cairo", "Egypt"),
    ("Tunis", "Tunis", "Tunisia"),
    ("Christchurch", "Canterbury", "New Zealand"),
    ("Oslo", "Oslo", "Norway"),
    ("Boston", "Massachusetts", "United States"),
    ("El Paso", "Texas", "United States"),
    ("Jakarta", "Jakarta", "Indonesia"),
    ("Bangkok", "Bangkok", "Thailand"),
];

fn pick_place(rng: &mut Rng) -> &'static (&'static str, &'static str, &'static str) {
    let i = (rng.next_u64() % PLACES.len() as u64) as usize;
    PLACES.get(i).unwrap_or(&("Nairobi", "Nairobi", "Kenya"))
}

const FIRST: &[&str] = &[
    "Amina", "Daniel", "Sofia", "Ravi", "Elena", "Kwame", "Lucia", "Tomas", "Mei", "Omar",
    "Hannah", "Pedro", "Ingrid", "Yusuf", "Grace", "Mateo", "Nadia", "Jonas", "Leila", "Victor",
];
const LAST: &[&str] = &[
    "Okafor",
    "Marsh",
    "Lindqvist",
    "Haddad",
    "Moreno",
    "Tanaka",
    "Mensah",
    "Novak",
    "Rahman",
    "Castillo",
    "Brennan",
    "Petrov",
    "Achieng",
    "Silva",
    "Keller",
    "Dube",
    "Fontaine",
    "Ortega",
];
const OFFICIALS: &[&str] = &[
    "police spokesman",
    "regional governor",
    "army spokeswoman",
    "interior ministry official",
    "hospital director",
    "local councillor",
    "district commissioner",
];
/// Invented group names.
const GROUPS: &[&str] = &[
    "the Northern Dawn Front",
    "the Free Valley Brigade",
    "the People's Resistance Column",
    "the Black Ridge Movement",
    "the Sons of the Delta",
];
const PAPERS: &[&str] = &[
    "the Daily Meridian",
    "the Evening Courier",
    "Radio Horizon",
    "the National Ledger",
];

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

fn number_word(n: u64) -> String {
    const WORDS: &[&str] = &[
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    match WORDS.get(n as usize) {
        Some(w) => (*w).to_string(),
        None => n.to_string(),
    }
}

type Place = (&'static str, &'static str, &'static str);

fn attack_article(
    rng: &mut Rng,
    (city, region, country): Place,
    date: &Date,
    target: usize,
) -> (String, Vec<String>) {
    let weekday = rng.pick(WEEKDAYS);
    let killed = rng.range(0, 40);
    let injured = rng.range(0, 90);
    let site = rng.pick(&[
        "a crowded market",
        "a police checkpoint",
        "a bus station",
        "a school",
        "a mosque",
        "a church",
        "a hotel",
        "an army base",
        "a wedding party",
        "a government office",
    ]);
    let (means, verb) = match rng.range(0, 4) {
        0 => ("a car bomb", "exploded outside"),
        1 => ("gunmen", "opened fire at"),
        2 => ("a suicide bomber", "blew himself up at"),
        3 => ("attackers armed with knives", "stormed"),
        _ => ("a roadside bomb", "struck a convoy near"),
    };
    let group = rng.pick(GROUPS);
    let official = rng.pick(OFFICIALS);
    let name = person(rng);
    let title = format!(
        "{} killed as {} {} {} in {}",
        capitalize(&number_word(killed)),
        means,
        verb.split(' ').next().unwrap_or("struck"),
        site,
        city
    );
    let mut ps = Vec::new();
    ps.push(format!(
        "{city}, {country} ({date}) - {} {verb} {site} in {city} on {weekday}, killing {} people \
         and wounding {} others, {official} {name} said.",
        capitalize(means),
        number_word(killed),
        injured,
        date = date.long(),
    ));
    ps.push(format!(
        "No group immediately claimed responsibility, but officials in {region} said the attack \
         bore the hallmarks of {group}, which has carried out similar attacks in the province \
         over the past {} years.",
        number_word(rng.range(2, 9))
    ));
    ps.push(format!(
        "\"We heard a loud noise and then people were running everywhere,\" said {}, a shopkeeper \
         who was about a hundred metres away. \"Many of the wounded were women and children.\"",
        person(rng)
    ));
    let fillers: &[&dyn Fn(&mut Rng) -> String] = &[
        &|r| {
            format!(
                "Ambulances took the injured to the main hospital in {city}, where {} {} said \
                 {} of them were in a critical condition.",
                rng_pick_title(r),
                person(r),
                number_word(r.range(2, 12))
            )
        },
        &|r| {
            format!(
                "Security forces sealed off the area and began a search of nearby \
                 neighbourhoods. {} people were detained for questioning, {} reported.",
                capitalize(&number_word(r.range(2, 15))),
                r.pick(PAPERS)
            )
        },
        &|r| {
            format!(
                "The president of {country} condemned the attack in a statement and ordered an \
                 investigation. \"Those responsible will be brought to justice,\" the statement \
                 said. Flags were lowered to half-mast for {} days.",
                number_word(r.range(1, 3))
            )
        },
        &|r| {
            format!(
                "It was the {} attack in {region} this year. In {}, a similar assault on a \
                 checkpoint killed {} soldiers, according to figures compiled by {}.",
                r.pick(&["third", "fourth", "deadliest", "second", "latest"]),
                r.pick(MONTHS),
                number_word(r.range(3, 20)),
                r.pick(PAPERS)
            )
        },
        &|r| {
            format!(
                "Residents said the market had reopened only {} weeks ago after repairs. \
                 Traders counted their losses on {} as municipal workers cleared debris from \
                 the street.",
                number_word(r.range(2, 8)),
                r.pick(WEEKDAYS)
            )
        },
        &|r| {
            format!(
                "Analysts say the violence has displaced more than {} people across the region \
                 since {}, and aid agencies have warned of food shortages in camps outside \
                 {city}.",
                r.range(10, 900) * 1000,
                r.range(2010, 2020)
            )
        },
        &|r| {
            format!(
                "The United Nations envoy for {country}, {}, called for calm and urged all \
                 parties to protect civilians, in remarks to reporters in {}.",
                person(r),
                r.pick(&["New York", "Geneva", "Nairobi", "Vienna"])
            )
        },
    ];
    fill_to(rng, &mut ps, fillers, target);
    (title, ps)
}

fn rng_pick_title(rng: &mut Rng) -> &'static str {
    rng.pick(&["Dr.", "doctor", "nurse", "surgeon"])
}

fn other_article(
    rng: &mut Rng,
    (city, region, country): Place,
    date: &Date,
    target: usize,
) -> (String, Vec<String>) {
    let kind = rng.range(0, 4);
    let name = person(rng);
    let (title, lead) = match kind {
        0 => (
            format!("{country} central bank holds rates as inflation eases"),
            format!(
                "{city}, {country} ({date}) - The central bank of {country} kept its main \
                 interest rate at {}.{} percent on {}, saying inflation had eased for a {} \
                 straight month, governor {name} told reporters.",
                rng.range(2, 14),
                rng.range(0, 9),
                rng.pick(WEEKDAYS),
                rng.pick(&["second", "third", "fourth", "fifth"]),
                date = date.long(),
            ),
        ),
        1 => (
            format!("Heavy rain floods streets in {city}"),
            format!(
                "{city}, {country} ({date}) - Heavy rain flooded streets and cut power to \
                 thousands of homes in {city} on {}, and forecasters warned of more storms \
                 across {region} this week, meteorologist {name} said.",
                rng.pick(WEEKDAYS),
                date = date.long(),
            ),
        ),
        2 => (
            format!("{city} side clinches title with late goal"),
            format!(
                "{city}, {country} ({date}) - A goal in the {}th minute gave the home side a \
                 {}-{} win on {} and the league title, their first in {} years, coach {name} \
                 said after the match.",
                rng.range(80, 95),
                rng.range(1, 4),
                rng.range(0, 1),
                rng.pick(WEEKDAYS),
                number_word(rng.range(3, 30)),
                date = date.long(),
            ),
        ),
        3 => (
            format!("Bus crash on highway near {city} injures passengers"),
            format!(
                "{city}, {country} ({date}) - A bus carrying {} passengers overturned on a \
                 highway near {city} on {}, injuring {} people, {} {name} said. Police said \
                 the driver had lost control on a wet road.",
                rng.range(20, 60),
                rng.pick(WEEKDAYS),
                number_word(rng.range(2, 25)),
                rng.pick(OFFICIALS),
                date = date.long(),
            ),
        ),
        _ => (
            format!("Parliament in {country} passes budget after long debate"),
            format!(
                "{city}, {country} ({date}) - Lawmakers in {country} approved the budget for \
                 next year by {} votes to {} on {}, ending weeks of debate over spending on \
                 schools and roads, speaker {name} said.",
                rng.range(120, 200),
                rng.range(40, 119),
                rng.pick(WEEKDAYS),
                date = date.long(),
            ),
        ),
    };
    let ps = vec![lead];
    let fillers: &[&dyn Fn(&mut Rng) -> String] = &[
        &|r| {
            format!(
                "\"This is a good result for everyone in {region},\" said {}, who has followed \
                 the issue for {} years. \"But there is still a lot of work to do.\"",
                person(r),
                number_word(r.range(3, 20))
            )
        },
        &|r| {
            format!(
                "Figures published by the statistics office on {} showed that prices rose \
                 {}.{} percent in {}, compared with a year earlier.",
                r.pick(WEEKDAYS),
                r.range(1, 9),
                r.range(0, 9),
                r.pick(MONTHS)
            )
        },
        &|r| {
            format!(
                "The city council of {city} said it would spend {} million on repairs and \
                 new equipment, according to {}.",
                r.range(2, 300),
                r.pick(PAPERS)
            )
        },
        &|r| {
            format!(
                "Officials in {region} said schools would reopen on {} and urged residents to \
                 follow updates from local authorities. Trains between {city} and the coast \
                 ran with delays of up to {} minutes.",
                r.pick(WEEKDAYS),
                r.range(10, 90)
            )
        },
        &|r| {
            format!(
                "Opposition leader {} said the government of {country} had acted too late and \
                 called for an inquiry, a demand the prime minister rejected.",
                person(r)
            )
        },
        &|r| {
            format!(
                "More than {} people attended the event at the {} stadium, organisers said, \
                 and the celebrations continued late into the night in the centre of {city}.",
                r.range(2, 60) * 1000,
                r.pick(&["national", "municipal", "old", "new"])
            )
        },
    ];
    let mut ps = ps;
    fill_to(rng, &mut ps, fillers, target);
    (title, ps)
}

/// Appends paragraphs drawn from `fillers` until the text is about `target` bytes.
fn fill_to(
    rng: &mut Rng,
    ps: &mut Vec<String>,
    fillers: &[&dyn Fn(&mut Rng) -> String],
    target: usize,
) {
    let mut len: usize = ps.iter().map(|p| p.len() + 2).sum();
    while len < target && !fillers.is_empty() {
        let i = (rng.next_u64() % fillers.len() as u64) as usize;
        let Some(f) = fillers.get(i) else { break };
        let p = f(rng);
        len += p.len() + 2;
        ps.push(p);
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for ch in title.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A news page around the article: head metadata, navigation, advertisements,
/// related links, a footer.
fn html_page(rng: &mut Rng, title: &str, date: &Date, paragraphs: &[String]) -> String {
    let mut h = String::with_capacity(paragraphs.iter().map(String::len).sum::<usize>() + 4096);
    let t = escape(title);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(&format!("<title>{t} | The Daily Meridian</title>\n"));
    h.push_str(&format!(
        "<meta property=\"og:title\" content=\"{t}\">\n\
         <meta property=\"article:published_time\" content=\"{}T{:02}:{:02}:00Z\">\n",
        date.iso(),
        rng.range(0, 23),
        rng.range(0, 59)
    ));
    h.push_str(
        "<link rel=\"stylesheet\" href=\"/static/site.css\">\n\
         <script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>\n\
         </head>\n<body>\n<header class=\"site-header\"><a href=\"/\" class=\"logo\">The Daily Meridian</a>\n\
         <nav class=\"main-nav\"><ul><li><a href=\"/world\">World</a></li><li><a href=\"/business\">Business</a></li>\
         <li><a href=\"/sport\">Sport</a></li><li><a href=\"/culture\">Culture</a></li><li><a href=\"/opinion\">Opinion</a></li>\
         <li><a href=\"/subscribe\">Subscribe</a></li></ul></nav></header>\n\
         <div class=\"ad-slot\" id=\"ad-top\">Advertisement</div>\n<main>\n<article class=\"story\">\n",
    );
    h.push_str(&format!(
        "<h1 class=\"headline\">{t}</h1>\n<p class=\"byline\">By {} | {}</p>\n",
        escape(&person(rng)),
        date.long()
    ));
    for (i, p) in paragraphs.iter().enumerate() {
        h.push_str("<p>");
        h.push_str(&escape(p));
        h.push_str("</p>\n");
        if i == 2 {
            h.push_str(
                "<aside class=\"inline-related\"><a href=\"/world/latest\">Read more: latest world news</a></aside>\n",
            );
        }
    }
    h.push_str("</article>\n<aside class=\"related\"><h2>Related articles</h2><ul>\n");
    for _ in 0..rng.range(3, 6) {
        h.push_str(&format!(
            "<li><a href=\"/world/{}\">{}</a></li>\n",
            rng.range(1000, 9999),
            escape(&format!(
                "{} {} in {}",
                rng.pick(&[
                    "Markets rally",
                    "Talks resume",
                    "Storm warning",
                    "Elections set"
                ]),
                rng.pick(WEEKDAYS),
                rng.pick(MONTHS)
            ))
        ));
    }
    h.push_str(
        "</ul></aside>\n</main>\n<div class=\"ad-slot\" id=\"ad-bottom\">Advertisement</div>\n\
         <footer class=\"site-footer\"><p>&copy; The Daily Meridian. All rights reserved.</p>\
         <ul><li><a href=\"/about\">About us</a></li><li><a href=\"/privacy\">Privacy</a></li>\
         <li><a href=\"/contact\">Contact</a></li></ul></footer>\n</body>\n</html>\n",
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_ingest::{document_from_str, read_jsonl, Format, IngestOptions};

    #[test]
    fn same_seed_same_corpus_and_prefix_property() {
        let opts = CorpusOptions::default();
        let a: Vec<GeneratedDoc> = generate(opts, 50).collect();
        let b: Vec<GeneratedDoc> = generate(opts, 80).take(50).collect();
        assert_eq!(a, b);
        let other = CorpusOptions { seed: 8, ..opts };
        let c: Vec<GeneratedDoc> = generate(other, 50).collect();
        assert_ne!(a, c);
        // Documents differ from one another.
        assert_ne!(a.first().map(|d| &d.article), a.get(1).map(|d| &d.article));
    }

    #[test]
    fn lengths_are_log_normal_around_four_kb_with_a_long_tail() {
        let mut lens: Vec<usize> = generate(CorpusOptions::default(), 2000)
            .map(|d| d.article.len())
            .collect();
        lens.sort_unstable();
        let median = lens.get(lens.len() / 2).copied().unwrap_or(0);
        assert!((3000..=5000).contains(&median), "median {median}");
        let p10 = lens.get(lens.len() / 10).copied().unwrap_or(0);
        let p99 = lens.get(lens.len() * 99 / 100).copied().unwrap_or(0);
        assert!(p10 < 2500, "p10 {p10}");
        assert!(p99 > 12_000, "p99 {p99}");
        let max = lens.last().copied().unwrap_or(0);
        assert!(max <= MAX_BYTES + 1500, "max {max}");
        assert!(lens.first().copied().unwrap_or(0) >= MIN_BYTES / 2);
    }

    #[test]
    fn shares_of_html_and_attacks_follow_the_options() {
        let docs: Vec<GeneratedDoc> = generate(CorpusOptions::default(), 2000).collect();
        let html = docs.iter().filter(|d| d.html.is_some()).count();
        let attacks = docs.iter().filter(|d| d.attack).count();
        assert!((400..=600).contains(&html), "html {html}");
        assert!((700..=900).contains(&attacks), "attacks {attacks}");
        // Exactly one of text and html.
        assert!(docs.iter().all(|d| d.text.is_some() != d.html.is_some()));
        let none = CorpusOptions {
            html_share: 0.0,
            ..CorpusOptions::default()
        };
        assert!(generate(none, 200).all(|d| d.html.is_none()));
    }

    #[test]
    fn html_variant_parses_through_ingest_without_boilerplate() {
        let doc = generate(CorpusOptions::default(), 200)
            .find(|d| d.html.is_some() && d.attack)
            .expect("some attack page among 200 documents");
        let page = doc.html.as_deref().unwrap_or_default();
        let parsed = document_from_str(
            &doc.id,
            &doc.url,
            Format::Html,
            page,
            &IngestOptions::default(),
        )
        .expect("page parses");
        // The lead paragraph is in the text, the site furniture is not.
        let lead = doc.article.split("\n\n").nth(1).unwrap_or_default();
        let lead_start: String = lead.chars().take(40).collect();
        assert!(parsed.text.contains(&lead_start), "{}", parsed.text);
        assert!(!parsed.text.contains("All rights reserved"));
        assert!(!parsed.text.contains("Privacy"));
        let title = doc.article.lines().next().unwrap_or_default();
        assert!(parsed.title.as_deref().unwrap_or_default().contains(title));
        assert!(parsed.published.is_some());
    }

    #[test]
    fn records_read_back_as_documents() {
        let mut jsonl = String::new();
        for d in generate(CorpusOptions::default(), 30) {
            jsonl.push_str(&serde_json::to_string(&d).expect("serializes"));
            jsonl.push('\n');
        }
        let docs = read_jsonl(jsonl.as_bytes(), "c", "c.jsonl", &IngestOptions::default());
        assert_eq!(docs.len(), 30);
        assert!(docs.iter().all(Result::is_ok));
        let first = generate_doc(&CorpusOptions::default(), 0);
        match docs.first() {
            Some(Ok(d)) => {
                assert_eq!(d.id, "gen-000000");
                if let Some(t) = &first.text {
                    assert_eq!(&d.text, t);
                }
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn rng_unit_and_range_stay_in_bounds() {
        let mut r = Rng::new(1);
        for _ in 0..10_000 {
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
            let x = r.range(3, 5);
            assert!((3..=5).contains(&x));
        }
        assert_eq!(r.range(9, 2), 9);
        assert_eq!(r.pick(&[]), "");
    }
}
