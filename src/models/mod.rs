//! The model catalog: each model family, its id on each route, where it is served and what it
//! costs, from `assets/models.toml` and optionally a user file in the same format.

pub mod cost;
pub mod discovery;
mod family;
pub mod google_listing;
mod offer;
pub mod openai_listing;
pub mod owned;
pub mod parity;

pub use cost::{CostEstimate, estimate};
pub use family::{Family, Geo, LongContext, Premium, Price};
pub use offer::{DEFAULT_AWS_REGION, Places, RouteOffer};
pub use parity::parity_warnings;

use crate::config::problem::{Problem, line_of};

/// The emulator's model that thinks before it answers.
const EMULATOR_THINKING: &str = "emulator-thinking";

/// The built-in emulator's own models: id and what it does (each id's behaviour is the
/// emulator's, in `emulator/catalog.rs`).
pub const EMULATOR_MODELS: &[(&str, &str)] = &[
    ("emulator-sonnet", "Emulator: a Markdown answer"),
    (EMULATOR_THINKING, "Emulator: thinking, then a Markdown answer"),
    ("emulator-tools", "Emulator: a tool call (stop_reason tool_use)"),
];
use crate::routes::RouteId;
use crate::routes::spec::ModelIds;
use family::CatalogFile;
use std::collections::BTreeMap;
use std::path::Path;

/// One model a route offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelEntry {
    /// The id sent on the wire.
    pub id: String,
    /// What people call it.
    pub label: String,
}

/// Model lists the control plane reported, ready for the route pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredModels {
    pub lists: Vec<(RouteId, Vec<ModelEntry>)>,
    /// Where they came from: `12 models in us-east-1 (listed 3 min ago)`.
    pub note: String,
}

/// Model families, and the models per route they add up to (plus the emulator's).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    families: Vec<Family>,
    by_route: BTreeMap<RouteId, Vec<ModelEntry>>,
}

const BUILTIN: &str = include_str!("../../assets/models.toml");

impl Catalog {
    /// The built-in catalog plus the emulator's models.
    ///
    /// # Panics
    /// If the embedded `assets/models.toml` is broken, which a unit test rules out.
    #[must_use]
    pub fn builtin() -> Self {
        let file: CatalogFile = toml::from_str(BUILTIN).expect("assets/models.toml parses");
        let mut families = Vec::new();
        for family in file.family {
            family.merge_into(&mut families);
        }
        Self::from_families(families)
    }

    /// The built-in catalog, parsed once for the process: for the facts a run needs at the
    /// moment it is planned (which models think) and the parity warnings.
    #[must_use]
    pub fn shared() -> &'static Self {
        static BUILTIN: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(Catalog::builtin)
    }

    /// The built-in catalog with the families of the user's catalog file at `path` merged over
    /// it by name. A missing file is no problem; a broken one is named with its line (as
    /// `file:line: message`) and leaves the built-in catalog as it is.
    #[must_use]
    pub fn with_user_file(path: &Path) -> (Self, Vec<String>) {
        let mut catalog = Self::builtin();
        let text = match crate::files::read::read_capped(path) {
            Ok(text) => text,
            Err(error) if error.is_not_found() => return (catalog, Vec::new()),
            Err(error) => {
                let problem = Problem { file: path.to_path_buf(), line: None, message: error.detail() };
                return (catalog, vec![problem.to_string()]);
            }
        };
        let file: CatalogFile = match toml::from_str(&text) {
            Ok(file) => file,
            Err(error) => return (catalog, vec![Problem::from_toml(path.to_path_buf(), &text, &error).to_string()]),
        };
        let mut problems = Vec::new();
        let mut families = std::mem::take(&mut catalog.families);
        for family in file.family {
            let found = family.problems();
            if found.is_empty() {
                family.merge_into(&mut families);
                continue;
            }
            // Name the line of the family's name, the nearest the parsed values can point to.
            let line = text.find(&format!("{:?}", family.name())).map(|offset| line_of(&text, offset));
            problems.extend(
                found.into_iter().map(|message| Problem { file: path.to_path_buf(), line, message }.to_string()),
            );
        }
        (Self::from_families(families), problems)
    }

    fn from_families(families: Vec<Family>) -> Self {
        let mut by_route: BTreeMap<RouteId, Vec<ModelEntry>> = BTreeMap::new();
        for family in &families {
            for (route, id) in &family.ids {
                by_route.entry(*route).or_default().push(ModelEntry { id: id.clone(), label: family.name.clone() });
            }
        }
        let emulator = EMULATOR_MODELS
            .iter()
            .map(|(id, description)| ModelEntry { id: (*id).to_owned(), label: (*description).to_owned() })
            .collect();
        by_route.insert(RouteId::Emulator, emulator);
        Self { families, by_route }
    }

    /// The models `route` offers, in catalog order.
    #[must_use]
    pub fn models(&self, route: RouteId) -> &[ModelEntry] {
        self.by_route.get(&route).map_or(&[], Vec::as_slice)
    }

    /// Every family, in catalog order.
    #[must_use]
    pub fn families(&self) -> &[Family] {
        &self.families
    }

    /// The family called `name`.
    #[must_use]
    pub fn family(&self, name: &str) -> Option<&Family> {
        self.families.iter().find(|family| family.name == name)
    }

    /// Whether `model` on `route` thinks unless told not to (the catalog's `thinks`, or the
    /// emulator's thinking model); unknown ids do not, so nothing is asked of them that a model
    /// without thinking would refuse.
    #[must_use]
    pub fn thinks(&self, route: RouteId, model: &str) -> bool {
        self.family_of(route, model).is_some_and(|family| family.thinks) || model == EMULATOR_THINKING
    }

    /// The family a model id belongs to on `route`. Bedrock ids are also recognised as
    /// inference-profile ids (`eu.anthropic.…`, `global.…`) and as the tail of an ARN; Google
    /// ids also with a `models/` or `publishers/…/models/` prefix.
    #[must_use]
    pub fn family_of(&self, route: RouteId, model: &str) -> Option<&Family> {
        if let Some(underlying) = owned::underlying(model) {
            return self.family_of(route, &underlying);
        }
        let bare = bare_id(route, model);
        self.families.iter().find(|family| family.id(route) == Some(bare))
    }
}

