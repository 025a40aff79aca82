//! What a Converse answer reports beside its content, the same in a `Converse` response and a
//! `ConverseStream` `metadata` event: usage with the prompt cache's read and write tokens, the
//! guardrail's trace (BCR `GuardrailTraceAssessment`) when one was asked for with its trace on,
//! and the service tier and latency mode echoed. A guardrail intervention also decides the stop
//! reason (`guardrail_intervened`).

use super::converse_body::ConverseRequest;
use crate::emulator::plan::Stop;
use crate::emulator::turn::{CacheUse, Intervention, Turn};
use serde_json::{Map, Value, json};

/// The parts of a turn and its request that the report needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// All input tokens, cached ones included.
    pub input_tokens: u32,
    pub cache: CacheUse,
    /// The request marked a cache point, so the cache figures are reported even when zero.
    pub cache_asked: bool,
    pub guardrail: Option<(String, String)>,
    pub trace: bool,
    pub intervention: Option<Intervention>,
    pub service_tier: Option<String>,
    pub latency: Option<String>,
}

impl Report {
    pub fn new(turn: &Turn, request: &ConverseRequest) -> Self {
        Self {
            input_tokens: turn.input_tokens,
            cache: turn.cache,
            cache_asked: request.conversation.asked.cache,
            guardrail: request.controls.guardrail.clone(),
            trace: request.controls.trace,
            intervention: turn.intervention.clone(),
            service_tier: request.controls.service_tier.clone(),
            latency: request.controls.latency.clone(),
        }
    }

    /// Converse's name for why the output ended.
    pub fn stop_reason(&self, stop: &Stop) -> &'static str {
        if self.intervention.is_some() {
            return "guardrail_intervened";
        }
        match stop {
            Stop::EndTurn => "end_turn",
            Stop::MaxTokens => "max_tokens",
            Stop::Sequence(_) => "stop_sequence",
            Stop::ToolUse => "tool_use",
        }
    }

    /// `usage`: `inputTokens` counts only what was not read from or written to the cache.
    pub fn usage(&self, output_tokens: u32) -> Value {
        let CacheUse { read, write } = self.cache;
        let uncached = self.input_tokens.saturating_sub(read.saturating_add(write));
        let mut usage = json!({
            "inputTokens": uncached,
            "outputTokens": output_tokens,
            "totalTokens": self.input_tokens.saturating_add(output_tokens),
        });
        if self.cache_asked || read > 0 || write > 0 {
            usage["cacheReadInputTokens"] = json!(read);
            usage["cacheWriteInputTokens"] = json!(write);
        }
        usage
    }

    /// `trace`, `serviceTier` and `performanceConfig`, where there is something to say.
    pub fn extras(&self) -> Map<String, Value> {
        let mut extras = Map::new();
        if let Some(guardrail) = self.guardrail_trace() {
            extras.insert("trace".into(), json!({ "guardrail": guardrail }));
        }
        if let Some(tier) = &self.service_tier {
            extras.insert("serviceTier".into(), json!({ "type": tier }));
        }
        if let Some(latency) = &self.latency {
            extras.insert("performanceConfig".into(), json!({ "latency": latency }));
        }
        extras
    }

    /// The guardrail's assessment: quiet, or its word policy blocking the word found, in the
    /// input or in the output.
    fn guardrail_trace(&self) -> Option<Value> {
        let (id, version) = self.intervention.as_ref().map(|found| &found.guardrail).or(self.guardrail.as_ref())?;
        if !self.trace {
            return None;
        }
        let details = json!({ "guardrailId": id, "guardrailVersion": version, "guardrailOrigin": ["REQUEST"] });
        let quiet = json!({ "appliedGuardrailDetails": details });
        let Some(found) = &self.intervention else {
            return Some(json!({ "inputAssessment": { id.as_str(): quiet }, "actionReason": "No action." }));
        };
        let blocked = json!({
            "wordPolicy": { "customWords": [{ "match": found.word, "action": "BLOCKED", "detected": true }] },
            "appliedGuardrailDetails": details,
        });
        let mut trace = if found.in_input {
            json!({ "inputAssessment": { id.as_str(): blocked } })
        } else {
            json!({ "inputAssessment": { id.as_str(): quiet }, "outputAssessments": { id.as_str(): [blocked] } })
        };
        trace["actionReason"] = json!("Guardrail blocked.");
        Some(trace)
    }
}

#[cfg(test)]
mod tests;
