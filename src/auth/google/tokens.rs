//! Bearer tokens for the Vertex AI routes, from `google-cloud-auth`.
//!
//! Credentials are built with the library's per-type builders from the JSON [`find_adc`] read,
//! never with its ADC `Builder`, which would read the process environment and `HOME` itself.
//! Each is built once per ADC source and kept: the library caches the token and refreshes it in
//! a background task about four minutes before it expires.
//!
//! What the library does that shapes this file:
//! * Building spawns that refresh task, so it must happen inside a Tokio runtime, and the
//!   credentials only work while that runtime lives: use one `GoogleTokens` per runtime.
//! * After a permanent failure (`invalid_grant`) the task stops and keeps answering that error;
//!   after a transient one it retries every 10 s for as long as the credentials live. Either way
//!   a failed credential is dropped here, so the next call builds afresh (after the user ran
//!   `gcloud auth application-default login`, say) and nothing retries in the background.
//! * Its default retry policy makes one attempt, and its clients have no timeout: a refused
//!   connection or an `invalid_grant` fails at once, and [`fetch_limit`] bounds a hang.
//! * `AccessToken` does not say when the token expires; [`super::expiry`] finds out, except for
//!   the user kinds, whose own refresh keeps the token endpoint's `expires_in`.
//!
//! `authorized_user` and `external_account_authorized_user` credentials are the exception:
//! [`user_refresh`] refreshes them itself, so that no redirect carries the refresh token to
//! another host.
//!
//! [`find_adc`]: super::find_adc

mod user_refresh;

use super::adc::Adc;
use super::error::{self, GoogleAuthError, GoogleAuthErrorKind};
use super::identity::{GoogleIdentity, identity};
use super::info::{AdcKind, AdcOrigin};
use super::{CLOUD_PLATFORM_SCOPE, expiry};
use crate::auth::secret::Secret;
use google_cloud_auth::credentials::{AccessTokenCredentials, external_account, impersonated, mds, service_account};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// A bearer token and how long it has left, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoogleToken {
    pub bearer: Secret,
    pub expires_in: Option<Duration>,
}

/// Builds `google-cloud-auth` credentials once per ADC source and reuses them (and so their
/// token cache). Cheap to clone: clones share the cache.
#[derive(Clone, Default)]
pub struct GoogleTokens {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    /// By [`source_key`].
    credentials: Mutex<HashMap<u64, Entry>>,
    /// For learning expiries; built on first use (`None` if it could not be: the expiry is
    /// then unknown, rather than learned through a client that follows redirects).
    http: OnceLock<Option<reqwest::Client>>,
}

#[derive(Clone)]
struct Entry {
    credentials: AccessTokenCredentials,
    /// For user credentials, which refresh themselves: the expiry their token endpoint gave.
    issued: Option<user_refresh::Issued>,
    /// A hash of the last token handed out and when it expires, so the expiry is learned once
    /// per token rather than once per request.
    last: Option<(u64, Option<Instant>)>,
    /// A hash of the last token `tokeninfo` was asked about and the principal it named, so a
    /// user credential's principal is looked up once per token.
    principal: Option<(u64, Option<String>)>,
}

impl GoogleTokens {
    /// A bearer token for `adc` with the cloud-platform scope, and how long it has left.
    pub async fn token(&self, adc: &Adc) -> Result<GoogleToken, GoogleAuthError> {
        let key = source_key(adc);
        let entry = self.entry(key, adc)?;
        let limit = fetch_limit(adc.info.kind);
        let token = match tokio::time::timeout(limit, entry.credentials.access_token()).await {
            Ok(Ok(token)) => token.token,
            Ok(Err(failure)) => {
                self.forget(key);
                return Err(error::refresh_failed(adc, &failure));
            }
            Err(_) => {
                self.forget(key);
                return Err(error::refresh_timed_out(adc, limit));
            }
        };
        let fingerprint = hash(&token);
        let expires_at = match entry.last {
            Some((last, expires_at)) if last == fingerprint => expires_at,
            _ => {
                let expires_at = match (&entry.issued, self.http()) {
                    (Some(issued), _) => issued.expiry_of(&token).await,
                    (None, Some(http)) => expiry::learn(http, adc, &token).await,
                    (None, None) => None,
                };
                self.lock().entry(key).and_modify(|entry| entry.last = Some((fingerprint, expires_at)));
                expires_at
            }
        };
        let expires_in = expires_at.map(|at| at.saturating_duration_since(Instant::now()));
        Ok(GoogleToken { bearer: Secret::new(token), expires_in })
    }

