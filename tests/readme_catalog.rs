//! The README's catalog table (which families run on which routes, under which ids) is
//! generated from the built-in catalog, `assets/models.toml`; this test fails when they drift
//! apart. `UPDATE_README=1 cargo test --test readme_catalog` rewrites the table.

use routeplay::models::Catalog;
use routeplay::routes::RouteId;
use std::fmt::Write as _;

const START: &str = "<!-- catalog:start (generated from assets/models.toml) -->";
const END: &str = "<!-- catalog:end -->";

fn table() -> String {
    let catalog = Catalog::builtin();
    let mut out = String::from("\n| family | routes: id |\n| --- | --- |\n");
    for family in catalog.families() {
        let ids: Vec<String> = RouteId::ALL
            .into_iter()
            .filter_map(|route| family.id(route).map(|id| format!("`{route}`: `{id}`")))
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "| {} | {} |", family.name, ids.join(", "));
        }
    }
    out
}

#[test]
fn the_readme_catalog_table_matches_the_built_in_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme.find(START).expect("README has the catalog:start marker") + START.len();
    let end = readme.find(END).expect("README has the catalog:end marker");
    let expected = table();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}\n{}", &readme[..start], expected, &readme[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    assert_eq!(readme[start..end].trim(), expected.trim(), "run UPDATE_README=1 cargo test --test readme_catalog");
}

#[test]
fn one_model_runs_on_several_routes_in_one_compare_step() {
    let catalog = Catalog::builtin();
    let routes_of = |name: &str| -> Vec<RouteId> {
        let family = catalog.families().iter().find(|f| f.name.contains(name)).unwrap_or_else(|| panic!("{name}"));
        RouteId::ALL.into_iter().filter(|route| family.id(*route).is_some()).collect()
    };
    let gpt_oss = routes_of("gpt-oss-120b");
    for route in [RouteId::OpenAi, RouteId::BedrockOpenAi, RouteId::BedrockConverse] {
        assert!(gpt_oss.contains(&route), "gpt-oss-120b on {route}");
    }
    let llama = routes_of("Llama 3.3 70B");
    assert!(llama.contains(&RouteId::BedrockConverse) && llama.contains(&RouteId::VertexOpenAi), "{llama:?}");
    let flash = routes_of("Gemini 2.5 Flash");
    assert!(flash.contains(&RouteId::VertexGemini) && flash.contains(&RouteId::VertexOpenAi), "{flash:?}");
}
