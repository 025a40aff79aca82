//! The three OpenAI-compatible routes' requests, read from their specs: where each goes, how it
//! proves who sends it (an OpenAI key, none to a loopback server, SigV4 `bedrock-mantle` with a
//! `:` in the model id, a Google token with its quota project), the base-URL overrides and
//! config keys, and what is refused before sending. Live requests go to scripted loopback
//! servers that answer with errors, so no stream is decoded here; the emulator's surfaces test
//! the answers.

#[path = "support/cli.rs"]
mod cli;
mod common;
#[path = "support/loopback.rs"]
mod loopback;
#[path = "support/scripted.rs"]
mod scripted;

use routeplay::auth::Credential;
use routeplay::auth::demo::{AWS_DEMO_SECRET_ACCESS_KEY, EMULATOR_API_KEY};
use routeplay::auth::google::GoogleTokens;
use routeplay::auth::secret::Secret;
use routeplay::client::setup::{self, Auth, RouteSetup, Surroundings};
use routeplay::client::{self, Client, host};
use routeplay::config::file::{Config, Network};
use routeplay::models::Places;
use routeplay::routes::capture::SentRequest;
use routeplay::routes::error::{ErrorKind, RunError};
use routeplay::routes::event::RunUpdate;
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{Place, RouteId, Target};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
}

fn config(text: &str) -> Config {
    let (config, problems) = Config::parse(Path::new("config.toml"), text);
    assert!(problems.is_empty(), "{problems:?}");
    config
}

/// The setup `target` resolves to with `config`, `env` and, in demo mode, an emulator at
/// `emulator`.
async fn resolve(
    target: &Target,
    config: &Config,
    env: &HashMap<String, String>,
    emulator: Option<&str>,
) -> Result<RouteSetup, RunError> {
    let tokens = GoogleTokens::default();
    let places = Places::default();
    let around = Surroundings {
        config,
        env,
        emulator_url: emulator,
        demo: emulator.is_some(),
        google_tokens: &tokens,
        places: &places,
    };
    setup::resolve(target, &around).await
}

/// One run of `target` through the client: its result and what it reported (the captured
/// request among it). One retry at most, with short timeouts.
async fn run(
    target: &Target,
    config: &Config,
    env: &HashMap<String, String>,
    emulator: Option<&str>,
) -> (Result<(), RunError>, Vec<RunUpdate>) {
    let tokens = GoogleTokens::default();
    let places = Places::default();
    let around = Surroundings {
        config,
        env,
        emulator_url: emulator,
        demo: emulator.is_some(),
        google_tokens: &tokens,
        places: &places,
    };
    let network = Network { connect_timeout_secs: 5.0, idle_timeout_secs: 10.0, max_retries: 1, ..Network::default() };
    let client = Client::new(&network);
    let request = ChatRequest::single("hello");
    let mut updates = Vec::new();
    let mut report = |update: RunUpdate| updates.push(update);
    let resolved = setup::resolve(target, &around);
    let result = client::resolve_and_run(&client, target, &request, resolved, &mut report).await;
    (result, updates)
}

/// The last request the client captured as sent.
fn sent(updates: &[RunUpdate]) -> &SentRequest {
    updates
        .iter()
        .rev()
        .find_map(|update| match update {
            RunUpdate::Sent(sent) => Some(sent.as_ref()),
            _ => None,
        })
        .expect("a request was sent")
}

fn header<'a>(sent: &'a SentRequest, name: &str) -> Option<&'a str> {
    sent.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
}

fn body(sent: &SentRequest) -> Value {
    serde_json::from_str(&sent.body).expect("a JSON body")
}

const MODEL_NOT_FOUND: &str = r#"{"error":{"message":"The model `gpt-nope` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#;

