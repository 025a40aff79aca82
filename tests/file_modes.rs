//! Files routeplay writes for the user carry prompts, answers and account ids: run files and
//! snippets are 0600 like the history, whatever the umask.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// `routeplay ARGS` under umask 000, where a file that follows the umask comes out 0666.
fn under_open_umask(home: &Path, args: &[&str]) -> std::process::Output {
    let routeplay = routeplay_command(home, args);
    let mut shell = std::process::Command::new("sh");
    shell.arg("-c").arg("umask 000; exec \"$0\" \"$@\"").arg(routeplay.get_program()).args(routeplay.get_args());
    shell.env_clear().envs(routeplay.get_envs().filter_map(|(key, value)| Some((key, value?))));
    shell.output().unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn run_files_and_snippets_are_written_for_the_owner_only() {
    let home = tempfile::tempdir().unwrap();
    let asked = routeplay_command(home.path(), &["ask", "--route", "emulator", "Hello"]).output().unwrap();
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    let list = routeplay_command(home.path(), &["history", "list", "--json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let conversation = rows[0]["id"].to_string();

    let run_file = home.path().join("run.json");
    let exported = under_open_umask(home.path(), &["export-run", &conversation, run_file.to_str().unwrap()]);
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    assert_eq!(mode(&run_file), 0o600);

    let snippet = home.path().join("again.sh");
    let written = under_open_umask(home.path(), &["snippet", &conversation, "--out", snippet.to_str().unwrap()]);
    assert!(written.status.success(), "{}", text(&written.stderr));
    assert_eq!(mode(&snippet), 0o600);
}
