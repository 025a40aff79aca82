//! Parity warnings: a setting a route will drop, map, leave unconfirmed or reject for a target,
//! one short line each, naming the route and the cause, so that comparing routes compares like
//! with like.

mod controls;

use super::{Catalog, Family};
use crate::routes::Target;
use crate::routes::attachment::AttachmentKind;
use crate::routes::capabilities::Serves;
use crate::routes::request::Params;

/// The warnings for `target` with `params` (its request controls included) against the
/// built-in catalog, with no files attached.
#[must_use]
pub fn parity_warnings(target: &Target, params: &Params) -> Vec<String> {
    parity_warnings_with(Catalog::shared(), target, params, &[])
}

/// The warnings for `target` with `params` and files of the `attachments` kinds against
/// `catalog` (for model limits), from the route's capabilities: each request control or file
/// the route drops, maps to its own field or leaves unconfirmed ([`controls::lines`]), and the
/// model rules of the family it serves. A route that refuses nothing (the emulator) gets none.
#[must_use]
pub fn parity_warnings_with(
    catalog: &Catalog,
    target: &Target,
    params: &Params,
    attachments: &[AttachmentKind],
) -> Vec<String> {
    let route = target.route;
    let caps = &route.spec().capabilities_for(&target.model);
    if !caps.strict {
        return Vec::new();
    }
    let family = catalog.family_of(route, &target.model);
    let claude = speaks_claude(caps.serves, family, &target.model);
    let gemini = speaks_gemini(caps.serves, family, &target.model);
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

    // "Thinking isn't compatible with temperature or top_k modifications" (Claude's
    // extended-thinking docs); what top_p it allows is the route's (`Thinking::top_p_floor`).
    let thinking = !params.controls.thinking.is_off();
    if thinking && claude {
        if let Some(top_k) = params.controls.top_k {
            warn(format!("extended thinking rejects top_k {top_k}"));
        }
        if let Some(temperature) = params.temperature.filter(|t| (t - 1.0).abs() > f32::EPSILON) {
            warn(format!("extended thinking rejects temperature {temperature} (only 1)"));
        }
        match (params.top_p, caps.thinking.top_p_floor) {
            (Some(top_p), None) => warn(format!("extended thinking on this route rejects top_p {top_p}")),
            (Some(top_p), Some(floor)) if top_p < floor => {
                warn(format!("extended thinking rejects top_p {top_p} ({floor}–1 only)"));
            }
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

    for line in controls::lines(route, &target.model, family, &params.controls, attachments) {
        warn(line);
    }

    let stops = params.stop_sequences.len();
    if let (Some(limit), Some(field)) = (caps.max_stop_sequences, caps.stop_sequences.field())
        && stops > limit
    {
        warn(format!("{field} takes at most {limit} stop sequences, {stops} given (rejected)"));
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

/// Whether the target is a Claude model: a route that serves only Claude, or on a route that
/// serves every family (Converse), a Claude model.
fn speaks_claude(serves: Serves, family: Option<&Family>, model: &str) -> bool {
    match serves {
        Serves::Claude => true,
        Serves::PerModel => {
            family.map_or_else(|| model.contains("anthropic.") || model.contains("claude"), Family::is_claude)
        }
        Serves::Gemini => false,
    }
}

/// Whether the target is a Gemini model: a route that serves only Gemini, or on a route that
/// serves every family (Vertex's OpenAI-compatible endpoint), a Gemini model.
fn speaks_gemini(serves: Serves, family: Option<&Family>, model: &str) -> bool {
    match serves {
        Serves::Gemini => true,
        Serves::PerModel => family.map_or_else(|| model.contains("gemini"), Family::is_gemini),
        Serves::Claude => false,
    }
}
