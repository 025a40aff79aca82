//! A stored conversation as files: Markdown for people and JSON complete enough to re-run,
//! shared by `routeplay history export` and the history overlay's export key (which writes
//! them with a run file beside each other in the data directory).

mod escape;
pub mod run_file;

pub use escape::escape_controls;

use crate::store::when;
use crate::store::{ConversationDetail, ConversationId, RunRecord, Store};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;

/// A conversation for people: each turn's prompt, answer and figures, with every control
/// character but newline and tab escaped, wherever it is written.
#[must_use]
pub fn markdown(detail: &ConversationDetail) -> String {
    escape_controls(&unescaped_markdown(detail)).into_owned()
}

fn unescaped_markdown(detail: &ConversationDetail) -> String {
    let mut out = format!("# {}\n\nconversation {} · {}\n", detail.title, detail.id.0, when(detail.created_ms));
    for run in &detail.runs {
        let _ = write!(out, "\n## Turn {} · {} · {}\n\n", run.position + 1, run.route, run.model);
        if let Some(system) = &run.asked.system {
            let _ = write!(out, "**System:** {system}\n\n");
        }
        let _ = write!(
            out,
            "**You:**\n\n{}\n\n**Answer** ({}):\n\n{}\n",
            run.asked.prompt,
            run.status.as_str(),
            run.ended.answer
        );
        let _ = writeln!(out, "\n_{}_", figures(run));
        if let Some(error) = &run.ended.error {
            let _ = writeln!(out, "\n> error: {error}");
        }
    }
    out
}

fn figures(run: &RunRecord) -> String {
    let mut parts = Vec::new();
    if let Some(ms) = run.ended.timings.first_token_ms {
        parts.push(format!("TTFT {ms} ms"));
    }
    if let Some(ms) = run.ended.timings.total_ms {
        parts.push(format!("total {ms} ms"));
    }
    if let Some(n) = run.ended.usage.input_tokens {
        parts.push(format!("in {n}"));
    }
    if let Some(n) = run.ended.usage.output_tokens {
        parts.push(format!("out {n}"));
    }
    if let Some(reason) = &run.ended.stop_reason {
        parts.push(reason.label());
    }
    parts.extend(run.ended.request_ids.iter().cloned());
    if let Some(source) = &run.credential_source {
        parts.push(format!("credential: {source}"));
    }
    parts.join(" · ")
}

/// A conversation complete enough to re-run: every turn's target, parameters, system prompt,
/// prompt and answer, with its figures. Never a secret: the store holds none.
#[must_use]
pub fn json(detail: &ConversationDetail) -> Value {
    let runs: Vec<Value> = detail
        .runs
        .iter()
        .map(|run| {
            let place = &run.place;
            let mut shown = json!({
                "run_id": run.key.0,
                "position": run.position, "route": run.route, "model": run.model, "region": place.region(),
                "profile": place.profile(), "location": place.location(), "project": place.project(),
                "credential_source": run.credential_source, "params": run.asked.params,
                "system": run.asked.system, "prompt": run.asked.prompt, "answer": run.ended.answer, "thinking": run.ended.thinking,
                "status": run.status.as_str(), "stop_reason": run.ended.stop_reason.as_ref().map(crate::routes::event::StopReason::label),
                "usage": run.ended.usage, "credential_ms": run.ended.timings.credential_ms, "first_token_ms": run.ended.timings.first_token_ms,
                "total_ms": run.ended.timings.total_ms, "request_ids": run.ended.request_ids, "error": run.ended.error,
                "started_ms": run.started_ms, "ended_ms": run.ended_ms,
            });
            // Name, kind, size, hash and pixel size: never the bytes.
            if !run.asked.attachments.is_empty() {
                shown["attachments"] = json!(run.asked.attachments);
            }
            shown
        })
        .collect();
    json!({"format": "routeplay-conversation/1", "id": detail.id.0, "title": detail.title, "created_ms": detail.created_ms, "runs": runs})
}

/// Write conversation `id` as `conversation-ID.md`, `.json` and `.run.json` (the run file
/// `routeplay import-run` reads) into `dir`, created if needed, the files owner-only: they
/// hold prompts and answers. Say where, or what went wrong.
pub fn write_files(store: &Store, id: i64, dir: &Path) -> Result<String, String> {
    let detail = store
        .conversation(ConversationId(id))
        .map_err(|e| format!("could not export: {e}"))?
        .ok_or_else(|| format!("could not export: conversation {id} is no longer in the history"))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("could not export: {}: {e}", dir.display()))?;
    let name = format!("conversation-{id}");
    let pretty = serde_json::to_string_pretty(&json(&detail)).unwrap_or_default();
    for (ext, text) in [("md", markdown(&detail)), ("json", pretty)] {
        let path = dir.join(format!("{name}.{ext}"));
        crate::files::write_private(&path, text.as_bytes())
            .map_err(|e| format!("could not export: {}: {e}", path.display()))?;
    }
    run_file::write(store, id, &dir.join(format!("{name}.run.json"))).map_err(|e| format!("could not export: {e}"))?;
    Ok(format!("exported {name}.md, .json and .run.json to {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::{RouteId, Target};
    use crate::store::{Asked, NewRun};
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_three_files_are_written_owner_only_and_named_in_the_notice() {
        let store = Store::open_in_memory().unwrap();
        let conversation = store.new_conversation("t").unwrap();
        let run = NewRun {
            conversation,
            compare_group: None,
            position: 0,
            target: Target::new(RouteId::Emulator, "emulator-sonnet"),
            credential_source: None,
            asked: Asked { prompt: "why \u{1b}]0;x".into(), ..Asked::default() },
            started_ms: 1,
        };
        store.start_run(&run).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let exports = dir.path().join("exports");
        let notice = write_files(&store, conversation.0, &exports).unwrap();
        assert!(notice.contains(&format!("conversation-{}.md", conversation.0)), "{notice}");
        assert!(notice.contains(&exports.display().to_string()), "{notice}");
        for ext in ["md", "json", "run.json"] {
            assert!(notice.contains(&format!(".{ext}")), "{notice}");
            let path = exports.join(format!("conversation-{}.{ext}", conversation.0));
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let md = std::fs::read_to_string(exports.join(format!("conversation-{}.md", conversation.0))).unwrap();
        assert!(md.contains("why \\x1b]0;x"), "controls are escaped in Markdown:\n{md}");
        let run_file =
            std::fs::read_to_string(exports.join(format!("conversation-{}.run.json", conversation.0))).unwrap();
        let run_file: Value = serde_json::from_str(&run_file).unwrap();
        assert_eq!(
            (run_file["format"].as_str(), run_file["runs"][0]["prompt"].as_str()),
            (Some(run_file::FORMAT), Some("why \u{1b}]0;x"))
        );
        let missing = write_files(&store, 424_242, &exports).unwrap_err();
        assert!(missing.contains("conversation 424242 is no longer in the history"), "{missing}");
    }
}
