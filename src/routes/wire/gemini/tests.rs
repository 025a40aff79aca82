//! `GeminiStreamDecoder` through its public API, on small hand-written bodies.

use super::GeminiStreamDecoder;
use crate::routes::event::{StopReason, StreamEvent, Usage};
use crate::routes::wire::StreamFault;

/// Every event of `chunks`, and the fault that ended them, if any.
fn decode(chunks: &[&[u8]]) -> (Vec<StreamEvent>, Option<StreamFault>) {
    let mut decoder = GeminiStreamDecoder::new();
    let mut events = Vec::new();
    for chunk in chunks {
        match decoder.feed(chunk) {
            Ok(more) => events.extend(more),
            Err(fault) => return (events, Some(fault)),
        }
    }
    match decoder.finish() {
        Ok(more) => events.extend(more),
        Err(fault) => return (events, Some(fault)),
    }
    (events, None)
}

fn decode_ok(body: &str) -> Vec<StreamEvent> {
    match decode(&[body.as_bytes()]) {
        (events, None) => events,
        (_, Some(fault)) => panic!("unexpected fault {fault:?}"),
    }
}

fn text(value: &str) -> StreamEvent {
    StreamEvent::TextDelta(value.into())
}

fn provider(error_type: &str, message: &str) -> StreamFault {
    StreamFault::Provider { error_type: error_type.into(), message: message.into() }
}

#[test]
fn text_stop_usage_metadata_and_done() {
    let body = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"The\"}],\"role\":\"model\"}}],\
        \"usageMetadata\":{\"promptTokenCount\":7,\"totalTokenCount\":7},\"modelVersion\":\"gemini-2.0-flash\",\
        \"responseId\":\"r1\"}\r\n\r\n\
        data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" end\"}]},\"finishReason\":\"STOP\"}],\
        \"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":10},\"modelVersion\":\"gemini-2.0-flash\",\
        \"responseId\":\"r1\"}\r\n\r\n";
    let first = Usage { input_tokens: Some(7), ..Usage::default() };
    let last = Usage { input_tokens: Some(7), output_tokens: Some(10), ..Usage::default() };
    assert_eq!(
        decode_ok(body),
        [
            StreamEvent::Metadata { message_id: Some("r1".into()), model: Some("gemini-2.0-flash".into()) },
            text("The"),
            StreamEvent::Usage(first),
            text(" end"),
            StreamEvent::StopReason(StopReason::EndTurn),
            StreamEvent::Usage(last),
            StreamEvent::Done,
        ]
    );
}

#[test]
fn completion_needs_a_finish_reason_and_done_comes_from_finish_once() {
    let mut decoder = GeminiStreamDecoder::new();
    let events = decoder.feed(b"data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\n\n");
    assert_eq!(events, Ok(vec![text("a")]));
    assert!(!decoder.is_complete());
    let events = decoder.feed(b"data: {\"candidates\":[{\"finishReason\":\"MAX_TOKENS\"}]}\n\n");
    assert_eq!(events, Ok(vec![StreamEvent::StopReason(StopReason::MaxTokens)]));
    assert!(decoder.is_complete());
    assert_eq!(decoder.finish(), Ok(vec![StreamEvent::Done]));
    assert_eq!(decoder.finish(), Ok(vec![]));
    assert!(decoder.is_complete());
}

#[test]
fn a_body_that_never_finishes_has_no_done() {
    let (events, fault) = decode(&[b"data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}"]);
    assert_eq!((events, fault), (vec![text("a")], None));
}

#[test]
fn blocked_prompt_completes() {
    let body = "data: {\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\
        \"usageMetadata\":{\"promptTokenCount\":5}}\n\n";
    assert_eq!(
        decode_ok(body),
        [
            StreamEvent::StopReason(StopReason::Other("blocked: PROHIBITED_CONTENT".into())),
            StreamEvent::Usage(Usage { input_tokens: Some(5), ..Usage::default() }),
            StreamEvent::Done,
        ]
    );
}

#[test]
fn thinking_signature_and_tool_call() {
    let body = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"plan\",\"thought\":true}]}}]}\n\n\
        data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"now\",\"args\":{}},\
        \"thoughtSignature\":\"c2ln\"}]},\"finishReason\":\"STOP\"}]}\n\n";
    assert_eq!(
        decode_ok(body),
        [
            StreamEvent::ThinkingDelta("plan".into()),
            StreamEvent::ToolUseStart { id: "now".into(), name: "now".into() },
            StreamEvent::ToolInputDelta("{}".into()),
            StreamEvent::ThinkingSigned,
            StreamEvent::StopReason(StopReason::EndTurn),
            StreamEvent::Done,
        ]
    );
}

