//! The matrix view drawn into a `TestBackend` and snapshotted at 80x24 and 200x50: done,
//! failed, running and pending cells with the row's best and worst, the totals and the progress
//! line, once with one sample per cell and once with five (the TTFT spread); the start dialog
//! with the size and estimate; the prompt-set path dialog; and the pending batch jobs in the
//! sidebar.

mod common;
mod matrix_fixture;

use common::{app, press, screen};
use matrix_fixture::{fill, load, loaded};
use routeplay::app::App;
use routeplay::app::effect::Effect;
use routeplay::app::matrix::Stage;
use routeplay::app::msg::Msg;
use routeplay::batch::{JobCounts, JobDetail, JobState, JobStatus};
use routeplay::store::{BatchJobId, BatchJobRow, MatrixId};
use std::time::Instant;

/// A 12-prompt matrix over three emulator models, `repeat` samples a cell, part way through.
fn part_way(repeat: u32) -> App {
    part_way_of(12, repeat)
}

/// [`part_way`] with `prompts` rows.
fn part_way_of(prompts: usize, repeat: u32) -> App {
    let mut app = app();
    load(&mut app, loaded(prompts, &["echo", "lorem", "slow-model-with-a-long-name"]));
    let state = app.matrix.as_mut().unwrap();
    state.change_repeat(i32::try_from(repeat).unwrap() - 1).unwrap();
    fill(state);
    state.refresh_standings(None);
    state.stage = Stage::Running;
    app
}

#[test]
fn the_matrix_part_way_with_one_sample() {
    let now = Instant::now();
    let mut app = part_way(1);
    insta::assert_snapshot!("matrix_80x24", screen(&mut app, 80, 24, now));
    insta::assert_snapshot!("matrix_200x50", screen(&mut app, 200, 50, now));
}

#[test]
fn the_matrix_part_way_with_five_samples_shows_the_spread() {
    let now = Instant::now();
    let mut app = part_way(5);
    let small = screen(&mut app, 80, 24, now);
    assert!(small.contains("TTFT spread"), "{small}");
    insta::assert_snapshot!("matrix_repeat5_80x24", small);
    insta::assert_snapshot!("matrix_repeat5_200x50", screen(&mut app, 200, 50, now));
}

#[test]
fn the_view_scrolls_to_the_last_row() {
    let now = Instant::now();
    let mut app = part_way_of(40, 1);
    let drawn = screen(&mut app, 80, 24, now);
    assert!(drawn.contains("q1 ") && !drawn.contains("q40 "), "{drawn}");
    press(&mut app, "end");
    let drawn = screen(&mut app, 80, 24, now);
    assert!(drawn.contains("q40 "), "{drawn}");
    assert!(!drawn.contains("q1 "), "{drawn}");
}

#[test]
fn the_start_dialog_shows_the_size_and_estimate() {
    let now = Instant::now();
    let mut app = app();
    load(&mut app, loaded(12, &["echo", "lorem"]));
    let effects = press(&mut app, "= s");
    assert!(effects.iter().any(|e| matches!(e, Effect::CountMatrix { .. })), "24 pairs are counted: {effects:?}");
    let drawn = screen(&mut app, 80, 24, now);
    assert!(drawn.contains("Send 48 cells of 48") && drawn.contains("the routes are counting"), "{drawn}");
    insta::assert_snapshot!("matrix_start_80x24", drawn);
    let counts = (0..12).flat_map(|prompt| (0..2).map(move |target| ((prompt, target), 50))).collect();
    app.update(Msg::MatrixCounted { matrix: MatrixId(7), counts: std::collections::HashMap::new() });
    assert!(screen(&mut app, 80, 24, now).contains("~384 input"), "another matrix's counts change nothing");
    app.update(Msg::MatrixCounted { matrix: MatrixId(42), counts });
    let counted = screen(&mut app, 80, 24, now);
    assert!(counted.contains("~2,400 input tokens (counted by the") && !counted.contains("counting"), "{counted}");
}

#[test]
fn a_matrix_of_more_than_40_pairs_is_estimated_from_length_only() {
    let mut app = app();
    load(&mut app, loaded(21, &["echo", "lorem"]));
    let effects = press(&mut app, "s");
    assert!(!effects.iter().any(|e| matches!(e, Effect::CountMatrix { .. })), "{effects:?}");
    let drawn = screen(&mut app, 80, 24, Instant::now());
    assert!(drawn.contains("(estimated from") && !drawn.contains("counting"), "{drawn}");
}

#[test]
fn the_load_prompt_names_the_targets() {
    let now = Instant::now();
    let mut app = app();
    common::compare_two_emulator_models(&mut app);
    press(&mut app, "alt+p");
    let drawn = screen(&mut app, 80, 24, now);
    assert!(drawn.contains("Load a prompt set"), "{drawn}");
    insta::assert_snapshot!("matrix_load_prompt_80x24", drawn);
}

fn job(id: i64, provider: &str, target: &str, state: &str, counts: JobCounts) -> BatchJobRow {
    let status = JobStatus { state: JobState::Running, raw_state: state.into(), counts, message: None, output: None };
    let detail = JobDetail { records: Vec::new(), input: None, status };
    BatchJobRow {
        id: BatchJobId(id),
        matrix: None,
        provider: provider.into(),
        target: target.into(),
        remote_id: format!("remote-{id}"),
        state: state.into(),
        ended: false,
        fetched: false,
        detail: serde_json::to_string(&detail).unwrap(),
        created_ms: 0,
        updated_ms: 0,
    }
}

#[test]
fn the_pending_batch_jobs_are_listed_in_the_sidebar() {
    let now = Instant::now();
    let mut app = app();
    let rows = vec![
        job(
            11,
            "anthropic",
            "anthropic:claude-haiku-4-5",
            "in_progress",
            JobCounts { total: 40, ..JobCounts::default() },
        ),
        job(
            12,
            "bedrock",
            "bedrock-invoke@us-east-1:anthropic.claude-haiku-4-5",
            "PartiallyCompleted",
            JobCounts { total: 100, succeeded: 97, failed: 3, ..JobCounts::default() },
        ),
    ];
    app.update(Msg::BatchJobs(Ok(rows)));
    let drawn = screen(&mut app, 200, 50, now);
    assert!(drawn.contains("Batch jobs pending (2)"), "{drawn}");
    insta::assert_snapshot!("batch_jobs_200x50", drawn);
}

/// The foreground colour where `text` starts on line `y` of the drawn matrix.
fn colour_of(app: &mut App, y: u16, text: &str) -> Option<ratatui::style::Color> {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = routeplay::ui::theme::Themes::built_in().get("dark").unwrap().clone();
    let mut cache = routeplay::ui::transcript::TranscriptCache::default();
    terminal
        .draw(|frame| {
            routeplay::ui::draw(frame, app, &theme, &mut cache, Instant::now());
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    let line: String = (0..80).map(|x| buffer[(x, y)].symbol().to_owned()).collect();
    let column = line.find(text).map(|byte| line[..byte].chars().count())?;
    buffer[(u16::try_from(column).ok()?, y)].fg.into()
}

#[test]
fn the_rows_best_and_worst_ttft_are_coloured() {
    use ratatui::style::Color;
    let mut app = part_way(1);
    // Row q1 (line 3): 200 ms is the best of the row, 382 ms the worst; 291 ms neither.
    assert_eq!(colour_of(&mut app, 3, "200ms"), Some(Color::Green));
    assert_eq!(colour_of(&mut app, 3, "382ms"), Some(Color::Yellow));
    assert_eq!(colour_of(&mut app, 3, "291ms"), Some(Color::LightBlue));
}
