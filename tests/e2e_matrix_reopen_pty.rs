//! End to end: a matrix made on the command line (one target answering, one failing) is
//! reopened in the playground. alt+x lists it, Enter shows its cells as stored, Enter on a row
//! reads that row's compare back from the history, s resumes only the failed cells (stored
//! against the same matrix, with new runs), and `routeplay --matrix ID` opens on it directly at
//! 200x50.
//! Only loopback: the in-process emulator.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_session.rs"]
mod pty_session;

use cli::{routeplay_command, text};
use pty_session::Session;
use routeplay::store::{MatrixId, Store};
use std::path::Path;

/// The one stored matrix's id and its cells as (target, status, run).
fn stored(home: &Path) -> (MatrixId, Vec<(i64, String, Option<i64>)>) {
    let store = Store::open(home.join("data/history.sqlite3")).unwrap();
    let id = store.matrices(5).unwrap()[0].id;
    let (_, cells) = store.matrix(id).unwrap().unwrap();
    (id, cells.into_iter().map(|cell| (cell.target, cell.status, cell.run.map(|run| run.0))).collect())
}

#[test]
fn a_matrix_from_the_command_line_is_reopened_read_and_resumed_in_the_playground() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/config.toml"), "[emulator]\nanswer_tokens = 20\n").unwrap();
    let prompts = home.path().join("p.txt");
    std::fs::write(&prompts, "Name a colour\nName a river\nName a mountain\n").unwrap();
    let prompts = prompts.display().to_string();
    let args = [
        "compare",
        "--prompts",
        &prompts,
        "--target",
        "emulator:emulator-sonnet",
        "--target",
        "emulator:no-such-model",
    ];
    let made = routeplay_command(home.path(), &args).output().unwrap();
    let (id, before) = stored(home.path());
    let failed_before: Vec<_> = before.iter().filter(|(_, status, _)| status == "failed").cloned().collect();
    assert_eq!(failed_before.len(), 3, "{}", text(&made.stderr));

    let mut app = Session::start(home.path(), (24, 80), &["--fresh"], |_| {});
    app.wait_for("the playground", |s| s.contains("F1 help"));
    app.send("\x1bx"); // alt+x
    app.wait_for("the stored matrices", |s| s.contains("Stored matrices") && s.contains("3 prompts × 2 targets"));
    app.send("\r");
    app.wait_for("the reopened matrix", |s| s.contains("stopped: s resumes") && s.contains("3 done · 3 failed"));
    app.send("\r");
    app.wait_for("the first row read back as a compare", |s| {
        s.contains("Compare · 2 targets") && s.contains("word diff on")
    });
    app.send("\x1bx");
    app.wait_for("the matrix again", |s| s.contains("Matrix · ") && s.contains("p.txt"));
    app.send("s");
    app.wait_for("the resume dialog", |s| s.contains("Resume 3 cells of 6"));
    app.send("y");
    app.wait_for("the resumed cells to end", |s| s.contains("finished") && s.contains("3 done · 3 failed"));
    app.quit();

    let (same, after) = stored(home.path());
    assert_eq!(same, id, "resumed into the same matrix");
    for (target, status, run) in &after {
        let was = before.iter().find(|(t, s, r)| t == target && s == status && r == run);
        if *target == 1 {
            assert!(was.is_none() && run.is_some(), "each failed cell was sent again with a new run: {after:?}");
        } else {
            assert!(was.is_some(), "a done cell was not sent again: {after:?}");
        }
    }

    let app = Session::start(home.path(), (50, 200), &["--fresh", "--matrix", &id.0.to_string()], |_| {});
    // Failed cells are sent again by a resume, so it opens stopped rather than finished.
    app.wait_for("the matrix opened by id", |s| s.contains("p.txt") && s.contains("stopped") && s.contains("3 failed"));
    app.quit();
}
