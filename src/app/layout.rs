//! Where each pane sits for a terminal size. Pure geometry, shared by the views (to draw)
//! and by `update` (to know which pane a mouse click hit).

use ratatui::layout::Rect;

/// The rectangles of every pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub targets: Rect,
    pub sidebar: Rect,
    pub output: Rect,
    pub prompt: Rect,
    pub status: Rect,
}

/// Below this width the route/model column gives way to the transcript.
const MIN_WIDTH_FOR_COLUMN: u16 = 60;

/// Lay out a `width`×`height` screen whose prompt has `prompt_lines` lines of text.
#[must_use]
pub fn panes(width: u16, height: u16, prompt_lines: usize) -> Panes {
    let status = Rect::new(0, height.saturating_sub(1), width, height.min(1));
    let body_height = height.saturating_sub(1);
    let column = match width {
        w if w >= 160 => 40,
        w if w >= 120 => 34,
        w if w >= 90 => 28,
        w if w >= MIN_WIDTH_FOR_COLUMN => 24,
        _ => 0,
    };
    let targets_height = if column == 0 { 0 } else { (body_height * 11 / 20).max(6).min(body_height) };
    let targets = Rect::new(0, 0, column, targets_height);
    let sidebar = Rect::new(0, targets_height, column, body_height.saturating_sub(targets_height));
    // Prompt: its text plus borders and the parameters line, between 5 rows and a third.
    let wanted = (prompt_lines as u16).saturating_add(3).max(5);
    let prompt_height = wanted.min((body_height / 3).max(5)).min(body_height);
    let right_width = width.saturating_sub(column);
    let output = Rect::new(column, 0, right_width, body_height.saturating_sub(prompt_height));
    let prompt = Rect::new(column, output.height, right_width, prompt_height);
    Panes { targets, sidebar, output, prompt, status }
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
    fn tiny_screens_do_not_panic() {
        for (w, h) in [(0, 0), (1, 1), (10, 3), (80, 2)] {
            let _ = panes(w, h, 40);
        }
    }
}
