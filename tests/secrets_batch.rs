//! Secrets never reach the history, a batch job's stored row, a matrix export or a log on the
//! batch paths: an Anthropic Message Batches job against a served emulator that expects the
//! key from the environment, and Bedrock and Vertex jobs in demo mode with real-looking AWS and
//! Google secrets in the environment; then every file routeplay wrote and everything it printed
//! (the jobs listed and shown, the matrices shown and exported) is searched for them and for
//! the demo credentials' own secrets.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SECRETS: [&str; 8] = [
    "sk-ant-api03-BATCHSECRET-5e2b7d",
    "AWSSECRETKEY-BATCH-DISTINCTIVE-71aa",
    "ASIASESSIONTOKEN-BATCH-DISTINCTIVE-c3f0",
    "AIzaGEMINI-BATCH-DISTINCTIVE-94de",
    "routeplay-demo-secret-not-a-real-key",
    "routeplay-demo-client-secret",
    "1//routeplay-demo-refresh-token",
    "routeplay-demo-bedrock-key",
];

/// Bedrock takes no job under 100 records.
const PROMPTS: usize = 100;

fn env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("ANTHROPIC_API_KEY", SECRETS[0]),
        ("AWS_ACCESS_KEY_ID", "AKIABATCHDISTINCT01"),
        ("AWS_SECRET_ACCESS_KEY", SECRETS[1]),
        ("AWS_SESSION_TOKEN", SECRETS[2]),
        ("GEMINI_API_KEY", SECRETS[3]),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
}

/// `routeplay ARGS` with `extra` variables, bounded at 120 s, its output through files.
fn routeplay(home: &Path, args: &[&str], extra: &[(&str, &str)]) -> Output {
    let (stdout, stderr) = (home.join("stdout.txt"), home.join("stderr.txt"));
    let mut command = routeplay_command(home, args);
    for (name, value) in env().into_iter().chain(extra.iter().copied()) {
        command.env(name, value);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_mins(2);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "routeplay {args:?} did not end within 120 s");
        std::thread::sleep(Duration::from_millis(50));
    };
    Output { status, stdout: std::fs::read(stdout).unwrap(), stderr: std::fs::read(stderr).unwrap() }
}

/// A served emulator on a free port that takes only `SECRETS[0]` as the Anthropic key.
fn served_emulator(home: &Path) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_routeplay"))
        .args(["emulator", "--port", &port.to_string(), "--api-key", SECRETS[0], "--tokens-per-second", "0"])
        .env_clear()
        .env("HOME", home)
        .env("ROUTEPLAY_CONFIG_DIR", home.join("config"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the emulator did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, base)
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { files_under(&path, found) } else { found.push(path) }
    }
}

fn ids(out: &Output) -> Vec<String> {
    text(&out.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|row| row["id"].as_i64().map(|id| id.to_string()))
        .collect()
}

#[test]
fn no_secret_reaches_the_history_a_job_an_export_or_a_log_on_the_batch_paths() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    std::fs::create_dir_all(home.join("config")).unwrap();
    let config = "[emulator]\nbatch_step_ms = 40\n\n[batch]\npoll_secs = 0.2\n\n[batch.bedrock]\nbucket = \"rp-s3\"\n\
                  role_arn = \"arn:aws:iam::123456789012:role/BedrockBatch\"\n\n[batch.vertex]\nbucket = \"rp-gcs\"\n";
    std::fs::write(home.join("config/config.toml"), config).unwrap();
    let prompts = (0..PROMPTS).map(|n| format!("Question {n}")).collect::<Vec<_>>().join("\n");
    std::fs::write(home.join("prompts.txt"), prompts).unwrap();
    let prompts = home.join("prompts.txt");
    let prompts = prompts.to_str().unwrap();
    let mut printed = String::new();
    let mut keep = |out: &Output| {
        printed.push_str(&text(&out.stdout));
        printed.push_str(&text(&out.stderr));
    };

    let (mut server, base) = served_emulator(home);
    let anthropic =
        ["compare", "--prompts", prompts, "--target", "anthropic:emulator-sonnet", "--batch", "--wait", "--yes"];
    let out = routeplay(home, &anthropic, &[("ANTHROPIC_BASE_URL", &base)]);
    keep(&out);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let cloud = [
        "compare",
        "--demo",
        "--prompts",
        prompts,
        "--target",
        "bedrock-converse:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "--target",
        "vertex-gemini:gemini-2.5-flash",
        "--batch",
        "--wait",
        "--yes",
    ];
    let out = routeplay(home, &cloud, &[]);
    keep(&out);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let jobs = routeplay(home, &["batch", "list", "--json"], &[]);
    keep(&jobs);
    let job_ids = ids(&jobs);
    assert_eq!(job_ids.len(), 3, "one job per target: {}", text(&jobs.stdout));
    for id in &job_ids {
        keep(&routeplay(home, &["batch", "status", id], &[("ANTHROPIC_BASE_URL", &base)]));
        keep(&routeplay(home, &["batch", "fetch", id], &[("ANTHROPIC_BASE_URL", &base)]));
    }
    let matrices = routeplay(home, &["matrix", "list", "--json"], &[]);
    keep(&matrices);
    let matrix_ids = ids(&matrices);
    assert_eq!(matrix_ids.len(), 2);
    for id in &matrix_ids {
        keep(&routeplay(home, &["matrix", "show", id], &[]));
        keep(&routeplay(home, &["matrix", "show", id, "--json"], &[]));
        for format in ["csv", "jsonl", "md"] {
            let file = home.join("data").join(format!("matrix-{id}.{format}"));
            keep(&routeplay(home, &["matrix", "export", id, file.to_str().unwrap()], &[]));
        }
    }
    let _ = Command::new("kill").args(["-TERM", &server.id().to_string()]).status();
    let _ = server.wait();

    assert!(printed.contains("rp-s3") || printed.contains("s3://"), "the Bedrock job's bucket was named");
    let mut files = Vec::new();
    files_under(&home.join("data"), &mut files);
    assert!(files.iter().any(|f| f.ends_with("history.sqlite3")), "{files:?}");
    assert_eq!(files.iter().filter(|f| f.to_string_lossy().contains("matrix-")).count(), 6, "{files:?}");
    for secret in SECRETS {
        assert!(!printed.contains(secret), "{secret} was printed");
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            let found = bytes.windows(secret.len()).any(|window| window == secret.as_bytes());
            assert!(!found, "{secret} is in {}", file.display());
        }
    }
}
