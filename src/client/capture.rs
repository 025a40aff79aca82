//! The request as sent, for the inspector: built from the very headers and body handed to the
//! HTTP client, the credential masked.

use super::setup::RouteSetup;
use crate::auth::aws::sigv4::SigningDetails;
use crate::routes::capture::{CredentialView, SentRequest, SigningView, mask_header};
use crate::routes::http::HttpRequest;

/// `http` with its `credential_headers`, as it goes out.
#[must_use]
pub fn sent(
    http: &HttpRequest,
    credential_headers: &[(String, String)],
    signing: Option<&SigningDetails>,
    setup: &RouteSetup,
) -> SentRequest {
    let headers = http
        .headers
        .iter()
        .chain(credential_headers)
        .map(|(name, value)| (name.clone(), mask_header(name, value)))
        .collect();
    SentRequest {
        method: http.method.to_owned(),
        url: http.url.clone(),
        headers,
        body: String::from_utf8_lossy(&http.body).into_owned(),
        signing: signing.map(|details| SigningView {
            service: details.service.clone(),
            region: details.region.clone(),
            credential_scope: details.credential_scope.clone(),
            signed_headers: details.signed_headers.clone(),
            canonical_request: details.redacted_canonical_request(),
            string_to_sign: details.string_to_sign.clone(),
            signature: details.signature.clone(),
        }),
        credential: CredentialView {
            source: setup.source.clone(),
            expires_in_secs: setup.token_expires_in.map(|left| left.as_secs()),
        },
    }
}
