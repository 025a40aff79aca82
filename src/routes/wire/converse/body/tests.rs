//! The exact Converse body for each control, against the shapes in PROTOCOLS-WAVE2 §2–4 (BCR
//! `ConverseStreamRequest`, `GuardrailStreamConfiguration`, `ServiceTier`,
//! `PerformanceConfiguration`, `CachePointBlock`, `ImageBlock`, `DocumentBlock`).

use super::*;
use crate::routes::attachment::{Attachment, AttachmentKind};
use crate::routes::controls::{Effort, Guardrail, Latency, ServiceTier, ThinkingMode};
use crate::routes::request::Params;
use std::sync::Arc;

const CLAUDE: &str = "us.anthropic.claude-sonnet-4-20250514-v1:0";
const LLAMA: &str = "meta.llama3-70b-instruct-v1:0";

fn with_controls(controls: Controls) -> ChatRequest {
    ChatRequest { params: Params { controls, ..Params::default() }, ..ChatRequest::single("hi") }
}

#[test]
fn a_full_request() {
    let request = ChatRequest {
        system: Some("Be brief.".into()),
        turns: vec![Turn::user("Hi"), Turn::assistant("Hello"), Turn::user("A joke?")],
        params: Params {
            max_tokens: 300,
            temperature: Some(0.25),
            top_p: Some(0.5),
            stop_sequences: vec!["END".into()],
            ..Params::default()
        },
        thoughts: false,
    };
    assert_eq!(
        converse_body(LLAMA, &request),
        json!({
            "messages": [
                {"role": "user", "content": [{"text": "Hi"}]},
                {"role": "assistant", "content": [{"text": "Hello"}]},
                {"role": "user", "content": [{"text": "A joke?"}]},
            ],
            "system": [{"text": "Be brief."}],
            "inferenceConfig": {"maxTokens": 300, "temperature": 0.25, "topP": 0.5, "stopSequences": ["END"]},
        })
    );
}

#[test]
fn unset_parameters_and_a_blank_system_prompt_are_omitted() {
    let mut request = ChatRequest::single("hi");
    request.system = Some("  ".into());
    assert_eq!(
        converse_body(CLAUDE, &request),
        json!({
            "messages": [{"role": "user", "content": [{"text": "hi"}]}],
            "inferenceConfig": {"maxTokens": 1024},
        })
    );
}

#[test]
fn thinking_and_top_k_go_in_the_familys_fields() {
    let controls = Controls { thinking: ThinkingMode::Budget(2048), top_k: Some(40), ..Controls::default() };
    let body = converse_body(CLAUDE, &with_controls(controls.clone()));
    assert_eq!(
        body["additionalModelRequestFields"],
        json!({"thinking": {"type": "enabled", "budget_tokens": 2048}, "top_k": 40})
    );
    assert_eq!(body["inferenceConfig"], json!({"maxTokens": 1024}), "inferenceConfig has no top_k");
    let llama = converse_body(LLAMA, &with_controls(controls));
    assert!(llama.get("additionalModelRequestFields").is_none(), "{llama}");
    let nova = Controls { effort: Some(Effort::High), ..Controls::default() };
    assert_eq!(
        converse_body("amazon.nova-2-lite-v1:0", &with_controls(nova))["additionalModelRequestFields"],
        json!({"reasoningConfig": {"type": "enabled", "maxReasoningEffort": "high"}})
    );
}

#[test]
fn cache_points_follow_the_system_prompt_and_the_last_user_message() {
    let request = ChatRequest {
        system: Some("Be brief.".into()),
        turns: vec![Turn::user("Hi"), Turn::assistant("Hello"), Turn::user("Again")],
        params: Params { controls: Controls { cache: true, ..Controls::default() }, ..Params::default() },
        thoughts: false,
    };
    let body = converse_body(CLAUDE, &request);
    assert_eq!(body["system"], json!([{"text": "Be brief."}, {"cachePoint": {"type": "default"}}]));
    assert_eq!(
        body["messages"],
        json!([
            {"role": "user", "content": [{"text": "Hi"}]},
            {"role": "assistant", "content": [{"text": "Hello"}]},
            {"role": "user", "content": [{"text": "Again"}, {"cachePoint": {"type": "default"}}]},
        ])
    );
}

