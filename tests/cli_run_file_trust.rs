//! `routeplay import-run` does not trust its file: credential headers a hand-edited file
//! carries are masked as a capture masks them, and timings no run could have (past a day, or
//! going back) are refused with the file and the field, so `replay` never waits for ever.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;

/// Distinctive fake secrets planted in the file; none may come out of `inspect`.
const BEARER: &str = "sk-live-CANARY-bearer-7Hq2ZpX9";
const API_KEY: &str = "sk-ant-CANARY-apikey-4Rt8LmN1";
const GOOG_KEY: &str = "AIzaCANARYgoogkey0123456789abc";
const SESSION: &str = "IQoJb3JpZ2luX2VjCANARYsession";
const KEY_ID: &str = "AKIACANARYKEYID77";

fn routeplay(home: &Path, args: &[&str]) -> Output {
    routeplay_command(home, args).output().unwrap()
}

/// A recorded emulator run, exported; the home, the file's JSON and a directory to write in.
fn exported() -> (tempfile::TempDir, Value, tempfile::TempDir) {
    let home = tempfile::tempdir().unwrap();
    assert!(routeplay(home.path(), &["ask", "Hello"]).status.success());
    let list: Value = serde_json::from_slice(&routeplay(home.path(), &["history", "list", "--json"]).stdout).unwrap();
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("run.json");
    assert!(routeplay(home.path(), &["export-run", &id, file.to_str().unwrap()]).status.success());
    let value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    (home, value, dir)
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path
}

#[test]
fn credential_headers_in_an_imported_file_are_masked_as_on_capture() {
    let (home, mut file, dir) = exported();
    let request = &mut file["runs"][0]["exchange"]["request"];
    request["headers"] = json!([
        ["authorization", format!("Bearer {BEARER}")],
        ["x-api-key", API_KEY],
        ["x-goog-api-key", GOOG_KEY],
        ["x-amz-security-token", SESSION],
        ["X-Amz-Security-Token", SESSION],
        ["content-type", "application/json"],
    ]);
    request["signing"] = json!({
        "service": "bedrock", "region": "us-east-1", "credential_scope": "20261126/us-east-1/bedrock/aws4_request",
        "signed_headers": ["host", "x-amz-security-token"],
        "canonical_request": format!("POST\n/\n\nhost:x\nx-amz-security-token:{SESSION}\n\nhost;x-amz-security-token\n-"),
        "string_to_sign": "AWS4-HMAC-SHA256", "signature": "abc123",
    });
    let path = write(dir.path(), "planted.json", &file);
    let imported = routeplay(home.path(), &["import-run", path.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let id = text(&imported.stdout).trim().to_owned();
    let shown = routeplay(home.path(), &["inspect", &id, "--json"]);
    let shown = text(&shown.stdout);
    for secret in [BEARER, API_KEY, GOOG_KEY, SESSION] {
        assert!(!shown.contains(secret), "inspect shows {secret}:\n{shown}");
    }
    assert!(shown.contains("Bearer sk-l…ZpX9") && shown.contains("sk-a…LmN1"), "masked as on capture: {shown}");
    assert!(shown.contains("application/json"), "other headers are kept: {shown}");

    // A SigV4 authorization keeps its scope and signature; the key id is masked.
    let mut sigv4 = file.clone();
    sigv4["runs"][0]["exchange"]["request"]["headers"] = json!([[
        "Authorization",
        format!("AWS4-HMAC-SHA256 Credential={KEY_ID}/20261126/us-east-1/bedrock/aws4_request, Signature=abc123")
    ]]);
    let path = write(dir.path(), "sigv4.json", &sigv4);
    let imported = routeplay(home.path(), &["import-run", path.to_str().unwrap()]);
    let id = text(&imported.stdout).trim().to_owned();
    let shown = text(&routeplay(home.path(), &["inspect", &id, "--json"]).stdout);
    assert!(!shown.contains(KEY_ID) && shown.contains("Credential=AKIA…ID77/20261126"), "{shown}");
}

#[test]
fn impossible_timings_and_parameters_are_refused_with_the_file_and_the_field() {
    let (home, file, dir) = exported();
    let last = file["runs"][0]["events"].as_array().unwrap().len() - 1;
    let edit = |name: &str, change: &dyn Fn(&mut Value)| {
        let mut value = file.clone();
        change(&mut value["runs"][0]);
        write(dir.path(), name, &value)
    };
    let cases = [
        (
            edit("forever.json", &|run| run["events"][last]["at_ms"] = json!(u64::MAX)),
            format!("runs[0].events[{last}].at_ms: 18446744073709551615 ms is more than 24 h after the run started"),
        ),
        (
            edit("backwards.json", &|run| {
                run["events"][0]["at_ms"] = json!(5000);
                run["events"][1]["at_ms"] = json!(10);
            }),
            "runs[0].events[1].at_ms: 10 ms is before the time before it (5000 ms)".to_owned(),
        ),
        (
            edit("total.json", &|run| run["total_ms"] = json!(90_000_000_u64)),
            "runs[0].total_ms: 90000000 ms".to_owned(),
        ),
        (
            edit("chunk.json", &|run| run["exchange"]["chunks"][0]["at_us"] = json!(u64::MAX)),
            "runs[0].exchange.chunks[0]:".to_owned(),
        ),
        (
            edit("temperature.json", &|run| run["params"]["temperature"] = json!(1e300)),
            "runs[0].params.temperature: inf must be a number from 0 to 2".to_owned(),
        ),
        (
            edit("ended.json", &|run| run["ended_ms"] = json!(run["started_ms"].as_i64().unwrap() - 1)),
            "runs[0].ended_ms:".to_owned(),
        ),
    ];
    for (path, expected) in &cases {
        let out = routeplay(home.path(), &["import-run", path.to_str().unwrap()]);
        let error = text(&out.stderr);
        assert!(!out.status.success(), "{} was accepted", path.display());
        assert!(error.contains(&path.display().to_string()) && error.contains(expected), "{expected}\n{error}");
    }
    let history: Value =
        serde_json::from_slice(&routeplay(home.path(), &["history", "list", "--json"]).stdout).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 1, "nothing was imported");
}

#[test]
fn a_run_file_past_the_cap_is_refused_by_name() {
    let home = tempfile::tempdir().unwrap();
    let out = routeplay(home.path(), &["import-run", "/dev/zero"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("/dev/zero: larger than 64 MiB, the most routeplay reads from a run file"),
        "{}",
        text(&out.stderr)
    );
}
