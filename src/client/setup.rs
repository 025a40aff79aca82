//! Per route: where to send and with which credential. This is the one seam where routes
//! differ in endpoint and auth (as `Config` is in async-openai).

use crate::auth::aws::credentials::{self as aws, AwsAuth, AwsErrorKind, AwsSettings};
use crate::auth::aws::sigv4;
use crate::auth::demo::{self, EMULATOR_API_KEY};
use crate::auth::google::GoogleTokens;
use crate::auth::secret::Secret;
use crate::auth::{self, Credential, CredentialStatus, Env};
use crate::config::file::Config;
use crate::models::Places;
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::spec::{AuthScheme, HostKey, RouteSpec};
use crate::routes::{Place, RouteId, Target};
use aws_credential_types::Credentials;

/// How a request proves who sends it.
#[derive(Debug, Clone)]
pub enum Auth {
    /// A header carrying a key or token.
    Header(Credential),
    /// A SigV4 signature over the whole request.
    SigV4 { credentials: Credentials, region: String, service: &'static str },
    /// `x-goog-api-key: KEY`, the Gemini Developer API's key header.
    GoogleApiKey(Secret),
    /// No credential at all: a loopback server that was given no key (a local model server).
    None,
}

/// Everything needed to send on one route.
#[derive(Debug, Clone)]
pub struct RouteSetup {
    pub base_url: String,
    /// The `anthropic-version` header, on the routes that send it.
    pub version: String,
    pub auth: Auth,
    /// Where the credential came from, safe to show.
    pub source: String,
    /// The place as resolved for this run: the AWS region (always set) on AWS routes, the
    /// Vertex location and project (both set) on Vertex routes.
    pub place: Place,
    /// Headers the route adds besides the credential (`x-goog-user-project`).
    pub extra_headers: Vec<(String, String)>,
    /// How to renew these credentials when AWS says they expired (`aws sso login --profile X`).
    pub refresh_hint: Option<String>,
    /// How long a fetched token had left (Google ADC), for the inspector.
    pub token_expires_in: Option<std::time::Duration>,
}

impl RouteSetup {
    /// A setup with no place, extra headers or refresh hint.
    #[must_use]
    pub fn new(base_url: String, version: String, auth: Auth, source: String) -> Self {
        Self {
            base_url,
            version,
            auth,
            source,
            place: Place::None,
            extra_headers: Vec::new(),
            refresh_hint: None,
            token_expires_in: None,
        }
    }
}

/// What a run's setup is resolved from.
pub struct Surroundings<'a> {
    pub config: &'a Config,
    pub env: &'a dyn Env,
    /// The embedded emulator's base URL, where one runs.
    pub emulator_url: Option<&'a str>,
    /// Point every route but the Anthropic API's at the emulator with its demo credentials
    /// ([`demo_on_emulator`]).
    pub demo: bool,
    /// Google credentials built once and reused, so their tokens are cached.
    pub google_tokens: &'a GoogleTokens,
    /// The region, profile, location and project chosen for the next runs (empty: from the
    /// config file and the environment). A run's target carries its own; the credential check,
    /// the sidebar and model discovery look here, so they show what the next run will use.
    pub places: &'a Places,
}

