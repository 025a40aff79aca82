//! Copy-as on the OpenAI-compatible routes, rebuilt with the routes' own request builders: the
//! Python scripts (the `openai` SDK) compile for all three, and the `openai` route's curl
//! command, run with `sh`, reaches a loopback server's `/v1/chat/completions` with the key from
//! the environment and streams its answer. (Against the emulator, once it serves these
//! routes, `cli_snippet.rs` covers them as it covers the others.)

// Only its accept loop: this server reads the headers itself, to see the credential.
#[allow(dead_code)]
#[path = "support/loopback.rs"]
mod loopback;

use routeplay::routes::request::ChatRequest;
use routeplay::routes::{Place, PlaceKind, RouteId, Target};
use routeplay::snippet::{Format, HostSettings, SnippetRequest, render};
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::ControlFlow;
use std::process::Command;
use std::time::Duration;

fn request(route: RouteId, model: &str, base_url: Option<&str>) -> SnippetRequest {
    let place = match route.spec().place_kind() {
        PlaceKind::Aws => Place::Aws { region: Some("us-east-1".into()), profile: None },
        PlaceKind::Vertex => Place::Vertex { location: Some("us-central1".into()), project: Some("p1".into()) },
        PlaceKind::None => Place::None,
    };
    let target = Target { place, ..Target::new(route, model) };
    let host = HostSettings { base_url: base_url.map(Into::into), version: String::new() };
    let mut chat = ChatRequest::single("it's \"quoted\" $HOME");
    chat.system = Some("Be brief.".into());
    SnippetRequest::build(&target, &host, &chat).expect("built")
}

fn have(program: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok_and(|out| out.status.success());
    if !found {
        eprintln!("skipped: no {program} on this machine");
    }
    found
}

#[test]
fn python_snippets_compile_on_every_openai_compatible_route() {
    let dir = tempfile::tempdir().expect("temp dir");
    let python = have("python3");
    for (route, model) in [
        (RouteId::OpenAi, "gpt-4o"),
        (RouteId::BedrockOpenAi, "openai.gpt-oss-120b"),
        (RouteId::VertexOpenAi, "meta/llama-3.3-70b-instruct-maas"),
    ] {
        let script = render(Format::Python, &request(route, model, None)).expect("a script");
        assert!(script.contains("client.chat.completions.create(") && script.contains(model), "{script}");
        assert!(!script.contains("Bearer "), "no credential in the script: {script}");
        if python {
            let file = dir.path().join(format!("{}.py", route.name().replace('-', "_")));
            std::fs::write(&file, &script).expect("written");
            let out = Command::new("python3").arg("-m").arg("py_compile").arg(&file).output().expect("python3 runs");
            assert!(out.status.success(), "{route}: {}\n{script}", String::from_utf8_lossy(&out.stderr));
        }
    }
}

/// A server that answers one streamed completion to a POST on `/v1/chat/completions` bearing
/// `Bearer sk-test-curl`, and reports the request line and body it got.
fn completions_server() -> (String, std::sync::mpsc::Receiver<(String, String)>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let address = loopback::accept_for(Duration::from_secs(30), move |socket| {
        let mut reader = BufReader::new(socket);
        let mut head = String::new();
        while reader.read_line(&mut head).is_ok_and(|read| read > 2) {}
        let length = head
            .lines()
            .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|n| n.trim().to_owned()))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        let _ = reader.read_exact(&mut body);
        let authorised = head
            .lines()
            .any(|line| line == "authorization: Bearer sk-test-curl" || line == "Authorization: Bearer sk-test-curl");
        let sse = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hello\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        let answer = if authorised {
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{sse}",
                sse.len()
            )
        } else {
            "HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned()
        };
        let _ =
            tx.send((head.lines().next().unwrap_or_default().to_owned(), String::from_utf8_lossy(&body).into_owned()));
        let stream = reader.get_mut();
        let _ = stream.write_all(answer.as_bytes()).and_then(|()| stream.flush());
        ControlFlow::Break(())
    });
    (format!("http://{address}/v1"), rx)
}

#[test]
fn the_openai_curl_command_sends_the_stored_body_with_the_key_from_the_environment() {
    if !have("curl") {
        return;
    }
    let snippet = request(RouteId::OpenAi, "gpt-4o", None);
    let command = render(Format::Curl, &snippet).expect("a command");
    let (base, got) = completions_server();
    let out = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .env("OPENAI_BASE_URL", &base)
        .env("OPENAI_API_KEY", "sk-test-curl")
        .output()
        .expect("sh runs");
    assert!(out.status.success(), "{}\n{command}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"content\":\"hello\""));
    let (line, body) = got.recv_timeout(Duration::from_secs(10)).expect("the server was reached");
    assert_eq!(line, "POST /v1/chat/completions HTTP/1.1");
    assert_eq!(body, snippet.body, "the body routeplay sent, byte for byte");
}

/// The snippet of `format` for a request at `site` (the AWS region or Vertex location), with
/// profile `team` on AWS, project `p1` on Vertex, and the route's default host unless `base_url`.
fn at(format: Format, route: RouteId, model: &str, site: &str, base_url: Option<&str>) -> String {
    let place = match route.spec().place_kind() {
        PlaceKind::Aws => Place::Aws { region: Some(site.into()), profile: Some("team".into()) },
        PlaceKind::Vertex => Place::Vertex { location: Some(site.into()), project: Some("p1".into()) },
        PlaceKind::None => Place::None,
    };
    let target = Target { place, ..Target::new(route, model) };
    let host = HostSettings { base_url: base_url.map(Into::into), version: String::new() };
    render(format, &SnippetRequest::build(&target, &host, &ChatRequest::single("hi")).expect("built"))
        .expect("rendered")
}

