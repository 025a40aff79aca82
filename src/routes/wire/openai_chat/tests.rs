//! `ChatStreamDecoder` through its public API, on small hand-written bodies.

use super::ChatStreamDecoder;
use crate::routes::event::{StopReason, StreamEvent, Usage};
use crate::routes::framing::sse::MAX_EVENT_BYTES;
use crate::routes::wire::StreamFault;

mod tool_calls;

/// What a body gave: every event, the fault that ended it, and whether it was complete.
#[derive(Debug, PartialEq)]
struct Outcome {
    events: Vec<StreamEvent>,
    fault: Option<StreamFault>,
    complete: bool,
}

fn decode_with(mut decoder: ChatStreamDecoder, chunks: &[&[u8]]) -> Outcome {
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

fn decode(chunks: &[&[u8]]) -> Outcome {
    decode_with(ChatStreamDecoder::new(), chunks)
}

fn decode_ok(body: &str) -> Vec<StreamEvent> {
    let outcome = decode(&[body.as_bytes()]);
    assert_eq!(outcome.fault, None, "unexpected fault");
    outcome.events
}

/// A `data:` event holding a chunk of choice 0 with `delta` and `rest` after it.
fn delta(delta: &str, rest: &str) -> String {
    format!("data: {{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{delta}{rest}}}]}}\n\n")
}

fn finish(reason: &str) -> String {
    delta("{}", &format!(",\"finish_reason\":\"{reason}\""))
}

const DONE: &str = "data: [DONE]\n\n";

fn text(value: &str) -> StreamEvent {
    StreamEvent::TextDelta(value.into())
}

fn thinking(value: &str) -> StreamEvent {
    StreamEvent::ThinkingDelta(value.into())
}

fn metadata() -> StreamEvent {
    StreamEvent::Metadata { message_id: Some("c1".into()), model: Some("m".into()) }
}

fn stop(reason: StopReason) -> StreamEvent {
    StreamEvent::StopReason(reason)
}

fn provider(error_type: &str, message: &str) -> StreamFault {
    StreamFault::Provider { error_type: error_type.into(), message: message.into() }
}

/// A stream with every event kind the wire has.
fn full_stream() -> String {
    [
        "data: {\"id\":\"c1\",\"model\":\"m\",\"service_tier\":\"default\",\"choices\":[{\"index\":0,\
         \"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning_content\":\"Hm\"},\"finish_reason\":null}],\
         \"usage\":null}\n\n",
        &delta("{\"content\":\"Caf\u{e9} \"}", ""),
        &delta("{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"so\"}]}]}", ""),
        &delta(
            "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\
             \"function\":{\"name\":\"get\",\"arguments\":\"\"}}]}",
            "",
        ),
        &delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":\"}}]}", ""),
        &delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]}", ""),
        &finish("tool_calls"),
        "data: {\"id\":\"c1\",\"model\":\"m\",\"service_tier\":\"default\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\
         \"completion_tokens\":7,\"total_tokens\":16,\"prompt_tokens_details\":{\"cached_tokens\":4},\
         \"completion_tokens_details\":{\"reasoning_tokens\":3}}}\n\n",
        DONE,
    ]
    .concat()
}

fn full_stream_events() -> Vec<StreamEvent> {
    let usage = Usage {
        input_tokens: Some(9),
        output_tokens: Some(7),
        cache_read_tokens: Some(4),
        cache_write_tokens: None,
        thinking_tokens: Some(3),
    };
    vec![
        metadata(),
        thinking("Hm"),
        StreamEvent::Served { service_tier: Some("default".into()), latency: None },
        text("Caf\u{e9} "),
        thinking("so"),
        StreamEvent::ToolUseStart { id: "call_1".into(), name: "get".into() },
        StreamEvent::ToolInputDelta("{\"a\":".into()),
        StreamEvent::ToolInputDelta("1}".into()),
        stop(StopReason::ToolUse),
        StreamEvent::Usage(usage),
        StreamEvent::Done,
    ]
}

#[test]
fn every_event_kind() {
    assert_eq!(decode_ok(&full_stream()), full_stream_events());
}

#[test]
fn every_byte_split_gives_the_same_events() {
    let body = full_stream();
    let body = body.as_bytes();
    let whole = decode(&[body]);
    assert_eq!(whole.events, full_stream_events());
    for cut in 0..=body.len() {
        assert_eq!(decode(&[&body[..cut], &body[cut..]]), whole, "split at {cut}");
    }
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(decode(&bytes), whole, "byte by byte");
}

#[test]
fn crlf_and_keep_alive_comments_change_nothing() {
    let body = full_stream();
    let crlf = body.replace('\n', "\r\n");
    assert_eq!(decode_ok(&crlf), full_stream_events());
    let kept_alive = body.replace("data: ", ": keep-alive\n\ndata: ");
    assert_eq!(decode_ok(&format!(": OPENROUTER PROCESSING\n\n{kept_alive}")), full_stream_events());
}

