//! Per route: where to send and with which credential. This is the one seam where routes
//! differ in endpoint and auth (as `Config` is in async-openai).

use crate::auth::{self, Env, Resolved};
use crate::config::file::Config;
use crate::emulator::EMULATOR_API_KEY;
use crate::routes::RouteId;
use crate::routes::error::{ErrorKind, RunError};

/// Everything needed to send a Messages request on one route.
#[derive(Debug, Clone)]
pub struct RouteSetup {
    pub base_url: String,
    pub version: String,
    pub credential: Resolved,
}

/// Resolve the setup for `route`. `emulator_url` is the embedded emulator's base URL, where
/// one runs.
pub fn resolve(
    route: RouteId,
    model: &str,
    config: &Config,
    env: &dyn Env,
    emulator_url: Option<&str>,
) -> Result<RouteSetup, RunError> {
    let settings = &config.routes.anthropic;
    let version = settings.version.clone().unwrap_or_else(|| crate::routes::anthropic::DEFAULT_VERSION.into());
    match route {
        RouteId::Emulator => {
            let base_url = emulator_url.ok_or_else(|| {
                RunError::new(ErrorKind::Connection, route.name(), model, "the built-in emulator is not running")
                    .with_hint("start one with `routeplay emulator` and set ANTHROPIC_BASE_URL, or use the playground")
            })?;
            Ok(RouteSetup { base_url: base_url.to_owned(), version, credential: emulator_credential(base_url) })
        }
        RouteId::Anthropic => {
            let credential = auth::anthropic::resolve(env, settings.api_key.as_deref()).ok_or_else(|| {
                RunError::new(ErrorKind::MissingCredential, route.name(), model, "no Anthropic API key found")
                    .with_hint(auth::anthropic::HINT)
            })?;
            let base_url = settings
                .base_url
                .clone()
                .or_else(|| env.var("ANTHROPIC_BASE_URL"))
                .unwrap_or_else(|| crate::routes::anthropic::DEFAULT_BASE_URL.into());
            Ok(RouteSetup { base_url, version, credential })
        }
    }
}

/// The emulator's fixed, non-secret key, labelled with where the emulator listens.
fn emulator_credential(base_url: &str) -> Resolved {
    Resolved {
        credential: auth::Credential::ApiKey(auth::secret::Secret::new(EMULATOR_API_KEY)),
        source: format!("built-in emulator ({})", base_url.trim_start_matches("http://")),
    }
}

/// The sidebar status of every route, without network I/O.
#[must_use]
pub fn statuses(config: &Config, env: &dyn Env, emulator_url: Option<&str>) -> Vec<(RouteId, auth::CredentialStatus)> {
    RouteId::ALL
        .into_iter()
        .map(|route| {
            let status = match route {
                RouteId::Emulator => match emulator_url {
                    Some(url) => auth::CredentialStatus::Ready { source: emulator_credential(url).source },
                    None => auth::CredentialStatus::Missing { hint: "starting…".into() },
                },
                RouteId::Anthropic => auth::anthropic::status(env, config.routes.anthropic.api_key.as_deref()),
            };
            (route, status)
        })
        .collect()
}
