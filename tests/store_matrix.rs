//! Matrices and their cells in the history: stored directly and through the writer thread,
//! listed most recently updated first, and kept when a cell's conversation is deleted; a
//! cell's answer read back by its run.

use std::path::{Path, PathBuf};

use routeplay::routes::request::Params;
use routeplay::routes::{RouteId, Target};
use routeplay::store::{
    Asked, CellRow, Command, ConversationId, MatrixId, MatrixRow, NewRun, RunKey, Store, StoreWriter, now_ms,
};

fn history(dir: &Path) -> PathBuf {
    dir.join("data").join("history.sqlite3")
}

fn matrix_row(title: &str, created_ms: i64) -> MatrixRow {
    MatrixRow { id: MatrixId::fresh(), title: title.into(), plan: "{\"plan\":1}".into(), cell_count: 4, created_ms }
}

fn cell(matrix: MatrixId, prompt: i64, target: i64, status: &str, run: Option<RunKey>) -> CellRow {
    CellRow {
        matrix,
        prompt,
        target,
        sample: 0,
        run,
        status: status.into(),
        outcome: format!("{{\"status\":\"{status}\",\"prompt\":{prompt}}}"),
    }
}

#[test]
fn a_matrix_and_its_cells_round_trip_and_a_cell_is_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(history(dir.path())).expect("open");
    let row = matrix_row("prompts.jsonl × 2", 1_000);
    store.new_matrix(&row).expect("new matrix");
    assert_eq!(store.matrix(row.id).expect("read"), Some((row.clone(), Vec::new())));
    let run = RunKey::fresh();
    // Stored out of order; read back by (prompt, target, sample).
    store.save_cell(&cell(row.id, 1, 0, "failed", None)).expect("save");
    store.save_cell(&cell(row.id, 0, 1, "running", None)).expect("save");
    store.save_cell(&cell(row.id, 0, 1, "done", Some(run))).expect("replace");
    let (read, cells) = store.matrix(row.id).expect("read").expect("exists");
    assert_eq!(read, row);
    assert_eq!(cells, vec![cell(row.id, 0, 1, "done", Some(run)), cell(row.id, 1, 0, "failed", None)]);
    assert_eq!(store.matrix(MatrixId::fresh()).expect("read"), None);
}

#[test]
fn matrices_are_listed_most_recently_updated_first_with_their_counts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(history(dir.path())).expect("open");
    let (old, new) = (matrix_row("old", 1_000), matrix_row("new", 2_000));
    store.new_matrix(&old).expect("old");
    store.new_matrix(&new).expect("new");
    assert_eq!(store.matrices(10).expect("list").iter().map(|m| m.title.as_str()).collect::<Vec<_>>(), ["new", "old"]);
    // A cell saved in the old matrix makes it the most recent.
    let before = now_ms();
    for (prompt, status) in [(0, "done"), (1, "done"), (2, "failed"), (3, "pending")] {
        store.save_cell(&cell(old.id, prompt, 0, status, None)).expect("save");
    }
    let list = store.matrices(10).expect("list");
    assert_eq!(list.iter().map(|m| m.title.as_str()).collect::<Vec<_>>(), ["old", "new"]);
    assert_eq!((list[0].done, list[0].failed, list[0].cell_count), (2, 1, 4));
    assert!(list[0].updated_ms >= before && list[0].created_ms == 1_000, "{:?}", list[0]);
    assert_eq!((list[1].done, list[1].failed), (0, 0));
    assert_eq!(store.matrices(1).expect("list").len(), 1);
}

#[test]
fn cells_written_through_the_writer_thread_land_after_their_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = history(dir.path());
    let writer = StoreWriter::spawn(Store::open(&path).expect("open"), |failure| panic!("{failure}")).expect("spawn");
    let row = matrix_row("written", now_ms());
    let conversation = ConversationId::fresh();
    let key = RunKey::fresh();
    let run = NewRun {
        conversation,
        compare_group: None,
        position: 0,
        target: Target::new(RouteId::Emulator, "emulator-fast"),
        credential_source: None,
        asked: Asked { params: Params::default(), system: None, prompt: "hi".into(), attachments: Vec::new() },
        started_ms: now_ms(),
    };
    for command in [
        Command::NewMatrix(Box::new(row.clone())),
        Command::NewConversation { id: conversation, title: "hi".into() },
        Command::StartRun { key, run: Box::new(run) },
        Command::SaveCell(Box::new(cell(row.id, 0, 0, "done", Some(key)))),
    ] {
        writer.send(command).expect("queued");
    }
    writer.close().expect("closed");
    let reader = Store::open(&path).expect("reader");
    let (_, cells) = reader.matrix(row.id).expect("read").expect("exists");
    assert_eq!(cells, vec![cell(row.id, 0, 0, "done", Some(key))]);
    assert_eq!(reader.cell_answer(key).expect("read"), Some(String::new()), "started, no answer yet");
    // Deleting the cell's conversation deletes its run, not the cell's figures.
    assert!(reader.delete_conversation(conversation).expect("delete"));
    assert_eq!(reader.cell_answer(key).expect("read"), None);
    let (_, cells) = reader.matrix(row.id).expect("read").expect("exists");
    assert_eq!(cells, vec![cell(row.id, 0, 0, "done", Some(key))]);
    assert_eq!(reader.matrices(5).expect("list")[0].done, 1);
}

#[test]
fn the_writer_counts_the_writes_it_has_not_applied_yet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let writer = StoreWriter::spawn(Store::open(history(dir.path())).expect("open"), |failure| panic!("{failure}"))
        .expect("spawn");
    for n in 0..50 {
        writer.send(Command::NewMatrix(Box::new(matrix_row(&format!("m{n}"), n)))).expect("queued");
    }
    assert!(writer.queued() <= 50);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while writer.queued() > 0 {
        assert!(std::time::Instant::now() < deadline, "{} writes never applied", writer.queued());
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    writer.close().expect("closed");
}
