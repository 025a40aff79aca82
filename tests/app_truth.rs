//! Views that tell the truth: counts in the right number, a stored error said once, no
//! struck-through reference posing as a failed column's answer, and demo mode's place named.

mod common;

use common::{app, compare_two_emulator_models, press, screen, type_text};
use routeplay::app::history::LoadedTurn;
use routeplay::app::msg::Msg;
use routeplay::app::runs::Phase;
use routeplay::app::{App, Startup};
use routeplay::models::Places;
use routeplay::routes::RouteId;
use routeplay::routes::error::{ErrorKind, RunError};
use routeplay::routes::event::{RunUpdate, StreamEvent};
use routeplay::store::Ended;
use std::time::Instant;

/// A stored turn on `route` · `model` that ended with `outcome`.
fn stored_turn(outcome: Result<bool, RunError>) -> LoadedTurn {
    LoadedTurn {
        conversation: 7,
        target: Places::default().target(RouteId::Anthropic, "m"),
        prompt: "hi".into(),
        attachments: Vec::new(),
        ended: Ended::default(),
        outcome,
        credential_source: None,
        position: 0,
        compare_group: None,
        events: Vec::new(),
        exchange: None,
    }
}

fn open_stored(app: &mut App, turn: LoadedTurn) {
    press(app, "f5");
    app.update(Msg::ConversationLoaded { turns: Ok(vec![turn]), at: Instant::now() });
}

#[test]
fn one_turn_is_one_turn() {
    let mut app = app();
    open_stored(&mut app, stored_turn(Ok(true)));
    let notice = app.notice.as_ref().map(|notice| notice.text.clone()).unwrap_or_default();
    assert!(notice.contains("of 1 turn:"), "{notice}");
}

#[test]
fn a_stored_error_says_its_route_and_model_once() {
    let stored = "anthropic · m: HTTP 529 overloaded_error: Overloaded";
    let mut app = app();
    open_stored(&mut app, stored_turn(Err(RunError::new(ErrorKind::StreamError, "anthropic", "m", stored))));
    let run = app.runs.get(*app.conversation.last().unwrap()).unwrap();
    let Phase::Failed(error) = &run.phase else { panic!("{:?}", run.phase) };
    assert_eq!(error.to_string(), stored);
}

#[test]
fn a_compare_of_one_target_says_target() {
    let mut app = app();
    press(&mut app, "tab tab a i");
    let shown = screen(&mut app, 80, 24, Instant::now());
    assert!(shown.contains("Compare · 1 target "), "{shown}");
}

#[test]
fn the_word_diff_says_a_failed_column_has_no_answer_to_diff() {
    let mut app = app();
    compare_two_emulator_models(&mut app);
    type_text(&mut app, "Same question");
    press(&mut app, "ctrl+s");
    let runs: Vec<_> = app.compare.columns.iter().map(|column| *column.runs.last().unwrap()).collect();
    let now = Instant::now();
    let text = RunUpdate::Event(StreamEvent::TextDelta("The reference answer".into()));
    app.update(Msg::Run { run: runs[0], at: now, update: text });
    app.update(Msg::Run { run: runs[0], at: now, update: RunUpdate::Finished(Ok(())) });
    let error = RunError::new(ErrorKind::Overloaded, "emulator", "emulator-thinking", "Overloaded");
    app.update(Msg::Run { run: runs[1], at: now, update: RunUpdate::Finished(Err(error)) });
    press(&mut app, "tab w");
    let shown = screen(&mut app, 200, 50, now);
    assert!(shown.contains("no answer to diff: failed"), "{shown}");
    assert_eq!(shown.matches("The reference answer").count(), 1, "only the reference shows it:\n{shown}");
}

#[test]
fn demo_mode_names_its_place_instead_of_the_environment() {
    let mut app =
        App::new(Startup { demo: true, route: RouteId::BedrockConverse, ..Startup::defaults(Instant::now()) });
    let shown = screen(&mut app, 80, 24, Instant::now());
    assert!(shown.contains("region demo (r)"), "{shown}");
    assert!(!shown.contains("from env"), "{shown}");
}
