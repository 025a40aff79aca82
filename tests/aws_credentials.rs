//! AWS credential resolution (`routeplay::auth::aws::credentials`) against every source of the
//! default chain, with loopback servers standing in for STS, SSO, ECS and IMDS.
//!
//! Isolation: resolution reads process-global state (environment variables, HOME, `~/.aws`), and
//! changing the environment of a running test binary is `unsafe` in Rust 2024 and races with other
//! tests. So each test re-executes this binary for itself (the self re-exec pattern):
//!
//! * The parent (the normal `cargo test` run) makes a temporary HOME, writes the scenario's
//!   `~/.aws` files into it, starts loopback servers (axum on 127.0.0.1:0) and spawns
//!   `current_exe() --exact <test name> --nocapture` with the environment cleared except PATH,
//!   that HOME, the scenario's variables and the marker `ROUTEPLAY_AWS_TEST_CHILD`.
//! * The child sees the marker and runs the real check against that environment, then prints a
//!   sentinel so the parent knows the check ran (a mistyped test name would otherwise run nothing).
//! * The parent fails with the child's output if the child failed, then checks what its servers
//!   received.
//!
//! Nothing reads the developer's real `~/.aws` or environment, and nothing contacts AWS: IMDS is
//! disabled unless a test serves it, and STS, SSO and ECS calls go to loopback servers.

#[path = "support/loopback.rs"]
mod loopback;
#[path = "support/tls.rs"]
mod tls;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use routeplay::auth::CredentialStatus;
use routeplay::auth::aws::credentials::{
    AwsAuth, AwsContext, AwsCredentialError, AwsErrorKind, AwsSettings, CallerIdentity, caller_identity, profiles,
    resolve, status,
};
use routeplay::auth::secret::Secret;
use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

const MARKER: &str = "ROUTEPLAY_AWS_TEST_CHILD";
const SENTINEL: &str = "routeplay-aws-test-child-ran";
/// A bound, not a benchmark: the IMDS probe gives up after about a second.
const QUICK: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------------------------------------
// The harness

/// What a loopback server saw: one line per request.
type Log = Arc<Mutex<Vec<String>>>;

/// A temporary HOME, scenario variables and loopback servers, owned by the parent process.
struct Sandbox {
    home: tempfile::TempDir,
    vars: Vec<(String, String)>,
    runtime: tokio::runtime::Runtime,
    /// Listeners that accept connections and never answer.
    black_holes: Vec<std::net::TcpListener>,
}

impl Sandbox {
    fn new() -> Self {
        let mut sandbox = Self {
            home: tempfile::tempdir().expect("temp home"),
            vars: Vec::new(),
            runtime: tokio::runtime::Runtime::new().expect("runtime"),
            black_holes: Vec::new(),
        };
        sandbox.var("AWS_EC2_METADATA_DISABLED", "true");
        sandbox
    }

    fn var(&mut self, name: &str, value: &str) -> &mut Self {
        self.vars.retain(|(existing, _)| existing != name);
        self.vars.push((name.to_owned(), value.to_owned()));
        self
    }

    fn unset(&mut self, name: &str) -> &mut Self {
        self.vars.retain(|(existing, _)| existing != name);
        self
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.home.path().join(relative)
    }

    fn file(&mut self, relative: &str, contents: &str) -> &mut Self {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
        self
    }

    /// Serves `router` on loopback; returns its base URL.
    fn serve(&self, router: Router) -> String {
        let listener = self.runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        self.runtime.spawn(async move { axum::serve(listener, router).await });
        url
    }

    /// A loopback address that accepts connections and never answers.
    fn black_hole(&mut self) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        self.black_holes.push(listener);
        url
    }

    /// Runs the test named `test` in a child process with only this sandbox's environment.
    fn run(&self, test: &str) {
        let exe = std::env::current_exe().expect("test binary");
        let output = Command::new(exe)
            .args(["--exact", test, "--nocapture", "--test-threads", "1"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env(MARKER, "1")
            .envs(self.vars.iter().map(|(name, value)| (name, value)))
            .output()
            .expect("spawn the test binary");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "child `{test}` failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
        assert!(stdout.contains(SENTINEL), "child `{test}` ran no check (wrong test name?)\n{stdout}");
    }
}

/// True in the child process, where the check runs.
fn in_child() -> bool {
    std::env::var_os(MARKER).is_some()
}

/// Runs the child's check on a fresh runtime and tells the parent it ran.
fn check<F: Future<Output = ()>>(check: F) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(check);
    println!("{SENTINEL}");
}

fn home() -> PathBuf {
    PathBuf::from(std::env::var("HOME").expect("HOME"))
}

fn settings() -> AwsSettings {
    AwsSettings::default()
}

fn profile_settings(profile: &str) -> AwsSettings {
    AwsSettings { profile: Some(profile.into()), ..AwsSettings::default() }
}

