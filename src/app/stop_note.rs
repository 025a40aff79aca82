//! What a finished run's stop reason says about its answer: whether a limit cut it short (a
//! valid but partial answer, which must not look like a whole one), and why an answer is
//! empty. The playground, `ask` and `compare` word these alike.

use super::runs::{Phase, Run};
use crate::routes::event::StopReason;

/// The limit that cut a finished answer short, as the user would raise it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The request's `max_tokens` (Gemini's `maxOutputTokens`), with its value when known.
    MaxTokens(Option<u32>),
    /// The model's context window.
    ContextWindow,
}

impl Limit {
    /// The short mark a finished run shows instead of "done".
    #[must_use]
    pub fn mark(self) -> &'static str {
        match self {
            Limit::MaxTokens(_) => "⚠ stopped at max_tokens",
            Limit::ContextWindow => "⚠ stopped at the context window",
        }
    }

    /// The whole note: what stopped the answer and how to let it run longer; `raise` names
    /// where `max_tokens` is set (`--max-tokens`, the parameters).
    #[must_use]
    pub fn note(self, raise: &str) -> String {
        match self {
            Limit::MaxTokens(limit) => format!("the answer stopped at max_tokens{}; raise {raise}", value(limit)),
            Limit::ContextWindow => {
                "the answer stopped at the model's context window; shorten the conversation or the prompt".into()
            }
        }
    }
}

/// The limit that cut `run`'s answer short, once it finished; `None` when the model ended on
/// its own (or the run did not finish).
#[must_use]
pub fn cut_short(run: &Run) -> Option<Limit> {
    if run.phase != Phase::Done {
        return None;
    }
    match run.stop_reason.as_ref()? {
        StopReason::MaxTokens => Some(Limit::MaxTokens(sent_max_tokens(run))),
        StopReason::ContextWindowExceeded => Some(Limit::ContextWindow),
        _ => None,
    }
}

/// Why a finished run has no answer text, as `no text: …`; `None` when it has text.
#[must_use]
pub fn no_text(run: &Run) -> Option<String> {
    if run.phase != Phase::Done || !run.text.trim().is_empty() {
        return None;
    }
    let limit = value(sent_max_tokens(run));
    let thought = run.usage.thinking_tokens.filter(|tokens| *tokens > 0);
    let why = match &run.stop_reason {
        Some(StopReason::MaxTokens) if thought.is_some() || !run.thinking.is_empty() => {
            let used = thought.map(|tokens| format!(" ({tokens} thinking tokens)")).unwrap_or_default();
            format!(
                "the model's thinking used the whole max_tokens budget{limit}{used}; raise max_tokens or lower the \
                 thinking budget"
            )
        }
        Some(StopReason::MaxTokens) => format!("the answer reached max_tokens{limit} before any text"),
        Some(StopReason::ToolUse) if !run.tool_calls.is_empty() => "the model called a tool instead".into(),
        Some(StopReason::Refusal) => "the model declined to answer (stop reason refusal)".into(),
        Some(StopReason::GuardrailIntervened) => {
            "a guardrail blocked the input or the output (stop reason guardrail_intervened)".into()
        }
        Some(reason) => format!("the model stopped ({}) before any text", reason.label()),
        None => "the stream ended without text or a stop reason".into(),
    };
    Some(format!("no text: {why}"))
}

/// The `max_tokens` `run` was sent with: known for a run sent in this process (its credential
/// was resolved here), not for one loaded from the history or replayed, whose parameters the
/// history does not keep.
fn sent_max_tokens(run: &Run) -> Option<u32> {
    run.timings.credential.is_some().then_some(run.params.max_tokens)
}

/// ` (1024)`, or nothing when the value is not known.
fn value(limit: Option<u32>) -> String {
    limit.map(|limit| format!(" ({limit})")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::msg::RunId;
    use crate::routes::event::Usage;
    use crate::routes::{RouteId, Target};

    fn finished(stop: Option<StopReason>, text: &str) -> Run {
        let mut run = Run::new(RunId(1), Target::new(RouteId::GeminiApi, "gemini-2.5-flash"), "q".into());
        (run.phase, run.stop_reason, run.text) = (Phase::Done, stop, text.into());
        run.params.max_tokens = 64;
        run.timings.credential = Some(std::time::Duration::ZERO);
        run
    }

    #[test]
    fn max_tokens_and_the_context_window_cut_an_answer_short() {
        let cut = finished(Some(StopReason::MaxTokens), "half an answ");
        assert_eq!(cut_short(&cut), Some(Limit::MaxTokens(Some(64))));
        let note = Limit::MaxTokens(Some(64)).note("--max-tokens");
        assert_eq!(note, "the answer stopped at max_tokens (64); raise --max-tokens");
        assert_eq!(Limit::MaxTokens(Some(64)).mark(), "⚠ stopped at max_tokens");
        let mut restored = cut.clone();
        restored.timings.credential = None;
        assert_eq!(cut_short(&restored), Some(Limit::MaxTokens(None)), "a stored run's limit is not known");
        assert_eq!(Limit::MaxTokens(None).note("x"), "the answer stopped at max_tokens; raise x");
        let window = finished(Some(StopReason::ContextWindowExceeded), "x");
        assert_eq!(cut_short(&window), Some(Limit::ContextWindow));
        assert_eq!(cut_short(&finished(Some(StopReason::EndTurn), "whole")), None);
        let mut failed = cut;
        failed.phase = Phase::Cancelled;
        assert_eq!(cut_short(&failed), None, "only a finished run was cut by a limit");
    }

    #[test]
    fn an_empty_answer_says_why() {
        let mut thinking = finished(Some(StopReason::MaxTokens), "");
        thinking.usage = Usage { thinking_tokens: Some(64), ..Usage::default() };
        let why = no_text(&thinking).unwrap();
        assert!(
            why.starts_with("no text: the model's thinking used the whole max_tokens budget (64) (64 thinking"),
            "{why}"
        );
        let plain = no_text(&finished(Some(StopReason::MaxTokens), "")).unwrap();
        assert_eq!(plain, "no text: the answer reached max_tokens (64) before any text");
        let blocked = no_text(&finished(Some(StopReason::Other("blocked: SAFETY".into())), " ")).unwrap();
        assert_eq!(blocked, "no text: the model stopped (blocked: SAFETY) before any text");
        assert!(no_text(&finished(None, "")).unwrap().contains("without text or a stop reason"));
        assert_eq!(no_text(&finished(Some(StopReason::MaxTokens), "some")), None);
    }
}
