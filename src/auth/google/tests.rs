//! `find_adc` precedence and file handling, with a map for the environment and temp dirs.

use super::*;
use serde_json::json;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

fn service_account() -> String {
    json!({
        "type": "service_account", "project_id": "proj", "private_key_id": "k1",
        "private_key": "-----BEGIN PRIVATE KEY-----\nSECRETKEYDATA\n-----END PRIVATE KEY-----\n",
        "client_email": "routeplay@proj.iam.gserviceaccount.com", "token_uri": "https://oauth2.googleapis.com/token",
    })
    .to_string()
}

fn user() -> String {
    json!({"type": "authorized_user", "client_id": "cid", "client_secret": "shh-secret",
           "refresh_token": "1//refresh-secret", "quota_project_id": "billing"})
    .to_string()
}

fn s(text: &str) -> String {
    text.to_owned()
}

#[test]
fn the_env_var_file_wins_over_the_gcloud_file() {
    let dir = tempfile::tempdir().unwrap();
    let key = write(&dir.path().join("k.json"), &service_account());
    write(&dir.path().join("home/.config/gcloud/application_default_credentials.json"), &user());
    let home = dir.path().join("home");
    let found =
        find_adc(&env(&[("GOOGLE_APPLICATION_CREDENTIALS", key.to_str().unwrap()), ("HOME", home.to_str().unwrap())]))
            .unwrap();
    assert_eq!(found.info.kind, AdcKind::ServiceAccount);
    assert_eq!(found.info.origin, AdcOrigin::EnvVar(key.clone()));
    assert_eq!(found.info.principal.as_deref(), Some("routeplay@proj.iam.gserviceaccount.com"));
    assert_eq!(found.info.project.as_deref(), Some("proj"));
    assert_eq!(
        found.info.source_label(),
        format!("service account key (GOOGLE_APPLICATION_CREDENTIALS={})", key.display())
    );
}

#[test]
fn the_gcloud_file_comes_from_cloudsdk_config_before_home() {
    let dir = tempfile::tempdir().unwrap();
    let sdk = dir.path().join("sdk");
    let in_sdk = write(&sdk.join("application_default_credentials.json"), &user());
    write(&dir.path().join(".config/gcloud/application_default_credentials.json"), &service_account());
    let found =
        find_adc(&env(&[("CLOUDSDK_CONFIG", sdk.to_str().unwrap()), ("HOME", dir.path().to_str().unwrap())])).unwrap();
    assert_eq!(found.info.kind, AdcKind::AuthorizedUser);
    assert_eq!(found.info.origin, AdcOrigin::GcloudFile(in_sdk.clone()));
    assert_eq!((found.info.principal.as_deref(), found.info.quota_project.as_deref()), (None, Some("billing")));
    assert_eq!(found.info.source_label(), format!("user credentials (gcloud ADC file {})", in_sdk.display()));
}

#[test]
fn the_gcloud_file_under_home() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir.path().join(".config/gcloud/application_default_credentials.json"), &user());
    let found = find_adc(&env(&[("HOME", dir.path().to_str().unwrap())])).unwrap();
    assert_eq!(found.info.origin, AdcOrigin::GcloudFile(file));
}

#[test]
fn the_metadata_server_is_the_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_str().unwrap();
    let found = find_adc(&env(&[("HOME", home), ("GCE_METADATA_HOST", "127.0.0.1:8080")])).unwrap();
    assert_eq!(found.info.kind, AdcKind::MetadataServer);
    assert_eq!(found.info.origin, AdcOrigin::MetadataServer { host: s("127.0.0.1:8080") });
    assert_eq!(found.info.source_label(), "metadata server (127.0.0.1:8080)");
    let found = find_adc(&env(&[("HOME", home), ("K_SERVICE", "svc")])).unwrap();
    assert_eq!(found.info.origin, AdcOrigin::MetadataServer { host: s("metadata.google.internal") });
}

#[test]
fn off_google_cloud_without_a_file_the_credentials_are_missing() {
    let on_gce = std::fs::read_to_string("/sys/class/dmi/id/product_name").is_ok_and(|name| name.contains("Google"));
    let dir = tempfile::tempdir().unwrap();
    let found = find_adc(&env(&[("HOME", dir.path().to_str().unwrap())]));
    if on_gce {
        assert!(found.is_ok(), "on Compute Engine the metadata server is the fallback");
    } else {
        let error = found.unwrap_err();
        assert_eq!(error.kind, GoogleAuthErrorKind::Missing);
        assert!(error.hint.contains("gcloud auth application-default login"), "{}", error.hint);
    }
}

#[test]
fn a_missing_env_var_file_is_an_error_not_a_fall_through() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join(".config/gcloud/application_default_credentials.json"), &user());
    let gone = dir.path().join("gone.json");
    let error = find_adc(&env(&[
        ("GOOGLE_APPLICATION_CREDENTIALS", gone.to_str().unwrap()),
        ("HOME", dir.path().to_str().unwrap()),
    ]))
    .unwrap_err();
    assert_eq!(error.kind, GoogleAuthErrorKind::Invalid);
    assert!(error.problem.contains(&format!("GOOGLE_APPLICATION_CREDENTIALS={}", gone.display())), "{error}");
    assert!(error.hint.contains("GOOGLE_APPLICATION_CREDENTIALS"), "{}", error.hint);
}

