//! The route and model chosen for the next run.

use crate::models::{Catalog, ModelEntry};
use crate::routes::{Place, RouteId, Target};

pub use crate::routes::Places;

/// The route/model pane's state: a cursor over routes and, per route, over its models.
#[derive(Debug, Clone)]
pub struct TargetsState {
    routes: Vec<RouteChoice>,
    selected: usize,
    /// AWS region and profile for the next run on an AWS route (`None`: from the environment).
    pub region: Option<String>,
    pub profile: Option<String>,
    /// Vertex location and project for the next run on a Vertex route (`None`: likewise).
    pub location: Option<String>,
    pub project: Option<String>,
}

/// One route and its models, with the model cursor.
#[derive(Debug, Clone)]
pub struct RouteChoice {
    pub route: RouteId,
    pub models: Vec<ModelEntry>,
    pub selected: usize,
}

impl TargetsState {
    /// Every route with its catalog models, starting on `route`/`model` (a model not in the
    /// catalog is added as a custom one).
    #[must_use]
    pub fn new(catalog: &Catalog, route: RouteId, model: Option<&str>) -> Self {
        let routes = RouteId::ALL
            .into_iter()
            .map(|route| RouteChoice { route, models: catalog.models(route).to_vec(), selected: 0 })
            .collect();
        let mut state = Self { routes, selected: 0, region: None, profile: None, location: None, project: None };
        state.selected = state.routes.iter().position(|c| c.route == route).unwrap_or(0);
        if let Some(model) = model {
            state.choose_model(model);
        }
        state
    }

    #[must_use]
    pub fn routes(&self) -> &[RouteChoice] {
        &self.routes
    }

    #[must_use]
    pub fn selected_index(&self) -> usize {
        self.selected
    }

    #[must_use]
    pub fn current(&self) -> &RouteChoice {
        &self.routes[self.selected]
    }

    /// The target the next run goes to.
    #[must_use]
    pub fn target(&self) -> Target {
        let choice = self.current();
        let model = choice.models.get(choice.selected).map(|m| m.id.clone()).unwrap_or_default();
        self.places().target(choice.route, model)
    }

    /// The region, profile, location and project chosen for the next runs.
    #[must_use]
    pub fn places(&self) -> Places {
        Places {
            region: self.region.clone(),
            profile: self.profile.clone(),
            location: self.location.clone(),
            project: self.project.clone(),
        }
    }

    /// Move the route cursor by `delta`, wrapping.
    pub fn move_route(&mut self, delta: isize) {
        self.selected = wrap(self.selected, delta, self.routes.len());
    }

    /// Move the model cursor of the current route by `delta`, wrapping.
    pub fn move_model(&mut self, delta: isize) {
        let choice = &mut self.routes[self.selected];
        choice.selected = wrap(choice.selected, delta, choice.models.len());
    }

    /// Show or hide the emulator's Bedrock model ids (demo mode) at the top of each Bedrock
    /// route's list. A model id typed by hand (or given with `--model`) stays chosen; a catalog
    /// model gives way to the first demo one, since real ids fail against the emulator.
    pub fn show_demo_models(&mut self, show: bool) {
        for choice in self.routes.iter_mut().filter(|choice| choice.route.is_aws()) {
            let current = choice.models.get(choice.selected);
            let chosen = current.filter(|m| !show || m.label == CUSTOM_LABEL).map(|m| m.id.clone());
            choice.models.retain(|model| model.label != DEMO_LABEL);
            if show {
                let demo = crate::models::bedrock_demo_ids(choice.route)
                    .into_iter()
                    .map(|id| ModelEntry { id, label: DEMO_LABEL.into() });
                choice.models.splice(0..0, demo);
            }
            let first_demo = if show { Some(0) } else { None };
            choice.selected =
                chosen.and_then(|id| choice.models.iter().position(|m| m.id == id)).or(first_demo).unwrap_or(0);
        }
    }

    /// Replace `route`'s listed models with what the control plane reported, keeping typed-in
    /// ids and the chosen model when it is still offered.
    pub fn use_discovered(&mut self, route: RouteId, models: Vec<ModelEntry>) {
        let Some(choice) = self.routes.iter_mut().find(|choice| choice.route == route) else { return };
        if models.is_empty() {
            return;
        }
        let chosen = choice.models.get(choice.selected).map(|m| m.id.clone());
        let custom: Vec<ModelEntry> = choice.models.drain(..).filter(|m| m.label == CUSTOM_LABEL).collect();
        choice.models = models;
        choice.models.extend(custom);
        choice.selected = chosen.and_then(|id| choice.models.iter().position(|m| m.id == id)).unwrap_or(0);
    }

    /// Select `target`'s route and model, and take its places (region, profile, location,
    /// project) for that kind of route.
    pub fn choose_target(&mut self, target: &Target) {
        if let Some(index) = self.routes.iter().position(|choice| choice.route == target.route) {
            self.selected = index;
        }
        self.choose_model(&target.model);
        match &target.place {
            Place::None => {}
            Place::Aws { region, profile } => (self.region, self.profile) = (region.clone(), profile.clone()),
            Place::Vertex { location, project } => (self.location, self.project) = (location.clone(), project.clone()),
        }
    }

    /// Select `model` on the current route, adding it as a custom id when unknown.
    pub fn choose_model(&mut self, model: &str) {
        let choice = &mut self.routes[self.selected];
        if let Some(index) = choice.models.iter().position(|m| m.id == model) {
            choice.selected = index;
        } else {
            choice.models.push(ModelEntry { id: model.to_owned(), label: CUSTOM_LABEL.into() });
            choice.selected = choice.models.len() - 1;
        }
    }
}

/// The label of model ids typed by hand.
const CUSTOM_LABEL: &str = "custom";

/// The label of the emulator's Bedrock model ids in demo mode.
const DEMO_LABEL: &str = "demo (built-in emulator)";

fn wrap(index: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let step = delta.unsigned_abs() % len;
    if delta < 0 { (index + len - step) % len } else { (index + step) % len }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_wraps_around() {
        let mut state = TargetsState::new(&Catalog::builtin(), RouteId::Emulator, None);
        state.move_route(-1);
        assert_eq!(state.current().route, *RouteId::ALL.last().unwrap());
        state.move_route(1);
        assert_eq!(state.current().route, RouteId::Emulator);
    }

    #[test]
    fn an_unknown_model_becomes_a_custom_entry() {
        let mut state = TargetsState::new(&Catalog::builtin(), RouteId::Anthropic, Some("claude-next"));
        assert_eq!(state.target().model, "claude-next");
        state.move_model(1);
        assert_ne!(state.target().model, "claude-next");
    }
}
