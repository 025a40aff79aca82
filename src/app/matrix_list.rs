//! The stored matrices, listed over the panes (alt+x with no matrix loaded, or `r` in the
//! matrix view): Enter reopens one with its cells as they were, to read, open row by row,
//! export or resume; `routeplay --matrix ID` opens on one the same way.

use super::action::Action;
use super::effect::Effect;
use super::matrix::{MatrixState, Stage, StoredMatrix};
use super::{App, Overlay, counted};
use crate::store::MatrixSummary;

/// How many stored matrices the list reads, newest first.
pub const LISTED: usize = 200;

/// The list's rows and where it stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatrixList {
    pub rows: Vec<MatrixSummary>,
    pub selected: usize,
    /// The first row shown.
    pub scroll: usize,
    /// Why the list could not be read.
    pub error: Option<String>,
    /// Still being read.
    pub loading: bool,
}

impl MatrixList {
    /// Move the chosen row by `delta`, keeping it among the `visible` rows shown.
    pub fn move_selection(&mut self, delta: isize, visible: usize) {
        self.selected = self.selected.saturating_add_signed(delta).min(self.rows.len().saturating_sub(1));
        self.scroll = super::matrix::scrolled_to(self.selected, self.scroll, visible);
    }
}

/// Lines of the list besides its rows: the border and the column titles.
pub const LIST_CHROME: u16 = 3;

impl App {
    /// Show the stored matrices (the runtime reads them).
    pub(super) fn open_matrix_list(&mut self) -> Vec<Effect> {
        self.overlay = Some(Overlay::Matrices(Box::new(MatrixList { loading: true, ..MatrixList::default() })));
        vec![Effect::ListMatrices]
    }

    /// What a key does while the list is shown; `None` leaves it to the usual handling (moving,
    /// loading a prompt set), so a matrix behind the list is not started or changed unseen.
    pub(super) fn perform_in_matrix_list(&mut self, action: Action) -> Option<Vec<Effect>> {
        if !matches!(self.overlay, Some(Overlay::Matrices(_))) {
            return None;
        }
        match action {
            Action::Select => Some(self.reopen_chosen_matrix()),
            Action::CancelRun | Action::ToggleMatrix | Action::Close => {
                self.overlay = None;
                Some(Vec::new())
            }
            Action::MatrixStart
            | Action::MatrixMoreSamples
            | Action::MatrixFewerSamples
            | Action::MatrixAddTarget
            | Action::MatrixRemoveTarget
            | Action::ComparePrevColumn
            | Action::CompareNextColumn
            | Action::StoredMatrices
            | Action::SamplePrompt => Some(Vec::new()),
            _ => None,
        }
    }

    /// The rows the runtime read (nothing follows from them).
    pub(super) fn on_matrix_list(&mut self, rows: Result<Vec<MatrixSummary>, String>) -> Vec<Effect> {
        let Some(Overlay::Matrices(list)) = &mut self.overlay else { return Vec::new() };
        list.loading = false;
        match rows {
            Ok(rows) => {
                list.selected = list.selected.min(rows.len().saturating_sub(1));
                list.rows = rows;
                list.error = None;
            }
            Err(why) => list.error = Some(why),
        }
        Vec::new()
    }

    /// Move the list's chosen row.
    pub(super) fn move_in_matrix_list(&mut self, step: isize) {
        let visible = usize::from(self.height.saturating_sub(1 + LIST_CHROME));
        if let Some(Overlay::Matrices(list)) = &mut self.overlay {
            list.move_selection(step, visible);
        }
    }

    /// Ask the runtime for the chosen matrix and its cells.
    fn reopen_chosen_matrix(&mut self) -> Vec<Effect> {
        let Some(Overlay::Matrices(list)) = &self.overlay else { return Vec::new() };
        let Some(id) = list.rows.get(list.selected).map(|row| row.id) else {
            self.complain("no matrix is stored yet: o loads a prompt set");
            return Vec::new();
        };
        if self.matrix_running() {
            self.complain("a matrix is running: Esc stops it before another is opened");
            return Vec::new();
        }
        self.notify(format!("reading matrix {id}…"));
        vec![Effect::ReadStoredMatrix { id }]
    }

    /// A stored matrix was read: show it, stopped where it was left (s resumes the cells not
    /// done) or finished. One that could not be read is named with why.
    pub(super) fn on_stored_matrix(&mut self, loaded: Result<Box<StoredMatrix>, String>) -> Vec<Effect> {
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(why) => {
                self.complain(why);
                return Vec::new();
            }
        };
        if self.matrix_running() {
            self.complain("a matrix is running: Esc stops it before another is opened");
            return Vec::new();
        }
        let state = MatrixState::reopened(*loaded);
        let plan = state.matrix.plan.clone();
        let counts = state.counts();
        let to_send = state.matrix.to_send().count();
        let next = match (&state.unsendable, &state.stage) {
            (Some(why), _) => format!("cannot be sent again: {why}"),
            (None, Stage::Finished) => "every cell done · Enter opens a row".to_owned(),
            (None, _) if plan.batch => {
                format!(
                    "{} to send · s resumes them on demand here (batch jobs are the CLI's)",
                    counted(to_send, "cell")
                )
            }
            (None, _) => format!("{} to send · s resumes them", counted(to_send, "cell")),
        };
        let note = format!("matrix {}: {} done, {} failed · {next}", plan.id, counts.done, counts.failed);
        if state.unsendable.is_some() {
            self.complain(note);
        } else {
            self.notify(note);
        }
        self.matrix = Some(state);
        self.overlay = None;
        vec![Effect::TrackMatrix { plan: Box::new(plan) }, Effect::ReadBatchJobs]
    }
}
