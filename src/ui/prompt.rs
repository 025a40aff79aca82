//! The prompt pane: the files attached to the next prompt on its first row, the editor, and the
//! system prompt and parameters in one compact line.

use super::pane;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::focus::Focus;
use crate::app::run_facts;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    // The attached files take the pane's first row while the editor keeps two of its own.
    let area = if app.prompt.attachments.is_empty() || area.height < 4 {
        area
    } else {
        let list = Rect { height: 1, ..area };
        frame.render_widget(Paragraph::new(attached_line(app, area.width, theme)), list);
        Rect { y: area.y + 1, height: area.height - 1, ..area }
    };
    let focused = app.focus == Focus::Prompt && app.overlay.is_none();
    let title = title(app, area.width);
    let system = if app.prompt.system.is_empty() {
        "system –".to_owned()
    } else {
        format!("system {:?}", truncate(&app.prompt.system, 24))
    };
    let footer = Line::from(Span::styled(
        format!(" {system} · {} (F3 system, F4 params, ctrl+o attach, alt+t count) ", app.prompt.params_summary()),
        theme.get(Role::Dim),
    ));
    let block = pane::block(&title, focused, theme).title_bottom(footer);
    let mut editor = app.prompt.editor.clone();
    editor.set_block(block);
    editor.set_style(theme.get(Role::Text));
    editor.set_cursor_line_style(theme.get(Role::Text));
    if focused {
        editor.set_cursor_style(theme.get(Role::Selection));
    } else {
        editor.set_cursor_style(theme.get(Role::Text));
    }
    if app.prompt.editor.is_empty() {
        editor.set_placeholder_text("Ask something… (ctrl+s or alt+enter sends)");
        editor.set_placeholder_style(theme.get(Role::Dim));
    }
    frame.render_widget(&editor, area);
}

/// `attached: a.png image/png 12.0 KiB 640×480 · b.pdf application/pdf 1.2 MiB (alt+o removes
/// the last)`, cut to `width`.
fn attached_line(app: &App, width: u16, theme: &Theme) -> Line<'static> {
    let files: Vec<String> = app.prompt.attachments.iter().map(run_facts::describe).collect();
    let text = format!(" attached: {} (alt+o removes the last)", files.join(" · "));
    let room = usize::from(width);
    let text = if text.chars().count() <= room {
        text
    } else {
        format!("{}…", text.chars().take(room.saturating_sub(1)).collect::<String>())
    };
    Line::from(Span::styled(text, theme.get(Role::Accent)))
}

/// Where the prompt goes: the playground's target, or in the compare view every column's
/// target (by route, or route · model when routes repeat), cut to the pane's width.
fn title(app: &App, width: u16) -> String {
    if !app.compare_shown || app.compare.columns.is_empty() {
        let target = app.targets.target();
        return format!("Prompt → {} · {}", target.route, target.model);
    }
    let columns = &app.compare.columns;
    let routes_repeat =
        columns.iter().enumerate().any(|(i, c)| columns[..i].iter().any(|o| o.target.route == c.target.route));
    let names: Vec<String> = columns
        .iter()
        .map(|c| {
            if routes_repeat { format!("{} · {}", c.target.route, c.target.model) } else { c.target.route.to_string() }
        })
        .collect();
    let full = format!("Prompt → {}: {}", crate::app::counted(columns.len(), "target"), names.join(", "));
    // The block's corners and title padding take 4 columns.
    let room = usize::from(width).saturating_sub(4);
    if full.chars().count() <= room {
        full
    } else {
        format!("{}…", full.chars().take(room.saturating_sub(1)).collect::<String>())
    }
}

/// The first `max` characters of `text`, with an ellipsis when cut.
fn truncate(text: &str, max: usize) -> String {
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.chars().count() > max || text.contains('\n') {
        format!("{}…", first_line.chars().take(max).collect::<String>())
    } else {
        first_line.to_owned()
    }
}
