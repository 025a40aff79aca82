//! `App::update` as sentences: state before, a message, state and effects after. No I/O,
//! no async; keys go through the real keymap file.

mod common;
#[path = "app_update/state.rs"]
mod state;

use common::{app, press, type_text};
use routeplay::app::Overlay;
use routeplay::app::effect::{CredentialCheck, Effect};
use routeplay::app::focus::Focus;
use routeplay::app::msg::{Msg, RunId};
use routeplay::app::runs::Phase;
use routeplay::app::stop_note;
use routeplay::models::Places;
use routeplay::routes::error::{ErrorKind, RunError};
use routeplay::routes::event::{RunUpdate, StopReason, StreamEvent, Usage};
use routeplay::routes::request::Role;
use routeplay::routes::{Place, RouteId};
use std::time::{Duration, Instant};

fn started_run(app: &mut routeplay::app::App, prompt: &str) -> RunId {
    type_text(app, prompt);
    let effects = press(app, "ctrl+s");
    match effects.as_slice() {
        [Effect::StartRun { run, .. }, Effect::SaveRun { run: saved }] if saved == run => *run,
        other => panic!("expected a StartRun and its SaveRun, got {other:?}"),
    }
}

fn send(app: &mut routeplay::app::App, run: RunId, at: Instant, update: RunUpdate) {
    app.update(Msg::Run { run, at, update });
}

fn stream_answer(app: &mut routeplay::app::App, run: RunId, t0: Instant, text: &str) {
    send(app, run, t0, RunUpdate::Started);
    send(app, run, t0, RunUpdate::Credential { source: "test".into(), elapsed: Duration::ZERO });
    send(app, run, t0, RunUpdate::Responded { status: 200, request_id: Some("req_1".into()) });
    send(app, run, t0 + Duration::from_millis(100), RunUpdate::Event(StreamEvent::TextDelta(text.into())));
}

#[test]
fn submit_starts_a_run_on_the_selected_target_and_clears_the_prompt() {
    let mut app = app();
    type_text(&mut app, "Hello there");
    let effects = press(&mut app, "ctrl+s");
    let [Effect::StartRun { run, target, request, .. }, Effect::SaveRun { .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(target.route, RouteId::Emulator);
    assert_eq!(request.turns.len(), 1);
    assert_eq!(request.turns[0].text, "Hello there");
    assert_eq!(app.runs.get(*run).unwrap().phase, Phase::Resolving);
    assert_eq!(app.prompt.text(), "");
}

#[test]
fn alt_enter_also_submits_because_ctrl_enter_is_lost_inside_tmux() {
    let mut app = app();
    type_text(&mut app, "hi");
    assert!(matches!(press(&mut app, "alt+enter").as_slice(), [Effect::StartRun { .. }, Effect::SaveRun { .. }]));
}

#[test]
fn an_empty_prompt_is_not_sent() {
    let mut app = app();
    assert!(press(&mut app, "ctrl+s").is_empty());
    assert!(app.notice.as_ref().is_some_and(|n| n.is_error));
}

#[test]
fn stream_events_fill_the_run_and_a_clean_end_marks_it_done() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    let t0 = Instant::now();
    stream_answer(&mut app, run, t0, "Hello");
    send(&mut app, run, t0, RunUpdate::Event(StreamEvent::Usage(Usage { output_tokens: Some(5), ..Usage::default() })));
    send(&mut app, run, t0, RunUpdate::Event(StreamEvent::StopReason(StopReason::EndTurn)));
    send(&mut app, run, t0 + Duration::from_secs(1), RunUpdate::Finished(Ok(())));
    let state = app.runs.get(run).unwrap();
    assert_eq!(state.text, "Hello");
    assert_eq!(state.phase, Phase::Done);
    assert_eq!(state.time_to_first_token(), Some(Duration::from_millis(100)));
    assert_eq!(state.total_time(), Some(Duration::from_secs(1)));
    assert_eq!(state.request_id.as_deref(), Some("req_1"));
}

#[test]
fn esc_cancels_a_running_request_and_keeps_its_partial_output() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    stream_answer(&mut app, run, Instant::now(), "partial");
    let effects = press(&mut app, "esc");
    assert_eq!(effects, vec![Effect::CancelRun { run }, Effect::SaveRun { run }], "the cancelled run is saved");
    let state = app.runs.get(run).unwrap();
    assert_eq!(state.phase, Phase::Cancelled);
    assert_eq!(state.text, "partial");
}

