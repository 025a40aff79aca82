//! The matrix's `update` as sentences: alt+p asks for a prompt set's path and the runtime reads
//! it; a set that cannot be read is named and nothing else changes; + and - set the samples
//! before the start; s shows the size and estimate to confirm; each cell is a normal run, stored
//! after its run; Esc stops the matrix with the rest pending; Enter opens a row side by side.

mod common;
mod matrix_fixture;

use common::{app, press, type_text};
use matrix_fixture::{load, loaded};
use routeplay::app::App;
use routeplay::app::effect::Effect;
use routeplay::app::matrix::Stage;
use routeplay::app::msg::{Msg, RunId};
use routeplay::matrix::CellStatus;
use routeplay::routes::event::{RunUpdate, StreamEvent};
use std::time::Instant;

fn started(effects: &[Effect]) -> Vec<RunId> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::StartRun { run, .. } => Some(*run),
            _ => None,
        })
        .collect()
}

fn answer(app: &mut App, run: RunId, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for update in [
        RunUpdate::Started,
        RunUpdate::Event(StreamEvent::TextDelta(text.into())),
        RunUpdate::Event(StreamEvent::Done),
        RunUpdate::Finished(Ok(())),
    ] {
        effects.extend(app.update(Msg::Run { run, at: Instant::now(), update }));
    }
    effects
}

fn stage(app: &App) -> Stage {
    app.matrix.as_ref().unwrap().stage.clone()
}

/// An app with a 3-prompt set over two emulator models loaded, started and confirmed.
fn running() -> (App, Vec<Effect>) {
    let mut app = app();
    load(&mut app, loaded(3, &["echo", "lorem"]));
    press(&mut app, "s");
    let effects = press(&mut app, "y");
    assert_eq!(stage(&app), Stage::Running);
    (app, effects)
}

#[test]
fn alt_p_asks_for_a_path_and_the_runtime_reads_it_over_the_compare_set() {
    let mut app = app();
    common::compare_two_emulator_models(&mut app);
    press(&mut app, "f3");
    type_text(&mut app, "Be brief.");
    press(&mut app, "ctrl+s");
    press(&mut app, "alt+p");
    type_text(&mut app, "sets/prompts.jsonl");
    let effects = press(&mut app, "enter");
    let read = effects.iter().find_map(|effect| match effect {
        Effect::ReadPromptSet { path, base, targets, .. } => Some((path.clone(), base.clone(), targets.clone())),
        _ => None,
    });
    let (path, base, targets) = read.expect("the set is read by the runtime");
    assert_eq!(path, std::path::PathBuf::from("sets/prompts.jsonl"));
    assert_eq!(base.system.as_deref(), Some("Be brief."));
    assert!(base.turns.is_empty(), "each row brings its own turn");
    assert_eq!(targets, app.compare.targets());
}

#[test]
fn with_no_compare_set_the_chosen_target_is_the_one_column() {
    let mut app = app();
    press(&mut app, "alt+p");
    type_text(&mut app, "p.txt");
    let effects = press(&mut app, "enter");
    let targets = effects.iter().find_map(|effect| match effect {
        Effect::ReadPromptSet { targets, .. } => Some(targets.clone()),
        _ => None,
    });
    assert_eq!(targets, Some(vec![app.targets.target()]));
}

#[test]
fn a_set_that_cannot_be_read_is_named_and_nothing_else_changes() {
    let mut app = app();
    app.update(Msg::PromptSetLoaded(Err("prompts.jsonl line 3: expected a JSON object".into())));
    let notice = app.notice.clone().unwrap();
    assert!(notice.is_error && notice.text.contains("line 3"), "{notice:?}");
    assert!(app.matrix.is_none());
    assert!(!app.matrix_shown());
}

