//! What a route carries, maps or drops of a request: one [`Support`] per setting or feature, in
//! each route's spec. Parity warnings and the route explainer read these; request controls send
//! a setting where the route carries or maps it. The facts and their confidence come from
//! PROTOCOLS.md (routes 1–5) and PROTOCOLS-WAVE2.md (§2 controls, §3 multimodal, §4 caching,
//! §5 token counting): a fact marked unconfirmed there is [`Support::Unconfirmed`] here.

use std::fmt;

use super::attachment_limits::{ANTHROPIC_ATTACHMENTS, AttachmentLimits, GEMINI_API_ATTACHMENTS};
use super::controls::ServiceTier;
use super::request_metadata::MetadataRules;

/// How a route treats one setting or feature of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Sent as the request names it, in `field` (the Anthropic Messages name: `temperature`).
    Carried { field: &'static str },
    /// Sent under the route's own name or shape: `field` says where (`inferenceConfig.topP`).
    Mapped { field: &'static str },
    /// The route has no place for it, so it is not sent; `why` says so in a phrase.
    Dropped { why: &'static str },
    /// A client would send `field`, but no primary source confirms the route honours it.
    Unconfirmed { field: &'static str },
}

impl Support {
    /// Where the setting goes on the wire, unless the route drops it.
    #[must_use]
    pub fn field(self) -> Option<&'static str> {
        match self {
            Support::Carried { field } | Support::Mapped { field } | Support::Unconfirmed { field } => Some(field),
            Support::Dropped { .. } => None,
        }
    }
}

impl fmt::Display for Support {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Support::Carried { field } => write!(f, "{field}"),
            Support::Mapped { field } => write!(f, "as {field}"),
            Support::Dropped { why } => write!(f, "dropped: {why}"),
            Support::Unconfirmed { field } => write!(f, "{field} (unconfirmed)"),
        }
    }
}

/// Which way a route asks a model to think.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThinkingShape {
    /// Anthropic's `thinking`: `{type: "enabled", budget_tokens}`, or `{type: "adaptive"}` on
    /// the models that have it (Claude 4.6 and later).
    BudgetOrAdaptive,
    /// Anthropic's `thinking` with a token budget; adaptive thinking is not confirmed here.
    Budget,
    /// Gemini's `thinkingConfig`: `thinkingBudget` (0 off, -1 dynamic), `thinkingLevel` and
    /// `includeThoughts`.
    GeminiConfig,
}

impl fmt::Display for ThinkingShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ThinkingShape::BudgetOrAdaptive => "budget or adaptive",
            ThinkingShape::Budget => "budget",
            ThinkingShape::GeminiConfig => "thinkingConfig",
        })
    }
}

/// Thinking on a route: where it goes, in which shape, and what it allows beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thinking {
    pub support: Support,
    pub shape: ThinkingShape,
    /// The lowest `top_p` a Claude model takes while it thinks (up to 1); `None`: no `top_p`
    /// at all. "When thinking is enabled, you can set `top_p` to values between 1 and 0.95"
    /// (Anthropic extended-thinking docs); Bedrock: "Thinking isn't compatible with temperature,
    /// `top_p`, or `top_k` modifications" (claude-messages-extended-thinking).
    pub top_p_floor: Option<f32>,
}

/// Which models a route serves, which decides the model rules that apply to its requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serves {
    /// Claude only (the Anthropic Messages wire).
    Claude,
    /// Gemini only.
    Gemini,
    /// Any family; the model decides (Converse).
    PerModel,
}

/// What a route carries, maps or drops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capabilities {
    pub serves: Serves,
    /// Whether the server refuses what the model refuses; the emulator accepts every setting.
    pub strict: bool,
    pub max_tokens: Support,
    pub temperature: Support,
    pub top_p: Support,
    pub top_k: Support,
    pub stop_sequences: Support,
    /// The most stop sequences the route takes, where it documents a limit.
    pub max_stop_sequences: Option<usize>,
    pub system: Support,
    pub thinking: Thinking,
    /// How hard a reasoning model tries (`--effort`).
    pub effort: Support,
    pub images: Support,
    /// PDF documents.
    pub documents: Support,
    /// How many attached files of what size it takes.
    pub attachments: AttachmentLimits,
    pub prompt_cache: Support,
    /// A token-counting endpoint, for a cost estimate before sending.
    pub token_count: Support,
    pub service_tier: Support,
    /// The tiers the route takes, under its own names.
    pub service_tiers: &'static [ServiceTier],
    /// A latency-optimised mode (`--latency`).
    pub latency: Support,
    /// Key-value pairs for the provider's logs or bills (`--meta`).
    pub request_metadata: Support,
    /// The rules that metadata is checked against before sending, where the route sends it.
    pub metadata_rules: Option<MetadataRules>,
    pub guardrails: Support,
}

impl Capabilities {
    /// Every capability with its label, in the order the explainer shows them.
    #[must_use]
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let thinking = match self.thinking.support {
            Support::Dropped { .. } => self.thinking.support.to_string(),
            support => format!("{support} ({})", self.thinking.shape),
        };
        vec![
            ("max_tokens", self.max_tokens.to_string()),
            ("temperature", self.temperature.to_string()),
            ("top_p", self.top_p.to_string()),
            ("top_k", self.top_k.to_string()),
            ("Stop sequences", self.stop_sequences.to_string()),
            ("System prompt", self.system.to_string()),
            ("Thinking", thinking),
            ("Effort", self.effort.to_string()),
            ("Images", self.images.to_string()),
            ("PDF documents", self.documents.to_string()),
            ("Prompt caching", self.prompt_cache.to_string()),
            ("Token counting", self.token_count.to_string()),
            ("Service tier", self.service_tier_row()),
            ("Latency mode", self.latency.to_string()),
            ("Request metadata", self.request_metadata.to_string()),
            ("Guardrails", self.guardrails.to_string()),
        ]
    }
}

