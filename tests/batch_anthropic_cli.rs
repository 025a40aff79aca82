//! `compare --prompts FILE --batch` and `routeplay batch …` as a user runs them: the real binary,
//! an empty HOME, a short job clock (`[emulator] batch_step_ms`) and poll (`[batch] poll_secs`)
//! from the config file. Through submit, poll, fetch and the history: a whole run in demo mode
//! with a target that has no batch service going on-demand, a partially failed job, a cancelled
//! job, and jobs that outlive the process that sent them (on a standalone emulator).

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use routeplay::emulator::{self, EMULATOR_API_KEY, EmulatorHandle, EmulatorOptions};
use serde_json::Value;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

/// A HOME whose config runs emulated jobs in `step_ms` steps and polls every 0.2 s.
fn home(step_ms: u64) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    let config = format!("[emulator]\nbatch_step_ms = {step_ms}\n\n[batch]\npoll_secs = 0.2\n");
    std::fs::write(home.path().join("config/config.toml"), config).unwrap();
    std::fs::write(home.path().join("prompts.txt"), "Say hello\nExplain the tides\n").unwrap();
    home
}

/// `routeplay ARGS`, the anthropic route pointed at `emulator` when there is one; at most 60 s.
fn routeplay(home: &Path, emulator: Option<&str>, args: &[&str]) -> Output {
    let mut command = routeplay_command(home, args);
    if let Some(url) = emulator {
        command.env("ANTHROPIC_BASE_URL", url).env("ANTHROPIC_API_KEY", EMULATOR_API_KEY);
    }
    let mut child = command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_mins(1);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("routeplay {args:?} did not end within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Run `routeplay` off the test's runtime, whose emulator must keep serving meanwhile.
async fn routeplay_async(home: &Path, emulator: Option<&str>, args: &[&str]) -> Output {
    let (home, emulator) = (home.to_path_buf(), emulator.map(str::to_owned));
    let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        routeplay(&home, emulator.as_deref(), &args)
    })
    .await
    .unwrap()
}

fn compare<'a>(prompts: &'a str, targets: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
    let targets = targets.iter().flat_map(|target| ["--target", target]);
    ["compare", "--prompts", prompts, "--batch", "--yes"]
        .into_iter()
        .chain(targets)
        .chain(rest.iter().copied())
        .collect()
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    text(out).lines().map(|line| serde_json::from_str(line).expect("one JSON object per line")).collect()
}

