//! Conformance of the AWS event-stream decoder against botocore's and aws-sdk-go's own test
//! vectors, and of the InvokeModelWithResponseStream decoder against envoy ai-gateway's
//! Bedrock chunk payloads (see the README in each fixture folder).
//!
//! Fixtures come from `$ROUTEPLAY_CONFORMANCE_DIR`, default `../shared/fixtures` next to the
//! crate. Without them the test prints `conformance-eventstream: SKIPPED (...)` and passes,
//! unless `ROUTEPLAY_REQUIRE_CONFORMANCE=1` makes a missing folder a failure. A file in a
//! fixture folder that this test does not know is a failure, never skipped.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use routeplay::routes::event::{StopReason, StreamEvent, Usage};
use routeplay::routes::framing::eventstream::{EventStreamDecoder, Frame};
use routeplay::routes::framing::sse::{SseDecoder, SseEvent};
use routeplay::routes::request::ChatRequest;
use routeplay::routes::wire::StreamFault;
use routeplay::routes::wire::anthropic_stream::AnthropicStreamDecoder;
use routeplay::routes::wire::bedrock_invoke::{BEDROCK_ANTHROPIC_VERSION, InvokeStreamDecoder, invoke_body};
use serde_json::Value;

const BOTOCORE: &str = "botocore-eventstream";
const GO: &str = "aws-sdk-go-eventstream";
const ENVOY: &str = "envoy-ai-gateway-bedrock";

#[test]
fn conformance_eventstream() {
    let Some(root) = fixture_root() else { return };
    let cases = botocore(&root.join(BOTOCORE)) + go(&root.join(GO)) + envoy(&root.join(ENVOY));
    eprintln!("conformance-eventstream: ran {cases} cases");
}

/// The fixtures folder, or `None` (after saying so) when the test should be skipped.
fn fixture_root() -> Option<PathBuf> {
    let root = std::env::var_os("ROUTEPLAY_CONFORMANCE_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"), PathBuf::from);
    if root.is_dir() {
        return Some(root);
    }
    assert!(
        std::env::var("ROUTEPLAY_REQUIRE_CONFORMANCE").as_deref() != Ok("1"),
        "conformance-eventstream: fixtures not found at {} and ROUTEPLAY_REQUIRE_CONFORMANCE=1",
        root.display()
    );
    eprintln!("conformance-eventstream: SKIPPED (fixtures not found at {})", root.display());
    None
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&read(path)).unwrap_or_else(|err| panic!("parsing {}: {err}", path.display()))
}

/// The names of the files in `dir`, sorted.
fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("listing {}: {err}", dir.display()))
        .map(|entry| entry.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .collect()
}

fn b64(text: &str) -> Vec<u8> {
    STANDARD.decode(text).unwrap_or_else(|err| panic!("bad base64 {text:?} in a fixture: {err}"))
}

// ---------------------------------------------------------------------------------------
// Feeding: every vector is decoded whole, split in two at every byte, and byte by byte.
// ---------------------------------------------------------------------------------------

/// Feed `chunks` and finish, collecting frames.
fn decode_chunks<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Result<Vec<Frame>, StreamFault> {
    let mut decoder = EventStreamDecoder::new();
    let mut frames = Vec::new();
    for chunk in chunks {
        decoder.feed(chunk, &mut frames)?;
    }
    decoder.finish()?;
    Ok(frames)
}

/// The outcome of every way of feeding `bytes`, each labelled.
fn every_feeding(bytes: &[u8]) -> Vec<(String, Result<Vec<Frame>, StreamFault>)> {
    let mut outcomes = vec![("whole".to_owned(), decode_chunks([bytes]))];
    for at in 1..bytes.len() {
        let (head, tail) = bytes.split_at(at);
        outcomes.push((format!("split at {at}"), decode_chunks([head, tail])));
    }
    outcomes.push(("byte by byte".to_owned(), decode_chunks(bytes.chunks(1))));
    outcomes
}

/// `bytes` must decode to exactly one frame, the same however it is fed.
fn decode_one(name: &str, bytes: &[u8]) -> Frame {
    let mut frames = None;
    for (how, outcome) in every_feeding(bytes) {
        let decoded = outcome.unwrap_or_else(|fault| panic!("{name} ({how}): {fault:?}"));
        assert_eq!(decoded.len(), 1, "{name} ({how}): frame count");
        match &frames {
            None => frames = Some(decoded),
            Some(first) => assert_eq!(&decoded, first, "{name} ({how}) differs from whole"),
        }
    }
    frames.and_then(|mut frames| frames.pop()).expect("one frame")
}

