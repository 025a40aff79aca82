//! GitHub-style tables: aligned columns when they fit, otherwise one wrapped line per row.

use super::wrap::{self, LineBuf, Run};
use crate::ui::theme::{Role, Theme};
use pulldown_cmark::Alignment;
use ratatui::text::Span;

const SEPARATOR: &str = " │ ";
const CROSSING: &str = "─┼─";

struct Row {
    cells: Vec<Vec<Run>>,
    head: bool,
}

/// A table collected cell by cell, rendered when it ends (or when the input does, while
/// streaming).
pub(super) struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Row>,
    cells: Vec<Vec<Run>>,
}

impl Table {
    pub fn new(alignments: Vec<Alignment>) -> Self {
        Table { alignments, rows: Vec::new(), cells: Vec::new() }
    }

    pub fn push_cell(&mut self, mut runs: Vec<Run>) {
        for run in &mut runs {
            if run.text == "\n" {
                " ".clone_into(&mut run.text);
            }
        }
        self.cells.push(runs);
    }

    pub fn end_row(&mut self, head: bool) {
        self.rows.push(Row { cells: std::mem::take(&mut self.cells), head });
    }

    /// Lines of at most `avail` columns.
    pub fn render(&self, theme: &Theme, avail: usize) -> Vec<Vec<Span<'static>>> {
        let columns = self.rows.iter().map(|row| row.cells.len()).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(&row.cells) {
                *width = (*width).max(cell_width(cell));
            }
        }
        let total = widths.iter().sum::<usize>() + wrap::width(SEPARATOR) * columns.saturating_sub(1);
        if columns == 0 {
            Vec::new()
        } else if total <= avail {
            self.aligned(theme, &widths)
        } else {
            self.stacked(theme, avail)
        }
    }

    fn aligned(&self, theme: &Theme, widths: &[usize]) -> Vec<Vec<Span<'static>>> {
        let rule = theme.get(Role::Rule);
        let mut lines = Vec::new();
        for row in &self.rows {
            let mut line = LineBuf::default();
            for (column, &width) in widths.iter().enumerate() {
                if column > 0 {
                    line.push(SEPARATOR, rule, wrap::width(SEPARATOR));
                }
                let cell = row.cells.get(column).map_or(&[][..], Vec::as_slice);
                let fill = width - cell_width(cell);
                let before = match self.alignments.get(column) {
                    Some(Alignment::Right) => fill,
                    Some(Alignment::Center) => fill / 2,
                    _ => 0,
                };
                line.push(&" ".repeat(before), ratatui::style::Style::default(), before);
                for run in cell {
                    let style = if row.head { run.style.patch(theme.get(Role::Strong)) } else { run.style };
                    line.push(&run.text, style, wrap::width(&run.text));
                }
                line.push(&" ".repeat(fill - before), ratatui::style::Style::default(), fill - before);
            }
            lines.push(line.spans);
            if row.head {
                let parts: Vec<String> = widths.iter().map(|&width| "─".repeat(width)).collect();
                lines.push(vec![Span::styled(parts.join(CROSSING), rule)]);
            }
        }
        lines
    }

    fn stacked(&self, theme: &Theme, avail: usize) -> Vec<Vec<Span<'static>>> {
        let rule = theme.get(Role::Rule);
        let mut lines = Vec::new();
        for row in &self.rows {
            let mut runs = Vec::new();
            for (column, cell) in row.cells.iter().enumerate() {
                if column > 0 {
                    runs.push(Run { text: SEPARATOR.to_owned(), style: rule });
                }
                for run in cell {
                    let style = if row.head { run.style.patch(theme.get(Role::Strong)) } else { run.style };
                    runs.push(Run { text: run.text.clone(), style });
                }
            }
            lines.extend(wrap::wrap(&runs, avail, &[], &[]).into_iter().map(|line| line.spans));
            if row.head {
                lines.push(vec![Span::styled("─".repeat(avail), rule)]);
            }
        }
        lines
    }
}

fn cell_width(cell: &[Run]) -> usize {
    cell.iter().map(|run| wrap::width(&run.text)).sum()
}