#[test]
fn metadata_is_sent_once() {
    let chunk = "data: {\"modelVersion\":\"m\",\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]}}]}\n\n";
    let events = decode_ok(&chunk.repeat(2));
    let metadata: Vec<_> = events.iter().filter(|event| matches!(event, StreamEvent::Metadata { .. })).collect();
    assert_eq!(metadata, [&StreamEvent::Metadata { message_id: None, model: Some("m".into()) }]);
}

#[test]
fn error_as_a_data_event() {
    let body =
        "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}\n\n";
    assert_eq!(decode(&[body.as_bytes()]), (vec![], Some(provider("UNAVAILABLE", "The model is overloaded."))));
    let wrapped = "data: [{\"error\":{\"code\":500,\"message\":\"Internal\"}}]\n\n";
    assert_eq!(decode(&[wrapped.as_bytes()]), (vec![], Some(provider("UNKNOWN", "Internal"))));
}

#[test]
fn bare_error_mid_stream_keeps_the_events_before_it() {
    let body = b"data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"First \"}]}}]}\r\n\r\n\
        {\r\n  \"error\": {\r\n    \"code\": 499,\r\n    \"message\": \"The operation was cancelled.\",\r\n\
        \"status\": \"CANCELLED\"\r\n  }\r\n}\r\n";
    let expected = (vec![text("First ")], Some(provider("CANCELLED", "The operation was cancelled.")));
    assert_eq!(decode(&[body]), expected);
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(decode(&bytes), expected);
}

#[test]
fn fault_is_returned_again_after_it_was_reported() {
    let mut decoder = GeminiStreamDecoder::new();
    let body =
        b"data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\n\n{\"error\":{\"message\":\"m\"}}\n";
    assert_eq!(decoder.feed(body), Ok(vec![text("a")]));
    let fault = provider("UNKNOWN", "m");
    assert_eq!(decoder.feed(b"data: {}\n\n"), Err(fault.clone()));
    assert_eq!(decoder.finish(), Err(fault));
}

#[test]
fn bare_json_that_is_no_error_is_malformed() {
    let (events, fault) = decode(&[b"{\"candidates\": []}\n"]);
    assert!(events.is_empty());
    let Some(StreamFault::Malformed { detail }) = fault else { panic!("expected Malformed, got {fault:?}") };
    assert!(detail.contains("outside any `data:` event"), "{detail}");
}

#[test]
fn bad_chunks_are_malformed_and_name_the_problem() {
    let cases = [
        ("data: {\"candidates\": [\n\n", "EOF"),
        ("data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{}}]}}]}\n\n", "name"),
        ("data: {\"usageMetadata\":{\"promptTokenCount\":\"7\"}}\n\n", "invalid type"),
        ("data: [DONE]\n\n", "[DONE]"),
    ];
    for (body, needle) in cases {
        let (_, fault) = decode(&[body.as_bytes()]);
        let Some(StreamFault::Malformed { detail }) = fault else { panic!("{body}: got {fault:?}") };
        assert!(detail.starts_with("Gemini stream chunk:"), "{detail}");
        assert!(detail.contains(needle), "{body}: {detail}");
    }
}

#[test]
fn unknown_fields_and_parts_are_ignored() {
    let body = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"executableCode\":{\"code\":\"1\"}},{\"text\":\"ok\",\
        \"future\":1}]},\"groundingMetadata\":{},\"finishReason\":\"LANGUAGE\"}],\"createTime\":\"t\",\"x\":[1]}\n\n";
    assert_eq!(
        decode_ok(body),
        [text("ok"), StreamEvent::StopReason(StopReason::Other("LANGUAGE".into())), StreamEvent::Done]
    );
}

#[test]
fn long_malformed_data_is_quoted_short() {
    let body = format!("data: {{\"candidates\": {}\n\n", "\u{e9}".repeat(10_000));
    let (_, fault) = decode(&[body.as_bytes()]);
    let Some(StreamFault::Malformed { detail }) = fault else { panic!("got {fault:?}") };
    assert!(detail.len() < 1_000 && detail.ends_with('…'), "{} bytes", detail.len());
}

#[test]
fn traffic_type_is_served_once_and_again_when_it_changes() {
    let chunk = |traffic: &str| {
        let text = r#"{"candidates":[{"content":{"parts":[{"text":"a"}]}}]"#;
        format!("data: {text},\"usageMetadata\":{{\"trafficType\":\"{traffic}\"}}}}\n\n")
    };
    let body = [chunk("ON_DEMAND_FLEX"), chunk("ON_DEMAND_FLEX"), chunk("ON_DEMAND")].concat();
    let served = |tier: &str| StreamEvent::Served { service_tier: Some(tier.into()), latency: None };
    assert_eq!(decode_ok(&body), [text("a"), served("flex"), text("a"), text("a"), served("standard")]);
}
