//! `GoogleAuthError`: one line saying what went wrong, and a hint that fixes it.

use super::adc::{Adc, DEFAULT_METADATA_HOST};
use super::info::{AdcKind, AdcOrigin};
use crate::auth::CredentialStatus;
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// What kind of failure, so callers can show "missing" apart from "broken".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoogleAuthErrorKind {
    /// No credentials anywhere.
    Missing,
    /// A credential type routeplay cannot use (`gdch_service_account`, an unknown `type`).
    Unsupported,
    /// A credential file that cannot be read or makes no sense.
    Invalid,
    /// The credentials were found but getting a token with them failed.
    Refresh,
}

/// A Google credential problem. `Display` is the problem alone; `hint` says how to fix it.
/// Neither ever contains a token, refresh token, client secret or private key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}")]
pub struct GoogleAuthError {
    pub kind: GoogleAuthErrorKind,
    pub problem: String,
    pub hint: String,
}

impl GoogleAuthError {
    pub(super) fn new(kind: GoogleAuthErrorKind, problem: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { kind, problem: one_line(&problem.into()), hint: hint.into() }
    }

    /// The sidebar line: `Missing` with the hint when there are no credentials, else `Error`.
    #[must_use]
    pub fn status(&self) -> CredentialStatus {
        match self.kind {
            GoogleAuthErrorKind::Missing => CredentialStatus::Missing { hint: self.hint.clone() },
            _ => CredentialStatus::Error { message: format!("{} ({})", self.problem, self.hint) },
        }
    }
}

pub(super) const GCLOUD_LOGIN_HINT: &str = "run `gcloud auth application-default login`";
pub(super) const NOT_ON_GCP_HINT: &str =
    "not on Google Cloud? set GOOGLE_APPLICATION_CREDENTIALS or run `gcloud auth application-default login`";
const KEY_FILE_HINT: &str =
    "check the key file named by GOOGLE_APPLICATION_CREDENTIALS (it may have been deleted or disabled)";

/// The fields of a credential file whose values must never be shown.
const SECRET_FIELDS: [&str; 4] = ["private_key", "client_secret", "refresh_token", "access_token"];

