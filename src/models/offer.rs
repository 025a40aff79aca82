//! "Same model, every route": the target a family is reached by on each route for a given AWS
//! region and Vertex location, or why that route cannot offer it. Never a doomed target.

use super::{Catalog, Family, Geo};
use crate::auth::aws::sigv4::service;
pub use crate::routes::Places;
use crate::routes::bedrock::geo_prefix;
use crate::routes::{Place, PlaceKind, RouteId, Target};

/// A family on one route: the target to run, or why the route does not offer it there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteOffer {
    Offered(Target),
    NotOffered { route: RouteId, reason: String },
}

impl RouteOffer {
    #[must_use]
    pub fn route(&self) -> RouteId {
        match self {
            RouteOffer::Offered(target) => target.route,
            RouteOffer::NotOffered { route, .. } => *route,
        }
    }
}

/// The AWS region a profile-only family is offered for when no region is given. Its profile id
/// depends on the region, so the target names the region (rather than leaving it to the
/// environment, which could pick one where that profile does not exist).
pub const DEFAULT_AWS_REGION: &str = crate::routes::bedrock::SHOWN_REGION;

/// The Vertex location used when none is given (the route's default, `config/file.rs`).
const DEFAULT_VERTEX_LOCATION: &str = "global";

/// Regions without a Mantle endpoint (PROTOCOLS.md Route 2, from the AWS endpoint table).
fn mantle_serves(region: &str) -> bool {
    !region.starts_with("ca-") && !["us-west-1", "eu-central-2", "eu-south-2", "eu-west-3"].contains(&region)
}

impl Catalog {
    /// `family` on every route but the emulator, for the given places. A route or place that
    /// lacks it is `NotOffered` with the reason.
    ///
    /// Bedrock: a profile-only family is sent as the profile of the region's geography, else as
    /// its `global.` profile; without a region it is offered for [`DEFAULT_AWS_REGION`], and the
    /// target says so in its `region`. Vertex: without a location the route's default (`global`)
    /// is assumed; a family not served there gets its first listed location instead.
    #[must_use]
    pub fn every_route(&self, family: &Family, places: &Places) -> Vec<RouteOffer> {
        RouteId::ALL
            .into_iter()
            .filter(|route| *route != RouteId::Emulator)
            .map(|route| offer(family, route, places))
            .collect()
    }
}

fn offer(family: &Family, route: RouteId, places: &Places) -> RouteOffer {
    let Some(id) = family.id(route) else {
        return RouteOffer::NotOffered { route, reason: format!("{} has no {route} id in the catalog", family.name) };
    };
    let target = Target::new(route, id);
    let located = match route.spec().place_kind() {
        PlaceKind::Aws => on_bedrock(family, target, places),
        PlaceKind::Vertex => on_vertex(family, target, places),
        PlaceKind::None => Ok(target),
    };
    located.map_or_else(|reason| RouteOffer::NotOffered { route, reason }, RouteOffer::Offered)
}

fn on_bedrock(family: &Family, mut target: Target, places: &Places) -> Result<Target, String> {
    let given = places.region.as_deref();
    let aws = |region: Option<&str>| Place::Aws { region: region.map(str::to_owned), profile: places.profile.clone() };
    // Mantle (its Anthropic and its OpenAI surface) has its own regions and takes no inference
    // profiles: only the runtime's ids are foundation ids a profile wraps.
    if target.route.spec().signing_name == Some(service::BEDROCK_MANTLE) {
        if let Some(region) = given.filter(|region| !mantle_serves(region)) {
            return Err(format!("{} has no endpoint in {region}", target.route));
        }
        target.place = aws(given);
        return Ok(target);
    }
    if !family.bedrock_profile_only {
        target.place = aws(given);
        return Ok(target);
    }
    let region = given.unwrap_or(DEFAULT_AWS_REGION);
    let geo = profile_geo(family, region)?;
    target.model = format!("{}.{}", geo.prefix(), target.model);
    target.place = aws(Some(region));
    Ok(target)
}

/// The inference profile to invoke `family` through from `region`: the region's geography, or
/// the global profile where the family has no profile in that geography.
fn profile_geo(family: &Family, region: &str) -> Result<Geo, String> {
    let local = geo_prefix(region).and_then(Geo::from_prefix);
    if let Some(geo) = local.filter(|geo| family.bedrock_profiles.contains(geo)) {
        return Ok(geo);
    }
    if family.bedrock_profiles.contains(&Geo::Global) {
        return Ok(Geo::Global);
    }
    let listed: Vec<String> = family.bedrock_profiles.iter().map(|geo| format!("{}.", geo.prefix())).collect();
    let listed = if listed.is_empty() { "none listed".to_owned() } else { listed.join(", ") };
    Err(match local {
        Some(geo) => format!(
            "{} needs an inference profile and has none for {region} ({}. missing; profiles: {listed})",
            family.name,
            geo.prefix()
        ),
        None => format!("{} needs an inference profile and {region} has no profile geography", family.name),
    })
}

fn on_vertex(family: &Family, mut target: Target, places: &Places) -> Result<Target, String> {
    let served = &family.vertex_locations;
    let is_served = |location: &str| served.is_empty() || served.iter().any(|known| known == location);
    let location = match places.location.as_deref() {
        Some(location) if !is_served(location) => {
            return Err(format!(
                "{} is not served in {location} on Vertex AI (served in {})",
                family.name,
                served.join(", ")
            ));
        }
        Some(location) => Some(location.to_owned()),
        None if !is_served(DEFAULT_VERTEX_LOCATION) => served.first().cloned(),
        None => None,
    };
    target.place = Place::Vertex { location, project: places.project.clone() };
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(region: Option<&str>, location: Option<&str>) -> Places {
        Places { region: region.map(Into::into), location: location.map(Into::into), ..Places::default() }
    }

    fn offered(catalog: &Catalog, family: &str, route: RouteId, places: &Places) -> RouteOffer {
        let family = catalog.family(family).expect("family");
        catalog.every_route(family, places).into_iter().find(|offer| offer.route() == route).expect("route")
    }

    #[test]
    fn a_geography_without_the_profile_falls_back_to_global() {
        let catalog = Catalog::builtin();
        let RouteOffer::Offered(target) =
            offered(&catalog, "Claude Sonnet 4.5", RouteId::BedrockInvoke, &places(Some("ap-south-1"), None))
        else {
            panic!("offered")
        };
        assert_eq!(target.model, "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    #[test]
    fn no_profile_and_no_global_is_not_offered() {
        let catalog = Catalog::builtin();
        let offer = offered(&catalog, "Claude Opus 4.1", RouteId::BedrockConverse, &places(Some("eu-west-1"), None));
        let RouteOffer::NotOffered { reason, .. } = offer else { panic!("{offer:?}") };
        assert!(reason.contains("eu. missing"), "{reason}");
    }

    #[test]
    fn mantle_regions_and_vertex_defaults() {
        let catalog = Catalog::builtin();
        let offer = offered(&catalog, "Claude Haiku 4.5", RouteId::BedrockMantle, &places(Some("eu-west-3"), None));
        assert!(matches!(offer, RouteOffer::NotOffered { .. }), "{offer:?}");
        let RouteOffer::Offered(target) =
            offered(&catalog, "Claude Opus 4.1", RouteId::VertexClaude, &places(None, None))
        else {
            panic!("offered")
        };
        assert_eq!(target.place.location(), Some("us-east5"));
    }
}
