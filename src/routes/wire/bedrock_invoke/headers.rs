//! The request controls InvokeModel takes as headers, and the ones its response echoes
//! (BCR `InvokeModelWithResponseStreamRequest` / `…Response`; PROTOCOLS-WAVE2 §2a, §2b). They
//! are lower-case, as the signer canonicalises them; SigV4 signs every one of them.

use crate::routes::capabilities::Capabilities;
use crate::routes::controls::Controls;
use crate::routes::event::StreamEvent;
use crate::routes::request_metadata;

pub const GUARDRAIL_IDENTIFIER: &str = "x-amzn-bedrock-guardrailidentifier";
pub const GUARDRAIL_VERSION: &str = "x-amzn-bedrock-guardrailversion";
/// `ENABLED` whenever a guardrail is named, so an intervention can say which policy acted.
pub const TRACE: &str = "x-amzn-bedrock-trace";
pub const SERVICE_TIER: &str = "x-amzn-bedrock-service-tier";
pub const LATENCY: &str = "x-amzn-bedrock-performanceconfig-latency";
pub const REQUEST_METADATA: &str = "x-amzn-bedrock-request-metadata";

/// The control headers for `controls` on a route with `capabilities`; a control the route
/// drops, or a tier it does not list, is not sent. Request metadata is sent as asked: check it
/// with [`request_metadata::validate`] first, or Bedrock refuses it.
#[must_use]
pub fn control_headers(controls: &Controls, capabilities: &Capabilities) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    let mut add = |name: &str, value: &str| headers.push((name.to_owned(), value.to_owned()));
    if let Some(guardrail) = controls.guardrail.as_ref().filter(|_| capabilities.guardrails.field().is_some()) {
        add(GUARDRAIL_IDENTIFIER, &guardrail.id);
        add(GUARDRAIL_VERSION, &guardrail.version);
        add(TRACE, "ENABLED");
    }
    if let Some(tier) = controls
        .service_tier
        .filter(|tier| capabilities.service_tier.field().is_some() && capabilities.service_tiers.contains(tier))
    {
        add(SERVICE_TIER, tier.name());
    }
    if let Some(latency) = controls.latency.filter(|_| capabilities.latency.field().is_some()) {
        add(LATENCY, latency.name());
    }
    if !controls.metadata.is_empty() && capabilities.request_metadata.field().is_some() {
        add(REQUEST_METADATA, &request_metadata::header_value(&controls.metadata));
    }
    headers
}

/// What the response headers say was served: the tier and latency mode Bedrock echoes. `None`
/// when it echoes neither (every other route's response).
#[must_use]
pub fn served_from_headers(headers: &[(String, String)]) -> Option<StreamEvent> {
    let find = |name: &str| {
        headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.trim().to_owned())
    };
    let (service_tier, latency) = (find(SERVICE_TIER), find(LATENCY));
    (service_tier.is_some() || latency.is_some()).then_some(StreamEvent::Served { service_tier, latency })
}
