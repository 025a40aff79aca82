//! Reading a run row back into a [`RunRecord`].

use rusqlite::Row;

use crate::routes::event::{StopReason, Usage};
use crate::routes::{Place, Places};

use super::Store;
use super::error::StoreError;
use super::ids::{CompareGroupId, ConversationId, RunKey};
use super::run::{Asked, Ended, RunRecord, Timings};
use super::sql::get_u64;

/// The columns [`Store::run_from_row`] reads, in its order.
pub const RUN_COLUMNS: &str = "id, conversation_id, compare_group, position, route, model, region, profile,
    credential_source, params, system_prompt, prompt, answer, thinking, stop_reason,
    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, thinking_tokens,
    credential_ms, first_token_ms, total_ms, request_ids, status, error, started_ms, ended_ms,
    location, project, attachments";

impl Store {
    /// Decode a row selected with [`RUN_COLUMNS`]. A column `SQLite` cannot give is a `SQLite`
    /// error; JSON this build cannot read is a [`StoreError::Value`] naming the run.
    pub(super) fn run_from_row(&self, row: &Row<'_>) -> Result<RunRecord, StoreError> {
        let sql = self.sql();
        let key = RunKey(row.get(0).map_err(&sql)?);
        let text = |column| row.get::<_, String>(column).map_err(&sql);
        let params = serde_json::from_str(&text(9)?).map_err(|e| self.value(key, "cannot read the parameters", &e))?;
        let request_ids =
            serde_json::from_str(&text(23)?).map_err(|e| self.value(key, "cannot read the request ids", &e))?;
        let attachments = match row.get::<_, Option<String>>(30).map_err(&sql)? {
            Some(json) => crate::attach::kept::deserialize(&mut serde_json::Deserializer::from_str(&json))
                .map_err(|e| self.value(key, "cannot read the attachments", &e))?,
            None => Vec::new(),
        };
        let stop_reason = row.get::<_, Option<String>>(14).map_err(&sql)?.map(|text| read_stop_reason(&text));
        let record = || -> rusqlite::Result<RunRecord> {
            let route: String = row.get(4)?;
            let parts =
                Places { region: row.get(6)?, profile: row.get(7)?, location: row.get(28)?, project: row.get(29)? };
            Ok(RunRecord {
                key,
                conversation: ConversationId(row.get(1)?),
                compare_group: row.get::<_, Option<i64>>(2)?.map(CompareGroupId),
                position: row.get(3)?,
                place: Place::for_route_name(&route, parts),
                route,
                model: row.get(5)?,
                credential_source: row.get(8)?,
                asked: Asked { params, system: row.get(10)?, prompt: row.get(11)?, attachments },
                ended: Ended {
                    answer: row.get(12)?,
                    thinking: row.get(13)?,
                    stop_reason,
                    usage: Usage {
                        input_tokens: get_u64(row, 15)?,
                        output_tokens: get_u64(row, 16)?,
                        cache_read_tokens: get_u64(row, 17)?,
                        cache_write_tokens: get_u64(row, 18)?,
                        thinking_tokens: get_u64(row, 19)?,
                    },
                    timings: Timings {
                        credential_ms: get_u64(row, 20)?,
                        first_token_ms: get_u64(row, 21)?,
                        total_ms: get_u64(row, 22)?,
                    },
                    request_ids,
                    error: row.get(25)?,
                },
                status: row.get(24)?,
                started_ms: row.get(26)?,
                ended_ms: row.get(27)?,
            })
        };
        record().map_err(sql)
    }
}

/// A stop reason written by a newer build may be a variant this one lacks: keep its text.
fn read_stop_reason(text: &str) -> StopReason {
    serde_json::from_str(text).unwrap_or_else(|_| StopReason::Other(text.to_owned()))
}
