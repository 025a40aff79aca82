//! One model family: its id on each route, where it is served, its output limit and its list
//! prices, and the `[[family]]` TOML shape they are read from (`assets/models.toml`).

use crate::routes::RouteId;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A geography of Bedrock's system-defined cross-region inference profiles; the profile id is
/// `{prefix}.{foundation id}` (PROTOCOLS.md §3.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Geo {
    Us,
    Eu,
    Apac,
    Jp,
    Au,
    UsGov,
    Global,
}

impl Geo {
    pub const ALL: [Geo; 7] = [Geo::Us, Geo::Eu, Geo::Apac, Geo::Jp, Geo::Au, Geo::UsGov, Geo::Global];

    /// The id prefix, without the dot: `us`, `us-gov`, `global`.
    #[must_use]
    pub fn prefix(self) -> &'static str {
        match self {
            Geo::Us => "us",
            Geo::Eu => "eu",
            Geo::Apac => "apac",
            Geo::Jp => "jp",
            Geo::Au => "au",
            Geo::UsGov => "us-gov",
            Geo::Global => "global",
        }
    }

    /// The geography whose prefix is `prefix` (as `routes::bedrock::geo_prefix` returns it).
    #[must_use]
    pub fn from_prefix(prefix: &str) -> Option<Geo> {
        Geo::ALL.into_iter().find(|geo| geo.prefix() == prefix)
    }
}

/// A model family and everything the catalog knows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    pub name: String,
    /// The id sent on each route that offers the family (Bedrock: the foundation-model id).
    pub ids: BTreeMap<RouteId, String>,
    /// Bedrock invokes the family only through a cross-region inference profile.
    pub bedrock_profile_only: bool,
    /// The inference-profile geographies that exist for the family.
    pub bedrock_profiles: Vec<Geo>,
    /// Vertex AI locations known to serve the family; empty means not restricted.
    pub vertex_locations: Vec<String>,
    /// The output-token limit, where known.
    pub max_output: Option<u32>,
    /// The API rejects `temperature` and `top_p` in the same request.
    pub exclusive_sampling: bool,
    /// The model thinks unless told not to, so it can stream a summary of its thoughts; a
    /// model that does not refuses to be asked for one (Gemini's `includeThoughts`).
    pub thinks: bool,
    pub prices: Vec<Price>,
    pub premiums: Vec<Premium>,
}

/// List prices in USD per million tokens on some routes. Cache prices are optional: a cache
/// count without its price makes the estimate unknown rather than free.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Price {
    pub routes: Vec<RouteId>,
    pub input: f64,
    pub output: f64,
    pub cache_read: Option<f64>,
    /// The 5-minute cache-write rate (`Usage` does not tell 5-minute and 1-hour writes apart).
    pub cache_write: Option<f64>,
    pub long_context: Option<LongContext>,
    pub as_of: String,
    pub source: String,
}

/// Prices for the whole request once its prompt is above `above` tokens (Gemini 2.5 Pro).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LongContext {
    pub above: u64,
    pub input: f64,
    pub output: f64,
    pub cache_read: Option<f64>,
}

/// A surcharge on the regional (non-global) endpoints of some routes.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Premium {
    pub routes: Vec<RouteId>,
    pub percent: f64,
    pub as_of: String,
    pub source: String,
}

impl Family {
    /// The id on `route`, if the family is offered there.
    #[must_use]
    pub fn id(&self, route: RouteId) -> Option<&str> {
        self.ids.get(&route).map(String::as_str)
    }

    /// The price that applies on `route`, if known.
    #[must_use]
    pub fn price(&self, route: RouteId) -> Option<&Price> {
        self.prices.iter().find(|price| price.routes.contains(&route))
    }

    /// The regional-endpoint premium on `route`, if there is one.
    #[must_use]
    pub fn premium(&self, route: RouteId) -> Option<&Premium> {
        self.premiums.iter().find(|premium| premium.routes.contains(&route))
    }

    /// Whether this is an Anthropic Claude model (whose parameter rules differ from Gemini's).
    #[must_use]
    pub fn is_claude(&self) -> bool {
        self.name.starts_with("Claude") || self.ids.values().any(|id| id.contains("claude"))
    }

    /// Whether this is a Google Gemini model (whose sampling ranges differ from Claude's).
    #[must_use]
    pub fn is_gemini(&self) -> bool {
        self.name.starts_with("Gemini") || self.ids.values().any(|id| id.contains("gemini"))
    }
}

/// A catalog file: `[[family]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CatalogFile {
    #[serde(default)]
    pub(super) family: Vec<RawFamily>,
}

