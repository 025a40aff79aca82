//! Conformance of ADC discovery (`routeplay::auth::google::find_adc`) against the credential
//! files of google-auth-library-python's test data (see `google-auth-adc/README.md` in the
//! fixtures folder).
//!
//! Every JSON file there, except `external_subject_token.json` (a subject token, not a
//! credential), is found through `GOOGLE_APPLICATION_CREDENTIALS` and must be recognised as the
//! kind its `type` says. The files below have exact expectations too; a new file is still
//! checked against its own `type`. Nothing here touches the network: tokens are not fetched.
//!
//! Fixtures come from `$ROUTEPLAY_CONFORMANCE_DIR`, default `../shared/fixtures` next to the
//! crate. Without them the test prints `conformance-google-adc: SKIPPED (...)` and passes,
//! unless `ROUTEPLAY_REQUIRE_CONFORMANCE=1` makes a missing folder a failure.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::collections::HashMap;

use routeplay::auth::google::{AdcKind, AdcOrigin, find_adc};
use serde_json::Value;

/// The fixture folder this file tests against.
const FIXTURE_FOLDER: &str = "google-auth-adc";
/// Not a credential file: the token an identity-pool `credential_source` points at.
const NOT_A_CREDENTIAL: &str = "external_subject_token.json";

/// What `find_adc` must report for a known file: kind, principal, project, quota project.
type Expected = (AdcKind, Option<&'static str>, Option<&'static str>, Option<&'static str>);

fn expected(name: &str) -> Option<Expected> {
    Some(match name {
        "authorized_user.json" => (AdcKind::AuthorizedUser, None, None, None),
        "authorized_user_cloud_sdk_with_quota_project_id.json" => {
            (AdcKind::AuthorizedUser, None, None, Some("quota_project_id"))
        }
        "external_account_authorized_user.json" => (
            AdcKind::ExternalAccountAuthorizedUser,
            Some("//iam.googleapis.com/locations/global/workforcePools/$WORKFORCE_POOL_ID/providers/$PROVIDER_ID"),
            None,
            None,
        ),
        "impersonated_service_account_authorized_user_source.json" => {
            (AdcKind::ImpersonatedServiceAccount, Some("service-account-target@example.com"), None, None)
        }
        "service_account.json" => {
            (AdcKind::ServiceAccount, Some("service-account@example.com"), Some("example-project"), None)
        }
        _ => return None,
    })
}

/// The `type` values and the kinds they must give.
fn kind_of(type_name: &str) -> Option<AdcKind> {
    Some(match type_name {
        "service_account" => AdcKind::ServiceAccount,
        "authorized_user" => AdcKind::AuthorizedUser,
        "external_account" => AdcKind::ExternalAccount,
        "external_account_authorized_user" => AdcKind::ExternalAccountAuthorizedUser,
        "impersonated_service_account" => AdcKind::ImpersonatedServiceAccount,
        _ => return None,
    })
}

#[test]
fn adc_fixtures() {
    let Some(dir) = fixtures::fixture_dir("conformance-google-adc", FIXTURE_FOLDER) else { return };
    let home = tempfile::tempdir().expect("a temp HOME");
    let mut ran = 0;
    for path in fixtures::files(&dir) {
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
        if path.extension().and_then(|extension| extension.to_str()) != Some("json") || name == NOT_A_CREDENTIAL {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
        let json: Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
        let type_name = json["type"].as_str().unwrap_or_else(|| panic!("{name}: no \"type\""));
        let kind = kind_of(type_name).unwrap_or_else(|| panic!("{name}: type {type_name} is not one routeplay uses"));

        let env: HashMap<String, String> = HashMap::from([
            ("GOOGLE_APPLICATION_CREDENTIALS".to_owned(), path.to_str().expect("a UTF-8 path").to_owned()),
            ("HOME".to_owned(), home.path().to_str().expect("a UTF-8 path").to_owned()),
        ]);
        let adc = find_adc(&env).unwrap_or_else(|err| panic!("{name}: {err} ({})", err.hint));
        let info = &adc.info;
        assert_eq!(info.kind, kind, "{name}");
        assert_eq!(info.origin, AdcOrigin::EnvVar(path.clone()), "{name}");
        if let Some((kind, principal, project, quota)) = expected(&name) {
            assert_eq!(info.kind, kind, "{name}");
            assert_eq!(info.principal.as_deref(), principal, "{name}: principal");
            assert_eq!(info.project.as_deref(), project, "{name}: project");
            assert_eq!(info.quota_project.as_deref(), quota, "{name}: quota project");
        }
        let label = info.source_label();
        assert!(label.contains(path.to_str().unwrap_or_default()), "{name}: {label}");
        for shown in [label, format!("{adc:?}")] {
            for secret in ["private_key", "client_secret", "refresh_token"] {
                if let Some(value) = find_secret(&json, secret) {
                    assert!(!shown.contains(value), "{name}: {secret} shown in {shown}");
                }
            }
        }
        ran += 1;
    }
    assert!(ran >= 5, "only {ran} credential files under {}", dir.display());
    eprintln!("conformance-google-adc: ran {ran} files");
}

/// The first value of `key` anywhere in `json`.
fn find_secret<'a>(json: &'a Value, key: &str) -> Option<&'a str> {
    match json {
        Value::Object(map) => {
            map.get(key).and_then(Value::as_str).or_else(|| map.values().find_map(|v| find_secret(v, key)))
        }
        _ => None,
    }
}
