//! Converse serves every model family with one body, but the controls `inferenceConfig` has no
//! place for (thinking, effort, `top_k`) go in `additionalModelRequestFields`, in each family's own
//! shape. This is the one table of those shapes, keyed by the model id's provider prefix (after
//! a geography prefix such as `us.`, and after the `/` of a foundation-model or
//! inference-profile ARN).
//!
//! Sources: Claude — AWS "Extended thinking" (`thinking: {type: enabled, budget_tokens}`) and
//! the Converse examples (`top_k`); Nova — the Nova user guide (`inferenceConfig.topK` under
//! `additionalModelRequestFields`; Nova 2 `reasoningConfig` with `maxReasoningEffort`); gpt-oss —
//! the AWS page on its models ("Include any other fields in the `additionalModelRequestFields`
//! object": the chat API's `reasoning_effort`). Claude's effort, Mistral's and Cohere's top-k
//! are what a client would send, not confirmed for Converse.

use serde_json::{Map, Value, json};

use crate::routes::capabilities::Support;
use crate::routes::controls::{Controls, Effort, ThinkingMode};

/// A model family as Converse tells it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConverseFamily {
    Claude,
    /// Amazon Nova 2, which can reason.
    Nova2,
    /// Amazon Nova 1 (micro, lite, pro, premier).
    Nova,
    /// The open-weight gpt-oss models (`openai.gpt-oss-…`).
    GptOss,
    DeepSeek,
    Llama,
    Mistral,
    Cohere,
    /// Anything else, including an application inference profile ARN, whose model the id does
    /// not name.
    Unknown,
}

/// Where a family takes each control, for parity lines and the route explainer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyControls {
    pub thinking: Support,
    pub effort: Support,
    pub top_k: Support,
}

/// Geography prefixes of system-defined cross-region inference profiles.
const GEO_PREFIXES: [&str; 8] = ["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"];

/// A thinking budget of this size or more asks for `medium` effort where only an effort can be
/// sent, and twice as much for `high`.
const MEDIUM_EFFORT_BUDGET: u32 = 4096;
const HIGH_EFFORT_BUDGET: u32 = 16384;

/// Claude's smallest thinking budget (`budget_tokens` "Minimum 1024").
const MIN_CLAUDE_BUDGET: u32 = 1024;

impl ConverseFamily {
    /// The family of a Converse model id (`anthropic.claude-…`, `us.amazon.nova-2-lite-v1:0`,
    /// `arn:aws:bedrock:…:inference-profile/eu.meta.llama…`).
    #[must_use]
    pub fn of(model: &str) -> Self {
        let id = model.rsplit('/').next().unwrap_or(model);
        let mut parts = id.splitn(3, '.');
        let first = parts.next().unwrap_or_default();
        let (provider, name) = if GEO_PREFIXES.contains(&first) {
            (parts.next().unwrap_or_default(), parts.next().unwrap_or_default())
        } else {
            (first, id.split_once('.').map_or("", |(_, rest)| rest))
        };
        match provider {
            "anthropic" => Self::Claude,
            "amazon" if name.starts_with("nova-2") => Self::Nova2,
            "amazon" if name.starts_with("nova") => Self::Nova,
            "openai" if name.starts_with("gpt-oss") => Self::GptOss,
            "deepseek" => Self::DeepSeek,
            "meta" => Self::Llama,
            "mistral" => Self::Mistral,
            "cohere" => Self::Cohere,
            _ => Self::Unknown,
        }
    }

