//! Conformance of the Gemini stream decoder and the Google error parser against recorded
//! Gemini API and Vertex AI responses (see `firebase-vertexai-sdk-test-data/README.md` in the
//! fixtures folder).
//!
//! Every `streaming-*.txt` body is decoded whole, split in two at every byte, and byte by byte,
//! with its line ends as recorded and rewritten to LF, CRLF and CR (live Gemini streams use
//! CRLF); all must give the same events. Each file also has exact expectations below, and a
//! file without any fails the test, so none passes unchecked.
//!
//! Fixtures come from `$ROUTEPLAY_CONFORMANCE_DIR`, default `../shared/fixtures` next to the
//! crate. Without them the test prints `conformance-gemini: SKIPPED (...)` and passes, unless
//! `ROUTEPLAY_REQUIRE_CONFORMANCE=1` makes a missing folder a failure.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::path::Path;

use routeplay::routes::event::{StopReason, StreamEvent, Usage};
use routeplay::routes::google_error::{hint, parse_google_error};
use routeplay::routes::wire::StreamFault;
use routeplay::routes::wire::gemini::GeminiStreamDecoder;
use serde_json::Value;

/// The fixture folder this file tests against, and its two API families.
const FIXTURE_FOLDER: &str = "firebase-vertexai-sdk-test-data";
const FAMILIES: [&str; 2] = ["googleai", "vertexai"];
/// The fixtures in those folders: a file that went missing fails the test too.
const FIXTURE_COUNT: usize = 24;

#[test]
fn gemini_fixtures() {
    let Some(dir) = fixtures::fixture_dir("conformance-gemini", FIXTURE_FOLDER) else { return };
    let mut cases = 0;
    for family in FAMILIES {
        for path in fixtures::files(&dir.join(family)) {
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
            let extension = path.extension().and_then(|extension| extension.to_str());
            if name.starts_with("streaming-") && extension == Some("txt") {
                check_stream(family, &name, &read(&path));
            } else if name.starts_with("unary-") && extension == Some("json") {
                check_unary(family, &name, &read(&path));
            } else {
                panic!("{family}/{name}: a fixture this test does not know");
            }
            cases += 1;
        }
    }
    assert_eq!(cases, FIXTURE_COUNT, "fixtures found under {}", dir.display());
    eprintln!("conformance-gemini: ran {cases} cases");
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

// ---------------------------------------------------------------------------------------
// Streaming bodies
// ---------------------------------------------------------------------------------------

/// What decoding a whole body gave.
#[derive(Debug, PartialEq)]
struct Outcome {
    events: Vec<StreamEvent>,
    fault: Option<StreamFault>,
    complete: bool,
}

fn decode<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Outcome {
    let mut decoder = GeminiStreamDecoder::new();
    let mut events = Vec::new();
    for chunk in chunks {
        match decoder.feed(chunk) {
            Ok(more) => events.extend(more),
            Err(fault) => return Outcome { events, fault: Some(fault), complete: decoder.is_complete() },
        }
    }
    let fault = decoder.finish().map(|more| events.extend(more)).err();
    Outcome { events, fault, complete: decoder.is_complete() }
}

/// `body` with every line end (`\r\n`, `\r` or `\n`) replaced by `end`. Raw CR and LF only
/// occur as line ends: JSON escapes them inside strings.
fn with_line_ends(body: &[u8], end: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() * 2);
    let mut bytes = body.iter().copied().peekable();
    while let Some(byte) = bytes.next() {
        match byte {
            b'\r' => {
                bytes.next_if_eq(&b'\n');
                out.extend_from_slice(end);
            }
            b'\n' => out.extend_from_slice(end),
            other => out.push(other),
        }
    }
    out
}

/// Decode `body` every way, check the results agree, and return the one outcome.
fn decode_every_way(name: &str, body: &[u8]) -> Outcome {
    let whole = decode([body]);
    let variants =
        [body.to_vec(), with_line_ends(body, b"\n"), with_line_ends(body, b"\r\n"), with_line_ends(body, b"\r")];
    for (variant, bytes) in variants.iter().enumerate() {
        assert_eq!(decode([&bytes[..]]), whole, "{name}: line-end variant {variant}, whole");
        assert_eq!(decode(bytes.chunks(1)), whole, "{name}: line-end variant {variant}, byte by byte");
        for cut in 0..=bytes.len() {
            let (head, tail) = bytes.split_at(cut);
            assert_eq!(decode([head, tail]), whole, "{name}: line-end variant {variant}, split at {cut}");
        }
    }
    whole
}

