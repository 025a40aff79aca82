//! The route/model pane: every route with its credential mark, then the models of the
//! selected route with the chosen one highlighted.

use super::pane;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::focus::Focus;
use crate::app::target_rows::TargetRows;
use crate::auth::CredentialStatus;
use crate::routes::PlaceKind;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A one-character credential mark and its role.
#[must_use]
pub fn credential_mark(status: Option<&CredentialStatus>) -> (&'static str, Role) {
    match status {
        Some(CredentialStatus::Ready { .. }) => ("✓", Role::Ok),
        Some(CredentialStatus::Missing { .. }) => ("○", Role::Warn),
        Some(CredentialStatus::Error { .. }) => ("✗", Role::Error),
        None => ("…", Role::Dim),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let focused = app.focus == Focus::Targets && app.overlay.is_none();
    let block = pane::block("Route & model", focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let current = app.targets.current();
    let places = match current.route.spec().place_kind() {
        PlaceKind::Aws => vec![("region", &app.targets.region, "r"), ("profile", &app.targets.profile, "p")],
        PlaceKind::Vertex => vec![("location", &app.targets.location, "r"), ("project", &app.targets.project, "p")],
        PlaceKind::None => Vec::new(),
    };
    let rows = TargetRows::of(app, usize::from(inner.height));
    let width = usize::from(inner.width);
    let routes = app.targets.routes();
    let mut lines = Vec::new();
    for (index, choice) in routes.iter().enumerate().take(rows.routes.end).skip(rows.routes.start) {
        let selected = index == app.targets.selected_index();
        let (mark, role) = credential_mark(app.sidebar.status(choice.route));
        let pointer = if selected { "▸ " } else { "  " };
        let name_style = if selected { theme.get(Role::Accent) } else { theme.get(Role::Text) };
        lines.push(Line::from(vec![
            Span::styled(pointer, theme.get(Role::Accent)),
            Span::styled(format!("{mark} "), theme.get(role)),
            Span::styled(cut_middle(choice.route.name(), width.saturating_sub(4)), name_style),
        ]));
    }
    if let Some(note) = more(rows.routes_hidden, "routes (←→)") {
        lines.push(Line::from(Span::styled(note, theme.get(Role::Dim))));
    }
    let unset = if app.demo { "demo" } else { "from env" };
    for (name, value, key) in places {
        lines.push(Line::from(vec![
            Span::styled(format!("{name} "), theme.get(Role::Dim)),
            // Unset in demo mode, the built-in emulator's demo place is used.
            Span::styled(value.clone().unwrap_or_else(|| unset.into()), theme.get(Role::Accent)),
            Span::styled(format!(" ({key})"), theme.get(Role::Dim)),
        ]));
    }
    let models = app.visible_models();
    lines.push(heading(app, models.len(), width, theme));
    for (index, model) in models.iter().take(rows.models.end).skip(rows.models.start).map(|(i, m)| (*i, m)) {
        let style = if index == current.selected { theme.get(Role::Selection) } else { theme.get(Role::Text) };
        lines.push(Line::from(Span::styled(
            format!(" {} ", shorten_model_id(&model.id, width.saturating_sub(2))),
            style,
        )));
    }
    if models.is_empty() && app.model_filter.is_some() {
        lines.push(Line::from(Span::styled(" no model matches", theme.get(Role::Dim))));
    }
    if let Some(note) = more(rows.models_hidden, "models") {
        lines.push(Line::from(Span::styled(note, theme.get(Role::Dim))));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The models' heading: the route and the key that filters, or the filter as typed and how
/// many models match it.
fn heading(app: &App, matches: usize, width: usize, theme: &Theme) -> Line<'static> {
    let current = app.targets.current();
    if let Some(query) = &app.model_filter {
        return Line::from(vec![
            Span::styled("/", theme.get(Role::Accent)),
            Span::styled(format!("{query}▏"), theme.get(Role::Text)),
            Span::styled(format!(" {matches}/{}", current.models.len()), theme.get(Role::Dim)),
        ]);
    }
    let full = format!("─ {} models · / filters ─", current.route);
    let text = if full.width() <= width { full } else { "─ models · / filters ─".to_owned() };
    Line::from(Span::styled(text, theme.get(Role::Dim)))
}

/// "↑ 2 ↓ 3 more routes": how much of a list is out of sight, or nothing when all of it shows.
fn more((above, below): (usize, usize), what: &str) -> Option<String> {
    let up = (above > 0).then(|| format!("↑ {above} "));
    let down = (below > 0).then(|| format!("↓ {below} "));
    (up.is_some() || down.is_some())
        .then(|| format!("  {}{}more {what}", up.unwrap_or_default(), down.unwrap_or_default()))
}

/// A model id in at most `width` columns. One that does not fit loses first what every id of
/// its kind repeats: the provider (`anthropic.`) and then the release date (`-20251101`), each
/// marked by an ellipsis, and then what follows the date, so the family and version stay
/// readable in a narrow pane (`us.…claude-opus-4-5…v1:0`, `…claude-opus-4-5…`); what is still
/// too long is cut in the middle.
#[must_use]
pub fn shorten_model_id(id: &str, width: usize) -> String {
    if id.width() <= width {
        return id.to_owned();
    }
    let segments: Vec<&str> = id.split('.').collect();
    // Leading segments of letters only are a geography and a provider (`us.anthropic.`); a
    // segment with a digit is part of the name (`gemini-2.5-pro`).
    let words = segments
        .iter()
        .take(segments.len() - 1)
        .take_while(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .count();
    let mut short = match words {
        0 => id.to_owned(),
        1 => format!("…{}", segments[1..].join(".")),
        _ => format!("{}.…{}", segments[0], segments[words..].join(".")),
    };
    if short.width() > width {
        short = without_date(&short);
    }
    // Then what follows the date (`-v1:0`), which hardly differs from id to id.
    if let Some((name, _)) = short.rsplit_once('…').filter(|(name, _)| short.width() > width && !name.is_empty()) {
        short = format!("{name}…");
    }
    cut_middle(&short, width)
}

/// `text` with its first `-YYYYMMDD` release date replaced by an ellipsis.
fn without_date(text: &str) -> String {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(8))
        .find(|&at| {
            bytes[at] == b'-'
                && bytes[at + 1..at + 9].iter().all(u8::is_ascii_digit)
                && bytes.get(at + 9).is_none_or(|b| !b.is_ascii_digit())
                && bytes[at + 1] == b'2'
        })
        .map_or_else(|| text.to_owned(), |at| format!("{}…{}", &text[..at], text[at + 9..].trim_start_matches('-')))
}

/// `text` in at most `width` columns: whole when it fits, else a little of its start and most
/// of its end around an ellipsis, since model ids differ at their ends
/// (`anthrop…laude-sonnet-4-5-20250929-v1:0`).
#[must_use]
pub fn cut_middle(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let keep = width - 1;
    // Most of the room goes to the end, where families, versions and dates differ.
    let head_width = keep / 5;
    let mut head = String::new();
    for ch in text.chars() {
        if head.width() + ch.width().unwrap_or(0) > head_width {
            break;
        }
        head.push(ch);
    }
    let tail_width = keep - head.width();
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for ch in text.chars().rev() {
        let ch_width = ch.width().unwrap_or(0);
        if used + ch_width > tail_width {
            break;
        }
        used += ch_width;
        tail.push(ch);
    }
    format!("{head}…{}", tail.into_iter().rev().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::{cut_middle, shorten_model_id};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn a_long_id_keeps_its_start_and_end_around_an_ellipsis() {
        let id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
        let cut = cut_middle(id, 30);
        assert_eq!(cut.width(), 30);
        assert_eq!(cut, "globa…sonnet-4-5-20250929-v1:0");
        assert_eq!(cut_middle("emulator-sonnet", 30), "emulator-sonnet");
        assert_eq!(cut_middle(id, 1), "…");
    }

    #[test]
    fn a_narrow_pane_keeps_family_and_version_of_a_bedrock_id() {
        assert_eq!(shorten_model_id("anthropic.claude-opus-4-5-20251101-v1:0", 22), "…claude-opus-4-5…v1:0");
        assert_eq!(shorten_model_id("anthropic.claude-opus-4-5-20251101-v1:0", 20), "…claude-opus-4-5…");
        assert_eq!(shorten_model_id("us.anthropic.claude-opus-4-5-20251101-v1:0", 24), "us.…claude-opus-4-5…v1:0");
        assert_eq!(
            shorten_model_id("anthropic.claude-opus-4-5-20251101-v1:0", 40),
            "anthropic.claude-opus-4-5-20251101-v1:0"
        );
        // A dot inside the name is not a provider.
        assert_eq!(
            shorten_model_id("gemini-2.5-flash-lite-preview", 20),
            cut_middle("gemini-2.5-flash-lite-preview", 20)
        );
        let cut = shorten_model_id("global.anthropic.claude-sonnet-4-5-20250929-v1:0", 16);
        assert_eq!(cut.width(), 16, "{cut}");
    }
}