/// One `[[family]]` as written. Everything but the name is optional so that a user file can
/// change one field of a built-in family and keep the rest.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(super) struct RawFamily {
    name: String,
    #[serde(default)]
    ids: BTreeMap<RouteId, String>,
    bedrock_profile_only: Option<bool>,
    bedrock_profiles: Option<Vec<Geo>>,
    vertex_locations: Option<Vec<String>>,
    max_output: Option<u32>,
    exclusive_sampling: Option<bool>,
    thinks: Option<bool>,
    price: Option<Vec<Price>>,
    premium: Option<Vec<Premium>>,
}

impl RawFamily {
    /// Merge into `families`: over the family of the same name (ids per route, other fields
    /// where given), or appended as a new family.
    pub(super) fn merge_into(self, families: &mut Vec<Family>) {
        if let Some(family) = families.iter_mut().find(|family| family.name == self.name) {
            self.apply(family);
        } else {
            let mut family = Family {
                name: self.name.clone(),
                ids: BTreeMap::new(),
                bedrock_profile_only: false,
                bedrock_profiles: Vec::new(),
                vertex_locations: Vec::new(),
                max_output: None,
                exclusive_sampling: false,
                thinks: false,
                prices: Vec::new(),
                premiums: Vec::new(),
            };
            self.apply(&mut family);
            families.push(family);
        }
    }

    fn apply(self, family: &mut Family) {
        family.ids.extend(self.ids);
        let set = |field: &mut bool, value: Option<bool>| *field = value.unwrap_or(*field);
        set(&mut family.bedrock_profile_only, self.bedrock_profile_only);
        set(&mut family.exclusive_sampling, self.exclusive_sampling);
        set(&mut family.thinks, self.thinks);
        family.max_output = self.max_output.or(family.max_output);
        if let Some(profiles) = self.bedrock_profiles {
            family.bedrock_profiles = profiles;
        }
        if let Some(locations) = self.vertex_locations {
            family.vertex_locations = locations;
        }
        if let Some(prices) = self.price {
            family.prices = prices;
        }
        if let Some(premiums) = self.premium {
            family.premiums = premiums;
        }
    }

    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// What is wrong with the family beyond its TOML types: a negative or non-finite price.
    pub(super) fn problems(&self) -> Vec<String> {
        let rates = |price: &Price| {
            let long = price.long_context.map(|long| [Some(long.input), Some(long.output), long.cache_read]);
            let base = [Some(price.input), Some(price.output), price.cache_read, price.cache_write];
            base.into_iter().chain(long.into_iter().flatten()).flatten().collect::<Vec<f64>>()
        };
        let prices = self.price.iter().flatten().flat_map(rates);
        let percents = self.premium.iter().flatten().map(|premium| premium.percent);
        let bad = prices.chain(percents).any(|value| !value.is_finite() || value < 0.0);
        if bad { vec![format!("family {:?}: prices must be finite and not negative", self.name)] } else { Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<RawFamily> {
        toml::from_str::<CatalogFile>(text).expect("parses").family
    }

    #[test]
    fn a_negative_price_is_a_problem() {
        let text = "[[family]]\nname = \"X\"\n[[family.price]]\nroutes = [\"anthropic\"]\ninput = -1.0\noutput = 1.0\n\
                    as-of = \"2026-11-26\"\nsource = \"https://example.com\"\n";
        let problems = parse(text).remove(0).problems();
        assert_eq!(problems, ["family \"X\": prices must be finite and not negative"]);
    }

    #[test]
    fn a_merge_keeps_what_it_does_not_set() {
        let mut families = Vec::new();
        for raw in parse(
            "[[family]]\nname = \"X\"\nmax-output = 10\nexclusive-sampling = true\n[family.ids]\nanthropic = \"x\"\n",
        ) {
            raw.merge_into(&mut families);
        }
        for raw in parse("[[family]]\nname = \"X\"\n[family.ids]\nbedrock-converse = \"y\"\n") {
            raw.merge_into(&mut families);
        }
        let [family] = families.as_slice() else { panic!("one family") };
        assert_eq!((family.max_output, family.exclusive_sampling), (Some(10), true));
        assert_eq!((family.id(RouteId::Anthropic), family.id(RouteId::BedrockConverse)), (Some("x"), Some("y")));
    }

    #[test]
    fn geographies_match_the_bedrock_prefixes() {
        for region in ["us-east-1", "eu-west-1", "ap-northeast-1", "ap-southeast-2", "ap-south-1", "us-gov-west-1"] {
            let prefix = crate::routes::bedrock::geo_prefix(region).expect("geography");
            assert_eq!(Geo::from_prefix(prefix).map(Geo::prefix), Some(prefix));
        }
    }
}
