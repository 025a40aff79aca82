//! The real binary (`routeplay ask --route anthropic`) against a hostile server on loopback:
//! huge lines, endless answers, huge or stalled error bodies, trickles, endless pings, pages
//! and compressed bodies instead of a stream, oversized headers. Each run must end, with a
//! message naming what fired (and the key to raise it), and the child's peak RSS (`VmHWM`,
//! sampled from /proc while it runs) must stay under 256 MB.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/hostile.rs"]
mod hostile;

use hostile::{MESSAGE_END, MESSAGE_START, MIB, SSE_HEAD, hostile, repeat, text_delta};

use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The most memory any hostile input may cost the process.
const MAX_PEAK_KIB: u64 = 256 * 1024;
/// No case may take longer (they are configured to end within seconds).
const CASE_LIMIT: Duration = Duration::from_secs(90);

/// The most memory a 1 MiB answer may cost, however finely it is cut: what the process needs
/// anyway (about 30 MiB) and a small multiple of the answer.
const MAX_SMALL_ANSWER_PEAK_KIB: u64 = 64 * 1024;

struct Outcome {
    stderr: String,
    peak_kib: u64,
    elapsed: Duration,
    succeeded: bool,
}

/// `routeplay ask` on the anthropic route at `base`, with `config` as its config.toml; the
/// child's peak RSS sampled until it exits.
fn ask(base: &str, config: &str) -> Outcome {
    let env = [("ANTHROPIC_BASE_URL", base), ("ANTHROPIC_API_KEY", "test")];
    ask_on(&["--route", "anthropic", "--model", "claude-x"], &env, config)
}

