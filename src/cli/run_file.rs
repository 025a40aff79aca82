//! `routeplay export-run ID FILE` and `routeplay import-run FILE`: a conversation (or one run)
//! as one self-contained JSON file, `format: "routeplay-run/1"`, with every run's record and
//! its stream events and its exchange (the request as sent, the response as received), so
//! another machine can read it, search it, inspect it and `replay` it. Secrets are never in
//! it: the history holds none, only where each credential came from, and the request's
//! credential headers were masked when they were captured (and are masked again on import:
//! the file is not trusted, see [`check`]).

mod check;
#[cfg(test)]
mod prop_tests;

use super::output::outln;
use super::{ExportRunArgs, ImportRunArgs};
use crate::config::paths::Paths;
use crate::routes::capture::Exchange;
use crate::routes::{Place, Places};
use crate::store::{
    Asked, CompareGroupId, ConversationId, Ended, ImportConversation, ImportRun, RunKey, RunRecord, RunStatus, Store,
    TimedEvent, now_ms,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
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
struct Head {
    id: i64,
    title: String,
    created_ms: i64,
    updated_ms: i64,
}

/// One run as the file holds it: the record's fields, then its events. What it was asked and
/// what came back are the store's own shapes, their fields side by side with these.
#[derive(Serialize, Deserialize)]
struct FileRun {
    run_id: i64,
    position: u32,
    #[serde(default)]
    compare_group: Option<i64>,
    route: String,
    model: String,
    /// The AWS region and profile, on Bedrock routes.
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    profile: Option<String>,
    /// The Vertex location and project, on Vertex routes (a file written before the location
    /// had a field of its own holds it in `region`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    #[serde(default)]
    project: Option<String>,
    #[serde(default)]
    credential_source: Option<String>,
    #[serde(flatten)]
    asked: Asked,
    #[serde(flatten)]
    ended: Ended,
    status: String,
    started_ms: i64,
    #[serde(default)]
    ended_ms: Option<i64>,
    #[serde(default)]
    events: Vec<TimedEvent>,
    /// The request as sent (credentials masked) and the response as received, for the
    /// inspector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exchange: Option<Exchange>,
}

pub fn export(args: &ExportRunArgs) -> i32 {
    super::exit_code(export_run(args).map(|()| 0))
}

pub fn import(args: &ImportRunArgs) -> i32 {
    super::exit_code(import_run(args).map(|()| 0))
}

fn export_run(args: &ExportRunArgs) -> Result<(), String> {
    let store = Store::open(Store::file(&Paths::discover())).map_err(|e| format!("history: {e}"))?;
    let (conversation, only) = match store.conversation_of_run(RunKey(args.id)).map_err(|e| e.to_string())? {
        Some(conversation) => (conversation, Some(RunKey(args.id))),
        None => (ConversationId(args.id), None),
    };
    let detail = store
        .conversation(conversation)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no run or conversation {} in the history (see `routeplay history list`)", args.id))?;
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
    crate::files::write_private(&args.file, (text + "\n").as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", args.file.display()))?;
    eprintln!(
        "routeplay: wrote conversation {} ({count} run(s), {events} stream events) to {}",
        detail.id,
        args.file.display()
    );
    Ok(())
}

fn file_run(run: RunRecord, events: Vec<TimedEvent>) -> FileRun {
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

fn import_run(args: &ImportRunArgs) -> Result<(), String> {
    let conversation = read(&args.file).map_err(|problem| format!("{}: {problem}", args.file.display()))?;
    let store = Store::open(Store::file(&Paths::discover())).map_err(|e| format!("history: {e}"))?;
    let id = store.import_conversation(&conversation).map_err(|e| e.to_string())?;
    eprintln!(
        "routeplay: imported {} run(s) from {} as conversation {id}",
        conversation.runs.len(),
        args.file.display()
    );
    outln!("{id}");
    Ok(())
}

/// The file's conversation, or what is wrong with it and where (`runs[2]: missing field …`).
fn read(path: &Path) -> Result<ImportConversation, String> {
    let text = crate::files::read::read_with(path, crate::files::read::RUN_FILE).map_err(|e| e.detail())?;
    parse(&text)
}

/// A run file's text as a conversation to import, checked and masked.
fn parse(text: &str) -> Result<ImportConversation, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    match value.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some("routeplay-conversation/1") => {
            return Err(format!(
                "format is \"routeplay-conversation/1\" (`history export --format json`, which has no stream \
                 events); write a run file with `routeplay export-run ID FILE` (format \"{FORMAT}\")"
            ));
        }
        Some(other) => return Err(format!("format is {other:?}, expected \"{FORMAT}\"")),
        None => return Err(format!("no \"format\" marker: not a routeplay run file (expected \"{FORMAT}\")")),
    }
    let head: Head = field(&value, "conversation")?;
    let runs = value.get("runs").and_then(Value::as_array).ok_or("runs: missing, or not a list")?;
    if runs.is_empty() {
        return Err("runs: the list is empty, nothing to import".into());
    }
    let mut imported = Vec::with_capacity(runs.len());
    for (index, run) in runs.iter().enumerate() {
        let mut run: FileRun = serde_json::from_value(run.clone()).map_err(|e| format!("runs[{index}]: {e}"))?;
        let status: RunStatus = run.status.parse().map_err(|e| format!("runs[{index}].status: {e}"))?;
        check::run(index, &run)?;
        if let Some(exchange) = run.exchange.as_mut() {
            check::mask(exchange);
        }
        imported.push(import_one(status, run));
    }
    Ok(ImportConversation {
        title: head.title,
        created_ms: head.created_ms,
        updated_ms: head.updated_ms,
        runs: imported,
    })
}

fn field<T: serde::de::DeserializeOwned>(value: &Value, name: &str) -> Result<T, String> {
    let found = value.get(name).ok_or_else(|| format!("{name}: missing"))?;
    serde_json::from_value(found.clone()).map_err(|e| format!("{name}: {e}"))
}

/// The record and events of one run of the file.
fn import_one(status: RunStatus, run: FileRun) -> ImportRun {
    let parts = Places { region: run.region, profile: run.profile, location: run.location, project: run.project };
    let record = RunRecord {
        place: Place::from_written(&run.route, parts),
        key: RunKey(run.run_id),
        conversation: ConversationId(0),
        compare_group: run.compare_group.map(CompareGroupId),
        position: run.position,
        route: run.route,
        model: run.model,
        credential_source: run.credential_source,
        asked: run.asked,
        ended: run.ended,
        status,
        started_ms: run.started_ms,
        ended_ms: run.ended_ms,
    };
    ImportRun { record, events: run.events, exchange: run.exchange }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::request::Params;

    fn run(route: &str, place: &str) -> String {
        format!(
            r#"{{"run_id": 1, "position": 0, "route": "{route}", "model": "m", {place}, "params": {},
                "prompt": "p", "answer": "a", "status": "done", "started_ms": 1}}"#,
            serde_json::to_string(&Params::default()).unwrap()
        )
    }

    fn file(runs: &[String]) -> String {
        format!(
            r#"{{"format": "{FORMAT}", "conversation": {{"id": 1, "title": "t", "created_ms": 1, "updated_ms": 1}},
                "runs": [{}]}}"#,
            runs.join(", ")
        )
    }

    #[test]
    fn a_file_written_before_the_location_had_its_field_still_imports_it_as_the_location() {
        let old = file(&[
            run("vertex-claude", r#""region": "us-east5", "profile": null, "project": "p1""#),
            run("bedrock-invoke", r#""region": "eu-west-1", "profile": "dev", "project": null"#),
        ]);
        let places: Vec<Place> = parse(&old).unwrap().runs.into_iter().map(|run| run.record.place).collect();
        assert_eq!(
            places,
            [
                Place::Vertex { location: Some("us-east5".into()), project: Some("p1".into()) },
                Place::Aws { region: Some("eu-west-1".into()), profile: Some("dev".into()) },
            ]
        );
        let new = file(&[run("vertex-gemini", r#""location": "eu", "project": "p2""#)]);
        let imported = parse(&new).unwrap();
        assert_eq!(
            imported.runs[0].record.place,
            Place::Vertex { location: Some("eu".into()), project: Some("p2".into()) }
        );
    }

    #[test]
    fn an_exported_vertex_run_names_its_location() {
        let record = parse(&file(&[run("vertex-claude", r#""location": "us-east5", "project": "p1""#)]))
            .unwrap()
            .runs
            .remove(0)
            .record;
        let written = serde_json::to_value(file_run(record, Vec::new())).unwrap();
        assert_eq!((written["location"].as_str(), written["region"].as_str()), (Some("us-east5"), None));
        assert_eq!(written["project"], "p1");
    }
}
