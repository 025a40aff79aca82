//! The playground keeps what it showed even when the stream goes silent: a stream that sends
//! three deltas at once and then nothing has all three stored by the timer a second later (not
//! only the first, saved when it arrived), and the screen says `no data for N s` meanwhile.
//! Killed with -9, the run is found `interrupted` with that text.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/pty.rs"]
mod pty;

use portable_pty::{PtySize, native_pty_system};
use std::io::Write;
use std::time::{Duration, Instant};

#[test]
fn text_shown_before_a_stall_is_stored_and_the_stall_is_shown() {
    let home = tempfile::tempdir().unwrap();
    let pty = native_pty_system().openpty(PtySize { rows: 30, cols: 110, pixel_width: 0, pixel_height: 0 }).unwrap();
    let mut command = pty::routeplay_in_pty(home.path());
    command.args(["--route", "emulator", "--model", "emulator-sonnet-fault-stall"]);
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    let screen = pty::screen_of(pty.master.as_ref(), 30, 110);
    let mut keys = pty.master.take_writer().unwrap();
    let wait_for = |what: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let shown = screen.lock().unwrap().screen().contents();
            if shown.contains(what) {
                return shown;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what:?}; screen:\n{shown}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("Prompt → emulator · emulator-sonnet-fault-stall");
    for key in "Where do rivers begin".chars() {
        keys.write_all(key.to_string().as_bytes()).unwrap();
        std::thread::sleep(Duration::from_millis(5));
    }
    keys.write_all(b"\x13").unwrap(); // ctrl+s
    keys.flush().unwrap();
    let shown = wait_for("no data for 3 s");

    let pid = child.process_id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-KILL", &pid]).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "routeplay did not die");
        std::thread::sleep(Duration::from_millis(20));
    }

    let history = |args: &[&str]| -> serde_json::Value {
        let out = cli::routeplay_command(home.path(), args).output().unwrap();
        assert!(out.status.success(), "{}", cli::text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let list = history(&["history", "list", "--json"]);
    assert_eq!(list[0]["status"], "interrupted", "{list}");
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let answer = history(&["history", "show", &id, "--json"])["runs"][0]["answer"].as_str().unwrap().to_owned();
    assert_eq!(answer.split_whitespace().count(), 3, "all three deltas were stored, not only the first: {answer:?}");
    let heading = answer.trim_start_matches('#').trim();
    assert!(shown.contains(heading), "what is stored is what was shown ({heading:?}):\n{shown}");
}
