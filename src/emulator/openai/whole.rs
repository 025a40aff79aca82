//! A `chat.completion` answered in one piece (`stream` absent or false): the message with its
//! `content`, the thinking as `reasoning_content`, any `tool_calls`, the finish reason and the
//! usage, fields in OpenAI's order.

use super::shape::{self, Function, Head, ToolCall, Usage, UsageField};
use crate::emulator::plan::{Block, BlockKind, Plan};
use serde::Serialize;

/// The one choice.
#[derive(Debug, Serialize)]
struct Choice<'a> {
    index: u32,
    message: Message<'a>,
    /// Always `null`.
    logprobs: (),
    finish_reason: &'static str,
}

#[derive(Debug, Serialize)]
struct Message<'a> {
    role: &'static str,
    content: String,
    /// Always `null`: the emulator never refuses.
    refusal: (),
    #[serde(skip_serializing_if = "Option::is_none")]
    reasoning_content: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_calls: Vec<ToolCall<'a>>,
}

/// The whole response's JSON.
pub fn completion(head: &Head, plan: &Plan) -> String {
    let texts: Vec<String> = plan.blocks.iter().map(Block::text).collect();
    let mut message = Message {
        role: "assistant",
        content: String::new(),
        refusal: (),
        reasoning_content: None,
        tool_calls: Vec::new(),
    };
    for (block, text) in plan.blocks.iter().zip(&texts) {
        match &block.kind {
            BlockKind::Text => message.content.push_str(text),
            BlockKind::Thinking { .. } => message.reasoning_content = Some(text.clone()),
            BlockKind::ToolUse { id, name } => message.tool_calls.push(ToolCall {
                index: None,
                id: shape::call_id(id),
                kind: "function",
                function: Function { name, arguments: text },
            }),
        }
    }
    let choice = Choice { index: 0, message, logprobs: (), finish_reason: shape::finish_reason(&plan.stop) };
    head.object("chat.completion", [choice], Some(UsageField::Counts(Usage::of(head, plan)))).json()
}
