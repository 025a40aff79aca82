//! The emulator's AWS surfaces over real HTTP: Bedrock runtime (invoke, converse, streaming),
//! Mantle, the control plane and STS. Requests are signed here with `aws-sigv4` (double-encoded
//! canonical path, as AWS SDKs sign), sent with reqwest, and event streams are decoded with
//! `aws-smithy-eventstream`.

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_eventstream::frame::{DecodedFrame, MessageFrameDecoder};
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_types::event_stream::Message;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use reqwest::{Method, StatusCode};
use routeplay::emulator::{
    self, AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_BEARER_KEY, AWS_DEMO_SECRET_ACCESS_KEY, EMULATOR_API_KEY, EmulatorHandle,
    EmulatorOptions,
};
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};

const SIGNATURE_MISMATCH: &str = "The request signature we calculated does not match the signature you provided. \
                                  Check your AWS Secret Access Key and signing method. Consult the service \
                                  documentation for details.";
const INVALID_SIGNATURE: &str = "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/";
const SONNET: &str = "anthropic.emulator-sonnet-v1:0";

async fn start() -> EmulatorHandle {
    emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() }).await.expect("starts")
}

/// How a request authenticates.
#[derive(Debug, Clone, Copy)]
enum Auth<'a> {
    SigV4 { service: &'a str, region: &'a str, key_id: &'a str, secret: &'a str, token: Option<&'a str> },
    Bearer(&'a str),
    Nothing,
}

fn sigv4(service: &str) -> Auth<'_> {
    Auth::SigV4 {
        service,
        region: "us-east-1",
        key_id: AWS_DEMO_ACCESS_KEY_ID,
        secret: AWS_DEMO_SECRET_ACCESS_KEY,
        token: None,
    }
}

/// `segment` percent-encoded as AWS SDKs put a path label on the wire (only `-._~` left).
fn encode_label(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The headers `auth` adds to a request, signed over everything else.
fn auth_headers(
    auth: Auth<'_>,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Vec<(String, String)> {
    match auth {
        Auth::Nothing => Vec::new(),
        Auth::Bearer(key) => vec![("authorization".into(), format!("Bearer {key}"))],
        Auth::SigV4 { service, region, key_id, secret, token } => {
            let identity: Identity =
                Credentials::new(key_id, secret, token.map(str::to_owned), None, "emulator-bedrock-test").into();
            let params = v4::SigningParams::builder()
                .identity(&identity)
                .region(region)
                .name(service)
                .time(SystemTime::now())
                .settings(SigningSettings::default())
                .build()
                .expect("params")
                .into();
            let request = SignableRequest::new(method, url, headers.iter().copied(), SignableBody::Bytes(body))
                .expect("signable");
            let (instructions, _) = sign(request, &params).expect("signs").into_parts();
            instructions.headers().map(|(name, value)| (name.to_owned(), value.to_owned())).collect()
        }
    }
}

/// Send `body` to `target` (path and query, already on-the-wire encoded), authenticated by `auth`,
/// with `extra` headers signed too; `tamper` may change the headers after signing.
async fn send_with(
    emu: &EmulatorHandle,
    method: Method,
    target: &str,
    extra: &[(&str, &str)],
    body: &[u8],
    auth: Auth<'_>,
    tamper: impl FnOnce(&mut Vec<(String, String)>),
) -> reqwest::Response {
    let url = format!("{}{target}", emu.base_url());
    let mut headers: Vec<(String, String)> =
        extra.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
    headers.extend(auth_headers(auth, method.as_str(), &url, extra, body));
    tamper(&mut headers);
    let mut builder = reqwest::Client::new().request(method, &url).body(body.to_vec());
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder.send().await.expect("request sent")
}

async fn send(
    emu: &EmulatorHandle,
    target: &str,
    extra: &[(&str, &str)],
    body: &Value,
    auth: Auth<'_>,
) -> reqwest::Response {
    let mut headers = vec![("content-type", "application/json")];
    headers.extend_from_slice(extra);
    send_with(emu, Method::POST, target, &headers, body.to_string().as_bytes(), auth, |_| {}).await
}

fn runtime(model: &str, operation: &str) -> String {
    format!("/model/{}/{operation}", encode_label(model))
}

fn invoke_body(prompt: &str) -> Value {
    json!({
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": prompt}],
    })
}

fn converse_body(prompt: &str) -> Value {
    json!({"messages": [{"role": "user", "content": [{"text": prompt}]}], "inferenceConfig": {"maxTokens": 1024}})
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("a JSON body")
}

/// Assert an AWS JSON error: status, `x-amzn-ErrorType` and message.
async fn assert_aws_error(response: reqwest::Response, status: StatusCode, error_type: &str, message: &str) {
    assert_eq!(response.status(), status);
    assert_eq!(response.headers()["x-amzn-errortype"], error_type);
    assert!(response.headers().contains_key("x-amzn-requestid"));
    let body = json_of(response).await;
    assert_eq!(body["message"], message, "{body}");
}

/// How an event-stream body ended.
#[derive(Debug, PartialEq)]
enum End {
    Clean,
    /// The body ended inside a frame.
    Partial,
    /// A frame failed to decode (CRC); the decoding stopped there.
    Invalid(String),
    /// The connection failed.
    Dropped,
}

/// Read the whole body (or until it fails) and decode its frames.
async fn frames(mut response: reqwest::Response) -> (Vec<Message>, End) {
    let mut body = Vec::new();
    let mut dropped = false;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(_) => {
                dropped = true;
                break;
            }
        }
    }
    let (messages, end) = decode(Bytes::from(body));
    (messages, if dropped && end == End::Clean { End::Dropped } else { end })
}

