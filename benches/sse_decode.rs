//! Throughput of the SSE decoder alone and with the Anthropic event decoder on top, over a
//! recorded-shape ~8 MB Anthropic stream, and of the Chat Completions decoder over a
//! recorded-shape ~8 MB OpenAI stream, each fed in 4 KiB chunks (what a socket read gives).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use routeplay::routes::framing::sse::{SseDecoder, SseEvent};
use routeplay::routes::wire::anthropic_stream::AnthropicStreamDecoder;
use routeplay::routes::wire::openai_chat::ChatStreamDecoder;

const TARGET_BYTES: usize = 8 * 1024 * 1024;
const CHUNK: usize = 4 * 1024;

const MESSAGE_START: &str = concat!(
    "event: message_start\n",
    r#"data: {"type":"message_start","message":{"id":"msg_019Q1hrJbZG26Fb9BQhrkHEr","#,
    r#""type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[],"#,
    r#""stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":377,"#,
    r#""cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1,"#,
    r#""service_tier":"standard"}}}"#,
    "\n\n",
    "event: content_block_start\n",
    r#"data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
    "\n\n",
);

/// Text pieces of the sizes the API streams, some with escapes and non-ASCII.
const PIECES: [&str; 6] = [
    "I'll check the current weather",
    " in Paris for you. It is",
    " usually mild in spring, with \\\"showers\\\"",
    "\\n\\n## Forecast\\n- Monday: 18 °C",
    ", partly cloudy — a light breeze",
    " from the west.",
];

const MESSAGE_END: &str = concat!(
    "event: content_block_stop\n",
    r#"data: {"type":"content_block_stop","index":0}"#,
    "\n\n",
    "event: message_delta\n",
    r#"data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"#,
    r#""usage":{"output_tokens":65000}}"#,
    "\n\n",
    "event: message_stop\n",
    r#"data: {"type":"message_stop"}"#,
    "\n\n",
);

/// A whole stream: start, text deltas (with an occasional ping) up to ~8 MB, end.
fn recorded_shape_stream() -> Vec<u8> {
    let mut body = String::with_capacity(TARGET_BYTES + 4096);
    body.push_str(MESSAGE_START);
    for (i, piece) in PIECES.iter().cycle().enumerate() {
        if body.len() >= TARGET_BYTES {
            break;
        }
        if i % 100 == 99 {
            body.push_str("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        }
        body.push_str("event: content_block_delta\n");
        body.push_str(r#"data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""#);
        body.push_str(piece);
        body.push_str("\"}}\n\n");
    }
    body.push_str(MESSAGE_END);
    body.into_bytes()
}

/// One content chunk as OpenAI streams it in 2026 (every chunk repeats the id, model, tier and
/// fingerprint, and carries `usage: null` and an `obfuscation` pad); `{}` is the piece.
const CHAT_CHUNK: [&str; 2] = [
    concat!(
        r#"data: {"id":"chatcmpl-Dx0XpqH8w09uBXwq1zFGYdETjtnEl","object":"chat.completion.chunk","#,
        r#""created":1782955817,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","#,
        r#""system_fingerprint":"fp_d0469e1700","choices":[{"index":0,"delta":{"content":""#,
    ),
    r#""},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"qfQVOwfh62oUst"}"#,
];

const CHAT_END: &str = concat!(
    r#"data: {"id":"chatcmpl-Dx0XpqH8w09uBXwq1zFGYdETjtnEl","object":"chat.completion.chunk","#,
    r#""created":1782955817,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","#,
    r#""system_fingerprint":"fp_d0469e1700","choices":[{"index":0,"delta":{},"logprobs":null,"#,
    r#""finish_reason":"stop"}],"usage":null,"obfuscation":"Xy"}"#,
    "\n\n",
    r#"data: {"id":"chatcmpl-Dx0XpqH8w09uBXwq1zFGYdETjtnEl","object":"chat.completion.chunk","#,
    r#""created":1782955817,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","#,
    r#""system_fingerprint":"fp_d0469e1700","choices":[],"usage":{"prompt_tokens":53,"#,
    r#""completion_tokens":65000,"total_tokens":65053}}"#,
    "\n\ndata: [DONE]\n\n",
);

/// A whole Chat Completions stream: content chunks up to ~8 MB, the finish, usage, `[DONE]`.
fn chat_stream() -> Vec<u8> {
    let mut body = String::with_capacity(TARGET_BYTES + 4096);
    for piece in PIECES.iter().cycle() {
        if body.len() >= TARGET_BYTES {
            break;
        }
        body.push_str(CHAT_CHUNK[0]);
        body.push_str(piece);
        body.push_str(CHAT_CHUNK[1]);
        body.push_str("\n\n");
    }
    body.push_str(CHAT_END);
    body.into_bytes()
}

/// Chat Completions decoding, framing included: returns the neutral event count.
fn chat_completions(body: &[u8]) -> usize {
    let mut decoder = ChatStreamDecoder::new();
    let mut count = 0;
    for chunk in body.chunks(CHUNK) {
        count += decoder.feed(chunk).expect("the synthetic stream decodes").len();
    }
    count += decoder.finish().expect("the synthetic stream decodes").len();
    assert!(decoder.is_complete(), "the synthetic stream ends with [DONE]");
    count
}

/// SSE only: returns the event count so the work cannot be optimised away.
fn sse_only(body: &[u8]) -> usize {
    let mut decoder = SseDecoder::new();
    let mut out: Vec<SseEvent> = Vec::new();
    let mut count = 0;
    for chunk in body.chunks(CHUNK) {
        decoder.feed(chunk, &mut out);
        count += out.len();
        out.clear();
    }
    decoder.finish(&mut out);
    count + out.len()
}

/// SSE and Anthropic decoding: returns the neutral event count.
fn sse_and_anthropic(body: &[u8]) -> usize {
    let mut sse = SseDecoder::new();
    let mut anthropic = AnthropicStreamDecoder::new();
    let mut out: Vec<SseEvent> = Vec::new();
    let mut count = 0;
    let mut decode = |events: &mut Vec<SseEvent>| {
        for event in events.drain(..) {
            count += anthropic.decode(&event).map_or(0, |decoded| decoded.len());
        }
    };
    for chunk in body.chunks(CHUNK) {
        sse.feed(chunk, &mut out);
        decode(&mut out);
    }
    sse.finish(&mut out);
    decode(&mut out);
    count
}

fn bench(c: &mut Criterion) {
    let body = recorded_shape_stream();
    let mut group = c.benchmark_group("sse_decode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(20);
    group.bench_function("sse_only_4k_chunks", |b| {
        b.iter(|| sse_only(black_box(&body)));
    });
    group.bench_function("sse_and_anthropic_4k_chunks", |b| {
        b.iter(|| sse_and_anthropic(black_box(&body)));
    });
    group.finish();

    let body = chat_stream();
    let mut group = c.benchmark_group("chat_decode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(20);
    group.bench_function("chat_completions_4k_chunks", |b| {
        b.iter(|| chat_completions(black_box(&body)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