#[test]
fn each_route_posts_its_chat_completions_url_with_the_output_limit_its_server_takes() {
    let request = ChatRequest::single("hi");
    let setup = |base: &str, place| RouteSetup {
        place,
        ..RouteSetup::new(base.into(), String::new(), Auth::None, "test".into())
    };
    let cases = [
        (
            Target::new(RouteId::OpenAi, "gpt-5-mini"),
            setup("https://api.openai.com/v1/", Place::None),
            "https://api.openai.com/v1/chat/completions",
            "max_completion_tokens",
        ),
        (
            Target::new(RouteId::BedrockOpenAi, "openai.gpt-oss-120b-1:0"),
            setup(
                &routeplay::routes::openai::bedrock_openai_host("eu-west-1"),
                Place::Aws { region: Some("eu-west-1".into()), profile: None },
            ),
            "https://bedrock-mantle.eu-west-1.api.aws/openai/v1/chat/completions",
            "max_completion_tokens",
        ),
        (
            Target::new(RouteId::VertexOpenAi, "meta/llama-3.3-70b-instruct-maas"),
            setup(
                "https://us-central1-aiplatform.googleapis.com",
                Place::Vertex { location: Some("us-central1".into()), project: Some("p1".into()) },
            ),
            "https://us-central1-aiplatform.googleapis.com/v1/projects/p1/locations/us-central1/endpoints/openapi/\
             chat/completions",
            "max_tokens",
        ),
    ];
    for (target, setup, url, limit) in cases {
        let (http, _) = routeplay::client::plan::plan(&target, &request, &setup);
        assert_eq!((http.method, http.url.as_str()), ("POST", url), "{}", target.route);
        let body: Value = serde_json::from_slice(&http.body).unwrap();
        assert_eq!(body["model"], target.model.as_str(), "the id goes in the body as it is, `:` and `/` too");
        assert_eq!(body[limit], 1024, "{}: {body}", target.route);
        assert_eq!(
            (body["stream"].clone(), body["stream_options"]["include_usage"].clone()),
            (true.into(), true.into())
        );
    }
}

#[test]
fn the_config_keys_win_over_the_variables_which_win_over_the_default_hosts() {
    let openai = RouteId::OpenAi.spec();
    let set = config("[routes.openai]\nbase_url = \"http://127.0.0.1:8080/v1\"\n");
    let configured = setup::configured_base_url(&set, openai);
    let variable = env(&[("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")]);
    assert_eq!(host::base_url(openai, configured, &variable, None).as_deref(), Some("http://127.0.0.1:8080/v1"));
    assert_eq!(host::base_url(openai, None, &variable, None).as_deref(), Some("http://127.0.0.1:11434/v1"));
    assert_eq!(host::base_url(openai, None, &env(&[]), None).as_deref(), Some("https://api.openai.com/v1"));

    let mantle = RouteId::BedrockOpenAi.spec();
    let set = config("[routes.bedrock]\nopenai_base_url = \"https://proxy.example/openai/v1\"\n");
    let configured = setup::configured_base_url(&set, mantle);
    let variable = env(&[("AWS_BEDROCK_BASE_URL", "https://other.example/v1")]);
    let base = |configured, env: &HashMap<String, String>| host::base_url(mantle, configured, env, Some("us-west-2"));
    assert_eq!(base(configured, &variable).as_deref(), Some("https://proxy.example/openai/v1"));
    assert_eq!(base(None, &variable).as_deref(), Some("https://other.example/v1"));
    assert_eq!(base(None, &env(&[])).as_deref(), Some("https://bedrock-mantle.us-west-2.api.aws/openai/v1"));
    assert_eq!(
        setup::configured_base_url(&set, RouteId::BedrockMantle.spec()),
        None,
        "Mantle's Messages surface keeps its own key"
    );
}

