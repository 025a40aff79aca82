//! The output pane's view state: how far up the user scrolled, and whether thinking shows.

/// Scrolling is kept as a distance from the bottom, so following the tail while an answer
/// streams is simply an offset of zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputState {
    pub offset_from_bottom: usize,
    pub show_thinking: bool,
    /// Lines in the transcript and rows of the pane at the last draw, for clamping and paging.
    pub total_lines: usize,
    pub height: usize,
}

impl Default for OutputState {
    fn default() -> Self {
        Self { offset_from_bottom: 0, show_thinking: true, total_lines: 0, height: 10 }
    }
}

impl OutputState {
    /// Whether the view follows the newest output.
    #[must_use]
    pub fn follows_tail(&self) -> bool {
        self.offset_from_bottom == 0
    }

    /// Scroll up (positive) or down (negative) by `lines`, staying within the transcript.
    pub fn scroll(&mut self, lines: isize) {
        let max = self.total_lines.saturating_sub(self.height);
        self.offset_from_bottom = self.offset_from_bottom.saturating_add_signed(lines).min(max);
    }

    /// One page, less a line of overlap.
    #[must_use]
    pub fn page(&self) -> isize {
        isize::try_from(self.height.saturating_sub(1).max(1)).unwrap_or(isize::MAX)
    }

    pub fn to_top(&mut self) {
        self.offset_from_bottom = self.total_lines.saturating_sub(self.height);
    }

    pub fn to_bottom(&mut self) {
        self.offset_from_bottom = 0;
    }

    /// What the last draw measured. Keeps the reading position when lines are added below
    /// it while the user has scrolled up.
    pub fn note_metrics(&mut self, total_lines: usize, height: usize) {
        if !self.follows_tail() && total_lines > self.total_lines {
            self.offset_from_bottom += total_lines - self.total_lines;
        }
        self.total_lines = total_lines;
        self.height = height.max(1);
        self.offset_from_bottom = self.offset_from_bottom.min(total_lines.saturating_sub(self.height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stays_inside_the_transcript() {
        let mut output = OutputState::default();
        output.note_metrics(100, 20);
        output.scroll(500);
        assert_eq!(output.offset_from_bottom, 80);
        output.scroll(-1000);
        assert!(output.follows_tail());
    }

    #[test]
    fn new_lines_do_not_move_a_reader_who_scrolled_up() {
        let mut output = OutputState::default();
        output.note_metrics(100, 20);
        output.scroll(10);
        output.note_metrics(105, 20);
        assert_eq!(output.offset_from_bottom, 15);
    }
}
