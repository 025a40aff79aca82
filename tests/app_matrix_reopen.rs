//! Reopening and widening a matrix, as sentences: alt+x with no matrix lists the stored ones and
//! Enter reopens one with its cells as they were (a cell cut off while running is pending
//! again); s resumes only the cells not done, stored against the reopened plan and on its demo
//! setting; Enter on a stored row reads its compare back from the history; a matrix whose
//! attachments are gone can be read but not sent. Before the start, a and x add and remove
//! targets beyond the compare set's eight, and ←→ choose the column a wide matrix scrolls to.

mod common;
mod matrix_fixture;

use common::{app, press};
use matrix_fixture::{ended, load, loaded};
use routeplay::app::App;
use routeplay::app::Overlay;
use routeplay::app::effect::Effect;
use routeplay::app::matrix::{Stage, StoredMatrix};
use routeplay::app::msg::Msg;
use routeplay::matrix::{CellKey, CellOutcome, CellStatus, Matrix};
use routeplay::routes::Target;
use routeplay::store::{MatrixId, MatrixSummary, RunKey};

fn key(prompt: u32, target: u32) -> CellKey {
    CellKey { prompt, target, sample: 0 }
}

/// A stored 3-prompt × 2-target matrix: row 0 done on both targets (runs 100 and 101), row 1
/// failed on target 1 and cut off while running on target 0, row 2 never sent.
fn stored(demo: bool) -> StoredMatrix {
    let mut plan = loaded(3, &["echo", "lorem"]).plan;
    plan.demo = demo;
    let requests = loaded(3, &["echo", "lorem"]).requests;
    let mut matrix = Matrix::new(plan);
    for (target, run) in [(0, 100), (1, 101)] {
        matrix.set(CellOutcome { run: Some(RunKey(run)), ..ended(key(0, target), CellStatus::Done, 300, 40, 0.001) });
    }
    matrix.set(CellOutcome { error: Some("HTTP 529".into()), ..CellOutcome::empty(key(1, 1), CellStatus::Failed) });
    matrix.set(CellOutcome::empty(key(1, 0), CellStatus::Running));
    StoredMatrix { matrix, requests: Ok(requests) }
}

fn summary(id: i64, title: &str) -> MatrixSummary {
    MatrixSummary {
        id: MatrixId(id),
        title: title.into(),
        cell_count: 6,
        done: 2,
        failed: 1,
        created_ms: 0,
        updated_ms: 0,
    }
}

fn reopen(app: &mut App, stored: StoredMatrix) -> Vec<Effect> {
    app.update(Msg::StoredMatrixLoaded(Ok(Box::new(stored))))
}

fn started(effects: &[Effect]) -> Vec<(Target, bool)> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::StartRun { target, demo, .. } => Some((target.clone(), *demo)),
            _ => None,
        })
        .collect()
}

#[test]
fn alt_x_with_no_matrix_lists_the_stored_ones_and_enter_reopens_the_chosen() {
    let mut app = app();
    let effects = press(&mut app, "alt+x");
    assert_eq!(effects, vec![Effect::ListMatrices]);
    assert!(matches!(app.overlay, Some(Overlay::Matrices(_))));
    app.update(Msg::StoredMatrices(Ok(vec![summary(7, "a.jsonl: 3 prompts × 2 targets"), summary(5, "b.txt")])));
    press(&mut app, "down");
    let effects = press(&mut app, "enter");
    assert_eq!(effects, vec![Effect::ReadStoredMatrix { id: MatrixId(5) }]);
    press(&mut app, "esc");
    assert!(app.overlay.is_none(), "Esc closes the list");
}

