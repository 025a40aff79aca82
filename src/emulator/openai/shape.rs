//! The JSON of a Chat Completions response: what every chunk (and the whole
//! `chat.completion`) carries at its top, the finish reason and the usage.

use crate::emulator::plan::{Plan, Stop};
use crate::emulator::turn::CacheUse;
use serde::Serialize;

/// What every chunk of one response repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// `chatcmpl-…`.
    pub id: String,
    /// Unix seconds.
    pub created: u64,
    /// The model as the request named it.
    pub model: String,
    /// The `openai` surface's `fp_…`; the others send none.
    pub system_fingerprint: Option<String>,
    /// The tier that served the request, echoed when one was asked (always on `openai`).
    pub service_tier: Option<String>,
    pub prompt_tokens: u32,
    pub cache: CacheUse,
}

impl Head {
    /// An object of this response, its fields in OpenAI's order: `id`, `object`, `created`,
    /// `model`, the tier and fingerprint, `choices`, then `usage` (absent, `null` or counts).
    pub fn object<'h, C: Serialize>(
        &'h self,
        object: &'static str,
        choices: C,
        usage: Option<UsageField>,
    ) -> Body<'h, C> {
        Body {
            id: &self.id,
            object,
            created: self.created,
            model: &self.model,
            service_tier: self.service_tier.as_deref(),
            system_fingerprint: self.system_fingerprint.as_deref(),
            choices,
            usage,
        }
    }
}

/// A `chat.completion` or `chat.completion.chunk`.
#[derive(Debug, Serialize)]
pub struct Body<'h, C> {
    id: &'h str,
    object: &'static str,
    created: u64,
    model: &'h str,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_tier: Option<&'h str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    system_fingerprint: Option<&'h str>,
    choices: C,
    #[serde(skip_serializing_if = "Option::is_none")]
    usage: Option<UsageField>,
}

impl<C: Serialize> Body<'_, C> {
    /// Its JSON; these types always serialise.
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// What `usage` says when it is there: `null` (a stream's chunks before the last, with the
/// usage asked for) or the counts.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum UsageField {
    Null,
    Counts(Usage),
}

/// A tool call, whole or (in a stream) its first piece.
#[derive(Debug, Serialize)]
pub struct ToolCall<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub function: Function<'a>,
}

/// A function call's name and arguments.
#[derive(Debug, Serialize)]
pub struct Function<'a> {
    pub name: &'a str,
    pub arguments: &'a str,
}

/// The tier reported for the one asked: `auto` is served as `default`.
pub fn served_tier(asked: Option<&str>) -> Option<String> {
    asked.map(|tier| if tier == "auto" { "default" } else { tier }.to_owned())
}

/// `finish_reason` for how the plan ended.
pub fn finish_reason(stop: &Stop) -> &'static str {
    match stop {
        Stop::EndTurn | Stop::Sequence(_) => "stop",
        Stop::MaxTokens => "length",
        Stop::ToolUse => "tool_calls",
    }
}

/// `usage`, with the cached prompt tokens and the reasoning tokens (part of the completion).
#[derive(Debug, Serialize)]
pub struct Usage {
    prompt_tokens: u32,
    completion_tokens: u32,
    total_tokens: u32,
    prompt_tokens_details: PromptDetails,
    completion_tokens_details: CompletionDetails,
}

#[derive(Debug, Serialize)]
struct PromptDetails {
    cached_tokens: u32,
}

#[derive(Debug, Serialize)]
struct CompletionDetails {
    reasoning_tokens: u32,
}

impl Usage {
    pub fn of(head: &Head, plan: &Plan) -> Self {
        Self {
            prompt_tokens: head.prompt_tokens,
            completion_tokens: plan.output_tokens,
            total_tokens: head.prompt_tokens.saturating_add(plan.output_tokens),
            prompt_tokens_details: PromptDetails { cached_tokens: head.cache.read },
            completion_tokens_details: CompletionDetails { reasoning_tokens: plan.thinking_tokens.unwrap_or(0) },
        }
    }
}

/// A tool call's id, `call_…`, from the plan's tool-use id.
pub fn call_id(tool_use_id: &str) -> String {
    format!("call_{}", tool_use_id.strip_prefix("toolu_01").unwrap_or(tool_use_id))
}
