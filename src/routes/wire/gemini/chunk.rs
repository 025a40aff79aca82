//! One `GenerateContentResponse` chunk (GENAI `types.py`), reduced to the fields routeplay
//! shows, and how its parts, usage and finish reason become neutral events.
//!
//! Every field is optional and unknown fields are ignored, so new part kinds and metadata
//! pass through; a field of the wrong type, or a `functionCall` without `name`, is an error.

use serde::Deserialize;
use serde_json::Value;

use crate::routes::event::{StopReason, StreamEvent, Usage};
use crate::routes::google_error::GoogleError;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Chunk {
    pub(super) candidates: Option<Vec<Candidate>>,
    pub(super) prompt_feedback: Option<PromptFeedback>,
    pub(super) usage_metadata: Option<UsageMetadata>,
    pub(super) model_version: Option<String>,
    pub(super) response_id: Option<String>,
    /// An error sent as a `data:` event instead of a chunk.
    pub(super) error: Option<GoogleError>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Candidate {
    pub(super) content: Option<Content>,
    pub(super) finish_reason: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Content {
    pub(super) parts: Option<Vec<Part>>,
}

/// A `Part` is a union; the members read here are text (maybe a thought) and function calls.
/// `inlineData`, `executableCode` and the like are skipped.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Part {
    text: Option<String>,
    thought: Option<bool>,
    thought_signature: Option<String>,
    function_call: Option<FunctionCall>,
}

#[derive(Deserialize)]
struct FunctionCall {
    /// Set by some API versions; the name stands in when it is absent.
    id: Option<String>,
    name: String,
    args: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PromptFeedback {
    pub(super) block_reason: Option<String>,
    pub(super) block_reason_message: Option<String>,
}

/// Running totals for the response so far: each field is a `…TokenCount` on the wire.
#[derive(Deserialize)]
pub(super) struct UsageMetadata {
    #[serde(rename = "promptTokenCount")]
    prompt: Option<u64>,
    #[serde(rename = "candidatesTokenCount")]
    candidates: Option<u64>,
    #[serde(rename = "thoughtsTokenCount")]
    thoughts: Option<u64>,
    #[serde(rename = "cachedContentTokenCount")]
    cached_content: Option<u64>,
    /// Which quota served the request (`ON_DEMAND`, `ON_DEMAND_PRIORITY`, …): the tier.
    #[serde(rename = "trafficType")]
    traffic_type: Option<String>,
}

impl Part {
    /// The events of one part: its text or call, then `ThinkingSigned` if it carries a
    /// signature. Empty text, which often only carries a signature, gives no delta.
    pub(super) fn push_events(self, out: &mut Vec<StreamEvent>) {
        if let Some(call) = self.function_call {
            let id = call.id.unwrap_or_else(|| call.name.clone());
            out.push(StreamEvent::ToolUseStart { id, name: call.name });
            out.extend(call.args.map(|args| StreamEvent::ToolInputDelta(args.to_string())));
        } else if let Some(text) = self.text.filter(|text| !text.is_empty()) {
            out.push(if self.thought == Some(true) {
                StreamEvent::ThinkingDelta(text)
            } else {
                StreamEvent::TextDelta(text)
            });
        }
        if self.thought_signature.is_some_and(|signature| !signature.is_empty()) {
            out.push(StreamEvent::ThinkingSigned);
        }
    }
}

impl UsageMetadata {
    /// The counts as neutral usage, or `None` when the chunk reported none of them (Vertex
    /// sends `{"trafficType": …}` alone on early chunks).
    pub(super) fn usage(&self) -> Option<Usage> {
        let usage = Usage {
            input_tokens: self.prompt,
            output_tokens: self.candidates,
            cache_read_tokens: self.cached_content,
            cache_write_tokens: None,
            thinking_tokens: self.thoughts,
        };
        (usage != Usage::default()).then_some(usage)
    }

    /// The service tier that served the request, under routeplay's tier names where one
    /// matches (GENAI `types.TrafficType`): `ON_DEMAND` is `standard`, `ON_DEMAND_PRIORITY`
    /// `priority`, `ON_DEMAND_FLEX` `flex`, `PROVISIONED_THROUGHPUT` `provisioned_throughput`;
    /// another value verbatim, `TRAFFIC_TYPE_UNSPECIFIED` none.
    pub(super) fn served_tier(&self) -> Option<String> {
        let tier = match self.traffic_type.as_deref()? {
            "" | "TRAFFIC_TYPE_UNSPECIFIED" => return None,
            "ON_DEMAND" => "standard",
            "ON_DEMAND_PRIORITY" => "priority",
            "ON_DEMAND_FLEX" => "flex",
            "PROVISIONED_THROUGHPUT" => "provisioned_throughput",
            other => other,
        };
        Some(tier.to_owned())
    }
}

/// Map a candidate's `finishReason`:
///
/// | `finishReason` | `StopReason` |
/// |---|---|
/// | `STOP` | `EndTurn` |
/// | `MAX_TOKENS` | `MaxTokens` |
/// | `SAFETY`, `RECITATION`, `BLOCKLIST`, `PROHIBITED_CONTENT`, `SPII`, `IMAGE_SAFETY`, `IMAGE_PROHIBITED_CONTENT`, `IMAGE_RECITATION` | `Refusal` |
/// | `LANGUAGE`, `OTHER`, `MALFORMED_FUNCTION_CALL`, `UNEXPECTED_TOOL_CALL`, `TOO_MANY_TOOL_CALLS`, `NO_IMAGE`, `IMAGE_OTHER`, `FINISH_REASON_UNSPECIFIED`, and values this version does not know | `Other(value)`, verbatim |
///
/// `Refusal` covers output withheld by a content filter (safety, blocklists, prohibited
/// content, personal data, recitation of sources); the rest are not refusals and have no
/// neutral variant. `STOP` is also what Gemini sends after a function call.
pub(super) fn stop_reason(finish_reason: &str) -> StopReason {
    match finish_reason {
        "STOP" => StopReason::EndTurn,
        "MAX_TOKENS" => StopReason::MaxTokens,
        "SAFETY"
        | "RECITATION"
        | "BLOCKLIST"
        | "PROHIBITED_CONTENT"
        | "SPII"
        | "IMAGE_SAFETY"
        | "IMAGE_PROHIBITED_CONTENT"
        | "IMAGE_RECITATION" => StopReason::Refusal,
        other => StopReason::Other(other.to_owned()),
    }
}

impl PromptFeedback {
    /// The outcome of a blocked prompt, e.g. `Other("blocked: SAFETY")`, or `None` when the
    /// prompt was not blocked.
    pub(super) fn blocked(self) -> Option<StopReason> {
        let reason = self.block_reason?;
        Some(StopReason::Other(match self.block_reason_message {
            Some(message) if !message.is_empty() => format!("blocked: {reason} ({message})"),
            _ => format!("blocked: {reason}"),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part_events(json: &str) -> Vec<StreamEvent> {
        let part: Part = serde_json::from_str(json).expect("a part");
        let mut out = Vec::new();
        part.push_events(&mut out);
        out
    }

    #[test]
    fn finish_reason_table() {
        assert_eq!(stop_reason("STOP"), StopReason::EndTurn);
        assert_eq!(stop_reason("MAX_TOKENS"), StopReason::MaxTokens);
        let refusals = [
            "SAFETY",
            "RECITATION",
            "BLOCKLIST",
            "PROHIBITED_CONTENT",
            "SPII",
            "IMAGE_SAFETY",
            "IMAGE_PROHIBITED_CONTENT",
            "IMAGE_RECITATION",
        ];
        for reason in refusals {
            assert_eq!(stop_reason(reason), StopReason::Refusal, "{reason}");
        }
        let others = [
            "LANGUAGE",
            "OTHER",
            "MALFORMED_FUNCTION_CALL",
            "UNEXPECTED_TOOL_CALL",
            "TOO_MANY_TOOL_CALLS",
            "NO_IMAGE",
            "IMAGE_OTHER",
            "FINISH_REASON_UNSPECIFIED",
            "SOMETHING_NEW",
        ];
        for reason in others {
            assert_eq!(stop_reason(reason), StopReason::Other(reason.into()), "{reason}");
        }
    }

    #[test]
    fn parts() {
        assert_eq!(part_events(r#"{"text":"Hi"}"#), [StreamEvent::TextDelta("Hi".into())]);
        assert_eq!(part_events(r#"{"text":"Hm","thought":true}"#), [StreamEvent::ThinkingDelta("Hm".into())]);
        assert_eq!(part_events(r#"{"text":"Hi","thought":false}"#), [StreamEvent::TextDelta("Hi".into())]);
        assert_eq!(part_events(r#"{"text":"","thoughtSignature":"c2ln"}"#), [StreamEvent::ThinkingSigned]);
        assert_eq!(part_events(r#"{"text":"","thoughtSignature":""}"#), []);
        assert_eq!(part_events(r#"{"inlineData":{"mimeType":"image/png","data":"AA=="}}"#), []);
    }

    #[test]
    fn function_calls() {
        let call = r#"{"functionCall":{"name":"getTemperature","args":{"city":"San Jose"}},"thoughtSignature":"s"}"#;
        assert_eq!(
            part_events(call),
            [
                StreamEvent::ToolUseStart { id: "getTemperature".into(), name: "getTemperature".into() },
                StreamEvent::ToolInputDelta(r#"{"city":"San Jose"}"#.into()),
                StreamEvent::ThinkingSigned,
            ]
        );
        let with_id = r#"{"functionCall":{"id":"call_1","name":"now"}}"#;
        assert_eq!(part_events(with_id), [StreamEvent::ToolUseStart { id: "call_1".into(), name: "now".into() }]);
        assert!(serde_json::from_str::<Part>(r#"{"functionCall":{"args":{}}}"#).is_err());
    }

    #[test]
    fn usage_counts_and_traffic_type_alone() {
        let full: UsageMetadata = serde_json::from_str(
            r#"{"promptTokenCount":10,"candidatesTokenCount":48,"totalTokenCount":598,
            "thoughtsTokenCount":540,"cachedContentTokenCount":4,"trafficType":"ON_DEMAND"}"#,
        )
        .expect("usage");
        let expected = Usage {
            input_tokens: Some(10),
            output_tokens: Some(48),
            cache_read_tokens: Some(4),
            cache_write_tokens: None,
            thinking_tokens: Some(540),
        };
        assert_eq!(full.usage(), Some(expected));
        let none: UsageMetadata = serde_json::from_str(r#"{"trafficType":"ON_DEMAND"}"#).expect("usage");
        assert_eq!(none.usage(), None);
    }

    #[test]
    fn traffic_type_is_the_served_tier() {
        let tier = |json: &str| serde_json::from_str::<UsageMetadata>(json).expect("usage").served_tier();
        assert_eq!(tier(r#"{"trafficType":"ON_DEMAND"}"#).as_deref(), Some("standard"));
        assert_eq!(tier(r#"{"trafficType":"ON_DEMAND_PRIORITY"}"#).as_deref(), Some("priority"));
        assert_eq!(tier(r#"{"trafficType":"ON_DEMAND_FLEX"}"#).as_deref(), Some("flex"));
        assert_eq!(tier(r#"{"trafficType":"PROVISIONED_THROUGHPUT"}"#).as_deref(), Some("provisioned_throughput"));
        assert_eq!(tier(r#"{"trafficType":"SOMETHING_NEW"}"#).as_deref(), Some("SOMETHING_NEW"));
        assert_eq!(tier(r#"{"trafficType":"TRAFFIC_TYPE_UNSPECIFIED"}"#), None);
        assert_eq!(tier(r#"{"promptTokenCount":3}"#), None);
    }

    #[test]
    fn blocked_prompt_outcome() {
        let feedback = |json: &str| serde_json::from_str::<PromptFeedback>(json).expect("feedback").blocked();
        assert_eq!(feedback(r#"{"blockReason":"SAFETY"}"#), Some(StopReason::Other("blocked: SAFETY".into())));
        assert_eq!(
            feedback(r#"{"blockReason":"OTHER","blockReasonMessage":"Prompt was blocked."}"#),
            Some(StopReason::Other("blocked: OTHER (Prompt was blocked.)".into()))
        );
        assert_eq!(feedback(r#"{"safetyRatings":[]}"#), None);
    }
}
