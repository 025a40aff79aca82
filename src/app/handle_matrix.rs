//! What the matrix keys do: load a prompt set (the runtime reads it and answers with
//! `Msg::PromptSetLoaded`), show or hide the view, change the samples, confirm the start with
//! the size and estimate, move between rows, and open a row's answers side by side.

use super::action::Action;
use super::compare::{Column, Compare};
use super::editor::EditorKind;
use super::effect::Effect;
use super::matrix::{LoadedSet, MatrixState, Stage};
use super::{App, counted};
use crate::routes::Target;
use crate::routes::request::ChatRequest;
use crossterm::event::{KeyCode, KeyEvent};
use std::collections::HashMap;

impl App {
    pub(super) fn perform_matrix(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::LoadPromptSet if self.matrix.as_ref().is_some_and(MatrixState::is_running) => {
                self.complain("a matrix is running: Esc stops it before another is loaded");
            }
            Action::LoadPromptSet => self.open_editor(EditorKind::PromptSetPath),
            Action::ToggleMatrix => return self.toggle_matrix(),
            Action::MatrixMoreSamples | Action::MatrixFewerSamples => {
                let delta = if action == Action::MatrixMoreSamples { 1 } else { -1 };
                let Some(state) = self.matrix.as_mut() else { return Vec::new() };
                match state.change_repeat(delta) {
                    Ok(repeat) => {
                        let cells = state.matrix.plan.cell_count();
                        self.notify(format!(
                            "{} per cell: {}",
                            counted(repeat as usize, "sample"),
                            counted(cells, "cell")
                        ));
                    }
                    Err(why) => self.complain(why),
                }
            }
            Action::MatrixStart => return self.ask_to_start_matrix(),
            Action::MatrixAddTarget => self.add_matrix_target(),
            Action::MatrixRemoveTarget => self.remove_matrix_target(),
            Action::StoredMatrices => return self.open_matrix_list(),
            Action::SamplePrompt => return self.sample_prompt(),
            _ => {}
        }
        Vec::new()
    }

    /// What the runtime read for the matrix: a prompt set, a stored matrix, the stored
    /// matrices, or the batch jobs not fetched yet.
    pub(super) fn on_matrix_msg(&mut self, msg: super::msg::Msg) -> Vec<Effect> {
        use super::msg::Msg;
        match msg {
            Msg::PromptSetLoaded(loaded) => self.on_prompt_set(loaded),
            Msg::StoredMatrixLoaded(loaded) => self.on_stored_matrix(loaded),
            Msg::StoredMatrices(rows) => self.on_matrix_list(rows),
            Msg::MatrixCounted { matrix, counts } => {
                self.on_matrix_counted(matrix, &counts);
                Vec::new()
            }
            Msg::BatchJobs(rows) => {
                self.batch_jobs =
                    Some(rows.map(|rows| rows.iter().map(super::batch_jobs::PendingJob::from_row).collect()));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The targets a prompt set runs over: the compare set's columns, else the chosen target.
    pub(super) fn matrix_targets(&self) -> Vec<Target> {
        if self.compare.columns.is_empty() { vec![self.targets.target()] } else { self.compare.targets() }
    }

    /// Under the path dialog: which targets the set will run over.
    pub(super) fn prompt_set_hint(&self) -> String {
        let targets: Vec<String> = self.matrix_targets().iter().map(|t| format!("{} · {}", t.route, t.model)).collect();
        format!("over {}: {}", counted(targets.len(), "target"), targets.join(", "))
    }

    /// Ask the runtime to read the prompt set at `value`, for the current targets, system
    /// prompt and parameters.
    pub(super) fn read_prompt_set(&mut self, value: &str, effects: &mut Vec<Effect>) -> Result<String, String> {
        let path = value.trim();
        if path.is_empty() {
            return Err("type the path of a prompt-set file (JSONL, or one prompt a line)".into());
        }
        let system = Some(self.prompt.system.clone()).filter(|s| !s.trim().is_empty());
        let base = ChatRequest { system, turns: Vec::new(), params: self.prompt.params.clone(), thoughts: false };
        effects.push(Effect::ReadPromptSet {
            path: path.into(),
            base: Box::new(base),
            targets: self.matrix_targets(),
            demo: self.demo,
        });
        Ok(format!("reading {path}…"))
    }

    /// A prompt set was read: show it as a planned matrix; a set that could not be read is
    /// named with why, and nothing else changes.
    pub(super) fn on_prompt_set(&mut self, loaded: Result<Box<LoadedSet>, String>) -> Vec<Effect> {
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(why) => {
                self.complain(why);
                return Vec::new();
            }
        };
        if self.matrix.as_ref().is_some_and(MatrixState::is_running) {
            self.complain("a matrix is running: Esc stops it before another is loaded");
            return Vec::new();
        }
        let plan = &loaded.plan;
        self.notify(format!(
            "{}: {} × {} · + and - set the samples, s starts",
            plan.source,
            counted(plan.prompts.len(), "prompt"),
            counted(plan.targets.len(), "target")
        ));
        self.matrix = Some(MatrixState::new(*loaded));
        self.overlay = None;
        vec![Effect::ReadBatchJobs]
    }

    fn toggle_matrix(&mut self) -> Vec<Effect> {
        if self.matrix.is_none() {
            return self.open_matrix_list();
        }
        let shown = !self.matrix_shown();
        self.show_matrix(shown);
        if shown { vec![Effect::ReadBatchJobs] } else { Vec::new() }
    }

    /// Open the start dialog with the matrix's size and estimated cost: input tokens estimated
    /// from length at once and, for a small matrix on routes that count, counted by them.
    fn ask_to_start_matrix(&mut self) -> Vec<Effect> {
        let Some(state) = self.matrix.as_mut() else {
            self.complain("no matrix is loaded: alt+p loads a prompt set");
            return Vec::new();
        };
        match state.stage {
            Stage::Running => self.complain("the matrix is running: Esc stops it"),
            Stage::Confirming { .. } => {}
            Stage::Finished => self.notify("every cell of this matrix is done: o loads another prompt set"),
            Stage::Planned | Stage::Stopped if state.unsendable.is_some() => {
                let why = state.unsendable.clone().unwrap_or_default();
                self.complain(format!("this matrix cannot be sent again: {why}"));
            }
            Stage::Planned | Stage::Stopped => {
                let plan = &state.matrix.plan;
                let estimate = crate::matrix::estimate::estimate_rest(&state.matrix, &self.catalog, &|_, _| None);
                let counting = crate::matrix::estimate::counted_by_routes(plan);
                state.stage = Stage::Confirming { estimate: Box::new(estimate), resume: state.stored, counting };
                if counting {
                    return vec![Effect::CountMatrix { plan: Box::new(plan.clone()) }];
                }
            }
        }
        Vec::new()
    }

    /// The routes counted the input tokens: the open start dialog's estimate uses them.
    fn on_matrix_counted(&mut self, matrix: crate::store::MatrixId, counts: &HashMap<(u32, u32), u64>) {
        let Some(state) = self.matrix.as_mut().filter(|state| state.matrix.plan.id == matrix) else { return };
        if let Stage::Confirming { estimate, counting, .. } = &mut state.stage {
            let counted = |prompt, target| counts.get(&(prompt, target)).copied();
            **estimate = crate::matrix::estimate::estimate_rest(&state.matrix, &self.catalog, &counted);
            *counting = false;
        }
    }

    /// The start dialog takes the next key: `y` or Enter starts, any other key does not.
    pub(super) fn answer_matrix_start(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        let state = self.matrix.as_mut()?;
        let Stage::Confirming { resume, .. } = state.stage else { return None };
        if matches!(key.code, KeyCode::Char('y' | 'Y') | KeyCode::Enter) {
            return Some(self.begin_matrix());
        }
        state.stage = if resume { Stage::Stopped } else { Stage::Planned };
        self.notify("not started");
        Some(Vec::new())
    }

    /// Move the chosen row.
    pub(super) fn move_matrix_selection(&mut self, action: Action) {
        let visible =
            super::matrix::visible_rows(self.height, self.matrix.as_ref().map_or(1, |m| m.matrix.plan.repeat));
        let Some(state) = self.matrix.as_mut() else { return };
        let page = isize::try_from(visible).unwrap_or(10).max(1);
        let delta = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Top => isize::MIN / 2,
            _ => isize::MAX / 2,
        };
        state.move_selection(delta, visible);
    }

    /// Show the chosen row's answers side by side in the compare view, diffed word by word: the
    /// columns shown (up to the compare view's eight). Cells sent this session open as they
    /// are; a reopened matrix's stored cells are read back from the history as the compare
    /// they were stored as.
    pub(super) fn open_matrix_row(&mut self) -> Vec<Effect> {
        let width = self.width;
        let Some(state) = self.matrix.as_ref() else { return Vec::new() };
        let prompt = u32::try_from(state.selected).unwrap_or(u32::MAX);
        let shown = state.row_columns(super::matrix_columns::visible_columns(width, state.matrix.plan.targets.len()));
        let id = state.matrix.plan.prompts.get(state.selected).map_or_else(String::new, |item| item.id.clone());
        let columns: Vec<Column> = shown
            .clone()
            .map(|target| {
                let mut column = Column::new(state.matrix.plan.targets[target].clone());
                column.runs.extend(state.row_run(prompt, u32::try_from(target).unwrap_or(u32::MAX)));
                column
            })
            .collect();
        if columns.iter().all(|column| column.runs.is_empty()) {
            let Some(stored) = state.stored_row_run(prompt, shown) else {
                self.complain("this row has no answer yet: s starts the matrix");
                return Vec::new();
            };
            self.after_load = super::history::AfterLoad::MatrixRow;
            self.show_matrix(false);
            self.notify(format!("row {id}: reading its answers from the history… alt+x goes back to the matrix"));
            return vec![Effect::LoadConversation { id: stored.0, whole_compare: true }];
        }
        self.compare = Compare { columns, diff: true, ..Compare::default() };
        self.compare_shown = true;
        self.show_matrix(false);
        self.notify(format!("row {id}: the answers side by side, word diff on · alt+x goes back to the matrix"));
        Vec::new()
    }
}