#[test]
fn a_stream_event_for_a_cancelled_run_is_ignored() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    stream_answer(&mut app, run, Instant::now(), "partial");
    press(&mut app, "esc");
    send(&mut app, run, Instant::now(), RunUpdate::Event(StreamEvent::TextDelta(" late".into())));
    send(&mut app, run, Instant::now(), RunUpdate::Finished(Ok(())));
    let state = app.runs.get(run).unwrap();
    assert_eq!(state.text, "partial");
    assert_eq!(state.phase, Phase::Cancelled);
}

#[test]
fn an_error_marks_the_run_failed_with_its_message() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    let error = RunError::new(ErrorKind::Overloaded, "emulator", "emulator-sonnet", "Overloaded");
    send(&mut app, run, Instant::now(), RunUpdate::Finished(Err(error.clone())));
    assert_eq!(app.runs.get(run).unwrap().phase, Phase::Failed(error));
}

#[test]
fn a_follow_up_prompt_carries_the_conversation_so_far() {
    let mut app = app();
    let run = started_run(&mut app, "first question");
    stream_answer(&mut app, run, Instant::now(), "first answer");
    send(&mut app, run, Instant::now(), RunUpdate::Finished(Ok(())));
    type_text(&mut app, "second question");
    let effects = press(&mut app, "ctrl+s");
    let [Effect::StartRun { request, .. }, Effect::SaveRun { .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let roles: Vec<Role> = request.turns.iter().map(|t| t.role).collect();
    assert_eq!(roles, [Role::User, Role::Assistant, Role::User]);
    assert_eq!(request.turns[1].text, "first answer");
}

#[test]
fn a_new_conversation_starts_from_scratch() {
    let mut app = app();
    let run = started_run(&mut app, "first");
    send(&mut app, run, Instant::now(), RunUpdate::Finished(Ok(())));
    press(&mut app, "ctrl+l");
    assert!(app.conversation.is_empty());
    type_text(&mut app, "again");
    let effects = press(&mut app, "ctrl+s");
    let [Effect::StartRun { request, .. }, Effect::SaveRun { .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(request.turns.len(), 1);
}

#[test]
fn a_second_prompt_waits_while_the_answer_streams() {
    let mut app = app();
    started_run(&mut app, "first");
    type_text(&mut app, "second");
    assert!(press(&mut app, "ctrl+s").is_empty());
    assert_eq!(app.prompt.text(), "second", "the unsent prompt is kept");
}

#[test]
fn several_runs_stream_at_once_and_stay_apart() {
    let mut app = app();
    let target = app.targets.target();
    let a = app.runs.create(target.clone(), "a".into());
    let b = app.runs.create(target, "b".into());
    let t0 = Instant::now();
    for (run, text) in [(a, "from a"), (b, "from b"), (a, " again"), (b, " too")] {
        send(&mut app, run, t0, RunUpdate::Event(StreamEvent::TextDelta(text.into())));
    }
    send(&mut app, a, t0, RunUpdate::Finished(Ok(())));
    assert_eq!(app.runs.get(a).unwrap().text, "from a again");
    assert_eq!(app.runs.get(b).unwrap().text, "from b too");
    assert_eq!(app.runs.get(a).unwrap().phase, Phase::Done);
    assert!(app.runs.get(b).unwrap().phase.is_live(), "b streams on after a finished");
}

#[test]
fn tab_and_shift_tab_move_focus_around_the_panes() {
    let mut app = app();
    assert_eq!(app.focus, Focus::Prompt);
    press(&mut app, "tab");
    assert_eq!(app.focus, Focus::Output);
    press(&mut app, "tab");
    assert_eq!(app.focus, Focus::Targets);
    press(&mut app, "backtab");
    assert_eq!(app.focus, Focus::Output);
}

#[test]
fn the_route_pane_changes_route_and_model() {
    let mut app = app();
    press(&mut app, "tab tab");
    press(&mut app, "right");
    assert_eq!(app.targets.target().route, RouteId::Anthropic);
    let first = app.targets.target().model;
    press(&mut app, "down");
    assert_ne!(app.targets.target().model, first);
}

#[test]
fn a_custom_model_id_can_be_typed() {
    let mut app = app();
    press(&mut app, "tab tab m ctrl+u"); // the dialog opens on the current id: clear it
    type_text(&mut app, "claude-future-9");
    press(&mut app, "enter");
    assert_eq!(app.targets.target().model, "claude-future-9");
    assert!(app.overlay.is_none());
}

#[test]
fn parameters_are_edited_in_a_dialog_that_names_bad_values() {
    let mut app = app();
    press(&mut app, "f4");
    for _ in 0..40 {
        press(&mut app, "backspace");
    }
    type_text(&mut app, "max_tokens=50 temperature=hot");
    press(&mut app, "enter");
    let Some(Overlay::Editor(editor)) = &app.overlay else { panic!("the dialog should stay open") };
    assert!(editor.error.as_deref().unwrap_or_default().starts_with("temperature"));
    for _ in 0..3 {
        press(&mut app, "backspace");
    }
    type_text(&mut app, "0.5");
    press(&mut app, "enter");
    assert!(app.overlay.is_none());
    assert_eq!(app.prompt.params.max_tokens, 50);
    assert_eq!(app.prompt.params.temperature, Some(0.5));
}

#[test]
fn the_help_overlay_opens_with_f1_and_closes_with_esc() {
    let mut app = app();
    press(&mut app, "f1");
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    press(&mut app, "esc");
    assert!(app.overlay.is_none());
}

#[test]
fn a_question_mark_is_typed_in_the_prompt_not_taken_as_help() {
    let mut app = app();
    type_text(&mut app, "why?");
    assert_eq!(app.prompt.text(), "why?");
    assert!(app.overlay.is_none());
}

#[test]
fn copying_the_last_answer_asks_for_an_osc52_copy() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    stream_answer(&mut app, run, Instant::now(), "the answer");
    send(&mut app, run, Instant::now(), RunUpdate::Finished(Ok(())));
    let effects = app
        .update(Msg::Action { action: routeplay::app::action::Action::CopyLastAnswer, at: std::time::Instant::now() });
    assert_eq!(effects, vec![Effect::CopyToClipboard("the answer".into())]);
}

#[test]
fn paste_inserts_text_with_newlines_into_the_prompt() {
    let mut app = app();
    app.update(Msg::Paste("line one\r\nline two".into()));
    assert_eq!(app.prompt.text(), "line one\nline two");
}

#[test]
fn the_theme_key_cycles_themes() {
    let mut app = app();
    press(&mut app, "f2");
    assert_eq!(app.theme, "light");
    press(&mut app, "f2");
    assert_eq!(app.theme, "dark");
}

#[test]
fn quitting_cancels_what_still_runs() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    // ctrl+q asks first, since the stream would be lost; y quits.
    assert!(press(&mut app, "ctrl+q").is_empty());
    assert_eq!(press(&mut app, "y"), vec![Effect::CancelRun { run }, Effect::SaveRun { run }, Effect::Quit]);
}

#[test]
fn the_aws_region_and_profile_are_chosen_in_the_route_pane_and_go_with_bedrock_targets() {
    let mut app = app();
    press(&mut app, "tab tab r");
    type_text(&mut app, "eu-west-1");
    let checked = press(&mut app, "enter");
    let eu = Places { region: Some("eu-west-1".into()), ..Places::default() };
    let check = CredentialCheck { demo: false, refresh: false, places: eu.clone() };
    assert_eq!(checked, vec![Effect::CheckCredentials(check)], "the sidebar follows the region the next run uses");
    press(&mut app, "p");
    type_text(&mut app, "dev");
    let checked = press(&mut app, "enter");
    let dev = Places { profile: Some("dev".into()), ..eu };
    assert_eq!(checked, vec![Effect::CheckCredentials(CredentialCheck { demo: false, refresh: false, places: dev })]);
    assert_eq!(app.targets.region.as_deref(), Some("eu-west-1"));
    assert_eq!(app.targets.target().place, Place::None, "the emulator route takes no region");
    while !app.targets.target().route.is_aws() {
        press(&mut app, "right");
    }
    let target = app.targets.target();
    assert_eq!(target.place, Place::Aws { region: Some("eu-west-1".into()), profile: Some("dev".into()) });
}

#[test]
fn a_region_that_is_not_one_is_refused_in_the_dialog() {
    let mut app = app();
    press(&mut app, "tab tab r");
    type_text(&mut app, "Frankfurt");
    press(&mut app, "enter");
    let Some(Overlay::Editor(editor)) = &app.overlay else { panic!("the dialog stays open") };
    assert!(editor.error.as_deref().unwrap_or_default().contains("Frankfurt"));
}

#[test]
fn demo_mode_sends_bedrock_runs_to_the_emulator_and_rechecks_credentials() {
    let mut app = app();
    let effects = press(&mut app, "tab tab d");
    let check = CredentialCheck { demo: true, refresh: false, places: Places::default() };
    assert_eq!(effects, vec![Effect::CheckCredentials(check)]);
    while app.targets.target().route != RouteId::BedrockInvoke {
        press(&mut app, "right");
    }
    assert_eq!(app.targets.target().model, "anthropic.emulator-sonnet-v1:0", "demo models come first");
    press(&mut app, "i");
    type_text(&mut app, "hi");
    let effects = press(&mut app, "ctrl+s");
    assert!(matches!(effects.as_slice(), [Effect::StartRun { demo: true, .. }, Effect::SaveRun { .. }]), "{effects:?}");
}

#[test]
fn the_profile_dialog_lists_the_profiles_found() {
    let mut app = app();
    app.update(Msg::AwsProfiles(vec!["default".into(), "dev".into()]));
    press(&mut app, "tab tab p");
    let Some(Overlay::Editor(editor)) = &app.overlay else { panic!("the dialog opens") };
    assert_eq!(editor.hint.as_deref(), Some("↑↓ profiles: default, dev"));
    press(&mut app, "down");
    press(&mut app, "down");
    press(&mut app, "enter");
    assert_eq!(app.targets.profile.as_deref(), Some("dev"), "picked from the list");
}

#[test]
fn the_region_dialog_cycles_through_bedrock_regions() {
    let mut app = app();
    press(&mut app, "tab tab r down down enter");
    assert_eq!(app.targets.region.as_deref(), Some("us-east-2"));
}

#[test]
fn discovered_bedrock_models_replace_the_curated_list_and_keep_typed_ids() {
    use routeplay::models::{DiscoveredModels, ModelEntry};
    let mut app = app();
    press(&mut app, "tab tab");
    while app.targets.target().route != RouteId::BedrockConverse {
        press(&mut app, "right");
    }
    press(&mut app, "m ctrl+u");
    type_text(&mut app, "my.custom-model-v1:0");
    press(&mut app, "enter");
    let entry = |id: &str| ModelEntry { id: id.into(), label: "found".into() };
    let lists =
        vec![(RouteId::BedrockConverse, vec![entry("amazon.nova-micro-v1:0"), entry("us.anthropic.claude-x-v1:0")])];
    app.update(Msg::BedrockModels(Ok(DiscoveredModels { lists, note: "2 models in us-east-1".into() })));
    let ids: Vec<&str> = app.targets.current().models.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["amazon.nova-micro-v1:0", "us.anthropic.claude-x-v1:0", "my.custom-model-v1:0"]);
    assert_eq!(app.targets.target().model, "my.custom-model-v1:0", "the chosen model stays chosen");
    assert_eq!(app.sidebar.aws_models, Some(Ok("2 models in us-east-1".into())));
}

#[test]
fn a_streaming_answer_is_saved_about_once_a_second_and_at_its_end() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    let t0 = Instant::now();
    let mut saves = 0;
    for tenth in 0..25 {
        let at = t0 + Duration::from_millis(100 * tenth);
        let effects = app.update(Msg::Run { run, at, update: RunUpdate::Event(StreamEvent::TextDelta("x".into())) });
        saves += effects.iter().filter(|e| matches!(e, Effect::SaveRun { .. })).count();
    }
    assert_eq!(saves, 3, "at 0 s, 1 s and 2 s");
    let effects =
        app.update(Msg::Run { run, at: t0 + Duration::from_millis(2550), update: RunUpdate::Finished(Ok(())) });
    assert_eq!(effects, vec![Effect::SaveRun { run }], "the end is always saved");
}

