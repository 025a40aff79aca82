//! The models the Google surfaces serve and list: Gemini models (Gemini API and Vertex), and
//! Claude on Vertex with `@`-versioned ids. Any `emulator-…` id is also served, answering as
//! on the Anthropic surface, so every emulator behaviour (tool calls too) is reachable here.

use crate::emulator::catalog::{self, Behaviour, PREFIX};

/// Answers of any emulator model are capped at this many tokens anyway.
const EMULATOR_OUTPUT_LIMIT: u32 = 8192;

/// Whether a Gemini model thinks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thinks {
    Never,
    /// Only with a `thinkingBudget` other than 0.
    OnRequest,
    /// Unless `thinkingBudget` is 0.
    ByDefault,
    /// Always; a budget of 0 is refused.
    Always,
}

/// A Gemini model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeminiModel {
    pub id: &'static str,
    pub display_name: &'static str,
    pub description: &'static str,
    pub input_limit: u32,
    pub output_limit: u32,
    pub thinks: Thinks,
    /// False for embedding models: they are listed but cannot `generateContent`.
    pub generates: bool,
}

const fn gemini(
    id: &'static str,
    display_name: &'static str,
    description: &'static str,
    thinks: Thinks,
) -> GeminiModel {
    GeminiModel { id, display_name, description, input_limit: 1_048_576, output_limit: 65_536, thinks, generates: true }
}

/// The Gemini models, in listing order.
pub const GEMINI_MODELS: &[GeminiModel] = &[
    gemini("gemini-2.5-pro", "Gemini 2.5 Pro", "Emulated Gemini 2.5 Pro: always thinks first", Thinks::Always),
    gemini(
        "gemini-2.5-flash",
        "Gemini 2.5 Flash",
        "Emulated Gemini 2.5 Flash: thinks unless the budget is 0",
        Thinks::ByDefault,
    ),
    gemini(
        "gemini-2.5-flash-lite",
        "Gemini 2.5 Flash-Lite",
        "Emulated Gemini 2.5 Flash-Lite: thinks only when given a budget",
        Thinks::OnRequest,
    ),
    GeminiModel {
        output_limit: 8192,
        ..gemini("gemini-2.0-flash", "Gemini 2.0 Flash", "Emulated Gemini 2.0 Flash: never thinks", Thinks::Never)
    },
    GeminiModel {
        input_limit: 2048,
        output_limit: 1,
        generates: false,
        ..gemini(
            "gemini-embedding-001",
            "Gemini Embedding 001",
            "Emulated embedding model: lists, never generates",
            Thinks::Never,
        )
    },
];

/// A Claude model on Vertex: called as `{id}@{version}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaudeModel {
    pub id: &'static str,
    pub version: &'static str,
    pub launch_stage: &'static str,
}

/// The Claude models, in listing order.
pub const CLAUDE_MODELS: &[ClaudeModel] = &[
    ClaudeModel { id: "claude-sonnet-4-5", version: "20250929", launch_stage: "GA" },
    ClaudeModel { id: "claude-haiku-4-5", version: "20251001", launch_stage: "GA" },
    ClaudeModel { id: "claude-opus-4-1", version: "20250805", launch_stage: "GA" },
    ClaudeModel { id: "claude-sonnet-4", version: "20250514", launch_stage: "GA" },
    ClaudeModel { id: "claude-3-5-haiku", version: "20241022", launch_stage: "GA" },
];

/// A Gemini-wire model id, understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Served {
    Gemini(&'static GeminiModel),
    Emulator(Behaviour),
}

impl Served {
    /// `maxOutputTokens` when the request gives none.
    pub fn output_limit(self) -> u32 {
        match self {
            Self::Gemini(model) => model.output_limit,
            Self::Emulator(_) => EMULATOR_OUTPUT_LIMIT,
        }
    }

