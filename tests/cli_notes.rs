//! What `routeplay ask` and `compare` tell on standard error besides the answers: each retry
//! (ask: one line each; compare: a count on the target's progress line), and a note when an
//! answer stopped at a limit or came back empty. Each still exits 0 (a partial answer is an
//! answer); the emulator plays every server.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use std::process::{Output, Stdio};

fn routeplay(command: &str, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut all = vec![command];
    all.extend_from_slice(args);
    routeplay_command(home.path(), &all).stdin(Stdio::null()).output().unwrap()
}

fn ask(args: &[&str]) -> Output {
    routeplay("ask", args)
}

#[test]
fn each_retry_is_a_line_with_the_status_and_the_wait() {
    let output = ask(&["--model", "emulator-sonnet-fault-429-then-ok", "Retry me please"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|line| line.starts_with("routeplay: retry")).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("routeplay: retry 1 in 0.0 s: HTTP 429 rate_limit_error: "), "{stderr}");
    assert!(!text(&output.stdout).is_empty());
}

#[test]
fn a_bedrock_503_retry_is_shown_in_text_mode() {
    let output = ask(&[
        "--route",
        "bedrock-converse",
        "--demo",
        "--model",
        "anthropic.emulator-sonnet-fault-529-then-ok-v1:0",
        "A busy moment",
    ]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // Full jitter over [0, 1 s), shown to a tenth.
    assert!(stderr.contains("routeplay: retry 1 in 0.") || stderr.contains("routeplay: retry 1 in 1.0 s"), "{stderr}");
    assert!(stderr.contains(" s: HTTP 503 ServiceUnavailableException: Bedrock is unable"), "{stderr}");
}

#[test]
fn an_answer_cut_by_max_tokens_says_so_and_still_exits_0() {
    let output = ask(&["--max-tokens", "8", "Explain routes at length"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!text(&output.stdout).trim().is_empty(), "the partial answer is printed");
    assert!(stderr.contains("routeplay: note: the answer stopped at max_tokens (8); raise --max-tokens"), "{stderr}");
    let whole = ask(&["Explain routes briefly"]);
    assert!(!text(&whole.stderr).contains("note:"), "{}", text(&whole.stderr));
}

#[test]
fn an_empty_gemini_answer_says_thinking_used_the_budget() {
    let output = ask(&["--route", "gemini-api", "--demo", "--model", "gemini-2.5-flash", "--max-tokens", "10", "Hi"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(text(&output.stdout).trim().is_empty(), "{}", text(&output.stdout));
    assert!(
        stderr.contains("routeplay: note: no text: the model's thinking used the whole max_tokens budget (10"),
        "{stderr}"
    );
}

#[test]
fn compare_counts_retries_on_the_progress_line_and_notes_a_cut_answer() {
    let targets = ["emulator:emulator-sonnet-fault-429-then-ok", "emulator:emulator-sonnet"];
    let args = ["--max-tokens", "8", "--target", targets[0], "--target", targets[1], "Compare at length"];
    let output = routeplay("compare", &args);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.lines().any(|line| line.starts_with(targets[0]) && line.ends_with("↻ 1 retry")), "{stderr}");
    for target in targets {
        let note = format!("routeplay: note: {target}: the answer stopped at max_tokens (8); raise --max-tokens");
        assert!(stderr.contains(&note), "{stderr}");
    }
}