#[tokio::test]
async fn a_loopback_server_needs_no_key_and_any_other_host_does() {
    let target = Target::new(RouteId::OpenAi, "llama3.2");
    for base in
        ["http://127.0.0.1:8080/v1", "http://127.0.0.2:9/v1", "http://[::1]:8000/v1", "http://localhost:1234/v1"]
    {
        let setup = resolve(&target, &Config::default(), &env(&[("OPENAI_BASE_URL", base)]), None).await.unwrap();
        assert!(matches!(setup.auth, Auth::None), "{base}: {:?}", setup.auth);
        assert_eq!(setup.source, format!("none needed: loopback server ({base})"));
    }
    let error = resolve(&target, &Config::default(), &env(&[]), None).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::MissingCredential);
    let line = error.to_string();
    for needed in [
        "https://api.openai.com/v1",
        "OPENAI_API_KEY",
        "api_key under [routes.openai]",
        "OPENAI_BASE_URL=http://127.0.0.1:PORT/v1",
    ] {
        assert!(line.contains(needed), "{needed} missing from: {line}");
    }
}

#[tokio::test]
async fn the_key_comes_from_the_environment_else_the_config_and_never_over_plain_http_to_another_host() {
    let target = Target::new(RouteId::OpenAi, "gpt-5-mini");
    let keyed = config("[routes.openai]\napi_key = \"sk-config-fake-0002\"\n");
    let from_env = resolve(&target, &keyed, &env(&[("OPENAI_API_KEY", "sk-env-fake-0001")]), None).await.unwrap();
    assert_eq!(from_env.source, "OPENAI_API_KEY (env)");
    assert!(matches!(&from_env.auth, Auth::Header(Credential::Bearer(key)) if key == &Secret::new("sk-env-fake-0001")));
    let from_config = resolve(&target, &keyed, &env(&[]), None).await.unwrap();
    assert_eq!(from_config.source, "api_key under [routes.openai] (config.toml)");
    assert!(!format!("{from_config:?}").contains("sk-config-fake-0002"), "the key never prints");

    let lan = env(&[("OPENAI_API_KEY", "sk-env-fake-0001"), ("OPENAI_BASE_URL", "http://10.0.0.5:8000/v1")]);
    let refused = resolve(&target, &Config::default(), &lan, None).await.unwrap_err();
    let line = refused.to_string();
    assert!(line.contains("refusing to send the OpenAI API key to 10.0.0.5 over plain http"), "{line}");
    assert!(line.contains("127.0.0.1") && !line.contains("sk-env"), "{line}");
}

#[tokio::test]
async fn demo_mode_sends_each_route_to_the_emulator_at_its_real_path() {
    let emulator = "http://127.0.0.1:9";
    let target = Target::new(RouteId::OpenAi, "emulator-sonnet");
    let openai = resolve(&target, &Config::default(), &env(&[]), Some(emulator)).await.unwrap();
    assert_eq!(openai.base_url, "http://127.0.0.1:9/v1");
    assert!(matches!(&openai.auth, Auth::Header(Credential::Bearer(key)) if key.expose() == EMULATOR_API_KEY));
    let mantle = Target::new(RouteId::BedrockOpenAi, "openai.gpt-oss-120b-1:0");
    let mantle = resolve(&mantle, &Config::default(), &env(&[]), Some(emulator)).await.unwrap();
    assert_eq!(mantle.base_url, "http://127.0.0.1:9/openai/v1");
    assert!(matches!(mantle.auth, Auth::SigV4 { service: "bedrock-mantle", .. }), "{:?}", mantle.auth);
}

