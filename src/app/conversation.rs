//! Builds the request for the next turn from the conversation so far.

use super::runs::{Phase, Run};
use crate::routes::attachment::Attachment;
use crate::routes::request::{ChatRequest, Params, Turn};

/// The turns of every earlier exchange that produced an answer, then the new prompt with the
/// files attached to it. A failed run or one cancelled before any text left nothing to continue
/// from, so its exchange is skipped (roles must alternate). An earlier turn keeps the files it
/// was sent with while their bytes are at hand: a run of this session, or one loaded from the
/// history where `[history] keep_attachments` kept them; without them it goes on without the
/// files (opening such a conversation says so).
#[must_use]
pub fn next_request<'a>(
    earlier: impl Iterator<Item = &'a Run>,
    (prompt, attachments): (&str, &[Attachment]),
    system: &str,
    params: &Params,
) -> ChatRequest {
    let mut turns = Vec::new();
    for run in earlier {
        let answered = matches!(run.phase, Phase::Done | Phase::Cancelled) && !run.text.trim().is_empty();
        if answered {
            let sent = run.request.as_ref().and_then(|request| request.turns.last());
            let files = sent.map(|turn| turn.attachments.iter().filter(|file| file.bytes.is_some()).cloned());
            turns.push(Turn { attachments: files.into_iter().flatten().collect(), ..Turn::user(run.prompt.clone()) });
            turns.push(Turn::assistant(run.text.clone()));
        }
    }
    turns.push(Turn { attachments: attachments.to_vec(), ..Turn::user(prompt.to_owned()) });
    ChatRequest {
        system: Some(system.to_owned()).filter(|s| !s.trim().is_empty()),
        turns,
        params: params.clone(),
        thoughts: false,
    }
}
