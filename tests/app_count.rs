//! Counting the next request's tokens in the playground (`alt+t` in the prompt): the runtime is
//! asked to count exactly the request a send would build, and the answer (or why there is
//! none) shows in the status line, or under each compare column's header until the next send.

mod common;

use common::{app, compare_two_emulator_models, press, screen, type_text};
use routeplay::app::App;
use routeplay::app::effect::Effect;
use routeplay::app::msg::Msg;
use routeplay::app::token_count::CountAnswer;
use routeplay::routes::attachment::{Attachment, AttachmentKind};
use routeplay::routes::event::{RunUpdate, StreamEvent};
use routeplay::routes::request::ChatRequest;
use std::sync::Arc;
use std::time::Instant;

/// The `CountTokens` effects among `effects`: (ask, column, request).
fn counts(effects: Vec<Effect>) -> Vec<(u64, Option<usize>, ChatRequest)> {
    effects
        .into_iter()
        .filter_map(|effect| match effect {
            Effect::CountTokens { ask, column, request, .. } => Some((ask, column, request)),
            _ => None,
        })
        .collect()
}

fn counted(app: &mut App, ask: u64, column: Option<usize>, tokens: u64, model: &str) {
    let answer = CountAnswer { input_tokens: tokens, counted_model: model.into() };
    app.update(Msg::TokensCounted { ask, column, result: Ok(answer) });
}

fn notice(app: &App) -> (String, bool) {
    let notice = app.notice.as_ref().expect("a notice");
    (notice.text.clone(), notice.is_error)
}

/// A conversation with one answered turn, a system prompt, controls and a file attached.
fn app_with_everything() -> App {
    let mut app = app();
    type_text(&mut app, "first question");
    let run = press(&mut app, "ctrl+s")
        .into_iter()
        .find_map(|effect| match effect {
            Effect::StartRun { run, .. } => Some(run),
            _ => None,
        })
        .unwrap();
    for update in [
        RunUpdate::Started,
        RunUpdate::Event(StreamEvent::TextDelta("first answer".into())),
        RunUpdate::Event(StreamEvent::Done),
        RunUpdate::Finished(Ok(())),
    ] {
        app.update(Msg::Run { run, at: Instant::now(), update });
    }
    app.prompt.system = "Be brief.".into();
    app.prompt.params = routeplay::app::prompt::parse_params("max_tokens=300 top_k=40 cache=on").unwrap();
    app.update(Msg::Attached(Ok(Attachment {
        name: "dot.png".into(),
        kind: AttachmentKind::Png,
        size: 4,
        sha256: "ab".repeat(32),
        pixels: Some((1, 1)),
        bytes: Some(Arc::from(vec![0_u8; 4])),
    })));
    type_text(&mut app, "second question");
    app
}

#[test]
fn alt_t_counts_exactly_the_request_the_next_send_would_make() {
    let mut app = app();
    assert!(counts(press(&mut app, "alt+t")).is_empty(), "nothing to count without a prompt");
    assert!(notice(&app).1 && notice(&app).0.contains("type a prompt first"), "{:?}", notice(&app));

    let mut app = app_with_everything();
    let asked = counts(press(&mut app, "alt+t"));
    assert_eq!(asked.len(), 1, "one count, of the chosen target");
    let (_, column, counted_request) = &asked[0];
    assert_eq!(*column, None);
    assert_eq!(notice(&app).0, "counting input tokens on emulator…");
    assert_eq!(app.prompt.text(), "second question", "counting leaves the prompt as typed");
    let sent = press(&mut app, "ctrl+s")
        .into_iter()
        .find_map(|effect| match effect {
            Effect::StartRun { request, .. } => Some(request),
            _ => None,
        })
        .unwrap();
    assert_eq!(*counted_request, sent, "the count is of the very request the send makes");
    assert_eq!(sent.turns.len(), 3, "the conversation so far and the prompt: {:?}", sent.turns);
    assert_eq!(sent.turns[2].attachments.len(), 1);
    assert_eq!(sent.system.as_deref(), Some("Be brief."));
    assert_eq!(sent.params.controls.top_k, Some(40));
}

