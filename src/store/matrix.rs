//! Matrices (compare at scale) and their cells: written through the writer thread like runs,
//! read back to reopen, export or resume a matrix.

use super::Store;
use super::error::StoreError;
use super::ids::{MatrixId, RunKey, now_ms};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};

/// A matrix as stored: its plan is `matrix::MatrixPlan` as JSON (the store does not read it).
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRow {
    pub id: MatrixId,
    pub title: String,
    pub plan: String,
    pub cell_count: i64,
    pub created_ms: i64,
}

/// One cell as stored: its key, its run, its status word and its outcome
/// (`matrix::CellOutcome`) as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct CellRow {
    pub matrix: MatrixId,
    pub prompt: i64,
    pub target: i64,
    pub sample: i64,
    pub run: Option<RunKey>,
    pub status: String,
    pub outcome: String,
}

/// A matrix in a list: its title, size and how far it got.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixSummary {
    pub id: MatrixId,
    pub title: String,
    pub cell_count: i64,
    pub done: i64,
    pub failed: i64,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl Store {
    /// Store a new matrix.
    pub fn new_matrix(&self, row: &MatrixRow) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO matrix (id, title, plan, cell_count, created_ms, updated_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                (row.id.0, &row.title, &row.plan, row.cell_count, row.created_ms),
            )
            .map(drop)
            .map_err(self.sql())
    }

    /// Store a cell's outcome (insert or replace), and touch its matrix's `updated_ms`.
    pub fn save_cell(&self, row: &CellRow) -> Result<(), StoreError> {
        let save = || {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            tx.prepare_cached(
                "INSERT OR REPLACE INTO matrix_cell (matrix_id, prompt, target, sample, run_id, status, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute((
                row.matrix.0,
                row.prompt,
                row.target,
                row.sample,
                row.run.map(|run| run.0),
                &row.status,
                &row.outcome,
            ))?;
            tx.prepare_cached("UPDATE matrix SET updated_ms = max(updated_ms, ?2) WHERE id = ?1")?
                .execute((row.matrix.0, now_ms()))?;
            tx.commit()
        };
        save().map_err(self.sql())
    }

    /// The most recently updated matrices first, at most `limit`.
    pub fn matrices(&self, limit: usize) -> Result<Vec<MatrixSummary>, StoreError> {
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT m.id, m.title, m.cell_count, m.created_ms, m.updated_ms,
                    (SELECT count(*) FROM matrix_cell c WHERE c.matrix_id = m.id AND c.status = 'done'),
                    (SELECT count(*) FROM matrix_cell c WHERE c.matrix_id = m.id AND c.status = 'failed')
                 FROM matrix m ORDER BY m.updated_ms DESC, m.id DESC LIMIT ?1",
            )
            .map_err(self.sql())?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = select
            .query_map([limit], |row| {
                Ok(MatrixSummary {
                    id: MatrixId(row.get(0)?),
                    title: row.get(1)?,
                    cell_count: row.get(2)?,
                    created_ms: row.get(3)?,
                    updated_ms: row.get(4)?,
                    done: row.get(5)?,
                    failed: row.get(6)?,
                })
            })
            .map_err(self.sql())?;
        rows.collect::<Result<_, _>>().map_err(self.sql())
    }

    /// One matrix and every cell stored for it; `None` if there is no such matrix.
    pub fn matrix(&self, id: MatrixId) -> Result<Option<(MatrixRow, Vec<CellRow>)>, StoreError> {
        let row = self
            .conn
            .prepare_cached("SELECT title, plan, cell_count, created_ms FROM matrix WHERE id = ?1")
            .and_then(|mut select| {
                select
                    .query_row([id.0], |row| {
                        Ok(MatrixRow {
                            id,
                            title: row.get(0)?,
                            plan: row.get(1)?,
                            cell_count: row.get(2)?,
                            created_ms: row.get(3)?,
                        })
                    })
                    .optional()
            })
            .map_err(self.sql())?;
        let Some(row) = row else { return Ok(None) };
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT prompt, target, sample, run_id, status, outcome FROM matrix_cell
                 WHERE matrix_id = ?1 ORDER BY prompt, target, sample",
            )
            .map_err(self.sql())?;
        let cells = select
            .query_map([id.0], |cell| {
                Ok(CellRow {
                    matrix: id,
                    prompt: cell.get(0)?,
                    target: cell.get(1)?,
                    sample: cell.get(2)?,
                    run: cell.get::<_, Option<i64>>(3)?.map(RunKey),
                    status: cell.get(4)?,
                    outcome: cell.get(5)?,
                })
            })
            .map_err(self.sql())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.sql())?;
        Ok(Some((row, cells)))
    }

    /// A cell's stored answer, for exports; `None` when its run is gone (its conversation was
    /// deleted).
    pub fn cell_answer(&self, run: RunKey) -> Result<Option<String>, StoreError> {
        self.conn
            .prepare_cached("SELECT coalesce(answer, '') FROM run WHERE id = ?1")
            .and_then(|mut select| select.query_row([run.0], |row| row.get(0)).optional())
            .map_err(self.sql())
    }
}
