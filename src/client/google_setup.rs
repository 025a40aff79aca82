//! The Google routes' setup: the Gemini API key, or a bearer token from Application Default
//! Credentials with the Vertex project, location and quota project; and the host for each.

use super::setup::{Auth, RouteSetup, Surroundings};
use crate::auth::demo;
use crate::auth::google::{self, Adc, AdcKind, AdcOrigin, GoogleAuthError, GoogleAuthErrorKind, GoogleToken};
use crate::auth::secret::Secret;
use crate::auth::{Credential, CredentialStatus, Env};
use crate::config::file::{Config, GoogleSettings};
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::google::DEFAULT_LOCATION;
use crate::routes::spec::AuthScheme;
use crate::routes::{Place, RouteId, Target};

/// The sidebar status of a Google route: where its key or ADC comes from (no token is
/// fetched here; the Google check does that off the UI task).
#[must_use]
pub fn status(route: RouteId, around: &Surroundings<'_>) -> CredentialStatus {
    let settings = &around.config.routes.google;
    if around.demo {
        return CredentialStatus::Ready { source: "demo credentials (built-in emulator)".into() };
    }
    if route.spec().auth == AuthScheme::GoogleApiKey {
        return google::api_key_status(around.env, settings.api_key.as_deref());
    }
    match google::find_adc(around.env) {
        Ok(adc) => {
            let location = location(&around.places.target(route, ""), settings, around.env);
            CredentialStatus::Ready { source: format!("{} · {location}", adc.info.source_label()) }
        }
        Err(error) if error.kind == GoogleAuthErrorKind::Missing => CredentialStatus::Missing {
            hint: format!("{}; fix: {} (or try them offline with --demo)", error.problem, error.hint),
        },
        Err(error) => CredentialStatus::Error { message: format!("{}; {}", error.problem, error.hint) },
    }
}

/// Resolve the setup of a Google route. Vertex routes may wait for a token refresh.
pub async fn resolve(target: &Target, around: &Surroundings<'_>) -> Result<RouteSetup, RunError> {
    let settings = &around.config.routes.google;
    let fail = |kind, problem: String, hint: &str| {
        RunError::new(kind, target.route.name(), &target.model, problem).with_hint(hint.to_owned())
    };
    if target.route.spec().auth == AuthScheme::GoogleApiKey {
        return gemini_api(target, around, settings, fail);
    }
    let adc = if around.demo { demo_adc(emulator_url(target, around)?) } else { google::find_adc(around.env) }
        .map_err(|error| auth_error(target, &error))?;
    let token = around.google_tokens.token(&adc).await.map_err(|error| auth_error(target, &error))?;
    let location = location(target, settings, around.env);
    let project = match project(target, settings, around, &adc) {
        Some(project) => Some(project),
        None => metadata_project(&adc, &token).await,
    };
    let project = project.ok_or_else(|| {
        fail(
            ErrorKind::MissingCredential,
            "no Google Cloud project for Vertex AI".into(),
            "set GOOGLE_CLOUD_PROJECT, pass --project, or set project under [routes.google] in config.toml",
        )
    })?;
    let base_url = if around.demo {
        emulator_url(target, around)?.to_owned()
    } else {
        base_url(target.route, around.config, around.env, Some(&location))
    };
    let quota_project = quota_project(settings, around.env, &adc);
    let extra_headers = quota_project.map(|quota| vec![("x-goog-user-project".into(), quota)]).unwrap_or_default();
    let source = format!("{} · project {project} · {location}", adc.info.source_label());
    Ok(RouteSetup {
        place: Place::Vertex { location: Some(location), project: Some(project) },
        extra_headers,
        refresh_hint: Some(refresh_hint(&adc)),
        token_expires_in: token.expires_in,
        ..RouteSetup::new(base_url, String::new(), Auth::Header(Credential::Bearer(token.bearer)), source)
    })
}

/// The Gemini Developer API: a key and the host.
fn gemini_api(
    target: &Target,
    around: &Surroundings<'_>,
    settings: &GoogleSettings,
    fail: impl Fn(ErrorKind, String, &str) -> RunError,
) -> Result<RouteSetup, RunError> {
    let (key, source, base_url) = if around.demo {
        let url = emulator_url(target, around)?;
        (Secret::new(demo::GOOGLE_DEMO_API_KEY), format!("demo key (built-in emulator, {url})"), url.to_owned())
    } else {
        let found = google::api_key(around.env, settings.api_key.as_deref()).ok_or_else(|| {
            fail(ErrorKind::MissingCredential, "no Gemini API key found".into(), google::API_KEY_HINT)
        })?;
        let (Credential::ApiKey(key) | Credential::Bearer(key)) = found.credential;
        (key, found.source, base_url(target.route, around.config, around.env, None))
    };
    Ok(RouteSetup::new(base_url, String::new(), Auth::GoogleApiKey(key), source))
}

