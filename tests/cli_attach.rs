//! `routeplay ask --attach` and `compare --attach` end to end against the emulator (demo
//! mode): the files are read and checked per route before sending, refused with the limit,
//! its value and the route, and kept with the run (name, kind, size, hash, pixels; the bytes
//! only under `[history] keep_attachments`).

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const CONVERSE: &[&str] = &["--demo", "--route", "bedrock-converse", "--model", "us.anthropic.emulator-sonnet-v1:0"];

fn routeplay(home: &Path, args: &[&str]) -> Output {
    routeplay_command(home, args).output().unwrap()
}

/// A PNG of `width`×`height` pixels, padded with zeros to `size` bytes.
fn png(dir: &Path, name: &str, (width, height): (u32, u32), size: usize) -> PathBuf {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.resize(size.max(bytes.len()), 0);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn ask(home: &Path, route: &[&str], files: &[&Path]) -> Output {
    let mut args = vec!["ask"];
    args.extend(route);
    for path in files {
        args.extend(["--attach", path.to_str().unwrap()]);
    }
    args.push("What is attached?");
    routeplay(home, &args)
}

/// The conversations in the history, newest first, as `history show --json` gives them.
fn history(home: &Path) -> Vec<Value> {
    let out = routeplay(home, &["history", "list", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = list.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap().to_string());
    ids.map(|id| serde_json::from_slice(&routeplay(home, &["history", "show", &id, "--json"]).stdout).unwrap())
        .collect()
}

fn exported(home: &Path, id: &str) -> Value {
    let path = home.join("run.json");
    let out = routeplay(home, &["export-run", id, path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn attached_files_are_sent_and_kept_by_name_kind_size_hash_and_pixels() {
    let home = tempfile::tempdir().unwrap();
    let photo = png(home.path(), "photo.png", (640, 480), 100);
    let notes = file(home.path(), "notes.txt", "caf\u{e9} notes\n".as_bytes());
    let out = ask(home.path(), CONVERSE, &[&photo, &notes]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let shown = history(home.path());
    let run = &shown[0]["runs"][0];
    let attachments = run["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2, "{run}");
    assert_eq!(
        (&attachments[0]["name"], &attachments[0]["kind"], &attachments[0]["size"], &attachments[0]["pixels"]),
        (&Value::from("photo.png"), &Value::from("png"), &Value::from(100), &serde_json::json!([640, 480]))
    );
    assert_eq!((&attachments[1]["kind"], &attachments[1]["size"]), (&Value::from("text"), &Value::from(12)));
    let notes_hash = routeplay::attach::sha256_hex(&std::fs::read(&notes).unwrap());
    assert_eq!(attachments[1]["sha256"], Value::from(notes_hash));

    let run_file = exported(home.path(), &shown[0]["id"].to_string());
    let listed = run_file["runs"][0]["attachments"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|file| file.get("data").is_none()), "no bytes unless kept: {run_file}");
}

#[test]
fn keep_attachments_keeps_the_bytes_for_a_run_file_to_carry() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/config.toml"), "[history]\nkeep_attachments = true\n").unwrap();
    let notes = file(home.path(), "notes.txt", b"hello");
    let out = ask(home.path(), CONVERSE, &[&notes]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id = history(home.path())[0]["id"].to_string();
    let run_file = exported(home.path(), &id);
    assert_eq!(run_file["runs"][0]["attachments"][0]["data"], "aGVsbG8=", "{run_file}");

    // The run file comes back into another history with the bytes still checked and kept.
    let other = tempfile::tempdir().unwrap();
    let out = routeplay(other.path(), &["import-run", home.path().join("run.json").to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let imported = exported(other.path(), &history(other.path())[0]["id"].to_string());
    assert_eq!(imported["runs"][0]["attachments"], run_file["runs"][0]["attachments"]);
}

#[test]
fn a_file_over_a_route_limit_is_refused_before_sending_naming_limit_and_route() {
    let home = tempfile::tempdir().unwrap();
    let big = png(home.path(), "photo.png", (10, 10), 4_000_000);
    let out = ask(home.path(), CONVERSE, &[&big]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "routeplay: photo.png is 4 MB; bedrock-converse takes images up to 3.75 MB\n");
    assert!(history(home.path()).is_empty(), "nothing was sent or stored");

    let wide = png(home.path(), "wide.png", (8001, 10), 100);
    let out = ask(home.path(), CONVERSE, &[&wide]);
    assert!(text(&out.stderr).contains("wide.png is 8001×10 px; bedrock-converse takes images up to 8000×8000 px"));

    // A compare names the target each refusal is for.
    let targets =
        ["--target", "bedrock-converse:us.anthropic.emulator-sonnet-v1:0", "--target", "gemini-api:gemini-2.5-flash"];
    let args = [&["compare", "--demo"][..], &targets, &["--attach", big.to_str().unwrap(), "Hi"]].concat();
    let out = routeplay(home.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bedrock-converse:us.anthropic.emulator-sonnet-v1:0"), "{stderr}");
    assert!(stderr.contains("photo.png is 4 MB; bedrock-converse takes images up to 3.75 MB"), "{stderr}");
    assert!(!stderr.contains("gemini-api takes"), "Gemini takes it: {stderr}");
    assert!(history(home.path()).is_empty());
}

#[test]
fn an_unconfirmed_pdf_route_sends_with_a_warning() {
    let home = tempfile::tempdir().unwrap();
    let pdf = file(home.path(), "report.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n");
    let invoke = ["--demo", "--route", "bedrock-invoke", "--model", "anthropic.emulator-sonnet-v1:0"];
    let out = ask(home.path(), &invoke, &[&pdf]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("routeplay: warning: report.pdf: sent as document blocks (base64), though bedrock-invoke is not confirmed to take PDFs"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(history(home.path())[0]["runs"][0]["attachments"][0]["kind"], "pdf");
}

#[test]
fn a_file_that_cannot_be_attached_is_named_with_why() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("missing.png");
    let binary = file(home.path(), "tool.png", &[0x7F, b'E', b'L', b'F', 2, 1, 1, 0]);
    let cut = file(home.path(), "cut.jpg", &[0xFF, 0xD8, 0xFF, 0xE0, 0x00]);
    for (path, why) in [
        (&missing, "no such file"),
        (&binary, "it is not a PNG, JPEG, GIF or WebP image, a PDF, or UTF-8 text"),
        (&cut, "it starts as a JPEG image, but its header is cut short or damaged"),
    ] {
        let out = ask(home.path(), CONVERSE, &[path]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = text(&out.stderr);
        assert!(stderr.starts_with(&format!("routeplay: cannot attach {}: {why}", path.display())), "{stderr}");
    }
    assert!(history(home.path()).is_empty());
}
