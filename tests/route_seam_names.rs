//! The OpenAI-compatible routes were added only through the route seam: no source file outside
//! the README's "adding a route" list (the route's `RouteId` and spec, its wire, its emulator
//! surface) names them. A file that does would be per-route code the spec should have carried.

use std::path::{Path, PathBuf};

/// How the new routes are named in code and text.
const NAMES: [&str; 5] =
    ["RouteId::OpenAi", "RouteId::BedrockOpenAi", "RouteId::VertexOpenAi", "bedrock-openai", "vertex-openai"];

/// The places the README's list allows.
const ALLOWED: [&str; 4] =
    ["src/routes/mod.rs", "src/routes/openai.rs", "src/routes/wire/openai_chat", "src/emulator/openai"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_file_outside_the_route_seam_names_the_openai_compatible_routes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 100, "the walk found the sources");
    let mut offenders = Vec::new();
    for file in files {
        let relative = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        if ALLOWED.iter().any(|allowed| relative.starts_with(allowed)) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        offenders.extend(NAMES.iter().filter(|name| text.contains(*name)).map(|name| format!("{relative}: {name}")));
    }
    assert!(offenders.is_empty(), "per-route code outside the seam: {offenders:#?}");
}
