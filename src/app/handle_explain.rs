//! The route explainer's actions: open it on the chosen target, choose the route to diff
//! against, close it.

use super::action::Action;
use super::explain::ExplainView;
use super::targets::Places;
use super::{App, Overlay};

impl App {
    /// F7: open the explainer on the route and model chosen in the route pane, or close it.
    pub(super) fn toggle_explain(&mut self) {
        if matches!(self.overlay, Some(Overlay::Explain(_))) {
            self.overlay = None;
            return;
        }
        let view = ExplainView::new(&self.catalog, &self.explain_places(), self.targets.target(), &self.prompt.params);
        self.overlay = Some(Overlay::Explain(Box::new(view)));
    }

    /// Left and right in the explainer: diff against the previous or next route.
    pub(super) fn cycle_explained(&mut self, action: Action) {
        let places = self.explain_places();
        if let Some(Overlay::Explain(view)) = &mut self.overlay {
            let delta = if action == Action::PrevRoute { -1 } else { 1 };
            view.cycle_other(&self.catalog, &places, delta, &self.prompt.params);
        }
    }

    /// The region, profile, location and project chosen in the route pane.
    fn explain_places(&self) -> Places {
        let targets = &self.targets;
        Places {
            region: targets.region.clone(),
            profile: targets.profile.clone(),
            location: targets.location.clone(),
            project: targets.project.clone(),
        }
    }
}
