//! Bringing a conversation in from elsewhere (`routeplay import-run`): its runs, as finished
//! records, with their stream events, under new ids. And finding which conversation a run is
//! in, for the commands that take either id.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, named_params};

use super::Store;
use super::error::StoreError;
use super::exchange::StoredExchange;
use super::ids::{CompareGroupId, ConversationId, RunKey};
use super::process::Writer;
use super::run::{RunRecord, TimedEvent};
use super::sql::int;
use super::status::RunStatus;

/// A conversation to import: what it was called, when it was created and last used, and its
/// runs in order.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportConversation {
    pub title: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub runs: Vec<ImportRun>,
}

/// One run to import. The record's `key` and `conversation` are ignored (the run gets new
/// ones); its compare group is kept as a group, under a new id.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRun {
    pub record: RunRecord,
    pub events: Vec<TimedEvent>,
    pub exchange: Option<crate::routes::capture::Exchange>,
}

impl Store {
    /// Insert `conversation` as a new one, with new ids for it, its runs and their compare
    /// groups, all in one transaction: it is there whole or not at all. A run that was still
    /// `running` where it came from is stored `interrupted`: no process here will finish it.
    pub fn import_conversation(&self, conversation: &ImportConversation) -> Result<ConversationId, StoreError> {
        let id = ConversationId::fresh();
        let mut encoded = Vec::with_capacity(conversation.runs.len());
        for run in &conversation.runs {
            encoded.push(self.encode(run)?);
        }
        let writer = Writer::current();
        let insert = || -> rusqlite::Result<()> {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO conversation (id, title, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4)",
                (id.0, &conversation.title, conversation.created_ms, conversation.updated_ms),
            )?;
            let mut groups: HashMap<i64, CompareGroupId> = HashMap::new();
            for (run, encoded) in conversation.runs.iter().zip(&encoded) {
                let record = &run.record;
                let key = RunKey::fresh();
                let group = record.compare_group.map(|old| *groups.entry(old.0).or_insert_with(CompareGroupId::fresh));
                let place = record.place.clone().into_parts();
                let status = match record.status {
                    RunStatus::Running => RunStatus::Interrupted,
                    other => other,
                };
                tx.prepare_cached(
                    "INSERT INTO run (id, conversation_id, compare_group, position, route, model, region, profile,
                        location, project, credential_source, params, system_prompt, prompt, attachments, answer, thinking, stop_reason,
                        input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, thinking_tokens,
                        credential_ms, first_token_ms, total_ms, request_ids, status, error, started_ms, ended_ms,
                        last_write_ms, writer_pid, writer_start)
                     VALUES (:id, :conversation, :group, :position, :route, :model, :region, :profile,
                        :location, :project, :credential_source, :params, :system, :prompt, :attachments, :answer, :thinking, :stop_reason,
                        :input, :output, :cache_read, :cache_write, :thinking_tokens,
                        :credential_ms, :first_token_ms, :total_ms, :request_ids, :status, :error, :started, :ended,
                        coalesce(:ended, :started), :pid, :start)",
                )?
                .execute(named_params! {
                    ":id": key.0,
                    ":conversation": id.0,
                    ":group": group.map(|group| group.0),
                    ":position": record.position,
                    ":route": record.route,
                    ":model": record.model,
                    ":region": place.region,
                    ":profile": place.profile,
                    ":location": place.location,
                    ":project": place.project,
                    ":credential_source": record.credential_source,
                    ":params": encoded.params,
                    ":system": record.asked.system,
                    ":prompt": record.asked.prompt,
                    ":attachments": encoded.attachments,
                    ":answer": record.ended.answer,
                    ":thinking": record.ended.thinking,
                    ":stop_reason": encoded.stop_reason,
                    ":input": int(record.ended.usage.input_tokens),
                    ":output": int(record.ended.usage.output_tokens),
                    ":cache_read": int(record.ended.usage.cache_read_tokens),
                    ":cache_write": int(record.ended.usage.cache_write_tokens),
                    ":thinking_tokens": int(record.ended.usage.thinking_tokens),
                    ":credential_ms": int(record.ended.timings.credential_ms),
                    ":first_token_ms": int(record.ended.timings.first_token_ms),
                    ":total_ms": int(record.ended.timings.total_ms),
                    ":request_ids": encoded.request_ids,
                    ":status": status.as_str(),
                    ":error": record.ended.error,
                    ":started": record.started_ms,
                    ":ended": record.ended_ms,
                    ":pid": writer.pid,
                    ":start": writer.start,
                })?;
                let mut event =
                    tx.prepare_cached("INSERT INTO run_event (run_id, seq, at_ms, event) VALUES (?1, ?2, ?3, ?4)")?;
                for (seq, (at_ms, json)) in (0_i64..).zip(&encoded.events) {
                    event.execute(rusqlite::params![key.0, seq, at_ms, json])?;
                }
                if let Some(exchange) = &encoded.exchange {
                    tx.prepare_cached(
                        "INSERT INTO run_exchange (run_id, exchange, pieces, body) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(rusqlite::params![
                        key.0,
                        exchange.head,
                        exchange.pieces,
                        exchange.body
                    ])?;
                }
            }
            tx.commit()
        };
        insert().map_err(self.sql())?;
        Ok(id)
    }

    /// The conversation run `key` belongs to, or `None` if there is no such run.
    pub fn conversation_of_run(&self, key: RunKey) -> Result<Option<ConversationId>, StoreError> {
        self.conn
            .query_row("SELECT conversation_id FROM run WHERE id = ?1", [key.0], |row| row.get(0).map(ConversationId))
            .optional()
            .map_err(self.sql())
    }

    /// The JSON columns of `run`, encoded before the transaction starts.
    fn encode(&self, run: &ImportRun) -> Result<EncodedRun, StoreError> {
        let key = run.record.key;
        let json =
            |value: Result<String, serde_json::Error>, what| value.map_err(|error| self.value(key, what, &error));
        let mut events = Vec::with_capacity(run.events.len());
        for event in &run.events {
            let text = json(serde_json::to_string(&event.event), "cannot encode an event")?;
            events.push((i64::try_from(event.at_ms).unwrap_or(i64::MAX), text));
        }
        Ok(EncodedRun {
            params: json(serde_json::to_string(&run.record.asked.params), "cannot encode the parameters")?,
            attachments: self.encode_attachments(key, &run.record.asked)?,
            request_ids: json(serde_json::to_string(&run.record.ended.request_ids), "cannot encode the request ids")?,
            stop_reason: run
                .record
                .ended
                .stop_reason
                .as_ref()
                .map(|reason| json(serde_json::to_string(reason), "cannot encode the stop reason"))
                .transpose()?,
            events,
            exchange: run
                .exchange
                .as_ref()
                .map(|exchange| {
                    StoredExchange::encode(exchange)
                        .map_err(|error| self.value(key, "cannot encode the exchange", &error))
                })
                .transpose()?,
        })
    }
}

