//! Property tests of every decoder that reads bytes a server sent: whatever the bytes, none
//! panics; and a body split at any points decodes to the same events (and the same fault) as
//! the body fed whole, since a socket may cut it anywhere. Bodies are random bytes and, to
//! reach past the first check, bodies built from each wire's own words (`data:`, frame
//! headers, JSON with the fields the decoder reads). The case count is bounded so
//! `cargo test` stays fast.

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use proptest::collection::vec;
use proptest::prelude::*;
use routeplay::routes::event::StreamEvent;
use routeplay::routes::framing::eventstream::{EventStreamDecoder, Frame};
use routeplay::routes::framing::sse::{SseDecoder, SseEvent};
use routeplay::routes::wire::StreamFault;
use routeplay::routes::wire::anthropic_stream::AnthropicStreamDecoder;
use routeplay::routes::wire::bedrock_invoke::InvokeStreamDecoder;
use routeplay::routes::wire::converse::ConverseStreamDecoder;
use routeplay::routes::wire::gemini::GeminiStreamDecoder;
use routeplay::routes::wire::openai_chat::ChatStreamDecoder;
use serde_json::{Value, json};

fn config() -> ProptestConfig {
    ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// The words the stream decoders look for, as JSON keys and string values.
const WORDS: &[&str] = &[
    "type",
    "message_start",
    "content_block_start",
    "content_block_delta",
    "content_block_stop",
    "message_delta",
    "message_stop",
    "ping",
    "error",
    "delta",
    "text_delta",
    "thinking_delta",
    "signature_delta",
    "input_json_delta",
    "text",
    "thinking",
    "index",
    "usage",
    "input_tokens",
    "output_tokens",
    "stop_reason",
    "end_turn",
    "max_tokens",
    "content_block",
    "tool_use",
    "message",
    "id",
    "model",
    "candidates",
    "content",
    "parts",
    "finishReason",
    "STOP",
    "usageMetadata",
    "promptTokenCount",
    "candidatesTokenCount",
    "thoughtsTokenCount",
    "promptFeedback",
    "blockReason",
    "thought",
    "code",
    "status",
    "contentBlockStart",
    "contentBlockDelta",
    "messageStop",
    "metadata",
    "stopReason",
    "reasoningContent",
    "start",
    "toolUse",
    "inputTokens",
    "outputTokens",
    "metrics",
    "latencyMs",
    "bytes",
    "chunk",
    "choices",
    "finish_reason",
    "tool_calls",
    "function",
    "arguments",
    "name",
    "reasoning_content",
    "reasoning",
    "refusal",
    "prompt_tokens",
    "completion_tokens",
    "service_tier",
    "[DONE]",
    "",
];

/// A JSON value made of the decoders' own words, a few levels deep.
fn json() -> impl Strategy<Value = Value> {
    let word = proptest::sample::select(WORDS).prop_map(|word| Value::String(word.to_owned()));
    let leaf = prop_oneof![
        word,
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((proptest::sample::select(WORDS), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

/// A body of SSE lines: fields, comments and JSON data, with every kind of line end.
fn sse_body() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        json().prop_map(|value| format!("data: {value}")),
        proptest::sample::select(WORDS).prop_map(|word| format!("event: {word}")),
        any::<String>().prop_map(|text| format!("data:{text}")),
        Just("id: 7".to_owned()),
        Just("retry: 10".to_owned()),
        Just(": comment".to_owned()),
        Just(String::new()),
        json().prop_map(|value| serde_json::to_string_pretty(&value).unwrap_or_default()),
        any::<String>(),
    ];
    let end = proptest::sample::select(&["\n", "\r\n", "\r", "\n\n"][..]);
    vec((line, end), 0..12).prop_map(|lines| {
        let mut body = Vec::new();
        for (line, end) in lines {
            body.extend_from_slice(line.as_bytes());
            body.extend_from_slice(end.as_bytes());
        }
        body
    })
}

/// A `chat.completion.chunk` with the fields the Chat Completions decoder reads, in shapes
/// that make it start, continue and interleave tool calls, finish, and fail.
fn chat_chunk() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        Just(Value::Null),
        proptest::sample::select(WORDS).prop_map(|word| Value::String(word.to_owned())),
        any::<String>().prop_map(Value::String),
    ];
    let call = (
        proptest::option::of(0u32..3),
        proptest::option::of(proptest::sample::select(&["a", "b", ""][..])),
        proptest::option::of(proptest::sample::select(&["f", "g"][..])),
        text.clone(),
    )
        .prop_map(|(index, id, name, arguments)| {
            json!({ "index": index, "id": id, "function": { "name": name, "arguments": arguments } })
        });
    let content = prop_oneof![
        text.clone(),
        text.clone().prop_map(|text| json!([{ "type": "thinking", "thinking": [{ "type": "text", "text": text }] }])),
    ];
    let delta = (content, text.clone(), text, vec(call, 0..3)).prop_map(|(content, reasoning, refusal, calls)| {
        json!({ "content": content, "reasoning": reasoning, "refusal": refusal, "tool_calls": calls })
    });
    let finish = proptest::option::of(proptest::sample::select(&["stop", "length", "tool_calls", ""][..]));
    let index = prop_oneof![3 => Just(0u32), 1 => 1u32..3];
    let choice = (index, delta, finish)
        .prop_map(|(index, delta, finish)| json!({ "index": index, "delta": delta, "finish_reason": finish }));
    let usage = proptest::option::of((0u64..100, 0u64..100)).prop_map(|usage| {
        usage.map(|(prompt, completion)| json!({ "prompt_tokens": prompt, "completion_tokens": completion }))
    });
    let tier = proptest::option::of(proptest::sample::select(&["default", "flex", ""][..]));
    let error = prop_oneof![9 => Just(None), 1 => json().prop_map(Some)];
    (vec(choice, 0..3), usage, tier, any::<bool>(), error).prop_map(
        |(choices, usage, tier, id, error)| {
            json!({ "id": id.then_some("c1"), "choices": choices, "usage": usage, "service_tier": tier, "error": error })
        },
    )
}

/// A Chat Completions body: chunks, `[DONE]`, comments and `event: error`, with LF or CRLF.
fn chat_body() -> impl Strategy<Value = Vec<u8>> {
    let event = prop_oneof![
        16 => chat_chunk().prop_map(|chunk| format!("data: {chunk}\n\n")),
        1 => Just("data: [DONE]\n\n".to_owned()),
        2 => Just(": keep-alive\n\n".to_owned()),
        1 => json().prop_map(|value| format!("event: error\ndata: {value}\n\n")),
        1 => any::<String>().prop_map(|text| format!("data: {text}\n\n")),
    ];
    (vec(event, 0..10), any::<bool>()).prop_map(|(events, crlf)| {
        let body = events.concat();
        if crlf { body.replace('\n', "\r\n") } else { body }.into_bytes()
    })
}

/// Random bytes, or a body built from the wire's words.
fn body(built: impl Strategy<Value = Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![vec(any::<u8>(), 0..600), built]
}

/// An event-stream frame as a service writes it: message type, event type and a payload.
fn frame_bytes() -> impl Strategy<Value = Vec<u8>> {
    let message_type = proptest::sample::select(&["event", "exception", "error", "other"][..]);
    let payload = prop_oneof![
        json().prop_map(|value| value.to_string().into_bytes()),
        json().prop_map(|value| {
            // An Invoke `chunk`: the Anthropic event as base64 in `bytes`.
            use base64::Engine;
            let inner = base64::engine::general_purpose::STANDARD.encode(value.to_string());
            serde_json::json!({ "bytes": inner }).to_string().into_bytes()
        }),
        vec(any::<u8>(), 0..64),
    ];
    (message_type, proptest::sample::select(WORDS), any::<bool>(), payload).prop_map(
        |(message_type, word, named, payload)| {
            let mut headers = vec![Header::new(":message-type", HeaderValue::String(message_type.to_owned().into()))];
            if named {
                for name in [":event-type", ":exception-type", ":error-code", ":error-message"] {
                    headers.push(Header::new(name, HeaderValue::String(word.to_owned().into())));
                }
            }
            let mut bytes = Vec::new();
            write_message_to(&Message::new_from_parts(headers, payload), &mut bytes).expect("encodes");
            bytes
        },
    )
}

/// Frames one after another, sometimes with a byte flipped.
fn eventstream_body() -> impl Strategy<Value = Vec<u8>> {
    (vec(frame_bytes(), 0..6), any::<Option<(prop::sample::Index, u8)>>()).prop_map(|(frames, flip)| {
        let mut body = frames.concat();
        if let (Some((at, xor)), false) = (flip, body.is_empty()) {
            let at = at.index(body.len());
            body[at] ^= xor;
        }
        body
    })
}

/// `body` cut at the given points.
fn split(body: &[u8], cuts: &[prop::sample::Index]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = cuts.iter().map(|cut| cut.index(body.len() + 1)).collect();
    points.sort_unstable();
    let mut pieces = Vec::new();
    let mut start = 0;
    for point in points {
        pieces.push(body[start..point].to_vec());
        start = point;
    }
    pieces.push(body[start..].to_vec());
    pieces
}

// ---------------------------------------------------------------------------------------------
// Decoding a body fed in pieces

fn sse(pieces: &[Vec<u8>]) -> Vec<SseEvent> {
    let mut decoder = SseDecoder::new();
    let mut out = Vec::new();
    for piece in pieces {
        decoder.feed(piece, &mut out);
    }
    decoder.finish(&mut out);
    out
}

/// Frames until the first fault, and the fault.
fn frames(pieces: &[Vec<u8>]) -> (Vec<Frame>, Option<StreamFault>) {
    let mut decoder = EventStreamDecoder::new();
    let mut out = Vec::new();
    for piece in pieces {
        if let Err(fault) = decoder.feed(piece, &mut out) {
            return (out, Some(fault));
        }
    }
    (out, decoder.finish().err())
}

/// Events until the first fault, and the fault.
type Decoded = (Vec<StreamEvent>, Option<StreamFault>);

/// The decoders that take a whole body in pieces.
trait BodyDecoding {
    fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault>;
    fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault>;
}

impl BodyDecoding for GeminiStreamDecoder {
    fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault> {
        GeminiStreamDecoder::feed(self, bytes)
    }

    fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        GeminiStreamDecoder::finish(self)
    }
}

