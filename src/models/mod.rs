//! The model catalog: each model family and its id on each route, from `assets/models.toml`.

pub mod discovery;
pub mod google_listing;

use crate::routes::RouteId;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One model a route offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelEntry {
    /// The id sent on the wire.
    pub id: String,
    /// What people call it.
    pub label: String,
}

#[derive(Deserialize)]
struct CatalogFile {
    family: Vec<Family>,
}

#[derive(Deserialize)]
struct Family {
    name: String,
    ids: BTreeMap<RouteId, String>,
}

/// Model lists the control plane reported, ready for the route pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredModels {
    pub lists: Vec<(RouteId, Vec<ModelEntry>)>,
    /// Where they came from: `12 models in us-east-1 (listed 3 min ago)`.
    pub note: String,
}

/// Models per route.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    by_route: BTreeMap<RouteId, Vec<ModelEntry>>,
}

impl Catalog {
    /// The built-in catalog plus the emulator's models.
    ///
    /// # Panics
    /// If the embedded `assets/models.toml` is broken, which a unit test rules out.
    #[must_use]
    pub fn builtin() -> Self {
        let file: CatalogFile =
            toml::from_str(include_str!("../../assets/models.toml")).expect("assets/models.toml parses");
        let mut by_route: BTreeMap<RouteId, Vec<ModelEntry>> = BTreeMap::new();
        for family in file.family {
            for (route, id) in family.ids {
                by_route.entry(route).or_default().push(ModelEntry { id, label: family.name.clone() });
            }
        }
        let emulator = crate::emulator::MODELS
            .iter()
            .map(|(id, description)| ModelEntry { id: (*id).to_owned(), label: (*description).to_owned() })
            .collect();
        by_route.insert(RouteId::Emulator, emulator);
        Self { by_route }
    }

    /// The models `route` offers, in catalog order.
    #[must_use]
    pub fn models(&self, route: RouteId) -> &[ModelEntry] {
        self.by_route.get(&route).map_or(&[], Vec::as_slice)
    }
}

/// The emulator's models as Bedrock ids on `route`, for demo mode: Mantle's unversioned
/// `anthropic.…` ids, the runtime's versioned ones, a geo inference-profile id, and a model that
/// only works through an inference profile (to show that error and its fix).
#[must_use]
pub fn bedrock_demo_ids(route: RouteId) -> Vec<String> {
    let base = crate::emulator::MODELS.iter().map(|(id, _)| *id);
    if route == RouteId::BedrockMantle {
        return base.map(|id| format!("anthropic.{id}")).collect();
    }
    let mut ids: Vec<String> = base.map(|id| format!("anthropic.{id}-v1:0")).collect();
    ids.push("us.anthropic.emulator-sonnet-v1:0".into());
    ids.push("anthropic.emulator-profile-only-v1:0".into());
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalog_lists_models_for_every_route() {
        let catalog = Catalog::builtin();
        for route in RouteId::ALL {
            assert!(!catalog.models(route).is_empty(), "{route} has no models");
        }
        assert!(catalog.models(RouteId::Anthropic).iter().any(|m| m.id.starts_with("claude-sonnet-4-5")));
    }
}
