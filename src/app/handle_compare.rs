//! What the compare actions do: build the set, fan a prompt out to every column, and act on
//! one column (cancel, retry, remove, promote).

use super::action::Action;
use super::compare::Compare;
use super::conversation::next_request;
use super::editor::{EditorKind, FieldEditor};
use super::effect::Effect;
use super::focus::Focus;
use super::msg::RunId;
use super::{App, Overlay};
use crate::routes::Target;

impl App {
    /// Carry out a compare action.
    pub(super) fn perform_compare(&mut self, action: Action) -> Vec<Effect> {
        match action {
            // In the matrix view the same keys choose its column.
            Action::ComparePrevColumn | Action::CompareNextColumn if self.matrix_shown() && self.overlay.is_none() => {
                self.move_matrix_column(if action == Action::ComparePrevColumn { -1 } else { 1 });
            }
            Action::ToggleCompare => self.toggle_compare(),
            Action::CompareAdd => self.compare_add(self.targets.target()),
            Action::CompareEveryRoute => self.compare_every_route(),
            _ if !self.compare_shown => {
                self.complain("that key works in the compare view: F6 opens it");
            }
            Action::ComparePrevColumn => self.compare.move_focus(-1),
            Action::CompareNextColumn => self.compare.move_focus(1),
            Action::CompareZoom => self.compare.zoomed = !self.compare.zoomed,
            Action::CompareCancelColumn => return self.cancel_column(),
            Action::CompareRetryColumn => return self.retry_column(),
            Action::CompareRemoveColumn => self.remove_column(),
            Action::CompareReference => {
                self.compare.reference = self.compare.focused;
                self.notify("diff reference set to the focused column");
            }
            Action::CompareDiff => {
                self.compare.diff = !self.compare.diff;
                self.notify(if self.compare.diff { "word diff against the reference" } else { "diff off" });
            }
            Action::CompareTogether => {
                self.compare.together = !self.compare.together;
                self.notify(if self.compare.together { "columns scroll together" } else { "columns scroll alone" });
            }
            Action::CompareRequests => {
                self.compare.requests = !self.compare.requests;
                self.notify(if self.compare.requests {
                    "each column shows its request and stream: v shows the answers again"
                } else {
                    "each column shows its answer"
                });
            }
            Action::ComparePromote => self.promote_column(),
            Action::CompareOpen => self.open_editor(EditorKind::CompareOpen),
            Action::CompareSave => {
                let mut editor = FieldEditor::new(EditorKind::CompareName, self.compare.name.as_deref().unwrap_or(""));
                editor.hint = Some("saved as [compare.sets.NAME] in config.toml".into());
                self.overlay = Some(Overlay::Editor(Box::new(editor)));
            }
            _ => {}
        }
        Vec::new()
    }

    fn toggle_compare(&mut self) {
        if self.compare_shown {
            self.compare_shown = false;
            return;
        }
        if self.compare.columns.is_empty() {
            self.compare = Compare::of([self.targets.target()]);
        }
        self.compare_shown = true;
        if self.compare.columns.len() < 2 {
            self.notify("compare: add targets with a in the route pane, or e for this model on every route");
        }
    }

    fn compare_add(&mut self, target: Target) {
        if target.model.trim().is_empty() {
            self.complain(format!("{} has no model selected", target.route));
            return;
        }
        let label = format!("{} · {}", target.route, target.model);
        match self.compare.add(target) {
            Ok(()) => {
                self.compare_shown = true;
                self.notify(format!(
                    "compare set: {} (added {label})",
                    super::counted(self.compare.columns.len(), "target")
                ));
            }
            Err(why) => self.complain(why),
        }
    }

    /// Send the prompt to every column, each with its own conversation so far.
    pub(super) fn submit_compare(&mut self) -> Vec<Effect> {
        if self.compare.columns.len() < 2 {
            self.complain("a compare needs at least 2 targets: a adds the chosen one in the route pane");
            return Vec::new();
        }
        if self.compare.latest().any(|run| self.runs.get(run).is_some_and(|r| r.phase.is_live())) {
            self.complain("the compare is still streaming: wait, or cancel with Esc");
            return Vec::new();
        }
        let prompt = self.prompt.text();
        let checks = (0..self.compare.columns.len()).map(|index| {
            crate::preflight::check(&self.compare.columns[index].target, &self.column_request(index, &prompt))
        });
        let (refused, warnings): (Vec<_>, Vec<_>) = checks.map(|checked| (checked.refused, checked.warnings)).unzip();
        let refused: Vec<String> = refused.concat();
        if !refused.is_empty() {
            self.complain(format!("nothing sent: {}", refused.join("; ")));
            return Vec::new();
        }
        let warnings = warnings.concat();
        if !warnings.is_empty() {
            self.notify(warnings.join("; "));
        }
        let mut effects = Vec::new();
        let mut group = None;
        for index in 0..self.compare.columns.len() {
            let run = self.start_column_run(index, &prompt, group);
            group = group.or(Some(run));
            effects.extend(self.start_effects(run));
        }
        self.counts.forget();
        self.prompt.clear();
        self.prompt.attachments.clear();
        effects
    }

