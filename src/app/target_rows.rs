//! Which rows of the route pane show what: the routes (scrolled to keep the chosen one in
//! view), a line saying how many more are out of sight, the places, the models' heading, the
//! models, and their own "more" line. Shared by the view (to draw) and by `update` (to know
//! what a click hit), so both agree.

use super::App;
use ratatui::layout::{Margin, Rect};
use std::ops::Range;

/// Model rows kept in view however many routes there are.
const MIN_MODEL_ROWS: usize = 3;

/// The rows of the route pane, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRows {
    /// Indices of the routes shown.
    pub routes: Range<usize>,
    /// How many routes are out of sight above and below; a line says so when either is not 0.
    pub routes_hidden: (usize, usize),
    /// Lines for the places (region, profile or location, project).
    pub places: usize,
    /// Positions in [`App::visible_models`] of the models shown.
    pub models: Range<usize>,
    /// How many matching models are out of sight above and below.
    pub models_hidden: (usize, usize),
}

/// What a row of the route pane is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetRow {
    /// The route at this index.
    Route(usize),
    /// The model at this index of the route's full list.
    Model(usize),
}

impl TargetRows {
    /// The rows for a pane `height` rows tall inside its border.
    #[must_use]
    pub fn of(app: &App, height: usize) -> Self {
        let route_count = app.targets.routes().len();
        let selected_route = app.targets.selected_index();
        let route = app.targets.current().route;
        let places = if route.is_aws() || route.is_vertex() { 2 } else { 0 };
        let models = app.visible_models();
        let chosen = models.iter().position(|(index, _)| *index == app.targets.current().selected).unwrap_or(0);
        // On a short pane the route list scrolls, so a few models always stay in view.
        let kept_models = models.len().min(MIN_MODEL_ROWS);
        let mut route_rows = height.saturating_sub(places + 1 + kept_models).clamp(1, route_count.max(1));
        if route_rows < route_count {
            route_rows = route_rows.saturating_sub(1).max(1);
        }
        let first_route = selected_route.saturating_sub(route_rows - 1).min(route_count.saturating_sub(route_rows));
        let routes = first_route..(first_route + route_rows).min(route_count);
        let routes_hidden = (routes.start, route_count - routes.end);
        let fold = usize::from(routes_hidden != (0, 0));
        let mut room = height.saturating_sub(routes.len() + fold + places + 1);
        if models.len() > room {
            room = room.saturating_sub(1).max(1);
        }
        let first_model = chosen.saturating_sub(room.saturating_sub(1)).min(models.len().saturating_sub(room));
        let shown = first_model..(first_model + room).min(models.len());
        let models_hidden = (shown.start, models.len() - shown.end);
        Self { routes, routes_hidden, places, models: shown, models_hidden }
    }

    /// What row `row` (counted from the top inside the border) shows, if it is a route or a
    /// model.
    #[must_use]
    pub fn at(&self, app: &App, row: usize) -> Option<TargetRow> {
        if row < self.routes.len() {
            return Some(TargetRow::Route(self.routes.start + row));
        }
        let fold = usize::from(self.routes_hidden != (0, 0));
        let first_model_row = self.routes.len() + fold + self.places + 1;
        let offset = row.checked_sub(first_model_row).filter(|offset| *offset < self.models.len())?;
        app.visible_models().get(self.models.start + offset).map(|(index, _)| TargetRow::Model(*index))
    }
}

impl App {
    /// What a click at column `x`, row `y` of the screen hit in the route pane.
    #[must_use]
    pub fn target_row_at(&self, x: u16, y: u16) -> Option<TargetRow> {
        let inner: Rect = self.panes().targets.inner(Margin::new(1, 1));
        if !inner.contains(ratatui::layout::Position::new(x, y)) {
            return None;
        }
        TargetRows::of(self, usize::from(inner.height)).at(self, usize::from(y - inner.y))
    }
}
