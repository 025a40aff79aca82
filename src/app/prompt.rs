//! The prompt being written, the system prompt, and the parameters of the next run.

use super::controls_line;
use crate::routes::attachment::Attachment;
use crate::routes::request::Params;
use ratatui_textarea::TextArea;

/// The prompt pane's state.
#[derive(Debug, Clone, Default)]
pub struct PromptState {
    pub editor: TextArea<'static>,
    pub system: String,
    pub params: Params,
    /// Files read for the next user turn, sent before its text, in the order attached.
    pub attachments: Vec<Attachment>,
}

impl PromptState {
    #[must_use]
    pub fn new(system: String, params: Params) -> Self {
        Self { editor: TextArea::default(), system, params, attachments: Vec::new() }
    }

    /// The prompt as typed.
    #[must_use]
    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    /// Put `text` in the editor, replacing what was there (a prompt taken from the history).
    pub fn set_text(&mut self, text: &str) {
        self.editor = TextArea::new(text.lines().map(str::to_owned).collect());
        self.editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        self.editor.move_cursor(ratatui_textarea::CursorMove::End);
    }

    /// Empty the editor after a submit (undo history goes with it).
    pub fn clear(&mut self) {
        self.editor = TextArea::default();
    }

    /// One compact line: `max 1024 · temp 0.7 · top_p – · stop "END"`, then the set request
    /// controls (`· think 2048 · top_k 40`).
    #[must_use]
    pub fn params_summary(&self) -> String {
        let number = |value: Option<f32>| value.map_or_else(|| "–".to_owned(), |v| format!("{v}"));
        let stops = if self.params.stop_sequences.is_empty() {
            "–".to_owned()
        } else {
            self.params.stop_sequences.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(" ")
        };
        let sampling = format!(
            "max {} · temp {} · top_p {} · stop {}",
            self.params.max_tokens,
            number(self.params.temperature),
            number(self.params.top_p),
            stops
        );
        match controls_line::summary(&self.params.controls) {
            Some(controls) => format!("{sampling} · {controls}"),
            None => sampling,
        }
    }
}

/// Parameters as one editable line: `max_tokens=1024 temperature=0.7 top_p=0.9 stop=END|STOP`,
/// then the set request controls (`thinking=2048 top_k=40 cache=on tier=flex meta.team=ml`).
#[must_use]
pub fn format_params(params: &Params) -> String {
    let mut parts = vec![format!("max_tokens={}", params.max_tokens)];
    if let Some(t) = params.temperature {
        parts.push(format!("temperature={t}"));
    }
    if let Some(p) = params.top_p {
        parts.push(format!("top_p={p}"));
    }
    if !params.stop_sequences.is_empty() {
        parts.push(format!("stop={}", params.stop_sequences.join("|")));
    }
    parts.extend(controls_line::format(&params.controls));
    parts.join(" ")
}

/// Read the line `format_params` writes. Names what was wrong on error. An omitted
/// `temperature` or `top_p` means the provider's default; `stop=` with nothing clears stops;
/// an omitted control is off.
pub fn parse_params(line: &str) -> Result<Params, String> {
    let mut params = Params { max_tokens: 0, ..Params::default() };
    for part in line.split_whitespace() {
        let (name, value) =
            part.split_once('=').ok_or_else(|| format!("{part:?}: expected name=value, e.g. temperature=0.7"))?;
        match name {
            "max_tokens" | "max" => {
                params.max_tokens = value
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("max_tokens: expected a whole number above 0, got {value:?}"))?;
            }
            "temperature" | "temp" => params.temperature = Some(unit_number(name, value, 0.0, 2.0)?),
            "top_p" => params.top_p = Some(unit_number(name, value, 0.0, 1.0)?),
            "stop" => {
                params.stop_sequences = value.split('|').filter(|s| !s.is_empty()).map(str::to_owned).collect();
            }
            other => match controls_line::parse(other, value, &mut params.controls) {
                Some(outcome) => outcome?,
                None => {
                    return Err(format!(
                        "unknown parameter {other:?}; known: max_tokens, temperature, top_p, stop, {}",
                        controls_line::NAMES
                    ));
                }
            },
        }
    }
    if params.max_tokens == 0 {
        return Err("max_tokens is required, e.g. max_tokens=1024".into());
    }
    Ok(params)
}