    /// The request column `index` sends for `prompt`: its conversation so far, then the prompt
    /// with the attached files, under the column's own parameters when it has them.
    pub(super) fn column_request(&self, index: usize, prompt: &str) -> crate::routes::request::ChatRequest {
        let column = &self.compare.columns[index];
        let earlier = column.runs.iter().filter_map(|id| self.runs.get(*id));
        let params = column.params.as_ref().unwrap_or(&self.prompt.params);
        next_request(earlier, (prompt, &self.prompt.attachments), &self.prompt.system, params)
    }

    /// Create the run for column `index` answering `prompt` after the column's conversation.
    fn start_column_run(&mut self, index: usize, prompt: &str, group: Option<RunId>) -> RunId {
        let request = self.column_request(index, prompt);
        let column = &self.compare.columns[index];
        // A column that starts from a stored conversation's turns is a conversation of its own.
        let first = column
            .runs
            .first()
            .copied()
            .filter(|id| self.runs.get(*id).is_some_and(|r| r.stored_conversation.is_none()));
        let (target, position) = (column.target.clone(), column.runs.len());
        let run = self.runs.create(target, prompt.to_owned());
        if let Some(state) = self.runs.get_mut(run) {
            state.conversation = first.unwrap_or(run);
            state.position = u32::try_from(position).unwrap_or(u32::MAX);
            state.compare_group = Some(group.unwrap_or(run));
            state.params = request.params.clone();
            state.system.clone_from(&request.system);
            state.request = Some(request);
        }
        let column = &mut self.compare.columns[index];
        column.runs.push(run);
        column.scroll = 0;
        run
    }

    fn start_effects(&self, run: RunId) -> Vec<Effect> {
        let Some(state) = self.runs.get(run) else { return Vec::new() };
        let Some(request) = state.request.clone() else { return Vec::new() };
        vec![Effect::StartRun { run, target: state.target.clone(), request, demo: self.demo }, Effect::SaveRun { run }]
    }

    fn cancel_column(&mut self) -> Vec<Effect> {
        let live = self.focused_run().filter(|run| self.runs.get(*run).is_some_and(|r| r.phase.is_live()));
        let Some(run) = live else {
            self.notify("the focused column is not running");
            return Vec::new();
        };
        if let Some(state) = self.runs.get_mut(run) {
            state.cancel(self.now);
        }
        self.notify("column cancelled; the others go on");
        vec![Effect::CancelRun { run }, Effect::SaveRun { run }]
    }

    /// Send the focused column's last prompt again, in place of its last run.
    fn retry_column(&mut self) -> Vec<Effect> {
        let focused = self.compare.focused;
        let Some(last) = self.focused_run() else {
            self.complain("the focused column has not run yet");
            return Vec::new();
        };
        let Some(state) = self.runs.get(last) else { return Vec::new() };
        if state.phase.is_live() {
            self.complain("the focused column is still running: x cancels it");
            return Vec::new();
        }
        let (prompt, group) = (state.prompt.clone(), state.compare_group);
        self.compare.columns[focused].runs.pop();
        let run = self.start_column_run(focused, &prompt, group);
        self.notify("retrying the focused column");
        self.start_effects(run)
    }

    fn remove_column(&mut self) {
        let live = self.focused_run().is_some_and(|run| self.runs.get(run).is_some_and(|r| r.phase.is_live()));
        if live {
            self.complain("the focused column is still running: x cancels it first");
            return;
        }
        if let Some(target) = self.compare.remove_focused() {
            self.notify(format!("removed {} · {} from the compare set", target.route, target.model));
        }
    }

    /// Make the focused column the playground's conversation, on its target.
    fn promote_column(&mut self) {
        let Some(column) = self.compare.columns.get(self.compare.focused) else { return };
        if column.runs.is_empty() {
            self.complain("the focused column has no answer to continue");
            return;
        }
        self.conversation.clone_from(&column.runs);
        let target = column.target.clone();
        self.targets.choose_target(&target);
        self.compare_shown = false;
        self.focus = Focus::Prompt;
        self.output.to_bottom();
        self.notify(format!("continuing the {} · {} column as a conversation", target.route, target.model));
    }

    /// Apply parameters typed for the focused column; empty goes back to the prompt's.
    pub(super) fn set_column_params(&mut self, value: &str) -> Result<String, String> {
        let params = if value.trim().is_empty() { None } else { Some(super::prompt::parse_params(value)?) };
        let column = self.compare.columns.get_mut(self.compare.focused).ok_or("no column is focused")?;
        column.params = params;
        Ok(match &column.params {
            Some(params) => {
                format!("{} · {}: {}", column.target.route, column.target.model, super::prompt::format_params(params))
            }
            None => format!("{} · {}: the prompt's parameters", column.target.route, column.target.model),
        })
    }

    /// Replace the set with the saved one called `name`.
    pub(super) fn open_saved_set(&mut self, name: &str) -> Result<String, String> {
        let name = name.trim();
        let Some((_, targets)) = self.compare_sets.iter().find(|(saved, _)| saved == name) else {
            let known: Vec<&str> = self.compare_sets.iter().map(|(saved, _)| saved.as_str()).collect();
            return Err(format!(
                "no compare set {name:?} (saved: {})",
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            ));
        };
        self.compare = Compare { name: Some(name.to_owned()), ..Compare::of(targets.clone()) };
        self.compare_shown = true;
        Ok(format!("compare set {name}: {}", super::counted(self.compare.columns.len(), "target")))
    }

    fn focused_run(&self) -> Option<RunId> {
        self.compare.columns.get(self.compare.focused)?.last()
    }
}