#[test]
fn text_left_unsaved_when_a_stream_goes_silent_is_saved_by_the_next_tick_a_second_later() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    let t0 = Instant::now();
    let delta = |text: &str| RunUpdate::Event(StreamEvent::TextDelta(text.into()));
    let saves = |effects: Vec<Effect>| effects.iter().filter(|e| **e == Effect::SaveRun { run }).count();
    assert_eq!(saves(app.update(Msg::Run { run, at: t0, update: delta("first ") })), 1, "the first text at once");
    assert_eq!(saves(app.update(Msg::Run { run, at: t0 + Duration::from_millis(300), update: delta("second") })), 0);
    // The stream goes silent: no update comes, only the frame timer.
    assert_eq!(saves(app.update(Msg::Tick { at: t0 + Duration::from_millis(900) })), 0, "not a second yet");
    assert_eq!(saves(app.update(Msg::Tick { at: t0 + Duration::from_secs(1) })), 1, "the silent text is saved");
    assert_eq!(saves(app.update(Msg::Tick { at: t0 + Duration::from_millis(2500) })), 0, "nothing new to save");
    app.update(Msg::Run { run, at: t0 + Duration::from_millis(2600), update: RunUpdate::Finished(Ok(())) });
    assert_eq!(saves(app.update(Msg::Tick { at: t0 + Duration::from_secs(5) })), 0, "an ended run was saved whole");
}

