//! The history overlay and demo scripts, through `App::update`: a conversation opened over the
//! compare view replaces it and takes the conversation's route, model and place; every script
//! step shows its own view. Time comes in the messages.

mod common;

use common::{app, press, type_text};
use routeplay::app::effect::Effect;
use routeplay::app::history::{HistoryRow, LoadedTurn};
use routeplay::app::msg::Msg;
use routeplay::routes::event::{StopReason, StreamEvent};
use routeplay::routes::{Place, RouteId, Target};
use routeplay::store::{Ended, TimedEvent, Timings};
use std::time::{Duration, Instant};

fn row(conversation: i64) -> HistoryRow {
    HistoryRow {
        conversation,
        title: "stored".into(),
        detail: "bedrock-converse · done".into(),
        ..HistoryRow::default()
    }
}

fn eu_converse() -> Target {
    Target {
        route: RouteId::BedrockConverse,
        model: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0".into(),
        place: Place::Aws { region: Some("eu-west-1".into()), profile: Some("work".into()) },
    }
}

fn turn(target: Target, prompt: &str, answer: &str) -> LoadedTurn {
    LoadedTurn {
        conversation: 41,
        target,
        prompt: prompt.into(),
        attachments: Vec::new(),
        ended: Ended {
            answer: answer.into(),
            stop_reason: Some(StopReason::EndTurn),
            timings: Timings { credential_ms: None, first_token_ms: Some(100), total_ms: Some(400) },
            ..Ended::default()
        },
        outcome: Ok(true),
        credential_source: None,
        position: 0,
        compare_group: None,
        events: vec![
            TimedEvent { at_ms: 100, event: StreamEvent::TextDelta(answer.into()) },
            TimedEvent { at_ms: 400, event: StreamEvent::Done },
        ],
        exchange: None,
    }
}

#[test]
fn a_conversation_opened_over_the_compare_view_replaces_it_and_takes_its_target() {
    let t0 = Instant::now();
    let mut app = app();
    common::compare_two_emulator_models(&mut app);
    assert!(app.compare_shown && app.compare.columns.len() == 2);
    press(&mut app, "f5");
    app.update(Msg::HistoryRows { query: String::new(), rows: Ok(vec![row(41)]) });
    assert_eq!(press(&mut app, "enter"), vec![Effect::LoadConversation { id: 41, whole_compare: true }]);
    let at = t0 + Duration::from_secs(3);
    let effects = app.update(Msg::ConversationLoaded { at, turns: Ok(vec![turn(eu_converse(), "where?", "Ireland")]) });
    assert!(!app.compare_shown, "the conversation shows, not the compare");
    assert!(app.overlay.is_none());
    assert_eq!(app.targets.target(), eu_converse(), "route, model and place are the conversation's");
    let [Effect::CheckCredentials(check)] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(check.places.region.as_deref(), Some("eu-west-1"), "the new place's credentials are checked");
    assert_eq!(app.compare.columns.len(), 2, "the compare set is kept for later, only hidden");
    type_text(&mut app, "and then?");
    let effects = press(&mut app, "ctrl+s");
    let [Effect::StartRun { target, request, .. }, Effect::SaveRun { .. }] = effects.as_slice() else {
        panic!("one run, not one per compare column: {effects:?}")
    };
    assert_eq!(*target, eu_converse());
    assert_eq!(request.turns.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(), ["where?", "Ireland", "and then?"]);
}

#[test]
fn a_conversation_on_the_current_target_needs_no_new_credential_check() {
    let mut app = app();
    common::compare_two_emulator_models(&mut app);
    press(&mut app, "f5");
    let emulator = Target::new(RouteId::Emulator, "emulator-thinking");
    let effects = app.update(Msg::ConversationLoaded { at: Instant::now(), turns: Ok(vec![turn(emulator, "q", "a")]) });
    assert!(effects.is_empty(), "{effects:?}");
    assert!(!app.compare_shown);
    assert_eq!(app.targets.target().model, "emulator-thinking");
}

