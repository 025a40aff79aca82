//! Turns an answer into what is actually sent: token pieces per content block, cut by
//! `stop_sequences` and `max_tokens`, with the stop reason and token counts that result.
//! Surface-neutral; each surface encodes a plan in its own wire shape.

use super::answer::Answer;
use super::{ids, tokens};

/// The request's limits on output.
#[derive(Debug, Clone, Copy)]
pub struct Limits<'a> {
    pub max_tokens: u32,
    pub stop_sequences: &'a [String],
    /// The most tokens the thinking block may have (the request's thinking budget); the
    /// thinking ends there, which is no stop.
    pub thinking_budget: Option<u32>,
}

/// Why the output ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    EndTurn,
    MaxTokens,
    /// The stop sequence that was hit (it is not part of the output).
    Sequence(String),
    ToolUse,
}

/// What a content block holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Thinking { signature: String },
    Text,
    ToolUse { id: String, name: &'static str },
}

/// One content block and the pieces (one per token) it is sent in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub pieces: Vec<String>,
}

impl Block {
    /// Everything the block says.
    pub fn text(&self) -> String {
        self.pieces.concat()
    }
}

/// The output of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub blocks: Vec<Block>,
    pub stop: Stop,
    pub output_tokens: u32,
    /// `None` when there is no thinking block.
    pub thinking_tokens: Option<u32>,
}

/// Plan the output of `answer` under `limits`; `tool_use_id` names a tool call if there is one.
pub fn plan(answer: &Answer, limits: Limits<'_>, tool_use_id: String) -> Plan {
    let mut wanted = Vec::new();
    if let Some(thinking) = &answer.thinking {
        let mut pieces = tokens::pieces(thinking);
        pieces.truncate(limits.thinking_budget.map_or(usize::MAX, |budget| budget as usize));
        wanted.push((BlockKind::Thinking { signature: ids::signature(&pieces.concat()) }, pieces));
    }
    let (text, hit) = cut_at_stop_sequence(&answer.text, limits.stop_sequences);
    wanted.push((BlockKind::Text, tokens::pieces(text)));
    if let (Some(tool), None) = (&answer.tool, &hit) {
        wanted.push((BlockKind::ToolUse { id: tool_use_id, name: tool.name }, tokens::chunks(&tool.input)));
    }

    let mut left = limits.max_tokens as usize;
    let mut truncated = false;
    let mut blocks = Vec::new();
    for (kind, mut pieces) in wanted {
        if left == 0 {
            truncated = true;
            break;
        }
        if pieces.len() > left {
            pieces.truncate(left);
            truncated = true;
        }
        left -= pieces.len();
        blocks.push(Block { kind, pieces: pieces.into_iter().map(str::to_owned).collect() });
        if truncated {
            break;
        }
    }

    let count = |block: &Block| u32::try_from(block.pieces.len()).unwrap_or(u32::MAX);
    let thinking_tokens = blocks.iter().find(|block| matches!(block.kind, BlockKind::Thinking { .. })).map(count);
    let output_tokens = blocks.iter().map(count).sum();
    let stop = if truncated {
        Stop::MaxTokens
    } else if let Some(sequence) = hit {
        Stop::Sequence(sequence)
    } else if blocks.iter().any(|block| matches!(block.kind, BlockKind::ToolUse { .. })) {
        Stop::ToolUse
    } else {
        Stop::EndTurn
    };
    Plan { blocks, stop, output_tokens, thinking_tokens }
}

/// `text` up to the earliest stop sequence in it, and that sequence. Empty sequences never match.
fn cut_at_stop_sequence<'t>(text: &'t str, sequences: &[String]) -> (&'t str, Option<String>) {
    let earliest = sequences
        .iter()
        .filter(|sequence| !sequence.is_empty())
        .filter_map(|sequence| text.find(sequence.as_str()).map(|at| (at, sequence)))
        .min_by_key(|(at, _)| *at);
    match earliest {
        Some((at, sequence)) => (&text[..at], Some(sequence.clone())),
        None => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::answer::ToolCall;

    fn answer(thinking: Option<&str>, text: &str, tool: bool) -> Answer {
        Answer {
            thinking: thinking.map(str::to_owned),
            text: text.to_owned(),
            tool: tool.then(|| ToolCall { name: "t", input: r#"{"q":"abc"}"#.to_owned() }),
        }
    }

    fn limits(max_tokens: u32, stop_sequences: &[String]) -> Limits<'_> {
        Limits { max_tokens, stop_sequences, thinking_budget: None }
    }

    #[test]
    fn whole_answer_ends_the_turn() {
        let plan = plan(&answer(None, "one two three", false), limits(100, &[]), "id".into());
        assert_eq!(plan.stop, Stop::EndTurn);
        assert_eq!(plan.output_tokens, 3);
        assert_eq!(plan.thinking_tokens, None);
        assert_eq!(plan.blocks[0].text(), "one two three");
    }

    #[test]
    fn max_tokens_cuts_across_blocks() {
        let plan = plan(&answer(Some("a b c"), "one two three", true), limits(4, &[]), "id".into());
        assert_eq!(plan.stop, Stop::MaxTokens);
        assert_eq!(plan.output_tokens, 4);
        assert_eq!(plan.thinking_tokens, Some(3));
        assert_eq!(plan.blocks.len(), 2);
        assert_eq!(plan.blocks[1].text(), "one");
    }

    #[test]
    fn earliest_stop_sequence_wins_and_drops_the_tool_call() {
        let stops = ["three".to_owned(), "two".to_owned(), String::new()];
        let plan = plan(&answer(None, "one two three", true), limits(100, &stops), "id".into());
        assert_eq!(plan.stop, Stop::Sequence("two".into()));
        assert_eq!(plan.blocks.len(), 1);
        assert_eq!(plan.blocks[0].text(), "one ");
    }

    #[test]
    fn the_thinking_budget_caps_thinking_but_does_not_stop() {
        let capped = Limits { thinking_budget: Some(2), ..limits(100, &[]) };
        let plan = plan(&answer(Some("a b c d"), "one two", false), capped, "id".into());
        assert_eq!(plan.thinking_tokens, Some(2));
        assert_eq!(plan.blocks[0].text(), "a b");
        assert_eq!(plan.blocks[1].text(), "one two");
        assert_eq!(plan.stop, Stop::EndTurn);
    }

    #[test]
    fn tool_call_stops_with_tool_use() {
        let plan = plan(&answer(None, "ok", true), limits(100, &[]), "toolu_1".into());
        assert_eq!(plan.stop, Stop::ToolUse);
        assert_eq!(plan.blocks[1].kind, BlockKind::ToolUse { id: "toolu_1".into(), name: "t" });
        assert_eq!(plan.blocks[1].text(), r#"{"q":"abc"}"#);
    }
}
