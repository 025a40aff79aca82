//! Decodes a streaming Chat Completions body (`data: {chat.completion.chunk}` events over SSE,
//! ending `data: [DONE]`) into neutral events.
//!
//! CONTRACT: one decoder per response body; `feed` takes any byte chunks, `finish` is called
//! once when the body ends. SSE framing is `framing::sse` (CR, LF or CRLF line ends,
//! comments such as `: keep-alive` skipped); work is linear in the bytes.
//! - Each `data:` event is a chunk. The first chunk with a non-empty `id` or `model` gives
//!   `Metadata`. Only the choice with the decoder's `index` is read (0 unless built with
//!   [`ChatStreamDecoder::for_choice`]): `delta.reasoning_content`, else `delta.reasoning`,
//!   is thinking (`reasoning_details`, which relays add, repeats it and is not read);
//!   `delta.content`, a string or parts (`chunk::Content`), is text and thinking;
//!   `delta.refusal` is text; `delta.tool_calls` give tool calls (`tools`). A `finish_reason`
//!   gives `StopReason` (table at `chunk::stop_reason`; `stop` after refusal text is
//!   `Refusal`), once, and again only if it changes. Every non-null `usage` gives `Usage`
//!   (the last wins: it may come on the finish chunk, on a `choices: []` chunk, or later).
//!   A non-empty `service_tier` gives `Served`, once, and again only if it changes.
//! - The stream is complete at `data: [DONE]`, which gives `Done`; everything after it is
//!   ignored. A finish reason without `[DONE]` also completes it (some servers omit it) and
//!   `finish` adds `Done`. Neither means the body was cut: `is_complete` stays false.
//!   Chunks after a finish reason are still decoded.
//! - A chunk with a top-level `error` (even beside `choices`) or an `event: error` event is
//!   `Provider { error_type, message }` (`error`); the error chunk's metadata and usage (what
//!   was billed) are decoded first, its choices are not. A payload that is not a chunk is
//!   `Malformed`, quoting at most 200 chars; an SSE line or event past its limit is the
//!   framing's fault.
//! - Events decoded before a fault in the same `feed` are returned first and the fault on the
//!   next call, so the caller sees the same events and fault however the body was chunked
//!   (except in `finish`, which can only return the fault). After a fault every call returns
//!   it again.

use std::borrow::Cow;

use crate::routes::event::{StopReason, StreamEvent};
use crate::routes::framing::sse::{SseDecoder, SseEvent};
use crate::routes::wire::StreamFault;

use super::chunk::{Choice, Chunk, push_text, stop_reason};
use super::error::{event_fault, malformed, provider_fault};
use super::tools::ToolCalls;

/// Per-response decoding state.
#[derive(Debug, Default)]
pub struct ChatStreamDecoder {
    sse: SseDecoder,
    /// Events framed but not decoded yet; kept to reuse its capacity.
    frames: Vec<SseEvent>,
    /// The `index` of the choice decoded.
    choice: u32,
    metadata_sent: bool,
    /// The tier last reported as `Served`.
    served_tier: Option<String>,
    /// The stop reason last reported.
    stop: Option<StopReason>,
    /// The choice streamed `refusal` text.
    refused: bool,
    tools: ToolCalls,
    progress: Progress,
    fault: Option<StreamFault>,
}

/// How far the stream got towards its end.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Progress {
    #[default]
    Streaming,
    /// A finish reason arrived for the choice; `[DONE]` may follow.
    Finished,
    /// `Done` was given: at `data: [DONE]`, or by `finish` after a finish reason. Nothing
    /// more is decoded.
    Done,
}

impl ChatStreamDecoder {
    /// A decoder for a new response body, reading choice 0 (routeplay asks for one).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A decoder reading the choice with `index` of a response asked for `n` > 1 answers;
    /// its completion follows that choice's finish reason.
    #[must_use]
    pub fn for_choice(index: u32) -> Self {
        Self { choice: index, ..Self::default() }
    }

