//! The compare view drawn into a `TestBackend` and snapshotted: running, mixed outcomes (one
//! failed, one cancelled, the rest done) with the summary strip, a narrow terminal, a zoomed
//! column, and the word diff.

mod common;

use common::{app, press, screen, type_text};
use routeplay::app::App;
use routeplay::app::effect::Effect;
use routeplay::app::msg::{Msg, RunId};
use routeplay::routes::error::{ErrorKind, RunError};
use routeplay::routes::event::{RunUpdate, StopReason, StreamEvent, Usage};
use routeplay::routes::{RouteId, Target};
use std::time::{Duration, Instant};

fn draw(app: &mut App, width: u16, height: u16, now: Instant) -> String {
    screen(app, width, height, now)
}

/// Four emulator models compared, the prompt sent at `t0`; the runs, in column order.
fn sent(t0: Instant) -> (App, Vec<RunId>) {
    let mut app = app();
    press(&mut app, "tab");
    press(&mut app, "tab");
    for _ in 0..3 {
        press(&mut app, "a");
        press(&mut app, "down");
    }
    app.compare.add(Target::new(RouteId::Anthropic, "claude-haiku-4-5-20251001")).unwrap();
    press(&mut app, "i");
    type_text(&mut app, "Compare the routes");
    let runs: Vec<RunId> = press(&mut app, "ctrl+s")
        .into_iter()
        .filter_map(|e| if let Effect::StartRun { run, .. } = e { Some(run) } else { None })
        .collect();
    for (index, run) in runs.iter().enumerate() {
        let at = t0 + Duration::from_millis(10 * index as u64);
        app.update(Msg::Run { run: *run, at, update: RunUpdate::Started });
        let credential =
            RunUpdate::Credential { source: "built-in emulator".into(), elapsed: Duration::from_millis(2) };
        app.update(Msg::Run { run: *run, at, update: credential });
    }
    (app, runs)
}

fn stream(app: &mut App, run: RunId, at: Instant, text: &str) {
    let event = |e| RunUpdate::Event(e);
    app.update(Msg::Run { run, at, update: event(StreamEvent::TextDelta(text.into())) });
}

fn finish(app: &mut App, run: RunId, at: Instant, output: u64) {
    let usage = Usage { input_tokens: Some(12), output_tokens: Some(output), ..Usage::default() };
    for update in [
        RunUpdate::Event(StreamEvent::Usage(usage)),
        RunUpdate::Event(StreamEvent::StopReason(StopReason::EndTurn)),
        RunUpdate::Event(StreamEvent::Done),
        RunUpdate::Finished(Ok(())),
    ] {
        app.update(Msg::Run { run, at, update });
    }
}

fn mixed(t0: Instant) -> App {
    let (mut app, runs) = sent(t0);
    let ms = |n| t0 + Duration::from_millis(n);
    stream(&mut app, runs[0], ms(200), "Routes differ in **auth** and framing.\n\nBedrock signs with SigV4.");
    finish(&mut app, runs[0], ms(900), 40);
    stream(&mut app, runs[1], ms(350), "Routes differ in auth.\n\nVertex uses OAuth tokens.");
    finish(&mut app, runs[1], ms(1500), 38);
    let error = RunError::new(ErrorKind::RateLimited, "emulator", "emulator-tools", "HTTP 429 rate_limit_error")
        .with_hint("rate limited: wait, or lower the request rate");
    app.update(Msg::Run { run: runs[2], at: ms(400), update: RunUpdate::Finished(Err(error)) });
    stream(&mut app, runs[3], ms(300), "Partial answer");
    press(&mut app, "tab"); // from the prompt to the output pane
    while app.compare.focused != 3 {
        press(&mut app, "right");
    }
    press(&mut app, "x");
    // The cancel read the real clock; pin it so the figures are stable.
    app.runs.get_mut(runs[3]).unwrap().timings.ended = Some(ms(1200));
    app
}

#[test]
fn four_columns_streaming_side_by_side() {
    let t0 = Instant::now();
    let (mut app, runs) = sent(t0);
    stream(&mut app, runs[0], t0 + Duration::from_millis(250), "# Routes\n\nThe same model, three ways.");
    insta::assert_snapshot!("compare_streaming_160x30", draw(&mut app, 160, 30, t0 + Duration::from_secs(1)));
}

