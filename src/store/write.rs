//! The store's writes. Each is one short transaction, so a killed process loses at most the
//! write in flight, and another process waits at most that long.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, named_params};

use super::Store;
use super::command::Command;
use super::error::StoreError;
use super::event_log::StoredEvent;
use super::ids::{ConversationId, RunKey, now_ms};
use super::process::Writer;
use super::run::{Asked, NewRun};

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

    /// A run's stored stream events, in order; empty for a run stored without them. Deltas
    /// kept as lengths get their text from the run's answer and thinking.
    pub fn events(&self, key: RunKey) -> Result<Vec<super::TimedEvent>, StoreError> {
        let mut select = self
            .conn
            .prepare_cached("SELECT at_ms, event FROM run_event WHERE run_id = ?1 ORDER BY seq")
            .map_err(self.sql())?;
        let rows = select
            .query_map([key.0], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))
            .map_err(self.sql())?;
        let mut stored = Vec::new();
        for row in rows {
            let (at_ms, json) = row.map_err(self.sql())?;
            let event: StoredEvent =
                serde_json::from_str(&json).map_err(|error| self.value(key, "cannot read a stored event", &error))?;
            stored.push((u64::try_from(at_ms).unwrap_or(0), event));
        }
        let by_length = stored.iter().any(|(_, event)| !matches!(event, StoredEvent::Whole(_)));
        let (answer, thinking) = if by_length { self.answer_and_thinking(key)? } else { Default::default() };
        Ok(StoredEvent::read_back(stored, &answer, &thinking))
    }

    /// A run's stored answer and thinking.
    fn answer_and_thinking(&self, key: RunKey) -> Result<(String, String), StoreError> {
        self.conn
            .prepare_cached("SELECT coalesce(answer, ''), coalesce(thinking, '') FROM run WHERE id = ?1")
            .and_then(|mut select| select.query_row([key.0], |row| Ok((row.get(0)?, row.get(1)?))))
            .map_err(self.sql())
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

    /// Carry out one command (what the writer thread does with each it receives). It takes
    /// the command whole so a run's text is freed as soon as `SQLite` has its copy.
    pub fn apply(&self, command: Command) -> Result<(), StoreError> {
        match command {
            Command::NewConversation { id, title } => self.insert_conversation(id, &title),
            Command::StartRun { key, run } => self.insert_run(key, &run),
            Command::AppendPartial { key, answer, thinking } => self.save_partial(key, answer, thinking),
            Command::FinishRun { key, end } => self.finish(key, *end),
            Command::DeleteConversation(id) => self.delete_conversation(id).map(drop),
            Command::NewMatrix(row) => self.new_matrix(&row),
            Command::SaveCell(row) => self.save_cell(&row),
            Command::SaveBatchJob(row) => self.save_batch_job(&row),
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
        let params = serde_json::to_string(&run.asked.params)
            .map_err(|error| self.value(key, "cannot encode the parameters", &error))?;
        let attachments = self.encode_attachments(key, &run.asked)?;
        let writer = Writer::current();
        let place = run.target.place.clone().into_parts();
        let insert = || {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            tx.prepare_cached(
                "INSERT INTO run (id, conversation_id, compare_group, position, route, model, region, profile,
                    location, project, credential_source, params, system_prompt, prompt, attachments, status,
                    started_ms, last_write_ms, writer_pid, writer_start)
                 VALUES (:id, :conversation, :group, :position, :route, :model, :region, :profile,
                    :location, :project, :credential_source, :params, :system, :prompt, :attachments, 'running',
                    :started, :started, :pid, :start)",
            )?
            .execute(named_params! {
                ":id": key.0,
                ":conversation": run.conversation.0,
                ":group": run.compare_group.map(|group| group.0),
                ":position": run.position,
                ":route": run.target.route.name(),
                ":model": run.target.model,
                ":region": place.region,
                ":profile": place.profile,
                ":location": place.location,
                ":project": place.project,
                ":credential_source": run.credential_source,
                ":params": params,
                ":system": run.asked.system,
                ":prompt": run.asked.prompt,
                ":attachments": attachments,
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

    /// A run's attachment list as its column holds it: JSON, or NULL when there is none.
    pub(super) fn encode_attachments(&self, key: RunKey, asked: &Asked) -> Result<Option<String>, StoreError> {
        if asked.attachments.is_empty() {
            return Ok(None);
        }
        let mut json = serde_json::Serializer::new(Vec::new());
        crate::attach::kept::serialize(&asked.attachments, &mut json)
            .map_err(|error| self.value(key, "cannot encode the attachments", &error))?;
        Ok(Some(String::from_utf8_lossy(&json.into_inner()).into_owned()))
    }

    /// `Ok` when the run exists, `UnknownRun` when it does not.
    pub(super) fn ensure_run(&self, key: RunKey) -> Result<(), StoreError> {
        let found = self
            .conn
            .query_row("SELECT 1 FROM run WHERE id = ?1", [key.0], |_| Ok(()))
            .optional()
            .map_err(self.sql())?;
        found.ok_or_else(|| StoreError::UnknownRun { path: self.path.clone(), key })
    }
}
