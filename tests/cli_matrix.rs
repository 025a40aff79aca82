//! `routeplay compare --prompts FILE` as a user runs it: the real binary, an empty HOME, only the
//! built-in emulator on loopback. A prompt set across several targets (one always failing, one
//! throttled), `--repeat`, `--json`, `--out`, `routeplay matrix list|show|export`, the
//! confirmation threshold and bad prompt files.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use routeplay::store::{MatrixId, Store};
use serde_json::Value;
use std::path::Path;
use std::process::{Output, Stdio};

const SONNET: &str = "emulator:emulator-sonnet";
/// The emulator answers its first request for each prompt with a 429 (`retry-after: 0`).
const THROTTLED: &str = "emulator:emulator-sonnet-fault-429-then-ok";
/// Not a model the emulator serves: every cell fails.
const MISSING: &str = "emulator:no-such-model";

fn routeplay(home: &Path, args: &[&str]) -> Output {
    routeplay_command(home, args).stdin(Stdio::null()).output().expect("runs")
}

/// `compare --prompts FILE --target …` for each of `targets`, then `rest`.
fn matrix_args<'a>(prompts: &'a str, targets: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
    let targets = targets.iter().flat_map(|target| ["--target", target]);
    ["compare", "--prompts", prompts].into_iter().chain(targets).chain(rest.iter().copied()).collect()
}

/// A file `name` in `home` holding `content`; its path as text.
fn file(home: &Path, name: &str, content: &str) -> String {
    let path = home.join(name);
    std::fs::write(&path, content).expect("written");
    path.to_str().expect("utf-8").to_owned()
}

/// The table row of `target`, split into trimmed cells.
fn row(table: &str, target: &str) -> Vec<String> {
    let line = table.lines().find(|l| l.starts_with(&format!("| `{target}` |"))).unwrap_or_else(|| {
        panic!("no row for {target} in:\n{table}");
    });
    line.trim_matches('|').split(" | ").map(|cell| cell.trim().to_owned()).collect()
}

fn records(out: &[u8]) -> Vec<Value> {
    text(out).lines().map(|line| serde_json::from_str(line).expect("one JSON record per line")).collect()
}

