//! Runs a target: credential → request → send → frames → `StreamEvent`s, with timeouts and
//! retries. One `reqwest::Client` serves the whole process so connections are reused.

pub mod aws_check;
pub mod aws_hints;
pub mod ca_bundle;
pub mod call;
pub mod capture;
pub mod connection_error;
pub mod count;
pub mod decode;
pub mod doctor;
pub mod error_body;
mod error_shape;
pub mod google_check;
pub mod google_setup;
pub mod host;
pub mod http_error;
pub mod listing_check;
pub mod not_a_stream;
pub mod openai_hints;
pub mod openai_setup;
pub mod plain_http;
pub mod plan;
pub mod redirect;
pub mod retry;
pub mod setup;
pub mod stream;

use crate::auth::Credential;
use crate::auth::aws::sigv4;
use crate::config::file::Network;
use crate::routes::Target;
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::event::RunUpdate;
use crate::routes::google_error::parse_google_error;
use crate::routes::http::HttpRequest;
use crate::routes::request::ChatRequest;
use crate::routes::retry_policy::RetryPolicy;
use setup::{Auth, RouteSetup};
use std::time::{Duration, Instant, SystemTime};

/// The process's HTTP client and network settings.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    max_retries: u32,
    idle_timeout: Duration,
    /// How long a whole run may take, retries included; `None` for no limit.
    run_deadline: Option<Duration>,
    max_answer_bytes: usize,
    /// Why the `AWS_CA_BUNDLE` certificates could not be added; Bedrock runs fail with it.
    ca_bundle_problem: Option<String>,
}

impl Client {
    /// Build the one HTTP client.
    ///
    /// # Panics
    /// If the TLS backend cannot initialise, which only happens on a broken system.
    #[must_use]
    pub fn new(network: &Network) -> Self {
        Self::build(network, true)
    }

    /// A client for plain `http://` destinations only (the emulator, a loopback stand-in): it
    /// skips loading the system's CA certificates, which is most of a short command's start-up.
    /// An `https://` request through it fails its certificate check.
    ///
    /// # Panics
    /// As [`Client::new`].
    #[must_use]
    pub fn plain_http(network: &Network) -> Self {
        Self::build(network, false)
    }

    fn build(network: &Network, system_roots: bool) -> Self {
        let builder = || {
            reqwest::Client::builder()
                // A redirect would carry the credential headers and the body to another host.
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(network.connect_timeout())
                .user_agent(concat!("routeplay/", env!("CARGO_PKG_VERSION")))
        };
        let (http, ca_bundle_problem) = if system_roots {
            with_extra_roots(builder(), ca_bundle::from_env())
        } else {
            (builder().tls_certs_only(std::iter::empty()).build(), None)
        };
        let http = http.or_else(|_| builder().build()).expect("the HTTP client builds with the system TLS roots");
        Self {
            http,
            max_retries: network.max_retries,
            idle_timeout: network.idle_timeout(),
            run_deadline: network.run_deadline(),
            max_answer_bytes: network.max_answer_bytes(),
            ca_bundle_problem,
        }
    }

    /// The process's one HTTP client, for the other calls a run's surroundings need (model
    /// discovery).
    #[must_use]
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Run `request` on `target`, reporting every step to `report`. The credential was
    /// resolved by the caller (`setup`), which timed it.
    pub async fn run(
        &self,
        target: &Target,
        request: &ChatRequest,
        setup: RouteSetup,
        report: &mut (dyn FnMut(RunUpdate) + Send),
    ) -> Result<(), RunError> {
        let (http, mut decoder) = plan::plan(target, request, &setup);
        let response = self.send_with_retries(target, &http, &setup, report).await?;
        let request_id = http_error::request_id(response.headers());
        report(RunUpdate::Responded { status: response.status().as_u16(), request_id: request_id.clone() });
        let headers = capture_headers(response.headers());
        let served = crate::routes::wire::bedrock_invoke::served_from_headers(&headers);
        report(RunUpdate::ResponseHeaders(headers));
        if let Some(served) = served {
            report(RunUpdate::Event(served));
        }
        if let Some(reason) = not_a_stream::reason(response.headers()) {
            let route = target.route.name();
            let mut error = not_a_stream::refused(route, &target.model, &reason, response, self.idle_timeout).await;
            error.request_id = request_id;
            return Err(error);
        }
        let content_type = response.headers().get(reqwest::header::CONTENT_TYPE);
        let context = stream::StreamContext {
            route: target.route.name(),
            model: &target.model,
            request_id,
            idle_timeout: self.idle_timeout,
            content_type: content_type.map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
            max_answer_bytes: self.max_answer_bytes,
        };
        let mut on_item = |item: stream::Item| match item {
            stream::Item::Chunk(bytes) => report(RunUpdate::Chunk(bytes)),
            stream::Item::Event(event) => report(RunUpdate::Event(event)),
        };
        stream::read_stream(response, decoder.as_mut(), &context, &mut on_item).await
    }

