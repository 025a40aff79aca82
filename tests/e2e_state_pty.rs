//! End to end, in a pseudo-terminal: what the playground was left on comes back on the next
//! start (route, model, system prompt), `--fresh` starts clean, and with nothing saved a set
//! credential picks the first route. Only loopback: the in-process emulator; nothing is sent.

#[path = "support/pty.rs"]
mod pty;

use portable_pty::{PtySize, native_pty_system};
use pty::{routeplay_in_pty, screen_of};
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROWS: u16 = 24;
const COLS: u16 = 80;

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        let pty =
            native_pty_system().openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 }).unwrap();
        let mut command = routeplay_in_pty(home);
        command.args(args);
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pty.slave.spawn_command(command).unwrap();
        drop(pty.slave);
        let parser = screen_of(pty.master.as_ref(), ROWS, COLS);
        let writer = pty.master.take_writer().unwrap();
        // Dropping the master would hang up the child.
        std::mem::forget(pty.master);
        Self { parser, writer, child }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
    }

    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.parser.lock().unwrap().screen().contents();
            if ok(&screen) {
                return screen;
            }
            assert!(Instant::now() < deadline, "waited for {what}; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn quit(mut self) {
        self.send("\x11"); // ctrl+q
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "routeplay did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
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
    let mut first = Session::start(home.path(), &[], &[]);
    let screen = first.wait_for("the playground", |s| s.contains("Prompt → emulator"));
    let default_title = prompt_title(&screen);
    first.wait_for("the credential check", |s| s.contains("emulator: built-in"));
    first.send("\t\t"); // the route pane
    first.send("\x1b[C"); // next route: anthropic
    first.send("\x1b[B"); // its second model
    let moved = first.wait_for("the anthropic route", |s| s.contains("Prompt → anthropic"));
    let title = prompt_title(&moved);
    assert!(title.starts_with("Prompt → anthropic · ") && title != "Prompt → anthropic · ", "{title}");
    first.send(F3);
    first.wait_for("the system prompt dialog", |s| s.to_lowercase().contains("system"));
    for ch in "Answer like a pirate".chars() {
        first.send(&ch.to_string());
    }
    first.send("\x13"); // ctrl+s applies
    first.wait_for("the system prompt applied", |s| s.contains("system \"Answer like a pirate\""));
    first.quit();

    let state = std::fs::read_to_string(home.path().join("data/state.toml")).unwrap();
    assert!(state.contains("route = \"anthropic\"") && state.contains("Answer like a pirate"), "{state}");

    let second = Session::start(home.path(), &[], &[]);
    let screen = second.wait_for("the restored route and model", |s| s.contains(&title) && s.contains("system \""));
    assert!(!screen.contains("state.toml"), "no complaint about the state file:\n{screen}");
    assert!(screen.contains("system \"Answer like a pirate\""), "the system prompt is back:\n{screen}");
    second.quit();

    let third = Session::start(home.path(), &["--fresh"], &[]);
    let screen = third.wait_for("the defaults", |s| s.contains("Prompt → emulator"));
    assert!(screen.contains(&default_title) && screen.contains("system –"), "--fresh opens on the defaults:\n{screen}");
    third.quit();
}

#[test]
fn a_corrupt_state_file_is_named_kept_aside_and_the_defaults_open() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("data")).unwrap();
    std::fs::write(home.path().join("data/state.toml"), "version = 1\nroute = [").unwrap();
    let session = Session::start(home.path(), &[], &[]);
    session.wait_for("the notice naming the file", |s| s.contains("state.toml") && s.contains("Prompt → emulator"));
    session.quit();
    let kept = std::fs::read_to_string(home.path().join("data/state.toml.bad")).unwrap();
    assert_eq!(kept, "version = 1\nroute = [", "the user's file is kept as it was");
}

#[test]
fn with_an_anthropic_key_and_nothing_saved_the_playground_opens_on_anthropic() {
    let home = tempfile::tempdir().unwrap();
    let key = "sk-ant-distinct-state-test-key";
    let session = Session::start(home.path(), &[], &[("ANTHROPIC_API_KEY", key)]);
    session.wait_for("the anthropic route", |s| s.contains("Prompt → anthropic"));
    session.quit();
    let state = std::fs::read_to_string(home.path().join("data/state.toml")).unwrap();
    assert!(state.contains("route = \"anthropic\"") && !state.contains(key), "no secret in the state file: {state}");

    let demo_home = tempfile::tempdir().unwrap();
    let demo = Session::start(demo_home.path(), &["--demo"], &[("ANTHROPIC_API_KEY", key)]);
    demo.wait_for("the demo's credentials", |s| s.contains("from demo"));
    assert!(
        demo.wait_for("the demo", |s| s.contains("Prompt →")).contains("Prompt → emulator"),
        "--demo keeps the emulator"
    );
    demo.quit();
}