#[tokio::test]
async fn an_openai_error_becomes_one_line_with_its_code_request_id_and_fix() {
    let answer =
        scripted::response("404 Not Found", "x-request-id: req_abc123\r\n", "application/json", MODEL_NOT_FOUND);
    let base = scripted::serve(vec![("POST /v1/chat/completions", answer)]);
    let keyed = env(&[("OPENAI_API_KEY", "sk-test-fake-key-0001"), ("OPENAI_BASE_URL", &format!("{base}/v1"))]);
    let target = Target::new(RouteId::OpenAi, "gpt-nope");
    let (result, updates) = run(&target, &Config::default(), &keyed, None).await;
    let error = result.unwrap_err();
    assert_eq!(
        (error.kind, error.status, error.provider_type.as_deref()),
        (ErrorKind::InvalidRequest, Some(404), Some("model_not_found"))
    );
    assert_eq!(error.request_id.as_deref(), Some("req_abc123"));
    let line = error.to_string();
    assert!(
        line.starts_with("openai · gpt-nope: HTTP 404 model_not_found: The model `gpt-nope` does not exist"),
        "{line}"
    );
    assert!(line.contains("model list") && line.contains("routeplay doctor --route openai --model ID"), "{line}");
    let sent = sent(&updates);
    assert_eq!(sent.url, format!("{base}/v1/chat/completions"));
    let authorization = header(sent, "authorization").expect("the key is sent");
    assert!(authorization.starts_with("Bearer ") && !authorization.contains("fake-key"), "masked: {authorization}");
    assert_eq!(header(sent, "x-api-key"), None);
    assert_eq!(body(sent)["model"], "gpt-nope");
}

#[tokio::test]
async fn a_keyless_loopback_server_gets_no_authorization_and_a_401_says_to_set_the_key() {
    let refused = r#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#;
    let answer = scripted::response("401 Unauthorized", "", "application/json", refused);
    let base = scripted::serve(vec![("POST /v1/chat/completions", answer)]);
    let target = Target::new(RouteId::OpenAi, "local-model");
    let (result, updates) =
        run(&target, &Config::default(), &env(&[("OPENAI_BASE_URL", &format!("{base}/v1"))]), None).await;
    let error = result.unwrap_err();
    assert_eq!((error.kind, error.provider_type.as_deref()), (ErrorKind::Auth, Some("invalid_api_key")));
    assert!(error.hint.as_deref().is_some_and(|hint| hint.contains("set OPENAI_API_KEY")), "{error}");
    assert_eq!(header(sent(&updates), "authorization"), None, "no key, no header");
}

#[test]
fn only_the_openai_key_route_is_told_to_set_openai_api_key() {
    use routeplay::client::http_error::{ErrorContext, from_response};
    let refused = br#"{"error":{"message":"Unauthorized","type":"invalid_request_error","param":null,"code":null}}"#;
    let context = |route| ErrorContext {
        route,
        model: "m",
        region: None,
        vertex: false,
        refresh_hint: None,
        shape: routeplay::routes::spec::ErrorShape::OpenAiCompatible,
    };
    let headers = reqwest::header::HeaderMap::new();
    let openai = from_response(&context("openai"), 401, &headers, refused);
    assert!(openai.hint.as_deref().is_some_and(|hint| hint.contains("set OPENAI_API_KEY")), "{openai}");
    let mantle = from_response(&context("bedrock-openai"), 401, &headers, refused);
    assert!(mantle.hint.as_deref().is_some_and(|hint| !hint.contains("OPENAI_API_KEY")), "{mantle}");
    let quota = br#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#;
    let error = from_response(&context("openai"), 429, &headers, quota);
    assert!(error.hint.as_deref().is_some_and(|hint| hint.contains("waiting will not help")), "{error}");
}

#[tokio::test]
async fn a_429_is_retried_after_the_servers_retry_after() {
    let limited =
        r#"{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#;
    let answer = scripted::response("429 Too Many Requests", "retry-after: 1\r\n", "application/json", limited);
    let base = scripted::serve(vec![("POST /v1/chat/completions", answer)]);
    let target = Target::new(RouteId::OpenAi, "gpt-5-mini");
    let (result, updates) =
        run(&target, &Config::default(), &env(&[("OPENAI_BASE_URL", &format!("{base}/v1"))]), None).await;
    let error = result.unwrap_err();
    assert_eq!((error.kind, error.provider_type.as_deref()), (ErrorKind::RateLimited, Some("rate_limit_exceeded")));
    let delays: Vec<Duration> = updates
        .iter()
        .filter_map(|update| match update {
            RunUpdate::Retrying { delay, .. } => Some(*delay),
            _ => None,
        })
        .collect();
    assert_eq!(delays, [Duration::from_secs(1)], "one retry, after the server's delay");
}