#[test]
fn a_loaded_set_is_shown_planned_and_the_samples_change_before_the_start() {
    let mut app = app();
    let effects = { app.update(Msg::PromptSetLoaded(Ok(Box::new(loaded(4, &["echo", "lorem"]))))) };
    assert!(effects.contains(&Effect::ReadBatchJobs), "opening the view reads the pending jobs");
    assert!(app.matrix_shown());
    assert_eq!(stage(&app), Stage::Planned);
    press(&mut app, "= = = =");
    assert_eq!(app.matrix.as_ref().unwrap().matrix.cells.len(), 4 * 2 * 5);
    press(&mut app, "-");
    assert_eq!(app.matrix.as_ref().unwrap().matrix.plan.repeat, 4);
    press(&mut app, "- - - - -");
    assert_eq!(app.matrix.as_ref().unwrap().matrix.plan.repeat, 1, "never below one sample");
}

#[test]
fn the_start_asks_first_and_any_other_key_does_not_start() {
    let mut app = app();
    load(&mut app, loaded(2, &["echo"]));
    press(&mut app, "s");
    assert!(matches!(stage(&app), Stage::Confirming { resume: false, .. }));
    let effects = press(&mut app, "n");
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(stage(&app), Stage::Planned);
}

#[test]
fn confirming_stores_the_matrix_and_starts_cells_as_normal_runs() {
    let (app, effects) = running();
    assert!(matches!(effects.first(), Some(Effect::NewMatrix { .. })), "{effects:?}");
    let runs = started(&effects);
    assert!(!runs.is_empty() && runs.len() <= 6, "{effects:?}");
    for run in &runs {
        assert!(effects.contains(&Effect::SaveRun { run: *run }), "each cell is a stored run");
        assert!(app.runs.get(*run).unwrap().compare_group.is_some(), "a row opens as a compare from the history");
    }
}

#[test]
fn a_cell_is_stored_after_its_run_and_the_matrix_finishes() {
    let (mut app, effects) = running();
    let mut queue = started(&effects);
    let mut seen = 0;
    while let Some(run) = queue.pop() {
        let effects = answer(&mut app, run, "an answer");
        let save_run = effects.iter().position(|e| *e == Effect::SaveRun { run });
        let save_cell = effects.iter().position(|e| matches!(e, Effect::SaveCell { run: r, .. } if *r == run));
        assert!(save_run.is_some() && save_run < save_cell, "{effects:?}");
        queue.extend(started(&effects));
        seen += 1;
        assert!(seen <= 6, "no cell is sent twice");
    }
    assert_eq!(seen, 6);
    assert_eq!(stage(&app), Stage::Finished);
    let state = app.matrix.as_ref().unwrap();
    assert!(state.matrix.cells.iter().all(|cell| cell.status == CellStatus::Done));
}

#[test]
fn esc_stops_the_matrix_live_cells_cancelled_the_rest_pending() {
    let (mut app, effects) = running();
    let live = started(&effects);
    let effects = press(&mut app, "esc");
    for run in &live {
        assert!(effects.contains(&Effect::CancelRun { run: *run }), "{effects:?}");
    }
    assert_eq!(stage(&app), Stage::Stopped);
    let state = app.matrix.as_ref().unwrap();
    let cancelled = state.matrix.cells.iter().filter(|cell| cell.status == CellStatus::Cancelled).count();
    let pending = state.matrix.cells.iter().filter(|cell| cell.status == CellStatus::Pending).count();
    assert_eq!((cancelled, pending), (live.len(), 6 - live.len()));
    // A late answer for a cancelled cell changes nothing, and nothing new starts.
    assert!(started(&answer(&mut app, live[0], "late")).is_empty());
    // s resumes every cell not done.
    press(&mut app, "s");
    assert!(matches!(stage(&app), Stage::Confirming { resume: true, .. }));
    let resumed = press(&mut app, "y");
    assert!(!resumed.iter().any(|e| matches!(e, Effect::NewMatrix { .. })), "stored once");
    assert!(!started(&resumed).is_empty());
}