    /// How it answers under `thinkingConfig.thinkingBudget` (`None`: not given) or
    /// `thinkingLevel`; an error for a budget the model refuses, or for a level, which only
    /// Gemini 3 takes ("If you use the `thinking_level` parameter with a model earlier than
    /// Gemini 3, the model returns an error"; its wording here is not confirmed). Emulator ids
    /// take either.
    pub fn behaviour(self, budget: Option<i64>, level: Option<&str>) -> Result<Behaviour, String> {
        if level.is_some() && matches!(self, Self::Gemini(_)) {
            return Err("Thinking level is not supported for this model.".to_owned());
        }
        let asked = level.is_some() || budget.is_some_and(|budget| budget != 0);
        let thinks = match self {
            Self::Emulator(Behaviour::Plain) => asked,
            Self::Emulator(behaviour) => return Ok(behaviour),
            Self::Gemini(model) => match model.thinks {
                Thinks::Never => false,
                Thinks::OnRequest => asked,
                Thinks::ByDefault => budget != Some(0),
                Thinks::Always if budget == Some(0) => {
                    return Err("Budget 0 is invalid. This model only works in thinking mode.".to_owned());
                }
                Thinks::Always => true,
            },
        };
        Ok(if thinks { Behaviour::Thinking } else { Behaviour::Plain })
    }
}

/// The Gemini model `id` names for `generateContent`: a listed id, the same with a `-001`
/// style version, or any emulator id. Embedding models are not served.
pub fn gemini_model(id: &str) -> Option<Served> {
    if id.starts_with(PREFIX) {
        return catalog::resolve(id).map(|choice| Served::Emulator(choice.behaviour));
    }
    let unversioned = match id.rsplit_once('-') {
        Some((head, version)) if version.len() == 3 && version.bytes().all(|b| b.is_ascii_digit()) => head,
        _ => id,
    };
    GEMINI_MODELS
        .iter()
        .find(|model| model.id == id || model.id == unversioned)
        .filter(|m| m.generates)
        .map(Served::Gemini)
}

/// The Claude model `id` (`name@version`) names: a listed one, or `emulator-…@anything`.
pub fn claude_model(id: &str) -> Option<Behaviour> {
    let (name, version) = id.split_once('@').filter(|(name, version)| !name.is_empty() && !version.is_empty())?;
    if name.starts_with(PREFIX) {
        return catalog::resolve(name).map(|choice| choice.behaviour);
    }
    let listed = CLAUDE_MODELS.iter().any(|model| model.id == name && model.version == version);
    (listed || crate::emulator::real_ids::served_on(crate::routes::RouteId::VertexClaude, id))
        .then_some(Behaviour::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemini_ids_and_thinking() {
        let flash = gemini_model("gemini-2.5-flash").expect("served");
        assert_eq!(gemini_model("gemini-2.5-flash-001"), Some(flash));
        assert_eq!(flash.behaviour(None, None), Ok(Behaviour::Thinking));
        assert_eq!(flash.behaviour(Some(0), None), Ok(Behaviour::Plain));
        assert!(flash.behaviour(None, Some("low")).is_err(), "a 2.5 model takes no thinking level");
        let lite = gemini_model("gemini-2.5-flash-lite").expect("served");
        assert_eq!(
            (lite.behaviour(None, None), lite.behaviour(Some(-1), None)),
            (Ok(Behaviour::Plain), Ok(Behaviour::Thinking))
        );
        assert!(gemini_model("gemini-2.5-pro").expect("served").behaviour(Some(0), None).is_err());
        assert_eq!(gemini_model("gemini-2.0-flash").expect("served").behaviour(Some(512), None), Ok(Behaviour::Plain));
        assert_eq!(gemini_model("emulator-tools").map(|s| s.behaviour(Some(9), None)), Some(Ok(Behaviour::Tools)));
        let plain = gemini_model("emulator-plain").expect("served");
        assert_eq!(plain.behaviour(None, Some("high")), Ok(Behaviour::Thinking), "an emulator id thinks at a level");
        assert_eq!(gemini_model("gemini-embedding-001"), None);
        assert_eq!(gemini_model("gemini-9"), None);
    }

    #[test]
    fn claude_ids_need_a_known_version() {
        assert_eq!(claude_model("claude-sonnet-4-5@20250929"), Some(Behaviour::Plain));
        assert_eq!(claude_model("claude-sonnet-4-5"), None);
        assert_eq!(claude_model("claude-sonnet-4-5@20240101"), None);
        assert_eq!(claude_model("emulator-thinking@1"), Some(Behaviour::Thinking));
        assert_eq!(claude_model("@1"), None);
    }
}
