//! The compare view: one column per target, side by side when the terminal is wide enough,
//! stacked rows when it is tall enough, else tabs; a zoomed column fills the view. Each column
//! keeps its figures on top and scrolls its answer; a summary strip ranks the targets once all
//! are done.

mod answer;
mod column;
mod diff;
mod labels;
mod summary;

pub use answer::CompareCache;

use super::pane;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::compare::Column;
use crate::app::focus::Focus;
use crate::app::runs::Run;
use column::ColumnStyle;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::time::Instant;

/// Narrowest a side-by-side column may be.
const MIN_COLUMN_WIDTH: u16 = 26;
/// Lowest a stacked row may be.
const MIN_ROW_HEIGHT: u16 = 7;

/// How the columns share the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    Zoomed,
    SideBySide,
    Stacked,
    Tabs,
}

/// The arrangement for `count` columns in `area`.
#[must_use]
pub fn arrangement(zoomed: bool, count: u16, area: Rect) -> Arrangement {
    if zoomed || count <= 1 {
        Arrangement::Zoomed
    } else if area.width / count >= MIN_COLUMN_WIDTH {
        Arrangement::SideBySide
    } else if area.height / count >= MIN_ROW_HEIGHT {
        Arrangement::Stacked
    } else {
        Arrangement::Tabs
    }
}

