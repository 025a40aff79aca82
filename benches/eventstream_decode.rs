//! Throughput of the AWS event-stream decoder alone and with the InvokeModelWithResponseStream
//! decoder on top, over a ~8 MB Bedrock-shaped stream of `chunk` frames fed in 4 KiB chunks
//! (what a socket read gives).

use std::hint::black_box;

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use routeplay::routes::framing::eventstream::{EventStreamDecoder, Frame};
use routeplay::routes::wire::bedrock_invoke::InvokeStreamDecoder;

const TARGET_BYTES: usize = 8 * 1024 * 1024;
const CHUNK: usize = 4 * 1024;

const MESSAGE_START: &str = concat!(
    r#"{"type":"message_start","message":{"model":"claude-sonnet-4-5-20250929","#,
    r#""id":"msg_bdrk_012GBPzpcoMCLP1b2pcJsSHk","type":"message","role":"assistant","content":[],"#,
    r#""stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":377,"#,
    r#""cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"#
);

const BLOCK_START: &str = r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#;

/// Text pieces of the sizes the API streams, some with escapes and non-ASCII.
const PIECES: [&str; 6] = [
    "I'll check the current weather",
    " in Paris for you. It is",
    " usually mild in spring, with \\\"showers\\\"",
    "\\n\\n## Forecast\\n- Monday: 18 °C",
    ", partly cloudy — a light breeze",
    " from the west.",
];

const MESSAGE_END: [&str; 3] = [
    r#"{"type":"content_block_stop","index":0}"#,
    r#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":65000}}"#,
    concat!(
        r#"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":377,"#,
        r#""outputTokenCount":65000,"invocationLatency":91798,"firstByteLatency":507}}"#
    ),
];

/// One `chunk` frame as Bedrock sends it: the event base64'd, plus padding of varying length.
fn chunk_frame(event: &str, padding: usize, out: &mut Vec<u8>) {
    let payload =
        format!(r#"{{"bytes":"{}","p":"{}"}}"#, STANDARD.encode(event), &"abcdefghijklmnopqrstuvwxyz"[..padding]);
    let message = Message::new(payload)
        .add_header(Header::new(":event-type", HeaderValue::String("chunk".into())))
        .add_header(Header::new(":content-type", HeaderValue::String("application/json".into())))
        .add_header(Header::new(":message-type", HeaderValue::String("event".into())));
    write_message_to(&message, out).expect("encodes");
}

/// A whole stream: start, text deltas up to ~8 MB, end.
fn bedrock_shape_stream() -> Vec<u8> {
    let mut body = Vec::with_capacity(TARGET_BYTES + 4096);
    chunk_frame(MESSAGE_START, 18, &mut body);
    chunk_frame(BLOCK_START, 25, &mut body);
    for (i, piece) in PIECES.iter().cycle().enumerate() {
        if body.len() >= TARGET_BYTES {
            break;
        }
        let delta =
            format!(r#"{{"type":"content_block_delta","index":0,"delta":{{"type":"text_delta","text":"{piece}"}}}}"#);
        chunk_frame(&delta, i % 27, &mut body);
    }
    for (i, event) in MESSAGE_END.iter().enumerate() {
        chunk_frame(event, i, &mut body);
    }
    body
}

/// Framing only: returns the frame count so the work cannot be optimised away.
fn framing_only(body: &[u8]) -> usize {
    let mut decoder = EventStreamDecoder::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut count = 0;
    for chunk in body.chunks(CHUNK) {
        decoder.feed(chunk, &mut frames).expect("decodes");
        count += frames.len();
        frames.clear();
    }
    decoder.finish().expect("ends on a frame boundary");
    count
}

/// Framing and invoke decoding: returns the neutral event count.
fn framing_and_invoke(body: &[u8]) -> usize {
    let mut decoder = EventStreamDecoder::new();
    let mut invoke = InvokeStreamDecoder::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut count = 0;
    for chunk in body.chunks(CHUNK) {
        decoder.feed(chunk, &mut frames).expect("decodes");
        for frame in frames.drain(..) {
            count += invoke.decode(&frame).expect("decodes").len();
        }
    }
    decoder.finish().expect("ends on a frame boundary");
    assert!(invoke.is_complete());
    count
}

fn bench(c: &mut Criterion) {
    let body = bedrock_shape_stream();
    let mut group = c.benchmark_group("eventstream_decode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(20);
    group.bench_function("framing_only_4k_chunks", |b| {
        b.iter(|| framing_only(black_box(&body)));
    });
    group.bench_function("framing_and_invoke_4k_chunks", |b| {
        b.iter(|| framing_and_invoke(black_box(&body)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
