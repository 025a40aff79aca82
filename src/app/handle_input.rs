//! Keys, paste and mouse: the overlay gets them first, then the focused pane, then the global
//! bindings (as helix does); keys bound to nothing are typed into the focused editor.

use super::action::Action;
use super::editor::EditorKind;
use super::effect::Effect;
use super::focus::Focus;
use super::target_rows::TargetRow;
use super::{App, Overlay};
use crate::keymap::Context;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

/// Vertex AI locations, offered in the location dialog: the global endpoint, the two
/// multi-regions, then regions that serve Gemini (and, `us-east5`, `europe-west1`, Claude).
const VERTEX_LOCATIONS: [&str; 12] = [
    "global",
    "us",
    "eu",
    "us-central1",
    "us-east5",
    "us-east4",
    "us-west1",
    "europe-west1",
    "europe-west4",
    "europe-west9",
    "asia-northeast1",
    "asia-southeast1",
];

/// Lines a page key scrolls the compare columns by.
const COMPARE_PAGE: isize = 10;

/// Regions with Bedrock, offered in the region dialog.
const BEDROCK_REGIONS: [&str; 14] = [
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "sa-east-1",
];

/// Lines one wheel notch scrolls.
const WHEEL_LINES: isize = 3;

impl App {
    /// The keymap contexts that apply now, most specific first.
    #[must_use]
    pub fn key_contexts(&self) -> Vec<Context> {
        match &self.overlay {
            Some(Overlay::Editor(_)) => vec![Context::Editor, Context::Global],
            // The doctor is closed and scrolled as the help is.
            Some(Overlay::Help { .. } | Overlay::Doctor(_)) => vec![Context::Help, Context::Global],
            Some(Overlay::History(_)) => vec![Context::History, Context::Global],
            // The stored matrices take the matrix view's keys (Enter, the arrows, o, Esc).
            Some(Overlay::Matrices(_)) => vec![Context::Matrix, Context::Global],
            Some(Overlay::Explain(_)) => vec![Context::Explain, Context::Global],
            Some(Overlay::Inspector { .. }) => vec![Context::Inspector, Context::Global],
            None if self.matrix_shown() => vec![Context::Matrix, Context::Global],
            None => {
                let pane = match self.focus {
                    Focus::Prompt => Context::Prompt,
                    Focus::Output => Context::Output,
                    Focus::Targets if self.model_filter.is_some() => Context::ModelFilter,
                    Focus::Targets => Context::Targets,
                    Focus::Sidebar => Context::Sidebar,
                };
                vec![pane, Context::Global]
            }
        }
    }

