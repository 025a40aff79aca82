//! A matrix to and from the store's rows: the plan and each cell's outcome as JSON.

use super::{CellKey, CellOutcome, MAX_REPEAT, Matrix, MatrixPlan};
use crate::store::{CellRow, MatrixRow};

/// The row that stores `plan`, titled `SOURCE: 50 prompts × 3 targets[ × 5 samples]`.
pub fn plan_row(plan: &MatrixPlan) -> Result<MatrixRow, String> {
    let json =
        serde_json::to_string(plan).map_err(|error| format!("matrix {}: cannot store its plan: {error}", plan.id))?;
    Ok(MatrixRow {
        id: plan.id,
        title: format!("{}: {}", plan.source, plan.size()),
        plan: json,
        cell_count: i64::try_from(plan.cell_count()).unwrap_or(i64::MAX),
        created_ms: plan.created_ms,
    })
}

/// The row that stores `outcome` in `plan`'s matrix.
#[must_use]
pub fn cell_row(plan: &MatrixPlan, outcome: &CellOutcome) -> CellRow {
    CellRow {
        matrix: plan.id,
        prompt: i64::from(outcome.key.prompt),
        target: i64::from(outcome.key.target),
        sample: i64::from(outcome.key.sample),
        run: outcome.run,
        status: outcome.status.as_str().to_owned(),
        // An outcome has no map and no custom serializer, so this cannot fail; a NaN figure is
        // written as `null` and read back as none.
        outcome: serde_json::to_string(outcome).unwrap_or_default(),
    }
}

/// A stored matrix with its cells; an error names the matrix and what could not be read. A
/// cell outside the plan (a row the plan does not have) is left out.
pub fn from_rows(row: &MatrixRow, cells: &[CellRow]) -> Result<Matrix, String> {
    let plan: MatrixPlan = serde_json::from_str(&row.plan)
        .map_err(|error| format!("matrix {}: cannot read its stored plan: {error}", row.id))?;
    if !(1..=MAX_REPEAT).contains(&plan.repeat) {
        return Err(format!(
            "matrix {}: its stored plan has {} samples per cell (1 to {MAX_REPEAT})",
            row.id, plan.repeat
        ));
    }
    let mut matrix = Matrix::new(plan);
    for cell in cells {
        let Some(key) = key_in(&matrix.plan, cell) else { continue };
        let mut outcome: CellOutcome = serde_json::from_str(&cell.outcome).map_err(|error| {
            format!(
                "matrix {}: cannot read cell (prompt {}, target {}, sample {}): {error}",
                row.id, key.prompt, key.target, key.sample
            )
        })?;
        outcome.key = key;
        outcome.run = outcome.run.or(cell.run);
        matrix.set(outcome);
    }
    Ok(matrix)
}

/// Stored matrix `id` with its cells, `None` when the history has no such matrix; an error
/// names what could not be read.
pub fn read(store: &crate::store::Store, id: crate::store::MatrixId) -> Result<Option<Matrix>, String> {
    match store.matrix(id).map_err(|error| format!("history: {error}"))? {
        Some((row, cells)) => from_rows(&row, &cells).map(Some),
        None => Ok(None),
    }
}

