//! The run file (`routeplay export-run`, the history overlay's export): a conversation (or one
//! run) as one self-contained JSON file, `format: "routeplay-run/1"`, with every run's record,
//! its stream events and its exchange. `routeplay import-run` reads it back (`cli/run_file`).

use crate::routes::Places;
use crate::routes::capture::Exchange;
use crate::store::{Asked, ConversationId, Ended, RunKey, RunRecord, Store, TimedEvent, now_ms};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The marker the file starts with; a later layout gets a new number.
pub const FORMAT: &str = "routeplay-run/1";

#[derive(Serialize)]
struct RunFile {
    format: &'static str,
    routeplay_version: &'static str,
    exported_ms: i64,
    conversation: Head,
    runs: Vec<FileRun>,
}

#[derive(Serialize, Deserialize)]
pub struct Head {
    pub id: i64,
    pub title: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// One run as the file holds it: the record's fields, then its events. What it was asked and
/// what came back are the store's own shapes, their fields side by side with these.
#[derive(Serialize, Deserialize)]
pub struct FileRun {
    pub run_id: i64,
    pub position: u32,
    #[serde(default)]
    pub compare_group: Option<i64>,
    pub route: String,
    pub model: String,
    /// The AWS region and profile, on Bedrock routes.
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub profile: Option<String>,
    /// The Vertex location and project, on Vertex routes (a file written before the location
    /// had a field of its own holds it in `region`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default)]
    pub project: Option<String>,
    #[serde(default)]
    pub credential_source: Option<String>,
    #[serde(flatten)]
    pub asked: Asked,
    #[serde(flatten)]
    pub ended: Ended,
    pub status: String,
    pub started_ms: i64,
    #[serde(default)]
    pub ended_ms: Option<i64>,
    #[serde(default)]
    pub events: Vec<TimedEvent>,
    /// The request as sent (credentials masked) and the response as received, for the
    /// inspector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange: Option<Exchange>,
}

/// Write run or conversation `id` (a run alone, else the whole conversation) to `path` as a
/// run file, owner-only; say what was written where.
pub fn write(store: &Store, id: i64, path: &Path) -> Result<String, String> {
    let (conversation, only) = match store.conversation_of_run(RunKey(id)).map_err(|e| e.to_string())? {
        Some(conversation) => (conversation, Some(RunKey(id))),
        None => (ConversationId(id), None),
    };
    let detail = store
        .conversation(conversation)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no run or conversation {id} in the history (see `routeplay history list`)"))?;
    let mut runs = Vec::new();
    for record in detail.runs.into_iter().filter(|run| only.is_none_or(|key| run.key == key)) {
        let events = store.events(record.key).map_err(|e| e.to_string())?;
        let exchange = store.exchange(record.key).map_err(|e| e.to_string())?;
        runs.push(FileRun { exchange, ..file_run(record, events) });
    }
    let events: usize = runs.iter().map(|run| run.events.len()).sum();
    let count = runs.len();
    let file = RunFile {
        format: FORMAT,
        routeplay_version: env!("CARGO_PKG_VERSION"),
        exported_ms: now_ms(),
        conversation: Head {
            id: detail.id.0,
            title: detail.title,
            created_ms: detail.created_ms,
            updated_ms: detail.updated_ms,
        },
        runs,
    };
    let text = serde_json::to_string_pretty(&file).map_err(|e| format!("cannot encode the runs: {e}"))?;
    crate::files::write_private(path, (text + "\n").as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!("wrote conversation {} ({count} run(s), {events} stream events) to {}", detail.id, path.display()))
}

/// One stored run, with its `events`, as the file holds it (its exchange is added apart).
#[must_use]
pub fn file_run(run: RunRecord, events: Vec<TimedEvent>) -> FileRun {
    let Places { region, profile, location, project } = run.place.into_parts();
    FileRun {
        run_id: run.key.0,
        position: run.position,
        compare_group: run.compare_group.map(|group| group.0),
        route: run.route,
        model: run.model,
        region,
        profile,
        location,
        project,
        credential_source: run.credential_source,
        asked: run.asked,
        ended: run.ended,
        status: run.status.as_str().to_owned(),
        started_ms: run.started_ms,
        ended_ms: run.ended_ms,
        events,
        exchange: None,
    }
}
