//! `routeplay compare` as a user runs it: the real binary, an empty HOME, no credentials, only
//! the built-in emulator on loopback.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/pty.rs"]
mod pty;

use cli::{routeplay_command, text};
use portable_pty::{PtySize, native_pty_system};
use pty::{routeplay_in_pty, screen_of};
use routeplay::store::{Filter, Store};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

const DEMO_TARGETS: [&str; 6] = [
    "bedrock-mantle:anthropic.emulator-sonnet",
    "bedrock-invoke:anthropic.emulator-sonnet-v1:0",
    "bedrock-converse@eu-west-1:anthropic.emulator-sonnet-v1:0",
    "gemini-api:gemini-2.5-flash",
    "vertex-gemini@europe-west4:gemini-2.5-flash",
    "vertex-claude@us-east5:claude-sonnet-4-5@20250929",
];

fn routeplay_in(home: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = routeplay_command(home, args);
    command
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn routeplay(args: &[&str]) -> Output {
    routeplay_in(tempfile::tempdir().unwrap().path(), args, None)
}

/// `["compare", "--target", a, "--target", b, …]` followed by `rest`.
fn with_targets<'a>(targets: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
    let targets = targets.iter().flat_map(|t| ["--target", t]);
    std::iter::once("compare").chain(targets).chain(rest.iter().copied()).collect()
}

/// The table row of `target`, split into trimmed cells.
fn row(table: &str, target: &str) -> Vec<String> {
    let line = table.lines().find(|l| l.starts_with(&format!("| `{target}` |"))).unwrap_or_else(|| {
        panic!("no row for {target} in:\n{table}");
    });
    line.trim_matches('|').split(" | ").map(|cell| cell.trim().to_owned()).collect()
}

fn records(out: &Output) -> Vec<Value> {
    text(&out.stdout).lines().map(|line| serde_json::from_str(line).expect("one JSON record per line")).collect()
}

#[test]
fn emulator_targets_compare_and_a_failure_is_named_while_the_others_complete() {
    let home = tempfile::tempdir().unwrap();
    let targets = ["emulator:emulator-sonnet", "emulator:emulator-thinking", "emulator:emulator-sonnet-fault-500"];
    let out = routeplay_in(home.path(), &with_targets(&targets, &["Compare me"]), None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.starts_with("| target | status | credential | TTFT | tok/s | total | input | output |"), "{stdout}");
    for target in &targets[..2] {
        let cells = row(&stdout, target);
        assert_eq!(cells[1], "done", "{cells:?}");
        assert!(cells[3].ends_with(" s") || cells[3].ends_with("(fastest)"), "TTFT: {cells:?}");
        assert_eq!(cells[11], "end_turn");
        assert_eq!(cells[12], "unknown", "no price for emulator models, and never $0");
        assert!(cells[13].starts_with("req_"), "{cells:?}");
        assert!(stdout.contains(&format!("\n## {target}\n")), "{stdout}");
    }
    assert_eq!(row(&stdout, targets[2])[1], "failed");
    assert!(stdout.contains(
        "## emulator:emulator-sonnet-fault-500\n\n**failed:** emulator · emulator-sonnet-fault-500: HTTP 500"
    ));
    assert!(stdout.contains("Compare me"), "the answers quote the prompt");
    assert!(stderr.contains("routeplay: emulator:emulator-sonnet-fault-500 failed: "), "{stderr}");
    assert!(stderr.contains("1 of 3 targets failed"), "{stderr}");
    assert!(!stderr.contains("emulator:emulator-sonnet failed"), "{stderr}");
    // Progress without a terminal: a line per phase change, ending in done or failed.
    assert!(stderr.lines().any(|l| l.starts_with("emulator:emulator-thinking ") && l.contains(" done ")), "{stderr}");

    let store = Store::open(home.path().join("data").join("history.sqlite3")).unwrap();
    let conversations = store.list_conversations(&Filter::default()).unwrap();
    assert_eq!(conversations.len(), 1, "one compare, one conversation");
    let runs = store.conversation(conversations[0].id).unwrap().unwrap().runs;
    assert_eq!(runs.len(), 3);
    assert!(runs[0].compare_group.is_some());
    assert!(runs.iter().all(|run| run.compare_group == runs[0].compare_group && run.position == 0), "{runs:?}");
}

#[test]
fn demo_mode_compares_every_bedrock_and_google_route() {
    let out = routeplay(&with_targets(&DEMO_TARGETS, &["--demo", "--max-tokens", "60", "Hi there"]));
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}\n{stdout}", text(&out.stderr));
    for target in DEMO_TARGETS {
        let cells = row(&stdout, target);
        assert_eq!(cells[1], "done", "{cells:?}");
        assert!(cells[7].parse::<u64>().unwrap() > 0, "output tokens: {cells:?}");
        assert!(cells[12].starts_with("unknown") || cells[12].starts_with('$'), "cost: {cells:?}");
        assert!(!cells[12].starts_with("$0.000000"), "an unknown price is never $0: {cells:?}");
    }
    assert!(stdout.matches("(cheapest)").count() <= 1, "{stdout}");
    // Exactly one fastest TTFT and one fastest total among the six.
    assert_eq!(stdout.matches("(fastest)").count(), 2, "{stdout}");
}