    pub(super) fn on_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        self.notice = None;
        if let Some(effects) = self.answer_quit(key) {
            return effects;
        }
        if let Some(effects) = self.answer_delete(key) {
            return effects;
        }
        if let Some(effects) = self.answer_matrix_start(key) {
            return effects;
        }
        let filtering = self.overlay.is_none() && self.focus == Focus::Targets && self.model_filter.is_some();
        let multiline = matches!(&self.overlay, Some(Overlay::Editor(editor)) if editor.kind.is_multiline());
        match self.keymap.lookup(&self.key_contexts(), key) {
            Some(action) if filtering => return self.filter_action(action),
            // In a dialog of several lines Enter starts a new one; the keys that send a
            // prompt apply it (and, in any dialog, apply what was typed rather than send).
            Some(Action::Select) if multiline => {}
            Some(Action::Submit) if matches!(self.overlay, Some(Overlay::Editor(_))) => {
                return self.perform(Action::Select);
            }
            Some(action) => return self.perform(action),
            None if filtering => {
                self.type_in_model_filter(key);
                return Vec::new();
            }
            None => {}
        }
        let matrix_shown = self.matrix_shown();
        match &mut self.overlay {
            // ctrl+u deletes to the start of the line, as in a shell (the editor's own ctrl+u
            // undoes one edit), so a pre-filled value is cleared in one key.
            Some(Overlay::Editor(editor)) if is_ctrl_u(key) => {
                editor.input.delete_line_by_head();
                editor.error = None;
            }
            Some(Overlay::Editor(editor)) => {
                editor.input.input(*key);
                editor.error = None;
            }
            Some(Overlay::History(_)) => return self.type_in_history(key),
            None if self.focus == Focus::Prompt && !matrix_shown => {
                self.prompt.editor.input(*key);
            }
            Some(
                Overlay::Help { .. }
                | Overlay::Explain(_)
                | Overlay::Inspector { .. }
                | Overlay::Doctor(_)
                | Overlay::Matrices(_),
            )
            | None => {}
        }
        Vec::new()
    }

    pub(super) fn on_paste(&mut self, text: &str) {
        // Terminals send CR for newlines in pastes; the editor wants LF.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        match &mut self.overlay {
            Some(Overlay::Editor(editor)) => {
                editor.input.insert_str(&text);
            }
            Some(Overlay::History(view)) => {
                view.query.insert_str(text.replace('\n', " "));
            }
            Some(
                Overlay::Help { .. }
                | Overlay::Explain(_)
                | Overlay::Inspector { .. }
                | Overlay::Doctor(_)
                | Overlay::Matrices(_),
            ) => {}
            None => {
                self.focus = Focus::Prompt;
                self.prompt.editor.insert_str(&text);
            }
        }
    }

    /// Turn mouse capture off, so the terminal's own text selection works, or on again.
    pub(super) fn toggle_mouse(&mut self) -> Vec<Effect> {
        self.mouse_capture = !self.mouse_capture;
        self.notify(if self.mouse_capture {
            "mouse capture on: clicks and the wheel work in the panes"
        } else {
            "mouse capture off: the terminal selects text (alt+m turns it back on)"
        });
        vec![Effect::SetMouseCapture(self.mouse_capture)]
    }

    pub(super) fn on_mouse(&mut self, mouse: MouseEvent) {
        if self.overlay.is_some() || self.matrix_shown() || !self.mouse_capture {
            return;
        }
        let at = Position::new(mouse.column, mouse.row);
        let panes = self.panes();
        let inside = |area: Rect| area.contains(at);
        match mouse.kind {
            MouseEventKind::ScrollUp if inside(panes.output) => self.output.scroll(WHEEL_LINES),
            MouseEventKind::ScrollDown if inside(panes.output) => self.output.scroll(-WHEEL_LINES),
            MouseEventKind::ScrollUp if inside(panes.targets) => self.targets.move_model(-1),
            MouseEventKind::ScrollDown if inside(panes.targets) => self.targets.move_model(1),
            MouseEventKind::ScrollUp if inside(panes.sidebar) => self.sidebar.scroll_by(-WHEEL_LINES),
            MouseEventKind::ScrollDown if inside(panes.sidebar) => self.sidebar.scroll_by(WHEEL_LINES),
            MouseEventKind::Down(MouseButton::Left) => {
                if inside(panes.prompt) {
                    self.focus = Focus::Prompt;
                } else if inside(panes.output) {
                    self.focus = Focus::Output;
                } else if inside(panes.targets) {
                    self.focus = Focus::Targets;
                    self.click_target(mouse.column, mouse.row);
                } else if inside(panes.sidebar) {
                    self.focus = Focus::Sidebar;
                }
            }
            _ => {}
        }
    }

    /// A click in the route pane chooses the route or model under it.
    fn click_target(&mut self, x: u16, y: u16) {
        let signed = |n: usize| isize::try_from(n).unwrap_or(isize::MAX);
        match self.target_row_at(x, y) {
            Some(TargetRow::Route(index)) => {
                self.targets.move_route(signed(index) - signed(self.targets.selected_index()));
            }
            Some(TargetRow::Model(index)) => {
                self.targets.move_model(signed(index) - signed(self.targets.current().selected));
            }
            None => {}
        }
    }

    /// Scroll whatever the up/down family of actions moves in the current context.
    pub(super) fn move_cursor(&mut self, action: Action) {
        let matrix_shown = self.matrix_shown();
        match &mut self.overlay {
            Some(Overlay::Editor(editor)) => {
                let choices = match editor.kind {
                    EditorKind::Profile => self.sidebar.aws_profiles.clone(),
                    EditorKind::Region => BEDROCK_REGIONS.iter().map(|r| (*r).to_owned()).collect(),
                    EditorKind::Location => VERTEX_LOCATIONS.iter().map(|r| (*r).to_owned()).collect(),
                    EditorKind::CompareOpen => self.compare_sets.iter().map(|(name, _)| name.clone()).collect(),
                    _ => return,
                };
                editor.cycle(&choices, list_step(action).signum());
                return;
            }
            Some(Overlay::History(view)) => {
                view.move_selection(list_step(action));
                return;
            }
            Some(Overlay::Matrices(_)) => {
                self.move_in_matrix_list(list_step(action));
                return;
            }
            Some(Overlay::Help { scroll } | Overlay::Inspector { scroll, .. }) => {
                let step = list_step(action).clamp(isize::from(i16::MIN), isize::from(i16::MAX));
                *scroll = scroll.saturating_add_signed(i16::try_from(step).unwrap_or_default());
                return;
            }
            Some(Overlay::Explain(view)) => {
                view.scroll_by(list_step(action));
                return;
            }
            Some(Overlay::Doctor(view)) => {
                let step = list_step(action).clamp(isize::from(i16::MIN), isize::from(i16::MAX));
                view.scroll = view.scroll.saturating_add_signed(i16::try_from(step).unwrap_or_default());
                return;
            }
            None if matrix_shown => {
                self.move_matrix_selection(action);
                return;
            }
            None => {}
        }
        match self.focus {
            Focus::Sidebar => {
                let page =
                    isize::from(i16::try_from(self.panes().sidebar.height.saturating_sub(2)).unwrap_or(i16::MAX))
                        .max(1);
                match action {
                    Action::Up => self.sidebar.scroll_by(-1),
                    Action::Down => self.sidebar.scroll_by(1),
                    Action::PageUp => self.sidebar.scroll_by(-page),
                    Action::PageDown => self.sidebar.scroll_by(page),
                    Action::Top => self.sidebar.scroll = 0,
                    _ => self.sidebar.scroll = u16::MAX,
                }
            }
            Focus::Targets => match action {
                Action::Up | Action::PageUp => self.targets.move_model(-1),
                Action::Down | Action::PageDown => self.targets.move_model(1),
                _ => {}
            },
            Focus::Output if self.compare_shown => match action {
                Action::Up => self.compare.scroll(1),
                Action::Down => self.compare.scroll(-1),
                Action::PageUp => self.compare.scroll(COMPARE_PAGE),
                Action::PageDown => self.compare.scroll(-COMPARE_PAGE),
                Action::Top => self.compare.scroll(isize::MAX / 2),
                _ => self.compare.scroll(isize::MIN / 2),
            },
            Focus::Output | Focus::Prompt => match action {
                Action::Up => self.output.scroll(1),
                Action::Down => self.output.scroll(-1),
                Action::PageUp => self.output.scroll(self.output.page()),
                Action::PageDown => self.output.scroll(-self.output.page()),
                Action::Top => self.output.to_top(),
                _ => self.output.to_bottom(),
            },
        }
    }
}

/// ctrl+u, which clears a line in the dialogs and the history search.
pub(super) fn is_ctrl_u(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('u') && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// How far an up/down action moves in a list or overlay: a line, a page of ten, or to an end.
fn list_step(action: Action) -> isize {
    match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -10,
        Action::PageDown => 10,
        Action::Top => isize::MIN / 2,
        _ => isize::MAX / 2,
    }
}
