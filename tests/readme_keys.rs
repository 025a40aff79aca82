//! The README's key table is generated from `assets/keymap.default.toml`; this test fails when
//! they drift apart. `UPDATE_README=1 cargo test --test readme_keys` rewrites the table.

use routeplay::keymap::Keymap;
use std::fmt::Write as _;

const START: &str = "<!-- keys:start (generated from assets/keymap.default.toml) -->";
const END: &str = "<!-- keys:end -->";

fn key_table() -> String {
    let mut table = String::new();
    for section in Keymap::default_keymap().help() {
        let _ = writeln!(table, "\n**{}**\n\n| keys | does |\n| --- | --- |", section.title);
        for entry in section.entries {
            let keys: Vec<String> = entry.keys.split(" / ").map(|k| format!("`{k}`")).collect();
            let _ = writeln!(table, "| {} | {} |", keys.join(" "), entry.description.replace('|', "\\|"));
        }
    }
    table
}

#[test]
fn the_readme_key_table_matches_the_keymap_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme.find(START).expect("README has the keys:start marker") + START.len();
    let end = readme.find(END).expect("README has the keys:end marker");
    let expected = key_table();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}\n{}", &readme[..start], expected, &readme[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    assert_eq!(readme[start..end].trim(), expected.trim(), "run UPDATE_README=1 cargo test --test readme_keys");
}
