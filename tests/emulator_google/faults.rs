//! Faults in Google shapes on the three generate surfaces.

use super::support::{
    SONNET, blocks, claude_body, data, gemini, prompt, start, status_json, status_text, user_token, vertex,
};
use reqwest::StatusCode;
use routeplay::emulator::EmulatorHandle;
use serde_json::{Value, json};
use std::time::Duration;

const SSE: &str = "gemini-2.0-flash:streamGenerateContent?alt=sse";

/// A Gemini API stream with `fault` in the header.
async fn gemini_fault(emu: &EmulatorHandle, path: &str, fault: &str) -> (StatusCode, String) {
    let (status, _, body) =
        status_text(gemini(emu, path, &prompt("Tell me about tides.")).header("x-routeplay-fault", fault)).await;
    (status, body)
}

#[tokio::test]
async fn refusals_have_each_surfaces_shape() {
    let emu = start().await;
    let token = user_token(&emu).await;
    let claude = format!("{SONNET}:streamRawPredict");
    for (fault, status, rpc) in [
        ("429", 429, "RESOURCE_EXHAUSTED"),
        ("529", 503, "UNAVAILABLE"),
        ("500", 500, "INTERNAL"),
        ("404", 404, "NOT_FOUND"),
        ("403", 403, "PERMISSION_DENIED"),
    ] {
        let api = gemini(&emu, SSE, &prompt("hi")).header("x-routeplay-fault", fault);
        let vertex_gemini =
            vertex(&emu, "us-central1", "google", SSE, &token).json(&prompt("hi")).header("x-routeplay-fault", fault);
        let vertex_claude = vertex(&emu, "us-east5", "anthropic", &claude, &token)
            .json(&claude_body(true))
            .header("x-routeplay-fault", fault);
        for (surface, request) in [("api", api), ("vertex", vertex_gemini), ("claude", vertex_claude)] {
            let (got, body) = status_json(request).await;
            assert_eq!(
                (got.as_u16(), body["error"]["status"].as_str()),
                (status, Some(rpc)),
                "{surface} {fault}: {body}"
            );
            assert_eq!(body["error"]["code"], json!(status));
        }
    }
    let detail = |body: &Value, n: usize| body["error"]["details"][n].clone();
    let (_, api) = status_json(gemini(&emu, SSE, &prompt("hi")).header("x-routeplay-fault", "429")).await;
    assert_eq!(api["error"]["message"], "Resource has been exhausted (e.g. check quota).");
    assert_eq!(detail(&api, 0)["retryDelay"], "1s");
    let (_, vtx) = status_json(
        vertex(&emu, "us-central1", "google", "gemini-2.0-flash-fault-429:generateContent", &token).json(&prompt("hi")),
    )
    .await;
    assert_eq!(detail(&vtx, 0)["reason"], "RATE_LIMIT_EXCEEDED");
    let (_, claude_429) = status_json(
        vertex(&emu, "us-east5", "anthropic", &format!("{SONNET}-fault-429:rawPredict"), &token)
            .json(&claude_body(false)),
    )
    .await;
    assert!(claude_429["error"]["message"].as_str().is_some_and(|m| m.starts_with(
        "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-sonnet-4-5"
    )));
    assert!(claude_429["error"].get("details").is_none());
    let (_, denied) = status_json(
        vertex(&emu, "us-central1", "google", "gemini-2.0-flash-fault-403:generateContent", &token).json(&prompt("hi")),
    )
    .await;
    assert_eq!(detail(&denied, 0)["reason"], "IAM_PERMISSION_DENIED");
    assert!(denied["error"]["message"].as_str().is_some_and(|m| m.starts_with(
        "Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/p1/"
    )));
    let (_, disabled) = status_json(gemini(&emu, "gemini-2.0-flash-fault-403:generateContent", &prompt("hi"))).await;
    assert_eq!(detail(&disabled, 1)["reason"], "SERVICE_DISABLED");
    let (status, array) = status_json(
        vertex(&emu, "us-east5", "anthropic", &claude, &token)
            .json(&claude_body(true))
            .header("x-routeplay-fault", "429-array"),
    )
    .await;
    assert_eq!((status, &array[0]["error"]["status"]), (StatusCode::TOO_MANY_REQUESTS, &json!("RESOURCE_EXHAUSTED")));
    let (status, unknown) = status_json(gemini(&emu, SSE, &prompt("hi")).header("x-routeplay-fault", "boom")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(unknown["error"]["message"].as_str().is_some_and(|m| m.starts_with("x-routeplay-fault")));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn rate_limited_once_then_answered() {
    let emu = start().await;
    let request = || {
        gemini(&emu, SSE, &prompt("again"))
            .header("x-routeplay-fault", "429-then-ok")
            .header("x-routeplay-fault-key", "k1")
    };
    assert_eq!(status_text(request()).await.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(status_text(request()).await.0, StatusCode::OK);
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn gemini_stream_faults() {
    let emu = start().await;
    let (status, body) = gemini_fault(&emu, SSE, "error-mid-stream").await;
    assert_eq!(status, StatusCode::OK);
    let events = blocks(&body);
    assert_eq!(events.len(), 4, "3 chunks and the error: {body}");
    assert!(events[..3].iter().all(|event| event.starts_with("data: ")));
    let error: Value = serde_json::from_str(&events[3]).expect("a bare JSON object");
    assert_eq!((&error["error"]["code"], &error["error"]["status"]), (&json!(503), &json!("UNAVAILABLE")));
    assert!(events[3].lines().count() > 3, "multi-line");

    let (_, body) = gemini_fault(&emu, "gemini-2.0-flash:streamGenerateContent", "error-mid-stream").await;
    let array: Vec<Value> = serde_json::from_str(&body).expect("still a JSON array");
    assert_eq!((array.len(), &array[3]["error"]["code"]), (4, &json!(503)));

    let (_, body) = gemini_fault(&emu, SSE, "malformed").await;
    let bad = blocks(&body)
        .iter()
        .filter(|event| serde_json::from_str::<Value>(event.trim_start_matches("data: ")).is_err())
        .count();
    assert_eq!(bad, 1);
    assert!(body.contains("\"finishReason\":\"STOP\""), "the stream goes on");
    let (_, body) = gemini_fault(&emu, SSE, "truncated").await;
    assert_eq!(blocks(&body).len(), 4);
    assert!(!body.ends_with("\n\n") && !body.contains("finishReason"));
    let cut = gemini(&emu, SSE, &prompt("Tell me about tides."))
        .header("x-routeplay-fault", "cut")
        .send()
        .await
        .expect("headers");
    assert!(cut.text().await.is_err(), "the connection drops mid-body");
    let (_, body) = gemini_fault(&emu, SSE, "crc").await;
    assert!(data(&body).last().is_some_and(|last| last["candidates"][0]["finishReason"] == "STOP"));

    let mut stalled = gemini(&emu, SSE, &prompt("Tell me about tides."))
        .header("x-routeplay-fault", "stall")
        .send()
        .await
        .expect("headers");
    let mut received = String::new();
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout(Duration::from_secs(1), stalled.chunk()).await {
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert_eq!(data(&received).len(), 3, "3 chunks, then silence");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn crlf_frames_every_line_and_claude_errors_in_band() {
    let emu = start().await;
    let (_, body) = gemini_fault(&emu, SSE, "crlf").await;
    assert!(body.contains("\r\n\r\n") && !body.replace("\r\n", "").contains('\n'), "only CRLF line ends");
    let chunks = data(&body);
    assert!(chunks.len() > 3 && chunks[chunks.len() - 1]["candidates"][0]["finishReason"] == "STOP");

    let token = user_token(&emu).await;
    let path = format!("{SONNET}-fault-crlf:streamRawPredict");
    let (status, _, body) =
        status_text(vertex(&emu, "global", "anthropic", &path, &token).json(&claude_body(true))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with("event: message_start\r\ndata: ") && !body.replace("\r\n", "").contains('\n'));
    let path = format!("{SONNET}-fault-error-mid-stream:streamRawPredict");
    let (_, _, body) = status_text(vertex(&emu, "global", "anthropic", &path, &token).json(&claude_body(true))).await;
    let last = blocks(&body).pop().expect("events");
    assert!(last.starts_with("event: error\ndata: ") && last.contains("overloaded_error"), "{last}");
    emu.shutdown().await.expect("clean shutdown");
}