/// `routeplay ask` with `route_args`, `env` and `config`.
fn ask_on(route_args: &[&str], env: &[(&str, &str)], config: &str) -> Outcome {
    let home = tempfile::tempdir().expect("home");
    write(&home.path().join("config/config.toml"), config);
    let started = Instant::now();
    let args: Vec<&str> = ["ask"].iter().chain(route_args).chain(&["Hi"]).copied().collect();
    let mut command = cli::routeplay_command(home.path(), &args);
    command.envs(env.iter().copied());
    let mut child = command.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("the binary starts");
    let status_file = format!("/proc/{}/status", child.id());
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut peak_kib = 0;
    let status = loop {
        if let Some(kib) = std::fs::read_to_string(&status_file).ok().as_deref().and_then(vm_hwm_kib) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > CASE_LIMIT {
            child.kill().expect("kill");
            child.wait().expect("wait");
            panic!("the run did not end within {CASE_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = reader.join().expect("stderr read");
    eprintln!("peak RSS {} MiB in {:?}: {}", peak_kib / 1024, started.elapsed(), stderr.trim());
    Outcome { stderr, peak_kib, elapsed: started.elapsed(), succeeded: status.success() }
}

fn vm_hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("config dir");
    std::fs::write(path, text).expect("config written");
}

fn assert_bounded(outcome: &Outcome, expected: &[&str]) {
    assert!(outcome.peak_kib > 0, "VmHWM was never read");
    assert!(outcome.peak_kib < MAX_PEAK_KIB, "peak RSS {} MiB: {}", outcome.peak_kib / 1024, outcome.stderr);
    for words in expected {
        assert!(outcome.stderr.contains(words), "{words:?} not in: {}", outcome.stderr);
    }
}

#[test]
fn a_600_mb_sse_line_fails_at_the_line_limit() {
    let base = hostile(|socket| {
        let _ = socket.write_all(format!("{SSE_HEAD}{MESSAGE_START}data: ").as_bytes());
        repeat(socket, &vec![b'x'; MIB], 600 * MIB, Duration::ZERO);
    });
    let outcome = ask(&base, "");
    assert_bounded(&outcome, &["an SSE line passed 16 MiB", "fixed limit"]);
}

#[test]
fn an_endless_answer_fails_at_the_default_max_answer_mib_with_the_key_to_raise_it() {
    let base = hostile(|socket| {
        let _ = socket.write_all(format!("{SSE_HEAD}{MESSAGE_START}").as_bytes());
        repeat(socket, text_delta(&"y".repeat(16 * 1024)).as_bytes(), 700 * MIB, Duration::ZERO);
    });
    // The default cap: the answer, its events and its history write must all fit the bound.
    let outcome = ask(&base, "");
    assert_bounded(&outcome, &["the answer passed the 32 MiB limit", "[network] max_answer_mib"]);
}

#[test]
fn an_endless_answer_of_words_fails_at_the_default_max_answer_mib() {
    let base = hostile(|socket| {
        let _ = socket.write_all(format!("{SSE_HEAD}{MESSAGE_START}").as_bytes());
        repeat(socket, text_delta(&"many words ".repeat(1024)).as_bytes(), 700 * MIB, Duration::ZERO);
    });
    // Words, unlike one endless token, make the full-text index hold a position for each.
    let outcome = ask(&base, "");
    assert_bounded(&outcome, &["the answer passed the 32 MiB limit", "[network] max_answer_mib"]);
}

#[test]
fn a_one_mib_answer_in_one_byte_deltas_costs_a_small_multiple_of_its_bytes() {
    let base = hostile(|socket| {
        let _ = socket.write_all(format!("{SSE_HEAD}{MESSAGE_START}").as_bytes());
        let deltas = text_delta("y").repeat(4096);
        repeat(socket, deltas.as_bytes(), MIB / 4096 * deltas.len(), Duration::ZERO);
        let _ = socket.write_all(MESSAGE_END.as_bytes());
    });
    let outcome = ask(&base, "");
    assert!(outcome.succeeded, "the answer failed: {}", outcome.stderr);
    assert_bounded(&outcome, &[]);
    assert!(
        outcome.peak_kib < MAX_SMALL_ANSWER_PEAK_KIB,
        "peak RSS {} MiB for a 1 MiB answer",
        outcome.peak_kib / 1024
    );
}

#[test]
fn a_600_mb_error_body_is_read_only_in_part() {
    let base = hostile(|socket| {
        let head = format!("HTTP/1.1 500 Internal Server Error\r\ncontent-length: {}\r\n\r\n", 600 * MIB);
        let _ = socket.write_all(head.as_bytes());
        repeat(socket, &vec![b'e'; MIB], 600 * MIB, Duration::ZERO);
    });
    let outcome = ask(&base, "");
    assert_bounded(&outcome, &["HTTP 500", "eeee"]);
    assert!(outcome.stderr.len() < 4096, "the error quotes the body whole: {} bytes", outcome.stderr.len());
}

#[test]
fn a_stalled_error_body_ends_at_the_idle_timeout() {
    let base = hostile(|socket| {
        let _ = socket.write_all(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 1000\r\n\r\n{\"err");
        std::thread::sleep(Duration::from_secs(30));
    });
    let outcome = ask(&base, "[network]\nidle_timeout_secs = 1\n");
    assert_bounded(&outcome, &["HTTP 503", "error body stopped arriving", "idle timeout", "idle_timeout_secs"]);
    assert!(outcome.elapsed < Duration::from_secs(20), "took {:?}", outcome.elapsed);
}

#[test]
fn a_trickle_ends_at_the_run_deadline() {
    let base = hostile(|socket| {
        let _ = socket.write_all(format!("{SSE_HEAD}{MESSAGE_START}").as_bytes());
        repeat(socket, b":", 1000, Duration::from_millis(300));
    });
    let outcome = ask(&base, "[network]\nidle_timeout_secs = 5\nrun_deadline_secs = 2\n");
    assert_bounded(&outcome, &["2 s deadline", "[network] run_deadline_secs"]);
    assert!(outcome.elapsed < Duration::from_secs(20), "took {:?}", outcome.elapsed);
}

#[test]
fn endless_pings_end_at_the_run_deadline() {
    let base = hostile(|socket| {
        let _ = socket.write_all(format!("{SSE_HEAD}{MESSAGE_START}").as_bytes());
        repeat(socket, b"event: ping\ndata: {\"type\": \"ping\"}\n\n", 100 * MIB, Duration::from_millis(5));
    });
    let outcome = ask(&base, "[network]\nrun_deadline_secs = 2\n");
    assert_bounded(&outcome, &["2 s deadline", "[network] run_deadline_secs"]);
    assert!(outcome.elapsed < Duration::from_secs(20), "took {:?}", outcome.elapsed);
}

#[test]
fn a_web_page_instead_of_a_stream_is_named() {
    let base = hostile(|socket| {
        let body = "<!DOCTYPE html>\n<html><head><title>Sign in to the Wi-Fi</title></head></html>";
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        let _ = socket.write_all(format!("{head}{body}").as_bytes());
    });
    let outcome = ask(&base, "");
    assert_bounded(&outcome, &["a web page (text/html; charset=utf-8)", r#"starts "<!DOCTYPE html>\n<html>"#]);
}

#[test]
fn a_compressed_body_is_named() {
    let base = hostile(|socket| {
        let body = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\xcb\xcf\x07\x00";
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        let _ = socket.write_all(head.as_bytes());
        let _ = socket.write_all(body);
    });
    let outcome = ask(&base, "");
    assert_bounded(&outcome, &["gzip-encoded body (content-encoding: gzip)", r#"starts "\u{1f}"#]);
}

#[test]
fn a_body_that_is_no_stream_says_what_came_instead() {
    let base = hostile(|socket| {
        let body = r#"{"id":"msg_1","type":"message","content":[{"type":"text","text":"not streamed"}]}"#;
        let head =
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
        let _ = socket.write_all(format!("{head}{body}").as_bytes());
    });
    let outcome = ask(&base, "");
    assert_bounded(&outcome, &["nothing in it decoded", "bytes of application/json arrived", r#"starting "{\"id\""#]);
    assert!(!outcome.stderr.contains("connection cut"), "{}", outcome.stderr);
}

#[test]
fn json_instead_of_an_event_stream_says_what_came_instead() {
    let base = hostile(|socket| {
        let body = r#"{"id":"msg_1","type":"message","content":[{"type":"text","text":"not streamed"}]}"#;
        let head =
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
        let _ = socket.write_all(format!("{head}{body}").as_bytes());
    });
    let env = [
        ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", base.as_str()),
        ("AWS_ACCESS_KEY_ID", "AKIDHOSTILE"),
        ("AWS_SECRET_ACCESS_KEY", "hostile-secret"),
        ("AWS_REGION", "us-east-1"),
    ];
    let outcome = ask_on(&["--route", "bedrock-invoke", "--model", "anthropic.claude-x-v1:0"], &env, "");
    assert_bounded(&outcome, &["malformed event stream", "bytes of application/json arrived", r#"starting "{\"id\""#]);
}

#[test]
fn twenty_mb_of_headers_are_named_as_such() {
    let base = hostile(|socket| {
        let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n");
        let header = format!("x-filler: {}\r\n", "h".repeat(8 * 1024));
        repeat(socket, header.as_bytes(), 20 * MIB, Duration::ZERO);
    });
    let outcome = ask(&base, "");
    assert_bounded(&outcome, &["could not be read: its headers are too large", &base]);
}
