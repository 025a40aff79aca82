//! Parity lines for the request controls and attachments: for each control asked for, what the
//! route does with it, read from its capabilities only: not sent (and why), mapped to the
//! route's own field, or sent where no source confirms the route honours it. A control the
//! route carries as asked gets no line.

use super::super::Family;
use crate::routes::RouteId;
use crate::routes::attachment::AttachmentKind;
use crate::routes::capabilities::{Capabilities, Support, ThinkingShape};
use crate::routes::controls::{Controls, ThinkingMode};

/// One line per control in `controls` (and per kind of file in `attachments`) that `route`
/// drops, maps or leaves unconfirmed. `family` narrows "which route does" to routes that serve
/// the target's model family.
pub fn lines(
    route: RouteId,
    model: &str,
    family: Option<&Family>,
    controls: &Controls,
    attachments: &[AttachmentKind],
) -> Vec<String> {
    let caps = &route.spec().capabilities_for(model);
    let mut out = Vec::new();
    if let Some(line) = thinking(caps, controls.thinking) {
        out.push(line);
    }
    let mut each = |name: &str, asked: bool, support: Support| {
        if asked && let Some(line) = line(name, support) {
            out.push(line);
        }
    };
    each("effort", controls.effort.is_some(), caps.effort);
    each("top_k", controls.top_k.is_some(), caps.top_k);
    each("prompt caching", controls.cache, caps.prompt_cache);
    each("guardrail", controls.guardrail.is_some(), caps.guardrails);
    each("latency mode", controls.latency.is_some(), caps.latency);
    each("request metadata", !controls.metadata.is_empty(), caps.request_metadata);
    if let Some(tier) = controls.service_tier {
        match line("service tier", caps.service_tier) {
            Some(line) if caps.service_tier.field().is_none() => out.push(line),
            _ if !caps.service_tiers.contains(&tier) => {
                let taken: Vec<_> = caps.service_tiers.iter().map(|tier| tier.name()).collect();
                out.push(format!("service tier {tier} not taken by {route} (takes {})", taken.join(", ")));
            }
            line => out.extend(line),
        }
    }
    if attachments.iter().any(|kind| kind.is_image()) {
        out.extend(file_line(("image", "images"), caps.images, route, family, |caps| caps.images));
    }
    if attachments.contains(&AttachmentKind::Pdf) {
        out.extend(file_line(("PDF", "documents"), caps.documents, route, family, |caps| caps.documents));
    }
    out
}

/// `name`'s line for `support`: `None` where the route carries it as asked.
fn line(name: &str, support: Support) -> Option<String> {
    match support {
        Support::Carried { .. } => None,
        Support::Mapped { field } => Some(format!("{name} mapped to {field}")),
        Support::Dropped { why } => Some(format!("{name} not sent: {why}")),
        Support::Unconfirmed { field } => Some(format!("{name} sent in {field}; not confirmed for this route")),
    }
}

/// Thinking's line: the mode asked for against the route's support and shape.
fn thinking(caps: &Capabilities, mode: ThinkingMode) -> Option<String> {
    let name = match mode {
        ThinkingMode::Off => return None,
        ThinkingMode::Adaptive => "adaptive thinking",
        ThinkingMode::Budget(_) => "thinking budget",
    };
    let shape = caps.thinking.shape;
    match (caps.thinking.support, shape, mode) {
        // Gemini's budget and dynamic thinking are both `thinkingBudget` (-1 is dynamic).
        (Support::Mapped { field }, ThinkingShape::GeminiConfig, ThinkingMode::Budget(_)) => {
            Some(format!("{name} mapped to {field}.thinkingBudget"))
        }
        (Support::Mapped { field }, ThinkingShape::GeminiConfig, _) => {
            Some(format!("{name} mapped to {field}.thinkingBudget = -1 (dynamic)"))
        }
        (
            support @ (Support::Carried { field } | Support::Mapped { field }),
            ThinkingShape::Budget,
            ThinkingMode::Adaptive,
        ) => {
            let how = if matches!(support, Support::Mapped { .. }) { " mapped to" } else { " sent in" };
            Some(format!("{name}{how} {field}; this route is confirmed only for a token budget"))
        }
        (support, _, _) => line(name, support),
    }
}

/// A kind of file against the route's support for it: refused where dropped, naming the routes
/// that take it (those serving the model's family, when it is known).
fn file_line(
    (name, plural): (&str, &str),
    support: Support,
    route: RouteId,
    family: Option<&Family>,
    support_of: fn(&Capabilities) -> Support,
) -> Option<String> {
    let takers: Vec<&str> = RouteId::ALL
        .into_iter()
        .filter(|other| *other != route && other.spec().capabilities.strict)
        .filter(|other| family.is_none_or(|family| family.id(*other).is_some()))
        .filter(|other| {
            matches!(support_of(&other.spec().capabilities), Support::Carried { .. } | Support::Mapped { .. })
        })
        .map(RouteId::name)
        .collect();
    let takers = match takers.as_slice() {
        [] => String::new(),
        [one] => format!("; {one} does"),
        many => format!("; {} do", many.join(", ")),
    };
    match support {
        Support::Dropped { why } => Some(format!("{name} refused: {route} takes no {plural} ({why}){takers}")),
        Support::Unconfirmed { field } => Some(format!("{name} sent as {field}; not confirmed for {route}{takers}")),
        other => line(name, other),
    }
}
