//! The Anthropic Messages request body, shared by the client (which serialises it) and the
//! emulator (which parses it). What a route sends of the request controls is decided by its
//! capabilities ([`MessagesBody::for_route`]); the blocks and the thinking config are built in
//! `anthropic/`.

mod blocks;
mod thinking;

pub use blocks::{attachment_block, ephemeral};
pub use thinking::{MIN_THINKING_BUDGET, adaptive_fallback_budget};

use crate::routes::capabilities::{Capabilities, MESSAGES};
use crate::routes::controls::ServiceTier;
use crate::routes::request::{ChatRequest, Role, serialize_as_typed};
use serde::{Deserialize, Serialize};

/// `POST /v1/messages` body. Optional fields are omitted when unset, as the SDKs do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessagesBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub max_tokens: u32,
    pub messages: Vec<WireMessage>,
    /// A string, or text blocks (which clients use to mark cache points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<WireContent>,
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "serialize_as_typed")]
    pub temperature: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "serialize_as_typed")]
    pub top_p: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_k: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stop_sequences: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking: Option<ThinkingConfig>,
    /// `{"effort": "low" | "medium" | "high"}` (the SDK's `OutputConfigParam`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_config: Option<OutputConfig>,
    /// `auto` or `standard_only` (Anthropic's request tiers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stream: bool,
}

/// `thinking`: a token budget, adaptive (the model decides), or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ThinkingConfig {
    Enabled { budget_tokens: u32 },
    Adaptive,
    Disabled,
}

/// `output_config`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<String>,
}

/// One message; `content` is a plain string or a list of content blocks on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireMessage {
    pub role: Role,
    pub content: WireContent,
}

/// Message or system content: the string shorthand or content blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WireContent {
    Text(String),
    Blocks(Vec<serde_json::Value>),
}

impl WireContent {
    /// The text of every `text` block, joined; what the emulator answers to.
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            WireContent::Text(text) => text.clone(),
            WireContent::Blocks(blocks) => blocks
                .iter()
                .filter_map(|block| block.get("text").and_then(serde_json::Value::as_str))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The blocks, or none for the string shorthand.
    #[must_use]
    pub fn blocks(&self) -> &[serde_json::Value] {
        match self {
            WireContent::Text(_) => &[],
            WireContent::Blocks(blocks) => blocks,
        }
    }
}

/// The tiers the body's `service_tier` names; a route that lists other tiers in its
/// capabilities carries them elsewhere (Bedrock Invoke: a header).
const BODY_TIERS: [ServiceTier; 2] = [ServiceTier::Auto, ServiceTier::StandardOnly];

impl MessagesBody {
    /// The streaming body for `model` with every control as the Anthropic API takes it (the
    /// [`MESSAGES`] capabilities).
    #[must_use]
    pub fn streaming(model: &str, request: &ChatRequest) -> Self {
        Self::for_route(model, request, &MESSAGES)
    }

    /// The streaming body for `model` on a route with `capabilities`: a control the route
    /// drops is not sent, adaptive thinking on a budget-only route becomes a budget
    /// ([`adaptive_fallback_budget`]), and only the tiers the route lists go in `service_tier`.
    #[must_use]
    pub fn for_route(model: &str, request: &ChatRequest, capabilities: &Capabilities) -> Self {
        let params = &request.params;
        let controls = &params.controls;
        let sent = |support: crate::routes::capabilities::Support| support.field().is_some();
        let cache = controls.cache && sent(capabilities.prompt_cache);
        let tier = controls.service_tier.filter(|tier| {
            sent(capabilities.service_tier) && capabilities.service_tiers.contains(tier) && BODY_TIERS.contains(tier)
        });
        Self {
            model: Some(model.to_owned()),
            max_tokens: params.max_tokens,
            messages: blocks::messages(&request.turns, capabilities, cache),
            system: blocks::system(request.system.as_deref(), cache),
            temperature: params.temperature,
            top_p: params.top_p,
            top_k: controls.top_k.filter(|_| sent(capabilities.top_k)),
            stop_sequences: params.stop_sequences.clone(),
            thinking: thinking::config(controls.thinking, params.max_tokens, &capabilities.thinking),
            output_config: controls
                .effort
                .filter(|_| sent(capabilities.effort))
                .map(|effort| OutputConfig { effort: Some(effort.name().to_owned()) }),
            service_tier: tier.map(|tier| tier.name().to_owned()),
            stream: true,
        }
    }
}

#[cfg(test)]
mod tests;