impl Capabilities {
    /// The service tier's support, with the tiers it takes.
    fn service_tier_row(&self) -> String {
        if self.service_tier.field().is_none() || self.service_tiers.is_empty() {
            return self.service_tier.to_string();
        }
        let names: Vec<_> = self.service_tiers.iter().map(|tier| tier.name()).collect();
        format!("{} ({})", self.service_tier, names.join(", "))
    }
}

/// Bedrock's tiers (InvokeModel's `X-Amzn-Bedrock-Service-Tier`, Converse's `serviceTier.type`).
pub const BEDROCK_TIERS: &[ServiceTier] =
    &[ServiceTier::Priority, ServiceTier::Default, ServiceTier::Flex, ServiceTier::Reserved];

/// What every route on the Anthropic Messages body carries as is (Anthropic, Mantle, Bedrock
/// Invoke, Vertex Claude); each route's spec overrides what differs.
pub const MESSAGES: Capabilities = Capabilities {
    serves: Serves::Claude,
    strict: true,
    max_tokens: Support::Carried { field: "max_tokens" },
    temperature: Support::Carried { field: "temperature" },
    top_p: Support::Carried { field: "top_p" },
    top_k: Support::Carried { field: "top_k" },
    stop_sequences: Support::Carried { field: "stop_sequences" },
    max_stop_sequences: None,
    system: Support::Carried { field: "system" },
    thinking: Thinking {
        support: Support::Carried { field: "thinking" },
        shape: ThinkingShape::BudgetOrAdaptive,
        top_p_floor: Some(0.95),
    },
    effort: Support::Carried { field: "output_config.effort" },
    images: Support::Carried { field: "image blocks (base64 or url)" },
    documents: Support::Carried { field: "document blocks (base64 or url)" },
    attachments: ANTHROPIC_ATTACHMENTS,
    prompt_cache: Support::Carried { field: "cache_control" },
    token_count: Support::Carried { field: "POST /v1/messages/count_tokens" },
    service_tier: Support::Carried { field: "service_tier" },
    service_tiers: &[ServiceTier::Auto, ServiceTier::StandardOnly],
    latency: Support::Dropped { why: "the Messages API has no latency mode" },
    request_metadata: Support::Dropped { why: "the Messages API's metadata holds only a user_id" },
    metadata_rules: None,
    guardrails: Support::Dropped { why: "the Messages API has no guardrail parameter" },
};

/// Partner platforms take only base64 sources: "On Amazon Bedrock and Google Cloud, only
/// base64-encoded sources are currently available" (Anthropic vision docs, WAVE2 §3a).
pub const BASE64_IMAGES: Support = Support::Carried { field: "image blocks (base64 only)" };

/// Gemini's `generateContent` body, on the Gemini API and on Vertex (PROTOCOLS route 4).
pub const GENERATE_CONTENT: Capabilities = Capabilities {
    serves: Serves::Gemini,
    strict: true,
    max_tokens: Support::Mapped { field: "generationConfig.maxOutputTokens" },
    temperature: Support::Mapped { field: "generationConfig.temperature" },
    top_p: Support::Mapped { field: "generationConfig.topP" },
    top_k: Support::Mapped { field: "generationConfig.topK" },
    stop_sequences: Support::Mapped { field: "generationConfig.stopSequences" },
    // "The set of character sequences (up to 5) that will stop output generation".
    max_stop_sequences: Some(5),
    system: Support::Mapped { field: "systemInstruction" },
    thinking: Thinking {
        support: Support::Mapped { field: "generationConfig.thinkingConfig" },
        shape: ThinkingShape::GeminiConfig,
        top_p_floor: None,
    },
    effort: Support::Mapped { field: "generationConfig.thinkingConfig.thinkingLevel" },
    images: Support::Mapped { field: "inlineData / fileData parts" },
    documents: Support::Mapped { field: "inlineData application/pdf" },
    attachments: GEMINI_API_ATTACHMENTS,
    prompt_cache: Support::Dropped { why: "no cache_control; Gemini caches implicitly or via cachedContent" },
    token_count: Support::Mapped { field: ":countTokens" },
    service_tier: Support::Mapped { field: "serviceTier" },
    service_tiers: &[ServiceTier::Priority, ServiceTier::Standard, ServiceTier::Flex],
    latency: Support::Dropped { why: "Gemini has no latency mode" },
    // "labels parameter is only supported in … Agent Platform mode" (GENAI models.py).
    request_metadata: Support::Dropped { why: "labels are Vertex-only; the Gemini API refuses them" },
    metadata_rules: None,
    guardrails: Support::Dropped { why: "no guardrail parameter (safetySettings only)" },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_reads_as_a_short_phrase() {
        assert_eq!(Support::Carried { field: "top_k" }.to_string(), "top_k");
        assert_eq!(Support::Mapped { field: "generationConfig.topK" }.to_string(), "as generationConfig.topK");
        assert_eq!(Support::Dropped { why: "no place for it" }.to_string(), "dropped: no place for it");
        assert_eq!(Support::Unconfirmed { field: "cache_control" }.to_string(), "cache_control (unconfirmed)");
        assert_eq!(Support::Dropped { why: "x" }.field(), None);
    }
}
