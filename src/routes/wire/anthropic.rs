//! The Anthropic Messages request body, shared by the client (which serialises it) and the
//! emulator (which parses it).

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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stop_sequences: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stream: bool,
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
}

impl MessagesBody {
    /// The streaming body for `model`, as the Anthropic API wants it.
    #[must_use]
    pub fn streaming(model: &str, request: &ChatRequest) -> Self {
        Self {
            model: Some(model.to_owned()),
            max_tokens: request.params.max_tokens,
            messages: request
                .turns
                .iter()
                .map(|turn| WireMessage { role: turn.role, content: WireContent::Text(turn.text.clone()) })
                .collect(),
            system: request.system.clone().filter(|s| !s.trim().is_empty()).map(WireContent::Text),
            temperature: request.params.temperature,
            top_p: request.params.top_p,
            stop_sequences: request.params.stop_sequences.clone(),
            stream: true,
        }
    }
}
