//! "This model on every route": the compare set built from the chosen model's family in the
//! catalog, for the chosen AWS region and Vertex location, leaving out (and naming) the routes
//! that cannot offer it or have no credential.

use super::App;
use super::compare::Compare;
use crate::routes::Target;

impl App {
    /// The chosen model's family on every route that offers it, for the chosen places.
    pub(super) fn compare_every_route(&mut self) {
        let target = self.targets.target();
        let Some(family) = self.catalog.family_of(target.route, &target.model) else {
            self.complain(format!("{} is not in the model catalog: add targets one by one with a", target.model));
            return;
        };
        let places = super::targets::Places {
            region: self.targets.region.clone(),
            profile: self.targets.profile.clone(),
            location: self.targets.location.clone(),
            project: self.targets.project.clone(),
        };
        let (offered, missing): (Vec<_>, Vec<_>) = self
            .catalog
            .every_route(family, &places)
            .into_iter()
            .partition(|offer| matches!(offer, crate::models::RouteOffer::Offered(_)));
        let (targets, unready): (Vec<Target>, Vec<Target>) = offered
            .into_iter()
            .filter_map(|offer| match offer {
                crate::models::RouteOffer::Offered(target) => Some(target),
                crate::models::RouteOffer::NotOffered { .. } => None,
            })
            .partition(|target| {
                !matches!(self.sidebar.status(target.route), Some(crate::auth::CredentialStatus::Missing { .. }))
            });
        // A Claude model is never on the Gemini routes, nor Gemini on the Claude ones: only the
        // routes that could have offered it are worth naming.
        let claude = family.is_claude();
        let skipped: Vec<String> = missing
            .into_iter()
            .filter_map(|offer| match offer {
                crate::models::RouteOffer::NotOffered { route, reason } if claude != is_gemini_route(route) => {
                    Some(format!("{route}: {reason}"))
                }
                _ => None,
            })
            .collect();
        let skipped: Vec<String> = skipped
            .into_iter()
            .chain(unready.iter().map(|target| format!("{}: no credential (see the sidebar)", target.route)))
            .collect();
        let name = family.name.clone();
        self.compare = Compare::of(targets);
        self.compare_shown = true;
        let note = if skipped.is_empty() { String::new() } else { format!("; not offered: {}", skipped.join("; ")) };
        self.notify(format!("compare {name} on {} routes{note}", self.compare.columns.len()));
    }
}

/// The routes that serve only Gemini models, as their spec says.
fn is_gemini_route(route: crate::routes::RouteId) -> bool {
    route.spec().capabilities.serves == crate::routes::capabilities::Serves::Gemini
}
