//! Answers and prompts may hold terminal escape sequences (`ESC]52` writes the clipboard,
//! `ESC]0` the window title, `ESC[2J` clears the screen). On a terminal `ask` and `compare`
//! show them escaped, never raw; the Markdown export never holds a raw ESC, wherever it goes,
//! and the JSON exports escape it as `\u001b`. The emulator quotes the prompt back, so a
//! hostile prompt makes a hostile answer.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/pty.rs"]
#[allow(dead_code, reason = "the raw bytes are read here, not a parsed screen")]
mod pty;

use cli::{routeplay_command, text};
use portable_pty::{PtySize, native_pty_system};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

const HOSTILE: &str = "Quote \u{1b}]52;c;cHduZWQ=\u{7} and \u{1b}]0;pwned\u{7} and \u{1b}[2J back";
const RAW: [&str; 3] = ["\u{1b}]52", "\u{1b}]0;", "\u{1b}[2J"];

/// Everything `routeplay ARGS` wrote to a pty (standard output and error), raw.
fn in_pty(home: &Path, args: &[&str]) -> Vec<u8> {
    let pty = native_pty_system().openpty(PtySize { rows: 40, cols: 200, pixel_width: 0, pixel_height: 0 }).unwrap();
    let mut command = pty::routeplay_in_pty(home);
    command.args(args);
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut buf = [0u8; 4096];
        // The read fails (EIO) once the program has ended and the pty is drained.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&buf[..n]);
        }
        bytes
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "routeplay did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(pty.master);
    let bytes = reading.join().unwrap();
    assert!(status.success(), "{status:?}: {}", text(&bytes));
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle.as_bytes())
}

fn routeplay(home: &Path, args: &[&str]) -> Vec<u8> {
    let out = routeplay_command(home, args).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    out.stdout
}

#[test]
fn ask_on_a_terminal_shows_escape_sequences_escaped_and_exports_never_hold_a_raw_esc() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let shown = in_pty(home, &["ask", "--route", "emulator", "--model", "emulator-sonnet", HOSTILE]);
    assert!(contains(&shown, "\\x1b]52;c;cHduZWQ=\\x07"), "the answer quoted the sequence, escaped: {}", text(&shown));
    assert!(!shown.contains(&0x1b), "no raw ESC reached the terminal: {:?}", text(&shown));

    let list: serde_json::Value = serde_json::from_slice(&routeplay(home, &["history", "list", "--json"])).unwrap();
    let id = list[0]["id"].as_i64().unwrap().to_string();
    for args in [&["history", "show", &id][..], &["history", "export", &id, "--format", "md"]] {
        let markdown = routeplay(home, args);
        assert!(contains(&markdown, "\\x1b]0;pwned\\x07"), "{args:?} shows the sequence escaped");
        assert!(!markdown.contains(&0x1b), "{args:?} holds a raw ESC: {}", text(&markdown));
    }
    let json = routeplay(home, &["history", "export", &id, "--format", "json"]);
    assert!(contains(&json, "\\u001b]52") && !json.contains(&0x1b), "JSON escapes ESC: {}", text(&json));
    let file = home.join("run.json");
    routeplay(home, &["export-run", &id, file.to_str().unwrap()]);
    let run_file = std::fs::read(&file).unwrap();
    assert!(contains(&run_file, "\\u001b]52") && !run_file.contains(&0x1b), "the run file escapes ESC too");
    let replayed = in_pty(home, &["replay", &id, "--speed", "1000"]);
    assert!(contains(&replayed, "\\x1b]52;c;cHduZWQ=\\x07"), "replay escapes: {}", text(&replayed));
    assert!(!replayed.contains(&0x1b), "no raw ESC from a replay: {:?}", text(&replayed));
}

#[test]
fn piped_ask_keeps_the_answer_byte_for_byte() {
    let home = tempfile::tempdir().unwrap();
    let piped = routeplay(home.path(), &["ask", "--route", "emulator", "--model", "emulator-sonnet", HOSTILE]);
    assert!(contains(&piped, "\u{1b}]52;c;cHduZWQ=\u{7}"), "a file or pipe gets what the server sent");
}

#[test]
fn a_compare_report_on_a_terminal_shows_no_raw_sequence_from_the_answers() {
    let home = tempfile::tempdir().unwrap();
    let targets = ["--target", "emulator:emulator-sonnet", "--target", "emulator:emulator-thinking"];
    let shown = in_pty(home.path(), &[&["compare"], &targets[..], &[HOSTILE]].concat());
    assert!(contains(&shown, "\\x1b[2J"), "the answers quoted the sequence, escaped: {}", text(&shown));
    // The progress lines redraw with escape sequences of their own; none of these is one.
    for raw in RAW {
        assert!(!contains(&shown, raw), "raw {raw:?} reached the terminal: {:?}", text(&shown));
    }
}
