//! Full-text search over finished runs' prompts, answers and system prompts, ranked by bm25
//! with the prompt weighted highest (the weights are set in the schema), safe to call on
//! every keystroke.

use super::Store;
use super::error::StoreError;
use super::fts_query::fts_query;
use super::ids::{ConversationId, RunKey};
use super::snippet::{ELLIPSIS, MATCH_END, MATCH_START};
use super::status::RunStatus;

/// How many tokens of context a snippet shows.
const SNIPPET_TOKENS: i64 = 16;

/// A run that matches a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub run: RunKey,
    pub conversation: ConversationId,
    pub title: String,
    pub route: String,
    pub model: String,
    pub status: RunStatus,
    pub started_ms: i64,
    /// A stretch of the best-matching column, matches between [`MATCH_START`] and
    /// [`MATCH_END`] (see [`super::segments`]).
    pub snippet: String,
}

impl Store {
    /// The best `limit` runs for what the user typed, best first. Any input is accepted: it is
    /// never an SQL or FTS5 syntax error; input with nothing to search for finds nothing.
    pub fn search(&self, input: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        // The inner query lets FTS5 order by rank itself and stop at the limit, so snippets
        // are built for the returned hits only.
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT hit.rowid, r.conversation_id, c.title, r.route, r.model, r.status, r.started_ms, hit.snip
                 FROM (SELECT rowid, rank, snippet(run_text, -1, :start, :end, :ellipsis, :tokens) AS snip
                       FROM run_text WHERE run_text MATCH :query ORDER BY rank LIMIT :limit) AS hit
                 JOIN run r ON r.id = hit.rowid
                 JOIN conversation c ON c.id = r.conversation_id
                 ORDER BY hit.rank",
            )
            .map_err(self.sql())?;
        let mut rows = select
            .query(rusqlite::named_params! {
                ":start": MATCH_START,
                ":end": MATCH_END,
                ":ellipsis": ELLIPSIS,
                ":tokens": SNIPPET_TOKENS,
                ":query": query,
                ":limit": i64::try_from(limit).unwrap_or(i64::MAX),
            })
            .map_err(self.sql())?;
        let mut hits = Vec::new();
        while let Some(row) = rows.next().map_err(self.sql())? {
            let hit = || -> rusqlite::Result<SearchHit> {
                Ok(SearchHit {
                    run: RunKey(row.get(0)?),
                    conversation: ConversationId(row.get(1)?),
                    title: row.get(2)?,
                    route: row.get(3)?,
                    model: row.get(4)?,
                    status: row.get(5)?,
                    started_ms: row.get(6)?,
                    snippet: row.get(7)?,
                })
            };
            hits.push(hit().map_err(self.sql())?);
        }
        Ok(hits)
    }
}