struct EncodedRun {
    params: String,
    attachments: Option<String>,
    request_ids: String,
    stop_reason: Option<String>,
    events: Vec<(i64, String)>,
    exchange: Option<StoredExchange>,
}

#[cfg(test)]
mod tests {
    use super::super::{Asked, Ended, NewRun, Outcome, RunEnd, Timings, now_ms};
    use super::*;
    use crate::routes::capture::{CredentialView, Exchange, SentRequest};
    use crate::routes::event::{StopReason, StreamEvent, Usage};
    use crate::routes::{Place, RouteId, Target};

    /// A captured exchange with a binary chunk, as an event-stream body has.
    fn exchange() -> Exchange {
        let mut exchange = Exchange::default();
        exchange.sent(Box::new(SentRequest {
            method: "POST".into(),
            url: "http://127.0.0.1:1/model/m%3A0/converse-stream".into(),
            headers: vec![("content-type".into(), "application/json".into())],
            body: "{}".into(),
            signing: None,
            credential: CredentialView { source: "env AWS_ACCESS_KEY_ID".into(), expires_in_secs: None },
        }));
        exchange.status = Some(200);
        exchange.received(std::time::Duration::from_micros(1_500), b"\x00\x00\x00\x10\xff");
        exchange
    }

    /// A conversation with one finished run of two events, read back for export.
    fn exported(store: &Store) -> (ConversationId, ImportConversation) {
        let conversation = store.new_conversation("Hello").unwrap();
        let run = NewRun {
            conversation,
            compare_group: Some(CompareGroupId(7)),
            position: 0,
            target: Target {
                place: Place::Aws { region: Some("us-east-1".into()), profile: None },
                ..Target::new(RouteId::BedrockConverse, "m:0")
            },
            credential_source: Some("env AWS_ACCESS_KEY_ID".into()),
            asked: Asked {
                params: crate::routes::request::Params::default(),
                system: Some("Be brief.".into()),
                prompt: "Hi".into(),
                attachments: Vec::new(),
            },
            started_ms: now_ms(),
        };
        let key = store.start_run(&run).unwrap();
        let events = vec![
            TimedEvent { at_ms: 5, event: StreamEvent::TextDelta("Hel".into()) },
            TimedEvent { at_ms: 9, event: StreamEvent::TextDelta("lo".into()) },
        ];
        let end = RunEnd {
            outcome: Outcome::Done,
            ended: Ended {
                answer: "Hello".into(),
                stop_reason: Some(StopReason::EndTurn),
                usage: Usage { input_tokens: Some(3), output_tokens: Some(2), ..Usage::default() },
                timings: Timings { credential_ms: Some(1), first_token_ms: Some(5), total_ms: Some(10) },
                request_ids: vec!["req-1".into()],
                ..Ended::default()
            },
            credential_source: None,
            ended_ms: now_ms(),
            events: super::super::EventLog::from_events(events.clone()),
            exchange: Some(Box::new(exchange())),
        };
        store.finish_run(key, &end).unwrap();
        let detail = store.conversation(conversation).unwrap().unwrap();
        let runs = detail
            .runs
            .into_iter()
            .map(|record| ImportRun { record, events: events.clone(), exchange: Some(exchange()) })
            .collect();
        let import = ImportConversation {
            title: detail.title,
            created_ms: detail.created_ms,
            updated_ms: detail.updated_ms,
            runs,
        };
        (conversation, import)
    }