/// The newest stored matrix's id.
fn newest_matrix(home: &Path) -> String {
    let out = routeplay(home, &["matrix", "list", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    records(&out.stdout).first().expect("a stored matrix")["id"].to_string()
}

const JSONL: &str = r#"{"id": "greet", "prompt": "Say hello to {{name}}", "vars": {"name": "Ada"}}
{"id": "tides", "prompt": "Explain the tides", "system": "Answer in one line"}

{"prompt": "What is a route?"}
"#;

#[test]
fn a_prompt_set_across_targets_completes_with_a_failing_and_a_throttled_target() {
    let home = tempfile::tempdir().unwrap();
    let prompts = file(home.path(), "prompts.jsonl", JSONL);
    let out = routeplay(home.path(), &matrix_args(&prompts, &[SONNET, THROTTLED, MISSING], &[]));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "some cells failed: {stderr}");
    assert!(stderr.contains("3 prompts × 3 targets × 1 sample = 9 cells"), "{stderr}");
    assert!(stderr.contains("3 of 9 cells failed") && stderr.contains("compare --resume"), "{stderr}");
    // The reason, once for the three cells it failed (each with its own request id).
    let reason = format!("routeplay: {MISSING}: 3 cells: HTTP 404 not_found_error");
    assert_eq!(stderr.matches(&reason).count(), 1, "{stderr}");
    assert!(!stderr.contains("(request id"), "request ids are left out of the grouped reasons: {stderr}");
    // Header: target, cells, done, failed, success, TTFT p50/p90/max, tok/s p50, total p50, cost.
    for target in [SONNET, THROTTLED] {
        let cells = row(&stdout, target);
        assert_eq!(cells[1..5], ["3", "3", "0", "100%"], "{cells:?}");
        assert!(cells[5].ends_with(" s") && cells[9].ends_with(" s"), "{cells:?}");
        assert_eq!(cells[10], "unknown", "the emulator has no price");
    }
    assert_eq!(row(&stdout, MISSING)[1..5], ["3", "0", "3", "0%"]);
    // Every cell is a stored run: 6 answered and 3 failed runs, each in its own conversation.
    let history = routeplay(home.path(), &["history", "list", "--json"]);
    let conversations: Value = serde_json::from_slice(&history.stdout).unwrap();
    assert_eq!(conversations.as_array().unwrap().len(), 9, "{conversations}");
    // The throttled route's cells (column 1) were retried after its 429 and still answered.
    let store = Store::open(home.path().join("data/history.sqlite3")).unwrap();
    let id = MatrixId(newest_matrix(home.path()).parse().unwrap());
    let (_, cells) = store.matrix(id).unwrap().unwrap();
    let outcomes: Vec<Value> = cells.iter().map(|cell| serde_json::from_str(&cell.outcome).unwrap()).collect();
    assert_eq!(outcomes.len(), 9);
    let throttled: Vec<&Value> = outcomes.iter().filter(|cell| cell["key"]["target"] == 1).collect();
    assert_eq!(throttled.len(), 3, "{outcomes:?}");
    let retried = |cell: &&Value| cell["status"] == "done" && cell["retries"].as_u64() >= Some(1);
    assert!(throttled.iter().all(retried), "{throttled:?}");
    let shown = routeplay(home.path(), &["matrix", "show", &id.0.to_string(), "--json"]);
    let records = records(&shown.stdout);
    assert_eq!(records.iter().filter(|cell| cell["status"] == "failed").count(), 3, "{records:?}");
}

#[test]
fn repeated_samples_give_distributions_in_the_table_and_one_json_record_per_sample() {
    let home = tempfile::tempdir().unwrap();
    let prompts = file(home.path(), "prompts.txt", "First prompt\n\n  \nSecond prompt\n");
    let args = matrix_args(&prompts, &[SONNET, "emulator:emulator-haiku"], &["--repeat", "3", "--json"]);
    let out = routeplay(home.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let cells = records(&out.stdout);
    assert_eq!(cells.len(), 2 * 2 * 3, "one record per sample");
    assert!(cells.iter().all(|cell| cell["status"] == "done" && cell["ttft_ms"].is_u64()), "{cells:?}");
    let id = newest_matrix(home.path());
    let shown = text(&routeplay(home.path(), &["matrix", "show", &id]).stdout);
    for target in [SONNET, "emulator:emulator-haiku"] {
        let cells = row(&shown, target);
        assert_eq!(cells[1..5], ["6", "6", "0", "100%"], "{cells:?}");
        assert!(cells[5..8].iter().all(|figure| figure.ends_with(" s")), "p50, p90, max: {cells:?}");
    }
    assert!(shown.contains("Findings:"), "{shown}");
}

#[test]
fn out_and_export_write_csv_jsonl_and_markdown_with_the_answers() {
    let home = tempfile::tempdir().unwrap();
    let prompts = file(home.path(), "prompts.txt", "Tell me about caching\nAnd about batching\n");
    let csv = home.path().join("m.csv");
    let args = matrix_args(&prompts, &[SONNET], &["--out", csv.to_str().unwrap()]);
    let out = routeplay(home.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(written.lines().count(), 3, "a header and a line per sample:\n{written}");
    let id = newest_matrix(home.path());
    let (jsonl, markdown) = (home.path().join("m.jsonl"), home.path().join("m.md"));
    for path in [&jsonl, &markdown] {
        let out = routeplay(home.path(), &["matrix", "export", &id, path.to_str().unwrap()]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let lines = records(std::fs::read_to_string(&jsonl).unwrap().as_bytes());
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|line| line["answer"].as_str().is_some_and(|answer| !answer.is_empty())), "{lines:?}");
    let report = std::fs::read_to_string(&markdown).unwrap();
    assert!(report.contains(SONNET), "{report}");
    // An unknown extension is refused before anything is sent.
    let bad = routeplay(home.path(), &matrix_args(&prompts, &[SONNET], &["--out", "m.txt"]));
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("m.txt"), "{}", text(&bad.stderr));
    assert_eq!(records(&routeplay(home.path(), &["matrix", "list", "--json"]).stdout).len(), 1);
}

#[test]
fn a_matrix_above_the_threshold_is_refused_without_a_terminal_unless_yes() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/config.toml"), "[compare]\nconfirm_above_cells = 2\n").unwrap();
    let prompts = file(home.path(), "prompts.txt", "one\ntwo\nthree\n");
    let out = routeplay(home.path(), &matrix_args(&prompts, &[SONNET], &[]));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("3 cells is above [compare] confirm_above_cells = 2"), "{stderr}");
    assert!(stderr.contains("--yes") && stderr.contains("no terminal"), "{stderr}");
    let listed = routeplay(home.path(), &["matrix", "list", "--json"]);
    assert!(records(&listed.stdout).is_empty(), "nothing stored, nothing sent");
    let out = routeplay(home.path(), &matrix_args(&prompts, &[SONNET], &["--yes"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn bad_prompt_files_and_options_are_named() {
    let home = tempfile::tempdir().unwrap();
    let bad = file(home.path(), "bad.jsonl", "{\"prompt\": \"fine\"}\n{\"prompt\": 42}\n");
    let missing = home.path().join("missing.jsonl");
    let good = file(home.path(), "good.txt", "hello\n");
    let too_many: Vec<&str> = std::iter::repeat_n(SONNET, 65).collect();
    let lines = "a prompt\n".repeat(10_001);
    let big = file(home.path(), "big.txt", &lines);
    for (args, words) in [
        (matrix_args(&bad, &[SONNET], &[]), vec!["bad.jsonl", "line 2"]),
        (matrix_args(missing.to_str().unwrap(), &[SONNET], &[]), vec!["missing.jsonl"]),
        (matrix_args(&good, &[SONNET], &["--repeat", "0"]), vec!["--repeat must be 1 to 100, got 0"]),
        (matrix_args(&good, &[SONNET], &["--repeat", "101"]), vec!["--repeat must be 1 to 100, got 101"]),
        (matrix_args(&good, &[SONNET], &["--concurrency", "65"]), vec!["--concurrency must be 1 to 64"]),
        (matrix_args(&good, &too_many, &[]), vec!["1 to 64 targets, got 65"]),
        (matrix_args(&good, &[], &[]), vec!["1 to 64 targets, got 0"]),
        (
            matrix_args(&big, &[SONNET], &["--repeat", "100"]),
            vec!["big.txt: 10001 prompts × 1 targets × 100 samples = 1000100 cells", "split the prompt set"],
        ),
        (vec!["compare", "--resume", "42"], vec!["no matrix 42", "matrix list"]),
    ] {
        let out = routeplay(home.path(), &args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(words.iter().all(|word| stderr.contains(word)), "{args:?}: {stderr}");
    }
}

#[test]
fn a_matrix_takes_more_targets_than_a_side_by_side_compare() {
    let home = tempfile::tempdir().unwrap();
    let prompts = file(home.path(), "one.txt", "hello\n");
    let ten: Vec<&str> = std::iter::repeat_n(SONNET, 10).collect();
    let out = routeplay(home.path(), &matrix_args(&prompts, &ten, &["--json"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(records(&out.stdout).len(), 10, "one record per target");
}
