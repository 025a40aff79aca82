//! The compare view's state: one prompt fanned out to 2 to 8 targets, each a column with its
//! own conversation, so follow-ups go to every target with its own history.

use super::msg::RunId;
use crate::routes::Target;
use crate::routes::request::Params;

/// The most targets one compare sends to.
pub const MAX_TARGETS: usize = 8;

/// One target and the runs it answered, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub target: Target,
    pub runs: Vec<RunId>,
    /// Lines scrolled up from the tail; 0 follows the stream.
    pub scroll: usize,
    /// This target's own parameters; `None` sends the prompt's.
    pub params: Option<Params>,
}

impl Column {
    #[must_use]
    pub fn new(target: Target) -> Self {
        Self { target, runs: Vec::new(), scroll: 0, params: None }
    }

    /// The column's latest run.
    #[must_use]
    pub fn last(&self) -> Option<RunId> {
        self.runs.last().copied()
    }
}

/// The compare set and how it is shown.
#[derive(Debug, Clone, PartialEq)]
#[expect(clippy::struct_excessive_bools, reason = "independent view switches, each toggled by its own key")]
pub struct Compare {
    pub columns: Vec<Column>,
    /// The column keys act on.
    pub focused: usize,
    /// Show only the focused column, full size.
    pub zoomed: bool,
    /// The column the others are diffed against.
    pub reference: usize,
    /// Show each answer as a word diff against the reference column's.
    pub diff: bool,
    /// Scroll every column at once.
    pub together: bool,
    /// Show each column's request and stream (the inspector) instead of its answer.
    pub requests: bool,
    /// Lines scrolled down from the top of the requests, every column at once (so the same
    /// part of each request lines up side by side).
    pub request_scroll: usize,
    /// The name the set was saved or loaded under.
    pub name: Option<String>,
}

impl Default for Compare {
    /// An empty set whose columns scroll together.
    fn default() -> Self {
        Self {
            columns: Vec::new(),
            focused: 0,
            zoomed: false,
            reference: 0,
            diff: false,
            together: true,
            requests: false,
            request_scroll: 0,
            name: None,
        }
    }
}

impl Compare {
    /// A set of these targets (at most [`MAX_TARGETS`]), nothing sent yet.
    #[must_use]
    pub fn of(targets: impl IntoIterator<Item = Target>) -> Self {
        let columns = targets.into_iter().take(MAX_TARGETS).map(Column::new).collect();
        Self { columns, ..Self::default() }
    }

    /// Add `target` as a column; `Err` says why not (full, or already in the set).
    pub fn add(&mut self, target: Target) -> Result<(), String> {
        if self.columns.iter().any(|column| column.target == target) {
            return Err(format!("{} · {} is already in the compare set", target.route, target.model));
        }
        if self.columns.len() >= MAX_TARGETS {
            return Err(format!("a compare set holds at most {MAX_TARGETS} targets"));
        }
        self.columns.push(Column::new(target));
        self.focused = self.columns.len() - 1;
        Ok(())
    }

    /// Remove the focused column and return its target.
    pub fn remove_focused(&mut self) -> Option<Target> {
        if self.columns.is_empty() {
            return None;
        }
        let removed = self.columns.remove(self.focused);
        self.focused = self.focused.min(self.columns.len().saturating_sub(1));
        self.reference = self.reference.min(self.columns.len().saturating_sub(1));
        Some(removed.target)
    }

    /// Move the focus by `delta` columns, wrapping.
    pub fn move_focus(&mut self, delta: isize) {
        let count = self.columns.len();
        if count > 0 {
            let step = delta.rem_euclid(isize::try_from(count).unwrap_or(isize::MAX)).unsigned_abs();
            self.focused = (self.focused + step) % count;
        }
    }

    /// Scroll the focused column (or all, when together) by `delta` lines; up is positive.
    /// Showing requests, every column scrolls, from the top.
    pub fn scroll(&mut self, delta: isize) {
        if self.requests {
            self.request_scroll = self.request_scroll.saturating_add_signed(delta.saturating_neg());
            return;
        }
        let focused = self.focused;
        let together = self.together;
        for (index, column) in self.columns.iter_mut().enumerate() {
            if together || index == focused {
                column.scroll = column.scroll.saturating_add_signed(delta);
            }
        }
    }

    /// Every column's latest run, where it has one.
    pub fn latest(&self) -> impl Iterator<Item = RunId> + '_ {
        self.columns.iter().filter_map(Column::last)
    }

    /// The column that `run` belongs to.
    #[must_use]
    pub fn column_of(&self, run: RunId) -> Option<usize> {
        self.columns.iter().position(|column| column.runs.contains(&run))
    }

    /// The targets, in column order.
    #[must_use]
    pub fn targets(&self) -> Vec<Target> {
        self.columns.iter().map(|column| column.target.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::RouteId;

    fn target(model: &str) -> Target {
        Target::new(RouteId::Emulator, model)
    }

    #[test]
    fn a_set_refuses_duplicates_and_a_ninth_target() {
        let mut compare = Compare::of((0..7).map(|i| target(&format!("m{i}"))));
        assert!(compare.add(target("m0")).unwrap_err().contains("already"));
        compare.add(target("m7")).unwrap();
        assert!(compare.add(target("m8")).unwrap_err().contains("at most 8"));
        assert_eq!(compare.focused, 7);
    }

    #[test]
    fn removing_keeps_focus_and_reference_in_range() {
        let mut compare = Compare::of([target("a"), target("b")]);
        compare.focused = 1;
        compare.reference = 1;
        assert_eq!(compare.remove_focused().unwrap().model, "b");
        assert_eq!((compare.focused, compare.reference), (0, 0));
        compare.move_focus(-1);
        assert_eq!(compare.focused, 0);
    }

    #[test]
    fn scrolling_moves_one_column_or_all() {
        let mut compare = Compare::of([target("a"), target("b")]);
        compare.scroll(3);
        assert_eq!(compare.columns.iter().map(|c| c.scroll).collect::<Vec<_>>(), [3, 3]);
        compare.together = false;
        compare.focused = 1;
        compare.scroll(-5);
        assert_eq!(compare.columns.iter().map(|c| c.scroll).collect::<Vec<_>>(), [3, 0]);
    }
}
