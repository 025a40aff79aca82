//! End to end, in a pseudo-terminal: a demo script presents its steps. Two conversations are
//! stored with `routeplay ask`, a script names them, and `routeplay --script` shows the `DEMO`
//! badge, the step counter and each step's title as `ctrl+n` replays them. Only loopback: the
//! in-process emulator.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_session.rs"]
mod pty_session;

use cli::{routeplay_command, text};
use pty_session::Session;
use std::process::Stdio;

/// The stored conversation id of an `ask` of `prompt`.
fn ask(home: &std::path::Path, prompt: &str) -> i64 {
    let out = routeplay_command(home, &["ask", "--max-tokens", "30", prompt]).stdin(Stdio::null()).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = routeplay_command(home, &["history", "list", "--json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).expect("history list --json");
    let row = rows.as_array().unwrap().iter().find(|row| row.to_string().contains(prompt)).expect("the stored row");
    row["id"].as_i64().expect("an id")
}

#[test]
fn a_script_presents_each_step_with_its_counter_and_title() {
    let home = tempfile::tempdir().unwrap();
    let first = ask(home.path(), "First step about rivers");
    let second = ask(home.path(), "Second step about mountains");
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    let config = format!("[demo.scripts.tour]\nsteps = [{first}, {second}]\n");
    std::fs::write(home.path().join("config/config.toml"), config).unwrap();

    let mut session = Session::start(home.path(), (24, 80), &["--script", "tour"], |_| {});
    let screen = session.wait_for("the presenter line", |s| s.contains("DEMO") && s.contains("ctrl+n"));
    assert!(screen.contains("DEMO"), "{screen}");
    session.send("\x0e"); // ctrl+n
    session.wait_for("step 1", |s| s.contains("step 1/2") && s.contains("First step about rivers"));
    session.send("\x0e");
    let screen = session.wait_for("step 2", |s| s.contains("step 2/2") && s.contains("Second step about mountains"));
    assert!(!screen.contains("step 1/2"), "one counter at a time:\n{screen}");
    session.quit();
}
