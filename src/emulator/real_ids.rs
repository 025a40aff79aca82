//! Real model ids the emulator answers to, so "the same model on every route" can be shown
//! offline: every Claude and Gemini id in the model catalog (`assets/models.toml`) is served
//! like `emulator-sonnet`, as the real services would serve it. The catalog is the one source:
//! a family added there is served here too.

use crate::models::Catalog;
use crate::routes::RouteId;
use crate::routes::spec::ModelIds;
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::builtin)
}

/// How a real Bedrock id is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BedrockServe {
    /// Answered.
    Served,
    /// A profile-only model called by its foundation id: refused, as Bedrock refuses it.
    NeedsProfile,
}

/// Whether `base` (an id without geography prefix or ARN) is a catalog model on a Bedrock
/// route; `via_profile` says whether it came through an inference profile.
#[must_use]
pub fn bedrock(base: &str, via_profile: bool) -> Option<BedrockServe> {
    let ids = |route: &RouteId| route.spec().model_ids;
    let routes: Vec<RouteId> = RouteId::ALL.into_iter().filter(|route| ids(route).is_bedrock()).collect();
    let family =
        catalog().families().iter().find(|family| routes.iter().any(|route| family.id(*route) == Some(base)))?;
    // Mantle's ids are not foundation ids, and Mantle takes no inference profiles.
    let foundation =
        !routes.iter().any(|route| ids(route) == ModelIds::BedrockMantle && family.id(*route) == Some(base));
    Some(if foundation && family.bedrock_profile_only && !via_profile {
        BedrockServe::NeedsProfile
    } else {
        BedrockServe::Served
    })
}

/// Whether `id` is a catalog model on `route` (Claude on Vertex with its `@version`).
#[must_use]
pub fn served_on(route: RouteId, id: &str) -> bool {
    catalog().families().iter().any(|family| family.id(route) == Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_ids_are_served_and_profile_only_ones_want_a_profile() {
        assert_eq!(bedrock("anthropic.claude-sonnet-4-5-20250929-v1:0", true), Some(BedrockServe::Served));
        assert_eq!(bedrock("anthropic.claude-sonnet-4-5-20250929-v1:0", false), Some(BedrockServe::NeedsProfile));
        assert_eq!(bedrock("anthropic.claude-sonnet-4-5", false), Some(BedrockServe::Served));
        assert_eq!(bedrock("anthropic.claude-nonexistent-v1:0", true), None);
        assert!(served_on(RouteId::VertexClaude, "claude-opus-4-5@20251101"));
        assert!(!served_on(RouteId::VertexClaude, "claude-opus-4-5"));
    }
}
