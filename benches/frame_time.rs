//! Frame time of the playground at 200x50 with a finished answer of 1 KB and of 1 MB. Only
//! visible lines are wrapped and drawn, so the two must be within 1.5x of each other. And with
//! the inspector open on a long answer's stream (2,000 SSE events), which it splits into frames
//! and lays out on every draw.

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use routeplay::app::msg::{Msg, RunId};
use routeplay::app::{App, Startup};
use routeplay::routes::capture::{CredentialView, SentRequest};
use routeplay::routes::event::{RunUpdate, StreamEvent};
use routeplay::ui::theme::Themes;
use routeplay::ui::transcript::TranscriptCache;
use std::hint::black_box;
use std::time::Instant;

/// Markdown of about `bytes` bytes: paragraphs, lists and code, as answers look.
fn answer(bytes: usize) -> String {
    let block = "## A heading\n\nA paragraph with **strong** and *emphasis* and `code`, long enough to wrap \
                 across the width of a wide terminal at least once or twice.\n\n- one item\n- another item\n\n\
                 ```rust\nfn main() { println!(\"hello\"); }\n```\n\n";
    block.repeat(bytes / block.len() + 1)
}

/// A 200x50 playground that has just sent a prompt, and the run it started.
fn submitted() -> (App, RunId) {
    let mut app = App::new(Startup::defaults(std::time::Instant::now()));
    app.update(Msg::Resize { width: 200, height: 50 });
    app.update(Msg::Paste("Write a long answer".into()));
    app.update(Msg::Action { action: routeplay::app::action::Action::Submit, at: std::time::Instant::now() });
    let run = *app.conversation.last().expect("the submit started a run");
    (app, run)
}

fn app_with_answer(text: &str) -> App {
    let (mut app, run) = submitted();
    let now = Instant::now();
    for update in
        [RunUpdate::Started, RunUpdate::Event(StreamEvent::TextDelta(text.to_owned())), RunUpdate::Finished(Ok(()))]
    {
        app.update(Msg::Run { run, at: now, update });
    }
    app
}

/// A run whose capture holds `events` Anthropic SSE deltas, one read each, with the inspector
/// open on it.
fn app_inspecting(events: usize) -> App {
    let (mut app, run) = submitted();
    let now = Instant::now();
    app.update(Msg::Run { run, at: now, update: RunUpdate::Started });
    let sent = SentRequest {
        method: "POST".into(),
        url: "https://api.anthropic.com/v1/messages".into(),
        headers: vec![("content-type".into(), "application/json".into())],
        body: r#"{"model":"claude","max_tokens":4096,"messages":[{"role":"user","content":"hi"}]}"#.into(),
        signing: None,
        credential: CredentialView::default(),
    };
    app.update(Msg::Run { run, at: now, update: RunUpdate::Sent(Box::new(sent)) });
    for index in 0..events {
        let delta = format!(
            "event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":\
             {{\"type\":\"text_delta\",\"text\":\" word{index}\"}}}}\n\n"
        );
        let at = now + std::time::Duration::from_millis(index as u64);
        app.update(Msg::Run { run, at, update: RunUpdate::Chunk(delta.into()) });
    }
    app.update(Msg::Run { run, at: now, update: RunUpdate::Finished(Ok(())) });
    app.update(Msg::Action { action: routeplay::app::action::Action::Inspect, at: std::time::Instant::now() });
    assert!(matches!(app.overlay, Some(routeplay::app::Overlay::Inspector { .. })), "the inspector is open");
    assert_eq!(app.runs.get(run).expect("the run").exchange.chunks.len(), events, "the stream was captured");
    app
}

fn frame_time(c: &mut Criterion) {
    let theme = Themes::built_in().default_theme().clone();
    let mut group = c.benchmark_group("frame_200x50");
    for (label, bytes) in [("answer_1KB", 1024), ("answer_1MB", 1024 * 1024)] {
        let app = app_with_answer(&answer(bytes));
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
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
    let app = app_inspecting(2_000);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    let mut cache = TranscriptCache::default();
    let now = Instant::now();
    group.bench_function("inspector_2000_events", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| {
                    black_box(routeplay::ui::draw(frame, &app, &theme, &mut cache, now));
                })
                .expect("draw");
        });
    });
    group.finish();
}

criterion_group!(benches, frame_time);
criterion_main!(benches);
