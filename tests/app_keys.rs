//! Keys that behave, as sentences: ctrl+c and ctrl+q never lose work by surprise, `q` quits
//! only where nothing is typed, the model filter, the model-id dialog, the system prompt of
//! several lines, the history search's ctrl+u, clicks in the route pane, mouse capture and the
//! sidebar's focus. Time arrives in the messages; no I/O.

mod common;

use common::{app, key, press, type_text};
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use routeplay::app::effect::Effect;
use routeplay::app::focus::Focus;
use routeplay::app::msg::{Msg, RunId};
use routeplay::app::runs::Phase;
use routeplay::app::target_rows::TargetRow;
use routeplay::app::{App, Overlay};
use routeplay::routes::RouteId;
use routeplay::routes::event::RunUpdate;
use std::time::{Duration, Instant};

/// Press `spec` at `at`.
fn press_at(app: &mut App, spec: &str, at: Instant) -> Vec<Effect> {
    app.update(Msg::Key { key: key(spec), at })
}

/// A run that has started streaming.
fn streaming_run(app: &mut App, at: Instant) -> RunId {
    type_text(app, "a question");
    press(app, "ctrl+s");
    let run = *app.conversation.last().expect("a run");
    app.update(Msg::Run { run, at, update: RunUpdate::Started });
    run
}

fn notice(app: &App) -> String {
    app.notice.as_ref().map(|notice| notice.text.clone()).unwrap_or_default()
}

#[test]
fn ctrl_c_cancels_the_stream_then_clears_the_draft_then_quits_on_a_second_press_within_a_second() {
    let mut app = app();
    let t0 = Instant::now();
    let run = streaming_run(&mut app, t0);
    type_text(&mut app, "the next question");

    let effects = press_at(&mut app, "ctrl+c", t0 + Duration::from_millis(100));
    assert_eq!(effects, [Effect::CancelRun { run }, Effect::SaveRun { run }]);
    assert_eq!(app.runs.get(run).unwrap().phase, Phase::Cancelled);
    assert_eq!(app.prompt.text(), "the next question", "cancelling keeps the draft");

    assert!(press_at(&mut app, "ctrl+c", t0 + Duration::from_millis(200)).is_empty());
    assert_eq!(app.prompt.text(), "", "the second ctrl+c clears the draft");

    assert!(press_at(&mut app, "ctrl+c", t0 + Duration::from_millis(300)).is_empty(), "nothing left: a hint");
    assert!(notice(&app).contains("ctrl+c again to quit"), "{}", notice(&app));
    assert_eq!(press_at(&mut app, "ctrl+c", t0 + Duration::from_millis(1200)), [Effect::Quit]);
}

#[test]
fn a_second_ctrl_c_more_than_a_second_later_only_hints_again() {
    let mut app = app();
    let t0 = Instant::now();
    assert!(press_at(&mut app, "ctrl+c", t0).is_empty());
    assert!(press_at(&mut app, "ctrl+c", t0 + Duration::from_millis(1500)).is_empty());
    assert!(notice(&app).contains("ctrl+c again to quit"));
    assert_eq!(press_at(&mut app, "ctrl+c", t0 + Duration::from_secs(2)), [Effect::Quit]);
}

#[test]
fn ctrl_c_in_the_history_search_is_not_typed_and_still_interrupts() {
    let mut app = app();
    press(&mut app, "f5");
    let t0 = Instant::now();
    assert!(press_at(&mut app, "ctrl+c", t0).is_empty());
    assert_eq!(press_at(&mut app, "ctrl+c", t0 + Duration::from_millis(500)), [Effect::Quit]);
}

#[test]
fn ctrl_q_quits_at_once_when_nothing_would_be_lost() {
    let mut app = app();
    assert_eq!(press(&mut app, "ctrl+q"), [Effect::Quit]);
}