#[test]
fn a_tick_saves_nothing_before_the_first_token() {
    let mut app = app();
    started_run(&mut app, "hi");
    assert!(app.update(Msg::Tick { at: Instant::now() + Duration::from_secs(5) }).is_empty());
}

mod history {
    use super::*;
    use routeplay::app::history::{HistoryRow, LoadedTurn};
    use routeplay::store::{Ended, Timings};

    fn row(conversation: i64, title: &str) -> HistoryRow {
        HistoryRow { conversation, title: title.into(), detail: "emulator · done".into(), ..HistoryRow::default() }
    }

    fn turn(prompt: &str, answer: &str) -> LoadedTurn {
        LoadedTurn {
            conversation: 77,
            target: routeplay::routes::Target::new(RouteId::Emulator, "emulator-sonnet"),
            prompt: prompt.into(),
            attachments: Vec::new(),
            ended: Ended {
                answer: answer.into(),
                stop_reason: Some(StopReason::EndTurn),
                timings: Timings { credential_ms: None, first_token_ms: Some(120), total_ms: Some(900) },
                request_ids: vec!["req_stored".into()],
                ..Ended::default()
            },
            outcome: Ok(true),
            credential_source: None,
            position: 0,
            compare_group: None,
            events: vec![
                routeplay::store::TimedEvent { at_ms: 120, event: StreamEvent::TextDelta(answer.into()) },
                routeplay::store::TimedEvent { at_ms: 900, event: StreamEvent::Done },
            ],
            exchange: None,
        }
    }

