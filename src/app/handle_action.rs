//! What each action does to the state, and which effects it asks for.

use super::action::Action;
use super::conversation::next_request;
use super::editor::EditorKind;
use super::effect::Effect;
use super::focus::Focus;
use super::{App, Overlay};
use crate::routes::Target;
use crate::routes::request::ChatRequest;

impl App {
    /// Carry out `action`.
    pub fn perform(&mut self, action: Action) -> Vec<Effect> {
        if let Some(effects) = self.perform_in_matrix_list(action) {
            return effects;
        }
        match action {
            Action::Quit => return self.quit_or_ask(),
            Action::Interrupt => return self.interrupt(),
            Action::ToggleMouse => return self.toggle_mouse(),
            Action::FilterModels => self.open_model_filter(),
            Action::Submit => return self.submit(),
            Action::CancelRun => return self.cancel(),
            Action::NewConversation => return self.new_conversation(),
            Action::CopyLastAnswer => return self.copy_last_answer(),
            Action::Select => return self.select(),
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help { .. }) => None,
                    _ => Some(Overlay::Help { scroll: 0 }),
                };
            }
            Action::Close => self.overlay = None,
            Action::CycleTheme => self.cycle_theme(),
            Action::SaveTheme => return vec![Effect::SaveTheme { name: self.theme.clone() }],
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::FocusPrompt => self.focus = Focus::Prompt,
            Action::ToggleThinking => {
                self.output.show_thinking = !self.output.show_thinking;
                self.notify(if self.output.show_thinking { "thinking shown" } else { "thinking collapsed" });
            }
            Action::EditSystemPrompt => self.open_editor(EditorKind::SystemPrompt),
            // In the compare view, F4 with the output focused edits the focused column's own.
            Action::EditParams
                if self.compare_shown && self.focus == Focus::Output && !self.compare.columns.is_empty() =>
            {
                self.open_editor(EditorKind::ColumnParams);
            }
            Action::EditParams => self.open_editor(EditorKind::Params),
            Action::AttachFile | Action::DetachLast => return self.perform_attach(action),
            Action::CountTokens => return self.count_tokens(),
            Action::Doctor => return self.open_doctor(),
            Action::CustomModel => self.open_editor(EditorKind::CustomModel),
            Action::ToggleDemo => return self.toggle_demo(),
            Action::ToggleHistory => return self.toggle_history(),
            Action::DeleteConversation => self.ask_to_delete(),
            Action::RecheckCredentials => {
                self.sidebar.statuses = None;
                self.sidebar.aws = None;
                self.sidebar.google = None;
                self.notify("checking credentials again…");
                return vec![Effect::CheckCredentials(self.credential_check(true))];
            }
            Action::EditRegion => self.open_place_editor(EditorKind::Location, EditorKind::Region),
            Action::EditProfile => self.open_place_editor(EditorKind::Project, EditorKind::Profile),
            Action::ExplainRoute => self.toggle_explain(),
            Action::Inspect
            | Action::ToggleRawStream
            | Action::CopyAsCurl
            | Action::CopyAsAws
            | Action::CopyAsPython
            | Action::WriteSnippets => return self.perform_inspect(action),
            Action::PrevRoute | Action::NextRoute if matches!(self.overlay, Some(Overlay::Explain(_))) => {
                self.cycle_explained(action);
            }
            Action::PrevRoute => self.targets.move_route(-1),
            Action::NextRoute => self.targets.move_route(1),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
                self.move_cursor(action);
            }
            Action::ToggleCompare
            | Action::CompareAdd
            | Action::CompareEveryRoute
            | Action::ComparePrevColumn
            | Action::CompareNextColumn
            | Action::CompareZoom
            | Action::CompareCancelColumn
            | Action::CompareRetryColumn
            | Action::CompareRemoveColumn
            | Action::CompareReference
            | Action::CompareDiff
            | Action::CompareTogether
            | Action::ComparePromote
            | Action::CompareSave
            | Action::CompareRequests
            | Action::CompareOpen => return self.perform_compare(action),
            Action::RerunFromHistory => return self.open_history_row_for(super::history::AfterLoad::Rerun),
            Action::CompareFromHistory => return self.open_history_row_for(super::history::AfterLoad::Compare),
            Action::ReplayFromHistory => return self.open_history_row_for(super::history::AfterLoad::Replay),
            Action::ExportFromHistory => return self.export_history_row(),
            Action::ScriptNext => return self.next_script_step(),
            Action::CycleReplaySpeed => self.cycle_replay_speed(),
            Action::LoadPromptSet
            | Action::ToggleMatrix
            | Action::MatrixMoreSamples
            | Action::MatrixFewerSamples
            | Action::MatrixStart
            | Action::MatrixAddTarget
            | Action::MatrixRemoveTarget
            | Action::StoredMatrices
            | Action::SamplePrompt => return self.perform_matrix(action),
        }
        Vec::new()
    }

    fn submit(&mut self) -> Vec<Effect> {
        let prompt = self.prompt.text();
        if prompt.trim().is_empty() {
            self.complain("type a prompt first");
            return Vec::new();
        }
        if self.compare_shown {
            return self.submit_compare();
        }
        if self.conversation_runs().any(|run| run.phase.is_live()) {
            self.complain("an answer is still streaming: wait, or cancel it with Esc");
            return Vec::new();
        }
        let Some((target, request)) = self.next_single_request(&prompt) else { return Vec::new() };
        let checked = crate::preflight::check(&target, &request);
        if !checked.refused.is_empty() {
            self.complain(checked.refused.join("; "));
            return Vec::new();
        }
        if !checked.warnings.is_empty() {
            self.notify(checked.warnings.join("; "));
        }
        let run = self.runs.create(target.clone(), prompt);
        let stored = self.conversation.first().and_then(|first| self.runs.get(*first)?.stored_conversation);
        if let Some(state) = self.runs.get_mut(run) {
            state.stored_conversation = stored;
            state.conversation = self.conversation.first().copied().unwrap_or(run);
            state.position = u32::try_from(self.conversation.len()).unwrap_or(u32::MAX);
            state.params = request.params.clone();
            state.system.clone_from(&request.system);
            state.request = Some(request.clone());
        }
        self.conversation.push(run);
        self.counts.forget();
        self.prompt.clear();
        self.prompt.attachments.clear();
        self.output.to_bottom();
        vec![Effect::StartRun { run, target, request, demo: self.demo }, Effect::SaveRun { run }]
    }

    /// The chosen target and the request a send of `prompt` would make to it (the conversation
    /// so far, the prompt with its files, the system prompt and the parameters); `None`, said in
    /// the status line, when no model is chosen.
    pub(super) fn next_single_request(&mut self, prompt: &str) -> Option<(Target, ChatRequest)> {
        let target = self.targets.target();
        if target.model.trim().is_empty() {
            self.complain(format!("{} has no model selected: press m in the route pane to type one", target.route));
            return None;
        }
        let request = next_request(
            self.conversation_runs(),
            (prompt, &self.prompt.attachments),
            &self.prompt.system,
            &self.prompt.params,
        );
        Some((target, request))
    }

    fn cancel(&mut self) -> Vec<Effect> {
        if self.matrix_running() {
            return self.stop_matrix();
        }
        // In the matrix view, with nothing to stop, the key closes it.
        if self.matrix_shown() && self.overlay.is_none() && !self.is_streaming() {
            self.show_matrix(false);
            return Vec::new();
        }
        let effects = self.cancel_live_runs();
        if effects.is_empty() {
            self.notify("nothing is running");
        } else {
            self.notify("cancelled; the partial answer is kept");
        }
        effects
    }

    pub(super) fn cancel_live_runs(&mut self) -> Vec<Effect> {
        // Cancelling stops a running matrix too: its live cells end cancelled, stored so.
        let mut effects = self.stop_matrix();
        let live: Vec<_> = self.runs.live().map(|run| run.id).collect();
        let now = self.now;
        effects.extend(
            live.into_iter()
                .flat_map(|run| {
                    if let Some(state) = self.runs.get_mut(run) {
                        state.cancel(now);
                    }
                    [Effect::CancelRun { run }, Effect::SaveRun { run }]
                })
                .collect::<Vec<_>>(),
        );
        effects
    }

    fn new_conversation(&mut self) -> Vec<Effect> {
        let effects = self.cancel_live_runs();
        self.conversation.clear();
        self.output.to_bottom();
        self.notify("new conversation");
        effects
    }

    fn copy_last_answer(&mut self) -> Vec<Effect> {
        let answer = self.conversation_runs().rev().find(|run| !run.text.is_empty()).map(|run| run.text.clone());
        let Some(text) = answer else {
            self.complain("no answer to copy yet");
            return Vec::new();
        };
        self.notify(format!("copied {} characters to the clipboard (OSC 52)", text.chars().count()));
        vec![Effect::CopyToClipboard(text)]
    }

    fn select(&mut self) -> Vec<Effect> {
        match &self.overlay {
            Some(Overlay::Editor(editor)) => {
                let (kind, value) = (editor.kind, editor.value());
                return self.apply_editor(kind, &value);
            }
            Some(Overlay::Help { .. } | Overlay::Explain(_) | Overlay::Inspector { .. } | Overlay::Doctor(_)) => {
                self.overlay = None;
            }
            Some(Overlay::History(_)) => return self.open_history_row(),
            None if self.matrix_shown() => return self.open_matrix_row(),
            None if self.focus == Focus::Targets => {
                let target = self.targets.target();
                self.notify(format!("next run: {} · {}", target.route, target.model));
                self.focus = Focus::Prompt;
            }
            // Reopening a stored matrix is done by `perform_in_matrix_list`, before this.
            Some(Overlay::Matrices(_)) | None => {}
        }
        Vec::new()
    }

    fn toggle_demo(&mut self) -> Vec<Effect> {
        self.demo = !self.demo;
        self.targets.show_demo_models(self.demo);
        self.sidebar.statuses = None;
        self.sidebar.aws = None;
        self.sidebar.google = None;
        self.notify(if self.demo {
            "Bedrock and Google routes: demo mode (built-in emulator, demo credentials)"
        } else {
            "Bedrock and Google routes: real AWS and Google Cloud"
        });
        vec![Effect::CheckCredentials(self.credential_check(false))]
    }

    fn cycle_theme(&mut self) {
        if self.theme_names.is_empty() {
            return;
        }
        let index = self
            .theme_names
            .iter()
            .position(|name| *name == self.theme)
            .map_or(0, |i| (i + 1) % self.theme_names.len());
        self.theme.clone_from(&self.theme_names[index]);
        self.notify(format!("theme: {}", self.theme));
    }
}
