//! The Messages body per control, against the shapes of PROTOCOLS-WAVE2 §2d, §3a, §4 and the
//! Anthropic SDK's params (`thinking`, `output_config`, `top_k`, `cache_control`,
//! `service_tier`, `image`/`document` blocks).

use super::*;
use crate::routes::attachment::{Attachment, AttachmentKind};
use crate::routes::bedrock::INVOKE;
use crate::routes::capabilities::Support;
use crate::routes::controls::{Controls, Effort, ThinkingMode};
use crate::routes::request::{Params, Turn};
use serde_json::{Value, json};

fn request(controls: Controls) -> ChatRequest {
    ChatRequest {
        system: Some("Be brief.".into()),
        turns: vec![Turn::user("Hi"), Turn::assistant("Hello"), Turn::user("A joke?")],
        params: Params { max_tokens: 4096, controls, ..Params::default() },
        thoughts: false,
    }
}

fn body(controls: Controls, capabilities: &Capabilities) -> Value {
    serde_json::to_value(MessagesBody::for_route("claude-x", &request(controls), capabilities)).unwrap()
}

#[test]
fn no_controls_keep_the_plain_body() {
    assert_eq!(
        body(Controls::default(), &MESSAGES),
        json!({
            "model": "claude-x", "max_tokens": 4096, "stream": true, "system": "Be brief.",
            "messages": [
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello"},
                {"role": "user", "content": "A joke?"},
            ],
        })
    );
}

#[test]
fn every_control_in_its_field() {
    let controls = Controls {
        thinking: ThinkingMode::Budget(2048),
        effort: Some(Effort::Low),
        top_k: Some(40),
        cache: true,
        service_tier: Some(ServiceTier::StandardOnly),
        ..Controls::default()
    };
    assert_eq!(
        body(controls, &MESSAGES),
        json!({
            "model": "claude-x", "max_tokens": 4096, "stream": true,
            "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
            "messages": [
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello"},
                {"role": "user", "content": [
                    {"type": "text", "text": "A joke?", "cache_control": {"type": "ephemeral"}}
                ]},
            ],
            "top_k": 40,
            "thinking": {"type": "enabled", "budget_tokens": 2048},
            "output_config": {"effort": "low"},
            "service_tier": "standard_only",
        })
    );
}

#[test]
fn adaptive_thinking_is_sent_where_the_route_has_it_and_a_budget_elsewhere() {
    let adaptive = Controls { thinking: ThinkingMode::Adaptive, ..Controls::default() };
    assert_eq!(body(adaptive.clone(), &MESSAGES)["thinking"], json!({"type": "adaptive"}));
    // Bedrock Invoke takes a budget only: half of max_tokens 4096.
    assert_eq!(body(adaptive, &INVOKE.capabilities)["thinking"], json!({"type": "enabled", "budget_tokens": 2048}));
    assert_eq!(adaptive_fallback_budget(1000), MIN_THINKING_BUDGET);
}

#[test]
fn a_dropped_control_or_a_tier_the_route_does_not_list_is_not_sent() {
    let controls = Controls {
        top_k: Some(5),
        cache: true,
        service_tier: Some(ServiceTier::Auto),
        effort: Some(Effort::High),
        ..Controls::default()
    };
    let dropped = Capabilities {
        top_k: Support::Dropped { why: "test" },
        prompt_cache: Support::Dropped { why: "test" },
        effort: Support::Dropped { why: "test" },
        service_tier: Support::Dropped { why: "test" },
        ..MESSAGES
    };
    let sent = body(controls.clone(), &dropped);
    for key in ["top_k", "output_config", "service_tier"] {
        assert!(sent.get(key).is_none(), "{key} sent: {sent}");
    }
    assert_eq!(sent["system"], "Be brief.");
    // Invoke names Bedrock's tiers (a header): `auto` has no place in its body.
    assert!(body(controls, &INVOKE.capabilities).get("service_tier").is_none());
}

#[test]
fn attachments_go_before_the_text_as_image_and_document_blocks() {
    let mut request = request(Controls { cache: true, ..Controls::default() });
    request.turns[2].attachments = vec![
        Attachment::of_bytes("cat.png", AttachmentKind::Png, b"\x89PNG"),
        Attachment::of_bytes("paper.pdf", AttachmentKind::Pdf, b"%PDF-1.7"),
        Attachment::of_bytes("notes.txt", AttachmentKind::Text, b"line one"),
    ];
    let body = serde_json::to_value(MessagesBody::for_route("m", &request, &MESSAGES)).unwrap();
    assert_eq!(
        body["messages"][2]["content"],
        json!([
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw=="}},
            {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0xLjc="}},
            {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "line one"},
             "title": "notes.txt"},
            {"type": "text", "text": "A joke?", "cache_control": {"type": "ephemeral"}},
        ])
    );
    let no_documents = Capabilities { documents: Support::Dropped { why: "test" }, ..MESSAGES };
    let body = serde_json::to_value(MessagesBody::for_route("m", &request, &no_documents)).unwrap();
    let types: Vec<&str> =
        body["messages"][2]["content"].as_array().unwrap().iter().map(|b| b["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["image", "text"]);
}

#[test]
fn the_body_reads_back_as_sent() {
    let controls = Controls { thinking: ThinkingMode::Budget(1024), top_k: Some(3), ..Controls::default() };
    let sent = MessagesBody::for_route("m", &request(controls), &MESSAGES);
    let read: MessagesBody = serde_json::from_value(serde_json::to_value(&sent).unwrap()).unwrap();
    assert_eq!(read, sent);
    assert_eq!(read.thinking, Some(ThinkingConfig::Enabled { budget_tokens: 1024 }));
}
