//! End to end, in a pseudo-terminal: what the playground was left on comes back on the next
//! start (route, model, system prompt), `--fresh` starts clean, and with nothing saved a set
//! credential picks the first route. Only loopback: the in-process emulator; nothing is sent.

#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_session.rs"]
mod pty_session;

use pty_session::Session;
use std::path::Path;
use std::time::Duration;

fn start(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
    Session::start(home, (24, 80), args, |command| {
        for (name, value) in env {
            command.env(name, value);
        }
    })
}

/// Send keys and give the playground a moment to take them in before the next ones.
fn press(session: &mut Session, keys: &str) {
    session.send(keys);
    std::thread::sleep(Duration::from_millis(30));
}

/// "Prompt → route · model", without the border around it (which changes with the focus).
fn prompt_title(screen: &str) -> String {
    let line = screen.lines().find(|line| line.contains("Prompt →")).unwrap();
    line[line.find("Prompt →").unwrap()..].split(['─', '━']).next().unwrap().trim().to_owned()
}

const F3: &str = "\x1bOR";

#[test]
fn route_model_and_system_prompt_survive_a_restart_and_fresh_starts_clean() {
    let home = tempfile::tempdir().unwrap();
    let mut first = start(home.path(), &[], &[]);
    let screen = first.wait_for("the playground", |s| s.contains("Prompt → emulator"));
    let default_title = prompt_title(&screen);
    first.wait_for("the credential check", |s| s.contains("emulator: built-in"));
    press(&mut first, "\t\t"); // the route pane
    press(&mut first, "\x1b[C"); // next route: anthropic
    press(&mut first, "\x1b[B"); // its second model
    let moved = first.wait_for("the anthropic route", |s| s.contains("Prompt → anthropic"));
    let title = prompt_title(&moved);
    assert!(title.starts_with("Prompt → anthropic · ") && title != "Prompt → anthropic · ", "{title}");
    press(&mut first, F3);
    first.wait_for("the system prompt dialog", |s| s.to_lowercase().contains("system"));
    for ch in "Answer like a pirate".chars() {
        press(&mut first, &ch.to_string());
    }
    press(&mut first, "\x13"); // ctrl+s applies
    first.wait_for("the system prompt applied", |s| s.contains("system \"Answer like a pirate\""));
    first.quit();

    let state = std::fs::read_to_string(home.path().join("data/state.toml")).unwrap();
    assert!(state.contains("route = \"anthropic\"") && state.contains("Answer like a pirate"), "{state}");

    let second = start(home.path(), &[], &[]);
    let screen = second.wait_for("the restored route and model", |s| s.contains(&title) && s.contains("system \""));
    assert!(!screen.contains("state.toml"), "no complaint about the state file:\n{screen}");
    assert!(screen.contains("system \"Answer like a pirate\""), "the system prompt is back:\n{screen}");
    second.quit();

    let third = start(home.path(), &["--fresh"], &[]);
    let screen = third.wait_for("the defaults", |s| s.contains("Prompt → emulator"));
    assert!(screen.contains(&default_title) && screen.contains("system –"), "--fresh opens on the defaults:\n{screen}");
    third.quit();
}

#[test]
fn a_corrupt_state_file_is_named_kept_aside_and_the_defaults_open() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("data")).unwrap();
    std::fs::write(home.path().join("data/state.toml"), "version = 1\nroute = [").unwrap();
    let session = start(home.path(), &[], &[]);
    session.wait_for("the notice naming the file", |s| s.contains("state.toml") && s.contains("Prompt → emulator"));
    session.quit();
    let kept = std::fs::read_to_string(home.path().join("data/state.toml.bad")).unwrap();
    assert_eq!(kept, "version = 1\nroute = [", "the user's file is kept as it was");
}

#[test]
fn with_an_anthropic_key_and_nothing_saved_the_playground_opens_on_anthropic() {
    let home = tempfile::tempdir().unwrap();
    let key = "sk-ant-distinct-state-test-key";
    let session = start(home.path(), &[], &[("ANTHROPIC_API_KEY", key)]);
    session.wait_for("the anthropic route", |s| s.contains("Prompt → anthropic"));
    session.quit();
    let state = std::fs::read_to_string(home.path().join("data/state.toml")).unwrap();
    assert!(state.contains("route = \"anthropic\"") && !state.contains(key), "no secret in the state file: {state}");

    let demo_home = tempfile::tempdir().unwrap();
    let demo = start(demo_home.path(), &["--demo"], &[("ANTHROPIC_API_KEY", key)]);
    demo.wait_for("the demo's credentials", |s| s.contains("from demo"));
    assert!(
        demo.wait_for("the demo", |s| s.contains("Prompt →")).contains("Prompt → emulator"),
        "--demo keeps the emulator"
    );
    demo.quit();
}

/// A conversation started in one session (not opened from the history) is open again in the
/// next: the history stored it, and the state file names it.
#[test]
fn a_conversation_started_here_is_open_again_after_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let mut first = start(home.path(), &[], &[]);
    first.wait_for("the credential check", |s| s.contains("emulator: built-in"));
    for ch in "Name a river".chars() {
        press(&mut first, &ch.to_string());
    }
    press(&mut first, "\x13"); // ctrl+s sends
    first.wait_for("the answer", |s| s.contains("✓ done"));
    std::thread::sleep(Duration::from_millis(300)); // the state file settles
    first.quit();

    let state = std::fs::read_to_string(home.path().join("data/state.toml")).unwrap();
    assert!(state.contains("conversation = "), "the state names the conversation:\n{state}");
    let second = start(home.path(), &[], &[]);
    // The prompt and its finished answer, both back (the wait shows the screen if not).
    second.wait_for("the conversation back", |s| s.contains("Name a river") && s.contains("✓ done"));
    second.quit();
}
