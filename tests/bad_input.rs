//! Broken user files: each problem names the file and the line, and the playground starts on
//! defaults all the same.

use routeplay::app::App;
use routeplay::cli::playground::{Start, load};
use routeplay::config::paths::Paths;
use routeplay::routes::RouteId;
use std::fs;

fn paths_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Paths) {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths { config_dir: dir.path().join("config"), data_dir: dir.path().join("data") };
    for (name, text) in files {
        let path = paths.config_dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    (dir, paths)
}

fn problem_for<'a>(problems: &'a [String], file: &str) -> &'a str {
    problems.iter().find(|p| p.contains(file)).unwrap_or_else(|| panic!("no problem names {file}: {problems:?}"))
}

#[test]
fn a_fresh_machine_has_no_problems_and_opens_on_the_emulator() {
    let (_dir, paths) = paths_with(&[]);
    let loaded = load(&paths, Start::default());
    assert!(loaded.startup.problems.is_empty(), "{:?}", loaded.startup.problems);
    assert_eq!(loaded.startup.route, RouteId::Emulator);
}

#[test]
fn a_broken_config_line_is_named_and_defaults_apply() {
    let (_dir, paths) = paths_with(&[("config.toml", "theme = \"light\"\n[defaults]\nmax_tokens = = 3\n")]);
    let loaded = load(&paths, Start::default());
    let problem = problem_for(&loaded.startup.problems, "config.toml");
    assert!(problem.contains("config.toml:3:"), "{problem}");
    assert_eq!(loaded.startup.params.max_tokens, 1024);
    let app = App::new(loaded.startup);
    assert_eq!(app.targets.target().route, RouteId::Emulator);
}

#[test]
fn a_broken_keymap_line_is_named_and_the_other_bindings_still_work() {
    let keymap = "[[global]]\nkeys = [\"ctrl+g\"]\naction = \"quit\"\ndescription = \"Quit\"\n\n[[global]]\nkeys = [\"hyper+x\"]\naction = \"quit\"\ndescription = \"Broken\"\n";
    let (_dir, paths) = paths_with(&[("keymap.toml", keymap)]);
    let loaded = load(&paths, Start::default());
    let problem = problem_for(&loaded.startup.problems, "keymap.toml");
    assert!(problem.contains("keymap.toml:7:"), "{problem}");
    let help = loaded.startup.keymap.help();
    assert!(help.iter().flat_map(|s| &s.entries).any(|e| e.keys.contains("ctrl+g")), "the good line applied");
}

#[test]
fn an_unparsable_keymap_falls_back_to_the_defaults() {
    let (_dir, paths) = paths_with(&[("keymap.toml", "[[global]\nkeys = \n")]);
    let loaded = load(&paths, Start::default());
    let problem = problem_for(&loaded.startup.problems, "keymap.toml");
    assert!(problem.contains("keymap.toml:1:"), "{problem}");
    assert!(loaded.startup.keymap.help().iter().flat_map(|s| &s.entries).any(|e| e.keys.contains("ctrl+s")));
}

#[test]
fn a_broken_theme_line_is_named_and_the_built_in_themes_remain() {
    let theme = "name = \"mine\"\n[styles]\ntext = { fg = \"#12345\" }\n";
    let (_dir, paths) = paths_with(&[("themes/mine.toml", theme), ("config.toml", "theme = \"dark\"\n")]);
    let loaded = load(&paths, Start::default());
    let problem = problem_for(&loaded.startup.problems, "mine.toml:3:");
    assert!(problem.contains("text.fg"), "{problem}");
    assert!(loaded.startup.theme_names.iter().any(|n| n == "dark"));
}

#[test]
fn an_unknown_theme_or_route_in_the_config_is_reported() {
    let (_dir, paths) = paths_with(&[("config.toml", "theme = \"neon\"\n[defaults]\nroute = \"carrier-pigeon\"\n")]);
    let loaded = load(&paths, Start::default());
    assert!(loaded.startup.problems.iter().any(|p| p.contains("neon")), "{:?}", loaded.startup.problems);
    assert!(loaded.startup.problems.iter().any(|p| p.contains("carrier-pigeon")));
    assert_eq!(loaded.startup.route, RouteId::Emulator);
}

#[test]
fn a_demo_script_is_read_from_the_config_and_an_unknown_one_is_named() {
    let (_dir, paths) = paths_with(&[("config.toml", "[demo.scripts.pitch]\nsteps = [11, 12]\n")]);
    let loaded = load(&paths, Start { script: Some("pitch".into()), ..Start::default() });
    assert_eq!(loaded.startup.script, Some(("pitch".into(), vec![11, 12])));
    let loaded = load(&paths, Start { script: Some("nope".into()), ..Start::default() });
    assert_eq!(loaded.startup.script, None);
    assert!(loaded.startup.problems.iter().any(|p| p.contains("--script nope") && p.contains("pitch")));
}
