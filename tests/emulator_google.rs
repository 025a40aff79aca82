//! The emulator's Google surfaces over real HTTP: the Gemini API here; Vertex, OAuth and the
//! metadata server, and the faults in the modules below. Plain reqwest, no Google SDK, except
//! where `google-cloud-auth` itself is pointed at the emulator.

#[path = "emulator_google/auth.rs"]
mod auth;
#[path = "emulator_google/controls.rs"]
mod controls;
#[path = "emulator_google/faults.rs"]
mod faults;
#[path = "emulator_google/support.rs"]
mod support;
#[path = "emulator_google/vertex.rs"]
mod vertex;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{data, gemini, http, prompt, start, status_json, status_text};

/// The text of a chunk's parts; thought summaries only if `thoughts`.
fn text_of(chunk: &Value, thoughts: bool) -> String {
    let parts = chunk["candidates"][0]["content"]["parts"].as_array().cloned().unwrap_or_default();
    let wanted = parts.iter().filter(|part| part["thought"].as_bool().unwrap_or(false) == thoughts);
    wanted.filter_map(|part| part["text"].as_str()).collect()
}

#[tokio::test]
async fn gemini_api_streams_sse_chunks_with_running_usage() {
    let emu = start().await;
    let (status, headers, body) =
        status_text(gemini(&emu, "gemini-2.0-flash:streamGenerateContent?alt=sse", &prompt("Why is the sky blue?")))
            .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"].to_str().is_ok_and(|t| t.starts_with("text/event-stream")));
    assert!(!body.contains("[DONE]") && !body.contains("\r\n"), "LF framing by default");
    let chunks = data(&body);
    assert!(chunks.len() > 3, "streamed in several chunks: {}", chunks.len());
    let (mut previous, id) = (0, chunks[0]["responseId"].clone());
    for (n, chunk) in chunks.iter().enumerate() {
        let usage = &chunk["usageMetadata"];
        let (prompt, candidates) = (usage["promptTokenCount"].as_u64(), usage["candidatesTokenCount"].as_u64());
        assert!(prompt.is_some_and(|p| p > 0) && candidates.is_some_and(|c| c > previous), "running totals: {usage}");
        assert_eq!(usage["totalTokenCount"].as_u64(), Some(prompt.unwrap_or(0) + candidates.unwrap_or(0)));
        assert!(usage.get("thoughtsTokenCount").is_none());
        previous = candidates.unwrap_or(0);
        assert_eq!(chunk["candidates"][0]["content"]["role"], "model");
        assert_eq!((&chunk["modelVersion"], &chunk["responseId"]), (&json!("gemini-2.0-flash"), &id));
        let finish = &chunk["candidates"][0]["finishReason"];
        assert_eq!(finish.as_str(), (n + 1 == chunks.len()).then_some("STOP"), "finishReason only on the last");
    }
    let text: String = chunks.iter().map(|chunk| text_of(chunk, false)).collect();
    assert!(text.starts_with("## ") && text.contains("Why is the sky blue?"), "{text}");
    assert!(id.as_str().is_some_and(|id| id.len() == 22));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn thinking_models_stream_thoughts_only_when_asked() {
    let emu = start().await;
    let path = "gemini-2.5-flash:streamGenerateContent?alt=sse";
    let mut body = prompt("Plan a picnic.");
    body["generationConfig"] = json!({ "thinkingConfig": { "includeThoughts": true } });
    let chunks = data(&status_text(gemini(&emu, path, &body)).await.2);
    let thought_first = chunks.iter().position(|chunk| !text_of(chunk, true).is_empty());
    let text_first = chunks.iter().position(|chunk| !text_of(chunk, false).is_empty());
    assert!(thought_first.is_some_and(|t| text_first.is_some_and(|a| t < a)), "thoughts, then the answer");
    let last = &chunks[chunks.len() - 1]["usageMetadata"];
    let thoughts = last["thoughtsTokenCount"].as_u64().expect("thoughts counted");
    let sum = last["promptTokenCount"].as_u64().unwrap_or(0) + last["candidatesTokenCount"].as_u64().unwrap_or(0);
    assert_eq!(last["totalTokenCount"].as_u64(), Some(sum + thoughts));

    body["generationConfig"] = json!({});
    let hidden = data(&status_text(gemini(&emu, path, &body)).await.2);
    assert!(hidden.iter().all(|chunk| text_of(chunk, true).is_empty()));
    assert!(hidden[0]["usageMetadata"]["thoughtsTokenCount"].as_u64().is_some_and(|n| n > 0), "hidden thoughts count");

    body["generationConfig"] = json!({ "thinkingConfig": { "thinkingBudget": 0 } });
    let off = data(&status_text(gemini(&emu, path, &body)).await.2);
    assert!(off.iter().all(|chunk| chunk["usageMetadata"].get("thoughtsTokenCount").is_none()));
    let (status, error) = status_json(gemini(&emu, "gemini-2.5-pro:generateContent", &body)).await;
    assert_eq!((status, &error["error"]["status"]), (StatusCode::BAD_REQUEST, &json!("INVALID_ARGUMENT")));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn unary_array_stream_and_max_tokens() {
    let emu = start().await;
    let mut body = prompt("Describe rivers.");
    body["generationConfig"] = json!({ "maxOutputTokens": 6, "stopSequences": [] });
    let key = routeplay::emulator::GOOGLE_DEMO_API_KEY;
    let url = format!("{}/v1beta/models/gemini-2.0-flash:generateContent?key={key}", emu.base_url());
    let (status, whole) = status_json(http().post(url).json(&body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(whole["candidates"][0]["finishReason"], "MAX_TOKENS");
    assert_eq!(whole["usageMetadata"]["candidatesTokenCount"], 6);

    let (status, headers, text) =
        status_text(gemini(&emu, "gemini-2.0-flash:streamGenerateContent", &prompt("Rivers?"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"].to_str().is_ok_and(|t| t.starts_with("application/json")));
    let array: Vec<Value> = serde_json::from_str(&text).expect("a JSON array");
    assert!(array.len() > 3);
    assert_eq!(array[array.len() - 1]["candidates"][0]["finishReason"], "STOP");
    let streamed: String = array.iter().map(|chunk| text_of(chunk, false)).collect();
    let (_, whole) = status_json(gemini(&emu, "gemini-2.0-flash:generateContent", &prompt("Rivers?"))).await;
    assert_eq!(streamed, text_of(&whole, false), "same answer streamed or whole");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn gemini_api_keys_and_unknown_models() {
    let emu = start().await;
    let url = format!("{}/v1beta/models/gemini-2.0-flash:generateContent", emu.base_url());
    let (status, missing) = status_json(http().post(&url).json(&prompt("hi"))).await;
    assert_eq!((status, &missing["error"]["status"]), (StatusCode::FORBIDDEN, &json!("PERMISSION_DENIED")));
    assert!(
        missing["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Method doesn't allow unregistered callers"))
    );
    let (status, wrong) = status_json(http().post(&url).header("x-goog-api-key", "nope").json(&prompt("hi"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong["error"]["message"], "API key not valid. Please pass a valid API key.");
    assert_eq!(
        (&wrong["error"]["status"], &wrong["error"]["details"][0]["reason"]),
        (&json!("INVALID_ARGUMENT"), &json!("API_KEY_INVALID"))
    );
    let (status, _) = status_json(http().post(format!("{url}?key=nope")).json(&prompt("hi"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, unknown) = status_json(gemini(&emu, "gemini-9-ultra:generateContent", &prompt("hi"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        unknown["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("models/gemini-9-ultra is not found for API version v1beta"))
    );
    let (status, _) = status_json(gemini(&emu, "gemini-embedding-001:generateContent", &prompt("hi"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "embedding models do not generate");
    let (status, bad) = status_json(gemini(&emu, "gemini-2.0-flash:generateContent", &json!({ "prompt": "hi" }))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad["error"]["message"].as_str().is_some_and(|m| m.contains("Unknown name \"prompt\"")));

    let token = support::user_token(&emu).await;
    let bearer = http().post(&url).bearer_auth(&token).json(&prompt("hi"));
    assert_eq!(bearer.send().await.expect("sent").status(), StatusCode::OK, "OAuth works on the Gemini API too");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn models_list_pages_and_marks_what_generates() {
    let emu = start().await;
    let key = routeplay::emulator::GOOGLE_DEMO_API_KEY;
    let (mut names, mut token, mut pages) = (Vec::new(), String::new(), 0);
    loop {
        let url = format!("{}/v1beta/models?pageSize=2&pageToken={token}", emu.base_url());
        let (status, page) = status_json(http().get(url).header("x-goog-api-key", key)).await;
        assert_eq!(status, StatusCode::OK);
        let models = page["models"].as_array().expect("models");
        assert!(models.len() <= 2);
        for model in models {
            assert!(
                model["displayName"].is_string()
                    && model["inputTokenLimit"].is_u64()
                    && model["outputTokenLimit"].is_u64()
            );
            let generates =
                model["supportedGenerationMethods"].as_array().expect("methods").contains(&json!("generateContent"));
            names.push((model["name"].as_str().expect("name").to_owned(), generates, model["thinking"] == json!(true)));
        }
        pages += 1;
        match page["nextPageToken"].as_str() {
            Some(next) => token = next.to_owned(),
            None => break,
        }
    }
    assert!(pages >= 3 && names.iter().all(|(name, _, _)| name.starts_with("models/")));
    assert!(names.contains(&("models/gemini-2.5-pro".to_owned(), true, true)));
    assert!(names.contains(&("models/gemini-embedding-001".to_owned(), false, false)), "{names:?}");
    let one = format!("{}/v1beta/models/gemini-2.5-flash", emu.base_url());
    let (status, model) = status_json(http().get(one).header("x-goog-api-key", key)).await;
    assert_eq!((status, &model["name"]), (StatusCode::OK, &json!("models/gemini-2.5-flash")));
    let (status, _) =
        status_json(http().get(format!("{}/v1beta/models?pageToken=zz", emu.base_url())).header("x-goog-api-key", key))
            .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    emu.shutdown().await.expect("clean shutdown");
}
