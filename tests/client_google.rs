//! The client on the Google routes against the emulator in demo mode: each route streams, the
//! Google faults end in the right state with the fix, and the Google check names the demo user
//! and lists the models.

use routeplay::auth::google::GoogleTokens;
use routeplay::client::setup::{self, Surroundings};
use routeplay::client::{self, Client, google_check};
use routeplay::config::file::{Config, Network};
use routeplay::emulator::{self, EmulatorHandle, EmulatorOptions};
use routeplay::routes::attachment::{Attachment, AttachmentKind};
use routeplay::routes::controls::{Effort, ServiceTier, ThinkingMode};
use routeplay::routes::error::{ErrorKind, RunError};
use routeplay::routes::event::{RunUpdate, StopReason, StreamEvent};
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{Place, RouteId, Target};
use std::collections::HashMap;
use std::sync::Arc;

async fn emulator() -> EmulatorHandle {
    emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() }).await.unwrap()
}

/// Run `model` on `route` at `location` in demo mode; the result, the text and the updates.
async fn run(route: RouteId, model: &str, location: &str) -> (Result<(), RunError>, String, Vec<RunUpdate>) {
    run_with(route, model, location, &ChatRequest::single("How do routes differ?")).await
}

/// [`run`] with `request`.
async fn run_with(
    route: RouteId,
    model: &str,
    location: &str,
    request: &ChatRequest,
) -> (Result<(), RunError>, String, Vec<RunUpdate>) {
    let handle = emulator().await;
    let network = Network { connect_timeout_secs: 5.0, idle_timeout_secs: 10.0, max_retries: 2, ..Network::default() };
    let client = Client::new(&network);
    let config = Config::default();
    let url = handle.base_url();
    let tokens = GoogleTokens::default();
    let env = HashMap::new();
    let around = Surroundings {
        config: &config,
        env: &env,
        emulator_url: Some(&url),
        demo: true,
        google_tokens: &tokens,
        places: &routeplay::models::Places::default(),
    };
    let target =
        Target { place: Place::Vertex { location: Some(location.into()), project: None }, ..Target::new(route, model) };
    let mut updates = Vec::new();
    let mut report = |update: RunUpdate| updates.push(update);
    let result =
        client::resolve_and_run(&client, &target, request, setup::resolve(&target, &around), &mut report).await;
    handle.shutdown().await.unwrap();
    let text = updates
        .iter()
        .filter_map(|u| if let RunUpdate::Event(StreamEvent::TextDelta(t)) = u { Some(t.as_str()) } else { None })
        .collect();
    (result, text, updates)
}

#[tokio::test]
async fn each_google_route_streams_and_says_how_it_stopped() {
    for (route, model) in [
        (RouteId::GeminiApi, "gemini-2.5-flash"),
        (RouteId::VertexGemini, "gemini-2.5-pro"),
        (RouteId::VertexClaude, "claude-sonnet-4-5@20250929"),
    ] {
        let (result, text, updates) = run(route, model, "global").await;
        assert!(result.is_ok(), "{route}: {result:?}");
        assert!(text.contains("How do routes differ?"), "{route}: {text}");
        let stop = updates.iter().find_map(|u| match u {
            RunUpdate::Event(StreamEvent::StopReason(reason)) => Some(reason.clone()),
            _ => None,
        });
        assert_eq!(stop, Some(StopReason::EndTurn), "{route}");
    }
}