/// `text` with every secret value of `json` (at any depth) replaced by `****`: a safety net for
/// messages that quote library errors or server answers.
pub(super) fn scrub(text: &str, json: Option<&Value>) -> String {
    fn collect<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match value.as_str() {
                        Some(secret) if SECRET_FIELDS.contains(&key.as_str()) && secret.len() >= 4 => out.push(secret),
                        _ => collect(value, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
            _ => {}
        }
    }
    let mut secrets = Vec::new();
    if let Some(json) = json {
        collect(json, &mut secrets);
    }
    let mut text = text.to_owned();
    for secret in secrets {
        text = text.replace(secret, "****");
    }
    // A PEM block quoted from anywhere else.
    if let Some(start) = text.find("-----BEGIN") {
        text.truncate(start);
        text.push_str("****");
    }
    text
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How to fix a failed token fetch for this kind of credential.
fn refresh_hint(adc: &Adc) -> String {
    let info = &adc.info;
    let principal = info.principal.as_deref().unwrap_or("the target service account");
    match (info.kind, &info.origin) {
        (AdcKind::AuthorizedUser, AdcOrigin::Demo { token_uri }) => {
            format!("is the routeplay emulator still running? (its token endpoint is {token_uri})")
        }
        (AdcKind::AuthorizedUser | AdcKind::ExternalAccountAuthorizedUser, _) => GCLOUD_LOGIN_HINT.into(),
        (AdcKind::ServiceAccount, AdcOrigin::EnvVar(_)) => KEY_FILE_HINT.into(),
        (AdcKind::ServiceAccount, origin) => {
            format!("check the key file {} (it may have been deleted or disabled)", origin.place())
        }
        (AdcKind::ImpersonatedServiceAccount, _) => format!(
            "check that your credentials may impersonate {principal} (roles/iam.serviceAccountTokenCreator), \
             or run `gcloud auth application-default login --impersonate-service-account {principal}`"
        ),
        (AdcKind::ExternalAccount, origin) => {
            format!("check the workload identity federation config {} and its credential_source", origin.place())
        }
        (AdcKind::MetadataServer, AdcOrigin::MetadataServer { host }) if host != DEFAULT_METADATA_HOST => {
            format!("start the metadata server at {host} or unset GCE_METADATA_HOST; {NOT_ON_GCP_HINT}")
        }
        (AdcKind::MetadataServer, _) => NOT_ON_GCP_HINT.into(),
    }
}

/// How to fix a token that Google rejected (HTTP 401), chosen by where the credential came
/// from: a user logs in again, a key file was deleted or disabled, a VM's service account is
/// checked. Never "set `GOOGLE_APPLICATION_CREDENTIALS`" to someone whose ADC already is that
/// file.
#[must_use]
pub fn rejected_hint(adc: &Adc) -> String {
    let info = &adc.info;
    match (info.kind, &info.origin) {
        (AdcKind::ServiceAccount, origin) => {
            let who = info.principal.as_deref().unwrap_or("its service account");
            format!(
                "Google rejected the token of the service account key {} ({who}): the key may have been \
                 deleted or disabled; create a new key, or check that the service account still exists",
                origin.place()
            )
        }
        (AdcKind::MetadataServer, AdcOrigin::MetadataServer { host }) => format!(
            "Google rejected the token of the metadata server at {host}: check the service account attached \
             to this machine and its access scopes (cloud-platform)"
        ),
        _ => refresh_hint(adc),
    }
}

/// The error for a token fetch that `google-cloud-auth` reported as failed.
pub(super) fn refresh_failed(adc: &Adc, error: &google_cloud_auth::errors::CredentialsError) -> GoogleAuthError {
    let detail = scrub(&failure_detail(error), adc.json());
    let info = &adc.info;
    if info.kind == AdcKind::ServiceAccount && detail.contains("PKCS8") {
        // google-auth (Python) takes PKCS#1 keys too; google-cloud-auth takes only PKCS#8, which
        // is what Google issues.
        return GoogleAuthError::new(
            GoogleAuthErrorKind::Invalid,
            format!("{}: the private key is not PKCS#8 (\"BEGIN PRIVATE KEY\")", info.source_label()),
            "use a key file from Google as issued, or convert the key with `openssl pkcs8 -topk8 -nocrypt`",
        );
    }
    if let AdcOrigin::MetadataServer { host } = &info.origin
        && host == DEFAULT_METADATA_HOST
    {
        // The metadata server is only the last resort of the lookup: failing to reach it off
        // Google Cloud means no credentials were found at all.
        return GoogleAuthError::new(
            GoogleAuthErrorKind::Missing,
            format!("no Google credentials found (no ADC file, and the metadata server {host} failed: {detail})"),
            NOT_ON_GCP_HINT,
        );
    }
    // A token endpoint that cannot be reached says nothing about the credentials: logging in
    // again would not help.
    let hint = match unreachable_endpoint(error).filter(|_| info.kind != AdcKind::MetadataServer) {
        Some(endpoint) => format!(
            "check the network and any proxy (HTTPS_PROXY) between here and {endpoint}, and the token \
             endpoint the credential file names"
        ),
        None => refresh_hint(adc),
    };
    GoogleAuthError::new(
        GoogleAuthErrorKind::Refresh,
        format!("{}: getting a token failed: {detail}", info.source_label()),
        hint,
    )
}

/// The endpoint (without its query) a token request could not connect to, if that is why it
/// failed.
fn unreachable_endpoint(error: &google_cloud_auth::errors::CredentialsError) -> Option<String> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(err) = current {
        if let Some(http) = err.downcast_ref::<reqwest::Error>()
            && (http.is_connect() || (http.is_timeout() && http.status().is_none()))
        {
            let url = http.url().map(|url| url.as_str().split('?').next().unwrap_or_default().to_owned());
            return Some(url.unwrap_or_else(|| "the token endpoint".to_owned()));
        }
        current = err.source();
    }
    None
}

