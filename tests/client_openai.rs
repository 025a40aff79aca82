//! The three OpenAI-compatible routes against the emulator in demo mode, through the real
//! client: each streams text, thinking, tool calls and usage through its own auth (a key, SigV4
//! `bedrock-mantle`, an ADC token), and each passes the same fault suite: CRLF, keep-alive
//! comments, throttling then a retry, overloaded, an error mid-stream (as a data chunk and as
//! `event: error`), a cut, a stall, a malformed chunk, a missing `[DONE]` after a finish reason
//! (tolerated) and a body that ends with neither (an error, never a success).

use routeplay::auth::google::GoogleTokens;
use routeplay::client::setup::{self, Surroundings};
use routeplay::client::{self, Client};
use routeplay::config::file::{Config, Network};
use routeplay::emulator::{self, EmulatorOptions};
use routeplay::routes::error::{ErrorKind, RunError};
use routeplay::routes::event::{RunUpdate, StopReason, StreamEvent, Usage};
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{RouteId, Target};
use std::collections::HashMap;

/// Each route with the emulator model id in the form the route takes.
const ROUTES: [(RouteId, &str); 3] = [
    (RouteId::OpenAi, "emulator-sonnet"),
    (RouteId::BedrockOpenAi, "emulator-sonnet"),
    (RouteId::VertexOpenAi, "google/emulator-sonnet"),
];

struct Outcome {
    result: Result<(), RunError>,
    text: String,
    updates: Vec<RunUpdate>,
}

impl Outcome {
    fn error(&self) -> RunError {
        self.result.clone().expect_err("the run should have failed")
    }

    fn retries(&self) -> usize {
        self.updates.iter().filter(|u| matches!(u, RunUpdate::Retrying { .. })).count()
    }

    fn events(&self) -> impl Iterator<Item = &StreamEvent> {
        self.updates.iter().filter_map(|u| if let RunUpdate::Event(event) = u { Some(event) } else { None })
    }

    fn stop(&self) -> Option<StopReason> {
        self.events().find_map(|e| if let StreamEvent::StopReason(r) = e { Some(r.clone()) } else { None })
    }

    fn usage(&self) -> Usage {
        let mut usage = Usage::default();
        for event in self.events() {
            if let StreamEvent::Usage(u) = event {
                usage.merge(*u);
            }
        }
        usage
    }
}

fn quick() -> Network {
    Network { connect_timeout_secs: 5.0, idle_timeout_secs: 10.0, max_retries: 2, ..Network::default() }
}

/// `model` on `route` in demo mode against a fresh emulator.
async fn run(route: RouteId, model: &str, network: Network) -> Outcome {
    let handle =
        emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() }).await.unwrap();
    let client = Client::new(&network);
    let request = ChatRequest::single("How do routes differ?");
    let (config, env, tokens) = (Config::default(), HashMap::new(), GoogleTokens::default());
    let url = handle.base_url();
    let around = Surroundings {
        config: &config,
        env: &env,
        emulator_url: Some(&url),
        demo: true,
        google_tokens: &tokens,
        places: &routeplay::models::Places::default(),
    };
    let target = Target::new(route, model);
    let mut updates = Vec::new();
    let mut report = |update: RunUpdate| updates.push(update);
    let result =
        client::resolve_and_run(&client, &target, &request, setup::resolve(&target, &around), &mut report).await;
    handle.shutdown().await.unwrap();
    let text = updates
        .iter()
        .filter_map(|u| if let RunUpdate::Event(StreamEvent::TextDelta(t)) = u { Some(t.as_str()) } else { None })
        .collect();
    Outcome { result, text, updates }
}

/// `base` with a fault suffix, before Vertex's publisher prefix is kept.
fn faulted(base: &str, fault: &str) -> String {
    format!("{base}-fault-{fault}")
}

#[tokio::test]
async fn every_route_streams_an_answer_with_usage_through_its_own_credential() {
    for (route, model) in ROUTES {
        let outcome = run(route, model, quick()).await;
        outcome.result.clone().unwrap_or_else(|e| panic!("{route}: {e}"));
        assert!(!outcome.text.is_empty(), "{route}");
        assert_eq!(outcome.stop(), Some(StopReason::EndTurn), "{route}");
        let usage = outcome.usage();
        assert!(usage.input_tokens.unwrap_or(0) > 0 && usage.output_tokens.unwrap_or(0) > 0, "{route}: {usage:?}");
        assert!(outcome.events().any(|e| *e == StreamEvent::Done), "{route}");
        let source = outcome.updates.iter().find_map(|u| match u {
            RunUpdate::Credential { source, .. } => Some(source.clone()),
            _ => None,
        });
        assert!(source.is_some_and(|s| s.contains("demo")), "{route}");
    }
}