/// The stored runs, as `history list --json` gives them.
fn runs(home: &Path) -> Vec<Value> {
    let out = routeplay(home, None, &["history", "list", "--json", "--limit", "100"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let value: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    value.as_array().cloned().unwrap_or_else(|| json_lines(&out.stdout))
}

/// The matrix's cells, as its JSONL export has them.
fn cells(home: &Path) -> Vec<Value> {
    let list = routeplay(home, None, &["matrix", "list", "--json"]);
    let id = json_lines(&list.stdout)[0]["id"].to_string();
    let out = home.join("cells.jsonl");
    let export = routeplay(home, None, &["matrix", "export", &id, out.to_str().unwrap()]);
    assert!(export.status.success(), "{}", text(&export.stderr));
    std::fs::read_to_string(out).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

async fn standalone(step_ms: u64) -> EmulatorHandle {
    let options = EmulatorOptions {
        tokens_per_second: 0.0,
        batch_step: Duration::from_millis(step_ms),
        ..EmulatorOptions::default()
    };
    emulator::start(options).await.expect("starts")
}

#[test]
fn a_demo_batch_run_is_submitted_polled_fetched_and_stored_with_a_partially_failed_job() {
    let home = home(100);
    let prompts = home.path().join("prompts.txt");
    let targets =
        ["emulator:emulator-sonnet", "emulator:emulator-sonnet-fault-429-then-ok", "gemini-api:emulator-gemini"];
    let args = compare(prompts.to_str().unwrap(), &targets, &["--wait", "--demo", "--repeat", "2"]);
    let out = routeplay(home.path(), None, &args);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "two records errored: {stderr}");
    assert!(
        stderr.contains("gemini-api:emulator-gemini: route gemini-api has no batch service routeplay drives; its 4 cells go on-demand"),
        "{stderr}"
    );
    assert!(stdout.contains("| `emulator:emulator-sonnet` | 4 | 4 | 0 | 100% |"), "{stdout}");
    assert!(stdout.contains("| `emulator:emulator-sonnet-fault-429-then-ok` | 4 | 2 | 2 | 50% |"), "{stdout}");

    // Each job was stored, fetched, and its records are runs in the history.
    let jobs = routeplay(home.path(), None, &["batch", "list", "--json"]);
    let jobs = json_lines(&jobs.stdout);
    assert_eq!(jobs.len(), 2, "one job per target with a batch service");
    assert!(jobs.iter().all(|job| job["provider"] == "anthropic" && job["fetched"] == true && job["state"] == "ended"));
    let partial = jobs.iter().find(|job| job["target"] == targets[1]).unwrap();
    assert_eq!(partial["status"]["state"], "partially_succeeded");
    assert_eq!(partial["status"]["counts"]["failed"], 2);
    assert_eq!(runs(home.path()).len(), 12, "every cell is a stored run");
    let pending = routeplay(home.path(), None, &["batch", "list", "--pending"]);
    assert!(text(&pending.stdout).is_empty() && text(&pending.stderr).contains("no pending batch jobs"));

    let cells = cells(home.path());
    // Each record says whether its cell went through a batch: the two batch targets' did, the
    // on-demand target's did not (and streamed, so it has a time to first token).
    let batch: Vec<&Value> = cells.iter().filter(|cell| cell["batch"] == true).collect();
    assert_eq!(batch.len(), 8, "{cells:?}");
    assert!(batch.iter().all(|cell| cell["target"] != targets[2]), "{cells:?}");
    let on_demand = cells.iter().filter(|cell| cell["batch"] == false);
    assert!(on_demand.clone().count() == 4 && on_demand.clone().all(|cell| cell["target"] == targets[2]));
    assert!(on_demand.into_iter().all(|cell| cell["ttft_ms"].is_number()));
    let failed: Vec<&Value> = batch.iter().copied().filter(|cell| cell["status"] == "failed").collect();
    assert_eq!(failed.len(), 2);
    assert!(failed.iter().all(|cell| cell["error"].as_str().unwrap().contains("errored: rate_limit_error")));
    assert!(batch.iter().all(|cell| cell["ttft_ms"].is_null()), "a batch does not stream");
}

#[test]
fn a_demo_batch_without_wait_is_refused_with_the_reason() {
    let home = home(100);
    let prompts = home.path().join("prompts.txt");
    let args =
        compare(prompts.to_str().unwrap(), &["emulator:emulator-sonnet", "emulator:emulator-haiku"], &["--demo"]);
    let out = routeplay(home.path(), None, &args);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("needs --wait") && stderr.contains("stop when this command ends"), "{stderr}");
    assert!(routeplay(home.path(), None, &["batch", "list", "--json"]).stdout.is_empty(), "no job was sent");
    let matrices = routeplay(home.path(), None, &["matrix", "list", "--json"]);
    assert!(matrices.stdout.is_empty(), "no matrix was stored: {}", text(&matrices.stdout));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_outlive_the_process_that_sent_them_and_fetching_twice_stores_once() {
    let emu = standalone(150).await;
    let url = emu.base_url();
    let home = home(150);
    let prompts = home.path().join("prompts.txt");
    let targets = ["anthropic:emulator-sonnet", "anthropic:emulator-haiku"];
    let sent = routeplay_async(home.path(), Some(&url), &compare(prompts.to_str().unwrap(), &targets, &[])).await;
    assert!(sent.status.success(), "{}", text(&sent.stderr));
    assert!(text(&sent.stderr).contains("2 batch jobs sent"), "{}", text(&sent.stderr));
    let lines = text(&sent.stdout);
    assert_eq!(lines.lines().count(), 2, "one line per job: {lines}");
    assert!(lines.contains("msgbatch_01") && lines.contains("in_progress"), "{lines}");

    // A new process finds them pending, by routeplay's id or the tail of the provider's.
    let pending =
        json_lines(&routeplay_async(home.path(), None, &["batch", "list", "--pending", "--json"]).await.stdout);
    assert_eq!(pending.len(), 2);
    let remote = pending[0]["remote_id"].as_str().unwrap().to_owned();
    let tail = &remote[remote.len() - 8..];
    let status = routeplay_async(home.path(), Some(&url), &["batch", "status", tail, "--json"]).await;
    assert!(status.status.success(), "{}", text(&status.stderr));
    assert_eq!(json_lines(&status.stdout)[0]["remote_id"], remote.as_str());

    for job in &pending {
        let id = job["id"].to_string();
        let fetched = routeplay_async(home.path(), Some(&url), &["batch", "fetch", &id, "--wait"]).await;
        assert!(fetched.status.success(), "{}", text(&fetched.stderr));
        assert!(text(&fetched.stdout).contains("2 runs stored (2 done, 0 failed)"), "{}", text(&fetched.stdout));
    }
    assert_eq!(runs(home.path()).len(), 4);
    let again = routeplay_async(home.path(), Some(&url), &["batch", "fetch", tail]).await;
    assert!(again.status.success() && text(&again.stderr).contains("fetched already"), "{}", text(&again.stderr));
    assert_eq!(runs(home.path()).len(), 4, "fetching twice stores nothing twice");
    let matrix = routeplay_async(home.path(), None, &["matrix", "list", "--json"]).await;
    assert_eq!(json_lines(&matrix.stdout)[0]["done"], 4, "{}", text(&matrix.stdout));
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_job_is_fetched_as_failed_cells_with_the_reason() {
    let emu = standalone(3000).await;
    let url = emu.base_url();
    let home = home(3000);
    let prompts = home.path().join("prompts.txt");
    let args = compare(prompts.to_str().unwrap(), &["anthropic:emulator-sonnet", "anthropic:emulator-haiku"], &[]);
    let sent = routeplay_async(home.path(), Some(&url), &args).await;
    assert!(sent.status.success(), "{}", text(&sent.stderr));
    let jobs = json_lines(&routeplay_async(home.path(), None, &["batch", "list", "--json"]).await.stdout);
    let id = jobs[0]["id"].to_string();
    let cancelled = routeplay_async(home.path(), Some(&url), &["batch", "cancel", &id]).await;
    assert!(cancelled.status.success(), "{}", text(&cancelled.stderr));
    assert!(text(&cancelled.stdout).contains("canceling"), "{}", text(&cancelled.stdout));
    let early = routeplay_async(home.path(), Some(&url), &["batch", "fetch", &id]).await;
    assert_eq!(early.status.code(), Some(1));
    assert!(text(&early.stderr).contains("fetch it once it has ended"), "{}", text(&early.stderr));
    let fetched = routeplay_async(home.path(), Some(&url), &["batch", "fetch", &id, "--wait"]).await;
    assert_eq!(fetched.status.code(), Some(1), "its cells failed: {}", text(&fetched.stderr));
    assert!(text(&fetched.stdout).contains("2 runs stored (0 done, 2 failed)"), "{}", text(&fetched.stdout));
    let cancelled_cells: Vec<Value> = cells(home.path())
        .into_iter()
        .filter(|cell| cell["error"].as_str().is_some_and(|error| error.contains("cancelled: the batch was cancelled")))
        .collect();
    assert_eq!(cancelled_cells.len(), 2);
    let again = routeplay_async(home.path(), Some(&url), &["batch", "cancel", &id]).await;
    assert!(text(&again.stderr).contains("nothing to cancel"), "{}", text(&again.stderr));
    emu.shutdown().await.unwrap();
}
