//! The route explainer: what each route is (a card from `assets/routes.toml`, with sources)
//! and how two routes differ on the wire for the same model ([`compare_routes`], built from
//! the real request builders). Pure: the data is embedded and nothing here does I/O.

mod diff;

pub use diff::{DiffRow, ModelPlace, RouteDiff, Side, compare_routes, sample_request};

use super::RouteId;
use serde::Deserialize;
use std::sync::LazyLock;

const ROUTES_FILE: &str = include_str!("../../assets/routes.toml");

/// What one route is: endpoint, auth, where credentials come from, billing, data residency,
/// audit logging, private networking, feature lag, models and framing, with the sources.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RouteCard {
    pub id: RouteId,
    pub name: String,
    pub summary: String,
    pub endpoint: String,
    pub auth_method: String,
    pub credentials: String,
    pub billing: String,
    pub residency: String,
    pub audit: String,
    pub private_networking: String,
    pub feature_lag: String,
    pub models: String,
    /// How the answer streams back, in a phrase (also the diff's framing row).
    pub framing: String,
    pub sources: Vec<String>,
}

impl RouteCard {
    /// The header that carries the credential, from the route's spec: its name, never a value.
    #[must_use]
    pub fn auth_header(&self) -> &'static str {
        self.id.spec().auth.header()
    }

    /// The card's facts as `(label, text)` rows, in the order the explainer shows them.
    #[must_use]
    pub fn facts(&self) -> [(&'static str, &str); 10] {
        [
            ("Endpoint", &self.endpoint),
            ("Auth", &self.auth_method),
            ("Credentials", &self.credentials),
            ("Billing", &self.billing),
            ("Data residency", &self.residency),
            ("Audit logging", &self.audit),
            ("Private network", &self.private_networking),
            ("Feature lag", &self.feature_lag),
            ("Models", &self.models),
            ("Stream framing", &self.framing),
        ]
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutesFile {
    route: Vec<RouteCard>,
}

static CARDS: LazyLock<Vec<RouteCard>> =
    LazyLock::new(|| toml::from_str::<RoutesFile>(ROUTES_FILE).expect("assets/routes.toml parses").route);

/// Every route's card, in file order.
///
/// # Panics
/// If the embedded `assets/routes.toml` is broken, which a unit test rules out.
#[must_use]
pub fn cards() -> &'static [RouteCard] {
    &CARDS
}

/// The card of `route`.
///
/// # Panics
/// If `assets/routes.toml` lacks the route, which a unit test rules out.
#[must_use]
pub fn card(route: RouteId) -> &'static RouteCard {
    cards().iter().find(|card| card.id == route).expect("assets/routes.toml has a card for every route")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_one_card_with_https_sources() {
        for route in RouteId::ALL {
            let found: Vec<_> = cards().iter().filter(|card| card.id == route).collect();
            assert_eq!(found.len(), 1, "{route} needs exactly one card");
            let card = found[0];
            assert!(!card.sources.is_empty(), "{route} lists no sources");
            for source in &card.sources {
                assert!(source.starts_with("https://") && !source.contains(' '), "{route}: {source}");
            }
            for (label, text) in card.facts() {
                assert!(!text.trim().is_empty(), "{route}: {label} is empty");
            }
            assert!(!card.name.is_empty() && !card.summary.is_empty(), "{route}");
        }
        assert_eq!(cards().len(), RouteId::ALL.len());
    }

    #[test]
    fn cards_name_the_header_each_route_authenticates_with() {
        let header = |route| card(route).auth_header();
        assert_eq!(header(RouteId::Anthropic), "x-api-key");
        assert_eq!(header(RouteId::Emulator), "x-api-key");
        assert_eq!(header(RouteId::GeminiApi), "x-goog-api-key");
        assert_eq!(header(RouteId::VertexClaude), "Authorization: Bearer");
        assert!(header(RouteId::BedrockConverse).contains("SigV4"));
        assert!(card(RouteId::BedrockMantle).auth_method.contains("bedrock-mantle"));
        assert!(card(RouteId::BedrockInvoke).endpoint.contains("invoke-with-response-stream"));
    }
}