    /// Decode the next chunk of the body.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault> {
        self.earlier_fault()?;
        if self.progress == Progress::Done {
            return Ok(Vec::new());
        }
        self.sse.feed(bytes, &mut self.frames);
        self.decode_frames()
    }

    /// The body ended: decode what is left, then `Done` if a finish reason came without
    /// `[DONE]`.
    pub fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        self.earlier_fault()?;
        if self.progress == Progress::Done {
            return Ok(Vec::new());
        }
        self.sse.finish(&mut self.frames);
        let mut events = self.decode_frames()?;
        self.earlier_fault()?;
        if self.progress == Progress::Finished {
            self.progress = Progress::Done;
            events.push(StreamEvent::Done);
        }
        Ok(events)
    }

    /// Whether `[DONE]` or a finish reason for the choice arrived.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.progress != Progress::Streaming
    }

    fn earlier_fault(&self) -> Result<(), StreamFault> {
        self.fault.clone().map_or(Ok(()), Err)
    }

    /// Decode the events framed so far, then take up a framing fault; a fault is kept for
    /// the next call when events precede it.
    fn decode_frames(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        let mut events = Vec::new();
        let mut frames = std::mem::take(&mut self.frames);
        let mut decoded = frames.drain(..).try_for_each(|frame| self.decode_frame(&frame, &mut events));
        self.frames = frames;
        if decoded.is_ok()
            && self.progress != Progress::Done
            && let Some(fault) = self.sse.fault()
        {
            decoded = Err(fault.clone());
        }
        match decoded {
            Err(fault) => {
                self.fault = Some(fault.clone());
                if events.is_empty() { Err(fault) } else { Ok(events) }
            }
            Ok(()) => Ok(events),
        }
    }

    fn decode_frame(&mut self, frame: &SseEvent, out: &mut Vec<StreamEvent>) -> Result<(), StreamFault> {
        if self.progress == Progress::Done {
            return Ok(());
        }
        if frame.event.as_deref() == Some("error") {
            return Err(event_fault(&frame.data));
        }
        let data = frame.data.trim();
        if data == "[DONE]" {
            self.progress = Progress::Done;
            out.push(StreamEvent::Done);
            return Ok(());
        }
        // An event with no data (`event: ping` alone) carries nothing.
        if data.is_empty() {
            return Ok(());
        }
        let chunk: Chunk<'_> = serde_json::from_str(data).map_err(|err| malformed(data, &err))?;
        self.decode_chunk(chunk, out)
    }

    fn decode_chunk(&mut self, chunk: Chunk<'_>, out: &mut Vec<StreamEvent>) -> Result<(), StreamFault> {
        let Chunk { id, model, choices, usage, service_tier, error } = chunk;
        if !self.metadata_sent {
            let message_id = id.filter(|id| !id.is_empty()).map(Cow::into_owned);
            let model = model.filter(|model| !model.is_empty()).map(Cow::into_owned);
            if message_id.is_some() || model.is_some() {
                self.metadata_sent = true;
                out.push(StreamEvent::Metadata { message_id, model });
            }
        }
        if error.is_none() {
            let wanted = self.choice;
            for choice in choices.into_iter().flatten().filter(|choice| choice.index.unwrap_or(0) == wanted) {
                self.decode_choice(choice, out)?;
            }
        }
        out.extend(usage.and_then(|usage| usage.usage()).map(StreamEvent::Usage));
        if let Some(error) = error {
            return Err(provider_fault(&error));
        }
        if let Some(tier) = service_tier.filter(|tier| !tier.is_empty())
            && self.served_tier.as_deref() != Some(&*tier)
        {
            let tier = tier.into_owned();
            self.served_tier = Some(tier.clone());
            out.push(StreamEvent::Served { service_tier: Some(tier), latency: None });
        }
        Ok(())
    }

    fn decode_choice(&mut self, choice: Choice<'_>, out: &mut Vec<StreamEvent>) -> Result<(), StreamFault> {
        if let Some(delta) = choice.delta {
            let thinking = delta.reasoning_content.filter(|text| !text.is_empty()).or(delta.reasoning);
            push_text(out, StreamEvent::ThinkingDelta, thinking.unwrap_or_default());
            if let Some(content) = delta.content {
                content.push_events(out);
            }
            if let Some(refusal) = delta.refusal.filter(|refusal| !refusal.is_empty()) {
                self.refused = true;
                out.push(StreamEvent::TextDelta(refusal));
            }
            for (position, call) in delta.tool_calls.into_iter().flatten().enumerate() {
                self.tools.push(call, position, out)?;
            }
        }
        // Some servers send `""` rather than `null` on chunks that do not finish.
        if let Some(reason) = choice.finish_reason.filter(|reason| !reason.is_empty()) {
            if self.progress == Progress::Streaming {
                self.progress = Progress::Finished;
            }
            let reason = match stop_reason(&reason) {
                StopReason::EndTurn if self.refused => StopReason::Refusal,
                reason => reason,
            };
            if self.stop.as_ref() != Some(&reason) {
                self.stop = Some(reason.clone());
                out.push(StreamEvent::StopReason(reason));
            }
        }
        Ok(())
    }
}
