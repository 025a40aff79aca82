//! A fetched batch result folded back: stored as a run in the history (its answer, usage and
//! stop reason; no stream timings, since a batch does not stream) and as its matrix cell,
//! priced at the batch rate.
//!
//! The run says where it came from in its credential label (`anthropic batch job
//! msgbatch_…`), and carries one event, the tier that served it (`batch`), so the history,
//! the inspector and replay price it as the cell does.

use super::job::{Provider, RecordResult};
use crate::matrix::{CellKey, CellOutcome, CellStatus};
use crate::models::Catalog;
use crate::models::cost::{BATCH_TIER, estimate_served};
use crate::routes::Target;
use crate::routes::event::StreamEvent;
use crate::routes::request::{ChatRequest, Role};
use crate::store::{
    Asked, Command, ConversationId, Ended, EventLog, NewRun, Outcome, RunEnd, RunKey, TimedEvent, Timings,
};

/// The job a result came from.
#[derive(Debug, Clone, Copy)]
pub struct FromJob<'a> {
    pub provider: Provider,
    /// The provider's id for the job.
    pub remote_id: &'a str,
    pub target: &'a Target,
    /// When the job was sent (Unix ms): the stored run's start.
    pub sent_ms: i64,
}

/// What folding one result gives: the history writes for its run, and its cell.
#[derive(Debug, Clone)]
pub struct Folded {
    pub commands: Vec<Command>,
    pub cell: CellOutcome,
}

/// Fold `result`, the answer to cell `key` whose request was `request`, into a stored run and
/// a cell; `now_ms` is when it was fetched.
#[must_use]
pub fn fold(
    job: &FromJob<'_>,
    key: CellKey,
    request: &ChatRequest,
    result: &RecordResult,
    catalog: &Catalog,
    now_ms: i64,
) -> Folded {
    let conversation = ConversationId::fresh();
    let run = RunKey::fresh();
    let last_user = request.turns.iter().rev().find(|turn| turn.role == Role::User);
    let prompt = last_user.map(|turn| turn.text.clone()).unwrap_or_default();
    let asked = Asked {
        params: request.params.clone(),
        system: request.system.clone(),
        prompt: prompt.clone(),
        attachments: last_user.map(|turn| crate::attach::without_bytes(&turn.attachments)).unwrap_or_default(),
    };
    let title = prompt.lines().next().unwrap_or_default().chars().take(80).collect();
    let note = format!("{} batch job {}", job.provider.as_str(), job.remote_id);
    let started = NewRun {
        conversation,
        compare_group: None,
        position: 0,
        target: job.target.clone(),
        credential_source: Some(note),
        asked,
        started_ms: job.sent_ms,
    };
    let mut cell = CellOutcome { run: Some(run), batch: true, ..CellOutcome::empty(key, CellStatus::Done) };
    let (outcome, ended, events) = match &result.outcome {
        Ok(answer) => {
            let served = StreamEvent::Served { service_tier: Some(BATCH_TIER.to_owned()), latency: None };
            let events = EventLog::from_events(vec![TimedEvent { at_ms: 0, event: served }]);
            cell.input_tokens = answer.usage.input_tokens;
            cell.output_tokens = answer.usage.output_tokens;
            cell.cost_usd = estimate_served(catalog, job.target, &answer.usage, Some(BATCH_TIER)).map(|cost| cost.usd);
            let ended = Ended {
                answer: answer.text.clone(),
                thinking: answer.thinking.clone(),
                stop_reason: answer.stop_reason.clone(),
                usage: answer.usage,
                timings: Timings::default(),
                request_ids: answer.message_id.iter().cloned().collect(),
                error: None,
            };
            (Outcome::Done, ended, events)
        }
        Err(why) => {
            let error = format!("{} batch job {}: {why}", job.provider.as_str(), job.remote_id);
            cell.status = CellStatus::Failed;
            cell.error = Some(error.clone());
            (Outcome::Failed, Ended { error: Some(error), ..Ended::default() }, EventLog::default())
        }
    };
    let end = RunEnd { outcome, ended, credential_source: None, ended_ms: now_ms, events, exchange: None };
    let commands = vec![
        Command::NewConversation { id: conversation, title },
        Command::StartRun { key: run, run: Box::new(started) },
        Command::FinishRun { key: run, end: Box::new(end) },
    ];
    Folded { commands, cell }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::job::BatchAnswer;
    use crate::routes::RouteId;
    use crate::routes::event::Usage;

    fn job(target: &Target) -> FromJob<'_> {
        FromJob { provider: Provider::Anthropic, remote_id: "msgbatch_1", target, sent_ms: 5 }
    }

    #[test]
    fn an_answer_is_a_done_run_and_a_batch_cell_at_half_price() {
        let target = Target::new(RouteId::Anthropic, "claude-sonnet-4-5-20250929");
        let usage = Usage { input_tokens: Some(1000), output_tokens: Some(100), ..Usage::default() };
        let answer = BatchAnswer { text: "Hi".into(), usage, ..BatchAnswer::default() };
        let result = RecordResult { custom_id: "p0t0s0".into(), outcome: Ok(answer) };
        let key = CellKey { prompt: 0, target: 0, sample: 0 };
        let folded = fold(&job(&target), key, &ChatRequest::single("Hello"), &result, &Catalog::builtin(), 9);
        assert_eq!(folded.cell.status, CellStatus::Done);
        assert!(folded.cell.batch && folded.cell.run.is_some() && folded.cell.ttft_ms.is_none());
        let on_demand = crate::models::cost::estimate(&Catalog::builtin(), &target, &usage).expect("priced").usd;
        let cost = folded.cell.cost_usd.expect("priced");
        assert!((cost * 2.0 - on_demand).abs() < 1e-12, "{cost} vs {on_demand}");
        let basis = estimate_served(&Catalog::builtin(), &target, &usage, Some(BATCH_TIER)).expect("priced").basis;
        assert!(basis.ends_with("; batch price (50% of on-demand)"), "{basis}");
        assert_eq!(folded.commands.len(), 3);
        let Command::StartRun { run, .. } = &folded.commands[1] else { panic!("a run starts") };
        assert_eq!(run.credential_source.as_deref(), Some("anthropic batch job msgbatch_1"));
        assert_eq!(run.asked.prompt, "Hello");
        let Command::FinishRun { end, .. } = &folded.commands[2] else { panic!("and ends") };
        assert_eq!((end.outcome, end.ended.answer.as_str(), end.ended_ms), (Outcome::Done, "Hi", 9));
    }

    #[test]
    fn a_failed_record_is_a_failed_run_and_cell_with_the_reason() {
        let target = Target::new(RouteId::Emulator, "emulator-sonnet");
        let result = RecordResult { custom_id: "p0t0s0".into(), outcome: Err("errored: api_error: boom".into()) };
        let key = CellKey { prompt: 1, target: 0, sample: 0 };
        let folded = fold(&job(&target), key, &ChatRequest::single("x"), &result, &Catalog::builtin(), 9);
        assert_eq!(folded.cell.status, CellStatus::Failed);
        assert_eq!(folded.cell.error.as_deref(), Some("anthropic batch job msgbatch_1: errored: api_error: boom"));
        assert_eq!(folded.cell.cost_usd, None);
    }
}
