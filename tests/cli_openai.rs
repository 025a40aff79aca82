//! The OpenAI-compatible routes on the command line, as a user runs them with an empty HOME:
//! `compare --demo` runs one open model on three routes and two wires, and each record says
//! what the Chat Completions wire did not carry of the controls; `ask --demo` reaches each
//! route's emulator surface.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use serde_json::Value;
use std::process::Stdio;

#[test]
fn gpt_oss_compares_on_three_routes_and_each_says_what_its_wire_dropped() {
    let home = tempfile::tempdir().expect("tempdir");
    let args = [
        "compare",
        "--demo",
        "--json",
        "--top-k",
        "40",
        "--target",
        "openai:openai/gpt-oss-120b",
        "--target",
        "bedrock-openai@us-west-2:openai.gpt-oss-120b",
        "--target",
        "bedrock-converse@us-west-2:openai.gpt-oss-120b-1:0",
        "Same open model, three routes",
    ];
    let out = routeplay_command(home.path(), &args).stdin(Stdio::null()).output().expect("runs");
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let records: Vec<Value> =
        text(&out.stdout).lines().map(|line| serde_json::from_str(line).expect("one JSON record per line")).collect();
    assert_eq!(records.len(), 3, "stdout: {}\nstderr: {}", text(&out.stdout), text(&out.stderr));
    for record in &records {
        assert!(record["error"].is_null(), "{record}");
        assert_eq!(record["status"], "done", "{record}");
        assert!(!record["text"].as_str().unwrap_or_default().is_empty(), "{record}");
        let parity: Vec<&str> = record["parity"].as_array().expect("parity").iter().filter_map(Value::as_str).collect();
        let route = record["route"].as_str().unwrap();
        assert!(parity.iter().any(|line| line.starts_with(&format!("{route}: top_k not sent: "))), "{parity:?}");
    }
}

#[test]
fn ask_in_demo_mode_reaches_each_route_s_emulator_surface() {
    let home = tempfile::tempdir().expect("tempdir");
    for (route, model) in [
        ("openai", "openai/gpt-oss-20b"),
        ("bedrock-openai", "openai.gpt-oss-20b"),
        ("vertex-openai", "google/gemini-2.5-flash"),
    ] {
        let args = ["ask", "--demo", "--route", route, "--model", model, "Hi"];
        let out = routeplay_command(home.path(), &args).stdin(Stdio::null()).output().expect("runs");
        assert!(out.status.success(), "{route}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("Hi"), "{route}: {}", text(&out.stdout));
    }
}