#[test]
fn ctrl_q_asks_first_when_a_draft_would_be_lost_and_another_key_stays() {
    let mut app = app();
    type_text(&mut app, "half a thought");
    assert!(press(&mut app, "ctrl+q").is_empty());
    assert_eq!(app.quit.confirm.as_deref(), Some("the unsent draft"));
    assert!(press(&mut app, "n").is_empty(), "any other key stays");
    assert_eq!(app.quit.confirm, None);
    assert_eq!(app.prompt.text(), "half a thought", "the answering key is not typed");
    press(&mut app, "ctrl+q");
    assert_eq!(press(&mut app, "y"), [Effect::Quit]);
}

#[test]
fn ctrl_q_with_a_stream_running_asks_and_yes_cancels_it_before_quitting() {
    let mut app = app();
    let run = streaming_run(&mut app, Instant::now());
    assert!(press(&mut app, "ctrl+q").is_empty());
    assert_eq!(app.quit.confirm.as_deref(), Some("the running stream"));
    assert_eq!(press(&mut app, "ctrl+q"), [Effect::CancelRun { run }, Effect::SaveRun { run }, Effect::Quit]);
}

#[test]
fn q_quits_from_the_panes_that_take_no_text() {
    for (keys, pane) in [("tab", Focus::Output), ("tab tab", Focus::Targets), ("tab tab tab", Focus::Sidebar)] {
        let mut app = app();
        press(&mut app, keys);
        assert_eq!(app.focus, pane);
        assert_eq!(press(&mut app, "q"), [Effect::Quit], "{pane:?}");
    }
}

#[test]
fn q_closes_an_overlay_and_is_typed_wherever_text_is_typed() {
    let mut app = app();
    for overlay in ["f1", "f7"] {
        press(&mut app, &format!("tab {overlay}"));
        assert!(app.overlay.is_some());
        assert!(press(&mut app, "q").is_empty());
        assert!(app.overlay.is_none(), "q closes what {overlay} opened");
    }
    let mut app = common::app();
    type_text(&mut app, "q");
    assert_eq!(app.prompt.text(), "q", "typed in the prompt");
    press(&mut app, "f5");
    assert!(press(&mut app, "q").iter().all(|effect| matches!(effect, Effect::QueryHistory { .. })));
    let Some(Overlay::History(view)) = &app.overlay else { panic!("history stays open") };
    assert_eq!(view.query_text(), "q", "typed in the history search");
    press(&mut app, "esc f3 q");
    let Some(Overlay::Editor(editor)) = &app.overlay else { panic!("the dialog stays open") };
    assert_eq!(editor.value(), "q", "typed in a dialog");
    press(&mut app, "esc tab tab / q");
    assert_eq!(app.model_filter.as_deref(), Some("q"), "typed in the model filter");
}

#[test]
fn slash_filters_the_models_as_you_type_and_enter_uses_the_match() {
    let mut app = app();
    press(&mut app, "tab tab /");
    assert_eq!(app.visible_models().len(), app.targets.current().models.len(), "an empty filter hides nothing");
    type_text(&mut app, "think");
    let matches: Vec<&str> = app.visible_models().iter().map(|(_, model)| model.id.as_str()).collect();
    assert_eq!(matches, ["emulator-thinking"]);
    assert_eq!(app.targets.target().model, "emulator-thinking", "the highlight follows the matches");
    press(&mut app, "enter");
    assert_eq!(app.model_filter, None);
    assert_eq!(app.focus, Focus::Prompt);
    assert_eq!(app.targets.target().model, "emulator-thinking");
}

#[test]
fn the_filter_moves_among_matches_and_esc_clears_it() {
    let mut app = app();
    press(&mut app, "tab tab /");
    type_text(&mut app, "emulator-t");
    assert_eq!(app.targets.target().model, "emulator-thinking");
    press(&mut app, "down");
    assert_eq!(app.targets.target().model, "emulator-tools");
    press(&mut app, "down");
    assert_eq!(app.targets.target().model, "emulator-thinking", "wraps within the matches");
    press(&mut app, "backspace ctrl+u");
    assert_eq!(app.model_filter.as_deref(), Some(""));
    press(&mut app, "esc");
    assert_eq!(app.model_filter, None);
    assert_eq!(app.focus, Focus::Targets, "Esc leaves the focus where it was");
}

