//! `routeplay routes`: every route, its credential status and source (never the secret).

use crate::auth::{CredentialStatus, ProcessEnv};
use crate::config::paths::Paths;
use crate::routes::RouteId;

pub fn run(json: bool) -> i32 {
    let paths = Paths::discover();
    let config = super::load_config(&paths);
    let statuses: Vec<(RouteId, CredentialStatus)> = crate::client::setup::statuses(&config, &ProcessEnv, None)
        .into_iter()
        .map(|(route, status)| match route {
            // The emulator starts on demand, so it is always available.
            RouteId::Emulator => {
                (route, CredentialStatus::Ready { source: "built-in emulator (started on demand)".into() })
            }
            RouteId::Anthropic => (route, status),
        })
        .collect();
    if json {
        let rows: Vec<_> = statuses
            .iter()
            .map(|(route, status)| serde_json::json!({ "route": route.name(), "credential": status }))
            .collect();
        println!("{}", serde_json::Value::Array(rows));
    } else {
        println!("{:<12} {:<8} SOURCE / HOW TO ADD", "ROUTE", "STATUS");
        for (route, status) in &statuses {
            let (label, detail) = match status {
                CredentialStatus::Ready { source } => ("ready", source.as_str()),
                CredentialStatus::Missing { hint } => ("missing", hint.as_str()),
                CredentialStatus::Error { message } => ("error", message.as_str()),
            };
            println!("{:<12} {label:<8} {detail}", route.name());
        }
    }
    0
}