/// `bytes` must be rejected as a framing fault however it is fed.
fn reject(name: &str, bytes: &[u8]) {
    for (how, outcome) in every_feeding(bytes) {
        assert!(matches!(outcome, Err(StreamFault::Framing { .. })), "{name} ({how}): {outcome:?}");
    }
}

/// The wire type code of a decoded header value (PROTOCOLS.md 3.3 table).
fn type_code(value: &HeaderValue) -> u8 {
    match value {
        HeaderValue::Bool(true) => 0,
        HeaderValue::Bool(false) => 1,
        HeaderValue::Byte(_) => 2,
        HeaderValue::Int16(_) => 3,
        HeaderValue::Int32(_) => 4,
        HeaderValue::Int64(_) => 5,
        HeaderValue::ByteArray(_) => 6,
        HeaderValue::String(_) => 7,
        HeaderValue::Timestamp(_) => 8,
        HeaderValue::Uuid(_) => 9,
        other => panic!("a header type this test does not know: {other:?}"),
    }
}

/// A decoded header value as JSON in the fixtures' terms: integers (timestamps in epoch
/// milliseconds), booleans, strings, and raw bytes (byte arrays, UUIDs) as their bytes.
fn plain_value(value: &HeaderValue) -> PlainValue {
    match value {
        HeaderValue::Bool(value) => PlainValue::Bool(*value),
        HeaderValue::Byte(value) => PlainValue::Int(i64::from(*value)),
        HeaderValue::Int16(value) => PlainValue::Int(i64::from(*value)),
        HeaderValue::Int32(value) => PlainValue::Int(i64::from(*value)),
        HeaderValue::Int64(value) => PlainValue::Int(*value),
        HeaderValue::Timestamp(time) => PlainValue::Int(time.to_millis().expect("fits in i64")),
        HeaderValue::ByteArray(bytes) => PlainValue::Bytes(bytes.to_vec()),
        HeaderValue::Uuid(uuid) => PlainValue::Bytes(uuid.to_be_bytes().to_vec()),
        HeaderValue::String(text) => PlainValue::Text(text.as_str().to_owned()),
        other => panic!("a header type this test does not know: {other:?}"),
    }
}

#[derive(Debug, PartialEq)]
enum PlainValue {
    Bool(bool),
    Int(i64),
    Bytes(Vec<u8>),
    Text(String),
}

