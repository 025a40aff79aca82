//! The tool calls of one choice: `delta.tool_calls[]` pieces, keyed by `index`, become one
//! `ToolUseStart` per call and then a `ToolInputDelta` per piece of its arguments.
//!
//! Neutral events carry no call index (input belongs to the call started last), so calls must
//! stream one after another, as every recorded server sends them. A new call is a new
//! `index`, or a new `id` under the same index (Gemini's compatibility layers number every
//! call 0). Arguments that go back to a call after another began are a fault, not input
//! silently given to the wrong call.

use std::collections::HashMap;

use crate::routes::event::StreamEvent;
use crate::routes::wire::StreamFault;

use super::chunk::ToolCallDelta;

#[derive(Debug, Default)]
pub(super) struct ToolCalls {
    /// The index of the call whose arguments are streaming.
    current: Option<u32>,
    /// Each index a call started under, with the id the server gave that call.
    started: HashMap<u32, Option<String>>,
}

impl ToolCalls {
    /// Decode the call piece at `position` in its delta's `tool_calls`. A call's start takes
    /// the id and name of its first piece (both usually arrive there, often with the first
    /// arguments); a call without an id is named `call_{index}`.
    pub(super) fn push(
        &mut self,
        call: ToolCallDelta,
        position: usize,
        out: &mut Vec<StreamEvent>,
    ) -> Result<(), StreamFault> {
        let index = call.index.unwrap_or_else(|| u32::try_from(position).unwrap_or(u32::MAX));
        let id = call.id.filter(|id| !id.is_empty());
        let (name, arguments) = call.function.map_or((None, None), |function| (function.name, function.arguments));
        if !self.continues(index, id.as_deref()) {
            if let Some(earlier) = self.started.get(&index)
                && (id.is_none() || id == *earlier)
            {
                return Err(StreamFault::Malformed {
                    detail: format!(
                        "tool call {index} went on after a later call began; \
                         routeplay takes a stream's tool calls one after another"
                    ),
                });
            }
            let shown_id = id.clone().unwrap_or_else(|| format!("call_{index}"));
            out.push(StreamEvent::ToolUseStart { id: shown_id, name: name.unwrap_or_default() });
            self.started.insert(index, id);
            self.current = Some(index);
        }
        if let Some(arguments) = arguments.filter(|arguments| !arguments.is_empty()) {
            out.push(StreamEvent::ToolInputDelta(arguments));
        }
        Ok(())
    }

    /// Whether a piece with `index` and `id` belongs to the call streaming now: same index,
    /// and no id or the same one.
    fn continues(&self, index: u32, id: Option<&str>) -> bool {
        self.current == Some(index)
            && match (id, self.started.get(&index)) {
                (Some(id), Some(Some(current))) => id == current,
                _ => true,
            }
    }
}
