//! Helpers for the Chat Completions surface tests: a started emulator, requests on each surface
//! with its credentials (SigV4 signed here with `aws-sigv4`), and SSE parsing.

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use reqwest::{Response, StatusCode};
use routeplay::emulator::{
    self, AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_BEARER_KEY, AWS_DEMO_SECRET_ACCESS_KEY, EMULATOR_API_KEY, EmulatorHandle,
    EmulatorOptions, GOOGLE_DEMO_CLIENT_ID, GOOGLE_DEMO_CLIENT_SECRET, GOOGLE_DEMO_REFRESH_TOKEN,
};
use serde_json::{Value, json};
use std::time::SystemTime;

pub async fn start() -> EmulatorHandle {
    emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() }).await.expect("starts")
}

/// Who a request is sent as, and where.
#[derive(Debug, Clone)]
pub enum Via {
    /// `/v1/chat/completions` with this bearer key.
    OpenAi(&'static str),
    /// `/openai/v1/chat/completions` with the Bedrock API key.
    MantleBearer,
    /// `path` signed with SigV4 for `service`.
    SigV4 { path: &'static str, service: &'static str },
    /// Vertex's endpoint in `location` with this bearer token.
    Vertex { location: &'static str, token: String },
    /// `path` without credentials.
    Nothing(&'static str),
}

pub const OPENAI: Via = Via::OpenAi(EMULATOR_API_KEY);
pub const MANTLE_SIGV4: Via = Via::SigV4 { path: "/openai/v1/chat/completions", service: "bedrock-mantle" };

/// A body with one user message.
pub fn chat(model: &str, prompt: &str, extra: &Value) -> Value {
    let mut body = json!({ "model": model, "messages": [{ "role": "user", "content": prompt }] });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    body
}

/// A streaming body with the usage chunk asked for.
pub fn streaming(model: &str, prompt: &str) -> Value {
    chat(model, prompt, &json!({ "stream": true, "stream_options": { "include_usage": true } }))
}

/// POST `body` via `via`, with `extra` headers.
pub async fn post(emu: &EmulatorHandle, via: &Via, body: &Value, extra: &[(&str, &str)]) -> Response {
    let bytes = body.to_string().into_bytes();
    let path = match via {
        Via::OpenAi(_) => "/v1/chat/completions".to_owned(),
        Via::MantleBearer => "/openai/v1/chat/completions".to_owned(),
        Via::SigV4 { path, .. } | Via::Nothing(path) => (*path).to_owned(),
        Via::Vertex { location, .. } => {
            format!("/v1/projects/p1/locations/{location}/endpoints/openapi/chat/completions")
        }
    };
    let url = format!("{}{path}", emu.base_url());
    let mut headers: Vec<(String, String)> = vec![("content-type".into(), "application/json".into())];
    headers.extend(extra.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())));
    match via {
        Via::OpenAi(key) => headers.push(("authorization".into(), format!("Bearer {key}"))),
        Via::MantleBearer => headers.push(("authorization".into(), format!("Bearer {AWS_DEMO_BEARER_KEY}"))),
        Via::Vertex { token, .. } => headers.push(("authorization".into(), format!("Bearer {token}"))),
        Via::SigV4 { service, .. } => {
            let signed: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let extra = sigv4_headers(service, &url, &signed, &bytes);
            headers.extend(extra);
        }
        Via::Nothing(_) => {}
    }
    let mut builder = reqwest::Client::new().post(&url).body(bytes);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder.send().await.expect("sent")
}

/// The headers SigV4 adds to a POST of `body` to `url`, signed with the demo key for `service`.
pub fn sigv4_headers(service: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<(String, String)> {
    let identity: Identity =
        Credentials::new(AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_SECRET_ACCESS_KEY, None, None, "emulator-openai-test").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name(service)
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .expect("params")
        .into();
    let request =
        SignableRequest::new("POST", url, headers.iter().copied(), SignableBody::Bytes(body)).expect("signable");
    let (instructions, _) = sign(request, &params).expect("signs").into_parts();
    instructions.headers().map(|(name, value)| (name.to_owned(), value.to_owned())).collect()
}

/// An access token for the demo user (refresh-token grant).
pub async fn google_token(emu: &EmulatorHandle) -> String {
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", GOOGLE_DEMO_CLIENT_ID),
        ("client_secret", GOOGLE_DEMO_CLIENT_SECRET),
        ("refresh_token", GOOGLE_DEMO_REFRESH_TOKEN),
    ];
    let encode = |value: &str| -> String {
        value
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let form: Vec<String> = form.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect();
    let response = reqwest::Client::new()
        .post(format!("{}/token", emu.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.join("&"))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    body["access_token"].as_str().expect("a token").to_owned()
}

/// A Vertex via in `global` with a fresh token.
pub async fn vertex(emu: &EmulatorHandle) -> Via {
    Via::Vertex { location: "global", token: google_token(emu).await }
}

/// The whole body as text, after checking the status.
pub async fn body_of(response: Response, status: StatusCode) -> String {
    let actual = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(actual, status, "{text}");
    text
}

/// The JSON of a response with `status`.
pub async fn json_of(response: Response, status: StatusCode) -> Value {
    let text = body_of(response, status).await;
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// The `data:` payloads of an SSE body, in order (`[DONE]` as the string it is).
pub fn data_lines(body: &str) -> Vec<&str> {
    body.split('\n').filter_map(|line| line.trim_end_matches('\r').strip_prefix("data: ")).collect()
}

/// The chunks (JSON `data:` payloads) of an SSE body.
pub fn chunks(body: &str) -> Vec<Value> {
    data_lines(body)
        .into_iter()
        .filter(|data| *data != "[DONE]")
        .filter_map(|data| serde_json::from_str(data).ok())
        .collect()
}

/// Everything the chunks' first choice says in `field` of its delta.
pub fn delta_text(chunks: &[Value], field: &str) -> String {
    chunks.iter().filter_map(|chunk| chunk["choices"][0]["delta"][field].as_str()).collect()
}

/// How many chunks carry a non-empty `delta.content`.
pub fn content_deltas(chunks: &[Value]) -> usize {
    chunks
        .iter()
        .filter(|chunk| chunk["choices"][0]["delta"]["content"].as_str().is_some_and(|s| !s.is_empty()))
        .count()
}

/// The streamed text of `model` for `prompt` via `via`.
pub async fn streamed_text(emu: &EmulatorHandle, via: &Via, model: &str, prompt: &str) -> String {
    let body = body_of(post(emu, via, &streaming(model, prompt), &[]).await, StatusCode::OK).await;
    delta_text(&chunks(&body), "content")
}

/// `{"error":{…}}` of an OpenAI-shaped refusal, after checking its four fields are there.
pub fn openai_error(body: &Value) -> &Value {
    let error = &body["error"];
    for field in ["message", "type", "param", "code"] {
        assert!(error.get(field).is_some(), "{field} missing in {body}");
    }
    error
}
