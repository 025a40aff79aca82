//! The playground's memory under an 8-target compare at 1,000 tokens/s each (the built-in
//! emulator, 2,000-token answers), on the real binary in a pseudo-terminal: resident memory
//! before the prompt is sent, its peak while the eight streams run (`VmHWM`), and what is left
//! a second after they all end. Goals: peak <= 80 MiB, and back within 10 MB of the level
//! before the streams. Linux only (reads /proc).
//!
//! Run with `cargo bench --bench compare_memory`.

#[path = "../tests/support/pty.rs"]
mod pty;

use portable_pty::{PtySize, native_pty_system};
use pty::{routeplay_in_pty, screen_of};
use std::io::Write;
use std::time::{Duration, Instant};

const ROUNDS: usize = 3;
const TARGETS: [&str; 8] = [
    "emulator:emulator-sonnet",
    "emulator:emulator-thinking",
    "emulator:emulator-tools",
    "emulator:emulator-sonnet",
    "emulator:emulator-thinking",
    "emulator:emulator-sonnet",
    "emulator:emulator-tools",
    "emulator:emulator-sonnet",
];

/// Resident memory in KiB: before the prompt, the peak, and after the streams ended.
struct Sample {
    before: u64,
    peak: u64,
    after: u64,
}

fn main() {
    let mut samples: Vec<Sample> = (0..ROUNDS).map(|_| measure_once()).collect();
    let median = |samples: &mut Vec<Sample>, key: fn(&Sample) -> u64| {
        samples.sort_by_key(key);
        key(&samples[ROUNDS / 2]) as f64 / 1024.0
    };
    let before = median(&mut samples, |s| s.before);
    let peak = median(&mut samples, |s| s.peak);
    let left = median(&mut samples, |s| s.after.saturating_sub(s.before));
    println!("playground, 8-target compare at 1,000 tok/s, {ROUNDS} rounds (medians):");
    println!("  before the streams:   {before:.1} MiB");
    println!("  peak:                 {peak:.1} MiB (goal <= 80 MiB)");
    println!("  left after they end:  {left:.1} MiB above before (goal <= 10 MB)");
}

fn measure_once() -> Sample {
    let home = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(home.path().join("config")).expect("config dir");
    let targets = TARGETS.map(|target| format!("{target:?}")).join(", ");
    let config = format!(
        "[emulator]\ntokens_per_second = 1000.0\nanswer_tokens = 2000\n\n[compare.sets.eight]\ntargets = [{targets}]\n"
    );
    std::fs::write(home.path().join("config/config.toml"), config).expect("config");
    let pty =
        native_pty_system().openpty(PtySize { rows: 50, cols: 200, pixel_width: 0, pixel_height: 0 }).expect("a pty");
    let mut command = routeplay_in_pty(home.path());
    command.args(["--compare", "eight"]);
    let mut child = pty.slave.spawn_command(command).expect("spawn routeplay");
    let screen = screen_of(pty.master.as_ref(), 50, 200);
    let mut keys = pty.master.take_writer().expect("the pty writes");
    let wait_for = |what: &str, ok: &dyn Fn(&str) -> bool| {
        let started = Instant::now();
        while !ok(&screen.lock().expect("screen").screen().contents()) {
            assert!(started.elapsed() < Duration::from_secs(30), "no {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_for("compare view", &|s| s.contains("Compare · 8 targets"));
    let pid = child.process_id().expect("pid");
    std::thread::sleep(Duration::from_secs(1));
    let before = status_kib(pid, "VmRSS:");
    keys.write_all(b"Summarise what a route is").expect("type");
    keys.write_all(b"\x13").expect("send");
    keys.flush().expect("flush");
    wait_for("summary of the ended streams", &|s| s.contains("ranked by total time"));
    std::thread::sleep(Duration::from_secs(1));
    let (peak, after) = (status_kib(pid, "VmHWM:"), status_kib(pid, "VmRSS:"));
    child.kill().expect("stop routeplay");
    let _ = child.wait();
    Sample { before, peak, after }
}

/// A `/proc/PID/status` field in KiB.
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find(|line| line.starts_with(field))
        .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}