#[test]
fn the_history_states_its_active_filters_and_marks_compares_and_replays() {
    for (width, height) in [(80, 24), (200, 50)] {
        let mut app = app();
        press(&mut app, "f5");
        type_text(&mut app, "route:bedrock-converse since:2026-12-01 sigv4");
        let Some(routeplay::app::Overlay::History(view)) = &app.overlay else { panic!("the history is open") };
        assert_eq!(view.filter_line().as_deref(), Some("filter: route bedrock-converse · since 2026-12-01"));
        let query = view.query_text();
        let compare = HistoryRow { compare: true, replayable: true, title: "a compare".into(), ..row(1) };
        let plain = HistoryRow { title: "kept without events".into(), ..row(2) };
        app.update(Msg::HistoryRows { query, rows: Ok(vec![compare, plain]) });
        let screen = common::screen(&mut app, width, height, Instant::now());
        assert!(screen.contains("CR a compare") && screen.contains("   kept without events"), "{screen}");
        insta::assert_snapshot!(format!("history_filtered_{width}x{height}"), screen);
    }
}

#[test]
fn words_that_only_look_like_filters_state_no_filter() {
    let mut app = app();
    press(&mut app, "f5");
    type_text(&mut app, "anthropic.claude-3-haiku-v1:0 route: http://x");
    let Some(routeplay::app::Overlay::History(view)) = &app.overlay else { panic!("the history is open") };
    assert_eq!(view.filter_line(), None);
}

mod script {
    use super::*;

    fn presenting() -> routeplay::app::App {
        let mut app = routeplay::app::App::new(routeplay::app::Startup {
            script: Some(("pitch".into(), vec![11, 12, 13])),
            ..routeplay::app::Startup::defaults(Instant::now())
        });
        app.update(Msg::Resize { width: 80, height: 24 });
        app
    }

    fn column(conversation: i64, model: &str, prompt: &str) -> LoadedTurn {
        LoadedTurn {
            conversation,
            compare_group: Some(5),
            ..turn(Target::new(RouteId::Emulator, model), prompt, "answer")
        }
    }

    #[test]
    fn each_step_shows_its_own_view_and_is_titled_by_its_first_prompt() {
        let t0 = Instant::now();
        let mut app = presenting();
        press(&mut app, "ctrl+n");
        let compare = vec![column(1, "emulator-sonnet", "Same model, two routes"), column(2, "emulator-thinking", "x")];
        app.update(Msg::ConversationLoaded { at: t0, turns: Ok(compare) });
        assert!(app.compare_shown, "step 1 is a compare");
        let script = app.script.as_ref().unwrap();
        assert_eq!((script.next, script.title.as_deref()), (1, Some("Same model, two routes")));
        press(&mut app, "ctrl+n");
        let single = turn(Target::new(RouteId::Emulator, "emulator-sonnet"), "\n  One run, alone\nmore", "a");
        let effects = app.update(Msg::ConversationLoaded { at: t0 + Duration::from_secs(9), turns: Ok(vec![single]) });
        assert!(matches!(effects.last(), Some(Effect::Replay { .. })), "step 1's replay stops, step 2's plays");
        assert!(!app.compare_shown, "step 2 replays a single run in the transcript, not over step 1's compare");
        assert_eq!(app.script.as_ref().unwrap().title.as_deref(), Some("One run, alone"));
    }

    #[test]
    fn a_step_that_fails_to_load_has_no_title_and_a_later_history_replay_gives_it_none() {
        let mut app = presenting();
        press(&mut app, "ctrl+n");
        app.update(Msg::ConversationLoaded { at: Instant::now(), turns: Err("conversation 11 is gone".into()) });
        assert_eq!(app.script.as_ref().unwrap().title, None);
        app.update(Msg::ConversationLoaded { at: Instant::now(), turns: Ok(vec![turn(eu_converse(), "other", "a")]) });
        assert_eq!(app.script.as_ref().unwrap().title, None, "only a step's own conversation titles it");
    }

