//! The JSON record of a run, as `routeplay ask --json` prints it.

use crate::app::run_facts;
use crate::app::runs::{Phase, Run};
use crate::models::Catalog;
use crate::models::parity::parity_warnings_with;
use serde_json::{Value, json};

/// Text, thinking, usage, timings, stop reason and request id of `run`; the controls it was
/// sent with, what the service said it served, a guardrail's verdict and the parity lines, as
/// `compare --json` names them.
#[must_use]
pub fn run_json(run: &Run) -> Value {
    let seconds = |d: Option<std::time::Duration>| d.map(|d| d.as_secs_f64());
    let error = match &run.phase {
        Phase::Failed(error) => json!(error.to_string()),
        _ => Value::Null,
    };
    json!({
        "route": run.target.route.name(),
        "model": run.target.model,
        "model_version": run.model_version,
        "status": run.phase.label(),
        "text": run.text,
        "thinking": run.thinking,
        "tool_calls": run.tool_calls.iter().map(|c| json!({"name": c.name, "input": c.input})).collect::<Vec<_>>(),
        "stop_reason": run.stop_reason.as_ref().map(crate::routes::event::StopReason::label),
        "usage": run.usage,
        "controls": run.params.controls,
        "served": {"service_tier": run.served.service_tier, "latency": run.served.latency},
        "guardrail": run.guardrail,
        "parity": parity_warnings_with(Catalog::shared(), &run.target, &run.params, &run_facts::attachment_kinds(run)),
        "timings": {
            "credential_seconds": seconds(run.timings.credential),
            "time_to_first_token_seconds": seconds(run.time_to_first_token()),
            "total_seconds": seconds(run.total_time()),
            "tokens_per_second": run.tokens_per_second(),
        },
        "request_id": run.request_id,
        "message_id": run.message_id,
        "credential_source": run.credential_source,
        "retries": run.retries,
        "error": error,
    })
}
