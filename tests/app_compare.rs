//! The compare view's `update` as sentences: a prompt fans out to every column, one column
//! failing or cancelled leaves the others running, a column can be retried, removed or
//! promoted, and follow-ups go to every column with its own history.

mod common;

use common::{app, press, type_text};
use routeplay::app::App;
use routeplay::app::effect::Effect;
use routeplay::app::msg::{Msg, RunId};
use routeplay::app::runs::Phase;
use routeplay::routes::error::{ErrorKind, RunError};
use routeplay::routes::event::{RunUpdate, StreamEvent};
use routeplay::routes::request::Role;
use std::time::Instant;

/// An app with three emulator models in the compare set, the view shown.
fn comparing() -> App {
    let mut app = app();
    press(&mut app, "tab");
    press(&mut app, "tab"); // the route pane
    for _ in 0..3 {
        press(&mut app, "a");
        press(&mut app, "down");
    }
    press(&mut app, "i");
    assert!(app.compare_shown);
    assert_eq!(app.compare.columns.len(), 3);
    app
}

/// Send `prompt`; the runs started, in column order.
fn send(app: &mut App, prompt: &str) -> Vec<RunId> {
    type_text(app, prompt);
    press(app, "ctrl+s")
        .into_iter()
        .filter_map(|effect| match effect {
            Effect::StartRun { run, .. } => Some(run),
            _ => None,
        })
        .collect()
}

/// Go to the output pane and focus column `index` with the arrow keys.
fn focus_column(app: &mut App, index: usize) {
    press(app, "tab"); // from the prompt to the output pane
    while app.compare.focused != index {
        press(app, "right");
    }
}

fn update(app: &mut App, run: RunId, update: RunUpdate) {
    app.update(Msg::Run { run, at: Instant::now(), update });
}

fn answer(app: &mut App, run: RunId, text: &str) {
    update(app, run, RunUpdate::Started);
    update(app, run, RunUpdate::Event(StreamEvent::TextDelta(text.into())));
    update(app, run, RunUpdate::Event(StreamEvent::Done));
    update(app, run, RunUpdate::Finished(Ok(())));
}

fn phase(app: &App, run: RunId) -> Phase {
    app.runs.get(run).unwrap().phase.clone()
}

#[test]
fn a_prompt_goes_to_every_column_in_one_compare_group() {
    let mut app = comparing();
    let runs = send(&mut app, "Which is fastest?");
    assert_eq!(runs.len(), 3);
    let group = app.runs.get(runs[0]).unwrap().compare_group;
    assert!(group.is_some());
    for (index, run) in runs.iter().enumerate() {
        let state = app.runs.get(*run).unwrap();
        assert_eq!(state.compare_group, group);
        assert_eq!(state.target, app.compare.columns[index].target);
    }
}

#[test]
fn one_column_failing_leaves_the_others_running() {
    let mut app = comparing();
    let runs = send(&mut app, "Go");
    update(&mut app, runs[0], RunUpdate::Started);
    let error = RunError::new(ErrorKind::Server, "emulator", "m", "boom");
    update(&mut app, runs[1], RunUpdate::Finished(Err(error)));
    assert!(matches!(phase(&app, runs[1]), Phase::Failed(_)));
    assert!(phase(&app, runs[0]).is_live());
    assert!(phase(&app, runs[2]).is_live());
}

#[test]
fn cancelling_one_column_cancels_only_it_and_its_late_events_are_ignored() {
    let mut app = comparing();
    let runs = send(&mut app, "Go");
    focus_column(&mut app, 1);
    let effects = press(&mut app, "x");
    assert!(effects.contains(&Effect::CancelRun { run: runs[1] }), "{effects:?}");
    assert!(!effects.contains(&Effect::CancelRun { run: runs[0] }));
    assert_eq!(phase(&app, runs[1]), Phase::Cancelled);
    update(&mut app, runs[1], RunUpdate::Event(StreamEvent::TextDelta("late".into())));
    assert_eq!(app.runs.get(runs[1]).unwrap().text, "");
    assert!(phase(&app, runs[0]).is_live());
}

#[test]
fn a_failed_column_can_be_retried_in_place() {
    let mut app = comparing();
    let runs = send(&mut app, "Go");
    answer(&mut app, runs[0], "one");
    update(&mut app, runs[1], RunUpdate::Finished(Err(RunError::new(ErrorKind::Server, "emulator", "m", "boom"))));
    answer(&mut app, runs[2], "three");
    focus_column(&mut app, 1);
    let effects = press(&mut app, "r");
    let retried: Vec<_> = effects.iter().filter(|e| matches!(e, Effect::StartRun { .. })).collect();
    assert_eq!(retried.len(), 1, "{effects:?}");
    let Effect::StartRun { run, request, .. } = retried[0] else { unreachable!() };
    assert_eq!(app.compare.columns[1].runs, vec![*run], "the retry replaces the failed run");
    assert_eq!(request.turns.len(), 1, "the failed turn is not sent as history");
    assert_eq!(request.turns[0].text, "Go");
}

