//! Frame time of the matrix view (compare at scale) at 200x50 and 80x24 with a 1,000-prompt ×
//! 4-target matrix part way through, against 10 prompts: only the rows on screen are
//! summarised, so the two stay close; the budget is 5 ms a frame. And with 5 samples a
//! cell (20,000 cells), where the totals and the TTFT spread read every cell.

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use routeplay::app::matrix::Stage;
use routeplay::app::msg::Msg;
use routeplay::app::{App, Startup};
use routeplay::ui::theme::Themes;
use routeplay::ui::transcript::TranscriptCache;
use std::hint::black_box;
use std::time::Instant;

#[path = "../tests/matrix_fixture/mod.rs"]
mod matrix_fixture;

const TARGETS: [&str; 4] = ["echo", "lorem", "slow", "claude-sonnet-4-5"];

/// A matrix of `prompts` rows over four targets, `repeat` samples a cell, part way through.
fn matrix_app(prompts: usize, repeat: u32) -> App {
    let mut app = App::new(Startup::defaults(Instant::now()));
    app.update(Msg::Resize { width: 200, height: 50 });
    matrix_fixture::load(&mut app, matrix_fixture::loaded(prompts, &TARGETS));
    let state = app.matrix.as_mut().expect("the matrix is loaded");
    state.change_repeat(i32::try_from(repeat).expect("small") - 1).expect("not started");
    matrix_fixture::fill(state);
    state.stage = Stage::Running;
    app
}

fn matrix_frame(c: &mut Criterion) {
    let theme = Themes::built_in().default_theme().clone();
    let mut group = c.benchmark_group("matrix_frame");
    for (label, prompts, repeat, (width, height)) in [
        ("10_rows_200x50", 10, 1, (200, 50)),
        ("1000_rows_200x50", 1000, 1, (200, 50)),
        ("1000_rows_80x24", 1000, 1, (80, 24)),
        ("1000_rows_repeat5_200x50", 1000, 5, (200, 50)),
    ] {
        let mut app = matrix_app(prompts, repeat);
        app.update(Msg::Resize { width, height });
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
        let mut cache = TranscriptCache::default();
        let now = Instant::now();
        group.bench_function(label, |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| {
                        black_box(routeplay::ui::draw(frame, &app, &theme, &mut cache, now));
                    })
                    .expect("draw");
            });
        });
    }
    group.finish();
}

criterion_group!(benches, matrix_frame);
criterion_main!(benches);