#[test]
fn done_completes_and_everything_after_it_is_ignored() {
    let body = format!(
        "{}{DONE}{}data: not json\n\nevent: error\ndata: x\n\n",
        delta("{\"content\":\"a\"}", ""),
        delta("{\"content\":\"b\"}", "")
    );
    let outcome = decode(&[body.as_bytes()]);
    assert_eq!(
        outcome,
        Outcome { events: vec![metadata(), text("a"), StreamEvent::Done], fault: None, complete: true }
    );
}

#[test]
fn a_stream_without_finish_reason_is_complete_by_done_alone() {
    let body = format!("{}{DONE}", delta("{\"content\":\"4\"}", ""));
    let outcome = decode(&[body.as_bytes()]);
    assert!(outcome.complete);
    assert_eq!(outcome.events, [metadata(), text("4"), StreamEvent::Done]);
}

#[test]
fn a_finish_reason_without_done_is_complete_and_finish_adds_done_once() {
    let mut decoder = ChatStreamDecoder::new();
    let events = decoder.feed(format!("{}{}", delta("{\"content\":\"a\"}", ""), finish("stop")).as_bytes());
    assert_eq!(events, Ok(vec![metadata(), text("a"), stop(StopReason::EndTurn)]));
    assert!(decoder.is_complete());
    assert_eq!(decoder.finish(), Ok(vec![StreamEvent::Done]));
    assert_eq!(decoder.finish(), Ok(vec![]));
}

#[test]
fn neither_done_nor_finish_reason_is_a_cut_stream() {
    let body = delta("{\"content\":\"a\"}", "");
    let outcome = decode(&[body.as_bytes()]);
    assert_eq!(outcome, Outcome { events: vec![metadata(), text("a")], fault: None, complete: false });
    let unterminated = body.trim_end();
    assert_eq!(decode(&[unterminated.as_bytes()]), outcome, "the last event flushed at the end");
}

#[test]
fn usage_after_the_finish_reason_is_still_decoded() {
    let usage_chunk = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}\n\n";
    let events = decode_ok(&format!("{}{usage_chunk}", finish("length")));
    let usage = Usage { input_tokens: Some(3), output_tokens: Some(1), ..Usage::default() };
    assert_eq!(events, [metadata(), stop(StopReason::MaxTokens), StreamEvent::Usage(usage), StreamEvent::Done]);
}

#[test]
fn an_error_chunk_keeps_the_partial_text_and_its_usage() {
    let error = "data: {\"error\":{\"code\":400,\"message\":\"Token limit reached\"},\"choices\":[{\"index\":0,\
        \"delta\":{\"content\":\"lost\"}}],\"usage\":{\"prompt_tokens\":43,\"completion_tokens\":10}}\n\n";
    let body = format!("{}{error}{DONE}", delta("{\"content\":\"kept\"}", ""));
    let usage = Usage { input_tokens: Some(43), output_tokens: Some(10), ..Usage::default() };
    let expected = Outcome {
        events: vec![metadata(), text("kept"), StreamEvent::Usage(usage)],
        fault: Some(provider("400", "Token limit reached")),
        complete: false,
    };
    let mut decoder = ChatStreamDecoder::new();
    assert_eq!(decoder.feed(body.as_bytes()), Ok(expected.events.clone()), "events first");
    assert_eq!(decoder.feed(b""), Err(provider("400", "Token limit reached")), "the fault next");
    assert_eq!(decoder.finish(), Err(provider("400", "Token limit reached")), "and again");
    assert_eq!(decode(&[body.as_bytes()]), expected);
    let bare = "data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\",\"code\":null}}\n\n";
    assert_eq!(decode(&[bare.as_bytes()]).fault, Some(provider("server_error", "Overloaded")));
}

#[test]
fn an_error_event_ends_the_stream_with_the_text_so_far() {
    let body = format!(
        "{}event: error\ndata: {{\"error\":{{\"message\":\"Tool call validation failed\",\
         \"type\":\"invalid_request_error\",\"code\":\"tool_use_failed\"}}}}\n\n",
        delta("{\"reasoning\":\"We\"}", "")
    );
    let outcome = decode(&[body.as_bytes()]);
    assert_eq!(
        outcome,
        Outcome {
            events: vec![metadata(), thinking("We")],
            fault: Some(provider("invalid_request_error", "Tool call validation failed")),
            complete: false,
        }
    );
}

#[test]
fn data_that_is_not_json_is_malformed_and_quoted_briefly() {
    let body = format!("{}data: {}\n\n", delta("{\"content\":\"a\"}", ""), "x".repeat(500));
    let outcome = decode(&[body.as_bytes()]);
    assert_eq!(outcome.events, [metadata(), text("a")]);
    let Some(StreamFault::Malformed { detail }) = outcome.fault else { panic!("{:?}", outcome.fault) };
    assert!(detail.starts_with("Chat Completions chunk: expected value"), "{detail}");
    assert!(detail.ends_with(&format!("data: {}…", "x".repeat(200))), "{detail}");
}

