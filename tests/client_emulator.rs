//! The client against the built-in emulator on loopback: success, retries, every fault, each
//! ending in the right state with the right message.

use routeplay::app::msg::RunId;
use routeplay::app::runs::{Phase, Run};
use routeplay::app::stop_note;
use routeplay::auth::Env;
use routeplay::auth::google::GoogleTokens;
use routeplay::client::setup::{self, Surroundings};
use routeplay::client::{self, Client};
use routeplay::config::file::{Config, Network};
use routeplay::emulator::{self, EmulatorHandle, EmulatorOptions};
use routeplay::routes::error::{ErrorKind, RunError};
use routeplay::routes::event::{RunUpdate, StopReason, StreamEvent, Usage};
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{Place, RouteId, Target};
use std::collections::HashMap;

struct Outcome {
    result: Result<(), RunError>,
    text: String,
    updates: Vec<RunUpdate>,
}

async fn emulator() -> EmulatorHandle {
    emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() }).await.unwrap()
}

async fn run_on(handle: &EmulatorHandle, route: RouteId, model: &str, network: Network, env: &dyn Env) -> Outcome {
    run_target(handle, &Target::new(route, model), network, env, false).await
}

async fn run_target(handle: &EmulatorHandle, target: &Target, network: Network, env: &dyn Env, demo: bool) -> Outcome {
    let client = Client::new(&network);
    let model = target.model.as_str();
    let request = ChatRequest::single(format!("test prompt for {model}"));
    let config = Config::default();
    let url = handle.base_url();
    let mut updates = Vec::new();
    let mut report = |update: RunUpdate| updates.push(update);
    let google_tokens = GoogleTokens::default();
    let around = Surroundings {
        config: &config,
        env,
        emulator_url: Some(&url),
        demo,
        google_tokens: &google_tokens,
        places: &routeplay::models::Places::default(),
    };
    let result = client::resolve_and_run(&client, target, &request, setup::resolve(target, &around), &mut report).await;
    let text = updates
        .iter()
        .filter_map(|u| match u {
            RunUpdate::Event(StreamEvent::TextDelta(t)) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    Outcome { result, text, updates }
}

async fn run_model(model: &str, network: Network) -> Outcome {
    let handle = emulator().await;
    let outcome = run_on(&handle, RouteId::Emulator, model, network, &HashMap::new()).await;
    handle.shutdown().await.unwrap();
    outcome
}

fn quick() -> Network {
    Network { connect_timeout_secs: 5.0, idle_timeout_secs: 10.0, max_retries: 2, ..Network::default() }
}

fn retries(outcome: &Outcome) -> usize {
    outcome.updates.iter().filter(|u| matches!(u, RunUpdate::Retrying { .. })).count()
}

#[tokio::test]
async fn a_plain_request_streams_an_answer_with_usage_and_request_id() {
    let outcome = run_model("emulator-sonnet", quick()).await;
    outcome.result.clone().unwrap();
    assert!(!outcome.text.is_empty());
    assert!(
        outcome
            .updates
            .iter()
            .any(|u| matches!(u, RunUpdate::Responded { status: 200, request_id: Some(id) } if id.starts_with("req_")))
    );
    assert!(
        outcome
            .updates
            .iter()
            .any(|u| matches!(u, RunUpdate::Event(StreamEvent::Usage(usage)) if usage.output_tokens.is_some()))
    );
    assert!(outcome.updates.iter().any(|u| matches!(u, RunUpdate::Event(StreamEvent::Done))));
}

#[tokio::test]
async fn a_429_is_retried_and_then_succeeds() {
    let outcome = run_model("emulator-sonnet-fault-429-then-ok", quick()).await;
    outcome.result.clone().unwrap();
    assert_eq!(retries(&outcome), 1);
    assert!(!outcome.text.is_empty());
}

#[tokio::test]
async fn a_529_that_persists_fails_after_the_bounded_retries() {
    let network = Network { max_retries: 1, ..quick() };
    let outcome = run_model("emulator-sonnet-fault-529", network).await;
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.kind, ErrorKind::Overloaded);
    assert_eq!(error.status, Some(529));
    assert_eq!(error.provider_type.as_deref(), Some("overloaded_error"));
    assert!(error.request_id.is_some(), "{error}");
    assert_eq!(retries(&outcome), 1);
}

#[tokio::test]
async fn an_error_event_mid_stream_fails_the_run_and_keeps_the_partial_text() {
    let outcome = run_model("emulator-sonnet-fault-error-mid-stream", quick()).await;
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.provider_type.as_deref(), Some("overloaded_error"));
    assert!(error.to_string().contains("Overloaded"), "{error}");
    assert!(!outcome.text.is_empty(), "text before the error is kept");
    assert_eq!(retries(&outcome), 0, "nothing is retried after output started");
}