    #[test]
    fn a_demo_script_replays_its_steps_in_order_one_key_at_a_time() {
        let mut app = routeplay::app::App::new(routeplay::app::Startup {
            script: Some(("pitch".into(), vec![11, 12])),
            ..routeplay::app::Startup::defaults(std::time::Instant::now())
        });
        assert_eq!(press(&mut app, "ctrl+n"), vec![Effect::LoadConversation { id: 11, whole_compare: true }]);
        assert!(app.notice.as_ref().unwrap().text.contains("step 1 of 2"));
        let effects = app.update(Msg::ConversationLoaded {
            at: std::time::Instant::now(),
            turns: Ok(vec![turn("one", "first answer")]),
        });
        assert!(matches!(effects.as_slice(), [Effect::Replay { .. }]), "{effects:?}");
        assert_eq!(press(&mut app, "ctrl+n"), vec![Effect::LoadConversation { id: 12, whole_compare: true }]);
        assert!(press(&mut app, "ctrl+n").is_empty());
        assert!(app.notice.as_ref().unwrap().text.contains("last step"));
        let mut plain = common::app();
        assert!(press(&mut plain, "ctrl+n").is_empty());
        assert!(plain.notice.as_ref().unwrap().text.contains("--script NAME"));
    }

    #[test]
    fn ctrl_p_replays_a_stored_conversation_as_a_labelled_replay_that_is_not_stored_again() {
        let mut app = app();
        press(&mut app, "f5");
        app.update(Msg::HistoryRows { query: String::new(), rows: Ok(vec![row(1, "first")]) });
        assert_eq!(press(&mut app, "ctrl+p"), vec![Effect::LoadConversation { id: 1, whole_compare: true }]);
        let effects = app.update(Msg::ConversationLoaded {
            at: std::time::Instant::now(),
            turns: Ok(vec![turn("one", "first answer")]),
        });
        let [Effect::Replay { steps, speed }] = effects.as_slice() else { panic!("{effects:?}") };
        assert!((speed - 1.0).abs() < f64::EPSILON, "recorded pace unless asked otherwise");
        let runs: Vec<_> = steps.iter().flatten().collect();
        assert_eq!((steps.len(), runs.len()), (1, 1));
        assert_eq!(runs[0].events.len(), 2);
        let run = runs[0].run;
        let state = app.runs.get(run).unwrap();
        assert!(state.replay && state.phase.is_live() && state.text.is_empty(), "it streams again from nothing");
        let t0 = Instant::now();
        let saved = [
            RunUpdate::Started,
            RunUpdate::Event(StreamEvent::TextDelta("first answer".into())),
            RunUpdate::Finished(Ok(())),
        ]
        .into_iter()
        .flat_map(|update| app.update(Msg::Run { run, at: t0, update }))
        .count();
        assert_eq!(saved, 0, "a replay is never written to the history again");
        assert_eq!(app.runs.get(run).unwrap().text, "first answer");
        assert_eq!(app.runs.get(run).unwrap().phase, Phase::Done);
    }

