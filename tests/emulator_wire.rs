//! The emulator's Anthropic Messages surface over real HTTP: start on port 0, talk with
//! reqwest, parse SSE naively, shut down. No timing asserts: pacing is off unless the test is
//! about it, and then only the shape is checked.

use reqwest::StatusCode;
use routeplay::emulator::{self, EMULATOR_API_KEY, EmulatorHandle, EmulatorOptions, MODELS};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::Duration;

async fn start() -> EmulatorHandle {
    start_with(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() }).await
}

async fn start_with(options: EmulatorOptions) -> EmulatorHandle {
    emulator::start(options).await.expect("emulator starts")
}

/// Extra request headers, name and value.
type Headers<'a> = &'a [(&'a str, &'a str)];

fn request(model: &str, prompt: &str) -> Value {
    json!({
        "model": model,
        "max_tokens": 1024,
        "stream": true,
        "messages": [{"role": "user", "content": prompt}],
    })
}

/// POST /v1/messages with the key, the version and `extra` headers.
async fn post(emu: &EmulatorHandle, extra: &[(&str, &str)], body: &Value) -> reqwest::Response {
    let mut builder = reqwest::Client::new()
        .post(format!("{}/v1/messages", emu.base_url()))
        .header("x-api-key", EMULATOR_API_KEY)
        .header("anthropic-version", "2023-06-01")
        .json(body);
    for (name, value) in extra {
        builder = builder.header(*name, *value);
    }
    builder.send().await.expect("request sent")
}

/// One SSE event: its name and its data.
#[derive(Debug, Clone)]
struct Event {
    name: String,
    data: String,
}

impl Event {
    fn json(&self) -> Value {
        serde_json::from_str(&self.data).unwrap_or_else(|e| panic!("{} is not JSON: {e}", self.data))
    }
}

fn parse_sse(text: &str) -> Vec<Event> {
    text.split("\n\n")
        .filter(|frame| !frame.trim().is_empty())
        .map(|frame| {
            let mut event = Event { name: String::new(), data: String::new() };
            for line in frame.lines() {
                if let Some(name) = line.strip_prefix("event: ") {
                    name.clone_into(&mut event.name);
                } else if let Some(data) = line.strip_prefix("data: ") {
                    data.clone_into(&mut event.data);
                } else {
                    panic!("unexpected line {line:?} in {frame:?}");
                }
            }
            event
        })
        .collect()
}

async fn events(response: reqwest::Response) -> Vec<Event> {
    parse_sse(&response.text().await.expect("whole body"))
}

async fn stream(emu: &EmulatorHandle, extra: &[(&str, &str)], body: &Value) -> Vec<Event> {
    let response = post(emu, extra, body).await;
    assert_eq!(response.status(), StatusCode::OK);
    events(response).await
}

fn names(events: &[Event]) -> Vec<&str> {
    events.iter().map(|event| event.name.as_str()).collect()
}

/// The `delta` objects of every `content_block_delta` of `kind`.
fn deltas(events: &[Event], kind: &str) -> Vec<Value> {
    events
        .iter()
        .filter(|event| event.name == "content_block_delta")
        .map(|event| event.json()["delta"].clone())
        .filter(|delta| delta["type"] == kind)
        .collect()
}

fn text(events: &[Event]) -> String {
    deltas(events, "text_delta").iter().map(|delta| delta["text"].as_str().unwrap_or_default().to_owned()).collect()
}

fn last_json(events: &[Event], name: &str) -> Value {
    events.iter().rev().find(|event| event.name == name).unwrap_or_else(|| panic!("no {name} event")).json()
}

/// Read a body chunk by chunk until it ends (`Ok`) or fails (`Err`), with what arrived.
async fn read_until_end(mut response: reqwest::Response) -> (String, Result<(), reqwest::Error>) {
    let mut text = String::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => text.push_str(&String::from_utf8_lossy(&chunk)),
            Ok(None) => return (text, Ok(())),
            Err(error) => return (text, Err(error)),
        }
    }
}

fn assert_error(body: &Value, kind: &str, request_id: &str) {
    assert_eq!(body["type"], "error");
    assert_eq!(body["error"]["type"], kind, "{body}");
    assert!(body["error"]["message"].is_string());
    assert_eq!(body["request_id"], request_id);
}

fn request_id(response: &reqwest::Response) -> String {
    response.headers()["request-id"].to_str().expect("ascii").to_owned()
}

