//! Every fault of these surfaces, byte for byte where the bytes are the point: HTTP refusals in
//! OpenAI's shape (Google's on Vertex), and the stream faults' endings.

use super::support::{
    OPENAI, Via, body_of, chunks, content_deltas, data_lines, json_of, openai_error, post, start, streaming,
};
use reqwest::StatusCode;
use routeplay::emulator::EmulatorHandle;
use serde_json::json;
use std::time::Duration;

/// The `data:` line OpenAI's surfaces end an errored stream with.
const OPENAI_STREAM_ERROR: &str = r#"{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}"#;

/// The streamed body of `emulator-sonnet` (on Vertex `google/emulator-sonnet`) with `fault` in
/// the header, via `via`.
async fn faulted(emu: &EmulatorHandle, via: &Via, fault: &str) -> String {
    let model = if matches!(via, Via::Vertex { .. }) { "google/emulator-sonnet" } else { "emulator-sonnet" };
    let body = streaming(model, "Tell me about lighthouses");
    let response = post(emu, via, &body, &[("x-routeplay-fault", fault)]).await;
    body_of(response, StatusCode::OK).await
}

#[tokio::test]
async fn http_faults_in_openai_and_google_shapes() {
    let emu = start().await;
    let vertex = super::support::vertex(&emu).await;
    let body = streaming("emulator-sonnet", "hi");
    let cases = [
        ("429", StatusCode::TOO_MANY_REQUESTS, "requests", json!("rate_limit_exceeded"), "RESOURCE_EXHAUSTED"),
        ("529", StatusCode::SERVICE_UNAVAILABLE, "server_error", json!(null), "UNAVAILABLE"),
        ("500", StatusCode::INTERNAL_SERVER_ERROR, "server_error", json!(null), "INTERNAL"),
    ];
    for (fault, status, kind, code, google_status) in cases {
        for via in [OPENAI, Via::MantleBearer] {
            let response = post(&emu, &via, &body, &[("x-routeplay-fault", fault)]).await;
            let retry_after = response.headers().get("retry-after").map(|v| v.to_str().expect("ascii").to_owned());
            assert_eq!(retry_after.as_deref(), (fault == "429").then_some("1"), "{fault}");
            let refused = json_of(response, status).await;
            let error = openai_error(&refused);
            assert_eq!((&error["type"], &error["code"]), (&json!(kind), &code), "{fault}: {refused}");
        }
        let suffixed = streaming(&format!("google/emulator-sonnet-fault-{fault}"), "hi");
        let refused = json_of(post(&emu, &vertex, &suffixed, &[]).await, status).await;
        assert_eq!(
            (&refused["error"]["code"], &refused["error"]["status"]),
            (&json!(status.as_u16()), &json!(google_status))
        );
    }
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn then_ok_faults_refuse_the_first_request_per_key() {
    let emu = start().await;
    for (fault, status) in
        [("429-then-ok", StatusCode::TOO_MANY_REQUESTS), ("529-then-ok", StatusCode::SERVICE_UNAVAILABLE)]
    {
        let headers = [("x-routeplay-fault", fault), ("x-routeplay-fault-key", fault)];
        let first = post(&emu, &OPENAI, &streaming("emulator-sonnet", "hi"), &headers).await;
        assert_eq!(first.status(), status);
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(first.headers()["retry-after"], "0");
        }
        let second = post(&emu, &OPENAI, &streaming("emulator-sonnet", "hi"), &headers).await;
        assert_eq!(second.status(), StatusCode::OK);
    }
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn in_band_errors_end_the_stream_without_done() {
    let emu = start().await;
    let body = faulted(&emu, &OPENAI, "error-mid-stream").await;
    assert!(body.ends_with(&format!("\n\ndata: {OPENAI_STREAM_ERROR}\n\n")), "{body}");
    assert_eq!(content_deltas(&chunks(&body)), 3);
    assert!(!body.contains("[DONE]") && !body.contains("finish_reason\":\"stop"));

    let body = faulted(&emu, &OPENAI, "model-stream-error").await;
    assert!(body.ends_with(&format!("\n\nevent: error\ndata: {OPENAI_STREAM_ERROR}\n\n")), "{body}");
    assert!(!body.contains("[DONE]"));

    let vertex = super::support::vertex(&emu).await;
    let body = faulted(&emu, &vertex, "error-mid-stream").await;
    let last: serde_json::Value = serde_json::from_str(data_lines(&body).last().expect("data")).expect("json");
    assert_eq!(
        last,
        json!({"error": {"code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE"}})
    );
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn broken_frames_and_endings() {
    let emu = start().await;
    let body = faulted(&emu, &OPENAI, "malformed").await;
    let data = data_lines(&body);
    let bad: Vec<&&str> =
        data.iter().filter(|d| **d != "[DONE]" && serde_json::from_str::<serde_json::Value>(d).is_err()).collect();
    assert_eq!(bad.len(), 1, "{body}");
    assert!(bad[0].starts_with(r#"{"id":"chatcmpl-"#));
    assert_eq!(data.last(), Some(&"[DONE]"), "the rest follows");

    let body = faulted(&emu, &OPENAI, "truncated").await;
    assert!(!body.ends_with("\n\n") && !body.contains("[DONE]"), "{body}");
    assert_eq!(content_deltas(&chunks(&body)), 3);

    let body = faulted(&emu, &OPENAI, "no-finish").await;
    assert!(body.ends_with("\n\n") && !body.contains("[DONE]"));
    let chunks_seen = chunks(&body);
    assert_eq!(content_deltas(&chunks_seen), 3);
    assert!(chunks_seen.iter().all(|chunk| chunk["choices"][0]["finish_reason"].is_null()));

    let body = faulted(&emu, &OPENAI, "no-done").await;
    let chunks_seen = chunks(&body);
    assert!(!body.contains("[DONE]") && body.ends_with("\n\n"));
    assert!(chunks_seen.iter().any(|chunk| chunk["choices"][0]["finish_reason"] == "stop"));
    assert!(chunks_seen.last().is_some_and(|chunk| chunk.get("usage").is_some()), "the usage chunk still comes");

    let response = post(&emu, &OPENAI, &streaming("emulator-sonnet-fault-cut", "lighthouses"), &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.is_err(), "the connection drops mid-body");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn framing_faults_change_only_the_framing() {
    let emu = start().await;
    let plain = faulted(&emu, &OPENAI, "keep-alive").await;
    let events = plain.matches("data: ").count();
    assert_eq!(plain.matches(": keep-alive\n\ndata: ").count(), events, "{plain}");
    assert!(plain.starts_with(": keep-alive\n\n") && plain.ends_with("data: [DONE]\n\n"));

    let crlf = faulted(&emu, &OPENAI, "crlf").await;
    assert!(crlf.ends_with("data: [DONE]\r\n\r\n"));
    assert_eq!(crlf.matches('\n').count(), crlf.matches("\r\n").count(), "every line ends in CRLF");
    let text = |body: &str| super::support::delta_text(&chunks(body), "content");
    assert_eq!(text(&crlf), text(&plain));

    let crc = faulted(&emu, &OPENAI, "crc").await;
    assert!(crc.contains("\n\n: ping\n\n") && crc.ends_with("data: [DONE]\n\n"));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn stall_goes_silent_after_three_deltas_until_shutdown() {
    let emu = start().await;
    let mut response =
        post(&emu, &OPENAI, &streaming("emulator-sonnet", "hi"), &[("x-routeplay-fault", "stall")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut seen = String::new();
    let bounded = tokio::time::timeout(Duration::from_secs(20), async {
        while content_deltas(&chunks(&seen)) < 3 {
            let chunk = response.chunk().await.expect("readable").expect("more");
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    });
    bounded.await.expect("three deltas arrive");
    assert!(tokio::time::timeout(Duration::from_millis(300), response.chunk()).await.is_err(), "then silence");
    let stopping = tokio::spawn(emu.shutdown());
    let end =
        tokio::time::timeout(Duration::from_secs(20), async { while let Ok(Some(_)) = response.chunk().await {} });
    end.await.expect("shutdown ends the stall");
    stopping.await.expect("joined").expect("clean shutdown");
}
