//! Opening and replaying stored compares, and the replay speed: a compare comes back as its
//! columns (whether the playground stored it, a conversation per column, or `routeplay
//! compare` did, every run at one position), and a replay streams the columns together.

mod common;

use common::{app, press};
use routeplay::app::effect::Effect;
use routeplay::app::history::{HistoryRow, LoadedTurn};
use routeplay::app::msg::Msg;
use routeplay::routes::event::{StopReason, StreamEvent};
use routeplay::routes::{RouteId, Target};
use routeplay::store::{Ended, TimedEvent, Timings};
use std::time::Duration;

fn row(conversation: i64) -> HistoryRow {
    HistoryRow { conversation, title: "stored".into(), detail: "emulator · done".into(), ..HistoryRow::default() }
}

/// A stored turn of `conversation` at `position`, one column of compare group 5.
fn column_turn(conversation: i64, position: u32, route: RouteId, answer: &str) -> LoadedTurn {
    LoadedTurn {
        conversation,
        target: Target::new(route, format!("{route}-model")),
        prompt: format!("prompt {position}"),
        attachments: Vec::new(),
        ended: Ended {
            answer: answer.into(),
            stop_reason: Some(StopReason::EndTurn),
            timings: Timings { credential_ms: None, first_token_ms: Some(50), total_ms: Some(400) },
            ..Ended::default()
        },
        outcome: Ok(true),
        credential_source: None,
        position,
        compare_group: Some(5 + i64::from(position)),
        events: vec![
            TimedEvent { at_ms: 50, event: StreamEvent::TextDelta(answer.into()) },
            TimedEvent { at_ms: 400, event: StreamEvent::Done },
        ],
        exchange: None,
    }
}

fn open_history(app: &mut routeplay::app::App) {
    press(app, "f5");
    app.update(Msg::HistoryRows { query: String::new(), rows: Ok(vec![row(1)]) });
}

#[test]
fn a_stored_compare_replays_in_the_compare_view_each_turn_with_its_columns_together() {
    let mut app = app();
    open_history(&mut app);
    press(&mut app, "ctrl+f");
    assert!(app.notice.as_ref().unwrap().text.contains("2× speed"), "{:?}", app.notice);
    assert_eq!(press(&mut app, "ctrl+p"), vec![Effect::LoadConversation { id: 1, whole_compare: true }]);
    // The playground stores each column as a conversation: 1 and 2, two turns each.
    let turns = vec![
        column_turn(1, 0, RouteId::Emulator, "e0"),
        column_turn(1, 1, RouteId::Emulator, "e1"),
        column_turn(2, 0, RouteId::Anthropic, "a0"),
        column_turn(2, 1, RouteId::Anthropic, "a1"),
    ];
    let effects = app.update(Msg::ConversationLoaded { at: std::time::Instant::now(), turns: Ok(turns) });
    let [Effect::Replay { steps, speed }] = effects.as_slice() else { panic!("{effects:?}") };
    assert!((speed - 2.0).abs() < f64::EPSILON);
    assert_eq!(steps.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2], "each turn's two columns play together");
    assert!(app.compare_shown);
    let routes: Vec<RouteId> = app.compare.columns.iter().map(|column| column.target.route).collect();
    assert_eq!(routes, [RouteId::Emulator, RouteId::Anthropic]);
    for (step, column_runs) in steps.iter().zip([[0, 0], [1, 1]]) {
        for (replay, (column, index)) in step.iter().zip(app.compare.columns.iter().zip(column_runs)) {
            assert_eq!(replay.run, column.runs[index], "the step's runs are the columns' runs of that turn");
            assert!(app.runs.get(replay.run).unwrap().replay, "labelled as a replay");
        }
    }
    let group = |run| app.runs.get(run).unwrap().compare_group;
    let first_turn: Vec<_> = app.compare.columns.iter().map(|column| group(column.runs[0])).collect();
    assert!(first_turn[0].is_some() && first_turn[0] == first_turn[1], "one compare group per turn");
}

#[test]
fn a_compare_stored_by_routeplay_compare_opens_as_columns_to_continue() {
    let mut app = app();
    open_history(&mut app);
    assert_eq!(press(&mut app, "enter"), vec![Effect::LoadConversation { id: 1, whole_compare: true }]);
    let turns = vec![
        column_turn(1, 0, RouteId::Emulator, "e0"),
        column_turn(1, 0, RouteId::BedrockConverse, "c0"),
        column_turn(1, 0, RouteId::GeminiApi, "g0"),
    ];
    let effects = app.update(Msg::ConversationLoaded { at: std::time::Instant::now(), turns: Ok(turns) });
    assert!(effects.is_empty(), "{effects:?}");
    assert!(app.compare_shown);
    assert_eq!(app.compare.columns.len(), 3);
    let answers: Vec<String> =
        app.compare.columns.iter().map(|column| app.runs.get(column.runs[0]).unwrap().text.clone()).collect();
    assert_eq!(answers, ["e0", "c0", "g0"]);
    assert!(app.notice.as_ref().unwrap().text.contains("stored compare of 3 columns"));
}

