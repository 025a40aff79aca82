//! Conformance of the Chat Completions stream decoder against 15 streams recorded from live
//! servers (OpenAI, vLLM, `DeepSeek`, `OpenRouter`, Groq, Mistral, Snowflake; see
//! `openai-chat-streams/README.md` in the fixtures folder).
//!
//! Each `.sse` body is decoded whole, byte by byte, split in two at every byte (at 512 evenly
//! spaced points for those over 4 KiB, to bound the time), and with its LF line ends rewritten
//! to CRLF and CR; all must give the same events. The result must match the folder's
//! `expected.json` (computed from the bodies by its `compute_expected.py`): text, thinking,
//! refusal, tool calls, finish reason, usage and errors, for every choice of the n=3 stream.
//! How each body ends (`[DONE]`, `[DONE]` without a finish reason, or a fault) is also written
//! below by hand, and a file without that line fails the test, so none passes unchecked.
//!
//! Fixtures come from `$ROUTEPLAY_CONFORMANCE_DIR`, default `../shared/fixtures` next to the
//! crate. Without them the test prints `conformance-openai-chat: SKIPPED (...)` and passes,
//! unless `ROUTEPLAY_REQUIRE_CONFORMANCE=1` makes a missing folder a failure.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::path::Path;

use routeplay::routes::event::{StopReason, StreamEvent, Usage};
use routeplay::routes::wire::StreamFault;
use routeplay::routes::wire::openai_chat::ChatStreamDecoder;
use serde_json::Value;

const FIXTURE_FOLDER: &str = "openai-chat-streams";

/// Bodies up to this size are split in two at every byte...
const EVERY_BYTE_UP_TO: usize = 4096;
/// ...larger ones at this many evenly spaced points, to bound the time.
const SPLIT_POINTS: usize = 512;

/// How a recorded body ends.
#[derive(Debug, Clone, Copy)]
enum Ending {
    /// A finish reason, then `data: [DONE]`.
    Done,
    /// `data: [DONE]` with no finish reason anywhere: complete all the same.
    DoneWithoutFinishReason,
    /// A provider error: its type and the start of its message.
    Fault(&'static str, &'static str),
}

const STREAMS: [(&str, Ending); 15] = [
    ("deepseek_reasoner_reasoning_content.sse", Ending::Done),
    ("groq_gpt-oss_reasoning_error_event.sse", Ending::Fault("invalid_request_error", "Tool call validation failed")),
    ("groq_gpt-oss_tool_call.sse", Ending::Done),
    ("mistral_magistral_content_array.sse", Ending::Done),
    ("openai_gpt-4o-mini_tool_call.sse", Ending::Done),
    ("openai_gpt-4o_length.sse", Ending::Done),
    ("openai_gpt-4o_logprobs.sse", Ending::Done),
    ("openai_gpt-4o_n3_choices.sse", Ending::Done),
    ("openai_gpt-4o_parallel_tool_calls.sse", Ending::Done),
    ("openai_gpt-4o_refusal.sse", Ending::Done),
    ("openai_gpt-4o_text_usage.sse", Ending::Done),
    ("openrouter_claude_comments_reasoning.sse", Ending::Done),
    ("openrouter_minimax_comments_reasoning_length_error.sse", Ending::Fault("400", "Token limit reached")),
    ("snowflake_cortex_no_finish_reason.sse", Ending::DoneWithoutFinishReason),
    ("vllm_crusoe_llama-3.3_text_usage.sse", Ending::Done),
];