    #[test]
    fn the_presenter_line_shows_the_badge_the_step_its_title_and_the_next_key() {
        for (width, height) in [(80, 24), (200, 50)] {
            let t0 = Instant::now();
            let mut app = presenting();
            press(&mut app, "ctrl+n");
            let single = turn(Target::new(RouteId::Emulator, "emulator-sonnet"), "Why routes differ on the wire", "a");
            app.update(Msg::ConversationLoaded { at: t0, turns: Ok(vec![single]) });
            let screen = common::screen(&mut app, width, height, t0 + Duration::from_secs(1));
            assert!(screen.contains("DEMO  step 1/3"), "{screen}");
            assert!(screen.contains("ctrl+n next"), "{screen}");
            insta::assert_snapshot!(format!("presenter_{width}x{height}"), screen);
        }
    }

    #[test]
    fn demo_mode_alone_shows_the_badge_without_steps() {
        let mut demo = routeplay::app::App::new(routeplay::app::Startup {
            demo: true,
            ..routeplay::app::Startup::defaults(Instant::now())
        });
        let screen = common::screen(&mut demo, 80, 24, Instant::now());
        assert!(screen.contains(" DEMO ") && !screen.contains("step"), "{screen}");
        let plain = common::screen(&mut app(), 80, 24, Instant::now());
        assert!(!plain.contains(" DEMO "), "{plain}");
    }
}

#[test]
fn ctrl_e_in_the_history_exports_the_chosen_conversation_and_the_notice_names_the_files() {
    let mut app = app();
    press(&mut app, "f5");
    app.update(Msg::HistoryRows { query: String::new(), rows: Ok(vec![row(7), row(8)]) });
    press(&mut app, "down");
    assert_eq!(press(&mut app, "ctrl+e"), vec![Effect::ExportConversation { id: 8 }]);
    assert!(matches!(app.overlay, Some(routeplay::app::Overlay::History(_))), "the history stays open");
    app.update(Msg::Saved(Ok("exported to /d/exports/conversation-8.md and /d/exports/conversation-8.json".into())));
    assert!(app.notice.as_ref().unwrap().text.contains("conversation-8.md"));
}

#[test]
fn a_continued_conversation_sends_its_kept_files_again_and_says_when_none_were_kept() {
    use routeplay::routes::attachment::{Attachment, AttachmentKind};
    let file = |bytes: Option<&[u8]>| Attachment {
        name: "cat.png".into(),
        kind: AttachmentKind::Png,
        size: 4,
        sha256: "ab".into(),
        pixels: None,
        bytes: bytes.map(std::sync::Arc::from),
    };
    let continued = |stored_file: Attachment| {
        let mut app = app();
        let mut stored = turn(Target::new(RouteId::Emulator, "emulator-sonnet"), "what is this?", "a cat");
        stored.attachments = vec![stored_file];
        app.update(Msg::ConversationLoaded { at: Instant::now(), turns: Ok(vec![stored]) });
        let notice = app.notice.as_ref().map(|notice| notice.text.clone()).unwrap_or_default();
        type_text(&mut app, "and its colour?");
        let effects = press(&mut app, "ctrl+s");
        let request = effects.into_iter().find_map(|effect| match effect {
            Effect::StartRun { request, .. } => Some(request),
            _ => None,
        });
        (notice, request.expect("sent"))
    };
    let (notice, request) = continued(file(Some(b"\x89PNG")));
    assert_eq!(request.turns[0].attachments.len(), 1, "kept bytes go with their turn again");
    assert!(notice.contains("a prompt continues it"), "{notice}");
    let (notice, request) = continued(file(None));
    assert!(request.turns[0].attachments.is_empty());
    assert!(notice.contains("kept no bytes of 1 attached file") && notice.contains("keep_attachments"), "{notice}");
}
