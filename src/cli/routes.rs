//! `routeplay routes`: every route, its credential status and source (never the secret).

use crate::auth::{CredentialStatus, ProcessEnv};
use crate::client::setup::{self, Surroundings};
use crate::config::paths::Paths;

pub async fn run(json: bool, aws_demo: bool) -> i32 {
    let config = super::load_config(&Paths::discover());
    let around = Surroundings { config: &config, env: &ProcessEnv, emulator_url: None, aws_demo };
    let statuses = setup::statuses(&around).await;
    if json {
        let rows: Vec<_> = statuses
            .iter()
            .map(|(route, status)| serde_json::json!({ "route": route.name(), "credential": status }))
            .collect();
        println!("{}", serde_json::Value::Array(rows));
    } else {
        println!("{:<18} {:<8} SOURCE / HOW TO ADD", "ROUTE", "STATUS");
        for (route, status) in &statuses {
            let (label, detail) = match status {
                CredentialStatus::Ready { source } => ("ready", source.as_str()),
                CredentialStatus::Missing { hint } => ("missing", hint.as_str()),
                CredentialStatus::Error { message } => ("error", message.as_str()),
            };
            println!("{:<18} {label:<8} {detail}", route.name());
        }
    }
    0
}