async fn resolved(settings: &AwsSettings) -> AwsContext {
    match resolve(settings).await {
        Ok(context) => context,
        Err(error) => panic!("resolve failed: {error}"),
    }
}

async fn failed(settings: &AwsSettings) -> AwsCredentialError {
    match resolve(settings).await {
        Ok(context) => panic!("resolve should fail, got {}", context.source),
        Err(error) => error,
    }
}

fn access_key(context: &AwsContext) -> String {
    match &context.auth {
        AwsAuth::SigV4(credentials) => credentials.access_key_id().to_owned(),
        AwsAuth::Bearer(_) => panic!("expected SigV4 credentials, got a bearer key"),
    }
}

fn far_future(context: &AwsContext) -> bool {
    context.expires().is_some_and(|expiry| expiry > SystemTime::now() + Duration::from_hours(24))
}

fn log(log: &Log) -> Vec<String> {
    log.lock().expect("log").clone()
}

// ---------------------------------------------------------------------------------------------
// Loopback servers

const EXPIRY_ISO: &str = "2099-01-01T00:00:00Z";

/// STS: `AssumeRole`, `AssumeRoleWithWebIdentity` and `GetCallerIdentity` as query-protocol XML.
/// Logs `<Action> <Authorization header>`; the access key `AKIDREVOKED` gets `ExpiredToken`.
fn sts(log: Log) -> Router {
    async fn handle(State(log): State<Log>, headers: HeaderMap, body: String) -> (StatusCode, HeaderMap, String) {
        let auth = headers.get("authorization").and_then(|value| value.to_str().ok()).unwrap_or("unsigned");
        let action = body.split('&').find_map(|pair| pair.strip_prefix("Action=")).unwrap_or("none").to_owned();
        log.lock().expect("log").push(format!("{action} {auth}"));
        let mut xml_headers = HeaderMap::new();
        xml_headers.insert("content-type", "text/xml".parse().expect("header"));
        let credentials = format!(
            "<Credentials><AccessKeyId>ASIAASSUMED</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey>\
             <SessionToken>assumed-token</SessionToken><Expiration>{EXPIRY_ISO}</Expiration></Credentials>\
             <AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/Dev/routeplay</Arn>\
             <AssumedRoleId>AROAEXAMPLE:routeplay</AssumedRoleId></AssumedRoleUser>"
        );
        let result = match action.as_str() {
            _ if auth.contains("Credential=AKIDDENIED/") => {
                let error = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                    <Message>User: arn:aws:iam::111122223333:user/base is not authorized to perform: \
                    sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Dev</Message></Error>\
                    <RequestId>denied-1</RequestId></ErrorResponse>";
                xml_headers.insert("x-amzn-requestid", "denied-1".parse().expect("header"));
                return (StatusCode::FORBIDDEN, xml_headers, error.to_owned());
            }
            _ if auth.contains("Credential=AKIDREVOKED/") => {
                let error = "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code>\
                    <Message>The security token included in the request is expired</Message></Error>\
                    <RequestId>r</RequestId></ErrorResponse>";
                return (StatusCode::FORBIDDEN, xml_headers, error.to_owned());
            }
            "GetCallerIdentity" => "<Arn>arn:aws:iam::111122223333:user/dev</Arn><UserId>AIDAEXAMPLE</UserId>\
                <Account>111122223333</Account>"
                .to_owned(),
            _ => credentials,
        };
        let body = format!(
            "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{action}Result>{result}\
             </{action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{action}Response>"
        );
        (StatusCode::OK, xml_headers, body)
    }
    Router::new().route("/", post(handle)).with_state(log)
}

/// SSO portal `GetRoleCredentials`; logs `<account> <role> <bearer token>`.
fn sso(log: Log) -> Router {
    async fn handle(
        State(log): State<Log>,
        Query(query): Query<HashMap<String, String>>,
        headers: HeaderMap,
    ) -> ([(&'static str, &'static str); 1], String) {
        let token = headers.get("x-amz-sso_bearer_token").and_then(|value| value.to_str().ok()).unwrap_or("none");
        let field = |name: &str| query.get(name).cloned().unwrap_or_default();
        log.lock().expect("log").push(format!("{} {} {token}", field("account_id"), field("role_name")));
        let body = r#"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret",
            "sessionToken":"sso-token","expiration":4070908800000}}"#;
        ([("content-type", "application/json")], body.to_owned())
    }
    Router::new().route("/federation/credentials", get(handle)).with_state(log)
}

/// The JSON shape ECS and IMDS serve.
fn metadata_credentials(access_key: &str) -> String {
    format!(
        r#"{{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"{access_key}","SecretAccessKey":"secret",
        "Token":"session","Expiration":"{EXPIRY_ISO}","LastUpdated":"2024-01-01T00:00:00Z"}}"#
    )
}