/// Resolve the setup for `target`. AWS routes may wait on the credential chain.
pub async fn resolve(target: &Target, around: &Surroundings<'_>) -> Result<RouteSetup, RunError> {
    let (route, model) = (target.route, target.model.as_str());
    let settings = &around.config.routes.anthropic;
    let version = settings.version.clone().unwrap_or_else(|| crate::routes::anthropic::DEFAULT_VERSION.into());
    match route.spec().auth {
        AuthScheme::EmulatorKey => {
            let base_url = emulator_url(around, route, model)?;
            let (auth, source) = emulator_key(base_url);
            Ok(RouteSetup::new(base_url.to_owned(), version, auth, source))
        }
        AuthScheme::AnthropicKey => {
            let found = auth::anthropic::resolve(around.env, settings.api_key.as_deref()).ok_or_else(|| {
                RunError::new(ErrorKind::MissingCredential, route.name(), model, "no Anthropic API key found")
                    .with_hint(auth::anthropic::HINT)
            })?;
            let configured = configured_base_url(around.config, route.spec());
            let base_url = super::host::base_url(route.spec(), configured, around.env, None).unwrap_or_default();
            // Said where the key came from, which fits the command line and the playground alike.
            let refresh_hint = Some(format!(
                "the key from {} was rejected: check it, or create a new one in the Anthropic Console",
                found.source
            ));
            Ok(RouteSetup {
                refresh_hint,
                ..RouteSetup::new(base_url, version, Auth::Header(found.credential), found.source)
            })
        }
        AuthScheme::Aws if around.demo => {
            let base_url = super::host::on_emulator(route.spec(), emulator_url(around, route, model)?);
            let region = target.place.region().unwrap_or(crate::routes::bedrock::SHOWN_REGION).to_owned();
            let auth =
                Auth::SigV4 { credentials: demo_credentials(), region: region.clone(), service: signing_name(route) };
            let source = format!("demo credentials (built-in emulator, {region})");
            let place = Place::Aws { region: Some(region), profile: None };
            Ok(RouteSetup { place, ..RouteSetup::new(base_url, version, auth, source) })
        }
        AuthScheme::Aws => {
            let settings = aws_settings(target, around.config);
            let context = aws::resolve(&settings).await.map_err(|error| {
                let kind = match error.kind {
                    AwsErrorKind::Missing | AwsErrorKind::NoRegion => ErrorKind::MissingCredential,
                    _ => ErrorKind::Auth,
                };
                RunError::new(kind, route.name(), model, error.problem.clone()).with_hint(error.hint.clone())
            })?;
            let region = context.region.clone();
            let refresh_hint = Some(context.refresh_hint());
            let source = context.label();
            let base_url = bedrock_base_url(route, &region, around);
            if matches!(context.auth, AwsAuth::Bearer(_)) {
                super::plain_http::check_bearer_destination(route.name(), model, &base_url)?;
            }
            let auth = match context.auth {
                AwsAuth::SigV4(credentials) => {
                    Auth::SigV4 { credentials, region: region.clone(), service: signing_name(route) }
                }
                AwsAuth::Bearer(key) => Auth::Header(Credential::Bearer(key)),
            };
            let place = Place::Aws { region: Some(region), profile: settings.profile };
            Ok(RouteSetup { place, refresh_hint, ..RouteSetup::new(base_url, version, auth, source) })
        }
        AuthScheme::GoogleApiKey | AuthScheme::GoogleAdc => super::google_setup::resolve(target, around).await,
        AuthScheme::OpenAiKey => super::openai_setup::resolve(target, around),
    }
}

/// Whether demo mode sends `spec`'s route to the emulator: every route whose scheme is not an
/// Anthropic key (the emulator route goes there anyway).
#[must_use]
pub fn demo_on_emulator(spec: &RouteSpec) -> bool {
    !matches!(spec.auth, AuthScheme::EmulatorKey | AuthScheme::AnthropicKey)
}

/// The emulator's demo AWS credentials (not secret: the emulator is loopback only).
#[must_use]
pub fn demo_credentials() -> Credentials {
    Credentials::new(demo::AWS_DEMO_ACCESS_KEY_ID, demo::AWS_DEMO_SECRET_ACCESS_KEY, None, None, "routeplay-demo")
}

/// The AWS choices for `target`: its own region and profile, else the config file's.
pub(super) fn aws_settings(target: &Target, config: &Config) -> AwsSettings {
    let bedrock = &config.routes.bedrock;
    AwsSettings {
        profile: target.place.profile().map(str::to_owned).or_else(|| bedrock.profile.clone()),
        region: target.place.region().map(str::to_owned).or_else(|| bedrock.region.clone()),
        bearer_key: bedrock.api_key.clone().map(Secret::new),
    }
}