#[test]
fn openai_chat_fixtures() {
    let Some(dir) = fixtures::fixture_dir("conformance-openai-chat", FIXTURE_FOLDER) else { return };
    let expected: Value = serde_json::from_slice(&read(&dir.join("expected.json"))).expect("expected.json is JSON");
    let mut recorded: Vec<String> = fixtures::files(&dir)
        .iter()
        .filter(|path| path.extension().is_some_and(|extension| extension == "sse"))
        .filter_map(|path| path.file_name()?.to_str().map(str::to_owned))
        .collect();
    recorded.sort();
    let listed: Vec<&str> = STREAMS.iter().map(|(name, _)| *name).collect();
    assert_eq!(recorded, listed, "the recorded streams under {}", dir.display());
    for (name, ending) in STREAMS {
        let facts = &expected[name];
        assert!(facts.is_object(), "{name}: not in expected.json");
        check_stream(name, ending, &read(&dir.join(name)), facts);
    }
    eprintln!("conformance-openai-chat: ran {} streams", STREAMS.len());
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

/// What decoding a body gave.
#[derive(Debug, PartialEq)]
struct Outcome {
    events: Vec<StreamEvent>,
    fault: Option<StreamFault>,
    complete: bool,
}

fn decode<'a>(choice: u32, chunks: impl IntoIterator<Item = &'a [u8]>) -> Outcome {
    let mut decoder = ChatStreamDecoder::for_choice(choice);
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

/// Decode `body` every way, check the results agree, and return the one outcome.
fn decode_every_way(label: &str, choice: u32, body: &[u8]) -> Outcome {
    let whole = decode(choice, [body]);
    assert_eq!(decode(choice, body.chunks(1)), whole, "{label}: byte by byte");
    let stride = if body.len() <= EVERY_BYTE_UP_TO { 1 } else { body.len().div_ceil(SPLIT_POINTS) };
    for cut in (0..=body.len()).step_by(stride) {
        let (head, tail) = body.split_at(cut);
        assert_eq!(decode(choice, [head, tail]), whole, "{label}: split at {cut}");
    }
    // The recordings use LF only, and JSON escapes CR and LF inside strings.
    for end in ["\r\n", "\r"] {
        let rewritten = String::from_utf8_lossy(body).replace('\n', end);
        let rewritten = rewritten.as_bytes();
        assert_eq!(decode(choice, [rewritten]), whole, "{label}: line ends {end:?}");
        assert_eq!(decode(choice, rewritten.chunks(1)), whole, "{label}: line ends {end:?}, byte by byte");
    }
    whole
}

/// The events folded the way the app folds them.
#[derive(Default)]
struct Folded {
    text: String,
    thinking: String,
    tools: Vec<(String, String, String)>,
    usage: Usage,
    stops: Vec<StopReason>,
    metadata: Vec<Metadata>,
    served: Vec<String>,
    done: usize,
}

fn fold(label: &str, events: &[StreamEvent]) -> Folded {
    let mut folded = Folded::default();
    for event in events {
        match event.clone() {
            StreamEvent::Metadata { message_id, model } => folded.metadata.push((message_id, model)),
            StreamEvent::TextDelta(text) => folded.text.push_str(&text),
            StreamEvent::ThinkingDelta(text) => folded.thinking.push_str(&text),
            StreamEvent::ToolUseStart { id, name } => folded.tools.push((id, name, String::new())),
            StreamEvent::ToolInputDelta(json) => {
                folded.tools.last_mut().expect("input after a tool start").2.push_str(&json);
            }
            StreamEvent::Usage(usage) => folded.usage.merge(usage),
            StreamEvent::StopReason(reason) => folded.stops.push(reason),
            StreamEvent::Served { service_tier, latency } => {
                assert_eq!(latency, None, "{label}: Chat Completions reports no latency mode");
                folded.served.push(service_tier.expect("a tier"));
            }
            StreamEvent::Done => folded.done += 1,
            other => panic!("{label}: the Chat Completions wire has no {other:?}"),
        }
    }
    folded
}

fn check_stream(name: &str, ending: Ending, body: &[u8], facts: &Value) {
    let choices = facts["choices"].as_object().unwrap_or_else(|| panic!("{name}: no choices in expected.json"));
    assert!(!choices.is_empty(), "{name}: no choices");
    for (index, expected) in choices {
        let choice: u32 = index.parse().expect("a choice index");
        let label = format!("{name} choice {choice}");
        let outcome = decode_every_way(&label, choice, body);
        let folded = fold(&label, &outcome.events);
        check_ending(&label, ending, &outcome, &folded, facts, expected);
        check_choice(&label, &folded, expected);
        check_usage(&label, &folded, &facts["usage"]);
        let (metadata, served) = oracle(body);
        assert_eq!(folded.metadata, Vec::from_iter(metadata), "{label}: metadata once, from the first chunk");
        assert_eq!(folded.served, served, "{label}: the tier served, once");
    }
}

fn check_ending(label: &str, ending: Ending, outcome: &Outcome, folded: &Folded, facts: &Value, choice: &Value) {
    let finished = !choice["finish_reason"].is_null();
    match (ending, &outcome.fault) {
        (Ending::Done | Ending::DoneWithoutFinishReason, None) => {
            assert_eq!(facts["done"], true, "{label}: expected.json says the body has no [DONE]");
            assert_eq!(finished, matches!(ending, Ending::Done), "{label}: finish reason");
            assert!(outcome.complete, "{label}: not complete");
            assert_eq!(outcome.events.last(), Some(&StreamEvent::Done), "{label}: Done is not last");
            assert_eq!(folded.done, 1, "{label}: Done once");
        }
        (Ending::Fault(error_type, message), Some(StreamFault::Provider { error_type: got_type, message: got })) => {
            let recorded = &facts["errors"][0]["error"];
            let recorded_type = recorded["type"].as_str().map_or_else(|| recorded["code"].to_string(), str::to_owned);
            assert_eq!(got_type, error_type, "{label}: error type");
            assert_eq!(got_type, &recorded_type, "{label}: error type in expected.json");
            assert!(got.starts_with(message), "{label}: message {got:?}");
            assert_eq!(Some(got.as_str()), recorded["message"].as_str(), "{label}: the whole message");
            assert_eq!(folded.done, 0, "{label}: Done after a fault");
            // Complete only if the finish reason came before the error (a cut stream has none).
            assert_eq!(outcome.complete, finished, "{label}: complete");
        }
        (ending, fault) => panic!("{label}: expected {ending:?}, got fault {fault:?}"),
    }
}

fn check_choice(label: &str, folded: &Folded, expected: &Value) {
    let text_of = |key: &str| expected[key].as_str().unwrap_or_default();
    let refusal = text_of("refusal");
    assert_eq!(folded.text, format!("{}{refusal}", text_of("content")), "{label}: text (content, then refusal)");
    let thinking = format!("{}{}{}", text_of("thinking"), text_of("reasoning_content"), text_of("reasoning"));
    assert_eq!(folded.thinking, thinking, "{label}: thinking");

    let tools: Vec<(String, String, String)> = expected["tool_calls"]
        .as_array()
        .map(|calls| {
            calls
                .iter()
                .map(|call| {
                    let field = |key: &str| call[key].as_str().expect("a tool call field").to_owned();
                    (field("id"), field("name"), field("arguments"))
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(folded.tools, tools, "{label}: tool calls");

    let stop = expected["finish_reason"].as_str().map(|reason| match reason {
        "stop" if !refusal.is_empty() => StopReason::Refusal,
        "stop" => StopReason::EndTurn,
        "length" => StopReason::MaxTokens,
        "tool_calls" => StopReason::ToolUse,
        other => panic!("{label}: a finish reason this test does not know: {other}"),
    });
    assert_eq!(folded.stops.last(), stop.as_ref(), "{label}: stop reason");
    assert!(folded.stops.len() <= 1, "{label}: a repeated finish reason is reported once: {:?}", folded.stops);
}

fn check_usage(label: &str, folded: &Folded, usage: &Value) {
    let count = |path: &[&str]| path.iter().fold(usage, |value, key| &value[*key]).as_u64();
    let expected = Usage {
        input_tokens: count(&["prompt_tokens"]),
        output_tokens: count(&["completion_tokens"]),
        cache_read_tokens: count(&["prompt_tokens_details", "cached_tokens"]),
        cache_write_tokens: None,
        thinking_tokens: count(&["completion_tokens_details", "reasoning_tokens"]),
    };
    assert_eq!(folded.usage, expected, "{label}: usage is the last one sent");
    if let (Some(input), Some(output), Some(total)) =
        (expected.input_tokens, expected.output_tokens, count(&["total_tokens"]))
    {
        assert_eq!(input + output, total, "{label}: prompt and completion make the total");
    }
}

/// A `Metadata` event's id and model.
type Metadata = (Option<String>, Option<String>);

/// What the `data:` lines before `[DONE]` or an error say, read with plain `serde_json` as a
/// second opinion: the first non-empty id and model, and each service tier that differs from
/// the one before.
fn oracle(body: &[u8]) -> (Option<Metadata>, Vec<String>) {
    let (mut metadata, mut served) = (None, Vec::<String>::new());
    let body = String::from_utf8_lossy(body);
    for data in body.lines().filter_map(|line| line.strip_prefix("data: ")) {
        let Ok(chunk) = serde_json::from_str::<Value>(data) else { break };
        let field = |key: &str| chunk[key].as_str().filter(|value| !value.is_empty()).map(str::to_owned);
        let (id, model) = (field("id"), field("model"));
        if metadata.is_none() && (id.is_some() || model.is_some()) {
            metadata = Some((id, model));
        }
        if chunk.get("error").is_some() {
            break;
        }
        if let Some(tier) = field("service_tier").filter(|tier| served.last() != Some(tier)) {
            served.push(tier);
        }
    }
    (metadata, served)
}
