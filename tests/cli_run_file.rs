//! `routeplay export-run` / `import-run`: a conversation goes out to one JSON file with its
//! stream events and comes back as a new conversation that shows and replays the same, with
//! no secret in the file; broken files are named with what is wrong and where.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::Duration;

/// Distinctive fake secrets set while recording; none may reach the file.
const API_KEY: &str = "sk-ant-rp-runfile-test-Q8w1";
const AWS_SECRET: &str = "routeplay-demo-secret-not-a-real-key";
const SESSION_TOKEN: &str = "rp-session-token-runfile-test-5Kp";

fn routeplay(home: &Path, args: &[&str]) -> Output {
    routeplay_command(home, args).output().unwrap()
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Record a paced Anthropic run against a served emulator and a 2-target demo compare, with
/// the fake secrets in the environment; the conversations' ids, newest first.
fn record(home: &Path) -> Vec<String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
    let args = ["emulator", "--port", &port, "--api-key", API_KEY, "--tokens-per-second", "200"];
    let _served = Served(routeplay_command(home, &args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    let secrets = [
        ("ANTHROPIC_BASE_URL", format!("http://127.0.0.1:{port}")),
        ("ANTHROPIC_API_KEY", API_KEY.to_owned()),
        ("AWS_ACCESS_KEY_ID", "AKIAROUTEPLAYDEMO01".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", AWS_SECRET.to_owned()),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN.to_owned()),
    ];
    let ask = ["ask", "--route", "anthropic", "--model", "emulator-sonnet", "--system", "Be brief.", "Export me"];
    let mut asked = false;
    for _ in 0..100 {
        if routeplay_command(home, &ask).envs(secrets.clone()).output().unwrap().status.success() {
            asked = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(asked, "the served emulator answered");
    let targets =
        ["--target", "bedrock-converse:anthropic.emulator-sonnet-v1:0", "--target", "gemini-api:gemini-2.5-flash"];
    let compare = routeplay_command(home, &[&["compare", "--demo"], &targets[..], &["Compare me"]].concat())
        .envs(secrets)
        .output()
        .unwrap();
    assert!(compare.status.success(), "{}", text(&compare.stderr));
    let list = json(&routeplay(home, &["history", "list", "--json"]));
    list.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap().to_string()).collect()
}

/// `history show --json` without the ids that differ between a conversation and its copy.
fn shown(home: &Path, id: &str) -> Value {
    let mut shown = json(&routeplay(home, &["history", "show", id, "--json"]));
    shown.as_object_mut().unwrap().remove("id");
    for run in shown["runs"].as_array_mut().unwrap() {
        run.as_object_mut().unwrap().remove("run_id");
    }
    shown
}

fn export(home: &Path, id: &str, file: &Path) -> Value {
    let out = routeplay(home, &["export-run", id, file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(file).unwrap();
    for secret in [API_KEY, AWS_SECRET, SESSION_TOKEN] {
        assert!(!written.contains(secret), "the run file holds {secret}");
    }
    serde_json::from_str(&written).unwrap()
}

fn import(home: &Path, file: &Path) -> String {
    let out = routeplay(home, &["import-run", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).trim().to_owned()
}

#[test]
fn an_exported_conversation_imports_as_a_copy_that_shows_and_replays_the_same() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let ids = record(home);
    let (compare, single) = (&ids[0], &ids[1]);
    let dir = tempfile::tempdir().unwrap();
    for id in [single, compare] {
        let file = dir.path().join(format!("{id}.json"));
        let exported = export(home, id, &file);
        assert_eq!(exported["format"], "routeplay-run/1");
        assert_eq!(exported["routeplay_version"], env!("CARGO_PKG_VERSION"));
        assert!(exported["runs"][0]["events"].as_array().unwrap().len() > 3, "stream events with timing");
        assert!(exported["runs"][0]["events"][1]["at_ms"].is_u64());
        let exchange = &exported["runs"][0]["exchange"];
        assert!(exchange["request"]["url"].as_str().unwrap().starts_with("http"), "the request as sent: {exchange}");
        assert_eq!(exchange["status"], 200);
        assert!(!exchange["chunks"].as_array().unwrap().is_empty(), "the body as received, with its timing");
        let copy = import(home, &file);
        assert_ne!(&copy, id);
        let again = export(home, &copy, &dir.path().join(format!("{copy}.json")));
        for (run, original) in again["runs"].as_array().unwrap().iter().zip(exported["runs"].as_array().unwrap()) {
            assert_eq!(run["exchange"], original["exchange"], "the copy inspects as the original");
        }
        assert_eq!(shown(home, &copy), shown(home, id), "the copy shows as the original");
        let original = routeplay(home, &["replay", id, "--speed", "50"]);
        let replayed = routeplay(home, &["replay", &copy, "--speed", "50"]);
        assert!(replayed.status.success(), "{}", text(&replayed.stderr));
        assert!(!text(&replayed.stdout).trim().is_empty());
        assert_eq!(text(&replayed.stdout), text(&original.stdout), "the same text, replayed");
    }
    let compared = json(&routeplay(home, &["history", "show", compare, "--json"]));
    assert_eq!(compared["runs"].as_array().unwrap().len(), 2, "a compare exports with both columns");

    // A run id exports that run alone.
    let run_id = compared["runs"][1]["run_id"].as_i64().unwrap().to_string();
    let one = export(home, &run_id, &dir.path().join("one.json"));
    assert_eq!(one["runs"].as_array().unwrap().len(), 1);
    assert_eq!(one["runs"][0]["route"], compared["runs"][1]["route"]);
}

#[test]
fn broken_files_are_named_with_what_is_wrong_and_where() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    assert!(routeplay(home, &["ask", "Hello"]).status.success());
    let id = json(&routeplay(home, &["history", "list", "--json"]))[0]["id"].as_i64().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    let exported = export(home, &id, &good);
    let write = |name: &str, value: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, value).unwrap();
        path
    };
    let mut no_prompt = exported.clone();
    no_prompt["runs"][0].as_object_mut().unwrap().remove("prompt");
    let mut bad_status = exported.clone();
    bad_status["runs"][0]["status"] = "paused".into();
    let conversation = text(&routeplay(home, &["history", "export", &id, "--format", "json"]).stdout);
    let cases = [
        (write("not.json", "{ nope"), "not JSON"),
        (
            write("marker.json", r#"{"format": "something/2", "runs": []}"#),
            r#"format is "something/2", expected "routeplay-run/1""#,
        ),
        (write("unmarked.json", r#"{"runs": []}"#), "no \"format\" marker"),
        (write("prompt.json", &no_prompt.to_string()), "runs[0]: missing field `prompt`"),
        (write("status.json", &bad_status.to_string()), "runs[0].status: unknown run status \"paused\""),
        (write("conversation.json", &conversation), "routeplay export-run ID FILE"),
        (dir.path().join("missing.json"), "cannot read"),
    ];
    for (path, expected) in &cases {
        let out = routeplay(home, &["import-run", path.to_str().unwrap()]);
        let error = text(&out.stderr);
        assert!(!out.status.success(), "{} was accepted", path.display());
        assert!(error.contains(&path.display().to_string()) && error.contains(expected), "{error}");
    }
    let list = json(&routeplay(home, &["history", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing was imported from a broken file");
    let missing = routeplay(home, &["export-run", "42", dir.path().join("x.json").to_str().unwrap()]);
    assert!(text(&missing.stderr).contains("no run or conversation 42"), "{}", text(&missing.stderr));
}