/// The prelude fields and message CRC of a raw message: (total, headers, prelude CRC, CRC).
fn raw_prelude(bytes: &[u8]) -> (u64, u64, u64, u64) {
    let word = |at: usize| u64::from(u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes")));
    (word(0), word(4), word(8), word(bytes.len() - 4))
}

// ---------------------------------------------------------------------------------------
// botocore: NAME.bin + NAME.json per vector.
// ---------------------------------------------------------------------------------------

fn botocore(dir: &Path) -> usize {
    let (mut cases, mut bins) = (0, 0);
    for file in file_names(dir) {
        let path = dir.join(&file);
        match path.extension().and_then(OsStr::to_str) {
            _ if file == "README.md" => {}
            Some("bin") => bins += 1,
            Some("json") => {
                botocore_vector(&file, &read_json(&path), &read(&path.with_extension("bin")));
                cases += 1;
            }
            _ => panic!("{BOTOCORE}: unknown file {file}"),
        }
    }
    assert_eq!(bins, cases, "{BOTOCORE}: every .bin needs its .json");
    assert!(cases > 0, "{BOTOCORE}: no vectors");
    cases
}

/// The top-level fields of a botocore vector file.
const VECTOR_FIELDS: [&str; 6] = ["name", "source", "encoded_hex", "encoded_len", "expected", "expected_error"];
/// The fields of a botocore vector's `expected` decode.
const EXPECTED_FIELDS: [&str; 7] =
    ["total_length", "headers_length", "prelude_crc", "message_crc", "headers", "payload_b64", "payload_text"];

fn botocore_vector(file: &str, vector: &Value, bytes: &[u8]) {
    let name = vector["name"].as_str().unwrap_or_else(|| panic!("{file}: no name"));
    let unknown: Vec<_> = vector
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, _)| key)
        .filter(|key| !VECTOR_FIELDS.contains(&key.as_str()))
        .collect();
    assert!(unknown.is_empty(), "{name}: fields this test does not know: {unknown:?}");
    let hex = bytes.iter().fold(String::new(), |mut hex, byte| {
        write!(hex, "{byte:02x}").expect("writing to a String");
        hex
    });
    assert_eq!(Some(hex.as_str()), vector["encoded_hex"].as_str(), "{name}: .bin and encoded_hex differ");
    assert_eq!(Some(bytes.len() as u64), vector["encoded_len"].as_u64(), "{name}: encoded_len");
    if let Some(error) = vector.get("expected_error") {
        let error = error.as_str().unwrap_or_default();
        assert!(
            ["ChecksumMismatch", "DuplicateHeader", "InvalidHeadersLength"].contains(&error),
            "{name}: unknown expected_error {error:?}"
        );
        reject(name, bytes);
        return;
    }
    let expected = &vector["expected"];
    let frame = decode_one(name, bytes);
    let (total, headers_len, prelude_crc, message_crc) = raw_prelude(bytes);
    for (field, value) in [
        ("total_length", total),
        ("headers_length", headers_len),
        ("prelude_crc", prelude_crc),
        ("message_crc", message_crc),
    ] {
        if let Some(expected) = expected.get(field) {
            assert_eq!(expected.as_u64(), Some(value), "{name}: {field}");
        }
    }
    let payload = match (expected.get("payload_b64"), expected.get("payload_text")) {
        (Some(Value::String(b64_text)), None) => b64(b64_text),
        (None, Some(Value::String(text))) => text.clone().into_bytes(),
        _ => panic!("{name}: expected payload_b64 or payload_text"),
    };
    assert_eq!(frame.payload().as_ref(), payload.as_slice(), "{name}: payload");
    let expected_headers = expected["headers"].as_object().unwrap_or_else(|| panic!("{name}: no headers"));
    let unknown: Vec<_> = expected
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, _)| key)
        .filter(|key| !EXPECTED_FIELDS.contains(&key.as_str()))
        .collect();
    assert!(unknown.is_empty(), "{name}: expected fields this test does not know: {unknown:?}");
    assert_eq!(frame.headers().len(), expected_headers.len(), "{name}: header count");
    for header in frame.headers() {
        let header_name = header.name().as_str();
        let value = expected_headers.get(header_name).unwrap_or_else(|| panic!("{name}: extra header {header_name}"));
        let plain = match value {
            Value::Bool(value) => PlainValue::Bool(*value),
            Value::Number(number) => PlainValue::Int(number.as_i64().expect("an integer")),
            Value::String(text) => PlainValue::Text(text.clone()),
            Value::Object(object) => PlainValue::Bytes(b64(object["bytes_b64"].as_str().expect("bytes_b64"))),
            other => panic!("{name}: header {header_name} has a value this test does not know: {other}"),
        };
        assert_eq!(plain_value(header.value()), plain, "{name}: header {header_name} value");
        let code = botocore_type(name, header_name, value);
        assert_eq!(type_code(header.value()), code, "{name}: header {header_name} type");
    }
}

/// botocore's expected headers give values only. The type follows from the value where only
/// one type decodes to it; `ALL_HEADERS_TYPES` names each header after its type code; the
/// `INTn_HEADER` vectors say it in their name.
fn botocore_type(vector: &str, header: &str, value: &Value) -> u8 {
    match (vector, value) {
        ("ALL_HEADERS_TYPES", _) => header.parse().expect("ALL_HEADERS_TYPES names headers by type"),
        (_, Value::Bool(true)) => 0,
        (_, Value::Bool(false)) => 1,
        (_, Value::String(_)) => 7,
        ("INT8_HEADER", _) => 2,
        ("INT16_HEADER", _) => 3,
        ("INT32_HEADER", _) => 4,
        ("INT64_HEADER", _) => 5,
        _ => panic!("{vector}: cannot tell the type of header {header}"),
    }
}

// ---------------------------------------------------------------------------------------
// aws-sdk-go: encoded/{positive,negative}/NAME with decoded/{positive,negative}/NAME.
// ---------------------------------------------------------------------------------------