#[tokio::test]
async fn a_cut_connection_is_an_error_not_a_success() {
    let outcome = run_model("emulator-sonnet-fault-cut", quick()).await;
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.kind, ErrorKind::Protocol);
    assert!(error.message.contains("connection cut"), "{error}");
}

#[tokio::test]
async fn a_stalled_stream_fails_on_the_idle_timeout() {
    let network = Network { idle_timeout_secs: 0.3, ..quick() };
    let outcome = run_model("emulator-sonnet-fault-stall", network).await;
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.kind, ErrorKind::Timeout);
    assert!(error.message.contains("idle timeout"), "{error}");
}

#[tokio::test]
async fn a_malformed_frame_fails_the_run_with_a_protocol_error() {
    let outcome = run_model("emulator-sonnet-fault-malformed", quick()).await;
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.kind, ErrorKind::Protocol);
    assert!(error.message.contains("malformed"), "{error}");
}

#[tokio::test]
async fn an_unknown_model_is_a_clear_404_and_not_retried() {
    let outcome = run_model("claude-nonexistent", quick()).await;
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.status, Some(404));
    assert_eq!(error.kind, ErrorKind::InvalidRequest);
    assert!(error.hint.is_some());
    assert_eq!(retries(&outcome), 0);
}

#[tokio::test]
async fn the_anthropic_route_with_a_wrong_key_gets_a_401_that_is_not_retried() {
    let handle = emulator().await;
    let env: HashMap<String, String> = [
        ("ANTHROPIC_API_KEY".to_owned(), "sk-ant-wrong".to_owned()),
        ("ANTHROPIC_BASE_URL".to_owned(), handle.base_url()),
    ]
    .into();
    let outcome = run_on(&handle, RouteId::Anthropic, "emulator-sonnet", quick(), &env).await;
    handle.shutdown().await.unwrap();
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.kind, ErrorKind::Auth);
    assert_eq!(error.status, Some(401));
    assert!(!error.to_string().contains("sk-ant-wrong"), "the key never appears in an error");
    assert_eq!(retries(&outcome), 0);
}

#[tokio::test]
async fn the_anthropic_route_without_a_key_says_how_to_add_one() {
    let handle = emulator().await;
    let outcome = run_on(&handle, RouteId::Anthropic, "claude-x", quick(), &HashMap::new()).await;
    handle.shutdown().await.unwrap();
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.kind, ErrorKind::MissingCredential);
    assert!(error.to_string().contains("ANTHROPIC_API_KEY"), "{error}");
}

async fn run_demo(route: RouteId, model: &str, network: Network) -> Outcome {
    let handle = emulator().await;
    let outcome = run_target(&handle, &Target::new(route, model), network, &HashMap::new(), true).await;
    handle.shutdown().await.unwrap();
    outcome
}

