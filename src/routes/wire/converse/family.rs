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
mod tests {
    use super::*;

    #[test]
    fn families_by_provider_prefix_geo_prefix_and_arn() {
        let cases = [
            ("anthropic.claude-sonnet-4-20250514-v1:0", ConverseFamily::Claude),
            ("us.anthropic.claude-3-7-sonnet-20250219-v1:0", ConverseFamily::Claude),
            ("global.anthropic.claude-sonnet-4-5-20250929-v1:0", ConverseFamily::Claude),
            ("us.amazon.nova-2-lite-v1:0", ConverseFamily::Nova2),
            ("amazon.nova-pro-v1:0", ConverseFamily::Nova),
            ("amazon.titan-text-express-v1", ConverseFamily::Unknown),
            ("openai.gpt-oss-120b-1:0", ConverseFamily::GptOss),
            ("us.deepseek.r1-v1:0", ConverseFamily::DeepSeek),
            ("meta.llama3-70b-instruct-v1:0", ConverseFamily::Llama),
            ("us-gov.meta.llama3-8b-instruct-v1:0", ConverseFamily::Llama),
            ("mistral.mistral-large-2402-v1:0", ConverseFamily::Mistral),
            ("cohere.command-r-plus-v1:0", ConverseFamily::Cohere),
            ("arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.meta.llama3-2-3b-instruct-v1:0", {
                ConverseFamily::Llama
            }),
            ("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", {
                ConverseFamily::Claude
            }),
            ("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3", ConverseFamily::Unknown),
            ("", ConverseFamily::Unknown),
        ];
        for (model, family) in cases {
            assert_eq!(ConverseFamily::of(model), family, "{model}");
        }
    }

    fn controls(thinking: ThinkingMode, effort: Option<Effort>, top_k: Option<u32>) -> Controls {
        Controls { thinking, effort, top_k, ..Controls::default() }
    }

    #[test]
    fn claude_takes_thinking_budget_effort_and_top_k() {
        let fields = ConverseFamily::Claude
            .model_fields(&controls(ThinkingMode::Budget(2048), Some(Effort::High), Some(40)), 4096);
        assert_eq!(
            fields,
            Some(json!({
                "thinking": {"type": "enabled", "budget_tokens": 2048},
                "output_config": {"effort": "high"},
                "top_k": 40,
            }))
        );
        let adaptive = ConverseFamily::Claude.model_fields(&controls(ThinkingMode::Adaptive, None, None), 8000);
        assert_eq!(adaptive, Some(json!({"thinking": {"type": "enabled", "budget_tokens": 4000}})));
        let small = ConverseFamily::Claude.model_fields(&controls(ThinkingMode::Adaptive, None, None), 1024);
        assert_eq!(small, Some(json!({"thinking": {"type": "enabled", "budget_tokens": 1024}})));
    }

    #[test]
    fn nova_and_gpt_oss_take_an_effort_for_a_budget() {
        let nova = ConverseFamily::Nova2.model_fields(&controls(ThinkingMode::Budget(8000), None, Some(50)), 1024);
        assert_eq!(
            nova,
            Some(json!({
                "reasoningConfig": {"type": "enabled", "maxReasoningEffort": "medium"},
                "inferenceConfig": {"topK": 50},
            }))
        );
        let gpt = ConverseFamily::GptOss.model_fields(&controls(ThinkingMode::Budget(1024), None, Some(5)), 1024);
        assert_eq!(gpt, Some(json!({"reasoning_effort": "low"})), "gpt-oss has no top_k");
        let asked =
            ConverseFamily::GptOss.model_fields(&controls(ThinkingMode::Budget(32000), Some(Effort::Low), None), 1);
        assert_eq!(asked, Some(json!({"reasoning_effort": "low"})), "an effort asked for wins over the budget");
        let high = ConverseFamily::Nova2.model_fields(&controls(ThinkingMode::Budget(20000), None, None), 1);
        assert_eq!(high, Some(json!({"reasoningConfig": {"type": "enabled", "maxReasoningEffort": "high"}})));
    }

    #[test]
    fn families_without_a_field_get_nothing() {
        let everything = controls(ThinkingMode::Budget(2048), Some(Effort::High), Some(10));
        for family in [ConverseFamily::Llama, ConverseFamily::DeepSeek, ConverseFamily::Unknown] {
            assert_eq!(family.model_fields(&everything, 4096), None, "{family:?}");
            assert!(family.controls().thinking.field().is_none() && family.controls().top_k.field().is_none());
        }
        assert_eq!(
            ConverseFamily::Nova.model_fields(&everything, 4096),
            Some(json!({"inferenceConfig": {"topK": 10}}))
        );
        assert_eq!(ConverseFamily::Cohere.model_fields(&everything, 4096), Some(json!({"k": 10})));
        assert_eq!(ConverseFamily::Mistral.model_fields(&everything, 4096), Some(json!({"top_k": 10})));
        assert_eq!(ConverseFamily::Claude.model_fields(&Controls::default(), 4096), None);
    }

    #[test]
    fn the_table_marks_what_is_unconfirmed() {
        assert!(matches!(ConverseFamily::Claude.controls().effort, Support::Unconfirmed { .. }));
        assert!(matches!(ConverseFamily::Mistral.controls().top_k, Support::Unconfirmed { .. }));
        assert!(matches!(ConverseFamily::Cohere.controls().top_k, Support::Unconfirmed { .. }));
        assert_eq!(ConverseFamily::Llama.controls().top_k, Support::Dropped { why: "Converse for Llama has no top_k" });
    }
}