#[test]
fn follow_ups_go_to_every_column_with_its_own_history() {
    let mut app = comparing();
    let first = send(&mut app, "First");
    for (index, run) in first.iter().enumerate() {
        answer(&mut app, *run, &format!("answer {index}"));
    }
    type_text(&mut app, "Second");
    let effects = press(&mut app, "ctrl+s");
    let requests: Vec<_> = effects
        .iter()
        .filter_map(|e| if let Effect::StartRun { request, .. } = e { Some(request.clone()) } else { None })
        .collect();
    assert_eq!(requests.len(), 3);
    for (index, request) in requests.iter().enumerate() {
        assert_eq!(request.turns.len(), 3);
        assert_eq!(request.turns[1].role, Role::Assistant);
        assert_eq!(request.turns[1].text, format!("answer {index}"));
    }
}

#[test]
fn a_compare_needs_two_targets_and_refuses_a_second_prompt_while_streaming() {
    let mut app = app();
    press(&mut app, "f6");
    assert!(app.compare_shown);
    type_text(&mut app, "Hi");
    let effects = press(&mut app, "ctrl+s");
    assert!(effects.is_empty());
    assert!(app.notice.as_ref().unwrap().text.contains("at least 2"));
    let mut app = comparing();
    send(&mut app, "Go");
    assert!(send(&mut app, "Again").is_empty());
    assert!(app.notice.as_ref().unwrap().text.contains("still streaming"));
}

#[test]
fn a_column_is_promoted_into_the_playgrounds_conversation() {
    let mut app = comparing();
    let runs = send(&mut app, "Go");
    for run in &runs {
        answer(&mut app, *run, "done");
    }
    focus_column(&mut app, 2);
    press(&mut app, "p");
    assert!(!app.compare_shown);
    assert_eq!(app.conversation, vec![runs[2]]);
    assert_eq!(app.targets.target(), app.compare.columns[2].target);
}

#[test]
fn saving_the_set_asks_for_a_name_and_names_a_bad_one() {
    let mut app = comparing();
    press(&mut app, "tab"); // from the prompt to the output pane
    press(&mut app, "S");
    type_text(&mut app, "bad name");
    assert!(press(&mut app, "enter").is_empty());
    press(&mut app, "ctrl+u");
    for _ in 0..8 {
        press(&mut app, "backspace");
    }
    type_text(&mut app, "trio");
    let effects = press(&mut app, "enter");
    assert!(
        matches!(effects.as_slice(), [Effect::SaveCompareSet { name, targets }] if name == "trio" && targets.len() == 3),
        "{effects:?}"
    );
}

#[test]
fn a_column_can_have_its_own_parameters() {
    let mut app = comparing();
    focus_column(&mut app, 1);
    press(&mut app, "f4");
    type_text(&mut app, "max_tokens=77 temperature=0.2");
    press(&mut app, "enter");
    assert!(app.overlay.is_none(), "{:?}", app.notice);
    press(&mut app, "i");
    type_text(&mut app, "Go");
    let requests: Vec<_> = press(&mut app, "ctrl+s")
        .into_iter()
        .filter_map(|e| if let Effect::StartRun { request, .. } = e { Some(request) } else { None })
        .collect();
    assert_eq!(requests.iter().map(|r| r.params.max_tokens).collect::<Vec<_>>(), [1024, 77, 1024]);
    assert_eq!(requests[1].params.temperature, Some(0.2));
}

#[test]
fn a_saved_set_is_opened_by_name_and_an_unknown_name_is_named() {
    let mut app = comparing();
    focus_column(&mut app, 0);
    press(&mut app, "S");
    type_text(&mut app, "trio");
    press(&mut app, "enter");
    press(&mut app, "delete");
    assert_eq!(app.compare.columns.len(), 2);
    press(&mut app, "o");
    type_text(&mut app, "nope");
    press(&mut app, "enter");
    let Some(routeplay::app::Overlay::Editor(editor)) = &app.overlay else { panic!("the dialog stays open") };
    assert!(editor.error.as_deref().unwrap().contains("no compare set \"nope\" (saved: trio)"));
    press(&mut app, "down"); // cycles to the saved names
    press(&mut app, "enter");
    assert_eq!(app.compare.columns.len(), 3);
    assert_eq!(app.compare.name.as_deref(), Some("trio"));
}
