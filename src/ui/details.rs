//! The latest run in detail, on wide screens: where it went, with which credential, what
//! came back, and every figure.

use super::pane;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::run_facts;
use crate::app::runs::Run;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let block = pane::block("Latest run", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = match app.conversation_runs().next_back() {
        Some(run) => rows(run).into_iter().map(|(name, value)| row(name, value, theme)).collect(),
        None => vec![Line::from(Span::styled("No run yet.", theme.get(Role::Dim)))],
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn row(name: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:<12}"), theme.get(Role::Dim)),
        Span::styled(value, theme.get(Role::Metric)),
    ])
}

/// Every known fact about `run`, as name/value pairs; unknown ones are left out.
fn rows(run: &Run) -> Vec<(&'static str, String)> {
    let seconds = |d: std::time::Duration| format!("{:.2} s", d.as_secs_f64());
    let tokens = |n: Option<u64>| n.map(|n| n.to_string());
    let candidates = [
        ("route", Some(run.target.route.name().to_owned())),
        ("model", Some(run.target.model.clone())),
        ("answered by", run.model_version.clone()),
        ("credential", run.credential_source.clone()),
        ("status", Some(run.phase.label().to_owned())),
        ("cred. time", run.timings.credential.map(seconds)),
        ("TTFT", run.time_to_first_token().map(seconds)),
        (
            "tokens/s",
            run.tokens_per_second()
                .map(|r| format!("{r:.1}"))
                .or_else(|| run.timings.first_token.map(|_| "– (too short a sample)".to_owned())),
        ),
        ("total", run.total_time().map(seconds)),
        ("server time", run.server_latency.0.map(|ms| format!("{ms} ms"))),
        ("server TTFB", run.server_latency.1.map(|ms| format!("{ms} ms"))),
        ("input", tokens(run.usage.input_tokens)),
        ("output", tokens(run.usage.output_tokens)),
        ("cache read", tokens(run.usage.cache_read_tokens)),
        ("cache write", tokens(run.usage.cache_write_tokens)),
        ("thinking", tokens(run.usage.thinking_tokens)),
        ("controls", run_facts::controls_sent(run)),
        ("attached", run_facts::attachments(run)),
        ("served", run_facts::served(run)),
        ("guardrail", run_facts::guardrail(run)),
        ("stop", run.stop_reason.as_ref().map(run_facts::stop_label)),
        ("request id", run.request_id.clone()),
        ("message id", run.message_id.clone()),
        ("retries", (!run.retries.is_empty()).then(|| run.retries.len().to_string())),
    ];
    candidates.into_iter().filter_map(|(name, value)| value.map(|v| (name, v))).collect()
}
