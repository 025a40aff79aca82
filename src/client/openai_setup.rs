//! The OpenAI-key route's setup: where it sends (`[routes.openai] base_url`, `OPENAI_BASE_URL`,
//! else OpenAI's API) and with which key (`OPENAI_API_KEY`, else the config file's), or with none
//! at all to a loopback server, since a local model server needs none.

use super::setup::{Auth, RouteSetup, Surroundings};
use crate::auth::demo::EMULATOR_API_KEY;
use crate::auth::secret::Secret;
use crate::auth::{self, Credential, CredentialStatus};
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::spec::RouteSpec;
use crate::routes::{RouteId, Target};

/// The sidebar status of an OpenAI-key route: where its key comes from, none needed for a
/// loopback server, else how to add one.
#[must_use]
pub fn status(route: RouteId, around: &Surroundings<'_>) -> CredentialStatus {
    if around.demo {
        return CredentialStatus::Ready { source: "demo key (built-in emulator)".into() };
    }
    let loopback = super::plain_http::is_loopback_url(&openai_base_url(route.spec(), around));
    auth::openai::status(around.env, around.config.routes.openai.api_key.as_deref(), loopback)
}

/// An OpenAI-key route: the emulator's fixed key in demo mode; else the key from the
/// environment or the config file, or none at all for a loopback server (a local model server).
/// A key goes over plain http only to loopback.
pub fn resolve(target: &Target, around: &Surroundings<'_>) -> Result<RouteSetup, RunError> {
    let (route, model) = (target.route, target.model.as_str());
    let spec = route.spec();
    if around.demo {
        let base_url = super::host::on_emulator(spec, super::setup::emulator_url(around, route, model)?);
        let source = format!("demo key (built-in emulator, {})", base_url.trim_start_matches("http://"));
        let auth = Auth::Header(Credential::Bearer(Secret::new(EMULATOR_API_KEY)));
        return Ok(RouteSetup::new(base_url, String::new(), auth, source));
    }
    let base_url = openai_base_url(spec, around);
    let Some(found) = auth::openai::resolve(around.env, around.config.routes.openai.api_key.as_deref()) else {
        if super::plain_http::is_loopback_url(&base_url) {
            let source = format!("{} ({base_url})", auth::openai::NONE_NEEDED);
            return Ok(RouteSetup::new(base_url, String::new(), Auth::None, source));
        }
        let problem = format!("no OpenAI API key found for {base_url}");
        return Err(
            RunError::new(ErrorKind::MissingCredential, route.name(), model, problem).with_hint(auth::openai::HINT)
        );
    };
    if let Some(problem) = super::plain_http::refusal_of("the OpenAI API key", &base_url) {
        return Err(RunError::new(ErrorKind::Auth, route.name(), model, problem).with_hint(OPENAI_PLAIN_HTTP_HINT));
    }
    let refresh_hint = Some(format!(
        "the key from {} was rejected: check it (OpenAI's keys are made at platform.openai.com/api-keys)",
        found.source
    ));
    Ok(RouteSetup {
        refresh_hint,
        ..RouteSetup::new(base_url, String::new(), Auth::Header(found.credential), found.source)
    })
}

/// The fix for an OpenAI key refused over plain http.
const OPENAI_PLAIN_HTTP_HINT: &str = "use an https:// base URL, or reach the server over loopback (ssh -L 8000:HOST:8000, \
                                      then OPENAI_BASE_URL=http://127.0.0.1:8000/v1)";

/// An OpenAI-key route's base URL: the config file's key for it, then its variable, then the
/// spec's host.
fn openai_base_url(spec: &RouteSpec, around: &Surroundings<'_>) -> String {
    super::host::base_url(spec, super::setup::configured_base_url(around.config, spec), around.env, None)
        .unwrap_or_default()
}
