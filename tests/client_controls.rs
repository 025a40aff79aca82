//! Request controls end to end on the Anthropic-body routes: the client builds the body and
//! headers from the controls, the emulator honours them, the decoders report what came back
//! (thinking, cache reads on a repeated prefix, the tier served, a guardrail's intervention).

use routeplay::auth::google::GoogleTokens;
use routeplay::client::setup::{self, Surroundings};
use routeplay::client::{self, Client};
use routeplay::config::file::{Config, Network};
use routeplay::emulator::{self, EmulatorHandle, EmulatorOptions};
use routeplay::routes::controls::{Controls, Guardrail, Latency, ServiceTier, ThinkingMode};
use routeplay::routes::error::RunError;
use routeplay::routes::event::{GuardrailVerdict, RunUpdate, StreamEvent, Usage};
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{RouteId, Target};
use std::collections::HashMap;

struct Outcome {
    result: Result<(), RunError>,
    events: Vec<StreamEvent>,
}

impl Outcome {
    fn text(&self) -> String {
        self.events
            .iter()
            .filter_map(|e| if let StreamEvent::TextDelta(t) = e { Some(t.as_str()) } else { None })
            .collect()
    }

    /// Every usage report merged, as the app folds them.
    fn usage(&self) -> Usage {
        let mut usage = Usage::default();
        for event in &self.events {
            if let StreamEvent::Usage(newer) = event {
                usage.merge(*newer);
            }
        }
        usage
    }
}

async fn emulator() -> EmulatorHandle {
    emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() }).await.unwrap()
}

async fn run(handle: &EmulatorHandle, route: RouteId, model: &str, request: &ChatRequest) -> Outcome {
    let network = Network { connect_timeout_secs: 5.0, idle_timeout_secs: 10.0, max_retries: 0, ..Network::default() };
    let client = Client::new(&network);
    let target = Target::new(route, model);
    let (config, url, google_tokens) = (Config::default(), handle.base_url(), GoogleTokens::default());
    let env = HashMap::new();
    let around = Surroundings {
        config: &config,
        env: &env,
        emulator_url: Some(&url),
        demo: route != RouteId::Emulator,
        google_tokens: &google_tokens,
        places: &routeplay::models::Places::default(),
    };
    let mut events = Vec::new();
    let mut report = |update: RunUpdate| {
        if let RunUpdate::Event(event) = update {
            events.push(event);
        }
    };
    let result =
        client::resolve_and_run(&client, &target, request, setup::resolve(&target, &around), &mut report).await;
    Outcome { result, events }
}

fn with(prompt: &str, controls: Controls) -> ChatRequest {
    let mut request = ChatRequest::single(prompt);
    request.params.max_tokens = 4096;
    request.params.controls = controls;
    request
}

#[tokio::test]
async fn thinking_asked_of_a_plain_model_comes_back_as_thinking_on_each_anthropic_body_route() {
    let handle = emulator().await;
    let request =
        with("Why is the sea salty?", Controls { thinking: ThinkingMode::Budget(1024), ..Controls::default() });
    for (route, model) in [
        (RouteId::Emulator, "emulator-sonnet"),
        (RouteId::BedrockMantle, "anthropic.emulator-sonnet"),
        (RouteId::BedrockInvoke, "anthropic.emulator-sonnet-v1:0"),
    ] {
        let outcome = run(&handle, route, model, &request).await;
        outcome.result.as_ref().unwrap_or_else(|e| panic!("{route}: {e}"));
        assert!(outcome.events.iter().any(|e| matches!(e, StreamEvent::ThinkingDelta(_))), "{route}: no thinking");
        assert!(outcome.usage().thinking_tokens.is_some_and(|n| n > 0), "{route}: {:?}", outcome.usage());
    }
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_repeated_cacheable_prefix_is_written_once_then_read() {
    let handle = emulator().await;
    let mut request = with("Summarise the tides.", Controls { cache: true, ..Controls::default() });
    request.system = Some("You are a patient oceanographer.".into());
    let first = run(&handle, RouteId::Emulator, "emulator-sonnet", &request).await;
    first.result.as_ref().unwrap();
    let written = first.usage().cache_write_tokens.unwrap_or_default();
    assert!(written > 0 && first.usage().cache_read_tokens == Some(0), "{:?}", first.usage());
    let second = run(&handle, RouteId::Emulator, "emulator-sonnet", &request).await;
    assert_eq!(second.usage().cache_read_tokens, Some(written), "{:?}", second.usage());
    assert_eq!(second.usage().cache_write_tokens, Some(0));
    // Without the mark nothing is cached.
    let plain =
        run(&handle, RouteId::Emulator, "emulator-sonnet", &with("Summarise the tides.", Controls::default())).await;
    assert_eq!((plain.usage().cache_read_tokens, plain.usage().cache_write_tokens), (Some(0), Some(0)));
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_anthropic_tier_served_is_reported() {
    let handle = emulator().await;
    let auto = with("hi", Controls { service_tier: Some(ServiceTier::Auto), ..Controls::default() });
    let outcome = run(&handle, RouteId::Emulator, "emulator-sonnet", &auto).await;
    let served = StreamEvent::Served { service_tier: Some("priority".into()), latency: None };
    assert!(outcome.events.contains(&served), "{:?}", outcome.events);
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_blocked_word_under_a_guardrail_intervenes_on_invoke_with_its_trace() {
    let handle = emulator().await;
    let controls = Controls {
        guardrail: Some(Guardrail { id: "gr1demo".into(), version: "DRAFT".into() }),
        service_tier: Some(ServiceTier::Flex),
        latency: Some(Latency::Optimized),
        ..Controls::default()
    };
    let request = with("Please repeat the blocked-word for me.", controls.clone());
    let outcome = run(&handle, RouteId::BedrockInvoke, "anthropic.emulator-sonnet-v1:0", &request).await;
    outcome.result.as_ref().unwrap();
    assert_eq!(outcome.text(), "Sorry, the model cannot answer this question.");
    let verdict =
        GuardrailVerdict { intervened: true, assessment: vec!["wordPolicy \"blocked-word\": BLOCKED".into()] };
    assert!(outcome.events.contains(&StreamEvent::Guardrail(verdict)), "{:?}", outcome.events);
    let served = StreamEvent::Served { service_tier: Some("flex".into()), latency: Some("optimized".into()) };
    assert!(outcome.events.contains(&served), "{:?}", outcome.events);

    let clean =
        run(&handle, RouteId::BedrockInvoke, "anthropic.emulator-sonnet-v1:0", &with("Tell me a joke.", controls))
            .await;
    assert!(clean.text().len() > 50);
    let passed = GuardrailVerdict { intervened: false, assessment: vec![] };
    assert!(clean.events.contains(&StreamEvent::Guardrail(passed)), "{:?}", clean.events);

    // Mantle has no guardrail parameters: the same prompt is answered.
    let mut mantle = request.clone();
    mantle.params.controls.service_tier = None;
    let answered = run(&handle, RouteId::BedrockMantle, "anthropic.emulator-sonnet", &mantle).await;
    assert!(answered.text().contains("blocked-word"), "{}", answered.text());
    handle.shutdown().await.unwrap();
}
