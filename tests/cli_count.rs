//! `routeplay ask --count-only` against the built-in emulator on every route: the count comes
//! from the route's own counting endpoint and equals the `input_tokens` that a real run of the
//! same prompt, system prompt and attachment reports; a model Bedrock cannot count says so.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use std::path::Path;
use std::process::{Output, Stdio};

const SYSTEM: &str = "Answer in one careful paragraph.";
const PROMPT: &str = "Which route carries this question, and how many tokens does it take?";

/// Each route (its `ask` arguments) and a piece of the counting URL it must use.
const ROUTES: &[(&[&str], &str)] = &[
    (&[], "/v1/messages/count_tokens"),
    (&["--demo", "--route", "bedrock-mantle"], "/anthropic/v1/messages/count_tokens"),
    (
        &["--demo", "--route", "bedrock-invoke", "--model", "us.anthropic.emulator-sonnet-v1:0"],
        "/model/anthropic.emulator-sonnet-v1%3A0/count-tokens",
    ),
    (
        &["--demo", "--route", "bedrock-converse", "--model", "anthropic.emulator-sonnet-v1:0"],
        "/model/anthropic.emulator-sonnet-v1%3A0/count-tokens",
    ),
    (&["--demo", "--route", "gemini-api"], "/v1beta/models/gemini-2.5-pro:countTokens"),
    (
        &["--demo", "--route", "vertex-gemini", "--location", "us-east5", "--project", "demo"],
        "/v1/projects/demo/locations/us-east5/publishers/google/models/gemini-2.5-pro:countTokens",
    ),
    (
        &["--demo", "--route", "vertex-claude", "--location", "us-east5", "--project", "demo"],
        "/v1/projects/demo/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict",
    ),
];

fn ask(home: &Path, route: &[&str], mode: &str, extra: &[&str]) -> Output {
    let mut args = vec!["ask", mode, "--system", SYSTEM];
    args.extend(route);
    args.extend(extra);
    args.push(PROMPT);
    routeplay_command(home, &args).stdin(Stdio::null()).output().expect("routeplay runs")
}

/// The number after `input tokens: ` in a `--count-only` output.
fn counted(stdout: &str) -> u64 {
    let line = stdout.lines().find_map(|line| line.strip_prefix("input tokens: ")).expect("an input tokens line");
    line.trim().parse().expect("a number")
}

/// `usage.input_tokens` of an `ask --json` record.
fn used(stdout: &str) -> u64 {
    let record: serde_json::Value = serde_json::from_str(stdout).expect("one JSON record");
    assert_eq!(record["status"], "done", "{record}");
    record["usage"]["input_tokens"].as_u64().expect("input_tokens in the usage")
}

/// Check every route and return its counts, in [`ROUTES`] order.
fn check_every_route(extra: &[&str]) -> Vec<u64> {
    let home = tempfile::tempdir().expect("tempdir");
    let mut counts = Vec::new();
    for (route, endpoint) in ROUTES {
        let count = ask(home.path(), route, "--count-only", extra);
        let count_out = text(&count.stdout);
        assert!(count.status.success(), "{route:?}: {count_out}\n{}", text(&count.stderr));
        let counted_by = count_out.lines().find(|line| line.starts_with("counted by: ")).expect("a counted by line");
        assert!(counted_by.contains(endpoint), "{route:?} counts at {endpoint}: {counted_by}");
        assert!(count_out.contains("input cost: "), "{route:?}: {count_out}");
        if route.contains(&"bedrock-invoke") {
            assert!(
                counted_by
                    .contains("(counted as anthropic.emulator-sonnet-v1:0: the counting endpoint takes no profile id)"),
                "{counted_by}"
            );
        }
        let run = ask(home.path(), route, "--json", extra);
        assert!(run.status.success(), "{route:?}: {}", text(&run.stderr));
        let (tokens, usage) = (counted(&count_out), used(&text(&run.stdout)));
        assert!(tokens > 1, "{route:?}: a real count, not the floor: {tokens}");
        assert_eq!(tokens, usage, "{route:?}: --count-only says {tokens}, the run's usage {usage}");
        counts.push(tokens);
    }
    counts
}

#[test]
fn the_count_equals_the_input_tokens_of_the_real_run_on_every_route() {
    assert_eq!(check_every_route(&[]).len(), ROUTES.len());
}

#[test]
fn an_attached_file_counts_the_same_before_and_in_the_run() {
    let files = tempfile::tempdir().expect("tempdir");
    let notes = files.path().join("notes.txt");
    std::fs::write(&notes, "Route notes: Bedrock, Vertex and the Gemini API.\n".repeat(20)).expect("written");
    let with_file = check_every_route(&["--attach", notes.to_str().expect("a UTF-8 path")]);
    let without = check_every_route(&[]);
    for ((route, _), (with_file, without)) in ROUTES.iter().zip(with_file.into_iter().zip(without)) {
        assert!(with_file > without + 100, "{route:?}: the file counts: {with_file} vs {without} without it");
    }
}

#[test]
fn a_model_bedrock_cannot_count_is_refused_by_name() {
    let home = tempfile::tempdir().expect("tempdir");
    for model in ["meta.emulator-llama-v1:0", "us.anthropic.emulator-profile-only-v1:0"] {
        let route = ["--demo", "--route", "bedrock-converse", "--model", model];
        let out = ask(home.path(), &route, "--count-only", &[]);
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{model}: {}", text(&out.stdout));
        assert!(!text(&out.stdout).contains("input tokens"), "{model}: no count is printed");
        assert!(stderr.contains("bedrock-converse"), "{model}: the route is named: {stderr}");
        assert!(
            stderr.contains("ValidationException: The provided model doesn't support counting tokens."),
            "{model}: {stderr}"
        );
    }
}
