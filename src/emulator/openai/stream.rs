//! The `chat.completion.chunk` stream: `data: {…}` events, a first chunk with
//! `delta.role: "assistant"`, one chunk per token (`delta.content`, `delta.reasoning_content`
//! for thinking, `delta.tool_calls` with the call's `id` and name first, then its `arguments` in
//! pieces), a finish chunk (`finish_reason`, empty `delta`), the usage chunk (`choices: []`)
//! when `stream_options.include_usage` asked for it (the other chunks then say `usage: null`,
//! as OpenAI's do), then `data: [DONE]`.
//!
//! The stream faults of this wire: `error-mid-stream` is a `data: {"error":…}` event,
//! `model-stream-error` an `event: error` one, both ending the body without `[DONE]`; and the
//! extras of [`super::faults::Extra`] (the `crlf` one wraps this encoder).

use super::faults::Extra;
use super::shape::{self, Function, Head, ToolCall, Usage, UsageField};
use crate::emulator::drive::Encoder;
use crate::emulator::plan::{Block, BlockKind, Plan};
use bytes::Bytes;
use serde::Serialize;

/// How many deltas `no-finish` sends before the body ends.
const DELTAS_BEFORE_END: usize = 3;

/// Encodes one response.
#[derive(Debug)]
pub struct ChunkStream {
    head: Head,
    include_usage: bool,
    extra: Option<Extra>,
    /// The JSON of the in-band error, in the surface's shape.
    error: String,
    deltas: usize,
}

/// A chunk's one choice, fields in OpenAI's order.
#[derive(Debug, Serialize)]
struct StreamChoice<'d, 'a> {
    index: u32,
    delta: &'d Delta<'a>,
    /// Always `null`.
    logprobs: (),
    finish_reason: Option<&'static str>,
}

/// What a chunk adds; fields left out when empty.
#[derive(Debug, Default, Serialize)]
struct Delta<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reasoning_content: Option<&'a str>,
    /// `Some(())`: `"refusal": null`, as the first chunk says.
    #[serde(skip_serializing_if = "Option::is_none")]
    refusal: Option<()>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tool_calls: Option<[ToolDelta<'a>; 1]>,
}

/// A tool call's piece: the first names it, the rest carry `arguments`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum ToolDelta<'a> {
    Start(ToolCall<'a>),
    Arguments { index: u32, function: Arguments<'a> },
}

#[derive(Debug, Serialize)]
struct Arguments<'a> {
    arguments: &'a str,
}

impl ChunkStream {
    pub fn new(head: Head, include_usage: bool, extra: Option<Extra>, error: String) -> Self {
        Self { head, include_usage, extra, error, deltas: 0 }
    }

    /// `no-finish` ends the body after a few deltas: nothing more is sent.
    fn ended(&self) -> bool {
        self.extra == Some(Extra::NoFinish) && self.deltas >= DELTAS_BEFORE_END
    }

    /// One `data:` event, after a keep-alive comment if asked.
    fn event(&self, data: &str) -> String {
        self.named_event("", data)
    }

    /// An event with `event: NAME` before its data (`name` empty: none).
    fn named_event(&self, name: &str, data: &str) -> String {
        let comment = if self.extra == Some(Extra::KeepAlive) { ": keep-alive\n\n" } else { "" };
        let name = if name.is_empty() { String::new() } else { format!("event: {name}\n") };
        format!("{comment}{name}data: {data}\n\n")
    }

    /// A chunk whose only choice has `delta` and `finish_reason`.
    fn chunk(&self, delta: &Delta<'_>, finish_reason: Option<&'static str>) -> Bytes {
        let choice = StreamChoice { index: 0, delta, logprobs: (), finish_reason };
        let usage = self.include_usage.then_some(UsageField::Null);
        Bytes::from(self.event(&self.head.object("chat.completion.chunk", [choice], usage).json()))
    }
}

impl Encoder for ChunkStream {
    fn start(&mut self) -> Bytes {
        self.chunk(&Delta { role: Some("assistant"), content: Some(""), refusal: Some(()), ..Delta::default() }, None)
    }