#[test]
fn rerunning_a_compare_column_loads_only_its_own_conversation() {
    let mut app = app();
    open_history(&mut app);
    assert_eq!(press(&mut app, "ctrl+r"), vec![Effect::LoadConversation { id: 1, whole_compare: false }]);
}

#[test]
fn the_replay_speed_cycles_and_comes_back_to_the_recorded_pace() {
    let mut app = app();
    open_history(&mut app);
    let mut seen = Vec::new();
    for _ in 0..5 {
        press(&mut app, "ctrl+f");
        seen.push(app.replay_speed);
    }
    assert_eq!(seen, [2.0, 4.0, 10.0, 0.5, 1.0]);
    assert!(app.notice.as_ref().unwrap().text.contains("recorded pace"));
}

#[test]
fn a_run_opened_from_the_history_or_replayed_inspects_as_it_did_live() {
    use routeplay::app::Overlay;
    use routeplay::routes::capture::{CredentialView, Exchange, SentRequest};
    let mut exchange = Exchange::default();
    exchange.sent(Box::new(SentRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:9/v1/messages".into(),
        headers: Vec::new(),
        body: "{}".into(),
        signing: None,
        credential: CredentialView::default(),
    }));
    exchange.status = Some(200);
    for purpose in ["enter", "ctrl+p"] {
        let mut app = app();
        open_history(&mut app);
        press(&mut app, purpose);
        let turn = LoadedTurn {
            compare_group: None,
            exchange: Some(Box::new(exchange.clone())),
            ..column_turn(1, 0, RouteId::Anthropic, "stored")
        };
        app.update(Msg::ConversationLoaded { at: std::time::Instant::now(), turns: Ok(vec![turn]) });
        press(&mut app, "f9");
        let Some(Overlay::Inspector { run, .. }) = app.overlay else { panic!("{purpose}: the inspector opens") };
        assert_eq!(app.runs.get(run).unwrap().exchange, exchange, "{purpose}");
    }
}

/// A run recorded live, its deltas merged in its event log, and played back: each text arrives
/// when it first arrived live (merged deltas together, at the first one's time), and the
/// replay ends with the same answer and thinking.
#[tokio::test(start_paused = true)]
async fn a_recorded_run_replays_at_its_live_pace_with_its_merged_deltas_together() {
    use routeplay::app::effect::ReplayRun;
    use routeplay::app::runs::Run;
    use routeplay::routes::event::RunUpdate;
    use std::time::Instant;

    let target = Target::new(RouteId::Emulator, "emulator-sonnet");
    let mut live = Run::new(routeplay::app::msg::RunId(1), target.clone(), "p".into());
    let t0 = Instant::now();
    live.apply(t0, RunUpdate::Started);
    let deltas = [
        (0, StreamEvent::ThinkingDelta("hm".into())),
        (2, StreamEvent::ThinkingDelta("m".into())),
        (3, StreamEvent::TextDelta("He".into())),
        (5, StreamEvent::TextDelta("llo".into())),
        (40, StreamEvent::TextDelta(" wor".into())),
        (41, StreamEvent::TextDelta("ld".into())),
        (500, StreamEvent::TextDelta("!".into())),
        (500, StreamEvent::Done),
    ];
    for (ms, event) in deltas {
        live.apply(t0 + Duration::from_millis(ms), RunUpdate::Event(event));
    }
    live.apply(t0 + Duration::from_millis(501), RunUpdate::Finished(Ok(())));
    let events: Vec<TimedEvent> = live.events.timed(&live.text, &live.thinking);
    assert_eq!(events.len(), 5, "{events:?}");

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let replay = ReplayRun { run: routeplay::app::msg::RunId(2), events, ending: Ok(()) };
    routeplay::player::play(tx, vec![vec![replay]], 1.0).await;
    let mut replayed = Run::new(routeplay::app::msg::RunId(2), target, "p".into());
    let (mut started, mut arrivals) = (None, Vec::new());
    while let Ok(Msg::Run { at, update, .. }) = rx.try_recv() {
        let since = at.duration_since(*started.get_or_insert(at));
        if let RunUpdate::Event(StreamEvent::TextDelta(text) | StreamEvent::ThinkingDelta(text)) = &update {
            arrivals.push((since.as_millis(), text.clone()));
        }
        replayed.apply(at, update);
    }
    let expected = [(0, "hmm"), (3, "Hello"), (40, " world"), (500, "!")];
    assert_eq!(arrivals, expected.map(|(ms, text)| (ms, text.to_owned())));
    assert_eq!((replayed.text.as_str(), replayed.thinking.as_str()), ("Hello world!", "hmm"));
}