#[test]
fn mixed_outcomes_with_the_summary_strip() {
    let t0 = Instant::now();
    let mut app = mixed(t0);
    insta::assert_snapshot!("compare_mixed_200x50", draw(&mut app, 200, 50, t0 + Duration::from_secs(2)));
}

#[test]
fn a_narrow_terminal_stacks_or_tabs_the_columns() {
    let t0 = Instant::now();
    let mut app = mixed(t0);
    insta::assert_snapshot!("compare_narrow_80x24", draw(&mut app, 80, 24, t0 + Duration::from_secs(2)));
    insta::assert_snapshot!("compare_narrow_80x50", draw(&mut app, 80, 50, t0 + Duration::from_secs(2)));
}

#[test]
fn a_zoomed_column_fills_the_view() {
    let t0 = Instant::now();
    let mut app = mixed(t0);
    press(&mut app, "left");
    press(&mut app, "left");
    press(&mut app, "left");
    press(&mut app, "z");
    insta::assert_snapshot!("compare_zoomed_120x30", draw(&mut app, 120, 30, t0 + Duration::from_secs(2)));
}

#[test]
fn the_word_diff_marks_what_differs_from_the_reference() {
    let t0 = Instant::now();
    let mut app = mixed(t0);
    while app.compare.focused != 0 {
        press(&mut app, "right");
    }
    press(&mut app, "*");
    press(&mut app, "w");
    let screen = draw(&mut app, 200, 50, t0 + Duration::from_secs(2));
    assert!(screen.contains("★ref"), "{screen}");
    insta::assert_snapshot!("compare_diff_200x50", screen);
}

/// One model on three Bedrock routes and the Anthropic API, every column done: the issue's
/// unreadable strip ("bedrock…" thrice, the cost cut off at 80 wide).
fn same_model_on_four_routes(t0: Instant) -> App {
    let model = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    let mut app = app();
    app.compare = routeplay::app::compare::Compare::of([
        Target::new(RouteId::BedrockMantle, model),
        Target::new(RouteId::BedrockInvoke, model),
        Target::new(RouteId::BedrockConverse, model),
        Target::new(RouteId::Anthropic, "claude-sonnet-4-5-20250929"),
    ]);
    app.compare_shown = true;
    press(&mut app, "tab");
    press(&mut app, "tab");
    press(&mut app, "i");
    type_text(&mut app, "Compare the routes");
    let runs: Vec<RunId> = press(&mut app, "ctrl+s")
        .into_iter()
        .filter_map(|e| if let Effect::StartRun { run, .. } = e { Some(run) } else { None })
        .collect();
    assert_eq!(runs.len(), 4);
    for (index, run) in runs.iter().enumerate() {
        let ms = |n| t0 + Duration::from_millis(n);
        let step = 100 * index as u64;
        app.update(Msg::Run { run: *run, at: ms(0), update: RunUpdate::Started });
        stream(&mut app, *run, ms(200 + step), "Routes differ in auth and framing.");
        finish(&mut app, *run, ms(900 + 2 * step), 40);
    }
    app
}

#[test]
fn the_ranking_strip_labels_targets_by_column_and_fits_80_columns() {
    let t0 = Instant::now();
    let mut app = same_model_on_four_routes(t0);
    let narrow = draw(&mut app, 80, 24, t0 + Duration::from_secs(2));
    for label in ["1 mantle", "2 invoke", "3 converse", "4 anthropic"] {
        assert!(narrow.contains(label), "{label} missing:\n{narrow}");
    }
    assert!(!narrow.contains("bedrock…"), "{narrow}");
    assert!(narrow.contains("cost"), "the cost column is cut:\n{narrow}");
    assert!(narrow.contains("Prompt → 4 targets: bedrock-mantle"), "{narrow}");
    insta::assert_snapshot!("compare_ranking_80x24", narrow);
    let wide = draw(&mut app, 200, 50, t0 + Duration::from_secs(2));
    assert!(wide.contains("TTFT"), "{wide}");
    insta::assert_snapshot!("compare_ranking_200x50", wide);
}