#[test]
fn the_count_and_its_input_cost_show_in_the_status_line() {
    let mut app = app_with_everything();
    let (ask, ..) = counts(press(&mut app, "alt+t")).remove(0);
    counted(&mut app, ask, None, 1234, "emulator-sonnet");
    let (text, is_error) = notice(&app);
    assert!(!is_error);
    assert!(text.starts_with("≈ 1,234 input tokens on emulator · input "), "{text}");
    assert!(!text.contains("counted as"), "the model counted is the one chosen: {text}");
    let shown = screen(&mut app, 120, 30, Instant::now());
    assert!(shown.contains("≈ 1,234 input tokens on emulator"), "{shown}");

    // A route that counts the bare foundation id says so.
    let (ask, ..) = counts(press(&mut app, "alt+t")).remove(0);
    counted(&mut app, ask, None, 7, "anthropic.emulator-sonnet-v1:0");
    assert!(notice(&app).0.contains("≈ 7 input tokens on emulator (counted as anthropic.emulator-sonnet-v1:0)"));
}

#[test]
fn a_route_that_cannot_count_is_named_with_why() {
    let mut app = app_with_everything();
    let (ask, ..) = counts(press(&mut app, "alt+t")).remove(0);
    let why = "emulator · emulator-sonnet: HTTP 404: no token-counting endpoint for this model";
    app.update(Msg::TokensCounted { ask, column: None, result: Err(why.into()) });
    let (text, is_error) = notice(&app);
    assert!(is_error, "{text}");
    assert_eq!(text, format!("token count on emulator failed: {why}"));
}

#[test]
fn an_answer_to_an_older_count_or_from_before_a_send_is_dropped() {
    let mut app = app_with_everything();
    let (first, ..) = counts(press(&mut app, "alt+t")).remove(0);
    let (second, ..) = counts(press(&mut app, "alt+t")).remove(0);
    assert_ne!(first, second);
    counted(&mut app, first, None, 1, "emulator-sonnet");
    assert_eq!(notice(&app).0, "counting input tokens on emulator…", "the older answer is not shown");
    press(&mut app, "ctrl+s");
    counted(&mut app, second, None, 2, "emulator-sonnet");
    assert!(app.counts.prompt.is_none(), "a send forgets the count");
    assert!(!app.notice.as_ref().is_some_and(|notice| notice.text.contains("≈ 2 input tokens")));
}

#[test]
fn in_the_compare_view_each_column_counts_its_own_request_and_shows_it_until_the_next_send() {
    let mut app = app();
    compare_two_emulator_models(&mut app);
    app.compare.columns[1].params = Some(routeplay::app::prompt::parse_params("max_tokens=77 top_k=5").unwrap());
    type_text(&mut app, "compare me");
    let mut effects = press(&mut app, "alt+t");
    let targets: Vec<_> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::CountTokens { target, .. } => Some(target.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(targets, [app.compare.columns[0].target.clone(), app.compare.columns[1].target.clone()]);
    let asked = counts(std::mem::take(&mut effects));
    assert_eq!(asked.iter().map(|(_, column, _)| *column).collect::<Vec<_>>(), [Some(0), Some(1)]);
    assert_eq!(asked[1].2.params.max_tokens, 77, "the column's own parameters are counted");
    assert_eq!(asked[0].2.params.max_tokens, 1024);
    let ask = asked[0].0;
    let model = app.compare.columns[0].target.model.clone();
    counted(&mut app, ask, Some(0), 2048, &model);
    app.update(Msg::TokensCounted { ask, column: Some(1), result: Err("HTTP 404: not found".into()) });
    let shown = screen(&mut app, 200, 40, Instant::now());
    assert!(shown.contains("next: ≈ 2,048 input tokens · input"), "{shown}");
    assert!(shown.contains("next: token count failed: HTTP 404: not found"), "{shown}");

    press(&mut app, "ctrl+s");
    let shown = screen(&mut app, 200, 40, Instant::now());
    assert!(!shown.contains("next: "), "the counts go with the send:\n{shown}");
}
