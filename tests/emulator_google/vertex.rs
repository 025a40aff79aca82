//! Vertex AI: Gemini and Claude behind bearer tokens, locations, publisher model listings.

use super::support::{
    SONNET, blocks, claude_body, data, http, prompt, start, status_json, status_text, user_token, vertex,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

const STREAM: &str = "gemini-2.5-flash:streamGenerateContent?alt=sse";

#[tokio::test]
async fn vertex_gemini_answers_an_issued_token_in_every_kind_of_location() {
    let emu = start().await;
    let token = user_token(&emu).await;
    for location in ["us-central1", "global", "us", "europe-west4"] {
        let (status, _, body) = status_text(vertex(&emu, location, "google", STREAM, &token).json(&prompt("hi"))).await;
        assert_eq!(status, StatusCode::OK, "{location}: {body}");
        let chunks = data(&body);
        assert_eq!(chunks[chunks.len() - 1]["candidates"][0]["finishReason"], "STOP");
        assert_eq!(chunks[0]["usageMetadata"]["trafficType"], "ON_DEMAND");
    }
    let beta = format!(
        "{}/v1beta1/projects/p1/locations/global/publishers/google/models/gemini-2.0-flash:generateContent",
        emu.base_url()
    );
    let (status, whole) = status_json(http().post(beta).bearer_auth(&token).json(&prompt("hi"))).await;
    assert_eq!((status, &whole["candidates"][0]["finishReason"]), (StatusCode::OK, &json!("STOP")));

    let (status, error) = status_json(vertex(&emu, "mars-north1", "google", STREAM, &token).json(&prompt("hi"))).await;
    assert_eq!((status, &error["error"]["status"]), (StatusCode::BAD_REQUEST, &json!("INVALID_ARGUMENT")));
    assert!(error["error"]["message"].as_str().is_some_and(|m| m.contains("mars-north1")));
    let (status, error) =
        status_json(vertex(&emu, "global", "google", "gemini-9:generateContent", &token).json(&prompt("hi"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        error["error"]["message"],
        "Publisher Model `projects/p1/locations/global/publishers/google/models/gemini-9` not found."
    );
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn vertex_refuses_api_keys_and_bad_tokens() {
    let emu = start().await;
    let url = format!("{}/v1/projects/p1/locations/global/publishers/google/models/{STREAM}", emu.base_url());
    let key = routeplay::emulator::GOOGLE_DEMO_API_KEY;
    for request in [http().post(&url).header("x-goog-api-key", key), http().post(format!("{url}&key={key}"))] {
        let (status, error) = status_json(request.json(&prompt("hi"))).await;
        assert_eq!((status, &error["error"]["status"]), (StatusCode::UNAUTHORIZED, &json!("UNAUTHENTICATED")));
        assert_eq!(
            error["error"]["message"],
            "API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials \
             that assert a principal. See https://cloud.google.com/docs/authentication"
        );
    }
    let (status, missing) = status_json(http().post(&url).json(&prompt("hi"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        missing["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Request is missing required authentication credential."))
    );
    let (status, bad) = status_json(http().post(&url).bearer_auth("ya29.made-up").json(&prompt("hi"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(bad["error"]["message"].as_str().is_some_and(|m| m.starts_with(
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."
    )));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    let mut options = routeplay::emulator::EmulatorOptions { tokens_per_second: 0.0, ..Default::default() };
    options.google.token_lifetime = std::time::Duration::ZERO;
    let emu = super::support::start_with(options).await;
    let token = user_token(&emu).await;
    let (status, error) = status_json(vertex(&emu, "global", "google", STREAM, &token).json(&prompt("hi"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error["error"]["details"][0]["reason"], "ACCESS_TOKEN_EXPIRED");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn vertex_claude_streams_the_anthropic_wire() {
    let emu = start().await;
    let token = user_token(&emu).await;
    let path = format!("{SONNET}:streamRawPredict");
    let (status, headers, body) =
        status_text(vertex(&emu, "us-east5", "anthropic", &path, &token).json(&claude_body(true))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(headers["request-id"].to_str().is_ok_and(|id| id.starts_with("req_vrtx_01")));
    let events: Vec<(String, Value)> = blocks(&body)
        .iter()
        .map(|block| {
            let (event, data) = block.split_once('\n').expect("event and data");
            let data = data.strip_prefix("data: ").expect("data");
            (event.trim_start_matches("event: ").to_owned(), serde_json::from_str(data).expect("JSON data"))
        })
        .collect();
    let names: Vec<&str> = events.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names[..4], ["message_start", "content_block_start", "ping", "content_block_delta"]);
    assert_eq!(names[names.len() - 2..], ["message_delta", "message_stop"]);
    assert!(events.iter().all(|(name, data)| data["type"] == json!(name)));
    let message = &events[0].1["message"];
    assert!(message["id"].as_str().is_some_and(|id| id.starts_with("msg_vrtx_01")));
    assert_eq!(events[events.len() - 2].1["delta"]["stop_reason"], "end_turn");

    let raw = format!("{SONNET}:rawPredict");
    let (status, whole) =
        status_json(vertex(&emu, "global", "anthropic", &raw, &token).json(&claude_body(false))).await;
    assert_eq!((status, &whole["type"], &whole["role"]), (StatusCode::OK, &json!("message"), &json!("assistant")));
    let mut thinking = claude_body(false);
    thinking["thinking"] = json!({ "type": "enabled", "budget_tokens": 1024 });
    // The budget must be below max_tokens, as the Messages API checks.
    thinking["max_tokens"] = json!(2048);
    let (_, thought) = status_json(vertex(&emu, "global", "anthropic", &raw, &token).json(&thinking)).await;
    assert_eq!(thought["content"][0]["type"], "thinking");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn vertex_claude_checks_its_body_and_ids() {
    let emu = start().await;
    let token = user_token(&emu).await;
    let path = format!("{SONNET}:streamRawPredict");
    let mut with_model = claude_body(true);
    with_model["model"] = json!(SONNET);
    let (status, error) = status_json(vertex(&emu, "global", "anthropic", &path, &token).json(&with_model)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!((&error["type"], &error["error"]["type"]), (&json!("error"), &json!("invalid_request_error")));
    assert_eq!(error["error"]["message"], "model: Extra inputs are not permitted");
    let mut unversioned = claude_body(true);
    unversioned.as_object_mut().map(|body| body.remove("anthropic_version"));
    let (status, error) = status_json(vertex(&emu, "global", "anthropic", &path, &token).json(&unversioned)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error"]["message"].as_str().is_some_and(|m| m.contains("anthropic_version")));
    let (status, error) = status_json(
        vertex(&emu, "europe-west1", "anthropic", "claude-sonnet-4-5:streamRawPredict", &token)
            .json(&claude_body(true)),
    )
    .await;
    assert_eq!((status, &error["error"]["status"]), (StatusCode::NOT_FOUND, &json!("NOT_FOUND")));
    assert_eq!(
        error["error"]["message"],
        "Publisher Model `projects/p1/locations/europe-west1/publishers/anthropic/models/claude-sonnet-4-5` not found."
    );
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn publisher_models_list_and_page() {
    let emu = start().await;
    let token = user_token(&emu).await;
    let list = |publisher: &str, query: &str| {
        http().get(format!("{}/v1beta1/publishers/{publisher}/models{query}", emu.base_url())).bearer_auth(&token)
    };
    let (status, anthropic) = status_json(list("anthropic", "")).await;
    assert_eq!(status, StatusCode::OK);
    let models = anthropic["publisherModels"].as_array().expect("publisherModels");
    let ids: Vec<String> = models
        .iter()
        .map(|model| {
            let name = model["name"].as_str().expect("name");
            assert!(name.starts_with("publishers/anthropic/models/") && model["launchStage"].is_string());
            format!("{}@{}", name.rsplit('/').next().unwrap_or(""), model["versionId"].as_str().unwrap_or(""))
        })
        .collect();
    assert!(ids.contains(&SONNET.to_owned()), "{ids:?}");
    let (_, first) = status_json(list("google", "?pageSize=3")).await;
    assert_eq!(first["publisherModels"].as_array().map(Vec::len), Some(3));
    assert!(first["publisherModels"][0]["name"].as_str().is_some_and(|n| n.starts_with("publishers/google/models/")));
    let next = first["nextPageToken"].as_str().expect("more");
    let (_, rest) = status_json(list("google", &format!("?pageSize=3&pageToken={next}"))).await;
    assert!(rest["publisherModels"].as_array().is_some_and(|rest| !rest.is_empty()));
    let anonymous = http().get(format!("{}/v1beta1/publishers/google/models", emu.base_url()));
    assert_eq!(anonymous.send().await.expect("sent").status(), StatusCode::UNAUTHORIZED);
    emu.shutdown().await.expect("clean shutdown");
}
