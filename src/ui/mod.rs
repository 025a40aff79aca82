//! Pure views over `&App`: they borrow the state, never fetch, lock or await. The one
//! mutable argument is the transcript cache, a memo of rendered lines.

pub mod batch_jobs;
pub mod compare;
pub mod confirm;
pub mod details;
pub mod doctor;
pub mod editor;
pub mod explain;
pub mod help;
pub mod history;
pub mod inspector;
pub mod markdown;
pub mod matrix;
pub mod matrix_cells;
pub mod matrix_list;
pub mod output;
pub mod pane;
pub mod presenter;
pub mod prompt;
mod shown_tail;
pub mod sidebar;
pub mod stall;
pub mod status;
pub mod targets;
pub mod theme;
pub mod transcript;

use crate::app::{App, Overlay};
use output::OutputMetrics;
use ratatui::Frame;
use ratatui::widgets::Block;
use std::time::Instant;
use theme::{Role, Theme};
use transcript::TranscriptCache;

/// Draw the whole screen; return what the output pane measured.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, cache: &mut TranscriptCache, now: Instant) -> OutputMetrics {
    let area = frame.area();
    frame.render_widget(Block::default().style(theme.get(Role::Text)), area);
    let panes = app.panes();
    targets::draw(frame, panes.targets, app, theme);
    let sidebar_max_scroll = sidebar::draw(frame, panes.sidebar, app, theme, now);
    details::draw(frame, panes.details, app, theme);
    let mut metrics = if app.compare_shown {
        compare::draw(frame, panes.output, app, theme, &mut cache.compare, now);
        OutputMetrics::default()
    } else {
        output::draw(frame, panes.output, app, theme, cache, now)
    };
    presenter::draw(frame, panes.output, app, theme);
    metrics.sidebar_max_scroll = sidebar_max_scroll;
    prompt::draw(frame, panes.prompt, app, theme);
    status::draw(frame, panes.status, app, theme, now);
    if app.matrix_shown() {
        matrix::draw(frame, area, app, theme, now);
    }
    match &app.overlay {
        Some(Overlay::Help { scroll }) => {
            metrics.overlay_max_scroll = Some(help::draw(frame, area, app, theme, *scroll));
        }
        Some(Overlay::Editor(editor)) => editor::draw(frame, area, editor, theme),
        Some(Overlay::History(view)) => history::draw(frame, area, view, app, theme),
        Some(Overlay::Matrices(list)) => matrix_list::draw(frame, area, list, theme),
        Some(Overlay::Explain(view)) => explain::draw(frame, area, view, theme),
        Some(Overlay::Doctor(view)) => metrics.overlay_max_scroll = Some(doctor::draw(frame, area, view, theme)),
        Some(Overlay::Inspector { run, raw, scroll }) => {
            if let Some(run) = app.runs.get(*run) {
                let scroll = inspector::draw(frame, area, (run, *raw, *scroll), theme, &mut cache.inspector);
                metrics.overlay_max_scroll = Some(scroll);
            }
        }
        None => {}
    }
    if let Some(losses) = &app.quit.confirm {
        confirm::draw(
            frame,
            area,
            ("Quit", &format!("Quit? {losses} would be lost.")),
            "y or Enter quits · any other key stays",
            theme,
        );
    }
    if let Some(question) = app.matrix.as_ref().and_then(matrix::start_question) {
        confirm::draw(
            frame,
            area,
            ("Start the matrix", &question),
            "y or Enter starts · any other key does not",
            theme,
        );
    }
    metrics
}
