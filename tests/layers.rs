//! The top-level modules form layers and imports only point down: a module may use only the
//! modules of the layers below its own. A new upward or sideways `crate::` path fails here,
//! naming the file; a new top-level module must be given a layer. Test code (files named
//! `tests.rs`, and everything after a `#[cfg(test)]` at the start of a line) is left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// From the top down. The README's architecture section draws the same picture.
const LAYERS: &[&[&str]] = &[
    &["cli"],
    &["runtime"],
    &["export"],
    &["recorder", "player", "history_query", "terminal"],
    &["ui", "history_filter"],
    &["app"],
    &["batch"],
    &["matrix"],
    &["client", "emulator", "snippet", "keymap"],
    &["models", "preflight"],
    &["store"],
    &["config", "attach"],
    &["routes"],
    &["auth"],
    &["files", "http_body"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `.rs` file below `dir`.
fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The file's code before its tests, without comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let before_tests = text.split("\n#[cfg(test)]").next().unwrap_or_default();
    before_tests.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// The top-level modules a piece of code names: `crate::x::…` and `crate::{x::…, y::…}`.
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name = item.trim().split("::").next().unwrap_or_default();
                if item.contains("::") && !name.is_empty() {
                    names.insert(name.to_owned());
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            names.insert(name);
        }
    }
    names
}

#[test]
fn imports_only_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let parts: Vec<&str> = relative.iter().map(|part| part.to_str().unwrap()).collect();
        let is_test = parts.last() == Some(&"tests.rs") || parts[..parts.len() - 1].contains(&"tests");
        if is_test || parts == ["main.rs"] || parts == ["lib.rs"] {
            continue;
        }
        let module = parts[0].trim_end_matches(".rs");
        let Some(own) = layer_of(module) else {
            wrong.push(format!("{}: module {module} has no layer in tests/layers.rs", relative.display()));
            continue;
        };
        for used in named_modules(&code(&file)) {
            match layer_of(&used) {
                _ if used == module => {}
                Some(layer) if layer > own => {}
                Some(_) => wrong.push(format!("{}: {module} uses {used}, which is not below it", relative.display())),
                None => wrong.push(format!("{}: uses {used}, which has no layer", relative.display())),
            }
        }
    }
    assert!(wrong.is_empty(), "imports that do not point down:\n{}", wrong.join("\n"));
}

#[test]
fn the_import_scan_sees_plain_and_grouped_paths() {
    let code = "use crate::routes::RouteId;\nuse crate::{auth::Secret, store::Store};\nlet x = crate::models::f();";
    let names: Vec<String> = named_modules(code).into_iter().collect();
    assert_eq!(names, ["auth", "models", "routes", "store"]);
}

#[test]
fn the_core_reads_no_clock() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let mut files = Vec::new();
    sources(&app, &mut files);
    let reads: Vec<String> = files
        .iter()
        .filter(|file| ["Instant::now", "SystemTime::now", "now_ms("].iter().any(|read| code(file).contains(read)))
        .map(|file| file.display().to_string())
        .collect();
    assert!(reads.is_empty(), "update must take time from its messages, but these read a clock: {reads:?}");
}
