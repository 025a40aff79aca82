//! The provider batch jobs whose results are not fetched yet, listed in the sidebar with their
//! provider, target, state and counts, and how to fetch them.

use super::theme::{Role, Theme};
use crate::app::App;
use ratatui::text::{Line, Span};

/// The sidebar's lines for the pending jobs: none when there are none (or before the first
/// read); why not when they could not be read.
#[must_use]
pub fn lines(app: &App, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let jobs = match &app.batch_jobs {
        None => return Vec::new(),
        Some(Ok(jobs)) if jobs.is_empty() => return Vec::new(),
        Some(Ok(jobs)) => jobs,
        Some(Err(why)) => {
            let text = format!("batch jobs: {why}");
            return super::markdown::styled(&[(text, theme.get(Role::Error))], width, "  ");
        }
    };
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled(format!("Batch jobs pending ({})", jobs.len()), theme.get(Role::Heading))),
    ];
    for job in jobs {
        let pieces = [
            ("⧗ ".to_owned(), theme.get(Role::Accent)),
            (format!("{} ", job.id), theme.get(Role::Dim)),
            (job.line(), theme.get(if job.counts.is_ok() { Role::Text } else { Role::Error })),
        ];
        lines.extend(super::markdown::styled(&pieces, width, "  "));
    }
    let hint = ("routeplay batch fetch ID folds the results in".to_owned(), theme.get(Role::Dim));
    lines.extend(super::markdown::styled(&[hint], width, "  "));
    lines
}