fn event_names(outcome: &Outcome) -> Vec<&'static str> {
    outcome
        .updates
        .iter()
        .filter_map(|u| match u {
            RunUpdate::Event(StreamEvent::ThinkingDelta(_)) => Some("thinking"),
            RunUpdate::Event(StreamEvent::ToolUseStart { .. }) => Some("tool"),
            RunUpdate::Event(StreamEvent::ServerLatency { .. }) => Some("server-latency"),
            RunUpdate::Event(StreamEvent::Done) => Some("done"),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn every_bedrock_route_streams_through_signing_and_its_framing_with_a_colon_in_the_model_id() {
    // Mantle ids carry no version suffix (PROTOCOLS.md route 2); the runtime's do.
    for (route, model) in [
        (RouteId::BedrockMantle, "anthropic.emulator-sonnet"),
        (RouteId::BedrockInvoke, "anthropic.emulator-sonnet-v1:0"),
        (RouteId::BedrockConverse, "us.anthropic.emulator-sonnet-v1:0"),
    ] {
        let outcome = run_demo(route, model, quick()).await;
        outcome.result.clone().unwrap_or_else(|e| panic!("{route}: {e}"));
        assert!(!outcome.text.is_empty(), "{route}");
        assert!(event_names(&outcome).contains(&"done"), "{route}");
        let source = outcome.updates.iter().find_map(|u| match u {
            RunUpdate::Credential { source, .. } => Some(source.clone()),
            _ => None,
        });
        assert!(source.unwrap().contains("demo credentials"), "{route}");
    }
}

#[tokio::test]
async fn invoke_reads_bedrock_invocation_metrics_and_converse_its_latency() {
    for route in [RouteId::BedrockInvoke, RouteId::BedrockConverse] {
        let outcome = run_demo(route, "anthropic.emulator-sonnet-v1:0", quick()).await;
        assert!(event_names(&outcome).contains(&"server-latency"), "{route}: {:?}", event_names(&outcome));
    }
}

#[tokio::test]
async fn an_inference_profile_arn_works_as_a_model_id() {
    let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.emulator-thinking-v1:0";
    let outcome = run_demo(RouteId::BedrockConverse, arn, quick()).await;
    outcome.result.clone().unwrap();
    assert!(event_names(&outcome).contains(&"thinking"));
}

#[tokio::test]
async fn a_throttling_exception_frame_ends_the_run_with_its_name() {
    let outcome =
        run_demo(RouteId::BedrockInvoke, "anthropic.emulator-sonnet-fault-error-mid-stream-v1:0", quick()).await;
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.provider_type.as_deref(), Some("throttlingException"), "{error}");
    assert!(!outcome.text.is_empty(), "partial text is kept");
}

#[tokio::test]
async fn a_corrupt_crc_or_a_truncated_frame_is_a_framing_error_not_a_panic() {
    for fault in ["crc", "truncated"] {
        let model = format!("anthropic.emulator-sonnet-fault-{fault}-v1:0");
        let outcome = run_demo(RouteId::BedrockConverse, &model, quick()).await;
        let error = outcome.result.clone().unwrap_err();
        assert_eq!(error.kind, ErrorKind::Protocol, "{fault}: {error}");
        assert!(error.message.contains("event stream") || error.message.contains("connection cut"), "{fault}: {error}");
    }
}

#[tokio::test]
async fn a_model_that_needs_an_inference_profile_gets_the_geo_id_as_its_fix() {
    let handle = emulator().await;
    let target = Target {
        place: Place::Aws { region: Some("eu-west-1".into()), profile: None },
        ..Target::new(RouteId::BedrockInvoke, "anthropic.emulator-profile-only-v1:0")
    };
    let outcome = run_target(&handle, &target, quick(), &HashMap::new(), true).await;
    handle.shutdown().await.unwrap();
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.status, Some(400));
    assert!(error.hint.as_deref().unwrap_or_default().contains("eu.anthropic.emulator-profile-only-v1:0"), "{error}");
}

#[tokio::test]
async fn bedrock_throttling_before_the_stream_is_retried() {
    let outcome = run_demo(RouteId::BedrockConverse, "anthropic.emulator-sonnet-fault-429-then-ok-v1:0", quick()).await;
    outcome.result.clone().unwrap();
    assert_eq!(retries(&outcome), 1);
}