    fn block_start(&mut self, _index: usize, block: &Block) -> Bytes {
        let BlockKind::ToolUse { id, name } = &block.kind else { return Bytes::new() };
        if self.ended() {
            return Bytes::new();
        }
        let function = Function { name, arguments: "" };
        let call = ToolCall { index: Some(0), id: shape::call_id(id), kind: "function", function };
        self.chunk(&Delta { tool_calls: Some([ToolDelta::Start(call)]), ..Delta::default() }, None)
    }

    fn delta(&mut self, _index: usize, block: &Block, piece: &str) -> Bytes {
        if self.ended() {
            return Bytes::new();
        }
        self.deltas += 1;
        let delta = match &block.kind {
            BlockKind::Text => Delta { content: Some(piece), ..Delta::default() },
            BlockKind::Thinking { .. } => Delta { reasoning_content: Some(piece), ..Delta::default() },
            BlockKind::ToolUse { .. } => {
                let arguments = ToolDelta::Arguments { index: 0, function: Arguments { arguments: piece } };
                Delta { tool_calls: Some([arguments]), ..Delta::default() }
            }
        };
        self.chunk(&delta, None)
    }

    fn block_stop(&mut self, _index: usize, _block: &Block) -> Bytes {
        Bytes::new()
    }

    fn finish(&mut self, plan: &Plan) -> Bytes {
        if self.ended() {
            return Bytes::new();
        }
        let mut out = self.chunk(&Delta::default(), Some(shape::finish_reason(&plan.stop))).to_vec();
        if self.include_usage {
            let usage = Some(UsageField::Counts(Usage::of(&self.head, plan)));
            let no_choices: [(); 0] = [];
            out.extend(self.event(&self.head.object("chat.completion.chunk", no_choices, usage).json()).bytes());
        }
        if self.extra != Some(Extra::NoDone) {
            out.extend(self.event("[DONE]").bytes());
        }
        Bytes::from(out)
    }

    fn error(&mut self) -> Bytes {
        Bytes::from(self.event(&self.error))
    }

    fn model_error(&mut self) -> Bytes {
        Bytes::from(self.named_event("error", &self.error))
    }

    fn malformed(&mut self) -> Bytes {
        let cut_short = format!(
            r#"{{"id":"{}","object":"chat.completion.chunk","choices":[{{"index":0,"delta":{{"content":"#,
            self.head.id
        );
        Bytes::from(self.event(&cut_short))
    }

    /// No checksums on this wire: a harmless comment.
    fn corrupt(&mut self) -> Bytes {
        Bytes::from_static(b": ping\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::plan::Stop;
    use crate::emulator::turn::CacheUse;

    fn head() -> Head {
        Head {
            id: "chatcmpl-1".into(),
            created: 7,
            model: "m".into(),
            system_fingerprint: Some("fp_1".into()),
            service_tier: Some("default".into()),
            prompt_tokens: 3,
            cache: CacheUse { read: 2, write: 0 },
        }
    }

    #[test]
    fn chunks_in_openai_field_order() {
        let mut stream = ChunkStream::new(head(), true, None, String::new());
        let top = r#"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":7,"model":"m","service_tier":"default","system_fingerprint":"fp_1","choices":"#;
        assert_eq!(
            stream.start(),
            format!(
                r#"data: {top}[{{"index":0,"delta":{{"role":"assistant","content":"","refusal":null}},"logprobs":null,"finish_reason":null}}],"usage":null}}"#
            ) + "\n\n"
        );
        let plan = Plan { blocks: Vec::new(), stop: Stop::MaxTokens, output_tokens: 4, thinking_tokens: Some(1) };
        let finish = String::from_utf8(stream.finish(&plan).to_vec()).expect("utf-8");
        let usage = r#""usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":1}}"#;
        assert!(finish.contains(r#""delta":{},"logprobs":null,"finish_reason":"length"}],"usage":null}"#), "{finish}");
        assert!(finish.contains(&format!(r#""choices":[],{usage}}}"#)), "{finish}");
        assert!(finish.ends_with("\n\ndata: [DONE]\n\n"));
        let mut keep_alive = ChunkStream::new(head(), false, Some(Extra::KeepAlive), "{}".into());
        assert_eq!(keep_alive.model_error(), ": keep-alive\n\nevent: error\ndata: {}\n\n");
    }
}
