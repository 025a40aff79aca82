//! Full-text search over finished runs' prompts, answers and system prompts, ranked by bm25
//! with the prompt weighted highest (the weights are set in the schema), safe to call on
//! every keystroke.

use std::collections::HashMap;

use super::Store;
use super::error::StoreError;
use super::fts_query::fts_query;
use super::ids::{ConversationId, RunKey};
use super::list::Filter;
use super::snippet::{ELLIPSIS, MATCH_END, MATCH_START};
use super::status::RunStatus;
use crate::routes::RouteId;

/// How many tokens of context a snippet shows.
const SNIPPET_TOKENS: i64 = 16;

/// A broad query ranks only its most recent matches, this many. Ranking costs a few
/// microseconds per match, and a one-letter prefix in a 100,000-run history matches nearly every
/// run; the window keeps each keystroke around 10 ms. Narrower queries are ranked whole.
const RANK_WINDOW: i64 = 1000;

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
    /// Whether the run was one column of a compare.
    pub compare: bool,
    /// Whether the run kept its stream events, so it can be replayed.
    pub replayable: bool,
    /// A stretch of the best-matching column, matches between [`MATCH_START`] and
    /// [`MATCH_END`] (see [`super::segments`]).
    pub snippet: String,
}

impl Store {
    /// The best `limit` runs for what the user typed, best first: bm25 over the prompt, the
    /// answer and the system prompt, the prompt weighing most, among the most recent
    /// `RANK_WINDOW` matches. Any input is accepted: it is never an SQL or FTS5 syntax error;
    /// input with nothing to search for finds nothing.
    pub fn search(&self, input: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        self.search_filtered(input, &Filter::default(), limit)
    }

    /// [`Store::search`] keeping only the runs `filter` keeps (its route, model, status and
    /// start times; not its limit): they are picked among the same most recent `RANK_WINDOW`
    /// matches before ranking, so only the hits shown get a snippet.
    pub fn search_filtered(&self, input: &str, filter: &Filter, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // One snapshot for both statements, so the snippets belong to the hits.
        let snapshot = self.conn.unchecked_transaction().map_err(self.sql())?;
        let mut hits = self.ranked_hits(&query, filter, limit)?;
        self.add_snippets(&query, &mut hits)?;
        snapshot.finish().map_err(self.sql())?;
        Ok(hits)
    }

    /// The hits in rank order, snippets still empty. Snippets are not made here: this query
    /// ranks up to `RANK_WINDOW` rows and would build a snippet for each.
    fn ranked_hits(&self, query: &str, filter: &Filter, limit: i64) -> Result<Vec<SearchHit>, StoreError> {
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT hit.rowid, hit.conversation_id, c.title, hit.route, hit.model, hit.status, hit.started_ms,
                    hit.compare, EXISTS (SELECT 1 FROM run_event e WHERE e.run_id = hit.rowid)
                 FROM (SELECT w.rowid, w.rank, r.conversation_id, r.route, r.model, r.status, r.started_ms,
                         r.compare_group IS NOT NULL AS compare
                       FROM (SELECT rowid, rank FROM run_text WHERE run_text MATCH :query
                             ORDER BY rowid DESC LIMIT :window) AS w
                       JOIN run r ON r.id = w.rowid
                       WHERE (:route IS NULL OR r.route = :route)
                         AND (:model IS NULL OR r.model = :model)
                         AND (:status IS NULL OR r.status = :status)
                         AND (:since IS NULL OR r.started_ms >= :since)
                         AND (:until IS NULL OR r.started_ms < :until)
                       ORDER BY w.rank LIMIT :limit) AS hit
                 JOIN conversation c ON c.id = hit.conversation_id
                 ORDER BY hit.rank",
            )
            .map_err(self.sql())?;
        let mut rows = select
            .query(rusqlite::named_params! {
                ":query": query,
                ":window": RANK_WINDOW,
                ":limit": limit,
                ":route": filter.route.map(RouteId::name),
                ":model": filter.model,
                ":status": filter.status.map(RunStatus::as_str),
                ":since": filter.since_ms,
                ":until": filter.until_ms,
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
                    compare: row.get(7)?,
                    replayable: row.get(8)?,
                    snippet: String::new(),
                })
            };
            hits.push(hit().map_err(self.sql())?);
        }
        Ok(hits)
    }

    /// Snippets for the hits. FTS5 builds a snippet only on the cursor of a full-text query,
    /// and opening one per hit re-reads the query's terms each time; so one cursor walks the
    /// matches from the oldest hit on (ids grow with time) and builds snippets for the hits only.
    fn add_snippets(&self, query: &str, hits: &mut [SearchHit]) -> Result<(), StoreError> {
        let Some(oldest) = hits.iter().map(|hit| hit.run.0).min() else {
            return Ok(());
        };
        let ids = format!("[{}]", hits.iter().map(|hit| hit.run.0.to_string()).collect::<Vec<_>>().join(","));
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT rowid, snippet(run_text, -1, :start, :end, :ellipsis, :tokens) FROM run_text
                 WHERE run_text MATCH :query AND rowid >= :oldest
                   AND +rowid IN (SELECT value FROM json_each(:ids))",
            )
            .map_err(self.sql())?;
        let mut rows = select
            .query(rusqlite::named_params! {
                ":start": MATCH_START,
                ":end": MATCH_END,
                ":ellipsis": ELLIPSIS,
                ":tokens": SNIPPET_TOKENS,
                ":query": query,
                ":oldest": oldest,
                ":ids": ids,
            })
            .map_err(self.sql())?;
        let mut snippets = HashMap::with_capacity(hits.len());
        while let Some(row) = rows.next().map_err(self.sql())? {
            let id: i64 = row.get(0).map_err(self.sql())?;
            snippets.insert(id, row.get::<_, String>(1).map_err(self.sql())?);
        }
        for hit in hits {
            hit.snippet = snippets.remove(&hit.run.0).unwrap_or_default();
        }
        Ok(())
    }
}
