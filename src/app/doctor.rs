//! The doctor inside the playground (`D` in the route pane): `routeplay doctor`'s checks for the
//! chosen route and model, at the places chosen in the route pane, shown in an overlay as they
//! come back: can this model be called on this route from here, and if not, why not and the fix.

use super::effect::Effect;
use super::{App, Overlay};
use crate::client::doctor::Check;
use crate::routes::Target;

/// The doctor overlay: the target it checks, and its checks once they are back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoctorView {
    pub target: Target,
    /// `None` while the checks run.
    pub checks: Option<Vec<Check>>,
    pub scroll: u16,
}

impl App {
    /// Open the doctor on the chosen target and ask the runtime for its checks.
    pub(super) fn open_doctor(&mut self) -> Vec<Effect> {
        let target = self.targets.target();
        if target.model.trim().is_empty() {
            self.complain(format!("{} has no model selected: press m in the route pane to type one", target.route));
            return Vec::new();
        }
        self.overlay = Some(Overlay::Doctor(Box::new(DoctorView { target: target.clone(), checks: None, scroll: 0 })));
        vec![Effect::Doctor { target, places: self.targets.places(), demo: self.demo }]
    }

    /// The checks for `target`, shown if the doctor is still open on it.
    pub(super) fn on_doctored(&mut self, target: &Target, checks: Vec<Check>) {
        if let Some(Overlay::Doctor(view)) = &mut self.overlay
            && view.target == *target
        {
            view.checks = Some(checks);
        }
    }
}