#[test]
fn guardrail_tier_latency_and_metadata_have_members_of_their_own() {
    let controls = Controls {
        guardrail: Some(Guardrail { id: "gr1abc".into(), version: "3".into() }),
        service_tier: Some(ServiceTier::Flex),
        latency: Some(Latency::Optimized),
        metadata: [("team".to_owned(), "ml".to_owned()), ("run".to_owned(), "a:1".to_owned())].into(),
        ..Controls::default()
    };
    assert_eq!(
        converse_body(LLAMA, &with_controls(controls)),
        json!({
            "messages": [{"role": "user", "content": [{"text": "hi"}]}],
            "inferenceConfig": {"maxTokens": 1024},
            "guardrailConfig": {
                "guardrailIdentifier": "gr1abc",
                "guardrailVersion": "3",
                "trace": "enabled",
                "streamProcessingMode": "sync",
            },
            "serviceTier": {"type": "flex"},
            "performanceConfig": {"latency": "optimized"},
            "requestMetadata": {"run": "a:1", "team": "ml"},
        })
    );
}

#[test]
fn a_tier_bedrock_does_not_have_is_not_sent() {
    let controls = Controls { service_tier: Some(ServiceTier::StandardOnly), ..Controls::default() };
    assert!(converse_body(LLAMA, &with_controls(controls)).get("serviceTier").is_none());
}

fn attachment(name: &str, kind: AttachmentKind) -> Attachment {
    Attachment {
        name: name.into(),
        kind,
        size: 2,
        sha256: String::new(),
        pixels: None,
        bytes: Some(Arc::from(&b"ab"[..])),
    }
}

#[test]
fn attachments_come_before_the_text_of_their_user_turn() {
    let mut turn = Turn::user("What is this?");
    turn.attachments =
        vec![attachment("cat.jpg", AttachmentKind::Jpeg), attachment("q3_report.pdf", AttachmentKind::Pdf)];
    let mut answer = Turn::assistant("A cat.");
    answer.attachments = vec![attachment("ignored.png", AttachmentKind::Png)];
    let request = ChatRequest { turns: vec![turn, answer], ..ChatRequest::single("") };
    assert_eq!(
        converse_body(CLAUDE, &request)["messages"],
        json!([
            {"role": "user", "content": [
                {"image": {"format": "jpeg", "source": {"bytes": "YWI="}}},
                {"document": {"format": "pdf", "name": "q3-report", "source": {"bytes": "YWI="}}},
                {"text": "What is this?"},
            ]},
            {"role": "assistant", "content": [{"text": "A cat."}]},
        ])
    );
}

#[test]
fn a_document_with_a_blank_prompt_gets_a_neutral_text_and_an_image_none() {
    let mut document = Turn::user("  ");
    document.attachments = vec![attachment("notes.txt", AttachmentKind::Text)];
    let body = converse_body(CLAUDE, &ChatRequest { turns: vec![document], ..ChatRequest::single("") });
    assert_eq!(
        body["messages"][0]["content"],
        json!([
            {"document": {"format": "txt", "name": "notes", "source": {"bytes": "YWI="}}},
            {"text": DOCUMENT_PROMPT},
        ])
    );
    let mut image = Turn::user("");
    image.attachments = vec![attachment("a.webp", AttachmentKind::Webp)];
    let body = converse_body(CLAUDE, &ChatRequest { turns: vec![image], ..ChatRequest::single("") });
    assert_eq!(body["messages"][0]["content"], json!([{"image": {"format": "webp", "source": {"bytes": "YWI="}}}]));
}