/// A Bedrock route's base URL: the config file's key for it, then the spec's overrides, then
/// the regional host.
fn bedrock_base_url(route: RouteId, region: &str, around: &Surroundings<'_>) -> String {
    let configured = configured_base_url(around.config, route.spec());
    super::host::base_url(route.spec(), configured, around.env, Some(region)).unwrap_or_default()
}

/// The host root the config file sets for `spec`'s route, under the key its spec names.
#[must_use]
pub fn configured_base_url<'a>(config: &'a Config, spec: &RouteSpec) -> Option<&'a str> {
    let routes = &config.routes;
    let value = match spec.host_key? {
        HostKey::AnthropicBaseUrl => &routes.anthropic.base_url,
        HostKey::BedrockMantleBaseUrl => &routes.bedrock.mantle_base_url,
        HostKey::BedrockRuntimeBaseUrl => &routes.bedrock.runtime_base_url,
        HostKey::GeminiBaseUrl => &routes.google.gemini_base_url,
        HostKey::VertexBaseUrl => &routes.google.vertex_base_url,
        HostKey::OpenAiBaseUrl => &routes.openai.base_url,
        HostKey::MantleOpenAiBaseUrl => &routes.bedrock.openai_base_url,
    };
    value.as_deref()
}

/// The SigV4 signing name of a Bedrock route, from its spec.
fn signing_name(route: RouteId) -> &'static str {
    route.spec().signing_name.unwrap_or(sigv4::service::BEDROCK)
}

pub(super) fn emulator_url<'a>(around: &Surroundings<'a>, route: RouteId, model: &str) -> Result<&'a str, RunError> {
    around.emulator_url.ok_or_else(|| {
        RunError::new(ErrorKind::Connection, route.name(), model, "the built-in emulator is not running")
            .with_hint("start one with `routeplay emulator` and set ANTHROPIC_BASE_URL, or use the playground")
    })
}

/// The emulator's fixed, non-secret key, labelled with where the emulator listens.
fn emulator_key(base_url: &str) -> (Auth, String) {
    (
        Auth::Header(Credential::ApiKey(Secret::new(EMULATOR_API_KEY))),
        format!("built-in emulator ({})", base_url.trim_start_matches("http://")),
    )
}

/// The sidebar status of every route. The AWS chain may take a moment (an SSO token, an
/// instance-metadata probe), so callers run this off the UI task.
pub async fn statuses(around: &Surroundings<'_>) -> Vec<(RouteId, CredentialStatus)> {
    let aws = if around.demo {
        CredentialStatus::Ready { source: "demo credentials (built-in emulator)".into() }
    } else {
        aws_status(around).await
    };
    RouteId::ALL
        .into_iter()
        .map(|route| {
            let status = match route.spec().auth {
                AuthScheme::EmulatorKey => match around.emulator_url {
                    Some(url) => CredentialStatus::Ready { source: emulator_key(url).1 },
                    None => CredentialStatus::Ready { source: "built-in emulator (started on demand)".into() },
                },
                AuthScheme::AnthropicKey => {
                    auth::anthropic::status(around.env, around.config.routes.anthropic.api_key.as_deref())
                }
                AuthScheme::Aws => aws.clone(),
                AuthScheme::GoogleApiKey | AuthScheme::GoogleAdc => super::google_setup::status(route, around),
                AuthScheme::OpenAiKey => super::openai_setup::status(route, around),
            };
            (route, status)
        })
        .collect()
}

/// The Bedrock routes' credential status. Nothing configured at all (no credentials, or no
/// region) is "missing", with the way to add them or to try the routes offline.
async fn aws_status(around: &Surroundings<'_>) -> CredentialStatus {
    match aws::resolve(&aws_settings(&around.places.target(RouteId::BedrockInvoke, ""), around.config)).await {
        Ok(context) => CredentialStatus::Ready { source: format!("{} · {}", context.label(), context.region) },
        Err(error) if matches!(error.kind, AwsErrorKind::Missing | AwsErrorKind::NoRegion) => {
            CredentialStatus::Missing {
                hint: format!("{}; fix: {} (or try them offline with --demo)", error.problem, error.hint),
            }
        }
        Err(error) => CredentialStatus::Error { message: error.to_string() },
    }
}
