//! The emulator's OpenAI Chat Completions surfaces over real HTTP (`openai`, Bedrock Mantle's
//! `bedrock-openai`, `vertex-openai`): streams, whole answers, models listings and request
//! checks here; credentials and faults in the modules below. Plain reqwest and raw SSE, no
//! routeplay decoder.

#[path = "emulator_openai/auth.rs"]
mod auth;
#[path = "emulator_openai/faults.rs"]
mod faults;
#[path = "emulator_openai/support.rs"]
mod support;

use reqwest::StatusCode;
use routeplay::emulator::EMULATOR_API_KEY;
use serde_json::{Value, json};
use support::{
    MANTLE_SIGV4, OPENAI, Via, body_of, chat, chunks, data_lines, delta_text, json_of, openai_error, post, start,
    streamed_text, streaming,
};

#[tokio::test]
async fn openai_streams_text_then_finish_usage_and_done() {
    let emu = start().await;
    let body =
        body_of(post(&emu, &OPENAI, &streaming("emulator-sonnet", "Why do tides happen?"), &[]).await, StatusCode::OK)
            .await;
    let data = data_lines(&body);
    assert_eq!(data.last(), Some(&"[DONE]"), "{body}");
    let chunks = chunks(&body);
    assert_eq!(chunks.len() + 1, data.len(), "every data line but [DONE] is JSON");
    assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant");
    let id = chunks[0]["id"].as_str().expect("id");
    assert!(id.starts_with("chatcmpl-"), "{id}");
    for chunk in &chunks {
        assert_eq!((chunk["id"].as_str(), &chunk["object"]), (Some(id), &json!("chat.completion.chunk")));
        assert_eq!(chunk["model"], "emulator-sonnet");
        assert!(chunk["created"].as_u64().is_some_and(|created| created > 1_700_000_000));
        assert!(chunk["system_fingerprint"].as_str().is_some_and(|fp| fp.starts_with("fp_")));
        assert_eq!(chunk["service_tier"], "default");
    }
    let text = delta_text(&chunks, "content");
    assert!(text.contains("> Why do tides happen?"), "{text}");
    assert!(chunks[..chunks.len() - 1].iter().all(|chunk| chunk["usage"].is_null() && chunk.get("usage").is_some()));
    let (finish, usage) = (&chunks[chunks.len() - 2], &chunks[chunks.len() - 1]);
    assert_eq!(finish["choices"][0]["finish_reason"], "stop");
    assert_eq!(usage["choices"], json!([]));
    let usage = &usage["usage"];
    let (prompt, completion) =
        (usage["prompt_tokens"].as_u64().expect("n"), usage["completion_tokens"].as_u64().expect("n"));
    assert!(prompt > 0 && completion > 10);
    assert_eq!(usage["total_tokens"].as_u64(), Some(prompt + completion));
    assert_eq!(usage["prompt_tokens_details"]["cached_tokens"], 0);
    assert_eq!(usage["completion_tokens_details"]["reasoning_tokens"], 0);

    // Without include_usage: no usage chunk, the finish chunk is the last before [DONE].
    let plain = chat("emulator-sonnet", "Why do tides happen?", &json!({ "stream": true }));
    let body = body_of(post(&emu, &OPENAI, &plain, &[]).await, StatusCode::OK).await;
    let chunks = support::chunks(&body);
    assert!(
        chunks
            .iter()
            .all(|chunk| chunk.get("usage").is_none() && !chunk["choices"].as_array().is_some_and(Vec::is_empty))
    );
    assert_eq!(chunks.last().map(|chunk| &chunk["choices"][0]["finish_reason"]), Some(&json!("stop")));
    assert_eq!(data_lines(&body).last(), Some(&"[DONE]"));
    assert_eq!(delta_text(&chunks, "content"), text, "same prompt, same answer");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn thinking_streams_reasoning_content_and_counts_it() {
    let emu = start().await;
    let body = chat(
        "emulator-thinking",
        "Plan a garden",
        &json!({ "stream": true, "stream_options": { "include_usage": true }, "reasoning_effort": "high" }),
    );
    let body = body_of(post(&emu, &OPENAI, &body, &[]).await, StatusCode::OK).await;
    let chunks = chunks(&body);
    let reasoning = delta_text(&chunks, "reasoning_content");
    assert!(!reasoning.is_empty() && !delta_text(&chunks, "content").is_empty());
    let first_content =
        chunks.iter().position(|c| c["choices"][0]["delta"]["content"].as_str().is_some_and(|s| !s.is_empty()));
    let last_reasoning = chunks.iter().rposition(|c| c["choices"][0]["delta"]["reasoning_content"].is_string());
    assert!(last_reasoning < first_content, "thinking comes first");
    let usage = &chunks.last().expect("usage")["usage"];
    let reasoning_tokens = usage["completion_tokens_details"]["reasoning_tokens"].as_u64().expect("n");
    assert!(reasoning_tokens > 0 && reasoning_tokens < usage["completion_tokens"].as_u64().expect("n"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn tools_stream_a_call_with_its_arguments_in_pieces() {
    let emu = start().await;
    let body =
        body_of(post(&emu, &OPENAI, &streaming("emulator-tools", "find my notes on Rust"), &[]).await, StatusCode::OK)
            .await;
    let chunks = chunks(&body);
    let calls: Vec<&Value> =
        chunks.iter().filter_map(|chunk| chunk["choices"][0]["delta"]["tool_calls"].get(0)).collect();
    assert!(calls.len() > 2, "the name, then the arguments in pieces");
    assert_eq!(calls[0]["index"], 0);
    assert!(calls[0]["id"].as_str().is_some_and(|id| id.starts_with("call_")));
    assert_eq!((&calls[0]["type"], &calls[0]["function"]["name"]), (&json!("function"), &json!("search_notes")));
    assert!(calls[1..].iter().all(|call| call.get("id").is_none() && call["index"] == 0));
    let arguments: String = calls.iter().filter_map(|call| call["function"]["arguments"].as_str()).collect();
    let arguments: Value = serde_json::from_str(&arguments).expect("the pieces make JSON");
    assert_eq!(arguments["query"], "find my notes on Rust");
    let finish = chunks.iter().find_map(|chunk| chunk["choices"][0]["finish_reason"].as_str());
    assert_eq!(finish, Some("tool_calls"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn every_surface_gives_the_same_answer() {
    let emu = start().await;
    let prompt = "Compare rivers and canals";
    let openai = streamed_text(&emu, &OPENAI, "emulator-sonnet", prompt).await;
    assert!(!openai.is_empty());
    assert_eq!(streamed_text(&emu, &Via::MantleBearer, "emulator-sonnet", prompt).await, openai);
    assert_eq!(streamed_text(&emu, &MANTLE_SIGV4, "emulator-sonnet", prompt).await, openai);
    let token = support::google_token(&emu).await;
    let vertex = Via::Vertex { location: "global", token: token.clone() };
    assert_eq!(streamed_text(&emu, &vertex, "google/emulator-sonnet", prompt).await, openai);
    assert_eq!(streamed_text(&emu, &vertex, "meta/emulator-sonnet", prompt).await, openai, "any publisher");
    let v1beta1 =
        format!("{}/v1beta1/projects/p1/locations/us-east5/endpoints/openapi/chat/completions", emu.base_url());
    let sent =
        reqwest::Client::new().post(v1beta1).bearer_auth(token).json(&streaming("google/emulator-sonnet", prompt));
    let body = body_of(sent.send().await.expect("sent"), StatusCode::OK).await;
    assert_eq!(delta_text(&chunks(&body), "content"), openai, "v1beta1 too");

    // Mantle and Vertex send no fingerprint and no tier unless one is asked.
    let body =
        body_of(post(&emu, &vertex, &streaming("google/emulator-sonnet", prompt), &[]).await, StatusCode::OK).await;
    let first = &chunks(&body)[0];
    assert!(first.get("system_fingerprint").is_none() && first.get("service_tier").is_none());
    assert_eq!(first["model"], "google/emulator-sonnet");
    let flex = chat("emulator-sonnet", prompt, &json!({ "stream": true, "service_tier": "flex" }));
    let body = body_of(post(&emu, &Via::MantleBearer, &flex, &[]).await, StatusCode::OK).await;
    assert!(chunks(&body).iter().all(|chunk| chunk["service_tier"] == "flex"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn whole_completions_carry_message_finish_and_usage() {
    let emu = start().await;
    let limited = chat("emulator-sonnet", "Describe the moon", &json!({ "max_completion_tokens": 5 }));
    let whole = json_of(post(&emu, &OPENAI, &limited, &[]).await, StatusCode::OK).await;
    assert_eq!(whole["object"], "chat.completion");
    assert!(whole["id"].as_str().is_some_and(|id| id.starts_with("chatcmpl-")));
    let choice = &whole["choices"][0];
    assert_eq!((&choice["message"]["role"], &choice["finish_reason"]), (&json!("assistant"), &json!("length")));
    assert_eq!(whole["usage"]["completion_tokens"], 5);

    let stopped = chat("emulator-sonnet", "Describe the moon", &json!({ "stop": ["moon"], "max_tokens": 500 }));
    let whole = json_of(post(&emu, &OPENAI, &stopped, &[]).await, StatusCode::OK).await;
    let content = whole["choices"][0]["message"]["content"].as_str().expect("text");
    assert!(!content.contains("moon") && whole["choices"][0]["finish_reason"] == "stop", "{content}");

    let tools =
        json_of(post(&emu, &OPENAI, &chat("emulator-tools", "find notes", &json!({})), &[]).await, StatusCode::OK)
            .await;
    let call = &tools["choices"][0]["message"]["tool_calls"][0];
    assert_eq!(call["function"]["name"], "search_notes");
    assert!(serde_json::from_str::<Value>(call["function"]["arguments"].as_str().expect("text")).is_ok());
    let thinking =
        json_of(post(&emu, &OPENAI, &chat("emulator-thinking", "hi", &json!({})), &[]).await, StatusCode::OK).await;
    assert!(thinking["choices"][0]["message"]["reasoning_content"].as_str().is_some_and(|r| !r.is_empty()));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn a_repeated_conversation_reports_cached_tokens() {
    let emu = start().await;
    let prompt = "A long question about the history of canals in Europe and their locks";
    let usage = |body: String| chunks(&body).last().expect("usage")["usage"].clone();
    let first =
        usage(body_of(post(&emu, &OPENAI, &streaming("emulator-sonnet", prompt), &[]).await, StatusCode::OK).await);
    let second =
        usage(body_of(post(&emu, &OPENAI, &streaming("emulator-sonnet", prompt), &[]).await, StatusCode::OK).await);
    assert_eq!(first["prompt_tokens_details"]["cached_tokens"], 0);
    assert_eq!(second["prompt_tokens_details"]["cached_tokens"], second["prompt_tokens"]);
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn models_are_listed_per_surface_and_anthropic_keeps_its_listing() {
    let emu = start().await;
    let client = reqwest::Client::new();
    let url = format!("{}/v1/models", emu.base_url());
    let listing =
        json_of(client.get(&url).bearer_auth(EMULATOR_API_KEY).send().await.expect("sent"), StatusCode::OK).await;
    assert_eq!(listing["object"], "list");
    let ids: Vec<&str> =
        listing["data"].as_array().expect("data").iter().filter_map(|model| model["id"].as_str()).collect();
    assert!(ids.starts_with(&["emulator-sonnet", "emulator-thinking", "emulator-tools"]), "{ids:?}");
    let first = &listing["data"][0];
    assert_eq!((&first["object"], &first["owned_by"]), (&json!("model"), &json!("routeplay")));
    assert!(first["created"].is_u64());

    let refused =
        json_of(client.get(&url).bearer_auth("wrong").send().await.expect("sent"), StatusCode::UNAUTHORIZED).await;
    assert_eq!(openai_error(&refused)["code"], "invalid_api_key");

    let anthropic = client.get(&url).header("x-api-key", EMULATOR_API_KEY).header("anthropic-version", "2023-06-01");
    let anthropic = json_of(anthropic.send().await.expect("sent"), StatusCode::OK).await;
    assert_eq!((&anthropic["has_more"], &anthropic["data"][0]["type"]), (&json!(false), &json!("model")));

    let mantle = format!("{}/openai/v1/models", emu.base_url());
    let bearer = client.get(&mantle).bearer_auth(routeplay::emulator::AWS_DEMO_BEARER_KEY);
    let listing = json_of(bearer.send().await.expect("sent"), StatusCode::OK).await;
    assert_eq!(listing["data"][0]["id"], "emulator-sonnet");
    let refused = client.get(&mantle).send().await.expect("sent");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let error_type = refused.headers()["x-amzn-errortype"].to_str().expect("ascii").to_owned();
    assert!(error_type.starts_with("MissingAuthenticationTokenException"), "{error_type}");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn reasoning_effort_is_refused_for_models_that_do_not_reason() {
    let emu = start().await;
    let asked = |model: &str| chat(model, "hi", &json!({ "reasoning_effort": "low" }));
    let refused = json_of(post(&emu, &OPENAI, &asked("emulator-sonnet"), &[]).await, StatusCode::BAD_REQUEST).await;
    let error = openai_error(&refused);
    assert_eq!((&error["type"], &error["param"]), (&json!("invalid_request_error"), &json!("reasoning_effort")));
    assert_eq!(error["code"], "unsupported_parameter");
    let vertex = support::vertex(&emu).await;
    let refused =
        json_of(post(&emu, &vertex, &asked("google/emulator-tools"), &[]).await, StatusCode::BAD_REQUEST).await;
    assert_eq!(refused["error"]["status"], "INVALID_ARGUMENT");
    assert!(refused["error"]["message"].as_str().is_some_and(|m| m.contains("reasoning_effort")));
    let ok = post(&emu, &Via::MantleBearer, &asked("emulator-thinking"), &[]).await;
    assert_eq!(ok.status(), StatusCode::OK);
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn bad_inputs_name_their_field() {
    const PNG_BYTES_AS_JPEG: &str = "data:image/jpeg;base64,iVBORw0KGgo=";
    let emu = start().await;
    let image = |url: &str| json!([{ "role": "user", "content": [{ "type": "text", "text": "see" }, { "type": "image_url", "image_url": { "url": url } }] }]);
    let cases = [
        (json!({ "temperature": 3 }), "temperature"),
        (json!({ "top_p": "high" }), "top_p"),
        (json!({ "stop": ["a", "b", "c", "d", "e"] }), "stop"),
        (json!({ "max_completion_tokens": 0 }), "max_completion_tokens"),
        (json!({ "stream_options": { "include_usage": true } }), "stream_options"),
        (json!({ "messages": null }), "messages"),
        (json!({ "messages": [{ "role": "robot", "content": "hi" }] }), "messages[0].role"),
        (json!({ "messages": image("data:image/bmp;base64,Qk0=") }), "messages[0].content[1].image_url.url"),
        (json!({ "messages": image(PNG_BYTES_AS_JPEG) }), "messages[0].content[1].image_url.url"),
        (json!({ "reasoning_effort": "extreme" }), "reasoning_effort"),
    ];
    for (extra, param) in cases {
        let refused =
            json_of(post(&emu, &OPENAI, &chat("emulator-thinking", "hi", &extra), &[]).await, StatusCode::BAD_REQUEST)
                .await;
        let error = openai_error(&refused);
        assert_eq!(error["param"], param, "{extra}: {refused}");
        assert_eq!(error["type"], "invalid_request_error");
    }
    let png = image("data:image/png;base64,iVBORw0KGgo=");
    let ok = post(&emu, &OPENAI, &chat("emulator-sonnet", "hi", &json!({ "messages": png })), &[]).await;
    assert_eq!(ok.status(), StatusCode::OK);

    let unknown = chat("emulator-sonnet", "hi", &json!({ "colour": "red" }));
    let refused = json_of(post(&emu, &OPENAI, &unknown, &[]).await, StatusCode::BAD_REQUEST).await;
    assert_eq!(openai_error(&refused)["message"], "Unrecognized request argument supplied: colour");
    assert_eq!(post(&emu, &Via::MantleBearer, &unknown, &[]).await.status(), StatusCode::OK, "Mantle ignores it");

    let not_json = reqwest::Client::new()
        .post(format!("{}/v1/chat/completions", emu.base_url()))
        .bearer_auth(EMULATOR_API_KEY)
        .body("{\"model\":")
        .send()
        .await
        .expect("sent");
    let refused = json_of(not_json, StatusCode::BAD_REQUEST).await;
    assert!(
        openai_error(&refused)["message"].as_str().is_some_and(|m| m.starts_with("We could not parse the JSON body"))
    );
    let unknown_model =
        json_of(post(&emu, &OPENAI, &chat("gpt-nonexistent", "hi", &json!({})), &[]).await, StatusCode::NOT_FOUND)
            .await;
    assert_eq!(openai_error(&unknown_model)["code"], "model_not_found");
    emu.shutdown().await.expect("clean shutdown");
}
