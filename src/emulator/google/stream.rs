//! The `streamGenerateContent` encoder. A plan's token pieces are first grouped into chunks of
//! a few tokens ([`chunk`]), so each delta the player sends is one `GenerateContentResponse`
//! and stream faults strike after three chunks. The last chunk carries `finishReason`. Framed
//! as SSE (`alt=sse`: `data: …` and a blank line, no `[DONE]`) or as the JSON array the API
//! streams without `alt=sse`.

use super::refuse;
use super::shape::{self, Meta, Totals};
use crate::emulator::drive::Encoder;
use crate::emulator::plan::{Block, BlockKind, Plan};
use bytes::Bytes;

/// Tokens per chunk.
pub const CHUNK_TOKENS: usize = 5;

/// How the chunks are put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    Sse,
    JsonArray,
}

/// A plan regrouped into chunks, with each chunk's token count.
#[derive(Debug, Clone)]
pub struct Chunked {
    pub plan: Plan,
    pub counts: Vec<Vec<u32>>,
}

/// Group `plan`'s pieces [`CHUNK_TOKENS`] at a time (a function call goes whole), dropping the
/// thinking unless its summaries are shown. Counts stay those of the whole plan.
pub fn chunk(mut plan: Plan, show_thoughts: bool) -> Chunked {
    if !show_thoughts {
        plan.blocks.retain(|block| !matches!(block.kind, BlockKind::Thinking { .. }));
    }
    let mut counts = Vec::new();
    for block in &mut plan.blocks {
        let size = if matches!(block.kind, BlockKind::ToolUse { .. }) { usize::MAX } else { CHUNK_TOKENS };
        let groups: Vec<&[String]> = block.pieces.chunks(size).collect();
        counts.push(groups.iter().map(|group| u32::try_from(group.len()).unwrap_or(u32::MAX)).collect());
        block.pieces = groups.iter().map(|group| group.concat()).collect();
    }
    Chunked { plan, counts }
}

/// Encodes one streamed response.
#[derive(Debug)]
pub struct GeminiStream {
    meta: Meta,
    framing: Framing,
    counts: Vec<Vec<u32>>,
    /// The block being sent and how many of its chunks went out.
    at: (usize, usize),
    left: usize,
    totals: Totals,
    finish: &'static str,
    sent: bool,
}

impl GeminiStream {
    /// `hidden_thoughts` thought tokens are counted from the first chunk on but never shown.
    pub fn new(meta: Meta, framing: Framing, chunked: &Chunked, hidden_thoughts: Option<u32>) -> Self {
        let shown_thinking = chunked.plan.blocks.iter().any(|block| matches!(block.kind, BlockKind::Thinking { .. }));
        let thoughts = hidden_thoughts.or(shown_thinking.then_some(0));
        Self {
            meta,
            framing,
            left: chunked.counts.iter().map(Vec::len).sum(),
            counts: chunked.counts.clone(),
            at: (0, 0),
            totals: Totals { candidates: 0, thoughts },
            finish: shape::finish_reason(&chunked.plan.stop),
            sent: false,
        }
    }

    /// One chunk on the wire, built from the totals so far.
    fn chunk(&mut self, parts: Vec<shape::Part<'_>>, finish: Option<&'static str>) -> Bytes {
        let response = shape::response(&self.meta, parts, finish, self.totals);
        // Serialising these types cannot fail.
        let out = match self.framing {
            Framing::Sse => format!("data: {}\n\n", serde_json::to_string(&response).unwrap_or_default()),
            Framing::JsonArray => {
                let separator = if self.sent { ",\r\n" } else { "" };
                format!("{separator}{}", serde_json::to_string_pretty(&response).unwrap_or_default())
            }
        };
        self.sent = true;
        Bytes::from(out)
    }
}

impl Encoder for GeminiStream {
    fn start(&mut self) -> Bytes {
        match self.framing {
            Framing::Sse => Bytes::new(),
            Framing::JsonArray => Bytes::from_static(b"["),
        }
    }

    fn block_start(&mut self, _index: usize, _block: &Block) -> Bytes {
        Bytes::new()
    }

    fn delta(&mut self, index: usize, block: &Block, piece: &str) -> Bytes {
        if self.at.0 != index {
            self.at = (index, 0);
        }
        let count = self.counts.get(index).and_then(|counts| counts.get(self.at.1)).copied().unwrap_or(0);
        self.at.1 += 1;
        match (&block.kind, &mut self.totals.thoughts) {
            (BlockKind::Thinking { .. }, Some(thoughts)) => *thoughts += count,
            _ => self.totals.candidates += count,
        }
        self.left = self.left.saturating_sub(1);
        let finish = (self.left == 0).then_some(self.finish);
        self.chunk(vec![shape::part(block, piece)], finish)
    }

    fn block_stop(&mut self, _index: usize, _block: &Block) -> Bytes {
        Bytes::new()
    }

    /// Nothing left to send but the end, unless no chunk carried `finishReason` yet.
    fn finish(&mut self, _plan: &Plan) -> Bytes {
        let last = if self.sent { Bytes::new() } else { self.chunk(Vec::new(), Some(self.finish)) };
        match self.framing {
            Framing::Sse => last,
            Framing::JsonArray => [last, Bytes::from_static(b"]")].concat().into(),
        }
    }

    /// A bare, multi-line JSON error object (no `data:`), as Google ends a failing stream.
    fn error(&mut self) -> Bytes {
        let error = refuse::mid_stream().pretty();
        match self.framing {
            Framing::Sse => Bytes::from(format!("{error}\n")),
            Framing::JsonArray => Bytes::from(format!(",\r\n{error}\n]")),
        }
    }

    fn malformed(&mut self) -> Bytes {
        let unterminated = r#"{"candidates": [{"content": {"parts": [{"text": "#;
        match self.framing {
            Framing::Sse => Bytes::from(format!("data: {unterminated}\n\n")),
            Framing::JsonArray => Bytes::from(format!(",\r\n{unterminated}")),
        }
    }

    /// SSE and JSON have no checksums: nothing to corrupt.
    fn corrupt(&mut self) -> Bytes {
        Bytes::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::plan::Stop;

    fn block(kind: BlockKind, n: usize) -> Block {
        Block { kind, pieces: (0..n).map(|i| format!(" w{i}")).collect() }
    }

    #[test]
    fn chunks_group_pieces_and_keep_counts() {
        let plan = Plan {
            blocks: vec![block(BlockKind::Thinking { signature: "s".into() }, 7), block(BlockKind::Text, 11)],
            stop: Stop::EndTurn,
            output_tokens: 18,
            thinking_tokens: Some(7),
        };
        let shown = chunk(plan.clone(), true);
        assert_eq!(shown.counts, [vec![5, 2], vec![5, 5, 1]]);
        assert_eq!(shown.plan.blocks[1].pieces[2], " w10");
        let hidden = chunk(plan, false);
        assert_eq!(hidden.counts, [vec![5, 5, 1]]);
        assert_eq!(hidden.plan.thinking_tokens, Some(7));
    }
}