fn decode(mut body: Bytes) -> (Vec<Message>, End) {
    let mut decoder = MessageFrameDecoder::new();
    let mut messages = Vec::new();
    loop {
        if body.is_empty() {
            return (messages, End::Clean);
        }
        match decoder.decode_frame(&mut body) {
            Ok(DecodedFrame::Complete(message)) => messages.push(message),
            Ok(DecodedFrame::Incomplete) => return (messages, End::Partial),
            Err(error) => return (messages, End::Invalid(error.to_string())),
        }
    }
}

fn header<'m>(message: &'m Message, name: &str) -> Option<&'m str> {
    let header = message.headers().iter().find(|header| header.name().as_str() == name)?;
    header.value().as_string().ok().map(aws_smithy_types::str_bytes::StrBytes::as_str)
}

fn payload(message: &Message) -> Value {
    serde_json::from_slice(message.payload()).expect("a JSON payload")
}

/// The Anthropic events inside `chunk` frames; other frames are skipped.
fn chunk_events(messages: &[Message]) -> Vec<Value> {
    messages
        .iter()
        .filter(|message| header(message, ":event-type") == Some("chunk"))
        .map(|message| {
            let bytes = STANDARD.decode(payload(message)["bytes"].as_str().expect("bytes")).expect("base64");
            serde_json::from_slice(&bytes).expect("an Anthropic event")
        })
        .collect()
}

fn anthropic_text(events: &[Value]) -> String {
    events
        .iter()
        .filter(|event| event["type"] == "content_block_delta" && event["delta"]["type"] == "text_delta")
        .filter_map(|event| event["delta"]["text"].as_str())
        .collect()
}

fn event_types(messages: &[Message]) -> Vec<&str> {
    messages.iter().filter_map(|message| header(message, ":event-type")).collect()
}

/// The SSE text of the Anthropic surface for `model` and `prompt`.
async fn anthropic_answer(emu: &EmulatorHandle, model: &str, prompt: &str) -> String {
    let body =
        json!({"model": model, "max_tokens": 1024, "stream": true, "messages": [{"role": "user", "content": prompt}]});
    let response = reqwest::Client::new()
        .post(format!("{}/v1/messages", emu.base_url()))
        .header("x-api-key", EMULATOR_API_KEY)
        .header("anthropic-version", "2023-06-01")
        .json(&body)
        .send()
        .await
        .expect("sent");
    sse_text(&response.text().await.expect("body"))
}

