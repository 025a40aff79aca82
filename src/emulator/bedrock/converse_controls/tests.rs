//! Each control read from a Converse body, and each refusal with Bedrock's error shape.

use super::*;
use serde_json::json;

fn controls(body: &Value) -> Result<ConverseControls, AwsError> {
    read(body.as_object().expect("an object"), 4096)
}

fn refusal(body: &Value) -> String {
    format!("{:?}", controls(body).expect_err("refused"))
}

#[test]
fn reads_every_control() {
    let body = json!({
        "additionalModelRequestFields": {"thinking": {"type": "enabled", "budget_tokens": 2048}},
        "guardrailConfig": {"guardrailIdentifier": "gr1", "guardrailVersion": "2", "trace": "enabled",
                            "streamProcessingMode": "sync"},
        "serviceTier": {"type": "flex"},
        "performanceConfig": {"latency": "optimized"},
        "requestMetadata": {"team": "ml ops", "run": "a:1/b@c"},
    });
    assert_eq!(
        controls(&body).expect("valid"),
        ConverseControls {
            thinking: Some(Some(2048)),
            guardrail: Some(("gr1".into(), "2".into())),
            trace: true,
            service_tier: Some("flex".into()),
            latency: Some("optimized".into()),
        }
    );
    assert_eq!(controls(&json!({})).expect("valid"), ConverseControls::default());
}

#[test]
fn thinking_in_each_familys_field() {
    let thinking = |fields: Value| controls(&json!({"additionalModelRequestFields": fields})).expect("valid").thinking;
    assert_eq!(thinking(json!({"thinking": {"type": "adaptive"}})), Some(None));
    assert_eq!(thinking(json!({"thinking": {"type": "disabled"}})), None);
    assert_eq!(thinking(json!({"reasoningConfig": {"type": "enabled", "maxReasoningEffort": "low"}})), Some(None));
    assert_eq!(thinking(json!({"reasoning_effort": "high"})), Some(None));
    assert_eq!(thinking(json!({"top_k": 3})), None);
}

#[test]
fn claudes_budget_rules_come_back_as_model_errors() {
    let small =
        refusal(&json!({"additionalModelRequestFields": {"thinking": {"type": "enabled", "budget_tokens": 100}}}));
    assert!(small.contains("The model returned the following errors: thinking.enabled.budget_tokens"), "{small}");
    let large =
        refusal(&json!({"additionalModelRequestFields": {"thinking": {"type": "enabled", "budget_tokens": 4096}}}));
    assert!(large.contains("`max_tokens` must be greater than `thinking.budget_tokens`"), "{large}");
    let odd = refusal(&json!({"additionalModelRequestFields": {"thinking": {"type": "lots"}}}));
    assert!(odd.contains("does not match the expected tags"), "{odd}");
    for thinking in [json!({"type": "enabled", "budget_tokens": 1024}), json!({"type": "adaptive"})] {
        let with_top_k = refusal(&json!({"additionalModelRequestFields": {"thinking": thinking, "top_k": 5}}));
        assert!(with_top_k.contains("`top_k` must be unset when thinking is enabled"), "{with_top_k}");
    }
}

#[test]
fn guardrail_config_is_checked() {
    let without_version = refusal(&json!({"guardrailConfig": {"guardrailIdentifier": "gr1"}}));
    assert!(without_version.contains("Value 'null' at 'guardrailConfig.guardrailVersion'"), "{without_version}");
    let bad_id = refusal(&json!({"guardrailConfig": {"guardrailIdentifier": "Gr_1", "guardrailVersion": "1"}}));
    assert!(bad_id.contains("Value 'Gr_1' at 'guardrailConfig.guardrailIdentifier'"), "{bad_id}");
    let bad_version = refusal(&json!({"guardrailConfig": {"guardrailIdentifier": "g", "guardrailVersion": "01"}}));
    assert!(bad_version.contains("(([1-9][0-9]{0,7})|(DRAFT))"), "{bad_version}");
    let bad_mode = refusal(&json!({"guardrailConfig": {"guardrailIdentifier": "g", "guardrailVersion": "DRAFT",
        "streamProcessingMode": "ASYNCHRONOUS"}}));
    assert!(bad_mode.contains("guardrailConfig.streamProcessingMode") && bad_mode.contains("[sync, async]"));
    let untraced =
        json!({"guardrailConfig": {"guardrailIdentifier": "g", "guardrailVersion": "DRAFT", "trace": "disabled"}});
    assert!(!controls(&untraced).expect("valid").trace);
}

#[test]
fn tier_and_latency_must_be_known() {
    let tier = refusal(&json!({"serviceTier": {"type": "gold"}}));
    assert!(
        tier.contains("Value 'gold' at 'serviceTier.type'") && tier.contains("[priority, default, flex, reserved]"),
        "{tier}"
    );
    assert!(refusal(&json!({"serviceTier": "flex"})).contains("at 'serviceTier' failed to satisfy constraint"));
    assert!(refusal(&json!({"performanceConfig": {"latency": "fast"}})).contains("[standard, optimized]"));
}

#[test]
fn request_metadata_names_the_bad_key() {
    let key = refusal(&json!({"requestMetadata": {"good": "x", "bad!key": "y"}}));
    assert!(key.contains("Value 'bad!key' at 'requestMetadata'") && key.contains("Map keys"), "{key}");
    let value = refusal(&json!({"requestMetadata": {"team": "ml&ops"}}));
    assert!(value.contains("Map value of key 'team'"), "{value}");
    assert!(refusal(&json!({"requestMetadata": {"team": 7}})).contains("Map value of key 'team'"));
    assert!(refusal(&json!({"requestMetadata": {}})).contains("between 1 and 16"));
    let many: Map<String, Value> = (0..17).map(|n| (format!("k{n}"), json!("v"))).collect();
    assert!(refusal(&json!({"requestMetadata": many})).contains("(it has 17)"));
    let long = refusal(&json!({"requestMetadata": {"k": "v".repeat(257)}}));
    assert!(long.contains("Map value of key 'k'"), "{long}");
    assert!(controls(&json!({"requestMetadata": {"k": ""}})).is_ok(), "an empty value is allowed");
}
