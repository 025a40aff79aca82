//! What the user asks for, independent of any route's wire format.

use serde::{Deserialize, Serialize};

/// Who said a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

/// One turn of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub role: Role,
    pub text: String,
}

/// Sampling and length parameters shared by every route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Params {
    pub max_tokens: u32,
    pub temperature: Option<f32>,
    pub top_p: Option<f32>,
    pub stop_sequences: Vec<String>,
}

impl Default for Params {
    fn default() -> Self {
        Self { max_tokens: 1024, temperature: None, top_p: None, stop_sequences: Vec::new() }
    }
}

/// A complete request: the conversation so far (ending with the user's new turn),
/// the system prompt and the parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    pub system: Option<String>,
    pub turns: Vec<Turn>,
    pub params: Params,
}

impl ChatRequest {
    /// A one-turn request with default parameters.
    #[must_use]
    pub fn single(prompt: impl Into<String>) -> Self {
        Self { system: None, turns: vec![Turn { role: Role::User, text: prompt.into() }], params: Params::default() }
    }
}