#[tokio::test]
async fn the_gemini_controls_are_taken_by_the_emulator_and_the_tier_served_comes_back() {
    let mut request = ChatRequest::single("What is in the picture?");
    let controls = &mut request.params.controls;
    controls.thinking = ThinkingMode::Budget(1024);
    controls.top_k = Some(20);
    controls.service_tier = Some(ServiceTier::Flex);
    controls.metadata = [("team".to_owned(), "ml".to_owned())].into_iter().collect();
    let png: &[u8] = b"\x89PNG\r\n\x1a\n";
    request.turns[0].attachments = vec![Attachment {
        name: "picture.png".into(),
        kind: AttachmentKind::Png,
        size: png.len() as u64,
        sha256: String::new(),
        pixels: Some((1, 1)),
        bytes: Some(Arc::from(png)),
    }];
    for route in [RouteId::GeminiApi, RouteId::VertexGemini] {
        let (result, text, updates) = run_with(route, "gemini-2.5-flash", "global", &request).await;
        assert!(result.is_ok() && !text.is_empty(), "{route}: {result:?}");
        let served: Vec<_> =
            updates.iter().filter(|u| matches!(u, RunUpdate::Event(StreamEvent::Served { .. }))).collect();
        let flex = RunUpdate::Event(StreamEvent::Served { service_tier: Some("flex".into()), latency: None });
        assert_eq!(served, [&flex], "{route}: once, though every chunk repeats it");
        assert!(updates.iter().any(|u| matches!(u, RunUpdate::Event(StreamEvent::ThinkingDelta(_)))), "{route}");
        let sent =
            updates.iter().find_map(|u| if let RunUpdate::Sent(sent) = u { Some(sent.body.clone()) } else { None });
        let body: serde_json::Value = serde_json::from_str(&sent.unwrap_or_default()).expect("a JSON body");
        assert_eq!(body["generationConfig"]["thinkingConfig"]["thinkingBudget"], 1024, "{route}");
        assert_eq!(body["contents"][0]["parts"][0]["inlineData"]["mimeType"], "image/png", "{route}");
        assert_eq!(body.get("labels").is_some(), route == RouteId::VertexGemini, "{route}: labels on Vertex only");
    }
}

#[tokio::test]
async fn effort_on_a_gemini_2_5_model_is_refused_with_what_to_use_instead() {
    let mut request = ChatRequest::single("Think hard.");
    request.params.controls.effort = Some(Effort::High);
    let (result, _, _) = run_with(RouteId::GeminiApi, "gemini-2.5-flash", "global", &request).await;
    let error = result.unwrap_err();
    assert_eq!(error.status, Some(400), "{error}");
    assert!(error.hint.as_deref().unwrap_or_default().contains("--thinking BUDGET"), "{error}");
}

#[tokio::test]
async fn a_quota_429_is_retried_and_then_answered() {
    let (result, text, updates) = run(RouteId::VertexGemini, "gemini-2.5-flash-fault-429-then-ok", "us-central1").await;
    assert!(result.is_ok(), "{result:?}");
    assert!(!text.is_empty());
    assert_eq!(updates.iter().filter(|u| matches!(u, RunUpdate::Retrying { .. })).count(), 1);
}

#[tokio::test]
async fn a_publisher_model_missing_at_a_region_suggests_global() {
    let (result, _, _) = run(RouteId::VertexClaude, "claude-sonnet-4-5@20250929-fault-404", "europe-west4").await;
    let error = result.unwrap_err();
    assert_eq!(error.status, Some(404));
    assert!(error.message.contains("Publisher Model"), "{error}");
    assert!(error.hint.as_deref().unwrap_or_default().contains("`global`"), "{error}");
}

#[tokio::test]
async fn a_wrapped_quota_error_after_retries_names_the_quota() {
    let (result, _, _) = run(RouteId::VertexClaude, "claude-haiku-4-5@20251001-fault-429-array", "us-east5").await;
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::RateLimited);
    assert!(error.message.contains("Quota exceeded"), "{error}");
}

#[tokio::test]
async fn an_error_object_mid_stream_ends_the_run_with_its_message_and_keeps_the_text() {
    // gemini-2.0-flash does not think, so the chunks before the error carry answer text.
    let (result, text, _) = run(RouteId::GeminiApi, "gemini-2.0-flash-fault-error-mid-stream", "global").await;
    let error = result.unwrap_err();
    assert!(!text.is_empty(), "the text before the error stays");
    assert!(error.to_string().contains("UNAVAILABLE") || error.to_string().contains("503"), "{error}");
}

#[tokio::test]
async fn crlf_framing_and_a_cut_stream_are_told_apart() {
    let (result, text, _) = run(RouteId::VertexGemini, "gemini-2.5-flash-fault-crlf", "eu").await;
    assert!(result.is_ok(), "CRLF line ends decode: {result:?}");
    assert!(!text.is_empty());
    let (result, _, _) = run(RouteId::GeminiApi, "gemini-2.5-flash-fault-cut", "global").await;
    let error = result.unwrap_err();
    assert!(matches!(error.kind, ErrorKind::Connection | ErrorKind::Protocol), "{error}");
    assert!(error.message.contains("cut") || error.message.contains("ended"), "{error}");
}

