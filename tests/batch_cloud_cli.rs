//! `compare --prompts FILE --batch --wait --demo` on Bedrock and Vertex as a user runs it: the
//! real binary, an empty HOME, the buckets and role from the config file, a short job clock.
//! Through submit (records into the emulator's S3 and Cloud Storage), poll, fetch (results
//! read back from the buckets) and the history, with one record per job failing alone; and a
//! missing bucket or role named by its config key before anything is sent.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use serde_json::Value;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

const BEDROCK: &str = "bedrock-converse:us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const VERTEX_CLAUDE: &str = "vertex-claude:claude-sonnet-4-5@20250929";
const VERTEX_GEMINI: &str = "vertex-gemini:gemini-2.5-flash";

/// Bedrock takes no job under 100 records: 100 prompts, the 42nd asking the emulator to fail.
const PROMPTS: usize = 100;
const FAILING: usize = 41;

/// A HOME whose config names the batch buckets (and `extra`), with the prompt set.
fn home(extra: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    let config = format!(
        "[emulator]\nbatch_step_ms = 40\n\n[batch]\npoll_secs = 0.2\n\n{extra}[batch.vertex]\nbucket = \"rp-gcs\"\n"
    );
    std::fs::write(home.path().join("config/config.toml"), config).unwrap();
    let prompts: String = (0..PROMPTS)
        .map(|n| if n == FAILING { format!("Question {n} routeplay-fault:500\n") } else { format!("Question {n}\n") })
        .collect();
    std::fs::write(home.path().join("prompts.txt"), prompts).unwrap();
    home
}

const BEDROCK_CONFIG: &str =
    "[batch.bedrock]\nbucket = \"rp-s3\"\nrole_arn = \"arn:aws:iam::123456789012:role/BedrockBatch\"\n\n";

/// `routeplay ARGS`, bounded at 90 s. Its output goes to files, not pipes, so a long answer
/// never blocks it while the test waits.
fn routeplay(home: &Path, args: &[&str]) -> Output {
    let (stdout, stderr) = (home.join("stdout.txt"), home.join("stderr.txt"));
    let mut child = routeplay_command(home, args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("routeplay {args:?} did not end within 90 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: std::fs::read(stdout).unwrap(), stderr: std::fs::read(stderr).unwrap() }
}

fn compare(home: &Path, targets: &[&str]) -> Output {
    let prompts = home.join("prompts.txt");
    let mut args = vec!["compare", "--demo", "--prompts", prompts.to_str().unwrap(), "--batch", "--wait", "--yes"];
    args.extend(targets.iter().flat_map(|target| ["--target", target]));
    routeplay(home, &args)
}

fn json_lines(out: &Output) -> Vec<Value> {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).lines().map(|line| serde_json::from_str(line).expect("one JSON object per line")).collect()
}

#[test]
fn bedrock_and_vertex_batches_run_through_their_buckets_into_the_history() {
    let home = home(BEDROCK_CONFIG);
    let out = compare(home.path(), &[BEDROCK, VERTEX_CLAUDE, VERTEX_GEMINI]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "one record per job failed: {stderr}");
    assert!(stderr.contains("3 of 300 cells failed"), "{stderr}");
    assert!(stdout.contains(&format!("| `{BEDROCK}` | 100 | 99 | 1 | 99% |")), "{stdout}");

    // One job per target, each ended partially done, its results fetched.
    let jobs = json_lines(&routeplay(home.path(), &["batch", "list", "--json"]));
    assert_eq!(jobs.len(), 3, "{jobs:?}");
    let state = |provider: &str, target: &str| {
        let job = jobs.iter().find(|job| job["target"] == target).unwrap_or_else(|| panic!("no job for {target}"));
        assert_eq!(job["provider"], provider);
        assert_eq!(job["fetched"], true, "{job}");
        job["status"]["raw_state"].as_str().unwrap().to_owned()
    };
    assert_eq!(state("bedrock", BEDROCK), "PartiallyCompleted");
    assert_eq!(state("vertex", VERTEX_CLAUDE), "JOB_STATE_PARTIALLY_SUCCEEDED");
    assert_eq!(state("vertex", VERTEX_GEMINI), "JOB_STATE_PARTIALLY_SUCCEEDED");

    // Every cell came back through its job, joined to its own prompt, and is a stored run.
    let matrix = json_lines(&routeplay(home.path(), &["matrix", "list", "--json"]));
    let id = matrix[0]["id"].to_string();
    let cells = json_lines(&routeplay(home.path(), &["matrix", "show", &id, "--json"]));
    assert_eq!(cells.len(), 300);
    assert!(cells.iter().all(|cell| cell["batch"] == true && cell["run_id"].is_i64()), "{:?}", cells[0]);
    let failed: Vec<&Value> = cells.iter().filter(|cell| cell["status"] == "failed").collect();
    assert_eq!(failed.len(), 3, "{failed:?}");
    assert!(failed.iter().all(|cell| cell["prompt_id"] == format!("line-{}", FAILING + 1)), "{failed:?}");
    for cell in cells.iter().filter(|cell| cell["status"] == "done") {
        let (prompt, answer) = (cell["prompt"].as_str().unwrap(), cell["answer"].as_str().unwrap_or_default());
        assert!(answer.contains(prompt), "the answer to {prompt:?} quotes it: {answer:?}");
        assert!(cell["output_tokens"].as_u64() > Some(0) && cell["ttft_ms"].is_null(), "{cell}");
    }
    let bedrock_cost = cells.iter().find(|cell| cell["target"] == BEDROCK && cell["status"] == "done").unwrap();
    assert!(bedrock_cost["cost_usd"].as_f64() > Some(0.0), "priced at the batch rate: {bedrock_cost}");
    let history = routeplay(home.path(), &["history", "list", "--json", "--limit", "1000"]);
    let runs: Value = serde_json::from_slice(&history.stdout).expect("history list --json");
    assert_eq!(runs.as_array().map(Vec::len), Some(300), "every cell is a stored run");
}

#[test]
fn a_missing_role_is_named_by_its_key_and_nothing_is_sent() {
    let home = home("[batch.bedrock]\nbucket = \"rp-s3\"\n\n");
    let out = compare(home.path(), &[BEDROCK, VERTEX_CLAUDE]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("[batch.bedrock] role_arn"), "{stderr}");
    let jobs = json_lines(&routeplay(home.path(), &["batch", "list", "--json"]));
    assert!(jobs.iter().all(|job| job["target"] != BEDROCK), "no Bedrock job: {jobs:?}");
}
