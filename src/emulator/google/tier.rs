//! The top-level `serviceTier` of a `generateContent` body and the `usageMetadata.trafficType`
//! that echoes it (GENAI `types.ServiceTier`, `types.TrafficType`).

use super::error::GoogleError;
use super::refuse::Wire;
use super::request::invalid_json;
use serde_json::Value;

/// A pay-as-you-go tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Standard,
    Priority,
    Flex,
}

impl Tier {
    /// The `trafficType` that reports it.
    pub fn traffic_type(self) -> &'static str {
        match self {
            Tier::Standard => "ON_DEMAND",
            Tier::Priority => "ON_DEMAND_PRIORITY",
            Tier::Flex => "ON_DEMAND_FLEX",
        }
    }
}

/// `serviceTier` as sent (`flex`, `standard`, `priority` or `unspecified`, without case, with or
/// without a `SERVICE_TIER_` prefix); `None` when absent or unspecified. Another value is
/// refused as the proto JSON parser refuses an unknown enum value.
pub fn read(value: Option<&Value>, wire: Wire) -> Result<Option<Tier>, GoogleError> {
    let Some(value) = value else { return Ok(None) };
    let name = value.as_str().map(str::to_ascii_lowercase).unwrap_or_default();
    match name.strip_prefix("service_tier_").unwrap_or(&name) {
        "unspecified" => Ok(None),
        "standard" => Ok(Some(Tier::Standard)),
        "priority" => Ok(Some(Tier::Priority)),
        "flex" => Ok(Some(Tier::Flex)),
        _ => {
            let package = match wire {
                Wire::GeminiApi => "google.ai.generativelanguage.v1beta",
                Wire::VertexGemini | Wire::VertexClaude => "google.cloud.aiplatform.v1",
            };
            Err(invalid_json(&format!(
                "Invalid value at 'service_tier' (type.googleapis.com/{package}.ServiceTier), {value}"
            )))
        }
    }
}

/// The `trafficType` a response reports: on Vertex always (`ON_DEMAND` unless a tier was
/// asked); on the Gemini API only for a tier asked (not confirmed that it echoes one).
pub fn traffic_type(wire: Wire, tier: Option<Tier>) -> Option<&'static str> {
    match (wire, tier) {
        (_, Some(tier)) => Some(tier.traffic_type()),
        (Wire::GeminiApi, None) => None,
        (Wire::VertexGemini | Wire::VertexClaude, None) => Some("ON_DEMAND"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_tiers_and_refuses_others() {
        let tier = |value: Value| read(Some(&value), Wire::GeminiApi).map_err(|error| error.message().to_owned());
        assert_eq!(tier(json!("flex")), Ok(Some(Tier::Flex)));
        assert_eq!(tier(json!("PRIORITY")), Ok(Some(Tier::Priority)));
        assert_eq!(tier(json!("SERVICE_TIER_STANDARD")), Ok(Some(Tier::Standard)));
        assert_eq!(tier(json!("unspecified")), Ok(None));
        assert_eq!(read(None, Wire::VertexGemini), Ok(None));
        assert_eq!(
            tier(json!("gold")).unwrap_err(),
            "Invalid JSON payload received. Invalid value at 'service_tier' \
             (type.googleapis.com/google.ai.generativelanguage.v1beta.ServiceTier), \"gold\""
        );
    }

    #[test]
    fn traffic_type_echoes_the_tier() {
        assert_eq!(traffic_type(Wire::VertexGemini, None), Some("ON_DEMAND"));
        assert_eq!(traffic_type(Wire::VertexGemini, Some(Tier::Flex)), Some("ON_DEMAND_FLEX"));
        assert_eq!(traffic_type(Wire::GeminiApi, None), None);
        assert_eq!(traffic_type(Wire::GeminiApi, Some(Tier::Priority)), Some("ON_DEMAND_PRIORITY"));
    }
}
