//! Builders for fictional reports used by the tests and the benchmark.
//! Every place, group and person here is made up.
#![allow(dead_code)]

use sitrep_core::{
    AttackType, Claim, Count, Document, DocumentRecord, Evidence, GroupLink, GroupRelation,
    Incident, Labeled, Location, PartialDate, Span, Statement, StatementKind, TargetType,
    WeaponType,
};

/// Evidence for the first occurrence of `phrase` in `text` (empty if absent).
pub fn ev(text: &str, phrase: &str) -> Vec<Evidence> {
    match text.find(phrase) {
        Some(i) => Evidence::from_text(text, Span::new(i, i + phrase.len()))
            .into_iter()
            .collect(),
        None => Vec::new(),
    }
}

/// A document with a title (its first line) and an optional publication date.
pub fn doc(id: &str, published: Option<&str>, text: &str) -> Document {
    Document {
        id: id.to_string(),
        source: format!("fixtures/{id}.txt"),
        title: text.lines().next().map(str::to_string),
        published: published.and_then(|p| p.parse().ok()),
        language: None,
        text: text.to_string(),
    }
}

/// Builds one incident of a document, quoting the document's own words.
pub struct IncidentBuilder<'d> {
    doc: &'d Document,
    inc: Incident,
}

impl<'d> IncidentBuilder<'d> {
    /// A primary incident numbered `n` in `doc`.
    pub fn new(doc: &'d Document, n: usize) -> Self {
        let mut inc = Incident::empty(format!("{}#{n}", doc.id));
        inc.primary = true;
        inc.confidence = 0.9;
        IncidentBuilder { doc, inc }
    }
    fn ev(&self, phrase: &str) -> Vec<Evidence> {
        ev(&self.doc.text, phrase)
    }
    /// Marks it a background mention.
    pub fn mention(mut self) -> Self {
        self.inc.primary = false;
        self.inc.confidence = 0.6;
        self
    }
    /// Date, quoting `phrase`.
    pub fn date(mut self, date: &str, phrase: &str) -> Self {
        if let Ok(d) = date.parse::<PartialDate>() {
            self.inc.date = Some(Labeled {
                value: d,
                evidence: self.ev(phrase),
            });
        }
        self
    }
    /// City and country (with code and coordinates).
    pub fn place(mut self, city: &str, country: &str, cc: &str, lat: f64, lon: f64) -> Self {
        self.inc.location = Some(Location {
            city: Some(city.to_string()),
            region: None,
            country: Some(country.to_string()),
            country_code: Some(cc.to_string()),
            lat: Some(lat),
            lon: Some(lon),
            specificity: Some(1),
            evidence: self.ev(city),
        });
        self
    }
    /// Attack type, quoting `phrase`.
    pub fn attack(mut self, a: AttackType, phrase: &str) -> Self {
        let evidence = self.ev(phrase);
        self.inc.attack_types.push(Labeled { value: a, evidence });
        self
    }
    /// Weapon type, quoting `phrase`.
    pub fn weapon(mut self, w: WeaponType, phrase: &str) -> Self {
        let evidence = self.ev(phrase);
        self.inc.weapon_types.push(Labeled { value: w, evidence });
        self
    }
    /// Target type, quoting `phrase`.
    pub fn target(mut self, t: TargetType, phrase: &str) -> Self {
        let evidence = self.ev(phrase);
        self.inc.target_types.push(Labeled { value: t, evidence });
        self
    }
    /// Exact killed count, quoting `phrase`.
    pub fn killed(mut self, n: u32, phrase: &str) -> Self {
        self.inc.killed = Some(Count {
            min: n,
            max: Some(n),
            evidence: self.ev(phrase),
        });
        self
    }
    /// Exact injured count, quoting `phrase`.
    pub fn injured(mut self, n: u32, phrase: &str) -> Self {
        self.inc.injured = Some(Count {
            min: n,
            max: Some(n),
            evidence: self.ev(phrase),
        });
        self
    }
    /// A linked group.
    pub fn group(mut self, name: &str, relation: GroupRelation) -> Self {
        let evidence = self.ev(name);
        self.inc.groups.push(GroupLink {
            name: name.to_string(),
            relation,
            evidence,
        });
        self
    }
    /// Claimed through `mode`, quoting `phrase`.
    pub fn claimed(mut self, mode: &str, phrase: &str) -> Self {
        self.inc.claimed = Some(Claim {
            value: true,
            modes: vec![mode.to_string()],
            evidence: self.ev(phrase),
        });
        self
    }
    /// The incident.
    pub fn build(self) -> Incident {
        self.inc
    }
}

