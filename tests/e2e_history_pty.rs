//! End to end, in a pseudo-terminal: a conversation opened from the history while the compare
//! view is up replaces the compare, and the next prompt continues that conversation alone;
//! ctrl+e in the history writes the three export files into the data directory.
//! Only loopback: the in-process emulator.

#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_session.rs"]
mod pty_session;

use pty_session::Session;
use std::path::Path;
use std::time::Duration;

const SIZE: (u16, u16) = (30, 110);

fn start(home: &Path, args: &[&str]) -> Session {
    Session::start(home, SIZE, args, |_| {})
}

#[test]
fn a_conversation_opened_from_the_history_over_the_compare_view_replaces_it() {
    let home = tempfile::tempdir().unwrap();
    let mut first = start(home.path(), &[]);
    first.wait_for("the playground", |s| s.contains("Prompt →"));
    first.type_text("Remember this one");
    first.send("\x13"); // ctrl+s
    first.wait_for("the answer", |s| s.contains("✓ done"));
    first.send("\x1b[15~"); // F5
    first.wait_for("the history", |s| s.contains("Remember this one") && s.contains("1 turn"));
    std::thread::sleep(Duration::from_millis(200));
    first.send("\x05"); // ctrl+e
    first.wait_for("the export's notice", |s| s.contains(".run.json to"));
    let exports: Vec<_> =
        std::fs::read_dir(home.path().join("data/exports")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(exports.len(), 3, "{exports:?}");
    first.send("\x1b"); // Esc closes the history
    std::thread::sleep(Duration::from_millis(300)); // so the Esc is not read as alt+ the next key
    first.quit();

    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "[compare.sets.duo]\ntargets = [\"emulator:emulator-sonnet\", \"emulator:emulator-thinking\"]\n",
    )
    .unwrap();
    let mut second = start(home.path(), &["--fresh", "--compare", "duo"]);
    second.wait_for("the compare view", |s| s.contains("Compare · 2 targets"));
    second.send("\x1b[15~"); // F5
    second.wait_for("the history", |s| s.contains("Remember this one") && s.contains("1 turn"));
    std::thread::sleep(Duration::from_millis(200));
    second.send("\r");
    let screen = second.wait_for("the conversation", |s| s.contains("opened a stored conversation"));
    assert!(!screen.contains("Compare · 2 targets"), "the compare view is gone:\n{screen}");
    assert!(screen.contains("Remember this one"), "{screen}");
    second.type_text("And a follow-up");
    second.send("\x13");
    // The emulator counts the turns it was sent: turn 2 means the stored one went along.
    let answered = |s: &str| {
        let turn_two = s.find("This is turn 2 of this conversation");
        turn_two.is_some_and(|at| s[at..].contains("✓ done"))
    };
    let screen = second.wait_for("the follow-up's answer, as turn 2", answered);
    assert!(!screen.contains("Compare ·"), "the prompt went to the conversation, not the columns:\n{screen}");
    second.quit();
}
