//! The inspector on every route against the emulator: what it shows was captured as sent
//! (URL, headers, body, the SigV4 signature's parts, the response and the stream as it came),
//! and no secret appears in it, raw or decoded.

use routeplay::app::msg::RunId;
use routeplay::app::runs::Run;
use routeplay::auth::google::GoogleTokens;
use routeplay::client::setup::{self, Surroundings};
use routeplay::client::{self, Client};
use routeplay::config::file::{Config, Network};
use routeplay::emulator::{self, EmulatorOptions};
use routeplay::routes::event::RunUpdate;
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{RouteId, Target};
use routeplay::snippet::{self, Format, SnippetRequest};
use routeplay::ui::theme::Themes;
use std::collections::HashMap;
use std::time::Instant;

const API_KEY: &str = "sk-ant-api03-INSPECTSECRET-5d2c";

/// Run `model` on `route` against an emulator that expects the distinctive credentials, and
/// fold every update into a run, as the playground does.
async fn run(url: &str, route: RouteId, model: &str, demo: bool) -> Run {
    // The AWS chain reads the process environment, which a test must not change: the Bedrock
    // routes sign with the emulator's demo credentials (demo mode), whose secret must not show.
    let openai_base = format!("{url}/v1");
    let env: HashMap<String, String> = [
        ("ANTHROPIC_API_KEY", API_KEY),
        ("ANTHROPIC_BASE_URL", url),
        ("OPENAI_API_KEY", API_KEY),
        ("OPENAI_BASE_URL", &openai_base),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value.to_owned()))
    .collect();
    let config = Config::default();
    let tokens = GoogleTokens::default();
    let around = Surroundings {
        config: &config,
        env: &env,
        emulator_url: Some(url),
        demo,
        google_tokens: &tokens,
        places: &routeplay::models::Places::default(),
    };
    let client = Client::plain_http(&Network::default());
    let target = Target::new(route, model);
    let request = ChatRequest::single("Inspect me");
    let mut state = Run::new(RunId(1), target.clone(), "Inspect me".into());
    let mut report = |update: RunUpdate| {
        state.apply(Instant::now(), update);
    };
    let result =
        client::resolve_and_run(&client, &target, &request, setup::resolve(&target, &around), &mut report).await;
    assert!(result.is_ok(), "{route}: {result:?}");
    state
}

fn text(run: &Run, raw: bool) -> String {
    text_at(run, raw, 120)
}

