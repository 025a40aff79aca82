//! Conformance of the SSE and Anthropic stream decoders against the Anthropic Python SDK's
//! own test material (see `anthropic-sdk-python/README.md` in the fixtures folder).
//!
//! Fixtures come from `$ROUTEPLAY_CONFORMANCE_DIR`, default `../shared/fixtures` next to the
//! crate. Without them the tests print `conformance: SKIPPED (...)` and pass, unless
//! `ROUTEPLAY_REQUIRE_CONFORMANCE=1` makes a missing folder a failure.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use routeplay::routes::event::{StopReason, StreamEvent, Usage};
use routeplay::routes::framing::sse::{SseDecoder, SseEvent};
use routeplay::routes::wire::StreamFault;
use routeplay::routes::wire::anthropic_stream::AnthropicStreamDecoder;
use serde_json::{Value, json};

/// The fixture folder this file tests against.
const SDK_FOLDER: &str = "anthropic-sdk-python";

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

// ---------------------------------------------------------------------------------------
// (a) The SDK's SSE decoder cases, fed with their exact byte chunks.
// ---------------------------------------------------------------------------------------

/// What one case of `sse_decoder_cases.json` must produce: its Python asserts, by hand.
enum Expected {
    /// Exactly these SSE events, in order.
    Events(Vec<ExpectedEvent>),
    /// The Anthropic decoder must fault with this provider error.
    ProviderError { error_type: &'static str, message_contains: &'static str },
}

/// `sse.event == ...`, and `sse.data == ...` and/or `sse.json() == ...`.
struct ExpectedEvent {
    event: Option<&'static str>,
    data: Option<&'static str>,
    json: Option<Value>,
}

fn with_json(event: Option<&'static str>, json: Value) -> ExpectedEvent {
    ExpectedEvent { event, data: None, json: Some(json) }
}

fn with_data(event: Option<&'static str>, data: &'static str) -> ExpectedEvent {
    ExpectedEvent { event, data: Some(data), json: None }
}

/// The asserts of each `tests/test_streaming.py` case, translated.
fn expected_for(test: &str) -> Option<Expected> {
    let events = match test {
        "test_basic" => vec![with_json(Some("completion"), json!({"foo": true}))],
        "test_data_missing_event" => vec![with_json(None, json!({"foo": true}))],
        "test_event_missing_data" => vec![with_data(Some("ping"), "")],
        "test_multiple_events" => vec![with_data(Some("ping"), ""), with_data(Some("completion"), "")],
        "test_multiple_events_with_data" => {
            vec![with_json(Some("ping"), json!({"foo": true})), with_json(Some("completion"), json!({"bar": false}))]
        }
        "test_multiple_data_lines_with_empty_line" => vec![ExpectedEvent {
            event: Some("ping"),
            data: Some("{\n\"foo\":\n\n\ntrue}"),
            json: Some(json!({"foo": true})),
        }],
        "test_data_json_escaped_double_new_line" => {
            vec![with_json(Some("ping"), json!({"foo": "my long\n\ncontent"}))]
        }
        "test_multiple_data_lines" => vec![with_json(Some("ping"), json!({"foo": true}))],
        "test_special_new_line_character" => vec![
            with_json(None, json!({"content": " culpa"})),
            with_json(None, json!({"content": " \u{2028}"})),
            with_json(None, json!({"content": "foo"})),
        ],
        "test_multi_byte_character_multiple_chunks" => {
            vec![with_json(None, json!({"content": "известни"}))]
        }
        "test_error_type" => {
            return Some(Expected::ProviderError { error_type: "overloaded_error", message_contains: "Overloaded" });
        }
        _ => return None,
    };
    Some(Expected::Events(events))
}

/// Every case name `expected_for` knows, to notice cases that left the file.
const KNOWN_CASES: [&str; 11] = [
    "test_basic",
    "test_data_missing_event",
    "test_event_missing_data",
    "test_multiple_events",
    "test_multiple_events_with_data",
    "test_multiple_data_lines_with_empty_line",
    "test_data_json_escaped_double_new_line",
    "test_multiple_data_lines",
    "test_special_new_line_character",
    "test_multi_byte_character_multiple_chunks",
    "test_error_type",
];

