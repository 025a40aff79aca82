//! Frame time of the compare view at 200x50 with eight columns streaming at once: each frame
//! every column gets the 5 tokens that 300 tokens per second bring in a 60th of a second, then
//! the screen is drawn, as the runtime does at most 60 times a second.

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use routeplay::app::action::Action;
use routeplay::app::msg::{Msg, RunId};
use routeplay::app::{App, Startup};
use routeplay::routes::event::{RunUpdate, StreamEvent};
use routeplay::routes::{RouteId, Target};
use routeplay::ui::theme::Themes;
use routeplay::ui::transcript::TranscriptCache;
use std::hint::black_box;
use std::time::Instant;

/// Words of a Markdown answer, cycled: paragraphs, a list and code, as answers look.
const WORDS: &str = "Routes differ in **auth**, host and framing. Bedrock signs each request with SigV4 \
    while Vertex takes an OAuth bearer token.\n\n- one item\n- another item\n\n```rust\nfn main() {}\n```\n\n";

fn eight_columns() -> (App, Vec<RunId>) {
    let mut app = App::new(Startup::defaults(std::time::Instant::now()));
    app.update(Msg::Resize { width: 200, height: 50 });
    for index in 0..8 {
        app.compare.add(Target::new(RouteId::Emulator, format!("emulator-sonnet-{index}"))).expect("room for 8");
    }
    app.update(Msg::Action { action: Action::ToggleCompare, at: std::time::Instant::now() });
    app.update(Msg::Paste("Compare eight routes".into()));
    app.update(Msg::Action { action: Action::Submit, at: std::time::Instant::now() });
    let runs: Vec<RunId> = app.compare.latest().collect();
    let now = Instant::now();
    for run in &runs {
        app.update(Msg::Run { run: *run, at: now, update: RunUpdate::Started });
    }
    (app, runs)
}

fn compare_frame(c: &mut Criterion) {
    let theme = Themes::built_in().default_theme().clone();
    let pieces: Vec<String> = WORDS.split_inclusive(' ').map(str::to_owned).collect();
    let mut group = c.benchmark_group("compare_200x50");
    group.bench_function("eight_streaming_columns", |b| {
        let (mut app, runs) = eight_columns();
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
        let mut cache = TranscriptCache::default();
        let mut next = 0;
        b.iter(|| {
            let now = Instant::now();
            for run in &runs {
                for _ in 0..5 {
                    let text = pieces[next % pieces.len()].clone();
                    next += 1;
                    app.update(Msg::Run { run: *run, at: now, update: RunUpdate::Event(StreamEvent::TextDelta(text)) });
                }
            }
            terminal
                .draw(|frame| {
                    black_box(routeplay::ui::draw(frame, &app, &theme, &mut cache, now));
                })
                .expect("draw");
        });
    });
    group.finish();
}

criterion_group!(benches, compare_frame);
criterion_main!(benches);
