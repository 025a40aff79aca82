//! Where a run goes beyond its route and model: the AWS region and profile of a Bedrock route,
//! the location and project of a Vertex route, nothing for the others. One typed value, so a
//! Vertex location is never carried as a "region" and a project never as a "profile".

/// Which place a route's runs take; a route's spec says which ([`super::spec::RouteSpec::place_kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// The route's host does not depend on where the user is.
    None,
    /// An AWS region and profile.
    Aws,
    /// A Vertex AI location and Google Cloud project.
    Vertex,
}

/// The place of one target. A `None` part is left to the config file and the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Place {
    #[default]
    None,
    Aws {
        region: Option<String>,
        profile: Option<String>,
    },
    Vertex {
        location: Option<String>,
        project: Option<String>,
    },
}

impl Place {
    /// A place of `kind` with nothing chosen.
    #[must_use]
    pub fn empty(kind: PlaceKind) -> Self {
        match kind {
            PlaceKind::None => Place::None,
            PlaceKind::Aws => Place::Aws { region: None, profile: None },
            PlaceKind::Vertex => Place::Vertex { location: None, project: None },
        }
    }

    #[must_use]
    pub fn kind(&self) -> PlaceKind {
        match self {
            Place::None => PlaceKind::None,
            Place::Aws { .. } => PlaceKind::Aws,
            Place::Vertex { .. } => PlaceKind::Vertex,
        }
    }

    /// The AWS region, on an AWS place.
    #[must_use]
    pub fn region(&self) -> Option<&str> {
        match self {
            Place::Aws { region, .. } => region.as_deref(),
            _ => None,
        }
    }

    /// The AWS profile, on an AWS place.
    #[must_use]
    pub fn profile(&self) -> Option<&str> {
        match self {
            Place::Aws { profile, .. } => profile.as_deref(),
            _ => None,
        }
    }

    /// The Vertex location, on a Vertex place.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        match self {
            Place::Vertex { location, .. } => location.as_deref(),
            _ => None,
        }
    }

    /// The Google Cloud project, on a Vertex place.
    #[must_use]
    pub fn project(&self) -> Option<&str> {
        match self {
            Place::Vertex { project, .. } => project.as_deref(),
            _ => None,
        }
    }

    /// The part the host depends on: the AWS region or the Vertex location. It is what the
    /// `route@SITE:model` form carries.
    #[must_use]
    pub fn site(&self) -> Option<&str> {
        self.region().or(self.location())
    }

    /// This place with its region or location set to `site` (nothing changes on `None`).
    #[must_use]
    pub fn with_site(self, site: Option<String>) -> Self {
        match self {
            Place::None => Place::None,
            Place::Aws { profile, .. } => Place::Aws { region: site, profile },
            Place::Vertex { project, .. } => Place::Vertex { location: site, project },
        }
    }

    /// A place of `kind` from its four parts as they are stored or written apart; the parts
    /// of the other kind are dropped.
    #[must_use]
    pub fn from_parts(kind: PlaceKind, parts: Places) -> Self {
        match kind {
            PlaceKind::None => Place::None,
            PlaceKind::Aws => Place::Aws { region: parts.region, profile: parts.profile },
            PlaceKind::Vertex => Place::Vertex { location: parts.location, project: parts.project },
        }
    }

    /// A place from its parts as stored beside a route's name: of the kind that route takes,
    /// or for a route this build does not know (a newer routeplay's), of the kind the parts
    /// that are set tell.
    #[must_use]
    pub fn for_route_name(route: &str, parts: Places) -> Self {
        let kind = route.parse::<super::RouteId>().map_or_else(|_| parts.kind(), |route| route.spec().place_kind());
        Self::from_parts(kind, parts)
    }

    /// [`Place::for_route_name`] for a file written by any routeplay: before places were typed,
    /// a Vertex target's location was written as its `region`.
    #[must_use]
    pub fn from_written(route: &str, mut parts: Places) -> Self {
        let vertex = route.parse::<super::RouteId>().is_ok_and(|route| route.spec().place_kind() == PlaceKind::Vertex);
        if vertex && parts.location.is_none() {
            parts.location = parts.region.take();
        }
        Self::for_route_name(route, parts)
    }

    /// The place's four parts, for a store row or a file that keeps them in columns or fields.
    #[must_use]
    pub fn into_parts(self) -> Places {
        match self {
            Place::None => Places::default(),
            Place::Aws { region, profile } => Places { region, profile, ..Places::default() },
            Place::Vertex { location, project } => Places { location, project, ..Places::default() },
        }
    }
}

