//! The Google routes as a user runs them: the real binary with an empty HOME and an isolated
//! environment, against the emulator on loopback, with each kind of Google credential.

use routeplay::emulator::{self, EmulatorOptions, GoogleDemo};
use std::path::Path;
use std::process::{Command, Output};

fn routeplay(args: &[&str], env: &[(&str, &str)], home: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_routeplay"));
    command.args(args).env_clear().env("HOME", home).env("ROUTEPLAY_CONFIG_DIR", home.join("config"));
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `routeplay ask --json` on `route` at `location`; the JSON record.
fn ask(route: &str, model: &str, location: &str, env: &[(&str, &str)], home: &Path) -> serde_json::Value {
    let args = ["ask", "--route", route, "--model", model, "--location", location, "--json", "Which route is this?"];
    let out = routeplay(&args, env, home);
    assert!(out.status.success(), "{route} at {location}: {}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The `google` object `routeplay routes --json` reports for vertex-gemini.
fn routes_google(env: &[(&str, &str)], home: &Path) -> serde_json::Value {
    let out = routeplay(&["routes", "--json"], env, home);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows.into_iter().find(|row| row["route"] == "vertex-gemini").unwrap()["google"].clone()
}

async fn start(google: GoogleDemo) -> emulator::EmulatorHandle {
    emulator::start(EmulatorOptions { tokens_per_second: 0.0, google, ..EmulatorOptions::default() }).await.unwrap()
}

/// Run blocking `work` (which spawns the binary) off the runtime the emulator serves on.
async fn off_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.unwrap()
}

#[test]
fn demo_mode_streams_on_all_three_google_routes_at_global_and_regional_locations() {
    let home = tempfile::tempdir().unwrap();
    for (route, model, location) in [
        ("gemini-api", "gemini-2.5-flash", "global"),
        ("vertex-gemini", "gemini-2.5-flash", "global"),
        ("vertex-gemini", "gemini-2.5-pro", "europe-west4"),
        ("vertex-claude", "claude-sonnet-4-5@20250929", "us-east5"),
        ("vertex-claude", "claude-haiku-4-5@20251001", "global"),
    ] {
        let out = routeplay(
            &["ask", "--demo", "--route", route, "--model", model, "--location", location, "--json", "Hello Google"],
            &[],
            home.path(),
        );
        assert!(out.status.success(), "{route}: {}", text(&out.stderr));
        let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(record["status"], "done", "{route}");
        assert!(record["text"].as_str().unwrap().contains("Hello Google"), "{route}: {record}");
        let source = record["credential_source"].as_str().unwrap();
        assert!(source.contains("demo"), "{route}: {source}");
        if route.starts_with("vertex") {
            assert!(source.contains(location), "{route}: the source names the location: {source}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_api_key_from_gemini_api_key_reaches_the_gemini_api_at_its_base_url() {
    let handle = start(GoogleDemo::default()).await;
    let url = handle.base_url();
    let home = tempfile::tempdir().unwrap();
    let (record, routes) = off_runtime(move || {
        let env = [("GEMINI_API_KEY", emulator::GOOGLE_DEMO_API_KEY), ("GOOGLE_GEMINI_BASE_URL", url.as_str())];
        let record = ask("gemini-api", "gemini-2.5-flash", "global", &env, home.path());
        let out = routeplay(&["routes", "--json"], &env, home.path());
        (record, serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap())
    })
    .await;
    handle.shutdown().await.unwrap();
    assert_eq!(record["credential_source"], "GEMINI_API_KEY (env)");
    let gemini = routes.iter().find(|row| row["route"] == "gemini-api").unwrap();
    assert_eq!(gemini["google"]["kind"], "api_key");
    assert_eq!(gemini["google"]["source"], "GEMINI_API_KEY (env)");
    assert!(record["usage"]["output_tokens"].as_u64().unwrap() > 0, "{record}");
}

#[tokio::test(flavor = "multi_thread")]
async fn user_credentials_are_refreshed_and_reach_both_vertex_routes() {
    let handle = start(GoogleDemo::default()).await;
    let url = handle.base_url();
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("adc.json");
    let mut user = emulator::google_demo_authorized_user(&url);
    user.as_object_mut().unwrap().remove("quota_project_id");
    std::fs::write(&file, user.to_string()).unwrap();
    let (gemini, claude, google) = off_runtime(move || {
        let file = file.to_str().unwrap();
        let env = [
            ("GOOGLE_APPLICATION_CREDENTIALS", file),
            ("GOOGLE_VERTEX_BASE_URL", url.as_str()),
            ("GOOGLE_CLOUD_PROJECT", "routeplay-test"),
        ];
        let gemini = ask("vertex-gemini", "gemini-2.5-flash", "europe-west4", &env, home.path());
        let claude = ask("vertex-claude", "claude-sonnet-4-5@20250929", "global", &env, home.path());
        (gemini, claude, routes_google(&env, home.path()))
    })
    .await;
    handle.shutdown().await.unwrap();
    for record in [&gemini, &claude] {
        let source = record["credential_source"].as_str().unwrap();
        assert!(source.starts_with("user credentials (GOOGLE_APPLICATION_CREDENTIALS="), "{source}");
        assert!(source.contains("project routeplay-test"), "{source}");
    }
    assert!(gemini["credential_source"].as_str().unwrap().ends_with("europe-west4"));
    assert_eq!(google["kind"], "authorized_user");
    assert_eq!(google["principal"], emulator::GOOGLE_DEMO_USER);
    assert_eq!(google["project"], "routeplay-test");
    assert!(google["expires_in_secs"].as_u64().unwrap() > 3000, "{google}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_account_key_signs_its_own_token_and_is_named_by_its_email() {
    let key = service_account_key("tester@routeplay-sa.iam.gserviceaccount.com", "routeplay-sa");
    let mut google = GoogleDemo::default();
    google.trust_service_account(&key).unwrap();
    let handle = start(google).await;
    let url = handle.base_url();
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("key.json");
    let mut key = key;
    key["token_uri"] = format!("{url}/token").into();
    std::fs::write(&file, key.to_string()).unwrap();
    let (record, google) = off_runtime(move || {
        let env =
            [("GOOGLE_APPLICATION_CREDENTIALS", file.to_str().unwrap()), ("GOOGLE_VERTEX_BASE_URL", url.as_str())];
        (ask("vertex-gemini", "gemini-2.5-flash", "us", &env, home.path()), routes_google(&env, home.path()))
    })
    .await;
    handle.shutdown().await.unwrap();
    let source = record["credential_source"].as_str().unwrap();
    assert!(source.contains("project routeplay-sa"), "the key file's project is used: {source}");
    assert_eq!(google["kind"], "service_account");
    assert_eq!(google["principal"], "tester@routeplay-sa.iam.gserviceaccount.com");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_metadata_server_named_by_gce_metadata_host_supplies_token_principal_and_project() {
    let handle = start(GoogleDemo::default()).await;
    let url = handle.base_url();
    let host = url.trim_start_matches("http://").to_owned();
    let home = tempfile::tempdir().unwrap();
    let (record, google) = off_runtime(move || {
        let env = [("GCE_METADATA_HOST", host.as_str()), ("GOOGLE_VERTEX_BASE_URL", url.as_str())];
        (
            ask("vertex-claude", "claude-haiku-4-5@20251001", "us-east5", &env, home.path()),
            routes_google(&env, home.path()),
        )
    })
    .await;
    handle.shutdown().await.unwrap();
    assert!(record["credential_source"].as_str().unwrap().starts_with("metadata server"), "{record}");
    assert_eq!(google["kind"], "metadata_server");
    assert_eq!(google["principal"], emulator::GOOGLE_DEMO_METADATA_ACCOUNT);
    assert_eq!(google["project"], emulator::GOOGLE_DEMO_PROJECT);
}

#[tokio::test(flavor = "multi_thread")]
async fn revoked_user_credentials_fail_at_once_with_the_gcloud_fix() {
    let handle = start(GoogleDemo::default()).await;
    let url = handle.base_url();
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("adc.json");
    let mut user = emulator::google_demo_authorized_user(&url);
    user["refresh_token"] = "1//revoked".into();
    std::fs::write(&file, user.to_string()).unwrap();
    let out = off_runtime(move || {
        let env =
            [("GOOGLE_APPLICATION_CREDENTIALS", file.to_str().unwrap()), ("GOOGLE_VERTEX_BASE_URL", url.as_str())];
        routeplay(&["ask", "--route", "vertex-gemini", "--model", "gemini-2.5-flash", "Hi"], &env, home.path())
    })
    .await;
    handle.shutdown().await.unwrap();
    assert!(!out.status.success());
    let error = text(&out.stderr);
    assert!(error.contains("expired or revoked"), "{error}");
    assert!(error.contains("gcloud auth application-default login"), "{error}");
    assert!(!error.contains("1//revoked"), "the refresh token is never shown: {error}");
}

#[test]
fn without_any_google_credentials_the_routes_say_how_to_add_them() {
    let home = tempfile::tempdir().unwrap();
    // An unroutable metadata host keeps the check from reaching out.
    let env = [("GCE_METADATA_HOST", "127.0.0.1:9")];
    let out = routeplay(&["ask", "--route", "gemini-api", "--model", "gemini-2.5-flash", "Hi"], &env, home.path());
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("GEMINI_API_KEY"), "{}", text(&out.stderr));
    let out = routeplay(&["ask", "--route", "vertex-gemini", "--model", "gemini-2.5-flash", "Hi"], &env, home.path());
    assert!(!out.status.success());
    let error = text(&out.stderr);
    assert!(error.contains("vertex-gemini"), "{error}");
    assert!(
        error.contains("gcloud auth application-default login") || error.contains("GOOGLE_APPLICATION_CREDENTIALS"),
        "{error}"
    );
}

/// A service-account key file with a fresh RSA key, as Google issues them (PKCS#8 PEM).
fn service_account_key(email: &str, project: &str) -> serde_json::Value {
    use aws_lc_rs::encoding::AsDer;
    use base64::Engine;
    let pair = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair).unwrap();
    let body = base64::engine::general_purpose::STANDARD.encode(der.as_ref());
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|line| std::str::from_utf8(line).unwrap()).collect();
    let pem = format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", lines.join("\n"));
    serde_json::json!({
        "type": "service_account",
        "project_id": project,
        "private_key_id": "test-key-1",
        "private_key": pem,
        "client_email": email,
        "client_id": "1234567890",
        "token_uri": "https://oauth2.googleapis.com/token"
    })
}