#[test]
fn an_empty_or_unreadable_list_says_so_and_o_still_loads_a_set() {
    let mut app = app();
    press(&mut app, "alt+x");
    app.update(Msg::StoredMatrices(Err("database is locked".into())));
    let Some(Overlay::Matrices(list)) = &app.overlay else { panic!("the list is shown") };
    assert_eq!(list.error.as_deref(), Some("database is locked"));
    assert!(press(&mut app, "enter").is_empty(), "nothing to reopen");
    press(&mut app, "o");
    assert!(matches!(app.overlay, Some(Overlay::Editor(_))), "o asks for a prompt set's path");
}

#[test]
fn a_reopened_matrix_shows_its_cells_as_stored_with_the_cut_off_cell_pending() {
    let mut app = app();
    let effects = reopen(&mut app, stored(false));
    assert!(matches!(effects.first(), Some(Effect::TrackMatrix { plan }) if plan.id == MatrixId(42)), "{effects:?}");
    assert!(app.matrix_shown());
    let state = app.matrix.as_ref().unwrap();
    assert_eq!(state.stage, Stage::Stopped);
    let status = |k| state.matrix.cells[state.matrix.plan.index_of(k)].status;
    assert_eq!(status(key(0, 0)), CellStatus::Done);
    assert_eq!(status(key(1, 0)), CellStatus::Pending, "a cell stored as running was cut off");
    assert_eq!(status(key(1, 1)), CellStatus::Failed);
    let notice = app.notice.clone().unwrap();
    assert!(notice.text.contains("2 done, 1 failed") && notice.text.contains("4 cells to send"), "{notice:?}");
    assert!(press(&mut app, "=").is_empty());
    assert!(app.notice.unwrap().is_error, "its samples are set");
}

#[test]
fn s_resumes_only_the_cells_not_done_on_the_plan_s_demo_setting() {
    let mut app = app();
    app.matrix_limits.default_per_route = 10;
    reopen(&mut app, stored(true));
    press(&mut app, "s");
    let Stage::Confirming { estimate, resume: true, .. } = &app.matrix.as_ref().unwrap().stage else {
        panic!("the resume dialog is open")
    };
    assert_eq!(estimate.cells, 4, "the estimate covers the cells to send, not the two done");
    let effects = press(&mut app, "y");
    assert!(!effects.iter().any(|e| matches!(e, Effect::NewMatrix { .. })), "stored already: {effects:?}");
    let sent = started(&effects);
    assert_eq!(sent.len(), 4, "row 1 twice and row 2 twice, not row 0: {effects:?}");
    assert!(sent.iter().all(|(_, demo)| *demo), "a --demo matrix stays on the emulator");
}

#[test]
fn enter_on_a_stored_row_reads_its_compare_from_the_history() {
    let mut app = app();
    reopen(&mut app, stored(false));
    let effects = press(&mut app, "enter");
    assert_eq!(effects, vec![Effect::LoadConversation { id: 100, whole_compare: true }]);
    assert!(!app.matrix_shown());
    press(&mut app, "alt+x down down");
    assert!(press(&mut app, "enter").is_empty(), "row 2 was never sent");
    assert!(app.notice.unwrap().is_error);
}

#[test]
fn a_matrix_whose_rows_cannot_be_read_again_is_shown_but_not_sent() {
    let mut app = app();
    let unsendable = StoredMatrix { requests: Err("notes.pdf: no such file".into()), ..stored(false) };
    reopen(&mut app, unsendable);
    assert!(app.notice.clone().unwrap().text.contains("notes.pdf"));
    let effects = press(&mut app, "s");
    assert!(effects.is_empty());
    assert_eq!(app.matrix.as_ref().unwrap().stage, Stage::Stopped);
    assert!(app.notice.unwrap().text.contains("cannot be sent again"));
}