#[tokio::test]
async fn thinking_and_tool_calls_come_through_as_such_on_every_route() {
    for (route, model) in ROUTES {
        let thinking = model.replace("emulator-sonnet", "emulator-thinking");
        let outcome = run(route, &thinking, quick()).await;
        outcome.result.clone().unwrap_or_else(|e| panic!("{route}: {e}"));
        assert!(outcome.events().any(|e| matches!(e, StreamEvent::ThinkingDelta(_))), "{route}: no thinking");
        assert!(outcome.usage().thinking_tokens.unwrap_or(0) > 0, "{route}: reasoning tokens");
        let tools = model.replace("emulator-sonnet", "emulator-tools");
        let outcome = run(route, &tools, quick()).await;
        outcome.result.clone().unwrap_or_else(|e| panic!("{route}: {e}"));
        assert!(outcome.events().any(|e| matches!(e, StreamEvent::ToolUseStart { .. })), "{route}: no tool call");
        assert_eq!(outcome.stop(), Some(StopReason::ToolUse), "{route}");
    }
}

#[tokio::test]
async fn crlf_and_keep_alive_comments_change_nothing_in_the_answer() {
    for (route, model) in ROUTES {
        let plain = run(route, model, quick()).await;
        for fault in ["crlf", "keep-alive"] {
            let outcome = run(route, &faulted(model, fault), quick()).await;
            outcome.result.clone().unwrap_or_else(|e| panic!("{route} {fault}: {e}"));
            assert_eq!(outcome.text, plain.text, "{route} {fault}");
        }
    }
}

#[tokio::test]
async fn throttling_is_retried_then_answered_and_overload_that_persists_fails_after_the_retries() {
    for (route, model) in ROUTES {
        let outcome = run(route, &faulted(model, "429-then-ok"), quick()).await;
        outcome.result.clone().unwrap_or_else(|e| panic!("{route}: {e}"));
        assert_eq!(outcome.retries(), 1, "{route}");
        let outcome = run(route, &faulted(model, "529"), Network { max_retries: 1, ..quick() }).await;
        let error = outcome.error();
        assert_eq!(outcome.retries(), 1, "{route}: {error}");
        assert!(error.status.is_some_and(|s| s >= 500), "{route}: {error}");
    }
}

#[tokio::test]
async fn an_error_mid_stream_fails_the_run_and_keeps_the_partial_text() {
    for (route, model) in ROUTES {
        for fault in ["error-mid-stream", "model-stream-error"] {
            let outcome = run(route, &faulted(model, fault), quick()).await;
            let error = outcome.error();
            assert!(!outcome.text.is_empty(), "{route} {fault}: the partial text is kept");
            assert_ne!(error.kind, ErrorKind::Timeout, "{route} {fault}: {error}");
        }
    }
}

#[tokio::test]
async fn a_cut_a_truncated_body_and_a_body_without_finish_or_done_are_errors_not_successes() {
    for (route, model) in ROUTES {
        for fault in ["cut", "truncated", "no-finish"] {
            let outcome = run(route, &faulted(model, fault), quick()).await;
            let error = outcome.error();
            assert_eq!(error.kind, ErrorKind::Protocol, "{route} {fault}: {error}");
        }
    }
}

#[tokio::test]
async fn a_finish_reason_without_done_is_accepted() {
    for (route, model) in ROUTES {
        let outcome = run(route, &faulted(model, "no-done"), quick()).await;
        outcome.result.clone().unwrap_or_else(|e| panic!("{route}: {e}"));
        assert_eq!(outcome.stop(), Some(StopReason::EndTurn), "{route}");
    }
}

#[tokio::test]
async fn a_stall_ends_on_the_idle_timeout_and_a_malformed_chunk_is_a_protocol_error() {
    for (route, model) in ROUTES {
        let outcome = run(route, &faulted(model, "stall"), Network { idle_timeout_secs: 0.3, ..quick() }).await;
        assert_eq!(outcome.error().kind, ErrorKind::Timeout, "{route}");
        let outcome = run(route, &faulted(model, "malformed"), quick()).await;
        assert_eq!(outcome.error().kind, ErrorKind::Protocol, "{route}");
    }
}

#[tokio::test]
async fn bedrock_openai_signs_a_model_id_with_a_colon_and_the_emulator_verifies_it() {
    let outcome = run(RouteId::BedrockOpenAi, "emulator-sonnet-v1:0", quick()).await;
    outcome.result.clone().unwrap_or_else(|e| panic!("{e}"));
    let sent =
        outcome.updates.iter().find_map(|u| if let RunUpdate::Sent(sent) = u { Some(sent.clone()) } else { None });
    let sent = sent.expect("the request was captured");
    let authorization = sent.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("authorization"));
    assert!(authorization.is_some_and(|(_, value)| value.contains("/bedrock-mantle/aws4_request")), "{sent:?}");
}