#[tokio::test]
async fn stream_has_the_anthropic_shape_and_order() {
    let emu = start().await;
    let response = post(&emu, &[], &request("emulator-sonnet", "Why is the sky blue?")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream; charset=utf-8");
    assert!(request_id(&response).starts_with("req_"));
    let events = events(response).await;

    for event in &events {
        assert_eq!(event.json()["type"], event.name.as_str(), "data type matches the event name");
    }
    let names = names(&events);
    let deltas = names.iter().filter(|name| **name == "content_block_delta").count();
    assert!(deltas > 10);
    let mut expected = vec!["message_start", "content_block_start", "ping"];
    expected.extend(std::iter::repeat_n("content_block_delta", deltas));
    expected.extend(["content_block_stop", "message_delta", "message_stop"]);
    assert_eq!(names, expected);
    assert_eq!(events[2].data, r#"{"type": "ping"}"#);

    let start = events[0].json();
    assert!(start["message"]["id"].as_str().is_some_and(|id| id.starts_with("msg_")));
    assert_eq!(start["message"]["model"], "emulator-sonnet");
    assert_eq!(start["message"]["role"], "assistant");
    assert_eq!(start["message"]["content"], json!([]));
    assert_eq!(start["message"]["stop_reason"], Value::Null);
    assert!(start["message"]["usage"]["input_tokens"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(events[1].json()["content_block"], json!({"type": "text", "text": ""}));

    let delta = last_json(&events, "message_delta");
    assert_eq!(delta["delta"], json!({"stop_reason": "end_turn", "stop_sequence": null}));
    assert_eq!(delta["usage"]["output_tokens"], deltas);

    let answer = text(&events);
    for part in ["## ", "> Why is the sky blue?", "turn 1 of this conversation", "\n- ", "\n```"] {
        assert!(answer.contains(part), "{part:?} missing in {answer}");
    }
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn same_request_gives_the_same_text() {
    let emu = start().await;
    let body = request("emulator-sonnet", "Tell me about lighthouses.");
    let first = stream(&emu, &[], &body).await;
    let second = stream(&emu, &[], &body).await;
    assert_eq!(text(&first), text(&second));
    assert_ne!(first[0].json()["message"]["id"], second[0].json()["message"]["id"]);
    let other = stream(&emu, &[], &request("emulator-sonnet", "Tell me about harbours.")).await;
    assert_ne!(text(&first), text(&other));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn system_prompt_and_turn_show_in_the_answer() {
    let emu = start().await;
    let body = json!({
        "model": "emulator-sonnet",
        "max_tokens": 1024,
        "stream": true,
        "system": "Answer like a pirate.",
        "messages": [
            {"role": "user", "content": "Hello"},
            {"role": "assistant", "content": "Hi!"},
            {"role": "user", "content": [{"type": "text", "text": "What is a harbour?"}]},
        ],
    });
    let answer = text(&stream(&emu, &[], &body).await);
    assert!(answer.contains("turn 2 of this conversation"), "{answer}");
    assert!(answer.contains("Answer like a pirate."), "{answer}");
    assert!(answer.contains("What is a harbour?"), "{answer}");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn wrong_or_missing_key_is_401_and_bearer_works() {
    let emu = start().await;
    let client = reqwest::Client::new();
    let url = format!("{}/v1/messages", emu.base_url());
    let body = request("emulator-sonnet", "hi");
    for key in [None, Some("wrong-key")] {
        let mut builder = client.post(&url).header("anthropic-version", "2023-06-01").json(&body);
        if let Some(key) = key {
            builder = builder.header("x-api-key", key);
        }
        let response = builder.send().await.expect("sent");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.headers()["content-type"], "application/json");
        let id = request_id(&response);
        let error: Value = response.json().await.expect("json");
        assert_error(&error, "authentication_error", &id);
        assert_eq!(error["error"]["message"], "invalid x-api-key");
    }
    let response = client
        .post(&url)
        .header("anthropic-version", "2023-06-01")
        .bearer_auth(EMULATOR_API_KEY)
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn missing_version_is_400() {
    let emu = start().await;
    let response = reqwest::Client::new()
        .post(format!("{}/v1/messages", emu.base_url()))
        .header("x-api-key", EMULATOR_API_KEY)
        .json(&request("emulator-sonnet", "hi"))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let id = request_id(&response);
    let error: Value = response.json().await.expect("json");
    assert_error(&error, "invalid_request_error", &id);
    assert!(error["error"]["message"].as_str().is_some_and(|m| m.contains("anthropic-version")));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn bad_bodies_are_400_naming_the_field() {
    let emu = start().await;
    let messages = json!([{"role": "user", "content": "hi"}]);
    let cases = [
        (json!({"model": "emulator-sonnet", "messages": messages}), "max_tokens"),
        (json!({"max_tokens": 10, "messages": messages}), "model"),
        (json!({"model": "emulator-sonnet", "max_tokens": 10}), "messages"),
        (json!({"model": "emulator-sonnet", "max_tokens": 10, "messages": []}), "messages"),
        (json!({"model": "emulator-sonnet", "max_tokens": 0, "messages": messages}), "max_tokens"),
        (json!({"model": "emulator-sonnet", "max_tokens": "ten", "messages": messages}), "max_tokens"),
        (json!({"model": "emulator-sonnet", "max_tokens": 10, "messages": [{"role": "user"}]}), "messages.0.content"),
    ];
    for (body, field) in cases {
        let response = post(&emu, &[], &body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        let id = request_id(&response);
        let error: Value = response.json().await.expect("json");
        assert_error(&error, "invalid_request_error", &id);
        let message = error["error"]["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(&format!("{field}:")), "{message:?} should name {field}");
    }

    let response = reqwest::Client::new()
        .post(format!("{}/v1/messages", emu.base_url()))
        .header("x-api-key", EMULATOR_API_KEY)
        .header("anthropic-version", "2023-06-01")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: Value = response.json().await.expect("json");
    assert_eq!(error["error"]["type"], "invalid_request_error");

    let response = post(&emu, &[("x-routeplay-fault", "boom")], &request("emulator-sonnet", "hi")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn unknown_model_is_404() {
    let emu = start().await;
    for model in ["claude-sonnet-4-5", "emulator-sonnet-fault-nope"] {
        let response = post(&emu, &[], &request(model, "hi")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let id = request_id(&response);
        let error: Value = response.json().await.expect("json");
        assert_error(&error, "not_found_error", &id);
        assert_eq!(error["error"]["message"], format!("model: {model}"));
    }
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn status_faults_by_model_suffix_and_header() {
    let emu = start().await;
    let cases: [(&str, Headers, u16, &str); 5] = [
        ("emulator-sonnet-fault-429", &[], 429, "rate_limit_error"),
        ("emulator-sonnet", &[("x-routeplay-fault", "429")], 429, "rate_limit_error"),
        ("emulator-sonnet-fault-529", &[], 529, "overloaded_error"),
        ("emulator-thinking", &[("x-routeplay-fault", "500")], 500, "api_error"),
        ("emulator-sonnet-fault-500", &[("x-routeplay-fault", "529")], 529, "overloaded_error"),
    ];
    for (model, headers, status, kind) in cases {
        let response = post(&emu, headers, &request(model, "hi")).await;
        assert_eq!(response.status().as_u16(), status, "{model} {headers:?}");
        if status == 429 {
            assert_eq!(response.headers()["retry-after"], "1");
        }
        let id = request_id(&response);
        assert_error(&response.json().await.expect("json"), kind, &id);
    }
    let response = post(&emu, &[("x-routeplay-retry-after", "7")], &request("emulator-sonnet-fault-429", "hi")).await;
    assert_eq!(response.headers()["retry-after"], "7");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn rate_limit_then_ok_fails_once_per_key() {
    let emu = start().await;
    let body = request("emulator-sonnet-fault-429-then-ok", "retry me");
    let first = post(&emu, &[], &body).await;
    assert_eq!(first.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(first.headers()["retry-after"], "0");
    assert_eq!(post(&emu, &[], &body).await.status(), StatusCode::OK);
    assert_eq!(post(&emu, &[], &body).await.status(), StatusCode::OK);

    let other = request("emulator-sonnet", "another prompt");
    for key in ["a", "b"] {
        let headers = [("x-routeplay-fault", "429-then-ok"), ("x-routeplay-fault-key", key)];
        assert_eq!(post(&emu, &headers, &other).await.status(), StatusCode::TOO_MANY_REQUESTS, "key {key}");
        assert_eq!(post(&emu, &headers, &other).await.status(), StatusCode::OK, "key {key}");
    }
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn error_mid_stream_sends_an_error_event() {
    let emu = start().await;
    let events = stream(&emu, &[], &request("emulator-sonnet-fault-error-mid-stream", "hello")).await;
    assert_eq!(deltas(&events, "text_delta").len(), 3);
    let last = events.last().expect("events");
    assert_eq!(last.name, "error");
    assert_eq!(last.json(), json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}));
    assert!(!names(&events).contains(&"message_stop"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn cut_drops_the_connection_before_message_stop() {
    let emu = start().await;
    let response = post(&emu, &[("x-routeplay-fault", "cut")], &request("emulator-sonnet", "hello")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let (text, end) = read_until_end(response).await;
    assert!(end.is_err(), "the body should fail, not end cleanly");
    let events = parse_sse(&text);
    assert_eq!(deltas(&events, "text_delta").len(), 3);
    assert!(!names(&events).contains(&"message_stop"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn stall_goes_silent_until_shutdown() {
    let emu = start().await;
    let mut response = post(&emu, &[], &request("emulator-sonnet-fault-stall", "hello")).await;
    let mut seen = String::new();
    while parse_sse(&seen).iter().filter(|event| event.name == "content_block_delta").count() < 3 {
        let chunk = response.chunk().await.expect("chunk").expect("not ended yet");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    // Nothing more comes: the wait can only end by the timeout.
    assert!(tokio::time::timeout(Duration::from_millis(300), response.chunk()).await.is_err());
    emu.shutdown().await.expect("clean shutdown");
    let (rest, end) = read_until_end(response).await;
    assert!(end.is_err() && rest.is_empty(), "a stall ends with a drop, got {rest:?}");
}

#[tokio::test]
async fn malformed_sends_one_frame_that_is_not_json() {
    let emu = start().await;
    let events = stream(&emu, &[("x-routeplay-fault", "malformed")], &request("emulator-sonnet", "hello")).await;
    let bad: Vec<&Event> = events.iter().filter(|event| serde_json::from_str::<Value>(&event.data).is_err()).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].name, "content_block_delta");
    assert_eq!(names(&events).last(), Some(&"message_stop"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn max_tokens_cuts_the_answer() {
    let emu = start().await;
    let mut body = request("emulator-sonnet", "Explain tides.");
    let whole = text(&stream(&emu, &[], &body).await);
    body["max_tokens"] = json!(5);
    let events = stream(&emu, &[], &body).await;
    assert_eq!(deltas(&events, "text_delta").len(), 5);
    assert!(whole.starts_with(&text(&events)));
    let delta = last_json(&events, "message_delta");
    assert_eq!(delta["delta"]["stop_reason"], "max_tokens");
    assert_eq!(delta["usage"]["output_tokens"], 5);
    assert_eq!(names(&events).last(), Some(&"message_stop"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn stop_sequences_cut_before_the_sequence() {
    let emu = start().await;
    let mut body = request("emulator-sonnet", "Explain tides.");
    let whole = text(&stream(&emu, &[], &body).await);
    let at = whole.find("conversation").expect("the answer names the conversation");
    body["stop_sequences"] = json!(["never appears", "conversation"]);
    let events = stream(&emu, &[], &body).await;
    assert_eq!(text(&events), whole[..at]);
    let delta = last_json(&events, "message_delta");
    assert_eq!(delta["delta"], json!({"stop_reason": "stop_sequence", "stop_sequence": "conversation"}));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn thinking_model_sends_a_signed_thinking_block_first() {
    let emu = start().await;
    let events = stream(&emu, &[], &request("emulator-thinking", "Plan a picnic.")).await;
    let starts: Vec<Value> = events
        .iter()
        .filter(|event| event.name == "content_block_start")
        .map(|event| event.json()["content_block"]["type"].clone())
        .collect();
    assert_eq!(starts, [json!("thinking"), json!("text")]);
    assert_eq!(events[1].json()["content_block"], json!({"type": "thinking", "thinking": "", "signature": ""}));
    let thinking = deltas(&events, "thinking_delta");
    assert!(!thinking.is_empty());
    assert_eq!(deltas(&events, "signature_delta").len(), 1);
    // The signature is the thinking block's last delta, then it stops.
    let signature_at = events.iter().position(|e| e.data.contains("signature_delta")).expect("signature");
    assert_eq!(events[signature_at + 1].json(), json!({"type": "content_block_stop", "index": 0}));
    let usage = last_json(&events, "message_delta")["usage"].clone();
    assert_eq!(usage["output_tokens_details"]["thinking_tokens"], thinking.len());
    assert_eq!(usage["output_tokens"], thinking.len() + deltas(&events, "text_delta").len());
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn tools_model_sends_a_tool_call() {
    let emu = start().await;
    let events = stream(&emu, &[], &request("emulator-tools", "find my notes on Rust")).await;
    let block = events
        .iter()
        .filter(|event| event.name == "content_block_start")
        .map(Event::json)
        .find(|start| start["content_block"]["type"] == "tool_use")
        .expect("a tool_use block");
    assert_eq!(block["index"], 1);
    assert!(block["content_block"]["id"].as_str().is_some_and(|id| id.starts_with("toolu_")));
    assert_eq!(block["content_block"]["input"], json!({}));
    let json: String = deltas(&events, "input_json_delta")
        .iter()
        .map(|delta| delta["partial_json"].as_str().unwrap_or_default().to_owned())
        .collect();
    let input: Value = serde_json::from_str(&json).expect("the pieces make JSON");
    assert_eq!(input["query"], "find my notes on Rust");
    assert_eq!(last_json(&events, "message_delta")["delta"]["stop_reason"], "tool_use");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn non_streaming_returns_one_message_with_the_same_text() {
    let emu = start().await;
    let mut body = request("emulator-thinking", "Plan a picnic.");
    let streamed = text(&stream(&emu, &[], &body).await);
    body["stream"] = json!(false);
    let response = post(&emu, &[], &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let message: Value = response.json().await.expect("json");
    assert_eq!(message["type"], "message");
    assert!(message["id"].as_str().is_some_and(|id| id.starts_with("msg_")));
    assert_eq!(message["stop_reason"], "end_turn");
    assert_eq!(message["content"][0]["type"], "thinking");
    assert!(message["content"][0]["signature"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(message["content"][1]["text"], streamed.as_str());
    assert!(message["usage"]["output_tokens"].as_u64().is_some_and(|n| n > 0));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn paced_and_resized_streams_keep_their_shape() {
    let options = EmulatorOptions {
        tokens_per_second: 2000.0,
        answer_tokens: 40,
        log_requests: true,
        ..EmulatorOptions::default()
    };
    let emu = start_with(options).await;
    let body = request("emulator-sonnet", "Explain tides.");
    let paced = stream(&emu, &[], &body).await;
    let unpaced = stream(&emu, &[("x-routeplay-tokens-per-second", "0")], &body).await;
    assert_eq!(names(&paced), names(&unpaced));
    assert_eq!(text(&paced), text(&unpaced));

    let unpaced = ("x-routeplay-tokens-per-second", "0");
    let small = stream(&emu, &[unpaced, ("x-routeplay-answer-tokens", "10")], &body).await;
    let large = stream(&emu, &[unpaced, ("x-routeplay-answer-tokens", "400")], &body).await;
    assert!(deltas(&small, "text_delta").len() < deltas(&paced, "text_delta").len());
    assert!(deltas(&large, "text_delta").len() > deltas(&paced, "text_delta").len());
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn request_ids_are_present_and_unique() {
    let emu = start().await;
    let mut ids = HashSet::new();
    for model in ["emulator-sonnet", "emulator-sonnet-fault-429", "nope", "emulator-tools"] {
        let response = post(&emu, &[], &request(model, "hi")).await;
        let id = request_id(&response);
        assert!(id.starts_with("req_") && id.len() > 10, "{id}");
        assert!(ids.insert(id), "request ids repeat");
    }
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn models_are_listed_in_the_anthropic_shape() {
    let emu = start().await;
    let client = reqwest::Client::new();
    let get = |path: &str| {
        client
            .get(format!("{}{path}", emu.base_url()))
            .header("x-api-key", EMULATOR_API_KEY)
            .header("anthropic-version", "2023-06-01")
            .send()
    };
    let list: Value = get("/v1/models").await.expect("sent").json().await.expect("json");
    let ids: Vec<&str> = list["data"].as_array().expect("data").iter().filter_map(|m| m["id"].as_str()).collect();
    let expected: Vec<&str> = MODELS.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, expected);
    assert!(ids.contains(&"emulator-sonnet") && ids.contains(&"emulator-thinking") && ids.contains(&"emulator-tools"));
    assert_eq!(list["has_more"], false);
    assert_eq!(list["first_id"], expected[0]);
    assert_eq!(list["last_id"], expected[expected.len() - 1]);
    assert_eq!(list["data"][0]["type"], "model");

    let page: Value = get("/v1/models?limit=1").await.expect("sent").json().await.expect("json");
    assert_eq!(page["has_more"], true);

    let one = get("/v1/models/emulator-tools").await.expect("sent");
    assert_eq!(one.status(), StatusCode::OK);
    assert!(one.headers().contains_key("request-id"));
    let one: Value = one.json().await.expect("json");
    assert_eq!(one["id"], "emulator-tools");
    assert_eq!(one["display_name"], "Emulator Tools");

    let missing = get("/v1/models/claude-x").await.expect("sent");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let id = request_id(&missing);
    assert_error(&missing.json().await.expect("json"), "not_found_error", &id);
    emu.shutdown().await.expect("clean shutdown");
}
