//! The OpenAI-compatible routes in the catalog: one model on several routes in one compare
//! step (gpt-oss on three, Llama and Gemini on two), the cost of Chat Completions usage
//! (cached tokens inside the prompt, reasoning inside the output), and the `GET {base}/models`
//! listing against loopback servers: a list, a refused key, a server that is not there, a list
//! past its cap. Nothing leaves 127.0.0.1.

mod common;
#[path = "support/loopback.rs"]
mod loopback;
#[path = "support/scripted.rs"]
mod scripted;

use routeplay::app::msg::Msg;
use routeplay::auth::Credential;
use routeplay::auth::secret::Secret;
use routeplay::client::listing_check;
use routeplay::client::setup::{Auth, RouteSetup};
use routeplay::models::openai_listing;
use routeplay::models::{Catalog, DiscoveredModels, ModelEntry, Places, RouteOffer, estimate, parity_warnings};
use routeplay::routes::event::Usage;
use routeplay::routes::request::Params;
use routeplay::routes::{RouteId, Target};
use std::io::{BufRead, BufReader, Write};
use std::ops::ControlFlow;
use std::time::Duration;

fn offered(family: &str, route: RouteId, places: &Places) -> Target {
    let catalog = Catalog::builtin();
    let offers = catalog.every_route(catalog.family(family).expect("family"), places);
    match offers.into_iter().find(|offer| offer.route() == route) {
        Some(RouteOffer::Offered(target)) => target,
        other => panic!("{family} not offered on {route}: {other:?}"),
    }
}

#[test]
fn gpt_oss_runs_on_three_routes_llama_and_gemini_on_two() {
    let places = Places::default();
    let oss = |route| offered("gpt-oss-120b", route, &places).model;
    assert_eq!(oss(RouteId::OpenAi), "openai/gpt-oss-120b");
    assert_eq!(oss(RouteId::BedrockOpenAi), "openai.gpt-oss-120b", "Mantle takes no inference profile");
    assert_eq!(oss(RouteId::BedrockConverse), "openai.gpt-oss-120b-1:0");
    let llama = offered("Llama 3.3 70B Instruct", RouteId::BedrockConverse, &places);
    assert_eq!(llama.model, "us.meta.llama3-3-70b-instruct-v1:0", "profile-only: the us. profile");
    let llama = offered("Llama 3.3 70B Instruct", RouteId::VertexOpenAi, &places);
    assert_eq!(
        (llama.model.as_str(), llama.place.location()),
        ("meta/llama-3.3-70b-instruct-maas", Some("us-central1"))
    );
    for route in [RouteId::VertexGemini, RouteId::VertexOpenAi] {
        let gemini = offered("Gemini 2.5 Flash", route, &places);
        assert!(gemini.model.ends_with("gemini-2.5-flash"), "{route}: {}", gemini.model);
    }
    assert_eq!(offered("Gemini 2.5 Flash", RouteId::VertexOpenAi, &places).model, "google/gemini-2.5-flash");
    let mantle_less = Places { region: Some("eu-west-3".into()), ..Places::default() };
    let catalog = Catalog::builtin();
    let offers = catalog.every_route(catalog.family("gpt-oss-20b").expect("family"), &mantle_less);
    let refused = offers.iter().find(|offer| offer.route() == RouteId::BedrockOpenAi);
    assert!(
        matches!(refused, Some(RouteOffer::NotOffered { reason, .. }) if reason == "bedrock-openai has no endpoint in eu-west-3"),
        "{refused:?}"
    );
}

#[test]
fn effort_goes_only_to_the_models_that_reason() {
    let catalog = Catalog::builtin();
    for (route, model) in [
        (RouteId::OpenAi, "o4-mini"),
        (RouteId::OpenAi, "gpt-5"),
        (RouteId::BedrockOpenAi, "openai.gpt-oss-20b"),
        (RouteId::VertexOpenAi, "google/gemini-2.5-flash"),
    ] {
        assert!(catalog.thinks(route, model), "{route} {model} reasons");
    }
    for (route, model) in [
        (RouteId::OpenAi, "gpt-4o"),
        (RouteId::OpenAi, "gpt-4.1"),
        (RouteId::VertexOpenAi, "meta/llama-3.3-70b-instruct-maas"),
        (RouteId::OpenAi, "my-local-model"),
    ] {
        assert!(!catalog.thinks(route, model), "{route} {model} does not");
    }
}

