//! Where each pane sits for a terminal size. Pure geometry, shared by the views (to draw)
//! and by `update` (to know which pane a mouse click hit).

use ratatui::layout::Rect;

/// The rectangles of every pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub targets: Rect,
    pub sidebar: Rect,
    /// Figures of the latest run; only on wide screens (zero-sized otherwise).
    pub details: Rect,
    pub output: Rect,
    pub prompt: Rect,
    pub status: Rect,
}

/// Below this width the route/model column gives way to the transcript.
const MIN_WIDTH_FOR_COLUMN: u16 = 60;

/// From this width the sidebar moves to a right-hand column with the latest run's details.
const MIN_WIDTH_FOR_RIGHT_COLUMN: u16 = 150;

/// Lay out a `width`×`height` screen whose prompt has `prompt_lines` lines of text.
#[must_use]
pub fn panes(width: u16, height: u16, prompt_lines: usize) -> Panes {
    panes_for(width, height, prompt_lines, false)
}

/// [`panes`], where `compare` gives the compare view the right-hand column too: its columns
/// carry their own figures, and every column of width they get shows more of each answer.
#[must_use]
pub fn panes_for(width: u16, height: u16, prompt_lines: usize, compare: bool) -> Panes {
    let status = Rect::new(0, height.saturating_sub(1), width, height.min(1));
    let body_height = height.saturating_sub(1);
    if width >= MIN_WIDTH_FOR_RIGHT_COLUMN && !compare {
        return three_columns(width, body_height, prompt_lines, status);
    }
    // The route column grows with the screen, so long model ids show whole on wide ones; the
    // compare view keeps it narrow, since its columns need the width more.
    let column = match width {
        w if w < MIN_WIDTH_FOR_COLUMN => 0,
        w if !compare => (w * 3 / 10).clamp(24, 40),
        w if w >= 120 => 34,
        w if w >= 90 => 28,
        _ => 24,
    };
    let targets_height = if column == 0 { 0 } else { (body_height * 11 / 20).max(6).min(body_height) };
    let targets = Rect::new(0, 0, column, targets_height);
    let sidebar = Rect::new(0, targets_height, column, body_height.saturating_sub(targets_height));
    let (output, prompt) = transcript_and_prompt(column, width.saturating_sub(column), body_height, prompt_lines);
    Panes { targets, sidebar, details: Rect::default(), output, prompt, status }
}

/// Wide screens: route and model on the left, transcript and prompt in the middle,
/// credentials and the latest run's details on the right.
fn three_columns(width: u16, body_height: u16, prompt_lines: usize, status: Rect) -> Panes {
    let left = (width / 5).clamp(34, 56);
    let right = 44;
    let targets = Rect::new(0, 0, left, body_height);
    let middle = width - left - right;
    let (output, prompt) = transcript_and_prompt(left, middle, body_height, prompt_lines);
    let sidebar_height = body_height / 2;
    let sidebar = Rect::new(left + middle, 0, right, sidebar_height);
    let details = Rect::new(left + middle, sidebar_height, right, body_height - sidebar_height);
    Panes { targets, sidebar, details, output, prompt, status }
}

/// The transcript above the prompt, which gets its text plus borders and the parameters
/// line: between 5 rows and a third of the height.
fn transcript_and_prompt(x: u16, width: u16, body_height: u16, prompt_lines: usize) -> (Rect, Rect) {
    let wanted = u16::try_from(prompt_lines).unwrap_or(u16::MAX).saturating_add(3).max(5);
    let prompt_height = wanted.min((body_height / 3).max(5)).min(body_height);
    let output = Rect::new(x, 0, width, body_height.saturating_sub(prompt_height));
    let prompt = Rect::new(x, output.height, width, prompt_height);
    (output, prompt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_an_80_by_24_screen() {
        let p = panes(80, 24, 1);
        assert_eq!(p.status, Rect::new(0, 23, 80, 1));
        assert_eq!(p.targets.width + p.output.width, 80);
        assert_eq!(p.output.height + p.prompt.height, 23);
        assert_eq!(p.targets.height + p.sidebar.height, 23);
        assert!(p.prompt.height >= 5);
    }

    #[test]
    fn a_narrow_screen_drops_the_column() {
        let p = panes(50, 20, 1);
        assert_eq!(p.targets.width, 0);
        assert_eq!(p.output.width, 50);
    }

    #[test]
    fn a_wide_screen_gets_a_right_column_with_details() {
        let p = panes(200, 50, 1);
        assert_eq!(p.targets.width + p.output.width + p.sidebar.width, 200);
        assert_eq!(p.sidebar.x, p.details.x);
        assert_eq!(p.sidebar.height + p.details.height, 49);
    }

    #[test]
    fn the_route_column_grows_with_the_width_within_bounds() {
        let column = |width| panes(width, 40, 1).targets.width;
        assert_eq!(column(80), 24);
        assert!(column(120) > column(90) && column(90) > column(80));
        assert_eq!(column(200), 40);
        assert_eq!(column(400), 56);
    }

    #[test]
    fn tiny_screens_do_not_panic() {
        for (w, h) in [(0, 0), (1, 1), (10, 3), (80, 2)] {
            let _ = panes(w, h, 40);
        }
    }
}