fn sse_text(sse: &str) -> String {
    sse.lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .filter_map(|data| serde_json::from_str::<Value>(data).ok())
        .filter(|event| event["delta"]["type"] == "text_delta")
        .filter_map(|event| event["delta"]["text"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn invoke_answers_one_anthropic_message() {
    let emu = start().await;
    let response =
        send(&emu, &runtime(SONNET, "invoke"), &[], &invoke_body("Why is the sky blue?"), sigv4("bedrock")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let id = response.headers()["x-amzn-requestid"].to_str().expect("ascii").to_owned();
    assert_eq!(id.split('-').map(str::len).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
    let output_tokens: u64 =
        response.headers()["x-amzn-bedrock-output-token-count"].to_str().expect("ascii").parse().expect("number");
    let message = json_of(response).await;
    assert_eq!(message["type"], "message");
    assert!(message["id"].as_str().is_some_and(|id| id.starts_with("msg_bdrk_")));
    assert_eq!(message["model"], "emulator-sonnet");
    assert_eq!(message["stop_reason"], "end_turn");
    assert_eq!(message["usage"]["output_tokens"], output_tokens);
    assert!(message["content"][0]["text"].as_str().is_some_and(|text| text.contains("> Why is the sky blue?")));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn invoke_stream_sends_anthropic_events_in_chunks() {
    let emu = start().await;
    let prompt = "Tell me about lighthouses.";
    let target = runtime(SONNET, "invoke-with-response-stream");
    let response = send(&emu, &target, &[], &invoke_body(prompt), sigv4("bedrock")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/vnd.amazon.eventstream");
    assert_eq!(response.headers()["x-amzn-bedrock-content-type"], "application/json");
    assert!(response.headers().contains_key("x-amzn-requestid"));
    let (messages, end) = frames(response).await;
    assert_eq!(end, End::Clean);
    for message in &messages {
        assert_eq!(header(message, ":message-type"), Some("event"));
        assert_eq!(header(message, ":event-type"), Some("chunk"));
        assert_eq!(header(message, ":content-type"), Some("application/json"));
    }
    let events = chunk_events(&messages);
    let types: Vec<&str> = events.iter().filter_map(|event| event["type"].as_str()).collect();
    let deltas = types.iter().filter(|kind| **kind == "content_block_delta").count();
    let mut expected = vec!["message_start", "content_block_start"];
    expected.extend(std::iter::repeat_n("content_block_delta", deltas));
    expected.extend(["content_block_stop", "message_delta", "message_stop"]);
    assert_eq!(types, expected);

    let metrics = &events.last().expect("events")["amazon-bedrock-invocationMetrics"];
    assert_eq!(metrics["outputTokenCount"], deltas);
    assert_eq!(metrics["inputTokenCount"], events[0]["message"]["usage"]["input_tokens"]);
    assert!(metrics["invocationLatency"].as_u64() >= metrics["firstByteLatency"].as_u64());
    assert_eq!(anthropic_text(&events), anthropic_answer(&emu, "emulator-sonnet", prompt).await, "same answer");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn model_ids_with_colons_profiles_and_arns_are_served() {
    let emu = start().await;
    let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.emulator-thinking-v1:0";
    // Percent-encoded on the wire (`%3A`, `%2F`), double-encoded in the signature.
    for model in [SONNET, "us.anthropic.emulator-sonnet-v1:0", arn] {
        let response = send(&emu, &runtime(model, "invoke"), &[], &invoke_body("hi"), sigv4("bedrock")).await;
        assert_eq!(response.status(), StatusCode::OK, "{model}");
    }
    assert!(runtime(arn, "x").contains("%3Ainference-profile%2Fus.anthropic"));
    // The Anthropic Python SDK leaves `:` unescaped; the signature then covers `%3A`.
    let raw = format!("/model/{SONNET}/invoke");
    let response = send(&emu, &raw, &[], &invoke_body("hi"), sigv4("bedrock")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let thinking = json_of(send(&emu, &runtime(arn, "invoke"), &[], &invoke_body("hi"), sigv4("bedrock")).await).await;
    assert_eq!(thinking["content"][0]["type"], "thinking");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn unknown_and_profile_only_models_are_refused_like_bedrock() {
    let emu = start().await;
    let unknown = send(
        &emu,
        &runtime("anthropic.claude-3-5-sonnet-20240620-v1:0", "invoke"),
        &[],
        &invoke_body("hi"),
        sigv4("bedrock"),
    )
    .await;
    let message = "Could not resolve the foundation model from the provided model identifier.";
    assert_aws_error(unknown, StatusCode::NOT_FOUND, "ResourceNotFoundException", message).await;

    let base = "anthropic.emulator-profile-only-v1:0";
    let refused = send(&emu, &runtime(base, "converse"), &[], &converse_body("hi"), sigv4("bedrock")).await;
    let message = format!(
        "Invocation of model ID {base} with on-demand throughput isn\u{2019}t supported. Retry your request with the \
         ID or ARN of an inference profile that contains this model."
    );
    assert_aws_error(refused, StatusCode::BAD_REQUEST, "ValidationException", &message).await;
    let profile = format!("eu.{base}");
    let answered = send(&emu, &runtime(&profile, "converse"), &[], &converse_body("hi"), sigv4("bedrock")).await;
    assert_eq!(answered.status(), StatusCode::OK);
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn invoke_bodies_need_the_bedrock_version_and_no_model() {
    let emu = start().await;
    let target = runtime(SONNET, "invoke");
    let mut body = invoke_body("hi");
    body["anthropic_version"] = json!("2023-06-01");
    let wrong = send(&emu, &target, &[], &body, sigv4("bedrock")).await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert_eq!(wrong.headers()["x-amzn-errortype"], "ValidationException");
    assert!(json_of(wrong).await["message"].as_str().is_some_and(|m| m.starts_with("Malformed input request")));
    body.as_object_mut().expect("object").remove("anthropic_version");
    let missing = send(&emu, &target, &[], &body, sigv4("bedrock")).await;
    let message = "Malformed input request: #: required key [anthropic_version] not found, please reformat your input \
                   and try again.";
    assert_aws_error(missing, StatusCode::BAD_REQUEST, "ValidationException", message).await;
    let mut with_model = invoke_body("hi");
    with_model["model"] = json!(SONNET);
    let extraneous = send(&emu, &target, &[], &with_model, sigv4("bedrock")).await;
    assert!(json_of(extraneous).await["message"].as_str().is_some_and(|m| m.contains("extraneous key [model]")));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn converse_answers_in_bedrock_shape() {
    let emu = start().await;
    let response = send(
        &emu,
        &runtime("us.anthropic.emulator-thinking-v1:0", "converse"),
        &[],
        &converse_body("Plan a picnic."),
        sigv4("bedrock"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_of(response).await;
    assert_eq!(body["output"]["message"]["role"], "assistant");
    let content = &body["output"]["message"]["content"];
    assert!(content[0]["reasoningContent"]["reasoningText"]["text"].is_string());
    assert!(content[0]["reasoningContent"]["reasoningText"]["signature"].is_string());
    assert!(content[1]["text"].as_str().is_some_and(|text| text.contains("Plan a picnic.")));
    assert_eq!(body["stopReason"], "end_turn");
    let usage = &body["usage"];
    assert_eq!(
        usage["totalTokens"].as_u64(),
        Some(usage["inputTokens"].as_u64().unwrap_or(0) + usage["outputTokens"].as_u64().unwrap_or(0))
    );
    assert!(body["metrics"]["latencyMs"].is_u64());
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn converse_stream_sends_bedrock_events() {
    let emu = start().await;
    let target = runtime("anthropic.emulator-tools-v1:0", "converse-stream");
    let response = send(&emu, &target, &[], &converse_body("Find my notes on Rust"), sigv4("bedrock")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/vnd.amazon.eventstream");
    let (messages, end) = frames(response).await;
    assert_eq!(end, End::Clean);
    let types = event_types(&messages);
    assert_eq!(types.first(), Some(&"messageStart"));
    assert_eq!(payload(&messages[0]), json!({"role": "assistant"}));
    assert_eq!(&types[types.len() - 2..], ["messageStop", "metadata"]);
    let starts: Vec<Value> =
        messages.iter().filter(|m| header(m, ":event-type") == Some("contentBlockStart")).map(payload).collect();
    assert_eq!(starts.len(), 1, "only the tool use block starts");
    assert_eq!(starts[0]["contentBlockIndex"], 1);
    assert_eq!(starts[0]["start"]["toolUse"]["name"], "search_notes");
    let input: String = messages
        .iter()
        .filter(|m| header(m, ":event-type") == Some("contentBlockDelta"))
        .map(payload)
        .filter_map(|p| p["delta"]["toolUse"]["input"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(serde_json::from_str::<Value>(&input).expect("tool input JSON")["limit"], 3);
    assert_eq!(types.iter().filter(|t| **t == "contentBlockStop").count(), 2);
    assert_eq!(payload(&messages[messages.len() - 2]), json!({"stopReason": "tool_use"}));
    let metadata = payload(messages.last().expect("frames"));
    assert!(metadata["usage"]["totalTokens"].is_u64() && metadata["metrics"]["latencyMs"].is_u64());

    let target = runtime("anthropic.emulator-thinking-v1:0", "converse-stream");
    let (messages, _) = frames(send(&emu, &target, &[], &converse_body("Plan"), sigv4("bedrock")).await).await;
    let reasoning: Vec<Value> = messages
        .iter()
        .filter(|m| header(m, ":event-type") == Some("contentBlockDelta"))
        .map(|m| payload(m)["delta"]["reasoningContent"].clone())
        .filter(|r| !r.is_null())
        .collect();
    assert!(reasoning.len() > 2 && reasoning[0]["text"].is_string());
    assert!(reasoning.last().is_some_and(|r| r["signature"].is_string()), "the signature ends the reasoning");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn wrong_credentials_are_refused_with_aws_errors() {
    let emu = start().await;
    let target = runtime(SONNET, "invoke");
    let body = invoke_body("hi");
    let wrong_secret = Auth::SigV4 {
        service: "bedrock",
        region: "us-east-1",
        key_id: AWS_DEMO_ACCESS_KEY_ID,
        secret: "not-the-secret",
        token: None,
    };
    let response = send(&emu, &target, &[], &body, wrong_secret).await;
    assert_aws_error(response, StatusCode::FORBIDDEN, INVALID_SIGNATURE, SIGNATURE_MISMATCH).await;

    let unknown_key =
        Auth::SigV4 { service: "bedrock", region: "us-east-1", key_id: "AKIAOTHER", secret: "x", token: None };
    let response = send(&emu, &target, &[], &body, unknown_key).await;
    let code = "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/";
    assert_aws_error(response, StatusCode::FORBIDDEN, code, "The security token included in the request is invalid.")
        .await;

    let response = send(&emu, &target, &[], &body, Auth::Nothing).await;
    let code = "MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/";
    assert_aws_error(response, StatusCode::FORBIDDEN, code, "Missing Authentication Token").await;

    let response = send(&emu, &target, &[], &body, Auth::Bearer("not-the-key")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.headers()["x-amzn-errortype"], "AccessDeniedException");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn a_scope_that_names_another_region_than_the_signature_fails() {
    let emu = start().await;
    let body = invoke_body("hi").to_string();
    let headers = [("content-type", "application/json")];
    let response = send_with(
        &emu,
        Method::POST,
        &runtime(SONNET, "invoke"),
        &headers,
        body.as_bytes(),
        sigv4("bedrock"),
        |headers| {
            for (name, value) in headers.iter_mut() {
                if name == "authorization" {
                    *value = value.replace("/us-east-1/", "/eu-west-1/");
                }
            }
        },
    )
    .await;
    assert_aws_error(response, StatusCode::FORBIDDEN, INVALID_SIGNATURE, SIGNATURE_MISMATCH).await;
    // Signed for another region from the start is fine: any region is accepted.
    let other = Auth::SigV4 {
        service: "bedrock",
        region: "eu-west-1",
        key_id: AWS_DEMO_ACCESS_KEY_ID,
        secret: AWS_DEMO_SECRET_ACCESS_KEY,
        token: None,
    };
    let response = send(&emu, &runtime(SONNET, "invoke"), &[], &invoke_body("hi"), other).await;
    assert_eq!(response.status(), StatusCode::OK);
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn a_changed_body_or_header_breaks_the_signature() {
    let emu = start().await;
    let headers = [("content-type", "application/json"), ("x-routeplay-answer-tokens", "20")];
    let body = invoke_body("hi").to_string();
    let target = runtime(SONNET, "invoke");
    let changed = send_with(&emu, Method::POST, &target, &headers, body.as_bytes(), sigv4("bedrock"), |headers| {
        for (name, value) in headers.iter_mut() {
            if name == "x-routeplay-answer-tokens" {
                *value = "30".into();
            }
        }
    })
    .await;
    assert_aws_error(changed, StatusCode::FORBIDDEN, INVALID_SIGNATURE, SIGNATURE_MISMATCH).await;
    let unchanged = send_with(&emu, Method::POST, &target, &headers, body.as_bytes(), sigv4("bedrock"), |_| {}).await;
    assert_eq!(unchanged.status(), StatusCode::OK);
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn signatures_for_another_service_are_refused() {
    let emu = start().await;
    let mantle_body =
        json!({"model": "emulator-sonnet", "max_tokens": 100, "messages": [{"role": "user", "content": "hi"}]});
    let version = [("anthropic-version", "2023-06-01")];
    let response = send(&emu, "/anthropic/v1/messages", &version, &mantle_body, sigv4("bedrock")).await;
    let message = "Credential should be scoped to correct service: 'bedrock-mantle'. ";
    assert_aws_error(response, StatusCode::FORBIDDEN, INVALID_SIGNATURE, message).await;
    let response = send(&emu, &runtime(SONNET, "invoke"), &[], &invoke_body("hi"), sigv4("bedrock-mantle")).await;
    let message = "Credential should be scoped to correct service: 'bedrock'. ";
    assert_aws_error(response, StatusCode::FORBIDDEN, INVALID_SIGNATURE, message).await;
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn bedrock_api_keys_work_on_the_runtime_and_mantle_only() {
    let emu = start().await;
    let bearer = Auth::Bearer(AWS_DEMO_BEARER_KEY);
    let response = send(&emu, &runtime(SONNET, "converse"), &[], &converse_body("hi"), bearer).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mantle_body =
        json!({"model": "emulator-sonnet", "max_tokens": 100, "messages": [{"role": "user", "content": "hi"}]});
    let response =
        send(&emu, "/anthropic/v1/messages", &[("anthropic-version", "2023-06-01")], &mantle_body, bearer).await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = send_with(&emu, Method::GET, "/foundation-models", &[], b"", bearer, |_| {}).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.headers()["x-amzn-errortype"], "AccessDeniedException");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn session_tokens_are_signed_too() {
    let emu = start().await;
    let with_token = Auth::SigV4 {
        service: "bedrock",
        region: "us-west-2",
        key_id: AWS_DEMO_ACCESS_KEY_ID,
        secret: AWS_DEMO_SECRET_ACCESS_KEY,
        token: Some("session-token-123"),
    };
    let response = send(&emu, &runtime(SONNET, "invoke"), &[], &invoke_body("hi"), with_token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = invoke_body("hi").to_string();
    let headers = [("content-type", "application/json")];
    let swapped =
        send_with(&emu, Method::POST, &runtime(SONNET, "invoke"), &headers, body.as_bytes(), with_token, |headers| {
            for (name, value) in headers.iter_mut() {
                if name == "x-amz-security-token" {
                    *value = "another-token".into();
                }
            }
        })
        .await;
    assert_aws_error(swapped, StatusCode::FORBIDDEN, INVALID_SIGNATURE, SIGNATURE_MISMATCH).await;
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn mantle_speaks_the_anthropic_wire() {
    let emu = start().await;
    let prompt = "Why is the sky blue?";
    let body = json!({"model": "emulator-sonnet", "max_tokens": 1024, "stream": true, "messages": [{"role": "user", "content": prompt}]});
    let response =
        send(&emu, "/anthropic/v1/messages", &[("anthropic-version", "2023-06-01")], &body, sigv4("bedrock-mantle"))
            .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream; charset=utf-8");
    assert_eq!(response.headers()["request-id"], response.headers()["x-amzn-requestid"]);
    let sse = response.text().await.expect("body");
    assert!(sse.starts_with("event: message_start\n") && sse.contains("event: ping\n"));
    assert_eq!(sse_text(&sse), anthropic_answer(&emu, "emulator-sonnet", prompt).await);

    let no_version = send(&emu, "/anthropic/v1/messages", &[], &body, sigv4("bedrock-mantle")).await;
    assert_eq!(no_version.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(no_version).await["error"]["type"], "invalid_request_error");
    emu.shutdown().await.expect("clean shutdown");
}

async fn control(emu: &EmulatorHandle, target: &str, region: &str) -> reqwest::Response {
    let auth = Auth::SigV4 {
        service: "bedrock",
        region,
        key_id: AWS_DEMO_ACCESS_KEY_ID,
        secret: AWS_DEMO_SECRET_ACCESS_KEY,
        token: None,
    };
    send_with(emu, Method::GET, target, &[], b"", auth, |_| {}).await
}

#[tokio::test]
async fn control_plane_lists_models_and_profiles() {
    let emu = start().await;
    let models = json_of(control(&emu, "/foundation-models", "eu-west-1").await).await;
    let summaries = models["modelSummaries"].as_array().expect("list");
    assert_eq!(summaries.len(), 4);
    assert_eq!(summaries[0]["modelArn"], "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.emulator-sonnet-v1:0");
    assert_eq!(summaries[0]["providerName"], "Anthropic");
    assert_eq!(summaries[0]["inferenceTypesSupported"], json!(["ON_DEMAND"]));
    let only = summaries.iter().find(|m| m["modelId"] == "anthropic.emulator-profile-only-v1:0").expect("listed");
    assert_eq!(only["inferenceTypesSupported"], json!(["INFERENCE_PROFILE"]));

    let on_demand =
        json_of(control(&emu, "/foundation-models?byProvider=anthropic&byInferenceType=ON_DEMAND", "us-east-1").await)
            .await;
    assert_eq!(on_demand["modelSummaries"].as_array().map(Vec::len), Some(3));
    let bad = control(&emu, "/foundation-models?byOutputModality=SMELL", "us-east-1").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let mut ids = Vec::new();
    let mut next: Option<String> = None;
    let mut pages = 0;
    loop {
        let token = next.as_deref().map(|token| format!("&nextToken={}", encode_label(token))).unwrap_or_default();
        let page = json_of(
            control(&emu, &format!("/inference-profiles?maxResults=2&type=SYSTEM_DEFINED{token}"), "us-east-1").await,
        )
        .await;
        pages += 1;
        let summaries = page["inferenceProfileSummaries"].as_array().expect("list");
        assert!(summaries.len() <= 2);
        ids.extend(summaries.iter().filter_map(|p| p["inferenceProfileId"].as_str().map(str::to_owned)));
        match page["nextToken"].as_str() {
            Some(token) => next = Some(token.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    for geo in ["us", "eu", "global"] {
        assert!(ids.contains(&format!("{geo}.anthropic.emulator-profile-only-v1:0")), "{geo} in {ids:?}");
    }
    assert!(ids.contains(&"us.anthropic.emulator-sonnet-v1:0".to_owned()));
    let bad = control(&emu, "/inference-profiles?nextToken=garbage", "us-east-1").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn sts_tells_the_caller_identity() {
    let emu = start().await;
    let form = b"Action=GetCallerIdentity&Version=2011-06-15";
    let headers = [("content-type", "application/x-www-form-urlencoded; charset=utf-8")];
    let response = send_with(&emu, Method::POST, "/", &headers, form, sigv4("sts"), |_| {}).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/xml");
    let xml = response.text().await.expect("body");
    assert!(xml.starts_with("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"));
    assert!(xml.contains("<Account>123456789012</Account>"));
    assert!(xml.contains("<Arn>arn:aws:iam::123456789012:user/routeplay-demo</Arn>"));
    assert!(xml.contains("<UserId>AIDA"));

    let response = send_with(&emu, Method::POST, "/", &headers, form, sigv4("bedrock"), |_| {}).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let xml = response.text().await.expect("body");
    assert!(xml.contains("<Code>SignatureDoesNotMatch</Code>"), "{xml}");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn http_faults_use_bedrock_errors() {
    let emu = start().await;
    let cases = [
        ("429", StatusCode::TOO_MANY_REQUESTS, "ThrottlingException"),
        ("529", StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailableException"),
        ("500", StatusCode::INTERNAL_SERVER_ERROR, "InternalServerException"),
    ];
    for (fault, status, code) in cases {
        let model = format!("anthropic.emulator-sonnet-fault-{fault}-v1:0");
        let response =
            send(&emu, &runtime(&model, "invoke-with-response-stream"), &[], &invoke_body("hi"), sigv4("bedrock"))
                .await;
        assert_eq!(response.status(), status, "{fault}");
        assert_eq!(response.headers()["x-amzn-errortype"], code);
        assert!(json_of(response).await["message"].is_string());
        let header = [("x-routeplay-fault", fault)];
        let response = send(&emu, &runtime(SONNET, "converse"), &header, &converse_body("hi"), sigv4("bedrock")).await;
        assert_eq!(response.status(), status, "{fault} by header");
    }
    let once = [("x-routeplay-fault", "429-then-ok"), ("x-routeplay-fault-key", "bedrock-once")];
    let first = send(&emu, &runtime(SONNET, "converse"), &once, &converse_body("hi"), sigv4("bedrock")).await;
    assert_eq!(first.status(), StatusCode::TOO_MANY_REQUESTS);
    let second = send(&emu, &runtime(SONNET, "converse"), &once, &converse_body("hi"), sigv4("bedrock")).await;
    assert_eq!(second.status(), StatusCode::OK);
    emu.shutdown().await.expect("clean shutdown");
}

/// Stream `operation` with the fault `fault` and decode what arrives.
async fn faulted(emu: &EmulatorHandle, operation: &str, fault: &str) -> (Vec<Message>, End) {
    let body = if operation == "invoke-with-response-stream" {
        invoke_body("hello there")
    } else {
        converse_body("hello there")
    };
    let response =
        send(emu, &runtime(SONNET, operation), &[("x-routeplay-fault", fault)], &body, sigv4("bedrock")).await;
    assert_eq!(response.status(), StatusCode::OK);
    frames(response).await
}

fn text_deltas(messages: &[Message]) -> usize {
    let invoke = chunk_events(messages).iter().filter(|e| e["delta"]["type"] == "text_delta").count();
    let converse = messages
        .iter()
        .filter(|m| header(m, ":event-type") == Some("contentBlockDelta"))
        .filter(|m| serde_json::from_slice::<Value>(m.payload()).is_ok_and(|p| p["delta"]["text"].is_string()))
        .count();
    invoke + converse
}

#[tokio::test]
async fn stream_faults_in_event_stream_shapes() {
    let emu = start().await;
    for operation in ["invoke-with-response-stream", "converse-stream"] {
        let (messages, end) = faulted(&emu, operation, "error-mid-stream").await;
        assert_eq!(end, End::Clean);
        assert_eq!(text_deltas(&messages), 3, "{operation}");
        let last = messages.last().expect("frames");
        assert_eq!(header(last, ":message-type"), Some("exception"));
        assert_eq!(header(last, ":exception-type"), Some("throttlingException"));
        assert!(payload(last)["message"].is_string());

        let (messages, end) = faulted(&emu, operation, "model-stream-error").await;
        assert_eq!(end, End::Clean);
        let last = messages.last().expect("frames");
        assert_eq!(header(last, ":exception-type"), Some("modelStreamErrorException"));
        assert_eq!(payload(last)["originalStatusCode"], 500);
        assert!(payload(last)["originalMessage"].is_string());

        let (messages, end) = faulted(&emu, operation, "cut").await;
        assert_eq!((end, text_deltas(&messages)), (End::Dropped, 3), "{operation}");

        let (messages, end) = faulted(&emu, operation, "crc").await;
        assert_eq!(text_deltas(&messages), 3);
        assert!(matches!(end, End::Invalid(ref error) if error.contains("checksum")), "{end:?}");

        let (messages, end) = faulted(&emu, operation, "truncated").await;
        assert_eq!((end, text_deltas(&messages)), (End::Partial, 3), "{operation}");
    }

    let (messages, end) = faulted(&emu, "invoke-with-response-stream", "malformed").await;
    assert_eq!(end, End::Clean);
    let undecodable: Vec<&Message> = messages
        .iter()
        .filter(|m| {
            let bytes = STANDARD.decode(payload(m)["bytes"].as_str().unwrap_or_default()).unwrap_or_default();
            serde_json::from_slice::<Value>(&bytes).is_err()
        })
        .collect();
    assert_eq!(undecodable.len(), 1);
    let last = messages.last().expect("frames");
    let bytes = STANDARD.decode(payload(last)["bytes"].as_str().expect("bytes")).expect("base64");
    assert!(String::from_utf8_lossy(&bytes).contains("message_stop"), "the stream goes on to its end");

    let (messages, end) = faulted(&emu, "converse-stream", "malformed").await;
    assert_eq!(end, End::Clean);
    let bad = messages.iter().filter(|m| serde_json::from_slice::<Value>(m.payload()).is_err()).count();
    assert_eq!(bad, 1);
    assert_eq!(event_types(&messages).last(), Some(&"metadata"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn stall_goes_silent_until_shutdown() {
    let emu = start().await;
    let target = runtime("anthropic.emulator-sonnet-fault-stall-v1:0", "invoke-with-response-stream");
    let mut response = send(&emu, &target, &[], &invoke_body("hello"), sigv4("bedrock")).await;
    let mut seen = Vec::new();
    while text_deltas(&decode(Bytes::from(seen.clone())).0) < 3 {
        let chunk = response.chunk().await.expect("chunk").expect("not ended yet");
        seen.extend_from_slice(&chunk);
    }
    assert!(tokio::time::timeout(Duration::from_millis(300), response.chunk()).await.is_err());
    emu.shutdown().await.expect("clean shutdown");
    assert!(response.chunk().await.is_err(), "a stall ends with a drop");
}

#[tokio::test]
async fn anthropic_surface_is_unchanged() {
    let emu = start().await;
    assert!(anthropic_answer(&emu, "emulator-sonnet", "hello").await.contains("> hello"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn a_configured_session_token_is_required() {
    let aws = emulator::AwsDemo { session_token: Some("configured-token".into()), ..emulator::AwsDemo::default() };
    let emu = emulator::start(EmulatorOptions { tokens_per_second: 0.0, aws, ..EmulatorOptions::default() })
        .await
        .expect("starts");
    let signed = |token| Auth::SigV4 {
        service: "bedrock",
        region: "us-east-1",
        key_id: AWS_DEMO_ACCESS_KEY_ID,
        secret: AWS_DEMO_SECRET_ACCESS_KEY,
        token,
    };
    let ok = send(&emu, &runtime(SONNET, "invoke"), &[], &invoke_body("hi"), signed(Some("configured-token"))).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let code = "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/";
    let message = "The security token included in the request is invalid.";
    for token in [None, Some("other-token")] {
        let response = send(&emu, &runtime(SONNET, "invoke"), &[], &invoke_body("hi"), signed(token)).await;
        assert_aws_error(response, StatusCode::FORBIDDEN, code, message).await;
    }
    emu.shutdown().await.expect("clean shutdown");
}
