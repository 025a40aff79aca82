//! The route explainer overlay: the chosen route's card (what it is, with its sources), then
//! its request beside another route's for the same model, as a two-column table.

use super::help::centered;
use super::markdown;
use super::pane;
use super::theme::{Role, Theme};
use crate::app::explain::ExplainView;
use crate::routes::explain::{RouteDiff, card};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// Width of the label column, in the card and in the table.
const LABEL: usize = 20;

/// Space between the table's two columns.
const GAP: usize = 2;

pub fn draw(frame: &mut Frame, area: Rect, view: &ExplainView, theme: &Theme) {
    let popup = centered(area, 132, 48);
    let title =
        format!("Route explainer: {} vs {} (←/→ other route · ↑/↓ scroll · Esc closes)", view.target.route, view.other);
    let block = pane::block(&title, true, theme);
    let inner = block.inner(popup);
    let lines = explain_lines(view, theme, usize::from(inner.width));
    let max_scroll = u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_sub(inner.height);
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((view.scroll.min(max_scroll), 0)), popup);
}

/// Every line of the overlay at `width` columns: the card, its sources, then the diff.
fn explain_lines(view: &ExplainView, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let chosen = card(view.target.route);
    let text = theme.get(Role::Text);
    let mut lines = vec![Line::from(vec![
        Span::styled(chosen.name.clone(), theme.get(Role::Heading)),
        Span::styled(format!("  {} · {}", chosen.id, shown_model(&view.target.model)), theme.get(Role::Dim)),
    ])];
    lines.extend(wrap(&chosen.summary, width, text));
    lines.push(Line::default());
    for (label, fact) in chosen.facts() {
        let fact = if label == "Auth" { format!("{fact} · header {}", chosen.auth_header()) } else { fact.to_owned() };
        lines.extend(labelled(label, &fact, width, theme, text));
    }
    for (index, source) in chosen.sources.iter().enumerate() {
        let label = if index == 0 { "Sources" } else { "" };
        lines.extend(labelled(label, source, width, theme, theme.get(Role::Link)));
    }
    lines.push(Line::default());
    let heading = format!("Beside {}: {}, for the same model", view.other, card(view.other).name);
    lines.push(Line::from(Span::styled(heading, theme.get(Role::Heading))));
    match &view.diff {
        Ok(diff) => lines.extend(diff_lines(diff, theme, width)),
        Err(note) => {
            let note = format!("{note}; the card above still applies.");
            lines.extend(wrap(&note, width, theme.get(Role::Warn)));
        }
    }
    if !view.parity.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("With the parameters set in F4", theme.get(Role::Heading))));
        for warning in &view.parity {
            lines.extend(wrap(&format!("⚠ {warning}"), width, theme.get(Role::Warn)));
        }
    }
    lines
}

/// The two-column table: a header naming both routes, a row per aspect (marked `≠` where the
/// routes differ), the body fields both send, and what the sample request was.
fn diff_lines(diff: &RouteDiff, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let column = width.saturating_sub(LABEL + GAP) / 2;
    let header = |text: &str| Span::styled(pad(text, column + GAP), theme.get(Role::Heading));
    let mut lines =
        vec![Line::from(vec![Span::raw(" ".repeat(LABEL)), header(diff.a.route.name()), header(diff.b.route.name())])];
    for row in diff.rows() {
        let (mark, mark_role) = if row.differs() { ("≠ ", Role::Accent) } else { ("= ", Role::Dim) };
        let a = wrap(&row.a, column, theme.get(Role::Text));
        let b = wrap(&row.b, column, theme.get(Role::Text));
        for index in 0..a.len().max(b.len()) {
            let label = if index == 0 { row.label } else { "" };
            let mut spans = vec![
                Span::styled(if index == 0 { mark } else { "  " }, theme.get(mark_role)),
                Span::styled(pad(label, LABEL - 2), theme.get(Role::HelpKey)),
            ];
            let left = a.get(index).cloned().unwrap_or_default();
            let filler = (column + GAP).saturating_sub(left.width());
            spans.extend(left.spans);
            spans.push(Span::raw(" ".repeat(filler)));
            spans.extend(b.get(index).cloned().unwrap_or_default().spans);
            lines.push(Line::from(spans));
        }
    }
    let both = if diff.both.is_empty() { "none".to_owned() } else { diff.both.join(", ") };
    lines.extend(labelled("In both bodies", &both, width, theme, theme.get(Role::Text)));
    let note = "Built by routeplay's own request builders for the prompt \"Hello\" (system \"Answer briefly.\", \
                temperature 0.5), against each route's default host; credentials are never shown.";
    lines.push(Line::default());
    lines.extend(wrap(note, width, theme.get(Role::Dim)));
    lines
}

/// `label` in the label column, `text` wrapped beside it.
fn labelled(label: &str, text: &str, width: usize, theme: &Theme, style: Style) -> Vec<Line<'static>> {
    wrap(text, width.saturating_sub(LABEL), style)
        .into_iter()
        .enumerate()
        .map(|(index, mut line)| {
            let left = if index == 0 { pad(label, LABEL) } else { " ".repeat(LABEL) };
            line.spans.insert(0, Span::styled(left, theme.get(Role::HelpKey)));
            line
        })
        .collect()
}

fn wrap(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    markdown::plain(text, u16::try_from(width.max(1)).unwrap_or(u16::MAX), style, "")
}

fn pad(text: &str, width: usize) -> String {
    format!("{text:<width$}")
}

fn shown_model(model: &str) -> &str {
    if model.is_empty() { "no model chosen" } else { model }
}
