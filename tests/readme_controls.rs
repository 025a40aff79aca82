//! The README's per-route table of request controls is generated from each route's spec
//! (`RouteId::ALL` and its capabilities); this test fails when they drift apart.
//! `UPDATE_README=1 cargo test --test readme_controls` rewrites the table.

use routeplay::routes::RouteId;
use routeplay::routes::capabilities::{Capabilities, Support};
use std::fmt::Write as _;

const START: &str = "<!-- controls:start (generated from the route specs' capabilities) -->";
const END: &str = "<!-- controls:end -->";

/// One cell: ✓ carried as asked, → mapped to the route's field, ? sent but unconfirmed, ✗ not
/// sent.
fn cell(support: Support) -> String {
    match support {
        Support::Carried { .. } => "✓".to_owned(),
        Support::Mapped { field } => format!("→ `{field}`"),
        Support::Unconfirmed { field } => format!("? `{field}`"),
        Support::Dropped { .. } => "✗".to_owned(),
    }
}

/// One row of the table: its label, and what a route's capabilities say for it.
type Row = (&'static str, fn(&Capabilities) -> String);

fn rows() -> Vec<Row> {
    vec![
        ("thinking (`--thinking`, `thinking=`)", |caps| {
            format!("{} ({})", cell(caps.thinking.support), caps.thinking.shape)
        }),
        ("effort (`--effort`, `effort=`)", |caps| cell(caps.effort)),
        ("top_k (`--top-k`, `top_k=`)", |caps| cell(caps.top_k)),
        ("images (`--attach`)", |caps| cell(caps.images)),
        ("PDF (`--attach`)", |caps| cell(caps.documents)),
        ("prompt caching (`--cache`, `cache=on`)", |caps| cell(caps.prompt_cache)),
        ("guardrail (`--guardrail`, `guardrail=`)", |caps| cell(caps.guardrails)),
        ("service tier (`--service-tier`, `tier=`)", |caps| {
            let tiers: Vec<&str> = caps.service_tiers.iter().map(|tier| tier.name()).collect();
            match caps.service_tier.field() {
                Some(_) if !tiers.is_empty() => format!("{} ({})", cell(caps.service_tier), tiers.join(", ")),
                _ => cell(caps.service_tier),
            }
        }),
        ("latency (`--latency`, `latency=`)", |caps| cell(caps.latency)),
        ("metadata (`--meta`, `meta.K=`)", |caps| cell(caps.request_metadata)),
        ("token counting", |caps| cell(caps.token_count)),
    ]
}

fn table() -> String {
    let routes: Vec<RouteId> = RouteId::ALL.into_iter().filter(|route| route.spec().capabilities.strict).collect();
    let mut out = String::from("\n| control |");
    for route in &routes {
        let _ = write!(out, " {route} |");
    }
    out.push_str("\n| --- |");
    out.push_str(&" --- |".repeat(routes.len()));
    out.push('\n');
    for (label, show) in rows() {
        let _ = write!(out, "| {label} |");
        for route in &routes {
            let _ = write!(out, " {} |", show(&route.spec().capabilities).replace('|', "\\|"));
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_readme_controls_table_matches_the_route_specs() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme.find(START).expect("README has the controls:start marker") + START.len();
    let end = readme.find(END).expect("README has the controls:end marker");
    let expected = table();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}\n{}", &readme[..start], expected, &readme[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    assert_eq!(readme[start..end].trim(), expected.trim(), "run UPDATE_README=1 cargo test --test readme_controls");
}