/// Draw the compare view into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, cache: &mut CompareCache, now: Instant) {
    let compare = &app.compare;
    let mut title = format!("Compare · {}", crate::app::counted(compare.columns.len(), "target"));
    if compare.diff {
        title.push_str(" · diff vs ★ref");
    }
    if compare.requests {
        title.push_str(" · requests and streams (v: answers, F9: inspector)");
    } else if !compare.together {
        title.push_str(" · scrolling one column");
    }
    let block = pane::block(&title, app.focus == Focus::Output && app.overlay.is_none(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if compare.columns.is_empty() {
        let hint = "No targets yet: in the route pane, a adds the chosen route and model, e this model on every route.";
        frame.render_widget(
            Paragraph::new(hint).style(theme.get(Role::Dim)).wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let strip = summary::lines(app, inner.width, theme);
    let strip_height = u16::try_from(strip.len()).unwrap_or(u16::MAX).min(inner.height / 3);
    let [columns_area, strip_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(strip_height)]).areas(inner);
    frame.render_widget(Paragraph::new(strip), strip_area);
    let count = u16::try_from(compare.columns.len()).unwrap_or(u16::MAX);
    let reference = compare.columns.get(compare.reference).and_then(Column::last).and_then(|id| app.runs.get(id));
    let diff_against = reference.filter(|_| compare.diff);
    let draw_one = |frame: &mut Frame, cache: &mut CompareCache, index: usize, area: Rect| {
        draw_column(frame, area, app, index, theme, cache, now, diff_against);
    };
    match arrangement(compare.zoomed, count, columns_area) {
        Arrangement::Zoomed => draw_one(frame, cache, compare.focused, columns_area),
        Arrangement::SideBySide => {
            let areas = Layout::horizontal(vec![Constraint::Ratio(1, u32::from(count)); usize::from(count)])
                .split(columns_area);
            for (index, area) in areas.iter().enumerate() {
                draw_one(frame, cache, index, *area);
            }
        }
        Arrangement::Stacked => {
            let areas =
                Layout::vertical(vec![Constraint::Ratio(1, u32::from(count)); usize::from(count)]).split(columns_area);
            for (index, area) in areas.iter().enumerate() {
                draw_one(frame, cache, index, *area);
            }
        }
        Arrangement::Tabs => {
            let [tabs, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(columns_area);
            frame.render_widget(Paragraph::new(tab_bar(app, theme)), tabs);
            draw_one(frame, cache, compare.focused, rest);
        }
    }
}

/// One column in its own box: figures on top, the answer below, scrolled.
#[allow(clippy::too_many_arguments, reason = "one call site, each argument a different thing")]
fn draw_column(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    index: usize,
    theme: &Theme,
    cache: &mut CompareCache,
    now: Instant,
    diff_against: Option<&Run>,
) {
    let compare = &app.compare;
    let column = &compare.columns[index];
    let mut title = column_title(column);
    if index == compare.reference && compare.diff {
        title = format!("★ref {title}");
    }
    let block = pane::block(&title, index == compare.focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let detailed = compare.zoomed || compare.columns.len() == 1;
    let style = ColumnStyle { theme, width: inner.width, now, diff_against, detailed };
    if compare.requests {
        draw_request(frame, inner, app, column, theme, &mut cache.requests);
        return;
    }
    let figures = column::figures(app, index, &style);
    let figure_height = u16::try_from(figures.len()).unwrap_or(u16::MAX).min(inner.height / 2);
    let [top, rest] = Layout::vertical([Constraint::Length(figure_height), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(figures), top);
    column::prepare(app, column, &style, cache);
    let body = column::body(app, column, &style, cache);
    let total: usize = body.iter().map(column::Part::len).sum();
    let height = usize::from(rest.height);
    let offset = column.scroll.min(total.saturating_sub(height));
    let first = total.saturating_sub(height + offset);
    let visible = column::window(&body, first, height);
    frame.render_widget(Paragraph::new(visible).style(theme.get(Role::Assistant)), rest);
}

/// The column's latest run as the inspector shows it, from `request_scroll` lines down.
fn draw_request(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    column: &Column,
    theme: &Theme,
    cache: &mut crate::ui::inspector::InspectorCache,
) {
    let Some(run) = column.last().and_then(|id| app.runs.get(id)) else {
        frame.render_widget(Paragraph::new("not sent yet").style(theme.get(Role::Dim)), area);
        return;
    };
    let lines = cache.lines(run, false, area.width, theme);
    let first = app.compare.request_scroll.min(lines.len().saturating_sub(usize::from(area.height)));
    let visible: Vec<Line<'static>> = lines.iter().skip(first).take(usize::from(area.height)).cloned().collect();
    frame.render_widget(Paragraph::new(visible), area);
}

/// `route@place · model`.
fn column_title(column: &Column) -> String {
    let target = &column.target;
    match target.place.site() {
        Some(place) => format!("{}@{place} · {}", target.route, target.model),
        None => format!("{} · {}", target.route, target.model),
    }
}

/// One tab per target, the focused one highlighted, each with its phase mark.
fn tab_bar(app: &App, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (index, column) in app.compare.columns.iter().enumerate() {
        let run = column.last().and_then(|id| app.runs.get(id));
        let mark = match run.map(|run| &run.phase) {
            Some(crate::app::runs::Phase::Done) => "✓",
            Some(crate::app::runs::Phase::Failed(_)) => "✗",
            Some(crate::app::runs::Phase::Cancelled) => "■",
            Some(_) => "●",
            None => "·",
        };
        let role = if index == app.compare.focused { Role::Selection } else { Role::Dim };
        spans.push(Span::styled(format!(" {mark} {} ", index + 1), theme.get(role)));
    }
    spans.push(Span::styled(" ←→ switch, z zooms", theme.get(Role::Dim)));
    Line::from(spans)
}

/// The run's estimated cost, for the strip: `None` when the price is unknown.
fn cost_usd(app: &App, run: &Run) -> Option<f64> {
    crate::models::cost::estimate_served(&app.catalog, &run.target, &run.usage, run.served.service_tier.as_deref())
        .map(|cost| cost.usd)
}

/// The run's estimated cost as shown in its column (its basis shows when zoomed).
fn cost_label(app: &App, run: &Run) -> String {
    cost_usd(app, run).map_or_else(|| "cost unknown".to_owned(), |usd| format!("≈ ${usd:.4} (z: basis)"))
}

/// Parameters, request controls and files the column's route will drop, map, leave
/// unconfirmed or reject: the column's own parameters or the prompt's, and the files its
/// latest run sent.
fn warnings(app: &App, column: &Column) -> Vec<String> {
    let params = column.params.as_ref().unwrap_or(&app.prompt.params);
    let run = column.last().and_then(|id| app.runs.get(id));
    let kinds = run.map(crate::app::run_facts::attachment_kinds).unwrap_or_default();
    crate::models::parity::parity_warnings_with(&app.catalog, &column.target, params, &kinds)
}