/// IMDSv2: the token PUT, the role list, the role's credentials and the region. Logs each request
/// with the token it carried.
fn imds(log: Log) -> Router {
    fn record(log: &Log, what: &str, headers: &HeaderMap) {
        let token = headers.get("x-aws-ec2-metadata-token").and_then(|value| value.to_str().ok()).unwrap_or("none");
        log.lock().expect("log").push(format!("{what} {token}"));
    }
    let token = |State(log): State<Log>, headers: HeaderMap| async move {
        record(&log, "PUT token", &headers);
        ([("x-aws-ec2-metadata-token-ttl-seconds", "21600")], "imds-token")
    };
    let roles = |State(log): State<Log>, headers: HeaderMap| async move {
        record(&log, "GET roles", &headers);
        "routeplay-role"
    };
    let credentials = |State(log): State<Log>, headers: HeaderMap| async move {
        record(&log, "GET credentials", &headers);
        metadata_credentials("ASIAIMDS")
    };
    let region = |State(log): State<Log>, headers: HeaderMap| async move {
        record(&log, "GET region", &headers);
        "ap-southeast-2"
    };
    Router::new()
        .route("/latest/api/token", put(token))
        .route("/latest/meta-data/iam/security-credentials/", get(roles))
        .route("/latest/meta-data/iam/security-credentials/routeplay-role", get(credentials))
        .route("/latest/meta-data/placement/region", get(region))
        .with_state(log)
}

// ---------------------------------------------------------------------------------------------
// Environment, static profiles, bearer keys