#[tokio::test]
async fn the_google_check_names_the_demo_user_and_lists_the_models_of_every_google_route() {
    let handle = emulator().await;
    let url = handle.base_url();
    let config = Config::default();
    let tokens = GoogleTokens::default();
    let env = HashMap::new();
    let around = Surroundings {
        config: &config,
        env: &env,
        emulator_url: Some(&url),
        demo: true,
        google_tokens: &tokens,
        places: &routeplay::models::Places::default(),
    };
    let client = Client::plain_http(&Network::default());
    let found = google_check::check(&around, client.http()).await;
    handle.shutdown().await.unwrap();
    let summary = found.summary.unwrap();
    assert_eq!(summary.kind, "authorized_user");
    assert_eq!(summary.principal.as_deref(), Some(emulator::GOOGLE_DEMO_USER));
    assert_eq!(summary.project.as_deref(), Some(emulator::GOOGLE_DEMO_PROJECT));
    assert_eq!(summary.location, "global");
    assert!(summary.error.is_none() && summary.expires_in_secs.unwrap() > 3000, "{summary:?}");
    let models = found.models.unwrap().unwrap();
    let list = |route| models.lists.iter().find(|(r, _)| *r == route).map(|(_, list)| list.clone()).unwrap();
    let gemini = list(RouteId::GeminiApi);
    assert!(gemini.iter().any(|m| m.id == "gemini-2.5-flash"), "{gemini:?}");
    assert!(gemini.iter().all(|m| !m.id.contains("embedding")), "only generateContent models: {gemini:?}");
    assert!(list(RouteId::VertexClaude).iter().all(|m| m.id.starts_with("claude-") && m.id.contains('@')));
    assert!(list(RouteId::VertexGemini).iter().any(|m| m.id.starts_with("gemini-")));
    assert!(models.note.contains("gemini-api"), "{}", models.note);
}

/// A PKCS#8 RSA key as a service account key file holds it.
fn service_account_pem() -> String {
    use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
    use aws_lc_rs::rsa::{KeyPair, KeySize};
    use base64::Engine as _;
    let key = KeyPair::generate(KeySize::Rsa2048).expect("an RSA key");
    let der: Pkcs8V1Der<'static> = key.as_der().expect("PKCS#8");
    let body = base64::engine::general_purpose::STANDARD.encode(der.as_ref());
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|chunk| std::str::from_utf8(chunk).unwrap()).collect();
    format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", lines.join("\n"))
}

#[tokio::test]
async fn a_vertex_401_with_a_service_account_key_says_to_check_that_key_not_to_set_the_variable() {
    use axum::http::StatusCode;
    let unauthenticated = || async {
        let body = r#"{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}"#;
        (StatusCode::UNAUTHORIZED, [("content-type", "application/json")], body)
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let vertex = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().fallback(unauthenticated)).await });

    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("sa-key.json");
    let key = serde_json::json!({"type": "service_account", "project_id": "proj", "private_key_id": "kid-1",
        "private_key": service_account_pem(), "client_email": "bot@proj.iam.gserviceaccount.com", "client_id": "1"});
    std::fs::write(&key_file, key.to_string()).unwrap();
    let env: HashMap<String, String> = [
        ("GOOGLE_APPLICATION_CREDENTIALS", key_file.to_str().unwrap()),
        ("HOME", dir.path().to_str().unwrap()),
        ("GOOGLE_VERTEX_BASE_URL", vertex.as_str()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value.to_owned()))
    .collect();
    let (config, tokens) = (Config::default(), GoogleTokens::default());
    let around = Surroundings {
        config: &config,
        env: &env,
        emulator_url: None,
        demo: false,
        google_tokens: &tokens,
        places: &routeplay::models::Places::default(),
    };
    let target = Target::new(RouteId::VertexGemini, "gemini-2.5-flash");
    let client = Client::plain_http(&Network::default());
    let request = ChatRequest::single("Hi");
    let result =
        client::resolve_and_run(&client, &target, &request, setup::resolve(&target, &around), &mut |_| {}).await;
    let error = result.unwrap_err();
    assert_eq!(error.status, Some(401), "{error}");
    let hint = error.hint.unwrap_or_default();
    assert!(hint.contains("sa-key.json") && hint.contains("bot@proj.iam.gserviceaccount.com"), "{hint}");
    assert!(hint.contains("deleted or disabled"), "{hint}");
    assert!(!hint.contains("GOOGLE_APPLICATION_CREDENTIALS"), "it is set already: {hint}");
}
