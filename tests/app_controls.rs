//! The request controls in the playground: set in the F4 parameters line, sent with the run,
//! and shown with what the service said it did (the tier served, a guardrail's verdict, cache
//! and thinking tokens) in the inspector, the transcript and the latest-run pane.

mod common;

use common::{app, press, screen, type_text};
use routeplay::app::App;
use routeplay::app::msg::{Msg, RunId};
use routeplay::app::prompt::parse_params;
use routeplay::routes::capture::{CredentialView, SentRequest};
use routeplay::routes::controls::ThinkingMode;
use routeplay::routes::event::{GuardrailVerdict, RunUpdate, StopReason, StreamEvent, Usage};
use std::time::Instant;

/// Type `line`'s controls after the parameters F4 opens with, and apply them.
fn set_controls(app: &mut App, controls: &str) {
    press(app, "f4");
    type_text(app, &format!(" {controls}"));
    press(app, "enter");
}

/// Send a prompt and feed its run what a Bedrock route answering with a guardrail would.
fn guarded_run(app: &mut App) -> RunId {
    type_text(app, "hi");
    press(app, "ctrl+s");
    let run = *app.conversation.last().unwrap();
    let at = Instant::now();
    let sent = SentRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:4321/model/m/converse-stream".into(),
        headers: vec![("content-type".into(), "application/json".into())],
        body: r#"{"messages":[]}"#.into(),
        signing: None,
        credential: CredentialView { source: "emulator".into(), expires_in_secs: None },
    };
    let verdict = GuardrailVerdict { intervened: true, assessment: vec!["contentPolicy VIOLENCE: BLOCKED".into()] };
    let usage = Usage {
        input_tokens: Some(12),
        output_tokens: Some(30),
        cache_read_tokens: Some(1_200),
        cache_write_tokens: Some(0),
        thinking_tokens: Some(20),
    };
    let updates = [
        RunUpdate::Started,
        RunUpdate::Sent(Box::new(sent)),
        RunUpdate::Responded { status: 200, request_id: Some("req-1".into()) },
        RunUpdate::Event(StreamEvent::Served { service_tier: Some("flex".into()), latency: Some("optimized".into()) }),
        RunUpdate::Event(StreamEvent::TextDelta("Sorry, I can't help with that.".into())),
        RunUpdate::Event(StreamEvent::Guardrail(verdict)),
        RunUpdate::Event(StreamEvent::Usage(usage)),
        RunUpdate::Event(StreamEvent::StopReason(StopReason::GuardrailIntervened)),
        RunUpdate::Event(StreamEvent::Done),
        RunUpdate::Finished(Ok(())),
    ];
    for update in updates {
        app.update(Msg::Run { run, at, update });
    }
    run
}

#[test]
fn controls_typed_in_f4_are_the_prompts_and_go_with_the_next_run() {
    let mut app = app();
    set_controls(&mut app, "thinking=2048 top_k=40 cache=on guardrail=abc1:2 tier=flex meta.team=ml");
    let controls = &app.prompt.params.controls;
    assert_eq!(controls.thinking, ThinkingMode::Budget(2048));
    assert_eq!(controls.top_k, Some(40));
    assert!(controls.cache);
    assert_eq!(controls.guardrail.as_ref().map(ToString::to_string).as_deref(), Some("abc1:2"));
    assert_eq!(controls.metadata.get("team").map(String::as_str), Some("ml"));
    assert!(app.notice.as_ref().unwrap().text.contains("think 2048 · top_k 40 · cache"), "{:?}", app.notice);
    let run = guarded_run(&mut app);
    assert_eq!(app.runs.get(run).unwrap().params.controls, app.prompt.params.controls);
    // F4 opens on the same line, so the controls can be edited rather than retyped.
    press(&mut app, "f4");
    let Some(routeplay::app::Overlay::Editor(editor)) = &app.overlay else { panic!("no editor") };
    assert_eq!(parse_params(&editor.value()).unwrap(), app.prompt.params);
}

#[test]
fn a_bad_control_keeps_the_dialog_open_with_the_field_named() {
    let mut app = app();
    set_controls(&mut app, "top_k=many");
    let Some(routeplay::app::Overlay::Editor(editor)) = &app.overlay else { panic!("the dialog closed") };
    let error = editor.error.as_deref().unwrap_or_default();
    assert!(error.starts_with("top_k:"), "{error}");
    assert_eq!(app.prompt.params.controls.top_k, None);
}

#[test]
fn the_inspector_shows_the_controls_sent_the_tier_served_and_the_guardrails_verdict() {
    let mut app = app();
    set_controls(&mut app, "thinking=2048 top_k=40 guardrail=abc1:2");
    guarded_run(&mut app);
    press(&mut app, "f9");
    let shown = screen(&mut app, 120, 40, Instant::now());
    for needle in [
        "Controls and what was served",
        "controls: think 2048 · top_k 40 · guardrail abc1:2",
        "served: tier flex · latency optimized",
        "guardrail: INTERVENED: contentPolicy VIOLENCE: BLOCKED",
        "tokens: cache read 1200 · cache write 0 · thinking 20",
        "stop: guardrail_intervened (a guardrail blocked the input or the output)",
    ] {
        assert!(shown.contains(needle), "{needle}:\n{shown}");
    }
}

#[test]
fn the_transcript_footer_and_the_latest_run_pane_say_the_same() {
    let mut app = app();
    set_controls(&mut app, "thinking=adaptive top_k=5");
    guarded_run(&mut app);
    let narrow = screen(&mut app, 80, 24, Instant::now());
    assert!(narrow.contains("served tier flex"), "{narrow}");
    assert!(narrow.contains("guardrail INTERVENED"), "{narrow}");
    let wide = screen(&mut app, 200, 50, Instant::now());
    assert!(wide.contains("controls: think adaptive · top_k 5"), "{wide}");
    assert!(wide.contains("cache read 1200 · cache write 0"), "{wide}");
}

#[test]
fn the_controls_survive_a_restart_in_the_state_file() {
    use routeplay::config::state_file::{SessionState, parse, render};
    use routeplay::routes::{Places, RouteId};
    let line = "max_tokens=64 thinking=2048 effort=low top_k=40 cache=on guardrail=abc1:2 tier=flex \
                latency=optimized meta.team=ml";
    let params = parse_params(line).unwrap();
    let state = SessionState {
        route: RouteId::BedrockConverse,
        model: "anthropic.claude-x".into(),
        custom_model: true,
        places: Places::default(),
        system: String::new(),
        params: params.clone(),
        theme: "dark".into(),
        conversation: None,
    };
    let text = render(&state);
    assert_eq!(parse(&text).unwrap().params, params, "{text}");
    let adaptive = SessionState { params: parse_params("max_tokens=9 thinking=adaptive").unwrap(), ..state };
    assert_eq!(parse(&render(&adaptive)).unwrap().params, adaptive.params);
}
