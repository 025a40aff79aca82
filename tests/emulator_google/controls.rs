//! The request controls on the Gemini surfaces: labels (Vertex only), the service tier echoed
//! as `trafficType`, inline files, `topK` and `thinkingLevel`.

use super::support::{SONNET, claude_body, data, gemini, prompt, start, status_json, status_text, user_token, vertex};
use reqwest::StatusCode;
use serde_json::{Value, json};

const STREAM: &str = "gemini-2.5-flash:streamGenerateContent?alt=sse";

/// A prompt with `extra` merged into the body.
fn with(extra: &Value) -> Value {
    let mut body = prompt("Describe the file.");
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    body
}

/// The user turn's parts led by `part`.
fn with_part(part: &Value) -> Value {
    json!({ "contents": [{ "role": "user", "parts": [part, { "text": "Describe the file." }] }] })
}

#[tokio::test]
async fn labels_are_refused_by_the_gemini_api_and_taken_by_vertex() {
    let emu = start().await;
    let labels = with(&json!({ "labels": { "team": "ml" } }));
    let (status, error) = status_json(gemini(&emu, "gemini-2.5-flash:generateContent", &labels)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let expected = json!({ "error": {
        "code": 400,
        "message": "Invalid JSON payload received. Unknown name \"labels\": Cannot find field.",
        "status": "INVALID_ARGUMENT",
    }});
    assert_eq!(error, expected);

    let token = user_token(&emu).await;
    let (status, _, body) = status_text(vertex(&emu, "global", "google", STREAM, &token).json(&labels)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let bad = with(&json!({ "labels": { "Team": "ml" } }));
    let (status, error) = status_json(vertex(&emu, "global", "google", STREAM, &token).json(&bad)).await;
    assert_eq!((status, &error["error"]["status"]), (StatusCode::BAD_REQUEST, &json!("INVALID_ARGUMENT")));
    assert!(error["error"]["message"].as_str().is_some_and(|m| m.contains("\"Team\"")), "{error}");

    // Claude on Vertex: labels in the rawPredict body and the tier header, as routeplay sends them.
    let mut claude = claude_body(false);
    claude["labels"] = json!({ "team": "ml" });
    let request = vertex(&emu, "us-east5", "anthropic", &format!("{SONNET}:rawPredict"), &token)
        .header("x-vertex-ai-llm-shared-request-type", "flex")
        .json(&claude);
    let (status, answer) = status_json(request).await;
    assert_eq!((status, &answer["type"]), (StatusCode::OK, &json!("message")), "{answer}");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn the_tier_asked_is_echoed_as_the_traffic_type() {
    let emu = start().await;
    let token = user_token(&emu).await;
    let traffic =
        |chunks: &[Value]| chunks.iter().map(|c| c["usageMetadata"]["trafficType"].clone()).collect::<Vec<_>>();
    for (tier, expected) in [("flex", "ON_DEMAND_FLEX"), ("priority", "ON_DEMAND_PRIORITY"), ("standard", "ON_DEMAND")]
    {
        let body = with(&json!({ "serviceTier": tier }));
        let (status, _, text) = status_text(vertex(&emu, "global", "google", STREAM, &token).json(&body)).await;
        assert_eq!(status, StatusCode::OK, "{tier}: {text}");
        assert!(traffic(&data(&text)).iter().all(|t| t == expected), "{tier}: every chunk says {expected}");
        let (_, _, text) = status_text(gemini(&emu, STREAM, &body)).await;
        assert!(traffic(&data(&text)).iter().all(|t| t == expected), "the Gemini API echoes an asked tier");
    }
    let (_, _, text) = status_text(gemini(&emu, STREAM, &prompt("hi"))).await;
    assert!(traffic(&data(&text)).iter().all(Value::is_null), "no tier asked, none echoed by the Gemini API");
    let (status, error) = status_json(gemini(&emu, STREAM, &with(&json!({ "serviceTier": "gold" })))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error"]["message"].as_str().is_some_and(|m| m.contains("Invalid value at 'service_tier'")));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn inline_files_are_taken_or_refused_by_mime_type() {
    let emu = start().await;
    let png = with_part(&json!({ "inlineData": { "mimeType": "image/png", "data": "iVBORw0KGgo=" } }));
    let (status, with_file) = status_json(gemini(&emu, "gemini-2.0-flash:generateContent", &png)).await;
    assert_eq!(status, StatusCode::OK, "{with_file}");
    assert_eq!(with_file["candidates"][0]["finishReason"], "STOP");

    let gif = with_part(&json!({ "inlineData": { "mimeType": "image/gif", "data": "R0lGODlh" } }));
    let (status, error) = status_json(gemini(&emu, "gemini-2.0-flash:generateContent", &gif)).await;
    let expected = json!({ "error": {
        "code": 400,
        "message": "Unsupported MIME type: image/gif",
        "status": "INVALID_ARGUMENT",
    }});
    assert_eq!((status, error), (StatusCode::BAD_REQUEST, expected));
    let token = user_token(&emu).await;
    let (status, error) = status_json(vertex(&emu, "global", "google", STREAM, &token).json(&gif)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = error["error"]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("Unable to submit request because it has a mimeType parameter with value image/gif"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn thinking_level_makes_an_emulator_model_think_and_a_gemini_2_model_refuse() {
    let emu = start().await;
    let level = with(&json!({ "generationConfig": { "topK": 20, "thinkingConfig": { "thinkingLevel": "low" } } }));
    let (status, whole) = status_json(gemini(&emu, "emulator-plain:generateContent", &level)).await;
    assert_eq!(status, StatusCode::OK, "{whole}");
    assert!(whole["usageMetadata"]["thoughtsTokenCount"].as_u64().is_some_and(|n| n > 0), "{whole}");
    let (status, error) = status_json(gemini(&emu, "gemini-2.5-flash:generateContent", &level)).await;
    assert_eq!((status, &error["error"]["status"]), (StatusCode::BAD_REQUEST, &json!("INVALID_ARGUMENT")));
    let both =
        with(&json!({ "generationConfig": { "thinkingConfig": { "thinkingLevel": "low", "thinkingBudget": 9 } } }));
    let (_, error) = status_json(gemini(&emu, "emulator-plain:generateContent", &both)).await;
    assert_eq!(error["error"]["message"], "You can only set only one of thinking budget and thinking level.");
    emu.shutdown().await.expect("clean shutdown");
}
