//! Prints what the annotators found in a text file: places, people, groups, cues,
//! dates and numbers, with their spans. A development aid:
//! `cargo run --release -p sitrep-pipeline --example annotate -- FILE`.

use sitrep_core::Document;
use sitrep_extract::context::Ctx;
use sitrep_pipeline::GeoPlaces;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: annotate FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("annotate: {path}: {e}");
            std::process::exit(2);
        }
    };
    let doc = Document {
        id: path.clone(),
        source: path,
        title: sitrep_ingest::guess_title(&text),
        published: None,
        language: None,
        text,
    };
    let ctx = Ctx::new(&doc, &GeoPlaces, Default::default());
    let t = |s: sitrep_core::Span| &doc.text[s.start..s.end];
    for p in &ctx.places {
        println!(
            "place  {:?} {:?} {:?} {:?}",
            t(p.span),
            p.kind,
            p.city,
            p.country_code
        );
    }
    for m in &ctx.persons {
        println!(
            "person {:?} -> {:?} title {:?}",
            t(m.span),
            ctx.entities[m.entity].name,
            m.title.map(t)
        );
    }
    for g in &ctx.ann.groups {
        println!("group  {:?} -> {}", t(g.span), g.entry().name);
    }
    for c in &ctx.ann.cues {
        println!("cue    {:?} {:?}", t(c.span), c.cues());
    }
    for d in &ctx.ann.dates {
        println!("date   {:?} {:?}", t(d.span), d.expr);
    }
}
