//! Presenter mode: in `--demo` and `--script` a `DEMO` badge on the output pane's top border,
//! and with a script the step on screen (`step 2/5`), its title and the key to the next one.

use super::targets::cut_middle;
use super::theme::{Role, Theme};
use crate::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Draw the presenter line at the right of `area`'s top border (the output pane's).
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if !(app.demo || app.script.is_some()) || area.width < 20 {
        return;
    }
    // Clear of the corners and of the pane's own title ("╭ Output ").
    let room = usize::from(area.width - 12);
    let badge = Span::styled(" DEMO ", theme.get(Role::Selection));
    let mut spans = vec![badge];
    if let Some(script) = &app.script {
        let (step, hint) = match (script.next, script.steps.len()) {
            (0, total) => (format!(" {} · {total} steps", script.name), " · ctrl+n starts "),
            (next, total) if next < total => (format!(" step {next}/{total}"), " · ctrl+n next "),
            (next, total) => (format!(" step {next}/{total}"), " · last step "),
        };
        let fixed = 6 + step.width() + hint.width();
        let title = script.title.as_deref().filter(|_| room > fixed + 6).map(|title| {
            let text = cut_middle(title, room - fixed - 3);
            format!(" · {text}")
        });
        spans.push(Span::styled(step, theme.get(Role::Accent)));
        spans.extend(title.map(|title| Span::styled(title, theme.get(Role::Text))));
        if spans.iter().map(Span::width).sum::<usize>() + hint.width() <= room {
            spans.push(Span::styled(hint, theme.get(Role::Dim)));
        }
    }
    let line = Line::from(spans);
    let width = u16::try_from(line.width().min(room)).unwrap_or(0);
    let x = area.right().saturating_sub(width + 2);
    frame.render_widget(Paragraph::new(line), Rect::new(x, area.y, width, 1));
}