    #[test]
    fn f5_opens_the_history_and_typing_searches_as_you_type() {
        let mut app = app();
        assert_eq!(press(&mut app, "f5"), vec![Effect::QueryHistory { query: String::new() }]);
        assert!(matches!(app.overlay, Some(Overlay::History(_))));
        let effects: Vec<Effect> = "pen".chars().flat_map(|c| press(&mut app, &c.to_string())).collect();
        assert_eq!(effects.last(), Some(&Effect::QueryHistory { query: "pen".into() }));
        assert_eq!(app.prompt.text(), "", "typing went to the search, not the prompt");
    }

    #[test]
    fn rows_of_an_older_query_never_overwrite_a_newer_ones() {
        let mut app = app();
        press(&mut app, "f5");
        type_text(&mut app, "pen");
        app.update(Msg::HistoryRows { query: "pe".into(), rows: Ok(vec![row(1, "stale")]) });
        let Some(Overlay::History(view)) = &app.overlay else { panic!("the history is open") };
        assert!(view.rows.is_empty(), "the answer to \"pe\" came after \"pen\" was typed");
        app.update(Msg::HistoryRows { query: "pen".into(), rows: Ok(vec![row(2, "fresh")]) });
        let Some(Overlay::History(view)) = &app.overlay else { panic!("the history is open") };
        assert_eq!(view.rows.len(), 1);
        assert_eq!(view.rows[0].conversation, 2);
    }

    #[test]
    fn enter_opens_the_chosen_conversation() {
        let mut app = app();
        press(&mut app, "f5");
        app.update(Msg::HistoryRows { query: String::new(), rows: Ok(vec![row(1, "first"), row(2, "second")]) });
        press(&mut app, "down");
        assert_eq!(press(&mut app, "enter"), vec![Effect::LoadConversation { id: 2, whole_compare: true }]);
    }

