//! Parity warnings: a setting a route will drop or reject for a target, one short line each,
//! naming the route and the cause, so that comparing routes compares like with like.

use super::{Catalog, Family};
use crate::routes::request::Params;
use crate::routes::{RouteId, Target};

/// Request settings beyond [`Params`] that routes treat differently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Knobs {
    /// Extended thinking (Claude) or thinking (Gemini) is on.
    pub thinking: bool,
    /// A top-k asked for (`GeminiOptions::top_k`).
    pub top_k: Option<u32>,
    /// Prompt caching asked for (Anthropic `cache_control` breakpoints).
    pub prompt_cache: bool,
}

/// The warnings for `target` with `params`, thinking on or off, against the built-in catalog.
#[must_use]
pub fn parity_warnings(target: &Target, params: &Params, thinking: bool) -> Vec<String> {
    parity_warnings_with(Catalog::shared(), target, params, Knobs { thinking, ..Knobs::default() })
}

/// The warnings for `target` with `params` and `knobs` against `catalog` (for model limits).
/// The emulator enforces none of these and gets none.
#[must_use]
pub fn parity_warnings_with(catalog: &Catalog, target: &Target, params: &Params, knobs: Knobs) -> Vec<String> {
    let route = target.route;
    if route == RouteId::Emulator {
        return Vec::new();
    }
    let family = catalog.family_of(route, &target.model);
    let claude = speaks_claude(route, family, &target.model);
    let gemini = matches!(route, RouteId::GeminiApi | RouteId::VertexGemini);
    let mut out = Vec::new();
    let mut warn = |cause: String| out.push(format!("{route}: {cause}"));

    // Claude: "temperature … Ranges from 0.0 to 1.0" (platform.claude.com/docs/en/api/messages).
    // Gemini: temperature "Values can range from [0.0, 2.0]" (ai.google.dev/api/generate-content
    // GenerationConfig; models list `maxTemperature: 2.0`).
    if let Some(temperature) = params.temperature {
        if claude && !(0.0..=1.0).contains(&temperature) {
            warn(format!("temperature {temperature} is outside Claude's 0–1 range (rejected)"));
        }
        if gemini && !(0.0..=2.0).contains(&temperature) {
            warn(format!("temperature {temperature} is outside Gemini's 0–2 range (rejected)"));
        }
    }

    // "Thinking isn't compatible with temperature or top_k modifications … When thinking is
    // enabled, you can set top_p to values between 1 and 0.95"
    // (platform.claude.com/docs/en/build-with-claude/extended-thinking). Bedrock is stricter:
    // "Thinking isn't compatible with temperature, top_p, or top_k modifications"
    // (docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html).
    if knobs.thinking && claude {
        if let Some(temperature) = params.temperature.filter(|t| (t - 1.0).abs() > f32::EPSILON) {
            warn(format!("extended thinking rejects temperature {temperature} (only 1)"));
        }
        match params.top_p {
            Some(top_p) if route.is_aws() => warn(format!("extended thinking on Bedrock rejects top_p {top_p}")),
            Some(top_p) if top_p < 0.95 => warn(format!("extended thinking rejects top_p {top_p} (0.95–1 only)")),
            _ => {}
        }
    }

    // "`temperature` and `top_p` cannot both be specified for this model" — Claude Opus 4.1 and
    // the 4.5+ models ("Use only temperature OR top_p, not both":
    // platform.claude.com/docs/en/about-claude/models/migrating-to-claude-4). Per family in the
    // catalog (`exclusive-sampling`).
    if let Some(family) = family.filter(|family| claude && family.exclusive_sampling)
        && params.temperature.is_some()
        && params.top_p.is_some()
    {
        warn(format!("{} rejects temperature and top_p together; set only one", family.name));
    }

    // Converse's `inferenceConfig` has only maxTokens, temperature, topP and stopSequences
    // (bedrock-runtime service model, PROTOCOLS.md §3.5); model-specific fields such as Claude's
    // top_k go in `additionalModelRequestFields`. routeplay sends top_k only in Gemini's
    // `generationConfig.topK` (`routes/wire/gemini/body.rs`).
    if let Some(top_k) = knobs.top_k.filter(|_| !gemini) {
        if route == RouteId::BedrockConverse {
            warn(format!("inferenceConfig has no top_k (only additionalModelRequestFields); top_k {top_k} is dropped"));
        } else {
            warn(format!("top_k {top_k} is not sent on this route (dropped)"));
        }
    }

    // Converse marks cache breakpoints with `cachePoint` blocks in `system`/`messages`
    // (PROTOCOLS.md §3.5; docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html);
    // Gemini caches implicitly or through `cachedContent` (ai.google.dev/gemini-api/docs/caching).
    if knobs.prompt_cache {
        if route == RouteId::BedrockConverse {
            warn("prompt caching uses cachePoint blocks, not cache_control".into());
        } else if gemini {
            warn("no cache_control; Gemini caches implicitly or via cachedContent".into());
        }
    }

    // Gemini: "The set of character sequences (up to 5) that will stop output generation"
    // (GenerationConfig.stopSequences). Converse: `stopSequences` holds at most 2500 (service model).
    let stops = params.stop_sequences.len();
    if gemini && stops > 5 {
        warn(format!("Gemini takes at most 5 stop sequences, {stops} given (rejected)"));
    }
    if route == RouteId::BedrockConverse && stops > 2500 {
        warn(format!("inferenceConfig takes at most 2500 stop sequences, {stops} given (rejected)"));
    }

    // Output limits per family in the catalog (`max-output`: Anthropic models overview,
    // ai.google.dev/gemini-api/docs/models `outputTokenLimit`).
    if let Some((name, limit)) = family.and_then(|family| Some((&family.name, family.max_output?)))
        && params.max_tokens > limit
    {
        warn(format!("max_tokens {} is above {name}'s output limit of {limit}", params.max_tokens));
    }
    out
}

/// Whether the target is a Claude model: every Anthropic-Messages route carries only Claude;
/// on Converse it depends on the model.
fn speaks_claude(route: RouteId, family: Option<&Family>, model: &str) -> bool {
    match route {
        RouteId::Anthropic | RouteId::BedrockMantle | RouteId::BedrockInvoke | RouteId::VertexClaude => true,
        RouteId::BedrockConverse => {
            family.map_or_else(|| model.contains("anthropic.") || model.contains("claude"), Family::is_claude)
        }
        RouteId::Emulator | RouteId::GeminiApi | RouteId::VertexGemini => false,
    }
}