fn decode_hex(hex: &str) -> Vec<u8> {
    assert!(hex.len().is_multiple_of(2), "odd-length hex {hex:?}");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or_else(|_| panic!("bad hex {hex:?}")))
        .collect()
}

fn sse_events<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Vec<SseEvent> {
    let mut decoder = SseDecoder::new();
    let mut out = Vec::new();
    for chunk in chunks {
        decoder.feed(chunk, &mut out);
    }
    decoder.finish(&mut out);
    out
}

fn check_events(test: &str, actual: &[SseEvent], expected: &[ExpectedEvent]) {
    assert_eq!(actual.len(), expected.len(), "{test}: event count in {actual:#?}");
    for (i, (got, want)) in actual.iter().zip(expected).enumerate() {
        assert_eq!(got.event.as_deref(), want.event, "{test} event #{i}: name");
        if let Some(data) = want.data {
            assert_eq!(got.data, data, "{test} event #{i}: data");
        }
        if let Some(json) = &want.json {
            let parsed: Value = serde_json::from_str(&got.data)
                .unwrap_or_else(|err| panic!("{test} event #{i}: data is not JSON: {err}"));
            assert_eq!(&parsed, json, "{test} event #{i}: json");
        }
    }
}

fn check_provider_error(test: &str, events: &[SseEvent], error_type: &str, message_contains: &str) {
    let mut decoder = AnthropicStreamDecoder::new();
    let fault = events
        .iter()
        .find_map(|event| decoder.decode(event).err())
        .unwrap_or_else(|| panic!("{test}: no fault from {events:#?}"));
    match fault {
        StreamFault::Provider { error_type: got_type, message } => {
            assert_eq!(got_type, error_type, "{test}: error type");
            assert!(message.contains(message_contains), "{test}: message {message:?}");
        }
        other => panic!("{test}: expected a provider error, got {other:?}"),
    }
}

#[test]
fn sdk_sse_decoder_cases() {
    let Some(dir) = fixtures::fixture_dir("conformance", SDK_FOLDER) else { return };
    let file: Value =
        serde_json::from_slice(&read(&dir.join("sse_decoder_cases.json"))).expect("sse_decoder_cases.json is JSON");
    let cases = file["cases"].as_array().expect("`cases` array");
    let mut seen = BTreeSet::new();
    for case in cases {
        let test = case["test"].as_str().expect("case `test` name");
        let chunks: Vec<Vec<u8>> = case["chunks_hex"]
            .as_array()
            .expect("case `chunks_hex`")
            .iter()
            .map(|hex| decode_hex(hex.as_str().expect("hex string")))
            .collect();
        let events = sse_events(chunks.iter().map(Vec::as_slice));
        match expected_for(test) {
            Some(Expected::Events(expected)) => check_events(test, &events, &expected),
            Some(Expected::ProviderError { error_type, message_contains }) => {
                check_provider_error(test, &events, error_type, message_contains);
            }
            None => panic!("{test}: new SDK case; translate its asserts into expected_for"),
        }
        seen.insert(test);
    }
    let missing: Vec<_> = KNOWN_CASES.iter().filter(|name| !seen.contains(*name)).collect();
    assert!(missing.is_empty(), "cases no longer in the file: {missing:?}");
    eprintln!("conformance: ran {} cases (sse_decoder_cases.json)", cases.len());
}

// ---------------------------------------------------------------------------------------
// (b) Recorded Anthropic streams, under every chunking and line-end style.
// ---------------------------------------------------------------------------------------

/// A decoded stream: its SSE events, their neutral events, and whether `message_stop` came.
#[derive(Debug, PartialEq)]
struct Decoded {
    sse: Vec<SseEvent>,
    events: Vec<StreamEvent>,
    complete: bool,
}

fn decode_stream<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Result<Decoded, StreamFault> {
    let sse = sse_events(chunks);
    let mut anthropic = AnthropicStreamDecoder::new();
    let mut events = Vec::new();
    for event in &sse {
        events.extend(anthropic.decode(event)?);
    }
    Ok(Decoded { sse, events, complete: anthropic.is_complete() })
}

