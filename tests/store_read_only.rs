//! The history commands that only read work on a history they may not write: a read-only data
//! directory and file (a shared or mounted home, a full disk) open the store read-only.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

/// The user that reads: `nobody` when the tests run as root (root writes anything), else the
/// user itself, with the files made read-only. `nobody` runs a copy of the binary in a
/// directory it may enter, since the build directory may be private to root.
fn reader(command: Command) -> Command {
    static COPY: OnceLock<tempfile::TempDir> = OnceLock::new();
    if !running_as_root() {
        return command;
    }
    let bin = COPY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let copy = dir.path().join("routeplay");
        std::fs::copy(command.get_program(), &copy).unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        dir
    });
    let mut copy = Command::new(bin.path().join("routeplay"));
    copy.args(command.get_args()).env_clear();
    copy.envs(command.get_envs().filter_map(|(key, value)| Some((key, value?))));
    copy.uid(65534).gid(65534);
    copy
}

fn running_as_root() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().any(|line| line.starts_with("Uid:") && line.split_whitespace().nth(1) == Some("0"))
}

/// Every directory 0555 and every file 0444 below `dir` (and `dir` itself).
fn make_read_only(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            make_read_only(&path);
        } else {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        }
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
}

/// A history with one asked run; `folded` has a later process fold the write-ahead log into
/// the file (no `-wal` or `-shm` left), else `ask` leaves them as it does.
fn history_with_a_run(folded: bool) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let asked =
        routeplay_command(home.path(), &["ask", "--route", "emulator", "Tell me about penguins"]).output().unwrap();
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    if folded {
        assert!(routeplay_command(home.path(), &["history", "list"]).output().unwrap().status.success());
        assert!(!home.path().join("data/history.sqlite3-shm").exists(), "the log was folded in on close");
    }
    make_read_only(home.path());
    home
}

#[test]
fn history_list_search_and_show_work_on_a_read_only_history() {
    for folded in [false, true] {
        reads_work(&history_with_a_run(folded));
    }
}

fn reads_work(home: &tempfile::TempDir) {
    let list = reader(routeplay_command(home.path(), &["history", "list", "--json"])).output().unwrap();
    let writable_again = || {
        std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(home.path().join("data"), std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    assert!(list.status.success(), "history list on a read-only history: {}", text(&list.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let id = rows[0]["id"].to_string();
    assert!(text(&list.stdout).contains("penguins"), "{}", text(&list.stdout));

    let search = reader(routeplay_command(home.path(), &["history", "search", "penguins"])).output().unwrap();
    assert!(search.status.success(), "{}", text(&search.stderr));
    let show = reader(routeplay_command(home.path(), &["history", "show", &id])).output().unwrap();
    assert!(show.status.success(), "{}", text(&show.stderr));
    assert!(text(&show.stdout).contains("penguins"), "{}", text(&show.stdout));
    writable_again();
}

#[test]
fn a_read_only_history_whose_log_cannot_be_read_says_so_instead_of_showing_less() {
    let home = tempfile::tempdir().unwrap();
    let asked =
        routeplay_command(home.path(), &["ask", "--route", "emulator", "Tell me about penguins"]).output().unwrap();
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    let data = home.path().join("data");
    assert!(std::fs::metadata(data.join("history.sqlite3-wal")).unwrap().len() > 0, "ask leaves its log");
    std::fs::remove_file(data.join("history.sqlite3-shm")).unwrap();
    make_read_only(home.path());

    let list = reader(routeplay_command(home.path(), &["history", "list"])).output().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(list.status.code(), Some(1));
    let error = text(&list.stderr);
    assert!(error.contains("history.sqlite3") && error.contains("write-ahead log"), "{error}");
}