#[test]
fn enter_opens_the_row_side_by_side_with_the_word_diff() {
    let (mut app, effects) = running();
    for run in started(&effects) {
        answer(&mut app, run, "same words here");
    }
    press(&mut app, "enter");
    assert!(app.compare_shown && !app.matrix_shown());
    assert!(app.compare.diff);
    assert_eq!(app.compare.columns.len(), 2);
    let row = app.matrix.as_ref().unwrap();
    assert_eq!(app.compare.columns[0].runs, vec![row.row_run(0, 0).unwrap()]);
    press(&mut app, "alt+x");
    assert!(app.matrix_shown(), "alt+x goes back to the matrix");
}

#[test]
fn rows_scroll_with_the_usual_keys() {
    let mut app = app();
    load(&mut app, loaded(100, &["echo"]));
    press(&mut app, "down down pagedown");
    let state = app.matrix.as_ref().unwrap();
    assert!(state.selected > 2);
    press(&mut app, "end");
    let state = app.matrix.as_ref().unwrap();
    assert_eq!(state.selected, 99);
    assert!(state.scroll > 0 && state.scroll <= 99);
    press(&mut app, "g");
    assert_eq!(app.matrix.as_ref().unwrap().scroll, 0);
}

#[test]
fn pending_batch_jobs_are_read_into_the_app() {
    let mut app = app();
    app.update(Msg::BatchJobs(Err("database is locked".into())));
    assert_eq!(app.batch_jobs, Some(Err("database is locked".into())));
}

#[test]
fn alt_r_samples_the_typed_prompt_as_a_one_row_matrix_over_the_compare_set() {
    let mut app = app();
    common::compare_two_emulator_models(&mut app);
    press(&mut app, "alt+r");
    assert!(app.matrix.is_none() && app.notice.clone().unwrap().is_error, "nothing typed yet");
    press(&mut app, "f3");
    type_text(&mut app, "Be brief.");
    press(&mut app, "ctrl+s");
    type_text(&mut app, "Which route is faster?");
    let effects = press(&mut app, "alt+r");
    let [Effect::StampPlan(set)] = effects.as_slice() else { panic!("the runtime stamps the plan: {effects:?}") };
    // As the runtime hands it back, with an id and a time.
    let mut set = set.clone();
    set.plan.id = routeplay::store::MatrixId(9);
    app.update(Msg::PromptSetLoaded(Ok(set)));
    let state = app.matrix.as_ref().expect("the prompt is a matrix");
    let plan = &state.matrix.plan;
    assert_eq!((plan.prompts.len(), plan.targets.len(), plan.repeat), (1, 2, 5));
    assert_eq!(plan.targets, app.compare.targets());
    assert_eq!(plan.prompts[0].prompt, "Which route is faster?");
    let request = &state.requests[0];
    assert_eq!(request.system.as_deref(), Some("Be brief."));
    assert_eq!(request.turns.len(), 1, "the prompt alone, not the conversation");
    press(&mut app, "= s y");
    assert_eq!(app.matrix.as_ref().unwrap().matrix.cells.len(), 12, "6 samples × 2 targets");
    assert_eq!(stage(&app), Stage::Running);
}

#[test]
fn the_ttft_standings_are_worked_out_when_a_sampled_matrix_ends() {
    let mut app = app();
    app.matrix_limits.repeat_spacing = std::time::Duration::ZERO;
    load(&mut app, loaded(2, &["echo", "lorem"]));
    press(&mut app, "= =");
    let mut queue = started(&press(&mut app, "s y"));
    assert_eq!(app.matrix.as_ref().unwrap().standings, None, "nothing answered yet");
    while let Some(run) = queue.pop() {
        queue.extend(started(&answer(&mut app, run, "an answer")));
    }
    assert_eq!(stage(&app), Stage::Finished);
    let (fastest, rankings) = app.matrix.as_ref().unwrap().standings.clone().expect("ranked at the end");
    assert!(fastest < 2 && rankings.len() == 2, "{fastest} {rankings:?}");
    press(&mut app, "-");
    assert!(app.notice.clone().unwrap().is_error, "a started matrix keeps its samples");
}
