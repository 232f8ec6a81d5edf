//! Shows what the learned MUC-4 model adds to the rules on some files: the model's raw
//! proposals over the whole text, then every primary-incident field that differs
//! between the rules alone and rules + model. A development aid:
//! `cargo run --release -p sitrep-pipeline --example learned_roles -- FILE...`
//! (files or directories; JSON Lines and HTML are read as `sitrep extract` reads them).

use sitrep_core::Incident;
use sitrep_ingest::{expand_inputs, stream_input, IngestOptions};
use sitrep_pipeline::{learned_extractor, rules_extractor, LearnedRoles, Muc4Roles, RoleProposer};

fn fields(i: &Incident) -> Vec<(&'static str, String)> {
    let names = |v: Vec<String>| v.join(", ");
    vec![
        (
            "perpetrators",
            names(i.perpetrators.iter().map(|p| p.name.clone()).collect()),
        ),
        (
            "groups",
            names(
                i.groups
                    .iter()
                    .map(|g| format!("{} ({})", g.name, g.relation.as_str()))
                    .collect(),
            ),
        ),
        (
            "weapon_types",
            names(
                i.weapon_types
                    .iter()
                    .map(|w| w.value.as_str().to_string())
                    .collect(),
            ),
        ),
        (
            "target_types",
            names(
                i.target_types
                    .iter()
                    .map(|w| w.value.as_str().to_string())
                    .collect(),
            ),
        ),
    ]
}

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    if paths.is_empty() {
        eprintln!("usage: learned_roles FILE_OR_DIR...");
        std::process::exit(2);
    }
    let (proposer, learned) = match (Muc4Roles::embedded(), learned_extractor(LearnedRoles::ALL)) {
        (Ok(p), Ok(l)) => (p, l),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("learned_roles: {e}");
            std::process::exit(1);
        }
    };
    let rules = rules_extractor();
    let opts = IngestOptions::default();
    for input in expand_inputs(&paths).into_iter().flatten() {
        for doc in stream_input(&input, &opts).flatten() {
            println!("== {}", doc.id);
            if std::env::var_os("RAW").is_some() {
                for (r, sp) in proposer.model().tag_mentions(&doc.text) {
                    println!("   tagged {r} {:?}", doc.text.get(sp.start..sp.end));
                }
                for (c, r, p) in proposer.model().scored_candidates(&doc.text) {
                    println!("   cand {r} {:.2} {:?}", p, c.norm);
                }
                println!("   doc probs {:?}", proposer.model().doc_probs(&doc.text));
            }
            for p in proposer.propose(&doc.text) {
                let words = doc.text.get(p.span.start..p.span.end).unwrap_or("");
                println!("   proposal {:?} {:?}", p.role, words);
            }
            let a = rules.extract(&doc);
            let b = learned.extract(&doc);
            let subject = |r: &sitrep_core::DocumentRecord| {
                let p = r.incidents.iter().find(|i| i.primary).cloned();
                p.or_else(|| (r.incidents.len() == 1).then(|| r.incidents[0].clone()))
            };
            let (Some(ia), Some(ib)) = (subject(&a), subject(&b)) else {
                println!("   (no primary incident)");
                continue;
            };
            for ((k, va), (_, vb)) in fields(&ia).into_iter().zip(fields(&ib)) {
                if va != vb {
                    println!("   {k}: [{va}] -> [{vb}]");
                }
            }
        }
    }
}
