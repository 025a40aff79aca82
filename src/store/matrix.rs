//! Matrices (compare at scale) and their cells: written through the writer thread like runs,
//! read back to reopen, export or resume a matrix.

use super::Store;
use super::error::StoreError;
use super::ids::{MatrixId, RunKey};

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
        todo!("{row:?}")
    }

    /// Store a cell's outcome (insert or replace), and touch its matrix's `updated_ms`.
    pub fn save_cell(&self, row: &CellRow) -> Result<(), StoreError> {
        todo!("{row:?}")
    }

    /// The most recently updated matrices first, at most `limit`.
    pub fn matrices(&self, limit: usize) -> Result<Vec<MatrixSummary>, StoreError> {
        todo!("{limit}")
    }

    /// One matrix and every cell stored for it; `None` if there is no such matrix.
    pub fn matrix(&self, id: MatrixId) -> Result<Option<(MatrixRow, Vec<CellRow>)>, StoreError> {
        todo!("{id}")
    }
}
