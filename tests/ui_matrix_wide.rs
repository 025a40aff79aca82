//! The matrix view beyond the compare set, snapshotted at 80x24 and 200x50: twelve targets,
//! the columns that fit shown and scrolled sideways to the chosen one (its title marked, the
//! header saying which are shown); and the stored matrices listed to reopen one.

mod common;
mod matrix_fixture;

use common::{app, press, screen};
use matrix_fixture::{fill, load, loaded};
use routeplay::app::App;
use routeplay::app::msg::Msg;
use routeplay::store::{MatrixId, MatrixSummary};
use std::time::Instant;

/// Eight prompts over twelve emulator models, filled part way.
fn wide() -> App {
    let mut app = app();
    let models: Vec<String> = (1..=12).map(|n| format!("model-{n:02}")).collect();
    let models: Vec<&str> = models.iter().map(String::as_str).collect();
    load(&mut app, loaded(8, &models));
    fill(app.matrix.as_mut().unwrap());
    app
}

#[test]
fn a_wide_matrix_shows_the_columns_that_fit_and_scrolls_to_the_chosen_one() {
    let now = Instant::now();
    let mut app = wide();
    let first = screen(&mut app, 80, 24, now);
    assert!(
        first.contains("columns 1–3 of 12 (←→)") && first.contains("model-03") && !first.contains("model-04"),
        "{first}"
    );
    press(&mut app, "right right right right right");
    let scrolled = screen(&mut app, 80, 24, now);
    assert!(scrolled.contains("columns 4–6 of 12") && scrolled.contains("model-06"), "{scrolled}");
    insta::assert_snapshot!("matrix_wide_80x24", scrolled);
    let wide = screen(&mut app, 200, 50, now);
    // Ten fit at 200 columns: the view moves back only as far as keeps the chosen one in.
    assert!(wide.contains("columns 3–12 of 12") && wide.contains("model-12") && !wide.contains("model-02"), "{wide}");
    insta::assert_snapshot!("matrix_wide_200x50", wide);
}

#[test]
fn the_stored_matrices_are_listed_newest_first() {
    let now = Instant::now();
    let mut app = app();
    press(&mut app, "alt+x");
    let reading = screen(&mut app, 80, 24, now);
    assert!(reading.contains("Stored matrices") && reading.contains("reading…"), "{reading}");
    let row = |id: i64, title: &str, done: i64, failed: i64| MatrixSummary {
        id: MatrixId(id),
        title: title.into(),
        cell_count: 120,
        done,
        failed,
        created_ms: 1_796_000_000_000,
        updated_ms: 1_796_000_000_000 + (id % 1000) * 60_000,
    };
    app.update(Msg::StoredMatrices(Ok(vec![
        row(913_731_375_166_420_256, "regression.jsonl: 40 prompts × 3 targets", 120, 0),
        row(913_731_375_166_420_000, "support-tickets.txt: 20 prompts × 3 targets × 2 samples", 97, 11),
    ])));
    press(&mut app, "down");
    insta::assert_snapshot!("matrix_list_80x24", screen(&mut app, 80, 24, now));
    insta::assert_snapshot!("matrix_list_200x50", screen(&mut app, 200, 50, now));
}

#[test]
fn with_nothing_stored_the_list_says_how_to_make_one() {
    let mut app = app();
    press(&mut app, "alt+x");
    app.update(Msg::StoredMatrices(Ok(Vec::new())));
    let drawn = screen(&mut app, 80, 24, Instant::now());
    assert!(drawn.contains("No matrix stored yet") && drawn.contains("o loads a prompt set"), "{drawn}");
}