    #[test]
    fn ctrl_r_takes_the_last_prompt_back_to_re_run_it_on_another_target_with_the_earlier_turns() {
        let mut app = app();
        press(&mut app, "f5");
        app.update(Msg::HistoryRows { query: String::new(), rows: Ok(vec![row(1, "first")]) });
        assert_eq!(press(&mut app, "ctrl+r"), vec![Effect::LoadConversation { id: 1, whole_compare: false }]);
        app.update(Msg::ConversationLoaded {
            at: std::time::Instant::now(),
            turns: Ok(vec![turn("one", "first answer"), LoadedTurn { position: 1, ..turn("two", "second answer") }]),
        });
        assert_eq!(app.prompt.text(), "two");
        assert_eq!(app.conversation.len(), 1, "the earlier turn stays as context");
        assert_eq!(app.focus, routeplay::app::focus::Focus::Targets, "choose the other target first");
        press(&mut app, "down"); // another model
        press(&mut app, "i");
        let effects = press(&mut app, "ctrl+s");
        let [Effect::StartRun { target, request, .. }, Effect::SaveRun { .. }] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(target.model, "emulator-thinking");
        assert_eq!(request.turns.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(), ["one", "first answer", "two"]);
    }

    #[test]
    fn f6_in_the_history_sends_the_last_prompt_to_every_compare_column_with_the_earlier_turns() {
        let mut app = app();
        press(&mut app, "tab");
        press(&mut app, "tab");
        press(&mut app, "a");
        press(&mut app, "down");
        press(&mut app, "a");
        press(&mut app, "f5");
        app.update(Msg::HistoryRows { query: String::new(), rows: Ok(vec![row(1, "first")]) });
        assert_eq!(press(&mut app, "f6"), vec![Effect::LoadConversation { id: 1, whole_compare: false }]);
        app.update(Msg::ConversationLoaded {
            at: std::time::Instant::now(),
            turns: Ok(vec![turn("one", "first answer"), LoadedTurn { position: 1, ..turn("two", "second answer") }]),
        });
        assert!(app.compare_shown);
        assert_eq!(app.prompt.text(), "two");
        let effects = press(&mut app, "ctrl+s");
        let requests: Vec<_> = effects
            .iter()
            .filter_map(|e| if let Effect::StartRun { request, .. } = e { Some(request) } else { None })
            .collect();
        assert_eq!(requests.len(), 2);
        for request in requests {
            assert_eq!(request.turns.len(), 3, "each column starts from the stored turns");
        }
    }

    #[test]
    fn a_loaded_conversation_replaces_the_transcript_and_the_next_prompt_continues_it() {
        let mut app = app();
        press(&mut app, "f5");
        app.update(Msg::ConversationLoaded {
            at: std::time::Instant::now(),
            turns: Ok(vec![turn("stored question", "stored answer")]),
        });
        assert!(app.overlay.is_none());
        let runs: Vec<_> = app.conversation_runs().collect();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].phase, Phase::Done);
        assert_eq!(runs[0].time_to_first_token(), Some(Duration::from_millis(120)));
        type_text(&mut app, "and then?");
        let effects = press(&mut app, "ctrl+s");
        let [Effect::StartRun { run, request, .. }, Effect::SaveRun { .. }] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(request.turns.len(), 3);
        assert_eq!(request.turns[1].text, "stored answer");
        assert_eq!(app.runs.get(*run).unwrap().stored_conversation, Some(77), "it is saved into the same conversation");
    }

    #[test]
    fn f8_asks_before_deleting_and_only_y_deletes() {
        let mut app = app();
        press(&mut app, "f5");
        app.update(Msg::HistoryRows { query: String::new(), rows: Ok(vec![row(1, "first"), row(2, "second")]) });
        press(&mut app, "down");
        assert!(press(&mut app, "f8").is_empty());
        assert!(press(&mut app, "n").is_empty(), "any other key keeps it");
        let Some(Overlay::History(view)) = &app.overlay else { panic!("still open") };
        assert_eq!(view.rows.len(), 2);
        press(&mut app, "f8");
        assert_eq!(press(&mut app, "y"), vec![Effect::DeleteConversation { id: 2, query: String::new() }]);
    }

    #[test]
    fn esc_closes_the_history_without_cancelling_anything() {
        let mut app = app();
        press(&mut app, "f5");
        assert!(press(&mut app, "esc").is_empty());
        assert!(app.overlay.is_none());
    }
}