    /// Where this family takes thinking, effort and `top_k`.
    #[must_use]
    pub fn controls(self) -> FamilyControls {
        let dropped = |why| Support::Dropped { why };
        match self {
            Self::Claude => FamilyControls {
                thinking: Support::Mapped { field: "additionalModelRequestFields.thinking" },
                effort: Support::Unconfirmed { field: "additionalModelRequestFields.output_config.effort" },
                top_k: Support::Mapped { field: "additionalModelRequestFields.top_k" },
            },
            Self::Nova2 => FamilyControls {
                thinking: Support::Mapped {
                    field: "additionalModelRequestFields.reasoningConfig (a budget becomes maxReasoningEffort)",
                },
                effort: Support::Mapped { field: "additionalModelRequestFields.reasoningConfig.maxReasoningEffort" },
                top_k: Support::Mapped { field: "additionalModelRequestFields.inferenceConfig.topK" },
            },
            Self::Nova => FamilyControls {
                thinking: dropped("Converse for Nova 1 models has no reasoning"),
                effort: dropped("Converse for Nova 1 models has no reasoning"),
                top_k: Support::Mapped { field: "additionalModelRequestFields.inferenceConfig.topK" },
            },
            Self::GptOss => FamilyControls {
                thinking: Support::Mapped {
                    field: "additionalModelRequestFields.reasoning_effort (a budget becomes an effort)",
                },
                effort: Support::Mapped { field: "additionalModelRequestFields.reasoning_effort" },
                top_k: dropped("Converse for gpt-oss takes OpenAI's chat fields, which have no top_k"),
            },
            Self::DeepSeek => FamilyControls {
                thinking: dropped("Converse for DeepSeek has no reasoning switch (R1 always reasons)"),
                effort: dropped("Converse for DeepSeek has no reasoning effort"),
                top_k: dropped("Converse for DeepSeek has no top_k"),
            },
            Self::Llama => FamilyControls {
                thinking: dropped("Converse for Llama has no reasoning"),
                effort: dropped("Converse for Llama has no reasoning"),
                top_k: dropped("Converse for Llama has no top_k"),
            },
            Self::Mistral => FamilyControls {
                thinking: dropped("Converse for Mistral has no reasoning"),
                effort: dropped("Converse for Mistral has no reasoning"),
                top_k: Support::Unconfirmed { field: "additionalModelRequestFields.top_k" },
            },
            Self::Cohere => FamilyControls {
                thinking: dropped("Converse for Cohere has no reasoning"),
                effort: dropped("Converse for Cohere has no reasoning"),
                top_k: Support::Unconfirmed { field: "additionalModelRequestFields.k" },
            },
            Self::Unknown => {
                let why = "the model id does not name its family (an application inference profile?), so its \
                           field is unknown";
                FamilyControls { thinking: dropped(why), effort: dropped(why), top_k: dropped(why) }
            }
        }
    }

    /// `additionalModelRequestFields` for `controls` with `max_tokens`; `None` when nothing goes
    /// there. A control the family has no field for is left out (parity lines say so).
    #[must_use]
    pub fn model_fields(self, controls: &Controls, max_tokens: u32) -> Option<Value> {
        let mut fields = Map::new();
        let reasoning = reasoning_effort(controls);
        match self {
            Self::Claude => {
                if let Some(budget) = claude_budget(controls.thinking, max_tokens) {
                    fields.insert("thinking".into(), json!({ "type": "enabled", "budget_tokens": budget }));
                }
                if let Some(effort) = controls.effort {
                    fields.insert("output_config".into(), json!({ "effort": effort.name() }));
                }
            }
            Self::Nova2 => {
                if let Some(effort) = reasoning {
                    let config = json!({ "type": "enabled", "maxReasoningEffort": effort.name() });
                    fields.insert("reasoningConfig".into(), config);
                }
            }
            Self::GptOss => {
                if let Some(effort) = reasoning {
                    fields.insert("reasoning_effort".into(), json!(effort.name()));
                }
            }
            Self::Nova | Self::DeepSeek | Self::Llama | Self::Mistral | Self::Cohere | Self::Unknown => {}
        }
        if let Some(top_k) = controls.top_k {
            match self {
                Self::Claude | Self::Mistral => {
                    fields.insert("top_k".into(), json!(top_k));
                }
                Self::Nova | Self::Nova2 => {
                    fields.insert("inferenceConfig".into(), json!({ "topK": top_k }));
                }
                Self::Cohere => {
                    fields.insert("k".into(), json!(top_k));
                }
                Self::GptOss | Self::DeepSeek | Self::Llama | Self::Unknown => {}
            }
        }
        (!fields.is_empty()).then_some(Value::Object(fields))
    }
}

/// Claude's `budget_tokens`. Adaptive thinking is not confirmed on Bedrock, so it is sent as a
/// budget of half of `max_tokens`, at least Claude's minimum of 1024.
fn claude_budget(thinking: ThinkingMode, max_tokens: u32) -> Option<u32> {
    match thinking {
        ThinkingMode::Off => None,
        ThinkingMode::Budget(budget) => Some(budget),
        ThinkingMode::Adaptive => Some((max_tokens / 2).max(MIN_CLAUDE_BUDGET)),
    }
}

/// The effort to send where a family takes only an effort: the one asked for, else one for the
/// thinking budget (adaptive: medium); `None` when neither is asked for.
fn reasoning_effort(controls: &Controls) -> Option<Effort> {
    controls.effort.or(match controls.thinking {
        ThinkingMode::Off => None,
        ThinkingMode::Adaptive => Some(Effort::Medium),
        ThinkingMode::Budget(budget) if budget >= HIGH_EFFORT_BUDGET => Some(Effort::High),
        ThinkingMode::Budget(budget) if budget >= MEDIUM_EFFORT_BUDGET => Some(Effort::Medium),
        ThinkingMode::Budget(_) => Some(Effort::Low),
    })
}

#[cfg(test)]
mod tests;