    #[test]
    fn an_imported_conversation_reads_back_the_same_under_new_ids() {
        let store = Store::open_in_memory().unwrap();
        let (original, import) = exported(&store);
        let copy = store.import_conversation(&import).unwrap();
        assert_ne!(copy, original);
        let detail = store.conversation(copy).unwrap().unwrap();
        assert_eq!(detail.title, "Hello");
        let (run, source) = (&detail.runs[0], &import.runs[0].record);
        assert_ne!(run.key, source.key);
        assert_ne!(run.compare_group, source.compare_group);
        assert!(run.compare_group.is_some());
        let same = RunRecord {
            key: run.key,
            conversation: run.conversation,
            compare_group: run.compare_group,
            ..source.clone()
        };
        assert_eq!(run, &same);
        assert_eq!(store.events(run.key).unwrap(), import.runs[0].events);
        assert_eq!(store.exchange(run.key).unwrap(), Some(exchange()), "the inspector's view came along");
        assert_eq!(store.exchange(source.key).unwrap(), Some(exchange()), "and the original keeps its own");
        assert_eq!(store.conversation_of_run(run.key).unwrap(), Some(copy));
        assert_eq!(store.conversation_of_run(RunKey(42)).unwrap(), None);
        assert_eq!(store.search("Hello", 10).unwrap().len(), 2, "both copies are searchable");
    }
}
