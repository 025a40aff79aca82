//! `routeplay doctor`'s checks: can this model be called on this route from here, and if not,
//! why not. Each check is one line with its outcome and, when it failed, the fix (the same
//! hints runs get). The checks run in order: the credential and who it is, the place, the
//! endpoint, whether its host resolves, connects, shakes hands and keeps time ([`reach`]),
//! whether the model can be had there ([`access`]), and only when asked, one live request of one
//! output token ([`probe`]).

pub mod access;
pub mod probe;
pub mod reach;
mod who;

use super::setup::{self, RouteSetup, Surroundings};
use crate::models::{Catalog, RouteOffer};
use crate::routes::request::ChatRequest;
use crate::routes::spec::{AuthScheme, Endpoint, ModelIds};
use crate::routes::{Place, RouteId, Target};
use serde::Serialize;
use std::time::Duration;

/// How long one check's request may take, connect and answer included.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(10);

/// A check's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
    /// Not known for sure (an answer whose meaning is undocumented); does not fail the route.
    Unconfirmed,
    /// Not run: an earlier check failed, or it does not apply.
    Skipped,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub check: &'static str,
    pub status: Status,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    #[must_use]
    pub fn ok(check: &'static str, detail: impl Into<String>) -> Self {
        Self { check, status: Status::Ok, detail: detail.into(), fix: None }
    }

    #[must_use]
    pub fn failed(check: &'static str, detail: impl Into<String>, fix: Option<String>) -> Self {
        Self { check, status: Status::Failed, detail: detail.into(), fix }
    }

    #[must_use]
    pub fn unconfirmed(check: &'static str, detail: impl Into<String>) -> Self {
        Self { check, status: Status::Unconfirmed, detail: detail.into(), fix: None }
    }

    #[must_use]
    pub fn skipped(check: &'static str, detail: impl Into<String>) -> Self {
        Self { check, status: Status::Skipped, detail: detail.into(), fix: None }
    }

    /// A failed check from a run's error: its line, and its hint as the fix.
    #[must_use]
    pub fn from_error(check: &'static str, error: &crate::routes::error::RunError) -> Self {
        let status = error.status.map(|status| format!("HTTP {status} ")).unwrap_or_default();
        let kind = error.provider_type.as_deref().map(|kind| format!("{kind}: ")).unwrap_or_default();
        Self::failed(check, format!("{status}{kind}{}", error.message), error.hint.clone())
    }
}

/// One route's report. `setup` and `target` are kept for the probe.
#[derive(Debug, Clone)]
pub struct RouteReport {
    pub target: Target,
    pub checks: Vec<Check>,
    pub setup: Option<RouteSetup>,
}

impl RouteReport {
    /// Ready when no check failed.
    #[must_use]
    pub fn ready(&self) -> bool {
        self.checks.iter().all(|check| check.status != Status::Failed)
    }
}

/// Run every check but the probe for `model` (else the route's default) on `route`.
pub async fn check(
    route: RouteId,
    model: Option<&str>,
    around: &Surroundings<'_>,
    http: &reqwest::Client,
) -> RouteReport {
    let catalog = Catalog::shared();
    let first = model.map(str::to_owned).or_else(|| default_model(route, around)).unwrap_or_default();
    let mut target = around.places.target(route, first);
    let mut checks = Vec::new();
    let resolved = setup::resolve(&target, around).await;
    if model.is_none() {
        let region = resolved.as_ref().ok().and_then(|setup| setup.place.region().map(str::to_owned));
        target.model = profile_default(catalog, route, &target.model, region.as_deref());
    }
    let setup = match resolved {
        Ok(setup) => {
            checks.push(Check::ok("credential", setup.source.clone()));
            checks.extend(who::identity(&target, &setup, around, http).await);
            if let Some(place) = place_line(&setup.place) {
                checks.push(Check::ok("place", place));
            }
            Some(setup)
        }
        Err(error) => {
            checks.push(Check::failed("credential", error.message.clone(), error.hint.clone()));
            if route.is_vertex() {
                let location = super::google_setup::location(&target, &around.config.routes.google, around.env);
                target.place = target.place.with_site(Some(location));
            }
            None
        }
    };
    let base_url =
        setup.as_ref().map(|setup| setup.base_url.clone()).or_else(|| who::unresolved_base_url(route, around));
    let Some(base_url) = base_url.filter(|url| !url.is_empty()) else {
        let fix = format!("set the route's region or location, or its host with {}", route.spec().host_overrides());
        checks.push(Check::failed("endpoint", "no host to call: the route's place is not known", Some(fix)));
        return RouteReport { target, checks, setup };
    };
    checks.push(Check::ok("endpoint", endpoint_line(&target, &base_url, setup.as_ref())));
    let signs = matches!(route.spec().auth, AuthScheme::Aws | AuthScheme::GoogleAdc);
    let reached = reach::reach(http, &base_url, signs).await;
    let connected = reached.connected;
    checks.extend(reached.checks);
    checks.extend(access::inference_profile(catalog, &target, setup.as_ref()));
    match (&setup, connected) {
        (Some(setup), true) => checks.extend(access::model_access(&target, setup, around, http).await),
        (None, _) => checks.push(Check::skipped("model", "not checked without a credential")),
        (Some(_), false) => checks.push(Check::skipped("model", "not checked: the host cannot be reached")),
    }
    RouteReport { target, checks, setup }
}

/// The model a route is checked with when none is given: the config file's default for it,
/// else the catalog's first.
fn default_model(route: RouteId, around: &Surroundings<'_>) -> Option<String> {
    let defaults = &around.config.defaults;
    let configured = defaults.model.clone().filter(|_| defaults.route.as_deref() == Some(route.name()));
    configured.or_else(|| Catalog::shared().models(route).first().map(|entry| entry.id.clone()))
}

/// A catalog default on the Bedrock runtime as it is invoked from `region`: through the
/// region's inference profile when the family has no on-demand throughput.
fn profile_default(catalog: &Catalog, route: RouteId, model: &str, region: Option<&str>) -> String {
    let Some(family) = catalog.family_of(route, model).filter(|_| route.spec().model_ids == ModelIds::BedrockRuntime)
    else {
        return model.to_owned();
    };
    let places = crate::models::Places { region: region.map(str::to_owned), ..Default::default() };
    match catalog.every_route(family, &places).into_iter().find(|offer| offer.route() == route) {
        Some(RouteOffer::Offered(offered)) => offered.model,
        _ => model.to_owned(),
    }
}

fn place_line(place: &Place) -> Option<String> {
    let or = |part: Option<&str>, none: &str| part.unwrap_or(none).to_owned();
    match place {
        Place::None => None,
        Place::Aws { region, profile } => {
            Some(format!("region {} · profile {}", or(region.as_deref(), "not set"), or(profile.as_deref(), "default")))
        }
        Place::Vertex { location, project } => Some(format!(
            "project {} · location {}",
            or(project.as_deref(), "not set"),
            or(location.as_deref(), "not set")
        )),
    }
}

/// The request a run would send: its method and URL (credentials are never in it).
fn endpoint_line(target: &Target, base_url: &str, setup: Option<&RouteSetup>) -> String {
    let place = setup.map_or(&target.place, |setup| &setup.place);
    let endpoint = Endpoint {
        base_url,
        version: setup.map_or("", |setup| setup.version.as_str()),
        project: place.project().unwrap_or("PROJECT"),
        location: place.location().unwrap_or("LOCATION"),
    };
    let request = target.route.spec().request(&endpoint, &target.model, &ChatRequest::single(""));
    format!("{} {}", request.method, request.url)
}
