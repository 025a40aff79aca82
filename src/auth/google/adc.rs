//! Finding Application Default Credentials the way google-auth does (AIP-4110), but reading the
//! environment only through an [`Env`]: `GOOGLE_APPLICATION_CREDENTIALS`, then gcloud's
//! `application_default_credentials.json`, then the metadata server.

use super::error::{GCLOUD_LOGIN_HINT, GoogleAuthError, GoogleAuthErrorKind};
use super::info::{AdcInfo, AdcKind, AdcOrigin, ENV_VAR};
use crate::auth::Env;
use crate::files::read::read_capped;
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const ADC_FILE: &str = "application_default_credentials.json";
/// The metadata server's name on Google Cloud; `GCE_METADATA_HOST` overrides it.
pub(super) const DEFAULT_METADATA_HOST: &str = "metadata.google.internal";

/// Application Default Credentials, found. `Debug` shows only the [`AdcInfo`].
#[derive(Clone)]
pub struct Adc {
    pub info: AdcInfo,
    /// The credential file's JSON; `None` for the metadata server.
    json: Option<Arc<Value>>,
}

impl fmt::Debug for Adc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Adc").field("info", &self.info).finish_non_exhaustive()
    }
}

impl Adc {
    /// The credential JSON, for building credentials and scrubbing messages.
    pub(super) fn json(&self) -> Option<&Value> {
        self.json.as_deref()
    }
}

/// Find the ADC the way google-auth does, reading only through `env`: the file named by
/// `GOOGLE_APPLICATION_CREDENTIALS` (a missing, unreadable or invalid file there is an error, not
/// a fall-through: the user asked for it), then gcloud's ADC file, then the metadata server
/// (not probed here; it is the last resort and answers, or not, when a token is asked for).
/// Reads files only.
pub fn find_adc(env: &dyn Env) -> Result<Adc, GoogleAuthError> {
    if let Some(path) = env.var(ENV_VAR) {
        let path = PathBuf::from(path.trim());
        // Read with routeplay's cap: `GOOGLE_APPLICATION_CREDENTIALS=/dev/zero` is refused at once.
        return match read_capped(&path) {
            Ok(text) => parse(&text, AdcOrigin::EnvVar(path)),
            Err(error) => Err(GoogleAuthError::new(
                GoogleAuthErrorKind::Invalid,
                format!("{ENV_VAR}={}: {}", path.display(), error.detail()),
                format!("point {ENV_VAR} at a credential file, or unset it to use gcloud's"),
            )),
        };
    }
    if let Some(path) = gcloud_file(env) {
        match read_capped(&path) {
            Ok(text) => return parse(&text, AdcOrigin::GcloudFile(path)),
            Err(error) if error.is_not_found() => {}
            Err(error) => {
                return Err(GoogleAuthError::new(
                    GoogleAuthErrorKind::Invalid,
                    format!("gcloud ADC file {}: {}", path.display(), error.detail()),
                    GCLOUD_LOGIN_HINT,
                ));
            }
        }
    }
    let host = match env.var("GCE_METADATA_HOST") {
        Some(host) => host.trim().to_owned(),
        None if on_google_cloud(env) => DEFAULT_METADATA_HOST.to_owned(),
        None => {
            return Err(GoogleAuthError::new(
                GoogleAuthErrorKind::Missing,
                "no Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS is not set, there is no \
                 gcloud ADC file, and this is not Google Cloud (no metadata server)",
                GCLOUD_LOGIN_HINT,
            ));
        }
    };
    let info = AdcInfo {
        kind: AdcKind::MetadataServer,
        origin: AdcOrigin::MetadataServer { host },
        principal: None,
        project: None,
        quota_project: None,
    };
    Ok(Adc { info, json: None })
}

/// Whether this machine runs on Google Cloud, where the metadata server answers: a serverless
/// runtime's variables, or the DMI product name of a Compute Engine (or GKE) VM, as google-auth
/// checks it. Elsewhere the metadata server is not tried at all, so a laptop without ADC gets
/// "missing" at once instead of a DNS lookup of `metadata.google.internal` and a timeout.
fn on_google_cloud(env: &dyn Env) -> bool {
    const SERVERLESS: [&str; 4] = ["K_SERVICE", "CLOUD_RUN_JOB", "FUNCTION_TARGET", "GAE_ENV"];
    SERVERLESS.iter().any(|name| env.var(name).is_some())
        || std::fs::read_to_string("/sys/class/dmi/id/product_name").is_ok_and(|name| name.contains("Google"))
}

