//! The small dialog that edits the system prompt, the parameters or a custom model id.

use super::help::centered;
use super::theme::{Role, Theme};
use crate::app::editor::{EditorKind, FieldEditor};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

pub fn draw(frame: &mut Frame, area: Rect, editor: &FieldEditor, theme: &Theme) {
    let lines = u16::try_from(editor.input.lines().len()).unwrap_or(u16::MAX);
    // A dialog of several lines opens with room to write in.
    let shown = if editor.kind.is_multiline() { lines.clamp(6, 16) } else { lines.clamp(1, 10) };
    // The parameters line grows with the request controls: give it the width a screen has.
    let width = if matches!(editor.kind, EditorKind::Params | EditorKind::ColumnParams) { 100 } else { 76 };
    let popup = centered(area, width, shown + 2);
    let footer = match &editor.error {
        Some(error) => Line::from(Span::styled(format!(" {error} "), theme.get(Role::Error))),
        None => match &editor.hint {
            Some(hint) => Line::from(Span::styled(format!(" {hint} · Enter applies "), theme.get(Role::Dim))),
            None if editor.kind.is_multiline() => Line::from(Span::styled(
                " Enter new line · ctrl+s or alt+enter applies · Esc discards ",
                theme.get(Role::Dim),
            )),
            None => Line::from(Span::styled(" Enter applies · Esc discards ", theme.get(Role::Dim))),
        },
    };
    let mut input = editor.input.clone();
    input.set_block(super::pane::block(editor.kind.title(), true, theme).title_bottom(footer));
    input.set_style(theme.get(Role::Text));
    input.set_cursor_style(theme.get(Role::Selection));
    frame.render_widget(Clear, popup);
    frame.render_widget(&input, popup);
}