#[test]
fn a_model_given_at_start_stays_chosen_in_demo_mode() {
    let mut startup_app = {
        let mut app = app();
        // Built as `routeplay --demo --route bedrock-converse --model …` builds it.
        app.targets = routeplay::app::targets::TargetsState::new(
            &routeplay::models::Catalog::builtin(),
            RouteId::BedrockConverse,
            Some("us.anthropic.emulator-thinking-v1:0"),
        );
        app.targets.show_demo_models(true);
        app
    };
    assert_eq!(startup_app.targets.target().model, "us.anthropic.emulator-thinking-v1:0");
    startup_app.targets.show_demo_models(false);
    assert_eq!(startup_app.targets.target().model, "us.anthropic.emulator-thinking-v1:0");
}

#[test]
fn an_answer_stopped_by_max_tokens_finishes_cut_short_not_done() {
    let mut app = app();
    let run = started_run(&mut app, "Explain routes at length");
    let t0 = Instant::now();
    stream_answer(&mut app, run, t0, "Routes differ in");
    send(&mut app, run, t0, RunUpdate::Event(StreamEvent::StopReason(StopReason::MaxTokens)));
    send(&mut app, run, t0, RunUpdate::Finished(Ok(())));
    let state = app.runs.get(run).unwrap();
    assert_eq!(state.phase, Phase::Done, "a partial answer is still an answer, kept and saved as one");
    let limit = stop_note::cut_short(state).expect("cut short");
    assert_eq!(limit, stop_note::Limit::MaxTokens(Some(state.params.max_tokens)));
    assert_eq!(limit.mark(), "⚠ stopped at max_tokens");
    assert_eq!(stop_note::no_text(state), None, "it has text");
}

#[test]
fn a_retry_before_the_first_byte_is_kept_with_its_status_and_wait() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    let t0 = Instant::now();
    send(&mut app, run, t0, RunUpdate::Started);
    let reason = "HTTP 503 ServiceUnavailableException: Bedrock is unable to process your request.".to_owned();
    send(&mut app, run, t0, RunUpdate::Retrying { attempt: 1, delay: Duration::from_millis(420), reason });
    let state = app.runs.get(run).unwrap();
    assert_eq!(
        state.retries,
        ["retry 1 in 0.4 s: HTTP 503 ServiceUnavailableException: Bedrock is unable to process your request."]
    );
    assert!(state.phase.is_live(), "a retry does not end the run");
}

#[test]
fn a_run_cancelled_by_a_key_ends_at_that_keys_time_not_at_a_clock_update_reads() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    let t0 = Instant::now();
    send(&mut app, run, t0, RunUpdate::Started);
    let pressed = t0 + Duration::from_secs(5);
    app.update(Msg::Key { key: common::key("esc"), at: pressed });
    let state = app.runs.get(run).expect("the run");
    assert_eq!(state.phase, Phase::Cancelled);
    assert_eq!(state.timings.ended, Some(pressed));
}

#[test]
fn a_rate_needs_a_meaningful_sample_and_output_counts_while_streaming() {
    let mut app = app();
    let run = started_run(&mut app, "hi");
    let t0 = Instant::now();
    send(&mut app, run, t0, RunUpdate::Started);
    send(&mut app, run, t0, RunUpdate::Event(StreamEvent::TextDelta("a".into())));
    send(&mut app, run, t0 + Duration::from_micros(10), RunUpdate::Event(StreamEvent::TextDelta("b".into())));
    let state = app.runs.get(run).unwrap();
    assert_eq!(state.tokens_per_second(), None, "two tokens in a burst are no rate");
    assert_eq!(state.output_so_far(), 2, "output counts while streaming");
    for i in 1..=10 {
        let at = t0 + Duration::from_millis(100 * i);
        send(&mut app, run, at, RunUpdate::Event(StreamEvent::TextDelta("c".into())));
    }
    let rate = app.runs.get(run).unwrap().tokens_per_second().expect("12 tokens over a second");
    assert!((rate - 12.0).abs() < 0.01, "{rate}");
}
