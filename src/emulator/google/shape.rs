//! `GenerateContentResponse` as serde types, fields in the API's order: one candidate with
//! the model's parts, `usageMetadata` (running totals while streaming), `modelVersion` and
//! `responseId`. Shared by the stream encoder and the one-piece response.

use crate::emulator::plan::{Block, BlockKind, Plan, Stop};
use serde::Serialize;
use serde_json::Value;

/// What every chunk of one response repeats.
#[derive(Debug, Clone)]
pub struct Meta {
    pub response_id: String,
    /// The model id as requested, without fault suffix.
    pub model_version: String,
    pub prompt_tokens: u32,
    /// Of `prompt_tokens`, those read from the implicit cache (`cachedContentTokenCount`,
    /// left out when 0, as the API does).
    pub cached_tokens: u32,
    /// `usageMetadata.trafficType`: the tier that served the request (`tier::traffic_type`).
    pub traffic_type: Option<&'static str>,
}

/// Token counts so far; `thoughts` is `None` when the model did not think.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub candidates: u32,
    pub thoughts: Option<u32>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateResponse<'a> {
    candidates: [Candidate<'a>; 1],
    usage_metadata: Usage,
    model_version: &'a str,
    response_id: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Candidate<'a> {
    content: Content<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    finish_reason: Option<&'static str>,
    index: u32,
}

#[derive(Debug, Serialize)]
struct Content<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    parts: Vec<Part<'a>>,
    role: &'static str,
}

/// One part of the model's content.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Part<'a> {
    Text {
        text: &'a str,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        thought: bool,
    },
    Call {
        #[serde(rename = "functionCall")]
        function_call: Call<'a>,
    },
}

#[derive(Debug, Serialize)]
pub struct Call<'a> {
    name: &'a str,
    args: Value,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Usage {
    prompt_token_count: u32,
    candidates_token_count: u32,
    total_token_count: u32,
    prompt_tokens_details: [Modality; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    cached_content_token_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thoughts_token_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    traffic_type: Option<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Modality {
    modality: &'static str,
    token_count: u32,
}

/// The part carrying `text` of `block`: text, a thought summary, or a whole function call
/// (its arguments, cut short by `maxOutputTokens`, are then empty).
pub fn part<'a>(block: &'a Block, text: &'a str) -> Part<'a> {
    match &block.kind {
        BlockKind::Thinking { .. } => Part::Text { text, thought: true },
        BlockKind::Text => Part::Text { text, thought: false },
        BlockKind::ToolUse { name, .. } => Part::Call {
            function_call: Call {
                name,
                args: serde_json::from_str(text).unwrap_or_else(|_| Value::Object(serde_json::Map::new())),
            },
        },
    }
}

/// `finishReason` for how the output ended.
pub fn finish_reason(stop: &Stop) -> &'static str {
    match stop {
        Stop::MaxTokens => "MAX_TOKENS",
        Stop::EndTurn | Stop::Sequence(_) | Stop::ToolUse => "STOP",
    }
}

/// One response (or chunk).
pub fn response<'a>(
    meta: &'a Meta,
    parts: Vec<Part<'a>>,
    finish: Option<&'static str>,
    totals: Totals,
) -> GenerateResponse<'a> {
    let thoughts = totals.thoughts.unwrap_or(0);
    GenerateResponse {
        candidates: [Candidate { content: Content { parts, role: "model" }, finish_reason: finish, index: 0 }],
        usage_metadata: Usage {
            prompt_token_count: meta.prompt_tokens,
            candidates_token_count: totals.candidates,
            total_token_count: meta.prompt_tokens + totals.candidates + thoughts,
            prompt_tokens_details: [Modality { modality: "TEXT", token_count: meta.prompt_tokens }],
            cached_content_token_count: Some(meta.cached_tokens).filter(|cached| *cached > 0),
            thoughts_token_count: totals.thoughts,
            traffic_type: meta.traffic_type,
        },
        model_version: &meta.model_version,
        response_id: &meta.response_id,
    }
}

/// The whole response to a `generateContent` call; thought summaries only if asked for.
pub fn whole<'a>(meta: &'a Meta, plan: &'a Plan, texts: &'a [String], show_thoughts: bool) -> GenerateResponse<'a> {
    let parts = plan
        .blocks
        .iter()
        .zip(texts)
        .filter(|(block, _)| show_thoughts || !matches!(block.kind, BlockKind::Thinking { .. }))
        .map(|(block, text)| part(block, text))
        .collect();
    response(meta, parts, Some(finish_reason(&plan.stop)), final_totals(plan))
}

/// The counts at the end of a plan.
pub fn final_totals(plan: &Plan) -> Totals {
    let thoughts = plan.thinking_tokens;
    Totals { candidates: plan.output_tokens - thoughts.unwrap_or(0), thoughts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(cached_tokens: u32, traffic_type: Option<&'static str>) -> Value {
        let meta =
            Meta { response_id: "r".into(), model_version: "m".into(), prompt_tokens: 40, cached_tokens, traffic_type };
        let response = response(&meta, Vec::new(), None, Totals { candidates: 2, thoughts: None });
        serde_json::to_value(&response).expect("JSON")["usageMetadata"].clone()
    }

    #[test]
    fn cached_tokens_and_the_traffic_type_are_reported_only_when_there_are_some() {
        let cached = usage(32, Some("ON_DEMAND_FLEX"));
        assert_eq!(
            (cached["promptTokenCount"].as_u64(), cached["cachedContentTokenCount"].as_u64()),
            (Some(40), Some(32))
        );
        assert_eq!(cached["trafficType"], "ON_DEMAND_FLEX");
        let plain = usage(0, None);
        assert!(plain.get("cachedContentTokenCount").is_none() && plain.get("trafficType").is_none(), "{plain}");
    }
}
