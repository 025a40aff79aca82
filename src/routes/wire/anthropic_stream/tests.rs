//! The Anthropic stream decoder: each event type, malformed events, and provider errors mid-stream.

use super::*;

fn sse(name: &str, data: &str) -> SseEvent {
    SseEvent { event: Some(name.to_owned()), data: data.to_owned(), ..SseEvent::default() }
}

fn decode(name: &str, data: &str) -> Result<Vec<StreamEvent>, StreamFault> {
    AnthropicStreamDecoder::new().decode(&sse(name, data))
}

fn decode_ok(name: &str, data: &str) -> Vec<StreamEvent> {
    decode(name, data).expect("decodes")
}

fn malformed_detail(name: &str, data: &str) -> String {
    match decode(name, data) {
        Err(StreamFault::Malformed { detail }) => detail,
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn message_start_gives_metadata_and_usage() {
    let data = r#"{"type":"message_start","message":{"id":"msg_1","model":"m","content":[],
        "usage":{"input_tokens":10,"output_tokens":1,"cache_creation_input_tokens":3,
        "cache_read_input_tokens":4,"service_tier":"standard"}}}"#;
    let usage = Usage {
        input_tokens: Some(10),
        output_tokens: Some(1),
        cache_read_tokens: Some(4),
        cache_write_tokens: Some(3),
        thinking_tokens: None,
    };
    assert_eq!(
        decode_ok("message_start", data),
        [
            StreamEvent::Metadata { message_id: Some("msg_1".into()), model: Some("m".into()) },
            StreamEvent::Usage(usage),
            StreamEvent::Served { service_tier: Some("standard".into()), latency: None }
        ]
    );
}

#[test]
fn message_delta_reports_the_tier_that_served() {
    let data = r#"{"type":"message_delta","delta":{"stop_reason":"end_turn"},
        "usage":{"output_tokens":5,"service_tier":"priority"}}"#;
    assert_eq!(
        decode_ok("message_delta", data),
        [
            StreamEvent::StopReason(StopReason::EndTurn),
            StreamEvent::Usage(Usage { output_tokens: Some(5), ..Usage::default() }),
            StreamEvent::Served { service_tier: Some("priority".into()), latency: None }
        ]
    );
}

#[test]
fn message_start_without_message_is_malformed() {
    let detail = malformed_detail("message_start", r#"{"type":"message_start"}"#);
    assert!(detail.contains("message_start"), "{detail}");
    assert!(detail.contains("message"), "{detail}");
}

#[test]
fn json_type_wins_over_event_name_and_name_is_the_fallback() {
    let stop = r#"{"type":"message_stop"}"#;
    assert_eq!(decode_ok("whatever", stop), [StreamEvent::Done]);
    assert_eq!(decode_ok("message_stop", "{}"), [StreamEvent::Done]);
}

#[test]
fn block_starts() {
    let tool = r#"{"type":"content_block_start","index":1,
        "content_block":{"type":"tool_use","id":"toolu_1","name":"get","input":{}}}"#;
    assert_eq!(
        decode_ok("content_block_start", tool),
        [StreamEvent::ToolUseStart { id: "toolu_1".into(), name: "get".into() }]
    );
    let empty = r#"{"type":"content_block_start","content_block":{"type":"text","text":""}}"#;
    assert_eq!(decode_ok("content_block_start", empty), []);
    let text = r#"{"type":"content_block_start","content_block":{"type":"text","text":"Hi"}}"#;
    assert_eq!(decode_ok("content_block_start", text), [StreamEvent::TextDelta("Hi".into())]);
    let thinking = r#"{"type":"content_block_start",
        "content_block":{"type":"thinking","thinking":"","signature":""}}"#;
    assert_eq!(decode_ok("content_block_start", thinking), []);
    let other = r#"{"type":"content_block_start",
        "content_block":{"type":"compaction","content":null}}"#;
    assert_eq!(decode_ok("content_block_start", other), []);
}

#[test]
fn tool_use_start_without_name_is_malformed() {
    let data = r#"{"type":"content_block_start","content_block":{"type":"tool_use","id":"t"}}"#;
    let detail = malformed_detail("content_block_start", data);
    assert!(detail.contains("content_block_start"), "{detail}");
    assert!(detail.contains("name"), "{detail}");
}