impl BodyDecoding for ChatStreamDecoder {
    fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault> {
        ChatStreamDecoder::feed(self, bytes)
    }

    fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        ChatStreamDecoder::finish(self)
    }
}

/// The body's pieces through `decoder`, then its end.
fn decoded(mut decoder: impl BodyDecoding, pieces: &[Vec<u8>]) -> Decoded {
    let mut events = Vec::new();
    for piece in pieces {
        match decoder.feed(piece) {
            Ok(more) => events.extend(more),
            Err(fault) => return (events, Some(fault)),
        }
    }
    match decoder.finish() {
        Ok(more) => {
            events.extend(more);
            (events, None)
        }
        Err(fault) => (events, Some(fault)),
    }
}

/// Each item through `decode` until the first fault.
fn each<T>(items: &[T], mut decode: impl FnMut(&T) -> Result<Vec<StreamEvent>, StreamFault>) -> Decoded {
    let mut events = Vec::new();
    for item in items {
        match decode(item) {
            Ok(more) => events.extend(more),
            Err(fault) => return (events, Some(fault)),
        }
    }
    (events, None)
}

/// Whole and split agree: the same fault, and the same events when there is none (a split
/// body may hand out events before the fault that a whole one never returns).
fn agree<T: PartialEq + std::fmt::Debug>(
    whole: &(Vec<T>, Option<StreamFault>),
    split: &(Vec<T>, Option<StreamFault>),
) -> Result<(), TestCaseError> {
    prop_assert_eq!(&whole.1, &split.1);
    if whole.1.is_none() {
        prop_assert_eq!(&whole.0, &split.0);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sse_decodes_the_same_however_the_body_is_split(body in body(sse_body()), cuts in vec(any::<prop::sample::Index>(), 0..8)) {
        prop_assert_eq!(sse(std::slice::from_ref(&body)), sse(&split(&body, &cuts)));
    }

    #[test]
    fn anthropic_stream_events_never_panic(body in sse_body(), names in vec(proptest::sample::select(WORDS), 0..8)) {
        let mut events = sse(&[body]);
        for (event, name) in events.iter_mut().zip(names) {
            event.event = Some(name.to_owned());
        }
        let mut decoder = AnthropicStreamDecoder::new();
        let _ = each(&events, |event| decoder.decode(event));
        let _ = decoder.is_complete();
    }

    #[test]
    fn anthropic_stream_takes_any_typed_json(values in vec(json(), 0..8)) {
        let events: Vec<SseEvent> = values
            .iter()
            .map(|value| SseEvent {
                event: value.get("type").and_then(Value::as_str).map(str::to_owned),
                data: value.to_string(),
                ..SseEvent::default()
            })
            .collect();
        let mut decoder = AnthropicStreamDecoder::new();
        let _ = each(&events, |event| decoder.decode(event));
    }

    #[test]
    fn eventstream_decodes_the_same_however_the_body_is_split(body in body(eventstream_body()), cuts in vec(any::<prop::sample::Index>(), 0..8)) {
        agree(&frames(std::slice::from_ref(&body)), &frames(&split(&body, &cuts)))?;
    }

    #[test]
    fn converse_and_invoke_decoders_take_any_frame(body in eventstream_body()) {
        let (frames, _) = frames(&[body]);
        let mut converse = ConverseStreamDecoder::new();
        let _ = each(&frames, |frame| converse.decode(frame));
        let mut invoke = InvokeStreamDecoder::new();
        let _ = each(&frames, |frame| invoke.decode(frame));
        let _ = (converse.is_complete(), invoke.is_complete());
    }

    #[test]
    fn gemini_decodes_the_same_however_the_body_is_split(body in body(sse_body()), cuts in vec(any::<prop::sample::Index>(), 0..8)) {
        let gemini = |pieces: &[Vec<u8>]| decoded(GeminiStreamDecoder::new(), pieces);
        agree(&gemini(std::slice::from_ref(&body)), &gemini(&split(&body, &cuts)))?;
    }

    #[test]
    fn openai_chat_decodes_the_same_however_the_body_is_split(
        body in prop_oneof![1 => vec(any::<u8>(), 0..600), 1 => sse_body(), 4 => chat_body()],
        cuts in vec(any::<prop::sample::Index>(), 0..8),
        choice in prop_oneof![3 => Just(0u32), 1 => 1u32..3],
    ) {
        // Stricter than `agree`: the decoder hands out the events before a fault first, so
        // even a faulted body gives the same events however it is split.
        let chat = |pieces: &[Vec<u8>]| decoded(ChatStreamDecoder::for_choice(choice), pieces);
        prop_assert_eq!(chat(std::slice::from_ref(&body)), chat(&split(&body, &cuts)));
    }
}
