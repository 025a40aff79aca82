//! Provider batch jobs, kept so that a job outlives the process that sent it.

use super::Store;
use super::error::StoreError;
use super::ids::{BatchJobId, MatrixId};
use rusqlite::{OptionalExtension, params};

/// A batch job as stored. `detail` is `batch::JobDetail` as JSON (the store does not read it).
#[derive(Debug, Clone, PartialEq)]
pub struct BatchJobRow {
    pub id: BatchJobId,
    pub matrix: Option<MatrixId>,
    /// `anthropic`, `bedrock` or `vertex`.
    pub provider: String,
    /// The target spec, `ROUTE[@REGION]:MODEL`.
    pub target: String,
    /// The provider's id for the job (batch id, job ARN, job resource name).
    pub remote_id: String,
    /// The provider's own state word, as last seen.
    pub state: String,
    /// The job has reached an end state.
    pub ended: bool,
    /// Its results were fetched into the history.
    pub fetched: bool,
    pub detail: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// The columns read back, in [`row`]'s order.
const COLUMNS: &str =
    "id, matrix_id, provider, target, remote_id, state, ended, fetched, detail, created_ms, updated_ms";

impl Store {
    /// Store a job, or replace what is stored of it.
    pub fn save_batch_job(&self, row: &BatchJobRow) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO batch_job (id, matrix_id, provider, target, remote_id, state, ended, fetched, \
                 detail, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .and_then(|mut insert| {
                insert.execute(params![
                    row.id.0,
                    row.matrix.map(|id| id.0),
                    row.provider,
                    row.target,
                    row.remote_id,
                    row.state,
                    row.ended,
                    row.fetched,
                    row.detail,
                    row.created_ms,
                    row.updated_ms,
                ])
            })
            .map(drop)
            .map_err(self.sql())
    }

    /// Jobs, newest first; with `unfetched_only`, only those whose results are not in yet.
    pub fn batch_jobs(&self, unfetched_only: bool) -> Result<Vec<BatchJobRow>, StoreError> {
        let filter = if unfetched_only { "WHERE fetched = 0" } else { "" };
        let sql = format!("SELECT {COLUMNS} FROM batch_job {filter} ORDER BY created_ms DESC, id DESC");
        let mut select = self.conn.prepare_cached(&sql).map_err(self.sql())?;
        let rows = select.query_map([], row).map_err(self.sql())?;
        rows.collect::<Result<_, _>>().map_err(self.sql())
    }

    /// One job by routeplay's id, or by the provider's id (or a unique suffix of it, as
    /// users copy the tail of an ARN); `None` when none matches. A suffix that several jobs
    /// end with is an error naming them.
    pub fn batch_job(&self, id: &str) -> Result<Option<BatchJobRow>, StoreError> {
        let id = id.trim();
        if id.is_empty() {
            return Ok(None);
        }
        let exact = format!("SELECT {COLUMNS} FROM batch_job WHERE CAST(id AS TEXT) = ?1 OR remote_id = ?1");
        let found = self.conn.prepare_cached(&exact).and_then(|mut select| select.query_row([id], row).optional());
        if let Some(found) = found.map_err(self.sql())? {
            return Ok(Some(found));
        }
        let tail = format!("SELECT {COLUMNS} FROM batch_job WHERE substr(remote_id, -length(?1)) = ?1 LIMIT 2");
        let mut select = self.conn.prepare_cached(&tail).map_err(self.sql())?;
        let mut matches: Vec<BatchJobRow> =
            select.query_map([id], row).and_then(Iterator::collect).map_err(self.sql())?;
        match matches.len() {
            0 | 1 => Ok(matches.pop()),
            _ => Err(StoreError::Ambiguous {
                path: self.path.clone(),
                what: format!(
                    "batch job id {id:?} is the end of several jobs' ids ({}, {}, …): give more of it",
                    matches[0].remote_id, matches[1].remote_id
                ),
            }),
        }
    }
}

fn row(row: &rusqlite::Row<'_>) -> rusqlite::Result<BatchJobRow> {
    Ok(BatchJobRow {
        id: BatchJobId(row.get(0)?),
        matrix: row.get::<_, Option<i64>>(1)?.map(MatrixId),
        provider: row.get(2)?,
        target: row.get(3)?,
        remote_id: row.get(4)?,
        state: row.get(5)?,
        ended: row.get(6)?,
        fetched: row.get(7)?,
        detail: row.get(8)?,
        created_ms: row.get(9)?,
        updated_ms: row.get(10)?,
    })
}
