//! The inspector drawn into a `TestBackend` and snapshotted, from a run whose capture is fixed
//! (a Converse request signed with SigV4, its event-stream answer in two reads): the overlay
//! at 80x24, decoded and as raw bytes at the stream, and the compare view's requests side by
//! side at 200x50.

mod common;

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use common::{app, press, screen, type_text};
use routeplay::app::App;
use routeplay::app::effect::Effect;
use routeplay::app::msg::{Msg, RunId};
use routeplay::routes::capture::{CredentialView, SentRequest, SigningView};
use routeplay::routes::event::{RunUpdate, StopReason, StreamEvent};
use routeplay::routes::{RouteId, Target};
use std::time::{Duration, Instant};

fn draw(app: &mut App, width: u16, height: u16, now: Instant) -> String {
    screen(app, width, height, now)
}

/// One Converse event-stream frame, as Bedrock sends it.
fn frame(event_type: &str, payload: &str) -> Vec<u8> {
    let header = |name: &str, value: &str| Header::new(name.to_owned(), HeaderValue::String(value.to_owned().into()));
    let headers = vec![
        header(":event-type", event_type),
        header(":content-type", "application/json"),
        header(":message-type", "event"),
    ];
    let mut bytes = Vec::new();
    write_message_to(&Message::new_from_parts(headers, payload.as_bytes().to_vec()), &mut bytes).unwrap();
    bytes
}

fn converse_request(url: &str) -> SentRequest {
    SentRequest {
        method: "POST".into(),
        url: url.into(),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-amz-date".into(), "20261126T120000Z".into()),
            (
                "authorization".into(),
                "AWS4-HMAC-SHA256 Credential=AKIA…MO01/20261126/us-east-1/bedrock/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date, Signature=5d1f"
                    .into(),
            ),
        ],
        body: r#"{"messages":[{"role":"user","content":[{"text":"Show me the wire"}]}],"inferenceConfig":{"maxTokens":64}}"#
            .into(),
        signing: Some(SigningView {
            service: "bedrock".into(),
            region: "us-east-1".into(),
            credential_scope: "20261126/us-east-1/bedrock/aws4_request".into(),
            signed_headers: vec!["content-type".into(), "host".into(), "x-amz-date".into()],
            canonical_request: "POST\n/model/m/converse-stream\n\ncontent-type:application/json\n".into(),
            string_to_sign: "AWS4-HMAC-SHA256\n20261126T120000Z\n20261126/us-east-1/bedrock/aws4_request\nab12".into(),
            signature: "5d1f".into(),
        }),
        credential: CredentialView { source: "profile dev (sso)".into(), expires_in_secs: None },
    }
}

/// Feed `run` a captured exchange on a Bedrock runtime route (Converse's frames either way):
/// sent at `t0`, two reads, then its events.
fn converse_exchange(app: &mut App, run: RunId, t0: Instant) {
    let route = app.runs.get(run).unwrap().target.route;
    let operation = if route == RouteId::BedrockInvoke { "invoke-with-response-stream" } else { "converse-stream" };
    let url = format!("https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-v1%3A0/{operation}");
    let at = |ms| t0 + Duration::from_millis(ms);
    let first = [
        frame("messageStart", r#"{"role":"assistant"}"#),
        frame("contentBlockDelta", r#"{"contentBlockIndex":0,"delta":{"text":"Signed"}}"#),
    ]
    .concat();
    let second = frame("messageStop", r#"{"stopReason":"end_turn"}"#);
    let updates = [
        (0, RunUpdate::Started),
        (0, RunUpdate::Sent(Box::new(converse_request(&url)))),
        (120, RunUpdate::Responded { status: 200, request_id: Some("5c1e-request".into()) }),
        (
            120,
            RunUpdate::ResponseHeaders(vec![
                ("content-type".into(), "application/vnd.amazon.eventstream".into()),
                ("x-amzn-requestid".into(), "5c1e-request".into()),
            ]),
        ),
        (180, RunUpdate::Chunk(first.into())),
        (180, RunUpdate::Event(StreamEvent::TextDelta("Signed".into()))),
        (260, RunUpdate::Chunk(second.into())),
        (260, RunUpdate::Event(StreamEvent::StopReason(StopReason::EndTurn))),
        (260, RunUpdate::Event(StreamEvent::Done)),
        (260, RunUpdate::Finished(Ok(()))),
    ];
    for (ms, update) in updates {
        app.update(Msg::Run { run, at: at(ms), update });
    }
}

#[test]
fn the_inspector_shows_the_signed_request_and_the_stream_frame_by_frame() {
    let t0 = Instant::now();
    let mut app = app();
    type_text(&mut app, "Show me the wire");
    let effects = press(&mut app, "ctrl+s");
    let Some(Effect::StartRun { run, .. }) = effects.first() else { panic!("{effects:?}") };
    app.runs.get_mut(*run).unwrap().target = Target::new(RouteId::BedrockConverse, "anthropic.claude-v1:0");
    converse_exchange(&mut app, *run, t0);
    press(&mut app, "f9");
    insta::assert_snapshot!("inspector_request_80x24", draw(&mut app, 80, 24, t0));
    press(&mut app, "end");
    insta::assert_snapshot!("inspector_stream_decoded_80x24", draw(&mut app, 80, 24, t0));
    press(&mut app, "r");
    press(&mut app, "end");
    insta::assert_snapshot!("inspector_stream_raw_80x24", draw(&mut app, 80, 24, t0));
}

#[test]
fn the_compare_view_sets_the_requests_side_by_side() {
    let t0 = Instant::now();
    let mut app = app();
    app.compare.add(Target::new(RouteId::BedrockConverse, "anthropic.claude-v1:0")).unwrap();
    app.compare.add(Target::new(RouteId::BedrockInvoke, "anthropic.claude-v1:0")).unwrap();
    app.compare_shown = true;
    type_text(&mut app, "Show me the wire");
    let runs: Vec<RunId> = press(&mut app, "ctrl+s")
        .into_iter()
        .filter_map(|e| if let Effect::StartRun { run, .. } = e { Some(run) } else { None })
        .collect();
    for run in &runs {
        converse_exchange(&mut app, *run, t0);
    }
    press(&mut app, "tab"); // from the prompt to the output pane
    press(&mut app, "v");
    insta::assert_snapshot!("compare_requests_200x50", draw(&mut app, 200, 50, t0));
    insta::assert_snapshot!("compare_requests_80x24", draw(&mut app, 80, 24, t0));
}