fn unit_number(name: &str, value: &str, low: f32, high: f32) -> Result<f32, String> {
    value
        .parse::<f32>()
        .ok()
        .filter(|v| (low..=high).contains(v))
        .ok_or_else(|| format!("{name}: expected a number from {low} to {high}, got {value:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_round_trip_through_their_line() {
        let params = Params {
            max_tokens: 200,
            temperature: Some(0.5),
            top_p: Some(0.9),
            stop_sequences: vec!["END".into(), "STOP".into()],
            ..Params::default()
        };
        assert_eq!(parse_params(&format_params(&params)).unwrap(), params);
    }

    #[test]
    fn every_control_round_trips_through_the_line() {
        use crate::routes::controls::{Controls, Effort, Latency, ServiceTier, ThinkingMode};
        let controls = Controls {
            thinking: ThinkingMode::Budget(2048),
            effort: Some(Effort::High),
            top_k: Some(40),
            cache: true,
            guardrail: Some("abc123:3".parse().unwrap()),
            service_tier: Some(ServiceTier::Flex),
            latency: Some(Latency::Optimized),
            metadata: [("team".to_owned(), "ml".to_owned())].into(),
        };
        let mut params = Params { controls, ..Params::default() };
        let line = format_params(&params);
        assert_eq!(
            line,
            "max_tokens=1024 thinking=2048 effort=high top_k=40 cache=on guardrail=abc123:3 tier=flex \
             latency=optimized meta.team=ml"
        );
        assert_eq!(parse_params(&line).unwrap(), params);
        params.controls.thinking = ThinkingMode::Adaptive;
        assert_eq!(parse_params(&format_params(&params)).unwrap(), params);
        assert_eq!(parse_params("max_tokens=9 thinking=off cache=off").unwrap().controls, Controls::default());
    }

    #[test]
    fn a_bad_control_is_named() {
        let named = |line: &str, field: &str| {
            let error = parse_params(line).unwrap_err();
            assert!(error.starts_with(&format!("{field}:")), "{line}: {error}");
        };
        named("max_tokens=9 thinking=lots", "thinking");
        named("max_tokens=9 effort=max", "effort");
        named("max_tokens=9 top_k=0", "top_k");
        named("max_tokens=9 cache=maybe", "cache");
        named("max_tokens=9 guardrail=Bad_Id", "guardrail");
        named("max_tokens=9 tier=gold", "tier");
        named("max_tokens=9 latency=fast", "latency");
        named("max_tokens=9 meta.=x", "meta.");
        assert!(parse_params("max_tokens=9 seed=1").unwrap_err().contains("top_k"), "the known names are listed");
    }

    #[test]
    fn a_bad_value_is_named() {
        let error = parse_params("max_tokens=10 temperature=hot").unwrap_err();
        assert!(error.starts_with("temperature:"), "{error}");
        assert!(parse_params("max_tokens=0").unwrap_err().starts_with("max_tokens:"));
        assert!(parse_params("max_tokens=5 seed=1").unwrap_err().contains("seed"));
    }

    #[test]
    fn the_summary_is_compact() {
        let state = PromptState::new(String::new(), Params::default());
        assert_eq!(state.params_summary(), "max 1024 · temp – · top_p – · stop –");
        let thinking = parse_params("max_tokens=9 thinking=2048 top_k=5 cache=on tier=flex").unwrap();
        let state = PromptState::new(String::new(), thinking);
        assert_eq!(
            state.params_summary(),
            "max 9 · temp – · top_p – · stop – · think 2048 · top_k 5 · cache · tier flex"
        );
    }
}
