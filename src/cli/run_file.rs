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
pub use crate::export::run_file::FORMAT;
#[cfg(test)]
use crate::export::run_file::file_run;
use crate::export::run_file::{FileRun, Head};
use crate::routes::{Place, Places};
use crate::store::{
    CompareGroupId, ConversationId, ImportConversation, ImportRun, RunKey, RunRecord, RunStatus, Store,
};
use serde_json::Value;
use std::path::Path;

pub fn export(args: &ExportRunArgs) -> i32 {
    super::exit_code(export_run(args).map(|()| 0))
}

pub fn import(args: &ImportRunArgs) -> i32 {
    super::exit_code(import_run(args).map(|()| 0))
}

fn export_run(args: &ExportRunArgs) -> Result<(), String> {
    let store = Store::open(Store::file(&Paths::discover())).map_err(|e| format!("history: {e}"))?;
    let note = crate::export::run_file::write(&store, args.id, &args.file)?;
    eprintln!("routeplay: {note}");
    Ok(())
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
