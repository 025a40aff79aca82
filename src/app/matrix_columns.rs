//! The matrix view's columns: a matrix of up to 64 targets is wider than any terminal, so the
//! view shows the columns that fit and scrolls sideways to the chosen one; before the start,
//! targets beyond the compare set's eight are added (the route pane's chosen target) or
//! removed one by one.

use super::compare::MAX_TARGETS as COMPARE_COLUMNS;
use super::matrix::{MatrixState, Stage};
use super::{App, counted};
use crate::matrix::MAX_TARGETS;
use std::ops::Range;

/// The narrowest target column: room for `✓ 412ms 128t`.
pub const MIN_COLUMN: usize = 16;

/// The prompt column of a view `inner` columns wide.
#[must_use]
pub fn prompt_width(inner: usize) -> usize {
    (inner / 5).clamp(10, 28).min(inner)
}

/// How many of `targets` columns fit in a terminal `width` wide (the view's border takes two).
#[must_use]
pub fn visible_columns(width: u16, targets: usize) -> usize {
    let inner = usize::from(width.saturating_sub(2));
    (inner.saturating_sub(prompt_width(inner)) / MIN_COLUMN).clamp(1, targets.max(1))
}

impl MatrixState {
    /// The columns shown when `fitting` fit: from the first shown, keeping the chosen one in.
    #[must_use]
    pub fn shown_columns(&self, fitting: usize) -> Range<usize> {
        let targets = self.matrix.plan.targets.len();
        let first = self.first_column.min(targets.saturating_sub(fitting));
        first..(first + fitting).min(targets)
    }

    /// Choose the column `delta` away, scrolling so that it stays among the `fitting` shown.
    pub fn move_column(&mut self, delta: isize, fitting: usize) {
        let last = self.matrix.plan.targets.len().saturating_sub(1);
        self.column = self.column.saturating_add_signed(delta).min(last);
        self.first_column = super::matrix::scrolled_to(self.column, self.first_column, fitting);
    }

    /// The columns a row opens side by side: those shown, at most the compare view's eight.
    #[must_use]
    pub fn row_columns(&self, fitting: usize) -> Range<usize> {
        let shown = self.shown_columns(fitting);
        shown.start..shown.end.min(shown.start + COMPARE_COLUMNS)
    }
}

impl App {
    /// Move the chosen column left or right.
    pub(super) fn move_matrix_column(&mut self, delta: isize) {
        let width = self.width;
        let Some(state) = self.matrix.as_mut() else { return };
        let fitting = visible_columns(width, state.matrix.plan.targets.len());
        state.move_column(delta, fitting);
    }

    /// Add the route pane's chosen target as a column after the chosen one.
    pub(super) fn add_matrix_target(&mut self) {
        let target = self.targets.target();
        let width = self.width;
        let Some(state) = self.matrix.as_mut() else { return };
        if let Err(why) = editable(state) {
            self.complain(why);
            return;
        }
        let label = format!("{} · {}", target.route, target.model);
        if state.matrix.plan.targets.contains(&target) {
            self.complain(format!(
                "{label} is a column already: q hides the matrix, choose another model in the route pane, alt+x, a"
            ));
            return;
        }
        if state.matrix.plan.targets.len() >= MAX_TARGETS {
            self.complain(format!("a matrix has at most {MAX_TARGETS} targets"));
            return;
        }
        let mut plan = state.matrix.plan.clone();
        let at = (state.column + 1).min(plan.targets.len());
        plan.targets.insert(at, target);
        if let Err(why) = plan.check_size() {
            self.complain(why);
            return;
        }
        state.replan(plan);
        let fitting = visible_columns(width, state.matrix.plan.targets.len());
        state.column = at;
        state.move_column(0, fitting);
        let count = state.matrix.plan.targets.len();
        self.notify(format!(
            "added {label}: {} · another: q, choose it in the route pane, alt+x, a",
            counted(count, "target")
        ));
    }

    /// Remove the chosen column.
    pub(super) fn remove_matrix_target(&mut self) {
        let Some(state) = self.matrix.as_mut() else { return };
        if let Err(why) = editable(state) {
            self.complain(why);
            return;
        }
        if state.matrix.plan.targets.len() <= 1 {
            self.complain("a matrix keeps at least one target");
            return;
        }
        let mut plan = state.matrix.plan.clone();
        let removed = plan.targets.remove(state.column.min(plan.targets.len() - 1));
        state.replan(plan);
        state.column = state.column.min(state.matrix.plan.targets.len() - 1);
        state.first_column = state.first_column.min(state.column);
        self.notify(format!("removed {} · {}", removed.route, removed.model));
    }
}

/// Whether the targets may change: only before the matrix is first sent.
fn editable(state: &MatrixState) -> Result<(), String> {
    match state.stage {
        Stage::Planned if !state.stored => Ok(()),
        _ => Err("the targets are set once the matrix has started: o loads the set again with others".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_the_width_and_never_fewer_than_one() {
        // 80 wide: 78 inside, 15 for the prompts, 63 left: three columns of at least 16.
        assert_eq!(visible_columns(80, 12), 3);
        assert_eq!(visible_columns(80, 2), 2);
        assert_eq!(visible_columns(200, 64), (198 - 28) / MIN_COLUMN);
        assert_eq!(visible_columns(20, 5), 1);
        assert_eq!(visible_columns(80, 0), 1);
    }
}
