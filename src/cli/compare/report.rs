//! What a compare prints on standard output: a Markdown table of every target's figures with
//! the fastest and the cheapest marked, then each answer under its target; or, with `--json`,
//! one record per target per line.

use crate::app::runs::{Phase, Run};
use crate::models::cost::CostEstimate;
use serde_json::{Value, json};
use std::fmt::Write;
use std::time::Duration;

/// One target's finished run, as reported.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The target as a spec, `ROUTE[@REGION]:MODEL`.
    pub label: String,
    pub run: Run,
    /// At list prices; `None` when the price is unknown (shown as `unknown`, never $0).
    pub cost: Option<CostEstimate>,
    /// What the route dropped, mapped or left unconfirmed of the request, one line each.
    pub parity: Vec<String>,
}

impl Entry {
    fn done(&self) -> bool {
        self.run.phase == Phase::Done
    }

    fn error(&self) -> Option<String> {
        match &self.run.phase {
            Phase::Done => None,
            Phase::Failed(error) => Some(error.to_string()),
            other => Some(format!("the run ended {}", other.label())),
        }
    }
}

const HEADER: &str = "| target | status | credential | TTFT | tok/s | total | input | output | cache read | cache write \
                      | thinking | stop | cost | request id |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: \
                      | ---: | ---: | ---: | --- | ---: | --- |\n";

/// The table and the answers.
#[must_use]
pub fn markdown(entries: &[Entry]) -> String {
    let fastest_ttft = best(entries, |e| e.run.time_to_first_token().map(|d| d.as_secs_f64()));
    let fastest_total = best(entries, |e| e.run.total_time().map(|d| d.as_secs_f64()));
    let cheapest = best(entries, |e| e.cost.as_ref().map(|c| c.usd));
    let mut out = String::from(HEADER);
    for (index, entry) in entries.iter().enumerate() {
        let run = &entry.run;
        let mark = |best: Option<usize>, text: String, what: &str| {
            if best == Some(index) { format!("{text} ({what})") } else { text }
        };
        let usage = &run.usage;
        let cells = [
            format!("`{}`", entry.label),
            run.phase.label().to_owned(),
            seconds(run.timings.credential),
            mark(fastest_ttft, seconds(run.time_to_first_token()), "fastest"),
            run.tokens_per_second().map_or_else(dash, |rate| format!("{rate:.1}")),
            mark(fastest_total, seconds(run.total_time()), "fastest"),
            count(usage.input_tokens),
            count(usage.output_tokens),
            count(usage.cache_read_tokens),
            count(usage.cache_write_tokens),
            count(usage.thinking_tokens),
            run.stop_reason.as_ref().map_or_else(dash, crate::routes::event::StopReason::label),
            mark(cheapest, entry.cost.as_ref().map_or_else(|| "unknown".into(), |c| dollars(c.usd)), "cheapest"),
            run.request_id.clone().unwrap_or_else(dash),
        ];
        out.push('|');
        for cell in cells {
            let _ = write!(out, " {} |", cell.replace('|', "\\|"));
        }
        out.push('\n');
    }
    for entry in entries {
        let _ = write!(out, "\n## {}\n\n", entry.label);
        for line in &entry.parity {
            let _ = writeln!(out, "- ⚠ {line}");
        }
        if !entry.parity.is_empty() {
            out.push('\n');
        }
        if let Some(error) = entry.error() {
            let _ = writeln!(out, "**failed:** {error}");
            if !entry.run.text.is_empty() {
                out.push_str("\nPartial answer:\n\n");
            }
        } else if entry.run.text.is_empty() {
            out.push_str("(no text)\n");
        }
        out.push_str(&entry.run.text);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The index of the successful entry with the smallest figure, when at least two have one
/// (a lone figure is not "the fastest" of anything).
fn best(entries: &[Entry], figure: impl Fn(&Entry) -> Option<f64>) -> Option<usize> {
    let figures: Vec<(usize, f64)> =
        entries.iter().enumerate().filter(|(_, e)| e.done()).filter_map(|(i, e)| Some((i, figure(e)?))).collect();
    if figures.len() < 2 {
        return None;
    }
    figures.into_iter().min_by(|a, b| a.1.total_cmp(&b.1)).map(|(index, _)| index)
}

fn dash() -> String {
    "-".into()
}

fn seconds(duration: Option<Duration>) -> String {
    duration.map_or_else(dash, |d| format!("{:.3} s", d.as_secs_f64()))
}

fn count(tokens: Option<u64>) -> String {
    tokens.map_or_else(dash, |n| n.to_string())
}

/// Dollars with enough digits for the fractions of a cent a short answer costs.
fn dollars(usd: f64) -> String {
    if usd >= 0.01 { format!("${usd:.4}") } else { format!("${usd:.6}") }
}

/// One JSON record: target, status, metrics, usage, the controls sent, what was served, a
/// guardrail's verdict, the parity lines, cost, text and error.
#[must_use]
pub fn json_record(entry: &Entry) -> Value {
    let run = &entry.run;
    let secs = |d: Option<Duration>| d.map(|d| d.as_secs_f64());
    json!({
        "target": entry.label,
        "route": run.target.route.name(),
        "model": run.target.model,
        "region": run.target.place.region(),
        "location": run.target.place.location(),
        "status": run.phase.label(),
        "metrics": {
            "credential_seconds": secs(run.timings.credential),
            "time_to_first_token_seconds": secs(run.time_to_first_token()),
            "tokens_per_second": run.tokens_per_second(),
            "total_seconds": secs(run.total_time()),
        },
        "usage": run.usage,
        "stop_reason": run.stop_reason.as_ref().map(crate::routes::event::StopReason::label),
        "controls": run.params.controls,
        "served": {"service_tier": run.served.service_tier, "latency": run.served.latency},
        "guardrail": run.guardrail,
        "parity": entry.parity,
        "request_id": run.request_id,
        "credential_source": run.credential_source,
        "cost": entry.cost.as_ref().map(|c| json!({"usd": c.usd, "basis": c.basis})),
        "text": run.text,
        "error": entry.error(),
    })
}