    /// Send, retrying what the route's SDK retries ([`RetryPolicy`]) up to `max_retries`
    /// times, only before a byte of the answer, never auth or validation errors; each retry
    /// waits the delay the server names or the policy's backoff with jitter. Each attempt is
    /// signed afresh.
    async fn send_with_retries(
        &self,
        target: &Target,
        http: &HttpRequest,
        setup: &RouteSetup,
        report: &mut (dyn FnMut(RunUpdate) + Send),
    ) -> Result<reqwest::Response, RunError> {
        let route = target.route.name();
        let policy = RetryPolicy::of(target.route);
        let mut attempt = 0;
        loop {
            let response = self.send_once(route, &target.model, http, setup, report).await?;
            let status = response.status().as_u16();
            if response.status().is_success() {
                return Ok(response);
            }
            if response.status().is_redirection() {
                return Err(redirect::refused(route, &target.model, &response));
            }
            let headers = response.headers().clone();
            // The refusal's status and headers (its request id, `x-amzn-ErrorType`) are what
            // the inspector shows of it.
            report(RunUpdate::Responded { status, request_id: http_error::request_id(&headers) });
            report(RunUpdate::ResponseHeaders(capture_headers(&headers)));
            // An unreadable error body still leaves the status and headers to report.
            let body = error_body::read_start(response, error_body::MAX_ERROR_BODY, self.idle_timeout).await;
            if body.stalled {
                let request_id = http_error::request_id(&headers);
                return Err(error_body::stalled(route, &target.model, status, request_id, self.idle_timeout));
            }
            let body = body.bytes;
            let context = http_error::ErrorContext {
                route,
                model: &target.model,
                region: setup.place.site(),
                vertex: target.route.is_vertex(),
                refresh_hint: setup.refresh_hint.as_deref(),
                shape: target.route.spec().error_shape,
            };
            let error = http_error::from_response(&context, status, &headers, &body);
            attempt += 1;
            if attempt > self.max_retries {
                return Err(error);
            }
            let retry_info = parse_google_error(&body).and_then(|google| google.retry_delay);
            let failed = retry::Failed { policy, attempt, error: &error, headers: &headers, retry_info };
            match retry::decide(&failed, retry::jitter()) {
                retry::Decision::RetryAfter(delay) => {
                    report(RunUpdate::Retrying { attempt, delay, reason: error.summary() });
                    tokio::time::sleep(delay).await;
                }
                retry::Decision::GiveUp => return Err(error),
                retry::Decision::WaitTooLong { asked, source } => return Err(retry::too_long(error, asked, source)),
            }
        }
    }

    async fn send_once(
        &self,
        route: &str,
        model: &str,
        http: &HttpRequest,
        setup: &RouteSetup,
        report: &mut (dyn FnMut(RunUpdate) + Send),
    ) -> Result<reqwest::Response, RunError> {
        let method = reqwest::Method::from_bytes(http.method.as_bytes()).unwrap_or(reqwest::Method::POST);
        let mut builder = self.http.request(method, &http.url).body(http.body.clone());
        for (name, value) in &http.headers {
            builder = builder.header(name, value);
        }
        let (credential_headers, signing) = auth_headers(route, model, http, &setup.auth)?;
        for (name, value) in &credential_headers {
            builder = builder.header(name, value);
        }
        report(RunUpdate::Sent(Box::new(capture::sent(http, &credential_headers, signing.as_ref(), setup))));
        match tokio::time::timeout(self.idle_timeout, builder.send()).await {
            Err(_) => Err(RunError::new(
                ErrorKind::Timeout,
                route,
                model,
                format!("no response within {:.0} s", self.idle_timeout.as_secs_f64()),
            )
            .with_hint("raise [network] idle_timeout_secs in config.toml")),
            Ok(Err(error)) => Err(connection_error::from_send(route, model, &http.url, &error)),
            Ok(Ok(response)) => Ok(response),
        }
    }
}

