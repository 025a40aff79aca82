//! The request a snippet sends again, built by the routes' own request builders so its URL,
//! headers and body are what routeplay sends (the credential aside).

use crate::routes::RouteId;
use crate::routes::google;
use crate::routes::request::ChatRequest;
use crate::routes::spec::{Endpoint, Host};
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
    /// The AWS region, on the Bedrock routes.
    pub region: Option<String>,
    /// The SigV4 signing name, on the Bedrock routes: `bedrock` or `bedrock-mantle`.
    pub signing_name: Option<&'static str>,
    /// The AWS profile the run used, if it named one.
    pub profile: Option<String>,
    /// The Google Cloud project and location, on the Vertex routes.
    pub project: Option<String>,
    pub location: Option<String>,
    /// Lines the snippet opens with, as comments: which run it is, caveats.
    pub notes: Vec<String>,
}

/// Where a request goes beyond its route and model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The host root; `None` for the route's default host for the region or location.
    pub base_url: Option<String>,
    /// The AWS region (Bedrock) or the location (Vertex).
    pub region: Option<String>,
    pub profile: Option<String>,
    pub project: Option<String>,
    /// The `anthropic-version` header, on the routes that send it.
    pub version: String,
}

impl SnippetRequest {
    /// The request for `model` on `route`. A Bedrock route needs `place.region`, a Vertex
    /// route `place.project` (the location defaults to `global`, as in routeplay).
    pub fn build(route: RouteId, model: &str, place: &Place, request: &ChatRequest) -> Result<Self, String> {
        let spec = route.spec();
        let region = place.region.clone();
        let regional = matches!(spec.host, Host::Region(_));
        if regional && region.is_none() {
            return Err(format!("{route}: no AWS region for the request"));
        }
        let base_url = place.base_url.clone().unwrap_or_else(|| match spec.host {
            Host::Emulator => EMULATOR_BASE_URL.to_owned(),
            host => host.root(region.as_deref()).unwrap_or_default(),
        });
        let location = region.clone().unwrap_or_else(|| google::DEFAULT_LOCATION.to_owned());
        let project = if route.is_vertex() {
            Some(place.project.clone().ok_or_else(|| format!("{route}: no Google Cloud project for the request"))?)
        } else {
            None
        };
        let endpoint = Endpoint {
            base_url: &base_url,
            version: &place.version,
            project: project.as_deref().unwrap_or_default(),
            location: &location,
        };
        let http = spec.request(&endpoint, model, request);
        Ok(Self {
            route,
            model: model.to_owned(),
            url: http.url,
            headers: http.headers,
            body: String::from_utf8_lossy(&http.body).into_owned(),
            region: region.filter(|_| regional),
            signing_name: spec.signing_name,
            profile: place.profile.clone().filter(|_| route.is_aws()),
            location: route.is_vertex().then_some(location),
            project,
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

    /// The environment variables routeplay reads to move this route's host, first one wins.
    #[must_use]
    pub fn base_env(&self) -> &'static [&'static str] {
        self.route.spec().host_env
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::anthropic;

    fn place(region: Option<&str>, project: Option<&str>) -> Place {
        Place {
            region: region.map(str::to_owned),
            project: project.map(str::to_owned),
            version: anthropic::DEFAULT_VERSION.into(),
            ..Place::default()
        }
    }

    #[test]
    fn bedrock_paths_carry_the_encoded_model_id_and_the_signing_name() {
        let request = ChatRequest::single("hi");
        let built = SnippetRequest::build(
            RouteId::BedrockConverse,
            "anthropic.x-v1:0",
            &place(Some("eu-west-1"), None),
            &request,
        )
        .unwrap();
        assert_eq!(built.base_url, "https://bedrock-runtime.eu-west-1.amazonaws.com");
        assert_eq!(built.path(), "/model/anthropic.x-v1%3A0/converse-stream");
        assert_eq!(built.signing_name, Some("bedrock"));
        assert_eq!(built.body_json()["messages"][0]["content"][0]["text"], "hi");
        let mantle =
            SnippetRequest::build(RouteId::BedrockMantle, "m", &place(Some("us-east-1"), None), &request).unwrap();
        assert_eq!(mantle.base_url, "https://bedrock-mantle.us-east-1.api.aws/anthropic", "the SDK's base URL");
        assert_eq!((mantle.path(), mantle.signing_name), ("/v1/messages", Some("bedrock-mantle")));
        let missing = SnippetRequest::build(RouteId::BedrockInvoke, "m", &place(None, None), &request);
        assert!(missing.unwrap_err().contains("no AWS region"));
    }

    #[test]
    fn vertex_needs_a_project_and_defaults_to_global() {
        let request = ChatRequest::single("hi");
        let built =
            SnippetRequest::build(RouteId::VertexClaude, "claude@1", &place(None, Some("p1")), &request).unwrap();
        assert_eq!(built.base_url, "https://aiplatform.googleapis.com");
        assert_eq!(
            built.path(),
            "/v1/projects/p1/locations/global/publishers/anthropic/models/claude@1:streamRawPredict"
        );
        assert_eq!(built.location.as_deref(), Some("global"));
        assert!(SnippetRequest::build(RouteId::VertexGemini, "g", &place(None, None), &request).is_err());
    }

    #[test]
    fn a_configured_base_url_replaces_the_default_host() {
        let place = Place { base_url: Some("http://127.0.0.1:9/".into()), ..place(None, None) };
        let built = SnippetRequest::build(RouteId::Anthropic, "c", &place, &ChatRequest::single("hi")).unwrap();
        assert_eq!(built.url, "http://127.0.0.1:9/v1/messages");
        assert_eq!(built.path(), "/v1/messages");
    }
}
