//! The writes that carry a run's whole text: a partial save while it streams, and its end.
//!
//! An answer may be tens of MiB (`[network] max_answer_mib`), and `SQLite` copies a bound text
//! once and builds the row in memory a second time. So a write that owns its text binds it
//! and drops it before the statement runs: the text is never held three times at once. The
//! run's events are stored first; a delta's text is not among them (only its length: the
//! answer and thinking hold the text).

use rusqlite::{Statement, ToSql, Transaction, TransactionBehavior};

use super::Store;
use super::error::StoreError;
use super::event_log::StoredEvent;
use super::ids::{RunKey, now_ms};
use super::run::RunEnd;
use super::sql::int;
use super::status::RunStatus;

impl Store {
    /// Save the text a running run has received so far, replacing the previous save. Meant for
    /// about once a second while streaming, so a killed process keeps what had arrived.
    /// A run that has already ended keeps its final text: a late partial is ignored.
    pub fn append_partial(&self, key: RunKey, answer: &str, thinking: &str) -> Result<(), StoreError> {
        self.save_partial(key, answer.to_owned(), thinking.to_owned())
    }

    /// [`Store::append_partial`], dropping the text once `SQLite` has its copy.
    pub(super) fn save_partial(&self, key: RunKey, answer: String, thinking: String) -> Result<(), StoreError> {
        let mut update = self
            .conn
            .prepare_cached(
                "UPDATE run SET answer = ?2, thinking = ?3, last_write_ms = ?4 WHERE id = ?1 AND status = 'running'",
            )
            .map_err(self.sql())?;
        let bound = bind(&mut update, &[(1, &key.0), (4, &now_ms())])
            .and_then(|()| bind_and_drop(&mut update, &mut [(2, answer), (3, thinking)]));
        let changed = bound.and_then(|()| update.raw_execute()).map_err(self.sql())?;
        if changed == 0 { self.ensure_run(key) } else { Ok(()) }
    }

    /// Store how a run ended (this also puts it in the full-text index).
    pub fn finish_run(&self, key: RunKey, end: &RunEnd) -> Result<(), StoreError> {
        self.finish(key, end.clone())
    }

    /// [`Store::finish_run`], dropping the answer and thinking once `SQLite` has its copy.
    pub(super) fn finish(&self, key: RunKey, mut end: RunEnd) -> Result<(), StoreError> {
        let stop_reason = end.ended.stop_reason.as_ref().map(serde_json::to_string).transpose();
        let stop_reason = stop_reason.map_err(|error| self.value(key, "cannot encode the stop reason", &error))?;
        let request_ids = serde_json::to_string(&end.ended.request_ids)
            .map_err(|error| self.value(key, "cannot encode the request ids", &error))?;
        // The run's end and its events are written together or not at all.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate).map_err(self.sql())?;
        // Named before its events, which could not refer to a run that is not there.
        self.ensure_run(key)?;
        self.keep_events(key, end.events.stored())?;
        if let Some(exchange) = &end.exchange {
            self.keep_exchange(key, exchange)?;
        }
        let mut update = self
            .conn
            .prepare_cached(
                "UPDATE run SET status = ?2, answer = ?3, thinking = ?4,
                    stop_reason = ?5, input_tokens = ?6, output_tokens = ?7,
                    cache_read_tokens = ?8, cache_write_tokens = ?9,
                    thinking_tokens = ?10, credential_ms = ?11,
                    first_token_ms = ?12, total_ms = ?13, request_ids = ?14,
                    error = ?15, ended_ms = ?16, last_write_ms = ?16,
                    credential_source = coalesce(?17, credential_source)
                 WHERE id = ?1",
            )
            .map_err(self.sql())?;
        let (answer, thinking) = (std::mem::take(&mut end.ended.answer), std::mem::take(&mut end.ended.thinking));
        let bound = bind(
            &mut update,
            &[
                (1, &key.0),
                (2, &RunStatus::from(end.outcome).as_str()),
                (5, &stop_reason),
                (6, &int(end.ended.usage.input_tokens)),
                (7, &int(end.ended.usage.output_tokens)),
                (8, &int(end.ended.usage.cache_read_tokens)),
                (9, &int(end.ended.usage.cache_write_tokens)),
                (10, &int(end.ended.usage.thinking_tokens)),
                (11, &int(end.ended.timings.credential_ms)),
                (12, &int(end.ended.timings.first_token_ms)),
                (13, &int(end.ended.timings.total_ms)),
                (14, &request_ids),
                (15, &end.ended.error),
                (16, &end.ended_ms),
                (17, &end.credential_source),
            ],
        )
        .and_then(|()| bind_and_drop(&mut update, &mut [(3, answer), (4, thinking)]));
        bound.and_then(|()| update.raw_execute()).map_err(self.sql())?;
        drop(update);
        tx.commit().map_err(self.sql())
    }

    /// Store a finished run's stream events (a run finished twice keeps the later ones), inside
    /// the caller's transaction, encoding one at a time so they are never all copied at once.
    fn keep_events(&self, key: RunKey, events: impl Iterator<Item = (u64, StoredEvent)>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM run_event WHERE run_id = ?1")
            .and_then(|mut delete| delete.execute([key.0]))
            .map_err(self.sql())?;
        let mut insert = self
            .conn
            .prepare_cached("INSERT INTO run_event (run_id, seq, at_ms, event) VALUES (?1, ?2, ?3, ?4)")
            .map_err(self.sql())?;
        for (seq, (at_ms, event)) in (0_i64..).zip(events) {
            let json =
                serde_json::to_string(&event).map_err(|error| self.value(key, "cannot encode an event", &error))?;
            let at_ms = i64::try_from(at_ms).unwrap_or(i64::MAX);
            insert.execute(rusqlite::params![key.0, seq, at_ms, json]).map_err(self.sql())?;
        }
        Ok(())
    }
}

fn bind(statement: &mut Statement<'_>, values: &[(usize, &dyn ToSql)]) -> rusqlite::Result<()> {
    values.iter().try_for_each(|(index, value)| statement.raw_bind_parameter(*index, value))
}

/// Bind each text, then free it: `SQLite` has copied it.
fn bind_and_drop(statement: &mut Statement<'_>, texts: &mut [(usize, String)]) -> rusqlite::Result<()> {
    texts.iter_mut().try_for_each(|(index, text)| {
        statement.raw_bind_parameter(*index, text.as_str())?;
        drop(std::mem::take(text));
        Ok(())
    })
}
