//! A matrix cut short and resumed: after `kill -9` mid-way, `compare --resume ID` sends every
//! cell not done and no cell that was (checked on the history's rows); after SIGTERM the live
//! cells are stored cancelled, the command says how to resume and exits 143.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use routeplay::store::{MatrixId, Store};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const PROMPTS: usize = 6;

/// A stored cell: its prompt, its status and its run.
type Cell = (i64, String, Option<i64>);

/// A home whose emulator answers in 20 tokens, and a prompt file of [`PROMPTS`] prompts.
fn home_with_prompts() -> (tempfile::TempDir, String) {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/config.toml"), "[emulator]\nanswer_tokens = 20\n").unwrap();
    let prompts = (0..PROMPTS).map(|n| format!("Prompt number {n}")).collect::<Vec<_>>().join("\n");
    let path = home.path().join("prompts.txt");
    std::fs::write(&path, prompts).unwrap();
    (home, path.to_str().unwrap().to_owned())
}

/// A paced matrix (about half a second per cell, one at a time) running in a child process,
/// its standard error going to a file in `home`.
fn start_paced(home: &Path, prompts: &str) -> Child {
    let stderr = std::fs::File::create(home.join("stderr.txt")).unwrap();
    let args = [
        "compare",
        "--prompts",
        prompts,
        "--target",
        "emulator:emulator-sonnet",
        "--concurrency",
        "1",
        "--tokens-per-second",
        "40",
    ];
    routeplay_command(home, &args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(stderr).spawn().unwrap()
}

/// The one stored matrix's cells: (prompt, status, run id).
fn cells(home: &Path) -> Option<(MatrixId, Vec<Cell>)> {
    let store = Store::open(home.join("data/history.sqlite3")).ok()?;
    let id = store.matrices(1).ok()?.first()?.id;
    let (_, cells) = store.matrix(id).ok()??;
    Some((id, cells.into_iter().map(|cell| (cell.prompt, cell.status, cell.run.map(|run| run.0))).collect()))
}

fn done_runs(cells: &[Cell]) -> BTreeMap<i64, i64> {
    cells
        .iter()
        .filter(|(_, status, _)| status == "done")
        .filter_map(|(prompt, _, run)| Some((*prompt, (*run)?)))
        .collect()
}

/// How many runs the history holds.
fn runs(home: &Path) -> i64 {
    let conn = rusqlite::Connection::open(home.join("data/history.sqlite3")).unwrap();
    conn.query_row("SELECT count(*) FROM run", [], |row| row.get(0)).unwrap()
}

/// Wait (at most 20 s) until the running matrix has stored at least `done` cells done.
fn wait_for_done(home: &Path, child: &mut Child, done: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if cells(home).is_some_and(|(_, cells)| done_runs(&cells).len() >= done) {
            return;
        }
        assert!(child.try_wait().unwrap().is_none(), "the matrix ended early");
        assert!(Instant::now() < deadline, "no {done} cells done in time");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn wait_for_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "routeplay did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn resume(home: &Path, id: MatrixId) -> std::process::Output {
    routeplay_command(home, &["compare", "--resume", &id.0.to_string()]).stdin(Stdio::null()).output().unwrap()
}

#[test]
fn after_kill_9_a_resume_sends_only_the_cells_not_done() {
    let (home, prompts) = home_with_prompts();
    let mut child = start_paced(home.path(), &prompts);
    wait_for_done(home.path(), &mut child, 2);
    child.kill().unwrap();
    assert_eq!(wait_for_exit(&mut child).code(), None, "killed");
    let (id, before) = cells(home.path()).expect("the matrix is stored");
    let done_before = done_runs(&before);
    assert!((2..PROMPTS).contains(&done_before.len()), "mid-way: {before:?}");
    let runs_before = runs(home.path());
    let out = resume(home.path(), id);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let to_send = PROMPTS - done_before.len();
    assert!(stderr.contains(&format!("{to_send} of {PROMPTS} cells to send")), "{stderr}");
    let (_, after) = cells(home.path()).unwrap();
    let done_after = done_runs(&after);
    assert_eq!(done_after.len(), PROMPTS, "all done: {after:?}");
    // The cells done before the kill keep their runs, and only the others were sent again.
    assert!(
        done_before.iter().all(|(prompt, run)| done_after.get(prompt) == Some(run)),
        "{done_before:?} {done_after:?}"
    );
    assert_eq!(runs(home.path()), runs_before + i64::try_from(to_send).unwrap());
}

#[test]
fn sigterm_cancels_the_live_cells_says_how_to_resume_and_exits_143() {
    let (home, prompts) = home_with_prompts();
    let mut child = start_paced(home.path(), &prompts);
    wait_for_done(home.path(), &mut child, 1);
    assert!(std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    assert_eq!(wait_for_exit(&mut child).code(), Some(143));
    let stderr = std::fs::read_to_string(home.path().join("stderr.txt")).unwrap();
    let (id, cells) = cells(home.path()).unwrap();
    assert!(stderr.contains(&format!("routeplay compare --resume {id}")), "{stderr}");
    assert!(cells.iter().any(|(_, status, run)| status == "cancelled" && run.is_some()), "{cells:?}");
    assert!(cells.len() < PROMPTS, "the cells never sent are not stored: {cells:?}");
    let out = resume(home.path(), id);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (_, cells) = self::cells(home.path()).unwrap();
    assert_eq!(done_runs(&cells).len(), PROMPTS);
}
