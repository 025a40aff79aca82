//! The request controls on Bedrock Converse end to end: the client builds the Converse body,
//! signs it with the demo credentials and decodes the stream; the emulator checks the body as
//! Bedrock does and answers with the echoes and the trace.

use routeplay::auth::google::GoogleTokens;
use routeplay::client::setup::{self, Surroundings};
use routeplay::client::{self, Client};
use routeplay::config::file::{Config, Network};
use routeplay::emulator::{self, EmulatorOptions};
use routeplay::routes::attachment::{Attachment, AttachmentKind};
use routeplay::routes::controls::{Controls, Guardrail, Latency, ServiceTier, ThinkingMode};
use routeplay::routes::error::RunError;
use routeplay::routes::event::{GuardrailVerdict, RunUpdate, StreamEvent, Usage};
use routeplay::routes::request::{ChatRequest, Params, Turn};
use routeplay::routes::{RouteId, Target};
use std::collections::HashMap;
use std::sync::Arc;

const MODEL: &str = "us.anthropic.emulator-sonnet-v1:0";

/// Run `request` on Converse against a fresh emulator: the result and every stream event.
async fn converse(request: &ChatRequest) -> (Result<(), RunError>, Vec<StreamEvent>, usize) {
    let handle = emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() })
        .await
        .expect("starts");
    let network = Network { connect_timeout_secs: 5.0, idle_timeout_secs: 10.0, max_retries: 2, ..Network::default() };
    let target = Target::new(RouteId::BedrockConverse, MODEL);
    let (config, env, tokens, url) = (Config::default(), HashMap::new(), GoogleTokens::default(), handle.base_url());
    let around = Surroundings {
        config: &config,
        env: &env,
        emulator_url: Some(&url),
        demo: true,
        google_tokens: &tokens,
        places: &routeplay::models::Places::default(),
    };
    let mut updates = Vec::new();
    let mut report = |update: RunUpdate| updates.push(update);
    let result = client::resolve_and_run(
        &Client::new(&network),
        &target,
        request,
        setup::resolve(&target, &around),
        &mut report,
    )
    .await;
    handle.shutdown().await.expect("stops");
    let retries = updates.iter().filter(|update| matches!(update, RunUpdate::Retrying { .. })).count();
    let events = updates
        .into_iter()
        .filter_map(|update| match update {
            RunUpdate::Event(event) => Some(event),
            _ => None,
        })
        .collect();
    (result, events, retries)
}

fn with(controls: Controls, turn: Turn) -> ChatRequest {
    ChatRequest {
        system: Some("Be brief.".into()),
        turns: vec![turn],
        params: Params { max_tokens: 4096, controls, ..Params::default() },
        thoughts: false,
    }
}

fn file(name: &str, kind: AttachmentKind, bytes: &[u8]) -> Attachment {
    Attachment {
        name: name.into(),
        kind,
        size: bytes.len() as u64,
        sha256: String::new(),
        pixels: None,
        bytes: Some(Arc::from(bytes)),
    }
}

#[tokio::test]
async fn every_control_is_accepted_and_the_tier_latency_trace_and_cache_come_back() {
    let controls = Controls {
        // Not top_k: Claude refuses it beside thinking, and so does the emulator.
        thinking: ThinkingMode::Budget(1024),
        cache: true,
        guardrail: Some(Guardrail { id: "gr1demo".into(), version: "DRAFT".into() }),
        service_tier: Some(ServiceTier::Flex),
        latency: Some(Latency::Optimized),
        metadata: [("team".to_owned(), "ml ops".to_owned())].into(),
        ..Controls::default()
    };
    let mut turn = Turn::user("What do these say?");
    // Two names that sanitise alike, and characters Bedrock refuses: the emulator checks the
    // names as Bedrock does, so this proves the client's sanitising and de-duplication.
    turn.attachments = vec![
        file("chart.png", AttachmentKind::Png, b"\x89PNG"),
        file("report_v2.final.pdf", AttachmentKind::Pdf, b"%PDF-1.4"),
        file("report v2 final.txt", AttachmentKind::Text, b"notes"),
    ];
    let (result, events, _) = converse(&with(controls, turn)).await;
    result.expect("answered");
    assert!(
        events.contains(&StreamEvent::Served { service_tier: Some("flex".into()), latency: Some("optimized".into()) }),
        "{events:?}"
    );
    assert!(
        events.contains(&StreamEvent::Guardrail(GuardrailVerdict::default())),
        "traced, no intervention: {events:?}"
    );
    let usage = events.iter().find_map(|event| match event {
        StreamEvent::Usage(usage) => Some(*usage),
        _ => None,
    });
    let Some(Usage { cache_read_tokens: Some(_), cache_write_tokens: Some(_), .. }) = usage else {
        panic!("cache figures are reported when a cache point is sent: {usage:?}");
    };
    assert_eq!(events.last(), Some(&StreamEvent::Done));
}

#[tokio::test]
async fn bad_request_metadata_is_refused_naming_the_key_and_not_retried() {
    let controls = Controls { metadata: [("bad!key".to_owned(), "v".to_owned())].into(), ..Controls::default() };
    let (result, _, retries) = converse(&with(controls, Turn::user("hi"))).await;
    let error = result.expect_err("refused");
    assert_eq!((error.status, error.provider_type.as_deref()), (Some(400), Some("ValidationException")));
    assert!(error.to_string().contains("bad!key"), "{error}");
    assert_eq!(retries, 0);
}

#[tokio::test]
async fn a_thinking_budget_not_below_max_tokens_is_refused_as_the_model_refuses_it() {
    let controls = Controls { thinking: ThinkingMode::Budget(8000), ..Controls::default() };
    let (result, _, _) = converse(&with(controls, Turn::user("hi"))).await;
    let error = result.expect_err("refused");
    assert!(error.to_string().contains("`max_tokens` must be greater than `thinking.budget_tokens`"), "{error}");
}