/// A record of `doc` with these incidents and statements.
pub fn record(
    doc: &Document,
    incidents: Vec<Incident>,
    statements: Vec<Statement>,
) -> DocumentRecord {
    DocumentRecord {
        doc_id: doc.id.clone(),
        source: doc.source.clone(),
        title: doc.title.clone(),
        published: doc.published,
        incidents,
        statements,
        error: None,
    }
}

/// A claim of responsibility quoting `phrase`.
pub fn claim_statement(doc: &Document, speaker: &str, group: &str, phrase: &str) -> Statement {
    Statement {
        speaker: speaker.to_string(),
        affiliation: Some(group.to_string()),
        kind: StatementKind::ClaimOfResponsibility,
        evidence: ev(&doc.text, phrase),
    }
}

const TOWNS: &[(&str, f64, f64)] = &[
    ("Velmora", 10.0, 10.0),
    ("Ostrakan", 12.0, 14.0),
    ("Dunmere", 8.0, 20.0),
    ("Karvoy", 15.0, 5.0),
    ("Pellisar", 6.0, 12.0),
    ("Tirsk", 18.0, 22.0),
    ("Amberwick", 3.0, 3.0),
    ("Solvane", 20.0, 8.0),
];

/// Made-up countries with codes from ISO 3166's user-assigned range (X?).
const COUNTRIES: &[(&str, &str)] = &[
    ("Freeland", "XF"),
    ("Norland", "XN"),
    ("Southmark", "XS"),
    ("Eastvale", "XE"),
    ("Westerholm", "XW"),
    ("Arvania", "XA"),
    ("Brennland", "XB"),
    ("Corvia", "XC"),
    ("Dalmark", "XD"),
    ("Galdoria", "XG"),
    ("Hestria", "XH"),
    ("Istovia", "XI"),
    ("Jarland", "XJ"),
    ("Kesmark", "XK"),
    ("Lunovia", "XL"),
    ("Moravel", "XM"),
    ("Orsenia", "XO"),
    ("Pravania", "XP"),
    ("Quelland", "XQ"),
    ("Ruvenia", "XR"),
];

/// Generated report number `i` of a synthetic corpus: every `per_incident`
/// consecutive documents report the same fictional attack (same town and day,
/// counts drifting as reports come in); town, day and attack type vary by
/// incident so that distinct incidents never collide. Every town is in Freeland.
pub fn generated(i: u64, per_incident: u64) -> (Document, DocumentRecord) {
    generated_in(i, per_incident, COUNTRIES[0])
}

/// [`generated`] with the incidents spread over 20 made-up countries (one in 20
/// in Freeland, XF), so that a country filter selects a realistic share of a store.
pub fn generated_spread(i: u64, per_incident: u64) -> (Document, DocumentRecord) {
    let k = i / per_incident.max(1);
    generated_in(
        i,
        per_incident,
        COUNTRIES[(k % COUNTRIES.len() as u64) as usize],
    )
}

