//! The playground in a pty against an endless answer on loopback, with the default
//! `[network] max_answer_mib` (32): the run fails at the cap, is stored with its whole text,
//! and the process's peak RSS (`VmHWM`) stays under 256 MB, as `routeplay ask`'s does.
//! The transcript shows a giant answer by its last MiB or so (`src/ui/shown_tail.rs`):
//! rendered lines cost about 50 bytes per byte of answer.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/hostile.rs"]
mod hostile;
#[path = "support/pty.rs"]
mod pty;

use hostile::{MESSAGE_START, MIB, SSE_HEAD, hostile, repeat, text_delta};
use portable_pty::{PtySize, native_pty_system};
use std::io::Write;
use std::time::{Duration, Instant};

/// The most memory an endless answer may cost the playground.
const MAX_PEAK_KIB: u64 = 256 * 1024;

fn vm_hwm_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the process is there");
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).expect("VmHWM");
    line.split_whitespace().nth(1).and_then(|kib| kib.parse().ok()).expect("a number")
}

#[test]
fn an_endless_answer_in_the_playground_is_stored_within_the_memory_bound() {
    let base = hostile(|socket| {
        let _ = socket.write_all(format!("{SSE_HEAD}{MESSAGE_START}").as_bytes());
        repeat(socket, text_delta(&"y".repeat(16 * 1024)).as_bytes(), 700 * MIB, Duration::ZERO);
    });
    let home = tempfile::tempdir().unwrap();
    let pty = native_pty_system().openpty(PtySize { rows: 30, cols: 110, pixel_width: 0, pixel_height: 0 }).unwrap();
    let mut command = pty::routeplay_in_pty(home.path());
    command.args(["--route", "anthropic", "--model", "claude-x"]);
    command.env("ANTHROPIC_BASE_URL", &base);
    command.env("ANTHROPIC_API_KEY", "test");
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    let pid = child.process_id().unwrap();
    let screen = pty::screen_of(pty.master.as_ref(), 30, 110);
    let mut keys = pty.master.take_writer().unwrap();
    let mut peak_kib = 0;
    let mut wait_until = |what: &str, done: &dyn Fn(&str) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            peak_kib = peak_kib.max(vm_hwm_kib(pid));
            let shown = screen.lock().unwrap().screen().contents();
            if done(&shown) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{shown}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_until("the prompt", &|shown| shown.contains("Prompt → anthropic · claude-x"));
    keys.write_all(b"Go on forever").unwrap();
    keys.write_all(b"\x13").unwrap(); // ctrl+s
    keys.flush().unwrap();
    wait_until("the cap", &|shown| shown.contains("32 MiB limit"));
    let stored = || {
        let out = cli::routeplay_command(home.path(), &["history", "list", "--json"]).output().unwrap();
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        list[0]["status"] == "failed"
    };
    wait_until("the history write", &|_| stored());
    peak_kib = peak_kib.max(vm_hwm_kib(pid));
    child.kill().unwrap();
    child.wait().unwrap();

    eprintln!("playground peak RSS {} MiB", peak_kib / 1024);
    assert!(peak_kib < MAX_PEAK_KIB, "peak RSS {} MiB", peak_kib / 1024);
    let id = {
        let out = cli::routeplay_command(home.path(), &["history", "list", "--json"]).output().unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()[0]["id"].as_i64().unwrap().to_string()
    };
    let out = cli::routeplay_command(home.path(), &["history", "show", &id, "--json"]).output().unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let answer = shown["runs"][0]["answer"].as_str().unwrap();
    assert!(answer.len() >= 31 * MIB && answer.bytes().all(|b| b == b'y'), "the whole answer is kept");
}
