//! A snippet request made from what a run really sent (its captured [`SentRequest`]), for the
//! playground's "copy as": the URL and body byte for byte, the headers without the credential
//! ones the snippet supplies itself. Unlike [`SnippetRequest::build`] nothing is rebuilt, so
//! it works the same for a live run, a stored one and a replay.

use super::SnippetRequest;
use crate::auth::aws::sigv4;
use crate::routes::capture::SentRequest;
use crate::routes::request::ChatRequest;
use crate::routes::spec::Endpoint;
use crate::routes::{Place, Target};

/// Headers a snippet sends itself (credentials, signing) or its tool adds (host, length).
const SUPPLIED_BY_THE_SNIPPET: [&str; 8] = [
    "authorization",
    "x-api-key",
    "x-goog-api-key",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "host",
    "content-length",
];

impl SnippetRequest {
    /// The request `sent` for `target`, as a snippet sends it again.
    pub fn from_sent(target: &Target, sent: &SentRequest) -> Result<Self, String> {
        let route = target.route;
        let origin = origin(&sent.url).ok_or_else(|| format!("the captured URL {:?} has no host", sent.url))?;
        let signing = sent.signing.as_ref();
        if route.is_aws() && signing.is_none() {
            return Err(format!("{route}: the captured request carries no SigV4 signature to repeat"));
        }
        let signing_name = signing.map(|signing| {
            if signing.service == sigv4::service::BEDROCK_MANTLE {
                sigv4::service::BEDROCK_MANTLE
            } else {
                sigv4::service::BEDROCK
            }
        });
        let place = match &target.place {
            Place::None => Place::None,
            Place::Aws { profile, .. } => {
                Place::Aws { region: signing.map(|signing| signing.region.clone()), profile: profile.clone() }
            }
            Place::Vertex { .. } => {
                let (project, location) = vertex_place(&sent.url);
                if project.is_none() {
                    return Err(format!("{route}: the captured URL names no Google Cloud project"));
                }
                Place::Vertex { location, project }
            }
        };
        let base_url = base_url(target, &place, &sent.url).unwrap_or(origin);
        Ok(Self {
            route,
            model: target.model.clone(),
            url: sent.url.clone(),
            headers: sent
                .headers
                .iter()
                .filter(|(name, _)| !SUPPLIED_BY_THE_SNIPPET.contains(&name.to_ascii_lowercase().as_str()))
                .cloned()
                .collect(),
            body: sent.body.clone(),
            place,
            signing_name,
            base_url,
            notes: Vec::new(),
        })
    }
}

/// The host root `url` was sent to: `url` without the path the route's builder puts after its
/// root (`/v1/messages`; `/chat/completions` on the OpenAI-compatible routes, whose roots end in
/// `/v1`, as `OPENAI_BASE_URL` does). `None` when `url` does not end in that path.
fn base_url(target: &Target, place: &Place, url: &str) -> Option<String> {
    let endpoint = Endpoint {
        base_url: "",
        version: "",
        project: place.project().unwrap_or_default(),
        location: place.location().unwrap_or_default(),
    };
    let path = target.route.spec().request(&endpoint, &target.model, &ChatRequest::single("")).url;
    let base = url.strip_suffix(path.as_str())?;
    (!path.is_empty() && base.contains("://")).then(|| base.to_owned())
}

/// `scheme://host[:port]` of `url`.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?']).next().filter(|host| !host.is_empty())?;
    Some(format!("{scheme}://{host}"))
}

/// The project and location a Vertex URL names (`…/projects/{p}/locations/{l}/…`).
fn vertex_place(url: &str) -> (Option<String>, Option<String>) {
    let after = |marker: &str| {
        let start = url.find(marker)? + marker.len();
        url[start..].split('/').next().filter(|part| !part.is_empty()).map(str::to_owned)
    };
    (after("/projects/"), after("/locations/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::RouteId;
    use crate::routes::capture::{CredentialView, SigningView};

    fn sent(url: &str, signing: Option<SigningView>) -> SentRequest {
        SentRequest {
            method: "POST".into(),
            url: url.into(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("x-api-key".into(), "sk-a…3a9c".into()),
                ("Authorization".into(), "Bearer ya29…CT12".into()),
                ("x-amz-date".into(), "20261126T120000Z".into()),
                ("x-goog-user-project".into(), "billing-project".into()),
            ],
            body: r#"{"max_tokens":64}"#.into(),
            signing,
            credential: CredentialView::default(),
        }
    }

    #[test]
    fn the_url_and_body_are_kept_and_credential_headers_left_to_the_snippet() {
        let target = Target::new(RouteId::Anthropic, "claude");
        let built = SnippetRequest::from_sent(&target, &sent("http://127.0.0.1:4242/v1/messages", None)).unwrap();
        assert_eq!(built.base_url, "http://127.0.0.1:4242");
        assert_eq!(built.path(), "/v1/messages");
        assert_eq!(built.body, r#"{"max_tokens":64}"#);
        let names: Vec<&str> = built.headers.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["content-type", "x-goog-user-project"]);
    }

    #[test]
    fn sigv4_routes_take_region_and_signing_name_from_the_signature() {
        let signing = SigningView {
            service: "bedrock-mantle".into(),
            region: "eu-west-1".into(),
            credential_scope: String::new(),
            signed_headers: Vec::new(),
            canonical_request: String::new(),
            string_to_sign: String::new(),
            signature: String::new(),
        };
        let place = Place::Aws { region: None, profile: Some("dev".into()) };
        let target = Target { place, ..Target::new(RouteId::BedrockMantle, "m") };
        let url = "https://bedrock-mantle.eu-west-1.api.aws/anthropic/v1/messages";
        let built = SnippetRequest::from_sent(&target, &sent(url, Some(signing))).unwrap();
        assert_eq!((built.place.region(), built.signing_name), (Some("eu-west-1"), Some("bedrock-mantle")));
        assert_eq!(built.place.profile(), Some("dev"));
        let unsigned = SnippetRequest::from_sent(&target, &sent(url, None));
        assert!(unsigned.unwrap_err().contains("no SigV4 signature"));
    }

    #[test]
    fn vertex_routes_read_project_and_location_from_the_url() {
        let target = Target::new(RouteId::VertexClaude, "claude@1");
        let url = "https://europe-west1-aiplatform.googleapis.com/v1/projects/p1/locations/europe-west1/publishers/\
                   anthropic/models/claude@1:streamRawPredict";
        let built = SnippetRequest::from_sent(&target, &sent(url, None)).unwrap();
        assert_eq!((built.place.project(), built.place.location()), (Some("p1"), Some("europe-west1")));
        assert!(built.path().starts_with("/v1/projects/p1/"));
    }
}
