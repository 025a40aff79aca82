//! Who a Google credential is, for the sidebar. Asked off the UI task; never fails.

use super::adc::Adc;
use super::expiry::PROBE_LIMIT;
use super::info::{AdcKind, AdcOrigin};
use super::tokens::GoogleToken;
use crate::http_body::{self, End};
use serde::Serialize;
use serde_json::Value;

/// The most of a metadata or `tokeninfo` answer that is read: either is a few hundred bytes.
const MAX_ANSWER: usize = 64 * 1024;

/// Google's OAuth server, where `tokeninfo` lives unless the credential names another.
const GOOGLE_OAUTH_ORIGIN: &str = "https://oauth2.googleapis.com";

/// Who the credential acts as and its project, where known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GoogleIdentity {
    /// An email: the service account, the impersonation target or the signed-in user; or an
    /// identity pool for federation.
    pub principal: Option<String>,
    pub project: Option<String>,
}

/// Who the credential is: for the metadata server, its default service account's email and the
/// project it runs in; for user credentials, the `email` `tokeninfo` gives for `token` (at the
/// origin of the file's `token_uri`, else `https://oauth2.googleapis.com`, the token in a POST
/// body); otherwise what the file says ([`AdcInfo`](super::AdcInfo)). A lookup that fails
/// leaves its field `None`. [`GoogleTokens::identity`](super::GoogleTokens::identity) asks at
/// most once per token.
pub async fn identity(http: &reqwest::Client, adc: &Adc, token: &GoogleToken) -> GoogleIdentity {
    let info = &adc.info;
    match (info.kind, &info.origin) {
        (AdcKind::MetadataServer, AdcOrigin::MetadataServer { host }) => {
            let (email, project) = tokio::join!(
                metadata_get(http, host, "/computeMetadata/v1/instance/service-accounts/default/email"),
                metadata_get(http, host, "/computeMetadata/v1/project/project-id"),
            );
            GoogleIdentity { principal: email, project: project.or_else(|| info.project.clone()) }
        }
        (AdcKind::AuthorizedUser, _) => {
            let answer = tokeninfo(http, &tokeninfo_origin(adc), token.bearer.expose()).await;
            let email = answer.as_ref().and_then(|answer| answer.get("email")).and_then(Value::as_str);
            GoogleIdentity { principal: email.map(str::to_owned), project: info.project.clone() }
        }
        _ => GoogleIdentity { principal: info.principal.clone(), project: info.project.clone() },
    }
}

/// The body of `GET http://{host}{path}` from the metadata server (with `Metadata-Flavor:
/// Google`, which it requires), trimmed; `None` on any failure, an empty answer or one past
/// [`MAX_ANSWER`].
pub(super) async fn metadata_get(http: &reqwest::Client, host: &str, path: &str) -> Option<String> {
    let response = http
        .get(format!("http://{host}{path}"))
        .header("Metadata-Flavor", "Google")
        .timeout(PROBE_LIMIT)
        .send()
        .await
        .ok()?
        .error_for_status()
        .ok()?;
    let text = String::from_utf8(read_bounded(response).await?).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Where to ask `tokeninfo` about `adc`'s tokens: the origin of a user credential's `token_uri`
/// (the emulator demo's, in particular), else Google's OAuth server.
pub(super) fn tokeninfo_origin(adc: &Adc) -> String {
    let token_uri = match &adc.info.origin {
        AdcOrigin::Demo { token_uri } => Some(token_uri.as_str()),
        _ if adc.info.kind == AdcKind::AuthorizedUser => {
            adc.json().and_then(|json| json.get("token_uri")).and_then(Value::as_str)
        }
        _ => None,
    };
    token_uri
        .and_then(|uri| reqwest::Url::parse(uri).ok())
        .and_then(|url| {
            let origin = url.origin();
            origin.is_tuple().then(|| origin.ascii_serialization())
        })
        .unwrap_or_else(|| GOOGLE_OAUTH_ORIGIN.to_owned())
}

/// `POST {origin}/tokeninfo` with the token in a form body, never in the URL (where proxies
/// and servers log it): Google's description of an access token (`email`, `scope`,
/// `expires_in`…), or `None` on any failure.
pub(super) async fn tokeninfo(http: &reqwest::Client, origin: &str, token: &str) -> Option<Value> {
    // The form encoding of `access_token=TOKEN`, by the URL parser's query serializer.
    let form = reqwest::Url::parse_with_params("http://form.invalid/", [("access_token", token)]).ok()?;
    let response = http
        .post(format!("{origin}/tokeninfo"))
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form.query().unwrap_or_default().to_owned())
        .timeout(PROBE_LIMIT)
        .send()
        .await
        .ok()?
        .error_for_status()
        .ok()?;
    serde_json::from_slice(&read_bounded(response).await?).ok()
}

/// The whole body, or `None` when it breaks off or passes [`MAX_ANSWER`] bytes.
async fn read_bounded(response: reqwest::Response) -> Option<Vec<u8>> {
    let read = http_body::read_capped(response, MAX_ANSWER, None).await;
    (read.end == End::Whole).then_some(read.bytes)
}