#[test]
fn the_list_over_a_running_matrix_neither_stops_nor_replaces_it() {
    let mut app = app();
    load(&mut app, loaded(3, &["echo"]));
    press(&mut app, "s y");
    assert_eq!(app.matrix.as_ref().unwrap().stage, Stage::Running);
    press(&mut app, "r");
    app.update(Msg::StoredMatrices(Ok(vec![summary(7, "a")])));
    assert!(press(&mut app, "enter").is_empty(), "a running matrix is not replaced");
    press(&mut app, "esc");
    assert!(app.overlay.is_none());
    assert_eq!(app.matrix.as_ref().unwrap().stage, Stage::Running, "Esc closed the list only");
    reopen(&mut app, stored(false));
    assert_eq!(app.matrix.as_ref().unwrap().matrix.plan.targets.len(), 1, "still the running one");
}

#[test]
fn a_and_x_add_and_remove_targets_beyond_the_compare_set_before_the_start() {
    let mut app = app();
    load(&mut app, loaded(2, &["echo", "lorem"]));
    let chosen = app.targets.target();
    press(&mut app, "a");
    let targets = app.matrix.as_ref().unwrap().matrix.plan.targets.clone();
    assert_eq!(targets.len(), 3);
    assert_eq!(targets[1], chosen, "added after the chosen column");
    assert_eq!(app.matrix.as_ref().unwrap().matrix.cells.len(), 6, "the cells follow");
    assert_eq!(app.matrix.as_ref().unwrap().column, 1, "the added column is chosen");
    press(&mut app, "a");
    assert!(app.notice.clone().unwrap().is_error, "a target is a column once");
    press(&mut app, "x");
    let targets = app.matrix.as_ref().unwrap().matrix.plan.targets.clone();
    assert_eq!(targets.iter().map(|t| t.model.as_str()).collect::<Vec<_>>(), ["echo", "lorem"]);
    press(&mut app, "x x");
    assert_eq!(app.matrix.as_ref().unwrap().matrix.plan.targets.len(), 1);
    assert!(app.notice.clone().unwrap().text.contains("at least one"));
    press(&mut app, "s y a");
    assert_eq!(app.matrix.as_ref().unwrap().matrix.plan.targets.len(), 1, "set once started");
    assert!(app.notice.unwrap().text.contains("set once the matrix has started"));
}

#[test]
fn right_and_left_choose_a_column_and_a_wide_matrix_scrolls_to_it() {
    let mut app = app();
    let models: Vec<String> = (0..12).map(|n| format!("m{n}")).collect();
    let models: Vec<&str> = models.iter().map(String::as_str).collect();
    load(&mut app, loaded(2, &models));
    app.update(Msg::Resize { width: 80, height: 24 });
    press(&mut app, &["right"; 11].join(" "));
    let state = app.matrix.as_ref().unwrap();
    assert_eq!(state.column, 11);
    assert_eq!(state.shown_columns(3), 9..12, "the last three fit at 80 columns");
    press(&mut app, "left left left");
    assert_eq!(app.matrix.as_ref().unwrap().shown_columns(3), 8..11);
    press(&mut app, "x");
    let state = app.matrix.as_ref().unwrap();
    assert_eq!(state.matrix.plan.targets.len(), 11);
    assert!(!state.matrix.plan.targets.iter().any(|t| t.model == "m8"), "the chosen column went");
}

#[test]
fn enter_opens_the_columns_shown_at_most_eight() {
    let mut app = app();
    let models: Vec<String> = (0..12).map(|n| format!("m{n}")).collect();
    let models: Vec<&str> = models.iter().map(String::as_str).collect();
    load(&mut app, loaded(1, &models));
    app.update(Msg::Resize { width: 250, height: 40 });
    app.matrix_limits.default_per_route = 20;
    let effects = press(&mut app, "s y");
    assert_eq!(started(&effects).len(), 12);
    press(&mut app, "right right right");
    press(&mut app, "enter");
    assert_eq!(app.compare.columns.len(), 8);
    let first = &app.compare.columns[0].target.model;
    let shown = app.matrix.as_ref().unwrap().shown_columns(routeplay::app::matrix_columns::visible_columns(250, 12));
    assert_eq!(*first, format!("m{}", shown.start));
}
