//! The family of each kind of model id, and each family's fields for the controls.

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
    let fields =
        ConverseFamily::Claude.model_fields(&controls(ThinkingMode::Budget(2048), Some(Effort::High), Some(40)), 4096);
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
    let asked = ConverseFamily::GptOss.model_fields(&controls(ThinkingMode::Budget(32000), Some(Effort::Low), None), 1);
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
    assert_eq!(ConverseFamily::Nova.model_fields(&everything, 4096), Some(json!({"inferenceConfig": {"topK": 10}})));
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
