//! Answers the playground's history questions from the store, off the UI task: the list or the
//! search hits for what is typed, and a stored conversation to continue.

use crate::app::history::{HistoryRow, LoadedTurn};
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::{RouteId, Target};
use crate::store::{ConversationId, RunKey, RunRecord, RunStatus, Store, segments, when};

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
                compare: c.compare,
                replayable: c.replayable,
            })
            .collect());
    }
    let hits = store.search_filtered(&text, &filter, ROWS).map_err(|e| e.to_string())?;
    Ok(hits
        .into_iter()
        .map(|hit| HistoryRow {
            conversation: hit.conversation.0,
            title: hit.title,
            detail: format!("{} · {} · {} · {}", hit.route, hit.model, hit.status.as_str(), when(hit.started_ms)),
            snippet: segments(&hit.snippet)
                .iter()
                .map(|s| (s.text.replace(['\n', '\r', '\t'], " "), s.matched))
                .collect(),
            compare: hit.compare,
            replayable: hit.replayable,
        })
        .collect())
}

/// The turns of conversation `id`, oldest first; with `whole_compare`, followed by those of
/// the other conversations that answered a compare with it, in column order. An `id` that
/// names a run instead gives that run alone, or with `whole_compare` its compare group: a demo
/// script's step may name either.
pub fn turns(store: &Store, id: i64, whole_compare: bool) -> Result<Vec<LoadedTurn>, String> {
    let text = |e: crate::store::StoreError| e.to_string();
    let mut only = None;
    let mut conversation = ConversationId(id);
    if store.conversation(conversation).map_err(text)?.is_none()
        && let Some(holding) = store.conversation_of_run(RunKey(id)).map_err(text)?
    {
        (conversation, only) = (holding, Some(RunKey(id)));
    }
    let conversations =
        if whole_compare { store.compare_partners(conversation).map_err(text)? } else { vec![conversation] };
    let mut records = Vec::new();
    for conversation in conversations {
        let detail = store
            .conversation(conversation)
            .map_err(text)?
            .ok_or_else(|| format!("conversation {conversation} is no longer in the history"))?;
        records.extend(detail.runs);
    }
    if let Some(key) = only {
        let group = records.iter().find(|run| run.key == key).and_then(|run| run.compare_group);
        let in_group = |run: &RunRecord| whole_compare && group.is_some() && run.compare_group == group;
        records.retain(|run| run.key == key || in_group(run));
    }
    records
        .into_iter()
        .map(|run| {
            let events = store.events(run.key).map_err(text)?;
            let exchange = store.exchange(run.key).map_err(text)?.map(Box::new);
            turn(run).map(|turn| LoadedTurn { events, exchange, ..turn })
        })
        .collect()
}

fn turn(run: RunRecord) -> Result<LoadedTurn, String> {
    let route: RouteId =
        run.route.parse().map_err(|_| format!("this routeplay does not know the route {:?}", run.route))?;
    let outcome = match run.status {
        RunStatus::Done => Ok(true),
        RunStatus::Failed => {
            let message = run.ended.error.clone().unwrap_or_else(|| "failed".into());
            Err(RunError::new(ErrorKind::StreamError, &run.route, &run.model, message))
        }
        RunStatus::Cancelled | RunStatus::Interrupted | RunStatus::Running => Ok(false),
    };
    Ok(LoadedTurn {
        conversation: run.conversation.0,
        target: Target { place: run.place, ..Target::new(route, run.model) },
        prompt: run.asked.prompt,
        attachments: run.asked.attachments,
        ended: run.ended,
        outcome,
        credential_source: run.credential_source,
        position: run.position,
        compare_group: run.compare_group.map(|group| group.0),
        events: Vec::new(),
        exchange: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{CompareGroupId, NewRun};

    fn start(store: &Store, conversation: ConversationId, group: Option<CompareGroupId>, position: u32) -> RunKey {
        let run = NewRun {
            conversation,
            compare_group: group,
            position,
            target: Target::new(RouteId::Emulator, "emulator-sonnet"),
            credential_source: None,
            asked: crate::store::Asked { prompt: format!("turn {position}"), ..crate::store::Asked::default() },
            started_ms: 1,
        };
        store.start_run(&run).unwrap()
    }

    #[test]
    fn a_conversation_a_compare_or_one_run_is_loaded_as_asked() {
        let store = Store::open_in_memory().unwrap();
        let plain = store.new_conversation("plain").unwrap();
        start(&store, plain, None, 0);
        start(&store, plain, None, 1);
        // The playground's compare: one conversation per column, one group per turn.
        let (left, right) = (store.new_conversation("left").unwrap(), store.new_conversation("right").unwrap());
        let group = Some(CompareGroupId::fresh());
        start(&store, left, group, 0);
        let right_run = start(&store, right, group, 0);
        // `routeplay compare`: one conversation, the group side by side at position 0.
        let cli = store.new_conversation("cli").unwrap();
        let cli_group = Some(CompareGroupId::fresh());
        let first = start(&store, cli, cli_group, 0);
        start(&store, cli, cli_group, 0);

        let count = |id: i64, whole| turns(&store, id, whole).unwrap().len();
        assert_eq!(count(plain.0, true), 2);
        assert_eq!(count(left.0, true), 2, "both columns");
        assert_eq!(count(left.0, false), 1, "its own column only");
        assert_eq!(count(right_run.0, false), 1, "a run id: that run");
        assert_eq!(count(first.0, true), 2, "a run id with whole_compare: its group");
        assert_eq!(count(first.0, false), 1);
        let missing = turns(&store, 424_242, true).unwrap_err();
        assert!(missing.contains("no longer in the history"), "{missing}");
    }

    #[test]
    fn rows_mark_compares_and_runs_that_kept_their_events() {
        let store = Store::open_in_memory().unwrap();
        let plain = store.new_conversation("plain").unwrap();
        let kept = start(&store, plain, None, 0);
        let column = store.new_conversation("column").unwrap();
        start(&store, column, Some(CompareGroupId::fresh()), 0);
        let end = crate::store::RunEnd {
            outcome: crate::store::Outcome::Done,
            ended: crate::store::Ended { answer: "hi".into(), ..crate::store::Ended::default() },
            credential_source: None,
            ended_ms: 2,
            events: crate::store::EventLog::from_events(vec![crate::store::TimedEvent {
                at_ms: 1,
                event: crate::routes::event::StreamEvent::TextDelta("hi".into()),
            }]),
            exchange: None,
        };
        store.finish_run(kept, &end).unwrap();
        let marks = |rows: Vec<HistoryRow>| -> Vec<(i64, bool, bool)> {
            rows.into_iter().map(|row| (row.conversation, row.compare, row.replayable)).collect()
        };
        let listed = marks(rows(&store, "").unwrap());
        assert!(listed.contains(&(plain.0, false, true)) && listed.contains(&(column.0, true, false)), "{listed:?}");
        assert_eq!(marks(rows(&store, "turn").unwrap()), [(plain.0, false, true)]);
    }
}
