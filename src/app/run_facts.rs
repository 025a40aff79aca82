//! What a run asked for beyond sampling and what the service says it did about it: the
//! controls sent, the tier and latency mode served, a guardrail's verdict, and the token
//! counts beyond input and output (cache reads and writes, thinking). The inspector, the
//! latest-run pane, the compare columns and `ask`'s closing line word them alike.

use super::controls_line;
use super::runs::Run;
use crate::routes::attachment::{Attachment, AttachmentKind};
use crate::routes::event::StopReason;

/// The controls the run was sent with (`think 2048 · top_k 40 · cache`), when any was set.
#[must_use]
pub fn controls_sent(run: &Run) -> Option<String> {
    controls_line::summary(&run.params.controls)
}

/// The tier and latency mode the service echoed (`tier flex · latency optimized`).
#[must_use]
pub fn served(run: &Run) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(tier) = &run.served.service_tier {
        parts.push(format!("tier {tier}"));
    }
    if let Some(latency) = &run.served.latency {
        parts.push(format!("latency {latency}"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The guardrail's verdict with its assessment (`INTERVENED: contentPolicy VIOLENCE:
/// BLOCKED`), or that it let the run pass; also an intervention known only from the stop reason.
#[must_use]
pub fn guardrail(run: &Run) -> Option<String> {
    let stopped_by_it = run.stop_reason == Some(StopReason::GuardrailIntervened);
    let verdict = match &run.guardrail {
        Some(verdict) if verdict.intervened || stopped_by_it => "INTERVENED",
        Some(_) => "passed",
        None if stopped_by_it => "INTERVENED",
        None => return None,
    };
    let assessment = run.guardrail.as_ref().map(|verdict| verdict.assessment.join("; ")).unwrap_or_default();
    Some(if assessment.is_empty() { verdict.to_owned() } else { format!("{verdict}: {assessment}") })
}

/// The stop reason, an intervention said in words (`guardrail_intervened (a guardrail blocked
/// the input or the output)`).
#[must_use]
pub fn stop_label(reason: &StopReason) -> String {
    match reason {
        StopReason::GuardrailIntervened => {
            format!("{} (a guardrail blocked the input or the output)", reason.label())
        }
        other => other.label(),
    }
}

/// Cache reads and writes and thinking tokens (`cache read 1200 · cache write 0 · thinking
/// 512`): the cache counts when caching was asked for or either is above 0 (routes report 0
/// for every request), thinking when above 0.
#[must_use]
pub fn extra_tokens(run: &Run) -> Option<String> {
    let usage = &run.usage;
    let mut parts = Vec::new();
    let cached = usage.cache_read_tokens.unwrap_or(0) + usage.cache_write_tokens.unwrap_or(0);
    let reported = usage.cache_read_tokens.is_some() || usage.cache_write_tokens.is_some();
    if reported && (cached > 0 || run.params.controls.cache) {
        let count = |n: Option<u64>| n.map_or_else(|| "–".to_owned(), |n| n.to_string());
        parts.push(format!(
            "cache read {} · cache write {}",
            count(usage.cache_read_tokens),
            count(usage.cache_write_tokens)
        ));
    }
    if let Some(thinking) = usage.thinking_tokens.filter(|tokens| *tokens > 0) {
        parts.push(format!("thinking {thinking}"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The files sent with the run's user turn (`cat.png image/png 12.0 KiB 640×480`).
#[must_use]
pub fn attachments(run: &Run) -> Option<String> {
    let turn = run.request.as_ref()?.turns.last()?;
    let described: Vec<String> = turn.attachments.iter().map(describe).collect();
    (!described.is_empty()).then(|| described.join(", "))
}

/// The kinds of file sent with the run's user turn, for its parity lines.
#[must_use]
pub fn attachment_kinds(run: &Run) -> Vec<AttachmentKind> {
    let turn = run.request.as_ref().and_then(|request| request.turns.last());
    turn.map(|turn| turn.attachments.iter().map(|attachment| attachment.kind).collect()).unwrap_or_default()
}

/// One attachment in a few words: name, type, size and, for an image, its pixels.
#[must_use]
pub fn describe(attachment: &Attachment) -> String {
    let pixels = attachment.pixels.map(|(width, height)| format!(" {width}×{height}")).unwrap_or_default();
    format!("{} {} {}{pixels}", attachment.name, attachment.kind.media_type(), size(attachment.size))
}

/// A byte count as people read it: `512 B`, `12.0 KiB`, `3.4 MiB`.
#[must_use]
pub fn size(bytes: u64) -> String {
    let value = bytes as f64;
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KiB", value / 1024.0),
        _ => format!("{:.1} MiB", value / 1_048_576.0),
    }
}

/// Every fact above that the run has, as name/value pairs in the order they are shown.
#[must_use]
pub fn rows(run: &Run) -> Vec<(&'static str, String)> {
    [
        ("controls", controls_sent(run)),
        ("attached", attachments(run)),
        ("served", served(run)),
        ("guardrail", guardrail(run)),
        ("tokens", extra_tokens(run)),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|value| (name, value)))
    .collect()
}
