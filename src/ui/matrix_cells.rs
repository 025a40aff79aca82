//! The matrix view's pieces: one cell (status, TTFT, tokens, cost, the row's best and worst
//! coloured), one column's totals, and fitting styled text into a column.

use super::theme::{Role, Theme};
use crate::matrix::CellStatus;
use crate::matrix::summary::{CellSummary, ColumnSummary, Mark};
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

/// The mark a cell's status shows.
#[must_use]
pub fn status_mark(status: CellStatus) -> (&'static str, Role) {
    match status {
        CellStatus::Done => ("✓", Role::Ok),
        CellStatus::Failed => ("✗", Role::Error),
        CellStatus::Running => ("…", Role::Accent),
        CellStatus::Cancelled => ("–", Role::Dim),
        CellStatus::Pending => ("·", Role::Dim),
    }
}

/// A cell as styled pieces, most telling first: `✓ 412ms 128t $0.0012 3/5` (the samples done
/// when repeated); the row's best TTFT and cost in the ok colour, the worst in the warning
/// colour. A narrow column drops the last pieces whole ([`fit_whole`]).
#[must_use]
pub fn cell(summary: &CellSummary, repeat: u32, theme: &Theme) -> Vec<(String, Style)> {
    let (mark, role) = status_mark(summary.status);
    let mut parts = vec![(mark.to_owned(), theme.get(role))];
    let marked = |mark: Mark| match mark {
        Mark::Best => theme.get(Role::Ok),
        Mark::Worst => theme.get(Role::Warn),
        Mark::Neither => theme.get(Role::Metric),
    };
    match summary.status {
        CellStatus::Failed if summary.samples_done == 0 => parts.push((" failed".into(), theme.get(Role::Error))),
        CellStatus::Pending => parts.push((" pending".into(), theme.get(Role::Dim))),
        _ => {}
    }
    if let Some(ttft) = summary.ttft_ms {
        parts.push((format!(" {}", millis(ttft)), marked(summary.ttft_mark)));
    }
    if let Some(tokens) = summary.output_tokens {
        parts.push((format!(" {tokens}t"), theme.get(Role::Metric)));
    }
    if let Some(cost) = summary.cost_usd {
        parts.push((format!(" {}", dollars(cost)), marked(summary.cost_mark)));
    }
    if repeat > 1 {
        parts.push((format!(" {}/{repeat}", summary.samples_done), theme.get(Role::Dim)));
    }
    parts
}

/// One of a column's totals: its success rate, median and 90th percentile TTFT, median tok/s
/// or cost.
#[must_use]
pub fn total(column: &ColumnSummary, figure: Figure) -> String {
    let none = || "–".to_owned();
    match figure {
        Figure::Success => column
            .success_rate
            .map_or_else(none, |rate| format!("{:.0}% of {}", rate * 100.0, column.done + column.failed)),
        Figure::Ttft => column.ttft_ms.map_or_else(none, |d| format!("{} / {}", millis(d.p50), millis(d.p90))),
        Figure::TokensPerSecond => column.tokens_per_second.map_or_else(none, |d| format!("{:.0}", d.p50)),
        Figure::Cost => column.cost_usd.map_or_else(|| "unpriced".to_owned(), dollars),
    }
}

/// The totals under the rows, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Success,
    Ttft,
    TokensPerSecond,
    Cost,
}

impl Figure {
    pub const ALL: [Figure; 4] = [Figure::Success, Figure::Ttft, Figure::TokensPerSecond, Figure::Cost];

    /// Its name in the first column.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Figure::Success => "success",
            Figure::Ttft => "TTFT p50 / p90",
            Figure::TokensPerSecond => "tok/s p50",
            Figure::Cost => "cost",
        }
    }
}

/// `412ms`, or `3.4s` from ten seconds.
#[must_use]
pub fn millis(ms: f64) -> String {
    if ms >= 10_000.0 { format!("{:.1}s", ms / 1000.0) } else { format!("{ms:.0}ms") }
}

/// `$0.0012`, `$1.23`.
#[must_use]
pub fn dollars(usd: f64) -> String {
    if usd < 0.01 { format!("${usd:.4}") } else { format!("${usd:.2}") }
}

/// `parts` cut (with `…`) or padded to exactly `width` columns, the last one left blank as
/// the gap to the next column.
#[must_use]
pub fn fit(parts: Vec<(String, Style)>, width: usize, pad: Style) -> Vec<Span<'static>> {
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut spans = Vec::new();
    for (text, style) in parts {
        let mut kept = String::new();
        let mut cut = false;
        for ch in text.chars() {
            let w = ch.width().unwrap_or(0);
            if used + w > room {
                cut = true;
                break;
            }
            used += w;
            kept.push(ch);
        }
        if cut {
            // Make room for the ellipsis in place of the last character kept.
            if used >= room
                && let Some(last) = kept.pop()
            {
                used -= last.width().unwrap_or(0);
            }
            kept.push('…');
            used += 1;
            spans.push(Span::styled(kept, style));
            break;
        }
        spans.push(Span::styled(kept, style));
    }
    spans.push(Span::styled(" ".repeat(width.saturating_sub(used)), pad));
    spans
}

/// `parts` padded to `width` columns, keeping only the leading parts that fit whole (the
/// first is cut with `…` when even it does not).
#[must_use]
pub fn fit_whole(parts: Vec<(String, Style)>, width: usize, pad: Style) -> Vec<Span<'static>> {
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut kept = Vec::new();
    for (text, style) in parts {
        let w = unicode_width::UnicodeWidthStr::width(text.as_str());
        if used + w > room {
            if kept.is_empty() {
                return fit(vec![(text, style)], width, pad);
            }
            break;
        }
        used += w;
        kept.push((text, style));
    }
    fit(kept, width, pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|span| span.content.as_ref()).collect()
    }

    #[test]
    fn fitting_pads_and_cuts_to_the_width() {
        let style = Style::default();
        assert_eq!(text(&fit(vec![("ab".into(), style)], 5, style)), "ab   ");
        assert_eq!(text(&fit(vec![("abc".into(), style), ("defg".into(), style)], 5, style)), "abc… ");
        assert_eq!(text(&fit(vec![("✓ 412ms".into(), style)], 4, style)), "✓ … ");
    }

    #[test]
    fn a_narrow_cell_drops_its_last_pieces_whole() {
        let style = Style::default();
        let parts = || vec![("✓".into(), style), (" 412ms".into(), style), (" 128t".into(), style)];
        assert_eq!(text(&fit_whole(parts(), 10, style)), "✓ 412ms   ");
        assert_eq!(text(&fit_whole(parts(), 14, style)), "✓ 412ms 128t  ");
        assert_eq!(text(&fit_whole(vec![("abcdef".into(), style)], 4, style)), "ab… ");
    }

    #[test]
    fn figures_read_short() {
        assert_eq!(millis(412.4), "412ms");
        assert_eq!(millis(12_345.0), "12.3s");
        assert_eq!(dollars(0.00123), "$0.0012");
        assert_eq!(dollars(1.234), "$1.23");
    }
}
