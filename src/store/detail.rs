//! One conversation with all its runs, for the history view and `routeplay history show`.

use rusqlite::OptionalExtension;

use super::Store;
use super::error::StoreError;
use super::ids::ConversationId;
use super::run::RunRecord;
use super::run_row::RUN_COLUMNS;

/// A conversation and its runs in order: by position, then by start (the columns of a
/// compare share a position).
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationDetail {
    pub id: ConversationId,
    pub title: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub runs: Vec<RunRecord>,
}

impl Store {
    /// The conversation `id`, or `None` if there is no such conversation.
    pub fn conversation(&self, id: ConversationId) -> Result<Option<ConversationDetail>, StoreError> {
        let head = self
            .conn
            .query_row("SELECT title, created_ms, updated_ms FROM conversation WHERE id = ?1", [id.0], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()
            .map_err(self.sql())?;
        let Some((title, created_ms, updated_ms)) = head else {
            return Ok(None);
        };
        let mut select = self
            .conn
            .prepare_cached(&format!(
                "SELECT {RUN_COLUMNS} FROM run WHERE conversation_id = ?1 ORDER BY position, started_ms, id"
            ))
            .map_err(self.sql())?;
        let mut rows = select.query([id.0]).map_err(self.sql())?;
        let mut runs = Vec::new();
        while let Some(row) = rows.next().map_err(self.sql())? {
            runs.push(self.run_from_row(row)?);
        }
        Ok(Some(ConversationDetail { id, title, created_ms, updated_ms, runs }))
    }

    /// The conversations that answered a compare with `id`: those holding a run of the same
    /// compare group as one of its runs, `id` included, in column order (the order their runs
    /// started). Just `id` when it never took part in a compare.
    pub fn compare_partners(&self, id: ConversationId) -> Result<Vec<ConversationId>, StoreError> {
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT other.conversation_id FROM run AS mine
                 JOIN run AS other ON other.compare_group = mine.compare_group
                 WHERE mine.conversation_id = ?1
                 GROUP BY other.conversation_id ORDER BY min(other.id)",
            )
            .map_err(self.sql())?;
        let partners = select
            .query_map([id.0], |row| row.get(0).map(ConversationId))
            .and_then(Iterator::collect::<rusqlite::Result<Vec<_>>>)
            .map_err(self.sql())?;
        Ok(if partners.is_empty() { vec![id] } else { partners })
    }
}