fn retry_delays(outcome: &Outcome) -> Vec<(std::time::Duration, String)> {
    outcome
        .updates
        .iter()
        .filter_map(|u| match u {
            RunUpdate::Retrying { delay, reason, .. } => Some((*delay, reason.clone())),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_bedrock_503_service_unavailable_is_retried_with_jitter_then_answered() {
    for route in [RouteId::BedrockInvoke, RouteId::BedrockConverse] {
        let outcome = run_demo(route, "anthropic.emulator-sonnet-fault-529-then-ok-v1:0", quick()).await;
        outcome.result.clone().unwrap_or_else(|e| panic!("{route}: {e}"));
        assert!(!outcome.text.is_empty(), "{route}");
        let delays = retry_delays(&outcome);
        assert_eq!(delays.len(), 1, "{route}: {delays:?}");
        let (delay, reason) = &delays[0];
        // AWS standard mode, first retry: full jitter over [0, 1 s).
        assert!(*delay < std::time::Duration::from_secs(1), "{route}: {delay:?}");
        assert!(reason.starts_with("HTTP 503 ServiceUnavailableException: Bedrock is unable"), "{route}: {reason}");
    }
}

#[tokio::test]
async fn a_bedrock_503_that_persists_fails_after_three_attempts_with_a_fix() {
    let outcome = run_demo(RouteId::BedrockConverse, "anthropic.emulator-sonnet-fault-529-v1:0", quick()).await;
    let error = outcome.result.clone().unwrap_err();
    assert_eq!((error.status, error.provider_type.as_deref()), (Some(503), Some("ServiceUnavailableException")));
    assert_eq!(retries(&outcome), 2, "max_retries 2: three attempts");
    assert!(error.hint.as_deref().unwrap_or_default().contains("inference profile"), "{error}");
}

#[tokio::test]
async fn a_bedrock_model_not_ready_is_retried_then_answered() {
    let model = "anthropic.emulator-sonnet-fault-model-not-ready-then-ok-v1:0";
    let outcome = run_demo(RouteId::BedrockConverse, model, quick()).await;
    outcome.result.clone().unwrap();
    let delays = retry_delays(&outcome);
    assert_eq!(delays.len(), 1);
    assert!(delays[0].1.starts_with("HTTP 429 ModelNotReadyException"), "{delays:?}");
}

#[tokio::test]
async fn a_bedrock_validation_error_is_not_retried() {
    let handle = emulator().await;
    let target = Target {
        place: Place::Aws { region: Some("us-east-1".into()), profile: None },
        ..Target::new(RouteId::BedrockConverse, "anthropic.emulator-profile-only-v1:0")
    };
    let outcome = run_target(&handle, &target, quick(), &HashMap::new(), true).await;
    handle.shutdown().await.unwrap();
    let error = outcome.result.clone().unwrap_err();
    assert_eq!((error.status, error.provider_type.as_deref()), (Some(400), Some("ValidationException")));
    assert_eq!(retries(&outcome), 0);
}

#[tokio::test]
async fn the_gemini_api_retry_delay_is_honoured() {
    let network = Network { max_retries: 1, ..quick() };
    let outcome = run_demo(RouteId::GeminiApi, "gemini-2.0-flash-fault-429", network).await;
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(error.provider_type.as_deref(), Some("RESOURCE_EXHAUSTED"));
    let delays = retry_delays(&outcome);
    // The emulator's RetryInfo asks for 1 s; the google-genai backoff alone would add jitter.
    assert_eq!(delays.iter().map(|(delay, _)| *delay).collect::<Vec<_>>(), [std::time::Duration::from_secs(1)]);
}

#[tokio::test]
async fn a_retry_delay_over_the_cap_fails_at_once_and_names_it() {
    let started = std::time::Instant::now();
    let outcome = run_demo(RouteId::GeminiApi, "gemini-2.0-flash-fault-429-retry-long", quick()).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "no wait at all");
    let error = outcome.result.clone().unwrap_err();
    assert_eq!(retries(&outcome), 0);
    let hint = error.hint.clone().unwrap_or_default();
    assert!(hint.contains("wait 90 s") && hint.contains("RetryInfo retryDelay") && hint.contains("(60 s)"), "{error}");
}

#[tokio::test]
async fn a_google_503_is_retried_and_then_says_to_wait_or_switch_models() {
    let network = Network { max_retries: 1, ..quick() };
    let outcome = run_demo(RouteId::GeminiApi, "gemini-2.0-flash-fault-529", network).await;
    let error = outcome.result.clone().unwrap_err();
    assert_eq!((error.status, error.provider_type.as_deref()), (Some(503), Some("UNAVAILABLE")));
    assert_eq!(retries(&outcome), 1);
    assert!(error.hint.as_deref().unwrap_or_default().contains("another model"), "{error}");
}

/// Run `model` on `route` in demo mode with `max_tokens`; the stop reason, text and thinking.
async fn run_capped(route: RouteId, model: &str, max_tokens: u32) -> (Option<StopReason>, String, Usage) {
    let handle = emulator().await;
    let client = Client::new(&quick());
    let target = Target::new(route, model);
    let target = Target { place: target.place.with_site(route.is_vertex().then(|| "global".into())), ..target };
    let mut request = ChatRequest::single("Explain routes in detail");
    request.params.max_tokens = max_tokens;
    let (config, env, url) = (Config::default(), HashMap::new(), handle.base_url());
    let google_tokens = GoogleTokens::default();
    let around = Surroundings {
        config: &config,
        env: &env,
        emulator_url: Some(&url),
        demo: true,
        google_tokens: &google_tokens,
        places: &routeplay::models::Places::default(),
    };
    let mut updates = Vec::new();
    let mut report = |update: RunUpdate| updates.push(update);
    let result =
        client::resolve_and_run(&client, &target, &request, setup::resolve(&target, &around), &mut report).await;
    handle.shutdown().await.unwrap();
    result.unwrap_or_else(|e| panic!("{route}: {e}"));
    let (mut stop, mut text, mut usage) = (None, String::new(), Usage::default());
    for update in updates {
        match update {
            RunUpdate::Event(StreamEvent::StopReason(reason)) => stop = Some(reason),
            RunUpdate::Event(StreamEvent::TextDelta(delta)) => text.push_str(&delta),
            RunUpdate::Event(StreamEvent::Usage(more)) => usage.merge(more),
            _ => {}
        }
    }
    (stop, text, usage)
}

#[tokio::test]
async fn every_wire_reports_a_max_tokens_stop_the_same_way() {
    for (route, model) in [
        (RouteId::Emulator, "emulator-sonnet"),
        (RouteId::BedrockMantle, "anthropic.emulator-sonnet"),
        (RouteId::BedrockInvoke, "anthropic.emulator-sonnet-v1:0"),
        (RouteId::BedrockConverse, "anthropic.emulator-sonnet-v1:0"),
        (RouteId::GeminiApi, "gemini-2.0-flash"),
        (RouteId::VertexGemini, "gemini-2.0-flash"),
        (RouteId::VertexClaude, "claude-sonnet-4-5@20250929"),
    ] {
        let (stop, text, _) = run_capped(route, model, 8).await;
        assert_eq!(stop, Some(StopReason::MaxTokens), "{route}");
        assert!(!text.is_empty(), "{route}: a partial answer arrives");
    }
}

#[tokio::test]
async fn a_gemini_answer_whose_thinking_took_the_budget_is_empty_and_says_why() {
    let (stop, text, usage) = run_capped(RouteId::GeminiApi, "gemini-2.5-flash", 10).await;
    assert_eq!((stop.clone(), text.as_str()), (Some(StopReason::MaxTokens), ""));
    let mut run = Run::new(RunId(1), Target::new(RouteId::GeminiApi, "gemini-2.5-flash"), "q".into());
    (run.phase, run.stop_reason, run.usage) = (Phase::Done, stop, usage);
    run.params.max_tokens = 10;
    run.timings.credential = Some(std::time::Duration::ZERO);
    let why = stop_note::no_text(&run).expect("an explanation");
    assert!(
        why.starts_with("no text: the model's thinking used the whole max_tokens budget (10) (10 thinking"),
        "{why}"
    );
}