#[tokio::test]
async fn bedrock_openai_signs_as_bedrock_mantle_and_the_signature_verifies_with_a_colon_in_the_id() {
    let denied = r#"{"message":"User is not authorized"}"#;
    let answer =
        scripted::response("403 Forbidden", "x-amzn-errortype: AccessDeniedException\r\n", "application/json", denied);
    let emulator = scripted::serve(vec![("POST /openai/v1/chat/completions", answer)]);
    let target = Target {
        place: Place::Aws { region: Some("eu-west-1".into()), profile: None },
        ..Target::new(RouteId::BedrockOpenAi, "openai.gpt-oss-120b-1:0")
    };
    let (result, updates) = run(&target, &Config::default(), &env(&[]), Some(&emulator)).await;
    let error = result.unwrap_err();
    assert_eq!(error.provider_type.as_deref(), Some("AccessDeniedException"), "AWS's shape is read after OpenAI's");
    assert!(error.hint.as_deref().is_some_and(|hint| hint.contains("Mantle")), "{error}");
    let sent = sent(&updates);
    assert_eq!(sent.url, format!("{emulator}/openai/v1/chat/completions"));
    assert_eq!(body(sent)["model"], "openai.gpt-oss-120b-1:0");
    let signing = sent.signing.as_ref().expect("signed");
    assert_eq!((signing.service.as_str(), signing.region.as_str()), ("bedrock-mantle", "eu-west-1"));
    assert!(
        signing.credential_scope.ends_with("/eu-west-1/bedrock-mantle/aws4_request"),
        "{}",
        signing.credential_scope
    );
    // Verified as a server does: the canonical request covers this path and this body, the
    // string to sign covers the canonical request, and the demo secret signs it.
    let mut canonical = signing.canonical_request.lines();
    assert_eq!((canonical.next(), canonical.next()), (Some("POST"), Some("/openai/v1/chat/completions")));
    assert_eq!(signing.canonical_request.lines().last(), Some(hex(&Sha256::digest(sent.body.as_bytes())).as_str()));
    let to_sign: Vec<&str> = signing.string_to_sign.lines().collect();
    assert_eq!(to_sign[0], "AWS4-HMAC-SHA256");
    assert_eq!(to_sign[3], hex(&Sha256::digest(signing.canonical_request.as_bytes())));
    let key = aws_sigv4::sign::v4::generate_signing_key(
        AWS_DEMO_SECRET_ACCESS_KEY,
        time_of(to_sign[1]),
        "eu-west-1",
        "bedrock-mantle",
    );
    assert_eq!(aws_sigv4::sign::v4::calculate_signature(key, signing.string_to_sign.as_bytes()), signing.signature);
}

#[tokio::test]
async fn vertex_openai_sends_the_google_token_and_quota_project_to_endpoints_openapi() {
    let handle = routeplay::emulator::start(routeplay::emulator::EmulatorOptions::default()).await.unwrap();
    let url = handle.base_url();
    let target = Target::new(RouteId::VertexOpenAi, "meta/llama-3.3-70b-instruct-maas");
    let (_, updates) = run(&target, &Config::default(), &env(&[]), Some(&url)).await;
    handle.shutdown().await.unwrap();
    let sent = sent(&updates);
    assert_eq!(
        sent.url,
        format!("{url}/v1/projects/routeplay-demo/locations/global/endpoints/openapi/chat/completions")
    );
    assert!(header(sent, "authorization").is_some_and(|value| value.starts_with("Bearer ")), "{:?}", sent.headers);
    assert_eq!(header(sent, "x-goog-user-project"), Some("routeplay-demo"));
    assert_eq!(body(sent)["max_tokens"], 1024);
}