fn generated_in(
    i: u64,
    per_incident: u64,
    (country, code): (&str, &str),
) -> (Document, DocumentRecord) {
    let per = per_incident.max(1);
    let k = i / per;
    let nth = i % per;
    let (town, lat, lon) = TOWNS[(k % TOWNS.len() as u64) as usize];
    // Each town gets an incident every 8th day at most: day index grows with k.
    let day_index = (k / TOWNS.len() as u64) * 8;
    let year = 2030 + (day_index / 336) as i32;
    let month = ((day_index % 336) / 28 + 1) as u8;
    let day = ((day_index % 28) + 1) as u8;
    let date = format!("{year:04}-{month:02}-{day:02}");
    let pub_day = (day + nth as u8).min(28);
    let published = format!("{year:04}-{month:02}-{pub_day:02}");
    let killed = 2 + (k % 17) as u32 + nth as u32;
    let injured = 5 + (k % 23) as u32 + 2 * nth as u32;
    let (attack, weapon, verb) = if k.is_multiple_of(3) {
        (
            AttackType::ArmedAssault,
            WeaponType::Firearms,
            "gunmen opened fire at",
        )
    } else {
        (
            AttackType::BombingExplosion,
            WeaponType::Explosives,
            "a bomb exploded at",
        )
    };
    let text = format!(
        "Attack in {town} leaves {killed} dead\n\
         On {date}, {verb} the central market of {town}, officials said. \
         {killed} people were killed and {injured} were wounded in the attack on shoppers, \
         report {nth} of incident {k}. Police sealed off the square while ambulances \
         took the wounded to the city hospital. Witnesses described panic among traders."
    );
    let d = doc(&format!("gen-{i}"), Some(&published), &text);
    let inc = IncidentBuilder::new(&d, 1)
        .date(&date, &date)
        .place(town, country, code, lat, lon)
        .attack(attack, verb)
        .weapon(weapon, verb)
        .target(TargetType::PrivateCitizensProperty, "shoppers")
        .killed(killed, &format!("{killed} people were killed"))
        .injured(injured, &format!("{injured} were wounded"))
        .build();
    let rec = record(&d, vec![inc], Vec::new());
    (d, rec)
}

/// The PostgreSQL server the tests use: `SITREP_TEST_PG` (a `postgres://` URL).
/// Unset, the PostgreSQL tests print a note and pass, except under `CI=true`,
/// where a missing server is a failure.
pub fn pg_base_url() -> Option<String> {
    match std::env::var("SITREP_TEST_PG") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true but SITREP_TEST_PG is not set: the PostgreSQL tests must run in CI (see .ci/run)");
            }
            eprintln!("note: SITREP_TEST_PG is not set; skipping a PostgreSQL test (scripts/pg-cluster.sh starts a server)");
            None
        }
    }
}

/// A fresh, empty schema in the `SITREP_TEST_PG` database, dropped with
/// everything in it when the guard is dropped (the end of the test). It
/// dereferences to the schema's URL (its `search_path` set through the
/// connection's options), so each test starts empty and tests run in parallel.
/// Drop the connections that use it before the guard (declare the guard
/// first): a connection inside a transaction would hold locks the drop waits
/// for, and after `lock_timeout` the schema is left behind with a note.
pub struct PgSchema {
    url: String,
    base: String,
    name: String,
}

impl std::ops::Deref for PgSchema {
    type Target = str;
    fn deref(&self) -> &str {
        &self.url
    }
}

impl PgSchema {
    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let (base, name) = (self.base.clone(), self.name.clone());
        // Its own thread: the synchronous client runs a runtime of its own,
        // which cannot start inside an async test's runtime.
        let dropped = std::thread::spawn(move || -> Result<(), postgres::Error> {
            let mut c = postgres::Client::connect(&base, postgres::NoTls)?;
            c.batch_execute(&format!(
                "SET lock_timeout = '20s'; DROP SCHEMA IF EXISTS {name} CASCADE"
            ))
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("note: test schema {} not dropped: {e}", self.name),
            Err(_) => eprintln!("note: test schema {} not dropped", self.name),
        }
    }
}

/// A fresh, empty schema in the `SITREP_TEST_PG` database, dropped at the end
/// of the test ([`PgSchema`]). `None` when there is no server to use.
pub fn fresh_pg_url() -> Option<PgSchema> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let base = pg_base_url()?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = format!(
        "t_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        nanos
    );
    let mut c =
        postgres::Client::connect(&base, postgres::NoTls).expect("connect to SITREP_TEST_PG");
    c.batch_execute(&format!("CREATE SCHEMA {name}"))
        .expect("create a test schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(PgSchema {
        url: format!("{base}{sep}options=-csearch_path%3D{name}"),
        base,
        name,
    })
}

/// A store of the contract suite with the test schema it lives in (none on
/// SQLite): the store is dropped first, then the schema. Dereferences to the
/// store.
pub struct TestStore {
    store: sitrep_store::SqlStore,
    _schema: Option<PgSchema>,
}

impl TestStore {
    /// A store in memory (SQLite).
    pub fn sqlite() -> TestStore {
        TestStore {
            store: sitrep_store::SqliteStore::open_in_memory().unwrap(),
            _schema: None,
        }
    }