fn delta(delta: &str) -> String {
    format!(r#"{{"type":"content_block_delta","index":0,"delta":{delta}}}"#)
}

#[test]
fn deltas() {
    let cases = [
        (r#"{"type":"text_delta","text":"Hel"}"#, vec![StreamEvent::TextDelta("Hel".into())]),
        (r#"{"type":"thinking_delta","thinking":"hmm"}"#, vec![StreamEvent::ThinkingDelta("hmm".into())]),
        (r#"{"type":"thinking_delta","thinking":""}"#, vec![]),
        (r#"{"type":"signature_delta","signature":"c2ln"}"#, vec![StreamEvent::ThinkingSigned]),
        (r#"{"type":"input_json_delta","partial_json":"{\"a\""}"#, vec![StreamEvent::ToolInputDelta("{\"a\"".into())]),
        (r#"{"type":"citations_delta","citation":{"type":"char_location"}}"#, vec![]),
        (r#"{"type":"compaction_delta","content":"x"}"#, vec![]),
    ];
    for (raw, expected) in cases {
        assert_eq!(decode_ok("content_block_delta", &delta(raw)), expected, "{raw}");
    }
}

#[test]
fn text_delta_without_text_is_malformed() {
    let detail = malformed_detail("content_block_delta", &delta(r#"{"type":"text_delta"}"#));
    assert!(detail.contains("content_block_delta"), "{detail}");
    assert!(detail.contains("text"), "{detail}");
    for (kind, field) in
        [("thinking_delta", "thinking"), ("signature_delta", "signature"), ("input_json_delta", "partial_json")]
    {
        let detail = malformed_detail("content_block_delta", &delta(&format!(r#"{{"type":"{kind}","text":"x"}}"#)));
        assert!(detail.contains(&format!("missing field `{field}`")) && detail.contains(kind), "{detail}");
    }
    let detail = malformed_detail("content_block_delta", &delta(r#"{"type":"text_delta","text":7}"#));
    assert!(detail.contains("invalid type"), "a field of the wrong type is malformed too: {detail}");
}

#[test]
fn message_delta_gives_stop_reason_and_cumulative_usage() {
    let data = r#"{"type":"message_delta",
        "delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},
        "usage":{"input_tokens":28,"cache_read_input_tokens":2,"output_tokens":106,
        "output_tokens_details":{"thinking_tokens":67}}}"#;
    let usage = Usage {
        input_tokens: Some(28),
        output_tokens: Some(106),
        cache_read_tokens: Some(2),
        cache_write_tokens: None,
        thinking_tokens: Some(67),
    };
    assert_eq!(
        decode_ok("message_delta", data),
        [StreamEvent::StopReason(StopReason::StopSequence(Some("END".into()))), StreamEvent::Usage(usage)]
    );
}

#[test]
fn message_delta_without_stop_reason_gives_only_usage() {
    let data = r#"{"type":"message_delta","delta":{"stop_reason":null},"usage":{"output_tokens":5}}"#;
    let usage = Usage { output_tokens: Some(5), ..Usage::default() };
    assert_eq!(decode_ok("message_delta", data), [StreamEvent::Usage(usage)]);
}

#[test]
fn message_stop_completes() {
    let mut decoder = AnthropicStreamDecoder::new();
    assert!(!decoder.is_complete());
    let events = decoder.decode(&sse("message_stop", r#"{"type":"message_stop" }"#));
    assert_eq!(events, Ok(vec![StreamEvent::Done]));
    assert!(decoder.is_complete());
}

#[test]
fn ping_unknown_and_empty_events_are_skipped() {
    assert_eq!(decode_ok("ping", r#"{"type": "ping"}"#), []);
    assert_eq!(decode_ok("ping", ""), []);
    assert_eq!(decode_ok("content_block_delta", "  "), []);
    assert_eq!(decode_ok("future_event", r#"{"type":"future_event","x":[1]}"#), []);
    assert_eq!(decode_ok("content_block_stop", r#"{"type":"content_block_stop","index":0}"#), []);
}

#[test]
fn error_event_is_a_provider_fault() {
    let data = r#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#;
    assert_eq!(
        decode("error", data),
        Err(StreamFault::Provider { error_type: "overloaded_error".into(), message: "Overloaded".into() })
    );
}

#[test]
fn bad_json_is_malformed_with_a_short_quote() {
    let huge = format!("{{\"type\":\"message_start\",\"message\":{}", "x".repeat(10_000));
    let detail = malformed_detail("message_start", &huge);
    assert!(detail.starts_with("message_start event:"), "{detail}");
    assert!(detail.len() < 600, "{} bytes", detail.len());
}

#[test]
fn quote_cuts_at_a_char_boundary() {
    let long = "\u{e9}".repeat(MAX_QUOTED_CHARS + 5);
    let quoted = quote(&long);
    assert_eq!(quoted.chars().count(), MAX_QUOTED_CHARS + 1);
    assert!(quoted.ends_with('…'));
    assert_eq!(quote("short"), "short");
}