fn curl(route: RouteId, model: &str, site: &str) -> String {
    at(Format::Curl, route, model, site, None)
}

fn script(route: RouteId, model: &str, base_url: Option<&str>) -> String {
    let site = if route.spec().place_kind() == PlaceKind::Vertex { "us-central1" } else { "us-west-2" };
    at(Format::Python, route, model, site, base_url)
}

#[test]
fn the_openai_compatible_routes_send_their_own_credential() {
    let openai = curl(RouteId::OpenAi, "gpt-4o", "us-west-2");
    assert!(openai.contains(r#""${OPENAI_BASE_URL:-https://api.openai.com/v1}/chat/completions""#), "{openai}");
    assert!(openai.contains(r#"-H "Authorization: Bearer $OPENAI_API_KEY""#), "{openai}");
    assert!(openai.contains(r#""stream_options":{"include_usage":true}"#), "{openai}");
    let mantle = curl(RouteId::BedrockOpenAi, "openai.gpt-oss-120b", "us-west-2");
    assert!(mantle.contains("--aws-sigv4 aws:amz:us-west-2:bedrock-mantle"), "{mantle}");
    assert!(
        mantle.contains(
            r#""${AWS_BEDROCK_BASE_URL:-https://bedrock-mantle.us-west-2.api.aws/openai/v1}/chat/completions""#
        ),
        "{mantle}"
    );
    assert!(mantle.contains("$AWS_BEARER_TOKEN_BEDROCK"), "the bearer key is the other way: {mantle}");
    let vertex = curl(RouteId::VertexOpenAi, "meta/llama-3.3-70b-instruct-maas", "us-central1");
    assert!(vertex.contains("$(gcloud auth application-default print-access-token)"), "{vertex}");
    assert!(vertex.contains("x-goog-user-project"), "{vertex}");
    assert!(vertex.contains("/v1/projects/p1/locations/us-central1/endpoints/openapi/chat/completions"), "{vertex}");
}

#[test]
fn openai_reads_its_key_and_base_url_and_streams_with_usage() {
    let text = script(RouteId::OpenAi, "gpt-4o", None);
    assert!(
        text.contains(r#"base_url=(os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1").rstrip("/"),"#),
        "{text}"
    );
    assert!(text.contains(r#"api_key=os.environ["OPENAI_API_KEY"],"#), "{text}");
    assert!(text.contains(r#"stream_options={"include_usage": True},"#), "{text}");
    assert!(text.contains(r#""model": "gpt-4o","#) && !text.contains(r#""stream": True"#), "{text}");
    let local = script(RouteId::OpenAi, "my-model", Some("http://127.0.0.1:8000/v1"));
    assert!(local.contains(r#"os.environ.get("OPENAI_API_KEY", "routeplay-emulator")"#), "{local}");
}

#[test]
fn bedrock_uses_the_sdk_s_bedrock_client_and_vertex_a_google_token() {
    let text = script(RouteId::BedrockOpenAi, "openai.gpt-oss-120b", None);
    assert!(text.contains("client = openai.BedrockOpenAI("), "{text}");
    assert!(text.contains(r#"region = "us-west-2""#) && text.contains(r#"setdefault("AWS_PROFILE", "team")"#));
    assert!(
        text.contains(
            r#"(os.environ.get("AWS_BEDROCK_BASE_URL") or "https://bedrock-mantle.us-west-2.api.aws/openai/v1")"#
        ),
        "{text}"
    );
    let vertex = script(RouteId::VertexOpenAi, "meta/llama-3.3-70b-instruct-maas", None);
    assert!(
        vertex.contains(
            r#""https://us-central1-aiplatform.googleapis.com").rstrip("/") + "/v1/projects/p1/locations/us-central1/endpoints/openapi","#
        ),
        "{vertex}"
    );
    assert!(vertex.contains("api_key=credentials.token,") && vertex.contains("x-goog-user-project"), "{vertex}");
}

#[test]
fn a_captured_request_keeps_the_route_s_own_root_so_the_host_variables_replace_it_whole() {
    use routeplay::routes::capture::{CredentialView, SentRequest};
    let sent = |url: &str| SentRequest {
        method: "POST".into(),
        url: url.into(),
        headers: vec![("content-type".into(), "application/json".into())],
        body: r#"{"model":"m","stream":true}"#.into(),
        signing: None,
        credential: CredentialView::default(),
    };
    let local = SnippetRequest::from_sent(
        &Target::new(RouteId::OpenAi, "m"),
        &sent("http://127.0.0.1:4242/v1/chat/completions"),
    )
    .expect("built");
    assert_eq!((local.base_url.as_str(), local.path()), ("http://127.0.0.1:4242/v1", "/chat/completions"));
    let command = render(Format::Curl, &local).expect("a command");
    assert!(command.contains(r#""${OPENAI_BASE_URL:-http://127.0.0.1:4242/v1}/chat/completions""#), "{command}");
    let script = render(Format::Python, &local).expect("a script");
    assert!(
        script.contains(r#"(os.environ.get("OPENAI_BASE_URL") or "http://127.0.0.1:4242/v1").rstrip("/"),"#),
        "{script}"
    );
    let place = Place::Vertex { location: None, project: None };
    let url = "https://us-central1-aiplatform.googleapis.com/v1/projects/p1/locations/us-central1/endpoints/openapi/chat/completions";
    let vertex =
        SnippetRequest::from_sent(&Target { place, ..Target::new(RouteId::VertexOpenAi, "meta/x") }, &sent(url))
            .expect("built");
    assert_eq!(vertex.base_url, "https://us-central1-aiplatform.googleapis.com");
    assert_eq!((vertex.place.project(), vertex.place.location()), (Some("p1"), Some("us-central1")));
}