#[test]
fn m_opens_the_model_id_dialog_with_the_current_id() {
    let mut app = app();
    press(&mut app, "tab tab m");
    let Some(Overlay::Editor(editor)) = &app.overlay else { panic!("the dialog") };
    assert_eq!(editor.value(), "emulator-sonnet");
    type_text(&mut app, "-fault-stall");
    press(&mut app, "enter");
    assert_eq!(app.targets.target().model, "emulator-sonnet-fault-stall");
}

#[test]
fn the_system_prompt_takes_several_lines_and_ctrl_s_applies_it() {
    let mut app = app();
    press(&mut app, "f3");
    type_text(&mut app, "Be brief.\nAnswer in French.");
    assert!(app.overlay.is_some(), "Enter started a new line");
    assert!(press(&mut app, "ctrl+s").is_empty(), "ctrl+s applies; it sends nothing");
    assert!(app.overlay.is_none());
    assert_eq!(app.prompt.system, "Be brief.\nAnswer in French.");
}

#[test]
fn ctrl_u_clears_the_history_search_line() {
    let mut app = app();
    press(&mut app, "f5");
    type_text(&mut app, "sigv4 colon");
    let effects = press(&mut app, "ctrl+u");
    assert_eq!(effects, [Effect::QueryHistory { query: String::new() }]);
    let Some(Overlay::History(view)) = &app.overlay else { panic!("history") };
    assert_eq!(view.query_text(), "");
}

fn click(app: &mut App, column: u16, row: u16) {
    let kind = MouseEventKind::Down(MouseButton::Left);
    app.update(Msg::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }));
}

/// The screen row inside the route pane that shows `wanted`.
fn row_of(app: &App, wanted: TargetRow) -> u16 {
    let panes = app.panes();
    (panes.targets.y..panes.targets.bottom())
        .find(|&y| app.target_row_at(panes.targets.x + 2, y) == Some(wanted))
        .unwrap_or_else(|| panic!("{wanted:?} is not shown"))
}

#[test]
fn a_click_chooses_the_route_or_the_model_under_it() {
    let mut app = app();
    let anthropic = RouteId::ALL.iter().position(|route| *route == RouteId::Anthropic).unwrap();
    let y = row_of(&app, TargetRow::Route(anthropic));
    click(&mut app, 3, y);
    assert_eq!(app.focus, Focus::Targets);
    assert_eq!(app.targets.current().route, RouteId::Anthropic);
    let y = row_of(&app, TargetRow::Model(1));
    click(&mut app, 3, y);
    assert_eq!(app.targets.current().selected, 1);
}

#[test]
fn alt_m_hands_the_mouse_to_the_terminal_and_back() {
    let mut app = app();
    assert_eq!(press(&mut app, "alt+m"), [Effect::SetMouseCapture(false)]);
    assert!(!app.mouse_capture);
    let y = row_of(&app, TargetRow::Route(1));
    click(&mut app, 3, y);
    assert_eq!(app.focus, Focus::Prompt, "clicks belong to the terminal now");
    assert_eq!(press(&mut app, "alt+m"), [Effect::SetMouseCapture(true)]);
}

#[test]
fn the_sidebar_takes_focus_in_turn_and_scrolls() {
    let mut app = app();
    press(&mut app, "tab tab tab");
    assert_eq!(app.focus, Focus::Sidebar);
    press(&mut app, "down down j");
    assert_eq!(app.sidebar.scroll, 3);
    press(&mut app, "k");
    assert_eq!(app.sidebar.scroll, 2);
    app.sidebar.keep_scroll_within(1);
    assert_eq!(app.sidebar.scroll, 1, "kept within what the last frame could show");
    press(&mut app, "g");
    assert_eq!(app.sidebar.scroll, 0);
    press(&mut app, "tab");
    assert_eq!(app.focus, Focus::Prompt, "the cycle goes round");
}
