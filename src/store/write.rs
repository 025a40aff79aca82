//! The store's writes. Each is one short transaction, so a killed process loses at most the
//! write in flight, and another process waits at most that long.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, named_params};

use super::Store;
use super::command::Command;
use super::error::StoreError;
use super::ids::{ConversationId, RunKey, now_ms};
use super::process::Writer;
use super::run::{NewRun, RunEnd};
use super::sql::int;
use super::status::RunStatus;

impl Store {
    /// Create a conversation.
    pub fn new_conversation(&self, title: &str) -> Result<ConversationId, StoreError> {
        let id = ConversationId::fresh();
        self.insert_conversation(id, title)?;
        Ok(id)
    }

    /// Store a run as `running`, before its first byte arrives, and mark its conversation as
    /// the latest.
    pub fn start_run(&self, run: &NewRun) -> Result<RunKey, StoreError> {
        let key = RunKey::fresh();
        self.insert_run(key, run)?;
        Ok(key)
    }

    /// Save the text a running run has received so far, replacing the previous save. Meant for
    /// about once a second while streaming, so a killed process keeps what had arrived.
    /// A run that has already ended keeps its final text: a late partial is ignored.
    pub fn append_partial(&self, key: RunKey, answer: &str, thinking: &str) -> Result<(), StoreError> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE run SET answer = ?2, thinking = ?3, last_write_ms = ?4 WHERE id = ?1 AND status = 'running'",
            )
            .and_then(|mut update| update.execute((key.0, answer, thinking, now_ms())))
            .map_err(self.sql())?;
        if changed == 0 { self.ensure_run(key) } else { Ok(()) }
    }

    /// Store how a run ended (this also puts it in the full-text index).
    pub fn finish_run(&self, key: RunKey, end: &RunEnd) -> Result<(), StoreError> {
        let stop_reason = end.stop_reason.as_ref().map(serde_json::to_string).transpose();
        let stop_reason = stop_reason.map_err(|error| self.value(key, "cannot encode the stop reason", &error))?;
        let request_ids = serde_json::to_string(&end.request_ids)
            .map_err(|error| self.value(key, "cannot encode the request ids", &error))?;
        // The run's end and its events are written together or not at all.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate).map_err(self.sql())?;
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE run SET status = :status, answer = :answer, thinking = :thinking,
                    stop_reason = :stop_reason, input_tokens = :input, output_tokens = :output,
                    cache_read_tokens = :cache_read, cache_write_tokens = :cache_write,
                    thinking_tokens = :thinking_tokens, credential_ms = :credential_ms,
                    first_token_ms = :first_token_ms, total_ms = :total_ms, request_ids = :request_ids,
                    error = :error, ended_ms = :ended, last_write_ms = :ended,
                    credential_source = coalesce(:credential_source, credential_source)
                 WHERE id = :id",
            )
            .and_then(|mut update| {
                update.execute(named_params! {
                    ":id": key.0,
                    ":status": RunStatus::from(end.outcome).as_str(),
                    ":answer": end.answer,
                    ":thinking": end.thinking,
                    ":stop_reason": stop_reason,
                    ":input": int(end.usage.input_tokens),
                    ":output": int(end.usage.output_tokens),
                    ":cache_read": int(end.usage.cache_read_tokens),
                    ":cache_write": int(end.usage.cache_write_tokens),
                    ":thinking_tokens": int(end.usage.thinking_tokens),
                    ":credential_ms": int(end.timings.credential_ms),
                    ":first_token_ms": int(end.timings.first_token_ms),
                    ":total_ms": int(end.timings.total_ms),
                    ":request_ids": request_ids,
                    ":error": end.error,
                    ":ended": end.ended_ms,
                    ":credential_source": end.credential_source,
                })
            })
            .map_err(self.sql())?;
        if changed == 0 {
            return Err(StoreError::UnknownRun { path: self.path.clone(), key });
        }
        self.keep_events(key, end.events.timed(&end.answer, &end.thinking))?;
        if let Some(exchange) = &end.exchange {
            self.keep_exchange(key, exchange)?;
        }
        tx.commit().map_err(self.sql())
    }

    /// Store a finished run's stream events (a run finished twice keeps the later ones), inside
    /// the caller's transaction, encoding one at a time so they are never all copied at once.
    fn keep_events(&self, key: RunKey, events: impl Iterator<Item = super::TimedEvent>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM run_event WHERE run_id = ?1")
            .and_then(|mut delete| delete.execute([key.0]))
            .map_err(self.sql())?;
        let mut insert = self
            .conn
            .prepare_cached("INSERT INTO run_event (run_id, seq, at_ms, event) VALUES (?1, ?2, ?3, ?4)")
            .map_err(self.sql())?;
        for (seq, event) in (0_i64..).zip(events) {
            let json = serde_json::to_string(&event.event)
                .map_err(|error| self.value(key, "cannot encode an event", &error))?;
            let at_ms = i64::try_from(event.at_ms).unwrap_or(i64::MAX);
            insert.execute(rusqlite::params![key.0, seq, at_ms, json]).map_err(self.sql())?;
        }
        Ok(())
    }

    /// A run's stored stream events, in order; empty for a run stored without them.
    pub fn events(&self, key: RunKey) -> Result<Vec<super::TimedEvent>, StoreError> {
        let mut select = self
            .conn
            .prepare_cached("SELECT at_ms, event FROM run_event WHERE run_id = ?1 ORDER BY seq")
            .map_err(self.sql())?;
        let rows = select
            .query_map([key.0], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))
            .map_err(self.sql())?;
        let mut events = Vec::new();
        for row in rows {
            let (at_ms, json) = row.map_err(self.sql())?;
            let event =
                serde_json::from_str(&json).map_err(|error| self.value(key, "cannot read a stored event", &error))?;
            events.push(super::TimedEvent { at_ms: u64::try_from(at_ms).unwrap_or(0), event });
        }
        Ok(events)
    }

    /// Delete a conversation and all its runs (and their index entries). Returns whether it
    /// existed.
    pub fn delete_conversation(&self, id: ConversationId) -> Result<bool, StoreError> {
        let delete = || {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM run WHERE conversation_id = ?1", [id.0])?;
            let deleted = tx.execute("DELETE FROM conversation WHERE id = ?1", [id.0])?;
            tx.commit()?;
            Ok(deleted > 0)
        };
        delete().map_err(self.sql())
    }

    /// Carry out one command (what the writer thread does with each it receives).
    pub fn apply(&self, command: &Command) -> Result<(), StoreError> {
        match command {
            Command::NewConversation { id, title } => self.insert_conversation(*id, title),
            Command::StartRun { key, run } => self.insert_run(*key, run),
            Command::AppendPartial { key, answer, thinking } => self.append_partial(*key, answer, thinking),
            Command::FinishRun { key, end } => self.finish_run(*key, end),
            Command::DeleteConversation(id) => self.delete_conversation(*id).map(drop),
        }
    }

    fn insert_conversation(&self, id: ConversationId, title: &str) -> Result<(), StoreError> {
        let now = now_ms();
        self.conn
            .execute(
                "INSERT INTO conversation (id, title, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?3)",
                (id.0, title, now),
            )
            .map(drop)
            .map_err(self.sql())
    }

    fn insert_run(&self, key: RunKey, run: &NewRun) -> Result<(), StoreError> {
        let params = serde_json::to_string(&run.params)
            .map_err(|error| self.value(key, "cannot encode the parameters", &error))?;
        let writer = Writer::current();
        let insert = || {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            tx.prepare_cached(
                "INSERT INTO run (id, conversation_id, compare_group, position, route, model, region, profile,
                    credential_source, params, system_prompt, prompt, status, started_ms, last_write_ms,
                    writer_pid, writer_start)
                 VALUES (:id, :conversation, :group, :position, :route, :model, :region, :profile,
                    :credential_source, :params, :system, :prompt, 'running', :started, :started,
                    :pid, :start)",
            )?
            .execute(named_params! {
                ":id": key.0,
                ":conversation": run.conversation.0,
                ":group": run.compare_group.map(|group| group.0),
                ":position": run.position,
                ":route": run.target.route.name(),
                ":model": run.target.model,
                ":region": run.target.region,
                ":profile": run.target.profile.as_ref().or(run.target.project.as_ref()),
                ":credential_source": run.credential_source,
                ":params": params,
                ":system": run.system,
                ":prompt": run.prompt,
                ":started": run.started_ms,
                ":pid": writer.pid,
                ":start": writer.start,
            })?;
            tx.prepare_cached("UPDATE conversation SET updated_ms = max(updated_ms, ?2) WHERE id = ?1")?
                .execute((run.conversation.0, run.started_ms))?;
            tx.commit()
        };
        insert().map_err(self.sql())
    }

    /// `Ok` when the run exists, `UnknownRun` when it does not.
    fn ensure_run(&self, key: RunKey) -> Result<(), StoreError> {
        let found = self
            .conn
            .query_row("SELECT 1 FROM run WHERE id = ?1", [key.0], |_| Ok(()))
            .optional()
            .map_err(self.sql())?;
        found.ok_or_else(|| StoreError::UnknownRun { path: self.path.clone(), key })
    }
}
