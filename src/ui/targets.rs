//! The route/model pane: every route with its credential mark, then the models of the
//! selected route with the chosen one highlighted.

use super::pane;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::focus::Focus;
use crate::auth::CredentialStatus;
use crate::routes::PlaceKind;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A one-character credential mark and its role.
#[must_use]
pub fn credential_mark(status: Option<&CredentialStatus>) -> (&'static str, Role) {
    match status {
        Some(CredentialStatus::Ready { .. }) => ("✓", Role::Ok),
        Some(CredentialStatus::Missing { .. }) => ("○", Role::Warn),
        Some(CredentialStatus::Error { .. }) => ("✗", Role::Error),
        None => ("…", Role::Dim),
    }
}

/// Model rows kept in view however many routes there are.
const MIN_MODEL_ROWS: usize = 3;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let focused = app.focus == Focus::Targets && app.overlay.is_none();
    let block = pane::block("Route & model", focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let current = app.targets.current();
    let places = match current.route.spec().place_kind() {
        PlaceKind::Aws => vec![("region", &app.targets.region, "r"), ("profile", &app.targets.profile, "p")],
        PlaceKind::Vertex => vec![("location", &app.targets.location, "r"), ("project", &app.targets.project, "p")],
        PlaceKind::None => Vec::new(),
    };
    // On a short pane the route list scrolls, so a few models always stay in view.
    let height = usize::from(inner.height);
    let model_rows = current.models.len().min(MIN_MODEL_ROWS);
    let route_rows = height.saturating_sub(places.len() + 1 + model_rows).max(1);
    let routes = app.targets.routes();
    let first_route =
        app.targets.selected_index().saturating_sub(route_rows - 1).min(routes.len().saturating_sub(route_rows));
    let mut lines = Vec::new();
    for (index, choice) in routes.iter().enumerate().skip(first_route).take(route_rows) {
        let selected = index == app.targets.selected_index();
        let (mark, role) = credential_mark(app.sidebar.status(choice.route));
        let pointer = if selected { "▸ " } else { "  " };
        let name_style = if selected { theme.get(Role::Accent) } else { theme.get(Role::Text) };
        lines.push(Line::from(vec![
            Span::styled(pointer, theme.get(Role::Accent)),
            Span::styled(format!("{mark} "), theme.get(role)),
            Span::styled(choice.route.name().to_owned(), name_style),
        ]));
    }
    for (name, value, key) in places {
        lines.push(Line::from(vec![
            Span::styled(format!("{name} "), theme.get(Role::Dim)),
            Span::styled(value.clone().unwrap_or_else(|| "from env".into()), theme.get(Role::Accent)),
            Span::styled(format!(" ({key})"), theme.get(Role::Dim)),
        ]));
    }
    lines.push(Line::from(Span::styled(format!("─ {} models ─", current.route), theme.get(Role::Dim))));
    let room = usize::from(inner.height).saturating_sub(lines.len());
    // Keep the chosen model in view when the list is longer than the room left.
    let first = current.selected.saturating_sub(room.saturating_sub(1));
    for (index, model) in current.models.iter().enumerate().skip(first).take(room) {
        let style = if index == current.selected { theme.get(Role::Selection) } else { theme.get(Role::Text) };
        lines.push(Line::from(Span::styled(format!(" {} ", model.id), style)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
