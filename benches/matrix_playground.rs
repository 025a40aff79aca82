//! The playground running a 1,000-prompt × 4-target matrix (4,000 cells) against the built-in
//! emulator, unpaced, on the real binary in a pseudo-terminal at 200x50: how long the matrix
//! takes, the process's peak resident memory (`VmHWM`), and whether the screen kept moving
//! while it ran (the longest gap between two changes of the progress line, sampled every
//! 10 ms). Goals: peak < 200 MB at 4,000 cells; the view keeps redrawing (gaps well under a
//! second). Linux only (reads /proc).
//!
//! Run with `cargo bench --bench matrix_playground`.

#[path = "../tests/support/pty.rs"]
mod pty;

use portable_pty::{PtySize, native_pty_system};
use pty::{routeplay_in_pty, screen_of};
use std::io::Write;
use std::time::{Duration, Instant};

const PROMPTS: usize = 1_000;
const TARGETS: [&str; 4] =
    ["emulator:emulator-sonnet", "emulator:emulator-haiku", "emulator:emulator-thinking", "emulator:emulator-tools"];

fn main() {
    let home = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(home.path().join("config")).expect("config dir");
    let targets = TARGETS.map(|target| format!("{target:?}")).join(", ");
    let config = format!("[emulator]\ntokens_per_second = 0.0\n\n[compare.sets.four]\ntargets = [{targets}]\n");
    std::fs::write(home.path().join("config/config.toml"), config).expect("config");
    let prompts: Vec<String> = (0..PROMPTS).map(|n| format!("Question {n}: what does route {n} cost?")).collect();
    let file = home.path().join("prompts.txt");
    std::fs::write(&file, prompts.join("\n")).expect("prompt set");

    let pty =
        native_pty_system().openpty(PtySize { rows: 50, cols: 200, pixel_width: 0, pixel_height: 0 }).expect("a pty");
    let mut command = routeplay_in_pty(home.path());
    command.args(["--compare", "four"]);
    let mut child = pty.slave.spawn_command(command).expect("spawn routeplay");
    let screen = screen_of(pty.master.as_ref(), 50, 200);
    let mut keys = pty.master.take_writer().expect("the pty writes");
    let contents = || screen.lock().expect("screen").screen().contents();
    let wait_for = |what: &str, limit: Duration, ok: &dyn Fn(&str) -> bool| {
        let started = Instant::now();
        while !ok(&contents()) {
            assert!(started.elapsed() < limit, "no {what}:\n{}", contents());
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    let mut press = |bytes: &[u8]| {
        keys.write_all(bytes).expect("type");
        keys.flush().expect("flush");
    };
    wait_for("compare view", Duration::from_secs(30), &|s| s.contains("Compare · 4 targets"));
    press(b"\x1bp");
    wait_for("path prompt", Duration::from_secs(10), &|s| s.contains("Load a prompt set"));
    press(file.to_str().expect("a UTF-8 path").as_bytes());
    press(b"\r");
    wait_for("matrix", Duration::from_secs(30), &|s| s.contains("= 4000 cells"));
    press(b"s");
    wait_for("start dialog", Duration::from_secs(10), &|s| s.contains("Start the matrix"));
    let pid = child.process_id().expect("pid");
    let before = status_kib(pid, "VmRSS:");
    press(b"y");
    let started = Instant::now();
    let (mut last_line, mut last_change, mut longest_gap) = (String::new(), Instant::now(), Duration::ZERO);
    loop {
        let shown = contents();
        if shown.contains("4000 cells · finished") {
            break;
        }
        assert!(started.elapsed() < Duration::from_mins(10), "the matrix did not finish:\n{shown}");
        let line = shown.lines().find(|line| line.contains(" done · ")).unwrap_or_default().to_owned();
        if line != last_line {
            longest_gap = longest_gap.max(last_change.elapsed());
            (last_line, last_change) = (line, Instant::now());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = started.elapsed();
    let peak = status_kib(pid, "VmHWM:");
    child.kill().expect("stop routeplay");
    let _ = child.wait();
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "playground, {PROMPTS} prompts × {} targets = {} cells, emulator unpaced, 200x50:",
        TARGETS.len(),
        PROMPTS * 4
    );
    println!("  finished in:             {:.2} s ({:.0} cells/s)", took.as_secs_f64(), 4000.0 / took.as_secs_f64());
    println!("  resident before / peak:  {:.1} MiB / {:.1} MiB (goal < 200 MB)", mib(before), mib(peak));
    println!("  longest screen pause:    {} ms while it ran", longest_gap.as_millis());
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
