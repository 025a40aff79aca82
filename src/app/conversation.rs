//! Builds the request for the next turn from the conversation so far.

use super::runs::{Phase, Run};
use crate::routes::request::{ChatRequest, Params, Turn};

/// The turns of every earlier exchange that produced an answer, then the new prompt.
/// A failed run or one cancelled before any text left nothing to continue from, so its
/// exchange is skipped (roles must alternate).
#[must_use]
pub fn next_request<'a>(
    earlier: impl Iterator<Item = &'a Run>,
    prompt: &str,
    system: &str,
    params: &Params,
) -> ChatRequest {
    let mut turns = Vec::new();
    for run in earlier {
        let answered = matches!(run.phase, Phase::Done | Phase::Cancelled) && !run.text.trim().is_empty();
        if answered {
            turns.push(Turn::user(run.prompt.clone()));
            turns.push(Turn::assistant(run.text.clone()));
        }
    }
    turns.push(Turn::user(prompt.to_owned()));
    ChatRequest {
        system: Some(system.to_owned()).filter(|s| !s.trim().is_empty()),
        turns,
        params: params.clone(),
        thoughts: false,
    }
}
