//! `routeplay inspect`: a stored run's exchange, as the playground's inspector shows it, from
//! the command line with an empty HOME: text for people, JSON for scripts, and a clear error
//! for an id that names nothing. A closed pipe ends it quietly.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use serde_json::Value;
use std::path::Path;
use std::process::{Output, Stdio};

fn routeplay(home: &Path, args: &[&str]) -> Output {
    routeplay_command(home, args).output().unwrap()
}

/// The id of the newest conversation.
fn newest(home: &Path) -> String {
    let list: Value = serde_json::from_slice(&routeplay(home, &["history", "list", "--json"]).stdout).unwrap();
    list[0]["id"].as_i64().unwrap().to_string()
}

#[test]
fn a_stored_run_inspects_as_text_and_as_json() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let model = "anthropic.emulator-sonnet-v1:0";
    let asked = routeplay(home, &["ask", "--demo", "--route", "bedrock-converse", "--model", model, "Inspect later"]);
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    let id = newest(home);

    let shown = routeplay(home, &["inspect", &id]);
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    let shown = text(&shown.stdout);
    assert!(shown.contains("/model/anthropic.emulator-sonnet-v1%3A0/converse-stream"), "{shown}");
    assert!(shown.contains("Credential=AKIA…MO01/") && shown.contains("SigV4 signature"), "{shown}");
    assert!(shown.contains("event-stream frames") && shown.contains(":event-type=contentBlockDelta"), "{shown}");
    let raw = text(&routeplay(home, &["inspect", &id, "--raw"]).stdout);
    assert!(raw.contains("000000  00 00 "), "binary frames as a hex dump: {raw}");

    let json: Value = serde_json::from_slice(&routeplay(home, &["inspect", &id, "--json", "--raw"]).stdout).unwrap();
    assert_eq!(json["framing"], "event-stream");
    assert_eq!(json["status"], 200);
    assert_eq!(json["request"]["method"], "POST");
    let frames = json["frames"].as_array().unwrap();
    assert!(frames.len() > 3 && frames.iter().all(|frame| frame["base64"].is_string()), "{json}");
    assert!(frames.iter().any(|frame| frame["payload"].as_str().unwrap().contains("\"delta\"")));

    let missing = routeplay(home, &["inspect", "42"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("no run or conversation 42"), "{}", text(&missing.stderr));
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let asked = routeplay(
        home,
        &["ask", "--demo", "--route", "bedrock-invoke", "--model", "anthropic.emulator-sonnet-v1:0", "Hi"],
    );
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    let id = newest(home);
    // The raw view of a whole stream is far more than a pipe holds, so it must notice the close.
    let mut child = routeplay_command(home, &["inspect", &id, "--raw"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn the_history_keeps_as_much_of_each_response_as_configured() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    std::fs::create_dir_all(home.join("config")).unwrap();
    std::fs::write(home.join("config/config.toml"), "[history]\nkeep_response_kib = 0\n").unwrap();
    let asked = routeplay(home, &["ask", "A short answer"]);
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    let id = newest(home);
    let json: Value = serde_json::from_slice(&routeplay(home, &["inspect", &id, "--json"]).stdout).unwrap();
    assert_eq!(json["request"]["method"], "POST", "the request is always kept");
    assert_eq!(json["status"], 200);
    assert!(json["frames"].as_array().unwrap().is_empty(), "{json}");
    assert!(json["dropped_bytes"].as_u64().unwrap() > 100, "{json}");
    let shown = text(&routeplay(home, &["inspect", &id]).stdout);
    assert!(shown.contains("were not kept") && shown.contains("keep_response_kib"), "{shown}");
    let replayed = routeplay(home, &["replay", &id, "--speed", "100"]);
    assert!(!text(&replayed.stdout).trim().is_empty(), "the events, for replay, are kept whole");
}