/// The emulator's demo user credentials, refreshed against its token endpoint.
pub fn demo_adc(emulator_url: &str) -> Result<Adc, GoogleAuthError> {
    google::adc_from_json(
        demo::google_demo_authorized_user(emulator_url),
        AdcOrigin::Demo { token_uri: format!("{emulator_url}/token") },
    )
}

/// A Google route's host root: the config file's key for it, then its variable, else Google's
/// host (on Vertex, the one for `location`).
#[must_use]
pub fn base_url(route: RouteId, config: &Config, env: &dyn Env, location: Option<&str>) -> String {
    let spec = route.spec();
    super::host::base_url(spec, super::setup::configured_base_url(config, spec), env, location).unwrap_or_default()
}

/// Who is billed for quota: the config file, `GOOGLE_CLOUD_QUOTA_PROJECT`, else the
/// credential's `quota_project_id`.
#[must_use]
pub fn quota_project(settings: &GoogleSettings, env: &dyn Env, adc: &Adc) -> Option<String> {
    settings
        .quota_project
        .clone()
        .or_else(|| env.var("GOOGLE_CLOUD_QUOTA_PROJECT"))
        .or_else(|| adc.info.quota_project.clone())
}

/// The location: the target's, the config file's, `GOOGLE_CLOUD_LOCATION`, else `global`.
#[must_use]
pub fn location(target: &Target, settings: &GoogleSettings, env: &dyn Env) -> String {
    (target.place.location().map(str::to_owned))
        .or_else(|| settings.location.clone())
        .or_else(|| env.var("GOOGLE_CLOUD_LOCATION"))
        .unwrap_or_else(|| DEFAULT_LOCATION.into())
}

/// The project: the target's, the config file's, `GOOGLE_CLOUD_PROJECT`, then the credential
/// file's `project_id` or `quota_project_id`. In demo mode, the emulator's demo project.
#[must_use]
pub fn project(target: &Target, settings: &GoogleSettings, around: &Surroundings<'_>, adc: &Adc) -> Option<String> {
    (target.place.project().map(str::to_owned))
        .or_else(|| settings.project.clone())
        .or_else(|| around.demo.then(|| demo::GOOGLE_DEMO_PROJECT.to_owned()))
        .or_else(|| around.env.var("GOOGLE_CLOUD_PROJECT"))
        .or_else(|| adc.info.project.clone())
        .or_else(|| adc.info.quota_project.clone())
}

/// On Google Cloud the metadata server knows the project; elsewhere there is nothing to ask.
async fn metadata_project(adc: &Adc, token: &GoogleToken) -> Option<String> {
    if adc.info.kind != AdcKind::MetadataServer {
        return None;
    }
    // Only the metadata server (plain http) is asked: no TLS roots needed.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tls_certs_only(std::iter::empty())
        .build()
        .ok()?;
    google::identity(&http, adc, token).await.project
}

/// How to fix the credential when Google says it is no longer valid.
fn refresh_hint(adc: &Adc) -> String {
    match adc.info.origin {
        AdcOrigin::Demo { .. } => "restart the playground (the demo credentials are built in)".into(),
        _ => google::rejected_hint(adc),
    }
}

fn auth_error(target: &Target, error: &GoogleAuthError) -> RunError {
    let kind = if error.kind == GoogleAuthErrorKind::Missing { ErrorKind::MissingCredential } else { ErrorKind::Auth };
    RunError::new(kind, target.route.name(), &target.model, error.problem.clone()).with_hint(error.hint.clone())
}

fn emulator_url<'a>(target: &Target, around: &Surroundings<'a>) -> Result<&'a str, RunError> {
    around.emulator_url.ok_or_else(|| {
        RunError::new(ErrorKind::Connection, target.route.name(), &target.model, "the built-in emulator is not running")
            .with_hint("demo mode needs the playground's emulator, or `routeplay ask --demo`")
    })
}
