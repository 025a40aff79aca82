//! The playground's start and idle costs, measured on the real binary in a pseudo-terminal:
//! time from spawn to the first drawn frame, wake-ups per second while idle (context
//! switches of all its threads), and resident memory at idle. Targets: first frame within
//! 50 ms, zero wake-ups per second, under 30 MB. Measured with an empty history and with a
//! generated one of 100,000 runs: opening the history and drawing the first frame must not grow
//! with it. Linux only (reads /proc).
//!
//! Run with `cargo bench --bench playground_idle`.

#[path = "support/history.rs"]
mod history;
#[path = "../tests/support/pty.rs"]
mod pty;

use portable_pty::{PtySize, native_pty_system};
use pty::{routeplay_in_pty, screen_of};
use std::time::{Duration, Instant};

const STARTS: usize = 15;
const IDLE_WINDOW: Duration = Duration::from_secs(3);

struct Sample {
    first_frame: Duration,
    wakeups_per_second: f64,
    rss_kib: u64,
}

/// Runs in the large history.
const HISTORY_RUNS: u32 = 100_000;

fn main() {
    let empty = tempfile::tempdir().expect("temp dir");
    report("an empty history", empty.path());
    let large = tempfile::tempdir().expect("temp dir");
    history::generate(&large.path().join("history.sqlite3"), HISTORY_RUNS);
    report(&format!("a history of {HISTORY_RUNS} runs"), large.path());
}

/// Start the playground `STARTS` times on the history in `data_dir` and print the medians.
fn report(label: &str, data_dir: &std::path::Path) {
    let mut samples: Vec<Sample> = (0..STARTS).map(|_| measure_once(data_dir)).collect();
    samples.sort_by_key(|s| s.first_frame);
    let first_frame = samples[STARTS / 2].first_frame;
    let mut wakeups: Vec<f64> = samples.iter().map(|s| s.wakeups_per_second).collect();
    wakeups.sort_by(f64::total_cmp);
    let mut rss: Vec<u64> = samples.iter().map(|s| s.rss_kib).collect();
    rss.sort_unstable();
    println!("playground with {label}, {STARTS} starts at 100x30 in a pty:");
    println!("  first frame (median):        {:.1} ms (target <= 50 ms)", first_frame.as_secs_f64() * 1000.0);
    println!("  idle wake-ups/s (median):    {:.2} (target 0)", wakeups[STARTS / 2]);
    println!("  idle resident memory (max):  {:.1} MB (target < 30 MB)", rss[STARTS - 1] as f64 / 1024.0);
}

fn measure_once(data_dir: &std::path::Path) -> Sample {
    let home = tempfile::tempdir().expect("temp dir");
    let pty =
        native_pty_system().openpty(PtySize { rows: 30, cols: 100, pixel_width: 0, pixel_height: 0 }).expect("a pty");
    let mut command = routeplay_in_pty(home.path());
    command.env("ROUTEPLAY_DATA_DIR", data_dir);
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(command).expect("spawn routeplay");
    let parser = screen_of(pty.master.as_ref(), 30, 100);
    let first_frame = loop {
        if parser.lock().expect("parser").screen().contents().contains("Prompt →") {
            break started.elapsed();
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no first frame");
        std::thread::sleep(Duration::from_micros(200));
    };
    let pid = child.process_id().expect("pid");
    // Let the credential check and the emulator settle, then watch it idle.
    std::thread::sleep(Duration::from_millis(500));
    let before = context_switches(pid);
    std::thread::sleep(IDLE_WINDOW);
    let after = context_switches(pid);
    let rss_kib = resident_kib(pid);
    child.kill().expect("stop routeplay");
    let _ = child.wait();
    Sample { first_frame, wakeups_per_second: (after - before) as f64 / IDLE_WINDOW.as_secs_f64(), rss_kib }
}

/// Voluntary and involuntary context switches of every thread of `pid`.
fn context_switches(pid: u32) -> u64 {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).expect("/proc task list");
    tasks
        .filter_map(Result::ok)
        .filter_map(|task| std::fs::read_to_string(task.path().join("status")).ok())
        .flat_map(|status| {
            status
                .lines()
                .filter(|line| line.contains("ctxt_switches"))
                .filter_map(|line| line.split_whitespace().nth(1)?.parse::<u64>().ok())
                .collect::<Vec<_>>()
        })
        .sum()
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}
