//! The history list: conversations newest first, filtered by what their runs were.

use crate::routes::RouteId;

use super::Store;
use super::error::StoreError;
use super::ids::ConversationId;
use super::status::RunStatus;

/// Which conversations to list. A conversation is listed when at least one of its runs matches
/// every field that is set; `since_ms` (inclusive) and `until_ms` (exclusive) bound when that
/// run started. Conversations without any run are never listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub route: Option<RouteId>,
    pub model: Option<String>,
    pub status: Option<RunStatus>,
    pub since_ms: Option<i64>,
    pub until_ms: Option<i64>,
    /// At most this many conversations; `None` for all.
    pub limit: Option<usize>,
}

/// One line of the history list. Route, model and status are those of the conversation's
/// latest run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationSummary {
    pub id: ConversationId,
    pub title: String,
    /// The first non-blank line of the conversation's first prompt.
    pub first_line: String,
    pub created_ms: i64,
    /// When its latest run started.
    pub updated_ms: i64,
    pub runs: u32,
    pub route: String,
    pub model: String,
    pub status: RunStatus,
    /// Whether a turn of it was one column of a compare.
    pub compare: bool,
    /// Whether a run of it kept its stream events, so it can be replayed.
    pub replayable: bool,
}

/// Enough of the first prompt to find its first line, without reading a pasted document whole.
const FIRST_PROMPT_CHARS: i64 = 1000;

impl Store {
    /// Conversations matching `filter`, most recently active first.
    pub fn list_conversations(&self, filter: &Filter) -> Result<Vec<ConversationSummary>, StoreError> {
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.title, c.created_ms, c.updated_ms,
                    (SELECT count(*) FROM run r WHERE r.conversation_id = c.id),
                    last.route, last.model, last.status,
                    (SELECT substr(r.prompt, 1, :first_chars) FROM run r WHERE r.conversation_id = c.id
                        ORDER BY r.position, r.started_ms, r.id LIMIT 1),
                    EXISTS (SELECT 1 FROM run r WHERE r.conversation_id = c.id AND r.compare_group IS NOT NULL),
                    EXISTS (SELECT 1 FROM run r JOIN run_event e ON e.run_id = r.id WHERE r.conversation_id = c.id)
                 FROM conversation c
                 JOIN run last ON last.id = (SELECT r.id FROM run r WHERE r.conversation_id = c.id
                    ORDER BY r.position DESC, r.started_ms DESC, r.id DESC LIMIT 1)
                 WHERE EXISTS (SELECT 1 FROM run r WHERE r.conversation_id = c.id
                    AND (:route IS NULL OR r.route = :route)
                    AND (:model IS NULL OR r.model = :model)
                    AND (:status IS NULL OR r.status = :status)
                    AND (:since IS NULL OR r.started_ms >= :since)
                    AND (:until IS NULL OR r.started_ms < :until))
                 ORDER BY c.updated_ms DESC, c.id DESC
                 LIMIT :limit",
            )
            .map_err(self.sql())?;
        let limit = filter.limit.map_or(-1, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
        let mut rows = select
            .query(rusqlite::named_params! {
                ":first_chars": FIRST_PROMPT_CHARS,
                ":route": filter.route.map(RouteId::name),
                ":model": filter.model,
                ":status": filter.status.map(RunStatus::as_str),
                ":since": filter.since_ms,
                ":until": filter.until_ms,
                ":limit": limit,
            })
            .map_err(self.sql())?;
        let mut summaries = Vec::new();
        while let Some(row) = rows.next().map_err(self.sql())? {
            let summary = || -> rusqlite::Result<ConversationSummary> {
                let first_prompt: Option<String> = row.get(8)?;
                Ok(ConversationSummary {
                    id: ConversationId(row.get(0)?),
                    title: row.get(1)?,
                    first_line: first_line(first_prompt.as_deref().unwrap_or_default()),
                    created_ms: row.get(2)?,
                    updated_ms: row.get(3)?,
                    runs: row.get(4)?,
                    route: row.get(5)?,
                    model: row.get(6)?,
                    status: row.get(7)?,
                    compare: row.get(9)?,
                    replayable: row.get(10)?,
                })
            };
            summaries.push(summary().map_err(self.sql())?);
        }
        Ok(summaries)
    }
}

fn first_line(prompt: &str) -> String {
    prompt.lines().map(str::trim).find(|line| !line.is_empty()).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::first_line;

    #[test]
    fn the_first_line_skips_blank_lines_and_trims() {
        assert_eq!(first_line("\n  \n  Explain SigV4  \nin detail"), "Explain SigV4");
        assert_eq!(first_line(""), "");
    }
}
