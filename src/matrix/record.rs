//! A matrix to and from the store's rows.

use super::{CellOutcome, Matrix, MatrixPlan};
use crate::store::{CellRow, MatrixRow};

/// The row that stores `plan`.
pub fn plan_row(plan: &MatrixPlan) -> Result<MatrixRow, String> {
    todo!("{}", plan.source)
}

/// The row that stores `outcome` in `plan`'s matrix.
#[must_use]
pub fn cell_row(plan: &MatrixPlan, outcome: &CellOutcome) -> CellRow {
    todo!("{}{:?}", plan.source, outcome.key)
}

/// A stored matrix with its cells; an error names the matrix and what could not be read.
pub fn from_rows(row: &MatrixRow, cells: &[CellRow]) -> Result<Matrix, String> {
    todo!("{}{}", row.id, cells.len())
}