#[test]
fn an_sse_line_past_its_limit_is_a_fault_after_the_events_before_it() {
    let mut decoder = ChatStreamDecoder::new();
    let first = delta("{\"content\":\"a\"}", "");
    let mut body = first.into_bytes();
    body.extend(std::iter::repeat_n(b'x', MAX_EVENT_BYTES + 1));
    assert_eq!(decoder.feed(&body), Ok(vec![metadata(), text("a")]));
    let Err(StreamFault::Framing { detail }) = decoder.feed(b"\n\n") else { panic!("no framing fault") };
    assert!(detail.starts_with("an SSE line passed 16 MiB"), "{detail}");
    assert!(decoder.finish().is_err());
}

#[test]
fn reasoning_is_read_once_and_reasoning_details_not_at_all() {
    let both = delta("{\"reasoning_content\":\"A\",\"reasoning\":\"A\"}", "");
    let details = delta(
        "{\"content\":\"\",\"reasoning\":\"B\",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"B\"}]}",
        "",
    );
    let empty_content = delta("{\"reasoning_content\":\"\",\"reasoning\":\"C\"}", "");
    let events = decode_ok(&format!("{both}{details}{empty_content}{DONE}"));
    assert_eq!(events, [metadata(), thinking("A"), thinking("B"), thinking("C"), StreamEvent::Done]);
}

#[test]
fn refusal_is_text_and_makes_stop_a_refusal() {
    let body = [
        delta("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}", ""),
        delta("{\"refusal\":\"I can't\"}", ""),
        finish("stop"),
    ]
    .concat();
    assert_eq!(decode_ok(&body), [metadata(), text("I can't"), stop(StopReason::Refusal), StreamEvent::Done]);
    let filtered = decode_ok(&format!("{}{DONE}", finish("content_filter")));
    assert_eq!(filtered, [metadata(), stop(StopReason::Refusal), StreamEvent::Done]);
}

#[test]
fn a_repeated_finish_reason_is_reported_once_and_an_empty_one_not_at_all() {
    let body = [finish(""), finish("length"), finish("length"), finish("eos")].concat();
    assert_eq!(
        decode_ok(&body),
        [metadata(), stop(StopReason::MaxTokens), stop(StopReason::Other("eos".into())), StreamEvent::Done]
    );
    let outcome = decode(&[finish("").as_bytes()]);
    assert!(!outcome.complete, "an empty finish reason finishes nothing");
}

#[test]
fn metadata_comes_from_the_first_chunk_naming_an_id_or_model() {
    let body = "data: {\"id\":\"\",\"model\":\"\",\"choices\":[]}\n\n\
        data: {\"id\":\"\",\"model\":\"claude\",\"choices\":[]}\n\n\
        data: {\"id\":\"c2\",\"model\":\"other\",\"choices\":[]}\n\n";
    let events = decode_ok(&format!("{body}{DONE}"));
    assert_eq!(events, [StreamEvent::Metadata { message_id: None, model: Some("claude".into()) }, StreamEvent::Done]);
}

#[test]
fn the_service_tier_is_reported_when_it_changes() {
    let tier = |tier: &str| format!("data: {{\"service_tier\":\"{tier}\",\"choices\":[]}}\n\n");
    let events = decode_ok(&[tier(""), tier("default"), tier("default"), tier("flex"), DONE.to_owned()].concat());
    let served = |tier: &str| StreamEvent::Served { service_tier: Some(tier.into()), latency: None };
    assert_eq!(events, [served("default"), served("flex"), StreamEvent::Done]);
}

#[test]
fn only_the_chosen_choice_is_read() {
    let body = "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"one\"}},\
        {\"index\":0,\"delta\":{\"content\":\"zero\"}}]}\n\n\
        data: {\"choices\":[{\"index\":1,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    let zero = decode(&[body.as_bytes()]);
    assert_eq!(zero, Outcome { events: vec![text("zero")], fault: None, complete: false });
    let one = decode_with(ChatStreamDecoder::for_choice(1), &[body.as_bytes()]);
    let events = vec![text("one"), stop(StopReason::EndTurn), StreamEvent::Done];
    assert_eq!(one, Outcome { events, fault: None, complete: true });
}

#[test]
fn wrong_types_and_empty_events_are_told_apart() {
    let outcome = decode(&[b"data: {\"choices\":[{\"delta\":{\"content\":7}}]}\n\n"]);
    let Some(StreamFault::Malformed { detail }) = outcome.fault else { panic!("{:?}", outcome.fault) };
    assert!(detail.contains("a string or an array of content parts"), "{detail}");
    let pings = "event: ping\n\ndata:\n\ndata: {}\n\ndata: {\"choices\":null,\"usage\":null,\"error\":null}\n\n";
    assert_eq!(decode_ok(&format!("{pings}{DONE}")), [StreamEvent::Done]);
}
