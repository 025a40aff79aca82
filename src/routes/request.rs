//! What the user asks for, independent of any route's wire format.

use serde::{Deserialize, Serialize};

use super::attachment::Attachment;
use super::controls::Controls;

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
    /// Files sent with a user turn, before its text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

impl Turn {
    /// A user turn of plain text.
    #[must_use]
    pub fn user(text: impl Into<String>) -> Self {
        Self { role: Role::User, text: text.into(), attachments: Vec::new() }
    }

    /// An assistant turn (what the model answered).
    #[must_use]
    pub fn assistant(text: impl Into<String>) -> Self {
        Self { role: Role::Assistant, text: text.into(), attachments: Vec::new() }
    }
}

/// Sampling and length parameters shared by every route, and the controls routes differ in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Params {
    pub max_tokens: u32,
    pub temperature: Option<f32>,
    pub top_p: Option<f32>,
    pub stop_sequences: Vec<String>,
    #[serde(default, skip_serializing_if = "Controls::is_default")]
    pub controls: Controls,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            max_tokens: 1024,
            temperature: None,
            top_p: None,
            stop_sequences: Vec::new(),
            controls: Controls::default(),
        }
    }
}

/// `value` as the number a person typed: widening `0.2f32` to f64 directly gives
/// `0.20000000298023224`, which a JSON body built through `serde_json::Value` would send, so
/// go through its shortest decimal form. NaN and infinities, which JSON cannot hold, give `None`.
#[must_use]
pub fn as_typed(value: f32) -> Option<f64> {
    value.to_string().parse().ok().filter(|widened: &f64| widened.is_finite())
}

/// `#[serde(serialize_with)]` for an `Option<f32>` sampling parameter: the number as typed
/// (see [`as_typed`]); `null` for one JSON cannot hold.
pub fn serialize_as_typed<S: serde::Serializer>(value: &Option<f32>, serializer: S) -> Result<S::Ok, S::Error> {
    value.and_then(as_typed).serialize(serializer)
}

/// A complete request: the conversation so far (ending with the user's new turn),
/// the system prompt and the parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    pub system: Option<String>,
    pub turns: Vec<Turn>,
    pub params: Params,
    /// Ask for a summary of the model's thoughts (Gemini's `includeThoughts`). Set per target
    /// from the catalog when the run is planned: only a model that thinks may be asked.
    #[serde(default)]
    pub thoughts: bool,
}

impl ChatRequest {
    /// A one-turn request with default parameters.
    #[must_use]
    pub fn single(prompt: impl Into<String>) -> Self {
        Self { system: None, turns: vec![Turn::user(prompt)], params: Params::default(), thoughts: false }
    }
}

#[cfg(test)]
mod tests {
    use super::as_typed;

    #[test]
    fn a_parameter_is_sent_as_typed() {
        assert_eq!(as_typed(0.2), Some(0.2));
        assert_eq!(as_typed(0.9), Some(0.9));
        assert_eq!(as_typed(1.0), Some(1.0));
        assert_eq!(as_typed(f32::NAN), None);
        assert_eq!(as_typed(f32::INFINITY), None);
    }
}
