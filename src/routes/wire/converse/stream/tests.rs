//! Decoding each ConverseStream event, the trace and echoes of `metadata`, and faults.

use super::*;
use crate::routes::event::GuardrailVerdict;
use crate::routes::framing::eventstream::testing::frame;

fn event(event_type: &str, payload: &str) -> Frame {
    frame(
        &[(":message-type", "event"), (":event-type", event_type), (":content-type", "application/json")],
        payload.to_owned(),
    )
}

fn decode(event_type: &str, payload: &str) -> Result<Vec<StreamEvent>, StreamFault> {
    ConverseStreamDecoder::new().decode(&event(event_type, payload))
}

fn decode_ok(event_type: &str, payload: &str) -> Vec<StreamEvent> {
    decode(event_type, payload).expect("decodes")
}

#[test]
fn starts_and_stops_of_messages_and_blocks_carry_nothing() {
    assert_eq!(decode_ok("messageStart", r#"{"role":"assistant"}"#), []);
    assert_eq!(decode_ok("contentBlockStop", r#"{"contentBlockIndex":0}"#), []);
    assert_eq!(decode_ok("contentBlockStart", r#"{"contentBlockIndex":0,"start":{"image":{}}}"#), []);
}

#[test]
fn tool_use_starts() {
    let start = r#"{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_1","name":"get","type":"x"}}}"#;
    assert_eq!(
        decode_ok("contentBlockStart", start),
        [StreamEvent::ToolUseStart { id: "tooluse_1".into(), name: "get".into() }]
    );
}

#[test]
fn deltas() {
    let cases: [(&str, Vec<StreamEvent>); 8] = [
        (r#"{"text":"Hel"}"#, vec![StreamEvent::TextDelta("Hel".into())]),
        (r#"{"reasoningContent":{"text":"hmm"}}"#, vec![StreamEvent::ThinkingDelta("hmm".into())]),
        (r#"{"reasoningContent":{"text":""}}"#, vec![]),
        (r#"{"reasoningContent":{"signature":"c2ln"}}"#, vec![StreamEvent::ThinkingSigned]),
        (r#"{"reasoningContent":{"redactedContent":"AAAA"}}"#, vec![]),
        (r#"{"toolUse":{"input":"{\"a\""}}"#, vec![StreamEvent::ToolInputDelta("{\"a\"".into())]),
        (r#"{"citation":{"title":"t"}}"#, vec![]),
        (r#"{"image":{}}"#, vec![]),
    ];
    for (delta, expected) in cases {
        let payload = format!(r#"{{"contentBlockIndex":0,"delta":{delta}}}"#);
        assert_eq!(decode_ok("contentBlockDelta", &payload), expected, "{delta}");
    }
}

#[test]
fn stop_reasons() {
    let cases = [
        ("end_turn", StopReason::EndTurn),
        ("tool_use", StopReason::ToolUse),
        ("max_tokens", StopReason::MaxTokens),
        ("stop_sequence", StopReason::StopSequence(None)),
        ("model_context_window_exceeded", StopReason::ContextWindowExceeded),
        ("guardrail_intervened", StopReason::GuardrailIntervened),
        ("content_filtered", StopReason::Other("content_filtered".into())),
        ("malformed_model_output", StopReason::Other("malformed_model_output".into())),
        ("malformed_tool_use", StopReason::Other("malformed_tool_use".into())),
    ];
    for (reason, expected) in cases {
        let payload = format!(r#"{{"stopReason":"{reason}"}}"#);
        assert_eq!(decode_ok("messageStop", &payload), [StreamEvent::StopReason(expected)], "{reason}");
    }
    let with_sequence = r#"{"stopReason":"stop_sequence","additionalModelResponseFields":{"stop_sequence":"END"}}"#;
    assert_eq!(
        decode_ok("messageStop", with_sequence),
        [StreamEvent::StopReason(StopReason::StopSequence(Some("END".into())))]
    );
}

#[test]
fn metadata_gives_usage_latency_and_completes() {
    let metadata = r#"{"usage":{"inputTokens":12,"outputTokens":34,"totalTokens":46,
        "cacheReadInputTokens":5,"cacheWriteInputTokens":6},"metrics":{"latencyMs":789}}"#;
    let mut decoder = ConverseStreamDecoder::new();
    assert!(!decoder.is_complete());
    let usage = Usage {
        input_tokens: Some(12),
        output_tokens: Some(34),
        cache_read_tokens: Some(5),
        cache_write_tokens: Some(6),
        thinking_tokens: None,
    };
    assert_eq!(
        decoder.decode(&event("metadata", metadata)),
        Ok(vec![
            StreamEvent::Usage(usage),
            StreamEvent::ServerLatency { total_ms: Some(789), first_byte_ms: None },
            StreamEvent::Done
        ])
    );
    assert!(decoder.is_complete());
    assert_eq!(decode_ok("metadata", "{}"), [StreamEvent::Done]);
}

#[test]
fn metadata_gives_the_guardrail_verdict_and_what_was_served() {
    let metadata = r#"{"usage":{"inputTokens":1,"outputTokens":2},
        "trace":{"guardrail":{"inputAssessment":{"gr1":{"wordPolicy":{"customWords":[
            {"match":"x","action":"BLOCKED","detected":true}]}}},"actionReason":"Guardrail blocked."}},
        "serviceTier":{"type":"flex"},"performanceConfig":{"latency":"optimized"}}"#;
    let events = decode_ok("metadata", metadata);
    assert_eq!(
        events[1..],
        [
            StreamEvent::Guardrail(GuardrailVerdict {
                intervened: true,
                assessment: vec!["wordPolicy \"x\": BLOCKED (input)".into()],
            }),
            StreamEvent::Served { service_tier: Some("flex".into()), latency: Some("optimized".into()) },
            StreamEvent::Done,
        ]
    );
    assert_eq!(
        decode_ok("metadata", r#"{"serviceTier":{"type":"priority"}}"#),
        [StreamEvent::Served { service_tier: Some("priority".into()), latency: None }, StreamEvent::Done]
    );
}

#[test]
fn odd_traces_and_echoes_are_left_out() {
    for metadata in [
        r#"{"trace":{}}"#,
        r#"{"trace":"x","serviceTier":"flex","performanceConfig":7}"#,
        r#"{"trace":{"guardrail":null,"promptRouter":{"invokedModelId":"m"}},"serviceTier":{}}"#,
    ] {
        assert_eq!(decode_ok("metadata", metadata), [StreamEvent::Done], "{metadata}");
    }
}

#[test]
fn exceptions_end_the_stream() {
    let frame = frame(
        &[(":message-type", "exception"), (":exception-type", "modelStreamErrorException")],
        r#"{"message":"Model stream error","originalStatusCode":500}"#,
    );
    assert_eq!(
        ConverseStreamDecoder::new().decode(&frame),
        Err(StreamFault::Exception { kind: "modelStreamErrorException".into(), message: "Model stream error".into() })
    );
}

#[test]
fn unknown_events_are_skipped_and_bad_json_is_malformed() {
    assert_eq!(decode_ok("futureEvent", "not even json"), []);
    for (event_type, payload, expected) in [
        ("contentBlockDelta", "{", "contentBlockDelta event:"),
        ("contentBlockDelta", r#"{"contentBlockIndex":0}"#, "missing field `delta`"),
        ("messageStop", "{}", "missing field `stopReason`"),
        ("metadata", r#"{"usage":[]}"#, "metadata event:"),
    ] {
        match decode(event_type, payload) {
            Err(StreamFault::Malformed { detail }) => assert!(detail.contains(expected), "{detail}"),
            other => panic!("expected Malformed for {payload}, got {other:?}"),
        }
    }
}
