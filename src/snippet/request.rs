//! The request a snippet sends again, built by the routes' own request builders so its URL,
//! headers and body are what routeplay sends (the credential aside).

use crate::routes::google;
use crate::routes::request::ChatRequest;
use crate::routes::spec::{Endpoint, Host};
use crate::routes::{Place, RouteId, Target};
use serde_json::Value;

/// Where the built-in emulator's snippets point unless `ANTHROPIC_BASE_URL` says otherwise:
/// `routeplay emulator` serves there by default.
pub const EMULATOR_BASE_URL: &str = "http://127.0.0.1:8080";

/// One request to send again, without its credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetRequest {
    pub route: RouteId,
    pub model: String,
    /// The host root used unless an override variable ([`SnippetRequest::base_env`]) is set.
    pub base_url: String,
    /// The whole URL at `base_url`, as routeplay sends it (model ids percent-encoded).
    pub url: String,
    /// Every header but the credential: `content-type`, `anthropic-version`, `accept`, …
    pub headers: Vec<(String, String)>,
    /// The body, byte for byte (compact JSON).
    pub body: String,
    /// The AWS region (always set) and the profile the run used, if it named one, on the
    /// Bedrock routes; the Google Cloud project and location (both set) on the Vertex routes.
    pub place: Place,
    /// The SigV4 signing name, on the Bedrock routes: `bedrock` or `bedrock-mantle`.
    pub signing_name: Option<&'static str>,
    /// Lines the snippet opens with, as comments: which run it is, caveats.
    pub notes: Vec<String>,
}

/// What the config says about a request's host: the host root, and the `anthropic-version`
/// header on the routes that send it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostSettings {
    /// The host root; `None` for the route's default host for the region or location.
    pub base_url: Option<String>,
    pub version: String,
}

impl SnippetRequest {
    /// The request for `target`. A Bedrock target needs its region, a Vertex target its
    /// project (the location defaults to `global`, as in routeplay).
    pub fn build(target: &Target, host: &HostSettings, request: &ChatRequest) -> Result<Self, String> {
        let route = target.route;
        let spec = route.spec();
        let (site, profile, project) = (target.place.site(), target.place.profile(), target.place.project());
        let base_url = host.base_url.clone().unwrap_or_else(|| match spec.host {
            Host::Emulator => EMULATOR_BASE_URL.to_owned(),
            host => host.root(site).unwrap_or_default(),
        });
        let place = match &target.place {
            Place::None => Place::None,
            Place::Aws { region: None, .. } => return Err(format!("{route}: no AWS region for the request")),
            Place::Aws { region, .. } => Place::Aws { region: region.clone(), profile: profile.map(str::to_owned) },
            Place::Vertex { project: None, .. } => {
                return Err(format!("{route}: no Google Cloud project for the request"));
            }
            Place::Vertex { location, .. } => Place::Vertex {
                location: Some(location.clone().unwrap_or_else(|| google::DEFAULT_LOCATION.to_owned())),
                project: project.map(str::to_owned),
            },
        };
        let endpoint = Endpoint {
            base_url: &base_url,
            version: &host.version,
            project: place.project().unwrap_or_default(),
            location: place.location().unwrap_or(google::DEFAULT_LOCATION),
        };
        let http = spec.request(&endpoint, &target.model, request);
        Ok(Self {
            route,
            model: target.model.clone(),
            url: http.url,
            headers: http.headers,
            body: String::from_utf8_lossy(&http.body).into_owned(),
            place,
            signing_name: spec.signing_name,
            base_url,
            notes: Vec::new(),
        })
    }

    /// The URL after the host root: `/v1/messages`, `/model/{id}/converse-stream`, …
    #[must_use]
    pub fn path(&self) -> &str {
        self.url.strip_prefix(self.base_url.trim_end_matches('/')).unwrap_or(&self.url)
    }