/// `builder` built with the system's roots and the `AWS_CA_BUNDLE` certificates in `bundle`;
/// without them, and why, when they cannot be used.
fn with_extra_roots(
    builder: reqwest::ClientBuilder,
    bundle: Option<Result<Vec<reqwest::Certificate>, String>>,
) -> (reqwest::Result<reqwest::Client>, Option<String>) {
    match bundle {
        None => (builder.build(), None),
        Some(Err(problem)) => (builder.build(), Some(problem)),
        Some(Ok(certificates)) => match builder.tls_certs_merge(certificates).build() {
            Ok(http) => (Ok(http), None),
            Err(error) => {
                let path = std::env::var_os(ca_bundle::CA_BUNDLE_VAR).unwrap_or_default();
                let cause = connection_error::causes(&error).join(": ");
                let problem = format!(
                    "{} names {}, whose certificates cannot be used: {error}{}",
                    ca_bundle::CA_BUNDLE_VAR,
                    path.to_string_lossy(),
                    if cause.is_empty() { String::new() } else { format!(": {cause}") }
                );
                (Err(error), Some(problem))
            }
        },
    }
}

/// The headers that carry the credential: a key, a bearer token, or a SigV4 signature made
/// over the request as it will be sent (with how it was made, for the inspector).
fn auth_headers(route: &str, model: &str, http: &HttpRequest, auth: &Auth) -> Result<AuthHeaders, RunError> {
    match auth {
        Auth::Header(Credential::ApiKey(key)) => Ok((vec![("x-api-key".into(), key.expose().to_owned())], None)),
        Auth::Header(Credential::Bearer(token)) => {
            Ok((vec![("authorization".into(), format!("Bearer {}", token.expose()))], None))
        }
        Auth::GoogleApiKey(key) => Ok((vec![("x-goog-api-key".into(), key.expose().to_owned())], None)),
        Auth::None => Ok((Vec::new(), None)),
        Auth::SigV4 { credentials, region, service } => {
            let request =
                sigv4::SignRequest { method: http.method, url: &http.url, headers: &http.headers, body: &http.body };
            sigv4::sign(&request, credentials, region, service, SystemTime::now())
                .map(|signed| (signed.headers, Some(signed.details)))
                .map_err(|error| {
                    RunError::new(ErrorKind::Auth, route, model, format!("cannot sign the request: {error}"))
                })
        }
    }
}

/// Credential headers, and how a SigV4 signature was made.
type AuthHeaders = (Vec<(String, String)>, Option<sigv4::SigningDetails>);

/// The response's headers as text, for the inspector (they carry no credential).
fn capture_headers(headers: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect()
}

/// Resolve the route's credential (timed; `resolve` may wait on a credential chain), then
/// run, all within the run deadline (`[network] run_deadline_secs`): a stream that trickles or
/// sends keep-alives forever ends there.
pub async fn resolve_and_run(
    client: &Client,
    target: &Target,
    request: &ChatRequest,
    resolve: impl Future<Output = Result<RouteSetup, RunError>>,
    report: &mut (dyn FnMut(RunUpdate) + Send),
) -> Result<(), RunError> {
    // Boxed: a run's future is large, and the timeout around it would double it in every caller.
    let run = Box::pin(resolve_then_run(client, target, request, resolve, report));
    let Some(deadline) = client.run_deadline else {
        return run.await;
    };
    match tokio::time::timeout(deadline, run).await {
        Ok(result) => result,
        Err(_) => Err(RunError::new(
            ErrorKind::Timeout,
            target.route.name(),
            &target.model,
            format!(
                "the run passed its {:.0} s deadline (run deadline); the answer so far is kept",
                deadline.as_secs_f64()
            ),
        )
        .with_hint("raise [network] run_deadline_secs in config.toml (0 = no limit)")),
    }
}

/// The whole life of one run: resolve the route's credential (timed; `resolve` may wait on a
/// credential chain), then run.
async fn resolve_then_run(
    client: &Client,
    target: &Target,
    request: &ChatRequest,
    resolve: impl Future<Output = Result<RouteSetup, RunError>>,
    report: &mut (dyn FnMut(RunUpdate) + Send),
) -> Result<(), RunError> {
    report(RunUpdate::Started);
    if let Some(problem) = client.ca_bundle_problem.as_ref().filter(|_| target.route.is_aws()) {
        return Err(RunError::new(ErrorKind::Connection, target.route.name(), &target.model, problem.clone())
            .with_hint(ca_bundle::HINT));
    }
    let started = Instant::now();
    let setup = resolve.await?;
    report(RunUpdate::Credential { source: setup.source.clone(), elapsed: started.elapsed() });
    client.run(target, request, setup, report).await
}
