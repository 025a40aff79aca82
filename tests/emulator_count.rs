//! The emulator's token-counting endpoints over real HTTP: each sits behind its surface's
//! credentials and answers a refusal in its surface's shape (Anthropic's `error` object,
//! Bedrock's `x-amzn-ErrorType` with `{"message"}`, Google's `error.status`), and answers a
//! count under its own key (`input_tokens`, `inputTokens`, `totalTokens`).

use base64::Engine as _;
use reqwest::StatusCode;
use routeplay::emulator::{
    self, AWS_DEMO_BEARER_KEY, EMULATOR_API_KEY, EmulatorHandle, EmulatorOptions, GOOGLE_DEMO_API_KEY,
    GOOGLE_DEMO_CLIENT_ID, GOOGLE_DEMO_CLIENT_SECRET, GOOGLE_DEMO_REFRESH_TOKEN,
};
use serde_json::{Value, json};

async fn start() -> EmulatorHandle {
    emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() }).await.expect("starts")
}

async fn post(request: reqwest::RequestBuilder, body: &Value) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let response = request.json(body).send().await.expect("sent");
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.json().await.expect("a JSON answer"))
}

#[tokio::test]
async fn anthropic_and_mantle_count_behind_their_keys() {
    let emu = start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/messages/count_tokens", emu.base_url());
    let body = json!({ "model": "emulator-sonnet", "messages": [{ "role": "user", "content": "Hello there you" }] });
    let (status, _, refused) = post(http.post(&url).header("anthropic-version", "2023-06-01"), &body).await;
    assert_eq!((status, &refused["error"]["type"]), (StatusCode::UNAUTHORIZED, &json!("authentication_error")));
    let keyed = || http.post(&url).header("anthropic-version", "2023-06-01").header("x-api-key", EMULATOR_API_KEY);
    let (status, headers, counted) = post(keyed(), &body).await;
    assert_eq!((status, &counted), (StatusCode::OK, &json!({ "input_tokens": 4 })));
    assert!(headers.contains_key("request-id"));
    let (status, _, refused) =
        post(keyed(), &json!({ "model": "emulator-sonnet", "max_tokens": 9, "messages": [] })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(refused["error"]["message"], "max_tokens: Extra inputs are not permitted");
    assert_eq!(refused["type"], "error");

    let mantle = format!("{}/anthropic/v1/messages/count_tokens", emu.base_url());
    let body = json!({ "model": "anthropic.emulator-sonnet-v1:0", "messages": [{ "role": "user", "content": "Hi" }] });
    let (status, headers, _) = post(http.post(&mantle).header("anthropic-version", "2023-06-01"), &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "Mantle wants AWS credentials");
    assert!(headers["x-amzn-errortype"].to_str().unwrap().starts_with("MissingAuthenticationTokenException"));
    let bearer = http.post(&mantle).header("anthropic-version", "2023-06-01").bearer_auth(AWS_DEMO_BEARER_KEY);
    assert_eq!(post(bearer, &body).await.2, json!({ "input_tokens": 1 }));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn bedrock_counts_the_bare_id_and_refuses_a_profile_id() {
    let emu = start().await;
    let http = reqwest::Client::new();
    let invoke = json!({
        "anthropic_version": "bedrock-2023-05-31", "max_tokens": 20,
        "messages": [{ "role": "user", "content": "Hello there you" }],
    });
    let body = json!({ "input": { "invokeModel": {
        "body": base64::engine::general_purpose::STANDARD.encode(invoke.to_string()),
    } } });
    let url = |id: &str| format!("{}/model/{id}/count-tokens", emu.base_url());
    let (status, headers, _) = post(http.post(url("anthropic.emulator-sonnet-v1%3A0")), &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "CountTokens is signed like the runtime");
    assert!(headers["x-amzn-errortype"].to_str().unwrap().starts_with("MissingAuthenticationTokenException"));
    let signed = |id: &str| http.post(url(id)).bearer_auth(AWS_DEMO_BEARER_KEY);
    let (status, _, counted) = post(signed("anthropic.emulator-sonnet-v1%3A0"), &body).await;
    assert_eq!((status, counted), (StatusCode::OK, json!({ "inputTokens": 4 })));
    let (status, headers, refused) = post(signed("us.anthropic.emulator-sonnet-v1%3A0"), &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(headers["x-amzn-errortype"], "ValidationException");
    assert_eq!(refused, json!({ "message": "The provided model doesn't support counting tokens." }));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn google_counts_behind_a_key_or_a_token_and_refuses_in_google_shapes() {
    let emu = start().await;
    let http = reqwest::Client::new();
    let contents = json!([{ "role": "user", "parts": [{ "text": "Hello there you" }] }]);
    let gemini = format!("{}/v1beta/models/gemini-2.5-flash:countTokens", emu.base_url());
    let (status, _, refused) = post(http.post(&gemini), &json!({ "contents": contents })).await;
    assert_eq!((status, &refused["error"]["status"]), (StatusCode::FORBIDDEN, &json!("PERMISSION_DENIED")));
    let keyed = || http.post(&gemini).header("x-goog-api-key", GOOGLE_DEMO_API_KEY);
    let wrapped = json!({ "generateContentRequest": { "model": "models/gemini-2.5-flash", "contents": contents } });
    assert_eq!(post(keyed(), &wrapped).await.2, json!({ "totalTokens": 4 }));
    let (status, _, refused) = post(keyed(), &json!({ "contents": contents, "systemInstruction": {} })).await;
    assert_eq!((status, &refused["error"]["status"]), (StatusCode::BAD_REQUEST, &json!("INVALID_ARGUMENT")));

    let token = http
        .post(format!("{}/token", emu.base_url()))
        .json(&json!({
            "grant_type": "refresh_token", "client_id": GOOGLE_DEMO_CLIENT_ID,
            "client_secret": GOOGLE_DEMO_CLIENT_SECRET, "refresh_token": GOOGLE_DEMO_REFRESH_TOKEN,
        }))
        .send()
        .await
        .expect("sent")
        .json::<Value>()
        .await
        .expect("a token answer")["access_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let vertex = format!("{}/v1/projects/demo/locations/us-east5/publishers", emu.base_url());
    let gemini_url = format!("{vertex}/google/models/gemini-2.5-flash:countTokens");
    assert_eq!(
        post(http.post(&gemini_url).bearer_auth(&token), &json!({ "contents": contents })).await.2["totalTokens"],
        4
    );
    let claude_url = format!("{vertex}/anthropic/models/count-tokens:rawPredict");
    let claude = json!({
        "anthropic_version": "vertex-2023-10-16", "model": "claude-sonnet-4-5@20250929",
        "messages": [{ "role": "user", "content": "Hello there you" }],
    });
    let (status, _, refused) =
        post(http.post(&claude_url).header("x-goog-api-key", GOOGLE_DEMO_API_KEY), &claude).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "Vertex takes no API key: {refused}");
    let (status, headers, counted) = post(http.post(&claude_url).bearer_auth(&token), &claude).await;
    assert_eq!((status, counted), (StatusCode::OK, json!({ "input_tokens": 4 })));
    assert!(headers["request-id"].to_str().unwrap().starts_with("req_vrtx_"));
    let unknown = json!({ "anthropic_version": "vertex-2023-10-16", "model": "claude-nope@1", "messages": [] });
    let (status, _, refused) = post(http.post(&claude_url).bearer_auth(&token), &unknown).await;
    assert_eq!((status, &refused["error"]["status"]), (StatusCode::NOT_FOUND, &json!("NOT_FOUND")));
    emu.shutdown().await.expect("clean shutdown");
}
