//! `routeplay routes`: every route, its credential status and source (never the secret), and
//! for the Vertex routes who the Google credentials are, the project, location and token expiry.

use super::output::outln;
use crate::auth::google::GoogleTokens;
use crate::auth::{CredentialStatus, GoogleSummary, ProcessEnv};
use crate::client::setup::{self, Surroundings};
use crate::client::{Client, google_check};
use crate::config::paths::Paths;
use crate::models::Places;
use crate::routes::RouteId;
use crate::routes::spec::AuthScheme;

pub async fn run(json: bool, demo: bool, places: &Places) -> i32 {
    let config = super::load_config(&Paths::discover());
    let google_tokens = GoogleTokens::default();
    let around = Surroundings {
        config: &config,
        env: &ProcessEnv,
        emulator_url: None,
        demo,
        google_tokens: &google_tokens,
        places,
    };
    let statuses = setup::statuses(&around).await;
    let vertex_ready = statuses.iter().any(|(route, status)| {
        route.is_vertex() && matches!(status, CredentialStatus::Ready { .. } | CredentialStatus::Error { .. })
    });
    let google = if vertex_ready && !demo {
        google_check::check(&around, Client::new(&config.network).http()).await.summary
    } else {
        None
    };
    if json {
        print_json(&statuses, google.as_ref());
    } else {
        print_table(&statuses, google.as_ref());
    }
    0
}

fn print_json(statuses: &[(RouteId, CredentialStatus)], google: Option<&GoogleSummary>) {
    let rows: Vec<_> = statuses
        .iter()
        .map(|(route, status)| {
            let mut row = serde_json::json!({ "route": route.name(), "credential": status });
            if let (true, Some(google)) = (route.is_vertex(), google) {
                row["google"] = serde_json::json!(google);
            }
            // A key has no principal: the kind and where it came from are all there is to say.
            let api_key = route.spec().auth == AuthScheme::GoogleApiKey;
            if let (true, CredentialStatus::Ready { source }) = (api_key, status) {
                row["google"] = serde_json::json!({ "kind": "api_key", "source": source });
            }
            row
        })
        .collect();
    outln!("{}", serde_json::Value::Array(rows));
}

fn print_table(statuses: &[(RouteId, CredentialStatus)], google: Option<&GoogleSummary>) {
    outln!("{:<18} {:<8} SOURCE / HOW TO ADD", "ROUTE", "STATUS");
    for (route, status) in statuses {
        let (label, detail) = match status {
            CredentialStatus::Ready { source } => ("ready", source.as_str()),
            CredentialStatus::Missing { hint } => ("missing", hint.as_str()),
            CredentialStatus::Error { message } => ("error", message.as_str()),
        };
        outln!("{:<18} {label:<8} {detail}", route.name());
    }
    if let Some(google) = google {
        let unknown = || "unknown".to_owned();
        outln!(
            "\nVertex routes act as {} · project {} · location {}",
            google.principal.clone().unwrap_or_else(unknown),
            google.project.clone().unwrap_or_else(|| "none (set GOOGLE_CLOUD_PROJECT)".into()),
            google.location
        );
        match (&google.error, google.expires_in_secs) {
            (Some(error), _) => outln!("  token: {error}"),
            (None, Some(secs)) => outln!("  token expires in {} min", secs.div_ceil(60)),
            (None, None) => {}
        }
    }
}