/// A place's four parts side by side: the places chosen for each kind of route at once (the
/// AWS region and profile of the Bedrock routes, the location and project of the Vertex routes;
/// `None`: from the config file and the environment), as the playground, `ask` and `routes`
/// hold them, and a stored place spread over the history's columns or a run file's fields,
/// where only the parts of one kind are set. A target takes the part its route's kind needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub location: Option<String>,
    pub project: Option<String>,
}

impl Places {
    /// The kind these parts describe, for a record whose route this build does not know.
    #[must_use]
    pub fn kind(&self) -> PlaceKind {
        if self.location.is_some() || self.project.is_some() {
            PlaceKind::Vertex
        } else if self.region.is_some() || self.profile.is_some() {
            PlaceKind::Aws
        } else {
            PlaceKind::None
        }
    }

    /// The place of `kind` among these.
    #[must_use]
    pub fn of(&self, kind: PlaceKind) -> Place {
        Place::from_parts(kind, self.clone())
    }

    /// `model` on `route` at the place of its kind.
    #[must_use]
    pub fn target(&self, route: super::RouteId, model: impl Into<String>) -> super::Target {
        super::Target { place: self.of(route.spec().place_kind()), ..super::Target::new(route, model) }
    }

    /// Take `place` as the current one of its kind, leaving the other kind's as it is.
    pub fn choose(&mut self, place: &Place) {
        match place {
            Place::None => {}
            Place::Aws { region, profile } => (self.region, self.profile) = (region.clone(), profile.clone()),
            Place::Vertex { location, project } => {
                (self.location, self.project) = (location.clone(), project.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::RouteId;

    #[test]
    fn each_route_takes_the_place_of_its_kind() {
        let places = Places {
            region: Some("eu-west-1".into()),
            profile: Some("dev".into()),
            location: Some("us-east5".into()),
            project: Some("p1".into()),
        };
        let aws = places.target(RouteId::BedrockConverse, "m").place;
        assert_eq!((aws.region(), aws.profile(), aws.location()), (Some("eu-west-1"), Some("dev"), None));
        let vertex = places.target(RouteId::VertexClaude, "m").place;
        assert_eq!((vertex.location(), vertex.project(), vertex.region()), (Some("us-east5"), Some("p1"), None));
        assert_eq!(vertex.site(), Some("us-east5"));
        assert_eq!(places.target(RouteId::Anthropic, "m").place, Place::None);
    }

    #[test]
    fn parts_round_trip_and_tell_their_kind() {
        let vertex = Place::Vertex { location: Some("eu".into()), project: Some("p".into()) };
        let parts = vertex.clone().into_parts();
        assert_eq!((parts.region.as_deref(), parts.kind()), (None, PlaceKind::Vertex));
        assert_eq!(Place::from_parts(parts.kind(), parts), vertex);
        let aws = Places { profile: Some("dev".into()), ..Places::default() };
        assert_eq!(aws.kind(), PlaceKind::Aws);
        assert_eq!(Places::default().kind(), PlaceKind::None);
    }

    #[test]
    fn choosing_a_place_keeps_the_other_kind() {
        let mut places = Places { region: Some("eu-west-1".into()), ..Places::default() };
        places.choose(&Place::Vertex { location: Some("global".into()), project: None });
        assert_eq!((places.region.as_deref(), places.location.as_deref()), (Some("eu-west-1"), Some("global")));
        places.choose(&Place::Aws { region: None, profile: Some("dev".into()) });
        assert_eq!((places.region, places.profile.as_deref()), (None, Some("dev")));
    }
}