/// A small deterministic generator of chunk lengths in `1..=max`.
struct Lcg(u64);

impl Lcg {
    fn next_len(&mut self, max: u64) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(1 + (self.0 >> 33) % max).expect("small length")
    }
}

fn random_chunks(body: &[u8], seed: u64, max: u64) -> Vec<&[u8]> {
    let mut lcg = Lcg(seed);
    let mut chunks = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(lcg.next_len(max).min(rest.len()));
        chunks.push(chunk);
        rest = tail;
    }
    chunks
}

/// The body with every `\n` line end replaced by `line_end`.
fn with_line_ends(body: &[u8], line_end: &[u8]) -> Vec<u8> {
    body.iter().flat_map(|&b| if b == b'\n' { line_end.to_vec() } else { vec![b] }).collect()
}

/// Decodes `body` under every chunking and asserts each equals `expected`.
fn check_chunkings(name: &str, body: &[u8], expected: &Decoded) {
    let decode = |chunks: Vec<&[u8]>, how: &str| {
        let got = decode_stream(chunks).unwrap_or_else(|fault| panic!("{name} ({how}): {fault:?}"));
        assert_eq!(&got, expected, "{name}: {how}");
    };
    decode(vec![body], "whole");
    for cut in 0..=body.len() {
        let (head, tail) = body.split_at(cut);
        decode(vec![head, tail], &format!("split at {cut}"));
    }
    decode(body.chunks(1).collect(), "one byte at a time");
    for seed in 1..=16 {
        decode(random_chunks(body, seed, 48), &format!("random chunks, seed {seed}"));
    }
}

/// What the decoded events add up to.
#[derive(Debug, Default)]
struct Summary {
    message_id: Option<String>,
    model: Option<String>,
    text: String,
    thinking: String,
    signed: bool,
    tools: Vec<(String, String)>,
    tool_input: String,
    stop: Option<StopReason>,
    usage: Usage,
}

fn summarize(events: &[StreamEvent]) -> Summary {
    let mut summary = Summary::default();
    for event in events {
        match event.clone() {
            StreamEvent::Metadata { message_id, model } => {
                summary.message_id = message_id;
                summary.model = model;
            }
            StreamEvent::TextDelta(text) => summary.text.push_str(&text),
            StreamEvent::ThinkingDelta(text) => summary.thinking.push_str(&text),
            StreamEvent::ThinkingSigned => summary.signed = true,
            StreamEvent::ToolUseStart { id, name } => summary.tools.push((id, name)),
            StreamEvent::ToolInputDelta(json) => summary.tool_input.push_str(&json),
            StreamEvent::Usage(usage) => summary.usage.merge(usage),
            StreamEvent::StopReason(reason) => summary.stop = Some(reason),
            StreamEvent::ServerLatency { .. }
            | StreamEvent::Served { .. }
            | StreamEvent::Guardrail(_)
            | StreamEvent::Done => {}
        }
    }
    summary
}

fn usage(input: u64, output: u64) -> Usage {
    Usage { input_tokens: Some(input), output_tokens: Some(output), ..Usage::default() }
}

fn with_cache_zero(mut usage: Usage) -> Usage {
    usage.cache_read_tokens = Some(0);
    usage.cache_write_tokens = Some(0);
    usage
}