    /// A store in a fresh schema of `SITREP_TEST_PG` (`None`: no server).
    pub fn postgres() -> Option<TestStore> {
        let schema = fresh_pg_url()?;
        Some(TestStore {
            store: sitrep_store::PgStore::connect(&schema).unwrap(),
            _schema: Some(schema),
        })
    }
}

impl std::ops::Deref for TestStore {
    type Target = sitrep_store::SqlStore;
    fn deref(&self) -> &sitrep_store::SqlStore {
        &self.store
    }
}

impl std::ops::DerefMut for TestStore {
    fn deref_mut(&mut self) -> &mut sitrep_store::SqlStore {
        &mut self.store
    }
}

/// Four reports of one fictional bombing, with counts rising as news comes
/// in, the last being the attackers' own claim.
pub fn velmora_reports() -> Vec<(sitrep_core::Document, sitrep_core::DocumentRecord)> {
    let mut out = Vec::new();

    let t = "Bomb hits Velmora market\nA car bomb exploded at the Velmora central market on 2 April 2031. \
             Four people were killed and 20 were injured, police said.";
    let d = doc("velmora-a", Some("2031-04-02"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "2 April 2031")
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "car bomb exploded")
        .weapon(WeaponType::Explosives, "car bomb")
        .target(TargetType::PrivateCitizensProperty, "market")
        .killed(4, "Four people were killed")
        .injured(20, "20 were injured")
        .build();
    out.push((d.clone(), record(&d, vec![i], vec![])));

    let t = "Velmora market death toll rises\nThe toll of Wednesday's car bomb at the Velmora central market \
             rose to six dead, with 25 wounded, hospital officials said on 3 April.";
    let d = doc("velmora-b", Some("2031-04-03"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "Wednesday")
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "car bomb")
        .weapon(WeaponType::Explosives, "car bomb")
        .killed(6, "six dead")
        .injured(25, "25 wounded")
        .build();
    out.push((d.clone(), record(&d, vec![i], vec![])));

    let t = "Seventh victim of Velmora bombing dies\nA seventh person died on Friday of wounds from the \
             car bomb at the Velmora central market, bringing the toll to seven killed. Police named \
             the Northern Front as suspects.";
    let d = doc("velmora-c", Some("2031-04-04"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "car bomb")
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "car bomb")
        .killed(7, "seven killed")
        .group("Northern Front", GroupRelation::Suspected)
        .build();
    out.push((d.clone(), record(&d, vec![i], vec![])));

    let t = "Northern Front claims Velmora bombing\nIn a message on its Telegram channel, the Northern Front \
             said its fighters killed 40 people in the Velmora market attack of 2 April 2031.";
    let d = doc("velmora-d", Some("2031-04-05"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "2 April 2031")
        .place("Velmora", "Freeland", "XF", 10.0, 10.0)
        .attack(AttackType::BombingExplosion, "bombing")
        .killed(40, "killed 40 people")
        .group("Northern Front", GroupRelation::Claimed)
        .claimed("telegram", "Telegram channel")
        .build();
    let claim = claim_statement(
        &d,
        "Northern Front",
        "Northern Front",
        "the Northern Front said its fighters killed 40 people",
    );
    out.push((d.clone(), record(&d, vec![i], vec![claim])));
    out
}

/// A shooting in another city on the same day.
pub fn ostrakan_report() -> (sitrep_core::Document, sitrep_core::DocumentRecord) {
    let t =
        "Gunmen attack Ostrakan police post\nGunmen opened fire on a police post in Ostrakan on \
             2 April 2031, killing two officers.";
    let d = doc("ostrakan-a", Some("2031-04-02"), t);
    let i = IncidentBuilder::new(&d, 1)
        .date("2031-04-02", "2 April 2031")
        .place("Ostrakan", "Freeland", "XF", 12.0, 14.0)
        .attack(AttackType::ArmedAssault, "opened fire")
        .weapon(WeaponType::Firearms, "Gunmen")
        .target(TargetType::Police, "police post")
        .killed(2, "killing two officers")
        .build();
    (d.clone(), record(&d, vec![i], vec![]))
}