fn text_at(run: &Run, raw: bool, width: u16) -> String {
    let themes = Themes::built_in();
    routeplay::ui::inspector::lines(run, raw, width, themes.default_theme())
        .iter()
        .map(|line| line.spans.iter().map(|span| span.content.as_ref()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What changes from run to run (ports, dates, signatures, ids, timings, how the body was cut
/// into reads), so a snapshot holds only what the route decides.
const VOLATILE: [(&str, &str); 14] = [
    (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
    (r"\d{8}T\d{6}Z", "[AMZ-DATE]"),
    (r"\b20\d{6}/", "[DATE]/"),
    (r"\b[0-9a-f]{64}\b", "[HEX64]"),
    (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[UUID]"),
    (r"date: \w{3}, .* GMT", "date: [DATE]"),
    (r"\b(req|msg)_[A-Za-z0-9_]+", "${1}_[ID]"),
    (r"\bchatcmpl-[0-9a-f]+", "chatcmpl-[ID]"),
    (r#""created":\d+"#, r#""created":[T]"#),
    (r#""(bytes|responseId)":"[^"]+""#, r#""$1":"[VARIES]""#),
    (r"(Bearer ya29)…\S+", "$1…[MASKED]"),
    (r"expires in \d+ min", "expires in [N] min"),
    (r"\+\s*\d+\.\d ms", "+[T] ms"),
    // The last frames carry the service's latency figures, whose digits vary.
    (r"\d+ bytes in \d+ reads", "[N] bytes in [N] reads"),
];

/// The inspector's request, response and first stream frames for `route`, as a snapshot.
fn snapshot(route: RouteId, shown: &str) {
    let stream = shown.find("\nStream: ").expect("a stream section");
    let head: String = shown[..stream].to_owned() + &shown[stream..].lines().take(9).collect::<Vec<_>>().join("\n");
    let mut settings = insta::Settings::clone_current();
    for (pattern, replacement) in VOLATILE {
        settings.add_filter(pattern, replacement);
    }
    settings.set_snapshot_suffix(route.name());
    settings.bind(|| insta::assert_snapshot!("inspector", head));
}

fn assert_no_secret(route: RouteId, shown: &str) {
    for secret in [API_KEY, emulator::AWS_DEMO_SECRET_ACCESS_KEY, emulator::AWS_DEMO_ACCESS_KEY_ID] {
        assert!(!shown.contains(secret), "{route}: {secret} is in the inspector:\n{shown}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_route_shows_what_it_sent_and_received_and_no_secret() {
    let cases = [
        (RouteId::Anthropic, "emulator-sonnet", false),
        (RouteId::BedrockMantle, "anthropic.emulator-sonnet", true),
        (RouteId::BedrockInvoke, "anthropic.emulator-sonnet-v1:0", true),
        (RouteId::BedrockConverse, "anthropic.emulator-sonnet-v1:0", true),
        (RouteId::GeminiApi, "gemini-2.5-flash", true),
        (RouteId::VertexGemini, "gemini-2.5-flash", true),
        (RouteId::VertexClaude, "claude-sonnet-4-5@20250929", true),
        (RouteId::OpenAi, "emulator-sonnet", false),
        (RouteId::BedrockOpenAi, "emulator-sonnet", true),
        (RouteId::VertexOpenAi, "google/emulator-sonnet", true),
    ];
    let emulator = serve().await;
    for (route, model, demo) in cases {
        let run = run(&emulator.base_url(), route, model, demo).await;
        let decoded = text(&run, false);
        let raw = text(&run, true);
        assert!(decoded.contains("POST") && decoded.contains("http://127.0.0.1:"), "{route}: {decoded}");
        let framing = if matches!(route, RouteId::BedrockInvoke | RouteId::BedrockConverse) {
            "event-stream frames"
        } else {
            "SSE events"
        };
        assert!(decoded.contains(framing), "{route}: the stream is split into {framing}");
        if route == RouteId::BedrockInvoke {
            assert!(decoded.contains(":event-type=chunk"), "{route}: each frame's headers show");
            assert!(decoded.contains("bytes, decoded: {\"type\":\"content_block_delta\""), "{route}: {decoded}");
            assert!(raw.contains("000000  00 00 "), "{route}: binary frames as a hex dump: {raw}");
        }
        if route == RouteId::Anthropic {
            assert!(decoded.contains("event=content_block_delta"), "{route}: {decoded}");
            assert!(raw.contains("event: message_stop\\n"), "{route}: text frames as escaped text: {raw}");
        }
        assert!(decoded.contains("\"Inspect me\""), "{route}: the body is shown: {decoded}");
        assert!(decoded.contains("Stream: ") && raw.contains(" reads, raw bytes"), "{route}");
        snapshot(route, &text_at(&run, false, 1000));
        assert!(
            run.exchange.chunks.iter().map(|chunk| chunk.bytes.len()).sum::<usize>() > 0,
            "{route}: the body was kept"
        );
        if route.is_aws() {
            assert!(decoded.contains("SigV4 signature"), "{route}: {decoded}");
            assert!(decoded.contains("Credential=AKIA…MO01/"), "{route}: the key id is masked: {decoded}");
            assert!(decoded.contains("canonical request:") && decoded.contains("AWS4-HMAC-SHA256"), "{route}");
            let service = route.spec().signing_name.expect("an AWS route signs");
            assert!(decoded.contains(&format!("signing name: {service}")), "{route}: {decoded}");
        }
        if route == RouteId::Anthropic {
            assert!(decoded.contains("x-api-key: sk-a…5d2c"), "{route}: {decoded}");
        }
        if route == RouteId::OpenAi {
            assert!(decoded.contains("authorization: Bearer sk-a…5d2c"), "{route}: {decoded}");
            assert!(decoded.contains("data: [DONE]") || raw.contains("data: [DONE]"), "{route}: {raw}");
        }
        if route.is_vertex() {
            assert!(decoded.contains("authorization: Bearer "), "{route}: {decoded}");
            assert!(decoded.contains("token expires in"), "{route}: which token, and its life: {decoded}");
        }
        assert_no_secret(route, &decoded);
        assert_no_secret(route, &raw);
    }
    emulator.shutdown().await.unwrap();
}

async fn serve() -> emulator::EmulatorHandle {
    let options = EmulatorOptions { tokens_per_second: 0.0, api_key: API_KEY.into(), ..EmulatorOptions::default() };
    emulator::start(options).await.unwrap()
}

/// The inspector's "copy as" snippets, made from each route's captured request: none holds a
/// secret, every Python one compiles, and the curl ones (Anthropic, a SigV4 Bedrock route) send
/// the request again to the emulator with the credentials from the environment.
#[tokio::test(flavor = "multi_thread")]
async fn copy_as_snippets_from_the_capture_hold_no_secret_compile_and_run() {
    let emulator = serve().await;
    let url = emulator.base_url();
    let scratch = tempfile::tempdir().unwrap();
    let cases = [
        (RouteId::Anthropic, "emulator-sonnet", false),
        (RouteId::BedrockMantle, "anthropic.emulator-sonnet", true),
        (RouteId::BedrockInvoke, "anthropic.emulator-sonnet-v1", true),
        (RouteId::BedrockConverse, "anthropic.emulator-sonnet-v1", true),
        (RouteId::GeminiApi, "gemini-2.5-flash", true),
        (RouteId::VertexGemini, "gemini-2.5-flash", true),
        (RouteId::VertexClaude, "claude-sonnet-4-5@20250929", true),
        (RouteId::OpenAi, "emulator-sonnet", false),
        (RouteId::BedrockOpenAi, "emulator-sonnet", true),
        (RouteId::VertexOpenAi, "google/emulator-sonnet", true),
    ];
    for (route, model, demo) in cases {
        let run = run(&url, route, model, demo).await;
        let sent = run.exchange.request.as_deref().expect("captured");
        let request = SnippetRequest::from_sent(&run.target, sent).unwrap();
        for format in Format::ALL {
            let Ok(text) = snippet::render(format, &request) else { continue };
            assert_no_secret(route, &text);
            if format == Format::Python && have("python3") {
                let file = scratch.path().join(format!("{route}.py"));
                std::fs::write(&file, &text).unwrap();
                let out =
                    std::process::Command::new("python3").arg("-m").arg("py_compile").arg(&file).output().unwrap();
                assert!(out.status.success(), "{route}: {}", String::from_utf8_lossy(&out.stderr));
            }
        }
        if matches!(route, RouteId::Anthropic | RouteId::BedrockConverse | RouteId::OpenAi) && have("curl") {
            let curl = snippet::render(Format::Curl, &request).unwrap();
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(&curl)
                .env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .env("ANTHROPIC_API_KEY", API_KEY)
                .env("OPENAI_API_KEY", API_KEY)
                .env("AWS_ACCESS_KEY_ID", emulator::AWS_DEMO_ACCESS_KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", emulator::AWS_DEMO_SECRET_ACCESS_KEY)
                .output()
                .unwrap();
            let body = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{route}: {curl}\n{body}{}", String::from_utf8_lossy(&out.stderr));
            let ended = ["message_stop", "messageStop", "data: [DONE]"];
            assert!(ended.iter().any(|end| body.contains(end)), "{route}: {body}");
        }
    }
    emulator.shutdown().await.unwrap();
}

fn have(program: &str) -> bool {
    let found = std::process::Command::new(program).arg("--version").output().is_ok_and(|out| out.status.success());
    if !found {
        eprintln!("skipped: no {program} on this machine");
    }
    found
}

/// A retried run shows its last attempt, numbered, and says what became of the earlier one.
#[tokio::test(flavor = "multi_thread")]
async fn a_retried_run_shows_its_last_attempt_and_why_the_first_was_retried() {
    let emulator = serve().await;
    let run = run(&emulator.base_url(), RouteId::Anthropic, "emulator-sonnet-fault-429-then-ok", false).await;
    emulator.shutdown().await.unwrap();
    assert_eq!(run.exchange.attempt, 2, "the capture is the second attempt's");
    assert_eq!(run.exchange.status, Some(200));
    let shown = text(&run, false);
    assert!(shown.contains("an earlier attempt: retry 1"), "{shown}");
    assert!(shown.contains("429") && shown.contains("Request (attempt 2)"), "{shown}");
}