    /// The body as a JSON value, for the snippets that pass it as data rather than bytes.
    #[must_use]
    pub fn body_json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// Whether the host is this machine (`localhost`, `127.0.0.1`, `[::1]`): a local server,
    /// or the emulator, which need no secret key.
    #[must_use]
    pub fn base_is_loopback(&self) -> bool {
        let host = reqwest::Url::parse(&self.base_url).ok().and_then(|url| url.host_str().map(str::to_owned));
        host.is_some_and(|host| {
            let bare = host.trim_start_matches('[').trim_end_matches(']');
            host.eq_ignore_ascii_case("localhost") || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        })
    }

    /// The environment variables routeplay reads to move this route's host, first one wins.
    #[must_use]
    pub fn base_env(&self) -> &'static [&'static str] {
        self.route.spec().host_env
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::{PlaceKind, anthropic};

    fn host() -> HostSettings {
        HostSettings { base_url: None, version: anthropic::DEFAULT_VERSION.into() }
    }

    fn at(route: RouteId, model: &str, site: Option<&str>, project: Option<&str>) -> Target {
        let place = match route.spec().place_kind() {
            PlaceKind::Aws => Place::Aws { region: site.map(str::to_owned), profile: None },
            PlaceKind::Vertex => {
                Place::Vertex { location: site.map(str::to_owned), project: project.map(str::to_owned) }
            }
            PlaceKind::None => Place::None,
        };
        Target { place, ..Target::new(route, model) }
    }

    #[test]
    fn bedrock_paths_carry_the_encoded_model_id_and_the_signing_name() {
        let request = ChatRequest::single("hi");
        let converse = at(RouteId::BedrockConverse, "anthropic.x-v1:0", Some("eu-west-1"), None);
        let built = SnippetRequest::build(&converse, &host(), &request).unwrap();
        assert_eq!(built.base_url, "https://bedrock-runtime.eu-west-1.amazonaws.com");
        assert_eq!(built.path(), "/model/anthropic.x-v1%3A0/converse-stream");
        assert_eq!(built.signing_name, Some("bedrock"));
        assert_eq!(built.body_json()["messages"][0]["content"][0]["text"], "hi");
        let mantle =
            SnippetRequest::build(&at(RouteId::BedrockMantle, "m", Some("us-east-1"), None), &host(), &request)
                .unwrap();
        assert_eq!(mantle.base_url, "https://bedrock-mantle.us-east-1.api.aws/anthropic", "the SDK's base URL");
        assert_eq!((mantle.path(), mantle.signing_name), ("/v1/messages", Some("bedrock-mantle")));
        let missing = SnippetRequest::build(&at(RouteId::BedrockInvoke, "m", None, None), &host(), &request);
        assert!(missing.unwrap_err().contains("no AWS region"));
    }

    #[test]
    fn vertex_needs_a_project_and_defaults_to_global() {
        let request = ChatRequest::single("hi");
        let claude = at(RouteId::VertexClaude, "claude@1", None, Some("p1"));
        let built = SnippetRequest::build(&claude, &host(), &request).unwrap();
        assert_eq!(built.base_url, "https://aiplatform.googleapis.com");
        assert_eq!(
            built.path(),
            "/v1/projects/p1/locations/global/publishers/anthropic/models/claude@1:streamRawPredict"
        );
        assert_eq!(built.place.location(), Some("global"));
        assert!(SnippetRequest::build(&at(RouteId::VertexGemini, "g", None, None), &host(), &request).is_err());
    }

    #[test]
    fn a_configured_base_url_replaces_the_default_host() {
        let host = HostSettings { base_url: Some("http://127.0.0.1:9/".into()), ..host() };
        let anthropic = Target::new(RouteId::Anthropic, "c");
        let built = SnippetRequest::build(&anthropic, &host, &ChatRequest::single("hi")).unwrap();
        assert_eq!(built.url, "http://127.0.0.1:9/v1/messages");
        assert_eq!(built.path(), "/v1/messages");
    }
}