fn usage(prompt: u64, completion: u64, cached: u64, reasoning: u64) -> Usage {
    Usage {
        input_tokens: Some(prompt),
        output_tokens: Some(completion),
        cache_read_tokens: Some(cached),
        cache_write_tokens: None,
        thinking_tokens: Some(reasoning),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn chat_completions_usage_bills_cached_tokens_once_and_reasoning_as_output_once() {
    let catalog = Catalog::builtin();
    // prompt_tokens 10,000 of which 4,000 cached; completion_tokens 3,000 of which 2,000 reasoning.
    let o4 = Target::new(RouteId::OpenAi, "o4-mini");
    let cost = estimate(&catalog, &o4, &usage(10_000, 3_000, 4_000, 2_000)).expect("priced");
    let expected = (6_000.0 * 1.10 + 3_000.0 * 4.40 + 4_000.0 * 0.275) / 1e6;
    assert!(close(cost.usd, expected), "{} vs {expected}", cost.usd);
    assert!(
        cost.basis
            .starts_with("in 6,000 × $1.10 + out 3,000 (incl. 2,000 thinking) × $4.40 + cache read 4,000 × $0.275"),
        "{}",
        cost.basis
    );
    // gpt-oss on Mantle: one Bedrock price, no cache price and no cached tokens.
    let oss = Target::new(RouteId::BedrockOpenAi, "openai.gpt-oss-120b");
    let cost = estimate(&catalog, &oss, &usage(1_000_000, 100_000, 0, 40_000)).expect("priced");
    assert!(close(cost.usd, 0.15 + 0.06), "{}", cost.usd);
    // Cached tokens without a cache price, a price Google does not confirm, a server's own
    // model: unknown, never zero.
    assert_eq!(estimate(&catalog, &oss, &usage(1_000, 10, 500, 0)), None);
    for target in [
        Target::new(RouteId::VertexOpenAi, "google/gemini-2.5-flash"),
        Target::new(RouteId::VertexOpenAi, "meta/llama-3.3-70b-instruct-maas"),
        Target::new(RouteId::OpenAi, "my-local-model"),
    ] {
        assert_eq!(estimate(&catalog, &target, &usage(100, 10, 0, 0)), None, "{target:?}");
    }
}

const SECRET: &str = "sk-test-FAKESECRET-9d2c71";

fn bearer_setup(base_url: &str) -> RouteSetup {
    let auth = Auth::Header(Credential::Bearer(Secret::new(SECRET)));
    RouteSetup::new(base_url.to_owned(), String::new(), auth, "test".into())
}

/// A server that lists models only to a request bearing [`SECRET`], and refuses others with
/// OpenAI's 401.
fn models_server() -> String {
    let address = loopback::accept_for(Duration::from_secs(30), |socket| {
        let mut reader = BufReader::new(socket);
        let mut head = String::new();
        while reader.read_line(&mut head).is_ok_and(|read| read > 2) {}
        let authorised = head.lines().any(|line| line.eq_ignore_ascii_case(&format!("authorization: Bearer {SECRET}")));
        let answer = match (head.starts_with("GET /v1/models "), authorised) {
            (true, true) => scripted::response(
                "200 OK",
                "",
                "application/json",
                r#"{"object":"list","data":[{"id":"qwen2.5-7b-instruct","object":"model","created":1,"owned_by":"llamacpp"},{"id":"gpt-oss-20b"},{"id":"openai/gpt-oss-120b","owned_by":"vllm"}]}"#,
            ),
            (true, false) => scripted::response(
                "401 Unauthorized",
                "",
                "application/json",
                r#"{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#,
            ),
            (false, _) => scripted::response("404 Not Found", "", "text/plain", "no"),
        };
        let stream = reader.get_mut();
        let _ = stream.write_all(answer.as_bytes()).and_then(|()| stream.flush());
        ControlFlow::Continue(())
    });
    format!("http://{address}/v1")
}

fn http() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

#[tokio::test]
async fn a_local_server_s_models_are_listed_after_the_catalog_s() {
    let base = models_server();
    let listed = listing_check::list(RouteId::OpenAi, &bearer_setup(&base), &http()).await.expect("listed");
    let shown: Vec<(&str, &str)> = listed.iter().map(|entry| (entry.id.as_str(), entry.label.as_str())).collect();
    assert_eq!(
        shown,
        [
            ("openai/gpt-oss-120b", "gpt-oss-120b"),
            ("qwen2.5-7b-instruct", "listed by the server · llamacpp"),
            ("gpt-oss-20b", "listed by the server"),
        ]
    );
}

#[tokio::test]
async fn a_refused_key_and_a_server_that_is_not_there_are_one_line_each_without_the_secret() {
    let base = models_server();
    let wrong = RouteSetup::new(
        base.clone(),
        String::new(),
        Auth::Header(Credential::Bearer(Secret::new("sk-test-OTHER-1"))),
        "test".into(),
    );
    let refused = listing_check::list(RouteId::OpenAi, &wrong, &http()).await.unwrap_err();
    assert!(refused.starts_with("openai · model list: ") && refused.contains("401"), "{refused}");
    assert!(!refused.contains('\n') && !refused.contains("sk-test-OTHER-1"), "{refused}");
    // A port nothing listens on: bound, then let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port();
    let gone = listing_check::list(RouteId::OpenAi, &bearer_setup(&format!("http://127.0.0.1:{port}/v1")), &http())
        .await
        .unwrap_err();
    assert!(gone.starts_with("openai · model list: ") && gone.contains(&port.to_string()), "{gone}");
    assert!(!gone.contains(SECRET), "{gone}");
}

#[tokio::test]
async fn a_list_past_its_cap_or_not_a_list_is_refused_naming_why() {
    let huge = format!(r#"{{"data":[{{"id":"{}"}}]}}"#, "x".repeat(5 * 1024 * 1024));
    let answer = scripted::response("200 OK", "", "application/json", &huge);
    let not_a_list = scripted::response("200 OK", "", "text/html", "<html>a proxy's page</html>");
    let big = scripted::serve(vec![("GET /big/models", answer), ("GET /html/models", not_a_list)]);
    let started = std::time::Instant::now();
    let error =
        listing_check::list(RouteId::BedrockOpenAi, &bearer_setup(&format!("{big}/big")), &http()).await.unwrap_err();
    assert!(error.contains("passed 4 MiB"), "{error}");
    let error =
        listing_check::list(RouteId::BedrockOpenAi, &bearer_setup(&format!("{big}/html")), &http()).await.unwrap_err();
    assert!(error.starts_with("bedrock-openai: ") && error.contains("not a model list"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_listing_fills_the_route_pane_and_its_failure_is_one_quiet_line_on_its_routes() {
    let mut app = common::app();
    common::press(&mut app, "tab tab");
    while app.targets.target().route != RouteId::OpenAi {
        common::press(&mut app, "right");
    }
    let entry = |id: &str, label: &str| ModelEntry { id: id.into(), label: label.into() };
    let lists = vec![(RouteId::OpenAi, vec![entry("gpt-4o", "GPT-4o"), entry("local-qwen", "listed by the server")])];
    app.update(Msg::ListedModels(Ok(DiscoveredModels { lists, note: "listed: openai 2".into() })));
    let ids: Vec<&str> = app.targets.current().models.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["gpt-4o", "local-qwen"]);
    let refused = "openai · model list: nothing accepts connections at 127.0.0.1:9 (the curated lists stay)";
    app.update(Msg::ListedModels(Err(refused.into())));
    assert_eq!(app.targets.current().models.len(), 2, "a failure keeps what was listed");
    let screen = common::screen(&mut app, 200, 50, std::time::Instant::now());
    assert!(screen.contains("models: openai · model list: nothing"), "{screen}");
    assert!(!screen.contains('⚠'), "not a problem of the user's files: {screen}");
}

#[test]
fn a_model_s_own_rules_follow_it_onto_the_openai_compatible_wire() {
    let hot = Params { temperature: Some(2.5), ..Params::default() };
    let gemini = parity_warnings(&Target::new(RouteId::VertexOpenAi, "google/gemini-2.5-flash"), &hot);
    assert!(gemini.iter().any(|w| w.starts_with("vertex-openai: ") && w.contains("Gemini's 0–2 range")), "{gemini:?}");
    let warm = Params { temperature: Some(1.5), ..Params::default() };
    let llama = parity_warnings(&Target::new(RouteId::VertexOpenAi, "meta/llama-3.3-70b-instruct-maas"), &warm);
    assert!(!llama.iter().any(|w| w.contains("range")), "neither Claude's nor Gemini's rule: {llama:?}");
    let long = Params { max_tokens: 20_000, ..Params::default() };
    let four_o = parity_warnings(&Target::new(RouteId::OpenAi, "gpt-4o"), &long);
    assert!(four_o.iter().any(|w| w.contains("GPT-4o's output limit of 16384")), "{four_o:?}");
}

#[test]
fn catalog_models_come_first_with_their_names_then_the_other_chat_models_in_listed_order() {
    let body = br#"{"object":"list","data":[
        {"id":"my-local-model","object":"model","created":1,"owned_by":"llamacpp"},
        {"id":"gpt-4o","object":"model","created":1,"owned_by":"system"},
        {"id":"gpt-5","object":"model","created":1,"owned_by":"system"},
        {"id":"gpt-5","object":"model"},
        {"id":"","object":"model"},
        {"id":"whisper-1"},
        {"id":"text-embedding-3-small","owned_by":"system"},
        {"id":"nomic-embed-text:latest","owned_by":"library"},
        {"id":"qwen3:8b","owned_by":"library"}]}"#;
    let entries = openai_listing::parse(Catalog::shared(), RouteId::OpenAi, body).expect("a list");
    let shown: Vec<(&str, &str)> = entries.iter().map(|e| (e.id.as_str(), e.label.as_str())).collect();
    assert_eq!(
        shown,
        [
            ("gpt-5", "GPT-5"),
            ("gpt-4o", "GPT-4o"),
            ("my-local-model", "listed by the server · llamacpp"),
            ("qwen3:8b", "listed by the server · library"),
        ]
    );
}

#[test]
fn an_answer_that_is_not_a_list_says_what_was_expected() {
    let error = openai_listing::parse(Catalog::shared(), RouteId::OpenAi, b"<html>hi</html>").unwrap_err();
    assert!(error.starts_with("the answer is not a model list"), "{error}");
    let error = openai_listing::parse(Catalog::shared(), RouteId::OpenAi, br#"{"models":[]}"#).unwrap_err();
    assert!(error.contains("missing field `data`"), "{error}");
}

#[test]
fn a_list_without_end_is_cut() {
    let data: Vec<String> = (0..openai_listing::MAX_LISTED + 10).map(|n| format!(r#"{{"id":"m{n}"}}"#)).collect();
    let body = format!(r#"{{"data":[{}]}}"#, data.join(","));
    let entries = openai_listing::parse(Catalog::shared(), RouteId::BedrockOpenAi, body.as_bytes()).expect("a list");
    assert_eq!(entries.len(), openai_listing::MAX_LISTED);
}

#[tokio::test]
async fn mantle_s_list_is_signed_for_bedrock_mantle_in_the_region() {
    let (tx, rx) = std::sync::mpsc::channel();
    let address = loopback::accept_for(Duration::from_secs(30), move |socket| {
        let mut reader = BufReader::new(socket);
        let mut head = String::new();
        while reader.read_line(&mut head).is_ok_and(|read| read > 2) {}
        let list =
            r#"{"object":"list","data":[{"id":"openai.gpt-oss-120b","owned_by":"openai"},{"id":"qwen.qwen3-32b"}]}"#;
        let answer = scripted::response("200 OK", "", "application/json", list);
        let _ = tx.send(head);
        let stream = reader.get_mut();
        let _ = stream.write_all(answer.as_bytes()).and_then(|()| stream.flush());
        ControlFlow::Break(())
    });
    let credentials = aws_credential_types::Credentials::new("AKIDLISTING", "listing-secret-key", None, None, "test");
    let auth = Auth::SigV4 { credentials, region: "us-west-2".into(), service: "bedrock-mantle" };
    let setup = RouteSetup::new(format!("http://{address}/openai/v1"), String::new(), auth, "test".into());
    let listed = listing_check::list(RouteId::BedrockOpenAi, &setup, &http()).await.expect("listed");
    let ids: Vec<&str> = listed.iter().map(|entry| entry.id.as_str()).collect();
    assert_eq!(ids, ["openai.gpt-oss-120b", "qwen.qwen3-32b"]);
    let head = rx.recv_timeout(Duration::from_secs(10)).expect("asked");
    assert!(head.starts_with("GET /openai/v1/models HTTP/1.1"), "{head}");
    assert!(head.to_ascii_lowercase().contains("/us-west-2/bedrock-mantle/aws4_request"), "{head}");
    assert!(!head.contains("listing-secret-key"), "{head}");
}