#[test]
fn bad_json_names_the_file_and_never_its_contents() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(&dir.path().join("bad.json"), "{\"type\": \"service_account\", \"private_key\": \"SECRET");
    let error = find_adc(&env(&[("GOOGLE_APPLICATION_CREDENTIALS", bad.to_str().unwrap())])).unwrap_err();
    assert_eq!(error.kind, GoogleAuthErrorKind::Invalid);
    assert!(error.problem.contains(bad.to_str().unwrap()) && error.problem.contains("not valid JSON"), "{error}");
    assert!(!error.problem.contains("SECRET"), "{error}");

    let gcloud = write(&dir.path().join(".config/gcloud/application_default_credentials.json"), "[1,");
    let error = find_adc(&env(&[("HOME", dir.path().to_str().unwrap())])).unwrap_err();
    assert!(error.problem.contains(gcloud.to_str().unwrap()), "{error}");
    assert!(error.hint.contains("gcloud auth application-default login"), "{}", error.hint);
}

#[test]
fn unsupported_and_unknown_types_are_named() {
    let dir = tempfile::tempdir().unwrap();
    for (text, expected) in [
        (json!({"type": "gdch_service_account", "private_key": "x"}), "gdch_service_account"),
        (json!({"type": "mystery_account"}), "\"mystery_account\""),
    ] {
        let file = write(&dir.path().join("c.json"), &text.to_string());
        let error = find_adc(&env(&[("GOOGLE_APPLICATION_CREDENTIALS", file.to_str().unwrap())])).unwrap_err();
        assert_eq!(error.kind, GoogleAuthErrorKind::Unsupported, "{error}");
        assert!(error.problem.contains(expected) && error.problem.contains(file.to_str().unwrap()), "{error}");
    }
    let file = write(&dir.path().join("c.json"), "{\"client_id\": \"x\"}");
    let error = find_adc(&env(&[("GOOGLE_APPLICATION_CREDENTIALS", file.to_str().unwrap())])).unwrap_err();
    assert_eq!(error.kind, GoogleAuthErrorKind::Invalid);
    assert!(error.problem.contains("no \"type\""), "{error}");
}

#[test]
fn a_missing_required_field_is_named() {
    let json = json!({"type": "authorized_user", "client_id": "cid", "client_secret": "s"});
    let error = adc_from_json(json, AdcOrigin::Demo { token_uri: s("http://127.0.0.1:1/token") }).unwrap_err();
    assert!(error.problem.contains("\"refresh_token\""), "{error}");
}

#[test]
fn principals_come_from_the_file() {
    let origin = AdcOrigin::EnvVar(PathBuf::from("/x.json"));
    let url = "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/target@p.iam.gserviceaccount.com:generateAccessToken";
    let impersonated = json!({"type": "impersonated_service_account", "service_account_impersonation_url": url,
        "source_credentials": {"type": "authorized_user"}});
    let found = adc_from_json(impersonated, origin.clone()).unwrap();
    assert_eq!(found.info.principal.as_deref(), Some("target@p.iam.gserviceaccount.com"));

    let audience = "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/pool/providers/p";
    let mut external = json!({"type": "external_account", "audience": audience,
        "subject_token_type": "urn:ietf:params:oauth:token-type:jwt", "token_url": "https://sts.googleapis.com/v1/token",
        "credential_source": {"file": "/token"}});
    let found = adc_from_json(external.clone(), origin.clone()).unwrap();
    assert_eq!((found.info.kind, found.info.principal.as_deref()), (AdcKind::ExternalAccount, Some(audience)));
    external["service_account_impersonation_url"] = json!(url);
    let found = adc_from_json(external, origin).unwrap();
    assert_eq!(found.info.principal.as_deref(), Some("target@p.iam.gserviceaccount.com"));
}

#[test]
fn debug_and_errors_never_show_secrets() {
    let found = adc_from_json(serde_json::from_str(&user()).unwrap(), AdcOrigin::Demo { token_uri: s("http://h/t") });
    let shown = format!("{:?}", found.unwrap());
    assert!(!shown.contains("secret"), "{shown}");
    let sa: serde_json::Value = serde_json::from_str(&service_account()).unwrap();
    let scrubbed = error::scrub("bad key -----BEGIN PRIVATE KEY-----\nSECRETKEYDATA", Some(&sa));
    assert_eq!(scrubbed, "bad key ****");
    let json: serde_json::Value = serde_json::from_str(&user()).unwrap();
    assert_eq!(error::scrub("sent 1//refresh-secret and shh-secret", Some(&json)), "sent **** and ****");
}

#[test]
fn a_missing_error_is_a_missing_status() {
    let error = GoogleAuthError::new(GoogleAuthErrorKind::Missing, "none", "log in");
    assert_eq!(error.status(), crate::auth::CredentialStatus::Missing { hint: s("log in") });
    assert_eq!(error.to_string(), "none");
}