fn go(dir: &Path) -> usize {
    assert_eq!(file_names(dir), BTreeSet::from(["README.md".into(), "decoded".into(), "encoded".into()]), "{GO}");
    let mut cases = 0;
    for polarity in ["positive", "negative"] {
        let encoded = dir.join("encoded").join(polarity);
        let decoded = dir.join("decoded").join(polarity);
        let names = file_names(&encoded);
        assert_eq!(names, file_names(&decoded), "{GO}/{polarity}: encoded and decoded vectors differ");
        for name in names {
            let bytes = read(&encoded.join(&name));
            if polarity == "positive" {
                go_positive(&name, &bytes, &read_json(&decoded.join(&name)));
            } else {
                let error = String::from_utf8(read(&decoded.join(&name))).expect("UTF-8");
                assert!(error.contains("checksum mismatch"), "{name}: unknown expected error {error:?}");
                reject(&name, &bytes);
            }
            cases += 1;
        }
    }
    assert!(cases > 0, "{GO}: no vectors");
    cases
}

fn go_positive(name: &str, bytes: &[u8], expected: &Value) {
    let frame = decode_one(name, bytes);
    let (total, headers_len, prelude_crc, message_crc) = raw_prelude(bytes);
    assert_eq!(expected["total_length"].as_u64(), Some(total), "{name}: total_length");
    assert_eq!(expected["headers_length"].as_u64(), Some(headers_len), "{name}: headers_length");
    // The Go SDK prints its CRCs as signed 32-bit integers.
    let crc = |field: &str| {
        expected[field]
            .as_i64()
            .and_then(|value| i32::try_from(value).ok())
            .map(|value| u64::from(value.cast_unsigned()))
    };
    assert_eq!(crc("prelude_crc"), Some(prelude_crc), "{name}: prelude_crc");
    assert_eq!(crc("message_crc"), Some(message_crc), "{name}: message_crc");
    assert_eq!(frame.payload().as_ref(), b64(expected["payload"].as_str().expect("payload")), "{name}: payload");
    let headers = expected["headers"].as_array().unwrap_or_else(|| panic!("{name}: no headers"));
    assert_eq!(frame.headers().len(), headers.len(), "{name}: header count");
    for (header, expected) in frame.headers().iter().zip(headers) {
        assert_eq!(Some(header.name().as_str()), expected["name"].as_str(), "{name}: header name");
        let code = expected["type"].as_u64().and_then(|code| u8::try_from(code).ok()).expect("a type code");
        assert_eq!(type_code(header.value()), code, "{name}: header {} type", header.name().as_str());
        let value = &expected["value"];
        let plain = match code {
            0 | 1 => PlainValue::Bool(value.as_bool().expect("a bool")),
            2..=5 | 8 => PlainValue::Int(value.as_i64().expect("an integer")),
            6 | 9 => PlainValue::Bytes(b64(value.as_str().expect("base64"))),
            7 => PlainValue::Text(String::from_utf8(b64(value.as_str().expect("base64"))).expect("UTF-8")),
            other => panic!("{name}: unknown header type {other}"),
        };
        assert_eq!(plain_value(header.value()), plain, "{name}: header {} value", header.name().as_str());
    }
}

// ---------------------------------------------------------------------------------------
// envoy ai-gateway: Bedrock chunk payloads, the SSE the gateway makes of them, the request.
// ---------------------------------------------------------------------------------------

fn envoy(dir: &Path) -> usize {
    let files = ["README.md", "invoke-stream-chunk-payloads.jsonl", "invoke-stream-transcoded.sse", "request.json"];
    assert_eq!(file_names(dir), files.iter().map(|&name| name.to_owned()).collect(), "{ENVOY}: files");
    let events = envoy_stream(&read(&dir.join(files[1])));
    envoy_transcoded(&read(&dir.join(files[2])), &events);
    envoy_request(&read_json(&dir.join(files[3])));
    3
}

