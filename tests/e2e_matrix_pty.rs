//! End to end, in a pseudo-terminal at 80x24: alt+p loads a small prompt set over a compare
//! set of two emulator models, s shows the size and estimate (its input tokens counted by the
//! emulator's counting endpoint), y starts it, the matrix
//! completes with every cell done, and Enter opens a row's answers side by side. And alt+r
//! samples the typed prompt five times on each target, ranking them by TTFT at the end.
//! Only loopback: the in-process emulator.

#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_session.rs"]
mod pty_session;

use pty_session::Session;

#[test]
fn a_prompt_set_loads_runs_to_the_end_and_a_row_opens_side_by_side() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "[compare.sets.duo]\ntargets = [\"emulator:emulator-sonnet\", \"emulator:emulator-thinking\"]\n",
    )
    .unwrap();
    let prompts = home.path().join("p.txt");
    std::fs::write(&prompts, "Name a colour\n\nName a river\nName a mountain\n").unwrap();
    let mut app = Session::start(home.path(), (24, 80), &["--fresh", "--compare", "duo"], |_| {});
    app.wait_for("the compare view", |s| s.contains("Compare · 2 targets"));
    app.send("\x1bp"); // alt+p
    app.wait_for("the path dialog", |s| s.contains("Load a prompt set") && s.contains("over 2 targets"));
    app.type_text(&prompts.display().to_string());
    app.send("\r");
    app.wait_for("the matrix", |s| s.contains("3 prompts × 2 targets × 1 sample = 6 cells") && s.contains("ready"));
    app.send("s");
    app.wait_for("the start dialog", |s| s.contains("Start the matrix") && s.contains("Send 6 cells of 6"));
    app.wait_for("the emulator's counts in the estimate", |s| s.contains("(counted by the"));
    app.send("y");
    let screen = app.wait_for("the matrix to finish", |s| s.contains("6 done") && s.contains("finished"));
    assert!(screen.contains("0 failed") && screen.contains("0 remaining"), "{screen}");
    app.send("\r"); // the first row side by side
    app.wait_for("the row in the compare view", |s| s.contains("word diff on") && s.contains("Compare · 2 targets"));
    app.quit();
}

#[test]
fn alt_r_samples_the_typed_prompt_and_ranks_the_targets() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "[compare]\nrepeat_spacing_ms = 0\n\n[compare.sets.duo]\ntargets = [\"emulator:emulator-sonnet\", \"emulator:emulator-thinking\"]\n",
    )
    .unwrap();
    let mut app = Session::start(home.path(), (24, 80), &["--fresh", "--compare", "duo"], |_| {});
    app.wait_for("the compare view", |s| s.contains("Compare · 2 targets"));
    app.type_text("Name a colour");
    app.send("\x1br"); // alt+r
    app.wait_for("the sampled prompt", |s| s.contains("1 prompt × 2 targets × 5 samples = 10 cells"));
    app.send("s");
    app.wait_for("the start dialog", |s| s.contains("Send 10 cells of 10"));
    app.send("y");
    let screen = app.wait_for("the samples to end", |s| s.contains("10 done") && s.contains("finished"));
    assert!(screen.contains("TTFT rank") && screen.contains("fastest"), "{screen}");
    // The prompt stays in the editor, so quitting asks first.
    app.send("\x11");
    app.wait_for("the quit question", |s| s.contains("Quit?"));
    app.send("y");
    app.wait_for_exit();
}