#[test]
fn demo_json_prints_one_record_per_target() {
    let out = routeplay(&with_targets(&DEMO_TARGETS, &["--demo", "--json", "--max-tokens", "60", "Hi there"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let records = records(&out);
    assert_eq!(records.len(), DEMO_TARGETS.len());
    for (record, target) in records.iter().zip(DEMO_TARGETS) {
        assert_eq!(record["target"], target);
        assert_eq!(record["status"], "done");
        assert!(record["error"].is_null());
        assert!(record["text"].as_str().unwrap().contains("Hi there"), "{record}");
        assert!(record["usage"]["output_tokens"].as_u64().unwrap() > 0, "{record}");
        assert!(record["metrics"]["time_to_first_token_seconds"].is_number(), "{record}");
        assert!(record["metrics"]["total_seconds"].is_number(), "{record}");
        let cost = &record["cost"];
        assert!(cost.is_null() || (cost["usd"].as_f64().unwrap() > 0.0 && cost["basis"].is_string()), "{record}");
    }
    let converse = &records[2];
    assert_eq!(
        (converse["route"].as_str(), converse["region"].as_str()),
        (Some("bedrock-converse"), Some("eu-west-1"))
    );
    assert_eq!(converse["model"], "anthropic.emulator-sonnet-v1:0");
    assert_eq!(records[5]["model"], "claude-sonnet-4-5@20250929");
    assert_eq!(records[5]["location"], "us-east5");
}

#[test]
fn a_named_set_comes_from_the_config_file_and_the_prompt_from_stdin() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    let config = "[compare.sets.duo]\ntargets = [\"emulator:emulator-sonnet\", \"emulator:emulator-tools\"]\n\
                  max_tokens = 40\nsystem = \"Be brief\"\n";
    std::fs::write(home.path().join("config").join("config.toml"), config).unwrap();
    let out = routeplay_in(home.path(), &["compare", "--set", "duo", "--json"], Some("piped prompt"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let records = records(&out);
    let targets: Vec<&str> = records.iter().map(|r| r["target"].as_str().unwrap()).collect();
    assert_eq!(targets, ["emulator:emulator-sonnet", "emulator:emulator-tools"]);
    assert!(records[0]["text"].as_str().unwrap().contains("piped prompt"));

    let out = routeplay_in(home.path(), &["compare", "--set", "trio", "Hi"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no compare set \"trio\" in config.toml; known sets: duo"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bad_inputs_are_named() {
    let out = routeplay(&with_targets(&["emulator:emulator-sonnet", "bedrock-converse"], &["Hi"]));
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad target \"bedrock-converse\"") && stderr.contains("ROUTE[@REGION]:MODEL"), "{stderr}");

    let out = routeplay(&with_targets(&["emulator:a", "bedrok@x:y"], &["Hi"]));
    assert!(text(&out.stderr).contains("unknown route \"bedrok\""), "{}", text(&out.stderr));

    let out = routeplay(&with_targets(&["emulator:emulator-sonnet"], &["Hi"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("compare needs 2 to 8 targets, got 1"), "{}", text(&out.stderr));

    let out = routeplay(&with_targets(&["emulator:emulator-sonnet"; 9], &["Hi"]));
    assert!(text(&out.stderr).contains("got 9"), "{}", text(&out.stderr));
}

#[test]
fn progress_is_redrawn_in_place_in_a_terminal_and_the_table_follows() {
    let (rows, cols) = (100, 220);
    let pty = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut command = routeplay_in_pty(home.path());
    let targets = ["emulator:emulator-sonnet", "emulator:emulator-thinking"];
    command.args(with_targets(&targets, &["--tokens-per-second", "40", "--max-tokens", "40", "Hello pty"]));
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    let parser = screen_of(pty.master.as_ref(), rows, cols);
    let screen = || parser.lock().unwrap().screen().contents();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !screen().contains(" streaming ") {
        assert!(Instant::now() < deadline, "no streaming progress line:\n{}", screen());
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "routeplay compare did not exit:\n{}", screen());
        std::thread::sleep(Duration::from_millis(50));
    };
    std::thread::sleep(Duration::from_millis(300));
    assert!(status.success(), "{}", screen());
    let screen = screen();
    for target in targets {
        let progress: Vec<&str> = screen.lines().filter(|l| l.starts_with(&format!("{target} "))).collect();
        assert_eq!(progress.len(), 1, "one progress line per target, redrawn in place:\n{screen}");
        assert!(progress[0].contains(" done ") && progress[0].contains(" tok"), "{screen}");
    }
    let table = screen.find("| target | status |").expect("the table follows the progress");
    assert!(screen[..table].contains("emulator:emulator-thinking "), "progress first:\n{screen}");
    assert!(screen.contains("(fastest)") && screen.contains("## emulator:emulator-thinking"), "{screen}");
    drop(pty.master);
}