/// Each payload line wrapped in a `chunk` frame, as Bedrock (and the envoy test server)
/// sends it; the stream must decode to exactly these events however it is split.
fn envoy_stream(jsonl: &[u8]) -> Vec<StreamEvent> {
    let mut stream = Vec::new();
    for line in jsonl.split(|&byte| byte == b'\n').filter(|line| !line.is_empty()) {
        let message = Message::new(line.to_vec())
            .add_header(Header::new(":message-type", HeaderValue::String("event".into())))
            .add_header(Header::new(":event-type", HeaderValue::String("chunk".into())))
            .add_header(Header::new(":content-type", HeaderValue::String("application/json".into())));
        write_message_to(&message, &mut stream).expect("encodes");
    }
    let expected = envoy_expected();
    for (how, outcome) in every_feeding(&stream) {
        let frames = outcome.unwrap_or_else(|fault| panic!("{ENVOY} ({how}): {fault:?}"));
        let mut decoder = InvokeStreamDecoder::new();
        let mut events = Vec::new();
        for frame in &frames {
            events.extend(decoder.decode(frame).unwrap_or_else(|fault| panic!("{ENVOY} ({how}): {fault:?}")));
        }
        assert!(decoder.is_complete(), "{ENVOY} ({how}): no message_stop");
        assert_eq!(events, expected, "{ENVOY} ({how})");
    }
    let text: String = expected
        .iter()
        .filter_map(|event| match event {
            StreamEvent::TextDelta(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(text, "Hi! \u{1f44b} How are you doing today?");
    expected
}

fn envoy_expected() -> Vec<StreamEvent> {
    let text = |text: &str| StreamEvent::TextDelta(text.into());
    let usage = |output| Usage {
        input_tokens: Some(10),
        output_tokens: Some(output),
        cache_read_tokens: Some(0),
        cache_write_tokens: Some(0),
        thinking_tokens: None,
    };
    vec![
        StreamEvent::Metadata {
            message_id: Some("msg_bdrk_012GBPzpcoMCLP1b2pcJsSHk".into()),
            model: Some("claude-sonnet-4-5-20250929".into()),
        },
        StreamEvent::Usage(usage(1)),
        text("Hi"),
        text("!"),
        text(" "),
        text("\u{1f44b} How"),
        text(" are you doing today?"),
        StreamEvent::StopReason(StopReason::EndTurn),
        StreamEvent::Usage(usage(15)),
        StreamEvent::ServerLatency { total_ms: Some(1798), first_byte_ms: Some(1507) },
        StreamEvent::Done,
    ]
}

/// The gateway's SSE rendering of the same chunks decodes, through the Anthropic route's
/// decoders, to the same events minus Bedrock's own latency.
fn envoy_transcoded(sse: &[u8], invoke_events: &[StreamEvent]) {
    let mut decoder = SseDecoder::new();
    let mut sse_events: Vec<SseEvent> = Vec::new();
    decoder.feed(sse, &mut sse_events);
    decoder.finish(&mut sse_events);
    let mut anthropic = AnthropicStreamDecoder::new();
    let mut events = Vec::new();
    for event in &sse_events {
        events.extend(anthropic.decode(event).unwrap_or_else(|fault| panic!("{ENVOY} SSE: {fault:?}")));
    }
    let without_latency: Vec<_> =
        invoke_events.iter().filter(|event| !matches!(event, StreamEvent::ServerLatency { .. })).cloned().collect();
    assert_eq!(events, without_latency, "{ENVOY}: transcoded SSE");
}

/// The upstream body the gateway sends has the keys and values `invoke_body` makes for the
/// same request (the gateway keeps the client's content blocks; we send the string form).
fn envoy_request(request: &Value) {
    let upstream = request["upstream_request_body"].as_object().expect("upstream_request_body");
    let client = &request["client_request_body"];
    let prompt = client["messages"][0]["content"][0]["text"].as_str().expect("a text block");
    let mut chat = ChatRequest::single(prompt);
    chat.params.max_tokens = u32::try_from(client["max_tokens"].as_u64().expect("max_tokens")).expect("fits");
    let ours = invoke_body(&chat, BEDROCK_ANTHROPIC_VERSION, &routeplay::routes::bedrock::INVOKE.capabilities);
    let ours = ours.as_object().expect("an object");
    assert_eq!(ours.keys().collect::<BTreeSet<_>>(), upstream.keys().collect::<BTreeSet<_>>(), "{ENVOY}: body keys");
    assert_eq!(ours["anthropic_version"], upstream["anthropic_version"]);
    assert_eq!(ours["max_tokens"], upstream["max_tokens"]);
    assert_eq!(ours["messages"][0]["role"], upstream["messages"][0]["role"]);
    assert_eq!(ours["messages"][0]["content"], upstream["messages"][0]["content"][0]["text"]);
    assert!(
        request["upstream_path"].as_str().is_some_and(|path| path.ends_with("/invoke-with-response-stream")),
        "{ENVOY}: upstream_path"
    );
}