/// The key of `cell` when the plan has it.
fn key_in(plan: &MatrixPlan, cell: &CellRow) -> Option<CellKey> {
    let within = |value: i64, count: usize| u32::try_from(value).ok().filter(|&v| (v as usize) < count);
    Some(CellKey {
        prompt: within(cell.prompt, plan.prompts.len())?,
        target: within(cell.target, plan.targets.len())?,
        sample: within(cell.sample, plan.repeat as usize)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::CellStatus;
    use crate::matrix::test_support::{done, failed, matrix, plan, targets};
    use crate::store::RunKey;

    #[test]
    fn a_matrix_comes_back_as_it_was_stored() {
        let mut plan = plan(3, targets(2), 2);
        plan.prompts[1].system = Some("be {{x}}".into());
        plan.prompts[1].vars.insert("x".into(), "brief".into());
        plan.base.params.temperature = Some(0.2);
        let outcomes = [done(0, 0, 1, 120), failed(2, 1, 0, "HTTP 529 overloaded"), done(1, 1, 1, 80)];
        let stored = matrix(plan.clone(), outcomes.clone());
        let row = plan_row(&plan).unwrap();
        assert_eq!(row.title, "set.jsonl: 3 prompts × 2 targets × 2 samples");
        assert_eq!((row.id, row.cell_count, row.created_ms), (plan.id, 12, plan.created_ms));
        let cells: Vec<CellRow> = outcomes.iter().map(|outcome| cell_row(&plan, outcome)).collect();
        assert_eq!((cells[1].prompt, cells[1].target, cells[1].sample), (2, 1, 0));
        assert_eq!((cells[1].status.as_str(), cells[0].run), ("failed", Some(RunKey(1))));
        assert_eq!(from_rows(&row, &cells).unwrap(), stored);
        assert_eq!(
            plan_row(&crate::matrix::test_support::plan(1, targets(1), 1)).unwrap().title,
            "set.jsonl: 1 prompt × 1 target"
        );
    }

    #[test]
    fn cells_outside_the_plan_are_left_out() {
        let plan = plan(2, targets(2), 1);
        let row = plan_row(&plan).unwrap();
        let inside = cell_row(&plan, &done(1, 1, 0, 90));
        let outside =
            [(2, 0, 0), (0, 2, 0), (0, 0, 1), (-1, 0, 0), (0, 0, i64::MAX)].map(|(prompt, target, sample)| CellRow {
                prompt,
                target,
                sample,
                outcome: "not even JSON".into(),
                ..inside.clone()
            });
        let loaded = from_rows(&row, &[outside.to_vec(), vec![inside]].concat()).unwrap();
        let done_cells: Vec<CellKey> =
            loaded.cells.iter().filter(|cell| cell.status == CellStatus::Done).map(|cell| cell.key).collect();
        assert_eq!(done_cells, [CellKey { prompt: 1, target: 1, sample: 0 }]);
    }

    #[test]
    fn the_row_s_key_and_run_win_over_the_json_s() {
        let plan = plan(2, targets(1), 1);
        let mut cell = cell_row(&plan, &CellOutcome { run: None, ..done(0, 0, 0, 90) });
        cell.prompt = 1;
        cell.run = Some(RunKey(5));
        let loaded = from_rows(&plan_row(&plan).unwrap(), &[cell]).unwrap();
        assert_eq!(loaded.cells[1].key, CellKey { prompt: 1, target: 0, sample: 0 });
        assert_eq!((loaded.cells[1].status, loaded.cells[1].run), (CellStatus::Done, Some(RunKey(5))));
        assert_eq!(loaded.cells[0].status, CellStatus::Pending);
    }

    #[test]
    fn unreadable_json_names_the_matrix() {
        let plan = plan(1, targets(1), 1);
        let row = plan_row(&plan).unwrap();
        let error = from_rows(&MatrixRow { plan: "{".into(), ..row.clone() }, &[]).unwrap_err();
        assert!(error.starts_with("matrix 77: cannot read its stored plan: "), "{error}");
        let bad = CellRow { outcome: "{\"key\": 3}".into(), ..cell_row(&plan, &done(0, 0, 0, 1)) };
        let error = from_rows(&row, &[bad]).unwrap_err();
        assert!(error.starts_with("matrix 77: cannot read cell (prompt 0, target 0, sample 0): "), "{error}");
        let mut huge = plan.clone();
        huge.repeat = MAX_REPEAT + 1;
        let row = MatrixRow { plan: serde_json::to_string(&huge).unwrap(), ..row };
        assert_eq!(from_rows(&row, &[]).unwrap_err(), "matrix 77: its stored plan has 101 samples per cell (1 to 100)");
    }
}
