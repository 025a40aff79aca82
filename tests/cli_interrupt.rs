//! No run of `ask` or `compare` is lost to an interruption: SIGINT, SIGTERM and SIGHUP store
//! it cancelled with the text printed so far and exit 130 / 143 / 129; after kill -9 it is found
//! `interrupted` with that text, saved by the timer though the stream had gone silent; a
//! compare column that finished is stored done before the compare ends. The streams are the
//! built-in emulator's `stall` fault: three deltas, then silence.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const STALL: &str = "emulator-sonnet-fault-stall";

/// A running command whose standard output and error are collected as they come.
struct Running {
    child: Child,
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl Running {
    fn start(home: &Path, args: &[&str]) -> Self {
        let mut child =
            routeplay_command(home, args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("starts");
        let collect = |mut from: Box<dyn Read + Send>| {
            let into = Arc::new(Mutex::new(Vec::new()));
            let sink = Arc::clone(&into);
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = from.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
            into
        };
        let stdout = collect(Box::new(child.stdout.take().unwrap()));
        let stderr = collect(Box::new(child.stderr.take().unwrap()));
        Self { child, stdout, stderr }
    }

    fn stdout(&self) -> String {
        text(&self.stdout.lock().unwrap())
    }

    fn stderr(&self) -> String {
        text(&self.stderr.lock().unwrap())
    }

    fn wait_until(&self, what: &str, ok: impl Fn(&Self) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !ok(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}; stderr:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.id().to_string();
        assert!(std::process::Command::new("kill").args([signal, &pid]).status().unwrap().success());
    }

    /// The exit code (`None` when a signal ended it), once the output is all in.
    fn exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(100));
                return status.code();
            }
            assert!(Instant::now() < deadline, "routeplay did not exit; stderr:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn history(home: &Path, args: &[&str]) -> Value {
    let out = routeplay_command(home, &[&["history"], args].concat()).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The runs of the newest conversation, with its id.
fn newest_runs(home: &Path) -> Vec<Value> {
    let list = history(home, &["list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "one conversation: {list}");
    let id = list[0]["id"].as_i64().unwrap().to_string();
    history(home, &["show", &id, "--json"])["runs"].as_array().unwrap().clone()
}

/// `ask` on the stalling model, once its three deltas are printed and had time to be saved.
fn ask_until_stalled(home: &Path, settle: Duration) -> Running {
    let running = Running::start(home, &["ask", "--route", "emulator", "--model", STALL, "Tell me about the tides"]);
    running.wait_until("the first deltas", |r| r.stdout().split_whitespace().count() >= 3);
    std::thread::sleep(settle);
    running
}

#[test]
fn sigint_sigterm_and_sighup_store_the_ask_cancelled_with_what_it_printed_and_exit_128_plus_the_signal() {
    for (signal, code) in [("-INT", 130), ("-TERM", 143), ("-HUP", 129)] {
        let home = tempfile::tempdir().unwrap();
        let mut running = ask_until_stalled(home.path(), Duration::from_millis(200));
        running.signal(signal);
        assert_eq!(running.exit(), Some(code), "{signal}; stderr:\n{}", running.stderr());
        let printed = running.stdout();
        let runs = newest_runs(home.path());
        assert_eq!(runs[0]["status"], "cancelled", "{signal}: {runs:?}");
        assert_eq!(runs[0]["answer"].as_str().unwrap(), printed.trim_end_matches('\n'), "{signal}");
    }
}

#[test]
fn after_kill_9_the_ask_is_interrupted_with_the_text_printed_before_the_stream_went_silent() {
    let home = tempfile::tempdir().unwrap();
    // The three deltas come at once: the first is saved at once, the others by the timer a
    // second later, though nothing more arrives.
    let mut running = ask_until_stalled(home.path(), Duration::from_millis(1600));
    running.signal("-KILL");
    assert_eq!(running.exit(), None, "killed");
    let printed = running.stdout();
    let runs = newest_runs(home.path());
    assert_eq!(runs[0]["status"], "interrupted", "{runs:?}");
    assert_eq!(runs[0]["answer"].as_str().unwrap(), printed, "all that was shown a second before the kill");
}

/// A compare of a column that finishes at once and one that stalls, once the first is done.
fn compare_until_one_column_is_done(home: &Path) -> Running {
    let args = ["compare", "--target", "emulator:emulator-sonnet", "--target", &format!("emulator:{STALL}"), "Tides?"];
    let running = Running::start(home, &args);
    running.wait_until("the first column to finish", |r| {
        r.stderr().lines().any(|line| line.starts_with("emulator:emulator-sonnet ") && line.contains("done"))
    });
    running.wait_until("the stalled column's text", |r| r.stderr().contains("streaming"));
    running
}

#[test]
fn a_compare_killed_after_one_column_finished_keeps_that_column_done_and_the_other_interrupted() {
    let home = tempfile::tempdir().unwrap();
    let mut running = compare_until_one_column_is_done(home.path());
    std::thread::sleep(Duration::from_millis(1600));
    running.signal("-KILL");
    assert_eq!(running.exit(), None, "killed");
    let runs = newest_runs(home.path());
    assert_eq!(runs.len(), 2, "both columns, as one compare: {runs:?}");
    let column = |model: &str| runs.iter().find(|run| run["model"] == model).unwrap_or_else(|| panic!("{model}"));
    let (done, stalled) = (column("emulator-sonnet"), column(STALL));
    assert_eq!(done["status"], "done");
    assert!(done["answer"].as_str().unwrap().split_whitespace().count() > 20, "the whole answer: {done}");
    assert_eq!(stalled["status"], "interrupted");
    assert!(stalled["answer"].as_str().unwrap().split_whitespace().count() >= 3, "its partial text: {stalled}");
}

#[test]
fn a_compare_stopped_by_sigterm_prints_its_report_stores_both_columns_and_exits_143() {
    let home = tempfile::tempdir().unwrap();
    let mut running = compare_until_one_column_is_done(home.path());
    running.signal("-TERM");
    assert_eq!(running.exit(), Some(143), "stderr:\n{}", running.stderr());
    assert!(running.stdout().contains("| cancelled |"), "the report marks the stopped column:\n{}", running.stdout());
    let mut statuses: Vec<(String, Value)> = newest_runs(home.path())
        .iter()
        .map(|run| (run["model"].as_str().unwrap().to_owned(), run["status"].clone()))
        .collect();
    statuses.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(statuses, [("emulator-sonnet".to_owned(), "done".into()), (STALL.to_owned(), "cancelled".into())]);
}