/// The error for a token fetch that took longer than `limit`.
pub(super) fn refresh_timed_out(adc: &Adc, limit: Duration) -> GoogleAuthError {
    let seconds = limit.as_secs();
    if let AdcOrigin::MetadataServer { host } = &adc.info.origin
        && host == DEFAULT_METADATA_HOST
    {
        return GoogleAuthError::new(
            GoogleAuthErrorKind::Missing,
            format!(
                "no Google credentials found (no ADC file, and the metadata server {host} gave no token within {seconds} s)"
            ),
            NOT_ON_GCP_HINT,
        );
    }
    let problem = format!("{}: no token after {seconds} s", adc.info.source_label());
    GoogleAuthError::new(GoogleAuthErrorKind::Refresh, problem, refresh_hint(adc))
}

/// The most useful words in a `google-cloud-auth` error chain: the OAuth error a token endpoint
/// answered (`invalid_grant: Token has been expired or revoked.`), else the HTTP status or the
/// connection failure, else the innermost message. The library's own outer wording ("Request to
/// fetch the token failed. Subsequent calls…") says nothing the problem line does not.
fn failure_detail(error: &google_cloud_auth::errors::CredentialsError) -> String {
    let (mut status, mut connect, mut url) = (None, false, None);
    let mut innermost = error.to_string();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(err) = current {
        let message = err.to_string();
        if let Some(answer) = oauth_error(&message) {
            return answer;
        }
        if let Some(http) = err.downcast_ref::<reqwest::Error>() {
            status = status.or(http.status());
            connect |= http.is_connect();
            url = url.or_else(|| http.url().map(|url| url.as_str().split('?').next().unwrap_or_default().to_owned()));
        }
        innermost = message;
        current = err.source();
    }
    // The library's CredentialsError ends every message with one of these.
    let suffixes = [" and future attempts will not succeed", " but future attempts may succeed"];
    let innermost = suffixes.iter().fold(innermost.as_str(), |text, suffix| text.trim_end_matches(suffix)).to_owned();
    let url = url.map_or_else(String::new, |url| format!(" {url}"));
    match (status, connect) {
        (Some(status), _) => format!("HTTP {status} from{url}"),
        (None, true) => format!("could not connect to{url} ({innermost})"),
        (None, false) => innermost,
    }
}

/// `error: error_description` (OAuth) or `status: message` (Google APIs) from a message that
/// quotes a response body as `body=<…>`.
fn oauth_error(message: &str) -> Option<String> {
    let body = &message[message.find("body=<")? + "body=<".len()..];
    let body: Value = serde_json::from_str(&body[..body.rfind('>')?]).ok()?;
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    if let Some(code) = text(body.get("error")) {
        return Some(match text(body.get("error_description")) {
            Some(description) => format!("{code}: {description}"),
            None => code,
        });
    }
    let error = body.get("error")?;
    let message = text(error.get("message"))?;
    Some(match text(error.get("status")) {
        Some(status) => format!("{status}: {message}"),
        None => message,
    })
}

#[cfg(test)]
mod tests {
    use super::oauth_error;

    #[test]
    fn answers_quoted_by_the_library_are_read() {
        let message = "failed to refresh user access token, body=<{\"error\":\"invalid_grant\",\
                       \"error_description\":\"Token has been expired or revoked.\"}>";
        assert_eq!(oauth_error(message).as_deref(), Some("invalid_grant: Token has been expired or revoked."));
        let message = "x, body=<{\"error\":{\"code\":403,\"message\":\"denied\",\"status\":\"PERMISSION_DENIED\"}}>";
        assert_eq!(oauth_error(message).as_deref(), Some("PERMISSION_DENIED: denied"));
        assert_eq!(oauth_error("no body here"), None);
    }
}
