//! Answers the playground's history questions from the store, off the UI task: the list or the
//! search hits for what is typed, and a stored conversation to continue.

use crate::app::history::{HistoryRow, LoadedTurn};
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::{RouteId, Target};
use crate::store::{RunRecord, RunStatus, Store, segments};
use std::time::Duration;

/// How many rows the overlay shows at most.
const ROWS: usize = 200;

/// The newest conversations for a query of filters only (or none), else the runs matching its
/// words, best first; filters (`route:`, `model:`, `status:`, `since:`) narrow either.
pub fn rows(store: &Store, query: &str) -> Result<Vec<HistoryRow>, String> {
    let crate::history_filter::Query { filter, text } = crate::history_filter::parse(query, crate::store::now_ms())?;
    if text.trim().is_empty() {
        let filter = crate::store::Filter { limit: Some(ROWS), ..filter };
        let conversations = store.list_conversations(&filter).map_err(|e| e.to_string())?;
        return Ok(conversations
            .into_iter()
            .map(|c| HistoryRow {
                conversation: c.id.0,
                title: c.first_line,
                detail: format!(
                    "{} · {} · {} · {} turn{} · {}",
                    c.route,
                    c.model,
                    c.status.as_str(),
                    c.runs,
                    if c.runs == 1 { "" } else { "s" },
                    when(c.updated_ms)
                ),
                snippet: Vec::new(),
            })
            .collect());
    }
    // Filters drop hits after ranking, so ask for more than are shown.
    let wanted = if filter == crate::store::Filter::default() { ROWS } else { ROWS * 5 };
    let hits = store.search(&text, wanted).map_err(|e| e.to_string())?;
    Ok(hits
        .into_iter()
        .filter(|hit| crate::history_filter::keeps(&filter, &hit.route, &hit.model, hit.status, hit.started_ms))
        .take(ROWS)
        .map(|hit| HistoryRow {
            conversation: hit.conversation.0,
            title: hit.title,
            detail: format!("{} · {} · {} · {}", hit.route, hit.model, hit.status.as_str(), when(hit.started_ms)),
            snippet: segments(&hit.snippet)
                .iter()
                .map(|s| (s.text.replace(['\n', '\r', '\t'], " "), s.matched))
                .collect(),
        })
        .collect())
}

/// The turns of conversation `id`, oldest first; with `whole_compare`, followed by those of
/// the other conversations that answered a compare with it, in column order.
pub fn turns(store: &Store, id: i64, whole_compare: bool) -> Result<Vec<LoadedTurn>, String> {
    let id = crate::store::ConversationId(id);
    let conversations = if whole_compare { store.compare_partners(id).map_err(|e| e.to_string())? } else { vec![id] };
    let mut turns = Vec::new();
    for conversation in conversations {
        let detail = store
            .conversation(conversation)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("conversation {conversation} is no longer in the history"))?;
        for run in detail.runs {
            let events = store.events(run.key).map_err(|e| e.to_string())?;
            let exchange = store.exchange(run.key).map_err(|e| e.to_string())?.map(Box::new);
            turns.push(turn(run).map(|turn| LoadedTurn { events, exchange, ..turn })?);
        }
    }
    Ok(turns)
}

fn turn(run: RunRecord) -> Result<LoadedTurn, String> {
    let route: RouteId =
        run.route.parse().map_err(|_| format!("this routeplay does not know the route {:?}", run.route))?;
    let outcome = match run.status {
        RunStatus::Done => Ok(true),
        RunStatus::Failed => {
            let message = run.error.clone().unwrap_or_else(|| "failed".into());
            Err(RunError::new(ErrorKind::StreamError, &run.route, &run.model, message))
        }
        RunStatus::Cancelled | RunStatus::Interrupted | RunStatus::Running => Ok(false),
    };
    let millis = |ms: Option<u64>| ms.map(Duration::from_millis);
    Ok(LoadedTurn {
        conversation: run.conversation.0,
        target: stored_target(route, run.model, run.region, run.profile),
        prompt: run.prompt,
        answer: run.answer,
        thinking: run.thinking,
        outcome,
        usage: run.usage,
        stop_reason: run.stop_reason,
        first_token: millis(run.timings.first_token_ms),
        total: millis(run.timings.total_ms),
        request_id: run.request_ids.last().cloned(),
        credential_source: run.credential_source,
        position: run.position,
        compare_group: run.compare_group.map(|group| group.0),
        events: Vec::new(),
        exchange: None,
    })
}

/// A Unix-milliseconds time as `YYYY-MM-DD HH:MM` UTC.
#[must_use]
pub fn when(ms: i64) -> String {
    let text = aws_smithy_types::DateTime::from_millis(ms)
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default();
    text.get(..16).unwrap_or(&text).replace('T', " ")
}

/// The target a stored run went to: its `profile` column holds the AWS profile, or the Google
/// Cloud project on Vertex routes.
fn stored_target(route: RouteId, model: String, region: Option<String>, profile: Option<String>) -> Target {
    let (profile, project) = if route.is_vertex() { (None, profile) } else { (profile, None) };
    Target { region, profile, project, ..Target::new(route, model) }
}
