//! `routeplay replay`: a run asked of the emulator is replayed from its stored events with the
//! same text and, at speed 1, about the same pacing; faster at a higher speed.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

fn routeplay(home: &Path, args: &[&str]) -> Output {
    routeplay_command(home, args).output().unwrap()
}

/// Ask a served emulator that streams 60 tokens a second (the built-in one `ask` starts is
/// unpaced), so the run has a pacing worth reproducing.
fn ask_paced(home: &Path, prompt: &str) -> Output {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
    let mut server = routeplay_command(home, &["emulator", "--port", &port, "--tokens-per-second", "60"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let mut asked = None;
    for _ in 0..100 {
        let out =
            routeplay_command(home, &["ask", "--route", "anthropic", "--model", "emulator-sonnet", "--json", prompt])
                .env("ANTHROPIC_BASE_URL", &base)
                .env("ANTHROPIC_API_KEY", "routeplay-emulator")
                .output()
                .unwrap();
        if out.status.success() {
            asked = Some(out);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = server.kill();
    let _ = server.wait();
    asked.expect("the served emulator answered")
}

#[test]
fn a_replay_reproduces_the_text_and_its_pacing() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let asked = ask_paced(home, "Replay me later");
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    let record: serde_json::Value = serde_json::from_slice(&asked.stdout).unwrap();
    let answer = record["text"].as_str().unwrap().to_owned();
    let list: serde_json::Value =
        serde_json::from_slice(&routeplay(home, &["history", "list", "--json"]).stdout).unwrap();
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let shown: serde_json::Value =
        serde_json::from_slice(&routeplay(home, &["history", "show", &id, "--json"]).stdout).unwrap();
    let recorded_first = shown["runs"][0]["first_token_ms"].as_u64().unwrap();
    let recorded_total = shown["runs"][0]["total_ms"].as_u64().unwrap();
    assert!(recorded_total > 500, "the run streamed for a while: {recorded_total} ms");

    let started = Instant::now();
    let replay = routeplay(home, &["replay", &id]);
    let took = started.elapsed();
    assert!(replay.status.success(), "{}", text(&replay.stderr));
    assert_eq!(text(&replay.stdout).trim_end(), answer.trim_end(), "the same text");
    assert!(text(&replay.stderr).contains("replay of anthropic · emulator-sonnet"), "{}", text(&replay.stderr));
    let streamed = Duration::from_millis(recorded_total - recorded_first);
    assert!(took >= streamed.mul_f64(0.9), "replayed in {took:?}, recorded {streamed:?} of streaming");
    assert!(took <= Duration::from_millis(recorded_total) + Duration::from_secs(2), "replayed in {took:?}");

    let started = Instant::now();
    let fast = routeplay(home, &["replay", &id, "--speed", "10"]);
    assert!(fast.status.success());
    assert_eq!(text(&fast.stdout), text(&replay.stdout));
    assert!(started.elapsed() < took / 2, "--speed 10 is faster: {:?} vs {took:?}", started.elapsed());

    let bad = routeplay(home, &["replay", &id, "--speed", "0"]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("--speed 0"), "{}", text(&bad.stderr));
    let missing = routeplay(home, &["replay", "42"]);
    assert!(text(&missing.stderr).contains("no conversation 42"), "{}", text(&missing.stderr));
}