    /// Who `adc` acts as ([`identity`]), looking a user credential's principal up at most once
    /// per token.
    pub async fn identity(&self, http: &reqwest::Client, adc: &Adc, token: &GoogleToken) -> GoogleIdentity {
        if adc.info.kind != AdcKind::AuthorizedUser {
            return identity(http, adc, token).await;
        }
        let (key, fingerprint) = (source_key(adc), hash(token.bearer.expose()));
        let known = self.lock().get(&key).and_then(|entry| entry.principal.clone());
        if let Some((asked, principal)) = known
            && asked == fingerprint
        {
            return GoogleIdentity { principal, project: adc.info.project.clone() };
        }
        let found = identity(http, adc, token).await;
        let principal = Some((fingerprint, found.principal.clone()));
        self.lock().entry(key).and_modify(|entry| entry.principal = principal);
        found
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        self.inner.credentials.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn entry(&self, key: u64, adc: &Adc) -> Result<Entry, GoogleAuthError> {
        let mut cache = self.lock();
        if let Some(entry) = cache.get(&key) {
            return Ok(entry.clone());
        }
        let (credentials, issued) = build(adc)?;
        let entry = Entry { credentials, issued, last: None, principal: None };
        cache.insert(key, entry.clone());
        Ok(entry)
    }

    fn forget(&self, key: u64) {
        self.lock().remove(&key);
    }

    fn http(&self) -> Option<&reqwest::Client> {
        let http = self.inner.http.get_or_init(|| {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(Duration::from_secs(2))
                .timeout(expiry::PROBE_LIMIT)
                .build()
                .ok()
        });
        http.as_ref()
    }
}

/// How long a token fetch may take before it is abandoned. The metadata server answers at once
/// or not at all; external accounts may run an executable or call a third party first.
fn fetch_limit(kind: AdcKind) -> Duration {
    match kind {
        AdcKind::MetadataServer => Duration::from_secs(5),
        AdcKind::ExternalAccount => Duration::from_secs(30),
        _ => Duration::from_secs(10),
    }
}

/// Which credentials to reuse: the same kind, file contents and metadata host. A file rewritten
/// by a fresh `gcloud auth application-default login` gets new credentials.
fn source_key(adc: &Adc) -> u64 {
    let mut hasher = DefaultHasher::new();
    adc.info.kind.label().hash(&mut hasher);
    adc.json().map(ToString::to_string).hash(&mut hasher);
    if let AdcOrigin::MetadataServer { host } = &adc.info.origin {
        host.hash(&mut hasher);
    }
    hasher.finish()
}

fn hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// The credentials for `adc`, with the cloud-platform scope wherever the builder takes scopes:
/// the library's, except for the two user kinds (see [`user_refresh`]).
///
/// Service account keys: `google-cloud-auth` does not exchange a signed assertion at `token_uri`
/// as google-auth (Python) does; it uses a self-signed JWT (RS256, `iss` and `sub` the
/// `client_email`, `scope` cloud-platform, an hour long) directly as the bearer token, which
/// Google APIs accept (AIP-4111). No network call, and `token_uri` is never used.
fn build(adc: &Adc) -> Result<(AccessTokenCredentials, Option<user_refresh::Issued>), GoogleAuthError> {
    let scopes = [CLOUD_PLATFORM_SCOPE];
    let user =
        |built: Result<user_refresh::Built, String>| built.map(|(credentials, issued)| (credentials, Some(issued)));
    let built = match (adc.info.kind, adc.json().cloned(), &adc.info.origin) {
        (AdcKind::MetadataServer, _, AdcOrigin::MetadataServer { host }) => mds::Builder::default()
            .with_endpoint(format!("http://{host}"))
            .with_scopes(scopes)
            .build_access_token_credentials()
            .map(|credentials| (credentials, None))
            .map_err(|failure| failure.to_string()),
        (AdcKind::AuthorizedUser, Some(json), _) => user(user_refresh::authorized_user(&json, &scopes)),
        (AdcKind::ServiceAccount, Some(json), _) => service_account::Builder::new(json)
            .with_access_specifier(service_account::AccessSpecifier::from_scopes(scopes))
            .build_access_token_credentials()
            .map(|credentials| (credentials, None))
            .map_err(|failure| failure.to_string()),
        (AdcKind::ImpersonatedServiceAccount, Some(json), _) => impersonated::Builder::new(json)
            .with_scopes(scopes)
            .build_access_token_credentials()
            .map(|credentials| (credentials, None))
            .map_err(|failure| failure.to_string()),
        (AdcKind::ExternalAccount, Some(json), _) => external_account::Builder::new(json)
            .with_scopes(scopes)
            .build_access_token_credentials()
            .map(|credentials| (credentials, None))
            .map_err(|failure| failure.to_string()),
        // Its scopes are those its refresh token was granted.
        (AdcKind::ExternalAccountAuthorizedUser, Some(json), _) => {
            user(user_refresh::external_account_authorized_user(&json))
        }
        _ => {
            return Err(GoogleAuthError::new(
                GoogleAuthErrorKind::Invalid,
                format!("{}: no credential to build", adc.info.source_label()),
                "this is a bug in routeplay",
            ));
        }
    };
    built.map_err(|failure| {
        GoogleAuthError::new(
            GoogleAuthErrorKind::Invalid,
            error::scrub(&format!("{}: {failure}", adc.info.source_label()), adc.json()),
            match adc.info.origin {
                AdcOrigin::GcloudFile(_) => error::GCLOUD_LOGIN_HINT.to_owned(),
                _ => format!("fix the credential file {}", adc.info.origin.place()),
            },
        )
    })
}