/// The fixture-specific facts; every recorded stream must have an entry.
fn check_content(file: &str, s: &Summary) {
    let tool = |id: &str, name: &str| vec![(id.to_owned(), name.to_owned())];
    match file {
        "tests_lib_streaming_fixtures_basic_response.txt" => {
            assert_eq!(s.message_id.as_deref(), Some("msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK"));
            assert_eq!(s.model.as_deref(), Some("claude-3-opus-latest"));
            assert_eq!(s.text, "Hello there!");
            assert_eq!(s.stop, Some(StopReason::EndTurn));
            assert_eq!(s.usage, usage(11, 6));
        }
        "tests_lib_streaming_fixtures_tool_use_response.txt" => {
            assert_eq!(s.message_id.as_deref(), Some("msg_019Q1hrJbZG26Fb9BQhrkHEr"));
            assert_eq!(s.model.as_deref(), Some("claude-sonnet-4-20250514"));
            assert_eq!(s.text, "I'll check the current weather in Paris for you.");
            assert_eq!(s.tools, tool("toolu_01NRLabsLyVHZPKxbKvkfSMn", "get_weather"));
            let input: Value = serde_json::from_str(&s.tool_input).expect("tool input is JSON");
            assert_eq!(input, json!({"location": "Paris"}));
            assert_eq!(s.stop, Some(StopReason::ToolUse));
            assert_eq!(s.usage, with_cache_zero(usage(377, 65)));
        }
        "tests_lib_streaming_fixtures_refusal_response.txt" => {
            assert_eq!(s.model.as_deref(), Some("claude-opus-4-7"));
            assert_eq!(s.text, "");
            assert_eq!(s.stop, Some(StopReason::Refusal));
            assert_eq!(s.usage, usage(20, 0));
        }
        "tests_fixtures_fable-fallback_stream-a-refusal.sse" => {
            assert_eq!(s.message_id.as_deref(), Some("msg_fixture_a_0001"));
            assert_eq!(s.model.as_deref(), Some("claude-fable-5"));
            assert!(s.thinking.starts_with("Simple educational question"), "{:?}", s.thinking);
            assert!(s.thinking.ends_with("roll with it politely."), "{:?}", s.thinking);
            assert!(s.signed, "thinking block was signed");
            assert_eq!(s.text, "Hi");
            assert_eq!(s.stop, Some(StopReason::Refusal));
            let mut expected = with_cache_zero(usage(28, 106));
            expected.thinking_tokens = Some(67);
            assert_eq!(s.usage, expected);
        }
        "tests_lib_streaming_fixtures_incomplete_partial_json_response.txt" => {
            assert!(s.text.starts_with("I'll create a comprehensive tax guide"), "{:?}", s.text);
            assert_eq!(s.tools, tool("toolu_01EKqbqmZrGRXy18eN7m9kvY", "make_file"));
            assert!(s.tool_input.starts_with("{\"filename\": \"taxes.txt\""), "{:?}", s.tool_input);
            assert!(serde_json::from_str::<Value>(&s.tool_input).is_err(), "input was cut off");
            assert_eq!(s.stop, Some(StopReason::MaxTokens));
            assert_eq!(s.usage, with_cache_zero(usage(450, 124)));
        }
        "tests_lib_streaming_fixtures_compaction_response.txt" => {
            assert_eq!(s.text, "Hello there!");
            assert_eq!(s.stop, Some(StopReason::EndTurn));
            assert_eq!(s.usage, usage(30, 8));
        }
        other => panic!("{other}: new recorded stream; add its facts to check_content"),
    }
}

fn recorded_streams(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list fixture folder")
        .map(|entry| entry.expect("fixture entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt" || ext == "sse"))
        .collect();
    files.sort();
    files
}

#[test]
fn sdk_recorded_streams() {
    let Some(dir) = fixtures::fixture_dir("conformance", SDK_FOLDER) else { return };
    let files = recorded_streams(&dir);
    assert!(!files.is_empty(), "no *.txt / *.sse streams in {}", dir.display());
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).expect("UTF-8 file name");
        let body = read(path);
        let decoded = decode_stream([body.as_slice()]).unwrap_or_else(|fault| panic!("{name}: {fault:?}"));
        assert!(decoded.complete, "{name}: no message_stop");
        assert_eq!(decoded.events.last(), Some(&StreamEvent::Done), "{name}: Done is last");
        check_content(name, &summarize(&decoded.events));
        check_chunkings(name, &body, &decoded);
        check_chunkings(&format!("{name} (CRLF)"), &with_line_ends(&body, b"\r\n"), &decoded);
        check_chunkings(&format!("{name} (CR)"), &with_line_ends(&body, b"\r"), &decoded);
    }
    eprintln!("conformance: ran {} cases (recorded streams)", files.len());
}