/// The same from a JSON value already in memory (the emulator demo's `authorized_user`).
pub fn adc_from_json(json: Value, origin: AdcOrigin) -> Result<Adc, GoogleAuthError> {
    let Some(name) = json.get("type").and_then(Value::as_str) else {
        return Err(invalid(&origin, format!("{origin}: no \"type\" field; this is not a Google credential file")));
    };
    let Some(kind) = AdcKind::from_type(name) else {
        let what = match name {
            "gdch_service_account" => "a gdch_service_account (Google Distributed Cloud Hosted) credential".to_owned(),
            other => format!("of unknown credential type \"{}\"", other.chars().take(60).collect::<String>()),
        };
        return Err(GoogleAuthError::new(
            GoogleAuthErrorKind::Unsupported,
            format!("{origin}: the file is {what}, which routeplay cannot use"),
            "use a service account key, or run `gcloud auth application-default login`",
        ));
    };
    let text = |key: &str| json.get(key).and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty());
    if let Some(field) = kind.required().iter().find(|field| {
        let value = json.get(**field);
        value.is_none_or(|value| !value.is_object() && text(field).is_none())
    }) {
        return Err(invalid(&origin, format!("{origin}: this {name} credential has no \"{field}\"")));
    }
    let impersonated = text("service_account_impersonation_url").and_then(impersonation_target);
    let principal = match kind {
        AdcKind::ServiceAccount => text("client_email").map(str::to_owned),
        AdcKind::ImpersonatedServiceAccount => impersonated,
        AdcKind::ExternalAccount => impersonated.or_else(|| text("audience").map(str::to_owned)),
        AdcKind::ExternalAccountAuthorizedUser => text("audience").map(str::to_owned),
        AdcKind::AuthorizedUser | AdcKind::MetadataServer => None,
    };
    let info = AdcInfo {
        kind,
        principal,
        project: text("project_id").map(str::to_owned),
        quota_project: text("quota_project_id").map(str::to_owned),
        origin,
    };
    Ok(Adc { info, json: Some(Arc::new(json)) })
}

fn parse(text: &str, origin: AdcOrigin) -> Result<Adc, GoogleAuthError> {
    match serde_json::from_str(text) {
        Ok(json) => adc_from_json(json, origin),
        // serde_json's syntax errors give a line and column, never the text itself.
        Err(error) => Err(invalid(&origin, format!("{origin}: not valid JSON ({error})"))),
    }
}

/// A credential that makes no sense, with the way to fix it for where it came from.
fn invalid(origin: &AdcOrigin, problem: String) -> GoogleAuthError {
    let hint = match origin {
        AdcOrigin::EnvVar(_) => format!("fix the file, or point {ENV_VAR} at another"),
        AdcOrigin::GcloudFile(_) => format!("{GCLOUD_LOGIN_HINT} to write it again"),
        AdcOrigin::MetadataServer { .. } | AdcOrigin::Demo { .. } => "this is a bug in routeplay".to_owned(),
    };
    GoogleAuthError::new(GoogleAuthErrorKind::Invalid, problem, hint)
}

/// gcloud's ADC file: `$CLOUDSDK_CONFIG/…`, else `~/.config/gcloud/…` (`%APPDATA%\gcloud\…` on
/// Windows), as gcloud and google-auth agree.
fn gcloud_file(env: &dyn Env) -> Option<PathBuf> {
    let config = match env.var("CLOUDSDK_CONFIG") {
        Some(dir) => PathBuf::from(dir.trim()),
        None if cfg!(windows) => Path::new(&env.var("APPDATA")?).join("gcloud"),
        None => Path::new(&env.var("HOME")?).join(".config").join("gcloud"),
    };
    Some(config.join(ADC_FILE))
}

/// `sa@p.iam.gserviceaccount.com` from
/// `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com:generateAccessToken`.
fn impersonation_target(url: &str) -> Option<String> {
    let (_, rest) = url.rsplit_once("/serviceAccounts/")?;
    let email = rest.strip_suffix(":generateAccessToken").unwrap_or(rest);
    (!email.is_empty()).then(|| email.to_owned())
}