/// What a file must decode to, by hand from reading it.
struct Expected {
    /// The last `StopReason`, if any.
    stop: Option<StopReason>,
    /// The fault that ends the body: its error type and a piece of its message.
    fault: Option<(&'static str, &'static str)>,
    text: Text,
    /// Thought summaries are expected.
    thinking: bool,
    /// The one tool call: name and JSON input.
    tool: Option<(&'static str, &'static str)>,
}

enum Text {
    Empty,
    NonEmpty,
    Exactly(&'static str),
}

const fn ends(stop: StopReason, text: Text) -> Expected {
    Expected { stop: Some(stop), fault: None, text, thinking: false, tool: None }
}

const fn fails(error_type: &'static str, message: &'static str) -> Expected {
    Expected { stop: None, fault: Some((error_type, message)), text: Text::Empty, thinking: false, tool: None }
}

fn expected_stream(family: &str, name: &str) -> Option<Expected> {
    let stem = name.strip_prefix("streaming-")?.strip_suffix(".txt")?;
    Some(match (family, stem) {
        ("googleai", "failure-prompt-blocked-safety") => ends(StopReason::Other("blocked: SAFETY".into()), Text::Empty),
        ("googleai", "failure-recitation-no-content") => {
            ends(StopReason::Refusal, Text::Exactly("text1text2text3text4text5text6text7text8"))
        }
        ("googleai", "success-basic-reply-short") => {
            ends(StopReason::EndTurn, Text::Exactly("The capital of Wyoming is **Cheyenne**.\n"))
        }
        ("googleai", "success-finish-message") => ends(StopReason::EndTurn, Text::Exactly("Hello world!")),
        ("googleai", "success-thinking-function-call-thought-summary-signature") => {
            Expected { thinking: true, tool: Some(("now", "{}")), ..ends(StopReason::EndTurn, Text::Empty) }
        }
        ("googleai" | "vertexai", "success-thinking-reply-thought-summary") => {
            Expected { thinking: true, ..ends(StopReason::EndTurn, Text::NonEmpty) }
        }
        ("vertexai", "failure-api-key") => fails("INVALID_ARGUMENT", "API key not valid"),
        ("vertexai", "failure-error-mid-stream") => Expected {
            stop: Some(StopReason::EndTurn),
            text: Text::Exactly("First Second "),
            ..fails("CANCELLED", "The operation was cancelled.")
        },
        ("vertexai", "failure-finish-reason-safety") => ends(StopReason::Refusal, Text::Exactly("<redacted>")),
        ("vertexai", "failure-http-error") => fails("FAILED_PRECONDITION", "$grpcMessage"),
        ("vertexai", "failure-unknown-model") => fails("NOT_FOUND", "models/unknown is not found"),
        ("vertexai", "success-basic-reply-short") => ends(StopReason::EndTurn, Text::Exactly("Cheyenne")),
        ("vertexai", "success-function-call-short") => Expected {
            tool: Some(("getTemperature", r#"{"city":"San Jose"}"#)),
            ..ends(StopReason::EndTurn, Text::Empty)
        },
        ("vertexai", "success-utf8") => ends(StopReason::EndTurn, Text::NonEmpty),
        _ => return None,
    })
}

/// The events folded the way the app folds them.
#[derive(Default)]
struct Folded {
    text: String,
    thinking: String,
    tools: Vec<(String, String, String)>,
    signed: usize,
    usage: Usage,
    stops: Vec<StopReason>,
    metadata: Vec<(Option<String>, Option<String>)>,
    /// Each `Served` tier, in order.
    served: Vec<Option<String>>,
    done: usize,
}

fn fold(events: &[StreamEvent]) -> Folded {
    let mut folded = Folded::default();
    for event in events {
        match event.clone() {
            StreamEvent::Metadata { message_id, model } => folded.metadata.push((message_id, model)),
            StreamEvent::TextDelta(text) => folded.text.push_str(&text),
            StreamEvent::ThinkingDelta(text) => folded.thinking.push_str(&text),
            StreamEvent::ThinkingSigned => folded.signed += 1,
            StreamEvent::ToolUseStart { id, name } => folded.tools.push((id, name, String::new())),
            StreamEvent::ToolInputDelta(json) => {
                folded.tools.last_mut().expect("input after a tool start").2.push_str(&json);
            }
            StreamEvent::Usage(usage) => folded.usage.merge(usage),
            StreamEvent::StopReason(reason) => folded.stops.push(reason),
            StreamEvent::Done => folded.done += 1,
            StreamEvent::ServerLatency { .. } => panic!("Gemini reports no server latency"),
            StreamEvent::Served { service_tier, latency } => {
                assert_eq!(latency, None, "Gemini reports no latency mode");
                folded.served.push(service_tier);
            }
            StreamEvent::Guardrail(_) => panic!("these recordings ask for no guardrail"),
        }
    }
    folded
}

/// What the `data:` lines of a body say, read with plain `serde_json` as a second opinion.
#[derive(Default)]
struct Oracle {
    text: String,
    thinking: String,
    signatures: usize,
    usage: Option<Value>,
    metadata: Option<(Option<String>, Option<String>)>,
    /// Every `usageMetadata.trafficType` that differs from the one before.
    traffic: Vec<String>,
}

fn oracle(body: &[u8]) -> Oracle {
    let mut oracle = Oracle::default();
    let body = String::from_utf8_lossy(body);
    for data in body.lines().filter_map(|line| line.strip_prefix("data:")) {
        let chunk: Value = serde_json::from_str(data).expect("fixture chunks are JSON");
        let field = |key: &str| chunk[key].as_str().map(str::to_owned);
        if oracle.metadata.is_none() && (chunk.get("responseId").is_some() || chunk.get("modelVersion").is_some()) {
            oracle.metadata = Some((field("responseId"), field("modelVersion")));
        }
        let parts = chunk["candidates"][0]["content"]["parts"].as_array().cloned().unwrap_or_default();
        for part in parts {
            let text = part["text"].as_str().unwrap_or_default();
            if part["thought"] == Value::Bool(true) { &mut oracle.thinking } else { &mut oracle.text }.push_str(text);
            oracle.signatures += usize::from(part.get("thoughtSignature").is_some());
        }
        if let Some(usage) = chunk.get("usageMetadata") {
            oracle.usage = Some(usage.clone());
            let traffic = usage["trafficType"].as_str().map(str::to_owned);
            if let Some(traffic) = traffic.filter(|traffic| oracle.traffic.last() != Some(traffic)) {
                oracle.traffic.push(traffic);
            }
        }
    }
    oracle
}

fn usage_of(metadata: &Value) -> Usage {
    let count = |key: &str| metadata[key].as_u64();
    Usage {
        input_tokens: count("promptTokenCount"),
        output_tokens: count("candidatesTokenCount"),
        cache_read_tokens: count("cachedContentTokenCount"),
        cache_write_tokens: None,
        thinking_tokens: count("thoughtsTokenCount"),
    }
}

fn check_stream(family: &str, name: &str, body: &[u8]) {
    let label = format!("{family}/{name}");
    let expected = expected_stream(family, name).unwrap_or_else(|| panic!("{label}: no expectations written"));
    let outcome = decode_every_way(&label, body);
    let folded = fold(&outcome.events);
    let oracle = oracle(body);

    match (expected.fault, &outcome.fault) {
        (Some((error_type, message)), Some(StreamFault::Provider { error_type: got_type, message: got })) => {
            assert_eq!(got_type, error_type, "{label}");
            assert!(got.contains(message), "{label}: message {got:?}");
            assert_eq!(folded.done, 0, "{label}: Done after a fault");
        }
        (None, None) => {
            assert!(outcome.complete, "{label}: not complete");
            assert_eq!(outcome.events.last(), Some(&StreamEvent::Done), "{label}: Done is not last");
            assert_eq!(folded.done, 1, "{label}");
        }
        (want, got) => panic!("{label}: expected fault {want:?}, got {got:?}"),
    }
    assert_eq!(folded.stops.last(), expected.stop.as_ref(), "{label}: stop reason");

    assert_eq!(folded.text, oracle.text, "{label}: text");
    match expected.text {
        Text::Empty => assert!(folded.text.is_empty(), "{label}: text {:?}", folded.text),
        Text::NonEmpty => assert!(!folded.text.trim().is_empty(), "{label}: no text"),
        Text::Exactly(text) => assert_eq!(folded.text, text, "{label}"),
    }
    assert_eq!(folded.thinking, oracle.thinking, "{label}: thinking");
    assert_eq!(!folded.thinking.is_empty(), expected.thinking, "{label}: thinking {:?}", folded.thinking);
    assert_eq!(folded.signed, oracle.signatures, "{label}: signatures");

    let tools: Vec<(&str, &str, &str)> =
        folded.tools.iter().map(|(id, name, input)| (id.as_str(), name.as_str(), input.as_str())).collect();
    let expected_tools: Vec<(&str, &str, &str)> =
        expected.tool.map(|(name, input)| (name, name, input)).into_iter().collect();
    assert_eq!(tools, expected_tools, "{label}: tool calls");

    let last_usage = oracle.usage.as_ref().map(usage_of).unwrap_or_default();
    assert_eq!(folded.usage, last_usage, "{label}: usage is the last chunk's");
    assert_eq!(folded.metadata, Vec::from_iter(oracle.metadata), "{label}: metadata once, from the first chunk");
    // The recordings were served on demand, if they say so at all (Vertex does, on every chunk).
    assert!(oracle.traffic.iter().all(|traffic| traffic == "ON_DEMAND"), "{label}: {:?}", oracle.traffic);
    let standard = oracle.traffic.iter().map(|_| Some("standard".to_owned())).collect::<Vec<_>>();
    assert_eq!(folded.served, standard, "{label}: the tier served, once");
}

// ---------------------------------------------------------------------------------------
// Unary error bodies
// ---------------------------------------------------------------------------------------

/// `code`, `status`, `ErrorInfo.reason`, and a piece of the hint for the family's route.
type UnaryExpected = (u16, &'static str, Option<&'static str>, &'static str);

fn expected_unary(family: &str, name: &str) -> Option<UnaryExpected> {
    Some(match (family, name) {
        ("googleai", "unary-failure-api-key.json") => {
            (400, "INVALID_ARGUMENT", Some("API_KEY_INVALID"), "GEMINI_API_KEY")
        }
        ("googleai", "unary-failure-generativelanguage-api-not-enabled.json") => {
            (403, "PERMISSION_DENIED", Some("SERVICE_DISABLED"), "enable generativelanguage.googleapis.com")
        }
        ("googleai", "unary-failure-unknown-model.json") => (404, "NOT_FOUND", None, "check the model id"),
        ("vertexai", "unary-failure-api-key.json") => {
            (400, "INVALID_ARGUMENT", Some("API_KEY_INVALID"), "gcloud auth application-default login")
        }
        ("vertexai", "unary-failure-iam-permission-denied.json") => {
            (403, "PERMISSION_DENIED", Some("IAM_PERMISSION_DENIED"), "roles/aiplatform.user")
        }
        ("vertexai", "unary-failure-model-not-found.json") => (404, "NOT_FOUND", None, "try location `global`"),
        ("vertexai", "unary-failure-quota-exceeded.json") => {
            (429, "RESOURCE_EXHAUSTED", Some("RATE_LIMIT_EXCEEDED"), "`global` location")
        }
        _ => return None,
    })
}

fn check_unary(family: &str, name: &str, body: &[u8]) {
    let label = format!("{family}/{name}");
    if name.starts_with("unary-success-") {
        assert_eq!(parse_google_error(body), None, "{label}: a success body read as an error");
        return;
    }
    let (code, status, reason, hint_piece) =
        expected_unary(family, name).unwrap_or_else(|| panic!("{label}: no expectations written"));
    let error = parse_google_error(body).unwrap_or_else(|| panic!("{label}: not parsed"));
    assert_eq!((error.code, error.status.as_str(), error.reason.as_deref()), (code, status, reason), "{label}");
    assert!(!error.message.is_empty(), "{label}: no message");
    let vertex = family == "vertexai";
    let text = hint(&error, vertex, vertex.then_some("us-central1")).unwrap_or_else(|| panic!("{label}: no hint"));
    assert!(text.contains(hint_piece), "{label}: hint {text:?}");
    if error.reason.as_deref() == Some("SERVICE_DISABLED") {
        assert!(error.activation_url.as_deref().is_some_and(|url| text.contains(url)), "{label}: {text}");
    }
}
