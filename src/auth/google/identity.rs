//! Who a Google credential is, for the sidebar. Asked off the UI task; never fails.

use super::adc::Adc;
use super::expiry::PROBE_LIMIT;
use super::info::{AdcKind, AdcOrigin};
use super::tokens::GoogleToken;
use serde::Serialize;
use serde_json::Value;

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
/// origin of the file's `token_uri`, else `https://oauth2.googleapis.com`); otherwise what the
/// file says ([`AdcInfo`](super::AdcInfo)). A lookup that fails leaves its field `None`.
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
/// Google`, which it requires), trimmed; `None` on any failure or an empty answer.
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
    let text = response.text().await.ok()?;
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

/// `GET {origin}/tokeninfo?access_token=…`: Google's description of an access token
/// (`email`, `scope`, `expires_in`…), or `None` on any failure.
pub(super) async fn tokeninfo(http: &reqwest::Client, origin: &str, token: &str) -> Option<Value> {
    let url = reqwest::Url::parse_with_params(&format!("{origin}/tokeninfo"), [("access_token", token)]).ok()?;
    let response = http.get(url).timeout(PROBE_LIMIT).send().await.ok()?.error_for_status().ok()?;
    response.json().await.ok()
}
