//! The route and model chosen for the next run.

use crate::models::{Catalog, ModelEntry};
use crate::routes::{RouteId, Target};

/// The route/model pane's state: a cursor over routes and, per route, over its models.
#[derive(Debug, Clone)]
pub struct TargetsState {
    routes: Vec<RouteChoice>,
    selected: usize,
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
        let mut state = Self { routes, selected: 0 };
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
        Target { route: choice.route, model }
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

    /// Select `model` on the current route, adding it as a custom id when unknown.
    pub fn choose_model(&mut self, model: &str) {
        let choice = &mut self.routes[self.selected];
        if let Some(index) = choice.models.iter().position(|m| m.id == model) {
            choice.selected = index;
        } else {
            choice.models.push(ModelEntry { id: model.to_owned(), label: "custom".into() });
            choice.selected = choice.models.len() - 1;
        }
    }
}

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