/// `model` without what a route lets wrap a catalog id: an ARN's path and a profile geography
/// on Bedrock, a resource-name prefix on Google.
fn bare_id(route: RouteId, model: &str) -> &str {
    match route.spec().model_ids {
        ModelIds::BedrockRuntime | ModelIds::BedrockMantle => {
            let tail = if model.starts_with("arn:") { model.rsplit('/').next().unwrap_or(model) } else { model };
            match tail.split_once('.') {
                Some((prefix, rest)) if Geo::from_prefix(prefix).is_some() => rest,
                _ => tail,
            }
        }
        ModelIds::GoogleResource => model.rsplit_once("models/").map_or(model, |(_, id)| id),
        ModelIds::Plain | ModelIds::PublisherModel => model,
    }
}

/// The emulator's models as Bedrock ids on `route`, for demo mode: Mantle's unversioned
/// `anthropic.…` ids, the runtime's versioned ones, a geo inference-profile id, and a model that
/// only works through an inference profile (to show that error and its fix).
#[must_use]
pub fn bedrock_demo_ids(route: RouteId) -> Vec<String> {
    let base = EMULATOR_MODELS.iter().map(|(id, _)| *id);
    if route.spec().model_ids == ModelIds::BedrockMantle {
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

    #[test]
    fn every_family_has_an_id_and_claude_4_is_profile_only_on_bedrock() {
        let catalog = Catalog::builtin();
        for family in catalog.families() {
            assert!(!family.ids.is_empty(), "{}", family.name);
            if family.name.starts_with("Claude") && family.id(RouteId::BedrockInvoke).is_some() {
                assert!(family.bedrock_profile_only && !family.bedrock_profiles.is_empty(), "{}", family.name);
            }
            for price in &family.prices {
                assert!(price.source.starts_with("https://") && !price.as_of.is_empty(), "{}", family.name);
            }
        }
    }

    #[test]
    fn ids_are_unwrapped_per_route() {
        let arn = "arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.anthropic.claude-x-v1:0";
        assert_eq!(bare_id(RouteId::BedrockConverse, arn), "anthropic.claude-x-v1:0");
        assert_eq!(bare_id(RouteId::BedrockInvoke, "us-gov.anthropic.claude-x"), "anthropic.claude-x");
        assert_eq!(bare_id(RouteId::BedrockInvoke, "anthropic.claude-x"), "anthropic.claude-x");
        assert_eq!(bare_id(RouteId::GeminiApi, "models/gemini-2.5-pro"), "gemini-2.5-pro");
        assert_eq!(bare_id(RouteId::Anthropic, "eu.claude"), "eu.claude");
    }
}