#[test]
fn a_bare_vertex_id_is_refused_before_sending_with_the_fix() {
    let request = ChatRequest::single("hi");
    let refused =
        routeplay::preflight::check(&Target::new(RouteId::VertexOpenAi, "llama-3.3-70b-instruct-maas"), &request)
            .refused;
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(
        refused[0].starts_with("vertex-openai: model id `llama-3.3-70b-instruct-maas` names no publisher"),
        "{refused:?}"
    );
    assert!(refused[0].ends_with("use publisher/model, e.g. meta/llama-3.3-70b-instruct-maas"), "{refused:?}");
    let fine = routeplay::preflight::check(&Target::new(RouteId::VertexOpenAi, "google/gemini-2.5-flash"), &request);
    assert!(fine.refused.is_empty(), "{:?}", fine.refused);
    let openai = routeplay::preflight::check(&Target::new(RouteId::OpenAi, "llama3.2"), &request);
    assert!(openai.refused.is_empty(), "other routes take bare ids");
}

#[tokio::test]
async fn doctor_asks_the_server_for_the_model_and_says_the_key_is_not_needed() {
    let found =
        scripted::response("200 OK", "", "application/json", r#"{"id":"qwen3","object":"model","owned_by":"me"}"#);
    let missing = scripted::response("404 Not Found", "", "application/json", MODEL_NOT_FOUND);
    let base = scripted::serve(vec![
        ("GET /v1/models/qwen3 ", found),
        ("GET /v1/models/", missing),
        ("HEAD /", scripted::response("200 OK", "", "text/plain", "")),
    ]);
    let local = env(&[("OPENAI_BASE_URL", &format!("{base}/v1"))]);
    let tokens = GoogleTokens::default();
    let places = Places::default();
    let config = Config::default();
    let around = Surroundings {
        config: &config,
        env: &local,
        emulator_url: None,
        demo: false,
        google_tokens: &tokens,
        places: &places,
    };
    let http = reqwest::Client::new();
    let report = client::doctor::check(RouteId::OpenAi, Some("qwen3"), &around, &http).await;
    let line = |name| {
        report.checks.iter().find(|check| check.check == name).unwrap_or_else(|| panic!("{name}: {:?}", report.checks))
    };
    assert!(line("credential").detail.starts_with("none needed: loopback server"), "{:?}", report.checks);
    assert_eq!(line("model").detail, "qwen3 is there for this credential");
    let report = client::doctor::check(RouteId::OpenAi, Some("gpt-nope"), &around, &http).await;
    let model = report.checks.iter().find(|check| check.check == "model").unwrap();
    assert!(model.detail.starts_with("HTTP 404 model_not_found"), "{model:?}");
}

/// `routeplay ARGS` under a fresh HOME with `env` set (and instance metadata off): its exit
/// code, standard output and standard error.
fn routeplay(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let home = tempfile::tempdir().unwrap();
    let mut command = cli::routeplay_command(home.path(), args);
    command.env("AWS_EC2_METADATA_DISABLED", "true");
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().unwrap();
    (out.status.code(), cli::text(&out.stdout), cli::text(&out.stderr))
}

/// The `openai` row of `routeplay routes --json` with `env`.
fn openai_row(env: &[(&str, &str)]) -> (Value, String) {
    let (code, stdout, stderr) = routeplay(&["routes", "--json"], env);
    assert_eq!(code, Some(0), "{stderr}");
    let rows: Value = serde_json::from_str(&stdout).unwrap();
    let row = rows.as_array().unwrap().iter().find(|row| row["route"] == "openai").unwrap().clone();
    (row, stdout)
}

#[test]
fn routes_says_where_the_key_came_from_or_that_a_loopback_server_needs_none() {
    let secret = "sk-proj-DISTINCTIVE-FAKE-OPENAI-KEY";
    let (row, stdout) = openai_row(&[("OPENAI_API_KEY", secret)]);
    assert_eq!(row["credential"], serde_json::json!({"status": "ready", "source": "OPENAI_API_KEY (env)"}));
    assert!(!stdout.contains("DISTINCTIVE"), "{stdout}");
    let (row, _) = openai_row(&[("OPENAI_BASE_URL", "http://127.0.0.1:8080/v1")]);
    assert_eq!(row["credential"], serde_json::json!({"status": "ready", "source": "none needed: loopback server"}));
    let (row, _) = openai_row(&[]);
    assert_eq!(row["credential"]["status"], "missing");
    assert!(row["credential"]["hint"].as_str().unwrap().contains("OPENAI_API_KEY"), "{row}");
}

#[test]
fn ask_says_before_anything_else_that_chat_completions_cannot_count_and_that_a_bare_vertex_id_needs_a_publisher() {
    let (code, _, stderr) =
        routeplay(&["ask", "--route", "openai", "--model", "gpt-5-mini", "--count-only", "hi"], &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("openai cannot count tokens before sending: Chat Completions has no token-counting endpoint"),
        "{stderr}"
    );
    let (code, _, stderr) =
        routeplay(&["ask", "--route", "vertex-openai", "--model", "llama-3.3-70b-instruct-maas", "hi"], &[]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("use publisher/model, e.g. meta/llama-3.3-70b-instruct-maas"), "{stderr}");
}

#[test]
fn alt_t_says_at_once_that_chat_completions_cannot_count() {
    let mut app = common::app();
    app.targets.choose_target(&Target::new(RouteId::OpenAi, "gpt-5-mini"));
    common::type_text(&mut app, "hello");
    let effects = common::press(&mut app, "alt+t");
    assert!(
        !effects.iter().any(|effect| matches!(effect, routeplay::app::effect::Effect::CountTokens { .. })),
        "nothing is asked of the runtime"
    );
    let notice = app.notice.as_ref().expect("a notice");
    assert!(notice.is_error, "{}", notice.text);
    assert!(notice.text.contains("cannot count tokens before sending: Chat Completions has no"), "{}", notice.text);
}

#[tokio::test]
async fn doctor_looks_a_vertex_model_up_under_its_own_publisher_and_fails_a_bare_id_with_the_fix() {
    let handle = routeplay::emulator::start(routeplay::emulator::EmulatorOptions::default()).await.unwrap();
    let url = handle.base_url();
    let (tokens, places, config, none) = (GoogleTokens::default(), Places::default(), Config::default(), env(&[]));
    let around = Surroundings {
        config: &config,
        env: &none,
        emulator_url: Some(&url),
        demo: true,
        google_tokens: &tokens,
        places: &places,
    };
    let http = reqwest::Client::new();
    let model_check = |report: &routeplay::client::doctor::RouteReport| {
        report.checks.iter().find(|check| check.check == "model").cloned().expect("a model check")
    };
    let report = client::doctor::check(RouteId::VertexOpenAi, Some("meta/llama-3.3-70b-instruct-maas"), &around, &http);
    let model = model_check(&report.await);
    assert_ne!(model.status, routeplay::client::doctor::Status::Failed, "only a doubt: {model:?}");
    let report = client::doctor::check(RouteId::VertexOpenAi, Some("llama-3.3-70b-instruct-maas"), &around, &http);
    let model = model_check(&report.await);
    handle.shutdown().await.unwrap();
    assert_eq!(model.status, routeplay::client::doctor::Status::Failed, "{model:?}");
    assert!(model.detail.contains("use publisher/model"), "{model:?}");
}

/// A loopback server that keeps every request's head (request line and headers, lower-cased)
/// and answers each with AWS's access-denied error.
fn capturing_server() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let heads = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = heads.clone();
    let address = loopback::accept_for(Duration::from_mins(1), move |socket| {
        let mut reader = BufReader::new(socket);
        let (mut head, mut line, mut length) = (String::new(), String::new(), 0);
        while reader.read_line(&mut line).is_ok_and(|read| read > 0) && line != "\r\n" {
            let lower = line.to_ascii_lowercase();
            if let Some(value) = lower.strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
            head.push_str(&lower);
            line.clear();
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_ok() {
            kept.lock().unwrap().push(head);
            let denied = r#"{"message":"denied"}"#;
            let answer = scripted::response(
                "403 Forbidden",
                "x-amzn-errortype: AccessDeniedException\r\n",
                "application/json",
                denied,
            );
            let _ = reader.get_mut().write_all(answer.as_bytes());
        }
        std::ops::ControlFlow::Continue(())
    });
    (format!("http://{address}"), heads)
}

#[test]
fn a_bedrock_api_key_goes_as_bearer_to_aws_bedrock_base_url_unless_the_config_key_names_another() {
    let (base, heads) = capturing_server();
    let env_base = format!("{base}/from-env/openai/v1");
    let aws = [
        ("AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-FAKE-0003"),
        ("AWS_REGION", "us-west-2"),
        ("AWS_BEDROCK_BASE_URL", env_base.as_str()),
    ];
    let ask = ["ask", "--route", "bedrock-openai", "--model", "openai.gpt-oss-120b-1:0", "hi"];
    let (code, _, stderr) = routeplay(&ask, &aws);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("HTTP 403 AccessDeniedException: denied"), "{stderr}");
    let home = tempfile::tempdir().unwrap();
    let config_dir = home.path().join("config");
    std::fs::create_dir_all(&config_dir).unwrap();
    let configured = format!("[routes.bedrock]\nopenai_base_url = \"{base}/from-config/openai/v1\"\n");
    std::fs::write(config_dir.join("config.toml"), configured).unwrap();
    let mut command = cli::routeplay_command(home.path(), &ask);
    command.env("AWS_EC2_METADATA_DISABLED", "true").envs(aws);
    let out = command.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", cli::text(&out.stderr));
    let heads = heads.lock().unwrap().clone();
    let lines: Vec<&str> = heads.iter().map(|head| head.lines().next().unwrap_or_default()).collect();
    assert_eq!(
        lines,
        ["post /from-env/openai/v1/chat/completions http/1.1", "post /from-config/openai/v1/chat/completions http/1.1"]
    );
    for head in &heads {
        assert!(head.contains("authorization: bearer bedrock-api-key-fake-0003\r\n"), "{head}");
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// `20261207T212600Z` as a time.
fn time_of(stamp: &str) -> SystemTime {
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &stamp[..4],
        &stamp[4..6],
        &stamp[6..8],
        &stamp[9..11],
        &stamp[11..13],
        &stamp[13..15]
    );
    let parsed = aws_smithy_types::DateTime::from_str(&iso, aws_smithy_types::date_time::Format::DateTime).unwrap();
    SystemTime::try_from(parsed).unwrap()
}

#[test]
fn a_chat_completions_route_takes_text_files_as_text_parts_but_no_pdfs() {
    use routeplay::routes::attachment::{Attachment, AttachmentKind};
    let file = |name: &str, kind| Attachment {
        name: name.into(),
        kind,
        size: 10,
        sha256: "0".repeat(64),
        pixels: None,
        bytes: Some(std::sync::Arc::from(&b"0123456789"[..])),
    };
    for route in [RouteId::BedrockOpenAi, RouteId::VertexOpenAi] {
        let text = routeplay::attach::check(route, "m", &[file("notes.txt", AttachmentKind::Text)]);
        assert!(text.refused.is_empty(), "{route}: {:?}", text.refused);
        let pdf = routeplay::attach::check(route, "m", &[file("report.pdf", AttachmentKind::Pdf)]);
        assert!(pdf.refused.len() == 1 && pdf.refused[0].contains("openai"), "{route}: {:?}", pdf.refused);
    }
}
