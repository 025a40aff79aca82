//! Body decoders: bytes in, neutral `StreamEvent`s out. One per wire: Anthropic SSE (the
//! Anthropic API, the emulator, Bedrock Mantle, Claude on Vertex), AWS event-stream frames
//! (Bedrock Invoke and Converse), Gemini SSE (the Gemini API, Gemini on Vertex) and Chat
//! Completions SSE (OpenAI and local servers, Bedrock Mantle's and Vertex's OpenAI surfaces).

use crate::routes::event::StreamEvent;
use crate::routes::framing::eventstream::{EventStreamDecoder, Frame};
use crate::routes::framing::sse::{SseDecoder, SseEvent};
use crate::routes::wire::StreamFault;
use crate::routes::wire::anthropic_stream::AnthropicStreamDecoder;
use crate::routes::wire::bedrock_invoke::InvokeStreamDecoder;
use crate::routes::wire::converse::ConverseStreamDecoder;
use crate::routes::wire::gemini::GeminiStreamDecoder;
use crate::routes::wire::openai_chat::ChatStreamDecoder;

/// Turns a response body into stream events, chunk by chunk.
pub trait BodyDecoder: Send {
    /// Decode the next chunk of the body.
    fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault>;
    /// The body ended: decode what is left.
    fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault>;
    /// Whether the stream's final event arrived (a body that ends without it was cut).
    fn is_complete(&self) -> bool;
    /// The final event's name, for the error when it never came.
    fn final_event(&self) -> &'static str;
}

/// Anthropic Messages events over SSE.
#[derive(Debug, Default)]
pub struct AnthropicSse {
    sse: SseDecoder,
    anthropic: AnthropicStreamDecoder,
    frames: Vec<SseEvent>,
}

impl AnthropicSse {
    fn earlier_fault(&self) -> Result<(), StreamFault> {
        self.sse.fault().cloned().map_or(Ok(()), Err)
    }

    fn decode_frames(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        let mut events = Vec::new();
        for frame in self.frames.drain(..) {
            events.extend(self.anthropic.decode(&frame)?);
        }
        Ok(events)
    }
}

impl BodyDecoder for AnthropicSse {
    /// Events decoded before an SSE fault (a line or event past its limit) come first, the
    /// fault on the next call.
    fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault> {
        self.earlier_fault()?;
        self.sse.feed(bytes, &mut self.frames);
        let events = self.decode_frames()?;
        if events.is_empty() { self.earlier_fault().map(|()| events) } else { Ok(events) }
    }

    fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        self.earlier_fault()?;
        self.sse.finish(&mut self.frames);
        self.decode_frames()
    }

    fn is_complete(&self) -> bool {
        self.anthropic.is_complete()
    }

    fn final_event(&self) -> &'static str {
        "message_stop"
    }
}

/// `GenerateContentResponse` chunks over SSE. The stream has no end marker: it is complete
/// once a finish reason (or a blocked prompt) arrived.
#[derive(Debug, Default)]
pub struct GeminiSse {
    gemini: GeminiStreamDecoder,
}

impl BodyDecoder for GeminiSse {
    fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault> {
        self.gemini.feed(bytes)
    }

    fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        self.gemini.finish()
    }

    fn is_complete(&self) -> bool {
        self.gemini.is_complete()
    }

    fn final_event(&self) -> &'static str {
        "a chunk with finishReason"
    }
}

/// OpenAI `chat.completion.chunk` events over SSE, ending with `data: [DONE]`; a finish reason
/// without it also completes the stream (some servers omit the marker).
#[derive(Debug, Default)]
pub struct OpenAiChatSse {
    chat: ChatStreamDecoder,
}

impl BodyDecoder for OpenAiChatSse {
    fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault> {
        self.chat.feed(bytes)
    }

    fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        self.chat.finish()
    }

    fn is_complete(&self) -> bool {
        self.chat.is_complete()
    }

    fn final_event(&self) -> &'static str {
        "data: [DONE] or a finish_reason"
    }
}

/// A decoder of one frame's events: the Invoke and Converse stream decoders.
pub trait FrameEvents: Send {
    fn decode(&mut self, frame: &Frame) -> Result<Vec<StreamEvent>, StreamFault>;
    fn is_complete(&self) -> bool;
}

impl FrameEvents for InvokeStreamDecoder {
    fn decode(&mut self, frame: &Frame) -> Result<Vec<StreamEvent>, StreamFault> {
        InvokeStreamDecoder::decode(self, frame)
    }

    fn is_complete(&self) -> bool {
        InvokeStreamDecoder::is_complete(self)
    }
}

impl FrameEvents for ConverseStreamDecoder {
    fn decode(&mut self, frame: &Frame) -> Result<Vec<StreamEvent>, StreamFault> {
        ConverseStreamDecoder::decode(self, frame)
    }

    fn is_complete(&self) -> bool {
        ConverseStreamDecoder::is_complete(self)
    }
}

/// AWS event-stream frames, each decoded by `events`: Bedrock InvokeModelWithResponseStream
/// (`message_stop` ends it) or ConverseStream (`metadata` ends it).
pub struct EventStream<E> {
    framing: EventStreamDecoder,
    events: E,
    frames: Vec<Frame>,
    final_event: &'static str,
}

impl EventStream<InvokeStreamDecoder> {
    #[must_use]
    pub fn invoke() -> Self {
        Self {
            framing: EventStreamDecoder::new(),
            events: InvokeStreamDecoder::new(),
            frames: Vec::new(),
            final_event: "message_stop",
        }
    }
}

impl EventStream<ConverseStreamDecoder> {
    #[must_use]
    pub fn converse() -> Self {
        Self {
            framing: EventStreamDecoder::new(),
            events: ConverseStreamDecoder::new(),
            frames: Vec::new(),
            final_event: "metadata",
        }
    }
}

impl<E: FrameEvents> BodyDecoder for EventStream<E> {
    fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault> {
        self.framing.feed(bytes, &mut self.frames)?;
        let mut events = Vec::new();
        for frame in self.frames.drain(..) {
            events.extend(self.events.decode(&frame)?);
        }
        Ok(events)
    }

    fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        self.framing.finish()?;
        Ok(Vec::new())
    }

    fn is_complete(&self) -> bool {
        self.events.is_complete()
    }

    fn final_event(&self) -> &'static str {
        self.final_event
    }
}