#[test]
fn environment_keys() {
    if in_child() {
        return check(async {
            let context = resolved(&settings()).await;
            assert_eq!(context.source.to_string(), "environment (AWS_ACCESS_KEY_ID)");
            assert_eq!(access_key(&context), "AKIDENV");
            assert_eq!(context.region, "us-west-2");
            assert_eq!(context.profile, None);
            assert_eq!(context.expires(), None);
            assert_eq!(status(&settings()).await, CredentialStatus::Ready { source: context.source.to_string() });
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox.var("AWS_ACCESS_KEY_ID", "AKIDENV").var("AWS_SECRET_ACCESS_KEY", "env-secret");
    sandbox.var("AWS_DEFAULT_REGION", "eu-west-1").var("AWS_REGION", "us-west-2");
    sandbox.run("environment_keys");
}

const STATIC_FILES: (&str, &str) = (
    "[profile dev]\nregion = eu-west-1\n",
    "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n\
     [base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n",
);

#[test]
fn static_profile_named_by_aws_profile() {
    if in_child() {
        return check(async {
            let context = resolved(&settings()).await;
            assert_eq!(context.source.to_string(), "profile dev (static keys)");
            assert_eq!(access_key(&context), "AKIDDEV");
            assert_eq!(context.region, "eu-west-1", "the profile's region");
            assert_eq!(context.profile.as_deref(), Some("dev"));
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox.file(".aws/config", STATIC_FILES.0).file(".aws/credentials", STATIC_FILES.1).var("AWS_PROFILE", "dev");
    sandbox.run("static_profile_named_by_aws_profile");
}

#[test]
fn static_profile_named_in_settings_beats_env_keys_and_bearer() {
    if in_child() {
        return check(async {
            let settings = AwsSettings { region: Some("ca-central-1".into()), ..profile_settings("dev") };
            let context = resolved(&settings).await;
            assert_eq!(context.source.to_string(), "profile dev (static keys)");
            assert_eq!(access_key(&context), "AKIDDEV");
            assert_eq!(context.region, "ca-central-1", "an explicit region beats AWS_REGION and the profile");
        });
    }
    let mut sandbox = Sandbox::new();
    // Files at custom paths: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are honoured.
    sandbox.file("elsewhere/config", STATIC_FILES.0).file("elsewhere/credentials", STATIC_FILES.1);
    let (config, credentials) = (sandbox.path("elsewhere/config"), sandbox.path("elsewhere/credentials"));
    sandbox.var("AWS_CONFIG_FILE", config.to_str().expect("utf-8"));
    sandbox.var("AWS_SHARED_CREDENTIALS_FILE", credentials.to_str().expect("utf-8"));
    sandbox.var("AWS_ACCESS_KEY_ID", "AKIDENV").var("AWS_SECRET_ACCESS_KEY", "env-secret");
    sandbox.var("AWS_BEARER_TOKEN_BEDROCK", "bedrock-key").var("AWS_REGION", "us-west-2");
    sandbox.run("static_profile_named_in_settings_beats_env_keys_and_bearer");
}

#[test]
fn bearer_env_beats_config_key_and_default_chain() {
    if in_child() {
        return check(async {
            let settings = AwsSettings { bearer_key: Some(Secret::new("config-key")), ..settings() };
            let context = resolved(&settings).await;
            assert_eq!(context.source.to_string(), "bearer key (AWS_BEARER_TOKEN_BEDROCK)");
            assert_eq!(context.auth, AwsAuth::Bearer(Secret::new("env-key")));
            assert_eq!(context.expires(), None);
            assert!(!format!("{context:?}").contains("env-key"), "the key never prints");
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox.var("AWS_BEARER_TOKEN_BEDROCK", " env-key ").var("AWS_REGION", "us-east-1");
    sandbox.var("AWS_ACCESS_KEY_ID", "AKIDENV").var("AWS_SECRET_ACCESS_KEY", "env-secret");
    sandbox.run("bearer_env_beats_config_key_and_default_chain");
}

#[test]
fn bearer_key_from_settings_beats_default_chain() {
    if in_child() {
        return check(async {
            let settings = AwsSettings { bearer_key: Some(Secret::new("config-key")), ..settings() };
            let context = resolved(&settings).await;
            assert_eq!(context.source.to_string(), "bearer key (config.toml)");
            assert_eq!(context.auth, AwsAuth::Bearer(Secret::new("config-key")));
            let error = caller_identity(&context).await.expect_err("a bearer key has no STS identity");
            assert!(error.to_string().contains("no STS caller identity"), "{error}");
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox
        .var("AWS_ACCESS_KEY_ID", "AKIDENV")
        .var("AWS_SECRET_ACCESS_KEY", "env-secret")
        .var("AWS_REGION", "us-east-1");
    sandbox.run("bearer_key_from_settings_beats_default_chain");
}

// ---------------------------------------------------------------------------------------------
// credential_process, assume role, SSO, web identity

fn process_profile(sandbox: &mut Sandbox, expiration: &str) {
    let json = format!(
        r#"{{"Version":1,"AccessKeyId":"ASIAPROC","SecretAccessKey":"proc-secret","SessionToken":"proc-token","Expiration":"{expiration}"}}"#
    );
    sandbox.file("bin/creds.sh", &format!("#!/bin/sh\nprintf '%s' '{json}'\n"));
    let script = sandbox.path("bin/creds.sh");
    let config = format!("[profile proc]\nregion = us-east-2\ncredential_process = sh {}\n", script.display());
    sandbox.file(".aws/config", &config).var("AWS_PROFILE", "proc");
}

#[test]
fn credential_process() {
    if in_child() {
        return check(async {
            let context = resolved(&settings()).await;
            assert_eq!(context.source.to_string(), "profile proc (credential_process)");
            assert_eq!(access_key(&context), "ASIAPROC");
            assert!(far_future(&context), "the expiry is exposed: {:?}", context.expires());
        });
    }
    let mut sandbox = Sandbox::new();
    process_profile(&mut sandbox, EXPIRY_ISO);
    sandbox.run("credential_process");
}

/// A fake secret a failing `credential_process` prints to stderr; it must not reach a message.
const STDERR_CANARY: &str = "wJalrXUtnFEMI9K7MDENGbPxRfiCYCANARY";

#[test]
fn a_failing_credential_process_shows_its_exit_status_and_no_secret_from_stderr() {
    if in_child() {
        return check(async {
            let message = failed(&settings()).await.to_string();
            assert!(message.contains("exit status: 1"), "{message}");
            assert!(
                message.contains("stderr (first line, secrets masked): login failed: aws_secret_access_key=****"),
                "{message}"
            );
            assert!(!message.contains("CANARY") && !message.contains("second line"), "{message}");
            let CredentialStatus::Error { message } = status(&settings()).await else { panic!("not an error") };
            assert!(!message.contains("CANARY"), "{message}");
        });
    }
    let mut sandbox = Sandbox::new();
    let script = format!(
        "#!/bin/sh\necho 'login failed: aws_secret_access_key={STDERR_CANARY}' >&2\n\
         echo 'second line {STDERR_CANARY}' >&2\nexit 1\n"
    );
    sandbox.file("bin/fail.sh", &script);
    let config = format!(
        "[profile proc]\nregion = us-east-2\ncredential_process = sh {}\n",
        sandbox.path("bin/fail.sh").display()
    );
    sandbox.file(".aws/config", &config).var("AWS_PROFILE", "proc");
    sandbox.run("a_failing_credential_process_shows_its_exit_status_and_no_secret_from_stderr");
}

#[test]
fn a_syntax_error_in_the_credentials_file_is_named_not_taken_for_a_missing_region() {
    if in_child() {
        return check(async {
            let error = failed(&settings()).await;
            let message = error.to_string();
            assert_ne!(error.kind, AwsErrorKind::NoRegion, "{message}");
            assert!(message.contains(".aws/credentials on line 2"), "{message}");
            assert!(message.contains("fix the syntax"), "{message}");
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox.file(".aws/config", "[default]\nregion = eu-west-1\n");
    sandbox.file(".aws/credentials", "[default]\nthis line is not a property\n");
    sandbox.run("a_syntax_error_in_the_credentials_file_is_named_not_taken_for_a_missing_region");
}

#[test]
fn an_endless_aws_config_file_fails_fast_naming_the_file_and_the_limit() {
    if in_child() {
        return check(async {
            let started = Instant::now();
            let message = failed(&settings()).await.to_string();
            assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
            assert!(message.contains("/dev/zero: larger than 1 MiB"), "{message}");
            assert!(message.contains("AWS_CONFIG_FILE"), "{message}");
            assert!(profiles().await.is_empty());
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox.var("AWS_CONFIG_FILE", "/dev/zero").var("AWS_REGION", "us-east-1");
    sandbox.run("an_endless_aws_config_file_fails_fast_naming_the_file_and_the_limit");
}

#[test]
fn expired_credentials_fail_fast_with_a_fix() {
    if in_child() {
        return check(async {
            let started = Instant::now();
            let error = failed(&settings()).await;
            assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
            assert_eq!(error.kind, AwsErrorKind::Expired);
            let message = error.to_string();
            assert!(message.contains("profile proc (credential_process)"), "{message}");
            assert!(message.contains("expired at 2020-01-01T00:00:00Z"), "{message}");
            assert!(message.contains("profile proc, region us-east-2"), "{message}");
            assert!(message.contains("fix: fix credential_process of profile proc"), "{message}");
            let status = status(&settings()).await;
            assert!(matches!(status, CredentialStatus::Error { .. }), "{status:?}");
        });
    }
    let mut sandbox = Sandbox::new();
    process_profile(&mut sandbox, "2020-01-01T00:00:00Z");
    sandbox.run("expired_credentials_fail_fast_with_a_fix");
}

#[test]
fn assume_role_with_source_profile() {
    let requests = Log::default();
    if in_child() {
        return check(async {
            let context = resolved(&settings()).await;
            assert_eq!(context.source.to_string(), "profile dev (assume role via base)");
            assert_eq!(access_key(&context), "ASIAASSUMED");
            assert!(far_future(&context));
        });
    }
    let mut sandbox = Sandbox::new();
    let config = "[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/Dev\nsource_profile = base\n\
                  region = eu-central-1\n";
    sandbox.file(".aws/config", config).file(".aws/credentials", STATIC_FILES.1).var("AWS_PROFILE", "dev");
    let url = sandbox.serve(sts(requests.clone()));
    sandbox.var("AWS_ENDPOINT_URL_STS", &url).run("assume_role_with_source_profile");
    let requests = log(&requests);
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(requests[0].starts_with("AssumeRole AWS4-HMAC-SHA256 Credential=AKIDBASE/"), "{requests:?}");
    assert!(requests[0].contains("/eu-central-1/sts/aws4_request"), "{requests:?}");
}

#[test]
fn assumed_role_credentials_are_labelled_temporary_with_their_expiry() {
    if in_child() {
        return check(async {
            let expected = "profile dev (assume role via base), temporary, expires 2099-01-01T00:00:00Z";
            assert_eq!(resolved(&settings()).await.label(), expected);
            assert_eq!(status(&settings()).await, CredentialStatus::Ready { source: expected.into() });
        });
    }
    let mut sandbox = Sandbox::new();
    let config = "[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/Dev\nsource_profile = base\n\
                  region = eu-central-1\n";
    sandbox.file(".aws/config", config).file(".aws/credentials", STATIC_FILES.1).var("AWS_PROFILE", "dev");
    let url = sandbox.serve(sts(Log::default()));
    sandbox.var("AWS_ENDPOINT_URL_STS", &url).run("assumed_role_credentials_are_labelled_temporary_with_their_expiry");
}

#[test]
fn a_denied_assume_role_names_the_code_and_message_without_a_debug_dump() {
    if in_child() {
        return check(async {
            let message = failed(&settings()).await.to_string();
            assert!(
                message.contains(
                    "AccessDenied: User: arn:aws:iam::111122223333:user/base is not authorized to perform: \
                     sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Dev (request id denied-1)"
                ),
                "{message}"
            );
            for dump in ["Error {", "code:", "message:", "unhandled error", "service error"] {
                assert!(!message.contains(dump), "{dump:?} in {message}");
            }
            assert!(
                message.contains("fix: refresh the credentials of base and check role_arn of profile dev"),
                "{message}"
            );
        });
    }
    let mut sandbox = Sandbox::new();
    let config = "[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/Dev\nsource_profile = base\n\
                  region = eu-central-1\n";
    let credentials = "[base]\naws_access_key_id = AKIDDENIED\naws_secret_access_key = base-secret\n";
    sandbox.file(".aws/config", config).file(".aws/credentials", credentials).var("AWS_PROFILE", "dev");
    let url = sandbox.serve(sts(Log::default()));
    sandbox
        .var("AWS_ENDPOINT_URL_STS", &url)
        .run("a_denied_assume_role_names_the_code_and_message_without_a_debug_dump");
}

const SSO_CONFIG: &str = "\
[profile sso-legacy]
sso_start_url = https://routeplay.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Legacy
region = us-west-2

[profile sso-new]
sso_session = routeplay
sso_account_id = 111122223333
sso_role_name = Session
region = us-west-2

[sso-session routeplay]
sso_start_url = https://routeplay.awsapps.com/start
sso_region = us-east-1
";

/// Token caches are named by the SHA-1 of the start URL (legacy) or of the session name:
/// `printf %s https://routeplay.awsapps.com/start | sha1sum`, `printf %s routeplay | sha1sum`.
const LEGACY_CACHE: &str = ".aws/sso/cache/f75bcc8eafa7aea1472cc0d25956c3be32cab2e0.json";
const SESSION_CACHE: &str = ".aws/sso/cache/01daf8ec0f3d39cbc875c80c07f76d0551ec8fe7.json";

fn cached_token(token: &str) -> String {
    format!(
        r#"{{"accessToken":"{token}","expiresAt":"{EXPIRY_ISO}","region":"us-east-1","startUrl":"https://routeplay.awsapps.com/start"}}"#
    )
}

#[test]
fn sso_legacy_and_sso_session_profiles() {
    let requests = Log::default();
    if in_child() {
        return check(async {
            let legacy = resolved(&profile_settings("sso-legacy")).await;
            assert_eq!(legacy.source.to_string(), "profile sso-legacy (SSO)");
            assert_eq!(access_key(&legacy), "ASIASSO");
            assert!(far_future(&legacy));
            let session = resolved(&profile_settings("sso-new")).await;
            assert_eq!(session.source.to_string(), "profile sso-new (SSO)");
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox.file(".aws/config", SSO_CONFIG);
    sandbox.file(LEGACY_CACHE, &cached_token("legacy-token")).file(SESSION_CACHE, &cached_token("session-token"));
    let url = sandbox.serve(sso(requests.clone()));
    sandbox.var("AWS_ENDPOINT_URL_SSO", &url).run("sso_legacy_and_sso_session_profiles");
    assert_eq!(log(&requests), ["111122223333 Legacy legacy-token", "111122223333 Session session-token"]);
}

#[test]
fn sso_without_a_cached_token_says_to_log_in() {
    if in_child() {
        return check(async {
            let error = failed(&profile_settings("sso-legacy")).await;
            assert_eq!(error.kind, AwsErrorKind::Failed);
            assert_eq!(error.hint, "run `aws sso login --profile sso-legacy`");
            assert!(error.to_string().contains("(profile sso-legacy, region us-west-2)"), "{error}");
        });
    }
    let mut sandbox = Sandbox::new();
    let url = sandbox.black_hole();
    sandbox.file(".aws/config", SSO_CONFIG).var("AWS_ENDPOINT_URL_SSO", &url);
    sandbox.run("sso_without_a_cached_token_says_to_log_in");
}

#[test]
fn web_identity_from_environment() {
    let requests = Log::default();
    if in_child() {
        return check(async {
            let context = resolved(&settings()).await;
            assert_eq!(context.source.to_string(), "web identity");
            assert_eq!(access_key(&context), "ASIAASSUMED");
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox.file("token.jwt", "header.payload.signature");
    let token = sandbox.path("token.jwt");
    sandbox.var("AWS_WEB_IDENTITY_TOKEN_FILE", token.to_str().expect("utf-8"));
    sandbox.var("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/Pod").var("AWS_REGION", "us-west-2");
    let url = sandbox.serve(sts(requests.clone()));
    sandbox.var("AWS_ENDPOINT_URL_STS", &url).run("web_identity_from_environment");
    assert_eq!(log(&requests), ["AssumeRoleWithWebIdentity unsigned"]);
}

/// `aws-config`'s own STS client trusts `AWS_CA_BUNDLE`: web identity against an HTTPS stand-in
/// whose certificate only the bundle's CA vouches for succeeds with the bundle and fails without.
#[test]
fn web_identity_over_https_trusts_the_aws_ca_bundle() {
    if in_child() {
        return check(async {
            let bundle = std::env::var_os("AWS_CA_BUNDLE").is_some();
            match resolve(&settings()).await {
                Ok(context) => {
                    assert!(bundle, "an STS whose certificate nothing vouches for was trusted");
                    assert_eq!(access_key(&context), "ASIAASSUMED");
                }
                Err(error) => {
                    assert!(!bundle, "with the bundle: {error}");
                    let error = error.to_string();
                    assert!(error.contains("web identity failed") && error.contains("UnknownIssuer"), "{error}");
                    assert!(error.contains("fix: behind a proxy that inspects TLS, point AWS_CA_BUNDLE"), "{error}");
                }
            }
        });
    }
    let credentials = "<Credentials><AccessKeyId>ASIAASSUMED</AccessKeyId><SecretAccessKey>s</SecretAccessKey>\
        <SessionToken>t</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>";
    let body = format!(
        "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <AssumeRoleWithWebIdentityResult>{credentials}</AssumeRoleWithWebIdentityResult>\
         <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>"
    );
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let url = tls::serve(answer, Duration::from_mins(1));
    let mut sandbox = Sandbox::new();
    sandbox.file("token.jwt", "header.payload.signature");
    let token = sandbox.path("token.jwt");
    sandbox.var("AWS_WEB_IDENTITY_TOKEN_FILE", token.to_str().expect("utf-8"));
    sandbox.var("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/Pod").var("AWS_REGION", "us-west-2");
    sandbox.var("AWS_ENDPOINT_URL_STS", &url);
    sandbox.run("web_identity_over_https_trusts_the_aws_ca_bundle");
    sandbox.var("AWS_CA_BUNDLE", tls::CA).run("web_identity_over_https_trusts_the_aws_ca_bundle");
}

// ---------------------------------------------------------------------------------------------
// Containers and instances

#[test]
fn ecs_container_credentials() {
    if in_child() {
        return check(async {
            let context = resolved(&settings()).await;
            assert_eq!(context.source.to_string(), "container (ECS)");
            assert_eq!(access_key(&context), "ASIAECS");
            assert!(far_future(&context));
        });
    }
    let mut sandbox = Sandbox::new();
    let url = sandbox.serve(Router::new().route("/creds", get(|| async { metadata_credentials("ASIAECS") })));
    sandbox.var("AWS_CONTAINER_CREDENTIALS_FULL_URI", &format!("{url}/creds")).var("AWS_REGION", "us-west-2");
    sandbox.run("ecs_container_credentials");
}

#[test]
fn imds_v2_credentials_and_region() {
    let requests = Log::default();
    if in_child() {
        return check(async {
            let context = resolved(&settings()).await;
            assert_eq!(context.source.to_string(), "instance (IMDSv2)");
            assert_eq!(access_key(&context), "ASIAIMDS");
            assert_eq!(context.region, "ap-southeast-2", "the region comes from the instance when nothing sets one");
            assert!(far_future(&context));
        });
    }
    let mut sandbox = Sandbox::new();
    let url = sandbox.serve(imds(requests.clone()));
    sandbox.unset("AWS_EC2_METADATA_DISABLED").var("AWS_EC2_METADATA_SERVICE_ENDPOINT", &url);
    sandbox.run("imds_v2_credentials_and_region");
    let requests = log(&requests);
    assert_eq!(requests.first().map(String::as_str), Some("PUT token none"), "{requests:?}");
    for expected in ["GET region imds-token", "GET roles imds-token", "GET credentials imds-token"] {
        assert!(requests.iter().any(|request| request == expected), "{expected} missing from {requests:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Nothing configured

#[test]
fn no_credentials_is_missing_with_a_hint_and_quick() {
    if in_child() {
        return check(async {
            let started = Instant::now();
            let error = failed(&settings()).await;
            assert!(started.elapsed() < QUICK, "the IMDS probe took {:?}", started.elapsed());
            assert_eq!(error.kind, AwsErrorKind::Missing);
            assert!(error.to_string().contains("(profile default, region eu-west-3)"), "{error}");
            match status(&settings()).await {
                CredentialStatus::Missing { hint } => assert!(hint.contains("aws configure"), "{hint}"),
                other => panic!("expected Missing, got {other:?}"),
            }
        });
    }
    let mut sandbox = Sandbox::new();
    // IMDS that accepts the connection and never answers: the read timeout must end the probe.
    let url = sandbox.black_hole();
    sandbox.unset("AWS_EC2_METADATA_DISABLED").var("AWS_EC2_METADATA_SERVICE_ENDPOINT", &url);
    sandbox.var("AWS_REGION", "eu-west-3");
    sandbox.run("no_credentials_is_missing_with_a_hint_and_quick");
}

#[test]
fn no_region_is_an_error_that_says_how_to_set_one() {
    if in_child() {
        return check(async {
            let error = failed(&settings()).await;
            assert_eq!(error.kind, AwsErrorKind::NoRegion);
            let message = error.to_string();
            assert!(message.contains("region not set"), "{message}");
            assert!(message.contains("AWS_REGION"), "{message}");
            assert!(!message.contains("us-east-1 ("), "no silent default: {message}");
            assert!(matches!(status(&settings()).await, CredentialStatus::Error { .. }));
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox.var("AWS_ACCESS_KEY_ID", "AKIDENV").var("AWS_SECRET_ACCESS_KEY", "env-secret");
    sandbox.run("no_region_is_an_error_that_says_how_to_set_one");
}

#[test]
fn unknown_profile_lists_the_known_ones() {
    if in_child() {
        return check(async {
            let error = failed(&profile_settings("typo")).await;
            assert_eq!(error.kind, AwsErrorKind::UnknownProfile);
            assert!(error.problem.contains("known profiles: base, dev"), "{error}");
            assert!(error.hint.contains("aws configure --profile typo"), "{error}");
            assert_eq!(profiles().await, ["base", "dev"]);
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox.file(".aws/config", STATIC_FILES.0).file(".aws/credentials", STATIC_FILES.1).var("AWS_REGION", "us-west-2");
    sandbox.run("unknown_profile_lists_the_known_ones");
}

// ---------------------------------------------------------------------------------------------
// Caller identity

#[test]
fn caller_identity_from_loopback_sts() {
    let requests = Log::default();
    if in_child() {
        return check(async {
            let context = resolved(&settings()).await;
            let identity = caller_identity(&context).await.expect("identity");
            let expected =
                CallerIdentity { account: "111122223333".into(), arn: "arn:aws:iam::111122223333:user/dev".into() };
            assert_eq!(identity, expected);
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox
        .var("AWS_ACCESS_KEY_ID", "AKIDENV")
        .var("AWS_SECRET_ACCESS_KEY", "env-secret")
        .var("AWS_REGION", "us-west-2");
    let url = sandbox.serve(sts(requests.clone()));
    sandbox.var("AWS_ENDPOINT_URL_STS", &url).run("caller_identity_from_loopback_sts");
    let requests = log(&requests);
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(requests[0].starts_with("GetCallerIdentity AWS4-HMAC-SHA256 Credential=AKIDENV/"), "{requests:?}");
}

#[test]
fn rejected_credentials_fail_once_with_a_fix() {
    let requests = Log::default();
    if in_child() {
        return check(async {
            let context = resolved(&settings()).await;
            let error = caller_identity(&context).await.expect_err("revoked");
            let message = error.to_string();
            assert!(message.contains("ExpiredToken"), "{message}");
            assert!(message.contains("export fresh AWS_ACCESS_KEY_ID"), "{message}");
            assert!(message.contains("region us-west-2"), "{message}");
        });
    }
    let mut sandbox = Sandbox::new();
    sandbox.var("AWS_ACCESS_KEY_ID", "AKIDREVOKED").var("AWS_SECRET_ACCESS_KEY", "s").var("AWS_REGION", "us-west-2");
    let url = sandbox.serve(sts(requests.clone()));
    sandbox.var("AWS_ENDPOINT_URL_STS", &url).run("rejected_credentials_fail_once_with_a_fix");
    assert_eq!(log(&requests).len(), 1, "no retry");
}

/// Callers spawn resolution off the UI task, so its futures must be `Send`.
#[test]
fn futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let settings = settings();
    assert_send(&resolve(&settings));
    assert_send(&status(&settings));
    assert_send(&profiles());
}

/// Keeps `home()` honest: the child's HOME is the sandbox, never the developer's.
#[test]
fn child_home_is_the_sandbox() {
    if in_child() {
        return check(async { assert!(home().join("sandbox-marker").exists(), "HOME is {}", home().display()) });
    }
    let mut sandbox = Sandbox::new();
    sandbox.file("sandbox-marker", "");
    sandbox.run("child_home_is_the_sandbox");
}

#[test]
fn model_discovery_never_sends_a_bedrock_api_key_over_plain_http_to_another_host() {
    use routeplay::auth::google::GoogleTokens;
    use routeplay::client::aws_check;
    use routeplay::client::setup::Surroundings;
    use routeplay::config::file::Config;
    use routeplay::config::paths::Paths;
    use routeplay::models::discovery::DiscoveryCache;
    if in_child() {
        return check(async {
            let mut config = Config::default();
            config.routes.bedrock.api_key = Some("bedrock-api-key-secret".into());
            config.routes.bedrock.region = Some("us-east-1".into());
            // 10.0.0.1 is never connected to: the refusal comes before anything is sent.
            let env: HashMap<String, String> =
                [("AWS_ENDPOINT_URL_BEDROCK".to_owned(), "http://10.0.0.1:8080".to_owned())].into();
            let tokens = GoogleTokens::default();
            let around = Surroundings {
                config: &config,
                env: &env,
                emulator_url: None,
                demo: false,
                google_tokens: &tokens,
                places: &routeplay::models::Places::default(),
            };
            let cache = DiscoveryCache::new(&Paths::discover());
            let started = Instant::now();
            let found = aws_check::check(&around, &reqwest::Client::new(), &cache, true).await;
            assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
            let refused = found.models.expect("a discovery outcome").expect_err("refused");
            assert!(refused.contains("refusing to send the Bedrock API key to 10.0.0.1 over plain http"), "{refused}");
            assert!(!refused.contains("bedrock-api-key-secret"), "{refused}");
        });
    }
    Sandbox::new().run("model_discovery_never_sends_a_bedrock_api_key_over_plain_http_to_another_host");
}
